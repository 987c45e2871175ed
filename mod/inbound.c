// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions that IPv4 packets create.  Anyone on the IPv4 internet can make
 * them, spoofing sources at will: one session per (Z,z) through a static
 * BIB entry, or through any mapping under endpoint-independent filtering.
 * Left alone they would fill max-sessions, and from then on every new IPv6
 * flow would be refused.  So (issue 11, item 2):
 *
 *   - together they hold at most max-ipv4-sessions, leaving the rest of
 *     max-sessions to flows the IPv6 side opened;
 *   - one BIB entry holds at most max-ipv4-sessions-per-bib of them, so a
 *     flood aimed at one published service leaves the share to others;
 *   - a UDP or ICMP one lives NAT64_V4_UNANSWERED_TIMEOUT until the IPv6
 *     side sends a packet of it (state.c applies that).
 *
 * A packet over a limit is dropped and counted (drop-ipv4-session-limit,
 * drop-bib-session-limit), with no ICMP error: its source may be spoofed,
 * and an answer would reflect the flood onto it (RFC 6888 REQ-11 asks for
 * ICMP as a SHOULD for subscribers that a quota stops; the IPv4 side is
 * not one).  Nothing existing is evicted (REQ-11, a MUST).
 *
 * Everything here runs on the new-flow path only, under the stripe of
 * the entry (state_table.h), which guards its count; the count of the
 * whole instance is an atomic, reserved before the session is made.  The
 * one exception, nat64_inbound_answered(), runs once per session, on its
 * first IPv6 packet, and takes only the session's lock.
 */
#include "state_table.h"
#include "inbound.h"

/*
 * Under the entry's stripe: may an IPv4 packet create a session of @bib?
 * 0 when it may, with its place among max-ipv4-sessions taken (give it
 * back with nat64_inbound_cancel() if the session is not made), else
 * -ENOSPC and *why.  The entry's count of such sessions is its own
 * (nat64_bib.v4).
 */
int nat64_inbound_admit(struct nat64_state *st, struct nat64_ptable *pt,
			const struct nat64_bib *bib,
			const struct nat64_globals *g, enum nat64_stat *why)
{
	nat64_assert_bib_locked(pt, bib);
	if (bib->v4 >= g->max_ipv4_per_bib) {
		*why = NAT64_STAT_DROP_BIB_SESSION_LIMIT;
		return -ENOSPC;
	}
	if (!nat64_atomic_inc_below(&st->nsessions_v4, g->max_ipv4_sessions)) {
		*why = NAT64_STAT_DROP_IPV4_SESSION_LIMIT;
		return -ENOSPC;
	}
	return 0;
}

void nat64_inbound_cancel(struct nat64_state *st)
{
	atomic_dec(&st->nsessions_v4);
}

/*
 * Under the entry's stripe, after nat64_inbound_admit(): @s, just created
 * from an IPv4 packet with NAT64_SF_V4 (and, for UDP and ICMP,
 * NAT64_SF_QUIET), counts as one of its entry's (nat64_inbound_release()
 * ends that).
 */
void nat64_inbound_commit(struct nat64_state *st, struct nat64_ptable *pt,
			  struct nat64_bib *bib, struct nat64_session *s)
{
	nat64_assert_bib_locked(pt, bib);
	WARN_ON_ONCE(!(READ_ONCE(s->flags) & NAT64_SF_V4));
	bib->v4++;
}

/* Under the entry's stripe: a session with NAT64_SF_V4 of @bib has ended. */
void nat64_inbound_release(struct nat64_state *st, struct nat64_ptable *pt,
			   struct nat64_bib *bib)
{
	atomic_dec(&st->nsessions_v4);
	if (!WARN_ON_ONCE(!bib->v4))
		bib->v4--;
}

/*
 * The IPv6 side sent a packet of @s, which has NAT64_SF_QUIET: it has been
 * answered, and from now on its refreshes give the full timeout.  False
 * when @s was killed meanwhile.
 */
bool nat64_inbound_answered(struct nat64_session *s)
{
	bool live;

	spin_lock(&s->lock);
	live = !(s->flags & NAT64_SF_DEAD);
	WRITE_ONCE(s->flags, s->flags & ~NAT64_SF_QUIET);
	spin_unlock(&s->lock);
	return live;
}
