# SPDX-License-Identifier: GPL-2.0
"""A UDP echo server and client for the translation smoke test.

  udp_echo.py server PORT [--bind ADDR] [--nocheck] [--whoami]
      echo every datagram back; --nocheck sends the replies with UDP
      checksum 0 (SO_NO_CHECK, IPv4 only); --whoami answers `ADDR:PORT'
      of the sender instead.  ADDR decides the family.
  udp_echo.py ask ADDR PORT --src ADDR --sport PORT
      one datagram from [ADDR]:PORT over IPv6; prints the reply
  udp_echo.py client ADDR PORT SIZE [--src ADDR]
      send SIZE random bytes over IPv6, expect them back; prints `ok' or
      why not, exits 0 on `ok'
"""
import argparse
import os
import socket
import sys

SO_NO_CHECK = 11


def server(args):
    family = socket.AF_INET6 if ':' in args.bind else socket.AF_INET
    s = socket.socket(family, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if args.nocheck:
        s.setsockopt(socket.SOL_SOCKET, SO_NO_CHECK, 1)
    s.bind((args.bind, args.port))
    while True:
        data, peer = s.recvfrom(65535)
        if args.whoami:
            data = f'{peer[0]}:{peer[1]}'.encode()
        s.sendto(data, peer)


def client(args):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    if args.src:
        s.bind((args.src, 0))
    s.settimeout(3)
    data = os.urandom(args.size)
    for _ in range(3):
        s.sendto(data, (args.addr, args.port))
        try:
            reply, _ = s.recvfrom(65535)
        except socket.timeout:
            continue
        if reply == data:
            print('ok')
            return 0
        print(f'reply differs: {len(reply)} bytes for {args.size}')
        return 1
    print('no reply')
    return 1


def ask(args):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.bind((args.src, args.sport))
    s.settimeout(3)
    for _ in range(3):
        s.sendto(b'?', (args.addr, args.port))
        try:
            reply, _ = s.recvfrom(65535)
        except socket.timeout:
            continue
        print(reply.decode())
        return 0
    print('no reply')
    return 1


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest='mode', required=True)
    sp = sub.add_parser('server')
    sp.add_argument('port', type=int)
    sp.add_argument('--bind', default='0.0.0.0')
    sp.add_argument('--nocheck', action='store_true')
    sp.add_argument('--whoami', action='store_true')
    cp = sub.add_parser('client')
    cp.add_argument('addr')
    cp.add_argument('port', type=int)
    cp.add_argument('size', type=int)
    cp.add_argument('--src')
    ap = sub.add_parser('ask')
    ap.add_argument('addr')
    ap.add_argument('port', type=int)
    ap.add_argument('--src', required=True)
    ap.add_argument('--sport', type=int, required=True)
    args = p.parse_args()
    if args.mode == 'ask':
        return ask(args)
    if args.mode == 'server':
        server(args)
        return 0
    return client(args)


if __name__ == '__main__':
    sys.exit(main())
