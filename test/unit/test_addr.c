// SPDX-License-Identifier: GPL-2.0
/* RFC 6052 mapping and pool6 validation, against the RFC's own examples. */
#include <stdlib.h>
#include "addr.h"
#include "unit.h"

static struct in6_addr a6(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		abort();
	return a;
}

/* RFC 6052 section 2.4: 192.0.2.33 under each prefix length. */
static const struct {
	const char *prefix;
	unsigned char len;
	const char *embedded;
} rfc_table[] = {
	{ "2001:db8::", 32, "2001:db8:c000:221::" },
	{ "2001:db8:100::", 40, "2001:db8:1c0:2:21::" },
	{ "2001:db8:122::", 48, "2001:db8:122:c000:2:2100::" },
	{ "2001:db8:122:300::", 56, "2001:db8:122:3c0:0:221::" },
	{ "2001:db8:122:344::", 64, "2001:db8:122:344:c0:2:2100:0" },
	{ "2001:db8:122:344::", 96, "2001:db8:122:344::192.0.2.33" },
	{ "64:ff9b::", 96, "64:ff9b::192.0.2.33" },
};

static void test_rfc_table(void)
{
	__be32 v4 = htonl(0xc0000221);
	unsigned int i;
	char name[96], got[INET6_ADDRSTRLEN];

	for (i = 0; i < sizeof(rfc_table) / sizeof(rfc_table[0]); i++) {
		struct in6_addr p = a6(rfc_table[i].prefix), out;
		struct in6_addr want = a6(rfc_table[i].embedded);

		nat64_addr_4to6(&p, rfc_table[i].len, v4, &out);
		inet_ntop(AF_INET6, &out, got, sizeof(got));
		snprintf(name, sizeof(name), "addr: 4to6 %s/%u", rfc_table[i].prefix,
			 rfc_table[i].len);
		unit_check(!memcmp(&out, &want, 16), name, "got %s, want %s",
			   got, rfc_table[i].embedded);
		snprintf(name, sizeof(name), "addr: 6to4 %s", rfc_table[i].embedded);
		unit_check(nat64_addr_6to4(&want, rfc_table[i].len) == v4, name,
			   "got %08x", ntohl(nat64_addr_6to4(&want, rfc_table[i].len)));
	}
}

/* Every length, every IPv4 byte value in every position, both ways. */
static void test_roundtrip(void)
{
	static const unsigned char lens[] = { 32, 40, 48, 56, 64, 96 };
	struct in6_addr p = a6("2001:db8:aa00::"), out;
	unsigned int i, v, bad = 0;

	for (i = 0; i < sizeof(lens); i++)
		for (v = 0; v < 256; v++) {
			__be32 v4 = htonl(v << 24 | (255 - v) << 16 | v << 8 | 7);

			nat64_addr_4to6(&p, lens[i], v4, &out);
			bad += nat64_addr_6to4(&out, lens[i]) != v4;
			bad += out.s6_addr[8] != 0;	/* u-octet */
		}
	unit_check(!bad, "addr: round trip, u-octet stays zero",
		   "%u mismatches", bad);
}

static void expect_pool6(const char *s, unsigned char len, const char *why)
{
	struct in6_addr p = a6(s);
	const char *got = nat64_pool6_check(&p, len);
	char name[128];

	snprintf(name, sizeof(name), "addr: pool6 %s/%u %s", s, len,
		 why ? "rejected" : "accepted");
	if (!why)
		unit_check(!got, name, "rejected: %s", got);
	else
		unit_check(got && !strcmp(got, why), name, "got '%s'",
			   got ? got : "(accepted)");
}

#define POOL6_NOT_UNICAST \
	"pool6 prefix must be global unicast (not ::/64, link-local, multicast or ::ffff:0:0/96)"

static void test_pool6_check(void)
{
	expect_pool6("64:ff9b::", 96, NULL);
	expect_pool6("64:ff9b:1::", 48, NULL);
	expect_pool6("2001:db8::", 32, NULL);
	expect_pool6("2001:db8:100::", 40, NULL);
	expect_pool6("2001:db8:122:300::", 56, NULL);
	expect_pool6("2001:db8:122:344::", 64, NULL);
	expect_pool6("2001:db8::", 33,
		     "pool6 prefix length must be 32, 40, 48, 56, 64 or 96");
	expect_pool6("2001:db8::", 128,
		     "pool6 prefix length must be 32, 40, 48, 56, 64 or 96");
	expect_pool6("2001:db8::", 0,
		     "pool6 prefix length must be 32, 40, 48, 56, 64 or 96");
	expect_pool6("2001:db8::1", 96, "pool6 prefix has host bits set");
	expect_pool6("2001:db8:1::", 32, "pool6 prefix has host bits set");
	expect_pool6("2001:db8:0:0:100::", 96,
		     "pool6 prefix must have bits 64-71 (the RFC 6052 u-octet) zero");
	expect_pool6("2001:db8:0:0:ff00::", 96,
		     "pool6 prefix must have bits 64-71 (the RFC 6052 u-octet) zero");
	expect_pool6("::ffff:0:0", 96, POOL6_NOT_UNICAST);
	expect_pool6("::", 96, POOL6_NOT_UNICAST);
	expect_pool6("::", 32, POOL6_NOT_UNICAST);
	expect_pool6("fe80::", 64, POOL6_NOT_UNICAST);
	expect_pool6("febf:ffff::", 32, POOL6_NOT_UNICAST);
	expect_pool6("ff0e::", 96, POOL6_NOT_UNICAST);
	expect_pool6("fec0::", 64, NULL);
	expect_pool6("0:0:1::", 48, NULL);
}

static void expect_special4(const char *s, bool special)
{
	struct in_addr a;
	char name[96];

	if (inet_pton(AF_INET, s, &a) != 1)
		abort();
	snprintf(name, sizeof(name), "addr: %s is %sspecial", s,
		 special ? "" : "not ");
	unit_check(nat64_addr_v4_special(a.s_addr) == special, name,
		   "wrong answer");
}

/* Never translated whatever the prefix: the edges of each block. */
static void test_special4(void)
{
	static const char *const yes[] = {
		"0.0.0.0", "0.255.255.255", "127.0.0.0", "127.255.255.255",
		"169.254.0.0", "169.254.255.255", "224.0.0.0",
		"239.255.255.255", "240.0.0.0", "255.255.255.255",
	};
	static const char *const no[] = {
		"1.0.0.0", "10.0.0.1", "126.255.255.255", "128.0.0.0",
		"169.253.255.255", "169.255.0.0", "172.16.0.1", "192.168.1.1",
		"223.255.255.255", "192.0.2.1",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(yes); i++)
		expect_special4(yes[i], true);
	for (i = 0; i < ARRAY_SIZE(no); i++)
		expect_special4(no[i], false);
}

static void expect_special6(const char *s, bool special, bool linklocal)
{
	struct in6_addr a = a6(s);
	char name[96];

	snprintf(name, sizeof(name), "addr: %s is %sspecial%s", s,
		 special ? "" : "not ", linklocal ? ", link local" : "");
	unit_check(nat64_addr_v6_special(&a) == special &&
		   nat64_addr_v6_linklocal(&a) == linklocal, name,
		   "wrong answer");
}

static void test_special6(void)
{
	expect_special6("::", true, false);
	expect_special6("::1", true, false);
	expect_special6("::2", false, false);
	expect_special6("::ffff:192.0.2.1", true, false);
	expect_special6("::fffe:192.0.2.1", false, false);
	expect_special6("fe80::1", true, true);
	expect_special6("febf:ffff::1", true, true);
	expect_special6("fec0::1", false, false);
	expect_special6("fe7f::1", false, false);
	expect_special6("ff02::1", true, false);
	expect_special6("2001:db8::1", false, false);
	expect_special6("64:ff9b::192.0.2.1", false, false);
}

static void expect_global(const char *s, bool nonglobal)
{
	struct in_addr a;
	char name[96];

	if (inet_pton(AF_INET, s, &a) != 1)
		abort();
	snprintf(name, sizeof(name), "addr: %s is %s", s,
		 nonglobal ? "non-global" : "global");
	unit_check(nat64_addr_v4_nonglobal(a.s_addr) == nonglobal, name,
		   "wrong answer");
}

/* RFC 6052 section 3.1, at each edge of each block. */
static void test_nonglobal(void)
{
	static const char *const non[] = {
		"0.0.0.0", "0.255.255.255", "10.0.0.0", "10.255.255.255",
		"100.64.0.0", "100.127.255.255", "127.0.0.1",
		"169.254.1.1", "172.16.0.0", "172.31.255.255", "192.0.0.8",
		"192.0.0.0", "192.0.0.11", "192.0.0.255", "192.168.0.1", "198.18.0.0", "198.19.255.255", "224.0.0.1",
		"239.255.255.255", "240.0.0.1", "255.255.255.255",
	};
	static const char *const glob[] = {
		"1.1.1.1", "9.255.255.255", "11.0.0.0", "100.63.255.255",
		"100.128.0.0", "126.255.255.255", "128.0.0.0", "169.253.0.1",
		"172.15.255.255", "172.32.0.0", "192.0.1.0", "192.0.2.1",
		"198.51.100.7", "203.0.113.9", "192.167.255.255",
		"192.169.0.0", "198.17.255.255", "198.20.0.0",
		"223.255.255.255", "192.0.0.9", "192.0.0.10",
	};
	struct in6_addr wkp = a6("64:ff9b::"), lu = a6("64:ff9b:1::");
	unsigned int i;

	for (i = 0; i < sizeof(non) / sizeof(non[0]); i++)
		expect_global(non[i], true);
	for (i = 0; i < sizeof(glob) / sizeof(glob[0]); i++)
		expect_global(glob[i], false);
	unit_check(nat64_pool6_is_wkp(&wkp, 96), "addr: 64:ff9b::/96 is the WKP",
		   "not recognised");
	unit_check(!nat64_pool6_is_wkp(&lu, 48),
		   "addr: 64:ff9b:1::/48 is not the WKP", "taken for it");
}

int main(void)
{
	test_rfc_table();
	test_roundtrip();
	test_pool6_check();
	test_nonglobal();
	test_special4();
	test_special6();
	return unit_failed ? 1 : 0;
}
