#!/bin/sh
# SPDX-License-Identifier: MIT
# typeset.sh - render the layout documents in tests/data/layout with the
# layout2pdf driver and check the PDFs from outside, as a reader would:
# text per page (marking, "Page N of M", repeated table headers, Unicode),
# fonts (embedded subsets only), size, structure (qpdf), the ToUnicode
# CMap, no heading at a page foot, no widow or orphan line, tall table
# rows cut between lines rather than moved.
# Env: LAYOUT2PDF (the driver), SRCDIR (repository root). Exit 0 or 1.

set -u
: "${LAYOUT2PDF:?set LAYOUT2PDF to the layout2pdf driver}"
: "${SRCDIR:=.}"
DATA="$SRCDIR/tests/data/layout"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/typeset.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
FAILS=0

fail() {
	echo "FAIL: $*"
	FAILS=$((FAILS + 1))
}

for tool in pdftotext pdffonts pdfinfo qpdf awk; do
	command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: no $tool"; exit 77; }
done

pages() {
	pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'
}

# Text of page $2 of $1 in reading order, one line per text line.
page_text() {
	pdftotext -f "$2" -l "$2" -layout "$1" - 2>/dev/null
}

render() {
	if ! "$LAYOUT2PDF" "$DATA/$1.xml" "$TMP/$1.pdf" 2>"$TMP/$1.err"; then
		fail "$1: layout2pdf failed: $(cat "$TMP/$1.err")"
		return 1
	fi
	return 0
}

# Every page: the marking at head and foot, "Page N of M" right.
check_pages() {
	f="$TMP/$1.pdf"
	mark=$2
	n=$(pages "$f")
	[ -n "$n" ] && [ "$n" -ge 1 ] || { fail "$1: no pages"; return; }
	p=1
	while [ "$p" -le "$n" ]; do
		page_text "$f" "$p" | sed '/^[[:space:]]*$/d' >"$TMP/page"
		first=$(head -n 1 "$TMP/page" | sed 's/^ *//; s/ *$//')
		last=$(tail -n 1 "$TMP/page" | sed 's/^ *//; s/ *$//')
		[ "$first" = "$mark" ] ||
		    fail "$1 page $p: first line is '$first', not $mark"
		[ "$last" = "$mark" ] ||
		    fail "$1 page $p: last line is '$last', not $mark"
		grep -q "Page $p of $n\$" "$TMP/page" ||
		    fail "$1 page $p: no 'Page $p of $n'"
		p=$((p + 1))
	done
}

# The last line of content on each page (marking, running header,
# footer and page number removed) must not be one of the headings.
check_no_stranded_heading() {
	f="$TMP/$1.pdf"
	shift
	n=$(pages "$f")
	p=1
	while [ "$p" -le "$n" ]; do
		page_text "$f" "$p" | sed '/^[[:space:]]*$/d' |
		    sed '1,2d' | sed '$d' | grep -v "Page $p of $n" |
		    tail -n 1 >"$TMP/lastline"
		for h in "$@"; do
			if grep -q "$h" "$TMP/lastline"; then
				fail "$(basename "$f") page $p ends with heading '$h'"
			fi
		done
		p=$((p + 1))
	done
}

# A paragraph split over pages keeps two lines or more on each page:
# count the lines carrying the paragraph's tokens (Orph00, Wido07...).
check_widows() {
	f="$TMP/$1.pdf"
	n=$(pages "$f")
	for tag in Orph Wido Mids; do
		total=0
		p=1
		while [ "$p" -le "$n" ]; do
			c=$(page_text "$f" "$p" | grep -c "${tag}[0-9][0-9]")
			if [ "$c" -eq 1 ]; then
				fail "$1: page $p holds a single line of the $tag paragraph"
			fi
			total=$((total + c))
			p=$((p + 1))
		done
		[ "$total" -ge 4 ] || fail "$1: $tag paragraph has only $total lines"
	done
	# The orphan case moved whole: its first token is at the top of page 2.
	page_text "$f" 2 | grep -q "Orph00" ||
	    fail "$1: the orphan-prone paragraph did not move to page 2"
}

# How far down page $2 of $1 the content goes: the lowest word's foot in
# points from the top, the running footer and foot marking (below
# 780 pt, where content ends) left out.
content_foot() {
	pdftotext -bbox -f "$2" -l "$2" "$1" - 2>/dev/null |
	    sed -n 's/.*yMax="\([0-9.]*\)".*/\1/p' |
	    awk '$1 < 780 && $1 > m { m = $1 } END { printf "%d\n", m }'
}

# Which pages of $1 hold the token $2 (a word), one number a line.
pages_with() {
	n=$(pages "$1")
	p=1
	while [ "$p" -le "$n" ]; do
		page_text "$1" "$p" | grep -q "$2" && echo "$p"
		p=$((p + 1))
	done
}

# Tall rows are cut where the page ends (rowsplit.c) instead of moving,
# with the heading before them, to the next page.
check_row_split() {
	f="$TMP/row-split.pdf"
	n=$(pages "$f")
	[ "$n" -eq 7 ] || fail "row-split: $n pages, expected 7"
	# The heading, the short field after it and the first lines of the
	# tall field share page 1; the field goes on on page 2.
	page_text "$f" 1 >"$TMP/p1"
	for s in "Background to the split" Purpose00 Eng00 Eng01; do
		grep -q "$s" "$TMP/p1" ||
		    fail "row-split: '$s' not on page 1 with the heading"
	done
	page_text "$f" 2 | grep -q "Eng15" ||
	    fail "row-split: the tall field does not continue on page 2"
	# No page left half empty before a row that could be cut: the
	# content reaches past the middle (66 + 714 / 2 pt from the top).
	for p in 1 3 4 5; do
		foot=$(content_foot "$f" "$p")
		[ "$foot" -gt 423 ] ||
		    fail "row-split page $p: content ends at $foot pt, page half empty"
	done
	# Every line once, nothing lost or doubled by the cuts.
	pdftotext "$f" "$TMP/rs.txt" 2>/dev/null
	for t in Eng00 Eng09 Eng15 Tall00 Tall12 Tall13 Tall23 Huge000 \
	    Huge050 Huge089 Boxd00 Boxd07 Row3 Row5 After00 Shortnote; do
		c=$(grep -c "$t" "$TMP/rs.txt")
		[ "$c" -eq 1 ] || fail "row-split: $t appears $c times"
	done
	# Label and number are not repeated on the continuation.
	c=$(grep -c "Engagement:" "$TMP/rs.txt")
	[ "$c" -eq 1 ] || fail "row-split: label repeated ($c times)"
	# A cut leaves two lines or more of a paragraph on each side: the
	# justified paragraph (Cwid00..11) straddles pages 1 and 2.
	p=1
	while [ "$p" -le "$n" ]; do
		c=$(page_text "$f" "$p" | grep -c "Cwid[0-9][0-9]")
		[ "$c" -ne 1 ] ||
		    fail "row-split: page $p holds one line of the Cwid paragraph"
		c=$(page_text "$f" "$p" | grep -c "Tall[0-9][0-9]")
		[ "$c" -ne 1 ] ||
		    fail "row-split: page $p holds one line of the tall row"
		p=$((p + 1))
	done
	[ "$(pages_with "$f" Cwid00)" != "$(pages_with "$f" Cwid11)" ] ||
	    fail "row-split: the Cwid paragraph was not cut at the page end"
	# A short cell goes with the first part of its row.
	[ "$(pages_with "$f" Shortnote)" = "$(pages_with "$f" Tall00)" ] ||
	    fail "row-split: the short cell left the first part of its row"
	[ "$(pages_with "$f" Tall00)" != "$(pages_with "$f" Tall23)" ] ||
	    fail "row-split: the tall table row was not cut"
	# The header row is on every page the table runs over, the row
	# longer than a page included.
	for p in $(pages_with "$f" "Tall[0-9]\|Huge[0-9]"); do
		page_text "$f" "$p" | grep -q "Ref  *Detail  *Note" ||
		    fail "row-split page $p: no repeated header row"
	done
	first=$(pages_with "$f" Huge000 | head -n 1)
	last=$(pages_with "$f" Huge089 | tail -n 1)
	[ "${last:-0}" -ge $((${first:-0} + 2)) ] ||
	    fail "row-split: the row longer than a page does not run over 3 pages"
	# A row in a group that fits on a page is not cut but moved.
	[ "$(pages_with "$f" Boxd00)" = "$(pages_with "$f" Boxd07)" ] ||
	    fail "row-split: a row kept in a group was cut"
}

check_fonts_and_size() {
	f="$TMP/$1.pdf"
	max=$2
	pdffonts "$f" 2>/dev/null | sed '1,2d' >"$TMP/fonts"
	[ -s "$TMP/fonts" ] || fail "$1: pdffonts lists no fonts"
	# columns from the right: object ID (2), uni, sub, emb
	awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes")
		print }' "$TMP/fonts" >"$TMP/badfonts"
	[ -s "$TMP/badfonts" ] &&
	    fail "$1: font not an embedded subset with ToUnicode: $(cat "$TMP/badfonts")"
	grep -v '^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]+' "$TMP/fonts" >"$TMP/notag"
	[ -s "$TMP/notag" ] && fail "$1: font without a subset tag"
	size=$(wc -c <"$f")
	[ "$size" -lt "$max" ] || fail "$1: $size bytes, expected under $max"
}

check_structure() {
	f="$TMP/$1.pdf"
	qpdf --check "$f" >"$TMP/qpdf" 2>&1 ||
	    fail "$1: qpdf --check: $(tail -n 3 "$TMP/qpdf")"
	pdftotext "$f" - >/dev/null 2>"$TMP/pterr"
	if grep -q -i "cmap\|ToUnicode\|warning\|error" "$TMP/pterr"; then
		fail "$1: pdftotext complains: $(head -n 2 "$TMP/pterr")"
	fi
}

for doc in letter long-table direction unicode widow heading-foot \
    long-word banner row-split; do
	render "$doc" || continue
	check_structure "$doc"
done

# Marking and page numbers on every page.
[ -f "$TMP/letter.pdf" ] && check_pages letter OFFICIAL-SENSITIVE
[ -f "$TMP/long-table.pdf" ] && check_pages long-table OFFICIAL-SENSITIVE
[ -f "$TMP/direction.pdf" ] && check_pages direction OFFICIAL
[ -f "$TMP/banner.pdf" ] && check_pages banner OFFICIAL
[ -f "$TMP/widow.pdf" ] && check_pages widow OFFICIAL
[ -f "$TMP/row-split.pdf" ] && check_pages row-split OFFICIAL

# The long table spans pages and repeats its header row on each.
if [ -f "$TMP/long-table.pdf" ]; then
	n=$(pages "$TMP/long-table.pdf")
	[ "$n" -ge 2 ] || fail "long-table: fits on $n page, expected several"
	p=1
	while [ "$p" -le "$n" ]; do
		page_text "$TMP/long-table.pdf" "$p" |
		    grep -q "No\. *Patient *Medication *Dose *Next review" ||
		    fail "long-table page $p: no header row"
		p=$((p + 1))
	done
	# All 80 rows, each once.
	for i in 1 40 80; do
		c=$(pdftotext -layout "$TMP/long-table.pdf" - |
		    grep -c "^ *$i  ")
		[ "$c" -eq 1 ] || fail "long-table: row $i appears $c times"
	done
fi

# Unicode comes back out: names, pound, en dash, curly quotes.
if [ -f "$TMP/unicode.pdf" ]; then
	pdftotext "$TMP/unicode.pdf" "$TMP/unicode.txt" 2>/dev/null
	for s in "Siobhán Ó Dónaill" "Zoë Nowak-Łukasiewicz" "£2,000,000" \
	    "five years – about" "“I’m ready”" "Seán O’Connor" \
	    "Ąą Ćć Ęę Łł Ńń Óó Śś Źź Żż" "Fionnghuala Nic a’ Phì" "€5"; do
		grep -q -F "$s" "$TMP/unicode.txt" ||
		    fail "unicode: '$s' does not come back from pdftotext"
	done
	pdfinfo "$TMP/unicode.pdf" | grep -q "^Title: *Unicode: Siobhán Ó Dónaill" ||
	    fail "unicode: title metadata not UTF-8 clean"
	# A second reader of the ToUnicode CMap, where there is one:
	# Ghostscript misreads some valid forms poppler accepts.
	if command -v gs >/dev/null 2>&1; then
		gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=txtwrite \
		    -sOutputFile="$TMP/unicode.gs.txt" "$TMP/unicode.pdf" \
		    >/dev/null 2>&1
		for s in "Nowak-Łukasiewicz" "£2,000,000" "years – about" \
		    "“I’m ready”" "Łódź, Kraków, Gdańsk" "Żż" "€5"; do
			grep -q -F "$s" "$TMP/unicode.gs.txt" ||
			    fail "unicode: '$s' does not come back from gs"
		done
	fi
fi

# Metadata from the document, never the clock.
if [ -f "$TMP/letter.pdf" ]; then
	pdfinfo "$TMP/letter.pdf" >"$TMP/info"
	grep -q "^Creator: *carex" "$TMP/info" || fail "letter: creator not carex"
	grep -q "^Author: *Glasgow ADRS" "$TMP/info" || fail "letter: author"
	grep -q "^CreationDate: .*Jan 29 .*2025" "$TMP/info" ||
	    fail "letter: creation date not from the document: $(grep CreationDate "$TMP/info")"
	grep -q "^Title: *Prescription change: Siobhán Ó Dónaill" "$TMP/info" ||
	    fail "letter: title"
	"$LAYOUT2PDF" "$DATA/letter.xml" "$TMP/letter2.pdf" 2>/dev/null
	cmp -s "$TMP/letter.pdf" "$TMP/letter2.pdf" ||
	    fail "letter: two renders differ"
fi

# Small files of embedded subsets. Each face used carries all of
# printable ASCII, the subsets' cache key (embed.c): 3-5 KB a face over
# an exact cut (the letter 19.3 -> 28.9 KB, unicode, four faces, 17.6 ->
# 37.4 KB). A whole face would be 300 KB or more.
[ -f "$TMP/letter.pdf" ] && check_fonts_and_size letter 32000
[ -f "$TMP/direction.pdf" ] && check_fonts_and_size direction 35000
[ -f "$TMP/unicode.pdf" ] && check_fonts_and_size unicode 42000
[ -f "$TMP/long-table.pdf" ] && check_fonts_and_size long-table 40000

# Keeps.
[ -f "$TMP/heading-foot.pdf" ] && check_no_stranded_heading heading-foot \
    "Stranded heading" "Second stranded heading" "Third nested heading"
[ -f "$TMP/letter.pdf" ] && check_no_stranded_heading letter \
    "Change to opioid" "Medication" "What we ask of you"
[ -f "$TMP/direction.pdf" ] && check_no_stranded_heading direction \
    "Purpose" "Background" "Financial implications" "Direction from the"
[ -f "$TMP/banner.pdf" ] && check_no_stranded_heading banner "Section [0-9]"
[ -f "$TMP/widow.pdf" ] && check_widows widow
[ -f "$TMP/row-split.pdf" ] && check_row_split

# The banner is on every page.
if [ -f "$TMP/banner.pdf" ]; then
	n=$(pages "$TMP/banner.pdf")
	[ "$n" -ge 2 ] || fail "banner: expected at least 2 pages"
	p=1
	while [ "$p" -le "$n" ]; do
		page_text "$TMP/banner.pdf" "$p" | grep -q "SUPERSEDED by PC-2025-0043" ||
		    fail "banner page $p: no banner"
		p=$((p + 1))
	done
fi

# The long word is all there, broken but not lost.
if [ -f "$TMP/long-word.pdf" ]; then
	pdftotext "$TMP/long-word.pdf" - 2>/dev/null | tr -d '\n' |
	    grep -q "Unbreakableabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz" ||
	    fail "long-word: the long word did not survive"
fi

# Hostile documents: an error message, never a crash.
for f in "$DATA"/hostile-*.xml; do
	"$LAYOUT2PDF" "$f" "$TMP/hostile.pdf" >/dev/null 2>"$TMP/herr"
	rc=$?
	if [ "$rc" -gt 1 ]; then
		fail "$(basename "$f"): exit $rc (crash?)"
	elif [ "$rc" -eq 1 ] && ! grep -q "layout2pdf: " "$TMP/herr"; then
		fail "$(basename "$f"): failed without a message"
	fi
done
"$LAYOUT2PDF" "$DATA/hostile-glyph.xml" "$TMP/g.pdf" 2>&1 | grep -q "U+E000" ||
    fail "hostile-glyph: the missing code point is not named"

if [ "$FAILS" -ne 0 ]; then
	echo "typeset.sh: $FAILS failed"
	exit 1
fi
echo "typeset.sh: all passed"
exit 0
