// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks, registered only in namespaces that have an instance.
 * They sit in PRE_ROUTING right after defragmentation, so the translator
 * sees whole packets, and before conntrack, so packets it consumes never
 * create conntrack state.  What they claim is translated and sent in the
 * other family (xlat64.h, xlat46.h).
 */
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "hook.h"
#include "xlat.h"
#include "xlat64.h"
#include "xlat46.h"
#include "state.h"

/*
 * Netfilter calls hooks under rcu_read_lock(): the instance and its
 * globals are read once here and hold for the whole packet.
 *
 * Usually from the receive softirq; but a packet an earlier hook queued
 * to userspace (NFQUEUE) comes back through the later hooks in process
 * context with BHs on, and the state's locks are taken without _bh
 * (they are also taken from softirq): so BHs go off around each
 * translation, a preempt-count add when they already are.
 */
static struct nat64_instance *instance(const struct nf_hook_state *state)
{
	struct nat64_instance *inst;

	/*
	 * The hooks are registered before the netfilter-mode instance that
	 * replaces a target-mode one is published: until then they pass.
	 */
	inst = rcu_dereference(nat64_pernet(state->net)->inst);
	return inst && inst->mode == NAT64_INSTANCE_MODE_NETFILTER ? inst : NULL;
}

/* IPv6 packets to pool6 are the translator's; the rest pass untouched. */
static unsigned int nat64_hook_ipv6(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	struct nat64_xlat x = { .net = state->net };

	x.inst = instance(state);
	if (!x.inst || !ipv6_prefix_equal(&ipv6_hdr(skb)->daddr,
					  &x.inst->pool6, x.inst->pool6_len))
		return NF_ACCEPT;
	x.g = rcu_dereference(x.inst->globals);
	return nat64_xlat_6to4_bh(&x, skb);
}

/*
 * IPv6 atomic fragments (a Fragment Header with offset 0 and M clear) are
 * whole packets, but nf_defrag_ipv6 "reassembles" them, stripping the
 * Fragment Header whose Identification RFC 7915 5.1.1 copies into IPv4.
 * So those to pool6 are translated here, just before defragmentation.
 * Only a Fragment Header right after the IPv6 header is looked for: the
 * check costs one byte compare for every other packet.
 */
static unsigned int nat64_hook_atomic6(void *priv, struct sk_buff *skb,
				       const struct nf_hook_state *state)
{
	const struct frag_hdr *fh;
	struct frag_hdr _fh;

	if (ipv6_hdr(skb)->nexthdr != NEXTHDR_FRAGMENT)
		return NF_ACCEPT;
	fh = skb_header_pointer(skb, skb_network_offset(skb) +
				sizeof(struct ipv6hdr), sizeof(_fh), &_fh);
	if (!fh || fh->frag_off & htons(IP6_OFFSET | IP6_MF))
		return NF_ACCEPT;
	return nat64_hook_ipv6(priv, skb, state);
}

/*
 * IPv4 packets to a pool4 address are the translator's, unless the state
 * finds them to be the host's own (NF_ACCEPT from nat64_xlat_4to6()).
 */
static unsigned int nat64_hook_ipv4(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	struct nat64_xlat x = { .net = state->net };

	x.inst = instance(state);
	if (!x.inst || !nat64_state_is_pool4(x.inst, ip_hdr(skb)->daddr))
		return NF_ACCEPT;
	x.g = rcu_dereference(x.inst->globals);
	return nat64_xlat_4to6_bh(&x, skb);
}

static const struct nf_hook_ops nat64_hook_ops[] = {
	{
		.hook = nat64_hook_atomic6,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP6_PRI_CONNTRACK_DEFRAG - 1,
	},
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

/*
 * Defragmentation either way: the translator needs whole packets, and a
 * target rule in mangle PREROUTING sees them whole only if defrag runs in
 * the namespace.  Each instance holds one reference, built or published.
 */
int nat64_defrag_enable(struct net *net)
{
	int err;

	err = nf_defrag_ipv6_enable(net);
	if (err)
		return err;
	err = nf_defrag_ipv4_enable(net);
	if (err)
		nf_defrag_ipv6_disable(net);
	return err;
}

void nat64_defrag_disable(struct net *net)
{
	nf_defrag_ipv4_disable(net);
	nf_defrag_ipv6_disable(net);
}

/* One set per namespace, for whichever netfilter-mode instance it has. */
int nat64_hook_register(struct net *net)
{
	return nf_register_net_hooks(net, nat64_hook_ops,
				     ARRAY_SIZE(nat64_hook_ops));
}

void nat64_hook_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, nat64_hook_ops, ARRAY_SIZE(nat64_hook_ops));
}
