#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IPv6 -> IPv4 translation checked byte by byte: header fields, extension
# headers, checksums, fragments, RFC 6052 addresses for every pool6 length.
# Three namespaces, packets from scapy: see test/tools/xlat64_suite.py.
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite xlat-6to4

nat64_load || { fail "module loads" "insmod failed"; finish; }
modprobe veth
exec /usr/bin/python3 "$NAT64_TOP/test/tools/xlat64_suite.py"
