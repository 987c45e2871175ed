/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The skb side of translation, shared by the packet path (xlat64.c,
 * xlat46.c, hook.c) and the ICMP error code (icmp_translate.c, icmp_send.c).
 *
 * Pure header arithmetic lives in xlat_hdr.c, icmp_map.c and csum_adj.c;
 * the files behind this header apply it to skbs, route and send.
 */
#ifndef _NAT64_XLAT_H
#define _NAT64_XLAT_H

#include <linux/skbuff.h>
#include <net/checksum.h>

#include "instance.h"
#include "stats.h"
#include "state.h"
#include "xlat_hdr.h"

/* What the translation of one packet needs, read once per packet. */
struct nat64_xlat {
	struct net *net;
	struct nat64_instance *inst;
	const struct nat64_globals *g;	/* rcu_dereference()d by the hook */
};

/*
 * ICMP errors crossing the translator (RFC 7915 4.2/4.3 and 5.2/5.3,
 * RFC 6146 3.5 for the state lookup of the quoted packet).
 *
 * @skb holds an IPv6 (6to4) or IPv4 (4to6) packet whose ICMP header says
 * "error", with its network header set and @info filled in by
 * nat64_v6_walk() or nat64_v4_check().  On 0, @skb has been rewritten in
 * place into the translated packet, outer and quoted headers, checksum
 * computed, skb->protocol set, ready for routing and output by the caller;
 * the caller bumps NAT64_STAT_ICMP_ERR_*.  On a negative errno the packet
 * is to be dropped and *why says which counter to bump.  4to6 only: on 1
 * the error quotes a packet the translator could not have sent (no
 * session, and a port outside every pool4 range or a protocol it does not
 * translate): it is about the host's own traffic on a pool4 address it
 * shares, and goes back to the stack (NF_ACCEPT, no counter; *why is set
 * as for a drop, for callers that treat any non-zero as one).
 */
int nat64_icmp_err_6to4(const struct nat64_xlat *x, struct sk_buff *skb,
			const struct nat64_v6_info *info, enum nat64_stat *why);
int nat64_icmp_err_4to6(const struct nat64_xlat *x, struct sk_buff *skb,
			const struct nat64_v4_info *info, enum nat64_stat *why);

/*
 * ICMP errors the translator itself originates about @skb, a packet it
 * received (in PRE_ROUTING, or a stored SYN later from the expiry work):
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
 * path (an error to a pool4 address: hairpinning); NULL if none may go.
 */
struct sk_buff *nat64_icmp4_error_skb(struct sk_buff *skb, __be32 saddr,
				      u8 type, u8 code, u32 info);

/*
 * RFC 7915 4.5 and 5.5: of a TCP or UDP pseudo-header only the addresses
 * change (length and protocol are the same on both sides), so a checksum
 * moves by the difference of these two sums.
 */
static inline __wsum nat64_csum_addrs6(const struct in6_addr *s,
				       const struct in6_addr *d)
{
	return csum_partial(d, sizeof(*d), csum_partial(s, sizeof(*s), 0));
}

static inline __wsum nat64_csum_addrs4(__be32 s, __be32 d)
{
	return csum_add((__force __wsum)s, (__force __wsum)d);
}

#endif /* _NAT64_XLAT_H */
