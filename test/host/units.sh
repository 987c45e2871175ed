#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host-side test of the systemd units (usr/nat64.service,
# usr/nat64-log.service), without a running systemd: systemd-analyze
# verify reads each one, then a boot transaction that also holds a
# network stage ordered before sysinit.target, as Debian's cloud images
# have (cloud-init's network stage after networking.service, which comes
# after network-pre.target), must have no ordering cycle.  With the
# default dependencies (after sysinit.target) the NAT64 units closed one,
# and systemd broke it by dropping a job.
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=units
# shellcheck source=test/host/lib.sh
. test/host/lib.sh
dir=$(mktemp -d /tmp/nat64-units.XXXXXX)
trap 'rm -rf "$dir"' EXIT

for u in nat64.service nat64-log.service; do
	sed "s#@SBINDIR@#$PWD/usr#g" "usr/$u" >"$dir/$u"
done
# Stand-ins, with the ordering of Debian 12's ifupdown and cloud-init.
cat >"$dir/networking.service" <<'UNIT'
[Unit]
Description=Raise network interfaces (ifupdown's ordering)
DefaultDependencies=no
Wants=network.target
After=local-fs.target network-pre.target systemd-modules-load.service
Before=network.target shutdown.target network-online.target
Conflicts=shutdown.target
[Service]
Type=oneshot
ExecStart=/bin/true
UNIT
cat >"$dir/cloud-init.service" <<'UNIT'
[Unit]
Description=Cloud-init network stage (its ordering)
DefaultDependencies=no
After=networking.service
Before=network-online.target sysinit.target
Conflicts=shutdown.target
[Service]
Type=oneshot
ExecStart=/bin/true
UNIT
cat >"$dir/nat64-boot.target" <<'UNIT'
[Unit]
Description=A boot with the NAT64, its log and a cloud-init network stage
Wants=nat64.service nat64-log.service networking.service cloud-init.service
Wants=sysinit.target multi-user.target
UNIT

verify() {
	out=$(SYSTEMD_UNIT_PATH="$dir:" systemd-analyze verify --man=no "$@" 2>&1)
	echo "$out"
	! echo "$out" | grep -q .
}
no_cycle() {
	out=$(SYSTEMD_UNIT_PATH="$dir:" systemd-analyze verify --man=no \
		"$dir/nat64-boot.target" 2>&1)
	echo "$out"
	! echo "$out" | grep -qi 'ordering cycle'
}
check "nat64.service: systemd-analyze verify says nothing" verify "$dir/nat64.service"
check "nat64-log.service: systemd-analyze verify says nothing" verify "$dir/nat64-log.service"
check "boot with a network stage before sysinit.target: no ordering cycle" no_cycle
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
