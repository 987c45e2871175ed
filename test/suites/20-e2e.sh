#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# End to end, with real clients and servers from Debian's archive, in the
# namespaces of test/e2e/lab.sh: an IPv6-only client resolves names through
# a DNS64 resolver and reaches an IPv4-only internet through the module
# (curl, ping, dig over UDP, iperf3 TCP and UDP, traceroute, downloads and
# an upload over a lower-MTU IPv4 link); IPv4 clients reach an IPv6-only
# HTTP and SSH server through static BIB entries; the IPv6 client reaches
# that server through its IPv4 address (hairpinning); the session and BIB
# tables list what the clients did (test/e2e/pass.sh).  Here with pool6
# 64:ff9b::/96 and BIND 9's DNS64; 21-e2e-nsp runs the same with a
# network-specific prefix and unbound.  Only outcomes are asserted, never
# speeds.
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
# shellcheck source-path=SCRIPTDIR source=../e2e/pass.sh
. "$NAT64_TOP/test/e2e/pass.sh"
suite e2e

e2e_lab
check_out "lab: the IPv4 internet routes (traceroute from the NAT64 box)" \
	"198.51.100.2 198.51.100.6 192.0.2.80" \
	bash -c "ip netns exec nat64 traceroute -n -q 1 -N 1 -w 3 192.0.2.80 | awk 'NR > 1 { print \$2 }' | paste -sd' '"
printf 'instance add pool6 64:ff9b::/96\npool4 add 203.0.113.1/33\n' >"$LAB/bad.conf"
check_fail "nat64-setup names the line that fails" "$LAB/bad.conf:2: " \
	on nat64 nat64-setup "$LAB/bad.conf"
on nat64 nat64ctl instance del

e2e_pass 64:ff9b::/96 bind
finish
