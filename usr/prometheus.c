// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl stats prometheus: the counters, the gauges, pool4's use and the
 * limits in the Prometheus text exposition format (version 0.0.4), for
 * node_exporter's textfile collector, written say every minute as
 *
 *	nat64ctl stats prometheus >nat64.prom.new &&
 *		mv nat64.prom.new nat64.prom
 *
 * Everything is asked for first and printed only once every answer came:
 * a failure prints nothing, and the last good file stays in place.
 * Names follow Prometheus' conventions: snake case, the nat64_ prefix,
 * _total on counters only, HELP and TYPE once per family.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <nat64.h>

#include "global.h"
#include "nat64ctl.h"
#include "parse.h"
#include "pool4_use.h"
#include "prometheus.h"
#include "stats.h"

#include "array_size.h"

enum counts {
	COUNTS_PACKETS = 1,	/* 0: a row forgotten */
	COUNTS_EVENTS,
};

/*
 * What each counter counts: the outcome of a packet (each packet the
 * NAT64 takes ends in exactly one: translated, hairpinned, stored, or
 * dropped and why), or an event.  One row per counter of NAT64_STATS: a
 * unit test fails when one is missing.
 */
#define PACKETS(id)	[NAT64_STAT_##id] = COUNTS_PACKETS
#define EVENTS(id)	[NAT64_STAT_##id] = COUNTS_EVENTS

static const enum counts counts[NAT64_STAT_COUNT] = {
	PACKETS(XLAT_6TO4),
	PACKETS(XLAT_4TO6),
	PACKETS(HAIRPIN),
	PACKETS(ICMP_ERR_6TO4),
	PACKETS(ICMP_ERR_4TO6),
	PACKETS(DROP_MALFORMED6),
	PACKETS(DROP_MALFORMED4),
	PACKETS(DROP_HOP_LIMIT),
	PACKETS(DROP_TTL),
	PACKETS(DROP_PROTO6),
	PACKETS(DROP_PROTO4),
	PACKETS(DROP_NONGLOBAL4),
	PACKETS(DROP_POOL4_EXHAUSTED),
	PACKETS(DROP_NO_BIB),
	PACKETS(DROP_FILTERED),
	PACKETS(DROP_EXTERNAL_TCP),
	PACKETS(DROP_SESSION_LIMIT),
	PACKETS(DROP_TCP_STATE),
	PACKETS(SYN_STORED),
	PACKETS(DROP_SYN_STORE_FULL),
	PACKETS(DROP_ICMP_TYPE),
	PACKETS(DROP_ICMP_ERR_NO_STATE),
	PACKETS(DROP_ICMP_FRAGMENTED),
	PACKETS(DROP_TOO_BIG),
	PACKETS(DROP_ROUTING_HDR),
	PACKETS(DROP_SOURCE_ROUTE),
	PACKETS(DROP_NO_ROUTE6),
	PACKETS(DROP_NO_ROUTE4),
	PACKETS(DROP_NOMEM),
	PACKETS(DROP_FRAGMENT),
	EVENTS(BIB_CREATED),
	EVENTS(SESSION_CREATED),
	EVENTS(SESSION_EXPIRED),
	EVENTS(SYN_EXPIRED),
	PACKETS(DROP_SPECIAL6),
	PACKETS(DROP_SPECIAL4),
	PACKETS(DROP_TO_HOST),
	PACKETS(DROP_BAD_GSO),
	PACKETS(DROP_SESSIONS_TOTAL),
	PACKETS(DROP_SYNS_TOTAL),
	PACKETS(DROP_IPV4_SESSION_LIMIT),
	PACKETS(DROP_BIB_SESSION_LIMIT),
	PACKETS(DROP_HOST_SESSION_LIMIT),
	PACKETS(DROP_HOST_BIB_LIMIT),
	EVENTS(SYN_HAIRPIN_ANSWER),
	EVENTS(TCP_PROBE_SENT),
	EVENTS(TCP_PROBE_FAILED),
	PACKETS(DROP_STATE_BUSY),
	EVENTS(EVENTS_LOST),
	EVENTS(ICMP_RATE_LIMITED),
	PACKETS(DROP_IPSEC_POLICY),
	EVENTS(HAIRPIN_ERROR),
};

struct counter_family {
	const char *name;
	const char *label;	/* its value: the counter's name */
	const char *help;
};

static const struct counter_family counter_families[] = {
	[COUNTS_PACKETS] = { "nat64_packets_total", "outcome",
		"Packets the NAT64 took, by what became of them: translated, hairpinned, stored, or dropped and why." },
	[COUNTS_EVENTS] = { "nat64_events_total", "event",
		"Events of the NAT64's state and of the packets it sends itself." },
};

/* A gauge per protocol, from the STATS_GET reply. */
enum proto_gauge {
	GAUGE_BIB,
	GAUGE_SESSIONS,
	GAUGE_PORTS,
};

static const struct {
	const char *name;
	const char *help;
} proto_gauges[] = {
	[GAUGE_BIB] = { "nat64_bib_entries",
		"BIB entries, that is pool4 ports in use, by protocol." },
	[GAUGE_SESSIONS] = { "nat64_sessions_by_proto",
		"Sessions, by protocol." },
	[GAUGE_PORTS] = { "nat64_pool4_ports",
		"Pool4 (address, port) pairs, by protocol: the most BIB entries there can be." },
};

/* The limits among the globals: each exported as nat64_<key>. */
static const struct {
	unsigned int attr;
	const char *help;
} limits[] = {
	{ NAT64_GLOBAL_A_MAX_SESSIONS,
	  "The most sessions the instance keeps (global max-sessions)." },
	{ NAT64_GLOBAL_A_MAX_IPV4_SESSIONS,
	  "The most sessions IPv4 packets may open (global max-ipv4-sessions)." },
	{ NAT64_GLOBAL_A_MAX_IPV4_SESSIONS_PER_BIB,
	  "The most sessions IPv4 packets may open through one BIB entry (global max-ipv4-sessions-per-bib)." },
	{ NAT64_GLOBAL_A_MAX_SESSIONS_PER_HOST,
	  "The most sessions of one subscriber in a protocol (global max-sessions-per-host)." },
	{ NAT64_GLOBAL_A_MAX_BIB_PER_HOST,
	  "The most BIB entries of one subscriber in a protocol (global max-bib-per-host)." },
	{ NAT64_GLOBAL_A_MAX_STORED_SYNS,
	  "The most IPv4 SYNs held at once (global max-stored-syns)." },
};

/* All that one exposition shows, asked for before anything is printed. */
struct scrape {
	struct stats st;
	uint32_t globals[__NAT64_GLOBAL_A_MAX];
	struct pool4_use *use;
	size_t count;
	size_t size;
};

/* 0 for a counter newer than this nat64ctl. */
static enum counts kind_of(unsigned int n)
{
	return n < ARRAY_SIZE(counts) ? counts[n] : 0;
}

const char *prom_counter_family(unsigned int n)
{
	return kind_of(n) ? counter_families[kind_of(n)].name : NULL;
}

void prom_label_value(FILE *fp, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', fp);
		if (*s == '\n')
			fputs("\\n", fp);
		else
			fputc(*s, fp);
	}
}

static void head(FILE *fp, const char *name, const char *type,
		 const char *help)
{
	fprintf(fp, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/*
 * "name{key="value",...} 12": @labels holds key, value pairs and ends
 * with a NULL key.
 */
static void sample(FILE *fp, const char *name, const char *const *labels,
		   uint64_t value)
{
	const char *sep = "{";

	fputs(name, fp);
	for (; labels && labels[0]; labels += 2) {
		fprintf(fp, "%s%s=\"", sep, labels[0]);
		prom_label_value(fp, labels[1]);
		fputc('"', fp);
		sep = ",";
	}
	if (*sep == ',')
		fputc('}', fp);
	fprintf(fp, " %" PRIu64 "\n", value);
}

/* One counter family, in the kernel's order; no lines if it has none. */
static void print_counters(FILE *fp, const struct stats *st, enum counts kind)
{
	const struct counter_family *f = &counter_families[kind];
	const char *labels[] = { f->label, NULL, NULL };
	bool headed = false;
	unsigned int i;

	for (i = 0; i < st->count; i++) {
		if (kind_of(st->c[i].n) != kind)
			continue;
		if (!headed)
			head(fp, f->name, "counter", f->help);
		headed = true;
		labels[1] = stats_name(st->c[i].n);
		sample(fp, f->name, labels, st->c[i].value);
	}
}

static void gauge(FILE *fp, const char *name, const char *help,
		  uint64_t value)
{
	head(fp, name, "gauge", help);
	sample(fp, name, NULL, value);
}

static uint64_t proto_value(const struct stats_proto *p, enum proto_gauge g)
{
	switch (g) {
	case GAUGE_BIB:
		return p->bib;
	case GAUGE_SESSIONS:
		return p->sessions;
	default:
		return p->ports;
	}
}

static void print_proto_gauge(FILE *fp, const struct stats *st,
			      enum proto_gauge g)
{
	const char *labels[] = { "proto", NULL, NULL };
	unsigned int p;

	head(fp, proto_gauges[g].name, "gauge", proto_gauges[g].help);
	for (p = 0; p < NAT64_PROTO_COUNT; p++) {
		if (!st->proto[p].got)
			continue;
		labels[1] = proto_name(p);
		sample(fp, proto_gauges[g].name, labels,
		       proto_value(&st->proto[p], g));
	}
}

static void print_gauges(FILE *fp, const struct stats *st)
{
	gauge(fp, "nat64_sessions",
	      "Sessions of all protocols, which nat64_max_sessions limits.",
	      st->sessions);
	gauge(fp, "nat64_ipv4_sessions",
	      "Sessions opened by IPv4 packets, which nat64_max_ipv4_sessions limits.",
	      st->ipv4_sessions);
	gauge(fp, "nat64_stored_syns",
	      "IPv4 SYNs held until an IPv6 SYN answers, which nat64_max_stored_syns limits.",
	      st->stored_syns);
	print_proto_gauge(fp, st, GAUGE_BIB);
	print_proto_gauge(fp, st, GAUGE_SESSIONS);
	print_proto_gauge(fp, st, GAUGE_PORTS);
}

/* Per pool4 address in use: the ports BIB entries hold, and its ports. */
enum use_gauge {
	USE_USED,
	USE_PORTS,
};

static const struct {
	const char *name;
	const char *help;
} use_gauges[] = {
	[USE_USED] = { "nat64_pool4_ports_used",
		"Ports of a pool4 address that BIB entries hold, by protocol, for the addresses that hold any." },
	[USE_PORTS] = { "nat64_pool4_address_ports",
		"Ports of a pool4 address, by protocol, for the addresses that nat64_pool4_ports_used shows." },
};

static void print_use(FILE *fp, const struct scrape *s, enum use_gauge g)
{
	const char *labels[] = { "proto", NULL, "address", NULL, NULL };
	const struct pool4_use *u;
	char addr[INET_ADDRSTRLEN];
	size_t i;

	if (!s->count)
		return;
	head(fp, use_gauges[g].name, "gauge", use_gauges[g].help);
	for (i = 0; i < s->count; i++) {
		u = &s->use[i];
		labels[1] = proto_name(u->proto);
		labels[3] = inet_ntop(AF_INET, &u->addr, addr, sizeof(addr));
		sample(fp, use_gauges[g].name, labels,
		       g == USE_USED ? u->used : u->ports);
	}
}

/* "max-sessions" becomes "nat64_max_sessions". */
static const char *limit_name(unsigned int attr, char *buf, size_t size)
{
	char *p;

	snprintf(buf, size, "nat64_%s", global_key_name(attr));
	for (p = buf; *p; p++)
		if (*p == '-')
			*p = '_';
	return buf;
}

static void print_limits(FILE *fp, const uint32_t *globals)
{
	char name[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(limits); i++)
		gauge(fp, limit_name(limits[i].attr, name, sizeof(name)),
		      limits[i].help, globals[limits[i].attr]);
}

static int keep_use(const struct pool4_use *u, void *arg)
{
	struct scrape *s = arg;
	struct pool4_use *use;

	if (s->count == s->size) {
		use = ctl_grow(s->use, &s->size, sizeof(*use), 64);
		if (!use) {
			ctl_error("%s", strerror(ENOMEM));
			return -1;
		}
		s->use = use;
	}
	s->use[s->count++] = *u;
	return 0;
}

static int ask(struct scrape *s)
{
	int ret = stats_get(&s->st);

	if (!ret)
		ret = global_get(s->globals);
	/* A module that sends no gauges predates POOL4_USE_GET too. */
	if (!ret && s->st.has_gauges)
		ret = pool4_use_dump(false, 0, keep_use, s);
	return ret;
}

int stats_prometheus(int argc, char **argv)
{
	static struct scrape s;
	FILE *fp = stdout;
	int ret;

	if (ctl_no_args("stats prometheus", argc, argv))
		return EXIT_USAGE;
	memset(&s, 0, sizeof(s));
	ret = ask(&s);
	if (!ret) {
		print_counters(fp, &s.st, COUNTS_PACKETS);
		print_counters(fp, &s.st, COUNTS_EVENTS);
		if (s.st.has_gauges)
			print_gauges(fp, &s.st);
		print_use(fp, &s, USE_USED);
		print_use(fp, &s, USE_PORTS);
		print_limits(fp, s.globals);
	}
	free(s.use);
	return ret;
}
