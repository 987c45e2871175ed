// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl against a scripted kernel: the whole tool, netlink.c included,
 * with the four libnl calls that touch the socket replaced by the fakes
 * below (definitions in the executable win over libnl's at link time):
 *
 *	genl_connect()	no socket at all
 *	nl_send_auto()	records the request and lets the test's "kernel"
 *			queue its answer as datagrams
 *	nl_recvmsgs()	hands one queued datagram to the MSG_IN callback
 *	nl_cb_set()	remembers that callback
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

#include "ctl_test.h"
#include "nat64ctl.h"
#include "stats.h"

const char *test_suite = "ctl-nl";

#define FAMILY_ID	0x2345

/* ---- the fake socket ---- */

#define MAX_DGRAMS	32
#define DGRAM_SIZE	16384
#define MAX_SENT	16
#define SENT_SIZE	4096

static struct {
	unsigned char buf[DGRAM_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	size_t len;
} dgrams[MAX_DGRAMS];
static unsigned int dgram_head, dgram_tail;

static unsigned char sent[MAX_SENT][SENT_SIZE]
	__attribute__((aligned(NLMSG_ALIGNTO)));
static unsigned int nsent;
static uint32_t seq_next = 100;

static nl_recvmsg_msg_cb_t msg_in;
static void *msg_in_arg;

/* The kernel of the current test: answers requests to our family. */
static void (*kernel)(const struct nlmsghdr *req);
static int family_error;		/* CTRL_CMD_GETFAMILY: 0 or -errno */
static uint32_t family_version;

static void reset(void (*handler)(const struct nlmsghdr *req))
{
	dgram_head = dgram_tail = 0;
	dgrams[0].len = 0;
	nsent = 0;
	kernel = handler;
	family_error = 0;
	family_version = NAT64_GENL_VERSION;
}

/* Room for @len more bytes in the datagram being written. */
static void *dgram_put(size_t len)
{
	size_t alen = NLMSG_ALIGN(len);
	void *p;

	if (dgrams[dgram_tail].len + alen > DGRAM_SIZE)
		abort();
	p = dgrams[dgram_tail].buf + dgrams[dgram_tail].len;
	memset(p, 0, alen);
	dgrams[dgram_tail].len += alen;
	return p;
}

/* What comes next goes into a new datagram. */
static void dgram_end(void)
{
	if (!dgrams[dgram_tail].len)
		return;
	if (++dgram_tail == MAX_DGRAMS)
		abort();
	dgrams[dgram_tail].len = 0;
}

int genl_connect(struct nl_sock *sk)
{
	(void)sk;
	return 0;
}

int nl_cb_set(struct nl_cb *cb, enum nl_cb_type type, enum nl_cb_kind kind,
	      nl_recvmsg_msg_cb_t func, void *arg)
{
	(void)cb;
	(void)kind;
	/* libnl itself calls this (from nl_cb_alloc()) with no function. */
	if (type == NL_CB_MSG_IN && func) {
		msg_in = func;
		msg_in_arg = arg;
	}
	return 0;
}

int nl_recvmsgs(struct nl_sock *sk, struct nl_cb *cb)
{
	struct nlmsghdr *hdr;
	int rem;

	(void)sk;
	(void)cb;
	dgram_end();
	if (dgram_head == dgram_tail)
		return 0;	/* nothing: as if the kernel never answered */
	hdr = (struct nlmsghdr *)dgrams[dgram_head].buf;
	rem = dgrams[dgram_head].len;
	dgram_head++;
	for (; nlmsg_ok(hdr, rem); hdr = nlmsg_next(hdr, &rem)) {
		struct nl_msg *msg = nlmsg_convert(hdr);

		if (!msg)
			abort();
		msg_in(msg, msg_in_arg);
		nlmsg_free(msg);
	}
	return 0;
}

/* ---- what the fake kernel sends ---- */

/* A generic netlink message answering @req, to be filled and sent. */
static struct nl_msg *reply_new(const struct nlmsghdr *req, int flags)
{
	const struct genlmsghdr *g = nlmsg_data(req);
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, 0, req->nlmsg_seq, req->nlmsg_type, 0,
				 flags, g->cmd, NAT64_GENL_VERSION))
		abort();
	return msg;
}

static void reply_send(struct nl_msg *msg)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);

	memcpy(dgram_put(h->nlmsg_len), h, h->nlmsg_len);
	nlmsg_free(msg);
}

static size_t put_tlv(unsigned char *buf, size_t len, int type,
		      const void *data, size_t size)
{
	struct nlattr *a = (struct nlattr *)(buf + len);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + size;
	memcpy(buf + len + NLA_HDRLEN, data, size);
	return len + NLA_ALIGN(a->nla_len);
}

/*
 * NLMSG_ERROR for @req: @capped echoes only its header (what
 * NETLINK_CAP_ACK asks for), otherwise all of it, as old kernels do.
 * @text and @miss (if >= 0) become extack TLVs.
 */
static void ack_ext(const struct nlmsghdr *req, int error, const char *text,
		    bool capped, int miss)
{
	static unsigned char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	size_t len = NLMSG_HDRLEN + sizeof(int);
	size_t echo = capped ? sizeof(*req) : req->nlmsg_len;

	memset(buf, 0, sizeof(buf));
	h->nlmsg_type = NLMSG_ERROR;
	h->nlmsg_seq = req->nlmsg_seq;
	h->nlmsg_flags = capped ? NLM_F_CAPPED : 0;
	memcpy(buf + NLMSG_HDRLEN, &error, sizeof(error));
	memcpy(buf + len, req, echo);
	len += NLMSG_ALIGN(echo);
	if (text) {
		h->nlmsg_flags |= NLM_F_ACK_TLVS;
		len = put_tlv(buf, len, NLMSGERR_ATTR_MSG, text,
			      strlen(text) + 1);
	}
	if (miss >= 0) {
		uint32_t type = miss;

		h->nlmsg_flags |= NLM_F_ACK_TLVS;
		len = put_tlv(buf, len, NLMSGERR_ATTR_MISS_TYPE, &type,
			      sizeof(type));
	}
	h->nlmsg_len = len;
	memcpy(dgram_put(len), buf, len);
}

static void ack(const struct nlmsghdr *req, int error, const char *text)
{
	ack_ext(req, error, text, true, -1);
}

/* NLMSG_DONE ending a dump: the error, then extack TLVs. */
static void done(const struct nlmsghdr *req, int error, const char *text,
		 int flags)
{
	unsigned char buf[1024] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	size_t len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));

	memset(buf, 0, sizeof(buf));
	h->nlmsg_type = NLMSG_DONE;
	h->nlmsg_seq = req->nlmsg_seq;
	h->nlmsg_flags = NLM_F_MULTI | flags;
	memcpy(buf + NLMSG_HDRLEN, &error, sizeof(error));
	if (text) {
		h->nlmsg_flags |= NLM_F_ACK_TLVS;
		len = put_tlv(buf, len, NLMSGERR_ATTR_MSG, text,
			      strlen(text) + 1);
	}
	h->nlmsg_len = len;
	memcpy(dgram_put(len), buf, len);
}

/* The controller: our family exists (or not) with family_version. */
static void answer_family(const struct nlmsghdr *req)
{
	struct nl_msg *msg;

	if (family_error) {
		ack(req, family_error, NULL);
		return;
	}
	msg = reply_new(req, 0);
	genlmsg_hdr(nlmsg_hdr(msg))->cmd = CTRL_CMD_NEWFAMILY;
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, NAT64_GENL_NAME);
	nla_put_u16(msg, CTRL_ATTR_FAMILY_ID, FAMILY_ID);
	nla_put_u32(msg, CTRL_ATTR_VERSION, family_version);
	reply_send(msg);
	ack(req, 0, NULL);
}

int nl_send_auto(struct nl_sock *sk, struct nl_msg *msg)
{
	struct nlmsghdr *req = nlmsg_hdr(msg);

	(void)sk;
	req->nlmsg_seq = ++seq_next;
	req->nlmsg_flags |= NLM_F_REQUEST;
	if (nsent < MAX_SENT && req->nlmsg_len <= SENT_SIZE)
		memcpy(sent[nsent++], req, req->nlmsg_len);
	if (req->nlmsg_type == GENL_ID_CTRL)
		answer_family(req);
	else if (req->nlmsg_type == FAMILY_ID && kernel)
		kernel(req);
	dgram_end();
	return req->nlmsg_len;
}

/* ---- reading what nat64ctl sent ---- */

static const char *const cmd_names[] = {
	[NAT64_CMD_INSTANCE_ADD] = "INSTANCE_ADD",
	[NAT64_CMD_INSTANCE_DEL] = "INSTANCE_DEL",
	[NAT64_CMD_INSTANCE_GET] = "INSTANCE_GET",
	[NAT64_CMD_POOL4_ADD] = "POOL4_ADD",
	[NAT64_CMD_POOL4_DEL] = "POOL4_DEL",
	[NAT64_CMD_POOL4_FLUSH] = "POOL4_FLUSH",
	[NAT64_CMD_POOL4_GET] = "POOL4_GET",
	[NAT64_CMD_GLOBAL_GET] = "GLOBAL_GET",
	[NAT64_CMD_GLOBAL_SET] = "GLOBAL_SET",
	[NAT64_CMD_BIB_ADD] = "BIB_ADD",
	[NAT64_CMD_BIB_DEL] = "BIB_DEL",
	[NAT64_CMD_BIB_GET] = "BIB_GET",
	[NAT64_CMD_SESSION_GET] = "SESSION_GET",
	[NAT64_CMD_STATS_GET] = "STATS_GET",
};

static const char *const nest_names[] = {
	[NAT64_A_INSTANCE] = "INSTANCE",
	[NAT64_A_POOL4] = "POOL4",
	[NAT64_A_GLOBALS] = "GLOBALS",
	[NAT64_A_BIB] = "BIB",
	[NAT64_A_SESSION] = "SESSION",
};

static const char *const instance_names[] = {
	[NAT64_INSTANCE_A_POOL6_ADDR] = "POOL6_ADDR",
	[NAT64_INSTANCE_A_POOL6_LEN] = "POOL6_LEN",
	[NAT64_INSTANCE_A_POOL4_COUNT] = "POOL4_COUNT",
};

static const char *const pool4_names[] = {
	[NAT64_POOL4_A_PROTO] = "PROTO",
	[NAT64_POOL4_A_ADDR] = "ADDR",
	[NAT64_POOL4_A_PLEN] = "PLEN",
	[NAT64_POOL4_A_PORT_MIN] = "PORT_MIN",
	[NAT64_POOL4_A_PORT_MAX] = "PORT_MAX",
};

static const char *const global_names[] = {
	[NAT64_GLOBAL_A_UDP_TIMEOUT] = "UDP_TIMEOUT",
	[NAT64_GLOBAL_A_TCP_EST_TIMEOUT] = "TCP_EST_TIMEOUT",
	[NAT64_GLOBAL_A_TCP_TRANS_TIMEOUT] = "TCP_TRANS_TIMEOUT",
	[NAT64_GLOBAL_A_ICMP_TIMEOUT] = "ICMP_TIMEOUT",
	[NAT64_GLOBAL_A_FILTERING] = "FILTERING",
	[NAT64_GLOBAL_A_DROP_EXTERNAL_TCP] = "DROP_EXTERNAL_TCP",
	[NAT64_GLOBAL_A_TOS_OVERRIDE] = "TOS_OVERRIDE",
	[NAT64_GLOBAL_A_TOS] = "TOS",
	[NAT64_GLOBAL_A_LOWEST_IPV6_MTU] = "LOWEST_IPV6_MTU",
	[NAT64_GLOBAL_A_MAX_STORED_SYNS] = "MAX_STORED_SYNS",
	[NAT64_GLOBAL_A_MAX_SESSIONS] = "MAX_SESSIONS",
	[NAT64_GLOBAL_A_MAX_IPV4_SESSIONS] = "MAX_IPV4_SESSIONS",
	[NAT64_GLOBAL_A_MAX_IPV4_SESSIONS_PER_BIB] = "MAX_IPV4_SESSIONS_PER_BIB",
	[NAT64_GLOBAL_A_MAX_SESSIONS_PER_HOST] = "MAX_SESSIONS_PER_HOST",
	[NAT64_GLOBAL_A_MAX_BIB_PER_HOST] = "MAX_BIB_PER_HOST",
	[NAT64_GLOBAL_A_SUBSCRIBER_PREFIX_LEN] = "SUBSCRIBER_PREFIX_LEN",
	[NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR] = "ICMP_SRC_POOL4_ADDR",
	[NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN] = "ICMP_SRC_POOL4_PLEN",
};

static const char *const bib_names[] = {
	[NAT64_BIB_A_PROTO] = "PROTO",
	[NAT64_BIB_A_ADDR6] = "ADDR6",
	[NAT64_BIB_A_PORT6] = "PORT6",
	[NAT64_BIB_A_ADDR4] = "ADDR4",
	[NAT64_BIB_A_PORT4] = "PORT4",
	[NAT64_BIB_A_STATIC] = "STATIC",
	[NAT64_BIB_A_SESSIONS] = "SESSIONS",
};

static const char *const session_names[] = {
	[NAT64_SESSION_A_PROTO] = "PROTO",
	[NAT64_SESSION_A_ADDR6] = "ADDR6",
	[NAT64_SESSION_A_PORT6] = "PORT6",
	[NAT64_SESSION_A_REMOTE6] = "REMOTE6",
	[NAT64_SESSION_A_REMOTE_PORT6] = "REMOTE_PORT6",
	[NAT64_SESSION_A_ADDR4] = "ADDR4",
	[NAT64_SESSION_A_PORT4] = "PORT4",
	[NAT64_SESSION_A_REMOTE4] = "REMOTE4",
	[NAT64_SESSION_A_REMOTE_PORT4] = "REMOTE_PORT4",
	[NAT64_SESSION_A_TCP_STATE] = "TCP_STATE",
	[NAT64_SESSION_A_EXPIRES] = "EXPIRES",
};

static const char *name_of(const char *const *names, size_t count,
			   unsigned int i)
{
	static char buf[4][16];
	static unsigned int next;
	char *b;

	if (i < count && names[i])
		return names[i];
	b = buf[next++ % 4];
	snprintf(b, sizeof(buf[0]), "?%u", i);
	return b;
}

/* Address attributes are binary (hex); the others are numbers. */
static bool is_binary(unsigned int nest, unsigned int type)
{
	return (nest == NAT64_A_POOL4 && type == NAT64_POOL4_A_ADDR) ||
	       (nest == NAT64_A_GLOBALS &&
		type == NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR) ||
	       (nest == NAT64_A_INSTANCE &&
		type == NAT64_INSTANCE_A_POOL6_ADDR) ||
	       (nest == NAT64_A_BIB &&
		(type == NAT64_BIB_A_ADDR6 || type == NAT64_BIB_A_ADDR4)) ||
	       (nest == NAT64_A_SESSION &&
		(type == NAT64_SESSION_A_ADDR6 ||
		 type == NAT64_SESSION_A_REMOTE6 ||
		 type == NAT64_SESSION_A_ADDR4 ||
		 type == NAT64_SESSION_A_REMOTE4));
}

static size_t describe_attr(char *buf, size_t size, unsigned int nest,
			    const struct nlattr *a)
{
	static const struct {
		const char *const *names;
		size_t count;
	} inner[] = {
		[NAT64_A_INSTANCE] = { instance_names, ARRAY_SIZE(instance_names) },
		[NAT64_A_POOL4] = { pool4_names, ARRAY_SIZE(pool4_names) },
		[NAT64_A_GLOBALS] = { global_names, ARRAY_SIZE(global_names) },
		[NAT64_A_BIB] = { bib_names, ARRAY_SIZE(bib_names) },
		[NAT64_A_SESSION] = { session_names, ARRAY_SIZE(session_names) },
	};
	const unsigned char *d = nla_data(a);
	unsigned int type = nla_type(a);
	size_t n = snprintf(buf, size, " %s=",
			    name_of(inner[nest].names, inner[nest].count,
				    type));
	int i;

	if (is_binary(nest, type)) {
		for (i = 0; i < nla_len(a); i++)
			n += snprintf(buf + n, size - n, "%02x", d[i]);
	} else if (nla_len(a) == 1) {
		n += snprintf(buf + n, size - n, "u8:%u", nla_get_u8(a));
	} else if (nla_len(a) == 2) {
		n += snprintf(buf + n, size - n, "u16:%u", nla_get_u16(a));
	} else if (nla_len(a) == 4) {
		n += snprintf(buf + n, size - n, "u32:%u", nla_get_u32(a));
	} else {
		n += snprintf(buf + n, size - n, "len%d", nla_len(a));
	}
	return n;
}

/*
 * Request @i to the nat64 family as one line, e.g.
 * "POOL4_ADD ack POOL4{ ADDR=c0000201 PLEN=u8:32}".  A nest without
 * NLA_F_NESTED shows as "NAME!{".
 */
static const char *describe(unsigned int i)
{
	static char buf[2048];
	const struct nlmsghdr *h = NULL;
	const struct genlmsghdr *g;
	const struct nlattr *a, *b;
	unsigned int k, n = 0;
	size_t len;
	int rem, rem2;

	for (k = 0; k < nsent; k++) {
		const struct nlmsghdr *s = (const void *)sent[k];

		if (s->nlmsg_type == FAMILY_ID && n++ == i) {
			h = s;
			break;
		}
	}
	if (!h)
		return "(not sent)";
	g = nlmsg_data(h);
	len = snprintf(buf, sizeof(buf), "%s%s%s",
		       name_of(cmd_names, ARRAY_SIZE(cmd_names), g->cmd),
		       h->nlmsg_flags & NLM_F_ACK ? " ack" : "",
		       (h->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP ? " dump" : "");
	if (g->version != NAT64_GENL_VERSION)
		len += snprintf(buf + len, sizeof(buf) - len, " v%u",
				g->version);
	nla_for_each_attr(a, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0),
			  rem) {
		unsigned int nest = nla_type(a);

		len += snprintf(buf + len, sizeof(buf) - len, " %s%s{",
				name_of(nest_names, ARRAY_SIZE(nest_names),
					nest),
				a->nla_type & NLA_F_NESTED ? "" : "!");
		if (nest >= ARRAY_SIZE(nest_names) || !nest_names[nest])
			continue;
		nla_for_each_nested(b, a, rem2)
			len += describe_attr(buf + len, sizeof(buf) - len,
					     nest, b);
		len += snprintf(buf + len, sizeof(buf) - len, "}");
	}
	return buf;
}

/* How many requests reached the nat64 family. */
static unsigned int nat64_requests(void)
{
	unsigned int k, n = 0;

	for (k = 0; k < nsent; k++)
		n += ((const struct nlmsghdr *)sent[k])->nlmsg_type ==
		     FAMILY_ID;
	return n;
}

static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

static const char *fmt(const char *f, ...)
{
	static char bufs[4][2048];
	static unsigned int next;
	char *buf = bufs[next++ % 4];
	va_list ap;

	va_start(ap, f);
	vsnprintf(buf, sizeof(bufs[0]), f, ap);
	va_end(ap);
	return buf;
}

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

static void pool4_entry(const struct nlmsghdr *req, int flags,
			unsigned int proto, const char *addr, unsigned int plen,
			unsigned int min, unsigned int max)
{
	struct nl_msg *msg = reply_new(req, NLM_F_MULTI | flags);
	struct nlattr *nest = nla_nest_start(msg, NAT64_A_POOL4);
	struct in_addr a;

	inet_pton(AF_INET, addr, &a);
	nla_put_u8(msg, NAT64_POOL4_A_PROTO, proto);
	nla_put(msg, NAT64_POOL4_A_ADDR, sizeof(a), &a);
	nla_put_u8(msg, NAT64_POOL4_A_PLEN, plen);
	nla_put_u16(msg, NAT64_POOL4_A_PORT_MIN, min);
	nla_put_u16(msg, NAT64_POOL4_A_PORT_MAX, max);
	nla_nest_end(msg, nest);
	reply_send(msg);
}

static unsigned int k_dumps;	/* dumps answered so far */
static unsigned int k_intr;	/* how many of them come interrupted */

/* Three entries over two datagrams; the first k_intr dumps interrupted. */
static void k_pool4(const struct nlmsghdr *req)
{
	int intr = k_dumps++ < k_intr ? NLM_F_DUMP_INTR : 0;

	if (intr)
		pool4_entry(req, 0, NAT64_PROTO_TCP, "203.0.113.9", 32, 1, 2);
	pool4_entry(req, 0, NAT64_PROTO_TCP, "192.0.2.0", 24,
		    NAT64_POOL4_PORT_MIN_DEF, NAT64_POOL4_PORT_MAX_DEF);
	pool4_entry(req, intr, NAT64_PROTO_UDP, "192.0.2.1", 32, 1024, 2047);
	dgram_end();
	pool4_entry(req, 0, NAT64_PROTO_ICMP, "198.51.100.0", 31,
		    NAT64_POOL4_ICMP_ID_MIN_DEF, NAT64_POOL4_ICMP_ID_MAX_DEF);
	done(req, 0, NULL, intr);
}

static void k_pool4_empty(const struct nlmsghdr *req)
{
	done(req, 0, NULL, 0);
}

static void k_pool4_done_error(const struct nlmsghdr *req)
{
	pool4_entry(req, 0, NAT64_PROTO_TCP, "192.0.2.0", 24, 1, 2);
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

static bool global_is_u8(unsigned int attr)
{
	return attr == NAT64_GLOBAL_A_FILTERING ||
	       attr == NAT64_GLOBAL_A_DROP_EXTERNAL_TCP ||
	       attr == NAT64_GLOBAL_A_TOS_OVERRIDE ||
	       attr == NAT64_GLOBAL_A_TOS ||
	       attr == NAT64_GLOBAL_A_SUBSCRIBER_PREFIX_LEN ||
	       attr == NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN;
}

static void k_global(const struct nlmsghdr *req)
{
	struct nl_msg *msg = reply_new(req, 0);
	struct nlattr *nest = nla_nest_start(msg, NAT64_A_GLOBALS);
	unsigned int attr;

	for (attr = 1; attr <= NAT64_GLOBAL_A_MAX; attr++) {
		if (attr == NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR)
			nla_put(msg, attr, 4, &k_globals[attr]);	/* as is */
		else if (global_is_u8(attr))
			nla_put_u8(msg, attr, k_globals[attr]);
		else
			nla_put_u32(msg, attr, k_globals[attr]);
	}
	nla_nest_end(msg, nest);
	reply_send(msg);
	ack(req, 0, NULL);
}

static void default_globals(void)
{
	memset(k_globals, 0, sizeof(k_globals));
	k_globals[NAT64_GLOBAL_A_UDP_TIMEOUT] = NAT64_UDP_TIMEOUT_DEF;
	k_globals[NAT64_GLOBAL_A_TCP_EST_TIMEOUT] = NAT64_TCP_EST_TIMEOUT_DEF;
	k_globals[NAT64_GLOBAL_A_TCP_TRANS_TIMEOUT] =
		NAT64_TCP_TRANS_TIMEOUT_DEF;
	k_globals[NAT64_GLOBAL_A_ICMP_TIMEOUT] = NAT64_ICMP_TIMEOUT_DEF;
	k_globals[NAT64_GLOBAL_A_FILTERING] =
		NAT64_FILTERING_ENDPOINT_INDEPENDENT;
	k_globals[NAT64_GLOBAL_A_LOWEST_IPV6_MTU] = NAT64_LOWEST_IPV6_MTU_DEF;
	k_globals[NAT64_GLOBAL_A_MAX_STORED_SYNS] = NAT64_MAX_STORED_SYNS_DEF;
	k_globals[NAT64_GLOBAL_A_MAX_SESSIONS] = NAT64_MAX_SESSIONS_DEF;
	k_globals[NAT64_GLOBAL_A_MAX_IPV4_SESSIONS] =
		NAT64_MAX_IPV4_SESSIONS_DEF;
	k_globals[NAT64_GLOBAL_A_MAX_IPV4_SESSIONS_PER_BIB] =
		NAT64_MAX_IPV4_PER_BIB_DEF;
	k_globals[NAT64_GLOBAL_A_MAX_SESSIONS_PER_HOST] =
		NAT64_MAX_SESSIONS_PER_HOST_DEF;
	k_globals[NAT64_GLOBAL_A_MAX_BIB_PER_HOST] =
		NAT64_MAX_BIB_PER_HOST_DEF;
	k_globals[NAT64_GLOBAL_A_SUBSCRIBER_PREFIX_LEN] =
		NAT64_SUBSCRIBER_PLEN_DEF;
}

/* BIB entries as the kernel sends them. */
struct k_bib_entry {
	unsigned int proto;
	const char *addr6;
	unsigned int port6;
	const char *addr4;
	unsigned int port4;
	int is_static;		/* -1: leave the attribute out */
	unsigned int sessions;
};

static const struct k_bib_entry k_bibs[] = {
	{ NAT64_PROTO_TCP, "2001:db8::80", 80, "192.0.2.1", 80, 1, 0 },
	{ NAT64_PROTO_TCP, "2001:db8::10", 40000, "192.0.2.1", 61000, 0, 2 },
	{ NAT64_PROTO_ICMP, "2001:db8::10", 7, "198.51.100.1", 0, 0, 1 },
};

static void bib_entry(const struct nlmsghdr *req, int flags,
		      const struct k_bib_entry *e)
{
	struct nl_msg *msg = reply_new(req, NLM_F_MULTI | flags);
	struct nlattr *nest = nla_nest_start(msg, NAT64_A_BIB);
	struct in6_addr a6;
	struct in_addr a4;

	inet_pton(AF_INET6, e->addr6, &a6);
	inet_pton(AF_INET, e->addr4, &a4);
	nla_put_u8(msg, NAT64_BIB_A_PROTO, e->proto);
	nla_put(msg, NAT64_BIB_A_ADDR6, sizeof(a6), &a6);
	nla_put_u16(msg, NAT64_BIB_A_PORT6, e->port6);
	nla_put(msg, NAT64_BIB_A_ADDR4, sizeof(a4), &a4);
	nla_put_u16(msg, NAT64_BIB_A_PORT4, e->port4);
	if (e->is_static >= 0)
		nla_put_u8(msg, NAT64_BIB_A_STATIC, e->is_static);
	nla_put_u32(msg, NAT64_BIB_A_SESSIONS, e->sessions);
	nla_nest_end(msg, nest);
	reply_send(msg);
}

/* k_bibs over two datagrams; the first k_intr dumps are interrupted. */
static void k_bib(const struct nlmsghdr *req)
{
	int intr = k_dumps++ < k_intr ? NLM_F_DUMP_INTR : 0;

	bib_entry(req, 0, &k_bibs[0]);
	bib_entry(req, intr, &k_bibs[1]);
	dgram_end();
	bib_entry(req, 0, &k_bibs[2]);
	done(req, 0, NULL, intr);
}

/* One entry, then the dump fails. */
static void k_bib_done_error(const struct nlmsghdr *req)
{
	bib_entry(req, 0, &k_bibs[0]);
	dgram_end();
	done(req, -EIO, "BIB dump failed", 0);
}

static void k_bib_bad(const struct nlmsghdr *req)
{
	struct k_bib_entry e = k_bibs[0];

	e.is_static = -1;
	bib_entry(req, 0, &e);
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

static void k_stats(const struct nlmsghdr *req)
{
	struct nl_msg *msg = reply_new(req, 0);
	struct nlattr *nest = nla_nest_start(msg, NAT64_A_STATS);
	unsigned int n;

	for (n = 0; n < NAT64_STAT_COUNT + k_stats_extra; n++)
		nla_put_u64(msg, NAT64_STATS_A_FIRST + n, k_stat_value(n));
	/* What nla_put_64bit() adds for alignment, between two counters. */
	nla_put(msg, NAT64_STATS_A_PAD, 0, NULL);
	if (k_stats_bad_len)
		nla_put_u32(msg, NAT64_STATS_A_FIRST + n, 5);
	nla_nest_end(msg, nest);
	reply_send(msg);
	ack(req, 0, NULL);
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

	k_error = 0;
	k_text = NULL;
	reset(k_instance);
	expect_run("instance show", EXIT_OK, "",
		   "pool6 64:ff9b::/96\npool4-entries 3\n");
	reset(k_instance);
	expect_run("-j instance show", EXIT_OK, "",
		   "{\"pool6\":\"64:ff9b::/96\",\"pool4-entries\":3}\n");
	reset(k_instance);
	expect_run("-p instance show", EXIT_OK, "",
		   "{\n    \"pool6\": \"64:ff9b::/96\",\n    \"pool4-entries\": 3\n}\n");
	reset(k_instance_late);
	expect_run("instance show", EXIT_OK, "",
		   "pool6 64:ff9b::/96\npool4-entries 3\n");

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
	test_no_netlink_on_usage_errors();
	return test_failed ? 1 : 0;
}
