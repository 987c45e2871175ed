// SPDX-License-Identifier: GPL-2.0
/*
 * Offloads on the path: which GSO and checksum-offload claims it may
 * believe, IPv6 BIG TCP, and segmenting what it cannot translate whole.
 *
 * A GSO skb's shared info says how the stack would cut it: gso_type names
 * the transport protocol (TCPV4, TCPV6, UDP_L4...), gso_size the segment
 * payload.  From GRO the stack wrote that itself.  From a guest behind a
 * tap device, or a packet socket with a virtio-net header, the sender
 * wrote it: the kernel only marks the skb SKB_GSO_DODGY, with its headers
 * unchecked against the claim and gso_segs unset.  Believed, an ICMPv6
 * echo claiming TCPv6 GSO would reach skb_checksum_help() whole, which
 * warns (and panics with panic_on_warn).  So the claim must name the
 * packet's own transport protocol, and the kernel's own segmenters check
 * the rest of a DODGY packet before it is translated whole.
 */
#include <linux/netdevice.h>
#include <net/ipv6.h>

#include "compat.h"
#include "xlat.h"
#include "xlat64.h"
#include "xlat46.h"
#include "gso.h"
#include "xlat_hdr.h"

/* The transport protocol @type says the packet carries, or 0. */
static u8 gso_proto(unsigned int type, bool v6)
{
	unsigned int tcp = v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4;
	unsigned int any_tcp = SKB_GSO_TCPV4 | SKB_GSO_TCPV6;
	unsigned int udp = SKB_GSO_UDP_L4;

	/* A UDP tunnel (VXLAN, Geneve): the outer transport is UDP. */
	if (type & (SKB_GSO_UDP_TUNNEL | SKB_GSO_UDP_TUNNEL_CSUM))
		return IPPROTO_UDP;
	/*
	 * Outer protocols the translator never carries; and UFO (SKB_GSO_UDP,
	 * which an old guest's vnet header may still ask for), whose segments
	 * are IP fragments that no stateful translator can place one by one
	 * (and whose segmenter writes the headers of a shared packet).
	 */
	if (type & (SKB_GSO_FCOE | SKB_GSO_GRE | SKB_GSO_GRE_CSUM |
		    SKB_GSO_IPXIP4 | SKB_GSO_IPXIP6 | SKB_GSO_SCTP |
		    SKB_GSO_ESP | SKB_GSO_UDP))
		return 0;
	if ((type & any_tcp) == tcp && !(type & udp))
		return IPPROTO_TCP;
	if ((type & udp) && !(type & any_tcp))
		return IPPROTO_UDP;
	return 0;
}

/*
 * The segmenters' validate-only mode, as a device with GSO_ROBUST gets
 * it: offered every feature the packet asks for, they check its headers
 * against gso_size, set gso_segs from its length and cut nothing.
 */
static bool validate(struct sk_buff *skb)
{
	const netdev_features_t f = NETIF_F_SG | NETIF_F_HW_CSUM |
				    NETIF_F_FRAGLIST | NETIF_F_ALL_TSO |
				    NETIF_F_GSO_UDP_L4 | NETIF_F_GSO_ROBUST;
	u16 mac = skb->mac_header, mac_len = skb->mac_len;
	struct sk_buff *segs;

	segs = __skb_gso_segment(skb, f, true);
	/* It resets the link-layer header to the network one; undone. */
	skb->mac_header = mac;
	skb->mac_len = mac_len;
	if (segs) {
		if (!IS_ERR(segs))
			kfree_skb_list(segs);
		return false;
	}
	skb_shinfo(skb)->gso_type &= ~SKB_GSO_DODGY;
	return true;
}

/*
 * Checksum offload (CHECKSUM_PARTIAL): the sender left the transport
 * checksum to be finished at csum_start + csum_offset by whoever sends
 * the packet on.  The translator moves the network header in front of the
 * transport header and writes the new pseudo-header's sum where the
 * protocol keeps its checksum, so that is the only claim it can carry
 * across.  The stack's own senders and GRO make no other; a guest (tap,
 * virtio-net, a packet socket's vnet header) may say anything, which would
 * have the output path sum and write over the translated headers (a
 * WARN where the offset falls before the new header, a rewritten address
 * where it falls inside it).
 */
static bool csum_claim_valid(const struct sk_buff *skb, u8 proto)
{
	u16 field = nat64_l4_csum_off(proto);

	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return true;
	return field && skb->csum_offset == field &&
	       skb_checksum_start_offset(skb) == skb_transport_offset(skb);
}

static bool gso_valid(struct sk_buff *skb, u8 proto, bool v6)
{
	unsigned int type = skb_shinfo(skb)->gso_type;

	/* ICMP never matches: no GSO kind carries it. */
	if (gso_proto(type, v6) != proto)
		return false;
	/*
	 * A sender that offloads segmentation offloads the checksum too
	 * (virtio drivers set NEEDS_CSUM on every GSO packet).  Without
	 * that, nobody verified the checksum, and segmenting would write
	 * fresh, valid ones over whatever the sender got wrong.
	 */
	if (skb->ip_summed == CHECKSUM_NONE)
		return false;
	/*
	 * Only what will be translated whole needs checking here; the rest
	 * goes through nat64_gso_split(), where segmenting checks it.
	 */
	if (!(type & SKB_GSO_DODGY) || skb->ip_summed != CHECKSUM_PARTIAL ||
	    (type & (SKB_GSO_UDP_TUNNEL | SKB_GSO_UDP_TUNNEL_CSUM |
		     SKB_GSO_FRAGLIST | SKB_GSO_PARTIAL)))
		return true;
	return validate(skb);
}

bool nat64_offload_valid(struct sk_buff *skb, u8 proto, bool v6)
{
	if (!csum_claim_valid(skb, proto))
		return false;
	return !skb_is_gso(skb) || gso_valid(skb, proto, v6);
}

int nat64_gso_strip_jumbo(struct sk_buff *skb)
{
	const u32 hlen = sizeof(struct hop_jumbo_hdr);
	u32 noff = skb_network_offset(skb);
	struct hop_jumbo_hdr *jumbo;
	u8 nexthdr;
	int err;

	err = skb_ensure_writable(skb, noff + sizeof(struct ipv6hdr) + hlen);
	if (err)
		return err;
	jumbo = (struct hop_jumbo_hdr *)(ipv6_hdr(skb) + 1);
	nexthdr = jumbo->nexthdr;
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = csum_sub(skb->csum, csum_partial(jumbo, hlen, 0));
	/* The IPv6 header (and what precedes it) moves up over the option. */
	memmove(skb->data + hlen, skb->data, noff + sizeof(struct ipv6hdr));
	__skb_pull(skb, hlen);
	skb->network_header += hlen;
	ipv6_hdr(skb)->nexthdr = nexthdr;
	return 0;
}

/* Segment a GSO packet we cannot translate whole; each piece goes alone. */
unsigned int nat64_gso_split(const struct nat64_xlat *x, struct sk_buff *skb,
			     bool v6, bool hairpin)
{
	struct sk_buff *segs, *seg, *next;
	unsigned int v;

	/*
	 * Segmented in software (no features), checksums included.  The
	 * rx-path flavour for a packet without CHECKSUM_PARTIAL, which the
	 * tx path would warn about.  A DODGY packet is checked on the way.
	 */
	segs = __skb_gso_segment(skb, 0, skb->ip_summed == CHECKSUM_PARTIAL);
	if (IS_ERR_OR_NULL(segs))
		return nat64_drop(x, PTR_ERR(segs) == -ENOMEM ?
				  NAT64_STAT_DROP_NOMEM :
				  NAT64_STAT_DROP_BAD_GSO);
	consume_skb(skb);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		v = v6 ? nat64_xlat_6to4(x, seg) :
			 nat64_xlat_4to6(x, seg, hairpin);
		if (v == NF_STOLEN)
			continue;
		/* Not ours after all (the state said so): too late to say. */
		if (v == NF_ACCEPT)
			nat64_stat_inc(x->inst->stats, NAT64_STAT_DROP_NO_BIB);
		kfree_skb(seg);
	}
	return NF_STOLEN;
}
