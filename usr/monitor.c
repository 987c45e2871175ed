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
 * monitor bib, the mapping log, also says which entries are held when it
 * starts and again after the kernel dropped events it read too slowly: a
 * "bib-snapshot" line, then one "bib-held" line per entry (held.c).  So
 * a restart of the log, or a burst it could not keep up with, leaves a
 * gap with an end, not a log that names the wrong subscriber from then
 * on.
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
#include "held.h"
#include "json_print.h"
#include "nat64ctl.h"
#include "netlink.h"

/* follow() and its helpers: go on, or end with an exit code. */
#define GO_ON	(-1)
/* snapshot_once(): it could not be corrected, make it again. */
#define REDO	(-2)

#define EVENTS_LOST "events lost: the kernel dropped events, the reader was too slow (see events-lost in nat64ctl stats show)"
#define SNAPSHOT_FAILED "BIB snapshot failed: who holds what is not known until the next one"

/* A snapshot that cannot be corrected is made again, this many times. */
#define SNAPSHOT_TRIES	3
/* After lost events, a snapshot at most once in this time (ns): 1 min. */
#define SNAPSHOT_GAP	(60ULL * 1000000000ULL)
/* How long drain() waits for an event still on its way. */
#define DRAIN_GRACE_MS	20

struct monitor {
	struct event_reader reader;
	uint16_t family;	/* the nat64 family's id; 0 while unloaded */
	int fd;			/* the netlink socket */
	int sfd;		/* signalfd: SIGINT and SIGTERM */
	void *buf;		/* the datagram being read */
	size_t size;
	/* monitor bib: a snapshot is owed, and not before this time. */
	bool snapshot_owed;
	uint64_t snapshot_after;
	unsigned int snapshots;	/* made so far */
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
static int datagram(struct monitor *m, void *buf, size_t len)
{
	struct nlmsghdr *nlh = buf;
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

static int receive_failed_hard(int err)
{
	ctl_error("cannot read the netlink socket: %s", strerror(err));
	return EXIT_FAIL;
}

static bool stop_requested(const struct monitor *m)
{
	struct signalfd_siginfo si;

	return read(m->sfd, &si, sizeof(si)) == sizeof(si);
}

/* Until a datagram or a signal comes, or a snapshot owed is due. */
static void wait_for_input(const struct monitor *m)
{
	struct pollfd fds[] = {
		{ .fd = m->fd, .events = POLLIN },
		{ .fd = m->sfd, .events = POLLIN },
	};
	uint64_t now = event_now();
	int ms = -1;

	if (m->snapshot_owed)
		ms = m->snapshot_after > now ?
		     (m->snapshot_after - now) / 1000000 + 1 : 0;
	poll(fds, 2, ms);
}

/* The time of the first event in @d, 0 if it holds none. */
static uint64_t datagram_ns(const struct monitor *m, const struct datagram *d)
{
	struct nlmsghdr *nlh = d->buf;
	struct bib_entry e;
	int rem = d->len;
	uint64_t ns;

	for (; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem)) {
		if (!m->family || nlh->nlmsg_type != m->family)
			continue;
		event_bib_peek(nlh, &ns, &e);
		if (ns)
			return ns;
	}
	return 0;
}

static void free_datagrams(struct datagram *q, size_t nq)
{
	while (nq)
		free(q[--nq].buf);
	free(q);
}

/*
 * What the socket holds, copied into *@q (*@nq datagrams), up to the first
 * event after @until: 0; 1 if the kernel dropped events meanwhile
 * (ENOBUFS: what was read is in *@q all the same); -1 after saying why.
 */
static int drain(struct monitor *m, uint64_t until, struct datagram **q,
		 size_t *nq)
{
	struct pollfd pfd = { .fd = m->fd, .events = POLLIN };
	bool waited = false;
	size_t size = 0;
	struct datagram *g;
	ssize_t len;

	*q = NULL;
	*nq = 0;
	for (;;) {
		len = receive(m);
		if (len < 0 && errno == EINTR)
			continue;
		/*
		 * An event timed before @until may still be on its way from
		 * another CPU: a moment's grace for it, once.
		 */
		if (len < 0 && errno == EAGAIN && !waited) {
			waited = true;
			if (poll(&pfd, 1, DRAIN_GRACE_MS) > 0)
				continue;
		}
		if (len < 0 && errno == EAGAIN)
			return 0;
		if (len < 0 && errno == ENOBUFS)
			return 1;
		/* Closed: follow() will say so, after what came before. */
		if (!len)
			return 0;
		if (len < 0) {
			ctl_error("cannot read the netlink socket: %s",
				  strerror(errno));
			return -1;
		}
		if (*nq == size) {
			size = size ? 2 * size : 64;
			g = realloc(*q, size * sizeof(*g));
			if (!g)
				goto nomem;
			*q = g;
		}
		g = &(*q)[*nq];
		g->buf = malloc(len);
		if (!g->buf)
			goto nomem;
		memcpy(g->buf, m->buf, len);
		g->len = len;
		if (datagram_ns(m, &(*q)[(*nq)++]) > until)
			return 0;
	}
nomem:
	ctl_error("cannot keep the events of a snapshot: %s", strerror(ENOMEM));
	return -1;
}

/*
 * Whether @q holds what a dump cannot be corrected for: the state flushed
 * (instance deleted or replaced) or the module going or coming.
 */
static bool unsure(const struct monitor *m, const struct datagram *q,
		   size_t nq)
{
	struct nlmsghdr *nlh;
	struct bib_entry e;
	uint64_t ns;
	size_t i;
	int rem;

	for (i = 0; i < nq; i++) {
		nlh = q[i].buf;
		rem = q[i].len;
		for (; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem)) {
			if (nlh->nlmsg_type == GENL_ID_CTRL)
				return true;
			if (m->family && nlh->nlmsg_type == m->family &&
			    event_bib_peek(nlh, &ns, &e) == EVENT_FLUSHED)
				return true;
		}
	}
	return false;
}

/*
 * Everything queued, printed as it comes, until the socket is empty: after
 * ENOBUFS the kernel drops every event for us, without saying so again,
 * until we have read the whole queue, so a snapshot must not begin
 * before.  GO_ON or an exit code.
 */
static int catch_up(struct monitor *m)
{
	int ret = GO_ON;
	ssize_t len;

	while (ret == GO_ON) {
		len = receive(m);
		if (len > 0)
			ret = datagram(m, m->buf, len);
		else if (!len || errno == EAGAIN)
			break;	/* closed: follow() says so */
		else if (errno == ENOBUFS)
			ret = note("lost", EVENTS_LOST);
		else if (errno != EINTR)
			ret = receive_failed_hard(errno);
	}
	return ret;
}

/*
 * Where @q's datagrams come to @s0: the first whose first event is of
 * @s0 or later.  Those before are printed before the snapshot, the rest
 * after it, each part in the order it came.
 */
static size_t split_at(const struct monitor *m, const struct datagram *q,
		       size_t nq, uint64_t s0)
{
	uint64_t ns;
	size_t i;

	for (i = 0; i < nq; i++) {
		ns = datagram_ns(m, &q[i]);
		if (ns && ns >= s0)
			break;
	}
	return i;
}

/* @q[@from..@to), printed in order: GO_ON or an exit code. */
static int replay(struct monitor *m, const struct datagram *q, size_t from,
		  size_t to)
{
	int ret = GO_ON;

	for (; ret == GO_ON && from < to; from++)
		ret = datagram(m, q[from].buf, q[from].len);
	return ret;
}

/*
 * One try of a snapshot: REDO if it could not be corrected (events lost,
 * or flushed, or the module changed, while it was made), else GO_ON or an
 * exit code.
 */
static int snapshot_once(struct monitor *m)
{
	struct bib_entry *dump;
	struct datagram *q;
	size_t n, nq, at;
	int lost, ret;
	uint64_t s0;
	bool redo;

	ret = catch_up(m);
	if (ret != GO_ON)
		return ret;
	s0 = event_now();
	if (held_dump(&dump, &n))
		return note("bib-snapshot-failed", SNAPSHOT_FAILED);
	lost = drain(m, event_now(), &q, &nq);
	if (lost < 0) {
		free_datagrams(q, nq);
		free(dump);
		return EXIT_FAIL;
	}
	redo = lost || unsure(m, q, nq);
	at = split_at(m, q, nq, s0);
	ret = replay(m, q, 0, at);
	if (ret == GO_ON && !redo &&
	    held_print(s0, dump, n, q + at, nq - at, m->family))
		ret = EXIT_OK;	/* output lost: see note() */
	if (ret == GO_ON)
		ret = replay(m, q, at, nq);
	free_datagrams(q, nq);
	free(dump);
	if (ret == GO_ON && lost)
		ret = note("lost", EVENTS_LOST);
	return ret == GO_ON && redo ? REDO : ret;
}

/*
 * monitor bib: the entries held now (held.c), between the events that
 * came before and those after; made again if it could not be corrected,
 * SNAPSHOT_TRIES times at most.
 */
static int snapshot(struct monitor *m)
{
	int try, ret = REDO;

	for (try = 1; ret == REDO && try <= SNAPSHOT_TRIES; try++)
		ret = snapshot_once(m);
	if (ret == REDO)
		ret = note("bib-snapshot-failed", SNAPSHOT_FAILED);
	return ret;
}

/*
 * After lost events: a snapshot now, or, if one after an earlier loss was
 * made less than SNAPSHOT_GAP ago, when that time has passed (follow()),
 * so that a listener that keeps falling behind does not list a big BIB
 * again and again, and fall further behind.
 */
static void owe_snapshot(struct monitor *m)
{
	if (m->reader.filter == EVENTS_BIB)
		m->snapshot_owed = true;
}

static int snapshot_if_due(struct monitor *m)
{
	int ret;

	if (!m->snapshot_owed || event_now() < m->snapshot_after)
		return GO_ON;
	m->snapshot_owed = false;
	ret = snapshot(m);
	/* The one at the start does not hold off the first after a loss. */
	if (m->snapshots++)
		m->snapshot_after = event_now() + SNAPSHOT_GAP;
	return ret;
}

/* recv() failed with @err. */
static int receive_failed(struct monitor *m, int err)
{
	switch (err) {
	case EAGAIN:
		wait_for_input(m);
		return GO_ON;
	case EINTR:
		return GO_ON;
	case ENOBUFS:
		/* The kernel counted them in events-lost; we go on. */
		owe_snapshot(m);
		return note("lost", EVENTS_LOST);
	default:
		return receive_failed_hard(err);
	}
}

static int follow(struct monitor *m)
{
	ssize_t len;
	int ret = GO_ON;

	while (ret == GO_ON) {
		if (stop_requested(m))
			return EXIT_OK;
		ret = snapshot_if_due(m);
		if (ret != GO_ON)
			break;
		len = receive(m);
		if (len > 0) {
			ret = datagram(m, m->buf, len);
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

static int monitor(enum event_filter filter, unsigned int rcvbuf)
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
		m.fd = nat64_listen(groups_of(filter), rcvbuf, &m.family);
	/* monitor bib begins with a snapshot. */
	owe_snapshot(&m);
	if (m.sfd >= 0 && m.fd >= 0)
		ret = follow(&m);
	if (m.sfd >= 0)
		close(m.sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(m.buf);
	return ret;
}

/* The most "buffer" may ask for: 1 GiB, which the kernel doubles. */
#define MONITOR_BUFFER_MAX	(1U << 30)

/* "[ buffer BYTES ]" after the command @cmd; 0 or EXIT_USAGE. */
static int monitor_args(const char *cmd, int argc, char **argv,
			unsigned int *rcvbuf)
{
	*rcvbuf = 0;
	if (argc && !strcmp(argv[0], "buffer")) {
		if (argc < 2) {
			parse_fail("%s buffer needs a size in bytes", cmd);
			return ctl_usage_error();
		}
		if (parse_uint("buffer", argv[1], 1, MONITOR_BUFFER_MAX,
			       rcvbuf))
			return ctl_usage_error();
		argc -= 2;
		argv += 2;
	}
	if (!argc)
		return 0;
	parse_fail("%s takes only buffer BYTES, not '%s'", cmd,
		   parse_quote(argv[0]));
	return ctl_usage_error();
}

static int monitor_run(const char *cmd, enum event_filter filter, int argc,
		       char **argv)
{
	unsigned int rcvbuf;

	if (monitor_args(cmd, argc, argv, &rcvbuf))
		return EXIT_USAGE;
	return monitor(filter, rcvbuf);
}

static int monitor_all(int argc, char **argv)
{
	return monitor_run("monitor all", EVENTS_ALL, argc, argv);
}

static int monitor_bib(int argc, char **argv)
{
	return monitor_run("monitor bib", EVENTS_BIB, argc, argv);
}

static int monitor_session(int argc, char **argv)
{
	return monitor_run("monitor session", EVENTS_SESSION, argc, argv);
}

static void monitor_usage(FILE *fp)
{
	fprintf(fp,
		"Usage: nat64ctl monitor [ all | bib | session ] [ buffer BYTES ]\n"
		"       nat64ctl monitor help\n"
		"Prints BIB entries and sessions as they are created and as they end, one\n"
		"line each (-j: one JSON object per line), until interrupted; bib or session\n"
		"only those; monitor bib also lists the BIB as it is at its start and after\n"
		"lost events.  buffer: the socket's receive buffer (default 4 MiB).  Needs\n"
		"CAP_NET_ADMIN.\n");
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
