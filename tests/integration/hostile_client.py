# SPDX-License-Identifier: MIT
"""Hostile HTTP over mutual TLS, for tests/integration/hostile.sh.

usage: hostile_client.py CASE PORT PKI-DIR

Each case sends what a hostile or broken client sends and prints one line
saying what came back: "status NNN", "closed" (the server closed without
an answer) or "timeout". Raw sockets, so that nothing between the test and
carexd tidies the request up."""

import resource
import socket
import ssl
import sys
import time


def connect(port, pki, who="gp-43021"):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(f"{pki}/ca.pem")
    ctx.load_cert_chain(f"{pki}/{who}.pem", f"{pki}/{who}.key")
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    return ctx.wrap_socket(raw, server_hostname="localhost")


def answer(s):
    """The status line of the first answer, or closed/timeout."""
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                return "closed"
            data += chunk
    except socket.timeout:
        return "timeout"
    except (ssl.SSLError, ConnectionError):
        return "closed"
    parts = data.split(b"\r\n", 1)[0].split()
    return f"status {parts[1].decode()}" if len(parts) > 1 else "closed"


def send(port, pki, raw_request):
    s = connect(port, pki)
    try:
        s.sendall(raw_request)
        return answer(s)
    except (ssl.SSLError, ConnectionError):
        return "closed"
    finally:
        s.close()


def case(name, port, pki):
    host = b"Host: localhost\r\n"
    if name == "cl-and-te":
        # Content-Length and Transfer-Encoding both: a smuggling attempt.
        return send(port, pki, b"POST /v1/documents HTTP/1.1\r\n" + host +
                    b"Content-Type: application/xml\r\nContent-Length: 4\r\n"
                    b"Transfer-Encoding: chunked\r\n\r\n"
                    b"0\r\n\r\nGET /v1/inbox HTTP/1.1\r\n" + host + b"\r\n")
    if name == "two-cl":
        return send(port, pki, b"POST /v1/documents HTTP/1.1\r\n" + host +
                    b"Content-Type: application/xml\r\nContent-Length: 5\r\n"
                    b"Content-Length: 50\r\n\r\n<a/>x")
    # Framing libevent 2.1 is lenient about and a proxy may read another
    # way: each must be a 400 (and the connection closed).
    post = b"POST /v1/documents HTTP/1.1\r\n"
    ctype = b"Content-Type: application/xml\r\n"
    framing = {
        "no-host": b"GET /v1/inbox HTTP/1.1\r\n\r\n",
        "two-hosts": b"GET /v1/inbox HTTP/1.1\r\n" + host + host + b"\r\n",
        "space-before-colon": b"GET /v1/inbox HTTP/1.1\r\nHost : localhost"
                              b"\r\n" + host + b"\r\n",
        "cl-space-colon": post + host + ctype + b"Content-Length : 4\r\n\r\n"
                          b"<a/>",
        "cl-plus": post + host + ctype + b"Content-Length: +4\r\n\r\n<a/>"
                   b"GET /v1/inbox HTTP/1.1\r\n" + host + b"\r\n",
        "cl-list": post + host + ctype + b"Content-Length: 4, 4\r\n\r\n<a/>",
        "cl-hex": post + host + ctype + b"Content-Length: 0x4\r\n\r\n<a/>",
        "te-gzip-chunked": post + host + ctype +
                           b"Transfer-Encoding: gzip, chunked\r\n"
                           b"Content-Length: 4\r\n\r\n<a/>",
        "te-identity": post + host + ctype + b"Transfer-Encoding: identity\r\n"
                       b"\r\n",
        "te-twice": post + host + ctype + b"Transfer-Encoding: chunked\r\n"
                    b"Transfer-Encoding: chunked\r\n\r\n4\r\n<a/>\r\n0\r\n\r\n",
    }
    if name in framing:
        return send(port, pki, framing[name])
    if name == "folding":
        # obsolete line folding of a header
        return send(port, pki, b"GET /v1/inbox HTTP/1.1\r\n" + host +
                    b"X-Folded: one\r\n two\r\n\r\n")
    if name == "many-headers":
        hdrs = b"".join(b"X-H%d: v\r\n" % i for i in range(5000))
        return send(port, pki, b"GET /v1/inbox HTTP/1.1\r\n" + host + hdrs +
                    b"\r\n")
    if name == "long-path":
        return send(port, pki, b"GET /v1/documents/" + b"A" * 200000 +
                    b" HTTP/1.1\r\n" + host + b"\r\n")
    if name == "nul-in-id":
        return send(port, pki, b"GET /v1/documents/%00%2e%2e HTTP/1.1\r\n" +
                    host + b"\r\n")
    if name == "double-encoded":
        return send(port, pki, b"GET /v1/documents/%252e%252e%252fetc%252f"
                    b"passwd HTTP/1.1\r\n" + host + b"\r\n")
    if name == "bad-method":
        return send(port, pki, b"DELETE /v1/inbox HTTP/1.1\r\n" + host +
                    b"\r\n")
    if name == "http10-no-host":
        return send(port, pki, b"GET /v1/inbox HTTP/1.0\r\n\r\n")
    if name == "garbage":
        return send(port, pki, b"\x16\x03\x01 this is not http\r\n\r\n")
    if name == "never-reads":
        # Ask for a PDF again and again and read none of the answers.
        s = connect(port, pki)
        req = (b"GET /v1/documents/" + sys.argv[4].encode() +
               b" HTTP/1.1\r\n" + host + b"Accept: application/pdf\r\n\r\n")
        s.setblocking(False)
        sent, t0 = 0, time.time()
        while time.time() - t0 < 4:
            try:
                s.send(req)
                sent += 1
            except (BlockingIOError, ssl.SSLWantWriteError,
                    ssl.SSLWantReadError):
                time.sleep(0.05)
            except (ssl.SSLError, ConnectionError):
                break
        # hold the connection, unread, until the test is done with it
        time.sleep(float(sys.argv[5]) if len(sys.argv) > 5 else 5)
        s.close()
        return f"sent {sent}"
    if name == "idle-tcp":
        # many plain TCP connections that never start TLS; "slow" counts
        # the connects that waited for a SYN to be sent again (a second
        # or more), which happens when carexd's accept queue overflows
        n = int(sys.argv[4])
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        socks = []
        slow = 0
        for _ in range(n):
            t = time.monotonic()
            try:
                socks.append(socket.create_connection(("127.0.0.1", port),
                                                      timeout=15))
            except OSError as e:
                print(f"connect failed: {e}", flush=True)
                break
            if time.monotonic() - t >= 0.9:
                slow += 1
        print(f"slow {slow}", flush=True)
        print(f"open {len(socks)}", flush=True)
        time.sleep(float(sys.argv[5]))
        closed = 0
        for s in socks:
            s.setblocking(False)
            try:
                if s.recv(1) == b"":
                    closed += 1
            except BlockingIOError:
                pass
            except OSError:
                closed += 1
        return f"closed-by-server {closed}"
    raise SystemExit(f"unknown case {name}")


if __name__ == "__main__":
    print(case(sys.argv[1], int(sys.argv[2]), sys.argv[3]), flush=True)
