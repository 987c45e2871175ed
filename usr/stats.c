// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl stats [ show [ nonzero ] ]: the packet counters of the NAT64,
 * one per outcome (NAT64_STATS in nat64.h), summed over every CPU.
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

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* More counters than a reply of this size could be is a broken reply. */
#define STATS_MAX	4096

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

struct counter {
	unsigned int n;		/* enum nat64_stat, or newer than we know */
	uint64_t value;
};

/* Kept whole until the ACK proves the request worked. */
struct stats {
	bool got;
	unsigned int count;
	struct counter c[STATS_MAX];
};

static int malformed(void)
{
	ctl_error("malformed reply from the nat64 module: bad counter");
	return -1;
}

/* Every u64 in the nest, in the kernel's order; padding skipped. */
static int stats_reply(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *top[NAT64_A_MAX + 1], *a;
	struct stats *st = arg;
	int rem;

	if (genlmsg_parse(nlh, 0, top, NAT64_A_MAX, NULL) < 0 ||
	    !top[NAT64_A_STATS]) {
		ctl_error("malformed reply from the nat64 module: missing or bad top-level attribute");
		return -1;
	}
	nla_for_each_nested(a, top[NAT64_A_STATS], rem) {
		unsigned int type = nla_type(a);

		if (type == NAT64_STATS_A_PAD)
			continue;
		if (type < NAT64_STATS_A_FIRST || nla_len(a) != 8 ||
		    st->count == STATS_MAX)
			return malformed();
		st->c[st->count].n = type - NAT64_STATS_A_FIRST;
		st->c[st->count++].value = nla_get_u64(a);
	}
	st->got = true;
	return 0;
}

/* "name value" lines; JSON: one object, a key per counter. */
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
	print_close_object();
}

static int stats_show(int argc, char **argv)
{
	static struct stats st;
	struct nl_msg *msg;
	bool nonzero;
	int ret;

	if (stats_parse_show(argc, argv, &nonzero))
		return ctl_usage_error();
	memset(&st, 0, sizeof(st));
	msg = nat64_msg(NAT64_CMD_STATS_GET);
	if (!msg)
		return EXIT_FAIL;
	ret = nat64_request(msg, stats_reply, &st);
	if (ret)
		return ret;
	if (!st.got) {
		ctl_error("the nat64 module acknowledged but sent no counters");
		return EXIT_FAIL;
	}
	print_stats(&st, nonzero);
	return EXIT_OK;
}

static void stats_usage(FILE *fp)
{
	fprintf(fp,
		"Usage: nat64ctl stats [ show [ nonzero ] ]\n"
		"       nat64ctl stats help\n"
		"Prints every packet counter as NAME VALUE; nonzero leaves out the zeros.\n");
}

static const struct ctl_cmd stats_cmds[] = {
	{ "show", stats_show },
	{ NULL, NULL },
};

const struct ctl_object ctl_object_stats = {
	.name = "stats",
	.usage = stats_usage,
	.cmds = stats_cmds,
	.default_cmd = "show",
};
