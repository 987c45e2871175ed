/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module-wide ceilings on what every instance together may hold, and who
 * may raise an instance's own limits (ceiling.c).
 */
#ifndef _NAT64_CEILING_H
#define _NAT64_CEILING_H

#include <linux/skbuff.h>
#include <net/netlink.h>

/*
 * A new session or stored SYN takes one unit of its ceiling before it is
 * allocated (false: the ceiling is reached, make nothing) and gives it
 * back when it is freed.  Any context.
 */
bool nat64_ceiling_session_charge(void);
void nat64_ceiling_session_uncharge(void);
bool nat64_ceiling_syn_charge(void);
void nat64_ceiling_syn_uncharge(void);

/*
 * GLOBAL_SET: 0, or -EPERM with an extack sentence when @tb raises
 * max-sessions or max-stored-syns above its default and the sender of
 * @skb lacks CAP_NET_ADMIN in the initial user namespace.
 */
int nat64_ceiling_may_raise(const struct sk_buff *skb, struct nlattr **tb,
			    struct netlink_ext_ack *extack);

/* Module lifetime (main.c); exit once every session and SYN is freed. */
int nat64_ceiling_init(void);
void nat64_ceiling_exit(void);

#endif /* _NAT64_CEILING_H */
