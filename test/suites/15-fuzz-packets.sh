#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A bounded slice of the packet fuzzer (test/tools/fuzz_packets.py):
# FUZZ_PACKETS mutants of live flows, both directions, every claimed packet
# in exactly one outcome counter, memory given back.  `make fuzz' runs ten
# million on the debug kernel.
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite fuzz-packets

nat64_load || { fail "module loads" "insmod failed"; finish; }
modprobe veth
exec /usr/bin/python3 "$NAT64_TOP/test/tools/fuzz_packets.py"
