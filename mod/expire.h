/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The expiry scan (expire.c), run by the instance's upkeep work (upkeep.c)
 * in chunks: each chunk ends what expired and notes the TCP sessions to
 * probe (RFC 6146 3.5.2.2), which the caller sends once the chunk has let
 * go of its locks and its RCU section.
 */
#ifndef _NAT64_EXPIRE_H
#define _NAT64_EXPIRE_H

#include "state_table.h"

/* Where one probe goes: (X',x), from (Y',y) = (pool6 + Z, z). */
struct nat64_tcp_probe {
	struct in6_addr addr6;		/* X' */
	__be32 raddr;			/* Z */
	__be16 port6;			/* x */
	__be16 rport;			/* z */
};

/*
 * The probes of one lock hold of the scan, on its stack: a few hundred
 * bytes.  A scan that fills it stops, sends, and resumes where it stopped.
 */
#define NAT64_TCP_PROBE_BATCH	16

struct nat64_tcp_probes {
	unsigned int n;
	struct nat64_tcp_probe p[NAT64_TCP_PROBE_BATCH];
};

static inline bool nat64_tcp_probes_full(const struct nat64_tcp_probes *pr)
{
	return pr->n >= NAT64_TCP_PROBE_BATCH;
}

/* One run of the scan: its budget, and what it did. */
struct nat64_expire_run {
	u32 trans_secs;			/* TCP transitory lifetime */
	u32 visits;
	u32 ended;
	bool wrapped;			/* a whole pass is done */
};

void nat64_expire_begin(struct nat64_state *st, struct nat64_expire_run *run);
/*
 * Scans one chunk, noting in @pr (empty) the probes to send; false once
 * the run is over (its budget spent, or a pass complete).
 */
bool nat64_expire_chunk(struct nat64_state *st, struct nat64_expire_run *run,
			struct nat64_tcp_probes *pr);
/* How long to wait before the next run, after @run. */
unsigned long nat64_expire_delay(const struct nat64_expire_run *run);

#endif /* _NAT64_EXPIRE_H */
