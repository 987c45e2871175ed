// SPDX-License-Identifier: GPL-2.0
/*
 * Checksum arithmetic: the RFC 1071 and RFC 1624 worked examples, then every
 * incremental helper checked against a full recomputation on random
 * segments (odd lengths, checksums of 0x0000 and 0xffff, wrong checksums
 * that must stay wrong by the same amount).
 */
#include <stdlib.h>
#include "csum_adj.h"
#include "unit.h"

#define ROUNDS		4000
#define MAX_SEG		1501	/* odd: odd lengths come up */

static u32 rng_state = 0x2545f491;

static u32 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void rnd_bytes(u8 *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = rnd() & 0xff;
}

static u16 get16(const u8 *p)
{
	return (u16)((p[0] << 8) | p[1]);
}

static void put16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* Independent reference: plain 32-bit sum, folded at the end. */
static u16 ref_sum(const u8 *p, size_t n)
{
	unsigned long long acc = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		acc += (p[i] << 8) | p[i + 1];
	if (n & 1)
		acc += p[n - 1] << 8;
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (u16)acc;
}

/* The same over an IPv4 pseudo-header (RFC 768) and @n bytes at @p. */
static u16 ref_sum4(__be32 s, __be32 d, u8 proto, const u8 *p, size_t n)
{
	static u8 buf[12 + 65536];

	memcpy(buf, &s, 4);
	memcpy(buf + 4, &d, 4);
	buf[8] = 0;
	buf[9] = proto;
	put16(buf + 10, (u16)n);
	memcpy(buf + 12, p, n);
	return ref_sum(buf, 12 + n);
}

static void check_examples(void)
{
	/* RFC 1071 section 3 example: sum 0xddf2. */
	static const u8 rfc1071[] = { 0x00, 0x01, 0xf2, 0x03,
				      0xf4, 0xf5, 0xf6, 0xf7 };
	static const u8 ones[] = { 0xff, 0xff, 0xff, 0xff };
	static const u8 odd[] = { 0x12, 0x34, 0x56 };
	u16 hc;

	unit_check(nat64_csum_add(0, rfc1071, 8) == 0xddf2,
		   "csum_adj: RFC 1071 example sums to 0xddf2", "got %#x",
		   nat64_csum_add(0, rfc1071, 8));
	unit_check(nat64_csum_add(0, odd, 3) == 0x1234 + 0x5600,
		   "csum_adj: odd trailing byte padded with zero", "got %#x",
		   nat64_csum_add(0, odd, 3));
	unit_check(nat64_csum_add(0, ones, 4) == 0xffff &&
		   nat64_csum_add(0, ones, 0) == 0 &&
		   nat64_csum_add(0xffff, ones, 2) == 0xffff,
		   "csum_adj: end-around carry", "0xffff+0xffff=%#x",
		   nat64_csum_add(0, ones, 4));
	/* RFC 1624 section 4: HC 0xdd2f, m 0x5555 -> 0x3285 gives 0x0000. */
	hc = nat64_csum_replace16(0xdd2f, 0x5555, 0x3285);
	unit_check(hc == 0x0000, "csum_adj: RFC 1624 eqn 3 example gives 0x0000",
		   "got %#x", hc);
	unit_check(nat64_csum_udp(0) == 0xffff && nat64_csum_udp(0x1234) ==
		   0x1234 && nat64_csum_udp(0xffff) == 0xffff,
		   "csum_adj: UDP sends 0 as 0xffff", "udp(0)=%#x",
		   nat64_csum_udp(0));
}

static void rnd_addr6(struct in6_addr *a)
{
	rnd_bytes(a->s6_addr, 16);
}

static __be32 rnd_addr4(void)
{
	__be32 a;
	u32 r = rnd();

	memcpy(&a, &r, 4);
	return a;
}

/*
 * The checksum a round writes into its segment: right (from the full
 * computation), 0x0000 or 0xffff on a segment made to sum to -0 (then both
 * are right), or wrong.  Returns whether it is right.
 */
static bool set_checksum(u8 *seg, u32 len, u32 csoff, u16 full,
			 u32 kind, u16 (*fullfn)(const u8 *, u32, void *),
			 void *ctx)
{
	switch (kind % 6) {
	case 0:
	case 1:
		put16(seg + csoff, full);
		return true;
	case 2:		/* data made to sum so the right checksum is 0 */
	case 3:
		if (len < csoff + 4)
			break;
		put16(seg + csoff, 0);
		put16(seg + csoff + 2, 0);
		put16(seg + csoff + 2, fullfn(seg, len, ctx));
		/* Now the data sum to 0xffff: 0x0000 and 0xffff both right. */
		put16(seg + csoff, kind % 6 == 2 ? 0x0000 : 0xffff);
		return true;
	case 4:
		put16(seg + csoff, kind & 0x100 ? 0x0000 : 0xffff);
		return false;
	}
	put16(seg + csoff, (u16)(full + 1 + rnd() % 0xfffe));
	return false;
}

struct ctx6 {
	struct in6_addr s6, d6;
	__be32 s4, d4;
	u8 proto;
};

static u16 full6_fn(const u8 *seg, u32 len, void *c)
{
	struct ctx6 *x = c;

	return nat64_csum_full6(&x->s6, &x->d6, x->proto, seg, len);
}

static u16 full4_fn(const u8 *seg, u32 len, void *c)
{
	struct ctx6 *x = c;

	return (u16)~ref_sum4(x->s4, x->d4, x->proto, seg, len);
}

static u16 icmp4_fn(const u8 *seg, u32 len, void *c)
{
	(void)c;
	return nat64_csum_icmp4(seg, (u16)len);
}

static u16 icmp6_fn(const u8 *seg, u32 len, void *c)
{
	struct ctx6 *x = c;

	return nat64_csum_full6(&x->s6, &x->d6, 58, seg, len);
}

/*
 * TCP/UDP both ways: addresses replaced through the pseudo-header, a port
 * (bytes 0-1) rewritten.  Afterwards the segment verifies on the other side
 * to the same folded sum as before (0xffff: right), and a right checksum
 * equals the full recomputation bit for bit (UDP: up to 0 -> 0xffff).
 */
static void check_l4(bool to4)
{
	static u8 seg[MAX_SEG], zeroed[MAX_SEG];
	unsigned int i, bad = 0, mismatch = 0, wrongfull = 0, zeros = 0;
	char why[160] = "";

	for (i = 0; i < ROUNDS; i++) {
		struct ctx6 x;
		bool udp = rnd() & 1, right;
		u32 csoff = udp ? 6 : 16;
		u32 len = csoff + 2 + rnd() % (MAX_SEG - csoff - 2);
		u16 before, after, check, full, port;

		rnd_addr6(&x.s6);
		rnd_addr6(&x.d6);
		x.s4 = rnd_addr4();
		x.d4 = rnd_addr4();
		x.proto = udp ? 17 : 6;
		rnd_bytes(seg, len);
		put16(seg + csoff, 0);
		if (to4) {
			full = full6_fn(seg, len, &x);
			right = set_checksum(seg, len, csoff, full, rnd(),
					     full6_fn, &x);
			before = nat64_csum_verify6(&x.s6, &x.d6, x.proto,
						    seg, len);
		} else {
			full = full4_fn(seg, len, &x);
			right = set_checksum(seg, len, csoff, full, rnd(),
					     full4_fn, &x);
			/* IPv4 UDP checksum 0 means none: not adjustable. */
			if (udp && get16(seg + csoff) == 0)
				put16(seg + csoff, 0xffff);
			before = ref_sum4(x.s4, x.d4, x.proto, seg, len);
		}
		zeros += get16(seg + csoff) == 0 || get16(seg + csoff) == 0xffff;
		check = get16(seg + csoff);
		check = to4 ? nat64_csum_6to4(check, &x.s6, &x.d6, x.s4, x.d4)
			    : nat64_csum_4to6(check, x.s4, x.d4, &x.s6, &x.d6);
		port = (u16)rnd();
		check = nat64_csum_replace16(check, get16(seg), port);
		put16(seg, port);
		if (udp)
			check = nat64_csum_udp(check);
		put16(seg + csoff, check);
		after = to4 ? ref_sum4(x.s4, x.d4, x.proto, seg, len)
			    : nat64_csum_verify6(&x.s6, &x.d6, x.proto, seg,
						 len);
		if (after != before) {
			mismatch++;
			snprintf(why, sizeof(why),
				 "len %u: verify %#x before, %#x after", len,
				 before, after);
		}
		if (right != (before == 0xffff))
			bad++;
		if (right) {
			memcpy(zeroed, seg, len);
			put16(zeroed + csoff, 0);
			full = to4 ? full4_fn(zeroed, len, &x)
				   : full6_fn(zeroed, len, &x);
			if (udp)
				full = nat64_csum_udp(full);
			if (full != check && !(full == 0 && check == 0xffff) &&
			    !(full == 0xffff && check == 0)) {
				wrongfull++;
				snprintf(why, sizeof(why),
					 "len %u: incremental %#x, full %#x",
					 len, check, full);
			}
		}
	}
	unit_check(!mismatch && !bad && !wrongfull && zeros > ROUNDS / 10,
		   to4 ? "csum_adj: TCP/UDP 6->4 incremental == full, bad stays bad (random)"
		       : "csum_adj: TCP/UDP 4->6 incremental == full, bad stays bad (random)",
		   "%u mismatches, %u misjudged, %u differ from full, %u edge "
		   "checksums; %s", mismatch, bad, wrongfull, zeros, why);
}

/*
 * ICMP both ways: the pseudo-header is added or removed, the type/code word
 * (bytes 0-1) and the rest-of-header (bytes 4-7) rewritten.
 */
static void check_icmp(bool to6)
{
	static u8 msg[MAX_SEG], zeroed[MAX_SEG];
	unsigned int i, mismatch = 0, wrongfull = 0;
	char why[160] = "";

	for (i = 0; i < ROUNDS; i++) {
		struct ctx6 x;
		u32 len = 8 + rnd() % (MAX_SEG - 8);
		u16 before, after, check, full;
		u8 rest[4];
		bool right;

		rnd_addr6(&x.s6);
		rnd_addr6(&x.d6);
		x.proto = 58;
		rnd_bytes(msg, len);
		put16(msg + 2, 0);
		if (to6) {
			full = icmp4_fn(msg, len, NULL);
			right = set_checksum(msg, len, 2, full, rnd(),
					     icmp4_fn, NULL);
			before = nat64_csum_verify_icmp4(msg, (u16)len);
		} else {
			full = icmp6_fn(msg, len, &x);
			right = set_checksum(msg, len, 2, full, rnd(),
					     icmp6_fn, &x);
			before = nat64_csum_verify6(&x.s6, &x.d6, 58, msg, len);
		}
		check = get16(msg + 2);
		check = to6 ? nat64_csum_icmp_4to6(check, &x.s6, &x.d6, len)
			    : nat64_csum_icmp_6to4(check, &x.s6, &x.d6, len);
		check = nat64_csum_replace16(check, get16(msg), (u16)rnd());
		put16(msg, (u16)rng_state);
		rnd_bytes(rest, 4);
		check = nat64_csum_replace16(check, get16(msg + 4),
					     get16(rest));
		check = nat64_csum_replace16(check, get16(msg + 6),
					     get16(rest + 2));
		memcpy(msg + 4, rest, 4);
		put16(msg + 2, check);
		after = to6 ? nat64_csum_verify6(&x.s6, &x.d6, 58, msg, len)
			    : nat64_csum_verify_icmp4(msg, (u16)len);
		if (after != before) {
			mismatch++;
			snprintf(why, sizeof(why),
				 "len %u: verify %#x before, %#x after", len,
				 before, after);
		}
		if (right) {
			memcpy(zeroed, msg, len);
			put16(zeroed + 2, 0);
			full = to6 ? icmp6_fn(zeroed, len, &x)
				   : icmp4_fn(zeroed, len, NULL);
			if (full != check && !(full == 0 && check == 0xffff) &&
			    !(full == 0xffff && check == 0)) {
				wrongfull++;
				snprintf(why, sizeof(why),
					 "len %u: incremental %#x, full %#x",
					 len, check, full);
			}
		}
	}
	unit_check(!mismatch && !wrongfull,
		   to6 ? "csum_adj: ICMPv4->ICMPv6 incremental == full, bad stays bad (random)"
		       : "csum_adj: ICMPv6->ICMPv4 incremental == full, bad stays bad (random)",
		   "%u mismatches, %u differ from full; %s", mismatch,
		   wrongfull, why);
}

/* nat64_csum_add() against an independent sum, on every length 0..3000. */
static void check_sum_lengths(void)
{
	static u8 buf[70000];
	unsigned int n, bad = 0;

	rnd_bytes(buf, 3001);
	for (n = 0; n <= 3000; n++)
		if (nat64_csum_add(0, buf, n) != ref_sum(buf, n))
			bad++;
	/* Long all-0xff input: the accumulator folds on the way. */
	memset(buf, 0xff, sizeof(buf));
	if (nat64_csum_add(0, buf, sizeof(buf)) != 0xffff)
		bad++;
	/* A start value carried in: 0x1234 + 0xff00 folds to 0x1135. */
	if (ref_sum(buf, 65535) != 0xff00 ||
	    nat64_csum_add(0x1234, buf, 65535) != 0x1135)
		bad++;
	unit_check(!bad, "csum_adj: sum equals reference on lengths 0-3000 and 64K",
		   "%u wrong", bad);
}

/* A UDP datagram from IPv4 without checksum gets a full IPv6 one. */
static void check_udp_zero(void)
{
	/* fe80::1 -> fe80::2, ports 1 -> 2, length 9, data 0xab. */
	struct in6_addr s = { { { 0xfe, 0x80, [15] = 1 } } };
	struct in6_addr d = { { { 0xfe, 0x80, [15] = 2 } } };
	u8 udp[9] = { 0, 1, 0, 2, 0, 9, 0, 0, 0xab };
	u16 c = nat64_csum_udp(nat64_csum_full6(&s, &d, 17, udp, 9));

	/*
	 * By hand: fe80*2 + 1 + 2 + 9 (len) + 17 + 1 + 2 + 9 + 0xab00
	 * = 0x1fd00 + 0xab29 = 0x2a829 -> 0xa82b; complement 0x57d4.
	 */
	put16(udp + 6, c);
	unit_check(c == 0x57d4 && nat64_csum_verify6(&s, &d, 17, udp, 9) ==
		   0xffff, "csum_adj: UDP checksum 0 from IPv4 computed for IPv6",
		   "got %#x", c);
}

int main(void)
{
	check_examples();
	check_sum_lengths();
	check_udp_zero();
	check_l4(true);
	check_l4(false);
	check_icmp(true);
	check_icmp(false);
	return unit_failed ? 1 : 0;
}
