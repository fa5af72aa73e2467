/* SPDX-License-Identifier: MIT */
/* err.c - error records and lists (see err.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "utf8.h"

/* Messages end up in terminals and problem documents: no control
 * characters, and no trailing newline from library callbacks. */
static void
err_clean(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

static void	err_vset(struct carex_err *, enum carex_ecode, long, long,
		    const char *, const char *, va_list)
		    __attribute__((format(printf, 6, 0)));

static void
err_vset(struct carex_err *e, enum carex_ecode code, long line, long col,
    const char *rule, const char *fmt, va_list ap)
{
	size_t	n;

	e->code = code;
	e->line = line;
	e->col = col;
	(void)snprintf(e->rule, sizeof(e->rule), "%s", rule ? rule : "");
	(void)vsnprintf(e->msg, sizeof(e->msg), fmt, ap);	/* truncation is fine */
	n = utf8_trim(e->msg);	/* but not inside a character */
	while (n > 0 && (e->msg[n - 1] == '\n' || e->msg[n - 1] == ' '))
		e->msg[--n] = '\0';
	err_clean(e->msg);
}

void
err_set(struct carex_err *e, enum carex_ecode code, const char *fmt, ...)
{
	va_list	ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	err_vset(e, code, 0, 0, NULL, fmt, ap);
	va_end(ap);
}

void
err_setpos(struct carex_err *e, enum carex_ecode code, long line, long col,
    const char *rule, const char *fmt, ...)
{
	va_list	ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	err_vset(e, code, line, col, rule, fmt, ap);
	va_end(ap);
}

void
err_clear(struct carex_err *e)
{
	if (e != NULL)
		memset(e, 0, sizeof(*e));
}

void
errlist_init(struct errlist *l, size_t max)
{
	memset(l, 0, sizeof(*l));
	l->max = max;
}

void
errlist_free(struct errlist *l)
{
	free(l->v);
	errlist_init(l, l->max);
}

int
errlist_add(struct errlist *l, const struct carex_err *e)
{
	struct carex_err	*v;
	size_t			 cap;

	if (l->n >= l->max) {
		l->dropped++;
		return 0;
	}
	if (l->n == l->cap) {
		cap = l->cap ? l->cap * 2 : 8;
		if ((v = reallocarray(l->v, cap, sizeof(*v))) == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *e;
	return 0;
}

void
errlist_sort(struct errlist *l)
{
	struct carex_err	t;
	size_t			i, j;

	/* Insertion sort: stable, and lists are short (bounded by max). */
	for (i = 1; i < l->n; i++) {
		t = l->v[i];
		for (j = i; j > 0 && (l->v[j - 1].line > t.line ||
		    (l->v[j - 1].line == t.line && l->v[j - 1].col > t.col));
		    j--)
			l->v[j] = l->v[j - 1];
		l->v[j] = t;
	}
}
