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

static struct kmem_cache *session_cache __read_mostly;

int nat64_session_cache_init(void)
{
#if !defined(CONFIG_DEBUG_SPINLOCK) && !defined(CONFIG_DEBUG_LOCK_ALLOC)
	/* Memory per flow is a benchmark target: keep the layout tight. */
	BUILD_BUG_ON(sizeof(struct nat64_session) > 48);
#endif
	session_cache = KMEM_CACHE(nat64_session, SLAB_ACCOUNT);
	return session_cache ? 0 : -ENOMEM;
}

void nat64_session_cache_exit(void)
{
	kmem_cache_destroy(session_cache);
}

/*
 * RCU: the session of @bib towards (@raddr,@rport), live or not.  Most
 * entries have one session or a few: their list, newest first, answers
 * without a hash and a bucket, and only an entry that has had more than
 * NAT64_SESSION_WALK has its sessions in the sess table as well.  A
 * session being linked or unlinked meanwhile may be missed, or found
 * dead; under the entry's stripe the answer is exact.
 */
struct nat64_session *nat64_session_of(struct nat64_ptable *pt,
				       const struct nat64_bib *bib,
				       __be32 raddr, __be16 rport)
{
	struct nat64_session *s;
	struct nat64_skey k;
	unsigned int n = 0;

	hlist_for_each_entry_rcu(s, &bib->sessions, bib_node) {
		if (s->raddr == raddr && s->rport == rport)
			return s;
		if (++n == NAT64_SESSION_WALK)
			break;
	}
	/* Pairs with the release in hash_all(): the table is then whole. */
	if (!(smp_load_acquire(&bib->flags) & NAT64_BF_HASHED))
		return NULL;
	nat64_skey_of(bib, raddr, rport, &k);
	return rhashtable_lookup(&pt->sess, &k, nat64_sess_params);
}

/* For sessions no reader can reach any more; gives back its ceiling unit. */
void nat64_session_free(struct nat64_session *s)
{
	kmem_cache_free(session_cache, s);
	nat64_ceiling_session_uncharge();
}

static u32 deadline(u32 now, u32 secs)
{
	return now + secs * HZ;
}

/*
 * Under the stripe: @s into sess.  Each (T,t)'s sessions are made under
 * its stripe, so no key is there twice.
 */
static int hash_one(struct nat64_ptable *pt, struct nat64_session *s)
{
	struct nat64_skey k;

	nat64_session_key(s, &k);
	return rhashtable_lookup_insert_key(&pt->sess, &k, &s->node,
					    nat64_sess_params);
}

/*
 * Under the stripe: @bib's sessions, at most NAT64_SESSION_WALK of them,
 * into sess, then the flag that sends lookups there.  All or none.
 */
static int hash_all(struct nat64_ptable *pt, struct nat64_bib *bib)
{
	struct nat64_session *s, *t;
	int err;

	hlist_for_each_entry(s, &bib->sessions, bib_node) {
		err = hash_one(pt, s);
		if (err)
			goto undo;
	}
	/* Lookups that see the flag find every session in the table. */
	smp_store_release(&bib->flags, bib->flags | NAT64_BF_HASHED);
	return 0;

undo:
	hlist_for_each_entry(t, &bib->sessions, bib_node) {
		if (t == s)
			break;
		rhashtable_remove_fast(&pt->sess, &t->node, nat64_sess_params);
	}
	return err;
}

/*
 * Under the stripe: indexes @s, about to join @bib's list.  The entry's
 * sessions go into sess when the list would outgrow what a lookup walks
 * (a walk of at most NAT64_SESSION_WALK, to count).
 */
static int index_session(struct nat64_ptable *pt, struct nat64_bib *bib,
			 struct nat64_session *s)
{
	struct nat64_session *t;
	unsigned int n = 0;
	int err;

	if (!(bib->flags & NAT64_BF_HASHED)) {
		hlist_for_each_entry(t, &bib->sessions, bib_node)
			if (++n == NAT64_SESSION_WALK)
				break;
		if (n < NAT64_SESSION_WALK)
			return 0;
		err = hash_all(pt, bib);
		if (err)
			return err;
	}
	/* On failure the entry stays hashed, as it would have anyway. */
	return hash_one(pt, s);
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
	int err;

	nat64_assert_bib_locked(pt, bib);
	if (!nat64_atomic_inc_below(&st->nsessions, max_sessions)) {
		*why = NAT64_STAT_DROP_SESSION_LIMIT;
		return NULL;
	}
	if (!nat64_ceiling_session_charge()) {
		*why = NAT64_STAT_DROP_SESSIONS_TOTAL;
		goto err_count;
	}
	s = kmem_cache_alloc(session_cache, GFP_ATOMIC);
	if (!s) {
		*why = NAT64_STAT_DROP_NOMEM;
		goto err_ceiling;
	}
	s->bib = bib;
	s->raddr = raddr;
	s->rport = rport;
	s->tcp_state = tcp_state;
	s->flags = flags;
	s->expires = deadline(nat64_now(), lifetime);
	spin_lock_init(&s->lock);
	err = index_session(pt, bib, s);
	if (err) {
		/* Never visible: no grace period needed. */
		kmem_cache_free(session_cache, s);
		*why = NAT64_STAT_DROP_NOMEM;
		goto err_ceiling;
	}
	hlist_add_head_rcu(&s->bib_node, &bib->sessions);
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
	nat64_assert_bib_locked(pt, s->bib);
	spin_lock(&s->lock);
	WRITE_ONCE(s->flags, s->flags | NAT64_SF_DEAD);
	spin_unlock(&s->lock);
	nat64_event_session(st, pt, s, NAT64_CMD_SESSION_END, why);
	/* The expiry scan's place moves on (state_table.h). */
	if (unlikely(READ_ONCE(pt->scan_next) == s))
		cmpxchg(&pt->scan_next, s,
			hlist_entry_safe(s->bib_node.next,
					 struct nat64_session, bib_node));
	if (s->flags & NAT64_SF_V4)
		nat64_inbound_release(st, pt, s->bib);
	else
		nat64_host_uncount_session(st, pt, s->bib);
	if (s->bib->flags & NAT64_BF_HASHED)
		rhashtable_remove_fast(&pt->sess, &s->node, nat64_sess_params);
	hlist_del_rcu(&s->bib_node);
	atomic_dec(&pt->nsess);
	atomic_dec(&st->nsessions);
	nat64_state_changed(st);
	nat64_reap_session(pt, s);
}

/*
 * Under the stripe of @s's entry: ends @s, and its entry too if that was
 * dynamic and had only @s.
 */
void nat64_session_kill(struct nat64_state *st, struct nat64_ptable *pt,
			struct nat64_session *s, enum nat64_end_reason why)
{
	struct nat64_bib *bib = s->bib;

	nat64_session_unlink(st, pt, s, why);
	nat64_bib_put(st, pt, bib, why);
}

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
bool nat64_bib_has_remote(const struct nat64_bib *bib, __be32 raddr, u32 now)
{
	struct nat64_session *s;

	hlist_for_each_entry_rcu(s, &bib->sessions, bib_node)
		if (s->raddr == raddr && nat64_session_live(s, now))
			return true;
	return false;
}
