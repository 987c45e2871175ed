#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The KUnit suites (mod/kunit/): loading nat64_test.ko next to nat64.ko
# runs them in the kernel, where the code runs, under the debug kernel's
# checkers.  One result line per KUnit case, read back from debugfs.  Only
# a kernel with KUnit (the debug kernel) has them: elsewhere one SKIP.
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite kunit

KO=${NAT64_KO%/*}/nat64_test.ko
if [ ! -f "$KO" ]; then
	skip "KUnit suites" "no nat64_test.ko (built only against a kernel with KUnit: make check-debug)"
	finish
fi
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
nat64_load || { fail "module loads" "insmod failed"; finish; }
check "nat64_test.ko loads and runs its suites" insmod "$KO"

# Each suite's results in KTAP: "ok N name" or "not ok N name" per case,
# indented under the suite; what failed is on the "#" lines before it.
ran=0
for d in /sys/kernel/debug/kunit/nat64_*; do
	[ -f "$d/results" ] || continue
	s=${d##*/}
	while read -r status name; do
		ran=$((ran + 1))
		if [ "$status" = ok ]; then
			pass "$s: $name"
		else
			fail "$s: $name" "$(grep -E "^ +# $name: " "$d/results" | head -n 3 | tr -s ' ')"
		fi
	done < <(awk '/^    (not )?ok [0-9]+ / {
			st = ($1 == "not") ? "not-ok" : "ok"
			sub(/^ +(not )?ok [0-9]+ (- )?/, "")
			print st, $1 }' "$d/results")
done
[ "$ran" -gt 0 ] || fail "KUnit cases ran" "no results under /sys/kernel/debug/kunit"
rmmod nat64_test 2>/dev/null
check "nat64 unloads after the suites" rmmod nat64
finish
