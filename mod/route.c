// SPDX-License-Identifier: GPL-2.0
/*
 * Routing and output of translated packets.  The translation happens in
 * PRE_ROUTING, so the packet is routed here in its new family and leaves
 * through dst_output(): the other family's POSTROUTING hooks (an operator's
 * nftables rules, SNAT, accounting) still see it.  FORWARD is skipped; the
 * translator itself decremented TTL/Hop Limit (RFC 7915 4.1, 5.1).
 */
#include <linux/ip.h>
#include <linux/hash.h>
#include <linux/ipv6.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/ip6_route.h>
#include <net/xfrm.h>
#include <net/netfilter/nf_conntrack.h>

#include "route.h"

#define RCACHE_BITS	6
#define RCACHE_SIZE	(1U << RCACHE_BITS)

/*
 * The slot of a source and destination pair.  The two must not be mixed
 * symmetrically (a ^ b): pairs that step together, as a pool4 address and
 * a destination numbered alike do, would all share one slot and evict each
 * other on every packet.
 */
static u32 rcache_slot(u32 saddr, u32 daddr)
{
	return hash_64(((u64)saddr << 32) | daddr, RCACHE_BITS);
}

struct rcache4 {
	struct dst_entry *dst;
	__be32 daddr;
	__be32 saddr;
	u32 mark;
	u8 proto;
	u8 tos;
};

struct rcache6 {
	struct dst_entry *dst;
	struct in6_addr daddr;
	struct in6_addr saddr;
	u32 mark;
	u32 cookie;
	u8 proto;
};

struct nat64_route_cache {
	struct rcache4 v4[RCACHE_SIZE];
	struct rcache6 v6[RCACHE_SIZE];
};

struct nat64_route_cache __percpu *nat64_route_cache_alloc(void)
{
	return alloc_percpu_gfp(struct nat64_route_cache, GFP_KERNEL_ACCOUNT);
}

/* After the hooks are gone and a grace period: no packet uses it. */
void nat64_route_cache_free(struct nat64_route_cache __percpu *rc)
{
	unsigned int cpu, i;

	if (!rc)
		return;
	for_each_possible_cpu(cpu) {
		struct nat64_route_cache *c = per_cpu_ptr(rc, cpu);

		for (i = 0; i < RCACHE_SIZE; i++) {
			dst_release(c->v4[i].dst);
			dst_release(c->v6[i].dst);
		}
	}
	free_percpu(rc);
}

/* A still-current cached route, with a reference for the caller. */
static struct dst_entry *cached(struct dst_entry *dst, u32 cookie)
{
	if (!dst || !dst_check(dst, cookie))
		return NULL;
	dst_hold(dst);
	return dst;
}

/* Keeps a reference to @dst in @slot, dropping the one it replaces. */
static void remember(struct dst_entry **slot, struct dst_entry *dst)
{
	dst_hold(dst);
	dst_release(*slot);
	*slot = dst;
}

/*
 * Only unicast routes away from this box: broadcast and multicast are not
 * a NAT64's business, and a translated packet routed to one of the box's
 * own addresses would be delivered to its sockets through lo, past every
 * INPUT rule written for the uplink (-EPERM: refused, not unreachable).
 */
static struct dst_entry *route_checked(struct dst_entry *dst, bool unicast,
				       bool local)
{
	if (unicast)
		return dst;
	dst_release(dst);
	return ERR_PTR(local ? -EPERM : -ENETUNREACH);
}

static struct dst_entry *route4_lookup(struct net *net,
				       const struct sk_buff *skb,
				       __be32 saddr, __be32 daddr, u8 proto,
				       u8 tos)
{
	struct flowi4 fl4 = {
		.daddr = daddr,
		.saddr = saddr,
		.flowi4_proto = proto,
		.flowi4_tos = tos,
		.flowi4_mark = skb->mark,
		.flowi4_scope = RT_SCOPE_UNIVERSE,
		/* The pool4 source is not necessarily a local address. */
		.flowi4_flags = FLOWI_FLAG_ANYSRC,
	};
	struct rtable *rt;

	/* With the IPsec policy lookup (xfrm) of the output path. */
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return ERR_PTR(-ENETUNREACH);
	return route_checked(&rt->dst, rt->rt_type == RTN_UNICAST,
			     rt->rt_type == RTN_LOCAL);
}

/*
 * The CPU's cache is ours while bottom halves are off.  Hooks run in
 * softirq, where turning them off again costs next to nothing; it keeps
 * the cache safe for a caller that does not.
 */
struct dst_entry *nat64_route4(const struct nat64_xlat *x,
			       const struct sk_buff *skb, __be32 saddr,
			       __be32 daddr, u8 proto, u8 tos)
{
	struct rcache4 *e;
	struct dst_entry *dst;

	tos = RT_TOS(tos);
	local_bh_disable();
	e = &this_cpu_ptr(x->inst->rcache)->v4[rcache_slot((__force u32)saddr,
							   (__force u32)daddr)];
	if (e->daddr == daddr && e->saddr == saddr && e->mark == skb->mark &&
	    e->proto == proto && e->tos == tos) {
		dst = cached(e->dst, 0);
		if (dst)
			goto out;
	}
	dst = route4_lookup(x->net, skb, saddr, daddr, proto, tos);
	if (!IS_ERR(dst)) {
		remember(&e->dst, dst);
		e->daddr = daddr;
		e->saddr = saddr;
		e->mark = skb->mark;
		e->proto = proto;
		e->tos = tos;
	}
out:
	local_bh_enable();
	return dst;
}

static struct dst_entry *route6_lookup(struct net *net,
				       const struct sk_buff *skb,
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

	struct rt6_info *rt;

	dst = ip6_route_output(net, NULL, &fl6);
	if (dst->error) {
		dst_release(dst);
		return ERR_PTR(-ENETUNREACH);
	}
	rt = dst_rt6_info(dst);
	dst = route_checked(dst, !(rt->rt6i_flags & (RTF_LOCAL | RTF_ANYCAST)),
			    true);
	if (IS_ERR(dst))
		return dst;
	/*
	 * ip6_route_output() leaves IPsec to its callers (the IPv4 lookup
	 * does it itself): without this a translated packet would leave in
	 * the clear past a policy that requires protection.  A policy change
	 * bumps the routes' serial number, so cached routes follow it.
	 */
	dst = xfrm_lookup_route(net, dst, flowi6_to_flowi(&fl6), NULL, 0);
	return IS_ERR(dst) ? ERR_PTR(-ENETUNREACH) : dst;
}

struct dst_entry *nat64_route6(const struct nat64_xlat *x,
			       const struct sk_buff *skb,
			       const struct in6_addr *saddr,
			       const struct in6_addr *daddr, u8 proto)
{
	struct rcache6 *e;
	struct dst_entry *dst;

	local_bh_disable();
	e = &this_cpu_ptr(x->inst->rcache)->v6[rcache_slot(ipv6_addr_hash(saddr),
							   ipv6_addr_hash(daddr))];
	if (ipv6_addr_equal(&e->daddr, daddr) &&
	    ipv6_addr_equal(&e->saddr, saddr) && e->mark == skb->mark &&
	    e->proto == proto) {
		dst = cached(e->dst, e->cookie);
		if (dst)
			goto out;
	}
	dst = route6_lookup(x->net, skb, saddr, daddr, proto);
	if (!IS_ERR(dst)) {
		remember(&e->dst, dst);
		e->cookie = rt6_get_cookie(dst_rt6_info(dst));
		e->daddr = *daddr;
		e->saddr = *saddr;
		e->mark = skb->mark;
		e->proto = proto;
	}
out:
	local_bh_enable();
	return dst;
}

void nat64_route_output(struct net *net, struct sk_buff *skb,
			struct dst_entry *dst)
{
	/*
	 * The caller has rewritten the control block for the new family
	 * (nothing of the old IPCB/IP6CB, such as defrag's frag_max_size,
	 * may make the output path refragment wrongly); conntrack state of
	 * the old family means nothing to the new one, nor does the security
	 * path, which names the old family's IPsec states.
	 */
	nf_reset_ct(skb);
	secpath_reset(skb);
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	skb->dev = dst->dev;
	skb_clear_tstamp(skb);
	dst_output(net, NULL, skb);
}
