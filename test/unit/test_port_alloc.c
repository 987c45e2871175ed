// SPDX-License-Identifier: GPL-2.0
/*
 * mod/port_alloc.c against a bitmap of taken ports: the preference order
 * (class, then parity), completeness (a free port is always found), no
 * port tried twice, and the spread of starting points.
 */
#include <stdlib.h>

#include "unit.h"
#include "port_alloc.h"

struct map {
	unsigned char used[65536];
	unsigned int probes[65536];
	unsigned long calls;
};

static bool used(void *ctx, u16 port)
{
	struct map *m = ctx;

	m->probes[port]++;
	m->calls++;
	return m->used[port];
}

static struct map *map_new(void)
{
	return calloc(1, sizeof(struct map));
}

static int alloc_full(struct map *m, u16 lo, u16 hi, u16 x, bool keep,
		      u64 rnd, u8 full, u16 *port)
{
	struct nat64_port_req req = {
		.lo = lo, .hi = hi, .x = x, .keep = keep, .rnd = rnd,
		.full = full,
	};

	memset(m->probes, 0, sizeof(m->probes));
	m->calls = 0;
	return nat64_port_alloc(&req, used, m, port);
}

static int alloc(struct map *m, u16 lo, u16 hi, u16 x, bool keep, u64 rnd,
		 u16 *port)
{
	return alloc_full(m, lo, hi, x, keep, rnd, 0, port);
}

static bool same_class(u16 a, u16 b)
{
	return (a < 1024) == (b < 1024);
}

/* An empty range keeps class and parity, for many hosts and ports. */
static void test_keep_when_free(void)
{
	struct map *m = map_new();
	int bad = 0, i;
	u16 p;

	for (i = 0; i < 5000; i++) {
		u16 x = (u16)(i * 7919);
		u32 rnd = (u32)i * 2654435761u;

		if (alloc(m, 1, 65535, x, true, rnd, &p) ||
		    !same_class(p, x) || (p & 1) != (x & 1))
			bad++;
	}
	unit_check(!bad, "port_alloc: class and parity kept in a free range",
		   "%d misses", bad);
	free(m);
}

/* A range above 1023 cannot keep class 0-1023: parity still holds. */
static void test_class_fallback(void)
{
	struct map *m = map_new();
	u16 p;
	int r = alloc(m, 1024, 65535, 80, true, 12345, &p);

	unit_check(!r && p >= 1024 && !(p & 1),
		   "port_alloc: port 80 falls back to an even port >= 1024",
		   "r=%d p=%u", r, p);
	r = alloc(m, 1, 1023, 40000, true, 99, &p);
	unit_check(!r && p < 1024 && !(p & 1),
		   "port_alloc: port 40000 falls back to an even port < 1024",
		   "r=%d p=%u", r, p);
	free(m);
}

/* All ports of x's parity taken: the other parity, same class. */
static void test_parity_fallback(void)
{
	struct map *m = map_new();
	unsigned int i;
	u16 p;
	int r;

	for (i = 1024; i <= 65535; i += 2)
		m->used[i] = 1;
	r = alloc(m, 1024, 65535, 5000, true, 7, &p);
	unit_check(!r && (p & 1) && p >= 1024,
		   "port_alloc: even ports full gives an odd port",
		   "r=%d p=%u", r, p);
	free(m);
}

/* One free port anywhere is found; a full range says so; no double probes. */
static void test_complete(void)
{
	struct map *m = map_new();
	unsigned int i, free_port = 777, twice = 0;
	u16 p = 0;
	int r;

	memset(m->used, 1, sizeof(m->used));
	m->used[free_port] = 0;
	r = alloc(m, 0, 65535, 50001, true, 0xdeadbeef, &p);
	for (i = 0; i < 65536; i++)
		twice += m->probes[i] > 1;
	unit_check(!r && p == free_port && !twice,
		   "port_alloc: the last free port is found, no port probed twice",
		   "r=%d p=%u twice=%u", r, p, twice);
	m->used[free_port] = 1;
	r = alloc(m, 0, 65535, 50001, true, 0xdeadbeef, &p);
	unit_check(r == -1 && m->calls == 65536,
		   "port_alloc: a full range fails after probing each port once",
		   "r=%d calls=%lu", r, m->calls);
	r = alloc(m, 0, 65535, 3, false, 0xffffffff, &p);
	unit_check(r == -1 && m->calls == 65536,
		   "port_alloc: a full id range fails after one pass",
		   "r=%d calls=%lu", r, m->calls);
	free(m);
}

/* Small and odd ranges, including a single port and identifier 0. */
static void test_edges(void)
{
	struct map *m = map_new();
	u16 p = 1;
	int r;

	r = alloc(m, 5000, 5000, 6001, true, 42, &p);
	unit_check(!r && p == 5000, "port_alloc: a one-port range gives it",
		   "r=%d p=%u", r, p);
	r = alloc(m, 0, 0, 9, false, 42, &p);
	unit_check(!r && p == 0, "port_alloc: icmp identifier 0 is usable",
		   "r=%d p=%u", r, p);
	r = alloc(m, 65535, 65535, 1, true, 0xffffffff, &p);
	unit_check(!r && p == 65535, "port_alloc: port 65535 is usable",
		   "r=%d p=%u", r, p);
	m->used[5000] = 1;
	r = alloc(m, 5000, 5000, 6001, true, 42, &p);
	unit_check(r == -1, "port_alloc: a taken one-port range fails",
		   "r=%d", r);
	free(m);
}

/* Starts spread over the range: 4096 hosts land on many distinct ports. */
static void test_spread(void)
{
	struct map *m = map_new();
	static unsigned char seen[65536];
	unsigned int i, distinct = 0;
	u16 p;

	for (i = 0; i < 4096; i++) {
		u32 rnd = i * 2654435761u ^ (i >> 3) * 40503u;

		if (!alloc(m, 1024, 65535, 40000, true, rnd, &p) && !seen[p]) {
			seen[p] = 1;
			distinct++;
		}
	}
	unit_check(distinct > 3500, "port_alloc: starts follow the hash",
		   "only %u distinct ports of 4096", distinct);
	free(m);
}

/* Set sizes of ranges, edges included, against counting port by port. */
static void test_sets_size(void)
{
	static const u16 edges[] = { 0, 1, 2, 1021, 1022, 1023, 1024, 1025,
				     1026, 30000, 65533, 65534, 65535 };
	unsigned int i, j, bad = 0, set;
	u32 p;

	for (i = 0; i < ARRAY_SIZE(edges); i++)
		for (j = 0; j < ARRAY_SIZE(edges); j++) {
			u32 got[NAT64_PORT_SETS] = {}, want[NAT64_PORT_SETS] = {};
			u16 lo = edges[i], hi = edges[j];

			nat64_port_sets_size(lo, hi, got);
			for (p = lo; lo <= hi && p <= hi; p++)
				want[nat64_port_set(p)]++;
			for (set = 0; set < NAT64_PORT_SETS; set++)
				bad += got[set] != want[set];
		}
	unit_check(!bad, "port_alloc: set sizes of 169 ranges match a port-by-port count",
		   "%u wrong", bad);
	unit_check(NAT64_PORT_BIT(true, true) == 1U << nat64_port_set(1023) &&
		   NAT64_PORT_BIT(false, false) == 1U << nat64_port_set(2000),
		   "port_alloc: set bits and set indexes agree", "they differ");
}

/* Sets the caller marks full are skipped without a probe. */
static void test_full_hint(void)
{
	struct map *m = map_new();
	u16 p = 0;
	int r;

	r = alloc_full(m, 1, 65535, 40000, true, 99,
		       NAT64_PORT_BIT(false, false), &p);
	unit_check(!r && p >= 1024 && (p & 1) && m->calls == 1,
		   "port_alloc: a set marked full is skipped (other parity, one probe)",
		   "r=%d p=%u calls=%lu", r, p, m->calls);
	r = alloc_full(m, 1, 65535, 40000, true, 99,
		       NAT64_PORT_BIT(false, false) | NAT64_PORT_BIT(false, true),
		       &p);
	unit_check(!r && p < 1024 && !(p & 1),
		   "port_alloc: both parities full moves to the other class",
		   "r=%d p=%u", r, p);
	r = alloc_full(m, 1, 65535, 40000, true, 99, NAT64_PORT_ALL, &p);
	unit_check(r == -1 && m->calls == 0,
		   "port_alloc: all sets full fails without probing",
		   "r=%d calls=%lu", r, m->calls);
	r = alloc_full(m, 0, 65535, 7, false, 99, NAT64_PORT_ALL, &p);
	unit_check(r == -1 && m->calls == 0,
		   "port_alloc: a full id range fails without probing",
		   "r=%d calls=%lu", r, m->calls);
	free(m);
}

/*
 * Filling a range to the last port, one host port after another, as a
 * benchmark or a busy pool does: the strides keep runs of taken ports from
 * growing, so the total stays near n ln n probes (about 10 a host here;
 * in-order walks from hashed starts took about 84).
 */
static void test_fill_cost(void)
{
	struct map *m = map_new();
	unsigned long total = 0;
	unsigned int i, fails = 0, twice = 0, n = 50000;
	u16 p;

	for (i = 0; i < n; i++) {
		u64 rnd = (u64)rand() << 32 ^ (u64)rand() << 16 ^ (u64)rand();

		if (alloc(m, 10000, 10000 + n - 1, 10000 + i, true, rnd, &p)) {
			fails++;
			continue;
		}
		twice += m->used[p];
		m->used[p] = 1;
		total += m->calls;
	}
	unit_check(!fails && !twice, "port_alloc: 50,000 hosts fill 50,000 ports",
		   "%u failed, %u given twice", fails, twice);
	unit_check(total < 50UL * n,
		   "port_alloc: filling them costs under 50 probes a host",
		   "%lu probes", total);
	free(m);
}

int main(void)
{
	test_keep_when_free();
	test_class_fallback();
	test_parity_fallback();
	test_complete();
	test_edges();
	test_spread();
	test_sets_size();
	test_full_hint();
	test_fill_cost();
	return unit_failed ? 1 : 0;
}
