#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ICMP errors through the translator, both ways, checked byte by byte
# against packets computed independently (RFC 7915 4.2-4.3/5.2-5.3, RFC
# 6146 3.6, RFC 4884, RFC 1191), and the errors it originates.  Three
# namespaces, scapy: see test/tools/icmp_err_suite.py and xlat_topo.py.
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite icmp-err

nat64_load || { fail "module loads" "insmod failed"; finish; }
modprobe veth
exec /usr/bin/python3 "$NAT64_TOP/test/tools/icmp_err_suite.py"
