#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Target mode: an instance made with "mode target" has no hooks of its
# own, and mangle PREROUTING rules with -j NAT64 decide what it
# translates, with iptables-nft (Debian's default, through nft_compat) and
# with iptables-legacy.  A rule is taken before such an instance exists
# (a boot-time restore) and after it is gone, and passes packets on
# meanwhile; exactly what the rules select is translated; a rule before
# the NAT64 one stops a flow; packets queued to userspace before it are
# translated when they come back; iptables-save output restores to a
# working rule set.
# shellcheck disable=SC2317
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite target

nat64_load || { fail "module loads" "insmod failed"; finish; }
# The extension as built in this tree, before the installed ones.
export XTABLES_LIBDIR="$NAT64_TOP/usr/xtables:$(pkg-config --variable=xtlibdir xtables 2>/dev/null || echo /usr/lib/x86_64-linux-gnu/xtables)"
[ -f "$NAT64_TOP/usr/xtables/libxt_NAT64.so" ] ||
	{ fail "libxt_NAT64.so is built" "missing in usr/xtables"; finish; }

pids=()
topo_down() {
	local pid
	for pid in "${pids[@]}"; do kill "$pid"; done
	wait
	ip netns del tg-c6; ip netns del tg-c7; ip netns del tg-nat; ip netns del tg-s4
} 2>/dev/null
trap 'topo_down; lib_cleanup' EXIT
on() { local ns=$1; shift; ip netns exec "tg-$ns" "$@"; }

# c6 (2001:db8:6::2) and c7 (2001:db8:7::2) -> nat -> s4 (198.51.100.2)
topo_up() {
	local c
	modprobe veth &&
	for c in c6 c7 nat s4; do ip netns add "tg-$c" || return; done &&
	ip -n tg-c6 link add c6 type veth peer name n6 netns tg-nat &&
	ip -n tg-c7 link add c7 type veth peer name n7 netns tg-nat &&
	ip -n tg-s4 link add s4 type veth peer name n4 netns tg-nat &&
	for c in c6 c7 s4; do
		ip -n "tg-$c" link set lo up && ip -n "tg-$c" link set "$c" up || return
	done &&
	ip -n tg-nat link set lo up && ip -n tg-nat link set n6 up &&
	ip -n tg-nat link set n7 up && ip -n tg-nat link set n4 up &&
	ip -n tg-c6 addr add 2001:db8:6::2/64 dev c6 nodad &&
	ip -n tg-c7 addr add 2001:db8:7::2/64 dev c7 nodad &&
	ip -n tg-nat addr add 2001:db8:6::1/64 dev n6 nodad &&
	ip -n tg-nat addr add 2001:db8:7::1/64 dev n7 nodad &&
	ip -n tg-c6 route add 64:ff9b::/96 via 2001:db8:6::1 &&
	ip -n tg-c7 route add 64:ff9b::/96 via 2001:db8:7::1 &&
	ip -n tg-nat addr add 198.51.100.1/24 dev n4 &&
	ip -n tg-s4 addr add 198.51.100.2/24 dev s4 &&
	ip -n tg-s4 route add 203.0.113.0/24 via 198.51.100.1 &&
	on nat sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv4.ip_forward=1
}
check "four namespaces around a NAT64" topo_up

flush() { # BACKEND
	on nat "ip6tables-$1" -t mangle -F
	on nat "iptables-$1" -t mangle -F
}
saved() { # BACKEND: the mangle table as iptables-save and ip6tables-save print it
	{
		on nat "iptables-$1-save" -t mangle
		on nat "ip6tables-$1-save" -t mangle
	} | grep -E '^-A'
}

# --- rules without an instance in target mode -------------------------------
# Taken, and passing packets on until there is one: a boot-time
# iptables-restore is not ordered with nat64.service, and iptables-legacy
# checks every rule of a table again on each change of the table.
# (The log line is rate-limited: only the first rule looks for it.)
taken() { # BACKEND [log]: a NAT64 rule is taken, and the log says it waits
	on nat "iptables-$1" -t mangle -A PREROUTING -d 203.0.113.1 -j NAT64 &&
	{ [ -z "$2" ] || dmesg | tail -n 20 | grep -q "no NAT64 instance in target mode"; } &&
	on nat "iptables-$1" -t mangle -D PREROUTING -d 203.0.113.1 -j NAT64
}
restore_first() { # BACKEND: a saved rule set with NAT64 rules restores
	printf '*mangle\n-A PREROUTING -d 203.0.113.1/32 -j NAT64\nCOMMIT\n' |
		on nat "iptables-$1-restore" &&
	printf '*mangle\n-A PREROUTING -d 64:ff9b::/96 -j NAT64\nCOMMIT\n' |
		on nat "ip6tables-$1-restore" &&
	[ "$(saved "$1" | grep -c -- '-j NAT64')" -eq 2 ] && flush "$1"
}
outlived() { # BACKEND: a rule left when its instance goes: the table still changes
	nat64ctl -n tg-nat instance add pool6 64:ff9b::/96 mode target &&
	on nat "iptables-$1" -t mangle -A PREROUTING -d 203.0.113.1 -j NAT64 &&
	nat64ctl -n tg-nat instance del &&
	on nat "iptables-$1" -t mangle -A PREROUTING -d 192.0.2.99 -j ACCEPT &&
	on nat "iptables-$1" -t mangle -F
}
check "iptables-nft: a NAT64 rule without an instance is taken, the log says it waits" \
	taken nft log
check "iptables-legacy: a NAT64 rule without an instance is taken" taken legacy
for b in nft legacy; do
	check "iptables-$b: NAT64 rules restore before the instance exists (boot)" restore_first $b
done
nat64ctl -n tg-nat instance add pool6 64:ff9b::/96
for b in nft legacy; do
	check "iptables-$b: taken with an instance in netfilter mode too" taken $b
done
nat64ctl -n tg-nat instance del
for b in nft legacy; do
	check "iptables-$b: the mangle table still changes after the instance is gone" outlived $b
done
check "an instance in target mode" \
	nat64ctl -n tg-nat instance add pool6 64:ff9b::/96 mode target
check_out "instance show says so" "target" \
	sh -c "nat64ctl -n tg-nat -j instance show | python3 -c 'import json, sys; print(json.load(sys.stdin)[\"mode\"])'"
nat64ctl -n tg-nat pool4 add 203.0.113.1/32

ping_from() { on "$1" ping -6 -c 1 -W 3 64:ff9b::c633:6402 >&2; }
no_ping_from() { ! ping_from "$1"; }
rules() { # BACKEND: the lab's two rules
	on nat "ip6tables-$1" -t mangle -A PREROUTING -s 2001:db8:6::/64 \
		-d 64:ff9b::/96 -j NAT64 &&
	on nat "iptables-$1" -t mangle -A PREROUTING -d 203.0.113.1 -j NAT64
}
tcp_through() { # a 1 MiB TCP transfer from c6 to s4, intact
	local sum
	on s4 socat -u TCP4-LISTEN:8080,reuseaddr SYSTEM:'sha256sum >/tmp/tg-recv' &
	pids+=($!)
	sleep 1
	head -c 1048576 /dev/urandom >/tmp/tg-send
	on c6 socat -u FILE:/tmp/tg-send 'TCP6:[64:ff9b::c633:6402]:8080' || return
	sleep 1
	sum=$(sha256sum </tmp/tg-send)
	[ "$(cat /tmp/tg-recv)" = "$sum" ]
}
round_trip() { # BACKEND: save, flush, restore: the same rules again
	local before after
	before=$(saved "$1")
	echo "$before" >&2
	on nat "iptables-$1-save" -t mangle >/tmp/tg-v4
	on nat "ip6tables-$1-save" -t mangle >/tmp/tg-v6
	flush "$1"
	on nat "iptables-$1-restore" </tmp/tg-v4 &&
	on nat "ip6tables-$1-restore" </tmp/tg-v6 || return
	after=$(saved "$1")
	[ -n "$before" ] && [ "$before" = "$after" ] &&
	grep -q -- '-j NAT64' <<<"$after"
}

# Packets queued to userspace (NFQUEUE in raw PREROUTING) come back
# through nf_reinject(), which runs the later hooks, the NAT64 rule's
# among them, in process context with BHs on (iptables-nft; ip_tables
# turns them off itself).  They are translated as ever, and on the debug
# kernel lockdep sees the state's locks taken as they must be.
nfq_through() { # BACKEND
	local out=/tmp/tg-nfq-out count=/tmp/tg-nfq-count pid rc n
	rm -f "$out" "$count"
	ip netns exec tg-nat /usr/bin/python3 "$NAT64_TOP/test/lib/nfq_accept.py" 7 "$count" \
		>"$out" 2>&1 &
	pid=$!
	pids+=("$pid")
	for _ in $(seq 50); do grep -q ready "$out" && break; sleep 0.2; done
	on nat "iptables-$1" -t raw -A PREROUTING -j NFQUEUE --queue-num 7 &&
	on nat "ip6tables-$1" -t raw -A PREROUTING -j NFQUEUE --queue-num 7 &&
	ping_from c6
	rc=$?
	on nat "iptables-$1" -t raw -F
	on nat "ip6tables-$1" -t raw -F
	kill "$pid"
	n=$(cat "$count" 2>/dev/null)
	echo "nfq: $(cat "$out") / ${n:-0} packets accepted" >&2
	[ "$rc" -eq 0 ] && [ "${n:-0}" -ge 2 ] || return 1
	[ ! -e /proc/lockdep_stats ] || grep -q 'debug_locks: *1' /proc/lockdep_stats
}

# A rule with no target, before the NAT64 one, counts what conntrack
# calls NEW (the match makes conntrack track IPv6 in the namespace).
ct_new() { # BACKEND
	local n count
	on nat "ip6tables-$1" -t mangle -I PREROUTING -m conntrack --ctstate NEW ||
		return
	on c6 ping -6 -c 3 -i 0.3 -W 3 64:ff9b::c633:6402 >&2
	n=$(on nat "ip6tables-$1" -t mangle -L PREROUTING 1 -v -x -n | awk '{ print $1 }')
	count=$(on nat cat /proc/sys/net/netfilter/nf_conntrack_count)
	on nat "ip6tables-$1" -t mangle -D PREROUTING 1
	echo "NEW: $n packets; conntrack entries: $count" >&2
	[ "${n:-0}" -ge 3 ] && [ "$count" -eq 0 ]
}

for b in nft legacy; do
	check "iptables-$b: no rule, nothing translated" no_ping_from c6
	check "iptables-$b: the two rules are taken" rules $b
	check "iptables-$b: ping from the selected /64 is translated both ways" ping_from c6
	check "iptables-$b: a 1 MiB TCP transfer, intact" tcp_through
	check "iptables-$b: packets queued to userspace first are translated when they come back" \
		nfq_through $b
	check "iptables-$b: a source the rule does not select is not translated" no_ping_from c7
	on nat "iptables-$b" -t mangle -F
	check "iptables-$b: without the IPv4 rule, no reply comes back" no_ping_from c6
	on nat "iptables-$b" -t mangle -A PREROUTING -d 203.0.113.1 -j NAT64
	on nat "ip6tables-$b" -t mangle -I PREROUTING -p icmpv6 \
		--icmpv6-type echo-request -j DROP
	check "iptables-$b: a DROP rule before the NAT64 one stops the flow" no_ping_from c6
	dropped() { on nat "ip6tables-$b" -t mangle -L PREROUTING -v -x -n | awk '/DROP/ { print ($1 > 0) }'; }
	check_out "iptables-$b:   ... and its counter says so" 1 dropped
	on nat "ip6tables-$b" -t mangle -D PREROUTING 1
	check "iptables-$b: iptables-save | iptables-restore round-trips the NAT64 rules" \
		round_trip $b
	check "iptables-$b:   ... and they still translate" ping_from c6
	check "iptables-$b: conntrack calls every packet NEW, keeps no entry" \
		ct_new $b
	flush $b
done

# apply switches the mode by replacing the instance: the new one is built,
# hooks and all, while the old one runs, then takes its place.
printf '%s\n' 'instance add pool6 64:ff9b::/96' 'pool4 add 203.0.113.1/32' \
	>/tmp/tg-nf.conf
printf '%s\n' 'instance add pool6 64:ff9b::/96 mode target' \
	'pool4 add 203.0.113.1/32' >/tmp/tg-tg.conf
rules nft
check "apply of a file in netfilter mode replaces the target-mode instance" \
	nat64ctl -n tg-nat apply /tmp/tg-nf.conf
check "  ... and the hooks translate every source, c7 too" ping_from c7
check "apply of a file in target mode again" nat64ctl -n tg-nat apply /tmp/tg-tg.conf
check "  ... the rule selects again: c6 is translated" ping_from c6
check "  ... and c7 is not" no_ping_from c7
flush nft
check "instance del with no rule left" nat64ctl -n tg-nat instance del
finish
