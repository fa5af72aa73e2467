/* SPDX-License-Identifier: MIT */
/* check.h - the unit tests' whole harness: check(cond, what) counts and
 * reports; check_done() prints "N passed, N failed" and gives the exit
 * status automake's test driver expects. */
#ifndef CAREX_CHECK_H
#define CAREX_CHECK_H

#include <stdio.h>

static int check_passed, check_failed;

#define check(cond, ...) do {						\
	if (cond) {							\
		check_passed++;						\
	} else {							\
		check_failed++;						\
		fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);	\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
	}								\
} while (0)

static inline int
check_done(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed == 0 ? 0 : 1;
}

#endif
