// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 7915 sections 4.1 and 5.1: worked examples with exact bytes for each
 * rule, then random garbage through the IPv6 extension header walk and the
 * IPv4 header check (run under ASan: every buffer is allocated to its exact
 * length, so one byte read too far aborts the test).
 */
#include <stdlib.h>
#include "xlat_hdr.h"
#include "csum_adj.h"
#include "unit.h"

#define FUZZ_ROUNDS	200000

static const struct nat64_xlat_cfg cfg_def = { false, 0, 1280 };

/* 2001:db8::5 and 64:ff9b::c000:201 (192.0.2.1) */
static const u8 SRC6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 5 };
static const u8 DST6[16] = { 0x00, 0x64, 0xff, 0x9b, [12] = 192, 0, 2, 1 };

static void put16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static u16 get16(const u8 *p)
{
	return (u16)((p[0] << 8) | p[1]);
}

static __be32 v4(u8 a, u8 b, u8 c, u8 d)
{
	u8 x[4] = { a, b, c, d };
	__be32 r;

	memcpy(&r, x, 4);
	return r;
}

/* IPv6 header: TC @tc, next header @nh, hop limit @hl, payload @plen. */
static void ip6_hdr(u8 *b, u8 tc, u16 plen, u8 nh, u8 hl)
{
	memset(b, 0, 200);	/* the extension headers start clean */
	b[0] = 0x60 | (tc >> 4);
	b[1] = (u8)((tc & 0x0f) << 4) | 0x0a;	/* flow label bits set */
	b[2] = 0xbc;
	b[3] = 0xde;
	put16(b + 4, plen);
	b[6] = nh;
	b[7] = hl;
	memcpy(b + 8, SRC6, 16);
	memcpy(b + 24, DST6, 16);
}

/* Walk a copy of @src allocated to exactly @len bytes. */
static enum nat64_xlat_verdict walk(const u8 *src, u32 len,
				    struct nat64_v6_info *info)
{
	u8 *b = malloc(len ? len : 1);
	enum nat64_xlat_verdict v;

	memcpy(b, src, len);
	v = nat64_v6_walk(b, len, info);
	free(b);
	return v;
}

static void check_walk_examples(void)
{
	static u8 b[2000];
	struct nat64_v6_info in;
	enum nat64_xlat_verdict v;
	u32 i;

	/* Plain TCP. */
	ip6_hdr(b, 0, 20, 6, 64);
	v = walk(b, 60, &in);
	unit_check(v == NAT64_XLAT_OK && in.proto == 6 && in.l4_off == 40 &&
		   in.l4_len == 20 && !in.has_frag,
		   "xlat_hdr: walk plain TCP", "v %d proto %u off %u len %u",
		   v, in.proto, in.l4_off, in.l4_len);

	/* Hop-by-Hop (8) + Destination Options (16) + Routing SL 0 (24) + UDP. */
	ip6_hdr(b, 0, 48 + 8, 0, 64);
	b[40] = 60;  b[41] = 0;
	b[48] = 43;  b[49] = 1;
	b[64] = 17;  b[65] = 2;  b[66] = 0;  b[67] = 0;	/* SL 0 */
	v = walk(b, 96, &in);
	unit_check(v == NAT64_XLAT_OK && in.proto == 17 && in.l4_off == 88 &&
		   in.l4_len == 8, "xlat_hdr: walk skips HBH, DO, RH with SL 0",
		   "v %d proto %u off %u len %u", v, in.proto, in.l4_off,
		   in.l4_len);

	/* Routing header SL 2 right after the IPv6 header: pointer 43. */
	ip6_hdr(b, 0, 24 + 8, 43, 64);
	b[40] = 17;  b[41] = 2;  b[42] = 0;  b[43] = 2;
	v = walk(b, 72, &in);
	unit_check(v == NAT64_XLAT_PARAM_PROB && in.pointer == 43,
		   "xlat_hdr: RH SL 2 -> param problem, pointer 43",
		   "v %d pointer %u", v, in.pointer);
	/* ... and after an 8-byte Hop-by-Hop header: pointer 51. */
	ip6_hdr(b, 0, 8 + 24 + 8, 0, 64);
	b[40] = 43;  b[41] = 0;
	b[48] = 17;  b[49] = 2;  b[51] = 2;
	v = walk(b, 80, &in);
	unit_check(v == NAT64_XLAT_PARAM_PROB && in.pointer == 51,
		   "xlat_hdr: HBH + RH SL 2 -> param problem, pointer 51",
		   "v %d pointer %u", v, in.pointer);

	/* First fragment: offset 0, M 1, ID 0x12345678, then TCP. */
	ip6_hdr(b, 0, 8 + 1232, 44, 64);
	b[40] = 6;  b[42] = 0;  b[43] = 1;
	b[44] = 0x12;  b[45] = 0x34;  b[46] = 0x56;  b[47] = 0x78;
	v = walk(b, 68, &in);
	unit_check(v == NAT64_XLAT_OK && in.has_frag && in.frag_mf &&
		   in.frag_offset == 0 && in.frag_id == 0x12345678 &&
		   in.frag_hoff == 40 && in.l4_off == 48 && in.l4_len == 1232 &&
		   in.proto == 6, "xlat_hdr: fragment header noted (first)",
		   "v %d mf %d off %u id %#x l4 %u+%u", v, in.frag_mf,
		   in.frag_offset, in.frag_id, in.l4_off, in.l4_len);

	/* Last fragment at 1480 bytes (offset 185), UDP. */
	ip6_hdr(b, 0, 8 + 100, 44, 64);
	b[40] = 17;  put16(b + 42, 185 << 3);
	v = walk(b, 48, &in);
	unit_check(v == NAT64_XLAT_OK && in.has_frag && !in.frag_mf &&
		   in.frag_offset == 185 && in.proto == 17 && in.l4_off == 48,
		   "xlat_hdr: fragment header noted (last, offset 185)",
		   "v %d mf %d off %u", v, in.frag_mf, in.frag_offset);

	/* Non-first fragment whose next header is an options header. */
	b[40] = 60;
	unit_check(walk(b, 48, &in) == NAT64_XLAT_DROP,
		   "xlat_hdr: non-first fragment of skipped header dropped",
		   "not dropped");
	/* First fragment with Destination Options after the Fragment Header. */
	ip6_hdr(b, 0, 8 + 8 + 100, 44, 64);
	b[40] = 60;  b[43] = 1;  b[48] = 17;
	unit_check(walk(b, 56, &in) == NAT64_XLAT_DROP,
		   "xlat_hdr: header after fragment header of a fragment dropped",
		   "not dropped");
	/* Same in an atomic fragment (offset 0, M 0): translated. */
	b[43] = 0;
	v = walk(b, 56, &in);
	unit_check(v == NAT64_XLAT_OK && in.l4_off == 56 && in.proto == 17,
		   "xlat_hdr: atomic fragment with DO after it translated",
		   "v %d off %u", v, in.l4_off);
	/* Two Fragment Headers. */
	b[40] = 44;
	unit_check(walk(b, 56, &in) == NAT64_XLAT_DROP,
		   "xlat_hdr: two fragment headers dropped", "not dropped");
	/* ICMPv6 in a real fragment, and in an atomic one. */
	ip6_hdr(b, 0, 8 + 100, 44, 64);
	b[40] = 58;  b[43] = 1;
	v = walk(b, 48, &in);
	b[43] = 0;
	unit_check(v == NAT64_XLAT_DROP && walk(b, 48, &in) == NAT64_XLAT_OK &&
		   in.proto == 58, "xlat_hdr: fragmented ICMPv6 dropped, atomic kept",
		   "v %d", v);
	/* Hop-by-Hop anywhere but first. */
	ip6_hdr(b, 0, 16 + 8, 60, 64);
	b[40] = 0;  b[48] = 17;
	unit_check(walk(b, 64, &in) == NAT64_XLAT_DROP,
		   "xlat_hdr: HBH not first dropped", "not dropped");

	/* 8 Destination Options headers pass, 9 do not. */
	ip6_hdr(b, 0, 9 * 8 + 8, 60, 64);
	for (i = 0; i < 9; i++)
		b[40 + 8 * i] = 60;
	b[40 + 8 * 7] = 6;
	v = walk(b, 40 + 9 * 8 + 8, &in);
	unit_check(v == NAT64_XLAT_OK && in.l4_off == 104,
		   "xlat_hdr: 8 extension headers walked", "v %d off %u", v,
		   in.l4_off);
	b[40 + 8 * 7] = 60;
	b[40 + 8 * 8] = 6;
	unit_check(walk(b, 40 + 9 * 8 + 8, &in) == NAT64_XLAT_DROP,
		   "xlat_hdr: 9 extension headers dropped (bound)",
		   "not dropped");

	/* Truncation: header past payload length, or past the buffer. */
	ip6_hdr(b, 0, 16, 60, 64);
	b[40] = 6;  b[41] = 2;		/* 24 bytes, payload 16 */
	unit_check(walk(b, 56, &in) == NAT64_XLAT_DROP,
		   "xlat_hdr: ext header past payload length dropped",
		   "not dropped");
	ip6_hdr(b, 0, 64, 0, 64);
	b[40] = 60;  b[41] = 1;  b[56] = 6;
	v = walk(b, 50, &in);
	unit_check(v == NAT64_XLAT_PULL && in.need == 64 &&
		   walk(b, 64, &in) == NAT64_XLAT_OK && in.l4_off == 64,
		   "xlat_hdr: short buffer -> pull, then walked",
		   "v %d need %u", v, in.need);
	v = walk(b, 39, &in);
	unit_check(v == NAT64_XLAT_PULL && in.need == 40,
		   "xlat_hdr: less than an IPv6 header -> pull 40",
		   "v %d need %u", v, in.need);
	b[0] = 0x45;
	unit_check(walk(b, 64, &in) == NAT64_XLAT_DROP,
		   "xlat_hdr: version 4 in an IPv6 walk dropped", "not dropped");
	ip6_hdr(b, 0, 0, 0, 64);	/* jumbogram: payload length 0 */
	unit_check(walk(b, 48, &in) == NAT64_XLAT_DROP,
		   "xlat_hdr: jumbogram dropped", "not dropped");
}

static bool hdr_ok(const u8 *ip4)
{
	return nat64_csum_add(0, ip4, 20) == 0xffff;
}

/* RFC 7915 5.1 with exact bytes; expected checksums computed by hand. */
static void check_6to4(void)
{
	static u8 b[2000];
	struct nat64_v6_info in;
	struct nat64_xlat_cfg cfg = cfg_def;
	u8 ip4[20];
	__be32 s = v4(198, 51, 100, 5), d = v4(192, 0, 2, 1);
	static const u8 want1260[20] = {
		0x45, 0xb8, 0x04, 0xec, 0x12, 0x34, 0x00, 0x00, 63, 17,
		0x77, 0xdb, 198, 51, 100, 5, 192, 0, 2, 1 };
	static const u8 want1261[20] = {
		0x45, 0xb8, 0x04, 0xed, 0x12, 0x34, 0x40, 0x00, 63, 17,
		0x37, 0xda, 198, 51, 100, 5, 192, 0, 2, 1 };
	static const u8 wantfrag[20] = {
		0x45, 0x00, 0x04, 0xe4, 0x56, 0x78, 0x20, 0x00, 63, 6,
		0x14, 0x62, 198, 51, 100, 5, 192, 0, 2, 1 };
	enum nat64_xlat_verdict v;

	/* 1240 bytes of UDP: 1260 translated, DF clear; 1241: DF set. */
	ip6_hdr(b, 0xb8, 1240, 17, 64);
	nat64_v6_walk(b, 48, &in);
	v = nat64_hdr_6to4(b, &in, s, d, 0x1234, &cfg, ip4);
	unit_check(v == NAT64_XLAT_OK && !memcmp(ip4, want1260, 20),
		   "xlat_hdr: 6->4 1260 bytes: DF clear, exact header",
		   "v %d flags %02x%02x csum %02x%02x", v, ip4[6], ip4[7],
		   ip4[10], ip4[11]);
	ip6_hdr(b, 0xb8, 1241, 17, 64);
	nat64_v6_walk(b, 48, &in);
	v = nat64_hdr_6to4(b, &in, s, d, 0x1234, &cfg, ip4);
	unit_check(v == NAT64_XLAT_OK && !memcmp(ip4, want1261, 20),
		   "xlat_hdr: 6->4 1261 bytes: DF set, exact header",
		   "v %d flags %02x%02x csum %02x%02x", v, ip4[6], ip4[7],
		   ip4[10], ip4[11]);

	/* Fragment Header: ID low 16 bits, MF copied, DF 0, length - 8. */
	ip6_hdr(b, 0, 8 + 1232, 44, 64);
	b[40] = 6;  b[43] = 1;
	b[44] = 0x12;  b[45] = 0x34;  b[46] = 0x56;  b[47] = 0x78;
	nat64_v6_walk(b, 48, &in);
	v = nat64_hdr_6to4(b, &in, s, d, 0xeeee, &cfg, ip4);
	unit_check(v == NAT64_XLAT_OK && !memcmp(ip4, wantfrag, 20),
		   "xlat_hdr: 6->4 fragment: ID 0x5678, MF, DF 0, exact header",
		   "v %d id %02x%02x flags %02x%02x csum %02x%02x", v, ip4[4],
		   ip4[5], ip4[6], ip4[7], ip4[10], ip4[11]);
	/* Offset 185 copied, M 0; DF stays 0 above 1260 bytes. */
	ip6_hdr(b, 0, 8 + 1400, 44, 64);
	b[40] = 17;  put16(b + 42, 185 << 3);
	nat64_v6_walk(b, 48, &in);
	v = nat64_hdr_6to4(b, &in, s, d, 0, &cfg, ip4);
	unit_check(v == NAT64_XLAT_OK && get16(ip4 + 6) == 185 &&
		   get16(ip4 + 2) == 1420 && hdr_ok(ip4),
		   "xlat_hdr: 6->4 fragment offset 185 copied, DF 0",
		   "v %d frag %#x len %u", v, get16(ip4 + 6), get16(ip4 + 2));

	/* Skipped headers leave the total length: 24 bytes of RH. */
	ip6_hdr(b, 0, 24 + 100, 43, 64);
	b[40] = 6;  b[41] = 2;
	nat64_v6_walk(b, 64, &in);
	v = nat64_hdr_6to4(b, &in, s, d, 0, &cfg, ip4);
	unit_check(v == NAT64_XLAT_OK && get16(ip4 + 2) == 120 && ip4[9] == 6,
		   "xlat_hdr: 6->4 total length without skipped headers",
		   "len %u", get16(ip4 + 2));

	/* Hop limit 1 and 0: Time Exceeded; 2: TTL 1. */
	ip6_hdr(b, 0, 8, 17, 1);
	nat64_v6_walk(b, 48, &in);
	v = nat64_hdr_6to4(b, &in, s, d, 0, &cfg, ip4);
	b[7] = 0;
	unit_check(v == NAT64_XLAT_TIME_EXCEEDED &&
		   nat64_hdr_6to4(b, &in, s, d, 0, &cfg, ip4) ==
		   NAT64_XLAT_TIME_EXCEEDED,
		   "xlat_hdr: 6->4 hop limit 1/0 -> time exceeded", "v %d", v);
	b[7] = 2;
	v = nat64_hdr_6to4(b, &in, s, d, 0, &cfg, ip4);
	unit_check(v == NAT64_XLAT_OK && ip4[8] == 1 && hdr_ok(ip4),
		   "xlat_hdr: 6->4 hop limit 2 -> TTL 1", "v %d ttl %u", v,
		   ip4[8]);

	/* ICMPv6 -> protocol 1; TOS override on and off. */
	ip6_hdr(b, 0x2e, 8, 58, 64);
	nat64_v6_walk(b, 48, &in);
	nat64_hdr_6to4(b, &in, s, d, 0, &cfg, ip4);
	unit_check(ip4[9] == 1 && ip4[1] == 0x2e && hdr_ok(ip4),
		   "xlat_hdr: 6->4 ICMPv6 -> 1, TOS = traffic class",
		   "proto %u tos %#x", ip4[9], ip4[1]);
	cfg.tos_override = true;
	cfg.tos = 0x10;
	nat64_hdr_6to4(b, &in, s, d, 0, &cfg, ip4);
	unit_check(ip4[1] == 0x10 && hdr_ok(ip4),
		   "xlat_hdr: 6->4 tos override", "tos %#x", ip4[1]);
	cfg = cfg_def;

	/* Payload 65535 with no skipped header: 65555 > 65535, dropped. */
	ip6_hdr(b, 0, 65535, 17, 64);
	nat64_v6_walk(b, 48, &in);
	unit_check(nat64_hdr_6to4(b, &in, s, d, 0, &cfg, ip4) ==
		   NAT64_XLAT_DROP, "xlat_hdr: 6->4 over 65535 bytes dropped",
		   "not dropped");
}

/* IPv4 header with options @opt (@olen bytes, a multiple of 4). */
static u32 ip4_hdr(u8 *b, u8 tos, u16 tot, u16 id, u16 frag, u8 ttl,
		   u8 proto, const u8 *opt, u32 olen)
{
	b[0] = 0x40 | (u8)((20 + olen) / 4);
	b[1] = tos;
	put16(b + 2, tot);
	put16(b + 4, id);
	put16(b + 6, frag);
	b[8] = ttl;
	b[9] = proto;
	b[10] = b[11] = 0;
	memcpy(b + 12, (u8[]){ 192, 0, 2, 1 }, 4);
	memcpy(b + 16, (u8[]){ 198, 51, 100, 5 }, 4);
	if (olen)
		memcpy(b + 20, opt, olen);
	put16(b + 10, (u16)~nat64_csum_add(0, b, 20 + olen));
	return 20 + olen;
}

static enum nat64_xlat_verdict check4(const u8 *src, u32 len, u32 pkt,
				      struct nat64_v4_info *in)
{
	u8 *b = malloc(len ? len : 1);
	enum nat64_xlat_verdict v;

	memcpy(b, src, len);
	v = nat64_v4_check(b, len, pkt, in);
	free(b);
	return v;
}

static void check_4to6(void)
{
	static u8 b[100];
	struct nat64_v4_info in;
	struct nat64_v6_plan plan;
	struct nat64_xlat_cfg cfg = cfg_def;
	struct in6_addr s, d;
	u8 ip6[48];
	static const u8 want[40] = {
		0x6b, 0x80, 0, 0, 0x00, 0x08, 17, 63,
		0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 1,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5 };
	static const u8 lsrr[8] = { 1, 131, 7, 4, 10, 0, 0, 1 };
	static const u8 lsrr_done[8] = { 1, 131, 7, 8, 10, 0, 0, 1 };
	static const u8 ssrr[8] = { 137, 7, 4, 10, 0, 0, 1, 0 };
	static const u8 rr[8] = { 7, 7, 4, 0, 0, 0, 0, 0 };
	static const u8 badlen[4] = { 1, 68, 1, 0 };
	static const u8 pastend[4] = { 68, 8, 5, 0 };
	enum nat64_xlat_verdict v;
	u32 hl;

	memcpy(s.s6_addr, DST6, 16);
	memcpy(d.s6_addr, SRC6, 16);

	/* UDP, 8 bytes, TOS 0xb8, TTL 64, DF. */
	hl = ip4_hdr(b, 0xb8, 28, 7, 0x4000, 64, 17, NULL, 0);
	v = check4(b, hl, 28, &in);
	v = v ? v : nat64_hdr_4to6(b, &in, &s, &d, &cfg, ip6, &plan);
	unit_check(v == NAT64_XLAT_OK && plan.hdr_len == 40 &&
		   !plan.frag_size && !memcmp(ip6, want, 40),
		   "xlat_hdr: 4->6 exact header (TC, flow 0, length, HL)",
		   "v %d hdr %u %02x%02x%02x%02x", v, plan.hdr_len, ip6[0],
		   ip6[1], ip6[2], ip6[3]);
	/* TTL 1/0 -> Time Exceeded, 2 -> hop limit 1. */
	b[8] = 1;
	v = nat64_hdr_4to6(b, &in, &s, &d, &cfg, ip6, &plan);
	b[8] = 0;
	unit_check(v == NAT64_XLAT_TIME_EXCEEDED &&
		   nat64_hdr_4to6(b, &in, &s, &d, &cfg, ip6, &plan) ==
		   NAT64_XLAT_TIME_EXCEEDED,
		   "xlat_hdr: 4->6 TTL 1/0 -> time exceeded", "v %d", v);
	b[8] = 2;
	v = nat64_hdr_4to6(b, &in, &s, &d, &cfg, ip6, &plan);
	unit_check(v == NAT64_XLAT_OK && ip6[7] == 1,
		   "xlat_hdr: 4->6 TTL 2 -> hop limit 1", "hl %u", ip6[7]);
	/* ICMP -> 58; tos override. */
	b[9] = 1;
	cfg.tos_override = true;
	cfg.tos = 0x20;
	nat64_hdr_4to6(b, &in, &s, &d, &cfg, ip6, &plan);
	unit_check(ip6[6] == 58 && ip6[0] == 0x62 && ip6[1] == 0x00,
		   "xlat_hdr: 4->6 ICMP -> 58, tos override",
		   "nh %u %02x%02x", ip6[6], ip6[0], ip6[1]);
	cfg = cfg_def;

	/* Options: ignored, length excluded; source routes refused. */
	hl = ip4_hdr(b, 0, 28 + 8, 7, 0, 64, 6, rr, 8);
	v = check4(b, hl, 36, &in);
	v = v ? v : nat64_hdr_4to6(b, &in, &s, &d, &cfg, ip6, &plan);
	unit_check(v == NAT64_XLAT_OK && in.hdr_len == 28 &&
		   get16(ip6 + 4) == 8, "xlat_hdr: 4->6 record route ignored",
		   "v %d plen %u", v, get16(ip6 + 4));
	hl = ip4_hdr(b, 0, 36, 7, 0, 64, 6, lsrr, 8);
	v = check4(b, hl, 36, &in);
	unit_check(v == NAT64_XLAT_SR_FAILED,
		   "xlat_hdr: 4->6 unexpired LSRR -> source route failed",
		   "v %d", v);
	hl = ip4_hdr(b, 0, 36, 7, 0, 64, 6, ssrr, 8);
	v = check4(b, hl, 36, &in);
	unit_check(v == NAT64_XLAT_SR_FAILED,
		   "xlat_hdr: 4->6 unexpired SSRR -> source route failed",
		   "v %d", v);
	hl = ip4_hdr(b, 0, 36, 7, 0, 64, 6, lsrr_done, 8);
	v = check4(b, hl, 36, &in);
	unit_check(v == NAT64_XLAT_OK,
		   "xlat_hdr: 4->6 expired LSRR (pointer 8 > length 7) ignored",
		   "v %d", v);
	hl = ip4_hdr(b, 0, 32, 7, 0, 64, 6, badlen, 4);
	v = check4(b, hl, 32, &in);
	hl = ip4_hdr(b, 0, 32, 7, 0, 64, 6, pastend, 4);
	unit_check(v == NAT64_XLAT_DROP &&
		   check4(b, hl, 32, &in) == NAT64_XLAT_DROP,
		   "xlat_hdr: 4->6 malformed options dropped", "v %d", v);
	/* Header checks: IHL 4, total length past the packet, pull. */
	hl = ip4_hdr(b, 0, 28, 7, 0, 64, 6, NULL, 0);
	v = check4(b, hl, 27, &in);
	b[0] = 0x44;
	unit_check(v == NAT64_XLAT_DROP &&
		   check4(b, hl, 28, &in) == NAT64_XLAT_DROP,
		   "xlat_hdr: 4->6 bad IHL / total length dropped", "v %d", v);
	hl = ip4_hdr(b, 0, 36, 7, 0, 64, 6, rr, 8);
	v = check4(b, 24, 36, &in);
	unit_check(v == NAT64_XLAT_PULL && in.need == 28,
		   "xlat_hdr: 4->6 options past the buffer -> pull",
		   "v %d need %u", v, in.need);

	/* A fragment: MF, offset 100, ID 0xabcd -> Fragment Header. */
	hl = ip4_hdr(b, 0, 20 + 800, 0xabcd, 0x2000 | 100, 64, 17, NULL, 0);
	v = check4(b, hl, 820, &in);
	v = v ? v : nat64_hdr_4to6(b, &in, &s, &d, &cfg, ip6, &plan);
	unit_check(v == NAT64_XLAT_OK && plan.hdr_len == 48 &&
		   !plan.frag_size && ip6[6] == 44 && get16(ip6 + 4) == 808 &&
		   !memcmp(ip6 + 40, (u8[]){ 17, 0, 0x03, 0x21, 0, 0, 0xab,
					       0xcd }, 8),
		   "xlat_hdr: 4->6 fragment -> fragment header, exact bytes",
		   "v %d hdr %u nh %u plen %u fh %02x %02x%02x", v,
		   plan.hdr_len, ip6[6], get16(ip6 + 4), ip6[40], ip6[42],
		   ip6[43]);
	b[9] = 1;
	unit_check(nat64_hdr_4to6(b, &in, &s, &d, &cfg, ip6, &plan) ==
		   NAT64_XLAT_DROP, "xlat_hdr: 4->6 fragmented ICMP dropped",
		   "not dropped");

	/* DF 0: 1240 bytes of payload fit 1280; 1241 are fragmented. */
	hl = ip4_hdr(b, 0, 20 + 1240, 9, 0, 64, 17, NULL, 0);
	check4(b, hl, 1260, &in);
	nat64_hdr_4to6(b, &in, &s, &d, &cfg, ip6, &plan);
	unit_check(plan.hdr_len == 40 && !plan.frag_size,
		   "xlat_hdr: 4->6 DF 0, 1280 bytes: no fragment header",
		   "hdr %u size %u", plan.hdr_len, plan.frag_size);
	hl = ip4_hdr(b, 0, 20 + 1480, 0x4242, 0, 64, 17, NULL, 0);
	check4(b, hl, 1500, &in);
	nat64_hdr_4to6(b, &in, &s, &d, &cfg, ip6, &plan);
	unit_check(plan.hdr_len == 48 && plan.frag_size == 1232 &&
		   ip6[6] == 44 && ip6[40] == 17,
		   "xlat_hdr: 4->6 DF 0, 1520 bytes: fragment in 1232s",
		   "hdr %u size %u", plan.hdr_len, plan.frag_size);
	nat64_hdr_4to6_piece(ip6, &in, 0, 1232);
	unit_check(get16(ip6 + 4) == 1240 && get16(ip6 + 42) == 1 &&
		   !memcmp(ip6 + 44, (u8[]){ 0, 0, 0x42, 0x42 }, 4),
		   "xlat_hdr: 4->6 first piece: offset 0, M, ID",
		   "plen %u frag %#x", get16(ip6 + 4), get16(ip6 + 42));
	nat64_hdr_4to6_piece(ip6, &in, 1232, 248);
	unit_check(get16(ip6 + 4) == 256 && get16(ip6 + 42) == (154 << 3),
		   "xlat_hdr: 4->6 last piece: offset 154, no M",
		   "plen %u frag %#x", get16(ip6 + 4), get16(ip6 + 42));
	/* A DF-0 fragment of 1236 bytes: 48 + 1236 > 1280, refragmented. */
	hl = ip4_hdr(b, 0, 20 + 1236, 5, 0x2000 | 10, 64, 17, NULL, 0);
	check4(b, hl, 1256, &in);
	nat64_hdr_4to6(b, &in, &s, &d, &cfg, ip6, &plan);
	nat64_hdr_4to6_piece(ip6, &in, 1232, 4);
	unit_check(plan.frag_size == 1232 && get16(ip6 + 42) == ((164 << 3) | 1),
		   "xlat_hdr: 4->6 fragment refragmented, M kept on last piece",
		   "size %u frag %#x", plan.frag_size, get16(ip6 + 42));
	/* lowest-ipv6-mtu 1500: 1480 bytes fit as 1520? no; 1440 do. */
	cfg.lowest_ipv6_mtu = 1500;
	hl = ip4_hdr(b, 0, 20 + 1480, 1, 0, 64, 17, NULL, 0);
	check4(b, hl, 1500, &in);
	nat64_hdr_4to6(b, &in, &s, &d, &cfg, ip6, &plan);
	v = plan.frag_size;
	hl = ip4_hdr(b, 0, 20 + 1440, 1, 0, 64, 17, NULL, 0);
	check4(b, hl, 1460, &in);
	nat64_hdr_4to6(b, &in, &s, &d, &cfg, ip6, &plan);
	unit_check((unsigned int)v == 1448 && !plan.frag_size,
		   "xlat_hdr: 4->6 lowest-ipv6-mtu 1500 honoured",
		   "size %u then %u", (unsigned int)v, plan.frag_size);
	cfg = cfg_def;
	/* DF 1 and large: no fragment header, the caller's PMTU business. */
	hl = ip4_hdr(b, 0, 20 + 1480, 1, 0x4000, 64, 17, NULL, 0);
	check4(b, hl, 1500, &in);
	nat64_hdr_4to6(b, &in, &s, &d, &cfg, ip6, &plan);
	unit_check(plan.hdr_len == 40 && !plan.frag_size &&
		   get16(ip6 + 4) == 1480,
		   "xlat_hdr: 4->6 DF 1, 1520 bytes: no fragment header",
		   "hdr %u size %u", plan.hdr_len, plan.frag_size);
	/* A fragment reaching past 65535 bytes. */
	hl = ip4_hdr(b, 0, 20 + 16, 1, 8191, 64, 17, NULL, 0);
	unit_check(check4(b, hl, 36, &in) == NAT64_XLAT_DROP,
		   "xlat_hdr: 4->6 fragment past 65535 dropped", "not dropped");
	unit_check(nat64_proto_4to6(1) == 58 && nat64_proto_4to6(6) == 6 &&
		   nat64_proto_6to4(58) == 1 && nat64_proto_6to4(17) == 17,
		   "xlat_hdr: protocol mapping 1 <-> 58, others copied",
		   "wrong");
}

static u32 rng_state = 0x9e3779b9;

static u32 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Garbage biased towards chains: mostly known next headers, short lengths. */
static void fuzz_walk(void)
{
	static const u8 nhs[] = { 0, 43, 44, 60, 6, 17, 58, 59 };
	unsigned int i, bad = 0, ok = 0, pull = 0, pp = 0;
	char why[160] = "";
	u8 src[300];

	for (i = 0; i < FUZZ_ROUNDS; i++) {
		u32 len = rnd() % sizeof(src), j;
		struct nat64_v6_info in;
		enum nat64_xlat_verdict v;
		u8 ip4[20];

		for (j = 0; j < len; j++) {
			u32 r = rnd();

			src[j] = r & 0xff;
			if ((r >> 8) % 4 == 0 && j % 8 == 0)
				src[j] = nhs[(r >> 16) % sizeof(nhs)];
			if ((r >> 8) % 4 == 1 && j % 8 == 1)
				src[j] = (r >> 16) % 3;
		}
		if (len > 7 && rnd() % 4) {
			src[0] = 0x60;
			src[6] = nhs[rnd() % sizeof(nhs)];
			put16(src + 4, (u16)(rnd() % 2 ? len - 40 + rnd() % 16
						       : rnd()));
		}
		v = walk(src, len, &in);
		switch (v) {
		case NAT64_XLAT_OK:
			ok++;
			if (in.l4_off + in.l4_len != 40u + get16(src + 4) ||
			    in.l4_off < 40 || in.l4_off > 40u + get16(src + 4)) {
				bad++;
				snprintf(why, sizeof(why), "ok: off %u len %u",
					 in.l4_off, in.l4_len);
			}
			if (nat64_hdr_6to4(src, &in, 0, 0, 0, &cfg_def, ip4) ==
			    NAT64_XLAT_OK && (!hdr_ok(ip4) ||
			    get16(ip4 + 2) != 20 + in.l4_len))
				bad++;
			break;
		case NAT64_XLAT_PULL:
			pull++;
			if (in.need <= len || (len >= 40 &&
			    in.need > 40u + get16(src + 4))) {
				bad++;
				snprintf(why, sizeof(why), "pull %u of %u",
					 in.need, len);
			}
			break;
		case NAT64_XLAT_PARAM_PROB:
			pp++;
			if (in.pointer >= len || src[in.pointer] == 0) {
				bad++;
				snprintf(why, sizeof(why), "pointer %u",
					 in.pointer);
			}
			break;
		case NAT64_XLAT_DROP:
			break;
		default:
			bad++;
		}
	}
	unit_check(!bad && ok > 1000 && pull > 1000 && pp > 100,
		   "xlat_hdr: walk fuzz on garbage (ASan-checked, invariants)",
		   "%u bad (%s); %u ok, %u pull, %u param", bad, why, ok, pull,
		   pp);
}

static void fuzz_v4(void)
{
	unsigned int i, bad = 0, ok = 0, sr = 0;
	u8 src[80];

	for (i = 0; i < FUZZ_ROUNDS; i++) {
		u32 len = rnd() % sizeof(src), j;
		struct nat64_v4_info in;
		struct nat64_v6_plan plan;
		struct in6_addr a = { { { 0 } } };
		enum nat64_xlat_verdict v;
		u8 ip6[48];

		for (j = 0; j < len; j++)
			src[j] = rnd() & 0xff;
		if (len > 20) {
			src[0] = 0x40 | (5 + rnd() % 11);
			put16(src + 2, (u16)(rnd() % 2 ? len : rnd()));
			for (j = 20; j + 1 < len; j += 2)
				if (rnd() % 3 == 0)
					src[j] = (u8[]){ 131, 137, 1, 7, 0 }
						 [rnd() % 5];
			if (len >= 28 && rnd() % 4 == 0) {
				src[20] = rnd() % 2 ? 131 : 137;
				src[21] = 7;
				src[22] = 4 + rnd() % 8;
			}
		}
		v = check4(src, len, len, &in);
		if (v == NAT64_XLAT_SR_FAILED)
			sr++;
		if (v == NAT64_XLAT_PULL && in.need <= len)
			bad++;
		if (v != NAT64_XLAT_OK)
			continue;
		ok++;
		if (in.hdr_len > len || in.tot_len > len)
			bad++;
		v = nat64_hdr_4to6(src, &in, &a, &a, &cfg_def, ip6, &plan);
		if (v == NAT64_XLAT_OK && plan.frag_size &&
		    (plan.frag_size % 8 || plan.hdr_len + plan.frag_size > 1280))
			bad++;
	}
	unit_check(!bad && ok > 1000 && sr > 100,
		   "xlat_hdr: IPv4 check fuzz on garbage (ASan-checked)",
		   "%u bad; %u ok, %u source route", bad, ok, sr);
}

int main(void)
{
	check_walk_examples();
	check_6to4();
	check_4to6();
	fuzz_walk();
	fuzz_v4();
	return unit_failed ? 1 : 0;
}
