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

int nat64_instance_create(struct net *net, const struct in6_addr *pool6,
			  u8 pool6_len, u8 mode, struct netlink_ext_ack *extack)
{
	struct nat64_pernet *pn = nat64_pernet(net);
	struct nat64_instance *inst;
	int err;

	lockdep_assert_held(&pn->lock);
	if (nat64_instance_get_locked(pn)) {
		NL_SET_ERR_MSG(extack,
			       "a NAT64 instance already exists in this network namespace");
		return -EEXIST;
	}
	inst = kzalloc(sizeof(*inst), GFP_KERNEL_ACCOUNT);
	if (!inst)
		return -ENOMEM;
	inst->net = net;
	nat64_upkeep_init(inst);
	inst->memcg = get_mem_cgroup_from_mm(current->mm);
	inst->pool6 = *pool6;
	inst->pool6_len = pool6_len;
	inst->mode = mode;
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
	err = nat64_hook_register(net, mode);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot register the netfilter hooks");
		goto err_free;
	}
	rcu_assign_pointer(pn->inst, inst);
	nat64_pernet_changed(pn);
	return 0;

err_free:
	instance_free(inst);
	return err;
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
	nat64_hook_unregister(net, inst->mode);
	RCU_INIT_POINTER(pn->inst, NULL);
	nat64_pernet_changed(pn);
	/* No packet, dump or ICMP error path may still hold it. */
	synchronize_rcu();
	instance_free(inst);
	/* One event for all: its entries and sessions went without theirs. */
	nat64_event_flushed(net);
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
		nat64_hook_unregister(net, inst->mode);
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
