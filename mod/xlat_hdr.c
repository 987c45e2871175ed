// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 7915 sections 4.1 and 5.1: IP header translation, struct iphdr to
 * struct ipv6hdr and back.  The headers are read and written where the
 * caller has them, through their fields; the IPv4 header checksum is the
 * stack's own ip_send_check().
 */
#include <net/ip.h>
#include <net/dsfield.h>

#include "kunit.h"
#include "xlat_hdr.h"

u8 nat64_proto_6to4(u8 nexthdr)
{
	return nexthdr == IPPROTO_ICMPV6 ? IPPROTO_ICMP : nexthdr;
}
NAT64_KUNIT_EXPORT(nat64_proto_6to4);

u8 nat64_proto_4to6(u8 proto)
{
	return proto == IPPROTO_ICMP ? IPPROTO_ICMPV6 : proto;
}
NAT64_KUNIT_EXPORT(nat64_proto_4to6);

/* The headers RFC 7915 5.1 skips (or, for the Fragment Header, reads). */
static bool is_skipped(u8 nh)
{
	return nh == IPPROTO_HOPOPTS || nh == IPPROTO_ROUTING ||
	       nh == IPPROTO_DSTOPTS || nh == IPPROTO_FRAGMENT;
}

/*
 * The Fragment Header at @fh, noted in @info.  Returns the header that
 * follows it.
 */
static u8 note_frag(const struct frag_hdr *fh, u32 off,
		    struct nat64_v6_info *info)
{
	u16 frag_off = ntohs(fh->frag_off);

	info->has_frag = true;
	info->frag_hoff = off;
	info->frag_offset = frag_off >> 3;
	info->frag_mf = frag_off & IP6_MF;
	info->frag_id = ntohl(fh->identification);
	return fh->nexthdr;
}

enum nat64_xlat_verdict nat64_v6_walk(const struct ipv6hdr *ip6, u32 len,
				      struct nat64_v6_info *info)
{
	u32 end, off = sizeof(struct ipv6hdr), hlen;
	const struct ipv6_opt_hdr *h;
	unsigned int count = 0;
	bool fragmented = false;	/* a fragment, not an atomic one */
	const void *p;
	u8 nh;

	memset(info, 0, sizeof(*info));
	if (len < sizeof(struct ipv6hdr)) {
		info->need = sizeof(struct ipv6hdr);
		return NAT64_XLAT_PULL;
	}
	if (ip6->version != 6)
		return NAT64_XLAT_DROP;
	/* Payload length 0 (a jumbogram, RFC 2675) fails below: dropped. */
	end = sizeof(struct ipv6hdr) + ntohs(ip6->payload_len);
	nh = ip6->nexthdr;

	while (is_skipped(nh)) {
		if (++count > NAT64_XLAT_MAX_EXTHDRS)
			return NAT64_XLAT_DROP;
		/* RFC 8200 4.3: Hop-by-Hop only right after the IPv6 header. */
		if (nh == IPPROTO_HOPOPTS && off != sizeof(struct ipv6hdr))
			return NAT64_XLAT_DROP;
		/*
		 * After the Fragment Header of a real fragment, removing a
		 * header would shift the data of this fragment but not the
		 * offsets of the others; and a second Fragment Header is
		 * malformed (RFC 8200 4.1: each header at most once).
		 */
		if (info->has_frag && (fragmented || nh == IPPROTO_FRAGMENT))
			return NAT64_XLAT_DROP;
		/* Every extension header is at least 8 bytes long. */
		if (off + 8 > end)
			return NAT64_XLAT_DROP;
		if (off + 8 > len) {
			info->need = off + 8;
			return NAT64_XLAT_PULL;
		}
		p = (const void *)ip6 + off;
		h = p;
		if (nh == IPPROTO_FRAGMENT) {
			nh = note_frag(p, off, info);
			fragmented = info->frag_mf || info->frag_offset;
			off += sizeof(struct frag_hdr);
			/* Past the first fragment the data is no header. */
			if (info->frag_offset) {
				if (is_skipped(nh))
					return NAT64_XLAT_DROP;
				break;
			}
			continue;
		}
		hlen = ipv6_optlen(h);
		if (off + hlen > end)
			return NAT64_XLAT_DROP;
		/* RFC 7915 5.1: pointer at the Segments Left field. */
		if (nh == IPPROTO_ROUTING &&
		    ((const struct ipv6_rt_hdr *)p)->segments_left) {
			info->pointer = off +
				offsetof(struct ipv6_rt_hdr, segments_left);
			return NAT64_XLAT_PARAM_PROB;
		}
		nh = h->nexthdr;
		off += hlen;
	}

	/*
	 * No fragmented ICMP: RFC 7915 says such packets are not translated
	 * (their checksum cannot be fixed one fragment at a time).  Atomic
	 * fragments (offset 0, M 0) are whole packets and pass.
	 */
	if (fragmented && nh == IPPROTO_ICMPV6)
		return NAT64_XLAT_DROP;
	info->proto = nh;
	info->l4_off = off;
	info->l4_len = end - off;
	return NAT64_XLAT_OK;
}
NAT64_KUNIT_EXPORT(nat64_v6_walk);

enum nat64_xlat_verdict nat64_hdr_6to4(const struct ipv6hdr *ip6,
				       const struct nat64_v6_info *info,
				       __be32 saddr, __be32 daddr, u16 id,
				       const struct nat64_xlat_cfg *cfg,
				       struct iphdr *iph)
{
	u32 tot_len = sizeof(struct iphdr) + info->l4_len;
	u16 frag;

	/* RFC 7915 5.1 Time to Live: a router decrements and checks. */
	if (ip6->hop_limit <= 1)
		return NAT64_XLAT_TIME_EXCEEDED;
	if (tot_len > IP_MAX_MTU)
		return NAT64_XLAT_DROP;

	if (info->has_frag) {
		/* 5.1.1: low 16 bits of the ID, MF and offset copied, DF 0. */
		id = info->frag_id & 0xffff;
		frag = info->frag_offset & IP_OFFSET;
		if (info->frag_mf)
			frag |= IP_MF;
	} else {
		/* 5.1 Flags: DF only above 1260 bytes; MF and offset 0. */
		frag = tot_len > NAT64_DF_THRESHOLD ? IP_DF : 0;
	}

	iph->version = 4;
	iph->ihl = sizeof(struct iphdr) / 4;	/* no options */
	iph->tos = cfg->tos_override ? cfg->tos : ipv6_get_dsfield(ip6);
	iph->tot_len = htons(tot_len);
	iph->id = htons(id);
	iph->frag_off = htons(frag);
	iph->ttl = ip6->hop_limit - 1;
	iph->protocol = nat64_proto_6to4(info->proto);
	iph->saddr = saddr;
	iph->daddr = daddr;
	ip_send_check(iph);
	return NAT64_XLAT_OK;
}
NAT64_KUNIT_EXPORT(nat64_hdr_6to4);

/*
 * RFC 791 3.1: LSRR/SSRR hold a pointer (1-based, at least 4) to the next
 * 4-byte address; a pointer beyond the option length means the route is
 * used up ("expired").  Malformed options are dropped, as Linux's
 * ip_options_compile() would reject them (the hook runs before it).
 */
static enum nat64_xlat_verdict check_options(const u8 *opt, u32 len)
{
	u32 i = 0, olen;
	u8 ptr;

	while (i < len) {
		if (opt[i] == IPOPT_END)
			break;
		if (opt[i] == IPOPT_NOOP) {
			i++;
			continue;
		}
		if (i + 1 >= len)
			return NAT64_XLAT_DROP;
		olen = opt[i + IPOPT_OLEN];
		if (olen < 2 || i + olen > len)
			return NAT64_XLAT_DROP;
		if (opt[i] == IPOPT_LSRR || opt[i] == IPOPT_SSRR) {
			if (olen < 3)
				return NAT64_XLAT_DROP;
			ptr = opt[i + IPOPT_OFFSET];
			if (ptr < IPOPT_MINOFF)
				return NAT64_XLAT_DROP;
			if (ptr <= olen) {
				if ((u32)ptr + 3 > olen)
					return NAT64_XLAT_DROP;
				return NAT64_XLAT_SR_FAILED;
			}
		}
		i += olen;
	}
	return NAT64_XLAT_OK;
}

enum nat64_xlat_verdict nat64_v4_check(const struct iphdr *iph, u32 len,
				       u32 pkt_len,
				       struct nat64_v4_info *info)
{
	u16 frag;

	memset(info, 0, sizeof(*info));
	if (len < sizeof(struct iphdr)) {
		info->need = sizeof(struct iphdr);
		return NAT64_XLAT_PULL;
	}
	if (iph->version != 4)
		return NAT64_XLAT_DROP;
	info->hdr_len = iph->ihl * 4;
	info->tot_len = ntohs(iph->tot_len);
	if (info->hdr_len < sizeof(struct iphdr) ||
	    info->tot_len < info->hdr_len || info->tot_len > pkt_len)
		return NAT64_XLAT_DROP;
	if (len < info->hdr_len) {
		info->need = info->hdr_len;
		return NAT64_XLAT_PULL;
	}
	info->id = ntohs(iph->id);
	frag = ntohs(iph->frag_off);
	info->df = frag & IP_DF;
	info->mf = frag & IP_MF;
	info->frag_offset = frag & IP_OFFSET;
	/* A fragment reaching past 65535 bytes (RFC 791) is malformed. */
	if ((u32)info->frag_offset * 8 + info->tot_len - info->hdr_len >
	    IP_MAX_MTU)
		return NAT64_XLAT_DROP;
	/* RFC 7915 4.1: options ignored, unexpired source routes refused. */
	return check_options((const u8 *)(iph + 1),
			     info->hdr_len - sizeof(struct iphdr));
}
NAT64_KUNIT_EXPORT(nat64_v4_check);

static void put_frag_hdr(struct frag_hdr *fh, u8 nexthdr, u16 offset,
			 bool more, u16 id)
{
	fh->nexthdr = nexthdr;
	fh->reserved = 0;
	fh->frag_off = htons(offset << 3 | (more ? IP6_MF : 0));
	/* RFC 7915 4.1: low 16 bits from the IPv4 ID, high 16 bits zero. */
	fh->identification = htonl(id);
}

/* The plan for an IPv4 payload of @payload bytes (see nat64_v6_plan). */
static void plan_4to6(const struct nat64_v4_info *info, u32 payload,
		      u32 mtu, struct nat64_v6_plan *plan)
{
	if (mtu < IPV6_MIN_MTU)
		mtu = IPV6_MIN_MTU;
	plan->frag_size = 0;
	plan->hdr_len = sizeof(struct ipv6hdr);
	if (info->mf || info->frag_offset)
		plan->hdr_len += sizeof(struct frag_hdr);
	/*
	 * RFC 7915 4.1: DF clear and the IPv6 packet (Fragment Header
	 * included) larger than the minimum IPv6 MTU, the configured
	 * lowest-ipv6-mtu here: fragment so that each piece fits it.
	 * DF set and too large for the route: the caller's ICMPv4 3/4.
	 */
	if (!info->df && plan->hdr_len + payload > mtu) {
		plan->hdr_len = sizeof(struct ipv6hdr) +
				sizeof(struct frag_hdr);
		plan->frag_size = (mtu - plan->hdr_len) & ~7U;
	}
}

enum nat64_xlat_verdict nat64_hdr_4to6(const struct iphdr *iph,
				       const struct nat64_v4_info *info,
				       const struct in6_addr *saddr,
				       const struct in6_addr *daddr,
				       const struct nat64_xlat_cfg *cfg,
				       struct ipv6hdr *ip6,
				       struct nat64_v6_plan *plan)
{
	u32 payload = info->tot_len - info->hdr_len;
	bool fragment = info->mf || info->frag_offset;
	u8 nexthdr = nat64_proto_4to6(iph->protocol);
	u8 tc = cfg->tos_override ? cfg->tos : iph->tos;

	/* RFC 7915 4.1 Hop Limit: a router decrements and checks. */
	if (iph->ttl <= 1)
		return NAT64_XLAT_TIME_EXCEEDED;
	/* RFC 7915: fragmented ICMP is not translated (see the 6->4 walk). */
	if (fragment && iph->protocol == IPPROTO_ICMP)
		return NAT64_XLAT_DROP;

	plan_4to6(info, payload, cfg->lowest_ipv6_mtu, plan);
	ip6_flow_hdr(ip6, tc, 0);	/* flow label 0 (4.1) */
	ip6->payload_len = htons(payload + plan->hdr_len -
				 sizeof(struct ipv6hdr));
	ip6->hop_limit = iph->ttl - 1;
	ip6->saddr = *saddr;
	ip6->daddr = *daddr;
	if (plan->hdr_len == sizeof(struct ipv6hdr)) {
		ip6->nexthdr = nexthdr;
		return NAT64_XLAT_OK;
	}
	ip6->nexthdr = IPPROTO_FRAGMENT;
	put_frag_hdr((struct frag_hdr *)(ip6 + 1), nexthdr, info->frag_offset,
		     info->mf, info->id);
	return NAT64_XLAT_OK;
}
NAT64_KUNIT_EXPORT(nat64_hdr_4to6);

void nat64_hdr_4to6_piece(struct ipv6hdr *ip6,
			  const struct nat64_v4_info *info, u32 off, u32 len)
{
	struct frag_hdr *fh = (struct frag_hdr *)(ip6 + 1);
	u32 payload = info->tot_len - info->hdr_len;
	bool more = info->mf || off + len < payload;

	ip6->payload_len = htons(len + sizeof(struct frag_hdr));
	put_frag_hdr(fh, fh->nexthdr, info->frag_offset + off / 8, more,
		     info->id);
}
NAT64_KUNIT_EXPORT(nat64_hdr_4to6_piece);
