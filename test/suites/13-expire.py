#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Session expiry by the module's background scan (mod/expire.c), watched
through SESSION_GET, BIB_GET, the counters and the wires.  ICMP sessions
have the shortest lifetime the globals allow (60 s), so that is what waits.
See xlat_topo.py for the topology.
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import suite  # noqa: E402
from xlat_topo import (topology, Results, wkp, H6A, H6C, H6D, Z1, Z2,  # noqa: E402
                       POOL4, ICMP)
from scapy.layers.inet import IP, ICMP as sICMP, TCP as sTCP  # noqa: E402
from scapy.layers.inet6 import IPv6, ICMPv6EchoRequest  # noqa: E402

R = Results('expire')
suite.start(R, 'veth')
topo = topology(R)
ICMP_TO = 60
GRACE = 15      # seconds past the deadline the scan may take, under TCG


def echo_out(src, ident, dst4=Z1):
    """An echo request from the IPv6 side; its translation, or None."""
    return topo.out64(IPv6(src=src, dst=wkp(dst4)) / ICMPv6EchoRequest(id=ident, seq=1),
                      lambda p: IP in p and p[IP].proto == 1)


def icmp_sessions(addr6):
    return [s for s in topo.sessions(proto=ICMP, addr6=addr6)]


# Three flows start together: A on a dynamic entry, C on a static one, D
# refreshed 40 s later.
topo.bib_add(ICMP, H6C, 99, POOL4, 99)
before = topo.stats()
t0 = time.monotonic()
outs = {h: echo_out(h, i) for h, i in ((H6A, 0x77), (H6C, 99), (H6D, 0x55))}
R.check('three echo flows translated',
        [f'{h}: nothing out' for h, o in outs.items() if o is None])
R.check('each has one live session',
        [f'{h}: {len(icmp_sessions(h))} sessions' for h in outs
         if len(icmp_sessions(h)) != 1])
a_id = outs[H6A][sICMP].id if outs[H6A] is not None else None

time.sleep(max(0, t0 + 40 - time.monotonic()))
R.check('traffic at 40 s refreshes the session',
        [] if echo_out(H6D, 0x55) is not None else ['echo not translated'])

# Wait for A and C to end: their deadline is t0 + 60 s.
gone_at = None
while time.monotonic() < t0 + ICMP_TO + GRACE:
    if not icmp_sessions(H6A) and not icmp_sessions(H6C):
        gone_at = time.monotonic() - t0
        break
    time.sleep(1)
sys.stderr.write(f'sessions of A and C gone after {gone_at} s\n')
R.check('sessions end after their 60 s, not before',
        [] if gone_at is not None and gone_at >= ICMP_TO - 1 else
        [f'gone after {gone_at} s'])
# Listings hide an expired session at once; the scan that unlinks it, counts
# it and lets go of its BIB entry runs once a second and may lag under TCG.
want = [{'proto': 'icmp', 'addr6': H6C, 'port6': 99, 'addr4': POOL4, 'port4': 99,
         'static': True, 'sessions': 0}]
scan_end = time.monotonic() + GRACE
while True:
    after = topo.stats()
    if (after['session-expired'] - before['session-expired'] >= 2 and
            not topo.bib(proto=ICMP, addr6=H6A) and
            topo.bib(proto=ICMP, addr6=H6C) == want):
        break
    if time.monotonic() >= scan_end:
        break
    time.sleep(1)
R.check('session-expired counts both',
        [] if after['session-expired'] - before['session-expired'] >= 2 else
        [f"+{after['session-expired'] - before['session-expired']}"])
R.check('a dynamic BIB entry ends with its last session',
        [] if not topo.bib(proto=ICMP, addr6=H6A) else [str(topo.bib(proto=ICMP, addr6=H6A))])
got = topo.bib(proto=ICMP, addr6=H6C)
R.check('a static BIB entry outlives its sessions', [] if got == want else [f'{got}'])
live = icmp_sessions(H6D)
R.check('the refreshed session lives on past the first deadline',
        [] if len(live) == 1 and live[0]['expires'] > 5000 else [str(live)])


def reply_dropped():
    """The reply to A's old mapping finds nothing now."""
    if a_id is None:
        return ['no mapping was made']
    b = topo.stats()
    w6 = topo.w6
    topo.w6.drain()
    topo.w4.send(IP(src=Z1, dst=POOL4) / sICMP(type=0, id=a_id, seq=1))
    seen = w6.quiet()
    d = topo.stats()['drop-no-bib-entry'] - b['drop-no-bib-entry']
    return ([] if d == 1 else [f'drop-no-bib-entry +{d}']) + \
        [f'got {p.summary()}' for p in seen if IPv6 in p]


R.run('an echo reply to the expired mapping is dropped, counted', reply_dropped)


def teardown_busy():
    """An instance with live sessions and a held SYN is deleted cleanly."""
    echo_out(H6A, 0x78, Z2)
    topo.w4.send(IP(src=Z2, dst=POOL4) / sTCP(sport=4000, dport=4321, flags='S'))
    time.sleep(0.5)
    probs = []
    if topo.stats()['syn-stored'] < 1:
        probs.append('no SYN held')
    topo.ctl('instance', 'del')
    topo.instance(topo.pool6 + '/' + str(topo.plen))
    if topo.sessions() or topo.bib():
        probs.append('state survived the instance')
    return probs


R.run('instance with sessions and a held SYN deleted, recreated empty', teardown_busy)
topo.close()
R.finish()
