# SPDX-License-Identifier: MIT
"""Connections from many client addresses, for tests/integration/addresses.sh.

usage: addresses.py PORT PKI-DIR COUNT

COUNT connections, each from its own source address in 127.0.0.0/8
(127.1.0.1, 127.1.0.2, ...), each sending a ClientHello without a client
certificate (so carexd takes a slot for the address, then refuses the
handshake) and closing. Prints "done N" with the number that reached the
server."""

import concurrent.futures
import socket
import ssl
import sys


def one(port, pki, k):
    addr = f"127.{1 + k // 65025}.{1 + (k // 255) % 255}.{1 + k % 255}"
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(f"{pki}/ca.pem")
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    raw.settimeout(10)
    try:
        raw.bind((addr, 0))
        raw.connect(("127.0.0.1", port))
        s = ctx.wrap_socket(raw, server_hostname="localhost")
        try:
            # TLS 1.3: the refusal arrives with the first read.
            s.recv(1)
        finally:
            s.close()
    except (ssl.SSLError, OSError):
        pass
    finally:
        raw.close()
    return 1


def main():
    port, pki, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as ex:
        n = sum(ex.map(lambda k: one(port, pki, k), range(count)))
    print(f"done {n}")


main()
