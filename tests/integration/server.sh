#!/bin/sh
# SPDX-License-Identifier: MIT
# A real carexd on 127.0.0.1 with the development PKI, the example
# directory and a fresh store, driven with curl and openssl s_client as
# each participant: every endpoint, every denial, idempotency and 409,
# problem+xml with line and column, PDF per role, limits, SIGTERM.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"
EXTRA_CONF="ack_deadline.care-summary = 0s"

start_carexd

# -- configuration check
"$CAREXD" -n -f "$OUT/carexd.conf" > "$OUT/n.txt" 2>&1
[ $? -eq 0 ] && ok || fail "carexd -n on a good configuration"
contains "carexd -n says OK" "$OUT/n.txt" "configuration OK"
printf 'listen = 127.0.0.1:1\nbogus = 1\nworkers = lots\ncert = /nonexistent.pem\n' > "$OUT/bad.conf"
"$CAREXD" -n -f "$OUT/bad.conf" > "$OUT/n.txt" 2>&1
[ $? -eq 1 ] && ok || fail "carexd -n on a bad configuration: status 1"
contains "bad conf: unknown key with line" "$OUT/n.txt" "bad.conf:2: unknown key 'bogus'"
contains "bad conf: bad number with line" "$OUT/n.txt" "bad.conf:3: workers: 'lots' is not a whole number in range"
contains "bad conf: unreadable file" "$OUT/n.txt" "cert: cannot read /nonexistent.pem"
"$CAREXD" --check-config --config "$OUT/bad.conf" > "$OUT/n2.txt" 2>&1
[ $? -eq 1 ] && cmp -s "$OUT/n.txt" "$OUT/n2.txt" && ok || fail "--check-config --config is -n -f"

# -- submit
code=$(req adrs-glasgow POST /v1/documents -H 'Content-Type: application/xml' --data-binary "@$E/prescription-change.xml")
expect "submit prescription change" "$code" 201
id=$(sed -n 's/.* id="\([0-9A-Z]*\)".*/\1/p' "$OUT/body")
[ -n "$id" ] && ok || fail "receipt has an id: $(cat "$OUT/body")"
grep -qi "^Location: /v1/documents/$id" "$OUT/headers" && ok || fail "Location header"
check "receipt valid against api.xsd" xmllint --noout --schema "$SRCDIR/schemas/api.xsd" "$OUT/body"
code=$(req adrs-glasgow POST /v1/documents -H 'Content-Type: application/xml' --data-binary "@$E/prescription-change.xml")
expect "same message id and bytes again" "$code" 201
grep -q "id=\"$id\"" "$OUT/body" && ok || fail "resubmission answers the original id"
sed 's|<amount>60</amount>|<amount>55</amount>|' "$E/prescription-change.xml" > "$OUT/changed.xml"
cmp -s "$OUT/changed.xml" "$E/prescription-change.xml" && fail "test document not changed" || ok
code=$(req adrs-glasgow POST /v1/documents -H 'Content-Type: application/xml' --data-binary "@$OUT/changed.xml")
expect "same message id, other bytes" "$code" 409
contains "409 is problem+xml" "$OUT/headers" "application/problem+xml"

# -- invalid, forbidden, unaddressable
code=$(req adrs-glasgow POST /v1/documents -H 'Content-Type: application/xml' --data-binary "@$SRCDIR/tests/data/invalid/prescription-change-PC-1.xml")
expect "invalid document" "$code" 422
want=$(sed -n 's/.*<!-- expect: \([0-9]*\):\([0-9]*\) \([A-Z0-9-]*\) -->.*/line="\1" column="\2" rule="\3"/p' "$SRCDIR/tests/data/invalid/prescription-change-PC-1.xml")
contains "422 names line, column and rule" "$OUT/body" "$want"
code=$(req gp-43021 POST /v1/documents -H 'Content-Type: application/xml' --data-binary "@$E/prescription-change.xml")
expect "from is not the caller" "$code" 403
contains "403 says why" "$OUT/body" "says it is from adrs-glasgow"
sed 's|<to>ph-1187</to>|<to>ph-9999</to>|' "$E/prescription-change.xml" | sed 's|<message-id>|<message-id>x|' > "$OUT/unknown-to.xml"
code=$(req adrs-glasgow POST /v1/documents -H 'Content-Type: application/xml' --data-binary "@$OUT/unknown-to.xml")
[ "$code" = 422 ] || [ "$code" = 403 ] && ok || fail "unknown addressee refused ($code)"
code=$(req adrs-glasgow POST /v1/documents -H 'Content-Type: text/plain' --data-binary "@$E/prescription-change.xml")
expect "wrong content type" "$code" 415
head -c 300000 /dev/zero | tr '\0' 'x' > "$OUT/big.xml"
code=$(req adrs-glasgow POST /v1/documents -H 'Content-Type: application/xml' --data-binary "@$OUT/big.xml")
expect "oversized body" "$code" 413
contains "413 is problem+xml" "$OUT/headers" "application/problem+xml"
# Far past the limit libevent refuses before reading the body (its own
# 413, not a problem document): memory stays bounded, carexd goes on.
head -c 2000000 /dev/zero | tr '\0' 'x' > "$OUT/huge.xml"
code=$(req adrs-glasgow POST /v1/documents -H 'Content-Type: application/xml' --data-binary "@$OUT/huge.xml")
expect "body far over the limit" "$code" 413
code=$(req gp-43021 GET /v1/inbox); expect "still serving after a huge body" "$code" 200

# -- inbox, fetch, PDF, visibility
code=$(req gp-43021 GET /v1/inbox)
expect "GP inbox" "$code" 200
contains "GP inbox lists the document" "$OUT/body" "id=\"$id\""
check "inbox valid against api.xsd" xmllint --noout --schema "$SRCDIR/schemas/api.xsd" "$OUT/body"
code=$(req gp-43302 GET /v1/inbox)
expect "other GP's inbox" "$code" 200
not_contains "other GP does not see it" "$OUT/body" "$id"
code=$(req gp-43021 GET "/v1/documents/$id")
expect "GP fetches XML" "$code" 200
cmp -s "$OUT/body" "$E/prescription-change.xml" && ok || fail "fetched XML is byte for byte what was sent"
code=$(req gp-43021 GET "/v1/documents/$id" -H 'Accept: application/pdf')
expect "GP fetches PDF" "$code" 200
head -c 5 "$OUT/body" | grep -q '%PDF-' && ok || fail "PDF bytes"
cp "$OUT/body" "$OUT/gp.pdf"; pdftotext "$OUT/gp.pdf" "$OUT/gp.txt" 2>/dev/null
contains "GP gets the letter" "$OUT/gp.txt" "Dear"
code=$(req ph-1187 GET "/v1/documents/$id" -H 'Accept: application/pdf')
expect "pharmacy fetches PDF" "$code" 200
cp "$OUT/body" "$OUT/ph.pdf"; pdftotext "$OUT/ph.pdf" "$OUT/ph.txt" 2>/dev/null
contains "pharmacy gets the dispensing update" "$OUT/ph.txt" "Dispensing update"
for who in gp-43302 ph-2245 ijb-glasgow; do
	code=$(req $who GET "/v1/documents/$id"); expect "$who cannot fetch" "$code" 404
	code=$(req $who GET "/v1/documents/$id/status"); expect "$who cannot see status" "$code" 404
	code=$(req $who POST "/v1/documents/$id/ack"); expect "$who cannot ack" "$code" 404
done
code=$(req gp-43021 GET "/v1/documents/$id/status"); expect "a recipient cannot see the sender's status" "$code" 404
code=$(req gp-43021 GET "/v1/documents/01ARZ3NDEKTSV4RRFFQ69G5FAV"); expect "unknown id" "$code" 404
code=$(req gp-43021 GET "/v1/documents/..%2F..%2Fetc%2Fpasswd"); expect "traversal id" "$code" 404

# -- ack stages and status
code=$(req gp-43021 POST "/v1/documents/$id/ack"); expect "GP acks (taken)" "$code" 204
code=$(req gp-43021 POST "/v1/documents/$id/ack" --data-binary '<ack xmlns="urn:carex:api:1" stage="accepted"/>'); expect "GP accepts" "$code" 204
code=$(req ph-1187 POST "/v1/documents/$id/ack" --data-binary '<ack xmlns="urn:carex:api:1" stage="rejected" reason="not-registered">Patient not registered with this pharmacy</ack>'); expect "pharmacy rejects" "$code" 204
code=$(req ph-1187 POST "/v1/documents/$id/ack" --data-binary '<ack xmlns="urn:carex:api:1" stage="rejected"/>'); expect "rejection without reason" "$code" 400
code=$(req adrs-glasgow GET "/v1/documents/$id/status"); expect "sender's status" "$code" 200
check "status valid against api.xsd" xmllint --noout --schema "$SRCDIR/schemas/api.xsd" "$OUT/body"
contains "status: GP accepted" "$OUT/body" "code=\"gp-43021\" taken="
grep -q 'code="gp-43021"[^>]*accepted=' "$OUT/body" && ok || fail "status shows the GP's acceptance"
grep -q 'code="ph-1187"[^>]*rejected=[^>]*reason="not-registered"' "$OUT/body" && ok || fail "status shows the pharmacy's rejection and reason"
contains "status: rejection text" "$OUT/body" "Patient not registered with this pharmacy"
code=$(req gp-43021 GET "/v1/inbox?unacked=1"); expect "unacked inbox" "$code" 200
not_contains "acked document leaves the unacked inbox" "$OUT/body" "$id"

# -- render without storing
code=$(req ijb-glasgow POST "/v1/render" -H 'Content-Type: application/xml' --data-binary "@$E/ijb-direction.xml")
expect "IJB renders a draft" "$code" 200
head -c 5 "$OUT/body" | grep -q '%PDF-' && ok || fail "draft is a PDF"
code=$(req gp-43021 POST "/v1/render" -H 'Content-Type: application/xml' --data-binary "@$E/ijb-direction.xml")
expect "GP cannot render the IJB's letterhead" "$code" 403

# -- certificates that never reach a handler
for bad in revoked expired foreign unknown; do
	code=$(req $bad GET /v1/inbox)
	[ "$code" = 000 ] && ok || fail "$bad certificate refused at the handshake (got $code)"
done
grep -q "event=tls-refused reason=revoked" "$OUT/carexd.log" && ok || fail "log names revoked"
grep -q "event=tls-refused reason=expired" "$OUT/carexd.log" && ok || fail "log names expired"
grep -q "event=tls-refused reason=unknown-issuer" "$OUT/carexd.log" && ok || fail "log names the foreign issuer"
grep -q "event=tls-refused reason=not-in-directory cn=gp-99999" "$OUT/carexd.log" && ok || fail "log names the unknown participant"
curl -sS -o /dev/null --max-time 10 --cacert "$P/ca.pem" "https://localhost:$PORT/v1/inbox" 2>/dev/null
[ $? -ne 0 ] && ok || fail "no client certificate refused"
echo | timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -tls1_1 -cert "$P/gp-43021.pem" -key "$P/gp-43021.key" > "$OUT/s11.txt" 2>&1
grep -q "Cipher is (NONE)\|alert\|no protocols available\|wrong version" "$OUT/s11.txt" && ok || fail "TLS 1.1 refused"
echo | timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -tls1_2 -cipher AES128-SHA -cert "$P/gp-43021.pem" -key "$P/gp-43021.key" > "$OUT/s12.txt" 2>&1
grep -q "Cipher is (NONE)\|alert\|handshake failure" "$OUT/s12.txt" && ok || fail "non-ECDHE, non-AEAD suite refused"
echo | timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -tls1_3 -cert "$P/gp-43021.pem" -key "$P/gp-43021.key" > "$OUT/s13.txt" 2>&1
grep -q "TLSv1.3" "$OUT/s13.txt" && ok || fail "TLS 1.3 offered"

# -- health and metrics on the loopback admin listener
curl -sS --max-time 5 "http://127.0.0.1:$APORT/healthz" > "$OUT/h.txt" 2>&1
contains "healthz" "$OUT/h.txt" "ok"
curl -sS --max-time 5 "http://127.0.0.1:$APORT/metrics" > "$OUT/m.txt" 2>&1
contains "metrics: requests" "$OUT/m.txt" 'carex_requests_total{endpoint="submit",status="201"}'
contains "metrics: refusals" "$OUT/m.txt" 'carex_tls_refusals_total{reason="revoked"} 1'

# -- admin_listen is checked as it resolves, not as it is spelt: in a mount
# namespace of its own, /etc/hosts maps a name that starts "127." elsewhere
printf '127.0.0.1 localhost\n192.0.2.7 127.0.0.1.evil.example\n127.0.0.9 admin.example\n' > "$OUT/hosts"
with_hosts() {	# with_hosts CMD...: CMD with OUT/hosts as /etc/hosts
	unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' sh "$OUT/hosts" "$@"
}
if with_hosts true 2>/dev/null; then
	with_hosts "$CAREXD" -n -f "$OUT/carexd.conf" -o "admin_listen=127.0.0.1.evil.example:$APORT" > "$OUT/al.txt" 2>&1
	[ $? -eq 1 ] && ok || fail "carexd -n refuses an admin_listen that resolves elsewhere: $(cat "$OUT/al.txt")"
	contains "the refusal names the address it resolves to" "$OUT/al.txt" \
		"127.0.0.1.evil.example resolves to 192.0.2.7, which is not a loopback address"
	with_hosts "$CAREXD" -f "$OUT/carexd.conf" -o "listen=127.0.0.1:$((APORT + 2))" \
		-o "admin_listen=127.0.0.1.evil.example:$APORT" > "$OUT/al2.txt" 2>&1
	[ $? -ne 0 ] && grep -q "resolves to 192.0.2.7" "$OUT/al2.txt" && ok || fail "nor does it start with one: $(cat "$OUT/al2.txt")"
	with_hosts "$CAREXD" -n -f "$OUT/carexd.conf" -o "admin_listen=admin.example:$APORT" > "$OUT/al3.txt" 2>&1
	[ $? -eq 0 ] && ok || fail "a name for a loopback address is accepted: $(cat "$OUT/al3.txt")"
	"$CAREXD" -n -f "$OUT/carexd.conf" -o "admin_listen=:$APORT" > "$OUT/al4.txt" 2>&1
	[ $? -eq 1 ] && grep -q "every address" "$OUT/al4.txt" && ok || fail "no host (every address) refused: $(cat "$OUT/al4.txt")"
else
	fail "unshare -m: no mount namespace for the admin_listen check (run as root)"
fi

# -- sessions resume; a chain verified once is not verified again
resume() {	# resume WHO FILE: a session to FILE, then resume it; prints Reused or New
	(sleep 0.5) | openssl s_client -connect "127.0.0.1:$PORT" -cert "$P/$1.pem" -key "$P/$1.key" \
		-CAfile "$P/ca.pem" -sess_out "$2" > /dev/null 2>&1
	echo | timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -cert "$P/$1.pem" -key "$P/$1.key" \
		-CAfile "$P/ca.pem" -sess_in "$2" 2>&1 | sed -n 's/^\(Reused\|New\), .*/\1/p'
}
[ "$(resume gp-43021 "$OUT/s1.pem")" = Reused ] && ok || fail "a session resumes"
curl -sS --max-time 5 "http://127.0.0.1:$APORT/metrics" > "$OUT/m.txt" 2>&1
h=$(sed -n 's/^carex_tls_verify_total{cache="hit"} \([0-9]*\)$/\1/p' "$OUT/m.txt")
[ "${h:-0}" -ge 5 ] && ok || fail "repeat clients found verified already (${h:-none} hits)"

# -- SIGHUP: a certificate revoked by the reload is refused from then on
(sleep 0.5) | openssl s_client -connect "127.0.0.1:$PORT" -cert "$P/gp-43302.pem" -key "$P/gp-43302.key" \
	-CAfile "$P/ca.pem" -sess_out "$OUT/s2.pem" > /dev/null 2>&1
code=$(req gp-43302 GET /v1/inbox); expect "gp-43302 before its revocation" "$code" 200
( cd "$P/.ca/dev" &&
  openssl ca -config ../openssl.cnf -cert "$P/ca.pem" -keyfile "$P/ca.key" \
	-revoke "$P/gp-43302.pem" -crl_reason keyCompromise &&
  openssl ca -config ../openssl.cnf -gencrl -cert "$P/ca.pem" -keyfile "$P/ca.key" \
	-crlexts ext_crl -crldays 30 -out "$P/crl.pem" ) > "$OUT/revoke.log" 2>&1 ||
	fail "revoking gp-43302: $(tail -n 3 "$OUT/revoke.log")"
kill -HUP "$PID"
wait_log "event=reload status=ok"
grep -q "event=reload status=ok generation=2" "$OUT/carexd.log" && ok || fail "SIGHUP reloads: $(grep reload "$OUT/carexd.log")"
code=$(req gp-43302 GET /v1/inbox)
[ "$code" = 000 ] && ok || fail "gp-43302 refused after the reload (got $code)"
grep -q "event=tls-refused reason=revoked cn=gp-43302" "$OUT/carexd.log" && ok || fail "log names the newly revoked certificate"
echo | timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -cert "$P/gp-43302.pem" -key "$P/gp-43302.key" \
	-CAfile "$P/ca.pem" -sess_in "$OUT/s2.pem" > "$OUT/s2.txt" 2>&1
not_contains "a session from before the reload does not resume" "$OUT/s2.txt" "Reused,"
[ "$(grep -c "event=tls-refused reason=revoked cn=gp-43302" "$OUT/carexd.log")" -ge 2 ] && ok || fail "the revoked certificate is verified again, not resumed"
code=$(req gp-43021 GET /v1/inbox); expect "others still served after the reload" "$code" 200
kill -0 "$PID" 2>/dev/null && ok || fail "carexd still running after SIGHUP"

# -- SIGTERM: finish and exit 0
stop_carexd
[ "$RC" -eq 0 ] && ok || fail "carexd exits 0 on SIGTERM (status $RC)"
grep -q "event=stopped" "$OUT/carexd.log" && ok || fail "stopped in order"

# -- the audit chain: intact, then an edited and a deleted record
"$CAREX" audit verify "$OUT/var/carex.db" > "$OUT/a.txt" 2>&1
[ $? -eq 0 ] && ok || fail "audit verify: $(cat "$OUT/a.txt")"
contains "audit chain intact" "$OUT/a.txt" "audit chain intact"
n=$(sqlite3 "$OUT/var/carex.db" "SELECT count(*) FROM audit WHERE action = 'connect' AND outcome = 'denied'")
[ "$n" -ge 4 ] && ok || fail "refused certificates are audited ($n)"
n=$(sqlite3 "$OUT/var/carex.db" "SELECT count(*) FROM audit WHERE action = 'served' AND detail LIKE 'pdf sha256=%'")
[ "$n" -ge 2 ] && ok || fail "each PDF served is audited with its SHA-256 ($n)"
cp "$OUT/var/carex.db" "$OUT/edited.db"
sqlite3 "$OUT/edited.db" "UPDATE audit SET participant = 'gp-43302' WHERE seq = 3"
"$CAREX" audit verify "$OUT/edited.db" > "$OUT/a.txt" 2>&1
[ $? -eq 1 ] && ok || fail "edited record: status 1"
contains "edited record named" "$OUT/a.txt" "broken at record 3: record 3: hash does not match its contents"
cp "$OUT/var/carex.db" "$OUT/deleted.db"
sqlite3 "$OUT/deleted.db" "DELETE FROM audit WHERE seq = 5"
"$CAREX" audit verify "$OUT/deleted.db" > "$OUT/a.txt" 2>&1
[ $? -eq 1 ] && ok || fail "deleted record: status 1"
contains "deleted record found" "$OUT/a.txt" "record 6 follows record 4: a record is missing"

finish
