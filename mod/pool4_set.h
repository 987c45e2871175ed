/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NAT64_POOL4_SET_H
#define _NAT64_POOL4_SET_H

#include "pure.h"

/*
 * One pool4 entry: an IPv4 prefix and, for one protocol, a range of ports
 * (identifiers for ICMP).  A pool4 is a sorted array of entries in which no
 * two entries of the same protocol share an address and a port.
 */
struct nat64_pool4_entry {
	__be32 addr;
	u8 plen;
	u8 proto;	/* enum nat64_proto */
	u16 port_min;
	u16 port_max;
};

/*
 * A run of IPv4 addresses, host byte order, both ends included: the union
 * of a pool4's prefixes, over all protocols, as disjoint sorted ranges, so
 * that the packet path can tell a pool4 address with a binary search.
 */
struct nat64_addr_range {
	u32 lo;
	u32 hi;
};

#define NAT64_PROTO_BIT(p)	(1U << (p))
#define NAT64_PROTO_ALL		((1U << NAT64_PROTO_COUNT) - 1)

/* The netmask of a prefix length, host byte order. */
static inline u32 nat64_pool4_mask(u8 plen)
{
	return plen ? ~0U << (32 - plen) : 0;
}

/* Is @addr (host byte order) inside @e's prefix? */
static inline bool nat64_pool4_entry_has_addr(const struct nat64_pool4_entry *e,
					      u32 addr)
{
	return !((addr ^ be32_to_cpu(e->addr)) & nat64_pool4_mask(e->plen));
}

const char *nat64_pool4_prefix_check(__be32 addr, u8 plen);
const char *nat64_pool4_ports_check(u8 proto, u16 port_min, u16 port_max);
const char *nat64_pool4_entry_check(const struct nat64_pool4_entry *e);
int nat64_pool4_find_overlap(const struct nat64_pool4_entry *tab, u32 n,
			     const struct nat64_pool4_entry *e);
u32 nat64_pool4_subtract(const struct nat64_pool4_entry *tab, u32 n,
			 const struct nat64_pool4_entry *del, unsigned int protos,
			 struct nat64_pool4_entry *out, bool *hit);
u32 nat64_pool4_filter(const struct nat64_pool4_entry *tab, u32 n,
		       unsigned int protos, struct nat64_pool4_entry *out);
void nat64_pool4_sort(struct nat64_pool4_entry *tab, u32 n);
u32 nat64_pool4_addr_ranges(const struct nat64_pool4_entry *tab, u32 n,
			    struct nat64_addr_range *out);
bool nat64_pool4_addr_ranges_has(const struct nat64_addr_range *r, u32 n,
				 u32 addr);
int nat64_pool4_cmp(const struct nat64_pool4_entry *a,
		    const struct nat64_pool4_entry *b);

#endif /* _NAT64_POOL4_SET_H */
