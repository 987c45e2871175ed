// SPDX-License-Identifier: GPL-2.0
/*
 * BIB entries (RFC 6146 3.1): lookup by either side, creation with a
 * freshly allocated IPv4 transport address from pool4, ordered walks in
 * (T,t) order without a tree (the addrs XArray, its port bitmaps, bib4),
 * and removal.  Every change happens under the protocol's ptable.lock.
 */
#include <linux/slab.h>
#include <linux/siphash.h>

#include "state_table.h"
#include "port_alloc.h"

static struct kmem_cache *bib_cache __read_mostly;
static siphash_key_t alloc_key __read_mostly;

/* A bib6 key laid out as a BIB entry's key fields are. */
struct nat64_bkey {
	struct in6_addr addr6;
	__be16 port6;
};

int nat64_bib_cache_init(void)
{
	BUILD_BUG_ON(offsetof(struct nat64_bib, port6) -
		     offsetof(struct nat64_bib, addr6) !=
		     offsetof(struct nat64_bkey, port6));
	/* Memory per flow is a benchmark target: keep the layout tight. */
	BUILD_BUG_ON(sizeof(struct nat64_bib) > 64);
	BUILD_BUG_ON(offsetof(struct nat64_bib, addr4) -
		     offsetof(struct nat64_bib, port4) !=
		     offsetof(struct nat64_bkey4, addr4));
	get_random_bytes(&alloc_key, sizeof(alloc_key));
	bib_cache = KMEM_CACHE(nat64_bib, SLAB_ACCOUNT);
	return bib_cache ? 0 : -ENOMEM;
}

void nat64_bib_cache_exit(void)
{
	kmem_cache_destroy(bib_cache);
}

struct nat64_bib *nat64_bib_find6(struct nat64_ptable *pt,
				  const struct in6_addr *addr, __be16 port)
{
	struct nat64_bkey k = { .addr6 = *addr, .port6 = port };

	return rhashtable_lookup(&pt->bib6, &k, nat64_bib6_params);
}

/* RCU or ptable.lock: the use record of pool4 address @addr, if any. */
static struct nat64_addr_use *use_of(struct nat64_ptable *pt, __be32 addr)
{
	return xa_load(&pt->addrs, be32_to_cpu(addr));
}

/* RCU or ptable.lock: the entry holding (@addr,@port) as its (T,t). */
struct nat64_bib *nat64_bib_find4(struct nat64_ptable *pt, __be32 addr,
				  __be16 port)
{
	struct nat64_bkey4 k = { .port4 = port, .addr4 = addr };

	return rhashtable_lookup_fast(&pt->bib4, &k, nat64_bib4_params);
}

/*
 * RCU or ptable.lock: the first entry at or after (@addr,@port), or after
 * it unless @inclusive, in (T,t) order.  The addresses in use come in
 * order from the XArray, their ports in use from the bitmap, and bib4
 * gives the entry: no tree.  A port whose bit is set without an entry in
 * bib4 (one being made or ended as we look) is passed over.
 */
struct nat64_bib *nat64_bib_first4(struct nat64_ptable *pt, __be32 addr,
				   __be16 port, bool inclusive)
{
	unsigned long idx = be32_to_cpu(addr);
	u32 from = ntohs(port) + !inclusive;
	struct nat64_addr_use *u;
	struct nat64_bib *b;
	u32 p;

	for (u = xa_find(&pt->addrs, &idx, U32_MAX, XA_PRESENT); u;
	     u = xa_find_after(&pt->addrs, &idx, U32_MAX, XA_PRESENT)) {
		/* Skipped addresses start at their first port. */
		if (idx != be32_to_cpu(addr))
			from = 0;
		for (p = find_next_bit(u->ports, NAT64_PORTS, from);
		     p < NAT64_PORTS;
		     p = find_next_bit(u->ports, NAT64_PORTS, p + 1)) {
			b = nat64_bib_find4(pt, u->addr, htons(p));
			if (b)
				return b;
		}
	}
	return NULL;
}

/* RCU or ptable.lock: the entry after @bib in (T,t) order. */
struct nat64_bib *nat64_bib_next(struct nat64_ptable *pt,
				 const struct nat64_bib *bib)
{
	return nat64_bib_first4(pt, bib->addr4, bib->port4, false);
}

struct nat64_bib *nat64_bib_alloc(const struct in6_addr *addr6, __be16 port6,
				  __be32 addr4, __be16 port4)
{
	struct nat64_bib *bib = kmem_cache_zalloc(bib_cache, GFP_ATOMIC);

	if (!bib)
		return NULL;
	bib->addr6 = *addr6;
	bib->port6 = port6;
	bib->addr4 = addr4;
	bib->port4 = port4;
	INIT_HLIST_HEAD(&bib->sessions);
	return bib;
}

/* For entries no reader can reach (never published, or reaped). */
void nat64_bib_free(struct nat64_bib *bib)
{
	kmem_cache_free(bib_cache, bib);
}

static void use_free(struct nat64_addr_use *u)
{
	bitmap_free(u->ports);
	kfree(u);
}

static void use_free_rcu(struct rcu_head *head)
{
	use_free(container_of(head, struct nat64_addr_use, rcu));
}

static struct nat64_addr_use *use_new(struct nat64_ptable *pt, __be32 addr)
{
	struct nat64_addr_use *u = kzalloc(sizeof(*u),
					   GFP_ATOMIC | __GFP_ACCOUNT);

	if (!u)
		return NULL;
	u->ports = bitmap_zalloc(NAT64_PORTS, GFP_ATOMIC | __GFP_ACCOUNT);
	if (!u->ports)
		goto err;
	u->addr = addr;
	if (xa_insert_bh(&pt->addrs, be32_to_cpu(addr), u, GFP_ATOMIC))
		goto err;
	return u;

err:
	use_free(u);
	return NULL;
}

/* Counts @bib in its address's use record; -ENOMEM for a new one. */
static int use_count(struct nat64_ptable *pt, struct nat64_bib *bib)
{
	u16 port = ntohs(bib->port4);
	struct nat64_addr_use *u;

	u = use_of(pt, bib->addr4);
	if (!u)
		u = use_new(pt, bib->addr4);
	if (!u)
		return -ENOMEM;
	u->used[nat64_port_set(port)]++;
	set_bit(port, u->ports);
	return 0;
}

static void use_uncount(struct nat64_ptable *pt, struct nat64_bib *bib)
{
	u16 port = ntohs(bib->port4);
	struct nat64_addr_use *u = use_of(pt, bib->addr4);

	if (WARN_ON_ONCE(!u))
		return;
	u->used[nat64_port_set(port)]--;
	clear_bit(port, u->ports);
	if (!(u->used[0] | u->used[1] | u->used[2] | u->used[3])) {
		xa_erase_bh(&pt->addrs, be32_to_cpu(bib->addr4));
		/* Walks may still be reading its bitmap. */
		call_rcu(&u->rcu, use_free_rcu);
	}
}

/* Frees every record: instance teardown, no reader is left. */
void nat64_addr_uses_destroy(struct nat64_ptable *pt)
{
	struct nat64_addr_use *u;
	unsigned long idx;

	xa_for_each(&pt->addrs, idx, u)
		use_free(u);
	xa_destroy(&pt->addrs);
}

bool nat64_bib_is_static(const struct nat64_bib *bib)
{
	return READ_ONCE(bib->flags) & NAT64_BF_STATIC;
}

/* Unlinked, or being: an RCU walk may still hold it. */
bool nat64_bib_is_dead(const struct nat64_bib *bib)
{
	return READ_ONCE(bib->flags) & NAT64_BF_DEAD;
}

/* Under ptable.lock: @bib becomes static. */
void nat64_bib_make_static(struct nat64_ptable *pt, struct nat64_bib *bib)
{
	lockdep_assert_held(&pt->lock);
	WRITE_ONCE(bib->flags, bib->flags | NAT64_BF_STATIC);
}

/* RCU or ptable.lock: for dumps, which visit the sessions anyway. */
u32 nat64_bib_sessions(const struct nat64_bib *bib)
{
	const struct nat64_session *s;
	u32 n = 0;

	hlist_for_each_entry_rcu(s, &bib->sessions, bib_node)
		n++;
	return n;
}

/*
 * Publishes @bib in bib4, its address's use record and bib6.  On error
 * (-EEXIST if either side is taken, -ENOMEM, or a table cannot grow) @bib
 * is gone: freed at once if no table had it, else after a grace period,
 * for walks of bib4 may have seen it.
 */
int nat64_bib_insert(struct nat64_state *st, struct nat64_ptable *pt,
		     struct nat64_bib *bib, bool is_static)
{
	int err;

	lockdep_assert_held(&pt->lock);
	if (is_static)
		bib->flags |= NAT64_BF_STATIC;
	err = rhashtable_lookup_insert_fast(&pt->bib4, &bib->node4,
					    nat64_bib4_params);
	if (err) {
		nat64_bib_free(bib);
		return err;
	}
	err = use_count(pt, bib);
	if (err)
		goto err_bib4;
	err = nat64_host_count_bib(st, pt, bib);
	if (err)
		goto err_use;
	err = rhashtable_lookup_insert_fast(&pt->bib6, &bib->node6,
					    nat64_bib6_params);
	if (err)
		goto err_host;
	pt->nbib++;
	nat64_state_changed(st);
	return 0;

err_host:
	nat64_host_uncount_bib(st, pt, bib);
err_use:
	use_uncount(pt, bib);
err_bib4:
	rhashtable_remove_fast(&pt->bib4, &bib->node4, nat64_bib4_params);
	nat64_reap_bib(pt, bib);
	return err;
}

static void bib_unlink(struct nat64_state *st, struct nat64_ptable *pt,
		       struct nat64_bib *bib)
{
	lockdep_assert_held(&pt->lock);
	WRITE_ONCE(bib->flags, bib->flags | NAT64_BF_DEAD);
	rhashtable_remove_fast(&pt->bib6, &bib->node6, nat64_bib6_params);
	rhashtable_remove_fast(&pt->bib4, &bib->node4, nat64_bib4_params);
	use_uncount(pt, bib);
	nat64_host_uncount_bib(st, pt, bib);
	pt->nbib--;
	nat64_state_changed(st);
	nat64_reap_bib(pt, bib);
}

/* A dynamic entry ends with its last session; a static one stays. */
void nat64_bib_put(struct nat64_state *st, struct nat64_ptable *pt,
		   struct nat64_bib *bib)
{
	if (hlist_empty(&bib->sessions) && !nat64_bib_is_static(bib) &&
	    !nat64_bib_is_dead(bib))
		bib_unlink(st, pt, bib);
}

/* Ends @bib and every session of it, static or not; returns how many. */
u32 nat64_bib_kill(struct nat64_state *st, struct nat64_ptable *pt,
		   struct nat64_bib *bib)
{
	struct nat64_session *s;
	struct hlist_node *tmp;
	u32 n = 0;

	hlist_for_each_entry_safe(s, tmp, &bib->sessions, bib_node) {
		nat64_session_unlink(st, pt, s);
		n++;
	}
	bib_unlink(st, pt, bib);
	return n;
}

/* Is (@addr,@port) inside a pool4 entry of @proto? */
bool nat64_pool4_has(const struct nat64_pool4 *p, u8 proto, __be32 addr,
		     u16 port)
{
	u32 a = be32_to_cpu(addr), i;

	for (i = 0; i < p->count; i++) {
		const struct nat64_pool4_entry *e = &p->e[i];

		if (e->proto == proto && nat64_pool4_entry_has_addr(e, a) &&
		    port >= e->port_min && port <= e->port_max)
			return true;
	}
	return false;
}

/* An address without a use record has no BIB entry at all. */
static bool port_used(void *ctx, u16 port)
{
	const struct nat64_addr_use *u = ctx;

	return u && test_bit(port, u->ports);
}

/*
 * The pool4 "slots" of @proto: every address of every entry, in table
 * order.  Returns their number and, through @cap, how many (address, port)
 * pairs they hold.
 */
static u32 slots_of(const struct nat64_pool4 *p, u8 proto, u64 *cap)
{
	u32 i, n = 0;

	*cap = 0;
	for (i = 0; i < p->count; i++) {
		const struct nat64_pool4_entry *e = &p->e[i];
		u32 size = 1U << (32 - e->plen);

		if (e->proto != proto)
			continue;
		n += size;
		*cap += (u64)size * (e->port_max - e->port_min + 1);
	}
	return n;
}

static const struct nat64_pool4_entry *slot_get(const struct nat64_pool4 *p,
						u8 proto, u32 slot,
						__be32 *addr)
{
	u32 i;

	for (i = 0; i < p->count; i++) {
		const struct nat64_pool4_entry *e = &p->e[i];
		u32 size = 1U << (32 - e->plen);

		if (e->proto != proto)
			continue;
		if (slot < size) {
			*addr = cpu_to_be32(be32_to_cpu(e->addr) + slot);
			return e;
		}
		slot -= size;
	}
	return NULL;
}

/*
 * The (class, parity) sets of @addr with no free port left, as
 * NAT64_PORT_BIT()s: the address's entries hold as many ports of the set
 * as its BIB entries use.
 */
static u8 full_sets(const struct nat64_pool4 *p, struct nat64_ptable *pt,
		    __be32 addr, const struct nat64_addr_use *u)
{
	u32 cap[NAT64_PORT_SETS] = {}, i, k;
	u8 full = 0;

	if (!u)
		return 0;
	for (i = 0; i < p->count; i++)
		if (p->e[i].proto == pt->proto &&
		    nat64_pool4_entry_has_addr(&p->e[i], be32_to_cpu(addr)))
			nat64_port_sets_size(p->e[i].port_min, p->e[i].port_max,
					     cap);
	for (k = 0; k < NAT64_PORT_SETS; k++)
		if (u->used[k] >= cap[k])
			full |= 1U << k;
	return full;
}

/*
 * Chooses (T,t) for a new entry of (@addr6,@port6) (RFC 6146 3.5.1.1).
 *
 * Paired pooling (RFC 4787 REQ-2): the address comes from a keyed hash of
 * X' alone, so every BIB entry of a host, in every protocol whose pool4
 * lists the same addresses, gets the same T while that address has free
 * ports; only a full address moves the host on to the next one.  The port
 * search starts at a keyed hash of (X',x,protocol): unpredictable from
 * outside, and port_alloc.c keeps range class and parity.
 *
 * Cost: O(pool4 entries) to count slots, then per address tried the
 * entries again for its capacity, and one bit test per port tried (a
 * tree lookup per port cost 12% of the CPU of a new flow at 100k
 * entries, in cache misses).
 * The per-address counts (struct nat64_addr_use) make a full address, or
 * a full class and parity of one, cost no probe at all; a protocol whose
 * pool4 is full fails at once from the total.
 */
static int bib_pick(const struct nat64_pool4 *p, struct nat64_ptable *pt,
		    const struct in6_addr *addr6, __be16 port6,
		    __be32 *addr4, __be16 *port4)
{
	struct {
		struct in6_addr a;
		__be16 port;
		__be16 proto;
	} hin = { .a = *addr6, .port = port6, .proto = htons(pt->proto) };
	struct nat64_port_req req = {
		.x = ntohs(port6),
		.keep = pt->proto != NAT64_PROTO_ICMP,
	};
	struct nat64_addr_use *u;
	__be32 addr;
	u32 n, start, i;
	u64 cap;
	u16 port;

	n = slots_of(p, pt->proto, &cap);
	if (!n || pt->nbib >= cap)
		return -ENOSPC;
	start = siphash(addr6, sizeof(*addr6), &alloc_key) % n;
	req.rnd = siphash(&hin, sizeof(hin), &alloc_key);
	for (i = 0; i < n; i++) {
		const struct nat64_pool4_entry *e;

		e = slot_get(p, pt->proto, (start + i) % n, &addr);
		u = use_of(pt, addr);
		req.lo = e->port_min;
		req.hi = e->port_max;
		req.full = full_sets(p, pt, addr, u);
		if (!nat64_port_alloc(&req, port_used, u, &port)) {
			*addr4 = addr;
			*port4 = htons(port);
			return 0;
		}
	}
	return -ENOSPC;
}

/* Makes and publishes a dynamic entry; NULL and *why on failure. */
static struct nat64_bib *create(struct nat64_instance *inst,
				struct nat64_ptable *pt,
				const struct in6_addr *addr6, __be16 port6,
				__be32 addr4, __be16 port4,
				enum nat64_stat *why)
{
	struct nat64_bib *bib = nat64_bib_alloc(addr6, port6, addr4, port4);

	if (!bib) {
		*why = NAT64_STAT_DROP_NOMEM;
		return NULL;
	}
	if (nat64_bib_insert(inst->state, pt, bib, false)) {
		*why = NAT64_STAT_DROP_NOMEM;
		return NULL;
	}
	nat64_stat_inc(inst->stats, NAT64_STAT_BIB_CREATED);
	return bib;
}

/*
 * A dynamic entry for (@addr6,@port6), under ptable.lock.  NULL and *why
 * when pool4 has no free (T,t) or memory runs out.
 */
struct nat64_bib *nat64_bib_create(struct nat64_instance *inst,
				   struct nat64_ptable *pt,
				   const struct in6_addr *addr6, __be16 port6,
				   enum nat64_stat *why)
{
	const struct nat64_pool4 *p = rcu_dereference(inst->pool4);
	__be32 addr4;
	__be16 port4;

	lockdep_assert_held(&pt->lock);
	if (bib_pick(p, pt, addr6, port6, &addr4, &port4)) {
		*why = NAT64_STAT_DROP_POOL4_EXHAUSTED;
		return NULL;
	}
	return create(inst, pt, addr6, port6, addr4, port4, why);
}

/*
 * A dynamic entry for (@addr6,@port6) at (@addr4,@port4), which the
 * caller found free and inside pool4 under this same ptable.lock: the
 * (T,t) a stored IPv4 SYN is waiting on (simultaneous open, state.c).
 */
struct nat64_bib *nat64_bib_create_at(struct nat64_instance *inst,
				      struct nat64_ptable *pt,
				      const struct in6_addr *addr6,
				      __be16 port6, __be32 addr4, __be16 port4,
				      enum nat64_stat *why)
{
	lockdep_assert_held(&pt->lock);
	return create(inst, pt, addr6, port6, addr4, port4, why);
}
