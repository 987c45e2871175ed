// SPDX-License-Identifier: GPL-2.0
/*
 * An instance's upkeep: one delayed work item, in process context, that
 * answers the stored IPv4 SYNs whose wait ran out and runs the expiry scan,
 * sending the TCP probes it asks for.  The state decides (syn_store.c,
 * expire.c) and this file, on the packet side, sends: the state layer
 * never calls up into the packet path.  The work is unbound: it runs on an
 * idle CPU, not the one taking packets.
 */
#include <linux/icmp.h>
#include <linux/workqueue.h>

#include "upkeep.h"
#include "state_table.h"
#include "syn_store.h"
#include "expire.h"
#include "tcp_probe.h"
#include "icmp_send.h"
#include "xlat.h"
#include "xlat46.h"
#include "state.h"

/*
 * The Port Unreachable for an expired SYN (RFC 5382 REQ-4), to its source:
 * the SYN went from (Z,z) to (T,t).  A Z that is a pool4 address is an
 * IPv6 host's BIB entry, whose SYN reached pool4 by hairpinning (RFC 6146
 * 3.8): no route leads there, so the error takes the hairpin's way back,
 * through the 4->6 path, which translates it into ICMPv6 for that host
 * (RFC 7915 4.2).  Only the global ICMP limit holds it back (no route,
 * no peer); max-stored-syns bounds how many errors expiry sends anyway.
 */
static void answer_syn(struct nat64_instance *inst, struct sk_buff *syn)
{
	const struct iphdr *iph = ip_hdr(syn);
	struct nat64_xlat x = { .net = inst->net, .inst = inst };
	struct sk_buff *skb;

	rcu_read_lock();
	if (!nat64_state_is_pool4(inst, iph->saddr)) {
		rcu_read_unlock();
		nat64_icmp4_error(inst->net, syn, ICMP_DEST_UNREACH,
				  ICMP_PORT_UNREACH, 0);
		return;
	}
	skb = nat64_icmp4_error_skb(inst->net, syn, iph->daddr,
				    ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
	if (skb) {
		/*
		 * The error is the translator's own packet, not one the hooks
		 * claimed, yet it ends in an outcome counter like one: this
		 * event says so, and the counters still add up.
		 */
		nat64_stat_inc(inst->stats, NAT64_STAT_SYN_HAIRPIN_ANSWER);
		x.g = rcu_dereference(inst->globals);
		local_bh_disable();
		/* Anything but STOLEN leaves the packet to its sender. */
		if (nat64_xlat_4to6(&x, skb, true) != NF_STOLEN)
			kfree_skb(skb);
		local_bh_enable();
	}
	rcu_read_unlock();
}

static void answer_syns(struct nat64_instance *inst)
{
	struct sk_buff_head due;
	struct sk_buff *skb;

	__skb_queue_head_init(&due);
	nat64_syn_expire(inst->state, &due);
	while ((skb = __skb_dequeue(&due))) {
		answer_syn(inst, skb);
		kfree_skb(skb);
	}
}

static void upkeep(struct work_struct *work)
{
	struct nat64_instance *inst = container_of(to_delayed_work(work),
						   struct nat64_instance,
						   upkeep);
	struct nat64_expire_run run;
	struct nat64_tcp_probes pr;
	bool more;

	answer_syns(inst);
	nat64_expire_begin(inst->state, &run);
	do {
		pr.n = 0;
		more = nat64_expire_chunk(inst->state, &run, &pr);
		nat64_tcp_probe_send(inst, &pr);
		cond_resched();
	} while (more);
	queue_delayed_work(system_unbound_wq, &inst->upkeep,
			   nat64_expire_delay(&run));
}

void nat64_upkeep_init(struct nat64_instance *inst)
{
	INIT_DELAYED_WORK(&inst->upkeep, upkeep);
}

void nat64_upkeep_start(struct nat64_instance *inst)
{
	queue_delayed_work(system_unbound_wq, &inst->upkeep, HZ);
}

/* Waits for a running pass; the work does not queue itself again. */
void nat64_upkeep_stop(struct nat64_instance *inst)
{
	cancel_delayed_work_sync(&inst->upkeep);
}
