// SPDX-License-Identifier: GPL-2.0
/*
 * State events: one generic netlink message per BIB entry or session made
 * or ended, to the "bib" or the "session" group of the instance's
 * namespace, for nat64ctl monitor and the mapping log that RFC 6888
 * REQ-12 asks a CGN operator to keep (which listens to "bib" alone, and
 * so costs one message per new flow, not two).
 *
 * Nobody listening to an event's group costs one test
 * (genl_has_listeners()).  With a listener, the event is built where the
 * change happens, under the stripe, GFP_ATOMIC: it must say what the
 * entry was, and the entry is freed a grace period later.  An event that
 * cannot be allocated, or that a listener's full socket refuses, counts
 * in events-lost.  Netlink tells the sender of the refusal only when that
 * listener set NETLINK_BROADCAST_ERROR (nat64ctl monitor does), and tells
 * the listener itself with ENOBUFS on its next read.
 *
 * genl_has_listeners() answers for the group across all namespaces: with
 * a listener in one, every instance builds its events, and those of
 * namespaces nobody listens in are freed unsent.  That costs time, not
 * correctness.
 */
#include <linux/ktime.h>
#include <net/genetlink.h>

#include "event.h"
#include "genl.h"
#include "state_attr.h"

/* An event carries one nest of at most this, and the NAT64_A_EVENT one. */
#define EVENT_SIZE	256

/* Between the family's registration and the start of its end. */
static bool events_up __read_mostly;

void nat64_event_start(void)
{
	WRITE_ONCE(events_up, true);
}

/* Whoever saw events_up set has sent by the end of the grace period. */
void nat64_event_stop(void)
{
	WRITE_ONCE(events_up, false);
	synchronize_rcu();
}

/* RCU. */
static bool wanted(struct net *net, enum nat64_mcgrp grp)
{
	return READ_ONCE(events_up) &&
	       genl_has_listeners(&nat64_family, net, grp);
}

static int event_attr_put(struct sk_buff *skb, enum nat64_end_reason why,
			  u64 time)
{
	struct nlattr *nest = nla_nest_start(skb, NAT64_A_EVENT);

	if (!nest ||
	    nla_put_u64_64bit(skb, NAT64_EVENT_A_TIME, time,
			      NAT64_EVENT_A_PAD) ||
	    (why != NAT64_END_NONE &&
	     nla_put_u8(skb, NAT64_EVENT_A_REASON, why))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* A message of @cmd holding its NAT64_A_EVENT nest at @time, or NULL. */
static struct sk_buff *event_new(u8 cmd, enum nat64_end_reason why,
				 u64 time, void **hdr, gfp_t gfp)
{
	struct sk_buff *skb = genlmsg_new(EVENT_SIZE, gfp);

	if (!skb)
		return NULL;
	*hdr = genlmsg_put(skb, 0, 0, &nat64_family, 0, cmd);
	if (WARN_ON_ONCE(!*hdr) ||
	    WARN_ON_ONCE(event_attr_put(skb, why, time))) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

/* Sends @skb to @grp, whose object nest @err says was put or not. */
static void event_send(struct nat64_state *st, enum nat64_mcgrp grp,
		       struct sk_buff *skb, void *hdr, int err)
{
	struct net *net = st->inst->net;

	if (WARN_ON_ONCE(err)) {
		nlmsg_free(skb);
		goto lost;
	}
	genlmsg_end(skb, hdr);
	err = genlmsg_multicast_netns(&nat64_family, net, skb, 0, grp,
				      GFP_ATOMIC);
	if (err != -ENOBUFS)
		return;	/* sent, or nobody here listens (-ESRCH) */
lost:
	nat64_stat_inc(st->inst->stats, NAT64_STAT_EVENTS_LOST);
}

/*
 * RCU: a message for an event of @st's namespace to @grp, or NULL when
 * nobody listens there or (counted) no memory is left.
 */
static struct sk_buff *event_begin(struct nat64_state *st,
				   enum nat64_mcgrp grp, u8 cmd,
				   enum nat64_end_reason why, void **hdr)
{
	struct sk_buff *skb;

	/* An instance being built speaks after its predecessor's flush. */
	if (READ_ONCE(st->inst->events_held) || !wanted(st->inst->net, grp))
		return NULL;
	skb = event_new(cmd, why, ktime_get_real_ns(), hdr, GFP_ATOMIC);
	if (!skb)
		nat64_stat_inc(st->inst->stats, NAT64_STAT_EVENTS_LOST);
	return skb;
}

void nat64_event_bib(struct nat64_state *st, const struct nat64_ptable *pt,
		     const struct nat64_bib *bib, u8 cmd,
		     enum nat64_end_reason why)
{
	struct nat64_bib_info info;
	struct sk_buff *skb;
	void *hdr;

	rcu_read_lock();
	skb = event_begin(st, NAT64_MCGRP_BIB, cmd, why, &hdr);
	if (skb) {
		nat64_bib_info_of(pt, bib, false, &info);
		event_send(st, NAT64_MCGRP_BIB, skb, hdr,
			   nat64_bib_info_put(skb, &info, false));
	}
	rcu_read_unlock();
}

void nat64_event_session(struct nat64_state *st,
			 const struct nat64_ptable *pt,
			 const struct nat64_session *s, u8 cmd,
			 enum nat64_end_reason why)
{
	struct nat64_session_info info;
	struct sk_buff *skb;
	void *hdr;

	rcu_read_lock();
	skb = event_begin(st, NAT64_MCGRP_SESSION, cmd, why, &hdr);
	if (skb) {
		nat64_session_info_of(st->inst, s, pt->proto, nat64_now(),
				      &info);
		event_send(st, NAT64_MCGRP_SESSION, skb, hdr,
			   nat64_session_info_put(skb, &info,
						  cmd == NAT64_CMD_SESSION_NEW));
	}
	rcu_read_unlock();
}

/*
 * Nothing to count a loss in: the instance is gone.  So the message is
 * made where memory can be waited for (a listener that missed the flush
 * would go on thinking every entry held); a listener whose buffer is
 * full still gets ENOBUFS, and monitor bib then lists the BIB again.
 */
static void flushed_send(struct net *net, enum nat64_mcgrp grp, u64 time)
{
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&nat64_family, net, grp))
		return;
	skb = event_new(NAT64_CMD_STATE_FLUSHED, NAT64_END_NONE, time, &hdr,
			GFP_KERNEL);
	if (!skb)
		return;
	genlmsg_end(skb, hdr);
	rcu_read_lock();
	if (wanted(net, grp))
		genlmsg_multicast_netns(&nat64_family, net, skb, 0, grp,
					GFP_ATOMIC);
	else
		nlmsg_free(skb);
	rcu_read_unlock();
}

/*
 * Process context: to both groups, one message each with one time, by
 * which a listener of both tells the second for a copy.
 */
void nat64_event_flushed(struct net *net)
{
	u64 time = ktime_get_real_ns();

	might_sleep();
	flushed_send(net, NAT64_MCGRP_BIB, time);
	flushed_send(net, NAT64_MCGRP_SESSION, time);
}
