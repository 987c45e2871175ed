// SPDX-License-Identifier: GPL-2.0
/*
 * CONFIG_APPLY: what /etc/nat64.conf describes, made true all or nothing,
 * so that a changed file can be applied to a running NAT64 under load.
 *
 * Everything that can fail for a reason the operator can fix happens
 * first, under the pernet lock and without changing anything: pool4 is
 * built whole (overlaps, limit), every static entry is checked against
 * the new pool4 and pool6, against the others of the file and against
 * the running state, and the running static entries the file no longer
 * has are listed.  Then the change, in an order whose only fallible step
 * comes first: the subscriber prefix length, then the static entries
 * (the old ones end, the new ones are made), then the globals and pool4
 * are swapped in, and entries whose (T,t) left pool4 are pruned.  If a
 * static entry cannot be made after all (memory, or a packet that made a
 * conflicting dynamic entry in between and will not yield), what this
 * apply did is undone before the error is returned.
 *
 * A running instance with the same pool6 keeps every session whose BIB
 * entry stays: pool4 entries that stay keep their ports, static entries
 * in both keep theirs.  Another pool6 invalidates every session (each
 * remote address is written under the old prefix), and another mode
 * changes what reaches the instance, so either replaces the instance.
 * The new one is built and filled unpublished while the old one runs on,
 * and takes its place only when nothing is left that can fail: a refused
 * apply leaves the old one as it was.  Until then both count against the
 * module-wide ceiling.
 */
#include <linux/sort.h>
#include <net/ipv6.h>

#include "config_apply.h"
#include "bib.h"
#include "bib_config.h"
#include "event.h"
#include "globals.h"
#include "host.h"
#include "pool4.h"
#include "state_table.h"

/* How often a static entry may meet a dynamic one a packet just made. */
#define INSERT_TRIES	3

static struct nat64_globals *globals_locked(struct nat64_instance *inst)
{
	return rcu_dereference_protected(inst->globals,
		lockdep_is_held(&nat64_pernet(inst->net)->lock));
}

/* Points the extended ACK at @nest, keeping the sentence already set. */
static int fail_at(struct netlink_ext_ack *extack, const struct nlattr *nest,
		   const char *why, int err)
{
	if (extack) {
		if (why)
			extack->_msg = why;
		extack->bad_attr = nest;
	}
	return err;
}

static int cmp_side4(const struct nat64_bib_info *a,
		     const struct nat64_bib_info *b)
{
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->addr4 != b->addr4)
		return ntohl(a->addr4) < ntohl(b->addr4) ? -1 : 1;
	if (a->port4 != b->port4)
		return a->port4 < b->port4 ? -1 : 1;
	return 0;
}

static int cmp_side6(const struct nat64_bib_info *a,
		     const struct nat64_bib_info *b)
{
	int c;

	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	c = memcmp(&a->addr6, &b->addr6, sizeof(a->addr6));
	if (c)
		return c;
	if (a->port6 != b->port6)
		return a->port6 < b->port6 ? -1 : 1;
	return 0;
}

static bool same_mapping(const struct nat64_bib_info *a,
			 const struct nat64_bib_info *b)
{
	return !cmp_side4(a, b) && !cmp_side6(a, b);
}

static int sort4(const void *a, const void *b)
{
	return cmp_side4(&((const struct nat64_config_bib *)a)->b,
			 &((const struct nat64_config_bib *)b)->b);
}

static int sort6(const void *a, const void *b)
{
	return cmp_side6(&((const struct nat64_config_bib *)a)->b,
			 &((const struct nat64_config_bib *)b)->b);
}

/*
 * Sorted by @cmp, equal neighbours share a side: the error names the one
 * that came later in the request (nests are in message order).
 */
static int find_repeat(struct nat64_config *cfg,
		       int (*cmp)(const void *, const void *), const char *why,
		       struct netlink_ext_ack *extack)
{
	const struct nat64_config_bib *a, *b;
	u32 i;

	sort(cfg->bib, cfg->n_bib, sizeof(*cfg->bib), cmp, NULL);
	for (i = 1; i < cfg->n_bib; i++) {
		a = &cfg->bib[i - 1];
		b = &cfg->bib[i];
		if (!cmp(a, b))
			return fail_at(extack, max(a->nest, b->nest), why,
				       -EEXIST);
	}
	return 0;
}

/* Every static entry: inside the new pool4, outside pool6, no repeats. */
static int check_bib(struct nat64_config *cfg, struct netlink_ext_ack *extack)
{
	const char *why;
	u32 i;
	int err;

	for (i = 0; i < cfg->n_bib; i++) {
		why = nat64_bib_static_check(cfg->pool4, &cfg->pool6,
					     cfg->pool6_len, &cfg->bib[i].b);
		if (why)
			return fail_at(extack, cfg->bib[i].nest, why, -EINVAL);
	}
	err = find_repeat(cfg, sort6,
			  "a static BIB entry repeats the IPv6 address and port of another",
			  extack);
	if (err)
		return err;
	/* Left sorted by (T,t): in_config() searches it. */
	return find_repeat(cfg, sort4,
			   "a static BIB entry repeats the IPv4 address and port of another",
			   extack);
}

/* The configuration's entry with @b's (T,t), by binary search. */
static struct nat64_config_bib *find4(struct nat64_config *cfg,
				      const struct nat64_bib_info *b)
{
	u32 lo = 0, hi = cfg->n_bib, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = cmp_side4(&cfg->bib[mid].b, b);
		if (!c)
			return &cfg->bib[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * Against the running state: a static entry the instance has already is
 * kept; one whose mapping a dynamic entry holds will make it static; a
 * dynamic entry holding either side for another mapping is in the way
 * (bib add refuses the same).  A static entry in the way is one the file
 * no longer has: it ends first.
 */
static int check_state(struct nat64_instance *inst, struct nat64_config *cfg,
		       struct netlink_ext_ack *extack)
{
	struct nat64_config_bib *c;
	struct nat64_ptable *pt;
	struct nat64_bib *b6, *b4;
	const char *why = NULL;
	u32 i;

	for (i = 0; i < cfg->n_bib && !why; i++) {
		c = &cfg->bib[i];
		pt = &inst->state->t[c->b.proto];
		rcu_read_lock();
		b6 = nat64_bib_find6(pt, &c->b.addr6, htons(c->b.port6));
		b4 = nat64_bib_find4(pt, c->b.addr4, htons(c->b.port4));
		if (b4 && b4 == b6)
			c->keep = nat64_bib_is_static(b4);
		else if (b4 && !nat64_bib_is_static(b4))
			why = "the IPv4 address and port of this static BIB entry belong to a dynamic one: bib del it, or wait for it to end";
		else if (b6 && !nat64_bib_is_static(b6))
			why = "the IPv6 address and port of this static BIB entry have a dynamic one: bib del it, or wait for it to end";
		rcu_read_unlock();
		cond_resched();
	}
	return why ? fail_at(extack, c->nest, why, -EEXIST) : 0;
}

/* The running static entries the configuration does not keep. */
static int list_gone(struct nat64_instance *inst, struct nat64_config *cfg)
{
	struct nat64_config_bib *c;
	u32 i, n;
	int err;

	err = nat64_bib_statics(inst, &cfg->gone, &n);
	if (err)
		return err;
	for (i = 0, cfg->n_gone = 0; i < n; i++) {
		c = find4(cfg, &cfg->gone[i]);
		if (c && c->keep && same_mapping(&c->b, &cfg->gone[i]))
			continue;
		cfg->gone[cfg->n_gone++] = cfg->gone[i];
	}
	return 0;
}

/*
 * Everything that can be refused, without a change.  @inst: the running
 * instance the configuration will change, or NULL for a new one.
 */
static int prepare(struct nat64_instance *inst, struct nat64_config *cfg,
		   struct netlink_ext_ack *extack)
{
	struct nat64_pool4 *p;
	u32 bad = 0;
	int err;

	p = nat64_pool4_build(cfg->e, cfg->n_e, &bad, extack);
	if (IS_ERR(p))
		return fail_at(extack, bad < cfg->n_e ? cfg->e_nest[bad] : NULL,
			       NULL, PTR_ERR(p));
	cfg->pool4 = p;
	err = check_bib(cfg, extack);
	if (err || !inst)
		return err;
	if (cfg->g->subscriber_plen != globals_locked(inst)->subscriber_plen &&
	    nat64_hosts_plen_fixed(inst->state))
		return fail_at(extack, cfg->globals_nest,
			       "subscriber-prefix-len cannot change while BIB entries exist",
			       -EBUSY);
	err = check_state(inst, cfg, extack);
	return err ?: list_gone(inst, cfg);
}

/* RCU: the running static entry with @b's very mapping, or NULL. */
static struct nat64_bib *static_of(struct nat64_ptable *pt,
				   const struct nat64_bib_info *b)
{
	struct nat64_bib_info now;
	struct nat64_bib *bib;

	bib = nat64_bib_find4(pt, b->addr4, htons(b->port4));
	if (!bib || !nat64_bib_is_static(bib))
		return NULL;
	nat64_bib_info_of(pt, bib, false, &now);
	return same_mapping(&now, b) ? bib : NULL;
}

/* Ends the running static entry @b, if it is still there. */
static void end_static(struct nat64_instance *inst,
		       const struct nat64_bib_info *b)
{
	struct nat64_ptable *pt = &inst->state->t[b->proto];
	struct nat64_bib *bib;

	rcu_read_lock();
	bib = static_of(pt, b);
	if (bib)
		nat64_bib_kill(inst->state, pt, bib, NAT64_END_DELETED);
	rcu_read_unlock();
}

/* Ends the dynamic entries holding either side of @b. */
static void clear_way(struct nat64_instance *inst,
		      const struct nat64_bib_info *b)
{
	struct nat64_ptable *pt = &inst->state->t[b->proto];
	struct nat64_bib *bib;

	rcu_read_lock();
	bib = nat64_bib_find6(pt, &b->addr6, htons(b->port6));
	if (bib && !nat64_bib_is_static(bib))
		nat64_bib_kill(inst->state, pt, bib, NAT64_END_DELETED);
	rcu_read_unlock();
	rcu_read_lock();
	bib = nat64_bib_find4(pt, b->addr4, htons(b->port4));
	if (bib && !nat64_bib_is_static(bib))
		nat64_bib_kill(inst->state, pt, bib, NAT64_END_DELETED);
	rcu_read_unlock();
}

/*
 * A static entry checked by prepare().  A packet may have made a dynamic
 * entry in its way since (a published server sending first): the
 * configuration wins, that entry ends.
 */
static int insert(struct nat64_instance *inst, struct nat64_config_bib *c,
		  struct netlink_ext_ack *extack)
{
	int err = -EEXIST, tries;

	for (tries = 0; tries < INSERT_TRIES && err == -EEXIST; tries++) {
		if (tries)
			clear_way(inst, &c->b);
		err = nat64_bib_insert_static(inst, &c->b, &c->was_dynamic,
					      extack);
	}
	return err;
}

/*
 * The dynamic entry insert() made static is dynamic again, with its
 * sessions: the failed request takes nothing from its subscriber.
 */
static void give_back(struct nat64_instance *inst,
		      const struct nat64_bib_info *b)
{
	struct nat64_ptable *pt = &inst->state->t[b->proto];
	struct nat64_bib *bib;
	spinlock_t *lock;

	rcu_read_lock();
	bib = static_of(pt, b);
	if (bib) {
		lock = nat64_bib_lock_of(pt, bib);
		spin_lock_bh(lock);
		if (!nat64_bib_is_dead(bib))
			nat64_bib_make_dynamic(inst->state, pt, bib);
		spin_unlock_bh(lock);
	}
	rcu_read_unlock();
}

/* Undoes the static part of a commit that failed at entry @upto. */
static void undo_statics(struct nat64_instance *inst, struct nat64_config *cfg,
			 u32 upto)
{
	u32 i;

	for (i = 0; i < upto; i++) {
		if (cfg->bib[i].was_dynamic)
			give_back(inst, &cfg->bib[i].b);
		else if (!cfg->bib[i].keep)
			end_static(inst, &cfg->bib[i].b);
	}
	/* Best effort: their sessions are gone, their mappings come back. */
	for (i = 0; i < cfg->n_gone; i++)
		nat64_bib_insert_static(inst, &cfg->gone[i], NULL, NULL);
}

static int commit_statics(struct nat64_instance *inst,
			  struct nat64_config *cfg,
			  struct netlink_ext_ack *extack)
{
	u32 i;
	int err;

	for (i = 0; i < cfg->n_gone; i++) {
		end_static(inst, &cfg->gone[i]);
		cond_resched();
	}
	for (i = 0; i < cfg->n_bib; i++) {
		if (cfg->bib[i].keep)
			continue;
		err = insert(inst, &cfg->bib[i], extack);
		if (err) {
			undo_statics(inst, cfg, i);
			return fail_at(extack, cfg->bib[i].nest, NULL, err);
		}
		cond_resched();
	}
	return 0;
}

static int commit(struct nat64_instance *inst, struct nat64_config *cfg,
		  struct netlink_ext_ack *extack)
{
	struct nat64_state *st = inst->state;
	u8 old_plen = globals_locked(inst)->subscriber_plen;
	u8 plen = cfg->g->subscriber_plen;
	int err;

	if (plen != old_plen && nat64_hosts_set_plen(st, plen))
		return fail_at(extack, cfg->globals_nest,
			       "subscriber-prefix-len cannot change while BIB entries exist",
			       -EBUSY);
	err = commit_statics(inst, cfg, extack);
	if (err) {
		if (plen != old_plen)
			nat64_hosts_restore_plen(st, old_plen);
		return err;
	}
	nat64_globals_publish(inst, cfg->g);
	cfg->g = NULL;
	if (nat64_pool4_replace(inst, cfg->pool4))
		nat64_bib_prune(inst);
	cfg->pool4 = NULL;
	return 0;
}

/* Listeners hear of the static entries a new instance starts with. */
static void announce_statics(struct nat64_instance *inst, void *arg)
{
	struct nat64_config *cfg = arg;
	struct nat64_ptable *pt;
	struct nat64_bib *bib;
	u32 i;

	for (i = 0; i < cfg->n_bib; i++) {
		pt = &inst->state->t[cfg->bib[i].b.proto];
		rcu_read_lock();
		bib = static_of(pt, &cfg->bib[i].b);
		if (bib)
			nat64_event_bib(inst->state, pt, bib,
					NAT64_CMD_BIB_NEW, NAT64_END_NONE);
		rcu_read_unlock();
		cond_resched();
	}
}

/* A new instance for @cfg, filled, in place of the running one if any. */
static int replace(struct net *net, struct nat64_config *cfg,
		   struct netlink_ext_ack *extack)
{
	struct nat64_instance *next;
	int err;

	next = nat64_instance_build(net, &cfg->pool6, cfg->pool6_len,
				    cfg->mode, extack);
	if (IS_ERR(next))
		return PTR_ERR(next);
	err = commit(next, cfg, extack);
	if (err) {
		nat64_instance_discard(next);
		return err;
	}
	nat64_instance_publish(next, announce_statics, cfg);
	return 0;
}

/* Does @inst translate with @cfg's pool6, and get packets the same way? */
static bool same_instance(const struct nat64_instance *inst,
			  const struct nat64_config *cfg)
{
	return inst->pool6_len == cfg->pool6_len &&
	       ipv6_addr_equal(&inst->pool6, &cfg->pool6) &&
	       inst->mode == cfg->mode;
}

int nat64_config_apply(struct net *net, struct nat64_config *cfg,
		       struct netlink_ext_ack *extack)
{
	struct nat64_pernet *pn = nat64_pernet(net);
	struct nat64_instance *inst;
	bool fresh, replaced = false;
	int err;

	mutex_lock(&pn->lock);
	inst = nat64_instance_get_locked(pn);
	fresh = !inst || !same_instance(inst, cfg);
	err = prepare(fresh ? NULL : inst, cfg, extack);
	replaced = fresh && inst;
	if (err || cfg->check)
		goto out;
	err = fresh ? replace(net, cfg, extack) : commit(inst, cfg, extack);
out:
	/*
	 * Said, not refused: a new pool6 or mode is a new instance, but an
	 * operator who changed pool6 by mistake must hear what reload did.
	 */
	if (!err && replaced && cfg->check)
		NL_SET_ERR_MSG(extack,
			       "pool6 or the mode is not the running instance's: applying this replaces the instance, and every BIB entry and session ends");
	else if (!err && replaced)
		NL_SET_ERR_MSG(extack,
			       "pool6 or the mode was not the running instance's: the instance was replaced, and every BIB entry and session ended");
	mutex_unlock(&pn->lock);
	return err;
}

void nat64_config_free(struct nat64_config *cfg)
{
	kfree(cfg->g);
	kvfree(cfg->e);
	kvfree(cfg->e_nest);
	kvfree(cfg->bib);
	kvfree(cfg->pool4);
	kvfree(cfg->gone);
}
