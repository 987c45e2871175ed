// SPDX-License-Identifier: GPL-2.0
/*
 * The "nat64" generic netlink family: one strict policy per command, one
 * extack sentence per rejection, CAP_NET_ADMIN over the namespace for every
 * change, and dumps that resume from the last key they sent.
 */
#include <net/genetlink.h>
#include <net/sock.h>

#include "genl.h"
#include "instance.h"
#include "addr.h"
#include "globals.h"
#include "pool4.h"

static struct genl_family nat64_family;

static const struct nla_policy instance_policy[NAT64_INSTANCE_A_MAX + 1] = {
	[NAT64_INSTANCE_A_POOL6_ADDR] =
		NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[NAT64_INSTANCE_A_POOL6_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[NAT64_INSTANCE_A_POOL4_COUNT] = {
		.type = NLA_REJECT,
		.reject_message = "pool4 entry count is read-only",
	},
};

static const struct nla_policy pool4_policy[NAT64_POOL4_A_MAX + 1] = {
	[NAT64_POOL4_A_PROTO] = NLA_POLICY_MAX(NLA_U8, NAT64_PROTO_COUNT - 1),
	[NAT64_POOL4_A_ADDR] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[NAT64_POOL4_A_PLEN] = NLA_POLICY_RANGE(NLA_U8, NAT64_POOL4_PLEN_MIN, 32),
	[NAT64_POOL4_A_PORT_MIN] = { .type = NLA_U16 },
	[NAT64_POOL4_A_PORT_MAX] = { .type = NLA_U16 },
};

static const struct nla_policy instance_cmd_policy[NAT64_A_MAX + 1] = {
	[NAT64_A_INSTANCE] = NLA_POLICY_NESTED(instance_policy),
};

static const struct nla_policy pool4_cmd_policy[NAT64_A_MAX + 1] = {
	[NAT64_A_POOL4] = NLA_POLICY_NESTED(pool4_policy),
};

static const struct nla_policy global_cmd_policy[NAT64_A_MAX + 1] = {
	[NAT64_A_GLOBALS] = NLA_POLICY_NESTED(nat64_globals_policy),
};

#define NO_INSTANCE "no NAT64 instance in this network namespace"

/*
 * NL_SET_ERR_MSG_ATTR() wants a literal; the pure checks return sentences
 * that are literals too, just chosen at run time, so store them the same way.
 */
static void set_err(struct netlink_ext_ack *extack, const struct nlattr *attr,
		    const char *why)
{
	if (extack) {
		extack->_msg = why;
		extack->bad_attr = attr;
	}
}

/* The namespace's instance with its lock held, or NULL and a message. */
static struct nat64_instance *lock_instance(struct genl_info *info)
{
	struct nat64_pernet *pn = nat64_pernet(genl_info_net(info));
	struct nat64_instance *inst;

	mutex_lock(&pn->lock);
	inst = nat64_instance_get_locked(pn);
	if (!inst) {
		mutex_unlock(&pn->lock);
		NL_SET_ERR_MSG(info->extack, NO_INSTANCE);
	}
	return inst;
}

static void unlock_instance(struct nat64_instance *inst)
{
	mutex_unlock(&nat64_pernet(inst->net)->lock);
}

static bool missing(struct genl_info *info, struct nlattr *nest,
		    struct nlattr *attr, int type, const char *msg)
{
	if (attr)
		return false;
	set_err(info->extack, NULL, msg);
	NL_SET_ERR_ATTR_MISS(info->extack, nest, type);
	return true;
}

static int instance_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[NAT64_INSTANCE_A_MAX + 1];
	struct nat64_pernet *pn = nat64_pernet(genl_info_net(info));
	struct nlattr *nest = info->attrs[NAT64_A_INSTANCE];
	struct in6_addr prefix;
	const char *why;
	int err;
	u8 len;

	if (missing(info, NULL, nest, NAT64_A_INSTANCE,
		    "a pool6 prefix is required"))
		return -EINVAL;
	err = nla_parse_nested(tb, NAT64_INSTANCE_A_MAX, nest, instance_policy,
			       info->extack);
	if (err)
		return err;
	if (missing(info, nest, tb[NAT64_INSTANCE_A_POOL6_ADDR],
		    NAT64_INSTANCE_A_POOL6_ADDR, "a pool6 prefix is required") ||
	    missing(info, nest, tb[NAT64_INSTANCE_A_POOL6_LEN],
		    NAT64_INSTANCE_A_POOL6_LEN, "a pool6 prefix length is required"))
		return -EINVAL;
	nla_memcpy(&prefix, tb[NAT64_INSTANCE_A_POOL6_ADDR], sizeof(prefix));
	len = nla_get_u8(tb[NAT64_INSTANCE_A_POOL6_LEN]);
	why = nat64_pool6_check(&prefix, len);
	if (why) {
		set_err(info->extack, nest, why);
		return -EINVAL;
	}
	mutex_lock(&pn->lock);
	err = nat64_instance_create(genl_info_net(info), &prefix, len,
				    info->extack);
	mutex_unlock(&pn->lock);
	return err;
}

static int instance_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nat64_pernet *pn = nat64_pernet(genl_info_net(info));
	int err;

	mutex_lock(&pn->lock);
	err = nat64_instance_destroy(genl_info_net(info), info->extack);
	mutex_unlock(&pn->lock);
	return err;
}

static int instance_fill(struct sk_buff *skb, const struct nat64_instance *inst)
{
	struct nlattr *nest = nla_nest_start(skb, NAT64_A_INSTANCE);
	const struct nat64_pool4 *p = rcu_dereference(inst->pool4);

	if (!nest ||
	    nla_put_in6_addr(skb, NAT64_INSTANCE_A_POOL6_ADDR, &inst->pool6) ||
	    nla_put_u8(skb, NAT64_INSTANCE_A_POOL6_LEN, inst->pool6_len) ||
	    nla_put_u32(skb, NAT64_INSTANCE_A_POOL4_COUNT, p->count))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int global_fill(struct sk_buff *skb, const struct nat64_instance *inst)
{
	return nat64_globals_fill(skb, rcu_dereference(inst->globals));
}

static int stats_fill(struct sk_buff *skb, const struct nat64_instance *inst)
{
	return nat64_stats_fill(skb, inst->stats);
}

/* Answers a GET with what @fill writes of the namespace's instance. */
static int reply_get(struct genl_info *info, u8 cmd,
		     int (*fill)(struct sk_buff *,
				 const struct nat64_instance *))
{
	struct nat64_pernet *pn = nat64_pernet(genl_info_net(info));
	struct nat64_instance *inst;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &nat64_family, 0, cmd);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}
	rcu_read_lock();
	inst = rcu_dereference(pn->inst);
	err = inst ? fill(msg, inst) : -ENOENT;
	rcu_read_unlock();
	if (err) {
		if (err == -ENOENT)
			NL_SET_ERR_MSG(info->extack, NO_INSTANCE);
		goto err_free;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

static int instance_get(struct sk_buff *skb, struct genl_info *info)
{
	return reply_get(info, NAT64_CMD_INSTANCE_GET, instance_fill);
}

static int global_get(struct sk_buff *skb, struct genl_info *info)
{
	return reply_get(info, NAT64_CMD_GLOBAL_GET, global_fill);
}

static int stats_get(struct sk_buff *skb, struct genl_info *info)
{
	return reply_get(info, NAT64_CMD_STATS_GET, stats_fill);
}

static int global_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[NAT64_GLOBAL_A_MAX + 1];
	struct nlattr *nest = info->attrs[NAT64_A_GLOBALS];
	struct nat64_instance *inst;
	int err;

	if (missing(info, NULL, nest, NAT64_A_GLOBALS,
		    "global set needs at least one key"))
		return -EINVAL;
	err = nla_parse_nested(tb, NAT64_GLOBAL_A_MAX, nest,
			       nat64_globals_policy, info->extack);
	if (err)
		return err;
	inst = lock_instance(info);
	if (!inst)
		return -ENOENT;
	err = nat64_globals_set(inst, tb, info->extack);
	unlock_instance(inst);
	return err;
}

/*
 * What a pool4 request names: protocols (all when absent), a prefix and a
 * port range (whether given is reported, as defaults depend on the command).
 */
struct pool4_req {
	unsigned int protos;
	struct nat64_pool4_entry e;
	bool has_prefix;
	bool has_ports;
};

static int pool4_parse(struct genl_info *info, struct pool4_req *req)
{
	struct nlattr *tb[NAT64_POOL4_A_MAX + 1];
	struct nlattr *nest = info->attrs[NAT64_A_POOL4];
	int err;

	memset(req, 0, sizeof(*req));
	req->protos = NAT64_PROTO_ALL;
	if (!nest)
		return 0;
	err = nla_parse_nested(tb, NAT64_POOL4_A_MAX, nest, pool4_policy,
			       info->extack);
	if (err)
		return err;
	if (tb[NAT64_POOL4_A_PROTO])
		req->protos = NAT64_PROTO_BIT(nla_get_u8(tb[NAT64_POOL4_A_PROTO]));
	if (!tb[NAT64_POOL4_A_ADDR] != !tb[NAT64_POOL4_A_PLEN]) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "a pool4 prefix needs both an address and a length");
		return -EINVAL;
	}
	if (!tb[NAT64_POOL4_A_PORT_MIN] != !tb[NAT64_POOL4_A_PORT_MAX]) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "a pool4 port range needs both a first and a last port");
		return -EINVAL;
	}
	req->has_prefix = tb[NAT64_POOL4_A_ADDR];
	req->has_ports = tb[NAT64_POOL4_A_PORT_MIN];
	if (req->has_prefix) {
		req->e.addr = nla_get_in_addr(tb[NAT64_POOL4_A_ADDR]);
		req->e.plen = nla_get_u8(tb[NAT64_POOL4_A_PLEN]);
	}
	if (req->has_ports) {
		req->e.port_min = nla_get_u16(tb[NAT64_POOL4_A_PORT_MIN]);
		req->e.port_max = nla_get_u16(tb[NAT64_POOL4_A_PORT_MAX]);
	}
	return 0;
}

/* Parses a request that must name a prefix, and checks the prefix. */
static int pool4_parse_prefix(struct genl_info *info, struct pool4_req *req)
{
	const char *why;
	int err;

	err = pool4_parse(info, req);
	if (err)
		return err;
	if (!req->has_prefix) {
		NL_SET_ERR_MSG(info->extack, "a pool4 prefix is required");
		NL_SET_ERR_ATTR_MISS(info->extack, info->attrs[NAT64_A_POOL4],
				     NAT64_POOL4_A_ADDR);
		return -EINVAL;
	}
	why = nat64_pool4_prefix_check(req->e.addr, req->e.plen);
	if (why) {
		set_err(info->extack, info->attrs[NAT64_A_POOL4], why);
		return -EINVAL;
	}
	return 0;
}

/* One entry per protocol asked for, with that protocol's default ports. */
static int pool4_entries(struct genl_info *info, const struct pool4_req *req,
			 struct nat64_pool4_entry *out)
{
	const char *why;
	u32 n = 0;
	u8 p;

	for (p = 0; p < NAT64_PROTO_COUNT; p++) {
		if (!(req->protos & NAT64_PROTO_BIT(p)))
			continue;
		out[n] = req->e;
		out[n].proto = p;
		if (!req->has_ports && p == NAT64_PROTO_ICMP) {
			out[n].port_min = NAT64_POOL4_ICMP_ID_MIN_DEF;
			out[n].port_max = NAT64_POOL4_ICMP_ID_MAX_DEF;
		} else if (!req->has_ports) {
			out[n].port_min = NAT64_POOL4_PORT_MIN_DEF;
			out[n].port_max = NAT64_POOL4_PORT_MAX_DEF;
		}
		why = nat64_pool4_entry_check(&out[n]);
		if (why) {
			set_err(info->extack, info->attrs[NAT64_A_POOL4], why);
			return -EINVAL;
		}
		n++;
	}
	return n;
}

static int pool4_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nat64_pool4_entry add[NAT64_PROTO_COUNT];
	struct nat64_instance *inst;
	struct pool4_req req;
	int n, err;

	err = pool4_parse_prefix(info, &req);
	if (err)
		return err;
	n = pool4_entries(info, &req, add);
	if (n < 0)
		return n;
	inst = lock_instance(info);
	if (!inst)
		return -ENOENT;
	err = nat64_pool4_add(inst, add, n, info->extack);
	unlock_instance(inst);
	return err;
}

static int pool4_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nat64_instance *inst;
	struct pool4_req req;
	int err;

	err = pool4_parse_prefix(info, &req);
	if (err)
		return err;
	if (!req.has_ports) {
		req.e.port_min = 0;
		req.e.port_max = U16_MAX;
	} else if (req.e.port_min > req.e.port_max) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NAT64_A_POOL4],
				    "pool4 first port is above the last port");
		return -EINVAL;
	}
	inst = lock_instance(info);
	if (!inst)
		return -ENOENT;
	err = nat64_pool4_del(inst, &req.e, req.protos, info->extack);
	unlock_instance(inst);
	return err;
}

/* FLUSH and dumps take a protocol at most. */
static int pool4_parse_proto_only(struct genl_info *info, struct pool4_req *req,
				  const char *what)
{
	int err = pool4_parse(info, req);

	if (err)
		return err;
	if (req->has_prefix || req->has_ports) {
		set_err(info->extack, info->attrs[NAT64_A_POOL4], what);
		return -EINVAL;
	}
	return 0;
}

static int pool4_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct nat64_instance *inst;
	struct pool4_req req;
	int err;

	err = pool4_parse_proto_only(info, &req,
				     "pool4 flush takes only a protocol");
	if (err)
		return err;
	inst = lock_instance(info);
	if (!inst)
		return -ENOENT;
	err = nat64_pool4_flush(inst, req.protos);
	unlock_instance(inst);
	return err;
}

/*
 * Pool4 dump state in cb->args: [0] protocols shown (zero until the
 * request is parsed), [1] non-zero once an entry was sent, [2] and [3] the
 * key of the last entry sent.  Resuming from the key, not a count, keeps a
 * dump correct across table changes; the generation number flags those
 * changes with NLM_F_DUMP_INTR.
 */
enum { DUMP_PROTOS, DUMP_STARTED, DUMP_KEY_ADDR, DUMP_KEY_PROTO_PORT };

/*
 * Parsed on the first pass rather than in .start: in this kernel a dump's
 * .start runs without an extack, and the sentence must reach the user.
 */
static int pool4_dump_filter(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *di = genl_dumpit_info(cb);
	struct genl_info info = {
		.attrs = di->attrs,
		.extack = cb->extack,
	};
	struct pool4_req req;
	int err;

	err = pool4_parse_proto_only(&info, &req,
				     "pool4 show filters by protocol only");
	if (err)
		return err;
	cb->args[DUMP_PROTOS] = req.protos;
	return 0;
}

static void dump_save_key(struct netlink_callback *cb,
			  const struct nat64_pool4_entry *e)
{
	cb->args[DUMP_STARTED] = 1;
	cb->args[DUMP_KEY_ADDR] = be32_to_cpu(e->addr);
	cb->args[DUMP_KEY_PROTO_PORT] = (e->proto << 16) | e->port_min;
}

static bool dump_after_key(struct netlink_callback *cb,
			   const struct nat64_pool4_entry *e)
{
	struct nat64_pool4_entry key = {
		.addr = cpu_to_be32(cb->args[DUMP_KEY_ADDR]),
		.proto = cb->args[DUMP_KEY_PROTO_PORT] >> 16,
		.port_min = cb->args[DUMP_KEY_PROTO_PORT] & 0xffff,
	};

	return !cb->args[DUMP_STARTED] || nat64_pool4_cmp(e, &key) > 0;
}

static int pool4_fill(struct sk_buff *skb, struct netlink_callback *cb,
		      const struct nat64_pool4_entry *e)
{
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &nat64_family, NLM_F_MULTI, NAT64_CMD_POOL4_GET);
	if (!hdr)
		return -EMSGSIZE;
	nl_dump_check_consistent(cb, genlmsg_nlhdr(hdr));
	nest = nla_nest_start(skb, NAT64_A_POOL4);
	if (!nest ||
	    nla_put_u8(skb, NAT64_POOL4_A_PROTO, e->proto) ||
	    nla_put_in_addr(skb, NAT64_POOL4_A_ADDR, e->addr) ||
	    nla_put_u8(skb, NAT64_POOL4_A_PLEN, e->plen) ||
	    nla_put_u16(skb, NAT64_POOL4_A_PORT_MIN, e->port_min) ||
	    nla_put_u16(skb, NAT64_POOL4_A_PORT_MAX, e->port_max)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

static int pool4_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nat64_pernet *pn = nat64_pernet(sock_net(skb->sk));
	const struct nat64_instance *inst;
	const struct nat64_pool4 *p;
	int err;
	u32 i;

	if (!cb->args[DUMP_PROTOS]) {
		err = pool4_dump_filter(cb);
		if (err)
			return err;
	}
	rcu_read_lock();
	cb->seq = READ_ONCE(pn->gen);
	inst = rcu_dereference(pn->inst);
	if (!inst) {
		NL_SET_ERR_MSG(cb->extack, NO_INSTANCE);
		err = -ENOENT;
		goto out;
	}
	p = rcu_dereference(inst->pool4);
	for (i = 0; i < p->count; i++) {
		if (!(cb->args[DUMP_PROTOS] & NAT64_PROTO_BIT(p->e[i].proto)) ||
		    !dump_after_key(cb, &p->e[i]))
			continue;
		if (pool4_fill(skb, cb, &p->e[i]))
			break;
		dump_save_key(cb, &p->e[i]);
	}
	err = skb->len;
out:
	rcu_read_unlock();
	return err;
}

static const struct genl_ops nat64_ops[] = {
	{
		.cmd = NAT64_CMD_INSTANCE_ADD,
		.doit = instance_add,
		.policy = instance_cmd_policy,
		.maxattr = NAT64_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NAT64_CMD_INSTANCE_DEL,
		.doit = instance_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NAT64_CMD_INSTANCE_GET,
		.doit = instance_get,
	},
	{
		.cmd = NAT64_CMD_POOL4_ADD,
		.doit = pool4_add,
		.policy = pool4_cmd_policy,
		.maxattr = NAT64_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NAT64_CMD_POOL4_DEL,
		.doit = pool4_del,
		.policy = pool4_cmd_policy,
		.maxattr = NAT64_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NAT64_CMD_POOL4_FLUSH,
		.doit = pool4_flush,
		.policy = pool4_cmd_policy,
		.maxattr = NAT64_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NAT64_CMD_POOL4_GET,
		.dumpit = pool4_dump,
		.policy = pool4_cmd_policy,
		.maxattr = NAT64_A_MAX,
	},
	{
		.cmd = NAT64_CMD_GLOBAL_GET,
		.doit = global_get,
	},
	{
		.cmd = NAT64_CMD_GLOBAL_SET,
		.doit = global_set,
		.policy = global_cmd_policy,
		.maxattr = NAT64_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NAT64_CMD_STATS_GET,
		.doit = stats_get,
	},
};

static struct genl_family nat64_family __ro_after_init = {
	.name = NAT64_GENL_NAME,
	.version = NAT64_GENL_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = nat64_ops,
	.n_ops = ARRAY_SIZE(nat64_ops),
};

int __init nat64_genl_init(void)
{
	return genl_register_family(&nat64_family);
}

void nat64_genl_exit(void)
{
	genl_unregister_family(&nat64_family);
}
