/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Routes in the other family for translated packets, and their output
 * (route.c).
 */
#ifndef _NAT64_ROUTE_H
#define _NAT64_ROUTE_H

#include <net/dst.h>

#include "xlat.h"

/*
 * A route in the other family, with a reference; ERR_PTR(-ENETUNREACH)
 * when there is none or it is not unicast, ERR_PTR(-EPERM) when it would
 * deliver the packet to this box.  From the instance's per-CPU cache when
 * it is still current (route.c).
 */
struct dst_entry *nat64_route4(const struct nat64_xlat *x,
			       const struct sk_buff *skb, __be32 saddr,
			       __be32 daddr, u8 proto, u8 tos);
struct dst_entry *nat64_route6(const struct nat64_xlat *x,
			       const struct sk_buff *skb,
			       const struct in6_addr *saddr,
			       const struct in6_addr *daddr, u8 proto);
/* Sheds the old family's metadata, attaches @dst and calls dst_output(). */
void nat64_route_output(struct net *net, struct sk_buff *skb,
			struct dst_entry *dst);

/* The drop counter for a route that nat64_route4/6() refused. */
static inline enum nat64_stat nat64_route_stat(const struct dst_entry *err,
					       enum nat64_stat unreachable)
{
	return PTR_ERR(err) == -EPERM ? NAT64_STAT_DROP_TO_HOST : unreachable;
}

/* The per-CPU cache of the last route each way, one per instance. */
struct nat64_route_cache __percpu *nat64_route_cache_alloc(void);
void nat64_route_cache_free(struct nat64_route_cache __percpu *rc);

#endif /* _NAT64_ROUTE_H */
