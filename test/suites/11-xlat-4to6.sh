#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IPv4 -> IPv6 translation checked byte by byte: header fields, TTL, checksums,
# fragmentation to the lowest IPv6 MTU, reassembly, options, ICMP echo.
# Three namespaces, packets from scapy: see test/tools/xlat46_suite.py.
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite xlat-4to6

nat64_load || { fail "module loads" "insmod failed"; finish; }
modprobe veth
exec /usr/bin/python3 "$NAT64_TOP/test/tools/xlat46_suite.py"
