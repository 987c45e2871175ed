/* SPDX-License-Identifier: GPL-2.0 */
/* The "stats" object: its command-line parser, for the unit tests. */
#ifndef NAT64CTL_STATS_H
#define NAT64CTL_STATS_H

#include <stdbool.h>

/* The words after "stats show": "[nonzero]". */
int stats_parse_show(int argc, char **argv, bool *nonzero);
/* Counter @n's name (NAT64_STATS), or "counter-N" if this build lacks it. */
const char *stats_name(unsigned int n);

#endif /* NAT64CTL_STATS_H */
