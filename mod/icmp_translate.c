// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP errors crossing the translator (RFC 7915 4.2-4.3 and 5.2-5.3, RFC
 * 6146 3.5-3.6): the skb side.  The error's first bytes are made linear
 * and parsed where they are (icmp_build.c), its quoted packet looked up in
 * the state without touching it, the MTU worked out against the routes,
 * and the translated packet built in the headroom in front of the error,
 * which then becomes the packet.  Errors are rare and small: this path
 * may reallocate the skb's head for that room, the packet path of a flow
 * does not.
 *
 * Outer addresses.
 *
 * 4->6: the ICMPv4 error comes from R, a router or Z itself, and goes to
 * T; the ICMPv6 one goes to X' from R embedded in pool6, so traceroute6
 * shows the IPv4 hops.  Choice: RFC 6052 3.1 forbids embedding a
 * non-global R in the Well-Known Prefix; the error then comes from T (the
 * translator's own pool4 address, RFC 6791 in spirit) embedded instead,
 * because dropping it would also drop Fragmentation Needed from routers
 * with private addresses and black-hole path MTU discovery.  Only when T
 * is not global either is it dropped (NAT64_STAT_DROP_NONGLOBAL4).
 *
 * 6->4: the ICMPv6 error comes from X' or an IPv6 router and goes to Y';
 * the ICMPv4 error goes to Z and, by default, comes from T, the pool4
 * address of the session (RFC 6146 3.6: the outgoing tuple of the quoted
 * packet, reversed).  X' has T as its IPv4 form through its BIB entry;
 * an IPv6 router has none, and without a pool every IPv6 hop of a
 * traceroute from the IPv4 side shows as T, which is the address the
 * IPv4 host talks to and the one its filters accept.  Choice: T also when
 * the IPv6 source lies in pool6 (it stands for an IPv4 host that cannot
 * be on the IPv6 side; addrs6() in xlat64.c drops such sources first).
 *
 * RFC 6791 (icmp-src-pool4): the source of an error from an address that
 * has no IPv4 form comes from a pool of the translator's IPv4 addresses,
 * chosen at random (section 5 RECOMMENDS it, so that two hops of one
 * traceroute seldom look like a loop).  When the pool is set, an error
 * whose IPv6 source is neither in pool6 nor X' itself (the quoted
 * packet's destination, whose errors such as port unreachable keep T, so
 * a traceroute's last hop is the address it traced) comes from an
 * address of the pool, drawn with get_random_u32() for each error.  No
 * state and no mapping from router to address: the RFC asks for a random
 * choice, not a stable one, so one router's errors may come from several
 * addresses.  The RFC 5837 extension naming the IPv6 source (its section
 * 4) is not added.  Every address of the prefix is used, as in pool4.
 */
#include <linux/random.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/ip6_route.h>

#include "xlat.h"

#include "addr.h"
#include "icmp_build.h"
#include "pool4.h"		/* nat64_pool4_has(): the state's own rule */
#include "icmp_translate.h"
#include "state.h"
#include "xlat_hdr.h"

/*
 * The received error as far as a translation can use it: headers, an RFC
 * 4884 datagram field of up to 255 words, and extensions that fit the
 * translated error.
 */
#define ERR_IN_MAX	(4096 - NAT64_ICMP6_ERR_MAX)

static enum nat64_stat verdict_stat(enum nat64_icmp_err_verdict v, bool v6)
{
	switch (v) {
	case NAT64_ICMP_ERR_TYPE:
		return NAT64_STAT_DROP_ICMP_TYPE;
	case NAT64_ICMP_ERR_PROTO:
		return v6 ? NAT64_STAT_DROP_PROTO6 : NAT64_STAT_DROP_PROTO4;
	case NAT64_ICMP_ERR_TTL:
		return v6 ? NAT64_STAT_DROP_HOP_LIMIT : NAT64_STAT_DROP_TTL;
	case NAT64_ICMP_ERR_FRAGMENTED:
		return NAT64_STAT_DROP_ICMP_FRAGMENTED;
	default:
		return v6 ? NAT64_STAT_DROP_MALFORMED6 :
			    NAT64_STAT_DROP_MALFORMED4;
	}
}

static struct nat64_xlat_cfg xlat_cfg(const struct nat64_globals *g)
{
	struct nat64_xlat_cfg cfg = {
		.tos_override = g->tos_override,
		.tos = g->tos,
		.lowest_ipv6_mtu = g->lowest_ipv6_mtu,
	};

	return cfg;
}

static u8 state_proto(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return NAT64_PROTO_TCP;
	case IPPROTO_UDP:
		return NAT64_PROTO_UDP;
	}
	return NAT64_PROTO_ICMP;
}

/*
 * The next-hop MTUs of RFC 7915's minimum(advertised MTU+20,
 * MTU_of_IPv6_nexthop, MTU_of_IPv4_nexthop+20) and its 6->4 mirror; 0
 * when unknown.  Choice: the RFC does not say next hop towards whom.
 * Here it is the hops the session's packets take: towards X' on the IPv6
 * side and towards Z on the IPv4 side, both looked up in the instance's
 * namespace (the error is rare; the lookups cost only on this path).
 */
static u32 route_mtu4(struct net *net, __be32 daddr)
{
	struct flowi4 fl4 = { .daddr = daddr };
	struct rtable *rt;
	u32 mtu;

	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return 0;
	mtu = dst_mtu(&rt->dst);
	ip_rt_put(rt);
	return mtu;
}

static u32 route_mtu6(struct net *net, const struct in6_addr *daddr)
{
	struct flowi6 fl6 = { .daddr = *daddr };
	struct dst_entry *dst;
	u32 mtu;

	dst = ip6_route_output(net, NULL, &fl6);
	mtu = dst->error ? 0 : dst_mtu(dst);
	dst_release(dst);
	return mtu;
}

static bool in_pool6(const struct nat64_instance *inst,
		     const struct in6_addr *addr)
{
	return !memcmp(addr, &inst->pool6, inst->pool6_len / 8);
}

/*
 * The quoted packet went 4->6: (Y',y) -> (X',x).  Its session, looked up
 * the way a packet from X' to Y' would be, gives (T,t) -> (Z,z); the quote
 * becomes (Z,z) -> (T,t) and the error goes from T to Z.
 */
static bool lookup_6to4(const struct nat64_xlat *x,
			const struct nat64_icmp_quote *q,
			struct nat64_icmp_rewrite *rw)
{
	struct nat64_tuple6 in = {
		.src = q->dst6,
		.dst = q->src6,
		.sport = q->dport,
		.dport = q->sport,
		.proto = state_proto(q->proto),
	};
	struct nat64_tuple4 out;

	if (!in_pool6(x->inst, &q->src6) ||
	    !nat64_state_find_6to4(x->inst, &in, &out))
		return false;
	rw->isrc4 = out.dst;
	rw->idst4 = out.src;
	rw->isport = out.dport;
	rw->idport = out.sport;
	rw->saddr4 = out.src;
	rw->daddr4 = out.dst;
	return true;
}

/*
 * The quoted packet went 6->4: (T,t) -> (Z,z).  Looked up the way a packet
 * from Z to T would be, its session gives (Y',y) -> (X',x); the quote
 * becomes (X',x) -> (Y',y) and the error goes to X'.
 */
static bool lookup_4to6(const struct nat64_xlat *x,
			const struct nat64_icmp_quote *q,
			struct nat64_icmp_rewrite *rw)
{
	struct nat64_tuple4 in = {
		.src = q->dst4,
		.dst = q->src4,
		.sport = q->dport,
		.dport = q->sport,
		.proto = state_proto(q->proto),
	};
	struct nat64_tuple6 out;

	if (!nat64_state_find_4to6(x->inst, &in, &out))
		return false;
	rw->isrc6 = out.dst;
	rw->idst6 = out.src;
	rw->isport = out.dport;
	rw->idport = out.sport;
	rw->daddr6 = out.dst;
	return true;
}

/*
 * A pool4 address may also be the box's own, serving ssh on port 22 next
 * to the translator's ports (state.h, NAT64_STATE_ACCEPT).  An error that
 * finds no session and quotes a packet the translator could not have sent
 * (a port outside every pool4 range of its protocol, or a protocol it does
 * not translate) is about the host's own traffic: the stack gets it back,
 * so that path MTU discovery keeps working for the host's connections.
 */
static bool host_own(const struct nat64_instance *inst,
		     const struct nat64_icmp_quote *q)
{
	return !nat64_pool4_has(rcu_dereference(inst->pool4),
				state_proto(q->proto), q->src4, ntohs(q->sport));
}

/* The IPv6 source of a translated ICMPv4 error: see the top of the file. */
static bool source_4to6(const struct nat64_instance *inst, __be32 router,
			__be32 pool4, struct in6_addr *saddr)
{
	bool wkp = nat64_pool6_is_wkp(&inst->pool6, inst->pool6_len);

	if (wkp && nat64_addr_v4_nonglobal(router))
		router = pool4;
	if (wkp && nat64_addr_v4_nonglobal(router))
		return false;
	nat64_addr_4to6(&inst->pool6, inst->pool6_len, router, saddr);
	return true;
}

/* The IPv4 source of a translated ICMPv6 error: see the top of the file. */
static __be32 source_6to4(const struct nat64_xlat *x,
			  const struct in6_addr *router,
			  const struct nat64_icmp_quote *q, __be32 pool4)
{
	const struct nat64_globals *g = x->g;
	u32 host;

	if (!g->icmp_src_plen || in_pool6(x->inst, router) ||
	    ipv6_addr_equal(router, &q->dst6))
		return pool4;
	host = get_random_u32() & ~nat64_pool4_mask(g->icmp_src_plen);
	return g->icmp_src_addr | htonl(host);
}

/*
 * The error's first bytes (at most ERR_IN_MAX) linear, and a private head
 * with @room bytes before the network header (the hooks see it at
 * skb->data) for the translation, and a link-layer header's worth more
 * for the way out.  The packet itself is unchanged, so that it can still
 * be handed back to the stack.  Returns how many bytes there are to
 * parse, 0 without memory.
 */
static u32 make_room(struct sk_buff *skb, u32 room)
{
	u32 off = skb_network_offset(skb);
	u32 len = min_t(u32, skb->len - off, ERR_IN_MAX);

	if (!pskb_may_pull(skb, off + len) ||
	    skb_cow(skb, room + LL_MAX_HEADER))
		return 0;
	return len;
}

/*
 * The translated packet, @len bytes at @out in the headroom, becomes the
 * packet: an @proto one whose transport header follows @hdr_len bytes of
 * IP header.  The error it replaces is trimmed off behind it.
 */
static int take_translation(struct sk_buff *skb, void *out, u32 len,
			    __be16 proto, u32 hdr_len)
{
	int err;

	skb->ip_summed = CHECKSUM_NONE;
	__skb_push(skb, skb->data - (u8 *)out);
	err = pskb_trim(skb, len);
	if (err)
		return err;
	skb->protocol = proto;
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, hdr_len);
	/* A new packet of the other family: one segment, no link header. */
	skb_gso_reset(skb);
	nat64_reset_mac(skb);
	return 0;
}

/* RFC 5508 REQ-3: an error whose own checksum is wrong is dropped. */
static bool icmp_csum_ok(struct sk_buff *skb, u32 l4_off, u8 proto, u8 pf)
{
	return !nf_checksum(skb, NF_INET_PRE_ROUTING,
			    skb_network_offset(skb) + l4_off, proto, pf);
}

static int translate_6to4(const struct nat64_xlat *x, struct sk_buff *skb,
			  const struct nat64_v6_info *info, enum nat64_stat *why)
{
	struct nat64_icmp_rewrite rw = { .cfg = xlat_cfg(x->g) };
	enum nat64_icmp_err_verdict v;
	struct nat64_icmp_quote q;
	const struct ipv6hdr *in;
	struct in6_addr router;
	struct iphdr *out;
	u32 len;

	len = make_room(skb, NAT64_ICMP4_ERR_MAX);
	if (!len) {
		*why = NAT64_STAT_DROP_NOMEM;
		return -ENOMEM;
	}
	in = ipv6_hdr(skb);
	v = nat64_icmp_err_parse6(in, len, info, &q);
	if (v) {
		*why = verdict_stat(v, true);
		return -EINVAL;
	}
	if (!lookup_6to4(x, &q, &rw)) {
		*why = NAT64_STAT_DROP_ICMP_ERR_NO_STATE;
		return -ENOENT;
	}
	router = in->saddr;
	rw.saddr4 = source_6to4(x, &router, &q, rw.saddr4);
	if (q.verdict == NAT64_ICMP_ERROR_PTB)
		rw.mtu = nat64_icmp_mtu_6to4(q.value, q.frag,
					     route_mtu4(x->net, rw.daddr4),
					     route_mtu6(x->net, &q.dst6));
	rw.id = get_random_u16();
	out = (struct iphdr *)(skb_network_header(skb) - NAT64_ICMP4_ERR_MAX);
	len = nat64_icmp_err_build4(in, info, &q, &rw, out, &v);
	if (!len) {
		*why = verdict_stat(v, true);
		return -EINVAL;
	}
	if (take_translation(skb, out, len, htons(ETH_P_IP),
			     sizeof(struct iphdr))) {
		*why = NAT64_STAT_DROP_NOMEM;
		return -ENOMEM;
	}
	return 0;
}

int nat64_icmp_err_6to4(const struct nat64_xlat *x, struct sk_buff *skb,
			const struct nat64_v6_info *info, enum nat64_stat *why)
{
	if (!icmp_csum_ok(skb, info->l4_off, IPPROTO_ICMPV6, NFPROTO_IPV6)) {
		*why = NAT64_STAT_DROP_MALFORMED6;
		return -EINVAL;
	}
	return translate_6to4(x, skb, info, why);
}

static int translate_4to6(const struct nat64_xlat *x, struct sk_buff *skb,
			  const struct nat64_v4_info *info, enum nat64_stat *why)
{
	struct nat64_icmp_rewrite rw = { .cfg = xlat_cfg(x->g) };
	enum nat64_icmp_err_verdict v;
	struct nat64_icmp_quote q;
	const struct iphdr *in;
	struct ipv6hdr *out;
	__be32 router;
	u32 len;

	len = make_room(skb, NAT64_ICMP6_ERR_MAX);
	if (!len) {
		*why = NAT64_STAT_DROP_NOMEM;
		return -ENOMEM;
	}
	in = ip_hdr(skb);
	v = nat64_icmp_err_parse4(in, len, info, &q);
	if (v) {
		*why = verdict_stat(v, false);
		return v == NAT64_ICMP_ERR_PROTO ? 1 : -EINVAL;
	}
	if (!lookup_4to6(x, &q, &rw)) {
		*why = NAT64_STAT_DROP_ICMP_ERR_NO_STATE;
		return host_own(x->inst, &q) ? 1 : -ENOENT;
	}
	/*
	 * RFC 7915 4.1: the translator is a router and decrements TTL.  Only
	 * now: an error about the host's own traffic, above, is delivered
	 * locally, where TTL 1 is fine.  An expired error goes unanswered.
	 */
	if (in->ttl <= 1) {
		*why = NAT64_STAT_DROP_TTL;
		return -ETIMEDOUT;
	}
	router = in->saddr;
	if (!source_4to6(x->inst, router, q.src4, &rw.saddr6)) {
		*why = NAT64_STAT_DROP_NONGLOBAL4;
		return -EINVAL;
	}
	if (q.verdict == NAT64_ICMP_ERROR_PTB)
		rw.mtu = nat64_icmp_mtu_4to6((u16)q.value, q.tot_len,
					     route_mtu6(x->net, &rw.daddr6),
					     route_mtu4(x->net, q.dst4));
	out = (struct ipv6hdr *)(skb_network_header(skb) -
				 NAT64_ICMP6_ERR_MAX);
	len = nat64_icmp_err_build6(in, info, &q, &rw, out, &v);
	if (!len) {
		*why = verdict_stat(v, false);
		return -EINVAL;
	}
	if (take_translation(skb, out, len, htons(ETH_P_IPV6),
			     sizeof(struct ipv6hdr))) {
		*why = NAT64_STAT_DROP_NOMEM;
		return -ENOMEM;
	}
	return 0;
}

int nat64_icmp_err_4to6(const struct nat64_xlat *x, struct sk_buff *skb,
			const struct nat64_v4_info *info, enum nat64_stat *why)
{
	if (!icmp_csum_ok(skb, info->hdr_len, IPPROTO_ICMP, NFPROTO_IPV4)) {
		*why = NAT64_STAT_DROP_MALFORMED4;
		return -EINVAL;
	}
	return translate_4to6(x, skb, info, why);
}
