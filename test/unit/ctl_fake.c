// SPDX-License-Identifier: GPL-2.0
/*
 * A scripted kernel for the nat64ctl tests that talk netlink (see
 * ctl_fake.h): the whole tool, netlink.c included, runs with the libnl
 * calls that touch the socket replaced by the fakes below (definitions in
 * the executable win over libnl's at link time):
 *
 *	genl_connect()	no socket at all
 *	nl_send_auto()	records the request and lets the test's "kernel"
 *			queue its answer as datagrams
 *	nl_recvmsgs()	hands one queued datagram to the MSG_IN callback
 *	nl_cb_set()	remembers that callback
 *	nl_socket_get_fd()	fake_fd: -1, or a socket the test writes
 *			datagrams into (nat64ctl monitor reads it)
 *	nl_socket_add_membership()	records the group joined
 *
 * A request to nat64 may fail to go (fake_send_error), as one longer than
 * the socket's send buffer does; it is recorded all the same.
 */
#define _GNU_SOURCE
#include <errno.h>
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

/* ---- the fake socket ---- */

#define MAX_DGRAMS	64
#define DGRAM_SIZE	16384

static struct {
	unsigned char buf[DGRAM_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	size_t len;
} dgrams[MAX_DGRAMS];
static unsigned int dgram_head, dgram_tail;

unsigned char sent[MAX_SENT][SENT_SIZE]
	__attribute__((aligned(NLMSG_ALIGNTO)));
unsigned int nsent;
static uint32_t seq_next = 100;

static nl_recvmsg_msg_cb_t msg_in;
static void *msg_in_arg;

/* The kernel of the current test: answers requests to our family. */
static void (*kernel)(const struct nlmsghdr *req);
int family_error;
uint32_t family_version;
uint32_t family_bib;
uint32_t family_session;
uint32_t family_old_events;
uint32_t ctrl_notify;
int fake_fd = -1;
int fake_join_error;
int fake_send_error;
uint32_t joined[MAX_JOINED];
unsigned int njoined;

void reset(void (*handler)(const struct nlmsghdr *req))
{
	dgram_head = dgram_tail = 0;
	dgrams[0].len = 0;
	nsent = 0;
	kernel = handler;
	family_error = 0;
	family_version = NAT64_GENL_VERSION;
	family_bib = BIB_GROUP;
	family_session = SESSION_GROUP;
	family_old_events = 0;
	ctrl_notify = GENL_ID_CTRL;
	fake_fd = -1;
	fake_join_error = 0;
	fake_send_error = 0;
	njoined = 0;
}

/*
 * Room for @len more bytes in the datagram being written; a message that
 * does not fit starts the next one, as a long dump fills datagram after
 * datagram.
 */
static void *dgram_put(size_t len)
{
	size_t alen = NLMSG_ALIGN(len);
	void *p;

	if (dgrams[dgram_tail].len + alen > DGRAM_SIZE)
		dgram_end();
	if (alen > DGRAM_SIZE)
		abort();
	p = dgrams[dgram_tail].buf + dgrams[dgram_tail].len;
	memset(p, 0, alen);
	dgrams[dgram_tail].len += alen;
	return p;
}

void dgram_end(void)
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

struct nl_msg *reply_new(const struct nlmsghdr *req, int flags)
{
	const struct genlmsghdr *g = nlmsg_data(req);
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, 0, req->nlmsg_seq, req->nlmsg_type, 0,
				 flags, g->cmd, NAT64_GENL_VERSION))
		abort();
	return msg;
}

void reply_send(struct nl_msg *msg)
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

/* NLMSG_ERROR with every extack TLV the tests use; < 0: none. */
static void ack_tlvs(const struct nlmsghdr *req, int error, const char *text,
		     bool capped, int miss, int offs)
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
	if (offs >= 0) {
		uint32_t off = offs;

		h->nlmsg_flags |= NLM_F_ACK_TLVS;
		len = put_tlv(buf, len, NLMSGERR_ATTR_OFFS, &off, sizeof(off));
	}
	h->nlmsg_len = len;
	memcpy(dgram_put(len), buf, len);
}

void ack_ext(const struct nlmsghdr *req, int error, const char *text,
	     bool capped, int miss)
{
	ack_tlvs(req, error, text, capped, miss, -1);
}

void ack_offs(const struct nlmsghdr *req, int error, const char *text,
	      uint32_t offs)
{
	ack_tlvs(req, error, text, true, -1, offs);
}

void ack(const struct nlmsghdr *req, int error, const char *text)
{
	ack_ext(req, error, text, true, -1);
}

void done(const struct nlmsghdr *req, int error, const char *text,
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

static void put_group(struct nl_msg *msg, int i, const char *name,
		      uint32_t id)
{
	struct nlattr *g = nla_nest_start(msg, i);

	nla_put_string(msg, CTRL_ATTR_MCAST_GRP_NAME, name);
	nla_put_u32(msg, CTRL_ATTR_MCAST_GRP_ID, id);
	nla_nest_end(msg, g);
}

struct nl_msg *family_msg(uint8_t cmd, uint32_t seq, const char *name,
			  uint16_t id, uint32_t version,
			  const struct fake_group *groups,
			  unsigned int ngroups)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest = NULL;
	unsigned int i;
	int n = 0;

	if (!msg || !genlmsg_put(msg, 0, seq, GENL_ID_CTRL, 0, 0, cmd, 2))
		abort();
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, name);
	nla_put_u16(msg, CTRL_ATTR_FAMILY_ID, id);
	nla_put_u32(msg, CTRL_ATTR_VERSION, version);
	for (i = 0; i < ngroups; i++) {
		if (!groups[i].id)
			continue;
		if (!nest) {
			nest = nla_nest_start(msg, CTRL_ATTR_MCAST_GROUPS);
			/* Another group first: the name is what finds ours. */
			put_group(msg, ++n, "other", groups[i].id + 100);
		}
		put_group(msg, ++n, groups[i].name, groups[i].id);
	}
	if (nest)
		nla_nest_end(msg, nest);
	return msg;
}

void fake_pool4_entry(const struct nlmsghdr *req, int flags,
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

void fake_bib_entry(const struct nlmsghdr *req, int flags,
		    const struct fake_bib *e)
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

bool fake_global_is_u8(unsigned int attr)
{
	return attr == NAT64_GLOBAL_A_FILTERING ||
	       attr == NAT64_GLOBAL_A_DROP_EXTERNAL_TCP ||
	       attr == NAT64_GLOBAL_A_TOS_OVERRIDE ||
	       attr == NAT64_GLOBAL_A_TOS ||
	       attr == NAT64_GLOBAL_A_SUBSCRIBER_PREFIX_LEN ||
	       attr == NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN;
}

void fake_global_reply(const struct nlmsghdr *req, const uint32_t *g)
{
	struct nl_msg *msg = reply_new(req, 0);
	struct nlattr *nest = nla_nest_start(msg, NAT64_A_GLOBALS);
	unsigned int attr;

	for (attr = 1; attr <= NAT64_GLOBAL_A_MAX; attr++) {
		if (attr == NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR)
			nla_put(msg, attr, 4, &g[attr]);	/* as is */
		else if (fake_global_is_u8(attr))
			nla_put_u8(msg, attr, g[attr]);
		else
			nla_put_u32(msg, attr, g[attr]);
	}
	nla_nest_end(msg, nest);
	reply_send(msg);
	ack(req, 0, NULL);
}

void fake_default_globals(uint32_t *g)
{
	memset(g, 0, __NAT64_GLOBAL_A_MAX * sizeof(*g));
	g[NAT64_GLOBAL_A_UDP_TIMEOUT] = NAT64_UDP_TIMEOUT_DEF;
	g[NAT64_GLOBAL_A_TCP_EST_TIMEOUT] = NAT64_TCP_EST_TIMEOUT_DEF;
	g[NAT64_GLOBAL_A_TCP_TRANS_TIMEOUT] = NAT64_TCP_TRANS_TIMEOUT_DEF;
	g[NAT64_GLOBAL_A_ICMP_TIMEOUT] = NAT64_ICMP_TIMEOUT_DEF;
	g[NAT64_GLOBAL_A_FILTERING] = NAT64_FILTERING_ENDPOINT_INDEPENDENT;
	g[NAT64_GLOBAL_A_LOWEST_IPV6_MTU] = NAT64_LOWEST_IPV6_MTU_DEF;
	g[NAT64_GLOBAL_A_MAX_STORED_SYNS] = NAT64_MAX_STORED_SYNS_DEF;
	g[NAT64_GLOBAL_A_MAX_SESSIONS] = NAT64_MAX_SESSIONS_DEF;
	g[NAT64_GLOBAL_A_MAX_IPV4_SESSIONS] = NAT64_MAX_IPV4_SESSIONS_DEF;
	g[NAT64_GLOBAL_A_MAX_IPV4_SESSIONS_PER_BIB] =
		NAT64_MAX_IPV4_PER_BIB_DEF;
	g[NAT64_GLOBAL_A_MAX_SESSIONS_PER_HOST] =
		NAT64_MAX_SESSIONS_PER_HOST_DEF;
	g[NAT64_GLOBAL_A_MAX_BIB_PER_HOST] = NAT64_MAX_BIB_PER_HOST_DEF;
	g[NAT64_GLOBAL_A_SUBSCRIBER_PREFIX_LEN] = NAT64_SUBSCRIBER_PLEN_DEF;
}

/* The family a CTRL_CMD_GETFAMILY asks for. */
static const char *asked_family(const struct nlmsghdr *req)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];

	if (genlmsg_parse((struct nlmsghdr *)req, 0, tb, CTRL_ATTR_MAX,
			  NULL) < 0 || !tb[CTRL_ATTR_FAMILY_NAME])
		return "";
	return nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]);
}

/*
 * The controller: nlctrl with its notify group ctrl_notify, and our
 * family (or family_error) with family_version and its groups.
 */
static void answer_family(const struct nlmsghdr *req)
{
	const struct fake_group notify[] = { { "notify", ctrl_notify } };
	const struct fake_group nat64[] = {
		{ "events", family_old_events },
		{ NAT64_GENL_MCGRP_BIB, family_bib },
		{ NAT64_GENL_MCGRP_SESSION, family_session },
	};
	bool ctrl = !strcmp(asked_family(req), "nlctrl");
	struct nl_msg *msg;

	if (!ctrl && family_error) {
		ack(req, family_error, NULL);
		return;
	}
	if (ctrl)
		msg = family_msg(CTRL_CMD_NEWFAMILY, req->nlmsg_seq, "nlctrl",
				 GENL_ID_CTRL, 2, notify, ARRAY_SIZE(notify));
	else
		msg = family_msg(CTRL_CMD_NEWFAMILY, req->nlmsg_seq,
				 NAT64_GENL_NAME, FAMILY_ID, family_version,
				 nat64, ARRAY_SIZE(nat64));
	reply_send(msg);
	ack(req, 0, NULL);
}

int nl_socket_get_fd(const struct nl_sock *sk)
{
	(void)sk;
	return fake_fd;
}

int nl_socket_add_membership(struct nl_sock *sk, int group)
{
	(void)sk;
	if (fake_join_error)
		return fake_join_error;
	if (njoined < MAX_JOINED)
		joined[njoined++] = group;
	return 0;
}

/* The nat64 family's id, or the one it gets when loaded again. */
static bool is_nat64(uint16_t type)
{
	return type == FAMILY_ID || type == FAMILY_ID_RELOADED;
}

int nl_send_auto(struct nl_sock *sk, struct nl_msg *msg)
{
	struct nlmsghdr *req = nlmsg_hdr(msg);

	(void)sk;
	req->nlmsg_seq = ++seq_next;
	req->nlmsg_flags |= NLM_F_REQUEST;
	if (nsent < MAX_SENT && req->nlmsg_len <= SENT_SIZE)
		memcpy(sent[nsent++], req, req->nlmsg_len);
	if (fake_send_error && is_nat64(req->nlmsg_type))
		return fake_send_error;
	if (req->nlmsg_type == GENL_ID_CTRL)
		answer_family(req);
	else if (is_nat64(req->nlmsg_type) && kernel)
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
	[NAT64_CMD_POOL4_USE_GET] = "POOL4_USE_GET",
	[NAT64_CMD_CONFIG_APPLY] = "CONFIG_APPLY",
};

static const char *const nest_names[] = {
	[NAT64_A_INSTANCE] = "INSTANCE",
	[NAT64_A_POOL4] = "POOL4",
	[NAT64_A_GLOBALS] = "GLOBALS",
	[NAT64_A_BIB] = "BIB",
	[NAT64_A_SESSION] = "SESSION",
	[NAT64_A_POOL4_USE] = "POOL4_USE",
};

static const char *const instance_names[] = {
	[NAT64_INSTANCE_A_POOL6_ADDR] = "POOL6_ADDR",
	[NAT64_INSTANCE_A_POOL6_LEN] = "POOL6_LEN",
	[NAT64_INSTANCE_A_POOL4_COUNT] = "POOL4_COUNT",
	[NAT64_INSTANCE_A_MODE] = "MODE",
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

static const char *const pool4_use_names[] = {
	[NAT64_POOL4_USE_A_PROTO] = "PROTO",
	[NAT64_POOL4_USE_A_ADDR] = "ADDR",
	[NAT64_POOL4_USE_A_USED] = "USED",
	[NAT64_POOL4_USE_A_PORTS] = "PORTS",
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
	       (nest == NAT64_A_POOL4_USE && type == NAT64_POOL4_USE_A_ADDR) ||
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
		[NAT64_A_POOL4_USE] = { pool4_use_names,
					ARRAY_SIZE(pool4_use_names) },
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

/* " NAME{ ATTR=value ...}": @a, a nest of kind @nest (NAT64_A_*). */
static size_t describe_nest(char *buf, size_t size, unsigned int nest,
			    const struct nlattr *a)
{
	const struct nlattr *b;
	size_t len;
	int rem;

	len = snprintf(buf, size, " %s%s{",
		       name_of(nest_names, ARRAY_SIZE(nest_names), nest),
		       a->nla_type & NLA_F_NESTED ? "" : "!");
	nla_for_each_nested(b, a, rem)
		len += describe_attr(buf + len, size - len, nest, b);
	return len + snprintf(buf + len, size - len, "}");
}

const char *describe(unsigned int i)
{
	static char buf[4096];
	const struct nlmsghdr *h = NULL;
	const struct genlmsghdr *g;
	const struct nlattr *a;
	unsigned int k, n = 0;
	size_t len;
	int rem;

	for (k = 0; k < nsent; k++) {
		const struct nlmsghdr *s = (const void *)sent[k];

		if (is_nat64(s->nlmsg_type) && n++ == i) {
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

		if (nest == NAT64_A_CONFIG_CHECK)
			len += snprintf(buf + len, sizeof(buf) - len,
					" CONFIG_CHECK%s",
					nla_len(a) ? "(not a flag)" : "");
		else if (nest < ARRAY_SIZE(nest_names) && nest_names[nest])
			len += describe_nest(buf + len, sizeof(buf) - len,
					     nest, a);
		else
			len += snprintf(buf + len, sizeof(buf) - len,
					" ?%u%s{", nest,
					a->nla_type & NLA_F_NESTED ? "" : "!");
	}
	return buf;
}

unsigned int nat64_requests(void)
{
	unsigned int k, n = 0;

	for (k = 0; k < nsent; k++)
		n += is_nat64(((const struct nlmsghdr *)sent[k])->nlmsg_type);
	return n;
}

const char *fmt(const char *f, ...)
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
