// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the checksums of what the translator only edits.  An echo's
 * checksum (nat64_icmp_echo_4to6/6to4(), shared by the datapath and the
 * quotes of ICMP errors) and a quoted TCP or UDP checksum (through
 * nat64_icmp_err_build4/6()) are updated, never recomputed (RFC 1624,
 * RFC 7915 4.5 and 5.5).  On random segments, odd lengths and checksums of
 * 0x0000 and 0xffff included: the segment verifies on the other side to
 * the same folded sum as before, so a wrong checksum stays wrong by the
 * same amount, and a right one equals a full computation bit for bit (up
 * to 0x0000 for 0xffff, both right; UDP never sends 0).
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>

#include "../kunit.h"
#include "../icmp_build.h"

NAT64_KUNIT_IMPORT();

#define ROUNDS		4000
#define MAX_SEG		1501	/* odd: odd lengths come up */

static u32 rnd(u32 *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

static void rnd_bytes(u32 *rng, void *p, size_t n)
{
	u8 *b = p;

	while (n--)
		*b++ = rnd(rng);
}

/* What a segment with its checksum sums to: 0xffff when it is right. */
static u16 fold(__sum16 folded_complement)
{
	return ~(__force u16)folded_complement;
}

static u16 verify4(const void *seg, u32 len)
{
	return fold(csum_fold(csum_partial(seg, len, 0)));
}

static u16 verify6(const struct in6_addr *s, const struct in6_addr *d,
		   u8 proto, const void *seg, u32 len)
{
	return fold(csum_ipv6_magic(s, d, len, proto,
				    csum_partial(seg, len, 0)));
}

static u16 verify_pseudo4(__be32 s, __be32 d, u8 proto, const void *seg,
			  u32 len)
{
	return fold(csum_tcpudp_magic(s, d, len, proto,
				      csum_partial(seg, len, 0)));
}

/* The same sum computed in full: @check is right, or both 0 and 0xffff are. */
static bool as_full(u16 sum_zeroed, __sum16 check)
{
	u16 full = ~sum_zeroed;

	return (__force u16)check == full ||
	       (full == 0 && (__force u16)check == 0xffff) ||
	       (full == 0xffff && !check);
}

struct seg_ctx {
	u32 *rng;
	bool v6;		/* the checksum covers this pseudo-header */
	struct in6_addr s6, d6;
	__be32 s4, d4;
	u8 proto;
};

static u16 seg_sum(const struct seg_ctx *c, const void *seg, u32 len)
{
	if (c->v6)
		return verify6(&c->s6, &c->d6, c->proto, seg, len);
	if (c->proto == IPPROTO_ICMP)
		return verify4(seg, len);
	return verify_pseudo4(c->s4, c->d4, c->proto, seg, len);
}

/*
 * The checksum a round writes into @seg at @off (even): right, 0x0000 or
 * 0xffff on a segment made to sum to -0 (then both are right), 0x0000 or
 * 0xffff anyway, or wrong.  Returns whether it is right.
 */
static bool set_checksum(const struct seg_ctx *c, u8 *seg, u32 len, u32 off)
{
	__sum16 *check = (__sum16 *)(seg + off);
	u32 kind = rnd(c->rng);
	u16 full;

	*check = 0;
	switch (kind % 6) {
	case 0:
	case 1:
		*check = (__force __sum16)~seg_sum(c, seg, len);
		return true;
	case 2:		/* data made to sum so the right checksum is 0 */
	case 3:
		if (len < off + 4)
			break;
		check[1] = 0;
		check[1] = (__force __sum16)~seg_sum(c, seg, len);
		*check = kind % 6 == 2 ? 0 : CSUM_MANGLED_0;
		return true;
	case 4:		/* right only by chance */
		*check = kind & 0x100 ? 0 : CSUM_MANGLED_0;
		return seg_sum(c, seg, len) == 0xffff;
	}
	full = ~seg_sum(c, seg, len);
	*check = (__force __sum16)(u16)(full + 1 + rnd(c->rng) % 0xfffe);
	return false;
}

static void rnd_ctx(struct seg_ctx *c, u8 proto, bool v6)
{
	c->v6 = v6;
	c->proto = proto;
	rnd_bytes(c->rng, &c->s6, sizeof(c->s6));
	rnd_bytes(c->rng, &c->d6, sizeof(c->d6));
	c->s4 = (__force __be32)rnd(c->rng);
	c->d4 = (__force __be32)rnd(c->rng);
}

/* One echo across: 4 -> 6 when @to6. Returns what went wrong, or NULL. */
static const char *echo_round(struct seg_ctx *c, u8 *msg, bool to6)
{
	u32 len = 8 + rnd(c->rng) % (MAX_SEG - 8);
	u8 type = rnd(c->rng), code = rnd(c->rng);
	__be16 id = (__force __be16)rnd(c->rng);
	u16 before, after;
	bool right;

	rnd_ctx(c, to6 ? IPPROTO_ICMP : IPPROTO_ICMPV6, !to6);
	rnd_bytes(c->rng, msg, len);
	right = set_checksum(c, msg, len, 2);
	before = seg_sum(c, msg, len);
	if (to6)
		nat64_icmp_echo_4to6((struct icmphdr *)msg, type, code, id,
				     &c->s6, &c->d6, len);
	else
		nat64_icmp_echo_6to4((struct icmp6hdr *)msg, type, code, id,
				     &c->s6, &c->d6, len);
	c->v6 = to6;
	c->proto = to6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	after = seg_sum(c, msg, len);
	if (after != before)
		return "verifies to another sum after";
	if (right != (before == 0xffff))
		return "misjudged";
	if (msg[0] != type || msg[1] != code || memcmp(msg + 4, &id, 2))
		return "type, code or identifier not written";
	if (right) {
		__sum16 check = *(__sum16 *)(msg + 2);

		*(__sum16 *)(msg + 2) = 0;
		if (!as_full(seg_sum(c, msg, len), check))
			return "differs from the full computation";
	}
	return NULL;
}

static void echo_random(struct kunit *test, bool to6)
{
	u8 *msg = kunit_kzalloc(test, MAX_SEG, GFP_KERNEL);
	u32 rng = to6 ? 0x2545f491 : 0x9e3779b9;
	struct seg_ctx c = { .rng = &rng };
	const char *why;
	unsigned int i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, msg);
	for (i = 0; i < ROUNDS; i++) {
		why = echo_round(&c, msg, to6);
		KUNIT_EXPECT_FALSE_MSG(test, why, "round %u: %s", i, why);
		if (why)
			return;
	}
}

/* ICMPv4 -> ICMPv6 incremental == full, bad stays bad (random). */
static void echo_4to6_random(struct kunit *test)
{
	echo_random(test, true);
}

/* ICMPv6 -> ICMPv4 incremental == full, bad stays bad (random). */
static void echo_6to4_random(struct kunit *test)
{
	echo_random(test, false);
}

/* The packet in, the translation out. */
struct l4_bufs {
	u8 in[1600];
	u8 out[1280];
};

/*
 * An error quoting all of the @len-byte segment at @seg (its checksum
 * set by the round), translated to the other family; the translated
 * segment at *@tseg.  Returns 0 if the error was not translated.
 */
static u32 quote_6to4(struct l4_bufs *b, const struct seg_ctx *c,
		      const u8 *seg, u32 len,
		      const struct nat64_icmp_rewrite *rw, u8 **tseg)
{
	struct ipv6hdr *ip6 = (struct ipv6hdr *)b->in;
	struct icmp6hdr *ic6 = (struct icmp6hdr *)(ip6 + 1);
	struct ipv6hdr *q = (struct ipv6hdr *)(ic6 + 1);
	enum nat64_icmp_err_verdict v;
	struct nat64_icmp_quote quote;
	struct nat64_v6_info info;

	memset(b->in, 0, 88);
	ip6_flow_hdr(ip6, 0, 0);
	ip6->payload_len = htons(8 + 40 + len);
	ip6->nexthdr = IPPROTO_ICMPV6;
	ip6->hop_limit = 64;
	ic6->icmp6_type = ICMPV6_DEST_UNREACH;
	ic6->icmp6_code = ICMPV6_PORT_UNREACH;
	ip6_flow_hdr(q, 0, 0);
	q->payload_len = htons(len);
	q->nexthdr = c->proto;
	q->hop_limit = 61;
	q->saddr = c->s6;
	q->daddr = c->d6;
	memcpy(q + 1, seg, len);
	*tseg = b->out + 20 + 8 + 20;
	if (nat64_v6_walk(ip6, 88 + len, &info) != NAT64_XLAT_OK ||
	    nat64_icmp_err_parse6(ip6, 88 + len, &info, &quote))
		return 0;
	return nat64_icmp_err_build4(ip6, &info, &quote, rw,
				     (struct iphdr *)b->out, &v);
}

static u32 quote_4to6(struct l4_bufs *b, const struct seg_ctx *c,
		      const u8 *seg, u32 len,
		      const struct nat64_icmp_rewrite *rw, u8 **tseg)
{
	struct iphdr *iph = (struct iphdr *)b->in;
	struct icmphdr *ic = (struct icmphdr *)(iph + 1);
	struct iphdr *q = (struct iphdr *)(ic + 1);
	enum nat64_icmp_err_verdict v;
	struct nat64_icmp_quote quote;
	struct nat64_v4_info info;

	memset(b->in, 0, 48);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(48 + len);
	iph->ttl = 64;
	iph->protocol = IPPROTO_ICMP;
	ic->type = ICMP_DEST_UNREACH;
	ic->code = ICMP_PORT_UNREACH;
	q->version = 4;
	q->ihl = 5;
	q->tot_len = htons(20 + len);
	q->ttl = 61;
	q->protocol = c->proto;
	q->saddr = c->s4;
	q->daddr = c->d4;
	memcpy(q + 1, seg, len);
	*tseg = b->out + 40 + 8 + 40;
	if (nat64_v4_check(iph, 48 + len, 48 + len, &info) != NAT64_XLAT_OK ||
	    nat64_icmp_err_parse4(iph, 48 + len, &info, &quote))
		return 0;
	return nat64_icmp_err_build6(iph, &info, &quote, rw,
				     (struct ipv6hdr *)b->out, &v);
}

/* What the translated segment @t must be, given the one it came from. */
static const char *l4_judge(struct seg_ctx *c, const u8 *seg, u8 *t, u32 len,
			    u32 off, u16 before, bool right)
{
	__sum16 *check = (__sum16 *)(t + off), was = *(__sum16 *)(seg + off);
	u16 after = seg_sum(c, t, len);

	/*
	 * Choice (icmp_build.c): a quoted UDP checksum of 0 stays 0; from
	 * IPv4 it means none, from IPv6 it is not valid anyway.
	 */
	if (c->proto == IPPROTO_UDP && !was)
		return *check ? "UDP checksum 0 was changed" : NULL;
	if (c->proto == IPPROTO_UDP && !*check)
		return "UDP checksum 0 sent";
	if (after != before)
		return "verifies to another sum after";
	if (right != (before == 0xffff))
		return "misjudged";
	if (right) {
		__sum16 sent = *check;

		*check = 0;
		if (!as_full(seg_sum(c, t, len), sent))
			return "differs from the full computation";
	}
	return NULL;
}

/* One TCP or UDP segment quoted across: 4 -> 6 when @to6. */
static const char *l4_round(struct seg_ctx *c, struct l4_bufs *b, u8 *seg,
			    bool to6)
{
	u8 proto = rnd(c->rng) & 1 ? IPPROTO_UDP : IPPROTO_TCP;
	u32 off = proto == IPPROTO_UDP ? offsetof(struct udphdr, check) :
					 offsetof(struct tcphdr, check);
	/* The whole segment fits a 576-byte ICMPv4 error (20 + 8 + 20). */
	u32 len = off + 2 + rnd(c->rng) % (528 - off - 2);
	struct nat64_icmp_rewrite rw = {};
	u16 before;
	bool right;
	u8 *t;

	rnd_ctx(c, proto, !to6);
	rnd_bytes(c->rng, seg, len);
	right = set_checksum(c, seg, len, off);
	before = seg_sum(c, seg, len);
	rw.isrc6 = c->d6;		/* the new pseudo-header */
	rw.idst6 = c->s6;
	rw.isrc4 = c->d4;
	rw.idst4 = c->s4;
	rw.isport = (__force __be16)rnd(c->rng);
	rw.idport = (__force __be16)rnd(c->rng);
	rw.id = 1;
	if (!(to6 ? quote_4to6(b, c, seg, len, &rw, &t) :
		    quote_6to4(b, c, seg, len, &rw, &t)))
		return "error not translated";
	c->v6 = to6;
	if (to6) {
		c->s6 = rw.isrc6;
		c->d6 = rw.idst6;
	} else {
		c->s4 = rw.isrc4;
		c->d4 = rw.idst4;
	}
	if (memcmp(t, &rw.isport, 2) || memcmp(t + 2, &rw.idport, 2))
		return "ports not written";
	return l4_judge(c, seg, t, len, off, before, right);
}

static void l4_random(struct kunit *test, bool to6)
{
	struct l4_bufs *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	u8 *seg = kunit_kzalloc(test, MAX_SEG, GFP_KERNEL);
	u32 rng = to6 ? 0x2545f491 : 0x9e3779b9;
	struct seg_ctx c = { .rng = &rng };
	const char *why;
	unsigned int i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, seg);
	for (i = 0; i < ROUNDS; i++) {
		why = l4_round(&c, b, seg, to6);
		KUNIT_EXPECT_FALSE_MSG(test, why, "round %u: %s", i, why);
		if (why)
			return;
	}
}

/* Quoted TCP/UDP 6->4: incremental == full, bad stays bad (random). */
static void quoted_l4_6to4_random(struct kunit *test)
{
	l4_random(test, false);
}

/* Quoted TCP/UDP 4->6: incremental == full, bad stays bad (random). */
static void quoted_l4_4to6_random(struct kunit *test)
{
	l4_random(test, true);
}

/*
 * A right UDP checksum whose update comes to 0 leaves as 0xffff (RFC 768,
 * RFC 8200 8.1): the data are chosen so that the translated datagram,
 * checksum field zeroed, sums to -0.  @to6: a quote from IPv4.
 */
static void quoted_udp_never_zero(struct kunit *test, bool to6)
{
	struct l4_bufs *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	u8 *seg = kunit_kzalloc(test, MAX_SEG, GFP_KERNEL);
	u32 rng = 0x5eed, len = 12 + rnd(&rng) % 100;
	struct seg_ctx c = { .rng = &rng }, to = { .rng = &rng };
	struct udphdr *uh = (struct udphdr *)seg;
	struct nat64_icmp_rewrite rw = {};
	__sum16 *word = (__sum16 *)(uh + 1);
	u8 *t;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, seg);
	rnd_ctx(&c, IPPROTO_UDP, !to6);
	rnd_ctx(&to, IPPROTO_UDP, to6);
	rnd_bytes(&rng, seg, len);
	rw.isrc6 = to.s6;
	rw.idst6 = to.d6;
	rw.isrc4 = to.s4;
	rw.idst4 = to.d4;
	rw.isport = htons(5555);
	rw.idport = htons(53);
	/* The translated datagram's sum, the first data word set to match. */
	uh->source = rw.isport;
	uh->dest = rw.idport;
	uh->check = 0;
	*word = 0;
	*word = (__force __sum16)~seg_sum(&to, seg, len);
	/* Back to the datagram as sent, its checksum right. */
	uh->source = htons(1234);
	uh->dest = htons(80);
	uh->check = (__force __sum16)~seg_sum(&c, seg, len);
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
	KUNIT_ASSERT_NE(test, to6 ? quote_4to6(b, &c, seg, len, &rw, &t) :
				    quote_6to4(b, &c, seg, len, &rw, &t), 0U);
	KUNIT_EXPECT_TRUE(test, ((struct udphdr *)t)->check == CSUM_MANGLED_0);
	KUNIT_EXPECT_EQ(test, seg_sum(&to, t, len), 0xffff);
}

static void quoted_udp_never_zero_4to6(struct kunit *test)
{
	quoted_udp_never_zero(test, true);
}

static void quoted_udp_never_zero_6to4(struct kunit *test)
{
	quoted_udp_never_zero(test, false);
}

/*
 * RFC 1624 section 4: HC 0xdd2f, m 0x5555 -> 0x3285 gives 0x0000, where
 * the older form of the update (RFC 1141) leaves 0xffff.  Every update of
 * a checksum the translator does not compute goes through this equation.
 */
static void rfc1624_example(struct kunit *test)
{
	__sum16 hc = (__force __sum16)htons(0xdd2f);

	csum_replace2(&hc, htons(0x5555), htons(0x3285));
	KUNIT_EXPECT_EQ(test, ntohs((__force __be16)hc), 0x0000);
}

/*
 * RFC 7915 4.5: an IPv4 UDP datagram without checksum gets a full IPv6
 * one, the way xlat46.c computes it.  fe80::1 -> fe80::2, ports 1 -> 2,
 * length 9, data 0xab; by hand: fe80 * 2 + 1 + 2 + 9 (length) + 17 + 1 +
 * 2 + 9 + 0xab00 = 0x2a829 -> 0xa82b; complement 0x57d4.
 */
static void udp_zero_from_ipv4(struct kunit *test)
{
	static const struct in6_addr s = {
		.s6_addr = { 0xfe, 0x80, [15] = 1 },
	};
	static const struct in6_addr d = {
		.s6_addr = { 0xfe, 0x80, [15] = 2 },
	};
	u8 udp[9] = { 0, 1, 0, 2, 0, 9, 0, 0, 0xab };
	__sum16 c;

	c = csum_ipv6_magic(&s, &d, sizeof(udp), IPPROTO_UDP,
			    csum_partial(udp, sizeof(udp), 0));
	if (!c)
		c = CSUM_MANGLED_0;
	KUNIT_EXPECT_EQ(test, ntohs((__force __be16)c), 0x57d4);
	memcpy(udp + 6, &c, 2);
	KUNIT_EXPECT_EQ(test, verify6(&s, &d, IPPROTO_UDP, udp, sizeof(udp)),
			0xffff);
}

static struct kunit_case csum_cases[] = {
	KUNIT_CASE(rfc1624_example),
	KUNIT_CASE(udp_zero_from_ipv4),
	KUNIT_CASE(echo_4to6_random),
	KUNIT_CASE(echo_6to4_random),
	KUNIT_CASE(quoted_l4_6to4_random),
	KUNIT_CASE(quoted_l4_4to6_random),
	KUNIT_CASE(quoted_udp_never_zero_4to6),
	KUNIT_CASE(quoted_udp_never_zero_6to4),
	{}
};

static struct kunit_suite csum_suite = {
	.name = "nat64_csum",
	.test_cases = csum_cases,
};

kunit_test_suites(&csum_suite);
