// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl monitor [ all | bib | session ]: the state as it changes, one
 * line per event (event.c), until SIGINT or SIGTERM.
 *
 * The socket joins the nat64 groups of the objects asked for: "bib" for
 * monitor bib, "session" for monitor session, both for monitor (all).  A
 * group nobody listens to costs the kernel nothing, so the mapping log
 * (monitor bib) has it build one event per new flow, not two.  A flush
 * comes from both groups, and is printed once (event.c).
 *
 * Besides those, the socket listens to the generic netlink controller,
 * which says when the module is unloaded (every entry ended with it) and
 * loaded again; the new module's groups are then joined, whatever their
 * ids.  If the module is not loaded at the start, monitor fails like
 * every other command: it is not worth a wait that could last forever
 * because of a typo in a unit file.
 *
 * Signals are read from a signalfd and checked before each datagram, so
 * that a stream of events that never lets the socket go idle cannot hold
 * off SIGTERM, and that one arriving while we wait ends the wait.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <linux/genetlink.h>

#include <netlink/msg.h>

#include "event.h"
#include "json_print.h"
#include "nat64ctl.h"
#include "netlink.h"

/* follow() and its helpers: go on, or end with an exit code. */
#define GO_ON	(-1)

struct monitor {
	struct event_reader reader;
	uint16_t family;	/* the nat64 family's id; 0 while unloaded */
	int fd;			/* the netlink socket */
	int sfd;		/* signalfd: SIGINT and SIGTERM */
	void *buf;		/* the datagram being read */
	size_t size;
};

/*
 * A line of our own, timed now.  Output that cannot be written ends the
 * run "successfully": run() then finds the error again in print_end(),
 * says so and exits with EXIT_FAIL.
 */
static int note(const char *event, const char *text)
{
	return event_print_note(event_now(), event, text) ? EXIT_OK : GO_ON;
}

static int family_change(struct monitor *m, struct nlmsghdr *nlh)
{
	switch (nat64_family_change(nlh, &m->family)) {
	case NAT64_FAMILY_OTHER:
		return GO_ON;
	case NAT64_FAMILY_GONE:
		return note("module-unloaded",
			    "module unloaded: " EVENT_ALL_ENDED);
	case NAT64_FAMILY_BACK:
		return note("module-loaded", "module loaded");
	default:
		return EXIT_FAIL;
	}
}

/* Each message: an event, a controller notification, or none of ours. */
static int datagram(struct monitor *m, ssize_t len)
{
	struct nlmsghdr *nlh = m->buf;
	int rem = len, ret = GO_ON;

	for (; ret == GO_ON && nlmsg_ok(nlh, rem);
	     nlh = nlmsg_next(nlh, &rem)) {
		if (nlh->nlmsg_type == GENL_ID_CTRL)
			ret = family_change(m, nlh);
		else if (m->family && nlh->nlmsg_type == m->family &&
			 event_print(nlh, &m->reader))
			ret = EXIT_OK;	/* output lost: see note() */
	}
	return ret;
}

/*
 * The next datagram, whole in m->buf however big: its length, 0 if the
 * socket has closed, or -1 with errno (EAGAIN: none yet).
 */
static ssize_t receive(struct monitor *m)
{
	ssize_t len = recv(m->fd, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
	void *buf;

	if (len <= 0)
		return len;
	if ((size_t)len > m->size) {
		buf = realloc(m->buf, len);
		if (!buf) {
			errno = ENOMEM;
			return -1;
		}
		m->buf = buf;
		m->size = len;
	}
	return recv(m->fd, m->buf, m->size, MSG_DONTWAIT);
}

static bool stop_requested(const struct monitor *m)
{
	struct signalfd_siginfo si;

	return read(m->sfd, &si, sizeof(si)) == sizeof(si);
}

/* Until a datagram or a signal comes. */
static void wait_for_input(const struct monitor *m)
{
	struct pollfd fds[] = {
		{ .fd = m->fd, .events = POLLIN },
		{ .fd = m->sfd, .events = POLLIN },
	};

	poll(fds, 2, -1);
}

/* recv() failed with @err. */
static int receive_failed(const struct monitor *m, int err)
{
	switch (err) {
	case EAGAIN:
		wait_for_input(m);
		return GO_ON;
	case EINTR:
		return GO_ON;
	case ENOBUFS:
		/* The kernel counted them in events-lost; we go on. */
		return note("lost",
			    "events lost: the kernel dropped events, the reader was too slow (see events-lost in nat64ctl stats show)");
	default:
		ctl_error("cannot read the netlink socket: %s", strerror(err));
		return EXIT_FAIL;
	}
}

static int follow(struct monitor *m)
{
	ssize_t len;
	int ret = GO_ON;

	while (ret == GO_ON) {
		if (stop_requested(m))
			return EXIT_OK;
		len = receive(m);
		if (len > 0) {
			ret = datagram(m, len);
		} else if (!len) {
			ctl_error("the netlink socket was closed");
			ret = EXIT_FAIL;
		} else {
			ret = receive_failed(m, errno);
		}
	}
	return ret;
}

/* The groups whose events @filter prints: only those are sent to us. */
static unsigned int groups_of(enum event_filter filter)
{
	switch (filter) {
	case EVENTS_BIB:
		return NAT64_LISTEN_BIB;
	case EVENTS_SESSION:
		return NAT64_LISTEN_SESSION;
	default:
		return NAT64_LISTEN_BIB | NAT64_LISTEN_SESSION;
	}
}

static int monitor(enum event_filter filter)
{
	struct monitor m = { .reader.filter = filter };
	sigset_t stop, old;
	int ret = EXIT_FAIL;

	/* Blocked from the start: a signal during setup ends it cleanly. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &old);
	m.sfd = signalfd(-1, &stop, SFD_NONBLOCK | SFD_CLOEXEC);
	if (m.sfd < 0)
		ctl_error("cannot watch for signals: %s", strerror(errno));
	else
		m.fd = nat64_listen(groups_of(filter), &m.family);
	if (m.sfd >= 0 && m.fd >= 0)
		ret = follow(&m);
	if (m.sfd >= 0)
		close(m.sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(m.buf);
	return ret;
}

static int monitor_all(int argc, char **argv)
{
	if (ctl_no_args("monitor all", argc, argv))
		return EXIT_USAGE;
	return monitor(EVENTS_ALL);
}

static int monitor_bib(int argc, char **argv)
{
	if (ctl_no_args("monitor bib", argc, argv))
		return EXIT_USAGE;
	return monitor(EVENTS_BIB);
}

static int monitor_session(int argc, char **argv)
{
	if (ctl_no_args("monitor session", argc, argv))
		return EXIT_USAGE;
	return monitor(EVENTS_SESSION);
}

static void monitor_usage(FILE *fp)
{
	fprintf(fp,
		"Usage: nat64ctl monitor [ all | bib | session ]\n"
		"       nat64ctl monitor help\n"
		"Prints BIB entries and sessions as they are created and as they end, one\n"
		"line each (-j: one JSON object per line), until interrupted; bib or session\n"
		"only those.  Needs CAP_NET_ADMIN.\n");
}

static const struct ctl_cmd monitor_cmds[] = {
	{ "all", monitor_all },
	{ "bib", monitor_bib },
	{ "session", monitor_session },
	{ NULL, NULL },
};

const struct ctl_object ctl_object_monitor = {
	.name = "monitor",
	.usage = monitor_usage,
	.cmds = monitor_cmds,
	.default_cmd = "all",
};
