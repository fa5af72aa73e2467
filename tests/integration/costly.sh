#!/bin/sh
# SPDX-License-Identifier: MIT
# The costliest documents against a real carexd with a 4 MiB max_body
# (tests/integration/worst.py makes them): a document with 349,000
# attributes on one element (libxml2 2.9 alone spends half an hour on
# it) is refused at once with 422 naming max_attributes, its line and
# column; every other shape is refused with 422 by its limit or the
# schema; carexd's CPU for each is printed (measured, not asserted).
# Then two participants keep both workers busy with the costliest shape
# the byte scan lets through, on twelve connections each, while a third
# participant's inbox GETs every 50 ms must all answer 200 within 2 s:
# participants take turns for the workers and none may hold more than a
# quarter of the queue.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"
W=$OUT/worst
mkdir -p "$W"

EXTRA_CONF="max_body = 4194304
max_per_client = 40"
start_carexd

python3 "$SRCDIR/tests/integration/worst.py" --all "$W" || fail "worst.py made the documents"
cpu_ms() {	# carexd's threads' run time, ms
	cat /proc/"$PID"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%d", s / 1e6 }'
}

# -- one element, 349,000 attributes: 422 at once, saying which limit
n=$(grep -o ' a[0-9]*=""' "$W/attrs.xml" | wc -l)
[ "$n" -ge 300000 ] && ok || fail "the attributes document has $n attributes"
c0=$(cpu_ms)
code=$(req adrs-glasgow POST /v1/documents -H 'Content-Type: application/xml' \
	--data-binary "@$W/attrs.xml" --max-time 60)
c1=$(cpu_ms)
expect "$n attributes on one element" "$code" 422
contains "the refusal names the limit" "$OUT/body" "has more than 32 attributes (max_attributes)"
grep -q 'line="2"' "$OUT/body" && grep -q 'column="1"' "$OUT/body" && ok ||
	fail "and the element's line and column: $(head -c 600 "$OUT/body")"
echo "# $n attributes: carexd CPU $((c1 - c0)) ms for the request (TLS, 4 MB read, scan)"

# -- every shape: 422 by its limit or the schema, carexd serving on
for f in "$W"/*.xml; do
	s=$(basename "$f" .xml)
	c0=$(cpu_ms)
	code=$(req adrs-glasgow POST /v1/documents -H 'Content-Type: application/xml' \
		--data-binary "@$f" --max-time 60)
	c1=$(cpu_ms)
	expect "shape $s refused" "$code" 422
	echo "# shape $s ($(wc -c < "$f") bytes): carexd CPU $((c1 - c0)) ms"
	case $s in
	attrs-spread) contains "$s: by max_nodes" "$OUT/body" "(max_nodes)" ;;
	ns) contains "$s: by max_namespaces" "$OUT/body" "(max_namespaces)" ;;
	ns-spread) contains "$s: by max_namespaces_total" "$OUT/body" "(max_namespaces_total)" ;;
	esac
done
expect "served after them" "$(req gp-43021 GET /v1/inbox --max-time 5)" 200

# -- fairness: the costliest shape the scan lets through (nodes to the
# limit, then text), 1 MiB, from two participants on 12 connections each
python3 "$SRCDIR/tests/integration/worst.py" nodes "$W/busy.xml" 1048576
python3 "$SRCDIR/bench/hostile_load.py" fair "$PORT" "$P" 4 "$W/busy.xml" 12 > "$OUT/fair.txt" 2>&1
sed 's/^/# /' "$OUT/fair.txt"
line=$(grep '^fair: ' "$OUT/fair.txt")
gets=$(echo "$line" | sed -n 's/^fair: \([0-9]*\) gets.*/\1/p')
bad=$(echo "$line" | sed -n 's/.* gets, \([0-9]*\) not 200.*/\1/p')
worst=$(echo "$line" | sed -n 's/.*max \([0-9]*\)\..*/\1/p')
[ "${gets:-0}" -ge 10 ] && ok || fail "the inbox was asked at least 10 times while the workers were busy ($line)"
[ "${bad:-1}" -eq 0 ] && ok || fail "every inbox GET answered 200 while two participants kept the workers busy ($line)"
[ -n "$worst" ] && [ "$worst" -lt 2000 ] && ok || fail "each within 2 s ($line)"
grep -q '^senders.* 422: [1-9]' "$OUT/fair.txt" && ok || fail "the senders' documents were worked on: $(grep senders "$OUT/fair.txt")"

stop_carexd
[ "$RC" -eq 0 ] && ok || fail "carexd exits 0 after it ($RC)"
finish
