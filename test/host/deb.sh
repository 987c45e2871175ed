#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host-side test of the Debian packages: make deb builds nat64-dkms and
# nat64-tools (in a temporary directory, the checkout untouched), lintian
# finds no error, apt-get installs both and DKMS builds the module for the
# kernels Debian's dkms postinst builds for, the packaged nat64ctl runs a
# guest suite against that DKMS-built module, and purging leaves nothing.
#
# Installs on the host: refuses to run when nat64-dkms or nat64-tools are
# installed already (it would replace and purge them).
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=deb
. test/host/lib.sh
ver=$(sed -n 's/^#define NAT64_VERSION[^"]*"\([^"]*\)".*/\1/p' include/nat64.h)
range=$(sed -n 's/^BUILD_EXCLUSIVE_KERNEL="\(.*\)"/\1/p' dkms.conf)
work=$(mktemp -d /tmp/nat64-deb.XXXXXX)
pkgs="nat64-tools nat64-dkms"

# The module DKMS installed for kernel $1, compressed as the kernel's own
# modules are (6.12: nat64.ko.xz).
ko() { ls /lib/modules/"$1"/updates/dkms/nat64.ko* 2>/dev/null; }
installed() { dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | grep -q '^.[^n]'; }
# apt-get rather than dpkg: it waits for dpkg's lock (someone else
# installing a kernel) instead of failing.
apt() {
	DEBIAN_FRONTEND=noninteractive apt-get -y -q --no-install-recommends \
		-o DPkg::Lock::Timeout=600 "$@"
}
# shellcheck disable=SC2086 # two package names
purge() { apt purge $pkgs; }
cleanup() {
	for p in $pkgs; do
		if installed "$p"; then purge >/dev/null 2>&1; break; fi
	done
	rm -rf "$work"
}

for p in $pkgs; do
	if installed "$p"; then
		echo "FAIL  deb: $p is installed already: purge it first (this test installs and purges its own)"
		exit 1
	fi
done
trap cleanup EXIT
trap 'exit 1' INT TERM

# Kernels whose headers are installed and that dkms.conf's range admits;
# of those, Debian's dkms postinst builds for the running kernel and the
# newest one, or for all of them when the running kernel is not among the
# installed ones (a container or chroot, as on this project's hosts).
kernels() {
	with_headers=$(for b in /lib/modules/*/build; do
		[ -e "$b/Makefile" ] || continue
		k=${b%/build}; k=${k##*/}
		echo "$k" | grep -qE "$range" && echo "$k"
	done | sort -V)
	if [ -d "/lib/modules/$(uname -r)" ]; then
		echo "$with_headers" | grep -xF "$(uname -r)"
		echo "$with_headers" | tail -n 1
	else
		echo "$with_headers"
	fi | sort -u
}

git_state() { git status --porcelain --ignored 2>/dev/null; }
build() {
	before=$(git_state)
	make -s --no-print-directory deb DEB_DIR="$work" >"$work/build.log" 2>&1 ||
		{ tail -n 30 "$work/build.log"; return 1; }
	[ "$(git_state)" = "$before" ] || { echo "the build changed the checkout"; return 1; }
	ls "$work/nat64-dkms_${ver}_all.deb" "$work"/nat64-tools_"${ver}"_*.deb
}
lintian_clean() {
	lintian --fail-on error "$work/nat64-dkms_${ver}_all.deb" \
		"$work"/nat64-tools_"${ver}"_*.deb
}
install_both() {
	apt install "$work/nat64-dkms_${ver}_all.deb" "$work"/nat64-tools_"${ver}"_*.deb
}
built_for() {
	k=$1
	dkms status "nat64/$ver" -k "$k" | grep -q ': installed' &&
		modinfo -F version "$(ko "$k")" | grep -qx "$ver"
}
tool_version() {
	[ -x /usr/sbin/nat64ctl ] && /usr/sbin/nat64ctl --version | grep "^nat64ctl $ver "
}
unit_file() {
	grep -qx 'ExecStart=/usr/sbin/nat64-setup /etc/nat64.conf' \
		/lib/systemd/system/nat64.service
}
# The mapping log's unit: shipped, valid (systemd-analyze reads it without
# a running systemd), not enabled by the installation.
log_unit() {
	u=/lib/systemd/system/nat64-log.service
	grep -qx 'ExecStart=/usr/sbin/nat64ctl monitor bib' "$u" &&
		systemd-analyze verify --man=no "$u" &&
		! ls /etc/systemd/system/*.wants/nat64-log.service 2>/dev/null
}
man_pages() {
	ls /usr/share/man/man8/nat64ctl.8.gz /usr/share/man/man8/nat64-setup.8.gz \
		/usr/share/man/man5/nat64.conf.5.gz
}
completion() { bash -n /usr/share/bash-completion/completions/nat64ctl; }
# The NAT64 target's iptables extension: in the directory iptables searches
# (pkg-config's xtlibdir, as usr/xtables/Makefile installs it), 0644, the
# package's, and found there by iptables and ip6tables (-h needs no kernel;
# this host cannot load modules).
xt_extension() {
	so=$(pkg-config --variable=xtlibdir xtables)/libxt_NAT64.so
	[ "$(stat -c %a "$so")" = 644 ] &&
		dpkg -S "$so" | grep -q '^nat64-tools:' &&
		iptables -j NAT64 -h | grep -q '^NAT64 target' &&
		ip6tables -j NAT64 -h | grep -q '^NAT64 target'
}
example_only() {
	[ -f /usr/share/doc/nat64-tools/examples/nat64.conf.example ] &&
		! dpkg -S /etc/nat64.conf
}
# The packaged nat64ctl against the DKMS-built module, in a guest that boots
# the kernel that module is for (the host cannot load modules).
# insmod in the guest wants it uncompressed.
guest() {
	f=$(ko "$1")
	case $f in
	*.xz) xz -dc "$f" >"$work/nat64.ko" ;;
	*.zst) zstd -qdc "$f" >"$work/nat64.ko" ;;
	*) cp "$f" "$work/nat64.ko" ;;
	esac
	NAT64_KO=$work/nat64.ko NAT64CTL=/usr/sbin/nat64ctl \
		test/vm/run --suite 01-instance
}
# Every file either package shipped, from the packages themselves.
leftovers() {
	for d in "$work"/nat64-dkms_*.deb "$work"/nat64-tools_"${ver}"_*.deb; do
		dpkg-deb -c "$d"
	done | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' | while read -r f; do
		[ -e "$f" ] && echo "left behind: $f"
	done
	ls -d /usr/src/nat64-* /var/lib/dkms/nat64 /lib/modules/*/updates/dkms/nat64.ko* 2>/dev/null
	for p in $pkgs; do installed "$p" && echo "$p still known to dpkg"; done
	true
}
nothing_left() { out=$(leftovers); echo "$out"; [ -z "$out" ]; }

check "make deb builds nat64-dkms and nat64-tools, checkout unchanged" build
check "lintian: no errors" lintian_clean
check "apt-get installs both .deb files" install_both
ks=$(kernels)
check "a kernel to build for (headers in $range)" test -n "$ks"
for k in $ks; do
	check "DKMS built and installed nat64 $ver for $k" built_for "$k"
done
check "/usr/sbin/nat64ctl --version says $ver" tool_version
check "nat64.service runs /usr/sbin/nat64-setup" unit_file
check "nat64-log.service runs /usr/sbin/nat64ctl monitor bib, valid, not enabled" log_unit
check "man pages nat64ctl(8), nat64-setup(8), nat64.conf(5)" man_pages
check "bash completion for nat64ctl" completion
check "libxt_NAT64.so in the xtables directory, loaded by iptables and ip6tables" xt_extension
check "example configuration in the docs, no /etc/nat64.conf" example_only
# The guest boots the newest built kernel that it can: an image, and 9p for
# the host's root (the -cloud-amd64 flavours have none).
gk=$(for k in $ks; do
	[ -f "/boot/vmlinuz-$k" ] && modinfo -k "$k" -n 9p >/dev/null 2>&1 && echo "$k"
done | tail -n 1)
check "a built kernel the guest can boot" test -n "$gk"
[ -n "$gk" ] &&
	check "guest on $gk: 01-instance with the packaged nat64ctl and DKMS module" guest "$gk"
check "apt-get purge both" purge
check "nothing left behind (files, /usr/src, DKMS tree, modules)" nothing_left
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
