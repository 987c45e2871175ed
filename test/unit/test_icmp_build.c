// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP error translation (mod/icmp_build.c) with exact packets: an error
 * is built the way a router would send it, translated, and the result
 * checked field by field.  Every checksum of the result is verified, and
 * the quoted transport checksum, adjusted incrementally, is compared with
 * one computed from scratch over the translated quote.  Then random
 * garbage through the parsers and builders under ASan.
 */
#include <stdlib.h>
#include "icmp_build.h"
#include "csum_adj.h"
#include "unit.h"

#define FUZZ_ROUNDS	100000

/* X' 2001:db8::5, Y' = 64:ff9b::198.51.100.7, R6 2001:db8:1::1 */
static struct in6_addr X6 = { { { 0x20, 0x01, 0x0d, 0xb8, [15] = 5 } } };
static struct in6_addr Y6 = { { { 0, 0x64, 0xff, 0x9b, [12] = 198, 51, 100, 7 } } };
static struct in6_addr R6 = { { { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 1 } } };
/* pool6 embedding of R = 203.0.113.9 */
static struct in6_addr R46 = { { { 0, 0x64, 0xff, 0x9b, [12] = 203, 0, 113, 9 } } };

static u8 in[4096], out[1280], ref[4096];

static __be32 v4(u8 a, u8 b, u8 c, u8 d)
{
	u8 x[4] = { a, b, c, d };
	__be32 r;

	memcpy(&r, x, 4);
	return r;
}

static __be16 be16(u16 v)
{
	return htons(v);
}

static void put16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static u16 get16(const u8 *p)
{
	return (u16)((p[0] << 8) | p[1]);
}

static u32 get32(const u8 *p)
{
	return ((u32)get16(p) << 16) | get16(p + 2);
}

#define T4	v4(192, 0, 2, 1)
#define Z4	v4(198, 51, 100, 7)
#define R4	v4(203, 0, 113, 9)

/* IPv4 header of @tot bytes, proto @p, TTL @ttl; checksum set. */
static void ip4(u8 *b, u16 tot, u8 p, u8 ttl, __be32 s, __be32 d)
{
	memset(b, 0, 20);
	b[0] = 0x45;
	b[1] = 0x20;
	put16(b + 2, tot);
	put16(b + 4, 0x4242);
	b[6] = 0x40;	/* DF */
	b[8] = ttl;
	b[9] = p;
	memcpy(b + 12, &s, 4);
	memcpy(b + 16, &d, 4);
	put16(b + 10, (u16)~nat64_csum_add(0, b, 20));
}

static void ip6(u8 *b, u16 plen, u8 nh, u8 hl, const struct in6_addr *s,
		const struct in6_addr *d)
{
	memset(b, 0, 40);
	b[0] = 0x62;	/* traffic class 0x20 */
	put16(b + 4, plen);
	b[6] = nh;
	b[7] = hl;
	memcpy(b + 8, s, 16);
	memcpy(b + 24, d, 16);
}

/* The IPv4 pseudo-header's sum (RFC 768). */
static u16 pseudo4(__be32 s, __be32 d, u8 proto, u16 len)
{
	u8 ph[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, proto, len >> 8, len & 0xff };

	memcpy(ph, &s, 4);
	memcpy(ph + 4, &d, 4);
	return nat64_csum_add(0, ph, sizeof(ph));
}

/* UDP segment of @len bytes with a correct checksum for IPv4 or IPv6. */
static void udp4(u8 *b, u16 len, u16 sp, u16 dp, __be32 s, __be32 d)
{
	u16 i;

	put16(b, sp);
	put16(b + 2, dp);
	put16(b + 4, len);
	put16(b + 6, 0);
	for (i = 8; i < len; i++)
		b[i] = (u8)(i * 7);
	put16(b + 6, nat64_csum_udp(~nat64_csum_add(pseudo4(s, d, 17, len),
						    b, len)));
}

static void udp6(u8 *b, u16 len, u16 sp, u16 dp, const struct in6_addr *s,
		 const struct in6_addr *d)
{
	u16 i;

	put16(b, sp);
	put16(b + 2, dp);
	put16(b + 4, len);
	put16(b + 6, 0);
	for (i = 8; i < len; i++)
		b[i] = (u8)(i * 7);
	put16(b + 6, nat64_csum_udp(nat64_csum_full6(s, d, 17, b, len)));
}

static struct nat64_v4_info info4(const u8 *pkt, u32 len)
{
	struct nat64_v4_info i;

	nat64_v4_check(pkt, len, len, &i);
	return i;
}

static struct nat64_v6_info info6(const u8 *pkt, u32 len)
{
	struct nat64_v6_info i;

	nat64_v6_walk(pkt, len, &i);
	return i;
}

/*
 * An ICMPv4 error from R to T, type/code @t/@c, bytes 4-7 @rest, quoting
 * an IPv4 UDP datagram T:1234 -> Z:53 of @ulen UDP bytes, of which @quote
 * bytes (IP header included) are copied.  Returns the packet length.
 */
static u32 err4_udp(u8 t, u8 c, u32 rest, u16 ulen, u32 quote, u8 ttl)
{
	u8 *icmp = in + 20, *q = icmp + 8;
	u32 tot = 20 + 8 + quote;

	ip4(ref, 20 + ulen, 17, 63, T4, Z4);
	udp4(ref + 20, ulen, 1234, 53, T4, Z4);
	memcpy(q, ref, quote);
	icmp[0] = t;
	icmp[1] = c;
	put16(icmp + 2, 0);
	icmp[4] = rest >> 24;
	icmp[5] = (rest >> 16) & 0xff;
	put16(icmp + 6, rest & 0xffff);
	put16(icmp + 2, nat64_csum_icmp4(icmp, (u16)(8 + quote)));
	ip4(in, (u16)tot, 1, ttl, R4, T4);
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
	rw->isport = be16(5555);
	rw->idport = be16(53);
	rw->cfg.lowest_ipv6_mtu = 1280;
}

static u32 xlat46(u32 len, struct nat64_icmp_quote *q,
		  const struct nat64_icmp_rewrite *rw,
		  enum nat64_icmp_err_verdict *v)
{
	struct nat64_v4_info i = info4(in, len);
	u8 *b = malloc(len);
	u32 n = 0;

	memcpy(b, in, len);
	*v = nat64_icmp_err_parse4(b, len, &i, q);
	if (*v == NAT64_ICMP_ERR_OK)
		n = nat64_icmp_err_build6(b, &i, q, rw, out, v);
	free(b);
	return n;
}

static void check_46_port_unreach(void)
{
	struct nat64_icmp_rewrite rw;
	struct nat64_icmp_quote q;
	enum nat64_icmp_err_verdict v;
	u8 *icmp = out + 40, *iq = icmp + 8;
	u32 len, n;

	/* Whole datagram quoted: 20 + 8 + 12 bytes. */
	len = err4_udp(3, 3, 0, 20, 40, 64);
	rw_4to6(&rw);
	n = xlat46(len, &q, &rw, &v);
	unit_check(v == 0 && q.proto == 17 && q.src4 == T4 && q.dst4 == Z4 &&
		   q.sport == be16(1234) && q.dport == be16(53),
		   "icmp_build: 4to6 parse finds the quoted UDP tuple",
		   "v %d proto %u", v, q.proto);
	unit_check(n == 40 + 8 + 40 + 20, "icmp_build: 4to6 length 108",
		   "n %u", n);
	unit_check(out[0] >> 4 == 6 && out[6] == 58 && out[7] == 63 &&
		   get16(out + 4) == 8 + 60 && !memcmp(out + 8, &R46, 16) &&
		   !memcmp(out + 24, &X6, 16),
		   "icmp_build: 4to6 outer header R' -> X', hop limit 63",
		   "nh %u hl %u plen %u", out[6], out[7], get16(out + 4));
	unit_check(icmp[0] == 1 && icmp[1] == 4 && get32(icmp + 4) == 0,
		   "icmp_build: 3/3 -> 1/4", "%u/%u rest %#x", icmp[0],
		   icmp[1], get32(icmp + 4));
	unit_check(nat64_csum_verify6(&R46, &X6, 58, icmp, n - 40) == 0xffff,
		   "icmp_build: 4to6 ICMPv6 checksum", "wrong");
	unit_check(iq[0] == 0x62 && get16(iq + 4) == 20 && iq[6] == 17 &&
		   iq[7] == 63 && !memcmp(iq + 8, &X6, 16) &&
		   !memcmp(iq + 24, &Y6, 16),
		   "icmp_build: 4to6 quote header X' -> Y', hop limit kept 63",
		   "tc %#x plen %u nh %u hl %u", iq[0], get16(iq + 4), iq[6],
		   iq[7]);
	udp6(ref, 20, 5555, 53, &X6, &Y6);
	unit_check(!memcmp(iq + 40, ref, 20),
		   "icmp_build: 4to6 quoted UDP ports mapped, checksum as if computed",
		   "check %#x want %#x", get16(iq + 46), get16(ref + 6));

	/* Outer TTL 1: the translator is a hop. */
	len = err4_udp(3, 3, 0, 20, 40, 1);
	n = xlat46(len, &q, &rw, &v);
	unit_check(!n && v == NAT64_ICMP_ERR_TTL,
		   "icmp_build: 4to6 outer TTL 1 -> dropped (TTL)", "v %d", v);
}

static void check_46_types(void)
{
	struct nat64_icmp_rewrite rw;
	struct nat64_icmp_quote q;
	enum nat64_icmp_err_verdict v;
	u8 *icmp = out + 40;
	u32 len, n;

	rw_4to6(&rw);
	/* Fragmentation Needed, MTU 1400: the caller's MTU goes out. */
	len = err4_udp(3, 4, 1400, 20, 40, 64);
	n = xlat46(len, &q, &rw, &v);
	unit_check(v == 0 && q.verdict == NAT64_ICMP_ERROR_PTB &&
		   q.value == 1400 && q.tot_len == 40,
		   "icmp_build: 4to6 FN parse gives MTU 1400 and Total Length",
		   "v %d verdict %u value %u tot %u", v, q.verdict, q.value,
		   q.tot_len);
	rw.mtu = nat64_icmp_mtu_4to6((u16)q.value, q.tot_len, 0, 0);
	n = xlat46(len, &q, &rw, &v);
	unit_check(n && icmp[0] == 2 && icmp[1] == 0 &&
		   get32(icmp + 4) == 1420,
		   "icmp_build: 3/4 MTU 1400 -> PTB 1420", "%u/%u mtu %u",
		   icmp[0], icmp[1], get32(icmp + 4));

	/* Parameter Problem pointing at the protocol (9) -> next header (6). */
	len = err4_udp(12, 0, 9u << 24, 20, 40, 64);
	n = xlat46(len, &q, &rw, &v);
	unit_check(n && icmp[0] == 4 && icmp[1] == 0 && get32(icmp + 4) == 6,
		   "icmp_build: 12/0 ptr 9 -> 4/0 ptr 6", "%u/%u ptr %u",
		   icmp[0], icmp[1], get32(icmp + 4));
	/* ... at the Identification: no IPv6 field, dropped. */
	len = err4_udp(12, 0, 4u << 24, 20, 40, 64);
	n = xlat46(len, &q, &rw, &v);
	unit_check(!n && v == NAT64_ICMP_ERR_TYPE,
		   "icmp_build: 12/0 ptr 4 -> dropped", "v %d", v);

	/* Protocol Unreachable -> Parameter Problem 4/1 pointer 6. */
	len = err4_udp(3, 2, 0, 20, 40, 64);
	n = xlat46(len, &q, &rw, &v);
	unit_check(n && icmp[0] == 4 && icmp[1] == 1 && get32(icmp + 4) == 6,
		   "icmp_build: 3/2 -> 4/1 ptr 6", "%u/%u ptr %u", icmp[0],
		   icmp[1], get32(icmp + 4));

	/* Time Exceeded 11/1 -> 3/1; Source Quench dropped. */
	len = err4_udp(11, 1, 0, 20, 40, 64);
	n = xlat46(len, &q, &rw, &v);
	unit_check(n && icmp[0] == 3 && icmp[1] == 1,
		   "icmp_build: 11/1 -> 3/1", "%u/%u", icmp[0], icmp[1]);
	len = err4_udp(4, 0, 0, 20, 40, 64);
	n = xlat46(len, &q, &rw, &v);
	unit_check(!n && v == NAT64_ICMP_ERR_TYPE,
		   "icmp_build: source quench dropped", "v %d", v);

	/* An error about an error: the quote is ICMPv4 3/3. */
	len = err4_udp(3, 3, 0, 20, 40, 64);
	in[28 + 9] = 1;
	in[28 + 20] = 3;
	n = xlat46(len, &q, &rw, &v);
	unit_check(!n && v == NAT64_ICMP_ERR_TYPE,
		   "icmp_build: 4to6 error about an error dropped", "v %d", v);
	/* A quote of a protocol without state (GRE). */
	in[28 + 9] = 47;
	n = xlat46(len, &q, &rw, &v);
	unit_check(!n && v == NAT64_ICMP_ERR_PROTO,
		   "icmp_build: 4to6 quote of GRE -> no state", "v %d", v);
	/* Quote cut inside the IPv4 header. */
	len = err4_udp(3, 3, 0, 20, 12, 64);
	n = xlat46(len, &q, &rw, &v);
	unit_check(!n && v == NAT64_ICMP_ERR_MALFORMED,
		   "icmp_build: 4to6 quote cut in its header -> malformed",
		   "v %d", v);
}

/* A quoted echo request T -> Z, identifier 0x0777, and its translation. */
static void check_46_echo(void)
{
	struct nat64_icmp_rewrite rw;
	struct nat64_icmp_quote q;
	enum nat64_icmp_err_verdict v;
	u8 *iq = out + 48, *e = in + 48;
	u32 len, n, i;

	len = err4_udp(11, 0, 0, 20, 40, 64);
	in[28 + 9] = 1;
	put16(in + 28 + 10, 0);
	put16(in + 28 + 10, (u16)~nat64_csum_add(0, in + 28, 20));
	memset(e, 0, 20);
	e[0] = 8;
	put16(e + 4, 0x0777);
	put16(e + 6, 3);
	for (i = 8; i < 20; i++)
		e[i] = (u8)i;
	put16(e + 2, nat64_csum_icmp4(e, 20));
	put16(in + 22, 0);
	put16(in + 22, nat64_csum_icmp4(in + 20, (u16)(len - 20)));
	rw_4to6(&rw);
	rw.isport = be16(0x4321);
	rw.idport = rw.isport;
	n = xlat46(len, &q, &rw, &v);
	unit_check(v == 0 && q.proto == 1 && q.sport == be16(0x0777) &&
		   q.dport == q.sport,
		   "icmp_build: 4to6 quoted echo: identifier as both ports",
		   "v %d proto %u", v, q.proto);
	memset(ref, 0, 20);
	ref[0] = 128;
	put16(ref + 4, 0x4321);
	put16(ref + 6, 3);
	for (i = 8; i < 20; i++)
		ref[i] = (u8)i;
	put16(ref + 2, nat64_csum_full6(&X6, &Y6, 58, ref, 20));
	unit_check(n && iq[6] == 58 && !memcmp(iq + 40, ref, 20),
		   "icmp_build: 4to6 quoted echo -> ICMPv6 128, id and checksum",
		   "type %u id %#x check %#x want %#x", iq[40],
		   get16(iq + 44), get16(iq + 42), get16(ref + 2));
}

/* Truncation to 1280 and RFC 4884 lengths, 4 -> 6. */
static void check_46_sizes(void)
{
	struct nat64_icmp_rewrite rw;
	struct nat64_icmp_quote q;
	enum nat64_icmp_err_verdict v;
	u8 *icmp = out + 40;
	u32 len, n, i;

	rw_4to6(&rw);
	len = err4_udp(3, 3, 0, 1472, 1500, 64);
	n = xlat46(len, &q, &rw, &v);
	unit_check(n == 1280 && get16(out + 4) == 1240 &&
		   nat64_csum_verify6(&R46, &X6, 58, icmp, n - 40) == 0xffff,
		   "icmp_build: 4to6 1500-byte quote cut to a 1280-byte error",
		   "n %u", n);
	unit_check(get16(icmp + 8 + 4) == 1472,
		   "icmp_build: cut quote keeps its full payload length",
		   "plen %u", get16(icmp + 12));

	/*
	 * Time Exceeded with RFC 4884 extensions: a 60-byte datagram padded
	 * to 128 bytes (length 32 words), then a 12-byte extension.
	 */
	len = err4_udp(11, 0, 0, 40, 128, 64);
	memset(in + 28 + 60, 0, 68);
	for (i = 0; i < 12; i++)
		in[28 + 128 + i] = (u8)(0xa0 + i);
	in[28 + 5] = 32;
	len += 12;
	in[20 + 5] = 32;
	put16(in + 2, (u16)len);
	put16(in + 10, 0);
	put16(in + 10, (u16)~nat64_csum_add(0, in, 20));
	put16(in + 22, 0);
	put16(in + 22, nat64_csum_icmp4(in + 20, (u16)(len - 20)));
	n = xlat46(len, &q, &rw, &v);
	unit_check(v == 0 && q.ext_len == 12 && q.q_len == 60,
		   "icmp_build: 4884 split: 60 quoted, 12 of extensions",
		   "v %d q_len %u ext %u", v, q.q_len, q.ext_len);
	/* 80 translated bytes padded to 128 = 16 words of 8. */
	unit_check(n == 40 + 8 + 128 + 12 && icmp[4] == 16 &&
		   !memcmp(icmp + 8 + 128, in + 28 + 128, 12) &&
		   icmp[8 + 80] == 0 && icmp[8 + 127] == 0,
		   "icmp_build: 4884 length 32 words of 4 -> 16 of 8, padded",
		   "n %u len %u", n, icmp[4]);
}

/* An ICMPv6 error from @src to Y' quoting Y':53 -> X':5555 UDP. */
static u32 err6_udp(u8 t, u8 c, u32 rest, u16 ulen, u32 quote, u8 hl,
		    const struct in6_addr *src)
{
	u8 *icmp = in + 40;

	ip6(ref, ulen, 17, 61, &Y6, &X6);
	udp6(ref + 40, ulen, 53, 5555, &Y6, &X6);
	memcpy(icmp + 8, ref, quote);
	icmp[0] = t;
	icmp[1] = c;
	put16(icmp + 2, 0);
	put16(icmp + 4, rest >> 16);
	put16(icmp + 6, rest & 0xffff);
	put16(icmp + 2, nat64_csum_full6(src, &Y6, 58, icmp, 8 + quote));
	ip6(in, (u16)(8 + quote), 58, hl, src, &Y6);
	return 40 + 8 + quote;
}

static void rw_6to4(struct nat64_icmp_rewrite *rw)
{
	memset(rw, 0, sizeof(*rw));
	rw->saddr4 = T4;
	rw->daddr4 = Z4;
	rw->isrc4 = Z4;
	rw->idst4 = T4;
	rw->isport = be16(53);
	rw->idport = be16(1234);
	rw->id = 0xbeef;
	rw->cfg.lowest_ipv6_mtu = 1280;
}

static u32 xlat64(u32 len, struct nat64_icmp_quote *q,
		  const struct nat64_icmp_rewrite *rw,
		  enum nat64_icmp_err_verdict *v)
{
	struct nat64_v6_info i = info6(in, len);
	u8 *b = malloc(len);
	u32 n = 0;

	memcpy(b, in, len);
	*v = nat64_icmp_err_parse6(b, len, &i, q);
	if (*v == NAT64_ICMP_ERR_OK)
		n = nat64_icmp_err_build4(b, &i, q, rw, out, v);
	free(b);
	return n;
}

static void check_64(void)
{
	struct nat64_icmp_rewrite rw;
	struct nat64_icmp_quote q;
	enum nat64_icmp_err_verdict v;
	u8 *icmp = out + 20, *iq = icmp + 8;
	u32 len, n;

	rw_6to4(&rw);
	len = err6_udp(1, 4, 0, 20, 60, 64, &X6);
	n = xlat64(len, &q, &rw, &v);
	unit_check(v == 0 && !memcmp(&q.src6, &Y6, 16) &&
		   !memcmp(&q.dst6, &X6, 16) && q.sport == be16(53) &&
		   q.dport == be16(5555),
		   "icmp_build: 6to4 parse finds the quoted UDP tuple", "v %d",
		   v);
	unit_check(n == 20 + 8 + 40 && out[0] == 0x45 && out[8] == 63 &&
		   out[9] == 1 && get16(out + 2) == 68 &&
		   get16(out + 4) == 0xbeef && !memcmp(out + 12, &rw.saddr4, 4) &&
		   !memcmp(out + 16, &rw.daddr4, 4) &&
		   nat64_csum_add(0, out, 20) == 0xffff,
		   "icmp_build: 6to4 outer header T -> Z, TTL 63, checksum",
		   "n %u ttl %u", n, out[8]);
	unit_check(icmp[0] == 3 && icmp[1] == 3 &&
		   nat64_csum_verify_icmp4(icmp, (u16)(n - 20)) == 0xffff,
		   "icmp_build: 1/4 -> 3/3, ICMPv4 checksum", "%u/%u", icmp[0],
		   icmp[1]);
	ip4(ref, 40, 17, 61, Z4, T4);
	unit_check(iq[8] == 61 && iq[9] == 17 && get16(iq + 2) == 40 &&
		   !memcmp(iq + 12, &rw.isrc4, 4) && !memcmp(iq + 16, &rw.idst4, 4) &&
		   nat64_csum_add(0, iq, 20) == 0xffff,
		   "icmp_build: 6to4 quote header Z -> T, TTL kept, checksum",
		   "ttl %u len %u", iq[8], get16(iq + 2));
	udp4(ref, 20, 53, 1234, Z4, T4);
	unit_check(!memcmp(iq + 20, ref, 20),
		   "icmp_build: 6to4 quoted UDP ports mapped, checksum as if computed",
		   "check %#x want %#x", get16(iq + 26), get16(ref + 6));

	/* Packet Too Big 1400 with the caller's MTU; ParamProb pointers. */
	len = err6_udp(2, 0, 1400, 20, 60, 64, &R6);
	n = xlat64(len, &q, &rw, &v);
	unit_check(v == 0 && q.verdict == NAT64_ICMP_ERROR_PTB && q.value == 1400,
		   "icmp_build: 6to4 PTB parse gives MTU 1400", "value %u",
		   q.value);
	rw.mtu = nat64_icmp_mtu_6to4(q.value, q.frag, 0, 0);
	n = xlat64(len, &q, &rw, &v);
	unit_check(n && icmp[0] == 3 && icmp[1] == 4 && get16(icmp + 6) == 1380,
		   "icmp_build: PTB 1400 -> 3/4 MTU 1380", "%u/%u mtu %u",
		   icmp[0], icmp[1], get16(icmp + 6));
	len = err6_udp(4, 0, 7, 20, 60, 64, &R6);
	n = xlat64(len, &q, &rw, &v);
	unit_check(n && icmp[0] == 12 && icmp[1] == 0 && icmp[4] == 8,
		   "icmp_build: 4/0 ptr 7 -> 12/0 ptr 8", "%u/%u ptr %u",
		   icmp[0], icmp[1], icmp[4]);
	len = err6_udp(4, 0, 2, 20, 60, 64, &R6);
	n = xlat64(len, &q, &rw, &v);
	unit_check(!n && v == NAT64_ICMP_ERR_TYPE,
		   "icmp_build: 4/0 ptr 2 (flow label) dropped", "v %d", v);
	len = err6_udp(1, 5, 0, 20, 60, 64, &R6);
	n = xlat64(len, &q, &rw, &v);
	unit_check(!n && v == NAT64_ICMP_ERR_TYPE,
		   "icmp_build: 1/5 dropped", "v %d", v);
	/* Hop limit 1 on the error itself. */
	len = err6_udp(3, 0, 0, 20, 60, 1, &R6);
	n = xlat64(len, &q, &rw, &v);
	unit_check(!n && v == NAT64_ICMP_ERR_TTL,
		   "icmp_build: 6to4 outer hop limit 1 -> dropped", "v %d", v);

	/* Cut to 576. */
	len = err6_udp(3, 0, 0, 1232, 1232, 64, &R6);
	n = xlat64(len, &q, &rw, &v);
	unit_check(n == 576 && get16(out + 2) == 576 &&
		   get16(iq + 2) == 1252 &&
		   nat64_csum_verify_icmp4(icmp, 556) == 0xffff,
		   "icmp_build: 6to4 1232-byte quote cut to a 576-byte error",
		   "n %u inner len %u", n, get16(iq + 2));

	/* RFC 4884: 128-byte field (16 words of 8) + 16 bytes extension. */
	len = err6_udp(3, 0, 0, 20, 60, 64, &R6);
	memset(in + 48 + 60, 0, 68);
	memset(in + 48 + 128, 0x5a, 16);
	in[44] = 16;
	len = 48 + 128 + 16;
	put16(in + 4, 8 + 128 + 16);
	put16(in + 42, 0);
	put16(in + 42, nat64_csum_full6(&R6, &Y6, 58, in + 40, len - 40));
	n = xlat64(len, &q, &rw, &v);
	/* 20 + 20 translated quote bytes padded to 128 = 32 words of 4. */
	unit_check(v == 0 && n == 20 + 8 + 128 + 16 && icmp[5] == 32 &&
		   icmp[8 + 40] == 0 && icmp[8 + 128] == 0x5a &&
		   icmp[8 + 143] == 0x5a,
		   "icmp_build: 4884 length 16 words of 8 -> 32 of 4, padded",
		   "v %d n %u len %u", v, n, icmp[5]);
}

static void check_originate(void)
{
	static const struct in6_addr me = { { { 0x20, 0x01, 0x0d, 0xb8, 0, 2,
						[15] = 1 } } };
	u32 n;

	/* ICMPv4: UDP answered, ICMP errors not, echo yes, fragments not. */
	err4_udp(3, 3, 0, 1472, 1500, 64);
	unit_check(nat64_icmp4_may_answer(ref, 1492),
		   "icmp_build: may answer IPv4 UDP", "no");
	unit_check(!nat64_icmp4_may_answer(in, 1500),
		   "icmp_build: never answer an ICMPv4 error", "yes");
	in[20] = 8;
	unit_check(nat64_icmp4_may_answer(in, 1500),
		   "icmp_build: may answer an ICMPv4 echo", "no");
	ref[7] = 1;
	unit_check(!nat64_icmp4_may_answer(ref, 1492),
		   "icmp_build: never answer a later fragment", "yes");
	ref[7] = 0;
	ref[12] = 224;
	unit_check(!nat64_icmp4_may_answer(ref, 1492),
		   "icmp_build: never answer a multicast source", "yes");
	ref[12] = 192;

	n = nat64_icmp4_build_error(11, 0, 0, ref, 1492, out);
	unit_check(n == 556 && out[0] == 11 && !memcmp(out + 8, ref, 548) &&
		   nat64_csum_verify_icmp4(out, 556) == 0xffff,
		   "icmp_build: Time Exceeded quotes 548 bytes, 576 in all",
		   "n %u", n);
	n = nat64_icmp4_build_error(3, 4, 1260, ref, 40, out);
	unit_check(n == 48 && get16(out + 6) == 1260 && get16(out + 4) == 0,
		   "icmp_build: Fragmentation Needed carries its MTU", "n %u", n);

	/* ICMPv6: routing header with segments left, error, redirect. */
	ip6(ref, 24 + 8, 43, 64, &X6, &Y6);
	ref[40] = 17;
	ref[41] = 2;
	ref[43] = 1;
	unit_check(nat64_icmp6_may_answer(ref, 72),
		   "icmp_build: may answer a routing header with SL 1", "no");
	n = nat64_icmp6_build_error(4, 0, 43, ref, 72, &me, &X6, out);
	unit_check(n == 80 && get32(out + 4) == 43 &&
		   nat64_csum_verify6(&me, &X6, 58, out, n) == 0xffff,
		   "icmp_build: Parameter Problem pointer 43, checksum", "n %u",
		   n);
	ref[40] = 58;
	ref[64] = 1;
	unit_check(!nat64_icmp6_may_answer(ref, 72),
		   "icmp_build: never answer an ICMPv6 error behind a RH", "yes");
	ref[64] = 137;
	unit_check(!nat64_icmp6_may_answer(ref, 72),
		   "icmp_build: never answer a redirect", "yes");
	ref[64] = 128;
	unit_check(nat64_icmp6_may_answer(ref, 72),
		   "icmp_build: may answer an echo request", "no");
	memset(ref + 8, 0, 16);
	unit_check(!nat64_icmp6_may_answer(ref, 72),
		   "icmp_build: never answer the unspecified source", "yes");
	err6_udp(3, 0, 0, 1232, 1232, 64, &R6);
	n = nat64_icmp6_build_error(3, 0, 0, in, 1280, &me, &X6, out);
	unit_check(n == 1240 && !memcmp(out + 8, in, 1232),
		   "icmp_build: ICMPv6 error quotes 1232 bytes, 1280 in all",
		   "n %u", n);
}

/* Garbage through every entry point: ASan finds any stray read. */
static void check_fuzz(void)
{
	struct nat64_icmp_rewrite rw;
	struct nat64_icmp_quote q;
	enum nat64_icmp_err_verdict v;
	u32 i, j, len, ok = 0;
	u8 *b;

	srand(7);
	rw_4to6(&rw);
	for (i = 0; i < FUZZ_ROUNDS; i++) {
		len = (u32)rand() % 700;
		b = malloc(len ? len : 1);
		/* Start from a valid error and damage it. */
		if (i & 1)
			err4_udp(3, (u8)(rand() % 16), (u32)rand(), 40, 60, 64);
		else
			err6_udp(1, (u8)(rand() % 5), (u32)rand(), 40, 80, 64, &R6);
		for (j = 0; j < 8; j++)
			in[(u32)rand() % 700] = (u8)rand();
		memcpy(b, in, len);
		if (i & 1) {
			struct nat64_v4_info i4;

			if (nat64_v4_check(b, len, len, &i4) == NAT64_XLAT_OK &&
			    b[9] == 1 &&
			    !nat64_icmp_err_parse4(b, len, &i4, &q)) {
				rw.mtu = 1280;
				ok += !!nat64_icmp_err_build6(b, &i4, &q, &rw,
							      out, &v);
			}
		} else {
			struct nat64_v6_info i6;

			if (nat64_v6_walk(b, len, &i6) == NAT64_XLAT_OK &&
			    i6.proto == 58 && i6.l4_off + i6.l4_len <= len &&
			    !nat64_icmp_err_parse6(b, len, &i6, &q)) {
				rw_6to4(&rw);
				ok += !!nat64_icmp_err_build4(b, &i6, &q, &rw,
							      out, &v);
				rw_4to6(&rw);
			}
		}
		nat64_icmp4_may_answer(b, len);
		nat64_icmp6_may_answer(b, len);
		free(b);
	}
	unit_check(ok > 0, "icmp_build: fuzzed errors parse and build in bounds",
		   "none translated");
}

int main(void)
{
	check_46_port_unreach();
	check_46_types();
	check_46_echo();
	check_46_sizes();
	check_64();
	check_originate();
	check_fuzz();
	return unit_failed ? 1 : 0;
}
