#!/bin/sh
# SPDX-License-Identifier: MIT
# Every example validates; every invalid test document is refused with the
# rule id, line and column its "<!-- expect: LINE:COL RULE -->" names; exit
# statuses are 0 (all valid), 1 (any invalid), 2 (usage or system error).
. "$SRCDIR/tests/lib.sh"

for f in "$SRCDIR"/examples/*.xml; do
	case $f in */directory.xml) continue ;; esac
	if limited "$CAREX" validate "$f" > "$OUT/v.txt" 2>&1; then ok
	else fail "example $(basename "$f") is valid: $(cat "$OUT/v.txt")"; fi
done

n=0
for f in "$SRCDIR"/tests/data/invalid/*.xml; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	name=$(basename "$f")
	expect=$(sed -n 's/.*<!-- expect: \([0-9]*:[0-9]*\) \([A-Z0-9-]*\) -->.*/\1 \2/p' "$f" | head -n 1)
	if [ -z "$expect" ]; then fail "$name has no expect comment"; continue; fi
	pos=${expect% *}; rule=${expect#* }
	limited "$CAREX" validate "$f" > "$OUT/v.txt" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] && ok || fail "$name: exit status $rc, expected 1"
	if grep -qF ":$pos: " "$OUT/v.txt" && grep -q ":$pos: .*\[$rule\]\$" "$OUT/v.txt"; then ok
	else fail "$name: expected $pos [$rule], got: $(head -n 3 "$OUT/v.txt")"; fi
	# One problem each: the documents break exactly one rule.
	[ "$(grep -c '\]$' "$OUT/v.txt")" -eq 1 ] && ok ||
		fail "$name: more than one error: $(cat "$OUT/v.txt")"
done
[ "$n" -ge 20 ] && ok || fail "only $n invalid test documents"

# Every rule of every rules file has a test document that breaks it.
for id in $(sed -n 's/.*<rule id="\([A-Z0-9-]*\)".*/\1/p' "$SRCDIR"/schemas/*.rules.xml | sort -u); do
	if grep -lq "<!-- expect: [0-9]*:[0-9]* $id -->" "$SRCDIR"/tests/data/invalid/*.xml; then ok
	else fail "rule $id has no test document"; fi
done

# The clinical limits are the deployment's file: a lower soft limit asks
# the example for a reason; a file that is not one is a usage error that
# names its place.
sed 's/soft-mg="120"/soft-mg="55"/' "$SRCDIR/schemas/clinical-limits.xml" > "$OUT/limits.xml"
limited "$CAREX" --limits "$OUT/limits.xml" validate "$SRCDIR/examples/prescription-change.xml" > "$OUT/v.txt" 2>&1
[ $? -eq 1 ] && ok || fail "a deployment's lower soft limit: exit 1"
contains "--limits: the deployment's limit, by rule" "$OUT/v.txt" "is above the usual 55 mg: give the clinical reason in <above-usual-limits> after <reason>; every copy prints it as a warning. [LIM-2]"
printf '<clinical-limits xmlns="urn:carex:limits:1"/>\n' > "$OUT/nolimits.xml"
limited "$CAREX" --limits "$OUT/nolimits.xml" validate "$SRCDIR/examples/prescription-change.xml" > "$OUT/v.txt" 2>&1
[ $? -eq 2 ] && ok || fail "a limits file that is not one: exit 2"
contains "--limits: where it is wrong" "$OUT/v.txt" "nolimits.xml:1:1: Element 'clinical-limits': The attribute 'deployment' is required"
check "the default limits file is valid against its schema" \
	xmllint --noout --schema "$SRCDIR/schemas/clinical-limits.xsd" "$SRCDIR/schemas/clinical-limits.xml"

# Several files: all reported, status 1 if any is invalid.
set -- "$SRCDIR"/examples/prescription-change.xml "$SRCDIR"/tests/data/invalid/*.xml
limited "$CAREX" validate "$@" > "$OUT/many.txt" 2>&1
[ $? -eq 1 ] && ok || fail "mixed files: exit status 1"
contains "mixed files: the valid one says so" "$OUT/many.txt" "prescription-change.xml: valid prescription-change"

# Usage and system errors: status 2.
limited "$CAREX" validate > /dev/null 2>&1
[ $? -eq 2 ] && ok || fail "no file: exit status 2"
limited "$CAREX" validate "$OUT/does-not-exist.xml" > /dev/null 2>&1
[ $? -eq 2 ] && ok || fail "missing file: exit status 2"
limited "$CAREX" --directory "$OUT/nope.xml" validate "$SRCDIR/examples/care-summary.xml" > /dev/null 2>&1
[ $? -eq 2 ] && ok || fail "missing directory: exit status 2"

# The issuing team: one the sender has, or refused with the ones it has;
# a sender with no teams at all is told to leave <from-team> out.
limited "$CAREX" validate "$SRCDIR/tests/data/invalid/common-TEAM-1.xml" > "$OUT/v.txt" 2>&1
contains "unknown team: what is wrong and what to write" "$OUT/v.txt" "common-TEAM-1.xml:9:5: issuing team east-end is not one of adrs-glasgow's teams in the directory, which are north-east and south: write one of them in <from-team>, or leave <from-team> out to send as Glasgow Alcohol and Drug Recovery Service as a whole [TEAM]"
V1=$SRCDIR/tests/data/directory-v1.xml
limited "$CAREX" --directory "$V1" validate "$SRCDIR/examples/prescription-change-lai.xml" > "$OUT/v.txt" 2>&1
[ $? -eq 1 ] && ok || fail "a team the directory does not have: exit 1"
contains "no teams: leave it out" "$OUT/v.txt" "prescription-change-lai.xml:7:5: issuing team south: adrs-glasgow (Glasgow Alcohol and Drug Recovery Service) has no teams in the directory. Leave <from-team> out"

# A directory written before teams and out-of-hours routes still loads,
# and every document that names no team is valid against it.
set --
for f in "$SRCDIR"/examples/*.xml; do
	case $f in */directory.xml) continue ;; esac
	grep -q '<from-team>' "$f" || set -- "$@" "$f"
done
[ $# -ge 2 ] && ok || fail "examples without a team: only $#"
limited "$CAREX" --directory "$V1" validate "$@" > "$OUT/v.txt" 2>&1
[ $? -eq 0 ] && ok || fail "the directory before teams loads: $(head -n 3 "$OUT/v.txt")"
sed 's|<from-team>[^<]*</from-team>||' "$SRCDIR/examples/prescription-change.xml" > "$OUT/noteam.xml"
limited "$CAREX" --directory "$V1" validate "$OUT/noteam.xml" > "$OUT/v.txt" 2>&1
[ $? -eq 0 ] && ok || fail "a document without a team, the old directory: $(cat "$OUT/v.txt")"

# Team codes are unique within a participant: a second north-east is
# refused with the file and the line of the second.
awk '/<team code="south">/ { sub(/"south"/, "\"north-east\"") } { print }' \
	"$SRCDIR/examples/directory.xml" > "$OUT/dupteam.xml"
line=$(grep -n '<team code="north-east">' "$OUT/dupteam.xml" | sed -n '2s/:.*//p')
limited "$CAREX" --directory "$OUT/dupteam.xml" validate "$SRCDIR/examples/care-summary.xml" > "$OUT/v.txt" 2>&1
[ $? -eq 2 ] && ok || fail "duplicate team code: exit 2"
contains "duplicate team code: file and line" "$OUT/v.txt" "dupteam.xml:$line:5: Element 'team': Duplicate key-sequence ['north-east'] in unique identity-constraint 'unique-team'"

# A contractor code is data with a shape: lower case is refused where it
# stands.
sed 's|contractor="43021"|contractor="gp43021x"|' "$SRCDIR/examples/directory.xml" > "$OUT/badcode.xml"
line=$(grep -n 'contractor="gp43021x"' "$OUT/badcode.xml" | sed 's/:.*//')
limited "$CAREX" --directory "$OUT/badcode.xml" validate "$SRCDIR/examples/care-summary.xml" > "$OUT/v.txt" 2>&1
[ $? -eq 2 ] && ok || fail "bad contractor code: exit 2"
contains "bad contractor code: file, line and attribute" "$OUT/v.txt" "badcode.xml:$line:"
contains "bad contractor code: names it" "$OUT/v.txt" "contractor"

# A document of a type carex does not know.
printf '<?xml version="1.0"?>\n<referral xmlns="urn:example"/>\n' > "$OUT/unknown.xml"
limited "$CAREX" validate "$OUT/unknown.xml" > "$OUT/v.txt" 2>&1
contains "unknown doctype" "$OUT/v.txt" "unknown.xml:2:1: <referral> in namespace urn:example is not a document type carex knows [DOCTYPE]"

finish
