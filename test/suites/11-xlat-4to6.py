#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""IPv4 -> IPv6 translation, byte by byte (RFC 7915 section 4, RFC 6146
section 3).  Each test first opens a flow from the IPv6 side (as traffic
through a NAT64 does) and then sends exact bytes back from the IPv4 wire,
comparing what leaves on the IPv6 wire field by field, or the ICMPv4 error
that comes back, or the drop and its counter.  See xlat_topo.py.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import suite  # noqa: E402
from xlat_topo import (topology, gro_burst, gro_segments, stream_ok, N4, Results,  # noqa: E402
                       fields, checksum_ok, ip4_header_ok,
                       l4_checksum_field, ones_diff, same_ones, delta, wait_counter,
                       describe, zero_sum, wkp, sh, next_hop_mac, H6A, Z1, NAT4_ADDR, NAT,
                       MAC_V6)
from scapy.packet import Raw  # noqa: E402
from scapy.layers.inet import (IP, UDP as sUDP, TCP as sTCP, ICMP as sICMP,  # noqa: E402
                               IPOption_LSRR, IPOption_NOP, fragment)
from scapy.layers.inet6 import (IPv6, IPv6ExtHdrFragment, ICMPv6EchoRequest,  # noqa: E402
                                ICMPv6EchoReply)

R = Results('xlat-4to6')
suite.start(R, 'veth')
topo = topology(R)
w4, w6 = topo.w4, topo.w6
PAYLOAD = b'nat64 answers ' + bytes(range(51))     # odd: checksums of odd lengths


class NoFlow(Exception):
    pass


def flow(sport, proto='udp', dport=None, dst4=Z1, ident=None):
    """Open a flow H6A#sport -> dst4#dport from the IPv6 side; (T, t)."""
    if proto == 'udp':
        pkt = IPv6(src=H6A, dst=wkp(dst4)) / sUDP(sport=sport, dport=dport or 53) / b'q'
    elif proto == 'tcp':
        pkt = IPv6(src=H6A, dst=wkp(dst4)) / sTCP(sport=sport, dport=dport or 80,
                                                  flags='S', seq=100)
    else:
        pkt = IPv6(src=H6A, dst=wkp(dst4)) / ICMPv6EchoRequest(id=ident, seq=1)
    out = topo.out64(pkt, lambda p: IP in p)
    if out is None:
        raise NoFlow('could not open a flow from the IPv6 side: ' + topo.nothing('IPv4', w6))
    if proto == 'icmp':
        return out[IP].src, out[sICMP].id
    return out[IP].src, out[IP].payload.sport


def is6(nh=None):
    def m(p):
        return IPv6 in p and (nh is None or p[IPv6].nh == nh)
    return m


def payload_is(out, layer, data):
    got = bytes(out[layer].payload)
    return [] if got == data else [f'payload differs ({len(got)} bytes, sent {len(data)})']


T, t = None, None


def setup_flow():
    global T, t
    T, t = flow(5000)


def udp4(payload=PAYLOAD, sport=53, src=Z1, **ip):
    return IP(src=src, dst=T, **ip) / sUDP(sport=sport, dport=t) / payload


def t_route_change():
    """The translator caches routes per CPU: a route change, and a route
    removed, must apply to the very next packet of the same flow."""
    new_mac = '02:00:00:00:06:99'
    out = topo.out46(udp4(), is6())
    if out is None:
        return [topo.nothing('IPv6', w4)]
    probs = []
    if next_hop_mac(out) != MAC_V6:
        probs.append(f'first packet went to {next_hop_mac(out)}, not {MAC_V6}')
    with topo.next_hop(6, new_mac):
        out = topo.out46(udp4(), is6())
        if out is None:
            probs.append('nothing out after the route changed')
        elif next_hop_mac(out) != new_mac:
            probs.append(f'after the route changed the packet went to {next_hop_mac(out)}')
        sh('ip', '-n', NAT, '-6', 'route', 'del', '2001:db8:6::/64')
        before = topo.stats()
        back, out = topo.bounce4(udp4(), lambda p: sICMP in p)
        probs += [f'translated without a route: {describe(o)}' for o in out]
        if back is None:
            probs.append('no ICMPv4 destination unreachable without a route')
        else:
            probs += fields(back, {'ICMP.type': 3, 'ICMP.code': 1})
        probs += delta(before, topo.stats(), {'drop-no-route-ipv6': 1})
    out = topo.out46(udp4(), is6())
    if out is None or next_hop_mac(out) != MAC_V6:
        probs.append('the restored route is not used')
    return probs


# --- basic translation ------------------------------------------------------

def t_udp():
    before = topo.stats()
    out = topo.out46(udp4(tos=0, ttl=64, id=0x4242, flags='DF'), is6())
    if out is None:
        return [topo.nothing('IPv6', w4)]
    probs = fields(out, {'IPv6.version': 6, 'IPv6.tc': 0, 'IPv6.fl': 0,
                         'IPv6.plen': 8 + len(PAYLOAD), 'IPv6.nh': 17, 'IPv6.hlim': 63,
                         'IPv6.src': wkp(Z1), 'IPv6.dst': H6A, 'UDP.sport': 53,
                         'UDP.dport': 5000, 'UDP.len': 8 + len(PAYLOAD)})
    probs += checksum_ok(out) + payload_is(out, sUDP, PAYLOAD)
    return probs + delta(before, topo.stats(), {'xlat-4to6': 1})


def t_tcp():
    T2, t2 = flow(41000, 'tcp')
    opts = [('MSS', 1400), ('SAckOK', b''), ('WScale', 9)]
    synack = IP(src=Z1, dst=T2) / sTCP(sport=80, dport=t2, flags='SA', seq=0x55667788,
                                       ack=101, window=29200, options=opts)
    out = topo.out46(synack, is6(6))
    if out is None:
        return [topo.nothing('IPv6', w4)]
    probs = fields(out, {'IPv6.src': wkp(Z1), 'IPv6.dst': H6A, 'TCP.sport': 80,
                         'TCP.dport': 41000, 'TCP.seq': 0x55667788, 'TCP.ack': 101,
                         'TCP.flags': 0x12, 'TCP.window': 29200})
    if bytes(out[sTCP])[20:] != bytes(synack[sTCP])[20:]:
        probs.append('TCP options changed')
    return probs + checksum_ok(out)


def t_icmp_reply():
    T2, i2 = flow(0, 'icmp', ident=0x2222)
    out = topo.out46(IP(src=Z1, dst=T2) / sICMP(type=0, id=i2, seq=1) / PAYLOAD,
                     is6(58))
    if out is None:
        return [topo.nothing('IPv6', w4)]
    probs = fields(out, {'IPv6.src': wkp(Z1), 'IPv6.dst': H6A, 'IPv6.nh': 58,
                         'IPv6.plen': 8 + len(PAYLOAD), 'ICMPv6EchoReply.type': 129,
                         'ICMPv6EchoReply.code': 0, 'ICMPv6EchoReply.id': 0x2222,
                         'ICMPv6EchoReply.seq': 1})
    if out.haslayer(ICMPv6EchoReply) and out[ICMPv6EchoReply].data != PAYLOAD:
        probs.append('echo data differs')
    return probs + checksum_ok(out)


def t_icmp_request_in():
    """An IPv4 host pings (T, id) of an existing ICMP mapping (EIF)."""
    T2, i2 = flow(0, 'icmp', ident=0x3333)
    out = topo.out46(IP(src='198.51.100.77', dst=T2) / sICMP(type=8, id=i2, seq=9) / b'pp',
                     is6(58))
    if out is None:
        return [topo.nothing('IPv6', w4)]
    return fields(out, {'IPv6.src': wkp('198.51.100.77'), 'IPv6.dst': H6A,
                        'ICMPv6EchoRequest.type': 128, 'ICMPv6EchoRequest.id': 0x3333,
                        'ICMPv6EchoRequest.seq': 9}) + checksum_ok(out)


def t_gro_tcp():
    """IPv4 TCP segments that GRO may join on the way in leave as IPv6
    segments of the same sizes, payload in order, checksums right."""
    T2, t2 = flow(41100, 'tcp')
    n, mss = 8, 1000
    data = bytes((i * 11) & 0xff for i in range(n * mss))
    mine = lambda p: IPv6 in p and sTCP in p and p[sTCP].dport == 41100  # noqa: E731
    segs = [IP(src=Z1, dst=T2, flags='DF', id=300 + i) /
            sTCP(sport=80, dport=t2, flags='A', seq=5001 + i * mss, ack=101) /
            data[i * mss:(i + 1) * mss] for i in range(n)]
    outs = gro_segments(topo, gro_burst(N4, 'v4', 'nat4'), w4, w6, segs, mine, 'xlat-4to6')
    if not outs:
        return [topo.nothing('IPv6', w4)]

    def segment_ok(o):
        probs = checksum_ok(o)
        if IPv6ExtHdrFragment in o:
            probs.append('a Fragment Header on a segment that fits')
        if 40 + o[IPv6].plen > 1280:
            probs.append(f'a {40 + o[IPv6].plen}-byte IPv6 packet')
        return probs
    return stream_ok(outs, 5001, data, segment_ok)


# --- IP header fields (RFC 7915 4.1) ----------------------------------------

def t_tos():
    out = topo.out46(udp4(tos=0xa5), is6())
    if out is None:
        return [topo.nothing('IPv6', w4)]
    return fields(out, {'IPv6.tc': 0xa5, 'IPv6.fl': 0})


def t_tos_override():
    topo.globals(tos_override='on', tos=0x28)
    try:
        out = topo.out46(udp4(tos=0xa5), is6())
    finally:
        topo.globals(tos_override='off', tos=0)
    if out is None:
        return [topo.nothing('IPv6', w4)]
    return fields(out, {'IPv6.tc': 0x28, 'IPv6.fl': 0})


def t_ttl(ttl):
    out = topo.out46(udp4(ttl=ttl), is6())
    if out is None:
        return [topo.nothing('IPv6', w4)]
    return fields(out, {'IPv6.hlim': ttl - 1})


def t_ttl_1():
    pkt = udp4(ttl=1)
    raw = bytes(pkt)
    before = topo.stats()
    back, out = topo.bounce4(pkt, lambda p: sICMP in p and p[sICMP].type == 11)
    probs = [f'translated: {describe(o)}' for o in out]
    if back is None:
        probs.append('no ICMPv4 time exceeded came back')
    else:
        e = back
        probs += fields(e, {'IP.src': NAT4_ADDR, 'IP.dst': Z1, 'ICMP.type': 11,
                            'ICMP.code': 0, 'ICMP.unused': 0})
        probs += quote4(e, raw)
    return probs + delta(before, topo.stats(), {'drop-ttl-exceeded': 1})


def quote4(e, raw):
    """ICMPv4 error @e is well formed and quotes the start of @raw."""
    probs = ip4_header_ok(e) + checksum_ok(e)
    quote = bytes(e[sICMP].payload)
    if len(quote) < min(len(raw), 28) or not raw.startswith(quote):
        probs.append(f'quote of {len(quote)} bytes is not the start of the packet sent')
    return probs


# --- checksums ---------------------------------------------------------------

def t_udp_zero_checksum():
    pkt = udp4()
    pkt[sUDP].chksum = 0
    out = topo.out46(pkt, is6(17))
    if out is None:
        return [topo.nothing('IPv6', w4)]
    if out[sUDP].chksum == 0:
        return ['UDP checksum still 0 (invalid in IPv6)']
    return checksum_ok(out) + payload_is(out, sUDP, PAYLOAD)


def t_udp_ffff(zero_in):
    """A UDP checksum that computes to zero goes out as 0xffff: zero is
    invalid in IPv6 (RFC 8200 8.1), from a checksummed or a checksum-less
    (0) IPv4 datagram alike."""
    base = PAYLOAD[:64]

    def build(two):
        return IPv6(bytes(IPv6(src=wkp(Z1), dst=H6A) / sUDP(sport=53, dport=5000) /
                          (base + two)))
    pkt = udp4(base + zero_sum(build))
    if zero_in:
        pkt[sUDP].chksum = 0
    out = topo.out46(pkt, is6(17))
    if out is None:
        return [topo.nothing('IPv6', w4)]
    return fields(out, {'UDP.chksum': 0xffff})


def through_fragments(frags):
    """Sends the IPv4 @frags and collects what leaves on the IPv6 wire:
    (frames, the datagram they make, problems).  The datagram is None when
    they make none; the problems then say why."""
    w6.drain()
    w4.drain()
    for f in frags:
        w4.send(f)
    outs = w6.recv(1, match=is6())
    outs += w6.recv(4, timeout=0.8, match=is6())
    if not outs:
        return outs, None, [topo.nothing('IPv6', w4)]
    if len(outs) == 1 and IPv6ExtHdrFragment not in outs[0]:
        return outs, outs[0], []
    whole, probs = reassemble6(outs)
    return outs, whole, probs


def t_frags_zero_checksum():
    """IPv4 fragments of a checksum-less UDP datagram: reassembled, the
    IPv6 checksum computed over the whole datagram."""
    data = bytes(range(256)) * 4 + b'odd'
    pkt = udp4(data, id=0x5353, flags=0)
    pkt[sUDP].chksum = 0
    before = topo.stats()
    outs, whole, probs = through_fragments(fragment(pkt, 400))
    if whole is None:
        return probs
    probs += checksum_ok(whole) + payload_is(whole, sUDP, data)
    return probs + delta(before, topo.stats(), {'xlat-4to6': 1})


def t_frags_in_refragmented():
    """IPv4 fragments (DF clear) of a datagram too big for 1280 once
    translated: reassembled, then sent as IPv6 fragments of at most 1280
    bytes carrying the IPv4 ID."""
    data = bytes(i & 0xff for i in range(1600))
    pkt = udp4(data, id=0x7171, flags=0)
    before = topo.stats()
    w6.drain()
    w4.drain()
    for f in fragment(pkt, 800):
        w4.send(f)
    outs = w6.recv(1, match=is6())
    outs += w6.recv(6, timeout=0.8, match=is6())
    if not outs:
        return [topo.nothing('IPv6', w4)]
    probs = [f'IPv6 packet of {40 + p[IPv6].plen} bytes > 1280' for p in outs
             if 40 + p[IPv6].plen > 1280]
    for p in outs:
        fh = p.getlayer(IPv6ExtHdrFragment)
        if fh is None:
            probs.append('an IPv6 packet without a Fragment Header')
        elif fh.id != 0x7171:
            probs.append(f'Fragment Header id {fh.id:#x}, want the IPv4 ID 0x7171')
    whole, more = reassemble6(outs)
    probs += more
    if whole is None:
        return probs
    probs += checksum_ok(whole) + payload_is(whole, sUDP, data)
    return probs + delta(before, topo.stats(), {'xlat-4to6': 1})


def t_bad_checksum(proto):
    if proto == 'udp':
        pkt = udp4()
        layer = sUDP
    else:
        T2, t2 = flow(41001, 'tcp')
        pkt = IP(src=Z1, dst=T2) / sTCP(sport=80, dport=t2, flags='SA', seq=5, ack=101)
        layer = sTCP
    good = IP(bytes(pkt))[layer].chksum
    bad = (good + 0x1111) % 0x10000
    if bad in (0, 0xffff):
        bad = (good + 0x2222) % 0x10000
    pkt[layer].chksum = bad
    out = topo.out46(pkt, is6(17 if proto == 'udp' else 6))
    if out is None:
        return [topo.nothing('IPv6', w4)]
    _, got, correct = l4_checksum_field(out)
    if same_ones(got, correct):
        return ['the bad checksum was fixed']
    if ones_diff(got, correct) != ones_diff(bad, good):
        return [f'checksum {got:#06x} is off the correct {correct:#06x} by '
                f'{ones_diff(got, correct):#06x}, the packet sent was off by '
                f'{ones_diff(bad, good):#06x}']
    return []


# --- fragmentation (RFC 7915 4.1, 4.4 and 6) ---------------------------------

def reassemble6(pkts):
    """(UDP packet rebuilt from IPv6 fragments, problems)."""
    probs = []
    fr = [p for p in pkts if IPv6ExtHdrFragment in p]
    if len(fr) != len(pkts):
        return None, ['fragments mixed with whole packets']
    fr.sort(key=lambda p: p[IPv6ExtHdrFragment].offset)
    ids = {p[IPv6ExtHdrFragment].id for p in fr}
    if len(ids) != 1:
        probs.append(f'fragment IDs differ: {ids}')
    data = b''
    for i, p in enumerate(fr):
        fh = p[IPv6ExtHdrFragment]
        if fh.offset * 8 != len(data):
            return None, probs + [f'gap or overlap at fragment offset {fh.offset * 8}']
        if fh.m != (i < len(fr) - 1):
            probs.append(f'M flag {fh.m} on fragment {i} of {len(fr)}')
        data += bytes(fh.payload)
    h = fr[0][IPv6].copy()
    h.remove_payload()
    h.nh, h.plen = fr[0][IPv6ExtHdrFragment].nh, None
    return IPv6(bytes(h / Raw(data))), probs


def t_fragmented(tot_len, mtu, ident=0x4243):
    """A DF=0 IPv4 packet of @tot_len bytes: IPv6 fragments of at most
    @mtu bytes if the translation does not fit, each with a Fragment Header
    carrying the IPv4 ID (RFC 7915 4.1); one whole packet otherwise."""
    data = bytes(i & 0xff for i in range(tot_len - 28))
    before = topo.stats()
    w6.drain()
    w4.drain()
    w4.send(udp4(data, id=ident, flags=0))
    outs = w6.recv(1, match=is6())
    outs += w6.recv(8, timeout=0.8, match=is6())
    if not outs:
        return [topo.nothing('IPv6', w4)]
    probs = [f'IPv6 packet of {40 + p[IPv6].plen} bytes > {mtu}' for p in outs
             if 40 + p[IPv6].plen > mtu]
    if tot_len + 20 <= mtu:
        if len(outs) != 1 or IPv6ExtHdrFragment in outs[0]:
            probs.append(f'{len(outs)} packets, or a Fragment Header, for a packet that fits')
        whole = outs[0]
    else:
        for p in outs:
            fh = p.getlayer(IPv6ExtHdrFragment)
            if fh is None:
                probs.append('an IPv6 packet without a Fragment Header')
                continue
            if fh.id != ident:
                probs.append(f'Fragment Header id {fh.id:#x}, want the IPv4 ID {ident:#x}')
            if fh.nh != 17:
                probs.append(f'Fragment Header next header {fh.nh}')
        whole, more = reassemble6(outs)
        probs += more
        if whole is None:
            return probs
    probs += fields(whole, {'IPv6.src': wkp(Z1), 'IPv6.dst': H6A, 'UDP.dport': 5000,
                            'UDP.len': 8 + len(data)})
    probs += checksum_ok(whole) + payload_is(whole, sUDP, data)
    return probs + delta(before, topo.stats(), {'xlat-4to6': 1})


def t_lower_mtu(tot_len, mtu):
    topo.globals(lowest_ipv6_mtu=mtu)
    try:
        return t_fragmented(tot_len, mtu, ident=0x4244)
    finally:
        topo.globals(lowest_ipv6_mtu=1280)


def t_df_fits():
    """DF set and the translation fits the IPv6 link (1500): one packet, no
    Fragment Header, larger than 1280 (path MTU discovery is the ends')."""
    data = b'd' * (1400 - 28)
    out = topo.out46(udp4(data, flags='DF'), is6())
    if out is None:
        return [topo.nothing('IPv6', w4)]
    probs = fields(out, {'IPv6.plen': 1400 - 20, 'IPv6.nh': 17})
    return probs + checksum_ok(out)


def t_df_too_big():
    pkt = udp4(b'D' * (1500 - 28), flags='DF')
    raw = bytes(pkt)
    before = topo.stats()
    back, out = topo.bounce4(pkt, lambda p: sICMP in p and p[sICMP].type == 3)
    probs = [f'translated: {describe(o)}' for o in out]
    if back is None:
        probs.append('no ICMPv4 fragmentation needed came back')
    else:
        e = back
        probs += fields(e, {'IP.src': NAT4_ADDR, 'IP.dst': Z1, 'ICMP.type': 3,
                            'ICMP.code': 4, 'ICMP.nexthopmtu': 1500 - 20})
        probs += quote4(e, raw)
    return probs + delta(before, topo.stats(), {'drop-too-big': 1})


def t_frags_in(reverse):
    data = bytes(range(256)) * 4
    pkt = udp4(data, id=0x5151 + reverse, flags=0)
    frags = fragment(pkt, 512)
    if reverse:
        frags.reverse()
    before = topo.stats()
    outs, whole, probs = through_fragments(frags)
    if whole is None:
        return probs
    probs += [f'IPv6 packet of {40 + p[IPv6].plen} bytes > 1280' for p in outs
              if 40 + p[IPv6].plen > 1280]
    probs += fields(whole, {'UDP.sport': 53, 'UDP.dport': 5000, 'UDP.len': 8 + len(data)})
    probs += checksum_ok(whole) + payload_is(whole, sUDP, data)
    return probs + delta(before, topo.stats(), {'xlat-4to6': 1})


def t_frag_icmp():
    """IPv4 fragments of a large echo reply: reassembled, translated whole
    with the pseudo-header in its checksum, sent as IPv6 fragments that
    fit 1280 bytes."""
    T2, i2 = flow(0, 'icmp', ident=0x4444)
    data = bytes(i & 0xff for i in range(1400))
    pkt = IP(src=Z1, dst=T2, flags=0, id=0x6161) / sICMP(type=0, id=i2, seq=9) / data
    before = topo.stats()
    outs, whole, probs = through_fragments(fragment(pkt, 800))
    if whole is None:
        return probs
    probs += [f'IPv6 packet of {40 + p[IPv6].plen} bytes > 1280' for p in outs
              if 40 + p[IPv6].plen > 1280]
    probs += fields(whole, {'IPv6.src': wkp(Z1), 'IPv6.dst': H6A,
                            'ICMPv6EchoReply.id': 0x4444, 'ICMPv6EchoReply.seq': 9})
    probs += checksum_ok(whole)
    got = bytes(whole[ICMPv6EchoReply].data)
    if got != data:
        probs.append(f'payload differs ({len(got)} bytes, sent {len(data)})')
    return probs + delta(before, topo.stats(), {'xlat-4to6': 1})


def t_frag_icmp_error():
    """An ICMPv4 error in fragments is not genuine (576 bytes, RFC 1812
    4.3.2.3): dropped and counted, nothing translated."""
    T2, t2 = flow(5011)
    quoted = IP(src=T2, dst=Z1) / sUDP(sport=t2, dport=53) / (b'q' * 1300)
    pkt = IP(src=Z1, dst=T2, flags=0, id=0x6262) / sICMP(type=3, code=3) / bytes(quoted)
    before = topo.stats()
    w6.drain()
    w4.drain()
    for f in fragment(pkt, 800):
        w4.send(f)
    now = wait_counter(topo, before, 'drop-icmp-fragmented')
    probs = [f'translated: {o.summary()}' for o in w6.quiet() if IPv6 in o]
    return probs + delta(before, now, {'drop-icmp-fragmented': 1})


# --- addresses and options ---------------------------------------------------

def t_nonglobal_source():
    before = topo.stats()
    w6.drain()
    w4.drain()
    w4.send(udp4(src='10.1.2.3'))
    now = wait_counter(topo, before, 'drop-non-global-ipv4')
    probs = [f'translated: {o.summary()}' for o in w6.quiet() if IPv6 in o]
    return probs + delta(before, now, {'drop-non-global-ipv4': 1})


def t_source_route():
    pkt = udp4(options=[IPOption_LSRR(routers=['192.0.2.9'], pointer=4)])
    raw = bytes(pkt)
    before = topo.stats()
    back, out = topo.bounce4(pkt, lambda p: sICMP in p and p[sICMP].type == 3)
    probs = [f'translated: {describe(o)}' for o in out]
    if back is None:
        probs.append('no ICMPv4 source route failed came back')
    else:
        probs += fields(back, {'IP.src': NAT4_ADDR, 'IP.dst': Z1, 'ICMP.type': 3,
                               'ICMP.code': 5})
        probs += quote4(back, raw)
    return probs + delta(before, topo.stats(), {'drop-source-route': 1})


def t_options_ignored():
    out = topo.out46(udp4(options=[IPOption_NOP()] * 4), is6())
    if out is None:
        return [topo.nothing('IPv6', w4)]
    return fields(out, {'IPv6.nh': 17, 'IPv6.plen': 8 + len(PAYLOAD), 'UDP.dport': 5000}) + \
        checksum_ok(out) + payload_is(out, sUDP, PAYLOAD)


R.run('a UDP flow from the IPv6 side opens', setup_flow)
if T is not None:
    R.run('udp: every IPv6 header field, addresses and ports from the session', t_udp)
    R.run('route changed, then removed: the next packet follows (route cache)',
          t_route_change)
    R.run('tos 0xa5 copied to traffic class, flow label 0', t_tos)
    R.run('tos-override on: traffic class is the configured 0x28', t_tos_override)
    R.run('TTL 64 -> hop limit 63', t_ttl, 64)
    R.run('TTL 2 -> hop limit 1, still forwarded', t_ttl, 2)
    R.run('TTL 1 -> ICMPv4 time exceeded 11/0 quoting it, nothing forwarded', t_ttl_1)
    R.run('UDP checksum 0 -> computed checksum', t_udp_zero_checksum)
    R.run('UDP checksum computing to 0 goes out as 0xffff', t_udp_ffff, False)
    R.run('same from a checksum-less (0) IPv4 datagram', t_udp_ffff, True)
    R.run('bad UDP checksum stays bad by the same amount', t_bad_checksum, 'udp')
    R.run('DF=0, 1400 bytes -> IPv6 fragments <= 1280 with the IPv4 ID', t_fragmented,
          1400, 1280)
    R.run('DF=0, 1260 bytes -> one 1280-byte IPv6 packet', t_fragmented, 1260, 1280)
    R.run('lowest-ipv6-mtu 1400: DF=0 1400 bytes -> fragments <= 1400', t_lower_mtu,
          1400, 1400)
    R.run('lowest-ipv6-mtu 1400: DF=0 1300 bytes -> one packet', t_lower_mtu, 1300, 1400)
    R.run('DF=1, 1400 bytes (fits the link) -> one IPv6 packet', t_df_fits)
    R.run('DF=1, 1500 bytes -> ICMPv4 3/4 with MTU 1480, nothing forwarded',
          t_df_too_big)
    R.run('IPv4 fragments in order: reassembled and translated', t_frags_in, False)
    R.run('IPv4 fragments in reverse order: reassembled and translated', t_frags_in, True)
    R.run('IPv4 fragments, checksum 0: computed over the reassembled datagram',
          t_frags_zero_checksum)
    R.run('IPv4 fragments of 1628 bytes: IPv6 fragments <= 1280 with the IPv4 ID',
          t_frags_in_refragmented)
    R.run('IPv4 options ignored', t_options_ignored)
    R.run('unexpired source route -> ICMPv4 3/5, not translated', t_source_route)
    R.run('non-global IPv4 source under the WKP not translated, counted',
          t_nonglobal_source)
R.run('tcp SYN+ACK: seq, ack, flags, window, options kept', t_tcp)
R.run('bad TCP checksum stays bad by the same amount', t_bad_checksum, 'tcp')
R.run('TCP burst through GRO: IPv6 segments, checksums as sent', t_gro_tcp)
R.run('icmp echo reply -> icmpv6 129, identifier restored', t_icmp_reply)
R.run('icmp echo request from any IPv4 host to a mapping -> icmpv6 128', t_icmp_request_in)
R.run('fragmented ICMP echo translated whole, cut again', t_frag_icmp)
R.run('fragmented ICMP error not translated, counted', t_frag_icmp_error)
topo.close()
R.finish()
