#!/bin/sh
# SPDX-License-Identifier: MIT
# carex backup under load: two clients submit without pause while the
# store is copied; the copy, restored, runs carexd, keeps an intact audit
# chain, and holds every document answered 201 before the backup began.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"
ACKED=$OUT/acked	# one id a line, appended after each 201
FAILS=$OUT/fails
STOP=$OUT/stop
: > "$ACKED"; : > "$FAILS"

start_carexd

# load NAME: submit new prescription changes until STOP exists (its own
# OUT, so req's body and headers files are its own).
load() {
	OUT=$OUT/$1; mkdir -p "$OUT"; k=0
	while [ ! -f "$STOP" ]; do
		k=$((k + 1))
		sed "s|<message-id>[^<]*<|<message-id>$1-$k<|" "$E/prescription-change.xml" > "$OUT/doc.xml"
		c=$(submit adrs-glasgow "$OUT/doc.xml")
		if [ "$c" = 201 ]; then cat "$OUT/id" >> "$ACKED"; else echo "$1-$k $c" >> "$FAILS"; fi
	done
}
# wait_acked N: until N documents are acknowledged (at most 60 s).
wait_acked() {
	i=0; while [ "$(wc -l < "$ACKED")" -lt "$1" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	[ "$(wc -l < "$ACKED")" -ge "$1" ]
}
load a & L1=$!
load b & L2=$!
wait_acked 20 && ok || fail "load: only $(wc -l < "$ACKED") documents in 60 s"
cp "$ACKED" "$OUT/before"	# all answered 201 before the backup starts
"$CAREX" backup "$OUT/var/carex.db" "$OUT/backup.db" > "$OUT/backup.out" 2>&1 && ok || fail "carex backup: $(cat "$OUT/backup.out")"
contains "backup verifies its copy" "$OUT/backup.out" "audit chain intact"
n=$(wc -l < "$OUT/before")
wait_acked $((n + 10)) && ok || fail "load did not go on after the backup"
touch "$STOP"; wait "$L1" "$L2"
[ -s "$FAILS" ] && fail "submissions under load failed: $(head -n 3 "$FAILS")" || ok
"$CAREX" backup "$OUT/var/carex.db" "$OUT/backup.db" > "$OUT/again.out" 2>&1
[ $? -eq 2 ] && ok || fail "backup over an existing file: $(cat "$OUT/again.out")"
contains "an existing backup is never overwritten" "$OUT/again.out" "never overwrites"
ls "$OUT"/backup.db.tmp* > /dev/null 2>&1 && fail "temporary file left" || ok
stop_carexd
expect "carexd exit" "$RC" 0

# Restore (carex(1)): the copy alone, as the store of a new carexd.
mkdir -p "$OUT/restored"
cp "$OUT/backup.db" "$OUT/restored/carex.db"
[ ! -e "$OUT/backup.db-wal" ] && ok || fail "the backup is not a single file"
"$CAREX" audit verify "$OUT/restored/carex.db" > "$OUT/verify" 2>&1 && ok || fail "audit verify: $(cat "$OUT/verify")"
EXTRA_CONF="store = $OUT/restored/carex.db" start_carexd
contains "carexd runs on the restored store" "$OUT/carexd.log" "store=$OUT/restored/carex.db"
missing=0
while read -r id; do
	c=$(req adrs-glasgow GET "/v1/documents/$id")
	[ "$c" = 200 ] || { missing=$((missing + 1)); echo "missing $id: $c" >> "$OUT/missing"; }
done < "$OUT/before"
[ "$missing" -eq 0 ] && ok || fail "$missing of $n documents answered 201 before the backup are not in it: $(head -n 3 "$OUT/missing")"
[ "$n" -ge 20 ] && ok || fail "only $n documents before the backup"
expect "submit to the restored store" "$(submit adrs-glasgow "$E/care-summary.xml")" 201
stop_carexd
"$CAREX" audit verify "$OUT/restored/carex.db" > "$OUT/verify2" 2>&1 && ok || fail "audit chain after restore and use: $(cat "$OUT/verify2")"
finish
