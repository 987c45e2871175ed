/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NAT64_HOOK_H
#define _NAT64_HOOK_H

#include <net/net_namespace.h>

int nat64_defrag_enable(struct net *net);
void nat64_defrag_disable(struct net *net);
int nat64_hook_register(struct net *net);
void nat64_hook_unregister(struct net *net);

#endif /* _NAT64_HOOK_H */
