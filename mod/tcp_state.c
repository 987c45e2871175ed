// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 6146 section 3.5.2.2: the TCP state machine of a stateful NAT64, with
 * the unsolicited SYN rules of RFC 5382 REQ-4 and the RST rule of RFC 7857
 * section 2.2.  Where the RFCs leave a choice, the comment says "Choice:".
 */
#include "tcp_state.h"

/*
 * Packet classes.  A segment with RST set aborts its connection whatever
 * else it carries (RFC 9293 section 3.10.7), so it never counts as a SYN or
 * a FIN here.
 *
 * Choice: RFC 6146 tests FIN before RST in ESTABLISHED and calls anything
 * with SYN set a SYN; FIN+RST and SYN+RST count as RST instead.  SYN+FIN
 * stays a SYN (and a FIN), as the RFC's words have it.  ACK never matters:
 * "a V4 SYN (with or without the ACK flag set)" in V6 INIT is the only place
 * RFC 6146 names it.
 */
static bool is_rst(u8 flags)
{
	return flags & NAT64_TCP_RST;
}

static bool is_syn(u8 flags)
{
	return (flags & (NAT64_TCP_SYN | NAT64_TCP_RST)) == NAT64_TCP_SYN;
}

static bool is_fin(u8 flags)
{
	return (flags & (NAT64_TCP_FIN | NAT64_TCP_RST)) == NAT64_TCP_FIN;
}

/*
 * Once a connection is synchronized every segment carries ACK (RFC 9293
 * section 3.10.7.4).  One without it is bogus, and a server in
 * SYN-RECEIVED drops it without a word: a spoofer could use it to finish
 * a handshake only it has seen.  Such a segment moves nothing (below);
 * one with ACK that the server cannot accept draws its RST.
 */
static bool synchronized(u8 flags)
{
	return (flags & (NAT64_TCP_ACK | NAT64_TCP_SYN | NAT64_TCP_RST)) ==
	       NAT64_TCP_ACK;
}

static struct nat64_tcp_step step(enum nat64_tcp_state state,
				  enum nat64_tcp_timer timer,
				  enum nat64_tcp_verdict verdict)
{
	struct nat64_tcp_step s = {
		.state = state,
		.timer = timer,
		.verdict = verdict,
	};

	return s;
}

/*
 * CLOSED, an IPv4 SYN.  With drop-externally-initiated-tcp set the SYN is
 * silently discarded (RFC 6146; RFC 5382 REQ-4a: no answer when policy
 * forbids one).
 *
 * With no BIB entry for (X,x) the NAT64 neither drops the packet on
 * filtering nor creates a BIB entry: it creates the session in V4 INIT,
 * stores the SYN and gives the session TCP_INCOMING_SYN, so that an IPv6 SYN
 * arriving meanwhile completes a simultaneous open (RFC 5382 REQ-2, REQ-4).
 * Address-dependent filtering that does not admit the source is treated the
 * same way: the SYN waits instead of being forwarded.
 *
 * Otherwise the session starts in V4 INIT with TCP_TRANS (the partially open
 * phase of RFC 5382 REQ-5) and the SYN is translated and forwarded.
 */
static struct nat64_tcp_step closed_v4_syn(const struct nat64_tcp_ctx *ctx)
{
	if (ctx->drop_external)
		return step(NAT64_TCP_CLOSED, NAT64_TCP_TIMER_KEEP,
			    NAT64_TCP_DROP);
	if (!ctx->bib || !ctx->filter_pass)
		return step(NAT64_TCP_V4_INIT, NAT64_TCP_TIMER_SYN,
			    NAT64_TCP_STORE);
	return step(NAT64_TCP_V4_INIT, NAT64_TCP_TIMER_TRANS,
		    NAT64_TCP_FORWARD);
}

/*
 * CLOSED, anything but a SYN: with a BIB entry the packet SHOULD be
 * translated and forwarded if the security policy allows, and no session is
 * created; without one it is discarded (RFC 6146 section 3.5.2.2).
 *
 * Choice: for IPv4 packets the security policy is filtering plus
 * drop-externally-initiated-tcp, so an operator who forbids IPv4-initiated
 * TCP also gets no stray IPv4 segments (ACK scans) through to IPv6 hosts.
 */
static struct nat64_tcp_step closed_other(enum nat64_tcp_dir dir,
					  const struct nat64_tcp_ctx *ctx)
{
	bool pass = ctx->bib;

	if (dir == NAT64_TCP_FROM_V4)
		pass = pass && ctx->filter_pass && !ctx->drop_external;
	return step(NAT64_TCP_CLOSED, NAT64_TCP_TIMER_KEEP,
		    pass ? NAT64_TCP_FORWARD : NAT64_TCP_DROP);
}

/*
 * A packet that matches no session.  An IPv6 SYN creates a session in V6
 * INIT with TCP_TRANS and is forwarded (RFC 6146 section 3.5.2.2, CLOSED);
 * creating the BIB entry, and ICMPv6 3/3 when that fails, are the caller's.
 */
struct nat64_tcp_step nat64_tcp_closed(enum nat64_tcp_dir dir, u8 flags,
				       const struct nat64_tcp_ctx *ctx)
{
	if (!is_syn(flags))
		return closed_other(dir, ctx);
	if (dir == NAT64_TCP_FROM_V6)
		return step(NAT64_TCP_V6_INIT, NAT64_TCP_TIMER_TRANS,
			    NAT64_TCP_FORWARD);
	return closed_v4_syn(ctx);
}

/*
 * The second side's SYN (with or without ACK) moves a session to
 * ESTABLISHED, as RFC 6146 has it, but keeps TCP_TRANS.  Choice: the
 * handshake is not over until a segment with ACK and without SYN follows,
 * and until then RFC 5382 section 5 calls the connection partially open,
 * with the transitory timeout.  Giving it the established one at once
 * would let a spoofed IPv4 SYN, answered by the IPv6 server's automatic
 * SYN+ACK, hold a session (and max-ipv4-sessions-per-bib's room) for
 * 2 h 4 min.  The first such segment gives the maximum lifetime
 * (established()).
 */
static struct nat64_tcp_step second_syn(void)
{
	return step(NAT64_TCP_ESTABLISHED, NAT64_TCP_TIMER_TRANS,
		    NAT64_TCP_FORWARD);
}

/*
 * V4 INIT.  An IPv6 SYN moves the session to ESTABLISHED (second_syn())
 * and is forwarded; a stored IPv4 SYN is then dropped
 * silently (RFC 5382 REQ-4: the caller does that when it creates the
 * session).  Any other packet is forwarded if the security policy allows,
 * and state and lifetime stay.
 *
 * Choice: while the IPv4 SYN is stored, IPv4 packets are dropped: filtering
 * has not admitted their source (that is why the SYN waits), and without a
 * BIB entry there is no IPv6 address to send them to.  A retransmitted IPv4
 * SYN is dropped too: the first one stays stored and its 6 s keep running.
 */
static struct nat64_tcp_step v4_init(bool syn_stored, enum nat64_tcp_dir dir,
				     u8 flags)
{
	if (dir == NAT64_TCP_FROM_V6 && is_syn(flags))
		return second_syn();
	if (dir == NAT64_TCP_FROM_V4 && syn_stored)
		return step(NAT64_TCP_V4_INIT, NAT64_TCP_TIMER_KEEP,
			    NAT64_TCP_DROP);
	return step(NAT64_TCP_V4_INIT, NAT64_TCP_TIMER_KEEP, NAT64_TCP_FORWARD);
}

/*
 * V6 INIT.  An IPv4 SYN, with or without ACK, moves the session to
 * ESTABLISHED (second_syn()).  A retransmitted IPv6 SYN
 * sets TCP_TRANS again and the state stays.  Anything else is forwarded and
 * changes nothing.
 */
static struct nat64_tcp_step v6_init(enum nat64_tcp_dir dir, u8 flags)
{
	if (!is_syn(flags))
		return step(NAT64_TCP_V6_INIT, NAT64_TCP_TIMER_KEEP,
			    NAT64_TCP_FORWARD);
	if (dir == NAT64_TCP_FROM_V4)
		return second_syn();
	return step(NAT64_TCP_V6_INIT, NAT64_TCP_TIMER_TRANS,
		    NAT64_TCP_FORWARD);
}

/*
 * ESTABLISHED.  A FIN moves to V4 FIN RCV or V6 FIN RCV after the side that
 * sent it; a RST from either side moves to TRANS with TCP_TRANS; anything
 * else sets the maximum session lifetime again.  All are forwarded.
 *
 * Choice: but a SYN (a handshake's SYN or SYN+ACK sent again; SYN+FIN
 * too) or a segment without ACK changes nothing, so that a handshake
 * nobody completes stays partially open (second_syn(), synchronized()).
 *
 * Choice: RFC 6146 gives the FIN transitions no lifetime.  A FIN is traffic
 * on a live connection, so it refreshes like any other packet does here and
 * in the FIN RCV states.
 */
static struct nat64_tcp_step established(enum nat64_tcp_dir dir, u8 flags)
{
	if (is_rst(flags))
		return step(NAT64_TCP_TRANS, NAT64_TCP_TIMER_TRANS,
			    NAT64_TCP_FORWARD);
	if (!synchronized(flags))
		return step(NAT64_TCP_ESTABLISHED, NAT64_TCP_TIMER_KEEP,
			    NAT64_TCP_FORWARD);
	if (!is_fin(flags))
		return step(NAT64_TCP_ESTABLISHED, NAT64_TCP_TIMER_EST,
			    NAT64_TCP_FORWARD);
	if (dir == NAT64_TCP_FROM_V4)
		return step(NAT64_TCP_V4_FIN_RCV, NAT64_TCP_TIMER_EST,
			    NAT64_TCP_FORWARD);
	return step(NAT64_TCP_V6_FIN_RCV, NAT64_TCP_TIMER_EST,
		    NAT64_TCP_FORWARD);
}

/*
 * V4 FIN RCV and V6 FIN RCV, waiting for a FIN from side @awaited.  That
 * FIN moves to V6 FIN + V4 FIN RCV with TCP_TRANS; any other packet keeps
 * the state and sets the maximum session lifetime (the half-open connection
 * may carry data as long as an established one).
 *
 * RST: RFC 6146 lists it nowhere here, so it would be "any other packet"
 * and keep a reset connection's ports for hours.  RFC 7857 section 2.2 has
 * the NAT translate a RST that matches a session and delete the session if
 * nothing else comes within 4 minutes: that is TRANS, as in ESTABLISHED.
 * A later packet brings the session back to ESTABLISHED.
 */
static struct nat64_tcp_step fin_rcv(enum nat64_tcp_state state,
				     enum nat64_tcp_dir awaited,
				     enum nat64_tcp_dir dir, u8 flags)
{
	if (is_rst(flags))
		return step(NAT64_TCP_TRANS, NAT64_TCP_TIMER_TRANS,
			    NAT64_TCP_FORWARD);
	if (dir == awaited && is_fin(flags))
		return step(NAT64_TCP_V6_FIN_V4_FIN_RCV, NAT64_TCP_TIMER_TRANS,
			    NAT64_TCP_FORWARD);
	return step(state, NAT64_TCP_TIMER_EST, NAT64_TCP_FORWARD);
}

/*
 * V6 FIN + V4 FIN RCV.  Every packet is forwarded and only the TCP_TRANS
 * lifetime set on entry ends the state: not refreshed, so the last ACKs get
 * through and the session goes TCP_TRANS after the second FIN.  A RST
 * changes nothing either: the session is already on its transitory lifetime
 * (RFC 7857 section 2.2 only asks that a RST not end a session at once).
 */
static struct nat64_tcp_step fin_fin(void)
{
	return step(NAT64_TCP_V6_FIN_V4_FIN_RCV, NAT64_TCP_TIMER_KEEP,
		    NAT64_TCP_FORWARD);
}

/*
 * TRANS.  A packet other than a RST moves the session back to ESTABLISHED
 * with the maximum session lifetime.  A RST is forwarded and changes
 * nothing, so RSTs alone never keep a dead session alive.
 *
 * Choice: a SYN there (the 4-tuple used again for a new connection) is a
 * handshake, partially open (second_syn()); a segment without ACK
 * changes nothing (synchronized()).
 */
static struct nat64_tcp_step trans(u8 flags)
{
	if (is_syn(flags))
		return second_syn();
	if (!synchronized(flags))
		return step(NAT64_TCP_TRANS, NAT64_TCP_TIMER_KEEP,
			    NAT64_TCP_FORWARD);
	return step(NAT64_TCP_ESTABLISHED, NAT64_TCP_TIMER_EST,
		    NAT64_TCP_FORWARD);
}

/*
 * A packet of an existing session in @state.  @syn_stored: the session holds
 * an IPv4 SYN (V4 INIT only).  CLOSED is no session: asking here gets DROP,
 * ask nat64_tcp_closed() instead.
 */
struct nat64_tcp_step nat64_tcp_update(enum nat64_tcp_state state,
				       bool syn_stored, enum nat64_tcp_dir dir,
				       u8 flags)
{
	switch (state) {
	case NAT64_TCP_V4_INIT:
		return v4_init(syn_stored, dir, flags);
	case NAT64_TCP_V6_INIT:
		return v6_init(dir, flags);
	case NAT64_TCP_ESTABLISHED:
		return established(dir, flags);
	case NAT64_TCP_V4_FIN_RCV:
		return fin_rcv(state, NAT64_TCP_FROM_V6, dir, flags);
	case NAT64_TCP_V6_FIN_RCV:
		return fin_rcv(state, NAT64_TCP_FROM_V4, dir, flags);
	case NAT64_TCP_V6_FIN_V4_FIN_RCV:
		return fin_fin();
	case NAT64_TCP_TRANS:
		return trans(flags);
	default:
		return step(NAT64_TCP_CLOSED, NAT64_TCP_TIMER_KEEP,
			    NAT64_TCP_DROP);
	}
}

/*
 * The lifetime of a session in @state ran out (RFC 6146 section 3.5.2.2):
 *  - ESTABLISHED: the NAT64 SHOULD send a probe to at least one endpoint (a
 *    segment without data, sequence and acknowledgment numbers zero, ACK the
 *    only flag) and the state moves to TRANS, with TCP_TRANS;
 *  - any other state: the session is deleted.
 *
 * A V4 INIT session holding a stored SYN is not in the session table: the
 * SYN's store answers it with ICMP 3/3 when its 6 s run out (syn_store.c).
 * Choice: a V4 INIT session whose SYN was forwarded, not stored, has nothing
 * to quote and is deleted silently, as V6 INIT is.
 */
enum nat64_tcp_expiry nat64_tcp_expire(enum nat64_tcp_state state)
{
	if (state == NAT64_TCP_ESTABLISHED)
		return NAT64_TCP_EXPIRE_PROBE;
	return NAT64_TCP_EXPIRE_DELETE;
}

/*
 * Seconds for @timer given the instance's tcp-est-timeout and
 * tcp-trans-timeout; 0 for NAT64_TCP_TIMER_KEEP (no change).
 */
u32 nat64_tcp_lifetime(enum nat64_tcp_timer timer, u32 est_secs,
		       u32 trans_secs)
{
	switch (timer) {
	case NAT64_TCP_TIMER_EST:
		return est_secs;
	case NAT64_TCP_TIMER_TRANS:
		return trans_secs;
	case NAT64_TCP_TIMER_SYN:
		return NAT64_TCP_INCOMING_SYN_TIMEOUT;
	default:
		return 0;
	}
}
