#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# icmp-src-pool4 (RFC 6791) with a real client: traceroute from an IPv4
# host to an IPv6-only server published by a static BIB entry, across an
# IPv6 router.
#
#   c4 198.51.100.2 --- 198.51.100.1 nat 2001:db8:a::1 --- 2001:db8:a::2 r6
#      default via nat     pool4 203.0.113.1           2001:db8:b::1 |
#                          static BIB udp/tcp                         |
#                          [2001:db8:b::80]:4000 = 203.0.113.1:4000   |
#                                                     s6 2001:db8:b::80
#
# Hop 1 is the NAT64 box, hop 2 the IPv6 router r6 (whose address has no
# IPv4 form), hop 3 the server, which answers for itself.  Without the pool
# hop 2 reads as the pool4 address; with it, as addresses of the pool, and
# the last hop still as the pool4 address.  Packet-exact checks of the same
# rule are in 08-icmp-err.py.
# shellcheck disable=SC2317
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite icmp-src-pool4

C4=nat64-c4 NX=nat64-x R6=nat64-r6 S6=nat64-s6
T=203.0.113.1
SRC_POOL=192.0.2.200/29		# 192.0.2.200-207

c4() { ip netns exec "$C4" "$@"; }
nx() { ip netns exec "$NX" "$@"; }
r6() { ip netns exec "$R6" "$@"; }
s6() { ip netns exec "$S6" "$@"; }

cleanup() {
	local ns
	for ns in "$C4" "$NX" "$R6" "$S6"; do ip netns del "$ns" 2>/dev/null; done
	lib_cleanup
}
trap cleanup EXIT

setup() {
	local ns
	modprobe veth || return
	for ns in "$C4" "$NX" "$R6" "$S6"; do
		ip netns add "$ns" && ip -n "$ns" link set lo up || return
	done
	ip link add c4 netns "$C4" type veth peer name n4 netns "$NX" &&
	ip link add n6 netns "$NX" type veth peer name ra netns "$R6" &&
	ip link add rb netns "$R6" type veth peer name s6 netns "$S6" || return
	c4 ip link set c4 up && c4 ip addr add 198.51.100.2/24 dev c4 &&
	c4 ip route add default via 198.51.100.1 || return
	nx ip link set n4 up && nx ip link set n6 up &&
	nx ip addr add 198.51.100.1/24 dev n4 &&
	nx ip -6 addr add 2001:db8:a::1/64 dev n6 nodad &&
	nx ip -6 route add 2001:db8:b::/64 via 2001:db8:a::2 || return
	r6 ip link set ra up && r6 ip link set rb up &&
	r6 ip -6 addr add 2001:db8:a::2/64 dev ra nodad &&
	r6 ip -6 addr add 2001:db8:b::1/64 dev rb nodad &&
	r6 ip -6 route add 64:ff9b::/96 via 2001:db8:a::1 || return
	s6 ip link set s6 up && s6 ip -6 addr add 2001:db8:b::80/64 dev s6 nodad &&
	s6 ip -6 route add default via 2001:db8:b::1 || return
	# Routers forward; nobody rate-limits the errors a traceroute counts on.
	nx sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
		net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_msgs_per_sec=100000 &&
	r6 sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv6.icmp.ratelimit=0 &&
	s6 sysctl -qw net.ipv6.icmp.ratelimit=0 || return
	nx nat64ctl instance add pool6 64:ff9b::/96 &&
	nx nat64ctl pool4 add "$T/32" &&
	nx nat64ctl bib add proto udp '[2001:db8:b::80]:4000' "$T:4000" &&
	nx nat64ctl bib add proto tcp '[2001:db8:b::80]:4000' "$T:4000"
}

# hops METHOD...: traceroute's addresses, one line per hop, the three
# probes' answers space-separated ("*" for none; traceroute prints an
# address once for the probes after it that it answered).  -N 1: one probe
# at a time, so that the order of answers is the order of probes.
hops() {
	c4 timeout -k 5 120 traceroute -n -q 3 -N 1 -w 3 -m 4 -p 4000 "$@" "$T" |
		awk 'NR > 1 { s = ""; a = "?"
			for (i = 2; i <= NF; i++) {
				if ($i ~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/) a = $i
				else if ($i == "*" || $i == "ms") s = s (s ? " " : "") ($i == "*" ? "*" : a)
			}
			print s }'
}

# in_pool ADDR...: every ADDR lies in $SRC_POOL.
in_pool() {
	/usr/bin/python3 - "$SRC_POOL" "$@" <<-'EOF'
	import ipaddress, sys
	net = ipaddress.ip_network(sys.argv[1])
	sys.exit(0 if len(sys.argv) > 2 and
	         all(ipaddress.ip_address(a) in net for a in sys.argv[2:]) else 1)
	EOF
}

# trace NAME POOL METHOD...: hop 1 the box, hop 2 from POOL (or T), hop 3 T.
trace() {
	local name=$1 pool=$2 out h2
	shift 2
	out=$(hops "$@")
	echo "traceroute $* -> $(echo "$out" | paste -sd'|')" >&2
	mapfile -t h <<<"$out"
	if [ "${h[0]:-}" != "198.51.100.1 198.51.100.1 198.51.100.1" ]; then
		fail "$name: hop 1 is the NAT64 box" "hop 1 read '${h[0]:-}'"
	else
		pass "$name: hop 1 is the NAT64 box"
	fi
	read -ra h2 <<<"${h[1]:-}"
	if [ "$pool" = none ]; then
		if [ "${h[1]:-}" = "$T $T $T" ]; then
			pass "$name: hop 2 (the IPv6 router) reads as the pool4 address"
		else
			fail "$name: hop 2 (the IPv6 router) reads as the pool4 address" \
				"hop 2 read '${h[1]:-}'"
		fi
	elif [ "${#h2[@]}" -eq 3 ] && in_pool "${h2[@]}"; then
		pass "$name: hop 2 (the IPv6 router) reads as icmp-src-pool4 addresses"
	else
		fail "$name: hop 2 (the IPv6 router) reads as icmp-src-pool4 addresses" \
			"hop 2 read '${h[1]:-}', want 3 answers in $SRC_POOL"
	fi
	if [ "${h[2]:-}" = "$T $T $T" ] && [ "${#h[@]}" -eq 3 ]; then
		pass "$name: the server is the last hop, as the pool4 address"
	else
		fail "$name: the server is the last hop, as the pool4 address" \
			"hops 3 and after read '${h[*]:2}'"
	fi
}

nat64_load || { fail "module loads" "insmod failed"; finish; }
if ! setup; then
	fail "topology" "setting up the namespaces failed"
	finish
fi

trace "UDP traceroute, no pool" none -U
check "global set icmp-src-pool4 $SRC_POOL" nx nat64ctl global set icmp-src-pool4 "$SRC_POOL"
trace "UDP traceroute, icmp-src-pool4" "$SRC_POOL" -U
trace "TCP traceroute, icmp-src-pool4" "$SRC_POOL" -T
check "global set icmp-src-pool4 none" nx nat64ctl global set icmp-src-pool4 none
trace "UDP traceroute, pool cleared" none -U
finish
