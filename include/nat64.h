/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The contract between the nat64 kernel module and its userspace (nat64ctl):
 * the generic netlink family, its commands and attributes, and every default
 * and limit that both sides must agree on.  Defined here once, used by both.
 */
#ifndef _NAT64_H
#define _NAT64_H

#include <linux/types.h>

#define NAT64_VERSION		"0.1.0"	/* dkms.conf PACKAGE_VERSION matches */
#define NAT64_GENL_NAME		"nat64"
#define NAT64_GENL_VERSION	1

/*
 * Commands.  Every change (ADD/DEL/SET/FLUSH) requires CAP_NET_ADMIN over the
 * network namespace the request is made in; GET is open to everyone.
 */
enum nat64_cmd {
	NAT64_CMD_UNSPEC,
	NAT64_CMD_INSTANCE_ADD,	/* NAT64_A_INSTANCE (pool6 required) */
	NAT64_CMD_INSTANCE_DEL,	/* no attributes */
	NAT64_CMD_INSTANCE_GET,	/* reply: NAT64_A_INSTANCE */
	NAT64_CMD_POOL4_ADD,	/* NAT64_A_POOL4 (prefix required) */
	NAT64_CMD_POOL4_DEL,	/* NAT64_A_POOL4 (prefix required) */
	NAT64_CMD_POOL4_FLUSH,	/* optional NAT64_A_POOL4 with only a protocol */
	NAT64_CMD_POOL4_GET,	/* dump only: see below */
	NAT64_CMD_GLOBAL_GET,	/* reply: NAT64_A_GLOBALS */
	NAT64_CMD_GLOBAL_SET,	/* NAT64_A_GLOBALS with the keys to change */

	__NAT64_CMD_MAX,
};
#define NAT64_CMD_MAX (__NAT64_CMD_MAX - 1)

/*
 * NAT64_CMD_POOL4_GET takes an optional NAT64_A_POOL4 {PROTO} filter and
 * answers one NAT64_A_POOL4 per message, sorted by protocol, address and
 * first port; a table change during the dump sets NLM_F_DUMP_INTR.
 */

enum nat64_attr {
	NAT64_A_UNSPEC,
	NAT64_A_INSTANCE,	/* nest: enum nat64_instance_attr */
	NAT64_A_POOL4,		/* nest: enum nat64_pool4_attr */
	NAT64_A_GLOBALS,	/* nest: enum nat64_global_attr */

	__NAT64_A_MAX,
};
#define NAT64_A_MAX (__NAT64_A_MAX - 1)

enum nat64_instance_attr {
	NAT64_INSTANCE_A_UNSPEC,
	NAT64_INSTANCE_A_POOL6_ADDR,	/* binary, struct in6_addr */
	NAT64_INSTANCE_A_POOL6_LEN,	/* u8: 32, 40, 48, 56, 64 or 96 */
	NAT64_INSTANCE_A_POOL4_COUNT,	/* u32, reply only: pool4 entries */

	__NAT64_INSTANCE_A_MAX,
};
#define NAT64_INSTANCE_A_MAX (__NAT64_INSTANCE_A_MAX - 1)

enum nat64_pool4_attr {
	NAT64_POOL4_A_UNSPEC,
	NAT64_POOL4_A_PROTO,	/* u8, enum nat64_proto; absent on ADD/DEL: all */
	NAT64_POOL4_A_ADDR,	/* binary, __be32 network address */
	NAT64_POOL4_A_PLEN,	/* u8, NAT64_POOL4_PLEN_MIN..32 */
	NAT64_POOL4_A_PORT_MIN,	/* u16, host order; ICMP: identifiers */
	NAT64_POOL4_A_PORT_MAX,	/* u16, host order; both or neither */

	__NAT64_POOL4_A_MAX,
};
#define NAT64_POOL4_A_MAX (__NAT64_POOL4_A_MAX - 1)

enum nat64_proto {
	NAT64_PROTO_TCP,
	NAT64_PROTO_UDP,
	NAT64_PROTO_ICMP,

	__NAT64_PROTO_COUNT,
};
#define NAT64_PROTO_COUNT __NAT64_PROTO_COUNT

enum nat64_filtering {
	NAT64_FILTERING_ENDPOINT_INDEPENDENT,	/* RFC 4787 EIF, RFC 6146 default */
	NAT64_FILTERING_ADDRESS_DEPENDENT,	/* RFC 4787 ADF */

	__NAT64_FILTERING_COUNT,
};
#define NAT64_FILTERING_COUNT __NAT64_FILTERING_COUNT

/* Globals: every timeout in seconds, every switch a u8 that is 0 or 1. */
enum nat64_global_attr {
	NAT64_GLOBAL_A_UNSPEC,
	NAT64_GLOBAL_A_UDP_TIMEOUT,		/* u32 */
	NAT64_GLOBAL_A_TCP_EST_TIMEOUT,		/* u32 */
	NAT64_GLOBAL_A_TCP_TRANS_TIMEOUT,	/* u32 */
	NAT64_GLOBAL_A_ICMP_TIMEOUT,		/* u32 */
	NAT64_GLOBAL_A_FILTERING,		/* u8, enum nat64_filtering */
	NAT64_GLOBAL_A_DROP_EXTERNAL_TCP,	/* u8 switch */
	NAT64_GLOBAL_A_TOS_OVERRIDE,		/* u8 switch */
	NAT64_GLOBAL_A_TOS,			/* u8, used when overriding */
	NAT64_GLOBAL_A_LOWEST_IPV6_MTU,		/* u32 */
	NAT64_GLOBAL_A_MAX_STORED_SYNS,		/* u32 */
	NAT64_GLOBAL_A_MAX_SESSIONS,		/* u32 */

	__NAT64_GLOBAL_A_MAX,
};
#define NAT64_GLOBAL_A_MAX (__NAT64_GLOBAL_A_MAX - 1)

/* RFC 6146 section 4 and RFC 5508 REQ-1 minimums, RFC 6146 defaults. */
#define NAT64_UDP_TIMEOUT_MIN		120U	/* 2 min */
#define NAT64_UDP_TIMEOUT_DEF		300U	/* 5 min */
#define NAT64_TCP_EST_TIMEOUT_MIN	7440U	/* 2 h 4 min */
#define NAT64_TCP_EST_TIMEOUT_DEF	7440U
#define NAT64_TCP_TRANS_TIMEOUT_MIN	240U	/* 4 min */
#define NAT64_TCP_TRANS_TIMEOUT_DEF	240U
#define NAT64_ICMP_TIMEOUT_MIN		60U	/* RFC 5508 REQ-1 */
#define NAT64_ICMP_TIMEOUT_DEF		60U
#define NAT64_TIMEOUT_MAX		(7U * 24 * 3600)	/* one week */
#define NAT64_FILTERING_DEF		NAT64_FILTERING_ENDPOINT_INDEPENDENT
#define NAT64_DROP_EXTERNAL_TCP_DEF	0U
#define NAT64_TOS_OVERRIDE_DEF		0U
#define NAT64_TOS_DEF			0U
#define NAT64_TCP_INCOMING_SYN_TIMEOUT	6U	/* RFC 6146 section 3.5.2.2 */

/* RFC 7915 section 6: the translator assumes IPv6 paths of at least this. */
#define NAT64_LOWEST_IPV6_MTU_MIN	1280U
#define NAT64_LOWEST_IPV6_MTU_DEF	1280U
#define NAT64_LOWEST_IPV6_MTU_MAX	65535U

#define NAT64_MAX_STORED_SYNS_MIN	0U
#define NAT64_MAX_STORED_SYNS_DEF	64U
#define NAT64_MAX_STORED_SYNS_MAX	65536U
#define NAT64_MAX_SESSIONS_MIN		1U
#define NAT64_MAX_SESSIONS_DEF		(1U << 21)
#define NAT64_MAX_SESSIONS_MAX		(1U << 26)

/* Pool4: shortest prefix accepted, the size of the table, and default ranges. */
#define NAT64_POOL4_PLEN_MIN		16U
#define NAT64_POOL4_MAX_ENTRIES		4096
#define NAT64_POOL4_PORT_LOWEST		1U	/* TCP and UDP; ICMP ids may be 0 */
#define NAT64_POOL4_PORT_MIN_DEF	1024U	/* TCP and UDP */
#define NAT64_POOL4_PORT_MAX_DEF	65535U
#define NAT64_POOL4_ICMP_ID_MIN_DEF	0U
#define NAT64_POOL4_ICMP_ID_MAX_DEF	65535U

/* RFC 6052 section 2.2: the prefix lengths an IPv4-embedded address may use. */
#define NAT64_POOL6_LENS		{ 32, 40, 48, 56, 64, 96 }
#define NAT64_POOL6_WKP			"64:ff9b::"	/* the well-known prefix, /96 */

#endif /* _NAT64_H */
