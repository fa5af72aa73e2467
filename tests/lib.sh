# SPDX-License-Identifier: MIT
# tests/lib.sh - shared by the shell tests: counters, assertions and the
# closing "N passed, N failed" line. Source it after setting nothing; it
# reads SRCDIR, BUILDDIR and CAREX from the environment (make check sets
# them) and makes a scratch directory OUT removed at exit.

: "${SRCDIR:?SRCDIR not set: run through make check}"
: "${CAREX:=${BUILDDIR:-$SRCDIR}/carex}"
passed=0
failed=0
OUT=$(mktemp -d "${TMPDIR:-/tmp}/carex-test.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
# Under --enable-sanitizers every report goes to a file that finish()
# reads, so an error in a command whose status a test does not look at
# still fails the test.
ASAN_OPTIONS="log_path=$OUT/sanitizer:${ASAN_OPTIONS:-}"
UBSAN_OPTIONS="log_path=$OUT/sanitizer:print_stacktrace=1:${UBSAN_OPTIONS:-}"
export ASAN_OPTIONS UBSAN_OPTIONS

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL: %s\n' "$*"; }

# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
	_what=$1; shift
	if "$@" >/dev/null 2>&1; then ok; else fail "$_what"; fi
}

# contains DESCRIPTION FILE STRING: FILE (whitespace squeezed) has STRING.
contains() {
	if tr -s ' \n\t\f' '    ' < "$2" | grep -qF -- "$3"; then ok
	else fail "$1: '$3' not found"; fi
}

# not_contains DESCRIPTION FILE STRING
not_contains() {
	if tr -s ' \n\t\f' '    ' < "$2" | grep -qF -- "$3"; then
		fail "$1: '$3' found"
	else ok; fi
}

# Run a command with a time limit, so a hang is a failure, not a stuck run.
limited() { timeout 20 "$@"; }

# Every test script ends with this.
finish() {
	for _r in "$OUT"/sanitizer.*; do
		[ -e "$_r" ] || continue
		fail "sanitizer report: $(head -n 20 "$_r")"
	done
	printf '%d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" -eq 0 ]
}

# A document's rendered PDF text, one file per page: OUT/NAME-N.txt.
pdf_pages() {
	_pdf=$1; _base=$2
	_n=$(pdfinfo "$_pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	_i=1
	while [ "$_i" -le "${_n:-0}" ]; do
		pdftotext -f "$_i" -l "$_i" "$_pdf" "$_base-$_i.txt" 2>>"$OUT/pdftotext.err"
		_i=$((_i + 1))
	done
	echo "${_n:-0}"
}
