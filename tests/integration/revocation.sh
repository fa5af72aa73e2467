#!/bin/sh
# SPDX-License-Identifier: MIT
# Revocation for the whole life of a connection, against a real carexd:
# a reload that revokes a certificate closes the connections it has open
# (idle ones at once, a request being read is refused when it arrives)
# and its sessions do not resume; when the CRL's nextUpdate passes every
# kind of access is refused (new, resumed, open) and the log says it is
# the CRL, after warnings; carexd -n, a start and a reload refuse a CRL
# that is expired, from the future or not the CA's; the CN is read as
# the ASN.1 string it is (NUL, two CNs, odd string types, a newline).
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"

TC="python3 $SRCDIR/tests/integration/tlsconn.py 127.0.0.1"
CA="openssl ca -config ../openssl.cnf"

# gencrl [openssl ca options]: OUT/pki/crl.pem anew from the dev CA.
gencrl() {
	( cd "$P/.ca/dev" && $CA -gencrl -cert "$P/ca.pem" -keyfile "$P/ca.key" \
		-crlexts ext_crl "$@" -out "$P/crl.pem" ) >> "$OUT/ca.log" 2>&1 ||
		fail "gencrl $*: $(tail -n 3 "$OUT/ca.log")"
}
revoke() {
	( cd "$P/.ca/dev" && $CA -cert "$P/ca.pem" -keyfile "$P/ca.key" \
		-revoke "$P/$1.pem" -crl_reason keyCompromise ) >> "$OUT/ca.log" 2>&1 ||
		fail "revoke $1: $(tail -n 3 "$OUT/ca.log")"
}
# seen FILE TEXT: wait (at most 20 s) for a line in a client's output.
seen() { poll 20 grep -qF -- "$2" "$1"; }
tc() { _who=$1; shift; $TC "$PORT" "$P/ca.pem" "$P/$_who.pem" "$P/$_who.key" "$@"; }

# Connections wait idle across the reload and the expiry: only carexd's
# re-check may close them, not its idle timeout.
EXTRA_CONF="timeout = 60"
start_carexd

# -- a reload that revokes gp-43302 closes what it has open
tc gp-43302 open idle get idle /v1/inbox resume r1 idle \
	open mid get mid /v1/inbox part mid /v1/inbox \
	wait "$OUT/reloaded" closed idle rest mid resume again idle \
	> "$OUT/tc1.txt" 2>&1 &
TC1=$!
tc gp-43021 open other get other /v1/inbox wait "$OUT/reloaded" get other /v1/inbox \
	> "$OUT/tc2.txt" 2>&1 &
TC2=$!
seen "$OUT/tc1.txt" "mid part" && seen "$OUT/tc2.txt" "other status 200" && ok ||
	fail "clients connected before the reload: $(cat "$OUT/tc1.txt" "$OUT/tc2.txt")"
contains "before the reload the session resumes" "$OUT/tc1.txt" "r1 resumed"
revoke gp-43302
gencrl -crldays 30
kill -HUP "$PID"
wait_log "event=reload status=ok generation=2" && ok || fail "reload: $(tail -n 3 "$OUT/carexd.log")"
touch "$OUT/reloaded"
wait "$TC1" "$TC2"
contains "the idle keep-alive of a revoked certificate is closed by the reload" "$OUT/tc1.txt" "idle closed"
contains "a request arriving on it after the reload is refused, and the connection closed" "$OUT/tc1.txt" "mid status 403 close"
contains "its session does not resume after the reload" "$OUT/tc1.txt" "again refused"
[ "$(grep -c 'other status 200' "$OUT/tc2.txt")" -eq 2 ] && ok ||
	fail "another participant's open connection is still served: $(cat "$OUT/tc2.txt")"
contains "log: the reload closed it" "$OUT/carexd.log" "event=connection-closed reason=revoked cn=gp-43302"
contains "log: ... saying why" "$OUT/carexd.log" "why=reload phase=idle"
contains "log: the request on the open connection refused" "$OUT/carexd.log" "event=tls-refused reason=revoked cn=gp-43302"
contains "log: ... on an open connection" "$OUT/carexd.log" "when=open"
[ "$(metric 'carex_tls_refusals_total{reason="revoked"}')" -ge 2 ] && ok ||
	fail "refusals counted: $(metric 'carex_tls_refusals_total{reason="revoked"}')"
stop_carexd

# -- the CRL's nextUpdate: warnings, then everything refused, then a fix
gencrl -crlsec 15
EXTRA_CONF="timeout = 60
crl_warn = 1h"
start_carexd
contains "warned at start: the CRL expires within crl_warn" "$OUT/carexd.log" "event=crl-expiring next_update="
contains "... with the time left" "$OUT/carexd.log" "seconds_left="
[ "$(metric carex_crl_expiring)" = 1 ] && ok || fail "metric carex_crl_expiring 1: $(metric carex_crl_expiring)"
[ "$(metric carex_crl_expired)" = 0 ] && ok || fail "metric carex_crl_expired 0"
[ -n "$(metric carex_crl_next_update_timestamp_seconds)" ] && ok || fail "metric of nextUpdate"
tc gp-43021 open a get a /v1/inbox resume r a open b get b /v1/inbox part b /v1/inbox \
	wait "$OUT/expired" closed a rest b resume again a open fresh \
	> "$OUT/tc3.txt" 2>&1 &
TC3=$!
seen "$OUT/tc3.txt" "b part" && ok || fail "clients before the expiry: $(cat "$OUT/tc3.txt")"
contains "resumption works before the expiry" "$OUT/tc3.txt" "r resumed"
poll 25 grep -q "event=crl-expired" "$OUT/carexd.log" && ok || fail "the expiry is logged: $(tail -n 3 "$OUT/carexd.log")"
touch "$OUT/expired"
wait "$TC3"
contains "an open idle connection is closed when the CRL expires" "$OUT/tc3.txt" "a closed"
contains "a request on an open connection: 503, closed" "$OUT/tc3.txt" "b status 503 close"
contains "a resumed session is refused" "$OUT/tc3.txt" "again refused"
contains "a new handshake is refused" "$OUT/tc3.txt" "fresh refused"
code=$(req adrs-glasgow GET /v1/inbox); expect "curl refused after the expiry" "$code" 000
contains "log says the CRL is at fault" "$OUT/carexd.log" "msg=\"the CRL is out of date"
contains "log counts the connections it closes (two idle, one reading)" "$OUT/carexd.log" "closed=3"
not_contains "not logged as the client's fault" "$OUT/carexd.log" "event=tls-refused reason=crl-expired"
[ "$(metric carex_crl_expired)" = 1 ] && ok || fail "metric carex_crl_expired 1"
[ "$(metric 'carex_tls_refusals_total{reason="crl-expired"}')" -ge 3 ] && ok ||
	fail "crl-expired refusals counted: $(metric 'carex_tls_refusals_total{reason="crl-expired"}')"
# a reload with an expired CRL keeps the generation (still refusing)
kill -HUP "$PID"
wait_log "event=reload status=failed" && ok || fail "reload with the expired CRL fails"
contains "... saying so" "$OUT/carexd.log" "expired at"
gencrl -crldays 30
kill -HUP "$PID"
wait_log "event=reload status=ok" && ok || fail "reload with a fresh CRL"
code=$(req adrs-glasgow GET /v1/inbox); expect "served again with a fresh CRL" "$code" 200
[ "$(metric carex_crl_expired)" = 0 ] && ok || fail "metric carex_crl_expired back to 0"
[ "$(metric carex_crl_expiring)" = 0 ] && ok || fail "metric carex_crl_expiring 0 (30 days > 1h)"
stop_carexd
cp "$P/crl.pem" "$OUT/good-crl.pem"

# -- carexd -n, and a start, refuse a CRL that cannot be used
ncheck() {	# ncheck WHAT MESSAGE: -n fails with MESSAGE, and so does a start
	"$CAREXD" -n -f "$OUT/carexd.conf" > "$OUT/n.txt" 2>&1
	[ $? -eq 1 ] && ok || fail "carexd -n refuses $1"
	contains "carexd -n: $1" "$OUT/n.txt" "$2"
	"$CAREXD" -f "$OUT/carexd.conf" > "$OUT/start.txt" 2>&1 &
	_p=$!
	poll 10 sh -c "! kill -0 $_p 2>/dev/null"
	if kill -0 "$_p" 2>/dev/null; then kill "$_p"; fail "carexd started with $1"; else ok; fi
	wait "$_p" 2>/dev/null
	contains "carexd refuses to start: $1" "$OUT/start.txt" "$2"
}
"$CAREXD" -n -f "$OUT/carexd.conf" > "$OUT/n.txt" 2>&1
[ $? -eq 0 ] && ok || fail "carexd -n passes a good CRL: $(cat "$OUT/n.txt")"
gencrl -crl_lastupdate 20200101000000Z -crl_nextupdate 20200201000000Z
ncheck "an expired CRL" "expired at Feb 1 00:00:00 2020 GMT (its nextUpdate): issue a fresh one"
gencrl -crl_lastupdate "$(date -u -d '+2 days' +%Y%m%d%H%M%SZ)" -crl_nextupdate "$(date -u -d '+30 days' +%Y%m%d%H%M%SZ)"
ncheck "a CRL from the future" "is issued in the future (lastUpdate"
( cd "$P/.ca/foreign" && $CA -gencrl -cert "$P/foreign-ca.pem" -keyfile "$P/.ca/foreign/ca.key" \
	-crldays 30 -out "$P/crl.pem" ) >> "$OUT/ca.log" 2>&1 || fail "foreign CRL: $(tail -n 3 "$OUT/ca.log")"
ncheck "a CRL of another CA" "is not from a CA of the ca file"
# the dev CA's name, another key's signature
python3 - "$P" <<'PY' || fail "forged CRL"
import datetime, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
p = sys.argv[1]
ca = x509.load_pem_x509_certificate(open(p + "/ca.pem", "rb").read())
now = datetime.datetime.now(datetime.timezone.utc)
crl = (x509.CertificateRevocationListBuilder().issuer_name(ca.subject)
       .last_update(now - datetime.timedelta(hours=1))
       .next_update(now + datetime.timedelta(days=30))
       .sign(ec.generate_private_key(ec.SECP256R1()), hashes.SHA256()))
open(p + "/crl.pem", "wb").write(crl.public_bytes(serialization.Encoding.PEM))
PY
ncheck "a CRL in the CA's name with another key's signature" "has a signature the CA's key does not verify"
printf 'not a CRL\n' > "$P/crl.pem"
ncheck "a file with no CRL" "holds no CRL"
cp "$OUT/good-crl.pem" "$P/crl.pem"

# -- the CN is the ASN.1 string it is
EXTRA_CONF=
start_carexd
for kind in nul two tworev bmp teletex newline none plain; do
	python3 "$SRCDIR/tests/integration/oddcert.py" "$P/ca.pem" "$P/ca.key" \
		"$P/odd-$kind" "$kind" gp-43302 2> "$OUT/odd.err" || fail "oddcert $kind: $(cat "$OUT/odd.err")"
	code=$(req "odd-$kind" GET /v1/inbox)
	case $kind in
	plain) expect "an honest certificate made the same way is served" "$code" 200 ;;
	*) expect "CN $kind refused" "$code" 000 ;;
	esac
done
[ "$(grep -c 'event=tls-refused reason=bad-name' "$OUT/carexd.log")" -eq 7 ] && ok ||
	fail "each refused as bad-name: $(grep tls-refused "$OUT/carexd.log")"
[ "$(metric 'carex_tls_refusals_total{reason="bad-name"}')" = 7 ] && ok || fail "bad-name refusals counted"
if grep -q '^event=forged' "$OUT/carexd.log"; then fail "a newline in the CN forged a log line"; else ok; fi
grep 'reason=bad-name' "$OUT/carexd.log" | grep -q 'event=forged' && ok ||
	fail "the forged text is in the refusal's own line, escaped"
stop_carexd
[ "$RC" -eq 0 ] && ok || fail "carexd exits 0: $RC"
finish
