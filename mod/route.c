// SPDX-License-Identifier: GPL-2.0
/*
 * Routing and output of translated packets.  The translation happens in
 * PRE_ROUTING, so the packet is routed here in its new family and leaves
 * through dst_output(): the other family's POSTROUTING hooks (an operator's
 * nftables rules, SNAT, accounting) still see it.  FORWARD is skipped; the
 * translator itself decremented TTL/Hop Limit (RFC 7915 4.1, 5.1).
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/ip6_route.h>
#include <net/netfilter/nf_conntrack.h>

#include "path.h"

struct dst_entry *nat64_route4(struct net *net, const struct sk_buff *skb,
			       __be32 saddr, __be32 daddr, u8 proto, u8 tos)
{
	struct flowi4 fl4 = {
		.daddr = daddr,
		.saddr = saddr,
		.flowi4_proto = proto,
		.flowi4_tos = RT_TOS(tos),
		.flowi4_mark = skb->mark,
		.flowi4_scope = RT_SCOPE_UNIVERSE,
		/* The pool4 source is not necessarily a local address. */
		.flowi4_flags = FLOWI_FLAG_ANYSRC,
	};
	struct rtable *rt;

	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return NULL;
	/* Broadcast and multicast destinations are not a NAT64's business. */
	if (rt->rt_type != RTN_UNICAST && rt->rt_type != RTN_LOCAL) {
		ip_rt_put(rt);
		return NULL;
	}
	return &rt->dst;
}

struct dst_entry *nat64_route6(struct net *net, const struct sk_buff *skb,
			       const struct in6_addr *saddr,
			       const struct in6_addr *daddr, u8 proto)
{
	struct flowi6 fl6 = {
		.daddr = *daddr,
		.saddr = *saddr,
		.flowi6_proto = proto,
		.flowi6_mark = skb->mark,
	};
	struct dst_entry *dst;

	dst = ip6_route_output(net, NULL, &fl6);
	if (dst->error) {
		dst_release(dst);
		return NULL;
	}
	return dst;
}

void nat64_send(struct net *net, struct sk_buff *skb, struct dst_entry *dst)
{
	/*
	 * The caller has rewritten the control block for the new family
	 * (nothing of the old IPCB/IP6CB, such as defrag's frag_max_size,
	 * may make the output path refragment wrongly); conntrack state of
	 * the old family means nothing to the new one.
	 */
	nf_reset_ct(skb);
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	skb->dev = dst->dev;
	skb_clear_tstamp(skb);
	dst_output(net, NULL, skb);
}
