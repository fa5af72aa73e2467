#!/bin/sh
# SPDX-License-Identifier: MIT
# The README's two commands on a fresh Debian 12 machine:
#   scripts/quickstart.sh        install what is missing, build, render every
#                                example to PDF, make the development PKI and
#                                run carexd with the example directory
#   scripts/quickstart.sh check  install what is missing, build, and run the
#                                whole test suite (plain and under ASan+UBSan)
# Ends a check with the line "N passed, N failed".
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
mode=${1:-run}
jobs=$(nproc 2>/dev/null || echo 2)

# What carex builds and tests with, as Debian packages.
PKGS="build-essential autoconf automake libtool pkg-config
	libssl-dev libxml2-dev libxslt1-dev libhpdf-dev libcurl4-openssl-dev
	libevent-dev libsqlite3-dev libharfbuzz-dev zlib1g-dev libdeflate-dev fonts-liberation2
	fonts-dejavu-core fonts-droid-fallback fonts-lohit-guru fonts-lohit-deva
	fonts-lohit-beng-bengali
	libpq-dev postgresql
	libxml2-utils xsltproc poppler-utils qpdf openssl curl sqlite3 clang valgrind mandoc
	python3 python3-cryptography chromium libnss3-tools nodejs"

# npm for the browser test's puppeteer-core; a Node.js that brings its own
# npm (NodeSource's) conflicts with Debian's package, so only if missing.
command -v npm > /dev/null 2>&1 || PKGS="$PKGS npm"

install_missing() {
	missing=
	for p in $PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "quickstart: installing$missing"
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing > /dev/null
}

# build DIR [configure options]: an out-of-tree build in DIR.
build() {
	dir=$1; shift
	[ -x "$top/configure" ] && [ "$top/configure" -nt "$top/configure.ac" ] || "$top/autogen.sh" > /dev/null 2>&1
	mkdir -p "$dir"
	( cd "$dir" &&
	  { [ -f Makefile ] || "$top/configure" -q "$@"; } &&
	  make -s -j"$jobs" > /dev/null )
}

# Sum the "N passed, N failed" lines of every test log; a test that failed
# without saying so (a crash) counts as one failure.
tally() {
	p=0; f=0
	for trs in $(find "$@" -name '*.trs' | sort); do
		log=${trs%.trs}.log
		line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" 2>/dev/null | tail -n 1)
		tp=0; tf=0
		if [ -n "$line" ]; then
			tp=${line%% passed*}; tf=${line#*, }; tf=${tf%% failed*}
		fi
		if grep -q '^:test-result: FAIL' "$trs" && [ "$tf" -eq 0 ]; then
			tf=1
			echo "quickstart: $(basename "$log" .log) failed without a count; its log:" >&2
			tail -n 20 "$log" >&2
		fi
		p=$((p + tp)); f=$((f + tf))
	done
	echo "$p $f"
}

install_missing

case $mode in
run)
	build "$top/build" --enable-werror
	out=$top/out
	mkdir -p "$out"
	for doc in "$top"/examples/*.xml; do
		base=$(basename "$doc" .xml)
		[ "$base" = directory ] && continue
		CAREX_DATADIR=$top "$top/build/carex" render "$doc" -o "$out/$base.pdf"
	done
	# The pharmacy's rendition of a prescription change is a different
	# document from the GP's letter: show both.
	CAREX_DATADIR=$top "$top/build/carex" render "$top/examples/prescription-change.xml" \
		--role pharmacy -o "$out/prescription-change-pharmacy.pdf"
	echo "rendered every example to $out/*.pdf"
	sh "$top/certs/mkpki" "$top/certs/dev"
	c="curl --cacert certs/dev/ca.pem"
	cat <<EOF2

carexd is starting on https://localhost:8443 (Ctrl-C stops it). From
$top, in another terminal, as each participant:

  # the ADRS submits a prescription change (201 and its Location)
  $c --cert certs/dev/adrs-glasgow.pem --key certs/dev/adrs-glasgow.key \\
      -H 'Content-Type: application/xml' --data-binary @examples/prescription-change.xml \\
      https://localhost:8443/v1/documents
  # the GP practice lists its inbox, fetches the letter, acknowledges it
  $c --cert certs/dev/gp-43021.pem --key certs/dev/gp-43021.key https://localhost:8443/v1/inbox
  $c --cert certs/dev/gp-43021.pem --key certs/dev/gp-43021.key -H 'Accept: application/pdf' \\
      -o letter.pdf https://localhost:8443/v1/documents/ID
  $c --cert certs/dev/gp-43021.pem --key certs/dev/gp-43021.key -X POST \\
      https://localhost:8443/v1/documents/ID/ack
  # the ADRS sees who has taken it
  $c --cert certs/dev/adrs-glasgow.pem --key certs/dev/adrs-glasgow.key \\
      https://localhost:8443/v1/documents/ID/status
  # health and metrics, loopback only
  curl http://127.0.0.1:9090/metrics

Or with carex's own client, as the GP practice:

  export CAREX_URL=https://localhost:8443 CAREX_CA=certs/dev/ca.pem \\
         CAREX_CERT=certs/dev/gp-43021.pem CAREX_KEY=certs/dev/gp-43021.key
  build/carex inbox --unacked
  mkdir -p incoming && build/carex pull --to incoming --pdf

EOF2
	cd "$top"
	# as whoever runs it (user = carex is for an installed server)
	exec "$top/build/carexd" -f "$top/examples/carexd.conf" -o user="$(id -un)"
	;;
check)
	status=0
	# The browser test (tests/browser/ui.sh) fails here, never skips.
	CAREX_BROWSER_TESTS=require; export CAREX_BROWSER_TESTS
	build "$top/build" --enable-werror
	( cd "$top/build" && make -s -j"$jobs" check > check.out 2>&1 ) || status=1
	# carexd under valgrind over the integration tests: no error, no leak
	sh "$top/tests/valgrind.sh" "$top/build" > "$top/build/valgrind.out" 2>&1 || status=1
	build "$top/build-asan" --enable-werror --enable-sanitizers
	( cd "$top/build-asan" && make -s -j"$jobs" check > check.out 2>&1 ) || status=1
	# libFuzzer targets, each for FUZZ_SECONDS from the tree's seeds
	build "$top/build-fuzz" CC=clang --enable-werror --enable-fuzzing
	( cd "$top/build-fuzz" && make -s fuzz-smoke FUZZ_SECONDS="${FUZZ_SECONDS:-40}" > check.out 2>&1 ) || status=1
	grep -E '^(FAIL|ERROR|XPASS)' "$top/build/check.out" "$top/build/valgrind.out" \
	    "$top/build-asan/check.out" "$top/build-fuzz/check.out" >&2 || true
	set -- $(tally "$top/build/tests" "$top/build-asan/tests" "$top/build-fuzz/tests")
	echo "plain (and carexd under valgrind) and ASan+UBSan builds, fuzz smoke: $(grep -h ': ok,' "$top/build-fuzz/tests/fuzz/smoke.log" 2>/dev/null | sed 's/ in .*//' | paste -sd';' -)"
	echo "browser screenshots: $top/build/tests/out/browser $top/build-asan/tests/out/browser"
	echo "$1 passed, $2 failed"
	[ "$status" -eq 0 ] && [ "$2" -eq 0 ]
	;;
*)
	echo "usage: scripts/quickstart.sh [run|check]" >&2
	exit 2
	;;
esac
