// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions (RFC 6146 3.2): lookup through their BIB entry, on its short
 * list or, for an entry with many, in the sess table by (Z,z,T,t);
 * creation and removal under the stripe of (T,t); refresh from the
 * packet path that writes only when the expiry moves by a second or more.
 */
#include <linux/slab.h>

#include "state_table.h"
#include "ceiling.h"
#include "bib.h"
#include "session.h"
#include "inbound.h"
#include "host.h"
#include "reap.h"
#include "event.h"
#include "kunit.h"

static struct kmem_cache *session_cache __read_mostly;

int nat64_session_cache_init(void)
{
#if !defined(CONFIG_DEBUG_SPINLOCK) && !defined(CONFIG_DEBUG_LOCK_ALLOC)
	/* Memory per flow is a benchmark target: keep the layout tight. */
	BUILD_BUG_ON(sizeof(struct nat64_session_ext) > 48);
#endif
	session_cache = KMEM_CACHE(nat64_session_ext, SLAB_ACCOUNT);
	return session_cache ? 0 : -ENOMEM;
}

void nat64_session_cache_exit(void)
{
	kmem_cache_destroy(session_cache);
}

/*
 * RCU: the session of @bib towards (@raddr,@rport), live or not.  Most
 * entries have one session or a few: their list, the entry's own first
 * and then the newest, answers without a hash and a bucket, and only an
 * entry that has had more than NAT64_SESSION_WALK has its other sessions
 * in the sess table as well.  A session being linked or unlinked
 * meanwhile may be missed, or found dead; under the entry's stripe the
 * answer is exact.
 */
struct nat64_session *nat64_session_of(struct nat64_ptable *pt,
				       const struct nat64_bib *bib,
				       __be32 raddr, __be16 rport)
{
	struct nat64_session_ext *e;
	struct nat64_session *s;
	struct nat64_skey k;
	unsigned int n = 0;

	nat64_bib_for_each_session(s, bib) {
		if (s->raddr == raddr && s->rport == rport)
			return s;
		if (++n == NAT64_SESSION_WALK)
			break;
	}
	/* Pairs with the release in hash_all(): the table is then whole. */
	if (!(smp_load_acquire(&bib->flags) & NAT64_BF_HASHED))
		return NULL;
	nat64_skey_of(bib, raddr, rport, &k);
	e = rhashtable_lookup(&pt->sess, &k, nat64_sess_params);
	return e ? &e->s : NULL;
}
NAT64_KUNIT_EXPORT(nat64_session_of);

/*
 * For a session no reader can reach any more: its memory and its ceiling
 * unit.  An entry's first is the entry's memory: both go with the entry
 * (nat64_bib_free()).
 */
void nat64_session_free(struct nat64_session *s)
{
	if (s->flags & NAT64_SF_FIRST)
		return;
	kmem_cache_free(session_cache,
			container_of(s, struct nat64_session_ext, s));
	nat64_ceiling_session_uncharge();
}

static u32 deadline(u32 now, u32 secs)
{
	return now + secs * HZ;
}

/*
 * Under the stripe: @e into sess.  Each (T,t)'s sessions are made under
 * its stripe, so no key is there twice.
 */
static int hash_one(struct nat64_ptable *pt, struct nat64_session_ext *e)
{
	struct nat64_skey k;

	nat64_session_ext_key(e, &k);
	return rhashtable_lookup_insert_key(&pt->sess, &k, &e->node,
					    nat64_sess_params);
}

static struct nat64_session_ext *ext_of(struct nat64_session *s)
{
	return container_of(s, struct nat64_session_ext, s);
}

/*
 * Under the stripe: @bib's other sessions than its first, fewer than
 * NAT64_SESSION_WALK of them, into sess, then the flag that sends
 * lookups there.  All or none.
 */
static int hash_all(struct nat64_ptable *pt, struct nat64_bib *bib)
{
	struct nat64_session *s, *t;
	int err;

	for (s = nat64_session_next(&bib->first); s; s = nat64_session_next(s)) {
		err = hash_one(pt, ext_of(s));
		if (err)
			goto undo;
	}
	/* Lookups that see the flag find every session in the table. */
	smp_store_release(&bib->flags, bib->flags | NAT64_BF_HASHED);
	return 0;

undo:
	for (t = nat64_session_next(&bib->first); t != s;
	     t = nat64_session_next(t))
		rhashtable_remove_fast(&pt->sess, &ext_of(t)->node,
				       nat64_sess_params);
	return err;
}

/*
 * Under the stripe: indexes @e, about to join @bib's list.  The entry's
 * sessions go into sess when the list would outgrow what a lookup walks
 * (a walk of at most NAT64_SESSION_WALK, to count).
 */
static int index_session(struct nat64_ptable *pt, struct nat64_bib *bib,
			 struct nat64_session_ext *e)
{
	struct nat64_session *t;
	unsigned int n = 0;
	int err;

	if (!(bib->flags & NAT64_BF_HASHED)) {
		nat64_bib_for_each_session(t, bib)
			if (++n == NAT64_SESSION_WALK)
				break;
		if (n < NAT64_SESSION_WALK)
			return 0;
		err = hash_all(pt, bib);
		if (err)
			return err;
	}
	/* On failure the entry stays hashed, as it would have anyway. */
	return hash_one(pt, e);
}

/*
 * Under the stripe: a further session of @bib, made and indexed (in sess
 * if the entry has many), then linked behind the entry's own.  NULL when
 * memory runs out.
 */
static struct nat64_session *session_new(struct nat64_ptable *pt,
					 struct nat64_bib *bib,
					 __be32 raddr, __be16 rport,
					 u8 tcp_state, u8 flags, u32 expires)
{
	struct nat64_session_ext *e;

	e = kmem_cache_alloc(session_cache, GFP_ATOMIC);
	if (!e)
		return NULL;
	e->bib = bib;
	e->s.raddr = raddr;
	e->s.rport = rport;
	e->s.tcp_state = tcp_state;
	e->s.flags = flags;
	e->s.expires = expires;
	spin_lock_init(&e->s.lock);
	if (index_session(pt, bib, e)) {
		/* Never visible: no grace period needed. */
		kmem_cache_free(session_cache, e);
		return NULL;
	}
	hlist_add_behind_rcu(&e->s.bib_node, &bib->first.bib_node);
	return &e->s;
}

/*
 * Under the stripe: @bib's own first session, which has not served yet,
 * becomes this one.  It is on the list already, as its head; lookups see
 * it once it is live.
 */
static struct nat64_session *session_first(struct nat64_bib *bib,
					   __be32 raddr, __be16 rport,
					   u8 tcp_state, u8 flags, u32 expires)
{
	struct nat64_session *s = &bib->first;

	WRITE_ONCE(bib->flags, bib->flags | NAT64_BF_SPENT);
	s->raddr = raddr;
	s->rport = rport;
	s->tcp_state = tcp_state;
	s->expires = expires;
	/* Live, and whole: pairs with nat64_bib_first_session()'s acquire. */
	smp_store_release(&s->flags, flags | NAT64_SF_FIRST);
	return s;
}

/*
 * Under the stripe of @bib: a new session of @bib towards (@raddr,@rport),
 * with NAT64_SF_* @flags.  NULL and *why on the instance's session limit,
 * the module's (ceiling.c), or when memory runs out.
 */
struct nat64_session *nat64_session_create(struct nat64_state *st,
					   struct nat64_ptable *pt,
					   struct nat64_bib *bib,
					   __be32 raddr, __be16 rport,
					   u8 tcp_state, u8 flags, u32 lifetime,
					   u32 max_sessions,
					   enum nat64_stat *why)
{
	struct nat64_session *s;
	u32 expires;

	nat64_assert_bib_locked(pt, bib);
	/* Its last session's end released it: it must not get another. */
	if (WARN_ON_ONCE(bib->flags & NAT64_BF_DEAD)) {
		*why = NAT64_STAT_DROP_STATE_BUSY;
		return NULL;
	}
	if (!nat64_atomic_inc_below(&st->nsessions, max_sessions)) {
		*why = NAT64_STAT_DROP_SESSION_LIMIT;
		return NULL;
	}
	if (!nat64_ceiling_session_charge(pt->userns)) {
		*why = NAT64_STAT_DROP_SESSIONS_TOTAL;
		goto err_count;
	}
	expires = deadline(nat64_now(), lifetime);
	if (!(bib->flags & NAT64_BF_SPENT)) {
		s = session_first(bib, raddr, rport, tcp_state, flags, expires);
	} else {
		s = session_new(pt, bib, raddr, rport, tcp_state, flags,
				expires);
		if (!s) {
			*why = NAT64_STAT_DROP_NOMEM;
			goto err_ceiling;
		}
	}
	atomic_inc(&pt->nsess);
	nat64_state_changed(st);
	nat64_stat_inc(st->inst->stats, NAT64_STAT_SESSION_CREATED);
	nat64_event_session(st, pt, s, NAT64_CMD_SESSION_NEW, NAT64_END_NONE);
	return s;

err_ceiling:
	nat64_ceiling_session_uncharge();
err_count:
	atomic_dec(&st->nsessions);
	return NULL;
}

/*
 * Under the stripe of @s's entry: ends @s for reason @why, leaving the
 * entry to the caller.
 */
void nat64_session_unlink(struct nat64_state *st, struct nat64_ptable *pt,
			  struct nat64_session *s, enum nat64_end_reason why)
{
	struct nat64_bib *bib = nat64_session_bib(s);

	nat64_assert_bib_locked(pt, bib);
	spin_lock(&s->lock);
	WRITE_ONCE(s->flags, s->flags | NAT64_SF_DEAD);
	spin_unlock(&s->lock);
	nat64_event_session(st, pt, s, NAT64_CMD_SESSION_END, why);
	/* The expiry scan's and the flush's places move on (state_table.h). */
	if (unlikely(READ_ONCE(pt->scan_next) == s))
		cmpxchg(&pt->scan_next, s, nat64_session_next(s));
	if (unlikely(READ_ONCE(pt->flush_next) == s))
		WRITE_ONCE(pt->flush_next, nat64_session_next(s));
	if (READ_ONCE(s->flags) & NAT64_SF_V4)
		nat64_inbound_release(st, pt, bib);
	else
		nat64_host_uncount_session(st, pt, bib);
	atomic_dec(&pt->nsess);
	atomic_dec(&st->nsessions);
	nat64_state_changed(st);
	/*
	 * The entry's own stays at the head of its list, DEAD for good, and
	 * goes with the entry, ceiling unit and all.
	 */
	if (s == &bib->first)
		return;
	if (bib->flags & NAT64_BF_HASHED)
		rhashtable_remove_fast(&pt->sess, &ext_of(s)->node,
				       nat64_sess_params);
	hlist_del_rcu(&s->bib_node);
	nat64_reap_session(pt, s);
}

/*
 * Under the stripe of @s's entry: ends @s, and its entry too if that was
 * dynamic and had only @s.
 */
void nat64_session_kill(struct nat64_state *st, struct nat64_ptable *pt,
			struct nat64_session *s, enum nat64_end_reason why)
{
	struct nat64_bib *bib = nat64_session_bib(s);

	nat64_session_unlink(st, pt, s, why);
	nat64_bib_put(st, pt, bib, why);
}
NAT64_KUNIT_EXPORT(nat64_session_kill);

/*
 * Traffic on a UDP or ICMP session: expiry becomes now + @secs.  The write
 * is skipped while it would move the expiry by less than a second, so a
 * busy flow reads its session's cache line and does not dirty it.  False
 * when the session was killed meanwhile: the caller treats it as absent.
 */
bool nat64_session_touch(struct nat64_session *s, u32 secs, u32 now)
{
	u32 want = deadline(now, secs);
	s32 delta = want - READ_ONCE(s->expires);

	if (delta < HZ && delta > -HZ)
		return true;
	spin_lock(&s->lock);
	if (s->flags & NAT64_SF_DEAD) {
		spin_unlock(&s->lock);
		return false;
	}
	WRITE_ONCE(s->expires, want);
	spin_unlock(&s->lock);
	return true;
}

/*
 * Address-dependent filtering (RFC 4787 5, RFC 6146 3.5.1.1): does a live
 * session of @bib talk to @raddr?  RCU or the entry's stripe; walks the
 * entry's sessions, at most max-ipv4-sessions-per-bib +
 * max-sessions-per-host of them (state_table.h), and under ADF IPv4
 * packets can only add sessions towards addresses the entry already
 * talks to.
 */
bool nat64_session_any_to(const struct nat64_bib *bib, __be32 raddr, u32 now)
{
	struct nat64_session *s;

	nat64_bib_for_each_session(s, bib)
		if (s->raddr == raddr && nat64_session_live(s, now))
			return true;
	return false;
}
