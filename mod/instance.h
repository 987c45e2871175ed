/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NAT64_INSTANCE_H
#define _NAT64_INSTANCE_H

#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
#include <linux/in6.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#include "nat64.h"
#include "pool4_set.h"
#include "stats.h"

/* The behaviour switches and timeouts, published whole under RCU. */
struct nat64_globals {
	u32 udp_timeout;		/* seconds */
	u32 tcp_est_timeout;
	u32 tcp_trans_timeout;
	u32 icmp_timeout;
	u8 filtering;			/* enum nat64_filtering */
	bool drop_external_tcp;
	bool tos_override;
	u8 tos;
	u32 lowest_ipv6_mtu;
	u32 max_stored_syns;
	u32 max_sessions;
	u32 max_ipv4_sessions;
	u32 max_ipv4_per_bib;
	u32 max_sessions_per_host;
	u32 max_bib_per_host;
	u8 subscriber_plen;
	__be32 icmp_src_addr;		/* RFC 6791 pool, if icmp_src_plen */
	u8 icmp_src_plen;		/* 0: none, errors come from T */
	struct rcu_head rcu;
};

/*
 * One entry of a protocol as port choice reads it (bib.c).  The "slots" of
 * a protocol are every address of every one of its entries, in table
 * order; an address in two entries (disjoint port ranges) has two.
 */
struct nat64_pool4_slot {
	u32 first;		/* the slot of its first address */
	u16 e;			/* its index in nat64_pool4.e */
	bool shared;		/* an address of it is in another entry too */
	/* Ports of one address by set (port_alloc.h), unless shared. */
	u32 cap[4];
};

/* A protocol's entries, for port choice: made when pool4 is published. */
struct nat64_pool4_index {
	u32 count;		/* its entries, in s */
	u32 slots;
	u64 cap;		/* (address, port) pairs */
	struct nat64_pool4_slot *s;
};

/*
 * A pool4 table, replaced whole (copy, change, publish) under RCU.  Its
 * addresses are indexed as sorted ranges, in the same allocation, for the
 * per-packet "is this a pool4 address?" of the IPv4 hook, and its entries
 * per protocol with what each address holds, for the port choice of new
 * flows (pool4.c), so that neither walks the table per packet.
 */
struct nat64_pool4 {
	struct rcu_head rcu;
	u32 count;
	u32 nranges;
	struct nat64_addr_range *ranges;	/* room for count */
	struct nat64_pool4_slot *slots;		/* room for count */
	struct nat64_pool4_index index[NAT64_PROTO_COUNT];
	struct nat64_pool4_entry e[];
};

/*
 * One NAT64 per network namespace.  Readers (the packet path, dumps) use
 * RCU; writers hold nat64_pernet.lock.  pool6 never changes once created.
 */
struct nat64_instance {
	struct net *net;
	struct in6_addr pool6;
	u8 pool6_len;
	u8 mode;			/* enum nat64_instance_mode */
	bool events_held;		/* built, not yet published */
	bool userns;			/* in another user namespace's net */
	struct nat64_pool4 __rcu *pool4;
	struct nat64_globals __rcu *globals;
	struct nat64_stats __percpu *stats;
	struct nat64_state *state;	/* BIB and sessions (state_table.h) */
	struct nat64_route_cache __percpu *rcache;	/* route.c */
	struct delayed_work upkeep;	/* upkeep.c */
	/*
	 * Who pays for the memory: the memory cgroup of the process that
	 * created the instance.  What is allocated in process context
	 * (configuration, tables) is charged to the process doing it; the
	 * BIB entries, sessions, per-address port bitmaps and stored SYN
	 * records of new flows, allocated in softirq where the kernel would
	 * charge nobody, are charged here (set_active_memcg() in state.c).
	 * Not charged: rhashtable bucket arrays (allocated by the
	 * rhashtable's own work) and the stored SYNs' packets.  New flows
	 * allocate GFP_ATOMIC, which a memory cgroup lets past its limit;
	 * the module-wide ceilings (ceiling.c) bound them instead.
	 */
	struct mem_cgroup *memcg;
};

struct nat64_pernet {
	struct mutex lock;	/* serialises every configuration change */
	struct nat64_instance __rcu *inst;
	u32 gen;		/* bumped on every change a dump can see */
};

struct nat64_pernet *nat64_pernet(const struct net *net);

/* Dumps read gen locklessly to flag a change under their feet. */
static inline void nat64_pernet_changed(struct nat64_pernet *pn)
{
	lockdep_assert_held(&pn->lock);
	WRITE_ONCE(pn->gen, pn->gen + 1);
}
struct nat64_instance *nat64_instance_get_locked(struct nat64_pernet *pn);

struct nat64_instance *nat64_instance_build(struct net *net,
					    const struct in6_addr *pool6,
					    u8 pool6_len, u8 mode,
					    struct netlink_ext_ack *extack);
void nat64_instance_discard(struct nat64_instance *inst);
void nat64_instance_publish(struct nat64_instance *inst,
			    void (*announce)(struct nat64_instance *, void *),
			    void *arg);
int nat64_instance_create(struct net *net, const struct in6_addr *pool6,
			  u8 pool6_len, u8 mode, struct netlink_ext_ack *extack);
int nat64_instance_destroy(struct net *net, struct netlink_ext_ack *extack);

extern struct pernet_operations nat64_pernet_ops;

#endif /* _NAT64_INSTANCE_H */
