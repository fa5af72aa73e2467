#!/bin/sh
# SPDX-License-Identifier: MIT
# Integrators can run the schemas and stylesheets themselves: xmllint
# validates each example against its doctype's schema, and xsltproc turns
# it into layout XML valid against schemas/layout.xsd, for every rendition
# the registry names.
. "$SRCDIR/tests/lib.sh"

for f in "$SRCDIR"/examples/*.xml; do
	base=$(basename "$f" .xml)
	[ "$base" = directory ] && continue
	root=$(xmllint --xpath 'local-name(/*)' "$f")
	check "$base: xmllint validates against schemas/$root.xsd" \
		xmllint --noout --nonet --schema "$SRCDIR/schemas/$root.xsd" "$f"
	# The registry's stylesheets for this doctype, one per role.
	xmllint --xpath "//*[local-name()='doctype'][@name='$root']/*[local-name()='receive']/@stylesheet" \
		"$SRCDIR/schemas/registry.xml" | sed 's/ *stylesheet="\([^"]*\)"/\1\n/g' | sort -u > "$OUT/xsl.txt"
	[ -s "$OUT/xsl.txt" ] && ok || fail "$base: registry names no stylesheet"
	while read -r xsl; do
		[ -n "$xsl" ] || continue
		out=$OUT/$base.$(basename "$xsl" .xsl).xml
		if xsltproc --nonet --stringparam sender-name "Sender" \
			--stringparam recipient-name "Recipient" \
			--stringparam recipient-address "1 Street|Glasgow|G1 1AA" \
			"$SRCDIR/schemas/$xsl" "$f" > "$out" 2> "$OUT/xsltproc.err"; then ok
		else fail "$base: xsltproc $xsl: $(head -n 3 "$OUT/xsltproc.err")"; fi
		check "$base: $xsl output is valid layout XML" \
			xmllint --noout --schema "$SRCDIR/schemas/layout.xsd" "$out"
	done < "$OUT/xsl.txt"
done

# Every schema and stylesheet in the tree compiles on its own.
for xsd in "$SRCDIR"/schemas/*.xsd; do
	echo '<x/>' | xmllint --noout --schema "$xsd" - 2>&1 | grep -q "failed to compile" &&
		fail "$(basename "$xsd") does not compile" || ok
done

finish
