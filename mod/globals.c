// SPDX-License-Identifier: GPL-2.0
/*
 * Globals: RFC 6146 defaults, the policy that holds every value to its RFC
 * minimum, and copy-change-publish updates so the packet path reads one
 * consistent set under RCU.
 */
#include <linux/err.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>

#include "addr.h"
#include "globals.h"
#include "state.h"
#include "kunit.h"
#include "host.h"

static struct netlink_range_validation udp_range = {
	.min = NAT64_UDP_TIMEOUT_MIN, .max = NAT64_TIMEOUT_MAX,
};

static struct netlink_range_validation tcp_est_range = {
	.min = NAT64_TCP_EST_TIMEOUT_MIN, .max = NAT64_TIMEOUT_MAX,
};

static struct netlink_range_validation tcp_trans_range = {
	.min = NAT64_TCP_TRANS_TIMEOUT_MIN, .max = NAT64_TIMEOUT_MAX,
};

static struct netlink_range_validation icmp_range = {
	.min = NAT64_ICMP_TIMEOUT_MIN, .max = NAT64_TIMEOUT_MAX,
};

static struct netlink_range_validation mtu_range = {
	.min = NAT64_LOWEST_IPV6_MTU_MIN, .max = NAT64_LOWEST_IPV6_MTU_MAX,
};

static struct netlink_range_validation syns_range = {
	.min = NAT64_MAX_STORED_SYNS_MIN, .max = NAT64_MAX_STORED_SYNS_MAX,
};

static struct netlink_range_validation sessions_range = {
	.min = NAT64_MAX_SESSIONS_MIN, .max = NAT64_MAX_SESSIONS_MAX,
};

static struct netlink_range_validation ipv4_sessions_range = {
	.min = NAT64_MAX_IPV4_SESSIONS_MIN, .max = NAT64_MAX_IPV4_SESSIONS_MAX,
};

static struct netlink_range_validation ipv4_per_bib_range = {
	.min = NAT64_MAX_IPV4_PER_BIB_MIN, .max = NAT64_MAX_IPV4_PER_BIB_MAX,
};

static struct netlink_range_validation host_sessions_range = {
	.min = NAT64_MAX_SESSIONS_PER_HOST_MIN,
	.max = NAT64_MAX_SESSIONS_PER_HOST_MAX,
};

static struct netlink_range_validation host_bib_range = {
	.min = NAT64_MAX_BIB_PER_HOST_MIN, .max = NAT64_MAX_BIB_PER_HOST_MAX,
};

/*
 * For test labs only: the RFC minimums (2 h 4 min for an established TCP
 * session) make timeouts untestable in a test run.  Set at load time and
 * read-only after, so a running NAT64 never changes its rules: off, the
 * policy above is exactly the RFC's.
 */
static bool lab_timeouts;
module_param(lab_timeouts, bool, 0444);
MODULE_PARM_DESC(lab_timeouts,
		 "for test labs: global set accepts every timeout down to 1 s, below the RFC minimums (default off)");

/* Before the family is registered: nothing reads the policy yet. */
void nat64_globals_module_init(void)
{
	if (!lab_timeouts)
		return;
	udp_range.min = NAT64_LAB_TIMEOUT_MIN;
	tcp_est_range.min = NAT64_LAB_TIMEOUT_MIN;
	tcp_trans_range.min = NAT64_LAB_TIMEOUT_MIN;
	icmp_range.min = NAT64_LAB_TIMEOUT_MIN;
}

const struct nla_policy nat64_globals_policy[NAT64_GLOBAL_A_MAX + 1] = {
	[NAT64_GLOBAL_A_UDP_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32, &udp_range),
	[NAT64_GLOBAL_A_TCP_EST_TIMEOUT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &tcp_est_range),
	[NAT64_GLOBAL_A_TCP_TRANS_TIMEOUT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &tcp_trans_range),
	[NAT64_GLOBAL_A_ICMP_TIMEOUT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &icmp_range),
	[NAT64_GLOBAL_A_FILTERING] =
		NLA_POLICY_MAX(NLA_U8, NAT64_FILTERING_COUNT - 1),
	[NAT64_GLOBAL_A_DROP_EXTERNAL_TCP] = NLA_POLICY_MAX(NLA_U8, 1),
	[NAT64_GLOBAL_A_TOS_OVERRIDE] = NLA_POLICY_MAX(NLA_U8, 1),
	[NAT64_GLOBAL_A_TOS] = { .type = NLA_U8 },
	[NAT64_GLOBAL_A_LOWEST_IPV6_MTU] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &mtu_range),
	[NAT64_GLOBAL_A_MAX_STORED_SYNS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &syns_range),
	[NAT64_GLOBAL_A_MAX_SESSIONS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &sessions_range),
	[NAT64_GLOBAL_A_MAX_IPV4_SESSIONS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &ipv4_sessions_range),
	[NAT64_GLOBAL_A_MAX_IPV4_SESSIONS_PER_BIB] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &ipv4_per_bib_range),
	[NAT64_GLOBAL_A_MAX_SESSIONS_PER_HOST] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &host_sessions_range),
	[NAT64_GLOBAL_A_MAX_BIB_PER_HOST] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &host_bib_range),
	[NAT64_GLOBAL_A_SUBSCRIBER_PREFIX_LEN] =
		NLA_POLICY_RANGE(NLA_U8, NAT64_SUBSCRIBER_PLEN_MIN,
				 NAT64_SUBSCRIBER_PLEN_MAX),
	[NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR] =
		NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN] = NLA_POLICY_MAX(NLA_U8, 32),
};

struct nat64_globals *nat64_globals_alloc_default(void)
{
	struct nat64_globals *g = kzalloc(sizeof(*g), GFP_KERNEL_ACCOUNT);

	if (!g)
		return NULL;
	g->udp_timeout = NAT64_UDP_TIMEOUT_DEF;
	g->tcp_est_timeout = NAT64_TCP_EST_TIMEOUT_DEF;
	g->tcp_trans_timeout = NAT64_TCP_TRANS_TIMEOUT_DEF;
	g->icmp_timeout = NAT64_ICMP_TIMEOUT_DEF;
	g->filtering = NAT64_FILTERING_DEF;
	g->drop_external_tcp = NAT64_DROP_EXTERNAL_TCP_DEF;
	g->tos_override = NAT64_TOS_OVERRIDE_DEF;
	g->tos = NAT64_TOS_DEF;
	g->lowest_ipv6_mtu = NAT64_LOWEST_IPV6_MTU_DEF;
	g->max_stored_syns = NAT64_MAX_STORED_SYNS_DEF;
	g->max_sessions = NAT64_MAX_SESSIONS_DEF;
	g->max_ipv4_sessions = NAT64_MAX_IPV4_SESSIONS_DEF;
	g->max_ipv4_per_bib = NAT64_MAX_IPV4_PER_BIB_DEF;
	g->max_sessions_per_host = NAT64_MAX_SESSIONS_PER_HOST_DEF;
	g->max_bib_per_host = NAT64_MAX_BIB_PER_HOST_DEF;
	g->subscriber_plen = NAT64_SUBSCRIBER_PLEN_DEF;
	g->icmp_src_plen = NAT64_ICMP_SRC_POOL4_PLEN_DEF;
	return g;
}
NAT64_KUNIT_EXPORT(nat64_globals_alloc_default);

static void set_u32(u32 *field, struct nlattr *a)
{
	if (a)
		*field = nla_get_u32(a);
}

static void set_u8(u8 *field, struct nlattr *a)
{
	if (a)
		*field = nla_get_u8(a);
}

static void set_bool(bool *field, struct nlattr *a)
{
	if (a)
		*field = nla_get_u8(a);
}

static void apply(struct nat64_globals *g, struct nlattr **tb)
{
	set_u32(&g->udp_timeout, tb[NAT64_GLOBAL_A_UDP_TIMEOUT]);
	set_u32(&g->tcp_est_timeout, tb[NAT64_GLOBAL_A_TCP_EST_TIMEOUT]);
	set_u32(&g->tcp_trans_timeout, tb[NAT64_GLOBAL_A_TCP_TRANS_TIMEOUT]);
	set_u32(&g->icmp_timeout, tb[NAT64_GLOBAL_A_ICMP_TIMEOUT]);
	set_u8(&g->filtering, tb[NAT64_GLOBAL_A_FILTERING]);
	set_bool(&g->drop_external_tcp, tb[NAT64_GLOBAL_A_DROP_EXTERNAL_TCP]);
	set_bool(&g->tos_override, tb[NAT64_GLOBAL_A_TOS_OVERRIDE]);
	set_u8(&g->tos, tb[NAT64_GLOBAL_A_TOS]);
	set_u32(&g->lowest_ipv6_mtu, tb[NAT64_GLOBAL_A_LOWEST_IPV6_MTU]);
	set_u32(&g->max_stored_syns, tb[NAT64_GLOBAL_A_MAX_STORED_SYNS]);
	set_u32(&g->max_sessions, tb[NAT64_GLOBAL_A_MAX_SESSIONS]);
	set_u32(&g->max_ipv4_sessions, tb[NAT64_GLOBAL_A_MAX_IPV4_SESSIONS]);
	set_u32(&g->max_ipv4_per_bib,
		tb[NAT64_GLOBAL_A_MAX_IPV4_SESSIONS_PER_BIB]);
	set_u32(&g->max_sessions_per_host,
		tb[NAT64_GLOBAL_A_MAX_SESSIONS_PER_HOST]);
	set_u32(&g->max_bib_per_host, tb[NAT64_GLOBAL_A_MAX_BIB_PER_HOST]);
	set_u8(&g->subscriber_plen, tb[NAT64_GLOBAL_A_SUBSCRIBER_PREFIX_LEN]);
	if (tb[NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR]) {
		g->icmp_src_addr =
			nla_get_in_addr(tb[NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR]);
		set_u8(&g->icmp_src_plen,
		       tb[NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN]);
	}
}

/*
 * NULL when @addr/@plen can be the RFC 6791 pool (length 0: none), else
 * the sentence saying why not.  Its addresses become sources of ICMPv4
 * errors on the wire: like pool4's, they must be unicast, or receivers
 * drop the errors (RFC 6791 3.1: the source SHOULD NOT get them dropped).
 */
static const char *icmp_src_pool_check(__be32 addr, u8 plen)
{
	u32 a = be32_to_cpu(addr);

	if (!plen)
		return a ? "icmp-src-pool4 of length 0 (none) must be 0.0.0.0" :
			   NULL;
	if (plen < NAT64_ICMP_SRC_POOL4_PLEN_MIN)
		return "icmp-src-pool4 prefix length must be 16-32 (0 for none)";
	if (a & ~nat64_pool4_mask(plen))
		return "icmp-src-pool4 prefix has host bits set";
	/* Prefixes are /16 or longer: inside a special block or clear of it. */
	if (nat64_addr_v4_special(addr))
		return "icmp-src-pool4 must be unicast (not in 0/8, 127/8, 169.254/16, 224/4 or 240/4)";
	return NULL;
}

/* The address and the length come together, or neither. */
static int icmp_src_pool_valid(struct nlattr **tb,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *addr = tb[NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR];
	struct nlattr *plen = tb[NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN];
	const char *why;

	if (!addr && !plen)
		return 0;
	if (!addr || !plen) {
		NL_SET_ERR_MSG_ATTR(extack, addr ?: plen,
				    "icmp-src-pool4 needs both an address and a length");
		return -EINVAL;
	}
	why = icmp_src_pool_check(nla_get_in_addr(addr), nla_get_u8(plen));
	if (why && extack) {
		/* A sentence chosen at run time: what the macro sets. */
		extack->_msg = why;
		extack->bad_attr = addr;
	}
	return why ? -EINVAL : 0;
}

/* @tb: the parsed NAT64_A_GLOBALS nest, already checked by the policy. */
int nat64_globals_set(struct nat64_instance *inst, struct nlattr **tb,
		      struct netlink_ext_ack *extack)
{
	struct nat64_pernet *pn = nat64_pernet(inst->net);
	struct nat64_globals *old, *g;
	unsigned int i;

	lockdep_assert_held(&pn->lock);
	for (i = 1; i <= NAT64_GLOBAL_A_MAX && !tb[i]; i++)
		;
	if (i > NAT64_GLOBAL_A_MAX) {
		NL_SET_ERR_MSG(extack, "global set needs at least one key");
		return -EINVAL;
	}
	if (icmp_src_pool_valid(tb, extack))
		return -EINVAL;
	old = rcu_dereference_protected(inst->globals,
					lockdep_is_held(&pn->lock));
	g = kmemdup(old, sizeof(*g), GFP_KERNEL_ACCOUNT);
	if (!g)
		return -ENOMEM;
	apply(g, tb);
	if (g->subscriber_plen != old->subscriber_plen &&
	    nat64_hosts_set_plen(inst->state, g->subscriber_plen)) {
		NL_SET_ERR_MSG(extack,
			       "subscriber-prefix-len cannot change while BIB entries exist");
		kfree(g);
		return -EBUSY;
	}
	nat64_globals_publish(inst, g);
	return 0;
}

/*
 * CONFIG_APPLY: the defaults with the keys of @tb (the parsed
 * NAT64_A_GLOBALS nest of CONFIG_APPLY, or all NULL) set, not yet
 * published.
 */
struct nat64_globals *nat64_globals_from(struct nlattr **tb,
					 struct netlink_ext_ack *extack)
{
	struct nat64_globals *g;

	if (icmp_src_pool_valid(tb, extack))
		return ERR_PTR(-EINVAL);
	g = nat64_globals_alloc_default();
	if (!g)
		return ERR_PTR(-ENOMEM);
	apply(g, tb);
	return g;
}

/* Do @a and @b say the same?  (Field by field: the padding may differ.) */
static bool same_globals(const struct nat64_globals *a,
			 const struct nat64_globals *b)
{
	return a->udp_timeout == b->udp_timeout &&
	       a->tcp_est_timeout == b->tcp_est_timeout &&
	       a->tcp_trans_timeout == b->tcp_trans_timeout &&
	       a->icmp_timeout == b->icmp_timeout &&
	       a->filtering == b->filtering &&
	       a->drop_external_tcp == b->drop_external_tcp &&
	       a->tos_override == b->tos_override && a->tos == b->tos &&
	       a->lowest_ipv6_mtu == b->lowest_ipv6_mtu &&
	       a->max_stored_syns == b->max_stored_syns &&
	       a->max_sessions == b->max_sessions &&
	       a->max_ipv4_sessions == b->max_ipv4_sessions &&
	       a->max_ipv4_per_bib == b->max_ipv4_per_bib &&
	       a->max_sessions_per_host == b->max_sessions_per_host &&
	       a->max_bib_per_host == b->max_bib_per_host &&
	       a->subscriber_plen == b->subscriber_plen &&
	       a->icmp_src_addr == b->icmp_src_addr &&
	       a->icmp_src_plen == b->icmp_src_plen;
}

/* Pernet lock held: @g in place of the running globals (or freed if equal). */
void nat64_globals_publish(struct nat64_instance *inst, struct nat64_globals *g)
{
	struct nat64_pernet *pn = nat64_pernet(inst->net);
	struct nat64_globals *old;

	old = rcu_dereference_protected(inst->globals,
					lockdep_is_held(&pn->lock));
	if (same_globals(old, g)) {
		kfree(g);
		return;
	}
	rcu_assign_pointer(inst->globals, g);
	kfree_rcu(old, rcu);
}
NAT64_KUNIT_EXPORT(nat64_globals_publish);

int nat64_globals_fill(struct sk_buff *skb, const struct nat64_globals *g)
{
	struct nlattr *nest = nla_nest_start(skb, NAT64_A_GLOBALS);

	if (!nest ||
	    nla_put_u32(skb, NAT64_GLOBAL_A_UDP_TIMEOUT, g->udp_timeout) ||
	    nla_put_u32(skb, NAT64_GLOBAL_A_TCP_EST_TIMEOUT, g->tcp_est_timeout) ||
	    nla_put_u32(skb, NAT64_GLOBAL_A_TCP_TRANS_TIMEOUT,
			g->tcp_trans_timeout) ||
	    nla_put_u32(skb, NAT64_GLOBAL_A_ICMP_TIMEOUT, g->icmp_timeout) ||
	    nla_put_u8(skb, NAT64_GLOBAL_A_FILTERING, g->filtering) ||
	    nla_put_u8(skb, NAT64_GLOBAL_A_DROP_EXTERNAL_TCP,
		       g->drop_external_tcp) ||
	    nla_put_u8(skb, NAT64_GLOBAL_A_TOS_OVERRIDE, g->tos_override) ||
	    nla_put_u8(skb, NAT64_GLOBAL_A_TOS, g->tos) ||
	    nla_put_u32(skb, NAT64_GLOBAL_A_LOWEST_IPV6_MTU,
			g->lowest_ipv6_mtu) ||
	    nla_put_u32(skb, NAT64_GLOBAL_A_MAX_STORED_SYNS,
			g->max_stored_syns) ||
	    nla_put_u32(skb, NAT64_GLOBAL_A_MAX_SESSIONS, g->max_sessions) ||
	    nla_put_u32(skb, NAT64_GLOBAL_A_MAX_IPV4_SESSIONS,
			g->max_ipv4_sessions) ||
	    nla_put_u32(skb, NAT64_GLOBAL_A_MAX_IPV4_SESSIONS_PER_BIB,
			g->max_ipv4_per_bib) ||
	    nla_put_u32(skb, NAT64_GLOBAL_A_MAX_SESSIONS_PER_HOST,
			g->max_sessions_per_host) ||
	    nla_put_u32(skb, NAT64_GLOBAL_A_MAX_BIB_PER_HOST,
			g->max_bib_per_host) ||
	    nla_put_u8(skb, NAT64_GLOBAL_A_SUBSCRIBER_PREFIX_LEN,
		       g->subscriber_plen) ||
	    nla_put_in_addr(skb, NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR,
			    g->icmp_src_addr) ||
	    nla_put_u8(skb, NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN,
		       g->icmp_src_plen))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}
