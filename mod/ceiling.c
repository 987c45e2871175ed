// SPDX-License-Identifier: GPL-2.0
/*
 * Module-wide ceilings.  max-sessions and max-stored-syns bound one
 * instance, but a user with a user namespace of its own can make as many
 * network namespaces, each with an instance, as it likes: the sum over
 * every instance is bounded here, as nf_conntrack_max bounds conntrack.
 * And an instance's own limits may only be raised above their defaults by
 * CAP_NET_ADMIN in the initial user namespace, so the root of a user
 * namespace cannot claim more than the defaults give it.
 *
 * Both ceilings are module parameters, writable by the real root at run
 * time (/sys/module/nat64/parameters/, 0644 like the nf_conntrack_max
 * sysctl): raising them needs no reload, which would end every flow.
 * Lowering one below what is in use ends nothing; new sessions or SYNs are
 * refused until enough have gone.  What is in use is readable by root in
 * sessions_total and stored_syns_total.
 *
 * A unit is taken before a session or stored SYN is allocated and given
 * back when it is freed (not when it is unlinked), so the count is the
 * memory really held and stays exact across instance and namespace
 * deletion; module exit checks that it came back to zero.  The session
 * ceiling also holds static BIB entries and pool4 port records, in units
 * of a flow's memory (ceiling.h).
 *
 * The ceilings are shared, and the root of a user namespace of its own may
 * be any local user: its instances may fill each ceiling only up to
 * userns_share percent, so that the rest is always left to the instances
 * of the namespaces the host's root made.  Only a refusal looks at whose
 * the state already held is: no count per owner to keep.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/percpu_counter.h>
#include <linux/capability.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/netlink.h>

#include "nat64.h"
#include "ceiling.h"

/*
 * A flow with a BIB entry of its own costs about 120 bytes (state_table.h;
 * a unit is NAT64_CEILING_UNIT_BYTES, with room for the tables' buckets).
 * By default every instance together may hold sessions worth an eighth of
 * memory: 1.6 million on a 2 GiB machine, 13 million on 16 GiB.
 */
#define SESSIONS_MEM_SHARE	8

/*
 * Stored SYNs hold a whole packet each; 64 instances at the default of 64
 * wait at most 4096 of them, a few MiB of ordinary SYNs.
 */
#define STORED_SYNS_TOTAL_DEF	(64 * NAT64_MAX_STORED_SYNS_DEF)

/*
 * Half of each ceiling for the namespaces of other user namespaces than
 * the initial one, all of them together: a user with such a namespace can
 * take at most that much from the host's own NAT64.
 */
#define USERNS_SHARE_DEF	50

/* 0 until module init sizes it from memory; a user may not set 0. */
static unsigned int max_sessions_total;
static unsigned int max_stored_syns_total = STORED_SYNS_TOTAL_DEF;
static unsigned int userns_share = USERNS_SHARE_DEF;

/*
 * Sessions in use.  A new flow takes one (a packet of an existing flow
 * never comes here): a per-CPU counter, so that new flows on different
 * CPUs, in different namespaces, do not all write one cache line; the
 * shared sum is written once per batch of them.  Within a batch per CPU of
 * the ceiling, the compare sums every CPU under the counter's lock: exact,
 * and only a box near its ceiling pays for it.
 */
static struct percpu_counter sessions;
/* Stored SYNs in use: rare (IPv4 SYNs nobody asked for), one atomic. */
static atomic_t syns = ATOMIC_INIT(0);
/* sysfs may read the counts before module init has set them up. */
static bool ready;

static int set_sessions_max(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, UINT_MAX);
}

static const struct kernel_param_ops sessions_max_ops = {
	.set = set_sessions_max,
	.get = param_get_uint,
};

module_param_cb(max_sessions_total, &sessions_max_ops, &max_sessions_total,
		0644);
MODULE_PARM_DESC(max_sessions_total,
		 "most sessions of all instances together, in units of a flow's memory (default: an eighth of memory's worth)");

static int set_syns_max(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, INT_MAX);
}

static const struct kernel_param_ops syns_max_ops = {
	.set = set_syns_max,
	.get = param_get_uint,
};

module_param_cb(max_stored_syns_total, &syns_max_ops, &max_stored_syns_total,
		0644);
MODULE_PARM_DESC(max_stored_syns_total,
		 "most stored IPv4 SYNs of all instances together (default 4096)");

static int set_share(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, 100);
}

static const struct kernel_param_ops share_ops = {
	.set = set_share,
	.get = param_get_uint,
};

module_param_cb(userns_share, &share_ops, &userns_share, 0644);
MODULE_PARM_DESC(userns_share,
		 "percent of each ceiling past which instances in namespaces of other user namespaces than the initial one make nothing new (default 50)");

static int set_read_only(const char *val, const struct kernel_param *kp)
{
	return -EPERM;
}

static int get_sessions(char *buf, const struct kernel_param *kp)
{
	s64 n = 0;

	/* Pairs with the release in nat64_ceiling_init(). */
	if (smp_load_acquire(&ready))
		n = percpu_counter_sum(&sessions);
	return sysfs_emit(buf, "%lld\n", n);
}

static const struct kernel_param_ops sessions_count_ops = {
	.set = set_read_only,
	.get = get_sessions,
};

/* Root only: the sum tells a little of every namespace's traffic. */
module_param_cb(sessions_total, &sessions_count_ops, NULL, 0400);
MODULE_PARM_DESC(sessions_total,
		 "units of max_sessions_total in use: sessions, static entries, port records (read-only)");

static int get_syns(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&syns));
}

static const struct kernel_param_ops syns_count_ops = {
	.set = set_read_only,
	.get = get_syns,
};

module_param_cb(stored_syns_total, &syns_count_ops, NULL, 0400);
MODULE_PARM_DESC(stored_syns_total,
		 "stored IPv4 SYNs of all instances (read-only)");

/* What @max allows an instance, of another user namespace's if @userns. */
static unsigned int limit_of(unsigned int max, bool userns)
{
	if (!userns)
		return max;
	return div_u64((u64)max * READ_ONCE(userns_share), 100);
}

/*
 * Take first, then compare: two CPUs racing for the last unit cannot both
 * see room, so the ceiling holds exactly.  The barrier orders our take
 * before our reading of the other CPUs' counts; each racer has one, so at
 * least one of them sees the other's take (one full barrier per new flow,
 * which takes a spin lock anyway).
 */
bool nat64_ceiling_charge(unsigned int units, bool userns)
{
	percpu_counter_add(&sessions, units);
	/* Our take, then their counts: pairs with the other racers' mb. */
	smp_mb();
	if (percpu_counter_compare(&sessions,
				   limit_of(READ_ONCE(max_sessions_total),
					    userns)) <= 0)
		return true;
	percpu_counter_sub(&sessions, units);
	return false;
}

void nat64_ceiling_uncharge(unsigned int units)
{
	percpu_counter_sub(&sessions, units);
}

bool nat64_ceiling_syn_charge(bool userns)
{
	int max = limit_of(READ_ONCE(max_stored_syns_total), userns);
	int n = atomic_read(&syns);

	do {
		if (n >= max)
			return false;
	} while (!atomic_try_cmpxchg(&syns, &n, n + 1));
	return true;
}

void nat64_ceiling_syn_uncharge(void)
{
	atomic_dec(&syns);
}

/*
 * Every limit that bounds memory or the work of a walk under a lock
 * (state_table.h): a namespace's root may lower them, not raise them.
 */
#define GUARD_MSG(key) \
	"raising " key " above its default needs CAP_NET_ADMIN in the initial user namespace"

static const struct {
	u16 attr;
	u32 def;
	const char *why;
} raise_guarded[] = {
	{ NAT64_GLOBAL_A_MAX_SESSIONS, NAT64_MAX_SESSIONS_DEF,
	  GUARD_MSG("max-sessions") },
	{ NAT64_GLOBAL_A_MAX_STORED_SYNS, NAT64_MAX_STORED_SYNS_DEF,
	  GUARD_MSG("max-stored-syns") },
	{ NAT64_GLOBAL_A_MAX_IPV4_SESSIONS, NAT64_MAX_IPV4_SESSIONS_DEF,
	  GUARD_MSG("max-ipv4-sessions") },
	{ NAT64_GLOBAL_A_MAX_IPV4_SESSIONS_PER_BIB, NAT64_MAX_IPV4_PER_BIB_DEF,
	  GUARD_MSG("max-ipv4-sessions-per-bib") },
	{ NAT64_GLOBAL_A_MAX_SESSIONS_PER_HOST, NAT64_MAX_SESSIONS_PER_HOST_DEF,
	  GUARD_MSG("max-sessions-per-host") },
	{ NAT64_GLOBAL_A_MAX_BIB_PER_HOST, NAT64_MAX_BIB_PER_HOST_DEF,
	  GUARD_MSG("max-bib-per-host") },
};

int nat64_ceiling_may_raise(const struct sk_buff *skb, struct nlattr **tb,
			    struct netlink_ext_ack *extack)
{
	const struct nlattr *a;
	int i;

	for (i = 0; i < ARRAY_SIZE(raise_guarded); i++) {
		a = tb[raise_guarded[i].attr];
		if (!a || nla_get_u32(a) <= raise_guarded[i].def)
			continue;
		/* Asked only when needed: a refused capable() is audited. */
		if (netlink_capable(skb, CAP_NET_ADMIN))
			return 0;
		/* What NL_SET_ERR_MSG_ATTR() does, for a message from a table. */
		if (extack) {
			extack->_msg = raise_guarded[i].why;
			extack->bad_attr = a;
		}
		return -EPERM;
	}
	return 0;
}

static unsigned int sessions_by_memory(void)
{
	u64 bytes = (u64)totalram_pages() << PAGE_SHIFT;

	return clamp_t(u64, bytes / SESSIONS_MEM_SHARE / NAT64_CEILING_UNIT_BYTES,
		       NAT64_MAX_SESSIONS_MIN, UINT_MAX);
}

int __init nat64_ceiling_init(void)
{
	int err;

	if (!max_sessions_total)
		max_sessions_total = sessions_by_memory();
	err = percpu_counter_init(&sessions, 0, GFP_KERNEL);
	if (err)
		return err;
	/* The counter is set up before a sysfs read may sum it. */
	smp_store_release(&ready, true);
	return 0;
}

/* After every instance is gone and every deferred free has run. */
void nat64_ceiling_exit(void)
{
	WARN_ON(percpu_counter_sum(&sessions) != 0);
	WARN_ON(atomic_read(&syns) != 0);
	/* sysfs reads hold this lock: none is summing once it is dropped. */
	kernel_param_lock(THIS_MODULE);
	WRITE_ONCE(ready, false);
	kernel_param_unlock(THIS_MODULE);
	percpu_counter_destroy(&sessions);
}
