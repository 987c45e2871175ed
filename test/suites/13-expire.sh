#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Session expiry as the expiry scan does it: ICMP sessions end after their
# 60 s (listing, counter, dynamic BIB entry gone, replies then dropped), a
# static entry outlives its sessions, traffic keeps a session past its first
# deadline, and an instance with live sessions and a held SYN goes away
# cleanly.  Three namespaces, packets from scapy: see test/tools/expire_suite.py.
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite expire

nat64_load || { fail "module loads" "insmod failed"; finish; }
modprobe veth
exec /usr/bin/python3 "$NAT64_TOP/test/tools/expire_suite.py"
