/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-subscriber counts and limits (host.c): BIB entries and sessions
 * per IPv6 host or subscriber prefix, reserved at admission.
 */
#ifndef _NAT64_HOST_H
#define _NAT64_HOST_H

#include "state_table.h"

void nat64_host_locks_init(void);
/*
 * The subscriber prefix length of the per-host counts: -EBUSY while any
 * BIB entry exists, whose host is counted under the old one.
 */
bool nat64_hosts_plen_fixed(struct nat64_state *st);
int nat64_hosts_set_plen(struct nat64_state *st, u8 plen);
void nat64_hosts_restore_plen(struct nat64_state *st, u8 plen);
int nat64_host_admit(struct nat64_state *st, struct nat64_ptable *pt,
		     const struct nat64_globals *g,
		     const struct in6_addr *addr6, u8 plen, bool new_bib,
		     struct nat64_host **hp, enum nat64_stat *why);
/* Paired pooling: the pool4 address a subscriber's entries use. */
__be32 nat64_host_paired(struct nat64_state *st, const struct nat64_ptable *pt,
			 const struct nat64_host *h);
void nat64_host_pair(struct nat64_host *h, __be32 addr4);
void nat64_host_cancel(struct nat64_state *st, struct nat64_ptable *pt,
		       const struct in6_addr *addr6, u8 plen, bool new_bib);
int nat64_host_count_bib(struct nat64_state *st, struct nat64_ptable *pt,
			 const struct nat64_bib *bib);
void nat64_host_uncount_bib(struct nat64_state *st, struct nat64_ptable *pt,
			    const struct nat64_bib *bib);
void nat64_host_uncount_session(struct nat64_state *st,
				struct nat64_ptable *pt,
				const struct nat64_bib *bib);
void nat64_host_free(void *ptr, void *arg);

#endif /* _NAT64_HOST_H */
