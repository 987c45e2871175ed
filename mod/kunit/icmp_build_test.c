// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: ICMP error translation (icmp_build.c) with exact packets.  An
 * error is built the way a router would send it, translated, and the
 * result checked field by field.  Every checksum of the result is
 * verified, and the quoted transport checksum, updated incrementally, is
 * compared with one computed from scratch over the translated quote.
 * Then random damage through the parsers and builders: each reads a copy
 * allocated to the exact length it is given (KASAN on the debug kernel).
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <net/ip.h>

#include "../kunit.h"
#include "../icmp_build.h"

NAT64_KUNIT_IMPORT();

#define FUZZ_ROUNDS	100000

/* X' 2001:db8::5, Y' = 64:ff9b::198.51.100.7, R6 2001:db8:1::1 */
static const struct in6_addr X6 = {
	.s6_addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 5 },
};
static const struct in6_addr Y6 = {
	.s6_addr = { 0, 0x64, 0xff, 0x9b, [12] = 198, 51, 100, 7 },
};
static const struct in6_addr R6 = {
	.s6_addr = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 1 },
};
/* pool6 embedding of R = 203.0.113.9 */
static const struct in6_addr R46 = {
	.s6_addr = { 0, 0x64, 0xff, 0x9b, [12] = 203, 0, 113, 9 },
};

#define T4	htonl(0xc0000201)	/* 192.0.2.1 */
#define Z4	htonl(0xc6336407)	/* 198.51.100.7 */
#define R4	htonl(0xcb007109)	/* 203.0.113.9 */

/* The packet in, the translation out, and a reference to compare with. */
struct bufs {
	u8 in[4096];
	u8 out[1280];
	u8 ref[4096];
};

static struct bufs *bufs_of(struct kunit *test)
{
	return test->priv;
}

static u16 get16(const u8 *p)
{
	return p[0] << 8 | p[1];
}

static u32 get32(const u8 *p)
{
	return (u32)get16(p) << 16 | get16(p + 2);
}

static void put16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* IPv4 header of @tot bytes, proto @p, TTL @ttl; checksum set. */
static void ip4(u8 *b, u16 tot, u8 p, u8 ttl, __be32 s, __be32 d)
{
	struct iphdr *iph = (struct iphdr *)b;

	memset(iph, 0, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->tos = 0x20;
	iph->tot_len = htons(tot);
	iph->id = htons(0x4242);
	iph->frag_off = htons(IP_DF);
	iph->ttl = ttl;
	iph->protocol = p;
	iph->saddr = s;
	iph->daddr = d;
	ip_send_check(iph);
}

static void ip6(u8 *b, u16 plen, u8 nh, u8 hl, const struct in6_addr *s,
		const struct in6_addr *d)
{
	struct ipv6hdr *ip6 = (struct ipv6hdr *)b;

	memset(ip6, 0, sizeof(*ip6));
	ip6_flow_hdr(ip6, 0x20, 0);	/* traffic class 0x20 */
	ip6->payload_len = htons(plen);
	ip6->nexthdr = nh;
	ip6->hop_limit = hl;
	ip6->saddr = *s;
	ip6->daddr = *d;
}

/* UDP segment of @len bytes with a correct checksum for IPv4 or IPv6. */
static struct udphdr *udp(u8 *b, u16 len, u16 sp, u16 dp)
{
	struct udphdr *uh = (struct udphdr *)b;
	u16 i;

	uh->source = htons(sp);
	uh->dest = htons(dp);
	uh->len = htons(len);
	uh->check = 0;
	for (i = 8; i < len; i++)
		b[i] = (u8)(i * 7);
	return uh;
}

static void udp4(u8 *b, u16 len, u16 sp, u16 dp, __be32 s, __be32 d)
{
	struct udphdr *uh = udp(b, len, sp, dp);

	uh->check = csum_tcpudp_magic(s, d, len, IPPROTO_UDP,
				      csum_partial(b, len, 0));
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
}

static void udp6(u8 *b, u16 len, u16 sp, u16 dp, const struct in6_addr *s,
		 const struct in6_addr *d)
{
	struct udphdr *uh = udp(b, len, sp, dp);

	uh->check = csum_ipv6_magic(s, d, len, IPPROTO_UDP,
				    csum_partial(b, len, 0));
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
}

static __sum16 icmp4_csum(const void *msg, u32 len)
{
	return csum_fold(csum_partial(msg, len, 0));
}

static __sum16 icmp6_csum(const struct in6_addr *s, const struct in6_addr *d,
			  const void *msg, u32 len)
{
	return csum_ipv6_magic(s, d, len, IPPROTO_ICMPV6,
			       csum_partial(msg, len, 0));
}

/* A message whose checksum field is right sums to zero with it. */
static bool icmp4_ok(const void *msg, u32 len)
{
	return !icmp4_csum(msg, len);
}

static bool icmp6_ok(const struct in6_addr *s, const struct in6_addr *d,
		     const void *msg, u32 len)
{
	return !icmp6_csum(s, d, msg, len);
}

static bool ip4_ok(const u8 *b)
{
	return !ip_fast_csum(b, 5);
}

/*
 * An ICMPv4 error from R to T, type/code @t/@c, bytes 4-7 @rest, quoting
 * an IPv4 UDP datagram T:1234 -> Z:53 of @ulen UDP bytes, of which @quote
 * bytes (IP header included) are copied.  Returns the packet length.
 */
static u32 err4_udp(struct bufs *x, u8 t, u8 c, u32 rest, u16 ulen,
		    u32 quote, u8 ttl)
{
	struct icmphdr *ic = (struct icmphdr *)(x->in + 20);
	u32 tot = 20 + 8 + quote;

	ip4(x->ref, 20 + ulen, 17, 63, T4, Z4);
	udp4(x->ref + 20, ulen, 1234, 53, T4, Z4);
	memcpy(ic + 1, x->ref, quote);
	ic->type = t;
	ic->code = c;
	ic->checksum = 0;
	ic->un.gateway = htonl(rest);
	ic->checksum = icmp4_csum(ic, 8 + quote);
	ip4(x->in, tot, 1, ttl, R4, T4);
	return tot;
}

/* The state's answer for T:1234 -> Z:53: X':5555 -> Y':53. */
static void rw_4to6(struct nat64_icmp_rewrite *rw)
{
	memset(rw, 0, sizeof(*rw));
	rw->saddr6 = R46;
	rw->daddr6 = X6;
	rw->isrc6 = X6;
	rw->idst6 = Y6;
	rw->isport = htons(5555);
	rw->idport = htons(53);
	rw->cfg.lowest_ipv6_mtu = 1280;
}

/* Check, parse and build the @len bytes of x->in, as icmp_translate.c. */
static u32 xlat46(struct bufs *x, u32 len, struct nat64_icmp_quote *q,
		  const struct nat64_icmp_rewrite *rw,
		  enum nat64_icmp_err_verdict *v)
{
	struct iphdr *b = kmalloc(len, GFP_KERNEL);
	struct nat64_v4_info i;
	u32 n = 0;

	*v = NAT64_ICMP_ERR_MALFORMED;
	if (!b)
		return 0;
	memcpy(b, x->in, len);
	nat64_v4_check(b, len, len, &i);
	*v = nat64_icmp_err_parse4(b, len, &i, q);
	if (*v == NAT64_ICMP_ERR_OK)
		n = nat64_icmp_err_build6(b, &i, q, rw,
					  (struct ipv6hdr *)x->out, v);
	kfree(b);
	return n;
}

static void xlat46_port_unreach(struct kunit *test)
{
	struct bufs *x = bufs_of(test);
	u8 *out = x->out, *icmp = out + 40, *iq = icmp + 8;
	struct nat64_icmp_rewrite rw;
	enum nat64_icmp_err_verdict v;
	struct nat64_icmp_quote q;
	u32 len, n;

	/* Whole datagram quoted: 20 + 8 + 12 bytes. */
	len = err4_udp(x, 3, 3, 0, 20, 40, 64);
	rw_4to6(&rw);
	n = xlat46(x, len, &q, &rw, &v);
	/* The parse finds the quoted UDP tuple. */
	KUNIT_EXPECT_EQ(test, v, NAT64_ICMP_ERR_OK);
	KUNIT_EXPECT_EQ(test, q.proto, 17);
	KUNIT_EXPECT_TRUE(test, q.src4 == T4);
	KUNIT_EXPECT_TRUE(test, q.dst4 == Z4);
	KUNIT_EXPECT_EQ(test, ntohs(q.sport), 1234);
	KUNIT_EXPECT_EQ(test, ntohs(q.dport), 53);
	KUNIT_EXPECT_EQ(test, n, 40U + 8 + 40 + 20);
	/* Outer header R' -> X', hop limit 63. */
	KUNIT_EXPECT_EQ(test, out[0] >> 4, 6);
	KUNIT_EXPECT_EQ(test, out[6], 58);
	KUNIT_EXPECT_EQ(test, out[7], 63);
	KUNIT_EXPECT_EQ(test, get16(out + 4), 8 + 60);
	KUNIT_EXPECT_EQ(test, memcmp(out + 8, &R46, 16), 0);
	KUNIT_EXPECT_EQ(test, memcmp(out + 24, &X6, 16), 0);
	/* 3/3 -> 1/4, and the ICMPv6 checksum. */
	KUNIT_EXPECT_EQ(test, icmp[0], 1);
	KUNIT_EXPECT_EQ(test, icmp[1], 4);
	KUNIT_EXPECT_EQ(test, get32(icmp + 4), 0U);
	KUNIT_EXPECT_TRUE(test, icmp6_ok(&R46, &X6, icmp, n - 40));
	/* Quote header X' -> Y', hop limit kept 63. */
	KUNIT_EXPECT_EQ(test, iq[0], 0x62);
	KUNIT_EXPECT_EQ(test, get16(iq + 4), 20);
	KUNIT_EXPECT_EQ(test, iq[6], 17);
	KUNIT_EXPECT_EQ(test, iq[7], 63);
	KUNIT_EXPECT_EQ(test, memcmp(iq + 8, &X6, 16), 0);
	KUNIT_EXPECT_EQ(test, memcmp(iq + 24, &Y6, 16), 0);
	/* Quoted UDP ports mapped, checksum as if computed. */
	udp6(x->ref, 20, 5555, 53, &X6, &Y6);
	KUNIT_EXPECT_EQ(test, memcmp(iq + 40, x->ref, 20), 0);

	/* Outer TTL 1: the translator is a hop. */
	len = err4_udp(x, 3, 3, 0, 20, 40, 1);
	n = xlat46(x, len, &q, &rw, &v);
	KUNIT_EXPECT_EQ(test, n, 0U);
	KUNIT_EXPECT_EQ(test, v, NAT64_ICMP_ERR_TTL);
}

static void xlat46_types(struct kunit *test)
{
	struct bufs *x = bufs_of(test);
	u8 *icmp = x->out + 40;
	struct nat64_icmp_rewrite rw;
	enum nat64_icmp_err_verdict v;
	struct nat64_icmp_quote q;
	u32 len, n;

	rw_4to6(&rw);
	/* Fragmentation Needed, MTU 1400: the caller's MTU goes out. */
	len = err4_udp(x, 3, 4, 1400, 20, 40, 64);
	xlat46(x, len, &q, &rw, &v);
	KUNIT_EXPECT_EQ(test, v, NAT64_ICMP_ERR_OK);
	KUNIT_EXPECT_EQ(test, q.verdict, NAT64_ICMP_ERROR_PTB);
	KUNIT_EXPECT_EQ(test, q.value, 1400U);
	KUNIT_EXPECT_EQ(test, q.tot_len, 40);
	/* nat64_icmp_mtu_4to6(1400, 40, 0, 0), checked by test_icmp_map. */
	rw.mtu = 1420;
	n = xlat46(x, len, &q, &rw, &v);
	KUNIT_EXPECT_NE(test, n, 0U);
	KUNIT_EXPECT_EQ(test, icmp[0], 2);
	KUNIT_EXPECT_EQ(test, icmp[1], 0);
	KUNIT_EXPECT_EQ(test, get32(icmp + 4), 1420U);

	/* Parameter Problem pointing at the protocol (9) -> next header (6). */
	len = err4_udp(x, 12, 0, 9u << 24, 20, 40, 64);
	n = xlat46(x, len, &q, &rw, &v);
	KUNIT_EXPECT_NE(test, n, 0U);
	KUNIT_EXPECT_EQ(test, icmp[0], 4);
	KUNIT_EXPECT_EQ(test, icmp[1], 0);
	KUNIT_EXPECT_EQ(test, get32(icmp + 4), 6U);
	/* ... at the Identification: no IPv6 field, dropped. */
	len = err4_udp(x, 12, 0, 4u << 24, 20, 40, 64);
	n = xlat46(x, len, &q, &rw, &v);
	KUNIT_EXPECT_EQ(test, n, 0U);
	KUNIT_EXPECT_EQ(test, v, NAT64_ICMP_ERR_TYPE);

	/* Protocol Unreachable -> Parameter Problem 4/1 pointer 6. */
	len = err4_udp(x, 3, 2, 0, 20, 40, 64);
	n = xlat46(x, len, &q, &rw, &v);
	KUNIT_EXPECT_NE(test, n, 0U);
	KUNIT_EXPECT_EQ(test, icmp[0], 4);
	KUNIT_EXPECT_EQ(test, icmp[1], 1);
	KUNIT_EXPECT_EQ(test, get32(icmp + 4), 6U);

	/* Time Exceeded 11/1 -> 3/1; Source Quench dropped. */
	len = err4_udp(x, 11, 1, 0, 20, 40, 64);
	n = xlat46(x, len, &q, &rw, &v);
	KUNIT_EXPECT_NE(test, n, 0U);
	KUNIT_EXPECT_EQ(test, icmp[0], 3);
	KUNIT_EXPECT_EQ(test, icmp[1], 1);
	len = err4_udp(x, 4, 0, 0, 20, 40, 64);
	n = xlat46(x, len, &q, &rw, &v);
	KUNIT_EXPECT_EQ(test, n, 0U);
	KUNIT_EXPECT_EQ(test, v, NAT64_ICMP_ERR_TYPE);
}

/* What the quote may not be: an error, a protocol without state, cut. */
static void xlat46_bad_quotes(struct kunit *test)
{
	struct bufs *x = bufs_of(test);
	struct nat64_icmp_rewrite rw;
	enum nat64_icmp_err_verdict v;
	struct nat64_icmp_quote q;
	u32 len, n;

	rw_4to6(&rw);
	/* An error about an error: the quote is ICMPv4 3/3. */
	len = err4_udp(x, 3, 3, 0, 20, 40, 64);
	x->in[28 + 9] = 1;
	x->in[28 + 20] = 3;
	n = xlat46(x, len, &q, &rw, &v);
	KUNIT_EXPECT_EQ(test, n, 0U);
	KUNIT_EXPECT_EQ(test, v, NAT64_ICMP_ERR_TYPE);
	/* A quote of a protocol without state (GRE). */
	x->in[28 + 9] = 47;
	n = xlat46(x, len, &q, &rw, &v);
	KUNIT_EXPECT_EQ(test, n, 0U);
	KUNIT_EXPECT_EQ(test, v, NAT64_ICMP_ERR_PROTO);
	/* Quote cut inside the IPv4 header. */
	len = err4_udp(x, 3, 3, 0, 20, 12, 64);
	n = xlat46(x, len, &q, &rw, &v);
	KUNIT_EXPECT_EQ(test, n, 0U);
	KUNIT_EXPECT_EQ(test, v, NAT64_ICMP_ERR_MALFORMED);
}

/* A quoted echo request T -> Z, identifier 0x0777, and its translation. */
static void xlat46_quoted_echo(struct kunit *test)
{
	struct bufs *x = bufs_of(test);
	u8 *in = x->in, *ref = x->ref, *iq = x->out + 48, *e = in + 48;
	struct nat64_icmp_rewrite rw;
	enum nat64_icmp_err_verdict v;
	struct nat64_icmp_quote q;
	u32 len, n, i;

	len = err4_udp(x, 11, 0, 0, 20, 40, 64);
	in[28 + 9] = 1;
	ip_send_check((struct iphdr *)(in + 28));
	memset(e, 0, 20);
	e[0] = 8;
	put16(e + 4, 0x0777);
	put16(e + 6, 3);
	for (i = 8; i < 20; i++)
		e[i] = (u8)i;
	((struct icmphdr *)e)->checksum = icmp4_csum(e, 20);
	((struct icmphdr *)(in + 20))->checksum = 0;
	((struct icmphdr *)(in + 20))->checksum = icmp4_csum(in + 20, len - 20);
	rw_4to6(&rw);
	rw.isport = htons(0x4321);
	rw.idport = rw.isport;
	n = xlat46(x, len, &q, &rw, &v);
	/* The identifier stands for both ports. */
	KUNIT_EXPECT_EQ(test, v, NAT64_ICMP_ERR_OK);
	KUNIT_EXPECT_EQ(test, q.proto, 1);
	KUNIT_EXPECT_EQ(test, ntohs(q.sport), 0x0777);
	KUNIT_EXPECT_TRUE(test, q.dport == q.sport);
	/* ICMPv6 128, identifier and checksum as if computed. */
	memset(ref, 0, 20);
	ref[0] = 128;
	put16(ref + 4, 0x4321);
	put16(ref + 6, 3);
	for (i = 8; i < 20; i++)
		ref[i] = (u8)i;
	((struct icmp6hdr *)ref)->icmp6_cksum = icmp6_csum(&X6, &Y6, ref, 20);
	KUNIT_EXPECT_NE(test, n, 0U);
	KUNIT_EXPECT_EQ(test, iq[6], 58);
	KUNIT_EXPECT_EQ(test, memcmp(iq + 40, ref, 20), 0);
}

/* Truncation to 1280 and RFC 4884 lengths, 4 -> 6. */
static void xlat46_sizes(struct kunit *test)
{
	struct bufs *x = bufs_of(test);
	u8 *in = x->in, *icmp = x->out + 40;
	struct nat64_icmp_rewrite rw;
	enum nat64_icmp_err_verdict v;
	struct nat64_icmp_quote q;
	u32 len, n, i;

	rw_4to6(&rw);
	len = err4_udp(x, 3, 3, 0, 1472, 1500, 64);
	n = xlat46(x, len, &q, &rw, &v);
	/* A 1500-byte quote cut to a 1280-byte error ... */
	KUNIT_EXPECT_EQ(test, n, 1280U);
	KUNIT_EXPECT_EQ(test, get16(x->out + 4), 1240);
	KUNIT_EXPECT_TRUE(test, icmp6_ok(&R46, &X6, icmp, n - 40));
	/* ... whose quote keeps its full payload length. */
	KUNIT_EXPECT_EQ(test, get16(icmp + 8 + 4), 1472);

	/*
	 * Time Exceeded with RFC 4884 extensions: a 60-byte datagram padded
	 * to 128 bytes (length 32 words), then a 12-byte extension.
	 */
	len = err4_udp(x, 11, 0, 0, 40, 128, 64);
	memset(in + 28 + 60, 0, 68);
	for (i = 0; i < 12; i++)
		in[28 + 128 + i] = (u8)(0xa0 + i);
	in[28 + 5] = 32;
	len += 12;
	in[20 + 5] = 32;
	put16(in + 2, (u16)len);
	ip_send_check((struct iphdr *)in);
	((struct icmphdr *)(in + 20))->checksum = 0;
	((struct icmphdr *)(in + 20))->checksum = icmp4_csum(in + 20, len - 20);
	n = xlat46(x, len, &q, &rw, &v);
	/* The split: 60 quoted, 12 of extensions. */
	KUNIT_EXPECT_EQ(test, v, NAT64_ICMP_ERR_OK);
	KUNIT_EXPECT_EQ(test, q.ext_len, 12U);
	KUNIT_EXPECT_EQ(test, q.q_len, 60U);
	/* 80 translated bytes padded to 128 = 16 words of 8. */
	KUNIT_EXPECT_EQ(test, n, 40U + 8 + 128 + 12);
	KUNIT_EXPECT_EQ(test, icmp[4], 16);
	KUNIT_EXPECT_EQ(test, memcmp(icmp + 8 + 128, in + 28 + 128, 12), 0);
	KUNIT_EXPECT_EQ(test, icmp[8 + 80], 0);
	KUNIT_EXPECT_EQ(test, icmp[8 + 127], 0);
}

/* An ICMPv6 error from @src to Y' quoting Y':53 -> X':5555 UDP. */
static u32 err6_udp(struct bufs *x, u8 t, u8 c, u32 rest, u16 ulen,
		    u32 quote, u8 hl, const struct in6_addr *src)
{
	struct icmp6hdr *ic6 = (struct icmp6hdr *)(x->in + 40);

	ip6(x->ref, ulen, 17, 61, &Y6, &X6);
	udp6(x->ref + 40, ulen, 53, 5555, &Y6, &X6);
	memcpy(ic6 + 1, x->ref, quote);
	ic6->icmp6_type = t;
	ic6->icmp6_code = c;
	ic6->icmp6_cksum = 0;
	ic6->icmp6_mtu = htonl(rest);
	ic6->icmp6_cksum = icmp6_csum(src, &Y6, ic6, 8 + quote);
	ip6(x->in, (u16)(8 + quote), 58, hl, src, &Y6);
	return 40 + 8 + quote;
}

static void rw_6to4(struct nat64_icmp_rewrite *rw)
{
	memset(rw, 0, sizeof(*rw));
	rw->saddr4 = T4;
	rw->daddr4 = Z4;
	rw->isrc4 = Z4;
	rw->idst4 = T4;
	rw->isport = htons(53);
	rw->idport = htons(1234);
	rw->id = 0xbeef;
	rw->cfg.lowest_ipv6_mtu = 1280;
}

static u32 xlat64(struct bufs *x, u32 len, struct nat64_icmp_quote *q,
		  const struct nat64_icmp_rewrite *rw,
		  enum nat64_icmp_err_verdict *v)
{
	struct ipv6hdr *b = kmalloc(len, GFP_KERNEL);
	struct nat64_v6_info i;
	u32 n = 0;

	*v = NAT64_ICMP_ERR_MALFORMED;
	if (!b)
		return 0;
	memcpy(b, x->in, len);
	nat64_v6_walk(b, len, &i);
	*v = nat64_icmp_err_parse6(b, len, &i, q);
	if (*v == NAT64_ICMP_ERR_OK)
		n = nat64_icmp_err_build4(b, &i, q, rw,
					  (struct iphdr *)x->out, v);
	kfree(b);
	return n;
}

static void xlat64_port_unreach(struct kunit *test)
{
	struct bufs *x = bufs_of(test);
	u8 *out = x->out, *icmp = out + 20, *iq = icmp + 8;
	struct nat64_icmp_rewrite rw;
	enum nat64_icmp_err_verdict v;
	struct nat64_icmp_quote q;
	u32 len, n;

	rw_6to4(&rw);
	len = err6_udp(x, 1, 4, 0, 20, 60, 64, &X6);
	n = xlat64(x, len, &q, &rw, &v);
	/* The parse finds the quoted UDP tuple. */
	KUNIT_EXPECT_EQ(test, v, NAT64_ICMP_ERR_OK);
	KUNIT_EXPECT_EQ(test, memcmp(&q.src6, &Y6, 16), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&q.dst6, &X6, 16), 0);
	KUNIT_EXPECT_EQ(test, ntohs(q.sport), 53);
	KUNIT_EXPECT_EQ(test, ntohs(q.dport), 5555);
	/* Outer header T -> Z, TTL 63, checksum. */
	KUNIT_EXPECT_EQ(test, n, 20U + 8 + 40);
	KUNIT_EXPECT_EQ(test, out[0], 0x45);
	KUNIT_EXPECT_EQ(test, out[8], 63);
	KUNIT_EXPECT_EQ(test, out[9], 1);
	KUNIT_EXPECT_EQ(test, get16(out + 2), 68);
	KUNIT_EXPECT_EQ(test, get16(out + 4), 0xbeef);
	KUNIT_EXPECT_EQ(test, memcmp(out + 12, &rw.saddr4, 4), 0);
	KUNIT_EXPECT_EQ(test, memcmp(out + 16, &rw.daddr4, 4), 0);
	KUNIT_EXPECT_TRUE(test, ip4_ok(out));
	/* 1/4 -> 3/3, ICMPv4 checksum. */
	KUNIT_EXPECT_EQ(test, icmp[0], 3);
	KUNIT_EXPECT_EQ(test, icmp[1], 3);
	KUNIT_EXPECT_TRUE(test, icmp4_ok(icmp, n - 20));
	/* Quote header Z -> T, TTL kept, checksum. */
	KUNIT_EXPECT_EQ(test, iq[8], 61);
	KUNIT_EXPECT_EQ(test, iq[9], 17);
	KUNIT_EXPECT_EQ(test, get16(iq + 2), 40);
	KUNIT_EXPECT_EQ(test, memcmp(iq + 12, &rw.isrc4, 4), 0);
	KUNIT_EXPECT_EQ(test, memcmp(iq + 16, &rw.idst4, 4), 0);
	KUNIT_EXPECT_TRUE(test, ip4_ok(iq));
	/* Quoted UDP ports mapped, checksum as if computed. */
	udp4(x->ref, 20, 53, 1234, Z4, T4);
	KUNIT_EXPECT_EQ(test, memcmp(iq + 20, x->ref, 20), 0);
}

static void xlat64_types(struct kunit *test)
{
	struct bufs *x = bufs_of(test);
	u8 *icmp = x->out + 20;
	struct nat64_icmp_rewrite rw;
	enum nat64_icmp_err_verdict v;
	struct nat64_icmp_quote q;
	u32 len, n;

	rw_6to4(&rw);
	/* Packet Too Big 1400 with the caller's MTU. */
	len = err6_udp(x, 2, 0, 1400, 20, 60, 64, &R6);
	xlat64(x, len, &q, &rw, &v);
	KUNIT_EXPECT_EQ(test, v, NAT64_ICMP_ERR_OK);
	KUNIT_EXPECT_EQ(test, q.verdict, NAT64_ICMP_ERROR_PTB);
	KUNIT_EXPECT_EQ(test, q.value, 1400U);
	/* nat64_icmp_mtu_6to4(1400, false, 0, 0), checked by test_icmp_map. */
	rw.mtu = 1380;
	n = xlat64(x, len, &q, &rw, &v);
	KUNIT_EXPECT_NE(test, n, 0U);
	KUNIT_EXPECT_EQ(test, icmp[0], 3);
	KUNIT_EXPECT_EQ(test, icmp[1], 4);
	KUNIT_EXPECT_EQ(test, get16(icmp + 6), 1380);
	/* Parameter Problem pointers: 7 -> 8; 2 (flow label) dropped. */
	len = err6_udp(x, 4, 0, 7, 20, 60, 64, &R6);
	n = xlat64(x, len, &q, &rw, &v);
	KUNIT_EXPECT_NE(test, n, 0U);
	KUNIT_EXPECT_EQ(test, icmp[0], 12);
	KUNIT_EXPECT_EQ(test, icmp[1], 0);
	KUNIT_EXPECT_EQ(test, icmp[4], 8);
	len = err6_udp(x, 4, 0, 2, 20, 60, 64, &R6);
	n = xlat64(x, len, &q, &rw, &v);
	KUNIT_EXPECT_EQ(test, n, 0U);
	KUNIT_EXPECT_EQ(test, v, NAT64_ICMP_ERR_TYPE);
	/* 1/5 dropped. */
	len = err6_udp(x, 1, 5, 0, 20, 60, 64, &R6);
	n = xlat64(x, len, &q, &rw, &v);
	KUNIT_EXPECT_EQ(test, n, 0U);
	KUNIT_EXPECT_EQ(test, v, NAT64_ICMP_ERR_TYPE);
	/* Hop limit 1 on the error itself. */
	len = err6_udp(x, 3, 0, 0, 20, 60, 1, &R6);
	n = xlat64(x, len, &q, &rw, &v);
	KUNIT_EXPECT_EQ(test, n, 0U);
	KUNIT_EXPECT_EQ(test, v, NAT64_ICMP_ERR_TTL);
}

/* Truncation to 576 and RFC 4884 lengths, 6 -> 4. */
static void xlat64_sizes(struct kunit *test)
{
	struct bufs *x = bufs_of(test);
	u8 *in = x->in, *out = x->out, *icmp = out + 20, *iq = icmp + 8;
	struct nat64_icmp_rewrite rw;
	enum nat64_icmp_err_verdict v;
	struct nat64_icmp_quote q;
	u32 len, n;

	rw_6to4(&rw);
	/* A 1232-byte quote cut to a 576-byte error. */
	len = err6_udp(x, 3, 0, 0, 1232, 1232, 64, &R6);
	n = xlat64(x, len, &q, &rw, &v);
	KUNIT_EXPECT_EQ(test, n, 576U);
	KUNIT_EXPECT_EQ(test, get16(out + 2), 576);
	KUNIT_EXPECT_EQ(test, get16(iq + 2), 1252);
	KUNIT_EXPECT_TRUE(test, icmp4_ok(icmp, 556));

	/* RFC 4884: 128-byte field (16 words of 8) + 16 bytes extension. */
	err6_udp(x, 3, 0, 0, 20, 60, 64, &R6);
	memset(in + 48 + 60, 0, 68);
	memset(in + 48 + 128, 0x5a, 16);
	in[44] = 16;
	len = 48 + 128 + 16;
	put16(in + 4, 8 + 128 + 16);
	((struct icmp6hdr *)(in + 40))->icmp6_cksum = 0;
	((struct icmp6hdr *)(in + 40))->icmp6_cksum =
		icmp6_csum(&R6, &Y6, in + 40, len - 40);
	n = xlat64(x, len, &q, &rw, &v);
	/* 20 + 20 translated quote bytes padded to 128 = 32 words of 4. */
	KUNIT_EXPECT_EQ(test, v, NAT64_ICMP_ERR_OK);
	KUNIT_EXPECT_EQ(test, n, 20U + 8 + 128 + 16);
	KUNIT_EXPECT_EQ(test, icmp[5], 32);
	KUNIT_EXPECT_EQ(test, icmp[8 + 40], 0);
	KUNIT_EXPECT_EQ(test, icmp[8 + 128], 0x5a);
	KUNIT_EXPECT_EQ(test, icmp[8 + 143], 0x5a);
}

static bool may4(const u8 *b, u32 len)
{
	return nat64_icmp4_may_answer((const struct iphdr *)b, len);
}

static bool may6(const u8 *b, u32 len)
{
	return nat64_icmp6_may_answer((const struct ipv6hdr *)b, len);
}

/* ICMPv4: UDP answered, ICMP errors not, echo yes, fragments not. */
static void originate4(struct kunit *test)
{
	struct bufs *x = bufs_of(test);
	u8 *in = x->in, *ref = x->ref, *out = x->out;
	struct icmphdr *ic = (struct icmphdr *)out;
	u32 n;

	err4_udp(x, 3, 3, 0, 1472, 1500, 64);
	KUNIT_EXPECT_TRUE_MSG(test, may4(ref, 1492), "IPv4 UDP");
	KUNIT_EXPECT_FALSE_MSG(test, may4(in, 1500), "an ICMPv4 error");
	in[20] = 8;
	KUNIT_EXPECT_TRUE_MSG(test, may4(in, 1500), "an ICMPv4 echo");
	ref[7] = 1;
	KUNIT_EXPECT_FALSE_MSG(test, may4(ref, 1492), "a later fragment");
	ref[7] = 0;
	ref[12] = 224;
	KUNIT_EXPECT_FALSE_MSG(test, may4(ref, 1492), "a multicast source");
	ref[12] = 192;

	/* Time Exceeded quotes 548 bytes, 576 in all. */
	n = nat64_icmp4_build_error(11, 0, 0, (struct iphdr *)ref, 1492, ic);
	KUNIT_EXPECT_EQ(test, n, 556U);
	KUNIT_EXPECT_EQ(test, out[0], 11);
	KUNIT_EXPECT_EQ(test, memcmp(out + 8, ref, 548), 0);
	KUNIT_EXPECT_TRUE(test, icmp4_ok(out, 556));
	/* Fragmentation Needed carries its MTU. */
	n = nat64_icmp4_build_error(3, 4, 1260, (struct iphdr *)ref, 40, ic);
	KUNIT_EXPECT_EQ(test, n, 48U);
	KUNIT_EXPECT_EQ(test, get16(out + 6), 1260);
	KUNIT_EXPECT_EQ(test, get16(out + 4), 0);
}

/* ICMPv6: routing header with segments left, error, redirect. */
static void originate6(struct kunit *test)
{
	static const struct in6_addr me = {
		.s6_addr = { 0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = 1 },
	};
	struct bufs *x = bufs_of(test);
	u8 *ref = x->ref, *out = x->out;
	struct icmp6hdr *ic6 = (struct icmp6hdr *)out;
	u32 n;

	ip6(ref, 24 + 8, 43, 64, &X6, &Y6);
	ref[40] = 17;
	ref[41] = 2;
	ref[43] = 1;
	KUNIT_EXPECT_TRUE_MSG(test, may6(ref, 72),
			      "a routing header with SL 1");
	/* Parameter Problem pointer 43, checksum. */
	n = nat64_icmp6_build_error(4, 0, 43, (struct ipv6hdr *)ref, 72, &me,
				    &X6, ic6);
	KUNIT_EXPECT_EQ(test, n, 80U);
	KUNIT_EXPECT_EQ(test, get32(out + 4), 43U);
	KUNIT_EXPECT_TRUE(test, icmp6_ok(&me, &X6, out, n));
	ref[40] = 58;
	ref[64] = 1;
	KUNIT_EXPECT_FALSE_MSG(test, may6(ref, 72),
			       "an ICMPv6 error behind a RH");
	ref[64] = 137;
	KUNIT_EXPECT_FALSE_MSG(test, may6(ref, 72), "a redirect");
	ref[64] = 128;
	KUNIT_EXPECT_TRUE_MSG(test, may6(ref, 72), "an echo request");
	memset(ref + 8, 0, 16);
	KUNIT_EXPECT_FALSE_MSG(test, may6(ref, 72), "the unspecified source");
	/* An ICMPv6 error quotes 1232 bytes, 1280 in all. */
	err6_udp(x, 3, 0, 0, 1232, 1232, 64, &R6);
	n = nat64_icmp6_build_error(3, 0, 0, (struct ipv6hdr *)x->in, 1280,
				    &me, &X6, ic6);
	KUNIT_EXPECT_EQ(test, n, 1240U);
	KUNIT_EXPECT_EQ(test, memcmp(out + 8, x->in, 1232), 0);
}

static u32 rnd(u32 *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

/* Translates the damaged error at @b, as icmp_translate.c would. */
static bool fuzz_one(struct bufs *x, const u8 *b, u32 len, bool v4)
{
	struct nat64_icmp_rewrite rw;
	enum nat64_icmp_err_verdict v;
	struct nat64_icmp_quote q;
	struct nat64_v4_info i4;
	struct nat64_v6_info i6;

	if (v4) {
		rw_4to6(&rw);
		rw.mtu = 1280;
		return nat64_v4_check((const struct iphdr *)b, len, len,
				      &i4) == NAT64_XLAT_OK &&
		       b[9] == IPPROTO_ICMP &&
		       !nat64_icmp_err_parse4((const struct iphdr *)b, len,
					      &i4, &q) &&
		       nat64_icmp_err_build6((const struct iphdr *)b, &i4, &q,
					     &rw, (struct ipv6hdr *)x->out,
					     &v);
	}
	rw_6to4(&rw);
	return nat64_v6_walk((const struct ipv6hdr *)b, len, &i6) ==
	       NAT64_XLAT_OK && i6.proto == IPPROTO_ICMPV6 &&
	       i6.l4_off + i6.l4_len <= len &&
	       !nat64_icmp_err_parse6((const struct ipv6hdr *)b, len, &i6,
				      &q) &&
	       nat64_icmp_err_build4((const struct ipv6hdr *)b, &i6, &q, &rw,
				     (struct iphdr *)x->out, &v);
}

/* Damaged errors through every entry point, each in bounds (KASAN). */
static void fuzzed_errors(struct kunit *test)
{
	struct bufs *x = bufs_of(test);
	u32 i, j, len, ok = 0, rng = 7, rest, at;
	u8 *b, code;

	for (i = 0; i < FUZZ_ROUNDS; i++) {
		len = rnd(&rng) % 700;
		b = kmalloc(len ? len : 1, GFP_KERNEL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
		/* Start from a valid error and damage it. */
		code = rnd(&rng) % ((i & 1) ? 16 : 5);
		rest = rnd(&rng);
		if (i & 1)
			err4_udp(x, 3, code, rest, 40, 60, 64);
		else
			err6_udp(x, 1, code, rest, 40, 80, 64, &R6);
		for (j = 0; j < 8; j++) {
			at = rnd(&rng) % 700;
			x->in[at] = rnd(&rng);
		}
		memcpy(b, x->in, len);
		ok += fuzz_one(x, b, len, i & 1);
		may4(b, len);
		may6(b, len);
		kfree(b);
	}
	KUNIT_EXPECT_GT_MSG(test, ok, 0U, "none translated");
}

static int icmp_build_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct bufs), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static struct kunit_case icmp_build_cases[] = {
	KUNIT_CASE(xlat46_port_unreach),
	KUNIT_CASE(xlat46_types),
	KUNIT_CASE(xlat46_bad_quotes),
	KUNIT_CASE(xlat46_quoted_echo),
	KUNIT_CASE(xlat46_sizes),
	KUNIT_CASE(xlat64_port_unreach),
	KUNIT_CASE(xlat64_types),
	KUNIT_CASE(xlat64_sizes),
	KUNIT_CASE(originate4),
	KUNIT_CASE(originate6),
	KUNIT_CASE(fuzzed_errors),
	{}
};

static struct kunit_suite icmp_build_suite = {
	.name = "nat64_icmp_build",
	.init = icmp_build_init,
	.test_cases = icmp_build_cases,
};

kunit_test_suites(&icmp_build_suite);
