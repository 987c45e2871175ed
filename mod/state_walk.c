// SPDX-License-Identifier: GPL-2.0
/*
 * Sorted walks of the state for the BIB and session dumps.
 *
 * Dumps walk each protocol's BIB entries in (T,t) order and, within an
 * entry, emit its sessions in (Z,z) order by collecting the DUMP_BATCH
 * smallest keys beyond the last one sent.  Resuming finds the entry again
 * by its key (nat64_bib_first4(): a search of a port bitmap and a bib4
 * probe); emitting an entry's S sessions costs O(S) per batch of
 * DUMP_BATCH, so O(S^2 / DUMP_BATCH) for one huge entry and O(N) overall
 * for the usual one-to-a-few sessions per entry.
 *
 * The walks take no table lock: they read bib4, the addrs XArray and its
 * bitmaps, and the entries' session lists under RCU, and what they show
 * of a session is read with READ_ONCE() as the packet path reads it.  An
 * entry or session unlinked during a walk is still readable until the
 * walk leaves its RCU section; a session found dead or expired is not
 * shown.  RCU read sections are bounded as the lock holds were (issue 11,
 * item 4).  Visits count entries and the sessions walked, and the walk
 * leaves its RCU section once they reach DUMP_VISITS: between entries,
 * and in a session dump between two batches of one entry (the position
 * then lies inside it).  One section thus costs at most DUMP_VISITS plus
 * one walk of one entry's list, and that list is bounded: its IPv4-opened
 * sessions by max-ipv4-sessions-per-bib, the rest, all of one IPv6 host,
 * by max-sessions-per-host (state_table.h).
 */
#include <linux/sched.h>
#include <net/ipv6.h>

#include "state_walk.h"
#include "state_table.h"
#include "addr.h"
#include "bib.h"
#include "pool4.h"

#define DUMP_BATCH	64
#define DUMP_VISITS	2048
#define WALK_YIELD	1	/* never a callback's answer: those are -errno */

/* An entry ended during the walk is not shown: it is gone. */
static bool bib_wanted(const struct nat64_bib *bib,
		       const struct nat64_state_filter *f)
{
	return !nat64_bib_is_dead(bib) &&
	       (!(f->has & NAT64_FILTER_ADDR6) ||
		ipv6_addr_equal(&bib->addr6, &f->addr6)) &&
	       (!(f->has & NAT64_FILTER_ADDR4) || bib->addr4 == f->addr4);
}

/* RCU: the first entry a dump at @pos has still to visit. */
static struct nat64_bib *resume(struct nat64_ptable *pt,
				const struct nat64_state_pos *pos)
{
	if (!pos->started)
		return nat64_bib_first4(pt, 0, 0, true);
	return nat64_bib_first4(pt, pos->addr4, pos->port4, !pos->bib_done);
}

static void pos_past_bib(struct nat64_state_pos *pos,
			 const struct nat64_bib *bib)
{
	pos->started = 1;
	pos->bib_done = 1;
	pos->addr4 = bib->addr4;
	pos->port4 = bib->port4;
}

/* A bounded stretch of a walk: see the top of this file. */
static void walk_lock(void)
	__acquires(RCU)
{
	rcu_read_lock();
}

static void walk_unlock(void)
	__releases(RCU)
{
	rcu_read_unlock();
	cond_resched();
}

/*
 * Calls @cb for the entries of @proto past @pos that @f wants, in (T,t)
 * order, moving @pos past each one @cb took.  Returns @cb's first non-zero
 * answer (the entry was not taken), or 0 at the end of the table.
 */
int nat64_state_walk_bib(struct nat64_instance *inst, u8 proto,
			 const struct nat64_state_filter *f,
			 struct nat64_state_pos *pos, nat64_bib_cb cb, void *ctx)
{
	struct nat64_ptable *pt = &inst->state->t[proto];
	struct nat64_bib_info info;
	struct nat64_bib *bib;
	u32 visits;
	int ret;

	for (;;) {
		walk_lock();
		for (bib = resume(pt, pos), visits = 0;
		     bib && visits < DUMP_VISITS;
		     bib = nat64_bib_next(pt, bib), visits++) {
			if (bib_wanted(bib, f)) {
				nat64_bib_info_of(pt, bib, true, &info);
				visits += info.sessions;	/* counted */
				ret = cb(ctx, &info);
				if (ret) {
					walk_unlock();
					return ret;
				}
			}
			pos_past_bib(pos, bib);
		}
		walk_unlock();
		if (!bib)
			return 0;
	}
}

struct zbatch {
	u32 n;
	struct nat64_session *s[DUMP_BATCH];
};

static int zcmp(const struct nat64_session *a, const struct nat64_session *b)
{
	return nat64_cmp4(a->raddr, a->rport, b->raddr, b->rport);
}

/* Keeps @b the DUMP_BATCH smallest sessions seen, sorted. */
static void zbatch_add(struct zbatch *b, struct nat64_session *s)
{
	u32 j;

	if (b->n == DUMP_BATCH && zcmp(s, b->s[DUMP_BATCH - 1]) >= 0)
		return;
	j = b->n < DUMP_BATCH ? b->n++ : DUMP_BATCH - 1;
	for (; j > 0 && zcmp(s, b->s[j - 1]) < 0; j--)
		b->s[j] = b->s[j - 1];
	b->s[j] = s;
}

/*
 * The next batch of @bib's live sessions that @f wants, beyond @after if
 * given.  Returns how many sessions it looked at.
 */
static u32 collect(const struct nat64_bib *bib,
		   const struct nat64_session *after,
		   const struct nat64_state_filter *f, u32 now,
		   struct zbatch *b)
{
	struct nat64_session *s;
	u32 seen = 0;

	b->n = 0;
	nat64_bib_for_each_session(s, bib) {
		seen++;
		if ((after && zcmp(s, after) <= 0) ||
		    !nat64_session_live(s, now) ||
		    ((f->has & NAT64_FILTER_RADDR4) && s->raddr != f->raddr4))
			continue;
		zbatch_add(b, s);
	}
	return seen;
}

/* Emits @bib's sessions past @pos; see nat64_session_walk(). */
static int walk_bib_sessions(struct nat64_instance *inst, u8 proto,
			     struct nat64_bib *bib,
			     const struct nat64_state_filter *f,
			     struct nat64_state_pos *pos, nat64_session_cb cb,
			     void *ctx, struct zbatch *b, u32 *visits)
{
	struct nat64_session key, *after = NULL;
	struct nat64_session_info info;
	u32 now = nat64_now(), i;
	int ret;

	if (pos->started && !pos->bib_done && pos->addr4 == bib->addr4 &&
	    pos->port4 == bib->port4) {
		key.raddr = pos->raddr4;
		key.rport = pos->rport;
		after = &key;
	}
	do {
		*visits += collect(bib, after, f, now, b);
		for (i = 0; i < b->n; i++) {
			nat64_session_info_of(inst, b->s[i], proto, now,
					      &info);
			ret = cb(ctx, &info);
			if (ret)
				return ret;
			pos->started = 1;
			pos->bib_done = 0;
			pos->addr4 = bib->addr4;
			pos->port4 = bib->port4;
			pos->raddr4 = b->s[i]->raddr;
			pos->rport = b->s[i]->rport;
		}
		if (b->n) {
			key.raddr = b->s[b->n - 1]->raddr;
			key.rport = b->s[b->n - 1]->rport;
			after = &key;
		}
		/* More to come, and the lock held long enough: let go. */
		if (b->n == DUMP_BATCH && *visits >= DUMP_VISITS)
			return WALK_YIELD;
	} while (b->n == DUMP_BATCH);
	return 0;
}

/*
 * Calls @cb for the live sessions of @proto past @pos that @f wants, in
 * (T,t,Z,z) order, moving @pos past each one @cb took.  Returns @cb's
 * first non-zero answer, or 0 at the end of the table.
 */
int nat64_state_walk_sessions(struct nat64_instance *inst, u8 proto,
			      const struct nat64_state_filter *f,
			      struct nat64_state_pos *pos,
			      nat64_session_cb cb, void *ctx)
{
	struct nat64_ptable *pt = &inst->state->t[proto];
	struct nat64_bib *bib;
	struct zbatch *b;
	int ret = 0;
	u32 visits;

	b = kmalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	for (;;) {
		walk_lock();
		for (bib = resume(pt, pos), visits = 0;
		     bib && visits < DUMP_VISITS;
		     bib = nat64_bib_next(pt, bib), visits++) {
			if (bib_wanted(bib, f)) {
				ret = walk_bib_sessions(inst, proto, bib, f,
							pos, cb, ctx, b,
							&visits);
				if (ret)
					break;
			}
			pos_past_bib(pos, bib);
		}
		walk_unlock();
		if (ret == WALK_YIELD)
			ret = 0;	/* @pos is inside @bib: resume there */
		else if (ret || !bib)
			break;
	}
	kfree(b);
	return ret;
}

/*
 * RCU, in one stretch: the addresses in use are at most pool4's, and the
 * caller's message fills long before a stretch of its size.
 */
int nat64_state_walk_addr_use(struct nat64_instance *inst, u8 proto,
			      u64 *next, nat64_addr_use_cb cb, void *ctx)
{
	struct nat64_ptable *pt = &inst->state->t[proto];
	const struct nat64_pool4 *p;
	struct nat64_addr_use_info info = { .proto = proto };
	struct nat64_addr_use *u;
	unsigned long idx;
	int i, ret = 0;

	if (*next > U32_MAX)
		return 0;
	idx = *next;
	rcu_read_lock();
	p = rcu_dereference(inst->pool4);
	for (u = xa_find(&pt->addrs, &idx, U32_MAX, XA_PRESENT); u;
	     u = xa_find_after(&pt->addrs, &idx, U32_MAX, XA_PRESENT)) {
		info.addr = u->addr;
		info.used = 0;
		for (i = 0; i < ARRAY_SIZE(u->used); i++)
			info.used += atomic_read(&u->used[i]);
		if (!info.used)
			continue;	/* its last entry is ending */
		info.ports = nat64_pool4_addr_ports(p, proto, idx);
		ret = cb(ctx, &info);
		if (ret)
			break;
		*next = (u64)idx + 1;
	}
	rcu_read_unlock();
	if (!ret)
		*next = (u64)U32_MAX + 1;
	return ret;
}
