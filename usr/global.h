/* SPDX-License-Identifier: GPL-2.0 */
/* The "global" object: its command-line parser, for the unit tests. */
#ifndef NAT64CTL_GLOBAL_H
#define NAT64CTL_GLOBAL_H

#include <stdbool.h>
#include <stdint.h>

#include <nat64.h>

struct global_req {
	bool set[__NAT64_GLOBAL_A_MAX];		/* by NAT64_GLOBAL_A_* */
	uint32_t value[__NAT64_GLOBAL_A_MAX];
};

/* "KEY VALUE [KEY VALUE ...]", the words after "global set". */
int global_parse_set(int argc, char **argv, struct global_req *req);
/* The command-line name of NAT64_GLOBAL_A_@attr, NULL if none. */
const char *global_key_name(unsigned int attr);

#endif /* NAT64CTL_GLOBAL_H */
