// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks, registered only in namespaces that have an instance.
 * They sit in PRE_ROUTING right after defragmentation, so the translator
 * sees whole packets, and before conntrack, so packets it consumes never
 * create conntrack state.
 */
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "hook.h"

/*
 * Translation arrives with the datapath; until then every packet continues
 * untouched through the stack.
 */
static unsigned int nat64_hook_ipv6(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

static unsigned int nat64_hook_ipv4(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

static const struct nf_hook_ops nat64_hook_ops[] = {
	{
		.hook = nat64_hook_ipv6,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP6_PRI_CONNTRACK_DEFRAG + 1,
	},
	{
		.hook = nat64_hook_ipv4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP_PRI_CONNTRACK_DEFRAG + 1,
	},
};

int nat64_hook_register(struct net *net)
{
	int err;

	err = nf_defrag_ipv6_enable(net);
	if (err)
		return err;
	err = nf_defrag_ipv4_enable(net);
	if (err)
		goto err_v6;
	err = nf_register_net_hooks(net, nat64_hook_ops,
				    ARRAY_SIZE(nat64_hook_ops));
	if (err)
		goto err_v4;
	return 0;

err_v4:
	nf_defrag_ipv4_disable(net);
err_v6:
	nf_defrag_ipv6_disable(net);
	return err;
}

void nat64_hook_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, nat64_hook_ops,
				ARRAY_SIZE(nat64_hook_ops));
	nf_defrag_ipv4_disable(net);
	nf_defrag_ipv6_disable(net);
}
