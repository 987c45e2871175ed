#!/bin/sh
# Host-side packaging test: the tree registers with DKMS, builds and installs
# for the Debian kernel whose headers are installed, then uninstalls cleanly.
# Loading needs the guest; this proves what an operator's `dkms install` does.
set -u
cd "$(dirname "$0")/../.."
pass=0 fail=0
check() {
	name=$1; shift
	if out=$("$@" 2>&1); then
		echo "PASS  dkms: $name"; pass=$((pass + 1))
	else
		echo "FAIL  dkms: $name"; echo "$out" | tail -n 20 | sed 's/^/    /'
		fail=$((fail + 1))
	fi
}
kver=$(basename "$(dirname "$(ls -d /lib/modules/*/build | sort -V | tail -n 1)")")
ver=$(sed -n 's/^#define NAT64_VERSION[^"]*"\([^"]*\)".*/\1/p' include/nat64.h)
ko=/lib/modules/$kver/updates/dkms/nat64.ko

check "dkms.conf version matches NAT64_VERSION ($ver)" \
	grep -qx "PACKAGE_VERSION=\"$ver\"" dkms.conf
make -s dkms-remove >/dev/null 2>&1
check "dkms add + install for $kver" make -s dkms-install KVER="$kver"
check "dkms status shows installed" sh -c "dkms status nat64 | grep -q 'installed'"
check "installed module has version $ver" \
	sh -c "modinfo -F version '$ko' | grep -qx '$ver'"
check "installed module depends on defrag only" \
	sh -c "modinfo -F depends '$ko' | grep -qx 'nf_defrag_ipv4,nf_defrag_ipv6'"
check "dkms remove" make -s dkms-remove
check "module gone after remove" test ! -e "$ko"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
