#!/bin/sh
# SPDX-License-Identifier: MIT
# Hostile and broken clients against a real carexd: request smuggling
# (two lengths), obsolete line folding, thousands of headers, a 200 KB
# path, NUL and double-encoded ids, unknown methods, garbage, a client
# that never reads its answers, 1,500 connections that never start TLS,
# and a TLS 1.2 renegotiation. Each gets the right status or is cut off,
# and well-behaved clients are served throughout.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"
HC="python3 $SRCDIR/tests/integration/hostile_client.py"

EXTRA_CONF="timeout = 3
request_timeout = 4
max_connections = 4096"
start_carexd
code=$(submit adrs-glasgow "$E/shared-care-agreement.xml"); expect "a document to ask for" "$code" 201
doc=$(cat "$OUT/id")

served() {	# served WHAT: a normal request answers 200 within 5 s
	code=$(req gp-43021 GET /v1/inbox --max-time 5)
	expect "served after $1" "$code" 200
}

# hostile CASE WANT...: the case's answer is one of WANT
hostile() {
	_c=$1; shift
	got=$($HC "$_c" "$PORT" "$P" 2>&1)
	for _w in "$@"; do
		[ "$got" = "$_w" ] && { ok; served "$_c"; return; }
	done
	fail "$_c: got '$got', expected one of: $*"
	served "$_c"
}

hostile cl-and-te "status 400"
hostile two-cl "status 400"
hostile folding "status 200" "status 400"
hostile many-headers "status 400" "status 431" "closed"
hostile long-path "status 400" "status 414" "closed"
hostile nul-in-id "status 404" "status 400"
hostile double-encoded "status 404" "status 400"
hostile bad-method "status 405" "status 501"
hostile garbage "status 400" "closed"
n=$(sqlite3 "$OUT/var/carex.db" "SELECT count(*) FROM documents")
[ "$n" = 1 ] && ok || fail "nothing smuggled into the store ($n documents)"

# -- a client that asks for PDFs and never reads them
$HC never-reads "$PORT" "$P" "$doc" 6 > "$OUT/nr.txt" 2>&1 &
nr=$!
sleep 1
for k in 1 2 3; do served "an unread PDF stream ($k)"; sleep 1; done
wait "$nr"
grep -q '^sent [1-9]' "$OUT/nr.txt" && ok || fail "the unread client sent requests: $(cat "$OUT/nr.txt")"

# -- 1,500 connections that never start TLS
$HC idle-tcp "$PORT" "$P" 1500 8 > "$OUT/idle.txt" 2>&1 &
it=$!
i=0; while ! grep -q '^open' "$OUT/idle.txt" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
grep -q '^open 1500$' "$OUT/idle.txt" && ok || fail "1,500 idle connections opened: $(cat "$OUT/idle.txt")"
served "1,500 idle connections"
wait "$it"
c=$(sed -n 's/^closed-by-server //p' "$OUT/idle.txt")
[ "${c:-0}" -ge 1400 ] && ok || fail "idle connections closed by the server within 8 s (${c:-none} of 1500)"
served "the idle connections"

# -- a TLS 1.2 client asking to renegotiate
( printf 'R\n'; sleep 2 ) | timeout 10 openssl s_client -tls1_2 -connect "127.0.0.1:$PORT" \
	-cert "$P/gp-43021.pem" -key "$P/gp-43021.key" -CAfile "$P/ca.pem" > "$OUT/reneg.txt" 2>&1
grep -q 'RENEGOTIATING' "$OUT/reneg.txt" && ok || fail "s_client tried to renegotiate"
grep -qi 'no renegotiation' "$OUT/reneg.txt" && ok || fail "renegotiation refused: $(tail -n 5 "$OUT/reneg.txt")"
served "a renegotiation attempt"

kill -0 "$PID" && ok || fail "carexd still running"
stop_carexd
[ "$RC" -eq 0 ] && ok || fail "carexd exits 0 ($RC)"
"$CAREX" audit verify "$OUT/var/carex.db" > "$OUT/a.txt" 2>&1 && ok || fail "audit chain: $(cat "$OUT/a.txt")"

finish
