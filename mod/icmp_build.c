// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP errors as bytes: the translation of an error crossing the
 * translator, quoted packet included (RFC 7915 4.2-4.3, 5.2-5.3), and the
 * errors the translator originates.  Type and code, pointer, MTU and RFC
 * 4884 arithmetic come from icmp_map.c, IP headers from xlat_hdr.c,
 * checksums from csum_adj.c; this file puts the bytes where they go.
 */
#include "icmp_build.h"
#include "csum_adj.h"

/* The ICMPv4 and ICMPv6 headers are both 8 bytes. */
#define ICMP_HDR_LEN	((u32)sizeof(struct icmphdr))

static u16 be16_val(__be16 v)
{
	return nat64_get16((const u8 *)&v);
}

static u32 min_u32(u32 a, u32 b)
{
	return a < b ? a : b;
}

/*
 * The quoted transport header: ports, or for ICMP an echo whose identifier
 * stands in for both (RFC 6146 3.4).  A quoted ICMP error means the outer
 * one is an error about an error: never translated (RFC 7915 4.3, 5.3).
 */
static enum nat64_icmp_err_verdict quote_ports(const u8 *l4, u32 avail,
					       struct nat64_icmp_quote *q,
					       u8 icmp_proto)
{
	enum nat64_icmp_verdict v;
	u8 t, c;

	if (q->proto == IPPROTO_TCP || q->proto == IPPROTO_UDP) {
		if (avail < 4)
			return NAT64_ICMP_ERR_MALFORMED;
		memcpy(&q->sport, l4, 2);
		memcpy(&q->dport, l4 + 2, 2);
		return NAT64_ICMP_ERR_OK;
	}
	if (q->proto != icmp_proto)
		return NAT64_ICMP_ERR_PROTO;
	if (avail < ICMP_HDR_LEN)
		return NAT64_ICMP_ERR_MALFORMED;
	if (icmp_proto == IPPROTO_ICMPV6)
		v = nat64_icmp_6to4(l4[0], l4[1], &t, &c);
	else
		v = nat64_icmp_4to6(l4[0], l4[1], &t, &c);
	if (v != NAT64_ICMP_INFO)
		return NAT64_ICMP_ERR_TYPE;
	memcpy(&q->sport, l4 + 4, 2);
	q->dport = q->sport;
	return NAT64_ICMP_ERR_OK;
}

/*
 * Splits what follows the error's ICMP header, @avail bytes of it in the
 * buffer.  Choice: extensions that are not all in the buffer (the caller
 * copies what a translated error could carry) are left out; the datagram
 * field is then all quote.
 */
static void split_body(struct nat64_icmp_quote *q, u32 avail, u32 orig,
		       u32 ext)
{
	if (ext && orig + ext > avail)
		ext = 0;
	q->q_off = q->icmp_off + ICMP_HDR_LEN;
	q->q_len = min_u32(orig, avail);
	if (ext) {
		q->ext_off = q->q_off + orig;
		q->ext_len = ext;
	}
}

static enum nat64_icmp_err_verdict quote6(const u8 *ip6,
					  struct nat64_icmp_quote *q)
{
	struct nat64_v6_info *i = &q->i6;

	if (nat64_v6_walk(ip6, q->q_len, i) != NAT64_XLAT_OK)
		return NAT64_ICMP_ERR_MALFORMED;
	/* A later fragment quotes no transport header to look up. */
	if (i->has_frag && i->frag_offset)
		return NAT64_ICMP_ERR_MALFORMED;
	/* The walk reads 8 bytes of each header: the last may be cut. */
	if (i->l4_off > q->q_len)
		return NAT64_ICMP_ERR_MALFORMED;
	/* Padding after the quoted packet (RFC 4884) is not part of it. */
	q->q_len = min_u32(q->q_len, i->l4_off + i->l4_len);
	q->frag = i->has_frag;
	q->l4_off = i->l4_off;
	q->l4_len = i->l4_len;
	q->proto = i->proto;
	memcpy(&q->src6, ip6 + 8, 16);
	memcpy(&q->dst6, ip6 + 24, 16);
	return quote_ports(ip6 + i->l4_off, q->q_len - i->l4_off, q,
			   IPPROTO_ICMPV6);
}

enum nat64_icmp_err_verdict nat64_icmp_err_parse6(const u8 *pkt, u32 len,
					const struct nat64_v6_info *info,
					struct nat64_icmp_quote *q)
{
	u32 avail, payload, orig, ext = 0;
	const u8 *icmp;
	u8 ptr4;

	memset(q, 0, sizeof(*q));
	if (info->proto != IPPROTO_ICMPV6 || info->l4_len < ICMP_HDR_LEN ||
	    len < info->l4_off + ICMP_HDR_LEN)
		return NAT64_ICMP_ERR_MALFORMED;
	if (info->has_frag && (info->frag_mf || info->frag_offset))
		return NAT64_ICMP_ERR_FRAGMENTED;
	q->icmp_off = info->l4_off;
	icmp = pkt + q->icmp_off;
	q->verdict = nat64_icmp_6to4(icmp[0], icmp[1], &q->type, &q->code);
	if (q->verdict == NAT64_ICMP_DROP || q->verdict == NAT64_ICMP_INFO)
		return NAT64_ICMP_ERR_TYPE;
	if (q->verdict == NAT64_ICMP_ERROR_POINTER) {
		if (!nat64_icmp_ptr_6to4(nat64_get32(icmp + 4), &ptr4))
			return NAT64_ICMP_ERR_TYPE;
		q->value = ptr4;
	} else if (q->verdict == NAT64_ICMP_ERROR_PTB) {
		q->value = nat64_get32(icmp + 4);
	}

	payload = info->l4_len - ICMP_HDR_LEN;
	avail = min_u32(len - q->icmp_off, info->l4_len) - ICMP_HDR_LEN;
	orig = payload;
	if (nat64_icmp6_has_len(icmp[0]) && icmp[NAT64_ICMP6_LEN_BYTE])
		nat64_icmp6_ext_split(icmp[NAT64_ICMP6_LEN_BYTE], payload,
				      &orig, &ext);
	split_body(q, avail, orig, ext);
	return quote6(pkt + q->q_off, q);
}

static enum nat64_icmp_err_verdict quote4(const u8 *ip4,
					  struct nat64_icmp_quote *q)
{
	struct nat64_v4_info *i = &q->i4;
	enum nat64_xlat_verdict v;

	/*
	 * The quote is cut short, so its Total Length is checked against
	 * the most a packet can hold rather than against the bytes here.
	 * Options are dropped by the translation: a source route in them
	 * is no reason to refuse the error.
	 */
	v = nat64_v4_check(ip4, q->q_len, 0xffff, i);
	if (v != NAT64_XLAT_OK && v != NAT64_XLAT_SR_FAILED)
		return NAT64_ICMP_ERR_MALFORMED;
	if (i->frag_offset)
		return NAT64_ICMP_ERR_MALFORMED;
	q->q_len = min_u32(q->q_len, i->tot_len);
	if (q->q_len < i->hdr_len)
		return NAT64_ICMP_ERR_MALFORMED;
	q->tot_len = i->tot_len;
	q->l4_off = i->hdr_len;
	q->l4_len = i->tot_len - i->hdr_len;
	q->proto = ip4[9];
	memcpy(&q->src4, ip4 + 12, 4);
	memcpy(&q->dst4, ip4 + 16, 4);
	return quote_ports(ip4 + i->hdr_len, q->q_len - i->hdr_len, q,
			   IPPROTO_ICMP);
}

enum nat64_icmp_err_verdict nat64_icmp_err_parse4(const u8 *pkt, u32 len,
					const struct nat64_v4_info *info,
					struct nat64_icmp_quote *q)
{
	u32 avail, payload, orig, ext = 0, ptr6;
	const u8 *icmp;

	memset(q, 0, sizeof(*q));
	if (info->tot_len < info->hdr_len + ICMP_HDR_LEN ||
	    len < info->hdr_len + ICMP_HDR_LEN)
		return NAT64_ICMP_ERR_MALFORMED;
	if (info->mf || info->frag_offset)
		return NAT64_ICMP_ERR_FRAGMENTED;
	q->icmp_off = info->hdr_len;
	icmp = pkt + q->icmp_off;
	q->verdict = nat64_icmp_4to6(icmp[0], icmp[1], &q->type, &q->code);
	if (q->verdict == NAT64_ICMP_DROP || q->verdict == NAT64_ICMP_INFO)
		return NAT64_ICMP_ERR_TYPE;
	if (q->verdict == NAT64_ICMP_ERROR_POINTER) {
		if (!nat64_icmp_ptr_4to6(icmp[4], &ptr6))
			return NAT64_ICMP_ERR_TYPE;
		q->value = ptr6;
	} else if (q->verdict == NAT64_ICMP_ERROR_PTB) {
		q->value = nat64_get16(icmp + 6);
	}

	payload = info->tot_len - info->hdr_len - ICMP_HDR_LEN;
	avail = min_u32(len, info->tot_len) - info->hdr_len - ICMP_HDR_LEN;
	orig = payload;
	if (nat64_icmp4_has_len(icmp[0]) && icmp[NAT64_ICMP4_LEN_BYTE])
		nat64_icmp4_ext_split(icmp[NAT64_ICMP4_LEN_BYTE], payload,
				      &orig, &ext);
	split_body(q, avail, orig, ext);
	return quote4(pkt + q->q_off, q);
}

/* Where the quoted transport header keeps its checksum. */
static u32 csum_off(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return 16;
	case IPPROTO_UDP:
		return 6;
	}
	return 2;	/* ICMP and ICMPv6 */
}

/*
 * Ports (or identifier and echo type) of the quoted transport header at
 * @l4, @avail bytes of it copied, and its checksum when the quote reaches
 * it: adjusted, never recomputed (the quote is usually cut, and a wrong
 * checksum stays as wrong as it was).  Choice: a quoted IPv4 UDP checksum
 * of 0 stays 0, as the datagram it belongs to cannot be summed from a
 * quote.  @v6 says the quote goes to IPv6.
 */
static void quote_transport(u8 *l4, u32 avail, const struct nat64_icmp_quote *q,
			    const struct nat64_icmp_rewrite *rw, bool v6)
{
	u32 off = csum_off(q->proto);
	bool icmp = q->proto != IPPROTO_TCP && q->proto != IPPROTO_UDP;
	u16 check = avail >= off + 2 ? nat64_get16(l4 + off) : 0;
	u16 old_tc = nat64_get16(l4), new_tc;
	u8 t, c;

	if (icmp) {
		if (v6)
			nat64_icmp_4to6(l4[0], l4[1], &t, &c);
		else
			nat64_icmp_6to4(l4[0], l4[1], &t, &c);
		l4[0] = t;
		l4[1] = c;
		memcpy(l4 + 4, &rw->isport, 2);
	} else {
		memcpy(l4, &rw->isport, 2);
		memcpy(l4 + 2, &rw->idport, 2);
	}
	/* IPv4 UDP without a checksum: nothing to adjust, nothing to sum. */
	if (avail < off + 2 || (q->proto == IPPROTO_UDP && !check))
		return;

	if (icmp) {
		new_tc = nat64_get16(l4);
		if (v6)
			check = nat64_csum_icmp_4to6(check, &rw->isrc6,
						     &rw->idst6, q->l4_len);
		else
			check = nat64_csum_icmp_6to4(check, &q->src6,
						     &q->dst6, q->l4_len);
		check = nat64_csum_replace16(check, old_tc, new_tc);
		check = nat64_csum_replace16(check, be16_val(q->sport),
					     be16_val(rw->isport));
	} else {
		if (v6)
			check = nat64_csum_4to6(check, q->src4, q->dst4,
						&rw->isrc6, &rw->idst6);
		else
			check = nat64_csum_6to4(check, &q->src6, &q->dst6,
						rw->isrc4, rw->idst4);
		check = nat64_csum_replace16(check, be16_val(q->sport),
					     be16_val(rw->isport));
		check = nat64_csum_replace16(check, be16_val(q->dport),
					     be16_val(rw->idport));
		if (q->proto == IPPROTO_UDP)
			check = nat64_csum_udp(check);
	}
	nat64_put16(l4 + off, check);
}

/*
 * The quoted IPv6 header as an IPv4 one at @out.  Choice (RFC 7915 4.3
 * and 5.3 only say to translate it like an outer header): the quote is
 * not a hop, so its Hop Limit is kept; the header is translated from a
 * copy whose Hop Limit cannot run out and the TTL is put back after.  Its
 * TOS is the quote's own whatever the override says: it describes the
 * packet as it was.  No Identification survives the way to IPv6 unless a
 * Fragment Header carried it; otherwise 0.
 */
static bool quote_hdr4(const u8 *ip6, const struct nat64_icmp_quote *q,
		       const struct nat64_icmp_rewrite *rw, u8 *out)
{
	struct nat64_xlat_cfg cfg = { .lowest_ipv6_mtu = IPV6_MIN_MTU };
	u8 hdr[sizeof(struct ipv6hdr)];

	memcpy(hdr, ip6, sizeof(hdr));
	hdr[7] = 0xff;
	if (nat64_hdr_6to4(hdr, &q->i6, rw->isrc4, rw->idst4, 0, &cfg,
			   out) != NAT64_XLAT_OK)
		return false;
	out[8] = ip6[7];
	nat64_put16(out + 10, 0);
	nat64_put16(out + 10,
		    (u16)~nat64_csum_add(0, out, sizeof(struct iphdr)));
	return true;
}

/* The error's ICMPv4 header (checksum left for the end). */
static void write_icmp4_hdr(u8 *icmp, const struct nat64_icmp_quote *q,
			    const struct nat64_icmp_rewrite *rw, u8 len)
{
	memset(icmp, 0, ICMP_HDR_LEN);
	icmp[0] = q->type;
	icmp[1] = q->code;
	if (q->verdict == NAT64_ICMP_ERROR_PTB)
		nat64_put16(icmp + 6, (u16)rw->mtu);
	else if (q->verdict == NAT64_ICMP_ERROR_POINTER)
		icmp[4] = (u8)q->value;
	if (nat64_icmp4_has_len(q->type))
		icmp[NAT64_ICMP4_LEN_BYTE] = len;
}

u32 nat64_icmp_err_build4(const u8 *pkt, const struct nat64_v6_info *info,
			  const struct nat64_icmp_quote *q,
			  const struct nat64_icmp_rewrite *rw, u8 *out,
			  enum nat64_icmp_err_verdict *why)
{
	const u8 *ip6 = pkt + q->q_off;
	u8 *icmp = out + sizeof(struct iphdr), *body = icmp + ICMP_HDR_LEN;
	u32 data = q->q_len - q->l4_off, msg_len;
	struct nat64_v6_info outer = *info;
	struct nat64_icmp_body b;
	enum nat64_xlat_verdict v;

	nat64_icmp_body_6to4(sizeof(struct iphdr) + data, q->ext_len,
			     nat64_icmp4_has_len(q->type), &b);
	if (!quote_hdr4(ip6, q, rw, body)) {
		*why = NAT64_ICMP_ERR_MALFORMED;
		return 0;
	}
	memcpy(body + sizeof(struct iphdr), ip6 + q->l4_off,
	       b.orig - sizeof(struct iphdr));
	quote_transport(body + sizeof(struct iphdr),
			b.orig - sizeof(struct iphdr), q, rw, false);
	memset(body + b.orig, 0, b.pad);
	memcpy(body + b.orig + b.pad, pkt + q->ext_off, b.ext);
	msg_len = ICMP_HDR_LEN + b.orig + b.pad + b.ext;

	write_icmp4_hdr(icmp, q, rw, b.len);
	nat64_put16(icmp + 2, nat64_csum_icmp4(icmp, (u16)msg_len));

	outer.l4_len = msg_len;
	v = nat64_hdr_6to4(pkt, &outer, rw->saddr4, rw->daddr4, rw->id,
			   &rw->cfg, out);
	if (v != NAT64_XLAT_OK) {
		*why = v == NAT64_XLAT_TIME_EXCEEDED ? NAT64_ICMP_ERR_TTL
						     : NAT64_ICMP_ERR_MALFORMED;
		return 0;
	}
	return sizeof(struct iphdr) + msg_len;
}

/*
 * The quoted IPv4 header as an IPv6 one (plus a Fragment Header when it
 * was a first fragment) at @out, Hop Limit and traffic class kept as in
 * quote_hdr4().  Returns the header length, 0 if it cannot be translated.
 */
static u32 quote_hdr6(const u8 *ip4, const struct nat64_icmp_quote *q,
		      const struct nat64_icmp_rewrite *rw, u8 *out)
{
	/* No fragmentation plan: the quote is never split. */
	struct nat64_xlat_cfg cfg = { .lowest_ipv6_mtu = 0xffffffff };
	struct nat64_v6_plan plan;
	u8 hdr[60];

	memcpy(hdr, ip4, q->i4.hdr_len);
	hdr[8] = 0xff;
	if (nat64_hdr_4to6(hdr, &q->i4, &rw->isrc6, &rw->idst6, &cfg, out,
			   &plan) != NAT64_XLAT_OK)
		return 0;
	out[7] = ip4[8];
	return plan.hdr_len;
}

/* The error's ICMPv6 header (checksum left for the end). */
static void write_icmp6_hdr(u8 *icmp, const struct nat64_icmp_quote *q,
			    const struct nat64_icmp_rewrite *rw, u8 len)
{
	memset(icmp, 0, ICMP_HDR_LEN);
	icmp[0] = q->type;
	icmp[1] = q->code;
	switch (q->verdict) {
	case NAT64_ICMP_ERROR_PTB:
		nat64_put32(icmp + 4, rw->mtu);
		break;
	case NAT64_ICMP_ERROR_POINTER:
		nat64_put32(icmp + 4, q->value);
		break;
	case NAT64_ICMP_ERROR_NEXTHDR:
		nat64_put32(icmp + 4, offsetof(struct ipv6hdr, nexthdr));
		break;
	default:
		if (nat64_icmp6_has_len(q->type))
			icmp[NAT64_ICMP6_LEN_BYTE] = len;
	}
}

u32 nat64_icmp_err_build6(const u8 *pkt, const struct nat64_v4_info *info,
			  const struct nat64_icmp_quote *q,
			  const struct nat64_icmp_rewrite *rw, u8 *out,
			  enum nat64_icmp_err_verdict *why)
{
	const u8 *ip4 = pkt + q->q_off;
	u8 *icmp = out + sizeof(struct ipv6hdr), *body = icmp + ICMP_HDR_LEN;
	u32 data = q->q_len - q->l4_off, msg_len, hlen;
	struct nat64_xlat_cfg cfg = rw->cfg;
	struct nat64_v4_info outer = *info;
	struct nat64_icmp_body b;
	struct nat64_v6_plan plan;
	enum nat64_xlat_verdict v;

	hlen = quote_hdr6(ip4, q, rw, body);
	if (!hlen) {
		*why = NAT64_ICMP_ERR_MALFORMED;
		return 0;
	}
	nat64_icmp_body_4to6(hlen + data, q->ext_len,
			     nat64_icmp6_has_len(q->type), &b);
	memcpy(body + hlen, ip4 + q->l4_off, b.orig - hlen);
	quote_transport(body + hlen, b.orig - hlen, q, rw, true);
	memset(body + b.orig, 0, b.pad);
	memcpy(body + b.orig + b.pad, pkt + q->ext_off, b.ext);
	msg_len = ICMP_HDR_LEN + b.orig + b.pad + b.ext;
	write_icmp6_hdr(icmp, q, rw, b.len);

	outer.tot_len = (u16)(outer.hdr_len + msg_len);
	cfg.lowest_ipv6_mtu = 0xffffffff;
	v = nat64_hdr_4to6(pkt, &outer, &rw->saddr6, &rw->daddr6, &cfg, out,
			   &plan);
	if (v != NAT64_XLAT_OK) {
		*why = v == NAT64_XLAT_TIME_EXCEEDED ? NAT64_ICMP_ERR_TTL
						     : NAT64_ICMP_ERR_FRAGMENTED;
		return 0;
	}
	nat64_put16(icmp + 2, nat64_csum_full6(&rw->saddr6, &rw->daddr6,
					 IPPROTO_ICMPV6, icmp, msg_len));
	return sizeof(struct ipv6hdr) + msg_len;
}

/* RFC 1122 3.2.2: only the known informational ICMPv4 types. */
static bool icmp4_is_query(u8 type)
{
	switch (type) {
	case ICMP_ECHOREPLY:
	case ICMP_ECHO:
	case 9:		/* Router Advertisement (RFC 1256) */
	case 10:	/* Router Solicitation */
	case ICMP_TIMESTAMP:
	case ICMP_TIMESTAMPREPLY:
	case ICMP_INFO_REQUEST:
	case ICMP_INFO_REPLY:
	case ICMP_ADDRESS:
	case ICMP_ADDRESSREPLY:
		return true;
	}
	return false;
}

bool nat64_icmp4_may_answer(const u8 *pkt, u32 len)
{
	u32 ihl;

	if (len < sizeof(struct iphdr) || pkt[0] >> 4 != 4)
		return false;
	ihl = (pkt[0] & 0x0f) * 4;
	if (ihl < sizeof(struct iphdr) || len < ihl)
		return false;
	/* A later fragment: it may belong to an ICMP error. */
	if (nat64_get16(pkt + 6) & IP_OFFSET)
		return false;
	/* Source "this network", loopback, multicast, class E, broadcast. */
	if (pkt[12] == 0 || pkt[12] == 127 || pkt[12] >= 224)
		return false;
	/* Sent to multicast or broadcast (RFC 1812 4.3.2.7). */
	if (pkt[16] >= 224)
		return false;
	if (pkt[9] != IPPROTO_ICMP)
		return true;
	return len > ihl && icmp4_is_query(pkt[ihl]);
}

static bool is_skipped6(u8 nh)
{
	return nh == IPPROTO_HOPOPTS || nh == IPPROTO_ROUTING ||
	       nh == IPPROTO_DSTOPTS || nh == IPPROTO_FRAGMENT;
}

/*
 * The upper-layer protocol, walking the extension headers without judging
 * them (a Routing header with Segments Left is what Parameter Problem is
 * about).  False when the headers are not all in @len bytes, or when a
 * later fragment hides it.
 */
static bool upper6(const u8 *pkt, u32 len, u8 *nh, u32 *off)
{
	unsigned int count = 0;

	*nh = pkt[6];
	*off = sizeof(struct ipv6hdr);
	while (is_skipped6(*nh)) {
		if (++count > NAT64_XLAT_MAX_EXTHDRS || *off + 8 > len)
			return false;
		if (*nh == IPPROTO_FRAGMENT) {
			if (nat64_get16(pkt + *off + 2) >> 3)
				return false;
			*nh = pkt[*off];
			*off += sizeof(struct frag_hdr);
			continue;
		}
		*nh = pkt[*off];
		*off += ((u32)pkt[*off + 1] + 1) * 8;
	}
	return true;
}

static bool addr6_any(const u8 *a)
{
	static const u8 zero[16];

	return !memcmp(a, zero, 16);
}

static bool addr6_loopback(const u8 *a)
{
	static const u8 lo[16] = { [15] = 1 };

	return !memcmp(a, lo, 16);
}

bool nat64_icmp6_may_answer(const u8 *pkt, u32 len)
{
	u32 off;
	u8 nh;

	if (len < sizeof(struct ipv6hdr) || pkt[0] >> 4 != 6)
		return false;
	/* RFC 4443 2.4 (e.3)-(e.6): whom an error cannot go to. */
	if (addr6_any(pkt + 8) || addr6_loopback(pkt + 8) || pkt[8] == 0xff)
		return false;
	if (pkt[24] == 0xff)
		return false;
	if (!upper6(pkt, len, &nh, &off))
		return false;
	if (nh != IPPROTO_ICMPV6)
		return true;
	/* (e.1) and (e.2): not about an error, nor about a Redirect. */
	return len > off && pkt[off] >= 128 && pkt[off] != NDISC_REDIRECT;
}

u32 nat64_icmp4_build_error(u8 type, u8 code, u32 info, const u8 *pkt,
			    u32 len, u8 *out)
{
	u32 quote = min_u32(len, NAT64_ICMP4_ERR_ROOM);

	memset(out, 0, ICMP_HDR_LEN);
	out[0] = type;
	out[1] = code;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		nat64_put16(out + 6, (u16)info);
	else if (type == ICMP_PARAMETERPROB)
		out[4] = (u8)info;
	memcpy(out + ICMP_HDR_LEN, pkt, quote);
	nat64_put16(out + 2,
		    nat64_csum_icmp4(out, (u16)(ICMP_HDR_LEN + quote)));
	return ICMP_HDR_LEN + quote;
}

u32 nat64_icmp6_build_error(u8 type, u8 code, u32 info, const u8 *pkt,
			    u32 len, const struct in6_addr *saddr,
			    const struct in6_addr *daddr, u8 *out)
{
	u32 quote = min_u32(len, NAT64_ICMP6_ERR_ROOM);

	memset(out, 0, ICMP_HDR_LEN);
	out[0] = type;
	out[1] = code;
	if (type == ICMPV6_PKT_TOOBIG || type == ICMPV6_PARAMPROB)
		nat64_put32(out + 4, info);
	memcpy(out + ICMP_HDR_LEN, pkt, quote);
	nat64_put16(out + 2, nat64_csum_full6(saddr, daddr, IPPROTO_ICMPV6, out,
					ICMP_HDR_LEN + quote));
	return ICMP_HDR_LEN + quote;
}
