#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kernels the module is tested on, one release per line, the default
# first: Debian 12's own kernel (what linux-image-amd64 depends on), the
# newest 6.12 in Debian 12's archive (the line of Debian 13, which
# bookworm-backports and cloud images move to), and the -cloud-amd64
# flavour of both (no 9p: the guest uses virtiofs).  Read from the
# archive's package lists, so a new point release is picked up when it
# appears.  dkms.conf's BUILD_EXCLUSIVE_KERNEL names the same two lines.
set -eu

default=$(apt-cache depends linux-image-amd64 2>/dev/null |
	sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*-amd64\)$/\1/p' | head -n 1)
[ -n "$default" ] || default=$(test/kver.sh)
# By the headers: a new point release has them (and an -unsigned image)
# before its signed image reaches the archive.
newest612=$(apt-cache pkgnames linux-headers-6.12. 2>/dev/null |
	sed -n 's/^linux-headers-\(6\.12\.[0-9]*+deb12-amd64\)$/\1/p' | sort -V | tail -n 1)

echo "$default"
[ -z "$newest612" ] || echo "$newest612"
echo "${default%-amd64}-cloud-amd64"
[ -z "$newest612" ] || echo "${newest612%-amd64}-cloud-amd64"
