/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ICMP errors the translator originates (icmp_send.c).
 */
#ifndef _NAT64_ICMP_SEND_H
#define _NAT64_ICMP_SEND_H

#include <linux/skbuff.h>
#include <net/net_namespace.h>

/*
 * ICMP errors the translator itself originates about @skb, a packet it
 * received (in PRE_ROUTING, or a stored SYN later from the upkeep work):
 * Time Exceeded, Parameter Problem, Packet Too Big / Fragmentation Needed,
 * Destination Unreachable.  Rate-limited like the stack's own errors;
 * never about an ICMP error; @skb is left to the caller.
 */
void nat64_icmp6_error(struct net *net, struct sk_buff *skb, u8 type,
		       u8 code, u32 info);
void nat64_icmp4_error(struct net *net, struct sk_buff *skb, u8 type,
		       u8 code, u32 info);
/*
 * The same ICMPv4 error, from @saddr, as a new unrouted skb for the 4->6
 * path (an error to a pool4 address: hairpinning); NULL if none may go
 * (held back by @net's global ICMP limit, counted, but Fragmentation
 * Needed, which is never held back).
 */
struct sk_buff *nat64_icmp4_error_skb(struct net *net, struct sk_buff *skb,
				      __be32 saddr, u8 type, u8 code,
				      u32 info);

#endif /* _NAT64_ICMP_SEND_H */
