#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""nfq_accept.py QUEUE COUNTFILE: a userspace NFQUEUE handler that accepts
every packet of queue QUEUE, so that each one goes back into the kernel
through nf_reinject(), which runs the later hooks in process context.
Prints "ready" once bound; writes how many packets it accepted to
COUNTFILE after each.  Runs until killed.  Raw netlink (NETLINK_NETFILTER),
as Debian has no Python binding for libnetfilter_queue.
"""
import socket
import struct
import sys

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS = 1, 2
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NFQA_PACKET_HDR = 1
NFQA_VERDICT_HDR = 2
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
NF_ACCEPT = 1


def attr(kind, payload):
    a = struct.pack('=HH', 4 + len(payload), kind) + payload
    return a + b'\0' * (-len(a) % 4)


def message(msg, queue, attrs, flags=NLM_F_REQUEST, seq=0):
    body = struct.pack('=BBH', socket.AF_UNSPEC, 0, socket.htons(queue)) + attrs
    return struct.pack('=IHHII', 16 + len(body), NFNL_SUBSYS_QUEUE << 8 | msg,
                       flags, seq, 0) + body


def attrs_of(data):
    out, off = {}, 0
    while off + 4 <= len(data):
        n, kind = struct.unpack_from('=HH', data, off)
        if n < 4:
            break
        out[kind & 0x3fff] = data[off + 4:off + n]
        off += (n + 3) & ~3
    return out


def expect_ack(s):
    data = s.recv(65536)
    n, kind = struct.unpack_from('=IH', data)
    if kind == NLMSG_ERROR:
        err = struct.unpack_from('=i', data, 16)[0]
        if err:
            sys.exit(f'nfq_accept: config refused: errno {-err}')


def main():
    queue, countfile = int(sys.argv[1]), sys.argv[2]
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    s.bind((0, 0))
    s.send(message(NFQNL_MSG_CONFIG, queue,
                   attr(NFQA_CFG_CMD, struct.pack('=BxH', NFQNL_CFG_CMD_BIND, 0)),
                   NLM_F_REQUEST | NLM_F_ACK, 1))
    expect_ack(s)
    s.send(message(NFQNL_MSG_CONFIG, queue,
                   attr(NFQA_CFG_PARAMS, struct.pack('>IB', 0, NFQNL_COPY_META)),
                   NLM_F_REQUEST | NLM_F_ACK, 2))
    expect_ack(s)
    print('ready', flush=True)
    accepted = 0
    while True:
        data = s.recv(65536)
        off = 0
        while off + 16 <= len(data):
            n, kind = struct.unpack_from('=IH', data, off)
            if kind == NFNL_SUBSYS_QUEUE << 8 | NFQNL_MSG_PACKET:
                hdr = attrs_of(data[off + 20:off + n]).get(NFQA_PACKET_HDR)
                if hdr:
                    pid = struct.unpack_from('>I', hdr)[0]
                    s.send(message(NFQNL_MSG_VERDICT, queue,
                                   attr(NFQA_VERDICT_HDR,
                                        struct.pack('>II', NF_ACCEPT, pid))))
                    accepted += 1
                    with open(countfile, 'w') as f:
                        f.write(f'{accepted}\n')
            off += (n + 3) & ~3
            if n == 0:
                break


if __name__ == '__main__':
    main()
