/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NAT64_GLOBALS_H
#define _NAT64_GLOBALS_H

#include "instance.h"

void nat64_globals_module_init(void);
struct nat64_globals *nat64_globals_alloc_default(void);
int nat64_globals_set(struct nat64_instance *inst, struct nlattr **tb,
		      struct netlink_ext_ack *extack);
struct nat64_globals *nat64_globals_from(struct nlattr **tb,
					 struct netlink_ext_ack *extack);
void nat64_globals_publish(struct nat64_instance *inst,
			   struct nat64_globals *g);
int nat64_globals_fill(struct sk_buff *skb, const struct nat64_globals *g);
extern const struct nla_policy nat64_globals_policy[NAT64_GLOBAL_A_MAX + 1];

#endif /* _NAT64_GLOBALS_H */
