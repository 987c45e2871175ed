/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal reporting for the userspace unit tests: one line per test. */
#ifndef _NAT64_UNIT_H
#define _NAT64_UNIT_H

#include <stdio.h>
#include <stdarg.h>

static int unit_failed;

static void __attribute__((format(printf, 3, 4)))
unit_check(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("PASS  %s\n", name);
		return;
	}
	unit_failed++;
	printf("FAIL  %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#endif /* _NAT64_UNIT_H */
