/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module-wide ceilings on what every instance together may hold, and who
 * may raise an instance's own limits (ceiling.c).
 */
#ifndef _NAT64_CEILING_H
#define _NAT64_CEILING_H

#include <linux/math.h>
#include <linux/skbuff.h>
#include <net/netlink.h>

/*
 * A new session or stored SYN takes one unit of its ceiling before it is
 * allocated (false: the ceiling is reached, make nothing) and gives it
 * back when it is freed; a stored SYN when it leaves the store, which its
 * remover frees right after.  Any context.
 *
 * The session ceiling counts memory in units of what a flow costs, so
 * the rest of what packets and requests make is held to it as well: a
 * static BIB entry takes one unit, a pool4 address's record of its ports
 * (8 KiB) the units its bytes make.
 */
#define NAT64_CEILING_UNIT_BYTES	160
#define NAT64_CEILING_UNITS(bytes) \
	DIV_ROUND_UP(bytes, NAT64_CEILING_UNIT_BYTES)

/*
 * @userns: for an instance whose network namespace another user namespace
 * than the initial one owns, which may fill only userns_share percent of
 * each ceiling (ceiling.c).
 */
bool nat64_ceiling_charge(unsigned int units, bool userns);
void nat64_ceiling_uncharge(unsigned int units);

static inline bool nat64_ceiling_session_charge(bool userns)
{
	return nat64_ceiling_charge(1, userns);
}

static inline void nat64_ceiling_session_uncharge(void)
{
	nat64_ceiling_uncharge(1);
}

bool nat64_ceiling_syn_charge(bool userns);
void nat64_ceiling_syn_uncharge(void);

/*
 * GLOBAL_SET: 0, or -EPERM with an extack sentence when @tb raises
 * one of the limits above its default and the sender of
 * @skb lacks CAP_NET_ADMIN in the initial user namespace.
 */
int nat64_ceiling_may_raise(const struct sk_buff *skb, struct nlattr **tb,
			    struct netlink_ext_ack *extack);

/* Module lifetime (main.c); exit once every session and SYN is freed. */
int nat64_ceiling_init(void);
void nat64_ceiling_exit(void);

#endif /* _NAT64_CEILING_H */
