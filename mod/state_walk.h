/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sorted walks of the RFC 6146 state for the BIB and session dumps
 * (state_walk.c), and the shape in which netlink shows an entry or a
 * session.  Process context; the walks take no lock, only RCU.
 */
#ifndef _NAT64_STATE_WALK_H
#define _NAT64_STATE_WALK_H

#include <net/netlink.h>

#include "instance.h"
#include "state_attr.h"

/* What a dump asked for: every field optional. */
struct nat64_state_filter {
	struct in6_addr addr6;		/* X' */
	__be32 addr4;			/* T */
	__be32 raddr4;			/* Z, sessions only */
	u8 has;				/* NAT64_FILTER_* bits */
};

#define NAT64_FILTER_ADDR6	BIT(0)
#define NAT64_FILTER_ADDR4	BIT(1)
#define NAT64_FILTER_RADDR4	BIT(2)

/*
 * Where a dump of one protocol stands: past (T,t) when bib_done, else at
 * (T,t) past the session (Z,z).  Zeroed: the start.
 */
struct nat64_state_pos {
	__be32 addr4;
	__be32 raddr4;
	__be16 port4;
	__be16 rport;
	u8 started;
	u8 bib_done;
};

typedef int (*nat64_bib_cb)(void *ctx, const struct nat64_bib_info *b);
typedef int (*nat64_session_cb)(void *ctx, const struct nat64_session_info *s);

/*
 * Call @cb for each entry (session) of @proto past @pos that @f wants, in
 * (T,t) (then (Z,z)) order, moving @pos past each one @cb took.  Return
 * @cb's first non-zero answer (that one was not taken), or 0 at the end.
 */
int nat64_state_walk_bib(struct nat64_instance *inst, u8 proto,
			 const struct nat64_state_filter *f,
			 struct nat64_state_pos *pos, nat64_bib_cb cb, void *ctx);
int nat64_state_walk_sessions(struct nat64_instance *inst, u8 proto,
			      const struct nat64_state_filter *f,
			      struct nat64_state_pos *pos,
			      nat64_session_cb cb, void *ctx);

/* One pool4 address in use in one protocol (POOL4_USE_GET). */
struct nat64_addr_use_info {
	u8 proto;
	__be32 addr;
	u32 used;		/* ports held by BIB entries */
	u32 ports;		/* its ports in pool4 */
};

typedef int (*nat64_addr_use_cb)(void *ctx,
				 const struct nat64_addr_use_info *u);

/*
 * Call @cb for each address of @proto in use from *@next (host order) up,
 * in address order, setting *@next past each one @cb took; *@next beyond
 * U32_MAX means done.  Returns as nat64_state_walk_bib() does.
 */
int nat64_state_walk_addr_use(struct nat64_instance *inst, u8 proto,
			      u64 *next, nat64_addr_use_cb cb, void *ctx);

#endif /* _NAT64_STATE_WALK_H */
