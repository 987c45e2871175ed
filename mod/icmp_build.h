/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ICMP errors: translating one that crosses the translator (RFC 7915
 * 4.2-4.3 and 5.2-5.3, RFC 6146 3.6) and building one the translator
 * originates (RFC 792, RFC 4443).  These work on the headers where they
 * lie (struct iphdr, ipv6hdr, icmphdr, icmp6hdr) in a linear area and
 * write the new packet into one the caller gives; icmp_translate.c and
 * icmp_send.c do the skbs, the state lookups and the routes.
 *
 * A crossing error is handled in two steps around the state lookup:
 *
 *   nat64_icmp_err_parse6/4()  what the error says and what it quotes:
 *                              the translated type and code, the quoted
 *                              packet's addresses and ports (or ICMP
 *                              identifier), where its pieces lie;
 *   nat64_icmp_err_build4/6()  the whole translated packet, outer header
 *                              to extensions, from the parse, the
 *                              addresses and ports the state gave, and
 *                              the MTU the caller worked out.
 *
 * Checksums are never recomputed over what the translator did not write:
 * the quoted transport checksum and an echo's are updated (RFC 1624) with
 * the stack's csum_replace*() helpers, so a wrong one stays as wrong.
 */
#ifndef _NAT64_ICMP_BUILD_H
#define _NAT64_ICMP_BUILD_H

#include <linux/icmp.h>
#include <linux/icmpv6.h>

#include "icmp_map.h"
#include "xlat_hdr.h"

/* Why a crossing error is not translated; each names a counter. */
enum nat64_icmp_err_verdict {
	NAT64_ICMP_ERR_OK = 0,
	NAT64_ICMP_ERR_MALFORMED,	/* truncated or inconsistent quote */
	NAT64_ICMP_ERR_TYPE,		/* untranslatable, or about an error */
	NAT64_ICMP_ERR_PROTO,		/* quotes a protocol without state */
	NAT64_ICMP_ERR_TTL,		/* outer TTL/Hop Limit ran out */
	NAT64_ICMP_ERR_FRAGMENTED,	/* the error itself is a fragment */
};

/*
 * What nat64_icmp_err_parse6/4() found.  Offsets count from the start of
 * the buffer (the outer IP header).  Addresses of the other family are
 * left zero.
 */
struct nat64_icmp_quote {
	u8 type;		/* translated outer type and code */
	u8 code;
	u8 verdict;		/* enum nat64_icmp_verdict, an ERROR_* one */
	u32 value;		/* POINTER: translated; PTB: MTU as received */
	u32 icmp_off;		/* outer ICMP header */
	u32 q_off;		/* quoted IP header */
	u32 q_len;		/* bytes of the quote to translate */
	u32 ext_off;		/* RFC 4884 extension structure ... */
	u32 ext_len;		/* ... and its length, 0 if none */
	u32 l4_off;		/* quoted transport header, from q_off */
	u32 l4_len;		/* its length in the quoted packet, not cut */
	u8 proto;		/* quoted protocol, this side's numbering */
	/* The quoted packet as sent, in its own family. */
	struct in6_addr src6, dst6;
	__be32 src4, dst4;
	__be16 sport, dport;	/* ports, or the ICMP identifier twice */
	bool frag;		/* 6->4: the quote has a Fragment Header */
	u16 tot_len;		/* 4->6: the quote's Total Length */
	struct nat64_v6_info i6;
	struct nat64_v4_info i4;
};

/* Addresses, ports and numbers the translated packet gets. */
struct nat64_icmp_rewrite {
	__be32 saddr4, daddr4;		/* outer, 6->4 */
	struct in6_addr saddr6, daddr6;	/* outer, 4->6 */
	__be32 isrc4, idst4;		/* quoted packet, 6->4 */
	struct in6_addr isrc6, idst6;	/* quoted packet, 4->6 */
	__be16 isport, idport;		/* quoted ports or identifier */
	u32 mtu;			/* PTB: the MTU to write */
	u16 id;				/* 6->4: outer Identification */
	struct nat64_xlat_cfg cfg;	/* TOS switch */
};

/*
 * @ip6 heads @len bytes of an IPv6 packet carrying an ICMPv6 error, which
 * nat64_v6_walk() described in @info; @len may be less than the packet.
 */
enum nat64_icmp_err_verdict nat64_icmp_err_parse6(const struct ipv6hdr *ip6,
					u32 len,
					const struct nat64_v6_info *info,
					struct nat64_icmp_quote *q);
/* The same for an IPv4 packet carrying an ICMPv4 error (nat64_v4_check()). */
enum nat64_icmp_err_verdict nat64_icmp_err_parse4(const struct iphdr *iph,
					u32 len,
					const struct nat64_v4_info *info,
					struct nat64_icmp_quote *q);

/*
 * Write the translated packet at @out (room for NAT64_ICMP4_ERR_MAX or
 * NAT64_ICMP6_ERR_MAX bytes); returns its length, or 0 with *why set.
 */
u32 nat64_icmp_err_build4(const struct ipv6hdr *ip6,
			  const struct nat64_v6_info *info,
			  const struct nat64_icmp_quote *q,
			  const struct nat64_icmp_rewrite *rw,
			  struct iphdr *out,
			  enum nat64_icmp_err_verdict *why);
u32 nat64_icmp_err_build6(const struct iphdr *iph,
			  const struct nat64_v4_info *info,
			  const struct nat64_icmp_quote *q,
			  const struct nat64_icmp_rewrite *rw,
			  struct ipv6hdr *out,
			  enum nat64_icmp_err_verdict *why);

/*
 * An echo crossing (RFC 7915 4.2 and 5.2), in a packet or quoted in an
 * error: its type, code and identifier become @type, @code and @id, and
 * its checksum follows (RFC 1624), taking in or leaving out the ICMPv6
 * pseudo-header of @saddr, @daddr and @len (the ICMPv6 message's length).
 */
void nat64_icmp_echo_4to6(struct icmphdr *ic, u8 type, u8 code, __be16 id,
			  const struct in6_addr *saddr,
			  const struct in6_addr *daddr, u32 len);
void nat64_icmp_echo_6to4(struct icmp6hdr *ic6, u8 type, u8 code, __be16 id,
			  const struct in6_addr *saddr,
			  const struct in6_addr *daddr, u32 len);

/*
 * Errors the translator originates.  _may_answer: false when no error may
 * be sent about the packet at @iph/@ip6 (@len bytes of it): it is an ICMP
 * error itself (or an unknown ICMP type, a redirect), a later fragment,
 * or its source cannot take an answer (unspecified, multicast, broadcast,
 * loopback).  RFC 1122 3.2.2, RFC 1812 4.3.2.7, RFC 4443 2.4.
 */
bool nat64_icmp4_may_answer(const struct iphdr *iph, u32 len);
bool nat64_icmp6_may_answer(const struct ipv6hdr *ip6, u32 len);

/*
 * The ICMP message (header and quote, checksum set) answering the packet
 * at @iph/@ip6 (@len bytes): at most NAT64_ICMP4_ERR_ROOM /
 * _ICMP6_ERR_ROOM bytes of quote, so that with the 20/40-byte IP header
 * the error fits in 576 / 1280 bytes.  @info is the MTU of Fragmentation
 * Needed and Packet Too Big, the pointer of Parameter Problem.  The
 * ICMPv6 checksum needs the addresses the error goes out with.  Returns
 * the message length.
 */
u32 nat64_icmp4_build_error(u8 type, u8 code, u32 info,
			    const struct iphdr *iph, u32 len,
			    struct icmphdr *out);
u32 nat64_icmp6_build_error(u8 type, u8 code, u32 info,
			    const struct ipv6hdr *ip6, u32 len,
			    const struct in6_addr *saddr,
			    const struct in6_addr *daddr,
			    struct icmp6hdr *out);

#endif /* _NAT64_ICMP_BUILD_H */
