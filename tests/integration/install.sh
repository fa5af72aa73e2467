#!/bin/sh
# SPDX-License-Identifier: MIT
# make install DESTDIR=... into a staging root, then run what was
# installed: carexd with the installed configuration (paths moved under
# the stage), schemas, stylesheets and examples, none from the source
# tree; carexd tells a notification socket READY, RELOADING, STOPPING as
# systemd's Type=notify expects; the unit and the manual are installed.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/integration/carexd.sh"
S=$OUT/stage
unset CAREX_DATADIR CAREX_DIRECTORY

MAKEFLAGS= make -s -C "$BUILDDIR" install DESTDIR="$S" > "$OUT/install.log" 2>&1 ||
	{ fail "make install: $(tail -n 5 "$OUT/install.log")"; finish; exit 1; }
sbin=$(find "$S" -type f -name carexd -path '*/sbin/*')
bin=$(find "$S" -type f -name carex -path '*/bin/*')
conf=$(find "$S" -type f -name carexd.conf -path '*/carex/carexd.conf' ! -path '*/examples/*')
reg=$(find "$S" -type f -path '*/carex/schemas/registry.xml')
unit=$(find "$S" -type f -name carexd.service)
for f in sbin bin conf reg unit; do
	eval "v=\$$f"
	[ -n "$v" ] && ok || fail "installed: no $f in $(cd "$S" && find . -type f | head -n 20)"
done
[ -n "$sbin" ] && [ -n "$conf" ] && [ -n "$reg" ] || { finish; exit 1; }
data=${reg%/schemas/registry.xml}
for f in xsl/prescription-change-letter.xsl schemas/common.xsd \
    examples/directory.xml examples/ijb-direction.xml examples/carexd.conf; do
	[ -f "$data/$f" ] && ok || fail "not installed: $f"
done
for m in man1/carex.1 man8/carexd.8 man5/carexd.conf.5; do
	[ -n "$(find "$S" -path "*/man/$m")" ] && ok || fail "manual not installed: $m"
done
[ -d "$(dirname "${conf%/carex/carexd.conf}")" ] && ok || fail "sysconfdir"

# The installed files name installed paths, never the stage's or the
# source tree's; the programs' constant strings do not hold the source
# tree either (objcopy: only .rodata, not debugging information).
real() { echo "${1#$S}"; }
contains "unit starts the installed carexd" "$unit" "ExecStart=$(real "$sbin") -f $(real "$conf")"
contains "configuration names the installed datadir" "$conf" "datadir = $(real "$data")"
grep -q '@[a-z]*@' "$unit" "$conf" && fail "an @substitution@ is left" || ok
for p in "$sbin" "$bin"; do
	# A sanitizer build's error reports carry source file names in its
	# constants; such a build is never installed for real.
	if nm -D "$p" 2>/dev/null | grep -q ' __asan_init'; then
		echo "SKIP: $(basename "$p") is a sanitizer build: its .rodata names sources"
		continue
	fi
	objcopy -O binary --only-section=.rodata "$p" "$OUT/rodata" 2>/dev/null
	if [ -s "$OUT/rodata" ]; then
		grep -qF "$SRCDIR" "$OUT/rodata" && fail "$(basename "$p") embeds $SRCDIR" || ok
	fi
done

# The unit's sandbox scores "OK" or better (systemd 250 and later can
# judge a unit file offline).
if systemd-analyze security --offline=yes "$unit" > "$OUT/security" 2>&1; then
	score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) \([A-Z]*\).*/\1 \2/p' "$OUT/security")
	case ${score#* } in
	OK|SAFE) ok ;;
	*) fail "systemd-analyze security: '$score' is not OK or better" ;;
	esac
else
	echo "note: no offline systemd-analyze security here: $(tail -n 1 "$OUT/security")"
fi

# Run from the stage: the installed configuration with its paths moved
# under it, the development PKI and example directory where it expects
# them, a port of our own.
etc=$(dirname "$conf")
mkdir -p "$etc/tls"
cp "$P/server.pem" "$P/server.key" "$P/ca.pem" "$P/crl.pem" "$etc/tls/"
cp "$data/examples/directory.xml" "$etc/directory.xml"
# staged_conf: the installed configuration, paths under the stage, on
# ports PORT and APORT.
staged_conf() {
	sed -e "s|= /|= $S/|" "$conf" > "$OUT/staged.conf"
	cat >> "$OUT/staged.conf" <<CONF
listen = 127.0.0.1:$PORT
admin_listen = 127.0.0.1:$APORT
user = $(id -un)
CONF
}
PORT=$((20000 + ($$ * 7 + 977) % 30000)); APORT=$((PORT + 1))
staged_conf
"$sbin" -n -f "$OUT/staged.conf" > "$OUT/n.out" 2>&1 && ok || fail "carexd -n: $(cat "$OUT/n.out")"
contains "carexd -n" "$OUT/n.out" "configuration OK"

# A notification socket like systemd's, its messages one a line.
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a") as f:
    while True:
        f.write(s.recv(4096).decode().replace("\n", " ") + "\n"); f.flush()
' "$OUT/notify" "$OUT/notified" &
NPID=$!
i=0; while [ ! -S "$OUT/notify" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
# wait_notified STATE: wait (at most 10 s) for a message.
wait_notified() {
	i=0; while ! grep -q "^$1" "$OUT/notified" && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	grep -q "^$1" "$OUT/notified"
}
# Ports another test holds: try others, as start_carexd does.
for try in 1 2 3 4 5 6 7 8; do
	PORT=$((20000 + ($$ * 7 + 977 + try * 131) % 30000)); APORT=$((PORT + 1))
	staged_conf
	: > "$OUT/notified"; : > "$OUT/carexd.log"
	NOTIFY_SOCKET=$OUT/notify "$sbin" -f "$OUT/staged.conf" >> "$OUT/carexd.log" 2>&1 &
	PID=$!
	i=0; while ! grep -q "^READY=1" "$OUT/notified" && kill -0 "$PID" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	grep -q "cannot listen there" "$OUT/carexd.log" || break
	wait "$PID" 2>/dev/null
done
wait_notified READY=1 && ok || fail "no READY=1: $(tail -n 3 "$OUT/carexd.log")"
expect "healthz once READY" "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$APORT/healthz)" 200
expect "submit to the installed carexd" "$(submit adrs-glasgow "$E/prescription-change.xml")" 201
id=$(cat "$OUT/id")
expect "the GP's PDF, rendered with installed stylesheets" \
	"$(req gp-43021 GET "/v1/documents/$id" -H 'Accept: application/pdf')" 200
head -c 5 "$OUT/body" | grep -q '%PDF-' && ok || fail "not a PDF"
contains "store where the installed configuration says" "$OUT/carexd.log" "store=$S/"
kill -HUP "$PID"
wait_log "event=reload status=ok" && ok || fail "reload"
i=0; while [ "$(grep -c '^READY=1' "$OUT/notified")" -lt 2 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
grep -q '^RELOADING=1 MONOTONIC_USEC=[0-9]' "$OUT/notified" && ok || fail "no RELOADING=1: $(cat "$OUT/notified")"
[ "$(grep -c '^READY=1' "$OUT/notified")" -eq 2 ] && ok || fail "no READY=1 after the reload"
stop_carexd
expect "carexd exit" "$RC" 0
grep -q '^STOPPING=1' "$OUT/notified" && ok || fail "no STOPPING=1"
kill "$NPID" 2>/dev/null; wait "$NPID" 2>/dev/null

# The installed carex, its data named only by --datadir.
"$bin" --datadir "$data" validate "$data/examples/ijb-direction.xml" > "$OUT/v" 2>&1 && ok || fail "installed carex validate: $(cat "$OUT/v")"
"$bin" --datadir "$data" render "$data/examples/ijb-direction.xml" -o "$OUT/d.pdf" > "$OUT/r" 2>&1 && ok || fail "installed carex render: $(cat "$OUT/r")"
finish
