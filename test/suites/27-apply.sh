#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nat64ctl apply (CONFIG_APPLY): a whole /etc/nat64.conf checked first and
# made true all or nothing.  A bad line is named with its number and
# changes nothing; save prints what apply reads, and save then apply is a
# no-op that sends no event; a changed file changes only what changed; a
# new pool6 replaces the instance; and established TCP connections carry
# on through applies under load.
# shellcheck disable=SC2317
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite apply

nat64_load || { fail "module loads" "insmod failed"; finish; }
T=$_lib_tmp

conf() { # NAME LINES...: writes $T/NAME.conf, one line per argument
	printf '%s\n' "${@:2}" >"$T/$1.conf"
}

# --- a first file, checked, then applied ------------------------------------
conf one \
	'# the NAT64 of the lab' \
	'instance add pool6 64:ff9b::/96' \
	'' \
	'pool4 add 192.0.2.0/30' \
	'pool4 add 192.0.2.8/32 proto tcp ports 80-80' \
	'global set udp-timeout 600 filtering address-dependent' \
	'bib add proto tcp [2001:db8::80]:80 192.0.2.8:80' \
	'bib add proto udp [2001:db8::53]:53 192.0.2.1:1053  # DNS'
check "apply check of a good file, no instance" nat64ctl apply check "$T/one.conf"
check_fail "check made no instance" "no NAT64 instance" nat64ctl instance show
check "apply of the file makes the instance" nat64ctl apply "$T/one.conf"
saved_one='instance add pool6 64:ff9b::/96
global set udp-timeout 600
global set filtering address-dependent
pool4 add 192.0.2.0/30 proto tcp ports 1024-65535
pool4 add 192.0.2.8/32 proto tcp ports 80-80
pool4 add 192.0.2.0/30 proto udp ports 1024-65535
pool4 add 192.0.2.0/30 proto icmp ports 0-65535
bib add proto tcp [2001:db8::80]:80 192.0.2.8:80
bib add proto udp [2001:db8::53]:53 192.0.2.1:1053'
save_body() { nat64ctl save | grep -v '^#'; }
check_out "save prints what was applied" "$saved_one" save_body
check_out "the static entries are there" \
	"tcp [2001:db8::80]:80 192.0.2.8:80 static sessions 0
udp [2001:db8::53]:53 192.0.2.1:1053 static sessions 0" nat64ctl bib show

# --- save, apply: a no-op, not one event -------------------------------------
nat64ctl save >"$T/saved.conf"
quiet_apply() {
	local mon out
	nat64ctl -j monitor >"$T/mon.out" 2>&1 &
	mon=$!
	sleep 1
	nat64ctl apply "$T/saved.conf" || { kill $mon; return 1; }
	nat64ctl apply "$T/one.conf" || { kill $mon; return 1; }
	sleep 1
	kill $mon
	wait $mon 2>/dev/null
	out=$(<"$T/mon.out")
	echo "$out" >&2
	[ -z "$out" ]
}
check "save then apply, and the file again: no event at all" quiet_apply
check_out "save again: the same bytes" "$(<"$T/saved.conf")" nat64ctl save

# --- bad files: the line, the reason, nothing changed ------------------------
unchanged() { [ "$(nat64ctl save)" = "$(<"$T/saved.conf")" ]; }
bad() { # NAME WANT LINES...: apply fails with WANT, the state is unchanged
	local name=$1 want=$2
	shift 2
	conf bad "$@"
	check_fail "$name" "$want" nat64ctl apply "$T/bad.conf"
	check "  ... and changed nothing" unchanged
}
bad "a pool4 entry overlapping an earlier one: its line" \
	"bad.conf:4: pool4 entry overlaps" \
	'instance add pool6 64:ff9b::/96' \
	'pool4 add 192.0.2.0/30' \
	'bib add proto tcp [2001:db8::80]:80 192.0.2.1:2000' \
	'pool4 add 192.0.2.2/31 proto udp'
bad "a static entry outside pool4: its line" \
	"bad.conf:3: the IPv4 address and port of a BIB entry must lie inside pool4" \
	'instance add pool6 64:ff9b::/96' \
	'pool4 add 192.0.2.0/30' \
	'bib add proto tcp [2001:db8::80]:80 192.0.2.8:80'
bad "a static entry repeating another's IPv4 side: the later line" \
	"bad.conf:4: a static BIB entry repeats the IPv4 address and port" \
	'instance add pool6 64:ff9b::/96' \
	'pool4 add 192.0.2.0/30' \
	'bib add proto tcp [2001:db8::80]:80 192.0.2.1:2000' \
	'bib add proto tcp [2001:db8::81]:80 192.0.2.1:2000'
bad "a static entry repeating another's IPv6 side: the later line" \
	"bad.conf:5: a static BIB entry repeats the IPv6 address and port" \
	'instance add pool6 64:ff9b::/96' \
	'pool4 add 192.0.2.0/30' \
	'bib add proto udp [2001:db8::53]:53 192.0.2.1:2000' \
	'' \
	'bib add proto udp [2001:db8::53]:53 192.0.2.1:2001'
bad "a static entry inside pool6: its line" \
	"bad.conf:3: the IPv6 address of a BIB entry must lie outside pool6" \
	'instance add pool6 64:ff9b::/96' \
	'pool4 add 192.0.2.0/30' \
	'bib add proto udp [64:ff9b::1]:53 192.0.2.1:2000'
ip addr add 2001:db8::99/128 dev lo
bad "a static entry on one of the host's own addresses: its line" \
	"bad.conf:3: a static BIB entry's IPv6 address must not be one of this host's own" \
	'instance add pool6 64:ff9b::/96' \
	'pool4 add 192.0.2.0/30' \
	'bib add proto udp [2001:db8::99]:53 192.0.2.1:2000'
ip addr del 2001:db8::99/128 dev lo
bad "a global below its RFC minimum: its line" "bad.conf:3: " \
	'instance add pool6 64:ff9b::/96' \
	'global set udp-timeout 600' \
	'global set tcp-est-timeout 60'
bad "a line that changes rather than describes" "bad.conf:2: " \
	'instance add pool6 64:ff9b::/96' \
	'pool4 del 192.0.2.0/30'
bad "no instance line" "instance" \
	'pool4 add 192.0.2.0/30'
bad "a malformed line: its number" "bad.conf:2: " \
	'instance add pool6 64:ff9b::/96' \
	'pool4 add 192.0.2.1/33'

# --- a changed file changes what changed -------------------------------------
conf two \
	'instance add pool6 64:ff9b::/96' \
	'pool4 add 192.0.2.0/30' \
	'pool4 add 192.0.2.8/32 proto tcp ports 80-81' \
	'global set filtering address-dependent tcp-trans-timeout 300' \
	'bib add proto tcp [2001:db8::81]:80 192.0.2.8:81' \
	'bib add proto udp [2001:db8::53]:53 192.0.2.1:1053'
events_of_apply() { # FILE: apply it, print the events it sent
	local mon
	nat64ctl monitor >"$T/mon.out" 2>&1 &
	mon=$!
	sleep 1
	nat64ctl apply "$1" 2>"$T/apply.err" || { cat "$T/apply.err" >&2; kill $mon; return 1; }
	sleep 1
	kill $mon
	wait $mon 2>/dev/null
	cut -d' ' -f2- "$T/mon.out"
}
check_out "a changed file: the old static entry ends, the new one comes" \
	"bib-end tcp [2001:db8::80]:80 192.0.2.8:80 static deleted
bib-new tcp [2001:db8::81]:80 192.0.2.8:81 static" \
	events_of_apply "$T/two.conf"
check_out "save shows the new file, udp-timeout back to its default" \
	'instance add pool6 64:ff9b::/96
global set tcp-trans-timeout 300
global set filtering address-dependent
pool4 add 192.0.2.0/30 proto tcp ports 1024-65535
pool4 add 192.0.2.8/32 proto tcp ports 80-81
pool4 add 192.0.2.0/30 proto udp ports 1024-65535
pool4 add 192.0.2.0/30 proto icmp ports 0-65535
bib add proto tcp [2001:db8::81]:80 192.0.2.8:81
bib add proto udp [2001:db8::53]:53 192.0.2.1:1053' save_body

conf three \
	'instance add pool6 64:ff9b::/96' \
	'pool4 add 192.0.2.0/30' \
	'bib add proto udp [2001:db8::53]:53 192.0.2.1:1053'
check "a file without globals, one pool4 entry and one static entry fewer" \
	nat64ctl apply "$T/three.conf"
check_out "  ... the globals back to their defaults, the rest as the file says" \
	'instance add pool6 64:ff9b::/96
pool4 add 192.0.2.0/30 proto tcp ports 1024-65535
pool4 add 192.0.2.0/30 proto udp ports 1024-65535
pool4 add 192.0.2.0/30 proto icmp ports 0-65535
bib add proto udp [2001:db8::53]:53 192.0.2.1:1053' save_body

# --- a new pool6 replaces the instance ----------------------------------------
conf nsp \
	'instance add pool6 2001:db8:64::/96' \
	'pool4 add 192.0.2.0/30' \
	'bib add proto udp [2001:db8::53]:53 192.0.2.1:1053'
check_out "apply check of a new pool6 says it would replace the instance" \
	"Warning: $T/nsp.conf: pool6 or the mode is not the running instance's: applying this replaces the instance, and every BIB entry and session ends." \
	sh -c "nat64ctl apply check '$T/nsp.conf' 2>&1"
check_out "a new pool6: the instance is replaced (one flushed event, then its own)" \
	"flushed: every BIB entry and session ended
bib-new udp [2001:db8::53]:53 192.0.2.1:1053 static" events_of_apply "$T/nsp.conf"
check_out "  ... and apply says so" \
	"Warning: $T/nsp.conf: pool6 or the mode was not the running instance's: the instance was replaced, and every BIB entry and session ended." \
	cat "$T/apply.err"
check_out "  ... with the new pool6 and nothing else" \
	'instance add pool6 2001:db8:64::/96
pool4 add 192.0.2.0/30 proto tcp ports 1024-65535
pool4 add 192.0.2.0/30 proto udp ports 1024-65535
pool4 add 192.0.2.0/30 proto icmp ports 0-65535
bib add proto udp [2001:db8::53]:53 192.0.2.1:1053' save_body
check "instance del" nat64ctl instance del

# --- under load: established TCP connections survive --------------------------
pids=()
topo_down() {
	local pid
	for pid in "${pids[@]}"; do kill "$pid"; done
	wait
	ip netns del ap-c6; ip netns del ap-nat; ip netns del ap-s4
} 2>/dev/null
trap 'topo_down; lib_cleanup' EXIT
lab_conf() { # NAME EXTRA-LINES...: the lab's NAT64 plus some lines
	conf "$1" 'instance add pool6 64:ff9b::/96' \
		'pool4 add 203.0.113.1/32' "${@:2}"
}
topo_up() {
	modprobe veth &&
	ip netns add ap-c6 && ip netns add ap-nat && ip netns add ap-s4 &&
	ip -n ap-c6 link add c6 type veth peer name n6 netns ap-nat &&
	ip -n ap-s4 link add s4 type veth peer name n4 netns ap-nat &&
	ip -n ap-c6 link set lo up && ip -n ap-c6 link set c6 up &&
	ip -n ap-nat link set lo up && ip -n ap-nat link set n6 up &&
	ip -n ap-nat link set n4 up &&
	ip -n ap-s4 link set lo up && ip -n ap-s4 link set s4 up &&
	ip -n ap-c6 addr add 2001:db8:6::2/64 dev c6 nodad &&
	ip -n ap-nat addr add 2001:db8:6::1/64 dev n6 nodad &&
	ip -n ap-c6 route add 64:ff9b::/96 via 2001:db8:6::1 &&
	ip -n ap-nat addr add 198.51.100.1/24 dev n4 &&
	ip -n ap-s4 addr add 198.51.100.2/24 dev s4 &&
	ip -n ap-s4 route add 203.0.113.0/24 via 198.51.100.1 &&
	ip netns exec ap-nat sysctl -qw net.ipv6.conf.all.forwarding=1 \
		net.ipv4.ip_forward=1 &&
	lab_conf base && nat64ctl -n ap-nat apply "$T/base.conf"
}
check "three namespaces around a NAT64, configured by apply" topo_up
lab_conf a 'pool4 add 203.0.113.2/32' 'global set udp-timeout 900' \
	'bib add proto tcp [2001:db8:6::80]:80 203.0.113.2:8080'
lab_conf b 'pool4 add 203.0.113.3/32 proto udp' 'global set icmp-timeout 120' \
	'bib add proto udp [2001:db8:6::53]:53 203.0.113.3:5353'
under_load() {
	local client i before after
	ip netns exec ap-s4 iperf3 -s -1 -B 198.51.100.2 >/dev/null 2>&1 &
	pids+=($!)
	sleep 1
	ip netns exec ap-c6 iperf3 -c 64:ff9b::c633:6402 -P 4 -t 24 -b 4M \
		>"$T/iperf.out" 2>&1 &
	client=$!
	sleep 4
	before=$(nat64ctl -n ap-nat session show proto tcp | sort)
	echo "before: $before" >&2
	for i in 1 2 3 4 5 6; do
		if [ $((i % 2)) -eq 1 ]; then f=a; else f=b; fi
		nat64ctl -n ap-nat apply "$T/$f.conf" || { kill $client; return 1; }
		sleep 2
	done
	nat64ctl -n ap-nat apply "$T/base.conf" || { kill $client; return 1; }
	after=$(nat64ctl -n ap-nat session show proto tcp | sort)
	echo "after: $after" >&2
	wait $client || { cat "$T/iperf.out" >&2; return 1; }
	tail -4 "$T/iperf.out" >&2
	# The same (X',x) -> (Y',y) | (T,t) -> (Z,z) for every connection.
	[ "$(wc -l <<<"$before")" -ge 5 ] &&
	[ "$(awk '{ print $1, $2, $4, $6, $8 }' <<<"$before")" = \
	  "$(awk '{ print $1, $2, $4, $6, $8 }' <<<"$after")" ]
}
check "iperf3 (4 TCP streams, 24 s) runs on through 7 applies, same mappings" \
	under_load
stat_of() { nat64ctl -n ap-nat stats | awk -v n="$1" '$1 == n { print $2 }'; }
lost_state() { echo "$(stat_of drop-no-bib-entry) $(stat_of drop-tcp-state)"; }
check_out "  ... no packet found its BIB entry or session gone" "0 0" lost_state

# A dynamic entry in the way of a static one: refused, as bib add is.
ping_id() { # the ICMP (T,t) a ping from c6 now holds
	ip netns exec ap-c6 ping -6 -c 1 -W 5 64:ff9b::c633:6402 >&2 &&
	nat64ctl -n ap-nat bib show proto icmp | awk 'NR == 1 { print $2, $3 }'
}
way=$(ping_id)
x6=${way% *} t4=${way#* }
echo "dynamic entry: $x6 $t4" >&2
lab_conf way4 "bib add proto icmp [2001:db8:6::99]:7 $t4"
check_fail "a static entry on a dynamic entry's (T,t): its line, why" \
	"way4.conf:3: the IPv4 address and port of this static BIB entry belong to a dynamic one" \
	nat64ctl -n ap-nat apply "$T/way4.conf"
lab_conf way6 "bib add proto icmp $x6 203.0.113.1:7"
check_fail "a static entry on a dynamic entry's (X',x): its line, why" \
	"way6.conf:3: the IPv6 address and port of this static BIB entry have a dynamic one" \
	nat64ctl -n ap-nat apply "$T/way6.conf"
# A file that would make that entry static, refused halfway (the
# module-wide ceiling takes one more entry, the file has two): the entry
# is given back dynamic, with its session, not ended with the undo.
ceiling=/sys/module/nat64/parameters/max_sessions_total
ceiling_was=$(cat $ceiling)
halfway() {
	local err
	echo $(($(cat /sys/module/nat64/parameters/sessions_total) + 1)) >$ceiling
	err=$(nat64ctl -n ap-nat apply "$T/full.conf" 2>&1)
	echo "$err" >&2
	echo "$ceiling_was" >$ceiling
	grep -q "full.conf:5: the module-wide ceiling max_sessions_total is reached" <<<"$err"
}
lab_conf full "bib add proto icmp $x6 $t4" \
	"bib add proto icmp [2001:db8:6::98]:7 203.0.113.1:65534" \
	"bib add proto icmp [2001:db8:6::99]:7 203.0.113.1:65535"
if [ "${t4#*:}" -lt 65534 ]; then
	check "a file refused halfway by the ceiling: its line, why" halfway
	check_out "  ... the entry it had made static is dynamic again, its session kept" \
		"icmp $x6 $t4 sessions 1" nat64ctl -n ap-nat bib show proto icmp
else
	skip "a file refused halfway by the ceiling" "the ping's ICMP id is ${t4#*:}"
fi
lab_conf same "bib add proto icmp $x6 $t4"
check "a static entry with a dynamic entry's very mapping: made static" \
	nat64ctl -n ap-nat apply "$T/same.conf"
check_out "  ... the same entry, now static, its session kept" \
	"icmp $x6 $t4 static sessions 1" nat64ctl -n ap-nat bib show proto icmp
# A file with another pool6 replaces the instance: the new one is built
# beside the running one, so when it cannot be made (here the ceiling
# has no room for its first static entry) the running one runs on.
conf nsp6 'instance add pool6 2001:db8:64::/96' 'pool4 add 203.0.113.1/32' \
	'bib add proto icmp [2001:db8:6::98]:7 203.0.113.1:65534' \
	'bib add proto icmp [2001:db8:6::99]:7 203.0.113.1:65535'
replace_refused() {
	local err
	echo 1 >$ceiling
	err=$(nat64ctl -n ap-nat apply "$T/nsp6.conf" 2>&1)
	echo "$err" >&2
	echo "$ceiling_was" >$ceiling
	grep -q "nsp6.conf:3: the module-wide ceiling max_sessions_total is reached" <<<"$err"
}
check "another pool6 the ceiling has no room for: refused at its first entry" \
	replace_refused
check_out "  ... the running instance runs on, its entries and sessions kept" \
	"icmp $x6 $t4 static sessions 1" nat64ctl -n ap-nat bib show proto icmp
check "  ... and translates" \
	ip netns exec ap-c6 ping -6 -c 1 -W 5 64:ff9b::c633:6402
finish
