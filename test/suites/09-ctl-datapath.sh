#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nat64ctl bib, session and stats against the real module: static BIB
# entries round trip (text and JSON) and are refused with the kernel's own
# sentence when they cannot be, filters ask the kernel what they show, stats
# lists every counter of include/nat64.h with a number, and a ping and a
# TCP connection across three namespaces leave the sessions, BIB entries
# and counters they should.  Packet behaviour in depth is the packet and
# smoke suites' business.
# shellcheck disable=SC2317
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite ctl-datapath

nat64_load || { fail "module loads" "insmod failed"; finish; }
check_fail "bib show without an instance" "no NAT64 instance" nat64ctl bib show
check_fail "bib add without an instance" "no NAT64 instance" \
	nat64ctl bib add proto tcp '[2001:db8::80]:80' 192.0.2.1:80
check_fail "session show without an instance" "no NAT64 instance" \
	nat64ctl session show
check_fail "stats without an instance" "no NAT64 instance" nat64ctl stats

nat64ctl instance add pool6 64:ff9b::/96
nat64ctl pool4 add 192.0.2.1/32 proto tcp ports 1-65535
nat64ctl pool4 add 192.0.2.1/32 proto icmp
nat64ctl pool4 add 192.0.2.2/32 proto udp ports 20000-29999

# --- bib add / show / del ----------------------------------------------------
check_out "bib empty at first" "" nat64ctl bib show
check_out "bib JSON empty at first" "[]" nat64ctl -j bib show
check "bib add tcp" nat64ctl bib add proto tcp '[2001:db8::80]:80' 192.0.2.1:80
check_out "bib reads back as static" \
	"tcp [2001:db8::80]:80 192.0.2.1:80 static sessions 0" nat64ctl bib show
check_out "bib JSON reads back" \
	'[{"proto":"tcp","addr6":"2001:db8::80","port6":80,"addr4":"192.0.2.1","port4":80,"static":true,"sessions":0}]' \
	nat64ctl -j bib show
check "bib add udp, words in another order" \
	nat64ctl bib add 192.0.2.2:20053 '[2001:db8::53]:53' proto udp
check "bib add icmp, identifier 0" \
	nat64ctl bib add proto icmp '[2001:db8::80]:0' 192.0.2.1:0
all_three="tcp [2001:db8::80]:80 192.0.2.1:80 static sessions 0
udp [2001:db8::53]:53 192.0.2.2:20053 static sessions 0
icmp [2001:db8::80]:0 192.0.2.1:0 static sessions 0"
check_out "bib lists all three by protocol" "$all_three" nat64ctl bib show
check_out "bib show proto" "udp [2001:db8::53]:53 192.0.2.2:20053 static sessions 0" \
	nat64ctl bib show proto udp
check_out "bib show addr6" "tcp [2001:db8::80]:80 192.0.2.1:80 static sessions 0
icmp [2001:db8::80]:0 192.0.2.1:0 static sessions 0" \
	nat64ctl bib show addr6 2001:db8::80
check_out "bib show addr4 and proto" "icmp [2001:db8::80]:0 192.0.2.1:0 static sessions 0" \
	nat64ctl bib show addr4 192.0.2.1 proto icmp
check_out "bib show with a filter nothing matches" "" \
	nat64ctl bib show addr4 192.0.2.2 proto tcp

# exit_status NAME N: the command of the check before exited N.
exit_status() {
	if [ "$_rc" -eq "$2" ]; then
		pass "$1: exit status $2"
	else
		fail "$1: exit status $2" "it exited $_rc"
	fi
}

# Refusals: the kernel's sentence, exit 1, the table as it was.
unchanged() { [ "$(nat64ctl bib show)" = "$all_three" ]; }
refused() {	# NAME SUBSTRING ARGS...
	local name=$1 want=$2; shift 2
	check_fail "$name" "$want" nat64ctl bib "$@"
	exit_status "$name" 1
	check "$name: BIB unchanged" unchanged
}
in_pool4="Error: the IPv4 address and port of a BIB entry must lie inside pool4 for its protocol."
refused "bib add outside pool4" "$in_pool4" \
	add proto tcp '[2001:db8::81]:80' 203.0.113.1:80
refused "bib add outside the pool4 port range" "$in_pool4" \
	add proto udp '[2001:db8::81]:53' 192.0.2.2:53
refused "bib add on another protocol's pool4" "$in_pool4" \
	add proto udp '[2001:db8::81]:53' 192.0.2.1:53
refused "bib add of an IPv6 side inside pool6" \
	"Error: the IPv6 address of a BIB entry must lie outside pool6." \
	add proto tcp '[64:ff9b::c000:201]:80' 192.0.2.1:81
refused "bib add twice" "Error: that static BIB entry already exists." \
	add proto tcp '[2001:db8::80]:80' 192.0.2.1:80
refused "bib add of a bound IPv6 side" \
	"Error: the IPv6 address and port already have a BIB entry." \
	add proto tcp '[2001:db8::80]:80' 192.0.2.1:81
refused "bib add of a bound IPv4 side" \
	"Error: the IPv4 address and port already belong to a BIB entry." \
	add proto tcp '[2001:db8::81]:80' 192.0.2.1:80
absent="Error: no BIB entry has that address and port."
refused "bib del of an absent IPv6 side" "$absent" \
	del proto tcp '[2001:db8::81]:80'
refused "bib del of an absent IPv4 side" "$absent" \
	del proto udp 192.0.2.2:20054
refused "bib del of an entry of another protocol" "$absent" \
	del proto udp 192.0.2.1:80

check_fail "a usage error exits 2" "port must be 1-65535, not '0'" \
	nat64ctl bib add proto tcp '[2001:db8::81]:0' 192.0.2.1:81
exit_status "a usage error" 2

nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
check_fail "bib add needs CAP_NET_ADMIN" "Operation not permitted" \
	nobody nat64ctl bib add proto tcp '[2001:db8::81]:80' 192.0.2.1:81
check_fail "bib del needs CAP_NET_ADMIN" "Operation not permitted" \
	nobody nat64ctl bib del proto tcp 192.0.2.1:80
check_fail "bib show needs it too" "Operation not permitted" \
	nobody nat64ctl bib show

nat64ctl bib add proto tcp '[2001:db8::81]:81' 192.0.2.1:81
check_fail "bib del of two sides of different entries" \
	"Error: the IPv6 and IPv4 sides belong to different BIB entries." \
	nat64ctl bib del proto tcp '[2001:db8::80]:80' 192.0.2.1:81
check "bib del by the IPv4 side" nat64ctl bib del proto tcp 192.0.2.1:80
check "and the other tcp entry" nat64ctl bib del proto tcp 192.0.2.1:81
check "bib del by the IPv6 side" nat64ctl bib del proto udp '[2001:db8::53]:53'
check_out "one entry left" "icmp [2001:db8::80]:0 192.0.2.1:0 static sessions 0" \
	nat64ctl bib show
check "bib del by both sides" \
	nat64ctl bib del proto icmp '[2001:db8::80]:0' 192.0.2.1:0
check_out "bib empty again" "" nat64ctl bib show
check_out "bib-created counted the four entries" 4 \
	sh -c "nat64ctl stats | awk '\$1 == \"bib-created\" { print \$2 }'"

# A static entry goes with the pool4 address it was on.
nat64ctl bib add proto udp '[2001:db8::53]:53' 192.0.2.2:20053
check "pool4 del of the address" nat64ctl pool4 del 192.0.2.2/32 proto udp
check_out "ends its static entry" "" nat64ctl bib show

# A listing of many messages: 600 entries added straight over netlink.
bulk_add() {
	/usr/bin/python3 - "$NAT64_TOP/test/lib" <<'EOF'
import sys
sys.path.insert(0, sys.argv[1])
from nat64genl import C, Nat64Genl, bib_nest, cmd
nl = Nat64Genl()
for i in range(600):
    nl.request(cmd('BIB_ADD'), bib_nest(C['NAT64_PROTO_TCP'], f'2001:db8::1:{i:x}',
                                        1000 + i, '192.0.2.1', 1000 + i))
EOF
}
bulk_expected() {
	local i
	for ((i = 0; i < 600; i++)); do
		printf 'tcp [2001:db8::1:%x]:%d 192.0.2.1:%d static sessions 0\n' \
			"$i" $((1000 + i)) $((1000 + i))
	done
}
check "600 static entries" bulk_add
check_out "bib show lists all 600 in IPv4 port order" "$(bulk_expected)" \
	nat64ctl bib show
check_out "bib JSON has 600 too" 600 \
	sh -c 'nat64ctl -j bib show | python3 -c "import json, sys; print(len(json.load(sys.stdin)))"'
check_out "filtered to one" "tcp [2001:db8::1:12b]:1299 192.0.2.1:1299 static sessions 0" \
	nat64ctl bib show addr6 2001:db8::1:12b
check "pool4 del ends all 600" nat64ctl pool4 del 192.0.2.1/32 proto tcp
check_out "bib empty once more" "" nat64ctl bib show

# --- stats --------------------------------------------------------------------
# The names, in order, from the one list in include/nat64.h.
names=$(sed -n '/^#define NAT64_STATS(X)/,/^$/s/.*X([A-Z0-9_]*,[[:space:]]*"\([a-z0-9-]*\)").*/\1/p' \
	"$NAT64_TOP/include/nat64.h")
count=$(wc -l <<<"$names")
# The counters come first, up to a blank line; the gauges follow it.
counters() { nat64ctl stats "$@" | sed '/^$/,$d'; }
gauges() { nat64ctl stats | sed '1,/^$/d'; }
stats_names() { counters | cut -d' ' -f1; }
check_out "stats lists every counter of nat64.h, in order ($count)" "$names" stats_names
numeric() { counters | grep -Evx '[a-z0-9-]+ [0-9]+'; [ $? -eq 1 ]; }
check "stats: every value a number" numeric
check_out "stats show is stats" "$(nat64ctl stats)" nat64ctl stats show
gauge_shape() {
	gauges | grep -Evx '(sessions|ipv4-sessions|stored-syns) [0-9]+|(tcp|udp|icmp) bib [0-9]+ sessions [0-9]+ pool4-ports [0-9]+'
	[ $? -eq 1 ] && [ "$(gauges | wc -l)" -eq 6 ]
}
check "stats: the gauges follow, three totals and a line per protocol" gauge_shape
json_names() {
	nat64ctl -j stats | python3 -c '
import json, sys
d = json.load(sys.stdin)
g = d.pop("gauges")
assert set(g) == {"sessions", "ipv4-sessions", "stored-syns", "tcp", "udp", "icmp"}, g
for k, v in d.items():
    assert isinstance(v, int) and v >= 0, (k, v)
    print(k)'
}
check_out "stats JSON has the same counters, numbers, and the gauges" "$names" json_names
check_out "stats show nonzero: only those counters" \
	"$(counters | awk '$2 != 0')" counters show nonzero

# --- sessions -----------------------------------------------------------------
check_out "no sessions at first" "" nat64ctl session show
check_out "no sessions in JSON" "[]" nat64ctl -j session show

# A ping across three namespaces: c6 (2001:db8:6::2) -> nat -> s4 (198.51.100.2).
pids=()
topo_down() {
	local pid
	for pid in "${pids[@]}"; do kill "$pid"; done
	wait
	ip netns del dp-c6; ip netns del dp-nat; ip netns del dp-s4
} 2>/dev/null
trap 'topo_down; lib_cleanup' EXIT
topo_up() {
	modprobe veth &&
	ip netns add dp-c6 && ip netns add dp-nat && ip netns add dp-s4 &&
	ip -n dp-c6 link add c6 type veth peer name n6 netns dp-nat &&
	ip -n dp-s4 link add s4 type veth peer name n4 netns dp-nat &&
	ip -n dp-c6 link set lo up && ip -n dp-c6 link set c6 up &&
	ip -n dp-nat link set lo up && ip -n dp-nat link set n6 up &&
	ip -n dp-nat link set n4 up &&
	ip -n dp-s4 link set lo up && ip -n dp-s4 link set s4 up &&
	ip -n dp-c6 addr add 2001:db8:6::2/64 dev c6 nodad &&
	ip -n dp-nat addr add 2001:db8:6::1/64 dev n6 nodad &&
	ip -n dp-c6 route add 64:ff9b::/96 via 2001:db8:6::1 &&
	ip -n dp-nat addr add 198.51.100.1/24 dev n4 &&
	ip -n dp-s4 addr add 198.51.100.2/24 dev s4 &&
	ip -n dp-s4 route add 203.0.113.0/24 via 198.51.100.1 &&
	ip netns exec dp-nat sysctl -qw net.ipv6.conf.all.forwarding=1 \
		net.ipv4.ip_forward=1 &&
	nat64ctl -n dp-nat instance add pool6 64:ff9b::/96 &&
	nat64ctl -n dp-nat pool4 add 203.0.113.1/32
}
check "three namespaces around a NAT64" topo_up
ping6_through() { ip netns exec dp-c6 ping -6 -c 1 -W 5 64:ff9b::c633:6402 >&2; }
check "ping from IPv6 to IPv4 through the NAT64" ping6_through
session_re='^icmp \[2001:db8:6::2\]:[0-9]+ -> \[64:ff9b::c633:6402\]:[0-9]+ \| 203\.0\.113\.1:[0-9]+ -> 198\.51\.100\.2:[0-9]+ expires [0-9]+s$'
one_session() {
	local out
	out=$(nat64ctl -n dp-nat session show) || return
	echo "$out" >&2
	[ "$(wc -l <<<"$out")" -eq 1 ] && [[ $out =~ $session_re ]]
}
check "session show: the ping's ICMP session" one_session
check_out "session show filters it in by remote4" "1" \
	sh -c 'nat64ctl -n dp-nat session show remote4 198.51.100.2 proto icmp | wc -l'
check_out "and out by another proto" "" nat64ctl -n dp-nat session show proto udp
session_json() {
	nat64ctl -n dp-nat -j session show | python3 -c '
import json, sys
s, = json.load(sys.stdin)
assert s["proto"] == "icmp" and s["addr6"] == "2001:db8:6::2", s
assert s["remote6"] == "64:ff9b::c633:6402" and s["addr4"] == "203.0.113.1", s
assert s["remote4"] == "198.51.100.2" and "state" not in s, s
assert 0 < s["expires-ms"] <= 60000, s'
}
check "session JSON: the same session, expiry in ms" session_json
bib_dynamic='^icmp \[2001:db8:6::2\]:[0-9]+ 203\.0\.113\.1:[0-9]+ sessions 1$'
dynamic_bib() { [[ $(nat64ctl -n dp-nat bib show) =~ $bib_dynamic ]]; }
check "bib show: a dynamic entry with one session" dynamic_bib
counted() { # NAME: the counter is at least 1
	local v
	v=$(nat64ctl -n dp-nat stats | awk -v n="$1" '$1 == n { print $2 }')
	[ "${v:-0}" -ge 1 ]
}
check "stats counted the translation 6to4" counted xlat-6to4
check "stats counted the translation 4to6" counted xlat-4to6
check "stats counted the session" counted session-created

# A TCP connection held open: its session shows ESTABLISHED.
hold='import socket, sys, time
if sys.argv[1] == "server":
    c, _ = socket.create_server(("0.0.0.0", 8080)).accept()
else:
    c = socket.create_connection(("64:ff9b::c633:6402", 8080), timeout=20)
time.sleep(60)'
listening() {
	local i
	for i in $(seq 50); do
		ip netns exec dp-s4 ss -Hlnt 'sport = :8080' | grep -q . && return 0
		sleep 0.2
	done
	return 1
}
ip netns exec dp-s4 /usr/bin/python3 -c "$hold" server & pids+=($!)
check "a TCP server on the IPv4 side" listening
ip netns exec dp-c6 /usr/bin/python3 -c "$hold" client & pids+=($!)
tcp_re='^tcp \[2001:db8:6::2\]:[0-9]+ -> \[64:ff9b::c633:6402\]:8080 \| 203\.0\.113\.1:[0-9]+ -> 198\.51\.100\.2:8080 ESTABLISHED expires [0-9]+s$'
established() {
	local i out
	for i in $(seq 80); do
		out=$(nat64ctl -n dp-nat session show proto tcp)
		[[ $out =~ $tcp_re ]] && return 0
		sleep 0.25
	done
	echo "last: $out" >&2
	return 1
}
check "session show: the connection, ESTABLISHED" established
tcp_json() {
	nat64ctl -n dp-nat -j session show proto tcp | python3 -c '
import json, sys
s, = json.load(sys.stdin)
assert s["state"] == "ESTABLISHED" and s["remote-port4"] == 8080, s
assert 7000000 < s["expires-ms"] <= 7440000, s'
}
check "session JSON: state and the established timeout" tcp_json
check_out "two BIB entries now, one per protocol" "tcp
icmp" sh -c 'nat64ctl -n dp-nat bib show | cut -d" " -f1'
finish
