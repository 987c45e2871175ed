// SPDX-License-Identifier: GPL-2.0
/*
 * The RFC 6146 section 3.5.2.2 probe, built and sent (tcp_probe.h says
 * what it is for).
 *
 * Choice: only the IPv6 endpoint (X',x) is probed, from (Y',y) = (pool6 +
 * Z, z), so the segment is exactly what the IPv4 peer would have sent
 * through the translator.  The RFC asks for at least one endpoint.  The
 * session is the IPv6 subscriber's (its BIB entry, its per-host limits):
 * whether that host still holds the connection is what should decide
 * whether the session lives.  Probing the IPv4 peer too would keep the
 * session of a host that has left the network alive for as long as the
 * far server answers, and would put the translator's own segments from a
 * pool4 address on the IPv4 internet.  The host's answer (a duplicate ACK
 * of its current sequence numbers) crosses the 6->4 path like any packet:
 * it revives the session and reaches the IPv4 peer, which takes it for
 * the duplicate ACK it is.  A host whose firewall drops out-of-window
 * segments never answers, and its idle connections end as without probe.
 *
 * Everything here runs in the upkeep work, in process context, with no
 * lock of the state held: the skbs are allocated GFP_KERNEL.
 */
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/tcp.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>

#include "tcp_probe.h"
#include "addr.h"
#include "xlat.h"
#include "route.h"

#define PROBE_LEN	(sizeof(struct ipv6hdr) + sizeof(struct tcphdr))

/*
 * The 60-byte segment from @saddr to @p, its checksum final; the Hop
 * Limit is left to the route.  Window and urgent pointer are zero like
 * the numbers: the receiver drops the segment as out of window before it
 * would look at either.
 */
static struct sk_buff *build(const struct in6_addr *saddr,
			     const struct nat64_tcp_probe *p, u8 tclass)
{
	struct sk_buff *skb;
	struct ipv6hdr *ip6;
	struct tcphdr *th;

	skb = alloc_skb(MAX_HEADER + PROBE_LEN, GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_reserve(skb, MAX_HEADER);
	skb_reset_network_header(skb);
	ip6 = skb_put_zero(skb, sizeof(*ip6));
	skb_set_transport_header(skb, sizeof(*ip6));
	th = skb_put_zero(skb, sizeof(*th));

	ip6_flow_hdr(ip6, tclass, 0);
	ip6->payload_len = htons(sizeof(*th));
	ip6->nexthdr = IPPROTO_TCP;
	ip6->saddr = *saddr;
	ip6->daddr = p->addr6;

	th->source = p->rport;
	th->dest = p->port6;
	th->doff = sizeof(*th) / 4;
	th->ack = 1;
	th->check = csum_ipv6_magic(saddr, &p->addr6, sizeof(*th),
				    IPPROTO_TCP,
				    csum_partial(th, sizeof(*th), 0));
	skb->ip_summed = CHECKSUM_NONE;
	skb->protocol = htons(ETH_P_IPV6);
	return skb;
}

/*
 * Routed as translated IPv6 packets are (route.c: the instance's cache,
 * IPsec policy, never to the box itself), with the Hop Limit the box gives
 * its own packets on that route, and sent through POSTROUTING.
 */
static bool route_and_send(struct nat64_instance *inst, struct sk_buff *skb)
{
	struct nat64_xlat x = { .net = inst->net, .inst = inst };
	struct ipv6hdr *ip6 = ipv6_hdr(skb);
	struct dst_entry *dst;
	bool sent = false;

	/* The context of the packet path, which route.c and output expect. */
	local_bh_disable();
	rcu_read_lock();
	dst = nat64_route6(&x, skb, &ip6->saddr, &ip6->daddr, IPPROTO_TCP);
	if (!IS_ERR(dst)) {
		ip6->hop_limit = ip6_dst_hoplimit(dst);
		nat64_route_output(inst->net, skb, dst);
		sent = true;
	}
	rcu_read_unlock();
	local_bh_enable();
	if (!sent)
		kfree_skb(skb);
	return sent;
}

static u8 traffic_class(struct nat64_instance *inst)
{
	const struct nat64_globals *g;
	u8 tclass;

	/* What a translated segment with TOS 0 would carry. */
	rcu_read_lock();
	g = rcu_dereference(inst->globals);
	tclass = g->tos_override ? g->tos : 0;
	rcu_read_unlock();
	return tclass;
}

void nat64_tcp_probe_send(struct nat64_instance *inst,
			  struct nat64_tcp_probes *pr)
{
	const struct nat64_tcp_probe *p;
	struct in6_addr saddr;
	struct sk_buff *skb;
	unsigned int i;
	u8 tclass;

	if (!pr->n)
		return;
	tclass = traffic_class(inst);
	for (i = 0; i < pr->n; i++) {
		p = &pr->p[i];
		nat64_addr_4to6(&inst->pool6, inst->pool6_len, p->raddr,
				&saddr);
		skb = build(&saddr, p, tclass);
		if (skb && route_and_send(inst, skb))
			nat64_stat_inc(inst->stats, NAT64_STAT_TCP_PROBE_SENT);
		else
			nat64_stat_inc(inst->stats,
				       NAT64_STAT_TCP_PROBE_FAILED);
	}
	pr->n = 0;
}
