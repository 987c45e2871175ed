/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ICMP errors crossing the translator, the skb side (icmp_translate.c).
 */
#ifndef _NAT64_ICMP_TRANSLATE_H
#define _NAT64_ICMP_TRANSLATE_H

#include "xlat.h"
#include "xlat_hdr.h"

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

#endif /* _NAT64_ICMP_TRANSLATE_H */
