#!/bin/sh
# SPDX-License-Identifier: MIT
# Started as root, carexd reads its key and binds, then runs as the
# configured user (here nobody) for good: every uid and gid that user's,
# no capability, the store created as it, still serving; a reload rereads
# the key as that user (so it must be group-readable), and one it cannot
# read keeps the running configuration. Needs root: skipped otherwise.
. "$SRCDIR/tests/lib.sh"
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: privdrop.sh needs root (it starts carexd as root and checks it becomes nobody)"
	exit 77
fi
U=nobody
if ! G=$(id -gn "$U" 2>/dev/null); then
	echo "SKIP: no user $U"
	exit 77
fi
UID_=$(id -u "$U"); GID_=$(id -g "$U")
. "$SRCDIR/tests/integration/carexd.sh"

# What the Debian package does for carex: the key root:GROUP 0640, the
# state directory the user's own; the tree traversable.
chmod 711 "$OUT"; chmod 755 "$P"
chgrp "$G" "$P/server.key"; chmod 640 "$P/server.key"
mkdir -p "$OUT/state"; chown "$U:$G" "$OUT/state"; chmod 700 "$OUT/state"
if ! su -s /bin/sh "$U" -c "test -r '$SRCDIR/schemas/registry.xml' && test -r '$P/server.key'" 2>/dev/null; then
	echo "SKIP: $U cannot read $SRCDIR (the data carexd needs after dropping)"
	exit 77
fi

# carexd -n names a user that does not exist.
"$CAREXD" -n -f /dev/null -o user=carex-no-such-user > "$OUT/n.out" 2>&1
contains "carexd -n: unknown user" "$OUT/n.out" "no such user 'carex-no-such-user'"

EXTRA_CONF="user = $U
store = $OUT/state/carex.db" start_carexd
status() { sed -n "s/^$1:[[:space:]]*//p" "/proc/$PID/status" | tr -s ' \t' ' ' | sed 's/ $//'; }
expect "Uid (real effective saved fs)" "$(status Uid)" "$UID_ $UID_ $UID_ $UID_"
expect "Gid (real effective saved fs)" "$(status Gid)" "$GID_ $GID_ $GID_ $GID_"
expect "supplementary groups" "$(status Groups)" "$(id -G "$U")"
expect "no effective capability" "$(status CapEff)" 0000000000000000
expect "no permitted capability" "$(status CapPrm)" 0000000000000000
contains "logged" "$OUT/carexd.log" "event=privileges user=$U uid=$UID_ gid=$GID_"

expect "serves after the drop" "$(submit adrs-glasgow "$E/prescription-change.xml")" 201
id=$(cat "$OUT/id")
expect "renders after the drop" "$(req gp-43021 GET "/v1/documents/$id" -H 'Accept: application/pdf')" 200
expect "store owned by $U" "$(stat -c %U "$OUT/state/carex.db")" "$U"

kill -HUP "$PID"
wait_log "event=reload status=ok" && ok || fail "reload as $U: $(tail -n 2 "$OUT/carexd.log")"
# A key the user cannot read: the reload fails and the old one serves.
chmod 600 "$P/server.key"
kill -HUP "$PID"
wait_log "event=reload status=failed" && ok || fail "reload of an unreadable key did not fail"
expect "serves on after a failed reload" "$(req gp-43021 GET /v1/inbox)" 200
stop_carexd
expect "carexd exit" "$RC" 0
finish
