#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The limits that keep one side, one entry or one host from taking the
state from the others (issue 11): sessions opened from IPv4 (all together
and per BIB entry) and their short life until the IPv6 side answers.  Each
limit is hit from the wires; the test then checks its counter, the ICMP
error or its absence, that existing flows still pass and that nothing was
evicted.  See xlat_topo.py.
"""
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import suite  # noqa: E402
from xlat_topo import (topology, csum, Results, delta, wait_counter, wkp, WKP,  # noqa: E402
                       describe, H6A, H6B, H6C, H6S, Z1, Z2, POOL4, UDP, TCP)
from scapy.layers.inet import IP, UDP as sUDP, TCP as sTCP  # noqa: E402
from scapy.layers.inet6 import IPv6, ICMPv6DestUnreach  # noqa: E402

R = Results('limits')
suite.start(R, 'veth')
topo = topology(R)
w4, w6 = topo.w4, topo.w6
UNANSWERED = 30         # NAT64_V4_UNANSWERED_TIMEOUT
UDP_TO = 300
# udp-timeout of the one big entry's sessions (its minimum): sending them
# takes the debug kernel some 30 s, so they must outlive that.
UDP_BIG = 120


def fresh(**globals_):
    """A new instance (empty state, default globals), then @globals_; a key
    the module does not know (the base module) is left at its default, so
    the test still runs and its behavioural checks decide."""
    topo.instance(WKP + '/96')
    for k, v in globals_.items():
        topo.ctl('global', 'set', k.replace('_', '-'), str(v), check=False)


def spoof(i, dport=5353, proto='udp'):
    """Packet @i of a flood from 'many IPv4 hosts' to POOL4:@dport."""
    src = f'198.51.{100 + i // 200}.{1 + i % 200}'
    if proto == 'tcp':
        return IP(src=src, dst=POOL4) / sTCP(sport=20000 + i, dport=dport, flags='S')
    return IP(src=src, dst=POOL4) / sUDP(sport=20000 + i, dport=dport) / b'x'




def spoof_raw(i, dport=5353):
    """spoof(i) as bytes, built without scapy: a flood of thousands must
    leave the IPv4 side well within the 30 s its sessions live."""
    src = socket.inet_aton(f'198.51.{100 + i // 200}.{1 + i % 200}')
    dst = socket.inet_aton(POOL4)
    udp = struct.pack('!HHHH', 20000 + i, dport, 9, 0) + b'x'
    c = csum(src + dst + struct.pack('!BBH', 0, 17, 9) + udp) or 0xffff
    udp = udp[:6] + struct.pack('!H', c) + udp[8:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 29, i & 0xffff, 0, 64, 17, 0, src, dst)
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    return ip + udp


def flood(n, **kw):
    w6.drain()
    w4.drain()
    for i in range(n):
        w4.send(spoof(i, **kw) if kw else spoof_raw(i))
        if i % 256 == 255:
            w6._read(0)         # what came through; not strays to log
    time.sleep(0.3)
    w6._read(0.2)
    w6.backlog = []


def flood6_raw(n, sport=5353):
    """Packet i: UDP from (H6S,@sport) through pool6 to (Z_i, 20000 + i),
    the Z_i of spoof(i), built as bytes: @n sessions of H6S's entry that
    its IPv6 side opened, so they live the whole udp-timeout."""
    w6.drain()
    w4.drain()
    src = socket.inet_pton(socket.AF_INET6, H6S)
    for i in range(n):
        z = f'198.51.{100 + i // 200}.{1 + i % 200}'
        dst = socket.inet_pton(socket.AF_INET6, wkp(z))
        udp = struct.pack('!HHHH', sport, 20000 + i, 9, 0) + b'x'
        c = csum(src + dst + struct.pack('!IxxxB', 9, 17) + udp) or 0xffff
        udp = udp[:6] + struct.pack('!H', c) + udp[8:]
        w6.send(struct.pack('!IHBB', 6 << 28, 9, 17, 64) + src + dst + udp)
        if i % 256 == 255:
            w4._read(0)         # what came through; not strays to log
    time.sleep(0.3)
    w4._read(0.2)
    w4.backlog = []


def keys(rows):
    return {(s['proto'], s['addr6'], s['port6'], s['remote4'], s['rport4']) for s in rows}


def udp6_out(src, sport, dport=53, dst4=Z1):
    """UDP from the IPv6 side: the IPv4 packet out, or None."""
    return topo.out64(IPv6(src=src, dst=wkp(dst4)) / sUDP(sport=sport, dport=dport) / b'q',
                      lambda p: IP in p and p[IP].proto == 17)


def refused6(src, sport, counter, dport=53, dst4=Z1):
    """Problems unless a new UDP flow from the IPv6 side is refused: ICMPv6
    Destination Unreachable code 1 (administratively prohibited) quoting
    it, nothing out on the IPv4 side, @counter +1 and no other outcome."""
    before = topo.stats()
    pkt = IPv6(src=src, dst=wkp(dst4)) / sUDP(sport=sport, dport=dport) / b'q'
    back, leaked = topo.bounce6(pkt, lambda p: ICMPv6DestUnreach in p)
    probs = [f'translated: {describe(p)}' for p in leaked]
    if back is None:
        probs.append('no ICMPv6 error came back')
    elif (back[ICMPv6DestUnreach].type, back[ICMPv6DestUnreach].code) != (1, 1):
        probs.append(f'ICMPv6 {back[ICMPv6DestUnreach].type}/'
                     f'{back[ICMPv6DestUnreach].code}, want 1/1')
    elif back[IPv6].dst != src:
        probs.append(f'ICMPv6 error sent to {back[IPv6].dst}, want {src}')
    now = wait_counter(topo, before, counter)
    return probs + delta(before, now, {counter: 1})


def udp4_in(src, sport, dport=5353):
    """UDP from the IPv4 side: the IPv6 packet out, or None."""
    return topo.out46(IP(src=src, dst=POOL4) / sUDP(sport=sport, dport=dport) / b'a',
                      lambda p: IPv6 in p and p[IPv6].nh == 17)


def evicted(before, after):
    gone = keys(before) - keys(after)
    return [f'sessions evicted: {sorted(gone)}'] if gone else []


def t_ipv4_flood():
    """Spoofed UDP to a static entry fills max-ipv4-sessions, not the table:
    the rest is dropped, counted, silently; an IPv6 host still opens a new
    flow, and the flows that existed still pass."""
    fresh(max_sessions=64, max_ipv4_sessions=16)
    topo.bib_add(UDP, H6S, 5353, POOL4, 5353)
    probs = []
    if udp6_out(H6A, 6000) is None:             # an IPv6 flow from before
        return ['the IPv6 flow before the flood did not pass']
    if udp4_in('198.51.100.250', 999) is None:  # an IPv4 client from before
        return ['the IPv4 client before the flood did not pass']
    before = topo.stats()
    flood(100)
    now = wait_counter(topo, before, 'drop-ipv4-session-limit', 85)
    probs += delta(before, now, {'xlat-4to6': 15, 'drop-ipv4-session-limit': 85})
    if now.get('drop-session-limit', 0) != before.get('drop-session-limit', 0):
        probs.append('max-sessions was reached')
    full = topo.sessions()
    n4 = len([s for s in full if s['addr6'] == H6S])
    if n4 != 16:
        probs.append(f'{n4} sessions through the static entry, want 16')
    icmp = [p for p in w4.quiet(0.3) if IP in p and p[IP].proto == 1]
    if icmp:
        probs.append(f'ICMP answered the flood: {icmp[0].summary()}')
    # A TCP SYN from IPv4 counts against the same share.
    topo.bib_add(TCP, H6S, 8080, POOL4, 8080)
    b = topo.stats()
    w4.send(spoof(500, 8080, 'tcp'))
    now = wait_counter(topo, b, 'drop-ipv4-session-limit')
    probs += [f'TCP SYN: {p}' for p in delta(b, now, {'drop-ipv4-session-limit': 1})]
    # IPv6 hosts are not locked out; old flows pass both ways.
    if udp6_out(H6A, 6001) is None:
        probs.append('a new IPv6 flow was refused after the flood')
    if udp6_out(H6A, 6000) is None:
        probs.append('the IPv6 flow from before no longer passes')
    if udp4_in('198.51.100.250', 999) is None:
        probs.append('the IPv4 client from before no longer passes')
    return probs + evicted(full, topo.sessions())


def t_per_bib():
    """A flood at one static entry stops at max-ipv4-sessions-per-bib; a
    second entry still takes IPv4 clients, the first one's clients still
    pass, and nothing was evicted."""
    fresh(max_ipv4_sessions_per_bib=8)
    topo.bib_add(UDP, H6S, 5353, POOL4, 5353)
    topo.bib_add(UDP, H6S, 5354, POOL4, 5354)
    before = topo.stats()
    flood(20)
    now = wait_counter(topo, before, 'drop-bib-session-limit', 12)
    probs = delta(before, now, {'xlat-4to6': 8, 'drop-bib-session-limit': 12})
    full = topo.sessions(proto=UDP)
    n = len([s for s in full if s['port6'] == 5353])
    if n != 8:
        probs.append(f'{n} sessions of the flooded entry, want 8')
    if udp4_in('198.51.100.251', 999, 5354) is None:
        probs.append('the other static entry refused a new IPv4 client')
    b = topo.stats()
    w4.send(spoof(0))                           # a client the cap admitted
    now = wait_counter(topo, b, 'xlat-4to6')
    probs += [f'admitted client again: {p}' for p in delta(b, now, {'xlat-4to6': 1})]
    if udp6_out(H6A, 6002) is None:
        probs.append('a new IPv6 flow was refused')
    return probs + evicted(full, topo.sessions(proto=UDP))


def expires_in(addr6, port6, remote4, lo, hi):
    rows = [s for s in topo.sessions(proto=UDP, addr6=addr6)
            if s['port6'] == port6 and s['remote4'] == remote4]
    if len(rows) != 1:
        return [f'{len(rows)} sessions towards {remote4}, want 1']
    e = rows[0]['expires']
    if not lo * 1000 < e <= hi * 1000:
        return [f'expires in {e} ms, want ({lo * 1000}, {hi * 1000}]']
    return []


def t_unanswered():
    """A UDP session opened from IPv4 lives 30 s while the IPv6 side is
    silent (IPv4 packets do not extend it past that) and ends then; once
    the IPv6 side answers, it has the full udp-timeout."""
    fresh()
    topo.bib_add(UDP, H6S, 5353, POOL4, 5353)
    z_quiet, z_answered = '198.51.100.77', '198.51.100.78'
    probs = []
    for z in (z_quiet, z_answered):
        if udp4_in(z, 1000) is None:
            return [f'IPv4 packet from {z} did not pass']
    probs += [f'new: {p}' for p in expires_in(H6S, 5353, z_quiet, UNANSWERED - 10,
                                             UNANSWERED)]
    time.sleep(2)
    if udp4_in(z_quiet, 1000) is None:
        probs.append('a second IPv4 packet did not pass')
    probs += [f'IPv4 refresh: {p}' for p in expires_in(H6S, 5353, z_quiet,
                                                      UNANSWERED - 10, UNANSWERED)]
    out = topo.out64(IPv6(src=H6S, dst=wkp(z_answered)) / sUDP(sport=5353, dport=1000) /
                     b'r', lambda p: IP in p and p[IP].proto == 17)
    if out is None:
        return probs + ['the IPv6 answer did not pass']
    probs += [f'answered: {p}' for p in expires_in(H6S, 5353, z_answered, UDP_TO - 30,
                                                  UDP_TO)]
    if udp4_in(z_answered, 1000) is None:
        probs.append('IPv4 packet after the answer did not pass')
    probs += [f'answered, IPv4 refresh: {p}'
              for p in expires_in(H6S, 5353, z_answered, UDP_TO - 30, UDP_TO)]
    before = topo.stats()
    end = time.monotonic() + UNANSWERED + 15
    while time.monotonic() < end:
        rows = [s for s in topo.sessions(proto=UDP) if s['remote4'] == z_quiet]
        if not rows:
            break
        time.sleep(1)
    else:
        probs.append(f'the unanswered session still listed {UNANSWERED + 15} s later')
    now = wait_counter(topo, before, 'session-expired', 1, 10)   # the scan's pace
    if now['session-expired'] - before['session-expired'] < 1:
        probs.append('session-expired did not move')
    if not [s for s in topo.sessions(proto=UDP) if s['remote4'] == z_answered]:
        probs.append('the answered session ended too')
    return probs


def t_host_bib():
    """max-bib-per-host: a host's next new mapping is refused with ICMPv6
    1/1 and counted; its existing mappings still open sessions and pass,
    other hosts still get mappings, nothing was evicted."""
    fresh(max_bib_per_host=3)
    probs = []
    for port in (7000, 7001, 7002):
        if udp6_out(H6A, port) is None:
            return [f'mapping {port} under the limit was refused']
    full = topo.sessions()
    probs += [f'4th mapping: {p}' for p in refused6(H6A, 7003, 'drop-host-bib-limit')]
    if udp6_out(H6A, 7000, dst4=Z2) is None:
        probs.append('an existing mapping could not open a session to a new host')
    if udp6_out(H6A, 7001) is None:
        probs.append('an existing flow no longer passes')
    if udp6_out(H6B, 7003) is None:
        probs.append('another host was refused a mapping')
    bibs = [b for b in topo.bib(proto=UDP) if b['addr6'] == H6A]
    if len(bibs) != 3:
        probs.append(f'{len(bibs)} BIB entries of the host, want 3')
    return probs + evicted(full, topo.sessions())


def t_host_sessions():
    """max-sessions-per-host: a host's next new session is refused with
    ICMPv6 1/1 and counted, also on an existing mapping; its sessions still
    pass both ways, other hosts open flows, nothing was evicted."""
    fresh(max_sessions_per_host=4)
    probs = []
    outs = []
    for dport in (53, 54, 55, 56):
        o = udp6_out(H6A, 7100, dport)
        if o is None:
            return [f'session {dport} under the limit was refused']
        outs.append(o)
    full = topo.sessions()
    probs += [f'5th session: {p}' for p in refused6(H6A, 7100, 'drop-host-session-limit',
                                                    dport=57)]
    probs += [f'new mapping: {p}' for p in refused6(H6A, 7101, 'drop-host-session-limit')]
    if udp6_out(H6A, 7100, 54) is None:
        probs.append('an existing session no longer passes 6->4')
    T, t = outs[0][IP].src, outs[0][sUDP].sport
    back = topo.out46(IP(src=Z1, dst=T) / sUDP(sport=53, dport=t) / b'a',
                      lambda p: IPv6 in p and p[IPv6].nh == 17)
    if back is None:
        probs.append('an existing session no longer passes 4->6')
    if udp6_out(H6B, 7100) is None:
        probs.append('another host was refused a session')
    return probs + evicted(full, topo.sessions())


def t_subscriber_prefix():
    """subscriber-prefix-len 64: the hosts of one /64 share the limits; the
    length cannot change while BIB entries exist (an error, nothing
    changed)."""
    fresh(subscriber_prefix_len=64, max_bib_per_host=2)
    probs = []
    for h in (H6A, H6B):
        if udp6_out(h, 7200) is None:
            return [f'{h} under the limit was refused']
    probs += [f'third host of the /64: {p}' for p in
              refused6(H6C, 7200, 'drop-host-bib-limit')]
    r = topo.ctl('global', 'set', 'subscriber-prefix-len', '128', check=False)
    err = getattr(r, 'stderr', '') or ''
    if getattr(r, 'returncode', 0) == 0:
        probs.append('subscriber-prefix-len changed while BIB entries exist')
    elif 'BIB entries exist' not in err:
        probs.append(f'refused with {err.strip()!r}')
    shown = [ln for ln in topo.ctl('global', 'show').stdout.splitlines()
             if ln.startswith('subscriber-prefix-len ')]
    if shown != ['subscriber-prefix-len 64']:
        probs.append(f'global show: {shown}')
    return probs


def t_big_entry():
    """One entry with more sessions than a dump or an expiry chunk visits
    under one lock hold: the session dump resumes inside the entry and
    lists each exactly once, in order; the BIB dump counts them; the
    expiry scan resumes inside the entry and ends them all after their
    udp-timeout, and the static entry stays.  The IPv6 side opens them:
    those the IPv4 side opens live 30 s unanswered, less than sending
    them takes on the debug kernel."""
    fresh(udp_timeout=UDP_BIG)
    topo.bib_add(UDP, H6S, 5353, POOL4, 5353)
    n = 2600                    # > DUMP_VISITS 2048, > 10 x EXPIRE_CHUNK
    before = topo.stats()
    t0 = time.monotonic()
    flood6_raw(n)
    now = wait_counter(topo, before, 'session-created', n)
    probs = delta(before, now, {'xlat-6to4': n})
    rows = topo.sessions(proto=UDP, addr6=H6S)
    got = [(s['remote4'], s['rport4']) for s in rows]
    want = sorted({(f'198.51.{100 + i // 200}.{1 + i % 200}', 20000 + i)
                   for i in range(n)},
                  key=lambda k: (tuple(int(x) for x in k[0].split('.')), k[1]))
    if got != want:
        dup = len(got) - len(set(got))
        probs.append(f'session dump: {len(got)} rows ({dup} repeated), want {n} '
                     'in (Z,z) order')
    bib = [b for b in topo.bib(proto=UDP) if b['port4'] == 5353]
    if [b['sessions'] for b in bib] != [n]:
        probs.append(f'BIB dump: {bib}')
    if time.monotonic() - t0 > UDP_BIG - 5:
        probs.append(f'flood and dumps took {time.monotonic() - t0:.0f} s: '
                     'too slow to see the sessions before they expire')
    # Listings hide expired sessions at once; the scan unlinks them later.
    done = wait_counter(topo, now, 'session-expired', n, UDP_BIG + 30)
    left = len(topo.sessions(proto=UDP, addr6=H6S))
    if left:
        probs.append(f'{left} sessions left {UDP_BIG + 30} s later')
    if done['session-expired'] - now['session-expired'] != n:
        probs.append(f"session-expired +{done['session-expired'] - now['session-expired']}"
                     f', want +{n}')
    bib = [b for b in topo.bib(proto=UDP) if b['port4'] == 5353]
    if [(b['static'], b['sessions']) for b in bib] != [(True, 0)]:
        probs.append(f'static entry after expiry: {bib}')
    return probs


R.run('max-ipv4-sessions: spoofed IPv4 flood stops at its share, IPv6 flows open',
      t_ipv4_flood)
R.run('max-ipv4-sessions-per-bib: one flooded entry stops, others serve', t_per_bib)
R.run('max-bib-per-host: next mapping ICMPv6 1/1, old ones and other hosts pass',
      t_host_bib)
R.run('max-sessions-per-host: next session ICMPv6 1/1, old ones and other hosts pass',
      t_host_sessions)
R.run('subscriber-prefix-len 64: one /64 shares the limits; fixed while BIB exists',
      t_subscriber_prefix)
R.run('unanswered IPv4-opened UDP session: 30 s, full timeout once answered',
      t_unanswered)
R.run('one entry, 2600 sessions: dumps resume inside it, expiry ends them all',
      t_big_entry)
topo.close()
R.finish()
