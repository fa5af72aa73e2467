#!/bin/sh
# SPDX-License-Identifier: MIT
# The pull agent never stalls behind one document: one whose rendition
# fails (here a stylesheet, changed by a reload, that cannot render one
# agreement) is reported in the agent's log and exit status and in the
# sender's status view, and the pass goes on to the documents after it.
# Once it renders again, the next pass takes it and the problem clears.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"

D=$OUT/data
mkdir -p "$D" "$OUT/in"
cp -R "$SRCDIR/schemas" "$SRCDIR/xsl" "$D/"
[ -d "$SRCDIR/ui" ] && cp -R "$SRCDIR/ui" "$D/"
EXTRA_CONF="datadir = $D"
HOME=$OUT/home; export HOME
unset CAREX_CONFIG
start_carexd

for m in adrs-pull-1 adrs-unprintable adrs-pull-3; do
	stamp "$E/shared-care-agreement.xml" "$m" > "$OUT/$m.xml"
	code=$(submit adrs-glasgow "$OUT/$m.xml"); expect "$m stored" "$code" 201
	cp "$OUT/id" "$OUT/$m.id"
done
bad=$(cat "$OUT/adrs-unprintable.id")

# A stylesheet that cannot render one of them, as a faulty upgrade might.
mv "$D/xsl/shared-care-agreement.xsl" "$D/xsl/sca-orig.xsl"
cat > "$D/xsl/shared-care-agreement.xsl" <<'XSL'
<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:c="urn:carex:doc:1">
  <xsl:import href="sca-orig.xsl"/>
  <xsl:template match="/">
    <xsl:if test="c:shared-care-agreement/c:header/c:message-id = 'adrs-unprintable'">
      <xsl:message terminate="yes">no rendition for this one</xsl:message>
    </xsl:if>
    <xsl:apply-imports/>
  </xsl:template>
</xsl:stylesheet>
XSL
kill -HUP "$PID"
wait_log "event=reload status=ok generation=2" && ok || fail "reload: $(grep reload "$OUT/carexd.log")"

as ph-2245
"$CAREX" pull --to "$OUT/in" --pdf 2> "$OUT/pull.log"; rc=$?
[ $rc -eq 3 ] && ok || fail "a pass with one failure exits 3 ($rc): $(cat "$OUT/pull.log")"
contains "the failure is logged with its id" "$OUT/pull.log" "event=failed id=$bad status=500 next=continue"
for m in adrs-pull-1 adrs-pull-3; do
	id=$(cat "$OUT/$m.id")
	[ -s "$OUT/in/$id.pdf" ] && ok || fail "$m (after the failing one too) was pulled: $(ls "$OUT/in")"
	contains "$m acknowledged" "$OUT/pull.log" "event=acknowledged id=$id"
done
[ -e "$OUT/in/$bad.pdf" ] && fail "a PDF for the one that failed" || ok
not_contains "the failing one is not acknowledged" "$OUT/pull.log" "event=acknowledged id=$bad"

# The sender sees why, on the pharmacy's delivery.
code=$(req adrs-glasgow GET "/v1/documents/$bad/status"); expect "the sender's status" "$code" 200
check "the status answer is valid (api.xsd)" xmllint --noout --schema "$SRCDIR/schemas/api.xsd" "$OUT/body"
grep '<recipient code="ph-2245"' "$OUT/body" | grep -q 'problem="[^"]*no rendition' && ok || fail "the pharmacy's delivery shows the problem: $(cat "$OUT/body")"
grep '<recipient code="ph-2245"' "$OUT/body" | grep -q 'problem-at="20' && ok || fail "and when"
grep '<recipient code="gp-43187"' "$OUT/body" | grep -q 'problem=' && fail "the GP, who has not asked, has no problem" || ok
# The XML, which never failed, served again says nothing of the PDF.
code=$(req ph-2245 GET "/v1/documents/$bad"); expect "the pharmacy fetches the XML" "$code" 200
code=$(req adrs-glasgow GET "/v1/documents/$bad/status")
grep '<recipient code="ph-2245"' "$OUT/body" | grep -q 'problem="[^"]*no rendition' && ok || fail "the problem stays after the XML is served: $(cat "$OUT/body")"
as adrs-glasgow
"$CAREX" status "$bad" > "$OUT/status.txt" 2>&1 && ok || fail "carex status: $(cat "$OUT/status.txt")"
contains "carex status prints the problem" "$OUT/status.txt" "no rendition"

# Fixed: the next pass takes it, and the problem is gone.
mv "$D/xsl/sca-orig.xsl" "$D/xsl/shared-care-agreement.xsl"
kill -HUP "$PID"
wait_log "event=reload status=ok generation=3" && ok || fail "second reload"
as ph-2245
"$CAREX" pull --to "$OUT/in" --pdf 2> "$OUT/pull2.log"; rc=$?
[ $rc -eq 0 ] && ok || fail "the next pass succeeds ($rc): $(cat "$OUT/pull2.log")"
[ -s "$OUT/in/$bad.pdf" ] && ok || fail "the one that failed is pulled now"
code=$(req adrs-glasgow GET "/v1/documents/$bad/status"); expect "the sender's status again" "$code" 200
not_contains "the problem is cleared once served" "$OUT/body" 'problem='
stop_carexd
expect "carexd stops cleanly" "$RC" 0
finish
