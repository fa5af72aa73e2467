#!/bin/sh
# SPDX-License-Identifier: MIT
# Two carexd nodes sharing one PostgreSQL (a temporary cluster, pg.sh),
# after three started at once on an empty database create its schema once:
# a document submitted on one is in the inbox on the other; the same
# message id submitted to both at once is stored once; a node killed
# (SIGKILL) with a push delivery claimed has it delivered by the other
# once its lease passes; the audit chain verifies after concurrent writes
# on both; the database stopped mid-run gives 503s with Retry-After (not
# a hang), and once it is back both nodes recover by themselves with
# nothing lost.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/pg.sh"
pg_require
. "$SRCDIR/tests/integration/carexd.sh"

EPIDS=
NODEPIDS=
cleanup() {
	for _p in $NODEPIDS $EPIDS; do
		kill -9 "$_p" 2>/dev/null && wait "$_p" 2>/dev/null
	done
	pg_stop
	rm -rf "$OUT" "$PGDIR"
}
pg_start -c fsync=off
trap cleanup EXIT

# node N: start node N (a, b) on the shared database, its files in
# OUT/N; sets PORT_N and PID_N. use N: later req/submit calls go to it.
node() {
	_save=$OUT; OUT=$OUT/$1; mkdir -p "$OUT"
	start_carexd
	OUT=$_save
	eval "PORT_$1=$PORT APORT_$1=$APORT PID_$1=$PID"
	NODEPIDS="$NODEPIDS $PID"
}
use() { eval "PORT=\$PORT_$1"; }
kill_node() { eval "kill -$2 \$PID_$1; wait \$PID_$1" 2>/dev/null; }

# post N FILE OUTFILE: POST FILE to node N as adrs-glasgow in the
# background-safe way (own output files); the status in OUTFILE.code.
post() {
	eval "_port=\$PORT_$1"
	curl -sS -o "$3" -w '%{http_code}' --max-time 20 --cacert "$P/ca.pem" \
		--cert "$P/adrs-glasgow.pem" --key "$P/adrs-glasgow.key" \
		-H 'Content-Type: application/xml' --data-binary "@$2" \
		"https://localhost:$_port/v1/documents" > "$3.code" 2>/dev/null
}
id_of() { sed -n 's/.* id="\([0-9A-Z]*\)".*/\1/p' "$1"; }
db() { PGDB=carex pg_sql "$1"; }
outbox_state_is() {	# outbox_state_is ID STATE
	[ "$(db "SELECT o.state FROM outbox o JOIN documents d ON d.seq = o.doc WHERE d.id = '$1'")" = "$2" ]
}

# The gp's push endpoint, named in the directory both nodes read.
GPORT=$(free_port)
awk -v g="https://127.0.0.1:$GPORT/carex/inbox" '
	/<participant code="gp-43021"/ { url = g }
	/<\/participant>/ && url != "" { print "    <push url=\"" url "\"/>"; url = "" }
	{ print }' "$E/directory.xml" > "$OUT/directory.xml"
mkdir -p "$OUT/gp"
echo 200 > "$OUT/gp/mode"
python3 "$SRCDIR/tests/integration/push_endpoint.py" "$GPORT" "$P/server.pem" \
	"$P/server.key" "$P/ca.pem" "$OUT/gp" 2>> "$OUT/gp.log" &
EPIDS=$!
poll 10 test -e "$OUT/gp/ready" || fail "the push endpoint did not start"

DIRECTORY=$OUT/directory.xml
# queue: 20 submissions at once from one participant on each node below,
# all within its share (a quarter) of the queue
EXTRA_CONF="store = $PGURL
queue = 128
audit_checkpoints = $OUT/pg.checkpoints
audit_checkpoint_interval = 1s
push_timeout = 2s
push_retry_base = 1s
push_retry_max = 2s"
node a
node b
grep -q "event=started" "$OUT/b/carexd.log" && ok || fail "a second node starts on the migrated database"
[ "$(db "SELECT max(version) FROM carex_schema")" = 2 ] && ok || fail "schema version 2"

# -- three nodes starting at once on an empty database: one creates the
# schema while the others wait for it, and all three serve
pg_sql "CREATE DATABASE race" > /dev/null || fail "create the race database"
RACE=
for n in 1 2 3; do
	mkdir -p "$OUT/race$n"; : > "$OUT/race$n/log"
	"$CAREXD" -f "$OUT/a/carexd.conf" -o "listen=127.0.0.1:$(free_port)" \
		-o "admin_listen=127.0.0.1:$(free_port)" -o "store=${PGBASE}race" \
		-o audit_checkpoints=none \
		> "$OUT/race$n/log" 2>&1 &
	RACE="$RACE $!"
done
NODEPIDS="$NODEPIDS $RACE"
for n in 1 2 3; do
	poll 30 grep -q "event=started" "$OUT/race$n/log" && ok ||
		fail "node $n of 3 started together: $(tail -n 3 "$OUT/race$n/log")"
done
[ "$(PGDB=race pg_sql "SELECT count(*) FROM carex_schema")" = 2 ] && ok ||
	fail "the schema created once (two versions, one row each) by three nodes starting together"
for _p in $RACE; do kill "$_p"; wait "$_p"; done

# -- submitted on a, in the inbox and readable on b
stamp "$E/prescription-change.xml" mn-1 > "$OUT/mn-1.xml"
use a; expect "submit on a" "$(submit adrs-glasgow "$OUT/mn-1.xml")" 201
d1=$(cat "$OUT/id")
use b; expect "inbox on b" "$(req ph-1187 GET /v1/inbox)" 200
grep -q "$d1" "$OUT/body" && ok || fail "the document is in the inbox on b: $(head -c 300 "$OUT/body")"
expect "fetch on b" "$(req ph-1187 GET "/v1/documents/$d1")" 200
cmp -s "$OUT/body" "$OUT/mn-1.xml" && ok || fail "b serves the bytes a stored"
expect "ack on b" "$(req ph-1187 POST "/v1/documents/$d1/ack")" 204
use a; expect "status on a" "$(req adrs-glasgow GET "/v1/documents/$d1/status")" 200
grep -q 'code="ph-1187"[^>]*taken=' "$OUT/body" && ok || fail "a sees b's ack: $(head -c 400 "$OUT/body")"

# -- the same message id to both nodes at once: stored once
k=1; same=0
while [ $k -le 8 ]; do
	stamp "$E/prescription-change.xml" "race-$k" > "$OUT/race-$k.xml"
	post a "$OUT/race-$k.xml" "$OUT/ra-$k" & _p1=$!
	post b "$OUT/race-$k.xml" "$OUT/rb-$k" & _p2=$!
	wait $_p1 $_p2
	ca=$(cat "$OUT/ra-$k.code"); cb=$(cat "$OUT/rb-$k.code")
	ia=$(id_of "$OUT/ra-$k"); ib=$(id_of "$OUT/rb-$k")
	n=$(db "SELECT count(*) FROM documents WHERE message_id = 'race-$k'")
	[ "$ca $cb" = "201 201" ] && [ -n "$ia" ] && [ "$ia" = "$ib" ] && [ "$n" = 1 ] &&
		same=$((same + 1)) || echo "race-$k: $ca $cb '$ia' '$ib' $n"
	k=$((k + 1))
done
[ $same = 8 ] && ok || fail "concurrent duplicates: $same of 8 stored once with one id"
sed 's|<message-id>|<!-- other bytes --><message-id>|' "$OUT/race-1.xml" > "$OUT/race-x.xml"
post b "$OUT/race-x.xml" "$OUT/rx"
[ "$(cat "$OUT/rx.code")" = 409 ] && ok || fail "other bytes under a stored message id on the other node: $(cat "$OUT/rx.code")"

# -- concurrent writes on both nodes: one chain, intact
k=1; posts=
while [ $k -le 40 ]; do
	stamp "$E/prescription-change.xml" "chain-$k" > "$OUT/chain-$k.xml"
	if [ $((k % 2)) = 0 ]; then post a "$OUT/chain-$k.xml" "$OUT/c-$k" &
	else post b "$OUT/chain-$k.xml" "$OUT/c-$k" & fi
	posts="$posts $!"
	k=$((k + 1))
done
wait $posts
n=0; for f in "$OUT"/c-*.code; do [ "$(cat "$f")" = 201 ] && n=$((n + 1)); done
[ $n = 40 ] && ok || fail "40 concurrent submits on two nodes: $n answered 201"
"$CAREX" audit verify "$PGURL" > "$OUT/verify.txt" 2>&1 && ok || fail "audit verify: $(cat "$OUT/verify.txt")"
grep -q "audit chain intact" "$OUT/verify.txt" && ok || fail "chain intact: $(cat "$OUT/verify.txt")"
[ "$(db "SELECT count(*) FROM audit")" = "$(db "SELECT max(seq) FROM audit")" ] && ok || fail "no gaps in seq"

# -- a node killed with a push claimed: the other delivers it
kill_node b TERM
pending_none() { [ "$(db "SELECT count(*) FROM outbox WHERE state = 1")" = 0 ]; }
poll 20 pending_none && ok || fail "the earlier pushes are all delivered"
echo hang > "$OUT/gp/mode"
stamp "$E/prescription-change.xml" push-1 > "$OUT/push-1.xml"
use a; expect "submit for push" "$(submit adrs-glasgow "$OUT/push-1.xml")" 201
dp=$(cat "$OUT/id")
poll 10 grep -q "^hang $dp " "$OUT/gp/requests" && ok || fail "a claimed the push (the endpoint hangs)"
[ "$(db "SELECT count(*) FROM outbox o JOIN documents d ON d.seq = o.doc WHERE d.id = '$dp' AND o.lease_ms > 0")" = 1 ] &&
	ok || fail "the claim is leased in the database"
kill_node a 9
echo 200 > "$OUT/gp/mode"
node b
poll 20 grep -q "^$dp " "$OUT/gp/delivered" && ok || fail "b delivered what a had claimed: $(cat "$OUT/gp/requests")"
poll 10 outbox_state_is "$dp" 2 && ok || fail "pushed in the outbox"
[ "$(grep -c "^$dp " "$OUT/gp/delivered")" = 1 ] && ok || fail "delivered once"
node a

# -- /metrics and /healthz ask the store nothing on the event loop: a lock
# that holds the probe's query for the store's lock_timeout (5 s) holds
# neither; /healthz then reports the store failing, and recovered
admin() { curl -sS -o "$OUT/admin.txt" -w '%{http_code}' --max-time "${2:-5}" "http://127.0.0.1:$APORT_a/$1" 2>/dev/null; }
expect "healthz before" "$(admin healthz)" 200
db "BEGIN; LOCK TABLE deliveries IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(10); COMMIT" > /dev/null 2>&1 &
LOCKPID=$!
sleep 3
slow=0; i=0
while [ $i -lt 6 ]; do
	[ "$(admin metrics 1)" = 200 ] || slow=$((slow + 1))
	i=$((i + 1)); sleep 0.3
done
[ $slow -eq 0 ] && ok || fail "/metrics answers within a second while the store is locked ($slow of 6 did not)"
grep -q '^carex_overdue_deliveries [0-9]' "$OUT/admin.txt" && ok || fail "with the last values the probe read: $(grep overdue "$OUT/admin.txt")"
poll 12 sh -c "[ \"\$(curl -s -o '$OUT/hz.txt' -w '%{http_code}' --max-time 1 http://127.0.0.1:$APORT_a/healthz)\" = 503 ]" &&
	ok || fail "healthz reports the store failing (503): $(cat "$OUT/hz.txt")"
contains "and why" "$OUT/hz.txt" "store failing: the store does not answer:"
wait $LOCKPID
poll 10 sh -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 http://127.0.0.1:$APORT_a/healthz)\" = 200 ]" &&
	ok || fail "healthz ok again once the lock is gone"
admin metrics > /dev/null
grep -q '^carex_store_up 1$' "$OUT/admin.txt" && ok || fail "carex_store_up 1: $(grep store_up "$OUT/admin.txt")"

# -- the database stopped: 503s, not hangs; back: recovery, nothing lost
before=$(db "SELECT count(*) FROM documents")
pg_stop
stamp "$E/prescription-change.xml" down-1 > "$OUT/down-1.xml"
use a; c=$(submit adrs-glasgow "$OUT/down-1.xml")
expect "submit with the database down" "$c" 503
grep -qi '^retry-after:' "$OUT/headers" && ok || fail "503 with Retry-After"
poll 10 sh -c "[ \"\$(curl -s -o '$OUT/hz.txt' -w '%{http_code}' --max-time 1 http://127.0.0.1:$APORT_a/healthz)\" = 503 ]" &&
	ok || fail "healthz 503 with the database down: $(cat "$OUT/hz.txt")"
contains "healthz says the store fails" "$OUT/hz.txt" "store failing"
admin metrics > /dev/null
grep -q '^carex_store_up 0$' "$OUT/admin.txt" && ok || fail "carex_store_up 0: $(grep store_up "$OUT/admin.txt")"
grep -q '^carex_requests_total{endpoint="submit",status="503"} [1-9]' "$OUT/admin.txt" && ok || fail "the 503 counted as a 503: $(grep 'status="50' "$OUT/admin.txt")"
use b; expect "inbox with the database down" "$(req gp-43021 GET /v1/inbox)" 503
pg_restart
use a; k=0; c=
while [ $k -lt 50 ] && [ "$c" != 201 ]; do
	c=$(submit adrs-glasgow "$OUT/down-1.xml"); k=$((k + 1))
	[ "$c" = 201 ] || sleep 0.2
done
expect "node a recovers: the retried submit is stored" "$c" 201
dd=$(cat "$OUT/id")
use b; c=
k=0; while [ $k -lt 50 ] && [ "$c" != 200 ]; do c=$(req gp-43021 GET "/v1/documents/$dd"); k=$((k + 1)); [ "$c" = 200 ] || sleep 0.2; done
expect "node b recovers and serves it" "$c" 200
[ "$(db "SELECT count(*) FROM documents")" = $((before + 1)) ] && ok || fail "nothing lost, nothing twice: $before before, $(db "SELECT count(*) FROM documents") after"
"$CAREX" audit verify --checkpoints "$OUT/pg.checkpoints" "$PGURL" > "$OUT/verify.txt" 2>&1 && ok || fail "audit verify after the restart: $(cat "$OUT/verify.txt")"
grep -q "it agrees with [1-9][0-9]* checkpoints.*signed by key" "$OUT/verify.txt" && ok || fail "against both nodes' signed checkpoints: $(cat "$OUT/verify.txt")"

# -- SIGTERM with a worker stuck: the database stopped mid-query (SIGSTOP:
# it never answers, and no client-side timeout fires); carexd still exits
# within request_timeout + 10 s, and says why
EXTRA_CONF="$EXTRA_CONF
request_timeout = 2"
node c
PM=$(head -n 1 "$PGDIR/data/postmaster.pid")
PGPIDS="$PM $(pgrep -P "$PM" | tr '\n' ' ')"
# shellcheck disable=SC2086
kill -STOP $PGPIDS
stamp "$E/prescription-change.xml" stuck-1 > "$OUT/stuck-1.xml"
post c "$OUT/stuck-1.xml" "$OUT/stuck.out" &
SUBPID=$!
sleep 1
t0=$(date +%s)
kill -TERM "$PID_c"
i=0; while kill -0 "$PID_c" 2>/dev/null && [ $i -lt 250 ]; do sleep 0.1; i=$((i + 1)); done
t1=$(date +%s)
if kill -0 "$PID_c" 2>/dev/null; then
	fail "SIGTERM with a worker stuck: still running 25 s after it"
	kill -9 "$PID_c"
fi
wait "$PID_c"; rc=$?
# shellcheck disable=SC2086
kill -CONT $PGPIDS
[ $rc -eq 1 ] && ok || fail "exit status 1 when it leaves stuck work behind ($rc)"
[ $((t1 - t0)) -le 13 ] && ok || fail "within request_timeout + 10 s of SIGTERM (took $((t1 - t0)) s)"
grep -q "event=stop-abandoned bound_s=12" "$OUT/c/carexd.log" && ok || fail "the log says why: $(tail -n 3 "$OUT/c/carexd.log")"
wait $SUBPID
use a; c=
k=0; while [ $k -lt 50 ] && [ "$c" != 201 ]; do c=$(submit adrs-glasgow "$OUT/stuck-1.xml"); k=$((k + 1)); [ "$c" = 201 ] || sleep 0.2; done
expect "the submission it left unanswered, retried on a, is stored" "$c" 201
[ "$(db "SELECT count(*) FROM documents WHERE message_id = 'stuck-1'")" = 1 ] && ok || fail "once"

kill_node a TERM; kill_node b TERM
finish
