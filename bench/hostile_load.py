#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The carexd side of bench/hostile (and of tests/integration/costly.sh's
fairness check): what each costly document costs a running carexd, and
how another participant's inbox fares while two participants keep the
workers busy with them. Prints measurements; judges nothing.

usage: hostile_load.py cost PORT PKI PID REPEATS FILE...
       hostile_load.py fair PORT PKI SECS DOC [PARALLEL]

cost: each FILE POSTed REPEATS times on one kept-alive connection as
  adrs-glasgow (an ordinary document gets a fresh message id each time);
  per FILE the answer's status, the median, min and max wall milliseconds
  and carexd's CPU per request (the sum of its threads' run time from
  /proc/PID/task/*/schedstat, so the whole server, at ns resolution).
fair: gp-43021 GETs /v1/inbox every 50 ms for SECS seconds, first alone,
  then while adrs-glasgow and ph-1187 each POST DOC on PARALLEL (12)
  connections back to back; per phase the GETs' p50, p99 and max
  milliseconds, how many were not 200, and the senders' requests by
  status. The last line is "fair: N gets, N not 200, max MS".
"""
import glob
import http.client
import os
import re
import ssl
import statistics
import sys
import threading
import time


def ctx(pki, who):
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    c.load_verify_locations(os.path.join(pki, "ca.pem"))
    c.load_cert_chain(os.path.join(pki, who + ".pem"), os.path.join(pki, who + ".key"))
    c.check_hostname = False
    return c


def conn(port, pki, who, timeout=60):
    return http.client.HTTPSConnection("127.0.0.1", port, context=ctx(pki, who), timeout=timeout)


def request(c, method, path, body=None):
    hdr = {"Content-Type": "application/xml"} if body is not None else {}
    c.request(method, path, body=body, headers=hdr)
    r = c.getresponse()
    r.read()
    return r.status, r.getheader("Connection", "")


def server_ns(pid):
    total = 0
    for f in glob.glob("/proc/%d/task/*/schedstat" % pid):
        try:
            with open(f) as fh:
                total += int(fh.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return total


def cost(port, pki, pid, repeats, files):
    print("# %-22s %6s %9s %9s %9s %9s %12s" % ("document", "status", "wall_med",
          "wall_min", "wall_max", "cpu_ms", "bytes"))
    n = 0
    for f in files:
        with open(f, "rb") as fh:
            doc = fh.read()
        c = conn(port, pki, "adrs-glasgow")
        walls, statuses = [], set()
        cpu0 = server_ns(pid)
        for _ in range(repeats):
            n += 1
            body = re.sub(rb"<message-id>[^<]*</message-id>",
                          b"<message-id>bench-hostile-%d-%d</message-id>" % (os.getpid(), n),
                          doc, count=1) if len(doc) < 100000 else doc
            t0 = time.monotonic()
            try:
                st, close = request(c, "POST", "/v1/documents", body)
            except (OSError, http.client.HTTPException):
                st, close = 0, "close"
            walls.append((time.monotonic() - t0) * 1e3)
            statuses.add(st)
            if close.lower() == "close" or st == 0:
                c.close()
                c = conn(port, pki, "adrs-glasgow")
        cpu = (server_ns(pid) - cpu0) / 1e6 / repeats
        c.close()
        print("%-24s %6s %9.2f %9.2f %9.2f %9.2f %12d" % (
            os.path.basename(f), "/".join(str(s) for s in sorted(statuses)),
            statistics.median(walls), min(walls), max(walls), cpu, len(doc)))


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))] if v else 0.0


def gets(port, pki, secs, out):
    c = conn(port, pki, "gp-43021", timeout=30)
    end = time.monotonic() + secs
    while time.monotonic() < end:
        t0 = time.monotonic()
        try:
            st, close = request(c, "GET", "/v1/inbox?limit=10")
        except (OSError, http.client.HTTPException):
            st, close = 0, "close"
        out.append(((time.monotonic() - t0) * 1e3, st))
        if close.lower() == "close" or st == 0:
            c.close()
            c = conn(port, pki, "gp-43021", timeout=30)
        time.sleep(0.05)
    c.close()


def sender(port, pki, who, doc, stop, counts, lock):
    c = None
    while not stop.is_set():
        try:
            if c is None:
                c = conn(port, pki, who)
            st, close = request(c, "POST", "/v1/documents", doc)
            if close.lower() == "close":
                c.close()
                c = None
        except (OSError, http.client.HTTPException):
            st = 0
            if c is not None:
                c.close()
            c = None
        with lock:
            counts[st] = counts.get(st, 0) + 1
    if c is not None:
        c.close()


def report(name, res):
    ms = [m for m, _ in res]
    bad = sum(1 for _, s in res if s != 200)
    print("%-28s gets %4d  p50 %8.2f  p99 %8.2f  max %8.2f ms  not-200 %d" % (
        name, len(res), pct(ms, 50), pct(ms, 99), max(ms) if ms else 0, bad))
    return bad, max(ms) if ms else 0


def fair(port, pki, secs, docfile, parallel):
    with open(docfile, "rb") as fh:
        doc = fh.read()
    alone = []
    gets(port, pki, secs, alone)
    report("inbox GET alone", alone)
    stop, lock, counts, threads = threading.Event(), threading.Lock(), {}, []
    for who in ("adrs-glasgow", "ph-1187"):
        for _ in range(parallel):
            t = threading.Thread(target=sender, args=(port, pki, who, doc, stop, counts, lock))
            t.start()
            threads.append(t)
    time.sleep(1)      # the senders' connections up and the queue full
    busy = []
    gets(port, pki, secs, busy)
    stop.set()
    for t in threads:
        t.join()
    bad, worst = report("inbox GET, workers busy", busy)
    print("senders (2 x %d connections, %s, %d bytes): %s" % (
        parallel, os.path.basename(docfile), len(doc),
        ", ".join("%s: %d" % (k, v) for k, v in sorted(counts.items()))))
    print("fair: %d gets, %d not 200, max %.1f" % (len(busy), bad, worst))


def main():
    a = sys.argv
    if len(a) >= 6 and a[1] == "cost":
        cost(int(a[2]), a[3], int(a[4]), int(a[5]), a[6:])
    elif len(a) >= 6 and a[1] == "fair":
        fair(int(a[2]), a[3], float(a[4]), a[5], int(a[6]) if len(a) > 6 else 12)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
