#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The TCP probe of RFC 6146 section 3.5.2.2 (mod/tcp_probe.c): when an
ESTABLISHED session's lifetime runs out, the IPv6 endpoint gets a segment
without data, sequence and acknowledgment numbers zero, ACK alone, from
pool6 + Z; the session goes TRANS; an answer brings it back to ESTABLISHED,
no answer ends it after TRANS.

The lab_timeouts module parameter makes that testable.  Loaded without it,
timeouts below the RFC minimums are refused by nat64ctl and by the module
itself (a GLOBAL_SET sent straight to it, no nat64ctl check in the way).
Loaded with it, they are taken, so that tcp-est-timeout and
tcp-trans-timeout can be a few seconds.  First with scapy on the wires of
xlat_topo.py, the probe's bytes pinned; then a real TCP connection between
two namespaces' own stacks, idle for longer than both timeouts together,
still carries data.
"""
import os
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import suite  # noqa: E402
from suite import check, check_fail, check_out  # noqa: E402
from nat64genl import Nat64Genl, NetlinkError, C, a, attr, cmd, u32  # noqa: E402
from xlat_topo import (topology, Results, fields, checksum_ok, delta,  # noqa: E402
                       describe, wait_counter, netns, sh, sysctl, NAT64CTL,
                       H6A, H6B, H6C, H6D, Z1, Z2, Z3, POOL4, TCP)
from scapy.layers.inet import IP, TCP as sTCP  # noqa: E402
from scapy.layers.inet6 import IPv6  # noqa: E402

R = Results('tcp-probe')
EST, TRANS = 3, 4       # seconds: tcp-est-timeout, tcp-trans-timeout
GRACE = 8               # seconds past a deadline the scan may take, under TCG
HOP_LIMIT = 64          # the namespace's default for the box's own packets


class Broken(Exception):
    """A step a test builds on did not happen: FAIL with this."""


def is4tcp(p):
    return IP in p and p[IP].proto == 6


def is6tcp(p):
    return IPv6 in p and p[IPv6].nh == 6


class Flow:
    """One TCP connection through the translator, both ends played by
    scapy: (h6, x) <-> (Z, z), mapped to (T, t)."""

    def __init__(self, topo, h6, x, z, dport=80):
        self.topo, self.h6, self.x, self.z, self.dport = topo, h6, x, z, dport
        self.y6 = topo.v6(z)
        self.seq6, self.seq4 = 1000, 50000
        self.T = self.t = None

    def v6(self, flags, seq=None, ack=None):
        return IPv6(src=self.h6, dst=self.y6) / sTCP(
            sport=self.x, dport=self.dport, flags=flags,
            seq=self.seq6 if seq is None else seq,
            ack=self.seq4 + 1 if ack is None else ack)

    def v4(self, flags):
        return IP(src=self.z, dst=self.T) / sTCP(sport=self.dport, dport=self.t,
                                                  flags=flags, seq=self.seq4,
                                                  ack=self.seq6 + 1)

    def mine4(self, p):
        return is4tcp(p) and p[IP].dst == self.z and p[sTCP].dport == self.dport and \
            p[sTCP].sport == self.t

    def mine6(self, p):
        """A segment to (X',x) from (Y',y): a translated one or a probe."""
        return is6tcp(p) and p[IPv6].src == self.y6 and p[IPv6].dst == self.h6 and \
            p[sTCP].sport == self.dport and p[sTCP].dport == self.x

    def establish(self):
        """V6 SYN, V4 SYN+ACK, V6 ACK: the session is ESTABLISHED."""
        syn = self.topo.out64(IPv6(src=self.h6, dst=self.y6) /
                              sTCP(sport=self.x, dport=self.dport, flags='S',
                                   seq=self.seq6), is4tcp)
        if syn is None:
            raise Broken('IPv6 SYN: ' + self.topo.nothing('IPv4', self.topo.w6))
        self.T, self.t = syn[IP].src, syn[sTCP].sport
        if self.topo.out46(self.v4('SA'), self.mine6) is None:
            raise Broken('IPv4 SYN+ACK: ' + self.topo.nothing('IPv6', self.topo.w4))
        if self.topo.out64(self.v6('A', seq=self.seq6 + 1), self.mine4) is None:
            raise Broken('IPv6 ACK: ' + self.topo.nothing('IPv4', self.topo.w6))
        self.last = time.monotonic()
        return self.state()

    def sessions(self):
        return [s for s in self.topo.sessions(proto=TCP, addr6=self.h6)
                if s['port6'] == self.x and s['remote4'] == self.z and
                s['rport4'] == self.dport]

    def state(self):
        rows = self.sessions()
        return rows[0]['state'] if len(rows) == 1 else f'{len(rows)} sessions'

    def expected_probe(self):
        """The probe, byte for byte, as RFC 6146 3.5.2.2 and this module's
        choices make it (tcp_probe.c): from (Y',y) to (X',x), traffic
        class and flow label 0, 20-byte header, no options, no data."""
        return IPv6(src=self.y6, dst=self.h6, tc=0, fl=0, hlim=HOP_LIMIT) / \
            sTCP(sport=self.dport, dport=self.x, seq=0, ack=0, dataofs=5,
                 flags='A', window=0, urgptr=0, options=[])

    def probe_problems(self, p):
        probs = fields(p, {'IPv6.plen': 20, 'IPv6.nh': 6, 'IPv6.src': self.y6,
                           'IPv6.dst': self.h6, 'TCP.sport': self.dport,
                           'TCP.dport': self.x, 'TCP.seq': 0, 'TCP.ack': 0,
                           'TCP.flags': 0x10, 'TCP.dataofs': 5})
        if len(bytes(p[sTCP].payload)):
            probs.append(f'{len(bytes(p[sTCP].payload))} bytes after the TCP header')
        probs += checksum_ok(p)
        want = bytes(self.expected_probe())
        if bytes(p) != want:
            probs.append(f'bytes {bytes(p).hex()}, want {want.hex()}')
        return probs


def wait_probe(topo, flow, timeout):
    got = topo.w6.recv(1, timeout, flow.mine6)
    return got[0] if got else None


def wait_gone(flow, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if not flow.sessions():
            return time.monotonic()
        time.sleep(0.25)
    return None


# --- on the wires -----------------------------------------------------------

def t_probe_bytes(topo):
    """(a) An idle ESTABLISHED session is probed when tcp-est-timeout runs
    out, with exactly the RFC's segment, and goes TRANS; then (c), nothing
    answers, and it ends when tcp-trans-timeout runs out."""
    f = Flow(topo, H6A, 5000, Z1)
    probs = []
    st = f.establish()
    if st != 'ESTABLISHED':
        return [f'after the handshake: {st}']
    before = topo.stats()
    topo.w4.drain()
    p = wait_probe(topo, f, EST + GRACE)
    if p is None:
        R.check('(a) idle ESTABLISHED session probed: exact segment, TRANS, counted',
                f'no segment to ({f.h6}, {f.x}) within {EST + GRACE} s of idle')
        return ['no probe: nothing to wait for']
    at = p.time - f.last
    sys.stderr.write(f'  probe {at:.2f} s after the last packet\n')
    if at < EST - 0.5:
        probs.append(f'probe after {at:.2f} s, before tcp-est-timeout ({EST} s)')
    probs += f.probe_problems(p)
    st = f.state()
    if st != 'TRANS':
        probs.append(f'session {st} after the probe, want TRANS')
    after = wait_counter(topo, before, 'tcp-probe-sent')
    probs += delta(before, after, {'tcp-probe-sent': 1, 'tcp-probe-failed': 0})
    probs += [f'IPv4 side got {describe(q)}' for q in topo.w4.quiet(0) if is4tcp(q)]
    R.check('(a) idle ESTABLISHED session probed: exact segment, TRANS, counted', probs)

    # (c) Nobody answers: TRANS runs out and the session ends, unprobed.
    probs = []
    gone = wait_gone(f, TRANS + GRACE)
    if gone is None:
        return [f'session still there {TRANS + GRACE} s after the probe: {f.sessions()}']
    sys.stderr.write(f'  session gone {gone - p.time:.2f} s after the probe\n')
    if gone - p.time < TRANS - 1:
        probs.append(f'session gone {gone - p.time:.2f} s after the probe, '
                     f'before tcp-trans-timeout ({TRANS} s)')
    after = wait_counter(topo, before, 'session-expired', timeout=GRACE)
    probs += delta(before, after, {'tcp-probe-sent': 1, 'tcp-probe-failed': 0,
                                   'session-expired': 1})
    more = [describe(q) for q in topo.w6.quiet(0) if f.mine6(q)]
    probs += [f'a second segment during TRANS: {m}' for m in more]
    if [b for b in topo.bib(proto=TCP, addr6=f.h6) if b['port6'] == f.x]:
        probs.append('the BIB entry outlived its only session')
    return probs


def t_answer_revives(topo):
    """(b) The IPv6 host answers each probe as a live one does (an ACK of
    its current numbers): the answer is translated, the session is
    ESTABLISHED again, and it outlives several tcp-est-timeout +
    tcp-trans-timeout periods."""
    f = Flow(topo, H6B, 5001, Z2)
    st = f.establish()
    if st != 'ESTABLISHED':
        return [f'after the handshake: {st}']
    before = topo.stats()
    probs, first, rounds = [], None, 3
    for i in range(rounds):
        p = wait_probe(topo, f, EST + GRACE)
        if p is None:
            return probs + [f'round {i + 1}: no probe within {EST + GRACE} s']
        first = first or p.time
        probs += [f'round {i + 1}: {x}' for x in f.probe_problems(p)]
        if f.state() != 'TRANS':
            probs.append(f'round {i + 1}: {f.state()} after the probe, want TRANS')
        out = topo.out64(f.v6('A', seq=f.seq6 + 1), f.mine4)
        if out is None:
            return probs + [f'round {i + 1}: the answer was not translated']
        if out[sTCP].flags != 0x10:
            probs.append(f'round {i + 1}: answer left as {describe(out)}')
        st = f.state()
        if st != 'ESTABLISHED':
            probs.append(f'round {i + 1}: {st} after the answer, want ESTABLISHED')
    lived = time.monotonic() - first
    sys.stderr.write(f'  alive {lived:.1f} s after the first probe\n')
    if lived <= TRANS + 1:
        probs.append(f'only {lived:.1f} s after the first probe')
    if len(f.sessions()) != 1:
        probs.append(f'{len(f.sessions())} sessions at the end, want 1')
    after = topo.stats()
    probs += delta(before, after, {'tcp-probe-sent': rounds, 'tcp-probe-failed': 0,
                                   'xlat-6to4': rounds})
    return probs


def t_many(topo, n6=25, n1=15):
    """Many sessions run out together, more than one batch of probes
    (NAT64_TCP_PROBE_BATCH, 16), some on one BIB entry (the scan stops
    inside it and resumes): each gets exactly one probe, all are counted."""
    # A fresh instance: no session of the tests before runs out meanwhile.
    topo.instance(f'{topo.pool6}/{topo.plen}')
    topo.globals(tcp_est_timeout=EST, tcp_trans_timeout=TRANS)
    flows = [Flow(topo, H6C, 6000, Z3, 2000 + i) for i in range(n6)] + \
        [Flow(topo, H6D, 6001 + i, Z3, 3000) for i in range(n1)]
    for i, f in enumerate(flows):
        f.seq6 = 10000 + 100 * i
    w4, w6 = topo.w4, topo.w6
    w4.drain()
    w6.drain()
    # The handshakes in bursts, so that all sessions run out together.
    for f in flows:
        w6.send(IPv6(src=f.h6, dst=f.y6) / sTCP(sport=f.x, dport=f.dport, flags='S',
                                                  seq=f.seq6))
    syns = w4.recv(len(flows), match=is4tcp)
    # Each flow's own sequence number tells which SYN is its translation.
    by_seq = {q[sTCP].seq: q for q in syns}
    for f in flows:
        q = by_seq.get(f.seq6)
        if q is None:
            return [f'{len(syns)} of {len(flows)} SYNs came out']
        f.T, f.t = q[IP].src, q[sTCP].sport
    for f in flows:
        w4.send(f.v4('SA'))
    if len(w6.recv(len(flows), match=is6tcp)) != len(flows):
        return ['not every SYN+ACK was translated']
    before = topo.stats()
    acks = [bytes(f.v6('A', seq=f.seq6 + 1)) for f in flows]
    for ack in acks:
        w6.send(ack)
    if len(w4.recv(len(flows), match=is4tcp)) != len(flows):
        return ['not every ACK was translated']
    # One dump, quick: the first may be probed (TRANS) before a slow one ends.
    rows = {(s['addr6'], s['port6'], s['rport4']): s['state']
            for s in topo.sessions(proto=TCP) if s['remote4'] == Z3}
    states = [rows.get((f.h6, f.x, f.dport)) for f in flows]
    if any(st not in ('ESTABLISHED', 'TRANS') for st in states):
        return [f'states after the handshakes: {sorted(set(map(str, states)))}']
    probes = w6.recv(2 * len(flows), EST + TRANS + GRACE, match=is6tcp)
    probs = []
    for f in flows:
        mine = [p for p in probes if f.mine6(p)]
        if len(mine) != 1:
            probs.append(f'{f.h6}#{f.x} - {f.z}#{f.dport}: {len(mine)} probes')
        elif f.probe_problems(mine[0]):
            probs.append(f'{f.h6}#{f.x}: {f.probe_problems(mine[0])[0]}')
    if probes:
        span = max(p.time for p in probes) - min(p.time for p in probes)
        sys.stderr.write(f'  {len(probes)} probes within {span:.2f} s\n')
    after = wait_counter(topo, before, 'session-expired', len(flows), TRANS + GRACE)
    probs += delta(before, after, {'tcp-probe-sent': len(flows), 'tcp-probe-failed': 0,
                                   'xlat-6to4': len(flows), 'session-expired': len(flows)})
    return probs


def wire_tests():
    topo = topology(R)
    try:
        topo.globals(tcp_est_timeout=EST, tcp_trans_timeout=TRANS)
    except RuntimeError as e:
        R.check(f'global set tcp-est-timeout {EST} tcp-trans-timeout {TRANS}', str(e))
        topo.close()
        return
    R.run('(c) unanswered probe: the session ends after TRANS, no second probe',
          t_probe_bytes, topo)
    R.run('(b) an answer to each probe keeps the session ESTABLISHED past TRANS',
          t_answer_revives, topo)
    R.run('more probes than one batch at once: each session probed once', t_many, topo)
    topo.close()


# --- (e) lab_timeouts --------------------------------------------------------

PARAM = '/sys/module/nat64/parameters/lab_timeouts'


def module_refuses(name, key, value, want='integer out of range'):
    """Passes if the module itself refuses global @key @value in namespace
    pe, with @want in the error."""
    try:
        with netns('pe'):
            nl = Nat64Genl()
    except OSError as e:
        return R.check(name, f'no netlink socket in pe: {e}')
    aid = a('NAT64_GLOBAL_A_' + key.upper().replace('-', '_'))
    try:
        nl.request(cmd('GLOBAL_SET'), [attr(a('NAT64_A_GLOBALS'), [u32(aid, value)])])
    except NetlinkError as e:
        sys.stderr.write(f'+ GLOBAL_SET {key} {value}: {e}\n')
        return R.expect(name, want in str(e), f'the error lacks `{want}\': {e}')
    finally:
        nl.sock.close()
    return R.check(name, f'GLOBAL_SET {key} {value} succeeded, expected an error '
                         f'containing `{want}\'')


def without_lab_timeouts():
    """Loaded without lab_timeouts: the RFC minimums hold."""
    if not suite.nat64_load():
        R.check('module loads', 'insmod failed')
        R.finish()
    suite.run('ip', 'netns', 'add', 'pe')
    suite.run('nat64ctl', '-n', 'pe', 'instance', 'add', 'pool6', '64:ff9b::/96')
    check_out(R, 'lab_timeouts is off by default', 'N', 'cat', PARAM)
    check_fail(R, 'without lab_timeouts, nat64ctl refuses tcp-est-timeout 3', '7440',
               'nat64ctl', '-n', 'pe', 'global', 'set', 'tcp-est-timeout', '3')
    module_refuses('without lab_timeouts, the module refuses tcp-est-timeout 3',
                   'tcp-est-timeout', 3)
    module_refuses('without lab_timeouts, the module refuses tcp-trans-timeout 239',
                   'tcp-trans-timeout', 239)
    check_out(R, 'globals unchanged', '7440 240', 'sh', '-c',
              "nat64ctl -n pe global show | "
              "awk '/^tcp-(est|trans)-timeout / { print $2 }' | paste -sd' '")
    suite.run('ip', 'netns', 'del', 'pe')
    suite.nat64_unload()


def with_lab_timeouts():
    """Loaded with lab_timeouts=1: every timeout may be 1 s."""
    if not suite.nat64_load('lab_timeouts=1'):
        R.check('module loads with lab_timeouts=1', 'insmod failed')
        R.finish()
    suite.modprobe('veth')
    check_out(R, 'lab_timeouts reads Y', 'Y', 'cat', PARAM)
    check_fail(R, 'lab_timeouts cannot change after load', '',
               'sh', '-c', f'echo N > {PARAM}')
    check(R, 'modinfo describes lab_timeouts', 'sh', '-c',
          f"modinfo -F parm '{suite.KO}' | grep -q '^lab_timeouts:.*test labs'")
    suite.run('ip', 'netns', 'add', 'pe')
    suite.run('nat64ctl', '-n', 'pe', 'instance', 'add', 'pool6', '64:ff9b::/96')
    check(R, 'with lab_timeouts, every timeout may be 1 s', 'nat64ctl', '-n', 'pe',
          'global', 'set', 'tcp-est-timeout', '1', 'tcp-trans-timeout', '1',
          'udp-timeout', '1', 'icmp-timeout', '1')
    module_refuses('with lab_timeouts, 0 is still refused', 'tcp-est-timeout', 0)
    suite.run('ip', 'netns', 'del', 'pe')


# --- a real connection --------------------------------------------------------

RC6, RNAT, RS4 = 'pc6', 'pnat', 'ps4'
SERVER4, PORT = '198.51.100.10', 7777


def real_topology():
    """pc6 (2001:db8:7::2) -- pnat (the NAT64) -- ps4 (198.51.100.10), each
    with its own stack; pool6 64:ff9b::/96, pool4 203.0.113.1."""
    real_teardown()
    for ns in (RC6, RNAT, RS4):
        sh('ip', 'netns', 'add', ns)
    sh('ip', 'link', 'add', 'c6', 'netns', RC6, 'type', 'veth', 'peer', 'name', 'n6',
       'netns', RNAT)
    sh('ip', 'link', 'add', 's4', 'netns', RS4, 'type', 'veth', 'peer', 'name', 'n4',
       'netns', RNAT)
    sysctl(RNAT, 'net.ipv4.ip_forward', 1)
    sysctl(RNAT, 'net.ipv6.conf.all.forwarding', 1)
    for ns, cmds in ((RC6, ['addr add 2001:db8:7::2/64 dev c6 nodad', 'link set c6 up',
                            'link set lo up', 'route add default via 2001:db8:7::1']),
                     (RNAT, ['addr add 2001:db8:7::1/64 dev n6 nodad',
                             'addr add 198.51.100.1/24 dev n4', 'link set n6 up',
                             'link set n4 up', 'link set lo up']),
                     (RS4, [f'addr add {SERVER4}/24 dev s4', 'link set s4 up',
                            'link set lo up', 'route add 203.0.113.0/24 via 198.51.100.1'])):
        for c in cmds:
            sh('ip', '-n', ns, *c.split())
    for args in (('instance', 'add', 'pool6', '64:ff9b::/96'),
                 ('pool4', 'add', POOL4 + '/32'),
                 ('global', 'set', 'tcp-est-timeout', str(EST),
                  'tcp-trans-timeout', str(TRANS))):
        sh(NAT64CTL, '-n', RNAT, *args)


def real_teardown():
    for ns in (RC6, RNAT, RS4):
        if os.path.exists(f'/run/netns/{ns}'):
            sh('ip', 'netns', 'del', ns, check=False)


def rstats():
    from xlat_topo import parse_attrs, STAT_NAMES
    with netns(RNAT):
        nl = Nat64Genl()
    reply = nl.request(cmd('STATS_GET'))
    nest = parse_attrs(parse_attrs(reply[0])[a('NAT64_A_STATS')])
    first = C.get('NAT64_STATS_A_FIRST', 2)
    return {STAT_NAMES[k - first]: struct.unpack('=Q', v)[0] for k, v in nest.items()
            if 0 <= k - first < len(STAT_NAMES)}


def echo_server(lsock):
    conn, _ = lsock.accept()
    with conn:
        while True:
            data = conn.recv(4096)
            if not data:
                return
            conn.sendall(data)


def t_real_client(idle):
    """(d) A TCP connection between two real stacks (an IPv6 client, an
    IPv4 echo server, no keepalives), idle for longer than tcp-est-timeout
    + tcp-trans-timeout, still carries data: the client's stack answers
    the probes and so keeps the session."""
    real_topology()
    with netns(RS4):
        lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        lsock.bind((SERVER4, PORT))
        lsock.listen(1)
    threading.Thread(target=echo_server, args=(lsock,), daemon=True).start()
    with netns(RC6):
        c = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    c.settimeout(10)
    probs = []
    try:
        c.connect(('64:ff9b::' + SERVER4, PORT))
        c.sendall(b'hello')
        if c.recv(64) != b'hello':
            return ['no echo before the idle time']
        before = rstats()
        sys.stderr.write(f'  connected; idle for {idle} s\n')
        time.sleep(idle)
        c.sendall(b'again')
        try:
            got = c.recv(64)
        except socket.timeout:
            got = None
        after = rstats()
        sent = after.get('tcp-probe-sent', 0) - before.get('tcp-probe-sent', 0)
        sys.stderr.write(f'  tcp-probe-sent +{sent}, session-expired '
                         f"+{after['session-expired'] - before['session-expired']}\n")
        if got != b'again':
            probs.append(f'no echo after {idle} s idle ({got!r}): the connection died '
                         f'in the translator')
        if sent < 1:
            probs.append(f'tcp-probe-sent +{sent} over {idle} s idle')
        if after.get('tcp-probe-failed', 0) != before.get('tcp-probe-failed', 0):
            probs.append('tcp-probe-failed moved')
    finally:
        c.close()
        lsock.close()
    return probs


without_lab_timeouts()
with_lab_timeouts()
wire_tests()
R.run(f'(d) a real TCP connection idle for {3 * (EST + TRANS)} s '
      f'(> tcp-est-timeout + tcp-trans-timeout) still carries data',
      t_real_client, 3 * (EST + TRANS))
real_teardown()
R.finish()
