#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What `make check' runs after building: the userspace unit tests, the DKMS
# and Debian packaging tests on the host, then every guest suite in one qemu
# boot.  Each stage prints one line per test; this adds up the lines into the
# single final `N passed, N failed' (the stages' own totals are dropped).
set -u
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
broken=0

stage() {
	local before rc
	before=$(grep -c '^FAIL' "$log")
	"$@" 2>&1 | grep --line-buffered -vE '^[0-9]+ passed, [0-9]+ failed$' | tee -a "$log"
	rc=${PIPESTATUS[0]}
	[ "$rc" -eq 0 ] && return
	broken=1
	if [ "$(grep -c '^FAIL' "$log")" -eq "$before" ]; then
		echo "FAIL  check: \`$*' exited $rc without a FAIL line" | tee -a "$log"
	fi
}

stage make -s --no-print-directory -C test/unit run
stage test/host/units.sh
stage test/host/dkms.sh
stage test/host/deb.sh
stage test/vm/run
# The other kernels operators run (Debian 12's 6.12 line, the cloud
# flavours): the module builds, loads, configures and translates there.
stage test/other-kernels.sh load instance xlat-smoke xlat-6to4 xlat-4to6
pass=$(grep -c '^PASS' "$log")
fail=$(grep -c '^FAIL' "$log")
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$broken" -eq 0 ] && [ "$pass" -gt 0 ]
