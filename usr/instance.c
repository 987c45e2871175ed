// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl instance { add pool6 PREFIX6 [ mode MODE ] | del | show }: the
 * NAT64 of the current network namespace (there is at most one).
 */
#include <nat64.h>

#include "instance.h"
#include "json_print.h"
#include "nat64ctl.h"
#include "netlink.h"

#include "array_size.h"

static const char *const mode_names[NAT64_INSTANCE_MODE_COUNT] = {
	[NAT64_INSTANCE_MODE_NETFILTER] = "netfilter",
	[NAT64_INSTANCE_MODE_TARGET] = "target",
};

const char *instance_mode_name(unsigned int mode)
{
	return mode < ARRAY_SIZE(mode_names) ? mode_names[mode] : "unknown";
}

int instance_parse_add(int argc, char **argv, struct instance_req *req)
{
	struct parse_kw kw[] = { { .name = "pool6" }, { .name = "mode" } };

	req->mode = NAT64_INSTANCE_MODE_NETFILTER;
	if (parse_keywords("instance add", argc, argv, kw, ARRAY_SIZE(kw)))
		return -1;
	if (!kw[0].value)
		return parse_fail("instance add needs 'pool6 PREFIX6'");
	if (parse_prefix6("pool6 prefix", kw[0].value, &req->pool6))
		return -1;
	return kw[1].value ? parse_word("mode", kw[1].value, mode_names,
					ARRAY_SIZE(mode_names), &req->mode) : 0;
}

/*
 * The mode goes only for target.  Without it a kernel makes a netfilter
 * instance, and a kernel from before target mode refuses an attribute it
 * does not know: so netfilter instances still work with such a kernel,
 * and a target one is refused by it rather than quietly made netfilter.
 */
int instance_put(struct nl_msg *msg, int type, const struct instance_req *req)
{
	struct nlattr *nest = nla_nest_start(msg, type | NLA_F_NESTED);

	if (!nest ||
	    nla_put(msg, NAT64_INSTANCE_A_POOL6_ADDR, sizeof(req->pool6.addr),
		    &req->pool6.addr) < 0 ||
	    nla_put_u8(msg, NAT64_INSTANCE_A_POOL6_LEN, req->pool6.len) < 0 ||
	    (req->mode != NAT64_INSTANCE_MODE_NETFILTER &&
	     nla_put_u8(msg, NAT64_INSTANCE_A_MODE, req->mode) < 0))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

static int instance_add(int argc, char **argv)
{
	struct instance_req req;
	struct nl_msg *msg;

	if (instance_parse_add(argc, argv, &req))
		return ctl_usage_error();
	msg = nat64_msg(NAT64_CMD_INSTANCE_ADD);
	if (!msg)
		return EXIT_FAIL;
	if (instance_put(msg, NAT64_A_INSTANCE, &req))
		return nat64_msg_abort(msg);
	return nat64_request(msg, NULL, NULL);
}

static int instance_del(int argc, char **argv)
{
	struct nl_msg *msg;

	if (ctl_no_args("instance del", argc, argv))
		return EXIT_USAGE;
	msg = nat64_msg(NAT64_CMD_INSTANCE_DEL);
	if (!msg)
		return EXIT_FAIL;
	return nat64_request(msg, NULL, NULL);
}

static int instance_reply(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[NAT64_INSTANCE_A_MAX + 1];
	struct instance_info *info = arg;
	uint8_t len, mode = NAT64_INSTANCE_MODE_NETFILTER;

	/* A kernel from before target mode sends no mode: netfilter. */
	if (nat64_reply_nest(nlh, NAT64_A_INSTANCE, tb, NAT64_INSTANCE_A_MAX) ||
	    nat64_get_bin(tb, NAT64_INSTANCE_A_POOL6_ADDR, "pool6 address",
			  &info->pool6.addr, sizeof(info->pool6.addr)) ||
	    nat64_get_u8(tb, NAT64_INSTANCE_A_POOL6_LEN, "pool6 length",
			 &len) ||
	    nat64_get_u32(tb, NAT64_INSTANCE_A_POOL4_COUNT, "pool4 count",
			  &info->pool4_count) ||
	    (tb[NAT64_INSTANCE_A_MODE] &&
	     nat64_get_u8(tb, NAT64_INSTANCE_A_MODE, "instance mode", &mode)))
		return -1;
	info->pool6.len = len;
	info->mode = mode;
	info->got = true;
	return 0;
}

int instance_get(struct instance_info *info)
{
	struct nl_msg *msg;
	int ret;

	info->got = false;
	msg = nat64_msg(NAT64_CMD_INSTANCE_GET);
	if (!msg)
		return EXIT_FAIL;
	ret = nat64_request(msg, instance_reply, info);
	if (ret)
		return ret;
	if (!info->got) {
		ctl_error("the nat64 module acknowledged but sent no instance");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int instance_show(int argc, char **argv)
{
	struct instance_info info;
	char pool6[PREFIX6_STRLEN];
	int ret;

	if (ctl_no_args("instance show", argc, argv))
		return EXIT_USAGE;
	ret = instance_get(&info);
	if (ret)
		return ret;

	print_open_object(NULL);
	print_string(PRINT_ANY, "pool6", "pool6 %s\n",
		     format_prefix6(&info.pool6, pool6, sizeof(pool6)));
	print_string(PRINT_ANY, "mode", "mode %s\n",
		     instance_mode_name(info.mode));
	print_uint(PRINT_ANY, "pool4-entries", "pool4-entries %u\n",
		   info.pool4_count);
	print_close_object();
	return EXIT_OK;
}

static void instance_usage(FILE *fp)
{
	fprintf(fp,
		"Usage: nat64ctl instance add pool6 PREFIX6 [ mode MODE ]\n"
		"       nat64ctl instance del\n"
		"       nat64ctl instance show\n"
		"       nat64ctl instance help\n"
		"where  PREFIX6 := IPv6 prefix, length one of %s\n"
		"                  (such as the well-known prefix %s/96)\n"
		"       MODE := { netfilter | target }  (default netfilter: the\n"
		"               instance's own hooks take every packet to pool6 and\n"
		"               pool4; target: only what iptables rules in mangle\n"
		"               PREROUTING hand it with -j NAT64)\n",
		pool6_len_list(), NAT64_POOL6_WKP);
}

static const struct ctl_cmd instance_cmds[] = {
	{ "add", instance_add },
	{ "del", instance_del },
	{ "show", instance_show },
	{ NULL, NULL },
};

const struct ctl_object ctl_object_instance = {
	.name = "instance",
	.usage = instance_usage,
	.cmds = instance_cmds,
};
