#!/bin/sh
# SPDX-License-Identifier: MIT
# carex's client commands against a real carexd: settings from flags,
# environment and file in that order; send (one, many, refused, invalid,
# resumed after being killed), inbox (paging), fetch, ack, status, each
# as the right and the wrong participant, with their exit codes; and the
# pull agent killed with SIGKILL at many points, then run again: exactly
# one complete copy of each document, each acknowledged once.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"

unset CAREX_CONFIG
HOME=$OUT/home; export HOME

EXTRA_CONF="workers = 2"
start_carexd

# -- settings: flags, then the environment, then the file
unset CAREX_URL CAREX_CA CAREX_CERT CAREX_KEY
"$CAREX" inbox > "$OUT/o.txt" 2> "$OUT/e.txt"; rc=$?
[ $rc -eq 2 ] && ok || fail "no settings: exit 2 ($rc)"
contains "no settings: says what is needed" "$OUT/e.txt" "the server's URL, your certificate and its key are needed"
printf 'url = https://localhost:1\ncert = %s\nkey = %s\nca = %s\n' "$P/gp-43021.pem" "$P/gp-43021.key" "$P/ca.pem" > "$OUT/client.conf"
"$CAREX" inbox --config "$OUT/client.conf" > /dev/null 2>&1; rc=$?
[ $rc -eq 3 ] && ok || fail "a file's URL where nothing listens: exit 3 (retry) ($rc)"
CAREX_URL=https://localhost:$PORT "$CAREX" inbox --config "$OUT/client.conf" > /dev/null 2>&1; rc=$?
[ $rc -eq 0 ] && ok || fail "the environment overrides the file ($rc)"
CAREX_URL=https://localhost:1 "$CAREX" inbox --config "$OUT/client.conf" --url "https://localhost:$PORT" > /dev/null 2>&1; rc=$?
[ $rc -eq 0 ] && ok || fail "a flag overrides the environment ($rc)"
mkdir -p "$HOME/.config/carex"
sed "s|https://localhost:1|https://localhost:$PORT|" "$OUT/client.conf" > "$HOME/.config/carex/client.conf"
"$CAREX" inbox > /dev/null 2>&1; rc=$?
[ $rc -eq 0 ] && ok || fail "~/.config/carex/client.conf is read ($rc)"
rm "$HOME/.config/carex/client.conf"
printf 'url = https://localhost:%s\nbogus = 1\n' "$PORT" > "$OUT/bad.conf"
"$CAREX" inbox --config "$OUT/bad.conf" > /dev/null 2> "$OUT/e.txt"; rc=$?
[ $rc -eq 2 ] && ok || fail "bad client configuration: exit 2 ($rc)"
contains "bad client configuration: file and line" "$OUT/e.txt" "bad.conf:2: unknown key 'bogus'"
"$CAREX" inbox --url http://localhost:$PORT --cert "$P/gp-43021.pem" --key "$P/gp-43021.key" > /dev/null 2> "$OUT/e.txt"; rc=$?
[ $rc -eq 2 ] && ok || fail "plain http refused: exit 2 ($rc)"
"$CAREX" inbox --pdf > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok || fail "an option the command does not take: exit 2 ($rc)"

# -- send
as adrs-glasgow
"$CAREX" send "$E/prescription-change.xml" > "$OUT/o.txt" 2> "$OUT/e.txt"; rc=$?
[ $rc -eq 0 ] && ok || fail "send: exit 0 ($rc): $(cat "$OUT/e.txt")"
id=$(sed -n 's/.*: stored \([0-9A-Z]*\)$/\1/p' "$OUT/o.txt")
[ ${#id} -eq 26 ] && ok || fail "send prints the stored id: $(cat "$OUT/o.txt")"
"$CAREX" send "$E/prescription-change.xml" > "$OUT/o.txt" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q "already present $id" "$OUT/o.txt" && ok || fail "send again: already present, same id ($rc): $(cat "$OUT/o.txt")"
"$CAREX" send --xml "$E/care-summary.xml" > "$OUT/receipt.xml" 2>&1
check "send --xml gives the receipt (api.xsd)" xmllint --noout --schema "$SRCDIR/schemas/api.xsd" "$OUT/receipt.xml"
"$CAREX" send "$SRCDIR/tests/data/invalid/prescription-change-PC-1.xml" > /dev/null 2> "$OUT/e.txt"; rc=$?
[ $rc -eq 1 ] && ok || fail "invalid document: exit 1 ($rc)"
want=$(sed -n 's/.*<!-- expect: \([0-9]*\):\([0-9]*\) \([A-Z0-9-]*\) -->.*/\1:\2: /p' "$SRCDIR/tests/data/invalid/prescription-change-PC-1.xml")
contains "invalid document: the error with line and column" "$OUT/e.txt" "prescription-change-PC-1.xml:$want"
contains "invalid document: the rule" "$OUT/e.txt" "[PC-1]"
as gp-43021
"$CAREX" send "$E/prescription-change.xml" > /dev/null 2> "$OUT/e.txt"; rc=$?
[ $rc -eq 1 ] && ok || fail "send as the wrong participant: exit 1 ($rc)"
contains "wrong participant: the server's detail" "$OUT/e.txt" "says it is from adrs-glasgow"

# -- a batch killed part way, then run again: nothing twice, nothing lost
many 120 "$OUT/batch" batch
as adrs-glasgow
"$CAREX" send "$OUT"/batch/*.xml > "$OUT/b1.txt" 2>&1 &
sp=$!
i=0; while [ "$(grep -c ': stored ' "$OUT/b1.txt")" -lt 10 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -KILL "$sp" 2>/dev/null; wait "$sp" 2>/dev/null
first=$(grep -c ': stored ' "$OUT/b1.txt")
[ "$first" -ge 1 ] && [ "$first" -lt 120 ] && ok || fail "the first run was cut short ($first of 120)"
"$CAREX" send "$OUT"/batch/*.xml > "$OUT/b2.txt" 2> "$OUT/b2.err"; rc=$?
[ $rc -eq 0 ] && ok || fail "the batch again: exit 0 ($rc)"
s=$(sed -n 's/^sent \([0-9]*\), already present \([0-9]*\), refused 0, failed 0$/\1 \2/p' "$OUT/b2.err")
[ -n "$s" ] && [ $(( ${s% *} + ${s#* } )) -eq 120 ] && [ "${s#* }" -ge "$first" ] && ok || fail "summary: sent + already present = 120 ($s; first run $first)"
n=$(sqlite3 "$OUT/var/carex.db" "SELECT count(*) FROM documents WHERE message_id LIKE 'batch-%'")
[ "$n" = 120 ] && ok || fail "each document of the batch stored once ($n)"
"$CAREX" send "$OUT"/batch/*.xml > /dev/null 2> "$OUT/b3.err"
contains "a third run: all already present" "$OUT/b3.err" "sent 0, already present 120, refused 0, failed 0"

# -- inbox, fetch, ack, status
as gp-43021
"$CAREX" inbox > "$OUT/inbox.txt"; rc=$?
[ $rc -eq 0 ] && [ "$(wc -l < "$OUT/inbox.txt")" -eq 100 ] && ok || fail "inbox: the first page, 100 ($rc, $(wc -l < "$OUT/inbox.txt"))"
"$CAREX" inbox --all > "$OUT/inbox.txt"
[ "$(wc -l < "$OUT/inbox.txt")" -eq 122 ] && ok || fail "inbox --all: every page, 122 (120 + a letter + a care summary) ($(wc -l < "$OUT/inbox.txt"))"
grep -q "^$id	prescription-change	adrs-glasgow	" "$OUT/inbox.txt" && ok || fail "inbox row: id, doctype, sender"
"$CAREX" inbox --xml > "$OUT/inbox.xml"
check "inbox --xml valid against api.xsd" xmllint --noout --schema "$SRCDIR/schemas/api.xsd" "$OUT/inbox.xml"
"$CAREX" fetch "$id" > "$OUT/f.xml"; rc=$?
[ $rc -eq 0 ] && cmp -s "$OUT/f.xml" "$E/prescription-change.xml" && ok || fail "fetch: the bytes sent ($rc)"
"$CAREX" fetch "$id" --pdf -o "$OUT/f.pdf"; rc=$?
[ $rc -eq 0 ] && head -c 5 "$OUT/f.pdf" | grep -q '%PDF-' && ok || fail "fetch --pdf -o ($rc)"
"$CAREX" fetch ../../etc/passwd > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok || fail "fetch of something not an id: exit 2 ($rc)"
as gp-43302
"$CAREX" fetch "$id" > /dev/null 2> "$OUT/e.txt"; rc=$?
[ $rc -eq 1 ] && ok || fail "fetch as a third party: exit 1 ($rc)"
contains "third party: not found" "$OUT/e.txt" "There is no such document for you"
"$CAREX" ack "$id" > /dev/null 2>&1; rc=$?
[ $rc -eq 1 ] && ok || fail "ack as a third party: exit 1 ($rc)"
as gp-43021
"$CAREX" ack "$id" > "$OUT/o.txt"; rc=$?
[ $rc -eq 0 ] && grep -q "$id: acknowledged" "$OUT/o.txt" && ok || fail "ack ($rc)"
"$CAREX" ack --accept "$id" > /dev/null; rc=$?
[ $rc -eq 0 ] && ok || fail "ack --accept ($rc)"
as ph-1187
"$CAREX" ack --reject not-registered --text "Not our patient <yet>" "$id" > /dev/null; rc=$?
[ $rc -eq 0 ] && ok || fail "ack --reject with a reason and text ($rc)"
"$CAREX" ack --reject 'Bad Reason!' "$id" > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok || fail "a reason that is not a code: exit 2 ($rc)"
"$CAREX" status "$id" > /dev/null 2>&1; rc=$?
[ $rc -eq 1 ] && ok || fail "status as a recipient: exit 1 ($rc)"
as adrs-glasgow
"$CAREX" status "$id" > "$OUT/st.txt"; rc=$?
[ $rc -eq 0 ] && ok || fail "status as the sender ($rc)"
grep -q "^  gp-43021	20[0-9-]*T[^	]*	20[0-9-]*T" "$OUT/st.txt" && ok || fail "status: the GP took and accepted it: $(cat "$OUT/st.txt")"
grep -q "^  ph-1187	.*	not-registered	" "$OUT/st.txt" && ok || fail "status: the pharmacy rejected it with its reason"
"$CAREX" status --xml "$id" > "$OUT/st.xml"
check "status --xml valid against api.xsd" xmllint --noout --schema "$SRCDIR/schemas/api.xsd" "$OUT/st.xml"
contains "the rejection's text kept as typed" "$OUT/st.xml" "Not our patient &lt;yet&gt;"

# -- pull, killed at many points, then run to the end
as gp-43021
"$CAREX" inbox --all --unacked --xml > "$OUT/unacked.xml"
grep -o 'id="[0-9A-Z]*"[^>]*sha256="[0-9a-f]*"' "$OUT/unacked.xml" |
	sed 's/id="\([0-9A-Z]*\)".*sha256="\([0-9a-f]*\)"/\1 \2/' | sort > "$OUT/want.txt"
total=$(wc -l < "$OUT/want.txt")
[ "$total" -ge 100 ] && ok || fail "documents waiting to be pulled ($total)"
mkdir "$OUT/in"
k=1; half=0
for delay in 0.05 0.1 0.15 0.2 0.3 0.4 0.5 0.7 0.9 1.2; do
	"$CAREX" pull --to "$OUT/in" --pdf > /dev/null 2>> "$OUT/pull.log" &
	pp=$!
	sleep "$delay"
	kill -KILL "$pp" 2>/dev/null; wait "$pp" 2>/dev/null
	# whatever is there under a document's name is whole, at any instant
	while read -r did sum; do
		if [ -f "$OUT/in/$did.xml" ] && [ "$(sha256sum < "$OUT/in/$did.xml" | cut -c1-64)" != "$sum" ]; then
			half=$((half + 1))
		fi
		if [ -f "$OUT/in/$did.pdf" ] && ! tail -c 32 "$OUT/in/$did.pdf" | grep -q '%%EOF'; then
			half=$((half + 1))
		fi
	done < "$OUT/want.txt"
	k=$((k + 1))
done
[ "$half" -eq 0 ] && ok || fail "no half file under a document's name after a kill ($half)"
"$CAREX" pull --to "$OUT/in" --pdf 2>> "$OUT/pull.log"; rc=$?
[ $rc -eq 0 ] && ok || fail "the last pull completes ($rc)"
ls "$OUT/in" | grep -v '\.xml$\|\.pdf$' > "$OUT/stray.txt"
[ ! -s "$OUT/stray.txt" ] && ok || fail "no partial files left: $(head -n 3 "$OUT/stray.txt")"
[ "$(ls "$OUT/in" | grep -c '\.xml$')" -eq "$total" ] && ok || fail "one XML per document ($(ls "$OUT/in" | grep -c '\.xml$') of $total)"
[ "$(ls "$OUT/in" | grep -c '\.pdf$')" -eq "$total" ] && ok || fail "one PDF per document"
bad=0
while read -r did sum; do
	[ "$(sha256sum < "$OUT/in/$did.xml" | cut -c1-64)" = "$sum" ] || bad=$((bad + 1))
	tail -c 32 "$OUT/in/$did.pdf" | grep -q '%%EOF' || bad=$((bad + 1))
done < "$OUT/want.txt"
[ "$bad" -eq 0 ] && ok || fail "every file complete and byte for byte ($bad bad)"
"$CAREX" inbox --unacked > "$OUT/left.txt"
[ ! -s "$OUT/left.txt" ] && ok || fail "nothing left unacknowledged: $(head -n 2 "$OUT/left.txt")"
twice=$(sqlite3 "$OUT/var/carex.db" "SELECT count(*) FROM (SELECT doc_id FROM audit WHERE action = 'ack' AND participant = 'gp-43021' AND outcome = 'taken' GROUP BY doc_id HAVING count(*) > 1)")
acked=$(sqlite3 "$OUT/var/carex.db" "SELECT count(DISTINCT doc_id) FROM audit WHERE action = 'ack' AND participant = 'gp-43021' AND outcome = 'taken'")
[ "$twice" = 0 ] && [ "$acked" -eq $((total + 1)) ] && ok || fail "each acknowledged once ($acked acked, $twice twice; $total pulled + 1 by hand)"
grep -q 'event=acknowledged' "$OUT/pull.log" && ok || fail "pull logs its events"

# -- pull --interval: picks up a new document, stops on SIGTERM
"$CAREX" pull --to "$OUT/in" --interval 1 2> "$OUT/poll.log" &
pp=$!
as adrs-glasgow
sed "s|<message-id>[^<]*<|<message-id>late-1<|" "$E/prescription-change.xml" > "$OUT/late.xml"
late=$("$CAREX" send "$OUT/late.xml" | sed -n 's/.*: stored //p')
i=0; while [ ! -f "$OUT/in/$late.xml" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -f "$OUT/in/$late.xml" ] && ok || fail "the polling agent picks up a new document"
kill -TERM "$pp"
gone_in=0; i=0; while kill -0 "$pp" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
wait "$pp"; rc=$?
[ $rc -eq 0 ] && ok || fail "pull --interval stops on SIGTERM with 0 ($rc)"
contains "pull says it stopped" "$OUT/poll.log" "event=stopped"
as gp-43021
"$CAREX" pull --to "$OUT/nonexistent" > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok || fail "pull into a missing folder: exit 2 ($rc)"

stop_carexd
"$CAREX" inbox > /dev/null 2>&1; rc=$?
[ $rc -eq 3 ] && ok || fail "server gone: exit 3, try again ($rc)"
# the polling agent backs off while the server is gone: 2 s, then 4 s
"$CAREX" pull --to "$OUT/in" --interval 1 2> "$OUT/backoff.log" &
pp=$!
i=0; while [ "$(grep -c 'event=pass' "$OUT/backoff.log")" -lt 2 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
kill -TERM "$pp"; wait "$pp"
[ "$(sed -n 's/.*event=pass status=3 .*next_in=\([0-9]*\)$/\1/p' "$OUT/backoff.log" | head -n 2 | paste -sd' ' -)" = "2 4" ] && ok || fail "backoff doubles after failures: $(grep event=pass "$OUT/backoff.log")"

finish
