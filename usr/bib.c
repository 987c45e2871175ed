// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl bib { add | del | show }: the binding information bases, one
 * per protocol, that tie an IPv6 transport address (X',x) to the IPv4 one
 * (T,t) the NAT64 masks it behind (RFC 6146 section 3.1).  Static entries
 * publish IPv6 servers to IPv4 clients.
 */
#include <string.h>
#include <arpa/inet.h>

#include <nat64.h>

#include "bib.h"
#include "json_print.h"
#include "nat64ctl.h"
#include "netlink.h"

#include "array_size.h"

/* Transport addresses are told apart by their form, so order is free. */
static int collect(const char *cmd, int argc, char **argv,
		   const char **proto, const char **s6, const char **s4)
{
	const char **slot;
	int i;

	*proto = *s6 = *s4 = NULL;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "proto")) {
			if (i + 1 == argc)
				return parse_fail("missing value after 'proto'");
			if (*proto)
				return parse_fail("'proto' given twice");
			*proto = argv[++i];
			continue;
		}
		switch (taddr_kind(argv[i])) {
		case TADDR_6:
			slot = s6;
			break;
		case TADDR_4:
			slot = s4;
			break;
		default:
			return parse_fail("unknown bib %s argument '%s'; expected 'proto', [ADDR6]:PORT or ADDR4:PORT",
					  cmd, parse_quote(argv[i]));
		}
		if (*slot)
			return parse_fail("bib %s takes one IPv%c address and port, not both '%s' and '%s'",
					  cmd, slot == s6 ? '6' : '4',
					  parse_quote(*slot),
					  parse_quote(argv[i]));
		*slot = argv[i];
	}
	return 0;
}

/*
 * add: proto and both sides; del: proto and one side, or both (which the
 * kernel checks belong to the same entry), so a pasted show line works.
 */
static int parse_change(const char *cmd, int argc, char **argv,
			struct bib_req *req)
{
	bool add = !strcmp(cmd, "add");
	const char *proto, *s6, *s4;

	if (collect(cmd, argc, argv, &proto, &s6, &s4))
		return -1;
	if (!proto)
		return parse_fail("bib %s needs 'proto PROTO'", cmd);
	if (parse_proto(proto, &req->proto))
		return -1;
	req->has_proto = true;
	if (add && !s6)
		return parse_fail("bib add needs the IPv6 side, [ADDR6]:PORT");
	if (add && !s4)
		return parse_fail("bib add needs the IPv4 side, ADDR4:PORT");
	if (!add && !s6 && !s4)
		return parse_fail("bib del needs a side of the entry, [ADDR6]:PORT or ADDR4:PORT");
	req->has6 = s6 != NULL;
	req->has4 = s4 != NULL;
	if (s6 && parse_taddr6(s6, req->proto, &req->t6))
		return -1;
	if (s4 && parse_taddr4(s4, req->proto, &req->t4))
		return -1;
	return 0;
}

enum { KW_PROTO, KW_ADDR4, KW_ADDR6 };

static int parse_show(int argc, char **argv, struct bib_req *req)
{
	struct parse_kw kw[] = {
		[KW_PROTO] = { .name = "proto" },
		[KW_ADDR4] = { .name = "addr4" },
		[KW_ADDR6] = { .name = "addr6" },
	};

	if (parse_keywords("bib show", argc, argv, kw, ARRAY_SIZE(kw)))
		return -1;
	if (kw[KW_PROTO].value) {
		if (parse_proto(kw[KW_PROTO].value, &req->proto))
			return -1;
		req->has_proto = true;
	}
	if (kw[KW_ADDR4].value) {
		if (parse_addr4("addr4", kw[KW_ADDR4].value, &req->t4.addr))
			return -1;
		req->has4 = true;
	}
	if (kw[KW_ADDR6].value) {
		if (parse_addr6("addr6", kw[KW_ADDR6].value, &req->t6.addr))
			return -1;
		req->has6 = true;
	}
	return 0;
}

int bib_parse(const char *cmd, int argc, char **argv, struct bib_req *req)
{
	memset(req, 0, sizeof(*req));
	if (!strcmp(cmd, "show"))
		return parse_show(argc, argv, req);
	return parse_change(cmd, argc, argv, req);
}

/*
 * The nest @type (NAT64_A_BIB, in BIB_ADD and CONFIG_APPLY) of a request; a show
 * filter has no ports.
 */
static int put_bib(struct nl_msg *msg, int type, const struct bib_req *req,
		   bool ports)
{
	struct nlattr *nest = nla_nest_start(msg, type | NLA_F_NESTED);

	if (!nest)
		return -1;
	if (req->has_proto && nla_put_u8(msg, NAT64_BIB_A_PROTO, req->proto) < 0)
		return -1;
	if (req->has6 &&
	    (nla_put(msg, NAT64_BIB_A_ADDR6, sizeof(req->t6.addr),
		     &req->t6.addr) < 0 ||
	     (ports && nla_put_u16(msg, NAT64_BIB_A_PORT6, req->t6.port) < 0)))
		return -1;
	if (req->has4 &&
	    (nla_put(msg, NAT64_BIB_A_ADDR4, sizeof(req->t4.addr),
		     &req->t4.addr) < 0 ||
	     (ports && nla_put_u16(msg, NAT64_BIB_A_PORT4, req->t4.port) < 0)))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

int bib_put_entry(struct nl_msg *msg, int type, const struct bib_req *req)
{
	return put_bib(msg, type, req, true);
}

static int bib_change(const char *cmd, uint8_t nl_cmd, int argc, char **argv)
{
	struct bib_req req;
	struct nl_msg *msg;

	if (bib_parse(cmd, argc, argv, &req))
		return ctl_usage_error();
	msg = nat64_msg(nl_cmd);
	if (!msg)
		return EXIT_FAIL;
	if (put_bib(msg, NAT64_A_BIB, &req, true))
		return nat64_msg_abort(msg);
	return nat64_request(msg, NULL, NULL);
}

static int bib_add(int argc, char **argv)
{
	return bib_change("add", NAT64_CMD_BIB_ADD, argc, argv);
}

static int bib_del(int argc, char **argv)
{
	return bib_change("del", NAT64_CMD_BIB_DEL, argc, argv);
}

/* A dump printed as it arrives: a BIB may hold millions of entries. */
struct bib_dump {
	const struct bib_req *filter;
	bool listed;		/* the JSON array is open */
};

int bib_entry_read(struct nlmsghdr *nlh, struct bib_entry *e, bool sessions)
{
	struct nlattr *tb[NAT64_BIB_A_MAX + 1];

	e->sessions = 0;
	return nat64_reply_nest(nlh, NAT64_A_BIB, tb, NAT64_BIB_A_MAX) ||
	       nat64_get_u8(tb, NAT64_BIB_A_PROTO, "bib protocol", &e->proto) ||
	       nat64_get_bin(tb, NAT64_BIB_A_ADDR6, "bib IPv6 address",
			     &e->addr6, sizeof(e->addr6)) ||
	       nat64_get_u16(tb, NAT64_BIB_A_PORT6, "bib IPv6 port",
			     &e->port6) ||
	       nat64_get_bin(tb, NAT64_BIB_A_ADDR4, "bib IPv4 address",
			     &e->addr4, sizeof(e->addr4)) ||
	       nat64_get_u16(tb, NAT64_BIB_A_PORT4, "bib IPv4 port",
			     &e->port4) ||
	       nat64_get_u8(tb, NAT64_BIB_A_STATIC, "bib static flag",
			    &e->is_static) ||
	       (sessions &&
		nat64_get_u32(tb, NAT64_BIB_A_SESSIONS, "bib session count",
			      &e->sessions)) ? -1 : 0;
}

/* The kernel filters; checking again costs nothing and catches a bug. */
static bool wanted(const struct bib_req *f, const struct bib_entry *e)
{
	return (!f->has_proto || f->proto == e->proto) &&
	       (!f->has6 || !memcmp(&f->t6.addr, &e->addr6, sizeof(e->addr6))) &&
	       (!f->has4 || f->t4.addr.s_addr == e->addr4.s_addr);
}

/* "tcp [2001:db8::80]:80 192.0.2.1:80 static" */
void bib_entry_print(const struct bib_entry *e)
{
	char t6[TADDR6_STRLEN], t4[TADDR4_STRLEN];
	char a6[INET6_ADDRSTRLEN], a4[INET_ADDRSTRLEN];

	inet_ntop(AF_INET6, &e->addr6, a6, sizeof(a6));
	inet_ntop(AF_INET, &e->addr4, a4, sizeof(a4));
	print_string(PRINT_ANY, "proto", "%s", proto_name(e->proto));
	print_string(PRINT_TEXT, NULL, " %s",
		     format_taddr6(&e->addr6, e->port6, t6, sizeof(t6)));
	print_string(PRINT_JSON, "addr6", "%s", a6);
	print_uint(PRINT_JSON, "port6", "%u", e->port6);
	print_string(PRINT_TEXT, NULL, " %s",
		     format_taddr4(&e->addr4, e->port4, t4, sizeof(t4)));
	print_string(PRINT_JSON, "addr4", "%s", a4);
	print_uint(PRINT_JSON, "port4", "%u", e->port4);
	print_onoff(PRINT_JSON, "static", "%s", e->is_static);
	if (e->is_static)
		print_text(" static");
}

/* "tcp [2001:db8::80]:80 192.0.2.1:80 static sessions 1" */
static void print_entry(const struct bib_entry *e)
{
	print_open_object(NULL);
	bib_entry_print(e);
	print_uint(PRINT_ANY, "sessions", " sessions %u\n", e->sessions);
	print_close_object();
}

static int bib_reply(struct nlmsghdr *nlh, void *arg)
{
	struct bib_dump *d = arg;
	struct bib_entry e;

	if (bib_entry_read(nlh, &e, true))
		return -1;
	if (!wanted(d->filter, &e))
		return 0;
	if (!d->listed) {
		print_open_array(NULL);
		d->listed = true;
	}
	print_entry(&e);
	return 0;
}

static int bib_filter(struct nl_msg *msg, void *arg)
{
	const struct bib_dump *d = arg;
	const struct bib_req *f = d->filter;

	if (!f->has_proto && !f->has6 && !f->has4)
		return 0;
	return put_bib(msg, NAT64_A_BIB, f, false);
}

static int bib_show(int argc, char **argv)
{
	struct bib_req req;
	struct bib_dump d = { .filter = &req };
	int ret;

	if (bib_parse("show", argc, argv, &req))
		return ctl_usage_error();
	ret = nat64_dump(NAT64_CMD_BIB_GET, bib_filter, bib_reply, NULL, &d);
	/* Keep the JSON whole even when the dump failed half way. */
	if (!ret && !d.listed)
		print_open_array(NULL);
	if (!ret || d.listed)
		print_close_array();
	return ret;
}

static void bib_usage(FILE *fp)
{
	fprintf(fp,
		"Usage: nat64ctl bib add proto PROTO [ADDR6]:PORT ADDR4:PORT\n"
		"       nat64ctl bib del proto PROTO [ [ADDR6]:PORT ] [ ADDR4:PORT ]\n"
		"       nat64ctl bib show [ proto PROTO ] [ addr4 ADDR4 ] [ addr6 ADDR6 ]\n"
		"       nat64ctl bib help\n"
		"where  PROTO := { tcp | udp | icmp }\n"
		"       PORT := 1-65535, or for icmp an identifier 0-65535\n"
		"       add makes a static entry; ADDR4:PORT must be inside pool4\n"
		"       del takes either side of the entry, or both\n");
}

static const struct ctl_cmd bib_cmds[] = {
	{ "add", bib_add },
	{ "del", bib_del },
	{ "show", bib_show },
	{ NULL, NULL },
};

const struct ctl_object ctl_object_bib = {
	.name = "bib",
	.usage = bib_usage,
	.cmds = bib_cmds,
};
