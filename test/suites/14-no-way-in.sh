#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Nothing reaches the box itself through the translator, and special
# addresses (loopback, unspecified, link local, multicast) are never
# translated to or from, whatever the prefix: see
# test/tools/no_way_in_suite.py.
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite no-way-in

nat64_load || { fail "module loads" "insmod failed"; finish; }
modprobe veth
exec /usr/bin/python3 "$NAT64_TOP/test/tools/no_way_in_suite.py"
