// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl session show: the NAT64's sessions (RFC 6146 section 3.2),
 * each the IPv6 flow (X',x) -> (Y',y) and the IPv4 flow (T,t) -> (Z,z) it
 * is translated to, with its TCP state and the time it has left.
 * nat64ctl session flush: ends them all, or one protocol's.
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include <nat64.h>

#include "json_print.h"
#include "nat64ctl.h"
#include "netlink.h"
#include "parse.h"
#include "session.h"

#include "array_size.h"

/* Each state by its name in nat64.h, so the two cannot disagree. */
#define TCP_STATE(name)	[NAT64_TCP_##name] = #name

static const char *const tcp_states[NAT64_TCP_STATE_COUNT] = {
	TCP_STATE(CLOSED),
	TCP_STATE(V4_INIT),
	TCP_STATE(V6_INIT),
	TCP_STATE(ESTABLISHED),
	TCP_STATE(V4_FIN_RCV),
	TCP_STATE(V6_FIN_RCV),
	TCP_STATE(V6_FIN_V4_FIN_RCV),
	TCP_STATE(TRANS),
};

const char *session_tcp_state_name(unsigned int state)
{
	static char buf[24];

	if (state < ARRAY_SIZE(tcp_states) && tcp_states[state])
		return tcp_states[state];
	snprintf(buf, sizeof(buf), "state-%u", state);
	return buf;
}

enum { KW_PROTO, KW_ADDR6, KW_ADDR4, KW_REMOTE4 };

int session_parse_show(int argc, char **argv, struct session_req *req)
{
	struct parse_kw kw[] = {
		[KW_PROTO] = { .name = "proto" },
		[KW_ADDR6] = { .name = "addr6" },
		[KW_ADDR4] = { .name = "addr4" },
		[KW_REMOTE4] = { .name = "remote4" },
	};

	memset(req, 0, sizeof(*req));
	if (parse_keywords("session show", argc, argv, kw, ARRAY_SIZE(kw)))
		return -1;
	req->has_proto = kw[KW_PROTO].value != NULL;
	req->has_addr6 = kw[KW_ADDR6].value != NULL;
	req->has_addr4 = kw[KW_ADDR4].value != NULL;
	req->has_remote4 = kw[KW_REMOTE4].value != NULL;
	if ((req->has_proto && parse_proto(kw[KW_PROTO].value, &req->proto)) ||
	    (req->has_addr6 &&
	     parse_addr6("addr6", kw[KW_ADDR6].value, &req->addr6)) ||
	    (req->has_addr4 &&
	     parse_addr4("addr4", kw[KW_ADDR4].value, &req->addr4)) ||
	    (req->has_remote4 &&
	     parse_addr4("remote4", kw[KW_REMOTE4].value, &req->remote4)))
		return -1;
	return 0;
}

/* Printed as it arrives: there may be millions of sessions. */
struct session_dump {
	const struct session_req *filter;
	bool listed;		/* the JSON array is open */
};

static int read_addrs(struct nlattr **tb, struct session *s)
{
	return nat64_get_bin(tb, NAT64_SESSION_A_ADDR6, "session IPv6 address",
			     &s->addr6, sizeof(s->addr6)) ||
	       nat64_get_u16(tb, NAT64_SESSION_A_PORT6, "session IPv6 port",
			     &s->port6) ||
	       nat64_get_bin(tb, NAT64_SESSION_A_REMOTE6,
			     "session IPv6 remote address", &s->remote6,
			     sizeof(s->remote6)) ||
	       nat64_get_u16(tb, NAT64_SESSION_A_REMOTE_PORT6,
			     "session IPv6 remote port", &s->remote_port6) ||
	       nat64_get_bin(tb, NAT64_SESSION_A_ADDR4, "session IPv4 address",
			     &s->addr4, sizeof(s->addr4)) ||
	       nat64_get_u16(tb, NAT64_SESSION_A_PORT4, "session IPv4 port",
			     &s->port4) ||
	       nat64_get_bin(tb, NAT64_SESSION_A_REMOTE4,
			     "session IPv4 remote address", &s->remote4,
			     sizeof(s->remote4)) ||
	       nat64_get_u16(tb, NAT64_SESSION_A_REMOTE_PORT4,
			     "session IPv4 remote port", &s->remote_port4) ?
	       -1 : 0;
}

int session_read(struct nlmsghdr *nlh, struct session *s, bool expires)
{
	struct nlattr *tb[NAT64_SESSION_A_MAX + 1];

	s->tcp_state = 0;
	s->expires = 0;
	if (nat64_reply_nest(nlh, NAT64_A_SESSION, tb, NAT64_SESSION_A_MAX) ||
	    nat64_get_u8(tb, NAT64_SESSION_A_PROTO, "session protocol",
			 &s->proto) ||
	    read_addrs(tb, s) ||
	    (expires &&
	     nat64_get_u32(tb, NAT64_SESSION_A_EXPIRES, "session expiry",
			   &s->expires)))
		return -1;
	/* Only TCP sessions have (and must have) a state. */
	if (s->proto == NAT64_PROTO_TCP)
		return nat64_get_u8(tb, NAT64_SESSION_A_TCP_STATE,
				    "session TCP state", &s->tcp_state);
	return 0;
}

/* The kernel filters; checking again costs nothing and catches a bug. */
static bool wanted(const struct session_req *f, const struct session *s)
{
	return (!f->has_proto || f->proto == s->proto) &&
	       (!f->has_addr6 ||
		!memcmp(&f->addr6, &s->addr6, sizeof(s->addr6))) &&
	       (!f->has_addr4 || f->addr4.s_addr == s->addr4.s_addr) &&
	       (!f->has_remote4 || f->remote4.s_addr == s->remote4.s_addr);
}

/* One side in text "[X']:x -> [Y']:y", in JSON four keys. */
static void print_side6(const struct session *s)
{
	char t[TADDR6_STRLEN], a[INET6_ADDRSTRLEN];

	print_string(PRINT_TEXT, NULL, " %s",
		     format_taddr6(&s->addr6, s->port6, t, sizeof(t)));
	print_string(PRINT_TEXT, NULL, " -> %s",
		     format_taddr6(&s->remote6, s->remote_port6, t,
				   sizeof(t)));
	print_string(PRINT_JSON, "addr6", "%s",
		     inet_ntop(AF_INET6, &s->addr6, a, sizeof(a)));
	print_uint(PRINT_JSON, "port6", "%u", s->port6);
	print_string(PRINT_JSON, "remote6", "%s",
		     inet_ntop(AF_INET6, &s->remote6, a, sizeof(a)));
	print_uint(PRINT_JSON, "remote-port6", "%u", s->remote_port6);
}

static void print_side4(const struct session *s)
{
	char t[TADDR4_STRLEN], a[INET_ADDRSTRLEN];

	print_string(PRINT_TEXT, NULL, " | %s",
		     format_taddr4(&s->addr4, s->port4, t, sizeof(t)));
	print_string(PRINT_TEXT, NULL, " -> %s",
		     format_taddr4(&s->remote4, s->remote_port4, t,
				   sizeof(t)));
	print_string(PRINT_JSON, "addr4", "%s",
		     inet_ntop(AF_INET, &s->addr4, a, sizeof(a)));
	print_uint(PRINT_JSON, "port4", "%u", s->port4);
	print_string(PRINT_JSON, "remote4", "%s",
		     inet_ntop(AF_INET, &s->remote4, a, sizeof(a)));
	print_uint(PRINT_JSON, "remote-port4", "%u", s->remote_port4);
}

/*
 * "tcp [2001:db8::10]:40000 -> [64:ff9b::c000:202]:80 |
 *  192.0.2.1:61000 -> 192.0.2.2:80 ESTABLISHED" on one line.
 */
void session_print(const struct session *s)
{
	print_string(PRINT_ANY, "proto", "%s", proto_name(s->proto));
	print_side6(s);
	print_side4(s);
	if (s->proto == NAT64_PROTO_TCP)
		print_string(PRINT_ANY, "state", " %s",
			     session_tcp_state_name(s->tcp_state));
}

/* Then " expires 7439s"; JSON has the expiry in milliseconds. */
static void print_session(const struct session *s)
{
	print_open_object(NULL);
	session_print(s);
	print_uint(PRINT_TEXT, NULL, " expires %us\n", s->expires / 1000);
	print_uint(PRINT_JSON, "expires-ms", "%u", s->expires);
	print_close_object();
}

static int session_reply(struct nlmsghdr *nlh, void *arg)
{
	struct session_dump *d = arg;
	struct session s;

	if (session_read(nlh, &s, true))
		return -1;
	if (!wanted(d->filter, &s))
		return 0;
	if (!d->listed) {
		print_open_array(NULL);
		d->listed = true;
	}
	print_session(&s);
	return 0;
}

static int session_filter(struct nl_msg *msg, void *arg)
{
	const struct session_dump *d = arg;
	const struct session_req *f = d->filter;
	struct nlattr *nest;

	if (!f->has_proto && !f->has_addr6 && !f->has_addr4 && !f->has_remote4)
		return 0;
	nest = nla_nest_start(msg, NAT64_A_SESSION | NLA_F_NESTED);
	if (!nest ||
	    (f->has_proto &&
	     nla_put_u8(msg, NAT64_SESSION_A_PROTO, f->proto) < 0) ||
	    (f->has_addr6 &&
	     nla_put(msg, NAT64_SESSION_A_ADDR6, sizeof(f->addr6),
		     &f->addr6) < 0) ||
	    (f->has_addr4 &&
	     nla_put(msg, NAT64_SESSION_A_ADDR4, sizeof(f->addr4),
		     &f->addr4) < 0) ||
	    (f->has_remote4 &&
	     nla_put(msg, NAT64_SESSION_A_REMOTE4, sizeof(f->remote4),
		     &f->remote4) < 0))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

static int session_show(int argc, char **argv)
{
	struct session_req req;
	struct session_dump d = { .filter = &req };
	int ret;

	if (session_parse_show(argc, argv, &req))
		return ctl_usage_error();
	ret = nat64_dump(NAT64_CMD_SESSION_GET, session_filter, session_reply,
			 NULL, &d);
	/* Keep the JSON whole even when the dump failed half way. */
	if (!ret && !d.listed)
		print_open_array(NULL);
	if (!ret || d.listed)
		print_close_array();
	return ret;
}

/*
 * Every session ends, and the dynamic BIB entries with them; static
 * entries stay.  The flows that go on make new ones.
 */
static int session_flush(int argc, char **argv)
{
	struct parse_kw kw[] = { { .name = "proto" } };
	struct nl_msg *msg;
	struct nlattr *nest;
	unsigned int proto;

	if (parse_keywords("session flush", argc, argv, kw, ARRAY_SIZE(kw)) ||
	    (kw[0].value && parse_proto(kw[0].value, &proto)))
		return ctl_usage_error();
	msg = nat64_msg(NAT64_CMD_SESSION_FLUSH);
	if (!msg)
		return EXIT_FAIL;
	if (kw[0].value) {
		nest = nla_nest_start(msg, NAT64_A_SESSION | NLA_F_NESTED);
		if (!nest || nla_put_u8(msg, NAT64_SESSION_A_PROTO, proto) < 0)
			return nat64_msg_abort(msg);
		nla_nest_end(msg, nest);
	}
	return nat64_request(msg, NULL, NULL);
}

static void session_usage(FILE *fp)
{
	fprintf(fp,
		"Usage: nat64ctl session show [ proto PROTO ] [ addr6 ADDR6 ] [ addr4 ADDR4 ]\n"
		"                             [ remote4 ADDR4 ]\n"
		"       nat64ctl session flush [ proto PROTO ]\n"
		"       nat64ctl session help\n"
		"where  PROTO := { tcp | udp | icmp }\n"
		"       addr6: the IPv6 client; addr4: its pool4 address; remote4: the IPv4 peer\n"
		"       flush: ends every session (of PROTO), and the dynamic BIB entries\n"
		"              with them; static entries stay\n");
}

static const struct ctl_cmd session_cmds[] = {
	{ "show", session_show },
	{ "flush", session_flush },
	{ NULL, NULL },
};

const struct ctl_object ctl_object_session = {
	.name = "session",
	.usage = session_usage,
	.cmds = session_cmds,
};
