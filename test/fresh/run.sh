#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The README's two commands on a Debian 12 root that has never seen the
# project (make check-fresh): a debootstrap --variant=minbase bookworm
# chroot with only make added, a clean export of HEAD in /root/nat64, then
# `make demo' and `make check' exactly as the README writes them, each
# timed.  CI cannot see a missing install step, because its machine has
# everything installed already; this can.  Long: make check runs whole.
#
# Usage: test/fresh/run.sh [--demo-only | --no-vm] [DIR]
#   DIR          where to build the root (default: a new /var/tmp/nat64-fresh.*;
#                kept afterwards for inspection, removed when it passes)
#   --demo-only  only make demo (a few minutes instead of the whole suite)
#   --no-vm      only what the README's commands do before a guest boots:
#                make deps, the build and make unit (for when another run
#                holds the host's one VM slot; not a substitute for the rest)
set -u
cd "$(dirname "$0")/../.."
top=$(pwd)
demo_only=0 no_vm=0
case ${1:-} in
--demo-only) demo_only=1; shift ;;
--no-vm) no_vm=1; shift ;;
esac
root=${1:-$(mktemp -d /var/tmp/nat64-fresh.XXXXXX)}
pass=0 fail=0

result() {
	if [ "$1" = 0 ]; then
		echo "PASS  fresh: $2"; pass=$((pass + 1))
	else
		echo "FAIL  fresh: $2"; fail=$((fail + 1))
	fi
}

mounts=()
cleanup() {
	local i
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		umount -l "${mounts[i]}" 2>/dev/null
	done
}
trap cleanup EXIT

command -v debootstrap >/dev/null ||
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
# The host's archive settings (mirror, proxy, validity checks) are the
# network's, not the project's: a new machine here would have them too.
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
start=$(date +%s)
debootstrap --variant=minbase bookworm "$root" "${mirror:-http://deb.debian.org/debian}" \
	>"$root.debootstrap.log" 2>&1
result $? "debootstrap --variant=minbase bookworm ($(($(date +%s) - start)) s)"
[ -x "$root/bin/sh" ] || { echo "$pass passed, $fail failed"; exit 1; }

# A machine's root directory is a mount point, and anyone may enter it;
# mktemp -d made neither so.  (The guest sees this root as its own, and
# unshare's private propagation needs / to be a mount.)
chmod 755 "$root"
mount --bind "$root" "$root" && mounts+=("$root")
cp /etc/apt/sources.list.d/*.sources "$root/etc/apt/sources.list.d/" 2>/dev/null
grep -l '^Acquire' /etc/apt/apt.conf.d/* 2>/dev/null | xargs -r cp -t "$root/etc/apt/apt.conf.d/"
cp /etc/resolv.conf "$root/etc/resolv.conf"
for m in proc sys dev dev/pts; do
	mkdir -p "$root/$m"
	mount --bind "/$m" "$root/$m" && mounts+=("$root/$m")
done

in_root() { chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb \
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

in_root sh -c 'apt-get update -q && apt-get install -y -q make' >"$root.make.log" 2>&1
result $? "only make added"
mkdir -p "$root/root/nat64"
git -C "$top" archive HEAD | tar -x -C "$root/root/nat64"

# timed NAME CMD: run a README command in the root, say how long it took.
timed() {
	local name=$1 t rc
	shift
	t=$(date +%s)
	in_root sh -c "cd /root/nat64 && $*" >"$root.$name.log" 2>&1
	rc=$?
	tail -n 3 "$root.$name.log" | sed 's/^/  | /'
	result $rc "\`$*' the first time ($(($(date +%s) - t)) s)"
	return $rc
}

if [ $no_vm = 1 ]; then
	timed deps make deps && timed all make all && timed unit make unit
else
	timed demo make demo
	[ $demo_only = 1 ] || timed check make check
fi

echo "$pass passed, $fail failed"
if [ $fail = 0 ]; then
	cleanup
	mounts=()
	# Never delete through a bind mount of the host's /dev, /proc, /sys.
	if ! findmnt -rno TARGET | grep -q "^$root/"; then
		rm -rf "$root" "$root".*.log
	fi
else
	echo "root and logs kept: $root $root.*.log"
fi
[ $fail = 0 ]
