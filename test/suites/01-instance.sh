#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Instances: one per network namespace, created with a pool6 prefix of each
# RFC 6052 length, read back, deleted; independence across namespaces;
# netfilter hooks present only where an instance is; namespace deletion and
# module unload with instances still present.
# shellcheck disable=SC2317
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite instance

nat64_load || { fail "module loads" "insmod failed"; finish; }

no_inst="no NAT64 instance in this network namespace"
check_fail "show without an instance" "$no_inst" nat64ctl instance show
check_fail "del without an instance" "$no_inst" nat64ctl instance del

# --- every RFC 6052 prefix length ---------------------------------------------
for p in 64:ff9b::/96 64:ff9b:1::/48 2001:db8::/32 2001:db8:100::/40 \
	2001:db8:122::/48 2001:db8:122:300::/56 2001:db8:122:344::/64 \
	2001:db8:122:344::/96; do
	check "add pool6 $p" nat64ctl instance add pool6 "$p"
	check_out "show reads back $p" "pool6 $p
mode netfilter
pool4-entries 0" nat64ctl instance show
	check "del pool6 $p" nat64ctl instance del
done
check_fail "gone after del" "$no_inst" nat64ctl instance show

# --- one instance per namespace ---------------------------------------------
check "add 64:ff9b::/96" nat64ctl instance add pool6 64:ff9b::/96
check_fail "second add refused" \
	"a NAT64 instance already exists in this network namespace" \
	nat64ctl instance add pool6 2001:db8::/96
check_out "first instance untouched by the refused add" "pool6 64:ff9b::/96
mode netfilter
pool4-entries 0" nat64ctl instance show

# --- hooks exist only where an instance does -----------------------------------
# `nft list hooks' lists every netfilter hook of a namespace, ours by name,
# where the kernel has nfnetlink_hook (the debug kernel; Debian's lacks it).
hooks_in() {
	ip netns exec "$1" nft list hooks 2>/dev/null | grep -c 'nat64_hook_ipv[46]' || true
}
ip netns attach init 1 2>/dev/null || true
# modprobe succeeds for a built-in module too (modules.builtin).
can_list_hooks() { modprobe -q nfnetlink_hook 2>/dev/null; }
check_hooks() {	# NAME WANT NETNS
	if can_list_hooks; then
		check_out "$1" "$2" hooks_in "$3"
	else
		skip "$1" "this kernel has no nfnetlink_hook to list hooks"
	fi
}
check_hooks "IPv4 and IPv6 hooks with an instance" 2 init
for n in a b c; do ip netns add "nat$n"; done
check_hooks "no hooks in a namespace without an instance" 0 nata

# --- several namespaces, each its own -----------------------------------------
check "add in nata" ip netns exec nata nat64ctl instance add pool6 2001:db8:a::/96
check "add in natb" nat64ctl -n natb instance add pool6 2001:db8:b00::/40
check_out "nata reads its own" "pool6 2001:db8:a::/96
mode netfilter
pool4-entries 0" ip netns exec nata nat64ctl instance show
check_out "natb reads its own" "pool6 2001:db8:b00::/40
mode netfilter
pool4-entries 0" nat64ctl -n natb instance show
check_fail "natc has none" "$no_inst" nat64ctl -n natc instance show
check_hooks "hooks in nata" 2 nata
check "del in nata" nat64ctl -n nata instance del
check_hooks "hooks gone from nata" 0 nata
check_out "natb untouched by nata's del" "pool6 2001:db8:b00::/40
mode netfilter
pool4-entries 0" nat64ctl -n natb instance show
check_out "init namespace untouched" "pool6 64:ff9b::/96
mode netfilter
pool4-entries 0" nat64ctl instance show

# --- namespace deletion with an instance inside -----------------------------
check "pool4 in natb" nat64ctl -n natb pool4 add 192.0.2.0/28
check "delete natb with its instance" ip netns del natb
check "delete natc (no instance)" ip netns del natc
for i in $(seq 10); do
	ip netns add "churn$i" && nat64ctl -n "churn$i" instance add pool6 64:ff9b::/96 &&
		nat64ctl -n "churn$i" pool4 add 198.51.100.$i/32 proto udp
done
check_out "ten namespaces with instances" "10" \
	sh -c 'for i in $(seq 10); do nat64ctl -n churn$i instance show; done | grep -c "pool4-entries 1"'
for i in $(seq 10); do ip netns del "churn$i"; done
check_out "init namespace untouched by namespace deaths" "pool6 64:ff9b::/96
mode netfilter
pool4-entries 0" nat64ctl instance show

# --- unload with instances present -------------------------------------------
check "instance in nata again" nat64ctl -n nata instance add pool6 64:ff9b::/96
check "pool4 in nata" nat64ctl -n nata pool4 add 192.0.2.1/32
check "rmmod with instances in two namespaces" rmmod nat64
check_hooks "hooks gone with the module" 0 init
check_hooks "hooks gone from nata with the module" 0 nata
check "reload" nat64_load
check_fail "no instance survives a reload" "$no_inst" nat64ctl instance show
check_fail "nor in nata" "$no_inst" nat64ctl -n nata instance show
ip netns del nata
finish
