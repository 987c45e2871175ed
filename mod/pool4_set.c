// SPDX-License-Identifier: GPL-2.0
/*
 * Pool4 as a set: validation of one entry, overlap search, and removal of a
 * prefix x port-range rectangle from a table, splitting entries as needed so
 * that what remains is still expressed as prefixes.  Pure functions of their
 * arguments; the RCU publication lives in pool4.c.
 */
#include "addr.h"
#include "pool4_set.h"
#include "nat64.h"

static bool addrs_overlap(const struct nat64_pool4_entry *a,
			  const struct nat64_pool4_entry *b)
{
	u8 plen = a->plen < b->plen ? a->plen : b->plen;

	return !((be32_to_cpu(a->addr) ^ be32_to_cpu(b->addr)) & nat64_pool4_mask(plen));
}

static bool ports_overlap(const struct nat64_pool4_entry *a,
			  const struct nat64_pool4_entry *b)
{
	return a->port_min <= b->port_max && b->port_min <= a->port_max;
}

/*
 * The checks below return NULL when their part of an entry is usable, else
 * the sentence saying why it is not.
 */
const char *nat64_pool4_prefix_check(__be32 addr, u8 plen)
{
	u32 a = be32_to_cpu(addr);

	if (plen < NAT64_POOL4_PLEN_MIN || plen > 32)
		return "pool4 prefix length must be 16-32";
	if (a & ~nat64_pool4_mask(plen))
		return "pool4 prefix has host bits set";
	/* Prefixes are /16 or longer: inside a special block or clear of it. */
	if (nat64_addr_v4_special(addr))
		return "pool4 prefix must be unicast (not in 0/8, 127/8, 169.254/16, 224/4 or 240/4)";
	return NULL;
}

const char *nat64_pool4_ports_check(u8 proto, u16 port_min, u16 port_max)
{
	if (proto >= NAT64_PROTO_COUNT)
		return "pool4 protocol must be tcp, udp or icmp";
	if (port_min > port_max)
		return "pool4 first port is above the last port";
	if (port_min < NAT64_POOL4_PORT_LOWEST && proto != NAT64_PROTO_ICMP)
		return "pool4 port 0 is not usable for tcp or udp";
	return NULL;
}

const char *nat64_pool4_entry_check(const struct nat64_pool4_entry *e)
{
	const char *why = nat64_pool4_prefix_check(e->addr, e->plen);

	return why ?: nat64_pool4_ports_check(e->proto, e->port_min,
					      e->port_max);
}

/* Index of the first entry sharing a protocol, address and port with @e. */
int nat64_pool4_find_overlap(const struct nat64_pool4_entry *tab, u32 n,
			     const struct nat64_pool4_entry *e)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (tab[i].proto == e->proto && addrs_overlap(&tab[i], e) &&
		    ports_overlap(&tab[i], e))
			return i;
	return -1;
}

static u32 emit(struct nat64_pool4_entry *out, u32 k, u32 addr, u8 plen,
		u8 proto, u16 pmin, u16 pmax)
{
	if (out) {
		out[k].addr = cpu_to_be32(addr);
		out[k].plen = plen;
		out[k].proto = proto;
		out[k].port_min = pmin;
		out[k].port_max = pmax;
	}
	return k + 1;
}

/* What stays of @e's ports on @addr/@plen once @del's ports are gone. */
static u32 emit_port_rest(struct nat64_pool4_entry *out, u32 k, u32 addr,
			  u8 plen, const struct nat64_pool4_entry *e,
			  const struct nat64_pool4_entry *del)
{
	if (e->port_min < del->port_min)
		k = emit(out, k, addr, plen, e->proto, e->port_min,
			 del->port_min - 1);
	if (del->port_max < e->port_max)
		k = emit(out, k, addr, plen, e->proto, del->port_max + 1,
			 e->port_max);
	return k;
}

/*
 * @e minus @del, which overlap.  When @del's prefix lies strictly inside
 * @e's, the rest of @e's prefix is the sibling of each ancestor of @del's
 * prefix below @e's, one prefix per level, with all of @e's ports.
 */
static u32 split(struct nat64_pool4_entry *out, u32 k,
		 const struct nat64_pool4_entry *e,
		 const struct nat64_pool4_entry *del)
{
	u32 d = be32_to_cpu(del->addr);
	u8 l;

	if (del->plen <= e->plen)
		return emit_port_rest(out, k, be32_to_cpu(e->addr), e->plen,
				      e, del);
	for (l = e->plen + 1; l <= del->plen; l++)
		k = emit(out, k, (d & nat64_pool4_mask(l)) ^ (1U << (32 - l)), l,
			 e->proto, e->port_min, e->port_max);
	return emit_port_rest(out, k, d, del->plen, e, del);
}

/*
 * Writes @tab minus @del (for every protocol in @protos) to @out, unsorted,
 * and returns its length.  With @out NULL it only counts, so a caller can
 * size the result first.  *@hit tells whether anything was removed.
 */
u32 nat64_pool4_subtract(const struct nat64_pool4_entry *tab, u32 n,
			 const struct nat64_pool4_entry *del, unsigned int protos,
			 struct nat64_pool4_entry *out, bool *hit)
{
	u32 i, k = 0;

	*hit = false;
	for (i = 0; i < n; i++) {
		const struct nat64_pool4_entry *e = &tab[i];

		if (!(protos & NAT64_PROTO_BIT(e->proto)) ||
		    !addrs_overlap(e, del) || !ports_overlap(e, del)) {
			if (out)
				out[k] = *e;
			k++;
			continue;
		}
		*hit = true;
		k = split(out, k, e, del);
	}
	return k;
}

/* Copies to @out the entries whose protocol is not in @protos. */
u32 nat64_pool4_filter(const struct nat64_pool4_entry *tab, u32 n,
		       unsigned int protos, struct nat64_pool4_entry *out)
{
	u32 i, k = 0;

	for (i = 0; i < n; i++)
		if (!(protos & NAT64_PROTO_BIT(tab[i].proto)))
			out[k++] = tab[i];
	return k;
}

/* Order of a pool4: protocol, then address, then first port. */
int nat64_pool4_cmp(const struct nat64_pool4_entry *a,
		    const struct nat64_pool4_entry *b)
{
	u32 x = be32_to_cpu(a->addr), y = be32_to_cpu(b->addr);

	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (x != y)
		return x < y ? -1 : 1;
	if (a->port_min != b->port_min)
		return a->port_min < b->port_min ? -1 : 1;
	return 0;
}

/*
 * Insertion sort: tables are small, changes are rare and arrive nearly
 * sorted, and it needs neither memory nor a callback.
 */
void nat64_pool4_sort(struct nat64_pool4_entry *tab, u32 n)
{
	u32 i, j;

	for (i = 1; i < n; i++) {
		struct nat64_pool4_entry e = tab[i];

		for (j = i; j > 0 && nat64_pool4_cmp(&tab[j - 1], &e) > 0; j--)
			tab[j] = tab[j - 1];
		tab[j] = e;
	}
}

/*
 * The addresses of @tab (sorted by nat64_pool4_sort(): by protocol, then
 * address) as at most @n disjoint ranges in ascending order, overlapping
 * and adjacent ones joined; returns how many.  Each protocol's entries are
 * a run in ascending address order, so taking the lowest head of the runs
 * each time visits every entry in address order: linear time.
 */
u32 nat64_pool4_addr_ranges(const struct nat64_pool4_entry *tab, u32 n,
			    struct nat64_addr_range *out)
{
	u32 next[NAT64_PROTO_COUNT], end[NAT64_PROTO_COUNT];
	u32 i, p, count = 0;

	for (p = 0, i = 0; p < NAT64_PROTO_COUNT; p++) {
		next[p] = i;
		while (i < n && tab[i].proto == p)
			i++;
		end[p] = i;
	}
	for (;;) {
		u32 lo, hi, best = NAT64_PROTO_COUNT;

		for (p = 0; p < NAT64_PROTO_COUNT; p++)
			if (next[p] < end[p] &&
			    (best == NAT64_PROTO_COUNT ||
			     be32_to_cpu(tab[next[p]].addr) <
			     be32_to_cpu(tab[next[best]].addr)))
				best = p;
		if (best == NAT64_PROTO_COUNT)
			return count;
		lo = be32_to_cpu(tab[next[best]].addr);
		hi = lo | ~nat64_pool4_mask(tab[next[best]].plen);
		next[best]++;
		/* Overlapping or adjacent: lo is never below the last lo. */
		if (count && (lo <= out[count - 1].hi ||
			      lo - 1 == out[count - 1].hi)) {
			if (hi > out[count - 1].hi)
				out[count - 1].hi = hi;
			continue;
		}
		out[count].lo = lo;
		out[count].hi = hi;
		count++;
	}
}

/* Is @addr (host byte order) in one of the @n ranges at @r? */
bool nat64_pool4_addr_ranges_has(const struct nat64_addr_range *r, u32 n,
				 u32 addr)
{
	u32 lo = 0, hi = n;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (addr < r[mid].lo)
			hi = mid;
		else if (addr > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}
