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

/* A BIB entry as netlink shows it; ports in host order. */
struct nat64_bib_info {
	u8 proto;
	bool is_static;
	u16 port6;
	u16 port4;
	struct in6_addr addr6;
	__be32 addr4;
	u32 sessions;
};

/* A session as netlink shows it; ports in host order. */
struct nat64_session_info {
	u8 proto;
	u8 tcp_state;
	u16 port6, rport6, port4, rport4;
	struct in6_addr addr6, raddr6;
	__be32 addr4, raddr4;
	u32 expires_ms;
};

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

#endif /* _NAT64_STATE_WALK_H */
