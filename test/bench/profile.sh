#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of test/bench/profile: where the CPU goes per packet.  For
# each case of $PROFILE_CASES (IMPL:DIR:NFLOWS, DIR 64 or 46) it builds
# the topology of test/bench/guest.sh (whose functions it sources), primes
# the flows much as the benchmark does (see prime()), starts pktgen and samples every CPU
# with `perf record -e cpu-clock -g' (no hardware counters under TCG).
#
# Per case, into the share: profile-CASE.txt, the top symbols by self
# time on CPU 0 (where pktgen's thread, and with it the whole veth ->
# router -> veth path, runs), by time including callees, the $WATCH
# functions with callees, and the share per module; profile-CASE.syms.txt,
# every symbol with and without callees; profile-CASE.calls.txt, the call
# chains into the hottest symbols.  Tail calls hide their caller from the
# chains: a "with callees" share is a lower bound.
# One PASS line per case gives the delivery rate under sampling.
#
# Parameters come from $share/bench.env (written by test/bench/profile).
# shellcheck disable=SC2317 # helpers of guest.sh, run indirectly

# Read whole before it runs: others edit this tree meanwhile.
{
BENCH_FUNCTIONS_ONLY=1
: "${BENCH_PORTS_PER_DEV:=10000}"	# flows per source address
# shellcheck source-path=SCRIPTDIR source=guest.sh
. "$(dirname "$0")/guest.sh"
suite profile

: "${PROFILE_CASES:=plain:64:1 jool:64:1 nat64:64:1 plain:64:100000
	jool:64:100000 nat64:64:100000 plain:46:1 jool:46:1 nat64:46:1}"
: "${PROFILE_SECONDS:=8}"
: "${BENCH_WARMUP:=1}"
: "${PROFILE_TOP:=40}"
: "${PROFILE_FREQ:=1000}"	# samples per second and CPU
: "${PROFILE_PRIME_TIMEOUT:=300}"	# seconds
# Functions whose share with callees tells where a packet's time goes
# (the common path, the translators' entry points, and the suspects:
# copies, allocation, routing, hashing, defragmentation, checksums).
WATCH="pktgen_alloc_skb|ipv6_rcv|ip_rcv|ip6_forward|ip_forward|nf_hook_slow"
WATCH+="|nat64_hook_ipv6|nat64_hook_ipv4|nat64_xlat_6to4|nat64_xlat_4to6"
WATCH+="|nat64_state_6to4|nat64_state_4to6|nat64_route4|nat64_route6|nat64_route_output"
WATCH+="|nat64_hook_atomic6|nat64_bib_find6|nat64_bib_find4|nat64_session_of|nat64_hash"
WATCH+="|nat64_v6_walk|nat64_hdr_6to4|nat64_hdr_4to6|memcmp"
WATCH+="|hook_ipv6|hook_ipv4|core_6to4|core_4to6|ttp64_alloc_skb|ttp46_alloc_skb"
WATCH+="|filtering_and_updating|translating_the_packet|sendpkt_send"
WATCH+="|pskb_expand_head|skb_clone|skb_ensure_writable|__pskb_copy_fclone"
WATCH+="|kmalloc_reserve|kmem_cache_alloc|kmem_cache_free|kfree"
WATCH+="|ip6_route_input|ip_route_input_noref|ip6_route_output_flags"
WATCH+="|ip_route_output_flow|fib_table_lookup|fib6_table_lookup"
WATCH+="|siphash|__siphash_aligned|__siphash_unaligned|rhashtable_.*|jhash"
WATCH+="|ipv6_defrag|ipv4_conntrack_defrag|nf_ct_frag6_gather|nf_conntrack_in"
WATCH+="|skb_checksum|csum_partial|skb_checksum_help|__skb_checksum"
WATCH+="|_raw_spin_lock|_raw_spin_lock_bh|__ip_select_ident|ip_output|ip6_output"

# perf must see kernel and module addresses, as root in a guest.
sysctl -qw kernel.kptr_restrict=0 kernel.perf_event_paranoid=-1
export HOME=/root	# tmpfs: perf's build-id cache goes there

# pg_prime NS: pg_run with a time limit.  Filling a pool to the last
# port can take a translator very long; say so rather than hang.
pg_prime() {
	if ! timeout "$PROFILE_PRIME_TIMEOUT" bash -c "$(declare -f in_ns pg_run); pg_run $1"; then
		in_ns "$1" bash -c 'echo stop >/proc/net/pktgen/pgctrl'
		echo "priming from $1 took over ${PROFILE_PRIME_TIMEOUT}s; sent $(pg_sent "$1")" >&2
		impl_stats "$impl"
		return 1
	fi
}

# prime IMPL DIR N: configure IMPL, send every flow of DIR (for 4->6 the
# 6->4 flows first, which make the BIB entries 4->6 needs), and leave
# pktgen configured to send them for ever from $sender to $rxns/$rxif.
# For 6->4, unlike the benchmark, every pool4 address has ports
# 10000-65535 and a source address at most $PORTS_PER_DEV flows: even if
# several source addresses are paired with the same pool4 address, it has
# room to spare (a translator searching for the last free ports measures
# nothing here).  4->6 sends to the pool4 ports 10000 up, so there the
# pool has just as many ports as flows, as in the benchmark.
prime() {
	local impl=$1 dir=$2 n=$3 room
	if [ "$dir" = new ] || [ "$dir" = steady ] || [ "$dir" = events ]; then
		# Every packet a new flow, as the benchmark's newflow row;
		# steady: with UDP's short lifetime of its newflow_steady row;
		# events: with its newflow_events row's listener attached.
		newflow_conf "$impl" || return
		sender=gen rxns=sink rxif=sink0
		case $dir in
		steady) nat64ctl -n rtr global set udp-timeout "$BENCH_STEADY_LIFE" ;;
		events)
			nat64ctl -n rtr monitor all >/dev/null 2>&1 &
			listener=$!
			sleep 1 ;;
		esac
		return
	fi
	flows 64 "$n" "$impl" || return
	room=$((65536 - PORT0))
	[ "$dir" = 46 ] && room=$nports
	impl_setup "$impl" "$room" "$ndevs" || return
	pg_conf gen gen0 "$RTR0_MAC" $((2 * nports)) "${specs[@]}" || return
	pg_prime gen || return
	if [ "$dir" = 64 ]; then
		sender=gen rxns=sink rxif=sink0
		pg_conf gen gen0 "$RTR0_MAC" 0 "${specs[@]}"
		return
	fi
	sender=sink rxns=gen rxif=gen0
	flows 46 "$n" "$impl" || return
	pg_conf sink sink0 "$RTR1_MAC" $((2 * nports)) "${specs[@]}" || return
	pg_prime sink || return
	pg_conf sink sink0 "$RTR1_MAC" 0 "${specs[@]}"
}

# profile IMPL DIR N: one case.
profile() {
	local impl=$1 dir=$2 n=$3 name=$1-$2-$3 data=/tmp/perf.data r1 r2 t1 t2 pps
	local out=$share/profile-$name.txt all=$share/profile-$name.syms.txt
	if ! topo_up || ! prime "$impl" "$dir" "$n"; then
		fail "$name" "setup failed (see the log)"
		return
	fi
	pg_start_bg "$sender"
	# Steady: the tables have stopped growing, expiry keeps pace.
	if [ "$dir" = steady ]; then
		sleep $((BENCH_STEADY_LIFE + 4))
	else
		sleep "$BENCH_WARMUP"
	fi
	t1=$(now); r1=$(rx "$rxns" "$rxif")
	perf record -q -a -g -e cpu-clock -F "$PROFILE_FREQ" -o "$data" -- sleep "$PROFILE_SECONDS" >&2
	t2=$(now); r2=$(rx "$rxns" "$rxif")
	pg_stop "$sender"
	if [ -n "${listener:-}" ]; then
		kill "$listener"
		wait "$listener" 2>/dev/null
		listener=
	fi
	impl_stats "$impl"
	perf report -i "$data" --children --sort sym --cpu 0 --stdio -g none \
		2>/dev/null | grep -v '^#' | grep . >"$all"
	pps=$(awk -v a="$r1" -v b="$r2" -v t1="$t1" -v t2="$t2" 'BEGIN { printf "%.0f", (b - a) / (t2 - t1) }')
	{
		echo "# $name: $pps pkt/s delivered while sampled (${PROFILE_SECONDS}s)"
		echo "## self time, CPU 0"
		perf report -i "$data" --no-children --sort sym --cpu 0 --stdio -g none \
			--percent-limit 0.3 2>/dev/null | grep -v '^#' | grep . | head -n "$PROFILE_TOP"
		echo "## including callees, CPU 0"
		head -n "$PROFILE_TOP" "$all"
		echo "## watched functions, including callees, CPU 0"
		awk -v re="^($WATCH)\$" '$4 ~ re' "$all"
		# perf files module symbols under the kernel (kallsyms): sum
		# the self time of each module's symbols by kallsyms' word.
		echo "## self time per module, CPU 0"
		awk 'NR == FNR { if (NF == 4) mod[$3] = $4; next }
			($4 in mod) { t[mod[$4]] += $2 }
			END { for (m in t) printf "%8.2f%%  %s\n", t[m], m }' \
			/proc/kallsyms "$all" | sort -rn
		echo "## samples per CPU and command"
		perf report -i "$data" --no-children --sort cpu,comm --stdio -g none \
			2>/dev/null | grep -v '^#' | grep . | head -n 10
	} >"$out"
	perf report -i "$data" --no-children --sort sym --cpu 0 --stdio \
		-g caller,1,callee --percent-limit 1 2>/dev/null >"$share/profile-$name.calls.txt"
	cat "$out" >&2
	if [ "${PROFILE_KEEP:-0}" = 1 ]; then
		# For `perf report -i perf-CASE.data --kallsyms kallsyms' on the host.
		mv "$data" "$share/perf-$name.data"
		cat /proc/kallsyms >"$share/kallsyms"
	fi
	rm -f "$data"
	if [ "$((r2 - r1))" -gt 0 ]; then
		pass "$name: $pps pkt/s under perf"
	else
		fail "$name" "nothing delivered"
	fi
}

# shellcheck disable=SC2086 # a list
log "kernel $(uname -r), $(nproc) CPUs; cases:" $PROFILE_CASES
impl_prepare || finish
for c in $PROFILE_CASES; do
	IFS=: read -r impl dir n <<<"$c"
	if [ -n "${missing[$impl]:-}" ]; then continue; fi
	log "profile $impl $dir $n"
	profile "$impl" "$dir" "$n"
done
topo_down
finish
}
