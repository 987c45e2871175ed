/* SPDX-License-Identifier: GPL-2.0 */
/*
 * State events (event.c): a BIB entry or session made or ended, sent to
 * the "bib" or "session" group of the instance's namespace
 * (include/nat64.h).
 */
#ifndef _NAT64_EVENT_H
#define _NAT64_EVENT_H

#include "state_table.h"

/* The reason of an event that has none (the _NEW ones). */
#define NAT64_END_NONE	NAT64_END_COUNT

/*
 * Under the stripe of the object's (T,t) (or, for a new entry, before any
 * other CPU can end it), any context.  Each costs one test when nobody
 * listens in the namespace.
 */
void nat64_event_bib(struct nat64_state *st, const struct nat64_ptable *pt,
		     const struct nat64_bib *bib, u8 cmd,
		     enum nat64_end_reason why);
void nat64_event_session(struct nat64_state *st,
			 const struct nat64_ptable *pt,
			 const struct nat64_session *s, u8 cmd,
			 enum nat64_end_reason why);

/* Process context: @net's instance and all its state ended. */
void nat64_event_flushed(struct net *net);

/* Module lifetime: between the family's registration and its end. */
void nat64_event_start(void);
void nat64_event_stop(void);

#endif /* _NAT64_EVENT_H */
