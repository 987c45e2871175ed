/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The NAT64 iptables target (issue 13, target mode): what the xtables
 * extension (usr/xtables/libxt_NAT64.c) and the kernel (mod/xt_nat64.c)
 * agree on.  The rule translates what it selects with the instance of its
 * network namespace, which must run in target mode
 * (NAT64_INSTANCE_MODE_TARGET): then the instance registers no hooks of
 * its own, and the rules say what it sees.
 *
 *	ip6tables -t mangle -A PREROUTING -d 64:ff9b::/96 -j NAT64
 *	iptables -t mangle -A PREROUTING -d 203.0.113.0/28 -j NAT64
 */
#ifndef _NAT64_XT_H
#define _NAT64_XT_H

#include <linux/types.h>

#define NAT64_XT_NAME		"NAT64"
#define NAT64_XT_TABLE		"mangle"

/*
 * Revision 0.  No option yet: the instance is the namespace's.  The field
 * keeps the size fixed for options to come (0 today, anything else is
 * refused), so that rules saved now restore with a later module.
 */
struct nat64_xt_info {
	__u32 flags;
};

#endif /* _NAT64_XT_H */
