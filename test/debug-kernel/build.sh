#!/bin/sh
# Build (once) a debug kernel from Debian's linux-source-6.1 with KASAN, lockdep,
# kmemleak, DEBUG_LIST and UBSAN, everything the tests need built in.  The tree is
# cached outside the repository and doubles as KDIR for the module.
# Usage: build.sh [CACHE_DIR]   (default /var/cache/nat64-debug-kernel)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${1:-${NAT64_DEBUG_CACHE:-/var/cache/nat64-debug-kernel}}
stamp=$cache/stamp
want=$(cat "$here/debug.config" /usr/src/linux-source-6.1.tar.xz.sha 2>/dev/null | sha256sum | cut -c1-16)
want="$want-$(stat -c %s /usr/src/linux-source-6.1.tar.xz)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$cache/linux/arch/x86/boot/bzImage" ]; then
	echo "debug kernel: cached in $cache/linux"
	exit 0
fi
rm -rf "$cache"
mkdir -p "$cache"
echo "debug kernel: unpacking linux-source-6.1 into $cache"
tar -C "$cache" -xf /usr/src/linux-source-6.1.tar.xz
mv "$cache"/linux-source-6.1 "$cache/linux"
cd "$cache/linux"
make -s defconfig
scripts/kconfig/merge_config.sh -m .config "$here/debug.config" >/dev/null
make -s olddefconfig
# Every option asked for must have survived olddefconfig.
missing=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n) opt=${line%%=*}
		grep -q "^$opt=" .config && { echo "debug kernel: $opt still set"; missing=1; } ;;
	CONFIG_*) grep -qx "$line" .config || { echo "debug kernel: $line did not stick"; missing=1; } ;;
	esac
done < "$here/debug.config"
[ $missing -eq 0 ] || exit 1
echo "debug kernel: building (about 10 minutes on 2 cores)"
make -s -j"$(nproc)" bzImage
make -s -j"$(nproc)" modules
make -s modules_install INSTALL_MOD_PATH="$cache/root" >/dev/null
echo "$want" > "$stamp"
echo "debug kernel: built $(make -s kernelrelease) in $cache/linux"
