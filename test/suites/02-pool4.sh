#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pool4: entries per protocol added and removed in any combination (removal
# of a part splits an entry into prefixes), overlaps and malformed entries
# rejected with the table unchanged, flush per protocol, and dumps of large
# tables that resume correctly.
# shellcheck disable=SC2317
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite pool4

nat64_load || { fail "module loads" "insmod failed"; finish; }
check_fail "add without an instance" "no NAT64 instance in this network namespace" \
	nat64ctl pool4 add 192.0.2.1/32
check_fail "show without an instance" "no NAT64 instance in this network namespace" \
	nat64ctl pool4 show
nat64ctl instance add pool6 64:ff9b::/96

check_out "empty at first" "" nat64ctl pool4 show
check "add udp range" nat64ctl pool4 add 192.0.2.1/32 proto udp ports 1024-65535
check_out "udp range reads back" "192.0.2.1/32 proto udp ports 1024-65535" \
	nat64ctl pool4 show
check "del it" nat64ctl pool4 del 192.0.2.1/32 proto udp ports 1024-65535
check_out "empty again" "" nat64ctl pool4 show

check "add all protocols with defaults" nat64ctl pool4 add 192.0.2.1/32
check_out "one entry per protocol, defaults per protocol" \
"192.0.2.1/32 proto tcp ports 1024-65535
192.0.2.1/32 proto udp ports 1024-65535
192.0.2.1/32 proto icmp ports 0-65535" nat64ctl pool4 show
check_out "instance counts the entries" "pool6 64:ff9b::/96
mode netfilter
pool4-entries 3" nat64ctl instance show
check_out "show filters by protocol" "192.0.2.1/32 proto icmp ports 0-65535" \
	nat64ctl pool4 show proto icmp

# --- rejections leave the table as it was --------------------------------------
before=$(nat64ctl pool4 show)
unchanged() { [ "$(nat64ctl pool4 show)" = "$before" ]; }
rejects() {	# NAME SUBSTRING ARGS...: rejected with SUBSTRING, table intact
	local name=$1 want=$2; shift 2
	check_fail "$name" "$want" nat64ctl pool4 "$@"
	check "$name: table unchanged" unchanged
}
rejects "overlap with the same protocol" "overlaps an existing entry" \
	add 192.0.2.0/24 proto tcp ports 1000-2000
rejects "overlap of one port" "overlaps an existing entry" \
	add 192.0.2.1/32 proto udp ports 65535
rejects "overlap with any of the protocols (all or nothing)" "overlaps" \
	add 192.0.2.1/32 ports 80-80
rejects "host bits" "host bits" add 192.0.2.1/24
rejects "prefix too short" "16" add 10.0.0.0/8
rejects "loopback" "unicast" add 127.0.0.1/32
rejects "multicast" "unicast" add 224.0.0.1/32
rejects "class E" "unicast" add 240.0.0.1/32
rejects "this network" "unicast" add 0.0.0.1/32
rejects "port 0 for tcp" "port" add 198.51.100.1/32 proto tcp ports 0-10
rejects "reversed range" "port" add 198.51.100.1/32 proto udp ports 20-10
rejects "port out of range" "65535" add 198.51.100.1/32 proto udp ports 1-70000
rejects "unknown protocol" "sctp" add 198.51.100.1/32 proto sctp
rejects "not an address" "192.0.2.300" add 192.0.2.300/32
rejects "del of what is not there" "pool4 has no such address and port" \
	del 203.0.113.1/32
rejects "del of other ports" "pool4 has no such address and port" \
	del 192.0.2.1/32 proto tcp ports 80-1023

# --- partial removal splits ----------------------------------------------------
nat64ctl pool4 flush
check_out "flush empties" "" nat64ctl pool4 show
check "add a /24 for tcp" nat64ctl pool4 add 192.0.2.0/24 proto tcp
check "del one address's ports from its middle" \
	nat64ctl pool4 del 192.0.2.77/32 proto tcp ports 2000-2999
check_out "what is left, as prefixes" \
"192.0.2.0/26 proto tcp ports 1024-65535
192.0.2.64/29 proto tcp ports 1024-65535
192.0.2.72/30 proto tcp ports 1024-65535
192.0.2.76/32 proto tcp ports 1024-65535
192.0.2.77/32 proto tcp ports 1024-1999
192.0.2.77/32 proto tcp ports 3000-65535
192.0.2.78/31 proto tcp ports 1024-65535
192.0.2.80/28 proto tcp ports 1024-65535
192.0.2.96/27 proto tcp ports 1024-65535
192.0.2.128/25 proto tcp ports 1024-65535" nat64ctl pool4 show
check "the removed ports can be added back" \
	nat64ctl pool4 add 192.0.2.77/32 proto tcp ports 2000-2999
check_fail "but not twice" "overlaps" \
	nat64ctl pool4 add 192.0.2.77/32 proto tcp ports 2500
check "del a covering prefix removes every piece" nat64ctl pool4 del 192.0.2.0/24
check_out "empty after covering del" "" nat64ctl pool4 show

# --- flush per protocol --------------------------------------------------------
nat64ctl pool4 add 198.51.100.0/30
nat64ctl pool4 add 203.0.113.8/29 proto udp ports 5000-6000
check "flush udp" nat64ctl pool4 flush proto udp
check_out "only tcp and icmp remain" \
"198.51.100.0/30 proto tcp ports 1024-65535
198.51.100.0/30 proto icmp ports 0-65535" nat64ctl pool4 show
check "flush all" nat64ctl pool4 flush
check_out "flush leaves nothing" "" nat64ctl pool4 show

# --- JSON is the same table ----------------------------------------------------
nat64ctl pool4 add 192.0.2.0/28 proto udp ports 1-9
nat64ctl pool4 add 192.0.2.16/28
json_as_text() {
	nat64ctl -j pool4 show | python3 -c '
import json, sys
for e in json.load(sys.stdin):
    print("%s proto %s ports %d-%d" % (e["prefix"], e["proto"], e["port-min"], e["port-max"]))'
}
check_out "JSON lists the same entries as text" "$(nat64ctl pool4 show)" json_as_text
check_out "JSON of an empty table is []" "[]" \
	sh -c 'nat64ctl pool4 flush && nat64ctl -j pool4 show'

# --- many entries: multi-part dumps resume by key ---------------------------
many() {	# 1024 /32 entries for udp, as nat64ctl shows them
	local i
	for i in $(seq 0 1023); do
		echo "pool4 add 10.$((i / 256 + 1)).$((i % 256)).0/32 proto udp ports 1-1000"
	done
}
add_many() {	# one process: 1024 nat64ctl runs take minutes on the debug kernel
	python3 - "$NAT64_TOP/test/lib" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from nat64genl import Nat64Genl, C, a, attr, cmd, in4, u8, u16
nl = Nat64Genl()
for i in range(1024):
    nl.request(cmd('POOL4_ADD'), [attr(a('NAT64_A_POOL4'), [
        u8(a('NAT64_POOL4_A_PROTO'), C['NAT64_PROTO_UDP']),
        in4(a('NAT64_POOL4_A_ADDR'), '10.%d.%d.0' % (i // 256 + 1, i % 256)),
        u8(a('NAT64_POOL4_A_PLEN'), 32),
        u16(a('NAT64_POOL4_A_PORT_MIN'), 1),
        u16(a('NAT64_POOL4_A_PORT_MAX'), 1000)])])
PY
}
check "1024 entries added" add_many
check_out "show lists 1024 entries" "1024" sh -c 'nat64ctl pool4 show | wc -l'
check_out "in order, none lost or repeated" \
	"$(many | sed 's/^pool4 add //')" \
	nat64ctl pool4 show
check_out "JSON has 1024 too" "1024" \
	sh -c 'nat64ctl -j pool4 show | python3 -c "import json,sys; print(len(json.load(sys.stdin)))"'
finish
