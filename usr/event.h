/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The events of the nat64 "bib" and "session" groups as nat64ctl monitor
 * prints them:
 * one line per event (with -j one JSON object per line), which starts with
 * the event's time and names the event, then the BIB entry or session the
 * way "bib show" and "session show" print it, then why it ended:
 *
 *	2026-12-04T01:02:09.000001Z bib-end tcp [2001:db8::5]:40000
 *		192.0.2.1:61000 expired
 *
 * on one line.  JSON has the keys time, time-ns, event, those of the
 * object in "bib show -j" or "session show -j" (without sessions and
 * expires-ms) and reason.
 */
#ifndef NAT64CTL_EVENT_H
#define NAT64CTL_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/netlink.h>

/*
 * Which events are printed; every filter prints flushes and notes.
 * monitor joins only the groups of its filter, so that the kernel builds
 * no others; the filter is applied all the same, so that what is printed
 * never depends on what the socket happens to be sent.
 */
enum event_filter {
	EVENTS_ALL,
	EVENTS_BIB,
	EVENTS_SESSION,
};

/* One run's reading of events: what it prints, and what it printed. */
struct event_reader {
	enum event_filter filter;
	/*
	 * The time of the last flush printed, if any: a listener to both
	 * groups gets each flush twice, copies with the same time
	 * (include/nat64.h), and prints it once.
	 */
	bool flushed;
	uint64_t flushed_ns;
};

/* What a flush of the state and an unloaded module both mean. */
#define EVENT_ALL_ENDED		"every BIB entry and session ended"

/* Room for "2026-12-04T01:02:03.123456Z" and then some. */
#define EVENT_TIME_STRLEN	40

/* @ns of CLOCK_REALTIME in RFC 3339, UTC, to the microsecond. */
const char *event_time(uint64_t ns, char *buf, size_t size);
/* CLOCK_REALTIME now, in nanoseconds: the time of monitor's own notes. */
uint64_t event_now(void);
/* A reason's name (NAT64_END_REASONS), or "reason-N" if unknown. */
const char *event_reason_name(unsigned int reason);

/*
 * Prints the event that @nlh, a message of the nat64 family, carries if
 * @r's filter wants it and it is not the copy of the flush printed last.
 * A command that is not an event we know is skipped; so is a malformed
 * event, after an error message.  Returns 0, or -1 if the output could
 * not be written.
 */
int event_print(struct nlmsghdr *nlh, struct event_reader *r);

/*
 * A line of monitor's own (events lost, module unloaded...) at @ns: @event
 * is its JSON "event", @text what follows the time in text.  Returns 0,
 * or -1 if the output could not be written.
 */
int event_print_note(uint64_t ns, const char *event, const char *text);

struct bib_entry;

/* Which BIB event @nlh, a message of the nat64 family, is, if any. */
enum event_bib {
	EVENT_BIB_NONE,		/* another message, or a malformed one */
	EVENT_BIB_NEW,
	EVENT_BIB_END,
	EVENT_FLUSHED,		/* the whole state ended */
};

/*
 * The kind of BIB event @nlh carries, with its time in *@ns and its entry
 * in *@e, without printing anything (monitor's snapshot, held.c).  The
 * time of any other event goes to *@ns too (0 if it has none).
 */
enum event_bib event_bib_peek(struct nlmsghdr *nlh, uint64_t *ns,
			      struct bib_entry *e);

/*
 * "<time> bib-held tcp [2001:db8::5]:40000 192.0.2.1:61000": @e was held
 * at @ns (held.c).  Returns 0, or -1 if the output could not be written.
 */
int event_print_held(uint64_t ns, const struct bib_entry *e);

#endif /* NAT64CTL_EVENT_H */
