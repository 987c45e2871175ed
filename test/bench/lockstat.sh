#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of test/bench/lockstat: lock contention in the debug kernel
# (CONFIG_LOCK_STAT) while new flows arrive on both vCPUs at once.  It
# builds the benchmark's topology (test/bench/guest.sh, whose functions it
# sources), sets up this module as the new-session row does, with two
# pktgen threads (one per vCPU, as the newflow2 row), clears the
# statistics, turns them on for LOCKSTAT_SECONDS of traffic and writes
# the lock classes that were contended, worst first, to
# $share/lockstat.txt (/proc/lock_stat's own columns).  One PASS line says
# how many new sessions were made meanwhile.
# shellcheck disable=SC2317 # helpers of guest.sh, run indirectly

# Read whole before it runs: others edit this tree meanwhile.
{
BENCH_FUNCTIONS_ONLY=1
# shellcheck source-path=SCRIPTDIR source=guest.sh
. "$(dirname "$0")/guest.sh"
suite lockstat

: "${LOCKSTAT_SECONDS:=20}"
: "${LOCKSTAT_TOP:=25}"
out=$share/lockstat.txt

if [ ! -w /proc/sys/kernel/lock_stat ]; then
	skip "lock statistics" "kernel $(uname -r) has no CONFIG_LOCK_STAT (test/debug-kernel)"
	finish
fi
impl_prepare || finish
if ! topo_up || ! PG_THREADS=2 newflow_conf nat64; then
	fail "setup" "topology or pktgen setup failed (see the log)"
	finish
fi
created() { nat64ctl -n rtr stats | awk '$1 == "session-created" { print $2 }'; }
echo 0 >/proc/lock_stat
sysctl -qw kernel.lock_stat=1
c0=$(created)
pg_start_bg gen
sleep "$LOCKSTAT_SECONDS"
pg_stop gen
sysctl -qw kernel.lock_stat=0
c1=$(created)
impl_stats nat64
# /proc/lock_stat: a header, then per class a line "name: con-bounces
# contentions waittime-min waittime-max waittime-total waittime-avg
# acq-bounces acquisitions holdtime-min ..." followed by its call sites.
{
	echo "# $((c1 - c0)) new sessions in ${LOCKSTAT_SECONDS}s, two pktgen threads; kernel $(uname -r)"
	echo "# class: con-bounces contentions waittime-min waittime-max waittime-total waittime-avg acq-bounces acquisitions holdtime-min holdtime-max holdtime-total holdtime-avg (us)"
	awk '/^ *[^ ].*: +[0-9]/ && !/^ *-/ {
			line = $0; sub(/^ +/, "", line)
			n = split(line, f, ":")
			split(f[n], v, " ")
			if (v[2] > 0) print v[2], line
		}' /proc/lock_stat | sort -rn | head -n "$LOCKSTAT_TOP" | cut -d' ' -f2-
	echo "## the module's own classes (contended or not)"
	grep -E '^ *[^ ].*(nat64|bib_locks|host_locks|pt->|st->|s->lock|syn_lock|reap|xa_lock|rhashtable).*: +[0-9]' /proc/lock_stat |
		sed 's/^ *//'
} >"$out"
cat "$out" >&2
if [ "$((c1 - c0))" -gt 0 ]; then
	pass "lock statistics over $((c1 - c0)) new sessions"
else
	fail "lock statistics" "no new session was made (see the log)"
fi
topo_down
finish
}
