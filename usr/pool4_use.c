// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl pool4 usage [ proto PROTO ]: how many ports of each pool4
 * address the BIB entries hold, for the addresses that hold any; the
 * addresses near their end are where new flows will soon be refused
 * (drop-pool4-exhausted).
 */
#include <string.h>
#include <arpa/inet.h>

#include <nat64.h>

#include "json_print.h"
#include "nat64ctl.h"
#include "netlink.h"
#include "pool4.h"
#include "pool4_use.h"

struct use_dump {
	bool has_proto;
	unsigned int proto;
	pool4_use_cb cb;
	void *arg;
};

static int read_use(struct nlmsghdr *nlh, struct pool4_use *u)
{
	struct nlattr *tb[NAT64_POOL4_USE_A_MAX + 1];
	uint8_t proto;

	if (nat64_reply_nest(nlh, NAT64_A_POOL4_USE, tb,
			     NAT64_POOL4_USE_A_MAX) ||
	    nat64_get_u8(tb, NAT64_POOL4_USE_A_PROTO, "pool4 use protocol",
			 &proto) ||
	    nat64_get_bin(tb, NAT64_POOL4_USE_A_ADDR, "pool4 use address",
			  &u->addr, sizeof(u->addr)) ||
	    nat64_get_u32(tb, NAT64_POOL4_USE_A_USED, "pool4 ports used",
			  &u->used) ||
	    nat64_get_u32(tb, NAT64_POOL4_USE_A_PORTS, "pool4 address ports",
			  &u->ports))
		return -1;
	u->proto = proto;
	return 0;
}

static int use_reply(struct nlmsghdr *nlh, void *arg)
{
	const struct use_dump *d = arg;
	struct pool4_use u;

	if (read_use(nlh, &u))
		return -1;
	/* The kernel filters; checking again costs nothing. */
	if (d->has_proto && u.proto != d->proto)
		return 0;
	return d->cb(&u, d->arg);
}

static int use_filter(struct nl_msg *msg, void *arg)
{
	const struct use_dump *d = arg;
	struct nlattr *nest;

	if (!d->has_proto)
		return 0;
	nest = nla_nest_start(msg, NAT64_A_POOL4_USE | NLA_F_NESTED);
	if (!nest || nla_put_u8(msg, NAT64_POOL4_USE_A_PROTO, d->proto) < 0)
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

int pool4_use_dump(bool has_proto, unsigned int proto, pool4_use_cb cb,
		   void *arg)
{
	struct use_dump d = {
		.has_proto = has_proto,
		.proto = proto,
		.cb = cb,
		.arg = arg,
	};

	return nat64_dump(NAT64_CMD_POOL4_USE_GET, use_filter, use_reply,
			  NULL, &d);
}

/* "tcp 192.0.2.1 used 3 of 64512", printed as it arrives. */
static int print_use(const struct pool4_use *u, void *arg)
{
	char addr[INET_ADDRSTRLEN];
	bool *listed = arg;

	if (!*listed) {
		print_open_array(NULL);
		*listed = true;
	}
	print_open_object(NULL);
	print_string(PRINT_ANY, "proto", "%s", proto_name(u->proto));
	print_string(PRINT_ANY, "addr", " %s",
		     inet_ntop(AF_INET, &u->addr, addr, sizeof(addr)));
	print_uint(PRINT_ANY, "used", " used %u", u->used);
	print_uint(PRINT_ANY, "ports", " of %u\n", u->ports);
	print_close_object();
	return 0;
}

int pool4_use_show(int argc, char **argv)
{
	struct pool4_req req;
	bool listed = false;
	int ret;

	if (pool4_parse("usage", argc, argv, &req))
		return ctl_usage_error();
	ret = pool4_use_dump(req.has_proto, req.proto, print_use, &listed);
	/* Keep the JSON whole even when the dump failed half way. */
	if (!ret && !listed)
		print_open_array(NULL);
	if (!ret || listed)
		print_close_array();
	return ret;
}
