#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""No way into the box through the translator (issue 11, item 1).

A translated packet is never delivered to the translator's own sockets:
not when its IPv4 destination is one of the box's addresses, not when the
network-specific prefix embeds 127.0.0.1, not when an IPv6 source is the
box's own address (dropped before it takes a BIB entry; refused on the
way back if it became the box's address after its entry was made).
Loopback, unspecified, link-local and multicast addresses are never
translated to or from, whatever the prefix, nor is an IPv4 packet from a
link whose source is a pool4 address.  Each case is a counted drop,
and the sockets the tests open in the translator's namespace show that
nothing reached them.  All of it holds in target mode too, where
iptables rules hand the instance its packets after conntrack.  See
xlat_topo.py for the three namespaces.
"""
import json
import os
import select
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import suite  # noqa: E402
from xlat_topo import (topology, netns, Results, delta, wait_counter, describe,  # noqa: E402
                       embed, sh, H6A, H6S, Z1, NAT, NAT4_ADDR, NAT6_ADDR, POOL4, UDP,
                       WKP, MAC_V6, QUIET, TOP)
from scapy.packet import Raw  # noqa: E402
from scapy.layers.inet import IP, UDP as sUDP, TCP as sTCP, ICMP as sICMP  # noqa: E402
from scapy.layers.inet6 import IPv6, ICMPv6DestUnreach  # noqa: E402

R = Results('no-way-in')
suite.start(R, 'veth')
topo = topology(R)
w4, w6 = topo.w4, topo.w6
NSP = '2001:db8:64::'
DATA = b'knock knock'


def listener(family, addr, port, kind=socket.SOCK_DGRAM):
    """A socket in the translator's namespace, bound to @addr:@port."""
    with netns(NAT):
        s = socket.socket(family, kind)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((addr, port))
        if kind == socket.SOCK_STREAM:
            s.listen(8)
        s.setblocking(False)
    return s


def reached(sock):
    """Problems if anything reached @sock (a datagram or a connection)."""
    ready, _, _ = select.select([sock], [], [], 0.3)
    if not ready:
        return []
    try:
        if sock.type == socket.SOCK_STREAM:
            return [f'a connection reached the box: {sock.accept()[1]}']
        return [f'delivered to the box: {sock.recvfrom(2048)[0]!r}']
    except BlockingIOError:
        return []


def unreach6(code):
    def m(p):
        return ICMPv6DestUnreach in p and p[ICMPv6DestUnreach].code == code
    return m


def unreach4(code):
    def m(p):
        return sICMP in p and p[sICMP].type == 3 and p[sICMP].code == code
    return m


def refused6(pkt, code, counter, sock=None):
    """@pkt from the IPv6 side: ICMPv6 Destination Unreachable @code back
    (None: no answer expected), nothing out as IPv4, @counter +1, and
    nothing at @sock."""
    before = topo.stats()
    if code is None:
        w6.drain()
        w4.drain()
        w6.send(pkt)
        back, out = None, []
        now = wait_counter(topo, before, counter)
        out = [p for p in w4.quiet() if IP in p]
    else:
        back, out = topo.bounce6(pkt, unreach6(code))
        now = wait_counter(topo, before, counter)
    probs = [f'translated: {describe(p)}' for p in out]
    if code is not None and back is None:
        probs.append(f'no ICMPv6 Destination Unreachable code {code} came back')
    if sock is not None:
        probs += reached(sock)
    return probs + delta(before, now, {counter: 1})


def t_own_ipv4_udp():
    """64:ff9b::<the box's IPv4 address> reaches no socket of the box, and
    makes no BIB entry or session: one would let a link's packet spoofed
    from the box's address through to the IPv6 host."""
    s = listener(socket.AF_INET, '0.0.0.0', 7777)
    try:
        pkt = (IPv6(src=H6A, dst=topo.v6(NAT4_ADDR)) /
               sUDP(sport=5000, dport=7777) / DATA)
        probs = refused6(pkt, 1, 'drop-to-host', s)
    finally:
        s.close()
    made = [b for b in topo.bib(proto=UDP, addr6=H6A) if b['port6'] == 5000]
    return probs + [f'a BIB entry was made: {b}' for b in made]


def t_own_ipv4_tcp():
    """A SYN to the box's own address is not answered by its listener."""
    s = listener(socket.AF_INET, '0.0.0.0', 7778, socket.SOCK_STREAM)
    try:
        pkt = (IPv6(src=H6A, dst=topo.v6(NAT4_ADDR)) /
               sTCP(sport=5001, dport=7778, flags='S', seq=1000))
        probs = refused6(pkt, 1, 'drop-to-host')
        synack = [describe(p) for p in w4.quiet() if sTCP in p]
        if synack:
            probs.append(f'the box answered: {synack}')
        return probs
    finally:
        s.close()


def t_own_ipv6_source():
    """A spoofed IPv6 source that is the box's own address is dropped
    before it takes a BIB entry and a pool4 port: no entry, nothing out."""
    pkt = IPv6(src=NAT6_ADDR, dst=topo.v6(Z1)) / sUDP(sport=5002, dport=53) / DATA
    probs = refused6(pkt, None, 'drop-special-address-ipv6')
    made = [b for b in topo.bib() if b['addr6'] == NAT6_ADDR]
    return probs + [f'a BIB entry was made: {b}' for b in made]


def t_own_ipv6_source_later():
    """An entry made before its IPv6 address became the box's own: what
    comes back from IPv4 for it is refused, not delivered to the box."""
    late = '2001:db8:6::77'
    s = listener(socket.AF_INET6, '::', 5012)
    try:
        out = topo.out64(IPv6(src=late, dst=topo.v6(Z1)) /
                         sUDP(sport=5012, dport=53) / DATA)
        if out is None or sUDP not in out:
            return ['the packet was not translated (set-up)']
        sh('ip', '-n', NAT, 'addr', 'add', late + '/128', 'dev', 'nat6', 'nodad')
        try:
            before = topo.stats()
            reply = udp_reply(out)
            back, leaked = topo.bounce4(reply, unreach4(13))
            now = wait_counter(topo, before, 'drop-to-host')
            probs = [f'translated: {describe(p)}' for p in leaked]
            if back is None:
                probs.append('no ICMPv4 Destination Unreachable code 13 came back')
            return probs + reached(s) + delta(before, now, {'drop-to-host': 1})
        finally:
            sh('ip', '-n', NAT, 'addr', 'del', late + '/128', 'dev', 'nat6')
    finally:
        s.close()


def t_special_dst(v4, sock_addr=None):
    """The IPv4 address embedded in the destination is never translated to."""
    s = listener(socket.AF_INET, sock_addr, 7779) if sock_addr else None
    try:
        pkt = (IPv6(src=H6A, dst=topo.v6(v4)) /
               sUDP(sport=5003, dport=7779) / DATA)
        return refused6(pkt, 3, 'drop-special-address-ipv4', s)
    finally:
        if s:
            s.close()


def t_special_src6(src, code):
    if src.startswith('fe80:'):
        # The answer goes back on the link: a neighbour to send it to.
        sh('ip', '-n', NAT, 'neigh', 'replace', src, 'lladdr', MAC_V6, 'dev',
           'nat6', 'nud', 'permanent')
    pkt = (IPv6(src=src, dst=topo.v6(Z1)) / sUDP(sport=5004, dport=53) / DATA)
    return refused6(pkt, code, 'drop-special-address-ipv6')


def t_special_src4(src):
    """From a special IPv4 source to a published server: not translated."""
    before = topo.stats()
    w6.drain()
    w4.drain()
    w4.send(IP(src=src, dst=POOL4) / sUDP(sport=5555, dport=5353) / DATA)
    now = wait_counter(topo, before, 'drop-special-address-ipv4')
    probs = [f'translated: {describe(p)}' for p in w6.quiet()
             if p.getlayer('IPv6') is not None]
    return probs + delta(before, now, {'drop-special-address-ipv4': 1})


def t_pool4_source_lo():
    """A pool4 address the host shares: what the host's own process sends
    from it, through lo, to a published server's (T,t) is the host's to
    deliver, not translated (it would pose as a hairpinned IPv6 host)."""
    sh('ip', '-n', NAT, 'addr', 'add', POOL4 + '/32', 'dev', 'lo')
    try:
        before = topo.stats()
        w6.drain()
        with netns(NAT):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((POOL4, 0))
            s.sendto(DATA, (POOL4, 5353))
            s.close()
        out = [describe(p) for p in w6.quiet() if p.getlayer('IPv6') is not None]
        now = topo.stats()
    finally:
        sh('ip', '-n', NAT, 'addr', 'del', POOL4 + '/32', 'dev', 'lo')
    return [f'translated: {o}' for o in out] + delta(before, now, {})


def snmp(path, key):
    """A counter of the translator's namespace's /proc/net/snmp or snmp6."""
    with netns(NAT):
        with open(path) as f:
            lines = f.read().splitlines()
    if path.endswith('snmp6'):
        return int(dict(line.split() for line in lines if line)[key])
    group, name = key.split('.')
    rows = [line.split()[1:] for line in lines if line.startswith(group + ':')]
    return int(dict(zip(rows[0], rows[1]))[name])


def t_no_error_to_self(pkt, wire, counter, snmp_path, snmp_key):
    """A packet spoofed from one of the box's own addresses that earns an
    ICMP error: the error is not sent to the box itself, where it would
    reach its sockets through lo, past the uplink's INPUT rules."""
    before, seen = topo.stats(), snmp(snmp_path, snmp_key)
    wire.drain()
    wire.send(pkt)
    now = wait_counter(topo, before, counter)
    wire.quiet()
    probs = delta(before, now, {counter: 1})
    got = snmp(snmp_path, snmp_key) - seen
    if got:
        probs.append(f'{snmp_key} of the box +{got}: the error reached it')
    return probs


def t_pool4_source():
    """Only the translator sends from a pool4 address: an IPv4 packet from
    a link with one as its source is spoofed, and does not reach the IPv6
    end of a hairpinned flow as if from the other."""
    out = topo.loop6(IPv6(src=H6A, dst=topo.v6(POOL4)) /
                     sUDP(sport=5020, dport=5353) / DATA,
                     lambda p: p.getlayer('IPv6') is not None and
                     p.getlayer('IPv6').dst == H6S)
    bib = [b for b in topo.bib(proto=UDP, addr6=H6A) if b['port6'] == 5020]
    if out is None or len(bib) != 1:
        return ['the hairpinned flow did not open (set-up)']
    before = topo.stats()
    w6.drain()
    w4.drain()
    w4.send(IP(src=bib[0]['addr4'], dst=POOL4) /
            sUDP(sport=bib[0]['port4'], dport=5353) / b'spoofed')
    now = wait_counter(topo, before, 'drop-special-address-ipv4')
    probs = [f'translated: {describe(p)}' for p in w6.quiet()
             if p.getlayer('IPv6') is not None]
    return probs + delta(before, now, {'drop-special-address-ipv4': 1})


def rx_frames(ifname):
    """Frames the translator's @ifname has received."""
    out = sh('ip', '-n', NAT, '-s', '-j', 'link', 'show', ifname).stdout
    return json.loads(out)[0]['stats64']['rx']['packets']


def t_not_for_host(wire, ifname, pkt, mac):
    """@pkt in a frame to the link-layer broadcast or multicast address
    @mac is not the translator's, as it is not a router's to forward:
    nothing translated, no counter moved.  The same packet to the
    translator's own MAC then passes, so the frame did arrive and was
    one to translate."""
    rx = rx_frames(ifname)
    before = topo.stats()
    w6.drain()
    w4.drain()
    wire.send(pkt, dst_mac=mac)
    other = w4 if wire is w6 else w6
    probs = [f'translated: {describe(p)}' for p in other.quiet()
             if p.getlayer('IPv6' if wire is w4 else 'IP') is not None]
    if rx_frames(ifname) == rx:
        probs.append(f'the frame did not reach {ifname} (set-up)')
    probs += delta(before, topo.stats(), {})
    wire.send(pkt)
    if not other.recv(1):
        probs.append('the same packet sent to the translator\'s MAC did not pass')
    return probs


def t_server_still_published():
    """The static entry still works from an ordinary source."""
    out = topo.out46(IP(src=Z1, dst=POOL4) / sUDP(sport=5555, dport=5353) / DATA)
    if out is None or out.getlayer('IPv6') is None:
        return ['nothing came out on the IPv6 side']
    ip6 = out.getlayer('IPv6')
    if ip6.dst != H6S or ip6.src != topo.v6(Z1) or bytes(out[Raw].load) != DATA:
        return [f'wrong translation: {describe(out)}']
    return []


def xfrm_block(*sel, direction='out'):
    """ip xfrm policy add|del ... action block in the translator."""
    sh('ip', '-n', NAT, 'xfrm', 'policy', 'add', *sel, 'dir', direction, 'action', 'block')
    return lambda: sh('ip', '-n', NAT, 'xfrm', 'policy', 'del', *sel, 'dir', direction)


NOT_OPENED = ['the flow did not open (set-up)']


def open_udp(sport):
    """H6A's UDP flow to Z1, opened: its first packet as translated, or None."""
    return topo.out64(IPv6(src=H6A, dst=topo.v6(Z1)) / sUDP(sport=sport, dport=53) / DATA)


def udp_reply(out):
    """Z1's answer to the flow whose translated packet is out."""
    return IP(src=Z1, dst=out[IP].src) / sUDP(sport=53, dport=out[sUDP].sport) / DATA


def through_policy(send, sel, counter, direction='out'):
    """A flow's packet passes, is stopped by an IPsec block policy (@counter),
    and passes again once the policy is gone: on the output side (out) the
    translated packet meets the same xfrm policy lookup as forwarded
    traffic, cached routes included; on the input side (fwd) the packet
    that came in meets the policy check of forwarding."""
    if send() is None:
        return ['the first packet did not pass (set-up)']
    unblock = xfrm_block(*sel, direction=direction)
    try:
        before = topo.stats()
        out = send()
        now = wait_counter(topo, before, counter)
        probs = [f'passed the block policy: {describe(out)}'] if out else []
        probs += delta(before, now, {counter: 1})
    finally:
        unblock()
    if send() is None:
        probs.append('the flow did not resume once the policy was gone')
    return probs


def t_xfrm6():
    out = open_udp(5010)
    if out is None:
        return NOT_OPENED
    reply = udp_reply(out)
    return through_policy(lambda: topo.out46(reply, timeout=QUIET),
                          ('src', '::/0', 'dst', H6A + '/128', 'proto', 'udp'),
                          'drop-no-route-ipv6')


def t_xfrm4():
    pkt = IPv6(src=H6A, dst=topo.v6(Z1)) / sUDP(sport=5011, dport=53) / DATA
    return through_policy(lambda: topo.out64(pkt, timeout=QUIET),
                          ('src', '0.0.0.0/0', 'dst', Z1 + '/32', 'proto', 'udp'),
                          'drop-no-route-ipv4')


def t_xfrm_fwd6():
    pkt = IPv6(src=H6A, dst=topo.v6(Z1)) / sUDP(sport=5040, dport=53) / DATA
    return through_policy(lambda: topo.out64(pkt, timeout=QUIET),
                          ('src', H6A + '/128', 'dst', '::/0', 'proto', 'udp'),
                          'drop-ipsec-policy', 'fwd')


def t_xfrm_fwd4():
    out = open_udp(5041)
    if out is None:
        return NOT_OPENED
    reply = udp_reply(out)
    return through_policy(lambda: topo.out46(reply, timeout=QUIET),
                          ('src', Z1 + '/32', 'dst', '0.0.0.0/0', 'proto', 'udp'),
                          'drop-ipsec-policy', 'fwd')


def t_xfrm_fwd4_error():
    """An ICMPv4 error about a flow meets the forwarding policy too."""
    out = open_udp(5042)
    if out is None:
        return NOT_OPENED
    err = (IP(src=Z1, dst=out[IP].src) / sICMP(type=3, code=3) /
           bytes(out[IP])[:28])
    return through_policy(lambda: topo.out46(err, timeout=QUIET),
                          ('src', Z1 + '/32', 'dst', '0.0.0.0/0', 'proto', 'icmp'),
                          'drop-ipsec-policy', 'fwd')


def target_rules():
    """Target mode: catch-all mangle PREROUTING rules hand the instance
    every packet, so what it claims is decided by the translator alone,
    and each check below holds for it as for the hooks."""
    os.environ['XTABLES_LIBDIR'] = ':'.join(
        [os.path.join(TOP, 'usr', 'xtables'),
         os.environ.get('XTABLES_LIBDIR', '/usr/lib/x86_64-linux-gnu/xtables')])
    for tool in ('iptables', 'ip6tables'):
        sh('ip', 'netns', 'exec', NAT, tool, '-t', 'mangle', '-A', 'PREROUTING',
           '-j', 'NAT64')


def run(prefix, mode=''):
    tag = ('WKP' if prefix == WKP else 'NSP') + mode
    R.run(f'{tag}: UDP to the box\'s own IPv4 address refused, not delivered',
          t_own_ipv4_udp)
    R.run(f'{tag}: TCP SYN to the box\'s own IPv4 address not answered',
          t_own_ipv4_tcp)
    R.run(f'{tag}: a spoofed source that is the box\'s IPv6 address takes no entry',
          t_own_ipv6_source)
    R.run(f'{tag}: replies for an address that became the box\'s own refused',
          t_own_ipv6_source_later)
    R.run(f'{tag}: prefix + 127.0.0.1 reaches no loopback socket', t_special_dst,
          '127.0.0.1', '127.0.0.1')
    for v4 in ('0.0.0.0', '0.1.2.3', '169.254.1.1', '224.0.0.1', '239.1.2.3',
               '240.0.0.1', '255.255.255.255'):
        R.run(f'{tag}: prefix + {v4} never translated to', t_special_dst, v4)
    for src, code in (('::', None), ('::ffff:198.51.100.10', None),
                      (embed(prefix, 96, '198.51.100.10'), None),
                      ('fe80::1234', 2)):
        answer = 'silently' if code is None else f'Destination Unreachable code {code}'
        R.run(f'{tag}: IPv6 source {src} never translated from ({answer})',
              t_special_src6, src, code)
    topo.bib_add(UDP, H6S, 53, POOL4, 5353)
    for src in ('127.0.0.1', '0.0.0.0', '0.0.0.7', '169.254.9.9', '224.0.0.5',
                '240.0.0.1', '255.255.255.255'):
        R.run(f'{tag}: IPv4 source {src} never translated from', t_special_src4, src)
    R.run(f'{tag}: the box\'s own IPv4 address as a source from a link opens nothing',
          t_special_src4, NAT4_ADDR)
    R.run(f'{tag}: a pool4 source from a link is spoofed, not hairpinned',
          t_pool4_source)
    R.run(f'{tag}: a pool4 source the host shares, through lo, is the host\'s',
          t_pool4_source_lo)
    R.run(f'{tag}: from the box\'s own IPv6 address to prefix + 127.0.0.1: no error to itself',
          t_no_error_to_self,
          IPv6(src=NAT6_ADDR, dst=topo.v6('127.0.0.1')) / sUDP(sport=5030, dport=7) / DATA,
          w6, 'drop-special-address-ipv4', '/proc/net/snmp6', 'Icmp6InDestUnreachs')
    R.run(f'{tag}: SCTP from the box\'s own IPv4 address: no error to itself',
          t_no_error_to_self,
          IP(src=NAT4_ADDR, dst=POOL4, proto=132) / Raw(b'\0' * 16),
          w4, 'drop-unsupported-protocol-ipv4', '/proc/net/snmp', 'Icmp.InDestUnreachs')
    R.run(f'{tag}: a new flow in a link-layer multicast frame is not translated',
          t_not_for_host, w6, 'nat6',
          IPv6(src=H6A, dst=topo.v6(Z1)) / sUDP(sport=5021, dport=53) / DATA,
          '33:33:00:00:00:01')
    R.run(f'{tag}: a packet in a link-layer broadcast frame is not translated',
          t_not_for_host, w4, 'nat4',
          IP(src=Z1, dst=POOL4) / sUDP(sport=5555, dport=5353) / DATA,
          'ff:ff:ff:ff:ff:ff')
    R.run(f'{tag}: the published server still answers ordinary sources',
          t_server_still_published)
    R.run(f'{tag}: translated IPv6 output meets IPsec policy', t_xfrm6)
    R.run(f'{tag}: translated IPv4 output meets IPsec policy', t_xfrm4)
    R.run(f'{tag}: IPv6 input meets the IPsec policy for forwarding', t_xfrm_fwd6)
    R.run(f'{tag}: IPv4 input meets the IPsec policy for forwarding', t_xfrm_fwd4)
    R.run(f'{tag}: an ICMPv4 error meets the IPsec policy for forwarding',
          t_xfrm_fwd4_error)


run(WKP)
topo.instance(NSP + '/96')
run(NSP)
topo.instance(WKP + '/96', mode='target')
target_rules()
run(WKP, ' target mode')
topo.close()
R.finish()
