#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A NAT64 on a bridge with br_netfilter loaded (Docker and libvirt load
# it): the IPv4 and IPv6 hooks then also see every frame the bridge
# forwards between two other hosts, and br_netfilter calls each one the
# host's (PACKET_HOST).  Such a frame is not the translator's, whatever
# its destination: it goes on to the host it was sent to.  A frame sent
# to the box itself is translated as ever.
#
#   h1 2001:db8:b::1 --- b1 [ br0 2001:db8:b::ff ] b2 --- h2 2001:db8:b::2
#                              NAT64, d0 198.51.100.1/24 (dummy)
# shellcheck disable=SC2317
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite bridge

NB=br-nat H1=br-h1 H2=br-h2
DST=64:ff9b::c633:6402		# 198.51.100.2, beyond the dummy link

cleanup() {
	ip netns del $NB; ip netns del $H1; ip netns del $H2
	# Loaded here: it must not change what later suites' bridges do.
	[ -z "$loaded_brnf" ] || modprobe -r br_netfilter
	lib_cleanup
} 2>/dev/null
trap cleanup EXIT

nat64_load || { fail "module loads" "insmod failed"; finish; }
if [ ! -d /sys/module/br_netfilter ]; then
	# The debug kernel has no br_netfilter: rebuilding it for one
	# would recompile most of it (the skb extension it adds).
	if ! modprobe br_netfilter 2>/dev/null; then
		skip "bridged frames" "no br_netfilter in kernel $(uname -r)"
		finish
	fi
	loaded_brnf=1
fi

nb() { ip netns exec $NB "$@"; }
setup() {
	ip netns add $NB && ip netns add $H1 && ip netns add $H2 || return
	ip -n $NB link add br0 type bridge &&
	ip -n $NB link add b1 type veth peer name e1 netns $H1 &&
	ip -n $NB link add b2 type veth peer name e2 netns $H2 &&
	ip -n $NB link set b1 master br0 && ip -n $NB link set b2 master br0 &&
	ip -n $NB link add d0 type dummy || return
	for l in lo br0 b1 b2 d0; do ip -n $NB link set $l up || return; done
	ip -n $H1 link set lo up && ip -n $H1 link set e1 up &&
	ip -n $H2 link set lo up && ip -n $H2 link set e2 up || return
	ip -n $NB addr add 2001:db8:b::ff/64 dev br0 nodad &&
	ip -n $NB addr add 198.51.100.1/24 dev d0 &&
	ip -n $NB neigh add 198.51.100.2 lladdr 02:00:00:00:00:02 dev d0 &&
	ip -n $H1 addr add 2001:db8:b::1/64 dev e1 nodad &&
	ip -n $H2 addr add 2001:db8:b::2/64 dev e2 nodad || return
	nb sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv4.ip_forward=1 \
		net.bridge.bridge-nf-call-ip6tables=1 || return
	# What reaches h2 for the translator's prefix, counted.
	ip netns exec $H2 ip6tables -t raw -A PREROUTING -d 64:ff9b::/96 -p udp &&
	nat64ctl -n $NB instance add pool6 64:ff9b::/96 &&
	nat64ctl -n $NB pool4 add 192.0.2.1/32
}
check "a NAT64 on a bridge, br_netfilter calling ip6tables" setup

send() { # one UDP datagram from h1 to $DST, through its route's next hop
	ip netns exec $H1 python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.sendto(b"knock", (sys.argv[1], 53))' $DST
}
at_h2() { ip netns exec $H2 ip6tables -t raw -L PREROUTING -v -x -n | awk 'NR == 3 { print $1 }'; }
stat() { nat64ctl -n $NB stats | awk -v k="$1" '$1 == k { print $2 }'; }
claimed() { nat64ctl -n $NB stats nonzero | awk '$1 != "bib-created" && $1 != "session-created"'; }

check "h1 sends the prefix to h2 across the bridge" \
	ip -n $H1 route add 64:ff9b::/96 via 2001:db8:b::2
before=$(claimed)
send
sleep 1
check_out "the frame reached h2, the host it was sent to" 1 at_h2
check_out "the translator took nothing" "$before" claimed

check "h1 sends the prefix to the box" \
	ip -n $H1 route replace 64:ff9b::/96 via 2001:db8:b::ff
send
sleep 1
check_out "translated" 1 stat xlat-6to4
check_out "  ... and h2 saw no more" 1 at_h2
finish
