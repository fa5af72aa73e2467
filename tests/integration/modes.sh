#!/bin/sh
# SPDX-License-Identifier: MIT
# Files holding patient data are never readable by other local users,
# whatever the umask: the store, its WAL and SHM, its folder, and what
# carex fetch -o, carex pull and carex backup write are 0600 (folders
# carexd makes 0700), under umask 022 and under umask 000.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"

# mode_is DESC FILE WANT: FILE's permission bits are WANT (octal).
mode_is() {
	_m=$(stat -c %a "$2" 2>/dev/null)
	[ "$_m" = "$3" ] && ok || fail "$1: $2 is ${_m:-missing}, not $3"
}

HOME=$OUT/home; export HOME
unset CAREX_CONFIG

for mask in 022 000; do
	rm -rf "$OUT/var" "$OUT/in" "$OUT/fetched.xml" "$OUT/fetched.pdf" "$OUT/backup.db"
	umask $mask
	start_carexd
	code=$(submit adrs-glasgow "$E/shared-care-agreement.xml"); expect "umask $mask: stored" "$code" 201
	doc=$(cat "$OUT/id")
	mode_is "umask $mask: the store's folder" "$OUT/var" 700
	for f in carex.db carex.db-wal carex.db-shm; do
		mode_is "umask $mask: the store's $f" "$OUT/var/$f" 600
	done

	as gp-43187
	"$CAREX" fetch "$doc" -o "$OUT/fetched.xml" 2> "$OUT/e.txt" && ok || fail "fetch: $(cat "$OUT/e.txt")"
	mode_is "umask $mask: carex fetch -o" "$OUT/fetched.xml" 600
	"$CAREX" fetch "$doc" --pdf -o "$OUT/fetched.pdf" 2> "$OUT/e.txt" && ok || fail "fetch --pdf: $(cat "$OUT/e.txt")"
	mode_is "umask $mask: carex fetch --pdf -o" "$OUT/fetched.pdf" 600

	as ph-2245
	mkdir -p "$OUT/in"
	"$CAREX" pull --to "$OUT/in" --pdf 2> "$OUT/e.txt" && ok || fail "pull: $(cat "$OUT/e.txt")"
	n=0
	for f in "$OUT/in"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		mode_is "umask $mask: carex pull wrote" "$f" 600
	done
	[ $n -ge 2 ] && ok || fail "umask $mask: pull wrote $n files, not the XML and the PDF"

	"$CAREX" backup "$OUT/var/carex.db" "$OUT/backup.db" > "$OUT/e.txt" 2>&1 && ok || fail "backup: $(cat "$OUT/e.txt")"
	mode_is "umask $mask: carex backup" "$OUT/backup.db" 600
	stop_carexd
	expect "umask $mask: carexd stops cleanly" "$RC" 0
done
umask 022
finish
