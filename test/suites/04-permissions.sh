#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every change needs CAP_NET_ADMIN over the namespace's user namespace, and
# so do the BIB and session dumps (every subscriber's flows); the other reads
# do not.  An unprivileged user can neither change the NAT64 of a namespace
# it does not own, nor read its flows, nor get around that from a user
# namespace of its own.
# shellcheck disable=SC2317
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite permissions

nat64_load || { fail "module loads" "insmod failed"; finish; }
nat64ctl instance add pool6 64:ff9b::/96
nat64ctl pool4 add 192.0.2.1/32 proto udp
nat64ctl bib add proto udp '[2001:db8::1]:53' 192.0.2.1:5353
state() {
	nat64ctl instance show; nat64ctl pool4 show; nat64ctl global show
	nat64ctl bib show; nat64ctl session show
}
before=$(state)
unchanged() { [ "$(state)" = "$before" ]; }

nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
nocap() { capsh --drop=cap_net_admin -- -c '"$@"' nocap "$@"; }

denied() {	# NAME RUNNER ARGS...
	local name=$1 runner=$2; shift 2
	check_fail "$name" "Operation not permitted" "$runner" nat64ctl "$@"
}
for who in nobody nocap; do
	denied "$who: instance add" $who instance add pool6 2001:db8::/96
	denied "$who: instance del" $who instance del
	denied "$who: pool4 add" $who pool4 add 198.51.100.1/32
	denied "$who: pool4 del" $who pool4 del 192.0.2.1/32
	denied "$who: pool4 flush" $who pool4 flush
	denied "$who: global set" $who global set udp-timeout 600
	denied "$who: bib add" $who bib add proto udp '[2001:db8::2]:53' 192.0.2.1:5354
	denied "$who: bib del" $who bib del proto udp 192.0.2.1:5353
	denied "$who: bib show" $who bib show
	denied "$who: session show" $who session show
	denied "$who: session show proto udp" $who session show proto udp
	denied "$who: session flush" $who session flush
	check "$who: nothing changed" unchanged
	check_out "$who: instance show allowed" "$(nat64ctl instance show)" \
		$who nat64ctl instance show
	check_out "$who: pool4 show allowed" "$(nat64ctl pool4 show)" \
		$who nat64ctl pool4 show
	check_out "$who: global show allowed" "$(nat64ctl global show)" \
		$who nat64ctl global show
	check_out "$who: stats allowed" "$(nat64ctl stats)" $who nat64ctl stats
done

# A user namespace gives CAP_NET_ADMIN over the namespaces it owns only.
userns_init() { nobody unshare --user --map-root-user "$@"; }
denied "own user namespace, init net namespace: add refused" userns_init \
	pool4 add 198.51.100.1/32
denied "own user namespace, init net namespace: bib show refused" \
	userns_init bib show
denied "own user namespace, init net namespace: session show refused" \
	userns_init session show
check "still nothing changed" unchanged
userns_own() {
	nobody unshare --user --map-root-user --net sh -c '
		nat64ctl instance add pool6 2001:db8::/96 &&
		nat64ctl pool4 add 203.0.113.1/32 proto tcp &&
		nat64ctl bib add proto tcp "[2001:db8:1::5]:80" 203.0.113.1:8080 &&
		nat64ctl instance show && nat64ctl bib show &&
		nat64ctl session show'
}
check_out "own user and net namespace: its own instance, BIB and sessions" \
	"pool6 2001:db8::/96
mode netfilter
pool4-entries 1
tcp [2001:db8:1::5]:80 203.0.113.1:8080 static sessions 0" userns_own
check "init namespace untouched" unchanged

# Limits cost memory no namespace owns: a namespace's root may lower them,
# but only CAP_NET_ADMIN in the initial user namespace raises them above
# their defaults.  own_ns_set: `global set ARGS' by the root of a fresh user
# and net namespace, its error, then the keys it may have changed.
own_ns_set() {
	nobody unshare --user --map-root-user --net sh -c '
		nat64ctl instance add pool6 64:ff9b::/96 || exit
		nat64ctl global set "$@" 2>&1
		nat64ctl global show |
			grep -E "^(udp-timeout|max-stored-syns|max-sessions|max-ipv4-sessions|max-ipv4-sessions-per-bib|max-sessions-per-host|max-bib-per-host) "' \
		own_ns_set "$@"
}
limits="max-ipv4-sessions 524288
max-ipv4-sessions-per-bib 65536
max-sessions-per-host 65536
max-bib-per-host 8192"
defaults="udp-timeout 300
max-stored-syns 64
max-sessions 2097152
$limits"
check_out "own namespace: max-sessions above its default refused, nothing set" \
	"Error: raising max-sessions above its default needs CAP_NET_ADMIN in the initial user namespace.
$defaults" own_ns_set udp-timeout 600 max-sessions 2097153
check_out "own namespace: max-stored-syns above its default refused, nothing set" \
	"Error: raising max-stored-syns above its default needs CAP_NET_ADMIN in the initial user namespace.
$defaults" own_ns_set max-stored-syns 65 udp-timeout 600
# The limits that bound a walk under a lock (README Security) as well.
for key in max-ipv4-sessions:524289 max-ipv4-sessions-per-bib:65537 \
	max-sessions-per-host:65537 max-bib-per-host:8193; do
	check_out "own namespace: ${key%%:*} above its default refused, nothing set" \
		"Error: raising ${key%%:*} above its default needs CAP_NET_ADMIN in the initial user namespace.
$defaults" own_ns_set udp-timeout 600 "${key%%:*}" "${key#*:}"
done
check_out "own namespace: limits lowered, or set to their defaults" \
	"udp-timeout 600
max-stored-syns 10
max-sessions 2097152
max-ipv4-sessions 1000
max-ipv4-sessions-per-bib 65536
max-sessions-per-host 100
max-bib-per-host 8192" own_ns_set udp-timeout 600 max-stored-syns 10 \
	max-sessions 2097152 max-ipv4-sessions 1000 max-sessions-per-host 100 \
	max-bib-per-host 8192
root_ns_set() {
	unshare --net sh -c '
		nat64ctl instance add pool6 64:ff9b::/96 || exit
		nat64ctl global set "$@" 2>&1
		nat64ctl global show |
			grep -E "^(udp-timeout|max-stored-syns|max-sessions|max-ipv4-sessions|max-ipv4-sessions-per-bib|max-sessions-per-host|max-bib-per-host) "' \
		root_ns_set "$@"
}
check_out "real root raises them in a namespace of its own" \
	"udp-timeout 300
max-stored-syns 65536
max-sessions 67108864
max-ipv4-sessions 524288
max-ipv4-sessions-per-bib 1000000
max-sessions-per-host 65536
max-bib-per-host 8192" root_ns_set max-stored-syns 65536 max-sessions 67108864 \
	max-ipv4-sessions-per-bib 1000000
finish
