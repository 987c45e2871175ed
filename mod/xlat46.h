/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv4 -> IPv6 translation of one packet (xlat46.c).
 */
#ifndef _NAT64_XLAT46_H
#define _NAT64_XLAT46_H

#include <linux/bottom_half.h>

#include "xlat.h"

/*
 * @hairpin: @skb is the IPv4 translation of an IPv6 packet addressed to a
 * pool4 address (RFC 6146 3.8); it leaves as IPv6 and counts as HAIRPIN.
 */
unsigned int nat64_xlat_4to6(const struct nat64_xlat *x, struct sk_buff *skb,
			     bool hairpin);

/* From a hook or the target, BHs perhaps on (xlat64.h): not a hairpin. */
static inline unsigned int nat64_xlat_4to6_bh(const struct nat64_xlat *x,
					      struct sk_buff *skb)
{
	unsigned int v;

	local_bh_disable();
	v = nat64_xlat_4to6(x, skb, false);
	local_bh_enable();
	return v;
}

#endif /* _NAT64_XLAT46_H */
