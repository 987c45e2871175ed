/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types for the pure-logic files (addr.c, pool4_set.c): they build into the
 * module and, unchanged, into the userspace unit tests under test/unit/.
 */
#ifndef _NAT64_PURE_H
#define _NAT64_PURE_H

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/string.h>
#include <linux/in6.h>
#include <asm/byteorder.h>
#else
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/types.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#define be32_to_cpu(x) ntohl(x)
#define cpu_to_be32(x) htonl(x)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#endif /* _NAT64_PURE_H */
