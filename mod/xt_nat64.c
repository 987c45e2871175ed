// SPDX-License-Identifier: GPL-2.0
/*
 * Target mode: the NAT64 iptables target (include/nat64_xt.h), for
 * operators whose firewall should decide what is translated.  An instance
 * in target mode registers no hooks (hook.c); a mangle PREROUTING rule with
 * -j NAT64 hands it the packets it selects, after conntrack and defrag (so
 * the operator's raw and mangle rules before it see them whole), and the
 * translation goes on exactly as from the hooks.
 *
 * Verdicts: a packet translated (or answered with an ICMP error) is
 * stolen; one the translator drops is dropped; one it does not claim
 * (not to pool6, not to pool4, the host's own traffic, or no instance in
 * target mode) goes on to the next rule, as if the rule had not matched.
 *
 * Works with iptables-legacy and with iptables-nft, through nft_compat.
 */
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter/x_tables.h>
#include <net/ipv6.h>

#include <nat64_xt.h>

#include "xt_nat64.h"
#include "instance.h"
#include "state.h"
#include "xlat.h"
#include "xlat64.h"
#include "xlat46.h"

/* XT_CONTINUE for what the translator leaves alone. */
static unsigned int verdict(unsigned int v)
{
	return v == NF_ACCEPT ? XT_CONTINUE : v;
}

/*
 * RCU held by the table's traversal.  Softirq, or process context with
 * BHs on (nft_compat after NFQUEUE, hook.c): the _bh calls.
 */
static struct nat64_instance *target_instance(struct net *net)
{
	struct nat64_instance *inst = rcu_dereference(nat64_pernet(net)->inst);

	return inst && inst->mode == NAT64_INSTANCE_MODE_TARGET ? inst : NULL;
}

static unsigned int nat64_tg6(struct sk_buff *skb,
			      const struct xt_action_param *par)
{
	struct nat64_xlat x = { .net = xt_net(par) };

	x.inst = target_instance(x.net);
	if (!x.inst || !ipv6_prefix_equal(&ipv6_hdr(skb)->daddr,
					  &x.inst->pool6, x.inst->pool6_len))
		return XT_CONTINUE;
	x.g = rcu_dereference(x.inst->globals);
	return verdict(nat64_xlat_6to4_bh(&x, skb));
}

static unsigned int nat64_tg4(struct sk_buff *skb,
			      const struct xt_action_param *par)
{
	struct nat64_xlat x = { .net = xt_net(par) };

	x.inst = target_instance(x.net);
	if (!x.inst || !nat64_state_is_pool4(x.inst, ip_hdr(skb)->daddr))
		return XT_CONTINUE;
	x.g = rcu_dereference(x.inst->globals);
	return verdict(nat64_xlat_4to6_bh(&x, skb));
}

/*
 * A rule is taken whether or not its namespace has an instance in target
 * mode yet, and passes packets on until it has one: refusing it would
 * fail a boot-time iptables-restore that runs before nat64.service (the
 * two are not ordered), leaving the host without its firewall, and, as
 * iptables-legacy checks every rule of a table again on each change,
 * every later change of the mangle table once the instance is deleted.
 * The kernel log says why such a rule does nothing.
 */
static int nat64_tg_check(const struct xt_tgchk_param *par)
{
	const struct nat64_xt_info *info = par->targinfo;
	struct nat64_pernet *pn = nat64_pernet(par->net);
	struct nat64_instance *inst;
	bool ready;

	if (info->flags) {
		pr_info_ratelimited("NAT64 target: unknown flags %#x\n",
				    info->flags);
		return -EINVAL;
	}
	mutex_lock(&pn->lock);
	inst = nat64_instance_get_locked(pn);
	ready = inst && inst->mode == NAT64_INSTANCE_MODE_TARGET;
	mutex_unlock(&pn->lock);
	if (!ready)
		pr_info_ratelimited("NAT64 target: no NAT64 instance in target mode in this network namespace yet: the rule passes packets on until there is one (nat64ctl instance add pool6 PREFIX mode target)\n");
	return 0;
}

static struct xt_target nat64_tg_reg[] __read_mostly = {
	{
		.name = NAT64_XT_NAME,
		.revision = 0,
		.family = NFPROTO_IPV6,
		.target = nat64_tg6,
		.checkentry = nat64_tg_check,
		.targetsize = sizeof(struct nat64_xt_info),
		.table = NAT64_XT_TABLE,
		.hooks = 1 << NF_INET_PRE_ROUTING,
		.me = THIS_MODULE,
	},
	{
		.name = NAT64_XT_NAME,
		.revision = 0,
		.family = NFPROTO_IPV4,
		.target = nat64_tg4,
		.checkentry = nat64_tg_check,
		.targetsize = sizeof(struct nat64_xt_info),
		.table = NAT64_XT_TABLE,
		.hooks = 1 << NF_INET_PRE_ROUTING,
		.me = THIS_MODULE,
	},
};

int __init nat64_xt_init(void)
{
	return xt_register_targets(nat64_tg_reg, ARRAY_SIZE(nat64_tg_reg));
}

void nat64_xt_exit(void)
{
	xt_unregister_targets(nat64_tg_reg, ARRAY_SIZE(nat64_tg_reg));
}

MODULE_ALIAS("ipt_NAT64");
MODULE_ALIAS("ip6t_NAT64");
