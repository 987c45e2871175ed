#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Raw generic netlink requests against the module's validation.

Prints one `PASS  netlink: ...` / `FAIL  netlink: ...` line per test (and
appends it to $NAT64_RESULTS); exits non-zero if any failed.
"""
import errno
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import suite  # noqa: E402
from results import Results  # noqa: E402
from nat64genl import (Nat64Genl, NetlinkError, C, a, attr, cmd, in4, in6,  # noqa: E402
                       parse_attrs, u8, u16, u32)

R = Results('netlink')
suite.start(R)


nl = Nat64Genl()


def state():
    """Everything a request could change, as comparable values."""
    out = []
    for c in ('INSTANCE_GET', 'GLOBAL_GET'):
        try:
            out.append(nl.request(cmd(c)))
        except NetlinkError as e:
            out.append(e.errno)
    try:
        out.append(nl.request(cmd('POOL4_GET'), dump=True))
    except NetlinkError as e:
        out.append(e.errno)
    return out


def rejects(name, command, attrs, want_errno, want_msg=None, **kw):
    """The request fails with @want_errno and @want_msg; nothing changes."""
    before = state()
    try:
        nl.request(cmd(command), attrs, **kw)
        R.expect(name, False, 'accepted')
        return
    except NetlinkError as e:
        ok = e.errno == want_errno and (want_msg is None and e.msg or e.msg == want_msg)
        R.expect(name, ok, f'got errno {e.errno} "{e.msg}", want {want_errno} "{want_msg}"')
    R.expect(name + ': state unchanged', state() == before, 'state changed')


def inst(*attrs):
    return [attr(a('NAT64_A_INSTANCE'), list(attrs))]


def pool6(addr, plen):
    return inst(in6(a('NAT64_INSTANCE_A_POOL6_ADDR'), addr),
                u8(a('NAT64_INSTANCE_A_POOL6_LEN'), plen))


def pool4(proto=None, addr=None, plen=None, pmin=None, pmax=None):
    inner = []
    if proto is not None:
        inner.append(u8(a('NAT64_POOL4_A_PROTO'), proto))
    if addr is not None:
        inner.append(in4(a('NAT64_POOL4_A_ADDR'), addr))
    if plen is not None:
        inner.append(u8(a('NAT64_POOL4_A_PLEN'), plen))
    if pmin is not None:
        inner.append(u16(a('NAT64_POOL4_A_PORT_MIN'), pmin))
    if pmax is not None:
        inner.append(u16(a('NAT64_POOL4_A_PORT_MAX'), pmax))
    return [attr(a('NAT64_A_POOL4'), inner)]


def globals_(**kv):
    return [attr(a('NAT64_A_GLOBALS'),
                 [(u8 if size == 1 else u32)(a('NAT64_GLOBAL_A_' + k), v)
                  for k, (v, size) in kv.items()])]


EINVAL, ENOENT, EEXIST, ENOSPC = errno.EINVAL, errno.ENOENT, errno.EEXIST, errno.ENOSPC
ERANGE = errno.ERANGE
OUT_OF_RANGE = 'integer out of range'
BAD_SIZE = 'binary attribute size out of range'
TCP, UDP, ICMP = C['NAT64_PROTO_TCP'], C['NAT64_PROTO_UDP'], C['NAT64_PROTO_ICMP']
NO_INST = 'no NAT64 instance in this network namespace'

# --- instance ---------------------------------------------------------------
rejects('instance add without attributes', 'INSTANCE_ADD', [], EINVAL,
        'a pool6 prefix is required')
rejects('instance add without a length', 'INSTANCE_ADD',
        inst(in6(a('NAT64_INSTANCE_A_POOL6_ADDR'), '64:ff9b::')), EINVAL,
        'a pool6 prefix length is required')
rejects('pool6 address of 15 bytes', 'INSTANCE_ADD',
        inst(attr(a('NAT64_INSTANCE_A_POOL6_ADDR'), b'\0' * 15),
             u8(a('NAT64_INSTANCE_A_POOL6_LEN'), 96)), ERANGE, BAD_SIZE)
rejects('pool6 length 33', 'INSTANCE_ADD', pool6('2001:db8::', 33), EINVAL,
        'pool6 prefix length must be 32, 40, 48, 56, 64 or 96')
rejects('pool6 length 129 (policy)', 'INSTANCE_ADD', pool6('2001:db8::', 129), ERANGE,
        OUT_OF_RANGE)
rejects('pool6 host bits', 'INSTANCE_ADD', pool6('2001:db8::1', 96), EINVAL,
        'pool6 prefix has host bits set')
rejects('pool6 u-octet', 'INSTANCE_ADD', pool6('2001:db8:0:0:100::', 96), EINVAL,
        'pool6 prefix must have bits 64-71 (the RFC 6052 u-octet) zero')
for bad in ('::ffff:0:0', 'fe80::', 'ff0e::'):
    rejects('pool6 ' + bad, 'INSTANCE_ADD', pool6(bad, 96), EINVAL,
            'pool6 prefix must be global unicast (not ::/64, link-local, '
            'multicast or ::ffff:0:0/96)')
rejects('read-only attribute in a request', 'INSTANCE_ADD',
        inst(in6(a('NAT64_INSTANCE_A_POOL6_ADDR'), '64:ff9b::'),
             u8(a('NAT64_INSTANCE_A_POOL6_LEN'), 96),
             u32(a('NAT64_INSTANCE_A_POOL4_COUNT'), 5)), EINVAL,
        'pool4 entry count is read-only')
rejects('unknown top-level attribute', 'INSTANCE_ADD',
        pool6('64:ff9b::', 96) + [u32(60, 1)], EINVAL)
rejects('attribute of another command', 'INSTANCE_ADD',
        pool6('64:ff9b::', 96) + pool4(UDP), EINVAL)
rejects('attributes where a command takes none', 'INSTANCE_DEL', pool4(UDP), EINVAL)
rejects('del without an instance', 'INSTANCE_DEL', [], ENOENT, NO_INST)
rejects('pool4 add without an instance', 'POOL4_ADD', pool4(UDP, '192.0.2.1', 32),
        ENOENT, NO_INST)
rejects('global set without an instance', 'GLOBAL_SET',
        globals_(UDP_TIMEOUT=(600, 4)), ENOENT, NO_INST)
try:
    nl.request(99)
    R.expect('unknown command refused', False, 'no error')
except NetlinkError as e:
    R.expect('unknown command refused', e.errno == errno.EOPNOTSUPP, str(e))

nl.request(cmd('INSTANCE_ADD'), pool6('64:ff9b::', 96))
rejects('second instance', 'INSTANCE_ADD', pool6('2001:db8::', 96), EEXIST,
        'a NAT64 instance already exists in this network namespace')

# --- pool4 ------------------------------------------------------------------
rejects('pool4 add without attributes', 'POOL4_ADD', [], EINVAL,
        'a pool4 prefix is required')
rejects('pool4 add with only a protocol', 'POOL4_ADD', pool4(UDP), EINVAL,
        'a pool4 prefix is required')
rejects('pool4 address without length', 'POOL4_ADD', pool4(UDP, '192.0.2.1'), EINVAL,
        'a pool4 prefix needs both an address and a length')
rejects('pool4 first port only', 'POOL4_ADD', pool4(UDP, '192.0.2.1', 32, 5), EINVAL,
        'a pool4 port range needs both a first and a last port')
rejects('pool4 protocol 3 (policy)', 'POOL4_ADD', pool4(3, '192.0.2.1', 32), ERANGE,
        OUT_OF_RANGE)
rejects('pool4 length 8 (policy)', 'POOL4_ADD', pool4(UDP, '10.0.0.0', 8), ERANGE,
        OUT_OF_RANGE)
rejects('pool4 length 33 (policy)', 'POOL4_ADD', pool4(UDP, '10.0.0.0', 33), ERANGE,
        OUT_OF_RANGE)
rejects('pool4 address of 3 bytes', 'POOL4_ADD',
        [attr(a('NAT64_A_POOL4'), [attr(a('NAT64_POOL4_A_ADDR'), b'\1\2\3'),
                                   u8(a('NAT64_POOL4_A_PLEN'), 32)])], ERANGE, BAD_SIZE)
rejects('pool4 host bits', 'POOL4_ADD', pool4(UDP, '192.0.2.1', 24), EINVAL,
        'pool4 prefix has host bits set')
rejects('pool4 loopback', 'POOL4_ADD', pool4(UDP, '127.0.0.0', 16), EINVAL,
        'pool4 prefix must be unicast (not in 0/8, 127/8, 169.254/16, 224/4 or 240/4)')
rejects('pool4 link local', 'POOL4_ADD', pool4(UDP, '169.254.0.0', 16), EINVAL,
        'pool4 prefix must be unicast (not in 0/8, 127/8, 169.254/16, 224/4 or 240/4)')
rejects('pool4 tcp port 0', 'POOL4_ADD', pool4(TCP, '192.0.2.1', 32, 0, 9), EINVAL,
        'pool4 port 0 is not usable for tcp or udp')
rejects('pool4 all protocols, port 0', 'POOL4_ADD', pool4(None, '192.0.2.1', 32, 0, 9),
        EINVAL, 'pool4 port 0 is not usable for tcp or udp')
rejects('pool4 reversed ports', 'POOL4_ADD', pool4(UDP, '192.0.2.1', 32, 9, 8), EINVAL,
        'pool4 first port is above the last port')
rejects('pool4 del reversed ports', 'POOL4_DEL', pool4(UDP, '192.0.2.1', 32, 9, 8),
        EINVAL, 'pool4 first port is above the last port')
rejects('pool4 flush with a prefix', 'POOL4_FLUSH', pool4(UDP, '192.0.2.1', 32), EINVAL,
        'pool4 flush takes only a protocol')
rejects('session flush with an address', 'SESSION_FLUSH',
        [attr(a('NAT64_A_SESSION'), [u8(a('NAT64_SESSION_A_PROTO'), UDP),
                                     in4(a('NAT64_SESSION_A_ADDR4'), '192.0.2.1')])],
        EINVAL, 'session flush takes only a protocol')
rejects('session flush of protocol 3 (policy)', 'SESSION_FLUSH',
        [attr(a('NAT64_A_SESSION'), [u8(a('NAT64_SESSION_A_PROTO'), 3)])], ERANGE,
        OUT_OF_RANGE)
rejects('pool4 dump with a prefix', 'POOL4_GET', pool4(UDP, '192.0.2.1', 32), EINVAL,
        'pool4 show filters by protocol only', dump=True)

nl.request(cmd('POOL4_ADD'), pool4(ICMP, '192.0.2.0', 24, 0, 0))
R.expect('icmp identifier 0 alone accepted', True)
rejects('pool4 overlap', 'POOL4_ADD', pool4(ICMP, '192.0.2.7', 32, 0, 5), EEXIST,
        'pool4 entry overlaps an existing entry of the same protocol')
rejects('pool4 del of nothing', 'POOL4_DEL', pool4(TCP, '192.0.2.0', 24), ENOENT,
        'pool4 has no such address and port')
nl.request(cmd('POOL4_FLUSH'))

# --- a full table -----------------------------------------------------------
LIMIT = C.get('NAT64_POOL4_MAX_ENTRIES') or 4096
for i in range(4096):
    nl.request(cmd('POOL4_ADD'), pool4(UDP, f'10.{1 + i // 256}.{i % 256}.0', 32, 1, 100))
rows = nl.request(cmd('POOL4_GET'), dump=True)
keys = []
for r in rows:
    p = parse_attrs(parse_attrs(r)[a('NAT64_A_POOL4')])
    keys.append(struct.unpack('!I', p[a('NAT64_POOL4_A_ADDR')])[0])
R.expect('4096 entries dump in full (multi-part)', len(keys) == 4096, f'{len(keys)} rows')
R.expect('dump sorted, no repeats', keys == sorted(set(keys)), 'disorder')
rejects('4097th entry', 'POOL4_ADD', pool4(UDP, '198.51.100.1', 32), ENOSPC,
        'pool4 would exceed its limit of 4096 entries')
nl.request(cmd('POOL4_DEL'), pool4(UDP, '10.1.0.0', 32))
nl.request(cmd('POOL4_ADD'), pool4(UDP, '10.200.0.0', 16, 1, 100))
rejects('a del whose split would overflow', 'POOL4_DEL', pool4(UDP, '10.200.0.1', 32),
        ENOSPC, 'pool4 would exceed its limit of 4096 entries')


def interrupted_dump():
    """A dump across a table change is flagged NLM_F_DUMP_INTR."""
    other = Nat64Genl()
    nl._send(nl.family, cmd('POOL4_GET'), [], 1 | 4 | 0x300)
    first = nl.sock.recv(1 << 16)           # the first part only
    other.request(cmd('POOL4_DEL'), pool4(UDP, '10.16.255.0', 32))
    data, intr = first, False
    while True:
        while len(data) >= 16:
            length, kind, flags = struct.unpack('=IHH', data[:8])
            intr |= bool(flags & 16)
            if kind in (2, 3):
                return intr
            data = data[(length + 3) & ~3:]
        data = nl.sock.recv(1 << 16)


R.expect('dump across a change is flagged interrupted', interrupted_dump(), 'not flagged')
nl.request(cmd('POOL4_FLUSH'), pool4(UDP))
R.expect('flush udp empties the full table',
         nl.request(cmd('POOL4_GET'), dump=True) == [], 'rows left')

# --- globals ----------------------------------------------------------------
rejects('global set without attributes', 'GLOBAL_SET', [], EINVAL,
        'global set needs at least one key')
rejects('global set with an empty nest', 'GLOBAL_SET',
        [attr(a('NAT64_A_GLOBALS'), [])], EINVAL, 'global set needs at least one key')
for key, val, size in (('UDP_TIMEOUT', 119, 4), ('TCP_EST_TIMEOUT', 7439, 4),
                       ('TCP_TRANS_TIMEOUT', 239, 4), ('ICMP_TIMEOUT', 59, 4),
                       ('UDP_TIMEOUT', 7 * 86400 + 1, 4), ('LOWEST_IPV6_MTU', 1279, 4),
                       ('FILTERING', 2, 1), ('DROP_EXTERNAL_TCP', 2, 1),
                       ('MAX_SESSIONS', 0, 4), ('MAX_STORED_SYNS', 65537, 4)):
    rejects(f'global {key.lower()} {val} (policy range)', 'GLOBAL_SET',
            globals_(**{key: (val, size)}), ERANGE, OUT_OF_RANGE)
rejects('global u32 sent as u8', 'GLOBAL_SET', globals_(UDP_TIMEOUT=(200, 1)), EINVAL)
rejects('one bad key spoils the set', 'GLOBAL_SET',
        globals_(UDP_TIMEOUT=(600, 4), ICMP_TIMEOUT=(1, 4)), ERANGE, OUT_OF_RANGE)
nl.request(cmd('GLOBAL_SET'), globals_(UDP_TIMEOUT=(600, 4)))
g = parse_attrs(parse_attrs(nl.request(cmd('GLOBAL_GET'))[0])[a('NAT64_A_GLOBALS')])
R.expect('a good set applies', struct.unpack('=I', g[a('NAT64_GLOBAL_A_UDP_TIMEOUT')])[0] == 600,
         'not applied')


# --- icmp-src-pool4 (RFC 6791): address and length together, like pool4 -----
def src_pool(addr=None, plen=None):
    inner = []
    if addr is not None:
        inner.append(in4(a('NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR'), addr)
                     if isinstance(addr, str) else
                     attr(a('NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR'), addr))
    if plen is not None:
        inner.append(u8(a('NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN'), plen))
    return [attr(a('NAT64_A_GLOBALS'), inner)]


def src_pool_now():
    g = parse_attrs(parse_attrs(nl.request(cmd('GLOBAL_GET'))[0])[a('NAT64_A_GLOBALS')])
    addr = g.get(a('NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR'))
    plen = g.get(a('NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN'))
    if addr is None or plen is None:
        return None
    return f'{".".join(str(b) for b in addr)}/{plen[0]}'


R.expect('icmp-src-pool4 none by default', src_pool_now() == '0.0.0.0/0',
         f'reads {src_pool_now()}')
nl.request(cmd('GLOBAL_SET'), src_pool('192.0.2.8', 29))
R.expect('icmp-src-pool4 set reads back', src_pool_now() == '192.0.2.8/29',
         f'reads {src_pool_now()}')
BOTH = 'icmp-src-pool4 needs both an address and a length'
UNICAST = ('icmp-src-pool4 must be unicast (not in 0/8, 127/8, 169.254/16, 224/4 '
           'or 240/4)')
for name, attrs, err, msg in (
        ('address without a length', src_pool('192.0.2.0'), EINVAL, BOTH),
        ('length without an address', src_pool(plen=29), EINVAL, BOTH),
        ('length 33 (policy)', src_pool('192.0.2.0', 33), ERANGE, OUT_OF_RANGE),
        ('address of 3 bytes', src_pool(b'\xc0\0\2', 29), ERANGE, BAD_SIZE),
        ('address of 16 bytes', src_pool(b'\xc0' * 16, 29), ERANGE, BAD_SIZE),
        ('length 8', src_pool('10.0.0.0', 8), EINVAL,
         'icmp-src-pool4 prefix length must be 16-32 (0 for none)'),
        ('length 15', src_pool('198.50.0.0', 15), EINVAL,
         'icmp-src-pool4 prefix length must be 16-32 (0 for none)'),
        ('length 0 with an address', src_pool('192.0.2.0', 0), EINVAL,
         'icmp-src-pool4 of length 0 (none) must be 0.0.0.0'),
        ('host bits', src_pool('192.0.2.1', 29), EINVAL,
         'icmp-src-pool4 prefix has host bits set'),
        ('0.0.0.0/16', src_pool('0.0.0.0', 16), EINVAL, UNICAST),
        ('127.0.0.0/29', src_pool('127.0.0.0', 29), EINVAL, UNICAST),
        ('127.255.255.255/32', src_pool('127.255.255.255', 32), EINVAL, UNICAST),
        ('169.254.0.0/16', src_pool('169.254.0.0', 16), EINVAL, UNICAST),
        ('224.0.0.0/16', src_pool('224.0.0.0', 16), EINVAL, UNICAST),
        ('239.255.255.0/24', src_pool('239.255.255.0', 24), EINVAL, UNICAST),
        ('240.0.0.0/16', src_pool('240.0.0.0', 16), EINVAL, UNICAST),
        ('255.255.255.255/32', src_pool('255.255.255.255', 32), EINVAL, UNICAST)):
    rejects(f'global icmp-src-pool4 {name}', 'GLOBAL_SET', attrs, err, msg)
rejects('a bad icmp-src-pool4 spoils the set', 'GLOBAL_SET',
        [attr(a('NAT64_A_GLOBALS'), [
            u32(a('NAT64_GLOBAL_A_UDP_TIMEOUT'), 900),
            in4(a('NAT64_GLOBAL_A_ICMP_SRC_POOL4_ADDR'), '127.0.0.0'),
            u8(a('NAT64_GLOBAL_A_ICMP_SRC_POOL4_PLEN'), 16)])], EINVAL, UNICAST)
R.expect('after the refusals icmp-src-pool4 is as set', src_pool_now() == '192.0.2.8/29',
         f'reads {src_pool_now()}')
nl.request(cmd('GLOBAL_SET'), src_pool('0.0.0.0', 0))
R.expect('icmp-src-pool4 0.0.0.0/0 clears it', src_pool_now() == '0.0.0.0/0',
         f'reads {src_pool_now()}')

nl.request(cmd('INSTANCE_DEL'))
rejects('dump without an instance', 'POOL4_GET', [], ENOENT, NO_INST, dump=True)
R.finish()
