#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Limits on the state (issue 11): sessions opened from IPv4, per BIB entry,
# their short life until answered.  Three namespaces, packets from scapy:
# see test/tools/limits_suite.py.
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite limits

nat64_load || { fail "module loads" "insmod failed"; finish; }
modprobe veth
exec /usr/bin/python3 "$NAT64_TOP/test/tools/limits_suite.py"
