// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU counters: the hot path does one this_cpu_inc() per packet and
 * shares no cache line with other CPUs; `nat64ctl stats` sums them.
 */
#include <linux/slab.h>

#include "stats.h"
#include "kunit.h"

struct nat64_stats __percpu *nat64_stats_alloc(void)
{
	return alloc_percpu_gfp(struct nat64_stats, GFP_KERNEL_ACCOUNT);
}

void nat64_stats_free(struct nat64_stats __percpu *stats)
{
	free_percpu(stats);
}

/*
 * Each load is whole on 64-bit machines.  On a 32-bit one a read racing
 * an increment may see that one counter torn; the next read is right.
 */
void nat64_stats_sum(struct nat64_stats __percpu *stats,
		     u64 sum[NAT64_STAT_COUNT])
{
	int cpu, i;

	memset(sum, 0, sizeof(u64) * NAT64_STAT_COUNT);
	for_each_possible_cpu(cpu) {
		const struct nat64_stats *s = per_cpu_ptr(stats, cpu);

		for (i = 0; i < NAT64_STAT_COUNT; i++)
			sum[i] += READ_ONCE(s->c[i]);
	}
}
NAT64_KUNIT_EXPORT(nat64_stats_sum);

int nat64_stats_fill(struct sk_buff *skb, struct nat64_stats __percpu *stats)
{
	u64 sum[NAT64_STAT_COUNT];
	struct nlattr *nest;
	int i;

	nat64_stats_sum(stats, sum);
	nest = nla_nest_start(skb, NAT64_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < NAT64_STAT_COUNT; i++) {
		if (nla_put_u64_64bit(skb, NAT64_STATS_A_FIRST + i, sum[i],
				      NAT64_STATS_A_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}
