// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 -> IPv6: one packet addressed to pool4, from the check of its
 * header to its departure as IPv6 (RFC 6146 3.4-3.8, RFC 7915 section 4).
 *
 * As on the way in, state, route and MTU are settled while the packet is
 * still the IPv4 one its sender sent (ICMPv4 errors quote it).  Then the
 * IPv4 header is replaced in place by the 40-byte IPv6 one, in the
 * headroom (skb_cow_head() allocates only when it is short); the transport
 * header does not move.  DF=0 packets larger than lowest-ipv6-mtu leave as
 * IPv6 fragments (frag.c).
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>
#include <net/tcp.h>

#include "addr.h"
#include "icmp_build.h"
#include "icmp_map.h"
#include "xlat.h"
#include "xlat46.h"
#include "gso.h"
#include "route.h"
#include "frag.h"
#include "icmp_translate.h"
#include "icmp_send.h"
#include "state.h"
#include "xlat_hdr.h"

/* What the path learns about one IPv4 packet. */
struct pkt4 {
	struct nat64_v4_info info;
	struct nat64_tuple4 t4;
	struct nat64_tuple6 t6;
	u32 l4_len;
	u8 proto;
	u8 tcp_flags;
	u8 icmp_type;		/* ICMPv6 type and code of a translated echo */
	u8 icmp_code;
	u16 frag_max;		/* IPCB()->frag_max_size: reassembled by defrag */
	bool hairpin;
	bool refused;		/* by IPsec policy, unless the host takes it */
};

static enum nat64_stat ok_stat(const struct pkt4 *p, enum nat64_stat ok)
{
	return p->hairpin ? NAT64_STAT_HAIRPIN : ok;
}

static enum nat64_xlat_verdict check_hdr(struct sk_buff *skb,
					 struct nat64_v4_info *info)
{
	u32 noff = skb_network_offset(skb);
	enum nat64_xlat_verdict v;
	unsigned int i;

	/* Once for the fixed header, once for the options. */
	for (i = 0; i < 3; i++) {
		v = nat64_v4_check(ip_hdr(skb), skb_headlen(skb) - noff,
				   skb->len - noff, info);
		if (v != NAT64_XLAT_PULL)
			return v;
		if (!pskb_may_pull(skb, noff + info->need))
			return NAT64_XLAT_DROP;
	}
	return NAT64_XLAT_DROP;
}

static u32 l4_min_len(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return sizeof(struct tcphdr);
	case IPPROTO_UDP:
		return sizeof(struct udphdr);
	case IPPROTO_ICMP:
		return sizeof(struct icmphdr);
	}
	return 0;
}

/* RFC 7915 4.2: the ICMPv4 errors that have an ICMPv6 counterpart. */
static bool icmp_error(const struct sk_buff *skb, u8 proto)
{
	u8 type;

	if (proto != IPPROTO_ICMP)
		return false;
	type = icmp_hdr(skb)->type;
	return type == ICMP_DEST_UNREACH || type == ICMP_TIME_EXCEEDED ||
	       type == ICMP_PARAMETERPROB;
}

/*
 * What the translator leaves alone on a pool4 address (a protocol, or a
 * port, outside pool4; an ICMP error about such a port) is the host's,
 * when the address is one of the host's own.  Otherwise the routing
 * table would send it on, as likely as not back to the router that sent
 * it here, and round until its TTL ran out: it is dropped instead, as a
 * packet for pool4 that no BIB entry can hold (RFC 6146 3.5.1, 3.5.2.2).
 * A hairpinned packet is IPv4 inside the IPv6 hook by now and cannot be
 * handed back at all.
 */
static bool host_takes(const struct nat64_xlat *x, const struct sk_buff *skb,
		       const struct pkt4 *p)
{
	return !p->hairpin &&
	       inet_addr_type(x->net, ip_hdr(skb)->daddr) == RTN_LOCAL;
}

/*
 * A pool4 address is this translator's: only its own packets come from
 * one, by hairpinning, which never goes through a device.  Translating
 * one that did would let its sender pose as an IPv6 host behind this
 * translator to another one (a hairpinned flow's (T,t) answers whoever
 * sends from it).  From a link it is spoofed (the hook runs before the
 * routing decision, so the kernel's martian check never sees it): 1.
 * Through lo it is the host's own, from a pool4 address it shares: -1,
 * the host's to deliver, never translated.
 */
static int pool4_source(const struct nat64_xlat *x, const struct sk_buff *skb,
			const struct pkt4 *p)
{
	if (p->hairpin || !nat64_state_is_pool4(x->inst, ip_hdr(skb)->saddr))
		return 0;
	return skb->dev && (skb->dev->flags & IFF_LOOPBACK) ? -1 : 1;
}

static unsigned int check4(const struct nat64_xlat *x, struct sk_buff *skb,
			   struct pkt4 *p)
{
	struct nat64_instance *inst = x->inst;
	const struct iphdr *iph;
	u32 len;
	int src;

	switch (check_hdr(skb, &p->info)) {
	case NAT64_XLAT_OK:
		break;
	case NAT64_XLAT_SR_FAILED:
		/* RFC 7915 4.1: an unexpired source route is not honoured. */
		nat64_icmp4_error(x->net, skb, ICMP_DEST_UNREACH,
				  ICMP_SR_FAILED, 0);
		return nat64_drop(x, NAT64_STAT_DROP_SOURCE_ROUTE);
	default:
		return nat64_drop(x, NAT64_STAT_DROP_MALFORMED4);
	}
	iph = ip_hdr(skb);
	p->proto = iph->protocol;
	/* Defragmentation ran first: a fragment here could not be joined. */
	if (p->info.mf || p->info.frag_offset)
		return nat64_drop(x, p->proto == IPPROTO_ICMP ?
				  NAT64_STAT_DROP_ICMP_FRAGMENTED :
				  NAT64_STAT_DROP_FRAGMENT);
	/*
	 * RFC 6146: TCP, UDP and ICMP only; others are Protocol Unreachable.
	 * Choice: unless the pool4 address is also one of the host's own,
	 * where the protocol (GRE, ESP, OSPF...) is the host's business.
	 */
	len = l4_min_len(p->proto);
	if (!len && host_takes(x, skb, p))
		return NF_ACCEPT;
	if (!len) {
		nat64_icmp4_error(x->net, skb, ICMP_DEST_UNREACH,
				  ICMP_PROT_UNREACH, 0);
		return nat64_drop(x, NAT64_STAT_DROP_PROTO4);
	}
	p->l4_len = p->info.tot_len - p->info.hdr_len;
	if (p->l4_len < len ||
	    !pskb_may_pull(skb, skb_network_offset(skb) + p->info.hdr_len + len))
		return nat64_drop(x, NAT64_STAT_DROP_MALFORMED4);
	skb_set_transport_header(skb, skb_network_offset(skb) + p->info.hdr_len);

	/*
	 * Whatever the prefix, a source that names no host beyond this
	 * box's links (addr.c) is spoofed: nothing is translated from it.
	 */
	iph = ip_hdr(skb);
	src = pool4_source(x, skb, p);
	if (src < 0)
		return NF_ACCEPT;
	if (nat64_addr_v4_special(iph->saddr) || src)
		return nat64_drop(x, NAT64_STAT_DROP_SPECIAL4);
	/*
	 * RFC 6052 3.1: a non-global source cannot be written into the
	 * well-known prefix.  Dropped silently: whoever sent it from there
	 * is not someone an error could reach.  ICMP errors are the
	 * exception: a router with a private address may report a path MTU,
	 * and icmp_translate.c gives its error another source.
	 */
	if (nat64_pool6_is_wkp(&inst->pool6, inst->pool6_len) &&
	    nat64_addr_v4_nonglobal(iph->saddr) && !icmp_error(skb, p->proto))
		return nat64_drop(x, NAT64_STAT_DROP_NONGLOBAL4);
	p->frag_max = IPCB(skb)->frag_max_size;
	return NAT64_CONTINUE;
}

/*
 * RFC 7915 4.1: the translator is a router and decrements TTL, after the
 * state (RFC 6146 3.5 before 3.7); the host's own packets on a shared
 * pool4 address were handed back to the stack before this.
 */
static unsigned int ttl(const struct nat64_xlat *x, struct sk_buff *skb)
{
	if (ip_hdr(skb)->ttl > 1)
		return NAT64_CONTINUE;
	nat64_icmp4_error(x->net, skb, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0);
	return nat64_drop(x, NAT64_STAT_DROP_TTL);
}

static bool gso_ok(const struct sk_buff *skb)
{
	unsigned int type = skb_shinfo(skb)->gso_type & ~SKB_GSO_DODGY;

	if (!skb_is_gso(skb))
		return true;
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return false;
	if (type & SKB_GSO_TCPV4)
		return !(type & ~(SKB_GSO_TCPV4 | SKB_GSO_TCP_ECN |
				  SKB_GSO_TCP_FIXEDID));
	return type == SKB_GSO_UDP_L4;
}

/*
 * Routes and sends @skb, already IPv6 (an ICMP error translated by
 * nat64_icmp_err_4to6()), counting @ok.
 */
static unsigned int out6(const struct nat64_xlat *x, struct sk_buff *skb,
			 enum nat64_stat ok)
{
	const struct ipv6hdr *ip6 = ipv6_hdr(skb);
	struct dst_entry *dst;

	dst = nat64_route6(x, skb, &ip6->saddr, &ip6->daddr,
			   ip6->nexthdr);
	if (IS_ERR(dst))
		return nat64_drop(x, nat64_route_stat(dst,
						      NAT64_STAT_DROP_NO_ROUTE6));
	nat64_stat_inc(x->inst->stats, ok);
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	nat64_route_output(x->net, skb, dst);
	return NF_STOLEN;
}

static unsigned int tuple4(const struct nat64_xlat *x, struct sk_buff *skb,
			   struct pkt4 *p)
{
	const struct iphdr *iph = ip_hdr(skb);
	const u8 *l4 = skb_transport_header(skb);
	const struct icmphdr *ic;
	enum nat64_stat why;
	int err;

	p->t4.src = iph->saddr;
	p->t4.dst = iph->daddr;
	switch (p->proto) {
	case IPPROTO_TCP:
		p->t4.proto = NAT64_PROTO_TCP;
		p->tcp_flags = tcp_flag_byte(tcp_hdr(skb));
		break;
	case IPPROTO_UDP:
		p->t4.proto = NAT64_PROTO_UDP;
		break;
	default:
		ic = icmp_hdr(skb);
		switch (nat64_icmp_4to6(ic->type, ic->code, &p->icmp_type,
					&p->icmp_code)) {
		case NAT64_ICMP_INFO:
			break;
		case NAT64_ICMP_DROP:
			return nat64_drop(x, NAT64_STAT_DROP_ICMP_TYPE);
		default:
			/*
			 * Defragmentation joined the pieces, so a large echo is
			 * whole here and its checksum is fixed like UDP's: RFC
			 * 7915 leaves fragmented ICMP alone because a stateless
			 * translator sees fragments one by one.  An error,
			 * though, never needs fragments (576 bytes, RFC 1812
			 * 4.3.2.3; 1280, RFC 4443 2.4(c)): one in pieces is
			 * not genuine and stays dropped.
			 */
			if (p->frag_max)
				return nat64_drop(x,
						  NAT64_STAT_DROP_ICMP_FRAGMENTED);
			/* TTL: checked there, once the error is known ours. */
			why = NAT64_STAT_DROP_MALFORMED4;
			err = nat64_icmp_err_4to6(x, skb, &p->info, &why);
			/* About the host's own traffic on a shared address. */
			if (err > 0 && host_takes(x, skb, p))
				return NF_ACCEPT;
			if (err)
				return nat64_drop(x, why);
			if (p->refused)
				return nat64_drop(x,
						  NAT64_STAT_DROP_IPSEC_POLICY);
			return out6(x, skb,
					  ok_stat(p, NAT64_STAT_ICMP_ERR_4TO6));
		}
		p->t4.proto = NAT64_PROTO_ICMP;
		p->t4.sport = ic->un.echo.id;
		p->t4.dport = ic->un.echo.id;
		return NAT64_CONTINUE;
	}
	p->t4.sport = ((const __be16 *)l4)[0];
	p->t4.dport = ((const __be16 *)l4)[1];
	return NAT64_CONTINUE;
}

static unsigned int state4(const struct nat64_xlat *x, struct sk_buff *skb,
			   struct pkt4 *p)
{
	enum nat64_stat why = NAT64_STAT_DROP_NO_BIB;

	switch (nat64_state_4to6(x->inst, x->g, &p->t4, p->tcp_flags, skb,
				 &p->t6, &why)) {
	case NAT64_STATE_FORWARD:
		return NAT64_CONTINUE;
	case NAT64_STATE_STOLEN:
		nat64_stat_inc(x->inst->stats, why);
		return NF_STOLEN;
	case NAT64_STATE_ACCEPT:
		/* A port outside pool4: Choice: dropped unless the host's. */
		if (!host_takes(x, skb, p))
			return nat64_drop(x, NAT64_STAT_DROP_NO_BIB);
		return NF_ACCEPT;
	default:
		return nat64_drop(x, why);
	}
}

/* TCP and UDP: ports and the checksum for the new pseudo-header. */
static void ports4to6(struct sk_buff *skb, const struct pkt4 *p,
		      __sum16 *check)
{
	__be16 *port = (__be16 *)skb_transport_header(skb);
	__wsum sum;

	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		/* The field holds the pseudo-header sum the stack will use. */
		*check = ~csum_ipv6_magic(&p->t6.src, &p->t6.dst, p->l4_len,
					  p->proto, 0);
	} else if (p->proto == IPPROTO_UDP && !*check) {
		/* RFC 7915 4.5: IPv4 UDP without checksum gets a full one. */
		port[0] = p->t6.sport;
		port[1] = p->t6.dport;
		sum = skb_checksum(skb, skb_transport_offset(skb), p->l4_len,
				   0);
		*check = csum_ipv6_magic(&p->t6.src, &p->t6.dst, p->l4_len,
					 IPPROTO_UDP, sum);
		if (!*check)
			*check = CSUM_MANGLED_0;
	} else {
		/* RFC 1624: incremental, so a wrong checksum stays wrong. */
		__wsum from = nat64_csum_addrs4(p->t4.src, p->t4.dst);
		__wsum to = nat64_csum_addrs6(&p->t6.src, &p->t6.dst);

		csum_replace_by_diff(check, csum_sub(to, from));
		csum_replace2(check, port[0], p->t6.sport);
		csum_replace2(check, port[1], p->t6.dport);
		if (p->proto == IPPROTO_UDP && !*check)
			*check = CSUM_MANGLED_0;
	}
	port[0] = p->t6.sport;
	port[1] = p->t6.dport;
}

/* RFC 7915 4.2: echo type, identifier, checksum with pseudo-header. */
static void echo4to6(struct sk_buff *skb, const struct pkt4 *p)
{
	nat64_icmp_echo_4to6(icmp_hdr(skb), p->icmp_type, p->icmp_code,
			     p->t6.sport, &p->t6.src, &p->t6.dst, p->l4_len);
}

/* Translate the transport header, still behind the IPv4 header. */
static int rewrite_l4(struct sk_buff *skb, const struct pkt4 *p)
{
	u32 off = skb_transport_offset(skb);

	if (skb_ensure_writable(skb, off + l4_min_len(p->proto)))
		return -ENOMEM;
	/* ICMP checksums are not offloaded across; finish it in software. */
	if (p->proto == IPPROTO_ICMP && skb->ip_summed == CHECKSUM_PARTIAL &&
	    skb_checksum_help(skb))
		return -ENOMEM;
	/* A sum over the old headers: the receiver verifies on its own. */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	switch (p->proto) {
	case IPPROTO_TCP:
		ports4to6(skb, p, &tcp_hdr(skb)->check);
		break;
	case IPPROTO_UDP:
		ports4to6(skb, p, &udp_hdr(skb)->check);
		break;
	default:
		echo4to6(skb, p);
	}
	return 0;
}

/* Replace the IPv4 header by the first @len bytes of @hdr. */
static int rewrite_hdr(struct sk_buff *skb, const struct nat64_hdr6 *hdr,
		       u32 len, const struct dst_entry *dst)
{
	u32 l4 = skb_transport_offset(skb);
	int room = len + LL_RESERVED_SPACE(dst->dev) - l4;
	struct skb_shared_info *si;

	if (room > 0 && skb_cow_head(skb, room))
		return -ENOMEM;
	/* Only now: skb_cow_head() may have moved the head, shinfo with it. */
	si = skb_shinfo(skb);
	__skb_pull(skb, l4);
	__skb_push(skb, len);
	skb_reset_network_header(skb);
	nat64_reset_mac(skb);
	memcpy(skb_network_header(skb), hdr, len);
	skb->protocol = htons(ETH_P_IPV6);
	if (si->gso_type & SKB_GSO_TCPV4)
		si->gso_type = (si->gso_type &
				~(SKB_GSO_TCPV4 | SKB_GSO_TCP_FIXEDID)) |
			       SKB_GSO_TCPV6;
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	return 0;
}

/*
 * The ICMPv4 error about @skb.  A hairpinned packet's source is a pool4
 * address, which no route leads to (or, shared with the host, leads to
 * the host): its error takes the hairpin's way back instead, from the
 * pool4 address it was sent to, through the 4->6 path, which translates
 * it for the IPv6 host that sent the packet, as a stored SYN's port
 * unreachable does (upkeep.c).  An error about an error is never made
 * (nat64_icmp4_error_skb()), so this ends.  The error is the
 * translator's own packet and ends in an outcome counter: the event
 * hairpin-error-sent says so, and the counters still add up.
 */
static void error4(const struct nat64_xlat *x, struct sk_buff *skb,
		   const struct pkt4 *p, u8 type, u8 code, u32 info)
{
	struct sk_buff *err;

	if (!p->hairpin) {
		nat64_icmp4_error(x->net, skb, type, code, info);
		return;
	}
	err = nat64_icmp4_error_skb(x->net, skb, ip_hdr(skb)->daddr, type,
				    code, info);
	if (!err)
		return;
	nat64_stat_inc(x->inst->stats, NAT64_STAT_HAIRPIN_ERROR);
	if (nat64_xlat_4to6(x, err, true) != NF_STOLEN)
		kfree_skb(err);
}

/* DF=1 and too big for the IPv6 route: RFC 7915 4.1, ICMPv4 3/4. */
static unsigned int too_big(const struct nat64_xlat *x, struct sk_buff *skb,
			    const struct pkt4 *p, struct dst_entry *dst)
{
	u16 mtu = nat64_icmp_mtu_6to4(dst_mtu(dst), false, 0, 0);

	dst_release(dst);
	error4(x, skb, p, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, mtu);
	return nat64_drop(x, NAT64_STAT_DROP_TOO_BIG);
}

static unsigned int fragment(const struct nat64_xlat *x, struct sk_buff *skb,
			     struct pkt4 *p, const struct nat64_v6_plan *plan,
			     const struct nat64_hdr6 *hdr,
			     struct dst_entry *dst)
{
	int sent;

	/* The pieces carry no offload: the checksum must be final. */
	if (rewrite_l4(skb, p) || (skb->ip_summed == CHECKSUM_PARTIAL &&
				   skb_checksum_help(skb))) {
		dst_release(dst);
		return nat64_drop(x, NAT64_STAT_DROP_NOMEM);
	}
	sent = nat64_frag6_send(x->net, skb, &p->info, plan, hdr, dst);
	dst_release(dst);
	if (sent <= 0)
		return nat64_drop(x, NAT64_STAT_DROP_NOMEM);
	nat64_stat_inc(x->inst->stats, ok_stat(p, NAT64_STAT_XLAT_4TO6));
	consume_skb(skb);
	return NF_STOLEN;
}

/* No IPv6 route, or one to the box itself (refused as in xlat64.c). */
static unsigned int no_route6(const struct nat64_xlat *x, struct sk_buff *skb,
			      const struct pkt4 *p, const struct dst_entry *err)
{
	enum nat64_stat why = nat64_route_stat(err, NAT64_STAT_DROP_NO_ROUTE6);

	error4(x, skb, p, ICMP_DEST_UNREACH,
	       why == NAT64_STAT_DROP_TO_HOST ?
	       ICMP_PKT_FILTERED : ICMP_HOST_UNREACH, 0);
	return nat64_drop(x, why);
}

static unsigned int route4to6(const struct nat64_xlat *x, struct sk_buff *skb,
			      struct pkt4 *p)
{
	struct nat64_xlat_cfg cfg = {
		.tos_override = x->g->tos_override,
		.tos = x->g->tos,
		.lowest_ipv6_mtu = x->g->lowest_ipv6_mtu,
	};
	struct nat64_v4_info hinfo = p->info;
	struct nat64_hdr6 hdr;
	bool gso = skb_is_gso(skb);
	struct nat64_v6_plan plan;
	struct dst_entry *dst;
	u32 mtu, seg;

	dst = nat64_route6(x, skb, &p->t6.src, &p->t6.dst,
			   nat64_proto_4to6(p->proto));
	if (IS_ERR(dst))
		return no_route6(x, skb, p, dst);
	mtu = dst_mtu(dst);
	/* Fragment for the route too if it is below lowest-ipv6-mtu. */
	cfg.lowest_ipv6_mtu = min(cfg.lowest_ipv6_mtu, mtu);
	/* GSO segments are sized below; never plan fragments for them. */
	if (gso)
		hinfo.df = true;
	if (nat64_hdr_4to6(ip_hdr(skb), &hinfo, &p->t6.src, &p->t6.dst, &cfg,
			   &hdr.ip6, &plan) != NAT64_XLAT_OK) {
		dst_release(dst);
		return nat64_drop(x, NAT64_STAT_DROP_MALFORMED4);
	}

	if (gso) {
		seg = sizeof(struct ipv6hdr) + nat64_gso_l4_seglen(skb);
		if (p->info.df) {
			if (seg > mtu)
				return too_big(x, skb, p, dst);
		} else if (seg > max_t(u32, cfg.lowest_ipv6_mtu,
				       IPV6_MIN_MTU) || seg > mtu) {
			/* DF=0 segments need IPv6 fragments: one by one. */
			dst_release(dst);
			return nat64_gso_split(x, skb, false, p->hairpin);
		}
	} else if (plan.frag_size) {
		return fragment(x, skb, p, &plan, &hdr, dst);
	} else if (plan.hdr_len + p->l4_len > mtu) {
		return too_big(x, skb, p, dst);
	}

	if (rewrite_l4(skb, p) || rewrite_hdr(skb, &hdr, plan.hdr_len, dst)) {
		dst_release(dst);
		return nat64_drop(x, NAT64_STAT_DROP_NOMEM);
	}
	nat64_stat_inc(x->inst->stats, ok_stat(p, NAT64_STAT_XLAT_4TO6));
	nat64_route_output(x->net, skb, dst);
	return NF_STOLEN;
}

unsigned int nat64_xlat_4to6(const struct nat64_xlat *x, struct sk_buff *skb,
			     bool hairpin)
{
	struct pkt4 p = { .hairpin = hairpin };
	unsigned int v;

	if (!hairpin && !nat64_xlat_for_host(skb))
		return NF_ACCEPT;
	v = check4(x, skb, &p);
	if (v == NAT64_CONTINUE && !nat64_offload_valid(skb, p.proto, false))
		v = nat64_drop(x, NAT64_STAT_DROP_BAD_GSO);
	if (v == NAT64_CONTINUE && !hairpin &&
	    !nat64_xlat_policy_ok(skb, AF_INET)) {
		/*
		 * Refused before any state is touched; but a pool4 address
		 * the host shares may have a packet of the host's own, which
		 * the forwarding policy is not about: only the state says.
		 */
		if (host_takes(x, skb, &p))
			p.refused = true;
		else
			v = nat64_drop(x, NAT64_STAT_DROP_IPSEC_POLICY);
	}
	if (v == NAT64_CONTINUE)
		v = tuple4(x, skb, &p);
	if (v == NAT64_CONTINUE)
		v = state4(x, skb, &p);
	if (v == NAT64_CONTINUE && p.refused)
		v = nat64_drop(x, NAT64_STAT_DROP_IPSEC_POLICY);
	if (v == NAT64_CONTINUE)
		v = ttl(x, skb);
	if (v != NAT64_CONTINUE)
		return v;
	if (!gso_ok(skb))
		return nat64_gso_split(x, skb, false, hairpin);
	return route4to6(x, skb, &p);
}
