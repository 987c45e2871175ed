#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own validation, reached with raw generic netlink messages that
# nat64ctl would never send: every rejection carries its extack sentence and
# leaves the state as it was.  See test/tools/netlink_suite.py.
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite netlink

nat64_load || { fail "module loads" "insmod failed"; finish; }
exec python3 "$NAT64_TOP/test/tools/netlink_suite.py"
