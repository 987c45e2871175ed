#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Module lifecycle: metadata, load/unload cycles, the generic netlink family
# appearing and going with the module, and network namespaces created and
# destroyed around it (the pernet init/exit paths).
# Helpers here run through check(), which shellcheck cannot see (SC2317);
# nat64_load takes optional module parameters (SC2119).
# shellcheck disable=SC2317,SC2119
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite load

field() { modinfo -F "$1" "$NAT64_KO"; }
in_proc_modules() { grep -q '^nat64 ' /proc/modules; }
gone() { ! in_proc_modules && [ ! -e /sys/module/nat64 ]; }
family() { genl ctrl get name nat64 >/dev/null 2>&1; }
no_family() { ! family; }

# --- metadata ---------------------------------------------------------------
check_out "license is GPL" "GPL" modinfo -F license "$NAT64_KO"
check "description names NAT64" grep -q NAT64 <<<"$(field description)"
# nat64ctl relies on it: the first request autoloads the module.
check "alias for genetlink family autoload" \
	grep -qx net-pf-16-proto-16-family-nat64 <<<"$(field alias)"
check_out "built for the running kernel" "$(uname -r)" cut -d" " -f1 <<<"$(field vermagic)"

# --- one load, one unload ---------------------------------------------------
nat64_unload
check "loads" nat64_load
check "listed in /proc/modules" in_proc_modules
check_out "/sys/module/nat64 is live" "live" cat /sys/module/nat64/initstate
check_out "nobody holds a reference" "0" cat /sys/module/nat64/refcnt
check "generic netlink family registered" family
check_fail "second insmod refused" "File exists" insmod "$NAT64_KO"
check "unloads" rmmod nat64
check "gone from /proc/modules and /sys/module" gone
check "generic netlink family unregistered" no_family
check_fail "rmmod when not loaded refused" "not currently loaded" rmmod nat64

# --- cycles -----------------------------------------------------------------
cycles() {
	local i
	for i in $(seq 20); do
		nat64_load || { echo "load $i failed"; return 1; }
		if ! in_proc_modules || ! family; then echo "cycle $i: not live after load"; return 1; fi
		rmmod nat64 || { echo "unload $i failed"; return 1; }
		gone || { echo "cycle $i: still present after unload"; return 1; }
	done
}
check "20 load/unload cycles" cycles

# --- network namespaces -----------------------------------------------------
# Namespaces that exist before the module (pernet init runs for each at
# load) and after it (init runs at creation); the module must unload with
# namespaces alive and let them die afterwards.
ns_ok() { ip netns exec "$1" ip link set lo up && ip netns exec "$1" ping -c1 -W2 127.0.0.1 >/dev/null; }
for n in a b c; do ip netns add "load-$n"; done
check "loads with 3 namespaces present" nat64_load
check "family visible inside a namespace" ip netns exec load-a genl ctrl get name nat64
for n in d e; do ip netns add "load-$n"; done
check "namespaces created while loaded work" ns_ok load-d
check "namespace deleted while loaded" ip netns del load-e
churn() {
	local i
	for i in $(seq 10); do
		ip netns add load-churn || return
		ns_ok load-churn || return
		ip netns del load-churn || return
	done
}
check "10 namespaces created and destroyed while loaded" churn
check "unloads with namespaces alive" nat64_unload
check "gone after unload with namespaces alive" gone
check "namespaces still work after unload" ns_ok load-a
check "namespaces deleted after unload" ip -all netns delete
check "reloads after namespace churn" nat64_load
check "unloads again" nat64_unload

# --- kernel state after all of it --------------------------------------------
# Taint W (warning), D (oops) and L (soft lockup) would say something went
# wrong even if no check noticed; O and E are expected of an unsigned
# out-of-tree module.
bad_taint() { echo $(($(cat /proc/sys/kernel/tainted) & (128 | 512 | 16384))); }
check_out "kernel not tainted by a warning, oops or lockup" 0 bad_taint

finish
