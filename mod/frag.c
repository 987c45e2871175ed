// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 fragmentation of translated IPv4 packets (RFC 7915 4.1): an IPv4
 * packet with DF clear that would be larger than lowest-ipv6-mtu once
 * translated leaves as IPv6 fragments that each fit it.  The stack's
 * ip6_fragment() is not used: it answers "too big" to the source, which
 * is the translator's own pool6 address here, and it takes the IPv6
 * Identification from its own generator while RFC 7915 wants the IPv4 one.
 *
 * Each piece is a fresh skb; this is the slow path of DF=0 packets above
 * the IPv6 minimum MTU, rare in practice (TCP sets DF).
 */
#include <linux/ipv6.h>
#include <linux/netdevice.h>

#include "frag.h"
#include "route.h"

static struct sk_buff *piece_alloc(const struct sk_buff *skb, u32 len,
				   const struct dst_entry *dst)
{
	const struct net_device *dev = dst->dev;
	struct sk_buff *piece;

	piece = alloc_skb(LL_RESERVED_SPACE(dev) + len + dev->needed_tailroom,
			  GFP_ATOMIC);
	if (!piece)
		return NULL;
	skb_reserve(piece, LL_RESERVED_SPACE(dev));
	piece->protocol = htons(ETH_P_IPV6);
	piece->priority = skb->priority;
	piece->mark = skb->mark;
	piece->dev = skb->dev;
	skb_copy_hash(piece, skb);
	return piece;
}

int nat64_frag6_send(struct net *net, struct sk_buff *skb,
		     const struct nat64_v4_info *info,
		     const struct nat64_v6_plan *plan,
		     const struct nat64_hdr6 *hdr6, struct dst_entry *dst)
{
	u32 src = skb_network_offset(skb) + info->hdr_len;
	u32 payload = info->tot_len - info->hdr_len;
	struct sk_buff_head pieces;
	struct sk_buff *piece;
	u32 off, len;
	struct ipv6hdr *ip6;
	int sent = 0;

	/*
	 * Every piece is made before any leaves: a datagram short of one
	 * piece is lost at its receiver, and must count as a drop here.
	 */
	__skb_queue_head_init(&pieces);
	for (off = 0; off < payload; off += len) {
		len = min_t(u32, payload - off, plan->frag_size);
		piece = piece_alloc(skb, plan->hdr_len + len, dst);
		if (!piece)
			goto err;
		__skb_queue_tail(&pieces, piece);
		skb_reset_network_header(piece);
		ip6 = skb_put_data(piece, hdr6, plan->hdr_len);
		nat64_hdr_4to6_piece(ip6, info, off, len);
		skb_set_transport_header(piece, plan->hdr_len);
		if (skb_copy_bits(skb, src + off, skb_put(piece, len), len))
			goto err;
	}
	while ((piece = __skb_dequeue(&pieces))) {
		nat64_route_output(net, piece, dst_clone(dst));
		sent++;
	}
	return sent;

err:
	__skb_queue_purge(&pieces);
	return -ENOMEM;
}
