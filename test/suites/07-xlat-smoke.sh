#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# xlat-smoke: the translation path with real tools in three namespaces, an
# IPv6-only client, the translator and an IPv4-only server, over veth pairs
# with GRO on (so TCP bulk crosses the translator as GSO packets):
#
#   c6 2001:db8:1::2 --- 2001:db8:1::1 nat 203.0.113.1 --- 203.0.113.2 s4
#        route 64:ff9b::/96 via nat     pool4 198.51.100.1   route 198.51.100.0/24 via nat
#
# ping, UDP (small, fragmented both ways, IPv4 checksum 0), HTTP and raw TCP
# transfers checked by SHA-256 in both directions, iperf3 both ways, and the
# counters that say every packet was translated.  Byte-exact checks of each
# RFC rule live in the packet suites; this one proves the path works.
# shellcheck disable=SC2317
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite xlat-smoke

C6=nat64-c6 NX=nat64-x S4=nat64-s4
SRV4=203.0.113.2
SRV6=64:ff9b::cb00:7102		# 64:ff9b::203.0.113.2 (RFC 6052, /96)
POOL4=198.51.100.1
PY=/usr/bin/python3
UDP_ECHO=$NAT64_TOP/test/lib/udp_echo.py
WORK=$(mktemp -d "${TMPDIR:-/tmp}/xlat-smoke.XXXXXX")
pids=()

c6() { ip netns exec "$C6" "$@"; }
nx() { ip netns exec "$NX" "$@"; }
s4() { ip netns exec "$S4" "$@"; }

cleanup() {
	local pid
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
	wait 2>/dev/null
	ip netns del "$C6" 2>/dev/null
	ip netns del "$NX" 2>/dev/null
	ip netns del "$S4" 2>/dev/null
	rm -rf "$WORK"
	lib_cleanup
}
trap cleanup EXIT

# bg CMD...: a server in the background, stopped at exit.
bg() { "$@" >>"$WORK/servers.log" 2>&1 & pids+=($!); }

setup() {
	modprobe veth || return
	ip netns add "$C6" && ip netns add "$NX" && ip netns add "$S4" || return
	ip link add c6 netns "$C6" type veth peer name n6 netns "$NX" || return
	ip link add s4 netns "$S4" type veth peer name n4 netns "$NX" || return
	c6 ip link set lo up && c6 ip link set c6 up &&
	c6 ip -6 addr add 2001:db8:1::2/64 dev c6 nodad &&
	c6 ip -6 route add 64:ff9b::/96 via 2001:db8:1::1 || return
	nx ip link set lo up && nx ip link set n6 up && nx ip link set n4 up &&
	nx ip -6 addr add 2001:db8:1::1/64 dev n6 nodad &&
	nx ip addr add 203.0.113.1/24 dev n4 || return
	s4 ip link set lo up && s4 ip link set s4 up &&
	s4 ip addr add "$SRV4/24" dev s4 &&
	s4 ip route add 198.51.100.0/24 via 203.0.113.1 || return
	# GRO everywhere: the translator receives (and sends on) GSO skbs.
	c6 ethtool -K c6 gro on && nx ethtool -K n6 gro on &&
	nx ethtool -K n4 gro on && s4 ethtool -K s4 gro on || return
	nx nat64ctl instance add pool6 64:ff9b::/96 &&
	nx nat64ctl pool4 add "$POOL4/32"
}

# wait_port NS PROTO PORT: until a server listens (TCG boots are slow).
wait_port() {
	local i
	for i in $(seq 50); do
		ip netns exec "$1" ss -Hln"${2:0:1}" "sport = :$3" | grep -q . && return 0
		sleep 0.2
	done
	return 1
}

# nstat_of NS COUNTER: the kernel's SNMP counter in NS.
nstat_of() { ip netns exec "$1" nstat -az "$2" | awk -v n="$2" '$1 == n { print $2 }'; }

# capture NS DEV FILTER FILE / stop_capture: tcpdump in the background.
# --immediate-mode: otherwise the packet ring hands tcpdump a block only
# when it fills or times out, and the SIGINT of stop_capture discards the
# block still open (a CI run lost fragments of the 20000-byte echo so).
capture() {
	ip netns exec "$1" tcpdump -nn -U --immediate-mode -i "$2" -w "$4" "$3" \
		2>"$WORK/tcpdump.err" &
	cap=$!
	for _ in $(seq 50); do
		grep -q listening "$WORK/tcpdump.err" && return
		sleep 0.2
	done
}
stop_capture() { sleep 0.5; kill -INT "$cap"; wait "$cap"; }

# frag_report PCAP SRC MAX: how many IPv6 fragments from SRC carry more
# than MAX bytes of fragment payload (tcpdump prints `frag (OFFSET|LEN)').
frag_report() {
	tcpdump -nn -r "$1" "src $2" 2>/dev/null | awk -v max="$3" '
		match($0, /frag \([0-9]+\|[0-9]+\)/) {
			split(substr($0, RSTART + 6, RLENGTH - 7), f, "|")
			n++; if (f[2] + 0 > max) big++
		}
		END { printf "%d fragments too big\n", big + 0; if (n < 17) exit 1 }'
}

# drops: the drop counters that are not zero (none, we hope).
drops() {
	local out
	out=$(nx nat64ctl stats show nonzero) || return
	grep '^drop-' <<<"$out" || :
}

stat_of() { nx nat64ctl stats show | awk -v n="$1" '$1 == n { print $2 }'; }
nonzero() { [ "$(stat_of "$1")" -gt 0 ]; }

# tx_snap DEV: bytes and packets the translator sent on DEV so far.
tx_snap() {
	echo "$(nx cat "/sys/class/net/$1/statistics/tx_bytes")" \
		"$(nx cat "/sys/class/net/$1/statistics/tx_packets")"
}

# gso_since DEV "BYTES PACKETS": average packet the translator sent on DEV
# since the snapshot is above 3000 bytes, so GSO packets went through whole.
gso_since() {
	local now b p
	read -ra now <<<"$(tx_snap "$1")"
	read -r b p <<<"$2"
	b=$((now[0] - b)) p=$((now[1] - p))
	echo "$b bytes in $p packets" >&2
	[ "$p" -gt 0 ] && [ $((b / p)) -gt 3000 ]
}

nat64_load || { fail "module loads" "insmod failed"; finish; }
check "three namespaces set up" setup || finish

# --- ICMP echo -----------------------------------------------------------------
check "ping6 64:ff9b::203.0.113.2 answered" \
	c6 ping -c 3 -i 0.2 -W 3 "$SRV6"
check "ping6 of 1400 bytes (DF set on the IPv4 side) answered" \
	c6 ping -c 2 -i 0.2 -W 3 -s 1400 "$SRV6"
check_out "hop limit 1: Time Exceeded from the translator" "Time exceeded" \
	sh -c "ip netns exec $C6 ping -c 1 -W 3 -t 1 $SRV6 | grep -o 'Time exceeded'"

# --- UDP -----------------------------------------------------------------------
bg s4 "$PY" "$UDP_ECHO" server 5000
bg s4 "$PY" "$UDP_ECHO" server 5001 --nocheck
wait_port "$S4" udp 5000 && wait_port "$S4" udp 5001
check_out "UDP echo, 100 bytes" ok c6 "$PY" "$UDP_ECHO" client "$SRV6" 5000 100
reasm4=$(nstat_of "$S4" IpReasmOKs)
capture "$C6" c6 'ip6[6] == 44' "$WORK/frag6.pcap"
check_out "UDP echo, 3000 bytes (fragmented on both sides)" ok \
	c6 "$PY" "$UDP_ECHO" client "$SRV6" 5000 3000
check_out "UDP echo, 20000 bytes (reassembled, refragmented)" ok \
	c6 "$PY" "$UDP_ECHO" client "$SRV6" 5000 20000
stop_capture
check "IPv4 server reassembled the translated fragments" \
	test "$(nstat_of "$S4" IpReasmOKs)" -ge $((reasm4 + 2))
# 20000 bytes in fragments of at most 1280 - 48 = 1232 (a multiple of 8).
check_out "IPv6 fragments from the translator fit lowest-ipv6-mtu (1280)" \
	"0 fragments too big" frag_report "$WORK/frag6.pcap" 64:ff9b::cb00:7102 1232
check_out "IPv4 UDP reply without checksum gets one on IPv6" ok \
	c6 "$PY" "$UDP_ECHO" client "$SRV6" 5001 200

# --- hairpinning (RFC 6146 3.8) ------------------------------------------------
# ::3 gets a binding (T,t) by talking to the IPv4 side from port 7000, then
# serves on that port; ::2 reaches it at 64:ff9b::T, port t.
c6 ip -6 addr add 2001:db8:1::3/64 dev c6 nodad
bg s4 "$PY" "$UDP_ECHO" server 5002 --whoami
wait_port "$S4" udp 5002
check "::3 learns its IPv4 transport address" \
	c6 "$PY" "$UDP_ECHO" ask "$SRV6" 5002 --src 2001:db8:1::3 --sport 7000
mapped=$_out
bg c6 "$PY" "$UDP_ECHO" server 7000 --bind 2001:db8:1::3
wait_port "$C6" udp 7000
hp=$(stat_of hairpin)
check_out "UDP from ::2 to ::3 through its pool4 address (hairpin)" ok \
	c6 "$PY" "$UDP_ECHO" client "64:ff9b::${mapped%:*}" "${mapped##*:}" 300 \
	--src 2001:db8:1::2
check "counter hairpin counts both ways" test "$(stat_of hairpin)" -ge $((hp + 2))

# --- TCP -----------------------------------------------------------------------
head -c 8M /dev/urandom >"$WORK/big"
want=$(sha256sum <"$WORK/big")
mkdir "$WORK/www" && ln "$WORK/big" "$WORK/www/big"
bg s4 "$PY" -m http.server --bind "$SRV4" --directory "$WORK/www" 8080
wait_port "$S4" tcp 8080
check_out "HTTP download of 8 MiB over TCP, SHA-256 intact" "$want" \
	c6 sh -c "curl -sSf -g --max-time 120 'http://[$SRV6]:8080/big' | sha256sum"

bg s4 socat -u TCP4-LISTEN:9000,reuseaddr,fork "OPEN:$WORK/up,creat,trunc"
wait_port "$S4" tcp 9000
check "TCP upload of 8 MiB" \
	c6 timeout 120 socat -u "OPEN:$WORK/big" "TCP6:[$SRV6]:9000"
sleep 1
check_out "upload arrived intact" "$want" sh -c "sha256sum <'$WORK/up'"

bg s4 iperf3 -s -p 5201
wait_port "$S4" tcp 5201
snap=$(tx_snap n4)
check "iperf3 IPv6 -> IPv4 (6 s)" c6 iperf3 -c "$SRV6" -p 5201 -t 6 -f m
check "IPv6 -> IPv4 bulk translated as GSO packets" gso_since n4 "$snap"
snap=$(tx_snap n6)
check "iperf3 IPv4 -> IPv6 (reverse, 6 s)" c6 iperf3 -c "$SRV6" -p 5201 -t 6 -R -f m
check "IPv4 -> IPv6 bulk translated as GSO packets" gso_since n6 "$snap"

# --- DF=0 bulk ------------------------------------------------------------------
# A server without PMTU discovery sends TCP with DF clear: GRO'd into GSO
# packets whose segments exceed 1280 once translated, so they are segmented
# and each leaves as IPv6 fragments (RFC 7915 4.1).
s4 sysctl -qw net.ipv4.ip_no_pmtu_disc=1
head -c 2M /dev/urandom >"$WORK/df0"
want=$(sha256sum <"$WORK/df0")
bg s4 socat -u "OPEN:$WORK/df0" TCP4-LISTEN:9001,reuseaddr,fork
wait_port "$S4" tcp 9001
reasm6=$(nstat_of "$C6" Ip6ReasmOKs)
check_out "download of 2 MiB sent with DF clear, intact" "$want" \
	c6 sh -c "timeout 120 socat -u 'TCP6:[$SRV6]:9001' - | sha256sum"
check "  ... arrived as IPv6 fragments" \
	test "$(nstat_of "$C6" Ip6ReasmOKs)" -gt $((reasm6 + 100))
s4 sysctl -qw net.ipv4.ip_no_pmtu_disc=0

# --- counters ------------------------------------------------------------------
check "counter xlat-6to4 counts" nonzero xlat-6to4
check "counter xlat-4to6 counts" nonzero xlat-4to6
check_out "no packet dropped but the expired one" "drop-hop-limit-exceeded 1" drops

# --- path MTU ------------------------------------------------------------------
# IPv4 side 1300: 1400-byte pings with DF earn a Packet Too Big of 1320 from
# the translator, and TCP uploads learn it.  IPv6 side 1400 on the
# translator: the server's full-size segments earn Fragmentation Needed 1380.
nx ip link set n4 mtu 1300 && s4 ip link set s4 mtu 1300
tb=$(stat_of drop-too-big)
check_out "DF ping too big for the IPv4 link: Packet Too Big, MTU 1320" \
	"mtu=1320" sh -c "ip netns exec $C6 ping -c 1 -W 3 -M do -s 1400 $SRV6 | grep -o 'mtu=[0-9]*'"
head -c 2M /dev/urandom >"$WORK/mid"
want=$(sha256sum <"$WORK/mid")
check "TCP upload of 2 MiB over the 1300-byte IPv4 link" \
	c6 timeout 120 socat -u "OPEN:$WORK/mid" "TCP6:[$SRV6]:9000"
sleep 1
check_out "  ... arrived intact" "$want" sh -c "sha256sum <'$WORK/up'"
check_out "UDP echo, 3000 bytes, over the 1300-byte IPv4 link" ok \
	c6 "$PY" "$UDP_ECHO" client "$SRV6" 5000 3000
nx ip link set n6 mtu 1400
ln "$WORK/mid" "$WORK/www/mid"
check_out "HTTP download of 2 MiB with the IPv6 side at 1400, intact" "$want" \
	c6 sh -c "curl -sSf -g --max-time 120 'http://[$SRV6]:8080/mid' | sha256sum"
check "counter drop-too-big counts the oversized packets" \
	test "$(stat_of drop-too-big)" -gt "$tb"
finish
