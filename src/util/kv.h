/* SPDX-License-Identifier: MIT */
/* kv.h - "key = value" files with '#' comments, the format of carexd.conf
 * and of the client's configuration: one reader for both. */
#ifndef CAREX_KV_H
#define CAREX_KV_H

#include <stddef.h>

#include "util/err.h"

/* Called for each key = value line (key and value trimmed); returns 0,
 * or -1 after adding its own problem (with line) to errs. */
typedef int	(*kv_fn)(void *arg, const char *key, const char *value,
		    long line, struct errlist *errs);

/* Read path (at most max bytes) and call fn for each setting. Returns the
 * number of problems (lines that are not key = value, and fn's refusals),
 * each in errs with its line; -1 with err if the file cannot be read. */
int	kv_load(const char *path, size_t max, kv_fn fn, void *arg,
	    struct errlist *errs, struct carex_err *err);

/* s without leading and trailing white space (s is changed). */
char	*kv_trim(char *s);

#endif
