/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RFC 7915 IP header translation (sections 4.1 and 5.1) over the headers
 * where they lie: the caller has pulled them into the linear area (of a
 * packet, or of an ICMP error's quote) and gets back a verdict, the facts
 * it needs to edit the packet, and the new IP header, checksum set,
 * written where it says.  Addresses come from the caller (RFC 6052
 * mapping, BIB and session lookups are not done here).
 *
 * Order of calls:
 *   IPv6 -> IPv4: nat64_v6_walk(), then nat64_hdr_6to4().
 *   IPv4 -> IPv6: nat64_v4_check(), then nat64_hdr_4to6() and, when the
 *                 plan says so, nat64_hdr_4to6_piece() for each fragment.
 *
 * What the new header does to the checksums of what it carries is at the
 * end of this file.  ICMP type/code and inner packets: icmp_map.h.
 */
#ifndef _NAT64_XLAT_HDR_H
#define _NAT64_XLAT_HDR_H

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>

/*
 * Bound of the IPv6 extension header walk.  RFC 8200 section 4.1 lets a
 * packet carry each extension header once, Destination Options twice: the
 * ones the walk skips or notes (Hop-by-Hop, Destination Options twice,
 * Routing, Fragment) come to 5 in a well-formed packet.  8 leaves room for
 * a repeated Routing header, which RFC 8200 does not forbid outright, while
 * bounding the work a crafted packet of 8-byte headers can cause (a 64 KiB
 * payload could otherwise hold 8000 of them).
 */
#define NAT64_XLAT_MAX_EXTHDRS	8

/*
 * RFC 7915 section 5.1: an unfragmented IPv6 packet becomes an IPv4 packet
 * with DF set only when it is larger than this (1280 - 20: it would not fit
 * the IPv6 minimum MTU once translated back with a Fragment Header).
 */
#define NAT64_DF_THRESHOLD	1260

/* What happens to the packet. */
enum nat64_xlat_verdict {
	NAT64_XLAT_OK = 0,	/* translate */
	NAT64_XLAT_DROP,	/* drop silently: malformed or untranslatable */
	NAT64_XLAT_PULL,	/* pull ->need bytes from the IP header and retry */
	/*
	 * Drop and answer ICMPv6 Time Exceeded 3/0 (6->4) or ICMPv4 Time
	 * Exceeded 11/0 (4->6): RFC 7915 4.1 and 5.1, the translator is a
	 * router and its TTL/Hop Limit decrement reached zero.
	 */
	NAT64_XLAT_TIME_EXCEEDED,
	/*
	 * Drop and answer ICMPv6 Parameter Problem 4/0, pointer ->pointer:
	 * a Routing header with Segments Left != 0 (RFC 7915 5.1, SHOULD).
	 */
	NAT64_XLAT_PARAM_PROB,
	/*
	 * Drop and answer ICMPv4 Destination Unreachable, Source Route Failed
	 * 3/5: an unexpired source route option (RFC 7915 4.1, SHOULD).
	 */
	NAT64_XLAT_SR_FAILED,
};

/* Configuration the header translation reads (globals of the instance). */
struct nat64_xlat_cfg {
	bool tos_override;	/* write @tos instead of copying TOS/TC */
	u8 tos;
	u32 lowest_ipv6_mtu;	/* RFC 7915 4.1 threshold, >= 1280 */
};

/* The IPv6 packet as the walk found it (offsets from the IPv6 header). */
struct nat64_v6_info {
	u8 proto;		/* upper-layer protocol, IPv6 numbering */
	u32 l4_off;		/* where the upper-layer header starts */
	u32 l4_len;		/* its length, data included */
	bool has_frag;		/* a Fragment Header is present */
	bool frag_mf;		/* its M flag */
	u32 frag_hoff;		/* where it starts */
	u16 frag_offset;	/* its Fragment Offset, in 8-byte units */
	u32 frag_id;		/* its Identification */
	u32 need;		/* PULL: bytes needed from the IPv6 header */
	u32 pointer;		/* PARAM_PROB: the ICMPv6 pointer */
};

/*
 * Walk the IPv6 header and extension headers at @ip6 (@len bytes of them
 * in memory) up to the upper-layer header (RFC 7915 5.1).  Never reads
 * beyond @len.  Only the first 8 bytes of a skipped header need be there.
 * Returns OK (@info filled), DROP, PULL (@info->need) or PARAM_PROB
 * (@info->pointer).
 */
enum nat64_xlat_verdict nat64_v6_walk(const struct ipv6hdr *ip6, u32 len,
				      struct nat64_v6_info *info);

/*
 * Write into @iph the IPv4 header (no options) translated from the IPv6
 * header @ip6 that nat64_v6_walk() described in @info (RFC 7915 5.1,
 * 5.1.1).  @id is the Identification to use when there is no Fragment
 * Header (from the caller's generator).  Returns OK, TIME_EXCEEDED or DROP
 * (translation longer than 65535 bytes).
 */
enum nat64_xlat_verdict nat64_hdr_6to4(const struct ipv6hdr *ip6,
				       const struct nat64_v6_info *info,
				       __be32 saddr, __be32 daddr, u16 id,
				       const struct nat64_xlat_cfg *cfg,
				       struct iphdr *iph);

/* The IPv4 packet as nat64_v4_check() found it. */
struct nat64_v4_info {
	u16 hdr_len;		/* IHL * 4 */
	u16 tot_len;
	u16 id;
	bool df;
	bool mf;
	u16 frag_offset;	/* in 8-byte units */
	u32 need;		/* PULL: bytes needed from the IPv4 header */
};

/*
 * Check the IPv4 header at @iph (@len bytes of it in memory; @pkt_len the
 * length of the whole packet) and its options (RFC 7915 4.1: ignored, but
 * an unexpired LSRR/SSRR makes SR_FAILED).  Never reads beyond @len.
 * Returns OK, DROP, PULL or SR_FAILED.
 */
enum nat64_xlat_verdict nat64_v4_check(const struct iphdr *iph, u32 len,
				       u32 pkt_len,
				       struct nat64_v4_info *info);

/* How the IPv6 packet is laid out (filled by nat64_hdr_4to6()). */
struct nat64_v6_plan {
	u16 hdr_len;		/* 40, or 48 with a Fragment Header */
	/*
	 * 0: one packet.  Otherwise the caller splits the IPv4 payload into
	 * pieces of at most this many bytes (a multiple of 8) and sends each
	 * after the header nat64_hdr_4to6_piece() rewrites for it (RFC 7915
	 * 4.1: DF clear and the result larger than lowest-ipv6-mtu).
	 */
	u16 frag_size;
};

/* What nat64_hdr_4to6() writes: the Fragment Header when planned. */
struct nat64_hdr6 {
	struct ipv6hdr ip6;
	struct frag_hdr frag;
};

/*
 * Write the IPv6 header, and the Fragment Header right behind it when the
 * plan has one, translated from the IPv4 header @iph (RFC 7915 4.1) into
 * @ip6 (room for a struct nat64_hdr6).  Returns OK, TIME_EXCEEDED or DROP
 * (a fragmented ICMPv4 message, which RFC 7915 does not translate).
 */
enum nat64_xlat_verdict nat64_hdr_4to6(const struct iphdr *iph,
				       const struct nat64_v4_info *info,
				       const struct in6_addr *saddr,
				       const struct in6_addr *daddr,
				       const struct nat64_xlat_cfg *cfg,
				       struct ipv6hdr *ip6,
				       struct nat64_v6_plan *plan);

/*
 * Rewrite the headers at @ip6 (from nat64_hdr_4to6() with a frag_size,
 * the Fragment Header behind) for the piece of the IPv4 payload at byte
 * @off, @len bytes long.
 */
void nat64_hdr_4to6_piece(struct ipv6hdr *ip6,
			  const struct nat64_v4_info *info, u32 off, u32 len);

/* Protocol numbers across: ICMP 1 <-> ICMPv6 58, the rest copied. */
u8 nat64_proto_6to4(u8 nexthdr);
u8 nat64_proto_4to6(u8 proto);

/*
 * The checksums of what the packet carries (RFC 7915 4.5 and 5.5): of a
 * TCP or UDP pseudo-header only the addresses change (length and
 * protocol are the same on both sides), so a checksum moves by the
 * difference of these two sums, with csum_replace_by_diff().
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

/*
 * RFC 7915 4.2 and 5.2: the ICMPv6 checksum covers a pseudo-header (next
 * header 58, @len the length of the ICMPv6 message), the ICMPv4 one does
 * not.  Its sum folded to 16 bits goes into or out of the checksum with
 * csum_replace2(check, 0, sum) or (check, sum, 0): the RFC 1624 update
 * (equation 3), so a wrong checksum stays exactly as wrong.
 */
static inline __be16 nat64_icmp6_pseudo(const struct in6_addr *saddr,
					const struct in6_addr *daddr, u32 len)
{
	return (__force __be16)~csum_ipv6_magic(saddr, daddr, len,
						IPPROTO_ICMPV6, 0);
}

/*
 * Where transport protocol @proto keeps its checksum, from the start of
 * its header; 0 for a protocol the translator does not carry.
 */
static inline u16 nat64_l4_csum_off(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return offsetof(struct tcphdr, check);
	case IPPROTO_UDP:
		return offsetof(struct udphdr, check);
	case IPPROTO_ICMP:
		return offsetof(struct icmphdr, checksum);
	case IPPROTO_ICMPV6:
		return offsetof(struct icmp6hdr, icmp6_cksum);
	}
	return 0;
}

#endif /* _NAT64_XLAT_HDR_H */
