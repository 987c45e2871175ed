# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the shell suites, test/suites/*.sh (test/lib/suite.py is the
# Python suites' counterpart).  Source it, name the suite, run checks:
#
#	. "$(dirname "$0")/../lib/suite.sh"
#	suite load
#	check "module loads" nat64_load
#	check_out "one instance" "1" count_instances
#	check_fail "bad prefix rejected" "prefix length" nat64ctl instance add pool6 ::/7
#	finish
#
# Every result is one line, `PASS  suite: name` or `FAIL  suite: name: why`
# (`SKIP  suite: name: why` for what cannot run here).  The commands' own
# output goes to stderr, which the VM runner keeps in the suite's log, so a
# FAIL line stays one line and the details are one file away.
#
# Environment (set by test/vm/guest; defaults make a suite runnable by hand):
#	NAT64_KO	the nat64.ko to insmod
#	NAT64CTL	the nat64ctl binary (its directory is put first on PATH)
#	NAT64_RESULTS	a file every result line is also appended to

NAT64_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
: "${NAT64_KO:=$NAT64_TOP/mod/nat64.ko}"
: "${NAT64CTL:=$NAT64_TOP/usr/nat64ctl}"
export NAT64_TOP NAT64_KO NAT64CTL
# First, so that `nat64ctl' is the one under test even if one is installed.
export PATH=${NAT64CTL%/*}:$PATH

_suite=${0##*/}
_suite=${_suite%.sh}
_passed=0
_failed=0
# Scratch files for _run.  Every check goes through it and an exec costs a
# lot under emulation, so it uses builtins only on these two fixed files.
# A suite that sets its own EXIT trap should call lib_cleanup from it.
_lib_tmp=$(mktemp -d "${TMPDIR:-/tmp}/nat64-test.XXXXXX")
lib_cleanup() { rm -rf "$_lib_tmp"; }
trap lib_cleanup EXIT

# suite NAME: the prefix of every following result line.
suite() { _suite=$1; }

_result() {
	echo "$1"
	if [ -n "${NAT64_RESULTS:-}" ]; then echo "$1" >>"$NAT64_RESULTS"; fi
}

pass() { _passed=$((_passed + 1)); _result "PASS  $_suite: $1"; }

# fail NAME WHY: WHY is squeezed onto the result line.
fail() {
	_failed=$((_failed + 1))
	local why=${2//$'\n'/ }
	_result "FAIL  $_suite: $1: ${why:0:300}"
}

skip() { _result "SKIP  $_suite: $1: $2"; }

# _run CMD...: run CMD, leaving its status in $_rc, stdout in $_out and
# stderr in $_err, and copying both to our stderr (the suite log).
_run() {
	local line
	"$@" >"$_lib_tmp/out" 2>"$_lib_tmp/err"
	_rc=$?
	_out=$(<"$_lib_tmp/out") _err=$(<"$_lib_tmp/err")
	{
		echo "+ ${*@Q}  [exit $_rc]"
		while IFS= read -r line || [ -n "$line" ]; do echo "  out: $line"; done <"$_lib_tmp/out"
		while IFS= read -r line || [ -n "$line" ]; do echo "  err: $line"; done <"$_lib_tmp/err"
	} >&2
}

# check NAME CMD...: passes if CMD exits 0.
check() {
	local name=$1; shift
	_run "$@"
	if [ "$_rc" -eq 0 ]; then
		pass "$name"
	else
		fail "$name" "\`$*' exited $_rc${_err:+: ${_err%%$'\n'*}}"
	fi
}

# check_fail NAME SUBSTRING CMD...: passes if CMD exits non-zero and its
# stderr contains SUBSTRING (an error that is rejected for the wrong reason
# is a failure too).
check_fail() {
	local name=$1 want=$2; shift 2
	_run "$@"
	if [ "$_rc" -eq 0 ]; then
		fail "$name" "\`$*' succeeded, expected an error containing \`$want'"
	elif [[ $_err != *"$want"* ]]; then
		fail "$name" "\`$*' exited $_rc but stderr lacks \`$want': ${_err%%$'\n'*}"
	else
		pass "$name"
	fi
}

# check_out NAME EXPECTED CMD...: passes if CMD exits 0 and its stdout is
# EXPECTED (trailing newlines ignored, as with $(...)).
check_out() {
	local name=$1 want=$2; shift 2
	_run "$@"
	if [ "$_rc" -ne 0 ]; then
		fail "$name" "\`$*' exited $_rc${_err:+: ${_err%%$'\n'*}}"
	elif [ "$_out" != "$want" ]; then
		fail "$name" "\`$*' printed \`$_out', expected \`$want'"
	else
		pass "$name"
	fi
}

# finish: the suite's exit status (the runner also counts FAIL lines).
finish() {
	[ "$_failed" -eq 0 ]
	exit
}

# --- the module under test -------------------------------------------------

nat64_loaded() { [ -d /sys/module/nat64 ]; }

# nat64_load [PARAM=VALUE...]: insmod $NAT64_KO after modprobing what it
# depends on.  The .ko's own `depends' field names them, so this works in
# both guests: against Debian's kernel it lists nf_defrag_ipv4/ipv6 (which
# insmod, unlike modprobe, would not load), against the debug kernel, where
# they are built in, it is empty.
nat64_load() {
	local deps
	deps=$(modinfo -F depends "$NAT64_KO") || return
	if [ -n "$deps" ]; then
		IFS=, read -ra deps <<<"$deps"
		modprobe -a "${deps[@]}" || return
	fi
	insmod "$NAT64_KO" "$@"
}

# nat64_unload [TRIES]: rmmod, retrying every 0.5 s, TRIES times (10); a
# reference that is still held after 5 s (e.g. by a socket or a netns that
# never finished dying) is a bug.  More TRIES for a netns that may still
# be ending a million sessions (test/bench).
nat64_unload() {
	local tries=${1:-10}
	while [ $((tries -= 1)) -gt 0 ]; do
		rmmod nat64 2>/dev/null && return 0
		nat64_loaded || return 0
		sleep 0.5
	done
	rmmod nat64
}
