/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The packet path between the hooks and the output: what its files share.
 * Translation of one packet each way (xlat64.h, xlat46.h), ICMP errors
 * crossing (icmp_translate.h) and originated (icmp_send.h), routing and
 * output in the other family (route.h), IPv6 fragmentation of translated
 * IPv4 packets (frag.h), GSO packets (gso.h).  Pure header arithmetic is
 * xlat_hdr.h, icmp_map.h, icmp_build.h and csum_adj.h.
 *
 * Every nat64_xlat_*() call ends in exactly one counter and one netfilter
 * verdict: NF_STOLEN (the packet left, translated, or was kept by the
 * state), NF_DROP (freed by netfilter) or NF_ACCEPT (not ours after all,
 * untouched and uncounted).
 */
#ifndef _NAT64_XLAT_H
#define _NAT64_XLAT_H

#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <net/checksum.h>

#include "instance.h"
#include "stats.h"
#include "state.h"
#include "xlat_hdr.h"

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

/*
 * RFC 7915 4.5 and 5.5: of a TCP or UDP pseudo-header only the addresses
 * change (length and protocol are the same on both sides), so a checksum
 * moves by the difference of these two sums.
 */
static inline __wsum nat64_csum_addrs6(const struct in6_addr *s,
				       const struct in6_addr *d)
{
	return csum_partial(d, sizeof(*d), csum_partial(s, sizeof(*s), 0));
}

static inline __wsum nat64_csum_addrs4(__be32 s, __be32 d)
{
	return csum_add((__force __wsum)s, (__force __wsum)d);
}

#endif /* _NAT64_XLAT_H */
