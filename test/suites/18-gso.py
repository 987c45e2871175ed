#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""GSO packets the translator must not believe, and those it must handle:
a guest behind a tap device (IFF_VNET_HDR, a virtio-net header in front of
every frame) claims segmentation offload for packets that are not what the
claim says; honest guest GSO and IPv6 BIG TCP (a jumbogram of more than
64 KiB, as GRO with gro_max_size above 64 KiB makes) are translated.  See
xlat_topo.py for the three namespaces.  (GRO on the test's veth did not
join more than 64 KiB under emulation, nor did a TCP sender with
gso_max_size 185000 send such packets there, so the guest sends one.)

Why a tap and not a packet socket on a veth: a packet socket's vnet header
gives the same SKB_GSO_DODGY skb, but veth lacks NETIF_F_GSO_ROBUST, so the
sender's own dev_queue_xmit() segments (and so checks) it before it
crosses; the skb a tap hands to netif_rx() reaches PRE_ROUTING as the
guest described it, which is what a VM's traffic does.
"""
import fcntl
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import suite  # noqa: E402
from xlat_topo import (topology, Results, Unavailable, stream_ok, netns, sh,  # noqa: E402
                       delta, wait_counter, checksum_ok, ip4_header_ok, NAT, Z1, POOL4,
                       H6A)
from scapy.layers.inet import IP, UDP as sUDP, TCP as sTCP, ICMP as sICMP  # noqa: E402
from scapy.layers.inet6 import IPv6, ICMPv6EchoRequest  # noqa: E402

R = Results('gso')
suite.start(R, 'veth', 'tun')
topo = topology(R)
w4, w6 = topo.w4, topo.w6

# The guest behind the tap.
TAP, TAP_MAC, GUEST_MAC = 'tapg', '02:00:00:00:07:01', '02:00:00:00:07:02'
GUEST6 = '2001:db8:7::a'

TUNSETIFF = 0x400454ca
IFF_TAP, IFF_NO_PI, IFF_VNET_HDR = 0x0002, 0x1000, 0x4000
NEEDS_CSUM = 1
GSO_NONE, GSO_TCPV4, GSO_UDP, GSO_TCPV6 = 0, 1, 3, 4
# csum_start counts from the start of the frame, Ethernet header included.
L4_4, L4_6 = 14 + 20, 14 + 40


def vnet_hdr(gso_type, gso_size, csum_start, csum_offset, hdr_len=0, flags=NEEDS_CSUM):
    """struct virtio_net_hdr (10 bytes, little endian as tun uses it)."""
    return struct.pack('<BBHHHH', flags, gso_type, hdr_len, gso_size, csum_start,
                       csum_offset)


class Tap:
    """A tap device in the translator's namespace; frames written to it
    arrive there as if a VM had sent them."""

    def __init__(self):
        with netns(NAT):
            try:
                self.fd = os.open('/dev/net/tun', os.O_RDWR)
            except OSError as e:
                raise Unavailable(f'/dev/net/tun: {e}') from None
            ifr = struct.pack('16sH', TAP.encode(), IFF_TAP | IFF_NO_PI | IFF_VNET_HDR)
            fcntl.ioctl(self.fd, TUNSETIFF, ifr.ljust(40, b'\0'))
        sh('ip', '-n', NAT, 'link', 'set', TAP, 'address', TAP_MAC, 'up')
        sh('ip', '-n', NAT, 'route', 'add', GUEST6 + '/128', 'dev', TAP)
        sh('ip', '-n', NAT, 'neigh', 'add', GUEST6, 'lladdr', GUEST_MAC, 'dev', TAP,
           'nud', 'permanent')

    def write(self, hdr, l3):
        raw = bytes(l3)
        etype = 0x0800 if raw[0] >> 4 == 4 else 0x86dd
        frame = (bytes.fromhex(TAP_MAC.replace(':', '')) +
                 bytes.fromhex(GUEST_MAC.replace(':', '')) + struct.pack('!H', etype) + raw)
        os.write(self.fd, hdr + frame)


tap = None


def lie(hdr, pkt, want_counter):
    """Write @pkt behind the vnet header @hdr: nothing leaves on the IPv4
    side and only @want_counter moves (the WARNING check of the VM runner
    covers skb_checksum_help() on a GSO skb)."""
    before = topo.stats()
    w4.drain()
    try:
        tap.write(hdr, pkt)
    except OSError as e:
        return [f'the tap refused the frame: {e}']
    now = wait_counter(topo, before, want_counter)
    out = [p.summary() for p in w4.quiet() if IP in p]
    return ([f'came out: {out[:2]}'] if out else []) + delta(before, now, {want_counter: 1})


def t_icmp6_echo_as_tcp6():
    """ICMPv6 echo claiming TCPv6 GSO, checksum offload at the ICMPv6
    checksum: dropped as bad GSO, not translated whole."""
    pkt = IPv6(src=GUEST6, dst=topo.v6(Z1)) / ICMPv6EchoRequest(id=77, data=b'x' * 600)
    return lie(vnet_hdr(GSO_TCPV6, 200, L4_6, 16), pkt, 'drop-bad-gso')


def t_icmp4_echo_as_tcp4():
    pkt = IP(src=Z1, dst=POOL4) / sICMP(type=8, id=78) / (b'y' * 600)
    return lie(vnet_hdr(GSO_TCPV4, 200, L4_4, 16), pkt, 'drop-bad-gso')


def t_udp4_as_tcp4():
    """UDP claiming TCPv4 GSO (the checksum offset is TCP's, as the
    kernel's own virtio-net header check wants for TCP)."""
    pkt = IP(src=Z1, dst=POOL4) / sUDP(sport=53, dport=4000) / (b'z' * 600)
    return lie(vnet_hdr(GSO_TCPV4, 200, L4_4, 16), pkt, 'drop-bad-gso')


def t_udp6_as_tcp6():
    pkt = IPv6(src=GUEST6, dst=topo.v6(Z1)) / sUDP(sport=4001, dport=53) / (b'z' * 600)
    return lie(vnet_hdr(GSO_TCPV6, 200, L4_6, 16), pkt, 'drop-bad-gso')


def t_csum_start_in_ip6_header():
    """UDP from the guest, no GSO, checksum offload claimed from inside the
    IPv6 header (csum_start at the source address): the translator moves
    the network header, and finishing that sum after it would start before
    the packet (a WARNING in skb_checksum_help()).  Dropped, drop-bad-gso."""
    pkt = IPv6(src=GUEST6, dst=topo.v6(Z1)) / sUDP(sport=4004, dport=53) / (b'c' * 300)
    return lie(vnet_hdr(GSO_NONE, 0, 14 + 8, 6), pkt, 'drop-bad-gso')


def t_csum_start_in_ip4_header():
    """The 4->6 mirror, to a live mapping: checksum offload claimed from
    the IPv4 source address.  Translated, the new IPv6 header would lie
    under that sum, which would then be written into its destination
    address.  Dropped, drop-bad-gso, and nothing leaves on the IPv6 side."""
    out = topo.out64(IPv6(src=H6A, dst=topo.v6(Z1)) / sUDP(sport=4005, dport=53) / b'map')
    if out is None or sUDP not in out:
        return ['the mapping: nothing came out on the IPv4 side']
    pkt = (IP(src=Z1, dst=out[IP].src) / sUDP(sport=53, dport=out[sUDP].sport) /
           (b'r' * 300))
    before = topo.stats()
    w6.drain()
    try:
        tap.write(vnet_hdr(GSO_NONE, 0, 14 + 12, 6), pkt)
    except OSError as e:
        return [f'the tap refused the frame: {e}']
    now = wait_counter(topo, before, 'drop-bad-gso')
    leaked = [p.summary() for p in w6.quiet() if IPv6 in p]
    return ([f'came out: {leaked[:2]}'] if leaked else []) + \
        delta(before, now, {'drop-bad-gso': 1})


def t_csum_offload_honest():
    """UDP from the guest with its checksum left to offload as a virtio
    guest leaves it (start at the UDP header, offset 6, no GSO): translated,
    the IPv4 side gets a right checksum."""
    pkt = IPv6(src=GUEST6, dst=topo.v6(Z1)) / sUDP(sport=4006, dport=53, chksum=0) / \
        (b'h' * 300)
    w4.drain()
    tap.write(vnet_hdr(GSO_NONE, 0, L4_6, 6), pkt)
    out = w4.recv(1, match=lambda p: sUDP in p and p[sUDP].dport == 53 and
                  bytes(p[sUDP].payload) == b'h' * 300)
    if not out:
        return ['nothing came out on the IPv4 side']
    return ip4_header_ok(out[0]) + checksum_ok(out[0])


def tcp_flow(sport=41000):
    """A TCP connection from the guest: its SYN (no GSO) goes out."""
    syn = IPv6(src=GUEST6, dst=topo.v6(Z1)) / sTCP(sport=sport, dport=80, flags='S', seq=999)
    w4.drain()
    tap.write(vnet_hdr(GSO_NONE, 0, 0, 0, flags=0), syn)
    out = w4.recv(1, match=lambda p: sTCP in p and p[sTCP].flags.S)
    return out[0] if out else None


def t_tcp_csum_start_wrong():
    """TCP with TCPv6 GSO whose checksum start is not the TCP header: the
    kernel's own segmenter finds it out; dropped as bad GSO."""
    if tcp_flow() is None:
        return ['SYN of the guest: nothing came out on the IPv4 side']
    pkt = (IPv6(src=GUEST6, dst=topo.v6(Z1)) /
           sTCP(sport=41000, dport=80, flags='A', seq=1000, ack=1) / (b'd' * 3000))
    return lie(vnet_hdr(GSO_TCPV6, 1000, L4_6 + 4, 16), pkt, 'drop-bad-gso')


def t_tcp_no_csum():
    """TCP with TCPv6 GSO but no checksum offload (CHECKSUM_NONE): no
    honest sender does that, and segmenting it would give its segments
    fresh, valid checksums over data nobody verified."""
    if tcp_flow() is None:
        return ['SYN of the guest: nothing came out on the IPv4 side']
    pkt = (IPv6(src=GUEST6, dst=topo.v6(Z1)) /
           sTCP(sport=41000, dport=80, flags='A', seq=1000, ack=1) / (b'n' * 3000))
    return lie(vnet_hdr(GSO_TCPV6, 1000, 0, 0, flags=0), pkt, 'drop-bad-gso')


def t_tcp_honest():
    """An honest guest: TCP, 3000 bytes, TCPv6 GSO of 1000, checksum left
    to offload.  Translated whole and cut by the IPv4 side's output: three
    segments, payload in order, every checksum right."""
    syn = tcp_flow()
    if syn is None:
        return ['SYN of the guest: nothing came out on the IPv4 side']
    t = syn[sTCP].sport
    data = bytes((i * 13) & 0xff for i in range(3000))
    pkt = (IPv6(src=GUEST6, dst=topo.v6(Z1)) /
           sTCP(sport=41000, dport=80, flags='A', seq=1000, ack=1) / data)
    before = topo.stats()
    w4.drain()
    tap.write(vnet_hdr(GSO_TCPV6, 1000, L4_6, 16), pkt)
    outs = w4.recv(3, match=lambda p: sTCP in p and p[sTCP].sport == t)
    probs = stream_ok(outs, 1000, data, lambda o: ip4_header_ok(o) + checksum_ok(o))
    return probs + delta(before, topo.stats(), {'xlat-6to4': 1})


def t_gso_size_0():
    """gso_size 0 with a GSO type never reaches the translator: the
    kernel's virtio-net header check refuses the frame."""
    pkt = IPv6(src=GUEST6, dst=topo.v6(Z1)) / sUDP(sport=4002, dport=53) / (b'z' * 600)
    try:
        tap.write(vnet_hdr(GSO_UDP, 0, L4_6, 6), pkt)
    except OSError as e:
        sys.stderr.write(f'  refused: {e}\n')
        return []
    return ['the tap took a GSO frame with gso_size 0']


def t_ufo():
    """UFO (VIRTIO_NET_HDR_GSO_UDP, which tun still takes from old guests):
    its segments would be IP fragments, which a stateful translator cannot
    place one by one; dropped as bad GSO, not translated into pieces."""
    pkt = IPv6(src=GUEST6, dst=topo.v6(Z1)) / sUDP(sport=4003, dport=53) / (b'u' * 3000)
    return lie(vnet_hdr(GSO_UDP, 1000, L4_6, 6), pkt, 'drop-bad-gso')


def t_hdr_len_beyond():
    """hdr_len past the frame's end: refused by tun before anything."""
    pkt = IPv6(src=GUEST6, dst=topo.v6(Z1)) / sUDP(sport=4003, dport=53) / (b'z' * 600)
    try:
        tap.write(vnet_hdr(GSO_TCPV6, 200, L4_6, 16, hdr_len=4000), pkt)
    except OSError as e:
        sys.stderr.write(f'  refused: {e}\n')
        return []
    return ['the tap took a frame with hdr_len beyond its end']


# --- IPv6 BIG TCP --------------------------------------------------------------

def t_big_tcp():
    """IPv6 BIG TCP: a TCP packet of more than 64 KiB with TCPv6 GSO, its
    length in a Hop-by-Hop jumbo option and payload length 0, as GRO or a
    local sender with gso_max_size above 64 KiB makes it (here a guest
    sends it).  Segmented and each segment translated: every byte leaves
    on the IPv4 side, in order, checksums right; nothing dropped."""
    syn = tcp_flow(41100)
    if syn is None:
        return ['SYN of the guest: nothing came out on the IPv4 side']
    t = syn[sTCP].sport
    data = bytes((i * 11) & 0xff for i in range(69000))
    before = topo.stats()
    w4.drain()
    try:
        tap.write(vnet_hdr(GSO_TCPV6, 1400, L4_6 + 8, 16), jumbogram(41100, data))
    except OSError as e:
        raise Unavailable(f'the tap refused a {len(data) + 68}-byte jumbogram: {e}') from None
    outs = w4.recv(50, match=lambda p: sTCP in p and p[sTCP].sport == t)
    outs += w4.recv(50, timeout=1, match=lambda p: sTCP in p and p[sTCP].sport == t)
    probs = stream_ok(outs, 1000, data, lambda o: ip4_header_ok(o) + checksum_ok(o))
    now = topo.stats()
    for k in ('drop-malformed-ipv6', 'drop-no-memory', 'drop-bad-gso'):
        if now[k] != before[k]:
            probs.append(f'counter {k} +{now[k] - before[k]}')
    return probs


def t_big_tcp_no_csum():
    """The same jumbogram without checksum offload: dropped as bad GSO."""
    if tcp_flow(41200) is None:
        return ['SYN of the guest: nothing came out on the IPv4 side']
    try:
        return lie(vnet_hdr(GSO_TCPV6, 1400, 0, 0, flags=0),
                   jumbogram(41200, bytes(69000)), 'drop-bad-gso')
    except OSError as e:
        raise Unavailable(f'the tap refused the jumbogram: {e}') from None


def jumbogram(sport, data):
    """An IPv6 TCP packet from the guest with @data, its length in a
    Hop-by-Hop jumbo option (RFC 2675), payload length 0."""
    tcp = bytearray(bytes(sTCP(sport=sport, dport=80, flags='A', seq=1000, ack=1,
                               chksum=0)) + data)
    # Checksum offload: the field holds the pseudo-header sum, as GRO and
    # the stack leave it (32-bit length: RFC 2675 4).
    words = sum(struct.unpack('!16H', socket.inet_pton(socket.AF_INET6, GUEST6) +
                              socket.inet_pton(socket.AF_INET6, topo.v6(Z1))))
    words += (len(tcp) >> 16) + (len(tcp) & 0xffff) + 6
    while words >> 16:
        words = (words & 0xffff) + (words >> 16)
    tcp[16:18] = struct.pack('!H', words)
    hbh = bytes([6, 0, 0xc2, 4]) + struct.pack('!I', 8 + len(tcp))
    ip6 = (struct.pack('!IHBB', 6 << 28, 0, 0, 64) +
           socket.inet_pton(socket.AF_INET6, GUEST6) +
           socket.inet_pton(socket.AF_INET6, topo.v6(Z1)))
    return ip6 + hbh + bytes(tcp)


try:
    tap = Tap()
except Exception as e:  # no tap, no guest tests: one line says why
    R.check('tap device for the guest', f'{type(e).__name__}: {e}')
if tap is not None:
    R.run('icmpv6 echo claiming TCPv6 GSO: dropped, drop-bad-gso', t_icmp6_echo_as_tcp6)
    R.run('icmp echo claiming TCPv4 GSO: dropped, drop-bad-gso', t_icmp4_echo_as_tcp4)
    R.run('udp claiming TCPv4 GSO: dropped, drop-bad-gso', t_udp4_as_tcp4)
    R.run('udp over IPv6 claiming TCPv6 GSO: dropped, drop-bad-gso', t_udp6_as_tcp6)
    R.run('tcp GSO with the checksum start off the TCP header: drop-bad-gso',
          t_tcp_csum_start_wrong)
    R.run('tcp GSO without checksum offload: drop-bad-gso', t_tcp_no_csum)
    R.run('honest guest TCPv6 GSO: translated, segments and checksums right', t_tcp_honest)
    R.run('checksum offload from inside the IPv6 header: drop-bad-gso',
          t_csum_start_in_ip6_header)
    R.run('checksum offload from inside the IPv4 header, live mapping: drop-bad-gso, '
          'nothing out', t_csum_start_in_ip4_header)
    R.run('honest guest UDP with checksum offload: translated, checksum right',
          t_csum_offload_honest)
    R.run('gso_size 0: refused by the kernel before the translator', t_gso_size_0)
    R.run('UFO from an old guest: drop-bad-gso', t_ufo)
    R.run('hdr_len beyond the frame: refused by the kernel', t_hdr_len_beyond)
    R.run('IPv6 BIG TCP (jumbo hop-by-hop, 69 KB): segmented, translated, all out',
          t_big_tcp)
    R.run('same without checksum offload: drop-bad-gso', t_big_tcp_no_csum)
topo.close()
R.finish()
