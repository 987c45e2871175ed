/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv6 -> IPv4 translation of one packet (xlat64.c).
 */
#ifndef _NAT64_XLAT64_H
#define _NAT64_XLAT64_H

#include <linux/bottom_half.h>

#include "xlat.h"

unsigned int nat64_xlat_6to4(const struct nat64_xlat *x, struct sk_buff *skb);

/*
 * The same from a hook or the target, which may run in process context
 * with BHs on (hook.c): the state's locks need them off.
 */
static inline unsigned int nat64_xlat_6to4_bh(const struct nat64_xlat *x,
					      struct sk_buff *skb)
{
	unsigned int v;

	local_bh_disable();
	v = nat64_xlat_6to4(x, skb);
	local_bh_enable();
	return v;
}

#endif /* _NAT64_XLAT64_H */
