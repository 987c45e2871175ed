/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sessions (session.c): lookup, creation and unlink under the stripe of
 * their entry's (T,t), and the refresh of the packet path.
 */
#ifndef _NAT64_SESSION_H
#define _NAT64_SESSION_H

#include "state_table.h"

int nat64_session_cache_init(void);
void nat64_session_cache_exit(void);
struct nat64_session *nat64_session_of(struct nat64_ptable *pt,
				       const struct nat64_bib *bib,
				       __be32 raddr, __be16 rport);
struct nat64_session *nat64_session_create(struct nat64_state *st,
					   struct nat64_ptable *pt,
					   struct nat64_bib *bib,
					   __be32 raddr, __be16 rport,
					   u8 tcp_state, u8 flags, u32 lifetime,
					   u32 max_sessions,
					   enum nat64_stat *why);
void nat64_session_free(struct nat64_session *s);
void nat64_session_unlink(struct nat64_state *st, struct nat64_ptable *pt,
			  struct nat64_session *s, enum nat64_end_reason why);
void nat64_session_kill(struct nat64_state *st, struct nat64_ptable *pt,
			struct nat64_session *s, enum nat64_end_reason why);
bool nat64_session_touch(struct nat64_session *s, u32 secs, u32 now);
bool nat64_session_any_to(const struct nat64_bib *bib, __be32 raddr, u32 now);

#endif /* _NAT64_SESSION_H */
