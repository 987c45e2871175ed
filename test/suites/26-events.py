#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""State events and the numbers around them (issue 15): the "bib" and
"session" multicast groups of the nat64 family, read by a raw listener
(nat64genl.EventListener) and by `nat64ctl monitor', and the gauges,
pool4 use and Prometheus exposition that say what the state holds now.

Events: a new dynamic BIB entry gives BIB_NEW then SESSION_NEW, each with
the exact fields the dumps list and a CLOCK_REALTIME time; a session ends
with SESSION_END(reason) and a dynamic entry with BIB_END after its last
session's, for each reason the traffic or the operator can cause
(expired, tcp-closed, deleted, pool4); a static entry's BIB_NEW says so
and its sessions' end ends no entry; deleting the instance gives one
STATE_FLUSHED.  Each group carries its own kind of event only, and
STATE_FLUSHED goes to both with one time.  Joining needs CAP_NET_ADMIN; a listener too slow to read
loses events, and the kernel counts them in events-lost.  Then nat64ctl
monitor, in JSON and text, prints exactly what the kernel sent, in order,
and follows the module through an unload and a load.

The module is loaded with lab_timeouts, so lifetimes are seconds.  See
xlat_topo.py for the topology.
"""
import calendar
import datetime
import errno
import json
import os
import re
import shutil
import signal
import select
import socket
import struct
import subprocess
import sys
import time

LIB = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib')
sys.path.insert(0, LIB)
import suite  # noqa: E402
from nat64genl import (EventListener, END_REASONS, PROTOS, STAT_NAMES,  # noqa: E402
                       a, parse_attrs, parse_gauges, pool4_use)
from xlat_topo import (topology, Results, Unavailable, netns, sh, wait_counter,  # noqa: E402
                       wkp, NAT, NAT64CTL, WKP, WAIT, QUIET, TCP_STATES,
                       H6A, H6B, H6C, H6D, H6S, Z1, Z2, Z3, Z4, POOL4, TCP, UDP, ICMP)
from scapy.layers.inet import IP, UDP as sUDP, TCP as sTCP  # noqa: E402
from scapy.layers.inet6 import IPv6, ICMPv6EchoRequest  # noqa: E402

R = Results('events')
# Lifetimes of seconds need lab_timeouts, which is read-only after load.
if suite.nat64_loaded():
    suite.nat64_unload()
if not suite.nat64_load('lab_timeouts=1'):
    R.check('module loads with lab_timeouts=1', 'insmod failed')
    R.finish()
suite.modprobe('veth')
topo = topology(R)
w4, w6 = topo.w4, topo.w6

SHORT = 2               # seconds: the lifetimes the expiry tests set
# tcp-trans-timeout in the TCP tests: V6 INIT lives that long too, and the
# handshake must be over before it runs out, under TCG.
TRANS_SHORT = 4
GRACE = 15              # seconds past a deadline the scan may take, under TCG
SKEW = 3 * 10**9        # ns an event's time may be off the clock around it
POOL4B = '203.0.113.2'  # a second pool4 address
UDP_TO, EST_TO, TRANS_TO = 300, 7440, 240
PROTO_NUM = {name: num for num, name in PROTOS.items()}
EVENT_NAMES = {'BIB_NEW': 'bib-new', 'BIB_END': 'bib-end', 'SESSION_NEW': 'session-new',
               'SESSION_END': 'session-end', 'STATE_FLUSHED': 'flushed'}
BIB_KEYS = ('proto', 'addr6', 'port6', 'addr4', 'port4')
SESSION_KEYS = ('proto', 'addr6', 'port6', 'remote6', 'remote_port6', 'addr4', 'port4',
                'remote4', 'remote_port4')


class Broken(Exception):
    """A step the test builds on did not happen: FAIL with this."""


def run(name, fn, *args):
    def wrapped():
        try:
            return fn(*args)
        except Broken as e:
            return [f'could not get there: {e}']
    R.run(name, wrapped)


# --- flows -------------------------------------------------------------------

def is4(proto):
    return lambda p: IP in p and p[IP].proto == proto


def udp_out(src, sport, dst4=Z1, dport=53):
    """UDP from the IPv6 side; the IPv4 packet out (Broken if none)."""
    out = topo.out64(IPv6(src=src, dst=wkp(dst4)) / sUDP(sport=sport, dport=dport) / b'q',
                     lambda p: IP in p and p[IP].proto == 17 and p[IP].dst == dst4 and
                     p[sUDP].dport == dport)
    if out is None:
        raise Broken(f'UDP from [{src}]:{sport}: ' + topo.nothing('IPv4', w6))
    return out


def echo_out(src, ident, dst4=Z1):
    out = topo.out64(IPv6(src=src, dst=wkp(dst4)) / ICMPv6EchoRequest(id=ident, seq=1),
                     is4(1))
    if out is None:
        raise Broken(f'echo from {src}: ' + topo.nothing('IPv4', w6))
    return out


class Conn:
    """One TCP connection (src, sport) <-> (dst4, dport) played packet by
    packet from both wires."""

    def __init__(self, src, sport, dst4=Z1, dport=80):
        self.src, self.sport, self.dst4, self.dport = src, sport, dst4, dport
        self.T = self.t = None

    def v6(self, flags, seq=1000, ack=0):
        out = topo.out64(IPv6(src=self.src, dst=wkp(self.dst4)) /
                         sTCP(sport=self.sport, dport=self.dport, flags=flags, seq=seq,
                              ack=ack),
                         lambda p: IP in p and p[IP].proto == 6 and p[IP].dst == self.dst4
                         and p[sTCP].dport == self.dport)
        if out is None:
            raise Broken(f'IPv6 {flags} of [{self.src}]:{self.sport}: ' +
                         topo.nothing('IPv4', w6))
        self.T, self.t = out[IP].src, out[sTCP].sport
        return out

    def v4(self, flags, seq=5000, ack=1001):
        out = topo.out46(IP(src=self.dst4, dst=self.T) /
                         sTCP(sport=self.dport, dport=self.t, flags=flags, seq=seq, ack=ack),
                         lambda p: IPv6 in p and p[IPv6].nh == 6 and
                         p[IPv6].dst == self.src and p[sTCP].dport == self.sport)
        if out is None:
            raise Broken(f'IPv4 {flags} to {self.T}:{self.t}: ' + topo.nothing('IPv6', w4))
        return out

    def establish(self):
        self.v6('S')
        self.v4('SA')
        self.v6('A', seq=1001, ack=5001)


# --- events ------------------------------------------------------------------

def listen(**kw):
    """An EventListener in the translator's namespace."""
    with netns(NAT):
        return EventListener(**kw)


def of(events, proto, addr6, port6, cmds=None):
    """The events about the BIB entry (proto, X', x) and its sessions."""
    return [e for e in events if e.get('proto') == proto and e.get('addr6') == addr6 and
            e.get('port6') == port6 and (cmds is None or e['cmd'] in cmds)]


def brief(e):
    """An event in a few words, for a failure's line."""
    s = e['cmd']
    if e.get('reason') is not None:
        s += f'({e["reason"]})'
    if e.get('object'):
        s += f' {PROTOS.get(e.get("proto"), e.get("proto"))} [{e.get("addr6")}]:' \
             f'{e.get("port6")} {e.get("addr4")}:{e.get("port4")}'
    if e.get('object') == 'session':
        s += f' -> {e.get("remote4")}:{e.get("remote_port4")}'
    if e.get('static'):
        s += ' static'
    return s


def pick(d, keys):
    return {k: d.get(k) for k in keys}


def dump_session(s):
    """A row of topo.sessions() named as parse_event() names fields."""
    return {'proto': PROTO_NUM[s['proto']], 'addr6': s['addr6'], 'port6': s['port6'],
            'remote6': s['remote6'], 'remote_port6': s['rport6'], 'addr4': s['addr4'],
            'port4': s['port4'], 'remote4': s['remote4'], 'remote_port4': s['rport4']}


def count(events, command, flow=None):
    return len([e for e in events if e['cmd'] == command and
                (flow is None or (e.get('proto'), e.get('addr6'), e.get('port6')) == flow)])


def ended(*flows):
    """until= for L.recv: a BIB_END for each of @flows (proto, X', x)."""
    return lambda got: all(count(got, 'BIB_END', f) >= 1 for f in flows)


def lifecycle(events, flow, reason, sessions=1):
    """Problems if the events of @flow (proto, X', x) are not exactly
    BIB_NEW, @sessions SESSION_NEW, as many SESSION_END(@reason), then
    BIB_END(@reason), each END with the fields of its NEW."""
    mine = of(events, *flow)
    probs = []
    want = ['BIB_NEW'] + ['SESSION_NEW'] * sessions + ['SESSION_END'] * sessions + ['BIB_END']
    got = [e['cmd'] for e in mine]
    if sorted(got) != sorted(want) or got[0] != 'BIB_NEW' or got[-1] != 'BIB_END':
        return [f'events {[brief(e) for e in mine]}, want {want}']
    if max(i for i, c in enumerate(got) if c == 'SESSION_NEW') > \
            min(i for i, c in enumerate(got) if c == 'SESSION_END'):
        probs.append(f'a SESSION_END before a SESSION_NEW: {got}')
    for e in mine:
        want_r = reason if e['cmd'].endswith('_END') else None
        if e['reason'] != want_r:
            probs.append(f'{brief(e)}: reason {e["reason"]}, want {want_r}')
        if e['time'] is None:
            probs.append(f'{brief(e)}: no time')
    new_b, end_b = mine[0], mine[-1]
    if pick(new_b, BIB_KEYS) != pick(end_b, BIB_KEYS):
        probs.append(f'BIB_END {pick(end_b, BIB_KEYS)} is not BIB_NEW\'s {pick(new_b, BIB_KEYS)}')
    # dict_items compare as sets, which sorted() cannot order: use tuples.
    def fields(cmd):
        return sorted(tuple(sorted(pick(e, SESSION_KEYS).items()))
                      for e in mine if e['cmd'] == cmd)
    news, ends = fields('SESSION_NEW'), fields('SESSION_END')
    if news != ends:
        probs.append(f'SESSION_END fields {ends} differ from SESSION_NEW\'s {news}')
    probs += [f'{brief(e)} has EXPIRES' for e in mine if e['cmd'] == 'SESSION_END' and
              'expires' in e]
    probs += [f'{brief(e)} has SESSIONS' for e in mine if e['object'] == 'bib' and
              'sessions' in e]
    times = [e['time'] or 0 for e in mine]
    if times != sorted(times):
        probs.append(f'times go backwards: {times}')
    return probs


# --- the tests: events from the traffic ---------------------------------------

def t_udp_new():
    """A UDP flow: BIB_NEW then SESSION_NEW, exactly the (T,t) that went
    out and exactly the session the dump lists."""
    with listen() as L:
        out = udp_out(H6A, 6000, Z1, 53)
        flow = (UDP, H6A, 6000)
        got = L.recv(WAIT, until=lambda g: count(g, 'SESSION_NEW', flow) >= 1)
        got += L.recv(QUIET)
    mine = of(got, *flow)
    probs = []
    if [e['cmd'] for e in mine] != ['BIB_NEW', 'SESSION_NEW']:
        return [f'events {[brief(e) for e in mine]}, want BIB_NEW, SESSION_NEW']
    b, s = mine
    want = {'proto': UDP, 'addr6': H6A, 'port6': 6000, 'addr4': out[IP].src,
            'port4': out[sUDP].sport}
    if pick(b, BIB_KEYS) != want:
        probs.append(f'BIB_NEW {pick(b, BIB_KEYS)}, want {want}')
    if b.get('static', 0) != 0:
        probs.append('BIB_NEW of a dynamic entry says static')
    if 'sessions' in b:
        probs.append('BIB_NEW carries SESSIONS')
    rows = [dump_session(r) for r in topo.sessions(proto=UDP, addr6=H6A) if r['port6'] == 6000]
    if len(rows) != 1:
        probs.append(f'{len(rows)} sessions listed for [{H6A}]:6000')
    elif pick(s, SESSION_KEYS) != rows[0]:
        probs.append(f'SESSION_NEW {pick(s, SESSION_KEYS)}, the dump lists {rows[0]}')
    e = s.get('expires')
    if e is None or not (UDP_TO - 30) * 1000 < e <= UDP_TO * 1000:
        probs.append(f'SESSION_NEW expires {e} ms, want about {UDP_TO * 1000}')
    if 'tcp_state' in s:
        probs.append('a UDP SESSION_NEW carries a TCP state')
    for ev in mine:
        if ev['reason'] is not None:
            probs.append(f'{ev["cmd"]} carries a reason ({ev["reason"]})')
        if ev['attrs'] != sorted([a('NAT64_A_EVENT'), a('NAT64_A_' + ev['object'].upper())]):
            probs.append(f'{ev["cmd"]} top-level attributes {ev["attrs"]}')
    return probs


def t_times():
    """Each event's time is CLOCK_REALTIME when it happened: within a few
    seconds of the guest's clock around the packet, BIB_NEW no later than
    SESSION_NEW."""
    t0 = time.time_ns()
    with listen() as L:
        udp_out(H6A, 6001, Z1, 53)
        flow = (UDP, H6A, 6001)
        got = L.recv(WAIT, until=lambda g: count(g, 'SESSION_NEW', flow) >= 1)
    t1 = time.time_ns()
    mine = of(got, *flow)
    if len(mine) != 2:
        return [f'events {[brief(e) for e in mine]}']
    probs = []
    for e in mine:
        if e['time'] is None:
            probs.append(f'{e["cmd"]}: no time')
        elif not t0 - SKEW <= e['time'] <= t1 + SKEW:
            probs.append(f'{e["cmd"]} at {e["time"]}, the packet went between {t0} and {t1}')
    if None not in (mine[0]['time'], mine[1]['time']) and mine[0]['time'] > mine[1]['time']:
        probs.append('BIB_NEW is later than SESSION_NEW')
    return probs


def t_expired():
    """udp-timeout 2 s: SESSION_END(expired) then BIB_END(expired), about
    2 s after, with the fields of their NEW events; the dumps agree."""
    topo.globals(udp_timeout=SHORT)
    try:
        with listen() as L:
            udp_out(H6B, 6200, Z1, 53)
            flow = (UDP, H6B, 6200)
            got = L.recv(SHORT + GRACE, until=ended(flow))
    finally:
        topo.globals(udp_timeout=UDP_TO)
    probs = lifecycle(got, flow, 'expired')
    mine = of(got, *flow)
    if len(mine) == 4 and None not in (mine[0]['time'], mine[2]['time']):
        lived = (mine[2]['time'] - mine[0]['time']) / 1e9
        sys.stderr.write(f'  the session lived {lived:.2f} s\n')
        if lived < SHORT - 1:
            probs.append(f'ended after {lived:.2f} s, its lifetime is {SHORT} s')
    if [b for b in topo.bib(proto=UDP, addr6=H6B) if b['port6'] == 6200]:
        probs.append('the BIB entry is still listed')
    return probs


def t_tcp_rst():
    """RST, then tcp-trans-timeout (4 s): tcp-closed, session then entry."""
    topo.globals(tcp_trans_timeout=TRANS_SHORT)
    try:
        with listen() as L:
            c = Conn(H6C, 7000)
            c.establish()
            c.v6('R', seq=1001)
            flow = (TCP, H6C, 7000)
            got = L.recv(TRANS_SHORT + GRACE, until=ended(flow))
    finally:
        topo.globals(tcp_trans_timeout=TRANS_TO)
    probs = lifecycle(got, flow, 'tcp-closed')
    new = [e for e in of(got, *flow) if e['cmd'] == 'SESSION_NEW']
    if new and TCP_STATES.get(new[0].get('tcp_state')) != 'V6_INIT':
        probs.append(f'SESSION_NEW state {new[0].get("tcp_state")}, want V6_INIT')
    return probs


def t_tcp_fin():
    """FIN both ways, then tcp-trans-timeout (4 s): tcp-closed."""
    topo.globals(tcp_trans_timeout=TRANS_SHORT)
    try:
        with listen() as L:
            c = Conn(H6C, 7001)
            c.establish()
            c.v6('FA', seq=1001, ack=5001)
            c.v4('FA', seq=5001, ack=1002)
            c.v6('A', seq=1002, ack=5002)
            flow = (TCP, H6C, 7001)
            got = L.recv(TRANS_SHORT + GRACE, until=ended(flow))
    finally:
        topo.globals(tcp_trans_timeout=TRANS_TO)
    return lifecycle(got, flow, 'tcp-closed')


def t_tcp_est_expired():
    """An ESTABLISHED session left idle: tcp-est-timeout (2 s) runs out,
    the probe goes unanswered, tcp-trans-timeout (4 s) runs out: expired,
    not tcp-closed."""
    topo.globals(tcp_est_timeout=SHORT, tcp_trans_timeout=TRANS_SHORT)
    try:
        with listen() as L:
            c = Conn(H6D, 7002)
            c.establish()
            flow = (TCP, H6D, 7002)
            got = L.recv(SHORT + TRANS_SHORT + GRACE, until=ended(flow))
    finally:
        topo.globals(tcp_est_timeout=EST_TO, tcp_trans_timeout=TRANS_TO)
        w6.drain()
    return lifecycle(got, flow, 'expired')


def t_bib_del():
    """bib del of a dynamic entry with two sessions: SESSION_END(deleted)
    for each, then BIB_END(deleted)."""
    with listen() as L:
        out = udp_out(H6B, 6300, Z1, 53)
        udp_out(H6B, 6300, Z2, 53)
        T, t = out[IP].src, out[sUDP].sport
        flow = (UDP, H6B, 6300)
        topo.ctl('bib', 'del', 'proto', 'udp', f'{T}:{t}')
        got = L.recv(WAIT, until=ended(flow))
        got += L.recv(QUIET)
    probs = lifecycle(got, flow, 'deleted', sessions=2)
    ends = {e.get('remote4') for e in of(got, *flow, cmds=('SESSION_END',))}
    if ends != {Z1, Z2}:
        probs.append(f'sessions ended towards {sorted(map(str, ends))}, want {Z1} and {Z2}')
    return probs


def t_static():
    """Static bib add: BIB_NEW static.  Its session expires: SESSION_END
    (expired) and no BIB_END.  bib del: BIB_END(deleted), static."""
    flow = (UDP, H6S, 7100)
    probs = []
    topo.globals(udp_timeout=SHORT)
    try:
        with listen() as L:
            topo.ctl('bib', 'add', 'proto', 'udp', f'[{H6S}]:7100', f'{POOL4}:7100')
            got = L.recv(WAIT, until=lambda g: count(g, 'BIB_NEW', flow) >= 1)
            udp_out(H6S, 7100, Z3, 53)
            got += L.recv(SHORT + GRACE,
                          until=lambda g: count(g, 'SESSION_END', flow) >= 1)
            got += L.recv(2)        # the scan would end a dynamic entry by now
            mid = of(got, *flow)
            topo.ctl('bib', 'del', 'proto', 'udp', f'{POOL4}:7100')
            got += L.recv(WAIT, until=ended(flow))
    finally:
        topo.globals(udp_timeout=UDP_TO)
    mine = of(got, *flow)
    cmds = [(e['cmd'], e['reason']) for e in mine]
    want = [('BIB_NEW', None), ('SESSION_NEW', None), ('SESSION_END', 'expired'),
            ('BIB_END', 'deleted')]
    if cmds != want:
        probs.append(f'events {[brief(e) for e in mine]}, want {want}')
    if 'BIB_END' in [e['cmd'] for e in mid]:
        probs.append('the static entry ended with its session')
    want_b = {'proto': UDP, 'addr6': H6S, 'port6': 7100, 'addr4': POOL4, 'port4': 7100}
    for e in mine:
        if e['object'] == 'bib':
            if pick(e, BIB_KEYS) != want_b:
                probs.append(f'{e["cmd"]} {pick(e, BIB_KEYS)}, want {want_b}')
            if e.get('static') != 1:
                probs.append(f'{e["cmd"]} static {e.get("static")}, want 1')
    return probs


def t_pool4_removal():
    """pool4 del of an address in use: every session and entry on it ends
    with reason pool4, each entry's sessions before it; the other
    address's keep going."""
    topo.instance(WKP + '/96', pool4=((POOL4 + '/32',), (POOL4B + '/32',)))
    hosts = [f'2001:db8:6::1{i:02x}' for i in range(24)]
    used = set()
    with listen() as L:
        for i, h in enumerate(hosts):
            udp_out(h, 6400, Z1, 53)
            o = udp_out(h, 6400, Z2, 53)
            used.add(o[IP].src)
            if i % 3 == 0:
                echo_out(h, 0x640)
            if i >= 5 and used == {POOL4, POOL4B}:
                break
        if used != {POOL4, POOL4B}:
            raise Broken(f'{len(hosts)} hosts all went out from {used}')
        before_b, before_s = topo.bib(), topo.sessions()
        gone_b = {tuple(b[k] for k in BIB_KEYS) for b in before_b if b['addr4'] == POOL4B}
        gone_s = {tuple(dump_session(s).values()) for s in before_s if s['addr4'] == POOL4B}
        flows = {(PROTO_NUM[p], x, port) for p, x, port, _, _ in gone_b}
        L.recv(0)
        topo.ctl('pool4', 'del', POOL4B + '/32')
        got = L.recv(2 * WAIT, until=ended(*flows))
        got += L.recv(QUIET)
    name = {v: k for k, v in PROTO_NUM.items()}
    probs = []
    ends_b = [e for e in got if e['cmd'] == 'BIB_END']
    ends_s = [e for e in got if e['cmd'] == 'SESSION_END']
    got_b = {(name[e['proto']], e['addr6'], e['port6'], e['addr4'], e['port4']) for e in ends_b}
    got_s = {tuple(pick(e, SESSION_KEYS).values()) for e in ends_s}
    if got_b != gone_b:
        probs.append(f'{len(got_b)} BIB_END for the {len(gone_b)} entries on {POOL4B}; '
                     f'missing {sorted(gone_b - got_b)[:3]}, extra {sorted(got_b - gone_b)[:3]}')
    if got_s != gone_s:
        probs.append(f'{len(got_s)} SESSION_END for the {len(gone_s)} sessions on {POOL4B}')
    probs += [f'{brief(e)}: reason {e["reason"]}' for e in ends_b + ends_s
              if e['reason'] != 'pool4'][:3]
    for e in ends_b:
        at = got.index(e)
        later = [s for s in got[at:] if s['cmd'] == 'SESSION_END' and
                 (s['proto'], s['addr6'], s['port6']) == (e['proto'], e['addr6'], e['port6'])]
        if later:
            probs.append(f'{brief(later[0])} after its entry\'s BIB_END')
    stray = [brief(e) for e in got if e['cmd'] in ('BIB_NEW', 'SESSION_NEW') or
             e.get('addr4') == POOL4]
    if stray:
        probs.append(f'other events: {stray[:3]}')
    kept = {tuple(b[k] for k in BIB_KEYS) for b in topo.bib()}
    want_kept = {tuple(b[k] for k in BIB_KEYS) for b in before_b if b['addr4'] == POOL4}
    if kept != want_kept:
        probs.append(f'BIB after: {len(kept)} entries, want the {len(want_kept)} on {POOL4}')
    sys.stderr.write(f'  {len(gone_b)} entries and {len(gone_s)} sessions on {POOL4B}, '
                     f'{len(want_kept)} entries on {POOL4}\n')
    return probs


def t_session_flush():
    """session flush proto icmp ends ICMP's sessions alone; session flush
    ends every other (reason flushed), each dynamic entry after its
    sessions, and leaves a static entry, without sessions; traffic then
    makes new state."""
    flow_u, flow_i, flow_s = (UDP, H6A, 6600), (ICMP, H6B, 0x660), (UDP, H6S, 7200)
    topo.instance(WKP + '/96')      # no other test's state
    topo.ctl('bib', 'add', 'proto', 'udp', f'[{H6S}]:7200', f'{POOL4}:7200')
    probs = []
    try:
        with listen() as L:
            udp_out(H6A, 6600, Z1, 53)
            udp_out(H6A, 6600, Z2, 53)
            echo_out(H6B, 0x660)
            udp_out(H6S, 7200, Z3, 53)
            made = L.recv(WAIT, until=lambda g: count(g, 'SESSION_NEW') >= 4)
            topo.ctl('session', 'flush', 'proto', 'icmp')
            icmp = L.recv(WAIT, until=ended(flow_i))
            icmp += L.recv(QUIET)
            left = topo.sessions()
            topo.ctl('session', 'flush')
            rest = L.recv(WAIT, until=lambda g: ended(flow_u)(g) and
                          count(g, 'SESSION_END', flow_s) >= 1)
            rest += L.recv(QUIET)
            after = (topo.sessions(), topo.bib())
            udp_out(H6A, 6600, Z1, 53)
            again = L.recv(WAIT, until=lambda g: count(g, 'SESSION_NEW', flow_u) >= 1)
    finally:
        topo.ctl('bib', 'del', 'proto', 'udp', f'{POOL4}:7200', check=False)
    others = [brief(e) for e in icmp if (e['proto'], e['addr6'], e['port6']) != flow_i]
    if others:
        probs.append(f'session flush proto icmp ended others too: {others}')
    probs += lifecycle(made + icmp, flow_i, 'flushed')
    left = sorted((r['proto'], r['addr6'], r['port6'], r['remote4']) for r in left)
    if left != sorted([('udp', H6A, 6600, Z1), ('udp', H6A, 6600, Z2), ('udp', H6S, 7200, Z3)]):
        probs.append(f'after flushing icmp the sessions are {left}, want the 3 udp ones')
    probs += lifecycle(made + rest, flow_u, 'flushed', sessions=2)
    mine = [(e['cmd'], e['reason']) for e in of(made + rest, *flow_s)]
    if mine != [('SESSION_NEW', None), ('SESSION_END', 'flushed')]:
        probs.append(f'static entry\'s events {mine}, want its session new, then '
                     'ended (flushed), and no BIB_END')
    sessions, bib = after
    if sessions:
        probs.append('sessions left after session flush: ' +
                     str([(r['proto'], r['addr6'], r['port6'], r['remote4']) for r in sessions]))
    if [(b['addr6'], b['port6'], b['static'], b['sessions'] or 0) for b in bib] != \
            [(H6S, 7200, True, 0)]:
        probs.append(f'BIB after session flush {bib}, want only the static entry, '
                     'without sessions')
    if not count(again, 'BIB_NEW', flow_u):
        probs.append('the flushed flow made no new BIB entry when it sent again')
    return probs


def t_flushed():
    """instance del with state: one STATE_FLUSHED (time only), no event
    per entry or session."""
    topo.instance(WKP + '/96')
    with listen() as L:
        udp_out(H6A, 6500, Z1, 53)
        echo_out(H6B, 0x650)
        L.recv(WAIT, until=lambda g: count(g, 'SESSION_NEW') >= 2)
        t0 = time.time_ns()
        topo.ctl('instance', 'del')
        got = L.recv(WAIT, until=lambda g: count(g, 'STATE_FLUSHED') >= 1)
        got += L.recv(QUIET)
        t1 = time.time_ns()
        copies = L.flushed_copies
    topo.instance(WKP + '/96')
    probs = []
    if [e['cmd'] for e in got] != ['STATE_FLUSHED']:
        return [f'events {[brief(e) for e in got]}, want one STATE_FLUSHED']
    if copies != 1:
        probs.append(f'{copies} copies of STATE_FLUSHED with its time, want 1 (one per group)')
    e = got[0]
    if e['attrs'] != [a('NAT64_A_EVENT')]:
        probs.append(f'top-level attributes {e["attrs"]}, want only NAT64_A_EVENT')
    if e['reason'] is not None:
        probs.append(f'reason {e["reason"]}')
    if e['time'] is None or not t0 - SKEW <= e['time'] <= t1 + SKEW:
        probs.append(f'time {e["time"]}, the deletion was between {t0} and {t1}')
    return probs


def t_groups():
    """A listener of "bib" alone gets BIB_NEW and BIB_END, one of "session"
    alone SESSION_NEW and SESSION_END, each the same events as a listener
    of both; each gets STATE_FLUSHED, once."""
    topo.instance(WKP + '/96')
    Lb, Ls, La = listen(groups=('bib',)), listen(groups=('session',)), listen()
    try:
        flow = (UDP, H6C, 6600)
        out = udp_out(H6C, 6600, Z1, 53)
        udp_out(H6C, 6600, Z2, 53)
        want = La.recv(WAIT, until=lambda g: count(g, 'SESSION_NEW', flow) >= 2)
        topo.ctl('bib', 'del', 'proto', 'udp', f'{out[IP].src}:{out[sUDP].sport}')
        want += La.recv(WAIT, until=lambda g: count(g, 'BIB_END', flow) >= 1)
        topo.ctl('instance', 'del')
        rest = La.recv(WAIT, until=lambda g: count(g, 'STATE_FLUSHED') >= 1)
        got_b = Lb.recv(QUIET)
        got_s = Ls.recv(QUIET)
    finally:
        for L in (Lb, Ls, La):
            L.close()
        topo.instance(WKP + '/96')
    want = of(want, *flow)
    probs = []
    if [e['cmd'] for e in want] != ['BIB_NEW', 'SESSION_NEW', 'SESSION_NEW',
                                    'SESSION_END', 'SESSION_END', 'BIB_END']:
        return [f'both groups: {[brief(e) for e in want]}']
    if count(rest, 'STATE_FLUSHED') != 1:
        probs.append(f'both groups: {count(rest, "STATE_FLUSHED")} STATE_FLUSHED after dedup')
    for name, got, kind in (('bib', got_b, 'bib'), ('session', got_s, 'session')):
        flushed = [e for e in got if e['cmd'] == 'STATE_FLUSHED']
        mine = [e for e in got if e['cmd'] != 'STATE_FLUSHED']
        exp = [e for e in want if e['object'] == kind]
        if mine != exp:
            probs.append(f'"{name}" alone: {[brief(e) for e in mine]}, want '
                         f'{[brief(e) for e in exp]}')
        if len(flushed) != 1:
            probs.append(f'"{name}" alone: {len(flushed)} STATE_FLUSHED, want 1')
        elif rest and flushed[0]['time'] != rest[-1]['time']:
            probs.append(f'"{name}" alone: STATE_FLUSHED at {flushed[0]["time"]}, '
                         f'the other group\'s at {rest[-1]["time"]}')
    return probs


def t_lost_bib_only():
    """A slow listener of "bib" alone, as the mapping log is: the kernel
    offers it one event per new flow, so it can lose no more than that,
    where a listener of both groups is offered two."""
    n = 30
    slow = listen(rcvbuf=1, broadcast_error=True, groups=('bib',))
    try:
        before = flood_made(n, 22000)
        time.sleep(QUIET)
        lost = topo.stats()['events-lost'] - before['events-lost']
        sys.stderr.write(f'  events-lost +{lost} for {n} new flows\n')
        if not 0 < lost <= n:
            return [f'events-lost +{lost}, want 1 to {n}: session events were offered too']
        return []
    finally:
        slow.close()


# --- who may listen --------------------------------------------------------------

JOIN = '''
import sys
sys.path.insert(0, sys.argv[1])
from nat64genl import EventListener
try:
    EventListener(rcvbuf=None).close()
except PermissionError:
    print("EPERM")
except OSError as e:
    print(f"errno {e.errno}: {e}")
else:
    print("joined")
'''
NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all']


def joins(*prefix):
    """What the JOIN snippet says run in the translator's namespace as
    @prefix says."""
    r = sh('ip', 'netns', 'exec', NAT, *prefix, '/usr/bin/python3', '-c', JOIN, LIB,
           check=False)
    return (r.stdout.strip() or f'exit {r.returncode}: {r.stderr.strip()[:200]}')


def t_join_root():
    got = joins()
    return [] if got == 'joined' else [f'root: {got}']


def t_join_nobody():
    got = joins(*NOBODY)
    return [] if got == 'EPERM' else [f'uid 65534 without capabilities: {got}, want EPERM']


def t_join_userns():
    got = joins(*NOBODY, 'unshare', '--user', '--map-root-user')
    return [] if got == 'EPERM' else [f'root of its own user namespace: {got}, want EPERM']


def t_monitor_nobody():
    cmdline = ['ip', 'netns', 'exec', NAT, *NOBODY, NAT64CTL, 'monitor']
    try:
        r = subprocess.run(cmdline, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=20)
    except subprocess.TimeoutExpired:
        return ['nat64ctl monitor as uid 65534 still runs after 20 s']
    sys.stderr.write(f'+ {" ".join(cmdline)}  [exit {r.returncode}]\n  {r.stderr.strip()}\n')
    probs = []
    if r.returncode == 0:
        probs.append('exited 0')
    if not re.search(r'not permitted|CAP_NET_ADMIN', r.stderr):
        probs.append(f'stderr does not say why: `{r.stderr.strip()[:200]}\'')
    if r.stdout.strip():
        probs.append(f'printed `{r.stdout.strip()[:100]}\'')
    return probs


# --- lost events ------------------------------------------------------------------

def flood6(src, n, sport0, dst4=Z4):
    """@n UDP flows from (src, sport0 + i), sent without waiting."""
    w6.drain()
    w4.drain()
    for i in range(n):
        w6.send(IPv6(src=src, dst=wkp(dst4)) / sUDP(sport=sport0 + i, dport=53) / b'x')


def flood_made(n, sport0):
    """flood6() @n flows from H6D and wait until each made its session;
    the counters from before (Broken if they were not all made)."""
    before = topo.stats()
    flood6(H6D, n, sport0)
    now = wait_counter(topo, before, 'session-created', n)
    if now['session-created'] - before['session-created'] < n:
        raise Broken(f'{now["session-created"] - before["session-created"]} of {n} '
                     f'sessions created')
    return before


def t_lost():
    """A listener with the smallest buffer that reads nothing while 40
    flows start: events-lost counts what it missed, its next read is
    ENOBUFS (NETLINK_BROADCAST_ERROR set), then it reads again; a listener
    with room got every event."""
    n = 40
    slow = listen(rcvbuf=1, broadcast_error=True)
    good = listen()
    try:
        sys.stderr.write(f'  the slow listener has {slow.rcvbuf()} bytes of buffer\n')
        before = flood_made(n, 21000)
        seen = good.recv(WAIT, until=lambda g: count(g, 'SESSION_NEW') >= n)
        lost = topo.stats()['events-lost'] - before['events-lost']
        probs = []
        sys.stderr.write(f'  events-lost +{lost}\n')
        if not 0 < lost <= 2 * n:
            probs.append(f'events-lost +{lost}, want 1 to {2 * n}')
        mine = [e for e in seen if e.get('addr6') == H6D and 21000 <= e.get('port6', 0) < 21000 + n]
        if count(mine, 'BIB_NEW') != n or count(mine, 'SESSION_NEW') != n:
            probs.append(f'the listener with room got {count(mine, "BIB_NEW")} BIB_NEW and '
                         f'{count(mine, "SESSION_NEW")} SESSION_NEW of {n} each')
        try:
            first = slow.recv(0, raise_enobufs=True)
            probs.append(f'the slow listener read {len(first)} events, no ENOBUFS')
        except OSError as e:
            if e.errno != errno.ENOBUFS:
                probs.append(f'the slow listener\'s read failed with {e}')
        after = slow.recv(0.5)
        if not after:
            probs.append('the slow listener read nothing after ENOBUFS')
        if len(after) >= 2 * n:
            probs.append(f'the slow listener got all {len(after)} events')
        return probs
    finally:
        slow.close()
        good.close()


# --- gauges, pool4 use, Prometheus ------------------------------------------------

STATE = {}


def gauge_state():
    """A fresh instance with two pool4 addresses, and known state on it:
    udp 4 entries (one static) 5 sessions (one opened from IPv4), tcp 2
    and 2, icmp 1 and 1.  Returns what it expects."""
    if STATE:
        return STATE
    topo.instance(WKP + '/96', pool4=((POOL4 + '/32',), (POOL4B + '/32',)))
    # Nothing of it may expire before the last of these tests.
    topo.globals(icmp_timeout=600)
    topo.ctl('bib', 'add', 'proto', 'udp', f'[{H6S}]:7000', f'{POOL4}:7000')
    udp_out(H6A, 5000, Z1)
    udp_out(H6A, 5000, Z2)
    udp_out(H6B, 5001, Z1)
    udp_out(H6D, 5004, Z1)
    Conn(H6A, 5002).v6('S')
    Conn(H6C, 5003).v6('S')
    echo_out(H6A, 0x77)
    # Last: a session opened from IPv4 lives 30 s unanswered.
    out = topo.out46(IP(src=Z3, dst=POOL4) / sUDP(sport=999, dport=7000) / b'in',
                     lambda p: IPv6 in p and p[IPv6].dst == H6S)
    if out is None:
        raise Broken('IPv4 packet to the static entry: ' + topo.nothing('IPv6', w4))
    STATE.update({
        'sessions': 8, 'ipv4_sessions': 1, 'stored_syns': 0,
        'proto': {UDP: {'bib': 4, 'sessions': 5, 'ports': 2 * 64512},
                  TCP: {'bib': 2, 'sessions': 2, 'ports': 2 * 64512},
                  ICMP: {'bib': 1, 'sessions': 1, 'ports': 2 * 65536}},
    })
    return STATE


def gauges():
    g = parse_gauges(topo.request('STATS_GET')[0])
    if g is None:
        raise Broken('the STATS_GET reply has no NAT64_A_GAUGES')
    return g


def t_gauges():
    want = gauge_state()
    got = gauges()
    probs = []
    for k in ('sessions', 'ipv4_sessions', 'stored_syns'):
        if got.get(k) != want[k]:
            probs.append(f'{k} {got.get(k)}, want {want[k]}')
    for p, row in want['proto'].items():
        g = got['proto'].get(p, {})
        for k, v in row.items():
            if g.get(k) != v:
                probs.append(f'{PROTOS[p]} {k} {g.get(k)}, want {v}')
        nb, ns = len(topo.bib(proto=p)), len(topo.sessions(proto=p))
        if (g.get('bib'), g.get('sessions')) != (nb, ns):
            probs.append(f'{PROTOS[p]}: gauges {g.get("bib")} entries {g.get("sessions")} '
                         f'sessions, the dumps list {nb} and {ns}')
    if set(got['proto']) != set(PROTOS):
        probs.append(f'protocol nests for {sorted(map(str, got["proto"]))}')
    return probs


def t_gauge_stored_syn():
    """An IPv4 SYN held for simultaneous open shows in stored-syns."""
    gauge_state()
    used = {b['port4'] for b in topo.bib(proto=TCP)}
    port = next(p for p in range(40000, 65536) if p not in used)
    before = topo.stats()
    w4.send(IP(src=Z4, dst=POOL4) / sTCP(sport=4444, dport=port, flags='S', seq=1))
    if wait_counter(topo, before, 'syn-stored')['syn-stored'] == before['syn-stored']:
        raise Broken('the SYN was not stored')
    got = gauges().get('stored_syns')
    return [] if got == 1 else [f'stored_syns {got}, want 1']


def t_ctl_gauges():
    """nat64ctl stats show (text and -j) has the gauges the kernel sent
    (read before and after it: a session may expire meanwhile)."""
    gauge_state()
    g1 = gauges()
    j = json.loads(topo.ctl('-j', 'stats', 'show').stdout)
    text = topo.ctl('stats', 'show').stdout
    g2 = gauges()
    gj = j.get('gauges') if isinstance(j, dict) else None
    if not isinstance(gj, dict):
        return [f'no "gauges" object in `stats show -j\': {str(j)[:200]}']
    probs = []
    if gj.get('sessions') not in (g1['sessions'], g2['sessions']):
        probs.append(f'sessions {gj.get("sessions")}, the kernel says {g1["sessions"]}')
    for p, row in g1['proto'].items():
        pj = gj.get(PROTOS[p])
        if not isinstance(pj, dict):
            probs.append(f'no "{PROTOS[p]}" object in the gauges')
            continue
        bib = [v for k, v in pj.items() if 'bib' in k]
        sessions = (row['sessions'], g2['proto'].get(p, {}).get('sessions'))
        if bib != [row['bib']] or pj.get('sessions') not in sessions:
            probs.append(f'{PROTOS[p]} {pj}, the kernel says {row}')
    if not any(re.search(rf'^sessions {g["sessions"]}$', text, re.M) for g in (g1, g2)):
        probs.append(f'`stats show\' has no line "sessions {g1["sessions"]}"')
    return probs


def expected_use():
    """{(proto name, address): entries} from the BIB dump."""
    use = {}
    for b in topo.bib():
        k = (b['proto'], b['addr4'])
        use[k] = use.get(k, 0) + 1
    return use


def t_pool4_use():
    """POOL4_USE_GET: one row per protocol and address that holds entries,
    in order, its entries and its ports; the filter keeps one protocol."""
    gauge_state()
    use = expected_use()
    rows = pool4_use(topo.nl)
    probs = []
    got = {(PROTOS.get(r.get('proto')), r.get('addr')): r.get('used') for r in rows}
    if got != use:
        probs.append(f'used {got}, the BIB dump says {use}')
    order = [(r.get('proto'), socket.inet_aton(r.get('addr', '0.0.0.0'))) for r in rows]
    if order != sorted(order):
        probs.append('rows not sorted by protocol and address')
    for r in rows:
        want = 65536 if r.get('proto') == ICMP else 64512
        if r.get('ports') != want:
            probs.append(f'{PROTOS.get(r.get("proto"))} {r.get("addr")}: {r.get("ports")} '
                         f'ports, want {want}')
    udp = pool4_use(topo.nl, UDP)
    if {r.get('proto') for r in udp} != {UDP} or len(udp) != len([k for k in use if k[0] == 'udp']):
        probs.append(f'filtered by udp: {udp}')
    if sum(use.values()) != sum(v['bib'] for v in STATE['proto'].values()):
        probs.append(f'the BIB dump lists {sum(use.values())} entries')
    return probs


USAGE = re.compile(r'^(tcp|udp|icmp) (\S+) used (\d+) of (\d+)$')


def t_ctl_pool4_usage():
    """nat64ctl pool4 usage [proto P]: "tcp 203.0.113.1 used 2 of 64512"."""
    gauge_state()
    use = expected_use()
    probs = []
    for args, keep in (((), None), (('proto', 'udp'), 'udp')):
        out = topo.ctl('pool4', 'usage', *args).stdout
        got = {}
        for line in out.splitlines():
            m = USAGE.match(line)
            if not m:
                probs.append(f'line `{line}\'')
                continue
            p, addr, n, of_ = m.group(1), m.group(2), int(m.group(3)), int(m.group(4))
            if of_ != (65536 if p == 'icmp' else 64512):
                probs.append(f'`{line}\': pool4 has {64512 if p != "icmp" else 65536}')
            if n or addr not in (POOL4, POOL4B):
                got[(p, addr)] = n
        want = {k: v for k, v in use.items() if keep is None or k[0] == keep}
        if got != want:
            probs.append(f'pool4 usage {" ".join(args)}: {got}, want {want}')
    return probs


def counters_json(j):
    """The counters of `stats show -j': the top-level numbers."""
    return {k: v for k, v in j.items() if isinstance(v, int) and not isinstance(v, bool)}


def global_max_sessions():
    g = parse_attrs(parse_attrs(topo.request('GLOBAL_GET')[0])[a('NAT64_A_GLOBALS')])
    return struct.unpack('=I', g[a('NAT64_GLOBAL_A_MAX_SESSIONS')])[0]


def prometheus_text():
    gauge_state()
    j1 = counters_json(json.loads(topo.ctl('-j', 'stats', 'show').stdout))
    g1 = gauges()
    text = topo.ctl('stats', 'prometheus').stdout
    j2 = counters_json(json.loads(topo.ctl('-j', 'stats', 'show').stdout))
    g2 = gauges()
    return text, j1, j2, g1, g2


def t_prometheus():
    """stats prometheus parses (prometheus_client), has the families,
    every counter once with the value stats show -j gives, the gauges,
    pool4 use and max-sessions as the kernel has them."""
    try:
        from prometheus_client.parser import text_string_to_metric_families
    except ImportError:
        raise Unavailable('no prometheus_client (python3-prometheus-client, test/deps.sh)')
    text, j1, j2, g1, g2 = prometheus_text()
    try:
        fams = {f.name: f for f in text_string_to_metric_families(text)}
    except Exception as e:
        return [f'prometheus_client cannot parse it: {e}']
    probs = []
    types = {'nat64_packets': 'counter', 'nat64_events': 'counter',
             'nat64_sessions': 'gauge', 'nat64_bib_entries': 'gauge',
             'nat64_pool4_ports_used': 'gauge', 'nat64_max_sessions': 'gauge'}
    for name, typ in types.items():
        if name not in fams:
            probs.append(f'no family {name}')
        elif fams[name].type != typ:
            probs.append(f'{name} is a {fams[name].type}, want {typ}')
    probs += [f'{f.name} has no HELP' for f in fams.values() if not f.documentation]
    if probs:
        return probs + [f'families: {sorted(fams)}']
    seen = {}
    for fam, label in (('nat64_packets', 'outcome'), ('nat64_events', 'event')):
        for s in fams[fam].samples:
            if s.name != fam + '_total':
                continue
            n = s.labels.get(label, '').replace('_', '-')
            if n in seen:
                probs.append(f'counter {n} twice')
            seen[n] = s.value
    if set(seen) != set(STAT_NAMES):
        probs.append(f'counters missing {sorted(set(STAT_NAMES) - set(seen))[:5]}, '
                     f'unknown {sorted(set(seen) - set(STAT_NAMES))[:5]}')
    for n, v in seen.items():
        if n in j1 and not j1[n] <= v <= j2.get(n, j1[n]):
            probs.append(f'{n} {v}, stats show -j says {j1[n]}..{j2.get(n)}')
    one = [s.value for s in fams['nat64_sessions'].samples]
    if len(one) != 1 or one[0] not in (g1['sessions'], g2['sessions']):
        probs.append(f'nat64_sessions {one}, the kernel says {g1["sessions"]}')
    bib = {s.labels.get('proto'): s.value for s in fams['nat64_bib_entries'].samples}
    want_bib = {PROTOS[p]: row['bib'] for p, row in g1['proto'].items()}
    if bib != want_bib:
        probs.append(f'nat64_bib_entries {bib}, the kernel says {want_bib}')
    used = {(s.labels.get('proto'), s.labels.get('address')): s.value
            for s in fams['nat64_pool4_ports_used'].samples}
    want_used = {(PROTOS[r['proto']], r['addr']): r['used'] for r in pool4_use(topo.nl)}
    if {k: v for k, v in used.items() if v} != want_used:
        probs.append(f'nat64_pool4_ports_used {used}, the kernel says {want_used}')
    ms = [s.value for s in fams['nat64_max_sessions'].samples]
    if ms != [global_max_sessions()]:
        probs.append(f'nat64_max_sessions {ms}, max-sessions is {global_max_sessions()}')
    return probs


def t_promtool():
    """promtool check metrics finds nothing to say."""
    tool = shutil.which('promtool')
    if tool is None:
        raise Unavailable('no promtool (package prometheus, test/deps.sh)')
    text = prometheus_text()[0]
    r = subprocess.run([tool, 'check', 'metrics'], input=text, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    sys.stderr.write(f'+ promtool check metrics  [exit {r.returncode}]\n{r.stdout}')
    return [] if r.returncode == 0 and not r.stdout.strip() else \
        [f'exit {r.returncode}: {r.stdout.strip()[:300]}']


# --- nat64ctl monitor ---------------------------------------------------------------

class Monitor:
    """nat64ctl [-n NS] [-j] monitor ARGS, its lines read as they come."""

    def __init__(self, *args, js=False, ns=NAT):
        self.argv = [NAT64CTL] + (['-n', ns] if ns else []) + (['-j'] if js else []) + \
            ['monitor', *args]
        self.p = subprocess.Popen(self.argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for f in (self.p.stdout, self.p.stderr):
            os.set_blocking(f.fileno(), False)
        self.out, self.err, self.lines = b'', b'', []

    def poll(self, timeout=0.0):
        fds = [f for f in (self.p.stdout, self.p.stderr) if not f.closed]
        r, _, _ = select.select(fds, [], [], timeout)
        for f in r:
            data = f.read() or b''
            if f is self.p.stdout:
                self.out += data
            else:
                self.err += data
        *done, self.out = self.out.split(b'\n')
        self.lines += [d.decode(errors='replace') for d in done]

    def wait_for(self, pred, timeout=WAIT):
        """The first line pred() accepts, waiting @timeout at most."""
        end = time.monotonic() + timeout
        while True:
            for line in self.lines:
                if pred(line):
                    return line
            left = end - time.monotonic()
            if left <= 0 or self.p.poll() is not None:
                self.poll(0)
                return next((x for x in self.lines if pred(x)), None)
            self.poll(min(left, 0.2))

    def stop(self):
        """SIGTERM, then every line left; the exit status."""
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
        try:
            out, err = self.p.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            out, err = self.p.communicate()
        data = self.out + (out or b'')
        self.err += err or b''
        self.lines += [d.decode(errors='replace') for d in data.split(b'\n') if d]
        self.out = b''
        sys.stderr.write(f'+ {" ".join(self.argv)}  [exit {self.p.returncode}]\n')
        for line in self.lines:
            sys.stderr.write(f'  out: {line}\n')
        for line in self.err.decode(errors='replace').splitlines():
            sys.stderr.write(f'  err: {line}\n')
        return self.p.returncode


TIME_RE = r'(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)'
BIB_LINE = re.compile(TIME_RE + r' (bib-new|bib-end|bib-held) (tcp|udp|icmp) \[([0-9a-f:.]+)\]:(\d+) '
                      r'(\d+\.\d+\.\d+\.\d+):(\d+)((?: \S+)*)$')
SESSION_LINE = re.compile(TIME_RE + r' (session-new|session-end) (tcp|udp|icmp) '
                          r'\[([0-9a-f:.]+)\]:(\d+) -> \[([0-9a-f:.]+)\]:(\d+) \| '
                          r'(\d+\.\d+\.\d+\.\d+):(\d+) -> (\d+\.\d+\.\d+\.\d+):(\d+)'
                          r'((?: \S+)*)$')
FLUSH_LINE = re.compile(TIME_RE + r' flushed: every BIB entry and session ended$')
# monitor bib's own: the BIB as it is, and events lost.
SNAPSHOT_LINE = re.compile(TIME_RE + r' BIB as it is: the entries held now follow, '
                           r'one bib-held line each$')
LOST_LINE = re.compile(TIME_RE + r' events lost: ')


def us_of(text):
    """Microseconds since the epoch of "2026-12-04T01:02:03.123456Z"."""
    d = datetime.datetime.strptime(text, '%Y-%m-%dT%H:%M:%S.%fZ')
    return calendar.timegm(d.timetuple()) * 10**6 + d.microsecond


def norm_raw(e):
    """A listener's event in the shape the parsed lines take."""
    n = {'event': EVENT_NAMES.get(e['cmd'], e['cmd']), 'us': (e['time'] or 0) // 1000,
         'reason': e['reason']}
    if e['object'] == 'bib':
        n.update({'proto': PROTOS.get(e['proto']), 'addr6': e['addr6'], 'port6': e['port6'],
                  'addr4': e['addr4'], 'port4': e['port4'], 'static': bool(e.get('static'))})
    elif e['object'] == 'session':
        n.update({'proto': PROTOS.get(e['proto']), **{k: e.get(k) for k in SESSION_KEYS[1:]},
                  'state': TCP_STATES.get(e['tcp_state']) if 'tcp_state' in e else None})
    return n


def norm_text(line):
    """A text line of monitor as norm_raw() shapes events; None if it is
    none of the event lines (then it is reported)."""
    m = BIB_LINE.match(line)
    if m:
        n = {'event': m.group(2), 'us': us_of(m.group(1)), 'reason': None,
             'proto': m.group(3), 'addr6': m.group(4), 'port6': int(m.group(5)),
             'addr4': m.group(6), 'port4': int(m.group(7)), 'static': False}
        tail = m.group(8).split()
    else:
        m = SESSION_LINE.match(line)
        if not m:
            for pattern, event in ((FLUSH_LINE, 'flushed'), (SNAPSHOT_LINE, 'bib-snapshot'),
                                   (LOST_LINE, 'lost')):
                m = pattern.match(line)
                if m:
                    return {'event': event, 'us': us_of(m.group(1)), 'reason': None}
            return None
        n = {'event': m.group(2), 'us': us_of(m.group(1)), 'reason': None,
             'proto': m.group(3), 'addr6': m.group(4), 'port6': int(m.group(5)),
             'remote6': m.group(6), 'remote_port6': int(m.group(7)),
             'addr4': m.group(8), 'port4': int(m.group(9)), 'remote4': m.group(10),
             'remote_port4': int(m.group(11)), 'state': None}
        tail = m.group(12).split()
    for word in tail:
        if word == 'static' and 'static' in n and not n['static']:
            n['static'] = True
        elif word in END_REASONS and n['reason'] is None and n['event'].endswith('-end'):
            n['reason'] = word
        elif word in TCP_STATES.values() and n.get('state', 0) is None:
            n['state'] = word
        else:
            return None
    return n


def norm_json(line):
    """A JSON line of monitor -j as norm_raw() shapes events (None if it
    is not one), and its time-ns."""
    try:
        j = json.loads(line)
    except ValueError:
        return None, None
    if not isinstance(j, dict) or 'event' not in j or 'time' not in j:
        return None, None
    n = {'event': j['event'], 'us': us_of(j['time']), 'reason': j.get('reason')}
    if j['event'] in ('bib-new', 'bib-end', 'bib-held'):
        n.update({k: j.get(k) for k in ('proto', 'addr6', 'port6', 'addr4', 'port4')})
        n['static'] = j.get('static') in (True, 'on', 1, 'true')
    elif j['event'] in ('session-new', 'session-end'):
        n.update({k: j.get(k.replace('_', '-')) for k in SESSION_KEYS})
        n['state'] = j.get('state')
    return n, j.get('time-ns')


def is_event(event, addr6, port6):
    """A predicate on monitor's lines, text or JSON: @event of (@addr6, @port6)."""
    def pred(line):
        n = norm_json(line)[0] if line.startswith('{') else norm_text(line)
        return n is not None and n['event'] == event and \
            (n.get('addr6'), n.get('port6')) == (addr6, port6)
    return pred


def since(events, first):
    """@events from the first one equal to @first on ([] if none is)."""
    return events[events.index(first):] if first in events else []


def t_monitor():
    """A known script (2 UDP flows that expire, 1 TCP connection closed by
    RST, a static entry, instance del) under nat64ctl monitor -j, monitor,
    monitor bib and monitor session: each prints exactly the events the
    kernel sent, in order, with their time; the script's flows have their
    whole lives in it."""
    topo.instance(WKP + '/96')
    topo.globals(udp_timeout=SHORT, tcp_trans_timeout=TRANS_SHORT)
    L = listen()
    mons = {'json': Monitor(js=True), 'text': Monitor(), 'bib': Monitor('bib'),
            'session': Monitor('session')}
    probs = []
    try:
        # monitor bib's snapshot comes first, before any marker.
        if not mons['bib'].wait_for(lambda x: 'BIB as it is' in x):
            raise Broken('monitor bib printed no snapshot line')
        # Each monitor joined once it prints a marker made after it started.
        time.sleep(1)
        mark_b = mark_s = None
        for i in range(5):
            topo.ctl('bib', 'add', 'proto', 'tcp', f'[{H6S}]:{9000 + i}', f'{POOL4}:{9000 + i}')
            if all(m.wait_for(is_event('bib-new', H6S, 9000 + i), 3)
                   for k, m in mons.items() if k != 'session'):
                mark_b = (TCP, H6S, 9000 + i)
                break
        for i in range(5):
            udp_out(H6S, 9100 + i, Z4, 9)
            if mons['session'].wait_for(is_event('session-new', H6S, 9100 + i), 3):
                mark_s = (UDP, H6S, 9100 + i)
                break
        if mark_b is None or mark_s is None:
            raise Broken('a monitor printed no marker event within 3 s, 5 times')
        # The script.
        udp_out(H6A, 5100, Z1, 53)
        udp_out(H6B, 5101, Z2, 53)
        c = Conn(H6C, 5102)
        c.establish()
        c.v6('R', seq=1001)
        flows = [(UDP, H6A, 5100), (UDP, H6B, 5101), (TCP, H6C, 5102), mark_s]
        raw = L.recv(TRANS_SHORT + GRACE, until=ended(*flows))
        topo.ctl('bib', 'del', 'proto', 'tcp', f'{POOL4}:{mark_b[2]}')
        raw += L.recv(WAIT, until=ended(mark_b))
        topo.ctl('instance', 'del')
        raw += L.recv(WAIT, until=lambda g: count(g, 'STATE_FLUSHED') >= 1)
        for m in mons.values():
            m.wait_for(lambda x: 'flushed' in x)
    finally:
        rcs = {k: m.stop() for k, m in mons.items()}
        L.close()
        topo.instance(WKP + '/96')
    for k, rc in rcs.items():
        if rc != 0:
            probs.append(f'{k}: exit {rc} after SIGTERM')
        if mons[k].err.strip():
            probs.append(f'{k}: stderr `{mons[k].err.decode(errors="replace").strip()[:100]}\'')
    # The kernel's side first: the script's flows, whole.
    for flow, reason in (((UDP, H6A, 5100), 'expired'), ((UDP, H6B, 5101), 'expired'),
                         ((TCP, H6C, 5102), 'tcp-closed')):
        probs += [f'[{flow[1]}]:{flow[2]}: {p}' for p in lifecycle(raw, flow, reason)]
    want = [norm_raw(e) for e in raw]
    b_first = next((e for e in want if e['event'] == 'bib-new' and
                    (e['proto'], e['addr6'], e['port6']) == (PROTOS[TCP], H6S, mark_b[2])), None)
    s_first = next((e for e in want if e['event'] == 'session-new' and
                    (e['proto'], e['addr6'], e['port6']) == (PROTOS[UDP], H6S, mark_s[2])), None)
    if b_first is None or s_first is None:
        return probs + ['the listener missed a marker']
    # JSON: every line an event, the same as the kernel's, time-ns exact.
    js, ns = [], []
    for line in mons['json'].lines:
        n, t = norm_json(line)
        if n is None:
            probs.append(f'json: not an event: `{line[:100]}\'')
        else:
            js.append(n)
            ns.append(t)
    for k, lines in (('text', mons['text'].lines), ('bib', mons['bib'].lines),
                     ('session', mons['session'].lines)):
        bad = [x for x in lines if norm_text(x) is None]
        probs += [f'{k}: not an event line: `{x[:120]}\'' for x in bad[:2]]
    # monitor bib alone starts with the BIB as it is: empty here.
    first = [n['event'] for n in map(norm_text, mons['bib'].lines[:2]) if n]
    if first[:1] != ['bib-snapshot'] or 'bib-held' in first:
        probs.append(f'bib: starts {first}, not with a snapshot of the empty BIB')
    for k in ('json', 'text', 'session'):
        if any('bib-snapshot' in x or 'BIB as it is' in x for x in mons[k].lines):
            probs.append(f'{k}: a snapshot, which only monitor bib prints')
    text = [n for n in map(norm_text, mons['text'].lines) if n]
    bibs = [n for n in map(norm_text, mons['bib'].lines) if n]
    sess = [n for n in map(norm_text, mons['session'].lines) if n]
    exp_all = since(want, b_first)
    exp_bib = [e for e in exp_all if not e['event'].startswith('session-')]
    exp_sess = [e for e in since(want, s_first) if not e['event'].startswith('bib-')]
    for k, got, exp in (('json', since(js, b_first), exp_all),
                        ('text', since(text, b_first), exp_all),
                        ('bib', since(bibs, b_first), exp_bib),
                        ('session', since(sess, s_first), exp_sess)):
        if got != exp:
            diff = next((i for i, (x, y) in enumerate(zip(got, exp)) if x != y),
                        min(len(got), len(exp)))
            probs.append(f'{k}: {len(got)} events where the kernel sent {len(exp)}; first '
                         f'difference at {diff}: {got[diff] if diff < len(got) else None} '
                         f'vs {exp[diff] if diff < len(exp) else None}')
    raw_ns = [e['time'] for e in raw]
    at = js.index(b_first) if b_first in js else None
    if at is not None and ns[at:] != raw_ns[want.index(b_first):]:
        probs.append('json: time-ns differs from the kernel\'s times')
    sys.stderr.write(f'  {len(exp_all)} events compared\n')
    return probs


def held_after(lines, k):
    """The entries of the @k-th snapshot (0 the first) in monitor's text
    @lines, as (proto, addr6, port6, addr4, port4); None if there is none."""
    parsed = [n for n in map(norm_text, lines) if n]
    at = [i for i, n in enumerate(parsed) if n['event'] == 'bib-snapshot']
    if len(at) <= k:
        return None
    out, us = set(), parsed[at[k]]['us']
    for n in parsed[at[k] + 1:]:
        if n['event'] != 'bib-held':
            break
        if n['us'] != us:
            return {('a bib-held line at another time than its snapshot',)}
        out.add((n['proto'], n['addr6'], n['port6'], n['addr4'], n['port4']))
    return out


def bib_now():
    return {(b['proto'], b['addr6'], b['port6'], b['addr4'], b['port4']) for b in topo.bib()}


def t_monitor_snapshot():
    """monitor bib, the mapping log, starts with the BIB as it is (a
    bib-snapshot line, a bib-held line per entry: those of bib show).
    Stopped, with a receive buffer of 1 byte (the least the kernel
    gives), while 40 flows start, it loses events: then it says so and
    lists the BIB again, the 40 new entries in it, so that the log knows
    again who holds what."""
    topo.instance(WKP + '/96')
    topo.ctl('bib', 'add', 'proto', 'tcp', f'[{H6S}]:9200', f'{POOL4}:9200')
    udp_out(H6A, 5300, Z1)
    udp_out(H6B, 5301, Z2)
    want = bib_now()
    m = Monitor('bib', 'buffer', '1')
    probs = []
    try:
        if not m.wait_for(lambda x: 'BIB as it is' in x):
            raise Broken('monitor bib printed no snapshot line')
        m.wait_for(lambda x: False, 1)
        got = held_after(m.lines, 0)
        if got != want:
            probs.append(f'first snapshot: {sorted(got or [])} where bib show has '
                         f'{sorted(want)}')
        m.p.send_signal(signal.SIGSTOP)
        try:
            flood_made(40, 22000)
        finally:
            m.p.send_signal(signal.SIGCONT)
        want = bib_now()
        end = time.monotonic() + WAIT
        while held_after(m.lines, 1) is None and time.monotonic() < end:
            m.poll(0.2)
        m.wait_for(lambda x: False, 1)
        lost = [x for x in m.lines if LOST_LINE.match(x)]
        if not lost:
            probs.append('no events lost line after the burst')
        got = held_after(m.lines, 1)
        if got is None:
            probs.append('no snapshot after the events were lost')
        elif got != want:
            probs.append(f'snapshot after the loss: {len(got)} entries, bib show '
                         f'{len(want)}; missing {sorted(want - got)[:3]}, '
                         f'extra {sorted(got - want)[:3]}')
        if lost and got is not None:
            at_lost = m.lines.index(lost[0])
            at_snap = [i for i, x in enumerate(m.lines) if SNAPSHOT_LINE.match(x)][1]
            if at_snap < at_lost:
                probs.append('the second snapshot came before the events lost line')
    finally:
        rc = m.stop()
    if rc != 0:
        probs.append(f'exit {rc} after SIGTERM')
    if m.err.strip():
        probs.append(f'stderr `{m.err.decode(errors="replace").strip()[:100]}\'')
    return probs


def t_monitor_module():
    """nat64ctl monitor -j (initial namespace) says module-unloaded at
    rmmod, module-loaded at insmod, and goes on with the new module's
    events."""
    ctl = lambda *args: sh(NAT64CTL, *args)  # noqa: E731
    ctl('instance', 'add', 'pool6', WKP + '/96')
    ctl('pool4', 'add', '192.0.2.1/32')
    m = Monitor(js=True, ns=None)
    probs = []

    def ev(name, extra=''):
        return lambda x: f'"event":"{name}"' in x.replace(' ', '') and extra in x

    try:
        time.sleep(1)
        for i in range(5):
            ctl('bib', 'add', 'proto', 'udp', f'[2001:db8::5]:{53 + i}', f'192.0.2.1:{5353 + i}')
            if m.wait_for(ev('bib-new', f'{5353 + i}'), 3):
                break
        else:
            raise Broken('no bib-new line within 3 s, 5 times')
        ctl('instance', 'del')
        if not m.wait_for(ev('flushed')):
            probs.append('no flushed line after instance del')
        if not suite.nat64_unload():
            raise Broken('rmmod failed')
        if not m.wait_for(ev('module-unloaded')):
            probs.append('no module-unloaded line after rmmod')
        if not suite.nat64_load('lab_timeouts=1'):
            raise Broken('insmod failed')
        if not m.wait_for(ev('module-loaded')):
            probs.append('no module-loaded line after insmod')
        ctl('instance', 'add', 'pool6', WKP + '/96')
        ctl('pool4', 'add', '192.0.2.1/32')
        ctl('bib', 'add', 'proto', 'udp', '[2001:db8::6]:53', '192.0.2.1:6363')
        if not m.wait_for(ev('bib-new', '6363')):
            probs.append('no bib-new line from the new module')
        ctl('instance', 'del')
    finally:
        rc = m.stop()
        sh(NAT64CTL, 'instance', 'del', check=False)
    if rc != 0:
        probs.append(f'exit {rc} after SIGTERM')
    return probs


run('udp flow: BIB_NEW then SESSION_NEW, fields as sent and as listed', t_udp_new)
run('event times: CLOCK_REALTIME around the packet, in order', t_times)
run('udp-timeout runs out: SESSION_END then BIB_END, expired', t_expired)
run('tcp RST then the transitory lifetime: tcp-closed', t_tcp_rst)
run('tcp FIN both ways then the transitory lifetime: tcp-closed', t_tcp_fin)
run('tcp established, idle, probe unanswered: expired, not tcp-closed', t_tcp_est_expired)
run('bib del of a dynamic entry with 2 sessions: 2 SESSION_END, then BIB_END, deleted',
    t_bib_del)
run('static entry: BIB_NEW static, outlives its session, bib del ends it (deleted)',
    t_static)
run('pool4 del of an address in use: its sessions then entries end, reason pool4',
    t_pool4_removal)
run('session flush [proto icmp]: its sessions end (flushed), static entries stay',
    t_session_flush)
run('instance del: one STATE_FLUSHED, no event per entry', t_flushed)
run('"bib" and "session" groups: each its own events, STATE_FLUSHED to both', t_groups)
run('root joins the event groups', t_join_root)
run('uid 65534 without capabilities cannot join the event groups (EPERM)', t_join_nobody)
run('the root of its own user namespace cannot join the group of the init one (EPERM)',
    t_join_userns)
run('nat64ctl monitor as uid 65534 fails and says why', t_monitor_nobody)
run('a listener too slow: events-lost counts, ENOBUFS, a listener with room got all',
    t_lost)
run('a slow listener of "bib" alone is offered one event per new flow, not two',
    t_lost_bib_only)
run('gauges: sessions, IPv4-opened sessions, per protocol entries, sessions, ports',
    t_gauges)
run('gauges: a stored IPv4 SYN shows in stored-syns', t_gauge_stored_syn)
run('nat64ctl stats show has the gauges', t_ctl_gauges)
run('POOL4_USE_GET: entries per protocol and address, sorted, filtered', t_pool4_use)
run('nat64ctl pool4 usage [proto udp]', t_ctl_pool4_usage)
run('nat64ctl stats prometheus: families, counters, gauges, pool4 use, max-sessions',
    t_prometheus)
run('nat64ctl stats prometheus passes promtool check metrics', t_promtool)
run('nat64ctl monitor (-j, text, bib, session) prints what the kernel sent, in order',
    t_monitor)
run('nat64ctl monitor bib lists the BIB at its start and again after lost events',
    t_monitor_snapshot)
topo.close()
run('nat64ctl monitor follows the module through rmmod and insmod', t_monitor_module)
R.finish()
