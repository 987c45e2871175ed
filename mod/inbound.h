/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sessions IPv4 packets open (inbound.c): admission against
 * max-ipv4-sessions and max-ipv4-sessions-per-bib, and the short life of
 * those the IPv6 side has not answered.
 */
#ifndef _NAT64_INBOUND_H
#define _NAT64_INBOUND_H

#include "state_table.h"

int nat64_inbound_admit(struct nat64_state *st, struct nat64_ptable *pt,
			const struct nat64_bib *bib,
			const struct nat64_globals *g, enum nat64_stat *why);
void nat64_inbound_cancel(struct nat64_state *st);
void nat64_inbound_commit(struct nat64_state *st, struct nat64_ptable *pt,
			  struct nat64_bib *bib, struct nat64_session *s);
void nat64_inbound_release(struct nat64_state *st, struct nat64_ptable *pt,
			   struct nat64_bib *bib);
bool nat64_inbound_answered(struct nat64_session *s);

#endif /* _NAT64_INBOUND_H */
