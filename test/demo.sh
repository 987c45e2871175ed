#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make demo': an IPv6-only client fetches a page from an
# IPv4-only web server through the module, with the default configuration
# (pool6 64:ff9b::/96) and a DNS64 resolver, then the session table and the
# counters.  Every command is shown with the namespace it runs in and what
# it prints.  The network is test/e2e/lab.sh's (the end-to-end suite's).
# shellcheck source-path=SCRIPTDIR source=lib/suite.sh
. "$(dirname "$0")/lib/suite.sh"
# shellcheck source-path=SCRIPTDIR source=e2e/lab.sh
. "$NAT64_TOP/test/e2e/lab.sh"
suite demo
trap 'lab_down >/dev/null 2>&1; lib_cleanup' EXIT

heading() { printf '\n=== %s\n\n' "$*"; }

# run NS CMD...: show and run CMD in namespace NS (its output follows).
run() {
	local ns=$1 a line=
	shift
	for a in "$@"; do
		if [[ $a =~ [^][[:alnum:]_./:@=+,-] ]]; then line+=" '$a'"; else line+=" $a"; fi
	done
	echo "[$ns]#$line"
	if [ "$ns" = client6 ]; then on_resolv "$ns" "$@"; else on "$ns" "$@"; fi 2>&1
	local rc=$?
	echo
	return $rc
}

# demo_check NAME CMD...: run CMD (shown), one PASS or FAIL line for it.
demo_check() {
	local name=$1
	shift
	if run "$@"; then pass "$name"; else fail "$name" "\`${*:2}' in $1 failed"; fi
}

heading "nat64 demo: Linux $(uname -r), module $(modinfo -F version "$NAT64_KO")"
cat <<'EOF'
Six network namespaces in this virtual machine:

  client6 (2001:db8:1::2) --- nat64 --- r1 --- r2 --- inet (192.0.2.0/24)
  IPv6 only                   |                       www.example.test 192.0.2.80
                  DNS64 resolver 2001:db8:1::1        DNS for example.test 192.0.2.53

client6 has no IPv4 at all; inet has no IPv6.  Between them, the namespace
nat64 runs the module and a DNS64 resolver (BIND 9).
EOF
if ! nat64_load || ! lab_up || ! lab_servers web; then
	fail "demo network" "could not set it up (see above)"
	finish
fi

heading "Configure the NAT64 (namespace nat64)"
demo_check "instance" nat64 nat64ctl instance add pool6 64:ff9b::/96
demo_check "pool4" nat64 nat64ctl pool4 add 203.0.113.1/32
run nat64 nat64ctl instance show
run nat64 nat64ctl pool4 show
echo "(the DNS64 resolver synthesises AAAA records under pool6 64:ff9b::/96)"
lab_dns64 bind 64:ff9b::/96 || fail "DNS64 resolver" "did not start"

heading "The client is IPv6-only"
run client6 ip -br addr show dev eth0
run client6 ip -4 route
run client6 ip -6 route
heading "DNS64: www.example.test has only an A record; the client gets an AAAA"
run client6 dig +noall +answer A www.example.test
demo_check "dig AAAA" client6 dig +noall +answer AAAA www.example.test

heading "Fetch a page and a 3 MiB file over IPv6, from the IPv4-only server"
demo_check "curl page" client6 curl -sS --max-time 60 http://www.example.test/
demo_check "curl 3 MiB" client6 curl -sS --max-time 120 -o /tmp/big.bin \
	-w 'fetched %{size_download} bytes from [%{remote_ip}]:%{remote_port} in %{time_total} s\n' \
	http://www.example.test/big.bin
if [ "$(sha256sum </tmp/big.bin | cut -d' ' -f1)" = "$(cat "$LAB/big.sha256")" ]; then
	echo "sha256 of the download matches the server's file"
	pass "download intact"
else
	fail "download intact" "sha256 differs from the server's file"
fi
echo
echo "nginx on inet logged (client request status bytes):"
cat "$LAB/nginx4/access.log"
run client6 ping -c 2 64:ff9b::192.0.2.80

heading "What the NAT64 remembers"
demo_check "session show" nat64 nat64ctl session show
demo_check "bib show" nat64 nat64ctl bib show
demo_check "stats" nat64 nat64ctl stats show nonzero
finish
