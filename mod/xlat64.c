// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 -> IPv4: one packet addressed to pool6, from the walk of its headers
 * to its departure as IPv4 (RFC 6146 3.4-3.8, RFC 7915 section 5).
 *
 * The packet is checked, its state found or created, and its route and MTU
 * checked while it is still the IPv6 packet the sender sent, so that every
 * ICMPv6 error the translator originates quotes the original.  Only then
 * is it rewritten in place: the IPv4 header takes the last 20 bytes before
 * the transport header, which does not move (csum_start stays valid).
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/checksum.h>
#include <net/dsfield.h>
#include <net/tcp.h>

#include "addr.h"
#include "icmp_build.h"
#include "icmp_map.h"
#include "xlat.h"
#include "xlat64.h"
#include "xlat46.h"
#include "gso.h"
#include "route.h"
#include "icmp_translate.h"
#include "icmp_send.h"
#include "state.h"
#include "xlat_hdr.h"

/* What the path learns about one IPv6 packet. */
struct pkt6 {
	struct nat64_v6_info info;
	struct nat64_tuple6 t6;
	struct nat64_tuple4 t4;
	u8 tcp_flags;
	u8 icmp_type;		/* ICMPv4 type and code of a translated echo */
	u8 icmp_code;
	u16 frag_max;		/* IP6CB()->frag_max_size: reassembled by defrag */
};

static enum nat64_xlat_verdict walk(struct sk_buff *skb,
				    struct nat64_v6_info *info)
{
	enum nat64_xlat_verdict v;
	unsigned int i;

	/* Each round pulls one more extension header; the walk bounds them. */
	for (i = 0; i <= NAT64_XLAT_MAX_EXTHDRS + 1; i++) {
		v = nat64_v6_walk(ipv6_hdr(skb),
				  skb_headlen(skb) - skb_network_offset(skb),
				  info);
		if (v != NAT64_XLAT_PULL)
			return v;
		if (!pskb_may_pull(skb, skb_network_offset(skb) + info->need))
			return NAT64_XLAT_DROP;
	}
	return NAT64_XLAT_DROP;
}

/* Offset of the Next Header field naming the upper-layer protocol. */
static u32 nexthdr_pointer(const struct sk_buff *skb,
			   const struct nat64_v6_info *info)
{
	const u8 *p = skb_network_header(skb);
	u32 ptr = offsetof(struct ipv6hdr, nexthdr);
	u32 off = sizeof(struct ipv6hdr);
	u8 nh = p[ptr];

	/* The walk pulled the first 8 bytes of every header it crossed. */
	while (off < info->l4_off) {
		ptr = off;
		if (nh == NEXTHDR_FRAGMENT)
			off += sizeof(struct frag_hdr);
		else
			off += ipv6_optlen((const struct ipv6_opt_hdr *)
					   (p + off));
		nh = p[ptr];
	}
	return ptr;
}

/* Bytes of the transport header the translation reads and writes. */
static u32 l4_min_len(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return sizeof(struct tcphdr);
	case IPPROTO_UDP:
		return sizeof(struct udphdr);
	case IPPROTO_ICMPV6:
		return sizeof(struct icmp6hdr);
	}
	return 0;
}

/*
 * Addresses never translated, whatever the prefix (addr.c): a source that
 * cannot be answered across the translator, or one inside pool6 (it would
 * loop), and an embedded IPv4 destination that names this box or its
 * links only.  The packet is spoofed or meant for the box itself, and the
 * translator is no way into the box.
 */
static unsigned int addrs6(const struct nat64_xlat *x, struct sk_buff *skb)
{
	const struct nat64_instance *inst = x->inst;
	const struct ipv6hdr *ip6 = ipv6_hdr(skb);

	if (nat64_addr_v6_special(&ip6->saddr) ||
	    ipv6_prefix_equal(&ip6->saddr, &inst->pool6, inst->pool6_len)) {
		/* What ip6_forward() answers a link-local source. */
		if (nat64_addr_v6_linklocal(&ip6->saddr))
			nat64_icmp6_error(x->net, skb, ICMPV6_DEST_UNREACH,
					  ICMPV6_NOT_NEIGHBOUR, 0);
		return nat64_drop(x, NAT64_STAT_DROP_SPECIAL6);
	}
	if (nat64_addr_v4_special(nat64_addr_6to4(&ip6->daddr,
						  inst->pool6_len))) {
		nat64_icmp6_error(x->net, skb, ICMPV6_DEST_UNREACH,
				  ICMPV6_ADDR_UNREACH, 0);
		return nat64_drop(x, NAT64_STAT_DROP_SPECIAL4);
	}
	return NAT64_CONTINUE;
}

/* Headers, hop limit, protocol and destination: may we translate at all? */
static unsigned int check6(const struct nat64_xlat *x, struct sk_buff *skb,
			   struct pkt6 *p)
{
	struct nat64_instance *inst = x->inst;
	const struct ipv6hdr *ip6;
	__be32 z;
	u32 len;

	switch (walk(skb, &p->info)) {
	case NAT64_XLAT_OK:
		break;
	case NAT64_XLAT_PARAM_PROB:
		nat64_icmp6_error(x->net, skb, ICMPV6_PARAMPROB,
				  ICMPV6_HDR_FIELD, p->info.pointer);
		return nat64_drop(x, NAT64_STAT_DROP_ROUTING_HDR);
	default:
		return nat64_drop(x, NAT64_STAT_DROP_MALFORMED6);
	}
	/* Defragmentation ran first: a fragment here could not be joined. */
	if (p->info.has_frag && (p->info.frag_mf || p->info.frag_offset))
		return nat64_drop(x, NAT64_STAT_DROP_FRAGMENT);

	/*
	 * Choice: RFC 6146 translates TCP, UDP and ICMPv6 only.  Anything
	 * else is answered like an end host that lacks the protocol would:
	 * ICMPv6 Parameter Problem, code 1, pointing at the Next Header
	 * field that names it (RFC 4443 3.4), so the sender learns at once.
	 */
	len = l4_min_len(p->info.proto);
	if (!len) {
		nat64_icmp6_error(x->net, skb, ICMPV6_PARAMPROB,
				  ICMPV6_UNK_NEXTHDR,
				  nexthdr_pointer(skb, &p->info));
		return nat64_drop(x, NAT64_STAT_DROP_PROTO6);
	}
	if (p->info.l4_len < len ||
	    !pskb_may_pull(skb, skb_network_offset(skb) + p->info.l4_off + len))
		return nat64_drop(x, NAT64_STAT_DROP_MALFORMED6);
	skb_set_transport_header(skb, skb_network_offset(skb) + p->info.l4_off);

	if (addrs6(x, skb) != NAT64_CONTINUE)
		return NF_DROP;
	/*
	 * RFC 6052 3.1: the well-known prefix never reaches non-global IPv4
	 * space.  Choice: answered with ICMPv6 Destination Unreachable,
	 * code 3 (address unreachable), as RFC 7915 5.1 suggests for
	 * destinations the translator cannot translate.
	 */
	ip6 = ipv6_hdr(skb);
	z = nat64_addr_6to4(&ip6->daddr, inst->pool6_len);
	if (nat64_pool6_is_wkp(&inst->pool6, inst->pool6_len) &&
	    nat64_addr_v4_nonglobal(z)) {
		nat64_icmp6_error(x->net, skb, ICMPV6_DEST_UNREACH,
				  ICMPV6_ADDR_UNREACH, 0);
		return nat64_drop(x, NAT64_STAT_DROP_NONGLOBAL4);
	}
	p->frag_max = IP6CB(skb)->frag_max_size;
	return NAT64_CONTINUE;
}

/*
 * RFC 7915 5.1: the translator is a router and decrements the hop limit.
 * RFC 6146 translates (3.7) after filtering and updating the state (3.5),
 * and so does this: an expired packet still counts as traffic.
 */
static unsigned int hop_limit(const struct nat64_xlat *x, struct sk_buff *skb)
{
	if (ipv6_hdr(skb)->hop_limit > 1)
		return NAT64_CONTINUE;
	nat64_icmp6_error(x->net, skb, ICMPV6_TIME_EXCEED, ICMPV6_EXC_HOPLIMIT,
			  0);
	return nat64_drop(x, NAT64_STAT_DROP_HOP_LIMIT);
}

/*
 * GSO kinds translated as they are; the rest is segmented first, and so
 * is an aggregate too long for one IPv4 header (GRO may make one of up to
 * 65535 bytes of IPv6 payload without a jumbo option, 20 more in IPv4).
 */
static bool gso_ok(const struct sk_buff *skb, u32 l4_len)
{
	unsigned int type = skb_shinfo(skb)->gso_type & ~SKB_GSO_DODGY;

	if (!skb_is_gso(skb))
		return true;
	if (sizeof(struct iphdr) + l4_len > IP_MAX_MTU)
		return false;
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return false;
	if (type & SKB_GSO_TCPV6)
		return !(type & ~(SKB_GSO_TCPV6 | SKB_GSO_TCP_ECN));
	return type == SKB_GSO_UDP_L4;
}

/* RFC 6146 3.8: the destination is ours; come back in as IPv4. */
static unsigned int hairpin(const struct nat64_xlat *x, struct sk_buff *skb)
{
	struct iphdr *iph = ip_hdr(skb);

	/* The 4->6 pass decrements again; the translator is one hop. */
	iph->ttl++;
	ip_send_check(iph);
	return nat64_xlat_4to6(x, skb, true);
}

/*
 * Routes and sends @skb, already IPv4 (an ICMP error translated by
 * nat64_icmp_err_6to4()), counting @ok; hairpinned when its destination
 * is a pool4 address.
 */
static unsigned int out4(const struct nat64_xlat *x, struct sk_buff *skb,
			 enum nat64_stat ok)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct dst_entry *dst;

	if (nat64_state_is_pool4(x->inst, iph->daddr))
		return hairpin(x, skb);
	dst = nat64_route4(x, skb, iph->saddr, iph->daddr, iph->protocol,
			   iph->tos);
	if (IS_ERR(dst))
		return nat64_drop(x, nat64_route_stat(dst,
						      NAT64_STAT_DROP_NO_ROUTE4));
	nat64_stat_inc(x->inst->stats, ok);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	nat64_route_output(x->net, skb, dst);
	return NF_STOLEN;
}

/* The incoming tuple (RFC 6146 3.4), or a verdict for ICMP not echo. */
static unsigned int tuple6(const struct nat64_xlat *x, struct sk_buff *skb,
			   struct pkt6 *p)
{
	const struct ipv6hdr *ip6 = ipv6_hdr(skb);
	const u8 *l4 = skb_transport_header(skb);
	const struct icmp6hdr *ic6;
	enum nat64_stat why;

	p->t6.src = ip6->saddr;
	p->t6.dst = ip6->daddr;
	switch (p->info.proto) {
	case IPPROTO_TCP:
		p->t6.proto = NAT64_PROTO_TCP;
		p->tcp_flags = tcp_flag_byte(tcp_hdr(skb));
		break;
	case IPPROTO_UDP:
		/* RFC 8200 8.1: a zero UDP checksum is not valid in IPv6. */
		if (!udp_hdr(skb)->check && skb->ip_summed != CHECKSUM_PARTIAL)
			return nat64_drop(x, NAT64_STAT_DROP_MALFORMED6);
		p->t6.proto = NAT64_PROTO_UDP;
		break;
	default:
		ic6 = icmp6_hdr(skb);
		switch (nat64_icmp_6to4(ic6->icmp6_type, ic6->icmp6_code,
					&p->icmp_type, &p->icmp_code)) {
		case NAT64_ICMP_INFO:
			break;
		case NAT64_ICMP_DROP:
			return nat64_drop(x, NAT64_STAT_DROP_ICMP_TYPE);
		default:
			/* See fragmented_error() in xlat46.c. */
			if (p->frag_max)
				return nat64_drop(x,
						  NAT64_STAT_DROP_ICMP_FRAGMENTED);
			if (hop_limit(x, skb) != NAT64_CONTINUE)
				return NF_DROP;
			why = NAT64_STAT_DROP_MALFORMED6;
			if (nat64_icmp_err_6to4(x, skb, &p->info, &why))
				return nat64_drop(x, why);
			return out4(x, skb, NAT64_STAT_ICMP_ERR_6TO4);
		}
		p->t6.proto = NAT64_PROTO_ICMP;
		p->t6.sport = ic6->icmp6_identifier;
		p->t6.dport = ic6->icmp6_identifier;
		return NAT64_CONTINUE;
	}
	p->t6.sport = ((const __be16 *)l4)[0];
	p->t6.dport = ((const __be16 *)l4)[1];
	return NAT64_CONTINUE;
}

static unsigned int state6(const struct nat64_xlat *x, struct sk_buff *skb,
			   struct pkt6 *p)
{
	enum nat64_stat why = NAT64_STAT_DROP_NO_BIB;

	switch (nat64_state_6to4(x->inst, x->g, &p->t6, p->tcp_flags, &p->t4,
				 &why)) {
	case NAT64_STATE_FORWARD:
		return NAT64_CONTINUE;
	case NAT64_STATE_STOLEN:
		nat64_stat_inc(x->inst->stats, why);
		return NF_STOLEN;
	case NAT64_STATE_ADDR_UNREACH:
		/* RFC 6146 3.5.1.1: no IPv4 transport address to give. */
		nat64_icmp6_error(x->net, skb, ICMPV6_DEST_UNREACH,
				  ICMPV6_ADDR_UNREACH, 0);
		return nat64_drop(x, why);
	case NAT64_STATE_ADMIN_PROHIB:
		/* RFC 6888 REQ-11: a quota stopped it; nothing is evicted. */
		nat64_icmp6_error(x->net, skb, ICMPV6_DEST_UNREACH,
				  ICMPV6_ADM_PROHIBITED, 0);
		return nat64_drop(x, why);
	case NAT64_STATE_ACCEPT:
		return NF_ACCEPT;
	default:
		return nat64_drop(x, why);
	}
}

/* TCP and UDP: ports and the checksum for the new pseudo-header. */
static void ports6to4(struct sk_buff *skb, const struct pkt6 *p,
		      __sum16 *check)
{
	__be16 *port = (__be16 *)skb_transport_header(skb);

	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		/* The field holds the pseudo-header sum the stack will use. */
		*check = ~csum_tcpudp_magic(p->t4.src, p->t4.dst,
					    p->info.l4_len, p->info.proto, 0);
	} else {
		/* RFC 1624: incremental, so a wrong checksum stays wrong. */
		__wsum from = nat64_csum_addrs6(&p->t6.src, &p->t6.dst);
		__wsum to = nat64_csum_addrs4(p->t4.src, p->t4.dst);

		csum_replace_by_diff(check, csum_sub(to, from));
		csum_replace2(check, port[0], p->t4.sport);
		csum_replace2(check, port[1], p->t4.dport);
		if (p->info.proto == IPPROTO_UDP && !*check)
			*check = CSUM_MANGLED_0;
	}
	port[0] = p->t4.sport;
	port[1] = p->t4.dport;
}

/* RFC 7915 5.2: echo type, identifier, checksum without pseudo-header. */
static void echo6to4(struct sk_buff *skb, const struct pkt6 *p)
{
	nat64_icmp_echo_6to4(icmp6_hdr(skb), p->icmp_type, p->icmp_code,
			     p->t4.sport, &p->t6.src, &p->t6.dst,
			     p->info.l4_len);
}

/*
 * Rewrite @skb in place into the IPv4 packet.  @df: the translated packet
 * (each segment of a GSO one) is above the 1260-byte threshold and was
 * not fragmented by its sender.
 */
static int rewrite6to4(const struct nat64_xlat *x, struct sk_buff *skb,
		       struct pkt6 *p, bool df)
{
	const struct nat64_xlat_cfg cfg = {
		.tos_override = x->g->tos_override,
		.tos = x->g->tos,
		.lowest_ipv6_mtu = x->g->lowest_ipv6_mtu,
	};
	u32 off = skb_network_offset(skb) + p->info.l4_off;
	struct skb_shared_info *si;
	struct iphdr hdr, *iph;

	if (skb_ensure_writable(skb, off + l4_min_len(p->info.proto)))
		return -ENOMEM;
	/* ICMP checksums are not offloaded across; finish it in software. */
	if (p->info.proto == IPPROTO_ICMPV6 &&
	    skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		return -ENOMEM;
	/* A sum over the old headers: the receiver verifies on its own. */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	if (nat64_hdr_6to4(ipv6_hdr(skb), &p->info, p->t4.src, p->t4.dst, 0,
			   &cfg, &hdr) != NAT64_XLAT_OK)
		return -EMSGSIZE;

	switch (p->info.proto) {
	case IPPROTO_TCP:
		ports6to4(skb, p, &tcp_hdr(skb)->check);
		break;
	case IPPROTO_UDP:
		ports6to4(skb, p, &udp_hdr(skb)->check);
		break;
	default:
		echo6to4(skb, p);
	}

	/* Only now: the calls above may have moved the head, shinfo with it. */
	si = skb_shinfo(skb);
	__skb_pull(skb, off - sizeof(struct iphdr));
	skb_reset_network_header(skb);
	nat64_reset_mac(skb);
	iph = ip_hdr(skb);
	*iph = hdr;
	if (!df)
		iph->frag_off &= ~htons(IP_DF);
	/* RFC 7915 5.1: an Identification from the translator's generator. */
	if (!p->info.has_frag)
		__ip_select_ident(x->net, iph,
				  skb_is_gso(skb) ? si->gso_segs : 1);
	ip_send_check(iph);
	skb->protocol = htons(ETH_P_IP);
	if (si->gso_type & SKB_GSO_TCPV6)
		si->gso_type = (si->gso_type & ~SKB_GSO_TCPV6) | SKB_GSO_TCPV4;

	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	/*
	 * Reassembled by defrag: leave DF clear (the sender fragmented) and
	 * have ip_output() cut no larger than the fragments that came in,
	 * each 28 bytes smaller once translated (RFC 7915 5.1.1).
	 */
	if (p->frag_max)
		IPCB(skb)->frag_max_size = max_t(int, p->frag_max -
						 sizeof(struct ipv6hdr) -
						 sizeof(struct frag_hdr) +
						 sizeof(struct iphdr),
						 IPV4_MIN_MTU);
	return 0;
}

/*
 * No IPv4 route, or one to the box itself.  Choice: the latter is refused
 * as a firewall would refuse it, with "administratively prohibited".
 */
static unsigned int no_route4(const struct nat64_xlat *x, struct sk_buff *skb,
			      const struct dst_entry *err)
{
	enum nat64_stat why = nat64_route_stat(err, NAT64_STAT_DROP_NO_ROUTE4);

	nat64_icmp6_error(x->net, skb, ICMPV6_DEST_UNREACH,
			  why == NAT64_STAT_DROP_TO_HOST ?
			  ICMPV6_ADM_PROHIBITED : ICMPV6_NOROUTE, 0);
	return nat64_drop(x, why);
}

/* Route, then the DF rule and the MTU, all before touching the packet. */
static unsigned int route6to4(const struct nat64_xlat *x, struct sk_buff *skb,
			      struct pkt6 *p)
{
	u32 len = sizeof(struct iphdr) + (skb_is_gso(skb) ?
					  nat64_gso_l4_seglen(skb) :
					  p->info.l4_len);
	bool df = !p->frag_max && !p->info.has_frag && len > NAT64_DF_THRESHOLD;
	bool loop = nat64_state_is_pool4(x->inst, p->t4.dst);
	struct dst_entry *dst = NULL;
	u32 mtu;

	/*
	 * A datagram the IPv6 sender fragmented, reassembled, can be longer
	 * in IPv4 than an IPv4 datagram may be: no fragment size would help
	 * it, so no Packet Too Big either.
	 */
	if (len > IP_MAX_MTU)
		return nat64_drop(x, NAT64_STAT_DROP_TOO_BIG);
	if (!loop) {
		dst = nat64_route4(x, skb, p->t4.src, p->t4.dst,
				   nat64_proto_6to4(p->info.proto),
				   ipv6_get_dsfield(ipv6_hdr(skb)));
		if (IS_ERR(dst))
			return no_route4(x, skb, dst);
		mtu = dst_mtu(dst);
		if (df && len > mtu) {
			/* RFC 7915 5.1: the sender must do PMTUD, DF is set. */
			nat64_icmp6_error(x->net, skb, ICMPV6_PKT_TOOBIG, 0,
					  nat64_icmp_mtu_4to6(min_t(u32, mtu, 0xffff),
							      min_t(u32, len, 0xffff),
							      0, 0));
			dst_release(dst);
			return nat64_drop(x, NAT64_STAT_DROP_TOO_BIG);
		}
	}
	if (rewrite6to4(x, skb, p, df)) {
		dst_release(dst);
		return nat64_drop(x, NAT64_STAT_DROP_NOMEM);
	}
	if (loop)
		return hairpin(x, skb);
	nat64_stat_inc(x->inst->stats, NAT64_STAT_XLAT_6TO4);
	nat64_route_output(x->net, skb, dst);
	return NF_STOLEN;
}

/*
 * IPv6 BIG TCP: more than 64 KiB of TCP (GRO with gro_max_size above
 * that), the length in a Hop-by-Hop jumbo option.  IPv4 has no such
 * thing: segmented, each segment is translated on its own.  The option
 * goes first: the segmenter's own removal of it assumes an Ethernet
 * header in front, which this packet no longer has.
 */
static unsigned int big_tcp(const struct nat64_xlat *x, struct sk_buff *skb)
{
	if (nat64_gso_strip_jumbo(skb))
		return nat64_drop(x, NAT64_STAT_DROP_NOMEM);
	/* GRO makes it with TCP right after the option it took away. */
	skb_set_transport_header(skb, skb_network_offset(skb) +
				 sizeof(struct ipv6hdr));
	if (ipv6_hdr(skb)->nexthdr != IPPROTO_TCP ||
	    !nat64_offload_valid(skb, IPPROTO_TCP, true))
		return nat64_drop(x, NAT64_STAT_DROP_BAD_GSO);
	return nat64_gso_split(x, skb, true, false);
}

unsigned int nat64_xlat_6to4(const struct nat64_xlat *x, struct sk_buff *skb)
{
	struct pkt6 p = {};
	unsigned int v;

	if (!nat64_xlat_for_host(skb))
		return NF_ACCEPT;
	if (skb_is_gso(skb) && ipv6_has_hopopt_jumbo(skb))
		return big_tcp(x, skb);
	v = check6(x, skb, &p);
	if (v == NAT64_CONTINUE && !nat64_offload_valid(skb, p.info.proto, true))
		v = nat64_drop(x, NAT64_STAT_DROP_BAD_GSO);
	if (v == NAT64_CONTINUE && !nat64_xlat_policy_ok(skb, AF_INET6))
		v = nat64_drop(x, NAT64_STAT_DROP_IPSEC_POLICY);
	if (v == NAT64_CONTINUE)
		v = tuple6(x, skb, &p);
	if (v == NAT64_CONTINUE)
		v = state6(x, skb, &p);
	if (v == NAT64_CONTINUE)
		v = hop_limit(x, skb);
	if (v != NAT64_CONTINUE)
		return v;
	if (!gso_ok(skb, p.info.l4_len))
		return nat64_gso_split(x, skb, true, false);
	return route6to4(x, skb, &p);
}
