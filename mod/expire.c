// SPDX-License-Identifier: GPL-2.0
/*
 * Session expiry: no timer per entry.  Lookups already treat an expired
 * session as absent; this delayed work unlinks them in a bounded scan that
 * walks each protocol's BIB entries in (T,t) order (nat64_bib_first4()),
 * resuming where the last run stopped, inside an entry if need be.  A
 * run visits at most about EXPIRE_BUDGET entries and sessions together,
 * holding the protocol's lock for at most EXPIRE_CHUNK of them at a time,
 * however many sessions one entry has (issue 11: one entry may hold a
 * great many).
 *
 * Pacing: after a complete pass the next starts a second later.  Within a
 * pass, runs follow each other EXPIRE_PACE apart, so that a pass over a
 * million sessions costs a few percent of a CPU spread over some 25 s,
 * instead of a CPU in bursts: the memory of an expired session is held
 * that much longer, which nothing else notices.  A run that ended many
 * sessions (a tenth of its budget) is followed at once, so the scan keeps
 * up with churn and expired sessions do not hold max-sessions hostage.
 * The work is unbound: it runs on an idle CPU, not the one taking packets.
 *
 * An ESTABLISHED TCP session whose lifetime ran out is probed (RFC 6146
 * 3.5.2.2, tcp_probe.h).  No skb is made under a lock: a chunk notes the
 * probes in a small batch on the stack, stops early when the batch is
 * full (resuming where it stopped, as when its budget runs out), and the
 * batch is sent once the chunk has let go of the lock.
 */
#include "state_table.h"
#include "tcp_state.h"
#include "tcp_probe.h"

#define EXPIRE_BUDGET	4096
#define EXPIRE_CHUNK	256
#define EXPIRE_PACE	(HZ / 10)
#define EXPIRE_BUSY	(EXPIRE_BUDGET / 10)

/* Notes where the probe for @s goes; the caller made room in @pr. */
static void note_probe(struct nat64_tcp_probes *pr,
		       const struct nat64_session *s)
{
	struct nat64_tcp_probe *p = &pr->p[pr->n++];

	p->addr6 = s->bib->addr6;
	p->port6 = s->bib->port6;
	p->raddr = s->raddr;
	p->rport = s->rport;
}

/*
 * @s is past its expiry as read without its lock.  Under the lock, either
 * it was refreshed meanwhile (keep it), or it is ESTABLISHED (RFC 6146
 * 3.5.2.2: it becomes TRANS and is probed, through @pr), or it ends.
 * Returns true when it ended.
 */
static bool expire_one(struct nat64_state *st, struct nat64_ptable *pt,
		       struct nat64_session *s, u32 trans_secs, u32 now,
		       struct nat64_tcp_probes *pr)
{
	spin_lock(&s->lock);
	if ((s32)(s->expires - now) > 0) {
		spin_unlock(&s->lock);
		return false;
	}
	if (pt->proto == NAT64_PROTO_TCP &&
	    nat64_tcp_expire(s->tcp_state) == NAT64_TCP_EXPIRE_PROBE) {
		WRITE_ONCE(s->tcp_state, NAT64_TCP_TRANS);
		WRITE_ONCE(s->expires, now + trans_secs * HZ);
		spin_unlock(&s->lock);
		note_probe(pr, s);
		return false;
	}
	WRITE_ONCE(s->flags, s->flags | NAT64_SF_DEAD);
	spin_unlock(&s->lock);
	nat64_session_unlink(st, pt, s);
	nat64_stat_inc(st->inst->stats, NAT64_STAT_SESSION_EXPIRED);
	return true;
}

static struct nat64_session *first_of(const struct nat64_bib *bib)
{
	return hlist_entry_safe(bib->sessions.first, struct nat64_session,
				bib_node);
}

/*
 * Expires the sessions of @bib from @s on, visiting at most @budget of
 * them and stopping when @pr is full; returns how many it visited, adds
 * those it ended to *ended, and leaves pt->scan_next at the first one it
 * did not visit (NULL when it came to the end of the entry).
 */
static u32 scan_bib(struct nat64_state *st, struct nat64_ptable *pt,
		    struct nat64_bib *bib, struct nat64_session *s, u32 budget,
		    u32 trans_secs, u32 now, u32 *ended,
		    struct nat64_tcp_probes *pr)
{
	u32 n = 0, e = 0;

	while (s && n < budget && !nat64_tcp_probes_full(pr)) {
		/* Unlinking s leaves its next pointer to RCU readers. */
		pt->scan_next = hlist_entry_safe(s->bib_node.next,
						 struct nat64_session,
						 bib_node);
		n++;
		if ((s32)(READ_ONCE(s->expires) - now) <= 0)
			e += expire_one(st, pt, s, trans_secs, now, pr);
		s = pt->scan_next;
	}
	pt->scan_next = s;
	if (e)
		nat64_bib_put(st, pt, bib);
	*ended += e;
	return n;
}

/*
 * One chunk of the current protocol under its lock: at most EXPIRE_CHUNK
 * entries and sessions visited in all, however the sessions are spread
 * over entries (a chunk may stop inside an entry and the next one resume
 * there, through pt->scan_next).  Returns what it visited, adds the
 * sessions ended to *ended, and sets *wrapped when the scan came back to
 * the first protocol.  A chunk that fills its batch of probes stops there
 * (inside an entry or after it, like a chunk whose budget ran out) and
 * sends them after unlocking.
 */
static u32 scan_chunk(struct nat64_state *st, u32 trans_secs, u32 *ended,
		      bool *wrapped)
{
	struct nat64_ptable *pt = &st->t[st->scan_proto];
	struct nat64_tcp_probes pr = { .n = 0 };
	struct nat64_session *s = NULL;
	struct nat64_bib *bib, *next;
	u32 now = nat64_now(), n = 0;

	spin_lock_bh(&pt->lock);
	rcu_read_lock();	/* for the hash tables' own checks */
	if (pt->scan_next) {
		s = pt->scan_next;
		bib = s->bib;
	} else if (st->scan_started) {
		bib = nat64_bib_first4(pt, st->scan_addr4, st->scan_port4,
				       false);
	} else {
		bib = nat64_bib_first4(pt, 0, 0, true);
	}
	while (bib && n < EXPIRE_CHUNK && !nat64_tcp_probes_full(&pr)) {
		next = nat64_bib_next(pt, bib);
		st->scan_started = true;
		st->scan_addr4 = bib->addr4;
		st->scan_port4 = bib->port4;
		n += 1 + scan_bib(st, pt, bib, s ?: first_of(bib),
				  EXPIRE_CHUNK - n, trans_secs, now, ended,
				  &pr);
		/* The budget, or the batch of probes, ran out inside @bib. */
		if (pt->scan_next)
			break;
		bib = next;
		s = NULL;
	}
	if (!bib) {
		st->scan_started = false;
		st->scan_proto = (st->scan_proto + 1) % NAT64_PROTO_COUNT;
		*wrapped = !st->scan_proto;
	}
	rcu_read_unlock();
	spin_unlock_bh(&pt->lock);
	nat64_tcp_probe_send(st->inst, &pr);
	return n + 1;
}

static void expire_work(struct work_struct *work)
{
	struct nat64_state *st = container_of(to_delayed_work(work),
					      struct nat64_state, expire_work);
	bool wrapped = false;
	u32 budget = 0, ended = 0, trans_secs;
	unsigned long delay;

	rcu_read_lock();
	trans_secs = rcu_dereference(st->inst->globals)->tcp_trans_timeout;
	rcu_read_unlock();
	nat64_syn_expire(st);
	while (!wrapped && budget < EXPIRE_BUDGET) {
		budget += scan_chunk(st, trans_secs, &ended, &wrapped);
		cond_resched();
	}
	if (wrapped)
		delay = HZ;
	else
		delay = ended >= EXPIRE_BUSY ? 1 : EXPIRE_PACE;
	queue_delayed_work(system_unbound_wq, &st->expire_work, delay);
}

void nat64_expire_start(struct nat64_state *st)
{
	INIT_DELAYED_WORK(&st->expire_work, expire_work);
	queue_delayed_work(system_unbound_wq, &st->expire_work, HZ);
}

/* Waits for a running scan; the work does not queue itself again. */
void nat64_expire_stop(struct nat64_state *st)
{
	cancel_delayed_work_sync(&st->expire_work);
}
