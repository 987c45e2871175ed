# SPDX-License-Identifier: GPL-2.0
"""Packet fuzzer: structure-aware mutations of valid flows, both directions.

Seeds are real packets of live flows (UDP, TCP in every state, ICMP echo,
ICMP errors quoting translated packets, extension headers, IPv4 options,
hairpinning, a published server), so most mutants reach deep into the
translator.  Each mutant gets one to three of: truncation at any offset,
a byte flipped anywhere in the headers, a length that lies (outer or
quoted), a TCP flag salad, a zero or wrong checksum, a chain of random
extension headers, another protocol number, junk appended, a special or
pool address as source or destination, an ICMP error quoting an error.
Most mutants then get their outer length (and IPv4 header checksum) put
right, so that the kernel's receive path hands them to the hooks.

Checked after every batch of the main phase (no fragments there): every
packet the hooks claimed ended in exactly one outcome counter.  nftables
counts the packets addressed to pool6/pool4 just before the translator's
hooks and just after them (what it let through, untouched); the sum of the
outcome counters must move by the difference.  A second phase sends
fragments (overlapping, tiny, never completed, of mutants) where defrag
owns the count; then the instance is deleted and the module removed, which
reports any object of its caches still allocated, and the kernel's slab
memory must be back near its baseline.  The VM runner fails the run on any
WARNING, BUG or KASAN line in the kernel log.

Environment: FUZZ_PACKETS (total, default 200000), FUZZ_SEED (default:
random, printed), FUZZ_BATCH (packets between checks, default 2000).
"""
import os
import random
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xlat_topo import (topology, netns, Results, EVENTS,  # noqa: E402
                       H6A, H6B, H6S, Z1, Z2, Z3, Z4, N6, N4, NAT, POOL4, WKP,
                       MAC_V6, MAC_NAT6, MAC_V4, MAC_NAT4, TCP, UDP, ICMP)
from scapy.packet import Raw  # noqa: E402
from scapy.layers.inet import IP, UDP as sUDP, TCP as sTCP, ICMP as sICMP, fragment  # noqa: E402
from scapy.layers.inet import IPOption_RR, IPOption_LSRR, IPOption_NOP  # noqa: E402
from scapy.layers.inet6 import (IPv6, ICMPv6EchoRequest,  # noqa: E402
                                ICMPv6DestUnreach, ICMPv6PacketTooBig,
                                ICMPv6TimeExceeded, ICMPv6ParamProblem,
                                IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt,
                                IPv6ExtHdrRouting, IPv6ExtHdrFragment, PadN,
                                fragment6)

TOTAL = int(os.environ.get('FUZZ_PACKETS', '200000'))
BATCH = int(os.environ.get('FUZZ_BATCH', '2000'))
SEED = int(os.environ.get('FUZZ_SEED', str(random.SystemRandom().randrange(1 << 32))))
rng = random.Random(SEED)

R = Results('fuzz-packets')
sys.stderr.write(f'fuzz: seed {SEED}, {TOTAL} packets, batches of {BATCH}\n')
print(f'# fuzz-packets: FUZZ_SEED={SEED} FUZZ_PACKETS={TOTAL}', flush=True)


def slab_kb():
    for line in open('/proc/meminfo'):
        if line.startswith('Slab:'):
            return int(line.split()[1])
    return 0


slab_before = slab_kb()
topo = topology(R)

# --- live state to mutate around ----------------------------------------------

topo.globals(max_stored_syns=64)
topo.bib_add(UDP, H6S, 53, POOL4, 5353)
topo.bib_add(TCP, H6S, 80, POOL4, 8080)


def bib_of(proto, addr6, port6):
    for b in topo.bib(proto=proto, addr6=addr6):
        if b['port6'] == port6:
            return b['addr4'], b['port4']
    return POOL4, 5353


flows = []      # (proto, h6, x, z, y, t)
for i, (h6, z) in enumerate(((H6A, Z1), (H6B, Z2), (H6A, Z3), (H6B, Z4))):
    topo.out64(IPv6(src=h6, dst=topo.v6(z)) / sUDP(sport=1000 + i, dport=53) / b'u')
    t = bib_of(UDP, h6, 1000 + i)[1]
    flows.append((UDP, h6, 1000 + i, z, 53, t))
    topo.out64(IPv6(src=h6, dst=topo.v6(z)) / sTCP(sport=2000 + i, dport=80, flags='S'))
    t = bib_of(TCP, h6, 2000 + i)[1]
    topo.out46(IP(src=z, dst=POOL4) / sTCP(sport=80, dport=t, flags='SA', ack=1))
    flows.append((TCP, h6, 2000 + i, z, 80, t))
    topo.out64(IPv6(src=h6, dst=topo.v6(z)) / ICMPv6EchoRequest(id=300 + i, seq=1))
    t = bib_of(ICMP, h6, 300 + i)[1]
    flows.append((ICMP, h6, 300 + i, z, 300 + i, t))

SPECIAL6 = ['::', '::1', 'fe80::1', 'ff02::1', '::ffff:198.51.100.10',
            topo.v6(POOL4), topo.v6('127.0.0.1'), topo.v6(Z1)]
SPECIAL4 = ['127.0.0.1', '0.0.0.0', '169.254.1.1', '224.0.0.1', '255.255.255.255',
            POOL4, '192.0.2.1', '10.1.2.3']
PAY = bytes(range(64))


def l4_6(proto, sport, dport, flags='A'):
    if proto == UDP:
        return sUDP(sport=sport, dport=dport) / PAY
    if proto == TCP:
        return sTCP(sport=sport, dport=dport, flags=flags, seq=rng.randrange(1 << 32),
                    options=[('MSS', 1400), ('NOP', None), ('WScale', 7)]) / PAY[:8]
    return ICMPv6EchoRequest(id=sport, seq=rng.randrange(65536)) / PAY


def l4_4(proto, sport, dport, flags='A'):
    if proto == UDP:
        return sUDP(sport=sport, dport=dport) / PAY
    if proto == TCP:
        return sTCP(sport=sport, dport=dport, flags=flags, seq=rng.randrange(1 << 32)) / PAY[:8]
    return sICMP(type=0, id=dport, seq=1) / PAY


def seeds():
    """Valid packets of the live flows, both directions, as bytes."""
    s6, s4 = [], []
    exts = [lambda: IPv6ExtHdrHopByHop(options=[PadN(optdata=b'\0' * 4)]),
            lambda: IPv6ExtHdrDestOpt(options=[PadN(optdata=b'\0' * 4)]),
            lambda: IPv6ExtHdrRouting(type=0, segleft=0, addresses=[H6B]),
            lambda: IPv6ExtHdrFragment(offset=0, m=0, id=rng.randrange(1 << 32))]
    for proto, h6, x, z, y, t in flows:
        for flags in ('S', 'A', 'FA', 'R', 'PA', 'SA'):
            if proto != TCP and flags != 'A':
                continue
            o6 = IPv6(src=h6, dst=topo.v6(z), hlim=64) / l4_6(proto, x, y, flags)
            o4 = IP(src=z, dst=POOL4, ttl=64) / l4_4(proto, y, t, flags)
            s6.append(o6)
            s4.append(o4)
        s6.append(IPv6(src=h6, dst=topo.v6(z)) / exts[rng.randrange(4)]() /
                  exts[rng.randrange(3)]() / l4_6(proto, x, y))
        s4.append(IP(src=z, dst=POOL4, options=[IPOption_RR(routers=['0.0.0.0'] * 2)]) /
                  l4_4(proto, y, t))
        s4.append(IP(src=z, dst=POOL4, options=[IPOption_NOP(), IPOption_LSRR(
            routers=['192.0.2.9', '192.0.2.10'], pointer=4)]) / l4_4(proto, y, t))
        # The translated packets as they left, quoted by errors about them.
        out4 = IP(src=POOL4, dst=z, ttl=63) / l4_4(proto, t, y)
        if proto == ICMP:
            out4 = IP(src=POOL4, dst=z, ttl=63) / sICMP(type=8, id=t, seq=1) / PAY
        out6 = IPv6(src=topo.v6(z), dst=h6, hlim=63) / l4_6(proto, y, x)
        for typ, code in ((3, 3), (3, 4), (3, 1), (11, 0), (12, 0), (3, 13)):
            e = sICMP(type=typ, code=code)
            if (typ, code) == (3, 4):
                e = sICMP(type=3, code=4, nexthopmtu=1280)
            if typ == 12:
                e = sICMP(type=12, ptr=rng.choice([0, 1, 2, 8, 9, 12, 16]))
            s4.append(IP(src=rng.choice([z, '198.51.100.99', '10.1.2.3']), dst=POOL4) /
                      e / bytes(out4)[:rng.choice([28, 48, 200])])
        for e in (ICMPv6DestUnreach(code=4), ICMPv6PacketTooBig(mtu=1280),
                  ICMPv6TimeExceeded(), ICMPv6ParamProblem(code=0, ptr=rng.choice([0, 6, 7, 24]))):
            s6.append(IPv6(src=rng.choice([h6, '2001:db8:6::99']), dst=topo.v6(z)) /
                      e / bytes(out6)[:rng.choice([48, 68, 200])])
        # An error about an error.
        s4.append(IP(src=z, dst=POOL4) / sICMP(type=3, code=1) /
                  bytes(IP(src=POOL4, dst=z) / sICMP(type=3, code=3) / bytes(out4)[:28]))
        s6.append(IPv6(src=h6, dst=topo.v6(z)) / ICMPv6DestUnreach(code=1) /
                  bytes(IPv6(src=topo.v6(z), dst=h6) / ICMPv6DestUnreach(code=4) /
                        bytes(out6)[:48]))
    # Published servers from outside; hairpinning to them from inside.
    s4.append(IP(src=Z1, dst=POOL4) / sUDP(sport=9, dport=5353) / PAY)
    s4.append(IP(src=Z1, dst=POOL4) / sTCP(sport=9, dport=8080, flags='S'))
    s6.append(IPv6(src=H6A, dst=topo.v6(POOL4)) / sUDP(sport=1000, dport=5353) / PAY)
    s6.append(IPv6(src=H6A, dst=topo.v6(POOL4)) / sTCP(sport=2000, dport=8080, flags='S'))
    # IPv4 SYNs to unpublished ports (stored), and a simultaneous open.
    s4.append(IP(src=Z2, dst=POOL4) / sTCP(sport=4444, dport=40000, flags='S'))
    s6.append(IPv6(src=H6B, dst=topo.v6(Z2)) / sTCP(sport=4444, dport=4444, flags='S'))
    return [bytes(p) for p in s6], [bytes(p) for p in s4]


SEEDS6, SEEDS4 = seeds()
sys.stderr.write(f'fuzz: {len(SEEDS6)} IPv6 and {len(SEEDS4)} IPv4 seeds\n')

# --- mutations ------------------------------------------------------------------


def csum16(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack(f'!{len(b) // 2}H', b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def l4_off(p):
    """Offset of the transport header (after IPv6 extension headers)."""
    if p[0] >> 4 == 4:
        return (p[0] & 15) * 4
    nh, off = p[6], 40
    for _ in range(8):
        if nh not in (0, 43, 60, 44) or off + 8 > len(p):
            break
        nh, off = p[off], off + (8 if nh == 44 else (p[off + 1] + 1) * 8)
    return off


def m_truncate(p):
    return p[:rng.randrange(len(p))]


def m_flip(p):
    i = rng.randrange(min(len(p), 120))
    p[i] ^= 1 << rng.randrange(8) if rng.random() < 0.5 else rng.randrange(1, 256)
    return p


def m_lie(p):
    """A length field (outer, transport or quoted) set to anything."""
    off = l4_off(p)
    spots = [off + 4] if off + 6 <= len(p) else []       # UDP length
    if len(p) >= off + 8 + 20:
        q = off + 8                                      # a quoted header
        spots += [q + 2, q + 4]
    if not spots:
        return p
    i = rng.choice(spots)
    struct.pack_into('!H', p, i, rng.choice([0, 1, 7, 8, 28, 0xffff, rng.randrange(65536)]))
    return p


def m_flags(p):
    off = l4_off(p)
    if off + 14 <= len(p):
        p[off + 13] = rng.randrange(256)
    return p


def m_csum(p):
    off = l4_off(p)
    spots = [off + 2, off + 6, off + 16]
    i = rng.choice(spots)
    if i + 2 <= len(p):
        struct.pack_into('!H', p, i, rng.choice([0, 0xffff, rng.randrange(65536)]))
    return p


def m_exthdrs(p):
    """IPv6: a chain of random extension headers in front of the rest."""
    if p[0] >> 4 != 6:
        return p
    chain, nh = bytearray(), p[6]
    for _ in range(rng.randrange(1, 12)):
        kind = rng.choice([0, 43, 60, 60, 44, 51, 135])
        if kind == 44:
            h = bytearray(struct.pack('!BBHI', nh, 0, 0, rng.randrange(1 << 32)))
        else:
            n = rng.randrange(3)
            h = bytearray([nh, n]) + bytearray(rng.randrange(256) if rng.random() < 0.2 else 0
                                               for _ in range(6 + 8 * n))
            if kind == 43:
                h[2], h[3] = rng.randrange(5), rng.randrange(3)
        chain = h + chain
        nh = kind
    p[6] = nh
    return p[:40] + chain + p[40:]


def m_proto(p):
    if p[0] >> 4 == 6:
        p[6] = rng.choice([0, 1, 4, 41, 47, 50, 58, 59, 132, 6, 17, rng.randrange(256)])
    else:
        p[9] = rng.choice([1, 2, 4, 6, 17, 41, 47, 58, rng.randrange(256)])
    return p


def m_junk(p):
    return p + bytearray(rng.randrange(256) for _ in range(rng.randrange(1, 64)))


def m_addr(p):
    if p[0] >> 4 == 6:
        a = socket.inet_pton(socket.AF_INET6, rng.choice(SPECIAL6))
        i = rng.choice([8, 24]) if rng.random() < 0.3 else 8
        if i == 24 and not a.startswith(socket.inet_pton(socket.AF_INET6, WKP)[:12]):
            return p
        p[i:i + 16] = a
    else:
        p[12:16] = socket.inet_aton(rng.choice(SPECIAL4))
    return p


def m_ttl(p):
    if p[0] >> 4 == 6:
        p[7] = rng.choice([0, 1, 2])
    else:
        p[8] = rng.choice([0, 1, 2])
    return p


MUTATORS = [m_truncate, m_flip, m_flip, m_lie, m_flags, m_csum, m_exthdrs, m_proto,
            m_junk, m_addr, m_ttl]


def fix(p, allow_frag):
    """Mostly: outer lengths right, IPv4 header checksum right, no
    fragments unless @allow_frag (so the hooks see the mutant)."""
    if len(p) < 20:
        return p
    if p[0] >> 4 == 6 and len(p) >= 40:
        if rng.random() < 0.9:
            struct.pack_into('!H', p, 4, len(p) - 40)
    elif p[0] >> 4 == 4:
        ihl = max((p[0] & 15) * 4, 20)
        if rng.random() < 0.9:
            struct.pack_into('!H', p, 2, len(p))
        if not allow_frag:
            p[6] &= 0x40                                 # keep DF only
            p[7] = 0
        if rng.random() < 0.95 and len(p) >= ihl:
            struct.pack_into('!H', p, 10, 0)
            struct.pack_into('!H', p, 10, csum16(bytes(p[:ihl])))
    return p


def has_frag6(p):
    """Any Fragment Header where defragmentation would look for one."""
    if p[0] >> 4 != 6 or len(p) < 40:
        return False
    nh, off = p[6], 40
    for _ in range(64):
        if nh == 44:
            return True
        if nh not in (0, 43, 60, 51) or off + 8 > len(p):
            return False
        nh, off = p[off], off + ((p[off + 1] + 2) * 4 if nh == 51 else (p[off + 1] + 1) * 8)
    return True


def mutant(allow_frag=False):
    p = bytearray(rng.choice(SEEDS6 if rng.random() < 0.5 else SEEDS4))
    for _ in range(rng.randrange(1, 4)):
        try:
            p = MUTATORS[rng.randrange(len(MUTATORS))](p)
        except (IndexError, struct.error):
            pass                # too short for that one: as it is
        if not p:
            return bytes([0x60])
    return bytes(fix(p, allow_frag))


# --- sending and counting --------------------------------------------------------


def sender(ns, ifname, dst_mac, src_mac):
    with netns(ns):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
        s.bind((ifname, 0))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    head = bytes.fromhex(dst_mac.replace(':', '')) + bytes.fromhex(src_mac.replace(':', ''))
    return s, head


TX6 = sender(N6, 'v6', MAC_NAT6, MAC_V6)
TX4 = sender(N4, 'v4', MAC_NAT4, MAC_V4)


def send(p):
    """One frame to the translator: IPv6 from the IPv6 wire, IPv4 from the
    IPv4 one; now and then the other EtherType than the version says."""
    v6 = bool(p) and p[0] >> 4 == 6
    s, head = TX6 if v6 else TX4
    if rng.random() < 0.02:
        v6 = not v6
    etype = b'\x86\xdd' if v6 else b'\x08\x00'
    for _ in range(100):
        try:
            s.send(head + etype + p)
            return
        except BlockingIOError:
            time.sleep(0.001)
        except OSError:
            return


NFT = f"""
table ip6 fuzz {{
    chain before {{
        type filter hook prerouting priority -399; policy accept;
        ip6 daddr {WKP}/96 counter
    }}
    chain after {{
        type filter hook prerouting priority -398; policy accept;
        ip6 daddr {WKP}/96 counter
    }}
}}
table ip fuzz {{
    chain before {{
        type filter hook prerouting priority -399; policy accept;
        ip daddr {POOL4} counter
    }}
    chain after {{
        type filter hook prerouting priority -398; policy accept;
        ip daddr {POOL4} counter
    }}
}}
"""


def nft_counts():
    """{(family, chain): packets} from the fuzz tables."""
    r = subprocess.run(['ip', 'netns', 'exec', NAT, 'nft', 'list', 'ruleset'],
                       stdout=subprocess.PIPE, text=True)
    out, fam, chain = {}, None, None
    for line in r.stdout.splitlines():
        w = line.split()
        if w[:1] == ['table']:
            fam = w[1]
        elif w[:1] == ['chain']:
            chain = w[1]
        elif 'packets' in w:
            out[(fam, chain)] = int(w[w.index('packets') + 1])
    return out


def claimed(c):
    return sum(c.get((f, 'before'), 0) - c.get((f, 'after'), 0) for f in ('ip', 'ip6'))


def outcomes(stats):
    return sum(v for k, v in stats.items() if k not in EVENTS)


def drain_wires():
    for w in (topo.w4, topo.w6):
        while True:
            try:
                w.sock.recv(65536)
            except BlockingIOError:
                break


def settle(c0, s0, want_more):
    """Counters once the hooks have caught up with what was sent."""
    end = time.monotonic() + 10
    while True:
        c, s = nft_counts(), topo.stats()
        done = claimed(c) - claimed(c0) == outcomes(s) - outcomes(s0)
        if (done and sum(c.values()) >= want_more) or time.monotonic() > end:
            return c, s
        time.sleep(0.1)


# The nft chains are registered after the instance's hooks, so at the
# same priority (-399) the "before" chain runs first (netfilter puts a new
# hook ahead of existing ones of equal priority).
r = subprocess.run(['ip', 'netns', 'exec', NAT, 'nft', '-f', '-'], input=NFT, text=True,
                   stderr=subprocess.PIPE)
R.expect('nftables counts around the hooks', r.returncode == 0, r.stderr.strip())

main_n = TOTAL * 9 // 10
sent, bad, t0 = 0, [], time.monotonic()
c0, s0 = nft_counts(), topo.stats()
while sent < main_n:
    n = min(BATCH, main_n - sent)
    deferred = 0
    for _ in range(n):
        p = mutant()
        if has_frag6(p):
            deferred += 1          # defrag owns these: the second phase
            continue
        send(p)
    sent += n
    drain_wires()
    c1, s1 = settle(c0, s0, 0)
    d_claim, d_out = claimed(c1) - claimed(c0), outcomes(s1) - outcomes(s0)
    if d_claim != d_out and len(bad) < 5:
        bad.append(f'packets {sent - n}-{sent}: hooks claimed {d_claim}, '
                   f'outcome counters moved {d_out}')
    c0, s0 = c1, s1
rate = sent / max(time.monotonic() - t0, 1e-9)
sys.stderr.write(f'fuzz: main phase {sent} packets, {rate:.0f}/s\n')
R.check(f'{main_n} mutants: each claimed packet in exactly one outcome counter', bad)

# --- fragments: overlapping, tiny, never completed, of mutants ---------------------

frag_n = TOTAL - main_n


def train(base, size):
    """The fragments of @base (scapy), @size bytes of payload each."""
    if IPv6 in base:
        body = bytes(base[IPv6].payload) + bytes(rng.randrange(600))
        return fragment6(IPv6(src=base[IPv6].src, dst=base[IPv6].dst) /
                         IPv6ExtHdrFragment(nh=base[IPv6].nh, id=rng.randrange(1 << 32)) /
                         Raw(body), size + 56)
    base[IP].flags = 0
    return fragment(base / Raw(bytes(600)), fragsize=size)


# scapy is slow under emulation: a few dozen trains, varied per use below.
TRAINS = []
for _ in range(48):
    seed = IPv6(rng.choice(SEEDS6)) if rng.random() < 0.5 else IP(rng.choice(SEEDS4))
    try:
        TRAINS.append([bytes(f) for f in train(seed, rng.choice([8, 16, 24, 64, 512]))])
    except Exception as e:  # a seed scapy cannot cut: skip it
        sys.stderr.write(f'fuzz: no fragments of a seed: {e}\n')


def frag_id_off(f):
    """Offset of the fragment Identification (IPv4 header or the IPv6
    Fragment Header right after the fixed header)."""
    return 4 if f[0] >> 4 == 4 else 44


sent_frags = 0
while sent_frags < frag_n // 2 and TRAINS:
    pieces = [bytearray(f) for f in rng.choice(TRAINS)]
    ident = rng.randrange(1 << 16).to_bytes(2, 'big')
    for f in pieces:                       # a new datagram each time
        i = frag_id_off(f)
        f[i:i + 2] = ident
    rng.shuffle(pieces)
    if rng.random() < 0.3 and len(pieces) > 1:
        pieces.pop(rng.randrange(len(pieces)))          # never completed
    if rng.random() < 0.3:                              # overlapping
        dup = bytearray(pieces[0])
        j = 6 if dup[0] >> 4 == 4 else 42
        if len(dup) > j + 2:
            struct.pack_into('!H', dup, j,
                             (struct.unpack_from('!H', dup, j)[0] + 8) & 0xffff)
        pieces.append(dup)
    for f in pieces:
        if rng.random() < 0.2:
            f = m_flip(f)
        send(bytes(fix(f, True)))
        sent_frags += 1
while sent_frags < frag_n:
    send(mutant(allow_frag=True))
    sent_frags += 1
drain_wires()
R.check(f'{frag_n} fragments and fragment-bearing mutants sent', [])

# --- afterwards: the translator still translates, and gives back its memory -----

out = topo.out64(IPv6(src=H6A, dst=topo.v6(Z1)) / sUDP(sport=1000, dport=53) / b'after')
R.expect('a flow still translates after the fuzzing', out is not None and IP in out,
         'nothing came out')
topo.ctl('instance', 'del')
topo.close()
time.sleep(2)
r = subprocess.run(['rmmod', 'nat64'], stderr=subprocess.PIPE, text=True)
R.expect('the module unloads (its caches empty: a leak would WARN)', r.returncode == 0,
         r.stderr.strip())
time.sleep(1)
with open('/proc/sys/vm/drop_caches', 'w') as f:
    f.write('2\n')
grown = slab_kb() - slab_before
sys.stderr.write(f'fuzz: slab {slab_before} kB before, {slab_kb()} kB after\n')
R.expect('slab memory back near its baseline after the flush (within 8 MiB)',
         grown < 8192, f'slab grew by {grown} kB')
R.finish()
