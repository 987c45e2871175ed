#!/bin/sh
# Host-side packaging test: the tree registers with DKMS, builds and installs
# for the Debian kernel whose headers are installed, then uninstalls cleanly;
# one version everywhere, no deprecated dkms.conf key, no -Werror in the
# build DKMS runs, and a kernel outside BUILD_EXCLUSIVE_KERNEL refused
# before anything compiles.  Loading needs the guest; this proves what an
# operator's `dkms install` does.
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=dkms
. test/host/lib.sh
# KVER=... picks the kernel (as in make check KVER=...); else the newest
# with headers.
kver=${KVER:-$(basename "$(dirname "$(ls -d /lib/modules/*/build | sort -V | tail -n 1)")")}
ver=$(sed -n 's/^#define NAT64_VERSION[^"]*"\([^"]*\)".*/\1/p' include/nat64.h)
# Compressed as the kernel's own modules are (6.12: nat64.ko.xz).
ko() { ls /lib/modules/"$kver"/updates/dkms/nat64.ko* 2>/dev/null; }

# The compiler flags mod/Kbuild gives with "$@" on make's command line.
kbuild_flags() {
	printf 'src := mod\ninclude mod/Kbuild\nall:\n\t@echo $(ccflags-y)\n' |
		make -s --no-print-directory -f - "$@"
}
# -Werror alone: the kernel's own -Werror=<warning> flags stay in any case.
has_werror() { grep -qE -- '(^| )-Werror( |$)'; }
werror_in_make() { kbuild_flags | has_werror; }
no_werror_in_dkms_make() {
	grep '^MAKE\[0\]=' dkms.conf | grep -q 'NAT64_WERROR=0' &&
		! kbuild_flags NAT64_WERROR=0 | has_werror
}
changelog_version() {
	[ "$(dpkg-parsechangelog -l debian/changelog -S Version)" = "$ver" ]
}
# Keys dkms deprecates: REMAKE_INITRD and MODULES_CONF* (dkms 3.0, Debian
# 12), CLEAN (dkms 3.1.8, Debian 13).
no_deprecated_key() {
	! grep -nE '^(CLEAN|REMAKE_INITRD|MODULES_CONF[A-Z_]*)(\[[0-9]+\])?=' dkms.conf
}
install_quietly() {
	# Not make -s: MAKEFLAGS would reach the make dkms runs and silence V=1.
	out=$(make dkms-install KVER="$kver" 2>&1)
	rc=$?
	echo "$out"
	[ "$rc" -eq 0 ] && ! echo "$out" | grep -i deprecat
}
# dkms.conf's V=1 puts each compiler command in the make.log dkms keeps.
dkms_build_no_werror() {
	log=/var/lib/dkms/nat64/$ver/$kver/$(uname -m)/log/make.log
	grep -c -- ' -c -o .*/mod/main\.o ' "$log" && ! grep -- ' -c -o ' "$log" | has_werror
}
# dkms's exit 77 is what a kernel upgrade's autoinstall reports as skipped.
refuses_other_kernel() {
	out=$(dkms build "nat64/$ver" -k 5.10.0-fake 2>&1)
	rc=$?
	echo "$out"
	[ "$rc" -eq 77 ] && echo "$out" | grep -q 'BUILD_EXCLUSIVE directive' &&
		! echo "$out" | grep -qiE 'error:|make'
}

check "dkms.conf version matches NAT64_VERSION ($ver)" \
	grep -qx "PACKAGE_VERSION=\"$ver\"" dkms.conf
check "debian/changelog version matches NAT64_VERSION" changelog_version
check "dkms.conf sets no deprecated key" no_deprecated_key
check "make builds with -Werror" werror_in_make
check "dkms.conf's make (NAT64_WERROR=0) has no -Werror" no_werror_in_dkms_make
make -s dkms-remove >/dev/null 2>&1
check "dkms add + install for $kver, no deprecation warning" install_quietly
check "dkms status shows installed" sh -c "dkms status nat64 | grep -q 'installed'"
check "DKMS compiled without -Werror" dkms_build_no_werror
installed_version() { modinfo -F version "$(ko)" | grep -qx "$ver"; }
# In whatever order modpost lists them (6.12: ipv6 first).  x_tables is
# for the NAT64 iptables target (target mode); conntrack is not needed.
installed_depends() {
	modinfo -F depends "$(ko)" | tr ',' '\n' | sort | paste -sd, |
		grep -qx 'nf_defrag_ipv4,nf_defrag_ipv6,x_tables'
}
check "installed module has version $ver" installed_version
check "installed module depends on defrag and x_tables only" installed_depends
check "kernel 5.10.0-fake refused (BUILD_EXCLUSIVE, exit 77)" refuses_other_kernel
check "dkms remove" make -s dkms-remove
check "module gone after remove" test -z "$(ko)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
