/* SPDX-License-Identifier: GPL-2.0 */
/* The "session" object: its command-line parser, for the unit tests. */
#ifndef NAT64CTL_SESSION_H
#define NAT64CTL_SESSION_H

#include <stdbool.h>
#include <netinet/in.h>

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

#endif /* NAT64CTL_SESSION_H */
