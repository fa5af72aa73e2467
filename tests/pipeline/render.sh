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

# The recipient named with --to gets its own address block.
limited "$CAREX" render "$SRCDIR/examples/shared-care-agreement.xml" --role pharmacy \
	-o "$OUT/to.pdf" > /dev/null 2>&1
pdftotext "$OUT/to.pdf" "$OUT/to.txt" 2>/dev/null
sed -n 's|.*<to>\(ph-[0-9]*\)</to>.*|\1|p' "$SRCDIR/examples/shared-care-agreement.xml" | head -n 1 > "$OUT/ph"
ph=$(cat "$OUT/ph")
phname=$(awk -v c="$ph" '$0 ~ "code=\"" c "\"" { getline; gsub(/.*<name>|<\/name>.*/, ""); print; exit }' "$SRCDIR/examples/directory.xml")
contains "pharmacy rendition addressed to $ph" "$OUT/to.txt" "$phname"

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
finish
