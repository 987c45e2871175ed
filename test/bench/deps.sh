#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install, only if missing, what `make bench' needs beyond test/deps.sh:
# Jool (the reference NAT64, built by DKMS for every installed kernel that
# has headers, so also for the kernel the guest boots), iperf3 and the
# kernel's pktgen (shipped in linux-image-amd64).  Kept apart from
# test/deps.sh: CI does not run benchmarks and must not need Jool.
set -eu
cd "$(dirname "$0")/../.."
test/deps.sh

pkgs="jool-dkms jool-tools iperf3"
# shellcheck disable=SC2086 # a list of packages
need=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' $pkgs 2>/dev/null |
	awk -v want="$pkgs" '$2 == "ii" { ok[$1] = 1 }
		END { n = split(want, w, " "); for (i = 1; i <= n; i++) if (!ok[w[i]]) print w[i] }')
if [ -n "$need" ]; then
	echo "bench-deps: installing $need"
	[ "$(id -u)" -eq 0 ] || { echo "bench-deps: need root" >&2; exit 1; }
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $need
fi

# The guest boots the kernel the nat64 module is built for; Jool must be
# built for it too (DKMS does so only for kernels whose headers exist).
for kv in $(dpkg-query -W -f='${Depends}\n' linux-image-amd64 |
	tr ',' '\n' | sed -n 's/^ *linux-image-\([^ ]*\).*/\1/p'); do
	if ! modinfo -k "$kv" jool >/dev/null 2>&1; then
		jv=$(dpkg-query -W -f='${Version}' jool-dkms | sed 's/-[^-]*$//')
		dkms install "jool/$jv" -k "$kv"
	fi
	modinfo -k "$kv" -n jool >/dev/null ||
		{ echo "bench-deps: no jool module for $kv" >&2; exit 1; }
	modinfo -k "$kv" -n pktgen >/dev/null ||
		{ echo "bench-deps: no pktgen module for $kv" >&2; exit 1; }
done
