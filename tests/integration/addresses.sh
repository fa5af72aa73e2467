#!/bin/sh
# SPDX-License-Identifier: MIT
# The per-address connection table frees its slots: after 5,000 distinct
# client addresses (127.1.x.y) have each connected once, a participant
# from yet another address is served. (The table once kept every address
# it had seen, and refused every new one after 4,096.)
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"

start_carexd
got=$(timeout 300 python3 "$SRCDIR/tests/integration/addresses.py" "$PORT" "$P" 5000)
expect "5,000 addresses connected" "$got" "done 5000"
n=$(sqlite3 "$OUT/var/carex.db" "SELECT count(*) FROM audit WHERE action = 'connect' AND outcome = 'denied'" 2>/dev/null || echo 0)
[ "${n:-0}" -ge 4500 ] && ok || fail "the handshakes reached carexd (refusals audited: $n)"
code=$(curl -s -o "$OUT/body" -w '%{http_code}' --max-time 10 \
	--interface 127.9.9.9 --cacert "$P/ca.pem" \
	--cert "$P/gp-43021.pem" --key "$P/gp-43021.key" \
	"https://localhost:$PORT/v1/inbox" --resolve "localhost:$PORT:127.0.0.1")
expect "a participant from a new address after 5,000 others" "$code" 200
grep -q 'reason=connection-limit' "$OUT/carexd.log" &&
	fail "no connection refused for the table: $(grep -m1 'reason=connection-limit' "$OUT/carexd.log")" || ok
stop_carexd
expect "carexd stops cleanly" "$RC" 0
finish
