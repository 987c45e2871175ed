/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RFC 7915 ICMP translation as plain functions of header fields: what an
 * ICMP message becomes on the other side, and the numbers (MTU, pointer,
 * RFC 4884 length, truncation) the datapath writes into it.  All values are
 * in host byte order; the caller converts on the way in and out.
 */
#ifndef _NAT64_ICMP_MAP_H
#define _NAT64_ICMP_MAP_H

#include "pure.h"

/*
 * What the translated message needs besides its new type and code; the
 * difference is what bytes 4-7 of the ICMP header (the "rest of header")
 * hold on the way out.
 */
enum nat64_icmp_verdict {
	NAT64_ICMP_DROP = 0,		/* RFC 7915: silently drop */
	NAT64_ICMP_INFO,		/* echo: identifier and sequence kept */
	NAT64_ICMP_ERROR,		/* zero but for the RFC 4884 length */
	NAT64_ICMP_ERROR_PTB,		/* an MTU: nat64_icmp_mtu_*() */
	NAT64_ICMP_ERROR_POINTER,	/* a pointer: nat64_icmp_ptr_*() */
	/* ICMPv4 Protocol Unreachable: pointer at the IPv6 Next Header */
	NAT64_ICMP_ERROR_NEXTHDR,
};

enum nat64_icmp_verdict nat64_icmp_4to6(u8 type, u8 code, u8 *type6,
					u8 *code6);
enum nat64_icmp_verdict nat64_icmp_6to4(u8 type, u8 code, u8 *type4,
					u8 *code4);

bool nat64_icmp_ptr_4to6(u8 ptr4, u32 *ptr6);
bool nat64_icmp_ptr_6to4(u32 ptr6, u8 *ptr4);

/* Path MTU (RFC 7915 4.2 and 5.2; RFC 1191 section 7). */
u16 nat64_icmp_plateau(u16 tot_len);
u32 nat64_icmp_mtu_4to6(u16 mtu4, u16 tot_len, u32 nexthop6_mtu,
			u32 nexthop4_mtu);
u16 nat64_icmp_mtu_6to4(u32 mtu6, bool frag_hdr, u32 nexthop4_mtu,
			u32 nexthop6_mtu);

/*
 * Size of a translated ICMP error, whole IP packet included: RFC 4443
 * section 2.4 (c) for ICMPv6, RFC 1812 section 4.3.2.3 for ICMPv4.  The
 * translator writes a bare IP header, hence the room left after it and the
 * 8-byte ICMP header.
 */
#define NAT64_ICMP6_ERR_MAX		IPV6_MIN_MTU
#define NAT64_ICMP4_ERR_MAX		576
#define NAT64_ICMP6_ERR_ROOM		(NAT64_ICMP6_ERR_MAX - 40 - 8)
#define NAT64_ICMP4_ERR_ROOM		(NAT64_ICMP4_ERR_MAX - 20 - 8)

/*
 * RFC 4884: the length attribute sits in byte 5 of an ICMPv4 header and
 * byte 4 of an ICMPv6 one (un.reserved[1], icmp6_datagram_len), and counts
 * the original datagram field in words of 4 and 8 bytes.  A field followed
 * by extensions holds at least 128 bytes.
 */
#define NAT64_ICMP4_LEN_UNIT		4
#define NAT64_ICMP6_LEN_UNIT		8
#define NAT64_ICMP_EXT_MIN_ORIG		128

bool nat64_icmp4_has_len(u8 type);
bool nat64_icmp6_has_len(u8 type);
void nat64_icmp4_ext_split(u8 len, u32 payload, u32 *orig, u32 *ext);
void nat64_icmp6_ext_split(u8 len, u32 payload, u32 *orig, u32 *ext);

/*
 * The body of a translated error: @orig bytes of the translated original
 * datagram, @pad zero bytes, then @ext bytes of the extension structure
 * copied opaque; @len goes into the length attribute.
 */
struct nat64_icmp_body {
	u32 orig;
	u32 pad;
	u32 ext;
	u8 len;
};

void nat64_icmp_body_4to6(u32 orig, u32 ext, bool has_len,
			  struct nat64_icmp_body *b);
void nat64_icmp_body_6to4(u32 orig, u32 ext, bool has_len,
			  struct nat64_icmp_body *b);

#endif /* _NAT64_ICMP_MAP_H */
