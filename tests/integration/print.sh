#!/bin/sh
# SPDX-License-Identifier: MIT
# Nothing is accepted that no recipient can print (issue 14): a submission
# whose text no configured font can show, or whose rendition would pass the
# typesetter's 1,000 pages, is a 422 naming the field, line, column and
# U+XXXX, the same words carex validate gives; POST /v1/render answers
# such a draft with the same 422, never a bare 500. What the fallback
# fonts cover is stored and every recipient's PDF fetches. Without the
# fallback files carexd still starts, warns, and refuses what only they
# had.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"
SCA=$E/shared-care-agreement.xml

# sca ID GIVEN: the agreement with a fresh message id and the patient's
# given name replaced. sca_text ID TEXT: TEXT put before the start of the
# review arrangements' first paragraph (line 144, column 10).
sca() {
	stamp "$SCA" "$1" | sed "s|<given>Ciarán</given>|<given>$2</given>|"
}
sca_text() {
	stamp "$SCA" "$1" | sed "s|<p>Reviews are held|<p>$2 reviews are held|"
}

# The long direction below is 1.3 MB; the test configuration's bound is
# smaller.
EXTRA_CONF="max_body = 4194304"
start_carexd
sca_text adrs-sca-pua 'Re\&#xE000;view:' > "$OUT/pua.xml"
want="/shared-care-agreement/review/arrangements/p[1]: character U+E000 is a private-use character"
code=$(submit adrs-glasgow "$OUT/pua.xml"); expect "a private-use character is refused at submit" "$code" 422
contains "submit: field and code point" "$OUT/body" "$want"
contains "submit: line and column" "$OUT/body" 'line="144" column="12" rule="PRINT"'
limited "$CAREX" validate "$OUT/pua.xml" > "$OUT/validate.txt" 2>&1
contains "carex validate says the same, at the same place" "$OUT/validate.txt" "pua.xml:144:12: $want"
code=$(req gp-43187 GET /v1/inbox); expect "GP inbox" "$code" 200
not_contains "nothing was stored" "$OUT/body" "adrs-sca-pua"
code=$(req adrs-glasgow POST /v1/render -H 'Content-Type: application/xml' --data-binary "@$OUT/pua.xml")
expect "the same draft to /v1/render is a 422, not a 500" "$code" 422
contains "render: field and code point" "$OUT/body" "$want"

# What the fallbacks cover (shaped where the script needs it) is stored
# and prints for every recipient.
sca_text adrs-sca-tick 'Ciarán ✓ 王秀英 محمد ਹਰਪ੍ਰੀਤ:' > "$OUT/tick.xml"
code=$(submit adrs-glasgow "$OUT/tick.xml"); expect "tick, Chinese, Arabic and Gurmukhi are accepted" "$code" 201
id=$(cat "$OUT/id")
# in a name the same private-use character is a name that does not print
# as itself (rule NAME-1), refused before the fonts are asked
sca adrs-sca-puaname 'Cia\&#xE000;rán' > "$OUT/puaname.xml"
code=$(submit adrs-glasgow "$OUT/puaname.xml"); expect "a private-use character in a name: 422" "$code" 422
contains "by NAME-1, at the name" "$OUT/body" 'line="26" column="7" rule="NAME-1"'
for who in gp-43187 ph-2245 adrs-glasgow; do
	code=$(req "$who" GET "/v1/documents/$id" -H 'Accept: application/pdf')
	expect "$who fetches its PDF" "$code" 200
	pdftotext "$OUT/body" "$OUT/tick.txt" 2>/dev/null
	contains "$who's PDF has the name" "$OUT/tick.txt" "Ciarán ✓ 王秀英"
	contains "$who's PDF has the Arabic" "$OUT/tick.txt" "محمد"
	pdffonts "$OUT/body" > "$OUT/tick.fonts" 2>&1
	contains "$who's PDF embeds Lohit Gurmukhi" "$OUT/tick.fonts" "Lohit-Gurmukhi"
done

# Past 1,000 pages: the example direction's appendix made 999 tall rows
# and repeated five times.
awk -v n=999 -v k=5 '
BEGIN { w = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj "; cell = substr(w w w w, 1, 199) }
/<appendix>/ { inapp = 1 }
inapp && /<row/ { if (!rows) { for (i = 0; i < n; i++) buf = buf "      <row><cell>" cell "</cell><cell/><cell/><cell/></row>\n"; rows = 1 } next }
inapp { buf = buf $0 "\n" }
inapp && /<\/appendix>/ { inapp = 0; for (i = 0; i < k; i++) printf "%s", buf; next }
!inapp { print }' "$E/ijb-direction.xml" > "$OUT/long.xml"
code=$(submit ijb-glasgow "$OUT/long.xml"); expect "a 1,070-page direction is refused at submit" "$code" 422
contains "submit: the page limit" "$OUT/body" "would be longer than the typesetter"
contains "submit: the limit" "$OUT/body" "limit of 1000 pages"
code=$(req ijb-glasgow POST /v1/render -H 'Content-Type: application/xml' --data-binary "@$OUT/long.xml")
expect "the long draft to /v1/render is a 422" "$code" 422
contains "render: the page limit" "$OUT/body" "limit of 1000 pages"
# /v1/render applies the submit policy: a pharmacy cannot typeset a care
# summary (which only the ADRS and GPs send) "from" itself, though the
# draft names it as the sender and is otherwise valid.
sed 's|<from>adrs-glasgow</from>|<from>ph-1187</from>|; /<from-team>/d' "$E/care-summary.xml" > "$OUT/pharmacy-change.xml"
code=$(req ph-1187 POST /v1/render -H 'Content-Type: application/xml' --data-binary "@$OUT/pharmacy-change.xml")
expect "a pharmacy rendering a care summary from itself: 403" "$code" 403
contains "it says the role may not send it" "$OUT/body" "pharmacy"
code=$(req ph-1187 POST /v1/documents -H 'Content-Type: application/xml' --data-binary "@$OUT/pharmacy-change.xml")
expect "as a submission: the same 403" "$code" 403
code=$(req adrs-glasgow POST /v1/render -H 'Content-Type: application/xml' --data-binary "@$E/care-summary.xml")
expect "the ADRS renders its own care summary" "$code" 200
grep -q 'event=render-error' "$OUT/carexd.log" && fail "render errors logged: $(grep -m1 render-error "$OUT/carexd.log")" || ok
stop_carexd
expect "carexd stops cleanly" "$RC" 0

# A missing fallback font: a warning, not a failed start; the tick is then
# refused at submission instead of stored unprintable.
sed 's/soft-mg="120"/soft-mg="55"/' "$SRCDIR/schemas/clinical-limits.xml" > "$OUT/limits.xml"
EXTRA_CONF="fallback_fonts = /nonexistent/DejaVuSans.ttf
clinical_limits = $OUT/limits.xml"
start_carexd
# carexd holds submissions to the deployment's clinical limits
code=$(submit adrs-glasgow "$E/prescription-change.xml"); expect "past the deployment's soft limit with no reason: 422" "$code" 422
contains "by LIM-2, with the deployment's number" "$OUT/body" "is above the usual 55 mg"
contains "the missing fallback is logged" "$OUT/carexd.log" "event=font-missing font=/nonexistent/DejaVuSans.ttf"
sca adrs-sca-tick2 'Ciarán ✓' > "$OUT/tick2.xml"
code=$(submit adrs-glasgow "$OUT/tick2.xml"); expect "without DejaVu Sans a tick is refused" "$code" 422
contains "the refusal says why" "$OUT/body" "character U+2713 has no glyph in any configured font"
stop_carexd
expect "carexd stops cleanly" "$RC" 0
finish
