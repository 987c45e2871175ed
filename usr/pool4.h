/* SPDX-License-Identifier: GPL-2.0 */
/* The "pool4" object: its command-line parser, for the unit tests. */
#ifndef NAT64CTL_POOL4_H
#define NAT64CTL_POOL4_H

#include <stdbool.h>

#include "parse.h"

struct pool4_req {
	struct prefix4 prefix;		/* add and del only */
	bool has_proto;			/* absent: all protocols */
	unsigned int proto;		/* enum nat64_proto */
	bool has_ports;			/* absent: defaults, or everything */
	struct port_range ports;
};

/*
 * The words after "pool4 CMD".  @cmd is "add", "del", "flush" or "show":
 * add and del take "PREFIX4 [proto P] [ports R]", the others "[proto P]".
 */
int pool4_parse(const char *cmd, int argc, char **argv,
		struct pool4_req *req);

#endif /* NAT64CTL_POOL4_H */
