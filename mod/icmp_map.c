// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 7915 ICMP translation, the part that depends on header fields only:
 * type and code mapping (sections 4.2 and 5.2), the Parameter Problem
 * pointer maps (figures 3 and 6), the Packet Too Big MTU, RFC 4884 lengths
 * and how much of the packet in error fits.  The datapath does the bytes.
 */
#include "icmp_map.h"

/* IPv6 header minus IPv4 header: what translation adds or removes. */
#define HDR_DIFF	((u32)(sizeof(struct ipv6hdr) - sizeof(struct iphdr)))
/* Pointer map entries with no counterpart ("n/a" in the RFC figures). */
#define PTR_NONE	0xff

struct icmp_row {
	u8 verdict;	/* enum nat64_icmp_verdict; DROP when left zero */
	u8 type;
	u8 code;
};

static u32 min_u32(u32 a, u32 b)
{
	return a < b ? a : b;
}

/* Interface MTUs the caller does not know are passed as 0 and skipped. */
static u32 min_known(u32 mtu, u32 nexthop)
{
	return nexthop ? min_u32(mtu, nexthop) : mtu;
}

static enum nat64_icmp_verdict apply(const struct icmp_row *row, u8 *type,
				     u8 *code)
{
	if (row->verdict != NAT64_ICMP_DROP) {
		*type = row->type;
		*code = row->code;
	}
	return row->verdict;
}

/* A message translated to @new_type/@code whatever the incoming code. */
static enum nat64_icmp_verdict map_to(u8 verdict, u8 new_type, u8 code,
				      u8 *type_out, u8 *code_out)
{
	struct icmp_row row = { verdict, new_type, code };

	return apply(&row, type_out, code_out);
}

/*
 * RFC 7915 section 4.2, Destination Unreachable, by code.  Codes 14 (host
 * precedence violation) and 16 up are silently dropped.
 */
static const struct icmp_row unreach_4to6[] = {
	[0] = { NAT64_ICMP_ERROR, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE },
	[1] = { NAT64_ICMP_ERROR, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE },
	[2] = { NAT64_ICMP_ERROR_NEXTHDR, ICMPV6_PARAMPROB,
		ICMPV6_UNK_NEXTHDR },
	[3] = { NAT64_ICMP_ERROR, ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH },
	[4] = { NAT64_ICMP_ERROR_PTB, ICMPV6_PKT_TOOBIG, 0 },
	[5] = { NAT64_ICMP_ERROR, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE },
	[6] = { NAT64_ICMP_ERROR, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE },
	[7] = { NAT64_ICMP_ERROR, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE },
	[8] = { NAT64_ICMP_ERROR, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE },
	[9] = { NAT64_ICMP_ERROR, ICMPV6_DEST_UNREACH, ICMPV6_ADM_PROHIBITED },
	[10] = { NAT64_ICMP_ERROR, ICMPV6_DEST_UNREACH, ICMPV6_ADM_PROHIBITED },
	[11] = { NAT64_ICMP_ERROR, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE },
	[12] = { NAT64_ICMP_ERROR, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE },
	[13] = { NAT64_ICMP_ERROR, ICMPV6_DEST_UNREACH, ICMPV6_ADM_PROHIBITED },
	[15] = { NAT64_ICMP_ERROR, ICMPV6_DEST_UNREACH, ICMPV6_ADM_PROHIBITED },
};

/* RFC 7915 section 5.2, Destination Unreachable; codes 5 up are dropped. */
static const struct icmp_row unreach_6to4[] = {
	[0] = { NAT64_ICMP_ERROR, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH },
	[1] = { NAT64_ICMP_ERROR, ICMP_DEST_UNREACH, ICMP_HOST_ANO },
	[2] = { NAT64_ICMP_ERROR, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH },
	[3] = { NAT64_ICMP_ERROR, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH },
	[4] = { NAT64_ICMP_ERROR, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH },
};

/* RFC 7915 section 4.2, Parameter Problem: codes 0 and 2 carry a pointer. */
static const struct icmp_row param_4to6[] = {
	[0] = { NAT64_ICMP_ERROR_POINTER, ICMPV6_PARAMPROB, ICMPV6_HDR_FIELD },
	[2] = { NAT64_ICMP_ERROR_POINTER, ICMPV6_PARAMPROB, ICMPV6_HDR_FIELD },
};

/*
 * RFC 7915 section 5.2, Parameter Problem: an unrecognised Next Header is
 * what IPv4 calls Protocol Unreachable; code 2 (unrecognised option) has
 * no IPv4 equivalent.
 */
static const struct icmp_row param_6to4[] = {
	[0] = { NAT64_ICMP_ERROR_POINTER, ICMP_PARAMETERPROB, 0 },
	[1] = { NAT64_ICMP_ERROR, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH },
};

static enum nat64_icmp_verdict by_code(const struct icmp_row *rows,
				       unsigned int n, u8 code, u8 *type,
				       u8 *code_out)
{
	return code < n ? apply(&rows[code], type, code_out) : NAT64_ICMP_DROP;
}

/*
 * RFC 7915 section 4.2.  Everything not named is dropped: Information,
 * Timestamp and Address Mask requests and replies (obsoleted in ICMPv6),
 * Router Advertisement and Solicitation, Redirect (single-hop), Source
 * Quench, Alternative Host Address and unknown types.  @type6 and @code6
 * are written only when the message is translated.
 */
enum nat64_icmp_verdict nat64_icmp_4to6(u8 type, u8 code, u8 *type6,
					u8 *code6)
{
	switch (type) {
	case ICMP_ECHO:
		return map_to(NAT64_ICMP_INFO, ICMPV6_ECHO_REQUEST,
			      code, type6, code6);
	case ICMP_ECHOREPLY:
		return map_to(NAT64_ICMP_INFO, ICMPV6_ECHO_REPLY,
			      code, type6, code6);
	case ICMP_DEST_UNREACH:
		return by_code(unreach_4to6, ARRAY_SIZE(unreach_4to6), code,
			       type6, code6);
	case ICMP_TIME_EXCEEDED:
		return map_to(NAT64_ICMP_ERROR, ICMPV6_TIME_EXCEED,
			      code, type6, code6);
	case ICMP_PARAMETERPROB:
		return by_code(param_4to6, ARRAY_SIZE(param_4to6), code,
			       type6, code6);
	}
	return NAT64_ICMP_DROP;
}

/*
 * RFC 7915 section 5.2.  Dropped: MLD (130-132) and Neighbor Discovery
 * (133-137), both single-hop, and unknown informational and error types.
 * @type4 and @code4 are written only when the message is translated.
 */
enum nat64_icmp_verdict nat64_icmp_6to4(u8 type, u8 code, u8 *type4,
					u8 *code4)
{
	switch (type) {
	case ICMPV6_ECHO_REQUEST:
		return map_to(NAT64_ICMP_INFO, ICMP_ECHO,
			      code, type4, code4);
	case ICMPV6_ECHO_REPLY:
		return map_to(NAT64_ICMP_INFO, ICMP_ECHOREPLY,
			      code, type4, code4);
	case ICMPV6_DEST_UNREACH:
		return by_code(unreach_6to4, ARRAY_SIZE(unreach_6to4), code,
			       type4, code4);
	case ICMPV6_PKT_TOOBIG:
		return map_to(NAT64_ICMP_ERROR_PTB, ICMP_DEST_UNREACH,
			      ICMP_FRAG_NEEDED, type4, code4);
	case ICMPV6_TIME_EXCEED:
		return map_to(NAT64_ICMP_ERROR, ICMP_TIME_EXCEEDED,
			      code, type4, code4);
	case ICMPV6_PARAMPROB:
		return by_code(param_6to4, ARRAY_SIZE(param_6to4), code,
			       type4, code4);
	}
	return NAT64_ICMP_DROP;
}

/*
 * RFC 7915 figure 3, by byte of the IPv4 header: Identification, flags,
 * fragment offset and checksum have no IPv6 field; options (20 up) are
 * not listed either.
 */
static const u8 ptr_4to6[20] = {
	0, 1, 4, 4, PTR_NONE, PTR_NONE, PTR_NONE, PTR_NONE,
	7, 6, PTR_NONE, PTR_NONE, 8, 8, 8, 8, 24, 24, 24, 24,
};

/*
 * RFC 7915 figure 6, by byte of the IPv6 header: the Flow Label has no
 * IPv4 field; extension headers and payload (40 up) are not listed.
 */
static const u8 ptr_6to4[40] = {
	0, 1, PTR_NONE, PTR_NONE, 2, 2, 9, 8,
	12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
	16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
};

/* False when the RFC says to drop: the field has no IPv6 counterpart. */
bool nat64_icmp_ptr_4to6(u8 ptr4, u32 *ptr6)
{
	if (ptr4 >= ARRAY_SIZE(ptr_4to6) || ptr_4to6[ptr4] == PTR_NONE)
		return false;
	*ptr6 = ptr_4to6[ptr4];
	return true;
}

/* False when the RFC says to drop: the field has no IPv4 counterpart. */
bool nat64_icmp_ptr_6to4(u32 ptr6, u8 *ptr4)
{
	if (ptr6 >= ARRAY_SIZE(ptr_6to4) || ptr_6to4[ptr6] == PTR_NONE)
		return false;
	*ptr4 = ptr_6to4[ptr6];
	return true;
}

/* RFC 1191 table 7-1, the plateaus, largest first. */
static const u16 plateaus[] = {
	65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68,
};

/*
 * RFC 1191 section 5: the greatest plateau below the Total Length of the
 * packet that was too big, or 0 when none is (Total Length 68 or less).
 * A 16-bit length never exceeds 65535, so the top plateau is never chosen.
 * RFC 1191 corrects lengths from 4.2BSD routers against the host's current
 * estimate; a translator has no estimate, so the length is taken as sent.
 */
u16 nat64_icmp_plateau(u16 tot_len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(plateaus); i++)
		if (plateaus[i] < tot_len)
			return plateaus[i];
	return 0;
}

/*
 * RFC 7915 section 4.2, Fragmentation Needed to Packet Too Big:
 *
 *   max(1280, min(@mtu4 + 20, @nexthop6_mtu, @nexthop4_mtu + 20))
 *
 * @mtu4 is the Next-Hop MTU of the ICMPv4 message and @tot_len the Total
 * Length of the IPv4 packet it quotes.  A router that predates RFC 1191
 * sends @mtu4 = 0; then "the greatest plateau value that is less than the
 * returned Total Length field, but that is larger than or equal to 1280"
 * stands in for it.  The plateau estimates an IPv4 path MTU, measured on
 * an IPv4 Total Length, so it goes through the same + 20 as an advertised
 * value would.  When no plateau qualifies the answer is the IPv6 minimum.
 * Interface MTUs the caller does not know are passed as 0.
 */
u32 nat64_icmp_mtu_4to6(u16 mtu4, u16 tot_len, u32 nexthop6_mtu,
			u32 nexthop4_mtu)
{
	u32 mtu;

	if (!mtu4) {
		mtu4 = nat64_icmp_plateau(tot_len);
		if (mtu4 < IPV6_MIN_MTU)
			return IPV6_MIN_MTU;
	}
	mtu = (u32)mtu4 + HDR_DIFF;
	mtu = min_known(mtu, nexthop6_mtu);
	/* An IPv4 MTU above 65535 means nothing: Total Length is 16 bits. */
	if (nexthop4_mtu)
		mtu = min_u32(mtu, min_u32(nexthop4_mtu, 0xffff) + HDR_DIFF);
	return mtu < IPV6_MIN_MTU ? IPV6_MIN_MTU : mtu;
}

static u32 sub_sat(u32 a, u32 b)
{
	return a > b ? a - b : 0;
}

/*
 * RFC 7915 section 5.2, Packet Too Big to Fragmentation Needed:
 *
 *   min(@mtu6 - 20, @nexthop4_mtu, @nexthop6_mtu - 20)
 *
 * "taking into account whether or not the packet in error includes a
 * Fragment Header": an IPv4 packet that was given one on its way to IPv6
 * grew by 28 bytes, not 20, so @frag_hdr makes both subtractions 28.
 * The result is kept within what the 16-bit field can say and no lower
 * than the IPv4 minimum MTU (RFC 791), which only a bogus PTB (below the
 * IPv6 minimum) would reach.  Interface MTUs not known are passed as 0.
 */
u16 nat64_icmp_mtu_6to4(u32 mtu6, bool frag_hdr, u32 nexthop4_mtu,
			u32 nexthop6_mtu)
{
	u32 diff = HDR_DIFF + (frag_hdr ? sizeof(struct frag_hdr) : 0);
	u32 mtu = sub_sat(mtu6, diff);

	mtu = min_known(mtu, nexthop4_mtu);
	if (nexthop6_mtu)
		mtu = min_u32(mtu, sub_sat(nexthop6_mtu, diff));
	if (mtu < IPV4_MIN_MTU)
		return IPV4_MIN_MTU;
	return min_u32(mtu, 0xffff);
}

/*
 * RFC 4884 section 4: Destination Unreachable, Time Exceeded and Parameter
 * Problem carry the length attribute in ICMPv4.
 */
bool nat64_icmp4_has_len(u8 type)
{
	return type == ICMP_DEST_UNREACH ||
	       type == ICMP_TIME_EXCEEDED ||
	       type == ICMP_PARAMETERPROB;
}

/*
 * RFC 4884 section 4: in ICMPv6 only Destination Unreachable and Time
 * Exceeded; Packet Too Big and Parameter Problem fill bytes 4-7 with an
 * MTU and a pointer, so translating into them loses the extensions.
 */
bool nat64_icmp6_has_len(u8 type)
{
	return type == ICMPV6_DEST_UNREACH ||
	       type == ICMPV6_TIME_EXCEED;
}

/*
 * Splits the @payload bytes after a received error's ICMP header into the
 * original datagram field and the extension structure.  A zero length
 * means no extensions (RFC 4884 sections 4 and 5).  A length under the
 * 128-byte minimum or past the end of the message is not one RFC 4884
 * allows; it is read as no extensions, so the bytes are quoted as the
 * datagram they might be rather than passed on as an extension they
 * cannot be.
 */
static void ext_split(u8 len, u32 unit, u32 payload, u32 *orig, u32 *ext)
{
	u32 field = (u32)len * unit;

	if (!len || field < NAT64_ICMP_EXT_MIN_ORIG || field > payload) {
		*orig = payload;
		*ext = 0;
		return;
	}
	*orig = field;
	*ext = payload - field;
}

void nat64_icmp4_ext_split(u8 len, u32 payload, u32 *orig, u32 *ext)
{
	ext_split(len, NAT64_ICMP4_LEN_UNIT, payload, orig, ext);
}

void nat64_icmp6_ext_split(u8 len, u32 payload, u32 *orig, u32 *ext)
{
	ext_split(len, NAT64_ICMP6_LEN_UNIT, payload, orig, ext);
}

static u32 trunc_to_unit(u32 n, u32 unit)
{
	return n - n % unit;
}

static void body_plain(u32 orig, u32 room, struct nat64_icmp_body *b)
{
	b->orig = min_u32(orig, room);
	b->pad = 0;
	b->ext = 0;
	b->len = 0;
}

/*
 * Lays out a translated error whose extensions are kept (RFC 7915 4.2 and
 * 5.2: "the ... Extension length attribute MUST be adjusted"): the
 * translated datagram padded with zeros to a whole number of words and to
 * at least 128 bytes (RFC 4884 section 4), then the extension structure.
 * When both do not fit in @room the datagram is cut, never the structure:
 * its checksum covers all of it (RFC 4884 section 7), so a cut one is
 * worth nothing.  When even a 128-byte datagram leaves no room, the
 * extensions are left out whole; that is this file's reading of RFC 7915's
 * "the ICMPv4 extension SHOULD be simply truncated".
 */
static void body_ext(u32 orig, u32 ext, u32 unit, u32 room,
		     struct nat64_icmp_body *b)
{
	u32 field = trunc_to_unit(min_u32(room, 255 * unit), unit);

	if (ext > field || field - ext < NAT64_ICMP_EXT_MIN_ORIG) {
		body_plain(orig, room, b);
		return;
	}
	field = trunc_to_unit(field - ext, unit);
	if (orig < field) {
		u32 want = orig + (unit - orig % unit) % unit;

		if (want < NAT64_ICMP_EXT_MIN_ORIG)
			want = NAT64_ICMP_EXT_MIN_ORIG;
		field = min_u32(field, want);
	}
	b->orig = min_u32(orig, field);
	b->pad = field - b->orig;
	b->ext = ext;
	b->len = field / unit;
}

/*
 * @orig: length of the original datagram once translated to IPv6 (the
 *	 bytes actually quoted, not the zero padding a 4884 sender added);
 * @ext: length of the received extension structure (0 if none);
 * @has_len: nat64_icmp6_has_len() of the translated type.
 */
void nat64_icmp_body_4to6(u32 orig, u32 ext, bool has_len,
			  struct nat64_icmp_body *b)
{
	if (!ext || !has_len)
		body_plain(orig, NAT64_ICMP6_ERR_ROOM, b);
	else
		body_ext(orig, ext, NAT64_ICMP6_LEN_UNIT,
			 NAT64_ICMP6_ERR_ROOM, b);
}

/* The same for ICMPv6 to ICMPv4: @has_len from nat64_icmp4_has_len(). */
void nat64_icmp_body_6to4(u32 orig, u32 ext, bool has_len,
			  struct nat64_icmp_body *b)
{
	if (!ext || !has_len)
		body_plain(orig, NAT64_ICMP4_ERR_ROOM, b);
	else
		body_ext(orig, ext, NAT64_ICMP4_LEN_UNIT,
			 NAT64_ICMP4_ERR_ROOM, b);
}
