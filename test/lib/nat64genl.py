# SPDX-License-Identifier: GPL-2.0
"""A raw generic netlink client for the nat64 family, for tests that must
reach the kernel's own validation without nat64ctl's checks in the way.

Command and attribute numbers are read from include/nat64.h, the one place
they are defined, so this client cannot drift from the module.
"""
import os
import re
import socket
import struct

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

NETLINK_GENERIC = 16
NETLINK_EXT_ACK = 11
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_DUMP = 1, 2, 4, 0x300
NLM_F_DUMP_INTR = 16
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLMSG_ERROR_ATTR_MSG = 1
NLA_F_NESTED = 0x8000
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 16, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2


def _enums(path):
    """Every enum member in @path, numbered as the C compiler numbers them."""
    text = re.sub(r'/\*.*?\*/', '', open(path).read(), flags=re.S)
    values = {}
    for body in re.findall(r'enum\s+\w+\s*\{(.*?)\}', text, re.S):
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


C = _enums(os.path.join(TOP, 'include', 'nat64.h'))


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


def parse_attrs(data):
    """{type: payload} of a flat attribute stream (nest flag stripped)."""
    out = {}
    while len(data) >= 4:
        length, kind = struct.unpack('=HH', data[:4])
        if length < 4:
            break
        out[kind & 0x3fff] = data[4:length]
        data = data[_align(length):]
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
        self.family = struct.unpack('=H', parse_attrs(reply[0])[CTRL_ATTR_FAMILY_ID])[0]

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
    return struct.unpack({1: '=B', 2: '=H', 4: '=I'}[len(raw)], raw)[0]


def parse_bib(reply):
    """One BIB_GET reply as a dict: proto, addr6, port6, addr4, port4,
    static, sessions."""
    p = parse_attrs(parse_attrs(reply)[a('NAT64_A_BIB')])
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
    p = parse_attrs(parse_attrs(reply)[a('NAT64_A_SESSION')])
    out = {}
    for name, suffix in _SESSION_FIELDS.items():
        raw = p.get(a('NAT64_SESSION_A_' + suffix))
        if raw is None:
            continue
        kind = 'addr6' if name in ('addr6', 'remote6') else \
            'addr4' if name in ('addr4', 'remote4') else name
        out[name] = _field(kind, raw)
    return out


# The counters, in wire order, from the NAT64_STATS(X) list of nat64.h.
STATS = re.findall(r'X\((\w+),\s*"', open(os.path.join(TOP, 'include',
                                                       'nat64.h')).read())


def parse_stats(reply):
    """STATS_GET reply as {counter name without NAT64_STAT_: value}."""
    p = parse_attrs(parse_attrs(reply)[a('NAT64_A_STATS')])
    first = 2  # NAT64_STATS_A_FIRST
    return {(STATS[k - first] if k - first < len(STATS) else str(k - first)):
            struct.unpack('=Q', v)[0] for k, v in p.items() if k >= first}
