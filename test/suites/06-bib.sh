#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Static BIB entries, BIB and session dumps and counters over raw generic
# netlink: every rejection carries its extack sentence and leaves the state
# as it was; pool4 removal ends the entries it covered; dumps of thousands
# of entries resume in order.  See test/tools/bib_suite.py.
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite bib

nat64_load || { fail "module loads" "insmod failed"; finish; }
exec python3 "$NAT64_TOP/test/tools/bib_suite.py"
