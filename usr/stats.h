/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "stats" object: its command-line parser, for the unit tests, and
 * the STATS_GET reply, which "stats show" and "stats prometheus" print.
 */
#ifndef NAT64CTL_STATS_H
#define NAT64CTL_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include <nat64.h>

/* More counters than a reply of this size could be is a broken reply. */
#define STATS_MAX	4096

struct stats_counter {
	unsigned int n;		/* enum nat64_stat, or newer than we know */
	uint64_t value;
};

/* One protocol's gauges. */
struct stats_proto {
	bool got;
	uint32_t bib;		/* BIB entries: pool4 ports in use */
	uint32_t sessions;
	uint64_t ports;		/* pool4's (address, port) pairs */
};

/* A STATS_GET reply: counters in the kernel's order, then gauges. */
struct stats {
	bool got;
	unsigned int count;
	struct stats_counter c[STATS_MAX];
	bool has_gauges;	/* a module older than gauges sends none */
	uint32_t sessions;
	uint32_t ipv4_sessions;
	uint32_t stored_syns;
	struct stats_proto proto[NAT64_PROTO_COUNT];
};

/* The words after "stats show": "[nonzero]". */
int stats_parse_show(int argc, char **argv, bool *nonzero);
/* Counter @n's name (NAT64_STATS), or "counter-N" if this build lacks it. */
const char *stats_name(unsigned int n);
/* Asks the module for @st; returns an exit code (printed errors). */
int stats_get(struct stats *st);

/* nat64ctl stats prometheus (prometheus.c). */
int stats_prometheus(int argc, char **argv);

#endif /* NAT64CTL_STATS_H */
