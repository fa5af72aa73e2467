#!/bin/sh
# SPDX-License-Identifier: MIT
# The house rules of CONVENTIONS.md that grep can check: no banned calls,
# an SPDX line on every source file.
. "$SRCDIR/tests/lib.sh"
if sh "$SRCDIR/scripts/check-style.sh" "$SRCDIR/src" "$SRCDIR/tests/unit" "$SRCDIR/bench" > "$OUT/style.txt" 2>&1; then ok
else fail "check-style: $(cat "$OUT/style.txt")"; fi
# The check itself must be able to fail.
mkdir -p "$OUT/bad"
printf '/* SPDX-License-Identifier: MIT */\nvoid f(char *d) { strcpy(d, "x"); }\n' > "$OUT/bad/bad.c"
if sh "$SRCDIR/scripts/check-style.sh" "$OUT/bad" > /dev/null 2>&1; then fail "check-style misses strcpy"
else ok; fi
finish
