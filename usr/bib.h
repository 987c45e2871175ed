/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "bib" object: its command-line parser, for the unit tests, and its
 * entries as dumps and events (monitor) carry and print them.
 */
#ifndef NAT64CTL_BIB_H
#define NAT64CTL_BIB_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#include <netlink/netlink.h>

#include "parse.h"

/*
 * A BIB request: add needs every field, del the protocol and a side,
 * show any of the protocol and the two addresses (no ports) as filters.
 */
struct bib_req {
	bool has_proto;
	unsigned int proto;		/* enum nat64_proto */
	bool has6;
	struct taddr6 t6;		/* (X', x) */
	bool has4;
	struct taddr4 t4;		/* (T, t) */
};

/* The words after "bib CMD"; @cmd is "add", "del" or "show". */
int bib_parse(const char *cmd, int argc, char **argv, struct bib_req *req);
/*
 * The nest of a parsed "bib add" (attribute @type: NAT64_A_BIB in BIB_ADD,
 * and in CONFIG_APPLY); < 0 if @msg is full.
 */
int bib_put_entry(struct nl_msg *msg, int type, const struct bib_req *req);

struct bib_entry {
	uint8_t proto;			/* enum nat64_proto */
	struct in6_addr addr6;
	uint16_t port6;
	struct in_addr addr4;
	uint16_t port4;
	uint8_t is_static;
	uint32_t sessions;		/* dumps only: 0 in events */
};

/*
 * The NAT64_A_BIB nest of @nlh; @sessions: it must have SESSIONS, as dumps
 * do (events do not).  Returns 0, or -1 after saying what was wrong.
 */
int bib_entry_read(struct nlmsghdr *nlh, struct bib_entry *e, bool sessions);
/*
 * Its members, in text "tcp [2001:db8::80]:80 192.0.2.1:80 static" (no
 * newline), in JSON proto, addr6, port6, addr4, port4 and static.
 */
void bib_entry_print(const struct bib_entry *e);

#endif /* NAT64CTL_BIB_H */
