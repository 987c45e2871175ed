#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# GSO packets: a guest behind a tap device lying about segmentation offload
# (dropped and counted, no kernel warning), an honest guest's GSO, and IPv6
# BIG TCP from GRO.  Three namespaces and a tap: see test/tools/gso_suite.py.
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite gso

nat64_load || { fail "module loads" "insmod failed"; finish; }
modprobe veth
modprobe tun
exec /usr/bin/python3 "$NAT64_TOP/test/tools/gso_suite.py"
