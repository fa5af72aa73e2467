#!/bin/sh
# SPDX-License-Identifier: MIT
# Header fields are read as the schema reads them (xs:token), so a message
# id with white space around it is the same id; and a replacement
# (supersedes or cancels) must be of the same doctype, about the same
# patient and go to every original recipient, or it is refused with what
# differs.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"

PC=$E/prescription-change.xml
start_carexd

# -- xs:token header values
code=$(submit adrs-glasgow "$PC"); expect "the prescription change is stored" "$code" 201
orig=$(cat "$OUT/id")
sed 's|<message-id>adrs-ne-2025-0412</message-id>|<message-id>  adrs-ne-2025-0412 </message-id>|; s|<dose>|<dose> |' "$PC" > "$OUT/spaced.xml"
cmp -s "$PC" "$OUT/spaced.xml" && fail "the spaced copy differs from the original" || ok
code=$(submit adrs-glasgow "$OUT/spaced.xml")
expect "the same message id with spaces around it, other bytes: 409" "$code" 409
contains "the 409 says the message id was used" "$OUT/body" "message-id-reused"
stamp "$PC" adrs-spaced-from |
	sed 's|<from>adrs-glasgow</from>|<from>\n      adrs-glasgow </from>|; s|<to>gp-43021</to>|<to> gp-43021\t</to>|' > "$OUT/from.xml"
code=$(submit adrs-glasgow "$OUT/from.xml"); expect "<from> and <to> with white space are the sender and recipient" "$code" 201
spaced=$(cat "$OUT/id")
code=$(req gp-43021 GET "/v1/documents/$spaced"); expect "gp-43021 (to with a tab) reads it" "$code" 200
code=$(req gp-43021 GET "/v1/inbox?unacked=1")
contains "it is in gp-43021's inbox" "$OUT/body" "$spaced"

# -- a replacement about another patient
stamp "$PC" adrs-other-patient "<supersedes>$orig</supersedes>" |
	sed 's|<chi>2207882128</chi>|<chi>0503914312</chi>|; s|<date-of-birth>1988-07-22<|<date-of-birth>1991-03-05<|' > "$OUT/other.xml"
code=$(submit adrs-glasgow "$OUT/other.xml"); expect "superseding with another patient's document: 422" "$code" 422
contains "it says the patient differs" "$OUT/body" "about the patient with CHI 0503914312, the one it replaces about the patient with CHI 2207882128"
contains "it names the line of the CHI" "$OUT/body" 'line="14"'

# -- of another doctype
stamp "$E/care-summary.xml" adrs-other-doctype "<cancels>$orig</cancels>" > "$OUT/doctype.xml"
code=$(submit adrs-glasgow "$OUT/doctype.xml"); expect "cancelling a prescription change with a care summary: 422" "$code" 422
contains "it says the doctype differs" "$OUT/body" "is a prescription-change, this one a care-summary"

# -- not to every original recipient: one sent to a second pharmacy too,
# replaced by one that leaves that pharmacy out
stamp "$PC" adrs-three | sed 's|<to>ph-1187</to>|<to>ph-1187</to><to>ph-2245</to>|' > "$OUT/three.xml"
code=$(submit adrs-glasgow "$OUT/three.xml"); expect "a change to the GP and two pharmacies" "$code" 201
three=$(cat "$OUT/id")
stamp "$PC" adrs-fewer "<supersedes>$three</supersedes>" > "$OUT/fewer.xml"
code=$(submit adrs-glasgow "$OUT/fewer.xml"); expect "a replacement that leaves out the second pharmacy: 422" "$code" 422
contains "it names the recipient left out" "$OUT/body" "went to ph-2245, this one does not"
contains "it says what to write" "$OUT/body" "add &lt;to&gt;ph-2245&lt;/to&gt;"

# None of the refused ones touched the original.
code=$(req adrs-glasgow GET "/v1/documents/$orig/status"); expect "the original's status" "$code" 200
not_contains "the original is still current" "$OUT/body" "replaced-by"

# -- the right replacement, with white space around the id it names
stamp "$PC" adrs-right "<supersedes> $orig </supersedes>" | sed 's|<to>ph-1187</to>|<to>ph-1187</to><to>ph-2245</to>|' > "$OUT/right.xml"
code=$(submit adrs-glasgow "$OUT/right.xml"); expect "same patient, doctype and recipients (and one more): 201" "$code" 201
new=$(cat "$OUT/id")
code=$(req adrs-glasgow GET "/v1/documents/$orig/status"); expect "the original's status again" "$code" 200
contains "the original is now replaced by the new one" "$OUT/body" "$new"

# -- on the face of the page: the replacement names what it replaces, the
# replaced names what replaced it and when, on every copy
pdf_text() {	# WHO ID OUT: the PDF WHO gets of ID, as text
	code=$(req "$1" GET "/v1/documents/$2" -H 'Accept: application/pdf')
	expect "$1 gets the PDF of $2" "$code" 200
	pdftotext "$OUT/body" "$3" 2>/dev/null
}
for who in gp-43021 ph-1187; do
	pdf_text "$who" "$orig" "$OUT/orig-$who.txt"
	contains "$who: the replaced copy's banner names the replacement" "$OUT/orig-$who.txt" "SUPERSEDED by ref adrs-right of"
	contains "$who: and says not to act on it" "$OUT/orig-$who.txt" "Do not act on this one."
	pdf_text "$who" "$new" "$OUT/new-$who.txt"
	contains "$who: the replacement names what it replaces" "$OUT/new-$who.txt" "This document replaces ref adrs-ne-2025-0412 of"
	contains "$who: by its carex id" "$OUT/new-$who.txt" "(carex id $orig)"
	not_contains "$who: the replacement is not itself marked replaced" "$OUT/new-$who.txt" "SUPERSEDED"
done

# -- a cancellation renders as one, never as the instruction it repeats
stamp "$PC" adrs-cancel "<cancels>$new</cancels>" | sed 's|<to>ph-1187</to>|<to>ph-1187</to><to>ph-2245</to>|' > "$OUT/cancel.xml"
code=$(submit adrs-glasgow "$OUT/cancel.xml"); expect "the replacement is cancelled" "$code" 201
cancel=$(cat "$OUT/id")
for who in gp-43021 ph-1187 ph-2245; do
	pdf_text "$who" "$cancel" "$OUT/cancel-$who.txt"
	contains "$who: a cancellation says so" "$OUT/cancel-$who.txt" "Cancellation: do not act on the earlier document"
	contains "$who: naming what it cancels" "$OUT/cancel-$who.txt" "Do not act on ref adrs-right of"
	not_contains "$who: and gives no dose to act on" "$OUT/cancel-$who.txt" "60 mg"
	pdf_text "$who" "$new" "$OUT/cancelled-$who.txt"
	contains "$who: the cancelled copy names the cancellation" "$OUT/cancelled-$who.txt" "CANCELLED by the sender in ref adrs-cancel of"
done

stop_carexd
expect "carexd stops cleanly" "$RC" 0
finish
