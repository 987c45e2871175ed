/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NAT64_GENL_H
#define _NAT64_GENL_H

#include <net/genetlink.h>

/* Its multicast groups, by index in the family's table. */
enum nat64_mcgrp {
	NAT64_MCGRP_BIB,
	NAT64_MCGRP_SESSION,
};

/* The "nat64" family: requests (genl.c), and events (event.c). */
extern struct genl_family nat64_family;

int nat64_genl_init(void);
void nat64_genl_exit(void);

#endif /* _NAT64_GENL_H */
