// SPDX-License-Identifier: GPL-2.0
/*
 * Pool4 set arithmetic against a naive reference model: membership of every
 * (protocol, address, port) point in a small space before and after.
 */
#include <stdlib.h>
#include "pool4_set.h"
#include "nat64.h"
#include "unit.h"

#define BASE 0x0a000000U	/* 10.0.0.0; the model space is BASE/26 */
#define ADDRS 64
#define PORTS 24

static struct nat64_pool4_entry ent(unsigned int proto, u32 addr, u8 plen,
				    u16 pmin, u16 pmax)
{
	struct nat64_pool4_entry e = {
		.addr = htonl(addr), .plen = plen, .proto = proto,
		.port_min = pmin, .port_max = pmax,
	};
	return e;
}

static bool contains(const struct nat64_pool4_entry *e, unsigned int proto,
		     u32 addr, u16 port)
{
	u32 m = e->plen ? ~0U << (32 - e->plen) : 0;

	return e->proto == proto && ((addr ^ ntohl(e->addr)) & m) == 0 &&
	       port >= e->port_min && port <= e->port_max;
}

static int count_in(const struct nat64_pool4_entry *t, u32 n,
		    unsigned int proto, u32 addr, u16 port)
{
	int c = 0;
	u32 i;

	for (i = 0; i < n; i++)
		c += contains(&t[i], proto, addr, port);
	return c;
}

static void test_checks(void)
{
	struct nat64_pool4_entry e = ent(NAT64_PROTO_UDP, 0xc0000201, 32, 1024,
					 65535);

	unit_check(!nat64_pool4_entry_check(&e), "pool4-set: valid entry", "rejected");
	e.plen = 24;
	unit_check(nat64_pool4_entry_check(&e) &&
		   !strcmp(nat64_pool4_entry_check(&e), "pool4 prefix has host bits set"),
		   "pool4-set: host bits rejected", "accepted");
	e = ent(NAT64_PROTO_UDP, 0x7f000000, 8, 1, 2);
	unit_check(nat64_pool4_entry_check(&e) != NULL,
		   "pool4-set: /8 rejected (too short)", "accepted");
	e = ent(NAT64_PROTO_UDP, 0x7f000001, 32, 1, 2);
	unit_check(nat64_pool4_entry_check(&e) != NULL,
		   "pool4-set: loopback rejected", "accepted");
	e = ent(NAT64_PROTO_UDP, 0xe0000001, 32, 1, 2);
	unit_check(nat64_pool4_entry_check(&e) != NULL,
		   "pool4-set: multicast rejected", "accepted");
	e = ent(NAT64_PROTO_TCP, 0xc0000201, 32, 0, 2);
	unit_check(nat64_pool4_entry_check(&e) &&
		   !strcmp(nat64_pool4_entry_check(&e),
			   "pool4 port 0 is not usable for tcp or udp"),
		   "pool4-set: tcp port 0 rejected", "accepted");
	e.proto = NAT64_PROTO_ICMP;
	unit_check(!nat64_pool4_entry_check(&e), "pool4-set: icmp id 0 accepted",
		   "rejected");
	e = ent(NAT64_PROTO_UDP, 0xc0000201, 32, 9, 8);
	unit_check(nat64_pool4_entry_check(&e) != NULL,
		   "pool4-set: reversed ports rejected", "accepted");
}

static void test_overlap(void)
{
	struct nat64_pool4_entry t[2] = {
		ent(NAT64_PROTO_UDP, 0xc0000200, 24, 1024, 2047),
		ent(NAT64_PROTO_TCP, 0xc0000205, 32, 1, 65535),
	};
	struct nat64_pool4_entry a = ent(NAT64_PROTO_UDP, 0xc0000207, 32, 2000, 3000);
	struct nat64_pool4_entry b = ent(NAT64_PROTO_UDP, 0xc0000207, 32, 2048, 3000);
	struct nat64_pool4_entry c = ent(NAT64_PROTO_ICMP, 0xc0000205, 32, 0, 9);
	struct nat64_pool4_entry d = ent(NAT64_PROTO_TCP, 0xc0000000, 16, 80, 80);

	unit_check(nat64_pool4_find_overlap(t, 2, &a) == 0,
		   "pool4-set: overlap inside a prefix found", "missed");
	unit_check(nat64_pool4_find_overlap(t, 2, &b) < 0,
		   "pool4-set: disjoint ports do not overlap", "false hit");
	unit_check(nat64_pool4_find_overlap(t, 2, &c) < 0,
		   "pool4-set: other protocols do not overlap", "false hit");
	unit_check(nat64_pool4_find_overlap(t, 2, &d) == 1,
		   "pool4-set: covering prefix overlaps", "missed");
}

/* 192.0.2.0/24 minus 192.0.2.77/32 ports 2000-2999: exact pieces. */
static void test_split_exact(void)
{
	struct nat64_pool4_entry t = ent(NAT64_PROTO_UDP, 0xc0000200, 24, 1024, 65535);
	struct nat64_pool4_entry del = ent(0, 0xc000024d, 32, 2000, 2999);
	struct nat64_pool4_entry out[16];
	static const char *want[] = {
		"192.0.2.0/26", "192.0.2.64/29", "192.0.2.72/30", "192.0.2.76/32",
		"192.0.2.77/32 1024-1999", "192.0.2.77/32 3000-65535",
		"192.0.2.78/31", "192.0.2.80/28", "192.0.2.96/27", "192.0.2.128/25",
	};
	char got[64], buf[INET_ADDRSTRLEN];
	bool hit;
	u32 n, i, bad = 0;

	n = nat64_pool4_subtract(&t, 1, &del, NAT64_PROTO_ALL, NULL, &hit);
	unit_check(n == 10 && hit, "pool4-set: split counts 10 pieces", "n=%u", n);
	n = nat64_pool4_subtract(&t, 1, &del, NAT64_PROTO_ALL, out, &hit);
	nat64_pool4_sort(out, n);
	for (i = 0; i < n && i < 10; i++) {
		inet_ntop(AF_INET, &out[i].addr, buf, sizeof(buf));
		if (out[i].port_min == 1024 && out[i].port_max == 65535)
			snprintf(got, sizeof(got), "%s/%u", buf, out[i].plen);
		else
			snprintf(got, sizeof(got), "%s/%u %u-%u", buf, out[i].plen,
				 out[i].port_min, out[i].port_max);
		if (strcmp(got, want[i])) {
			printf("    piece %u: got %s, want %s\n", i, got, want[i]);
			bad++;
		}
	}
	unit_check(!bad && n == 10, "pool4-set: split pieces are exact", "%u wrong", bad);
	n = nat64_pool4_subtract(&t, 1, &del, NAT64_PROTO_BIT(NAT64_PROTO_TCP),
				 NULL, &hit);
	unit_check(n == 1 && !hit, "pool4-set: other protocol untouched", "n=%u", n);
}

static struct nat64_pool4_entry random_entry(void)
{
	u8 plen = 26 + rand() % 7;
	u32 a = BASE | ((rand() % ADDRS) & (plen ? ~0U << (32 - plen) : 0));
	u16 p1 = 1 + rand() % PORTS, p2 = 1 + rand() % PORTS;

	return ent(rand() % NAT64_PROTO_COUNT, a, plen, p1 < p2 ? p1 : p2,
		   p1 < p2 ? p2 : p1);
}

/* Random tables and deletions checked point by point against the model. */
static void test_random_model(void)
{
	struct nat64_pool4_entry t[64], out[64 * 40];
	unsigned int round, bad = 0, bad_order = 0, hits = 0;

	srand(6146);
	for (round = 0; round < 2000; round++) {
		struct nat64_pool4_entry del = random_entry();
		unsigned int protos = rand() % 2 ? NAT64_PROTO_ALL :
				      NAT64_PROTO_BIT(del.proto);
		u32 n = 0, m, i, a, p, pr;
		bool hit, want_hit = false;

		for (i = 0; i < 40; i++) {
			struct nat64_pool4_entry e = random_entry();

			if (nat64_pool4_find_overlap(t, n, &e) < 0)
				t[n++] = e;
		}
		nat64_pool4_sort(t, n);
		m = nat64_pool4_subtract(t, n, &del, protos, out, &hit);
		nat64_pool4_sort(out, m);
		for (i = 1; i < m; i++)
			bad_order += nat64_pool4_cmp(&out[i - 1], &out[i]) >= 0;
		for (pr = 0; pr < NAT64_PROTO_COUNT; pr++)
			for (a = BASE; a < BASE + ADDRS; a++)
				for (p = 0; p <= PORTS + 1; p++) {
					int before = count_in(t, n, pr, a, p);
					int after = count_in(out, m, pr, a, p);
					bool gone = (protos & NAT64_PROTO_BIT(pr)) &&
						    contains(&(struct nat64_pool4_entry){
							.addr = del.addr, .plen = del.plen,
							.proto = pr, .port_min = del.port_min,
							.port_max = del.port_max }, pr, a, p);

					want_hit |= before && gone;
					bad += after != (gone ? 0 : before);
				}
		for (i = 0; i < m; i++)
			bad += nat64_pool4_entry_check(&out[i]) != NULL &&
			       out[i].port_min != 0;
		bad += hit != want_hit;
		hits += hit;
	}
	unit_check(!bad, "pool4-set: 2000 random subtractions match the model",
		   "%u mismatches", bad);
	unit_check(!bad_order, "pool4-set: results sort strictly", "%u", bad_order);
	unit_check(hits > 200, "pool4-set: the random rounds do hit entries",
		   "only %u hits", hits);
}

/* The address index: exact joins, then random tables against the model. */
static void test_addr_ranges(void)
{
	struct nat64_pool4_entry t[64];
	struct nat64_addr_range r[64];
	u32 n, m, i, a, bad = 0, rounds = 0;

	t[0] = ent(NAT64_PROTO_TCP, 0xcb007100, 30, 1024, 65535); /* .0-.3 */
	t[1] = ent(NAT64_PROTO_TCP, 0xcb007108, 32, 1024, 65535); /* .8 */
	t[2] = ent(NAT64_PROTO_UDP, 0xcb007104, 31, 1024, 65535); /* .4-.5 */
	t[3] = ent(NAT64_PROTO_UDP, 0xcb007108, 29, 1024, 65535); /* .8-.15 */
	t[4] = ent(NAT64_PROTO_ICMP, 0xcb007120, 32, 0, 65535);   /* .32 */
	nat64_pool4_sort(t, 5);
	m = nat64_pool4_addr_ranges(t, 5, r);
	unit_check(m == 3 && r[0].lo == 0xcb007100 && r[0].hi == 0xcb007105 &&
		   r[1].lo == 0xcb007108 && r[1].hi == 0xcb00710f &&
		   r[2].lo == 0xcb007120 && r[2].hi == 0xcb007120,
		   "pool4-set: address ranges join adjacent and nested prefixes",
		   "%u ranges", m);
	unit_check(nat64_pool4_addr_ranges_has(r, m, 0xcb007105) &&
		   !nat64_pool4_addr_ranges_has(r, m, 0xcb007106) &&
		   !nat64_pool4_addr_ranges_has(r, m, 0xcb007121) &&
		   !nat64_pool4_addr_ranges_has(r, m, 0xcb0070ff) &&
		   !nat64_pool4_addr_ranges_has(r, 0, 0xcb007100),
		   "pool4-set: range search finds edges only", "wrong answer");

	for (i = 0; i < 500; i++) {
		u32 k, tries;

		n = 0;
		for (tries = 0; tries < 1 + (u32)rand() % 40; tries++) {
			struct nat64_pool4_entry e = random_entry();

			if (nat64_pool4_find_overlap(t, n, &e) < 0)
				t[n++] = e;
		}
		nat64_pool4_sort(t, n);
		m = nat64_pool4_addr_ranges(t, n, r);
		for (k = 1; k < m; k++)
			bad += r[k].lo <= r[k - 1].hi + 1;
		for (a = BASE - 2; a < BASE + ADDRS + 2; a++) {
			bool want = false;

			for (k = 0; k < n; k++)
				want |= ((a ^ ntohl(t[k].addr)) &
					 (~0U << (32 - t[k].plen))) == 0;
			bad += nat64_pool4_addr_ranges_has(r, m, a) != want;
		}
		rounds += m > 1;
	}
	unit_check(!bad, "pool4-set: 500 random address indexes match the model",
		   "%u mismatches", bad);
	unit_check(rounds > 100, "pool4-set: random indexes have several ranges",
		   "only %u", rounds);
	t[0] = ent(NAT64_PROTO_UDP, 0xffffff00, 24, 1024, 65535);
	t[1] = ent(NAT64_PROTO_TCP, 0xffffffff, 32, 1024, 65535);
	nat64_pool4_sort(t, 2);
	m = nat64_pool4_addr_ranges(t, 2, r);
	unit_check(m == 1 && r[0].hi == ~0U && nat64_pool4_addr_ranges_has(r, m, ~0U),
		   "pool4-set: a range ending at 255.255.255.255 does not wrap",
		   "%u ranges", m);
}

int main(void)
{
	test_checks();
	test_overlap();
	test_split_exact();
	test_random_model();
	test_addr_ranges();
	return unit_failed ? 1 : 0;
}
