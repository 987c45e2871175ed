# SPDX-License-Identifier: GPL-2.0
# Sourced by the host tests that register nat64 with the host's DKMS
# (dkms.sh, deb.sh): one at a time, since both add and remove the same
# nat64/VERSION and /usr/src/nat64-VERSION.
exec 9>/run/lock/nat64-dkms.lock
flock -w 900 9 || { echo "FAIL  dkms: another DKMS test holds /run/lock/nat64-dkms.lock"; exit 1; }
