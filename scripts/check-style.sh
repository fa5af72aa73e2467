#!/bin/sh
# SPDX-License-Identifier: MIT
# House rules a compiler does not check (CONVENTIONS.md), in the spirit of
# curl's checksrc: banned calls, and every file's SPDX header.
status=0
for f in $(find "$@" -name '*.[ch]' | sort); do
	if grep -nE '\<(sprintf|vsprintf|strcpy|strcat|strncpy|strtok|gets|atoi|atol|sscanf)[[:space:]]*\(' "$f"; then
		echo "$f: banned call (use snprintf, strtoll, buf_*)" >&2
		status=1
	fi
	head -n 2 "$f" | grep -q 'SPDX-License-Identifier' || {
		echo "$f: no SPDX-License-Identifier line" >&2
		status=1
	}
done
exit $status
