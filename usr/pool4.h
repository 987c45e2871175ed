/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "pool4" object: its command-line parser, for the unit tests, and
 * what nat64ctl apply and save share of it.
 */
#ifndef NAT64CTL_POOL4_H
#define NAT64CTL_POOL4_H

#include <stdbool.h>
#include <stddef.h>

#include <netlink/msg.h>

#include "parse.h"

struct pool4_req {
	struct prefix4 prefix;		/* add and del only */
	bool has_proto;			/* absent: all protocols */
	unsigned int proto;		/* enum nat64_proto */
	bool has_ports;			/* absent: defaults, or everything */
	struct port_range ports;
};

/*
 * The words after "pool4 CMD".  @cmd is "add", "del", "flush", "show" or
 * "usage": add and del take "PREFIX4 [proto P] [ports R]", the others
 * "[proto P]".
 */
int pool4_parse(const char *cmd, int argc, char **argv,
		struct pool4_req *req);

/*
 * The nest of a parsed "pool4 add" (attribute @type: NAT64_A_POOL4 in
 * POOL4_ADD, and in CONFIG_APPLY); < 0 if @msg is full.
 */
int pool4_put_entry(struct nl_msg *msg, int type, const struct pool4_req *req);

/* A pool4 entry as POOL4_GET dumps it: one protocol, explicit ports. */
struct pool4_entry {
	struct prefix4 prefix;
	unsigned int proto;
	unsigned int port_min;
	unsigned int port_max;
};

/*
 * The whole table, or (@filter with a protocol) that protocol's, from a
 * dump that the table did not change under: *@entries is for free().
 * Returns an exit code.
 */
int pool4_get(const struct pool4_req *filter, struct pool4_entry **entries,
	      size_t *count);

#endif /* NAT64CTL_POOL4_H */
