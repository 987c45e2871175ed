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
# speeds.  First, the mapping log of nat64-log.service (`nat64ctl monitor
# bib') records the client's mapping as curl makes it, and its end.
# shellcheck disable=SC2317 # functions run through check and check_out
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
# shellcheck source-path=SCRIPTDIR source=../e2e/pass.sh
. "$NAT64_TOP/test/e2e/pass.sh"
suite e2e

# log_line AWK-CONDITION [TRIES]: the first line of the mapping log that
# satisfies AWK-CONDITION ($1 time, $2 event, $3 protocol, $4 [X']:x,
# $5 T:t, then "static" and the reason), waiting half a second per try.
log_line() {
	local tries=${2:-30} line
	while [ "$tries" -gt 0 ]; do
		line=$(awk "$1 { print; exit }" "$LAB/mapping-log.log")
		if [ -n "$line" ]; then
			echo "$line"
			return 0
		fi
		sleep 0.5
		tries=$((tries - 1))
	done
	echo "no line where $1 in the mapping log:" >&2
	cat "$LAB/mapping-log.log" >&2
	return 1
}

# mapping_log_start: an instance, and nat64ctl monitor bib logging it; it
# has joined the bib group once it logs a static entry added after it
# started.
mapping_log_start() {
	local i
	on nat64 nat64ctl instance add pool6 64:ff9b::/96 &&
		on nat64 nat64ctl pool4 add "$LAB_POOL4/32" || return
	_bg mapping-log nat64 nat64ctl monitor bib
	for i in 1 2 3 4 5; do
		on nat64 nat64ctl bib add proto udp "[2001:db8:2::80]:$i" \
			"$LAB_POOL4:$((9000 + i))" || return
		log_line "\$2 == \"bib-new\" && \$5 == \"$LAB_POOL4:$((9000 + i))\" && \$6 == \"static\"" 6 \
			>/dev/null && return 0
	done
	return 1
}

# curl_mapping: "[X'] T" of the bib-new line of curl's connection, its
# time and ports checked; remembers [X']:x and T:t for mapping_end.
curl_mapping() {
	local line f
	# shellcheck disable=SC2016 # awk's fields
	line=$(log_line '$2 == "bib-new" && $3 == "tcp" && $4 ~ /^\[2001:db8:1::2\]:/') || return
	read -r -a f <<<"$line"
	[[ ${f[0]} =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$ ]] ||
		echo "time \`${f[0]}'"
	[[ ${f[3]##*:} =~ ^[0-9]+$ && ${f[4]##*:} =~ ^[0-9]+$ && ${#f[@]} -eq 5 ]] ||
		echo "line \`$line'"
	curl_x6=${f[3]} curl_t4=${f[4]}
	echo "${f[3]%:*} ${f[4]%:*}"
}

# mapping_end: bib del of curl's entry, then its bib-end line, "[X']:x T:t reason".
mapping_end() {
	on nat64 nat64ctl bib del proto tcp "$curl_t4" || return
	log_line "\$2 == \"bib-end\" && \$3 == \"tcp\" && \$5 == \"$curl_t4\"" |
		awk '{ print $4, $5, $NF }'
}

e2e_lab
check_out "lab: the IPv4 internet routes (traceroute from the NAT64 box)" \
	"198.51.100.2 198.51.100.6 192.0.2.80" \
	bash -c "ip netns exec nat64 traceroute -n -q 1 -N 1 -w 3 192.0.2.80 | awk 'NR > 1 { print \$2 }' | paste -sd' '"
printf 'instance add pool6 64:ff9b::/96\npool4 add 203.0.113.1/33\n' >"$LAB/bad.conf"
check_fail "nat64-setup names the line that fails" "$LAB/bad.conf:2: " \
	on nat64 nat64-setup "$LAB/bad.conf"
on nat64 nat64ctl instance del

# The mapping log, before the passes make their own instances.
www=$(synth 64:ff9b::/96 192.0.2.80)
curl_x6=none curl_t4=none
check "mapping log: nat64ctl monitor bib joins and logs a static entry" mapping_log_start
check_out "mapping log: curl http://[$www]/ through the NAT64" \
	"hello from the IPv4-only web server www.$LAB_ZONE" \
	on client6 curl -g -sS --max-time 60 "http://[$www]/"
check_out "mapping log: bib-new of curl's connection: the client's address, pool4's" \
	"[2001:db8:1::2] $LAB_POOL4" curl_mapping
check_out "mapping log: bib del of that entry logs its bib-end, deleted" \
	"$curl_x6 $curl_t4 deleted" mapping_end
lab_stop mapping-log
on nat64 nat64ctl instance del

e2e_pass 64:ff9b::/96 bind
finish
