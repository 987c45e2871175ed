#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module on the kernels of test/kernels.sh other than the default one
# (make check runs the whole suite there): each is installed if missing,
# the module built against it warnings-as-errors in a scratch copy (mod/
# keeps the default kernel's objects) and the given suites run in a guest
# booting that kernel.  Every result line names its kernel.
#
# Usage: test/other-kernels.sh [--all] [SUITE...]
#   --all    every kernel of the list, the default one too
#   SUITE    suites to run (default: all of them)
set -u
cd "$(dirname "$0")/.."
all=0
if [ "${1:-}" = --all ]; then all=1; shift; fi
mapfile -t kernels < <(test/kernels.sh)
[ $all = 1 ] || kernels=("${kernels[@]:1}")
suites=()
[ $# -eq 0 ] || suites=(--suite "$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_all() {
	local kver tag build rc=0
	for kver in "${kernels[@]}"; do
		tag="[$kver]"
		if ! test/deps.sh "$kver" >"$work/deps.log" 2>&1; then
			echo "FAIL  $tag: kernel and headers install"
			sed 's/^/  | /' "$work/deps.log" | tail -n 20
			rc=1
			continue
		fi
		build=$work/$kver
		mkdir -p "$build"
		cp -a Kbuild mod include "$build/"
		make -s -C "/lib/modules/$kver/build" M="$build" clean >/dev/null 2>&1
		if make -s -C "/lib/modules/$kver/build" M="$build" -j"$(nproc)" modules \
			>"$work/build.log" 2>&1; then
			echo "PASS  $tag: module builds, warnings as errors"
		else
			echo "FAIL  $tag: module builds, warnings as errors"
			sed 's/^/  | /' "$work/build.log" | tail -n 30
			rc=1
			continue
		fi
		NAT64_KO=$build/mod/nat64.ko test/vm/run "${suites[@]}" 2>&1 |
			grep --line-buffered -vE '^[0-9]+ passed, [0-9]+ failed$' |
			sed -u -E "s/^(PASS|FAIL)  /\\1  $tag /"
		[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
	done
	return $rc
}

run_all 2>&1 | tee "$work/results"
rc=${PIPESTATUS[0]}
echo "$(grep -c '^PASS' "$work/results") passed, $(grep -c '^FAIL' "$work/results") failed"
exit $rc
