/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv6 fragments of a translated IPv4 packet (frag.c).
 */
#ifndef _NAT64_FRAG_H
#define _NAT64_FRAG_H

#include "xlat.h"
#include "xlat_hdr.h"

/*
 * Sends the IPv4 packet @skb (layer 4 already translated, checksum final)
 * as IPv6 fragments of @plan->frag_size payload bytes behind the headers
 * @hdr6 nat64_hdr_4to6() wrote (RFC 7915 4.1).  @skb and the caller's
 * reference on @dst stay the caller's.  Returns the number of pieces sent,
 * or -ENOMEM when not all could be made, and then none is sent.
 */
int nat64_frag6_send(struct net *net, struct sk_buff *skb,
		     const struct nat64_v4_info *info,
		     const struct nat64_v6_plan *plan,
		     const struct nat64_hdr6 *hdr6, struct dst_entry *dst);

#endif /* _NAT64_FRAG_H */
