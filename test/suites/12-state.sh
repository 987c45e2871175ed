#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The RFC 6146 state seen from the wires and the listings: mapping, pooling,
# ports, filtering, the TCP state machine and stored SYNs, static BIB, hairpinning.
# Three namespaces, packets from scapy: see test/tools/state_suite.py.
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite state

nat64_load || { fail "module loads" "insmod failed"; finish; }
modprobe veth
exec /usr/bin/python3 "$NAT64_TOP/test/tools/state_suite.py"
