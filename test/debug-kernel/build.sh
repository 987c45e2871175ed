#!/bin/sh
# Build (once) a debug kernel from Debian's linux-source-6.1 with KASAN, lockdep,
# kmemleak, DEBUG_LIST and UBSAN, everything the tests need built in.  The tree is
# cached outside the repository and doubles as KDIR for the module.  A change to
# debug.config rebuilds incrementally; a new linux-source starts over.
# Usage: build.sh [CACHE_DIR]   (default /var/cache/nat64-debug-kernel)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${1:-${NAT64_DEBUG_CACHE:-/var/cache/nat64-debug-kernel}}
src=/usr/src/linux-source-6.1.tar.xz
want_src="$(stat -c '%s %Y' "$src")"
# The settings only: a comment changes no kernel.
want_cfg="$(grep -v -e '^#' -e '^$' "$here/debug.config" | sha256sum | cut -c1-16)"
tree=$cache/linux

if [ -f "$tree/arch/x86/boot/bzImage" ] && [ "$(cat "$cache/stamp-src" 2>/dev/null)" = "$want_src" ] &&
   [ "$(cat "$cache/stamp-config" 2>/dev/null)" = "$want_cfg" ]; then
	echo "debug kernel: cached in $tree"
	exit 0
fi
if [ "$(cat "$cache/stamp-src" 2>/dev/null)" != "$want_src" ] || [ ! -f "$tree/.config" ]; then
	rm -rf "$cache"
	mkdir -p "$cache"
	echo "debug kernel: unpacking linux-source-6.1 into $cache"
	tar -C "$cache" -xf "$src"
	mv "$cache"/linux-source-6.1 "$tree"
	echo "$want_src" >"$cache/stamp-src"
	(cd "$tree" && make -s defconfig)
fi
cd "$tree"
rm -f "$cache/stamp-config"
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
done <"$here/debug.config"
[ $missing -eq 0 ] || exit 1
echo "debug kernel: building (10-30 minutes on 2 cores the first time)"
make -s -j"$(nproc)" bzImage
make -s -j"$(nproc)" modules
rm -rf "$cache/root"
make -s modules_install INSTALL_MOD_PATH="$cache/root" >/dev/null
echo "$want_cfg" >"$cache/stamp-config"
echo "debug kernel: built $(make -s kernelrelease) in $tree"
