// SPDX-License-Identifier: GPL-2.0
/*
 * Session expiry: no timer per entry.  Lookups already treat an expired
 * session as absent; the upkeep work (upkeep.c) unlinks them in runs of a
 * bounded scan that walks each protocol's BIB entries in (T,t) order
 * (nat64_bib_first4()), resuming where the last run stopped, inside an
 * entry if need be.  A run
 * visits at most about EXPIRE_BUDGET entries and sessions together, in
 * chunks of EXPIRE_CHUNK, each one RCU read section, however many
 * sessions one entry has (issue 11: one entry may hold a great many).
 * The walk itself takes no lock: it ends the sessions it found expired in
 * batches of at most EXPIRE_BATCH, each one under its entry's stripe
 * alone (and checked again under its own lock first), and hands the place
 * inside an entry from one chunk to the next through pt->scan_next, which
 * unlinks move on (state_table.h).
 *
 * Pacing: after a complete pass the next starts a second later.  Within a
 * pass, runs follow each other EXPIRE_PACE apart, so that a pass over a
 * million sessions costs a few percent of a CPU spread over some 25 s,
 * instead of a CPU in bursts: the memory of an expired session is held
 * that much longer, which nothing else notices.  A run that ended many
 * sessions (a tenth of its budget) is followed at once, so the scan keeps
 * up with churn and expired sessions do not hold max-sessions hostage.
 *
 * An ESTABLISHED TCP session whose lifetime ran out is probed (RFC 6146
 * 3.5.2.2, tcp_probe.h), which needs only the session's own lock.  No skb
 * is made under a lock or RCU, nor here: a chunk notes the probes in a
 * small batch the caller gives it, stops early when the batch is full
 * (resuming where it stopped, as when its budget runs out), and the
 * caller sends the batch once the chunk has left its RCU section.
 */
#include "state_table.h"
#include "tcp_state.h"
#include "bib.h"
#include "session.h"
#include "expire.h"

#define EXPIRE_BUDGET	4096
#define EXPIRE_CHUNK	256
#define EXPIRE_BATCH	32
#define EXPIRE_PACE	(HZ / 10)
#define EXPIRE_BUSY	(EXPIRE_BUDGET / 10)

/* Sessions a chunk found expired, to end together once it stops. */
struct ends {
	unsigned int n;
	struct nat64_session *s[EXPIRE_BATCH];
};

/* Notes where the probe for @s goes; the caller made room in @pr. */
static void note_probe(struct nat64_tcp_probes *pr,
		       const struct nat64_session *s)
{
	const struct nat64_bib *bib = nat64_session_bib(s);
	struct nat64_tcp_probe *p = &pr->p[pr->n++];

	p->addr6 = bib->addr6;
	p->port6 = bib->port6;
	p->raddr = s->raddr;
	p->rport = s->rport;
}

/*
 * Is @s's entry being ended (nat64_bib_kill(), which ends its sessions a
 * chunk at a time, with the reason it was given)?  The scan leaves those
 * sessions to it: it never ends one as expired (end_one() asks under the
 * stripe, where DEAD is set), and does not move one to TRANS and probe it
 * once it sees the entry ending (a kill that starts just after that look
 * may still find one probed).
 */
static bool entry_ending(const struct nat64_session *s)
{
	return READ_ONCE(nat64_session_bib(s)->flags) & NAT64_BF_DEAD;
}

/* Under s->lock: does @s end now, rather than live on or be probed? */
static bool ends_now(const struct nat64_ptable *pt,
		     const struct nat64_session *s, u32 now)
{
	return !(s->flags & NAT64_SF_DEAD) && !entry_ending(s) &&
	       (s32)(s->expires - now) <= 0 &&
	       !(pt->proto == NAT64_PROTO_TCP &&
		 nat64_tcp_expire(s->tcp_state) ==
		 NAT64_TCP_EXPIRE_PROBE);
}

/*
 * RCU: @s is past its expiry as read without its lock.  Under the lock,
 * either it was refreshed or ended meanwhile (nothing to do), or it is
 * ESTABLISHED (RFC 6146 3.5.2.2: it becomes TRANS and is probed, through
 * @pr; no table lock needed), or it is to end: it joins @e.
 */
static void expired(struct nat64_ptable *pt, struct nat64_session *s,
		    u32 trans_secs, u32 now, struct nat64_tcp_probes *pr,
		    struct ends *e)
{
	bool end;

	spin_lock_bh(&s->lock);
	if ((s->flags & NAT64_SF_DEAD) || entry_ending(s) ||
	    (s32)(s->expires - now) > 0) {
		spin_unlock_bh(&s->lock);
		return;
	}
	end = ends_now(pt, s, now);
	if (!end) {
		WRITE_ONCE(s->tcp_state, NAT64_TCP_TRANS);
		WRITE_ONCE(s->expires, now + trans_secs * HZ);
	}
	spin_unlock_bh(&s->lock);
	if (end)
		e->s[e->n++] = s;
	else
		note_probe(pr, s);
}

/*
 * RCU: ends @s if it is still to end, and its dynamic BIB entry with it if
 * it was the last, under the entry's stripe.
 */
static bool end_one(struct nat64_state *st, struct nat64_ptable *pt,
		    struct nat64_session *s, u32 now)
{
	struct nat64_bib *bib = nat64_session_bib(s);
	spinlock_t *lock = nat64_bib_lock_of(pt, bib);
	bool end;

	spin_lock_bh(lock);
	spin_lock(&s->lock);
	end = ends_now(pt, s, now);
	spin_unlock(&s->lock);
	if (end)
		nat64_session_kill(st, pt, s, nat64_session_end_reason(s));
	spin_unlock_bh(lock);
	return end;
}

/* RCU: ends the sessions of @e that are still to end. */
static void end_batch(struct nat64_state *st, struct nat64_ptable *pt,
		      struct ends *e, u32 now, u32 *ended)
{
	unsigned int i;

	for (i = 0; i < e->n; i++) {
		if (!end_one(st, pt, e->s[i], now))
			continue;
		nat64_stat_inc(st->inst->stats, NAT64_STAT_SESSION_EXPIRED);
		(*ended)++;
	}
	e->n = 0;
}

/* A chunk's place: the entry, and the next of its sessions to visit. */
struct place {
	struct nat64_bib *bib;
	struct nat64_session *s;
};

/*
 * RCU: visits the sessions of @at->bib from @at->s on, at most @budget of
 * them, stopping when @pr or @e is full; returns how many it visited and
 * leaves @at->s at the first one it did not visit (NULL at the end of the
 * entry).
 */
static u32 scan_bib(struct nat64_ptable *pt, struct place *at, u32 budget,
		    u32 trans_secs, u32 now, struct nat64_tcp_probes *pr,
		    struct ends *e)
{
	struct nat64_session *s = at->s;
	u32 n = 0;

	while (s && n < budget && !nat64_tcp_probes_full(pr) &&
	       e->n < EXPIRE_BATCH) {
		n++;
		if ((s32)(READ_ONCE(s->expires) - now) <= 0)
			expired(pt, s, trans_secs, now, pr, e);
		/* Ended or not, s->bib_node.next leads on (RCU). */
		s = nat64_session_next(s);
	}
	at->s = s;
	return n;
}

/*
 * RCU: where the last chunk of this protocol stopped.  pt->scan_next, a
 * session the unlinks move it off before they free it (session.c), is
 * taken and cleared at once; an unlink racing with that finds NULL and
 * leaves it, and the session it took, if unlinked meanwhile, is still
 * readable in this RCU section and leads on through its bib_node.next.
 * The entry comes from the scan's key (T,t) otherwise.
 */
static void resume(struct nat64_state *st, struct nat64_ptable *pt,
		   struct place *at)
{
	at->s = xchg(&pt->scan_next, NULL);
	if (at->s)
		at->bib = nat64_session_bib(at->s);
	else if (st->scan_started)
		at->bib = nat64_bib_first4(pt, st->scan_addr4, st->scan_port4,
					   false);
	else
		at->bib = nat64_bib_first4(pt, 0, 0, true);
	if (at->bib && !at->s)
		at->s = nat64_bib_first_session(at->bib);
}

/*
 * RCU: ends what @e holds, and when the chunk stops inside an entry
 * (@at->s), leaves that session in pt->scan_next for the next chunk,
 * unless it was unlinked meanwhile: the rest of that entry then waits for
 * the next pass.  The check and the store are under the entry's stripe,
 * as every unlink of its sessions is, so an unlink either comes first
 * (and the session is seen DEAD) or finds it in scan_next and moves it.
 */
static void flush(struct nat64_state *st, struct nat64_ptable *pt,
		  struct ends *e, const struct place *at, bool stop, u32 now,
		  u32 *ended)
{
	spinlock_t *lock;

	end_batch(st, pt, e, now, ended);
	if (!stop || !at->s)
		return;
	lock = nat64_bib_lock_of(pt, at->bib);
	spin_lock_bh(lock);
	if (!(READ_ONCE(at->s->flags) & NAT64_SF_DEAD))
		WRITE_ONCE(pt->scan_next, at->s);
	spin_unlock_bh(lock);
}

/*
 * One chunk of the current protocol, under RCU: at most EXPIRE_CHUNK
 * entries and sessions visited in all, however the sessions are spread
 * over entries (a chunk may stop inside an entry and the next one resume
 * there, through pt->scan_next).  A stripe is taken only to end one
 * session.  Returns what it visited,
 * adds the sessions ended to *ended, and sets *wrapped when the scan came
 * back to the first protocol.  A chunk that fills its batch of probes
 * stops there (inside an entry or after it, like a chunk whose budget ran
 * out) and sends them once out of its RCU section.
 */
static u32 scan_chunk(struct nat64_state *st, u32 trans_secs, u32 *ended,
		      bool *wrapped, struct nat64_tcp_probes *pr)
{
	struct nat64_ptable *pt = &st->t[st->scan_proto];
	struct ends e = { .n = 0 };
	u32 now = nat64_now(), n = 0;
	struct place at;

	rcu_read_lock();
	resume(st, pt, &at);
	while (at.bib && n < EXPIRE_CHUNK && !nat64_tcp_probes_full(pr)) {
		st->scan_started = true;
		st->scan_addr4 = at.bib->addr4;
		st->scan_port4 = at.bib->port4;
		n += scan_bib(pt, &at, EXPIRE_CHUNK - n, trans_secs, now,
			      pr, &e);
		if (e.n == EXPIRE_BATCH)
			flush(st, pt, &e, &at, false, now, ended);
		if (at.s)
			continue;	/* inside the entry still */
		n++;
		at.bib = nat64_bib_next(pt, at.bib);
		if (at.bib)
			at.s = nat64_bib_first_session(at.bib);
	}
	/* The budget, or the batch of probes, ran out inside at.bib. */
	flush(st, pt, &e, &at, true, now, ended);
	if (!at.bib) {
		st->scan_started = false;
		st->scan_proto = (st->scan_proto + 1) % NAT64_PROTO_COUNT;
		*wrapped = !st->scan_proto;
	}
	rcu_read_unlock();
	return n + 1;
}

void nat64_expire_begin(struct nat64_state *st, struct nat64_expire_run *run)
{
	rcu_read_lock();
	run->trans_secs = rcu_dereference(st->inst->globals)->tcp_trans_timeout;
	rcu_read_unlock();
	run->visits = 0;
	run->ended = 0;
	run->wrapped = false;
}

bool nat64_expire_chunk(struct nat64_state *st, struct nat64_expire_run *run,
			struct nat64_tcp_probes *pr)
{
	run->visits += scan_chunk(st, run->trans_secs, &run->ended,
				  &run->wrapped, pr);
	return !run->wrapped && run->visits < EXPIRE_BUDGET;
}

unsigned long nat64_expire_delay(const struct nat64_expire_run *run)
{
	if (run->wrapped)
		return HZ;
	return run->ended >= EXPIRE_BUSY ? 1 : EXPIRE_PACE;
}
