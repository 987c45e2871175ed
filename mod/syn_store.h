/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv4 SYNs held for simultaneous open (syn_store.c).
 */
#ifndef _NAT64_SYN_STORE_H
#define _NAT64_SYN_STORE_H

#include "state_table.h"

bool nat64_syn_stored(struct nat64_state *st, const struct nat64_tuple4 *t4);
bool nat64_syn_find_from(struct nat64_state *st, struct nat64_ptable *pt,
			 const struct nat64_pool4 *p, struct nat64_tuple4 *t4);
int nat64_syn_store(struct nat64_state *st, const struct nat64_globals *g,
		    const struct nat64_tuple4 *in, struct sk_buff *skb);
void nat64_syn_consume(struct nat64_state *st, const struct nat64_tuple4 *t4);
void nat64_syn_expire(struct nat64_state *st, struct sk_buff_head *due);
void nat64_syn_flush(struct nat64_state *st);

#endif /* _NAT64_SYN_STORE_H */
