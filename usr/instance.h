/* SPDX-License-Identifier: GPL-2.0 */
/* The "instance" object: its command-line parser, for the unit tests. */
#ifndef NAT64CTL_INSTANCE_H
#define NAT64CTL_INSTANCE_H

#include "parse.h"

struct instance_req {
	struct prefix6 pool6;
};

/* "pool6 PREFIX6", the words after "instance add". */
int instance_parse_add(int argc, char **argv, struct instance_req *req);

#endif /* NAT64CTL_INSTANCE_H */
