#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Static BIB entries, BIB/session dumps and STATS_GET over raw netlink.

Prints one `PASS  bib: ...` / `FAIL  bib: ...` line per test (and appends
it to $NAT64_RESULTS); exits non-zero if any failed.
"""
import errno
import os
import socket
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import suite  # noqa: E402
from results import Results  # noqa: E402
from nat64genl import (Nat64Genl, NetlinkError, C, STATS, a, attr, bib_nest,  # noqa: E402
                       cmd, in4, in6, parse_bib, parse_session, parse_stats,
                       u8, u16)

R = Results('bib')
suite.start(R)
EINVAL, ENOENT, EEXIST = errno.EINVAL, errno.ENOENT, errno.EEXIST
TCP, UDP, ICMP = C['NAT64_PROTO_TCP'], C['NAT64_PROTO_UDP'], C['NAT64_PROTO_ICMP']


nl = Nat64Genl()


def bibs(*filt):
    rows = nl.request(cmd('BIB_GET'), list(filt), dump=True)
    return [parse_bib(r) for r in rows]


def sessions(*filt):
    return [parse_session(r) for r in
            nl.request(cmd('SESSION_GET'), list(filt), dump=True)]


def stats():
    return parse_stats(nl.request(cmd('STATS_GET'))[0])


def state():
    return (bibs(), nl.request(cmd('POOL4_GET'), dump=True))


def rejects(name, command, attrs, want_errno, want_msg, **kw):
    """The request fails with @want_errno and @want_msg; nothing changes."""
    before = state()
    try:
        nl.request(cmd(command), attrs, **kw)
        R.expect(name, False, 'accepted')
        return
    except NetlinkError as e:
        R.expect(name, e.errno == want_errno and e.msg == want_msg,
                 f'got errno {e.errno} "{e.msg}", want {want_errno} "{want_msg}"')
    R.expect(name + ': state unchanged', state() == before, 'state changed')


def pool4(proto=None, addr=None, plen=None, pmin=None, pmax=None):
    inner = []
    if proto is not None:
        inner.append(u8(a('NAT64_POOL4_A_PROTO'), proto))
    if addr is not None:
        inner += [in4(a('NAT64_POOL4_A_ADDR'), addr), u8(a('NAT64_POOL4_A_PLEN'), plen)]
    if pmin is not None:
        inner += [u16(a('NAT64_POOL4_A_PORT_MIN'), pmin),
                  u16(a('NAT64_POOL4_A_PORT_MAX'), pmax)]
    return [attr(a('NAT64_A_POOL4'), inner)]


def add(proto, addr6, port6, addr4, port4):
    nl.request(cmd('BIB_ADD'), bib_nest(proto, addr6, port6, addr4, port4))


def key(b):
    return (b['proto'], struct.unpack('!I', socket.inet_aton(b['addr4']))[0], b['port4'])


# --- setup ------------------------------------------------------------------
nl.request(cmd('INSTANCE_ADD'), [attr(a('NAT64_A_INSTANCE'), [
    in6(a('NAT64_INSTANCE_A_POOL6_ADDR'), '64:ff9b::'),
    u8(a('NAT64_INSTANCE_A_POOL6_LEN'), 96)])])
nl.request(cmd('POOL4_ADD'), pool4(None, '192.0.2.0', 30))
R.expect('empty BIB dumps nothing', bibs() == [], 'rows')
R.expect('empty session table dumps nothing', sessions() == [], 'rows')
st = stats()
R.expect('stats: every counter reported', list(st) == STATS,
         f'{len(st)} counters, want {len(STATS)}')
R.expect('stats: all zero at start', not any(st.values()), str(st))

# --- static add and its errors ------------------------------------------------
add(TCP, '2001:db8::1', 80, '192.0.2.1', 8080)
rows = bibs()
want = {'proto': TCP, 'addr6': '2001:db8::1', 'port6': 80, 'addr4': '192.0.2.1',
        'port4': 8080, 'static': 1, 'sessions': 0}
R.expect('static entry shows every field', rows == [want], str(rows))
R.expect('stats: bib-created counts it', stats()['BIB_CREATED'] == 1, '')

rejects('add without a nest', 'BIB_ADD', [], EINVAL, 'a BIB entry is required')
rejects('add without a protocol', 'BIB_ADD',
        bib_nest(None, '2001:db8::2', 1, '192.0.2.1', 9000), EINVAL,
        'a BIB entry needs a protocol')
rejects('add with an IPv6 address but no port', 'BIB_ADD',
        bib_nest(TCP, '2001:db8::2', None, '192.0.2.1', 9000), EINVAL,
        'the IPv6 side of a BIB entry needs both an address and a port')
rejects('add with an IPv4 port but no address', 'BIB_ADD',
        bib_nest(TCP, '2001:db8::2', 1, None, 9000), EINVAL,
        'the IPv4 side of a BIB entry needs both an address and a port')
rejects('add with one side only', 'BIB_ADD', bib_nest(TCP, '2001:db8::2', 1),
        EINVAL, 'a static BIB entry needs an IPv6 and an IPv4 address and port')
OUTSIDE = 'the IPv4 address and port of a BIB entry must lie inside pool4 for its protocol'
rejects('add with an address outside pool4', 'BIB_ADD',
        bib_nest(TCP, '2001:db8::2', 1, '198.51.100.1', 9000), EINVAL, OUTSIDE)
rejects('add with a port outside the pool4 range', 'BIB_ADD',
        bib_nest(TCP, '2001:db8::2', 1, '192.0.2.1', 80), EINVAL, OUTSIDE)
rejects('add with udp port 0', 'BIB_ADD',
        bib_nest(UDP, '2001:db8::2', 1, '192.0.2.1', 0), EINVAL, OUTSIDE)
rejects('add with X\' inside pool6', 'BIB_ADD',
        bib_nest(TCP, '64:ff9b::c000:201', 1, '192.0.2.1', 9000), EINVAL,
        'the IPv6 address of a BIB entry must lie outside pool6')
for special in ('::1', '::', 'fe80::1', 'ff02::1', '::ffff:192.0.2.9'):
    rejects('add with X\' ' + special, 'BIB_ADD',
            bib_nest(TCP, special, 1, '192.0.2.1', 9000), EINVAL,
            "a static BIB entry's IPv6 address must be global unicast")
OWN = '2001:db8::99'
subprocess.run(['ip', 'addr', 'add', OWN + '/128', 'dev', 'lo'], check=True)
rejects('add with X\' one of the host\'s own addresses', 'BIB_ADD',
        bib_nest(TCP, OWN, 1, '192.0.2.1', 9000), EINVAL,
        "a static BIB entry's IPv6 address must not be one of this host's own: "
        'translated packets are never delivered to the host')
subprocess.run(['ip', 'addr', 'del', OWN + '/128', 'dev', 'lo'], check=True)
rejects('add with the IPv6 side taken', 'BIB_ADD',
        bib_nest(TCP, '2001:db8::1', 80, '192.0.2.1', 9000), EEXIST,
        'the IPv6 address and port already have a BIB entry')
rejects('add with the IPv4 side taken', 'BIB_ADD',
        bib_nest(TCP, '2001:db8::2', 80, '192.0.2.1', 8080), EEXIST,
        'the IPv4 address and port already belong to a BIB entry')
rejects('add of an existing static entry', 'BIB_ADD',
        bib_nest(TCP, '2001:db8::1', 80, '192.0.2.1', 8080), EEXIST,
        'that static BIB entry already exists')
rejects('add with the read-only static flag', 'BIB_ADD',
        bib_nest(TCP, '2001:db8::2', 1, '192.0.2.1', 9000,
                 [u8(a('NAT64_BIB_A_STATIC'), 1)]), EINVAL,
        'the static flag of a BIB entry is read-only')
rejects('add with protocol 3 (policy)', 'BIB_ADD',
        bib_nest(3, '2001:db8::2', 1, '192.0.2.1', 9000), errno.ERANGE,
        'integer out of range')

# The same (X',x) and (T,t) in another protocol are another entry.
add(UDP, '2001:db8::1', 80, '192.0.2.1', 8080)
add(ICMP, '2001:db8::1', 7, '192.0.2.1', 0)
rows = bibs()
R.expect('one entry per protocol, sorted by protocol',
         [r['proto'] for r in rows] == [TCP, UDP, ICMP], str(rows))
R.expect('icmp identifier 0 is usable', rows[-1]['port4'] == 0, str(rows[-1]))

# --- filters ------------------------------------------------------------------
R.expect('show filters by protocol',
         [r['proto'] for r in bibs(*bib_nest(UDP))] == [UDP], '')
add(TCP, '2001:db8::3', 3, '192.0.2.2', 3000)
R.expect('show filters by addr4',
         [r['addr6'] for r in bibs(*bib_nest(TCP, None, None, '192.0.2.2'))] ==
         ['2001:db8::3'], '')
R.expect('show filters by addr6',
         len(bibs(*bib_nest(None, '2001:db8::1'))) == 3, '')
rejects('show filter with a port', 'BIB_GET', bib_nest(TCP, '2001:db8::1', 80),
        EINVAL, 'bib show filters by protocol and addresses only', dump=True)
rejects('session show filter with a port', 'SESSION_GET',
        [attr(a('NAT64_A_SESSION'), [u16(a('NAT64_SESSION_A_PORT4'), 1)])], EINVAL,
        'session show filters by protocol, addr6, addr4 and remote4 only', dump=True)
R.expect('session show with filters answers', sessions(
    attr(a('NAT64_A_SESSION'), [u8(a('NAT64_SESSION_A_PROTO'), UDP),
                                in4(a('NAT64_SESSION_A_REMOTE4'), '203.0.113.1')]))
         == [], 'rows')

# --- delete ---------------------------------------------------------------------
rejects('del without a side', 'BIB_DEL', bib_nest(TCP), EINVAL,
        'bib del needs the IPv6 or the IPv4 address and port')
rejects('del of a missing entry', 'BIB_DEL', bib_nest(TCP, '2001:db8::9', 9), ENOENT,
        'no BIB entry has that address and port')
rejects('del naming two entries', 'BIB_DEL',
        bib_nest(TCP, '2001:db8::1', 80, '192.0.2.2', 3000), EINVAL,
        'the IPv6 and IPv4 sides belong to different BIB entries')
nl.request(cmd('BIB_DEL'), bib_nest(UDP, '2001:db8::1', 80))
R.expect('del by the IPv6 side', [r['proto'] for r in bibs(*bib_nest(UDP))] == [], '')
nl.request(cmd('BIB_DEL'), bib_nest(ICMP, None, None, '192.0.2.1', 0))
R.expect('del by the IPv4 side', [r['proto'] for r in bibs(*bib_nest(ICMP))] == [], '')
nl.request(cmd('BIB_DEL'), bib_nest(TCP, '2001:db8::3', 3, '192.0.2.2', 3000))
R.expect('del by both sides', len(bibs()) == 1, str(bibs()))

# --- pool4 removal ends the entries it covered ------------------------------------
add(TCP, '2001:db8::4', 4, '192.0.2.2', 4000)
add(TCP, '2001:db8::5', 5, '192.0.2.1', 5000)
add(UDP, '2001:db8::6', 6, '192.0.2.1', 6000)
nl.request(cmd('POOL4_DEL'), pool4(TCP, '192.0.2.2', 32))
rows = bibs()
R.expect('pool4 del of an address ends its static entries',
         sorted((r['proto'], r['addr4'], r['port4']) for r in rows) ==
         [(TCP, '192.0.2.1', 5000), (TCP, '192.0.2.1', 8080), (UDP, '192.0.2.1', 6000)],
         str(rows))
nl.request(cmd('POOL4_DEL'), pool4(TCP, '192.0.2.1', 32, 4000, 5999))
rows = bibs(*bib_nest(TCP))
R.expect('pool4 del of a port range ends only the entries inside it',
         [r['port4'] for r in rows] == [8080], str(rows))
nl.request(cmd('POOL4_FLUSH'), pool4(UDP))
R.expect('pool4 flush of a protocol ends its entries',
         [r['proto'] for r in bibs()] == [TCP], str(bibs()))
rejects('add into a removed range', 'BIB_ADD',
        bib_nest(TCP, '2001:db8::7', 7, '192.0.2.1', 4500), EINVAL, OUTSIDE)

# --- many entries: dumps resume in order --------------------------------------------
nl.request(cmd('POOL4_FLUSH'))
R.expect('pool4 flush ends every entry', bibs() == [], str(bibs()))
nl.request(cmd('POOL4_ADD'), pool4(None, '192.0.2.0', 30))
N = 3000
ok = True
for i in range(N):
    try:
        add(TCP if i % 3 else UDP, f'2001:db8::1:{i:x}', 1000 + i,
            f'192.0.2.{i % 4}', 60000 - i)
    except NetlinkError as e:
        ok = False
        why = f'entry {i}: {e}'
        break
R.expect(f'{N} static entries added', ok, why if not ok else '')
rows = bibs()
keys = [key(r) for r in rows]
R.expect(f'dump of {N} entries complete', len(rows) == N, f'{len(rows)} rows')
R.expect('dump sorted by protocol, address and port, no repeats',
         keys == sorted(set(keys)), 'disorder')
R.expect('a quiet dump is not flagged interrupted', not nl.intr, 'flagged')
tcp_rows = bibs(*bib_nest(TCP, None, None, '192.0.2.3'))
R.expect('a filtered dump across many passes',
         len(tcp_rows) == sum(1 for i in range(N) if i % 3 and i % 4 == 3),
         f'{len(tcp_rows)} rows')


def interrupted_dump():
    """Entries ended under a dump's feet: flagged, and none seen twice."""
    other = Nat64Genl()
    nl._send(nl.family, cmd('BIB_GET'), [], 1 | 4 | 0x300)
    data = nl.sock.recv(1 << 16)           # the first part only
    for i in range(N - 3, N - 63, -3):     # 20 UDP entries, dumped last
        other.request(cmd('BIB_DEL'), bib_nest(UDP, f'2001:db8::1:{i:x}', 1000 + i))
    intr, seen = False, []
    while True:
        while len(data) >= 16:
            length, kind, flags = struct.unpack('=IHH', data[:8])
            intr |= bool(flags & 16)
            if kind in (2, 3):
                return intr, seen
            seen.append(key(parse_bib(data[20:length])))
            data = data[(length + 3) & ~3:]
        data = nl.sock.recv(1 << 16)


intr, seen = interrupted_dump()
R.expect('dump across deletions is flagged interrupted', intr, 'not flagged')
R.expect('dump across deletions repeats nothing and stays sorted',
         seen == sorted(set(seen)) and len(seen) == N - 20, f'{len(seen)} rows')

nl.request(cmd('INSTANCE_DEL'))
try:
    nl.request(cmd('BIB_GET'), dump=True)
    R.expect('dump without an instance refused', False, 'accepted')
except NetlinkError as e:
    R.expect('dump without an instance refused', e.errno == ENOENT and
             e.msg == 'no NAT64 instance in this network namespace', str(e))
R.finish()
