// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 6052 IPv4-embedded IPv6 addresses: prefix validation and the mapping
 * in both directions for every prefix length the RFC allows.
 */
#include "addr.h"
#include "nat64.h"

/* Bits 64-71 of an IPv4-embedded address (RFC 6052 section 2.2). */
#define U_OCTET 8

static bool len_allowed(u8 len)
{
	static const u8 lens[] = NAT64_POOL6_LENS;
	unsigned int i;

	for (i = 0; i < sizeof(lens); i++)
		if (lens[i] == len)
			return true;
	return false;
}

/*
 * Byte of the IPv6 address that holds byte @i (0-3) of the IPv4 address:
 * the IPv4 address follows the prefix and skips the u-octet.
 */
static unsigned int v4_byte_pos(u8 len, unsigned int i)
{
	unsigned int pos = len / 8 + i;

	return (pos >= U_OCTET && len != 96) ? pos + 1 : pos;
}

/*
 * Returns NULL when @prefix/@len can be a pool6 prefix, or the sentence
 * saying why it cannot.
 */
const char *nat64_pool6_check(const struct in6_addr *prefix, u8 len)
{
	unsigned int i;

	if (!len_allowed(len))
		return "pool6 prefix length must be 32, 40, 48, 56, 64 or 96";
	for (i = len / 8; i < 16; i++)
		if (prefix->s6_addr[i])
			return "pool6 prefix has host bits set";
	if (prefix->s6_addr[U_OCTET])
		return "pool6 prefix must have bits 64-71 (the RFC 6052 u-octet) zero";
	return NULL;
}

/* The IPv4 address embedded in @addr under a pool6 prefix of length @len. */
__be32 nat64_addr_6to4(const struct in6_addr *addr, u8 len)
{
	u8 v4[4];
	unsigned int i;
	__be32 out;

	for (i = 0; i < 4; i++)
		v4[i] = addr->s6_addr[v4_byte_pos(len, i)];
	memcpy(&out, v4, sizeof(out));
	return out;
}

/* @v4 embedded under @prefix/@len; the u-octet and suffix are zero. */
void nat64_addr_4to6(const struct in6_addr *prefix, u8 len, __be32 v4,
		     struct in6_addr *out)
{
	const u8 *b = (const u8 *)&v4;
	unsigned int i;

	memset(out, 0, sizeof(*out));
	memcpy(out->s6_addr, prefix->s6_addr, len / 8);
	for (i = 0; i < 4; i++)
		out->s6_addr[v4_byte_pos(len, i)] = b[i];
}
