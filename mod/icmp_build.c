// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP errors: the translation of an error crossing the translator, quoted
 * packet included (RFC 7915 4.2-4.3, 5.2-5.3), and the errors the
 * translator originates.  Type and code, pointer, MTU and RFC 4884
 * arithmetic come from icmp_map.c, IP headers from xlat_hdr.c; this file
 * fills in the ICMP headers and the quote, and the checksums with the
 * stack's helpers: computed (csum_partial(), csum_ipv6_magic()) for what
 * the translator writes whole, updated (csum_replace2(),
 * csum_replace_by_diff()) for the quoted packet it only edits.
 */
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "kunit.h"
#include "icmp_build.h"

/* The ICMPv4 and ICMPv6 headers are both 8 bytes. */
#define ICMP_HDR_LEN	((u32)sizeof(struct icmphdr))

/* ICMPv4 Parameter Problem: the pointer is the first byte (RFC 792). */
static u8 icmp4_pointer(const struct icmphdr *ic)
{
	return ntohl(ic->un.gateway) >> 24;
}

static __be32 icmp4_pointer_field(u8 ptr)
{
	return htonl((u32)ptr << 24);
}

/* Type and code as the 16-bit word the checksum sums them in. */
static __be16 type_code(u8 type, u8 code)
{
	return htons(type << 8 | code);
}

void nat64_icmp_echo_4to6(struct icmphdr *ic, u8 type, u8 code, __be16 id,
			  const struct in6_addr *saddr,
			  const struct in6_addr *daddr, u32 len)
{
	csum_replace2(&ic->checksum, type_code(ic->type, ic->code),
		      type_code(type, code));
	csum_replace2(&ic->checksum, ic->un.echo.id, id);
	csum_replace2(&ic->checksum, 0, nat64_icmp6_pseudo(saddr, daddr, len));
	/* An ICMPv6 echo has the same layout: rewritten in place. */
	ic->type = type;
	ic->code = code;
	ic->un.echo.id = id;
}
NAT64_KUNIT_EXPORT(nat64_icmp_echo_4to6);

void nat64_icmp_echo_6to4(struct icmp6hdr *ic6, u8 type, u8 code, __be16 id,
			  const struct in6_addr *saddr,
			  const struct in6_addr *daddr, u32 len)
{
	csum_replace2(&ic6->icmp6_cksum, nat64_icmp6_pseudo(saddr, daddr, len),
		      0);
	csum_replace2(&ic6->icmp6_cksum,
		      type_code(ic6->icmp6_type, ic6->icmp6_code),
		      type_code(type, code));
	csum_replace2(&ic6->icmp6_cksum, ic6->icmp6_identifier, id);
	ic6->icmp6_type = type;
	ic6->icmp6_code = code;
	ic6->icmp6_identifier = id;
}
NAT64_KUNIT_EXPORT(nat64_icmp_echo_6to4);

/*
 * A quoted ICMP message: an echo, whose identifier stands in for both
 * ports (RFC 6146 3.4).  A quoted ICMP error means the outer one is an
 * error about an error: never translated (RFC 7915 4.3, 5.3).
 */
static enum nat64_icmp_err_verdict quote_echo(const void *l4,
					      struct nat64_icmp_quote *q,
					      bool v6)
{
	const struct icmp6hdr *ic6 = l4;
	const struct icmphdr *ic = l4;
	enum nat64_icmp_verdict v;
	u8 t, c;

	if (v6)
		v = nat64_icmp_6to4(ic6->icmp6_type, ic6->icmp6_code, &t, &c);
	else
		v = nat64_icmp_4to6(ic->type, ic->code, &t, &c);
	if (v != NAT64_ICMP_INFO)
		return NAT64_ICMP_ERR_TYPE;
	q->sport = v6 ? ic6->icmp6_identifier : ic->un.echo.id;
	q->dport = q->sport;
	return NAT64_ICMP_ERR_OK;
}

/* The quoted transport header at @l4, @avail bytes of it: ports or id. */
static enum nat64_icmp_err_verdict quote_ports(const void *l4, u32 avail,
					       struct nat64_icmp_quote *q,
					       u8 icmp_proto)
{
	const __be16 *ports = l4;

	if (q->proto == IPPROTO_TCP || q->proto == IPPROTO_UDP) {
		if (avail < 2 * sizeof(__be16))
			return NAT64_ICMP_ERR_MALFORMED;
		q->sport = ports[0];
		q->dport = ports[1];
		return NAT64_ICMP_ERR_OK;
	}
	if (q->proto != icmp_proto)
		return NAT64_ICMP_ERR_PROTO;
	if (avail < ICMP_HDR_LEN)
		return NAT64_ICMP_ERR_MALFORMED;
	return quote_echo(l4, q, icmp_proto == IPPROTO_ICMPV6);
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
	q->q_len = min(orig, avail);
	if (ext) {
		q->ext_off = q->q_off + orig;
		q->ext_len = ext;
	}
}

static enum nat64_icmp_err_verdict quote6(const struct ipv6hdr *ip6,
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
	q->q_len = min(q->q_len, i->l4_off + i->l4_len);
	q->frag = i->has_frag;
	q->l4_off = i->l4_off;
	q->l4_len = i->l4_len;
	q->proto = i->proto;
	q->src6 = ip6->saddr;
	q->dst6 = ip6->daddr;
	return quote_ports((const void *)ip6 + i->l4_off,
			   q->q_len - i->l4_off, q, IPPROTO_ICMPV6);
}

enum nat64_icmp_err_verdict nat64_icmp_err_parse6(const struct ipv6hdr *ip6,
					u32 len,
					const struct nat64_v6_info *info,
					struct nat64_icmp_quote *q)
{
	u32 avail, payload, orig, ext = 0;
	const struct icmp6hdr *ic6;
	u8 ptr4;

	memset(q, 0, sizeof(*q));
	if (info->proto != IPPROTO_ICMPV6 || info->l4_len < ICMP_HDR_LEN ||
	    len < info->l4_off + ICMP_HDR_LEN)
		return NAT64_ICMP_ERR_MALFORMED;
	if (info->has_frag && (info->frag_mf || info->frag_offset))
		return NAT64_ICMP_ERR_FRAGMENTED;
	q->icmp_off = info->l4_off;
	ic6 = (const void *)ip6 + q->icmp_off;
	q->verdict = nat64_icmp_6to4(ic6->icmp6_type, ic6->icmp6_code,
				     &q->type, &q->code);
	if (q->verdict == NAT64_ICMP_DROP || q->verdict == NAT64_ICMP_INFO)
		return NAT64_ICMP_ERR_TYPE;
	if (q->verdict == NAT64_ICMP_ERROR_POINTER) {
		if (!nat64_icmp_ptr_6to4(ntohl(ic6->icmp6_pointer), &ptr4))
			return NAT64_ICMP_ERR_TYPE;
		q->value = ptr4;
	} else if (q->verdict == NAT64_ICMP_ERROR_PTB) {
		q->value = ntohl(ic6->icmp6_mtu);
	}

	payload = info->l4_len - ICMP_HDR_LEN;
	avail = min(len - q->icmp_off, info->l4_len) - ICMP_HDR_LEN;
	orig = payload;
	if (nat64_icmp6_has_len(ic6->icmp6_type) && ic6->icmp6_datagram_len)
		nat64_icmp6_ext_split(ic6->icmp6_datagram_len, payload,
				      &orig, &ext);
	split_body(q, avail, orig, ext);
	return quote6((const void *)ip6 + q->q_off, q);
}
NAT64_KUNIT_EXPORT(nat64_icmp_err_parse6);

static enum nat64_icmp_err_verdict quote4(const struct iphdr *iph,
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
	v = nat64_v4_check(iph, q->q_len, IP_MAX_MTU, i);
	if (v != NAT64_XLAT_OK && v != NAT64_XLAT_SR_FAILED)
		return NAT64_ICMP_ERR_MALFORMED;
	if (i->frag_offset)
		return NAT64_ICMP_ERR_MALFORMED;
	q->q_len = min_t(u32, q->q_len, i->tot_len);
	if (q->q_len < i->hdr_len)
		return NAT64_ICMP_ERR_MALFORMED;
	q->tot_len = i->tot_len;
	q->l4_off = i->hdr_len;
	q->l4_len = i->tot_len - i->hdr_len;
	q->proto = iph->protocol;
	q->src4 = iph->saddr;
	q->dst4 = iph->daddr;
	return quote_ports((const void *)iph + i->hdr_len,
			   q->q_len - i->hdr_len, q, IPPROTO_ICMP);
}

enum nat64_icmp_err_verdict nat64_icmp_err_parse4(const struct iphdr *iph,
					u32 len,
					const struct nat64_v4_info *info,
					struct nat64_icmp_quote *q)
{
	u32 avail, payload, orig, ext = 0, ptr6;
	const struct icmphdr *ic;

	memset(q, 0, sizeof(*q));
	if (info->tot_len < info->hdr_len + ICMP_HDR_LEN ||
	    len < info->hdr_len + ICMP_HDR_LEN)
		return NAT64_ICMP_ERR_MALFORMED;
	if (info->mf || info->frag_offset)
		return NAT64_ICMP_ERR_FRAGMENTED;
	q->icmp_off = info->hdr_len;
	ic = (const void *)iph + q->icmp_off;
	q->verdict = nat64_icmp_4to6(ic->type, ic->code, &q->type, &q->code);
	if (q->verdict == NAT64_ICMP_DROP || q->verdict == NAT64_ICMP_INFO)
		return NAT64_ICMP_ERR_TYPE;
	if (q->verdict == NAT64_ICMP_ERROR_POINTER) {
		if (!nat64_icmp_ptr_4to6(icmp4_pointer(ic), &ptr6))
			return NAT64_ICMP_ERR_TYPE;
		q->value = ptr6;
	} else if (q->verdict == NAT64_ICMP_ERROR_PTB) {
		q->value = ntohs(ic->un.frag.mtu);
	}

	payload = info->tot_len - info->hdr_len - ICMP_HDR_LEN;
	avail = min_t(u32, len, info->tot_len) - info->hdr_len - ICMP_HDR_LEN;
	orig = payload;
	/* RFC 4884 length: the second byte after the checksum. */
	if (nat64_icmp4_has_len(ic->type) && ic->un.reserved[1])
		nat64_icmp4_ext_split(ic->un.reserved[1], payload, &orig,
				      &ext);
	split_body(q, avail, orig, ext);
	return quote4((const void *)iph + q->q_off, q);
}
NAT64_KUNIT_EXPORT(nat64_icmp_err_parse4);

/* The quoted echo's type, code, identifier and checksum. */
static void quote_transport_echo(void *l4, const struct nat64_icmp_quote *q,
				 const struct nat64_icmp_rewrite *rw, bool v6)
{
	struct icmp6hdr *ic6 = l4;
	struct icmphdr *ic = l4;
	u8 t, c;

	if (v6) {
		nat64_icmp_4to6(ic->type, ic->code, &t, &c);
		nat64_icmp_echo_4to6(ic, t, c, rw->isport, &rw->isrc6,
				     &rw->idst6, q->l4_len);
	} else {
		nat64_icmp_6to4(ic6->icmp6_type, ic6->icmp6_code, &t, &c);
		nat64_icmp_echo_6to4(ic6, t, c, rw->isport, &q->src6,
				     &q->dst6, q->l4_len);
	}
}

/* The quoted TCP or UDP checksum: new pseudo-header addresses and ports. */
static void quote_csum_ports(__sum16 *check, const struct nat64_icmp_quote *q,
			     const struct nat64_icmp_rewrite *rw, bool v6)
{
	__wsum from, to;

	if (v6) {
		from = nat64_csum_addrs4(q->src4, q->dst4);
		to = nat64_csum_addrs6(&rw->isrc6, &rw->idst6);
	} else {
		from = nat64_csum_addrs6(&q->src6, &q->dst6);
		to = nat64_csum_addrs4(rw->isrc4, rw->idst4);
	}
	csum_replace_by_diff(check, csum_sub(to, from));
	csum_replace2(check, q->sport, rw->isport);
	csum_replace2(check, q->dport, rw->idport);
	if (q->proto == IPPROTO_UDP && !*check)
		*check = CSUM_MANGLED_0;
}

/*
 * Ports (or identifier and echo type) of the quoted transport header at
 * @l4, @avail bytes of it copied, and its checksum when the quote reaches
 * it: updated, never recomputed (the quote is usually cut, and a wrong
 * checksum stays as wrong as it was).  Choice: a quoted IPv4 UDP checksum
 * of 0 stays 0, as the datagram it belongs to cannot be summed from a
 * quote.  @v6 says the quote goes to IPv6.
 */
static void quote_transport(u8 *l4, u32 avail, const struct nat64_icmp_quote *q,
			    const struct nat64_icmp_rewrite *rw, bool v6)
{
	u32 off = nat64_l4_csum_off(q->proto);
	__sum16 *check = (__sum16 *)(l4 + off);
	__be16 *ports = (__be16 *)l4;

	if (q->proto != IPPROTO_TCP && q->proto != IPPROTO_UDP) {
		/* An echo: parsed whole, so its checksum is in the quote. */
		quote_transport_echo(l4, q, rw, v6);
		return;
	}
	/* No checksum in the quote, or IPv4 UDP without one: just ports. */
	if (avail < off + sizeof(*check) ||
	    (q->proto == IPPROTO_UDP && !*check)) {
		ports[0] = rw->isport;
		ports[1] = rw->idport;
		return;
	}
	quote_csum_ports(check, q, rw, v6);
	ports[0] = rw->isport;
	ports[1] = rw->idport;
}

/*
 * The quoted IPv6 header as an IPv4 one at @iph.  Choice (RFC 7915 4.3
 * and 5.3 only say to translate it like an outer header): the quote is
 * not a hop, so its Hop Limit is kept; the header is translated from a
 * copy whose Hop Limit cannot run out and the TTL is put back after.  Its
 * TOS is the quote's own whatever the override says: it describes the
 * packet as it was.  No Identification survives the way to IPv6 unless a
 * Fragment Header carried it; otherwise 0.
 */
static bool quote_hdr4(const struct ipv6hdr *ip6,
		       const struct nat64_icmp_quote *q,
		       const struct nat64_icmp_rewrite *rw, struct iphdr *iph)
{
	struct nat64_xlat_cfg cfg = { .lowest_ipv6_mtu = IPV6_MIN_MTU };
	struct ipv6hdr hdr = *ip6;

	hdr.hop_limit = 0xff;
	if (nat64_hdr_6to4(&hdr, &q->i6, rw->isrc4, rw->idst4, 0, &cfg,
			   iph) != NAT64_XLAT_OK)
		return false;
	iph->ttl = ip6->hop_limit;
	ip_send_check(iph);
	return true;
}

/* The error's ICMPv4 header (checksum left for the end). */
static void write_icmp4_hdr(struct icmphdr *ic,
			    const struct nat64_icmp_quote *q,
			    const struct nat64_icmp_rewrite *rw, u8 len)
{
	memset(ic, 0, sizeof(*ic));
	ic->type = q->type;
	ic->code = q->code;
	if (q->verdict == NAT64_ICMP_ERROR_PTB)
		ic->un.frag.mtu = htons(rw->mtu);
	else if (q->verdict == NAT64_ICMP_ERROR_POINTER)
		ic->un.gateway = icmp4_pointer_field(q->value);
	if (nat64_icmp4_has_len(q->type))
		ic->un.reserved[1] = len;
}

/*
 * The body of a translated error at @body: @hlen bytes of quoted IP
 * header already there, then the rest of the quote at @l4 (the transport
 * header, its ports and checksum translated), padding and extensions as
 * @b says.  Returns the ICMP message length.
 */
static u32 fill_body(u8 *body, u32 hlen, const u8 *l4, const u8 *ext,
		     const struct nat64_icmp_body *b,
		     const struct nat64_icmp_quote *q,
		     const struct nat64_icmp_rewrite *rw, bool v6)
{
	memcpy(body + hlen, l4, b->orig - hlen);
	quote_transport(body + hlen, b->orig - hlen, q, rw, v6);
	memset(body + b->orig, 0, b->pad);
	memcpy(body + b->orig + b->pad, ext, b->ext);
	return ICMP_HDR_LEN + b->orig + b->pad + b->ext;
}

u32 nat64_icmp_err_build4(const struct ipv6hdr *ip6,
			  const struct nat64_v6_info *info,
			  const struct nat64_icmp_quote *q,
			  const struct nat64_icmp_rewrite *rw,
			  struct iphdr *out,
			  enum nat64_icmp_err_verdict *why)
{
	const struct ipv6hdr *qip6 = (const void *)ip6 + q->q_off;
	struct icmphdr *ic = (struct icmphdr *)(out + 1);
	u8 *body = (u8 *)(ic + 1);
	u32 data = q->q_len - q->l4_off, msg_len;
	struct nat64_v6_info outer = *info;
	struct nat64_icmp_body b;
	enum nat64_xlat_verdict v;

	nat64_icmp_body_6to4(sizeof(struct iphdr) + data, q->ext_len,
			     nat64_icmp4_has_len(q->type), &b);
	if (!quote_hdr4(qip6, q, rw, (struct iphdr *)body)) {
		*why = NAT64_ICMP_ERR_MALFORMED;
		return 0;
	}
	msg_len = fill_body(body, sizeof(struct iphdr),
			    (const u8 *)qip6 + q->l4_off,
			    (const u8 *)ip6 + q->ext_off, &b, q, rw, false);
	write_icmp4_hdr(ic, q, rw, b.len);
	ic->checksum = csum_fold(csum_partial(ic, msg_len, 0));

	outer.l4_len = msg_len;
	v = nat64_hdr_6to4(ip6, &outer, rw->saddr4, rw->daddr4, rw->id,
			   &rw->cfg, out);
	if (v != NAT64_XLAT_OK) {
		*why = v == NAT64_XLAT_TIME_EXCEEDED ? NAT64_ICMP_ERR_TTL
						     : NAT64_ICMP_ERR_MALFORMED;
		return 0;
	}
	return sizeof(struct iphdr) + msg_len;
}
NAT64_KUNIT_EXPORT(nat64_icmp_err_build4);

/*
 * The quoted IPv4 header as an IPv6 one (plus a Fragment Header when it
 * was a first fragment) at @ip6, Hop Limit and traffic class kept as in
 * quote_hdr4().  Returns the header length, 0 if it cannot be translated.
 */
static u32 quote_hdr6(const struct iphdr *iph,
		      const struct nat64_icmp_quote *q,
		      const struct nat64_icmp_rewrite *rw, struct ipv6hdr *ip6)
{
	/* No fragmentation plan: the quote is never split. */
	struct nat64_xlat_cfg cfg = { .lowest_ipv6_mtu = U32_MAX };
	struct iphdr hdr = *iph;	/* the options are not read */
	struct nat64_v6_plan plan;

	hdr.ttl = 0xff;
	if (nat64_hdr_4to6(&hdr, &q->i4, &rw->isrc6, &rw->idst6, &cfg, ip6,
			   &plan) != NAT64_XLAT_OK)
		return 0;
	ip6->hop_limit = iph->ttl;
	return plan.hdr_len;
}

/* The error's ICMPv6 header (checksum left for the end). */
static void write_icmp6_hdr(struct icmp6hdr *ic6,
			    const struct nat64_icmp_quote *q,
			    const struct nat64_icmp_rewrite *rw, u8 len)
{
	memset(ic6, 0, sizeof(*ic6));
	ic6->icmp6_type = q->type;
	ic6->icmp6_code = q->code;
	switch (q->verdict) {
	case NAT64_ICMP_ERROR_PTB:
		ic6->icmp6_mtu = htonl(rw->mtu);
		break;
	case NAT64_ICMP_ERROR_POINTER:
		ic6->icmp6_pointer = htonl(q->value);
		break;
	case NAT64_ICMP_ERROR_NEXTHDR:
		ic6->icmp6_pointer = htonl(offsetof(struct ipv6hdr, nexthdr));
		break;
	default:
		if (nat64_icmp6_has_len(q->type))
			ic6->icmp6_datagram_len = len;
	}
}

u32 nat64_icmp_err_build6(const struct iphdr *iph,
			  const struct nat64_v4_info *info,
			  const struct nat64_icmp_quote *q,
			  const struct nat64_icmp_rewrite *rw,
			  struct ipv6hdr *out,
			  enum nat64_icmp_err_verdict *why)
{
	const struct iphdr *qiph = (const void *)iph + q->q_off;
	struct icmp6hdr *ic6 = (struct icmp6hdr *)(out + 1);
	u8 *body = (u8 *)(ic6 + 1);
	u32 data = q->q_len - q->l4_off, msg_len, hlen;
	struct nat64_xlat_cfg cfg = rw->cfg;
	struct nat64_v4_info outer = *info;
	struct nat64_icmp_body b;
	struct nat64_v6_plan plan;
	enum nat64_xlat_verdict v;

	hlen = quote_hdr6(qiph, q, rw, (struct ipv6hdr *)body);
	if (!hlen) {
		*why = NAT64_ICMP_ERR_MALFORMED;
		return 0;
	}
	nat64_icmp_body_4to6(hlen + data, q->ext_len,
			     nat64_icmp6_has_len(q->type), &b);
	msg_len = fill_body(body, hlen, (const u8 *)qiph + q->l4_off,
			    (const u8 *)iph + q->ext_off, &b, q, rw, true);
	write_icmp6_hdr(ic6, q, rw, b.len);

	outer.tot_len = outer.hdr_len + msg_len;
	cfg.lowest_ipv6_mtu = U32_MAX;
	v = nat64_hdr_4to6(iph, &outer, &rw->saddr6, &rw->daddr6, &cfg, out,
			   &plan);
	if (v != NAT64_XLAT_OK) {
		*why = v == NAT64_XLAT_TIME_EXCEEDED ?
		       NAT64_ICMP_ERR_TTL : NAT64_ICMP_ERR_FRAGMENTED;
		return 0;
	}
	ic6->icmp6_cksum = csum_ipv6_magic(&rw->saddr6, &rw->daddr6, msg_len,
					   IPPROTO_ICMPV6,
					   csum_partial(ic6, msg_len, 0));
	return sizeof(struct ipv6hdr) + msg_len;
}
NAT64_KUNIT_EXPORT(nat64_icmp_err_build6);

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

bool nat64_icmp4_may_answer(const struct iphdr *iph, u32 len)
{
	const struct icmphdr *ic;
	u32 ihl;
	u8 src;

	if (len < sizeof(*iph) || iph->version != 4)
		return false;
	ihl = iph->ihl * 4;
	if (ihl < sizeof(*iph) || len < ihl)
		return false;
	/* A later fragment: it may belong to an ICMP error. */
	if (iph->frag_off & htons(IP_OFFSET))
		return false;
	/* Source "this network", loopback, multicast, class E, broadcast. */
	src = ntohl(iph->saddr) >> 24;
	if (src == 0 || src == 127 || src >= 224)
		return false;
	/* Sent to multicast or broadcast (RFC 1812 4.3.2.7). */
	if (ntohl(iph->daddr) >> 24 >= 224)
		return false;
	if (iph->protocol != IPPROTO_ICMP)
		return true;
	/* Only the type is read: @len may end right after it. */
	ic = (const void *)iph + ihl;
	return len > ihl && icmp4_is_query(ic->type);
}
NAT64_KUNIT_EXPORT(nat64_icmp4_may_answer);

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
static bool upper6(const struct ipv6hdr *ip6, u32 len, u8 *nh, u32 *off)
{
	const struct ipv6_opt_hdr *h;
	const struct frag_hdr *fh;
	unsigned int count = 0;

	*nh = ip6->nexthdr;
	*off = sizeof(struct ipv6hdr);
	while (is_skipped6(*nh)) {
		if (++count > NAT64_XLAT_MAX_EXTHDRS || *off + 8 > len)
			return false;
		h = (const void *)ip6 + *off;
		fh = (const void *)ip6 + *off;
		if (*nh == IPPROTO_FRAGMENT) {
			if (fh->frag_off & htons(IP6_OFFSET))
				return false;
			*nh = fh->nexthdr;
			*off += sizeof(struct frag_hdr);
			continue;
		}
		*nh = h->nexthdr;
		*off += ipv6_optlen(h);
	}
	return true;
}

bool nat64_icmp6_may_answer(const struct ipv6hdr *ip6, u32 len)
{
	const struct icmp6hdr *ic6;
	u32 off;
	u8 nh;

	if (len < sizeof(*ip6) || ip6->version != 6)
		return false;
	/* RFC 4443 2.4 (e.3)-(e.6): whom an error cannot go to. */
	if (ipv6_addr_any(&ip6->saddr) || ipv6_addr_loopback(&ip6->saddr) ||
	    ipv6_addr_is_multicast(&ip6->saddr))
		return false;
	if (ipv6_addr_is_multicast(&ip6->daddr))
		return false;
	if (!upper6(ip6, len, &nh, &off))
		return false;
	if (nh != IPPROTO_ICMPV6)
		return true;
	/* (e.1) and (e.2): not about an error, nor about a Redirect. */
	ic6 = (const void *)ip6 + off;
	return len > off && (ic6->icmp6_type & ICMPV6_INFOMSG_MASK) &&
	       ic6->icmp6_type != NDISC_REDIRECT;
}
NAT64_KUNIT_EXPORT(nat64_icmp6_may_answer);

u32 nat64_icmp4_build_error(u8 type, u8 code, u32 info,
			    const struct iphdr *iph, u32 len,
			    struct icmphdr *out)
{
	u32 quote = min_t(u32, len, NAT64_ICMP4_ERR_ROOM);

	memset(out, 0, sizeof(*out));
	out->type = type;
	out->code = code;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		out->un.frag.mtu = htons(info);
	else if (type == ICMP_PARAMETERPROB)
		out->un.gateway = icmp4_pointer_field(info);
	memcpy(out + 1, iph, quote);
	out->checksum = csum_fold(csum_partial(out, ICMP_HDR_LEN + quote, 0));
	return ICMP_HDR_LEN + quote;
}
NAT64_KUNIT_EXPORT(nat64_icmp4_build_error);

u32 nat64_icmp6_build_error(u8 type, u8 code, u32 info,
			    const struct ipv6hdr *ip6, u32 len,
			    const struct in6_addr *saddr,
			    const struct in6_addr *daddr,
			    struct icmp6hdr *out)
{
	u32 quote = min_t(u32, len, NAT64_ICMP6_ERR_ROOM);
	u32 mlen = ICMP_HDR_LEN + quote;

	memset(out, 0, sizeof(*out));
	out->icmp6_type = type;
	out->icmp6_code = code;
	/* The MTU of Packet Too Big and the pointer share bytes 4-7. */
	if (type == ICMPV6_PKT_TOOBIG || type == ICMPV6_PARAMPROB)
		out->icmp6_mtu = htonl(info);
	memcpy(out + 1, ip6, quote);
	out->icmp6_cksum = csum_ipv6_magic(saddr, daddr, mlen, IPPROTO_ICMPV6,
					   csum_partial(out, mlen, 0));
	return mlen;
}
NAT64_KUNIT_EXPORT(nat64_icmp6_build_error);
