/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internet checksum arithmetic for translation (RFC 1071, RFC 1624; RFC 7915
 * sections 4.5 and 5.5), as plain functions of bytes and values.
 *
 * Conventions.  A checksum field is handled as a u16 in host order holding
 * the field's two bytes read big-endian: (b[0] << 8) | b[1].  A "sum" is a
 * ones'-complement sum folded to 16 bits, in the same order (0 only for an
 * all-zero input).  Data is always summed as big-endian 16-bit words with an
 * odd trailing byte padded by a zero byte (RFC 1071).
 *
 * The incremental helpers apply RFC 1624 equation 3, HC' = ~(~HC + ~m + m'),
 * so a segment whose checksum was wrong before translation is exactly as
 * wrong after it: nothing is verified, nothing recomputed.
 */
#ifndef _NAT64_CSUM_ADJ_H
#define _NAT64_CSUM_ADJ_H

#include "pure.h"

/* Ones'-complement sum of @len bytes at @buf added to @sum (RFC 1071). */
u16 nat64_csum_add(u16 sum, const void *buf, size_t len);

/* Sum of the IPv6 pseudo-header (RFC 8200 8.1). */
u16 nat64_csum_pseudo6(const struct in6_addr *saddr,
		       const struct in6_addr *daddr, u8 nexthdr, u32 len);

/*
 * Reference (full) checksums: the value to write into the checksum field of
 * @seg (@len bytes: the transport header and its data), whose checksum field
 * the caller has set to zero.  _icmp4 has no pseudo-header (RFC 792).  None
 * of them applies the UDP rule of sending 0 as 0xffff: see nat64_csum_udp().
 */
u16 nat64_csum_full6(const struct in6_addr *saddr,
		     const struct in6_addr *daddr, u8 nexthdr,
		     const void *seg, u32 len);
u16 nat64_csum_icmp4(const void *msg, u16 len);

/*
 * Verification: the folded sum of @seg, checksum field included, and of the
 * pseudo-header.  0xffff means the checksum is right; any other value says
 * by how much it is wrong, and translation keeps that value.
 */
u16 nat64_csum_verify6(const struct in6_addr *saddr,
		       const struct in6_addr *daddr, u8 nexthdr,
		       const void *seg, u32 len);
u16 nat64_csum_verify_icmp4(const void *msg, u16 len);

/*
 * RFC 1624 equation 3: @check after the summed data changed from @old_sum to
 * @new_sum (both nat64_csum_add() sums), or from the 16-bit word @old to
 * @new (at an even offset of the checksummed data).
 */
u16 nat64_csum_adjust(u16 check, u16 old_sum, u16 new_sum);
u16 nat64_csum_replace16(u16 check, u16 old, u16 new);

/*
 * TCP and UDP (RFC 7915 sections 4.5 and 5.5): the pseudo-header changes
 * only by its addresses (the length is below 65536 and the protocol number
 * is the same on both sides), so these replace the two IPv6 addresses by the
 * two IPv4 ones or back.  Port (or identifier) changes: nat64_csum_replace16.
 * For UDP pass the result through nat64_csum_udp().  An IPv4 UDP checksum of
 * 0 means "none" and cannot be adjusted: the caller computes it with
 * nat64_csum_full6() (RFC 7915 4.5) and passes that through nat64_csum_udp().
 */
u16 nat64_csum_6to4(u16 check, const struct in6_addr *saddr6,
		    const struct in6_addr *daddr6, __be32 saddr4,
		    __be32 daddr4);
u16 nat64_csum_4to6(u16 check, __be32 saddr4, __be32 daddr4,
		    const struct in6_addr *saddr6,
		    const struct in6_addr *daddr6);

/* UDP sends a computed 0 as 0xffff (RFC 768; IPv6: RFC 8200 8.1). */
u16 nat64_csum_udp(u16 check);

/*
 * ICMP (RFC 7915 4.2 and 5.2): the ICMPv6 checksum covers a pseudo-header
 * (next header 58, length @len of the ICMPv6 message), the ICMPv4 one does
 * not.  These add it on the way to IPv6 and take it off on the way back;
 * the type/code word and any rewritten field go through
 * nat64_csum_replace16().
 */
u16 nat64_csum_icmp_4to6(u16 check, const struct in6_addr *saddr6,
			 const struct in6_addr *daddr6, u32 len);
u16 nat64_csum_icmp_6to4(u16 check, const struct in6_addr *saddr6,
			 const struct in6_addr *daddr6, u32 len);

#endif /* _NAT64_CSUM_ADJ_H */
