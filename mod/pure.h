/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types and header definitions for the pure-logic files, the decisions
 * (addr.c, pool4_set.c, port_alloc.c, icmp_map.c, tcp_state.c): they build
 * into the module and, unchanged, into the userspace unit tests under
 * test/unit/.  Both get the uapi headers; the few kernel-only values the
 * code uses are the kernel's in the module and copied below for userspace.
 */
#ifndef _NAT64_PURE_H
#define _NAT64_PURE_H

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/string.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <asm/byteorder.h>
#else
#include <stdbool.h>
#include <stddef.h>
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

/* The uapi headers: struct iphdr, ipv6hdr, icmphdr, icmp6hdr, their values. */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>

/* What the module takes from kernel-only headers, for the unit tests. */
#define IPV4_MIN_MTU	68		/* net/ip.h */

struct frag_hdr {			/* net/ipv6.h */
	__u8	nexthdr;
	__u8	reserved;
	__be16	frag_off;
	__be32	identification;
};
#endif

#endif /* _NAT64_PURE_H */
