/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BIB entries as configuration makes and ends them (bib_config.c), for
 * genl.c.  Process context, the pernet lock held.
 */
#ifndef _NAT64_BIB_CONFIG_H
#define _NAT64_BIB_CONFIG_H

#include <net/netlink.h>

#include "instance.h"
#include "state_attr.h"		/* struct nat64_bib_info */

/*
 * BIB_ADD: a static entry @b, (X',x) <-> (T,t), inside pool4 and outside
 * pool6.  Adding the very mapping a dynamic entry holds makes it static.
 */
const char *nat64_bib_static_check(const struct nat64_pool4 *p,
				   const struct in6_addr *pool6, u8 len,
				   const struct nat64_bib_info *b);
int nat64_bib_insert_static(struct nat64_instance *inst,
			    const struct nat64_bib_info *b, bool *was_dynamic,
			    struct netlink_ext_ack *extack);
int nat64_bib_add_static(struct nat64_instance *inst,
			 const struct nat64_bib_info *b,
			 struct netlink_ext_ack *extack);
/* BIB_DEL: the entry named by its IPv6 side, its IPv4 side, or both. */
int nat64_bib_del(struct nat64_instance *inst, const struct nat64_bib_info *b,
		  bool by6, bool by4, struct netlink_ext_ack *extack);
/*
 * After pool4 lost entries: ends every BIB entry whose (T,t) is no longer
 * in pool4, with its sessions.
 */
void nat64_bib_prune(struct nat64_instance *inst);
/*
 * SESSION_FLUSH: every session of the protocols in @protos (BIT(proto)),
 * the dynamic entries with them; static entries stay.
 */
void nat64_session_flush(struct nat64_instance *inst, u8 protos);
int nat64_bib_statics(struct nat64_instance *inst,
		      struct nat64_bib_info **out, u32 *n);

#endif /* _NAT64_BIB_CONFIG_H */
