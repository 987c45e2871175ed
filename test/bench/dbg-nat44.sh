#!/bin/bash
BENCH_FUNCTIONS_ONLY=1 BENCH_PORTS_PER_DEV=500
. /work/wt/bench/test/bench/guest.sh
impl_prepare
topo_up
impl=nat44; n=1000
flows 64 $n $impl; echo "ndevs=$ndevs nports=$nports specs=${specs[*]}"
impl_setup $impl $nports $ndevs
in_ns rtr sysctl net.netfilter.nf_conntrack_udp_timeout
pg_conf gen gen0 $RTR0_MAC $((2 * nports)) "${specs[@]}"; pg_run gen
echo "sink rx $(rx sink sink0)"
in_ns rtr cat /proc/net/nf_conntrack | head -4
in_ns rtr awk '{print $7, $9}' /proc/net/nf_conntrack | sort | uniq -c | sort -rn | head
in_ns rtr grep -c 'sport=1[0-9]* dport=9 .*dport=1[0-9]* ' /proc/net/nf_conntrack
flows 46 $n $impl; echo "specs=${specs[*]}"
pg_conf sink sink0 $RTR1_MAC $((2 * nports)) "${specs[@]}"; pg_run sink
echo "gen rx $(rx gen gen0)"
in_ns rtr grep -v 'dport=9 ' /proc/net/nf_conntrack | head -3
pass dbg
