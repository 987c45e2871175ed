/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The state as netlink shows it (state_attr.c): a BIB entry or a session
 * copied out of the tables, the nests that carry them (shared by the
 * dumps and the events, so both say the same thing the same way), and the
 * gauges of the STATS_GET reply.
 */
#ifndef _NAT64_STATE_ATTR_H
#define _NAT64_STATE_ATTR_H

#include <net/netlink.h>

#include "state_table.h"

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

/* RCU or the entry's stripe.  @sessions walks the entry's list. */
void nat64_bib_info_of(const struct nat64_ptable *pt,
		       const struct nat64_bib *bib, bool sessions,
		       struct nat64_bib_info *i);
void nat64_session_info_of(const struct nat64_instance *inst,
			   const struct nat64_session *s, u8 proto, u32 now,
			   struct nat64_session_info *i);

/*
 * A NAT64_A_BIB (NAT64_A_SESSION) nest; without SESSIONS (EXPIRES) when
 * @counts is false, as events carry them.  -EMSGSIZE when @skb is full.
 */
int nat64_bib_info_put(struct sk_buff *skb, const struct nat64_bib_info *b,
		       bool counts);
int nat64_session_info_put(struct sk_buff *skb,
			   const struct nat64_session_info *s, bool expires);

/* RCU: the NAT64_A_GAUGES nest of @inst. */
int nat64_gauges_put(struct sk_buff *skb, const struct nat64_instance *inst);

#endif /* _NAT64_STATE_ATTR_H */
