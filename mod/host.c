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
 * The record of a subscriber (struct nat64_host) is made when its first
 * flow is admitted or its first static entry added, and freed when it
 * counts nothing any more.  The packet path of an existing flow never
 * touches any of this: counts change on the new-flow path and at unlinks.
 * A record is changed, made and freed under its host lock, one of
 * NAT64_HOST_LOCKS chosen by a hash of its key, so subscribers do not
 * share a lock and no lock is held across an allocation of an entry.  A
 * host lock nests inside a BIB stripe (an unlink uncounts there) and
 * holds nothing else.
 *
 * Admission reserves: nat64_host_admit() counts the session (and the BIB
 * entry) it admits at once, so two CPUs cannot both take a subscriber's
 * last place; a flow that then fails gives its place back
 * (nat64_host_cancel()).
 *
 * The prefix length is part of the key, and every BIB entry remembers the
 * one it was counted under (nat64_bib.host_plen), so a change of
 * subscriber-prefix-len applies to new entries and the old records drain
 * away with their entries; the configuration allows the change only while
 * no entry exists anyway.
 */
#include <linux/slab.h>
#include <net/ipv6.h>

#include "state_table.h"
#include "host.h"

#define NAT64_HOST_LOCKS	256

static spinlock_t host_locks[NAT64_HOST_LOCKS];

void nat64_host_locks_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(host_locks); i++)
		spin_lock_init(&host_locks[i]);
}

static void key_of(struct nat64_hkey *k, const struct in6_addr *addr6,
		   u8 plen)
{
	memset(k, 0, sizeof(*k));
	ipv6_addr_prefix(&k->prefix, addr6, plen);
	k->plen = plen;
}

static spinlock_t *lock_of(const struct nat64_ptable *pt,
			   const struct nat64_hkey *k)
{
	return &host_locks[jhash2((const u32 *)k, sizeof(*k) / 4,
				  pt->lock_seed) % NAT64_HOST_LOCKS];
}

/* Under the host lock of @k. */
static struct nat64_host *find(struct nat64_ptable *pt,
			       const struct nat64_hkey *k)
{
	return rhashtable_lookup_fast(&pt->hosts, k, nat64_host_params);
}

/* Under the host lock of @k: its record, made if need be; NULL: no memory. */
static struct nat64_host *get(struct nat64_ptable *pt,
			      const struct nat64_hkey *k)
{
	struct nat64_host *h = find(pt, k);

	if (h)
		return h;
	h = kzalloc(sizeof(*h), GFP_ATOMIC | __GFP_ACCOUNT);
	if (!h)
		return NULL;
	h->key = *k;
	if (rhashtable_insert_fast(&pt->hosts, &h->node, nat64_host_params)) {
		kfree(h);
		return NULL;
	}
	return h;
}

/* Under the host lock: a record that counts nothing goes. */
static void put(struct nat64_ptable *pt, struct nat64_host *h)
{
	if (h->nbib || h->nsess)
		return;
	rhashtable_remove_fast(&pt->hosts, &h->node, nat64_host_params);
	/* A rehash may still be walking it. */
	kfree_rcu(h, rcu);
}

/*
 * BH off: may (@addr6,x) open a session from IPv6, with a new BIB entry
 * if @new_bib, counted under prefix length @plen?  0, with the session
 * (and entry) counted, and *@hp (if @hp) the subscriber's record; -ENOSPC
 * and *why naming the limit, or -ENOMEM.  The record stays while what was
 * admitted counts in it, and after that until the caller's RCU read
 * section ends (it is freed by kfree_rcu()).
 */
int nat64_host_admit(struct nat64_state *st, struct nat64_ptable *pt,
		     const struct nat64_globals *g,
		     const struct in6_addr *addr6, u8 plen, bool new_bib,
		     struct nat64_host **hp, enum nat64_stat *why)
{
	struct nat64_host *h;
	struct nat64_hkey k;
	spinlock_t *lock;
	int err = 0;

	key_of(&k, addr6, plen);
	lock = lock_of(pt, &k);
	spin_lock(lock);
	h = get(pt, &k);
	if (!h) {
		*why = NAT64_STAT_DROP_NOMEM;
		err = -ENOMEM;
	} else if (new_bib && h->nbib >= g->max_bib_per_host) {
		*why = NAT64_STAT_DROP_HOST_BIB_LIMIT;
		err = -ENOSPC;
	} else if (h->nsess >= g->max_sessions_per_host) {
		*why = NAT64_STAT_DROP_HOST_SESSION_LIMIT;
		err = -ENOSPC;
	} else {
		h->nsess++;
		h->nbib += new_bib;
		if (hp)
			*hp = h;
	}
	if (err && h)
		put(pt, h);
	spin_unlock(lock);
	return err;
}

/*
 * RCU: the pool4 address for a new entry of the subscriber of @h, in
 * @pt's protocol: that of its newest entry in this protocol, else in
 * another (RFC 6146 3.5.1.1: an IPv6 host already mapped to T gets T
 * again; RFC 6888 REQ-2 asks it across protocols); 0 when it has none.
 * A hint: bib.c takes another address if this one is full or has left
 * pool4.
 */
__be32 nat64_host_paired(struct nat64_state *st, const struct nat64_ptable *pt,
			 const struct nat64_host *h)
{
	__be32 addr4 = READ_ONCE(h->addr4);
	const struct nat64_host *o;
	int p;

	for (p = 0; !addr4 && p < NAT64_PROTO_COUNT; p++) {
		if (&st->t[p] == pt)
			continue;
		o = rhashtable_lookup(&st->t[p].hosts, &h->key,
				      nat64_host_params);
		if (o)
			addr4 = READ_ONCE(o->addr4);
	}
	return addr4;
}

/* RCU: the subscriber of @h has a new entry on @addr4. */
void nat64_host_pair(struct nat64_host *h, __be32 addr4)
{
	if (READ_ONCE(h->addr4) != addr4)
		WRITE_ONCE(h->addr4, addr4);
}

/*
 * BH off: the record of @addr6 under @plen counts @nbib entries and @nsess
 * sessions fewer, and goes when it counts nothing.
 */
static void give_back(struct nat64_ptable *pt, const struct in6_addr *addr6,
		      u8 plen, u32 nbib, u32 nsess)
{
	struct nat64_host *h;
	struct nat64_hkey k;
	spinlock_t *lock;

	key_of(&k, addr6, plen);
	lock = lock_of(pt, &k);
	spin_lock(lock);
	h = find(pt, &k);
	if (!WARN_ON_ONCE(!h || h->nbib < nbib || h->nsess < nsess)) {
		h->nbib -= nbib;
		h->nsess -= nsess;
		put(pt, h);
	}
	spin_unlock(lock);
}

/* Gives back what nat64_host_admit() counted, for a flow that failed. */
void nat64_host_cancel(struct nat64_state *st, struct nat64_ptable *pt,
		       const struct in6_addr *addr6, u8 plen, bool new_bib)
{
	give_back(pt, addr6, plen, new_bib, 1);
}

/*
 * BH off: @bib, a static entry about to be published, counts for its
 * subscriber (no limit applies to what the operator adds).  -ENOMEM.
 */
int nat64_host_count_bib(struct nat64_state *st, struct nat64_ptable *pt,
			 const struct nat64_bib *bib)
{
	struct nat64_host *h;
	struct nat64_hkey k;
	spinlock_t *lock;

	key_of(&k, &bib->addr6, bib->host_plen);
	lock = lock_of(pt, &k);
	spin_lock(lock);
	h = get(pt, &k);
	if (h) {
		h->nbib++;
		/* The address a host's static entry publishes pairs too. */
		if (!READ_ONCE(h->addr4))
			WRITE_ONCE(h->addr4, bib->addr4);
	}
	spin_unlock(lock);
	return h ? 0 : -ENOMEM;
}

/* Under the entry's stripe: @bib, whose sessions have all ended, is going. */
void nat64_host_uncount_bib(struct nat64_state *st, struct nat64_ptable *pt,
			    const struct nat64_bib *bib)
{
	give_back(pt, &bib->addr6, bib->host_plen, 1, 0);
}

/* Under the entry's stripe: a session IPv6 opened of @bib has ended. */
void nat64_host_uncount_session(struct nat64_state *st,
				struct nat64_ptable *pt,
				const struct nat64_bib *bib)
{
	give_back(pt, &bib->addr6, bib->host_plen, 0, 1);
}

/*
 * Process context, configuration mutex held: the prefix length of new
 * entries.  Refused while any entry exists, so that one subscriber is
 * never counted under two lengths at once; an entry made while this runs
 * keeps the length it read (nat64_bib.host_plen), so nothing is
 * miscounted either way.
 */
int nat64_hosts_set_plen(struct nat64_state *st, u8 plen)
{
	if (nat64_hosts_plen_fixed(st))
		return -EBUSY;
	WRITE_ONCE(st->host_plen, plen);
	return 0;
}

/*
 * Process context, configuration mutex held: undoes nat64_hosts_set_plen()
 * for a request that failed after it, even if packets made entries in
 * between.  Those keep the length they read and are counted under it to
 * their end; every entry from now on gets @plen again, the length the
 * published globals still show.
 */
void nat64_hosts_restore_plen(struct nat64_state *st, u8 plen)
{
	WRITE_ONCE(st->host_plen, plen);
}

/* Is there a BIB entry, counted for a subscriber of the current length? */
bool nat64_hosts_plen_fixed(struct nat64_state *st)
{
	int p;

	for (p = 0; p < NAT64_PROTO_COUNT; p++)
		if (atomic_read(&st->t[p].nbib))
			return true;
	return false;
}

/* Instance teardown: no reader is left. */
void nat64_host_free(void *ptr, void *arg)
{
	kfree(ptr);
}
