#!/bin/sh
# SPDX-License-Identifier: MIT
# The drafting page at /ui/ over mutual TLS, with curl: served only to a
# role that may submit directions (403 problem document for the others),
# only the fixed files (no traversal, no other name), each with its
# Content-Type, nosniff, a Content-Security-Policy without inline script
# or style, and cache validation. The page itself is driven in a browser
# by tests/browser/ui.sh.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"

start_carexd

code=$(req ijb-glasgow GET /ui/)
expect "the IJB gets the page" "$code" 200
contains "page is HTML" "$OUT/headers" "Content-Type: text/html; charset=utf-8"
contains "page: nosniff" "$OUT/headers" "X-Content-Type-Options: nosniff"
contains "page: CSP scripts from self only" "$OUT/headers" "script-src 'self';"
contains "page: CSP styles from self only" "$OUT/headers" "style-src 'self';"
contains "page: CSP frames only the preview" "$OUT/headers" "frame-src blob:;"
contains "page: never framed" "$OUT/headers" "frame-ancestors 'none'"
not_contains "page: CSP allows nothing inline" "$OUT/headers" "unsafe-inline"
contains "page: revalidated" "$OUT/headers" "Cache-Control: private, no-cache"
contains "page body" "$OUT/body" '<script src="ui.js" defer></script>'
not_contains "page has no inline script" "$OUT/body" "<script>"
not_contains "page has no inline style" "$OUT/body" "style="
etag=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' "$OUT/headers")
[ -n "$etag" ] && ok || fail "page has an ETag"
code=$(req ijb-glasgow GET /ui/ -H "If-None-Match: $etag")
expect "unchanged page: 304" "$code" 304
code=$(req ijb-glasgow GET /ui/index.html)
expect "index.html by name" "$code" 200
code=$(req ijb-glasgow GET /ui/ui.js)
expect "script" "$code" 200
contains "script type" "$OUT/headers" "Content-Type: text/javascript; charset=utf-8"
cmp -s "$OUT/body" "$SRCDIR/ui/ui.js" && ok || fail "script bytes are the file's"
code=$(req ijb-glasgow GET /ui/ui.css)
expect "style sheet" "$code" 200
contains "style sheet type" "$OUT/headers" "Content-Type: text/css; charset=utf-8"
code=$(req ijb-glasgow GET /ui)
expect "/ui redirects" "$code" 301
contains "/ui redirects to /ui/" "$OUT/headers" "Location: /ui/"

# Only the fixed names: nothing else under datadir is reachable.
for p in /ui/../schemas/registry.xml /ui/%2e%2e/schemas/registry.xml \
    /ui/..%2fschemas%2fregistry.xml /ui/ui.js/ /ui//ui.js /ui/UI.JS \
    /ui/.gitignore /ui/nope.html /ui/ui.js%00.html; do
	code=$(req ijb-glasgow GET "$p" --path-as-is)
	expect "no such page: $p" "$code" 404
	not_contains "$p: not the file" "$OUT/body" "<registry"
done
code=$(req ijb-glasgow POST /ui/ -H 'Content-Type: text/plain' --data x)
expect "POST to the page" "$code" 405
contains "405 is a problem document" "$OUT/headers" "application/problem+xml"

# Roles that may not submit a direction do not get the page.
for who in adrs-glasgow gp-43021 hb-ggc council-glasgow; do
	code=$(req "$who" GET /ui/)
	expect "$who: no page" "$code" 403
	contains "$who: 403 is a problem document" "$OUT/headers" "application/problem+xml"
	contains "$who: 403 says why" "$OUT/body" "for participants who issue directions"
	code=$(req "$who" GET /ui/ui.js)
	expect "$who: no script either" "$code" 403
done

stop_carexd
[ "$RC" -eq 0 ] && ok || fail "carexd exit status $RC"
finish
