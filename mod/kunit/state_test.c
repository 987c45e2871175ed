// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the state table taking new flows on every CPU at once (issue 14).
 *
 * Each case makes an instance in init_net with a small pool4, then starts
 * one kthread per online CPU (at most THREADS), all released together,
 * each pushing FLOWS 6->4 packets of new flows through
 * nat64_state_6to4() as the hook would (RCU, BH off).  What the stripes,
 * the lock-free port claim and the reservations must guarantee, however
 * the threads interleave:
 *   - no two BIB entries get the same (T,t);
 *   - one (X',x) gets one BIB entry, whichever CPU made it;
 *   - a limit lets through exactly as many flows as it says, no more;
 *   - a pool4 of N ports gives out exactly N, then refuses;
 *   - every session is found again, from either side, whether its entry
 *     keeps it on its short list or in the session table.
 * The instance's end frees everything (kmemleak watches on the debug
 * kernel), and lockdep sees every lock order the new-flow path takes.
 */
#include <kunit/test.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/sort.h>
#include <linux/slab.h>

#include "../kunit.h"
#include "../instance.h"
#include "../globals.h"
#include "../pool4.h"
#include "../state.h"
#include "../stats.h"
#include "../state_table.h"
#include "../state_walk.h"
#include "../bib.h"
#include "../bib_config.h"
#include "../session.h"
#include "../tcp_state.h"

NAT64_KUNIT_IMPORT();

#define THREADS	8
#define FLOWS	2048

/* How each thread's flows are made up. */
enum shape {
	DISTINCT_HOSTS,		/* every flow its own IPv6 host */
	ONE_ENTRY,		/* every flow (X',x) = HOST:1000, its own Z */
	ONE_HOST,		/* every flow HOST, its own port x */
	FEW_PER_ENTRY,		/* HOST, x shared by 8 flows of each CPU */
};

struct worker {
	struct race *r;
	unsigned int id;
	struct completion done;
	u64 *keys;		/* (T,t) of each forwarded flow */
	u64 *sent;		/* reply: the (T,t) each flow was given */
	u32 forwarded;
	u32 misdirected;	/* reply: translated to the wrong (X',x) */
	u32 why[NAT64_STAT_COUNT];
	u32 verdicts[8];
};

struct race {
	struct nat64_instance *inst;
	struct nat64_globals g;
	enum shape shape;
	unsigned int threads;
	bool background;	/* run() returns without waiting */
	bool reply;		/* 4->6, the replies to the flows' (T,t) */
	atomic_t waiting;
	struct worker w[THREADS];
};

static const struct in6_addr host6 = {
	.s6_addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 },
};

static void tuple_of(const struct race *r, unsigned int id, u32 i,
		     struct nat64_tuple6 *in)
{
	u32 flow = id * FLOWS + i;

	memset(in, 0, sizeof(*in));
	in->proto = NAT64_PROTO_UDP;
	in->src = host6;
	in->sport = htons(1000);
	/* 64:ff9b::198.18.x.y, a different Z for every flow. */
	in->dst.s6_addr32[0] = htonl(0x0064ff9b);
	in->dst.s6_addr32[3] = htonl(0xc6120000 | flow);
	in->dport = htons(53);
	switch (r->shape) {
	case DISTINCT_HOSTS:
		/* In bits 32-47: each its own subscriber, even per /48. */
		in->src.s6_addr32[1] = htonl((flow + 1) << 16);
		break;
	case ONE_ENTRY:
		break;
	case ONE_HOST:
		in->sport = htons(1024 + flow);
		break;
	case FEW_PER_ENTRY:
		/* The same entries on every CPU, 8 sessions each per CPU. */
		in->sport = htons(1024 + i / 8);
		break;
	}
}

/* RCU, BH off: the reply from flow @i's Z to the (T,t) it was given. */
static enum nat64_state_verdict reply(struct worker *w, u32 i,
				      const struct nat64_tuple6 *in,
				      enum nat64_stat *why)
{
	struct nat64_tuple4 in4 = {
		.proto = in->proto,
		.src = in->dst.s6_addr32[3],
		.sport = in->dport,
		.dst = htonl(w->sent[i] >> 16),
		.dport = htons(w->sent[i] & 0xffff),
	};
	enum nat64_state_verdict v;
	struct nat64_tuple6 out;

	v = nat64_state_4to6(w->r->inst, &w->r->g, &in4, 0, NULL, &out, why);
	if (v == NAT64_STATE_FORWARD &&
	    (!ipv6_addr_equal(&out.dst, &in->src) || out.dport != in->sport))
		w->misdirected++;
	return v;
}

static int worker_fn(void *arg)
{
	struct worker *w = arg;
	struct race *r = w->r;
	struct nat64_tuple4 out;
	struct nat64_tuple6 in;
	enum nat64_state_verdict v;
	enum nat64_stat why;
	u32 i;

	/* Everyone starts at once: the races are the point. */
	atomic_dec(&r->waiting);
	while (atomic_read(&r->waiting))
		cpu_relax();
	for (i = 0; i < FLOWS; i++) {
		tuple_of(r, w->id, i, &in);
		rcu_read_lock();
		local_bh_disable();
		if (r->reply)
			v = reply(w, i, &in, &why);
		else
			v = nat64_state_6to4(r->inst, &r->g, &in, 0, &out,
					     &why);
		local_bh_enable();
		rcu_read_unlock();
		w->verdicts[v]++;
		if (v == NAT64_STATE_FORWARD && !r->reply)
			w->keys[w->forwarded++] =
				(u64)ntohl(out.src) << 16 | ntohs(out.sport);
		else
			w->why[why]++;
		if (!(i & 63))
			cond_resched();
	}
	complete(&w->done);
	return 0;
}

/* Runs the race, one thread per online CPU up to THREADS. */
static void run(struct kunit *test, struct race *r)
{
	struct task_struct *t[THREADS];
	unsigned int cpu, n = 0, i;

	for_each_online_cpu(cpu) {
		struct worker *w = &r->w[n];

		if (n == THREADS)
			break;
		w->r = r;
		w->id = n;
		w->sent = w->keys;
		w->forwarded = 0;
		w->misdirected = 0;
		memset(w->why, 0, sizeof(w->why));
		memset(w->verdicts, 0, sizeof(w->verdicts));
		init_completion(&w->done);
		w->keys = kunit_kcalloc(test, FLOWS, sizeof(u64), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, w->keys);
		t[n] = kthread_create(worker_fn, w, "nat64-race/%u", cpu);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t[n]));
		kthread_bind(t[n], cpu);
		n++;
	}
	r->threads = n;
	atomic_set(&r->waiting, n);
	for (i = 0; i < n; i++)
		wake_up_process(t[i]);
	if (r->background)
		return;
	for (i = 0; i < n; i++)
		wait_for_completion(&r->w[i].done);
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Every (T,t) handed out, sorted, in one array; its length in *n. */
static u64 *all_keys(struct kunit *test, struct race *r, u32 *n)
{
	u64 *k = kunit_kcalloc(test, THREADS * FLOWS, sizeof(u64), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, k);
	*n = 0;
	for (i = 0; i < r->threads; i++) {
		memcpy(k + *n, r->w[i].keys, r->w[i].forwarded * sizeof(u64));
		*n += r->w[i].forwarded;
	}
	sort(k, *n, sizeof(u64), cmp_u64, NULL);
	return k;
}

static u32 distinct(const u64 *k, u32 n)
{
	u32 i, d = !!n;

	for (i = 1; i < n; i++)
		d += k[i] != k[i - 1];
	return d;
}

static u32 total_why(const struct race *r, enum nat64_stat why)
{
	u32 i, n = 0;

	for (i = 0; i < r->threads; i++)
		n += r->w[i].why[why];
	return n;
}

static u32 total_verdict(const struct race *r, enum nat64_state_verdict v)
{
	u32 i, n = 0;

	for (i = 0; i < r->threads; i++)
		n += r->w[i].verdicts[v];
	return n;
}

static u64 stat(struct race *r, enum nat64_stat s)
{
	u64 sum[NAT64_STAT_COUNT];

	nat64_stats_sum(r->inst->stats, sum);
	return sum[s];
}

/*
 * The instance: pool6 64:ff9b::/96, pool4 UDP 203.0.113.0/@plen ports
 * @lo-@hi (none if @plen is 0).
 */
static int race_init(struct kunit *test, u8 plen, u16 lo, u16 hi)
{
	struct nat64_pernet *pn = nat64_pernet(&init_net);
	struct nat64_pool4_entry e = {
		.addr = htonl(0xcb007100), .plen = plen,
		.proto = NAT64_PROTO_UDP, .port_min = lo, .port_max = hi,
	};
	struct in6_addr pool6 = { .s6_addr32 = { htonl(0x0064ff9b) } };
	struct nat64_globals *g;
	struct race *r;
	int err;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	test->priv = r;
	g = nat64_globals_alloc_default();
	if (!g)
		return -ENOMEM;
	r->g = *g;
	kfree(g);
	mutex_lock(&pn->lock);
	err = nat64_instance_create(&init_net, &pool6, 96,
				    NAT64_INSTANCE_MODE_NETFILTER, NULL);
	if (!err) {
		r->inst = nat64_instance_get_locked(pn);
		err = plen ? nat64_pool4_add(r->inst, &e, 1, NULL) : 0;
		if (err)
			nat64_instance_destroy(&init_net, NULL);
	}
	mutex_unlock(&pn->lock);
	if (err)
		r->inst = NULL;
	return err;
}

static int race_init_wide(struct kunit *test)
{
	return race_init(test, 30, 1024, 65535);
}

/* One address, ports 2000-2511: 512 ports, 256 of each parity. */
static int race_init_small(struct kunit *test)
{
	return race_init(test, 32, 2000, 2511);
}

static void race_exit(struct kunit *test)
{
	struct nat64_pernet *pn = nat64_pernet(&init_net);
	struct race *r = test->priv;

	if (!r || !r->inst)
		return;
	mutex_lock(&pn->lock);
	nat64_instance_destroy(&init_net, NULL);
	mutex_unlock(&pn->lock);
}

static struct race *race_of(struct kunit *test)
{
	struct race *r = test->priv;

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, r->inst);
	return r;
}

/* Distinct hosts on every CPU: every flow its own entry, no (T,t) twice. */
static void new_entries_distinct(struct kunit *test)
{
	struct race *r = race_of(test);
	u64 *k;
	u32 n;

	r->shape = DISTINCT_HOSTS;
	run(test, r);
	k = all_keys(test, r, &n);
	KUNIT_EXPECT_EQ(test, n, r->threads * FLOWS);
	KUNIT_EXPECT_EQ(test, distinct(k, n), n);
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_BIB_CREATED), (u64)n);
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_SESSION_CREATED), (u64)n);
	KUNIT_EXPECT_EQ(test, total_why(r, NAT64_STAT_DROP_STATE_BUSY), 0U);
}

/* One (X',x) from every CPU at once: one entry, every session on it. */
static void one_entry_many_cpus(struct kunit *test)
{
	struct race *r = race_of(test);
	u64 *k;
	u32 n;

	r->shape = ONE_ENTRY;
	run(test, r);
	k = all_keys(test, r, &n);
	KUNIT_EXPECT_EQ(test, n, r->threads * FLOWS);
	KUNIT_EXPECT_EQ(test, distinct(k, n), 1U);
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_BIB_CREATED), 1ULL);
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_SESSION_CREATED), (u64)n);
}

/* max-bib-per-host under a race: exactly that many entries, not one more. */
static void host_bib_limit_exact(struct kunit *test)
{
	struct race *r = race_of(test);
	u64 *k;
	u32 n;

	r->shape = ONE_HOST;
	r->g.max_bib_per_host = 100;
	run(test, r);
	k = all_keys(test, r, &n);
	KUNIT_EXPECT_EQ(test, n, 100U);
	KUNIT_EXPECT_EQ(test, distinct(k, n), n);
	KUNIT_EXPECT_EQ(test, total_verdict(r, NAT64_STATE_ADMIN_PROHIB),
			r->threads * FLOWS - 100);
	KUNIT_EXPECT_EQ(test, total_why(r, NAT64_STAT_DROP_HOST_BIB_LIMIT),
			r->threads * FLOWS - 100);
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_BIB_CREATED), 100ULL);
}

/* max-sessions under a race: exactly that many sessions. */
static void session_limit_exact(struct kunit *test)
{
	struct race *r = race_of(test);
	u32 n;

	r->shape = DISTINCT_HOSTS;
	r->g.max_sessions = 1000;
	run(test, r);
	all_keys(test, r, &n);
	KUNIT_EXPECT_EQ(test, n, 1000U);
	KUNIT_EXPECT_EQ(test, total_why(r, NAT64_STAT_DROP_SESSION_LIMIT),
			r->threads * FLOWS - 1000);
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_SESSION_CREATED), 1000ULL);
}

/* A pool4 of 512 ports under a race: all 512 given out once, then none. */
static void pool4_exhausted_exact(struct kunit *test)
{
	struct race *r = race_of(test);
	u64 *k;
	u32 n;

	r->shape = DISTINCT_HOSTS;
	run(test, r);
	k = all_keys(test, r, &n);
	KUNIT_EXPECT_EQ(test, n, 512U);
	KUNIT_EXPECT_EQ(test, distinct(k, n), n);
	KUNIT_EXPECT_EQ(test, total_verdict(r, NAT64_STATE_ADDR_UNREACH),
			r->threads * FLOWS - 512);
}

/* Has every thread of a background race finished? */
static bool finished(struct race *r)
{
	unsigned int i;

	for (i = 0; i < r->threads; i++)
		if (!completion_done(&r->w[i].done))
			return false;
	return true;
}

/*
 * BIB_DEL of the one entry every CPU is adding sessions to, again and
 * again while they run: each delete retires the entry and ends its
 * sessions in chunks while new flows make its successor.  Nothing may
 * trip (KASAN, lockdep, the counts' WARN_ON_ONCE()s) and, once all is
 * deleted, the instance ends with nothing left over (kmemleak).
 */
static void kill_while_flows(struct kunit *test)
{
	struct race *r = race_of(test);
	struct nat64_pernet *pn = nat64_pernet(&init_net);
	struct nat64_bib_info b = {
		.proto = NAT64_PROTO_UDP, .addr6 = host6, .port6 = 1000,
	};
	unsigned int deleted = 0;

	r->shape = ONE_ENTRY;
	r->background = true;
	run(test, r);
	do {
		mutex_lock(&pn->lock);
		deleted += !nat64_bib_del(r->inst, &b, true, false, NULL);
		mutex_unlock(&pn->lock);
		cond_resched();
	} while (!finished(r));
	mutex_lock(&pn->lock);
	nat64_bib_del(r->inst, &b, true, false, NULL);
	mutex_unlock(&pn->lock);
	KUNIT_EXPECT_GT(test, deleted, 0U);
	KUNIT_EXPECT_EQ(test, total_why(r, NAT64_STAT_DROP_STATE_BUSY), 0U);
	kunit_info(test, "%u deletes during %u flows; %llu entries made\n",
		   deleted, r->threads * FLOWS,
		   stat(r, NAT64_STAT_BIB_CREATED));
}

/*
 * Under the pernet lock, right after a pool4 removal and its pruning: how
 * many UDP entries hold a (T,t) outside pool4.
 */
static u32 entries_outside(struct race *r)
{
	struct nat64_ptable *pt = &r->inst->state->t[NAT64_PROTO_UDP];
	const struct nat64_pool4 *p;
	struct nat64_bib *bib;
	u32 n = 0;

	rcu_read_lock();
	p = rcu_dereference(r->inst->pool4);
	for (bib = nat64_bib_first4(pt, 0, 0, true); bib;
	     bib = nat64_bib_next(pt, bib))
		n += !nat64_bib_is_dead(bib) &&
		     !nat64_pool4_has(p, NAT64_PROTO_UDP, bib->addr4,
				      ntohs(bib->port4));
	rcu_read_unlock();
	return n;
}

/*
 * Half of pool4 removed and given back, again and again, while every CPU
 * makes new entries: after each removal's pruning no entry may be left
 * outside pool4, not even one that a flow in flight chose from the pool4
 * it read before the removal and published after the pruning walk had
 * passed its (T,t).  (That window is short: this is a stress test, not
 * a certain catch.)
 */
static void prune_while_flows(struct kunit *test)
{
	struct race *r = race_of(test);
	struct nat64_pernet *pn = nat64_pernet(&init_net);
	struct nat64_pool4_entry half = {
		.addr = htonl(0xcb007100), .plen = 31,
		.proto = NAT64_PROTO_UDP, .port_min = 1024, .port_max = 65535,
	};
	unsigned int rounds = 0, outside = 0;

	r->shape = DISTINCT_HOSTS;
	r->background = true;
	run(test, r);
	do {
		mutex_lock(&pn->lock);
		if (!nat64_pool4_del(r->inst, &half,
				     NAT64_PROTO_BIT(NAT64_PROTO_UDP), NULL)) {
			nat64_bib_prune(r->inst);
			outside += entries_outside(r);
			nat64_pool4_add(r->inst, &half, 1, NULL);
			rounds++;
		}
		mutex_unlock(&pn->lock);
		cond_resched();
	} while (!finished(r));
	KUNIT_EXPECT_GT(test, rounds, 0U);
	KUNIT_EXPECT_EQ(test, outside, 0U);
	kunit_info(test, "%u removals during %u flows\n", rounds,
		   r->threads * FLOWS);
}

/*
 * Entries shared by all CPUs, each CPU adding 8 sessions to each: every
 * entry passes from its short list to the session table while the other
 * CPUs look it up.  Then each CPU sends the replies to its flows, from
 * the very Z to the very (T,t): every one must find its session (none
 * made, none refused) and go back to the (X',x) that sent it.
 */
static void sessions_found_again(struct kunit *test)
{
	struct race *r = race_of(test);
	u64 made;
	u32 n, i, bad = 0;

	r->shape = FEW_PER_ENTRY;
	run(test, r);
	all_keys(test, r, &n);
	KUNIT_ASSERT_EQ(test, n, r->threads * FLOWS);
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_BIB_CREATED), FLOWS / 8ULL);
	made = stat(r, NAT64_STAT_SESSION_CREATED);
	KUNIT_EXPECT_EQ(test, made, (u64)n);
	r->reply = true;
	run(test, r);
	for (i = 0; i < r->threads; i++)
		bad += r->w[i].misdirected;
	KUNIT_EXPECT_EQ(test, total_verdict(r, NAT64_STATE_FORWARD), n);
	KUNIT_EXPECT_EQ(test, bad, 0U);
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_SESSION_CREATED), made);
}

/* One 6->4 packet of @in, as the hook sends it (RCU, BH off). */
static enum nat64_state_verdict one6_flags(struct race *r,
					   const struct nat64_tuple6 *in,
					   u8 tcp_flags, enum nat64_stat *why)
{
	enum nat64_state_verdict v;
	struct nat64_tuple4 out;

	rcu_read_lock();
	local_bh_disable();
	v = nat64_state_6to4(r->inst, &r->g, in, tcp_flags, &out, why);
	local_bh_enable();
	rcu_read_unlock();
	return v;
}

static enum nat64_state_verdict one6(struct race *r,
				     const struct nat64_tuple6 *in,
				     enum nat64_stat *why)
{
	return one6_flags(r, in, 0, why);
}

/* Sets or clears DEAD on (X',x)'s entry, under its stripe. */
static void mark_dead(struct race *r, const struct nat64_tuple6 *in,
		      bool dead)
{
	struct nat64_ptable *pt = &r->inst->state->t[in->proto];
	struct nat64_bib *bib;
	spinlock_t *lock;

	rcu_read_lock();
	local_bh_disable();
	bib = nat64_bib_find6(pt, &in->src, in->sport);
	if (bib) {
		lock = nat64_bib_lock_of(pt, bib);
		spin_lock(lock);
		WRITE_ONCE(bib->flags, dead ? bib->flags | NAT64_BF_DEAD :
				       bib->flags & ~NAT64_BF_DEAD);
		spin_unlock(lock);
	}
	local_bh_enable();
	rcu_read_unlock();
}

/*
 * An entry that every look finds ending (held so here; a real end passes
 * in an instant) costs a new flow a bounded number of looks: the packet
 * is dropped as drop-state-busy, not spun on with BH off, and the flow
 * goes on once the entry is live again.
 */
static void busy_entry_bounded(struct kunit *test)
{
	struct race *r = race_of(test);
	struct nat64_tuple6 in;
	enum nat64_stat why;

	r->shape = ONE_ENTRY;
	tuple_of(r, 0, 0, &in);
	KUNIT_ASSERT_EQ(test, one6(r, &in, &why), NAT64_STATE_FORWARD);
	mark_dead(r, &in, true);
	tuple_of(r, 0, 1, &in);
	KUNIT_EXPECT_EQ(test, one6(r, &in, &why), NAT64_STATE_DROP);
	KUNIT_EXPECT_EQ(test, why, NAT64_STAT_DROP_STATE_BUSY);
	mark_dead(r, &in, false);
	KUNIT_EXPECT_EQ(test, one6(r, &in, &why), NAT64_STATE_FORWARD);
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_BIB_CREATED), 1ULL);
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_SESSION_CREATED), 2ULL);
}

/*
 * An entry whose bib4 insert fails (a table that cannot grow) was in bib6
 * for a moment: a 6->4 lookup that found it there may be waiting on its
 * stripe, and must then find it DEAD, not make a session on a (T,t) that
 * has been given back.  A bib4 that takes no more entries (max_elems 0:
 * every insert -E2BIG) stands in for one that cannot grow; the entry is
 * read under the RCU section that saw it published, as such a lookup's.
 */
static void failed_publish_dead(struct kunit *test)
{
	struct race *r = race_of(test);
	struct nat64_ptable *pt = &r->inst->state->t[NAT64_PROTO_UDP];
	__be32 addr4 = htonl(0xcb007101);
	__be16 port4 = htons(5000);
	struct nat64_bib *bib;
	unsigned int max;
	spinlock_t *lock;
	int err;

	bib = nat64_bib_alloc(&host6, htons(4000), addr4, port4, GFP_ATOMIC);
	KUNIT_ASSERT_NOT_NULL(test, bib);
	max = pt->bib4.max_elems;
	pt->bib4.max_elems = 0;
	rcu_read_lock();
	local_bh_disable();
	if (nat64_bib_claim(pt, addr4, port4)) {
		err = 1;
		kfree(bib);
	} else {
		lock = nat64_bib_lock_of(pt, bib);
		spin_lock(lock);
		err = nat64_bib_publish(r->inst->state, pt, bib);
		spin_unlock(lock);
		KUNIT_EXPECT_TRUE(test, nat64_bib_is_dead(bib));
	}
	local_bh_enable();
	rcu_read_unlock();
	pt->bib4.max_elems = max;
	KUNIT_EXPECT_EQ(test, err, -E2BIG);
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, nat64_bib_find6(pt, &host6, htons(4000)));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_BIB_CREATED), 0ULL);
}

/* Flow @i of ONE_ENTRY's entry, (X',x) = HOST:1000 towards its own Z. */
static void entry_flow(struct race *r, u32 i, struct nat64_tuple6 *in)
{
	r->shape = ONE_ENTRY;
	tuple_of(r, 0, i, in);
}

/* RCU: (X',x)'s entry, for a look at it. */
static struct nat64_bib *the_entry(struct race *r)
{
	struct nat64_tuple6 in;

	entry_flow(r, 0, &in);
	return nat64_bib_find6(&r->inst->state->t[NAT64_PROTO_UDP], &in.src,
			       in.sport);
}

/*
 * Under the stripe of (X',x)'s entry, with BH off: @act on flow @i's
 * session, live or not, if it has one.  False if it had none.
 */
static bool on_flow_session(struct race *r, u32 i,
			    void (*act)(struct race *r,
					struct nat64_ptable *pt,
					struct nat64_session *s))
{
	struct nat64_ptable *pt = &r->inst->state->t[NAT64_PROTO_UDP];
	struct nat64_session *s = NULL;
	struct nat64_tuple6 in;
	struct nat64_bib *bib;
	spinlock_t *lock;

	entry_flow(r, i, &in);
	rcu_read_lock();
	local_bh_disable();
	bib = nat64_bib_find6(pt, &in.src, in.sport);
	if (bib) {
		lock = nat64_bib_lock_of(pt, bib);
		spin_lock(lock);
		s = nat64_session_of(pt, bib, in.dst.s6_addr32[3], in.dport);
		if (s)
			act(r, pt, s);
		spin_unlock(lock);
	}
	local_bh_enable();
	rcu_read_unlock();
	return s != NULL;
}

static void end_live(struct race *r, struct nat64_ptable *pt,
		     struct nat64_session *s)
{
	if (!(s->flags & NAT64_SF_DEAD))
		nat64_session_kill(r->inst->state, pt, s, NAT64_END_DELETED);
}

/* Ends flow @i's session; false if it had no live one. */
static bool end_flow(struct race *r, u32 i)
{
	int before = atomic_read(&r->inst->state->nsessions);

	return on_flow_session(r, i, end_live) &&
	       atomic_read(&r->inst->state->nsessions) < before;
}

/* What a test sees of (X',x)'s entry, read under RCU. */
struct entry_view {
	bool found;
	bool hashed;
	bool first_dead;
	bool first_is_flow0;	/* flow 0's session is the entry's own */
	u32 sessions;
	__be32 addr4;		/* (T,t) */
	__be16 port4;
};

static void view(struct race *r, struct entry_view *e)
{
	struct nat64_ptable *pt = &r->inst->state->t[NAT64_PROTO_UDP];
	struct nat64_tuple6 in;
	struct nat64_bib *bib;

	memset(e, 0, sizeof(*e));
	entry_flow(r, 0, &in);
	rcu_read_lock();
	bib = the_entry(r);
	if (bib) {
		e->found = true;
		e->hashed = READ_ONCE(bib->flags) & NAT64_BF_HASHED;
		e->first_dead = READ_ONCE(bib->first.flags) & NAT64_SF_DEAD;
		e->first_is_flow0 = nat64_session_of(pt, bib,
						     in.dst.s6_addr32[3],
						     in.dport) == &bib->first;
		e->sessions = nat64_bib_sessions(bib);
		e->addr4 = bib->addr4;
		e->port4 = bib->port4;
	}
	rcu_read_unlock();
}

/*
 * The reply to flow @i, from its Z to the (T,t) of the entry (X',x) had
 * when @e was read: the verdict, with *why and, translated, *out.
 */
static enum nat64_state_verdict reply_to(struct race *r, u32 i,
					 const struct entry_view *e,
					 struct nat64_tuple6 *out,
					 enum nat64_stat *why)
{
	struct nat64_tuple4 in4 = {
		.proto = NAT64_PROTO_UDP,
		.dst = e->addr4,
		.dport = e->port4,
	};
	enum nat64_state_verdict v;
	struct nat64_tuple6 in;

	entry_flow(r, i, &in);
	in4.src = in.dst.s6_addr32[3];
	in4.sport = in.dport;
	rcu_read_lock();
	local_bh_disable();
	v = nat64_state_4to6(r->inst, &r->g, &in4, 0, NULL, out, why);
	local_bh_enable();
	rcu_read_unlock();
	return v;
}

/*
 * The reply to flow @i: translated back to (X',x) through a session that
 * exists, none made.
 */
static bool reply_found(struct race *r, u32 i)
{
	u64 made = stat(r, NAT64_STAT_SESSION_CREATED);
	struct nat64_tuple6 in, out;
	struct entry_view e;
	enum nat64_stat why;

	view(r, &e);
	entry_flow(r, i, &in);
	return e.found &&
	       reply_to(r, i, &e, &out, &why) == NAT64_STATE_FORWARD &&
	       ipv6_addr_equal(&out.dst, &in.src) && out.dport == in.sport &&
	       stat(r, NAT64_STAT_SESSION_CREATED) == made;
}

/*
 * An entry holds its first session (struct nat64_bib): that session is
 * found from either side, also once the entry has so many sessions that
 * the others are in the session table; it ends without the entry, which
 * lives on with its other sessions, and it serves once: a later session
 * is one of its own, and the entry ends with its last session.  Every
 * session is counted once, and the instance's end frees the rest
 * (kmemleak).
 */
static void first_session_serves_once(struct kunit *test)
{
	struct race *r = race_of(test);
	struct nat64_tuple6 in;
	struct entry_view e;
	enum nat64_stat why;
	u32 i;

	/* Flows 0-7 of one entry: past NAT64_SESSION_WALK, so hashed. */
	for (i = 0; i < 8; i++) {
		entry_flow(r, i, &in);
		KUNIT_ASSERT_EQ(test, one6(r, &in, &why), NAT64_STATE_FORWARD);
	}
	view(r, &e);
	KUNIT_ASSERT_TRUE(test, e.found);
	KUNIT_EXPECT_TRUE(test, e.hashed);
	KUNIT_EXPECT_EQ(test, e.sessions, 8U);
	/* Flow 0 is the entry's own, and lookups still find it there. */
	KUNIT_EXPECT_TRUE(test, e.first_is_flow0);
	/* The replies, from every Z to the (T,t), find their sessions. */
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_TRUE(test, reply_found(r, i));
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_SESSION_CREATED), 8ULL);

	/* The entry's own ends; the entry stays with the other seven. */
	KUNIT_ASSERT_TRUE(test, end_flow(r, 0));
	view(r, &e);
	KUNIT_ASSERT_TRUE(test, e.found);
	KUNIT_EXPECT_EQ(test, e.sessions, 7U);
	KUNIT_EXPECT_TRUE(test, e.first_dead);
	KUNIT_EXPECT_FALSE(test, end_flow(r, 0));

	/* Flow 0 again: a session of its own; the first has served. */
	entry_flow(r, 0, &in);
	KUNIT_EXPECT_EQ(test, one6(r, &in, &why), NAT64_STATE_FORWARD);
	view(r, &e);
	KUNIT_ASSERT_TRUE(test, e.found);
	KUNIT_EXPECT_EQ(test, e.sessions, 8U);
	KUNIT_EXPECT_TRUE(test, e.first_dead);
	KUNIT_EXPECT_TRUE(test, reply_found(r, 0));
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_SESSION_CREATED), 9ULL);

	/* The entry ends with the last of them, not before. */
	for (i = 0; i < 8; i++) {
		view(r, &e);
		KUNIT_EXPECT_TRUE(test, e.found);
		KUNIT_EXPECT_TRUE(test, end_flow(r, i));
	}
	view(r, &e);
	KUNIT_EXPECT_FALSE(test, e.found);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->inst->state->nsessions), 0);
	KUNIT_EXPECT_EQ(test,
			atomic_read(&r->inst->state->t[NAT64_PROTO_UDP].nbib),
			0);
}

static void past_expiry(struct race *r, struct nat64_ptable *pt,
			struct nat64_session *s)
{
	spin_lock(&s->lock);
	WRITE_ONCE(s->expires, nat64_now() - HZ);
	spin_unlock(&s->lock);
}

/* Flow @i's session is past its expiry, as the scan has not seen yet. */
static void age_flow(struct race *r, u32 i)
{
	on_flow_session(r, i, past_expiry);
}

/* Sessions and entries of the instance's UDP table, all counted to 0. */
static void expect_empty(struct kunit *test, struct race *r)
{
	struct nat64_state *st = r->inst->state;
	struct entry_view e;

	view(r, &e);
	KUNIT_EXPECT_FALSE(test, e.found);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->nsessions), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->nsessions_v4), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->t[NAT64_PROTO_UDP].nsess), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->t[NAT64_PROTO_UDP].nbib), 0);
}

/* Flow 0 makes (X',x)'s entry, with its first session. */
static void start_flow0(struct kunit *test, struct race *r)
{
	struct nat64_tuple6 in;
	enum nat64_stat why;

	entry_flow(r, 0, &in);
	KUNIT_ASSERT_EQ(test, one6(r, &in, &why), NAT64_STATE_FORWARD);
}

/* The common case: an entry with its one session, which ends. */
static void lone_first_session_ends(struct kunit *test)
{
	struct race *r = race_of(test);

	start_flow0(test, r);
	KUNIT_EXPECT_TRUE(test, reply_found(r, 0));
	KUNIT_EXPECT_TRUE(test, end_flow(r, 0));
	expect_empty(test, r);
}

/*
 * An IPv4 packet for a dynamic entry whose only session has expired, but
 * is still linked (the expiry scan has not come by): the lookup ends the
 * session, and with it the entry and its (T,t).  The packet must then
 * find no entry (drop-no-bib-entry), not make a session on the entry
 * being freed, which nothing would ever end (a leak, and a session
 * pointing at freed memory).
 */
static void expired_entry_not_revived(struct kunit *test)
{
	struct race *r = race_of(test);
	struct nat64_tuple6 out;
	struct entry_view e;
	enum nat64_stat why;

	start_flow0(test, r);
	view(r, &e);
	KUNIT_ASSERT_TRUE(test, e.found);
	age_flow(r, 0);
	KUNIT_EXPECT_EQ(test, reply_to(r, 0, &e, &out, &why),
			NAT64_STATE_DROP);
	KUNIT_EXPECT_EQ(test, why, NAT64_STAT_DROP_NO_BIB);
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_SESSION_EXPIRED), 1ULL);
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_SESSION_CREATED), 1ULL);
	expect_empty(test, r);
}

/*
 * A session of an entry being ended (nat64_bib_kill() works through an
 * entry's sessions a chunk at a time, with its own reason: deleted,
 * pool4) is not the expiry scan's to end, as "expired", nor to probe.
 * The instance's upkeep runs the scan at least once a second: here it
 * finds flow 0's session expired while its entry is held ending (DEAD,
 * as busy_entry_bounded holds it), and must leave it; once the entry is
 * live again, the scan ends the session as usual.
 */
static void expiry_leaves_ending_entry(struct kunit *test)
{
	struct race *r = race_of(test);
	struct nat64_tuple6 in;
	struct entry_view e;
	int i;

	start_flow0(test, r);
	entry_flow(r, 0, &in);
	mark_dead(r, &in, true);
	age_flow(r, 0);
	msleep(3000);
	view(r, &e);
	KUNIT_EXPECT_EQ(test, e.sessions, 1U);
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_SESSION_EXPIRED), 0ULL);
	mark_dead(r, &in, false);
	for (i = 0; i < 300 && !stat(r, NAT64_STAT_SESSION_EXPIRED); i++)
		msleep(100);
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_SESSION_EXPIRED), 1ULL);
	expect_empty(test, r);
}

/* Flushes every session under the pernet lock until the race is over. */
static u32 flush_until_finished(struct race *r)
{
	struct nat64_pernet *pn = nat64_pernet(&init_net);
	u32 rounds = 0;

	do {
		mutex_lock(&pn->lock);
		nat64_session_flush(r->inst, NAT64_PROTO_ALL);
		mutex_unlock(&pn->lock);
		rounds++;
		cond_resched();
	} while (!finished(r));
	mutex_lock(&pn->lock);
	nat64_session_flush(r->inst, NAT64_PROTO_ALL);
	mutex_unlock(&pn->lock);
	return rounds;
}

/*
 * SESSION_FLUSH again and again while every CPU makes new entries: each
 * flush kills entries that flows are being added to and others being
 * made.  Once the flows are over, one more flush leaves nothing, counted
 * or linked (and the instance's end nothing for kmemleak).
 */
static void flush_while_flows(struct kunit *test)
{
	struct race *r = race_of(test);
	u32 rounds;

	r->shape = DISTINCT_HOSTS;
	r->background = true;
	run(test, r);
	rounds = flush_until_finished(r);
	expect_empty(test, r);
	KUNIT_EXPECT_GT(test, stat(r, NAT64_STAT_BIB_CREATED), 0ULL);
	kunit_info(test, "%u flushes during %u flows\n", rounds,
		   r->threads * FLOWS);
}

/* The static entry HOST:1000 <-> 203.0.113.1:5000 that ONE_ENTRY flows use. */
static void add_static_entry(struct kunit *test, struct race *r)
{
	struct nat64_pernet *pn = nat64_pernet(&init_net);
	struct nat64_bib_info b = {
		.proto = NAT64_PROTO_UDP, .addr6 = host6, .port6 = 1000,
		.addr4 = htonl(0xcb007101), .port4 = 5000,
	};
	int err;

	mutex_lock(&pn->lock);
	err = nat64_bib_add_static(r->inst, &b, NULL);
	mutex_unlock(&pn->lock);
	KUNIT_ASSERT_EQ(test, err, 0);
	r->shape = ONE_ENTRY;
}

/*
 * After a flush: the static entry is there, without a session, and no
 * other session is.
 */
static void expect_static_bare(struct kunit *test, struct race *r)
{
	struct nat64_state *st = r->inst->state;
	struct nat64_bib *bib;

	rcu_read_lock();
	bib = nat64_bib_find6(&st->t[NAT64_PROTO_UDP], &host6, htons(1000));
	KUNIT_EXPECT_TRUE(test, bib && nat64_bib_is_static(bib) &&
			  !nat64_bib_has_sessions(bib));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, atomic_read(&st->nsessions), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->t[NAT64_PROTO_UDP].nsess), 0);
}

/*
 * The same on one static entry that every CPU adds sessions to: a flush
 * ends the sessions it finds, and only those however fast new ones come,
 * and the entry stays, static, without sessions at the end.  Flows never
 * find it dead.
 */
static void flush_static_while_flows(struct kunit *test)
{
	struct race *r = race_of(test);
	u64 created;

	add_static_entry(test, r);
	created = stat(r, NAT64_STAT_BIB_CREATED);
	r->background = true;
	run(test, r);
	flush_until_finished(r);
	expect_static_bare(test, r);
	KUNIT_EXPECT_EQ(test, total_why(r, NAT64_STAT_DROP_STATE_BUSY), 0U);
	/* Every flow used the static entry: none made another. */
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_BIB_CREATED), created);
}

/*
 * A flush ends every session a static entry has, not as many as today's
 * limits would let it make: 2 x FLOWS sessions made under the defaults,
 * then max-sessions-per-host and max-ipv4-sessions-per-bib lowered to 1
 * (a lowered limit leaves the sessions already made), and one flush
 * leaves none.
 */
static void flush_static_after_lowered_limits(struct kunit *test)
{
	struct race *r = race_of(test);
	struct nat64_pernet *pn = nat64_pernet(&init_net);
	struct nat64_globals *g;
	struct nat64_tuple6 in;
	enum nat64_stat why;
	u32 i, made = 0;

	add_static_entry(test, r);
	for (i = 0; i < 2 * FLOWS; i++) {
		tuple_of(r, i / FLOWS, i % FLOWS, &in);
		made += one6(r, &in, &why) == NAT64_STATE_FORWARD;
	}
	KUNIT_ASSERT_EQ(test, made, 2U * FLOWS);
	g = nat64_globals_alloc_default();
	KUNIT_ASSERT_NOT_NULL(test, g);
	g->max_sessions_per_host = 1;
	g->max_ipv4_per_bib = 1;
	mutex_lock(&pn->lock);
	nat64_globals_publish(r->inst, g);
	nat64_session_flush(r->inst, NAT64_PROTO_ALL);
	mutex_unlock(&pn->lock);
	expect_static_bare(test, r);
}

/*
 * A TCP segment that takes the locked path (SYN, FIN, RST) for a session
 * whose entry is being killed finds it absent, as the lookups and the
 * unlocked path do: not forwarded, its state not moved.  Once the entry
 * is live again (here; a real kill ends it), the flow goes on.
 */
static void tcp_segment_of_ending_entry(struct kunit *test)
{
	struct race *r = race_of(test);
	struct nat64_pernet *pn = nat64_pernet(&init_net);
	struct nat64_pool4_entry e = {
		.addr = htonl(0xcb007100), .plen = 30,
		.proto = NAT64_PROTO_TCP, .port_min = 1024, .port_max = 65535,
	};
	struct nat64_tuple6 in = {
		.proto = NAT64_PROTO_TCP, .src = host6, .sport = htons(1000),
		.dst.s6_addr32 = { htonl(0x0064ff9b), 0, 0,
				   htonl(0xc6120001) },
		.dport = htons(80),
	};
	enum nat64_stat why;
	int err;

	mutex_lock(&pn->lock);
	err = nat64_pool4_add(r->inst, &e, 1, NULL);
	mutex_unlock(&pn->lock);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_EQ(test, one6_flags(r, &in, NAT64_TCP_SYN, &why),
			NAT64_STATE_FORWARD);
	mark_dead(r, &in, true);
	KUNIT_EXPECT_EQ(test, one6_flags(r, &in, NAT64_TCP_SYN, &why),
			NAT64_STATE_DROP);
	KUNIT_EXPECT_EQ(test, why, NAT64_STAT_DROP_STATE_BUSY);
	mark_dead(r, &in, false);
	KUNIT_EXPECT_EQ(test, one6_flags(r, &in, NAT64_TCP_SYN, &why),
			NAT64_STATE_FORWARD);
	KUNIT_EXPECT_EQ(test, stat(r, NAT64_STAT_SESSION_CREATED), 1ULL);
}

static void count_announce(struct nat64_instance *inst, void *arg)
{
	(*(int *)arg)++;
}

/* A dump's sequence, as genl.c computes it. */
static u32 dump_seq(struct nat64_pernet *pn, struct nat64_instance *inst)
{
	return READ_ONCE(pn->gen) + nat64_state_gen(inst);
}

/*
 * What CONFIG_APPLY's replacement is made of.  An instance built beside
 * the running one holds its events and, discarded, leaves the running one
 * as it was; published, it takes the running one's place, after its
 * announcement, and a dump's sequence moves on past every value of the
 * old one's.  Through a target-mode instance and back to netfilter mode,
 * so that the hooks are registered and unregistered on each path (a count
 * gone wrong warns).
 */
static void replace_after_build(struct kunit *test)
{
	static const u8 modes[] = { NAT64_INSTANCE_MODE_TARGET,
				    NAT64_INSTANCE_MODE_NETFILTER,
				    NAT64_INSTANCE_MODE_NETFILTER };
	struct in6_addr pool6 = { .s6_addr32 = { htonl(0x20010db8), 0,
						 htonl(0x64) } };
	struct nat64_pernet *pn = nat64_pernet(&init_net);
	struct race *r = race_of(test);
	struct nat64_instance *next;
	int announced = 0, i;
	u32 seq;

	r->shape = DISTINCT_HOSTS;
	run(test, r);
	mutex_lock(&pn->lock);
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		seq = dump_seq(pn, r->inst);
		next = nat64_instance_build(&init_net, &pool6, 96, modes[i],
					    NULL);
		if (IS_ERR(next))
			break;
		KUNIT_EXPECT_TRUE(test, next->events_held);
		nat64_instance_discard(next);
		KUNIT_EXPECT_PTR_EQ(test, nat64_instance_get_locked(pn),
				    r->inst);
		next = nat64_instance_build(&init_net, &pool6, 96, modes[i],
					    NULL);
		if (IS_ERR(next))
			break;
		nat64_instance_publish(next, count_announce, &announced);
		r->inst = next;
		KUNIT_EXPECT_PTR_EQ(test, nat64_instance_get_locked(pn), next);
		KUNIT_EXPECT_FALSE(test, next->events_held);
		KUNIT_EXPECT_EQ(test, announced, i + 1);
		KUNIT_EXPECT_GT(test, (s32)(dump_seq(pn, next) - seq), 0);
	}
	mutex_unlock(&pn->lock);
	KUNIT_EXPECT_EQ(test, i, (int)ARRAY_SIZE(modes));
}

static struct kunit_case wide_cases[] = {
	KUNIT_CASE(new_entries_distinct),
	KUNIT_CASE(one_entry_many_cpus),
	KUNIT_CASE(host_bib_limit_exact),
	KUNIT_CASE(session_limit_exact),
	KUNIT_CASE(kill_while_flows),
	KUNIT_CASE(prune_while_flows),
	KUNIT_CASE(sessions_found_again),
	KUNIT_CASE(busy_entry_bounded),
	KUNIT_CASE(failed_publish_dead),
	KUNIT_CASE(first_session_serves_once),
	KUNIT_CASE(lone_first_session_ends),
	KUNIT_CASE(expired_entry_not_revived),
	KUNIT_CASE(expiry_leaves_ending_entry),
	KUNIT_CASE(flush_while_flows),
	KUNIT_CASE(flush_static_while_flows),
	KUNIT_CASE(flush_static_after_lowered_limits),
	KUNIT_CASE(tcp_segment_of_ending_entry),
	KUNIT_CASE(replace_after_build),
	{}
};

static struct kunit_suite wide_suite = {
	.name = "nat64_state_race",
	.init = race_init_wide,
	.exit = race_exit,
	.test_cases = wide_cases,
};

static struct kunit_case small_cases[] = {
	KUNIT_CASE(pool4_exhausted_exact),
	{}
};

static struct kunit_suite small_suite = {
	.name = "nat64_state_pool4_race",
	.init = race_init_small,
	.exit = race_exit,
	.test_cases = small_cases,
};

/*
 * pool4's per-protocol index (pool4.c) against a plain walk of the table:
 * nested prefixes, one address in two entries with disjoint ports, other
 * protocols in between.
 */
static const struct nat64_pool4_entry index_entries[] = {
	{ htonl(0x0a000000), 24, NAT64_PROTO_UDP, 1, 1000 },
	{ htonl(0x0a000005), 32, NAT64_PROTO_UDP, 2000, 3000 },
	{ htonl(0x0a000100), 28, NAT64_PROTO_UDP, 100, 200 },
	{ htonl(0x0a010000), 16, NAT64_PROTO_UDP, 5000, 6000 },
	{ htonl(0x0a000000), 24, NAT64_PROTO_TCP, 1024, 65535 },
	{ htonl(0x0a000200), 31, NAT64_PROTO_ICMP, 0, 65535 },
	{ htonl(0x0a000300), 32, NAT64_PROTO_UDP, 7, 7 },
};

static bool walk_has(u8 proto, u32 a, u16 port)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(index_entries); i++) {
		const struct nat64_pool4_entry *e = &index_entries[i];

		if (e->proto == proto && nat64_pool4_entry_has_addr(e, a) &&
		    port >= e->port_min && port <= e->port_max)
			return true;
	}
	return false;
}

static void pool4_has_matches_walk(struct kunit *test)
{
	struct nat64_pernet *pn = nat64_pernet(&init_net);
	struct race *r = race_of(test);
	const struct nat64_pool4 *p;
	u32 i, a, bad = 0;
	u16 port;
	u8 proto;
	int err;

	mutex_lock(&pn->lock);
	err = nat64_pool4_add(r->inst, index_entries,
			      ARRAY_SIZE(index_entries), NULL);
	mutex_unlock(&pn->lock);
	KUNIT_ASSERT_EQ(test, err, 0);
	rcu_read_lock();
	p = rcu_dereference(r->inst->pool4);
	for (i = 0; i < 200000; i++) {
		/* Around the entries, edges included, and far away. */
		a = 0x0a000000 + (get_random_u32() % 0x20000) - 0x100;
		port = get_random_u32() % 8000;
		proto = get_random_u32() % NAT64_PROTO_COUNT;
		if (nat64_pool4_has(p, proto, htonl(a), port) !=
		    walk_has(proto, a, port))
			bad++;
	}
	KUNIT_EXPECT_TRUE(test, nat64_pool4_has(p, NAT64_PROTO_UDP,
						htonl(0x0a000005), 2500));
	KUNIT_EXPECT_TRUE(test, nat64_pool4_has(p, NAT64_PROTO_UDP,
						htonl(0x0a000005), 500));
	KUNIT_EXPECT_FALSE(test, nat64_pool4_has(p, NAT64_PROTO_UDP,
						 htonl(0x0a000005), 1500));
	KUNIT_EXPECT_TRUE(test, nat64_pool4_has(p, NAT64_PROTO_UDP,
						htonl(0x0a01ffff), 6000));
	KUNIT_EXPECT_FALSE(test, nat64_pool4_has(p, NAT64_PROTO_UDP,
						 htonl(0x0a020000), 6000));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

/* An instance with no pool4 at all: the case adds its own. */
static int race_init_empty(struct kunit *test)
{
	return race_init(test, 0, 0, 0);
}

static struct kunit_case index_cases[] = {
	KUNIT_CASE(pool4_has_matches_walk),
	{}
};

static struct kunit_suite index_suite = {
	.name = "nat64_pool4_index",
	.init = race_init_empty,
	.exit = race_exit,
	.test_cases = index_cases,
};

kunit_test_suites(&wide_suite, &small_suite, &index_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit suites of the nat64 module");
