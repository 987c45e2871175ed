# SPDX-License-Identifier: GPL-2.0
"""Three network namespaces around one NAT64 instance, for packet tests.

    x6 (IPv6 hosts)           xnat (the NAT64)               x4 (IPv4 hosts)
    v6 ---------------------- nat6          nat4 ------------------------ v4
        2001:db8:6::/64 via    2001:db8:6::1   192.0.2.1     default via
        fe80::6:2 (static)                                  192.0.2.2 (static)

x6 and x4 hold no addresses and forward nothing: they are the two wires.
Tests write whole Ethernet frames into them with raw packet sockets and
read what the translator puts out, so every IPv6 host (2001:db8:6::/64) and
every IPv4 host (any address, routed by default) is simulated from here.
Their own stacks stay silent: IPv6 is disabled in both and IPv4 has no
address and no forwarding, so nothing answers behind the tests' back.

The translator's side has static neighbours and no checksum offload on its
veths, so what reaches the sniffers is final bytes (veth would otherwise
hand CHECKSUM_PARTIAL packets across with a half-done checksum).

One raw socket per wire lives for the whole run: a test drains it, sends,
and waits for what it expects (returning as soon as it is there).  Counters,
sessions and BIB entries come straight from generic netlink (see
nat64genl.py); configuration goes through nat64ctl as an operator would.
"""
import contextlib
import ctypes
import fcntl
import os
import re
import select
import socket
import struct
import subprocess
import sys
import time
from array import array

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import Results as LineResults  # noqa: E402
from nat64genl import (Nat64Genl, NetlinkError, C, a, attr, cmd, in4, in6,  # noqa: E402
                       parse_attrs, u8, u16)

import logging  # noqa: E402
logging.getLogger('scapy.runtime').setLevel(logging.ERROR)
from scapy.config import conf  # noqa: E402
from scapy.layers.l2 import Ether  # noqa: E402
from scapy.layers.inet import IP, TCP as sTCP  # noqa: E402

conf.verb = 0

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NAT64CTL = os.environ.get('NAT64CTL', os.path.join(TOP, 'usr', 'nat64ctl'))

N6, NAT, N4 = 'x6', 'xnat', 'x4'
MAC_V6, MAC_NAT6 = '02:00:00:00:06:02', '02:00:00:00:06:01'
MAC_V4, MAC_NAT4 = '02:00:00:00:04:02', '02:00:00:00:04:01'
NAT6_ADDR = '2001:db8:6::1'     # the translator's IPv6 address
NAT4_ADDR = '192.0.2.1'         # the translator's IPv4 address
GW6, GW4 = 'fe80::6:2', '192.0.2.2'

# Simulated hosts.
H6A, H6B, H6C, H6D = ('2001:db8:6::a', '2001:db8:6::b', '2001:db8:6::c',
                      '2001:db8:6::d')
H6S = '2001:db8:6::5'           # an IPv6-only server, published by a static BIB
Z1, Z2, Z3, Z4 = '198.51.100.10', '198.51.100.20', '198.51.100.30', '198.51.100.40'
POOL4 = '203.0.113.1'

WKP = '64:ff9b::'
TCP, UDP, ICMP = C['NAT64_PROTO_TCP'], C['NAT64_PROTO_UDP'], C['NAT64_PROTO_ICMP']
PROTO_NAMES = {TCP: 'tcp', UDP: 'udp', ICMP: 'icmp'}
# The TCP states by their wire value, named as nat64ctl names them: after
# their identifiers in enum nat64_tcp_state (include/nat64.h).
TCP_STATES = {v: k[len('NAT64_TCP_'):] for k, v in C.items()
              if k.startswith('NAT64_TCP_')}

# How long to wait for a packet that should come, and for one that should
# not.  Neither is an assertion of speed: the first returns as soon as the
# packet is there, the second is backed by a counter that must move first.
WAIT = float(os.environ.get('XLAT_WAIT', '5'))
QUIET = float(os.environ.get('XLAT_QUIET', '0.6'))


def stat_names():
    """Counter names in enum order, from the one list in include/nat64.h."""
    text = open(os.path.join(TOP, 'include', 'nat64.h')).read()
    body = text[text.index('#define NAT64_STATS(X)'):]
    body = body[:body.index('#define NAT64_STAT_ENUM')]
    return re.findall(r'X\(\s*\w+\s*,\s*"([^"]+)"\s*\)', body)


STAT_NAMES = stat_names()
# Counters of events rather than packet outcomes: compared only on request.
EVENTS = {'bib-created', 'session-created', 'session-expired', 'stored-syn-expired',
          'stored-syn-hairpin-answered', 'tcp-probe-sent', 'tcp-probe-failed',
          'events-lost', 'icmp-error-rate-limited', 'hairpin-error-sent'}


# --- RFC 6052 ---------------------------------------------------------------

def embed(prefix, plen, v4):
    """The IPv4-embedded IPv6 address of @v4 under @prefix/@plen (RFC 6052
    section 2.2), written here independently of the module's addr.c."""
    p = bytearray(socket.inet_pton(socket.AF_INET6, prefix))
    v = socket.inet_pton(socket.AF_INET, v4)
    if plen == 96:
        p[12:16] = v
    else:
        for i in range(plen // 8, 16):
            p[i] = 0                    # u-octet and suffix zero
        spots = [i for i in range(plen // 8, 16) if i != 8][:4]
        for i, b in zip(spots, v):
            p[i] = b
    return socket.inet_ntop(socket.AF_INET6, bytes(p))


def wkp(v4):
    return embed(WKP, 96, v4)


# --- one's complement arithmetic for "a bad checksum stays bad" -------------

def csum(data):
    """The Internet checksum of @data (RFC 1071), written here
    independently of the module."""
    if len(data) % 2:
        data += b'\0'
    t = sum(struct.unpack(f'!{len(data) // 2}H', data))
    while t >> 16:
        t = (t & 0xffff) + (t >> 16)
    return ~t & 0xffff


def ones_diff(a_, b_):
    """a - b in one's complement 16-bit arithmetic, as 0..0xfffe."""
    return (a_ - b_) % 0xffff


def same_ones(a_, b_):
    """Equal as one's complement numbers (0x0000 and 0xffff both zero)."""
    return (a_ - b_) % 0xffff == 0


# --- namespaces -------------------------------------------------------------

_libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000


@contextlib.contextmanager
def netns(name):
    """Run the block in network namespace @name (sockets made there stay)."""
    home = os.open('/proc/self/ns/net', os.O_RDONLY)
    there = os.open(f'/run/netns/{name}', os.O_RDONLY)
    try:
        if _libc.setns(there, CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), f'setns {name}')
        yield
    finally:
        _libc.setns(home, CLONE_NEWNET)
        os.close(home)
        os.close(there)


def sh(*args, check=True):
    """Run a command, its output to our stderr (the suite log)."""
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    sys.stderr.write(f'+ {" ".join(args)}  [exit {r.returncode}]\n')
    for line in (r.stdout + r.stderr).splitlines():
        sys.stderr.write(f'  {line}\n')
    if check and r.returncode:
        raise RuntimeError(f'`{" ".join(args)}` exited {r.returncode}: '
                           f'{(r.stderr or r.stdout).strip()[:200]}')
    return r


def sysctl(ns, key, value):
    with netns(ns):
        with open('/proc/sys/' + key.replace('.', '/'), 'w') as f:
            f.write(str(value))


class Unavailable(Exception):
    """What a test needs is missing from this kernel: SKIP, not FAIL."""


SIOCETHTOOL = 0x8946
ETHTOOL_STXCSUM = 0x17
ETHTOOL_SGRO = 0x2c


def ethtool(ns, ifname, command, value):
    """One legacy ethtool set (struct ethtool_value), without ethtool."""
    with netns(ns):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            buf = array('I', [command, value])
            ifr = struct.pack('16sP', ifname.encode(), buf.buffer_info()[0])
            fcntl.ioctl(s.fileno(), SIOCETHTOOL, ifr)
        finally:
            s.close()


def tx_csum_off(ns, ifname):
    """ethtool -K IF tx off: the kernel then finishes every checksum before
    the frame crosses the veth (and TSO goes with it)."""
    ethtool(ns, ifname, ETHTOOL_STXCSUM, 0)


@contextlib.contextmanager
def gro_burst(sender_ns, sender, receiver):
    """Frames sent on @sender reach the translator's @receiver in one burst
    that GRO can join: the sender loses TSO (veth hands only such frames to
    its peer's NAPI), the receiver gets GRO (which turns NAPI on), and a
    plug qdisc holds what is sent until the yielded release() lets it all
    go in one softirq."""
    r = sh('tc', '-n', sender_ns, 'qdisc', 'add', 'dev', sender, 'root', 'plug',
           'limit', '1000000', check=False)
    if r.returncode:
        raise Unavailable('no plug qdisc in this kernel (CONFIG_NET_SCH_PLUG): '
                          + (r.stderr or r.stdout).strip()[:100])
    tx_csum_off(sender_ns, sender)
    ethtool(NAT, receiver, ETHTOOL_SGRO, 1)

    def release():
        sh('tc', '-n', sender_ns, 'qdisc', 'change', 'dev', sender, 'root', 'plug',
           'release_indefinite')
    try:
        yield release
    finally:
        sh('tc', '-n', sender_ns, 'qdisc', 'del', 'dev', sender, 'root', check=False)
        ethtool(NAT, receiver, ETHTOOL_SGRO, 0)


def gro_segments(topo, burst, w_in, w_out, segments, mine, counter):
    """Sends @segments on @w_in inside @burst (a gro_burst()) and returns
    the frames @w_out then sees that @mine accepts; how many the translator
    made (its @counter) goes to stderr, for a failure's log."""
    with burst as release:
        before = topo.stats()
        w_in.drain()
        w_out.drain()
        for seg in segments:
            w_in.send(seg)
        release()
        outs = w_out.recv(1, match=mine)
        outs += w_out.recv(4 * len(segments), timeout=1.5, match=mine)
    now = topo.stats()
    sys.stderr.write(f'  {len(segments)} segments in, {now[counter] - before[counter]} '
                     f'translations, {len(outs)} out\n')
    return outs


def stream_ok(outs, seq0, data, segment_ok):
    """[] if the TCP segments @outs carry @data from sequence number @seq0
    in order and segment_ok(segment) finds nothing wrong with any of them;
    else the problems, each once."""
    outs = sorted(outs, key=lambda o: o[sTCP].seq)
    probs, got = [], b''
    for o in outs:
        if o[sTCP].seq != seq0 + len(got):
            probs.append(f'segment at seq {o[sTCP].seq}, expected {seq0 + len(got)}')
            break
        got += bytes(o[sTCP].payload)
        probs += segment_ok(o)
    if got != data:
        probs.append(f'{len(got)} of {len(data)} bytes arrived in order')
    return sorted(set(probs), key=probs.index)


# --- the wires --------------------------------------------------------------

PACKET_OUTGOING = 4
ETH_P_ALL = 0x0003


def noise(frame):
    """Frames no test is about: ARP, and IPv6 neighbour discovery and MLD."""
    etype = struct.unpack('!H', frame[12:14])[0]
    if etype == 0x0806:
        return True
    if etype == 0x86dd and len(frame) > 14 + 40:
        nh, off = frame[14 + 6], 14 + 40
        if nh == 0 and len(frame) > off + 8:         # MLD rides on hop-by-hop
            nh, off = frame[off], off + (frame[off + 1] + 1) * 8
        if nh == 58 and len(frame) > off and 130 <= frame[off] <= 143:
            return True
    return False


class Wire:
    """A raw socket on one host-side veth: sends frames to the translator and
    collects the frames that come back, in arrival order."""

    def __init__(self, ns, ifname, mac, peer_mac, family):
        with netns(ns):
            self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                                      socket.htons(ETH_P_ALL))
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
            self.sock.bind((ifname, ETH_P_ALL))
        self.sock.setblocking(False)
        self.name, self.mac, self.peer_mac = ifname, mac, peer_mac
        self.etype = 0x86dd if family == 6 else 0x0800
        self.backlog = []

    def _read(self, timeout):
        """Frames arriving within @timeout seconds (at least one read)."""
        out = []
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            r, _, _ = select.select([self.sock], [], [], max(left, 0))
            if not r:
                return out
            while True:
                try:
                    data, addr = self.sock.recvfrom(65536)
                except BlockingIOError:
                    break
                if addr[2] == PACKET_OUTGOING or noise(data):
                    continue
                pkt = Ether(data)
                pkt.payload.time = time.monotonic()
                out.append(pkt)
            if left <= 0:
                return out

    def drain(self):
        """Forget what arrived so far; returns it (strays of earlier tests)."""
        strays = self.backlog + self._read(0)
        self.backlog = []
        for p in strays:
            sys.stderr.write(f'  stray on {self.name}: {p.summary()}\n')
        return strays

    def send(self, l3, dst_mac=None):
        """Send one IP/IPv6 packet (scapy or bytes) to the translator, or
        in a frame to @dst_mac (a broadcast or multicast address)."""
        raw = bytes(l3)
        frame = (bytes.fromhex((dst_mac or self.peer_mac).replace(':', '')) +
                 bytes.fromhex(self.mac.replace(':', '')) +
                 struct.pack('!H', 0x0800 if raw[0] >> 4 == 4 else 0x86dd) + raw)
        # The socket does not block (recv polls it): a full send buffer,
        # on a loaded host, is waited out rather than an error.
        while True:
            try:
                self.sock.send(frame)
                break
            except BlockingIOError:
                select.select([], [self.sock], [], 1)
        return raw

    def recv(self, count=1, timeout=None, match=None):
        """Up to @count L3 packets (scapy) that satisfy @match, waiting at
        most @timeout; the others stay in the backlog for later calls."""
        timeout = WAIT if timeout is None else timeout
        end = time.monotonic() + timeout
        got, keep = [], []
        pending = self.backlog
        self.backlog = []
        while True:
            for p in pending:
                if len(got) < count and (match is None or match(p[1])):
                    got.append(p[1])
                else:
                    keep.append(p)
            if len(got) >= count:
                break
            left = end - time.monotonic()
            if left <= 0:
                break
            pending = self._read(min(left, 0.2))
        self.backlog = keep
        return got

    def quiet(self, timeout=None):
        """Everything that arrives within @timeout (should be nothing)."""
        timeout = QUIET if timeout is None else timeout
        out = [p[1] for p in self.backlog + self._read(timeout)]
        self.backlog = []
        return out


# --- the topology -----------------------------------------------------------

def next_hop_mac(pkt):
    """The destination link address of the frame @pkt (a packet Wire.recv()
    returned) arrived in: which neighbour the translator sent it to."""
    return pkt.underlayer.dst if pkt.underlayer is not None else None


def age():
    """Seconds since this process started (for the log: TCG is slow)."""
    stat = open('/proc/self/stat').read().rsplit(')', 1)[1].split()
    start = int(stat[19]) / os.sysconf('SC_CLK_TCK')
    return float(open('/proc/uptime').read().split()[0]) - start


def topology(results, *args, **kw):
    """Topo(*args, **kw), or a FAIL line and exit if it cannot be built."""
    sys.stderr.write(f'python and scapy up after {age():.1f}s\n')
    try:
        t = Topo(*args, **kw)
    except Exception as e:  # no topology, no test: say why in one line
        import traceback
        traceback.print_exc(file=sys.stderr)
        results.check('topology', f'{type(e).__name__}: {e}')
        Topo.teardown()
        results.finish()
    sys.stderr.write(f'topology up after {age():.1f}s\n')
    return t


class Topo:
    def __init__(self, pool6=WKP + '/96'):
        self.teardown()
        for ns in (N6, NAT, N4):
            sh('ip', 'netns', 'add', ns)
        # No stack behind the wires; no DAD or ICMP rate limits at the NAT.
        for ns in (N6, N4):
            sysctl(ns, 'net.ipv6.conf.all.disable_ipv6', 1)
            sysctl(ns, 'net.ipv6.conf.default.disable_ipv6', 1)
        for k, v in (('net.ipv6.conf.all.accept_dad', 0),
                     ('net.ipv6.conf.default.accept_dad', 0),
                     ('net.ipv6.conf.all.forwarding', 1),
                     ('net.ipv4.ip_forward', 1),
                     ('net.ipv4.icmp_ratelimit', 0),
                     ('net.ipv4.icmp_msgs_per_sec', 100000),
                     ('net.ipv6.icmp.ratelimit', 0)):
            sysctl(NAT, k, v)
        sh('ip', 'link', 'add', 'v6', 'address', MAC_V6, 'netns', N6, 'type', 'veth',
           'peer', 'name', 'nat6', 'address', MAC_NAT6, 'netns', NAT)
        sh('ip', 'link', 'add', 'v4', 'address', MAC_V4, 'netns', N4, 'type', 'veth',
           'peer', 'name', 'nat4', 'address', MAC_NAT4, 'netns', NAT)
        for ns, dev in ((N6, 'v6'), (N4, 'v4'), (NAT, 'nat6'), (NAT, 'nat4')):
            sh('ip', '-n', ns, 'link', 'set', dev, 'up')
        sh('ip', '-n', NAT, 'link', 'set', 'lo', 'up')
        tx_csum_off(NAT, 'nat6')
        tx_csum_off(NAT, 'nat4')
        batch = '\n'.join([
            f'addr add {NAT6_ADDR}/128 dev nat6 nodad',
            f'neigh add {GW6} lladdr {MAC_V6} dev nat6 nud permanent',
            f'route add 2001:db8:6::/64 via {GW6} dev nat6',
            f'addr add {NAT4_ADDR}/32 dev nat4',
            f'neigh add {GW4} lladdr {MAC_V4} dev nat4 nud permanent',
            f'route add default via {GW4} dev nat4 onlink',
        ]) + '\n'
        r = subprocess.run(['ip', '-n', NAT, '-batch', '-'], input=batch, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        sys.stderr.write(f'+ ip -n {NAT} -batch: exit {r.returncode} {r.stdout}\n')
        if r.returncode:
            raise RuntimeError(f'addressing the translator: {r.stdout.strip()}')
        self.w6 = Wire(N6, 'v6', MAC_V6, MAC_NAT6, 6)
        self.w4 = Wire(N4, 'v4', MAC_V4, MAC_NAT4, 4)
        self.nl = None
        self.instance(pool6)

    @staticmethod
    def teardown():
        for ns in (N6, NAT, N4):
            if os.path.exists(f'/run/netns/{ns}'):
                sh('ip', 'netns', 'del', ns, check=False)

    # configuration ----------------------------------------------------------

    def ctl(self, *args, check=True):
        return sh(NAT64CTL, '-n', NAT, *args, check=check)

    def instance(self, pool6, pool4=((POOL4 + '/32',),), mode=None):
        """(Re)create the instance with @pool6 and the pool4 entries, each
        a tuple of nat64ctl pool4 add arguments; in @mode (netfilter or
        target) if given, else the default."""
        self.ctl('instance', 'del', check=False)
        self.ctl('instance', 'add', 'pool6', pool6, *(('mode', mode) if mode else ()))
        self.pool6, self.plen = pool6.split('/')[0], int(pool6.split('/')[1])
        for entry in pool4:
            self.ctl('pool4', 'add', *entry)
        with netns(NAT):
            self.nl = Nat64Genl()

    def globals(self, **kv):
        """nat64ctl global set, keys with _ for -."""
        args = []
        for k, v in kv.items():
            args += [k.replace('_', '-'), str(v)]
        self.ctl('global', 'set', *args)

    @contextlib.contextmanager
    def next_hop(self, family, mac):
        """Within the block, the translator's route to the @family side goes
        through another neighbour, with link address @mac; restored after."""
        if family == 4:
            gw, dev, route, old = '192.0.2.3', 'nat4', ['default'], GW4
        else:
            gw, dev, route, old = 'fe80::6:3', 'nat6', ['2001:db8:6::/64'], GW6
        sh('ip', '-n', NAT, 'neigh', 'replace', gw, 'lladdr', mac, 'dev', dev,
           'nud', 'permanent')
        sh('ip', '-n', NAT, 'route', 'replace', *route, 'via', gw, 'dev', dev, 'onlink')
        try:
            yield
        finally:
            sh('ip', '-n', NAT, 'route', 'replace', *route, 'via', old, 'dev', dev,
               'onlink')
            sh('ip', '-n', NAT, 'neigh', 'del', gw, 'dev', dev, check=False)

    def link_mtu(self, dev, mtu):
        sh('ip', '-n', NAT, 'link', 'set', dev, 'mtu', str(mtu))

    def v6(self, v4):
        """@v4 as the instance's pool6 represents it."""
        return embed(self.pool6, self.plen, v4)

    # state ------------------------------------------------------------------

    def request(self, command, attrs=(), dump=False):
        """nl.request, with the command named in the error."""
        try:
            return self.nl.request(cmd(command), attrs, dump=dump)
        except NetlinkError as e:
            raise NetlinkError(e.errno, f'{command}: {e.msg or "(no message)"}') from None

    def stats(self):
        """{counter name: value}; raises NetlinkError if the module has none."""
        reply = self.request('STATS_GET')
        nest = parse_attrs(parse_attrs(reply[0])[a('NAT64_A_STATS')])
        first = C.get('NAT64_STATS_A_FIRST', 2)
        out = {n: 0 for n in STAT_NAMES}
        for kind, val in nest.items():
            i = kind - first
            if 0 <= i < len(STAT_NAMES):
                out[STAT_NAMES[i]] = struct.unpack('=Q', val)[0]
        return out

    def _dump(self, command, nest_attr, prefix, filt):
        inner = []
        for k, v in filt.items():
            aid = a(prefix + k.upper())
            if isinstance(v, str) and ':' in v:
                inner.append(in6(aid, v))
            elif isinstance(v, str):
                inner.append(in4(aid, v))
            else:
                inner.append(u8(aid, v))
        attrs = [attr(a(nest_attr), inner)] if inner else []
        rows = []
        for r in self.request(command, attrs, dump=True):
            rows.append(parse_attrs(parse_attrs(r)[a(nest_attr)]))
        return rows

    @staticmethod
    def _get(row, aid, kind):
        v = row.get(aid)
        if v is None:
            return None
        if kind == '6':
            return socket.inet_ntop(socket.AF_INET6, v)
        if kind == '4':
            return socket.inet_ntop(socket.AF_INET, v)
        return struct.unpack({1: '=B', 2: '=H', 4: '=I', 8: '=Q'}[len(v)], v)[0]

    def sessions(self, **filt):
        """Sessions as dicts: proto addr6 port6 remote6 rport6 addr4 port4
        remote4 rport4 state (name, TCP) expires (ms)."""
        P = 'NAT64_SESSION_A_'
        out = []
        for r in self._dump('SESSION_GET', 'NAT64_A_SESSION', P, filt):
            g = lambda n, k='n': self._get(r, a(P + n), k)  # noqa: E731
            st = g('TCP_STATE')
            out.append({
                'proto': PROTO_NAMES.get(g('PROTO'), g('PROTO')),
                'addr6': g('ADDR6', '6'), 'port6': g('PORT6'),
                'remote6': g('REMOTE6', '6'), 'rport6': g('REMOTE_PORT6'),
                'addr4': g('ADDR4', '4'), 'port4': g('PORT4'),
                'remote4': g('REMOTE4', '4'), 'rport4': g('REMOTE_PORT4'),
                'state': TCP_STATES.get(st, st),
                'expires': g('EXPIRES'),
            })
        return out

    def bib(self, **filt):
        """BIB entries as dicts: proto addr6 port6 addr4 port4 static sessions."""
        P = 'NAT64_BIB_A_'
        out = []
        for r in self._dump('BIB_GET', 'NAT64_A_BIB', P, filt):
            g = lambda n, k='n': self._get(r, a(P + n), k)  # noqa: E731
            out.append({
                'proto': PROTO_NAMES.get(g('PROTO'), g('PROTO')),
                'addr6': g('ADDR6', '6'), 'port6': g('PORT6'),
                'addr4': g('ADDR4', '4'), 'port4': g('PORT4'),
                'static': bool(g('STATIC')), 'sessions': g('SESSIONS'),
            })
        return out

    def bib_add(self, proto, addr6, port6, addr4, port4):
        P = 'NAT64_BIB_A_'
        self.request('BIB_ADD', [attr(a('NAT64_A_BIB'), [
            u8(a(P + 'PROTO'), proto), in6(a(P + 'ADDR6'), addr6),
            u16(a(P + 'PORT6'), port6), in4(a(P + 'ADDR4'), addr4),
            u16(a(P + 'PORT4'), port4)])])

    def bib_del(self, proto, addr4, port4):
        P = 'NAT64_BIB_A_'
        self.request('BIB_DEL', [attr(a('NAT64_A_BIB'), [
            u8(a(P + 'PROTO'), proto), in4(a(P + 'ADDR4'), addr4),
            u16(a(P + 'PORT4'), port4)])])

    def close(self):
        self.teardown()

    # packets ------------------------------------------------------------------

    def out64(self, pkt, match=None, timeout=None):
        """Send @pkt from the IPv6 side: the first IPv4 packet out, or None."""
        self.w6.drain()
        self.w4.drain()
        self.w6.send(pkt)
        got = self.w4.recv(1, timeout, match)
        return got[0] if got else None

    def out46(self, pkt, match=None, timeout=None):
        """Send @pkt from the IPv4 side: the first IPv6 packet out, or None."""
        self.w6.drain()
        self.w4.drain()
        self.w4.send(pkt)
        got = self.w6.recv(1, timeout, match)
        return got[0] if got else None

    def bounce6(self, pkt, match):
        """Send @pkt from the IPv6 side expecting an answer back and nothing
        out: (the answer or None, what came out on the IPv4 side)."""
        self.w6.drain()
        self.w4.drain()
        self.w6.send(pkt)
        back = self.w6.recv(1, None, match)
        return (back[0] if back else None), [p for p in self.w4.quiet() if IP in p]

    def bounce4(self, pkt, match):
        """Send @pkt from the IPv4 side expecting an answer back and nothing
        out: (the answer or None, what came out on the IPv6 side)."""
        self.w6.drain()
        self.w4.drain()
        self.w4.send(pkt)
        back = self.w4.recv(1, None, match)
        return (back[0] if back else None), [p for p in self.w6.quiet()
                                             if p.getlayer('IPv6') is not None]

    def loop6(self, pkt, match=None, timeout=None):
        """Send @pkt from the IPv6 side: the first packet back on the IPv6
        side that satisfies @match (hairpinning), or None."""
        self.w6.drain()
        self.w4.drain()
        self.w6.send(pkt)
        got = self.w6.recv(1, timeout, match)
        return got[0] if got else None

    def nothing(self, side, back):
        """The message for a packet that did not come out on @side; says what
        the @back wire saw instead."""
        seen = [describe(p) for p in back.quiet(0)]
        return (f'nothing came out on the {side} side' +
                (f'; sender got {seen[:3]}' if seen else ''))


# --- results ----------------------------------------------------------------

class Results(LineResults):
    """LineResults, and run(): a test function's problems, or what
    stopped it, as its line."""

    def run(self, name, fn, *args, **kw):
        """Run a test function returning problems; an exception is a FAIL."""
        t0 = time.monotonic()
        try:
            return self.check(name, fn(*args, **kw))
        except Unavailable as e:
            self._line(f'SKIP  {self.suite}: {name}: {e}')
            return True
        except NetlinkError as e:
            return self.check(name, f'netlink: {e}')
        except Exception as e:  # a test must end in a line, whatever broke
            import traceback
            traceback.print_exc(file=sys.stderr)
            return self.check(name, f'{type(e).__name__}: {e}')
        finally:
            sys.stderr.write(f'  ({time.monotonic() - t0:.1f} s)\n')


# --- comparing packets ------------------------------------------------------

def describe(p):
    """A packet in a few words, addresses included."""
    lay = p.getlayer(IP) or p.getlayer('IPv6')
    where = f'{lay.src} > {lay.dst} ' if lay is not None else ''
    return where + p.summary().split(' / ', 1)[-1]


def fields(pkt, want):
    """Mismatches of @want {'Layer.field': value} against @pkt."""
    out = []
    for key, val in want.items():
        layer, _, name = key.partition('.')
        lay = pkt.getlayer(layer) if pkt is not None else None
        if lay is None:
            out.append(f'no {layer} header')
            continue
        got = getattr(lay, name)
        if hasattr(got, 'value'):       # scapy FlagValue
            got = int(got)
        if got != val:
            out.append(f'{key} {fmt(got)}, want {fmt(val)}')
    return out


def fmt(v):
    return hex(v) if isinstance(v, int) and v > 9 else repr(v) if isinstance(v, str) else str(v)


def l4_checksum_field(pkt):
    """(layer name, checksum received, checksum a correct packet would
    carry) for the first transport header of @pkt (IP or IPv6, scapy); the
    headers an ICMP error quotes are not looked at."""
    from scapy.layers.inet import UDP as sUDP, ICMP as sICMP
    for lay in pkt.layers():
        if lay in (sTCP, sUDP, sICMP):
            fname = 'chksum'
        elif lay.__name__.startswith('ICMPv6') and any(f.name == 'cksum' for f in lay.fields_desc):
            fname = 'cksum'
        else:
            continue
        got = getattr(pkt[lay], fname)
        copy = pkt.__class__(bytes(pkt))
        setattr(copy[lay], fname, None)
        return lay.__name__, got, getattr(pkt.__class__(bytes(copy))[lay], fname)
    return None, None, None


def zero_sum(build):
    """Two bytes that make the checksum of the translated packet
    build(two_bytes) sum to zero, so that UDP must carry 0xffff."""
    from scapy.layers.inet import UDP as sUDP
    f0 = build(b'\0\0')[sUDP].chksum
    rest = 0xffff if f0 == 0xffff else (~f0) & 0xffff
    w = (0xffff - rest) & 0xffff
    assert build(w.to_bytes(2, 'big'))[sUDP].chksum == 0xffff
    return w.to_bytes(2, 'big')


def checksum_ok(pkt):
    """[] if the transport checksum of @pkt is right, else the problem."""
    name, got, want = l4_checksum_field(pkt)
    if name is None:
        return ['no transport header']
    if got == want or (name != 'UDP' and same_ones(got, want)):
        return []
    return [f'{name} checksum {got:#06x}, correct is {want:#06x}']


def ip4_header_ok(pkt):
    copy = IP(bytes(pkt))
    copy.chksum = None
    want = IP(bytes(copy)).chksum
    return [] if pkt[IP].chksum == want else [
        f'IPv4 header checksum {pkt[IP].chksum:#06x}, correct is {want:#06x}']


def delta(before, after, expect, events=()):
    """Problems if the counters moved other than @expect {name: n}: every
    outcome counter not named must stay; event counters only if named."""
    out = []
    for n in STAT_NAMES:
        d = after.get(n, 0) - before.get(n, 0)
        want = expect.get(n, 0)
        if n in EVENTS and n not in expect and n not in events:
            continue
        if d != want:
            out.append(f'counter {n} +{d}, want +{want}')
    return out


def wait_counter(topo, before, name, n=1, timeout=None):
    """Stats once counter @name has moved by @n (or the timeout passed)."""
    end = time.monotonic() + (WAIT if timeout is None else timeout)
    while True:
        now = topo.stats()
        if now.get(name, 0) - before.get(name, 0) >= n or time.monotonic() > end:
            return now
        time.sleep(0.05)
