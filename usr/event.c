// SPDX-License-Identifier: GPL-2.0
/*
 * One event of the nat64 "bib" or "session" group, read and printed (see
 * event.h).
 * The object is read whole before anything is printed, so that a
 * malformed event leaves no half line behind; the object itself is read
 * and printed by bib.c and session.c, as their dumps are.
 */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include <netlink/genl/genl.h>

#include <nat64.h>

#include "bib.h"
#include "event.h"
#include "json_print.h"
#include "netlink.h"
#include "session.h"

#include "array_size.h"

#define NSEC_PER_SEC	1000000000ULL
#define NSEC_PER_USEC	1000ULL

enum object {
	OBJECT_NONE,		/* STATE_FLUSHED: the whole state */
	OBJECT_BIB,
	OBJECT_SESSION,
};

struct event_kind {
	const char *name;	/* JSON "event", the word after the time */
	enum object object;
	bool end;		/* carries a reason */
};

static const struct event_kind kinds[__NAT64_CMD_MAX] = {
	[NAT64_CMD_BIB_NEW] = { "bib-new", OBJECT_BIB, false },
	[NAT64_CMD_BIB_END] = { "bib-end", OBJECT_BIB, true },
	[NAT64_CMD_SESSION_NEW] = { "session-new", OBJECT_SESSION, false },
	[NAT64_CMD_SESSION_END] = { "session-end", OBJECT_SESSION, true },
	[NAT64_CMD_STATE_FLUSHED] = { "flushed", OBJECT_NONE, false },
};

#define END_NAME(id, name) [NAT64_END_##id] = name,
static const char *const reasons[NAT64_END_COUNT] = {
	NAT64_END_REASONS(END_NAME)
};
#undef END_NAME

/* What an event carries: its time, its reason and its object. */
struct event {
	uint64_t ns;
	uint8_t reason;
	struct bib_entry bib;
	struct session session;
};

const char *event_time(uint64_t ns, char *buf, size_t size)
{
	time_t secs = ns / NSEC_PER_SEC;
	struct tm tm;
	size_t len;

	len = gmtime_r(&secs, &tm) ?
	      strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm) : 0;
	if (!len) {
		/* Past what struct tm holds: a time all the same. */
		snprintf(buf, size, "@%" PRIu64, ns);
		return buf;
	}
	snprintf(buf + len, size - len, ".%06uZ",
		 (unsigned int)(ns % NSEC_PER_SEC / NSEC_PER_USEC));
	return buf;
}

uint64_t event_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

const char *event_reason_name(unsigned int reason)
{
	static char buf[24];

	if (reason < ARRAY_SIZE(reasons))
		return reasons[reason];
	snprintf(buf, sizeof(buf), "reason-%u", reason);
	return buf;
}

static bool wanted(const struct event_kind *k, enum event_filter filter)
{
	switch (k->object) {
	case OBJECT_BIB:
		return filter != EVENTS_SESSION;
	case OBJECT_SESSION:
		return filter != EVENTS_BIB;
	default:
		return true;
	}
}

static int read_event(struct nlmsghdr *nlh, const struct event_kind *k,
		      struct event *e)
{
	struct nlattr *tb[NAT64_EVENT_A_MAX + 1];

	if (nat64_reply_nest(nlh, NAT64_A_EVENT, tb, NAT64_EVENT_A_MAX) ||
	    nat64_get_u64(tb, NAT64_EVENT_A_TIME, "event time", &e->ns) ||
	    (k->end && nat64_get_u8(tb, NAT64_EVENT_A_REASON, "event reason",
				    &e->reason)))
		return -1;
	switch (k->object) {
	case OBJECT_BIB:
		return bib_entry_read(nlh, &e->bib, false);
	case OBJECT_SESSION:
		return session_read(nlh, &e->session, false);
	default:
		return 0;
	}
}

/* "<time>": every line starts so; JSON has the time twice. */
static void print_time(uint64_t ns)
{
	char t[EVENT_TIME_STRLEN];

	print_open_object(NULL);
	print_string(PRINT_ANY, "time", "%s", event_time(ns, t, sizeof(t)));
	print_u64(PRINT_JSON, "time-ns", "%" PRIu64, ns);
}

int event_print_note(uint64_t ns, const char *event, const char *text)
{
	print_time(ns);
	print_string(PRINT_JSON, "event", "%s", event);
	print_text(" %s", text);
	print_close_object();
	return print_line_end();
}

/* "<time> bib-end tcp [2001:db8::5]:40000 192.0.2.1:61000 expired" */
static int print_event(const struct event_kind *k, const struct event *e)
{
	if (k->object == OBJECT_NONE)
		return event_print_note(e->ns, k->name,
					"flushed: " EVENT_ALL_ENDED);
	print_time(e->ns);
	print_string(PRINT_ANY, "event", " %s ", k->name);
	if (k->object == OBJECT_BIB)
		bib_entry_print(&e->bib);
	else
		session_print(&e->session);
	if (k->end)
		print_string(PRINT_ANY, "reason", " %s",
			     event_reason_name(e->reason));
	print_close_object();
	return print_line_end();
}

int event_print_held(uint64_t ns, const struct bib_entry *e)
{
	print_time(ns);
	print_string(PRINT_ANY, "event", " %s ", "bib-held");
	bib_entry_print(e);
	print_close_object();
	return print_line_end();
}

/* The kind of @nlh, if it is an event of ours: NULL otherwise. */
static const struct event_kind *kind_of(struct nlmsghdr *nlh)
{
	uint8_t cmd;

	if (!genlmsg_valid_hdr(nlh, 0))
		return NULL;
	cmd = ((struct genlmsghdr *)nlmsg_data(nlh))->cmd;
	/* A newer module's events, or a request's echo: not ours to read. */
	if (cmd >= ARRAY_SIZE(kinds) || !kinds[cmd].name)
		return NULL;
	return &kinds[cmd];
}

enum event_bib event_bib_peek(struct nlmsghdr *nlh, uint64_t *ns,
			      struct bib_entry *e)
{
	const struct event_kind *k = kind_of(nlh);
	struct event ev;
	int bad;

	*ns = 0;
	if (!k)
		return EVENT_BIB_NONE;
	/* Malformed: said when it is printed, not here too. */
	nat64_malformed_quiet(true);
	bad = read_event(nlh, k, &ev);
	nat64_malformed_quiet(false);
	if (bad)
		return EVENT_BIB_NONE;
	*ns = ev.ns;
	if (k->object == OBJECT_NONE)
		return EVENT_FLUSHED;
	if (k->object != OBJECT_BIB)
		return EVENT_BIB_NONE;
	*e = ev.bib;
	return k->end ? EVENT_BIB_END : EVENT_BIB_NEW;
}

/*
 * A flush of the same time as the last one printed is its copy from the
 * other group.  Two real flushes are never within the same nanosecond:
 * each deletes an instance, and one must be created between them.
 */
static bool printed_already(struct event_reader *r, const struct event *e)
{
	if (r->flushed && e->ns == r->flushed_ns)
		return true;
	r->flushed = true;
	r->flushed_ns = e->ns;
	return false;
}

int event_print(struct nlmsghdr *nlh, struct event_reader *r)
{
	const struct event_kind *k = kind_of(nlh);
	struct event e;

	if (!k || !wanted(k, r->filter) || read_event(nlh, k, &e))
		return 0;
	if (k->object == OBJECT_NONE && printed_already(r, &e))
		return 0;
	return print_event(k, &e);
}
