// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl global { show | set KEY VALUE ... }: the NAT64's settings.
 * One table, indexed by NAT64_GLOBAL_A_*, gives each key its name, its
 * kind and its limits; parsing, the request, the output and the usage
 * text all come from it, so a new key is one more row.  A prefix is two
 * attributes (address, length) and one key: its row and the next.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <nat64.h>

#include "global.h"
#include "json_print.h"
#include "nat64ctl.h"
#include "netlink.h"
#include "parse.h"

enum key_kind {
	KIND_TIMEOUT,		/* u32 seconds, "5m" style accepted */
	KIND_SWITCH,		/* u8 0/1, "on"/"off" */
	KIND_FILTERING,		/* u8 enum nat64_filtering, by name */
	KIND_U8,		/* u8 number, decimal or 0x hex */
	KIND_U32,		/* u32 number */
	KIND_PREFIX4,		/* IPv4 prefix or "none": address, binary */
	KIND_PLEN,		/* u8, the length of the prefix row before */
};

/* @def: what the key is when nothing set it, and what apply resets it to. */
struct global_key {
	const char *name;
	enum key_kind kind;
	unsigned int min;
	unsigned int max;
	unsigned int def;
};

static const struct global_key keys[__NAT64_GLOBAL_A_MAX] = {
	[NAT64_GLOBAL_A_UDP_TIMEOUT] = {
		"udp-timeout", KIND_TIMEOUT,
		NAT64_UDP_TIMEOUT_MIN, NAT64_TIMEOUT_MAX,
		NAT64_UDP_TIMEOUT_DEF },
	[NAT64_GLOBAL_A_TCP_EST_TIMEOUT] = {
		"tcp-est-timeout", KIND_TIMEOUT,
		NAT64_TCP_EST_TIMEOUT_MIN, NAT64_TIMEOUT_MAX,
		NAT64_TCP_EST_TIMEOUT_DEF },
	[NAT64_GLOBAL_A_TCP_TRANS_TIMEOUT] = {
		"tcp-trans-timeout", KIND_TIMEOUT,
		NAT64_TCP_TRANS_TIMEOUT_MIN, NAT64_TIMEOUT_MAX,
		NAT64_TCP_TRANS_TIMEOUT_DEF },
	[NAT64_GLOBAL_A_ICMP_TIMEOUT] = {
		"icmp-timeout", KIND_TIMEOUT,
		NAT64_ICMP_TIMEOUT_MIN, NAT64_TIMEOUT_MAX,
		NAT64_ICMP_TIMEOUT_DEF },
	[NAT64_GLOBAL_A_FILTERING] = {
		"filtering", KIND_FILTERING, 0, 0, NAT64_FILTERING_DEF },
	[NAT64_GLOBAL_A_DROP_EXTERNAL_TCP] = {
		"drop-external-tcp", KIND_SWITCH, 0, 1,
		NAT64_DROP_EXTERNAL_TCP_DEF },
	[NAT64_GLOBAL_A_TOS_OVERRIDE] = {
		"tos-override", KIND_SWITCH, 0, 1, NAT64_TOS_OVERRIDE_DEF },
	/* A u8 on the wire: its range is the type's. */
	[NAT64_GLOBAL_A_TOS] = { "tos", KIND_U8, 0, UINT8_MAX, NAT64_TOS_DEF },
	[NAT64_GLOBAL_A_LOWEST_IPV6_MTU] = {
		"lowest-ipv6-mtu", KIND_U32,
		NAT64_LOWEST_IPV6_MTU_MIN, NAT64_LOWEST_IPV6_MTU_MAX,
		NAT64_LOWEST_IPV6_MTU_DEF },
	[NAT64_GLOBAL_A_MAX_STORED_SYNS] = {
		"max-stored-syns", KIND_U32,
		NAT64_MAX_STORED_SYNS_MIN, NAT64_MAX_STORED_SYNS_MAX,
		NAT64_MAX_STORED_SYNS_DEF },
	[NAT64_GLOBAL_A_MAX_SESSIONS] = {
		"max-sessions", KIND_U32,
		NAT64_MAX_SESSIONS_MIN, NAT64_MAX_SESSIONS_MAX,
		NAT64_MAX_SESSIONS_DEF },
	[NAT64_GLOBAL_A_MAX_IPV4_SESSIONS] = {
		"max-ipv4-sessions", KIND_U32,
		NAT64_MAX_IPV4_SESSIONS_MIN, NAT64_MAX_IPV4_SESSIONS_MAX,
		NAT64_MAX_IPV4_SESSIONS_DEF },
	[NAT64_GLOBAL_A_MAX_IPV4_SESSIONS_PER_BIB] = {
		"max-ipv4-sessions-per-bib", KIND_U32,
		NAT64_MAX_IPV4_PER_BIB_MIN, NAT64_MAX_IPV4_PER_BIB_MAX,
		NAT64_MAX_IPV4_PER_BIB_DEF },
	[NAT64_GLOBAL_A_MAX_SESSIONS_PER_HOST] = {
		"max-sessions-per-host", KIND_U32,
		NAT64_MAX_SESSIONS_PER_HOST_MIN,
		NAT64_MAX_SESSIONS_PER_HOST_MAX,
		NAT64_MAX_SESSIONS_PER_HOST_DEF },
	[NAT64_GLOBAL_A_MAX_BIB_PER_HOST] = {
		"max-bib-per-host", KIND_U32,
		NAT64_MAX_BIB_PER_HOST_MIN, NAT64_MAX_BIB_PER_HOST_MAX,
		NAT64_MAX_BIB_PER_HOST_DEF },
	[NAT64_GLOBAL_A_SUBSCRIBER_PREFIX_LEN] = {
		"subscriber-prefix-len", KIND_U8,
		NAT64_SUBSCRIBER_PLEN_MIN, NAT64_SUBSCRIBER_PLEN_MAX,
		NAT64_SUBSCRIBER_PLEN_DEF },
	/* The prefix is the default when its length (the next row) is. */
	[NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR] = {
		"icmp-src-pool4", KIND_PREFIX4,
		NAT64_ICMP_SRC_POOL4_PLEN_MIN, 32 },
	[NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN] = {
		"icmp-src-pool4", KIND_PLEN, 0, 32,
		NAT64_ICMP_SRC_POOL4_PLEN_DEF },
};

const char *global_key_name(unsigned int attr)
{
	return attr && attr <= NAT64_GLOBAL_A_MAX ? keys[attr].name : NULL;
}

static unsigned int find_key(const char *name)
{
	unsigned int attr;

	for (attr = 1; attr <= NAT64_GLOBAL_A_MAX; attr++)
		if (keys[attr].name && keys[attr].kind != KIND_PLEN &&
		    !strcmp(keys[attr].name, name))
			return attr;
	return 0;
}

/*
 * A prefix key: its address (network byte order, as sent) in @value[0],
 * its length in @value[1]; "none" (or "") is 0.0.0.0/0, which clears it.
 */
static int parse_prefix_value(const struct global_key *k, const char *s,
			      uint32_t *value)
{
	struct prefix4 p;

	if (!strcmp(s, "none") || !*s) {
		value[0] = 0;
		value[1] = 0;
		return 0;
	}
	if (parse_prefix4(k->name, s, k->min, &p))
		return -1;
	memcpy(&value[0], &p.addr, sizeof(p.addr));
	value[1] = p.len;
	return 0;
}

/*
 * Whether the module was loaded with lab_timeouts (README): it then takes
 * every timeout down to NAT64_LAB_TIMEOUT_MIN, and so does this check.
 * No module, or no such parameter: the RFC minimums.  The module's own
 * policy has the last word either way.
 */
static bool lab_timeouts(void)
{
	FILE *f = fopen("/sys/module/nat64/parameters/lab_timeouts", "r");
	int c;

	if (!f)
		return false;
	c = fgetc(f);
	fclose(f);
	return c == 'Y';
}

static int parse_value(const struct global_key *k, const char *s,
		       uint32_t *value)
{
	unsigned int v, min = k->min;
	bool on;

	switch (k->kind) {
	case KIND_TIMEOUT:
		if (lab_timeouts())
			min = NAT64_LAB_TIMEOUT_MIN;
		if (parse_duration(k->name, s, min, k->max, &v))
			return -1;
		break;
	case KIND_SWITCH:
		if (parse_switch(k->name, s, &on))
			return -1;
		v = on;
		break;
	case KIND_FILTERING:
		if (parse_filtering(s, &v))
			return -1;
		break;
	case KIND_U8:
		if (parse_uint_hex(k->name, s, k->min, k->max, &v))
			return -1;
		break;
	default:
		if (parse_uint(k->name, s, k->min, k->max, &v))
			return -1;
	}
	*value = v;
	return 0;
}

int global_parse_set(int argc, char **argv, struct global_req *req)
{
	unsigned int attr;
	int i;

	memset(req, 0, sizeof(*req));
	if (!argc)
		return parse_fail("global set needs at least one KEY VALUE pair");
	for (i = 0; i < argc; i += 2) {
		attr = find_key(argv[i]);
		if (!attr)
			return parse_fail("unknown global key '%s'; try 'nat64ctl global help'",
					  parse_quote(argv[i]));
		if (i + 1 == argc)
			return parse_fail("missing value after '%s'", argv[i]);
		if (req->set[attr])
			return parse_fail("'%s' given twice", argv[i]);
		if (keys[attr].kind == KIND_PREFIX4) {
			if (parse_prefix_value(&keys[attr], argv[i + 1],
					       &req->value[attr]))
				return -1;
			req->set[attr + 1] = true;
		} else if (parse_value(&keys[attr], argv[i + 1],
				       &req->value[attr])) {
			return -1;
		}
		req->set[attr] = true;
	}
	return 0;
}

static bool is_u8(const struct global_key *k)
{
	return k->kind != KIND_TIMEOUT && k->kind != KIND_U32 &&
	       k->kind != KIND_PREFIX4;
}

int global_put_attr(struct nl_msg *msg, const struct global_req *req,
		    unsigned int attr)
{
	if (!req->set[attr])
		return 0;
	if (keys[attr].kind == KIND_PREFIX4)
		return nla_put(msg, attr, sizeof(uint32_t), &req->value[attr]);
	if (is_u8(&keys[attr]))
		return nla_put_u8(msg, attr, req->value[attr]);
	return nla_put_u32(msg, attr, req->value[attr]);
}

static int global_set(int argc, char **argv)
{
	struct global_req req;
	struct nlattr *nest;
	struct nl_msg *msg;
	unsigned int attr;
	int err = 0;

	if (global_parse_set(argc, argv, &req))
		return ctl_usage_error();
	msg = nat64_msg(NAT64_CMD_GLOBAL_SET);
	if (!msg)
		return EXIT_FAIL;
	nest = nla_nest_start(msg, NAT64_A_GLOBALS | NLA_F_NESTED);
	if (!nest)
		return nat64_msg_abort(msg);
	for (attr = 1; attr <= NAT64_GLOBAL_A_MAX && !err; attr++)
		err = global_put_attr(msg, &req, attr);
	if (err)
		return nat64_msg_abort(msg);
	nla_nest_end(msg, nest);
	return nat64_request(msg, NULL, NULL);
}

struct globals {
	bool got;
	uint32_t value[__NAT64_GLOBAL_A_MAX];
};

static int global_reply(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[NAT64_GLOBAL_A_MAX + 1];
	struct globals *g = arg;
	unsigned int attr;
	uint8_t v8;

	if (nat64_reply_nest(nlh, NAT64_A_GLOBALS, tb, NAT64_GLOBAL_A_MAX))
		return -1;
	for (attr = 1; attr <= NAT64_GLOBAL_A_MAX; attr++) {
		const struct global_key *k = &keys[attr];

		if (k->kind == KIND_PREFIX4) {
			if (nat64_get_bin(tb, attr, k->name, &g->value[attr],
					  sizeof(uint32_t)))
				return -1;
		} else if (!is_u8(k)) {
			if (nat64_get_u32(tb, attr, k->name, &g->value[attr]))
				return -1;
		} else {
			if (nat64_get_u8(tb, attr, k->name, &v8))
				return -1;
			g->value[attr] = v8;
		}
	}
	g->got = true;
	return 0;
}

/* A prefix key as "set" reads it: "192.0.2.0/29", or "none". */
static const char *prefix_text(const uint32_t *value, char *buf, size_t size)
{
	char addr[INET_ADDRSTRLEN];

	if (value[1] && inet_ntop(AF_INET, &value[0], addr, sizeof(addr)))
		snprintf(buf, size, "%s/%u", addr, value[1]);
	else
		snprintf(buf, size, "none");
	return buf;
}

/* The same in JSON: a string. */
static void print_prefix(const struct global_key *k, const uint32_t *value)
{
	char text[PREFIX4_STRLEN];

	print_string(PRINT_ANY, k->name, "%s\n",
		     prefix_text(value, text, sizeof(text)));
}

bool global_is_key(unsigned int attr)
{
	return attr && attr <= NAT64_GLOBAL_A_MAX && keys[attr].name &&
	       keys[attr].kind != KIND_PLEN;
}

bool global_is_default(unsigned int attr, const uint32_t *value)
{
	if (keys[attr].kind == KIND_PREFIX4)
		attr++;
	return value[attr] == keys[attr].def;
}

const char *global_value_text(unsigned int attr, const uint32_t *value,
			      char *buf, size_t size)
{
	uint32_t v = value[attr];

	switch (keys[attr].kind) {
	case KIND_PREFIX4:
		return prefix_text(&value[attr], buf, size);
	case KIND_SWITCH:
		snprintf(buf, size, "%s", v ? "on" : "off");
		break;
	case KIND_FILTERING:
		snprintf(buf, size, "%s", filtering_name(v));
		break;
	default:
		snprintf(buf, size, "%u", v);
	}
	return buf;
}

/* "key value" lines in enum order, written the way "set" reads them. */
static void print_globals(const struct globals *g)
{
	unsigned int attr;

	print_open_object(NULL);
	for (attr = 1; attr <= NAT64_GLOBAL_A_MAX; attr++) {
		const struct global_key *k = &keys[attr];
		uint32_t v = g->value[attr];

		if (k->kind == KIND_PLEN)
			continue;
		print_text("%s ", k->name);
		switch (k->kind) {
		case KIND_PREFIX4:
			print_prefix(k, &g->value[attr]);
			break;
		case KIND_SWITCH:
			print_onoff(PRINT_ANY, k->name, "%s\n", v);
			break;
		case KIND_FILTERING:
			print_string(PRINT_ANY, k->name, "%s\n",
				     filtering_name(v));
			break;
		default:
			print_uint(PRINT_ANY, k->name, "%u\n", v);
		}
	}
	print_close_object();
}

int global_get(uint32_t *value)
{
	struct globals g = { .got = false };
	struct nl_msg *msg;
	int ret;

	msg = nat64_msg(NAT64_CMD_GLOBAL_GET);
	if (!msg)
		return EXIT_FAIL;
	ret = nat64_request(msg, global_reply, &g);
	if (ret)
		return ret;
	if (!g.got) {
		ctl_error("the nat64 module acknowledged but sent no globals");
		return EXIT_FAIL;
	}
	memcpy(value, g.value, sizeof(g.value));
	return EXIT_OK;
}

static int global_show(int argc, char **argv)
{
	struct globals g = { .got = true };
	int ret;

	if (ctl_no_args("global show", argc, argv))
		return EXIT_USAGE;
	ret = global_get(g.value);
	if (ret)
		return ret;
	print_globals(&g);
	return EXIT_OK;
}

static void usage_value(FILE *fp, const struct global_key *k)
{
	switch (k->kind) {
	case KIND_TIMEOUT:
		fprintf(fp, "DURATION (%u-%u seconds)", k->min, k->max);
		break;
	case KIND_SWITCH:
		fprintf(fp, "{ on | off }");
		break;
	case KIND_FILTERING:
		fprintf(fp, "{ %s | %s }",
			filtering_name(NAT64_FILTERING_ENDPOINT_INDEPENDENT),
			filtering_name(NAT64_FILTERING_ADDRESS_DEPENDENT));
		break;
	case KIND_PREFIX4:
		fprintf(fp, "{ PREFIX4 (/%u-/%u) | none }", k->min, k->max);
		break;
	default:
		fprintf(fp, "%u-%u", k->min, k->max);
	}
}

static void global_usage(FILE *fp)
{
	unsigned int attr;

	fprintf(fp,
		"Usage: nat64ctl global show\n"
		"       nat64ctl global set KEY VALUE [ KEY VALUE ... ]\n"
		"       nat64ctl global help\n"
		"where  KEY VALUE :=");
	for (attr = 1; attr <= NAT64_GLOBAL_A_MAX; attr++) {
		if (keys[attr].kind == KIND_PLEN)
			continue;
		fprintf(fp, "%s%s ", attr == 1 ? " { " : "\n                    | ",
			keys[attr].name);
		usage_value(fp, &keys[attr]);
	}
	fprintf(fp, " }\n"
		"       DURATION := seconds, or units d h m s in that order: 300, 5m, 2h4m\n");
}

static const struct ctl_cmd global_cmds[] = {
	{ "show", global_show },
	{ "set", global_set },
	{ NULL, NULL },
};

const struct ctl_object ctl_object_global = {
	.name = "global",
	.usage = global_usage,
	.cmds = global_cmds,
};
