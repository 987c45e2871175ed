/* SPDX-License-Identifier: GPL-2.0 */
/* The "bib" object: its command-line parser, for the unit tests. */
#ifndef NAT64CTL_BIB_H
#define NAT64CTL_BIB_H

#include <stdbool.h>

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

#endif /* NAT64CTL_BIB_H */
