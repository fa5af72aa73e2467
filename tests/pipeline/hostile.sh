#!/bin/sh
# SPDX-License-Identifier: MIT
# Hostile documents are refused promptly with a clear error and a
# position, never read a local file and never reach the network. Each
# runs under a time limit: a hang fails the test.
. "$SRCDIR/tests/lib.sh"
H=$SRCDIR/tests/data/hostile

# refused NAME EXPECTED-POSITION MESSAGE-FRAGMENT
refused() {
	limited "$CAREX" validate "$H/$1" > "$OUT/h.txt" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] && ok || fail "$1: exit status $rc, expected 1 ($(cat "$OUT/h.txt"))"
	contains "$1: position" "$OUT/h.txt" "$1:$2: "
	contains "$1: message" "$OUT/h.txt" "$3"
	contains "$1: reported as XML" "$OUT/h.txt" "[XML]"
	not_contains "$1: no local file leaked" "$OUT/h.txt" "root:x:"
	# render refuses it the same way and writes no PDF
	limited "$CAREX" render "$H/$1" -o "$OUT/h.pdf" > /dev/null 2>&1
	rc=$?
	[ "$rc" -eq 1 ] && [ ! -e "$OUT/h.pdf" ] && ok || fail "$1: render refused (status $rc)"
}

refused xxe-file.xml 2:1 "DOCTYPE declaration is not accepted"
refused xxe-parameter.xml 2:1 "DOCTYPE declaration is not accepted"
refused external-dtd.xml 2:1 "DOCTYPE declaration is not accepted"
refused billion-laughs.xml 2:1 "DOCTYPE declaration is not accepted"
refused stylesheet-pi.xml 2:1 "processing instructions are not accepted"
refused invalid-utf8.xml 3:26 "not proper UTF-8"
refused latin1.xml 1:1 "declares encoding ISO-8859-1"
refused utf16.xml 1:1 "not UTF-8"
refused not-well-formed.xml 4:16 "Opening and ending tag mismatch"

# XInclude is data, never processed: the document is simply invalid.
limited "$CAREX" validate "$H/xinclude.xml" > "$OUT/h.txt" 2>&1
[ $? -eq 1 ] && ok || fail "xinclude: refused"
contains "xinclude: schema error at the include" "$OUT/h.txt" "xinclude.xml:3:3:"
not_contains "xinclude: no file content" "$OUT/h.txt" "root:x:"

# The costly shapes of tests/integration/worst.py, small (they seed the
# fuzzer too): each refused, the ones a limit catches on the bytes by
# that limit's name, the others by the schema.
for f in "$H"/costly-*.xml; do
	n=$(basename "$f" .xml); n=${n#costly-}
	limited "$CAREX" validate "$f" > "$OUT/h.txt" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] && ok || fail "costly $n: exit status $rc, expected 1 ($(head -c 300 "$OUT/h.txt"))"
	case $n in
	attrs) contains "costly $n: the limit" "$OUT/h.txt" "(max_attributes)" ;;
	ns) contains "costly $n: the limit" "$OUT/h.txt" "(max_namespaces)" ;;
	ns-spread) contains "costly $n: the limit" "$OUT/h.txt" "(max_namespaces_total)" ;;
	*) contains "costly $n: the schema" "$OUT/h.txt" "[XSD]" ;;
	esac
done

# Generated at run time: too deep, too many elements, too large.
awk 'BEGIN { printf "<a>"; for (i = 0; i < 1000; i++) printf "<b>"; }' > "$OUT/deep.xml"
limited "$CAREX" validate "$OUT/deep.xml" > "$OUT/h.txt" 2>&1
[ $? -eq 1 ] && ok || fail "deep nesting: refused"
contains "deep nesting: message" "$OUT/h.txt" "nested too deeply"
contains "deep nesting: position" "$OUT/h.txt" "deep.xml:1:"

awk 'BEGIN { printf "<a>"; for (i = 0; i < 300000; i++) printf "<b/>"; printf "</a>" }' > "$OUT/wide.xml"
limited "$CAREX" validate "$OUT/wide.xml" > "$OUT/h.txt" 2>&1
[ $? -eq 1 ] && ok || fail "too many elements: refused"
contains "too many elements: message" "$OUT/h.txt" "too many elements"

head -c 5000000 /dev/zero | tr '\0' 'x' | awk '{ print "<a>" $0 "</a>" }' > "$OUT/big.xml"
limited "$CAREX" validate "$OUT/big.xml" > "$OUT/h.txt" 2>&1
[ $? -eq 1 ] && ok || fail "oversized: refused"
contains "oversized: message" "$OUT/h.txt" "larger than the limit"

finish
