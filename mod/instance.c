// SPDX-License-Identifier: GPL-2.0
/*
 * Instance lifetime: one NAT64 per network namespace, created and destroyed
 * over netlink, torn down with the namespace or the module.
 */
#include <linux/slab.h>
#include <linux/memcontrol.h>
#include <net/netns/generic.h>

#include "instance.h"
#include "event.h"
#include "globals.h"
#include "pool4.h"
#include "hook.h"
#include "state.h"
#include "kunit.h"
#include "route.h"
#include "upkeep.h"

static unsigned int nat64_net_id __read_mostly;

struct nat64_pernet *nat64_pernet(const struct net *net)
{
	return net_generic(net, nat64_net_id);
}
NAT64_KUNIT_EXPORT(nat64_pernet);

struct nat64_instance *nat64_instance_get_locked(struct nat64_pernet *pn)
{
	return rcu_dereference_protected(pn->inst, lockdep_is_held(&pn->lock));
}
NAT64_KUNIT_EXPORT(nat64_instance_get_locked);

/*
 * Frees @inst once nothing can reach it: no hooks, no RCU readers.  Process
 * context: it waits for the upkeep work.
 */
static void instance_free(struct nat64_instance *inst)
{
	nat64_upkeep_stop(inst);
	nat64_state_destroy(inst);
	kvfree(rcu_dereference_protected(inst->pool4, true));
	kfree(rcu_dereference_protected(inst->globals, true));
	nat64_stats_free(inst->stats);
	nat64_route_cache_free(inst->rcache);
	mem_cgroup_put(inst->memcg);
	kfree(inst);
}

static bool netfilter_mode(const struct nat64_instance *inst)
{
	return inst && inst->mode == NAT64_INSTANCE_MODE_NETFILTER;
}

/*
 * The namespace has the netfilter hooks while its published instance, or
 * the one built to replace it, is in netfilter mode.
 */
static int hooks_build(struct nat64_pernet *pn, struct nat64_instance *inst)
{
	int err;

	err = nat64_defrag_enable(inst->net);
	if (err)
		return err;
	if (netfilter_mode(inst) &&
	    !netfilter_mode(nat64_instance_get_locked(pn))) {
		err = nat64_hook_register(inst->net);
		if (err)
			nat64_defrag_disable(inst->net);
	}
	return err;
}

/* Undoes hooks_build() for @inst, which @next (or nothing) follows. */
static void hooks_leave(struct nat64_instance *inst,
			const struct nat64_instance *next)
{
	if (netfilter_mode(inst) && !netfilter_mode(next))
		nat64_hook_unregister(inst->net);
	nat64_defrag_disable(inst->net);
}

/*
 * A new instance, complete but unpublished: no packet reaches it and its
 * events are held until nat64_instance_publish(), so that what can fail
 * in making it (memory, the hooks, configuration put into it) fails while
 * the running one still runs.
 */
struct nat64_instance *nat64_instance_build(struct net *net,
					    const struct in6_addr *pool6,
					    u8 pool6_len, u8 mode,
					    struct netlink_ext_ack *extack)
{
	struct nat64_pernet *pn = nat64_pernet(net);
	struct nat64_instance *inst;
	int err;

	lockdep_assert_held(&pn->lock);
	inst = kzalloc(sizeof(*inst), GFP_KERNEL_ACCOUNT);
	if (!inst)
		return ERR_PTR(-ENOMEM);
	inst->net = net;
	nat64_upkeep_init(inst);
	inst->memcg = get_mem_cgroup_from_mm(current->mm);
	inst->pool6 = *pool6;
	inst->pool6_len = pool6_len;
	inst->mode = mode;
	inst->events_held = true;
	/* Its root may be any user: it gets a share of the ceilings. */
	inst->userns = net->user_ns != &init_user_ns;
	RCU_INIT_POINTER(inst->globals, nat64_globals_alloc_default());
	RCU_INIT_POINTER(inst->pool4, nat64_pool4_alloc(0));
	inst->stats = nat64_stats_alloc();
	inst->rcache = nat64_route_cache_alloc();
	if (!rcu_access_pointer(inst->globals) ||
	    !rcu_access_pointer(inst->pool4) || !inst->stats ||
	    !inst->rcache) {
		err = -ENOMEM;
		goto err_free;
	}
	err = nat64_state_init(inst);
	if (err)
		goto err_free;
	nat64_upkeep_start(inst);
	err = hooks_build(pn, inst);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot register the netfilter hooks");
		goto err_free;
	}
	return inst;

err_free:
	instance_free(inst);
	return ERR_PTR(err);
}
NAT64_KUNIT_EXPORT(nat64_instance_build);

/* Frees an instance built and never published. */
void nat64_instance_discard(struct nat64_instance *inst)
{
	lockdep_assert_held(&nat64_pernet(inst->net)->lock);
	hooks_leave(inst, nat64_instance_get_locked(nat64_pernet(inst->net)));
	instance_free(inst);
}
NAT64_KUNIT_EXPORT(nat64_instance_discard);

/*
 * The running instance @old of @net goes, for @next or nothing: when this
 * returns, no packet, dump or ICMP error path holds it, it sends nothing
 * more, and one STATE_FLUSHED has stood for all its entries and sessions.
 * The caller frees it.
 */
static void unpublish(struct net *net, struct nat64_instance *old,
		      const struct nat64_instance *next)
{
	struct nat64_pernet *pn = nat64_pernet(net);

	RCU_INIT_POINTER(pn->inst, NULL);
	nat64_pernet_changed(pn);
	hooks_leave(old, next);
	synchronize_rcu();
	nat64_upkeep_stop(old);
	WRITE_ONCE(old->events_held, true);
	/*
	 * A dump's sequence is pn->gen plus the state's; the next instance's
	 * starts at 0, so gen steps past all the old one counted, and an
	 * interrupted dump can never see the sum it started with.
	 */
	WRITE_ONCE(pn->gen, pn->gen + nat64_state_gen(old) + 1);
	nat64_event_flushed(net);
}

/*
 * @inst, built, becomes the namespace's instance in place of the running
 * one, if any.  Listeners hear STATE_FLUSHED for the old one, then
 * @announce(@arg) tells them what @inst already holds, then packets reach
 * it: no event of it comes before the flush, and none is lost.  Packets
 * find no instance from the old one's grace period to the end of the
 * announcement; the old one's tables are freed after.
 */
void nat64_instance_publish(struct nat64_instance *inst,
			    void (*announce)(struct nat64_instance *, void *),
			    void *arg)
{
	struct nat64_pernet *pn = nat64_pernet(inst->net);
	struct nat64_instance *old = nat64_instance_get_locked(pn);

	if (old)
		unpublish(inst->net, old, inst);
	WRITE_ONCE(inst->events_held, false);
	if (announce)
		announce(inst, arg);
	rcu_assign_pointer(pn->inst, inst);
	nat64_pernet_changed(pn);
	if (old)
		instance_free(old);
}
NAT64_KUNIT_EXPORT(nat64_instance_publish);

/* INSTANCE_ADD: an empty instance, if the namespace has none. */
int nat64_instance_create(struct net *net, const struct in6_addr *pool6,
			  u8 pool6_len, u8 mode, struct netlink_ext_ack *extack)
{
	struct nat64_instance *inst;

	if (nat64_instance_get_locked(nat64_pernet(net))) {
		NL_SET_ERR_MSG(extack,
			       "a NAT64 instance already exists in this network namespace");
		return -EEXIST;
	}
	inst = nat64_instance_build(net, pool6, pool6_len, mode, extack);
	if (IS_ERR(inst))
		return PTR_ERR(inst);
	nat64_instance_publish(inst, NULL, NULL);
	return 0;
}
NAT64_KUNIT_EXPORT(nat64_instance_create);

int nat64_instance_destroy(struct net *net, struct netlink_ext_ack *extack)
{
	struct nat64_pernet *pn = nat64_pernet(net);
	struct nat64_instance *inst;

	lockdep_assert_held(&pn->lock);
	inst = nat64_instance_get_locked(pn);
	if (!inst) {
		NL_SET_ERR_MSG(extack,
			       "no NAT64 instance in this network namespace");
		return -ENOENT;
	}
	unpublish(net, inst, NULL);
	instance_free(inst);
	return 0;
}
NAT64_KUNIT_EXPORT(nat64_instance_destroy);

static int __net_init nat64_net_init(struct net *net)
{
	struct nat64_pernet *pn = nat64_pernet(net);

	mutex_init(&pn->lock);
	RCU_INIT_POINTER(pn->inst, NULL);
	return 0;
}

/* Unhook first; the namespace core waits one grace period for the batch. */
static void __net_exit nat64_net_pre_exit(struct net *net)
{
	struct nat64_pernet *pn = nat64_pernet(net);
	struct nat64_instance *inst;

	mutex_lock(&pn->lock);
	inst = nat64_instance_get_locked(pn);
	if (inst)
		hooks_leave(inst, NULL);
	mutex_unlock(&pn->lock);
}

static void __net_exit nat64_net_exit(struct net *net)
{
	struct nat64_pernet *pn = nat64_pernet(net);
	struct nat64_instance *inst;

	inst = rcu_dereference_protected(pn->inst, true);
	if (inst) {
		RCU_INIT_POINTER(pn->inst, NULL);
		instance_free(inst);
	}
	mutex_destroy(&pn->lock);
}

struct pernet_operations nat64_pernet_ops = {
	.init = nat64_net_init,
	.pre_exit = nat64_net_pre_exit,
	.exit = nat64_net_exit,
	.id = &nat64_net_id,
	.size = sizeof(struct nat64_pernet),
};
