#!/bin/sh
# SPDX-License-Identifier: MIT
# The drafting page in a real browser: the system's headless Chromium
# (Debian's chromium) driven over the DevTools protocol by puppeteer-core
# (tests/browser/ui.test.mjs), presenting the IJB's client certificate
# to a real carexd. Screenshots go to $CAREX_SCREENSHOTS (default
# BUILDDIR/tests/out/browser), kept after the run.
#
# Without chromium, node, npm or the NSS tools this test is skipped (77)
# for a developer's make check, and fails when CAREX_BROWSER_TESTS=require
# (scripts/quickstart.sh check, hence CI): it must never silently pass.
. "$SRCDIR/tests/lib.sh"
B=${BUILDDIR:-$SRCDIR}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
POLICY_DIR=${CAREX_CHROMIUM_POLICY_DIR:-/etc/chromium/policies/managed}

cannot() {
	if [ "${CAREX_BROWSER_TESTS:-}" = require ]; then
		fail "browser test cannot run: $*"
		finish
		exit 1
	fi
	echo "SKIP: browser test: $* (CAREX_BROWSER_TESTS=require makes this a failure)"
	exit 77
}
[ -x "$CHROMIUM" ] || cannot "no $CHROMIUM (apt-get install chromium)"
for t in node npm pk12util certutil openssl curl; do
	command -v "$t" > /dev/null 2>&1 || cannot "no $t (apt-get install chromium libnss3-tools nodejs npm)"
done
mkdir -p "$POLICY_DIR" 2>/dev/null && [ -w "$POLICY_DIR" ] ||
	cannot "cannot write the managed policy in $POLICY_DIR (run as root)"

# puppeteer-core from the lock file, outside the source tree; kept
# between runs while the lock file is unchanged.
NPM_DIR=${CAREX_NPM_DIR:-$B/tests/browser/npm}
mkdir -p "$NPM_DIR"
if ! cmp -s "$SRCDIR/tests/browser/package-lock.json" "$NPM_DIR/package-lock.json" ||
    [ ! -d "$NPM_DIR/node_modules/puppeteer-core" ]; then
	cp "$SRCDIR/tests/browser/package.json" "$SRCDIR/tests/browser/package-lock.json" "$NPM_DIR/"
	( cd "$NPM_DIR" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund ) \
	    > "$OUT/npm.log" 2>&1 || cannot "npm ci failed: $(tail -n 5 "$OUT/npm.log")"
fi
cp "$SRCDIR/tests/browser/ui.test.mjs" "$NPM_DIR/"

. "$SRCDIR/tests/integration/carexd.sh"
start_carexd

# The IJB's certificate in an NSS database in a throwaway HOME, the dev
# CA trusted for TLS servers.
H=$OUT/home
mkdir -p "$H/.pki/nssdb"
openssl pkcs12 -export -in "$P/ijb-glasgow.pem" -inkey "$P/ijb-glasgow.key" \
    -name ijb-glasgow -passout pass:carex -out "$OUT/ijb.p12" 2> "$OUT/p12.err" &&
certutil -N -d "sql:$H/.pki/nssdb" --empty-password > "$OUT/nss.log" 2>&1 &&
pk12util -i "$OUT/ijb.p12" -d "sql:$H/.pki/nssdb" -W carex >> "$OUT/nss.log" 2>&1 &&
certutil -A -n carex-dev-ca -t "C,," -i "$P/ca.pem" -d "sql:$H/.pki/nssdb" >> "$OUT/nss.log" 2>&1 &&
ok || { fail "NSS database: $(cat "$OUT/p12.err" "$OUT/nss.log" | tail -n 5)"; stop_carexd; finish; exit 1; }

# Chromium has no per-user policy on Linux: the managed policy that picks
# the certificate is machine-wide, so it is named for this run, matches
# only this run's port, and is removed at exit whatever happens.
POLICY=$POLICY_DIR/carex-ui-test-$$-$PORT.json
printf '{ "AutoSelectCertificateForUrls": [ "{\\"pattern\\": \\"https://localhost:%s\\", \\"filter\\": {\\"ISSUER\\": {\\"CN\\": \\"%s\\"}}}" ] }\n' \
    "$PORT" "$(openssl x509 -in "$P/ca.pem" -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= *//p')" > "$POLICY"
trap 'rm -f "$POLICY"; rm -rf "$OUT"' EXIT

SHOTS=${CAREX_SCREENSHOTS:-$B/tests/out/browser}
rm -rf "$SHOTS"
mkdir -p "$SHOTS"
echo "screenshots: $SHOTS"

start=$(date +%s)
HOME=$H UI_URL="https://localhost:$PORT/ui/" SHOTS=$SHOTS PKI=$P OUT=$OUT \
    CAREX=$CAREX SRCDIR=$SRCDIR CHROMIUM=$CHROMIUM \
    timeout 240 node "$NPM_DIR/ui.test.mjs" > "$OUT/browser.log" 2>&1
rc=$?
cat "$OUT/browser.log"
while IFS= read -r line; do
	case $line in
	ok:*) ok ;;
	FAIL:*) failed=$((failed + 1)) ;;
	esac
done < "$OUT/browser.log"
[ $rc -eq 0 ] && ok || fail "the browser run exited with status $rc"
grep -q '^ok: the status shows the health board accepted it' "$OUT/browser.log" && ok ||
	fail "the run did not get as far as the accepted status"
echo "browser run: $(($(date +%s) - start)) s; screenshots in $SHOTS"

stop_carexd
[ "$RC" -eq 0 ] && ok || fail "carexd exit status $RC"
finish
