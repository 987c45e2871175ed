/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Choosing the IPv4 port (or ICMP identifier) t of a new BIB entry inside
 * one pool4 port range, as pure logic (RFC 6146 3.5.1.1, RFC 4787 REQ-3/4,
 * RFC 6056 section 3.3.3 in spirit).  The caller says which ports are taken
 * through a callback and supplies the unpredictable start; this file decides
 * the order in which ports are tried.
 */
#ifndef _NAT64_PORT_ALLOC_H
#define _NAT64_PORT_ALLOC_H

#include "pure.h"

struct nat64_port_req {
	u16 lo;		/* the pool4 range, inclusive */
	u16 hi;
	u16 x;		/* the IPv6 host's own port */
	/*
	 * Keep x's range class (0-1023 or 1024-65535) and parity when a
	 * free port allows it: TCP and UDP.  ICMP identifiers have neither.
	 */
	bool keep;
	/*
	 * Ports known to be all taken, as bits NAT64_PORT_BIT(class,
	 * parity): their passes are skipped.  A hint from the caller's
	 * counts; 0 makes every pass run.
	 */
	u8 full;
	/*
	 * Keyed hash of the host: the low half picks where each pass
	 * starts, the high half its stride.
	 */
	u64 rnd;
};

/*
 * The four sets of ports by RFC 4787 REQ-3's class and parity: the set
 * index of a port (class below 1024 is 2, odd is 1), and a set's bit in
 * nat64_port_req.full (@low: below 1024; @odd: the parity).
 */
#define NAT64_PORT_SETS			4
#define NAT64_PORT_BIT(low, odd)	(1U << (((low) ? 2 : 0) + ((odd) ? 1 : 0)))
#define NAT64_PORT_ALL			0xfU

static inline unsigned int nat64_port_set(u16 port)
{
	return (port < 1024 ? 2 : 0) + (port & 1);
}

/* Adds to @size[set] the ports of [@lo, @hi] in each set. */
void nat64_port_sets_size(u16 lo, u16 hi, u32 size[NAT64_PORT_SETS]);

/*
 * True when @port is already bound in the range's address.  The first
 * port for which it returns false is the one chosen, and no other is
 * asked after it, so the callback may claim a free port as it answers
 * (a test-and-set): concurrent allocations then never pick the same one.
 */
typedef bool (*nat64_port_used_fn)(void *ctx, u16 port);

int nat64_port_alloc(const struct nat64_port_req *req,
		     nat64_port_used_fn used, void *ctx, u16 *port);

#endif /* _NAT64_PORT_ALLOC_H */
