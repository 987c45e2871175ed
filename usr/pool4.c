// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl pool4 { add | del | flush | show | usage }: the IPv4 addresses
 * and port ranges the NAT64 masks IPv6 clients behind, per protocol, and
 * (pool4_use.c) how much of them is in use.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nat64.h>

#include "json_print.h"
#include "nat64ctl.h"
#include "netlink.h"
#include "pool4.h"
#include "pool4_use.h"

enum { KW_PROTO, KW_PORTS };

/* add and del need a prefix first: name it, even if a keyword came first. */
static int parse_prefix(const char *cmd, int argc, char **argv,
			struct pool4_req *req)
{
	if (!argc)
		return parse_fail("pool4 %s needs an IPv4 prefix", cmd);
	if (!strcmp(argv[0], "proto") || !strcmp(argv[0], "ports"))
		return parse_fail("pool4 %s needs an IPv4 prefix before '%s'",
				  cmd, argv[0]);
	return parse_prefix4("pool4 prefix", argv[0], NAT64_POOL4_PLEN_MIN,
			     &req->prefix);
}

/*
 * Ports are checked after the protocol, wherever each was written: ICMP
 * "ports" are identifiers, for which 0 is fine; TCP and UDP port 0 is not
 * (and without a protocol the range applies to TCP and UDP too).
 */
static int parse_ports_for(const char *s, struct pool4_req *req)
{
	bool icmp = req->has_proto && req->proto == NAT64_PROTO_ICMP;

	req->has_ports = true;
	return parse_ports(icmp ? "icmp identifier" : "port", s,
			   icmp ? 0 : NAT64_POOL4_PORT_LOWEST, &req->ports);
}

int pool4_parse(const char *cmd, int argc, char **argv,
		struct pool4_req *req)
{
	struct parse_kw kw[] = {
		[KW_PROTO] = { .name = "proto" },
		[KW_PORTS] = { .name = "ports" },
	};
	bool with_prefix = !strcmp(cmd, "add") || !strcmp(cmd, "del");
	char what[32];

	memset(req, 0, sizeof(*req));
	if (with_prefix) {
		if (parse_prefix(cmd, argc, argv, req))
			return -1;
		argc--;
		argv++;
	}
	snprintf(what, sizeof(what), "pool4 %s", cmd);
	if (parse_keywords(what, argc, argv, kw, with_prefix ? 2 : 1))
		return -1;
	if (kw[KW_PROTO].value) {
		if (parse_proto(kw[KW_PROTO].value, &req->proto))
			return -1;
		req->has_proto = true;
	}
	if (with_prefix && kw[KW_PORTS].value)
		return parse_ports_for(kw[KW_PORTS].value, req);
	return 0;
}

/* The nest @type (NAT64_A_POOL4, in POOL4_ADD and CONFIG_APPLY) of a request. */
static int put_entry(struct nl_msg *msg, int type,
		     const struct pool4_req *req, bool with_prefix)
{
	struct nlattr *nest = nla_nest_start(msg, type | NLA_F_NESTED);

	if (!nest)
		return -1;
	if (req->has_proto &&
	    nla_put_u8(msg, NAT64_POOL4_A_PROTO, req->proto) < 0)
		return -1;
	if (with_prefix &&
	    (nla_put(msg, NAT64_POOL4_A_ADDR, sizeof(req->prefix.addr),
		     &req->prefix.addr) < 0 ||
	     nla_put_u8(msg, NAT64_POOL4_A_PLEN, req->prefix.len) < 0))
		return -1;
	if (req->has_ports &&
	    (nla_put_u16(msg, NAT64_POOL4_A_PORT_MIN, req->ports.min) < 0 ||
	     nla_put_u16(msg, NAT64_POOL4_A_PORT_MAX, req->ports.max) < 0))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

int pool4_put_entry(struct nl_msg *msg, int type, const struct pool4_req *req)
{
	return put_entry(msg, type, req, true);
}

/* add, del and flush: parse, send, wait for the ACK. */
static int pool4_change(const char *cmd, uint8_t nl_cmd, int argc,
			char **argv)
{
	bool with_prefix = nl_cmd != NAT64_CMD_POOL4_FLUSH;
	struct pool4_req req;
	struct nl_msg *msg;

	if (pool4_parse(cmd, argc, argv, &req))
		return ctl_usage_error();
	msg = nat64_msg(nl_cmd);
	if (!msg)
		return EXIT_FAIL;
	/* A flush of everything carries no attribute at all. */
	if ((with_prefix || req.has_proto) &&
	    put_entry(msg, NAT64_A_POOL4, &req, with_prefix))
		return nat64_msg_abort(msg);
	return nat64_request(msg, NULL, NULL);
}

static int pool4_add(int argc, char **argv)
{
	return pool4_change("add", NAT64_CMD_POOL4_ADD, argc, argv);
}

static int pool4_del(int argc, char **argv)
{
	return pool4_change("del", NAT64_CMD_POOL4_DEL, argc, argv);
}

static int pool4_flush(int argc, char **argv)
{
	return pool4_change("flush", NAT64_CMD_POOL4_FLUSH, argc, argv);
}

/* The whole table, kept until the dump proved consistent. */
struct pool4_table {
	struct pool4_entry *entries;
	size_t count;
	size_t size;
	const struct pool4_req *filter;
};

static int table_grow(struct pool4_table *t)
{
	struct pool4_entry *e = ctl_grow(t->entries, &t->size, sizeof(*e), 64);

	if (!e) {
		ctl_error("%s", strerror(ENOMEM));
		return -1;
	}
	t->entries = e;
	return 0;
}

static int pool4_reply(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[NAT64_POOL4_A_MAX + 1];
	struct pool4_table *t = arg;
	struct pool4_entry *e;
	uint8_t proto, plen;
	uint16_t min, max;

	if (t->count == t->size && table_grow(t))
		return -1;
	e = &t->entries[t->count];
	if (nat64_reply_nest(nlh, NAT64_A_POOL4, tb, NAT64_POOL4_A_MAX) ||
	    nat64_get_u8(tb, NAT64_POOL4_A_PROTO, "pool4 protocol", &proto) ||
	    nat64_get_bin(tb, NAT64_POOL4_A_ADDR, "pool4 address",
			  &e->prefix.addr, sizeof(e->prefix.addr)) ||
	    nat64_get_u8(tb, NAT64_POOL4_A_PLEN, "pool4 prefix length",
			 &plen) ||
	    nat64_get_u16(tb, NAT64_POOL4_A_PORT_MIN, "pool4 port-min", &min) ||
	    nat64_get_u16(tb, NAT64_POOL4_A_PORT_MAX, "pool4 port-max", &max))
		return -1;
	e->prefix.len = plen;
	e->proto = proto;
	e->port_min = min;
	e->port_max = max;
	t->count++;
	return 0;
}

/* "show proto P": the kernel filters for us (and we check it did). */
static int pool4_filter(struct nl_msg *msg, void *arg)
{
	const struct pool4_table *t = arg;

	if (!t->filter->has_proto)
		return 0;
	return put_entry(msg, NAT64_A_POOL4, t->filter, false);
}

/* An interrupted dump starts over: forget what it gave. */
static void pool4_restart(void *arg)
{
	struct pool4_table *t = arg;

	t->count = 0;
}

static void print_entry(const struct pool4_entry *e)
{
	char prefix[PREFIX4_STRLEN];

	print_open_object(NULL);
	print_string(PRINT_ANY, "prefix", "%s",
		     format_prefix4(&e->prefix, prefix, sizeof(prefix)));
	print_string(PRINT_ANY, "proto", " proto %s", proto_name(e->proto));
	print_uint(PRINT_ANY, "port-min", " ports %u", e->port_min);
	print_uint(PRINT_ANY, "port-max", "-%u\n", e->port_max);
	print_close_object();
}

int pool4_get(const struct pool4_req *filter, struct pool4_entry **entries,
	      size_t *count)
{
	struct pool4_table t = { .filter = filter };
	int ret;

	ret = nat64_dump(NAT64_CMD_POOL4_GET, pool4_filter, pool4_reply,
			 pool4_restart, &t);
	if (ret) {
		free(t.entries);
		return ret;
	}
	*entries = t.entries;
	*count = t.count;
	return EXIT_OK;
}

static int pool4_show(int argc, char **argv)
{
	struct pool4_entry *entries;
	struct pool4_req req;
	size_t i, count;
	int ret;

	if (pool4_parse("show", argc, argv, &req))
		return ctl_usage_error();
	ret = pool4_get(&req, &entries, &count);
	if (ret)
		return ret;
	print_open_array(NULL);
	for (i = 0; i < count; i++)
		if (!req.has_proto || entries[i].proto == req.proto)
			print_entry(&entries[i]);
	print_close_array();
	free(entries);
	return EXIT_OK;
}

static void pool4_usage(FILE *fp)
{
	fprintf(fp,
		"Usage: nat64ctl pool4 add PREFIX4 [ proto PROTO ] [ ports PORTS ]\n"
		"       nat64ctl pool4 del PREFIX4 [ proto PROTO ] [ ports PORTS ]\n"
		"       nat64ctl pool4 flush [ proto PROTO ]\n"
		"       nat64ctl pool4 show [ proto PROTO ]\n"
		"       nat64ctl pool4 usage [ proto PROTO ]\n"
		"       nat64ctl pool4 help\n"
		"where  PREFIX4 := ADDRESS[/LENGTH]  (LENGTH %u-32, default 32)\n"
		"       PROTO := { tcp | udp | icmp }  (default: all three)\n"
		"       PORTS := { MIN-MAX | PORT }  (ports 1-65535, icmp identifiers 0-65535;\n"
		"                add default: %u-%u for tcp and udp, %u-%u for icmp;\n"
		"                del default: the whole range)\n"
		"       usage: the ports BIB entries hold, per address that holds any\n",
		NAT64_POOL4_PLEN_MIN,
		NAT64_POOL4_PORT_MIN_DEF, NAT64_POOL4_PORT_MAX_DEF,
		NAT64_POOL4_ICMP_ID_MIN_DEF, NAT64_POOL4_ICMP_ID_MAX_DEF);
}

static const struct ctl_cmd pool4_cmds[] = {
	{ "add", pool4_add },
	{ "del", pool4_del },
	{ "flush", pool4_flush },
	{ "show", pool4_show },
	{ "usage", pool4_use_show },
	{ NULL, NULL },
};

const struct ctl_object ctl_object_pool4 = {
	.name = "pool4",
	.usage = pool4_usage,
	.cmds = pool4_cmds,
};
