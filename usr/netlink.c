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

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

#define NETNS_RUN_DIR	"/run/netns"

static struct {
	struct nl_sock *sk;
	int family;		/* 0 until resolved */
	bool failed;		/* opening failed and was reported */
} nl;

/* One request and what came back for it. */
struct exchange {
	uint32_t seq;
	nat64_reply_cb cb;
	void *arg;
	unsigned int seen;	/* messages read by the last nl_recvmsgs() */
	bool done;		/* ACK, error or NLMSG_DONE arrived */
	bool intr;		/* NLM_F_DUMP_INTR: dump inconsistent */
	bool cb_failed;		/* @cb refused a reply (and said why) */
	int error;		/* 0 or -errno, from the kernel */
	char msg[256];		/* extack message, error or warning */
	bool has_miss;		/* extack names a missing attribute */
	unsigned int miss_type;
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
static void read_ext_ack(struct exchange *ex, void *data, size_t len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { NULL };
	struct nlattr *a;

	if (nla_parse(tb, NLMSGERR_ATTR_MAX, data, len, NULL) < 0)
		return;
	a = tb[NLMSGERR_ATTR_MSG];
	if (a)
		copy_message(ex->msg, sizeof(ex->msg), nla_data(a),
			     strnlen(nla_data(a), nla_len(a)));
	a = tb[NLMSGERR_ATTR_MISS_TYPE];
	if (a && nla_len(a) >= (int)sizeof(uint32_t)) {
		ex->has_miss = true;
		ex->miss_type = nla_get_u32(a);
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
		ex->error = -EBADMSG;
		return;
	}
	ex->error = e->error > 0 ? -e->error : e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = NLMSG_HDRLEN + sizeof(e->error);
	if (nlh->nlmsg_flags & NLM_F_CAPPED)
		off += sizeof(e->msg);
	else
		off += NLMSG_ALIGN((size_t)e->msg.nlmsg_len);
	if (off < len)
		read_ext_ack(ex, (char *)nlh + off, len - off);
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
	ex->error = error > 0 ? -error : error;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && off < len)
		read_ext_ack(ex, (char *)nlh + off, len - off);
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
		ex->error = -ENOBUFS;
		ex->done = true;
		break;
	default:
		/* After a bad reply keep reading, to leave the socket clean. */
		if (ex->cb && !ex->cb_failed && ex->cb(nlh, ex->arg))
			ex->cb_failed = true;
	}
	return NL_SKIP;
}

/* Sends @msg (freeing it) and reads until the request is answered. */
static int exchange(struct nl_msg *msg, struct exchange *ex)
{
	struct nl_cb *cb;
	int err;

	err = nl_send_auto(nl.sk, msg);
	ex->seq = nlmsg_hdr(msg)->nlmsg_seq;
	nlmsg_free(msg);
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
		err = nl_recvmsgs(nl.sk, cb);
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
static const char *reason(const struct exchange *ex, bool hints, char *buf,
			  size_t size)
{
	if (ex->msg[0])
		return ex->msg;
	if (hints && ex->error == -EPERM)
		snprintf(buf, size,
			 "%s (changing the nat64 configuration or showing its BIB and sessions needs CAP_NET_ADMIN)",
			 strerror(EPERM));
	else if (hints && ex->has_miss)
		snprintf(buf, size, "%s (the kernel wants attribute %u)",
			 strerror(-ex->error), ex->miss_type);
	else
		snprintf(buf, size, "%s", strerror(-ex->error));
	return buf;
}

/* "Error: <reason>." */
static void report(const struct exchange *ex)
{
	char buf[256];

	ctl_error("%s", reason(ex, true, buf, sizeof(buf)));
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

static int family_reply(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	uint32_t *version = arg;

	if (genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_ID] ||
	    nla_len(tb[CTRL_ATTR_FAMILY_ID]) < (int)sizeof(uint16_t)) {
		ctl_error("malformed reply from the generic netlink controller");
		return -1;
	}
	nl.family = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (tb[CTRL_ATTR_VERSION] &&
	    nla_len(tb[CTRL_ATTR_VERSION]) >= (int)sizeof(uint32_t))
		*version = nla_get_u32(tb[CTRL_ATTR_VERSION]);
	return 0;
}

/* Asks the controller for our family: absent means no module loaded. */
static int resolve_family(void)
{
	struct exchange ex = { .cb = family_reply };
	uint32_t version = 0;
	struct nl_msg *msg;

	ex.arg = &version;
	msg = nlmsg_alloc();
	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL,
				 0, NLM_F_ACK, CTRL_CMD_GETFAMILY, 1) ||
	    nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, NAT64_GENL_NAME) < 0) {
		if (msg)
			nlmsg_free(msg);
		ctl_error("%s", strerror(ENOMEM));
		return -1;
	}
	if (exchange(msg, &ex) || ex.cb_failed)
		return -1;
	if (ex.error == -ENOENT) {
		ctl_error("nat64 module not loaded (generic netlink family \"%s\" not found)",
			  NAT64_GENL_NAME);
		return -1;
	}
	if (ex.error) {
		char buf[256];

		ctl_error("cannot look up generic netlink family \"%s\": %s",
			  NAT64_GENL_NAME, reason(&ex, false, buf, sizeof(buf)));
		return -1;
	}
	if (version != NAT64_GENL_VERSION) {
		ctl_error("the nat64 module speaks netlink version %u but nat64ctl speaks version %u; install matching versions",
			  version, NAT64_GENL_VERSION);
		return -1;
	}
	return 0;
}

static void set_flag(int option)
{
	int one = 1;

	/* Kernels before 4.12 lack these; they then send plain errors. */
	setsockopt(nl_socket_get_fd(nl.sk), SOL_NETLINK, option, &one,
		   sizeof(one));
}

static int nat64_open(void)
{
	int err;

	if (nl.family)
		return 0;
	if (nl.failed)
		return -1;
	nl.failed = true;
	if (ctl_opts.netns && enter_netns(ctl_opts.netns))
		return -1;
	nl.sk = nl_socket_alloc();
	if (!nl.sk) {
		ctl_error("%s", strerror(ENOMEM));
		return -1;
	}
	err = genl_connect(nl.sk);
	if (err < 0) {
		ctl_error("cannot open a generic netlink socket: %s",
			  nl_geterror(err));
		return -1;
	}
	set_flag(NETLINK_EXT_ACK);
	/* We never need our request echoed back in an error. */
	set_flag(NETLINK_CAP_ACK);
	/* We ask for ACKs ourselves: none for dumps, which end in DONE. */
	nl_socket_disable_auto_ack(nl.sk);
	/* Read each datagram whole, however big the kernel made it. */
	nl_socket_enable_msg_peek(nl.sk);
	if (resolve_family())
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

static struct nl_msg *new_msg(uint8_t cmd, int flags)
{
	struct nl_msg *msg;

	if (nat64_open())
		return NULL;
	msg = nlmsg_alloc();
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
	return new_msg(cmd, NLM_F_ACK);
}

int nat64_msg_abort(struct nl_msg *msg)
{
	nlmsg_free(msg);
	ctl_error("cannot build the netlink request: %s", strerror(EMSGSIZE));
	return EXIT_FAIL;
}

int nat64_request(struct nl_msg *msg, nat64_reply_cb cb, void *arg)
{
	struct exchange ex = { .cb = cb, .arg = arg };

	if (exchange(msg, &ex) || ex.cb_failed)
		return EXIT_FAIL;
	if (ex.error) {
		report(&ex);
		return EXIT_FAIL;
	}
	/* An ACK may carry a warning; say it, the request still worked. */
	if (ex.msg[0])
		ctl_warning("%s", ex.msg);
	return EXIT_OK;
}

int nat64_dump(uint8_t cmd, nat64_fill_cb fill, nat64_reply_cb cb,
	       void (*restart)(void *arg), void *arg)
{
	int try;

	for (try = 1; try <= NAT64_DUMP_TRIES; try++) {
		struct exchange ex = { .cb = cb, .arg = arg };
		struct nl_msg *msg = new_msg(cmd, NLM_F_DUMP);

		if (!msg)
			return EXIT_FAIL;
		if (fill && fill(msg, arg) < 0)
			return nat64_msg_abort(msg);
		if (try > 1)
			restart(arg);
		if (exchange(msg, &ex) || ex.cb_failed)
			return EXIT_FAIL;
		if (ex.error) {
			report(&ex);
			return EXIT_FAIL;
		}
		if (!ex.intr)
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

static int malformed(const char *what)
{
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
		return malformed("top-level attribute");
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
		return malformed(what);
	*v = nla_get_u8(a);
	return 0;
}

int nat64_get_u16(struct nlattr **tb, int type, const char *what,
		  uint16_t *v)
{
	struct nlattr *a = get(tb, type, sizeof(*v));

	if (!a)
		return malformed(what);
	*v = nla_get_u16(a);
	return 0;
}

int nat64_get_u32(struct nlattr **tb, int type, const char *what,
		  uint32_t *v)
{
	struct nlattr *a = get(tb, type, sizeof(*v));

	if (!a)
		return malformed(what);
	*v = nla_get_u32(a);
	return 0;
}

int nat64_get_bin(struct nlattr **tb, int type, const char *what, void *buf,
		  size_t len)
{
	struct nlattr *a = get(tb, type, len);

	if (!a)
		return malformed(what);
	memcpy(buf, nla_data(a), len);
	return 0;
}
