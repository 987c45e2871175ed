/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv6 -> IPv4 translation of one packet (xlat64.c).
 */
#ifndef _NAT64_XLAT64_H
#define _NAT64_XLAT64_H

#include "xlat.h"

unsigned int nat64_xlat_6to4(const struct nat64_xlat *x, struct sk_buff *skb);

#endif /* _NAT64_XLAT64_H */
