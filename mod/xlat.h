/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The packet path between the hooks and the output: what its files share.
 * Translation of one packet each way (xlat64.h, xlat46.h), ICMP errors
 * crossing (icmp_translate.h) and originated (icmp_send.h), routing and
 * output in the other family (route.h), IPv6 fragmentation of translated
 * IPv4 packets (frag.h), GSO packets (gso.h).  The headers themselves
 * are translated by xlat_hdr.h and ICMP errors built by icmp_build.h;
 * the decisions about ICMP (types, codes, MTUs) are icmp_map.h.
 *
 * Every nat64_xlat_*() call ends in exactly one counter and one netfilter
 * verdict: NF_STOLEN (the packet left, translated, or was kept by the
 * state), NF_DROP (freed by netfilter) or NF_ACCEPT (not ours after all,
 * untouched and uncounted).
 */
#ifndef _NAT64_XLAT_H
#define _NAT64_XLAT_H

#include <linux/if_packet.h>
#include <linux/netfilter.h>
#include <linux/netfilter_bridge.h>
#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/xfrm.h>

#include "instance.h"
#include "stats.h"

/* What the translation of one packet needs, read once per packet. */
struct nat64_xlat {
	struct net *net;
	struct nat64_instance *inst;
	const struct nat64_globals *g;	/* rcu_dereference()d by the hook */
};

/* Internal to the path: "not decided yet, go on". */
#define NAT64_CONTINUE	(NF_MAX_VERDICT + 1)

static inline unsigned int nat64_drop(const struct nat64_xlat *x,
				      enum nat64_stat why)
{
	nat64_stat_inc(x->inst->stats, why);
	return NF_DROP;
}

/*
 * A router forwards only what was sent to it on the link (ip_forward(),
 * ip6_forward()): a unicast packet in a link-layer broadcast or multicast
 * frame would otherwise be translated by every translator on that link
 * (an anycast set of them) at once.  Left to the stack, as if the
 * translator were not there: forwarding drops it; a pool4 address that
 * is also the host's receives it as any packet to that address.
 *
 * br_netfilter runs these hooks for the frames a bridge forwards between
 * other hosts too, and calls them the host's: it says which were not.
 */
static inline bool nat64_xlat_for_host(const struct sk_buff *skb)
{
#if IS_ENABLED(CONFIG_BRIDGE_NETFILTER)
	const struct nf_bridge_info *nf_bridge = nf_bridge_info_get(skb);

	if (nf_bridge && nf_bridge->pkt_otherhost)
		return false;
#endif
	return skb->pkt_type == PACKET_HOST;
}

/*
 * What ip_forward() and ip6_forward() ask of a packet first: the IPsec
 * policy for forwarded traffic (dir fwd) takes it as it came, in the
 * clear or through its SAs.  One test when no such policy exists.  The
 * security path stays with the packet (segments of a GSO packet are
 * checked again) until it leaves translated (nat64_route_output()).
 *
 * Unlike the forwarding path's check, this one runs before routing: an
 * interface's disable_policy, and fwd policies bound to an output
 * device, do not apply.
 */
static inline bool nat64_xlat_policy_ok(struct sk_buff *skb, u16 family)
{
	return xfrm_policy_check(NULL, XFRM_POLICY_FWD, skb, family);
}

/*
 * After the IP header is replaced in place, the link-layer header that
 * came in (or the bytes where it was) belongs to the other family: as the
 * kernel's own layer-3 tunnels do, the packet is left with an empty one
 * at its network header, until the output device writes its own.
 */
static inline void nat64_reset_mac(struct sk_buff *skb)
{
	skb_reset_mac_header(skb);
	skb_reset_mac_len(skb);
}

#endif /* _NAT64_XLAT_H */
