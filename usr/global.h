/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "global" object: its command-line parser, for the unit tests, the
 * settings as "stats prometheus" reads them, and what nat64ctl apply and
 * save share of it.
 */
#ifndef NAT64CTL_GLOBAL_H
#define NAT64CTL_GLOBAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/msg.h>

#include <nat64.h>

struct global_req {
	bool set[__NAT64_GLOBAL_A_MAX];		/* by NAT64_GLOBAL_A_* */
	uint32_t value[__NAT64_GLOBAL_A_MAX];
};

/* "KEY VALUE [KEY VALUE ...]", the words after "global set". */
int global_parse_set(int argc, char **argv, struct global_req *req);
/*
 * The current globals (GLOBAL_GET) into @value, indexed by
 * NAT64_GLOBAL_A_* (__NAT64_GLOBAL_A_MAX of them); returns an exit code.
 */
int global_get(uint32_t *value);
/* The command-line name of NAT64_GLOBAL_A_@attr, NULL if none. */
const char *global_key_name(unsigned int attr);
/*
 * Whether NAT64_GLOBAL_A_@attr is a key of its own, which a prefix's
 * length (the attribute after its address) is not.
 */
bool global_is_key(unsigned int attr);
/* Whether key @attr of @value (indexed by NAT64_GLOBAL_A_*) is its default. */
bool global_is_default(unsigned int attr, const uint32_t *value);
/*
 * Key @attr of @value as "global show" prints it and "global set" reads
 * it: "300", "on", "address-dependent", "192.0.2.0/29", "none".
 */
const char *global_value_text(unsigned int attr, const uint32_t *value,
			      char *buf, size_t size);
/*
 * Attribute @attr of a parsed "global set", if it set it, into the
 * GLOBALS nest being written (a prefix key is two attributes: its address
 * and, at @attr + 1, its length); < 0 if @msg is full.
 */
int global_put_attr(struct nl_msg *msg, const struct global_req *req,
		    unsigned int attr);

#endif /* NAT64CTL_GLOBAL_H */
