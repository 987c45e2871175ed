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
	/*
	 * The addresses made under the prefix are sources and destinations
	 * on the wire: they must be global unicast (RFC 4291 2.4), not the
	 * IPv4-mapped block the host's own stack gives meaning to.
	 */
	if (nat64_addr_v6_special(prefix) ||
	    (prefix->s6_addr32[0] | prefix->s6_addr32[1]) == 0)
		return "pool6 prefix must be global unicast (not ::/64, link-local, multicast or ::ffff:0:0/96)";
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

/* 64:ff9b::/96, the Well-Known Prefix (RFC 6052 section 2.1). */
bool nat64_pool6_is_wkp(const struct in6_addr *prefix, u8 len)
{
	static const u8 wkp[12] = { 0x00, 0x64, 0xff, 0x9b };

	return len == 96 && !memcmp(prefix->s6_addr, wkp, sizeof(wkp));
}

/*
 * RFC 6052 section 3.1: the Well-Known Prefix MUST NOT represent non-global
 * IPv4 addresses.  These are the blocks that cannot be reached across the
 * internet (RFC 6890 and its updates): "this network", RFC 1918 private
 * space, shared address space (RFC 6598), loopback, link local, the IETF
 * protocol assignments, benchmarking (RFC 2544), and multicast, reserved
 * and broadcast space.
 *
 * Inside 192.0.0.0/24, two anycast addresses are global (the IANA
 * special-purpose registry says "globally reachable"): 192.0.0.9, Port
 * Control Protocol anycast (RFC 7723), and 192.0.0.10, TURN anycast
 * (RFC 8155).
 *
 * Choice: the three documentation blocks (RFC 5737: 192.0.2.0/24,
 * 198.51.100.0/24, 203.0.113.0/24) count as global.  They exist to stand
 * in for global addresses in examples and test networks, and an operator
 * following an example with them expects the Well-Known Prefix to work.
 */
bool nat64_addr_v4_nonglobal(__be32 addr)
{
	static const struct {
		u32 net;
		u8 plen;
	} blocks[] = {
		{ 0x00000000, 8 },	/* 0.0.0.0/8 */
		{ 0x0a000000, 8 },	/* 10.0.0.0/8 */
		{ 0x64400000, 10 },	/* 100.64.0.0/10 */
		{ 0x7f000000, 8 },	/* 127.0.0.0/8 */
		{ 0xa9fe0000, 16 },	/* 169.254.0.0/16 */
		{ 0xac100000, 12 },	/* 172.16.0.0/12 */
		{ 0xc0000000, 24 },	/* 192.0.0.0/24 */
		{ 0xc0a80000, 16 },	/* 192.168.0.0/16 */
		{ 0xc6120000, 15 },	/* 198.18.0.0/15 */
		{ 0xe0000000, 3 },	/* 224.0.0.0/4, 240.0.0.0/4 */
	};
	u32 a = be32_to_cpu(addr);
	unsigned int i;

	if (a == 0xc0000009 || a == 0xc000000a)	/* 192.0.0.9, 192.0.0.10 */
		return false;
	for (i = 0; i < ARRAY_SIZE(blocks); i++)
		if ((a ^ blocks[i].net) >> (32 - blocks[i].plen) == 0)
			return true;
	return false;
}

/*
 * IPv4 addresses never translated to or from, whatever the pool6 prefix:
 * "this network" (0.0.0.0/8, the unspecified address among it), loopback
 * (127.0.0.0/8), link local (169.254.0.0/16), multicast (224.0.0.0/4),
 * and the reserved block with limited broadcast (240.0.0.0/4).  None can
 * name a host beyond this box's own links, so a packet to or from one
 * through the translator is either spoofed or meant for the box itself
 * (RFC 1122 3.2.1.3, RFC 3927, RFC 5771, RFC 6890).
 */
bool nat64_addr_v4_special(__be32 addr)
{
	u32 a = be32_to_cpu(addr);

	return (a >> 24) == 0 || (a >> 24) == 127 || (a >> 16) == 0xa9fe ||
	       (a >> 29) == 7;
}

/*
 * IPv6 addresses a translated packet never comes from: unspecified,
 * loopback, IPv4-mapped (RFC 4291 2.5.5.2, the host's own sockets' view
 * of IPv4), link local (fe80::/10; it does not leave its link, RFC 4291
 * 2.5.6) and multicast (never a source, RFC 4291 2.7).
 */
bool nat64_addr_v6_special(const struct in6_addr *a)
{
	const u8 *b = a->s6_addr;
	static const u8 mapped[12] = { [10] = 0xff, [11] = 0xff };
	unsigned int i;

	if (b[0] == 0xff || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80))
		return true;
	if (!memcmp(b, mapped, sizeof(mapped)))
		return true;
	for (i = 0; i < 15; i++)
		if (b[i])
			return false;
	return b[15] <= 1;
}

/* fe80::/10: a source the kernel's own forwarding answers, not forwards. */
bool nat64_addr_v6_linklocal(const struct in6_addr *a)
{
	return a->s6_addr[0] == 0xfe && (a->s6_addr[1] & 0xc0) == 0x80;
}
