#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Print the kernel release to build the module for when none is named
# (make KVER=...): the running kernel if its headers are installed (an
# operator building on the NAT64 box itself), else Debian's default kernel,
# the one linux-image-amd64 depends on (what test/deps.sh installs and the
# guest boots), else the newest release with headers.  Prints nothing when
# there is no candidate at all.
set -u

has_headers() { [ -f "/lib/modules/$1/build/Makefile" ]; }

r=$(uname -r)
if has_headers "$r"; then
	echo "$r"
	exit 0
fi
r=$(dpkg-query -W -f='${Depends}\n' linux-image-amd64 2>/dev/null |
	tr ',' '\n' | sed -n 's/^ *linux-image-\([^ ]*\).*/\1/p' | head -n 1)
if [ -n "$r" ]; then
	echo "$r"
	exit 0
fi
for d in /lib/modules/*/build/Makefile; do
	[ -f "$d" ] && basename "$(dirname "$(dirname "$d")")"
done | sort -V | tail -n 1
