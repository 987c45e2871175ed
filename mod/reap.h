/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Freeing unlinked BIB entries and sessions after a grace period, in
 * batches (reap.c).
 */
#ifndef _NAT64_REAP_H
#define _NAT64_REAP_H

#include "state_table.h"

void nat64_reap_init(struct nat64_ptable *pt);
void nat64_reap_session(struct nat64_ptable *pt, struct nat64_session *s);
void nat64_reap_bib(struct nat64_ptable *pt, struct nat64_bib *bib);
void nat64_reap_drain(struct nat64_ptable *pt);

#endif /* _NAT64_REAP_H */
