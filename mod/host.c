// SPDX-License-Identifier: GPL-2.0
/*
 * Per-subscriber limits (RFC 6888 REQ-4 and REQ-5; issue 11, item 3): in
 * each protocol, how many BIB entries (pool4 ports) and how many sessions
 * opened by IPv6 packets one IPv6 host holds, or one customer network when
 * subscriber-prefix-len is 64 or 56 (a spoofed /64 then counts as one).
 * So one host cannot take pool4 or the session table from the others.
 *
 * Sessions opened from IPv4 do not count here (inbound.c bounds them): a
 * flood at a host's published service must not stop the host's own flows.
 *
 * A new flow over a limit is dropped, counted (drop-host-bib-limit,
 * drop-host-session-limit) and answered with ICMPv6 Destination
 * Unreachable, code 1, administratively prohibited (RFC 6888 REQ-11's
 * "code 1", in ICMPv6's numbering); existing flows go on, nothing is
 * evicted.
 *
 * The record of a subscriber (struct nat64_host) is made with its first BIB
 * entry, static or dynamic, and freed with its last; every session belongs
 * to a BIB entry, so a session's record always exists.  The packet path
 * of an existing flow never touches any of this: counts change on the
 * new-flow path and at unlinks, all under the protocol's ptable.lock.
 *
 * The prefix length of the records is the state's (host_plen), which
 * changes only while no BIB entry exists, under every ptable.lock, so no
 * record is ever looked up with another length than it was made with.
 */
#include <linux/slab.h>
#include <net/ipv6.h>

#include "state_table.h"

static struct nat64_host *host_of(struct nat64_state *st,
				  struct nat64_ptable *pt,
				  const struct in6_addr *addr6)
{
	struct in6_addr key;

	ipv6_addr_prefix(&key, addr6, st->host_plen);
	return rhashtable_lookup_fast(&pt->hosts, &key, nat64_host_params);
}

/*
 * Under ptable.lock: may (@addr6,x) open a session from IPv6, with a new
 * BIB entry if @new_bib?  0, or -ENOSPC and *why naming the limit.
 */
int nat64_host_admit(struct nat64_state *st, struct nat64_ptable *pt,
		     const struct nat64_globals *g,
		     const struct in6_addr *addr6, bool new_bib,
		     enum nat64_stat *why)
{
	const struct nat64_host *h = host_of(st, pt, addr6);

	lockdep_assert_held(&pt->lock);
	if (!h)
		return 0;	/* the limits are at least 1 */
	if (new_bib && h->nbib >= g->max_bib_per_host) {
		*why = NAT64_STAT_DROP_HOST_BIB_LIMIT;
		return -ENOSPC;
	}
	if (h->nsess >= g->max_sessions_per_host) {
		*why = NAT64_STAT_DROP_HOST_SESSION_LIMIT;
		return -ENOSPC;
	}
	return 0;
}

/* Under ptable.lock: @bib, being inserted, counts for its host.  -ENOMEM. */
int nat64_host_count_bib(struct nat64_state *st, struct nat64_ptable *pt,
			 const struct nat64_bib *bib)
{
	struct nat64_host *h = host_of(st, pt, &bib->addr6);

	if (!h) {
		h = kzalloc(sizeof(*h), GFP_ATOMIC);
		if (!h)
			return -ENOMEM;
		ipv6_addr_prefix(&h->prefix, &bib->addr6, st->host_plen);
		if (rhashtable_insert_fast(&pt->hosts, &h->node,
					   nat64_host_params)) {
			kfree(h);
			return -ENOMEM;
		}
	}
	h->nbib++;
	return 0;
}

/* Under ptable.lock: @bib, whose sessions have all ended, is going. */
void nat64_host_uncount_bib(struct nat64_state *st, struct nat64_ptable *pt,
			    const struct nat64_bib *bib)
{
	struct nat64_host *h = host_of(st, pt, &bib->addr6);

	if (WARN_ON_ONCE(!h))
		return;
	if (--h->nbib)
		return;
	WARN_ON_ONCE(h->nsess);
	rhashtable_remove_fast(&pt->hosts, &h->node, nat64_host_params);
	/* Only lock holders read it; a rehash may still be walking it. */
	kfree_rcu(h, rcu);
}

/* Under ptable.lock: IPv6 opened a session of @bib. */
void nat64_host_count_session(struct nat64_state *st,
			      struct nat64_ptable *pt,
			      const struct nat64_bib *bib)
{
	struct nat64_host *h = host_of(st, pt, &bib->addr6);

	if (!WARN_ON_ONCE(!h))
		h->nsess++;
}

/* Under ptable.lock: a session IPv6 opened of @bib has ended. */
void nat64_host_uncount_session(struct nat64_state *st,
				struct nat64_ptable *pt,
				const struct nat64_bib *bib)
{
	struct nat64_host *h = host_of(st, pt, &bib->addr6);

	if (!WARN_ON_ONCE(!h || !h->nsess))
		h->nsess--;
}

/*
 * Process context, configuration mutex held.  The change is atomic with
 * respect to every BIB insert and unlink: all three tables are locked, in
 * protocol order (nothing else ever holds two of them), and empty.
 */
int nat64_hosts_set_plen(struct nat64_state *st, u8 plen)
{
	int err = 0;

	BUILD_BUG_ON(NAT64_PROTO_COUNT != 3);
	spin_lock_bh(&st->t[0].lock);
	spin_lock_nested(&st->t[1].lock, 1);
	spin_lock_nested(&st->t[2].lock, 2);
	if (st->t[0].nbib || st->t[1].nbib || st->t[2].nbib)
		err = -EBUSY;
	else
		st->host_plen = plen;
	spin_unlock(&st->t[2].lock);
	spin_unlock(&st->t[1].lock);
	spin_unlock_bh(&st->t[0].lock);
	return err;
}

/* Instance teardown: no reader is left. */
void nat64_host_free(void *ptr, void *arg)
{
	kfree(ptr);
}
