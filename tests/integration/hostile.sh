#!/bin/sh
# SPDX-License-Identifier: MIT
# Hostile and broken clients against a real carexd: request smuggling
# (two lengths), obsolete line folding, thousands of headers, a 200 KB
# path, NUL and double-encoded ids, unknown methods, garbage, a client
# that never reads its answers, 3,000 connections that never start TLS,
# more idle sockets than max_connections, a server out of descriptors,
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
for _c in no-host two-hosts space-before-colon cl-space-colon cl-plus cl-list \
    cl-hex te-gzip-chunked te-identity te-twice; do
	hostile "$_c" "status 400"
done
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

# idle N SECONDS: N plain TCP connections that never start TLS, held
# SECONDS, in the background (output in OUT/idle.txt, pid in IT); returns
# once they are open.
idle() {
	$HC idle-tcp "$PORT" "$P" "$1" "$2" > "$OUT/idle.txt" 2>&1 &
	IT=$!
	i=0; while ! grep -q '^open' "$OUT/idle.txt" && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	if grep -q "^open $1\$" "$OUT/idle.txt"; then ok; else
		fail "$1 idle connections opened: $(cat "$OUT/idle.txt")"
		ss -ltn "sport = :$PORT"	# Recv-Q: the accept queue
		tail -n 5 "$OUT/carexd.log"
	fi
	echo "idle: $(tr '\n' ' ' < "$OUT/idle.txt")"
}

# -- 3,000 connections that never start TLS, within max_connections
idle 3000 8
served "3,000 idle connections"
wait "$IT"
c=$(sed -n 's/^closed-by-server //p' "$OUT/idle.txt")
[ "${c:-0}" -ge 2900 ] && ok || fail "idle connections closed by the server within 8 s (${c:-none} of 3000)"
served "the idle connections"
n=$(grep -c 'event=tls-refused' "$OUT/carexd.log")
[ "$n" -eq 0 ] && ok || fail "connections that never sent a ClientHello reported as refused handshakes ($n)"

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

# -- more idle sockets than max_connections: the oldest idle ones make
# room, so a participant still gets in
EXTRA_CONF="timeout = 30
request_timeout = 30
max_connections = 300"
start_carexd
idle 1000 6
served "1,000 idle connections over max_connections = 300"
n=$(metric carex_sockets)
[ "${n:-999}" -le 300 ] && ok || fail "open connections within the cap ($n)"
n=$(metric 'carex_connections_closed_total{why="evicted"}')
[ "${n:-0}" -ge 600 ] && ok || fail "the oldest idle connections evicted ($n)"
grep -q 'event=connection-cap max_connections=300' "$OUT/carexd.log" && ok || fail "the cap is logged"
wait "$IT"

# -- out of descriptors: accepting pauses instead of spinning, idle
# connections are shed, and a participant still gets in
if command -v prlimit > /dev/null; then
	prlimit --nofile=150:150 --pid "$PID"
	t0=$(date +%s)
	idle 400 6
	served "400 idle connections with 150 descriptors"
	served "400 idle connections with 150 descriptors, again"
	n=$(metric carex_accept_pauses_total)
	[ "${n:-0}" -ge 1 ] && ok || fail "accept paused when descriptors ran out ($n)"
	wait "$IT"
	# one line a second at most, however often accept fails
	secs=$(( $(date +%s) - t0 + 2 ))
	n=$(grep -c 'event=accept-paused' "$OUT/carexd.log")
	[ "$n" -ge 1 ] && [ "$n" -le "$secs" ] && ok || fail "accept-paused logged once a second at most ($n lines in $secs s)"
	kill -0 "$PID" && ok || fail "carexd still running out of descriptors"
else
	echo "SKIP: no prlimit: the descriptor-exhaustion case"
fi
stop_carexd
[ "$RC" -eq 0 ] && ok || fail "carexd exits 0 after the floods ($RC)"

finish
