#!/bin/sh
# SPDX-License-Identifier: MIT
# Push delivery against a real carexd and two receiving endpoints run by
# the test (push_endpoint.py: HTTPS that requires a client certificate
# from the test CA), for gp-43021 and ph-1187: delivered byte for byte
# with carexd's own certificate; an endpoint down, then back (retried,
# delivered); an endpoint hanging while the other gets its delivery and
# the API answers; given up after push_max_attempts; SIGTERM with a push
# in flight; SIGKILL with pushes pending and a restart (all delivered,
# none twice to an endpoint that answered 2xx); the audit chain intact.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"

EPIDS=
cleanup() {
	for _p in ${PID:-} $EPIDS; do
		kill "$_p" 2>/dev/null && wait "$_p" 2>/dev/null
	done
	rm -rf "$OUT"
}
trap cleanup EXIT

# endpoint NAME PORT: start (or restart) the endpoint NAME, recording in
# OUT/NAME, answering as OUT/NAME/mode says; its PID in EP_NAME.
endpoint() {
	mkdir -p "$OUT/$1"; rm -f "$OUT/$1/ready"
	python3 "$SRCDIR/tests/integration/push_endpoint.py" "$2" "$P/server.pem" \
		"$P/server.key" "$P/ca.pem" "$OUT/$1" 2>> "$OUT/$1.log" &
	eval "EP_$1=$!"; EPIDS="$EPIDS $!"
	poll 10 test -e "$OUT/$1/ready" || fail "endpoint $1 did not start: $(tail -n 3 "$OUT/$1.log")"
}
endpoint_stop() { eval "kill \$EP_$1; wait \$EP_$1" 2>/dev/null; }
mode() { echo "$2" > "$OUT/$1/mode"; }

# count_of NAME ID: how many times endpoint NAME answered 2xx for ID.
count_of() { _c=$(grep -c "^$2 " "$OUT/$1/delivered" 2>/dev/null); echo "${_c:-0}"; }
delivered() { [ "$(count_of "$1" "$2")" -ge 1 ]; }

# send MSGID: submit the prescription change (to gp-43021 and ph-1187)
# under a new message id; its id in ID and OUT/MSGID.xml kept.
send() {
	stamp "$E/prescription-change.xml" "$1" > "$OUT/$1.xml"
	_c=$(submit adrs-glasgow "$OUT/$1.xml")
	ID=$(cat "$OUT/id")
	expect "submit $1" "$_c" 201
}

# push_attr ID CODE ATTR: the attribute of recipient CODE in the sender's
# status of ID ("" if absent).
push_attr() {
	req adrs-glasgow GET "/v1/documents/$1/status" > /dev/null
	grep -o "<recipient code=\"$2\"[^>]*" "$OUT/body" |
		sed -n "s/.* $3=\"\([^\"]*\)\".*/\1/p"
}
attr_is() { [ "$(push_attr "$1" "$2" "$3")" = "$4" ]; }
attempts_at_least() { [ "$(push_attr "$1" "$2" push-attempts)" -ge "$3" ] 2>/dev/null; }
audit_count() { sqlite3 "$OUT/var/carex.db" "SELECT count(*) FROM audit WHERE action = 'push' AND doc_id = '$1' AND participant = '$2' AND outcome = '$3'"; }

# -- the endpoints and a directory that names them
GPORT=$(free_port); PPORT=$(free_port)
awk -v g="https://127.0.0.1:$GPORT/carex/inbox" -v p="https://localhost:$PPORT/in" '
	/<participant code="gp-43021"/ { url = g } /<participant code="ph-1187"/ { url = p }
	/<\/participant>/ && url != "" { print "    <push url=\"" url "\"/>"; url = "" }
	{ print }' "$E/directory.xml" > "$OUT/directory.xml"
check "directory with push endpoints is valid" xmllint --noout --schema "$SRCDIR/schemas/directory.xsd" "$OUT/directory.xml"
DIRECTORY=$OUT/directory.xml
endpoint gp "$GPORT"; mode gp 200
endpoint ph "$PPORT"; mode ph 200
curl -sS -o /dev/null --max-time 5 --cacert "$P/ca.pem" -H 'Content-Type: application/xml' \
	--data-binary '<x/>' "https://127.0.0.1:$GPORT/" 2> /dev/null &&
	fail "the endpoint takes a POST without a client certificate" || ok
curl -sS -o /dev/null --max-time 5 --cacert "$P/ca.pem" --cert "$P/foreign.pem" --key "$P/foreign.key" \
	-H 'Content-Type: application/xml' --data-binary '<x/>' "https://127.0.0.1:$GPORT/" 2> /dev/null &&
	fail "the endpoint takes a certificate from another CA" || ok

EXTRA_CONF="push_timeout = 3s
push_retry_base = 1s
push_retry_max = 2s
push_max_attempts = 5"
start_carexd
"$CAREXD" -n -f "$OUT/carexd.conf" > "$OUT/n.txt" 2>&1 && ok || fail "carexd -n with push keys: $(cat "$OUT/n.txt")"

# -- delivered: byte for byte, with carexd's certificate, status pushed
send push-1; d1=$ID
poll 10 delivered gp "$d1" && ok || fail "gp endpoint got the document"
poll 10 delivered ph "$d1" && ok || fail "ph endpoint got the document"
cmp -s "$OUT/push-1.xml" "$OUT/gp/$d1.xml" && ok || fail "pushed byte for byte to gp"
cmp -s "$OUT/push-1.xml" "$OUT/ph/$d1.xml" && ok || fail "pushed byte for byte to ph"
grep -q "^200 $d1 1 localhost$" "$OUT/gp/requests" && ok || fail "first attempt, carexd's certificate (CN localhost): $(cat "$OUT/gp/requests")"
poll 10 attr_is "$d1" gp-43021 push pushed && ok || fail "status: pushed to gp: $(cat "$OUT/body")"
poll 10 attr_is "$d1" ph-1187 push pushed && ok || fail "status: pushed to ph"
attr_is "$d1" gp-43021 push-attempts 1 && ok || fail "status: one attempt"
[ -n "$(push_attr "$d1" gp-43021 pushed)" ] && ok || fail "status: the time pushed"
check "status with push attributes valid against api.xsd" xmllint --noout --schema "$SRCDIR/schemas/api.xsd" "$OUT/body"
[ "$(audit_count "$d1" gp-43021 delivered)" = 1 ] && ok || fail "the delivery is audited"

# -- endpoint down, then back: retried, then delivered
endpoint_stop ph
send push-2; d2=$ID
poll 10 delivered gp "$d2" && ok || fail "gp gets it while ph is down"
poll 10 attempts_at_least "$d2" ph-1187 2 && ok || fail "retried while ph is down: $(cat "$OUT/body")"
attr_is "$d2" ph-1187 push pending && ok || fail "status: pending while down"
[ -n "$(push_attr "$d2" ph-1187 push-next)" ] && ok || fail "status: the next retry"
[ -n "$(push_attr "$d2" ph-1187 push-error)" ] && ok || fail "status: the last error"
endpoint ph "$PPORT"
poll 15 delivered ph "$d2" && ok || fail "delivered once ph is back"
poll 10 attr_is "$d2" ph-1187 push pushed && ok || fail "status: pushed after the retries"
attempts_at_least "$d2" ph-1187 3 && ok || fail "status: more than one attempt ($(push_attr "$d2" ph-1187 push-attempts))"
[ "$(audit_count "$d2" ph-1187 failed)" -ge 2 ] && [ "$(audit_count "$d2" ph-1187 delivered)" = 1 ] &&
	ok || fail "failed attempts and the delivery audited"
cmp -s "$OUT/push-2.xml" "$OUT/ph/$d2.xml" && ok || fail "the retried push byte for byte"

# -- ph hangs: gp gets its delivery at once, the API answers, ph times out
mode ph hang
send push-3; d3=$ID
poll 10 delivered gp "$d3" && ok || fail "gp gets it while ph hangs"
poll 10 grep -q "^hang $d3 " "$OUT/ph/requests" && ok || fail "ph was sent it and hangs"
attr_is "$d3" ph-1187 push-attempts 0 && ok || fail "gp delivered before ph's attempt timed out"
t=$(curl -sS -o /dev/null -w '%{time_total}' --max-time 20 --cacert "$P/ca.pem" \
	--cert "$P/gp-43021.pem" --key "$P/gp-43021.key" "https://localhost:$PORT/v1/inbox")
awk -v t="$t" 'BEGIN { exit !(t < 2.0) }' && ok || fail "the API answers while a push hangs ($t s)"
poll 10 attempts_at_least "$d3" ph-1187 1 && ok || fail "the hanging attempt times out"
push_attr "$d3" ph-1187 push-error | grep -qi "timed out" && ok || fail "status: timed out ($(push_attr "$d3" ph-1187 push-error))"
mode ph 200
poll 10 delivered ph "$d3" && ok || fail "delivered on the retry after a hang"

# -- given up after push_max_attempts
mode ph 500
send push-5; d5=$ID
poll 20 attr_is "$d5" ph-1187 push failed && ok || fail "given up: $(cat "$OUT/body")"
attr_is "$d5" ph-1187 push-attempts 5 && ok || fail "after 5 attempts ($(push_attr "$d5" ph-1187 push-attempts))"
attr_is "$d5" ph-1187 push-error "HTTP 500" && ok || fail "the last error is the status"
[ -z "$(push_attr "$d5" ph-1187 push-next)" ] && ok || fail "no next retry once given up"
[ "$(grep -c "^500 $d5 " "$OUT/ph/requests")" = 5 ] && ok || fail "five attempts reached ph"
[ "$(audit_count "$d5" ph-1187 given-up)" = 1 ] && ok || fail "the give-up is audited"
mode ph 200
sleep 2.5
[ "$(count_of ph "$d5")" = 0 ] && ok || fail "a failed push is not tried again"
curl -sS --max-time 5 "http://127.0.0.1:$APORT/metrics" > "$OUT/m.txt"
contains "metrics: given up" "$OUT/m.txt" 'carex_pushes_total{outcome="given-up"} 1'
grep -q '^carex_pushes_total{outcome="delivered"} [1-9]' "$OUT/m.txt" && ok || fail "metrics: delivered"
poll 5 metric_is carex_outbox_pending -eq 0 && ok || fail "metrics: nothing pending ($(metric carex_outbox_pending))"

# -- SIGTERM with a push in flight: carexd exits at once, it stays pending
mode ph hang
send push-6; d6=$ID
poll 10 grep -q "^hang $d6 " "$OUT/ph/requests" && ok || fail "ph hangs on push-6"
poll 5 metric_is carex_outbox_pending -eq 1 && ok || fail "metrics: one pending ($(metric carex_outbox_pending))"
stop_carexd
[ "$RC" -eq 0 ] && ok || fail "carexd exits 0 with a push in flight ($RC)"
[ "$(audit_count "$d6" ph-1187 interrupted)" = 1 ] && ok || fail "the abandoned attempt is audited"
n=$(sqlite3 "$OUT/var/carex.db" "SELECT o.state || ' ' || o.attempts || ' ' || o.lease_ms FROM outbox o JOIN documents d ON d.seq = o.doc WHERE d.id = '$d6' AND o.recipient = 'ph-1187'")
[ "$n" = "1 0 0" ] && ok || fail "still pending, not counted, not leased ($n)"

# -- SIGKILL with pushes pending (one leased mid-transfer), then a restart
start_carexd
tried_twice() { [ "$(grep -c "^hang $d6 1 " "$OUT/ph/requests")" -ge 2 ]; }
poll 10 tried_twice && ok || fail "push-6 offered again at once after a restart, still attempt 1"
send push-7; d7=$ID
send push-8; d8=$ID
poll 10 attr_is "$d7" gp-43021 push pushed && ok || fail "gp has push-7 (committed)"
poll 10 attr_is "$d8" gp-43021 push pushed && ok || fail "gp has push-8 (committed)"
kill -9 "$PID"; wait "$PID" 2>/dev/null
mode ph 200
start_carexd
for d in $d6 $d7 $d8; do
	poll 40 delivered ph "$d" && ok || fail "ph gets $d after the kill"
done
for d in $d1 $d2 $d3 $d5 $d6 $d7 $d8; do
	[ "$(count_of gp "$d")" = 1 ] && ok || fail "gp got $d once ($(count_of gp "$d"))"
done
for d in $d1 $d2 $d3 $d6 $d7 $d8; do
	[ "$(count_of ph "$d")" = 1 ] && ok || fail "ph got $d once ($(count_of ph "$d"))"
done
poll 10 attr_is "$d8" ph-1187 push pushed && ok || fail "status after the restart: pushed"
stop_carexd
[ "$RC" -eq 0 ] && ok || fail "carexd exits 0 ($RC)"
"$CAREX" audit verify "$OUT/var/carex.db" > "$OUT/a.txt" 2>&1
[ $? -eq 0 ] && ok || fail "audit verify: $(cat "$OUT/a.txt")"

finish
