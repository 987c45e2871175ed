# SPDX-License-Identifier: GPL-2.0
"""A raw generic netlink client for the nat64 family, for tests that must
reach the kernel's own validation without nat64ctl's checks in the way,
and a listener of its "bib" and "session" multicast groups.

Command and attribute numbers, counter and end-reason names are read from
include/nat64.h, the one place they are defined, so this client cannot
drift from the module.
"""
import errno
import os
import re
import select
import socket
import struct
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

NETLINK_GENERIC = 16
NETLINK_EXT_ACK = 11
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_DUMP = 1, 2, 4, 0x300
NLM_F_DUMP_INTR = 16
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLMSG_ERROR_ATTR_MSG = 1
NLA_F_NESTED = 0x8000
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 16, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_MCAST_GROUPS = 1, 2, 7
CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID = 1, 2
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP, NETLINK_DROP_MEMBERSHIP = 1, 2
NETLINK_BROADCAST_ERROR = 4
SO_RCVBUFFORCE = 33
HEADER = os.path.join(TOP, 'include', 'nat64.h')


def _xlists(text):
    """The X-macro lists of @text, as {list: [(id, name), ...]} in order:
    NAT64_STATS -> [('XLAT_6TO4', 'xlat-6to4'), ...], NAT64_END_REASONS."""
    out = {}
    for m in re.finditer(r'#define\s+(\w+)\(X\)\s*\\\n((?:.*\\\n)*.*)', text):
        out[m.group(1)] = re.findall(r'X\(\s*(\w+)\s*,\s*"([^"]*)"\s*\)', m.group(2))
    return out


def _expand(body, text):
    """@body of an enum with its X-macro lists (`NAT64_STATS(NAT64_STAT_ENUM)')
    written out as the C preprocessor would: one member per entry, named
    by the element macro's prefix (`#define NAT64_STAT_ENUM(id, name)
    NAT64_STAT_##id,')."""
    lists = _xlists(text)
    prefixes = dict(re.findall(r'#define\s+(\w+)\(id,\s*name\)\s+(\w*)##id\s*,', text))

    def one(m):
        if m.group(1) not in lists or m.group(2) not in prefixes:
            return m.group(0)
        return ''.join(f'{prefixes[m.group(2)]}{i},' for i, _ in lists[m.group(1)])
    return re.sub(r'(\w+)\((\w+)\)', one, body)


def _enums(path):
    """Every enum member in @path, numbered as the C compiler numbers them
    (X-macro lists expanded)."""
    text = re.sub(r'/\*.*?\*/', '', open(path).read(), flags=re.S)
    values = {}
    for body in re.findall(r'enum\s+\w+\s*\{(.*?)\}', text, re.S):
        body = _expand(body, text)
        n = 0
        for item in body.split(','):
            item = item.strip()
            if not item:
                continue
            name, _, val = item.partition('=')
            if val.strip():
                n = int(val.strip(), 0)
            values[name.strip()] = n
            n += 1
    return values


C = _enums(HEADER)
_TEXT = open(HEADER).read()
XLISTS = _xlists(_TEXT)
# The multicast groups of state events, by name: NAT64_GENL_MCGRP_BIB
# (BIB_NEW, BIB_END) and NAT64_GENL_MCGRP_SESSION (SESSION_NEW, SESSION_END);
# STATE_FLUSHED goes to both.
BIB_GROUP = re.search(r'#define\s+NAT64_GENL_MCGRP_BIB\s+"([^"]+)"', _TEXT).group(1)
SESSION_GROUP = re.search(r'#define\s+NAT64_GENL_MCGRP_SESSION\s+"([^"]+)"', _TEXT).group(1)
EVENT_GROUPS = (BIB_GROUP, SESSION_GROUP)
# Names as nat64ctl prints them, indexed by their wire value.
END_REASONS = [name for _, name in XLISTS['NAT64_END_REASONS']]
PROTOS = {C['NAT64_PROTO_TCP']: 'tcp', C['NAT64_PROTO_UDP']: 'udp',
          C['NAT64_PROTO_ICMP']: 'icmp'}
CMD_NAMES = {v: k[len('NAT64_CMD_'):] for k, v in C.items() if k.startswith('NAT64_CMD_')}


def _align(n):
    return (n + 3) & ~3


def attr(kind, payload):
    """One attribute; @payload is bytes or a list of attributes (a nest)."""
    if isinstance(payload, list):
        payload = b''.join(payload)
        kind |= NLA_F_NESTED
    hdr = struct.pack('=HH', 4 + len(payload), kind)
    return hdr + payload + b'\0' * (_align(len(payload)) - len(payload))


def u8(kind, v):
    return attr(kind, struct.pack('=B', v))


def u16(kind, v):
    return attr(kind, struct.pack('=H', v))


def u32(kind, v):
    return attr(kind, struct.pack('=I', v))


def in6(kind, text):
    return attr(kind, socket.inet_pton(socket.AF_INET6, text))


def in4(kind, text):
    return attr(kind, socket.inet_pton(socket.AF_INET, text))


def attr_list(data):
    """[(type, payload)] of a flat attribute stream, in order, repeats
    kept (nest flag stripped)."""
    out = []
    while len(data) >= 4:
        length, kind = struct.unpack('=HH', data[:4])
        if length < 4:
            break
        out.append((kind & 0x3fff, data[4:length]))
        data = data[_align(length):]
    return out


def parse_attrs(data):
    """{type: payload} of a flat attribute stream (nest flag stripped)."""
    return dict(attr_list(data))


def _mcast_groups(nest):
    """{name: id} of a CTRL_ATTR_MCAST_GROUPS nest."""
    out = {}
    for _, grp in attr_list(nest):
        g = parse_attrs(grp)
        if CTRL_ATTR_MCAST_GRP_NAME in g and CTRL_ATTR_MCAST_GRP_ID in g:
            name = g[CTRL_ATTR_MCAST_GRP_NAME].rstrip(b'\0').decode()
            out[name] = struct.unpack('=I', g[CTRL_ATTR_MCAST_GRP_ID])[0]
    return out


class NetlinkError(Exception):
    def __init__(self, err, msg):
        super().__init__(f'{os.strerror(err)}: {msg}')
        self.errno = err
        self.msg = msg


class Nat64Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  NETLINK_GENERIC)
        self.sock.setsockopt(270, NETLINK_EXT_ACK, 1)  # SOL_NETLINK
        self.sock.bind((0, 0))
        self.seq = 0
        self.family = GENL_ID_CTRL
        reply = self.request(CTRL_CMD_GETFAMILY,
                             [attr(CTRL_ATTR_FAMILY_NAME, b'nat64\0')],
                             family=GENL_ID_CTRL)
        info = parse_attrs(reply[0])
        self.family = struct.unpack('=H', info[CTRL_ATTR_FAMILY_ID])[0]
        # Multicast groups by name: {'events': id}.
        self.groups = _mcast_groups(info.get(CTRL_ATTR_MCAST_GROUPS, b''))

    def _send(self, family, cmd, attrs, flags):
        self.seq += 1
        payload = struct.pack('=BBH', cmd, 1, 0) + b''.join(attrs)
        hdr = struct.pack('=IHHII', 16 + len(payload), family, flags, self.seq, 0)
        self.sock.send(hdr + payload)

    def request(self, cmd, attrs=(), dump=False, family=None, raw_flags=None):
        """Returns the attribute payloads of each reply; raises NetlinkError."""
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        self._send(self.family if family is None else family, cmd, list(attrs),
                   raw_flags if raw_flags is not None else flags)
        replies, self.intr = [], False
        while True:
            data = self.sock.recv(1 << 20)
            while len(data) >= 16:
                length, kind, mflags, _seq, _pid = struct.unpack('=IHHII', data[:16])
                body = data[16:length]
                data = data[_align(length):]
                self.intr |= bool(mflags & NLM_F_DUMP_INTR)
                if kind == NLMSG_ERROR:
                    err = -struct.unpack('=i', body[:4])[0]
                    if err == 0:
                        return replies
                    # Capped ack: the original header only, then TLVs.
                    tlvs = parse_attrs(body[4 + 16:]) if mflags & 0x100 else \
                        parse_attrs(body[4 + struct.unpack('=I', body[4:8])[0]:])
                    msg = tlvs.get(NLMSG_ERROR_ATTR_MSG, b'').rstrip(b'\0').decode()
                    raise NetlinkError(err, msg)
                if kind == NLMSG_DONE:
                    err = -struct.unpack('=i', body[:4])[0] if len(body) >= 4 else 0
                    if err:
                        tlvs = parse_attrs(body[4:])
                        msg = tlvs.get(NLMSG_ERROR_ATTR_MSG, b'').rstrip(b'\0').decode()
                        raise NetlinkError(err, msg)
                    return replies
                replies.append(body[4:])


def cmd(name):
    return C['NAT64_CMD_' + name]


def a(name):
    return C[name]


# --- BIB, sessions and counters (issue 3) -----------------------------------

def bib_nest(proto=None, addr6=None, port6=None, addr4=None, port4=None,
             extra=()):
    """A NAT64_A_BIB nest with the fields given."""
    inner = []
    if proto is not None:
        inner.append(u8(a('NAT64_BIB_A_PROTO'), proto))
    if addr6 is not None:
        inner.append(in6(a('NAT64_BIB_A_ADDR6'), addr6))
    if port6 is not None:
        inner.append(u16(a('NAT64_BIB_A_PORT6'), port6))
    if addr4 is not None:
        inner.append(in4(a('NAT64_BIB_A_ADDR4'), addr4))
    if port4 is not None:
        inner.append(u16(a('NAT64_BIB_A_PORT4'), port4))
    return [attr(a('NAT64_A_BIB'), inner + list(extra))]


def _field(kind, raw):
    if kind == 'addr6':
        return socket.inet_ntop(socket.AF_INET6, raw)
    if kind == 'addr4':
        return socket.inet_ntop(socket.AF_INET, raw)
    return struct.unpack({1: '=B', 2: '=H', 4: '=I', 8: '=Q'}[len(raw)], raw)[0]


def parse_bib(reply):
    """One BIB_GET reply as a dict: proto, addr6, port6, addr4, port4,
    static, sessions."""
    return _bib_fields(parse_attrs(reply)[a('NAT64_A_BIB')])


def _bib_fields(nest):
    """A NAT64_A_BIB nest's payload as a dict of the fields it holds."""
    p = parse_attrs(nest)
    out = {}
    for name in ('proto', 'addr6', 'port6', 'addr4', 'port4', 'static',
                 'sessions'):
        raw = p.get(a('NAT64_BIB_A_' + name.upper()))
        if raw is not None:
            out[name] = _field(name[:5] if name.startswith('addr') else name,
                               raw)
    return out


_SESSION_FIELDS = {
    'proto': 'PROTO', 'addr6': 'ADDR6', 'port6': 'PORT6',
    'remote6': 'REMOTE6', 'remote_port6': 'REMOTE_PORT6', 'addr4': 'ADDR4',
    'port4': 'PORT4', 'remote4': 'REMOTE4', 'remote_port4': 'REMOTE_PORT4',
    'tcp_state': 'TCP_STATE', 'expires': 'EXPIRES',
}


def parse_session(reply):
    """One SESSION_GET reply as a dict keyed as _SESSION_FIELDS."""
    return _session_fields(parse_attrs(reply)[a('NAT64_A_SESSION')])


def _session_fields(nest):
    """A NAT64_A_SESSION nest's payload as a dict of the fields it holds."""
    p = parse_attrs(nest)
    out = {}
    for name, suffix in _SESSION_FIELDS.items():
        raw = p.get(a('NAT64_SESSION_A_' + suffix))
        if raw is None:
            continue
        kind = 'addr6' if name in ('addr6', 'remote6') else \
            'addr4' if name in ('addr4', 'remote4') else name
        out[name] = _field(kind, raw)
    return out


# The counters, in wire order, from the NAT64_STATS(X) list of nat64.h
# (only that list: NAT64_END_REASONS(X) is written the same way).
STATS = [i for i, _ in XLISTS['NAT64_STATS']]
# Their names as nat64ctl prints them ("xlat-6to4"), in the same order.
STAT_NAMES = [n for _, n in XLISTS['NAT64_STATS']]


def parse_stats(reply):
    """STATS_GET reply as {counter name without NAT64_STAT_: value}."""
    p = parse_attrs(parse_attrs(reply)[a('NAT64_A_STATS')])
    first = 2  # NAT64_STATS_A_FIRST
    return {(STATS[k - first] if k - first < len(STATS) else str(k - first)):
            struct.unpack('=Q', v)[0] for k, v in p.items() if k >= first}


# --- gauges, pool4 use and events (issue 15) ---------------------------------

def _u(raw):
    return struct.unpack({1: '=B', 2: '=H', 4: '=I', 8: '=Q'}[len(raw)], raw)[0]


def parse_gauges(reply):
    """The NAT64_A_GAUGES of a STATS_GET reply as {'sessions',
    'ipv4_sessions', 'stored_syns': n, 'proto': {proto: {'bib',
    'sessions', 'ports': n}}} (the keys of the attributes present), or
    None if the reply has no gauges."""
    top = parse_attrs(reply)
    if a('NAT64_A_GAUGES') not in top:
        return None
    out = {'proto': {}}
    for kind, raw in attr_list(top[a('NAT64_A_GAUGES')]):
        if kind == a('NAT64_GAUGE_A_PROTO'):
            p = parse_attrs(raw)
            row = {}
            for name in ('bib', 'sessions', 'ports'):
                v = p.get(a('NAT64_GAUGE_PROTO_A_' + name.upper()))
                if v is not None:
                    row[name] = _u(v)
            proto = p.get(a('NAT64_GAUGE_PROTO_A_PROTO'))
            out['proto'][_u(proto) if proto is not None else None] = row
            continue
        for name in ('sessions', 'ipv4_sessions', 'stored_syns'):
            if kind == a('NAT64_GAUGE_A_' + name.upper()):
                out[name] = _u(raw)
    return out


def pool4_use(nl, proto=None):
    """POOL4_USE_GET on Nat64Genl @nl (optionally filtered by @proto): a
    list of {'proto', 'addr', 'used', 'ports'}, in the kernel's order."""
    P = 'NAT64_POOL4_USE_A_'
    attrs = [] if proto is None else [attr(a('NAT64_A_POOL4_USE'),
                                           [u8(a(P + 'PROTO'), proto)])]
    rows = []
    for r in nl.request(cmd('POOL4_USE_GET'), attrs, dump=True):
        p = parse_attrs(parse_attrs(r)[a('NAT64_A_POOL4_USE')])
        row = {}
        for name in ('proto', 'addr', 'used', 'ports'):
            v = p.get(a(P + name.upper()))
            if v is not None:
                row[name] = _field('addr4', v) if name == 'addr' else _u(v)
        rows.append(row)
    return rows


def parse_event(msg):
    """One event (a generic netlink message: genl header, then attributes)
    as a dict: 'cmd' (BIB_NEW, BIB_END, SESSION_NEW, SESSION_END,
    STATE_FLUSHED; the number if unknown), 'time' (ns, CLOCK_REALTIME, or
    None), 'reason' (its name, "expired"...; None if absent), 'object'
    ('bib', 'session' or None) and that object's fields as parse_bib() and
    parse_session() name them (only those present); 'attrs' lists the
    top-level attribute types, 'event_attrs' those of NAT64_A_EVENT."""
    command = msg[0]
    top = parse_attrs(msg[4:])
    ev = parse_attrs(top.get(a('NAT64_A_EVENT'), b''))
    out = {'cmd': CMD_NAMES.get(command, command), 'time': None, 'reason': None,
           'object': None, 'attrs': sorted(top), 'event_attrs': sorted(ev)}
    if a('NAT64_EVENT_A_TIME') in ev:
        out['time'] = _u(ev[a('NAT64_EVENT_A_TIME')])
    if a('NAT64_EVENT_A_REASON') in ev:
        r = _u(ev[a('NAT64_EVENT_A_REASON')])
        out['reason'] = END_REASONS[r] if r < len(END_REASONS) else r
    if a('NAT64_A_BIB') in top:
        out['object'] = 'bib'
        out.update(_bib_fields(top[a('NAT64_A_BIB')]))
    elif a('NAT64_A_SESSION') in top:
        out['object'] = 'session'
        out.update(_session_fields(top[a('NAT64_A_SESSION')]))
    return out


def event_groups():
    """The ids of the nat64 family's event groups in this namespace, by
    name (a name missing if the module registers no such group)."""
    nl = Nat64Genl()
    try:
        return {g: nl.groups[g] for g in EVENT_GROUPS if g in nl.groups}
    finally:
        nl.sock.close()


class EventListener:
    """A generic netlink socket in the nat64 family's event groups, both
    "bib" and "session" unless @groups names fewer, in the network
    namespace it is made in (an instance's events go to the groups of its
    own namespace).  In both groups, STATE_FLUSHED arrives twice with one
    time; recv() returns it once (.flushed_copies counts the other).

    Joining raises PermissionError (EPERM) without CAP_NET_ADMIN over that
    namespace, LookupError if the family has no such group.  @rcvbuf is
    the receive buffer asked for, in bytes: through SO_RCVBUFFORCE when
    allowed (root, past net.core.rmem_max), else SO_RCVBUF (which the
    kernel doubles and raises to its minimum, about 2 KiB, so 1 asks for
    the smallest buffer there is).  The default, 8 MiB, holds every event
    a test makes.  @broadcast_error sets NETLINK_BROADCAST_ERROR: the
    kernel then learns that an event could not be queued here.

    recv() returns parse_event() dicts; an ENOBUFS read (events dropped
    because the buffer was full) is counted in .enobufs and reading goes
    on, or raised as OSError with raise_enobufs=True."""

    def __init__(self, rcvbuf=8 << 20, broadcast_error=False, groups=EVENT_GROUPS):
        self.enobufs = 0
        self.flushed_copies = 0
        self._flushed_time = None
        have = event_groups()
        for g in groups:
            if g not in have:
                raise LookupError(f'the nat64 family has no "{g}" group')
        self.groups = {g: have[g] for g in groups}
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        try:
            if rcvbuf is not None:
                try:
                    self.sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, rcvbuf)
                except PermissionError:
                    self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
            if broadcast_error:
                self.sock.setsockopt(SOL_NETLINK, NETLINK_BROADCAST_ERROR, 1)
            self.sock.bind((0, 0))
            for group in self.groups.values():
                self.sock.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group)
        except BaseException:
            self.sock.close()
            raise
        self.sock.setblocking(False)

    def rcvbuf(self):
        """The receive buffer the kernel gave (SO_RCVBUF as it reads back)."""
        return self.sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _read(self, raise_enobufs):
        """The events of one datagram, [] if none is waiting."""
        try:
            data = self.sock.recv(1 << 20)
        except BlockingIOError:
            return None
        except OSError as e:
            if e.errno != errno.ENOBUFS or raise_enobufs:
                raise
            self.enobufs += 1
            return []
        out = []
        while len(data) >= 16:
            length, _kind, _flags, _seq, _pid = struct.unpack('=IHHII', data[:16])
            if length < 16:
                break
            if _kind not in (NLMSG_ERROR, NLMSG_DONE):
                ev = parse_event(data[16:length])
                if not self._copy(ev):
                    out.append(ev)
            data = data[_align(length):]
        return out

    def _copy(self, ev):
        """Is @ev the second group's copy of the STATE_FLUSHED just read?"""
        if ev['cmd'] != 'STATE_FLUSHED' or len(self.groups) < 2:
            return False
        if ev['time'] is not None and ev['time'] == self._flushed_time:
            self._flushed_time = None
            self.flushed_copies += 1
            return True
        self._flushed_time = ev['time']
        return False

    def recv(self, timeout=5.0, until=None, raise_enobufs=False):
        """The events that arrive within @timeout seconds, returning as
        soon as until(events so far) is true; timeout 0 drains what is
        there."""
        end = time.monotonic() + timeout
        got = []
        while True:
            while True:
                batch = self._read(raise_enobufs)
                if batch is None:
                    break
                got += batch
                if until is not None and until(got):
                    return got
            left = end - time.monotonic()
            if left <= 0:
                return got
            select.select([self.sock], [], [], left)
