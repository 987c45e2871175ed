# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The end-to-end checks, one pass per pool6 prefix and DNS64 resolver, run
# by test/suites/20-e2e.sh (64:ff9b::/96, BIND 9) and 21-e2e-nsp.sh
# (2001:db8:64::/64, unbound): two suites, so each has the guest's whole
# per-suite time under a slow emulator.  Sourced after test/lib/suite.sh.
# shellcheck disable=SC2317
# shellcheck source-path=SCRIPTDIR source=lab.sh
. "$NAT64_TOP/test/e2e/lab.sh"

trap 'lab_down; lib_cleanup' EXIT
big_sha=
big_mib=$LAB_BIG_MIB

# --- helpers whose output the checks compare ----------------------------------

# fetch NS URL: "remote-address http-code sha256-of-body" (curl on the
# client, the DNS64 resolver in its resolv.conf).
fetch() {
	local out=$LAB/fetch.out code
	code=$(on_resolv "$1" curl -sS --max-time 120 -o "$out" \
		-w '%{remote_ip} %{http_code}' "$2") || return
	echo "$code $(sha256sum <"$out" | cut -d' ' -f1)"
}

# page NS URL: the body of a small page.
page() { on_resolv "$1" curl -sS --max-time 60 "$2"; }

# last_client NAME: the client address of the last request a web server logged.
last_client() { tail -n 1 "$LAB/$1/access.log" | cut -d' ' -f1; }

# received NS DEST [PING ARGS...]: how many of 3 echo requests were answered.
received() {
	local ns=$1 dest=$2
	shift 2
	on "$ns" ping -c 3 -i 0.5 -W 10 "$@" "$dest" | sed -n 's/.* \([0-9]*\) received.*/\1/p'
}

# iperf NS ARGS...: run an iperf3 client (JSON); print "ok" if it reports
# no error and bytes both sent and received, or what is wrong.
iperf() {
	local ns=$1 j
	shift
	j=$(on "$ns" timeout -k 5 120 iperf3 -J "$@") || { echo "iperf3 exited $?: $(jq -r .error <<<"$j")"; return; }
	jq -r 'if .error then "error: \(.error)"
		elif .end.sum_sent then
			(if .end.sum_sent.bytes > 0 and .end.sum_received.bytes > 0 then "ok"
			 else "tcp: sent \(.end.sum_sent.bytes) received \(.end.sum_received.bytes)" end)
		elif (.end.sum.packets > 0 and .end.sum.lost_packets < .end.sum.packets) then "ok"
		else "udp: \(.end.sum.packets) packets, \(.end.sum.lost_packets) lost" end' <<<"$j"
}

# hops NS DEST: the addresses traceroute shows, one probe per hop.
hops() {
	on "$1" timeout -k 5 120 traceroute -6 -n -q 1 -N 1 -w 3 -m 8 "$2" |
		awk 'NR > 1 { print $2 }' | paste -sd' '
}

# forget_pmtu: drop every path MTU the hosts have learnt.
forget_pmtu() {
	local ns
	for ns in client6 server6 nat64; do on "$ns" ip -6 route flush cache; done
	for ns in inet nat64; do on "$ns" ip -4 route flush cache; done
}

# mark WHAT: a timestamp in the log, to see where the time goes.
mark() { echo "# ${SECONDS}s: $*" >&2; }

# pmtu NS DEST: the path MTU NS has learnt for DEST (empty: none).
pmtu() { on "$1" ip -6 route get "$2" | sed -n 's/.* mtu \([0-9]*\).*/\1/p'; }

# counter NAME: one counter of `nat64ctl stats'.
counter() { on nat64 nat64ctl -j stats | jq -r --arg n "$1" '.[$n]'; }

# grew NAME BEFORE: the counter is now above BEFORE.
grew() {
	local now
	now=$(counter "$1")
	[ "$now" -gt "$2" ] || { echo "$1 is $now, was $2" >&2; return 1; }
}

# sessions out|in|icmp FILTER...: the sessions matching nat64ctl's filter,
# one line each, without the ports the client side chose (they change every
# run): out, sessions the IPv6 side opened, "proto X' -> [Y']:y | T -> Z:z";
# in, sessions to a static entry, "proto [X']:x -> Y' | T:t -> Z"; icmp, no
# ports at all (identifiers are chosen by ping and by the NAT64).
sessions() {
	local f
	case $1 in
	out) f='"\(.proto) \(.addr6) -> [\(.remote6)]:\(."remote-port6") | \(.addr4) -> \(.remote4):\(."remote-port4")"' ;;
	in) f='"\(.proto) [\(.addr6)]:\(.port6) -> \(.remote6) | \(.addr4):\(.port4) -> \(.remote4)"' ;;
	icmp) f='"\(.proto) \(.addr6) -> \(.remote6) | \(.addr4) -> \(.remote4)"' ;;
	esac
	shift
	on nat64 nat64ctl -j session show "$@" | jq -r ".[] | $f" | sort -u
}

# statics: the static BIB entries, "proto [addr6]:port addr4:port".
statics() {
	on nat64 nat64ctl -j bib show |
		jq -r '.[] | select(.static == true or .static == "on") | "\(.proto) [\(.addr6)]:\(.port6) \(.addr4):\(.port4)"' |
		sort
}

# --- one pass: a pool6 prefix and a DNS64 resolver ---------------------------

e2e_pass() {
	local pool6=$1 resolver=$2 s_www s_ns s_r1 s_r2 s_pub s_c4 before
	suite "e2e $pool6"
	mark "pass $pool6 with $resolver"
	read -r -d '' s_www s_ns s_r1 s_r2 s_pub s_c4 < <(synth "$pool6" 192.0.2.80 \
		192.0.2.53 198.51.100.2 198.51.100.6 "$LAB_POOL4" 192.0.2.2)

	# Configured as at boot: nat64.service runs nat64-setup on such a file.
	cat >"$LAB/nat64.conf" <<-EOF
	# pass $pool6
	instance add pool6 $pool6
	pool4 add $LAB_POOL4/32

	# the IPv6-only server's HTTP and SSH, published: the ports must be in pool4
	pool4 add $LAB_POOL4/32 proto tcp ports 22-22
	pool4 add $LAB_POOL4/32 proto tcp ports 80-80
	bib add proto tcp [2001:db8:2::80]:80 $LAB_POOL4:80
	bib add proto tcp [2001:db8:2::80]:22 $LAB_POOL4:22
	EOF
	check "nat64-setup: instance, pool4 and static BIB entries from a file" \
		on nat64 nat64-setup "$LAB/nat64.conf"
	check_out "instance reads back" "pool6 $pool6
mode netfilter
pool4-entries 5" on nat64 nat64ctl instance show
	check "$resolver DNS64 resolver for $pool6 starts" lab_dns64 "$resolver" "$pool6"

	# DNS64 itself (no translation yet: the resolver is on the NAT64 box).
	check_out "dig AAAA www.$LAB_ZONE: synthesised from its A record" "$s_www" \
		on client6 dig +short +time=10 AAAA "www.$LAB_ZONE" "@$LAB_RESOLVER"
	check_out "dig AAAA v6only.$LAB_ZONE: its own AAAA, nothing synthesised" \
		"2001:db8:2::80" \
		on client6 dig +short +time=10 AAAA "v6only.$LAB_ZONE" "@$LAB_RESOLVER"

	if [ "$resolver" = bind ]; then
		check_out "dig AAAA private.$LAB_ZONE: RFC 1918 space not synthesised" "" \
			on client6 dig +short +time=10 AAAA "private.$LAB_ZONE" "@$LAB_RESOLVER"
	fi

	mark "UDP, ping"
	# UDP request and response through the NAT64.
	check_out "dig over UDP through the NAT64 to the IPv4 authoritative server" \
		"192.0.2.80" \
		on client6 dig +short +notcp +tries=2 +time=10 A "www.$LAB_ZONE" "@$s_ns"
	check_out "UDP session of that query" \
		"udp 2001:db8:1::2 -> [$s_ns]:53 | $LAB_POOL4 -> 192.0.2.53:53" \
		sessions out proto udp remote4 192.0.2.53

	check_out "ping -6 the synthesised address of www: 3 of 3 answered" 3 \
		received client6 "$s_www"
	check_out "ICMP session of that ping" \
		"icmp 2001:db8:1::2 -> $s_www | $LAB_POOL4 -> 192.0.2.80" \
		sessions icmp proto icmp remote4 192.0.2.80
	# Fragmented both ways: IPv6 fragments out, IPv4 fragments back.
	check_out "ping -6 -s 3000 (fragmented echo both ways): 3 of 3 answered" 3 \
		received client6 "$s_www" -s 3000

	mark "curl"
	# curl by name, through DNS64 and NAT64.
	check_out "curl http://www.$LAB_ZONE/ over DNS64 + NAT64" \
		"hello from the IPv4-only web server www.$LAB_ZONE" \
		page client6 "http://www.$LAB_ZONE/"
	check_out "the IPv4 server saw the request come from pool4" "$LAB_POOL4" \
		last_client nginx4
	check_out "curl $big_mib MiB from www.$LAB_ZONE, sha256 verified" \
		"$s_www 200 $big_sha" fetch client6 "http://www.$LAB_ZONE/big.bin"
	check_out "TCP session of that download" \
		"tcp 2001:db8:1::2 -> [$s_www]:80 | $LAB_POOL4 -> 192.0.2.80:80" \
		sessions out proto tcp remote4 192.0.2.80

	mark "iperf3"
	check_out "iperf3 TCP from the IPv6 client to the IPv4 server" ok \
		iperf client6 -c "$s_www" -t 2
	check_out "iperf3 UDP from the IPv6 client to the IPv4 server" ok \
		iperf client6 -c "$s_www" -u -b 2M -l 1200 -t 2

	mark "traceroute"
	check_out "traceroute -6 shows the IPv4 routers as pool6 addresses" \
		"2001:db8:1::1 $s_r1 $s_r2 $s_www" hops client6 "$s_www"

	mark "static BIB"
	# IPv4 clients reach the IPv6-only server through the static entries.
	check_out "IPv4 curl http://$LAB_POOL4/ reaches the IPv6-only server" \
		"hello from the IPv6-only web server pub.$LAB_ZONE" \
		page inet "http://$LAB_POOL4/"
	check_out "the IPv6-only server saw the IPv4 client's pool6 address" "$s_c4" \
		last_client nginx6
	check_out "IPv4 ssh to $LAB_POOL4 runs a command on the IPv6-only server" ok \
		lab_ssh inet "$LAB_POOL4" echo ok
	check_out "TCP sessions of the IPv4 client on the static entries" \
		"tcp [2001:db8:2::80]:22 -> $s_c4 | $LAB_POOL4:22 -> 192.0.2.2
tcp [2001:db8:2::80]:80 -> $s_c4 | $LAB_POOL4:80 -> 192.0.2.2" \
		sessions in proto tcp addr6 2001:db8:2::80 remote4 192.0.2.2

	mark "hairpin"
	# Hairpinning: pub.example.test is the IPv4 address of the IPv6 server.
	before=$(counter hairpin)
	check_out "dig AAAA pub.$LAB_ZONE: its pool4 address under pool6" "$s_pub" \
		on client6 dig +short +time=10 AAAA "pub.$LAB_ZONE" "@$LAB_RESOLVER"
	check_out "hairpin: the IPv6 client reaches the IPv6-only server by its IPv4 name" \
		"hello from the IPv6-only web server pub.$LAB_ZONE" \
		page client6 "http://pub.$LAB_ZONE/"
	check_out "hairpin: the server saw the client as pool4 under pool6" "$s_pub" \
		last_client nginx6
	check "hairpin counter grew" grew hairpin "$before"

	# A lower MTU on the IPv4 side.  Each check starts with no path MTU
	# learnt anywhere: a host that learnt 1300 toward pool4 advertises a
	# smaller TCP MSS and the peer never sends a packet too big.
	mark "MTU 1300"
	check "r1-r2 link MTU 1300" lab_mtu 1300
	forget_pmtu
	before=$(counter icmp-error-4to6)
	check_out "IPv4 client downloads $big_mib MiB from the IPv6-only server over MTU 1300" \
		"$LAB_POOL4 200 $big_sha" fetch inet "http://$LAB_POOL4/big.bin"
	check_out "the router's Fragmentation Needed reached the IPv6 server as PTB 1320" \
		1320 pmtu server6 "$s_c4"
	check "icmp-error-4to6 counter grew with it" grew icmp-error-4to6 "$before"
	forget_pmtu
	before=$(counter icmp-error-4to6)
	check_out "iperf3 TCP upload from the IPv6 client over MTU 1300" ok \
		iperf client6 -c "$s_www" -t 2
	check_out "the IPv6 client learnt PMTU 1320 toward www" 1320 pmtu client6 "$s_www"
	check "icmp-error-4to6 counter grew with it" grew icmp-error-4to6 "$before"
	forget_pmtu
	check_out "IPv6 client downloads $big_mib MiB from www over MTU 1300" \
		"$s_www 200 $big_sha" fetch client6 "http://www.$LAB_ZONE/big.bin"
	lab_mtu 1500
	forget_pmtu

	mark "listings"
	check_out "static BIB entries listed" \
		"tcp [2001:db8:2::80]:22 $LAB_POOL4:22
tcp [2001:db8:2::80]:80 $LAB_POOL4:80" statics

	on nat64 nat64ctl session show >&2
	on nat64 nat64ctl bib show >&2
	on nat64 nat64ctl stats show nonzero >&2
	lab_stop dns64
	check "instance deleted with its sessions" on nat64 nat64ctl instance del
}

# e2e_lab: load the module, build the lab, start every server.
e2e_lab() {
	nat64_load || { fail "module loads" "insmod failed"; finish; }
	check "lab: namespaces, links, routes" lab_up
	check "lab: authoritative DNS, nginx (IPv4 and IPv6), sshd, iperf3" lab_servers all
	big_sha=$(cat "$LAB/big.sha256")
}
