/* SPDX-License-Identifier: MIT */
/* bench_util.h - the little the benchmark programs share: reading a
 * number from the command line, and ordering doubles for qsort.
 * Header-only (static inline): bench/render may compile bench_render.c
 * on its own, with no other source beside it. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <errno.h>
#include <stdlib.h>

/* The whole of s as a decimal number in [lo, hi] into *out; -1, and *out
 * untouched, if it is anything else. */
static inline int
bench_number(const char *s, long lo, long hi, long *out)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = (long)v;
	return 0;
}

/* qsort comparison: ascending doubles. */
static inline int
bench_cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#endif
