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
 * Choice: the start is a keyed hash of the host and its port, and the
 * search then walks the pass's ports in order (RFC 6056 algorithm 3 keys
 * the offset the same way; the per-destination part does not apply under
 * endpoint-independent mapping).
 */
#include "port_alloc.h"

#define CLASS_SPLIT 1024U	/* RFC 4787 REQ-3: 0-1023 and 1024-65535 */

/*
 * Tries the ports of [lo, hi] with the parity of @par (0 or 1; 2 for any),
 * starting at the one @rnd picks.  Returns 0 and *port, or -1.
 */
static int pass(u32 lo, u32 hi, u32 par, u32 rnd, nat64_port_used_fn used,
		void *ctx, u16 *port)
{
	u32 step = par > 1 ? 1 : 2;
	u32 first = lo, count, start, i, p;

	if (lo > hi)
		return -1;
	if (step == 2 && (first & 1) != par)
		first++;
	if (first > hi)
		return -1;
	count = (hi - first) / step + 1;
	start = rnd % count;
	for (i = 0; i < count; i++) {
		p = first + step * ((start + i) % count);
		if (!used(ctx, p)) {
			*port = p;
			return 0;
		}
	}
	return -1;
}

int nat64_port_alloc(const struct nat64_port_req *req,
		     nat64_port_used_fn used, void *ctx, u16 *port)
{
	u32 lo = req->lo, hi = req->hi, par = req->x & 1;
	u32 c_lo, c_hi, o_lo, o_hi;	/* x's class and the other one */

	if (!req->keep)
		return pass(lo, hi, 2, req->rnd, used, ctx, port);
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
	if (!pass(c_lo, c_hi, par, req->rnd, used, ctx, port) ||
	    !pass(c_lo, c_hi, !par, req->rnd, used, ctx, port) ||
	    !pass(o_lo, o_hi, par, req->rnd, used, ctx, port) ||
	    !pass(o_lo, o_hi, !par, req->rnd, used, ctx, port))
		return 0;
	return -1;
}
