/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RFC 6146 state of one instance: a BIB per protocol and the sessions
 * hanging off it, as the packet path sees them (RFC 6146 sections 3.4-3.6).
 *
 * The packet path hands in the incoming tuple and gets the outgoing one:
 *
 *   nat64_state_6to4()   (X',x) -> (Y',y)   becomes   (T,t) -> (Z,z)
 *   nat64_state_4to6()   (Z,z) -> (T,t)     becomes   (Y',y) -> (X',x)
 *
 * creating, refreshing and filtering as the RFC says.  ICMP errors look up
 * the tuple of the packet they quote with the _find variants, which never
 * create, refresh or delete anything (RFC 6146 3.5, RFC 5508 REQ-6).
 *
 * For ICMP queries the identifier stands in for both ports: sport and dport
 * of a tuple are equal to it (RFC 6146 3.4).
 *
 * Every function here is callable from the hooks (softirq, RCU read side).
 * An existing flow costs one RCU hash probe (from IPv6 that of its BIB
 * entry, then a walk of the entry's first sessions) and allocates nothing;
 * it takes no lock at all unless it changes its session (a TCP state
 * change, or an expiry that moves by a second or more), and then only that
 * session's.
 * A new flow takes the stripe lock of its (T,t) alone (state_table.h):
 * new flows on different CPUs meet only when they hash to one stripe.
 *
 * Expiry times are kept to the second: traffic within a second of the last
 * refresh does not move them, so SESSION_GET may show up to 1 s less than
 * the full timeout on a busy session.
 */
#ifndef _NAT64_STATE_H
#define _NAT64_STATE_H

#include <linux/skbuff.h>
#include <linux/in6.h>

#include "nat64.h"

struct nat64_instance;
struct nat64_globals;

struct nat64_tuple6 {
	struct in6_addr src;
	struct in6_addr dst;
	__be16 sport;
	__be16 dport;
	u8 proto;		/* enum nat64_proto */
};

struct nat64_tuple4 {
	__be32 src;
	__be32 dst;
	__be16 sport;
	__be16 dport;
	u8 proto;		/* enum nat64_proto */
};

enum nat64_state_verdict {
	NAT64_STATE_FORWARD,	/* translate using the tuple filled in */
	NAT64_STATE_DROP,	/* drop; *why names the counter to bump */
	/*
	 * The state kept the packet (an IPv4 SYN stored for simultaneous
	 * open, RFC 6146 3.5.2.2): return NF_STOLEN, touch it no more.
	 * *why is NAT64_STAT_SYN_STORED.
	 */
	NAT64_STATE_STOLEN,
	/*
	 * No IPv4 transport address could be allocated (RFC 6146 3.5.1.1):
	 * drop and answer ICMPv6 Destination Unreachable, code 3 (address
	 * unreachable).  *why is NAT64_STAT_DROP_POOL4_EXHAUSTED.
	 */
	NAT64_STATE_ADDR_UNREACH,
	/*
	 * 4->6 only: no BIB entry, and (T,t) lies outside every pool4 port
	 * range of the protocol, so the packet is not the NAT64's (the pool4
	 * address may be the box's own, serving ssh on port 22): give it back
	 * to the stack, NF_ACCEPT, no counter.  Without a BIB entry inside a
	 * range the verdict is DROP with NAT64_STAT_DROP_NO_BIB.
	 */
	NAT64_STATE_ACCEPT,
	/*
	 * 6->4 only: the source host is at its max-bib-per-host or
	 * max-sessions-per-host: drop and answer ICMPv6 Destination
	 * Unreachable, code 1 (administratively prohibited; RFC 6888 REQ-11).
	 * *why names the limit.
	 */
	NAT64_STATE_ADMIN_PROHIB,
};

/*
 * @tcp_flags is byte 13 of the TCP header (0 for UDP and ICMP).  The
 * caller has checked that Y' lies in pool6 and that Z may be represented
 * (RFC 6052 3.1).
 */
enum nat64_state_verdict nat64_state_6to4(struct nat64_instance *inst,
					  const struct nat64_globals *g,
					  const struct nat64_tuple6 *in,
					  u8 tcp_flags,
					  struct nat64_tuple4 *out,
					  enum nat64_stat *why);

/*
 * @skb is the whole IPv4 packet, held only when the verdict is STOLEN; on
 * expiry of a stored SYN the state answers it with ICMP Port Unreachable
 * (RFC 5382 REQ-4) through nat64_icmp4_error() (from a pool4 source, a
 * hairpinned SYN, through the 4->6 path instead) and frees it.  The
 * caller has checked that T lies in pool4.
 */
enum nat64_state_verdict nat64_state_4to6(struct nat64_instance *inst,
					  const struct nat64_globals *g,
					  const struct nat64_tuple4 *in,
					  u8 tcp_flags, struct sk_buff *skb,
					  struct nat64_tuple6 *out,
					  enum nat64_stat *why);

/*
 * Lookups for ICMP errors: @in is the tuple of a packet travelling in the
 * named direction; true and @out filled when a session exists.  Nothing
 * is created, refreshed or deleted.
 */
bool nat64_state_find_6to4(struct nat64_instance *inst,
			   const struct nat64_tuple6 *in,
			   struct nat64_tuple4 *out);
bool nat64_state_find_4to6(struct nat64_instance *inst,
			   const struct nat64_tuple4 *in,
			   struct nat64_tuple6 *out);

/*
 * A number that changes with every BIB entry or session made or ended:
 * a dump that sees it change flags its answer as interrupted.
 */
u32 nat64_state_gen(struct nat64_instance *inst);

/* Is @addr one of the pool4 addresses (any protocol)?  For hairpinning. */
bool nat64_state_is_pool4(struct nat64_instance *inst, __be32 addr);

/*
 * Instance lifetime (instance.c): set up, and tear down after unhooking
 * and a grace period (process context, the upkeep work stopped).
 */
int nat64_state_init(struct nat64_instance *inst);
void nat64_state_destroy(struct nat64_instance *inst);

/* Module lifetime (main.c): the slab caches; exit after rcu_barrier(). */
int nat64_state_module_init(void);
void nat64_state_module_exit(void);

#endif /* _NAT64_STATE_H */
