#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Netlink fuzzer: random and mutated requests for every command, in a
network namespace of its own.  `make check' runs a bounded slice of it,
`make fuzz' a million requests on the debug kernel.

Requests are built from the contract in include/nat64.h (every command,
every nest and attribute, values at and around their limits), then
mutated: another command's or nest's attributes, wrong sizes, unknown
types, nested garbage, the nest flag toggled, an attribute repeated up to
a thousand times, truncation, header fields that lie (length, flags,
version).  After every request the kernel must have answered (or, for a
message it must ignore, stayed silent), and a rejected request must have
left the instance, pool4, globals, BIB and sessions exactly as they were
(re-read: those of them its command's handler can change, all for
INSTANCE_ADD/DEL, CONFIG_APPLY and unknown commands).
The VM runner fails the run on any kernel report.

The event commands (BIB_NEW and after) are the kernel's to send: sent as
requests, each must be refused and change nothing.  A listener in the
event groups reads what the accepted requests cause meanwhile, and every
event it gets must be one of those commands, with a time.

Environment: FUZZ_MESSAGES (default 10000), FUZZ_SEED (default random).
"""
import os
import random
import socket
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import suite  # noqa: E402
from results import Results  # noqa: E402
from nat64genl import EventListener, Nat64Genl, C, attr, parse_attrs  # noqa: E402

TOTAL = int(os.environ.get('FUZZ_MESSAGES', '10000'))
SEED = int(os.environ.get('FUZZ_SEED', str(random.SystemRandom().randrange(1 << 32))))
rng = random.Random(SEED)
R = Results('fuzz-netlink')
suite.start(R)
suite.own_netns()
print(f'# fuzz-netlink: FUZZ_SEED={SEED} FUZZ_MESSAGES={TOTAL}', flush=True)

NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLA_F_NESTED = 1 << 15
NS = 'fuzznl'


def members(prefix):
    """(name, id) of the enum members named @prefix*, bar UNSPEC and MAX."""
    return [(n, v) for n, v in C.items() if n.startswith(prefix) and
            not n.endswith('_UNSPEC') and '_MAX' not in n[len(prefix) - 1:]]


def kind_of(name):
    if 'ADDR6' in name or 'REMOTE6' in name or 'POOL6_ADDR' in name:
        return 'in6'
    if 'ADDR4' in name or 'REMOTE4' in name or name.endswith('POOL4_A_ADDR') or \
            name.endswith('SRC_POOL4_ADDR') or name.endswith('POOL4_USE_A_ADDR'):
        return 'in4'
    if name.endswith(('EVENT_A_TIME', 'GAUGE_PROTO_A_PORTS')):
        return 'u64'
    if name.endswith('POOL4_USE_A_PORTS'):
        return 'u32'
    if 'PORT' in name:
        return 'u16'
    if any(k in name for k in ('TIMEOUT', 'MTU', 'MAX_', 'COUNT', 'SESSIONS', 'EXPIRES',
                               'USED', 'STORED_SYNS')) or name.endswith('_A_BIB'):
        return 'u32'
    return 'u8'


NESTS = {
    C['NAT64_A_INSTANCE']: members('NAT64_INSTANCE_A_'),
    C['NAT64_A_POOL4']: members('NAT64_POOL4_A_'),
    C['NAT64_A_GLOBALS']: members('NAT64_GLOBAL_A_'),
    C['NAT64_A_BIB']: members('NAT64_BIB_A_'),
    C['NAT64_A_SESSION']: members('NAT64_SESSION_A_'),
    # Reply and event nests: no request takes them.
    C['NAT64_A_EVENT']: members('NAT64_EVENT_A_'),
    C['NAT64_A_GAUGES']: members('NAT64_GAUGE_A_'),
    C['NAT64_A_POOL4_USE']: members('NAT64_POOL4_USE_A_'),
}
CMDS = [v for n, v in members('NAT64_CMD_')]
GETS = {v for n, v in members('NAT64_CMD_') if n.endswith('_GET')}
# What the kernel sends to the event groups, never accepts.
EVENT_CMDS = {C['NAT64_CMD_' + n] for n in ('BIB_NEW', 'BIB_END', 'SESSION_NEW',
                                            'SESSION_END', 'STATE_FLUSHED')}

V4 = ['203.0.113.1', '203.0.113.0', '192.0.2.1', '127.0.0.1', '0.0.0.0', '224.0.0.1',
      '255.255.255.255', '169.254.0.1', '10.0.0.0', '198.51.100.7']
V6 = ['64:ff9b::', '2001:db8::', '2001:db8:6::5', 'fe80::', '::', '::1', 'ff02::1',
      '64:ff9b::cb00:7101', '2001:db8:0:0:100::', '::ffff:0:0']
U8 = [0, 1, 2, 3, 16, 24, 32, 33, 40, 48, 56, 64, 96, 128, 255]
U16 = [0, 1, 53, 80, 1023, 1024, 5353, 8080, 65534, 65535]
U32 = [0, 1, 59, 60, 119, 120, 240, 300, 1280, 7440, 65535, 65536, 1 << 21,
       1 << 26, (1 << 26) + 1, 604800, 604801, 0xffffffff]


def value(kind):
    if rng.random() < 0.1:                      # a size that lies
        return bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 2, 3, 5, 15, 17, 64])))
    if kind == 'in6':
        return socket.inet_pton(socket.AF_INET6, rng.choice(V6))
    if kind == 'in4':
        return socket.inet_pton(socket.AF_INET, rng.choice(V4))
    if kind == 'u16':
        return struct.pack('=H', rng.choice(U16) if rng.random() < 0.8 else rng.randrange(1 << 16))
    if kind == 'u32':
        return struct.pack('=I', rng.choice(U32) if rng.random() < 0.8 else rng.randrange(1 << 32))
    if kind == 'u64':
        return struct.pack('=Q', rng.choice(U32) if rng.random() < 0.8 else rng.randrange(1 << 64))
    return struct.pack('=B', rng.choice(U8) if rng.random() < 0.8 else rng.randrange(256))


def nest_body(nest):
    out = []
    for name, aid in rng.sample(NESTS[nest], rng.randrange(len(NESTS[nest]) + 1)):
        out.append(attr(aid, value(kind_of(name))))
    r = rng.random()
    if r < 0.1:                                 # another nest's attributes
        other = NESTS[rng.choice(list(NESTS))]
        name, aid = rng.choice(other)
        out.append(attr(aid, value(kind_of(name))))
    elif r < 0.15:                              # an unknown type
        out.append(attr(rng.randrange(len(NESTS[nest]) + 1, 0x3fff), value('u32')))
    elif r < 0.2:                               # nested garbage
        out.append(attr(rng.randrange(16) | NLA_F_NESTED,
                        bytes(rng.randrange(256) for _ in range(rng.randrange(64)))))
    elif r < 0.23 and out:                      # one attribute, many times
        out = out * rng.choice([2, 10, 1000])
    while sum(len(x) for x in out) > 65000:   # what one nest can hold
        out = out[:len(out) // 2]
    rng.shuffle(out)
    return out


def request():
    """(command, flags, payload after the genl header)."""
    command = rng.choice(CMDS) if rng.random() < 0.95 else rng.randrange(256)
    attrs = []
    for _ in range(rng.choice([0, 1, 1, 1, 2])):
        nest = rng.choice(list(NESTS)) if rng.random() < 0.8 else rng.randrange(16)
        if nest in NESTS:
            body = nest_body(nest)
            a_ = attr(nest, body) if body else attr(nest | NLA_F_NESTED, b'')
            if rng.random() < 0.05:             # the nest flag toggled
                a_ = a_[:2] + struct.pack('=H', struct.unpack('=H', a_[2:4])[0] ^ NLA_F_NESTED) + a_[4:]
            attrs.append(a_)
        else:
            attrs.append(attr(nest, value('u32')))
    flags = NLM_F_REQUEST | NLM_F_ACK
    if command in GETS and rng.random() < 0.7 or rng.random() < 0.05:
        flags |= NLM_F_DUMP
    if rng.random() < 0.02:
        flags = rng.randrange(1 << 16)
    return command, flags, b''.join(attrs)


class Socket:
    """The fuzzer's own socket: every request is followed by a probe (an
    INSTANCE_GET with an ACK), and netlink answers a socket's messages in
    order, so whatever answer the request got comes before the probe's."""

    def __init__(self):
        self.nl = Nat64Genl()
        self.nl.sock.settimeout(30)
        self.family, self.seq = self.nl.family, 1000

    def _hdr(self, length, flags, seq):
        return struct.pack('=IHHII', length & 0xffffffff, self.family, flags & 0xffff, seq, 0)

    def send(self, command, flags, payload, lie=None):
        """0, a negative errno, 'silent' (no answer), or ('send', errno)."""
        self.seq += 2
        body = struct.pack('=BBH', command, rng.choice([1, 1, 1, 0, 2]) if lie else 1, 0)
        body += payload
        length = 16 + len(body)
        if lie == 'length':
            length = rng.choice([0, 15, 16, 17, length - 1, length + 4, 0xffffffff])
        msg = self._hdr(length, flags, self.seq) + body
        if lie == 'truncate':
            msg = msg[:rng.randrange(len(msg))]
        try:
            self.nl.sock.send(msg)
        except OSError as e:
            return ('send', e.errno)
        probe = struct.pack('=BBH', C['NAT64_CMD_INSTANCE_GET'], 1, 0)
        self.nl.sock.send(self._hdr(16 + len(probe), NLM_F_REQUEST | NLM_F_ACK,
                                    self.seq + 1) + probe)
        return self.answer()

    def answer(self):
        """A dump goes on as its reader reads, so its end may come after
        the probe's answer: then wait for it too."""
        status, dumping, probed = 'silent', False, False
        while not probed or (dumping and status == 'silent'):
            data = self.nl.sock.recv(1 << 20)
            while len(data) >= 16:
                length, kind, _f, seq, _pid = struct.unpack('=IHHII', data[:16])
                if length < 16:
                    break
                final = kind in (NLMSG_ERROR, NLMSG_DONE)
                if final:
                    body = data[16:length]
                    err = struct.unpack('=i', body[:4])[0] if len(body) >= 4 else 0
                if seq == self.seq:
                    if final:
                        status = err
                    else:
                        dumping = True
                elif seq == self.seq + 1 and final:
                    probed = True
                data = data[(length + 3) & ~3:]
        return status


def ctl(*args):
    return subprocess.run(['nat64ctl', *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)


def configure():
    ctl('instance', 'del')
    for line in (('instance', 'add', 'pool6', '64:ff9b::/96'),
                 ('pool4', 'add', '203.0.113.0/30'),
                 ('bib', 'add', 'proto', 'udp', '[2001:db8:6::5]:53', '203.0.113.1:5353'),
                 ('bib', 'add', 'proto', 'tcp', '[2001:db8:6::5]:80', '203.0.113.1:8080')):
        r = ctl(*line)
        if r.returncode:
            raise RuntimeError(f'nat64ctl {" ".join(line)}: {r.stderr.strip()}')


PARTS = ('INSTANCE_GET', 'GLOBAL_GET', 'POOL4_GET', 'BIB_GET', 'SESSION_GET')
# What a command's handler can change, when not all: a rejected request is
# checked against a fresh read of these (on the debug kernel the five
# reads after every rejected request were most of the suite's time).  The
# event commands have no handler; event_requests() checks them whole.
TOUCHES = {C['NAT64_CMD_GLOBAL_SET']: ('GLOBAL_GET',)}
for _n in ('POOL4_ADD', 'POOL4_DEL', 'POOL4_FLUSH'):
    TOUCHES[C['NAT64_CMD_' + _n]] = ('POOL4_GET', 'BIB_GET', 'SESSION_GET')
for _n in ('BIB_ADD', 'BIB_DEL'):
    TOUCHES[C['NAT64_CMD_' + _n]] = ('BIB_GET', 'SESSION_GET')
for _c in EVENT_CMDS:
    TOUCHES[_c] = ()


def snapshot(nl, parts=PARTS):
    """What a request could change (@parts of it), as comparable values
    by part."""
    out = {}
    for name in parts:
        try:
            rows = nl.request(C['NAT64_CMD_' + name], dump=name.endswith(('POOL4_GET', 'BIB_GET',
                                                                             'SESSION_GET')))
            # Sessions count down: compare them without EXPIRES.
            if name == 'SESSION_GET':
                rows = [sorted((k, v) for k, v in parse_attrs(
                    parse_attrs(r)[C['NAT64_A_SESSION']]).items()
                    if k != C['NAT64_SESSION_A_EXPIRES']) for r in rows]
            out[name] = rows
        except Exception as e:  # no instance is a state too
            out[name] = type(e).__name__ + str(getattr(e, 'errno', ''))
    return out


def event_requests():
    """Each event command as a request (plain, dump, empty or with a BIB
    entry that BIB_ADD would take): refused, nothing changed."""
    bib = attr(C['NAT64_A_BIB'], [
        attr(C['NAT64_BIB_A_PROTO'], struct.pack('=B', C['NAT64_PROTO_UDP'])),
        attr(C['NAT64_BIB_A_ADDR6'], socket.inet_pton(socket.AF_INET6, '2001:db8:6::7')),
        attr(C['NAT64_BIB_A_PORT6'], struct.pack('=H', 53)),
        attr(C['NAT64_BIB_A_ADDR4'], socket.inet_pton(socket.AF_INET, '203.0.113.1')),
        attr(C['NAT64_BIB_A_PORT4'], struct.pack('=H', 6000))])
    probs = []
    start = snapshot(s.nl)
    for command in sorted(EVENT_CMDS):
        for flags in (NLM_F_REQUEST | NLM_F_ACK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP):
            for payload in (b'', bib):
                status = s.send(command, flags, payload)
                if not isinstance(status, int) or status >= 0:
                    probs.append(f'cmd {command} flags {flags:#x}: {status}, want an error')
    if snapshot(s.nl) != start:
        probs.append('the state changed')
    return probs


class Events:
    """A listener in both event groups, drained as the fuzzer goes: what
    the accepted requests cause must be events, each with a time."""

    def __init__(self):
        self.count, self.bad, self.lost = 0, [], 0
        try:
            self.L = EventListener(broadcast_error=True)
        except Exception as e:  # no group, no module: said in the line
            self.L = None
            self.bad.append(f'cannot join the event groups: {e}')

    def drain(self):
        if self.L is None:
            return
        for e in self.L.recv(0):
            self.count += 1
            if C.get(f'NAT64_CMD_{e["cmd"]}') not in EVENT_CMDS:
                self.bad.append(f'a message with command {e["cmd"]}')
            elif e['time'] is None:
                self.bad.append(f'{e["cmd"]} without a time')
        self.lost = self.L.enobufs


configure()
s = Socket()
R.check('event commands sent as requests are refused, change nothing', event_requests())
events = Events()
before = snapshot(s.nl)
problems, counts = [], {'accepted': 0, 'rejected': 0, 'silent': 0, 'other': 0}
for i in range(TOTAL):
    if i % 100 == 0:
        events.drain()
    command, flags, payload = request()
    lie = rng.choice([None] * 18 + ['length', 'truncate'])
    status = s.send(command, flags, payload, lie)
    if status == 'silent':
        counts['silent'] += 1
        # Unanswered: no NLM_F_REQUEST, success without NLM_F_ACK, or cut short.
        if flags & NLM_F_REQUEST and flags & NLM_F_ACK and not lie and len(problems) < 5:
            problems.append(f'request {i}: no answer to cmd {command} flags {flags:#x}')
        continue
    if not isinstance(status, int):
        counts['other'] += 1
        continue
    if status == 0:
        counts['accepted'] += 1
        before = snapshot(s.nl)
        if i % 50 == 0 and isinstance(before['INSTANCE_GET'], str):
            configure()
            before = snapshot(s.nl)
        continue
    counts['rejected'] += 1
    if command in GETS:
        continue
    after = snapshot(s.nl, TOUCHES.get(command, PARTS))
    if any(after[k] != before[k] for k in after) and len(problems) < 5:
        problems.append(f'request {i} (cmd {command}, errno {-status}) changed the state')
        before.update(after)
    if i % 500 == 0 and isinstance(before['INSTANCE_GET'], str):
        configure()
        before = snapshot(s.nl)
sys.stderr.write(f'fuzz-netlink: {counts}\n')
events.drain()
sys.stderr.write(f'fuzz-netlink: {events.count} events read, {events.lost} ENOBUFS\n')
R.check('events during the fuzz: each an event command with a time', events.bad[:5])
R.check(f'{TOTAL} requests: each answered, each rejected one changed nothing', problems)
R.expect('every kind of answer seen (some accepted, most rejected)',
         counts['accepted'] > 0 and counts['rejected'] > TOTAL // 2, str(counts))
configure()
r = ctl('bib', 'show')
R.expect('the instance still configures and answers afterwards',
         r.returncode == 0 and '5353' in r.stdout, r.stderr.strip())
ctl('instance', 'del')
R.finish()
