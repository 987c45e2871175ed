/* SPDX-License-Identifier: GPL-2.0 */
/* The NAT64 iptables target (xt_nat64.c): registered for the module's life. */
#ifndef _NAT64_XT_NAT64_H
#define _NAT64_XT_NAT64_H

int nat64_xt_init(void);
void nat64_xt_exit(void);

#endif /* _NAT64_XT_NAT64_H */
