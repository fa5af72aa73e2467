#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# tests/integration/push_endpoint.py - a recipient's push endpoint for
# tests/integration/push.sh: HTTPS on 127.0.0.1 that REQUIRES a client
# certificate from the test's CA (so carexd's own certificate is checked),
# and answers each POST as DIR/mode says at that moment:
#   200   record it as delivered (DIR/delivered: one "ID CN" line each,
#         the body in DIR/ID.xml), answer 200
#   500   answer 500
#   hang  read the request, never answer
# Every request, whatever the mode, is a line "MODE ID ATTEMPT CN" in
# DIR/requests. DIR/ready appears once it listens.
#
#   push_endpoint.py PORT CERT KEY CA DIR
import http.server
import os
import ssl
import sys
import threading

port, cert, key, ca, out = sys.argv[1:6]
lock = threading.Lock()
forever = threading.Event()


def append(name, line):
    with lock, open(os.path.join(out, name), "a") as f:
        f.write(line + "\n")


def peer_cn(sock):
    for rdn in sock.getpeercert().get("subject", ()):
        for k, v in rdn:
            if k == "commonName":
                return v
    return "-"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        self.request.do_handshake()  # here, not in the accepting thread
        super().setup()

    def log_message(self, fmt, *args):
        pass

    def answer(self, code):
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        doc = self.headers.get("Carex-Document-Id", "-")
        attempt = self.headers.get("Carex-Attempt", "-")
        cn = peer_cn(self.request)
        try:
            with open(os.path.join(out, "mode")) as f:
                mode = f.read().strip()
        except OSError:
            mode = "200"
        append("requests", "%s %s %s %s" % (mode, doc, attempt, cn))
        if mode == "hang":
            forever.wait()
        elif mode == "200" and self.headers.get("Content-Type") == \
                "application/xml":
            with open(os.path.join(out, doc + ".xml"), "wb") as f:
                f.write(body)
            append("delivered", "%s %s" % (doc, cn))
            self.answer(200)
        else:
            self.answer(500)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def get_request(self):
        sock, addr = self.socket.accept()
        return ctx.wrap_socket(sock, server_side=True,
                               do_handshake_on_connect=False), addr


ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.minimum_version = ssl.TLSVersion.TLSv1_2
ctx.verify_mode = ssl.CERT_REQUIRED
ctx.load_verify_locations(ca)
ctx.load_cert_chain(cert, key)
server = Server(("127.0.0.1", int(port)), Handler)
open(os.path.join(out, "ready"), "w").close()
server.serve_forever()
