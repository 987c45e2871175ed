// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for nat64ctl's parsers, its text/JSON printer and the error
 * messages of its command line, checked word for word: they are the
 * user interface.  Nothing here opens a netlink socket; every nat64ctl()
 * run below fails while parsing, before the kernel would be asked.
 *
 * Prints "PASS  ctl-parse: NAME" or "FAIL  ctl-parse: NAME: WHY" per test
 * and exits non-zero if any failed.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <nat64.h>

#include "bib.h"
#include "ctl_test.h"
#include "global.h"
#include "instance.h"
#include "json_print.h"
#include "nat64ctl.h"
#include "parse.h"
#include "pool4.h"
#include "prometheus.h"
#include "session.h"
#include "stats.h"

const char *test_suite = "ctl-parse";

/* A parser that should fail with exactly @msg. */
static void expect_error(const char *name, int ret, const char *msg)
{
	if (ret != -1)
		fail(name, "accepted (returned %d), expected \"%s\"", ret, msg);
	else if (strcmp(parse_error(), msg))
		fail(name, "said \"%s\", expected \"%s\"", parse_error(), msg);
	else
		pass(name);
}

/* A parser that should succeed and produce @want (@got is the result). */
static void expect_uint(const char *name, int ret, const unsigned int *got,
			unsigned int want)
{
	if (ret)
		fail(name, "refused: %s", parse_error());
	else if (*got != want)
		fail(name, "gave %u, expected %u", *got, want);
	else
		pass(name);
}

/* parse_switch() as a number, for expect_uint(). */
static int parse_switch_uint(const char *what, const char *s,
			     unsigned int *out)
{
	bool on = false;
	int ret = parse_switch(what, s, &on);

	*out = on;
	return ret;
}

/* ---- numbers ---- */

static void test_uint(void)
{
	static const struct {
		const char *in;
		bool ok;
		unsigned int v;
	} cases[] = {
		{ "0", true, 0 }, { "1280", true, 1280 }, { "65535", true, 65535 },
		{ "007", true, 7 },
		{ "65536", false, 0 }, { "", false, 0 }, { "-1", false, 0 },
		{ "+1", false, 0 }, { " 1", false, 0 }, { "1 ", false, 0 },
		{ "0x10", false, 0 }, { "1e3", false, 0 },
		{ "99999999999999999999999", false, 0 },
	};
	unsigned int i, v;
	char name[64];

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int ret = parse_uint("n", cases[i].in, 0, 65535, &v);

		snprintf(name, sizeof(name), "uint '%s'", cases[i].in);
		if (cases[i].ok) {
			expect_uint(name, ret, &v, cases[i].v);
		} else {
			char msg[128];

			snprintf(msg, sizeof(msg), "n must be 0-65535, not '%s'",
				 cases[i].in);
			expect_error(name, ret, msg);
		}
	}
	expect_error("uint below min", parse_uint("mtu", "1279", 1280, 65535, &v),
		     "mtu must be 1280-65535, not '1279'");
}

static void test_uint_hex(void)
{
	unsigned int v;

	expect_uint("hex 0x2e", parse_uint_hex("tos", "0x2e", 0, 255, &v), &v, 46);
	expect_uint("hex 0XFF", parse_uint_hex("tos", "0XFF", 0, 255, &v), &v, 255);
	expect_uint("hex decimal 46", parse_uint_hex("tos", "46", 0, 255, &v), &v, 46);
	expect_uint("hex 0", parse_uint_hex("tos", "0", 0, 255, &v), &v, 0);
	expect_error("hex 0x100", parse_uint_hex("tos", "0x100", 0, 255, &v),
		     "tos must be 0-255, not '0x100'");
	expect_error("hex 256", parse_uint_hex("tos", "256", 0, 255, &v),
		     "tos must be 0-255, not '256'");
	expect_error("hex bare 0x", parse_uint_hex("tos", "0x", 0, 255, &v),
		     "tos must be 0-255, not '0x'");
	expect_error("hex 0xg", parse_uint_hex("tos", "0xg", 0, 255, &v),
		     "tos must be 0-255, not '0xg'");
	expect_error("hex -1", parse_uint_hex("tos", "-1", 0, 255, &v),
		     "tos must be 0-255, not '-1'");
	expect_error("hex huge",
		     parse_uint_hex("tos", "0xffffffffffffffffffff", 0, 255, &v),
		     "tos must be 0-255, not '0xffffffffffffffffffff'");
}

/* ---- durations ---- */

static void test_duration(void)
{
	static const struct {
		const char *in;
		unsigned int v;
	} good[] = {
		{ "300", 300 }, { "120", 120 }, { "604800", 604800 },
		{ "5m", 300 }, { "2h4m", 7440 }, { "2h", 7200 }, { "7d", 604800 },
		{ "1d2h3m4s", 93784 }, { "300s", 300 }, { "4m0s", 240 },
		{ "0d2h", 7200 }, { "0300", 300 },
	};
	static const char *const syntax[] = {
		"", "m", "5x", "4m2h", "5m5m", "2h30", "-5", "+5", " 5", "5 m",
		"1.5h", "5M", "h5", "0x100", "99999999999d",
	};
	const char *what = "udp-timeout";
	unsigned int min = NAT64_UDP_TIMEOUT_MIN, max = NAT64_TIMEOUT_MAX;
	char name[64], msg[160];
	unsigned int i, v;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		snprintf(name, sizeof(name), "duration '%s'", good[i].in);
		expect_uint(name, parse_duration(what, good[i].in, min, max, &v),
			    &v, good[i].v);
	}
	for (i = 0; i < ARRAY_SIZE(syntax); i++) {
		snprintf(name, sizeof(name), "duration syntax '%s'", syntax[i]);
		snprintf(msg, sizeof(msg),
			 "udp-timeout must be a number of seconds or a duration like 5m or 2h4m, not '%s'",
			 syntax[i]);
		expect_error(name, parse_duration(what, syntax[i], min, max, &v),
			     msg);
	}
	expect_error("duration below min", parse_duration(what, "30", min, max, &v),
		     "udp-timeout must be 120-604800 seconds, not '30'");
	expect_error("duration above max",
		     parse_duration(what, "604801", min, max, &v),
		     "udp-timeout must be 120-604800 seconds, not '604801'");
	expect_error("duration with units below min",
		     parse_duration(what, "1m", min, max, &v),
		     "udp-timeout must be 120-604800 seconds, not '1m' (60 seconds)");
	expect_error("duration with units above max",
		     parse_duration(what, "7d1s", min, max, &v),
		     "udp-timeout must be 120-604800 seconds, not '7d1s' (604801 seconds)");
	expect_error("duration overflowing u32",
		     parse_duration(what, "99999999999999999999", min, max, &v),
		     "udp-timeout must be 120-604800 seconds, not '99999999999999999999'");
}

/* ---- words ---- */

static void test_words(void)
{
	unsigned int v;
	bool on;

	expect_uint("switch on", parse_switch_uint("tos-override", "on", &v),
		    &v, 1);
	expect_uint("switch off", parse_switch_uint("tos-override", "off", &v),
		    &v, 0);
	expect_error("switch yes", parse_switch("drop-external-tcp", "yes", &on),
		     "drop-external-tcp must be 'on' or 'off', not 'yes'");
	expect_error("switch 1", parse_switch("tos-override", "1", &on),
		     "tos-override must be 'on' or 'off', not '1'");
	expect_error("switch ON", parse_switch("tos-override", "ON", &on),
		     "tos-override must be 'on' or 'off', not 'ON'");

	expect_uint("proto tcp", parse_proto("tcp", &v), &v, NAT64_PROTO_TCP);
	expect_uint("proto udp", parse_proto("udp", &v), &v, NAT64_PROTO_UDP);
	expect_uint("proto icmp", parse_proto("icmp", &v), &v, NAT64_PROTO_ICMP);
	expect_error("proto sctp", parse_proto("sctp", &v),
		     "proto must be 'tcp', 'udp' or 'icmp', not 'sctp'");
	expect_error("proto prefix 'tc'", parse_proto("tc", &v),
		     "proto must be 'tcp', 'udp' or 'icmp', not 'tc'");
	expect_error("proto TCP", parse_proto("TCP", &v),
		     "proto must be 'tcp', 'udp' or 'icmp', not 'TCP'");

	expect_uint("filtering endpoint-independent",
		    parse_filtering("endpoint-independent", &v), &v,
		    NAT64_FILTERING_ENDPOINT_INDEPENDENT);
	expect_uint("filtering address-dependent",
		    parse_filtering("address-dependent", &v), &v,
		    NAT64_FILTERING_ADDRESS_DEPENDENT);
	expect_error("filtering eif", parse_filtering("eif", &v),
		     "filtering must be 'endpoint-independent' or 'address-dependent', not 'eif'");

	expect_true("proto names", !strcmp(proto_name(NAT64_PROTO_TCP), "tcp") &&
		    !strcmp(proto_name(NAT64_PROTO_UDP), "udp") &&
		    !strcmp(proto_name(NAT64_PROTO_ICMP), "icmp") &&
		    !strcmp(proto_name(NAT64_PROTO_COUNT), "unknown"),
		    "wrong name");
	expect_true("filtering names",
		    !strcmp(filtering_name(NAT64_FILTERING_ADDRESS_DEPENDENT),
			    "address-dependent") &&
		    !strcmp(filtering_name(200), "unknown"), "wrong name");
}

/* ---- prefixes ---- */

static void good_prefix4(const char *in, const char *out)
{
	char name[80], buf[PREFIX4_STRLEN];
	struct prefix4 p;

	snprintf(name, sizeof(name), "prefix4 '%s'", in);
	if (parse_prefix4("pool4 prefix", in, NAT64_POOL4_PLEN_MIN, &p))
		fail(name, "refused: %s", parse_error());
	else if (strcmp(format_prefix4(&p, buf, sizeof(buf)), out))
		fail(name, "gave %s, expected %s", buf, out);
	else
		pass(name);
}

static void bad_prefix4(const char *in, const char *msg)
{
	char name[80];
	struct prefix4 p;

	snprintf(name, sizeof(name), "prefix4 bad '%s'", in);
	expect_error(name, parse_prefix4("pool4 prefix", in,
					 NAT64_POOL4_PLEN_MIN, &p), msg);
}

static void test_prefix4(void)
{
	good_prefix4("192.0.2.1", "192.0.2.1/32");
	good_prefix4("192.0.2.1/32", "192.0.2.1/32");
	good_prefix4("192.0.2.0/24", "192.0.2.0/24");
	good_prefix4("198.51.100.0/31", "198.51.100.0/31");
	good_prefix4("10.0.0.0/16", "10.0.0.0/16");

	bad_prefix4("1.2.3.4/40", "pool4 prefix length must be 16-32, not '40'");
	bad_prefix4("10.0.0.0/8", "pool4 prefix length must be 16-32, not '8'");
	bad_prefix4("1.2.3.4/", "pool4 prefix length must be 16-32, not ''");
	bad_prefix4("1.2.3.4/+24", "pool4 prefix length must be 16-32, not '+24'");
	bad_prefix4("1.2.3.4/24/1", "pool4 prefix length must be 16-32, not '24/1'");
	bad_prefix4("192.0.2.1/24",
		    "192.0.2.1/24 has host bits set (did you mean 192.0.2.0/24?)");
	bad_prefix4("10.1.255.255/16",
		    "10.1.255.255/16 has host bits set (did you mean 10.1.0.0/16?)");
	bad_prefix4("1.2.3",
		    "pool4 prefix must be an IPv4 address or prefix like 192.0.2.0/24, not '1.2.3'");
	bad_prefix4("1.2.3.256",
		    "pool4 prefix must be an IPv4 address or prefix like 192.0.2.0/24, not '1.2.3.256'");
	bad_prefix4("::1",
		    "pool4 prefix must be an IPv4 address or prefix like 192.0.2.0/24, not '::1'");
	bad_prefix4("/24",
		    "pool4 prefix must be an IPv4 address or prefix like 192.0.2.0/24, not '/24'");
	bad_prefix4("",
		    "pool4 prefix must be an IPv4 address or prefix like 192.0.2.0/24, not ''");
	bad_prefix4("example.com",
		    "pool4 prefix must be an IPv4 address or prefix like 192.0.2.0/24, not 'example.com'");
}

static void good_prefix6(const char *in, const char *out)
{
	char name[80], buf[PREFIX6_STRLEN];
	struct prefix6 p;

	snprintf(name, sizeof(name), "prefix6 '%s'", in);
	if (parse_prefix6("pool6 prefix", in, &p))
		fail(name, "refused: %s", parse_error());
	else if (strcmp(format_prefix6(&p, buf, sizeof(buf)), out))
		fail(name, "gave %s, expected %s", buf, out);
	else
		pass(name);
}

static void bad_prefix6(const char *in, const char *msg)
{
	char name[80];
	struct prefix6 p;

	snprintf(name, sizeof(name), "prefix6 bad '%s'", in);
	expect_error(name, parse_prefix6("pool6 prefix", in, &p), msg);
}

static void test_prefix6(void)
{
	static const unsigned int lens[] = { 32, 40, 48, 56, 64, 96 };
	unsigned int len;
	int valid = 0;

	good_prefix6("64:ff9b::/96", "64:ff9b::/96");
	good_prefix6("2001:db8::/32", "2001:db8::/32");
	good_prefix6("2001:db8:100::/40", "2001:db8:100::/40");
	good_prefix6("2001:db8:1::/48", "2001:db8:1::/48");
	good_prefix6("2001:db8:1:100::/56", "2001:db8:1:100::/56");
	good_prefix6("2001:db8:1:2::/64", "2001:db8:1:2::/64");
	good_prefix6("2001:DB8:0:0:0:0::/96", "2001:db8::/96");
	good_prefix6("64:ff9b:1:0:0:ff::/96", "64:ff9b:1::ff:0:0/96");

	bad_prefix6("64:ff9b::",
		    "pool6 prefix needs a /length (one of 32, 40, 48, 56, 64, 96), not '64:ff9b::'");
	bad_prefix6("64:ff9b::/80",
		    "pool6 prefix length must be one of 32, 40, 48, 56, 64, 96, not '80'");
	bad_prefix6("64:ff9b::/128",
		    "pool6 prefix length must be one of 32, 40, 48, 56, 64, 96, not '128'");
	bad_prefix6("64:ff9b::/4294967392",
		    "pool6 prefix length must be one of 32, 40, 48, 56, 64, 96, not '4294967392'");
	bad_prefix6("64:ff9b::/",
		    "pool6 prefix length must be one of 32, 40, 48, 56, 64, 96, not ''");
	bad_prefix6("64:ff9b::1/96",
		    "64:ff9b::1/96 has host bits set (did you mean 64:ff9b::/96?)");
	bad_prefix6("2001:db8:1::/32",
		    "2001:db8:1::/32 has host bits set (did you mean 2001:db8::/32?)");
	bad_prefix6("64:ff9b:0:0:100::/96",
		    "64:ff9b:0:0:100::/96 sets bits 64-71, which RFC 6052 reserves (they must be zero)");
	bad_prefix6("192.0.2.0/96",
		    "pool6 prefix must be an IPv6 prefix like 64:ff9b::/96, not '192.0.2.0/96'");
	bad_prefix6("64:ff9b::%eth0/96",
		    "pool6 prefix must be an IPv6 prefix like 64:ff9b::/96, not '64:ff9b::%eth0/96'");
	bad_prefix6("64:ff9b:::/96",
		    "pool6 prefix must be an IPv6 prefix like 64:ff9b::/96, not '64:ff9b:::/96'");

	for (len = 0; len <= 128; len++)
		valid += pool6_len_valid(len);
	expect_true("pool6 lengths are RFC 6052's",
		    valid == (int)ARRAY_SIZE(lens) &&
		    pool6_len_valid(32) && pool6_len_valid(40) &&
		    pool6_len_valid(48) && pool6_len_valid(56) &&
		    pool6_len_valid(64) && pool6_len_valid(96),
		    "wrong set of lengths");
}

/* ---- ports ---- */

static void good_ports(const char *in, unsigned int min, unsigned int lo,
		       unsigned int hi)
{
	char name[80];
	struct port_range r;

	snprintf(name, sizeof(name), "ports '%s' (min %u)", in, min);
	if (parse_ports("port", in, min, &r))
		fail(name, "refused: %s", parse_error());
	else if (r.min != lo || r.max != hi)
		fail(name, "gave %u-%u, expected %u-%u", r.min, r.max, lo, hi);
	else
		pass(name);
}

static void bad_ports(const char *in, unsigned int min, const char *msg)
{
	char name[80];
	struct port_range r;

	snprintf(name, sizeof(name), "ports bad '%s' (min %u)", in, min);
	expect_error(name, parse_ports("port", in, min, &r), msg);
}

static void test_ports(void)
{
	good_ports("1024-65535", 1, 1024, 65535);
	good_ports("80", 1, 80, 80);
	good_ports("1-1", 1, 1, 1);
	good_ports("0-65535", 0, 0, 65535);
	good_ports("0", 0, 0, 0);

	bad_ports("70000", 1, "port must be 1-65535, not '70000'");
	bad_ports("1-70000", 1, "port must be 1-65535, not '70000'");
	bad_ports("0", 1, "port must be 1-65535, not '0'");
	bad_ports("0-100", 1, "port must be 1-65535, not '0'");
	bad_ports("a-b", 1, "port must be 1-65535, not 'a'");
	bad_ports("", 1, "port must be 1-65535, not ''");
	bad_ports("2000-1000", 1,
		  "ports must be MIN-MAX with MIN <= MAX, not '2000-1000'");
	bad_ports("-5", 1, "ports must be PORT or MIN-MAX, not '-5'");
	bad_ports("5-", 1, "ports must be PORT or MIN-MAX, not '5-'");
	bad_ports("1-2-3", 1, "ports must be PORT or MIN-MAX, not '1-2-3'");
	bad_ports("-", 0, "ports must be PORT or MIN-MAX, not '-'");
}

/* ---- keyword lists and objects ---- */

static int pool4_words(const char *cmd, const char *line,
		       struct pool4_req *req)
{
	char buf[256], *argv[16];

	snprintf(buf, sizeof(buf), "%s", line);
	return pool4_parse(cmd, split(buf, argv, 16), argv, req);
}

static void good_pool4(const char *cmd, const char *line, const char *want)
{
	char name[128], got[128], prefix[PREFIX4_STRLEN];
	struct pool4_req r;

	snprintf(name, sizeof(name), "pool4 %s '%s'", cmd, line);
	if (pool4_words(cmd, line, &r)) {
		fail(name, "refused: %s", parse_error());
		return;
	}
	snprintf(got, sizeof(got), "%s proto %s ports %u-%u",
		 format_prefix4(&r.prefix, prefix, sizeof(prefix)),
		 r.has_proto ? proto_name(r.proto) : "all",
		 r.has_ports ? r.ports.min : 0, r.has_ports ? r.ports.max : 0);
	if (strcmp(got, want))
		fail(name, "gave \"%s\", expected \"%s\"", got, want);
	else
		pass(name);
}

static void bad_pool4(const char *cmd, const char *line, const char *msg)
{
	char name[128];
	struct pool4_req r;

	snprintf(name, sizeof(name), "pool4 %s bad '%s'", cmd, line);
	expect_error(name, pool4_words(cmd, line, &r), msg);
}

static void test_pool4(void)
{
	good_pool4("add", "192.0.2.1", "192.0.2.1/32 proto all ports 0-0");
	good_pool4("add", "192.0.2.0/24 proto udp ports 1024-2047",
		   "192.0.2.0/24 proto udp ports 1024-2047");
	good_pool4("add", "192.0.2.0/24 ports 2000 proto tcp",
		   "192.0.2.0/24 proto tcp ports 2000-2000");
	good_pool4("add", "192.0.2.0/24 ports 0-10 proto icmp",
		   "192.0.2.0/24 proto icmp ports 0-10");
	good_pool4("del", "192.0.2.0/24 proto icmp",
		   "192.0.2.0/24 proto icmp ports 0-0");
	good_pool4("flush", "", "0.0.0.0/0 proto all ports 0-0");
	good_pool4("flush", "proto tcp", "0.0.0.0/0 proto tcp ports 0-0");
	good_pool4("show", "proto icmp", "0.0.0.0/0 proto icmp ports 0-0");

	bad_pool4("add", "1.2.3.4/40",
		  "pool4 prefix length must be 16-32, not '40'");
	bad_pool4("add", "", "pool4 add needs an IPv4 prefix");
	bad_pool4("del", "", "pool4 del needs an IPv4 prefix");
	bad_pool4("add", "proto tcp",
		  "pool4 add needs an IPv4 prefix before 'proto'");
	bad_pool4("del", "ports 1-2",
		  "pool4 del needs an IPv4 prefix before 'ports'");
	bad_pool4("add", "192.0.2.1 proto", "missing value after 'proto'");
	bad_pool4("add", "192.0.2.1 ports", "missing value after 'ports'");
	bad_pool4("add", "192.0.2.1 proto tcp proto udp", "'proto' given twice");
	bad_pool4("add", "192.0.2.1 ports 1 ports 2", "'ports' given twice");
	bad_pool4("add", "192.0.2.1 port 80",
		  "unknown pool4 add argument 'port'; expected 'proto' or 'ports'");
	bad_pool4("add", "192.0.2.1 198.51.100.1",
		  "unknown pool4 add argument '198.51.100.1'; expected 'proto' or 'ports'");
	bad_pool4("add", "192.0.2.1 proto sctp",
		  "proto must be 'tcp', 'udp' or 'icmp', not 'sctp'");
	bad_pool4("add", "192.0.2.1 ports 70000",
		  "port must be 1-65535, not '70000'");
	bad_pool4("add", "192.0.2.1 ports 0-10",
		  "port must be 1-65535, not '0'");
	bad_pool4("add", "192.0.2.1 ports 0-10 proto udp",
		  "port must be 1-65535, not '0'");
	bad_pool4("add", "192.0.2.1 proto icmp ports 1-70000",
		  "icmp identifier must be 0-65535, not '70000'");
	bad_pool4("del", "192.0.2.1 ports 9-8",
		  "ports must be MIN-MAX with MIN <= MAX, not '9-8'");
	bad_pool4("show", "ports 1-2",
		  "unknown pool4 show argument 'ports'; expected 'proto'");
	bad_pool4("flush", "192.0.2.1",
		  "unknown pool4 flush argument '192.0.2.1'; expected 'proto'");
	bad_pool4("flush", "proto", "missing value after 'proto'");
}

static int instance_words(const char *line, struct instance_req *req)
{
	char buf[256], *argv[16];

	snprintf(buf, sizeof(buf), "%s", line);
	return instance_parse_add(split(buf, argv, 16), argv, req);
}

static void test_instance(void)
{
	char buf[PREFIX6_STRLEN], names[64];
	struct instance_req r;
	int ret;

	ret = instance_words("pool6 64:ff9b::/96", &r);
	expect_true("instance add pool6 64:ff9b::/96",
		    !ret && !strcmp(format_prefix6(&r.pool6, buf, sizeof(buf)),
				    "64:ff9b::/96"), parse_error());
	expect_error("instance add ''", instance_words("", &r),
		     "instance add needs 'pool6 PREFIX6'");
	expect_error("instance add pool6", instance_words("pool6", &r),
		     "missing value after 'pool6'");
	expect_error("instance add prefix", instance_words("prefix 64:ff9b::/96", &r),
		     "unknown instance add argument 'prefix'; expected 'pool6' or 'mode'");
	expect_error("instance add twice",
		     instance_words("pool6 64:ff9b::/96 pool6 64:ff9b::/96", &r),
		     "'pool6' given twice");
	expect_error("instance add /80", instance_words("pool6 64:ff9b::/80", &r),
		     "pool6 prefix length must be one of 32, 40, 48, 56, 64, 96, not '80'");

	/* The mode: netfilter unless said, either word, in any place. */
	r.mode = 99;
	ret = instance_words("pool6 64:ff9b::/96", &r);
	expect_true("instance add: mode netfilter by default",
		    !ret && r.mode == NAT64_INSTANCE_MODE_NETFILTER,
		    parse_error());
	ret = instance_words("pool6 64:ff9b::/96 mode target", &r);
	expect_true("instance add mode target",
		    !ret && r.mode == NAT64_INSTANCE_MODE_TARGET, parse_error());
	ret = instance_words("mode target pool6 2001:db8::/32", &r);
	expect_true("instance add mode target, first",
		    !ret && r.mode == NAT64_INSTANCE_MODE_TARGET &&
		    !strcmp(format_prefix6(&r.pool6, buf, sizeof(buf)),
			    "2001:db8::/32"), parse_error());
	ret = instance_words("pool6 64:ff9b::/96 mode netfilter", &r);
	expect_true("instance add mode netfilter",
		    !ret && r.mode == NAT64_INSTANCE_MODE_NETFILTER,
		    parse_error());
	expect_error("instance add mode hooks",
		     instance_words("pool6 64:ff9b::/96 mode hooks", &r),
		     "mode must be 'netfilter' or 'target', not 'hooks'");
	expect_error("instance add mode tar (no abbreviations)",
		     instance_words("pool6 64:ff9b::/96 mode tar", &r),
		     "mode must be 'netfilter' or 'target', not 'tar'");
	expect_error("instance add mode Target",
		     instance_words("pool6 64:ff9b::/96 mode Target", &r),
		     "mode must be 'netfilter' or 'target', not 'Target'");
	expect_error("instance add mode twice",
		     instance_words("pool6 64:ff9b::/96 mode target mode target", &r),
		     "'mode' given twice");
	expect_error("instance add mode twice, different",
		     instance_words("mode netfilter pool6 64:ff9b::/96 mode target", &r),
		     "'mode' given twice");
	expect_error("instance add mode, no value",
		     instance_words("pool6 64:ff9b::/96 mode", &r),
		     "missing value after 'mode'");
	expect_error("instance add mode, no pool6",
		     instance_words("mode target", &r),
		     "instance add needs 'pool6 PREFIX6'");
	expect_error("instance add bad pool6 and mode",
		     instance_words("pool6 64:ff9b::/80 mode target", &r),
		     "pool6 prefix length must be one of 32, 40, 48, 56, 64, 96, not '80'");
	/* A mode of a later kernel stays visible, not taken for another. */
	snprintf(names, sizeof(names), "%s %s %s",
		 instance_mode_name(NAT64_INSTANCE_MODE_NETFILTER),
		 instance_mode_name(NAT64_INSTANCE_MODE_TARGET),
		 instance_mode_name(NAT64_INSTANCE_MODE_COUNT));
	expect_str("instance mode names", names, "netfilter target unknown");
}

static int global_words(const char *line, struct global_req *req)
{
	char buf[512], *argv[16];

	snprintf(buf, sizeof(buf), "%s", line);
	return global_parse_set(split(buf, argv, 16), argv, req);
}

static void good_global(const char *line, unsigned int attr,
			unsigned int want)
{
	struct global_req r;
	char name[128];
	unsigned int i, set = 0;

	snprintf(name, sizeof(name), "global set '%s'", line);
	if (global_words(line, &r)) {
		fail(name, "refused: %s", parse_error());
		return;
	}
	for (i = 0; i < ARRAY_SIZE(r.set); i++)
		set += r.set[i];
	if (set != 1 || !r.set[attr])
		fail(name, "set the wrong keys");
	else
		expect_uint(name, 0, &r.value[attr], want);
}

static void bad_global(const char *line, const char *msg)
{
	struct global_req r;
	char name[128];

	snprintf(name, sizeof(name), "global set bad '%s'", line);
	expect_error(name, global_words(line, &r), msg);
}

static void test_global_limits(void)
{
	good_global("udp-timeout 120", NAT64_GLOBAL_A_UDP_TIMEOUT, 120);
	good_global("udp-timeout 5m", NAT64_GLOBAL_A_UDP_TIMEOUT, 300);
	good_global("udp-timeout 7d", NAT64_GLOBAL_A_UDP_TIMEOUT, 604800);
	good_global("tcp-est-timeout 2h4m", NAT64_GLOBAL_A_TCP_EST_TIMEOUT, 7440);
	good_global("tcp-trans-timeout 4m", NAT64_GLOBAL_A_TCP_TRANS_TIMEOUT, 240);
	good_global("icmp-timeout 60", NAT64_GLOBAL_A_ICMP_TIMEOUT, 60);
	good_global("filtering address-dependent", NAT64_GLOBAL_A_FILTERING,
		    NAT64_FILTERING_ADDRESS_DEPENDENT);
	good_global("drop-external-tcp on", NAT64_GLOBAL_A_DROP_EXTERNAL_TCP, 1);
	good_global("tos-override off", NAT64_GLOBAL_A_TOS_OVERRIDE, 0);
	good_global("tos 0x2e", NAT64_GLOBAL_A_TOS, 46);
	good_global("tos 255", NAT64_GLOBAL_A_TOS, 255);
	good_global("lowest-ipv6-mtu 1280", NAT64_GLOBAL_A_LOWEST_IPV6_MTU, 1280);
	good_global("lowest-ipv6-mtu 65535", NAT64_GLOBAL_A_LOWEST_IPV6_MTU, 65535);
	good_global("max-stored-syns 0", NAT64_GLOBAL_A_MAX_STORED_SYNS, 0);
	good_global("max-stored-syns 65536", NAT64_GLOBAL_A_MAX_STORED_SYNS, 65536);
	good_global("max-sessions 1", NAT64_GLOBAL_A_MAX_SESSIONS, 1);
	good_global("max-sessions 67108864", NAT64_GLOBAL_A_MAX_SESSIONS,
		    67108864);

	bad_global("udp-timeout 30",
		   "udp-timeout must be 120-604800 seconds, not '30'");
	bad_global("udp-timeout 8d",
		   "udp-timeout must be 120-604800 seconds, not '8d' (691200 seconds)");
	bad_global("tcp-est-timeout 7439",
		   "tcp-est-timeout must be 7440-604800 seconds, not '7439'");
	bad_global("tcp-est-timeout 2h",
		   "tcp-est-timeout must be 7440-604800 seconds, not '2h' (7200 seconds)");
	bad_global("tcp-trans-timeout 239",
		   "tcp-trans-timeout must be 240-604800 seconds, not '239'");
	bad_global("icmp-timeout 59",
		   "icmp-timeout must be 60-604800 seconds, not '59'");
	bad_global("icmp-timeout soon",
		   "icmp-timeout must be a number of seconds or a duration like 5m or 2h4m, not 'soon'");
	bad_global("filtering eif",
		   "filtering must be 'endpoint-independent' or 'address-dependent', not 'eif'");
	bad_global("drop-external-tcp yes",
		   "drop-external-tcp must be 'on' or 'off', not 'yes'");
	bad_global("tos-override 1",
		   "tos-override must be 'on' or 'off', not '1'");
	bad_global("tos 256", "tos must be 0-255, not '256'");
	bad_global("tos 0x100", "tos must be 0-255, not '0x100'");
	bad_global("lowest-ipv6-mtu 1279",
		   "lowest-ipv6-mtu must be 1280-65535, not '1279'");
	bad_global("lowest-ipv6-mtu 65536",
		   "lowest-ipv6-mtu must be 1280-65535, not '65536'");
	bad_global("max-stored-syns 65537",
		   "max-stored-syns must be 0-65536, not '65537'");
	bad_global("max-sessions 0", "max-sessions must be 1-67108864, not '0'");
	bad_global("max-sessions 67108865",
		   "max-sessions must be 1-67108864, not '67108865'");
	bad_global("max-sessions 1k", "max-sessions must be 1-67108864, not '1k'");
}

/* icmp-src-pool4: one key, two attributes (address as sent, length). */
static void good_pool(const char *line, const char *addr, unsigned int len)
{
	struct global_req r;
	char name[128];
	struct in_addr want;
	unsigned int i, set = 0;

	snprintf(name, sizeof(name), "global set '%s'", line);
	inet_pton(AF_INET, addr, &want);
	if (global_words(line, &r)) {
		fail(name, "refused: %s", parse_error());
		return;
	}
	for (i = 0; i < ARRAY_SIZE(r.set); i++)
		set += r.set[i];
	expect_true(name, set == 2 && r.set[NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR] &&
		    r.set[NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN] &&
		    !memcmp(&r.value[NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR], &want,
			    sizeof(want)) &&
		    r.value[NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN] == len,
		    "wrong keys or values");
}

static void test_global_pool(void)
{
	good_pool("icmp-src-pool4 192.0.2.0/29", "192.0.2.0", 29);
	good_pool("icmp-src-pool4 198.51.100.7", "198.51.100.7", 32);
	good_pool("icmp-src-pool4 203.0.0.0/16", "203.0.0.0", 16);
	good_pool("icmp-src-pool4 none", "0.0.0.0", 0);
	{
		char k[] = "icmp-src-pool4", v[] = "", *argv[] = { k, v };
		struct global_req r;

		expect_true("global set icmp-src-pool4 '' (empty: none)",
			    !global_parse_set(2, argv, &r) &&
			    r.set[NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN] &&
			    !r.value[NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN] &&
			    !r.value[NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR],
			    parse_error());
	}
	bad_global("icmp-src-pool4 192.0.2.1/29",
		   "192.0.2.1/29 has host bits set (did you mean 192.0.2.0/29?)");
	bad_global("icmp-src-pool4 10.0.0.0/8",
		   "icmp-src-pool4 length must be 16-32, not '8'");
	bad_global("icmp-src-pool4 192.0.2.0/33",
		   "icmp-src-pool4 length must be 16-32, not '33'");
	bad_global("icmp-src-pool4 off",
		   "icmp-src-pool4 must be an IPv4 address or prefix like 192.0.2.0/24, not 'off'");
	bad_global("icmp-src-pool4 none icmp-src-pool4 none",
		   "'icmp-src-pool4' given twice");
}

static void test_global_syntax(void)
{
	struct global_req r;
	unsigned int attr;
	int ret;
	bool named = true;

	ret = global_words("udp-timeout 600 tos-override on tos 0x10", &r);
	expect_true("global set three keys",
		    !ret && r.set[NAT64_GLOBAL_A_UDP_TIMEOUT] &&
		    r.value[NAT64_GLOBAL_A_UDP_TIMEOUT] == 600 &&
		    r.set[NAT64_GLOBAL_A_TOS_OVERRIDE] &&
		    r.value[NAT64_GLOBAL_A_TOS_OVERRIDE] == 1 &&
		    r.set[NAT64_GLOBAL_A_TOS] &&
		    r.value[NAT64_GLOBAL_A_TOS] == 16 &&
		    !r.set[NAT64_GLOBAL_A_ICMP_TIMEOUT], parse_error());

	bad_global("", "global set needs at least one KEY VALUE pair");
	bad_global("udp-timout 300",
		   "unknown global key 'udp-timout'; try 'nat64ctl global help'");
	bad_global("tos", "missing value after 'tos'");
	bad_global("tos 1 udp-timeout", "missing value after 'udp-timeout'");
	bad_global("tos 1 tos 2", "'tos' given twice");
	bad_global("udp 300",
		   "unknown global key 'udp'; try 'nat64ctl global help'");

	/* Every attribute of the contract has a key, and no two share one. */
	for (attr = 1; attr <= NAT64_GLOBAL_A_MAX; attr++) {
		unsigned int other;

		if (!global_key_name(attr))
			named = false;
		/* A prefix's length rides with its address, under one key. */
		if (named && attr == NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN) {
			named = !strcmp(global_key_name(attr),
					global_key_name(attr - 1));
			continue;
		}
		for (other = 1; named && other < attr; other++)
			if (!strcmp(global_key_name(attr),
				    global_key_name(other)))
				named = false;
	}
	expect_true("global keys cover nat64.h", named &&
		    !global_key_name(0) &&
		    !global_key_name(NAT64_GLOBAL_A_MAX + 1),
		    "an attribute has no (or a duplicate) name");
}

/* ---- quoting ---- */

static void test_quote(void)
{
	char longword[200];

	memset(longword, 'a', sizeof(longword) - 1);
	longword[sizeof(longword) - 1] = '\0';
	expect_true("quote control characters",
		    !strcmp(parse_quote("a\033[31mb\n"), "a?[31mb?"),
		    parse_quote("a\033[31mb\n"));
	expect_true("quote cuts long words",
		    strlen(parse_quote(longword)) == 48 + 3 &&
		    !strcmp(parse_quote(longword) + 48, "..."),
		    parse_quote(longword));
}

/* ---- the printer ---- */

/* Runs @fn with the printer writing into a string; returns it (free it). */
static char *printed(bool json, bool pretty, void (*fn)(void))
{
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);

	if (!fp)
		abort();
	print_start(fp, json, pretty);
	fn();
	print_end();
	fclose(fp);
	return buf;
}

static void expect_printed(const char *name, bool json, bool pretty,
			   void (*fn)(void), const char *want)
{
	char *got = printed(json, pretty, fn);

	if (strcmp(got, want))
		fail(name, "printed \"%s\", expected \"%s\"", got, want);
	else
		pass(name);
	free(got);
}

static void print_instance(void)
{
	print_open_object(NULL);
	print_string(PRINT_ANY, "pool6", "pool6 %s\n", "64:ff9b::/96");
	print_uint(PRINT_ANY, "pool4-entries", "pool4-entries %u\n", 3);
	print_close_object();
}

static void print_empty_array(void)
{
	print_open_array(NULL);
	print_close_array();
}

static void print_entries(void)
{
	unsigned int i;

	print_open_array(NULL);
	for (i = 0; i < 2; i++) {
		print_open_object(NULL);
		print_string(PRINT_ANY, "prefix", "%s", "192.0.2.1/32");
		print_string(PRINT_ANY, "proto", " proto %s", i ? "icmp" : "udp");
		print_uint(PRINT_ANY, "port-min", " ports %u", i ? 0 : 1024);
		print_uint(PRINT_ANY, "port-max", "-%u\n", 65535);
		print_close_object();
	}
	print_close_array();
}

static void print_kinds(void)
{
	print_open_object(NULL);
	print_text("%s ", "tos-override");
	print_onoff(PRINT_ANY, "tos-override", "%s\n", true);
	print_text("%s ", "drop-external-tcp");
	print_onoff(PRINT_ANY, "drop-external-tcp", "%s\n", false);
	print_string(PRINT_JSON, "json-only", "json-only %s\n", "x");
	print_uint(PRINT_TEXT, "text-only", "text-only %u\n", 7);
	print_string(PRINT_ANY, "esc", "esc %s\n", "q\"b\\n\nt\tc\001");
	print_close_object();
}

static void print_nested(void)
{
	print_open_object(NULL);
	print_open_array("list");
	print_uint(PRINT_ANY, NULL, "%u\n", 1);
	print_open_object(NULL);
	print_close_object();
	print_close_array();
	print_open_object("empty");
	print_close_object();
	print_close_object();
}

static void print_counters(void)
{
	print_open_object(NULL);
	print_text("%s ", "xlat-6to4");
	print_u64(PRINT_ANY, "xlat-6to4", "%" PRIu64 "\n", UINT64_MAX);
	print_text("%s ", "hairpin");
	print_u64(PRINT_ANY, "hairpin", "%" PRIu64 "\n", 0);
	print_close_object();
}

static void print_nothing(void)
{
}

/* Two records of a stream, as monitor prints them. */
static void print_records(void)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		print_open_object(NULL);
		print_string(PRINT_ANY, "event", "%s", i ? "b" : "a");
		print_uint(PRINT_ANY, "n", " n %u", i);
		print_close_object();
		print_line_end();
	}
}

static void test_printer(void)
{
	expect_printed("print text instance", false, false, print_instance,
		       "pool6 64:ff9b::/96\npool4-entries 3\n");
	expect_printed("print json instance", true, false, print_instance,
		       "{\"pool6\":\"64:ff9b::/96\",\"pool4-entries\":3}\n");
	expect_printed("print pretty instance", true, true, print_instance,
		       "{\n    \"pool6\": \"64:ff9b::/96\",\n    \"pool4-entries\": 3\n}\n");
	expect_printed("print text empty table", false, false,
		       print_empty_array, "");
	expect_printed("print json empty table", true, false,
		       print_empty_array, "[]\n");
	expect_printed("print pretty empty table", true, true,
		       print_empty_array, "[]\n");
	expect_printed("print text pool4", false, false, print_entries,
		       "192.0.2.1/32 proto udp ports 1024-65535\n"
		       "192.0.2.1/32 proto icmp ports 0-65535\n");
	expect_printed("print json pool4", true, false, print_entries,
		       "[{\"prefix\":\"192.0.2.1/32\",\"proto\":\"udp\",\"port-min\":1024,\"port-max\":65535},"
		       "{\"prefix\":\"192.0.2.1/32\",\"proto\":\"icmp\",\"port-min\":0,\"port-max\":65535}]\n");
	expect_printed("print pretty pool4", true, true, print_entries,
		       "[\n"
		       "    {\n"
		       "        \"prefix\": \"192.0.2.1/32\",\n"
		       "        \"proto\": \"udp\",\n"
		       "        \"port-min\": 1024,\n"
		       "        \"port-max\": 65535\n"
		       "    },\n"
		       "    {\n"
		       "        \"prefix\": \"192.0.2.1/32\",\n"
		       "        \"proto\": \"icmp\",\n"
		       "        \"port-min\": 0,\n"
		       "        \"port-max\": 65535\n"
		       "    }\n"
		       "]\n");
	expect_printed("print text kinds", false, false, print_kinds,
		       "tos-override on\ndrop-external-tcp off\ntext-only 7\n"
		       "esc q\"b\\n\nt\tc\001\n");
	expect_printed("print json kinds and escapes", true, false, print_kinds,
		       "{\"tos-override\":true,\"drop-external-tcp\":false,"
		       "\"json-only\":\"x\",\"esc\":\"q\\\"b\\\\n\\nt\\tc\\u0001\"}\n");
	expect_printed("print json nesting", true, false, print_nested,
		       "{\"list\":[1,{}],\"empty\":{}}\n");
	expect_printed("print pretty nesting", true, true, print_nested,
		       "{\n    \"list\": [\n        1,\n        {}\n    ],\n"
		       "    \"empty\": {}\n}\n");
	expect_printed("print json nothing", true, false, print_nothing, "");
	expect_printed("print text u64", false, false, print_counters,
		       "xlat-6to4 18446744073709551615\nhairpin 0\n");
	expect_printed("print json u64", true, false, print_counters,
		       "{\"xlat-6to4\":18446744073709551615,\"hairpin\":0}\n");
	expect_printed("print text records", false, false, print_records,
		       "a n 0\nb n 1\n");
	expect_printed("print json records, one per line", true, false,
		       print_records,
		       "{\"event\":\"a\",\"n\":0}\n{\"event\":\"b\",\"n\":1}\n");
}

/* ---- transport addresses ---- */

static void good_taddr(const char *in, unsigned int proto, const char *out)
{
	char name[96], buf[TADDR6_STRLEN];
	struct taddr6 t6;
	struct taddr4 t4;
	int ret;

	snprintf(name, sizeof(name), "taddr '%s' (%s)", in, proto_name(proto));
	if (taddr_kind(in) == TADDR_6) {
		ret = parse_taddr6(in, proto, &t6);
		if (!ret)
			format_taddr6(&t6.addr, t6.port, buf, sizeof(buf));
	} else {
		ret = parse_taddr4(in, proto, &t4);
		if (!ret)
			format_taddr4(&t4.addr, t4.port, buf, sizeof(buf));
	}
	if (ret)
		fail(name, "refused: %s", parse_error());
	else if (strcmp(buf, out))
		fail(name, "gave %s, expected %s", buf, out);
	else
		pass(name);
}

static void bad_taddr(const char *in, unsigned int proto, const char *msg)
{
	char name[96];
	struct taddr6 t6;
	struct taddr4 t4;

	snprintf(name, sizeof(name), "taddr bad '%s' (%s)", in,
		 proto_name(proto));
	expect_error(name, taddr_kind(in) == TADDR_6 ?
		     parse_taddr6(in, proto, &t6) :
		     parse_taddr4(in, proto, &t4), msg);
}

static void test_taddr(void)
{
	const char *v6_form = "an IPv6 address and port are written [ADDRESS]:PORT, like [2001:db8::1]:80, not '%s'";
	const char *v4_form = "an IPv4 address and port are written ADDRESS:PORT, like 192.0.2.1:80, not '%s'";
	static const char *const v6_bad[] = {
		"2001:db8::80", "2001:db8::80:80", "[2001:db8::80]", "[]:80",
		"[2001:db8::80]80", "[2001:db8::80:80", "2001:db8::80]:80",
		"[2001:db8::80]-80",
	};
	static const char *const v4_bad[] = { "192.0.2.1", ":80" };
	unsigned int i;
	char msg[256];

	good_taddr("[2001:db8::80]:80", NAT64_PROTO_TCP, "[2001:db8::80]:80");
	good_taddr("[2001:DB8:0::0080]:0080", NAT64_PROTO_UDP,
		   "[2001:db8::80]:80");
	good_taddr("[::ffff:192.0.2.1]:65535", NAT64_PROTO_UDP,
		   "[::ffff:192.0.2.1]:65535");
	good_taddr("[64:ff9b::c000:201]:0", NAT64_PROTO_ICMP,
		   "[64:ff9b::c000:201]:0");
	good_taddr("192.0.2.1:80", NAT64_PROTO_TCP, "192.0.2.1:80");
	good_taddr("198.51.100.7:0", NAT64_PROTO_ICMP, "198.51.100.7:0");
	good_taddr("203.0.113.255:65535", NAT64_PROTO_UDP,
		   "203.0.113.255:65535");

	expect_true("taddr kinds",
		    taddr_kind("[::1]:1") == TADDR_6 &&
		    taddr_kind("::1") == TADDR_6 &&
		    taddr_kind("1.2.3.4:5") == TADDR_4 &&
		    taddr_kind("1.2.3.4") == TADDR_4 &&
		    taddr_kind(":5") == TADDR_4 &&
		    taddr_kind("port") == TADDR_NONE &&
		    taddr_kind("80") == TADDR_NONE &&
		    taddr_kind("") == TADDR_NONE, "misclassified");

	for (i = 0; i < ARRAY_SIZE(v6_bad); i++) {
		snprintf(msg, sizeof(msg), v6_form, v6_bad[i]);
		bad_taddr(v6_bad[i], NAT64_PROTO_TCP, msg);
	}
	for (i = 0; i < ARRAY_SIZE(v4_bad); i++) {
		snprintf(msg, sizeof(msg), v4_form, v4_bad[i]);
		bad_taddr(v4_bad[i], NAT64_PROTO_TCP, msg);
	}
	bad_taddr("192.0.2.1:", NAT64_PROTO_TCP, "port must be 1-65535, not ''");
	bad_taddr("192.0.2.1/32:80", NAT64_PROTO_TCP,
		  "'192.0.2.1/32' is not an IPv4 address (in '192.0.2.1/32:80')");
	bad_taddr("[2001:db8::80]:0", NAT64_PROTO_TCP,
		  "port must be 1-65535, not '0'");
	bad_taddr("192.0.2.1:0", NAT64_PROTO_UDP,
		  "port must be 1-65535, not '0'");
	bad_taddr("192.0.2.1:65536", NAT64_PROTO_UDP,
		  "port must be 1-65535, not '65536'");
	bad_taddr("[::1]:70000", NAT64_PROTO_ICMP,
		  "icmp identifier must be 0-65535, not '70000'");
	bad_taddr("192.0.2.1:-1", NAT64_PROTO_ICMP,
		  "icmp identifier must be 0-65535, not '-1'");
	bad_taddr("192.0.2.1:0x50", NAT64_PROTO_TCP,
		  "port must be 1-65535, not '0x50'");
	bad_taddr("[2001:db8::g]:80", NAT64_PROTO_TCP,
		  "'2001:db8::g' is not an IPv6 address (in '[2001:db8::g]:80')");
	bad_taddr("[192.0.2.1]:80", NAT64_PROTO_TCP,
		  "'192.0.2.1' is not an IPv6 address (in '[192.0.2.1]:80')");
	bad_taddr("192.0.2.256:80", NAT64_PROTO_TCP,
		  "'192.0.2.256' is not an IPv4 address (in '192.0.2.256:80')");
	bad_taddr("[2001:0db8:0000:0000:0000:0000:0000:0000:0000:0000:1]:80",
		  NAT64_PROTO_TCP,
		  "an IPv6 address and port are written [ADDRESS]:PORT, like [2001:db8::1]:80, not '[2001:0db8:0000:0000:0000:0000:0000:0000:0000:00...'");
	bad_taddr("[0000:0000:0000:0000:0000:0000:0000:0000:1]:80",
		  NAT64_PROTO_TCP,
		  "'0000:0000:0000:0000:0000:0000:0000:0000:1' is not an IPv6 address (in '[0000:0000:0000:0000:0000:0000:0000:0000:1]:80')");
}

/* ---- bib, session and stats ---- */

static int bib_words(const char *cmd, const char *line, struct bib_req *req)
{
	char buf[256], *argv[16];

	snprintf(buf, sizeof(buf), "%s", line);
	return bib_parse(cmd, split(buf, argv, 16), argv, req);
}

/* The request as "PROTO 6=[A]:P 4=A:P", with "-" for what is absent. */
static void good_bib(const char *cmd, const char *line, const char *want)
{
	char name[160], got[160], t6[TADDR6_STRLEN], t4[TADDR4_STRLEN];
	struct bib_req r;

	snprintf(name, sizeof(name), "bib %s '%s'", cmd, line);
	if (bib_words(cmd, line, &r)) {
		fail(name, "refused: %s", parse_error());
		return;
	}
	snprintf(got, sizeof(got), "%s 6=%s 4=%s",
		 r.has_proto ? proto_name(r.proto) : "-",
		 r.has6 ? format_taddr6(&r.t6.addr, r.t6.port, t6, sizeof(t6)) : "-",
		 r.has4 ? format_taddr4(&r.t4.addr, r.t4.port, t4, sizeof(t4)) : "-");
	if (strcmp(got, want))
		fail(name, "gave \"%s\", expected \"%s\"", got, want);
	else
		pass(name);
}

static void bad_bib(const char *cmd, const char *line, const char *msg)
{
	char name[160];
	struct bib_req r;

	snprintf(name, sizeof(name), "bib %s bad '%s'", cmd, line);
	expect_error(name, bib_words(cmd, line, &r), msg);
}

static void test_bib(void)
{
	good_bib("add", "proto tcp [2001:db8::80]:80 192.0.2.1:80",
		 "tcp 6=[2001:db8::80]:80 4=192.0.2.1:80");
	good_bib("add", "192.0.2.1:8080 proto udp [2001:db8::80]:53",
		 "udp 6=[2001:db8::80]:53 4=192.0.2.1:8080");
	good_bib("add", "[2001:db8::80]:0 192.0.2.1:0 proto icmp",
		 "icmp 6=[2001:db8::80]:0 4=192.0.2.1:0");
	good_bib("del", "proto tcp [2001:db8::80]:80",
		 "tcp 6=[2001:db8::80]:80 4=-");
	good_bib("del", "192.0.2.1:80 proto udp", "udp 6=- 4=192.0.2.1:80");
	good_bib("del", "proto tcp [2001:db8::80]:80 192.0.2.1:80",
		 "tcp 6=[2001:db8::80]:80 4=192.0.2.1:80");
	good_bib("show", "", "- 6=- 4=-");
	good_bib("show", "proto icmp", "icmp 6=- 4=-");
	good_bib("show", "addr6 2001:db8::80 addr4 192.0.2.1 proto tcp",
		 "tcp 6=[2001:db8::80]:0 4=192.0.2.1:0");

	bad_bib("add", "", "bib add needs 'proto PROTO'");
	bad_bib("add", "[2001:db8::80]:80 192.0.2.1:80",
		"bib add needs 'proto PROTO'");
	bad_bib("add", "proto tcp 192.0.2.1:80",
		"bib add needs the IPv6 side, [ADDR6]:PORT");
	bad_bib("add", "proto tcp [2001:db8::80]:80",
		"bib add needs the IPv4 side, ADDR4:PORT");
	bad_bib("add", "proto sctp [2001:db8::80]:80 192.0.2.1:80",
		"proto must be 'tcp', 'udp' or 'icmp', not 'sctp'");
	bad_bib("add", "proto tcp proto udp", "'proto' given twice");
	bad_bib("add", "[2001:db8::80]:80 proto", "missing value after 'proto'");
	bad_bib("add", "proto tcp [2001:db8::80]:80 [2001:db8::81]:80 192.0.2.1:80",
		"bib add takes one IPv6 address and port, not both '[2001:db8::80]:80' and '[2001:db8::81]:80'");
	bad_bib("add", "proto tcp 192.0.2.1:80 192.0.2.2:80",
		"bib add takes one IPv4 address and port, not both '192.0.2.1:80' and '192.0.2.2:80'");
	bad_bib("add", "proto tcp 2001:db8::80 port 80 192.0.2.1 port 80",
		"unknown bib add argument 'port'; expected 'proto', [ADDR6]:PORT or ADDR4:PORT");
	bad_bib("add", "proto tcp [2001:db8::80]:80 192.0.2.1",
		"an IPv4 address and port are written ADDRESS:PORT, like 192.0.2.1:80, not '192.0.2.1'");
	bad_bib("add", "proto tcp [2001:db8::80]:0 192.0.2.1:80",
		"port must be 1-65535, not '0'");
	/* Ports are checked once the protocol is known, wherever it is. */
	bad_bib("add", "[2001:db8::80]:80 192.0.2.1:0 proto udp",
		"port must be 1-65535, not '0'");
	bad_bib("add", "[2001:db8::80]:1 192.0.2.1:99999 proto icmp",
		"icmp identifier must be 0-65535, not '99999'");
	bad_bib("del", "proto tcp", "bib del needs a side of the entry, [ADDR6]:PORT or ADDR4:PORT");
	bad_bib("del", "[2001:db8::80]:80", "bib del needs 'proto PROTO'");
	bad_bib("del", "proto tcp [2001:db8::80]:80 [2001:db8::80]:81",
		"bib del takes one IPv6 address and port, not both '[2001:db8::80]:80' and '[2001:db8::80]:81'");
	bad_bib("del", "proto tcp 192.0.2.1:80 static",
		"unknown bib del argument 'static'; expected 'proto', [ADDR6]:PORT or ADDR4:PORT");
	bad_bib("show", "addr4 192.0.2.1:80",
		"addr4 must be an IPv4 address like 192.0.2.1, not '192.0.2.1:80'");
	bad_bib("show", "addr6 [2001:db8::1]",
		"addr6 must be an IPv6 address like 2001:db8::1, not '[2001:db8::1]'");
	bad_bib("show", "addr6 192.0.2.1",
		"addr6 must be an IPv6 address like 2001:db8::1, not '192.0.2.1'");
	bad_bib("show", "proto", "missing value after 'proto'");
	bad_bib("show", "addr4 192.0.2.1 addr4 192.0.2.2", "'addr4' given twice");
	bad_bib("show", "port 80",
		"unknown bib show argument 'port'; expected 'proto', 'addr4' or 'addr6'");
}

static int session_words(const char *line, struct session_req *req)
{
	char buf[256], *argv[16];

	snprintf(buf, sizeof(buf), "%s", line);
	return session_parse_show(split(buf, argv, 16), argv, req);
}

static void good_session(const char *line, const char *want)
{
	char name[160], got[256], a6[INET6_ADDRSTRLEN];
	char a4[INET_ADDRSTRLEN], r4[INET_ADDRSTRLEN];
	struct session_req r;

	snprintf(name, sizeof(name), "session show '%s'", line);
	if (session_words(line, &r)) {
		fail(name, "refused: %s", parse_error());
		return;
	}
	snprintf(got, sizeof(got), "%s %s %s %s",
		 r.has_proto ? proto_name(r.proto) : "-",
		 r.has_addr6 ? inet_ntop(AF_INET6, &r.addr6, a6, sizeof(a6)) : "-",
		 r.has_addr4 ? inet_ntop(AF_INET, &r.addr4, a4, sizeof(a4)) : "-",
		 r.has_remote4 ? inet_ntop(AF_INET, &r.remote4, r4, sizeof(r4)) : "-");
	if (strcmp(got, want))
		fail(name, "gave \"%s\", expected \"%s\"", got, want);
	else
		pass(name);
}

static void bad_session(const char *line, const char *msg)
{
	char name[160];
	struct session_req r;

	snprintf(name, sizeof(name), "session show bad '%s'", line);
	expect_error(name, session_words(line, &r), msg);
}

static void test_session(void)
{
	good_session("", "- - - -");
	good_session("proto udp", "udp - - -");
	good_session("remote4 198.51.100.2 addr6 2001:db8::10 addr4 192.0.2.1 proto icmp",
		     "icmp 2001:db8::10 192.0.2.1 198.51.100.2");

	bad_session("proto", "missing value after 'proto'");
	bad_session("proto tcp proto tcp", "'proto' given twice");
	bad_session("proto all", "proto must be 'tcp', 'udp' or 'icmp', not 'all'");
	bad_session("addr6 2001:db8::10/128",
		    "addr6 must be an IPv6 address like 2001:db8::1, not '2001:db8::10/128'");
	bad_session("addr4 192.0.2",
		    "addr4 must be an IPv4 address like 192.0.2.1, not '192.0.2'");
	bad_session("remote4 ::1",
		    "remote4 must be an IPv4 address like 192.0.2.1, not '::1'");
	bad_session("remote6 ::1",
		    "unknown session show argument 'remote6'; expected 'proto', 'addr6', 'addr4' or 'remote4'");
	bad_session("tcp", "unknown session show argument 'tcp'; expected 'proto', 'addr6', 'addr4' or 'remote4'");
}

static void test_stats(void)
{
	char buf[64], *argv[4];
	bool nonzero = true;
	unsigned int i;
	bool all = true;

	expect_true("stats show ''",
		    !stats_parse_show(0, argv, &nonzero) && !nonzero,
		    parse_error());
	snprintf(buf, sizeof(buf), "nonzero");
	expect_true("stats show 'nonzero'",
		    !stats_parse_show(split(buf, argv, 4), argv, &nonzero) &&
		    nonzero, parse_error());
	snprintf(buf, sizeof(buf), "zero");
	expect_error("stats show bad 'zero'",
		     stats_parse_show(split(buf, argv, 4), argv, &nonzero),
		     "unknown stats show argument 'zero'; expected 'nonzero'");
	snprintf(buf, sizeof(buf), "nonzero nonzero");
	expect_error("stats show bad 'nonzero nonzero'",
		     stats_parse_show(split(buf, argv, 4), argv, &nonzero),
		     "stats show takes only 'nonzero', not 'nonzero' too");

	expect_str("stats name 0", stats_name(NAT64_STAT_XLAT_6TO4), "xlat-6to4");
#define SAME_NAME(id, name) all &= !strcmp(stats_name(NAT64_STAT_##id), name);
	NAT64_STATS(SAME_NAME)
#undef SAME_NAME
	expect_true("stats names: every one of NAT64_STATS", all,
		    "a name differs");
	snprintf(buf, sizeof(buf), "counter-%u", NAT64_STAT_COUNT);
	expect_str("stats name unknown", stats_name(NAT64_STAT_COUNT), buf);
	expect_str("stats name huge", stats_name(4000000000U),
		   "counter-4000000000");
	expect_str("tcp state 3", session_tcp_state_name(3), "ESTABLISHED");
	expect_str("tcp state 0", session_tcp_state_name(0), "CLOSED");
	expect_str("tcp state 7", session_tcp_state_name(7), "TRANS");
	expect_str("tcp state 8", session_tcp_state_name(8), "state-8");
	expect_str("tcp state both FIN",
		   session_tcp_state_name(NAT64_TCP_V6_FIN_V4_FIN_RCV),
		   "V6_FIN_V4_FIN_RCV");
	all = true;
	for (i = 0; i < NAT64_TCP_STATE_COUNT; i++)
		all &= strncmp(session_tcp_state_name(i), "state-", 6) != 0;
	expect_true("tcp state names: every one of enum nat64_tcp_state", all,
		    "a state has no name");
	snprintf(buf, sizeof(buf), "state-%u", NAT64_TCP_STATE_COUNT);
	expect_str("tcp state unknown",
		   session_tcp_state_name(NAT64_TCP_STATE_COUNT), buf);
}

/* Every counter in one Prometheus family; the events are these. */
static void test_prometheus(void)
{
	static const unsigned int events[] = {
		NAT64_STAT_BIB_CREATED, NAT64_STAT_SESSION_CREATED,
		NAT64_STAT_SESSION_EXPIRED, NAT64_STAT_SYN_EXPIRED,
		NAT64_STAT_SYN_HAIRPIN_ANSWER, NAT64_STAT_TCP_PROBE_SENT,
		NAT64_STAT_TCP_PROBE_FAILED, NAT64_STAT_EVENTS_LOST,
		NAT64_STAT_ICMP_RATE_LIMITED, NAT64_STAT_HAIRPIN_ERROR,
	};
	const char *family;
	unsigned int n, i, nevents = 0;
	bool event, ok = true;
	char *buf = NULL;
	size_t size = 0;
	FILE *fp;

	for (n = 0; n < NAT64_STAT_COUNT; n++) {
		family = prom_counter_family(n);
		for (i = 0, event = false; i < ARRAY_SIZE(events); i++)
			event |= events[i] == n;
		nevents += event;
		if (!family ||
		    strcmp(family, event ? "nat64_events_total" :
			   "nat64_packets_total")) {
			fail("prometheus: every counter in its family",
			     "%s in %s", stats_name(n), family ? family : "none");
			ok = false;
		}
	}
	if (ok)
		pass("prometheus: every counter in its family");
	expect_true("prometheus: the events, each once",
		    nevents == ARRAY_SIZE(events), "an event twice");
	expect_true("prometheus: a counter newer than nat64ctl, none",
		    !prom_counter_family(NAT64_STAT_COUNT) &&
		    !prom_counter_family(4000000000U), "it has a family");

	fp = open_memstream(&buf, &size);
	if (!fp)
		abort();
	prom_label_value(fp, "a\\b\"c\nd-e.f");
	fclose(fp);
	expect_str("prometheus: label values escaped", buf,
		   "a\\\\b\\\"c\\nd-e.f");
	free(buf);
}

/*
 * Random words from the characters transport addresses are made of: no
 * parser may crash or read out of bounds (ASan watches), and whatever one
 * accepts must print back as something it accepts as the same value.
 */
static unsigned int fuzz_seed = 20261126;

static unsigned int fuzz_rand(void)
{
	fuzz_seed = fuzz_seed * 1103515245 + 12345;
	return fuzz_seed >> 8;
}

static const char *const fuzz_seeds[] = {
	"[2001:db8::1]:80", "192.0.2.1:80", "[::ffff:1.2.3.4]:0",
	"[::]:65535", "0.0.0.0:1", "proto", "tcp", "icmp",
};

/* Seed @seed (or nothing, if out of range) with up to @muts edits. */
static void fuzz_word(char *buf, size_t size, unsigned int seed,
		      unsigned int muts)
{
	static const char alphabet[] = "[]:.0123456789abcdefABx/-% ";
	size_t len, i;

	snprintf(buf, size, "%s",
		 seed < ARRAY_SIZE(fuzz_seeds) ? fuzz_seeds[seed] : "");
	len = strlen(buf);
	for (i = muts ? fuzz_rand() % (muts + 1) : 0; i; i--) {
		size_t at = len ? fuzz_rand() % (len + 1) : 0;
		char c = alphabet[fuzz_rand() % (sizeof(alphabet) - 1)];

		if (fuzz_rand() % 2 && at < len) {
			buf[at] = c;		/* replace */
		} else if (len + 1 < size) {
			memmove(buf + at + 1, buf + at, len - at);
			buf[at] = c;		/* insert */
			len++;
		}
	}
	buf[len] = '\0';
}

/* Half the time a "proto P [X]:x T:t" line, lightly damaged. */
static int fuzz_line(char words[][64], char **argv)
{
	static const unsigned int shape[] = { 5, 6, 0, 1 };
	int argc, j;

	if (fuzz_rand() % 2) {
		for (j = 0; j < 4; j++) {
			fuzz_word(words[j], 64, shape[j], 2);
			argv[j] = words[j];
		}
		return 4;
	}
	argc = fuzz_rand() % 5;
	for (j = 0; j < argc; j++) {
		fuzz_word(words[j], 64,
			  fuzz_rand() % (ARRAY_SIZE(fuzz_seeds) + 1), 6);
		argv[j] = words[j];
	}
	return argc;
}

static bool taddr_roundtrips(const char *w, unsigned int proto)
{
	char buf[TADDR6_STRLEN];
	struct taddr6 a6, b6;
	struct taddr4 a4, b4;

	if (taddr_kind(w) == TADDR_6) {
		if (parse_taddr6(w, proto, &a6))
			return true;
		format_taddr6(&a6.addr, a6.port, buf, sizeof(buf));
		return !parse_taddr6(buf, proto, &b6) && a6.port == b6.port &&
		       !memcmp(&a6.addr, &b6.addr, sizeof(a6.addr));
	}
	if (parse_taddr4(w, proto, &a4))
		return true;
	format_taddr4(&a4.addr, a4.port, buf, sizeof(buf));
	return !parse_taddr4(buf, proto, &b4) && a4.port == b4.port &&
	       a4.addr.s_addr == b4.addr.s_addr;
}

static void test_fuzz(void)
{
	char words[4][64], *argv[4];
	unsigned int i, accepted = 0, bad = 0;
	struct session_req sr;
	struct bib_req br;
	bool nonzero;
	int argc, j;

	for (i = 0; i < 50000; i++) {
		argc = fuzz_line(words, argv);
		for (j = 0; j < argc; j++) {
			if (taddr_roundtrips(argv[j], fuzz_rand() % 3))
				continue;
			if (!bad++)
				fail("fuzz: accepted words print back",
				     "'%s' did not", argv[j]);
		}
		accepted += !bib_parse("add", argc, argv, &br);
		bib_parse("del", argc, argv, &br);
		bib_parse("show", argc, argv, &br);
		session_parse_show(argc, argv, &sr);
		stats_parse_show(argc, argv, &nonzero);
	}
	if (!bad)
		pass("fuzz: accepted words print back");
	/* Not a test of the parsers, of the fuzzer: it must reach success. */
	expect_true("fuzz: some random bib add lines were accepted",
		    accepted > 0, "none was");
}

/* ---- the whole command line ---- */

static void test_command_line(void)
{
	char *ctl_words[] = { "nat64ctl", "pool4", "add", "192.0.2.1",
			      "\033]0;pwned\007", NULL };
	char out[8192], err[8192];
	char *version[] = { "nat64ctl", "-V", NULL };

	expect_run("pool4 add 1.2.3.4/40", EXIT_USAGE,
		   "Error: pool4 prefix length must be 16-32, not '40'.\n", "");
	expect_run("-j pool4 add 192.0.2.1/24", EXIT_USAGE,
		   "Error: 192.0.2.1/24 has host bits set (did you mean 192.0.2.0/24?).\n", "");
	expect_run("pool4 ad", EXIT_USAGE,
		   "Error: unknown pool4 command 'ad'; try 'nat64ctl pool4 help'.\n"
		   "Usage: nat64ctl pool4 add PREFIX4...", "");
	expect_run("pool4 help", EXIT_OK, "Usage: nat64ctl pool4 add PREFIX4...", "");
	expect_run("pool4", EXIT_USAGE, "Usage: nat64ctl pool4 add PREFIX4...", "");
	expect_run("instance help", EXIT_OK,
		   "Usage: nat64ctl instance add pool6 PREFIX6 [ mode MODE ]\n...", "");
	expect_run("global help", EXIT_OK, "Usage: nat64ctl global show...", "");
	expect_run("global sett", EXIT_USAGE,
		   "Error: unknown global command 'sett'; try 'nat64ctl global help'.\n"
		   "Usage: nat64ctl global show...", "");
	expect_run("instance add", EXIT_USAGE,
		   "Error: instance add needs 'pool6 PREFIX6'.\n", "");
	expect_run("instance add pool6 64:ff9b::", EXIT_USAGE,
		   "Error: pool6 prefix needs a /length (one of 32, 40, 48, 56, 64, 96), not '64:ff9b::'.\n", "");
	expect_run("instance add pool6 64:ff9b::/96 mode nftables", EXIT_USAGE,
		   "Error: mode must be 'netfilter' or 'target', not 'nftables'.\n", "");
	expect_run("instance add pool6 64:ff9b::/96 mode target mode netfilter",
		   EXIT_USAGE, "Error: 'mode' given twice.\n", "");
	expect_run("instance show extra", EXIT_USAGE,
		   "Error: instance show takes no arguments, not 'extra'.\n", "");
	expect_run("instance del now", EXIT_USAGE,
		   "Error: instance del takes no arguments, not 'now'.\n", "");
	expect_run("global show all", EXIT_USAGE,
		   "Error: global show takes no arguments, not 'all'.\n", "");
	expect_run("global set udp-timeout 30", EXIT_USAGE,
		   "Error: udp-timeout must be 120-604800 seconds, not '30'.\n", "");
	expect_run("global set", EXIT_USAGE,
		   "Error: global set needs at least one KEY VALUE pair.\n", "");
	expect_run("pool4 show -j", EXIT_USAGE,
		   "Error: unknown pool4 show argument '-j'; expected 'proto'.\n", "");
	expect_run("pool4 flush proto all", EXIT_USAGE,
		   "Error: proto must be 'tcp', 'udp' or 'icmp', not 'all'.\n", "");
	expect_run("pool4 del 192.0.2.1 ports 0", EXIT_USAGE,
		   "Error: port must be 1-65535, not '0'.\n", "");
	expect_run("bib help", EXIT_OK,
		   "Usage: nat64ctl bib add proto PROTO [ADDR6]:PORT ADDR4:PORT\n...", "");
	expect_run("bib", EXIT_USAGE, "Usage: nat64ctl bib add...", "");
	expect_run("bib flush", EXIT_USAGE,
		   "Error: unknown bib command 'flush'; try 'nat64ctl bib help'.\n"
		   "Usage: nat64ctl bib add...", "");
	expect_run("bib add proto tcp 2001:db8::80 80 192.0.2.1 80", EXIT_USAGE,
		   "Error: unknown bib add argument '80'; expected 'proto', [ADDR6]:PORT or ADDR4:PORT.\n",
		   "");
	expect_run("bib add proto tcp 2001:db8::80 192.0.2.1:80", EXIT_USAGE,
		   "Error: an IPv6 address and port are written [ADDRESS]:PORT, like [2001:db8::1]:80, not '2001:db8::80'.\n",
		   "");
	expect_run("bib add proto tcp [2001:db8::80]:80 192.0.2.1:70000",
		   EXIT_USAGE, "Error: port must be 1-65535, not '70000'.\n", "");
	expect_run("-j bib del proto udp", EXIT_USAGE,
		   "Error: bib del needs a side of the entry, [ADDR6]:PORT or ADDR4:PORT.\n",
		   "");
	expect_run("bib show addr4 192.0.2.0/24", EXIT_USAGE,
		   "Error: addr4 must be an IPv4 address like 192.0.2.1, not '192.0.2.0/24'.\n",
		   "");
	expect_run("session help", EXIT_OK, "Usage: nat64ctl session show...", "");
	expect_run("session", EXIT_USAGE, "Usage: nat64ctl session show...", "");
	expect_run("session list", EXIT_USAGE,
		   "Error: unknown session command 'list'; try 'nat64ctl session help'.\n"
		   "Usage: nat64ctl session show...", "");
	expect_run("session show proto tcp addr4", EXIT_USAGE,
		   "Error: missing value after 'addr4'.\n", "");
	expect_run("stats help", EXIT_OK, "Usage: nat64ctl stats [ show [ nonzero ] ]\n...", "");
	expect_run("stats show -j", EXIT_USAGE,
		   "Error: unknown stats show argument '-j'; expected 'nonzero'.\n", "");
	expect_run("stats nonzero", EXIT_USAGE,
		   "Error: unknown stats command 'nonzero'; try 'nat64ctl stats help'.\n"
		   "Usage: nat64ctl stats...", "");
	expect_run("stats prometheus now", EXIT_USAGE,
		   "Error: stats prometheus takes no arguments, not 'now'.\n", "");
	expect_run("stats help", EXIT_OK,
		   "Usage: nat64ctl stats [ show [ nonzero ] ]\n"
		   "       nat64ctl stats prometheus\n...", "");
	expect_run("pool4 usage ports 1-2", EXIT_USAGE,
		   "Error: unknown pool4 usage argument 'ports'; expected 'proto'.\n",
		   "");
	expect_run("pool4 usage proto sctp", EXIT_USAGE,
		   "Error: proto must be 'tcp', 'udp' or 'icmp', not 'sctp'.\n",
		   "");
	expect_run("pool4 usage 192.0.2.1", EXIT_USAGE,
		   "Error: unknown pool4 usage argument '192.0.2.1'; expected 'proto'.\n",
		   "");
	expect_run("monitor help", EXIT_OK,
		   "Usage: nat64ctl monitor [ all | bib | session ] [ buffer BYTES ]\n...",
		   "");
	expect_run("monitor sessions", EXIT_USAGE,
		   "Error: unknown monitor command 'sessions'; try 'nat64ctl monitor help'.\n"
		   "Usage: nat64ctl monitor [ all | bib | session ] [ buffer BYTES ]\n...",
		   "");
	expect_run("monitor bib session", EXIT_USAGE,
		   "Error: monitor bib takes only buffer BYTES, not 'session'.\n", "");
	expect_run("-j monitor all -j", EXIT_USAGE,
		   "Error: monitor all takes only buffer BYTES, not '-j'.\n", "");
	expect_run("monitor bib buffer", EXIT_USAGE,
		   "Error: monitor bib buffer needs a size in bytes.\n", "");
	expect_run("monitor session buffer 0", EXIT_USAGE,
		   "Error: buffer must be 1-1073741824, not '0'.\n", "");
	expect_run("monitor all buffer 65536 x", EXIT_USAGE,
		   "Error: monitor all takes only buffer BYTES, not 'x'.\n", "");
	expect_run("help", EXIT_OK,
		   "Usage: nat64ctl [ OPTIONS ] OBJECT { COMMAND | help }\n"
		   "       nat64ctl [ OPTIONS ] -b[atch] FILE\n"
		   "       nat64ctl help\n"
		   "where  OBJECT := { instance | pool4 | global | bib | session | stats | monitor | apply | save }\n...",
		   "");
	expect_run("bibs show", EXIT_USAGE,
		   "Error: unknown object 'bibs'; try 'nat64ctl help'.\n"
		   "Usage: nat64ctl [ OPTIONS ] OBJECT...", "");
	expect_run("", EXIT_USAGE, "Usage: nat64ctl [ OPTIONS ] OBJECT...", "");
	expect_run("help", EXIT_OK, "Usage: nat64ctl [ OPTIONS ] OBJECT...", "");
	expect_run("-h", EXIT_OK, "Usage: nat64ctl [ OPTIONS ] OBJECT...", "");
	expect_run("--help pool4 show", EXIT_OK,
		   "Usage: nat64ctl [ OPTIONS ] OBJECT...", "");
	expect_run("-x pool4 show", EXIT_USAGE,
		   "Error: unknown option '-x'; try 'nat64ctl -help'.\n", "");
	expect_run("-jp pool4 show", EXIT_USAGE,
		   "Error: unknown option '-jp'; try 'nat64ctl -help'.\n", "");
	expect_run("-n", EXIT_USAGE,
		   "Error: option '-n' needs a network namespace name.\n", "");
	expect_run("-netns a/b instance show", EXIT_USAGE,
		   "Error: invalid network namespace name 'a/b'.\n", "");
	expect_run("--netns .. instance show", EXIT_USAGE,
		   "Error: invalid network namespace name '..'.\n", "");
	expect_run("-n blue -j -p pool4 add 1.2.3.4/40", EXIT_USAGE,
		   "Error: pool4 prefix length must be 16-32, not '40'.\n", "");
	expect_run("-json -pretty --json global set tos 300", EXIT_USAGE,
		   "Error: tos must be 0-255, not '300'.\n", "");

	expect_str("run with control characters in a word",
		   run_argv(ctl_words, out, err, sizeof(out)) == EXIT_USAGE ?
		   err : "(wrong exit code)",
		   "Error: unknown pool4 add argument '?]0;pwned?'; expected 'proto' or 'ports'.\n");

	expect_true("run 'nat64ctl -V'",
		    run_argv(version, out, err, sizeof(out)) == EXIT_OK &&
		    !strncmp(out, "nat64ctl ", 9) && strstr(out, "\"nat64\"") &&
		    !*err, out);
}

int main(void)
{
	test_uint();
	test_uint_hex();
	test_duration();
	test_words();
	test_prefix4();
	test_prefix6();
	test_ports();
	test_pool4();
	test_instance();
	test_global_limits();
	test_global_syntax();
	test_global_pool();
	test_taddr();
	test_bib();
	test_session();
	test_stats();
	test_prometheus();
	test_fuzz();
	test_quote();
	test_printer();
	test_command_line();
	return test_failed ? 1 : 0;
}
