#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Globals: RFC defaults, every key set and read back (text and JSON), values
# below the RFC minimums and other bad input rejected with nothing changed.
# shellcheck disable=SC2317
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite global

nat64_load || { fail "module loads" "insmod failed"; finish; }
check_fail "show without an instance" "no NAT64 instance in this network namespace" \
	nat64ctl global show
check_fail "set without an instance" "no NAT64 instance in this network namespace" \
	nat64ctl global set udp-timeout 600
nat64ctl instance add pool6 64:ff9b::/96

defaults="udp-timeout 300
tcp-est-timeout 7440
tcp-trans-timeout 240
icmp-timeout 60
filtering endpoint-independent
drop-external-tcp off
tos-override off
tos 0
lowest-ipv6-mtu 1280
max-stored-syns 64
max-sessions 2097152
max-ipv4-sessions 524288
max-ipv4-sessions-per-bib 65536
max-sessions-per-host 65536
max-bib-per-host 8192
subscriber-prefix-len 128
icmp-src-pool4 none"
check_out "RFC 6146 defaults" "$defaults" nat64ctl global show

value() { nat64ctl global show | awk -v k="$1" '$1 == k { print $2 }'; }
sets() {	# KEY INPUT SHOWN
	check "set $1 $2" nat64ctl global set "$1" "$2"
	check_out "$1 reads back $3" "$3" value "$1"
}
sets udp-timeout 120 120
sets udp-timeout 10m 600
sets tcp-est-timeout 2h4m 7440
sets tcp-est-timeout 86400 86400
sets tcp-trans-timeout 300 300
sets icmp-timeout 1m 60
sets icmp-timeout 90 90
sets filtering address-dependent address-dependent
sets filtering endpoint-independent endpoint-independent
sets drop-external-tcp on on
sets drop-external-tcp off off
sets tos-override on on
sets tos 0x2e 46
sets tos 255 255
sets lowest-ipv6-mtu 1500 1500
sets lowest-ipv6-mtu 1280 1280
sets max-stored-syns 0 0
sets max-stored-syns 128 128
sets max-sessions 1000 1000
# Above the defaults: CAP_NET_ADMIN in the initial user namespace (04-permissions).
sets max-sessions 4194304 4194304
sets max-stored-syns 65536 65536
sets max-ipv4-sessions 0 0
sets max-ipv4-sessions 1000 1000
sets max-ipv4-sessions-per-bib 0 0
sets max-ipv4-sessions-per-bib 100 100
sets max-sessions-per-host 10 10
sets max-bib-per-host 5 5
sets subscriber-prefix-len 64 64
sets subscriber-prefix-len 0x38 56
sets subscriber-prefix-len 128 128
sets icmp-src-pool4 192.0.2.0/29 192.0.2.0/29
sets icmp-src-pool4 203.0.113.7 203.0.113.7/32
sets icmp-src-pool4 198.51.0.0/16 198.51.0.0/16
sets icmp-src-pool4 none none
sets icmp-src-pool4 192.0.2.8/29 192.0.2.8/29
json_pool() { nat64ctl -j global show | jq -c '."icmp-src-pool4"'; }
check_out "icmp-src-pool4 in JSON" '"192.0.2.8/29"' json_pool
sets icmp-src-pool4 "" none
check_out "icmp-src-pool4 none in JSON" '"none"' json_pool
sets icmp-src-pool4 192.0.2.8/29 192.0.2.8/29
check "several keys in one set" \
	nat64ctl global set udp-timeout 301 icmp-timeout 61 tos-override off
check_out "all of them applied" "301 61 off" \
	sh -c 'echo $(nat64ctl global show | awk "/^(udp-timeout|icmp-timeout|tos-override) / { print \$2 }")'

# --- JSON is the same set ---------------------------------------------------------
json_as_text() {
	nat64ctl -j global show | python3 -c '
import json, sys
for k, v in json.load(sys.stdin).items():
    if isinstance(v, bool):
        v = "on" if v else "off"
    print(k, v)'
}
check_out "JSON holds the same keys and values as text" "$(nat64ctl global show)" json_as_text
check "pretty JSON parses" sh -c 'nat64ctl -j -p global show | python3 -m json.tool >/dev/null'

# --- rejections change nothing ---------------------------------------------------
before=$(nat64ctl global show)
unchanged() { [ "$(nat64ctl global show)" = "$before" ]; }
rejects() {	# NAME SUBSTRING ARGS...
	local name=$1 want=$2; shift 2
	check_fail "$name" "$want" nat64ctl global set "$@"
	check "$name: globals unchanged" unchanged
}
rejects "udp-timeout under 2 min (RFC 6146)" "120" udp-timeout 119
rejects "tcp-est-timeout under 2 h 4 min (RFC 6146)" "7440" tcp-est-timeout 7439
rejects "tcp-trans-timeout under 4 min (RFC 6146)" "240" tcp-trans-timeout 239
rejects "icmp-timeout under 60 s (RFC 5508)" "60" icmp-timeout 59
rejects "timeout over a week" "604800" udp-timeout 604801
rejects "timeout not a number" "abc" udp-timeout abc
rejects "lowest-ipv6-mtu under 1280" "1280" lowest-ipv6-mtu 1279
rejects "lowest-ipv6-mtu over 65535" "65535" lowest-ipv6-mtu 65536
rejects "tos over 255" "255" tos 256
rejects "switch not on/off" "yes" drop-external-tcp yes
rejects "unknown filtering" "full-cone" filtering full-cone
rejects "max-sessions 0" "max-sessions" max-sessions 0
rejects "max-sessions over 2^26" "67108864" max-sessions 67108865
rejects "max-stored-syns over 65536" "65536" max-stored-syns 65537
rejects "max-ipv4-sessions over 2^26" "67108864" max-ipv4-sessions 67108865
rejects "max-ipv4-sessions-per-bib over 2^26" "67108864" max-ipv4-sessions-per-bib 67108865
rejects "max-sessions-per-host 0" "max-sessions-per-host" max-sessions-per-host 0
rejects "max-sessions-per-host over 2^26" "67108864" max-sessions-per-host 67108865
rejects "max-bib-per-host 0" "max-bib-per-host" max-bib-per-host 0
rejects "max-bib-per-host over 2^26" "67108864" max-bib-per-host 67108865
rejects "subscriber-prefix-len under 32" "32-128" subscriber-prefix-len 31
rejects "subscriber-prefix-len over 128" "32-128" subscriber-prefix-len 129
rejects "unknown key" "frobnicate" frobnicate 1
rejects "key without a value" "udp-timeout" udp-timeout
rejects "a bad key spoils the whole set" "59" udp-timeout 500 icmp-timeout 59
# icmp-src-pool4: the kernel's own sentences (nat64ctl leaves these to it),
# exit status 1; nat64ctl's for the syntax, exit status 2.
rejects_status() {	# NAME SUBSTRING STATUS ARGS...
	local name=$1 want=$2 status=$3; shift 3
	rejects "$name" "$want" "$@"
	nat64ctl global set "$@" 2>/dev/null
	local rc=$?
	if [ "$rc" -eq "$status" ]; then
		pass "$name: exit status $status"
	else
		fail "$name: exit status $status" "it exited $rc"
	fi
}
rejects_status "icmp-src-pool4 in 127/8" \
	"Error: icmp-src-pool4 must be unicast (not in 0/8, 127/8, 169.254/16, 224/4 or 240/4)." \
	1 icmp-src-pool4 127.0.0.0/29
rejects_status "icmp-src-pool4 in 0/8" "must be unicast" 1 icmp-src-pool4 0.0.0.0/16
rejects_status "icmp-src-pool4 in 169.254/16" "must be unicast" 1 icmp-src-pool4 169.254.0.0/16
rejects_status "icmp-src-pool4 in 224/4 (multicast)" "must be unicast" 1 \
	icmp-src-pool4 224.0.0.8/29
rejects_status "icmp-src-pool4 in 240/4 (broadcast)" "must be unicast" 1 \
	icmp-src-pool4 255.255.255.255
rejects_status "icmp-src-pool4 a bad key spoils the set" "must be unicast" 1 \
	udp-timeout 500 icmp-src-pool4 127.0.0.1
rejects_status "icmp-src-pool4 /8" "icmp-src-pool4 length must be 16-32, not '8'" 2 \
	icmp-src-pool4 10.0.0.0/8
rejects_status "icmp-src-pool4 host bits" "has host bits set" 2 \
	icmp-src-pool4 192.0.2.1/29
rejects_status "icmp-src-pool4 not a prefix" "must be an IPv4 address or prefix" 2 \
	icmp-src-pool4 off
check_fail "set without keys" "" nat64ctl global set
check "globals still as before" unchanged

# --- per namespace ---------------------------------------------------------------
ip netns add g1
nat64ctl -n g1 instance add pool6 64:ff9b::/96
check_out "a new namespace starts from the defaults" "$defaults" nat64ctl -n g1 global show
check "set in g1" nat64ctl -n g1 global set udp-timeout 999
check "init namespace unaffected" unchanged
ip netns del g1
finish
