// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl apply, -batch and save against a scripted kernel (ctl_fake.c):
 * how a configuration file is read (words, comments, every kind of bad
 * line named by its number), the one CONFIG_APPLY request it becomes,
 * the kernel's errors brought back to the line at fault, the limits of
 * one request, and what save prints, which apply must read back to the
 * same configuration.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>

#include <netlink/errno.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <nat64.h>

#include "config_file.h"
#include "ctl_fake.h"
#include "ctl_test.h"
#include "global.h"
#include "nat64ctl.h"
#include "parse.h"

const char *test_suite = "ctl-apply";

/* Where the test writes its configuration files. */
static char dir[] = "/tmp/nat64ctl-apply-XXXXXX";

static const char *write_bytes(const char *name, const char *data, size_t len)
{
	static char paths[4][sizeof(dir) + 64];
	static unsigned int next;
	char *path = paths[next++ % ARRAY_SIZE(paths)];
	FILE *fp;

	snprintf(path, sizeof(paths[0]), "%s/%s", dir, name);
	fp = fopen(path, "w");
	if (!fp || fwrite(data, 1, len, fp) != len || fclose(fp))
		abort();
	return path;
}

static const char *write_file(const char *name, const char *text)
{
	return write_bytes(name, text, strlen(text));
}

/* ---- kernels ---- */

static void k_ack(const struct nlmsghdr *req)
{
	ack(req, 0, NULL);
}

static int k_error;
static const char *k_text;

static void k_refuse(const struct nlmsghdr *req)
{
	ack(req, k_error, k_text);
}

/*
 * The attribute a kernel blames: the @index-th top-level attribute of
 * @type, or its attribute @inner (a key of the GLOBALS nest, a field of a
 * POOL4 or BIB nest); the generic netlink header, which no line wrote,
 * if @type is 0.  @where -1: no offset at all, 1: past the request's end.
 */
static struct {
	int type, index, inner;
	int where;
	int error;
	const char *text;
} blame;

static const void *blamed(const struct nlmsghdr *req)
{
	const struct genlmsghdr *g = nlmsg_data(req);
	const struct nlattr *a, *b;
	int rem, rem2, n = 0;

	if (!blame.type)
		return g;
	nla_for_each_attr(a, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0),
			  rem) {
		if (nla_type(a) != blame.type || n++ != blame.index)
			continue;
		if (!blame.inner)
			return a;
		nla_for_each_nested(b, a, rem2)
			if (nla_type(b) == blame.inner)
				return b;
	}
	return NULL;
}

static void k_blame(const struct nlmsghdr *req)
{
	const char *a = blamed(req);

	if (!a)
		abort();
	if (blame.where < 0)
		ack(req, blame.error, blame.text);
	else if (blame.where > 0)
		ack_offs(req, blame.error, blame.text, req->nlmsg_len + 8);
	else
		ack_offs(req, blame.error, blame.text,
			 a - (const char *)req);
}

/*
 * What the last CONFIG_APPLY to k_state held (ks_apply() counts it): how
 * many top-level attributes of each type, their order ("INSTANCE GLOBALS
 * POOL4 BIB*3000 CONFIG_CHECK", a run of one type counted) and its
 * length; and how many requests came (a long one is too long for the
 * record of sent ones).
 */
static unsigned int k_attrs[NAT64_A_MAX + 1];
static char k_layout[256];
static uint32_t k_len;
static unsigned int k_requests;

static const char *top_name(unsigned int type)
{
	static char buf[16];

	switch (type) {
	case NAT64_A_INSTANCE:
		return "INSTANCE";
	case NAT64_A_GLOBALS:
		return "GLOBALS";
	case NAT64_A_POOL4:
		return "POOL4";
	case NAT64_A_BIB:
		return "BIB";
	case NAT64_A_CONFIG_CHECK:
		return "CONFIG_CHECK";
	}
	snprintf(buf, sizeof(buf), "?%u", type);
	return buf;
}

/* Ends the run of @n attributes of @type in k_layout. */
static void layout_run(size_t *len, unsigned int type, unsigned int n)
{
	if (!n)
		return;
	*len += snprintf(k_layout + *len, sizeof(k_layout) - *len, "%s%s",
			 *len ? " " : "", top_name(type));
	if (n > 1)
		*len += snprintf(k_layout + *len, sizeof(k_layout) - *len,
				 "*%u", n);
}

static void count_attrs(const struct nlmsghdr *req)
{
	const struct genlmsghdr *g = nlmsg_data(req);
	unsigned int type = 0, run = 0;
	const struct nlattr *a;
	size_t len = 0;
	int rem;

	k_requests++;
	k_len = req->nlmsg_len;
	memset(k_attrs, 0, sizeof(k_attrs));
	k_layout[0] = '\0';
	nla_for_each_attr(a, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0),
			  rem) {
		if (nla_type(a) <= NAT64_A_MAX)
			k_attrs[nla_type(a)]++;
		if ((unsigned int)nla_type(a) != type) {
			layout_run(&len, type, run);
			type = nla_type(a);
			run = 0;
		}
		run++;
	}
	layout_run(&len, type, run);
}

/* ---- a kernel with a configuration, which apply sets and save reads ---- */

#define KS_POOL4_MAX	32
#define KS_BIB_MAX	4096

struct ks_pool4 {
	uint8_t proto;
	uint8_t plen;
	uint16_t min, max;
	struct in_addr addr;
};

struct ks_bib {
	uint8_t proto;
	uint16_t port6, port4;
	struct in6_addr addr6;
	struct in_addr addr4;
};

/* Zeroed whole before it is filled, so that memcmp() compares it. */
struct ks {
	bool instance;
	uint8_t pool6_len;
	uint8_t mode;
	struct in6_addr pool6;
	uint32_t globals[__NAT64_GLOBAL_A_MAX];
	struct ks_pool4 pool4[KS_POOL4_MAX];
	unsigned int npool4;
	struct ks_bib bib[KS_BIB_MAX];
	unsigned int nbib;
};

static struct ks ks;
/* ks_instance() as a kernel from before target mode: no mode at all. */
static bool ks_no_mode;

/* The module's order: protocol, IPv4 address, port. */
static int cmp_key(unsigned int proto_a, struct in_addr addr_a,
		   unsigned int port_a, unsigned int proto_b,
		   struct in_addr addr_b, unsigned int port_b)
{
	if (proto_a != proto_b)
		return proto_a < proto_b ? -1 : 1;
	if (addr_a.s_addr != addr_b.s_addr)
		return ntohl(addr_a.s_addr) < ntohl(addr_b.s_addr) ? -1 : 1;
	return (int)port_a - (int)port_b;
}

static int cmp_pool4(const void *x, const void *y)
{
	const struct ks_pool4 *a = x, *b = y;

	return cmp_key(a->proto, a->addr, a->min, b->proto, b->addr, b->min);
}

static int cmp_bib(const void *x, const void *y)
{
	const struct ks_bib *a = x, *b = y;

	return cmp_key(a->proto, a->addr4, a->port4, b->proto, b->addr4,
		       b->port4);
}

/* A pool4 nest: one entry per protocol, as the module keeps them. */
static void ks_pool4(struct ks *k, const struct nlattr *a)
{
	struct nlattr *tb[NAT64_POOL4_A_MAX + 1];
	unsigned int proto;

	nla_parse_nested(tb, NAT64_POOL4_A_MAX, (struct nlattr *)a, NULL);
	for (proto = 0; proto < NAT64_PROTO_COUNT; proto++) {
		struct ks_pool4 *e = &k->pool4[k->npool4];
		bool icmp = proto == NAT64_PROTO_ICMP;

		if (tb[NAT64_POOL4_A_PROTO] &&
		    nla_get_u8(tb[NAT64_POOL4_A_PROTO]) != proto)
			continue;
		if (k->npool4 == KS_POOL4_MAX)
			abort();
		e->proto = proto;
		nla_memcpy(&e->addr, tb[NAT64_POOL4_A_ADDR], sizeof(e->addr));
		e->plen = nla_get_u8(tb[NAT64_POOL4_A_PLEN]);
		e->min = icmp ? NAT64_POOL4_ICMP_ID_MIN_DEF :
				NAT64_POOL4_PORT_MIN_DEF;
		e->max = icmp ? NAT64_POOL4_ICMP_ID_MAX_DEF :
				NAT64_POOL4_PORT_MAX_DEF;
		if (tb[NAT64_POOL4_A_PORT_MIN]) {
			e->min = nla_get_u16(tb[NAT64_POOL4_A_PORT_MIN]);
			e->max = nla_get_u16(tb[NAT64_POOL4_A_PORT_MAX]);
		}
		k->npool4++;
	}
}

static void ks_bib(struct ks *k, const struct nlattr *a)
{
	struct nlattr *tb[NAT64_BIB_A_MAX + 1];
	struct ks_bib *e;

	if (k->nbib == KS_BIB_MAX)
		abort();
	e = &k->bib[k->nbib++];
	nla_parse_nested(tb, NAT64_BIB_A_MAX, (struct nlattr *)a, NULL);
	e->proto = nla_get_u8(tb[NAT64_BIB_A_PROTO]);
	nla_memcpy(&e->addr6, tb[NAT64_BIB_A_ADDR6], sizeof(e->addr6));
	e->port6 = nla_get_u16(tb[NAT64_BIB_A_PORT6]);
	nla_memcpy(&e->addr4, tb[NAT64_BIB_A_ADDR4], sizeof(e->addr4));
	e->port4 = nla_get_u16(tb[NAT64_BIB_A_PORT4]);
}

/* Keys left out go back to their defaults. */
static void ks_globals(struct ks *k, const struct nlattr *a)
{
	const struct nlattr *g;
	int rem;

	nla_for_each_nested(g, a, rem) {
		uint32_t *v = &k->globals[nla_type(g)];

		if (nla_len(g) == 1)
			*v = nla_get_u8((struct nlattr *)g);
		else
			memcpy(v, nla_data(g), sizeof(*v));
	}
}

/*
 * Every attribute at the top level, as the module reads them: INSTANCE
 * once, GLOBALS at most once, POOL4 and BIB any number of times, the
 * CONFIG_CHECK flag; anything else, or another order, is refused.
 */
static void ks_apply(const struct nlmsghdr *req)
{
	static const unsigned int rank[NAT64_A_MAX + 1] = {
		[NAT64_A_INSTANCE] = 1, [NAT64_A_GLOBALS] = 2,
		[NAT64_A_POOL4] = 3, [NAT64_A_BIB] = 4,
		[NAT64_A_CONFIG_CHECK] = 5,
	};
	const struct genlmsghdr *g = nlmsg_data(req);
	struct nlattr *tb[NAT64_INSTANCE_A_MAX + 1];
	static struct ks next;
	unsigned int last = 0, type;
	bool check = false;
	const struct nlattr *a;
	int rem;

	count_attrs(req);
	if (k_attrs[NAT64_A_INSTANCE] != 1 || k_attrs[NAT64_A_GLOBALS] > 1 ||
	    k_attrs[NAT64_A_CONFIG_CHECK] > 1) {
		ack(req, -EINVAL, fmt("bad layout: %s", k_layout));
		return;
	}
	memset(&next, 0, sizeof(next));
	fake_default_globals(next.globals);
	nla_for_each_attr(a, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0),
			  rem) {
		type = nla_type(a);
		if (type > NAT64_A_MAX || !rank[type] || rank[type] < last) {
			ack(req, -EINVAL, fmt("bad layout: %s", k_layout));
			return;
		}
		last = rank[type];
		switch (type) {
		case NAT64_A_INSTANCE:
			nla_parse_nested(tb, NAT64_INSTANCE_A_MAX,
					 (struct nlattr *)a, NULL);
			next.instance = true;
			nla_memcpy(&next.pool6,
				   tb[NAT64_INSTANCE_A_POOL6_ADDR],
				   sizeof(next.pool6));
			next.pool6_len =
				nla_get_u8(tb[NAT64_INSTANCE_A_POOL6_LEN]);
			next.mode = tb[NAT64_INSTANCE_A_MODE] ?
				    nla_get_u8(tb[NAT64_INSTANCE_A_MODE]) :
				    NAT64_INSTANCE_MODE_NETFILTER;
			break;
		case NAT64_A_GLOBALS:
			ks_globals(&next, a);
			break;
		case NAT64_A_POOL4:
			ks_pool4(&next, a);
			break;
		case NAT64_A_BIB:
			ks_bib(&next, a);
			break;
		case NAT64_A_CONFIG_CHECK:
			check = true;
		}
	}
	qsort(next.pool4, next.npool4, sizeof(next.pool4[0]), cmp_pool4);
	qsort(next.bib, next.nbib, sizeof(next.bib[0]), cmp_bib);
	if (!check)
		memcpy(&ks, &next, sizeof(ks));
	ack(req, 0, NULL);
}

static void ks_instance(const struct nlmsghdr *req)
{
	struct nl_msg *msg;
	struct nlattr *nest;

	if (!ks.instance) {
		ack(req, -ENOENT, "no NAT64 instance in this network namespace");
		return;
	}
	msg = reply_new(req, 0);
	nest = nla_nest_start(msg, NAT64_A_INSTANCE);
	nla_put(msg, NAT64_INSTANCE_A_POOL6_ADDR, sizeof(ks.pool6), &ks.pool6);
	nla_put_u8(msg, NAT64_INSTANCE_A_POOL6_LEN, ks.pool6_len);
	nla_put_u32(msg, NAT64_INSTANCE_A_POOL4_COUNT, ks.npool4);
	if (!ks_no_mode)
		nla_put_u8(msg, NAT64_INSTANCE_A_MODE, ks.mode);
	nla_nest_end(msg, nest);
	reply_send(msg);
	ack(req, 0, NULL);
}

static void ks_pool4_dump(const struct nlmsghdr *req)
{
	char addr[INET_ADDRSTRLEN];
	unsigned int i;

	for (i = 0; i < ks.npool4; i++) {
		const struct ks_pool4 *e = &ks.pool4[i];

		inet_ntop(AF_INET, &e->addr, addr, sizeof(addr));
		fake_pool4_entry(req, 0, e->proto, addr, e->plen, e->min,
				 e->max);
	}
	done(req, 0, NULL, 0);
}

/*
 * The static entries, and a dynamic one among them that save leaves
 * out; flagged as interrupted, as traffic makes busy BIB dumps.
 */
static void ks_bib_dump(const struct nlmsghdr *req)
{
	static const struct fake_bib dynamic = {
		NAT64_PROTO_TCP, "2001:db8::99", 40000, "192.0.2.9", 61000, 0, 2
	};
	char a6[INET6_ADDRSTRLEN], a4[INET_ADDRSTRLEN];
	unsigned int i;

	fake_bib_entry(req, 0, &dynamic);
	for (i = 0; i < ks.nbib; i++) {
		const struct ks_bib *e = &ks.bib[i];
		struct fake_bib b = { e->proto, a6, e->port6, a4, e->port4,
				      1, 0 };

		inet_ntop(AF_INET6, &e->addr6, a6, sizeof(a6));
		inet_ntop(AF_INET, &e->addr4, a4, sizeof(a4));
		fake_bib_entry(req, 0, &b);
	}
	done(req, 0, NULL, NLM_F_DUMP_INTR);
}

static void k_state(const struct nlmsghdr *req)
{
	switch (((const struct genlmsghdr *)nlmsg_data(req))->cmd) {
	case NAT64_CMD_CONFIG_APPLY:
		ks_apply(req);
		break;
	case NAT64_CMD_INSTANCE_GET:
		ks_instance(req);
		break;
	case NAT64_CMD_GLOBAL_GET:
		fake_global_reply(req, ks.globals);
		break;
	case NAT64_CMD_POOL4_GET:
		ks_pool4_dump(req);
		break;
	case NAT64_CMD_BIB_GET:
		ks_bib_dump(req);
		break;
	default:
		ack(req, -EOPNOTSUPP, NULL);
	}
}

/* ---- tests ---- */

/* conf_split() of @text, the words joined by '|'. */
static void expect_split(const char *text, const char *want)
{
	char buf[256], got[256] = "", **argv;
	size_t len = 0;
	int argc, i;

	snprintf(buf, sizeof(buf), "%s", text);
	argc = conf_split(buf, &argv);
	for (i = 0; i < argc; i++)
		len += snprintf(got + len, sizeof(got) - len, "%s%s",
				i ? "|" : "", argv[i]);
	free(argv);
	/* The name on one line: a '\n' or '\r' of @text shown escaped. */
	for (i = 0, len = 0; text[i] && len < sizeof(buf) - 3; i++) {
		if (text[i] == '\n' || text[i] == '\r') {
			buf[len++] = '\\';
			buf[len++] = text[i] == '\n' ? 'n' : 'r';
		} else {
			buf[len++] = text[i];
		}
	}
	buf[len] = '\0';
	expect_str(fmt("split '%s'", buf), got, want);
}

static void test_split(void)
{
	expect_split("instance add pool6 64:ff9b::/96",
		     "instance|add|pool6|64:ff9b::/96");
	expect_split("  pool4\tadd   192.0.2.1\t ", "pool4|add|192.0.2.1");
	expect_split("", "");
	expect_split("   ", "");
	expect_split("# pool4 add 192.0.2.1", "");
	expect_split("\t#indented", "");
	expect_split("pool4 add 192.0.2.1 # proto tcp", "pool4|add|192.0.2.1");
	expect_split("pool4 add 192.0.2.1 #proto tcp", "pool4|add|192.0.2.1");
	/* Only a word that starts with '#' starts a comment. */
	expect_split("pool4 add 192.0.2.1#x y", "pool4|add|192.0.2.1#x|y");
	expect_split("global set tos 0x2e\r", "global|set|tos|0x2e");
	expect_split("bib add\n", "bib|add");
	/* As read -r: no quoting, no escapes. */
	expect_split("a 'b c' d\\ e", "a|'b|c'|d\\|e");
}

#define HEAD	"instance add pool6 64:ff9b::/96\n# a comment\n\n"

/* Line 4 of a file, after HEAD: refused with @msg, nothing sent. */
static void expect_bad_line(const char *line, const char *msg,
			    const char *shown)
{
	const char *path = write_file("bad.conf", fmt(HEAD "%s\n", line));

	reset(k_ack);
	expect_run(fmt("apply %s", path), EXIT_USAGE,
		   fmt("Error: %s:4: %s.\n  %s\n", path, msg, shown), "");
	expect_true(fmt("bad line '%s': nothing sent", line), nsent == 0,
		    describe(0));
}

#define ONLY "only instance add, pool4 add, bib add and global set can describe a configuration"

static void test_bad_lines(void)
{
	static const struct {
		const char *line;
		const char *msg;
	} cases[] = {
		{ "pool4 del 192.0.2.1", ONLY },
		{ "pool4 flush", ONLY },
		{ "pool4 show", ONLY },
		{ "instance del", ONLY },
		{ "instance show", ONLY },
		{ "session show", ONLY },
		{ "global show", ONLY },
		{ "bib del proto tcp 192.0.2.1:80", ONLY },
		{ "stats show", ONLY },
		{ "pool4", ONLY },
		{ "add", ONLY },
		{ "nat64ctl pool4 add 192.0.2.1", ONLY },
		{ "pool4 add", "pool4 add needs an IPv4 prefix" },
		{ "pool4 add 1.2.3.4/40",
		  "pool4 prefix length must be 16-32, not '40'" },
		{ "pool4 add 192.0.2.1/24",
		  "192.0.2.1/24 has host bits set (did you mean 192.0.2.0/24?)" },
		{ "pool4 add 192.0.2.1 ports 0", "port must be 1-65535, not '0'" },
		{ "pool4 add 192.0.2.1 proto sctp",
		  "proto must be 'tcp', 'udp' or 'icmp', not 'sctp'" },
		{ "bib add proto tcp [2001:db8::80]:80",
		  "bib add needs the IPv4 side, ADDR4:PORT" },
		{ "bib add [2001:db8::80]:80 192.0.2.1:80",
		  "bib add needs 'proto PROTO'" },
		{ "bib add proto udp [2001:db8::80]:0 192.0.2.1:53",
		  "port must be 1-65535, not '0'" },
		{ "global set", "global set needs at least one KEY VALUE pair" },
		{ "global set udp-timeout 30",
		  "udp-timeout must be 120-604800 seconds, not '30'" },
		{ "global set udp-timeout",
		  "missing value after 'udp-timeout'" },
		{ "global set tos 1 tos 2", "'tos' given twice" },
		{ "global set frobs 1",
		  "unknown global key 'frobs'; try 'nat64ctl global help'" },
		{ "instance add", "instance add needs 'pool6 PREFIX6'" },
		{ "instance add pool6 64:ff9b::/96 mode hooks",
		  "mode must be 'netfilter' or 'target', not 'hooks'" },
		{ "instance add pool6 64:ff9b::/96 mode target mode target",
		  "'mode' given twice" },
		{ "instance add pool6 64:ff9b::/96 mode",
		  "missing value after 'mode'" },
		{ "instance add pool6 64:ff9b::/96 mode target",
		  "the instance is added on line 1 already; a configuration has one" },
		{ "instance add pool6 64:ff9b::/96",
		  "the instance is added on line 1 already; a configuration has one" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		expect_bad_line(cases[i].line, cases[i].msg, cases[i].line);
	/* What is shown of the line: its words, without the comment. */
	expect_bad_line("  pool4   del 192.0.2.1   # gone", ONLY,
			"pool4 del 192.0.2.1");
	expect_bad_line("pool4 del \033]0;x\007", ONLY, "pool4 del ?]0;x?");
}

static void test_bad_files(void)
{
	const char *path;

	path = write_file("noinstance.conf", "# only\npool4 add 192.0.2.1\n");
	reset(k_ack);
	expect_run(fmt("apply %s", path), EXIT_USAGE,
		   fmt("Error: %s: no 'instance add pool6 PREFIX6' line; a configuration needs one.\n",
		       path), "");
	path = write_file("empty.conf", "");
	expect_run(fmt("apply check %s", path), EXIT_USAGE,
		   fmt("Error: %s: no 'instance add pool6 PREFIX6' line; a configuration needs one.\n",
		       path), "");

	/* Every bad line is named, in one run. */
	path = write_file("many.conf",
			  "pool4 add 192.0.2.1 ports 70000\n"
			  "pool4 add 192.0.2.2\n"
			  "instance del\n"
			  "instance add pool6 64:ff9b::/96\n"
			  "global set filtering none\n");
	expect_run(fmt("apply %s", path), EXIT_USAGE,
		   fmt("Error: %s:1: port must be 1-65535, not '70000'.\n"
		       "  pool4 add 192.0.2.1 ports 70000\n"
		       "Error: %s:3: " ONLY ".\n"
		       "  instance del\n"
		       "Error: %s:5: filtering must be 'endpoint-independent' or 'address-dependent', not 'none'.\n"
		       "  global set filtering none\n", path, path, path), "");
	expect_true("bad lines: nothing sent", nsent == 0, describe(0));

	path = write_bytes("nul.conf", HEAD "pool4 add 1\0x\n",
			   sizeof(HEAD "pool4 add 1\0x\n") - 1);
	expect_run(fmt("apply %s", path), EXIT_USAGE,
		   fmt("Error: %s:4: the line holds a NUL byte.\n", path), "");
	expect_run(fmt("apply %s/absent.conf", dir), EXIT_FAIL,
		   fmt("Error: cannot read %s/absent.conf: No such file or directory.\n",
		       dir), "");
	expect_run(fmt("apply %s", dir), EXIT_FAIL,
		   fmt("Error: cannot read %s: Is a directory.\n", dir), "");
	expect_true("unreadable files: nothing sent", nsent == 0,
		    describe(0));
}

/* A key set twice is refused wherever the second one is. */
static void test_duplicate_globals(void)
{
	const char *path;

	reset(k_ack);
	path = write_file("dup.conf",
			  "instance add pool6 64:ff9b::/96\n"
			  "global set udp-timeout 5m tos 46\n"
			  "pool4 add 192.0.2.1\n"
			  "global set icmp-src-pool4 none udp-timeout 300\n");
	expect_run(fmt("apply %s", path), EXIT_USAGE,
		   fmt("Error: %s:4: udp-timeout is set on line 2 already.\n"
		       "  global set icmp-src-pool4 none udp-timeout 300\n",
		       path), "");
	path = write_file("dup2.conf",
			  "global set icmp-src-pool4 192.0.2.0/29\n"
			  "instance add pool6 64:ff9b::/96\n"
			  "global set max-sessions 1000\n"
			  "global set icmp-src-pool4 none\n"
			  "global set max-sessions 1000\n");
	expect_run(fmt("apply %s", path), EXIT_USAGE,
		   fmt("Error: %s:4: icmp-src-pool4 is set on line 1 already.\n"
		       "  global set icmp-src-pool4 none\n"
		       "Error: %s:5: max-sessions is set on line 3 already.\n"
		       "  global set max-sessions 1000\n", path, path), "");
	path = write_file("dup3.conf", "instance add pool6 64:ff9b::/96\n"
			  "global set tos 1 udp-timeout 2m tos 1\n");
	expect_run(fmt("apply %s", path), EXIT_USAGE,
		   fmt("Error: %s:2: 'tos' given twice.\n"
		       "  global set tos 1 udp-timeout 2m tos 1\n", path), "");
	expect_true("duplicate keys: nothing sent", nsent == 0, describe(0));
}

/* Line numbers matter below: the offsets tests blame lines 2 to 10. */
static const char sample[] =
	"# The NAT64 of the lab\n"					/* 1 */
	"instance add pool6 2001:db8:64::/96\n"				/* 2 */
	"\n"								/* 3 */
	"global set udp-timeout 5m filtering address-dependent\n"	/* 4 */
	"pool4 add 192.0.2.0/30 proto udp ports 1024-2047\n"		/* 5 */
	"pool4 add 192.0.2.8/31   # every protocol, default ports\n"	/* 6 */
	"bib add proto tcp [2001:db8::80]:80 192.0.2.8:80\n"		/* 7 */
	"global set icmp-src-pool4 198.51.100.0/29 tos 0x2e drop-external-tcp on\n"
	"pool4 add 203.0.113.1 proto icmp\n"				/* 9 */
	"bib add 192.0.2.8:7 [2001:db8::7]:7 proto icmp";		/* 10 */

static const char *sample_request(const char *check)
{
	return fmt("CONFIG_APPLY ack"
		   " INSTANCE{ POOL6_ADDR=20010db8006400000000000000000000 POOL6_LEN=u8:96}"
		   " GLOBALS{ UDP_TIMEOUT=u32:300 FILTERING=u8:%u DROP_EXTERNAL_TCP=u8:1 TOS=u8:46 ICMP_SRC_POOL4_ADDR=c6336400 ICMP_SRC_POOL4_PLEN=u8:29}"
		   " POOL4{ PROTO=u8:%u ADDR=c0000200 PLEN=u8:30 PORT_MIN=u16:1024 PORT_MAX=u16:2047}"
		   " POOL4{ ADDR=c0000208 PLEN=u8:31}"
		   " POOL4{ PROTO=u8:%u ADDR=cb007101 PLEN=u8:32}"
		   " BIB{ PROTO=u8:%u ADDR6=20010db8000000000000000000000080 PORT6=u16:80 ADDR4=c0000208 PORT4=u16:80}"
		   " BIB{ PROTO=u8:%u ADDR6=20010db8000000000000000000000007 PORT6=u16:7 ADDR4=c0000208 PORT4=u16:7}"
		   "%s",
		   NAT64_FILTERING_ADDRESS_DEPENDENT, NAT64_PROTO_UDP,
		   NAT64_PROTO_ICMP, NAT64_PROTO_TCP, NAT64_PROTO_ICMP, check);
}

/* The same request, whichever way the file is named. */
static void expect_sample_request(const char *line, const char *check)
{
	reset(k_ack);
	expect_run(line, EXIT_OK, "", "");
	expect_str(fmt("'%s': request", line), describe(0),
		   sample_request(check));
	expect_true(fmt("'%s': one request", line), nat64_requests() == 1,
		    describe(1));
}

static void test_layout(void)
{
	const char *path = write_file("sample.conf", sample);
	char cwd[4096];

	write_file("check", sample);
	write_file("help", sample);

	expect_sample_request(fmt("apply %s", path), "");
	expect_sample_request(fmt("apply check %s", path), " CONFIG_CHECK");
	expect_sample_request(fmt("-batch %s", path), "");
	expect_sample_request(fmt("-b %s", path), "");
	expect_sample_request(fmt("--batch %s", path), "");
	expect_sample_request(fmt("-j -b %s -p", path), "");
	/* FILE is the last word: a file may be called "check". */
	if (!getcwd(cwd, sizeof(cwd)) || chdir(dir))
		abort();
	expect_sample_request("apply check", "");
	expect_sample_request("apply check check", " CONFIG_CHECK");
	expect_sample_request("-b help", "");
	expect_sample_request("apply ./help", "");
	if (chdir(cwd))
		abort();
	if (!freopen(path, "r", stdin))
		abort();
	expect_sample_request("apply -", "");
	if (!freopen("/dev/null", "r", stdin))
		abort();

	reset(k_ack);
	expect_run("apply", EXIT_USAGE,
		   "Error: apply needs a FILE ('-' for standard input).\n", "");
	expect_run(fmt("apply verify %s", path), EXIT_USAGE,
		   "Error: unknown apply argument 'verify'; expected 'check'.\n",
		   "");
	expect_run(fmt("apply check %s again", path), EXIT_USAGE,
		   "Error: apply takes [ check ] FILE, not also 'again'.\n", "");
	expect_run("apply help", EXIT_OK,
		   "Usage: nat64ctl apply [ check ] FILE\n...", "");
	expect_run("-batch", EXIT_USAGE,
		   "Error: option '-batch' needs a FILE ('-' for standard input).\n",
		   "");
	expect_run(fmt("-b %s pool4 show", path), EXIT_USAGE,
		   "Error: nothing may follow '-batch FILE', not 'pool4'.\n", "");
	expect_true("usage errors: nothing sent", nsent == 0, describe(0));
}

/*
 * The sample refused, blaming the attribute that @type, @index and @inner
 * name (see blame): @want on stderr, the file's path at its %s.
 */
static void expect_blame(const char *name, int type, int index, int inner,
			 const char *want)
{
	const char *path = write_file("sample.conf", sample);
	char out[4096], err[4096];
	int ret;

	blame.type = type;
	blame.index = index;
	blame.inner = inner;
	reset(k_blame);
	ret = run_line(fmt("apply %s", path), out, err, sizeof(out));
	expect_str(fmt("blamed: %s", name),
		   ret == EXIT_FAIL && !*out ? err : "(exit code or stdout)",
		   fmt(want, path));
}

static void test_offsets(void)
{
	const char *path;

	blame.where = 0;
	blame.error = -EINVAL;
	blame.text = "192.0.2.0/30 overlaps a pool4 entry";
	/* Line 5 is the first top-level POOL4; blamed at its address. */
	expect_blame("pool4 line", NAT64_A_POOL4, 0, NAT64_POOL4_A_ADDR,
		     "Error: %s:5: 192.0.2.0/30 overlaps a pool4 entry.\n"
		     "  pool4 add 192.0.2.0/30 proto udp ports 1024-2047\n");
	expect_blame("pool4 nest", NAT64_A_POOL4, 1, 0,
		     "Error: %s:6: 192.0.2.0/30 overlaps a pool4 entry.\n"
		     "  pool4 add 192.0.2.8/31\n");
	expect_blame("pool4 nest, last", NAT64_A_POOL4, 2,
		     NAT64_POOL4_A_PLEN,
		     "Error: %s:9: 192.0.2.0/30 overlaps a pool4 entry.\n"
		     "  pool4 add 203.0.113.1 proto icmp\n");
	blame.text = "192.0.2.8:7 is not in pool4 for icmp";
	expect_blame("bib line", NAT64_A_BIB, 1, NAT64_BIB_A_PORT4,
		     "Error: %s:10: 192.0.2.8:7 is not in pool4 for icmp.\n"
		     "  bib add 192.0.2.8:7 [2001:db8::7]:7 proto icmp\n");
	expect_blame("bib nest", NAT64_A_BIB, 0, 0,
		     "Error: %s:7: 192.0.2.8:7 is not in pool4 for icmp.\n"
		     "  bib add proto tcp [2001:db8::80]:80 192.0.2.8:80\n");
	blame.text = "tos must be set with tos-override";
	expect_blame("global key, second line", NAT64_A_GLOBALS, 0,
		     NAT64_GLOBAL_A_TOS,
		     "Error: %s:8: tos must be set with tos-override.\n"
		     "  global set icmp-src-pool4 198.51.100.0/29 tos 0x2e drop-external-tcp on\n");
	expect_blame("global key, first line", NAT64_A_GLOBALS, 0,
		     NAT64_GLOBAL_A_FILTERING,
		     "Error: %s:4: tos must be set with tos-override.\n"
		     "  global set udp-timeout 5m filtering address-dependent\n");
	expect_blame("global prefix length", NAT64_A_GLOBALS, 0,
		     NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN,
		     "Error: %s:8: tos must be set with tos-override.\n"
		     "  global set icmp-src-pool4 198.51.100.0/29 tos 0x2e drop-external-tcp on\n");
	/* The nest of all globals is no one line's, here. */
	expect_blame("globals nest", NAT64_A_GLOBALS, 0, 0,
		     "Error: %s: tos must be set with tos-override.\n");
	blame.text = "pool6 overlaps pool4";
	expect_blame("instance", NAT64_A_INSTANCE, 0,
		     NAT64_INSTANCE_A_POOL6_LEN,
		     "Error: %s:2: pool6 overlaps pool4.\n"
		     "  instance add pool6 2001:db8:64::/96\n");
	/* Bytes no line wrote: the generic netlink header. */
	expect_blame("genetlink header", 0, 0, 0,
		     "Error: %s: pool6 overlaps pool4.\n");
	blame.where = 1;
	expect_blame("offset past the end", 0, 0, 0,
		     "Error: %s: pool6 overlaps pool4.\n");
	blame.where = -1;
	expect_blame("no offset", 0, 0, 0,
		     "Error: %s: pool6 overlaps pool4.\n");
	blame.where = 0;
	blame.error = -EPERM;
	blame.text = NULL;
	expect_blame("no message", NAT64_A_POOL4, 0, 0,
		     "Error: %s:5: Operation not permitted (changing the nat64 configuration or showing its BIB and sessions needs CAP_NET_ADMIN).\n"
		     "  pool4 add 192.0.2.0/30 proto udp ports 1024-2047\n");

	/* A warning in the ACK: said with its line, the apply worked. */
	blame.error = 0;
	blame.text = "[2001:db8::80]:80 is inside pool6";
	blame.type = NAT64_A_BIB;
	blame.index = 0;
	blame.inner = NAT64_BIB_A_ADDR6;
	reset(k_blame);
	expect_run(fmt("apply %s", write_file("sample.conf", sample)), EXIT_OK,
		   fmt("Warning: %s/sample.conf:7: [2001:db8::80]:80 is inside pool6.\n"
		       "  bib add proto tcp [2001:db8::80]:80 192.0.2.8:80\n",
		       dir), "");

	/* With one global set line, the nest of all globals is that line's. */
	blame.error = -EBUSY;
	blame.text = "subscriber-prefix-len cannot change while BIB entries exist";
	blame.type = NAT64_A_GLOBALS;
	blame.inner = 0;
	reset(k_blame);
	path = write_file("one.conf", "instance add pool6 64:ff9b::/96\n"
			  "pool4 add 192.0.2.1\n"
			  "global set subscriber-prefix-len 64 tos 4\n");
	expect_run(fmt("apply %s", path), EXIT_FAIL,
		   fmt("Error: %s:3: subscriber-prefix-len cannot change while BIB entries exist.\n"
		       "  global set subscriber-prefix-len 64 tos 4\n", path),
		   "");

	k_error = -ENOENT;
	k_text = NULL;
	reset(k_refuse);
	expect_run(fmt("apply %s/sample.conf", dir), EXIT_FAIL,
		   fmt("Error: %s/sample.conf: No such file or directory.\n",
		       dir), "");
}

/*
 * A file of @n bib add lines and what they need, a global set line last
 * (the request puts GLOBALS before the entries all the same).
 */
static const char *bib_file(const char *name, unsigned int n)
{
	size_t size = 256 + n * 64, len;
	char *text = malloc(size);
	const char *path;
	unsigned int i;

	if (!text)
		abort();
	len = snprintf(text, size, "instance add pool6 64:ff9b::/96\n"
		       "pool4 add 192.0.2.0/24 proto tcp\n");
	for (i = 0; i < n; i++)
		len += snprintf(text + len, size - len,
				"bib add proto tcp [2001:db8::%x]:80 192.0.2.%u:%u\n",
				i + 1, i % 256, 1024 + i);
	snprintf(text + len, size - len, "global set udp-timeout 10m\n");
	path = write_file(name, text);
	free(text);
	return path;
}

/* What save prints of bib_file(@n): the entries by IPv4 address, port. */
static char *bib_saved(unsigned int n)
{
	size_t size = 512 + n * 64, len;
	char *text = malloc(size);
	unsigned int a, i;

	if (!text)
		abort();
	len = snprintf(text, size,
		       "# nat64ctl save, nat64 " NAT64_VERSION "; see nat64.conf(5)\n"
		       "instance add pool6 64:ff9b::/96\n"
		       "global set udp-timeout 600\n"
		       "pool4 add 192.0.2.0/24 proto tcp ports 1024-65535\n");
	for (a = 0; a < 256; a++)
		for (i = a; i < n; i += 256)
			len += snprintf(text + len, size - len,
					"bib add proto tcp [2001:db8::%x]:80 192.0.2.%u:%u\n",
					i + 1, a, 1024 + i);
	return text;
}

static void test_sizes(void)
{
	const char *path = write_file("sample.conf", sample);
	size_t size = 1 << 20;
	char *out, *err, *want;
	struct ks before;

	/* Past the socket's send buffer, even once grown. */
	reset(k_ack);
	fake_send_error = -NLE_MSGSIZE;
	expect_run(fmt("apply %s", path), EXIT_FAIL,
		   fmt("Error: %s: configuration too large for the netlink send buffer (...",
		       path), "");
	k_error = -EMSGSIZE;
	k_text = NULL;
	reset(k_refuse);
	expect_run(fmt("apply %s", path), EXIT_FAIL,
		   fmt("Error: %s: configuration too large for the netlink send buffer (...",
		       path), "");

	/*
	 * 3000 entries, far past the 64 KiB one attribute can hold: one
	 * request all the same, every entry a top-level BIB attribute.
	 */
	path = bib_file("huge.conf", 3000);
	memset(&ks, 0, sizeof(ks));
	reset(k_state);
	k_requests = 0;
	expect_run(fmt("apply check %s", path), EXIT_OK, "", "");
	expect_str("3000 bib lines, check: layout", k_layout,
		   "INSTANCE GLOBALS POOL4 BIB*3000 CONFIG_CHECK");
	expect_true("3000 bib lines, check: nothing changes",
		    !ks.instance && !ks.nbib, "the state changed");

	reset(k_state);
	k_requests = 0;
	expect_run(fmt("apply %s", path), EXIT_OK, "", "");
	expect_str("3000 bib lines: layout", k_layout,
		   "INSTANCE GLOBALS POOL4 BIB*3000");
	expect_true("3000 bib lines: one request, 3000 top-level BIBs",
		    k_requests == 1 && k_attrs[NAT64_A_BIB] == 3000 &&
		    k_attrs[NAT64_A_POOL4] == 1 &&
		    k_attrs[NAT64_A_INSTANCE] == 1 &&
		    k_attrs[NAT64_A_GLOBALS] == 1 &&
		    !k_attrs[NAT64_A_CONFIG_CHECK],
		    fmt("%u requests, %u BIBs", k_requests,
			k_attrs[NAT64_A_BIB]));
	expect_true("3000 bib lines: longer than one attribute can hold",
		    k_len > 65535 + NLMSG_HDRLEN + GENL_HDRLEN,
		    fmt("%u bytes", k_len));
	expect_true("3000 bib lines: the kernel keeps them all",
		    ks.instance && ks.nbib == 3000 && ks.npool4 == 1,
		    fmt("%u BIB entries, %u pool4 entries", ks.nbib,
			ks.npool4));

	/* save prints them back, which is past every buffer of expect_run(). */
	out = malloc(size);
	err = malloc(size);
	want = bib_saved(3000);
	if (!out || !err)
		abort();
	reset(k_state);
	expect_true("3000 bib lines: save",
		    run_line("save", out, err, size) == EXIT_OK && !*err,
		    err);
	expect_str("3000 bib lines: what save prints", out, want);
	path = write_file("huge-saved.conf", out);
	memcpy(&before, &ks, sizeof(ks));
	expect_run(fmt("apply %s", path), EXIT_OK, "", "");
	expect_true("3000 bib lines: apply of save's output changes nothing",
		    !memcmp(&before, &ks, sizeof(ks)), "the state differs");
	free(want);
	free(err);
	free(out);
}

static const char sample_saved[] =
	"# nat64ctl save, nat64 " NAT64_VERSION "; see nat64.conf(5)\n"
	"instance add pool6 2001:db8:64::/96\n"
	"global set filtering address-dependent\n"
	"global set drop-external-tcp on\n"
	"global set tos 46\n"
	"global set icmp-src-pool4 198.51.100.0/29\n"
	"pool4 add 192.0.2.8/31 proto tcp ports 1024-65535\n"
	"pool4 add 192.0.2.0/30 proto udp ports 1024-2047\n"
	"pool4 add 192.0.2.8/31 proto udp ports 1024-65535\n"
	"pool4 add 192.0.2.8/31 proto icmp ports 0-65535\n"
	"pool4 add 203.0.113.1/32 proto icmp ports 0-65535\n"
	"bib add proto tcp [2001:db8::80]:80 192.0.2.8:80\n"
	"bib add proto icmp [2001:db8::7]:7 192.0.2.8:7\n";

static void test_save(void)
{
	char out[8192], err[8192];
	unsigned int i;
	struct ks first;
	const char *path;
	size_t len;

	memset(&ks, 0, sizeof(ks));
	reset(k_state);
	expect_run("save", EXIT_FAIL,
		   "Error: no NAT64 instance in this network namespace.\n", "");
	expect_str("save without an instance: requests", describe(0),
		   "INSTANCE_GET ack");
	expect_true("save without an instance: one request",
		    nat64_requests() == 1, describe(1));

	path = write_file("sample.conf", sample);
	expect_run(fmt("apply check %s", path), EXIT_OK, "", "");
	expect_true("apply check changes nothing", !ks.instance, "");
	expect_run(fmt("apply %s", path), EXIT_OK, "", "");
	reset(k_state);
	expect_run("save", EXIT_OK, "", sample_saved);
	for (i = 0, len = 0; i < nat64_requests(); i++)
		len += snprintf(out + len, sizeof(out) - len, "%s%s",
				i ? ", " : "", describe(i));
	expect_str("save: requests", out,
		   "INSTANCE_GET ack, GLOBAL_GET ack, POOL4_GET dump, BIB_GET dump");

	/* What save prints, applied, changes nothing; saved, the same. */
	memcpy(&first, &ks, sizeof(ks));
	reset(k_state);
	run_line("save", out, err, sizeof(out));
	path = write_file("saved.conf", out);
	expect_run(fmt("apply %s", path), EXIT_OK, "", "");
	expect_true("apply of save's output changes nothing",
		    !memcmp(&first, &ks, sizeof(ks)), "the state differs");
	expect_run("save", EXIT_OK, "", sample_saved);

	/* At the defaults: the instance and pool4, nothing else. */
	path = write_file("plain.conf", "instance add pool6 64:ff9b::/96\n"
			  "global set udp-timeout 300 icmp-src-pool4 none\n"
			  "pool4 add 192.0.2.1 proto tcp ports 1-1023\n");
	expect_run(fmt("apply %s", path), EXIT_OK, "", "");
	expect_run("save", EXIT_OK, "",
		   "# nat64ctl save, nat64 " NAT64_VERSION "; see nat64.conf(5)\n"
		   "instance add pool6 64:ff9b::/96\n"
		   "pool4 add 192.0.2.1/32 proto tcp ports 1-1023\n");

	reset(k_state);
	expect_run("-j save", EXIT_USAGE,
		   "Error: save has no JSON form; it prints nat64.conf(5) lines.\n",
		   "");
	expect_run("save now", EXIT_USAGE,
		   "Error: save takes no arguments, not 'now'.\n", "");
	expect_run("save help", EXIT_OK, "Usage: nat64ctl save\n...", "");
	expect_true("save usage errors: nothing sent", nsent == 0,
		    describe(0));
}

/*
 * The mode on the instance line: sent only for target, kept by the
 * kernel, saved only for target (a netfilter instance saves to the line
 * it always did), and read back by apply to the same instance.
 */
static void test_save_mode(void)
{
	static const char target_saved[] =
		"# nat64ctl save, nat64 " NAT64_VERSION "; see nat64.conf(5)\n"
		"instance add pool6 64:ff9b::/96 mode target\n"
		"pool4 add 192.0.2.1/32 proto tcp ports 1-1023\n";
	static const char netfilter_saved[] =
		"# nat64ctl save, nat64 " NAT64_VERSION "; see nat64.conf(5)\n"
		"instance add pool6 64:ff9b::/96\n"
		"pool4 add 192.0.2.1/32 proto tcp ports 1-1023\n";
	char out[4096], err[4096], want[512], pool4[128];
	const char *path;
	struct ks first;

	snprintf(pool4, sizeof(pool4),
		 " POOL4{ PROTO=u8:%u ADDR=c0000201 PLEN=u8:32 PORT_MIN=u16:1 PORT_MAX=u16:1023}",
		 NAT64_PROTO_TCP);

	memset(&ks, 0, sizeof(ks));
	reset(k_state);
	path = write_file("target.conf", "instance add pool6 64:ff9b::/96 mode target\n"
			  "pool4 add 192.0.2.1 proto tcp ports 1-1023\n");
	expect_run(fmt("apply %s", path), EXIT_OK, "", "");
	snprintf(want, sizeof(want),
		 "CONFIG_APPLY ack INSTANCE{ POOL6_ADDR=0064ff9b000000000000000000000000 POOL6_LEN=u8:96 MODE=u8:%u}%s",
		 NAT64_INSTANCE_MODE_TARGET, pool4);
	expect_str("mode target: the request", describe(0), want);
	expect_true("mode target: the kernel keeps it",
		    ks.instance && ks.mode == NAT64_INSTANCE_MODE_TARGET,
		    fmt("mode %u", ks.mode));
	reset(k_state);
	expect_run("save", EXIT_OK, "", target_saved);

	/* Saved, applied: nothing changes, and it saves the same again. */
	memcpy(&first, &ks, sizeof(ks));
	reset(k_state);
	run_line("save", out, err, sizeof(out));
	path = write_file("target-saved.conf", out);
	expect_run(fmt("apply %s", path), EXIT_OK, "", "");
	expect_true("mode target: apply of save's output changes nothing",
		    !memcmp(&first, &ks, sizeof(ks)), "the state differs");
	expect_run("save", EXIT_OK, "", target_saved);

	/* Without the word, netfilter: no mode sent, none saved. */
	path = write_file("netfilter.conf", "instance add pool6 64:ff9b::/96\n"
			  "pool4 add 192.0.2.1 proto tcp ports 1-1023\n");
	reset(k_state);
	expect_run(fmt("apply %s", path), EXIT_OK, "", "");
	snprintf(want, sizeof(want),
		 "CONFIG_APPLY ack INSTANCE{ POOL6_ADDR=0064ff9b000000000000000000000000 POOL6_LEN=u8:96}%s",
		 pool4);
	expect_str("mode netfilter: the request, no mode", describe(0), want);
	expect_true("mode netfilter: the kernel keeps it",
		    ks.mode == NAT64_INSTANCE_MODE_NETFILTER,
		    fmt("mode %u", ks.mode));
	expect_run("save", EXIT_OK, "", netfilter_saved);
	path = write_file("netfilter-said.conf", "instance add mode netfilter pool6 64:ff9b::/96\n"
			  "pool4 add 192.0.2.1 proto tcp ports 1-1023\n");
	reset(k_state);
	expect_run(fmt("apply %s", path), EXIT_OK, "", "");
	expect_str("mode netfilter, said: the same request", describe(0),
		   want);
	expect_run("save", EXIT_OK, "", netfilter_saved);

	/* A kernel from before target mode sends none: netfilter. */
	ks_no_mode = true;
	reset(k_state);
	expect_run("save", EXIT_OK, "", netfilter_saved);
	ks_no_mode = false;

	/* A mode of a later kernel: no line apply would read back. */
	ks.mode = NAT64_INSTANCE_MODE_COUNT;
	reset(k_state);
	expect_run("save", EXIT_FAIL,
		   fmt("Error: the instance runs in mode %u, which this nat64ctl does not know.\n",
		       NAT64_INSTANCE_MODE_COUNT), "");
	expect_true("unknown mode: save reads no further",
		    nat64_requests() == 1, describe(1));
}

/* Every key: a value other than its default, as save prints it. */
static void test_global_values(void)
{
	static const uint32_t samples[__NAT64_GLOBAL_A_MAX] = {
		[NAT64_GLOBAL_A_UDP_TIMEOUT] = 121,
		[NAT64_GLOBAL_A_TCP_EST_TIMEOUT] = 86400,
		[NAT64_GLOBAL_A_TCP_TRANS_TIMEOUT] = 241,
		[NAT64_GLOBAL_A_ICMP_TIMEOUT] = 604800,
		[NAT64_GLOBAL_A_FILTERING] = NAT64_FILTERING_ADDRESS_DEPENDENT,
		[NAT64_GLOBAL_A_DROP_EXTERNAL_TCP] = 1,
		[NAT64_GLOBAL_A_TOS_OVERRIDE] = 1,
		[NAT64_GLOBAL_A_TOS] = 255,
		[NAT64_GLOBAL_A_LOWEST_IPV6_MTU] = 1500,
		[NAT64_GLOBAL_A_MAX_STORED_SYNS] = 0,
		[NAT64_GLOBAL_A_MAX_SESSIONS] = 1,
		[NAT64_GLOBAL_A_MAX_IPV4_SESSIONS] = 0,
		[NAT64_GLOBAL_A_MAX_IPV4_SESSIONS_PER_BIB] = 7,
		[NAT64_GLOBAL_A_MAX_SESSIONS_PER_HOST] = 12,
		[NAT64_GLOBAL_A_MAX_BIB_PER_HOST] = 34,
		[NAT64_GLOBAL_A_SUBSCRIBER_PREFIX_LEN] = 56,
		[NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR] = 0,	/* below */
		[NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN] = 28,
	};
	uint32_t defaults[__NAT64_GLOBAL_A_MAX], value[__NAT64_GLOBAL_A_MAX];
	struct global_req req;
	unsigned int attr;
	char text[64];

	fake_default_globals(defaults);
	memcpy(value, samples, sizeof(value));
	inet_pton(AF_INET, "192.0.2.16",
		  &value[NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR]);
	for (attr = 1; attr <= NAT64_GLOBAL_A_MAX; attr++) {
		const char *name = global_key_name(attr);
		char *argv[2] = { (char *)name, text };
		bool ok;

		if (!global_is_key(attr))
			continue;
		global_value_text(attr, value, text, sizeof(text));
		ok = !global_parse_set(2, argv, &req) &&
		     req.value[attr] == value[attr] &&
		     (attr != NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR ||
		      req.value[attr + 1] == value[attr + 1]) &&
		     global_is_default(attr, defaults) &&
		     !global_is_default(attr, value);
		expect_true(fmt("global %s %s: read back, not the default",
				name, text), ok, parse_error());
	}
	global_value_text(NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR, defaults, text,
			  sizeof(text));
	expect_str("icmp-src-pool4 at its default", text, "none");
}

int main(void)
{
	if (!mkdtemp(dir))
		abort();
	test_split();
	test_bad_lines();
	test_bad_files();
	test_duplicate_globals();
	test_layout();
	test_offsets();
	test_sizes();
	test_save();
	test_save_mode();
	test_global_values();
	if (system(fmt("rm -rf '%s'", dir)))
		fail("cleanup", "cannot remove %s", dir);
	return test_failed ? 1 : 0;
}
