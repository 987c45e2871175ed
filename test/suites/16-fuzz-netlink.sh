#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A bounded slice of the netlink fuzzer (test/tools/fuzz_netlink.py), in a
# network namespace of its own: FUZZ_MESSAGES random and mutated requests,
# each answered, each rejected one leaving the state as it was.  `make fuzz'
# runs a million on the debug kernel.
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite fuzz-netlink

nat64_load || { fail "module loads" "insmod failed"; finish; }
exec unshare -n /usr/bin/python3 "$NAT64_TOP/test/tools/fuzz_netlink.py"
