#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""ICMP errors through the NAT64, byte by byte (RFC 7915 4.2-4.3 and
5.2-5.3, RFC 6146 3.6, RFC 4884, RFC 1191), and the errors it originates.

Every test builds the error a router or host would send about a packet of
a live session, sends its exact bytes from one wire and compares what
leaves on the other wire with the packet this file computes on its own:
outer header, ICMP header, the quoted packet translated back to what the
host first sent (addresses, ports or identifier, its transport checksum
equal to the original one), padding and extensions.  Drops are checked by
their counters.  Topology and helpers: xlat_topo.py.
"""
import ipaddress
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import suite  # noqa: E402
from xlat_topo import (topology, csum, Results, delta, wait_counter, sh,  # noqa: E402
                       H6A, H6B, Z1, Z2, NAT6_ADDR, NAT4_ADDR, POOL4, N6, NAT,
                       UDP as UDP_)
from scapy.layers.inet import IP, UDP, TCP, ICMP  # noqa: E402
from scapy.layers.inet6 import IPv6, ICMPv6EchoRequest, IPv6ExtHdrRouting  # noqa: E402

R = Results('icmp-err')
suite.start(R, 'veth')
topo = topology(R)
w4, w6 = topo.w4, topo.w6

# A long IPv6 link on the translator's IPv6 side, so that the IPv6 next-hop
# MTU (9000) and the IPv4 one (1500) bound Packet Too Big differently.
sh('ip', '-n', N6, 'link', 'set', 'v6', 'mtu', '9000')
sh('ip', '-n', NAT, 'link', 'set', 'nat6', 'mtu', '9000')

ROUTER4 = '198.51.100.254'      # an IPv4 router on the way to Z1
ROUTER6 = '2001:db8:6::fe'      # an IPv6 router on the way to H6A
PAYLOAD = b'quoted by routers ' + bytes(range(30))


# --- packets, written here independently of the module (csum: xlat_topo) -----

def a6(text):
    return socket.inet_pton(socket.AF_INET6, text)


def a4(text):
    return socket.inet_pton(socket.AF_INET, text)


def icmp4(typ, code, rest, body):
    """An ICMPv4 message, checksum set; @rest is bytes 4-7."""
    msg = struct.pack('!BBH', typ, code, 0) + rest + body
    return msg[:2] + struct.pack('!H', csum(msg)) + msg[4:]


def icmp6(typ, code, rest, body, src, dst):
    msg = struct.pack('!BBH', typ, code, 0) + rest + body
    pseudo = a6(src) + a6(dst) + struct.pack('!I3xB', len(msg), 58)
    return msg[:2] + struct.pack('!H', csum(pseudo + msg)) + msg[4:]


def ip4hdr(src, dst, proto, payload_len, ttl=64, tos=0, ident=0, flags=0):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, tos, 20 + payload_len, ident,
                    flags << 13, ttl, proto, 0, a4(src), a4(dst))
    return h[:10] + struct.pack('!H', csum(h)) + h[12:]


def ip6hdr(src, dst, nh, payload_len, hlim=64, tc=0):
    return struct.pack('!IHBB16s16s', (6 << 28) | (tc << 20), payload_len, nh,
                       hlim, a6(src), a6(dst))


def err4(src, typ, code, rest, quote, ttl=64):
    """An ICMPv4 error from @src to the pool4 address."""
    msg = icmp4(typ, code, rest, quote)
    return ip4hdr(src, POOL4, 1, len(msg), ttl) + msg


def err6(src, dst, typ, code, rest, quote, hlim=64):
    msg = icmp6(typ, code, rest, quote, src, dst)
    return ip6hdr(src, dst, 58, len(msg), hlim) + msg


def with_hlim(pkt6, hlim):
    return pkt6[:7] + bytes([hlim]) + pkt6[8:]


def quoted4(pkt4, ttl=None, ident=None, flags=None):
    """An IPv4 packet as a quote of it should read: TTL, ID and flags as
    given, header checksum recomputed."""
    h = bytearray(pkt4[:20])
    if ttl is not None:
        h[8] = ttl
    if ident is not None:
        h[4:6] = struct.pack('!H', ident)
    if flags is not None:
        h[6:8] = struct.pack('!H', flags << 13)
    h[10:12] = b'\0\0'
    h[10:12] = struct.pack('!H', csum(bytes(h)))
    return bytes(h) + pkt4[20:]


def rest4(b4=0, b5=0, b67=0):
    return struct.pack('!BBH', b4, b5, b67)


def rest6(v=0):
    return struct.pack('!I', v)


def diff(name, got, want):
    """Where two byte strings first differ, as a problem list."""
    if got == want:
        return []
    if len(got) != len(want):
        return [f'{name}: {len(got)} bytes, want {len(want)}']
    i = next(i for i in range(len(got)) if got[i] != want[i])
    return [f'{name}: byte {i} is {got[i]:#04x}, want {want[i]:#04x} '
            f'(got {got[max(0, i - 4):i + 8].hex()}, want {want[max(0, i - 4):i + 8].hex()})']


def is6(p):
    return IPv6 in p


def is4(p):
    return IP in p


# --- sessions -------------------------------------------------------------------

class Flow:
    """One session: what the IPv6 host sent, what came out as IPv4."""

    def __init__(self, sent6, out4):
        self.sent6, self.out4 = bytes(sent6), bytes(out4)


def open_flow(pkt6):
    """Send @pkt6 from the IPv6 side; the Flow, or a string saying why not."""
    out = topo.out64(pkt6, is4)
    if out is None:
        return topo.nothing('IPv4', w6)
    return Flow(pkt6, out[IP])


def udp_flow(sport=5000, payload=PAYLOAD, dst=Z1):
    return open_flow(IPv6(src=H6A, dst=topo.v6(dst), hlim=64) /
                     UDP(sport=sport, dport=53) / payload)


def t4(flow):
    """(T, t) of a flow, as the IPv4 side sees it."""
    p = IP(flow.out4)
    layer = p[UDP] if UDP in p else p[TCP] if TCP in p else p[ICMP]
    return p.src, (layer.sport if not isinstance(layer, ICMP) else layer.id)


def reply_flow(flow, payload=b'answer ' + bytes(range(40)), df=False):
    """Z1 answers a UDP flow: (the IPv4 reply sent, the IPv6 packet out).
    A large reply needs @df, or the translator fragments it for IPv6."""
    t, tport = t4(flow)
    pkt = IP(src=Z1, dst=t, ttl=64, flags='DF' if df else 0) / \
        UDP(sport=53, dport=tport) / payload
    out = topo.out46(pkt, is6)
    if out is None:
        return None, None
    return bytes(pkt), bytes(out[IPv6])


# --- 4 -> 6 ----------------------------------------------------------------------

def send46(err):
    """Send an ICMPv4 error; the first IPv6 packet out (bytes) or None."""
    out = topo.out46(IP(err), is6)
    return None if out is None else bytes(out[IPv6])


def expect6(src, typ, code, rest, body, hlim=63):
    return ip6hdr(src, H6A, 58, 8 + len(body), hlim) + \
        icmp6(typ, code, rest, body, src, H6A)


def t46(flow, typ, code, rest, quote_len, want_type, want_code, want_rest,
        router=ROUTER4, want_src=None, quote_ttl=63):
    """A router's ICMPv4 error quoting @quote_len bytes of @flow's IPv4
    packet; the ICMPv6 error must quote the IPv6 packet first sent, hop
    limit as the router saw it, and come from the router's pool6 address."""
    if isinstance(flow, str):
        return [flow]
    quote = flow.out4[:quote_len]
    before = topo.stats()
    got = send46(err4(router, typ, code, rest, quote))
    if got is None:
        return [topo.nothing('IPv6', w4)]
    # The quote grows by 20 bytes on the way to IPv6; the error stops at
    # 1280 bytes, 1232 of them quote.
    body = with_hlim(flow.sent6, quote_ttl)[:min(quote_len + 20, 1232)]
    want = expect6(want_src or topo.v6(router), want_type, want_code, want_rest, body)
    return diff('ICMPv6 error', got, want) + \
        delta(before, topo.stats(), {'icmp-error-4to6': 1})


def t46_plateau():
    """Fragmentation Needed with MTU 0 from a pre-RFC 1191 router: the
    plateau below the quoted Total Length (1500 -> 1492), + 20."""
    flow = udp_flow(5001)
    if isinstance(flow, str):
        return [flow]
    h = bytearray(flow.out4[:28])
    h[2:4] = struct.pack('!H', 1500)
    quote = quoted4(bytes(h))
    before = topo.stats()
    got = send46(err4(ROUTER4, 3, 4, rest4(), quote))
    if got is None:
        return [topo.nothing('IPv6', w4)]
    sent = bytearray(with_hlim(flow.sent6, 63)[:48])
    sent[4:6] = struct.pack('!H', 1480)
    want = expect6(topo.v6(ROUTER4), 2, 0, rest6(1512), bytes(sent))
    return diff('ICMPv6 PTB', got, want) + \
        delta(before, topo.stats(), {'icmp-error-4to6': 1})


def t46_truncated():
    """A whole 1448-byte packet quoted: the ICMPv6 error stops at 1280."""
    flow = udp_flow(5002, payload=bytes(range(256)) * 5 + bytes(120))
    if isinstance(flow, str):
        return [flow]
    return t46(flow, 3, 4, rest4(b67=1300), len(flow.out4), 2, 0, rest6(1320))


def t46_rfc4884():
    """Time Exceeded with a 128-byte datagram field (32 words) and an
    extension structure: 16 words of 8 in ICMPv6, extension copied."""
    flow = udp_flow(5003)
    if isinstance(flow, str):
        return [flow]
    ext = bytes([0x20, 0, 0, 0, 0, 8, 1, 1, 0xc0, 0, 2, 1])
    ext = ext[:2] + struct.pack('!H', csum(ext)) + ext[4:]
    field = flow.out4[:28] + bytes(100)
    before = topo.stats()
    got = send46(err4(ROUTER4, 11, 0, rest4(0, 32), field + ext))
    if got is None:
        return [topo.nothing('IPv6', w4)]
    body = with_hlim(flow.sent6, 63)[:48] + bytes(80) + ext
    want = expect6(topo.v6(ROUTER4), 3, 0, rest6(16 << 24), body)
    return diff('ICMPv6 error', got, want) + \
        delta(before, topo.stats(), {'icmp-error-4to6': 1})


def drop46(err, counter):
    before = topo.stats()
    out = topo.out46(IP(err), is6, timeout=0.5)
    probs = [] if out is None else [f'translated: {out.summary()}']
    return probs + delta(before, wait_counter(topo, before, counter), {counter: 1})


def t46_no_session():
    """The flow's (T, t) quoted towards Z2:53, where it never went."""
    flow = udp_flow(5004)
    if isinstance(flow, str):
        return [flow]
    quote = quoted4(flow.out4[:16] + a4(Z2) + flow.out4[20:28])
    return drop46(err4(ROUTER4, 11, 0, rest4(), quote), 'drop-icmp-error-no-session')


def t46_ttl_1():
    """An error the translator would translate, arriving with TTL 1: it
    cannot be forwarded (RFC 7915 4.1) and, being an error, is not
    answered either (RFC 1812 4.3.2.7)."""
    flow = udp_flow(5007)
    if isinstance(flow, str):
        return [flow]
    return drop46(err4(ROUTER4, 3, 1, rest4(), flow.out4[:28], ttl=1), 'drop-ttl-exceeded')


def t46_about_error():
    """An ICMPv4 error quoting an ICMPv4 error is never translated."""
    inner = icmp4(3, 3, rest4(), bytes(28))
    quote = ip4hdr(POOL4, Z1, 1, len(inner)) + inner
    return drop46(err4(ROUTER4, 3, 1, rest4(), quote), 'drop-icmp-untranslatable')


def t46_untranslatable():
    """Parameter Problem pointing at the Identification has no IPv6 field."""
    flow = udp_flow(5005)
    if isinstance(flow, str):
        return [flow]
    return drop46(err4(ROUTER4, 12, 0, rest4(4), flow.out4[:28]), 'drop-icmp-untranslatable')


def icmp_in(ns, field):
    """A counter of the Icmp line of /proc/net/snmp in namespace @ns."""
    lines = [ln.split() for ln in sh('ip', 'netns', 'exec', ns, 'cat',
                                     '/proc/net/snmp').stdout.splitlines()
             if ln.startswith('Icmp:')]
    return int(lines[1][lines[0].index(field)])


def t46_host_own(ttl=64):
    """The pool4 address is also the box's own, with ssh on port 22,
    outside the pool4 range 1024-65535: an error quoting the host's own
    segment from port 22 finds no session and goes to the host's stack,
    untranslated and uncounted.  With @ttl 1 too: the translator's TTL
    rule is for what it forwards, not for what the host receives."""
    sh('ip', '-n', NAT, 'addr', 'add', POOL4 + '/32', 'dev', 'lo')
    try:
        seg = bytes(IP(src=POOL4, dst=Z1, ttl=63) / TCP(sport=22, dport=40000, flags='SA'))
        before = topo.stats()
        seen = icmp_in(NAT, 'InTimeExcds')
        out = topo.out46(IP(err4(ROUTER4, 11, 0, rest4(), seg[:28], ttl=ttl)), is6,
                         timeout=0.5)
        probs = [] if out is None else [f'translated: {out.summary()}']
        for _ in range(50):
            if icmp_in(NAT, 'InTimeExcds') > seen:
                break
            time.sleep(0.1)
        else:
            probs.append("the host's stack never counted the Time Exceeded")
        return probs + delta(before, topo.stats(), {})
    finally:
        sh('ip', '-n', NAT, 'addr', 'del', POOL4 + '/32', 'dev', 'lo')


def t46_not_host_own():
    """The same error while the pool4 address is not the box's own (pool4
    routed to it, as the README sets it up): port 22 is outside pool4 and
    no host service is behind it, so the error is dropped and counted,
    not routed back out towards the IPv4 side."""
    seg = bytes(IP(src=POOL4, dst=Z1, ttl=63) / TCP(sport=22, dport=40000, flags='SA'))
    before = topo.stats()
    out = topo.out46(IP(err4(ROUTER4, 11, 0, rest4(), seg[:28])), is6, timeout=0.5)
    probs = [] if out is None else [f'translated: {out.summary()}']
    probs += [f'came back: {p.summary()}' for p in topo.w4.quiet(0) if IP in p]
    return probs + delta(before, wait_counter(topo, before, 'drop-icmp-error-no-session'),
                         {'drop-icmp-error-no-session': 1})


# --- 6 -> 4 ----------------------------------------------------------------------

def t64(flow, src, typ, code, rest, quote_len, want_type, want_code, want_rest,
        pad_to=None, ext=b''):
    """The IPv6 host or a router answers Z1's reply on @flow with an ICMPv6
    error quoting @quote_len bytes of it; the ICMPv4 error must go from T to
    Z1 and quote Z1's packet as sent, but for the TTL (as quoted), the ID
    (lost on the way to IPv6: 0) and DF (RFC 7915 5.1: set above 1260)."""
    if isinstance(flow, str):
        return [flow]
    sent4, out6 = reply_flow(flow)
    if out6 is None:
        return [topo.nothing('IPv6', w4)]
    return check64(sent4, out6, src, typ, code, rest, quote_len, want_type,
                   want_code, want_rest, pad_to, ext)


def check64(sent4, out6, src, typ, code, rest, quote_len, want_type, want_code,
            want_rest, pad_to=None, ext=b'', from_pool=None):
    """As t64; with @from_pool (an ipaddress network), the ICMPv4 error must
    come from an address inside it instead of T (RFC 6791), which is
    returned last in the problem list as ('src', address)."""
    quote = out6[:quote_len]
    field = quote + (bytes(pad_to - len(quote)) if pad_to else b'')
    before = topo.stats()
    out = topo.out64(IPv6(err6(src, topo.v6(Z1), typ, code, rest, field + ext)), is4)
    if out is None:
        return [topo.nothing('IPv4', w6)]
    got = bytes(out[IP])
    df = 2 if len(sent4) > 1260 else 0     # the DF bit of the 3-bit flags
    # The quote shrinks by 20 bytes on the way to IPv4; the error stops at
    # 576 bytes, 548 of them quote.
    inner = quoted4(sent4, ttl=63, ident=0, flags=df)[:min(quote_len - 20, 548)]
    if pad_to:     # RFC 4884: the datagram field holds at least 128 bytes
        inner += bytes(128 - len(inner))
    msg = icmp4(want_type, want_code, want_rest, inner + ext)
    t = t4_of(sent4)
    probs = []
    if from_pool is not None:
        src_got = socket.inet_ntop(socket.AF_INET, got[12:16])
        if ipaddress.ip_address(src_got) not in from_pool:
            probs.append(f'source {src_got}, outside icmp-src-pool4 {from_pool}')
        t = src_got
    want = ip4hdr(t, Z1, 1, len(msg), ttl=63, ident=struct.unpack('!H', got[4:6])[0]) + msg
    probs += diff('ICMPv4 error', got, want)
    probs += delta(before, topo.stats(), {'icmp-error-6to4': 1})
    return probs + ([('src', t)] if from_pool is not None else [])


def t4_of(sent4):
    return socket.inet_ntop(socket.AF_INET, sent4[16:20])


def t64_truncated():
    """Z1's 1428-byte reply quoted whole (1232 bytes): the ICMPv4 error
    stops at 576 bytes."""
    flow = udp_flow(5010)
    if isinstance(flow, str):
        return [flow]
    sent4, out6 = reply_flow(flow, payload=bytes(range(200)) * 7, df=True)
    if out6 is None:
        return [topo.nothing('IPv6', w4)]
    return check64(sent4, out6, H6A, 1, 4, rest6(), 1232, 3, 3, rest4())


def t64_rfc4884():
    """Time Exceeded with a 128-byte field (16 words of 8) and extensions:
    32 words of 4 in ICMPv4, the translated quote padded to 128 bytes."""
    flow = udp_flow(5011)
    ext = bytes([0x20, 0, 0, 0, 0, 8, 1, 1, 0xc0, 0, 2, 1])
    ext = ext[:2] + struct.pack('!H', csum(ext)) + ext[4:]
    return t64(flow, ROUTER6, 3, 0, rest6(16 << 24), 48, 11, 0, rest4(0, 32),
               pad_to=128, ext=ext)


def drop64(err, counter):
    before = topo.stats()
    out = topo.out64(IPv6(err), is4, timeout=0.5)
    probs = [] if out is None else [f'translated: {out.summary()}']
    return probs + delta(before, wait_counter(topo, before, counter), {counter: 1})


def t64_no_session():
    quote = ip6hdr(topo.v6(Z2), H6B, 17, 16) + struct.pack('!HHHH', 53, 7777, 16, 0x1234)
    return drop64(err6(H6B, topo.v6(Z2), 1, 4, rest6(), quote), 'drop-icmp-error-no-session')


def t64_about_error():
    inner = icmp6(1, 4, rest6(), bytes(48), topo.v6(Z1), H6A)
    quote = ip6hdr(topo.v6(Z1), H6A, 58, len(inner)) + inner
    return drop64(err6(ROUTER6, topo.v6(Z1), 3, 0, rest6(), quote), 'drop-icmp-untranslatable')


def t64_flow_label_pointer():
    """Parameter Problem at the Flow Label: no IPv4 field, dropped."""
    flow = udp_flow(5012)
    if isinstance(flow, str):
        return [flow]
    sent4, out6 = reply_flow(flow)
    if out6 is None:
        return [topo.nothing('IPv6', w4)]
    return drop64(err6(ROUTER6, topo.v6(Z1), 4, 0, rest6(2), out6[:48]),
                  'drop-icmp-untranslatable')


# --- RFC 6791: icmp-src-pool4 ----------------------------------------------------

SRC_POOL = ipaddress.ip_network('203.0.113.64/29')


def src_pool(value):
    topo.ctl('global', 'set', 'icmp-src-pool4', value)


def t64_pool(src, typ, code, rest, want_type, want_code, want_rest, n,
             pool=SRC_POOL, sport=4020):
    """@n ICMPv6 errors from @src about Z1's reply on one flow, with
    icmp-src-pool4 @pool (None: unset): each ICMPv4 error is byte for byte
    what it is without the pool (checksums included) but for its source,
    inside the pool (random: more than one address over @n), or T when
    @pool is None.  The pool is cleared afterwards."""
    flow = udp_flow(sport)
    if isinstance(flow, str):
        return [flow]
    sent4, out6 = reply_flow(flow)
    if out6 is None:
        return [topo.nothing('IPv6', w4)]
    if pool is not None:
        src_pool(str(pool))
    try:
        probs, seen = [], set()
        for _ in range(n):
            got = check64(sent4, out6, src, typ, code, rest, 48, want_type,
                          want_code, want_rest, from_pool=pool)
            if pool is not None and got and isinstance(got[-1], tuple):
                seen.add(got.pop()[1])
            probs += [p for p in got if p not in probs]
            if len(probs) > 3:
                break
        if pool is not None and len(seen) < 2 and n >= 20 and not probs:
            probs.append(f'{n} errors all came from {seen}: not a random choice')
        sys.stderr.write(f'  sources seen: {sorted(seen)}\n')
        return probs
    finally:
        if pool is not None:
            src_pool('none')


def t64_pool_host():
    """X' answers with port unreachable: its address has an IPv4 form, T
    (its BIB entry), and a traceroute's last hop must read T."""
    flow = udp_flow(4023)
    if isinstance(flow, str):
        return [flow]
    sent4, out6 = reply_flow(flow)
    if out6 is None:
        return [topo.nothing('IPv6', w4)]
    src_pool(str(SRC_POOL))
    try:
        probs = []
        for _ in range(5):
            probs += check64(sent4, out6, H6A, 1, 4, rest6(), 48, 3, 3, rest4())
        return sorted(set(probs), key=probs.index)
    finally:
        src_pool('none')


def t64_pool_from_pool6():
    """An ICMPv6 error whose source lies inside pool6 is not translated,
    pool or not: it is dropped as a special source, as without the pool."""
    flow = udp_flow(4024)
    if isinstance(flow, str):
        return [flow]
    sent4, out6 = reply_flow(flow)
    if out6 is None:
        return [topo.nothing('IPv6', w4)]
    src_pool(str(SRC_POOL))
    try:
        return drop64(err6(topo.v6('198.51.100.99'), topo.v6(Z1), 3, 0, rest6(),
                           out6[:48]), 'drop-special-address-ipv6')
    finally:
        src_pool('none')


def t_hairpin_error():
    """RFC 5508 REQ-7: H6A reaches H6B through the pool4 address and a
    static BIB entry (hairpinning); H6B's port unreachable goes back the
    same way, through both translations, and reaches H6A quoting its
    packet as sent, from pool6(T)."""
    topo.bib_add(UDP_, H6B, 7100, POOL4, 7100)
    sent = bytes(IPv6(src=H6A, dst=topo.v6(POOL4), hlim=64) /
                 UDP(sport=5100, dport=7100) / PAYLOAD)
    out = topo.loop6(IPv6(sent), lambda p: IPv6 in p and p[IPv6].dst == H6B)
    if out is None:
        return [topo.nothing('IPv6 (hairpinned)', w6)]
    out6 = bytes(out[IPv6])
    before = topo.stats()
    err = err6(H6B, topo.v6(POOL4), 1, 4, rest6(), out6)
    back = topo.loop6(IPv6(err), lambda p: IPv6 in p and p[IPv6].dst == H6A)
    if back is None:
        return ['the error: ' + topo.nothing('IPv6 (hairpinned)', w6)]
    got = bytes(back[IPv6])
    body = with_hlim(sent, out6[7])
    src = topo.v6(POOL4)
    want = ip6hdr(src, H6A, 58, 8 + len(body), got[7]) + icmp6(1, 4, rest6(), body, src, H6A)
    probs = diff('hairpinned ICMPv6 error', got, want)
    if got[7] not in (62, 63):
        probs.append(f'hop limit {got[7]}, want 63 or 62 (one or two hops)')
    return probs + delta(before, topo.stats(), {'hairpin': 1})


# --- errors the translator originates ----------------------------------------------

def t_orig_hop_limit():
    pkt = bytes(IPv6(src=H6A, dst=topo.v6(Z1), hlim=1) / UDP(sport=5020, dport=53) / PAYLOAD)
    before = topo.stats()
    topo.out64(IPv6(pkt), is4, timeout=0.5)
    back = w6.recv(1, match=lambda p: IPv6 in p and bytes(p[IPv6])[40] == 3)
    if not back:
        return ['no ICMPv6 Time Exceeded came back']
    got = bytes(back[0][IPv6])
    hl = got[7]
    want = ip6hdr(NAT6_ADDR, H6A, 58, 8 + len(pkt), hl) + \
        icmp6(3, 0, rest6(), pkt, NAT6_ADDR, H6A)
    return diff('ICMPv6 Time Exceeded', got, want) + \
        delta(before, topo.stats(), {'drop-hop-limit-exceeded': 1})


def t_orig_ttl():
    flow = udp_flow(5021)
    if isinstance(flow, str):
        return [flow]
    t, tport = t4(flow)
    pkt = bytes(IP(src=Z1, dst=t, ttl=1) / UDP(sport=53, dport=tport) / PAYLOAD)
    before = topo.stats()
    topo.out46(IP(pkt), is6, timeout=0.5)
    back = w4.recv(1, match=lambda p: IP in p and p[IP].proto == 1)
    if not back:
        return ['no ICMPv4 Time Exceeded came back']
    got = bytes(back[0][IP])
    msg = icmp4(11, 0, rest4(), pkt)
    want = ip4hdr(NAT4_ADDR, Z1, 1, len(msg), got[8], tos=got[1],
                  ident=struct.unpack('!H', got[4:6])[0],
                  flags=got[6] >> 5) + msg
    return diff('ICMPv4 Time Exceeded', got, want) + \
        delta(before, topo.stats(), {'drop-ttl-exceeded': 1})


def t_orig_routing():
    pkt = bytes(IPv6(src=H6A, dst=topo.v6(Z1)) /
                IPv6ExtHdrRouting(addresses=['2001:db8:6::99'], segleft=1) /
                UDP(sport=5022, dport=53) / PAYLOAD)
    before = topo.stats()
    topo.out64(IPv6(pkt), is4, timeout=0.5)
    back = w6.recv(1, match=lambda p: IPv6 in p and bytes(p[IPv6])[40] == 4)
    if not back:
        return ['no ICMPv6 Parameter Problem came back']
    got = bytes(back[0][IPv6])
    want = ip6hdr(NAT6_ADDR, H6A, 58, 8 + len(pkt), got[7]) + \
        icmp6(4, 0, rest6(43), pkt, NAT6_ADDR, H6A)
    return diff('ICMPv6 Parameter Problem', got, want) + \
        delta(before, topo.stats(), {'drop-routing-header': 1})


def t_orig_not_about_errors():
    """Hop limit 1 on an ICMPv6 error: dropped, never answered."""
    inner = ip6hdr(topo.v6(Z1), H6A, 17, 16) + bytes(16)
    err = err6(H6A, topo.v6(Z1), 1, 4, rest6(), inner, hlim=1)
    before = topo.stats()
    w6.drain()
    w6.send(err)
    after = wait_counter(topo, before, 'drop-hop-limit-exceeded')
    back = [p for p in w6.quiet() if IPv6 in p and p[IPv6].nh == 58]
    probs = [f'answered: {back[0].summary()}'] if back else []
    return probs + delta(before, after, {'drop-hop-limit-exceeded': 1})


# --- the run ------------------------------------------------------------------------

UDPF = udp_flow(4000)
TCPF = open_flow(IPv6(src=H6A, dst=topo.v6(Z1)) /
                 TCP(sport=4001, dport=80, flags='S', seq=0x01020304, window=1000))
ICMPF = open_flow(IPv6(src=H6A, dst=topo.v6(Z1)) / ICMPv6EchoRequest(id=0x1234, seq=1,
                                                                      data=PAYLOAD))

R.run('4to6 time exceeded (UDP, 28-byte quote) from R -> 3/0 from pool6(R)',
      t46, UDPF, 11, 0, rest4(), 28, 3, 0, rest6())
R.run('4to6 port unreachable from Z (UDP, whole quote) -> 1/4, checksum as sent',
      t46, UDPF, 3, 3, rest4(), 28 + len(PAYLOAD), 1, 4, rest6(), Z1)
R.run('4to6 host unreachable (TCP SYN, whole quote) -> 1/0, TCP checksum as sent',
      t46, TCPF, 3, 1, rest4(), 40, 1, 0, rest6())
R.run('4to6 time exceeded (TCP, 28-byte quote: no checksum) -> 3/0',
      t46, TCPF, 11, 0, rest4(), 28, 3, 0, rest6())
R.run('4to6 net unreachable (echo) -> 1/0, ICMPv6 echo 128 with its identifier',
      t46, ICMPF, 3, 0, rest4(), 28 + len(PAYLOAD), 1, 0, rest6())
R.run('4to6 frag needed MTU 1400 -> PTB 1420', t46, UDPF, 3, 4, rest4(b67=1400), 28, 2, 0,
      rest6(1420))
R.run('4to6 frag needed MTU 2000 -> PTB 1520 (IPv4 next hop 1500 + 20)',
      t46, UDPF, 3, 4, rest4(b67=2000), 28, 2, 0, rest6(1520))
R.run('4to6 frag needed MTU 0, quoted length 1500 -> plateau 1492 + 20 = 1512',
      t46_plateau)
R.run('4to6 param problem 12/0 pointer 8 (TTL) -> 4/0 pointer 7',
      t46, UDPF, 12, 0, rest4(8), 28, 4, 0, rest6(7))
R.run('4to6 protocol unreachable 3/2 -> 4/1 pointer 6', t46, UDPF, 3, 2, rest4(), 28, 4, 1,
      rest6(6))
R.run('4to6 error cut to 1280 bytes, quote keeps its payload length', t46_truncated)
R.run('4to6 RFC 4884: length 32 words of 4 -> 16 of 8, padding, extension', t46_rfc4884)
R.run('4to6 non-global router 10.1.2.3 under the WKP -> from pool6(T)',
      t46, UDPF, 11, 0, rest4(), 28, 3, 0, rest6(), '10.1.2.3', topo.v6(POOL4))
R.run('4to6 no session: dropped, counted', t46_no_session)
R.run("4to6 about the host's own port 22 on the pool4 address: to the stack", t46_host_own)
R.run("4to6 same with TTL 1: to the stack all the same", t46_host_own, 1)
R.run("4to6 about port 22 of a pool4 address not the box's: dropped, counted",
      t46_not_host_own)
R.run('4to6 translatable error with TTL 1: dropped, counted', t46_ttl_1)
R.run('4to6 error about an ICMP error: dropped, counted', t46_about_error)
R.run('4to6 param problem at the Identification: dropped, counted', t46_untranslatable)

R.run('6to4 port unreachable from X (UDP reply, 48-byte quote) -> 3/3 from T to Z',
      t64, udp_flow(4010), H6A, 1, 4, rest6(), 48, 3, 3, rest4())
R.run('6to4 time exceeded from an IPv6 router, whole quote -> 11/0 from T',
      t64, udp_flow(4011), ROUTER6, 3, 0, rest6(), 95, 11, 0, rest4())
R.run('6to4 packet too big 1400 -> frag needed 1380', t64, udp_flow(4012), ROUTER6, 2, 0,
      rest6(1400), 48, 3, 4, rest4(b67=1380))
R.run('6to4 param problem 4/0 pointer 7 -> 12/0 pointer 8', t64, udp_flow(4013), ROUTER6, 4, 0,
      rest6(7), 48, 12, 0, rest4(8))
R.run('6to4 param problem 4/1 -> protocol unreachable 3/2', t64, udp_flow(4014), ROUTER6, 4, 1,
      rest6(40), 48, 3, 2, rest4())
R.run('6to4 error cut to 576 bytes', t64_truncated)
R.run('6to4 RFC 4884: length 16 words of 8 -> 32 of 4, padding, extension', t64_rfc4884)
R.run('6to4 no session: dropped, counted', t64_no_session)
R.run('6to4 error about an ICMPv6 error: dropped, counted', t64_about_error)
R.run('6to4 param problem at the flow label: dropped, counted', t64_flow_label_pointer)

R.run('6to4 icmp-src-pool4 /29: 50 time exceeded from an IPv6 router, each from '
      'a random pool address, checksums and quote as without it',
      t64_pool, ROUTER6, 3, 0, rest6(), 11, 0, rest4(), 50)
R.run('6to4 icmp-src-pool4 /29: 20 address unreachable 1/3 from an IPv6 router -> '
      '3/1 from the pool', t64_pool, ROUTER6, 1, 3, rest6(), 3, 1, rest4(), 20,
      sport=4021)
R.run('6to4 icmp-src-pool4 /32: packet too big from an IPv6 router -> from that address',
      t64_pool, ROUTER6, 2, 0, rest6(1400), 3, 4, rest4(b67=1380), 3,
      ipaddress.ip_network('192.0.2.200/32'), 4025)
R.run('6to4 icmp-src-pool4 set, port unreachable from X itself -> still from T',
      t64_pool_host)
R.run('6to4 icmp-src-pool4 cleared: time exceeded from an IPv6 router -> from T',
      t64_pool, ROUTER6, 3, 0, rest6(), 11, 0, rest4(), 3, None, 4022)
R.run('6to4 icmp-src-pool4 set, error from a pool6 source: dropped as without it',
      t64_pool_from_pool6)

R.run('hairpinned: port unreachable back through both translations', t_hairpin_error)
R.run('originated: hop limit 1 -> time exceeded 3/0 from the translator', t_orig_hop_limit)
R.run('originated: TTL 1 -> time exceeded 11/0 from the translator', t_orig_ttl)
R.run('originated: routing header segments left 1 -> 4/0 pointer 43', t_orig_routing)
R.run('originated: none about an ICMPv6 error', t_orig_not_about_errors)
topo.close()
R.finish()
