/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The probe of RFC 6146 section 3.5.2.2: when an ESTABLISHED TCP session's
 * lifetime runs out, a segment without data, sequence and acknowledgment
 * numbers zero and ACK the only flag, goes to an endpoint of the
 * connection.  A live endpoint answers it (an out-of-window segment gets a
 * duplicate ACK), the answer crosses the translator and brings the session,
 * now TRANS, back to ESTABLISHED; a dead one does not, and the session ends
 * with TRANS.
 *
 * The expiry scan (expire.c) decides under its locks which sessions to
 * probe and notes them in a small batch; tcp_probe.c builds and sends the
 * batch after the locks are gone, from the upkeep work (upkeep.c).
 */
#ifndef _NAT64_TCP_PROBE_H
#define _NAT64_TCP_PROBE_H

#include <linux/in6.h>

#include "instance.h"
#include "expire.h"		/* struct nat64_tcp_probes */

/*
 * Sends every probe of @pr for @inst and empties it; counts each as
 * tcp-probe-sent or tcp-probe-failed.  Process context, no locks held.
 */
void nat64_tcp_probe_send(struct nat64_instance *inst,
			  struct nat64_tcp_probes *pr);

#endif /* _NAT64_TCP_PROBE_H */
