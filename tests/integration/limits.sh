#!/bin/sh
# SPDX-License-Identifier: MIT
# Limits against a real carexd: 503 with Retry-After when the worker
# pool is full, connections per client, idle connections closed, clients
# that drip headers or a body a byte a second cut off by request_timeout
# while others are served, and SIGTERM during an upload: the upload
# finishes and is stored, idle connections are closed, carexd exits 0.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"

TLS="-quiet -connect 127.0.0.1:PORT -CAfile $P/ca.pem -cert $P/gp-43021.pem -key $P/gp-43021.key"
# s_client ARGS...: openssl s_client as gp-43021 to carexd.
s_client() { openssl s_client $(echo "$TLS" | sed "s/PORT/$PORT/") "$@"; }

# drip TEXT: TEXT a byte a second ('|' for CRLF), as a slow client sends.
drip() {
	_s=$1
	while [ -n "$_s" ]; do
		_c=${_s%"${_s#?}"}; _s=${_s#?}
		if [ "$_c" = "|" ]; then printf '\r\n'; else printf '%s' "$_c"; fi || exit 0
		sleep 1
	done
}

# gone PID SECONDS: wait for a process to end; 0 if it did in time.
gone() {
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt $(($2 * 10)) ]; do sleep 0.1; _i=$((_i + 1)); done
	! kill -0 "$1" 2>/dev/null
}


# An open fifo: s_client reading it stays connected and idle.
mkfifo "$OUT/hold"
exec 7<>"$OUT/hold"

EXTRA_CONF="workers = 1
queue = 1
timeout = 3
request_timeout = 4
max_per_client = 5"
start_carexd

# -- a full pool: 503 with Retry-After, never anything worse
seen=; round=0
while [ -z "$seen" ] && [ $round -lt 10 ]; do
	# a refused certificate meanwhile: its audit record must not be lost
	curl -s -o /dev/null --max-time 10 --cacert "$P/ca.pem" --cert "$P/revoked.pem" \
		--key "$P/revoked.key" "https://localhost:$PORT/v1/inbox" &
	curl -sS -Z --parallel-immediate --parallel-max 4 --max-time 30 \
		--cacert "$P/ca.pem" --cert "$P/ijb-glasgow.pem" --key "$P/ijb-glasgow.key" \
		-H 'Content-Type: application/xml' --data-binary "@$E/ijb-direction.xml" \
		-w '%{http_code} %header{retry-after}\n' \
		-o /dev/null -o /dev/null -o /dev/null -o /dev/null \
		"https://localhost:$PORT/v1/render" "https://localhost:$PORT/v1/render" \
		"https://localhost:$PORT/v1/render" "https://localhost:$PORT/v1/render" \
		>> "$OUT/par.txt" 2> "$OUT/par.err"
	wait $!
	grep -q '^503' "$OUT/par.txt" && seen=1
	round=$((round + 1))
done
[ -n "$seen" ] && ok || fail "four renders at once on one worker with a queue of one: no 503 in $round rounds: $(sort "$OUT/par.txt" | uniq -c)"
grep -q '^503 [0-9][0-9]*$' "$OUT/par.txt" && ok || fail "503 carries Retry-After: $(grep '^503' "$OUT/par.txt" | head -n 2)"
grep -q '^200 ' "$OUT/par.txt" && ok || fail "renders still answered: $(sort "$OUT/par.txt" | uniq -c)"
bad=$(grep -v '^200 \|^503 ' "$OUT/par.txt" | head -n 3)
[ -z "$bad" ] && ok || fail "only 200 or 503 under a full pool: $bad"
b=$(metric carex_busy_total)
[ "${b:-0}" -ge 1 ] && ok || fail "metrics count the 503s (${b:-none})"

# -- five connections per client (the burst above used them all: four
# renders and a refused handshake): a sixth is refused until one closes
for k in 1 2 3 4 5; do
	s_client < "$OUT/hold" > "$OUT/idle$k.txt" 2>&1 &
	eval "idle$k=\$!"
done
i=0; while [ "$(metric carex_connections)" != 5 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(metric carex_connections)" = 5 ] && ok || fail "five idle connections open ($(metric carex_connections))"
code=$(req gp-43021 GET /v1/inbox)
[ "$code" = 000 ] && ok || fail "a sixth connection from the same address refused (got $code)"
grep -q "event=tls-refused reason=connection-limit" "$OUT/carexd.log" && ok || fail "log names the limit"
# -- idle connections are closed after timeout (3 s) ...
all=1
for k in 1 2 3 4 5; do eval "gone \$idle$k 10" || all=; done
[ -n "$all" ] && ok || fail "idle connections closed by the server"
# ... and their places are free again
code=$(req gp-43021 GET /v1/inbox); expect "served once the idle ones are gone" "$code" 200

# -- slow clients: headers, then a body, a byte a second
drip "GET /v1/inbox HTTP/1.1|Host: localhost|X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa||" 2>/dev/null |
	s_client > "$OUT/drip1.txt" 2>&1 &
drip1=$!
( printf 'POST /v1/documents HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/xml\r\nContent-Length: 3422\r\n\r\n'
  drip "$(head -c 80 "$E/prescription-change.xml" | tr -d '\n')" ) 2>/dev/null |
	s_client > "$OUT/drip2.txt" 2>&1 &
drip2=$!
sleep 2
for k in 1 2 3; do
	code=$(req gp-43021 GET /v1/inbox --max-time 3)
	expect "served while two clients drip (request $k)" "$code" 200
done
gone "$drip1" 15 && ok || fail "client dripping headers cut off by request_timeout"
gone "$drip2" 15 && ok || fail "client dripping a body cut off by request_timeout"
grep -q "event=request-timeout" "$OUT/carexd.log" && ok || fail "log names the request timeout"
t=$(metric carex_request_timeouts_total)
[ "${t:-0}" -ge 2 ] && ok || fail "metrics count request timeouts (${t:-none})"
not_contains "the dripped body was not stored" "$OUT/drip2.txt" "201 Created"
code=$(req gp-43021 GET /v1/inbox); expect "served afterwards" "$code" 200
stop_carexd
[ "$RC" -eq 0 ] && ok || fail "carexd exits 0 ($RC)"
refused=$(grep -c "event=tls-refused" "$OUT/carexd.log")
n=$(sqlite3 "$OUT/var/carex.db" "SELECT count(*) FROM audit WHERE action = 'connect' AND outcome = 'denied'")
[ "$refused" -ge 2 ] && [ "$n" = "$refused" ] && ok || fail "every refused handshake audited, the pool full or not ($n of $refused)"
not_contains "no audit record dropped" "$OUT/carexd.log" "event=audit-dropped"

# -- SIGTERM during an upload
EXTRA_CONF="timeout = 10
request_timeout = 20"
start_carexd
s_client < "$OUT/hold" > "$OUT/idle.txt" 2>&1 &
idle=$!
i=0; while [ "$(metric carex_connections)" != 1 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
curl -sS -o "$OUT/up.body" -w '%{http_code}' --max-time 30 --limit-rate 8K -H 'Expect:' \
	--cacert "$P/ca.pem" --cert "$P/ijb-glasgow.pem" --key "$P/ijb-glasgow.key" \
	-H 'Content-Type: application/xml' --data-binary "@$E/ijb-direction.xml" \
	"https://localhost:$PORT/v1/documents" > "$OUT/up.code" 2> "$OUT/up.err" &
up=$!
sleep 1.5
kill -0 "$up" 2>/dev/null && ok || fail "upload still running when SIGTERM is sent"
kill -TERM "$PID"
sleep 0.5
gone "$idle" 3 && ok || fail "an idle connection is closed at SIGTERM"
code=$(req gp-43021 GET /v1/inbox --max-time 3)
[ "$code" = 000 ] && ok || fail "no new connections while draining (got $code)"
wait "$up"
[ "$(cat "$OUT/up.code")" = 201 ] && ok || fail "the upload in flight finishes with 201: $(cat "$OUT/up.code") $(head -c 300 "$OUT/up.body") $(cat "$OUT/up.err")"
gone "$PID" 10 && ok || fail "carexd ends after the upload"
wait "$PID"; RC=$?
[ "$RC" -eq 0 ] && ok || fail "carexd exits 0 on SIGTERM ($RC)"
grep -q "event=stopped unfinished=0" "$OUT/carexd.log" && ok || fail "nothing left unfinished"
id=$(sed -n 's/.* id="\([0-9A-Z]*\)".*/\1/p' "$OUT/up.body")
n=$(sqlite3 "$OUT/var/carex.db" "SELECT count(*) FROM documents WHERE id = '$id'")
[ -n "$id" ] && [ "$n" = 1 ] && ok || fail "the upload is stored ($id: $n)"
start_carexd
code=$(req hb-ggc GET /v1/inbox)
[ "$code" = 200 ] && grep -q "$id" "$OUT/body" && ok || fail "after a restart the direction is in the board's inbox ($code)"
stop_carexd

exec 7>&-
finish
