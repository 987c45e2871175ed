/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NAT64_POOL4_H
#define _NAT64_POOL4_H

#include "instance.h"

struct nat64_pool4 *nat64_pool4_alloc(u32 count);
int nat64_pool4_add(struct nat64_instance *inst,
		    const struct nat64_pool4_entry *add, u32 n,
		    struct netlink_ext_ack *extack);
/*
 * Del and flush change pool4 only: the caller then ends the BIB entries
 * left outside it (nat64_bib_prune()).
 */
int nat64_pool4_del(struct nat64_instance *inst,
		    const struct nat64_pool4_entry *e, unsigned int protos,
		    struct netlink_ext_ack *extack);
int nat64_pool4_flush(struct nat64_instance *inst, unsigned int protos);
struct nat64_pool4 *nat64_pool4_build(const struct nat64_pool4_entry *e,
				      u32 n, u32 *bad,
				      struct netlink_ext_ack *extack);
bool nat64_pool4_replace(struct nat64_instance *inst, struct nat64_pool4 *new);
/* The ports (ICMP: identifiers) of @addr, host order, in @proto's pool4. */
u32 nat64_pool4_addr_ports(const struct nat64_pool4 *p, u8 proto, u32 addr);
bool nat64_pool4_has(const struct nat64_pool4 *p, u8 proto, __be32 addr,
		     u16 port);
/* Where @proto's index has the entry that may hold @a (host order). */
int nat64_pool4_entry_at(const struct nat64_pool4 *p, u8 proto, u32 a);

#endif /* _NAT64_POOL4_H */
