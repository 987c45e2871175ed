// SPDX-License-Identifier: GPL-2.0
/*
 * BIB entries (RFC 6146 3.1): lookup by either side, creation with a
 * freshly allocated IPv4 transport address from pool4, ordered walks in
 * (T,t) order without a tree (the addrs XArray, its port bitmaps, bib4),
 * and removal.  An entry changes under the stripe of its (T,t); a (T,t)
 * is claimed without a lock, by its bit in the address's port bitmap.
 */
#include <linux/slab.h>
#include <linux/siphash.h>

#include "state_table.h"
#include "port_alloc.h"
#include "bib.h"
#include "session.h"
#include "host.h"
#include "ceiling.h"
#include "pool4.h"
#include "reap.h"
#include "event.h"
#include "kunit.h"

static struct kmem_cache *bib_cache __read_mostly;
static siphash_key_t alloc_key __read_mostly;

/* A bib6 key laid out as a BIB entry's key fields are. */
struct nat64_bkey {
	struct in6_addr addr6;
	__be16 port6;
};

int nat64_bib_cache_init(void)
{
	BUILD_BUG_ON(offsetof(struct nat64_bib, port6) -
		     offsetof(struct nat64_bib, addr6) !=
		     offsetof(struct nat64_bkey, port6));
#if !defined(CONFIG_DEBUG_SPINLOCK) && !defined(CONFIG_DEBUG_LOCK_ALLOC)
	/*
	 * Memory per flow is a benchmark target: keep the layout tight (an
	 * entry with its first session, struct nat64_bib).
	 */
	BUILD_BUG_ON(sizeof(struct nat64_bib) > 80);
#endif
	BUILD_BUG_ON(offsetof(struct nat64_bib, addr4) -
		     offsetof(struct nat64_bib, port4) !=
		     offsetof(struct nat64_bkey4, addr4));
	get_random_bytes(&alloc_key, sizeof(alloc_key));
	bib_cache = KMEM_CACHE(nat64_bib, SLAB_ACCOUNT);
	return bib_cache ? 0 : -ENOMEM;
}

void nat64_bib_cache_exit(void)
{
	kmem_cache_destroy(bib_cache);
}

struct nat64_bib *nat64_bib_find6(struct nat64_ptable *pt,
				  const struct in6_addr *addr, __be16 port)
{
	struct nat64_bkey k = { .addr6 = *addr, .port6 = port };

	return rhashtable_lookup(&pt->bib6, &k, nat64_bib6_params);
}
NAT64_KUNIT_EXPORT(nat64_bib_find6);

/* RCU: the use record of pool4 address @addr, if any. */
static struct nat64_addr_use *use_of(struct nat64_ptable *pt, __be32 addr)
{
	return xa_load(&pt->addrs, be32_to_cpu(addr));
}

/* RCU: the entry holding (@addr,@port) as its (T,t). */
struct nat64_bib *nat64_bib_find4(struct nat64_ptable *pt, __be32 addr,
				  __be16 port)
{
	struct nat64_bkey4 k = { .port4 = port, .addr4 = addr };

	return rhashtable_lookup_fast(&pt->bib4, &k, nat64_bib4_params);
}

/*
 * RCU: the first entry at or after (@addr,@port), or after
 * it unless @inclusive, in (T,t) order.  The addresses in use come in
 * order from the XArray, their ports in use from the bitmap, and bib4
 * gives the entry: no tree.  A port whose bit is set without an entry in
 * bib4 (one being made or ended as we look) is passed over.
 */
struct nat64_bib *nat64_bib_first4(struct nat64_ptable *pt, __be32 addr,
				   __be16 port, bool inclusive)
{
	unsigned long idx = be32_to_cpu(addr);
	u32 from = ntohs(port) + !inclusive;
	struct nat64_addr_use *u;
	struct nat64_bib *b;
	u32 p;

	for (u = xa_find(&pt->addrs, &idx, U32_MAX, XA_PRESENT); u;
	     u = xa_find_after(&pt->addrs, &idx, U32_MAX, XA_PRESENT)) {
		/* Skipped addresses start at their first port. */
		if (idx != be32_to_cpu(addr))
			from = 0;
		for (p = find_next_bit(u->ports, NAT64_PORTS, from);
		     p < NAT64_PORTS;
		     p = find_next_bit(u->ports, NAT64_PORTS, p + 1)) {
			b = nat64_bib_find4(pt, u->addr, htons(p));
			if (b)
				return b;
		}
	}
	return NULL;
}
NAT64_KUNIT_EXPORT(nat64_bib_first4);

/* RCU: the entry after @bib in (T,t) order. */
struct nat64_bib *nat64_bib_next(struct nat64_ptable *pt,
				 const struct nat64_bib *bib)
{
	return nat64_bib_first4(pt, bib->addr4, bib->port4, false);
}
NAT64_KUNIT_EXPORT(nat64_bib_next);

struct nat64_bib *nat64_bib_alloc(const struct in6_addr *addr6, __be16 port6,
				  __be32 addr4, __be16 port4, gfp_t gfp)
{
	struct nat64_bib *bib = kmem_cache_zalloc(bib_cache, gfp);

	if (!bib)
		return NULL;
	bib->addr6 = *addr6;
	bib->port6 = port6;
	bib->addr4 = addr4;
	bib->port4 = port4;
	/* Its own session, to serve once, heads an empty list. */
	bib->first.flags = NAT64_SF_FIRST | NAT64_SF_DEAD;
	spin_lock_init(&bib->first.lock);
	return bib;
}
NAT64_KUNIT_EXPORT(nat64_bib_alloc);

/*
 * For entries no reader can reach (never published, or reaped), with
 * their first session: its ceiling unit too, if one ever took it
 * (nat64_session_free() leaves the first to this), and the entry's own
 * if a request made it (NAT64_BF_CHARGED).
 */
void nat64_bib_free(struct nat64_bib *bib)
{
	if (bib->flags & NAT64_BF_SPENT)
		nat64_ceiling_session_uncharge();
	if (bib->flags & NAT64_BF_CHARGED)
		nat64_ceiling_session_uncharge();
	kmem_cache_free(bib_cache, bib);
}

/* What a record holds, for the module-wide ceiling (ceiling.h). */
#define USE_UNITS NAT64_CEILING_UNITS(sizeof(struct nat64_addr_use) + \
				      BITS_TO_LONGS(NAT64_PORTS) * sizeof(long))

static void use_free(struct nat64_addr_use *u)
{
	bitmap_free(u->ports);
	kfree(u);
	nat64_ceiling_uncharge(USE_UNITS);
}

static void use_free_rcu(struct rcu_head *head)
{
	use_free(container_of(head, struct nat64_addr_use, rcu));
}

/*
 * A record for @addr holding the XArray's reference and the caller's;
 * ERR_PTR(-EDQUOT) at the module-wide ceiling, ERR_PTR(-ENOMEM).  Made
 * from softirq, where the memory cgroup does not refuse (an atomic
 * charge is forced through): the ceiling is what bounds these 8 KiB, as
 * many as the addresses of a big pool4 that new hosts spread over.
 */
static struct nat64_addr_use *use_alloc(const struct nat64_ptable *pt,
					 __be32 addr)
{
	struct nat64_addr_use *u;

	if (!nat64_ceiling_charge(USE_UNITS, pt->userns))
		return ERR_PTR(-EDQUOT);
	u = kzalloc(sizeof(*u), GFP_ATOMIC | __GFP_ACCOUNT);
	if (!u)
		goto err;
	u->ports = bitmap_zalloc(NAT64_PORTS, GFP_ATOMIC | __GFP_ACCOUNT);
	if (!u->ports) {
		kfree(u);
		goto err;
	}
	u->addr = addr;
	atomic_set(&u->ref, 2);
	return u;

err:
	nat64_ceiling_uncharge(USE_UNITS);
	return ERR_PTR(-ENOMEM);
}

/*
 * RCU: a reference on the use record of @addr, made if need be.  A record
 * whose last entry has just ended (ref 0) is replaced: whoever took it to
 * 0 frees it.  An ERR_PTR() when none can be made (use_alloc()).
 */
static struct nat64_addr_use *use_get(struct nat64_ptable *pt, __be32 addr)
{
	unsigned long idx = be32_to_cpu(addr);
	struct nat64_addr_use *u, *n, *old;

	for (;;) {
		u = xa_load(&pt->addrs, idx);
		if (u && atomic_inc_not_zero(&u->ref))
			return u;
		n = use_alloc(pt, addr);
		if (IS_ERR(n))
			return n;
		old = xa_cmpxchg_bh(&pt->addrs, idx, u, n, GFP_ATOMIC);
		if (old == u)
			return n;
		use_free(n);	/* never visible */
		if (xa_is_err(old))
			return ERR_PTR(-ENOMEM);
		/* Someone else replaced it first: take theirs. */
	}
}

/* Drops a reference; the last entry's takes the record out of addrs. */
static void use_put(struct nat64_ptable *pt, struct nat64_addr_use *u)
{
	if (atomic_dec_return(&u->ref) != 1 ||
	    atomic_cmpxchg(&u->ref, 1, 0) != 1)
		return;
	/* Fails if a new record replaced this one already: fine. */
	xa_cmpxchg_bh(&pt->addrs, be32_to_cpu(u->addr), u, NULL, 0);
	/* Walks may still be reading its bitmap. */
	call_rcu(&u->rcu, use_free_rcu);
}

/* Claims @port of @u for a new entry; false if it was taken. */
static bool use_claim(struct nat64_addr_use *u, u16 port)
{
	/* A plain read first: a busy address costs no locked cycle. */
	if (test_bit(port, u->ports) || test_and_set_bit(port, u->ports))
		return true;
	atomic_inc(&u->used[nat64_port_set(port)]);
	return false;
}

/*
 * RCU: claims (@addr,@port) for an entry about to be made: a reference on
 * the address's use record and the port's bit.  0, -EEXIST when it is
 * taken (an entry holds it, or is being made there), or use_alloc()'s
 * -EDQUOT or -ENOMEM.
 */
int nat64_bib_claim(struct nat64_ptable *pt, __be32 addr, __be16 port)
{
	struct nat64_addr_use *u = use_get(pt, addr);

	if (IS_ERR(u))
		return PTR_ERR(u);
	if (!use_claim(u, ntohs(port)))
		return 0;
	use_put(pt, u);
	return -EEXIST;
}
NAT64_KUNIT_EXPORT(nat64_bib_claim);

/* RCU: gives back what nat64_bib_claim() took. */
void nat64_bib_unclaim(struct nat64_ptable *pt, __be32 addr, __be16 port)
{
	struct nat64_addr_use *u = use_of(pt, addr);
	u16 p = ntohs(port);

	if (WARN_ON_ONCE(!u))
		return;
	atomic_dec(&u->used[nat64_port_set(p)]);
	clear_bit(p, u->ports);
	use_put(pt, u);
}

/* RCU: is (@addr,@port) free, neither held nor being claimed? */
bool nat64_bib_port_free(struct nat64_ptable *pt, __be32 addr, __be16 port)
{
	struct nat64_addr_use *u = use_of(pt, addr);

	return !u || !test_bit(ntohs(port), u->ports);
}

/* Frees every record: instance teardown, no reader is left. */
void nat64_bib_uses_destroy(struct nat64_ptable *pt)
{
	struct nat64_addr_use *u;
	unsigned long idx;

	xa_for_each(&pt->addrs, idx, u)
		use_free(u);
	xa_destroy(&pt->addrs);
}

bool nat64_bib_is_static(const struct nat64_bib *bib)
{
	return READ_ONCE(bib->flags) & NAT64_BF_STATIC;
}
NAT64_KUNIT_EXPORT(nat64_bib_is_static);

/* Unlinked, or being: an RCU walk may still hold it. */
bool nat64_bib_is_dead(const struct nat64_bib *bib)
{
	return READ_ONCE(bib->flags) & NAT64_BF_DEAD;
}
NAT64_KUNIT_EXPORT(nat64_bib_is_dead);

/* Under the entry's stripe: @bib becomes static. */
void nat64_bib_make_static(struct nat64_ptable *pt, struct nat64_bib *bib)
{
	nat64_assert_bib_locked(pt, bib);
	WRITE_ONCE(bib->flags, bib->flags | NAT64_BF_STATIC);
}

/* RCU or the stripe: for dumps, which visit the sessions anyway. */
u32 nat64_bib_sessions(const struct nat64_bib *bib)
{
	const struct nat64_session *s;
	u32 n = 0;

	nat64_bib_for_each_session(s, bib)
		n++;
	return n;
}
NAT64_KUNIT_EXPORT(nat64_bib_sessions);

/*
 * Under the stripe of @bib's (T,t), which the caller claimed
 * (nat64_bib_claim()), with its subscriber counted (host.c): publishes
 * @bib in bib6 and bib4.  On error @bib is gone with its claim, freed at
 * once if no reader could have seen it, else after a grace period:
 * -EEXIST when (X',x) has an entry already (made by another CPU, or a
 * static one), -ENOMEM when a table cannot grow.  The subscriber's count
 * is the caller's to give back.
 */
int nat64_bib_publish(struct nat64_state *st, struct nat64_ptable *pt,
		      struct nat64_bib *bib)
{
	struct nat64_bib *old;
	int err;

	nat64_assert_bib_locked(pt, bib);
	old = rhashtable_lookup_get_insert_fast(&pt->bib6, &bib->node6,
						nat64_bib6_params);
	if (old) {
		nat64_bib_unclaim(pt, bib->addr4, bib->port4);
		nat64_bib_free(bib);
		return IS_ERR(old) ? PTR_ERR(old) : -EEXIST;
	}
	/* (T,t) is ours by its bit: only a table that cannot grow fails. */
	err = rhashtable_insert_fast(&pt->bib4, &bib->node4,
				     nat64_bib4_params);
	if (err) {
		/*
		 * It was in bib6 for a moment: a 6->4 lookup that found it
		 * then may be waiting on this stripe, and must find it DEAD
		 * rather than make a session on a (T,t) given back.
		 */
		WRITE_ONCE(bib->flags, bib->flags | NAT64_BF_DEAD);
		rhashtable_remove_fast(&pt->bib6, &bib->node6,
				       nat64_bib6_params);
		nat64_bib_unclaim(pt, bib->addr4, bib->port4);
		nat64_reap_bib(pt, bib);
		return err;
	}
	atomic_inc(&pt->nbib);
	nat64_state_changed(st);
	nat64_stat_inc(st->inst->stats, NAT64_STAT_BIB_CREATED);
	nat64_event_bib(st, pt, bib, NAT64_CMD_BIB_NEW, NAT64_END_NONE);
	return 0;
}
NAT64_KUNIT_EXPORT(nat64_bib_publish);

/*
 * Under the entry's stripe: @bib is DEAD and leaves bib6 and bib4, so no
 * lookup finds it and no session is made on it any more (both check DEAD
 * under the stripe); its (T,t) stays claimed until nat64_bib_release().
 */
static void bib_retire(struct nat64_state *st, struct nat64_ptable *pt,
		       struct nat64_bib *bib)
{
	nat64_assert_bib_locked(pt, bib);
	WRITE_ONCE(bib->flags, bib->flags | NAT64_BF_DEAD);
	rhashtable_remove_fast(&pt->bib6, &bib->node6, nat64_bib6_params);
	rhashtable_remove_fast(&pt->bib4, &bib->node4, nat64_bib4_params);
	nat64_state_changed(st);
}

/* A retired entry with no session left goes: its claim, counts, memory. */
static void bib_release(struct nat64_state *st, struct nat64_ptable *pt,
			struct nat64_bib *bib, enum nat64_end_reason why)
{
	nat64_event_bib(st, pt, bib, NAT64_CMD_BIB_END, why);
	nat64_bib_unclaim(pt, bib->addr4, bib->port4);
	nat64_host_uncount_bib(st, pt, bib);
	atomic_dec(&pt->nbib);
	nat64_reap_bib(pt, bib);
}

/*
 * Under the entry's stripe: a dynamic entry ends with its last session,
 * for that session's reason @why; a static one stays.
 */
void nat64_bib_put(struct nat64_state *st, struct nat64_ptable *pt,
		   struct nat64_bib *bib, enum nat64_end_reason why)
{
	if (!nat64_bib_has_sessions(bib) && !nat64_bib_is_static(bib) &&
	    !nat64_bib_is_dead(bib)) {
		bib_retire(st, pt, bib);
		bib_release(st, pt, bib, why);
	}
}

/*
 * Under the entry's stripe: @bib, a dynamic entry that a request made
 * static and then failed, is dynamic again, and ends now if its sessions
 * have ended meanwhile, as it would have with the last of them.
 */
void nat64_bib_make_dynamic(struct nat64_state *st, struct nat64_ptable *pt,
			    struct nat64_bib *bib)
{
	nat64_assert_bib_locked(pt, bib);
	WRITE_ONCE(bib->flags, bib->flags & ~NAT64_BF_STATIC);
	nat64_bib_put(st, pt, bib, NAT64_END_EXPIRED);
}

/* Sessions ended per hold of the stripe when an entry is killed. */
#define KILL_CHUNK	64

/*
 * Process context, RCU (in which @bib was found): ends @bib, static or
 * not, and every session of it, for reason @why; false if another path
 * ended it first.
 * Retired first, the entry is this function's
 * alone to free: its sessions, up to max-ipv4-sessions-per-bib +
 * max-sessions-per-host of them, are ended KILL_CHUNK per hold of the
 * stripe, outside the caller's RCU section, with a chance to reschedule
 * between chunks.  Meanwhile they count as absent (nat64_session_live()).
 */
bool nat64_bib_kill(struct nat64_state *st, struct nat64_ptable *pt,
		    struct nat64_bib *bib, enum nat64_end_reason why)
	__releases(RCU) __acquires(RCU)
{
	spinlock_t *lock = nat64_bib_lock_of(pt, bib);
	struct nat64_session *s;
	u32 i;

	spin_lock_bh(lock);
	if (nat64_bib_is_dead(bib)) {
		spin_unlock_bh(lock);
		return false;
	}
	bib_retire(st, pt, bib);
	spin_unlock_bh(lock);
	rcu_read_unlock();
	for (;;) {
		spin_lock_bh(lock);
		for (i = 0; i < KILL_CHUNK && nat64_bib_has_sessions(bib);
		     i++) {
			s = nat64_bib_first_session(bib);
			nat64_session_unlink(st, pt, s, why);
		}
		if (!nat64_bib_has_sessions(bib)) {
			bib_release(st, pt, bib, why);
			spin_unlock_bh(lock);
			break;
		}
		spin_unlock_bh(lock);
		cond_resched();
	}
	rcu_read_lock();
	return true;
}

/*
 * Process context, the pernet lock held and RCU (in which @bib was
 * found): ends the sessions the static entry @bib has now, for reason
 * @why, and leaves the entry.  Only configuration ends a static entry, so
 * it outlives the RCU section, which is left for the chunks as in
 * nat64_bib_kill().  Packets go on adding sessions meanwhile, at the head
 * of the list; the chunks go from the head towards the tail, and keep
 * their place between two holds of the stripe in pt->flush_next, so they
 * end exactly the sessions that were there when the first chunk began
 * (however many, whatever the limits are now) and never meet a new one:
 * a flood cannot keep the call here, nor make it end new sessions in
 * place of the old.
 */
void nat64_bib_end_sessions(struct nat64_state *st, struct nat64_ptable *pt,
			    struct nat64_bib *bib, enum nat64_end_reason why)
	__releases(RCU) __acquires(RCU)
{
	spinlock_t *lock = nat64_bib_lock_of(pt, bib);
	struct nat64_session *s, *next;
	u32 i;

	rcu_read_unlock();
	spin_lock_bh(lock);
	s = nat64_bib_first_session(bib);
	for (;;) {
		for (i = 0; s && i < KILL_CHUNK; i++) {
			next = nat64_session_next(s);
			nat64_session_unlink(st, pt, s, why);
			s = next;
		}
		/* An unlink of the session kept moves it on (session.c). */
		WRITE_ONCE(pt->flush_next, s);
		spin_unlock_bh(lock);
		if (!s)
			break;
		cond_resched();
		spin_lock_bh(lock);
		s = pt->flush_next;
	}
	rcu_read_lock();
}

/* The port bitmap's claim as port_alloc.c's callback (port_alloc.h). */
static bool port_taken(void *ctx, u16 port)
{
	return use_claim(ctx, port);
}

/* The entry of @ix holding slot @slot: a binary search, O(log entries). */
static u32 slot_entry(const struct nat64_pool4_index *ix, u32 slot)
{
	u32 lo = 0, hi = ix->count - 1, mid;

	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		if (ix->s[mid].first <= slot)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/*
 * The ports of each (class, parity) set that one address holds: its
 * entry's, computed when pool4 was published, or, for an address that
 * other entries share (disjoint port ranges on one address, rare), the
 * sum over all of them.
 */
static void address_cap(const struct nat64_pool4 *p, u8 proto,
			const struct nat64_pool4_slot *s, __be32 addr,
			u32 cap[NAT64_PORT_SETS])
{
	const struct nat64_pool4_index *ix = &p->index[proto];
	u32 i;

	if (!s->shared) {
		memcpy(cap, s->cap, sizeof(s->cap));
		return;
	}
	memset(cap, 0, NAT64_PORT_SETS * sizeof(*cap));
	for (i = 0; i < ix->count; i++) {
		const struct nat64_pool4_entry *e = &p->e[ix->s[i].e];

		if (nat64_pool4_entry_has_addr(e, be32_to_cpu(addr)))
			nat64_port_sets_size(e->port_min, e->port_max, cap);
	}
}

/*
 * The (class, parity) sets of @addr with no free port left, as
 * NAT64_PORT_BIT()s: its entries hold as many ports of the set as its BIB
 * entries use.
 */
static u8 full_sets(const struct nat64_pool4 *p, u8 proto,
		    const struct nat64_pool4_slot *s, __be32 addr,
		    const struct nat64_addr_use *u)
{
	u32 cap[NAT64_PORT_SETS], k;
	u8 full = 0;

	if (!u)
		return 0;
	address_cap(p, proto, s, addr, cap);
	for (k = 0; k < NAT64_PORT_SETS; k++)
		if ((u32)atomic_read(&u->used[k]) >= cap[k])
			full |= 1U << k;
	return full;
}

/* The place in @proto's index of the entry holding @addr, or -1. */
static int addr_entry(const struct nat64_pool4 *p, u8 proto, __be32 addr)
{
	const struct nat64_pool4_index *ix = &p->index[proto];
	int k = nat64_pool4_entry_at(p, proto, be32_to_cpu(addr));
	u32 a = be32_to_cpu(addr), i;

	if (k < 0 || nat64_pool4_entry_has_addr(&p->e[ix->s[k].e], a))
		return k;
	if (!ix->s[k].shared)
		return -1;
	/* An address several entries share may be in an earlier one. */
	for (i = 0; i < ix->count; i++)
		if (nat64_pool4_entry_has_addr(&p->e[ix->s[i].e], a))
			return i;
	return -1;
}

/*
 * A free port of @addr, in slot entry @s's range, claimed: 0, -ENOSPC
 * (none left there), -EDQUOT (the module-wide ceiling) or -ENOMEM.
 */
static int pick_on(const struct nat64_pool4 *p, struct nat64_ptable *pt,
		   const struct nat64_pool4_slot *s, __be32 addr,
		   struct nat64_port_req *req, __be32 *addr4, __be16 *port4)
{
	const struct nat64_pool4_entry *e = &p->e[s->e];
	struct nat64_addr_use *u;
	u16 port;

	req->full = full_sets(p, pt->proto, s, addr, use_of(pt, addr));
	if (req->full == NAT64_PORT_ALL)
		return -ENOSPC;
	u = use_get(pt, addr);
	if (IS_ERR(u))
		return PTR_ERR(u);
	req->lo = e->port_min;
	req->hi = e->port_max;
	if (nat64_port_alloc(req, port_taken, u, &port)) {
		use_put(pt, u);
		return -ENOSPC;
	}
	*addr4 = addr;
	*port4 = htons(port);
	return 0;	/* the reference stays with the claim */
}

/*
 * Chooses (T,t) for a new entry of (@addr6,@port6) (RFC 6146 3.5.1.1).
 *
 * Paired pooling (RFC 4787 REQ-2, RFC 6888 REQ-2): @paired, when not 0,
 * is the address the subscriber's newest entry has, in this protocol or
 * another (host.c), and is tried first, so a host keeps its T across
 * protocols and across pool4 changes while T has free ports.  A host
 * without entries starts at a keyed hash of X' among the protocol's
 * addresses, so it gets the same T again after its entries ended, while
 * pool4 is the same.  Only a full address (or one gone from pool4) moves
 * a host on.  The port search starts at a keyed hash of (X',x,protocol):
 * unpredictable from outside, and port_alloc.c keeps range class and
 * parity.
 *
 * Cost: a binary search of the protocol's entries for the first address
 * (pool4's index, made when it was published: nothing here walks pool4),
 * then per address tried its capacity from the index and its counts
 * (struct nat64_addr_use), so a full address, or a full class and parity
 * of one, costs no probe at all, and one bit test per port tried.  A
 * protocol whose pool4 is full fails at once from the total.  Expected
 * O(1) while pool4 has room, whatever its size.
 *
 * No lock: the port found is claimed as it is found (port_taken()), so
 * two CPUs making entries at once never get the same (T,t).  On success
 * (T,t) is claimed as nat64_bib_claim() would have.
 */
static int bib_pick(const struct nat64_pool4 *p, struct nat64_ptable *pt,
		    const struct in6_addr *addr6, __be16 port6,
		    __be32 paired, __be32 *addr4, __be16 *port4)
{
	const struct nat64_pool4_index *ix = &p->index[pt->proto];
	struct {
		struct in6_addr a;
		__be16 port;
		__be16 proto;
	} hin = { .a = *addr6, .port = port6, .proto = htons(pt->proto) };
	struct nat64_port_req req = {
		.x = ntohs(port6),
		.keep = pt->proto != NAT64_PROTO_ICMP,
	};
	const struct nat64_pool4_slot *s;
	u32 slot, i, k, size;
	__be32 addr;
	int err;

	if (!ix->slots || (u32)atomic_read(&pt->nbib) >= ix->cap)
		return -ENOSPC;
	req.rnd = siphash(&hin, sizeof(hin), &alloc_key);
	err = paired ? addr_entry(p, pt->proto, paired) : -1;
	if (err >= 0) {
		err = pick_on(p, pt, &ix->s[err], paired, &req, addr4, port4);
		if (err != -ENOSPC)
			return err;
	}
	slot = siphash(addr6, sizeof(*addr6), &alloc_key) % ix->slots;
	k = slot_entry(ix, slot);
	for (i = 0; i < ix->slots; i++) {
		s = &ix->s[k];
		size = 1U << (32 - p->e[s->e].plen);
		addr = cpu_to_be32(be32_to_cpu(p->e[s->e].addr) + slot -
				   s->first);
		/* The next slot, wrapping round the entries. */
		if (++slot == s->first + size) {
			k = k + 1 == ix->count ? 0 : k + 1;
			slot = ix->s[k].first;
		}
		err = pick_on(p, pt, s, addr, &req, addr4, port4);
		if (err != -ENOSPC)
			return err;
	}
	return -ENOSPC;
}

/*
 * RCU: a new dynamic entry for (@addr6,@port6), counted under the
 * subscriber prefix length @plen (its host.c admission is the caller's),
 * at a fresh (T,t) from pool4 (on the subscriber's @paired address if it
 * can, bib_pick()), or at @at's destination (T,t) when @at is given
 * (simultaneous open, state.c).  Its (T,t) is claimed; the caller
 * publishes it under that (T,t)'s stripe (nat64_bib_publish()).
 * ERR_PTR(-EAGAIN) when another CPU took @at's (T,t) first; other errors
 * with *why.
 */
struct nat64_bib *nat64_bib_new(struct nat64_instance *inst,
				struct nat64_ptable *pt,
				const struct in6_addr *addr6, __be16 port6,
				u8 plen, const struct nat64_tuple4 *at,
				__be32 paired, enum nat64_stat *why)
{
	const struct nat64_pool4 *p = rcu_dereference(inst->pool4);
	struct nat64_bib *bib;
	__be32 addr4;
	__be16 port4;
	int err;

	if (at) {
		addr4 = at->dst;
		port4 = at->dport;
		err = nat64_bib_claim(pt, addr4, port4);
		if (err == -EEXIST)
			return ERR_PTR(-EAGAIN);
	} else {
		err = bib_pick(p, pt, addr6, port6, paired, &addr4, &port4);
	}
	if (err) {
		*why = err == -ENOSPC ? NAT64_STAT_DROP_POOL4_EXHAUSTED :
		       err == -EDQUOT ? NAT64_STAT_DROP_SESSIONS_TOTAL :
		       NAT64_STAT_DROP_NOMEM;
		return ERR_PTR(err);
	}
	bib = nat64_bib_alloc(addr6, port6, addr4, port4, GFP_ATOMIC);
	if (!bib) {
		nat64_bib_unclaim(pt, addr4, port4);
		*why = NAT64_STAT_DROP_NOMEM;
		return ERR_PTR(-ENOMEM);
	}
	bib->host_plen = plen;
	return bib;
}
