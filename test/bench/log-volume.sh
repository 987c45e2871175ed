#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the mapping log (nat64-log.service, `nat64ctl monitor bib'; README,
# "Events and the mapping log") costs in storage per million mappings: a
# bib-new and a bib-end line each, in monitor's text format, as plain
# bytes, compressed with gzip -9, and as journald stores them.  On the
# host, no VM: the lines are synthesised, since their size depends only on
# the addresses and ports in them, not on the module.
#
# The traffic: subscribers' /64s under 2001:db8::/32, each with one to
# three hosts using random (privacy) interface identifiers; pool4 a /24
# (203.0.113.0/24), each host on one of its addresses (paired pooling);
# 70% TCP, 28% UDP, 2% ICMP; client ports from Linux's ephemeral range,
# pool4 ports 1024-65535; mappings starting over a day and ending after
# their lifetime plus the RFC 6146 timeout, TCP mostly tcp-closed, the
# rest expired; the lines in time order, as monitor writes them.
#
# journald: a journald of its own, in a private mount namespace (tmpfs
# over /run/systemd and /var/log, its own journald.conf over
# /etc/systemd), receives the lines through its stdout stream as a
# service's output would (systemd-cat -t nat64-log), with what a box with
# a large /var gets by default: 128 MiB files, zstd for fields from 512
# bytes on (so not these lines), and no rate limit (the unit sets
# LogRateLimitIntervalSec=0).  What it stores is the disk usage of its
# files afterwards (allocated space, as `journalctl --disk-usage' counts
# it).  Needs root, unshare and systemd-journald; without them that row
# is left out and says why.
#
# Usage: test/bench/log-volume.sh [MAPPINGS]
#
# Environment:
#   LOGVOL_MAPPINGS  mappings synthesised (1000000)
#   LOGVOL_JOURNAL   0: leave journald out (1)
#   LOGVOL_SEED      random seed (1)
#   BENCH_OUT        where log-volume.txt goes (bench/)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
case ${1:-} in
-h | --help)
	awk 'NR > 3 { if (!/^#/) exit; sub(/^# ?/, ""); print }' "$0"
	exit 0 ;;
esac
n=${1:-${LOGVOL_MAPPINGS:-1000000}}
seed=${LOGVOL_SEED:-1}
out=${BENCH_OUT:-$top/bench}
work=$(mktemp -d "${TMPDIR:-/tmp}/nat64-logvol.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# --- the lines ------------------------------------------------------------------
/usr/bin/python3 - "$n" "$seed" >"$work/map.log" <<'EOF'
import heapq
import random
import sys
import time

n, seed = int(sys.argv[1]), int(sys.argv[2])
r = random.Random(seed)
DAY0 = 1796342400          # 2026-12-04T00:00:00Z
UDP_TO, TRANS_TO, EST_TO, ICMP_TO = 300, 240, 7440, 60


def iid():
    return ':'.join(f'{r.randrange(1 << 16):x}' for _ in range(4))


# Subscribers: one /64 each, one to three hosts.
hosts = []
for _ in range(max(100, n // 200)):
    prefix = f'2001:db8:{r.randrange(1 << 16):x}:{r.randrange(1 << 16):x}'
    for _ in range(r.choice((1, 1, 2, 3))):
        hosts.append((f'{prefix}:{iid()}', f'203.0.113.{r.randrange(256)}'))


def stamp(t):
    s = int(t)
    return time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(s)) + \
        f'.{int((t - s) * 1e6):06d}Z'


def mapping():
    """(proto, X', x, T, t, how long it lived, reason)."""
    x6, t4 = r.choice(hosts)
    p = r.random()
    if p < 0.70:
        life = r.lognormvariate(3.0, 1.5)
        if r.random() < 0.9:
            return 'tcp', x6, r.randrange(32768, 61000), t4, life + TRANS_TO, 'tcp-closed'
        return 'tcp', x6, r.randrange(32768, 61000), t4, life + EST_TO + TRANS_TO, 'expired'
    if p < 0.98:
        return 'udp', x6, r.randrange(32768, 61000), t4, r.lognormvariate(1.0, 1.5) + UDP_TO, \
            'expired'
    return 'icmp', x6, r.randrange(1 << 16), t4, r.uniform(1, 10) + ICMP_TO, 'expired'


starts = sorted(r.uniform(0, 86400) for _ in range(n))
ends = []                  # (time, line) of the bib-end lines to come
write = sys.stdout.write
for s in starts:
    while ends and ends[0][0] <= s:
        write(heapq.heappop(ends)[1])
    proto, x6, x, t4, life, why = mapping()
    t = r.randrange(1024, 65536)
    where = f'{proto} [{x6}]:{x} {t4}:{t}'
    write(f'{stamp(DAY0 + s)} bib-new {where}\n')
    e = s + life
    heapq.heappush(ends, (e, f'{stamp(DAY0 + e)} bib-end {where} {why}\n'))
while ends:
    write(heapq.heappop(ends)[1])
EOF
lines=$(wc -l <"$work/map.log")
plain=$(wc -c <"$work/map.log")
gz=$(gzip -9 -c "$work/map.log" | wc -c)
echo "# $n mappings, $lines lines; e.g.:" >&2
sed -n '1p;$p' "$work/map.log" | sed 's/^/#   /' >&2

# --- journald --------------------------------------------------------------------
# journald_usage: the bytes journald's files take after storing map.log,
# or a reason on stderr and non-zero.
journald_usage() {
	local jd=/lib/systemd/systemd-journald
	[ "${LOGVOL_JOURNAL:-1}" = 1 ] || { echo "LOGVOL_JOURNAL=0" >&2; return 1; }
	[ "$(id -u)" -eq 0 ] || { echo "needs root (a private mount namespace)" >&2; return 1; }
	if [ ! -x $jd ] || ! command -v systemd-cat >/dev/null; then
		echo "no systemd-journald or systemd-cat" >&2
		return 1
	fi
	mkdir -p "$work/etc"
	cat >"$work/etc/journald@logvol.conf" <<-EOF
	[Journal]
	Storage=persistent
	Compress=yes
	SystemMaxUse=64G
	SystemMaxFileSize=128M
	SystemKeepFree=0
	RateLimitIntervalSec=0
	EOF
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare --mount --propagation private sh -c '
		work=$1 jd=$2
		mount -t tmpfs tmpfs /run/systemd 2>/dev/null ||
			{ mkdir -p /run/systemd && mount -t tmpfs tmpfs /run/systemd; } || exit
		mount -t tmpfs -o size=90% tmpfs /var/log || exit
		mkdir -p /var/log/journal /run/systemd/journal
		mount --bind "$work/etc" /etc/systemd || exit
		$jd logvol 2>"$work/journald.err" &
		pid=$!
		tries=50
		while [ ! -S /run/systemd/journal.logvol/stdout ]; do
			tries=$((tries - 1))
			[ $tries -gt 0 ] || { echo "journald did not start" >&2; exit 1; }
			sleep 0.1
		done
		# systemd-cat knows no namespaces: give it this one as the default.
		mount --bind /run/systemd/journal.logvol /run/systemd/journal || exit
		systemd-cat -t nat64-log <"$work/map.log" || exit
		journalctl --namespace=logvol --sync || exit
		kill $pid
		wait $pid
		stored=$(journalctl --namespace=logvol -t nat64-log -o cat | wc -l)
		files=$(ls /var/log/journal/*/*.journal | wc -l)
		echo "# journald stored $stored entries of nat64-log in $files files" >&2
		du -s -B1 /var/log/journal | cut -f1
		[ "$stored" -eq "$(wc -l <"$work/map.log")" ] ||
			{ echo "journald kept $stored of the lines" >&2; exit 1; }
	' sh "$work" "$jd"
}
t0=$SECONDS
if jb=$(journald_usage 2>"$work/why"); then
	why=
	echo "# journald took $((SECONDS - t0)) s" >&2
else
	jb='' why=$(tail -n 1 "$work/why")
fi
cat "$work/why" >&2

# --- the table -------------------------------------------------------------------
/usr/bin/python3 - "$n" "$lines" "$plain" "$gz" "$jb" "$why" "$(systemctl --version 2>/dev/null | head -n 1)" <<'EOF' |
import sys

n, lines, plain, gz = map(int, sys.argv[1:5])
jb, why, sd = sys.argv[5], sys.argv[6], sys.argv[7]
rows = [('text lines', plain), ('gzip -9', gz)]
if jb:
    rows.append((f'journald ({sd.split(" (")[0]})', int(jb)))


def size(b):
    for unit in ('B', 'KiB', 'MiB', 'GiB', 'TiB'):
        if b < 1024 or unit == 'TiB':
            return f'{b:.0f} {unit}' if unit == 'B' else f'{b:.1f} {unit}'
        b /= 1024


print(f'# nat64ctl monitor bib: {n:,} mappings, {lines:,} lines (bib-new and bib-end)')
print(f'{"stored as":<24} {"bytes":>15} {"per mapping":>12} {"per million mappings":>21}')
for name, b in rows:
    print(f'{name:<24} {b:>15,} {b / n:>10.1f} B {size(b * 1e6 / n):>21}')
if not jb:
    print(f'journald: not measured ({why})')
EOF
	tee "$out/log-volume.txt"
echo "# written: $out/log-volume.txt" >&2
