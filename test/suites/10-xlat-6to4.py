#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""IPv6 -> IPv4 translation, byte by byte (RFC 7915 section 5, RFC 6146
section 3, RFC 6052).  Every test sends exact bytes from the IPv6 wire and
compares what leaves on the IPv4 wire field by field, or the ICMPv6 error
that comes back, or the drop and its counter.  See xlat_topo.py.
"""
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import suite  # noqa: E402
from xlat_topo import (topology, gro_burst, gro_segments, stream_ok, N6, Results,  # noqa: E402
                       fields, checksum_ok, ip4_header_ok,
                       l4_checksum_field, ones_diff, same_ones, delta, wait_counter,
                       describe, embed, zero_sum, sh, next_hop_mac, H6A, H6B, Z1, Z2,
                       NAT6_ADDR, TCP, UDP, ICMP, WKP, NAT, MAC_V4, POOL4, sysctl,
                       csum)
from scapy.packet import Raw  # noqa: E402
from scapy.layers.inet import IP, UDP as sUDP, TCP as sTCP, ICMP as sICMP  # noqa: E402
from scapy.layers.inet6 import (IPv6, ICMPv6EchoRequest, ICMPv6TimeExceeded,  # noqa: E402
                                ICMPv6ParamProblem, IPv6ExtHdrHopByHop,
                                IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, IPv6ExtHdrFragment,
                                ICMPv6PacketTooBig, ICMPv6DestUnreach, PadN, fragment6)

R = Results('xlat-6to4')
suite.start(R, 'veth')
topo = topology(R)
w4, w6 = topo.w4, topo.w6
PAYLOAD = b'nat64 says hello ' + bytes(range(48))


def is4(proto=None, dst=None):
    def m(p):
        return (IP in p and (proto is None or p[IP].proto == proto) and
                (dst is None or p[IP].dst == dst))
    return m


def bib_port(proto, addr6, port6):
    """(T, t) of the BIB entry of (addr6, port6), or a string saying why not."""
    rows = [b for b in topo.bib(proto=proto, addr6=addr6) if b['port6'] == port6]
    if len(rows) != 1:
        return f'{len(rows)} BIB entries for {addr6}#{port6}: {rows}'
    return rows[0]['addr4'], rows[0]['port4']


def mapped(out, proto, addr6, port6, port_of):
    """The packet's source is the BIB's (T, t) for (addr6, port6)."""
    entry = bib_port(proto, addr6, port6)
    if isinstance(entry, str):
        return [entry]
    want = {'IP.src': entry[0]}
    probs = fields(out, want)
    if port_of(out) != entry[1]:
        probs.append(f'source port/id {port_of(out)}, BIB says {entry[1]}')
    return probs


def udp6(src=H6A, sport=5000, dst4=Z1, dport=53, payload=PAYLOAD, **ip):
    return IPv6(src=src, dst=topo.v6(dst4), **ip) / sUDP(sport=sport, dport=dport) / payload


def quote6(icmp, raw):
    """An ICMPv6 error quotes as much of the packet as fits 1280 bytes
    (RFC 4443 2.4 (c))."""
    quote = bytes(icmp.payload)
    want = raw[:1280 - 48]
    if quote != want:
        return [f'quote of {len(quote)} bytes is not the first {len(want)} bytes sent']
    return []


def payload_is(out, layer, data):
    got = bytes(out[layer].payload)
    return [] if got == data else [f'payload differs ({len(got)} bytes, sent {len(data)})']


# --- basic translation ------------------------------------------------------

def t_udp():
    before = topo.stats()
    out = topo.out64(udp6(tc=0, hlim=64), is4())
    if out is None:
        return [topo.nothing('IPv4', w6)]
    probs = fields(out, {'IP.version': 4, 'IP.ihl': 5, 'IP.tos': 0,
                         'IP.len': 20 + 8 + len(PAYLOAD), 'IP.flags': 0, 'IP.frag': 0,
                         'IP.ttl': 63, 'IP.proto': 17, 'IP.dst': Z1,
                         'UDP.dport': 53, 'UDP.len': 8 + len(PAYLOAD)})
    probs += ip4_header_ok(out) + checksum_ok(out) + payload_is(out, sUDP, PAYLOAD)
    probs += mapped(out, UDP, H6A, 5000, lambda p: p[sUDP].sport)
    if not 1024 <= out[sUDP].sport <= 65535:
        probs.append(f'source port {out[sUDP].sport} outside the pool4 range 1024-65535')
    probs += delta(before, topo.stats(), {'xlat-6to4': 1, 'bib-created': 1,
                                          'session-created': 1})
    return probs


def t_tcp_syn():
    opts = [('MSS', 1440), ('SAckOK', b''), ('Timestamp', (12345, 0)), ('NOP', None),
            ('WScale', 7)]
    syn = IPv6(src=H6A, dst=topo.v6(Z1)) / sTCP(sport=40000, dport=80, flags='S',
                                                seq=0x11223344, window=64800, options=opts)
    before = topo.stats()
    out = topo.out64(syn, is4(6))
    if out is None:
        return [topo.nothing('IPv4', w6)]
    probs = fields(out, {'IP.proto': 6, 'IP.dst': Z1, 'IP.ttl': 63, 'TCP.dport': 80,
                         'TCP.seq': 0x11223344, 'TCP.ack': 0, 'TCP.flags': 0x02,
                         'TCP.window': 64800,
                         'TCP.dataofs': IPv6(bytes(syn))[sTCP].dataofs})
    if bytes(out[sTCP])[20:] != bytes(syn[sTCP])[20:]:
        probs.append('TCP options changed')
    probs += ip4_header_ok(out) + checksum_ok(out)
    probs += mapped(out, TCP, H6A, 40000, lambda p: p[sTCP].sport)
    probs += delta(before, topo.stats(), {'xlat-6to4': 1})
    return probs


def t_icmp_echo():
    req = IPv6(src=H6A, dst=topo.v6(Z1)) / ICMPv6EchoRequest(id=0x1234, seq=7, data=PAYLOAD)
    before = topo.stats()
    out = topo.out64(req, is4(1))
    if out is None:
        return [topo.nothing('IPv4', w6)]
    probs = fields(out, {'IP.proto': 1, 'IP.dst': Z1, 'IP.len': 20 + 8 + len(PAYLOAD),
                         'ICMP.type': 8, 'ICMP.code': 0, 'ICMP.seq': 7})
    probs += ip4_header_ok(out) + checksum_ok(out) + payload_is(out, sICMP, PAYLOAD)
    probs += mapped(out, ICMP, H6A, 0x1234, lambda p: p[sICMP].id)
    probs += delta(before, topo.stats(), {'xlat-6to4': 1})
    return probs


def t_other_proto():
    """RFC 6146 translates TCP, UDP and ICMP only.  Choice (xlat64.c): the
    sender hears ICMPv6 Parameter Problem 4/1 pointing at Next Header."""
    pkt = IPv6(src=H6A, dst=topo.v6(Z1), nh=132) / Raw(b'\0' * 32)
    raw = bytes(pkt)
    before = topo.stats()
    back, out = topo.bounce6(pkt, lambda p: ICMPv6ParamProblem in p)
    probs = [f'translated: {describe(o)}' for o in out]
    if back is None:
        probs.append('no ICMPv6 parameter problem came back')
    else:
        probs += fields(back, {'IPv6.src': NAT6_ADDR, 'IPv6.dst': H6A,
                               'ICMPv6ParamProblem.code': 1, 'ICMPv6ParamProblem.ptr': 6})
        probs += checksum_ok(back) + quote6(back[ICMPv6ParamProblem], raw)
    return probs + delta(before, topo.stats(), {'drop-unsupported-protocol-ipv6': 1})


# --- IP header fields (RFC 7915 5.1) ----------------------------------------

def t_tc_copied():
    out = topo.out64(udp6(tc=0xa5, fl=0x12345), is4())
    if out is None:
        return [topo.nothing('IPv4', w6)]
    return fields(out, {'IP.tos': 0xa5}) + ip4_header_ok(out)


def t_tos_override():
    topo.globals(tos_override='on', tos=0x28)
    try:
        out = topo.out64(udp6(tc=0xa5), is4())
    finally:
        topo.globals(tos_override='off', tos=0)
    if out is None:
        return [topo.nothing('IPv4', w6)]
    return fields(out, {'IP.tos': 0x28}) + ip4_header_ok(out)


def t_ttl(hlim):
    out = topo.out64(udp6(hlim=hlim), is4())
    if out is None:
        return [topo.nothing('IPv4', w6)]
    return fields(out, {'IP.ttl': hlim - 1}) + ip4_header_ok(out)


def t_hop_limit_1():
    pkt = udp6(hlim=1)
    raw = bytes(pkt)
    before = topo.stats()
    back, out = topo.bounce6(pkt, lambda p: ICMPv6TimeExceeded in p)
    probs = [f'translated: {describe(o)}' for o in out]
    if back is None:
        probs.append('no ICMPv6 Time Exceeded came back')
    else:
        e = back
        probs += fields(e, {'IPv6.src': NAT6_ADDR, 'IPv6.dst': H6A,
                            'ICMPv6TimeExceeded.code': 0,
                            'ICMPv6TimeExceeded.length': 0, 'ICMPv6TimeExceeded.unused': 0})
        probs += checksum_ok(e)
        probs += quote6(e[ICMPv6TimeExceeded], raw)
    return probs + delta(before, topo.stats(), {'drop-hop-limit-exceeded': 1})


def t_icmp_rate_limited(n):
    """@n packets with hop limit 1 at once, the stack's limit of one error
    a second per peer on: after 6 s without an error to that peer, its
    burst (6, one more should a second pass meanwhile) get Time Exceeded,
    and each of the others counts in icmp-error-rate-limited."""
    sysctl(NAT, 'net.ipv6.icmp.ratelimit', 1000)
    time.sleep(6.5)
    try:
        before = topo.stats()
        w6.drain()
        for i in range(n):
            w6.send(udp6(hlim=1, sport=7000 + i))
        back = w6.recv(n, 2, lambda p: ICMPv6TimeExceeded in p)
        w6.quiet()
        after = topo.stats()
    finally:
        sysctl(NAT, 'net.ipv6.icmp.ratelimit', 0)
    probs = [] if 6 <= len(back) <= 7 else [f'{len(back)} of {n} errors came back, want 6']
    return probs + delta(before, after, {'drop-hop-limit-exceeded': n,
                                         'icmp-error-rate-limited': n - len(back)})


def t_df(ip4_len, df):
    data = b'x' * (ip4_len - 28)
    out = topo.out64(udp6(payload=data), is4())
    if out is None:
        return [topo.nothing('IPv4', w6)]
    return fields(out, {'IP.len': ip4_len, 'IP.flags': 2 if df else 0, 'IP.frag': 0}) + \
        ip4_header_ok(out) + checksum_ok(out)


def t_ptb(mtu, size):
    """An IPv6 packet whose IPv4 translation (DF set above 1260 bytes) does
    not fit the IPv4 link: ICMPv6 Packet Too Big with the IPv4 MTU + 20
    (RFC 7915 5.1 and 6)."""
    pkt = udp6(payload=b'b' * (size - 48))
    raw = bytes(pkt)
    topo.link_mtu('nat4', mtu)
    try:
        before = topo.stats()
        back, out = topo.bounce6(pkt, lambda p: ICMPv6PacketTooBig in p)
        probs = [f'translated: {describe(o)}' for o in out]
        if back is None:
            probs.append('no ICMPv6 packet too big came back')
        else:
            e = back
            probs += fields(e, {'IPv6.src': NAT6_ADDR, 'IPv6.dst': H6A,
                                'ICMPv6PacketTooBig.code': 0,
                                'ICMPv6PacketTooBig.mtu': mtu + 20}) + checksum_ok(e)
            probs += quote6(e[ICMPv6PacketTooBig], raw)
        probs += delta(before, topo.stats(), {'drop-too-big': 1})
    finally:
        topo.link_mtu('nat4', 1500)
    return probs


def t_df0_fragmented(mtu, size):
    """DF clear (1260 bytes or less): the IPv4 side may fragment it to a
    small IPv4 MTU."""
    data = bytes(i & 0xff for i in range(size - 48))
    topo.link_mtu('nat4', mtu)
    try:
        w6.drain()
        w4.drain()
        w6.send(udp6(sport=5006, payload=data))
        outs = w4.recv(1, match=is4(17))
        outs += w4.recv(4, timeout=0.8, match=is4(17))
    finally:
        topo.link_mtu('nat4', 1500)
    if not outs:
        return [topo.nothing('IPv4', w6)]
    probs = [f'IPv4 packet of {o[IP].len} bytes > {mtu}' for o in outs if o[IP].len > mtu]
    whole = reassemble4(outs)
    if whole is None:
        return probs + [f'{len(outs)} IPv4 packets do not reassemble']
    return probs + checksum_ok(whole) + payload_is(whole, sUDP, data)


def t_gro_tcp():
    """TCP segments that GRO may join on the way in leave as the segments
    they were: payload in order, every checksum right, DF as each alone
    would have it (RFC 7915 5.1)."""
    syn = topo.out64(IPv6(src=H6A, dst=topo.v6(Z1)) /
                     sTCP(sport=40100, dport=80, flags='S', seq=1000), is4(6))
    if syn is None:
        return [topo.nothing('IPv4', w6)]
    t = syn[sTCP].sport
    n, mss = 8, 1000
    data = bytes((i * 7) & 0xff for i in range(n * mss))
    mine = lambda p: IP in p and sTCP in p and p[sTCP].sport == t  # noqa: E731
    segs = [IPv6(src=H6A, dst=topo.v6(Z1)) /
            sTCP(sport=40100, dport=80, flags='A', seq=1001 + i * mss, ack=1) /
            data[i * mss:(i + 1) * mss] for i in range(n)]
    outs = gro_segments(topo, gro_burst(N6, 'v6', 'nat6'), w6, w4, segs, mine, 'xlat-6to4')
    if not outs:
        return [topo.nothing('IPv4', w6)]

    def segment_ok(o):
        probs = ip4_header_ok(o) + checksum_ok(o)
        if bool(o[IP].flags.DF) != (o[IP].len > 1260):
            probs.append(f'DF {int(o[IP].flags.DF)} on a {o[IP].len}-byte segment')
        return probs
    return stream_ok(outs, 1001, data, segment_ok)


def t_ids():
    """Non-atomic datagrams (DF clear) need IDs that tell them apart (RFC
    6864 section 4.1; RFC 791): two in a row from the same flow differ."""
    ids = []
    for _ in range(3):
        out = topo.out64(udp6(), is4())
        if out is None:
            return [topo.nothing('IPv4', w6)]
        if out[IP].flags.DF:
            return ['DF set on a small packet']
        ids.append(out[IP].id)
    return [] if len(set(ids)) == 3 else [f'IDs {ids} of three DF=0 datagrams repeat']


# --- extension headers --------------------------------------------------------

def t_ext_skipped():
    pkt = (IPv6(src=H6A, dst=topo.v6(Z1)) /
           IPv6ExtHdrHopByHop(options=[PadN(optdata=b'\0\0\0\0')]) /
           IPv6ExtHdrDestOpt(options=[PadN(optdata=b'\0\0\0\0')]) /
           IPv6ExtHdrRouting(type=0, segleft=0, addresses=[H6B]) /
           sUDP(sport=5000, dport=53) / PAYLOAD)
    before = topo.stats()
    out = topo.out64(pkt, is4())
    if out is None:
        return [topo.nothing('IPv4', w6)]
    probs = fields(out, {'IP.proto': 17, 'IP.len': 20 + 8 + len(PAYLOAD), 'IP.ihl': 5,
                         'UDP.dport': 53, 'UDP.len': 8 + len(PAYLOAD)})
    probs += ip4_header_ok(out) + checksum_ok(out) + payload_is(out, sUDP, PAYLOAD)
    probs += mapped(out, UDP, H6A, 5000, lambda p: p[sUDP].sport)
    return probs + delta(before, topo.stats(), {'xlat-6to4': 1})


def t_routing_left(with_hbh):
    layers = IPv6(src=H6A, dst=topo.v6(Z1))
    ptr = 40 + 3
    if with_hbh:
        layers = layers / IPv6ExtHdrHopByHop(options=[PadN(optdata=b'\0\0\0\0')])
        ptr += 8
    pkt = layers / IPv6ExtHdrRouting(type=0, segleft=1, addresses=[H6B]) / \
        sUDP(sport=5000, dport=53) / PAYLOAD
    raw = bytes(pkt)
    before = topo.stats()
    back, out = topo.bounce6(pkt, lambda p: ICMPv6ParamProblem in p)
    probs = [f'translated: {describe(o)}' for o in out]
    if back is None:
        probs.append('no ICMPv6 Parameter Problem came back')
    else:
        e = back
        probs += fields(e, {'IPv6.src': NAT6_ADDR, 'IPv6.dst': H6A,
                            'ICMPv6ParamProblem.code': 0, 'ICMPv6ParamProblem.ptr': ptr})
        probs += checksum_ok(e)
        probs += quote6(e[ICMPv6ParamProblem], raw)
    return probs + delta(before, topo.stats(), {'drop-routing-header': 1})


# --- checksums ------------------------------------------------------------------

def t_bad_checksum(proto):
    if proto == UDP:
        pkt = udp6(sport=5002)
        layer = sUDP
    else:
        pkt = IPv6(src=H6A, dst=topo.v6(Z1)) / sTCP(sport=40002, dport=80, flags='S',
                                                    seq=1000)
        layer = sTCP
    good = IPv6(bytes(pkt))[layer].chksum
    bad = (good + 0x1111) % 0x10000
    if bad in (0, 0xffff):
        bad = (good + 0x2222) % 0x10000
    pkt[layer].chksum = bad
    out = topo.out64(pkt, is4(17 if proto == UDP else 6))
    if out is None:
        return [topo.nothing('IPv4', w6)]
    _, got, correct = l4_checksum_field(out)
    if same_ones(got, correct):
        return ['the bad checksum was fixed']
    if ones_diff(got, correct) != ones_diff(bad, good):
        return [f'checksum {got:#06x} is off the correct {correct:#06x} by '
                f'{ones_diff(got, correct):#06x}, the packet sent was off by '
                f'{ones_diff(bad, good):#06x}']
    return []


# --- fragments ------------------------------------------------------------------

def t_frag_udp(size):
    """IPv6 fragments, last first: the kernel reassembles them and the
    datagram leaves whole, or in IPv4 fragments when larger than the IPv4
    link, with DF clear as RFC 7915 5.1.1 translates a fragmented packet."""
    data = bytes(i & 0xff for i in range(size - 4)) + b'end!'
    pkt = IPv6(src=H6A, dst=topo.v6(Z1)) / IPv6ExtHdrFragment(id=0xabcd1234) / \
        sUDP(sport=5003, dport=53) / data
    frags = fragment6(pkt, 800)
    before = topo.stats()
    w6.drain()
    w4.drain()
    for f in reversed(frags):
        w6.send(f)
    outs = w4.recv(1, match=is4(17))
    outs += w4.recv(6, timeout=0.8, match=is4(17))
    if not outs:
        return [topo.nothing('IPv4', w6)] + [f'{len(frags)} fragments sent']
    probs = [f'DF set on {o.summary()}' for o in outs if o[IP].flags.DF]
    probs += [f'IPv4 packet of {o[IP].len} bytes > 1500' for o in outs if o[IP].len > 1500]
    whole = reassemble4(outs)
    if whole is None:
        return probs + [f'{len(outs)} IPv4 packets do not reassemble']
    probs += fields(whole, {'IP.proto': 17, 'UDP.dport': 53, 'UDP.len': 8 + len(data)})
    probs += checksum_ok(whole) + payload_is(whole, sUDP, data)
    probs += mapped(whole, UDP, H6A, 5003, lambda p: p[sUDP].sport)
    return probs + delta(before, topo.stats(), {'xlat-6to4': 1})


def t_frag_too_big_for_ipv4():
    """A UDP datagram of 65528 bytes in IPv6 fragments: reassembled it is a
    valid IPv6 packet, but its IPv4 form (65548 bytes) cannot exist, so it
    is dropped as drop-too-big, with no error (no fragment size helps)."""
    src, dst = H6A, topo.v6(Z1)
    data = bytes(i & 0xff for i in range(65520))
    ulen = 8 + len(data)
    hdr = struct.pack('!HHHH', 5011, 53, ulen, 0)
    pseudo = (socket.inet_pton(socket.AF_INET6, src) +
              socket.inet_pton(socket.AF_INET6, dst) + struct.pack('!IxxxB', ulen, 17))
    hdr = hdr[:6] + struct.pack('!H', csum(pseudo + hdr + data) or 0xffff)
    body, step = hdr + data, 1232
    frags = [IPv6(src=src, dst=dst) /
             IPv6ExtHdrFragment(nh=17, id=0x5eed, offset=off // 8,
                                m=int(off + step < len(body))) /
             Raw(body[off:off + step]) for off in range(0, len(body), step)]
    before = topo.stats()
    w6.drain()
    w4.drain()
    for f in frags:
        w6.send(f)
    after = wait_counter(topo, before, 'drop-too-big')
    probs = [f'out on IPv4: {describe(o)}' for o in w4.quiet() if IP in o]
    probs += [f'back on IPv6: {describe(o)}' for o in w6.quiet() if ICMPv6PacketTooBig in o]
    return probs + delta(before, after, {'drop-too-big': 1})


def t_atomic_fragment():
    """A Fragment Header with offset 0 and M 0 (RFC 7915 5.1.1): the IPv4
    ID is the low 16 bits of its Identification, DF clear."""
    pkt = IPv6(src=H6A, dst=topo.v6(Z1)) / IPv6ExtHdrFragment(id=0x1234abcd, m=0, offset=0) / \
        sUDP(sport=5007, dport=53) / PAYLOAD
    out = topo.out64(pkt, is4(17))
    if out is None:
        return [topo.nothing('IPv4', w6)]
    return fields(out, {'IP.id': 0xabcd, 'IP.flags': 0, 'IP.frag': 0, 'IP.proto': 17,
                        'IP.len': 20 + 8 + len(PAYLOAD)}) + checksum_ok(out)


def t_udp_ffff():
    """A translated UDP checksum that computes to zero goes out as 0xffff
    (RFC 768: zero means no checksum in IPv4)."""
    first = topo.out64(udp6(sport=5008), is4(17))
    if first is None:
        return [topo.nothing('IPv4', w6)]
    T, t = first[IP].src, first[sUDP].sport

    def build(two):
        return IP(bytes(IP(src=T, dst=Z1) / sUDP(sport=t, dport=53) / (PAYLOAD[:64] + two)))
    two = zero_sum(build)
    out = topo.out64(udp6(sport=5008, payload=PAYLOAD[:64] + two), is4(17))
    if out is None:
        return [topo.nothing('IPv4', w6)]
    return fields(out, {'UDP.chksum': 0xffff})


def reassemble4(pkts):
    """The datagram @pkts (IPv4 fragments or one whole packet) carry."""
    if len(pkts) == 1 and not pkts[0][IP].flags.MF and pkts[0][IP].frag == 0:
        return pkts[0]
    parts = sorted(pkts, key=lambda p: p[IP].frag)
    data = b''
    for p in parts:
        if p[IP].frag * 8 != len(data):
            return None
        data += bytes(p[IP].payload)
    if parts[-1][IP].flags.MF:
        return None
    h = parts[0][IP].copy()
    h.remove_payload()
    h.flags, h.frag, h.len, h.chksum = 0, 0, None, None
    return IP(bytes(h / Raw(data)))


def t_frag_icmp():
    """IPv6 fragments of a large echo request (ping -s 1400): reassembled,
    translated whole with its checksum fixed, and cut again into IPv4
    fragments no larger than the IPv6 ones less 28 bytes, DF clear."""
    data = bytes(i & 0xff for i in range(1400))
    pkt = IPv6(src=H6A, dst=topo.v6(Z1)) / IPv6ExtHdrFragment(id=0x5555) / \
        ICMPv6EchoRequest(id=0x4321, seq=7, data=data)
    frags = fragment6(pkt, 800)
    biggest = max(len(bytes(f)) for f in frags) - 28
    before = topo.stats()
    w6.drain()
    w4.drain()
    for f in frags:
        w6.send(f)
    outs = w4.recv(1, match=is4(1))
    outs += w4.recv(4, timeout=0.8, match=is4(1))
    if not outs:
        return [topo.nothing('IPv4', w6)]
    probs = [f'DF set on {o.summary()}' for o in outs if o[IP].flags.DF]
    probs += [f'IPv4 fragment of {o[IP].len} bytes > {biggest}' for o in outs
              if o[IP].len > biggest]
    whole = reassemble4(outs)
    if whole is None:
        return probs + [f'{len(outs)} IPv4 packets do not reassemble']
    probs += fields(whole, {'IP.src': POOL4, 'IP.dst': Z1,
                            'ICMP.type': 8, 'ICMP.code': 0, 'ICMP.seq': 7})
    probs += checksum_ok(whole) + payload_is(whole, sICMP, data)
    return probs + delta(before, topo.stats(), {'xlat-6to4': 1})


def t_frag_icmp_error():
    """An ICMPv6 error in fragments is not genuine (errors fit in 1280
    bytes, RFC 4443 2.4(c)): dropped and counted, nothing translated."""
    quoted = IPv6(src=topo.v6(Z1), dst=H6A) / sUDP(sport=53, dport=5010) / (b'q' * 1300)
    pkt = IPv6(src=H6A, dst=topo.v6(Z1)) / IPv6ExtHdrFragment(id=0x5656) / \
        ICMPv6DestUnreach(code=4) / bytes(quoted)
    before = topo.stats()
    w6.drain()
    w4.drain()
    for f in fragment6(pkt, 800):
        w6.send(f)
    now = wait_counter(topo, before, 'drop-icmp-fragmented')
    out = w4.quiet()
    probs = [f'translated: {o.summary()}' for o in out if IP in o]
    return probs + delta(before, now, {'drop-icmp-fragmented': 1})


# --- RFC 6052 ---------------------------------------------------------------------

def t_nonglobal(prefix, plen, v4, translated):
    before = topo.stats()
    dst = embed(prefix, plen, v4)
    pkt = IPv6(src=H6A, dst=dst) / sUDP(sport=5004, dport=53) / PAYLOAD
    if translated:
        out = topo.out64(pkt, is4(17))
        if out is None:
            return [topo.nothing('IPv4', w6)]
        return fields(out, {'IP.dst': v4}) + checksum_ok(out) + \
            delta(before, topo.stats(), {'xlat-6to4': 1})
    raw = bytes(pkt)
    # Choice (xlat64.c): answered with ICMPv6 address unreachable 1/3.
    back, out = topo.bounce6(pkt, lambda p: ICMPv6DestUnreach in p)
    probs = [f'translated: {describe(o)}' for o in out]
    if back is None:
        probs.append('no ICMPv6 destination unreachable came back')
    else:
        probs += fields(back, {'IPv6.src': NAT6_ADDR, 'IPv6.dst': H6A,
                               'ICMPv6DestUnreach.code': 3})
        probs += checksum_ok(back) + quote6(back[ICMPv6DestUnreach], raw)
    return probs + delta(before, topo.stats(), {'drop-non-global-ipv4': 1})


def t_route_change():
    """The translator caches routes per CPU: a route change, and a route
    removed, must apply to the very next packet of the same flow."""
    new_mac = '02:00:00:00:04:99'
    out = topo.out64(udp6(sport=5300), is4())
    if out is None:
        return [topo.nothing('IPv4', w6)]
    probs = []
    if next_hop_mac(out) != MAC_V4:
        probs.append(f'first packet went to {next_hop_mac(out)}, not {MAC_V4}')
    with topo.next_hop(4, new_mac):
        out = topo.out64(udp6(sport=5300), is4())
        if out is None:
            probs.append('nothing out after the route changed')
        elif next_hop_mac(out) != new_mac:
            probs.append(f'after the route changed the packet went to {next_hop_mac(out)}')
        sh('ip', '-n', NAT, 'route', 'del', 'default')
        before = topo.stats()
        back, out = topo.bounce6(udp6(sport=5300), lambda p: ICMPv6DestUnreach in p)
        probs += [f'translated without a route: {describe(o)}' for o in out]
        if back is None:
            probs.append('no ICMPv6 destination unreachable without a route')
        else:
            probs += fields(back, {'ICMPv6DestUnreach.code': 0})
        probs += delta(before, topo.stats(), {'drop-no-route-ipv4': 1})
    out = topo.out64(udp6(sport=5300), is4())
    if out is None or next_hop_mac(out) != MAC_V4:
        probs.append('the restored route is not used')
    return probs


def t_pool6(prefix, plen):
    """Both directions under one pool6 length: the IPv4 address comes out of
    the right bits, and goes back into them with the u-octet and suffix 0."""
    topo.instance(f'{prefix}/{plen}')
    dst = embed(prefix, plen, Z2)
    out = topo.out64(IPv6(src=H6A, dst=dst) / sUDP(sport=5005, dport=53) / PAYLOAD, is4(17))
    if out is None:
        return [topo.nothing('IPv4', w6)]
    probs = fields(out, {'IP.dst': Z2, 'UDP.dport': 53}) + checksum_ok(out)
    t = out[sUDP].sport
    back = topo.out46(IP(src=Z2, dst=out[IP].src) / sUDP(sport=53, dport=t) / b'answer',
                      lambda p: IPv6 in p and sUDP in p)
    if back is None:
        return probs + [topo.nothing('IPv6 (reply)', w4)]
    probs += fields(back, {'IPv6.src': dst, 'IPv6.dst': H6A, 'UDP.sport': 53,
                           'UDP.dport': 5005})
    if plen < 96 and bytes(back[IPv6])[8 + 8] != 0:
        probs.append('u-octet of the source not zero')
    return probs + checksum_ok(back)


R.run('udp: every IPv4 header field, port from the BIB, checksum', t_udp)
R.run('tcp SYN: seq, flags, window, options kept, port from the BIB', t_tcp_syn)
R.run('icmpv6 echo -> icmp echo 8/0, identifier from the BIB', t_icmp_echo)
R.run('other protocols (SCTP) not translated, counted', t_other_proto)
R.run('traffic class 0xa5 copied to TOS; flow label ignored', t_tc_copied)
R.run('tos-override on: TOS is the configured 0x28', t_tos_override)
R.run('hop limit 64 -> TTL 63', t_ttl, 64)
R.run('hop limit 2 -> TTL 1, still forwarded', t_ttl, 2)
R.run('hop limit 1 -> ICMPv6 time exceeded 3/0 quoting it, nothing forwarded',
      t_hop_limit_1)
R.run('20 at hop limit 1, ICMPv6 rate limit on: what it holds back is counted',
      t_icmp_rate_limited, 20)
R.run('1260-byte IPv4 result: DF clear', t_df, 1260, False)
R.run('1261-byte IPv4 result: DF set', t_df, 1261, True)
R.run('non-atomic datagrams get distinct IDs', t_ids)
R.run('TCP burst through GRO: segments, checksums and DF as sent', t_gro_tcp)
R.run('IPv4 link MTU 1300, 1330-byte IPv6 packet -> packet too big, MTU 1320', t_ptb,
      1300, 1330)
R.run('IPv4 link MTU 1000, DF clear 1200-byte packet -> IPv4 fragments', t_df0_fragmented,
      1000, 1200)
R.run('hop-by-hop, destination options, routing (segments left 0) skipped',
      t_ext_skipped)
R.run('routing header, segments left 1 -> parameter problem 4/0 pointer 43',
      t_routing_left, False)
R.run('same after hop-by-hop -> pointer 51', t_routing_left, True)
R.run('bad UDP checksum stays bad by the same amount', t_bad_checksum, UDP)
R.run('bad TCP checksum stays bad by the same amount', t_bad_checksum, TCP)
R.run('IPv6 fragments (reverse order) reassembled, translated, DF clear', t_frag_udp, 1400)
R.run('IPv6 fragments of 3000 bytes: IPv4 fragments, DF clear', t_frag_udp, 3000)
R.run('IPv6 fragments of a 65528-byte UDP datagram: too big for IPv4, counted',
      t_frag_too_big_for_ipv4)
R.run('atomic fragment: IPv4 ID from its low 16 bits, DF clear', t_atomic_fragment)
R.run('translated UDP checksum computing to 0 goes out as 0xffff', t_udp_ffff)
R.run('fragmented ICMPv6 echo translated whole, cut again', t_frag_icmp)
R.run('fragmented ICMPv6 error not translated, counted', t_frag_icmp_error)
R.run('route changed, then removed: the next packet follows (route cache)', t_route_change)
R.run('WKP + 10.1.2.3 not translated, counted', t_nonglobal, WKP, 96, '10.1.2.3', False)
R.run('WKP + 192.168.1.1 not translated, counted', t_nonglobal, WKP, 96, '192.168.1.1',
      False)
topo.instance('64:ff9b:1::/48')
R.run('64:ff9b:1::/48 (local use) + 10.1.2.3 translated', t_nonglobal, '64:ff9b:1::', 48,
      '10.1.2.3', True)
for pfx, plen in (('3fff:64::', 32), ('2001:db8:100::', 40), ('2001:db8:48::', 48),
                  ('2001:db8:56::', 56), ('2001:db8:64:64::', 64), ('2001:db8:96::', 96),
                  (WKP, 96)):
    R.run(f'rfc6052 {pfx}/{plen} <-> {Z2} ({embed(pfx, plen, Z2)})', t_pool6, pfx, plen)
topo.instance('2001:db8:96::/96')
R.run('non-WKP /96 + 10.1.2.3 translated', t_nonglobal, '2001:db8:96::', 96, '10.1.2.3',
      True)
topo.close()
R.finish()
