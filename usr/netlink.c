// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing for nat64ctl (see netlink.h).
 *
 * libnl 3.7 sends and receives, but we read every incoming message
 * ourselves from the NL_CB_MSG_IN callback and return NL_SKIP, so that
 * libnl's own handling of errors, sequence numbers and interrupted dumps
 * never runs.  That is what lets us:
 *  - keep the kernel's errno (libnl turns it into its own error codes);
 *  - read the extended ACK TLVs (libnl 3.7 has no API for them) from
 *    NLMSG_ERROR and from NLMSG_DONE, where a failing dump reports;
 *  - see NLM_F_DUMP_INTR and restart the dump.
 * Each nl_recvmsgs() call then handles one datagram; we loop until the
 * ACK, the error or the end of the dump arrives.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <netlink/genl/genl.h>

#include <nat64.h>

#include "nat64ctl.h"
#include "netlink.h"
#include "parse.h"

#include "array_size.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

#define NETNS_RUN_DIR	"/run/netns"

/* The controller's own family and the group of its notifications. */
#define CTRL_NAME	"nlctrl"
#define CTRL_NOTIFY	"notify"

/*
 * libnl's send buffer, and what netlink_sendmsg() keeps of the buffer for
 * itself: a request may be at most the buffer less this (see fit_sndbuf()).
 */
#define SNDBUF_DEFAULT	32768
#define SNDBUF_SLACK	32

/*
 * The nat64 event groups, in the order of their NAT64_LISTEN_* bits: one
 * per kind of object, so that a listener to one kind (the mapping log
 * wants BIB entries only) does not make the module build the other's.
 */
static const char *const nat64_groups[] = {
	NAT64_GENL_MCGRP_BIB,
	NAT64_GENL_MCGRP_SESSION,
};

#define NAT64_GROUPS	ARRAY_SIZE(nat64_groups)

_Static_assert(NAT64_LISTEN_BIB == 1U << 0 &&
	       NAT64_LISTEN_SESSION == 1U << 1,
	       "nat64_groups[] is in the order of the NAT64_LISTEN_* bits");

/* The most groups a family lookup asks for: ours. */
#define MAX_GROUPS	NAT64_GROUPS

static struct {
	struct nl_sock *sk;
	int family;		/* 0 until resolved */
	/* The ids of its groups, as nat64_groups[]; 0 for one it lacks. */
	uint32_t group[NAT64_GROUPS];
	unsigned int listening;	/* NAT64_LISTEN_*: joined, again on reload */
	bool failed;		/* opening failed and was reported */
} nl;

/* One request and what came back for it. */
struct exchange {
	struct nl_sock *sk;	/* NULL: nl.sk */
	uint32_t seq;
	nat64_reply_cb cb;
	void *arg;
	unsigned int seen;	/* messages read by the last nl_recvmsgs() */
	bool done;		/* ACK, error or NLMSG_DONE arrived */
	bool intr;		/* NLM_F_DUMP_INTR: dump inconsistent */
	bool cb_failed;		/* @cb refused a reply (and said why) */
	struct nat64_ack ack;	/* the kernel's answer */
};

/* Keeps the kernel's message printable: no control characters, no '\n'. */
static void copy_message(char *dst, size_t size, const char *src, size_t len)
{
	size_t i;

	if (len >= size)
		len = size - 1;
	for (i = 0; i < len; i++) {
		unsigned char c = src[i];

		dst[i] = (c < 0x20 || c == 0x7f) ? ' ' : c;
	}
	while (i && dst[i - 1] == ' ')
		i--;
	dst[i] = '\0';
}

/* The extended ACK attributes (NLMSGERR_ATTR_*) at @data. */
static void read_ext_ack(struct nat64_ack *ack, void *data, size_t len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { NULL };
	struct nlattr *a;

	if (nla_parse(tb, NLMSGERR_ATTR_MAX, data, len, NULL) < 0)
		return;
	a = tb[NLMSGERR_ATTR_MSG];
	if (a)
		copy_message(ack->msg, sizeof(ack->msg), nla_data(a),
			     strnlen(nla_data(a), nla_len(a)));
	a = tb[NLMSGERR_ATTR_MISS_TYPE];
	if (a && nla_len(a) >= (int)sizeof(uint32_t)) {
		ack->has_miss = true;
		ack->miss_type = nla_get_u32(a);
	}
	a = tb[NLMSGERR_ATTR_OFFS];
	if (a && nla_len(a) >= (int)sizeof(uint32_t)) {
		ack->has_offs = true;
		ack->offs = nla_get_u32(a);
	}
}

/*
 * NLMSG_ERROR: struct nlmsgerr, then the request we sent (only its header
 * if the ACK is capped: we ask for that, but older kernels ignore it),
 * then the extack TLVs if NLM_F_ACK_TLVS says there are some.
 */
static void read_ack(struct exchange *ex, struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t len = nlh->nlmsg_len;
	size_t off;

	if (len < NLMSG_LENGTH(sizeof(*e))) {
		ex->ack.error = -EBADMSG;
		return;
	}
	ex->ack.error = e->error > 0 ? -e->error : e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = NLMSG_HDRLEN + sizeof(e->error);
	if (nlh->nlmsg_flags & NLM_F_CAPPED)
		off += sizeof(e->msg);
	else
		off += NLMSG_ALIGN((size_t)e->msg.nlmsg_len);
	if (off < len)
		read_ext_ack(&ex->ack, (char *)nlh + off, len - off);
}

/* NLMSG_DONE: an int (the dump's error, if any), then extack TLVs. */
static void read_done(struct exchange *ex, struct nlmsghdr *nlh)
{
	size_t len = nlh->nlmsg_len;
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));
	int error;

	if (len < NLMSG_LENGTH(sizeof(int)))
		return;
	memcpy(&error, NLMSG_DATA(nlh), sizeof(error));
	ex->ack.error = error > 0 ? -error : error;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && off < len)
		read_ext_ack(&ex->ack, (char *)nlh + off, len - off);
}

static int msg_in(struct nl_msg *msg, void *arg)
{
	struct exchange *ex = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	ex->seen++;
	/* A late answer to an earlier request is not ours to read. */
	if (ex->done || nlh->nlmsg_seq != ex->seq)
		return NL_SKIP;
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		ex->intr = true;

	switch (nlh->nlmsg_type) {
	case NLMSG_NOOP:
		break;
	case NLMSG_ERROR:
		read_ack(ex, nlh);
		ex->done = true;
		break;
	case NLMSG_DONE:
		read_done(ex, nlh);
		ex->done = true;
		break;
	case NLMSG_OVERRUN:
		ex->ack.error = -ENOBUFS;
		ex->done = true;
		break;
	default:
		/* After a bad reply keep reading, to leave the socket clean. */
		if (ex->cb && !ex->cb_failed && ex->cb(nlh, ex->arg))
			ex->cb_failed = true;
	}
	return NL_SKIP;
}

/*
 * Netlink refuses a request longer than the socket's send buffer (less a
 * little), and libnl sets that to 32 KiB, which the kernel doubles: room
 * for most, not all, of the configurations nat64ctl apply sends.  A
 * longer request gets a buffer of its own size, up to wmem_max; past that
 * the buffer is forced, which takes CAP_NET_ADMIN (as every change does).
 * Both are only tries: if the buffer stays short, the send fails with
 * EMSGSIZE and the caller says so.
 */
static void fit_sndbuf(size_t len)
{
	int fd = nl_socket_get_fd(nl.sk), want, have = 0;
	socklen_t size = sizeof(have);

	if (len <= SNDBUF_DEFAULT || len > INT_MAX / 2)
		return;
	want = len;
	nl_socket_set_buffer_size(nl.sk, 0, want);
	if (fd < 0 || (!getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &have, &size) &&
		       have >= want + SNDBUF_SLACK))
		return;
	setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &want, sizeof(want));
}

/*
 * Sends @msg (freeing it) and reads until the request is answered.  A
 * request too long for the socket is answered EMSGSIZE, as if the kernel
 * had said so in an ACK: callers explain it like other refusals.
 */
static int exchange(struct nl_msg *msg, struct exchange *ex)
{
	struct nl_sock *sk = ex->sk ? ex->sk : nl.sk;
	struct nl_cb *cb;
	int err;

	if (sk == nl.sk)
		fit_sndbuf(nlmsg_hdr(msg)->nlmsg_len);
	err = nl_send_auto(sk, msg);
	ex->seq = nlmsg_hdr(msg)->nlmsg_seq;
	nlmsg_free(msg);
	if (err == -NLE_MSGSIZE) {
		ex->ack.error = -EMSGSIZE;
		ex->done = true;
		return 0;
	}
	if (err < 0) {
		ctl_error("cannot send the netlink request: %s",
			  nl_geterror(err));
		return -1;
	}

	cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!cb) {
		ctl_error("%s", strerror(ENOMEM));
		return -1;
	}
	nl_cb_set(cb, NL_CB_MSG_IN, NL_CB_CUSTOM, msg_in, ex);
	while (!ex->done) {
		ex->seen = 0;
		err = nl_recvmsgs(sk, cb);
		if (err < 0 || !ex->seen) {
			ctl_error("cannot read the netlink reply: %s",
				  err < 0 ? nl_geterror(err) : "no answer");
			break;
		}
	}
	nl_cb_put(cb);
	return ex->done ? 0 : -1;
}

/*
 * Why the kernel said no: its extack message, or else strerror() with a
 * hint when we can tell more (@hints: for requests to nat64 itself).
 */
static const char *reason(const struct nat64_ack *ack, bool hints, char *buf,
			  size_t size)
{
	if (ack->msg[0])
		return ack->msg;
	if (hints && ack->error == -EPERM)
		snprintf(buf, size,
			 "%s (changing the nat64 configuration or showing its BIB and sessions needs CAP_NET_ADMIN)",
			 strerror(EPERM));
	else if (hints && ack->error == -EOPNOTSUPP)
		snprintf(buf, size,
			 "%s (the nat64 module is older than this nat64ctl)",
			 strerror(EOPNOTSUPP));
	else if (hints && ack->has_miss)
		snprintf(buf, size, "%s (the kernel wants attribute %u)",
			 strerror(-ack->error), ack->miss_type);
	else
		snprintf(buf, size, "%s", strerror(-ack->error));
	return buf;
}

const char *nat64_ack_reason(const struct nat64_ack *ack, char *buf,
			     size_t size)
{
	return reason(ack, true, buf, size);
}

/* "Error: <reason>." */
static void report(const struct nat64_ack *ack)
{
	char buf[256];

	ctl_error("%s", reason(ack, true, buf, sizeof(buf)));
}

static int enter_netns(const char *name)
{
	char path[sizeof(NETNS_RUN_DIR) + 256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ctl_error("cannot open network namespace \"%s\": %s",
			  parse_quote(name), strerror(errno));
		return -1;
	}
	if (setns(fd, CLONE_NEWNET)) {
		ctl_error("cannot enter network namespace \"%s\": %s",
			  parse_quote(name), strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* A family as the controller describes it, in a reply or a notification. */
struct family {
	uint16_t id;
	uint32_t version;
	/* The ids of the multicast groups asked for, in order; 0: none. */
	uint32_t group[MAX_GROUPS];
};

/* The id of the multicast group @name in CTRL_ATTR_MCAST_GROUPS, or 0. */
static uint32_t find_group(struct nlattr *groups, const char *name)
{
	struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1], *g, *id;
	int rem;

	if (!groups)
		return 0;
	nla_for_each_nested(g, groups, rem) {
		if (nla_parse_nested(tb, CTRL_ATTR_MCAST_GRP_MAX, g, NULL) < 0)
			continue;
		id = tb[CTRL_ATTR_MCAST_GRP_ID];
		if (tb[CTRL_ATTR_MCAST_GRP_NAME] && id &&
		    nla_len(id) == (int)sizeof(uint32_t) &&
		    !nla_strcmp(tb[CTRL_ATTR_MCAST_GRP_NAME], name))
			return nla_get_u32(id);
	}
	return 0;
}

/*
 * CTRL_CMD_NEWFAMILY, as a reply or a notification, with the ids of the
 * @ngroups (at most MAX_GROUPS) multicast groups named @groups.
 */
static int parse_family(struct nlmsghdr *nlh, const char *const *groups,
			unsigned int ngroups, struct family *f)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	unsigned int i;

	if (genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_ID] ||
	    nla_len(tb[CTRL_ATTR_FAMILY_ID]) < (int)sizeof(uint16_t)) {
		ctl_error("malformed reply from the generic netlink controller");
		return -1;
	}
	f->id = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	f->version = 0;
	if (tb[CTRL_ATTR_VERSION] &&
	    nla_len(tb[CTRL_ATTR_VERSION]) >= (int)sizeof(uint32_t))
		f->version = nla_get_u32(tb[CTRL_ATTR_VERSION]);
	memset(f->group, 0, sizeof(f->group));
	for (i = 0; i < ngroups && i < MAX_GROUPS; i++)
		f->group[i] = find_group(tb[CTRL_ATTR_MCAST_GROUPS],
					 groups[i]);
	return 0;
}

/* A family lookup: the groups wanted, and what the controller said. */
struct lookup {
	const char *const *groups;
	unsigned int ngroups;
	struct family f;
	bool got;
};

static int family_reply(struct nlmsghdr *nlh, void *arg)
{
	struct lookup *l = arg;

	if (parse_family(nlh, l->groups, l->ngroups, &l->f))
		return -1;
	l->got = true;
	return 0;
}

/*
 * Asks the controller for family @name and the ids of its @ngroups
 * multicast groups named @groups.  Returns 0, -ENOENT (unsaid) if there
 * is no such family, or -1 after an error.
 */
static int lookup_family(const char *name, const char *const *groups,
			 unsigned int ngroups, struct family *f)
{
	struct lookup l = { .groups = groups, .ngroups = ngroups };
	struct exchange ex = { .cb = family_reply, .arg = &l };
	struct nl_msg *msg;
	char buf[256];

	msg = nlmsg_alloc();
	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL,
				 0, NLM_F_ACK, CTRL_CMD_GETFAMILY, 1) ||
	    nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, name) < 0) {
		if (msg)
			nlmsg_free(msg);
		ctl_error("%s", strerror(ENOMEM));
		return -1;
	}
	if (exchange(msg, &ex) || ex.cb_failed)
		return -1;
	if (ex.ack.error == -ENOENT)
		return -ENOENT;
	if (ex.ack.error || !l.got) {
		if (!ex.ack.error)
			ex.ack.error = -EBADMSG;
		ctl_error("cannot look up generic netlink family \"%s\": %s",
			  name, reason(&ex.ack, false, buf, sizeof(buf)));
		return -1;
	}
	*f = l.f;
	return 0;
}

static int check_version(uint32_t version)
{
	if (version == NAT64_GENL_VERSION)
		return 0;
	ctl_error("the nat64 module speaks netlink version %u but nat64ctl speaks version %u; install matching versions",
		  version, NAT64_GENL_VERSION);
	return -1;
}

/* Our family: absent means no module loaded. */
static int resolve_family(void)
{
	struct family f;
	int err;

	err = lookup_family(NAT64_GENL_NAME, nat64_groups, NAT64_GROUPS, &f);
	if (err == -ENOENT)
		ctl_error("nat64 module not loaded (generic netlink family \"%s\" not found)",
			  NAT64_GENL_NAME);
	if (err || check_version(f.version))
		return -1;
	nl.family = f.id;
	memcpy(nl.group, f.group, sizeof(nl.group));
	return 0;
}

static void sk_flag(struct nl_sock *sk, int option)
{
	int one = 1;

	/* Kernels before 4.12 lack these; they then send plain errors. */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, option, &one,
		   sizeof(one));
}

static void set_flag(int option)
{
	sk_flag(nl.sk, option);
}

/* A generic netlink socket set up for requests; NULL after saying why. */
static struct nl_sock *request_socket(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	int err;

	if (!sk) {
		ctl_error("%s", strerror(ENOMEM));
		return NULL;
	}
	err = genl_connect(sk);
	if (err < 0) {
		ctl_error("cannot open a generic netlink socket: %s",
			  nl_geterror(err));
		nl_socket_free(sk);
		return NULL;
	}
	sk_flag(sk, NETLINK_EXT_ACK);
	/* We never need our request echoed back in an error. */
	sk_flag(sk, NETLINK_CAP_ACK);
	/* We ask for ACKs ourselves: none for dumps, which end in DONE. */
	nl_socket_disable_auto_ack(sk);
	/* Read each datagram whole, however big the kernel made it. */
	nl_socket_enable_msg_peek(sk);
	return sk;
}

static int nat64_open(void)
{
	if (nl.family)
		return 0;
	if (nl.failed)
		return -1;
	nl.failed = true;
	if (ctl_opts.netns && enter_netns(ctl_opts.netns))
		return -1;
	nl.sk = request_socket();
	if (!nl.sk || resolve_family())
		return -1;
	nl.failed = false;
	return 0;
}

void nat64_close(void)
{
	if (nl.sk)
		nl_socket_free(nl.sk);
	memset(&nl, 0, sizeof(nl));
}

/* @size: room for the whole message; 0 for libnl's default, a page. */
static struct nl_msg *new_msg(uint8_t cmd, int flags, size_t size)
{
	struct nl_msg *msg;

	if (nat64_open())
		return NULL;
	msg = size ? nlmsg_alloc_size(size) : nlmsg_alloc();
	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl.family, 0,
				 flags, cmd, NAT64_GENL_VERSION)) {
		if (msg)
			nlmsg_free(msg);
		ctl_error("%s", strerror(ENOMEM));
		return NULL;
	}
	return msg;
}

struct nl_msg *nat64_msg(uint8_t cmd)
{
	return new_msg(cmd, NLM_F_ACK, 0);
}

struct nl_msg *nat64_msg_size(uint8_t cmd, size_t size)
{
	return new_msg(cmd, NLM_F_ACK, size);
}

int nat64_msg_abort(struct nl_msg *msg)
{
	nlmsg_free(msg);
	ctl_error("cannot build the netlink request: %s", strerror(EMSGSIZE));
	return EXIT_FAIL;
}

int nat64_request_ack(struct nl_msg *msg, nat64_reply_cb cb, void *arg,
		      struct nat64_ack *ack)
{
	struct exchange ex = { .cb = cb, .arg = arg };

	memset(ack, 0, sizeof(*ack));
	if (exchange(msg, &ex) || ex.cb_failed)
		return EXIT_FAIL;
	*ack = ex.ack;
	return ack->error ? EXIT_FAIL : EXIT_OK;
}

int nat64_request(struct nl_msg *msg, nat64_reply_cb cb, void *arg)
{
	struct nat64_ack ack;
	int ret = nat64_request_ack(msg, cb, arg, &ack);

	if (ack.error) {
		report(&ack);
		return ret;
	}
	/* An ACK may carry a warning; say it, the request still worked. */
	if (!ret && ack.msg[0])
		ctl_warning("%s", ack.msg);
	return ret;
}

int nat64_dump_once(uint8_t cmd, nat64_fill_cb fill, nat64_reply_cb cb,
		    void *arg, bool *intr)
{
	struct exchange ex = { .cb = cb, .arg = arg };
	struct nl_msg *msg = new_msg(cmd, NLM_F_DUMP, 0);

	if (!msg)
		return EXIT_FAIL;
	if (fill && fill(msg, arg) < 0)
		return nat64_msg_abort(msg);
	if (exchange(msg, &ex) || ex.cb_failed)
		return EXIT_FAIL;
	if (ex.ack.error) {
		report(&ex.ack);
		return EXIT_FAIL;
	}
	*intr = ex.intr;
	return EXIT_OK;
}

int nat64_dump_ack(uint8_t cmd, nat64_reply_cb cb, void *arg,
		   struct nat64_ack *ack)
{
	struct exchange ex = { .cb = cb, .arg = arg };
	struct nl_msg *msg;
	int ret = EXIT_FAIL;

	memset(ack, 0, sizeof(*ack));
	/*
	 * A socket of its own: nl.sk may be a listener (monitor), whose
	 * events a dump on it would read past and lose.
	 */
	ex.sk = request_socket();
	if (!ex.sk)
		return EXIT_FAIL;
	msg = new_msg(cmd, NLM_F_DUMP, 0);
	if (msg && !exchange(msg, &ex) && !ex.cb_failed) {
		*ack = ex.ack;
		ret = ack->error ? EXIT_FAIL : EXIT_OK;
	}
	nl_socket_free(ex.sk);
	return ret;
}

int nat64_dump(uint8_t cmd, nat64_fill_cb fill, nat64_reply_cb cb,
	       void (*restart)(void *arg), void *arg)
{
	bool intr;
	int try;

	for (try = 1; try <= NAT64_DUMP_TRIES; try++) {
		if (try > 1)
			restart(arg);
		if (nat64_dump_once(cmd, fill, cb, arg, &intr))
			return EXIT_FAIL;
		if (!intr)
			return EXIT_OK;
		if (!restart) {
			ctl_warning("the table changed while it was read; entries may be missing or shown twice");
			return EXIT_OK;
		}
	}
	ctl_error("the table kept changing while it was read (%d tries); try again",
		  NAT64_DUMP_TRIES);
	return EXIT_FAIL;
}

/* nat64_malformed() says nothing: a message read twice is reported once. */
static bool malformed_quiet;

void nat64_malformed_quiet(bool quiet)
{
	malformed_quiet = quiet;
}

int nat64_malformed(const char *what)
{
	if (!malformed_quiet)
		ctl_error("malformed reply from the nat64 module: missing or bad %s",
			  what);
	return -1;
}

int nat64_reply_nest(struct nlmsghdr *nlh, int attr, struct nlattr **tb,
		     int max)
{
	struct nlattr *top[NAT64_A_MAX + 1];

	if (genlmsg_parse(nlh, 0, top, NAT64_A_MAX, NULL) < 0 || !top[attr] ||
	    nla_parse_nested(tb, max, top[attr], NULL) < 0)
		return nat64_malformed("top-level attribute");
	return 0;
}

/* The attribute, if present and exactly @len long. */
static struct nlattr *get(struct nlattr **tb, int type, size_t len)
{
	struct nlattr *a = tb[type];

	return a && nla_len(a) == (int)len ? a : NULL;
}

int nat64_get_u8(struct nlattr **tb, int type, const char *what, uint8_t *v)
{
	struct nlattr *a = get(tb, type, sizeof(*v));

	if (!a)
		return nat64_malformed(what);
	*v = nla_get_u8(a);
	return 0;
}

int nat64_get_u16(struct nlattr **tb, int type, const char *what,
		  uint16_t *v)
{
	struct nlattr *a = get(tb, type, sizeof(*v));

	if (!a)
		return nat64_malformed(what);
	*v = nla_get_u16(a);
	return 0;
}

int nat64_get_u32(struct nlattr **tb, int type, const char *what,
		  uint32_t *v)
{
	struct nlattr *a = get(tb, type, sizeof(*v));

	if (!a)
		return nat64_malformed(what);
	*v = nla_get_u32(a);
	return 0;
}

int nat64_get_u64(struct nlattr **tb, int type, const char *what,
		  uint64_t *v)
{
	struct nlattr *a = get(tb, type, sizeof(*v));

	if (!a)
		return nat64_malformed(what);
	*v = nla_get_u64(a);
	return 0;
}

int nat64_get_bin(struct nlattr **tb, int type, const char *what, void *buf,
		  size_t len)
{
	struct nlattr *a = get(tb, type, len);

	if (!a)
		return nat64_malformed(what);
	memcpy(buf, nla_data(a), len);
	return 0;
}

/*
 * A burst of events (a pool4 change ending thousands of sessions) must
 * not overflow the default buffer of a few hundred KiB.  Forcing past
 * rmem_max takes CAP_NET_ADMIN, which joining an event group takes too;
 * without it the plain option gets what rmem_max allows.
 */
static void grow_rcvbuf(int fd, unsigned int rcvbuf)
{
	int size = rcvbuf ? rcvbuf : NAT64_LISTEN_RCVBUF;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
}

/* Joins @owner's group @name (for errors: "the nat64", "bib"). */
static int join(uint32_t group, const char *owner, const char *name)
{
	int err = nl_socket_add_membership(nl.sk, group);

	/* libnl's codes of EPERM and EACCES, which its own text blurs. */
	if (err == -NLE_PERM || err == -NLE_NOACCESS) {
		ctl_error("cannot join %s \"%s\" group: %s (nat64ctl monitor needs CAP_NET_ADMIN)",
			  owner, name,
			  strerror(err == -NLE_PERM ? EPERM : EACCES));
		return -1;
	}
	if (err < 0) {
		ctl_error("cannot join %s \"%s\" group: %s", owner, name,
			  nl_geterror(err));
		return -1;
	}
	return 0;
}

/*
 * Whether the family whose group ids are @ids has every group of @groups
 * (NAT64_LISTEN_*).  A module without one is older than this nat64ctl:
 * it sends no events, or sends them all to the single group of old.
 */
static int has_groups(const uint32_t *ids, unsigned int groups)
{
	unsigned int i;

	for (i = 0; i < NAT64_GROUPS; i++) {
		if ((groups & 1U << i) && !ids[i]) {
			ctl_error("the nat64 module sends no events (it is older than this nat64ctl)");
			return -1;
		}
	}
	return 0;
}

/* Joins the groups of @groups (NAT64_LISTEN_*), whose ids are @ids. */
static int join_groups(const uint32_t *ids, unsigned int groups)
{
	unsigned int i;

	for (i = 0; i < NAT64_GROUPS; i++)
		if ((groups & 1U << i) &&
		    join(ids[i], "the nat64", nat64_groups[i]))
			return -1;
	return 0;
}

int nat64_listen(unsigned int groups, unsigned int rcvbuf, uint16_t *family)
{
	static const char *const notify[] = { CTRL_NOTIFY };
	struct family ctrl;
	int fd, err;

	if (nat64_open() || has_groups(nl.group, groups))
		return -1;
	err = lookup_family(CTRL_NAME, notify, ARRAY_SIZE(notify), &ctrl);
	if (err == -ENOENT || (!err && !ctrl.group[0]))
		ctl_error("the generic netlink controller has no \"%s\" group",
			  CTRL_NOTIFY);
	if (err || !ctrl.group[0])
		return -1;
	fd = nl_socket_get_fd(nl.sk);
	if (fd < 0) {
		ctl_error("no netlink socket");
		return -1;
	}
	/* Events come unasked: there is no sequence number to match. */
	nl_socket_disable_seq_check(nl.sk);
	/*
	 * An event the kernel cannot queue for us then fails its sending,
	 * which the module counts in events-lost; we hear of it as ENOBUFS.
	 */
	set_flag(NETLINK_BROADCAST_ERROR);
	grow_rcvbuf(fd, rcvbuf);
	if (join_groups(nl.group, groups) ||
	    join(ctrl.group[0], "the generic netlink controller's",
		 CTRL_NOTIFY))
		return -1;
	/* For a module loaded again, which may give the groups new ids. */
	nl.listening = groups;
	*family = nl.family;
	return fd;
}

int nat64_family_change(struct nlmsghdr *nlh, uint16_t *family)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct genlmsghdr *g;
	struct family f;

	if (!genlmsg_valid_hdr(nlh, 0))
		return NAT64_FAMILY_OTHER;
	g = nlmsg_data(nlh);
	if ((g->cmd != CTRL_CMD_NEWFAMILY && g->cmd != CTRL_CMD_DELFAMILY) ||
	    genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_NAME] ||
	    nla_strcmp(tb[CTRL_ATTR_FAMILY_NAME], NAT64_GENL_NAME))
		return NAT64_FAMILY_OTHER;
	if (g->cmd == CTRL_CMD_DELFAMILY) {
		/* Its groups went with it, and our memberships too. */
		*family = 0;
		return NAT64_FAMILY_GONE;
	}
	/* A new module may have a new family id and new group ids. */
	if (parse_family(nlh, nat64_groups, NAT64_GROUPS, &f) ||
	    check_version(f.version) || has_groups(f.group, nl.listening) ||
	    join_groups(f.group, nl.listening))
		return -1;
	nl.family = f.id;
	memcpy(nl.group, f.group, sizeof(nl.group));
	*family = f.id;
	return NAT64_FAMILY_BACK;
}
