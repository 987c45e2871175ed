/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU packet counters, one per outcome (enum nat64_stat in nat64.h).
 * The packet path bumps them without locks or atomics; readers sum them.
 */
#ifndef _NAT64_STATS_H
#define _NAT64_STATS_H

#include <linux/percpu.h>
#include <net/netlink.h>

#include "nat64.h"

struct nat64_stats {
	u64 c[NAT64_STAT_COUNT];
};

struct nat64_stats __percpu *nat64_stats_alloc(void);
void nat64_stats_free(struct nat64_stats __percpu *stats);

/* Safe from any context; the hooks run with bottom halves disabled. */
static inline void nat64_stat_inc(struct nat64_stats __percpu *stats,
				  enum nat64_stat id)
{
	this_cpu_inc(stats->c[id]);
}

/* Sum of every CPU's counters into @sum. */
void nat64_stats_sum(struct nat64_stats __percpu *stats,
		     u64 sum[NAT64_STAT_COUNT]);
/* A NAT64_A_STATS nest with every counter. */
int nat64_stats_fill(struct sk_buff *skb, struct nat64_stats __percpu *stats);

#endif /* _NAT64_STATS_H */
