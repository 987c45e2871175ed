/* SPDX-License-Identifier: GPL-2.0 */
/* "stats prometheus" (prometheus.c): its pieces, for the unit tests. */
#ifndef NAT64CTL_PROMETHEUS_H
#define NAT64CTL_PROMETHEUS_H

#include <stdio.h>

/*
 * The metric family of counter @n (enum nat64_stat):
 * "nat64_packets_total" or "nat64_events_total"; NULL for a counter this
 * nat64ctl does not know, which is left out.
 */
const char *prom_counter_family(unsigned int n);
/* @s as a label value: backslash, double quote and newline escaped. */
void prom_label_value(FILE *fp, const char *s);

#endif /* NAT64CTL_PROMETHEUS_H */
