// SPDX-License-Identifier: GPL-2.0
/*
 * BIB entries as configuration makes and ends them: static entries
 * (BIB_ADD), BIB_DEL, and the pruning that follows a pool4 removal.
 * Process context, the pernet lock held.  Each takes the stripe of one
 * entry at a time: BIB_ADD and BIB_DEL for their one entry, pruning to
 * end one entry, with its sessions, in chunks (nat64_bib_kill()).
 */
#include <net/ipv6.h>

#include "bib_config.h"
#include "state_table.h"
#include "bib.h"
#include "ceiling.h"
#include "host.h"
#include "pool4.h"
#include "kunit.h"

static struct nat64_pool4 *pool4_locked(struct nat64_instance *inst)
{
	return rcu_dereference_protected(inst->pool4,
		lockdep_is_held(&nat64_pernet(inst->net)->lock));
}

#define MSG_TAKEN6 "the IPv6 address and port already have a BIB entry"
#define MSG_TAKEN4 "the IPv4 address and port already belong to a BIB entry"
#define MSG_CEILING "the module-wide ceiling max_sessions_total is reached"
#define MSG_CEILING_SHARE \
	"the share of the module-wide ceiling max_sessions_total that namespaces of other user namespaces may fill (userns_share) is reached"

/* Under the stripe: nat64_bib_publish() for a static entry. */
static int publish_static(struct nat64_state *st, struct nat64_ptable *pt,
			  struct nat64_bib *bib,
			  struct netlink_ext_ack *extack)
{
	struct nat64_bib copy = *bib;	/* for the count, if @bib goes */
	int err = nat64_bib_publish(st, pt, bib);

	if (!err)
		return 0;
	nat64_host_uncount_bib(st, pt, &copy);
	if (err == -EEXIST)
		NL_SET_ERR_MSG(extack, MSG_TAKEN6);
	return err;
}

/*
 * A static entry (X',x) <-> (T,t), pool4 and pool6 already checked.
 * Adding the very mapping a dynamic entry already holds makes that entry
 * static (and sets *@was_dynamic, when given, so that a failed request
 * can give it back).
 */
int nat64_bib_insert_static(struct nat64_instance *inst,
			    const struct nat64_bib_info *b, bool *was_dynamic,
			    struct netlink_ext_ack *extack)
{
	struct nat64_state *st = inst->state;
	struct nat64_ptable *pt = &st->t[b->proto];
	__be16 port6 = htons(b->port6), port4 = htons(b->port4);
	struct nat64_bib *bib = NULL, *b6, *b4;
	spinlock_t *lock;
	int err = 0;

	/*
	 * Requests may make entries with no packet behind them: each holds
	 * a unit of the module-wide ceiling, and the memory cgroup of whoever
	 * asked may refuse it here, where the allocation may sleep.  At the
	 * ceiling a dynamic entry may still be made static: that takes none.
	 */
	if (nat64_ceiling_session_charge(inst->userns)) {
		bib = nat64_bib_alloc(&b->addr6, port6, b->addr4, port4,
				      GFP_KERNEL_ACCOUNT);
		if (!bib) {
			nat64_ceiling_session_uncharge();
			return -ENOMEM;
		}
		bib->flags = NAT64_BF_STATIC | NAT64_BF_CHARGED;
		bib->host_plen = READ_ONCE(st->host_plen);
	}
	lock = nat64_bib_lock(pt, b->addr4, port4);
	rcu_read_lock();
	spin_lock_bh(lock);
	b6 = nat64_bib_find6(pt, &b->addr6, port6);
	b4 = nat64_bib_find4(pt, b->addr4, port4);
	if (b6 && b6 == b4 && nat64_bib_is_static(b6)) {
		NL_SET_ERR_MSG(extack, "that static BIB entry already exists");
		err = -EEXIST;
	} else if (b6 && b6 == b4) {
		nat64_bib_make_static(pt, b6);
		nat64_state_changed(st);
		if (was_dynamic)
			*was_dynamic = true;
	} else if (b6) {
		NL_SET_ERR_MSG(extack, MSG_TAKEN6);
		err = -EEXIST;
	} else if (b4) {
		NL_SET_ERR_MSG(extack, MSG_TAKEN4);
		err = -EEXIST;
	} else {
		err = bib ? nat64_bib_claim(pt, b->addr4, port4) : -EDQUOT;
		if (err == -EDQUOT) {
			if (inst->userns)
				NL_SET_ERR_MSG(extack, MSG_CEILING_SHARE);
			else
				NL_SET_ERR_MSG(extack, MSG_CEILING);
		} else if (err == -EEXIST) {
			/* Being made by a packet this very moment. */
			NL_SET_ERR_MSG(extack, MSG_TAKEN4);
		} else if (!err && nat64_host_count_bib(st, pt, bib)) {
			nat64_bib_unclaim(pt, b->addr4, port4);
			err = -ENOMEM;
		} else if (!err) {
			err = publish_static(st, pt, bib, extack);
			bib = NULL;	/* published, or gone on error */
		}
	}
	spin_unlock_bh(lock);
	rcu_read_unlock();
	if (bib)
		nat64_bib_free(bib);
	return err;
}

/* BIB_ADD: a static entry, checked against pool4 and pool6 first. */
int nat64_bib_add_static(struct nat64_instance *inst,
			 const struct nat64_bib_info *b,
			 struct netlink_ext_ack *extack)
{
	const char *why = nat64_bib_static_check(pool4_locked(inst),
						 &inst->pool6, inst->pool6_len,
						 b);

	if (why) {
		/* A literal chosen at run time: what the macro would set. */
		if (extack)
			extack->_msg = why;
		return -EINVAL;
	}
	return nat64_bib_insert_static(inst, b, NULL, extack);
}
NAT64_KUNIT_EXPORT(nat64_bib_add_static);

/*
 * NULL if a static entry @b may exist with pool4 @p and pool6
 * @pool6/@len, else the sentence saying why not.
 */
const char *nat64_bib_static_check(const struct nat64_pool4 *p,
				   const struct in6_addr *pool6, u8 len,
				   const struct nat64_bib_info *b)
{
	if (!nat64_pool4_has(p, b->proto, b->addr4, b->port4))
		return "the IPv4 address and port of a BIB entry must lie inside pool4 for its protocol";
	if (ipv6_prefix_equal(&b->addr6, pool6, len))
		return "the IPv6 address of a BIB entry must lie outside pool6";
	return NULL;
}

/* BIB_DEL: the entry named by one side (or both, which must agree). */
int nat64_bib_del(struct nat64_instance *inst, const struct nat64_bib_info *b,
		  bool by6, bool by4, struct netlink_ext_ack *extack)
{
	struct nat64_state *st = inst->state;
	struct nat64_ptable *pt = &st->t[b->proto];
	struct nat64_bib *b6 = NULL, *b4 = NULL, *bib;
	int err = 0;

	rcu_read_lock();
	if (by6)
		b6 = nat64_bib_find6(pt, &b->addr6, htons(b->port6));
	if (by4)
		b4 = nat64_bib_find4(pt, b->addr4, htons(b->port4));
	bib = by6 ? b6 : b4;
	if ((by6 && !b6) || (by4 && !b4)) {
		NL_SET_ERR_MSG(extack, "no BIB entry has that address and port");
		err = -ENOENT;
	} else if (by6 && by4 && b6 != b4) {
		NL_SET_ERR_MSG(extack,
			       "the IPv6 and IPv4 sides belong to different BIB entries");
		err = -EINVAL;
	} else if (!nat64_bib_kill(st, pt, bib, NAT64_END_DELETED)) {
		/* It ended between the lookup and now. */
		NL_SET_ERR_MSG(extack, "no BIB entry has that address and port");
		err = -ENOENT;
	}
	rcu_read_unlock();
	return err;
}
NAT64_KUNIT_EXPORT(nat64_bib_del);

/* At most this many entries per RCU read section of the pruning walk. */
#define PRUNE_VISITS	2048

/* The next entry past (@addr4,@port4), or the first when !@started. */
static struct nat64_bib *prune_resume(struct nat64_ptable *pt, bool started,
				      __be32 addr4, __be16 port4)
{
	return nat64_bib_first4(pt, started ? addr4 : 0, started ? port4 : 0,
				!started);
}

/* What a walk of one protocol's entries does with each (walk_proto()). */
enum walk_act {
	WALK_KEEP,
	WALK_KILL,		/* the entry and its sessions */
	WALK_END_SESSIONS,	/* a static entry's sessions, not the entry */
};

struct walk {
	enum walk_act (*pick)(const struct walk *w,
			      const struct nat64_ptable *pt,
			      const struct nat64_bib *bib);
	enum nat64_end_reason why;
	const struct nat64_pool4 *pool4;	/* prune: what stays */
};

/*
 * One protocol: walks under RCU in stretches of at most PRUNE_VISITS
 * entries.  Ending an entry or its sessions (nat64_bib_kill(),
 * nat64_bib_end_sessions(), a stripe held for a chunk of sessions at a
 * time) leaves the RCU section, so the walk resumes by key after it.
 * New entries a flood makes meanwhile are met only ahead of the walk, in
 * a (T,t) space pool4 bounds, so the walk ends.
 */
static void walk_proto(struct nat64_state *st, struct nat64_ptable *pt,
		       const struct walk *w)
{
	struct nat64_bib *bib;
	bool started = false;
	__be32 addr4 = 0;
	__be16 port4 = 0;
	u32 visits;

	do {
		rcu_read_lock();
		for (bib = prune_resume(pt, started, addr4, port4), visits = 0;
		     bib && visits < PRUNE_VISITS; visits++) {
			enum walk_act act = w->pick(w, pt, bib);

			started = true;
			addr4 = bib->addr4;
			port4 = bib->port4;
			/* @bib is stale after either. */
			if (act == WALK_KILL) {
				nat64_bib_kill(st, pt, bib, w->why);
				break;
			}
			if (act == WALK_END_SESSIONS) {
				nat64_bib_end_sessions(st, pt, bib, w->why);
				break;
			}
			bib = nat64_bib_next(pt, bib);
		}
		rcu_read_unlock();
		cond_resched();
	} while (bib);
}

static enum walk_act prune_pick(const struct walk *w,
				const struct nat64_ptable *pt,
				const struct nat64_bib *bib)
{
	return nat64_pool4_has(w->pool4, pt->proto, bib->addr4,
			       ntohs(bib->port4)) ? WALK_KEEP : WALK_KILL;
}

/*
 * After a pool4 removal: end every BIB entry, static ones too, whose (T,t)
 * left pool4, with its sessions (RFC 6146 leaves this open; an entry
 * outside pool4 could never be allocated again and would keep its port
 * forever).
 */
void nat64_bib_prune(struct nat64_instance *inst)
{
	struct walk w = {
		.pick = prune_pick,
		.why = NAT64_END_POOL4,
		.pool4 = pool4_locked(inst),
	};
	u8 proto;

	/*
	 * A new flow that read the old pool4 may have claimed a (T,t) that
	 * left it and not published its entry yet: the walk would pass it
	 * by, and the entry would live on outside pool4.  Once every such
	 * packet is done (each runs in one RCU read section), its entry is
	 * in bib4 for the walk to find, or was never made.
	 */
	synchronize_rcu();
	for (proto = 0; proto < NAT64_PROTO_COUNT; proto++)
		walk_proto(inst->state, &inst->state->t[proto], &w);
}
NAT64_KUNIT_EXPORT(nat64_bib_prune);

static enum walk_act flush_pick(const struct walk *w,
				const struct nat64_ptable *pt,
				const struct nat64_bib *bib)
{
	if (!nat64_bib_is_static(bib))
		return WALK_KILL;
	/* Read without the stripe: a session made after the look is new. */
	return nat64_bib_has_sessions(bib) ? WALK_END_SESSIONS : WALK_KEEP;
}

/*
 * SESSION_FLUSH: ends every session of the protocols in @protos (a bit
 * per NAT64_PROTO_*), and the dynamic entries with them; static entries
 * stay.  Each ends with its own event (reason "flushed"), so a mapping
 * log stays whole, as it does not when the instance goes.  Flows that go
 * on make new sessions, as after conntrack -F.
 */
void nat64_session_flush(struct nat64_instance *inst, u8 protos)
{
	struct walk w = {
		.pick = flush_pick,
		.why = NAT64_END_FLUSHED,
	};
	u8 proto;

	for (proto = 0; proto < NAT64_PROTO_COUNT; proto++)
		if (protos & BIT(proto))
			walk_proto(inst->state, &inst->state->t[proto], &w);
}
NAT64_KUNIT_EXPORT(nat64_session_flush);

/*
 * Copies the static entries of @pt, from the (T,t)-ordered walk in
 * stretches of PRUNE_VISITS, into @out (when not NULL) and counts them.
 * The pernet lock held: only configuration makes or ends static entries,
 * so two walks see the same ones.
 */
static u32 statics_proto(struct nat64_ptable *pt, struct nat64_bib_info *out,
			 u32 room)
{
	struct nat64_bib *bib;
	bool started = false;
	__be32 addr4 = 0;
	__be16 port4 = 0;
	u32 visits, n = 0;

	do {
		rcu_read_lock();
		for (bib = prune_resume(pt, started, addr4, port4), visits = 0;
		     bib && visits < PRUNE_VISITS;
		     bib = nat64_bib_next(pt, bib), visits++) {
			started = true;
			addr4 = bib->addr4;
			port4 = bib->port4;
			if (!nat64_bib_is_static(bib))
				continue;
			if (out && n < room)
				nat64_bib_info_of(pt, bib, false, &out[n]);
			n++;
		}
		rcu_read_unlock();
		cond_resched();
	} while (bib);
	return n;
}

/*
 * The static entries of every protocol, in a kvfree()d array (NULL when
 * there are none), for CONFIG_APPLY to compare with what it is given.
 */
int nat64_bib_statics(struct nat64_instance *inst,
		      struct nat64_bib_info **out, u32 *n)
{
	struct nat64_state *st = inst->state;
	u32 count = 0, k = 0;
	u8 proto;

	lockdep_assert_held(&nat64_pernet(inst->net)->lock);
	*out = NULL;
	for (proto = 0; proto < NAT64_PROTO_COUNT; proto++)
		count += statics_proto(&st->t[proto], NULL, 0);
	*n = count;
	if (!count)
		return 0;
	*out = kvmalloc_array(count, sizeof(**out), GFP_KERNEL_ACCOUNT);
	if (!*out)
		return -ENOMEM;
	for (proto = 0; proto < NAT64_PROTO_COUNT && k < count; proto++)
		k += statics_proto(&st->t[proto], *out + k, count - k);
	if (WARN_ON_ONCE(k != count))
		*n = min(k, count);
	return 0;
}
