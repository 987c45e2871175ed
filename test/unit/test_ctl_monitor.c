// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl monitor against a scripted kernel (ctl_fake.c): events built
 * here, attribute by attribute, as the module sends them, are printed by
 * event_print() and checked word for word in text and JSON; then the
 * whole command runs, its family and groups resolved by the fake
 * controller, reading datagrams the test wrote into a socket pair:
 * events, noise, the module going and coming back under a new id.  The
 * groups each form joins are checked as the fake records them; the fake
 * socket gets every datagram whatever was joined, as if from both groups.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/genetlink.h>

#include <netlink/errno.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <nat64.h>

#include "ctl_fake.h"
#include "ctl_test.h"
#include "event.h"
#include "json_print.h"
#include "nat64ctl.h"

const char *test_suite = "ctl-monitor";

/* 2026-12-04T01:02:03.123456789Z and 2026-12-04T01:02:09.000001Z */
#define T1	1796346123123456789ULL
#define T2	1796346129000001000ULL
#define T1_TEXT	"2026-12-04T01:02:03.123456Z"
#define T2_TEXT	"2026-12-04T01:02:09.000001Z"

/* The family's and its groups' ids once the module is loaded again. */
#define FAMILY_ID2	FAMILY_ID_RELOADED
#define BIB_GROUP2	(BIB_GROUP + 5)
#define SESSION_GROUP2	(SESSION_GROUP + 5)

/* ---- events as the module sends them ---- */

/* An event of @family: NAT64_A_EVENT with its time, and @reason if >= 0. */
static struct nl_msg *event_new(uint16_t family, uint8_t cmd, uint64_t ns,
				int reason)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;

	if (!msg || !genlmsg_put(msg, 0, 0, family, 0, 0, cmd,
				 NAT64_GENL_VERSION))
		abort();
	nest = nla_nest_start(msg, NAT64_A_EVENT | NLA_F_NESTED);
	/* What nla_put_u64_64bit() may put first, for alignment. */
	nla_put(msg, NAT64_EVENT_A_PAD, 0, NULL);
	if (ns)
		nla_put_u64(msg, NAT64_EVENT_A_TIME, ns);
	if (reason >= 0)
		nla_put_u8(msg, NAT64_EVENT_A_REASON, reason);
	/* Newer than this nat64ctl: skipped. */
	nla_put_u32(msg, NAT64_EVENT_A_MAX + 1, 7);
	nla_nest_end(msg, nest);
	return msg;
}

static void put_bib(struct nl_msg *msg, unsigned int proto, const char *a6,
		    unsigned int p6, const char *a4, unsigned int p4,
		    bool is_static)
{
	struct nlattr *nest = nla_nest_start(msg, NAT64_A_BIB | NLA_F_NESTED);
	struct in6_addr addr6;
	struct in_addr addr4;

	inet_pton(AF_INET6, a6, &addr6);
	inet_pton(AF_INET, a4, &addr4);
	nla_put_u8(msg, NAT64_BIB_A_PROTO, proto);
	nla_put(msg, NAT64_BIB_A_ADDR6, sizeof(addr6), &addr6);
	nla_put_u16(msg, NAT64_BIB_A_PORT6, p6);
	nla_put(msg, NAT64_BIB_A_ADDR4, sizeof(addr4), &addr4);
	nla_put_u16(msg, NAT64_BIB_A_PORT4, p4);
	nla_put_u8(msg, NAT64_BIB_A_STATIC, is_static);
	nla_nest_end(msg, nest);
}

struct e_session {
	unsigned int proto;
	const char *addr6, *remote6;
	unsigned int port6, remote_port6;
	const char *addr4, *remote4;
	unsigned int port4, remote_port4;
	int state;		/* -1: no TCP_STATE attribute */
	int expires;		/* -1: no EXPIRES attribute */
};

static const struct e_session tcp_session = {
	NAT64_PROTO_TCP, "2001:db8:1::5", "64:ff9b::c633:6402", 40000, 80,
	"192.0.2.1", "198.51.100.2", 61000, 80, NAT64_TCP_V6_INIT, 240000,
};

static const struct e_session udp_session = {
	NAT64_PROTO_UDP, "2001:db8:1::5", "64:ff9b::cb00:7107", 5353, 53,
	"192.0.2.1", "203.0.113.7", 1024, 53, -1, -1,
};

static void put_session(struct nl_msg *msg, const struct e_session *s)
{
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
	if (s->expires >= 0)
		nla_put_u32(msg, NAT64_SESSION_A_EXPIRES, s->expires);
	nla_nest_end(msg, nest);
}

/* The dynamic TCP entry of the examples, new or ended (@reason >= 0). */
static struct nl_msg *bib_event(uint16_t family, uint64_t ns, int reason)
{
	struct nl_msg *msg = event_new(family, reason < 0 ? NAT64_CMD_BIB_NEW :
				       NAT64_CMD_BIB_END, ns, reason);

	put_bib(msg, NAT64_PROTO_TCP, "2001:db8:1::5", 40000, "192.0.2.1",
		61000, false);
	return msg;
}

static struct nl_msg *static_bib_event(uint16_t family)
{
	struct nl_msg *msg = event_new(family, NAT64_CMD_BIB_NEW, T1, -1);

	put_bib(msg, NAT64_PROTO_TCP, "2001:db8::80", 80, "192.0.2.1", 80,
		true);
	return msg;
}

static struct nl_msg *session_event(uint8_t cmd, uint64_t ns, int reason,
				    const struct e_session *s)
{
	struct nl_msg *msg = event_new(FAMILY_ID, cmd, ns, reason);

	put_session(msg, s);
	return msg;
}

/* ---- event_print() ---- */

/* The @n messages @msgs printed in turn by one reader of @filter. */
static char *printed_events(bool json, struct nl_msg **msgs, unsigned int n,
			    enum event_filter filter)
{
	struct event_reader r = { .filter = filter };
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);
	unsigned int i;

	if (!fp)
		abort();
	print_start(fp, json, false);
	for (i = 0; i < n; i++)
		if (event_print(nlmsg_hdr(msgs[i]), &r))
			fprintf(fp, "(write error)");
	print_end();
	fclose(fp);
	return buf;
}

static char *printed_event(bool json, struct nl_msg *msg,
			   enum event_filter filter)
{
	return printed_events(json, &msg, 1, filter);
}

/* @msg (freed) printed with @filter: text @text, JSON @json. */
static void expect_event(const char *name, struct nl_msg *msg,
			 enum event_filter filter, const char *text,
			 const char *json)
{
	char *got;

	got = printed_event(false, msg, filter);
	expect_str(fmt("%s: text", name), got, text);
	free(got);
	got = printed_event(true, msg, filter);
	expect_str(fmt("%s: JSON", name), got, json);
	free(got);
	nlmsg_free(msg);
}

#define BIB_TEXT	"tcp [2001:db8:1::5]:40000 192.0.2.1:61000"
#define BIB_JSON	"\"proto\":\"tcp\",\"addr6\":\"2001:db8:1::5\"," \
			"\"port6\":40000,\"addr4\":\"192.0.2.1\"," \
			"\"port4\":61000,\"static\":false"
#define TCP_TEXT	"tcp [2001:db8:1::5]:40000 -> [64:ff9b::c633:6402]:80" \
			" | 192.0.2.1:61000 -> 198.51.100.2:80"
#define UDP_TEXT	"udp [2001:db8:1::5]:5353 -> [64:ff9b::cb00:7107]:53" \
			" | 192.0.2.1:1024 -> 203.0.113.7:53"
#define T1_JSON		"{\"time\":\"" T1_TEXT "\",\"time-ns\":1796346123123456789,"
#define T2_JSON		"{\"time\":\"" T2_TEXT "\",\"time-ns\":1796346129000001000,"

static void test_bib_events(void)
{
	expect_event("bib-new", bib_event(FAMILY_ID, T1, -1), EVENTS_ALL,
		     T1_TEXT " bib-new " BIB_TEXT "\n",
		     T1_JSON "\"event\":\"bib-new\"," BIB_JSON "}\n");
	expect_event("bib-new static", static_bib_event(FAMILY_ID),
		     EVENTS_BIB,
		     T1_TEXT " bib-new tcp [2001:db8::80]:80 192.0.2.1:80 static\n",
		     T1_JSON "\"event\":\"bib-new\",\"proto\":\"tcp\","
		     "\"addr6\":\"2001:db8::80\",\"port6\":80,"
		     "\"addr4\":\"192.0.2.1\",\"port4\":80,\"static\":true}\n");
	expect_event("bib-end", bib_event(FAMILY_ID, T2, NAT64_END_EXPIRED),
		     EVENTS_BIB,
		     T2_TEXT " bib-end " BIB_TEXT " expired\n",
		     T2_JSON "\"event\":\"bib-end\"," BIB_JSON
		     ",\"reason\":\"expired\"}\n");
	expect_event("bib-end pool4", bib_event(FAMILY_ID, T2, NAT64_END_POOL4),
		     EVENTS_ALL, T2_TEXT " bib-end " BIB_TEXT " pool4\n",
		     T2_JSON "\"event\":\"bib-end\"," BIB_JSON
		     ",\"reason\":\"pool4\"}\n");
	expect_event("bib-end, a reason newer than nat64ctl",
		     bib_event(FAMILY_ID, T2, NAT64_END_COUNT + 3), EVENTS_ALL,
		     fmt("%s bib-end %s reason-%u\n", T2_TEXT, BIB_TEXT,
			 NAT64_END_COUNT + 3),
		     fmt("%s\"event\":\"bib-end\",%s,\"reason\":\"reason-%u\"}\n",
			 T2_JSON, BIB_JSON, NAT64_END_COUNT + 3));
	expect_event("bib-new: monitor session leaves it out",
		     bib_event(FAMILY_ID, T1, -1), EVENTS_SESSION, "", "");
}

static void test_session_events(void)
{
	expect_event("session-new tcp",
		     session_event(NAT64_CMD_SESSION_NEW, T1, -1, &tcp_session),
		     EVENTS_ALL, T1_TEXT " session-new " TCP_TEXT " V6_INIT\n",
		     T1_JSON "\"event\":\"session-new\",\"proto\":\"tcp\","
		     "\"addr6\":\"2001:db8:1::5\",\"port6\":40000,"
		     "\"remote6\":\"64:ff9b::c633:6402\",\"remote-port6\":80,"
		     "\"addr4\":\"192.0.2.1\",\"port4\":61000,"
		     "\"remote4\":\"198.51.100.2\",\"remote-port4\":80,"
		     "\"state\":\"V6_INIT\"}\n");
	expect_event("session-end udp",
		     session_event(NAT64_CMD_SESSION_END, T2,
				   NAT64_END_EXPIRED, &udp_session),
		     EVENTS_SESSION,
		     T2_TEXT " session-end " UDP_TEXT " expired\n",
		     T2_JSON "\"event\":\"session-end\",\"proto\":\"udp\","
		     "\"addr6\":\"2001:db8:1::5\",\"port6\":5353,"
		     "\"remote6\":\"64:ff9b::cb00:7107\",\"remote-port6\":53,"
		     "\"addr4\":\"192.0.2.1\",\"port4\":1024,"
		     "\"remote4\":\"203.0.113.7\",\"remote-port4\":53,"
		     "\"reason\":\"expired\"}\n");
	expect_event("session-end tcp-closed",
		     session_event(NAT64_CMD_SESSION_END, T2,
				   NAT64_END_TCP_CLOSED, &tcp_session),
		     EVENTS_ALL,
		     T2_TEXT " session-end " TCP_TEXT " V6_INIT tcp-closed\n",
		     T2_JSON "\"event\":\"session-end\",\"proto\":\"tcp\","
		     "\"addr6\":\"2001:db8:1::5\",\"port6\":40000,"
		     "\"remote6\":\"64:ff9b::c633:6402\",\"remote-port6\":80,"
		     "\"addr4\":\"192.0.2.1\",\"port4\":61000,"
		     "\"remote4\":\"198.51.100.2\",\"remote-port4\":80,"
		     "\"state\":\"V6_INIT\",\"reason\":\"tcp-closed\"}\n");
	expect_event("session-new: monitor bib leaves it out",
		     session_event(NAT64_CMD_SESSION_NEW, T1, -1, &tcp_session),
		     EVENTS_BIB, "", "");
}

static void test_other_events(void)
{
	struct nl_msg *msg;
	unsigned int i;

	for (i = EVENTS_ALL; i <= EVENTS_SESSION; i++)
		expect_event(fmt("flushed, filter %u", i),
			     event_new(FAMILY_ID, NAT64_CMD_STATE_FLUSHED, T1,
				       -1), i,
			     T1_TEXT " flushed: every BIB entry and session ended\n",
			     T1_JSON "\"event\":\"flushed\"}\n");
	expect_event("a command newer than nat64ctl is skipped",
		     event_new(FAMILY_ID, NAT64_CMD_STATE_FLUSHED + 1, T1, -1),
		     EVENTS_ALL, "", "");
	msg = event_new(FAMILY_ID, NAT64_CMD_BIB_GET, T1, -1);
	put_bib(msg, NAT64_PROTO_TCP, "2001:db8::1", 1, "192.0.2.1", 1, false);
	expect_event("a command that is no event is skipped", msg, EVENTS_ALL,
		     "", "");
}

static struct nl_msg *flushed(uint64_t ns)
{
	return event_new(FAMILY_ID, NAT64_CMD_STATE_FLUSHED, ns, -1);
}

#define FLUSHED	" flushed: every BIB entry and session ended\n"

/*
 * A listener to both groups gets each flush twice, with one time: the
 * copy of the flush printed last is not printed, any other flush is.
 */
static void test_flushed_once(void)
{
	struct nl_msg *msgs[7];
	unsigned int i, k;
	const char *bib;
	char *got;

	for (i = EVENTS_ALL; i <= EVENTS_SESSION; i++) {
		msgs[0] = flushed(T1);
		msgs[1] = flushed(T1);
		msgs[2] = bib_event(FAMILY_ID, T2, -1);
		msgs[3] = flushed(T2);
		msgs[4] = flushed(T2);
		/* Not the last one printed: the clock was set back. */
		msgs[5] = flushed(T1);
		msgs[6] = flushed(T1);
		bib = i == EVENTS_SESSION ? "" :
		      T2_TEXT " bib-new " BIB_TEXT "\n";
		got = printed_events(false, msgs, ARRAY_SIZE(msgs), i);
		expect_str(fmt("flushed twice, printed once, filter %u", i),
			   got, fmt("%s%s%s%s", T1_TEXT FLUSHED, bib,
				    T2_TEXT FLUSHED, T1_TEXT FLUSHED));
		free(got);
		bib = i == EVENTS_SESSION ? "" :
		      T2_JSON "\"event\":\"bib-new\"," BIB_JSON "}\n";
		got = printed_events(true, msgs, ARRAY_SIZE(msgs), i);
		expect_str(fmt("flushed twice, printed once, filter %u: JSON",
			       i), got,
			   fmt("%s%s%s", T1_JSON "\"event\":\"flushed\"}\n",
			       bib,
			       T2_JSON "\"event\":\"flushed\"}\n"
			       T1_JSON "\"event\":\"flushed\"}\n"));
		free(got);
		for (k = 0; k < ARRAY_SIZE(msgs); k++)
			nlmsg_free(msgs[k]);
	}
}

static void test_notes(void)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);

	if (!fp)
		abort();
	print_start(fp, false, false);
	event_print_note(T1, "lost", "events lost");
	event_print_note(T2, "module-loaded", "module loaded");
	print_end();
	fclose(fp);
	expect_str("notes: text", buf,
		   T1_TEXT " events lost\n" T2_TEXT " module loaded\n");
	free(buf);

	buf = NULL;
	fp = open_memstream(&buf, &size);
	if (!fp)
		abort();
	print_start(fp, true, false);
	event_print_note(T1, "lost", "events lost");
	event_print_note(T2, "module-loaded", "module loaded");
	print_end();
	fclose(fp);
	expect_str("notes: NDJSON", buf,
		   T1_JSON "\"event\":\"lost\"}\n"
		   T2_JSON "\"event\":\"module-loaded\"}\n");
	free(buf);

	/* Each line is flushed: a full disk is known at once. */
	fp = fopen("/dev/full", "w");
	if (!fp)
		return;
	print_start(fp, false, false);
	expect_true("notes: a write error is reported",
		    event_print_note(T1, "lost", "events lost") == -1,
		    "it was not");
	print_end();
	fclose(fp);
}

static void test_time(void)
{
	char buf[EVENT_TIME_STRLEN];
	uint64_t now = event_now();

	expect_str("time 0", event_time(0, buf, sizeof(buf)),
		   "1970-01-01T00:00:00.000000Z");
	expect_str("time, nanoseconds cut to microseconds",
		   event_time(T1, buf, sizeof(buf)), T1_TEXT);
	expect_str("time, the last microsecond of a second",
		   event_time(1796346123999999999ULL, buf, sizeof(buf)),
		   "2026-12-04T01:02:03.999999Z");
	expect_str("time, the largest",
		   event_time(UINT64_MAX, buf, sizeof(buf)),
		   "2554-07-21T23:34:33.709551Z");
	event_time(now, buf, sizeof(buf));
	expect_true("time now is RFC 3339 UTC",
		    strlen(buf) == 27 && buf[10] == 'T' && buf[26] == 'Z' &&
		    now > T1 - 400ULL * 24 * 3600 * 1000000000, buf);
	expect_str("reason expired", event_reason_name(NAT64_END_EXPIRED),
		   "expired");
	expect_str("reason tcp-closed", event_reason_name(NAT64_END_TCP_CLOSED),
		   "tcp-closed");
	expect_str("reason deleted", event_reason_name(NAT64_END_DELETED),
		   "deleted");
	expect_str("reason pool4", event_reason_name(NAT64_END_POOL4), "pool4");
	expect_str("reason limit", event_reason_name(NAT64_END_LIMIT), "limit");
	expect_str("reason unknown", event_reason_name(200), "reason-200");
}

/* ---- the whole command ---- */

static int peer = -1;		/* where the test writes the datagrams */

/* What BIB_GET dumps (monitor bib's snapshot): snap[0..nsnap). */
static const struct fake_bib *snap;
static size_t nsnap;
/* Called as the dump is asked for, before it is answered (or NULL). */
static void (*during_dump)(void);
/* Not 0: the dump is refused with this error. */
static int snap_error;

static void kernel(const struct nlmsghdr *req)
{
	const struct genlmsghdr *g = nlmsg_data(req);
	size_t i;

	if (g->cmd != NAT64_CMD_BIB_GET || !(req->nlmsg_flags & NLM_F_DUMP)) {
		ack(req, -EOPNOTSUPP, NULL);
		return;
	}
	if (during_dump)
		during_dump();
	if (snap_error) {
		done(req, snap_error, NULL, 0);
		return;
	}
	for (i = 0; i < nsnap; i++)
		fake_bib_entry(req, 0, &snap[i]);
	done(req, 0, NULL, 0);
}

/* A new run: the socket nat64ctl reads, and the fake controller. */
static void start(void)
{
	int sv[2];

	reset(kernel);
	snap = NULL;
	nsnap = 0;
	during_dump = NULL;
	snap_error = 0;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		abort();
	fake_fd = sv[0];
	peer = sv[1];
}

/* One datagram of the messages given (freed), NULL-terminated. */
static void send_dgram(struct nl_msg *first, ...)
{
	static unsigned char buf[16384];
	struct nl_msg *msg;
	size_t len = 0;
	va_list ap;

	va_start(ap, first);
	for (msg = first; msg; msg = va_arg(ap, struct nl_msg *)) {
		struct nlmsghdr *h = nlmsg_hdr(msg);

		if (len + NLMSG_ALIGN(h->nlmsg_len) > sizeof(buf))
			abort();
		memcpy(buf + len, h, h->nlmsg_len);
		len += NLMSG_ALIGN(h->nlmsg_len);
		nlmsg_free(msg);
	}
	va_end(ap);
	if (send(peer, buf, len, MSG_DONTWAIT) != (ssize_t)len)
		abort();
}

static void finish(void)
{
	close(fake_fd);
	fake_fd = -1;
}

/* A line of monitor's own, or of its snapshot: timed now. */
static bool monitor_own(const char *line, size_t len)
{
	static const char *const marks[] = {
		"module", "bib-snapshot", "BIB as it is", "BIB snapshot",
		"bib-held",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(marks); i++)
		if (memmem(line, len, marks[i], strlen(marks[i])))
			return true;
	return false;
}

/*
 * Monitor's own lines are timed now: in what is compared, their time is
 * "<now>" (JSON: "time":"<now>","time-ns":0).
 */
static void mask_now(char *out)
{
	static char buf[16384];
	char *line, *next, *t;
	size_t len = 0;

	buf[0] = '\0';
	for (line = out; *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		t = line[0] == '{' ? line + 9 : line;
		if (!monitor_own(line, next - line) ||
		    next - t < 27 || t[10] != 'T' || t[26] != 'Z') {
			len += snprintf(buf + len, sizeof(buf) - len, "%.*s",
					(int)(next - line), line);
			continue;
		}
		if (line[0] != '{') {
			len += snprintf(buf + len, sizeof(buf) - len,
					"<now>%.*s", (int)(next - t - 27),
					t + 27);
			continue;
		}
		for (t = strstr(line, "\"time-ns\":") + 10;
		     *t >= '0' && *t <= '9'; t++)
			;
		len += snprintf(buf + len, sizeof(buf) - len,
				"{\"time\":\"<now>\",\"time-ns\":0%.*s",
				(int)(next - t), t);
	}
	snprintf(out, sizeof(buf), "%s", buf);
}

static void expect_monitor(const char *line, int want_ret,
			   const char *want_err, const char *want_out)
{
	char out[16384], err[16384];
	int ret;

	close(peer);
	peer = -1;
	ret = run_line(line, out, err, sizeof(out));
	finish();
	mask_now(out);
	if (ret != want_ret)
		fail(fmt("run 'nat64ctl %s'", line),
		     "exit %d, expected %d (stderr \"%s\")", ret, want_ret,
		     err);
	else if (strcmp(err, want_err))
		fail(fmt("run 'nat64ctl %s'", line),
		     "stderr \"%s\", expected \"%s\"", err, want_err);
	else
		expect_str(fmt("run 'nat64ctl %s'", line), out, want_out);
}

/* A controller message about family @name with these "bib", "session". */
static struct nl_msg *ctrl_msg(uint8_t cmd, const char *name, uint16_t id,
			       uint32_t version, uint32_t bib,
			       uint32_t session)
{
	const struct fake_group groups[] = {
		{ NAT64_GENL_MCGRP_BIB, bib },
		{ NAT64_GENL_MCGRP_SESSION, session },
	};

	return family_msg(cmd, 0, name, id, version, groups,
			  ARRAY_SIZE(groups));
}

/* The nat64 family back, as a module of before the split: "events". */
static struct nl_msg *old_module_msg(void)
{
	const struct fake_group groups[] = { { "events", BIB_GROUP2 } };

	return family_msg(CTRL_CMD_NEWFAMILY, 0, NAT64_GENL_NAME, FAMILY_ID2,
			  NAT64_GENL_VERSION, groups, ARRAY_SIZE(groups));
}

/* Messages that are none of monitor's business. */
static void send_noise(void)
{
	struct nl_msg *other = nlmsg_alloc(), *noop = nlmsg_alloc();

	if (!other || !noop ||
	    !genlmsg_put(other, 0, 0, 0x77, 0, 0, NAT64_CMD_BIB_NEW, 1) ||
	    !nlmsg_put(noop, 0, 0, NLMSG_NOOP, 0, 0))
		abort();
	send_dgram(noop, other,
		   ctrl_msg(CTRL_CMD_NEWMCAST_GRP, NAT64_GENL_NAME, FAMILY_ID,
			    NAT64_GENL_VERSION, BIB_GROUP, SESSION_GROUP),
		   ctrl_msg(CTRL_CMD_DELFAMILY, "other", 0x99, 1, 0, 0),
		   ctrl_msg(CTRL_CMD_NEWFAMILY, "other", 0x99, 1, 0, 0), NULL);
}

/*
 * A BIB_NEW without its time: said, skipped, and the next one read.  The
 * flush after it comes twice, from each group, as the module sends it.
 */
static void send_malformed(void)
{
	struct nl_msg *bad = event_new(FAMILY_ID, NAT64_CMD_BIB_NEW, 0, -1);

	put_bib(bad, NAT64_PROTO_TCP, "2001:db8::1", 1, "192.0.2.1", 1,
		false);
	send_dgram(bad, flushed(T2), NULL);
	send_dgram(flushed(T2), NULL);
}

/* The module goes, an event of its old id comes late, it comes back. */
static void send_reload(void)
{
	send_dgram(ctrl_msg(CTRL_CMD_DELFAMILY, NAT64_GENL_NAME, FAMILY_ID,
			    NAT64_GENL_VERSION, BIB_GROUP, SESSION_GROUP),
		   NULL);
	send_dgram(bib_event(FAMILY_ID, T1, -1), NULL);
	send_dgram(ctrl_msg(CTRL_CMD_NEWFAMILY, NAT64_GENL_NAME, FAMILY_ID2,
			    NAT64_GENL_VERSION, BIB_GROUP2, SESSION_GROUP2),
		   bib_event(FAMILY_ID, T1, -1), static_bib_event(FAMILY_ID2),
		   NULL);
}

#define CLOSED	"Error: the netlink socket was closed.\n"
/* monitor bib's snapshot of an empty BIB, after what had come by then. */
#define SNAPSHOT \
	"<now> BIB as it is: the entries held now follow, one bib-held line each\n"
#define SNAPSHOT_JSON \
	"{\"time\":\"<now>\",\"time-ns\":0,\"event\":\"bib-snapshot\"}\n"
#define MALFORMED \
	"Error: malformed reply from the nat64 module: missing or bad event time.\n"
#define NO_EVENTS \
	"Error: the nat64 module sends no events (it is older than this nat64ctl).\n"

static void send_all(void)
{
	send_dgram(bib_event(FAMILY_ID, T1, -1),
		   session_event(NAT64_CMD_SESSION_NEW, T1, -1, &tcp_session),
		   NULL);
	send_noise();
	send_dgram(session_event(NAT64_CMD_SESSION_END, T2,
				 NAT64_END_EXPIRED, &udp_session),
		   bib_event(FAMILY_ID, T2, NAT64_END_EXPIRED),
		   event_new(FAMILY_ID, NAT64_CMD_STATE_FLUSHED + 1, T2, -1),
		   NULL);
	send_malformed();
	send_reload();
}

/* The groups joined, in order, as "0x31 0x10 ...". */
static const char *joined_groups(void)
{
	static char buf[256];
	size_t len = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < njoined; i++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%#x",
				i ? " " : "", joined[i]);
	return buf;
}

/*
 * @line joined @want (as joined_groups() says), and asked nat64 nothing
 * but, if it is monitor bib, the BIB for its snapshot.
 */
static void expect_joined(const char *line, const char *want)
{
	bool bib = strstr(line, "monitor bib");

	expect_str(fmt("%s: the groups joined", line), joined_groups(), want);
	if (bib)
		expect_str(fmt("%s: the snapshot's dump", line),
			   nat64_requests() == 1 ? describe(0) : "",
			   "BIB_GET dump");
	else
		expect_true(fmt("%s: nothing asked of the nat64 family", line),
			    nat64_requests() == 0, describe(0));
}

static void test_monitor(void)
{
	static const char *const both[] = { "monitor", "monitor all" };
	unsigned int i;

	/*
	 * Both groups, the controller's, then both groups of the module
	 * loaded again; each flush printed once.
	 */
	for (i = 0; i < ARRAY_SIZE(both); i++) {
		start();
		send_all();
		expect_monitor(both[i], EXIT_FAIL, MALFORMED CLOSED,
			       T1_TEXT " bib-new " BIB_TEXT "\n"
			       T1_TEXT " session-new " TCP_TEXT " V6_INIT\n"
			       T2_TEXT " session-end " UDP_TEXT " expired\n"
			       T2_TEXT " bib-end " BIB_TEXT " expired\n"
			       T2_TEXT FLUSHED
			       "<now> module unloaded: every BIB entry and session ended\n"
			       "<now> module loaded\n"
			       T1_TEXT " bib-new tcp [2001:db8::80]:80 192.0.2.1:80 static\n");
		expect_joined(both[i],
			      fmt("%#x %#x %#x %#x %#x", BIB_GROUP,
				  SESSION_GROUP, GENL_ID_CTRL, BIB_GROUP2,
				  SESSION_GROUP2));
	}

	start();
	send_all();
	/* The malformed event is a BIB one: not even read. */
	expect_monitor("monitor session", EXIT_FAIL, CLOSED,
		       T1_TEXT " session-new " TCP_TEXT " V6_INIT\n"
		       T2_TEXT " session-end " UDP_TEXT " expired\n"
		       T2_TEXT FLUSHED
		       "<now> module unloaded: every BIB entry and session ended\n"
		       "<now> module loaded\n");
	expect_joined("monitor session",
		      fmt("%#x %#x %#x", SESSION_GROUP, GENL_ID_CTRL,
			  SESSION_GROUP2));

	start();
	send_all();
	expect_monitor("-j monitor bib", EXIT_FAIL, MALFORMED CLOSED,
		       T1_JSON "\"event\":\"bib-new\"," BIB_JSON "}\n"
		       T2_JSON "\"event\":\"bib-end\"," BIB_JSON
		       ",\"reason\":\"expired\"}\n"
		       T2_JSON "\"event\":\"flushed\"}\n"
		       "{\"time\":\"<now>\",\"time-ns\":0,\"event\":\"module-unloaded\"}\n"
		       "{\"time\":\"<now>\",\"time-ns\":0,\"event\":\"module-loaded\"}\n"
		       T1_JSON "\"event\":\"bib-new\",\"proto\":\"tcp\","
		       "\"addr6\":\"2001:db8::80\",\"port6\":80,"
		       "\"addr4\":\"192.0.2.1\",\"port4\":80,\"static\":true}\n"
		       SNAPSHOT_JSON);
	expect_joined("-j monitor bib",
		      fmt("%#x %#x %#x", BIB_GROUP, GENL_ID_CTRL, BIB_GROUP2));
}

static void test_monitor_json(void)
{
	char out[16384], err[16384], *line;
	unsigned int n = 0;
	bool ok = true;

	start();
	send_all();
	close(peer);
	run_line("-j monitor", out, err, sizeof(out));
	finish();
	/* One object per line, each with its time first. */
	for (line = strtok(out, "\n"); line; line = strtok(NULL, "\n"), n++)
		ok &= !strncmp(line, "{\"time\":\"", 9) &&
		      line[strlen(line) - 1] == '}' &&
		      strstr(line, "\"time-ns\":") && strstr(line, "\"event\":");
	expect_true("-j monitor: NDJSON, 8 records", ok && n == 8,
		    fmt("%u lines", n));
}

/* A module without some group: what each form of monitor makes of it. */
static void test_monitor_groups_missing(void)
{
	/* Without "session": monitor bib needs only "bib". */
	start();
	family_session = 0;
	send_dgram(bib_event(FAMILY_ID, T1, -1), NULL);
	expect_monitor("monitor bib", EXIT_FAIL, CLOSED,
		       T1_TEXT " bib-new " BIB_TEXT "\n" SNAPSHOT);
	expect_joined("monitor bib, no session group",
		      fmt("%#x %#x", BIB_GROUP, GENL_ID_CTRL));

	start();
	family_session = 0;
	expect_monitor("monitor", EXIT_FAIL, NO_EVENTS, "");
	expect_joined("monitor, no session group", "");

	start();
	family_session = 0;
	expect_monitor("monitor session", EXIT_FAIL, NO_EVENTS, "");

	start();
	family_bib = 0;
	expect_monitor("monitor bib", EXIT_FAIL, NO_EVENTS, "");

	start();
	family_bib = 0;
	family_session = 0;
	expect_monitor("monitor session", EXIT_FAIL, NO_EVENTS, "");

	/* A module of before the split: every event in "events". */
	start();
	family_bib = 0;
	family_session = 0;
	family_old_events = BIB_GROUP;
	expect_monitor("monitor", EXIT_FAIL, NO_EVENTS, "");
	expect_joined("monitor, an old module's events group", "");

	/* Back without any group, or as an old module. */
	start();
	send_dgram(ctrl_msg(CTRL_CMD_NEWFAMILY, NAT64_GENL_NAME, FAMILY_ID2,
			    NAT64_GENL_VERSION, 0, 0), NULL);
	expect_monitor("monitor", EXIT_FAIL, NO_EVENTS, "");

	start();
	send_dgram(old_module_msg(), NULL);
	expect_monitor("monitor bib", EXIT_FAIL, NO_EVENTS, "");

	/* Back without "session": monitor bib goes on, monitor session not. */
	start();
	send_dgram(ctrl_msg(CTRL_CMD_NEWFAMILY, NAT64_GENL_NAME, FAMILY_ID2,
			    NAT64_GENL_VERSION, BIB_GROUP2, 0),
		   static_bib_event(FAMILY_ID2), NULL);
	expect_monitor("monitor bib", EXIT_FAIL, CLOSED,
		       "<now> module loaded\n"
		       T1_TEXT " bib-new tcp [2001:db8::80]:80 192.0.2.1:80 static\n"
		       SNAPSHOT);
	expect_joined("monitor bib, back without session",
		      fmt("%#x %#x %#x", BIB_GROUP, GENL_ID_CTRL, BIB_GROUP2));

	start();
	send_dgram(ctrl_msg(CTRL_CMD_NEWFAMILY, NAT64_GENL_NAME, FAMILY_ID2,
			    NAT64_GENL_VERSION, BIB_GROUP2, 0), NULL);
	expect_monitor("monitor session", EXIT_FAIL, NO_EVENTS, "");
	expect_joined("monitor session, back without session",
		      fmt("%#x %#x", SESSION_GROUP, GENL_ID_CTRL));
}

static void test_monitor_fails(void)
{
	start();
	family_error = -ENOENT;
	expect_monitor("monitor", EXIT_FAIL,
		       "Error: nat64 module not loaded (generic netlink family \"nat64\" not found).\n",
		       "");

	start();
	fake_join_error = -NLE_PERM;
	expect_monitor("monitor", EXIT_FAIL,
		       "Error: cannot join the nat64 \"bib\" group: Operation not permitted (nat64ctl monitor needs CAP_NET_ADMIN).\n",
		       "");

	start();
	fake_join_error = -NLE_NOACCESS;
	expect_monitor("monitor session", EXIT_FAIL,
		       "Error: cannot join the nat64 \"session\" group: Permission denied (nat64ctl monitor needs CAP_NET_ADMIN).\n",
		       "");

	start();
	ctrl_notify = 0;
	expect_monitor("monitor", EXIT_FAIL,
		       "Error: the generic netlink controller has no \"notify\" group.\n",
		       "");

	/* A module of another netlink version cannot be followed. */
	start();
	send_dgram(ctrl_msg(CTRL_CMD_DELFAMILY, NAT64_GENL_NAME, FAMILY_ID,
			    NAT64_GENL_VERSION, BIB_GROUP, SESSION_GROUP),
		   NULL);
	send_dgram(ctrl_msg(CTRL_CMD_NEWFAMILY, NAT64_GENL_NAME, FAMILY_ID2,
			    NAT64_GENL_VERSION + 1, BIB_GROUP2,
			    SESSION_GROUP2), NULL);
	send_dgram(static_bib_event(FAMILY_ID2), NULL);
	expect_monitor("monitor", EXIT_FAIL,
		       fmt("Error: the nat64 module speaks netlink version %u but nat64ctl speaks version %u; install matching versions.\n",
			   NAT64_GENL_VERSION + 1, NAT64_GENL_VERSION),
		       "<now> module unloaded: every BIB entry and session ended\n");
}

/* ---- monitor bib's snapshot ---- */

/* What the dump returns, as the BIB stood while it was read. */
static const struct fake_bib dumped[] = {
	/* Made after the snapshot's time: its bib-new says so. */
	{ NAT64_PROTO_TCP, "2001:db8::a", 1, "192.0.2.1", 1001, 0, 1 },
	/* 1002's new holder: the old one's bib-end comes first. */
	{ NAT64_PROTO_TCP, "2001:db8::b", 2, "192.0.2.1", 1002, 0, 1 },
	/* Held all along. */
	{ NAT64_PROTO_UDP, "2001:db8::c", 3, "192.0.2.1", 1003, 1, 0 },
};

/* The events of the dump's time, and when they happened. */
static const struct {
	uint8_t cmd;
	const char *addr6;
	unsigned int port6, port4;
} meanwhile[] = {
	{ NAT64_CMD_BIB_END, "2001:db8::bb", 7, 1002 },
	{ NAT64_CMD_BIB_NEW, "2001:db8::b", 2, 1002 },
	{ NAT64_CMD_BIB_NEW, "2001:db8::a", 1, 1001 },
	/* Ended before the dump got to it: not dumped, held all the same. */
	{ NAT64_CMD_BIB_END, "2001:db8::e", 8, 1008 },
};
static uint64_t meanwhile_ns[ARRAY_SIZE(meanwhile)];
static int late = -1;		/* a second end of the test's socket */

/* As the BIB is dumped, the events above happen, timed now. */
static void events_meanwhile(void)
{
	struct nl_msg *msg;
	size_t i;
	bool end;

	peer = late;
	for (i = 0; i < ARRAY_SIZE(meanwhile); i++) {
		end = meanwhile[i].cmd == NAT64_CMD_BIB_END;
		meanwhile_ns[i] = event_now() + i;
		msg = event_new(FAMILY_ID, meanwhile[i].cmd, meanwhile_ns[i],
				end ? NAT64_END_EXPIRED : -1);
		put_bib(msg, NAT64_PROTO_TCP, meanwhile[i].addr6,
			meanwhile[i].port6, "192.0.2.1", meanwhile[i].port4,
			false);
		send_dgram(msg, NULL);
	}
	close(late);
	late = peer = -1;
}

static const char *at(uint64_t ns)
{
	static char buf[4][EVENT_TIME_STRLEN];
	static unsigned int next;

	return event_time(ns, buf[next++ % 4], EVENT_TIME_STRLEN);
}

/*
 * monitor bib starts with the BIB as it was when it began to dump it:
 * what it dumped, less the entries made since (their bib-new came during
 * the dump), plus those that ended since (their bib-end came, listed or
 * not); what came before that time is printed before it, the rest after.
 */
static void test_snapshot(void)
{
	char out[16384], err[16384];
	int ret;

	start();
	snap = dumped;
	nsnap = ARRAY_SIZE(dumped);
	during_dump = events_meanwhile;
	late = dup(peer);
	send_dgram(bib_event(FAMILY_ID, T1, -1), NULL);
	close(peer);
	peer = -1;
	ret = run_line("monitor bib", out, err, sizeof(out));
	finish();
	mask_now(out);
	expect_true("monitor bib, snapshot: exit and stderr",
		    ret == EXIT_FAIL && !strcmp(err, CLOSED),
		    fmt("exit %d, stderr \"%s\"", ret, err));
	expect_str("monitor bib, snapshot: what it printed", out,
		   fmt(T1_TEXT " bib-new " BIB_TEXT "\n"
			   SNAPSHOT
			   "<now> bib-held udp [2001:db8::c]:3 192.0.2.1:1003 static\n"
			   "<now> bib-held tcp [2001:db8::bb]:7 192.0.2.1:1002\n"
			   "<now> bib-held tcp [2001:db8::e]:8 192.0.2.1:1008\n"
			   "%s bib-end tcp [2001:db8::bb]:7 192.0.2.1:1002 expired\n"
			   "%s bib-new tcp [2001:db8::b]:2 192.0.2.1:1002\n"
			   "%s bib-new tcp [2001:db8::a]:1 192.0.2.1:1001\n"
			   "%s bib-end tcp [2001:db8::e]:8 192.0.2.1:1008 expired\n",
			   at(meanwhile_ns[0]), at(meanwhile_ns[1]),
			   at(meanwhile_ns[2]), at(meanwhile_ns[3])));
	expect_joined("monitor bib, snapshot",
		      fmt("%#x %#x", BIB_GROUP, GENL_ID_CTRL));

	/* No instance yet: an empty BIB, and nothing said of it. */
	start();
	snap_error = -ENOENT;
	expect_monitor("monitor bib", EXIT_FAIL, CLOSED, SNAPSHOT);

	/* Another refusal: said, and a line that the BIB is not known. */
	start();
	snap_error = -EPERM;
	expect_monitor("monitor bib", EXIT_FAIL,
		       "Error: cannot list the BIB: Operation not permitted (changing the nat64 configuration or showing its BIB and sessions needs CAP_NET_ADMIN).\n"
		       CLOSED,
		       "<now> BIB snapshot failed: who holds what is not known until the next one\n");
}

/* SIGINT and SIGTERM end it, with status 0, before the next datagram. */
static void test_monitor_signals(void)
{
	static const int sigs[] = { SIGTERM, SIGINT };
	sigset_t set, old;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sigs); i++) {
		sigemptyset(&set);
		sigaddset(&set, sigs[i]);
		sigprocmask(SIG_BLOCK, &set, &old);
		raise(sigs[i]);
		start();
		send_dgram(bib_event(FAMILY_ID, T1, -1), NULL);
		expect_monitor(i ? "monitor bib" : "-j monitor", EXIT_OK, "",
			       "");
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
}

int main(void)
{
	test_time();
	test_bib_events();
	test_session_events();
	test_other_events();
	test_flushed_once();
	test_notes();
	test_monitor();
	test_monitor_json();
	test_monitor_groups_missing();
	test_monitor_fails();
	test_monitor_signals();
	test_snapshot();
	return test_failed ? 1 : 0;
}
