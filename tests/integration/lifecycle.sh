#!/bin/sh
# SPDX-License-Identifier: MIT
# A document's life after it is stored, against a real carexd: superseded
# and cancelled documents (state in every view, a banner on every page of
# their PDF), ack deadlines and overdue deliveries, the expiry warning of
# a client certificate, fingerprint pins, and retention purge with the
# audit chain's head in the log.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"

EXTRA_CONF="ack_deadline.care-summary = 1s
ack_deadline.dispensing-notification = 0"
start_carexd

# -- supersede: a corrected prescription change replaces the first
code=$(submit adrs-glasgow "$E/prescription-change.xml"); expect "first prescription change" "$code" 201
first=$(cat "$OUT/id")
stamp "$E/prescription-change.xml" adrs-ne-2025-0412-r1 "<supersedes>$first</supersedes>" > "$OUT/pc2.xml"
code=$(submit adrs-glasgow "$OUT/pc2.xml"); expect "the correction" "$code" 201
second=$(cat "$OUT/id")
[ -n "$second" ] && [ "$second" != "$first" ] && ok || fail "the correction has its own id"
code=$(req gp-43021 GET /v1/inbox); expect "GP inbox" "$code" 200
grep -q "id=\"$first\"[^>]*state=\"superseded\"[^>]*replaced-by=\"$second\"" "$OUT/body" && ok || fail "inbox shows the first as superseded by the second: $(cat "$OUT/body")"
grep -q "id=\"$second\"[^>]*state=\"current\"[^>]*supersedes=\"$first\"" "$OUT/body" && ok || fail "inbox shows the second as current, superseding the first"
code=$(req adrs-glasgow GET "/v1/documents/$first/status"); expect "sender's status of the first" "$code" 200
grep -q "state=\"superseded\"" "$OUT/body" && ok || fail "status shows superseded"
code=$(req gp-43021 GET "/v1/documents/$first" -H 'Accept: application/pdf'); expect "superseded PDF" "$code" 200
cp "$OUT/body" "$OUT/sup.pdf"
n=$(pdf_pages "$OUT/sup.pdf" "$OUT/sup")
[ "$n" -ge 1 ] && ok || fail "superseded PDF has pages"
i=1; while [ "$i" -le "$n" ]; do
	contains "superseded banner on page $i" "$OUT/sup-$i.txt" "SUPERSEDED"; i=$((i + 1))
done
code=$(req gp-43021 GET "/v1/documents/$second" -H 'Accept: application/pdf'); expect "current PDF" "$code" 200
pdftotext "$OUT/body" "$OUT/cur.txt" 2>/dev/null
not_contains "no banner on the current document" "$OUT/cur.txt" "SUPERSEDED"
stamp "$E/prescription-change.xml" adrs-ne-2025-0412-r2 "<supersedes>$first</supersedes>" > "$OUT/pc3.xml"
code=$(submit adrs-glasgow "$OUT/pc3.xml"); expect "superseding a superseded document" "$code" 422
contains "422 says why" "$OUT/body" "not a current document you sent"
stamp "$E/dispensing-notification.xml" ph-disp-x1 "<supersedes>$second</supersedes>" |
	sed 's|<from>ph-2245</from>|<from>ph-1187</from>|' > "$OUT/dn.xml"
code=$(submit ph-1187 "$OUT/dn.xml"); expect "a recipient cannot supersede the sender's document" "$code" 422

# -- cancel: a letter withdrawn
stamp "$E/care-summary.xml" adrs-ne-cs-2025-0990 > "$OUT/cs1.xml"
code=$(submit adrs-glasgow "$OUT/cs1.xml"); expect "care summary" "$code" 201
cs=$(cat "$OUT/id")
stamp "$E/care-summary.xml" adrs-ne-cs-2025-0991 "<cancels>$cs</cancels>" > "$OUT/cs2.xml"
code=$(submit adrs-glasgow "$OUT/cs2.xml"); expect "its cancellation" "$code" 201
code=$(req gp-43021 GET /v1/inbox); expect "GP inbox" "$code" 200
grep -q "id=\"$cs\"[^>]*state=\"cancelled\"" "$OUT/body" && ok || fail "inbox shows the letter as cancelled"
code=$(req gp-43021 GET "/v1/documents/$cs" -H 'Accept: application/pdf'); expect "cancelled PDF" "$code" 200
cp "$OUT/body" "$OUT/can.pdf"
n=$(pdf_pages "$OUT/can.pdf" "$OUT/can")
i=1; while [ "$i" -le "$n" ]; do
	contains "cancelled banner on page $i" "$OUT/can-$i.txt" "CANCELLED"; i=$((i + 1))
done

# -- overdue: care summaries are due within 1 s here
stamp "$E/care-summary.xml" adrs-ne-cs-2025-0992 > "$OUT/cs3.xml"
code=$(submit adrs-glasgow "$OUT/cs3.xml"); expect "care summary due in 1 s" "$code" 201
late=$(cat "$OUT/id")
code=$(req adrs-glasgow GET "/v1/documents/$late/status"); expect "status at once" "$code" 200
grep -q 'code="gp-43021"[^>]*due=' "$OUT/body" && ok || fail "status shows the deadline"
not_contains "not overdue before the deadline" "$OUT/body" 'overdue="true"'
sleep 1.5
code=$(req adrs-glasgow GET "/v1/documents/$late/status"); expect "status after the deadline" "$code" 200
grep -q 'code="gp-43021"[^>]*overdue="true"' "$OUT/body" && ok || fail "overdue after the deadline: $(cat "$OUT/body")"
poll 5 metric_is carex_overdue_deliveries -ge 1 && ok || fail "metrics count overdue deliveries ($(metric carex_overdue_deliveries))"
o=$(metric carex_overdue_deliveries)
code=$(req gp-43021 POST "/v1/documents/$late/ack"); expect "GP takes it" "$code" 204
code=$(req adrs-glasgow GET "/v1/documents/$late/status")
not_contains "taken is no longer overdue" "$OUT/body" 'overdue="true"'
poll 5 metric_is carex_overdue_deliveries -lt "${o:-0}" && ok || fail "overdue gauge falls when taken ($o -> $(metric carex_overdue_deliveries))"
stamp "$E/dispensing-notification.xml" ph-disp-x2 > "$OUT/dn2.xml"
code=$(submit ph-2245 "$OUT/dn2.xml"); expect "dispensing notification (no deadline)" "$code" 201
code=$(req ph-2245 GET "/v1/documents/$(cat "$OUT/id")/status"); expect "its status" "$code" 200
not_contains "deadline 0 means none" "$OUT/body" 'due='

# -- a client certificate that expires within 30 days gets a warning
( cd "$P/.ca/dev" &&
  openssl ecparam -name prime256v1 -genkey -noout -out "$P/soon.key" &&
  openssl req -new -key "$P/soon.key" -subj "/O=Possilpark Medical Practice/CN=gp-43021" -out "$P/soon.csr" &&
  openssl rand -hex 8 > serial &&
  openssl ca -batch -config ../openssl.cnf -cert "$P/ca.pem" -keyfile "$P/ca.key" \
	-extensions ext_client -days 10 -notext -in "$P/soon.csr" -out "$P/soon.pem" ) > "$OUT/soon.log" 2>&1 ||
	fail "issuing a 10-day certificate: $(tail -n 3 "$OUT/soon.log")"
code=$(req soon GET /v1/inbox); expect "inbox with a certificate expiring soon" "$code" 200
grep -qi '^Warning: 299 carexd "client certificate expires in [0-9]* days"' "$OUT/headers" && ok || fail "expiry warning header: $(cat "$OUT/headers")"
( cd "$P/.ca/dev" &&
  openssl ecparam -name prime256v1 -genkey -noout -out "$P/future.key" &&
  openssl req -new -key "$P/future.key" -subj "/O=Possilpark Medical Practice/CN=gp-43021" -out "$P/future.csr" &&
  openssl rand -hex 8 > serial &&
  openssl ca -batch -config ../openssl.cnf -cert "$P/ca.pem" -keyfile "$P/ca.key" \
	-extensions ext_client -startdate "$(date -u -d '+10 days' +%Y%m%d%H%M%SZ)" \
	-enddate "$(date -u -d '+400 days' +%Y%m%d%H%M%SZ)" -notext -in "$P/future.csr" -out "$P/future.pem" ) > "$OUT/future.log" 2>&1 ||
	fail "issuing a certificate valid from next week: $(tail -n 3 "$OUT/future.log")"
code=$(req future GET /v1/inbox)
[ "$code" = 000 ] && ok || fail "a certificate not yet valid is refused (got $code)"
grep -q "event=tls-refused reason=not-yet-valid cn=gp-43021" "$OUT/carexd.log" && ok || fail "log names a certificate not yet valid"
code=$(req gp-43021 GET /v1/inbox); expect "inbox with a year-long certificate" "$code" 200
not_contains "no warning for a certificate with a year left" "$OUT/headers" "Warning:"

stop_carexd
[ "$RC" -eq 0 ] && ok || fail "carexd exits 0 ($RC)"

# -- pins and purge: a directory pinning gp-43021 to its certificate and
# gp-43302 to another, retention 1 s, a purge every second
fp() { openssl x509 -in "$1" -outform DER | openssl dgst -sha256 -r | cut -c1-64; }
awk -v a="$(fp "$P/gp-43021.pem")" -v b="$(fp "$P/gp-43021.pem")" '
	/<participant code="gp-43021"/ { pin = a } /<participant code="gp-43302"/ { pin = b }
	/<\/participant>/ && pin != "" { print "    <pin sha256=\"" pin "\"/>"; pin = "" }
	{ print }' "$E/directory.xml" > "$OUT/pinned.xml"
check "pinned directory is valid" xmllint --noout --schema "$SRCDIR/schemas/directory.xsd" "$OUT/pinned.xml"
DIRECTORY=$OUT/pinned.xml
EXTRA_CONF="retention = 1s
purge_interval = 1s"
start_carexd
code=$(req gp-43021 GET /v1/inbox); expect "pinned certificate accepted" "$code" 200
code=$(req soon GET /v1/inbox)
[ "$code" = 000 ] && ok || fail "another certificate of the pinned participant refused (got $code)"
code=$(req gp-43302 GET /v1/inbox)
[ "$code" = 000 ] && ok || fail "certificate not matching its pin refused (got $code)"
grep -q "event=tls-refused reason=pin-mismatch cn=gp-43302" "$OUT/carexd.log" && ok || fail "log names the pin mismatch"
stamp "$E/care-summary.xml" adrs-ne-cs-2025-0993 > "$OUT/cs4.xml"
code=$(submit adrs-glasgow "$OUT/cs4.xml"); expect "a document kept for 1 s" "$code" 201
gone=$(cat "$OUT/id")
wait_log "event=purge documents=" && ok || fail "purge logged"
sleep 1.2
code=$(req gp-43021 GET "/v1/documents/$gone"); expect "purged document is gone" "$code" 404
code=$(req gp-43021 GET /v1/inbox)
not_contains "purged document left the inbox" "$OUT/body" "$gone"
wait_log "event=audit-head seq=[0-9]* hash=[0-9a-f]\{64\}" && ok || fail "audit head logged"
stop_carexd
[ "$RC" -eq 0 ] && ok || fail "carexd exits 0 ($RC)"
n=$(sqlite3 "$OUT/var/carex.db" "SELECT count(*) FROM audit WHERE action = 'purge' AND doc_id = '$gone'")
[ "$n" = 1 ] && ok || fail "the purge is audited ($n)"
n=$(sqlite3 "$OUT/var/carex.db" "SELECT count(*) FROM documents WHERE id = '$gone'")
[ "$n" = 0 ] && ok || fail "purged from the store ($n left)"
n=$(sqlite3 "$OUT/var/carex.db" "SELECT count(*) FROM documents")
[ "$n" -ge 5 ] && ok || fail "documents within their retention are kept ($n)"
head=$(sed -n 's/.*event=audit-head seq=\([0-9]*\) hash=\([0-9a-f]*\).*/\1 \2/p' "$OUT/carexd.log" | tail -n 1)
row=$(sqlite3 "$OUT/var/carex.db" "SELECT seq || ' ' || hash FROM audit WHERE seq = ${head%% *}")
[ -n "$head" ] && [ "$row" = "$head" ] && ok || fail "logged head matches the chain ('$head' vs '$row')"
"$CAREX" audit verify "$OUT/var/carex.db" > "$OUT/a.txt" 2>&1
[ $? -eq 0 ] && ok || fail "audit verify after purges: $(cat "$OUT/a.txt")"

finish
