/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "session" object: its command-line parser, for the unit tests, and
 * its sessions as dumps and events (monitor) carry and print them.
 */
#ifndef NAT64CTL_SESSION_H
#define NAT64CTL_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#include <netlink/netlink.h>

/* The filters of "session show": any of them, all must match. */
struct session_req {
	bool has_proto;
	unsigned int proto;		/* enum nat64_proto */
	bool has_addr6;
	struct in6_addr addr6;		/* X' */
	bool has_addr4;
	struct in_addr addr4;		/* T */
	bool has_remote4;
	struct in_addr remote4;		/* Z */
};

/* The words after "session show". */
int session_parse_show(int argc, char **argv, struct session_req *req);
/* A TCP state's name (enum nat64_tcp_state), or "state-N" if unknown. */
const char *session_tcp_state_name(unsigned int state);

struct session {
	uint8_t proto;			/* enum nat64_proto */
	struct in6_addr addr6, remote6;
	uint16_t port6, remote_port6;
	struct in_addr addr4, remote4;
	uint16_t port4, remote_port4;
	uint8_t tcp_state;		/* TCP only */
	uint32_t expires;		/* milliseconds; 0 unless read */
};

/*
 * The NAT64_A_SESSION nest of @nlh; @expires: it must have EXPIRES, as
 * dumps do (events need not).  Returns 0, or -1 after saying what was
 * wrong.
 */
int session_read(struct nlmsghdr *nlh, struct session *s, bool expires);
/*
 * Its members but the expiry: in text "tcp [X']:x -> [Y']:y | T:t -> Z:z
 * ESTABLISHED" (no newline), in JSON proto, addr6, port6, remote6,
 * remote-port6, addr4, port4, remote4, remote-port4 and (TCP) state.
 */
void session_print(const struct session *s);

#endif /* NAT64CTL_SESSION_H */
