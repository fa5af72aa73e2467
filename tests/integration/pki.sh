#!/bin/sh
# SPDX-License-Identifier: MIT
# certs/mkpki makes the development PKI: a CA, a CRL, a server certificate
# for localhost, a client certificate per directory code, and revoked,
# expired, foreign and unknown ones that openssl verify treats as their
# names say. A second run changes nothing; a partial PKI is left alone.
# The suite's idiom "[ test ] && ok || fail" is safe: ok cannot fail.
# shellcheck disable=SC2015,SC2181
. "$SRCDIR/tests/lib.sh"
MKPKI=$SRCDIR/certs/mkpki
DIRXML=$SRCDIR/examples/directory.xml
P=$OUT/pki

limited sh "$MKPKI" "$P" > "$OUT/run1.txt" 2>&1
[ $? -eq 0 ] && ok || fail "mkpki runs: $(cat "$OUT/run1.txt")"
contains "one-line summary" "$OUT/run1.txt" "made a development PKI in"
[ "$(wc -l < "$OUT/run1.txt")" -eq 1 ] && ok || fail "summary is one line: $(cat "$OUT/run1.txt")"
case $(ls -ld "$P") in
drwx------*) ok ;;
*) fail "PKI directory is mode 0700: $(ls -ld "$P")" ;;
esac

# verify NAME [options]: openssl verify of NAME.pem against the CA and CRL;
# its output in OUT/v.txt.
verify() {
	_n=$1; shift
	openssl verify -CAfile "$P/ca.pem" -CRLfile "$P/crl.pem" -crl_check \
		"$@" "$P/$_n.pem" > "$OUT/v.txt" 2>&1
}
# field NAME OPTION: one field of NAME.pem, e.g. field ca -subject.
field() { openssl x509 -in "$P/$1.pem" -noout -nameopt RFC2253,utf8 "$2"; }
text() { openssl x509 -in "$P/$1.pem" -noout -text > "$OUT/t.txt"; }
ski() { text "$1"; awk '/Subject Key Identifier/ { getline; print $1 }' "$OUT/t.txt"; }
aki() { text "$1"; awk '/Authority Key Identifier/ { getline; sub(/^keyid:/, "", $1); print $1 }' "$OUT/t.txt"; }

# The CA: self-signed, 5 years, keyCertSign and cRLSign, no leaf EKU.
check "CA is self-signed" openssl verify -CAfile "$P/ca.pem" "$P/ca.pem"
text ca
contains "CA is v3" "$OUT/t.txt" "Version: 3 (0x2)"
contains "CA basicConstraints" "$OUT/t.txt" "X509v3 Basic Constraints: critical CA:TRUE"
contains "CA keyUsage" "$OUT/t.txt" "X509v3 Key Usage: critical Certificate Sign, CRL Sign"
contains "CA signed with SHA-256" "$OUT/t.txt" "Signature Algorithm: ecdsa-with-SHA256"
check "CA valid for more than 4 years" openssl x509 -in "$P/ca.pem" -noout -checkend $((4 * 366 * 86400))
openssl x509 -in "$P/ca.pem" -noout -checkend $((5 * 366 * 86400)) > /dev/null 2>&1 &&
	fail "CA valid for no more than 5 years" || ok
CA_SKI=$(ski ca)
[ -n "$CA_SKI" ] && [ "$(aki ca)" = "$CA_SKI" ] && ok || fail "CA has matching SKI and AKI"

# Every participant in the directory: a certificate that verifies as a
# TLS client, CN the code, O the participant's name, valid for a year.
n=0
serials=
# shellcheck disable=SC2013 # codes are single words
for code in $(sed -n 's/.*<participant[^>]* code="\([^"]*\)".*/\1/p' "$DIRXML"); do
	n=$((n + 1))
	name=$(sed -n "/code=\"$code\"/,/<\/name>/s/.*<name>\(.*\)<\/name>.*/\1/p" "$DIRXML" | head -n 1)
	for f in "$code.pem" "$code.key"; do
		[ -s "$P/$f" ] && ok || fail "$f made"
	done
	verify "$code" -purpose sslclient
	[ $? -eq 0 ] && ok || fail "$code.pem verifies with the CRL: $(cat "$OUT/v.txt")"
	[ "$(field "$code" -subject)" = "subject=CN=$code,O=$name" ] && ok ||
		fail "$code.pem subject: $(field "$code" -subject), want CN=$code,O=$name"
	text "$code"
	contains "$code is v3" "$OUT/t.txt" "Version: 3 (0x2)"
	contains "$code basicConstraints" "$OUT/t.txt" "X509v3 Basic Constraints: critical CA:FALSE"
	contains "$code keyUsage" "$OUT/t.txt" "X509v3 Key Usage: critical Digital Signature"
	contains "$code clientAuth" "$OUT/t.txt" "X509v3 Extended Key Usage: TLS Web Client Authentication"
	not_contains "$code not serverAuth" "$OUT/t.txt" "TLS Web Server Authentication"
	contains "$code signed with SHA-256" "$OUT/t.txt" "Signature Algorithm: ecdsa-with-SHA256"
	[ -n "$(ski "$code")" ] && ok || fail "$code has a subject key id"
	[ "$(aki "$code")" = "$CA_SKI" ] && ok || fail "$code authority key id is the CA's"
	check "$code valid for 364 days" openssl x509 -in "$P/$code.pem" -noout -checkend $((364 * 86400))
	openssl x509 -in "$P/$code.pem" -noout -checkend $((366 * 86400)) > /dev/null 2>&1 &&
		fail "$code valid for no more than a year" || ok
	serials="$serials $(field "$code" -serial)"
done
[ "$n" -eq 10 ] && ok || fail "10 participants in the example directory, found $n"

# Serial numbers: random, 128 bits, all different.
for s in $serials; do
	s=${s#serial=}
	[ ${#s} -ge 24 ] && [ ${#s} -le 32 ] && ok || fail "serial $s is a 128-bit number"
done
# shellcheck disable=SC2086 # one serial a line
[ "$(printf '%s\n' $serials | sort -u | wc -l)" -eq "$n" ] && ok || fail "serials differ"

# The server: localhost and 127.0.0.1, serverAuth and clientAuth.
verify server -purpose sslserver -verify_hostname localhost
[ $? -eq 0 ] && ok || fail "server.pem verifies as a server for localhost: $(cat "$OUT/v.txt")"
verify server -purpose sslserver -verify_ip 127.0.0.1
[ $? -eq 0 ] && ok || fail "server.pem verifies as a server for 127.0.0.1: $(cat "$OUT/v.txt")"
verify server -purpose sslclient
[ $? -eq 0 ] && ok || fail "server.pem verifies as a client (push delivery): $(cat "$OUT/v.txt")"
text server
contains "server SAN" "$OUT/t.txt" "X509v3 Subject Alternative Name: DNS:localhost, IP Address:127.0.0.1"
contains "server EKU" "$OUT/t.txt" "TLS Web Server Authentication, TLS Web Client Authentication"
contains "server keyUsage" "$OUT/t.txt" "X509v3 Key Usage: critical Digital Signature"
[ "$(aki server)" = "$CA_SKI" ] && ok || fail "server authority key id is the CA's"

# The CRL: signed by the CA, numbered, 30 days, lists revoked.pem only.
check "CRL signed by the CA" openssl crl -in "$P/crl.pem" -noout -CAfile "$P/ca.pem"
openssl crl -in "$P/crl.pem" -noout -text > "$OUT/crl.txt"
contains "CRL is v2" "$OUT/crl.txt" "Version 2 (0x1)"
contains "CRL number" "$OUT/crl.txt" "X509v3 CRL Number:"
contains "CRL authority key id" "$OUT/crl.txt" "X509v3 Authority Key Identifier: $CA_SKI"
contains "CRL signed with SHA-256" "$OUT/crl.txt" "Signature Algorithm: ecdsa-with-SHA256"
revoked_serial=$(field revoked -serial)
contains "CRL lists revoked.pem" "$OUT/crl.txt" "Serial Number: ${revoked_serial#serial=}"
[ "$(grep -c 'Serial Number:' "$OUT/crl.txt")" -eq 1 ] && ok || fail "CRL lists one certificate"
last=$(openssl crl -in "$P/crl.pem" -noout -lastupdate | sed 's/^lastUpdate=//')
next=$(openssl crl -in "$P/crl.pem" -noout -nextupdate | sed 's/^nextUpdate=//')
if l=$(date -u -d "$last" +%s 2>/dev/null) && x=$(date -u -d "$next" +%s 2>/dev/null); then
	[ $((x - l)) -eq $((30 * 86400)) ] && ok || fail "CRL valid for 30 days: $last to $next"
	now=$(date -u +%s)
	[ $((now - l)) -ge 0 ] && [ $((now - l)) -lt 600 ] && ok || fail "CRL signed now: $last"
fi

# Revoked: a second certificate for gp-43187, refused with the CRL.
[ "$(field revoked -subject)" = "subject=CN=gp-43187,O=Govanhill Family Practice" ] && ok ||
	fail "revoked.pem subject: $(field revoked -subject)"
[ "$(field revoked -fingerprint)" != "$(field gp-43187 -fingerprint)" ] && ok ||
	fail "revoked.pem is not gp-43187.pem"
verify revoked -purpose sslclient
[ $? -ne 0 ] && ok || fail "revoked.pem refused"
contains "revoked.pem reason" "$OUT/v.txt" "certificate revoked"
check "revoked.pem verifies without the CRL" openssl verify -CAfile "$P/ca.pem" "$P/revoked.pem"

# Expired: gp-43021, 2020-01-01 to 2020-01-02.
[ "$(field expired -subject)" = "subject=CN=gp-43021,O=Possilpark Medical Practice" ] && ok ||
	fail "expired.pem subject: $(field expired -subject)"
[ "$(field expired -startdate)" = "notBefore=Jan  1 00:00:00 2020 GMT" ] && ok ||
	fail "expired.pem start: $(field expired -startdate)"
[ "$(field expired -enddate)" = "notAfter=Jan  2 00:00:00 2020 GMT" ] && ok ||
	fail "expired.pem end: $(field expired -enddate)"
verify expired -purpose sslclient
[ $? -ne 0 ] && ok || fail "expired.pem refused"
contains "expired.pem reason" "$OUT/v.txt" "certificate has expired"

# Foreign: gp-43021 from another CA, which verifies it; ours does not.
[ "$(field foreign -subject)" = "subject=CN=gp-43021,O=Possilpark Medical Practice" ] && ok ||
	fail "foreign.pem subject: $(field foreign -subject)"
verify foreign -purpose sslclient
[ $? -ne 0 ] && ok || fail "foreign.pem refused"
contains "foreign.pem reason" "$OUT/v.txt" "unable to get local issuer certificate"
check "foreign.pem verifies against foreign-ca.pem" \
	openssl verify -CAfile "$P/foreign-ca.pem" -purpose sslclient "$P/foreign.pem"
[ "$(field foreign-ca -subject)" != "$(field ca -subject)" ] && ok || fail "foreign CA has another name"
[ ! -e "$P/foreign-ca.key" ] && ok || fail "foreign CA key kept out of sight"

# Unknown: issued by our CA for a code the directory does not list.
verify unknown -purpose sslclient
[ $? -eq 0 ] && ok || fail "unknown.pem verifies: $(cat "$OUT/v.txt")"
case $(field unknown -subject) in
subject=CN=gp-99999,*) ok ;;
*) fail "unknown.pem CN gp-99999: $(field unknown -subject)" ;;
esac
grep -q 'code="gp-99999"' "$DIRXML" && fail "gp-99999 is not in the directory" || ok

# Keys: EC P-256, mode 0600, matching their certificates.
nkeys=0
for k in "$P"/*.key; do
	[ "$k" = "$P/audit.key" ] && continue	# below: no certificate
	nkeys=$((nkeys + 1))
	b=$(basename "$k" .key)
	openssl pkey -in "$k" -noout -text > "$OUT/k.txt" 2>&1
	contains "$b.key is P-256" "$OUT/k.txt" "ASN1 OID: prime256v1"
	case $(ls -l "$k") in
	-rw-------*) ok ;;
	*) fail "$b.key is mode 0600: $(ls -l "$k")" ;;
	esac
	[ "$(openssl pkey -in "$k" -pubout)" = "$(openssl x509 -in "$P/$b.pem" -noout -pubkey)" ] &&
		ok || fail "$b.key matches $b.pem"
done
[ "$nkeys" -eq $((n + 6)) ] && ok || fail "$((n + 6)) keys, found $nkeys"
# carexd's audit_key: Ed25519, 0600, no certificate
openssl pkey -in "$P/audit.key" -noout -text > "$OUT/k.txt" 2>&1
contains "audit.key is Ed25519" "$OUT/k.txt" "ED25519 Private-Key"
case $(ls -l "$P/audit.key") in
-rw-------*) ok ;;
*) fail "audit.key is mode 0600: $(ls -l "$P/audit.key")" ;;
esac
for c in "$P"/*.pem; do
	[ "$c" = "$P/crl.pem" ] && continue
	openssl x509 -in "$c" -noout -text > "$OUT/c.txt"
	contains "$(basename "$c") has a P-256 key" "$OUT/c.txt" "ASN1 OID: prime256v1"
done

# A TLS handshake, where a port is free: carexd-like server, client
# certificates checked against the CA and the CRL.
port=$((20000 + $$ % 20000))
timeout 20 openssl s_server -accept "127.0.0.1:$port" -naccept 2 -www \
	-cert "$P/server.pem" -key "$P/server.key" -CAfile "$P/ca.pem" \
	-CRL "$P/crl.pem" -crl_check -Verify 1 -verify_return_error \
	> "$OUT/srv.txt" 2>&1 &
srv=$!
i=0
while [ $i -lt 50 ] && ! grep -q ACCEPT "$OUT/srv.txt"; do
	sleep 0.1 2>/dev/null || sleep 1
	i=$((i + 1))
done
if grep -q ACCEPT "$OUT/srv.txt"; then
	printf 'GET / HTTP/1.0\r\n\r\n' | limited openssl s_client -connect "127.0.0.1:$port" \
		-servername localhost -verify_hostname localhost -verify_return_error \
		-CAfile "$P/ca.pem" -cert "$P/gp-43021.pem" -key "$P/gp-43021.key" \
		-ign_eof > "$OUT/cli.txt" 2>&1
	contains "TLS with gp-43021.pem" "$OUT/cli.txt" "Verify return code: 0 (ok)"
	contains "server accepts gp-43021.pem" "$OUT/cli.txt" "HTTP/1.0 200 ok"
	printf 'GET / HTTP/1.0\r\n\r\n' | limited openssl s_client -connect "127.0.0.1:$port" \
		-servername localhost -CAfile "$P/ca.pem" \
		-cert "$P/revoked.pem" -key "$P/revoked.key" -ign_eof > "$OUT/cli.txt" 2>&1
	not_contains "server refuses revoked.pem" "$OUT/cli.txt" "HTTP/1.0 200 ok"
	wait "$srv"
	contains "server says why" "$OUT/srv.txt" "certificate revoked"
else
	kill "$srv" 2>/dev/null
	wait "$srv" 2>/dev/null
	printf 'SKIP: TLS handshake (no s_server on port %s: %s)\n' "$port" "$(head -n 1 "$OUT/srv.txt")"
fi

# A second run changes nothing and says so.
(cd "$P" && find . -type f | sort | xargs sha256sum) > "$OUT/sums1.txt"
limited sh "$MKPKI" "$P" > "$OUT/run2.txt" 2>&1
[ $? -eq 0 ] && ok || fail "second run succeeds: $(cat "$OUT/run2.txt")"
contains "second run says so" "$OUT/run2.txt" "already holds a complete development PKI; nothing to do"
(cd "$P" && find . -type f | sort | xargs sha256sum) > "$OUT/sums2.txt"
check "second run leaves every file unchanged" cmp "$OUT/sums1.txt" "$OUT/sums2.txt"

# A PKI from before audit.key gets one added, everything else as it was.
rm "$P/audit.key"
limited sh "$MKPKI" "$P" > "$OUT/run2b.txt" 2>&1
[ $? -eq 0 ] && ok || fail "a PKI lacking only audit.key is completed: $(cat "$OUT/run2b.txt")"
contains "and says so" "$OUT/run2b.txt" "added audit.key"
[ "$(stat -c %a "$P/audit.key")" = 600 ] && ok || fail "the added audit.key is 0600"
(cd "$P" && find . -type f | sort | xargs sha256sum) | grep -v ' ./audit.key$' > "$OUT/sums2b.txt"
grep -v ' ./audit.key$' "$OUT/sums1.txt" > "$OUT/sums1a.txt"
check "nothing else changed" cmp "$OUT/sums1a.txt" "$OUT/sums2b.txt"
(cd "$P" && find . -type f | sort | xargs sha256sum) > "$OUT/sums1.txt"

# A partial PKI is refused, untouched; -f regenerates it.
cp "$P/ca.pem" "$OUT/ca1.pem"
rm "$P/ph-3310.key"
limited sh "$MKPKI" "$P" > "$OUT/run3.txt" 2>&1
[ $? -ne 0 ] && ok || fail "partial PKI refused"
contains "partial PKI message" "$OUT/run3.txt" "holds a partial PKI (missing ph-3310.key)"
(cd "$P" && find . -type f | sort | xargs sha256sum) > "$OUT/sums3.txt"
grep -v ' ./ph-3310.key$' "$OUT/sums1.txt" > "$OUT/sums1b.txt"
check "partial PKI untouched" cmp "$OUT/sums1b.txt" "$OUT/sums3.txt"
limited sh "$MKPKI" -f "$P" > "$OUT/run4.txt" 2>&1
[ $? -eq 0 ] && ok || fail "-f regenerates: $(cat "$OUT/run4.txt")"
[ -s "$P/ph-3310.key" ] && ok || fail "-f makes the missing key"
# shellcheck disable=SC2016 # expanded by that sh
check "-f: a new CA" sh -c '! cmp -s "$1/ca.pem" "$2"' sh "$P" "$OUT/ca1.pem"
check "-f: ph-3310 verifies against the new CA" openssl verify -CAfile "$P/ca.pem" \
	-CRLfile "$P/crl.pem" -crl_check "$P/ph-3310.pem"

# A failed run changes nothing: openssl failing at the CRL step.
mkdir "$OUT/bin"
cat > "$OUT/bin/openssl" <<EOF
#!/bin/sh
case " \$* " in *" -gencrl "*) echo "simulated failure" >&2; exit 1 ;; esac
exec $(command -v openssl) "\$@"
EOF
chmod +x "$OUT/bin/openssl"
(cd "$P" && find . -type f | sort | xargs sha256sum) > "$OUT/sums5.txt"
PATH="$OUT/bin:$PATH" limited sh "$MKPKI" -f "$P" > "$OUT/run5.txt" 2>&1
[ $? -ne 0 ] && ok || fail "openssl failure is a failure"
contains "failure message" "$OUT/run5.txt" "failed to make the CRL"
contains "openssl's words shown" "$OUT/run5.txt" "simulated failure"
(cd "$P" && find . -type f | sort | xargs sha256sum) > "$OUT/sums6.txt"
check "failed -f run leaves the PKI as it was" cmp "$OUT/sums5.txt" "$OUT/sums6.txt"
[ -z "$(find "$P" -maxdepth 1 -name '.mkpki*')" ] && ok || fail "no staging or lock left behind"

# -d: another directory; its codes, and unusable ones refused.
cat > "$OUT/dir.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<directory xmlns="urn:carex:directory:1">
  <participant code="gp-43187" role="gp">
    <name>Zoë's A/B + C Practice</name>
    <address><line>1 Street</line><postcode>G1 1AA</postcode></address>
  </participant>
  <participant code="ph-9" role="pharmacy">
    <name>Ninth Pharmacy</name>
    <address><line>9 Street</line><postcode>G9 9ZZ</postcode></address>
  </participant>
</directory>
EOF
limited sh "$MKPKI" -d "$OUT/dir.xml" "$OUT/pki2" > "$OUT/run6.txt" 2>&1
[ $? -eq 0 ] && ok || fail "-d FILE: $(cat "$OUT/run6.txt")"
contains "-d summary" "$OUT/run6.txt" "2 participants"
contains "-d warns of a missing test identity" "$OUT/run6.txt" "gp-43021 is not in"
[ -s "$OUT/pki2/ph-9.pem" ] && [ ! -e "$OUT/pki2/ph-1187.pem" ] && ok || fail "-d codes used"
openssl x509 -in "$OUT/pki2/gp-43187.pem" -noout -subject -nameopt utf8,sep_multiline > "$OUT/s.txt"
contains "-d: name with / and + kept" "$OUT/s.txt" "O=Zoë's A/B + C Practice"
sed 's/code="ph-9"/code="crl"/' "$OUT/dir.xml" > "$OUT/clash.xml"
limited sh "$MKPKI" -d "$OUT/clash.xml" "$OUT/pki3" > "$OUT/run7.txt" 2>&1
[ $? -ne 0 ] && ok || fail "code clashing with crl.pem refused"
contains "clash message" "$OUT/run7.txt" "code 'crl' clashes"
[ ! -e "$OUT/pki3" ] && ok || fail "nothing made for a refused directory"
limited sh "$MKPKI" -d "$OUT/none.xml" "$OUT/pki3" > "$OUT/run8.txt" 2>&1
[ $? -ne 0 ] && ok || fail "missing directory refused"
contains "missing directory message" "$OUT/run8.txt" "cannot read the participant directory"
limited sh "$MKPKI" > "$OUT/run9.txt" 2>&1
[ $? -eq 2 ] && ok || fail "no DIR is a usage error"
contains "usage" "$OUT/run9.txt" "usage: mkpki"

finish
