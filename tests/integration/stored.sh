#!/bin/sh
# SPDX-License-Identifier: MIT
# Stored documents always render: a rule added after a document was
# accepted (and applied by SIGHUP) refuses new submissions but does not
# turn the stored letter into a 500, because a fetch renders what the
# store holds without validating it again.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"

D=$OUT/data
mkdir -p "$D"
cp -R "$SRCDIR/schemas" "$SRCDIR/xsl" "$D/"
[ -d "$SRCDIR/ui" ] && cp -R "$SRCDIR/ui" "$D/"
EXTRA_CONF="datadir = $D"
start_carexd
code=$(submit adrs-glasgow "$E/shared-care-agreement.xml"); expect "the agreement is stored" "$code" 201
doc=$(cat "$OUT/id")
code=$(req gp-43187 GET "/v1/documents/$doc" -H 'Accept: application/pdf')
expect "its PDF before the rule change" "$code" 200

# A rule every agreement breaks, as a deployment might add one.
awk '/<\/rules>/ { print "  <rule id=\"SCA-99\" context=\"/c:shared-care-agreement/c:header\" assert=\"false()\">A rule added after the document was stored.</rule>" } { print }' \
	"$SRCDIR/schemas/shared-care-agreement.rules.xml" > "$D/schemas/shared-care-agreement.rules.xml"
kill -HUP "$PID"
wait_log "event=reload status=ok generation=2" && ok || fail "reload: $(grep reload "$OUT/carexd.log")"
stamp "$E/shared-care-agreement.xml" adrs-sca-after-rule > "$OUT/new.xml"
code=$(submit adrs-glasgow "$OUT/new.xml"); expect "the new rule refuses a new agreement" "$code" 422
contains "the refusal names the new rule" "$OUT/body" "SCA-99"
for who in gp-43187 ph-2245; do
	code=$(req "$who" GET "/v1/documents/$doc" -H 'Accept: application/pdf')
	expect "$who's PDF of the stored agreement after the rule change" "$code" 200
	head -c 5 "$OUT/body" | grep -q '%PDF-' && ok || fail "$who got a PDF"
done
code=$(req gp-43187 GET "/v1/documents/$doc"); expect "its XML after the rule change" "$code" 200
# A document accepted before the per-element limits (here: written into
# the store as an earlier carexd could have accepted it, with 40
# namespace declarations on its root) still renders: a fetch parses what
# was accepted, under the limits it was accepted under.
ns=$(awk 'BEGIN { for (i = 0; i < 40; i++) printf " xmlns:n%d=\"urn:x:%d\"", i, i }')
sed "s|<shared-care-agreement xmlns=\"urn:carex:doc:1\"|<shared-care-agreement xmlns=\"urn:carex:doc:1\"$ns|" "$E/shared-care-agreement.xml" > "$OUT/old.xml"
grep -q 'xmlns:n39' "$OUT/old.xml" && ok || fail "the old document has its declarations"
# A long-acting injection change as carex accepted it before <injection>
# (the injection plan) was required.
code=$(submit adrs-glasgow "$E/prescription-change-lai.xml"); expect "the LAI change is stored" "$code" 201
lai=$(cat "$OUT/id")
grep -v 'injection>\|last-oral-dose\|first-injection\|next-due\|window-days' \
	"$E/prescription-change-lai.xml" > "$OUT/lai-v1.xml"
stop_carexd
sqlite3 "$OUT/var/carex.db" "UPDATE documents SET body = readfile('$OUT/old.xml') WHERE id = '$doc'" && ok || fail "the store took the old document"
sqlite3 "$OUT/var/carex.db" "UPDATE documents SET body = readfile('$OUT/lai-v1.xml') WHERE id = '$lai'" && ok || fail "the store took the older LAI change"
start_carexd
for who in gp-43187 ph-2245; do
	code=$(req "$who" GET "/v1/documents/$lai" -H 'Accept: application/pdf')
	expect "$who's PDF of the LAI change stored without an injection plan" "$code" 200
	pdftotext "$OUT/body" "$OUT/lai-$who.txt" 2>/dev/null
	contains "$who's copy states the injection" "$OUT/lai-$who.txt" "96 mg"
	not_contains "$who's copy prints no empty plan" "$OUT/lai-$who.txt" "First injection"
done
code=$(submit adrs-glasgow "$(stamp "$OUT/lai-v1.xml" adrs-lai-v1 > "$OUT/lai-v1-new.xml"; echo "$OUT/lai-v1-new.xml")")
expect "the same LAI change submitted today is refused" "$code" 422
contains "naming the injection plan rule" "$OUT/body" "PC-32"
code=$(req gp-43187 GET "/v1/documents/$doc" -H 'Accept: application/pdf')
expect "a stored document past today's namespace limit still renders" "$code" 200
stamp "$OUT/old.xml" adrs-sca-many-ns > "$OUT/old-new.xml"
code=$(submit adrs-glasgow "$OUT/old-new.xml"); expect "the same submitted today is refused" "$code" 422
contains "naming the limit" "$OUT/body" "max_namespaces"
grep -q 'event=render-error' "$OUT/carexd.log" && fail "render errors logged: $(grep -m1 render-error "$OUT/carexd.log")" || ok
stop_carexd
expect "carexd stops cleanly" "$RC" 0
finish
