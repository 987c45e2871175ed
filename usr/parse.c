// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line value parsers: numbers, durations, switches, words,
 * prefixes and port ranges.  Every check uses the limits from nat64.h so
 * that userspace refuses exactly what the kernel would, only earlier and
 * with a message that quotes the bad word; the kernel still has the final
 * say.  Parsers never print (see parse.h).
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <nat64.h>

#include "parse.h"

#include "array_size.h"

/* Longest part of a bad word that is quoted back; the rest becomes "...". */
#define QUOTE_MAX	48

static char errbuf[512];

int parse_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errbuf, sizeof(errbuf), fmt, ap);
	va_end(ap);
	return -1;
}

const char *parse_error(void)
{
	return errbuf;
}

/*
 * A word from the command line, fit to be quoted in a message: control
 * characters become '?' (they could rewrite the terminal) and very long
 * words are cut.  A few rotating buffers let one message quote two words.
 */
const char *parse_quote(const char *token)
{
	static char bufs[4][QUOTE_MAX + 4];
	static unsigned int next;
	char *buf = bufs[next++ % ARRAY_SIZE(bufs)];
	size_t i;

	for (i = 0; token[i] && i < QUOTE_MAX; i++) {
		unsigned char c = token[i];

		buf[i] = (c < 0x20 || c == 0x7f) ? '?' : c;
	}
	if (token[i])
		strcpy(buf + i, "...");
	else
		buf[i] = '\0';
	return buf;
}

/*
 * Strict unsigned decimal: digits only (no sign, no spaces, no base
 * prefix).  Values too big for the type saturate, so callers report them
 * as out of range rather than as garbage.
 */
static int decimal(const char *s, unsigned long long *v)
{
	unsigned long long n = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (n > (~0ULL - 9) / 10)
			n = ~0ULL;
		else
			n = n * 10 + (*s - '0');
	}
	*v = n;
	return 0;
}

static int hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "0x" followed by at least one hex digit; saturates like decimal(). */
static int hexadecimal(const char *s, unsigned long long *v)
{
	unsigned long long n = 0;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || !s[2])
		return -1;
	for (s += 2; *s; s++) {
		int d = hexdigit(*s);

		if (d < 0)
			return -1;
		n = n > (~0ULL >> 4) ? ~0ULL : n << 4 | d;
	}
	*v = n;
	return 0;
}

int parse_uint(const char *what, const char *s, unsigned int min,
	       unsigned int max, unsigned int *out)
{
	unsigned long long v;

	if (decimal(s, &v) || v < min || v > max)
		return parse_fail("%s must be %u-%u, not '%s'", what, min, max,
				  parse_quote(s));
	*out = v;
	return 0;
}

/* Like parse_uint(), but "0x2e" is accepted too (ToS values read so). */
int parse_uint_hex(const char *what, const char *s, unsigned int min,
		   unsigned int max, unsigned int *out)
{
	unsigned long long v;

	if ((decimal(s, &v) && hexadecimal(s, &v)) || v < min || v > max)
		return parse_fail("%s must be %u-%u, not '%s'", what, min, max,
				  parse_quote(s));
	*out = v;
	return 0;
}

static const struct {
	char unit;
	unsigned int seconds;
} duration_units[] = {
	{ 'd', 24 * 3600 },
	{ 'h', 3600 },
	{ 'm', 60 },
	{ 's', 1 },
};

/*
 * "2h4m": numbers each followed by a unit, units from biggest to smallest
 * and each at most once, so every duration has exactly one spelling.
 */
static int duration_units_value(const char *s, unsigned long long *secs)
{
	unsigned long long total = 0;
	size_t next = 0;

	if (!*s)
		return -1;
	while (*s) {
		unsigned long long n = 0;
		size_t digits = 0;

		for (; *s >= '0' && *s <= '9'; s++, digits++)
			n = n * 10 + (*s - '0');
		/* 10 digits of days still fit in 64 bits, and no more. */
		if (!digits || digits > 10)
			return -1;
		while (next < ARRAY_SIZE(duration_units) &&
		       duration_units[next].unit != *s)
			next++;
		if (next == ARRAY_SIZE(duration_units))
			return -1;
		total += n * duration_units[next++].seconds;
		s++;
	}
	*secs = total;
	return 0;
}

int parse_duration(const char *what, const char *s, unsigned int min,
		   unsigned int max, unsigned int *out)
{
	unsigned long long v;

	if (!decimal(s, &v)) {
		if (v < min || v > max)
			return parse_fail("%s must be %u-%u seconds, not '%s'",
					  what, min, max, parse_quote(s));
	} else if (!duration_units_value(s, &v)) {
		if (v < min || v > max)
			return parse_fail("%s must be %u-%u seconds, not '%s' (%llu seconds)",
					  what, min, max, parse_quote(s), v);
	} else {
		return parse_fail("%s must be a number of seconds or a duration like 5m or 2h4m, not '%s'",
				  what, parse_quote(s));
	}
	*out = v;
	return 0;
}

/*
 * "'a', 'b' or 'c'": the choices for a message.  @stride steps from one
 * name to the next, so the names may sit inside an array of structs.
 */
static const char *choices(const char *const *words, size_t stride,
			   unsigned int count)
{
	static char list[256];
	size_t len = 0;
	unsigned int i;

	list[0] = '\0';
	for (i = 0; i < count && len < sizeof(list); i++)
		len += snprintf(list + len, sizeof(list) - len, "%s'%s'",
				!i ? "" : i + 1 < count ? ", " : " or ",
				*(const char *const *)((const char *)words +
						       i * stride));
	return list;
}

/*
 * One of a fixed list of full words (no abbreviations): the message lists
 * them all as "'a', 'b' or 'c'".
 */
int parse_word(const char *what, const char *s, const char *const *words,
	       unsigned int count, unsigned int *out)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (!strcmp(s, words[i])) {
			*out = i;
			return 0;
		}
	}
	return parse_fail("%s must be %s, not '%s'", what,
			  choices(words, sizeof(*words), count),
			  parse_quote(s));
}

int parse_switch(const char *what, const char *s, bool *out)
{
	static const char *const words[] = { "on", "off" };
	unsigned int v = 0;

	if (parse_word(what, s, words, ARRAY_SIZE(words), &v))
		return -1;
	*out = v == 0;
	return 0;
}

static const char *const proto_names[NAT64_PROTO_COUNT] = {
	[NAT64_PROTO_TCP] = "tcp",
	[NAT64_PROTO_UDP] = "udp",
	[NAT64_PROTO_ICMP] = "icmp",
};

static const char *const filtering_names[NAT64_FILTERING_COUNT] = {
	[NAT64_FILTERING_ENDPOINT_INDEPENDENT] = "endpoint-independent",
	[NAT64_FILTERING_ADDRESS_DEPENDENT] = "address-dependent",
};

int parse_proto(const char *s, unsigned int *proto)
{
	return parse_word("proto", s, proto_names, ARRAY_SIZE(proto_names),
			  proto);
}

int parse_filtering(const char *s, unsigned int *filtering)
{
	return parse_word("filtering", s, filtering_names,
			  ARRAY_SIZE(filtering_names), filtering);
}

/* Names for values the kernel sends; a value we do not know stays visible. */
const char *proto_name(unsigned int proto)
{
	return proto < ARRAY_SIZE(proto_names) ? proto_names[proto] : "unknown";
}

const char *filtering_name(unsigned int filtering)
{
	return filtering < ARRAY_SIZE(filtering_names) ?
	       filtering_names[filtering] : "unknown";
}

/*
 * Splits "ADDRESS[/LENGTH]" and reads the address.  Returns the length
 * part (NULL if there is none) through @len_s.
 */
static int split_prefix(int family, const char *s, void *addr,
			const char **len_s)
{
	char buf[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);

	if (!alen || alen >= sizeof(buf))
		return -1;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	if (inet_pton(family, buf, addr) != 1)
		return -1;
	*len_s = slash ? slash + 1 : NULL;
	return 0;
}

/* Clears the bits after @len; returns true if any was set. */
static bool clear_host_bits(unsigned char *addr, unsigned int bytes,
			    unsigned int len)
{
	bool dirty = false;
	unsigned int i;

	for (i = 0; i < bytes; i++) {
		unsigned int keep = len >= 8 * (i + 1) ? 8 :
				    len > 8 * i ? len - 8 * i : 0;
		unsigned char mask = keep ? 0xff << (8 - keep) : 0;

		dirty |= addr[i] & ~mask;
		addr[i] &= mask;
	}
	return dirty;
}

int parse_prefix4(const char *what, const char *s, unsigned int min_len,
		  struct prefix4 *p)
{
	char fixed[PREFIX4_STRLEN];
	const char *len_s;
	unsigned long long len = 32;

	if (split_prefix(AF_INET, s, &p->addr, &len_s))
		return parse_fail("%s must be an IPv4 address or prefix like 192.0.2.0/24, not '%s'",
				  what, parse_quote(s));
	if (len_s && (decimal(len_s, &len) || len < min_len || len > 32))
		return parse_fail("%s length must be %u-32, not '%s'", what,
				  min_len, parse_quote(len_s));
	p->len = len;
	if (clear_host_bits((unsigned char *)&p->addr, 4, p->len))
		return parse_fail("%s has host bits set (did you mean %s?)",
				  parse_quote(s),
				  format_prefix4(p, fixed, sizeof(fixed)));
	return 0;
}

/* RFC 6052 section 2.2: the only prefix lengths pool6 can have. */
static const unsigned int pool6_lens[] = NAT64_POOL6_LENS;

bool pool6_len_valid(unsigned int len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pool6_lens); i++)
		if (pool6_lens[i] == len)
			return true;
	return false;
}

const char *pool6_len_list(void)
{
	static char list[64];
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(pool6_lens); i++)
		n += snprintf(list + n, sizeof(list) - n, "%s%u",
			      i ? ", " : "", pool6_lens[i]);
	return list;
}

int parse_prefix6(const char *what, const char *s, struct prefix6 *p)
{
	char fixed[PREFIX6_STRLEN];
	const char *len_s;
	unsigned long long len;

	if (split_prefix(AF_INET6, s, &p->addr, &len_s))
		return parse_fail("%s must be an IPv6 prefix like %s/96, not '%s'",
				  what, NAT64_POOL6_WKP, parse_quote(s));
	if (!len_s)
		return parse_fail("%s needs a /length (one of %s), not '%s'",
				  what, pool6_len_list(), parse_quote(s));
	if (decimal(len_s, &len) || len > 128 || !pool6_len_valid(len))
		return parse_fail("%s length must be one of %s, not '%s'",
				  what, pool6_len_list(), parse_quote(len_s));
	p->len = len;
	if (clear_host_bits(p->addr.s6_addr, 16, p->len))
		return parse_fail("%s has host bits set (did you mean %s?)",
				  parse_quote(s),
				  format_prefix6(p, fixed, sizeof(fixed)));
	/* RFC 6052 2.2: bits 64-71 ("u") of every translated address are 0. */
	if (p->addr.s6_addr[8])
		return parse_fail("%s sets bits 64-71, which RFC 6052 reserves (they must be zero)",
				  parse_quote(s));
	return 0;
}

/* One port: @what names it in the message ("port", "icmp identifier"). */
static int port(const char *what, const char *s, unsigned int min,
		unsigned int *out)
{
	return parse_uint(what, s, min, UINT16_MAX, out);
}

/* "PORT" or "MIN-MAX"; @min is 1 for ports, 0 for ICMP identifiers. */
int parse_ports(const char *what, const char *s, unsigned int min,
		struct port_range *r)
{
	char lo[QUOTE_MAX + 1];
	const char *dash = strchr(s, '-');
	size_t lo_len = dash ? (size_t)(dash - s) : 0;

	if (!dash) {
		if (port(what, s, min, &r->min))
			return -1;
		r->max = r->min;
		return 0;
	}
	if (!lo_len || !dash[1] || strchr(dash + 1, '-'))
		return parse_fail("ports must be PORT or MIN-MAX, not '%s'",
				  parse_quote(s));
	if (lo_len > QUOTE_MAX)
		lo_len = QUOTE_MAX;
	memcpy(lo, s, lo_len);
	lo[lo_len] = '\0';
	if (port(what, lo, min, &r->min) || port(what, dash + 1, min, &r->max))
		return -1;
	if (r->min > r->max)
		return parse_fail("ports must be MIN-MAX with MIN <= MAX, not '%s'",
				  parse_quote(s));
	return 0;
}

int parse_addr4(const char *what, const char *s, struct in_addr *addr)
{
	if (inet_pton(AF_INET, s, addr) != 1)
		return parse_fail("%s must be an IPv4 address like 192.0.2.1, not '%s'",
				  what, parse_quote(s));
	return 0;
}

int parse_addr6(const char *what, const char *s, struct in6_addr *addr)
{
	if (inet_pton(AF_INET6, s, addr) != 1)
		return parse_fail("%s must be an IPv6 address like 2001:db8::1, not '%s'",
				  what, parse_quote(s));
	return 0;
}

/*
 * A bracket makes an IPv6 transport address; two colons or more without
 * one are an IPv6 address missing its brackets (refused with a hint by
 * parse_taddr6()); a dotted quad or one colon is meant as IPv4.
 */
enum taddr_kind taddr_kind(const char *s)
{
	const char *colon = strchr(s, ':');
	struct in_addr a;

	if (s[0] == '[' || (colon && strchr(colon + 1, ':')))
		return TADDR_6;
	if (colon || inet_pton(AF_INET, s, &a) == 1)
		return TADDR_4;
	return TADDR_NONE;
}

/* The port after the address; ICMP identifiers may be 0. */
static int taddr_port(const char *s, unsigned int proto, unsigned int *out)
{
	bool icmp = proto == NAT64_PROTO_ICMP;

	return port(icmp ? "icmp identifier" : "port", s,
		    icmp ? 0 : NAT64_POOL4_PORT_LOWEST, out);
}

int parse_taddr6(const char *s, unsigned int proto, struct taddr6 *t)
{
	const char *end = strchr(s, ']');
	char buf[INET6_ADDRSTRLEN];
	size_t len = end ? (size_t)(end - s - 1) : 0;

	if (s[0] != '[' || !end || end[1] != ':' || !len ||
	    len >= sizeof(buf))
		return parse_fail("an IPv6 address and port are written [ADDRESS]:PORT, like [2001:db8::1]:80, not '%s'",
				  parse_quote(s));
	memcpy(buf, s + 1, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET6, buf, &t->addr) != 1)
		return parse_fail("'%s' is not an IPv6 address (in '%s')",
				  parse_quote(buf), parse_quote(s));
	return taddr_port(end + 2, proto, &t->port);
}

int parse_taddr4(const char *s, unsigned int proto, struct taddr4 *t)
{
	const char *colon = strchr(s, ':');
	char buf[INET_ADDRSTRLEN];
	size_t len = colon ? (size_t)(colon - s) : 0;

	if (!colon || !len || len >= sizeof(buf))
		return parse_fail("an IPv4 address and port are written ADDRESS:PORT, like 192.0.2.1:80, not '%s'",
				  parse_quote(s));
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, &t->addr) != 1)
		return parse_fail("'%s' is not an IPv4 address (in '%s')",
				  parse_quote(buf), parse_quote(s));
	return taddr_port(colon + 1, proto, &t->port);
}

int parse_keywords(const char *cmd, int argc, char **argv,
		   struct parse_kw *kw, unsigned int count)
{
	unsigned int i;
	int arg;

	for (i = 0; i < count; i++)
		kw[i].value = NULL;
	for (arg = 0; arg < argc; arg += 2) {
		for (i = 0; i < count; i++)
			if (!strcmp(argv[arg], kw[i].name))
				break;
		if (i == count)
			return parse_fail("unknown %s argument '%s'; expected %s",
					  cmd, parse_quote(argv[arg]),
					  choices(&kw[0].name, sizeof(*kw),
						  count));
		if (arg + 1 == argc)
			return parse_fail("missing value after '%s'",
					  kw[i].name);
		if (kw[i].value)
			return parse_fail("'%s' given twice", kw[i].name);
		kw[i].value = argv[arg + 1];
	}
	return 0;
}

const char *format_prefix4(const struct prefix4 *p, char *buf, size_t size)
{
	char addr[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &p->addr, addr, sizeof(addr));
	snprintf(buf, size, "%s/%u", addr, p->len);
	return buf;
}

const char *format_prefix6(const struct prefix6 *p, char *buf, size_t size)
{
	char addr[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, &p->addr, addr, sizeof(addr));
	snprintf(buf, size, "%s/%u", addr, p->len);
	return buf;
}

const char *format_taddr6(const struct in6_addr *addr, unsigned int port,
			  char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	snprintf(buf, size, "[%s]:%u", a, port);
	return buf;
}

const char *format_taddr4(const struct in_addr *addr, unsigned int port,
			  char *buf, size_t size)
{
	char a[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, addr, a, sizeof(a));
	snprintf(buf, size, "%s:%u", a, port);
	return buf;
}
