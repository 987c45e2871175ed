// SPDX-License-Identifier: GPL-2.0
/*
 * Pool4 publication: every change builds a new sorted table from the old one
 * (pool4_set.c does the set arithmetic) with its address index, and swaps
 * it in under RCU, so the packet path reads a consistent table without a
 * lock.  Changes are rare; the entries are read per new flow, the index
 * per IPv4 packet.
 */
#include <linux/err.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/overflow.h>
#include <linux/stringify.h>

#include "pool4.h"
#include "port_alloc.h"
#include "kunit.h"

struct nat64_pool4 *nat64_pool4_alloc(u32 count)
{
	struct nat64_pool4 *p;
	size_t size = struct_size(p, e, count);

	/* The ranges go after the entries, which keep them aligned. */
	BUILD_BUG_ON(sizeof(struct nat64_pool4_entry) %
		     __alignof__(struct nat64_addr_range));
	BUILD_BUG_ON(sizeof(struct nat64_addr_range) %
		     __alignof__(struct nat64_pool4_slot));
	/* nat64_pool4_slot.e is a u16. */
	BUILD_BUG_ON(U16_MAX + 1 < NAT64_POOL4_MAX_ENTRIES);
	size = size_add(size, array_size(count, sizeof(*p->ranges)));
	size = size_add(size, array_size(count, sizeof(*p->slots)));
	p = kvzalloc(size, GFP_KERNEL_ACCOUNT);
	if (p) {
		p->count = count;
		p->ranges = (struct nat64_addr_range *)&p->e[count];
		p->slots = (struct nat64_pool4_slot *)&p->ranges[count];
	}
	return p;
}

static u32 last_addr(const struct nat64_pool4_entry *e)
{
	return be32_to_cpu(e->addr) | ~nat64_pool4_mask(e->plen);
}

/*
 * The per-protocol index of sorted @p (struct nat64_pool4_index).  Sorted,
 * a protocol's entries are contiguous and in address order, and prefixes
 * nest or are disjoint: an entry shares addresses with another iff an
 * earlier one of its protocol reaches its start, or the next one starts
 * inside it.
 */
static void index_build(struct nat64_pool4 *p)
{
	struct nat64_pool4_index *ix = NULL;
	u32 i, reach = 0, size;

	memset(p->index, 0, sizeof(p->index));
	for (i = 0; i < p->count; i++) {
		const struct nat64_pool4_entry *e = &p->e[i];
		struct nat64_pool4_slot *s = &p->slots[i];
		bool first = !i || e[-1].proto != e->proto;
		bool more = i + 1 < p->count && e[1].proto == e->proto;

		if (first) {
			ix = &p->index[e->proto];
			ix->s = s;
		}
		s->shared = (!first && reach >= be32_to_cpu(e->addr)) ||
			    (more && be32_to_cpu(e[1].addr) <= last_addr(e));
		size = 1U << (32 - e->plen);
		s->first = ix->slots;
		s->e = i;
		memset(s->cap, 0, sizeof(s->cap));
		nat64_port_sets_size(e->port_min, e->port_max, s->cap);
		ix->count++;
		ix->slots += size;
		ix->cap += (u64)size * (e->port_max - e->port_min + 1);
		reach = first ? last_addr(e) : max(reach, last_addr(e));
	}
}

static bool entry_has(const struct nat64_pool4_entry *e, u32 addr, u16 port)
{
	return nat64_pool4_entry_has_addr(e, addr) && port >= e->port_min &&
	       port <= e->port_max;
}

/*
 * The place in @proto's index of the last entry starting at or below @a
 * (host order), or -1 if none does: the entries are sorted by address,
 * so that is the only one that can hold @a, unless it shares addresses
 * with others (pool4.c marks those).  O(log entries).
 */
int nat64_pool4_entry_at(const struct nat64_pool4 *p, u8 proto, u32 a)
{
	const struct nat64_pool4_index *ix = &p->index[proto];
	u32 lo = 0, hi, mid;

	if (!ix->count || be32_to_cpu(p->e[ix->s[0].e].addr) > a)
		return -1;
	hi = ix->count - 1;
	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		if (be32_to_cpu(p->e[ix->s[mid].e].addr) <= a)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/*
 * Is (@addr,@port) inside a pool4 entry of @proto?  The IPv4 hook asks for
 * every packet to pool4 without a session (a flood at random ports too),
 * so it searches the protocol's entries, sorted by address, in O(log
 * entries), and checks them all only for an address that several share.
 */
bool nat64_pool4_has(const struct nat64_pool4 *p, u8 proto, __be32 addr,
		     u16 port)
{
	const struct nat64_pool4_index *ix = &p->index[proto];
	u32 a = be32_to_cpu(addr), i;
	int k = nat64_pool4_entry_at(p, proto, a);

	if (k < 0)
		return false;
	if (!ix->s[k].shared)
		return entry_has(&p->e[ix->s[k].e], a, port);
	for (i = 0; i < ix->count; i++)
		if (entry_has(&p->e[ix->s[i].e], a, port))
			return true;
	return false;
}
NAT64_KUNIT_EXPORT(nat64_pool4_has);

/* Every entry of @proto holding @addr: a shared address has several. */
u32 nat64_pool4_addr_ports(const struct nat64_pool4 *p, u8 proto, u32 addr)
{
	const struct nat64_pool4_index *ix = &p->index[proto];
	const struct nat64_pool4_entry *e;
	u32 i, n = 0;

	for (i = 0; i < ix->count; i++) {
		e = &p->e[ix->s[i].e];
		if (nat64_pool4_entry_has_addr(e, addr))
			n += e->port_max - e->port_min + 1;
	}
	return n;
}

static void pool4_free_rcu(struct rcu_head *head)
{
	kvfree(container_of(head, struct nat64_pool4, rcu));
}

static struct nat64_pool4 *pool4_locked(struct nat64_instance *inst)
{
	return rcu_dereference_protected(inst->pool4,
		lockdep_is_held(&nat64_pernet(inst->net)->lock));
}

/* Sorts @p's entries and builds what the packet path searches. */
static void finish(struct nat64_pool4 *p)
{
	nat64_pool4_sort(p->e, p->count);
	p->nranges = nat64_pool4_addr_ranges(p->e, p->count, p->ranges);
	index_build(p);
}

/* Swaps in @new, finished; the old table goes after a grace period. */
static void swap_in(struct nat64_instance *inst, struct nat64_pool4 *new)
{
	struct nat64_pool4 *old = pool4_locked(inst);

	rcu_assign_pointer(inst->pool4, new);
	nat64_pernet_changed(nat64_pernet(inst->net));
	call_rcu(&old->rcu, pool4_free_rcu);
}

static void publish(struct nat64_instance *inst, struct nat64_pool4 *new)
{
	finish(new);
	swap_in(inst, new);
}

static int too_many(u32 count, struct netlink_ext_ack *extack)
{
	if (count <= NAT64_POOL4_MAX_ENTRIES)
		return 0;
	NL_SET_ERR_MSG(extack, "pool4 would exceed its limit of "
		       __stringify(NAT64_POOL4_MAX_ENTRIES) " entries");
	return -ENOSPC;
}

/* Adds the @n entries of @add (one per protocol), all or nothing. */
int nat64_pool4_add(struct nat64_instance *inst,
		    const struct nat64_pool4_entry *add, u32 n,
		    struct netlink_ext_ack *extack)
{
	struct nat64_pool4 *old = pool4_locked(inst), *new;
	u32 i;
	int err;

	for (i = 0; i < n; i++)
		if (nat64_pool4_find_overlap(old->e, old->count, &add[i]) >= 0) {
			NL_SET_ERR_MSG(extack,
				       "pool4 entry overlaps an existing entry of the same protocol");
			return -EEXIST;
		}
	err = too_many(old->count + n, extack);
	if (err)
		return err;
	new = nat64_pool4_alloc(old->count + n);
	if (!new)
		return -ENOMEM;
	memcpy(new->e, old->e, old->count * sizeof(*new->e));
	memcpy(new->e + old->count, add, n * sizeof(*add));
	publish(inst, new);
	return 0;
}
NAT64_KUNIT_EXPORT(nat64_pool4_add);

/* Removes @e's addresses and ports, for each protocol in @protos. */
int nat64_pool4_del(struct nat64_instance *inst,
		    const struct nat64_pool4_entry *e, unsigned int protos,
		    struct netlink_ext_ack *extack)
{
	struct nat64_pool4 *old = pool4_locked(inst), *new;
	bool hit;
	u32 n;
	int err;

	n = nat64_pool4_subtract(old->e, old->count, e, protos, NULL, &hit);
	if (!hit) {
		NL_SET_ERR_MSG(extack, "pool4 has no such address and port");
		return -ENOENT;
	}
	err = too_many(n, extack);
	if (err)
		return err;
	new = nat64_pool4_alloc(n);
	if (!new)
		return -ENOMEM;
	nat64_pool4_subtract(old->e, old->count, e, protos, new->e, &hit);
	publish(inst, new);
	return 0;
}
NAT64_KUNIT_EXPORT(nat64_pool4_del);

/* Drops every entry of the protocols in @protos. */
int nat64_pool4_flush(struct nat64_instance *inst, unsigned int protos)
{
	struct nat64_pool4 *old = pool4_locked(inst), *new;

	new = nat64_pool4_alloc(old->count);
	if (!new)
		return -ENOMEM;
	new->count = nat64_pool4_filter(old->e, old->count, protos, new->e);
	publish(inst, new);
	return 0;
}

/*
 * A whole table from @n checked entries (CONFIG_APPLY), finished but not
 * published; @bad is set to the index of the first entry that overlaps
 * an earlier one.  Quadratic, in process context: @n is at most
 * NAT64_POOL4_MAX_ENTRIES.
 */
struct nat64_pool4 *nat64_pool4_build(const struct nat64_pool4_entry *e,
				      u32 n, u32 *bad,
				      struct netlink_ext_ack *extack)
{
	struct nat64_pool4 *p;
	u32 i;
	int err;

	err = too_many(n, extack);
	if (err)
		return ERR_PTR(err);
	for (i = 1; i < n; i++) {
		if (nat64_pool4_find_overlap(e, i, &e[i]) >= 0) {
			*bad = i;
			NL_SET_ERR_MSG(extack,
				       "pool4 entry overlaps an earlier entry of the same protocol");
			return ERR_PTR(-EEXIST);
		}
		cond_resched();
	}
	p = nat64_pool4_alloc(n);
	if (!p)
		return ERR_PTR(-ENOMEM);
	memcpy(p->e, e, n * sizeof(*e));
	finish(p);
	return p;
}

/* The same entries, in the same (sorted) order? */
static bool same_entries(const struct nat64_pool4 *a,
			 const struct nat64_pool4 *b)
{
	u32 i;

	if (a->count != b->count)
		return false;
	for (i = 0; i < a->count; i++)
		if (nat64_pool4_cmp(&a->e[i], &b->e[i]) ||
		    a->e[i].plen != b->e[i].plen ||
		    a->e[i].port_max != b->e[i].port_max)
			return false;
	return true;
}

/*
 * Publishes @new, from nat64_pool4_build(), in place of the running table,
 * unless both hold the same entries (then @new is freed): a configuration
 * applied again changes nothing.  True if the table changed.
 */
bool nat64_pool4_replace(struct nat64_instance *inst, struct nat64_pool4 *new)
{
	if (same_entries(pool4_locked(inst), new)) {
		kvfree(new);
		return false;
	}
	swap_in(inst, new);
	return true;
}
