// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: RFC 7915 sections 4.1 and 5.1 (xlat_hdr.c), worked examples with
 * exact bytes for each rule, then random garbage through the IPv6
 * extension header walk and the IPv4 header check.  Every walk and check
 * reads a copy allocated to the exact length it is given, so one byte read
 * too far is a KASAN report on the debug kernel.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <net/ip.h>

#include "../kunit.h"
#include "../xlat_hdr.h"

NAT64_KUNIT_IMPORT();

#define FUZZ_ROUNDS	200000

static const struct nat64_xlat_cfg cfg_def = { false, 0, 1280 };

/* 2001:db8::5 and 64:ff9b::c000:201 (192.0.2.1) */
static const struct in6_addr src6 = {
	.s6_addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 5 },
};
static const struct in6_addr dst6 = {
	.s6_addr = { 0x00, 0x64, 0xff, 0x9b, [12] = 192, 0, 2, 1 },
};

static __be32 v4(u8 a, u8 b, u8 c, u8 d)
{
	return htonl((u32)a << 24 | b << 16 | c << 8 | d);
}

static u16 get16(const u8 *p)
{
	return p[0] << 8 | p[1];
}

static void put16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* IPv6 header: TC @tc, next header @nh, hop limit @hl, payload @plen. */
static struct ipv6hdr *ip6_hdr(u8 *b, u8 tc, u16 plen, u8 nh, u8 hl)
{
	struct ipv6hdr *ip6 = (struct ipv6hdr *)b;

	memset(b, 0, 200);	/* the extension headers start clean */
	ip6_flow_hdr(ip6, tc, htonl(0xabcde));	/* flow label bits set */
	ip6->payload_len = htons(plen);
	ip6->nexthdr = nh;
	ip6->hop_limit = hl;
	ip6->saddr = src6;
	ip6->daddr = dst6;
	return ip6;
}

/* Walk a copy of @src allocated to exactly @len bytes. */
static enum nat64_xlat_verdict walk(const u8 *src, u32 len,
				    struct nat64_v6_info *info)
{
	u8 *b = kmalloc(len ? len : 1, GFP_KERNEL);
	enum nat64_xlat_verdict v;

	if (!b)
		return -1;
	memcpy(b, src, len);
	v = nat64_v6_walk((const struct ipv6hdr *)b, len, info);
	kfree(b);
	return v;
}

static u8 *buf(struct kunit *test, size_t len)
{
	u8 *b = kunit_kzalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	return b;
}

static void walk_plain_and_skipped(struct kunit *test)
{
	u8 *b = buf(test, 2000);
	struct nat64_v6_info in;
	enum nat64_xlat_verdict v;

	/* Plain TCP. */
	ip6_hdr(b, 0, 20, 6, 64);
	v = walk(b, 60, &in);
	KUNIT_EXPECT_EQ(test, v, NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, in.proto, 6);
	KUNIT_EXPECT_EQ(test, in.l4_off, 40U);
	KUNIT_EXPECT_EQ(test, in.l4_len, 20U);
	KUNIT_EXPECT_FALSE(test, in.has_frag);

	/* Hop-by-Hop (8) + Destination Options (16) + Routing SL 0 (24). */
	ip6_hdr(b, 0, 48 + 8, 0, 64);
	b[40] = 60;  b[41] = 0;
	b[48] = 43;  b[49] = 1;
	b[64] = 17;  b[65] = 2;  b[66] = 0;  b[67] = 0;	/* SL 0 */
	v = walk(b, 96, &in);
	KUNIT_EXPECT_EQ(test, v, NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, in.proto, 17);
	KUNIT_EXPECT_EQ(test, in.l4_off, 88U);
	KUNIT_EXPECT_EQ(test, in.l4_len, 8U);
}

/* A Routing header with Segments Left: the pointer names that field. */
static void walk_routing_param_prob(struct kunit *test)
{
	u8 *b = buf(test, 2000);
	struct nat64_v6_info in;
	enum nat64_xlat_verdict v;

	/* Right after the IPv6 header: pointer 43. */
	ip6_hdr(b, 0, 24 + 8, 43, 64);
	b[40] = 17;  b[41] = 2;  b[42] = 0;  b[43] = 2;
	v = walk(b, 72, &in);
	KUNIT_EXPECT_EQ(test, v, NAT64_XLAT_PARAM_PROB);
	KUNIT_EXPECT_EQ(test, in.pointer, 43U);
	/* ... and after an 8-byte Hop-by-Hop header: pointer 51. */
	ip6_hdr(b, 0, 8 + 24 + 8, 0, 64);
	b[40] = 43;  b[41] = 0;
	b[48] = 17;  b[49] = 2;  b[51] = 2;
	v = walk(b, 80, &in);
	KUNIT_EXPECT_EQ(test, v, NAT64_XLAT_PARAM_PROB);
	KUNIT_EXPECT_EQ(test, in.pointer, 51U);
}

static void walk_fragment_header(struct kunit *test)
{
	u8 *b = buf(test, 2000);
	struct nat64_v6_info in;
	enum nat64_xlat_verdict v;

	/* First fragment: offset 0, M 1, ID 0x12345678, then TCP. */
	ip6_hdr(b, 0, 8 + 1232, 44, 64);
	b[40] = 6;  b[42] = 0;  b[43] = 1;
	b[44] = 0x12;  b[45] = 0x34;  b[46] = 0x56;  b[47] = 0x78;
	v = walk(b, 68, &in);
	KUNIT_EXPECT_EQ(test, v, NAT64_XLAT_OK);
	KUNIT_EXPECT_TRUE(test, in.has_frag);
	KUNIT_EXPECT_TRUE(test, in.frag_mf);
	KUNIT_EXPECT_EQ(test, in.frag_offset, 0);
	KUNIT_EXPECT_EQ(test, in.frag_id, 0x12345678U);
	KUNIT_EXPECT_EQ(test, in.frag_hoff, 40U);
	KUNIT_EXPECT_EQ(test, in.l4_off, 48U);
	KUNIT_EXPECT_EQ(test, in.l4_len, 1232U);
	KUNIT_EXPECT_EQ(test, in.proto, 6);

	/* Last fragment at 1480 bytes (offset 185), UDP. */
	ip6_hdr(b, 0, 8 + 100, 44, 64);
	b[40] = 17;  put16(b + 42, 185 << 3);
	v = walk(b, 48, &in);
	KUNIT_EXPECT_EQ(test, v, NAT64_XLAT_OK);
	KUNIT_EXPECT_TRUE(test, in.has_frag);
	KUNIT_EXPECT_FALSE(test, in.frag_mf);
	KUNIT_EXPECT_EQ(test, in.frag_offset, 185);
	KUNIT_EXPECT_EQ(test, in.proto, 17);
	KUNIT_EXPECT_EQ(test, in.l4_off, 48U);

	/* Non-first fragment whose next header is an options header. */
	b[40] = 60;
	KUNIT_EXPECT_EQ_MSG(test, walk(b, 48, &in), NAT64_XLAT_DROP,
			    "non-first fragment of skipped header dropped");
	/* First fragment with Destination Options after the Fragment Header. */
	ip6_hdr(b, 0, 8 + 8 + 100, 44, 64);
	b[40] = 60;  b[43] = 1;  b[48] = 17;
	KUNIT_EXPECT_EQ_MSG(test, walk(b, 56, &in), NAT64_XLAT_DROP,
			    "header after fragment header of a fragment");
	/* Same in an atomic fragment (offset 0, M 0): translated. */
	b[43] = 0;
	v = walk(b, 56, &in);
	KUNIT_EXPECT_EQ(test, v, NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, in.l4_off, 56U);
	KUNIT_EXPECT_EQ(test, in.proto, 17);
	/* Two Fragment Headers. */
	b[40] = 44;
	KUNIT_EXPECT_EQ_MSG(test, walk(b, 56, &in), NAT64_XLAT_DROP,
			    "two fragment headers");
	/* ICMPv6 in a real fragment is dropped, in an atomic one kept. */
	ip6_hdr(b, 0, 8 + 100, 44, 64);
	b[40] = 58;  b[43] = 1;
	KUNIT_EXPECT_EQ(test, walk(b, 48, &in), NAT64_XLAT_DROP);
	b[43] = 0;
	KUNIT_EXPECT_EQ(test, walk(b, 48, &in), NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, in.proto, 58);
}

/* Order, count and length of the headers, and the buffer's end. */
static void walk_bounds(struct kunit *test)
{
	u8 *b = buf(test, 2000);
	struct nat64_v6_info in;
	enum nat64_xlat_verdict v;
	u32 i;

	/* Hop-by-Hop anywhere but first. */
	ip6_hdr(b, 0, 16 + 8, 60, 64);
	b[40] = 0;  b[48] = 17;
	KUNIT_EXPECT_EQ_MSG(test, walk(b, 64, &in), NAT64_XLAT_DROP,
			    "HBH not first");

	/* 8 Destination Options headers pass, 9 do not. */
	ip6_hdr(b, 0, 9 * 8 + 8, 60, 64);
	for (i = 0; i < 9; i++)
		b[40 + 8 * i] = 60;
	b[40 + 8 * 7] = 6;
	v = walk(b, 40 + 9 * 8 + 8, &in);
	KUNIT_EXPECT_EQ(test, v, NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, in.l4_off, 104U);
	b[40 + 8 * 7] = 60;
	b[40 + 8 * 8] = 6;
	KUNIT_EXPECT_EQ_MSG(test, walk(b, 40 + 9 * 8 + 8, &in),
			    NAT64_XLAT_DROP, "9 extension headers (bound)");

	/* Truncation: header past payload length, or past the buffer. */
	ip6_hdr(b, 0, 16, 60, 64);
	b[40] = 6;  b[41] = 2;		/* 24 bytes, payload 16 */
	KUNIT_EXPECT_EQ_MSG(test, walk(b, 56, &in), NAT64_XLAT_DROP,
			    "ext header past payload length");
	ip6_hdr(b, 0, 64, 0, 64);
	b[40] = 60;  b[41] = 1;  b[56] = 6;
	v = walk(b, 50, &in);
	KUNIT_EXPECT_EQ(test, v, NAT64_XLAT_PULL);
	KUNIT_EXPECT_EQ(test, in.need, 64U);
	KUNIT_EXPECT_EQ(test, walk(b, 64, &in), NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, in.l4_off, 64U);
	/* Less than an IPv6 header: pull 40. */
	v = walk(b, 39, &in);
	KUNIT_EXPECT_EQ(test, v, NAT64_XLAT_PULL);
	KUNIT_EXPECT_EQ(test, in.need, 40U);
	b[0] = 0x45;
	KUNIT_EXPECT_EQ_MSG(test, walk(b, 64, &in), NAT64_XLAT_DROP,
			    "version 4 in an IPv6 walk");
	ip6_hdr(b, 0, 0, 0, 64);	/* jumbogram: payload length 0 */
	KUNIT_EXPECT_EQ_MSG(test, walk(b, 48, &in), NAT64_XLAT_DROP,
			    "jumbogram");
}

static bool hdr_ok(const struct iphdr *iph)
{
	return !ip_fast_csum(iph, 5);
}

/* Walk the 6->4 example at @b and translate it into @iph. */
static enum nat64_xlat_verdict to4(const u8 *b, u32 len,
				   struct nat64_v6_info *in, u16 id,
				   const struct nat64_xlat_cfg *cfg,
				   struct iphdr *iph)
{
	const struct ipv6hdr *ip6 = (const struct ipv6hdr *)b;

	nat64_v6_walk(ip6, len, in);
	return nat64_hdr_6to4(ip6, in, v4(198, 51, 100, 5), v4(192, 0, 2, 1),
			      id, cfg, iph);
}

/* RFC 7915 5.1 with exact bytes; expected checksums computed by hand. */
static void hdr_6to4_df_threshold(struct kunit *test)
{
	static const u8 want1260[20] = {
		0x45, 0xb8, 0x04, 0xec, 0x12, 0x34, 0x00, 0x00, 63, 17,
		0x77, 0xdb, 198, 51, 100, 5, 192, 0, 2, 1 };
	static const u8 want1261[20] = {
		0x45, 0xb8, 0x04, 0xed, 0x12, 0x34, 0x40, 0x00, 63, 17,
		0x37, 0xda, 198, 51, 100, 5, 192, 0, 2, 1 };
	u8 *b = buf(test, 2000);
	struct nat64_v6_info in;
	struct iphdr iph;

	/* 1240 bytes of UDP: 1260 translated, DF clear; 1241: DF set. */
	ip6_hdr(b, 0xb8, 1240, 17, 64);
	KUNIT_EXPECT_EQ(test, to4(b, 48, &in, 0x1234, &cfg_def, &iph),
			NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, memcmp(&iph, want1260, 20), 0);
	ip6_hdr(b, 0xb8, 1241, 17, 64);
	KUNIT_EXPECT_EQ(test, to4(b, 48, &in, 0x1234, &cfg_def, &iph),
			NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, memcmp(&iph, want1261, 20), 0);
}

static void hdr_6to4_fragment(struct kunit *test)
{
	static const u8 wantfrag[20] = {
		0x45, 0x00, 0x04, 0xe4, 0x56, 0x78, 0x20, 0x00, 63, 6,
		0x14, 0x62, 198, 51, 100, 5, 192, 0, 2, 1 };
	u8 *b = buf(test, 2000);
	struct nat64_v6_info in;
	struct iphdr iph;

	/* Fragment Header: ID low 16 bits, MF copied, DF 0, length - 8. */
	ip6_hdr(b, 0, 8 + 1232, 44, 64);
	b[40] = 6;  b[43] = 1;
	b[44] = 0x12;  b[45] = 0x34;  b[46] = 0x56;  b[47] = 0x78;
	KUNIT_EXPECT_EQ(test, to4(b, 48, &in, 0xeeee, &cfg_def, &iph),
			NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, memcmp(&iph, wantfrag, 20), 0);
	/* Offset 185 copied, M 0; DF stays 0 above 1260 bytes. */
	ip6_hdr(b, 0, 8 + 1400, 44, 64);
	b[40] = 17;  put16(b + 42, 185 << 3);
	KUNIT_EXPECT_EQ(test, to4(b, 48, &in, 0, &cfg_def, &iph),
			NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, ntohs(iph.frag_off), 185);
	KUNIT_EXPECT_EQ(test, ntohs(iph.tot_len), 1420);
	KUNIT_EXPECT_TRUE(test, hdr_ok(&iph));
}

static void hdr_6to4_fields(struct kunit *test)
{
	struct nat64_xlat_cfg cfg = cfg_def;
	u8 *b = buf(test, 2000);
	struct ipv6hdr *ip6;
	struct nat64_v6_info in;
	struct iphdr iph;
	__be32 s = v4(198, 51, 100, 5), d = v4(192, 0, 2, 1);

	/* Skipped headers leave the total length: 24 bytes of RH. */
	ip6_hdr(b, 0, 24 + 100, 43, 64);
	b[40] = 6;  b[41] = 2;
	KUNIT_EXPECT_EQ(test, to4(b, 64, &in, 0, &cfg, &iph), NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, ntohs(iph.tot_len), 120);
	KUNIT_EXPECT_EQ(test, iph.protocol, 6);

	/* Hop limit 1 and 0: Time Exceeded; 2: TTL 1. */
	ip6 = ip6_hdr(b, 0, 8, 17, 1);
	KUNIT_EXPECT_EQ(test, to4(b, 48, &in, 0, &cfg, &iph),
			NAT64_XLAT_TIME_EXCEEDED);
	ip6->hop_limit = 0;
	KUNIT_EXPECT_EQ(test, nat64_hdr_6to4(ip6, &in, s, d, 0, &cfg, &iph),
			NAT64_XLAT_TIME_EXCEEDED);
	ip6->hop_limit = 2;
	KUNIT_EXPECT_EQ(test, nat64_hdr_6to4(ip6, &in, s, d, 0, &cfg, &iph),
			NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, iph.ttl, 1);
	KUNIT_EXPECT_TRUE(test, hdr_ok(&iph));

	/* ICMPv6 -> protocol 1, TOS = traffic class; then the override. */
	ip6 = ip6_hdr(b, 0x2e, 8, 58, 64);
	to4(b, 48, &in, 0, &cfg, &iph);
	KUNIT_EXPECT_EQ(test, iph.protocol, 1);
	KUNIT_EXPECT_EQ(test, iph.tos, 0x2e);
	KUNIT_EXPECT_TRUE(test, hdr_ok(&iph));
	cfg.tos_override = true;
	cfg.tos = 0x10;
	nat64_hdr_6to4(ip6, &in, s, d, 0, &cfg, &iph);
	KUNIT_EXPECT_EQ(test, iph.tos, 0x10);
	KUNIT_EXPECT_TRUE(test, hdr_ok(&iph));
	cfg = cfg_def;

	/* Payload 65535 with no skipped header: 65555 > 65535, dropped. */
	ip6_hdr(b, 0, 65535, 17, 64);
	KUNIT_EXPECT_EQ_MSG(test, to4(b, 48, &in, 0, &cfg, &iph),
			    NAT64_XLAT_DROP, "6->4 over 65535 bytes");
}

/* IPv4 header with options @opt (@olen bytes, a multiple of 4). */
static u32 ip4_hdr(u8 *b, u8 tos, u16 tot, u16 id, u16 frag, u8 ttl,
		   u8 proto, const u8 *opt, u32 olen)
{
	struct iphdr *iph = (struct iphdr *)b;

	iph->version = 4;
	iph->ihl = (20 + olen) / 4;
	iph->tos = tos;
	iph->tot_len = htons(tot);
	iph->id = htons(id);
	iph->frag_off = htons(frag);
	iph->ttl = ttl;
	iph->protocol = proto;
	iph->saddr = v4(192, 0, 2, 1);
	iph->daddr = v4(198, 51, 100, 5);
	if (olen)
		memcpy(b + 20, opt, olen);
	ip_send_check(iph);
	return 20 + olen;
}

/* Check a copy of @src allocated to exactly @len bytes. */
static enum nat64_xlat_verdict check4(const u8 *src, u32 len, u32 pkt,
				      struct nat64_v4_info *in)
{
	u8 *b = kmalloc(len ? len : 1, GFP_KERNEL);
	enum nat64_xlat_verdict v;

	if (!b)
		return -1;
	memcpy(b, src, len);
	v = nat64_v4_check((const struct iphdr *)b, len, pkt, in);
	kfree(b);
	return v;
}

/* The translation of the IPv4 header at @b, from dst6 to src6. */
static enum nat64_xlat_verdict to6(const u8 *b, const struct nat64_v4_info *in,
				   const struct nat64_xlat_cfg *cfg,
				   struct nat64_hdr6 *h,
				   struct nat64_v6_plan *plan)
{
	return nat64_hdr_4to6((const struct iphdr *)b, in, &dst6, &src6, cfg,
			      &h->ip6, plan);
}

static void hdr_4to6_exact(struct kunit *test)
{
	static const u8 want[40] = {
		0x6b, 0x80, 0, 0, 0x00, 0x08, 17, 63,
		0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 1,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5 };
	struct nat64_xlat_cfg cfg = cfg_def;
	u8 *b = buf(test, 100);
	struct iphdr *iph = (struct iphdr *)b;
	struct nat64_v6_plan plan;
	struct nat64_v4_info in;
	struct nat64_hdr6 h;
	u32 hl;

	/* UDP, 8 bytes, TOS 0xb8, TTL 64, DF. */
	hl = ip4_hdr(b, 0xb8, 28, 7, 0x4000, 64, 17, NULL, 0);
	KUNIT_ASSERT_EQ(test, check4(b, hl, 28, &in), NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, to6(b, &in, &cfg, &h, &plan), NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, plan.hdr_len, 40);
	KUNIT_EXPECT_EQ(test, plan.frag_size, 0);
	KUNIT_EXPECT_EQ(test, memcmp(&h.ip6, want, 40), 0);
	/* TTL 1/0 -> Time Exceeded, 2 -> hop limit 1. */
	iph->ttl = 1;
	KUNIT_EXPECT_EQ(test, to6(b, &in, &cfg, &h, &plan),
			NAT64_XLAT_TIME_EXCEEDED);
	iph->ttl = 0;
	KUNIT_EXPECT_EQ(test, to6(b, &in, &cfg, &h, &plan),
			NAT64_XLAT_TIME_EXCEEDED);
	iph->ttl = 2;
	KUNIT_EXPECT_EQ(test, to6(b, &in, &cfg, &h, &plan), NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, h.ip6.hop_limit, 1);
	/* ICMP -> 58; tos override. */
	iph->protocol = 1;
	cfg.tos_override = true;
	cfg.tos = 0x20;
	to6(b, &in, &cfg, &h, &plan);
	KUNIT_EXPECT_EQ(test, h.ip6.nexthdr, 58);
	KUNIT_EXPECT_EQ(test, ((u8 *)&h.ip6)[0], 0x62);
	KUNIT_EXPECT_EQ(test, ((u8 *)&h.ip6)[1], 0x00);
}

/* Options: ignored, length excluded; source routes refused. */
static void v4_check_options(struct kunit *test)
{
	static const u8 lsrr[8] = { 1, 131, 7, 4, 10, 0, 0, 1 };
	static const u8 lsrr_done[8] = { 1, 131, 7, 8, 10, 0, 0, 1 };
	static const u8 ssrr[8] = { 137, 7, 4, 10, 0, 0, 1, 0 };
	static const u8 rr[8] = { 7, 7, 4, 0, 0, 0, 0, 0 };
	static const u8 badlen[4] = { 1, 68, 1, 0 };
	static const u8 pastend[4] = { 68, 8, 5, 0 };
	u8 *b = buf(test, 100);
	struct nat64_v6_plan plan;
	struct nat64_v4_info in;
	struct nat64_hdr6 h;
	u32 hl;

	hl = ip4_hdr(b, 0, 28 + 8, 7, 0, 64, 6, rr, 8);
	KUNIT_EXPECT_EQ(test, check4(b, hl, 36, &in), NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, to6(b, &in, &cfg_def, &h, &plan),
			NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, in.hdr_len, 28);
	KUNIT_EXPECT_EQ(test, ntohs(h.ip6.payload_len), 8);
	hl = ip4_hdr(b, 0, 36, 7, 0, 64, 6, lsrr, 8);
	KUNIT_EXPECT_EQ_MSG(test, check4(b, hl, 36, &in),
			    NAT64_XLAT_SR_FAILED, "unexpired LSRR");
	hl = ip4_hdr(b, 0, 36, 7, 0, 64, 6, ssrr, 8);
	KUNIT_EXPECT_EQ_MSG(test, check4(b, hl, 36, &in),
			    NAT64_XLAT_SR_FAILED, "unexpired SSRR");
	hl = ip4_hdr(b, 0, 36, 7, 0, 64, 6, lsrr_done, 8);
	KUNIT_EXPECT_EQ_MSG(test, check4(b, hl, 36, &in), NAT64_XLAT_OK,
			    "expired LSRR (pointer 8 > length 7) ignored");
	hl = ip4_hdr(b, 0, 32, 7, 0, 64, 6, badlen, 4);
	KUNIT_EXPECT_EQ_MSG(test, check4(b, hl, 32, &in), NAT64_XLAT_DROP,
			    "option length past the options");
	hl = ip4_hdr(b, 0, 32, 7, 0, 64, 6, pastend, 4);
	KUNIT_EXPECT_EQ_MSG(test, check4(b, hl, 32, &in), NAT64_XLAT_DROP,
			    "option pointer past its end");
	/* Header checks: total length past the packet, IHL 4, pull. */
	hl = ip4_hdr(b, 0, 28, 7, 0, 64, 6, NULL, 0);
	KUNIT_EXPECT_EQ_MSG(test, check4(b, hl, 27, &in), NAT64_XLAT_DROP,
			    "total length past the packet");
	b[0] = 0x44;
	KUNIT_EXPECT_EQ_MSG(test, check4(b, hl, 28, &in), NAT64_XLAT_DROP,
			    "IHL 4");
	ip4_hdr(b, 0, 36, 7, 0, 64, 6, rr, 8);
	KUNIT_EXPECT_EQ(test, check4(b, 24, 36, &in), NAT64_XLAT_PULL);
	KUNIT_EXPECT_EQ(test, in.need, 28U);
}

static void hdr_4to6_fragment(struct kunit *test)
{
	static const u8 want_fh[8] = { 17, 0, 0x03, 0x21, 0, 0, 0xab, 0xcd };
	u8 *b = buf(test, 100);
	struct iphdr *iph = (struct iphdr *)b;
	struct nat64_v6_plan plan;
	struct nat64_v4_info in;
	struct nat64_hdr6 h;
	u32 hl;

	/* A fragment: MF, offset 100, ID 0xabcd -> Fragment Header. */
	hl = ip4_hdr(b, 0, 20 + 800, 0xabcd, 0x2000 | 100, 64, 17, NULL, 0);
	KUNIT_ASSERT_EQ(test, check4(b, hl, 820, &in), NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, to6(b, &in, &cfg_def, &h, &plan),
			NAT64_XLAT_OK);
	KUNIT_EXPECT_EQ(test, plan.hdr_len, 48);
	KUNIT_EXPECT_EQ(test, plan.frag_size, 0);
	KUNIT_EXPECT_EQ(test, h.ip6.nexthdr, 44);
	KUNIT_EXPECT_EQ(test, ntohs(h.ip6.payload_len), 808);
	KUNIT_EXPECT_EQ(test, memcmp(&h.frag, want_fh, 8), 0);
	iph->protocol = 1;
	KUNIT_EXPECT_EQ_MSG(test, to6(b, &in, &cfg_def, &h, &plan),
			    NAT64_XLAT_DROP, "fragmented ICMP");
	/* A fragment reaching past 65535 bytes. */
	hl = ip4_hdr(b, 0, 20 + 16, 1, 8191, 64, 17, NULL, 0);
	KUNIT_EXPECT_EQ_MSG(test, check4(b, hl, 36, &in), NAT64_XLAT_DROP,
			    "fragment past 65535");
}

/* DF clear and larger than lowest-ipv6-mtu: the plan and its pieces. */
static void hdr_4to6_plan(struct kunit *test)
{
	struct nat64_xlat_cfg cfg = cfg_def;
	u8 *b = buf(test, 100);
	struct nat64_v6_plan plan;
	struct nat64_v4_info in;
	struct nat64_hdr6 h;
	u32 hl, size;

	/* DF 0: 1240 bytes of payload fit 1280; 1241 are fragmented. */
	hl = ip4_hdr(b, 0, 20 + 1240, 9, 0, 64, 17, NULL, 0);
	check4(b, hl, 1260, &in);
	to6(b, &in, &cfg, &h, &plan);
	KUNIT_EXPECT_EQ(test, plan.hdr_len, 40);
	KUNIT_EXPECT_EQ(test, plan.frag_size, 0);
	hl = ip4_hdr(b, 0, 20 + 1480, 0x4242, 0, 64, 17, NULL, 0);
	check4(b, hl, 1500, &in);
	to6(b, &in, &cfg, &h, &plan);
	KUNIT_EXPECT_EQ(test, plan.hdr_len, 48);
	KUNIT_EXPECT_EQ(test, plan.frag_size, 1232);
	KUNIT_EXPECT_EQ(test, h.ip6.nexthdr, 44);
	KUNIT_EXPECT_EQ(test, h.frag.nexthdr, 17);
	/* First piece: offset 0, M, ID; last: offset 154, no M. */
	nat64_hdr_4to6_piece(&h.ip6, &in, 0, 1232);
	KUNIT_EXPECT_EQ(test, ntohs(h.ip6.payload_len), 1240);
	KUNIT_EXPECT_EQ(test, ntohs(h.frag.frag_off), 1);
	KUNIT_EXPECT_EQ(test, memcmp(&h.frag.identification,
				     "\x00\x00\x42\x42", 4), 0);
	nat64_hdr_4to6_piece(&h.ip6, &in, 1232, 248);
	KUNIT_EXPECT_EQ(test, ntohs(h.ip6.payload_len), 256);
	KUNIT_EXPECT_EQ(test, ntohs(h.frag.frag_off), 154 << 3);
	/* A DF-0 fragment of 1236 bytes: 48 + 1236 > 1280, refragmented. */
	hl = ip4_hdr(b, 0, 20 + 1236, 5, 0x2000 | 10, 64, 17, NULL, 0);
	check4(b, hl, 1256, &in);
	to6(b, &in, &cfg, &h, &plan);
	nat64_hdr_4to6_piece(&h.ip6, &in, 1232, 4);
	KUNIT_EXPECT_EQ(test, plan.frag_size, 1232);
	KUNIT_EXPECT_EQ_MSG(test, ntohs(h.frag.frag_off), (164 << 3) | 1,
			    "M kept on the last piece");
	/* lowest-ipv6-mtu 1500: 1480 bytes do not fit as 1520; 1440 do. */
	cfg.lowest_ipv6_mtu = 1500;
	hl = ip4_hdr(b, 0, 20 + 1480, 1, 0, 64, 17, NULL, 0);
	check4(b, hl, 1500, &in);
	to6(b, &in, &cfg, &h, &plan);
	size = plan.frag_size;
	hl = ip4_hdr(b, 0, 20 + 1440, 1, 0, 64, 17, NULL, 0);
	check4(b, hl, 1460, &in);
	to6(b, &in, &cfg, &h, &plan);
	KUNIT_EXPECT_EQ(test, size, 1448U);
	KUNIT_EXPECT_EQ(test, plan.frag_size, 0);
	cfg = cfg_def;
	/* DF 1 and large: no fragment header, the caller's PMTU business. */
	hl = ip4_hdr(b, 0, 20 + 1480, 1, 0x4000, 64, 17, NULL, 0);
	check4(b, hl, 1500, &in);
	to6(b, &in, &cfg, &h, &plan);
	KUNIT_EXPECT_EQ(test, plan.hdr_len, 40);
	KUNIT_EXPECT_EQ(test, plan.frag_size, 0);
	KUNIT_EXPECT_EQ(test, ntohs(h.ip6.payload_len), 1480);
}

static void proto_mapping(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, nat64_proto_4to6(1), 58);
	KUNIT_EXPECT_EQ(test, nat64_proto_4to6(6), 6);
	KUNIT_EXPECT_EQ(test, nat64_proto_6to4(58), 1);
	KUNIT_EXPECT_EQ(test, nat64_proto_6to4(17), 17);
}

static u32 rnd(u32 *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

/* Garbage biased towards chains: mostly known next headers, short lengths. */
static void fuzz_garbage6(u8 *src, u32 len, u32 *rng)
{
	static const u8 nhs[] = { 0, 43, 44, 60, 6, 17, 58, 59 };
	u32 j, r;

	for (j = 0; j < len; j++) {
		r = rnd(rng);
		src[j] = r & 0xff;
		if ((r >> 8) % 4 == 0 && j % 8 == 0)
			src[j] = nhs[(r >> 16) % sizeof(nhs)];
		if ((r >> 8) % 4 == 1 && j % 8 == 1)
			src[j] = (r >> 16) % 3;
	}
	if (len > 7 && rnd(rng) % 4) {
		src[0] = 0x60;
		src[6] = nhs[rnd(rng) % sizeof(nhs)];
		put16(src + 4, (u16)(rnd(rng) % 2 ? len - 40 + rnd(rng) % 16
						  : rnd(rng)));
	}
}

/* Whether what the walk said of the garbage at @src holds. */
static bool walk_holds(const u8 *src, u32 len, enum nat64_xlat_verdict v,
		       const struct nat64_v6_info *in)
{
	u32 end = 40 + get16(src + 4);
	struct iphdr iph;

	switch (v) {
	case NAT64_XLAT_OK:
		if (in->l4_off + in->l4_len != end || in->l4_off < 40 ||
		    in->l4_off > end)
			return false;
		return nat64_hdr_6to4((const struct ipv6hdr *)src, in, 0, 0, 0,
				      &cfg_def, &iph) != NAT64_XLAT_OK ||
		       (hdr_ok(&iph) &&
			ntohs(iph.tot_len) == 20 + in->l4_len);
	case NAT64_XLAT_PULL:
		return in->need > len && (len < 40 || in->need <= end);
	case NAT64_XLAT_PARAM_PROB:
		return in->pointer < len && src[in->pointer] != 0;
	case NAT64_XLAT_DROP:
		return true;
	default:
		return false;
	}
}

static void walk_fuzz(struct kunit *test)
{
	unsigned int i, bad = 0, ok = 0, pull = 0, pp = 0;
	u8 *src = buf(test, 300);
	u32 rng = 0x9e3779b9, len;
	struct nat64_v6_info in;
	enum nat64_xlat_verdict v;

	for (i = 0; i < FUZZ_ROUNDS; i++) {
		len = rnd(&rng) % 300;
		fuzz_garbage6(src, len, &rng);
		v = walk(src, len, &in);
		ok += v == NAT64_XLAT_OK;
		pull += v == NAT64_XLAT_PULL;
		pp += v == NAT64_XLAT_PARAM_PROB;
		bad += !walk_holds(src, len, v, &in);
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
	KUNIT_EXPECT_GT(test, ok, 1000U);
	KUNIT_EXPECT_GT(test, pull, 1000U);
	KUNIT_EXPECT_GT(test, pp, 100U);
}

static void fuzz_garbage4(u8 *src, u32 len, u32 *rng)
{
	static const u8 opts[] = { 131, 137, 1, 7, 0 };
	u32 j;

	for (j = 0; j < len; j++)
		src[j] = rnd(rng) & 0xff;
	if (len <= 20)
		return;
	src[0] = 0x40 | (5 + rnd(rng) % 11);
	put16(src + 2, (u16)(rnd(rng) % 2 ? len : rnd(rng)));
	for (j = 20; j + 1 < len; j += 2)
		if (rnd(rng) % 3 == 0)
			src[j] = opts[rnd(rng) % 5];
	if (len >= 28 && rnd(rng) % 4 == 0) {
		src[20] = rnd(rng) % 2 ? 131 : 137;
		src[21] = 7;
		src[22] = 4 + rnd(rng) % 8;
	}
}

static void v4_check_fuzz(struct kunit *test)
{
	static const struct in6_addr any;
	unsigned int i, bad = 0, ok = 0, sr = 0;
	u32 rng = 0x9e3779b9, len;
	u8 *src = buf(test, 80);
	struct nat64_v6_plan plan;
	struct nat64_v4_info in;
	enum nat64_xlat_verdict v;
	struct nat64_hdr6 h;

	for (i = 0; i < FUZZ_ROUNDS; i++) {
		len = rnd(&rng) % 80;
		fuzz_garbage4(src, len, &rng);
		v = check4(src, len, len, &in);
		sr += v == NAT64_XLAT_SR_FAILED;
		if (v == NAT64_XLAT_PULL && in.need <= len)
			bad++;
		if (v != NAT64_XLAT_OK)
			continue;
		ok++;
		if (in.hdr_len > len || in.tot_len > len)
			bad++;
		v = nat64_hdr_4to6((const struct iphdr *)src, &in, &any, &any,
				   &cfg_def, &h.ip6, &plan);
		if (v == NAT64_XLAT_OK && plan.frag_size &&
		    (plan.frag_size % 8 ||
		     plan.hdr_len + plan.frag_size > 1280))
			bad++;
	}
	KUNIT_EXPECT_EQ(test, bad, 0U);
	KUNIT_EXPECT_GT(test, ok, 1000U);
	KUNIT_EXPECT_GT(test, sr, 100U);
}

static struct kunit_case xlat_hdr_cases[] = {
	KUNIT_CASE(walk_plain_and_skipped),
	KUNIT_CASE(walk_routing_param_prob),
	KUNIT_CASE(walk_fragment_header),
	KUNIT_CASE(walk_bounds),
	KUNIT_CASE(hdr_6to4_df_threshold),
	KUNIT_CASE(hdr_6to4_fragment),
	KUNIT_CASE(hdr_6to4_fields),
	KUNIT_CASE(hdr_4to6_exact),
	KUNIT_CASE(v4_check_options),
	KUNIT_CASE(hdr_4to6_fragment),
	KUNIT_CASE(hdr_4to6_plan),
	KUNIT_CASE(proto_mapping),
	KUNIT_CASE(walk_fuzz),
	KUNIT_CASE(v4_check_fuzz),
	{}
};

static struct kunit_suite xlat_hdr_suite = {
	.name = "nat64_xlat_hdr",
	.test_cases = xlat_hdr_cases,
};

kunit_test_suites(&xlat_hdr_suite);
