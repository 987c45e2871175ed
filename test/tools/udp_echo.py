# SPDX-License-Identifier: GPL-2.0
"""A UDP echo server and client for the translation smoke test.

  udp_echo.py server PORT [nocheck]   echo every datagram back; nocheck sends
                                      the replies with UDP checksum 0
                                      (SO_NO_CHECK, IPv4 only)
  udp_echo.py client ADDR PORT SIZE   send SIZE random bytes, expect them back;
                                      prints `ok' or why not, exits 0 on `ok'
"""
import os
import socket
import sys

SO_NO_CHECK = 11


def server(port, nocheck):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if nocheck:
        s.setsockopt(socket.SOL_SOCKET, SO_NO_CHECK, 1)
    s.bind(('0.0.0.0', port))
    while True:
        data, peer = s.recvfrom(65535)
        s.sendto(data, peer)


def client(addr, port, size):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.settimeout(3)
    data = os.urandom(size)
    for _ in range(3):
        s.sendto(data, (addr, port))
        try:
            reply, _ = s.recvfrom(65535)
        except socket.timeout:
            continue
        if reply == data:
            print('ok')
            return 0
        print(f'reply differs: {len(reply)} bytes for {size}')
        return 1
    print('no reply')
    return 1


def main():
    if sys.argv[1] == 'server':
        server(int(sys.argv[2]), len(sys.argv) > 3 and sys.argv[3] == 'nocheck')
        return 0
    return client(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))


if __name__ == '__main__':
    sys.exit(main())
