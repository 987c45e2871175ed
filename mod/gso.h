/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Offloads on the way through (gso.c): whether their metadata may be
 * believed, and segmentation of GSO packets that cannot be translated
 * whole.
 */
#ifndef _NAT64_GSO_H
#define _NAT64_GSO_H

#include <linux/tcp.h>
#include <linux/udp.h>

#include "xlat.h"

/*
 * Segment a GSO packet whose kind cannot be translated whole and translate
 * each segment on its own (@v6: IPv6 -> IPv4; @hairpin as for
 * nat64_xlat_4to6()).  Consumes @skb.
 */
unsigned int nat64_gso_split(const struct nat64_xlat *x, struct sk_buff *skb,
			     bool v6, bool hairpin);
/*
 * Whether the offload metadata of @skb, an IPv6 (@v6) or IPv4 packet of
 * transport protocol @proto whose transport header is set, may be
 * believed: a checksum left to finish (CHECKSUM_PARTIAL) starts at the
 * transport header and goes where @proto keeps its checksum; a GSO kind
 * names @proto, and a DODGY packet (from an untrusted sender) that will
 * be translated whole passed the kernel's own checks, which also set its
 * gso_segs (gso.c).  False: drop it, NAT64_STAT_DROP_BAD_GSO.
 */
bool nat64_offload_valid(struct sk_buff *skb, u8 proto, bool v6);
/*
 * Removes the Hop-by-Hop jumbo option IPv6 BIG TCP GRO puts in front of
 * the TCP header (ipv6_has_hopopt_jumbo() says when), as the kernel's own
 * segmenter does; payload_len stays 0 until segmentation sets it.
 */
int nat64_gso_strip_jumbo(struct sk_buff *skb);

/* Layer-4 segment length of every GSO segment (TCP or UDP_L4 only). */
static inline u32 nat64_gso_l4_seglen(const struct sk_buff *skb)
{
	const struct skb_shared_info *si = skb_shinfo(skb);

	if (si->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6))
		return tcp_hdrlen(skb) + si->gso_size;
	return sizeof(struct udphdr) + si->gso_size;
}

#endif /* _NAT64_GSO_H */
