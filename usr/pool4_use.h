/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How much of each pool4 address BIB entries hold (POOL4_USE_GET): for
 * "pool4 usage" and "stats prometheus".
 */
#ifndef NAT64CTL_POOL4_USE_H
#define NAT64CTL_POOL4_USE_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

/* One pool4 address that holds at least one BIB entry, in one protocol. */
struct pool4_use {
	unsigned int proto;	/* enum nat64_proto */
	struct in_addr addr;
	uint32_t used;		/* ports held by BIB entries */
	uint32_t ports;		/* its ports in pool4 */
};

/* Gets each address as it arrives: 0, or -1 after an error message. */
typedef int (*pool4_use_cb)(const struct pool4_use *u, void *arg);

/*
 * Asks for the addresses in use, of @proto only if @has_proto, sorted by
 * protocol and address; returns an exit code.  Counts change with every
 * new flow: the dump is not repeated when the kernel says it changed.
 */
int pool4_use_dump(bool has_proto, unsigned int proto, pool4_use_cb cb,
		   void *arg);

/* nat64ctl pool4 usage [ proto PROTO ] */
int pool4_use_show(int argc, char **argv);

#endif /* NAT64CTL_POOL4_USE_H */
