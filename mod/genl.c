// SPDX-License-Identifier: GPL-2.0
/*
 * The "nat64" generic netlink family: one strict policy per command, one
 * extack sentence per rejection, CAP_NET_ADMIN over the namespace for every
 * change and for the BIB and session dumps (they show every subscriber's
 * flows), and dumps that resume from the last key they sent.
 */
#include <net/addrconf.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "genl.h"
#include "instance.h"
#include "addr.h"
#include "globals.h"
#include "pool4.h"
#include "state.h"
#include "state_walk.h"
#include "bib_config.h"
#include "ceiling.h"
#include "event.h"
#include "config_apply.h"


static const struct nla_policy instance_policy[NAT64_INSTANCE_A_MAX + 1] = {
	[NAT64_INSTANCE_A_POOL6_ADDR] =
		NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[NAT64_INSTANCE_A_POOL6_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[NAT64_INSTANCE_A_POOL4_COUNT] = {
		.type = NLA_REJECT,
		.reject_message = "pool4 entry count is read-only",
	},
	[NAT64_INSTANCE_A_MODE] =
		NLA_POLICY_MAX(NLA_U8, NAT64_INSTANCE_MODE_COUNT - 1),
};

static const struct nla_policy pool4_policy[NAT64_POOL4_A_MAX + 1] = {
	[NAT64_POOL4_A_PROTO] = NLA_POLICY_MAX(NLA_U8, NAT64_PROTO_COUNT - 1),
	[NAT64_POOL4_A_ADDR] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[NAT64_POOL4_A_PLEN] = NLA_POLICY_RANGE(NLA_U8, NAT64_POOL4_PLEN_MIN, 32),
	[NAT64_POOL4_A_PORT_MIN] = { .type = NLA_U16 },
	[NAT64_POOL4_A_PORT_MAX] = { .type = NLA_U16 },
};

static const struct nla_policy bib_policy[NAT64_BIB_A_MAX + 1] = {
	[NAT64_BIB_A_PROTO] = NLA_POLICY_MAX(NLA_U8, NAT64_PROTO_COUNT - 1),
	[NAT64_BIB_A_ADDR6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[NAT64_BIB_A_PORT6] = { .type = NLA_U16 },
	[NAT64_BIB_A_ADDR4] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[NAT64_BIB_A_PORT4] = { .type = NLA_U16 },
	[NAT64_BIB_A_STATIC] = {
		.type = NLA_REJECT,
		.reject_message = "the static flag of a BIB entry is read-only",
	},
	[NAT64_BIB_A_SESSIONS] = {
		.type = NLA_REJECT,
		.reject_message = "the session count of a BIB entry is read-only",
	},
};

#define SESSION_FILTER_ONLY \
	"session show filters by protocol, addr6, addr4 and remote4 only"

static const struct nla_policy session_policy[NAT64_SESSION_A_MAX + 1] = {
	[NAT64_SESSION_A_PROTO] = NLA_POLICY_MAX(NLA_U8, NAT64_PROTO_COUNT - 1),
	[NAT64_SESSION_A_ADDR6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[NAT64_SESSION_A_ADDR4] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[NAT64_SESSION_A_REMOTE4] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[NAT64_SESSION_A_PORT6] = {
		.type = NLA_REJECT, .reject_message = SESSION_FILTER_ONLY,
	},
	[NAT64_SESSION_A_REMOTE6] = {
		.type = NLA_REJECT, .reject_message = SESSION_FILTER_ONLY,
	},
	[NAT64_SESSION_A_REMOTE_PORT6] = {
		.type = NLA_REJECT, .reject_message = SESSION_FILTER_ONLY,
	},
	[NAT64_SESSION_A_PORT4] = {
		.type = NLA_REJECT, .reject_message = SESSION_FILTER_ONLY,
	},
	[NAT64_SESSION_A_REMOTE_PORT4] = {
		.type = NLA_REJECT, .reject_message = SESSION_FILTER_ONLY,
	},
	[NAT64_SESSION_A_TCP_STATE] = {
		.type = NLA_REJECT, .reject_message = SESSION_FILTER_ONLY,
	},
	[NAT64_SESSION_A_EXPIRES] = {
		.type = NLA_REJECT, .reject_message = SESSION_FILTER_ONLY,
	},
};

static const struct nla_policy bib_cmd_policy[NAT64_A_MAX + 1] = {
	[NAT64_A_BIB] = NLA_POLICY_NESTED(bib_policy),
};

static const struct nla_policy session_cmd_policy[NAT64_A_MAX + 1] = {
	[NAT64_A_SESSION] = NLA_POLICY_NESTED(session_policy),
};

/* A request may name only the protocol. */
static const struct nla_policy pool4_use_policy[NAT64_POOL4_USE_A_MAX + 1] = {
	[NAT64_POOL4_USE_A_PROTO] = NLA_POLICY_MAX(NLA_U8, NAT64_PROTO_COUNT - 1),
};

static const struct nla_policy pool4_use_cmd_policy[NAT64_A_MAX + 1] = {
	[NAT64_A_POOL4_USE] = NLA_POLICY_NESTED(pool4_use_policy),
};

/*
 * CONFIG_APPLY: every attribute at the top level, POOL4 and BIB repeated;
 * genetlink checks each of them, repeats too, against these.
 */
static const struct nla_policy config_cmd_policy[NAT64_A_MAX + 1] = {
	[NAT64_A_INSTANCE] = NLA_POLICY_NESTED(instance_policy),
	[NAT64_A_GLOBALS] = NLA_POLICY_NESTED(nat64_globals_policy),
	[NAT64_A_POOL4] = NLA_POLICY_NESTED(pool4_policy),
	[NAT64_A_BIB] = NLA_POLICY_NESTED(bib_policy),
	[NAT64_A_CONFIG_CHECK] = { .type = NLA_FLAG },
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

/* The pool6 prefix of an instance nest, checked, and its mode. */
static int pool6_parse(struct genl_info *info, struct nlattr *nest,
		       struct in6_addr *prefix, u8 *len, u8 *mode)
{
	struct nlattr *tb[NAT64_INSTANCE_A_MAX + 1];
	const char *why;
	int err;

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
	nla_memcpy(prefix, tb[NAT64_INSTANCE_A_POOL6_ADDR], sizeof(*prefix));
	*len = nla_get_u8(tb[NAT64_INSTANCE_A_POOL6_LEN]);
	*mode = tb[NAT64_INSTANCE_A_MODE] ?
		nla_get_u8(tb[NAT64_INSTANCE_A_MODE]) :
		NAT64_INSTANCE_MODE_NETFILTER;
	why = nat64_pool6_check(prefix, *len);
	if (why) {
		set_err(info->extack, nest, why);
		return -EINVAL;
	}
	return 0;
}

static int instance_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nat64_pernet *pn = nat64_pernet(genl_info_net(info));
	struct in6_addr prefix;
	u8 len, mode;
	int err;

	err = pool6_parse(info, info->attrs[NAT64_A_INSTANCE], &prefix, &len,
			  &mode);
	if (err)
		return err;
	mutex_lock(&pn->lock);
	err = nat64_instance_create(genl_info_net(info), &prefix, len, mode,
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
	    nla_put_u32(skb, NAT64_INSTANCE_A_POOL4_COUNT, p->count) ||
	    nla_put_u8(skb, NAT64_INSTANCE_A_MODE, inst->mode))
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
	return nat64_stats_fill(skb, inst->stats) ?:
	       nat64_gauges_put(skb, inst);
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
	err = nat64_ceiling_may_raise(skb, tb, info->extack);
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
	if (!err)
		nat64_bib_prune(inst);
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
	if (!err)
		nat64_bib_prune(inst);
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
	struct genl_info info = {
		.attrs = nat64_dump_attrs(cb),
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

/*
 * BIB_ADD and BIB_DEL: the protocol and the sides given, each side whole
 * (address and port) or absent.
 */
static int bib_parse(struct genl_info *info, struct nat64_bib_info *b,
		     bool *by6, bool *by4)
{
	struct nlattr *tb[NAT64_BIB_A_MAX + 1];
	struct nlattr *nest = info->attrs[NAT64_A_BIB];
	int err;

	memset(b, 0, sizeof(*b));
	if (missing(info, NULL, nest, NAT64_A_BIB, "a BIB entry is required"))
		return -EINVAL;
	err = nla_parse_nested(tb, NAT64_BIB_A_MAX, nest, bib_policy,
			       info->extack);
	if (err)
		return err;
	if (missing(info, nest, tb[NAT64_BIB_A_PROTO], NAT64_BIB_A_PROTO,
		    "a BIB entry needs a protocol"))
		return -EINVAL;
	if (!tb[NAT64_BIB_A_ADDR6] != !tb[NAT64_BIB_A_PORT6]) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "the IPv6 side of a BIB entry needs both an address and a port");
		return -EINVAL;
	}
	if (!tb[NAT64_BIB_A_ADDR4] != !tb[NAT64_BIB_A_PORT4]) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "the IPv4 side of a BIB entry needs both an address and a port");
		return -EINVAL;
	}
	b->proto = nla_get_u8(tb[NAT64_BIB_A_PROTO]);
	*by6 = tb[NAT64_BIB_A_ADDR6];
	*by4 = tb[NAT64_BIB_A_ADDR4];
	if (*by6) {
		nla_memcpy(&b->addr6, tb[NAT64_BIB_A_ADDR6], sizeof(b->addr6));
		b->port6 = nla_get_u16(tb[NAT64_BIB_A_PORT6]);
	}
	if (*by4) {
		b->addr4 = nla_get_in_addr(tb[NAT64_BIB_A_ADDR4]);
		b->port4 = nla_get_u16(tb[NAT64_BIB_A_PORT4]);
	}
	return 0;
}

/*
 * A static entry: both sides, and a host on the IPv6 side (addr.c) that
 * is not the box itself, in @net: what it publishes would only ever meet
 * drop-to-host, since translated packets are never delivered locally.
 */
static int bib_parse_static(struct genl_info *info, struct net *net,
			    struct nat64_bib_info *b)
{
	bool by6, by4;
	int err;

	err = bib_parse(info, b, &by6, &by4);
	if (err)
		return err;
	if (!by6 || !by4) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NAT64_A_BIB],
				    "a static BIB entry needs an IPv6 and an IPv4 address and port");
		return -EINVAL;
	}
	if (nat64_addr_v6_special(&b->addr6)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NAT64_A_BIB],
				    "a static BIB entry's IPv6 address must be global unicast");
		return -EINVAL;
	}
	if (ipv6_chk_addr(net, &b->addr6, NULL, 0)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NAT64_A_BIB],
				    "a static BIB entry's IPv6 address must not be one of this host's own: translated packets are never delivered to the host");
		return -EINVAL;
	}
	return 0;
}

static int bib_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nat64_instance *inst;
	struct nat64_bib_info b;
	int err;

	err = bib_parse_static(info, genl_info_net(info), &b);
	if (err)
		return err;
	inst = lock_instance(info);
	if (!inst)
		return -ENOENT;
	err = nat64_bib_add_static(inst, &b, info->extack);
	unlock_instance(inst);
	return err;
}

static int bib_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nat64_instance *inst;
	struct nat64_bib_info b;
	bool by6, by4;
	int err;

	err = bib_parse(info, &b, &by6, &by4);
	if (err)
		return err;
	if (!by6 && !by4) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NAT64_A_BIB],
				    "bib del needs the IPv6 or the IPv4 address and port");
		return -EINVAL;
	}
	inst = lock_instance(info);
	if (!inst)
		return -ENOENT;
	err = nat64_bib_del(inst, &b, by6, by4, info->extack);
	unlock_instance(inst);
	return err;
}

/*
 * SESSION_FLUSH: every protocol's sessions, or only those of the one the
 * optional NAT64_A_SESSION names; it may name nothing else.
 */
static int session_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *nest = info->attrs[NAT64_A_SESSION];
	struct nlattr *tb[NAT64_SESSION_A_MAX + 1], *proto;
	struct nat64_instance *inst;
	u8 protos = NAT64_PROTO_ALL;
	int err, i;

	if (nest) {
		err = nla_parse_nested(tb, NAT64_SESSION_A_MAX, nest,
				       session_policy, info->extack);
		if (err)
			return err;
		for (i = 0; i <= NAT64_SESSION_A_MAX; i++) {
			if (tb[i] && i != NAT64_SESSION_A_PROTO) {
				NL_SET_ERR_MSG_ATTR(info->extack, tb[i],
						    "session flush takes only a protocol");
				return -EINVAL;
			}
		}
		proto = tb[NAT64_SESSION_A_PROTO];
		if (proto)
			protos = NAT64_PROTO_BIT(nla_get_u8(proto));
	}
	inst = lock_instance(info);
	if (!inst)
		return -ENOENT;
	nat64_session_flush(inst, protos);
	unlock_instance(inst);
	return 0;
}

/*
 * BIB and session dumps keep this in cb->ctx: the filter, the protocols
 * asked for (zero until the request is parsed, on the first pass), the
 * protocol being dumped and the key of the last entry sent in it.  The
 * walks resume from that key, so entries that come and go between passes
 * neither repeat nor hide others; the configuration and state generations
 * together flag such changes with NLM_F_DUMP_INTR.
 */
struct state_dump {
	struct nat64_state_filter f;
	struct nat64_state_pos pos;
	u8 protos;
	u8 proto;
};

struct dump_out {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

static struct state_dump *state_dump(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct state_dump) > sizeof(cb->ctx));
	return (struct state_dump *)cb->ctx;
}

static int state_dump_filter(struct netlink_callback *cb, int type,
			     int max, const struct nla_policy *policy,
			     int proto, int addr6, int addr4, int raddr4,
			     const char *ports)
{
	struct nlattr *nest = nat64_dump_attrs(cb)[type];
	struct state_dump *d = state_dump(cb);
	struct nlattr *tb[NAT64_SESSION_A_MAX + 1];
	int err;

	BUILD_BUG_ON(NAT64_BIB_A_MAX > NAT64_SESSION_A_MAX);
	d->protos = NAT64_PROTO_ALL;
	if (!nest)
		return 0;
	err = nla_parse_nested(tb, max, nest, policy, cb->extack);
	if (err)
		return err;
	if (ports && (tb[NAT64_BIB_A_PORT6] || tb[NAT64_BIB_A_PORT4])) {
		set_err(cb->extack, nest, ports);
		return -EINVAL;
	}
	if (tb[proto])
		d->protos = NAT64_PROTO_BIT(nla_get_u8(tb[proto]));
	if (tb[addr6]) {
		nla_memcpy(&d->f.addr6, tb[addr6], sizeof(d->f.addr6));
		d->f.has |= NAT64_FILTER_ADDR6;
	}
	if (tb[addr4]) {
		d->f.addr4 = nla_get_in_addr(tb[addr4]);
		d->f.has |= NAT64_FILTER_ADDR4;
	}
	if (raddr4 && tb[raddr4]) {
		d->f.raddr4 = nla_get_in_addr(tb[raddr4]);
		d->f.has |= NAT64_FILTER_RADDR4;
	}
	return 0;
}

/*
 * One pass of a BIB or session dump: each protocol asked for in turn,
 * from where the last pass stopped, until the message is full.  The
 * pernet lock keeps the instance alive while the walk sleeps between
 * chunks.
 */
static int state_dump_pass(struct sk_buff *skb, struct netlink_callback *cb,
			   bool sessions, void *fill)
{
	struct nat64_pernet *pn = nat64_pernet(sock_net(skb->sk));
	struct state_dump *d = state_dump(cb);
	struct dump_out out = { .skb = skb, .cb = cb };
	struct nat64_instance *inst;
	int err = 0;

	mutex_lock(&pn->lock);
	inst = nat64_instance_get_locked(pn);
	if (!inst) {
		mutex_unlock(&pn->lock);
		NL_SET_ERR_MSG(cb->extack, NO_INSTANCE);
		return -ENOENT;
	}
	cb->seq = READ_ONCE(pn->gen) + nat64_state_gen(inst);
	for (; d->proto < NAT64_PROTO_COUNT; d->proto++) {
		if (!(d->protos & NAT64_PROTO_BIT(d->proto)))
			continue;
		err = sessions ?
		      nat64_state_walk_sessions(inst, d->proto, &d->f,
						&d->pos, fill, &out) :
		      nat64_state_walk_bib(inst, d->proto, &d->f, &d->pos,
					   fill, &out);
		if (err)
			break;
		memset(&d->pos, 0, sizeof(d->pos));
	}
	mutex_unlock(&pn->lock);
	return err && err != -EMSGSIZE ? err : skb->len;
}

static void *dump_put(struct dump_out *out, u8 cmd)
{
	void *hdr = genlmsg_put(out->skb, NETLINK_CB(out->cb->skb).portid,
				out->cb->nlh->nlmsg_seq, &nat64_family,
				NLM_F_MULTI, cmd);

	if (hdr)
		nl_dump_check_consistent(out->cb, genlmsg_nlhdr(hdr));
	return hdr;
}

static int bib_fill(void *ctx, const struct nat64_bib_info *b)
{
	struct dump_out *out = ctx;
	void *hdr;

	hdr = dump_put(out, NAT64_CMD_BIB_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nat64_bib_info_put(out->skb, b, true)) {
		genlmsg_cancel(out->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(out->skb, hdr);
	return 0;
}

static int session_fill(void *ctx, const struct nat64_session_info *s)
{
	struct dump_out *out = ctx;
	void *hdr;

	hdr = dump_put(out, NAT64_CMD_SESSION_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nat64_session_info_put(out->skb, s, true)) {
		genlmsg_cancel(out->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(out->skb, hdr);
	return 0;
}

static int bib_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	int err;

	if (!state_dump(cb)->protos) {
		err = state_dump_filter(cb, NAT64_A_BIB, NAT64_BIB_A_MAX,
					bib_policy, NAT64_BIB_A_PROTO,
					NAT64_BIB_A_ADDR6, NAT64_BIB_A_ADDR4, 0,
					"bib show filters by protocol and addresses only");
		if (err)
			return err;
	}
	return state_dump_pass(skb, cb, false, bib_fill);
}

static int session_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	int err;

	if (!state_dump(cb)->protos) {
		err = state_dump_filter(cb, NAT64_A_SESSION,
					NAT64_SESSION_A_MAX, session_policy,
					NAT64_SESSION_A_PROTO,
					NAT64_SESSION_A_ADDR6,
					NAT64_SESSION_A_ADDR4,
					NAT64_SESSION_A_REMOTE4, NULL);
		if (err)
			return err;
	}
	return state_dump_pass(skb, cb, true, session_fill);
}

/*
 * POOL4_USE_GET: per protocol, the addresses with BIB entries, resuming at
 * the address after the last one sent.  cb->args: the protocols asked for
 * (with a bit saying they were parsed), the protocol and the address.
 */
enum { USE_PROTOS, USE_PROTO, USE_NEXT };
#define USE_PARSED	BIT(NAT64_PROTO_COUNT)

static int pool4_use_filter(struct netlink_callback *cb)
{
	struct nlattr *nest = nat64_dump_attrs(cb)[NAT64_A_POOL4_USE];
	struct nlattr *tb[NAT64_POOL4_USE_A_MAX + 1];
	int err;

	cb->args[USE_PROTOS] = USE_PARSED | NAT64_PROTO_ALL;
	if (!nest)
		return 0;
	err = nla_parse_nested(tb, NAT64_POOL4_USE_A_MAX, nest,
			       pool4_use_policy, cb->extack);
	if (err)
		return err;
	if (tb[NAT64_POOL4_USE_A_ADDR] || tb[NAT64_POOL4_USE_A_USED] ||
	    tb[NAT64_POOL4_USE_A_PORTS]) {
		set_err(cb->extack, nest,
			"pool4 usage filters by protocol only");
		return -EINVAL;
	}
	if (tb[NAT64_POOL4_USE_A_PROTO])
		cb->args[USE_PROTOS] = USE_PARSED |
			NAT64_PROTO_BIT(nla_get_u8(tb[NAT64_POOL4_USE_A_PROTO]));
	return 0;
}

static int pool4_use_fill(void *ctx, const struct nat64_addr_use_info *u)
{
	struct dump_out *out = ctx;
	struct sk_buff *skb = out->skb;
	struct nlattr *nest;
	void *hdr;

	hdr = dump_put(out, NAT64_CMD_POOL4_USE_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, NAT64_A_POOL4_USE);
	if (!nest ||
	    nla_put_u8(skb, NAT64_POOL4_USE_A_PROTO, u->proto) ||
	    nla_put_in_addr(skb, NAT64_POOL4_USE_A_ADDR, u->addr) ||
	    nla_put_u32(skb, NAT64_POOL4_USE_A_USED, u->used) ||
	    nla_put_u32(skb, NAT64_POOL4_USE_A_PORTS, u->ports)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

static int pool4_use_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nat64_pernet *pn = nat64_pernet(sock_net(skb->sk));
	struct dump_out out = { .skb = skb, .cb = cb };
	struct nat64_instance *inst;
	u64 next;
	int err = 0;

	if (!cb->args[USE_PROTOS]) {
		err = pool4_use_filter(cb);
		if (err)
			return err;
	}
	rcu_read_lock();
	inst = rcu_dereference(pn->inst);
	if (!inst) {
		rcu_read_unlock();
		NL_SET_ERR_MSG(cb->extack, NO_INSTANCE);
		return -ENOENT;
	}
	for (; cb->args[USE_PROTO] < NAT64_PROTO_COUNT; cb->args[USE_PROTO]++) {
		if (!(cb->args[USE_PROTOS] &
		      NAT64_PROTO_BIT(cb->args[USE_PROTO])))
			continue;
		next = cb->args[USE_NEXT];
		err = nat64_state_walk_addr_use(inst, cb->args[USE_PROTO],
						&next, pool4_use_fill, &out);
		cb->args[USE_NEXT] = next;
		if (err)
			break;
		cb->args[USE_NEXT] = 0;
	}
	rcu_read_unlock();
	return err && err != -EMSGSIZE ? err : skb->len;
}

/*
 * CONFIG_APPLY: the request into struct nat64_config.  Each POOL4 and
 * BIB nest goes through the parser of its own command (POOL4_ADD's
 * defaults, BIB_ADD's checks), by way of a genl_info holding only it, so
 * that a line means the same in a file as on the command line.
 */
static int config_pool4(struct genl_info *info, struct nlattr *nest,
			struct nat64_config *cfg)
{
	struct nlattr *attrs[NAT64_A_MAX + 1] = { [NAT64_A_POOL4] = nest };
	struct genl_info one = { .attrs = attrs, .extack = info->extack };
	struct pool4_req req;
	int n, err;

	err = pool4_parse_prefix(&one, &req);
	if (err)
		return err;
	n = pool4_entries(&one, &req, cfg->e + cfg->n_e);
	if (n < 0)
		return n;
	while (n--)
		cfg->e_nest[cfg->n_e++] = nest;
	return 0;
}

static int config_bib(struct genl_info *info, struct nlattr *nest,
		      struct nat64_config *cfg)
{
	struct nlattr *attrs[NAT64_A_MAX + 1] = { [NAT64_A_BIB] = nest };
	struct genl_info one = { .attrs = attrs, .extack = info->extack };
	struct nat64_config_bib *c = &cfg->bib[cfg->n_bib];
	int err;

	err = bib_parse_static(&one, genl_info_net(info), &c->b);
	if (err)
		return err;
	c->nest = nest;
	cfg->n_bib++;
	return 0;
}

/* The defaults, with the keys of @nest (if any) set. */
static int config_globals(struct sk_buff *skb, struct genl_info *info,
			  struct nlattr *nest, struct nat64_config *cfg)
{
	struct nlattr *tb[NAT64_GLOBAL_A_MAX + 1] = { NULL };
	struct nat64_globals *g;
	int err;

	if (nest) {
		err = nla_parse_nested(tb, NAT64_GLOBAL_A_MAX, nest,
				       nat64_globals_policy, info->extack);
		if (err)
			return err;
	}
	err = nat64_ceiling_may_raise(skb, tb, info->extack);
	if (err)
		return err;
	g = nat64_globals_from(tb, info->extack);
	if (IS_ERR(g))
		return PTR_ERR(g);
	cfg->g = g;
	cfg->globals_nest = nest;
	return 0;
}

/* The request's attributes, repeats included. */
#define for_each_request_attr(a, info, rem)				\
	nla_for_each_attr(a, genlmsg_data((info)->genlhdr),		\
			  genlmsg_len((info)->genlhdr), rem)

/* Room for every POOL4 nest's entries (one per protocol) and BIB nest. */
static int config_alloc(struct genl_info *info, struct nat64_config *cfg)
{
	u32 n_pool4 = 0, n_bib = 0;
	struct nlattr *a;
	int rem;

	for_each_request_attr(a, info, rem) {
		if (nla_type(a) == NAT64_A_POOL4)
			n_pool4++;
		else if (nla_type(a) == NAT64_A_BIB)
			n_bib++;
	}
	n_pool4 *= NAT64_PROTO_COUNT;
	cfg->e = kvcalloc(n_pool4, sizeof(*cfg->e), GFP_KERNEL_ACCOUNT);
	cfg->e_nest = kvcalloc(n_pool4, sizeof(*cfg->e_nest),
			       GFP_KERNEL_ACCOUNT);
	cfg->bib = kvcalloc(n_bib, sizeof(*cfg->bib), GFP_KERNEL_ACCOUNT);
	return cfg->e && cfg->e_nest && cfg->bib ? 0 : -ENOMEM;
}

static int config_parse(struct sk_buff *skb, struct genl_info *info,
			struct nat64_config *cfg)
{
	struct nlattr *a;
	int rem, err;

	err = pool6_parse(info, info->attrs[NAT64_A_INSTANCE], &cfg->pool6,
			  &cfg->pool6_len, &cfg->mode) ?:
	      config_globals(skb, info, info->attrs[NAT64_A_GLOBALS], cfg) ?:
	      config_alloc(info, cfg);
	if (err)
		return err;
	cfg->check = nla_get_flag(info->attrs[NAT64_A_CONFIG_CHECK]);
	for_each_request_attr(a, info, rem) {
		if (nla_type(a) == NAT64_A_POOL4)
			err = config_pool4(info, a, cfg);
		else if (nla_type(a) == NAT64_A_BIB)
			err = config_bib(info, a, cfg);
		if (err)
			return err;
	}
	return 0;
}

static int config_apply(struct sk_buff *skb, struct genl_info *info)
{
	struct nat64_config cfg = { };
	int err;

	err = config_parse(skb, info, &cfg) ?:
	      nat64_config_apply(genl_info_net(info), &cfg, info->extack);
	nat64_config_free(&cfg);
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
		.cmd = NAT64_CMD_BIB_ADD,
		.doit = bib_add,
		.policy = bib_cmd_policy,
		.maxattr = NAT64_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NAT64_CMD_BIB_DEL,
		.doit = bib_del,
		.policy = bib_cmd_policy,
		.maxattr = NAT64_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NAT64_CMD_BIB_GET,
		.dumpit = bib_dump,
		.policy = bib_cmd_policy,
		.maxattr = NAT64_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NAT64_CMD_SESSION_GET,
		.dumpit = session_dump,
		.policy = session_cmd_policy,
		.maxattr = NAT64_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NAT64_CMD_STATS_GET,
		.doit = stats_get,
	},
	{
		.cmd = NAT64_CMD_POOL4_USE_GET,
		.dumpit = pool4_use_dump,
		.policy = pool4_use_cmd_policy,
		.maxattr = NAT64_A_MAX,
	},
	{
		.cmd = NAT64_CMD_CONFIG_APPLY,
		.doit = config_apply,
		.policy = config_cmd_policy,
		.maxattr = NAT64_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NAT64_CMD_SESSION_FLUSH,
		.doit = session_flush,
		.policy = session_cmd_policy,
		.maxattr = NAT64_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

/*
 * The state events (event.c).  Joining needs CAP_NET_ADMIN over the
 * namespace (kernels since 6.1.66 and 6.6.5 have the flag): the events
 * show every subscriber's flows, as conntrack's do.
 */
#ifndef GENL_MCAST_CAP_NET_ADMIN
#error "this kernel cannot restrict a generic netlink group to CAP_NET_ADMIN"
#endif
static const struct genl_multicast_group nat64_mcgrps[] = {
	[NAT64_MCGRP_BIB] = {
		.name = NAT64_GENL_MCGRP_BIB,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
	[NAT64_MCGRP_SESSION] = {
		.name = NAT64_GENL_MCGRP_SESSION,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

struct genl_family nat64_family __ro_after_init = {
	.name = NAT64_GENL_NAME,
	.version = NAT64_GENL_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = nat64_ops,
	.n_ops = ARRAY_SIZE(nat64_ops),
	.mcgrps = nat64_mcgrps,
	.n_mcgrps = ARRAY_SIZE(nat64_mcgrps),
};

int __init nat64_genl_init(void)
{
	int err = genl_register_family(&nat64_family);

	if (!err)
		nat64_event_start();
	return err;
}

/* No event may be sent once the family's group numbers are given back. */
void nat64_genl_exit(void)
{
	nat64_event_stop();
	genl_unregister_family(&nat64_family);
}
