#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/valgrind.sh BUILDDIR - the integration tests again with carexd
# under valgrind (memcheck, leak check): every carexd that exits must
# report no error and nothing definitely or indirectly lost. (One killed
# with SIGKILL on purpose writes no summary and is not counted.) Writes
# BUILDDIR/tests/valgrind.log, ending "N passed, N failed", and
# valgrind.trs, which scripts/quickstart.sh counts with the tests.
set -u
B=$(cd "${1:?usage: tests/valgrind.sh BUILDDIR}" && pwd)
S=$(cd "$(dirname "$0")/.." && pwd)
V=$(mktemp -d "${TMPDIR:-/tmp}/carex-vg.XXXXXX")
trap 'rm -rf "$V"' EXIT
LOG=$B/tests/valgrind.log
mkdir -p "$B/tests"
: > "$LOG"
passed=0
failed=0
for t in server lifecycle client push; do
	CAREXD_WRAP="valgrind --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --log-file=$V/$t.%p.vg" \
	START_WAIT=600 SRCDIR=$S BUILDDIR=$B CAREX=$B/carex CAREXD=$B/carexd \
		sh "$S/tests/integration/$t.sh" > "$V/$t.out" 2>&1
	tail -n 1 "$V/$t.out" | grep -q ', 0 failed$' || { failed=$((failed + 1)); echo "FAIL: $t under valgrind: $(tail -n 3 "$V/$t.out")" | tee -a "$LOG"; }
	for f in "$V/$t".*.vg; do
		[ -f "$f" ] && grep -q 'ERROR SUMMARY' "$f" || continue
		if grep -q 'ERROR SUMMARY: 0 errors' "$f" &&
		    grep -q 'definitely lost: 0 bytes' "$f" &&
		    grep -q 'indirectly lost: 0 bytes' "$f"; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
			echo "FAIL: carexd under valgrind in $t:" | tee -a "$LOG"
			grep -E 'Invalid|uninitialised|definitely|indirectly|at 0x|by 0x' "$f" | head -n 30 | tee -a "$LOG"
		fi
	done
done
echo "$passed passed, $failed failed" | tee -a "$LOG"
if [ "$failed" -eq 0 ]; then r=PASS; else r=FAIL; fi
printf ':test-result: %s\n' "$r" > "$B/tests/valgrind.trs"
[ "$failed" -eq 0 ]
