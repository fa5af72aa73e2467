# SPDX-License-Identifier: MIT
# tests/integration/carexd.sh - sourced by the integration tests after
# tests/lib.sh: makes the development PKI in OUT/pki, starts a real carexd
# on 127.0.0.1 and talks to it with curl as a participant.
: "${CAREXD:=${BUILDDIR:-$SRCDIR}/carexd}"
P=$OUT/pki
E=$SRCDIR/examples

sh "$SRCDIR/certs/mkpki" "$P" > "$OUT/mkpki.log" 2>&1 || { fail "mkpki: $(tail -n 3 "$OUT/mkpki.log")"; finish; exit 1; }

# start_carexd [carexd flags...]: a free port pair, OUT/carexd.conf (the
# settings below, then the lines in $EXTRA_CONF, which win), the daemon
# logging to OUT/carexd.log; sets PORT, APORT and PID. CAREXD_WRAP runs
# it under another program (valgrind), START_WAIT (x 50 ms) bounds the
# wait for it to start.
start_carexd() {
	for try in 1 2 3 4 5 6 7 8; do
		PORT=$((20000 + ($$ * 7 + try * 131) % 30000))
		APORT=$((PORT + 1))
		cat > "$OUT/carexd.conf" <<CONF
listen = 127.0.0.1:$PORT
admin_listen = 127.0.0.1:$APORT
cert = $P/server.pem
key = $P/server.key
ca = $P/ca.pem
crl = $P/crl.pem
directory = ${DIRECTORY:-$E/directory.xml}
datadir = $SRCDIR
store = $OUT/var/carex.db
workers = 2
queue = 16
max_body = 262144
timeout = 5
max_per_client = 40
user = $(id -un)
audit_key = $P/audit.key
${EXTRA_CONF:-}
CONF
		: > "$OUT/carexd.log"
		$CAREXD_WRAP "$CAREXD" -f "$OUT/carexd.conf" "$@" >> "$OUT/carexd.log" 2>&1 &
		PID=$!
		i=0
		while [ $i -lt "${START_WAIT:-100}" ]; do
			if grep -q "event=started" "$OUT/carexd.log"; then return 0; fi
			if ! kill -0 "$PID" 2>/dev/null; then break; fi
			sleep 0.05; i=$((i + 1))
		done
		kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null
	done
	fail "carexd did not start: $(tail -n 5 "$OUT/carexd.log")"
	finish; exit 1
}

# stop_carexd: SIGTERM, then wait (at most 10 s); the exit status is in RC.
stop_carexd() {
	kill -TERM "$PID" 2>/dev/null
	i=0; while kill -0 "$PID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	wait "$PID"; RC=$?
}

# req WHO METHOD PATH [curl args...]: body in OUT/body, headers in
# OUT/headers, the status printed (000: no HTTP answer).
req() {
	_who=$1; _m=$2; _p=$3; shift 3
	curl -sS -o "$OUT/body" -D "$OUT/headers" -w '%{http_code}' --max-time 20 \
		--cacert "$P/ca.pem" --cert "$P/$_who.pem" --key "$P/$_who.key" \
		-X "$_m" "$@" "https://localhost:$PORT$_p" 2> "$OUT/curl.err"
}

# submit WHO FILE: POST a document; the status printed, its id in OUT/id.
submit() {
	_c=$(req "$1" POST /v1/documents -H 'Content-Type: application/xml' --data-binary "@$2")
	sed -n 's/.* id="\([0-9A-Z]*\)".*/\1/p' "$OUT/body" > "$OUT/id"
	echo "$_c"
}

# as WHO: the client's settings for a participant, in the environment
# (carex reads them after its flags and before its file).
as() {
	CAREX_URL=https://localhost:$PORT CAREX_CA=$P/ca.pem
	CAREX_CERT=$P/$1.pem CAREX_KEY=$P/$1.key
	export CAREX_URL CAREX_CA CAREX_CERT CAREX_KEY
}

# free_port: a TCP port free on 127.0.0.1 now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# poll SECONDS COMMAND...: run COMMAND every 0.1 s until it succeeds
# (status 0) or SECONDS have passed (status 1).
poll() {
	_n=$(($1 * 10)); shift
	while [ "$_n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1; _n=$((_n - 1))
	done
	return 1
}

expect() {	# expect WHAT GOT WANT
	[ "$2" = "$3" ] && ok || fail "$1: status $2, expected $3: $(head -c 400 "$OUT/body")"
}

# metric NAME: a metric's value from the admin listener (NAME with its
# labels, exactly as /metrics prints it).
metric() {
	curl -sS --max-time 5 "http://127.0.0.1:$APORT/metrics" |
		awk -v m="$1" '$1 == m { print $2 }'
}

# metric_is NAME OP N: the gauge NAME compares (test OP: -eq, -ge, -lt)
# with N. Gauges that come from the store are the probe's, refreshed every
# 2 s: poll them (poll 5 metric_is ...).
metric_is() {
	_v=$(metric "$1")
	[ -n "$_v" ] && [ "${_v%.*}" "$2" "$3" ]
}

# wait_log PATTERN: wait (at most 10 s) for a line of the log.
wait_log() {
	i=0; while ! grep -q "$1" "$OUT/carexd.log" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q "$1" "$OUT/carexd.log"
}

# stamp FILE MSGID [HEADER-ELEMENT]: FILE with a new message id, and an
# element (<supersedes>ID</supersedes>) after the last <to>.
stamp() {
	awk -v id="$2" -v extra="${3:-}" '
		/<message-id>/ { sub(/<message-id>[^<]*</, "<message-id>" id "<") }
		/<to>/ { last = NR }
		{ line[NR] = $0 }
		END { for (i = 1; i <= NR; i++) { print line[i]; if (i == last && extra != "") print "    " extra } }
	' "$1"
}

# many N DIR PREFIX: N prescription changes, DIR/1.xml ... DIR/N.xml,
# with message ids PREFIX-1 ... PREFIX-N.
many() {
	mkdir -p "$2"
	_k=1
	while [ $_k -le "$1" ]; do
		sed "s|<message-id>[^<]*<|<message-id>$3-$_k<|" "$E/prescription-change.xml" > "$2/$_k.xml"
		_k=$((_k + 1))
	done
}
