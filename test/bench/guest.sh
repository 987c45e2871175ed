#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make bench' (test/bench/run): measure plain forwarding,
# nftables NAT44, Jool and this module on one topology, in one boot,
#
#	gen --(gen0/rtr0)--> rtr --(rtr1/sink0)--> sink
#
# three network namespaces joined by veth pairs.  The kernel's pktgen
# sends UDP from gen (6->4) or from sink (4->6); the packets per second
# the far end's veth receives over a fixed interval are the result.
# Every run builds the topology afresh, so no state (BIB, sessions,
# conntrack) leaks from one run into the next; runs are interleaved
# (implementation, then flow count, then repetition) so that noise on a
# busy host spreads over all rows instead of hitting one.
#
# One JSON object per run goes to $share/bench-raw.jsonl; the host turns
# them into the table (test/bench/report.py).  Results lines: PASS per
# measurement that produced a number, SKIP for an implementation that is
# not available, FAIL for a run that delivered nothing or broke.
#
# Parameters come from $share/bench.env (written by test/bench/run).
# Helpers run through command substitution shellcheck cannot follow.
# shellcheck disable=SC2317

# bash reads a script as it runs it, and this one runs for an hour in a
# tree others edit: inside braces, it is read whole before it starts.
{
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite bench

share=${NAT64_RESULTS%/*}
# shellcheck source=/dev/null
[ -f "$share/bench.env" ] && . "$share/bench.env"
: "${BENCH_DURATION:=10}"	# seconds measured per run
: "${BENCH_WARMUP:=1}"		# seconds of traffic before measuring
: "${BENCH_REPEAT:=3}"
: "${BENCH_FLOWS:=1 1000 100000}"
: "${BENCH_SESSIONS:=1000000}"
: "${BENCH_IMPLS:=plain nat44 jool nat64}"
: "${BENCH_TESTS:=udp tcp newflow newflow_steady newflow_events newflow_log newflow2 mem}"
: "${BENCH_PKT_SIZE:=100}"	# pktgen frame size, without FCS
: "${BENCH_NEW_DEVS:=16}"	# source addresses for the new-flow test
: "${BENCH_STEADY_LIFE:=3}"	# UDP lifetime (s) of the steady new-flow row
: "${BENCH_PAIRED:=1}"		# plain forwarding measured after each run
raw=$share/bench-raw.jsonl
: >"$raw"

# Per source address at most this many ports (one pktgen device each).
PORTS_PER_DEV=${BENCH_PORTS_PER_DEV:-50000}
PORT0=10000

in_ns() { nsenter --net="/run/netns/$1" "${@:2}"; }
now() { echo "$EPOCHREALTIME"; }
log() { echo "# [${SECONDS}s] $*" >&2; echo "bench: [${SECONDS}s] $*"; }

# --- addresses -------------------------------------------------------------
# Device j of a pktgen run has its own address on each side, so that every
# implementation can keep the flows of different devices apart (masquerade
# keeps the source port only if no other flow to the same destination uses
# it; the 4->6 runs address each BIB entry by pool4 address and port).
gen6() { printf '2001:db8:1::1:%x' "$1"; }
gen4() { echo "192.0.2.$((2 + $1))"; }
sink6() { printf '2001:db8:2::1:%x' "$1"; }
sink4() { echo "198.51.100.$((2 + $1))"; }
pref6() { printf '64:ff9b::c633:64%02x' "$((2 + $1))"; }	# 64:ff9b::sink4
pool4() { echo "203.0.113.$((32 + $1))"; }
RTR0_MAC=02:00:00:00:01:01
GEN0_MAC=02:00:00:00:01:02
RTR1_MAC=02:00:00:00:02:01
SINK0_MAC=02:00:00:00:02:02
# Source addresses a run may use, one pktgen device each: enough for the
# memory row's BENCH_SESSIONS flows, at least 20, at most 200 (the /24s
# above number them; 200 devices of 50,000 ports are 10 million flows).
MAXDEVS=$(((BENCH_SESSIONS + PORTS_PER_DEV - 1) / PORTS_PER_DEV))
((MAXDEVS < 20)) && MAXDEVS=20
((MAXDEVS > 200)) && MAXDEVS=200

topo_down() {
	[ -z "$(ip netns list)" ] && return
	ip -all netns delete 2>/dev/null
	# Namespace teardown (and with it up to a million sessions) runs in
	# the background: give it time so it does not eat into the next run.
	sleep "${1:-1}"
}

# Static neighbours everywhere: no ARP or ND inside a measurement.
topo_up() {
	local j b n e
	topo_down
	for n in gen rtr sink; do ip netns add $n || return; done
	ip link add gen0 netns gen address $GEN0_MAC type veth \
		peer name rtr0 netns rtr address "$RTR0_MAC" || return
	ip link add rtr1 netns rtr address "$RTR1_MAC" type veth \
		peer name sink0 netns sink address $SINK0_MAC || return
	b=$(mktemp)
	{
		echo "link set lo up"
		echo "link set gen0 up"
		for ((j = 0; j < MAXDEVS; j++)); do
			echo "addr add $(gen6 $j)/64 dev gen0 nodad"
			echo "addr add $(gen4 $j)/24 dev gen0"
		done
		echo "route add default via 2001:db8:1::1 dev gen0"
		echo "route add default via 192.0.2.1 dev gen0"
		echo "neigh add 2001:db8:1::1 lladdr $RTR0_MAC dev gen0 nud permanent"
		echo "neigh add 192.0.2.1 lladdr $RTR0_MAC dev gen0 nud permanent"
	} >"$b"
	ip -n gen -batch "$b" || return
	{
		echo "link set lo up"
		echo "link set sink0 up"
		for ((j = 0; j < MAXDEVS; j++)); do
			echo "addr add $(sink6 $j)/64 dev sink0 nodad"
			echo "addr add $(sink4 $j)/24 dev sink0"
		done
		echo "route add default via 2001:db8:2::1 dev sink0"
		echo "route add default via 198.51.100.1 dev sink0"
		echo "neigh add 2001:db8:2::1 lladdr $RTR1_MAC dev sink0 nud permanent"
		echo "neigh add 198.51.100.1 lladdr $RTR1_MAC dev sink0 nud permanent"
	} >"$b"
	ip -n sink -batch "$b" || return
	{
		echo "link set lo up"
		echo "link set rtr0 up"
		echo "link set rtr1 up"
		echo "addr add 2001:db8:1::1/64 dev rtr0 nodad"
		echo "addr add 192.0.2.1/24 dev rtr0"
		echo "addr add 2001:db8:2::1/64 dev rtr1 nodad"
		echo "addr add 198.51.100.1/24 dev rtr1"
		for ((j = 0; j < MAXDEVS; j++)); do
			echo "neigh add $(gen6 $j) lladdr $GEN0_MAC dev rtr0 nud permanent"
			echo "neigh add $(gen4 $j) lladdr $GEN0_MAC dev rtr0 nud permanent"
			echo "neigh add $(sink6 $j) lladdr $SINK0_MAC dev rtr1 nud permanent"
			echo "neigh add $(sink4 $j) lladdr $SINK0_MAC dev rtr1 nud permanent"
		done
	} >"$b"
	ip -n rtr -batch "$b" || return
	rm -f "$b"
	in_ns rtr sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv4.ip_forward=1 || return
	# Packets as they come off a wire: checksummed in full, no offload
	# shortcuts (pktgen fills the UDP checksum itself, iperf3's TCP is
	# segmented before the veth).
	in_ns gen ethtool -K gen0 tx off >/dev/null 2>&1
	in_ns sink ethtool -K sink0 tx off >/dev/null 2>&1
	# The receiving ends drop UDP on arrival (after the veth counted it):
	# no socket lookups or ICMP errors from the sink in the measurement.
	# A kernel without netdev tables (the debug kernel, for
	# test/bench/lockstat) drops it in the raw tables instead.
	for e in gen:gen0 sink:sink0; do
		in_ns "${e%:*}" nft -f - 2>/dev/null <<-EOF && continue
		table netdev bench {
			chain in {
				type filter hook ingress device ${e#*:} priority 0;
				meta l4proto udp drop
			}
		}
		EOF
		in_ns "${e%:*}" iptables -t raw -A PREROUTING -p udp -j DROP &&
			in_ns "${e%:*}" ip6tables -t raw -A PREROUTING -p udp -j DROP || return
	done
}

# --- the implementations ---------------------------------------------------
# nat64base is a second build of this module (BENCH_BASE, built by
# test/bench/run into $share/base with its own nat64ctl), measured in the
# same boot, interleaved with nat64: the two swap in and out of the
# kernel between runs, so that a change is compared on equal terms.
BASE_DIR=$share/base
nat64_in=nat64
nat64_use() {
	[ "$1" = "$nat64_in" ] && return 0
	# The last run's namespaces may still be tearing down its state.
	nat64_unload 120 || return
	local ko=$NAT64_KO params=()
	[ "$1" = nat64base ] && ko=$BASE_DIR/nat64.ko
	# UDP lifetimes below the RFC's 2 minutes, for the steady new-flow
	# row; the defaults are the same either way.
	modinfo -p "$ko" | grep -q '^lab_timeouts:' && params+=(lab_timeouts=1)
	NAT64_KO=$ko nat64_load "${params[@]}" || return
	nat64_in=$1
}
nat64ctl() {
	if [ "$nat64_in" = nat64base ]; then
		"$BASE_DIR/nat64ctl" "$@"
	else
		command nat64ctl "$@"
	fi
}

# impl_setup IMPL NPORTS NDEVS [PROTO...]: configure the router for IMPL,
# with a pool of NDEVS addresses of NPORTS ports each (10000 up) for UDP,
# and a full-range pool address for TCP.
impl_setup() {
	local impl=$1 nports=$2 ndevs=$3 j last
	last=$((PORT0 + nports - 1))
	case $impl in
	plain) ;;
	nat44)
		in_ns rtr nft -f - <<-EOF || return
		table ip nat {
			chain post {
				type nat hook postrouting priority srcnat;
				oifname "rtr1" masquerade
			}
		}
		EOF
		# The per-netns timeout sysctls exist once conntrack is on.
		in_ns rtr sysctl -qw net.netfilter.nf_conntrack_udp_timeout=300 \
			net.netfilter.nf_conntrack_udp_timeout_stream=300 ;;
	jool)
		in_ns rtr jool instance add --netfilter --pool6 64:ff9b::/96 >/dev/null || return
		for ((j = 0; j < ndevs; j++)); do
			in_ns rtr jool pool4 add "$(pool4 "$j")" "$PORT0-$last" --udp >/dev/null || return
		done
		in_ns rtr jool pool4 add 203.0.113.1 1024-65535 --tcp >/dev/null ;;
	nat64 | nat64base)
		nat64_use "$impl" || return
		nat64ctl -n rtr instance add pool6 64:ff9b::/96 || return
		# Each pktgen device is one subscriber with up to 64,511 flows:
		# above the per-subscriber defaults (8192 BIB entries), which
		# would turn the new-flow and memory rows into refusals.
		nat64ctl -n rtr global set max-bib-per-host 1048576 || return
		nat64ctl -n rtr global set max-sessions-per-host 1048576 || return
		# The memory row past the defaults (2^21 sessions; the
		# module-wide ceiling is an eighth of memory's worth).
		if [ "$BENCH_SESSIONS" -gt 1500000 ]; then
			local want=$((BENCH_SESSIONS + BENCH_SESSIONS / 4))
			echo "$want" >/sys/module/nat64/parameters/max_sessions_total || return
			nat64ctl -n rtr global set max-sessions "$want" || return
		fi
		for ((j = 0; j < ndevs; j++)); do
			nat64ctl -n rtr pool4 add "$(pool4 "$j")/32" proto udp ports "$PORT0-$last" || return
		done
		nat64ctl -n rtr pool4 add 203.0.113.1/32 proto tcp ;;
	esac
}

# Load what each implementation needs once, and say which are missing.
declare -A missing
impl_prepare() {
	local why i
	modprobe pktgen || { fail "pktgen" "modprobe pktgen failed"; return 1; }
	modprobe nf_conntrack && modprobe nf_nat
	# Room for a million NAT44 flows (the limit is global, init_net only).
	sysctl -qw net.netfilter.nf_conntrack_max=4000000
	echo 1048576 >/sys/module/nf_conntrack/parameters/hashsize
	if ! modprobe jool 2>/dev/null; then
		why="no jool module for $(uname -r) (test/bench/deps.sh builds it with DKMS)"
		missing[jool]=$why
	elif ! command -v jool >/dev/null; then
		missing[jool]="jool-tools not installed"
	fi
	# As nat64_use() loads it: the steady new-flow row sets a UDP
	# lifetime below the RFC's minimum, which only lab_timeouts allows.
	if ! nat64_load lab_timeouts=1 2>/dev/null; then
		missing[nat64]="cannot load $NAT64_KO"
	fi
	if [[ " $BENCH_IMPLS " == *" nat64base "* ]] && [ ! -f "$BASE_DIR/nat64.ko" ]; then
		missing[nat64base]="no BENCH_BASE build in $BASE_DIR"
	fi
	for i in "${!missing[@]}"; do skip "$i" "${missing[$i]}"; done
	return 0
}

# --- pktgen ----------------------------------------------------------------
# pg_conf NS IFACE DSTMAC COUNT SPEC...: one pktgen device per SPEC, all on
# the first pktgen thread (CPU 0), which sends from them in turn (delay 1:
# with delay 0 pktgen would only ever pick the first); with PG_THREADS=2,
# every other device goes to the second thread (CPU 1), so that two CPUs
# send, and receive, at once.  SPEC is
#	"SRC DST SPORT NSPORTS DPORT NDPORTS"
# with IPv6 or IPv4 addresses; ports run over [PORT, PORT + N).
pg_conf() {
	local ns=$1 ifc=$2 mac=$3 count=$4 j=0 spec src dst sp nsp dp ndp p c
	local threads=${PG_THREADS:-1}
	shift 4
	# rem_device_all only asks a thread to drop its devices: wait until
	# it has, or adding one of the same name fails (and the thread would
	# later drop the new ones in the middle of a run).
	# shellcheck disable=SC2016 # run by the bash below
	local s='set -e; cd /proc/net/pktgen
		for t in kpktgend_0 kpktgend_1; do
			[ -e $t ] || continue
			echo rem_device_all >$t
			for i in $(seq 300); do grep -qE "^(Running|Stopped):.*@" $t || break; sleep 0.1; done
			if grep -qE "^(Running|Stopped):.*@" $t; then echo "pktgen: devices not removed" >&2; exit 1; fi
		done
'
	for spec; do
		read -r src dst sp nsp dp ndp <<<"$spec"
		p=$ifc@$j
		s+="echo 'add_device $p' >kpktgend_$((j % threads))"$'\n'
		local cmds=("count $count" "clone_skb 0" "pkt_size $BENCH_PKT_SIZE"
			"delay 1" "dst_mac $mac" "flag UDPCSUM" "flag NO_TIMESTAMP"
			"udp_src_min $sp" "udp_src_max $((sp + nsp))"
			"udp_dst_min $dp" "udp_dst_max $((dp + ndp))")
		if [[ $src == *:* ]]; then
			cmds+=("src6 $src" "dst6 $dst")
		else
			cmds+=("src_min $src" "src_max $src" "dst_min $dst" "dst_max $dst")
		fi
		for c in "${cmds[@]}"; do s+="echo '$c' >'$p'"$'\n'; done
		j=$((j + 1))
	done
	in_ns "$ns" bash -c "$s"
}

# Packets pktgen sent from NS so far, all devices.
pg_sent() {
	in_ns "$1" bash -c 'cat /proc/net/pktgen/*@* 2>/dev/null' |
		awk '/pkts-sofar:/ { n += $2 } END { print n + 0 }'
}

pg_start_bg() { in_ns "$1" bash -c 'echo start >/proc/net/pktgen/pgctrl' & pg_pid=$!; }
pg_stop() {
	in_ns "$1" bash -c 'echo stop >/proc/net/pktgen/pgctrl'
	wait "$pg_pid" 2>/dev/null
}
# Until every device has sent its count.
pg_run() { in_ns "$1" bash -c 'echo start >/proc/net/pktgen/pgctrl'; }

# Packets IFACE in NS received (for a veth: what its peer sent it).
# /proc/net/dev, not /sys/class/net: sysfs shows the namespace that
# mounted it, /proc/net the reader's.
# shellcheck disable=SC2016 # an awk program
rx() {
	in_ns "$1" awk -v d="$2" '{ sub(/^ */, "") }
		index($0, d ":") == 1 { sub(/^[^:]*: */, ""); print $2 }' /proc/net/dev
}

# --- flows -----------------------------------------------------------------
# specs DIR NFLOWS IMPL: the pktgen SPECs for NFLOWS flows in direction DIR
# (64: gen -> sink, 46: sink -> gen) as IMPL sees them, in $specs[]; the
# device count in $ndevs and ports per device in $nports.
flows() {
	local dir=$1 n=$2 impl=$3 j src dst
	ndevs=$(((n + PORTS_PER_DEV - 1) / PORTS_PER_DEV))
	nports=$((n / ndevs))
	if [ "$ndevs" -gt "$MAXDEVS" ]; then
		echo "$n flows need more than $MAXDEVS source addresses" >&2
		return 1
	fi
	specs=()
	for ((j = 0; j < ndevs; j++)); do
		if [ "$dir" = 64 ]; then
			case $impl in
			plain) src=$(gen6 "$j") dst=$(sink6 "$j") ;;
			nat44) src=$(gen4 "$j") dst=$(sink4 "$j") ;;
			*) src=$(gen6 "$j") dst=$(pref6 "$j") ;;
			esac
			specs+=("$src $dst $PORT0 $nports 9 1")
		else
			case $impl in
			plain) src=$(sink6 "$j") dst=$(gen6 "$j") ;;
			nat44) src=$(sink4 "$j") dst=198.51.100.1 ;;
			*) src=$(sink4 "$j") dst=$(pool4 "$j") ;;
			esac
			specs+=("$src $dst 9 1 $PORT0 $nports")
		fi
	done
}

# --- one measurement -------------------------------------------------------
# record TEST IMPL REP key=value...: one JSON line (values are numbers or
# JSON already; strings quoted by the caller).
record() {
	local t=$1 i=$2 r=$3 kv out
	shift 3
	out="{\"test\":\"$t\",\"impl\":\"$i\",\"rep\":$r"
	for kv; do out+=",\"${kv%%=*}\":${kv#*=}"; done
	echo "$out}" >>"$raw"
}

# measure TEST IMPL REP SENDER_NS RECV_NS RECV_IF [KEY]: run pktgen
# (already configured with count 0) for warmup + duration, record the
# delivery rate over the measured interval as KEY (value, or baseline).
measure() {
	local t=$1 impl=$2 rep=$3 sns=$4 rns=$5 rif=$6 key=${7:-value} r0 r1 r2 t1 t2 s1 pps
	r0=$(rx "$rns" "$rif")
	pg_start_bg "$sns"
	sleep "$BENCH_WARMUP"
	t1=$(now); r1=$(rx "$rns" "$rif")
	sleep "$BENCH_DURATION"
	t2=$(now); r2=$(rx "$rns" "$rif")
	pg_stop "$sns"
	s1=$(pg_sent "$sns")
	pps=$(awk -v a="$r1" -v b="$r2" -v t1="$t1" -v t2="$t2" 'BEGIN { printf "%.0f", (b - a) / (t2 - t1) }')
	local info=("delivered=$(($(rx "$rns" "$rif") - r0))" "sent=$s1"
		"seconds=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.3f", b - a }')")
	if [ "$((r2 - r1))" -gt 0 ]; then
		record "$t" "$impl" "$rep" "$key=$pps" unit='"pkt/s"' "${info[@]}"
		pass "$t $impl #$rep${key/#value/}: $pps pkt/s"
	else
		[ "$key" = value ] && record "$t" "$impl" "$rep" error='"nothing delivered"' "${info[@]}"
		in_ns "$sns" bash -c 'head -n 40 /proc/net/pktgen/*' >&2
		in_ns rtr ip -s link >&2
		fail "$t $impl #$rep${key/#value/}" "nothing delivered (pktgen sent $s1)"
	fi
}

# UDP with NFLOWS flows, 6->4 and then 4->6 on the same state: prime the
# flows from the IPv6 side (creating BIB entries, sessions, conntrack),
# measure, then prime and measure the other way.
run_udp() {
	local impl=$1 n=$2 rep=$3
	flows 64 "$n" "$impl" || { run_broken "udp64-$n" "$impl" "$rep" flows; return; }
	impl_setup "$impl" "$nports" "$ndevs" || { run_broken "udp64-$n" "$impl" "$rep" setup; return; }
	if ! pg_conf gen gen0 "$RTR0_MAC" $((2 * nports)) "${specs[@]}" || ! pg_run gen; then
		run_broken "udp64-$n" "$impl" "$rep" pktgen
		return
	fi
	pg_conf gen gen0 "$RTR0_MAC" 0 "${specs[@]}" || { run_broken "udp64-$n" "$impl" "$rep" pktgen; return; }
	measure "udp64-$n" "$impl" "$rep" gen sink sink0
	baseline "udp64-$n" "$impl" "$rep" 64 "$n"
	flows 46 "$n" "$impl"
	if ! pg_conf sink sink0 "$RTR1_MAC" $((2 * nports)) "${specs[@]}" || ! pg_run sink ||
		! pg_conf sink sink0 "$RTR1_MAC" 0 "${specs[@]}"; then
		run_broken "udp46-$n" "$impl" "$rep" pktgen
		return
	fi
	measure "udp46-$n" "$impl" "$rep" sink gen gen0
	baseline "udp46-$n" "$impl" "$rep" 46 "$n"
	impl_stats "$impl"
}

# baseline TEST IMPL REP DIR NFLOWS: right after measuring IMPL, the same
# packets forwarded as plain IPv6 on the same topology, with IMPL still
# configured.  On a shared host the load changes from one minute to the
# next; a ratio between two runs seconds apart shows much less of it
# than one between runs minutes apart.  (The plain packets still pass
# IMPL's hooks, which look at the destination and let them go.)
baseline() {
	local t=$1 impl=$2 rep=$3 dir=$4 n=$5
	[ "$impl" = plain ] || [ "$BENCH_PAIRED" = 0 ] && return
	flows "$dir" "$n" plain || return
	if [ "$dir" = 64 ]; then
		pg_conf gen gen0 "$RTR0_MAC" 0 "${specs[@]}" &&
			measure "$t" "$impl" "$rep" gen sink sink0 baseline
	else
		pg_conf sink sink0 "$RTR1_MAC" 0 "${specs[@]}" &&
			measure "$t" "$impl" "$rep" sink gen gen0 baseline
	fi
}

# Sessions the translator holds now, by its own count.
impl_sessions() {
	case $1 in
	jool) in_ns rtr jool stats display | awk '$1 == "JSTAT_SESSIONS:" { print $2 }' ;;
	nat64 | nat64base) nat64ctl -n rtr stats | awk '$1 == "session-created" { c = $2 }
		$1 == "session-expired" { e = $2 } END { print c - e }' ;;
	nat44) in_ns rtr cat /proc/sys/net/netfilter/nf_conntrack_count ;;
	esac
}

# The translator's own counters, into the log: why packets were dropped.
impl_stats() {
	case $1 in
	jool) in_ns rtr jool stats display >&2 ;;
	nat64 | nat64base) nat64ctl -n rtr stats >&2 2>&1 ;;
	nat44) in_ns rtr cat /proc/sys/net/netfilter/nf_conntrack_count >&2 ;;
	esac
}

run_broken() {
	record "$1" "$2" "$3" "error=\"$4 failed\""
	fail "$1 $2 #$3" "$4 failed (see the log)"
}

# TCP bulk: one iperf3 stream from gen to sink.
run_tcp() {
	local impl=$1 rep=$2 dst out bps omit
	omit=$(printf %.0f "$BENCH_WARMUP")
	impl_setup "$impl" 1 1 || { run_broken tcp "$impl" "$rep" setup; return; }
	case $impl in
	plain) dst=$(sink6 0) ;;
	nat44) dst=$(sink4 0) ;;
	*) dst=$(pref6 0) ;;
	esac
	in_ns sink iperf3 -s -D -1 -I /tmp/iperf3.pid >/dev/null 2>&1
	sleep 0.5
	out=$(in_ns gen iperf3 -c "$dst" -t "$((omit + $(printf %.0f "$BENCH_DURATION")))" \
		-O "$omit" -J --connect-timeout 5000 2>&1)
	bps=$(jq -r '.end.sum_received.bits_per_second // empty' <<<"$out" 2>/dev/null)
	kill "$(cat /tmp/iperf3.pid 2>/dev/null)" 2>/dev/null
	if [ -n "$bps" ] && [ "${bps%.*}" -gt 0 ]; then
		bps=${bps%.*}
		record tcp "$impl" "$rep" "value=$bps" unit='"bit/s"'
		pass "tcp $impl #$rep: $((bps / 1000000)) Mbit/s"
	else
		echo "$out" >&2
		record tcp "$impl" "$rep" error='"iperf3 failed"'
		fail "tcp $impl #$rep" "iperf3: $(jq -r '.error // empty' <<<"$out" 2>/dev/null | head -c 200)"
	fi
}

# New flows: every packet from a source port not seen before, over
# BENCH_NEW_DEVS source addresses (65,000 ports each), so each packet makes a
# BIB entry and a session (a conntrack entry for NAT44).  The pool is large
# enough never to be the limit.  newflow_conf IMPL sets up IMPL and pktgen
# so (test/bench/profile uses it too).
newflow_conf() {
	local impl=$1 j src dst
	impl_setup "$impl" 55536 "$MAXDEVS" || return 1
	specs=()
	for ((j = 0; j < BENCH_NEW_DEVS && j < MAXDEVS; j++)); do
		case $impl in
		plain) src=$(gen6 "$j") dst=$(sink6 "$j") ;;
		nat44) src=$(gen4 "$j") dst=$(sink4 "$j") ;;
		*) src=$(gen6 "$j") dst=$(pref6 "$j") ;;
		esac
		specs+=("$src $dst 1024 64511 9 1")
	done
	pg_conf gen gen0 "$RTR0_MAC" 0 "${specs[@]}" || return 2
}
run_newflow() {
	local impl=$1 rep=$2 rc=0
	newflow_conf "$impl" || rc=$?
	case $rc in
	1) run_broken newflow "$impl" "$rep" setup; return ;;
	2) run_broken newflow "$impl" "$rep" pktgen; return ;;
	esac
	measure newflow "$impl" "$rep" gen sink sink0
	baseline newflow "$impl" "$rep" 64 1000
	impl_stats "$impl"
}

run_newflow_log() { run_newflow_events "$1" "$2" newflow_log bib; }

# New flows in a steady state, as on a busy box: flows end as fast as they
# begin.  A UDP lifetime of BENCH_STEADY_LIFE seconds and traffic for that
# long and a few seconds more before measuring: the tables have grown to
# the size the rate keeps them at and stay there, and the expiry of old
# flows runs all along.  The newflow row, from empty tables, pays for their
# growth instead.  The generator's ports do not come round again within
# the run (64,511 per source address), so every packet is a new flow.
# nat64 (lab_timeouts) and NAT44 (conntrack's timeout sysctl) only.
run_newflow_steady() {
	local impl=$1 rep=$2 rc=0 life=$BENCH_STEADY_LIFE
	local BENCH_WARMUP=$((BENCH_STEADY_LIFE + 4))
	case $impl in
	nat64 | nat64base | nat44) ;;
	*) return 0 ;;
	esac
	newflow_conf "$impl" || rc=$?
	case $rc in
	1) run_broken newflow_steady "$impl" "$rep" setup; return ;;
	2) run_broken newflow_steady "$impl" "$rep" pktgen; return ;;
	esac
	if [ "$impl" = nat44 ]; then
		in_ns rtr sysctl -qw net.netfilter.nf_conntrack_udp_timeout="$life" \
			net.netfilter.nf_conntrack_udp_timeout_stream="$life" || rc=1
	else
		nat64ctl -n rtr global set udp-timeout "$life" || rc=1
	fi
	[ "$rc" = 0 ] || { run_broken newflow_steady "$impl" "$rep" "a UDP lifetime of ${life}s"; return; }
	measure newflow_steady "$impl" "$rep" gen sink sink0
	baseline newflow_steady "$impl" "$rep" 64 1000
	log "$impl holds $(impl_sessions "$impl") sessions at the end of the steady run"
	impl_stats "$impl"
}

# The same with two pktgen threads, one per vCPU, each sending from half of
# the source addresses: how the new-session rate scales with a second CPU.
# (The baseline stays one CPU's plain forwarding, as for newflow.)
run_newflow2() {
	local impl=$1 rep=$2 rc=0
	if [ "$(nproc)" -lt 2 ]; then
		run_broken newflow2 "$impl" "$rep" "a second CPU"
		return
	fi
	PG_THREADS=2 newflow_conf "$impl" || rc=$?
	case $rc in
	1) run_broken newflow2 "$impl" "$rep" setup; return ;;
	2) run_broken newflow2 "$impl" "$rep" pktgen; return ;;
	esac
	measure newflow2 "$impl" "$rep" gen sink sink0
	impl_stats "$impl"
}

# The same with a state event listener attached (nat64ctl monitor, its
# output thrown away): what building and sending a BIB_NEW and a
# SESSION_NEW per new flow costs; newflow_log with the mapping log's
# listener, `monitor bib', which is offered the BIB_NEW alone.  nat64
# only: the others have no events.  The reader falls behind at such
# rates; what it cannot take counts in events-lost, and the kernel still
# builds every event first.
run_newflow_events() {
	local impl=$1 rep=$2 test=${3:-newflow_events} what=${4:-all} rc=0 mon
	[ "$impl" = nat64 ] || return 0
	newflow_conf "$impl" || rc=$?
	case $rc in
	1) run_broken "$test" "$impl" "$rep" setup; return ;;
	2) run_broken "$test" "$impl" "$rep" pktgen; return ;;
	esac
	nat64ctl -n rtr monitor "$what" >/dev/null 2>&1 &
	mon=$!
	sleep 1
	measure "$test" "$impl" "$rep" gen sink sink0
	kill "$mon"
	wait "$mon" 2>/dev/null
	impl_stats "$impl"
}

# Kernel memory per session: slab memory (every cache; slab_nomerge on the
# command line keeps them apart) before and after BENCH_SESSIONS distinct
# flows, divided by the flows that got through.  Then the 1,000-flow rate
# with all those sessions present, for comparison with udp64-1000.
slab_bytes() {
	awk 'NR > 2 { m += $15 * $6 * 4096 } END { printf "%.0f", m }' /proc/slabinfo
}
# Hash tables that grow with the state may come from vmalloc.
vmalloc_bytes() { awk '/^VmallocUsed:/ { print $2 * 1024 }' /proc/meminfo; }
slab_top() {
	awk 'NR > 2 { print $1, $15 * $6 * 4096 }' /proc/slabinfo | sort
}
run_mem() {
	local impl=$1 rep=$2 n=$BENCH_SESSIONS m0 m1 v0 v1 d0 d1 ns per top f k loaded
	flows 64 "$n" "$impl" || { run_broken mem "$impl" "$rep" flows; return; }
	# Room to spare: a translator looking for the last free ports of a
	# full pool would drop flows and skew the count.
	impl_setup "$impl" 55536 "$ndevs" || { run_broken mem "$impl" "$rep" setup; return; }
	# Setting up ten million flows under emulation outlasts UDP's 300 s:
	# every session made must still be there when the memory is read.
	if [ "${impl#nat64}" != "$impl" ] && [ "$n" -gt 1500000 ]; then
		nat64ctl -n rtr global set udp-timeout 7200 || { run_broken mem "$impl" "$rep" setup; return; }
	fi
	pg_conf gen gen0 "$RTR0_MAC" "$nports" "${specs[@]}" || { run_broken mem "$impl" "$rep" pktgen; return; }
	f=$(mktemp)
	slab_top >"$f"
	d0=$(rx sink sink0)
	m0=$(slab_bytes) v0=$(vmalloc_bytes)
	pg_run gen
	sleep 1
	m1=$(slab_bytes) v1=$(vmalloc_bytes)
	d1=$(($(rx sink sink0) - d0))
	# The translator's own count: under overload some packets that made
	# a session are dropped after it (a full backlog on the way out).
	ns=$(impl_sessions "$impl")
	[ "${ns:-0}" -gt 0 ] || ns=$d1
	# The caches that grew most, for the report.
	top=$(join "$f" <(slab_top) | awk '{ d = $3 - $2; if (d > 0) print d, $1 }' |
		sort -rn | head -n 5 | awk '{ printf "%s\"%s\":%s", (NR > 1 ? "," : ""), $2, $1 }')
	rm -f "$f"
	if [ "$d1" -le 0 ]; then
		record mem "$impl" "$rep" error='"nothing delivered"'
		fail "mem $impl #$rep" "nothing delivered"
		return
	fi
	per=$(((m1 - m0 + v1 - v0) / ns))
	record mem "$impl" "$rep" "value=$per" unit='"B/session"' "sessions=$ns" "delivered=$d1" \
		"slab_delta=$((m1 - m0))" "vmalloc_delta=$((v1 - v0))" "caches={$top}"
	impl_stats "$impl"
	pass "mem $impl #$rep: $per B/session over $ns sessions"
	# The first 1,000 flows of device 0 are among the sessions just made.
	# Kept apart: baseline() sets $specs to plain forwarding's flows.
	loaded=("${specs[0]% * * * *} $PORT0 1000 9 1")
	# BENCH_REPEAT times over the same sessions, each paired like the UDP
	# rows: the host's load drifts in the minutes between this and the
	# unloaded runs, and one pair is as noisy as the effect measured.
	for ((k = 1; k <= BENCH_REPEAT; k++)); do
		pg_conf gen gen0 "$RTR0_MAC" 0 "${loaded[@]}" ||
			{ run_broken udp64-1000-loaded "$impl" "$k" pktgen; return; }
		measure udp64-1000-loaded "$impl" "$k" gen sink sink0
		baseline udp64-1000-loaded "$impl" "$k" 64 1000
	done
}

# --- main ------------------------------------------------------------------
# Sourced by a debugging script: the functions only.
[ -n "${BENCH_FUNCTIONS_ONLY:-}" ] && return 0
log "kernel $(uname -r), $(nproc) CPUs; duration ${BENCH_DURATION}s, warmup ${BENCH_WARMUP}s," \
	"repeat $BENCH_REPEAT, flows $BENCH_FLOWS, sessions $BENCH_SESSIONS"
impl_prepare || finish
echo "{\"test\":\"meta\",\"kernel\":\"$(uname -r)\",\"cpus\":$(nproc),\"mem_kb\":$(awk '/MemTotal/ { print $2 }' /proc/meminfo)}" >>"$raw"
impls=()
for i in $BENCH_IMPLS; do
	if [ -n "${missing[$i]:-}" ]; then
		record all "$i" 0 "error=\"${missing[$i]//\"/\\\"}\""
	else
		impls+=("$i")
	fi
done

for ((rep = 1; rep <= BENCH_REPEAT; rep++)); do
	for t in $BENCH_TESTS; do
		case $t in
		udp) for n in $BENCH_FLOWS; do
			for i in "${impls[@]}"; do
				log "rep $rep: udp $n flows, $i"
				topo_up || { run_broken "udp64-$n" "$i" "$rep" topology; continue; }
				run_udp "$i" "$n" "$rep"
			done
		done ;;
		tcp | newflow | newflow_steady | newflow_events | newflow_log | newflow2 | mem)
			for i in "${impls[@]}"; do
				# Memory is not noisy, and a million flows is slow: once.
				[ "$t" = mem ] && [ "$rep" -gt 1 ] && continue
				# Plain forwarding keeps no state to weigh.
				[ "$t" = mem ] && [ "$i" = plain ] && continue
				log "rep $rep: $t, $i"
				topo_up || { run_broken "$t" "$i" "$rep" topology; continue; }
				"run_$t" "$i" "$rep"
				[ "$t" = mem ] && topo_down 10
			done ;;
		*) fail "tests" "unknown test $t" ;;
		esac
	done
done
topo_down
finish
}
