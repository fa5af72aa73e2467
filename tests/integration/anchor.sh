#!/bin/sh
# SPDX-License-Identifier: MIT
# The audit chain anchored outside the database: carexd writes signed
# checkpoints of the chain's head (at start, every second here while it
# grows, at stop) to DB.checkpoints and the log; carex audit verify holds
# the chain to them. Each attack a consistent chain hides is found: the
# tail cut off, the table emptied, a record edited and every hash after
# it recomputed; and so are a forged checkpoint line and one signed by
# another key. --head SEQ:HASH (from a log line) and --key work; carexd
# refuses to start on a store behind its last checkpoint, and with
# audit_behind = warn starts, saying so, and writes a restore line that
# verify reports. Without audit_key the checkpoints are unsigned, and
# carexd says so.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"
DB=$OUT/var/carex.db
CK=$DB.checkpoints

EXTRA_CONF="audit_checkpoint_interval = 1s"
start_carexd
grep -q "event=audit-checkpoint kind=start seq=0 " "$OUT/carexd.log" && ok || fail "a start checkpoint: $(grep audit-checkpoint "$OUT/carexd.log" | head -n 2)"
i=0
for f in prescription-change care-summary shared-care-agreement; do
	i=$((i + 1))
	stamp "$E/$f.xml" "anchor-$i" > "$OUT/d$i.xml"
	expect "submit $f" "$(submit adrs-glasgow "$OUT/d$i.xml")" 201
	expect "inbox" "$(req gp-43021 GET /v1/inbox)" 200
done
poll 10 grep -q "event=audit-checkpoint kind=run seq=[1-9]" "$OUT/carexd.log" && ok || fail "a run checkpoint once the chain grew"
stop_carexd
[ "$RC" -eq 0 ] && ok || fail "carexd exits 0 ($RC)"
grep -q "event=audit-checkpoint kind=stop" "$OUT/carexd.log" && ok || fail "a stop checkpoint"
[ "$(stat -c %a "$CK")" = 600 ] && ok || fail "the checkpoints file is 0600 ($(stat -c %a "$CK"))"
pub=$(openssl pkey -in "$P/audit.key" -pubout -outform DER | tail -c 32 | base64)
n=$(grep -c "^carex-audit-checkpoint 1 .* key=$pub sig=[A-Za-z0-9+/=]\{88\}$" "$CK")
[ "$n" -ge 3 ] && [ "$n" = "$(wc -l < "$CK")" ] && ok || fail "every line signed with audit.key ($n of $(wc -l < "$CK")): $(head -n 2 "$CK")"
last=$(sqlite3 "$DB" "SELECT max(seq) FROM audit")

# -- intact: the chain agrees with every checkpoint
"$CAREX" audit verify "$DB" > "$OUT/v.txt" 2>&1
[ $? -eq 0 ] && ok || fail "verify: $(cat "$OUT/v.txt")"
contains "intact and anchored" "$OUT/v.txt" "audit chain intact, $last records; it agrees with $n checkpoints"
contains "names the key" "$OUT/v.txt" "signed by key $pub"
"$CAREX" audit verify --key "$pub" "$DB" > "$OUT/v.txt" 2>&1
[ $? -eq 0 ] && ok || fail "verify --key (base64): $(cat "$OUT/v.txt")"
openssl pkey -in "$P/audit.key" -pubout -out "$OUT/audit.pub" 2>/dev/null
"$CAREX" audit verify --key "$OUT/audit.pub" "$DB" > "$OUT/v.txt" 2>&1
[ $? -eq 0 ] && ok || fail "verify --key (PEM file): $(cat "$OUT/v.txt")"

# copy DB NAME: a copy of the store and its checkpoints to tamper with
copy() { cp "$DB" "$OUT/$1.db"; cp "$CK" "$OUT/$1.db.checkpoints"; }
refused() {	# refused NAME FRAGMENT [verify args]: exit 1 and says FRAGMENT
	_n=$1; _f=$2; shift 2
	"$CAREX" audit verify "$@" "$OUT/$_n.db" > "$OUT/v.txt" 2>&1
	_rc=$?
	[ $_rc -eq 1 ] && ok || fail "$_n: exit 1, not $_rc: $(cat "$OUT/v.txt")"
	contains "$_n: says what" "$OUT/v.txt" "$_f"
}

# -- the tail cut off: a consistent chain, shorter than a checkpoint saw
copy cut
sqlite3 "$OUT/cut.db" "DELETE FROM audit WHERE seq > $((last - 3))"
"$CAREX" audit verify --checkpoints /dev/null "$OUT/cut.db" > "$OUT/v.txt" 2>&1
[ $? -eq 0 ] && ok || fail "the cut chain alone looks intact (as a hash chain cannot tell)"
refused cut "the chain ends at record $((last - 3)), but the checkpoint of"
contains "cut: how many" "$OUT/v.txt" "its last 3 records were removed"

# -- emptied
copy empty
sqlite3 "$OUT/empty.db" "DELETE FROM audit"
refused empty "the audit table is empty, but the checkpoint of"

# -- an edit, and every hash after it recomputed
copy rewritten
python3 - "$OUT/rewritten.db" <<'EOF' || fail "recomputing the chain"
import hashlib, sqlite3, struct, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE audit SET participant = 'gp-43302' WHERE seq = 3")
prev = None
for row in db.execute("SELECT seq, time_ms, participant, cert, addr, action, doc_id, outcome, detail, prev_hash FROM audit ORDER BY seq").fetchall():
    p = row[9] if prev is None else prev
    h = hashlib.sha256(p.encode())
    for v in row[:9]:
        b = str(v).encode()
        h.update(struct.pack(">I", len(b)) + b)
    prev = h.hexdigest()
    db.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", (p, prev, row[0]))
db.commit()
EOF
"$CAREX" audit verify --checkpoints /dev/null "$OUT/rewritten.db" > "$OUT/v.txt" 2>&1
[ $? -eq 0 ] && ok || fail "the recomputed chain alone looks intact: $(cat "$OUT/v.txt")"
refused rewritten "its hash is not the one the checkpoint of"
contains "rewritten: says so" "$OUT/v.txt" "the chain was rewritten"

# -- checkpoints forged: a line altered, a line signed by another key
copy forged
sed -i "\$s/ seq=[0-9]* / seq=99999 /" "$OUT/forged.db.checkpoints"
refused forged "the signature does not match the line (altered or forged)"
copy garbled
echo "carex-audit-checkpoint 1 time=1 seq=x hash=00 kind=run key=- sig=-" >> "$OUT/garbled.db.checkpoints"
refused garbled "is not a checkpoint line"
copy otherkey
openssl genpkey -algorithm ed25519 -out "$OUT/other.key" 2>/dev/null
python3 - "$OUT/other.key" "$(tail -n 1 "$CK")" >> "$OUT/otherkey.db.checkpoints" <<'EOF' || fail "signing with another key"
import base64, sys
from cryptography.hazmat.primitives import serialization
k = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), None)
raw = k.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
msg = sys.argv[2].split(" key=")[0].replace(" seq=", " seq=1", 1) + " key=" + base64.b64encode(raw).decode()
print(msg + " sig=" + base64.b64encode(k.sign(msg.encode())).decode())
EOF
refused otherkey "is signed by another key than line 1"
refused forged "signed by another key than the one given" --key "$(openssl pkey -in "$OUT/other.key" -pubout -outform DER | tail -c 32 | base64)"

# -- --head from a log line, with no checkpoints file
h=$(sed -n 's/.*event=audit-checkpoint kind=stop seq=\([0-9]*\) hash=\([0-9a-f]*\) .*/\1:\2/p' "$OUT/carexd.log" | tail -n 1)
rm "$OUT/cut.db.checkpoints"
"$CAREX" audit verify --head "$h" "$OUT/cut.db" > "$OUT/v.txt" 2>&1
[ $? -eq 1 ] && ok || fail "--head $h finds the cut: $(cat "$OUT/v.txt")"
contains "--head: says what" "$OUT/v.txt" "but the checkpoint given with --head saw record $last"
"$CAREX" audit verify --head "$h" "$DB" > "$OUT/v.txt" 2>&1
[ $? -eq 0 ] && ok || fail "--head on the intact chain: $(cat "$OUT/v.txt")"
"$CAREX" audit verify --head 12:nothex "$DB" > "$OUT/v.txt" 2>&1
[ $? -eq 2 ] && ok || fail "--head that is not SEQ:HASH: usage error"

# -- carexd on a store behind its last checkpoint: refused, then warn
cp "$OUT/cut.db" "$DB"
sqlite3 "$DB" "DELETE FROM audit WHERE seq > $((last - 3))"
"$CAREXD" -f "$OUT/carexd.conf" > "$OUT/behind.log" 2>&1
[ $? -ne 0 ] && ok || fail "carexd refuses a store behind its checkpoints"
contains "and says why" "$OUT/behind.log" "the audit chain ends at record $((last - 3)), but the checkpoint on line"
contains "and what to do" "$OUT/behind.log" "audit_behind=warn"
EXTRA_CONF="audit_behind = warn"
start_carexd
grep -q "event=audit-behind" "$OUT/carexd.log" && ok || fail "audit_behind = warn: logged loudly"
stop_carexd
grep -q " seq=$((last - 3)) hash=[0-9a-f]* kind=restore " "$CK" && ok || fail "a restore line: $(tail -n 3 "$CK")"
"$CAREX" audit verify "$DB" > "$OUT/v.txt" 2>&1
[ $? -eq 0 ] && ok || fail "verify after the restore: $(cat "$OUT/v.txt")"
contains "verify reports the restore" "$OUT/v.txt" "restored from a backup: records $((last - 2)) to"

# -- no audit_key: unsigned, and carexd says so
rm -f "$CK"
EXTRA_CONF="audit_key ="
start_carexd
grep -q "event=audit-checkpoints-unsigned" "$OUT/carexd.log" && ok || fail "unsigned checkpoints are warned of"
stop_carexd
grep -q " key=- sig=-$" "$CK" && ok || fail "unsigned lines: $(head -n 1 "$CK")"
"$CAREX" audit verify "$DB" > "$OUT/v.txt" 2>&1
contains "verify says unsigned" "$OUT/v.txt" "unsigned (set audit_key"
finish
