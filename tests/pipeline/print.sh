#!/bin/sh
# SPDX-License-Identifier: MIT
# Nothing is accepted that no recipient can print (issue 14). What Liberation
# Sans lacks (ticks, boxes, a warning sign, degrees Celsius, Chinese,
# Arabic, Gurmukhi, Devanagari, Bengali) is set from the fallback fonts,
# shaped where the script needs it, and reads back from the PDF; what no configured
# font can show (a private-use character, an emoji), scripts the typesetter
# has not been set up to shape (Khmer) and documents past the 1,000-page
# limit are refused by carex validate with the field, line, column and
# U+XXXX, before anything could be stored.
. "$SRCDIR/tests/lib.sh"
CS=$SRCDIR/examples/care-summary.xml

# variant NAME GIVEN FAMILY DETAILS: the care summary with the patient's
# name and the first overdose's details replaced.
variant() {
	sed -e "s|<given>Róisín</given>|<given>$2</given>|" \
	    -e "s|<family>Quinn</family>|<family>$3</family>|" \
	    -e "0,/<details>Found unresponsive[^<]*</s|<details>Found unresponsive[^<]*<|<details>$4<|" \
	    "$CS" > "$OUT/$1.xml"
}

# prints NAME TEXT...: NAME.xml validates, renders, and each TEXT is on the
# page as pdftotext reads it back.
prints() {
	_n=$1; shift
	limited "$CAREX" validate "$OUT/$_n.xml" > "$OUT/$_n.err" 2>&1 &&
		ok || fail "$_n: refused: $(cat "$OUT/$_n.err")"
	if limited "$CAREX" render "$OUT/$_n.xml" -o "$OUT/$_n.pdf" > "$OUT/$_n.err" 2>&1; then
		ok
		pdftotext "$OUT/$_n.pdf" "$OUT/$_n.txt"
		for _t in "$@"; do contains "$_n" "$OUT/$_n.txt" "$_t"; done
	else
		fail "$_n: render failed: $(cat "$OUT/$_n.err")"
	fi
}

for sym in ✓ ✗ ☐ ☒ ⚠ ℃; do
	variant "sym-$sym" Róisín Quinn "Kit checked $sym at the review."
	prints "sym-$sym" "Kit checked $sym at the review."
done
variant polish "Zofia Łucja" "Wójcik-Żółkiewska" "Seen by her sister Małgorzata."
prints polish "Zofia Łucja Wójcik-Żółkiewska" "Seen by her sister Małgorzata."
variant chinese "秀英" "王" "Her brother 王伟 found her."
prints chinese "秀英 王" "Her brother 王伟 found her."
variant vietnamese "Thị Hương" "Nguyễn" "Seen by Nguyễn Văn Đức."
prints vietnamese "Thị Hương Nguyễn" "Seen by Nguyễn Văn Đức."
# A word joiner in text is dropped, not refused: it reads as written (in
# a name it is refused, below).
variant joiner "Zofia" "Wójcik" "Found unre⁠sponsive."
prints joiner "Zofia Wójcik" "Found unresponsive."
# The fallback glyphs are in the PDF: DejaVu Sans and Droid Sans Fallback.
pdffonts "$OUT/chinese.pdf" > "$OUT/chinese.fonts" 2>&1
contains "Chinese from the CJK fallback" "$OUT/chinese.fonts" "DroidSansFallbackFull"
pdffonts "$OUT/sym-✓.pdf" > "$OUT/tick.fonts" 2>&1
contains "tick from DejaVu Sans" "$OUT/tick.fonts" "DejaVuSans"

# refused NAME WANT...: NAME.xml is refused (exit 1) with each WANT.
refused() {
	_n=$1; shift
	limited "$CAREX" validate "$OUT/$_n.xml" > "$OUT/$_n.err" 2>&1
	[ $? -eq 1 ] && ok || fail "$_n: not refused: $(cat "$OUT/$_n.err")"
	for _w in "$@"; do contains "$_n" "$OUT/$_n.err" "$_w"; done
}

# A private-use character: field, line, column, code point, why.
variant pua "Zofia" "Wójcik" "Found unre\&#xE000;sponsive."
refused pua "/care-summary/risks/overdose[1]/details: character U+E000 is a private-use character" "[PRINT]"
# In a name, a joiner makes another string than it prints (NAME-1).
variant joinername "Zofia" "Wój⁠cik" "Found unresponsive."
refused joinername "joinername.xml:15:7: The family part of the patient's name: in 'Wój<U+2060>cik', character 4 is U+2060" "[NAME-1]"
variant emoji "Zofia" "Wójcik" "Found unresponsive 😀."
refused emoji "/care-summary/risks/overdose[1]/details: character U+1F600 is outside the Basic Multilingual Plane"
# Scripts that need shaping are shaped by HarfBuzz from their fallback
# faces: Arabic joined and right to left (DejaVu Sans), Gurmukhi, Devanagari
# and Bengali with their vowel signs reordered (Lohit).
variant arabic "محمد علي" "Khan" "Her cousin فاطمة came with her."
prints arabic "Khan" "Her cousin" "came with her."
pdffonts "$OUT/arabic.pdf" > "$OUT/arabic.fonts" 2>&1
contains "Arabic from DejaVu Sans" "$OUT/arabic.fonts" "DejaVuSans"
# The Arabic words come back from the text layer, in reading order.
contains "Arabic text extracts" "$OUT/arabic.txt" "محمد علي"
variant punjabi "ਹਰਪ੍ਰੀਤ" "Kaur" "Seen with her mother ਗੁਰਮੀਤ."
prints punjabi "Kaur" "Seen with her mother"
pdffonts "$OUT/punjabi.pdf" > "$OUT/punjabi.fonts" 2>&1
contains "Gurmukhi from Lohit" "$OUT/punjabi.fonts" "Lohit-Gurmukhi"
variant hebrew "שרה" "Cohen" "Found unresponsive."
prints hebrew "Cohen"
contains "Hebrew text extracts in reading order" "$OUT/hebrew.txt" "שרה"
variant hindi "सुनीता" "Sharma" "Found unresponsive."
prints hindi "Sharma"
variant bengali "সুমি" "Begum" "Found unresponsive."
prints bengali "Begum"
# A script the typesetter has not been set up to shape is refused.
variant khmer "សុខា" "Chan" "Found unresponsive."
refused khmer "khmer.xml:14:14: /care-summary/patient/name/given: character U+179F is Tibetan, Myanmar, Khmer or Mongolian"
# carex render refuses the same way and writes no PDF.
limited "$CAREX" render "$OUT/pua.xml" -o "$OUT/pua.pdf" > "$OUT/pua.err" 2>&1
[ $? -eq 1 ] && ok || fail "render of a private-use character: not refused"
[ ! -e "$OUT/pua.pdf" ] && ok || fail "render of a private-use character wrote a PDF"
contains "render refusal" "$OUT/pua.err" "character U+E000 is a private-use character"

# Without the fallback fonts (a missing file only warns) a tick is refused.
variant nofallback "Zofia" "Wójcik" "Kit checked ✓."
limited "$CAREX" --fallback-fonts /nonexistent/DejaVuSans.ttf validate \
	"$OUT/nofallback.xml" > "$OUT/nofallback.err" 2>&1
[ $? -eq 1 ] && ok || fail "no fallback: tick not refused: $(cat "$OUT/nofallback.err")"
contains "no fallback: warned" "$OUT/nofallback.err" "event=font-missing font=/nonexistent/DejaVuSans.ttf"
contains "no fallback: refused" "$OUT/nofallback.err" "character U+2713 has no glyph in any configured font"

# Past the typesetter's 1,000 pages: the example direction's appendix
# table made 999 tall rows, the appendix five times (about 1,070 pages).
long() {
	awk -v n=999 -v k="$1" '
	BEGIN { w = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj "; cell = substr(w w w w, 1, 199) }
	/<appendix>/ { inapp = 1 }
	inapp && /<row/ { if (!rows) { for (i = 0; i < n; i++) buf = buf "      <row><cell>" cell "</cell><cell/><cell/><cell/></row>\n"; rows = 1 } next }
	inapp { buf = buf $0 "\n" }
	inapp && /<\/appendix>/ { inapp = 0; for (i = 0; i < k; i++) printf "%s", buf; next }
	!inapp { print }' "$SRCDIR/examples/ijb-direction.xml"
}
long 5 > "$OUT/long.xml"
refused long "long.xml:1:1: the health-board rendition for hb-ggc would be longer than the typesetter's limit of 1000 pages" "[PRINT]"
long 4 > "$OUT/long4.xml"
limited "$CAREX" validate "$OUT/long4.xml" > "$OUT/long4.err" 2>&1 &&
	ok || fail "a long direction under the limit is refused: $(cat "$OUT/long4.err")"
finish
