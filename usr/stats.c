// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl stats [ show [ nonzero ] ]: the packet counters of the NAT64,
 * one per outcome (NAT64_STATS in nat64.h), summed over every CPU, then
 * its gauges, what its state holds now.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <netlink/genl/genl.h>

#include <nat64.h>

#include "json_print.h"
#include "nat64ctl.h"
#include "netlink.h"
#include "parse.h"
#include "stats.h"

#include "array_size.h"

#define STAT_NAME(id, name) name,
static const char *const names[] = { NAT64_STATS(STAT_NAME) };
#undef STAT_NAME

const char *stats_name(unsigned int n)
{
	static char buf[24];

	if (n < ARRAY_SIZE(names))
		return names[n];
	snprintf(buf, sizeof(buf), "counter-%u", n);
	return buf;
}

int stats_parse_show(int argc, char **argv, bool *nonzero)
{
	*nonzero = false;
	if (!argc)
		return 0;
	if (strcmp(argv[0], "nonzero"))
		return parse_fail("unknown stats show argument '%s'; expected 'nonzero'",
				  parse_quote(argv[0]));
	if (argc > 1)
		return parse_fail("stats show takes only 'nonzero', not '%s' too",
				  parse_quote(argv[1]));
	*nonzero = true;
	return 0;
}

static int malformed(void)
{
	ctl_error("malformed reply from the nat64 module: bad counter");
	return -1;
}

/* Every u64 in the nest, in the kernel's order; padding skipped. */
static int read_counters(struct nlattr *nest, struct stats *st)
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		unsigned int type = nla_type(a);

		if (type == NAT64_STATS_A_PAD)
			continue;
		if (type < NAT64_STATS_A_FIRST || nla_len(a) != 8 ||
		    st->count == STATS_MAX)
			return malformed();
		st->c[st->count].n = type - NAT64_STATS_A_FIRST;
		st->c[st->count++].value = nla_get_u64(a);
	}
	return 0;
}

static int read_proto(struct nlattr *nest, struct stats *st)
{
	struct nlattr *tb[NAT64_GAUGE_PROTO_A_MAX + 1];
	struct stats_proto p = { .got = true };
	uint8_t proto;

	if (nla_parse_nested(tb, NAT64_GAUGE_PROTO_A_MAX, nest, NULL) < 0)
		return nat64_malformed("protocol gauges");
	if (nat64_get_u8(tb, NAT64_GAUGE_PROTO_A_PROTO, "gauge protocol",
			 &proto) ||
	    nat64_get_u32(tb, NAT64_GAUGE_PROTO_A_BIB, "bib gauge", &p.bib) ||
	    nat64_get_u32(tb, NAT64_GAUGE_PROTO_A_SESSIONS, "session gauge",
			  &p.sessions) ||
	    nat64_get_u64(tb, NAT64_GAUGE_PROTO_A_PORTS, "pool4 port gauge",
			  &p.ports))
		return -1;
	/* A protocol newer than this nat64ctl has no name to print. */
	if (proto < NAT64_PROTO_COUNT)
		st->proto[proto] = p;
	return 0;
}

static int read_gauges(struct nlattr *nest, struct stats *st)
{
	struct nlattr *tb[NAT64_GAUGE_A_MAX + 1], *a;
	int rem;

	if (nla_parse_nested(tb, NAT64_GAUGE_A_MAX, nest, NULL) < 0)
		return nat64_malformed("gauges");
	if (nat64_get_u32(tb, NAT64_GAUGE_A_SESSIONS, "session gauge",
			  &st->sessions) ||
	    nat64_get_u32(tb, NAT64_GAUGE_A_IPV4_SESSIONS,
			  "IPv4 session gauge", &st->ipv4_sessions) ||
	    nat64_get_u32(tb, NAT64_GAUGE_A_STORED_SYNS, "stored SYN gauge",
			  &st->stored_syns))
		return -1;
	nla_for_each_nested(a, nest, rem)
		if (nla_type(a) == NAT64_GAUGE_A_PROTO && read_proto(a, st))
			return -1;
	st->has_gauges = true;
	return 0;
}

/* Counters, and gauges if the module is recent enough to send them. */
static int stats_reply(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *top[NAT64_A_MAX + 1];
	struct stats *st = arg;

	if (genlmsg_parse(nlh, 0, top, NAT64_A_MAX, NULL) < 0 ||
	    !top[NAT64_A_STATS]) {
		ctl_error("malformed reply from the nat64 module: missing or bad top-level attribute");
		return -1;
	}
	if (read_counters(top[NAT64_A_STATS], st) ||
	    (top[NAT64_A_GAUGES] && read_gauges(top[NAT64_A_GAUGES], st)))
		return -1;
	st->got = true;
	return 0;
}

int stats_get(struct stats *st)
{
	struct nl_msg *msg;
	int ret;

	memset(st, 0, sizeof(*st));
	msg = nat64_msg(NAT64_CMD_STATS_GET);
	if (!msg)
		return EXIT_FAIL;
	ret = nat64_request(msg, stats_reply, st);
	if (ret)
		return ret;
	if (!st->got) {
		ctl_error("the nat64 module acknowledged but sent no counters");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/*
 * After a blank line, "sessions 12", "ipv4-sessions 0", "stored-syns 0",
 * then a line per protocol, "tcp bib 3 sessions 4 pool4-ports 64512";
 * JSON: a "gauges" object, with an object per protocol.
 */
static void print_gauges(const struct stats *st)
{
	const struct stats_proto *g;
	unsigned int p;

	print_text("\n");
	print_open_object("gauges");
	print_uint(PRINT_ANY, "sessions", "sessions %u\n", st->sessions);
	print_uint(PRINT_ANY, "ipv4-sessions", "ipv4-sessions %u\n",
		   st->ipv4_sessions);
	print_uint(PRINT_ANY, "stored-syns", "stored-syns %u\n",
		   st->stored_syns);
	for (p = 0; p < NAT64_PROTO_COUNT; p++) {
		g = &st->proto[p];
		if (!g->got)
			continue;
		print_open_object(proto_name(p));
		print_text("%s", proto_name(p));
		print_uint(PRINT_ANY, "bib", " bib %u", g->bib);
		print_uint(PRINT_ANY, "sessions", " sessions %u", g->sessions);
		print_u64(PRINT_ANY, "pool4-ports",
			  " pool4-ports %" PRIu64 "\n", g->ports);
		print_close_object();
	}
	print_close_object();
}

/* "name value" lines, then the gauges; JSON: one object, a key each. */
static void print_stats(const struct stats *st, bool nonzero)
{
	unsigned int i;

	print_open_object(NULL);
	for (i = 0; i < st->count; i++) {
		const char *name = stats_name(st->c[i].n);

		if (nonzero && !st->c[i].value)
			continue;
		print_text("%s ", name);
		print_u64(PRINT_ANY, name, "%" PRIu64 "\n", st->c[i].value);
	}
	if (st->has_gauges)
		print_gauges(st);
	print_close_object();
}

static int stats_show(int argc, char **argv)
{
	static struct stats st;
	bool nonzero;
	int ret;

	if (stats_parse_show(argc, argv, &nonzero))
		return ctl_usage_error();
	ret = stats_get(&st);
	if (ret)
		return ret;
	print_stats(&st, nonzero);
	return EXIT_OK;
}

static void stats_usage(FILE *fp)
{
	fprintf(fp,
		"Usage: nat64ctl stats [ show [ nonzero ] ]\n"
		"       nat64ctl stats prometheus\n"
		"       nat64ctl stats help\n"
		"show prints every counter as NAME VALUE (nonzero leaves out the zeros),\n"
		"then the gauges: what the state holds now.\n"
		"prometheus prints counters, gauges, pool4 use and limits in the Prometheus\n"
		"text format, for node_exporter's textfile collector.\n");
}

static const struct ctl_cmd stats_cmds[] = {
	{ "show", stats_show },
	{ "prometheus", stats_prometheus },
	{ NULL, NULL },
};

const struct ctl_object ctl_object_stats = {
	.name = "stats",
	.usage = stats_usage,
	.cmds = stats_cmds,
	.default_cmd = "show",
};
