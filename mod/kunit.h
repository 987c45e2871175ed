/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the KUnit suites (mod/kunit/, nat64_test.ko) call in nat64.ko.  A
 * build with NAT64_KUNIT=1 (make check-debug does it, against a kernel
 * with CONFIG_KUNIT) exports those functions into the NAT64_KUNIT symbol
 * namespace; any other build exports nothing.
 */
#ifndef _NAT64_KUNIT_H
#define _NAT64_KUNIT_H

#include <linux/export.h>

#ifdef NAT64_KUNIT
#define NAT64_KUNIT_EXPORT(sym)	EXPORT_SYMBOL_NS_GPL(sym, NAT64_KUNIT)
#else
#define NAT64_KUNIT_EXPORT(sym)
#endif

#endif /* _NAT64_KUNIT_H */
