/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "instance" object: its command-line parser, for the unit tests, and
 * what nat64ctl apply and save share of it.
 */
#ifndef NAT64CTL_INSTANCE_H
#define NAT64CTL_INSTANCE_H

#include <stdbool.h>
#include <stdint.h>

#include <netlink/msg.h>

#include "parse.h"

struct instance_req {
	struct prefix6 pool6;
	unsigned int mode;	/* enum nat64_instance_mode */
};

/* "pool6 PREFIX6 [ mode MODE ]", the words after "instance add". */
int instance_parse_add(int argc, char **argv, struct instance_req *req);
/*
 * The nest of a parsed "instance add" (attribute @type: NAT64_A_INSTANCE
 * in INSTANCE_ADD, and in CONFIG_APPLY); < 0 if @msg
 * is full.
 */
int instance_put(struct nl_msg *msg, int type, const struct instance_req *req);

/* "netfilter", "target"; "unknown" for a mode of a later kernel. */
const char *instance_mode_name(unsigned int mode);

struct instance_info {
	bool got;
	struct prefix6 pool6;
	unsigned int mode;	/* netfilter if the kernel does not say */
	uint32_t pool4_count;
};

/* The namespace's instance (INSTANCE_GET); returns an exit code. */
int instance_get(struct instance_info *info);

#endif /* NAT64CTL_INSTANCE_H */
