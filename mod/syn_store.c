// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 SYNs held for simultaneous open (RFC 6146 3.5.2.2, RFC 5382 REQ-4):
 * an IPv4 SYN that finds no BIB entry, or one whose filtering does not
 * admit its source, waits TCP_INCOMING_SYN (6 s) for an IPv6 SYN of the
 * same four-tuple.  If one comes, the connection is established and the
 * stored SYN is dropped silently; if not, its source gets ICMP Port
 * Unreachable (sent by the upkeep work, upkeep.c).  At most
 * max-stored-syns wait at a time in an instance, and at most
 * max_stored_syns_total in all of them (ceiling.c).
 *
 * A stored SYN is keyed by its IPv4 tuple, (Z,z) -> (T,t), in a small hash
 * and kept in a FIFO list: they all wait the same time, so arrival order is
 * expiry order.  A second small hash keys it by its source (Z,z) alone: an
 * IPv6 SYN towards (Z,z) from a host with no BIB entry yet looks there for
 * the (T,t) to take (state.c), without walking the list.  Everything here
 * runs under the state's own syn_lock, taken with BH off and held for one
 * bucket walk or one insert; the packet path takes it inside the stripe
 * of (T,t), the upkeep work alone.  A lookup with nothing stored reads
 * nsyns and takes no lock.  Callers keep a SYN's tuple, never a pointer
 * to it: the upkeep work may end it as soon as the lock is let go.
 *
 * Only the SYN's first bytes are kept, as much as the Port Unreachable
 * quotes: a SYN may carry data, up to a reassembled 64 KiB datagram, and
 * max-stored-syns of those would otherwise pin megabytes for 6 s.
 */
#include <linux/slab.h>
#include <linux/icmp.h>

#include "state_table.h"
#include "pool4.h"
#include "icmp_map.h"
#include "ceiling.h"

#include "bib.h"
#include "syn_store.h"

static struct hlist_head *bucket(struct nat64_state *st, __be32 addr4,
				 __be16 port4, __be32 raddr, __be16 rport)
{
	struct {
		__be32 addr4, raddr;
		__be16 port4, rport;
	} k = { addr4, raddr, port4, rport };

	return &st->syn_hash[nat64_hash(&k, sizeof(k), 0) %
			     NAT64_SYN_BUCKETS];
}

static struct hlist_head *rbucket(struct nat64_state *st, __be32 raddr,
				  __be16 rport)
{
	struct {
		__be32 raddr;
		__be16 rport, pad;
	} k = { raddr, rport, 0 };

	return &st->syn_rhash[nat64_hash(&k, sizeof(k), 1) %
			      NAT64_SYN_BUCKETS];
}

/* Under syn_lock: the SYN stored for @t4, (Z,z) -> (T,t), if any. */
static struct nat64_syn *find(struct nat64_state *st,
			      const struct nat64_tuple4 *t4)
{
	struct nat64_syn *syn;

	lockdep_assert_held(&st->syn_lock);
	hlist_for_each_entry(syn, bucket(st, t4->dst, t4->dport, t4->src,
					 t4->sport), hnode)
		if (syn->addr4 == t4->dst && syn->port4 == t4->dport &&
		    syn->raddr == t4->src && syn->rport == t4->sport)
			return syn;
	return NULL;
}

/* BH off: is a SYN stored for (@t4->src,sport) -> (@t4->dst,dport)? */
bool nat64_syn_stored(struct nat64_state *st, const struct nat64_tuple4 *t4)
{
	bool found;

	if (!READ_ONCE(st->nsyns))
		return false;
	spin_lock(&st->syn_lock);
	found = find(st, t4);
	spin_unlock(&st->syn_lock);
	return found;
}

/*
 * RCU, BH off: the oldest SYN stored from (@t4->src,sport)
 * whose destination (T,t) is a TCP address of pool4 @p that no BIB entry
 * holds: the (T,t) a new BIB entry of an IPv6 SYN towards that (Z,z)
 * takes for a simultaneous open.  True and @t4->dst and dport set to it.
 * The oldest, so that the choice does not depend on the hash; the walk is
 * one bucket, at most max-stored-syns long.
 */
bool nat64_syn_find_from(struct nat64_state *st, struct nat64_ptable *pt,
			 const struct nat64_pool4 *p, struct nat64_tuple4 *t4)
{
	struct nat64_syn *syn, *oldest = NULL;

	if (!READ_ONCE(st->nsyns))
		return false;
	spin_lock(&st->syn_lock);
	/* Newest first (hlist_add_head): the last match is the oldest. */
	hlist_for_each_entry(syn, rbucket(st, t4->src, t4->sport), rnode)
		if (syn->raddr == t4->src && syn->rport == t4->sport &&
		    nat64_pool4_has(p, NAT64_PROTO_TCP, syn->addr4,
				    ntohs(syn->port4)) &&
		    nat64_bib_port_free(pt, syn->addr4, syn->port4))
			oldest = syn;
	if (oldest) {
		t4->dst = oldest->addr4;
		t4->dport = oldest->port4;
	}
	spin_unlock(&st->syn_lock);
	return oldest;
}

/* The first bytes of @skb that nat64_icmp4_error() will quote. */
static struct sk_buff *quote_copy(const struct sk_buff *skb)
{
	u32 off = skb_network_offset(skb);
	u32 len = min_t(u32, skb->len - off, NAT64_ICMP4_ERR_ROOM);
	struct sk_buff *q;

	q = alloc_skb(len, GFP_ATOMIC);
	if (!q)
		return NULL;
	skb_reset_network_header(q);
	if (skb_copy_bits(skb, off, skb_put(q, len), len)) {
		kfree_skb(q);
		return NULL;
	}
	q->protocol = skb->protocol;
	return q;
}

/* Under syn_lock: room for one more, which is charged to the ceiling. */
static int limits(struct nat64_state *st, const struct nat64_globals *g)
{
	if (st->nsyns >= g->max_stored_syns)
		return -ENOSPC;
	if (!nat64_ceiling_syn_charge(st->inst->userns))
		return -EDQUOT;
	return 0;
}

/*
 * BH off.  Keeps what an ICMP error would quote of @skb, the IPv4 SYN of
 * @in, and consumes @skb.  -ENOSPC: max-stored-syns are already waiting;
 * -EDQUOT: the module's max_stored_syns_total are; -ENOMEM.  On error
 * @skb stays the caller's.
 */
int nat64_syn_store(struct nat64_state *st, const struct nat64_globals *g,
		    const struct nat64_tuple4 *in, struct sk_buff *skb)
{
	struct nat64_syn *syn;
	int err;

	/*
	 * Made outside the lock; the limits are checked under it, and first
	 * without it, so that a flood at a full store allocates nothing.
	 */
	if (READ_ONCE(st->nsyns) >= g->max_stored_syns)
		return -ENOSPC;
	syn = kmalloc(sizeof(*syn), GFP_ATOMIC | __GFP_ACCOUNT);
	if (!syn)
		return -ENOMEM;
	/* A copy: nothing of the path it came in by is needed to answer. */
	syn->skb = quote_copy(skb);
	if (!syn->skb) {
		kfree(syn);
		return -ENOMEM;
	}
	syn->addr4 = in->dst;
	syn->port4 = in->dport;
	syn->raddr = in->src;
	syn->rport = in->sport;
	syn->expires = nat64_now() + NAT64_TCP_INCOMING_SYN_TIMEOUT * HZ;
	spin_lock(&st->syn_lock);
	err = limits(st, g);
	if (!err) {
		list_add_tail(&syn->list, &st->syns);
		hlist_add_head(&syn->hnode, bucket(st, in->dst, in->dport,
						   in->src, in->sport));
		hlist_add_head(&syn->rnode, rbucket(st, in->src, in->sport));
		WRITE_ONCE(st->nsyns, st->nsyns + 1);
	}
	spin_unlock(&st->syn_lock);
	if (err) {
		kfree_skb(syn->skb);
		kfree(syn);
		return err;
	}
	consume_skb(skb);
	return 0;
}

/* Under syn_lock: its ceiling unit goes back now; the caller frees it. */
static void unlink_syn(struct nat64_state *st, struct nat64_syn *syn)
{
	list_del(&syn->list);
	hlist_del(&syn->hnode);
	hlist_del(&syn->rnode);
	WRITE_ONCE(st->nsyns, st->nsyns - 1);
	nat64_ceiling_syn_uncharge();
}

/*
 * BH off.  Simultaneous open completed: the SYN stored for @t4 goes,
 * unanswered, unless it expired meanwhile (and was answered).
 */
void nat64_syn_consume(struct nat64_state *st, const struct nat64_tuple4 *t4)
{
	struct nat64_syn *syn;

	spin_lock(&st->syn_lock);
	syn = find(st, t4);
	if (syn)
		unlink_syn(st, syn);
	spin_unlock(&st->syn_lock);
	if (!syn)
		return;
	consume_skb(syn->skb);
	kfree(syn);
}

/*
 * For the upkeep work: every SYN past its wait leaves the store, and its
 * packet goes on @due (the IPv4 SYN as stored: the first bytes, which the
 * ICMP Port Unreachable the caller sends will quote).
 */
void nat64_syn_expire(struct nat64_state *st, struct sk_buff_head *due)
{
	struct nat64_syn *syn, *tmp;
	u32 now = nat64_now();
	LIST_HEAD(done);

	spin_lock_bh(&st->syn_lock);
	list_for_each_entry_safe(syn, tmp, &st->syns, list) {
		if ((s32)(syn->expires - now) > 0)
			break;
		unlink_syn(st, syn);
		list_add_tail(&syn->list, &done);
	}
	spin_unlock_bh(&st->syn_lock);
	list_for_each_entry_safe(syn, tmp, &done, list) {
		__skb_queue_tail(due, syn->skb);
		kfree(syn);
		nat64_stat_inc(st->inst->stats, NAT64_STAT_SYN_EXPIRED);
	}
}

/* Instance teardown: no answer, just free. */
void nat64_syn_flush(struct nat64_state *st)
{
	struct nat64_syn *syn, *tmp;

	list_for_each_entry_safe(syn, tmp, &st->syns, list) {
		kfree_skb(syn->skb);
		kfree(syn);
		nat64_ceiling_syn_uncharge();
	}
	INIT_LIST_HEAD(&st->syns);
	st->nsyns = 0;
}
