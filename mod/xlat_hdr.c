// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 7915 sections 4.1 and 5.1: IP header translation over header bytes.
 * Every multi-byte field is read and written byte by byte, big-endian, so
 * the code needs no header struct and no alignment.
 */
#include "xlat_hdr.h"
#include "csum_adj.h"

u8 nat64_proto_6to4(u8 nexthdr)
{
	return nexthdr == IPPROTO_ICMPV6 ? IPPROTO_ICMP : nexthdr;
}

u8 nat64_proto_4to6(u8 proto)
{
	return proto == IPPROTO_ICMP ? IPPROTO_ICMPV6 : proto;
}

/* The headers RFC 7915 5.1 skips (or, for the Fragment Header, reads). */
static bool is_skipped(u8 nh)
{
	return nh == IPPROTO_HOPOPTS || nh == IPPROTO_ROUTING ||
	       nh == IPPROTO_DSTOPTS || nh == IPPROTO_FRAGMENT;
}

enum nat64_xlat_verdict nat64_v6_walk(const u8 *buf, u32 len,
				      struct nat64_v6_info *info)
{
	u32 end, off = sizeof(struct ipv6hdr), hlen;
	unsigned int count = 0;
	bool fragmented = false;	/* a fragment, not an atomic one */
	const u8 *p;
	u8 nh;

	memset(info, 0, sizeof(*info));
	if (len < sizeof(struct ipv6hdr)) {
		info->need = sizeof(struct ipv6hdr);
		return NAT64_XLAT_PULL;
	}
	if (buf[0] >> 4 != 6)
		return NAT64_XLAT_DROP;
	/* Payload length 0 (a jumbogram, RFC 2675) fails below: dropped. */
	end = sizeof(struct ipv6hdr) + nat64_get16(buf + 4);
	nh = buf[6];

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
		p = buf + off;
		if (nh == IPPROTO_FRAGMENT) {
			info->has_frag = true;
			info->frag_hoff = off;
			info->frag_offset = nat64_get16(p + 2) >> 3;
			info->frag_mf = p[3] & 1;
			info->frag_id = nat64_get32(p + 4);
			fragmented = info->frag_mf || info->frag_offset;
			nh = p[0];
			off += sizeof(struct frag_hdr);
			/* Past the first fragment the data is no header. */
			if (info->frag_offset) {
				if (is_skipped(nh))
					return NAT64_XLAT_DROP;
				break;
			}
			continue;
		}
		hlen = ((u32)p[1] + 1) * 8;
		if (off + hlen > end)
			return NAT64_XLAT_DROP;
		/* RFC 7915 5.1: pointer at the Segments Left field. */
		if (nh == IPPROTO_ROUTING && p[3] != 0) {
			info->pointer = off + 3;
			return NAT64_XLAT_PARAM_PROB;
		}
		nh = p[0];
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

static u8 traffic_class(const u8 *ip6)
{
	return (u8)(((ip6[0] & 0x0f) << 4) | (ip6[1] >> 4));
}

enum nat64_xlat_verdict nat64_hdr_6to4(const u8 *ip6,
				       const struct nat64_v6_info *info,
				       __be32 saddr, __be32 daddr, u16 id,
				       const struct nat64_xlat_cfg *cfg,
				       u8 *ip4)
{
	u32 tot_len = sizeof(struct iphdr) + info->l4_len;
	u16 frag;

	/* RFC 7915 5.1 Time to Live: a router decrements and checks. */
	if (ip6[7] <= 1)
		return NAT64_XLAT_TIME_EXCEEDED;
	if (tot_len > 0xffff)
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

	ip4[0] = 0x45;		/* version 4, IHL 5: no options */
	ip4[1] = cfg->tos_override ? cfg->tos : traffic_class(ip6);
	nat64_put16(ip4 + 2, (u16)tot_len);
	nat64_put16(ip4 + 4, id);
	nat64_put16(ip4 + 6, frag);
	ip4[8] = ip6[7] - 1;
	ip4[9] = nat64_proto_6to4(info->proto);
	ip4[10] = 0;
	ip4[11] = 0;
	memcpy(ip4 + 12, &saddr, 4);
	memcpy(ip4 + 16, &daddr, 4);
	nat64_put16(ip4 + 10,
		    (u16)~nat64_csum_add(0, ip4, sizeof(struct iphdr)));
	return NAT64_XLAT_OK;
}

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
		olen = opt[i + 1];
		if (olen < 2 || i + olen > len)
			return NAT64_XLAT_DROP;
		if (opt[i] == IPOPT_LSRR || opt[i] == IPOPT_SSRR) {
			if (olen < 3)
				return NAT64_XLAT_DROP;
			ptr = opt[i + 2];
			if (ptr < 4)
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

enum nat64_xlat_verdict nat64_v4_check(const u8 *buf, u32 len, u32 pkt_len,
				       struct nat64_v4_info *info)
{
	u16 frag;

	memset(info, 0, sizeof(*info));
	if (len < sizeof(struct iphdr)) {
		info->need = sizeof(struct iphdr);
		return NAT64_XLAT_PULL;
	}
	if (buf[0] >> 4 != 4)
		return NAT64_XLAT_DROP;
	info->hdr_len = (buf[0] & 0x0f) * 4;
	info->tot_len = nat64_get16(buf + 2);
	if (info->hdr_len < sizeof(struct iphdr) ||
	    info->tot_len < info->hdr_len || info->tot_len > pkt_len)
		return NAT64_XLAT_DROP;
	if (len < info->hdr_len) {
		info->need = info->hdr_len;
		return NAT64_XLAT_PULL;
	}
	info->id = nat64_get16(buf + 4);
	frag = nat64_get16(buf + 6);
	info->df = frag & IP_DF;
	info->mf = frag & IP_MF;
	info->frag_offset = frag & IP_OFFSET;
	/* A fragment reaching past 65535 bytes (RFC 791) is malformed. */
	if ((u32)info->frag_offset * 8 + info->tot_len - info->hdr_len > 0xffff)
		return NAT64_XLAT_DROP;
	/* RFC 7915 4.1: options ignored, unexpired source routes refused. */
	return check_options(buf + sizeof(struct iphdr),
			     info->hdr_len - sizeof(struct iphdr));
}

static void put_frag_hdr(u8 *fh, u8 nexthdr, u16 offset, bool more, u16 id)
{
	fh[0] = nexthdr;
	fh[1] = 0;
	nat64_put16(fh + 2, (u16)((offset << 3) | (more ? 1 : 0)));
	/* RFC 7915 4.1: low 16 bits from the IPv4 ID, high 16 bits zero. */
	nat64_put32(fh + 4, id);
}

enum nat64_xlat_verdict nat64_hdr_4to6(const u8 *ip4,
				       const struct nat64_v4_info *info,
				       const struct in6_addr *saddr,
				       const struct in6_addr *daddr,
				       const struct nat64_xlat_cfg *cfg,
				       u8 *ip6, struct nat64_v6_plan *plan)
{
	u32 payload = info->tot_len - info->hdr_len;
	u32 mtu = cfg->lowest_ipv6_mtu;
	bool fragment = info->mf || info->frag_offset;
	u8 nexthdr = nat64_proto_4to6(ip4[9]);
	u8 tc = cfg->tos_override ? cfg->tos : ip4[1];

	/* RFC 7915 4.1 Hop Limit: a router decrements and checks. */
	if (ip4[8] <= 1)
		return NAT64_XLAT_TIME_EXCEEDED;
	/* RFC 7915: fragmented ICMP is not translated (see the 6->4 walk). */
	if (fragment && ip4[9] == IPPROTO_ICMP)
		return NAT64_XLAT_DROP;

	if (mtu < IPV6_MIN_MTU)
		mtu = IPV6_MIN_MTU;
	plan->frag_size = 0;
	plan->hdr_len = sizeof(struct ipv6hdr);
	if (fragment)
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

	ip6[0] = 0x60 | (tc >> 4);
	ip6[1] = (u8)((tc & 0x0f) << 4);	/* flow label 0 (4.1) */
	ip6[2] = 0;
	ip6[3] = 0;
	nat64_put16(ip6 + 4,
		    (u16)(payload + plan->hdr_len - sizeof(struct ipv6hdr)));
	ip6[7] = ip4[8] - 1;
	memcpy(ip6 + 8, saddr->s6_addr, 16);
	memcpy(ip6 + 24, daddr->s6_addr, 16);
	if (plan->hdr_len == sizeof(struct ipv6hdr)) {
		ip6[6] = nexthdr;
		return NAT64_XLAT_OK;
	}
	ip6[6] = IPPROTO_FRAGMENT;
	put_frag_hdr(ip6 + sizeof(struct ipv6hdr), nexthdr, info->frag_offset,
		     info->mf, info->id);
	return NAT64_XLAT_OK;
}

void nat64_hdr_4to6_piece(u8 *ip6, const struct nat64_v4_info *info,
			  u32 off, u32 len)
{
	u32 payload = info->tot_len - info->hdr_len;
	bool more = info->mf || off + len < payload;

	nat64_put16(ip6 + 4, (u16)(len + sizeof(struct frag_hdr)));
	put_frag_hdr(ip6 + sizeof(struct ipv6hdr), ip6[sizeof(struct ipv6hdr)],
		     (u16)(info->frag_offset + off / 8), more, info->id);
}
