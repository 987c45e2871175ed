// SPDX-License-Identifier: GPL-2.0
/*
 * Port choice for a new BIB entry.  Ports are tried in up to four passes,
 * each a set of ports visited once, from a start that the caller's keyed
 * hash makes unpredictable to anyone without the secret:
 *
 *   1. x's class (below 1024 or not) and x's parity;
 *   2. x's class, the other parity;
 *   3. the other class, x's parity;
 *   4. the other class, the other parity.
 *
 * So the preferences of RFC 4787 REQ-3 (range) and REQ-4 (parity) hold
 * whenever the range has a free port that meets them, every port of the
 * range is tried before giving up, and none twice.  ICMP identifiers make
 * one pass over the whole range.
 *
 * Choice: the start is a keyed hash of the host and its port (RFC 6056
 * algorithm 3 keys the offset the same way; the per-destination part does
 * not apply under endpoint-independent mapping), and the search then steps
 * through the pass with a stride from the same hash, coprime with the
 * pass's size so that it visits every port once.  Walking ports in order
 * instead would grow runs of taken ports that every later search crosses
 * (linear probing): filling a 50,000-port address that way costs about
 * 4.2 million probes, stepping by a per-host stride about 0.5 million.
 *
 * The caller may mark (class, parity) sets it knows to be full; their
 * passes are skipped, so a full address costs nothing.
 */
#include "port_alloc.h"

#define CLASS_SPLIT 1024U	/* RFC 4787 REQ-3: 0-1023 and 1024-65535 */

static u32 gcd(u32 a, u32 b)
{
	while (b) {
		u32 t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* A stride in [1, count) coprime with @count, picked by @rnd. */
static u32 stride_of(u32 count, u32 rnd)
{
	u32 s;

	if (count <= 2)
		return 1;
	s = 1 + rnd % (count - 1);
	while (gcd(s, count) != 1)
		s = s + 1 < count ? s + 1 : 1;
	return s;
}

/*
 * Tries the ports of [lo, hi] with the parity of @par (0 or 1; 2 for any),
 * starting at the one @rnd picks.  Returns 0 and *port, or -1.
 */
static int pass(u32 lo, u32 hi, u32 par, u64 rnd, nat64_port_used_fn used,
		void *ctx, u16 *port)
{
	u32 step = par > 1 ? 1 : 2;
	u32 first = lo, count, pos, stride, i, p;

	if (lo > hi)
		return -1;
	if (step == 2 && (first & 1) != par)
		first++;
	if (first > hi)
		return -1;
	count = (hi - first) / step + 1;
	pos = (u32)rnd % count;
	stride = stride_of(count, (u32)(rnd >> 32));
	for (i = 0; i < count; i++) {
		p = first + step * pos;
		if (!used(ctx, p)) {
			*port = p;
			return 0;
		}
		pos += stride;
		if (pos >= count)
			pos -= count;
	}
	return -1;
}

/* Ports of [@a, @b] with parity @par, for @a <= @b. */
static u32 parity_count(u32 a, u32 b, u32 par)
{
	u32 upto_b = b < par ? 0 : (b - par) / 2 + 1;	/* in [0, b] */
	u32 below_a = a <= par ? 0 : (a - 1 - par) / 2 + 1;	/* in [0, a) */

	return upto_b - below_a;
}

void nat64_port_sets_size(u16 lo, u16 hi, u32 size[NAT64_PORT_SETS])
{
	u32 low_hi = hi < CLASS_SPLIT - 1 ? hi : CLASS_SPLIT - 1;
	u32 high_lo = lo > CLASS_SPLIT ? lo : CLASS_SPLIT;
	u32 par;

	if (lo > hi)
		return;
	for (par = 0; par < 2; par++) {
		if (lo < CLASS_SPLIT)
			size[nat64_port_set(par)] += parity_count(lo, low_hi, par);
		if (hi >= CLASS_SPLIT)
			size[nat64_port_set(CLASS_SPLIT + par)] +=
				parity_count(high_lo, hi, par);
	}
}

/* The pass over [lo, hi] with parity @par, unless the caller knows it full. */
static int try_pass(const struct nat64_port_req *req, u32 lo, u32 hi,
		    u32 par, nat64_port_used_fn used, void *ctx, u16 *port)
{
	if (req->full & NAT64_PORT_BIT(lo < CLASS_SPLIT, par))
		return -1;
	return pass(lo, hi, par, req->rnd, used, ctx, port);
}

int nat64_port_alloc(const struct nat64_port_req *req,
		     nat64_port_used_fn used, void *ctx, u16 *port)
{
	u32 lo = req->lo, hi = req->hi, par = req->x & 1;
	u32 c_lo, c_hi, o_lo, o_hi;	/* x's class and the other one */

	if (!req->keep)
		return req->full == NAT64_PORT_ALL ? -1 :
		       pass(lo, hi, 2, req->rnd, used, ctx, port);
	if (req->x < CLASS_SPLIT) {
		c_lo = lo;
		c_hi = hi < CLASS_SPLIT - 1 ? hi : CLASS_SPLIT - 1;
		o_lo = lo > CLASS_SPLIT ? lo : CLASS_SPLIT;
		o_hi = hi;
	} else {
		c_lo = lo > CLASS_SPLIT ? lo : CLASS_SPLIT;
		c_hi = hi;
		o_lo = lo;
		o_hi = hi < CLASS_SPLIT - 1 ? hi : CLASS_SPLIT - 1;
	}
	if (!try_pass(req, c_lo, c_hi, par, used, ctx, port) ||
	    !try_pass(req, c_lo, c_hi, !par, used, ctx, port) ||
	    !try_pass(req, o_lo, o_hi, par, used, ctx, port) ||
	    !try_pass(req, o_lo, o_hi, !par, used, ctx, port))
		return 0;
	return -1;
}
