#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install, only if missing, the Debian packages that building and testing need.
# A no-op (one dpkg-query call) when everything is present, so `make check`
# can always start with it.  `apt-get update` runs only when something must
# actually be installed.
#
# Usage: test/deps.sh [--debug] [KVER]
#   --debug  also what test/debug-kernel/build.sh needs to build the
#            KASAN/lockdep/kmemleak kernel (make check-debug)
#   KVER     also that kernel release's image and headers from Debian's
#            archive (make check KVER=6.12.57+deb12-amd64)
#
# Suites that need another tool: add its package to $pkgs below.
set -eu

# Build: module (kbuild), nat64ctl (libnl), sparse lint, unit tests;
# libxtables-dev for libxt_NAT64.so, the iptables extension of the NAT64
# target (usr/ skips it without it; make deb needs it).
pkgs="build-essential gcc make pkg-config sparse libnl-3-dev libnl-genl-3-dev
libxtables-dev linux-image-amd64 linux-headers-amd64"
# Packaging: test/host/dkms.sh installs the module through DKMS;
# test/host/deb.sh builds the Debian packages (make deb) and lints them.
pkgs="$pkgs dkms"
pkgs="$pkgs dpkg-dev debhelper dh-dkms lintian"
# test/host/units.sh: systemd-analyze verify reads the units.
pkgs="$pkgs systemd"
# VM harness: the guest boots the distribution kernel from a busybox
# initramfs and uses the host's root (read-only) for everything else.
pkgs="$pkgs qemu-system-x86 busybox-static kmod cpio coreutils"
# Tools the suites run inside the guest.
pkgs="$pkgs python3 python3-scapy iproute2 iptables nftables jq procps tcpdump
util-linux libcap2-bin iputils-ping"
# The translation smoke test: real clients and servers across the NAT64.
pkgs="$pkgs iperf3 socat ethtool curl"
# Real clients and servers of the end-to-end suite (20-e2e) and `make demo'.
# The guest starts the servers itself, in its namespaces, with configuration
# under /tmp; the host's own services of these packages are not used.
pkgs="$pkgs bind9 bind9-dnsutils unbound nginx-light traceroute
openssh-server openssh-client"
# The metrics of 26-events: `nat64ctl stats prometheus' parsed by the
# Prometheus client library's own parser, and linted by promtool, which
# only the prometheus package ships.  The tests never run its server (on
# a host booted with systemd, Debian's package starts prometheus.service:
# `systemctl disable --now prometheus' if that is not wanted).
pkgs="$pkgs python3-prometheus-client prometheus"
# Whether the archive has an installable version of package $1 (a name
# other packages only refer to has none).
candidate() {
	c=$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p')
	[ -n "$c" ] && [ "$c" != "(none)" ]
}

for arg in "$@"; do
	case $arg in
	--debug)
		pkgs="$pkgs linux-source-6.1 bc flex bison libelf-dev libssl-dev dwarves xz-utils" ;;
	-*)
		echo "deps: unknown option $arg" >&2
		exit 2 ;;
	*)
		# A new point release may have only its -unsigned image yet.
		image=linux-image-$arg
		if ! candidate "$image" && candidate "$image-unsigned"; then
			image=$image-unsigned
		fi
		pkgs="$pkgs $image linux-headers-$arg" ;;
	esac
done

# Print the packages of "$@" that are not fully installed.
missing() {
	# dpkg-query exits non-zero for unknown packages but still prints the
	# known ones; "ii" is "wanted install, status installed, no error".
	dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "$@" 2>/dev/null |
		awk -v want="$*" '$2 == "ii" { ok[$1] = 1 }
			END { n = split(want, w, " "); for (i = 1; i <= n; i++) if (!ok[w[i]]) print w[i] }'
}

# The running kernel is irrelevant (the host cannot load modules): what
# matters is that every kernel image linux-image-amd64 pulls in has its
# headers, so the module can be built for the kernel the guest boots.
# Derive the ABI name (e.g. 6.1.0-56-amd64) from what is installed.
kernel_headers() {
	dpkg-query -W -f='${Depends}\n' linux-image-amd64 2>/dev/null |
		tr ',' '\n' | sed -n 's/^ *linux-image-\([^ ]*\).*/linux-headers-\1/p'
}

as_root() {
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null; then
			set -- sudo "$@"
		else
			echo "deps: need root to install: $*" >&2
			exit 1
		fi
	fi
	"$@"
}

# Install "$@"; `apt-get update` once, and only when there is something to do.
apt_install() {
	[ $# -gt 0 ] || return 0
	echo "deps: installing $*"
	export DEBIAN_FRONTEND=noninteractive
	if [ -z "${updated:-}" ]; then
		as_root apt-get update -q
		updated=1
	fi
	as_root apt-get install -y -q --no-install-recommends "$@"
}

# Word splitting of the package lists is intended here.
# shellcheck disable=SC2046,SC2086
apt_install $(missing $pkgs)
# Second pass: the headers matching the (possibly just installed) image.
# shellcheck disable=SC2046
apt_install $(missing $(kernel_headers))

for kv in $(kernel_headers | sed 's/^linux-headers-//'); do
	for f in "/boot/vmlinuz-$kv" "/lib/modules/$kv/build/Makefile"; do
		[ -e "$f" ] || { echo "deps: $f missing after installation" >&2; exit 1; }
	done
done
