#!/bin/sh
# SPDX-License-Identifier: MIT
# Adding a doctype is adding files: tests/data/sixth holds a sixth doctype
# (schema, rules, stylesheet, registry entry) and carex validates and
# renders it with no change to C code. Its second rendition is a hostile
# stylesheet that tries to read a local file: the transform must fail.
. "$SRCDIR/tests/lib.sh"
S=$SRCDIR/tests/data/sixth
REG="--registry $SRCDIR/schemas/registry.xml --registry $S/registry.xml"

# Without its registry entry the doctype is unknown.
limited "$CAREX" validate "$S/naloxone-supply.xml" > "$OUT/r.txt" 2>&1
[ $? -eq 1 ] && ok || fail "unregistered doctype refused"
contains "unregistered doctype" "$OUT/r.txt" "is not a document type carex knows [DOCTYPE]"

# With it: valid, and the five standard doctypes still work beside it.
limited "$CAREX" $REG validate "$S/naloxone-supply.xml" \
	"$SRCDIR/examples/prescription-change.xml" > "$OUT/r.txt" 2>&1
[ $? -eq 0 ] && ok || fail "sixth doctype validates: $(cat "$OUT/r.txt")"
contains "sixth doctype named" "$OUT/r.txt" "naloxone-supply.xml: valid naloxone-supply"
contains "standard doctype beside it" "$OUT/r.txt" "prescription-change.xml: valid prescription-change"

# Its own rule, and the shared CHI rules it includes, apply.
limited "$CAREX" $REG validate "$S/naloxone-supply-future.xml" > "$OUT/r.txt" 2>&1
[ $? -eq 1 ] && ok || fail "sixth doctype rule refuses"
contains "sixth doctype rule" "$OUT/r.txt" "naloxone-supply-future.xml:18:3: The supply date 2025-03-09 is after the record was issued. [NAL-1]"
sed 's|<chi>1403852340</chi>|<chi>1403852341</chi>|' "$S/naloxone-supply.xml" > "$OUT/badchi.xml"
limited "$CAREX" $REG validate "$OUT/badchi.xml" > "$OUT/r.txt" 2>&1
contains "included common rule" "$OUT/r.txt" "badchi.xml:12:5: CHI number 1403852341 is not valid: the check digit should be 0, not 1."

# It renders through its own stylesheet.
limited "$CAREX" $REG render "$S/naloxone-supply.xml" -o "$OUT/n.pdf" --layout "$OUT/n.xml" > "$OUT/r.txt" 2>&1
[ $? -eq 0 ] && ok || fail "sixth doctype renders: $(cat "$OUT/r.txt")"
check "layout XML of the sixth doctype is valid" xmllint --noout --schema "$SRCDIR/schemas/layout.xsd" "$OUT/n.xml"
pdftotext "$OUT/n.pdf" "$OUT/n.txt" 2>/dev/null
contains "sixth doctype PDF text" "$OUT/n.txt" "Take-home naloxone supplied"
contains "sixth doctype accented name" "$OUT/n.txt" "Zoë Nowak-Łukasiewicz"
# A cancelling one renders as a cancellation, though its stylesheet was
# written before carex's stylesheets were asked to name a "document".
sed 's|<to>gp-43021</to>|<to>gp-43021</to><cancels>01K7000000V1STORE000000000</cancels>|' "$S/naloxone-supply.xml" > "$OUT/cancel.xml"
limited "$CAREX" $REG render "$OUT/cancel.xml" -o "$OUT/c.pdf" > "$OUT/r.txt" 2>&1 &&
	ok || fail "sixth doctype cancellation renders: $(cat "$OUT/r.txt")"
pdftotext "$OUT/c.pdf" "$OUT/c.txt" 2>/dev/null
contains "sixth doctype cancellation" "$OUT/c.txt" "Cancellation: do not act on the earlier document"
not_contains "sixth doctype cancellation gives no supply" "$OUT/c.txt" "Take-home naloxone supplied"
# Its named party, declared in its registry entry alone, comes from the
# directory: the practice's name, phone and out-of-hours route.
contains "sixth doctype party from the directory" "$OUT/n.txt" "Copied to Possilpark Medical Practice, 0141 531 6120."
contains "sixth doctype party's route" "$OUT/n.txt" "Out of hours, Possilpark Medical Practice: The practice is closed after 18:00"
# A party's name is its parameters' prefix: two of one name are refused.
sed 's|<party name="practice" select="\([^"]*\)"/>|&<party name="practice" select="\1"/>|' "$S/registry.xml" > "$OUT/twice.xml"
limited "$CAREX" --registry "$SRCDIR/schemas/registry.xml" --registry "$OUT/twice.xml" validate "$S/naloxone-supply.xml" > "$OUT/r.txt" 2>&1
[ $? -eq 2 ] && ok || fail "a party named twice: status 2"
contains "a party named twice: says where" "$OUT/r.txt" "unique-party"

# A stylesheet cannot read local files.
limited "$CAREX" $REG render "$S/naloxone-supply.xml" --role gp -o "$OUT/leak.pdf" > "$OUT/r.txt" 2>&1
[ $? -eq 2 ] && ok || fail "leaky stylesheet: render fails"
[ ! -e "$OUT/leak.pdf" ] && ok || fail "leaky stylesheet: no PDF written"
contains "leaky stylesheet: refused read" "$OUT/r.txt" "Local file read for file:///etc/passwd refused"
not_contains "leaky stylesheet: nothing leaked" "$OUT/r.txt" "root:x:"

# A role that may not receive the doctype has no rendition.
limited "$CAREX" $REG render "$S/naloxone-supply.xml" --role council -o "$OUT/x.pdf" > "$OUT/r.txt" 2>&1
[ $? -eq 2 ] && ok || fail "unknown role: status 2"
contains "unknown role" "$OUT/r.txt" "is not sent to the role council"

# A rules file names values once with <let> and uses them as $name in
# rules and messages; a name defined twice is refused with its line.
mkdir -p "$OUT/let"
sed -e "s|schema=\"|schema=\"$S/|" -e "s|stylesheet=\"|stylesheet=\"$S/|" "$S/registry.xml" > "$OUT/let/registry.xml"
cat > "$OUT/let/naloxone-supply.rules.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<rules xmlns="urn:carex:rules:1">
  <include href="$SRCDIR/schemas/common.rules.xml"/>
  <let name="issued" select="carex:days(/*/c:header/c:issued)"/>
  <rule id="NAL-1" context="/c:naloxone-supply/c:supplied"
        assert="carex:days(.) &lt;= \$issued">Supplied {.}, day {carex:days(.)}, after day {\$issued}.</rule>
</rules>
EOF
check "a rules file with a let is valid against rules.xsd" \
	xmllint --noout --schema "$SRCDIR/schemas/rules.xsd" "$OUT/let/naloxone-supply.rules.xml"
LETREG="--registry $SRCDIR/schemas/registry.xml --registry $OUT/let/registry.xml"
limited "$CAREX" $LETREG validate "$S/naloxone-supply-future.xml" > "$OUT/r.txt" 2>&1
[ $? -eq 1 ] && ok || fail "a rule with a let refuses: $(cat "$OUT/r.txt")"
contains "the let's value in the rule and its message" "$OUT/r.txt" "naloxone-supply-future.xml:18:3: Supplied 2025-03-09, day 20156, after day 20151. [NAL-1]"
limited "$CAREX" $LETREG validate "$S/naloxone-supply.xml" > "$OUT/r.txt" 2>&1
[ $? -eq 0 ] && ok || fail "with a let, a valid document is valid: $(cat "$OUT/r.txt")"
sed 's|^  <rule id|  <let name="issued" select="1"/>\n  <rule id|' "$OUT/let/naloxone-supply.rules.xml" > "$OUT/let/twice.xml"
mv "$OUT/let/twice.xml" "$OUT/let/naloxone-supply.rules.xml"
limited "$CAREX" $LETREG validate "$S/naloxone-supply.xml" > "$OUT/r.txt" 2>&1
[ $? -eq 2 ] && ok || fail "a let named twice: status 2"
contains "a let named twice: says where" "$OUT/r.txt" "naloxone-supply.rules.xml:5: a let needs a new lower-case name and a select"

# A broken registry is reported with its file and line.
sed 's|<recipients select="c:header/c:to"/>||' "$S/registry.xml" > "$OUT/broken-registry.xml"
limited "$CAREX" --registry "$OUT/broken-registry.xml" validate "$S/naloxone-supply.xml" > "$OUT/r.txt" 2>&1
[ $? -eq 2 ] && ok || fail "broken registry: status 2"
contains "broken registry: says where" "$OUT/r.txt" "broken-registry.xml:"

finish
