#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The TCP probe of RFC 6146 3.5.2.2 (mod/tcp_probe.c) and the lab_timeouts
# module parameter that makes it testable.  Loaded without the parameter,
# timeouts below the RFC minimums are refused by nat64ctl and by the module
# itself; loaded with it, they are taken, and test/tools/tcp_probe_suite.py
# watches idle TCP sessions be probed, revived by an answer, or ended
# without one, and a real connection idle for longer than tcp-est-timeout +
# tcp-trans-timeout survive.
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite tcp-probe

P=/sys/module/nat64/parameters
TOOL=$NAT64_TOP/test/tools/tcp_probe_suite.py

# --- (e) without lab_timeouts: the RFC minimums hold --------------------------
nat64_load || { fail "module loads" "insmod failed"; finish; }
ip netns add pe
nat64ctl -n pe instance add pool6 64:ff9b::/96
check_out "lab_timeouts is off by default" "N" cat "$P/lab_timeouts"
check_fail "without lab_timeouts, nat64ctl refuses tcp-est-timeout 3" "7440" \
	nat64ctl -n pe global set tcp-est-timeout 3
check_fail "without lab_timeouts, the module refuses tcp-est-timeout 3" \
	"integer out of range" python3 "$TOOL" raw-set pe tcp-est-timeout 3
check_fail "without lab_timeouts, the module refuses tcp-trans-timeout 239" \
	"integer out of range" python3 "$TOOL" raw-set pe tcp-trans-timeout 239
check_out "globals unchanged" "7440 240" \
	sh -c "nat64ctl -n pe global show | awk '/^tcp-(est|trans)-timeout / { print \$2 }' | paste -sd' '"
ip netns del pe
nat64_unload

# --- with lab_timeouts --------------------------------------------------------
nat64_load lab_timeouts=1 ||
	{ fail "module loads with lab_timeouts=1" "insmod failed"; finish; }
modprobe veth
check_out "lab_timeouts reads Y" "Y" cat "$P/lab_timeouts"
check_fail "lab_timeouts cannot change after load" "" \
	sh -c "echo N > $P/lab_timeouts"
check "modinfo describes lab_timeouts" \
	sh -c "modinfo -F parm '$NAT64_KO' | grep -q '^lab_timeouts:.*test labs'"
ip netns add pe
nat64ctl -n pe instance add pool6 64:ff9b::/96
check "with lab_timeouts, every timeout may be 1 s" nat64ctl -n pe global set \
	tcp-est-timeout 1 tcp-trans-timeout 1 udp-timeout 1 icmp-timeout 1
check_fail "with lab_timeouts, 0 is still refused" "integer out of range" \
	python3 "$TOOL" raw-set pe tcp-est-timeout 0
ip netns del pe

python3 "$TOOL" || _failed=$((_failed + 1))
finish
