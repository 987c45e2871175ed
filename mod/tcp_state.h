/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RFC 6146 section 3.5.2 TCP session state machine as plain functions:
 * no skb, no locks, no timers.  The datapath asks what a packet does to a
 * session and applies the answer under its own locks.
 *
 * Three questions, one function each:
 *
 *   nat64_tcp_closed()  a packet that matches no session (state CLOSED):
 *                       create one, store the IPv4 SYN, forward or drop?
 *   nat64_tcp_update()  a packet of an existing session: new state, which
 *                       lifetime, forward or drop?
 *   nat64_tcp_expire()  a session's lifetime ran out: delete it, or probe
 *                       and go TRANS?
 *
 * The lifetimes are names (nat64_tcp_lifetime() turns them into seconds):
 * the caller owns the clock.
 *
 * A stored IPv4 SYN with no BIB entry has no IPv6 address yet, so the caller
 * keeps it outside the session table.  When an IPv6 SYN arrives whose
 * mapping, (T,t) and (Z,z), equals a stored SYN's destination and source,
 * that pair is a session in V4 INIT holding a stored SYN: pass
 * (NAT64_TCP_V4_INIT, true) to nat64_tcp_update(), not nat64_tcp_closed().
 * The stored SYN's own expiry (ICMP 3/3 after TCP_INCOMING_SYN, RFC 5382
 * REQ-4) and its silent drop when the session opens are the store's
 * (syn_store.c), not the machine's.
 */
#ifndef _NAT64_TCP_STATE_H
#define _NAT64_TCP_STATE_H

#include "pure.h"
#include "nat64.h"	/* enum nat64_tcp_state: the states, as netlink sends them */

/* Where the packet came from: a "V6" or a "V4" packet in the RFC's words. */
enum nat64_tcp_dir {
	NAT64_TCP_FROM_V6,
	NAT64_TCP_FROM_V4,
};

/*
 * The flags the machine looks at, at their bit positions in byte 13 of the
 * TCP header (RFC 9293 section 3.1): the caller may pass that byte as it is.
 * Other bits are ignored.  RFC 6146 never needs ACK; the machine looks at
 * it only to tell a segment of a synchronized connection (tcp_state.c).
 */
#define NAT64_TCP_FIN	0x01
#define NAT64_TCP_SYN	0x02
#define NAT64_TCP_RST	0x04
#define NAT64_TCP_ACK	0x10

/* The lifetime the caller gives the session after this packet. */
enum nat64_tcp_timer {
	NAT64_TCP_TIMER_KEEP,	/* leave it as it is (or none: no session) */
	NAT64_TCP_TIMER_EST,	/* tcp-est-timeout: max session lifetime */
	NAT64_TCP_TIMER_TRANS,	/* tcp-trans-timeout: TCP_TRANS */
	NAT64_TCP_TIMER_SYN,	/* TCP_INCOMING_SYN, 6 s, not configurable */
};

/* What happens to the packet itself. */
enum nat64_tcp_verdict {
	NAT64_TCP_FORWARD,	/* translate and forward */
	NAT64_TCP_STORE,	/* hold the IPv4 SYN for TCP_INCOMING_SYN */
	NAT64_TCP_DROP,		/* drop silently, answer nothing */
};

struct nat64_tcp_step {
	enum nat64_tcp_state state;	/* CLOSED: no session to create */
	enum nat64_tcp_timer timer;
	enum nat64_tcp_verdict verdict;
};

/* What the caller knows about a packet that matches no session. */
struct nat64_tcp_ctx {
	/*
	 * A TCP BIB entry holds the packet's NAT64-side transport address:
	 * the source (X',x) of an IPv6 packet, the destination (X,x) of an
	 * IPv4 one.
	 */
	bool bib;
	/*
	 * IPv4 packets only: filtering lets the source through.  Endpoint-
	 * independent filtering: true whenever @bib is.  Address-dependent:
	 * true when a session of that BIB entry already has the packet's
	 * source address as its remote IPv4 address (RFC 4787 section 5).
	 */
	bool filter_pass;
	/* The global switch drop-externally-initiated-tcp. */
	bool drop_external;
};

/* What to do when a session's lifetime runs out. */
enum nat64_tcp_expiry {
	NAT64_TCP_EXPIRE_DELETE,	/* delete the session, say nothing */
	NAT64_TCP_EXPIRE_PROBE,		/* SHOULD probe; TRANS, TIMER_TRANS */
};

struct nat64_tcp_step nat64_tcp_closed(enum nat64_tcp_dir dir, u8 flags,
				       const struct nat64_tcp_ctx *ctx);
struct nat64_tcp_step nat64_tcp_update(enum nat64_tcp_state state,
				       bool syn_stored, enum nat64_tcp_dir dir,
				       u8 flags);
enum nat64_tcp_expiry nat64_tcp_expire(enum nat64_tcp_state state);
u32 nat64_tcp_lifetime(enum nat64_tcp_timer timer, u32 est_secs,
		       u32 trans_secs);

#endif /* _NAT64_TCP_STATE_H */
