/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RFC 7915 IP header translation (sections 4.1 and 5.1) as plain functions
 * over header bytes: the caller has pulled the headers into a linear buffer
 * and gets back a verdict, the facts it needs to edit the packet, and the
 * new IP header written into a buffer of its own.  Addresses come from the
 * caller (RFC 6052 mapping, BIB and session lookups are not done here).
 *
 * Order of calls:
 *   IPv6 -> IPv4: nat64_v6_walk(), then nat64_hdr_6to4().
 *   IPv4 -> IPv6: nat64_v4_check(), then nat64_hdr_4to6() and, when the
 *                 plan says so, nat64_hdr_4to6_piece() for each fragment.
 *
 * Checksums: csum_adj.h.  ICMP type/code and inner packets: icmp_map.h.
 */
#ifndef _NAT64_XLAT_HDR_H
#define _NAT64_XLAT_HDR_H

#include "pure.h"

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
 * Walk the IPv6 header and extension headers at @buf (@len bytes available,
 * the IPv6 header first) up to the upper-layer header (RFC 7915 5.1).
 * Never reads @buf beyond @len.  Only the first 8 bytes of a skipped header
 * need be in @buf.  Returns OK (@info filled), DROP, PULL (@info->need) or
 * PARAM_PROB (@info->pointer).
 */
enum nat64_xlat_verdict nat64_v6_walk(const u8 *buf, u32 len,
				      struct nat64_v6_info *info);

/*
 * Write the IPv4 header (20 bytes at @ip4) translated from the IPv6 header
 * at @ip6 that nat64_v6_walk() described in @info (RFC 7915 5.1, 5.1.1).
 * @id is the Identification to use when there is no Fragment Header (from
 * the caller's generator).  Returns OK, TIME_EXCEEDED or DROP (translation
 * longer than 65535 bytes).
 */
enum nat64_xlat_verdict nat64_hdr_6to4(const u8 *ip6,
				       const struct nat64_v6_info *info,
				       __be32 saddr, __be32 daddr, u16 id,
				       const struct nat64_xlat_cfg *cfg,
				       u8 *ip4);

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
 * Check the IPv4 header at @buf (@len bytes available; @pkt_len the length
 * of the whole packet) and its options (RFC 7915 4.1: ignored, but an
 * unexpired LSRR/SSRR makes SR_FAILED).  Returns OK, DROP, PULL or
 * SR_FAILED.
 */
enum nat64_xlat_verdict nat64_v4_check(const u8 *buf, u32 len, u32 pkt_len,
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

/*
 * Write the IPv6 header, and the Fragment Header when the plan has one,
 * translated from the IPv4 header at @ip4 (RFC 7915 4.1) into @ip6 (room
 * for 48 bytes).  Returns OK, TIME_EXCEEDED or DROP (a fragmented ICMPv4
 * message, which RFC 7915 does not translate).
 */
enum nat64_xlat_verdict nat64_hdr_4to6(const u8 *ip4,
				       const struct nat64_v4_info *info,
				       const struct in6_addr *saddr,
				       const struct in6_addr *daddr,
				       const struct nat64_xlat_cfg *cfg,
				       u8 *ip6, struct nat64_v6_plan *plan);

/*
 * Rewrite the 48 bytes at @ip6 (from nat64_hdr_4to6() with a frag_size)
 * for the piece of the IPv4 payload at byte @off, @len bytes long.
 */
void nat64_hdr_4to6_piece(u8 *ip6, const struct nat64_v4_info *info,
			  u32 off, u32 len);

/* Protocol numbers across: ICMP 1 <-> ICMPv6 58, the rest copied. */
u8 nat64_proto_6to4(u8 nexthdr);
u8 nat64_proto_4to6(u8 proto);

#endif /* _NAT64_XLAT_HDR_H */
