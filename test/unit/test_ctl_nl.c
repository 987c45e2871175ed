// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl against a scripted kernel (ctl_fake.c): the whole tool,
 * netlink.c included, with the libnl calls that touch the socket faked.
 *
 * This checks, without the module, what goes on the wire (commands,
 * flags, nests, attribute types and byte order) and what comes out of
 * the answers: text and JSON output, extended ACK messages, errors in
 * NLMSG_DONE, interrupted dumps.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>

#include <nat64.h>

#include "ctl_fake.h"
#include "ctl_test.h"
#include "nat64ctl.h"
#include "stats.h"

const char *test_suite = "ctl-nl";

/* ---- kernels ---- */

static int k_error;		/* the answer of the simple kernels */
static const char *k_text;

static void k_ack(const struct nlmsghdr *req)
{
	ack(req, k_error, k_text);
}

static void k_ack_uncapped(const struct nlmsghdr *req)
{
	ack_ext(req, k_error, k_text, false, -1);
}

static void k_ack_missing(const struct nlmsghdr *req)
{
	ack_ext(req, -EINVAL, NULL, true, NAT64_INSTANCE_A_POOL6_LEN);
}

/*
 * The mode k_instance answers: -1 none at all, as a kernel from before
 * target mode; K_MODE_U16 a mode attribute of the wrong size.
 */
#define K_MODE_U16	1000
static int k_mode = -1;

static void k_instance(const struct nlmsghdr *req)
{
	struct nl_msg *msg = reply_new(req, 0);
	struct nlattr *nest = nla_nest_start(msg, NAT64_A_INSTANCE);
	struct in6_addr a;

	inet_pton(AF_INET6, "64:ff9b::", &a);
	nla_put(msg, NAT64_INSTANCE_A_POOL6_ADDR, sizeof(a), &a);
	nla_put_u8(msg, NAT64_INSTANCE_A_POOL6_LEN, 96);
	/* With k_error, the reply is bad: it lacks POOL4_COUNT. */
	if (!k_error)
		nla_put_u32(msg, NAT64_INSTANCE_A_POOL4_COUNT, 3);
	if (k_mode == K_MODE_U16)
		nla_put_u16(msg, NAT64_INSTANCE_A_MODE,
			    NAT64_INSTANCE_MODE_TARGET);
	else if (k_mode >= 0)
		nla_put_u8(msg, NAT64_INSTANCE_A_MODE, k_mode);
	nla_nest_end(msg, nest);
	reply_send(msg);
	ack(req, 0, NULL);
}

/* Some stale message first, with another sequence number. */
static void k_instance_late(const struct nlmsghdr *req)
{
	struct nlmsghdr old = *req;

	old.nlmsg_seq--;
	ack(&old, -EEXIST, "stale answer to an older request");
	dgram_end();
	k_instance(req);
}

static unsigned int k_dumps;	/* dumps answered so far */
static unsigned int k_intr;	/* how many of them come interrupted */

/* Three entries over two datagrams; the first k_intr dumps interrupted. */
static void k_pool4(const struct nlmsghdr *req)
{
	int intr = k_dumps++ < k_intr ? NLM_F_DUMP_INTR : 0;

	if (intr)
		fake_pool4_entry(req, 0, NAT64_PROTO_TCP, "203.0.113.9", 32,
				 1, 2);
	fake_pool4_entry(req, 0, NAT64_PROTO_TCP, "192.0.2.0", 24,
		    NAT64_POOL4_PORT_MIN_DEF, NAT64_POOL4_PORT_MAX_DEF);
	fake_pool4_entry(req, intr, NAT64_PROTO_UDP, "192.0.2.1", 32, 1024,
			 2047);
	dgram_end();
	fake_pool4_entry(req, 0, NAT64_PROTO_ICMP, "198.51.100.0", 31,
		    NAT64_POOL4_ICMP_ID_MIN_DEF, NAT64_POOL4_ICMP_ID_MAX_DEF);
	done(req, 0, NULL, intr);
}

static void k_pool4_empty(const struct nlmsghdr *req)
{
	done(req, 0, NULL, 0);
}

static void k_pool4_done_error(const struct nlmsghdr *req)
{
	fake_pool4_entry(req, 0, NAT64_PROTO_TCP, "192.0.2.0", 24, 1, 2);
	done(req, -EIO, "Pool4 dump failed.", 0);
}

static void k_pool4_bad(const struct nlmsghdr *req)
{
	struct nl_msg *msg = reply_new(req, NLM_F_MULTI);
	struct nlattr *nest = nla_nest_start(msg, NAT64_A_POOL4);

	/* A 2-byte address. */
	nla_put_u8(msg, NAT64_POOL4_A_PROTO, NAT64_PROTO_TCP);
	nla_put_u16(msg, NAT64_POOL4_A_ADDR, 7);
	nla_nest_end(msg, nest);
	reply_send(msg);
	done(req, 0, NULL, 0);
}

static uint32_t k_globals[__NAT64_GLOBAL_A_MAX];

static void k_global(const struct nlmsghdr *req)
{
	fake_global_reply(req, k_globals);
}

static void default_globals(void)
{
	fake_default_globals(k_globals);
}

static const struct fake_bib k_bibs[] = {
	{ NAT64_PROTO_TCP, "2001:db8::80", 80, "192.0.2.1", 80, 1, 0 },
	{ NAT64_PROTO_TCP, "2001:db8::10", 40000, "192.0.2.1", 61000, 0, 2 },
	{ NAT64_PROTO_ICMP, "2001:db8::10", 7, "198.51.100.1", 0, 0, 1 },
};

/* k_bibs over two datagrams; the first k_intr dumps are interrupted. */
static void k_bib(const struct nlmsghdr *req)
{
	int intr = k_dumps++ < k_intr ? NLM_F_DUMP_INTR : 0;

	fake_bib_entry(req, 0, &k_bibs[0]);
	fake_bib_entry(req, intr, &k_bibs[1]);
	dgram_end();
	fake_bib_entry(req, 0, &k_bibs[2]);
	done(req, 0, NULL, intr);
}

/* One entry, then the dump fails. */
static void k_bib_done_error(const struct nlmsghdr *req)
{
	fake_bib_entry(req, 0, &k_bibs[0]);
	dgram_end();
	done(req, -EIO, "BIB dump failed", 0);
}

static void k_bib_bad(const struct nlmsghdr *req)
{
	struct fake_bib e = k_bibs[0];

	e.is_static = -1;
	fake_bib_entry(req, 0, &e);
	done(req, 0, NULL, 0);
}

static void k_empty_dump(const struct nlmsghdr *req)
{
	done(req, 0, NULL, 0);
}

struct k_session {
	unsigned int proto;
	const char *addr6, *remote6;
	unsigned int port6, remote_port6;
	const char *addr4, *remote4;
	unsigned int port4, remote_port4;
	int state;		/* -1: no TCP_STATE attribute */
	unsigned int expires;
};

static const struct k_session k_sessions[] = {
	{ NAT64_PROTO_TCP, "2001:db8::10", "64:ff9b::c633:6402", 40000, 80,
	  "192.0.2.1", "198.51.100.2", 61000, 80, 3, 7439999 },
	{ NAT64_PROTO_UDP, "2001:db8::10", "64:ff9b::cb00:7107", 5353, 53,
	  "192.0.2.1", "203.0.113.7", 1024, 53, -1, 299500 },
	{ NAT64_PROTO_ICMP, "2001:db8::11", "64:ff9b::c633:6402", 7, 7,
	  "192.0.2.1", "198.51.100.2", 0, 0, -1, 999 },
	/* A state number newer than this nat64ctl. */
	{ NAT64_PROTO_TCP, "2001:db8::12", "64:ff9b::c633:6402", 1, 2,
	  "192.0.2.1", "198.51.100.2", 3, 4, 9, 0 },
};

static void session_entry(const struct nlmsghdr *req, int flags,
			  const struct k_session *s)
{
	struct nl_msg *msg = reply_new(req, NLM_F_MULTI | flags);
	struct nlattr *nest = nla_nest_start(msg, NAT64_A_SESSION);
	struct in6_addr a6, r6;
	struct in_addr a4, r4;

	inet_pton(AF_INET6, s->addr6, &a6);
	inet_pton(AF_INET6, s->remote6, &r6);
	inet_pton(AF_INET, s->addr4, &a4);
	inet_pton(AF_INET, s->remote4, &r4);
	nla_put_u8(msg, NAT64_SESSION_A_PROTO, s->proto);
	nla_put(msg, NAT64_SESSION_A_ADDR6, sizeof(a6), &a6);
	nla_put_u16(msg, NAT64_SESSION_A_PORT6, s->port6);
	nla_put(msg, NAT64_SESSION_A_REMOTE6, sizeof(r6), &r6);
	nla_put_u16(msg, NAT64_SESSION_A_REMOTE_PORT6, s->remote_port6);
	nla_put(msg, NAT64_SESSION_A_ADDR4, sizeof(a4), &a4);
	nla_put_u16(msg, NAT64_SESSION_A_PORT4, s->port4);
	nla_put(msg, NAT64_SESSION_A_REMOTE4, sizeof(r4), &r4);
	nla_put_u16(msg, NAT64_SESSION_A_REMOTE_PORT4, s->remote_port4);
	if (s->state >= 0)
		nla_put_u8(msg, NAT64_SESSION_A_TCP_STATE, s->state);
	nla_put_u32(msg, NAT64_SESSION_A_EXPIRES, s->expires);
	nla_nest_end(msg, nest);
	reply_send(msg);
}

static void k_session(const struct nlmsghdr *req)
{
	int intr = k_dumps++ < k_intr ? NLM_F_DUMP_INTR : 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(k_sessions); i++) {
		session_entry(req, i == 1 ? intr : 0, &k_sessions[i]);
		if (i == 1)
			dgram_end();
	}
	done(req, 0, NULL, intr);
}

/* A TCP session without its state. */
static void k_session_bad(const struct nlmsghdr *req)
{
	struct k_session s = k_sessions[0];

	s.state = -1;
	session_entry(req, 0, &s);
	done(req, 0, NULL, 0);
}

/* Counter values: 1000 * (number + 1), some zero, + k_stats_extra. */
static unsigned int k_stats_extra;	/* counters newer than nat64ctl */
static bool k_stats_bad_len;

static uint64_t k_stat_value(unsigned int n)
{
	if (n == NAT64_STAT_XLAT_6TO4)
		return 1ULL << 40;
	return n % 3 ? 0 : 1000ULL * (n + 1);
}

/* The gauges k_stats() adds with k_gauges; a fourth protocol is newer. */
static bool k_gauges;
static bool k_gauges_bad;	/* without NAT64_GAUGE_A_STORED_SYNS */

static const struct {
	unsigned int proto;
	uint32_t bib, sessions;
	uint64_t ports;
} k_proto_gauges[] = {
	{ NAT64_PROTO_TCP, 3, 4, 64512 },
	{ NAT64_PROTO_UDP, 1, 2, 5ULL << 32 },
	{ NAT64_PROTO_ICMP, 0, 0, 65536 },
	{ NAT64_PROTO_COUNT, 9, 9, 9 },
};

static void put_gauges(struct nl_msg *msg)
{
	struct nlattr *nest = nla_nest_start(msg, NAT64_A_GAUGES), *p;
	unsigned int i;

	nla_put_u32(msg, NAT64_GAUGE_A_SESSIONS, 12);
	nla_put_u32(msg, NAT64_GAUGE_A_IPV4_SESSIONS, 1);
	if (!k_gauges_bad)
		nla_put_u32(msg, NAT64_GAUGE_A_STORED_SYNS, 0);
	for (i = 0; i < ARRAY_SIZE(k_proto_gauges); i++) {
		p = nla_nest_start(msg, NAT64_GAUGE_A_PROTO);
		nla_put_u8(msg, NAT64_GAUGE_PROTO_A_PROTO,
			   k_proto_gauges[i].proto);
		nla_put_u32(msg, NAT64_GAUGE_PROTO_A_BIB,
			    k_proto_gauges[i].bib);
		nla_put_u32(msg, NAT64_GAUGE_PROTO_A_SESSIONS,
			    k_proto_gauges[i].sessions);
		nla_put(msg, NAT64_GAUGE_PROTO_A_PAD, 0, NULL);
		nla_put_u64(msg, NAT64_GAUGE_PROTO_A_PORTS,
			    k_proto_gauges[i].ports);
		nla_nest_end(msg, p);
	}
	nla_nest_end(msg, nest);
}

/* With k_few, only these counters (the last one newer than nat64ctl). */
static bool k_few;

static const struct {
	unsigned int n;
	uint64_t value;
} k_few_stats[] = {
	{ NAT64_STAT_XLAT_6TO4, 5 },
	{ NAT64_STAT_ICMP_ERR_6TO4, 6 },
	{ NAT64_STAT_DROP_STATE_BUSY, 0 },
	{ NAT64_STAT_BIB_CREATED, 7 },
	{ NAT64_STAT_EVENTS_LOST, 8 },
	{ NAT64_STAT_COUNT + 1, 9 },
};

static void put_counters(struct nl_msg *msg)
{
	struct nlattr *nest = nla_nest_start(msg, NAT64_A_STATS);
	unsigned int n;

	for (n = 0; k_few && n < ARRAY_SIZE(k_few_stats); n++)
		nla_put_u64(msg, NAT64_STATS_A_FIRST + k_few_stats[n].n,
			    k_few_stats[n].value);
	for (n = 0; !k_few && n < NAT64_STAT_COUNT + k_stats_extra; n++)
		nla_put_u64(msg, NAT64_STATS_A_FIRST + n, k_stat_value(n));
	/* What nla_put_64bit() adds for alignment, between two counters. */
	nla_put(msg, NAT64_STATS_A_PAD, 0, NULL);
	if (k_stats_bad_len)
		nla_put_u32(msg, NAT64_STATS_A_FIRST + n, 5);
	nla_nest_end(msg, nest);
}

static void k_stats(const struct nlmsghdr *req)
{
	struct nl_msg *msg = reply_new(req, 0);

	put_counters(msg);
	if (k_gauges)
		put_gauges(msg);
	reply_send(msg);
	ack(req, 0, NULL);
}

/* Pool4 addresses in use, as POOL4_USE_GET dumps them. */
static const struct {
	unsigned int proto;
	const char *addr;
	uint32_t used, ports;
} k_uses[] = {
	{ NAT64_PROTO_TCP, "192.0.2.1", 3, 64512 },
	{ NAT64_PROTO_TCP, "192.0.2.7", 64512, 64512 },
	{ NAT64_PROTO_UDP, "192.0.2.1", 1, 1024 },
};

static bool k_use_bad;		/* the first entry without USED */

static void use_entry(const struct nlmsghdr *req, unsigned int i)
{
	struct nl_msg *msg = reply_new(req, NLM_F_MULTI);
	struct nlattr *nest = nla_nest_start(msg, NAT64_A_POOL4_USE);
	struct in_addr a;

	inet_pton(AF_INET, k_uses[i].addr, &a);
	nla_put_u8(msg, NAT64_POOL4_USE_A_PROTO, k_uses[i].proto);
	nla_put(msg, NAT64_POOL4_USE_A_ADDR, sizeof(a), &a);
	if (!k_use_bad)
		nla_put_u32(msg, NAT64_POOL4_USE_A_USED, k_uses[i].used);
	nla_put_u32(msg, NAT64_POOL4_USE_A_PORTS, k_uses[i].ports);
	nla_nest_end(msg, nest);
	reply_send(msg);
}

/* k_uses over two datagrams; the kernel's filter is not applied. */
static void k_pool4_use(const struct nlmsghdr *req)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(k_uses); i++) {
		use_entry(req, i);
		if (!i)
			dgram_end();
	}
	done(req, 0, NULL, 0);
}

/* What "stats prometheus" asks, answered by command. */
static void k_scrape(const struct nlmsghdr *req)
{
	switch (((const struct genlmsghdr *)nlmsg_data(req))->cmd) {
	case NAT64_CMD_STATS_GET:
		k_stats(req);
		break;
	case NAT64_CMD_GLOBAL_GET:
		k_global(req);
		break;
	case NAT64_CMD_POOL4_USE_GET:
		k_pool4_use(req);
		break;
	default:
		ack(req, -EOPNOTSUPP, NULL);
	}
}

/* ---- tests ---- */

static void test_family(void)
{
	reset(k_ack);
	family_error = -ENOENT;
	expect_run("instance show", EXIT_FAIL,
		   "Error: nat64 module not loaded (generic netlink family \"nat64\" not found).\n",
		   "");
	expect_true("family absent: nothing sent to nat64",
		    nat64_requests() == 0, describe(0));

	reset(k_ack);
	family_version = NAT64_GENL_VERSION + 1;
	expect_run("pool4 flush", EXIT_FAIL,
		   fmt("Error: the nat64 module speaks netlink version %u but nat64ctl speaks version %u; install matching versions.\n",
		       NAT64_GENL_VERSION + 1, NAT64_GENL_VERSION), "");

	reset(k_ack);
	family_error = -EINVAL;
	expect_run("global show", EXIT_FAIL,
		   "Error: cannot look up generic netlink family \"nat64\": Invalid argument.\n",
		   "");

	reset(NULL);
	expect_run("instance del", EXIT_FAIL,
		   "Error: cannot read the netlink reply: no answer.\n", "");

	/* The namespace is entered first, and only once parsing is done. */
	reset(k_ack);
	expect_run("-n nat64ctl-test-no-such-ns pool4 flush", EXIT_FAIL,
		   "Error: cannot open network namespace \"nat64ctl-test-no-such-ns\": No such file or directory.\n",
		   "");
	expect_true("absent namespace: nothing sent", nsent == 0,
		    describe(0));
}

static void test_instance(void)
{
	k_error = 0;
	k_text = NULL;
	reset(k_ack);
	expect_run("instance add pool6 64:ff9b::/96", EXIT_OK, "", "");
	expect_str("instance add: request", describe(0),
		   "INSTANCE_ADD ack INSTANCE{ POOL6_ADDR=0064ff9b000000000000000000000000 POOL6_LEN=u8:96}");

	reset(k_ack);
	expect_run("instance add pool6 2001:db8:100::/40", EXIT_OK, "", "");
	expect_str("instance add /40: request", describe(0),
		   "INSTANCE_ADD ack INSTANCE{ POOL6_ADDR=20010db8010000000000000000000000 POOL6_LEN=u8:40}");

	/* The mode goes only when it is target: old kernels know no other. */
	reset(k_ack);
	expect_run("instance add pool6 64:ff9b::/96 mode target", EXIT_OK, "",
		   "");
	expect_str("instance add mode target: request", describe(0),
		   fmt("INSTANCE_ADD ack INSTANCE{ POOL6_ADDR=0064ff9b000000000000000000000000 POOL6_LEN=u8:96 MODE=u8:%u}",
		       NAT64_INSTANCE_MODE_TARGET));
	reset(k_ack);
	expect_run("instance add mode netfilter pool6 64:ff9b::/96", EXIT_OK,
		   "", "");
	expect_str("instance add mode netfilter: request, no mode",
		   describe(0),
		   "INSTANCE_ADD ack INSTANCE{ POOL6_ADDR=0064ff9b000000000000000000000000 POOL6_LEN=u8:96}");
	reset(k_ack);
	expect_run("instance add pool6 64:ff9b::/96 mode hooks", EXIT_USAGE,
		   "Error: mode must be 'netfilter' or 'target', not 'hooks'.\n",
		   "");
	expect_true("instance add mode hooks: nothing sent", nsent == 0,
		    describe(0));

	reset(k_ack);
	expect_run("instance del", EXIT_OK, "", "");
	expect_str("instance del: request", describe(0), "INSTANCE_DEL ack");

	k_error = -EEXIST;
	k_text = "This namespace already has a NAT64 instance";
	reset(k_ack);
	expect_run("instance add pool6 64:ff9b::/96", EXIT_FAIL,
		   "Error: This namespace already has a NAT64 instance.\n", "");
	reset(k_ack_uncapped);
	expect_run("-j instance add pool6 64:ff9b::/96", EXIT_FAIL,
		   "Error: This namespace already has a NAT64 instance.\n", "");

	k_text = "Already ends with a period.";
	reset(k_ack);
	expect_run("instance add pool6 64:ff9b::/96", EXIT_FAIL,
		   "Error: Already ends with a period.\n", "");

	k_text = "Two\nlines\n";
	reset(k_ack);
	expect_run("instance add pool6 64:ff9b::/96", EXIT_FAIL,
		   "Error: Two lines.\n", "");

	k_text = NULL;
	reset(k_ack);
	expect_run("instance add pool6 64:ff9b::/96", EXIT_FAIL,
		   "Error: File exists.\n", "");

	k_error = -EPERM;
	reset(k_ack);
	expect_run("instance del", EXIT_FAIL,
		   "Error: Operation not permitted (changing the nat64 configuration or showing its BIB and sessions needs CAP_NET_ADMIN).\n",
		   "");

	reset(k_ack_missing);
	expect_run("instance add pool6 64:ff9b::/96", EXIT_FAIL,
		   fmt("Error: Invalid argument (the kernel wants attribute %u).\n",
		       NAT64_INSTANCE_A_POOL6_LEN), "");

	k_error = 0;
	k_text = "pool6 64:ff9b::/96 should not be used with private IPv4 addresses";
	reset(k_ack);
	expect_run("instance add pool6 64:ff9b::/96", EXIT_OK,
		   "Warning: pool6 64:ff9b::/96 should not be used with private IPv4 addresses.\n",
		   "");

	k_error = -ENOENT;
	k_text = "No NAT64 instance in this network namespace";
	reset(k_ack);
	expect_run("-j instance show", EXIT_FAIL,
		   "Error: No NAT64 instance in this network namespace.\n", "");
	expect_str("instance show: request", describe(0), "INSTANCE_GET ack");

	/* A kernel from before target mode: no mode, which is netfilter. */
	k_error = 0;
	k_text = NULL;
	k_mode = -1;
	reset(k_instance);
	expect_run("instance show", EXIT_OK, "",
		   "pool6 64:ff9b::/96\nmode netfilter\npool4-entries 3\n");
	reset(k_instance);
	expect_run("-j instance show", EXIT_OK, "",
		   "{\"pool6\":\"64:ff9b::/96\",\"mode\":\"netfilter\",\"pool4-entries\":3}\n");
	reset(k_instance);
	expect_run("-p instance show", EXIT_OK, "",
		   "{\n    \"pool6\": \"64:ff9b::/96\",\n    \"mode\": \"netfilter\",\n    \"pool4-entries\": 3\n}\n");
	reset(k_instance_late);
	expect_run("instance show", EXIT_OK, "",
		   "pool6 64:ff9b::/96\nmode netfilter\npool4-entries 3\n");

	/* A kernel that says. */
	k_mode = NAT64_INSTANCE_MODE_NETFILTER;
	reset(k_instance);
	expect_run("instance show", EXIT_OK, "",
		   "pool6 64:ff9b::/96\nmode netfilter\npool4-entries 3\n");
	k_mode = NAT64_INSTANCE_MODE_TARGET;
	reset(k_instance);
	expect_run("instance show", EXIT_OK, "",
		   "pool6 64:ff9b::/96\nmode target\npool4-entries 3\n");
	reset(k_instance);
	expect_run("-j instance show", EXIT_OK, "",
		   "{\"pool6\":\"64:ff9b::/96\",\"mode\":\"target\",\"pool4-entries\":3}\n");
	/* A mode of a later kernel is shown as such, not as another one. */
	k_mode = NAT64_INSTANCE_MODE_COUNT;
	reset(k_instance);
	expect_run("-j instance show", EXIT_OK, "",
		   "{\"pool6\":\"64:ff9b::/96\",\"mode\":\"unknown\",\"pool4-entries\":3}\n");
	k_mode = K_MODE_U16;
	reset(k_instance);
	expect_run("instance show", EXIT_FAIL,
		   "Error: malformed reply from the nat64 module: missing or bad instance mode.\n",
		   "");
	k_mode = -1;

	k_error = 1;	/* k_instance: leave POOL4_COUNT out */
	reset(k_instance);
	expect_run("instance show", EXIT_FAIL,
		   "Error: malformed reply from the nat64 module: missing or bad pool4 count.\n",
		   "");
	k_error = 0;
}

static void test_pool4_changes(void)
{
	k_error = 0;
	k_text = NULL;
	reset(k_ack);
	expect_run("pool4 add 192.0.2.0/24 proto udp ports 1024-2047", EXIT_OK,
		   "", "");
	expect_str("pool4 add: request", describe(0),
		   fmt("POOL4_ADD ack POOL4{ PROTO=u8:%u ADDR=c0000200 PLEN=u8:24 PORT_MIN=u16:1024 PORT_MAX=u16:2047}",
		       NAT64_PROTO_UDP));

	reset(k_ack);
	expect_run("pool4 add 192.0.2.1", EXIT_OK, "", "");
	expect_str("pool4 add, all protocols: request", describe(0),
		   "POOL4_ADD ack POOL4{ ADDR=c0000201 PLEN=u8:32}");

	reset(k_ack);
	expect_run("pool4 add 192.0.2.1 ports 0-99 proto icmp", EXIT_OK, "", "");
	expect_str("pool4 add icmp: request", describe(0),
		   fmt("POOL4_ADD ack POOL4{ PROTO=u8:%u ADDR=c0000201 PLEN=u8:32 PORT_MIN=u16:0 PORT_MAX=u16:99}",
		       NAT64_PROTO_ICMP));

	reset(k_ack);
	expect_run("pool4 del 198.51.100.0/31 proto tcp ports 5000", EXIT_OK,
		   "", "");
	expect_str("pool4 del: request", describe(0),
		   fmt("POOL4_DEL ack POOL4{ PROTO=u8:%u ADDR=c6336400 PLEN=u8:31 PORT_MIN=u16:5000 PORT_MAX=u16:5000}",
		       NAT64_PROTO_TCP));

	reset(k_ack);
	expect_run("pool4 flush", EXIT_OK, "", "");
	expect_str("pool4 flush: request", describe(0), "POOL4_FLUSH ack");

	reset(k_ack);
	expect_run("pool4 flush proto icmp", EXIT_OK, "", "");
	expect_str("pool4 flush proto: request", describe(0),
		   fmt("POOL4_FLUSH ack POOL4{ PROTO=u8:%u}", NAT64_PROTO_ICMP));

	k_error = -ENOSPC;
	k_text = "pool4 is full (4096 entries)";
	reset(k_ack);
	expect_run("pool4 add 192.0.2.1", EXIT_FAIL,
		   "Error: pool4 is full (4096 entries).\n", "");
	k_error = 0;
	k_text = NULL;
}

static const char pool4_text[] =
	"192.0.2.0/24 proto tcp ports 1024-65535\n"
	"192.0.2.1/32 proto udp ports 1024-2047\n"
	"198.51.100.0/31 proto icmp ports 0-65535\n";

static const char pool4_json[] =
	"[{\"prefix\":\"192.0.2.0/24\",\"proto\":\"tcp\",\"port-min\":1024,\"port-max\":65535},"
	"{\"prefix\":\"192.0.2.1/32\",\"proto\":\"udp\",\"port-min\":1024,\"port-max\":2047},"
	"{\"prefix\":\"198.51.100.0/31\",\"proto\":\"icmp\",\"port-min\":0,\"port-max\":65535}]\n";

static void test_pool4_show(void)
{
	k_dumps = k_intr = 0;
	reset(k_pool4);
	expect_run("pool4 show", EXIT_OK, "", pool4_text);
	expect_str("pool4 show: request", describe(0), "POOL4_GET dump");

	reset(k_pool4);
	expect_run("-j pool4 show", EXIT_OK, "", pool4_json);
	reset(k_pool4);
	/* The kernel filters; this one does not, so nat64ctl must. */
	expect_run("pool4 show proto udp", EXIT_OK, "",
		   "192.0.2.1/32 proto udp ports 1024-2047\n");
	expect_str("pool4 show proto: request", describe(0),
		   fmt("POOL4_GET dump POOL4{ PROTO=u8:%u}", NAT64_PROTO_UDP));
	reset(k_pool4);
	expect_run("-j pool4 show proto icmp", EXIT_OK, "",
		   "[{\"prefix\":\"198.51.100.0/31\",\"proto\":\"icmp\",\"port-min\":0,\"port-max\":65535}]\n");
	reset(k_pool4);
	expect_run("-p pool4 show proto tcp", EXIT_OK, "",
		   "[\n    {\n        \"prefix\": \"192.0.2.0/24\",\n"
		   "        \"proto\": \"tcp\",\n        \"port-min\": 1024,\n"
		   "        \"port-max\": 65535\n    }\n]\n");

	reset(k_pool4_empty);
	expect_run("pool4 show", EXIT_OK, "", "");
	reset(k_pool4_empty);
	expect_run("-j pool4 show", EXIT_OK, "", "[]\n");
	reset(k_pool4_empty);
	expect_run("-p pool4 show", EXIT_OK, "", "[]\n");

	/* Interrupted twice: the third dump counts, alone. */
	k_dumps = 0;
	k_intr = 2;
	reset(k_pool4);
	expect_run("pool4 show", EXIT_OK, "", pool4_text);
	expect_true("pool4 show: dumped again after NLM_F_DUMP_INTR",
		    nat64_requests() == 3, describe(3));

	k_dumps = 0;
	k_intr = 100;
	reset(k_pool4);
	expect_run("pool4 show", EXIT_FAIL,
		   "Error: the table kept changing while it was read (5 tries); try again.\n",
		   "");
	k_intr = 0;

	reset(k_pool4_done_error);
	expect_run("pool4 show", EXIT_FAIL, "Error: Pool4 dump failed.\n", "");

	k_error = -ENOENT;
	k_text = "No NAT64 instance in this network namespace";
	reset(k_ack);
	expect_run("-j pool4 show", EXIT_FAIL,
		   "Error: No NAT64 instance in this network namespace.\n", "");
	k_error = 0;
	k_text = NULL;

	reset(k_pool4_bad);
	expect_run("pool4 show", EXIT_FAIL,
		   "Error: malformed reply from the nat64 module: missing or bad pool4 address.\n",
		   "");
}

/* Every "show" line, prefixed with "pool4 add", asks for that entry. */
static void test_pool4_roundtrip(void)
{
	char text[sizeof(pool4_text)], *line, *save = NULL;
	char out[4096], err[4096];
	unsigned int n = 0;
	bool ok = true;

	snprintf(text, sizeof(text), "%s", pool4_text);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), n++) {
		reset(k_ack);
		if (run_line(fmt("pool4 add %s", line), out, err, sizeof(out)))
			ok = false;
	}
	expect_true("pool4 show output is pool4 add input", ok && n == 3, err);
}

static const char global_text[] =
	"udp-timeout 300\n"
	"tcp-est-timeout 7440\n"
	"tcp-trans-timeout 240\n"
	"icmp-timeout 60\n"
	"filtering endpoint-independent\n"
	"drop-external-tcp off\n"
	"tos-override off\n"
	"tos 0\n"
	"lowest-ipv6-mtu 1280\n"
	"max-stored-syns 64\n"
	"max-sessions 2097152\n"
	"max-ipv4-sessions 524288\n"
	"max-ipv4-sessions-per-bib 65536\n"
	"max-sessions-per-host 65536\n"
	"max-bib-per-host 8192\n"
	"subscriber-prefix-len 128\n"
	"icmp-src-pool4 none\n";

static void test_global(void)
{
	char out[4096], err[4096], line[4200], *p;

	default_globals();
	reset(k_global);
	expect_run("global show", EXIT_OK, "", global_text);
	expect_str("global show: request", describe(0), "GLOBAL_GET ack");
	reset(k_global);
	expect_run("-j global show", EXIT_OK, "",
		   "{\"udp-timeout\":300,\"tcp-est-timeout\":7440,"
		   "\"tcp-trans-timeout\":240,\"icmp-timeout\":60,"
		   "\"filtering\":\"endpoint-independent\","
		   "\"drop-external-tcp\":false,\"tos-override\":false,"
		   "\"tos\":0,\"lowest-ipv6-mtu\":1280,\"max-stored-syns\":64,"
		   "\"max-sessions\":2097152,\"max-ipv4-sessions\":524288,"
		   "\"max-ipv4-sessions-per-bib\":65536,"
		   "\"max-sessions-per-host\":65536,\"max-bib-per-host\":8192,"
		   "\"subscriber-prefix-len\":128,\"icmp-src-pool4\":\"none\"}\n");

	k_globals[NAT64_GLOBAL_A_FILTERING] = NAT64_FILTERING_ADDRESS_DEPENDENT;
	k_globals[NAT64_GLOBAL_A_DROP_EXTERNAL_TCP] = 1;
	k_globals[NAT64_GLOBAL_A_TOS] = 184;
	inet_pton(AF_INET, "192.0.2.0", &k_globals[NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR]);
	k_globals[NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN] = 29;
	reset(k_global);
	expect_run("-p global show", EXIT_OK, "",
		   "{\n"
		   "    \"udp-timeout\": 300,\n"
		   "    \"tcp-est-timeout\": 7440,\n"
		   "    \"tcp-trans-timeout\": 240,\n"
		   "    \"icmp-timeout\": 60,\n"
		   "    \"filtering\": \"address-dependent\",\n"
		   "    \"drop-external-tcp\": true,\n"
		   "    \"tos-override\": false,\n"
		   "    \"tos\": 184,\n"
		   "    \"lowest-ipv6-mtu\": 1280,\n"
		   "    \"max-stored-syns\": 64,\n"
		   "    \"max-sessions\": 2097152,\n"
		   "    \"max-ipv4-sessions\": 524288,\n"
		   "    \"max-ipv4-sessions-per-bib\": 65536,\n"
		   "    \"max-sessions-per-host\": 65536,\n"
		   "    \"max-bib-per-host\": 8192,\n"
		   "    \"subscriber-prefix-len\": 128,\n"
		   "    \"icmp-src-pool4\": \"192.0.2.0/29\"\n"
		   "}\n");

	reset(k_ack);
	expect_run("global set udp-timeout 5m drop-external-tcp on filtering address-dependent tos 0x2e max-sessions 1000",
		   EXIT_OK, "", "");
	expect_str("global set: request", describe(0),
		   fmt("GLOBAL_SET ack GLOBALS{ UDP_TIMEOUT=u32:300 FILTERING=u8:%u DROP_EXTERNAL_TCP=u8:1 TOS=u8:46 MAX_SESSIONS=u32:1000}",
		       NAT64_FILTERING_ADDRESS_DEPENDENT));
	reset(k_ack);
	expect_run("global set icmp-src-pool4 192.0.2.0/29", EXIT_OK, "", "");
	expect_str("global set icmp-src-pool4: request", describe(0),
		   "GLOBAL_SET ack GLOBALS{ ICMP_SRC_POOL4_ADDR=c0000200 ICMP_SRC_POOL4_PLEN=u8:29}");
	reset(k_ack);
	expect_run("global set icmp-src-pool4 none", EXIT_OK, "", "");
	expect_str("global set icmp-src-pool4 none: request", describe(0),
		   "GLOBAL_SET ack GLOBALS{ ICMP_SRC_POOL4_ADDR=00000000 ICMP_SRC_POOL4_PLEN=u8:0}");

	k_error = -EINVAL;
	k_text = "tos-override needs a tos";
	reset(k_ack);
	expect_run("global set tos-override on", EXIT_FAIL,
		   "Error: tos-override needs a tos.\n", "");
	k_error = 0;
	k_text = NULL;

	/* "global show" output, on one line after "global set", is input. */
	default_globals();
	reset(k_global);
	run_line("global show", out, err, sizeof(out));
	for (p = out; *p; p++)
		if (*p == '\n')
			*p = ' ';
	snprintf(line, sizeof(line), "global set %s", out);
	reset(k_ack);
	expect_run(line, EXIT_OK, "", "");
	expect_str("global show output is global set input", describe(0),
		   fmt("GLOBAL_SET ack GLOBALS{ UDP_TIMEOUT=u32:300 TCP_EST_TIMEOUT=u32:7440 TCP_TRANS_TIMEOUT=u32:240 ICMP_TIMEOUT=u32:60 FILTERING=u8:%u DROP_EXTERNAL_TCP=u8:0 TOS_OVERRIDE=u8:0 TOS=u8:0 LOWEST_IPV6_MTU=u32:1280 MAX_STORED_SYNS=u32:64 MAX_SESSIONS=u32:2097152 MAX_IPV4_SESSIONS=u32:524288 MAX_IPV4_SESSIONS_PER_BIB=u32:65536 MAX_SESSIONS_PER_HOST=u32:65536 MAX_BIB_PER_HOST=u32:8192 SUBSCRIBER_PREFIX_LEN=u8:128 ICMP_SRC_POOL4_ADDR=00000000 ICMP_SRC_POOL4_PLEN=u8:0}",
		       NAT64_FILTERING_ENDPOINT_INDEPENDENT));
}

static void test_bib_changes(void)
{
	k_error = 0;
	k_text = NULL;
	reset(k_ack);
	expect_run("bib add proto tcp [2001:db8::80]:80 192.0.2.1:8080",
		   EXIT_OK, "", "");
	expect_str("bib add: request", describe(0),
		   fmt("BIB_ADD ack BIB{ PROTO=u8:%u ADDR6=20010db8000000000000000000000080 PORT6=u16:80 ADDR4=c0000201 PORT4=u16:8080}",
		       NAT64_PROTO_TCP));

	reset(k_ack);
	expect_run("bib add 192.0.2.1:0 [2001:db8::80]:65535 proto icmp",
		   EXIT_OK, "", "");
	expect_str("bib add icmp: request", describe(0),
		   fmt("BIB_ADD ack BIB{ PROTO=u8:%u ADDR6=20010db8000000000000000000000080 PORT6=u16:65535 ADDR4=c0000201 PORT4=u16:0}",
		       NAT64_PROTO_ICMP));

	reset(k_ack);
	expect_run("bib del proto udp [2001:db8::80]:53", EXIT_OK, "", "");
	expect_str("bib del IPv6 side: request", describe(0),
		   fmt("BIB_DEL ack BIB{ PROTO=u8:%u ADDR6=20010db8000000000000000000000080 PORT6=u16:53}",
		       NAT64_PROTO_UDP));

	reset(k_ack);
	expect_run("bib del proto tcp 198.51.100.9:443", EXIT_OK, "", "");
	expect_str("bib del IPv4 side: request", describe(0),
		   fmt("BIB_DEL ack BIB{ PROTO=u8:%u ADDR4=c6336409 PORT4=u16:443}",
		       NAT64_PROTO_TCP));

	reset(k_ack);
	expect_run("bib del proto icmp 192.0.2.1:0 [2001:db8::80]:7", EXIT_OK,
		   "", "");
	expect_str("bib del both sides: request", describe(0),
		   fmt("BIB_DEL ack BIB{ PROTO=u8:%u ADDR6=20010db8000000000000000000000080 PORT6=u16:7 ADDR4=c0000201 PORT4=u16:0}",
		       NAT64_PROTO_ICMP));

	k_error = -EINVAL;
	k_text = "192.0.2.1 is not in pool4 for tcp";
	reset(k_ack);
	expect_run("bib add proto tcp [2001:db8::80]:80 192.0.2.1:80",
		   EXIT_FAIL, "Error: 192.0.2.1 is not in pool4 for tcp.\n", "");
	k_error = -EEXIST;
	k_text = NULL;
	reset(k_ack);
	expect_run("bib add proto tcp [2001:db8::80]:80 192.0.2.1:80",
		   EXIT_FAIL, "Error: File exists.\n", "");
	k_error = -ENOENT;
	k_text = "No such BIB entry";
	reset(k_ack);
	expect_run("-j bib del proto tcp 192.0.2.1:80", EXIT_FAIL,
		   "Error: No such BIB entry.\n", "");
	k_error = -EPERM;
	k_text = NULL;
	reset(k_ack);
	expect_run("bib del proto tcp 192.0.2.1:80", EXIT_FAIL,
		   "Error: Operation not permitted (changing the nat64 configuration or showing its BIB and sessions needs CAP_NET_ADMIN).\n",
		   "");
	k_error = 0;
}

static const char bib_text[] =
	"tcp [2001:db8::80]:80 192.0.2.1:80 static sessions 0\n"
	"tcp [2001:db8::10]:40000 192.0.2.1:61000 sessions 2\n"
	"icmp [2001:db8::10]:7 198.51.100.1:0 sessions 1\n";

static const char bib_json0[] =
	"{\"proto\":\"tcp\",\"addr6\":\"2001:db8::80\",\"port6\":80,"
	"\"addr4\":\"192.0.2.1\",\"port4\":80,\"static\":true,\"sessions\":0}";

static const char bib_json[] =
	"[{\"proto\":\"tcp\",\"addr6\":\"2001:db8::80\",\"port6\":80,"
	"\"addr4\":\"192.0.2.1\",\"port4\":80,\"static\":true,\"sessions\":0},"
	"{\"proto\":\"tcp\",\"addr6\":\"2001:db8::10\",\"port6\":40000,"
	"\"addr4\":\"192.0.2.1\",\"port4\":61000,\"static\":false,\"sessions\":2},"
	"{\"proto\":\"icmp\",\"addr6\":\"2001:db8::10\",\"port6\":7,"
	"\"addr4\":\"198.51.100.1\",\"port4\":0,\"static\":false,\"sessions\":1}]\n";

static void test_bib_show(void)
{
	k_dumps = k_intr = 0;
	reset(k_bib);
	expect_run("bib show", EXIT_OK, "", bib_text);
	expect_str("bib show: request", describe(0), "BIB_GET dump");
	reset(k_bib);
	expect_run("-j bib show", EXIT_OK, "", bib_json);
	reset(k_bib);
	expect_run("-p bib show proto icmp", EXIT_OK, "",
		   "[\n    {\n        \"proto\": \"icmp\",\n"
		   "        \"addr6\": \"2001:db8::10\",\n        \"port6\": 7,\n"
		   "        \"addr4\": \"198.51.100.1\",\n        \"port4\": 0,\n"
		   "        \"static\": false,\n        \"sessions\": 1\n    }\n]\n");
	expect_str("bib show proto: request", describe(0),
		   fmt("BIB_GET dump BIB{ PROTO=u8:%u}", NAT64_PROTO_ICMP));

	/* This kernel does not filter: nat64ctl must, and says what it asked. */
	reset(k_bib);
	expect_run("bib show addr4 192.0.2.1 addr6 2001:db8::10", EXIT_OK, "",
		   "tcp [2001:db8::10]:40000 192.0.2.1:61000 sessions 2\n");
	expect_str("bib show addresses: request", describe(0),
		   "BIB_GET dump BIB{ ADDR6=20010db8000000000000000000000010 ADDR4=c0000201}");
	reset(k_bib);
	expect_run("bib show proto udp", EXIT_OK, "", "");
	reset(k_bib);
	expect_run("-j bib show proto udp", EXIT_OK, "", "[]\n");

	reset(k_empty_dump);
	expect_run("bib show", EXIT_OK, "", "");
	reset(k_empty_dump);
	expect_run("-j bib show", EXIT_OK, "", "[]\n");

	/* Interrupted: printed once, with a warning, not dumped again. */
	k_dumps = 0;
	k_intr = 1;
	reset(k_bib);
	expect_run("bib show", EXIT_OK,
		   "Warning: the table changed while it was read; entries may be missing or shown twice.\n",
		   bib_text);
	expect_true("bib show: not dumped again after NLM_F_DUMP_INTR",
		    nat64_requests() == 1, describe(1));
	k_intr = 0;

	/* A failure half way: what came is shown, JSON stays whole. */
	reset(k_bib_done_error);
	expect_run("bib show", EXIT_FAIL, "Error: BIB dump failed.\n",
		   "tcp [2001:db8::80]:80 192.0.2.1:80 static sessions 0\n");
	reset(k_bib_done_error);
	expect_run("-j bib show", EXIT_FAIL, "Error: BIB dump failed.\n",
		   fmt("[%s]\n", bib_json0));

	k_error = -ENOENT;
	k_text = "No NAT64 instance in this network namespace";
	reset(k_ack);
	expect_run("-j bib show", EXIT_FAIL,
		   "Error: No NAT64 instance in this network namespace.\n", "");
	k_error = 0;
	k_text = NULL;

	reset(k_bib_bad);
	expect_run("bib show", EXIT_FAIL,
		   "Error: malformed reply from the nat64 module: missing or bad bib static flag.\n",
		   "");
}

static const char session_text[] =
	"tcp [2001:db8::10]:40000 -> [64:ff9b::c633:6402]:80 | 192.0.2.1:61000 -> 198.51.100.2:80 ESTABLISHED expires 7439s\n"
	"udp [2001:db8::10]:5353 -> [64:ff9b::cb00:7107]:53 | 192.0.2.1:1024 -> 203.0.113.7:53 expires 299s\n"
	"icmp [2001:db8::11]:7 -> [64:ff9b::c633:6402]:7 | 192.0.2.1:0 -> 198.51.100.2:0 expires 0s\n"
	"tcp [2001:db8::12]:1 -> [64:ff9b::c633:6402]:2 | 192.0.2.1:3 -> 198.51.100.2:4 state-9 expires 0s\n";

static void test_session_show(void)
{
	k_dumps = k_intr = 0;
	reset(k_session);
	expect_run("session show", EXIT_OK, "", session_text);
	expect_str("session show: request", describe(0), "SESSION_GET dump");

	reset(k_session);
	expect_run("-j session show proto udp", EXIT_OK, "",
		   "[{\"proto\":\"udp\",\"addr6\":\"2001:db8::10\",\"port6\":5353,"
		   "\"remote6\":\"64:ff9b::cb00:7107\",\"remote-port6\":53,"
		   "\"addr4\":\"192.0.2.1\",\"port4\":1024,"
		   "\"remote4\":\"203.0.113.7\",\"remote-port4\":53,"
		   "\"expires-ms\":299500}]\n");
	expect_str("session show proto: request", describe(0),
		   fmt("SESSION_GET dump SESSION{ PROTO=u8:%u}", NAT64_PROTO_UDP));

	reset(k_session);
	expect_run("-j session show addr6 2001:db8::10 proto tcp", EXIT_OK, "",
		   "[{\"proto\":\"tcp\",\"addr6\":\"2001:db8::10\",\"port6\":40000,"
		   "\"remote6\":\"64:ff9b::c633:6402\",\"remote-port6\":80,"
		   "\"addr4\":\"192.0.2.1\",\"port4\":61000,"
		   "\"remote4\":\"198.51.100.2\",\"remote-port4\":80,"
		   "\"state\":\"ESTABLISHED\",\"expires-ms\":7439999}]\n");

	reset(k_session);
	expect_run("session show remote4 198.51.100.2 addr4 192.0.2.1", EXIT_OK,
		   "",
		   "tcp [2001:db8::10]:40000 -> [64:ff9b::c633:6402]:80 | 192.0.2.1:61000 -> 198.51.100.2:80 ESTABLISHED expires 7439s\n"
		   "icmp [2001:db8::11]:7 -> [64:ff9b::c633:6402]:7 | 192.0.2.1:0 -> 198.51.100.2:0 expires 0s\n"
		   "tcp [2001:db8::12]:1 -> [64:ff9b::c633:6402]:2 | 192.0.2.1:3 -> 198.51.100.2:4 state-9 expires 0s\n");
	expect_str("session show addresses: request", describe(0),
		   "SESSION_GET dump SESSION{ ADDR4=c0000201 REMOTE4=c6336402}");
	reset(k_session);
	expect_run("session show remote4 203.0.113.9", EXIT_OK, "", "");

	reset(k_empty_dump);
	expect_run("session show", EXIT_OK, "", "");
	reset(k_empty_dump);
	expect_run("-p session show", EXIT_OK, "", "[]\n");

	k_dumps = 0;
	k_intr = 3;
	reset(k_session);
	expect_run("session show", EXIT_OK,
		   "Warning: the table changed while it was read; entries may be missing or shown twice.\n",
		   session_text);
	expect_true("session show: not dumped again after NLM_F_DUMP_INTR",
		    nat64_requests() == 1, describe(1));
	k_intr = 0;

	reset(k_session_bad);
	expect_run("session show", EXIT_FAIL,
		   "Error: malformed reply from the nat64 module: missing or bad session TCP state.\n",
		   "");
	k_error = -ENOENT;
	k_text = "No NAT64 instance in this network namespace";
	reset(k_ack);
	expect_run("session show", EXIT_FAIL,
		   "Error: No NAT64 instance in this network namespace.\n", "");
	k_error = 0;
	k_text = NULL;
}

/* What the counters of k_stats() print as: text, or JSON members. */
static const char *stats_expected(bool json, bool nonzero)
{
	static char buf[8192];
	size_t len = 0;
	unsigned int n;
	char name[32];

	if (json)
		len += snprintf(buf + len, sizeof(buf) - len, "{");
	for (n = 0; n < NAT64_STAT_COUNT + k_stats_extra; n++) {
		uint64_t v = k_stat_value(n);

		if (nonzero && !v)
			continue;
		if (n < NAT64_STAT_COUNT)
			snprintf(name, sizeof(name), "%s", stats_name(n));
		else
			snprintf(name, sizeof(name), "counter-%u", n);
		if (json)
			len += snprintf(buf + len, sizeof(buf) - len,
					"%s\"%s\":%" PRIu64,
					buf[len - 1] == '{' ? "" : ",", name, v);
		else
			len += snprintf(buf + len, sizeof(buf) - len,
					"%s %" PRIu64 "\n", name, v);
	}
	if (json)
		snprintf(buf + len, sizeof(buf) - len, "}\n");
	return buf;
}

static void test_stats(void)
{
	const char *text;

	k_stats_extra = 0;
	k_stats_bad_len = false;
	reset(k_stats);
	expect_run("stats", EXIT_OK, "", stats_expected(false, false));
	expect_str("stats: request", describe(0), "STATS_GET ack");
	text = stats_expected(false, false);
	expect_true("stats: every counter named, the first and the last",
		    !strncmp(text, "xlat-6to4 1099511627776\n", 24) &&
		    strstr(text, "\nstored-syn-expired ") &&
		    !strstr(text, "counter-"), text);

	reset(k_stats);
	expect_run("stats show", EXIT_OK, "", stats_expected(false, false));
	reset(k_stats);
	expect_run("stats show nonzero", EXIT_OK, "",
		   stats_expected(false, true));
	reset(k_stats);
	expect_run("-j stats", EXIT_OK, "", stats_expected(true, false));
	reset(k_stats);
	expect_run("-j stats show nonzero", EXIT_OK, "",
		   stats_expected(true, true));

	/* A newer module: its extra counters show by number. */
	k_stats_extra = 2;
	reset(k_stats);
	expect_run("stats", EXIT_OK, "", stats_expected(false, false));
	expect_true("stats: newer counters by number",
		    strstr(stats_expected(false, false),
			   fmt("\ncounter-%u ", NAT64_STAT_COUNT + 1)) != NULL,
		    "no counter-N line");
	k_stats_extra = 0;

	k_stats_bad_len = true;
	reset(k_stats);
	expect_run("stats", EXIT_FAIL,
		   "Error: malformed reply from the nat64 module: bad counter.\n",
		   "");
	k_stats_bad_len = false;

	k_error = -ENOENT;
	k_text = "No NAT64 instance in this network namespace";
	reset(k_ack);
	expect_run("-j stats", EXIT_FAIL,
		   "Error: No NAT64 instance in this network namespace.\n", "");
	reset(k_ack);
	k_error = 0;
	k_text = NULL;
	expect_run("stats", EXIT_FAIL,
		   "Error: the nat64 module acknowledged but sent no counters.\n",
		   "");
}

static const char gauges_text[] =
	"\n"
	"sessions 12\n"
	"ipv4-sessions 1\n"
	"stored-syns 0\n"
	"tcp bib 3 sessions 4 pool4-ports 64512\n"
	"udp bib 1 sessions 2 pool4-ports 21474836480\n"
	"icmp bib 0 sessions 0 pool4-ports 65536\n";

static const char gauges_json[] =
	",\"gauges\":{\"sessions\":12,\"ipv4-sessions\":1,\"stored-syns\":0,"
	"\"tcp\":{\"bib\":3,\"sessions\":4,\"pool4-ports\":64512},"
	"\"udp\":{\"bib\":1,\"sessions\":2,\"pool4-ports\":21474836480},"
	"\"icmp\":{\"bib\":0,\"sessions\":0,\"pool4-ports\":65536}}}\n";

/* The counters as before, then the gauges; none from an older module. */
static void test_stats_gauges(void)
{
	char want[8192];
	const char *counters;

	k_gauges = true;
	reset(k_stats);
	counters = stats_expected(false, false);
	snprintf(want, sizeof(want), "%s%s", counters, gauges_text);
	expect_run("stats", EXIT_OK, "", want);
	reset(k_stats);
	snprintf(want, sizeof(want), "%s%s", stats_expected(false, true),
		 gauges_text);
	expect_run("stats show nonzero", EXIT_OK, "", want);

	counters = stats_expected(true, false);
	snprintf(want, sizeof(want), "%.*s%s", (int)strlen(counters) - 2,
		 counters, gauges_json);
	reset(k_stats);
	expect_run("-j stats show", EXIT_OK, "", want);

	k_gauges_bad = true;
	reset(k_stats);
	expect_run("stats", EXIT_FAIL,
		   "Error: malformed reply from the nat64 module: missing or bad stored SYN gauge.\n",
		   "");
	k_gauges_bad = false;
	k_gauges = false;
}

static const char use_text[] =
	"tcp 192.0.2.1 used 3 of 64512\n"
	"tcp 192.0.2.7 used 64512 of 64512\n"
	"udp 192.0.2.1 used 1 of 1024\n";

static void test_pool4_usage(void)
{
	k_use_bad = false;
	reset(k_pool4_use);
	expect_run("pool4 usage", EXIT_OK, "", use_text);
	expect_str("pool4 usage: request", describe(0), "POOL4_USE_GET dump");
	reset(k_pool4_use);
	expect_run("-j pool4 usage", EXIT_OK, "",
		   "[{\"proto\":\"tcp\",\"addr\":\"192.0.2.1\",\"used\":3,\"ports\":64512},"
		   "{\"proto\":\"tcp\",\"addr\":\"192.0.2.7\",\"used\":64512,\"ports\":64512},"
		   "{\"proto\":\"udp\",\"addr\":\"192.0.2.1\",\"used\":1,\"ports\":1024}]\n");
	/* Not filtered by this kernel: by nat64ctl, after asking. */
	reset(k_pool4_use);
	expect_run("pool4 usage proto udp", EXIT_OK, "",
		   "udp 192.0.2.1 used 1 of 1024\n");
	expect_str("pool4 usage proto: request", describe(0),
		   fmt("POOL4_USE_GET dump POOL4_USE{ PROTO=u8:%u}",
		       NAT64_PROTO_UDP));
	reset(k_pool4_use);
	expect_run("-j pool4 usage proto icmp", EXIT_OK, "", "[]\n");
	reset(k_empty_dump);
	expect_run("pool4 usage", EXIT_OK, "", "");

	k_use_bad = true;
	reset(k_pool4_use);
	expect_run("pool4 usage", EXIT_FAIL,
		   "Error: malformed reply from the nat64 module: missing or bad pool4 ports used.\n",
		   "");
	k_use_bad = false;

	/* What a module older than the command answers. */
	k_error = -EOPNOTSUPP;
	reset(k_ack);
	expect_run("pool4 usage", EXIT_FAIL,
		   "Error: Operation not supported (the nat64 module is older than this nat64ctl).\n",
		   "");
	k_error = 0;
}

static const char prom_few[] =
	"# HELP nat64_packets_total Packets the NAT64 took, by what became of them: translated, hairpinned, stored, or dropped and why.\n"
	"# TYPE nat64_packets_total counter\n"
	"nat64_packets_total{outcome=\"xlat-6to4\"} 5\n"
	"nat64_packets_total{outcome=\"icmp-error-6to4\"} 6\n"
	"nat64_packets_total{outcome=\"drop-state-busy\"} 0\n"
	"# HELP nat64_events_total Events of the NAT64's state and of the packets it sends itself.\n"
	"# TYPE nat64_events_total counter\n"
	"nat64_events_total{event=\"bib-created\"} 7\n"
	"nat64_events_total{event=\"events-lost\"} 8\n";

static const char prom_gauges[] =
	"# HELP nat64_sessions Sessions of all protocols, which nat64_max_sessions limits.\n"
	"# TYPE nat64_sessions gauge\n"
	"nat64_sessions 12\n"
	"# HELP nat64_ipv4_sessions Sessions opened by IPv4 packets, which nat64_max_ipv4_sessions limits.\n"
	"# TYPE nat64_ipv4_sessions gauge\n"
	"nat64_ipv4_sessions 1\n"
	"# HELP nat64_stored_syns IPv4 SYNs held until an IPv6 SYN answers, which nat64_max_stored_syns limits.\n"
	"# TYPE nat64_stored_syns gauge\n"
	"nat64_stored_syns 0\n"
	"# HELP nat64_bib_entries BIB entries, that is pool4 ports in use, by protocol.\n"
	"# TYPE nat64_bib_entries gauge\n"
	"nat64_bib_entries{proto=\"tcp\"} 3\n"
	"nat64_bib_entries{proto=\"udp\"} 1\n"
	"nat64_bib_entries{proto=\"icmp\"} 0\n"
	"# HELP nat64_sessions_by_proto Sessions, by protocol.\n"
	"# TYPE nat64_sessions_by_proto gauge\n"
	"nat64_sessions_by_proto{proto=\"tcp\"} 4\n"
	"nat64_sessions_by_proto{proto=\"udp\"} 2\n"
	"nat64_sessions_by_proto{proto=\"icmp\"} 0\n"
	"# HELP nat64_pool4_ports Pool4 (address, port) pairs, by protocol: the most BIB entries there can be.\n"
	"# TYPE nat64_pool4_ports gauge\n"
	"nat64_pool4_ports{proto=\"tcp\"} 64512\n"
	"nat64_pool4_ports{proto=\"udp\"} 21474836480\n"
	"nat64_pool4_ports{proto=\"icmp\"} 65536\n"
	"# HELP nat64_pool4_ports_used Ports of a pool4 address that BIB entries hold, by protocol, for the addresses that hold any.\n"
	"# TYPE nat64_pool4_ports_used gauge\n"
	"nat64_pool4_ports_used{proto=\"tcp\",address=\"192.0.2.1\"} 3\n"
	"nat64_pool4_ports_used{proto=\"tcp\",address=\"192.0.2.7\"} 64512\n"
	"nat64_pool4_ports_used{proto=\"udp\",address=\"192.0.2.1\"} 1\n"
	"# HELP nat64_pool4_address_ports Ports of a pool4 address, by protocol, for the addresses that nat64_pool4_ports_used shows.\n"
	"# TYPE nat64_pool4_address_ports gauge\n"
	"nat64_pool4_address_ports{proto=\"tcp\",address=\"192.0.2.1\"} 64512\n"
	"nat64_pool4_address_ports{proto=\"tcp\",address=\"192.0.2.7\"} 64512\n"
	"nat64_pool4_address_ports{proto=\"udp\",address=\"192.0.2.1\"} 1024\n";

static const char prom_limits[] =
	"# HELP nat64_max_sessions The most sessions the instance keeps (global max-sessions).\n"
	"# TYPE nat64_max_sessions gauge\n"
	"nat64_max_sessions 2097152\n"
	"# HELP nat64_max_ipv4_sessions The most sessions IPv4 packets may open (global max-ipv4-sessions).\n"
	"# TYPE nat64_max_ipv4_sessions gauge\n"
	"nat64_max_ipv4_sessions 524288\n"
	"# HELP nat64_max_ipv4_sessions_per_bib The most sessions IPv4 packets may open through one BIB entry (global max-ipv4-sessions-per-bib).\n"
	"# TYPE nat64_max_ipv4_sessions_per_bib gauge\n"
	"nat64_max_ipv4_sessions_per_bib 65536\n"
	"# HELP nat64_max_sessions_per_host The most sessions of one subscriber in a protocol (global max-sessions-per-host).\n"
	"# TYPE nat64_max_sessions_per_host gauge\n"
	"nat64_max_sessions_per_host 65536\n"
	"# HELP nat64_max_bib_per_host The most BIB entries of one subscriber in a protocol (global max-bib-per-host).\n"
	"# TYPE nat64_max_bib_per_host gauge\n"
	"nat64_max_bib_per_host 8192\n"
	"# HELP nat64_max_stored_syns The most IPv4 SYNs held at once (global max-stored-syns).\n"
	"# TYPE nat64_max_stored_syns gauge\n"
	"nat64_max_stored_syns 64\n";

/*
 * The exposition's rules, line by line: HELP then TYPE once per family,
 * samples of the family last typed, _total on counters only, names and
 * label names of [a-zA-Z_][a-zA-Z0-9_]*.  Returns NULL, or what is wrong.
 */
static const char *prom_check(const char *text)
{
	static char families[64][64], type[16], err[256];
	unsigned int nfam = 0, i;
	char copy[65536], *line, name[64], *save = NULL;
	size_t n;

	snprintf(copy, sizeof(copy), "%s", text);
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "# HELP %63s", name) == 1) {
			for (i = 0; i < nfam; i++)
				if (!strcmp(families[i], name))
					return "a family twice";
			if (nfam == ARRAY_SIZE(families))
				return "too many families";
			snprintf(families[nfam++], 64, "%s", name);
			type[0] = '\0';
			continue;
		}
		if (sscanf(line, "# TYPE %63s %15s", name, type) == 2) {
			if (!nfam || strcmp(name, families[nfam - 1]))
				return "TYPE without its HELP";
			n = strlen(name);
			if ((n > 6 && !strcmp(name + n - 6, "_total")) !=
			    !strcmp(type, "counter"))
				return "_total and counter disagree";
			continue;
		}
		n = strspn(line, "abcdefghijklmnopqrstuvwxyz_0123456789");
		if (!n || !nfam || !type[0] ||
		    strncmp(line, families[nfam - 1], n) ||
		    families[nfam - 1][n] ||
		    (line[n] != ' ' && line[n] != '{')) {
			snprintf(err, sizeof(err), "bad sample: %s", line);
			return err;
		}
	}
	return NULL;
}

static void expect_prom(const char *line, const char *want)
{
	char out[65536], err[4096];
	const char *bad;

	expect_run(line, EXIT_OK, "", want);
	run_line(line, out, err, sizeof(out));
	bad = prom_check(out);
	expect_true(fmt("'%s': a valid exposition", line), !bad, bad);
}

static void test_prometheus(void)
{
	char want[16384], out[65536], err[4096];
	unsigned int packets = 0, events = 0;
	const char *p;

	default_globals();
	k_few = true;
	k_gauges = true;
	reset(k_scrape);
	snprintf(want, sizeof(want), "%s%s%s", prom_few, prom_gauges,
		 prom_limits);
	expect_prom("stats prometheus", want);
	reset(k_scrape);
	expect_prom("-j stats prometheus", want);
	reset(k_scrape);
	run_line("stats prometheus", out, err, sizeof(out));
	expect_str("stats prometheus: request 1", describe(0), "STATS_GET ack");
	expect_str("stats prometheus: request 2", describe(1),
		   "GLOBAL_GET ack");
	expect_str("stats prometheus: request 3", describe(2),
		   "POOL4_USE_GET dump");

	/* A module without gauges has no POOL4_USE_GET either. */
	k_gauges = false;
	reset(k_scrape);
	snprintf(want, sizeof(want), "%s%s", prom_few, prom_limits);
	expect_prom("stats prometheus", want);
	reset(k_scrape);
	run_line("stats prometheus", out, err, sizeof(out));
	expect_true("stats prometheus, no gauges: two requests",
		    nat64_requests() == 2, describe(2));

	/* Every counter of nat64.h, each in one family. */
	k_few = false;
	reset(k_scrape);
	run_line("stats prometheus", out, err, sizeof(out));
	for (p = out; (p = strstr(p, "\nnat64_packets_total{")); p++)
		packets++;
	for (p = out; (p = strstr(p, "\nnat64_events_total{")); p++)
		events++;
	expect_true("stats prometheus: every counter, 10 of them events",
		    packets + events == NAT64_STAT_COUNT && events == 10,
		    fmt("%u packets, %u events", packets, events));
	expect_true("stats prometheus: full, a valid exposition",
		    !prom_check(out), prom_check(out));

	/* Nothing printed unless every answer came. */
	k_error = -ENOENT;
	k_text = "No NAT64 instance in this network namespace";
	reset(k_ack);
	expect_run("stats prometheus", EXIT_FAIL,
		   "Error: No NAT64 instance in this network namespace.\n", "");
	k_error = 0;
	k_text = NULL;
	k_gauges = true;
	k_use_bad = true;
	reset(k_scrape);
	expect_run("stats prometheus", EXIT_FAIL,
		   "Error: malformed reply from the nat64 module: missing or bad pool4 ports used.\n",
		   "");
	k_use_bad = false;
	k_gauges = false;
}

/* A bad command line never reaches the kernel, not even the controller. */
static void test_no_netlink_on_usage_errors(void)
{
	char out[4096], err[4096];

	reset(k_ack);
	run_line("pool4 add 1.2.3.4/40", out, err, sizeof(out));
	run_line("global set udp-timeout 30", out, err, sizeof(out));
	run_line("instance add pool6 64:ff9b::/80", out, err, sizeof(out));
	run_line("bib add proto tcp [2001:db8::1]:0 192.0.2.1:1", out, err,
		 sizeof(out));
	run_line("bib del proto tcp", out, err, sizeof(out));
	run_line("session show proto sctp", out, err, sizeof(out));
	run_line("stats show all", out, err, sizeof(out));
	run_line("stats prometheus now", out, err, sizeof(out));
	run_line("pool4 usage proto all", out, err, sizeof(out));
	run_line("monitor bib session", out, err, sizeof(out));
	run_line("monitor everything", out, err, sizeof(out));
	expect_true("usage errors send nothing", nsent == 0, err);
}

int main(void)
{
	test_family();
	test_instance();
	test_pool4_changes();
	test_pool4_show();
	test_pool4_roundtrip();
	test_global();
	test_bib_changes();
	test_bib_show();
	test_session_show();
	test_stats();
	test_stats_gauges();
	test_pool4_usage();
	test_prometheus();
	test_no_netlink_on_usage_errors();
	return test_failed ? 1 : 0;
}
