/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel APIs the module builds against (Debian
 * 12's 6.1 line to 6.12), in one place.  Each is a feature test run by
 * mod/Kbuild against the headers at hand (NAT64_HAVE_*), not a version
 * number: distributions backport APIs, and a test follows them.
 */
#ifndef NAT64_COMPAT_H
#define NAT64_COMPAT_H

#include <net/genetlink.h>
#ifdef NAT64_HAVE_NET_GSO_H
#include <net/gso.h>		/* __skb_gso_segment() */
#endif

/*
 * The attributes a dump request was parsed into.  Since 6.2 a dump
 * carries a whole struct genl_info (genl_info_dump()); before, the
 * dumpit info held the attribute table itself.
 */
static inline struct nlattr **nat64_dump_attrs(struct netlink_callback *cb)
{
#ifdef NAT64_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif /* NAT64_COMPAT_H */
