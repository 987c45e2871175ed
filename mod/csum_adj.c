// SPDX-License-Identifier: GPL-2.0
/*
 * Internet checksum arithmetic for translation: reference sums and the
 * RFC 1624 incremental updates.  See csum_adj.h for the conventions.
 */
#include "csum_adj.h"

/* Fold a 32-bit accumulator of 16-bit words into a ones'-complement sum. */
static u16 fold(u32 acc)
{
	acc = (acc & 0xffff) + (acc >> 16);
	acc = (acc & 0xffff) + (acc >> 16);
	return (u16)acc;
}

u16 nat64_csum_add(u16 sum, const void *buf, size_t len)
{
	const u8 *p = buf;
	u32 acc = sum;
	size_t i;

	/* Fold every 32768 words: the accumulator can never overflow. */
	for (i = 0; i + 1 < len; i += 2) {
		acc += ((u32)p[i] << 8) | p[i + 1];
		if ((i & 0xffff) == 0xfffe)
			acc = fold(acc);
	}
	if (len & 1)
		acc += (u32)p[len - 1] << 8;
	return fold(acc);
}

u16 nat64_csum_pseudo6(const struct in6_addr *saddr,
		       const struct in6_addr *daddr, u8 nexthdr, u32 len)
{
	u8 tail[8] = { len >> 24, (len >> 16) & 0xff, (len >> 8) & 0xff,
		       len & 0xff, 0, 0, 0, nexthdr };
	u16 sum;

	sum = nat64_csum_add(0, saddr->s6_addr, 16);
	sum = nat64_csum_add(sum, daddr->s6_addr, 16);
	return nat64_csum_add(sum, tail, sizeof(tail));
}

u16 nat64_csum_full6(const struct in6_addr *saddr,
		     const struct in6_addr *daddr, u8 nexthdr,
		     const void *seg, u32 len)
{
	return ~nat64_csum_verify6(saddr, daddr, nexthdr, seg, len);
}

u16 nat64_csum_icmp4(const void *msg, u16 len)
{
	return ~nat64_csum_verify_icmp4(msg, len);
}

u16 nat64_csum_verify6(const struct in6_addr *saddr,
		       const struct in6_addr *daddr, u8 nexthdr,
		       const void *seg, u32 len)
{
	return nat64_csum_add(nat64_csum_pseudo6(saddr, daddr, nexthdr, len),
			      seg, len);
}

u16 nat64_csum_verify_icmp4(const void *msg, u16 len)
{
	return nat64_csum_add(0, msg, len);
}

/*
 * RFC 1624 equation 3, HC' = ~(~HC + ~m + m').  Its older form (RFC 1141,
 * HC' = HC + m + ~m') goes wrong at the -0/+0 boundary: it can leave 0xffff
 * where the data sum to +0 (RFC 1624 section 3).
 */
u16 nat64_csum_adjust(u16 check, u16 old_sum, u16 new_sum)
{
	return ~fold((u32)(u16)~check + (u16)~old_sum + new_sum);
}

u16 nat64_csum_replace16(u16 check, u16 old, u16 new)
{
	return nat64_csum_adjust(check, old, new);
}

static u16 sum_addrs6(const struct in6_addr *s, const struct in6_addr *d)
{
	return nat64_csum_add(nat64_csum_add(0, s->s6_addr, 16),
			      d->s6_addr, 16);
}

static u16 sum_addrs4(__be32 s, __be32 d)
{
	u8 a[8];

	memcpy(a, &s, 4);
	memcpy(a + 4, &d, 4);
	return nat64_csum_add(0, a, sizeof(a));
}

u16 nat64_csum_6to4(u16 check, const struct in6_addr *saddr6,
		    const struct in6_addr *daddr6, __be32 saddr4,
		    __be32 daddr4)
{
	return nat64_csum_adjust(check, sum_addrs6(saddr6, daddr6),
				 sum_addrs4(saddr4, daddr4));
}

u16 nat64_csum_4to6(u16 check, __be32 saddr4, __be32 daddr4,
		    const struct in6_addr *saddr6,
		    const struct in6_addr *daddr6)
{
	return nat64_csum_adjust(check, sum_addrs4(saddr4, daddr4),
				 sum_addrs6(saddr6, daddr6));
}

u16 nat64_csum_udp(u16 check)
{
	return check ? check : 0xffff;
}

u16 nat64_csum_icmp_4to6(u16 check, const struct in6_addr *saddr6,
			 const struct in6_addr *daddr6, u32 len)
{
	return nat64_csum_adjust(check, 0,
				 nat64_csum_pseudo6(saddr6, daddr6,
						    IPPROTO_ICMPV6, len));
}

u16 nat64_csum_icmp_6to4(u16 check, const struct in6_addr *saddr6,
			 const struct in6_addr *daddr6, u32 len)
{
	return nat64_csum_adjust(check,
				 nat64_csum_pseudo6(saddr6, daddr6,
						    IPPROTO_ICMPV6, len),
				 0);
}
