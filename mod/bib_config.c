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
#include "host.h"
#include "pool4.h"
#include "kunit.h"

static bool in_pool6(const struct nat64_instance *inst,
		     const struct in6_addr *a)
{
	return ipv6_prefix_equal(a, &inst->pool6, inst->pool6_len);
}

static struct nat64_pool4 *pool4_locked(struct nat64_instance *inst)
{
	return rcu_dereference_protected(inst->pool4,
		lockdep_is_held(&nat64_pernet(inst->net)->lock));
}

#define MSG_TAKEN6 "the IPv6 address and port already have a BIB entry"

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
 * BIB_ADD: a static entry (X',x) <-> (T,t).  Adding the very mapping a
 * dynamic entry already holds makes that entry static.
 */
int nat64_bib_add_static(struct nat64_instance *inst,
			 const struct nat64_bib_info *b,
			 struct netlink_ext_ack *extack)
{
	struct nat64_state *st = inst->state;
	struct nat64_ptable *pt = &st->t[b->proto];
	__be16 port6 = htons(b->port6), port4 = htons(b->port4);
	struct nat64_bib *bib, *b6, *b4;
	spinlock_t *lock;
	int err = 0;

	if (!nat64_pool4_has(pool4_locked(inst), b->proto, b->addr4,
			     b->port4)) {
		NL_SET_ERR_MSG(extack,
			       "the IPv4 address and port of a BIB entry must lie inside pool4 for its protocol");
		return -EINVAL;
	}
	if (in_pool6(inst, &b->addr6)) {
		NL_SET_ERR_MSG(extack,
			       "the IPv6 address of a BIB entry must lie outside pool6");
		return -EINVAL;
	}
	bib = nat64_bib_alloc(&b->addr6, port6, b->addr4, port4);
	if (!bib)
		return -ENOMEM;
	bib->flags = NAT64_BF_STATIC;
	bib->host_plen = READ_ONCE(st->host_plen);
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
	} else if (b6) {
		NL_SET_ERR_MSG(extack, MSG_TAKEN6);
		err = -EEXIST;
	} else if (b4 || !nat64_bib_claim(pt, b->addr4, port4)) {
		/* Held, or being made by a packet this very moment. */
		NL_SET_ERR_MSG(extack,
			       "the IPv4 address and port already belong to a BIB entry");
		err = -EEXIST;
	} else if (nat64_host_count_bib(st, pt, bib)) {
		nat64_bib_unclaim(pt, b->addr4, port4);
		err = -ENOMEM;
	} else {
		err = publish_static(st, pt, bib, extack);
		bib = NULL;	/* published, or gone on error */
	}
	spin_unlock_bh(lock);
	rcu_read_unlock();
	if (bib)
		nat64_bib_free(bib);
	return err;
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
	} else if (!nat64_bib_kill(st, pt, bib)) {
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

/*
 * One protocol: walks under RCU in stretches of at most PRUNE_VISITS
 * entries.  Ending an entry (nat64_bib_kill(), a stripe held for a chunk
 * of its sessions at a time) leaves the RCU section, so the walk resumes
 * by key after it.
 */
static void prune_proto(struct nat64_state *st, struct nat64_ptable *pt,
			const struct nat64_pool4 *p)
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
			started = true;
			addr4 = bib->addr4;
			port4 = bib->port4;
			if (!nat64_pool4_has(p, pt->proto, addr4,
					     ntohs(port4))) {
				/* @bib is stale after this. */
				nat64_bib_kill(st, pt, bib);
				break;
			}
			bib = nat64_bib_next(pt, bib);
		}
		rcu_read_unlock();
		cond_resched();
	} while (bib);
}

/*
 * After a pool4 removal: end every BIB entry, static ones too, whose (T,t)
 * left pool4, with its sessions (RFC 6146 leaves this open; an entry
 * outside pool4 could never be allocated again and would keep its port
 * forever).
 */
void nat64_bib_prune(struct nat64_instance *inst)
{
	const struct nat64_pool4 *p = pool4_locked(inst);
	u8 proto;

	for (proto = 0; proto < NAT64_PROTO_COUNT; proto++)
		prune_proto(inst->state, &inst->state->t[proto], p);
}
