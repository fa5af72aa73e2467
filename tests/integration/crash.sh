#!/bin/sh
# SPDX-License-Identifier: MIT
# Crash durability: several clients submit documents while carexd is
# killed with SIGKILL at random moments and restarted on the same store,
# and a pull agent takes and acknowledges the GP's documents meanwhile.
# Afterwards every document that was answered 201 is present, byte for
# byte, listed for each recipient and stored once; every document the
# agent acknowledged is on its disk and acknowledged once; the audit
# chain verifies. CRASH_CLIENTS x CRASH_DOCS documents, CRASH_KILLS kills.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"

: "${CRASH_CLIENTS:=4}"
: "${CRASH_DOCS:=500}"
: "${CRASH_KILLS:=16}"

EXTRA_CONF="workers = 4
queue = 256"
start_carexd
CAREX_URL=https://localhost:$PORT CAREX_CA=$P/ca.pem
export CAREX_URL CAREX_CA

# restart: carexd again on the same configuration, port and store
restart() {
	n=$(grep -c "event=started" "$OUT/carexd.log")
	"$CAREXD" -f "$OUT/carexd.conf" >> "$OUT/carexd.log" 2>&1 &
	PID=$!
	i=0; while [ "$(grep -c "event=started" "$OUT/carexd.log")" -le "$n" ] && [ $i -lt 200 ]; do
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.05; i=$((i + 1))
	done
	[ "$(grep -c "event=started" "$OUT/carexd.log")" -gt "$n" ] || fail "carexd restarted: $(tail -n 3 "$OUT/carexd.log")"
}

# client I: its documents, sent until one run of carex send succeeds
client() {
	while :; do
		CAREX_CERT=$P/adrs-glasgow.pem CAREX_KEY=$P/adrs-glasgow.key \
			"$CAREX" send "$OUT/c$1"/*.xml >> "$OUT/c$1.out" 2>> "$OUT/c$1.err" && break
		[ -f "$OUT/give-up" ] && break
		sleep 0.1
	done
}

i=1
while [ $i -le "$CRASH_CLIENTS" ]; do
	many "$CRASH_DOCS" "$OUT/c$i" "crash-$i"
	i=$((i + 1))
done

mkdir "$OUT/pulled"
( while [ ! -f "$OUT/clients-done" ] && [ ! -f "$OUT/give-up" ]; do
	CAREX_CERT=$P/gp-43021.pem CAREX_KEY=$P/gp-43021.key \
		"$CAREX" pull --to "$OUT/pulled" >> "$OUT/pull.log" 2>&1
	sleep 0.2
  done ) &
puller=$!
pids=
i=1
while [ $i -le "$CRASH_CLIENTS" ]; do
	client $i &
	pids="$pids $!"
	i=$((i + 1))
done

# the killer: random moments, each followed by a restart
k=0
while [ $k -lt "$CRASH_KILLS" ]; do
	sleep "$(awk -v s="$$$k" 'BEGIN { srand(s); printf "%.2f", 0.15 + rand() * 0.6 }')"
	kill -KILL "$PID" 2>/dev/null; wait "$PID" 2>/dev/null
	restart
	k=$((k + 1))
done
waited=0
for p in $pids; do
	while kill -0 "$p" 2>/dev/null && [ $waited -lt 1800 ]; do sleep 0.1; waited=$((waited + 1)); done
done
[ $waited -lt 1800 ] && ok || { fail "clients did not finish in 180 s"; touch "$OUT/give-up"; }
for p in $pids; do wait "$p"; done
touch "$OUT/clients-done"
wait "$puller"
CAREX_CERT=$P/gp-43021.pem CAREX_KEY=$P/gp-43021.key "$CAREX" pull --to "$OUT/pulled" >> "$OUT/pull.log" 2>&1 ||
	fail "the last pull: $(tail -n 3 "$OUT/pull.log")"
stop_carexd
[ "$RC" -eq 0 ] && ok || fail "carexd exits 0 at the end ($RC)"
kills=$(grep -c "event=started" "$OUT/carexd.log")
[ "$kills" -eq $((CRASH_KILLS + 1)) ] && ok || fail "carexd killed $CRASH_KILLS times and restarted ($kills starts)"

# every 201: present, byte for byte, listed for both recipients
cat "$OUT"/c*.out | sed -n 's/^\(.*\): \(stored\|already present\) \([0-9A-Z]*\)$/\1 \3/p' | sort -u > "$OUT/answered.txt"
total=$((CRASH_CLIENTS * CRASH_DOCS))
[ "$(cut -d' ' -f1 "$OUT/answered.txt" | sort -u | wc -l)" -eq "$total" ] && ok || fail "every document answered 201 ($(wc -l < "$OUT/answered.txt") of $total)"
[ "$(wc -l < "$OUT/answered.txt")" -eq "$total" ] && ok || fail "each document got one id, whichever run stored it"
sqlite3 "$OUT/var/carex.db" "SELECT id, sha256, (SELECT count(*) FROM deliveries v WHERE v.doc = d.seq) FROM documents d WHERE message_id LIKE 'crash-%'" | tr '|' ' ' | sort > "$OUT/stored.txt"
bad=0
while read -r file id; do
	row=$(grep "^$id " "$OUT/stored.txt")
	sum=$(sha256sum < "$file" | cut -c1-64)
	[ "$row" = "$id $sum 2" ] || bad=$((bad + 1))
done < "$OUT/answered.txt"
[ "$bad" -eq 0 ] && ok || fail "every answered document present, intact and for both recipients ($bad not)"
n=$(sqlite3 "$OUT/var/carex.db" "SELECT count(*) FROM documents WHERE message_id LIKE 'crash-%'")
[ "$n" -eq "$total" ] && ok || fail "no document stored twice ($n rows for $total)"

# the pull agent: each acknowledged document on disk, each acknowledged once
sqlite3 "$OUT/var/carex.db" "SELECT d.id FROM deliveries v JOIN documents d ON d.seq = v.doc WHERE v.recipient = 'gp-43021' AND v.taken_ms > 0" | sort > "$OUT/taken.txt"
ls "$OUT/pulled" | sed -n 's/\.xml$//p' | sort > "$OUT/ondisk.txt"
[ "$(wc -l < "$OUT/taken.txt")" -ge "$total" ] && ok || fail "the GP took every document ($(wc -l < "$OUT/taken.txt"))"
[ -z "$(comm -23 "$OUT/taken.txt" "$OUT/ondisk.txt")" ] && ok || fail "every acknowledged document is on the agent's disk: $(comm -23 "$OUT/taken.txt" "$OUT/ondisk.txt" | head -n 3)"
twice=$(sqlite3 "$OUT/var/carex.db" "SELECT count(*) FROM (SELECT doc_id FROM audit WHERE action = 'ack' AND outcome = 'taken' GROUP BY doc_id HAVING count(*) > 1)")
[ "$twice" = 0 ] && ok || fail "each acknowledged once ($twice twice)"
half=0
for f in "$OUT"/pulled/*.xml; do
	id=$(basename "$f" .xml)
	[ "$(sha256sum < "$f" | cut -c1-64)" = "$(sqlite3 "$OUT/var/carex.db" "SELECT sha256 FROM documents WHERE id = '$id'")" ] || half=$((half + 1))
done
[ "$half" -eq 0 ] && ok || fail "every pulled file whole ($half not)"
"$CAREX" audit verify "$OUT/var/carex.db" > "$OUT/a.txt" 2>&1
[ $? -eq 0 ] && ok || fail "audit chain after $CRASH_KILLS kills: $(cat "$OUT/a.txt")"
cut=$(cat "$OUT"/c*.err | grep -c 'no answer from the server\|failed (5')
[ "$cut" -ge 1 ] && ok || fail "the kills cut submissions short (no client saw one)"
echo "# $CRASH_KILLS kills, $cut submissions failed while carexd was down, $total documents from $CRASH_CLIENTS clients checked, $(wc -l < "$OUT/taken.txt") pulled and acknowledged"

finish
