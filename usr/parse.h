/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command-line value parsers.  None of them prints: a failing parser
 * records one message (without "Error: " and without the final period)
 * that parse_error() returns, and returns -1.
 */
#ifndef NAT64CTL_PARSE_H
#define NAT64CTL_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

struct prefix4 {
	struct in_addr addr;
	unsigned int len;
};

struct prefix6 {
	struct in6_addr addr;
	unsigned int len;
};

struct port_range {
	unsigned int min;
	unsigned int max;
};

/* A transport address: an address and a port (for ICMP an identifier). */
struct taddr6 {
	struct in6_addr addr;
	unsigned int port;
};

struct taddr4 {
	struct in_addr addr;
	unsigned int port;
};

/* Room for "ffff:...:ffff/128" and "255.255.255.255/32", NUL included. */
#define PREFIX6_STRLEN	(INET6_ADDRSTRLEN + 4)
#define PREFIX4_STRLEN	(INET_ADDRSTRLEN + 3)
/* Room for "[ffff:...:ffff]:65535" and "255.255.255.255:65535". */
#define TADDR6_STRLEN	(INET6_ADDRSTRLEN + 8)
#define TADDR4_STRLEN	(INET_ADDRSTRLEN + 6)

int parse_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *parse_error(void);
const char *parse_quote(const char *token);

int parse_uint(const char *what, const char *s, unsigned int min,
	       unsigned int max, unsigned int *out);
int parse_uint_hex(const char *what, const char *s, unsigned int min,
		   unsigned int max, unsigned int *out);
int parse_duration(const char *what, const char *s, unsigned int min,
		   unsigned int max, unsigned int *out);
int parse_switch(const char *what, const char *s, bool *out);
int parse_word(const char *what, const char *s, const char *const *words,
	       unsigned int count, unsigned int *out);

int parse_proto(const char *s, unsigned int *proto);
int parse_filtering(const char *s, unsigned int *filtering);
const char *proto_name(unsigned int proto);
const char *filtering_name(unsigned int filtering);

int parse_prefix4(const char *what, const char *s, unsigned int min_len,
		  struct prefix4 *p);
int parse_prefix6(const char *what, const char *s, struct prefix6 *p);
bool pool6_len_valid(unsigned int len);
/* "32, 40, 48, 56, 64, 96" */
const char *pool6_len_list(void);
int parse_ports(const char *what, const char *s, unsigned int min,
		struct port_range *r);

/* A single address, no prefix length: "addr4 192.0.2.1" filters. */
int parse_addr4(const char *what, const char *s, struct in_addr *addr);
int parse_addr6(const char *what, const char *s, struct in6_addr *addr);

/*
 * Transport addresses, as operator tools write them: "[2001:db8::1]:80"
 * and "192.0.2.1:80".  @proto (enum nat64_proto) sets the port range:
 * 1-65535, or for ICMP identifiers 0-65535.
 */
enum taddr_kind { TADDR_NONE, TADDR_4, TADDR_6 };
/* Which of the two @s is meant to be (parsing may still refuse it). */
enum taddr_kind taddr_kind(const char *s);
int parse_taddr6(const char *s, unsigned int proto, struct taddr6 *t);
int parse_taddr4(const char *s, unsigned int proto, struct taddr4 *t);
const char *format_taddr6(const struct in6_addr *addr, unsigned int port,
			  char *buf, size_t size);
const char *format_taddr4(const struct in_addr *addr, unsigned int port,
			  char *buf, size_t size);

/*
 * "KEYWORD VALUE" pairs in any order, each keyword at most once: fills
 * in the value of each keyword given (NULL for the others).  @cmd names
 * the command in messages ("pool4 add").
 */
struct parse_kw {
	const char *name;
	const char *value;
};

int parse_keywords(const char *cmd, int argc, char **argv,
		   struct parse_kw *kw, unsigned int count);

const char *format_prefix4(const struct prefix4 *p, char *buf, size_t size);
const char *format_prefix6(const struct prefix6 *p, char *buf, size_t size);

#endif /* NAT64CTL_PARSE_H */
