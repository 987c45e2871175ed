#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make demo': load the module and configure a NAT64 the way
# an operator would, showing each command and what it prints.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
suite demo

run() {
	echo "# $*"
	"$@" 2>&1
	echo
}

echo "== nat64 demo: Linux $(uname -r), module $(modinfo -F version "$NAT64_KO")"
echo
run nat64_load
run nat64ctl instance add pool6 64:ff9b::/96
run nat64ctl pool4 add 192.0.2.1/32
run nat64ctl pool4 add 198.51.100.0/30 proto udp ports 20000-29999
run nat64ctl global set udp-timeout 10m filtering address-dependent
run nat64ctl instance show
run nat64ctl pool4 show
run nat64ctl global show
run nat64ctl -j -p instance show
echo "== bad input is refused and changes nothing:"
echo
run nat64ctl pool4 add 192.0.2.0/24 proto tcp
run nat64ctl global set udp-timeout 30
run nat64ctl instance add pool6 2001:db8::1/96
run nat64ctl pool4 show proto tcp
echo "== packet translation arrives with the datapath release; the hooks are"
echo "== registered and pass traffic through untouched until then."
pass "demo ran to the end"
