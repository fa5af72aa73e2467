#!/bin/sh
# SPDX-License-Identifier: MIT
# Who to call, against a real carexd: a document names its issuing team,
# and the copy each recipient fetches carries that team's letterhead and
# number and an out-of-hours route; a team the sender does not have is
# refused (422) with the teams it does have; a directory written before
# teams and routes still loads on a reload, and carexd warns once per
# clinical participant that gives no out-of-hours route.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"

cp "$E/directory.xml" "$OUT/directory.xml"
DIRECTORY=$OUT/directory.xml
start_carexd

# sent FILE WHO TXT: the ADRS submits FILE (201), WHO fetches its PDF
# (200), whose text goes to TXT.
sent() {
	_c=$(submit adrs-glasgow "$1"); expect "$(basename "$1") submitted" "$_c" 201
	_c=$(req "$2" GET "/v1/documents/$(cat "$OUT/id")" -H 'Accept: application/pdf')
	expect "$2 fetches $(basename "$1")" "$_c" 200
	pdftotext "$OUT/body" "$3" 2>/dev/null
}

# -- every clinical participant of the example directory gives a route
grep -q "event=directory-warning" "$OUT/carexd.log" &&
	fail "warned about the example directory: $(grep directory-warning "$OUT/carexd.log" | head -n 2)" || ok

# -- the South team's letter: its own letterhead and number, no other
sent "$E/prescription-change-lai.xml" gp-43187 "$OUT/lai-gp.txt"
contains "South letterhead" "$OUT/lai-gp.txt" "South ADRS Gorbals Health and Wellbeing Centre"
contains "South number" "$OUT/lai-gp.txt" "0141 276 6600"
not_contains "not the North East's address" "$OUT/lai-gp.txt" "Parkhead"
not_contains "not the North East's number" "$OUT/lai-gp.txt" "0141 277 7400"
contains "out of hours" "$OUT/lai-gp.txt" "Out of hours, South ADRS: The ADRS duty prescriber on 0141 496 0999"

# -- under shared care the pharmacist calls the practice that signs
sent "$E/prescription-change.xml" ph-1187 "$OUT/pc-ph.txt"
contains "the prescriber of record" "$OUT/pc-ph.txt" "contact the prescriber, Possilpark Medical Practice, on 0141 531 6120, before dispensing again"
contains "its route" "$OUT/pc-ph.txt" "Out of hours, Possilpark Medical Practice:"

# -- a team the sender does not have: refused before it is stored
sed 's|<from-team>north-east<|<from-team>east-end<|; s|<message-id>[^<]*<|<message-id>team-x-1<|' \
	"$E/prescription-change.xml" > "$OUT/badteam.xml"
code=$(submit adrs-glasgow "$OUT/badteam.xml"); expect "unknown team" "$code" 422
contains "422 names where and the rule" "$OUT/body" 'line="7" column="5" rule="TEAM"'
contains "422 names the teams it has" "$OUT/body" "which are north-east and south: write one of them in &lt;from-team&gt;"
n=$(sqlite3 "$OUT/var/carex.db" "SELECT count(*) FROM documents WHERE message_id = 'team-x-1'" 2>/dev/null || echo x)
[ "$n" = 0 ] && ok || fail "refused document not stored ($n)"

# -- the directory as it was before teams: a reload loads it, and warns
cp "$SRCDIR/tests/data/directory-v1.xml" "$OUT/directory.xml"
kill -HUP "$PID"
wait_log "event=reload status=ok" && ok || fail "reload of the old directory: $(tail -n 3 "$OUT/carexd.log")"
for code in adrs-glasgow gp-43021 gp-43187 gp-43302 ph-1187 ph-2245 ph-3310; do
	[ "$(grep -c "event=directory-warning participant=$code " "$OUT/carexd.log")" -eq 1 ] && ok ||
		fail "one warning for $code: $(grep -c "participant=$code " "$OUT/carexd.log")"
done
grep "event=directory-warning" "$OUT/carexd.log" | grep -q "NHS 24 on 111" && ok || fail "the warning says what renditions print"
for code in ijb-glasgow hb-ggc council-glasgow; do
	grep -q "event=directory-warning participant=$code " "$OUT/carexd.log" &&
		fail "warned about $code, whose documents are board papers" || ok
done
code=$(submit adrs-glasgow "$OUT/badteam.xml"); expect "no teams now: a team refused" "$code" 422
contains "no teams: leave it out" "$OUT/body" "has no teams in the directory. Leave &lt;from-team&gt; out"
sed 's|<from-team>[^<]*</from-team>||; s|<message-id>[^<]*<|<message-id>team-x-2<|' \
	"$E/prescription-change.xml" > "$OUT/noteam.xml"
sent "$OUT/noteam.xml" gp-43021 "$OUT/v1-gp.txt"
contains "no route: the fallback, said to be one" "$OUT/v1-gp.txt" "NHS 24 on 111. The carex directory gives no out-of-hours route for Glasgow Alcohol and Drug Recovery Service"

stop_carexd
[ "$RC" -eq 0 ] && ok || fail "carexd exits 0 ($RC)"
finish
