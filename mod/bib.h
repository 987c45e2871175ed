/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BIB entries (bib.c): lookup by either side, making and publishing a
 * new entry with a port chosen from pool4, the (T,t)-ordered walk, and the
 * end of an entry with its sessions.  What the fields and flags mean, and
 * the locking, is in state_table.h.
 */
#ifndef _NAT64_BIB_H
#define _NAT64_BIB_H

#include "state_table.h"

int nat64_bib_cache_init(void);
void nat64_bib_cache_exit(void);
struct nat64_bib *nat64_bib_find6(struct nat64_ptable *pt,
				  const struct in6_addr *addr, __be16 port);
struct nat64_bib *nat64_bib_find4(struct nat64_ptable *pt, __be32 addr,
				  __be16 port);
struct nat64_bib *nat64_bib_first4(struct nat64_ptable *pt, __be32 addr,
				   __be16 port, bool inclusive);
struct nat64_bib *nat64_bib_next(struct nat64_ptable *pt,
				 const struct nat64_bib *bib);
struct nat64_bib *nat64_bib_new(struct nat64_instance *inst,
				struct nat64_ptable *pt,
				const struct in6_addr *addr6, __be16 port6,
				u8 plen, const struct nat64_tuple4 *at,
				__be32 paired, enum nat64_stat *why);
int nat64_bib_claim(struct nat64_ptable *pt, __be32 addr, __be16 port);
void nat64_bib_unclaim(struct nat64_ptable *pt, __be32 addr, __be16 port);
bool nat64_bib_port_free(struct nat64_ptable *pt, __be32 addr, __be16 port);
int nat64_bib_publish(struct nat64_state *st, struct nat64_ptable *pt,
		      struct nat64_bib *bib);
struct nat64_bib *nat64_bib_alloc(const struct in6_addr *addr6, __be16 port6,
				  __be32 addr4, __be16 port4, gfp_t gfp);
bool nat64_bib_is_static(const struct nat64_bib *bib);
bool nat64_bib_is_dead(const struct nat64_bib *bib);
void nat64_bib_make_static(struct nat64_ptable *pt, struct nat64_bib *bib);
void nat64_bib_make_dynamic(struct nat64_state *st, struct nat64_ptable *pt,
			    struct nat64_bib *bib);
u32 nat64_bib_sessions(const struct nat64_bib *bib);
void nat64_bib_free(struct nat64_bib *bib);
bool nat64_bib_kill(struct nat64_state *st, struct nat64_ptable *pt,
		    struct nat64_bib *bib, enum nat64_end_reason why)
	__releases(RCU) __acquires(RCU);
void nat64_bib_end_sessions(struct nat64_state *st, struct nat64_ptable *pt,
			    struct nat64_bib *bib, enum nat64_end_reason why)
	__releases(RCU) __acquires(RCU);
void nat64_bib_put(struct nat64_state *st, struct nat64_ptable *pt,
		   struct nat64_bib *bib, enum nat64_end_reason why);
void nat64_bib_uses_destroy(struct nat64_ptable *pt);

#endif /* _NAT64_BIB_H */
