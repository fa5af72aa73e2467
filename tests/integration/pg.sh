# SPDX-License-Identifier: MIT
# tests/integration/pg.sh - a temporary PostgreSQL cluster for the tests,
# sourced after tests/lib.sh: initdb and pg_ctl (Debian's postgresql
# package) in a directory of its own, on a loopback port with its unix
# socket there, stopped and removed at exit. initdb refuses to run as
# root, so as root the cluster runs as the package's postgres user.
#
#   pg_start [postgres -c options...]  start; sets PGPORT, PGURL (the
#                                       database "carex") and PGBASE
#                                       (PGURL without the database name)
#   pg_sql SQL                          run SQL as the superuser
#   pg_stop / pg_restart                stop (fast) / start again, same data

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PGDIR=

# pg_require: skip the test (exit 77) when PostgreSQL is not installed.
pg_require() {
	if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
		echo "SKIP: PostgreSQL is not installed (apt-get install postgresql)"
		exit 77
	fi
}

_as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
	pg_require
	PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/carex-pg.XXXXXX")
	trap 'pg_stop; rm -rf "$OUT" "$PGDIR"' EXIT
	[ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
	PG_OPTS="$*"
	_as_pg "$PG_BIN/initdb" -D "$PGDIR/data" -U carex --auth=trust \
		-E UTF8 --no-sync > "$PGDIR/initdb.log" 2>&1 ||
		{ fail "initdb: $(tail -n 3 "$PGDIR/initdb.log")"; finish; exit 1; }
	for try in 1 2 3 4 5 6; do
		PGPORT=$((20000 + ($$ * 11 + try * 173 + 5000) % 30000))
		if _pg_ctl_start; then
			PGBASE="postgresql://carex@127.0.0.1:$PGPORT/"
			PGURL="${PGBASE}carex"
			pg_sql "CREATE DATABASE carex" > /dev/null || {
				fail "create the database"; finish; exit 1; }
			return 0
		fi
	done
	fail "PostgreSQL did not start: $(tail -n 5 "$PGDIR/log" 2>/dev/null)"
	finish; exit 1
}

_pg_ctl_start() {
	# shellcheck disable=SC2086
	_as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -t 30 \
		-o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 $PG_OPTS" \
		start > /dev/null 2>&1
}

pg_sql() {
	"$PG_BIN/psql" -X -q -t -A -v ON_ERROR_STOP=1 \
		"postgresql://carex@127.0.0.1:$PGPORT/${PGDB:-postgres}" -c "$1"
}

pg_stop() {
	[ -n "$PGDIR" ] && [ -d "$PGDIR/data" ] || return 0
	_as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop > /dev/null 2>&1
	return 0
}

pg_restart() {
	_pg_ctl_start || fail "PostgreSQL did not start again: $(tail -n 5 "$PGDIR/log")"
}
