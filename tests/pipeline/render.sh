#!/bin/sh
# SPDX-License-Identifier: MIT
# Every example renders, for every receiving role that has an expectation
# file tests/data/render/BASE.ROLE.txt, into a PDF a reader can act on:
# the expected text is on the page (and text marked "!!" is not), every page carries its marking at head
# and foot and "Page N of M", fonts are embedded subsets, the file passes
# qpdf --check, is small, and renders to the same bytes twice.
. "$SRCDIR/tests/lib.sh"
R=$SRCDIR/tests/data/render

# every_page NAME PDF TEXT: TEXT is on each page of PDF.
every_page() {
	_n=$(pdf_pages "$2" "$OUT/$1")
	[ "$_n" -ge 1 ] && ok || fail "$1: no pages"
	_i=1
	while [ "$_i" -le "$_n" ]; do
		contains "$1 page $_i" "$OUT/$1-$_i.txt" "$3"
		_i=$((_i + 1))
	done
}

for f in "$SRCDIR"/examples/*.xml; do
	base=$(basename "$f" .xml)
	[ "$base" = directory ] && continue
	ls "$R/$base".*.txt > /dev/null 2>&1 && ok || fail "$base has no render expectations"
done

for exp in "$R"/*.txt; do
	[ -e "$exp" ] || continue
	name=$(basename "$exp" .txt)
	base=${name%.*}
	role=${name##*.}
	doc=$SRCDIR/examples/$base.xml
	pdf=$OUT/$name.pdf
	if ! limited "$CAREX" render "$doc" --role "$role" -o "$pdf" --layout "$OUT/$name.layout.xml" > "$OUT/err.txt" 2>&1; then
		fail "$name: render failed: $(cat "$OUT/err.txt")"
		continue
	fi
	ok
	check "$name: layout XML valid against layout.xsd" \
		xmllint --noout --schema "$SRCDIR/schemas/layout.xsd" "$OUT/$name.layout.xml"
	check "$name: qpdf --check" qpdf --check "$pdf"

	# Expected text (whitespace squeezed; each line one string; a line
	# "!! TEXT" is text the page must not have).
	pdftotext "$pdf" "$OUT/$name.txt" 2> "$OUT/$name.pdftotext.err"
	while IFS= read -r want; do
		case $want in
		'') ;;
		'!! '*) not_contains "$name" "$OUT/$name.txt" "${want#!! }" ;;
		*) contains "$name" "$OUT/$name.txt" "$want" ;;
		esac
	done < "$exp"
	[ ! -s "$OUT/$name.pdftotext.err" ] && ok ||
		fail "$name: pdftotext warns: $(head -n 2 "$OUT/$name.pdftotext.err")"

	# Every page: marking at head and foot, Page N of M.
	marking=$(sed -n 's|.*<marking>\(.*\)</marking>.*|\1|p' "$doc" | head -n 1)
	pages=$(pdf_pages "$pdf" "$OUT/$name.page")
	[ "$pages" -ge 1 ] && ok || fail "$name: no pages"
	i=1
	while [ "$i" -le "$pages" ]; do
		t=$OUT/$name.page-$i.txt
		[ "$(grep -c "^$marking\$" "$t")" -ge 2 ] && ok ||
			fail "$name page $i: marking $marking not at head and foot"
		contains "$name page $i" "$t" "Page $i of $pages"
		i=$((i + 1))
	done

	# Fonts: embedded, subset, TrueType (CID); nothing else.
	pdffonts "$pdf" | tail -n +3 > "$OUT/$name.fonts"
	[ -s "$OUT/$name.fonts" ] && ok || fail "$name: no fonts listed"
	if awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes") bad = 1 } END { exit bad }' "$OUT/$name.fonts"; then ok
	else fail "$name: a font is not an embedded subset: $(cat "$OUT/$name.fonts")"; fi

	# Size: a letter is a few tens of kilobytes, not a font file.
	size=$(wc -c < "$pdf")
	[ "$size" -lt 60000 ] && ok || fail "$name: $size bytes, expected under 60000"

	# Same input, same bytes.
	limited "$CAREX" render "$doc" --role "$role" -o "$OUT/$name.again.pdf" > /dev/null 2>&1
	check "$name: renders to the same bytes twice" cmp "$pdf" "$OUT/$name.again.pdf"
done

# The metadata comes from the document, not the clock.
pdfinfo "$OUT/ijb-direction.health-board.pdf" > "$OUT/info.txt" 2>/dev/null
contains "ijb title" "$OUT/info.txt" "Implementation of ADRS Review and MAT Standards"
contains "ijb author" "$OUT/info.txt" "Glasgow City Integration Joint Board"
contains "ijb creator" "$OUT/info.txt" "carex"
contains "ijb date from the document" "$OUT/info.txt" "2025"

# A superseded document says so on every page.
limited "$CAREX" render "$SRCDIR/examples/prescription-change.xml" --role gp \
	--status superseded -o "$OUT/sup.pdf" > /dev/null 2>&1
every_page superseded "$OUT/sup.pdf" "SUPERSEDED"

# An urgent document says so at the top of every page; superseded, it
# says only that (no one should act on it, urgently or not); a routine
# one says nothing of urgency.
every_page urgent "$OUT/dispensing-notification.adrs.pdf" \
	"URGENT: dispensing held from Friday 14 March 2025, pending review."
limited "$CAREX" render "$SRCDIR/examples/dispensing-notification.xml" --role adrs \
	--status superseded -o "$OUT/urgent-sup.pdf" > /dev/null 2>&1
pdftotext "$OUT/urgent-sup.pdf" "$OUT/urgent-sup.txt" 2>/dev/null
contains "an urgent document superseded: the banner says so" "$OUT/urgent-sup.txt" "SUPERSEDED"
not_contains "an urgent document superseded: not urgent" "$OUT/urgent-sup.txt" "URGENT"
not_contains "a routine document: no urgency" "$OUT/prescription-change.gp.txt" "URGENT"

# A stated phase is what both copies print and what the missed-dose
# line counts by: the same change stated as titration (with this
# exchange's threshold for it) tells the pharmacy one missed dose.
sed 's|  <nominated-pharmacy|  <phase>titration</phase>\n  <missed-doses-before-review>1</missed-doses-before-review>\n  <nominated-pharmacy|' \
	"$SRCDIR/examples/prescription-change.xml" > "$OUT/phase.xml"
for role in gp pharmacy; do
	limited "$CAREX" render "$OUT/phase.xml" --role "$role" \
		-o "$OUT/phase-$role.pdf" > "$OUT/err.txt" 2>&1 && ok ||
		fail "stated phase, $role: $(head -n 2 "$OUT/err.txt")"
	pdftotext "$OUT/phase-$role.pdf" "$OUT/phase-$role.txt" 2>/dev/null
done
contains "stated phase: the GP letter" "$OUT/phase-gp.txt" "Phase Titration: the dose is being set"
contains "stated phase: the pharmacy records it" "$OUT/phase-pharmacy.txt" \
	"This prescription is in the titration phase (the dose is being set)"
contains "stated phase: its threshold" "$OUT/phase-pharmacy.txt" "If Róisín misses a dose, do not give the next dose"
not_contains "stated phase: not the implied one" "$OUT/phase-pharmacy.txt" "stable phase"

# The recipient named with --to gets its own address block.
limited "$CAREX" render "$SRCDIR/examples/shared-care-agreement.xml" --role pharmacy \
	-o "$OUT/to.pdf" > /dev/null 2>&1
pdftotext "$OUT/to.pdf" "$OUT/to.txt" 2>/dev/null
sed -n 's|.*<to>\(ph-[0-9]*\)</to>.*|\1|p' "$SRCDIR/examples/shared-care-agreement.xml" | head -n 1 > "$OUT/ph"
ph=$(cat "$OUT/ph")
phname=$(awk -v c="$ph" '$0 ~ "code=\"" c "\"" { getline; gsub(/.*<name>|<\/name>.*/, ""); print; exit }' "$SRCDIR/examples/directory.xml")
contains "pharmacy rendition addressed to $ph" "$OUT/to.txt" "$phname"

# With a directory that gives no out-of-hours route (one written before
# routes), every clinical rendition still prints one: NHS 24 on 111, said
# to be the fallback. A document that names no team has the participant's
# own letterhead.
sed 's|<from-team>[^<]*</from-team>||' "$SRCDIR/examples/prescription-change.xml" > "$OUT/noteam.xml"
for role in gp pharmacy; do
	limited "$CAREX" --directory "$SRCDIR/tests/data/directory-v1.xml" render "$OUT/noteam.xml" \
		--role "$role" -o "$OUT/v1-$role.pdf" > "$OUT/err.txt" 2>&1 && ok ||
		fail "old directory, $role: $(cat "$OUT/err.txt")"
	pdftotext "$OUT/v1-$role.pdf" "$OUT/v1-$role.txt" 2>/dev/null
	contains "no route, $role: the fallback, said to be one" "$OUT/v1-$role.txt" \
		"Out of hours, Glasgow Alcohol and Drug Recovery Service: NHS 24 on 111. The carex directory gives no out-of-hours route for Glasgow Alcohol and Drug Recovery Service, so this is the national fallback."
done
contains "no route: the prescriber's fallback too" "$OUT/v1-pharmacy.txt" \
	"Out of hours, Possilpark Medical Practice: NHS 24 on 111. The carex directory gives no out-of-hours route"
contains "no team: the participant's letterhead" "$OUT/v1-gp.txt" "North East ADRS, Parkhead Health Centre"

# A team's own route wins over its participant's, for that team only.
awk '/<team code="south">/ { south = 1 } south && /<\/contact>/ { print; print "      <out-of-hours>South ADRS evening clinic on 0141 496 0123 until 20:00.</out-of-hours>"; south = 0; next } { print }' \
	"$SRCDIR/examples/directory.xml" > "$OUT/southooh.xml"
check "a directory with a team's own route is valid" xmllint --noout --schema "$SRCDIR/schemas/directory.xsd" "$OUT/southooh.xml"
for base in prescription-change-lai prescription-change; do
	limited "$CAREX" --directory "$OUT/southooh.xml" render "$SRCDIR/examples/$base.xml" \
		--role gp -o "$OUT/$base-ooh.pdf" > "$OUT/err.txt" 2>&1 && ok || fail "$base with a team route: $(cat "$OUT/err.txt")"
	pdftotext "$OUT/$base-ooh.pdf" "$OUT/$base-ooh.txt" 2>/dev/null
done
contains "the team's own route" "$OUT/prescription-change-lai-ooh.txt" "Out of hours, South ADRS: South ADRS evening clinic on 0141 496 0123 until 20:00."
contains "another team keeps the participant's" "$OUT/prescription-change-ooh.txt" "Out of hours, North East ADRS: The ADRS duty prescriber on 0141 496 0999"

# When the ADRS signs the prescription, the pharmacist calls the ADRS
# prescriber at the issuing team, and there is no second route to print.
sed 's|<prescription-issued-by>gp-practice<|<prescription-issued-by>adrs<|' "$SRCDIR/examples/prescription-change.xml" > "$OUT/adrs-issues.xml"
limited "$CAREX" render "$OUT/adrs-issues.xml" --role pharmacy -o "$OUT/adrs-issues.pdf" > "$OUT/err.txt" 2>&1 && ok ||
	fail "ADRS-issued change: $(cat "$OUT/err.txt")"
pdftotext "$OUT/adrs-issues.pdf" "$OUT/adrs-issues.txt" 2>/dev/null
contains "ADRS issues: its prescriber to call" "$OUT/adrs-issues.txt" "contact the prescriber, Dr Catriona Mackenzie, North East ADRS, on 0141 277 7400, before dispensing again."
not_contains "ADRS issues: not the practice" "$OUT/adrs-issues.txt" "contact the prescriber, Possilpark"
not_contains "ADRS issues: no practice route" "$OUT/adrs-issues.txt" "Out of hours, Possilpark"

# What leaves the pharmacy is said the same way on the GP's letter as in
# the pharmacy's week table, whatever the pattern: a weekly pick-up on
# Friday, supervised, hands over six doses and is not "6 a week".
awk '/<arrangements>/ { print; print "    <instalment-pattern>weekly</instalment-pattern>"; print "    <pick-up-days><day>friday</day></pick-up-days>"; print "    <supervised-days><day>friday</day></supervised-days>"; print "    <take-home-doses>6</take-home-doses>"; skip = 1; next }
	/<\/arrangements>/ { skip = 0 } !skip' "$SRCDIR/examples/prescription-change.xml" > "$OUT/weekly.xml"
for role in gp pharmacy; do
	if limited "$CAREX" render "$OUT/weekly.xml" --role "$role" -o "$OUT/weekly-$role.pdf" > "$OUT/err.txt" 2>&1; then
		ok
		pdftotext "$OUT/weekly-$role.pdf" "$OUT/weekly-$role.txt"
	else
		fail "weekly variant for $role: $(cat "$OUT/err.txt")"
	fi
done
contains "weekly: the letter counts what leaves on Friday" "$OUT/weekly-gp.txt" "Doses taken away Friday 6 (Saturday, Sunday, Monday, Tuesday, Wednesday and Thursday)"
contains "weekly: as the pharmacy's table does" "$OUT/weekly-pharmacy.txt" "6 (Saturday, Sunday, Monday, Tuesday, Wednesday and Thursday)"
not_contains "weekly: no count per week to misread" "$OUT/weekly-gp.txt" "6 a week"
# A pharmacy that hands the patient over to another is told to stop, and
# is not given the new week to dispense.
limited "$CAREX" render "$SRCDIR/examples/prescription-change-arrangements.xml" \
	--role pharmacy --to ph-1187 -o "$OUT/leaving.pdf" > "$OUT/err.txt" 2>&1 &&
	ok || fail "leaving pharmacy: $(cat "$OUT/err.txt")"
pdftotext "$OUT/leaving.pdf" "$OUT/leaving.txt" 2>/dev/null
contains "leaving pharmacy told to stop" "$OUT/leaving.txt" "Stop dispensing methadone oral solution 1 mg/ml to Róisín from Monday 31 March 2025."
contains "leaving pharmacy told who dispenses" "$OUT/leaving.txt" "From that date Calton Pharmacy dispenses it."
contains "leaving pharmacy sends the patient on" "$OUT/leaving.txt" "give none: send Róisín to Calton Pharmacy"
not_contains "leaving pharmacy gets no week to dispense" "$OUT/leaving.txt" "Each week from"

finish
