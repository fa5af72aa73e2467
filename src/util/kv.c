/* SPDX-License-Identifier: MIT */
/* kv.c - "key = value" files (see kv.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "util/buf.h"
#include "util/kv.h"

char *
kv_trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
kv_load(const char *path, size_t max, kv_fn fn, void *arg,
    struct errlist *errs, struct carex_err *err)
{
	struct carex_err	 e;
	struct buf		 b;
	char			*line, *next, *eq, *hash;
	long			 lineno = 0;
	int			 problems = 0;

	buf_init(&b, max);
	if (buf_read_file(&b, path) == -1) {
		err_set(err, CAREX_ESYS, "%s: %s", path, strerror(errno));
		buf_free(&b);
		return -1;
	}
	for (line = b.data ? (char *)b.data : ""; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		line = kv_trim(line);
		if (*line == '\0')
			continue;
		if ((eq = strchr(line, '=')) == NULL) {
			err_setpos(&e, CAREX_EUSAGE, lineno, 0, "CONF",
			    "'%s' is not 'key = value'", line);
			(void)errlist_add(errs, &e);
			problems++;
			continue;
		}
		*eq = '\0';
		if (fn(arg, kv_trim(line), kv_trim(eq + 1), lineno, errs) == -1)
			problems++;
	}
	buf_free(&b);
	return problems;
}
