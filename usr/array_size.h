/* SPDX-License-Identifier: GPL-2.0 */
/* The number of elements of an array (not a pointer), as the kernel's. */
#ifndef _NAT64CTL_ARRAY_SIZE_H
#define _NAT64CTL_ARRAY_SIZE_H

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif /* _NAT64CTL_ARRAY_SIZE_H */
