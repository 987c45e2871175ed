/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The packet path between the hooks and the output: translation of one
 * packet each way (xlat64.c, xlat46.c), routing and sending in the other
 * family (route.c), IPv6 fragmentation of translated IPv4 packets
 * (frag.c), and GSO packets (gso.c).
 *
 * Every nat64_xlat_*() call ends in exactly one counter and one netfilter
 * verdict: NF_STOLEN (the packet left, translated, or was kept by the
 * state), NF_DROP (freed by netfilter) or NF_ACCEPT (not ours after all,
 * untouched and uncounted).
 */
#ifndef _NAT64_PATH_H
#define _NAT64_PATH_H

#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/dst.h>

#include "xlat.h"

/* Internal to the path: "not decided yet, go on". */
#define NAT64_CONTINUE	(NF_MAX_VERDICT + 1)

unsigned int nat64_xlat_6to4(const struct nat64_xlat *x, struct sk_buff *skb);
/*
 * @hairpin: @skb is the IPv4 translation of an IPv6 packet addressed to a
 * pool4 address (RFC 6146 3.8); it leaves as IPv6 and counts as HAIRPIN.
 */
unsigned int nat64_xlat_4to6(const struct nat64_xlat *x, struct sk_buff *skb,
			     bool hairpin);

/*
 * Route and send @skb, already IPv4 (an ICMP error translated by
 * nat64_icmp_err_6to4(), or a packet translated here), counting @ok;
 * hairpinned when its destination is a pool4 address.
 */
unsigned int nat64_out4(const struct nat64_xlat *x, struct sk_buff *skb,
			enum nat64_stat ok);
/* The same for IPv6 (ICMP errors translated by nat64_icmp_err_4to6()). */
unsigned int nat64_out6(const struct nat64_xlat *x, struct sk_buff *skb,
			enum nat64_stat ok);
/*
 * Segment a GSO packet whose kind cannot be translated whole and translate
 * each segment on its own (@v6: IPv6 -> IPv4; @hairpin as for
 * nat64_xlat_4to6()).  Consumes @skb.
 */
unsigned int nat64_gso_split(const struct nat64_xlat *x, struct sk_buff *skb,
			     bool v6, bool hairpin);
/*
 * Whether the GSO metadata of @skb, an IPv6 (@v6) or IPv4 packet of
 * transport protocol @proto, may be believed: the kind names that
 * protocol, and a DODGY packet (from an untrusted sender) that will be
 * translated whole passed the kernel's own checks, which also set its
 * gso_segs (gso.c).  False: drop it, NAT64_STAT_DROP_BAD_GSO.
 */
bool nat64_gso_valid(struct sk_buff *skb, u8 proto, bool v6);
/*
 * Removes the Hop-by-Hop jumbo option IPv6 BIG TCP GRO puts in front of
 * the TCP header (ipv6_has_hopopt_jumbo() says when), as the kernel's own
 * segmenter does; payload_len stays 0 until segmentation sets it.
 */
int nat64_gso_strip_jumbo(struct sk_buff *skb);

/*
 * A route in the other family, with a reference; ERR_PTR(-ENETUNREACH)
 * when there is none or it is not unicast, ERR_PTR(-EPERM) when it would
 * deliver the packet to this box.  From the instance's per-CPU cache when
 * it is still current (route.c).
 */
struct dst_entry *nat64_route4(const struct nat64_xlat *x,
			       const struct sk_buff *skb, __be32 saddr,
			       __be32 daddr, u8 proto, u8 tos);
struct dst_entry *nat64_route6(const struct nat64_xlat *x,
			       const struct sk_buff *skb,
			       const struct in6_addr *saddr,
			       const struct in6_addr *daddr, u8 proto);
/* Sheds the old family's metadata, attaches @dst and calls dst_output(). */
void nat64_send(struct net *net, struct sk_buff *skb, struct dst_entry *dst);

/*
 * Sends the IPv4 packet @skb (layer 4 already translated, checksum final)
 * as IPv6 fragments of @plan->frag_size payload bytes behind the header
 * @hdr6 nat64_hdr_4to6() wrote (RFC 7915 4.1).  @skb and the caller's
 * reference on @dst stay the caller's.  Returns the number of pieces sent,
 * or -ENOMEM when none was (a failure midway leaves a partial train the
 * receiver's reassembly discards).
 */
int nat64_frag6_send(struct net *net, struct sk_buff *skb,
		     const struct nat64_v4_info *info,
		     const struct nat64_v6_plan *plan, const u8 *hdr6,
		     struct dst_entry *dst);

/* The drop counter for a route that nat64_route4/6() refused. */
static inline enum nat64_stat nat64_route_stat(const struct dst_entry *err,
					       enum nat64_stat unreachable)
{
	return PTR_ERR(err) == -EPERM ? NAT64_STAT_DROP_TO_HOST : unreachable;
}

static inline unsigned int nat64_drop(const struct nat64_xlat *x,
				      enum nat64_stat why)
{
	nat64_stat_inc(x->inst->stats, why);
	return NF_DROP;
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

/* Layer-4 segment length of every GSO segment (TCP or UDP_L4 only). */
static inline u32 nat64_gso_l4_seglen(const struct sk_buff *skb)
{
	const struct skb_shared_info *si = skb_shinfo(skb);

	if (si->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6))
		return tcp_hdrlen(skb) + si->gso_size;
	return sizeof(struct udphdr) + si->gso_size;
}

#endif /* _NAT64_PATH_H */
