/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the KUnit suites (mod/kunit/, nat64_test.ko) call in nat64.ko.  A
 * build with NAT64_KUNIT=1 (make check-debug does it, against a kernel
 * with CONFIG_KUNIT) exports those functions into the nat64_kunit symbol
 * namespace, which the suites import (NAT64_KUNIT_IMPORT()); any other
 * build exports nothing.  The namespace is not named NAT64_KUNIT: that is
 * the build's -D flag, and as a macro it would make the namespace "1".
 */
#ifndef _NAT64_KUNIT_H
#define _NAT64_KUNIT_H

#include <linux/export.h>
#include <linux/module.h>

#define NAT64_KUNIT_IMPORT()	MODULE_IMPORT_NS(nat64_kunit)

#ifdef NAT64_KUNIT
#define NAT64_KUNIT_EXPORT(sym)	EXPORT_SYMBOL_NS_GPL(sym, nat64_kunit)
#else
#define NAT64_KUNIT_EXPORT(sym)
#endif

#endif /* _NAT64_KUNIT_H */
