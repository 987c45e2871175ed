// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 7915 ICMP mapping, pointer maps, Packet Too Big MTUs, RFC 4884
 * lengths and truncation.  Expectations are written out from the RFC text
 * here, not derived from the code under test, and every type/code pair is
 * swept so that a translation nobody listed shows up as a failure.
 */
#include <stdlib.h>
#include "icmp_map.h"
#include "unit.h"

#define N(a)		(sizeof(a) / sizeof((a)[0]))
#define SAME		0x100	/* expected code: the received one */
#define NA		-1	/* pointer with no counterpart: drop */

struct row {
	const char *what;
	unsigned int type, code_lo, code_hi;
	enum nat64_icmp_verdict verdict;
	unsigned int type_out, code_out;
};

/* RFC 7915 section 4.2, every message it translates. */
static const struct row rows_4to6[] = {
	{ "echo reply", 0, 0, 255, NAT64_ICMP_INFO, 129, SAME },
	{ "echo request", 8, 0, 255, NAT64_ICMP_INFO, 128, SAME },
	{ "unreach net/host", 3, 0, 1, NAT64_ICMP_ERROR, 1, 0 },
	{ "unreach protocol -> param problem next header", 3, 2, 2,
	  NAT64_ICMP_ERROR_NEXTHDR, 4, 1 },
	{ "unreach port", 3, 3, 3, NAT64_ICMP_ERROR, 1, 4 },
	{ "unreach frag needed -> packet too big", 3, 4, 4,
	  NAT64_ICMP_ERROR_PTB, 2, 0 },
	{ "unreach source route failed", 3, 5, 5, NAT64_ICMP_ERROR, 1, 0 },
	{ "unreach 6-8", 3, 6, 8, NAT64_ICMP_ERROR, 1, 0 },
	{ "unreach 9-10 admin prohibited", 3, 9, 10, NAT64_ICMP_ERROR, 1, 1 },
	{ "unreach 11-12", 3, 11, 12, NAT64_ICMP_ERROR, 1, 0 },
	{ "unreach 13 admin prohibited", 3, 13, 13, NAT64_ICMP_ERROR, 1, 1 },
	{ "unreach 15 precedence cutoff", 3, 15, 15, NAT64_ICMP_ERROR, 1, 1 },
	{ "time exceeded", 11, 0, 255, NAT64_ICMP_ERROR, 3, SAME },
	{ "param problem pointer", 12, 0, 0, NAT64_ICMP_ERROR_POINTER, 4, 0 },
	{ "param problem bad length", 12, 2, 2, NAT64_ICMP_ERROR_POINTER, 4, 0 },
};

/* RFC 7915 section 5.2, every message it translates. */
static const struct row rows_6to4[] = {
	{ "echo request", 128, 0, 255, NAT64_ICMP_INFO, 8, SAME },
	{ "echo reply", 129, 0, 255, NAT64_ICMP_INFO, 0, SAME },
	{ "unreach no route", 1, 0, 0, NAT64_ICMP_ERROR, 3, 1 },
	{ "unreach admin prohibited", 1, 1, 1, NAT64_ICMP_ERROR, 3, 10 },
	{ "unreach beyond scope", 1, 2, 2, NAT64_ICMP_ERROR, 3, 1 },
	{ "unreach address", 1, 3, 3, NAT64_ICMP_ERROR, 3, 1 },
	{ "unreach port", 1, 4, 4, NAT64_ICMP_ERROR, 3, 3 },
	{ "packet too big -> frag needed", 2, 0, 255, NAT64_ICMP_ERROR_PTB, 3, 4 },
	{ "time exceeded", 3, 0, 255, NAT64_ICMP_ERROR, 11, SAME },
	{ "param problem header field", 4, 0, 0, NAT64_ICMP_ERROR_POINTER,
	  12, 0 },
	{ "param problem next header -> protocol unreach", 4, 1, 1,
	  NAT64_ICMP_ERROR, 3, 2 },
};

typedef enum nat64_icmp_verdict (*map_fn)(u8, u8, u8 *, u8 *);

static const struct row *expected(const struct row *rows, unsigned int n,
				  unsigned int type, unsigned int code)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (rows[i].type == type && code >= rows[i].code_lo &&
		    code <= rows[i].code_hi)
			return &rows[i];
	return NULL;
}

/* One line per listed row: each of its codes maps as the RFC says. */
static void check_rows(const char *dir, map_fn map, const struct row *rows,
		       unsigned int n)
{
	unsigned int i, c;
	char name[160];

	for (i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		unsigned int bad = 0, first = 0;

		for (c = r->code_lo; c <= r->code_hi; c++) {
			u8 t = 0xee, k = 0xee;
			unsigned int want = r->code_out == SAME ? c : r->code_out;

			if (map(r->type, c, &t, &k) != r->verdict ||
			    t != r->type_out || k != want) {
				if (!bad++)
					first = c;
			}
		}
		snprintf(name, sizeof(name), "icmp_map: %s %u/%u-%u %s", dir,
			 r->type, r->code_lo, r->code_hi, r->what);
		unit_check(!bad, name, "%u codes wrong, first %u", bad, first);
	}
}

/*
 * Every type 0-255 with every code 0-255: only the listed pairs translate,
 * and a drop leaves the outputs alone.
 */
static void check_sweep(const char *dir, map_fn map, const struct row *rows,
			unsigned int n, unsigned int want_count)
{
	unsigned int t, c, count = 0, stray = 0, touched = 0;
	char name[128];

	for (t = 0; t < 256; t++)
		for (c = 0; c < 256; c++) {
			u8 ot = 0xee, oc = 0xee;
			enum nat64_icmp_verdict v = map(t, c, &ot, &oc);

			if (v != NAT64_ICMP_DROP)
				count++;
			if (!expected(rows, n, t, c)) {
				stray += v != NAT64_ICMP_DROP;
				touched += ot != 0xee || oc != 0xee;
			}
		}
	snprintf(name, sizeof(name),
		 "icmp_map: %s sweep, nothing unlisted translates", dir);
	unit_check(!stray && !touched, name,
		   "%u unlisted pairs translate, %u drops wrote output",
		   stray, touched);
	snprintf(name, sizeof(name), "icmp_map: %s sweep, %u pairs translate",
		 dir, want_count);
	unit_check(count == want_count, name, "got %u", count);
}

/* The drops RFC 7915 names, one by one, so a report says which. */
static void check_named_drops(void)
{
	static const struct { u8 type, code; const char *what; } d4[] = {
		{ 3, 14, "host precedence violation" },
		{ 3, 16, "unknown unreach code" },
		{ 4, 0, "source quench" },
		{ 5, 0, "redirect" },
		{ 6, 0, "alternative host address" },
		{ 9, 0, "router advertisement" },
		{ 10, 0, "router solicitation" },
		{ 12, 1, "param problem missing option" },
		{ 12, 3, "param problem unknown code" },
		{ 13, 0, "timestamp" },
		{ 14, 0, "timestamp reply" },
		{ 15, 0, "information request" },
		{ 16, 0, "information reply" },
		{ 17, 0, "address mask request" },
		{ 18, 0, "address mask reply" },
		{ 30, 0, "traceroute (unknown)" },
	}, d6[] = {
		{ 1, 5, "unreach source policy" },
		{ 1, 6, "unreach reject route" },
		{ 4, 2, "param problem unrecognised option" },
		{ 4, 3, "param problem unknown code" },
		{ 0, 0, "unknown error type 0" },
		{ 5, 0, "unknown error type 5" },
		{ 127, 0, "unknown error type 127" },
		{ 130, 0, "MLD query" },
		{ 131, 0, "MLD report" },
		{ 132, 0, "MLD done" },
		{ 133, 0, "router solicitation" },
		{ 134, 0, "router advertisement" },
		{ 135, 0, "neighbour solicitation" },
		{ 136, 0, "neighbour advertisement" },
		{ 137, 0, "redirect" },
		{ 143, 0, "MLDv2 report (unknown informational)" },
		{ 255, 0, "unknown informational 255" },
	};
	unsigned int i;
	char name[128];
	u8 t, c;

	for (i = 0; i < N(d4); i++) {
		snprintf(name, sizeof(name), "icmp_map: 4to6 drops %u/%u %s",
			 d4[i].type, d4[i].code, d4[i].what);
		unit_check(nat64_icmp_4to6(d4[i].type, d4[i].code, &t, &c) ==
			   NAT64_ICMP_DROP, name, "translated");
	}
	for (i = 0; i < N(d6); i++) {
		snprintf(name, sizeof(name), "icmp_map: 6to4 drops %u/%u %s",
			 d6[i].type, d6[i].code, d6[i].what);
		unit_check(nat64_icmp_6to4(d6[i].type, d6[i].code, &t, &c) ==
			   NAT64_ICMP_DROP, name, "translated");
	}
}

/* RFC 7915 figure 3, by IPv4 header byte. */
static const int fig3[20] = {
	0, 1, 4, 4, NA, NA, NA, NA, 7, 6, NA, NA, 8, 8, 8, 8, 24, 24, 24, 24,
};

static int fig6(unsigned int p)
{
	static const int head[8] = { 0, 1, NA, NA, 2, 2, 9, 8 };

	if (p < 8)
		return head[p];
	if (p < 24)
		return 12;	/* source address */
	if (p < 40)
		return 16;	/* destination address */
	return NA;
}

static void check_pointers(void)
{
	unsigned int p, bad = 0, nones = 0, touched = 0;
	char name[96];

	for (p = 0; p < 256; p++) {
		int want = p < 20 ? fig3[p] : NA;
		u32 got = 0xdeadbeef;
		bool ok = nat64_icmp_ptr_4to6(p, &got);

		if (p < 20) {
			snprintf(name, sizeof(name),
				 "icmp_map: pointer 4to6 byte %u -> %s", p,
				 want == NA ? "drop" : "mapped");
			unit_check(want == NA ? !ok && got == 0xdeadbeef :
				   ok && got == (u32)want,
				   name, "ok %d got %u want %d", ok, got, want);
			continue;
		}
		nones += !ok;
		touched += got != 0xdeadbeef;
	}
	unit_check(nones == 236 && !touched,
		   "icmp_map: pointer 4to6 bytes 20-255 (options) drop",
		   "%u of 236 dropped, %u wrote output", nones, touched);

	for (p = 0; p < 40; p++) {
		int want = fig6(p);
		u8 got = 0xee;
		bool ok = nat64_icmp_ptr_6to4(p, &got);

		snprintf(name, sizeof(name),
			 "icmp_map: pointer 6to4 byte %u -> %s", p,
			 want == NA ? "drop" : "mapped");
		unit_check(want == NA ? !ok && got == 0xee :
			   ok && got == (u8)want, name,
			   "ok %d got %u want %d", ok, got, want);
	}
	for (p = 40; p < 4096; p++) {
		u8 got;

		bad += nat64_icmp_ptr_6to4(p, &got);
	}
	bad += nat64_icmp_ptr_6to4(0xffffffffu, (u8 *)&p);
	bad += nat64_icmp_ptr_6to4(0x100, (u8 *)&p);	/* low byte 0 */
	unit_check(!bad, "icmp_map: pointer 6to4 past the IPv6 header drops",
		   "%u mapped", bad);
}

/* RFC 1191 table 7-1, checked on both sides of every plateau. */
static void check_plateaus(void)
{
	static const unsigned int plat[] = {
		65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68,
	};
	unsigned int i, bad = 0;
	char name[96];

	for (i = 1; i < N(plat); i++) {
		unsigned int p = plat[i];
		unsigned int below = i + 1 < N(plat) ? plat[i + 1] : 0;

		snprintf(name, sizeof(name),
			 "icmp_map: plateau for total length %u, %u, %u", p - 1,
			 p, p + 1);
		unit_check(nat64_icmp_plateau(p + 1) == p &&
			   nat64_icmp_plateau(p) == below &&
			   nat64_icmp_plateau(p - 1) == below, name,
			   "got %u, %u, %u; want %u, %u, %u",
			   nat64_icmp_plateau(p + 1), nat64_icmp_plateau(p),
			   nat64_icmp_plateau(p - 1), p, below, below);
	}
	unit_check(nat64_icmp_plateau(65535) == 32000 &&
		   nat64_icmp_plateau(32001) == 32000,
		   "icmp_map: plateau, 16-bit lengths top out at 32000",
		   "got %u", nat64_icmp_plateau(65535));
	unit_check(nat64_icmp_plateau(0) == 0 && nat64_icmp_plateau(1) == 0,
		   "icmp_map: plateau, none below 69", "got %u",
		   nat64_icmp_plateau(1));
	/* Monotone and always strictly below: the property 4to6 relies on. */
	for (i = 1; i < 65536; i++) {
		u16 p = nat64_icmp_plateau(i);

		bad += p >= i || (i > 1 && p < nat64_icmp_plateau(i - 1));
	}
	unit_check(!bad, "icmp_map: plateau below and monotone, all lengths",
		   "%u lengths wrong", bad);
}

struct mtu46 {
	u16 mtu4, tot_len;
	u32 nh6, nh4, want;
	const char *why;
};

/* RFC 7915 4.2: max(1280, min(mtu4 + 20, nh6, nh4 + 20)); 0 = unknown. */
static const struct mtu46 mtu46[] = {
	{ 1400, 1500, 1500, 1500, 1420, "advertised binds" },
	{ 1500, 1600, 1500, 1500, 1500, "IPv6 next hop binds" },
	{ 1480, 1500, 9000, 1400, 1420, "IPv4 next hop + 20 binds" },
	{ 1400, 1500, 0, 0, 1420, "next hops unknown" },
	{ 1000, 1500, 1500, 1500, 1280, "below 1280 raised" },
	{ 68, 100, 0, 0, 1280, "68 raised" },
	{ 1260, 1300, 0, 0, 1280, "exactly 1280" },
	{ 1261, 1300, 0, 0, 1281, "just above 1280" },
	{ 65535, 65535, 0, 0, 65555, "largest advertised" },
	{ 9000, 9100, 0, 70000, 9020, "huge IPv4 next hop" },
	{ 0, 1500, 0, 0, 1512, "RFC 1191 router: plateau 1492 + 20" },
	{ 0, 1493, 0, 0, 1512, "plateau 1492, boundary + 1" },
	{ 0, 1492, 0, 0, 1280, "plateau 1006 < 1280: minimum" },
	{ 0, 1300, 0, 0, 1280, "no plateau in 1280-1299" },
	{ 0, 2003, 0, 0, 2022, "plateau 2002 + 20" },
	{ 0, 2002, 0, 0, 1512, "plateau 1492 + 20" },
	{ 0, 9000, 0, 0, 8186, "plateau 8166 + 20" },
	{ 0, 9000, 1500, 0, 1500, "plateau, then IPv6 next hop" },
	{ 0, 9000, 0, 1400, 1420, "plateau, then IPv4 next hop" },
	{ 0, 65535, 0, 0, 32020, "plateau 32000 + 20" },
	{ 0, 0, 0, 0, 1280, "zero total length" },
};

struct mtu64 {
	u32 mtu6;
	bool frag;
	u32 nh4, nh6;
	u16 want;
	const char *why;
};

/* RFC 7915 5.2: min(mtu6 - 20, nh4, nh6 - 20), 28 with a Fragment Header. */
static const struct mtu64 mtu64[] = {
	{ 1280, false, 1500, 1500, 1260, "IPv6 minimum" },
	{ 1500, false, 1500, 1500, 1480, "advertised and IPv6 next hop" },
	{ 1500, true, 1500, 1500, 1472, "Fragment Header: 28" },
	{ 9000, false, 1500, 9000, 1500, "IPv4 next hop binds" },
	{ 9000, false, 9000, 1400, 1380, "IPv6 next hop - 20 binds" },
	{ 9000, true, 9000, 1400, 1372, "IPv6 next hop - 28 binds" },
	{ 1400, false, 0, 0, 1380, "next hops unknown" },
	{ 100000, false, 0, 0, 65535, "jumbo clamped to 16 bits" },
	{ 10, false, 0, 0, 68, "bogus, floor 68" },
	{ 0, true, 0, 0, 68, "zero, floor 68" },
	{ 1500, false, 1500, 10, 68, "tiny IPv6 next hop, floor 68" },
};

static void check_mtu(void)
{
	unsigned int i;
	char name[128];

	for (i = 0; i < N(mtu46); i++) {
		const struct mtu46 *m = &mtu46[i];
		u32 got = nat64_icmp_mtu_4to6(m->mtu4, m->tot_len, m->nh6,
					      m->nh4);

		snprintf(name, sizeof(name),
			 "icmp_map: mtu 4to6 %u/len %u/%u/%u = %u, %s",
			 m->mtu4, m->tot_len, m->nh6, m->nh4, m->want, m->why);
		unit_check(got == m->want, name, "got %u", got);
	}
	for (i = 0; i < N(mtu64); i++) {
		const struct mtu64 *m = &mtu64[i];
		u16 got = nat64_icmp_mtu_6to4(m->mtu6, m->frag, m->nh4, m->nh6);

		snprintf(name, sizeof(name),
			 "icmp_map: mtu 6to4 %u%s/%u/%u = %u, %s", m->mtu6,
			 m->frag ? "+frag" : "", m->nh4, m->nh6, m->want,
			 m->why);
		unit_check(got == m->want, name, "got %u", got);
	}
}

static void check_has_len(void)
{
	unsigned int t, bad4 = 0, bad6 = 0;

	for (t = 0; t < 256; t++) {
		bad4 += nat64_icmp4_has_len(t) != (t == 3 || t == 11 || t == 12);
		bad6 += nat64_icmp6_has_len(t) != (t == 1 || t == 3);
	}
	unit_check(!bad4, "icmp_map: RFC 4884 length in ICMPv4 3, 11, 12 only",
		   "%u types wrong", bad4);
	unit_check(!bad6, "icmp_map: RFC 4884 length in ICMPv6 1, 3 only",
		   "%u types wrong", bad6);
}

struct split {
	bool v6;
	u8 len;
	u32 payload, orig, ext;
	const char *why;
};

static const struct split splits[] = {
	{ false, 0, 200, 200, 0, "v4 length 0: no extensions" },
	{ false, 32, 200, 128, 72, "v4 32 words = 128 bytes + 72 ext" },
	{ false, 40, 300, 160, 140, "v4 40 words" },
	{ false, 50, 200, 200, 0, "v4 field fills the message" },
	{ false, 31, 200, 200, 0, "v4 under 128 bytes: not RFC 4884" },
	{ false, 60, 200, 200, 0, "v4 past the end: not RFC 4884" },
	{ false, 255, 1100, 1020, 80, "v4 largest length" },
	{ true, 0, 500, 500, 0, "v6 length 0: no extensions" },
	{ true, 16, 160, 128, 32, "v6 16 words = 128 bytes + 32 ext" },
	{ true, 20, 200, 160, 40, "v6 20 words" },
	{ true, 15, 200, 200, 0, "v6 under 128 bytes: not RFC 4884" },
	{ true, 26, 200, 200, 0, "v6 past the end: not RFC 4884" },
	{ true, 255, 2100, 2040, 60, "v6 largest length" },
};

static void check_split(void)
{
	unsigned int i;
	char name[128];

	for (i = 0; i < N(splits); i++) {
		const struct split *s = &splits[i];
		u32 orig = 1, ext = 1;

		if (s->v6)
			nat64_icmp6_ext_split(s->len, s->payload, &orig, &ext);
		else
			nat64_icmp4_ext_split(s->len, s->payload, &orig, &ext);
		snprintf(name, sizeof(name), "icmp_map: 4884 split %s", s->why);
		unit_check(orig == s->orig && ext == s->ext, name,
			   "got %u + %u, want %u + %u", orig, ext, s->orig,
			   s->ext);
	}
}

struct body {
	bool to6, has_len;
	u32 orig, ext;
	struct nat64_icmp_body want;
	const char *why;
};

/* Worked layouts: { orig, pad, ext, len }. */
static const struct body bodies[] = {
	{ true, true, 48, 20, { 48, 80, 20, 16 },
	  "4to6 short quote padded to 128, 16 words of 8" },
	{ true, true, 148, 40, { 148, 4, 40, 19 },
	  "4to6 148 padded to 152 (19 words)" },
	{ true, true, 128, 8, { 128, 0, 8, 16 }, "4to6 exactly 128" },
	{ true, true, 1300, 100, { 1128, 0, 100, 141 },
	  "4to6 too long: quote cut to fit the extension" },
	{ true, true, 1300, 1104, { 128, 0, 1104, 16 },
	  "4to6 extension leaves exactly 128" },
	{ true, true, 1300, 1105, { 1232, 0, 0, 0 },
	  "4to6 extension too big: left out" },
	{ true, false, 148, 40, { 148, 0, 0, 0 },
	  "4to6 to a type without length: extension left out" },
	{ true, true, 500, 0, { 500, 0, 0, 0 }, "4to6 no extension" },
	{ true, false, 2000, 0, { 1232, 0, 0, 0 }, "4to6 truncated to 1280" },
	{ false, true, 1212, 64, { 484, 0, 64, 121 },
	  "6to4 too long: quote cut to fit the extension" },
	{ false, true, 108, 12, { 108, 20, 12, 32 },
	  "6to4 short quote padded to 128, 32 words of 4" },
	{ false, true, 130, 12, { 130, 2, 12, 33 }, "6to4 130 padded to 132" },
	{ false, true, 1212, 420, { 128, 0, 420, 32 },
	  "6to4 extension leaves exactly 128" },
	{ false, true, 1212, 421, { 548, 0, 0, 0 },
	  "6to4 extension too big: left out" },
	{ false, true, 1212, 0, { 548, 0, 0, 0 }, "6to4 truncated to 576" },
	{ false, false, 300, 64, { 300, 0, 0, 0 },
	  "6to4 to a type without length: extension left out" },
};

static void check_bodies(void)
{
	unsigned int i;
	char name[128];

	for (i = 0; i < N(bodies); i++) {
		const struct body *b = &bodies[i];
		struct nat64_icmp_body got = { 1, 1, 1, 1 }, want = b->want;

		if (b->to6)
			nat64_icmp_body_4to6(b->orig, b->ext, b->has_len, &got);
		else
			nat64_icmp_body_6to4(b->orig, b->ext, b->has_len, &got);
		snprintf(name, sizeof(name), "icmp_map: 4884 body %s", b->why);
		unit_check(got.orig == want.orig && got.pad == want.pad &&
			   got.ext == want.ext && got.len == want.len, name,
			   "got %u+%u+%u len %u, want %u+%u+%u len %u",
			   got.orig, got.pad, got.ext, got.len, want.orig,
			   want.pad, want.ext, want.len);
	}
}

/* One layout against every rule RFC 4884 and the size limits impose. */
static unsigned int body_faults(const struct nat64_icmp_body *b, u32 orig,
				u32 ext, bool has_len, u32 unit, u32 room)
{
	u32 field = b->orig + b->pad;

	if (b->orig > orig || field + b->ext > room)
		return 1;
	if (!b->len)	/* extensions dropped: quote as much as fits */
		return b->pad || b->ext || b->orig != (orig < room ? orig : room);
	if (!has_len || !ext || b->ext != ext || field != b->len * unit ||
	    field < 128)
		return 1;
	/* Padding only to the word or to 128, never wasted past the quote. */
	if (b->pad && b->orig != orig)
		return 1;
	if (b->pad >= unit && field > 128)
		return 1;
	/* Kept whenever a 128-byte field would have fit beside it. */
	return 0;
}

static void check_body_sweep(void)
{
	unsigned int bad6 = 0, bad4 = 0, kept6 = 0, kept4 = 0;
	u32 orig, ext;
	int h;

	for (orig = 0; orig <= 2100; orig += 3)
		for (ext = 0; ext <= 1400; ext += 5)
			for (h = 0; h < 2; h++) {
				struct nat64_icmp_body b;

				nat64_icmp_body_4to6(orig, ext, h, &b);
				bad6 += body_faults(&b, orig, ext, h, 8, 1232);
				kept6 += h && ext && ext + 128 <= 1232 && !b.len;
				nat64_icmp_body_6to4(orig, ext, h, &b);
				bad4 += body_faults(&b, orig, ext, h, 4, 548);
				kept4 += h && ext && ext + 128 <= 548 && !b.len;
			}
	unit_check(!bad6 && !kept6,
		   "icmp_map: 4884 body sweep 4to6 (1280, 8-byte words)",
		   "%u layouts wrong, %u extensions dropped that fit", bad6,
		   kept6);
	unit_check(!bad4 && !kept4,
		   "icmp_map: 4884 body sweep 6to4 (576, 4-byte words)",
		   "%u layouts wrong, %u extensions dropped that fit", bad4,
		   kept4);
}

static void check_fit(void)
{
	unit_check(NAT64_ICMP6_ERR_ROOM == 1232 && NAT64_ICMP4_ERR_ROOM == 548,
		   "icmp_map: room after headers 1232 (v6) and 548 (v4)",
		   "got %d and %d", NAT64_ICMP6_ERR_ROOM, NAT64_ICMP4_ERR_ROOM);
}

int main(void)
{
	check_rows("4to6", nat64_icmp_4to6, rows_4to6, N(rows_4to6));
	/* 256 + 256 echo, 15 unreach codes, 256 time exceeded, 2 param. */
	check_sweep("4to6", nat64_icmp_4to6, rows_4to6, N(rows_4to6), 785);
	check_rows("6to4", nat64_icmp_6to4, rows_6to4, N(rows_6to4));
	/* 256 + 256 echo, 5 unreach, 256 PTB, 256 time exceeded, 2 param. */
	check_sweep("6to4", nat64_icmp_6to4, rows_6to4, N(rows_6to4), 1031);
	check_named_drops();
	check_pointers();
	check_plateaus();
	check_mtu();
	check_has_len();
	check_split();
	check_bodies();
	check_body_sweep();
	check_fit();
	return unit_failed ? 1 : 0;
}
