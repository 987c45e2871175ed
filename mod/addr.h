/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NAT64_ADDR_H
#define _NAT64_ADDR_H

#include "pure.h"

const char *nat64_pool6_check(const struct in6_addr *prefix, u8 len);
__be32 nat64_addr_6to4(const struct in6_addr *addr, u8 len);
void nat64_addr_4to6(const struct in6_addr *prefix, u8 len, __be32 v4,
		     struct in6_addr *out);
bool nat64_pool6_is_wkp(const struct in6_addr *prefix, u8 len);
bool nat64_addr_v4_nonglobal(__be32 addr);
bool nat64_addr_v4_special(__be32 addr);
bool nat64_addr_v6_special(const struct in6_addr *a);
bool nat64_addr_v6_linklocal(const struct in6_addr *a);

#endif /* _NAT64_ADDR_H */
