/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The inside of the RFC 6146 state (state.h is the outside): the BIB entries
 * and sessions, the tables that find them, and the rules for touching them.
 * The files that work on them declare their functions in their own
 * headers: bib.h, session.h, inbound.h, host.h, syn_store.h, reap.h,
 * expire.h; the tables' hash, stripes and lifetime are state_table.c's.
 *
 * Per protocol (struct nat64_ptable):
 *   bib6   rhashtable  (X',x)          -> BIB entry
 *   bib4   rhashtable  (T,t)           -> BIB entry
 *   sess   rhashtable  (Z,z,T,t)       -> session
 *   addrs  XArray      T (host order)  -> struct nat64_addr_use: counts
 *                      and a bitmap of the ports in use on T
 * and each BIB entry lists its sessions: its first, held inside it, then
 * the others newest first.  A packet of an existing flow costs one probe,
 * in bib6 or bib4, then a walk of the entry's first few sessions (sess
 * beyond those).  A session keeps only Z and z: the rest of both its keys
 * is its BIB entry's (nat64_session_bib()).
 *
 * (T,t) order without a tree: the addresses in use come in order from
 * addrs (xa_find_after), their ports in use from the bitmap
 * (find_next_bit), and bib4 gives the entry (nat64_bib_first4()).  All
 * three are read under RCU, so dumps, the expiry scan and pool4 pruning
 * walk that way without a table lock, and resume by the key (T,t), so a
 * walk holds no pointer across the end of its RCU read section (the one
 * exception: pt->scan_next, below).
 *
 * Locking: no lock is shared by all new flows.  The hash tables and the
 * XArray take care of their own writers (bucket locks, xa_lock); readers
 * of every table, of addrs and of the entries' session lists run under
 * RCU.  What belongs to one (T,t), in one protocol of one instance, is
 * changed under that (T,t)'s stripe of nat64_bib_locks[] (the array
 * nf_nat_locks[] is to conntrack's NAT, nat64_bib_lock()): the entry at
 * (T,t) (its making, its session list, v4 count and flags, its end), the
 * sessions of that entry, and the IPv4 SYNs stored for (T,t).  So every
 * entry, and every four-tuple (Z,z,T,t), has exactly one stripe, and two
 * CPUs taking new flows meet only when they hash to the same stripe.  No
 * code holds two stripes.  Inside a stripe nest, each alone: a session's
 * own lock (its TCP state and expiry), a subscriber's host lock (host.c),
 * the state's syn_lock and the xa_lock of addrs.  Counts shared by a
 * whole table are atomics, and a port is claimed with test_and_set_bit()
 * in its address's bitmap, so choosing (T,t) for a new entry takes no
 * lock at all (bib.c).  Unlinking sets DEAD, on a session under its lock,
 * on a BIB entry under its stripe, before the object leaves its tables: a
 * walk or a new flow that found it under RCU checks DEAD under the
 * stripe.  Unlinked entries and sessions are freed in batches after a
 * grace period (reap.c), so they carry no rcu_head; a use record, with
 * its bitmap, is freed by call_rcu() when its last entry ends.
 *
 * Bounded work under a stripe and in RCU read sections (issue 11, item
 * 4).  The sessions of one BIB entry are those IPv4 packets opened, at
 * most max-ipv4-sessions-per-bib (inbound.c), and those its own IPv6 host
 * opened, at most max-sessions-per-host (host.c): with the defaults,
 * 131072.  Every walk of an entry's list is bounded by that (the
 * address-dependent filtering check, one batch of a session dump, the
 * count of a BIB dump), the end of an entry with its sessions is done
 * KILL_CHUNK sessions per hold of its stripe (bib.c), and the
 * walks across entries are budgeted: the expiry scan visits at most
 * EXPIRE_CHUNK sessions and entries per RCU section, resuming inside an
 * entry, and holds a stripe to end one session (expire.c); dumps leave
 * their RCU section after DUMP_VISITS entries and sessions, between
 * batches of one entry too (state_walk.c), and pool4 pruning holds a
 * stripe to end one entry (bib_config.c).  Finding the next entry in (T,t) order searches at
 * most the rest of one address's bitmap and the start of the next one's
 * (8 KiB each).  A lowered limit leaves the sessions already made;
 * nothing is evicted.
 *
 * Expiry: a session whose expiry time has passed is treated as absent by
 * every lookup; the expiry scan unlinks it later.  Killing a session sets
 * dead under its lock before it is unlinked, so a packet that found it just
 * before cannot bring it back.
 *
 * Memory (x86-64, no lock debugging): a BIB entry is 80 bytes with its
 * first session inside, a further session 48, each in its kmem_cache;
 * bib6 and bib4 add 8 bytes per bucket each at 1.3 to 2.7 buckets per
 * entry.  A flow with a BIB entry of its own thus costs about 100-125
 * bytes, a further session of an existing entry about 50-70 (the sess
 * table's buckets once its entry has many); each pool4 address in use
 * adds 8 KiB (struct nat64_addr_use).  Charged to a memory cgroup other
 * than the root (instance.h), each object costs 8 bytes more: the slab's
 * cgroup pointer.
 */
#ifndef _NAT64_STATE_TABLE_H
#define _NAT64_STATE_TABLE_H

#include <linux/rhashtable.h>
#include <linux/xarray.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/llist.h>
#include <linux/jhash.h>
#include <linux/percpu.h>

#include "instance.h"
#include "state.h"

/*
 * A session (RFC 6146 3.2).  Y' is always pool6 + Z and y equals z, so
 * only Z and z are kept; for ICMP queries z is 0 in the table and the
 * identifier is x on the IPv6 side and t on the IPv4 side.  X', x, T and t
 * are the BIB entry's, which outlives its sessions.  A session is either
 * its entry's first (NAT64_SF_FIRST), held inside the entry, or one more,
 * a struct nat64_session_ext of its own; nat64_session_bib() gives the
 * entry of either.
 */
struct nat64_session {
	/*
	 * On its entry's list (nat64_bib_for_each_session()) while linked.
	 * Once unlinked, RCU readers may still follow bib_node.next, but
	 * never pprev: that word chains the session on its table's free
	 * list (reap.c), or, for an entry's first, which is never on a
	 * free list, the entry itself.
	 */
	union {
		struct hlist_node bib_node;
		struct {
			struct hlist_node *bib_next_unused;
			struct llist_node free_node;
		};
	};
	__be32 raddr;			/* Z */
	__be16 rport;			/* z (= y) */
	u8 tcp_state;			/* enum nat64_tcp_state; under lock */
	u8 flags;			/* NAT64_SF_*; under lock */
	u32 expires;			/* jiffies (low 32 bits); under lock */
	spinlock_t lock;
};

/* A session after its entry's first, in a kmem_cache of its own. */
struct nat64_session_ext {
	struct nat64_session s;
	struct rhash_head node;		/* sess, if its entry has many */
	struct nat64_bib *bib;
};

/*
 * A BIB entry (RFC 6146 3.1).  (X',x), addr6 and port6, is the bib6 key;
 * (T,t), port4 and addr4, the bib4 key and, with a session's (Z,z), the
 * sess key of its sessions if it has many (NAT64_BF_HASHED).  Its
 * protocol is its table's.  v4 counts the sessions IPv4 packets opened
 * of it (inbound.c); flags are NAT64_BF_*; host_plen is the length of
 * the subscriber prefix it counts under (host.c).  Everything that
 * changes is under the stripe of (T,t) (nat64_bib_lock()).
 *
 * Most entries only ever have one session, so the entry holds its first
 * one, @first: one object and one allocation per flow, 80 bytes where an
 * entry and a session of their own took 112.  @first is also the head
 * of the entry's session list: the others follow it, newest first.  It
 * serves once: it is NAT64_SF_DEAD until a session takes it, and again
 * for good once that session ends (NAT64_BF_SPENT), while it goes on
 * heading the list.  Once the entry is unlinked, first.free_node chains
 * it on its table's free list (reap.c).
 */
struct nat64_bib {
	struct rhash_head node6;
	struct in6_addr addr6;		/* X' */
	__be16 port6;			/* x */
	__be16 port4;			/* t */
	__be32 addr4;			/* T */
	struct rhash_head node4;
	u32 v4;
	u8 flags;			/* NAT64_BF_* */
	u8 host_plen;
	struct nat64_session first;
};

/*
 * BIB flags.  STATIC: made by BIB_ADD; it outlives its sessions.  DEAD:
 * unlinked (set under the stripe first), for whoever found it under RCU.
 * HASHED: the entry has had more sessions than a lookup walks
 * (NAT64_SESSION_WALK), and from then on every further session of it
 * (all but its first, which every lookup looks at first) is also in the
 * sess table; it stays set for the entry's life.  Entries without it keep
 * their few sessions out of sess: a flow costs no bucket there.  SPENT:
 * the entry's first session has served (struct nat64_bib).  CHARGED: a
 * request made the entry (a static one) and it holds a unit of the
 * module-wide ceiling of its own, given back when it is freed.
 */
#define NAT64_BF_STATIC		0x01
#define NAT64_BF_DEAD		0x02
#define NAT64_BF_HASHED		0x04
#define NAT64_BF_SPENT		0x08
#define NAT64_BF_CHARGED	0x10

/*
 * How many of an entry's sessions a lookup walks, in list order, before it
 * asks the sess table; an entry without NAT64_BF_HASHED has no more.
 */
#define NAT64_SESSION_WALK	4

/* The bib4 key, (t,T), as it lies in struct nat64_bib. */
struct nat64_bkey4 {
	__be16 port4;
	__be32 addr4;
} __packed;

#define NAT64_BIB_KEY4_LEN	sizeof(struct nat64_bkey4)
#define NAT64_BIB_KEY6_LEN	(sizeof(struct in6_addr) + sizeof(__be16))

/*
 * Session flags.  DEAD: unlinked or about to be.  V4: an IPv4 packet
 * created it; it counts against max-ipv4-sessions and its entry's
 * max-ipv4-sessions-per-bib until it ends (inbound.c).  QUIET: UDP or ICMP,
 * V4, and the IPv6 side has not sent yet: NAT64_V4_UNANSWERED_TIMEOUT.
 * CLOSED: TCP, closed by FINs or RST; it ends as tcp-closed, not expired.
 * FIRST: the entry's own, for good.  Set at creation; DEAD, CLOSED and
 * the clearing of QUIET happen under lock.  An entry's first session is
 * DEAD before it serves as well, and made live under the stripe when it
 * is taken (nat64_session_create()).
 */
#define NAT64_SF_DEAD	0x01
#define NAT64_SF_V4	0x02
#define NAT64_SF_QUIET	0x04
#define NAT64_SF_CLOSED	0x08	/* TCP: FIN both ways or RST (state.c) */
#define NAT64_SF_FIRST	0x10	/* its entry's own (struct nat64_bib) */

/* The sess key (Z,z,T,t), as the hash sees it: no padding. */
struct nat64_skey {
	__be32 raddr;			/* Z */
	__be32 addr4;			/* T */
	__be16 rport;			/* z */
	__be16 port4;			/* t */
};

/*
 * The BIB entries of one protocol on one pool4 address, in the table's
 * addrs XArray under the address in host order: how many, by range class
 * and parity (index: the bit number of NAT64_PORT_BIT()), so that port
 * allocation skips what is full without probing it, and which ports, so
 * that a probe is a bit test (8 KiB per address in use) and the ordered
 * walks find the (T,t) in use in order.  Every BIB entry lies inside pool4
 * (static ones are checked, pool4 removal ends the rest) and is counted
 * (an entry whose record cannot be allocated is not made), so both are
 * exact.  No lock: a port is claimed with test_and_set_bit() and the
 * counts are atomics.  ref is 1 for addrs plus 1 per entry; the entry
 * that brings it back to 1 ends it (0: leaving addrs, to be replaced by
 * a new record if a new entry needs one).  The walks read the bitmap
 * under RCU, so the record and its bitmap are freed after a grace period.
 */
struct nat64_addr_use {
	__be32 addr;
	atomic_t ref;
	atomic_t used[4];
	unsigned long *ports;		/* NAT64_PORTS bits: t in use */
	struct rcu_head rcu;
};

#define NAT64_PORTS	65536

/* An IPv4 SYN held for simultaneous open (RFC 6146 3.5.2.2). */
struct nat64_syn {
	struct list_head list;		/* arrival order = expiry order */
	struct hlist_node hnode;	/* nat64_state.syn_hash */
	struct hlist_node rnode;	/* nat64_state.syn_rhash */
	struct sk_buff *skb;
	__be32 addr4;			/* T */
	__be32 raddr;			/* Z */
	__be16 port4;			/* t */
	__be16 rport;			/* z */
	u32 expires;
};

#define NAT64_SYN_BUCKETS	256

/*
 * One subscriber in one protocol (host.c): the IPv6 hosts whose addresses
 * share their first plen bits.  Counts its BIB entries (static ones
 * too) and the sessions IPv6 packets opened of them; made with its first
 * BIB entry or admitted flow, freed with its last, so there are never
 * more than BIB entries and flows being made.  Under its host lock only.
 */
struct nat64_hkey {
	struct in6_addr prefix;
	u8 plen;
	u8 pad[3];
};

struct nat64_host {
	struct rhash_head node;
	struct nat64_hkey key;
	u32 nbib;
	u32 nsess;
	/*
	 * T of its newest BIB entry, for paired pooling (bib.c); 0 until
	 * it has one.  A hint: written and read without the host lock.
	 */
	__be32 addr4;
	struct rcu_head rcu;
};

struct nat64_ptable {
	u8 proto;
	bool userns;			/* the instance's (ceiling.h) */
	u32 lock_seed;			/* nat64_bib_lock() */
	atomic_t nbib;
	atomic_t nsess;
	struct rhashtable bib6;
	struct rhashtable bib4;
	struct rhashtable sess;		/* sessions of NAT64_BF_HASHED entries */
	struct xarray addrs;		/* struct nat64_addr_use by T */
	struct rhashtable hosts;	/* struct nat64_host by prefix */
	/*
	 * The expiry scan's place between two chunks, inside the entry at
	 * the scan's (T,t) or at the start of the next: the next session to
	 * visit, or NULL to go on with the next entry.  Set under that
	 * entry's stripe; unlinking that session moves it on (cmpxchg,
	 * session.c), so it is never a freed session; the scan takes it
	 * with xchg (expire.c).
	 */
	struct nat64_session *scan_next;
	/*
	 * SESSION_FLUSH's place inside a static entry between two chunks
	 * (nat64_bib_end_sessions()): the next session to end, or NULL.
	 * Set and read under that entry's stripe, as every unlink of its
	 * sessions is; unlinking the session kept moves it on (session.c),
	 * to an older one, so it never points at a freed session, nor at
	 * one made after the flush began.  One flush at a time: the pernet
	 * lock.
	 */
	struct nat64_session *flush_next;
	/* reap.c: unlinked, waiting for a grace period. */
	struct llist_head dead_sess;
	struct llist_head dead_bib;
	struct work_struct reap;
};

struct nat64_state {
	struct nat64_instance *inst;
	struct nat64_ptable t[NAT64_PROTO_COUNT];
	atomic_t nsessions;		/* all protocols: max-sessions */
	atomic_t nsessions_v4;		/* NAT64_SF_V4: max-ipv4-sessions */
	u8 host_plen;			/* for new entries: host.c */
	u32 __percpu *gen;		/* bumped on every table change */
	/*
	 * Stored IPv4 SYNs, under syn_lock (syn_store.c), which nests
	 * inside a stripe and outside nothing.
	 */
	spinlock_t syn_lock;
	struct list_head syns;
	u32 nsyns;
	struct hlist_head syn_hash[NAT64_SYN_BUCKETS];
	struct hlist_head syn_rhash[NAT64_SYN_BUCKETS];	/* by (Z,z) */
	/* The expiry scan (expire.c): where the last run stopped. */
	u8 scan_proto;
	bool scan_started;
	__be32 scan_addr4;
	__be16 scan_port4;
};

/*
 * Keyed siphash with a per-boot secret, mixed with the table's own seed.
 * The parameters are constants here so that the rhashtable inlines fold.
 */
u32 nat64_hash(const void *data, u32 len, u32 seed);

/* A protocol's tables, made empty, and ended with all that is in them. */
int nat64_ptable_init(struct nat64_ptable *pt, u8 proto);
void nat64_ptable_destroy(struct nat64_ptable *pt);
void nat64_state_table_module_init(void);

static const struct rhashtable_params nat64_bib6_params = {
	.head_offset = offsetof(struct nat64_bib, node6),
	.key_offset = offsetof(struct nat64_bib, addr6),
	.key_len = NAT64_BIB_KEY6_LEN,
	.hashfn = nat64_hash,
	.automatic_shrinking = true,
};

static const struct rhashtable_params nat64_bib4_params = {
	.head_offset = offsetof(struct nat64_bib, node4),
	.key_offset = offsetof(struct nat64_bib, port4),
	.key_len = NAT64_BIB_KEY4_LEN,
	.hashfn = nat64_hash,
	.automatic_shrinking = true,
};

/* The sess key of @bib's session towards (@raddr,@rport). */
static inline void nat64_skey_of(const struct nat64_bib *bib, __be32 raddr,
				 __be16 rport, struct nat64_skey *k)
{
	k->raddr = raddr;
	k->addr4 = bib->addr4;
	k->rport = rport;
	k->port4 = bib->port4;
}

/* The entry of @s, its first or one more. */
static inline struct nat64_bib *nat64_session_bib(const struct nat64_session *s)
{
	if (READ_ONCE(s->flags) & NAT64_SF_FIRST)
		return container_of(s, struct nat64_bib, first);
	return container_of(s, struct nat64_session_ext, s)->bib;
}

/*
 * The sess key of a session in sess (never an entry's first), whose
 * entry lives.
 */
static inline void nat64_session_ext_key(const struct nat64_session_ext *e,
					 struct nat64_skey *k)
{
	nat64_skey_of(e->bib, e->s.raddr, e->s.rport, k);
}

/* Rehashing: the key of a session in the table. */
static inline u32 nat64_session_hashfn(const void *obj, u32 len, u32 seed)
{
	struct nat64_skey k;

	nat64_session_ext_key(obj, &k);
	return nat64_hash(&k, sizeof(k), seed);
}

static inline int nat64_session_cmpfn(struct rhashtable_compare_arg *arg,
				      const void *obj)
{
	const struct nat64_skey *k = arg->key;
	const struct nat64_session_ext *e = obj;

	return e->s.raddr != k->raddr || e->s.rport != k->rport ||
	       e->bib->addr4 != k->addr4 || e->bib->port4 != k->port4;
}

static const struct rhashtable_params nat64_sess_params = {
	.head_offset = offsetof(struct nat64_session_ext, node),
	.key_len = sizeof(struct nat64_skey),
	.hashfn = nat64_hash,
	.obj_hashfn = nat64_session_hashfn,
	.obj_cmpfn = nat64_session_cmpfn,
	.automatic_shrinking = true,
};


static const struct rhashtable_params nat64_host_params = {
	.head_offset = offsetof(struct nat64_host, node),
	.key_offset = offsetof(struct nat64_host, key),
	.key_len = sizeof(struct nat64_hkey),
	.hashfn = nat64_hash,
	.automatic_shrinking = true,
};

static inline u32 nat64_now(void)
{
	return (u32)jiffies;
}

/* The session after @s on its entry's list, or NULL.  RCU or the stripe. */
static inline struct nat64_session *
nat64_session_next(const struct nat64_session *s)
{
	return hlist_entry_safe(rcu_dereference_raw(hlist_next_rcu(
					(struct hlist_node *)&s->bib_node)),
				struct nat64_session, bib_node);
}

/*
 * RCU or the stripe: the first session of @bib's list, which starts with
 * the entry's own while that is live.
 */
static inline struct nat64_session *
nat64_bib_first_session(const struct nat64_bib *bib)
{
	const struct nat64_session *f = &bib->first;

	/* Live, and whole: pairs with the release in session_first(). */
	if (!(smp_load_acquire(&f->flags) & NAT64_SF_DEAD))
		return (struct nat64_session *)f;
	return nat64_session_next(f);
}

/* Every linked session of @bib, under RCU or the stripe. */
#define nat64_bib_for_each_session(s, bib) \
	for (s = nat64_bib_first_session(bib); s; s = nat64_session_next(s))

/*
 * Under the stripe: has @bib a session?  The first's DEAD only changes
 * under the stripe, but its other flags under its own lock.
 */
static inline bool nat64_bib_has_sessions(const struct nat64_bib *bib)
{
	return !(READ_ONCE(bib->first.flags) & NAT64_SF_DEAD) ||
	       bib->first.bib_node.next;
}

/*
 * Expired = absent: a session past its expiry is gone for every lookup, and
 * so is one whose entry is being killed (nat64_bib_kill() ends them in
 * chunks).  The entry's line is read anyway: it holds X' and T.
 */
static inline bool nat64_session_live(const struct nat64_session *s, u32 now)
{
	return !(READ_ONCE(s->flags) & NAT64_SF_DEAD) &&
	       !(READ_ONCE(nat64_session_bib(s)->flags) & NAT64_BF_DEAD) &&
	       (s32)(READ_ONCE(s->expires) - now) > 0;
}

/* Why @s ends when its lifetime runs out (the events' reason). */
static inline enum nat64_end_reason
nat64_session_end_reason(const struct nat64_session *s)
{
	return READ_ONCE(s->flags) & NAT64_SF_CLOSED ?
	       NAT64_END_TCP_CLOSED : NAT64_END_EXPIRED;
}

/* BH off or in process context: a per-CPU count, no shared line. */
static inline void nat64_state_changed(struct nat64_state *st)
{
	this_cpu_inc(*st->gen);
}

/*
 * The stripe locks (state.c): whatever belongs to (T,t) in @pt is changed
 * under nat64_bib_lock(pt, T, t); see the top of this file.
 */
#define NAT64_BIB_LOCKS		1024
extern spinlock_t nat64_bib_locks[NAT64_BIB_LOCKS];

static inline spinlock_t *nat64_bib_lock(const struct nat64_ptable *pt,
					 __be32 addr4, __be16 port4)
{
	u32 h = jhash_2words((__force u32)addr4, (__force u32)port4,
			     pt->lock_seed);

	return &nat64_bib_locks[h & (NAT64_BIB_LOCKS - 1)];
}

static inline spinlock_t *nat64_bib_lock_of(const struct nat64_ptable *pt,
					    const struct nat64_bib *bib)
{
	return nat64_bib_lock(pt, bib->addr4, bib->port4);
}

#define nat64_assert_bib_locked(pt, bib) \
	lockdep_assert_held(nat64_bib_lock_of(pt, bib))

/* Takes one from @v unless it has reached @max: the limits' reservations. */
static inline bool nat64_atomic_inc_below(atomic_t *v, u32 max)
{
	int old = atomic_read(v);

	do {
		if ((u32)old >= max)
			return false;
	} while (!atomic_try_cmpxchg(v, &old, old + 1));
	return true;
}

/* (T,t) order of the walks and dumps; then (Z,z) for sessions. */
static inline int nat64_cmp4(__be32 a, __be16 ap, __be32 b, __be16 bp)
{
	u32 x = be32_to_cpu(a), y = be32_to_cpu(b);
	u16 xp = be16_to_cpu(ap), yp = be16_to_cpu(bp);

	if (x != y)
		return x < y ? -1 : 1;
	if (xp != yp)
		return xp < yp ? -1 : 1;
	return 0;
}

#endif /* _NAT64_STATE_TABLE_H */
