// SPDX-License-Identifier: GPL-2.0
/*
 * The packet path's view of the RFC 6146 state (state.h): one probe finds
 * the session of an existing flow (6->4: the BIB entry's, whose short
 * session list then holds it); everything else (new sessions, new BIB
 * entries, filtering, the TCP machine's CLOSED state) runs under the
 * stripe of the (T,t) concerned (state_table.h), so new flows on
 * different CPUs meet only when they share a stripe.  Also the state's
 * lifetime within an instance.
 */
#include <linux/slab.h>
#include <linux/sched/mm.h>
#include <net/addrconf.h>

#include "state_table.h"
#include "pool4.h"
#include "tcp_state.h"
#include "addr.h"
#include "kunit.h"
#include "bib.h"
#include "session.h"
#include "inbound.h"
#include "host.h"
#include "syn_store.h"

/*
 * How often a new flow looks again after losing a race to another CPU
 * (an entry it found ended before it took the stripe, or another CPU made
 * the same entry first).  Each race means another CPU finished its own
 * work, so a second look succeeds in practice; past the bound the packet
 * is dropped (drop-state-busy) rather than spin in softirq.
 */
#define STATE_LOOKS	8

static u32 timeout_of(const struct nat64_globals *g, u8 proto)
{
	return proto == NAT64_PROTO_UDP ? g->udp_timeout : g->icmp_timeout;
}

/* The lifetime of a UDP or ICMP session only IPv4 has sent on. */
static u32 quiet_timeout(u32 secs)
{
	return min(secs, NAT64_V4_UNANSWERED_TIMEOUT);
}

static u32 deadline(u32 now, u32 secs)
{
	return now + secs * HZ;
}

static bool near(u32 a, u32 b)
{
	s32 d = a - b;

	return d < HZ && d > -HZ;
}

/*
 * Did the packet close the connection (FIN both ways, or RST)?  Its
 * session then ends as tcp-closed, not expired (event.h).
 */
static bool closes(u8 state, u8 flags)
{
	return state == NAT64_TCP_V6_FIN_V4_FIN_RCV ||
	       (state == NAT64_TCP_TRANS && (flags & NAT64_TCP_RST));
}

/*
 * A packet of TCP session @s.  0: forward; -EAGAIN: the session is gone,
 * treat it as absent; -EPERM: drop, *why set.
 */
static int tcp_hit(struct nat64_session *s, const struct nat64_globals *g,
		   enum nat64_tcp_dir dir, u8 flags, u32 now,
		   enum nat64_stat *why)
{
	struct nat64_tcp_step step;
	u8 state;

	/* An established segment with nothing to change: no write at all. */
	if (!(flags & (NAT64_TCP_SYN | NAT64_TCP_FIN | NAT64_TCP_RST)) &&
	    READ_ONCE(s->tcp_state) == NAT64_TCP_ESTABLISHED &&
	    nat64_session_live(s, now) &&
	    near(READ_ONCE(s->expires), deadline(now, g->tcp_est_timeout)))
		return 0;
	spin_lock(&s->lock);
	/*
	 * A session of an entry being killed counts as absent, as in
	 * nat64_session_live(): nat64_bib_kill() ends it a chunk later.
	 */
	if ((s->flags & NAT64_SF_DEAD) ||
	    (READ_ONCE(nat64_session_bib(s)->flags) & NAT64_BF_DEAD))
		goto absent;
	state = s->tcp_state;
	if ((s32)(s->expires - now) <= 0) {
		/*
		 * Only ESTABLISHED outlives its lifetime: it turns TRANS
		 * (RFC 6146 3.5.2.2), as the expiry scan would have made it.
		 */
		if (state != NAT64_TCP_ESTABLISHED)
			goto absent;
		state = NAT64_TCP_TRANS;
		WRITE_ONCE(s->expires, deadline(now, g->tcp_trans_timeout));
	}
	step = nat64_tcp_update(state, false, dir, flags);
	if (step.verdict != NAT64_TCP_FORWARD) {
		spin_unlock(&s->lock);
		*why = NAT64_STAT_DROP_TCP_STATE;
		return -EPERM;
	}
	WRITE_ONCE(s->tcp_state, step.state);
	if (closes(step.state, flags))
		WRITE_ONCE(s->flags, s->flags | NAT64_SF_CLOSED);
	else if (step.state == NAT64_TCP_ESTABLISHED)
		WRITE_ONCE(s->flags, s->flags & ~NAT64_SF_CLOSED);
	if (step.timer != NAT64_TCP_TIMER_KEEP)
		WRITE_ONCE(s->expires,
			   deadline(now, nat64_tcp_lifetime(step.timer,
							    g->tcp_est_timeout,
							    g->tcp_trans_timeout)));
	spin_unlock(&s->lock);
	return 0;

absent:
	spin_unlock(&s->lock);
	return -EAGAIN;
}

/* A packet of session @s, which a lookup found: see tcp_hit(). */
static int session_hit(struct nat64_session *s, const struct nat64_globals *g,
		       u8 proto, enum nat64_tcp_dir dir, u8 flags, u32 now,
		       enum nat64_stat *why)
{
	u32 secs = timeout_of(g, proto);

	if (proto == NAT64_PROTO_TCP)
		return tcp_hit(s, g, dir, flags, now, why);
	if (!nat64_session_live(s, now))
		return -EAGAIN;
	if (unlikely(READ_ONCE(s->flags) & NAT64_SF_QUIET)) {
		/* Opened from IPv4 and not answered yet: see inbound.c. */
		if (dir == NAT64_TCP_FROM_V4)
			secs = quiet_timeout(secs);
		else if (!nat64_inbound_answered(s))
			return -EAGAIN;
	}
	if (!nat64_session_touch(s, secs, now))
		return -EAGAIN;
	return 0;
}

/* z of a tuple: 0 for ICMP queries, whose identifier is x or t. */
static __be16 rport_of(u8 proto, __be16 port)
{
	return proto == NAT64_PROTO_ICMP ? 0 : port;
}

static void key4(const struct nat64_tuple4 *in, struct nat64_skey *k)
{
	k->raddr = in->src;
	k->addr4 = in->dst;
	k->rport = rport_of(in->proto, in->sport);
	k->port4 = in->dport;
}

/*
 * RCU: the session of the 6->4 tuple @in, Z being @raddr, through its BIB
 * entry, which *bib returns (NULL without one).
 */
static struct nat64_session *find6(struct nat64_ptable *pt,
				   const struct nat64_tuple6 *in,
				   __be32 raddr, struct nat64_bib **bib)
{
	*bib = nat64_bib_find6(pt, &in->src, in->sport);
	if (!*bib)
		return NULL;
	return nat64_session_of(pt, *bib, raddr,
				rport_of(in->proto, in->dport));
}

/*
 * RCU: the session of the 4->6 tuple @in through its BIB entry, (T,t)'s,
 * which *bib returns (NULL without one).
 */
static struct nat64_session *find4(struct nat64_ptable *pt,
				   const struct nat64_tuple4 *in,
				   struct nat64_bib **bib)
{
	*bib = nat64_bib_find4(pt, in->dst, in->dport);
	if (!*bib)
		return NULL;
	return nat64_session_of(pt, *bib, in->src,
				rport_of(in->proto, in->sport));
}

/* (T,t) -> (Z,z) for a packet of (X',x) -> (Y',y) bound to (@addr4,@port4). */
static void out4(__be32 addr4, __be16 port4, const struct nat64_tuple6 *in,
		 __be32 raddr, struct nat64_tuple4 *out)
{
	out->proto = in->proto;
	out->src = addr4;
	out->sport = port4;
	out->dst = raddr;
	out->dport = in->proto == NAT64_PROTO_ICMP ? port4 : in->dport;
}

/* (Y',y) -> (X',x) for a packet of (Z,z) -> (T,t) bound to (@addr6,@port6). */
static void out6(const struct nat64_instance *inst,
		 const struct in6_addr *addr6, __be16 port6,
		 const struct nat64_tuple4 *in, struct nat64_tuple6 *out)
{
	out->proto = in->proto;
	nat64_addr_4to6(&inst->pool6, inst->pool6_len, in->src, &out->src);
	out->sport = in->proto == NAT64_PROTO_ICMP ? port6 : in->sport;
	out->dst = *addr6;
	out->dport = port6;
}

/*
 * Under the stripe of @s's (T,t): the session a lookup found there, if it
 * is live (applying the packet to it), after ending a dead-by-expiry one.
 * Returns 1 with the packet applied, 0 when there is no session, -EPERM
 * to drop.
 */
static int slow_hit(struct nat64_state *st, struct nat64_ptable *pt,
		    struct nat64_session *s, const struct nat64_globals *g,
		    enum nat64_tcp_dir dir, u8 flags, u32 now,
		    enum nat64_stat *why)
{
	int err;

	if (!s)
		return 0;
	err = session_hit(s, g, pt->proto, dir, flags, now, why);
	if (!err)
		return 1;
	if (err != -EAGAIN)
		return err;
	nat64_stat_inc(st->inst->stats, NAT64_STAT_SESSION_EXPIRED);
	nat64_session_kill(st, pt, s, nat64_session_end_reason(s));
	return 0;
}

static enum nat64_state_verdict drop(enum nat64_stat *why, enum nat64_stat w)
{
	*why = w;
	return NAT64_STATE_DROP;
}

/*
 * The TCP machine for a 6->4 packet with no session.  A stored IPv4 SYN of
 * the same four-tuple means the session is really in V4 INIT with a stored
 * SYN (tcp_state.h); *syn says so, and @syn4 holds that SYN's IPv4 tuple.
 * With no BIB entry yet, that four-tuple is the one the new entry will
 * make: an IPv6 SYN takes the (T,t) of an IPv4 SYN stored from its
 * destination (Z,z), if that (T,t) is free and in pool4 (RFC 6146 3.5.2.2
 * simultaneous open, RFC 5382 REQ-4); the caller then creates the entry at
 * @syn4's (T,t).  An existing entry wins (RFC 6146 3.5.1.1): a SYN stored
 * for another (T,t) is left to expire.
 */
static struct nat64_tcp_step tcp_new6(struct nat64_instance *inst,
				      struct nat64_ptable *pt,
				      const struct nat64_bib *bib,
				      __be32 raddr, __be16 rport, u8 flags,
				      bool *syn, struct nat64_tuple4 *syn4)
{
	struct nat64_tcp_ctx ctx = { .bib = bib != NULL };
	struct nat64_state *st = inst->state;

	*syn = false;
	syn4->proto = NAT64_PROTO_TCP;
	syn4->src = raddr;
	syn4->sport = rport;
	if (bib) {
		syn4->dst = bib->addr4;
		syn4->dport = bib->port4;
		*syn = nat64_syn_stored(st, syn4);
	} else if (flags & NAT64_TCP_SYN) {
		*syn = nat64_syn_find_from(st, pt,
					   rcu_dereference(inst->pool4),
					   syn4);
		if (*syn) {
			struct nat64_tcp_step step;

			step = nat64_tcp_update(NAT64_TCP_V4_INIT, true,
						NAT64_TCP_FROM_V6, flags);
			/*
			 * Only a packet that opens the session meets the
			 * stored SYN: anything else (a SYN with RST) would
			 * be forwarded through a BIB entry there is not.
			 */
			if (step.verdict == NAT64_TCP_FORWARD &&
			    step.timer != NAT64_TCP_TIMER_KEEP)
				return step;
			*syn = false;
		}
	}
	if (*syn)
		return nat64_tcp_update(NAT64_TCP_V4_INIT, true,
					NAT64_TCP_FROM_V6, flags);
	return nat64_tcp_closed(NAT64_TCP_FROM_V6, flags, &ctx);
}

/* The verdict when a new flow's subscriber was not admitted (host.c). */
static enum nat64_state_verdict refused(enum nat64_stat why)
{
	return why == NAT64_STAT_DROP_NOMEM ? NAT64_STATE_DROP :
	       NAT64_STATE_ADMIN_PROHIB;
}

/*
 * The TCP machine's word on a 6->4 packet with no session: 1 to go on and
 * make one with *state and *lifetime, 0 with *v when that is all (a drop,
 * or a packet forwarded through the entry without a session).
 */
static int tcp_open6(struct nat64_instance *inst, struct nat64_ptable *pt,
		     const struct nat64_globals *g,
		     const struct nat64_tuple6 *in, const struct nat64_bib *bib,
		     __be32 raddr, u8 flags, bool *syn,
		     struct nat64_tuple4 *syn4, u8 *state, u32 *lifetime,
		     struct nat64_tuple4 *out, enum nat64_state_verdict *v,
		     enum nat64_stat *why)
{
	struct nat64_tcp_step step;

	step = tcp_new6(inst, pt, bib, raddr, rport_of(in->proto, in->dport),
			flags, syn, syn4);
	if (step.verdict != NAT64_TCP_FORWARD) {
		*v = drop(why, NAT64_STAT_DROP_TCP_STATE);
		return 0;
	}
	if (step.timer == NAT64_TCP_TIMER_KEEP) {
		/* Forwarded through the BIB entry, no session. */
		if (WARN_ON_ONCE(!bib)) {
			*v = drop(why, NAT64_STAT_DROP_TCP_STATE);
			return 0;
		}
		out4(bib->addr4, bib->port4, in, raddr, out);
		*v = NAT64_STATE_FORWARD;
		return 0;
	}
	*state = step.state;
	*lifetime = nat64_tcp_lifetime(step.timer, g->tcp_est_timeout,
				       g->tcp_trans_timeout);
	return 1;
}

/*
 * Under @bib's stripe: a 6->4 packet of (X',x), whose entry @bib is, with
 * no live session towards Z = @raddr.
 */
static enum nat64_state_verdict new_session6(struct nat64_instance *inst,
					     struct nat64_ptable *pt,
					     const struct nat64_globals *g,
					     const struct nat64_tuple6 *in,
					     struct nat64_bib *bib,
					     __be32 raddr, u8 flags,
					     struct nat64_tuple4 *out,
					     enum nat64_stat *why)
{
	struct nat64_state *st = inst->state;
	u32 lifetime = timeout_of(g, pt->proto);
	u8 state = NAT64_TCP_CLOSED;
	enum nat64_state_verdict v;
	struct nat64_tuple4 syn4;
	bool syn = false;

	if (pt->proto == NAT64_PROTO_TCP &&
	    !tcp_open6(inst, pt, g, in, bib, raddr, flags, &syn, &syn4,
		       &state, &lifetime, out, &v, why))
		return v;
	if (atomic_read(&st->nsessions) >= g->max_sessions)
		return drop(why, NAT64_STAT_DROP_SESSION_LIMIT);
	if (nat64_host_admit(st, pt, g, &in->src, bib->host_plen, false,
			     NULL, why))
		return refused(*why);
	if (!nat64_session_create(st, pt, bib, raddr,
				  rport_of(in->proto, in->dport), state, 0,
				  lifetime, g->max_sessions, why)) {
		nat64_host_cancel(st, pt, &in->src, bib->host_plen, false);
		return NAT64_STATE_DROP;
	}
	if (syn)
		nat64_syn_consume(st, &syn4);
	out4(bib->addr4, bib->port4, in, raddr, out);
	return NAT64_STATE_FORWARD;
}

/*
 * RCU, BH off: a 6->4 packet of (X',x), which has no entry, towards Z =
 * @raddr: the entry and its first session, made under the stripe of the
 * new (T,t).  0 with *v, or -EAGAIN to look again (another CPU made the
 * entry, or took the (T,t) of a stored SYN, first).
 */
static int new_bib6(struct nat64_instance *inst, struct nat64_ptable *pt,
		    const struct nat64_globals *g,
		    const struct nat64_tuple6 *in, __be32 raddr, u8 flags,
		    struct nat64_tuple4 *out, enum nat64_state_verdict *v,
		    enum nat64_stat *why)
{
	struct nat64_state *st = inst->state;
	u32 lifetime = timeout_of(g, pt->proto);
	u8 state = NAT64_TCP_CLOSED, plen;
	struct nat64_tuple4 syn4;
	struct nat64_host *host;
	struct nat64_bib *bib;
	bool syn = false;
	spinlock_t *lock;
	int err;

	/*
	 * The box's own packets never arrive through PREROUTING: a source
	 * that is one of its addresses is spoofed, and its entry would take
	 * a pool4 port for replies that could only be refused (route.c).
	 * Asked here, once per new entry, not of every packet.
	 */
	if (ipv6_chk_addr(inst->net, &in->src, NULL, 0)) {
		*v = drop(why, NAT64_STAT_DROP_SPECIAL6);
		return 0;
	}
	if (pt->proto == NAT64_PROTO_TCP &&
	    !tcp_open6(inst, pt, g, in, NULL, raddr, flags, &syn, &syn4,
		       &state, &lifetime, out, v, why))
		return 0;
	if (atomic_read(&st->nsessions) >= g->max_sessions) {
		*v = drop(why, NAT64_STAT_DROP_SESSION_LIMIT);
		return 0;
	}
	plen = READ_ONCE(st->host_plen);
	if (nat64_host_admit(st, pt, g, &in->src, plen, true, &host, why)) {
		*v = refused(*why);
		return 0;
	}
	/* A stored SYN's (T,t) is taken whole: no address to pair then. */
	bib = nat64_bib_new(inst, pt, &in->src, in->sport, plen,
			    syn ? &syn4 : NULL,
			    syn ? 0 : nat64_host_paired(st, pt, host), why);
	if (IS_ERR(bib)) {
		nat64_host_cancel(st, pt, &in->src, plen, true);
		if (PTR_ERR(bib) == -EAGAIN)
			return -EAGAIN;
		*v = *why == NAT64_STAT_DROP_POOL4_EXHAUSTED ?
		     NAT64_STATE_ADDR_UNREACH : NAT64_STATE_DROP;
		return 0;
	}
	lock = nat64_bib_lock_of(pt, bib);
	spin_lock(lock);
	err = nat64_bib_publish(st, pt, bib);
	if (err) {
		/* Gone with its claim; -EEXIST: another CPU made (X',x)'s. */
		spin_unlock(lock);
		nat64_host_cancel(st, pt, &in->src, plen, true);
		if (err == -EEXIST)
			return -EAGAIN;
		*v = drop(why, NAT64_STAT_DROP_NOMEM);
		return 0;
	}
	if (!nat64_session_create(st, pt, bib, raddr,
				  rport_of(in->proto, in->dport), state, 0,
				  lifetime, g->max_sessions, why)) {
		/* The entry's own count goes with it (nat64_bib_put()). */
		nat64_host_cancel(st, pt, &in->src, plen, false);
		nat64_bib_put(st, pt, bib, NAT64_END_LIMIT);
		*v = NAT64_STATE_DROP;
	} else {
		/* A stored SYN's (T,t) is the peer's choice: no pairing. */
		if (syn)
			nat64_syn_consume(st, &syn4);
		else
			nat64_host_pair(host, bib->addr4);
		out4(bib->addr4, bib->port4, in, raddr, out);
		*v = NAT64_STATE_FORWARD;
	}
	spin_unlock(lock);
	return 0;
}

/*
 * RCU, BH off: one look at (X',x)'s entry @bib, as bib6 gave it (NULL for
 * none), for a 6->4 packet that found no live session.  0 with *v, or
 * -EAGAIN to look again.
 */
static int look6(struct nat64_instance *inst, struct nat64_ptable *pt,
		 const struct nat64_globals *g, const struct nat64_tuple6 *in,
		 struct nat64_bib *bib, __be32 raddr, u8 flags, u32 now,
		 struct nat64_tuple4 *out, enum nat64_state_verdict *v,
		 enum nat64_stat *why)
{
	struct nat64_session *s;
	spinlock_t *lock;
	int hit, err = 0;

	if (!bib)
		return new_bib6(inst, pt, g, in, raddr, flags, out, v, why);
	lock = nat64_bib_lock_of(pt, bib);
	spin_lock(lock);
	/* Ended since it was found: its successor, if any, is in bib6. */
	if (nat64_bib_is_dead(bib)) {
		err = -EAGAIN;
		goto out;
	}
	s = nat64_session_of(pt, bib, raddr, rport_of(in->proto, in->dport));
	hit = slow_hit(inst->state, pt, s, g, NAT64_TCP_FROM_V6, flags, now,
		       why);
	if (hit > 0) {
		out4(bib->addr4, bib->port4, in, raddr, out);
		*v = NAT64_STATE_FORWARD;
	} else if (hit < 0) {
		*v = NAT64_STATE_DROP;
	} else if (nat64_bib_is_dead(bib)) {
		/* Ending an expired session ended its dynamic entry too. */
		err = -EAGAIN;
	} else {
		*v = new_session6(inst, pt, g, in, bib, raddr, flags, out, why);
	}
out:
	spin_unlock(lock);
	return err;
}

enum nat64_state_verdict nat64_state_6to4(struct nat64_instance *inst,
					  const struct nat64_globals *g,
					  const struct nat64_tuple6 *in,
					  u8 tcp_flags,
					  struct nat64_tuple4 *out,
					  enum nat64_stat *why)
{
	struct nat64_state *st = inst->state;
	struct nat64_ptable *pt = &st->t[in->proto];
	__be32 raddr = nat64_addr_6to4(&in->dst, inst->pool6_len);
	enum nat64_state_verdict v;
	struct nat64_session *s;
	struct mem_cgroup *old;
	struct nat64_bib *bib;
	u32 now = nat64_now();
	int hit, i;

	*why = NAT64_STAT_XLAT_6TO4;
	s = find6(pt, in, raddr, &bib);
	if (s) {
		hit = session_hit(s, g, in->proto, NAT64_TCP_FROM_V6,
				  tcp_flags, now, why);
		if (!hit) {
			out4(bib->addr4, bib->port4, in, raddr, out);
			return NAT64_STATE_FORWARD;
		}
		if (hit == -EPERM)
			return NAT64_STATE_DROP;
	}
	/*
	 * A new flow to one of the box's own IPv4 addresses makes no state:
	 * its route would be refused (drop-to-host), and a session with the
	 * box as its peer would let a link's packet spoofed from the box in
	 * (new_4to6() refuses those only for new flows).  A pool4 address is
	 * a hairpin, never routed.
	 */
	if (inet_addr_type(inst->net, raddr) == RTN_LOCAL &&
	    !nat64_state_is_pool4(inst, raddr)) {
		*why = NAT64_STAT_DROP_TO_HOST;
		return NAT64_STATE_ADMIN_PROHIB;
	}
	/* Charged to the instance's memory cgroup (instance.h). */
	old = set_active_memcg(inst->memcg);
	v = drop(why, NAT64_STAT_DROP_STATE_BUSY);
	for (i = 0; i < STATE_LOOKS; i++) {
		*why = NAT64_STAT_XLAT_6TO4;
		/* The first look starts from find6()'s answer. */
		if (i)
			bib = nat64_bib_find6(pt, &in->src, in->sport);
		if (!look6(inst, pt, g, in, bib, raddr, tcp_flags, now, out,
			   &v, why))
			break;
		v = drop(why, NAT64_STAT_DROP_STATE_BUSY);
	}
	set_active_memcg(old);
	return v;
}
NAT64_KUNIT_EXPORT(nat64_state_6to4);

/* The counter for a TCP packet from IPv4 that the machine drops. */
static enum nat64_stat tcp_drop4(const struct nat64_tcp_ctx *ctx, u8 flags)
{
	if (ctx->drop_external)
		return NAT64_STAT_DROP_EXTERNAL_TCP;
	if (!ctx->bib)
		return NAT64_STAT_DROP_NO_BIB;
	if (!ctx->filter_pass)
		return NAT64_STAT_DROP_FILTERED;
	return NAT64_STAT_DROP_TCP_STATE;
}

/* Holds the IPv4 SYN @skb for simultaneous open: STOLEN, or DROP. */
static enum nat64_state_verdict store(struct nat64_state *st,
				      const struct nat64_globals *g,
				      const struct nat64_tuple4 *in,
				      struct sk_buff *skb, enum nat64_stat *why)
{
	int err = skb ? nat64_syn_store(st, g, in, skb) : -EINVAL;

	if (err == -ENOSPC)
		return drop(why, NAT64_STAT_DROP_SYN_STORE_FULL);
	if (err == -EDQUOT)
		return drop(why, NAT64_STAT_DROP_SYNS_TOTAL);
	if (err)
		return drop(why, NAT64_STAT_DROP_NOMEM);
	*why = NAT64_STAT_SYN_STORED;
	return NAT64_STATE_STOLEN;
}

/*
 * Under the entry's stripe: a session of @bib that an IPv4 packet opens,
 * within the limits on those (inbound.c).  False and *why when it cannot
 * be.
 */
static bool new_session4(struct nat64_state *st, struct nat64_ptable *pt,
			 const struct nat64_globals *g, struct nat64_bib *bib,
			 const struct nat64_skey *k, u8 state, u32 lifetime,
			 enum nat64_stat *why)
{
	u8 flags = NAT64_SF_V4 |
		   (pt->proto != NAT64_PROTO_TCP ? NAT64_SF_QUIET : 0);
	struct nat64_session *s;

	if (nat64_inbound_admit(st, pt, bib, g, why))
		return false;
	s = nat64_session_create(st, pt, bib, k->raddr, k->rport, state,
				 flags, lifetime, g->max_sessions, why);
	if (!s) {
		nat64_inbound_cancel(st);
		return false;
	}
	nat64_inbound_commit(st, pt, bib, s);
	return true;
}

/*
 * Under the stripe of the packet's (T,t), which holds bib4's answer for
 * it steady: a 4->6 packet with no live session; @bib is (T,t)'s entry,
 * NULL without one.
 */
static enum nat64_state_verdict new_4to6(struct nat64_instance *inst,
					 struct nat64_ptable *pt,
					 const struct nat64_globals *g,
					 const struct nat64_tuple4 *in,
					 struct nat64_bib *bib, u8 flags,
					 struct sk_buff *skb, u32 now,
					 struct nat64_tuple6 *out,
					 enum nat64_stat *why)
{
	u8 state = NAT64_TCP_CLOSED;
	u32 lifetime = timeout_of(g, pt->proto);
	struct nat64_skey k;
	bool pass;

	/*
	 * A source that is one of the box's own addresses, from a link, is
	 * spoofed (the kernel's forwarding drops it as a martian): it opens
	 * nothing, and no IPv6 host hears from 64:ff9b::<the box>.  New flows
	 * only: no session has such a peer (nat64_state_6to4() makes none).
	 * A pool4 source is a hairpin (one from a link never gets here).
	 */
	if (!(skb && skb->dev && (skb->dev->flags & IFF_LOOPBACK)) &&
	    inet_addr_type(inst->net, in->src) == RTN_LOCAL &&
	    !nat64_state_is_pool4(inst, in->src))
		return drop(why, NAT64_STAT_DROP_SPECIAL4);
	pass = bib && (g->filtering == NAT64_FILTERING_ENDPOINT_INDEPENDENT ||
		       nat64_session_any_to(bib, in->src, now));
	if (pt->proto == NAT64_PROTO_TCP) {
		struct nat64_tcp_ctx ctx = {
			.bib = bib != NULL,
			.filter_pass = pass,
			.drop_external = g->drop_external_tcp,
		};
		struct nat64_tcp_step step;

		/* A stored SYN's four-tuple is a session in V4 INIT. */
		if (nat64_syn_stored(inst->state, in))
			step = nat64_tcp_update(NAT64_TCP_V4_INIT, true,
						NAT64_TCP_FROM_V4, flags);
		else
			step = nat64_tcp_closed(NAT64_TCP_FROM_V4, flags, &ctx);
		if (step.verdict == NAT64_TCP_STORE)
			return store(inst->state, g, in, skb, why);
		if (step.verdict == NAT64_TCP_DROP && step.state != NAT64_TCP_CLOSED)
			return drop(why, NAT64_STAT_DROP_TCP_STATE);
		if (step.verdict != NAT64_TCP_FORWARD)
			return drop(why, tcp_drop4(&ctx, flags));
		if (step.state == NAT64_TCP_CLOSED) {
			out6(inst, &bib->addr6, bib->port6, in, out);
			return NAT64_STATE_FORWARD;
		}
		state = step.state;
		lifetime = nat64_tcp_lifetime(step.timer, g->tcp_est_timeout,
					      g->tcp_trans_timeout);
	} else if (!bib) {
		return drop(why, NAT64_STAT_DROP_NO_BIB);
	} else if (!pass) {
		return drop(why, NAT64_STAT_DROP_FILTERED);
	}
	/* UDP and ICMP: short until the IPv6 side answers (inbound.c). */
	if (pt->proto != NAT64_PROTO_TCP)
		lifetime = quiet_timeout(lifetime);
	key4(in, &k);
	if (!new_session4(inst->state, pt, g, bib, &k, state, lifetime, why))
		return NAT64_STATE_DROP;
	out6(inst, &bib->addr6, bib->port6, in, out);
	return NAT64_STATE_FORWARD;
}

enum nat64_state_verdict nat64_state_4to6(struct nat64_instance *inst,
					  const struct nat64_globals *g,
					  const struct nat64_tuple4 *in,
					  u8 tcp_flags, struct sk_buff *skb,
					  struct nat64_tuple6 *out,
					  enum nat64_stat *why)
{
	struct nat64_state *st = inst->state;
	struct nat64_ptable *pt = &st->t[in->proto];
	enum nat64_state_verdict v;
	struct nat64_session *s;
	struct nat64_bib *bib;
	u32 now = nat64_now();
	spinlock_t *lock;
	int hit;

	*why = NAT64_STAT_XLAT_4TO6;
	s = find4(pt, in, &bib);
	if (s) {
		hit = session_hit(s, g, in->proto, NAT64_TCP_FROM_V4,
				  tcp_flags, now, why);
		if (!hit) {
			out6(inst, &bib->addr6, bib->port6, in, out);
			return NAT64_STATE_FORWARD;
		}
		if (hit == -EPERM)
			return NAT64_STATE_DROP;
	} else if (!bib && !nat64_pool4_has(rcu_dereference(inst->pool4),
					    in->proto, in->dst,
					    ntohs(in->dport))) {
		/*
		 * Not the NAT64's: the host's own service on T, if T is
		 * the host's (xlat46.c drops it otherwise).  Every BIB
		 * entry lies inside pool4 (a pool4 removal prunes what
		 * left it), so no entry can hold (T,t) either.
		 */
		return NAT64_STATE_ACCEPT;
	}
	lock = nat64_bib_lock(pt, in->dst, in->dport);
	spin_lock(lock);
	s = find4(pt, in, &bib);
	hit = slow_hit(st, pt, s, g, NAT64_TCP_FROM_V4, tcp_flags, now, why);
	if (hit > 0) {
		out6(inst, &bib->addr6, bib->port6, in, out);
		v = NAT64_STATE_FORWARD;
	} else if (hit < 0) {
		v = NAT64_STATE_DROP;
	} else {
		struct mem_cgroup *old = set_active_memcg(inst->memcg);

		/*
		 * Ending an expired session ended its dynamic entry too:
		 * (T,t) has none now, and that one is on its way to be
		 * freed.
		 */
		if (bib && nat64_bib_is_dead(bib))
			bib = NULL;
		v = new_4to6(inst, pt, g, in, bib, tcp_flags, skb, now, out,
			     why);
		set_active_memcg(old);
	}
	spin_unlock(lock);
	return v;
}
NAT64_KUNIT_EXPORT(nat64_state_4to6);

bool nat64_state_find_6to4(struct nat64_instance *inst,
			   const struct nat64_tuple6 *in,
			   struct nat64_tuple4 *out)
{
	struct nat64_ptable *pt = &inst->state->t[in->proto];
	__be32 raddr = nat64_addr_6to4(&in->dst, inst->pool6_len);
	struct nat64_session *s;
	struct nat64_bib *bib;

	s = find6(pt, in, raddr, &bib);
	if (!s || !nat64_session_live(s, nat64_now()))
		return false;
	out4(bib->addr4, bib->port4, in, raddr, out);
	return true;
}

bool nat64_state_find_4to6(struct nat64_instance *inst,
			   const struct nat64_tuple4 *in,
			   struct nat64_tuple6 *out)
{
	struct nat64_ptable *pt = &inst->state->t[in->proto];
	struct nat64_session *s;
	struct nat64_bib *bib;

	s = find4(pt, in, &bib);
	if (!s || !nat64_session_live(s, nat64_now()))
		return false;
	out6(inst, &bib->addr6, bib->port6, in, out);
	return true;
}

/* Changes with every BIB entry or session created or ended. */
u32 nat64_state_gen(struct nat64_instance *inst)
{
	u32 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*per_cpu_ptr(inst->state->gen, cpu));
	return sum;
}
NAT64_KUNIT_EXPORT(nat64_state_gen);

bool nat64_state_is_pool4(struct nat64_instance *inst, __be32 addr)
{
	const struct nat64_pool4 *p = rcu_dereference(inst->pool4);

	return nat64_pool4_addr_ranges_has(p->ranges, p->nranges,
				     be32_to_cpu(addr));
}

int nat64_state_init(struct nat64_instance *inst)
{
	struct nat64_state *st = kzalloc(sizeof(*st), GFP_KERNEL_ACCOUNT);
	int err, p;

	if (!st)
		return -ENOMEM;
	st->gen = alloc_percpu_gfp(u32, GFP_KERNEL_ACCOUNT);
	if (!st->gen) {
		kfree(st);
		return -ENOMEM;
	}
	st->inst = inst;
	st->host_plen = NAT64_SUBSCRIBER_PLEN_DEF;
	spin_lock_init(&st->syn_lock);
	INIT_LIST_HEAD(&st->syns);
	for (p = 0; p < NAT64_PROTO_COUNT; p++) {
		err = nat64_ptable_init(&st->t[p], p);
		if (err)
			goto err_tables;
		st->t[p].userns = inst->userns;
	}
	inst->state = st;
	return 0;

err_tables:
	while (--p >= 0)
		nat64_ptable_destroy(&st->t[p]);
	free_percpu(st->gen);
	kfree(st);
	return err;
}

/*
 * After the hooks are gone, a grace period has passed since the instance
 * was unpublished and the upkeep work has stopped: nothing reaches the
 * state any more.
 */
void nat64_state_destroy(struct nat64_instance *inst)
{
	struct nat64_state *st = inst->state;
	int p;

	if (!st)
		return;
	nat64_syn_flush(st);
	for (p = 0; p < NAT64_PROTO_COUNT; p++)
		nat64_ptable_destroy(&st->t[p]);
	free_percpu(st->gen);
	kfree(st);
	inst->state = NULL;
}

int __init nat64_state_module_init(void)
{
	int err;

	nat64_state_table_module_init();
	nat64_host_locks_init();
	err = nat64_bib_cache_init();
	if (err)
		return err;
	err = nat64_session_cache_init();
	if (err)
		nat64_bib_cache_exit();
	return err;
}

/* After rcu_barrier(): every deferred free has run. */
void nat64_state_module_exit(void)
{
	nat64_session_cache_exit();
	nat64_bib_cache_exit();
}
