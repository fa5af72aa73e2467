#!/bin/sh
# SPDX-License-Identifier: MIT
# The manual: carex(1), carexd(8) and carexd.conf(5) lint clean (mandoc
# -T lint, lexgrog), render without a warning (man -l), and name every
# configuration key of src/conf.c and every long option of the programs.
. "$SRCDIR/tests/lib.sh"
D=$SRCDIR/docs
if ! command -v mandoc > /dev/null 2>&1; then
	echo "SKIP: mandoc not installed (apt-get install mandoc)"
	exit 77
fi

for m in carex.1 carexd.8 carexd.conf.5; do
	# STYLE notes (a manual this machine lacks) are not problems.
	mandoc -T lint -W warning "$D/$m" > "$OUT/lint" 2>&1 &&
	    [ ! -s "$OUT/lint" ] && ok || fail "mandoc -T lint $m: $(head -n 5 "$OUT/lint")"
	if command -v lexgrog > /dev/null 2>&1; then
		check "lexgrog $m finds its NAME" lexgrog "$D/$m"
	fi
	if command -v man > /dev/null 2>&1; then
		MANWIDTH=80 man -l "$D/$m" > "$OUT/page" 2> "$OUT/man.err"
		[ -s "$OUT/page" ] && [ ! -s "$OUT/man.err" ] && ok ||
		    fail "man -l $m: $(head -n 5 "$OUT/man.err")"
	fi
done

# Every key conf_set accepts is an item of carexd.conf(5).
keys=$(grep -o -e 'S("[a-z_]*", [a-z_]*)' -e '{ "[a-z_]*", [0-9]' \
	-e 'D("[a-z_]*", [a-z_]*, [0-9]*)' -e 'I("[a-z_]*", [a-z_]*,' "$SRCDIR/src/conf.c" |
	sed 's/^[^"]*"\([a-z_]*\)".*/\1/')
n=0
for k in $(echo "$keys" | sort -u); do
	n=$((n + 1))
	grep -q "^\.It Cm $k\( \|$\)" "$D/carexd.conf.5" && ok || fail "carexd.conf(5) does not describe key $k"
done
[ "$n" -ge 30 ] && ok || fail "only $n keys found in src/conf.c: the pattern is stale"
grep -q '^\.It Cm ack_deadline' "$D/carexd.conf.5" && ok || fail "ack_deadline.DOCTYPE"

# Every long option in the programs' option tables is in their page;
# "once" is parsed but no command accepts it.
for m in carex.1 carexd.8; do sed 's/\\-/-/g' "$D/$m" > "$OUT/$m"; done
opts() { sed -n 's/^[[:space:]]*{ "\([a-z-]*\)",[[:space:]]*[a-z_]*_argument.*/\1/p' "$@" | sort -u; }
for o in $(opts "$SRCDIR/src/carexd.c"); do
	grep -q "Fl -$o" "$OUT/carexd.8" && ok || fail "carexd(8) lacks --$o"
done
for o in $(opts "$SRCDIR/src/carex.c" "$SRCDIR/src/client/commands.c"); do
	[ "$o" = once ] && continue
	grep -q "Fl -$o" "$OUT/carex.1" && ok || fail "carex(1) lacks --$o"
done
for c in validate render audit backup send inbox fetch ack status pull; do
	grep -q "^\.It Cm $c" "$D/carex.1" && ok || fail "carex(1) lacks command $c"
done
finish
