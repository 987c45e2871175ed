# SPDX-License-Identifier: GPL-2.0
# Sourced by the host tests (dkms.sh, deb.sh) after setting $suite: one
# PASS/FAIL line per check, and one test at a time, since both add and
# remove the same nat64/VERSION with the host's DKMS and
# /usr/src/nat64-VERSION.
exec 9>/run/lock/nat64-dkms.lock
flock -w 900 9 || { echo "FAIL  $suite: another DKMS test holds /run/lock/nat64-dkms.lock"; exit 1; }

pass=0 fail=0
# check NAME CMD...: a PASS line if CMD succeeds, else FAIL and its output.
check() {
	name=$1; shift
	if out=$("$@" 2>&1); then
		echo "PASS  $suite: $name"; pass=$((pass + 1))
	else
		echo "FAIL  $suite: $name"; echo "$out" | tail -n 20 | sed 's/^/    /'
		fail=$((fail + 1))
	fi
}
