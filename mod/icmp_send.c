// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP errors the translator originates about a packet it received: Time
 * Exceeded, Parameter Problem (a Routing header with Segments Left),
 * Packet Too Big / Fragmentation Needed, Destination Unreachable (pool4
 * exhausted, a stored IPv4 SYN expired, a source route).
 *
 * The stack's icmp_send() and icmpv6_send() want the packet's route and
 * device: in PRE_ROUTING there is no route yet, and a stored SYN answered
 * from the upkeep work has neither.  So the error is built here from the
 * packet's bytes alone and sent like a locally generated packet: routed
 * towards the packet's source, which also picks the translator's own
 * source address for it, rate-limited with the stack's own limits
 * (icmp_msgs_per_sec/burst, icmp_ratelimit/ratemask, icmpv6 ratelimit/
 * ratemask; each error they hold back counts in icmp-error-rate-limited),
 * and output through LOCAL_OUT.  Callable from softirq and process context.
 *
 * @info: the MTU of Packet Too Big and Fragmentation Needed, the pointer
 * of Parameter Problem; ignored otherwise.
 */
#include <linux/slab.h>
#include <linux/random.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/ip6_route.h>
#include <net/inetpeer.h>

#include "xlat.h"
#include "icmp_build.h"
#include "icmp_send.h"

/*
 * The packet's first bytes, as much as the error quotes, in its linear
 * area (pulled there if need be: the packet is being dropped, or is a
 * stored SYN's own copy), so the error is built straight from them.
 */
static const void *quote_of(struct sk_buff *skb, u32 room, u32 *len)
{
	u32 off = skb_network_offset(skb);

	if (skb->len <= off)
		return NULL;
	*len = min_t(u32, skb->len - off, room);
	if (!pskb_network_may_pull(skb, *len))
		return NULL;
	return skb_network_header(skb);
}

/* An error the rate limits held back, counted by @net's instance. */
static void count_limited(struct net *net)
{
	struct nat64_instance *inst;

	rcu_read_lock();
	inst = rcu_dereference(nat64_pernet(net)->inst);
	if (inst)
		nat64_stat_inc(inst->stats, NAT64_STAT_ICMP_RATE_LIMITED);
	rcu_read_unlock();
}

/*
 * An error routed to the box itself would reach its own sockets through
 * lo, past every INPUT rule written for the uplink: its source was spoofed
 * to one of the box's addresses (the kernel's forwarding drops those as
 * martians before it would answer).  Unless the packet it is about came
 * through lo: the host's own, which may learn its path MTU.  Errors about
 * hairpinned packets never come here (xlat46.c sends them the hairpin's
 * way).
 */
static bool from_lo(const struct sk_buff *skb)
{
	return skb->dev && (skb->dev->flags & IFF_LOOPBACK);
}

/*
 * The global limit, then the per-peer one of @daddr (an IPv6 address if
 * @v6), as the stack's icmp(v6)_xrlim_allow() do; what they hold back is
 * counted.
 */
static bool allow_peer(struct net *net, const void *daddr, bool v6,
		       int timeout)
{
	struct inet_peer *peer;
	bool ok;

	if (!icmp_global_allow(net))
		goto limited;
	rcu_read_lock();
	peer = v6 ? inet_getpeer_v6(net->ipv6.peers, daddr) :
		    inet_getpeer_v4(net->ipv4.peers, *(const __be32 *)daddr, 0);
	ok = inet_peer_xrlim_allow(peer, timeout);
	rcu_read_unlock();
	if (ok) {
		icmp_global_consume(net);
		return true;
	}
limited:
	count_limited(net);
	return false;
}

/* As icmpv4_xrlim_allow(): Fragmentation Needed is never held back. */
static bool allow4(struct net *net, struct rtable *rt, __be32 daddr, u8 type,
		   u8 code)
{
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		return true;
	if (!((1 << type) & READ_ONCE(net->ipv4.sysctl_icmp_ratemask)))
		return true;
	if (rt->dst.dev && (rt->dst.dev->flags & IFF_LOOPBACK))
		return true;
	return allow_peer(net, &daddr, false,
			  READ_ONCE(net->ipv4.sysctl_icmp_ratelimit));
}

/*
 * The ICMPv4 error about @pkt (@len bytes) from @saddr to the packet's
 * source, with @headroom bytes before it; NULL without memory.
 */
static struct sk_buff *build4(const struct iphdr *pkt, u32 len, u8 type,
			      u8 code, u32 info, __be32 saddr, u32 headroom)
{
	struct sk_buff *nskb;
	struct icmphdr *icmp;
	struct iphdr *iph;
	u32 mlen;

	nskb = alloc_skb(headroom + NAT64_ICMP4_ERR_MAX, GFP_ATOMIC);
	if (!nskb)
		return NULL;
	skb_reserve(nskb, headroom);
	skb_reset_network_header(nskb);
	iph = skb_put_zero(nskb, sizeof(*iph));
	icmp = skb_put(nskb, NAT64_ICMP4_ERR_ROOM + 8);
	mlen = nat64_icmp4_build_error(type, code, info, pkt, len, icmp);
	skb_trim(nskb, sizeof(*iph) + mlen);
	skb_set_transport_header(nskb, sizeof(*iph));

	iph->version = 4;
	iph->ihl = 5;
	iph->tos = IPTOS_PREC_INTERNETCONTROL;
	iph->tot_len = htons(nskb->len);
	iph->id = htons(get_random_u16());
	iph->ttl = IPDEFTTL;
	iph->protocol = IPPROTO_ICMP;
	iph->saddr = saddr;
	iph->daddr = pkt->saddr;
	ip_send_check(iph);
	nskb->protocol = htons(ETH_P_IP);
	return nskb;
}

static void send4(struct net *net, const struct iphdr *pkt, u32 len, u8 type,
		  u8 code, u32 info, bool to_host)
{
	struct flowi4 fl4 = {
		.flowi4_proto = IPPROTO_ICMP,
		.fl4_icmp_type = type,
		.fl4_icmp_code = code,
	};
	struct sk_buff *nskb;
	struct rtable *rt;
	struct iphdr *iph;

	fl4.daddr = pkt->saddr;
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return;
	if ((rt->rt_type == RTN_LOCAL && !to_host) ||
	    !allow4(net, rt, fl4.daddr, type, code))
		goto out;
	nskb = build4(pkt, len, type, code, info, fl4.saddr,
		      LL_RESERVED_SPACE(rt->dst.dev));
	if (!nskb)
		goto out;
	iph = ip_hdr(nskb);
	iph->ttl = ip4_dst_hoplimit(&rt->dst);
	ip_send_check(iph);
	skb_dst_set(nskb, &rt->dst);
	ip_local_out(net, NULL, nskb);
	return;
out:
	ip_rt_put(rt);
}

void nat64_icmp4_error(struct net *net, struct sk_buff *skb, u8 type,
		       u8 code, u32 info)
{
	const struct iphdr *pkt;
	u32 len;

	pkt = quote_of(skb, NAT64_ICMP4_ERR_ROOM, &len);
	if (!pkt || !nat64_icmp4_may_answer(pkt, len))
		return;
	local_bh_disable();
	send4(net, pkt, len, type, code, info, from_lo(skb));
	local_bh_enable();
}

/*
 * The ICMPv4 error about @skb from @saddr as a packet of its own, not
 * routed: for an error to a pool4 address, which the 4->6 path takes
 * back to the IPv6 host behind it (syn_store.c).  NULL when the packet
 * may not be answered or memory runs out.
 */
struct sk_buff *nat64_icmp4_error_skb(struct net *net, struct sk_buff *skb,
				      __be32 saddr, u8 type, u8 code, u32 info)
{
	const struct iphdr *pkt;
	u32 len;

	pkt = quote_of(skb, NAT64_ICMP4_ERR_ROOM, &len);
	if (!pkt || !nat64_icmp4_may_answer(pkt, len))
		return NULL;
	/* No route, so no peer to limit by: the global limit alone. */
	if (!(type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)) {
		if (!icmp_global_allow(net)) {
			count_limited(net);
			return NULL;
		}
		icmp_global_consume(net);
	}
	return build4(pkt, len, type, code, info, saddr, LL_MAX_HEADER);
}

/* As icmpv6_xrlim_allow(): Packet Too Big is never held back. */
static bool allow6(struct net *net, struct dst_entry *dst,
		   const struct in6_addr *daddr, u8 type)
{
	if (!test_bit(type, net->ipv6.sysctl.icmpv6_ratemask))
		return true;
	if (dst->dev && (dst->dev->flags & IFF_LOOPBACK))
		return true;
	return allow_peer(net, daddr, true, net->ipv6.sysctl.icmpv6_time);
}

/* @iif: the interface the quoted packet came in on. */
static void send6(struct net *net, const struct ipv6hdr *pkt, u32 len, u8 type,
		  u8 code, u32 info, int iif, bool to_host)
{
	struct flowi6 fl6 = {
		.flowi6_proto = IPPROTO_ICMPV6,
		.fl6_icmp_type = type,
		.fl6_icmp_code = code,
	};
	struct dst_entry *dst;
	struct sk_buff *nskb;
	struct icmp6hdr *icmp;
	struct ipv6hdr *ip6h;
	u32 mlen;

	fl6.daddr = pkt->saddr;
	/* A link-local sender is reached through the link it spoke on. */
	if (ipv6_addr_type(&fl6.daddr) & IPV6_ADDR_LINKLOCAL)
		fl6.flowi6_oif = iif;
	if (ip6_dst_lookup(net, NULL, &dst, &fl6))
		return;
	/* Never to the box itself, as send4(). */
	if (((dst_rt6_info(dst)->rt6i_flags & RTF_LOCAL) && !to_host) ||
	    !allow6(net, dst, &fl6.daddr, type))
		goto out;
	nskb = alloc_skb(LL_RESERVED_SPACE(dst->dev) + NAT64_ICMP6_ERR_MAX,
			 GFP_ATOMIC);
	if (!nskb)
		goto out;
	skb_reserve(nskb, LL_RESERVED_SPACE(dst->dev));
	skb_reset_network_header(nskb);
	ip6h = skb_put_zero(nskb, sizeof(*ip6h));
	icmp = skb_put(nskb, NAT64_ICMP6_ERR_ROOM + 8);
	mlen = nat64_icmp6_build_error(type, code, info, pkt, len,
				       &fl6.saddr, &fl6.daddr, icmp);
	skb_trim(nskb, sizeof(*ip6h) + mlen);
	skb_set_transport_header(nskb, sizeof(*ip6h));

	ip6_flow_hdr(ip6h, 0, 0);
	ip6h->payload_len = htons(mlen);
	ip6h->nexthdr = IPPROTO_ICMPV6;
	ip6h->hop_limit = ip6_dst_hoplimit(dst);
	ip6h->saddr = fl6.saddr;
	ip6h->daddr = fl6.daddr;

	nskb->protocol = htons(ETH_P_IPV6);
	skb_dst_set(nskb, dst);
	ip6_local_out(net, NULL, nskb);
	return;
out:
	dst_release(dst);
}

void nat64_icmp6_error(struct net *net, struct sk_buff *skb, u8 type,
		       u8 code, u32 info)
{
	const struct ipv6hdr *pkt;
	u32 len;

	pkt = quote_of(skb, NAT64_ICMP6_ERR_ROOM, &len);
	if (!pkt || !nat64_icmp6_may_answer(pkt, len))
		return;
	local_bh_disable();
	send6(net, pkt, len, type, code, info,
	      skb->dev ? skb->dev->ifindex : 0, from_lo(skb));
	local_bh_enable();
}
