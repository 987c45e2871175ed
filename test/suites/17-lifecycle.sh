#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lifecycle under load: with pktgen sending through the translator both
# ways (new IPv6 flows to an IPv4 server, IPv4 packets to a published IPv6
# server), cycle through every way configuration and state can go away:
# instance delete/add, pool4 delete of the range in use, global changes,
# BIB deletion (which ends its sessions), a namespace with a busy instance
# deleted, the module unloaded and loaded again, and every session flushed.  After each cycle
# traffic must resume (ping through the translator); the VM runner fails
# the run on any kernel report, and the debug kernel adds kmemleak.
#
# LIFECYCLE_CYCLES (default 14: each kind twice) sets the number of cycles; `make lifecycle`
# runs 1000 on the debug kernel.  LIFECYCLE_KINDS (default "0 1 2 3 4 5 6": all) lists
# the kinds to take turns, as numbers (0 instance ... 6 flush), to loop
# one kind alone when hunting a bug.  LIFECYCLE_DELAY is pktgen's delay
# between packets in ns, per generator: by default 0 (as fast as it goes),
# and 10 ms on the debug kernel.  That kernel translates only some 300
# packets a second under emulation: two unpaced generators keep its
# receive backlog full, so the pings that prove traffic resumes are
# dropped there with the load, before they reach the translator, and one
# generator can starve the other for minutes.  Paced at 100 a second each,
# packets are still in flight through every change of a cycle.
# The two generators run on different CPUs when there are two, so that
# both directions and the configuration changes meet across CPUs.
# shellcheck disable=SC2317 # helpers run through check()
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite lifecycle

CYCLES=${LIFECYCLE_CYCLES:-14}
read -ra ORDER <<<"${LIFECYCLE_KINDS:-0 1 2 3 4 5 6}"
if [ -e /sys/kernel/debug/kmemleak ]; then
	DELAY=${LIFECYCLE_DELAY:-10000000}
else
	DELAY=${LIFECYCLE_DELAY:-0}
fi
# pktgen's thread for the IPv4 side's generator: the second CPU's if any.
CPU4=$(($(nproc) > 1 ? 1 : 0))
POOL4=203.0.113.0/30
SERVER4=198.51.100.2
CLIENT6=2001:db8:1::2

nat64_load || { fail "module loads" "insmod failed"; finish; }
modprobe veth && modprobe pktgen || { fail "veth and pktgen" "modprobe failed"; finish; }

# Under software emulation (qemu TCG: every run here), a CPU running a
# static branch while another CPU live-patches it can loop for ever on the
# patch's int3.  Twice a 1,000-cycle run locked up so in a module cycle:
# CPU 0 trapping at ipv6_rcv's NF_HOOK branch, its registers the same in
# two backtraces 15 ms apart, the site's bytes already restored in memory
# and kprobe_int3_handler sending it back to run them again.  netfilter
# flips those branches when the first hook of a hook point comes or the
# last goes, anywhere, as the module's load and unload do (its hooks,
# defrag's).  An empty base chain at each such point in the initial
# namespace, where no test packet passes, keeps them on for the whole run:
# nothing is patched, and every packet path is the same.  Real CPUs, and
# KVM, do not loop there.
pin_hook_keys() {
	nft -f - <<-'EOF'
	table inet lifecycle_pin {
		chain pre { type filter hook prerouting priority 0; }
		chain out { type filter hook output priority 0; }
	}
	EOF
}
check "netfilter's hook branches kept on (qemu TCG, above)" pin_hook_keys

inns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# lc6 (IPv6 client) -- lcnat (the NAT64) -- lc4 (IPv4 server)
topology() {
	local ns
	for ns in lc6 lcnat lc4; do ip netns add $ns; inns $ns ip link set lo up; done
	ip link add a6 netns lc6 type veth peer name n6 netns lcnat
	ip link add a4 netns lc4 type veth peer name n4 netns lcnat
	inns lc6 ip link set a6 up
	inns lc4 ip link set a4 up
	inns lcnat ip link set n6 up
	inns lcnat ip link set n4 up
	inns lcnat sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv4.ip_forward=1
	inns lc6 ip addr add $CLIENT6/64 dev a6 nodad
	inns lcnat ip addr add 2001:db8:1::1/64 dev n6 nodad
	inns lc6 ip route add 64:ff9b::/96 via 2001:db8:1::1
	inns lc4 ip addr add $SERVER4/24 dev a4
	inns lcnat ip addr add 198.51.100.1/24 dev n4
	inns lc4 ip route add $POOL4 via 198.51.100.1
	# pktgen sends to a MAC address: the peers' never change.
	M6=$(inns lcnat cat /sys/class/net/n6/address)
	M4=$(inns lcnat cat /sys/class/net/n4/address)
}

# In one apply, so that the static entry exists from the moment pool4
# does: as three commands, the generator's new flows could take
# 203.0.113.1:5009 between the pool4 add and the bib add.
configure() {
	printf '%s\n' "instance add pool6 64:ff9b::/96" "pool4 add $POOL4" \
		"bib add proto udp [$CLIENT6]:9 203.0.113.1:5009" |
		nat64ctl -n lcnat apply -
}

# pg NS DEV DSTMAC SRC DST SPORT-RANGE DPORT [CPU]: one endless pktgen
# device, on that CPU's pktgen thread (default 0), started in the
# background.  One process in the namespace does it all, with bash
# builtins: on the debug kernel under emulation every fork and exec costs
# a good part of a second, and a 1,000-cycle run starts some 430 generators.
pg() {
	local ns=$1 dev=$2 th=kpktgend_${8:-0}
	local p=$dev@0
	inns "$ns" bash -c "set -e; cd /proc/net/pktgen
		echo rem_device_all >$th
		for ((i = 0; i < 100; i++)); do
			read -rd '' t <$th || true
			[[ \$t == *@* ]] || break
			sleep 0.1
		done
		echo 'add_device $p' >$th
		for c in 'count 0' 'clone_skb 0' 'pkt_size 100' 'delay $DELAY' \
			'dst_mac $3' 'flag UDPCSUM' 'udp_src_min ${6%-*}' 'udp_src_max ${6#*-}' \
			'udp_dst_min $7' 'udp_dst_max $7'; do echo \"\$c\" >$p; done
		case $4 in
		*:*) echo 'src6 $4' >$p; echo 'dst6 $5' >$p ;;
		*) echo 'src_min $4' >$p; echo 'src_max $4' >$p
		   echo 'dst_min $5' >$p; echo 'dst_max $5' >$p ;;
		esac
		# Returns when pktgen stops: the generator outlives this shell.
		(echo start >pgctrl) >/dev/null 2>&1 &"
}
pg_stop() { inns "$1" bash -c 'echo stop >/proc/net/pktgen/pgctrl' 2>/dev/null; }

load() {
	# New IPv6 flows (a range of source ports) and a published server's.
	pg lc6 a6 "$M6" $CLIENT6 64:ff9b::$SERVER4 1024-60000 7
	pg lc4 a4 "$M4" $SERVER4 203.0.113.1 1024-60000 5009 "$CPU4"
}

# Traffic resumes: a ping through the translator answers within 10 s.
resumes() {
	inns lc6 ping -q -c 1 -i 0.5 -w 10 64:ff9b::$SERVER4 >/dev/null
}

xlat() { nat64ctl -n lcnat stats | awk -v k="$1" '$1 == k { print $2 }'; }
# pktgen takes its time to start under emulation (much more on the debug
# kernel, where every command is slow too while pktgen runs): up to 120 s
# of wall clock for both directions to show a hundred packets.
both_ways() {
	local end=$((SECONDS + 120)) a b
	while [ $SECONDS -lt $end ]; do
		a=$(xlat xlat-6to4) b=$(xlat xlat-4to6)
		echo "both_ways: ${SECONDS}s xlat-6to4 ${a:-?} xlat-4to6 ${b:-?}" >&2
		[ "${a:-0}" -gt 100 ] && [ "${b:-0}" -gt 100 ] && return
		sleep 1
	done
	nat64ctl -n lcnat stats show nonzero
	# Where the generators' packets went: each side's veth counters,
	# whether the receiving veth has NAPI (GRO) in front of the stack,
	# the per-CPU backlog drops (softnet_stat column 2), pktgen's state.
	inns lc6 ip -s link show a6
	inns lcnat ip -s link show n6
	inns lc4 ip -s link show a4
	inns lcnat ip -s link show n4
	inns lcnat ethtool -k n4 2>/dev/null | grep -E '^(generic-receive|rx-gro)'
	cat /proc/net/softnet_stat
	timeout 10 ip netns exec lc4 cat /proc/net/pktgen/a4@0
	timeout 10 ip netns exec lc6 cat /proc/net/pktgen/a6@0
	return 1
}

topology
check "configured" configure
load
check "both directions translate under load" both_ways
check "ping through the loaded translator" resumes

# One cycle of kind $1 (cycle number $2).
cycle() {
	case $1 in
	0)	nat64ctl -n lcnat instance del && configure ;;
	1)	nat64ctl -n lcnat pool4 del $POOL4 &&
			nat64ctl -n lcnat pool4 add $POOL4 &&
			nat64ctl -n lcnat bib add proto udp "[$CLIENT6]:9" 203.0.113.1:5009 ;;
	2)	nat64ctl -n lcnat global set max-sessions 64 filtering address-dependent \
			udp-timeout 2m && sleep 0.5 &&
			nat64ctl -n lcnat global set max-sessions 2097152 \
				filtering endpoint-independent udp-timeout 5m ;;
	3)	nat64ctl -n lcnat bib del proto udp 203.0.113.1:5009 &&
			nat64ctl -n lcnat bib add proto udp "[$CLIENT6]:9" 203.0.113.1:5009 ;;
	4)	busy_netns_gone "$2" ;;
	5)	pg_stop lc6; pg_stop lc4
		# Unloading waits for the hooks' packets in flight; pktgen
		# resumes while the module is away and after it is back.
		load
		nat64_unload && nat64_load && configure ;;
	6)	nat64ctl -n lcnat session flush proto udp &&
			nat64ctl -n lcnat session flush ;;
	esac
}

# A second NAT64 namespace that a generator namespace of its own keeps
# busy with new flows, deleted while the packets flow (the pernet exit path
# under load); the generator goes after it.
busy_netns_gone() {
	local ns=lcx$1 gen=lcg$1 m
	ip netns add "$ns" && ip netns add "$gen" &&
		ip link add g6 netns "$gen" type veth peer name y6 netns "$ns" &&
		ip -n "$gen" link set g6 up &&
		ip -n "$gen" addr add 2001:db8:2::2/64 dev g6 nodad || return
	# The NAT64 side in one process (forks are dear here, see pg()); it
	# prints y6's MAC address, for the generator, and nothing else.
	# shellcheck disable=SC2016 # the inner shell expands them
	m=$(inns "$ns" bash -c 'set -e
		ip link set y6 up
		echo 1 >/proc/sys/net/ipv6/conf/all/forwarding
		ip addr add 2001:db8:2::1/64 dev y6 nodad
		nat64ctl apply - >&2 <<-EOF
		instance add pool6 64:ff9b::/96
		pool4 add 192.0.2.8/30
		EOF
		read -r m </sys/class/net/y6/address
		echo "$m"') || return
	pg "$gen" g6 "$m" 2001:db8:2::2 64:ff9b::192.0.2.200 1024-60000 7
	sleep 1
	ip netns del "$ns"
	pg_stop "$gen"
	ip netns del "$gen"
}

# What the guest holds as a cycle starts, into FOOTPRINT: struct net
# objects (live namespaces, and deleted ones not yet cleaned up or still
# referenced), tasks, available, slab and vmalloc memory, the load
# average.  A long run that slows down shows here whether something
# accumulates.  Bash builtins only: on the debug kernel under emulation
# every fork costs a good part of a second, and /proc/slabinfo or
# /proc/lockdep_stats take seconds to read.
footprint() {
	local nets load key val _unit avail='?' slab='?' vmalloc='?' tasks
	tasks=(/proc/[0-9]*)
	read -r nets _ 2>/dev/null </sys/kernel/slab/net_namespace/objects
	while read -r key val _unit; do
		case $key in
		MemAvailable:) avail=$val ;;
		Slab:) slab=$val ;;
		VmallocUsed:) vmalloc=$val ;;
		esac
	done </proc/meminfo
	read -r load _ </proc/loadavg
	FOOTPRINT="nets ${nets:-?} tasks ${#tasks[@]} available ${avail}kB slab ${slab}kB vmalloc ${vmalloc}kB load $load"
}

failed_at=""
# Wall-clock seconds each kind of cycle took, to the log: where a long
# run's hours go.
kinds=(instance pool4 globals bib netns module flush)
secs=(0 0 0 0 0 0 0)
for i in $(seq "$CYCLES"); do
	t0=$SECONDS
	k=${ORDER[i % ${#ORDER[@]}]}
	# As it starts, so that a run that hangs names the cycle it hung in
	# (the log reaches the host as it is written).
	footprint
	echo "lifecycle: cycle $i (${kinds[k]}) starts at ${SECONDS}s, $FOOTPRINT" >&2
	if ! cycle "$k" "$i" >&2 || ! resumes; then
		failed_at="$failed_at $i($k)"
		configure >&2 2>&1
	fi
	secs[k]=$((secs[k] + SECONDS - t0))
done
for k in "${!kinds[@]}"; do
	echo "lifecycle: ${kinds[k]} cycles took ${secs[k]} s in all" >&2
done
check_out "$CYCLES cycles under load, traffic resumed after each" "" echo "${failed_at# }"
pg_stop lc6
pg_stop lc4
check "still translating at the end" resumes
ip netns del lc6; ip netns del lcnat; ip netns del lc4
nft delete table inet lifecycle_pin
finish
