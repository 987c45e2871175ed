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
 * The multicast groups of state events (NAT64_CMD_BIB_NEW and after,
 * below), one per kind of object as conntrack's and rtnetlink's are, so
 * that a mapping log pays for BIB entries only: "bib" carries BIB_NEW and
 * BIB_END, "session" SESSION_NEW and SESSION_END.  STATE_FLUSHED goes to
 * both, one message with one time: a listener in both sees two copies
 * with the same NAT64_EVENT_A_TIME.  Joining needs CAP_NET_ADMIN over the
 * namespace, as conntrack's event groups do: they show every subscriber's
 * flows.
 */
#define NAT64_GENL_MCGRP_BIB		"bib"
#define NAT64_GENL_MCGRP_SESSION	"session"

/*
 * Commands.  Every change (ADD/DEL/SET/FLUSH) requires CAP_NET_ADMIN over the
 * network namespace the request is made in, and so do BIB_GET and
 * SESSION_GET, which show every subscriber's flows (as conntrack's dumps
 * do); the other GETs are open to everyone.
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
	NAT64_CMD_BIB_ADD,	/* NAT64_A_BIB: proto, addr6, port6, addr4, port4 */
	NAT64_CMD_BIB_DEL,	/* NAT64_A_BIB: proto and either side */
	NAT64_CMD_BIB_GET,	/* dump only, optional NAT64_A_BIB filter */
	NAT64_CMD_SESSION_GET,	/* dump only, optional NAT64_A_SESSION filter */
	NAT64_CMD_STATS_GET,	/* reply: NAT64_A_STATS, NAT64_A_GAUGES */
	NAT64_CMD_POOL4_USE_GET, /* dump only: see below */
	/*
	 * Events, sent to the "bib" or "session" group of the instance's
	 * namespace (STATE_FLUSHED to both), never accepted as requests.
	 * Each holds a NAT64_A_EVENT nest (when, and for the _END ones why)
	 * and the object: NAT64_A_BIB (without SESSIONS) or NAT64_A_SESSION
	 * (EXPIRES only in SESSION_NEW).  A dynamic BIB entry ends with its
	 * last session, after that session's SESSION_END; BIB_DEL and pool4
	 * removal end the sessions first too.  When the instance goes, its
	 * state goes without an event per entry: one STATE_FLUSHED (only
	 * NAT64_A_EVENT) says that every entry and session ended.  Nothing is
	 * built while nobody listens; an event the kernel could not queue (a
	 * reader too slow, or no memory) counts in events-lost, and a
	 * listener that set NETLINK_BROADCAST_ERROR on its socket is told by
	 * ENOBUFS on its next read.
	 */
	NAT64_CMD_BIB_NEW,
	NAT64_CMD_BIB_END,
	NAT64_CMD_SESSION_NEW,
	NAT64_CMD_SESSION_END,
	NAT64_CMD_STATE_FLUSHED,
	NAT64_CMD_CONFIG_APPLY,	/* a whole configuration: see below */
	/*
	 * Ends every session, and the dynamic BIB entries with them (static
	 * ones stay), each with its _END event (reason FLUSHED).  Optional
	 * NAT64_A_SESSION with only a PROTO: that protocol's alone.
	 */
	NAT64_CMD_SESSION_FLUSH,

	__NAT64_CMD_MAX,
};
#define NAT64_CMD_MAX (__NAT64_CMD_MAX - 1)

/*
 * NAT64_CMD_POOL4_GET takes an optional NAT64_A_POOL4 {PROTO} filter and
 * answers one NAT64_A_POOL4 per message, sorted by protocol, address and
 * first port; a table change during the dump sets NLM_F_DUMP_INTR.
 *
 * NAT64_CMD_POOL4_USE_GET takes an optional NAT64_A_POOL4_USE {PROTO}
 * filter and answers one NAT64_A_POOL4_USE per pool4 address that holds
 * at least one BIB entry, sorted by protocol and address.
 */

enum nat64_attr {
	NAT64_A_UNSPEC,
	NAT64_A_INSTANCE,	/* nest: enum nat64_instance_attr */
	NAT64_A_POOL4,		/* nest: enum nat64_pool4_attr */
	NAT64_A_GLOBALS,	/* nest: enum nat64_global_attr */
	NAT64_A_BIB,		/* nest: enum nat64_bib_attr */
	NAT64_A_SESSION,	/* nest: enum nat64_session_attr */
	NAT64_A_STATS,		/* nest: enum nat64_stats_attr */
	NAT64_A_EVENT,		/* nest: enum nat64_event_attr */
	NAT64_A_GAUGES,		/* nest: enum nat64_gauge_attr */
	NAT64_A_POOL4_USE,	/* nest: enum nat64_pool4_use_attr */
	NAT64_A_CONFIG_CHECK,	/* flag: CONFIG_APPLY checks, changes nothing */

	__NAT64_A_MAX,
};
#define NAT64_A_MAX (__NAT64_A_MAX - 1)

enum nat64_instance_attr {
	NAT64_INSTANCE_A_UNSPEC,
	NAT64_INSTANCE_A_POOL6_ADDR,	/* binary, struct in6_addr */
	NAT64_INSTANCE_A_POOL6_LEN,	/* u8: 32, 40, 48, 56, 64 or 96 */
	NAT64_INSTANCE_A_POOL4_COUNT,	/* u32, reply only: pool4 entries */
	NAT64_INSTANCE_A_MODE,		/* u8, enum nat64_instance_mode */

	__NAT64_INSTANCE_A_MAX,
};
#define NAT64_INSTANCE_A_MAX (__NAT64_INSTANCE_A_MAX - 1)

/*
 * How packets reach an instance, chosen when it is made (absent: netfilter).
 * netfilter: its own hooks claim every packet to pool6 and pool4, before
 * conntrack.  target: no hooks; iptables or ip6tables rules in mangle
 * PREROUTING hand it what they select with -j NAT64 (include/nat64_xt.h).
 */
enum nat64_instance_mode {
	NAT64_INSTANCE_MODE_NETFILTER,
	NAT64_INSTANCE_MODE_TARGET,

	__NAT64_INSTANCE_MODE_COUNT,
};
#define NAT64_INSTANCE_MODE_COUNT __NAT64_INSTANCE_MODE_COUNT

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

/*
 * A BIB entry binds the IPv6 transport address (X',x) to the IPv4 one (T,t)
 * (RFC 6146 section 3.1).  Ports are identifiers for ICMP.
 *
 * BIB_ADD creates a static entry (it survives the end of its sessions);
 * every field but STATIC and SESSIONS is required.  BIB_DEL takes PROTO and
 * either the IPv6 pair (ADDR6, PORT6) or the IPv4 pair (ADDR4, PORT4) and
 * deletes static and dynamic entries alike, ending their sessions.
 * BIB_GET dumps one NAT64_A_BIB per message sorted by protocol and IPv4
 * address and port; a filter may hold PROTO and ADDR4 and/or ADDR6.
 */
enum nat64_bib_attr {
	NAT64_BIB_A_UNSPEC,
	NAT64_BIB_A_PROTO,	/* u8, enum nat64_proto */
	NAT64_BIB_A_ADDR6,	/* binary, struct in6_addr: X' */
	NAT64_BIB_A_PORT6,	/* u16, host order: x */
	NAT64_BIB_A_ADDR4,	/* binary, __be32: T, inside pool4 */
	NAT64_BIB_A_PORT4,	/* u16, host order: t */
	NAT64_BIB_A_STATIC,	/* u8 switch, reply only */
	NAT64_BIB_A_SESSIONS,	/* u32, reply only: sessions using the entry */

	__NAT64_BIB_A_MAX,
};
#define NAT64_BIB_A_MAX (__NAT64_BIB_A_MAX - 1)

/*
 * A session (RFC 6146 section 3.2): the IPv6 side (X',x) -> (Y',y), the IPv4
 * side (T,t) -> (Z,z), its TCP state and its remaining lifetime.
 * SESSION_GET dumps one NAT64_A_SESSION per message, sorted by protocol,
 * then (T,t), then (Z,z); a filter may hold PROTO, ADDR6 (X'), ADDR4 (T)
 * and REMOTE4 (Z).  A table change during the dump sets NLM_F_DUMP_INTR.
 */
enum nat64_session_attr {
	NAT64_SESSION_A_UNSPEC,
	NAT64_SESSION_A_PROTO,		/* u8, enum nat64_proto */
	NAT64_SESSION_A_ADDR6,		/* binary, struct in6_addr: X' */
	NAT64_SESSION_A_PORT6,		/* u16: x */
	NAT64_SESSION_A_REMOTE6,	/* binary, struct in6_addr: Y' */
	NAT64_SESSION_A_REMOTE_PORT6,	/* u16: y */
	NAT64_SESSION_A_ADDR4,		/* binary, __be32: T */
	NAT64_SESSION_A_PORT4,		/* u16: t */
	NAT64_SESSION_A_REMOTE4,	/* binary, __be32: Z */
	NAT64_SESSION_A_REMOTE_PORT4,	/* u16: z */
	NAT64_SESSION_A_TCP_STATE,	/* u8, enum nat64_tcp_state; TCP only */
	NAT64_SESSION_A_EXPIRES,	/* u32, milliseconds left */

	__NAT64_SESSION_A_MAX,
};
#define NAT64_SESSION_A_MAX (__NAT64_SESSION_A_MAX - 1)

/*
 * NAT64_A_STATS holds one u64 attribute per counter (enum nat64_stat), of
 * type NAT64_STATS_A_FIRST + counter, and NAT64_STATS_A_PAD for alignment.
 * A counter unknown to an older nat64ctl is printed by its number.
 */
#define NAT64_STATS_A_PAD	1
#define NAT64_STATS_A_FIRST	2

/* What an event says besides its object. */
enum nat64_event_attr {
	NAT64_EVENT_A_UNSPEC,
	NAT64_EVENT_A_PAD,
	NAT64_EVENT_A_TIME,	/* u64: CLOCK_REALTIME, nanoseconds */
	NAT64_EVENT_A_REASON,	/* u8, enum nat64_end_reason: _END only */

	__NAT64_EVENT_A_MAX,
};
#define NAT64_EVENT_A_MAX (__NAT64_EVENT_A_MAX - 1)

/*
 * Why a BIB entry or session ended; names are what nat64ctl monitor
 * prints.  A dynamic entry ends for the reason its last session did.
 *   expired     its lifetime ran out
 *   tcp-closed  FIN both ways, or RST, then the transitory lifetime
 *   deleted     BIB_DEL
 *   pool4       its (T,t) left pool4
 *   limit       a limit refused the first session of a new entry
 *   flushed     SESSION_FLUSH
 */
#define NAT64_END_REASONS(X)						\
	X(EXPIRED,	"expired")					\
	X(TCP_CLOSED,	"tcp-closed")					\
	X(DELETED,	"deleted")					\
	X(POOL4,	"pool4")					\
	X(LIMIT,	"limit")					\
	X(FLUSHED,	"flushed")

#define NAT64_END_ENUM(id, name) NAT64_END_##id,
enum nat64_end_reason {
	NAT64_END_REASONS(NAT64_END_ENUM)
	NAT64_END_COUNT
};
#undef NAT64_END_ENUM

/*
 * The STATS_GET reply's gauges: what the state holds now.  PROTO nests
 * come once per protocol.
 */
enum nat64_gauge_attr {
	NAT64_GAUGE_A_UNSPEC,
	NAT64_GAUGE_A_PAD,
	NAT64_GAUGE_A_SESSIONS,		/* u32: all protocols; max-sessions */
	NAT64_GAUGE_A_IPV4_SESSIONS,	/* u32: opened by IPv4 packets */
	NAT64_GAUGE_A_STORED_SYNS,	/* u32: IPv4 SYNs held */
	NAT64_GAUGE_A_PROTO,		/* nest: enum nat64_gauge_proto_attr */

	__NAT64_GAUGE_A_MAX,
};
#define NAT64_GAUGE_A_MAX (__NAT64_GAUGE_A_MAX - 1)

enum nat64_gauge_proto_attr {
	NAT64_GAUGE_PROTO_A_UNSPEC,
	NAT64_GAUGE_PROTO_A_PAD,
	NAT64_GAUGE_PROTO_A_PROTO,	/* u8, enum nat64_proto */
	NAT64_GAUGE_PROTO_A_BIB,	/* u32: BIB entries = ports in use */
	NAT64_GAUGE_PROTO_A_SESSIONS,	/* u32 */
	NAT64_GAUGE_PROTO_A_PORTS,	/* u64: pool4's (address, port) pairs */

	__NAT64_GAUGE_PROTO_A_MAX,
};
#define NAT64_GAUGE_PROTO_A_MAX (__NAT64_GAUGE_PROTO_A_MAX - 1)

/* One pool4 address in use, in one protocol (POOL4_USE_GET). */
enum nat64_pool4_use_attr {
	NAT64_POOL4_USE_A_UNSPEC,
	NAT64_POOL4_USE_A_PROTO,	/* u8, enum nat64_proto */
	NAT64_POOL4_USE_A_ADDR,		/* binary, __be32 */
	NAT64_POOL4_USE_A_USED,		/* u32: ports held by BIB entries */
	NAT64_POOL4_USE_A_PORTS,	/* u32: its ports in pool4 */

	__NAT64_POOL4_USE_A_MAX,
};
#define NAT64_POOL4_USE_A_MAX (__NAT64_POOL4_USE_A_MAX - 1)

/*
 * NAT64_CMD_CONFIG_APPLY: the whole configuration of the namespace's NAT64
 * (what /etc/nat64.conf describes), checked whole and then made true all or
 * nothing.  Its attributes, all at the top level of the message (a nest
 * could not hold more than 64 KiB): NAT64_A_INSTANCE, required;
 * NAT64_A_GLOBALS with the keys that differ from their defaults (a key left
 * out goes back to its default); NAT64_A_POOL4 once per pool4 entry (as in
 * POOL4_ADD) and NAT64_A_BIB once per static BIB entry (as in BIB_ADD), in
 * any number; NAT64_A_CONFIG_CHECK to check everything against the running
 * state and change nothing.
 *
 * With no instance, one is made.  On a running instance with the same
 * pool6, only what differs changes: sessions survive whose (T,t) stays in
 * pool4, static entries in both stay, the others are deleted or added.  A
 * different pool6 replaces the instance, which ends every session.  An
 * error names, in the extended ACK, the attribute of the entry at fault.
 */

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
	NAT64_GLOBAL_A_MAX_IPV4_SESSIONS,	/* u32 */
	NAT64_GLOBAL_A_MAX_IPV4_SESSIONS_PER_BIB, /* u32 */
	NAT64_GLOBAL_A_MAX_SESSIONS_PER_HOST,	/* u32 */
	NAT64_GLOBAL_A_MAX_BIB_PER_HOST,	/* u32 */
	NAT64_GLOBAL_A_SUBSCRIBER_PREFIX_LEN,	/* u8 */
	/*
	 * icmp-src-pool4 (RFC 6791): always both in a set, always both in a
	 * reply; a length of 0 (with address 0.0.0.0) means no pool.
	 */
	NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR,	/* binary, __be32 */
	NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN,	/* u8: 0, or ..._PLEN_MIN..32 */

	__NAT64_GLOBAL_A_MAX,
};
#define NAT64_GLOBAL_A_MAX (__NAT64_GLOBAL_A_MAX - 1)

/*
 * The packet counters, one per outcome: every packet the hooks claim ends
 * in exactly one of the XLAT/HAIRPIN/SYN_STORED outcomes or one DROP_*
 * reason; the rest count events.  Names are what nat64ctl stats prints.
 * New counters go at the end: the number is the wire format.
 */
#define NAT64_STATS(X)							\
	X(XLAT_6TO4,		"xlat-6to4")				\
	X(XLAT_4TO6,		"xlat-4to6")				\
	X(HAIRPIN,		"hairpin")				\
	X(ICMP_ERR_6TO4,	"icmp-error-6to4")			\
	X(ICMP_ERR_4TO6,	"icmp-error-4to6")			\
	X(DROP_MALFORMED6,	"drop-malformed-ipv6")			\
	X(DROP_MALFORMED4,	"drop-malformed-ipv4")			\
	X(DROP_HOP_LIMIT,	"drop-hop-limit-exceeded")		\
	X(DROP_TTL,		"drop-ttl-exceeded")			\
	X(DROP_PROTO6,		"drop-unsupported-protocol-ipv6")	\
	X(DROP_PROTO4,		"drop-unsupported-protocol-ipv4")	\
	X(DROP_NONGLOBAL4,	"drop-non-global-ipv4")			\
	X(DROP_POOL4_EXHAUSTED,	"drop-pool4-exhausted")			\
	X(DROP_NO_BIB,		"drop-no-bib-entry")			\
	X(DROP_FILTERED,	"drop-filtered")			\
	X(DROP_EXTERNAL_TCP,	"drop-external-tcp")			\
	X(DROP_SESSION_LIMIT,	"drop-session-limit")			\
	X(DROP_TCP_STATE,	"drop-tcp-state")			\
	X(SYN_STORED,		"syn-stored")				\
	X(DROP_SYN_STORE_FULL,	"drop-stored-syns-full")		\
	X(DROP_ICMP_TYPE,	"drop-icmp-untranslatable")		\
	X(DROP_ICMP_ERR_NO_STATE, "drop-icmp-error-no-session")		\
	X(DROP_ICMP_FRAGMENTED,	"drop-icmp-fragmented")			\
	X(DROP_TOO_BIG,		"drop-too-big")				\
	X(DROP_ROUTING_HDR,	"drop-routing-header")			\
	X(DROP_SOURCE_ROUTE,	"drop-source-route")			\
	X(DROP_NO_ROUTE6,	"drop-no-route-ipv6")			\
	X(DROP_NO_ROUTE4,	"drop-no-route-ipv4")			\
	X(DROP_NOMEM,		"drop-no-memory")			\
	X(DROP_FRAGMENT,	"drop-fragment")			\
	X(BIB_CREATED,		"bib-created")				\
	X(SESSION_CREATED,	"session-created")			\
	X(SESSION_EXPIRED,	"session-expired")			\
	X(SYN_EXPIRED,		"stored-syn-expired")			\
	X(DROP_SPECIAL6,	"drop-special-address-ipv6")		\
	X(DROP_SPECIAL4,	"drop-special-address-ipv4")		\
	X(DROP_TO_HOST,		"drop-to-host")				\
	X(DROP_BAD_GSO,		"drop-bad-gso")				\
	X(DROP_SESSIONS_TOTAL,	"drop-max-sessions-total")		\
	X(DROP_SYNS_TOTAL,	"drop-max-stored-syns-total")	\
	X(DROP_IPV4_SESSION_LIMIT, "drop-ipv4-session-limit")		\
	X(DROP_BIB_SESSION_LIMIT, "drop-bib-session-limit")		\
	X(DROP_HOST_SESSION_LIMIT, "drop-host-session-limit")		\
	X(DROP_HOST_BIB_LIMIT,	"drop-host-bib-limit")			\
	X(SYN_HAIRPIN_ANSWER,	"stored-syn-hairpin-answered")	\
	X(TCP_PROBE_SENT,	"tcp-probe-sent")			\
	X(TCP_PROBE_FAILED,	"tcp-probe-failed")			\
	X(DROP_STATE_BUSY,	"drop-state-busy")			\
	X(EVENTS_LOST,		"events-lost")				\
	X(ICMP_RATE_LIMITED,	"icmp-error-rate-limited")		\
	X(DROP_IPSEC_POLICY,	"drop-ipsec-policy")			\
	X(HAIRPIN_ERROR,	"hairpin-error-sent")

#define NAT64_STAT_ENUM(id, name) NAT64_STAT_##id,
enum nat64_stat {
	NAT64_STATS(NAT64_STAT_ENUM)
	NAT64_STAT_COUNT
};
#undef NAT64_STAT_ENUM

/*
 * The TCP session states of RFC 6146 section 3.5.2.1: the value of
 * NAT64_SESSION_A_TCP_STATE.  nat64ctl names each after its identifier
 * here without the prefix ("V6_FIN_V4_FIN_RCV").
 */
enum nat64_tcp_state {
	NAT64_TCP_CLOSED,		/* no session (fictional state) */
	NAT64_TCP_V4_INIT,		/* IPv4 SYN seen, no IPv6 SYN yet */
	NAT64_TCP_V6_INIT,		/* IPv6 SYN seen, no IPv4 SYN yet */
	NAT64_TCP_ESTABLISHED,
	NAT64_TCP_V4_FIN_RCV,		/* IPv4 side sent FIN */
	NAT64_TCP_V6_FIN_RCV,		/* IPv6 side sent FIN */
	NAT64_TCP_V6_FIN_V4_FIN_RCV,	/* both sides sent FIN */
	NAT64_TCP_TRANS,		/* RST seen, or EST lifetime ran out */

	__NAT64_TCP_STATE_COUNT,
};
#define NAT64_TCP_STATE_COUNT __NAT64_TCP_STATE_COUNT

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
/* Every timeout's minimum with the module parameter lab_timeouts set. */
#define NAT64_LAB_TIMEOUT_MIN		1U
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

/*
 * Sessions created by an IPv4 packet (through a static entry, or another
 * host's mapping under endpoint-independent filtering) are the ones anyone
 * on the IPv4 internet can create, spoofed or not.  They may take at most
 * max-ipv4-sessions of the table (default: a quarter of max-sessions' own
 * default), so that three quarters stay for IPv6-initiated flows, and at
 * most max-ipv4-sessions-per-bib of one BIB entry (default: an eighth of
 * that share, so one flooded entry leaves the rest to the others; a busy
 * published TCP server with 250 new clients a second holds about 60,000,
 * each closed connection lingering TCP_TRANS, 4 min).  0 refuses them all.
 */
#define NAT64_MAX_IPV4_SESSIONS_MIN	0U
#define NAT64_MAX_IPV4_SESSIONS_DEF	(1U << 19)
#define NAT64_MAX_IPV4_SESSIONS_MAX	NAT64_MAX_SESSIONS_MAX
#define NAT64_MAX_IPV4_PER_BIB_MIN	0U
#define NAT64_MAX_IPV4_PER_BIB_DEF	(1U << 16)
#define NAT64_MAX_IPV4_PER_BIB_MAX	NAT64_MAX_SESSIONS_MAX

/*
 * A UDP or ICMP session that an IPv4 packet created lives this long while
 * the IPv6 side has not sent a packet of it; IPv4 packets refresh it to no
 * more than this.  The first IPv6 packet gives it the full udp-timeout or
 * icmp-timeout.  The mapping it uses is static (or kept by its IPv6-
 * initiated sessions), so RFC 4787 REQ-5's two minutes for mappings are
 * untouched; what expires sooner is state that only the IPv4 side, which
 * may be spoofed, ever asked for.  TCP keeps RFC 5382 REQ-5's transitory
 * 4 min in V4 INIT (a MUST).
 */
#define NAT64_V4_UNANSWERED_TIMEOUT	30U

/*
 * Per subscriber (RFC 6888 REQ-4, REQ-5): in each protocol, the BIB
 * entries (pool4 ports) and the sessions IPv6 packets open of the IPv6
 * hosts sharing the first subscriber-prefix-len bits of their address
 * (128: each host; 64 or 56: each customer network).  Defaults: an eighth
 * of one pool4 address's ports, and eight sessions per such entry.
 */
#define NAT64_MAX_SESSIONS_PER_HOST_MIN	1U
#define NAT64_MAX_SESSIONS_PER_HOST_DEF	65536U
#define NAT64_MAX_SESSIONS_PER_HOST_MAX	NAT64_MAX_SESSIONS_MAX
#define NAT64_MAX_BIB_PER_HOST_MIN	1U
#define NAT64_MAX_BIB_PER_HOST_DEF	8192U
#define NAT64_MAX_BIB_PER_HOST_MAX	NAT64_MAX_SESSIONS_MAX
#define NAT64_SUBSCRIBER_PLEN_MIN	32U
#define NAT64_SUBSCRIBER_PLEN_DEF	128U
#define NAT64_SUBSCRIBER_PLEN_MAX	128U

/*
 * RFC 6791: an ICMPv6 error from an IPv6 address outside pool6 (a router)
 * has no IPv4 source of its own.  By default the ICMPv4 error comes from
 * T, the session's pool4 address; with icmp-src-pool4 set, from an address
 * of that prefix chosen at random for each error.  Prefixes as short as
 * pool4's; none by default.
 */
#define NAT64_ICMP_SRC_POOL4_PLEN_MIN	16U
#define NAT64_ICMP_SRC_POOL4_PLEN_DEF	0U	/* no pool */

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
