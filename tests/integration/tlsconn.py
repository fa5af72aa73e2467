#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# tests/integration/tlsconn.py - hold TLS connections to carexd open across
# a reload or the CRL's expiry, and say what each one sees.
#
#   tlsconn.py HOST PORT CA CERT KEY STEP...
#
# Steps, run in order; each prints one line "NAME WHAT":
#   open N        connect N and handshake: "N open" or "N refused"
#   resume N M    connect N offering M's session: "N resumed",
#                 "N full" (a new session) or "N refused"
#   get N PATH    a whole keep-alive request: "N status CODE" or "N closed"
#   part N PATH   the first header lines of a request only: "N part"
#   rest N        the rest of it, then the answer: "N status CODE [close]"
#                 or "N closed"
#   closed N      whether the server closes N within 5 s: "N closed" or
#                 "N open"
#   wait FILE     until FILE exists (60 s at most): "wait FILE"
# Every socket has a 10 s timeout, so the script ends by itself.
import os
import socket
import ssl
import sys
import time

host, port, ca, cert, key = sys.argv[1:6]
steps = sys.argv[6:]
conns = {}


def context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(ca)
    ctx.load_cert_chain(cert, key)
    ctx.check_hostname = False
    return ctx


CTX = context()


def say(*words):
    print(" ".join(words), flush=True)


def connect(name, session=None):
    try:
        raw = socket.create_connection((host, int(port)), timeout=10)
    except OSError:
        return None
    try:
        s = CTX.wrap_socket(raw, server_hostname="localhost",
                            session=session)
        # TLS 1.3 refuses the client certificate after the handshake:
        # a read shows it (or times out harmlessly on a live connection).
        s.settimeout(0.3)
        try:
            if s.recv(1) == b"":
                raise ssl.SSLError("closed")
        except (socket.timeout, TimeoutError):
            pass
        s.settimeout(10)
    except (ssl.SSLError, OSError):
        raw.close()
        return None
    conns[name] = s
    return s


def answer(s):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            return None, False
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    code = lines[0].split()[1]
    length, close = 0, False
    for line in lines[1:]:
        k, _, v = line.partition(":")
        if k.strip().lower() == "content-length":
            length = int(v)
        if k.strip().lower() == "connection" and "close" in v.lower():
            close = True
    while len(body) < length:
        chunk = s.recv(65536)
        if not chunk:
            break
        body += chunk
    return code, close


def request_head(path):
    return ("GET %s HTTP/1.1\r\nHost: localhost\r\n" % path).encode()


i = 0
while i < len(steps):
    op = steps[i]
    if op == "open":
        n = steps[i + 1]
        i += 2
        say(n, "open" if connect(n) else "refused")
    elif op == "resume":
        n, m = steps[i + 1], steps[i + 2]
        i += 3
        s = connect(n, conns[m].session)
        say(n, "refused" if s is None else
            "resumed" if s.session_reused else "full")
    elif op in ("get", "part"):
        n, path = steps[i + 1], steps[i + 2]
        i += 3
        s = conns.get(n)
        try:
            if op == "part":
                s.sendall(request_head(path))
                say(n, "part")
                continue
            s.sendall(request_head(path) + b"\r\n")
            code, close = answer(s)
            say(n, "closed" if code is None else
                "status " + code + (" close" if close else ""))
        except (OSError, AttributeError):
            say(n, "closed")
    elif op == "rest":
        n = steps[i + 1]
        i += 2
        try:
            conns[n].sendall(b"\r\n")
            code, close = answer(conns[n])
            say(n, "closed" if code is None else
                "status " + code + (" close" if close else ""))
        except OSError:
            say(n, "closed")
    elif op == "closed":
        n = steps[i + 1]
        i += 2
        s = conns[n]
        s.settimeout(5)
        try:
            say(n, "closed" if s.recv(1) == b"" else "open")
        except (socket.timeout, TimeoutError):
            say(n, "open")
        except OSError:
            say(n, "closed")
    elif op == "wait":
        f = steps[i + 1]
        i += 2
        end = time.time() + 60
        while not os.path.exists(f) and time.time() < end:
            time.sleep(0.05)
        say("wait", f)
    else:
        sys.exit("tlsconn.py: unknown step " + op)
