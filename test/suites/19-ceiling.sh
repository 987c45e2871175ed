#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module-wide ceilings (max_sessions_total, max_stored_syns_total) bound
# all instances together, whatever their own limits (the first in units of
# a flow's memory: sessions, static BIB entries, pool4 port records): two
# instances in two
# namespaces share them, the second is stopped when the sum reaches the
# ceiling (counted as drop-max-sessions-total, not drop-session-limit),
# existing flows keep working, and every unit comes back when its session
# or SYN is freed: by expiry, instance deletion or namespace deletion.
# Namespaces that other user namespaces own (any local user may have one)
# fill together at most userns_share percent of each ceiling.
# And what an instance allocates is charged to the memory cgroup of the
# process that created it, its flows' state too (made in softirq).
#
#   cA (client) a6 2001:db8:a::2 ---- n6 2001:db8:a::1  nA (NAT64, pool4
#               a4 198.51.100.2  ---- n4 198.51.100.1       192.0.2.1)
# and the same with B.  Clients send UDP from IPv6 (one port, one session)
# and bare TCP SYNs from IPv4 (stored: no BIB entry).
# shellcheck disable=SC2317
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite ceiling

LOADED=1000
SYNS=2
P=/sys/module/nat64/parameters
nat64_load max_sessions_total=$LOADED max_stored_syns_total=$SYNS ||
	{ fail "module loads" "insmod failed"; finish; }
modprobe veth

cleanup() {
	local x
	for x in A B C D Q; do
		ip netns del "n$x" 2>/dev/null
		ip netns del "c$x" 2>/dev/null
	done
	lib_cleanup
}
trap cleanup EXIT

topo() {	# X [userns]: namespaces nX and cX, an instance in nX (with userns,
	#	nX is owned by a user namespace of its own, as a user's is)
	local x=$1 n=n$1 c=c$1 pid
	if [ "$2" = userns ]; then
		# Named by ip netns attach: unshare --net=FILE cannot bind
		# mount from inside the new user namespace.
		unshare --user --map-root-user --net sleep 30 &
		pid=$!
		for _ in $(seq 50); do
			[ "$(readlink "/proc/$pid/ns/net")" != "$(readlink /proc/self/ns/net)" ] &&
				break
			sleep 0.1
		done
		ip netns attach "$n" "$pid"
		kill "$pid"
		[ -e "/run/netns/$n" ] || return
	else
		ip netns add "$n" || return
	fi
	ip netns add "$c" || return
	ip -n "$c" link add a6 type veth peer name n6 netns "$n" &&
	ip -n "$c" link add a4 type veth peer name n4 netns "$n" || return
	ip netns exec "$n" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1 || return
	ip -n "$c" addr add 2001:db8:a::2/64 dev a6 nodad &&
	ip -n "$c" addr add 198.51.100.2/24 dev a4 &&
	ip -n "$n" addr add 2001:db8:a::1/64 dev n6 nodad &&
	ip -n "$n" addr add 198.51.100.1/24 dev n4 || return
	ip -n "$c" link set a6 up && ip -n "$c" link set a4 up &&
	ip -n "$n" link set n6 up && ip -n "$n" link set n4 up || return
	ip -n "$c" route add 64:ff9b::/96 via 2001:db8:a::1 &&
	ip -n "$c" route add 192.0.2.0/24 via 198.51.100.1 || return
	nat64ctl -n "$n" instance add pool6 64:ff9b::/96 &&
	nat64ctl -n "$n" pool4 add 192.0.2.1/32 || return
	echo "$x ready" >&2
}

# udp X PORT...: one datagram from [2001:db8:a::2]:PORT to 198.51.100.2:53
# through nX (the client's own IPv4 side, which nobody answers on).
udp() {
	local x=$1; shift
	ip netns exec "c$x" python3 -c '
import socket, sys
for port in sys.argv[1:]:
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.bind(("2001:db8:a::2", int(port)))
    s.sendto(b"q", ("64:ff9b::c633:6402", 53))
    s.close()' "$@"
}

# syn X:PORT...: a bare TCP SYN from 198.51.100.2:PORT to 192.0.2.1:PORT
# in cX, each sent once (a raw socket: no retransmissions to blur the
# counters), all from one process within milliseconds, well inside the 6 s
# a stored SYN waits.
syn() {
	python3 -c '
import ctypes, os, socket, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
src, dst = socket.inet_aton("198.51.100.2"), socket.inet_aton("192.0.2.1")
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
socks = {}
for x in sorted({a.split(":")[0] for a in sys.argv[1:]}):
    fd = os.open("/run/netns/c" + x, os.O_RDONLY)
    if libc.setns(fd, 0x40000000):          # CLONE_NEWNET
        sys.exit("setns c%s: %s" % (x, os.strerror(ctypes.get_errno())))
    socks[x] = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
for a in sys.argv[1:]:
    x, port = a.split(":")[0], int(a.split(":")[1])
    tcp = struct.pack("!HHIIBBHHH", port, port, 1, 0, 5 << 4, 0x02, 65535, 0, 0)
    c = csum(src + dst + struct.pack("!BBH", 0, 6, len(tcp)) + tcp)
    tcp = tcp[:16] + struct.pack("!H", c) + tcp[18:]
    socks[x].sendto(tcp, ("192.0.2.1", 0))' "$@"
}

nsessions() { nat64ctl -n "n$1" session show | grep -c .; }
stat() { nat64ctl -n "n$1" stats | awk -v k="$2" '$1 == k { print $2 }'; }
total() { cat "$P/$1"; }
# settles NAME WANT CMD...: passes once CMD prints WANT, within 10 s
# (frees wait for a grace period, namespace deletion for its work).
settles() {
	local name=$1 want=$2; shift 2
	for _ in $(seq 50); do
		[ "$("$@")" = "$want" ] && break
		sleep 0.2
	done
	check_out "$name" "$want" "$@"
}

check_out "max_sessions_total as loaded" "$LOADED" total max_sessions_total
check_out "max_stored_syns_total as loaded" "$SYNS" total max_stored_syns_total
check_fail "sessions_total is read-only" "Permission denied" \
	bash -c "echo 1 > $P/sessions_total"
check_fail "max_sessions_total 0 refused" "Invalid argument" \
	bash -c "echo 0 > $P/max_sessions_total"
check_out "still $LOADED" "$LOADED" total max_sessions_total
check "namespaces A and B, an instance in each" topo A
check "B too" topo B

# --- sessions ----------------------------------------------------------------
# The ceiling counts memory in units of a flow's (160 bytes): a session
# takes one, and the record of the ports in use of a pool4 address (a
# bitmap of 8 KiB, per protocol and instance) the units its bytes make,
# U, when its first entry is made.  Measured here, then the ceiling set to
# leave A 4 sessions and B 2.
udp A 40001
settles "A: 1 session" 1 nsessions A
U=$(($(total sessions_total) - 1))
check "a pool4 address's port record takes units for its 8 KiB ($U)" \
	test "$U" -ge $((8192 / 160))
SESSIONS=$((2 * U + 6))
check "the ceiling set to two records and 6 sessions" \
	sh -c "echo $SESSIONS > $P/max_sessions_total"
udp A 40002 40003 40004
settles "A: 4 sessions" 4 nsessions A
check_out "sessions_total: A's record and 4 sessions" $((U + 4)) total sessions_total
udp B 40001 40002 40003 40004
settles "B: only 2 more, to the ceiling" 2 nsessions B
check_out "B: the other 2 counted as drop-max-sessions-total" 2 \
	stat B drop-max-sessions-total
check_out "B: not as its own limit" 0 stat B drop-session-limit
check_out "sessions_total at the ceiling" "$SESSIONS" total sessions_total
check_out "A: still 4 sessions" 4 nsessions A
check_out "A: nothing refused" 0 stat A drop-max-sessions-total

before_a=$(stat A xlat-6to4) before_b=$(stat B xlat-6to4)
udp A 40001 40002 40003 40004
udp B 40001 40002
settles "existing flows of A still translated" $((before_a + 4)) \
	stat A xlat-6to4
settles "existing flows of B still translated" $((before_b + 2)) \
	stat B xlat-6to4
check_out "and no more refusals" 2 stat B drop-max-sessions-total

check "the real root raises the ceiling at run time" \
	sh -c "echo $((SESSIONS + 1)) > $P/max_sessions_total"
udp B 40005
settles "B: one more session" 3 nsessions B
check "and lowers it again" sh -c "echo $SESSIONS > $P/max_sessions_total"

check "A's instance deleted" nat64ctl -n nA instance del
settles "its sessions and record gave their units back" $((U + 3)) \
	total sessions_total
check "A's instance again" nat64ctl -n nA instance add pool6 64:ff9b::/96
check "with its pool4" nat64ctl -n nA pool4 add 192.0.2.1/32
udp A 40011 40012 40013 40014
settles "A: 3 sessions now, up to the ceiling" 3 nsessions A
check_out "A: the fourth refused" 1 stat A drop-max-sessions-total

# --- static BIB entries ------------------------------------------------------
# A request makes them with no packet behind them: each holds a unit, and
# its address's record if it is the first there, or it is refused.
bibs() { nat64ctl -n nA bib show proto "$1" | grep -c static; true; }
# static_needs PROTO IN_USE UNITS: a static PROTO entry refused with IN_USE
# units taken and the ceiling there, added once it is UNITS higher.
add_static() { nat64ctl -n nA bib add proto "$1" '[2001:db8:a::99]:7' 192.0.2.1:7000; }
static_needs() {
	check "$1: the ceiling at what is in use" sh -c "echo $2 > $P/max_sessions_total"
	check_fail "$1: a static entry refused at the ceiling" \
		"the module-wide ceiling max_sessions_total is reached" add_static "$1"
	check_out "$1: nothing added" 0 bibs "$1"
	if [ "$3" -gt 1 ]; then
		check "$1: the ceiling one unit short" \
			sh -c "echo $(($2 + $3 - 1)) > $P/max_sessions_total"
		check_fail "$1: refused at the ceiling, not as taken" \
			"the module-wide ceiling max_sessions_total is reached" add_static "$1"
	fi
	check "$1: the ceiling $3 units higher" \
		sh -c "echo $(($2 + $3)) > $P/max_sessions_total"
	check "$1: then it is added" add_static "$1"
	check_out "$1: holding them" $(($2 + $3)) total sessions_total
}
static_needs udp "$SESSIONS" 1
# No TCP entry in A yet: a record for 192.0.2.1 in TCP as well.
static_needs tcp $((SESSIONS + 1)) $((U + 1))
check "both deleted" sh -c "nat64ctl -n nA bib del proto udp 192.0.2.1:7000 &&
	nat64ctl -n nA bib del proto tcp 192.0.2.1:7000"
settles "their units back" "$SESSIONS" total sessions_total
check "the ceiling back" sh -c "echo $SESSIONS > $P/max_sessions_total"
# At the ceiling a dynamic entry may still be made static: that takes none.
t=$(nat64ctl -n nA bib show proto udp | awk '$2 == "[2001:db8:a::2]:40011" { sub(/.*:/, "", $3); print $3 }')
check "a dynamic entry made static at the ceiling" \
	nat64ctl -n nA bib add proto udp '[2001:db8:a::2]:40011' "192.0.2.1:$t"
check_out "now static" 1 bibs udp
check_out "no unit taken" "$SESSIONS" total sessions_total

# --- stored SYNs -------------------------------------------------------------
# Read at once: the SYNs wait only 6 s.
check "SYNs: 2 to A, then 1 to B" syn A:50001 A:50002 B:50003
settles "stored_syns_total at the ceiling" "$SYNS" total stored_syns_total
settles "A: 2 SYNs stored" 2 stat A syn-stored
settles "B: its SYN refused at the ceiling" 1 stat B drop-max-stored-syns-total
check_out "B: not as its own store full" 0 stat B drop-stored-syns-full
check_out "B: none stored" 0 stat B syn-stored
sleep 7		# the 6 s of RFC 6146 3.5.2.2, and the expiry scan's pace
settles "A's SYNs expired" 2 stat A stored-syn-expired
settles "their units came back" 0 total stored_syns_total
syn B:50004
settles "B: now stored" 1 stat B syn-stored
check "B's instance deleted, its SYN still held" nat64ctl -n nB instance del
settles "its unit came back with the instance" 0 total stored_syns_total

# --- namespaces --------------------------------------------------------------
check "namespace nA deleted, sessions in it" ip netns del nA
settles "every unit back once the namespaces are gone" 0 total sessions_total
check "module unloads" nat64_unload

# The defaults: sessions worth an eighth of memory at 160 bytes each.
by_memory() { awk '/^MemTotal:/ { printf "%d\n", $2 * 1024 / 8 / 160 }' /proc/meminfo; }
check "loaded without parameters" nat64_load
check_out "max_sessions_total sized from memory" "$(by_memory)" \
	total max_sessions_total
check_out "max_stored_syns_total 4096" 4096 total max_stored_syns_total
check_out "userns_share 50" 50 total userns_share
check_fail "userns_share over 100 refused" "Invalid argument" \
	bash -c "echo 101 > $P/userns_share"

# --- namespaces of other user namespaces: a share ----------------------------
# Q's network namespace belongs to a user namespace of its own, whose root
# could be any local user; D is the host's own.  With userns_share 50 and
# the ceiling at two port records and 10 sessions, Q may fill $U + 5
# (its record, 5 sessions) however much it asks, and D still gets its
# record and 5 sessions; without the share Q took all and D got nothing.
check "unloads for the share" nat64_unload
check "loaded with userns_share 50" nat64_load \
	max_sessions_total=$((2 * U + 10)) max_stored_syns_total=4 userns_share=50
check "namespace Q, of a user namespace of its own, an instance in it" \
	topo Q userns
check "namespace D, the host's own" topo D
udp Q $(seq 42001 42020)
settles "Q: 5 sessions, its share" 5 nsessions Q
check_out "Q: the other 15 counted as drop-max-sessions-total" 15 \
	stat Q drop-max-sessions-total
check_out "sessions_total at Q's share" $((U + 5)) total sessions_total
check_fail "Q: a static entry refused past its share, and says why" \
	"(userns_share) is reached" \
	nat64ctl -n nQ bib add proto udp '[2001:db8:a::99]:7' 192.0.2.1:7000
udp D $(seq 42001 42005)
settles "D: all 5 sessions made" 5 nsessions D
check_out "D: none refused" 0 stat D drop-max-sessions-total
check_out "sessions_total at the ceiling" $((2 * U + 10)) total sessions_total
check "SYNs: 3 to Q, then 2 to D" syn Q:50001 Q:50002 Q:50003 D:50004 D:50005
settles "stored_syns_total at the ceiling" 4 total stored_syns_total
settles "Q: 2 SYNs stored, its share" 2 stat Q syn-stored
settles "Q: its third refused" 1 stat Q drop-max-stored-syns-total
settles "D: both stored" 2 stat D syn-stored
for x in Q D; do ip netns del "n$x"; ip netns del "c$x"; done
settles "every unit back" 0 total sessions_total
check "unloads" nat64_unload
check "loaded without parameters again" nat64_load

# --- memory cgroup -------------------------------------------------------------
CG=/sys/fs/cgroup
memcg_setup() {
	mountpoint -q $CG || mount -t cgroup2 none $CG || return
	grep -qw memory $CG/cgroup.controllers || return
	echo +memory >$CG/cgroup.subtree_control && mkdir -p $CG/nat64
}
memstat() { awk -v k="$1" '$1 == k { print $2 }' $CG/nat64/memory.stat; }
# in_cg CMD...: CMD run from the cgroup nat64.
in_cg() { sh -c "echo \$\$ >$CG/nat64/cgroup.procs && exec \"\$@\"" in_cg "$@"; }
# grows KEY FROM MIN: memory.stat's KEY is at least FROM + MIN within 10 s
# (the cgroup's statistics are flushed lazily).
grows() {
	local _
	for _ in $(seq 50); do
		if [ "$(memstat "$1")" -ge $(($2 + $3)) ]; then
			echo "$1 grew from $2 to $(memstat "$1")" >&2
			return 0
		fi
		sleep 0.2
	done
	echo "$1 grew from $2 to $(memstat "$1"), wanted $3 more" >&2
	return 1
}
if memcg_setup; then
	check "namespaces C, an instance" topo C
	check "its instance deleted" nat64ctl -n nC instance del
	before=$(memstat percpu)
	check "instance made from a process in a memory cgroup" \
		in_cg nat64ctl -n nC instance add pool6 64:ff9b::/96
	check "pool4 too" in_cg nat64ctl -n nC pool4 add 192.0.2.1/32
	check "its per-CPU counters and route cache charged to the cgroup" \
		grows percpu "$before" 1000
	before=$(memstat slab)
	# Sent from outside the cgroup: only the instance can charge it.
	udp C $(seq 41000 41999)
	settles "1000 sessions" 1000 nsessions C
	check "their BIB entries, each holding its session, charged to it (80 bytes a flow)" \
		grows slab "$before" 80000
	ip netns del nC
	ip netns del cC
else
	skip "memory cgroup" "no cgroup2 memory controller in this kernel"
fi
check "unloads" nat64_unload
rmdir $CG/nat64 2>/dev/null
finish
