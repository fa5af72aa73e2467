/* SPDX-License-Identifier: MIT */
/* err.h - error records: what went wrong and where (line, column, rule).
 * Every function that can fail takes a struct carex_err * that may be
 * NULL; a list collects the many errors validation can find at once. */
#ifndef CAREX_ERR_H
#define CAREX_ERR_H

#include <stddef.h>

enum carex_ecode {
	CAREX_OK = 0,
	CAREX_ESYS,		/* I/O or memory: retry may help */
	CAREX_EUSAGE,		/* bad arguments or configuration */
	CAREX_EPARSE,		/* not well-formed, or refused as hostile */
	CAREX_ELIMIT,		/* larger or deeper than allowed */
	CAREX_EINVALID,		/* schema or business rule */
	CAREX_ENOTFOUND,	/* unknown doctype, role, participant */
	CAREX_EFORBIDDEN,	/* known, but this caller may not */
	CAREX_ECONFLICT,	/* clashes with what is already stored */
	CAREX_EBUSY,		/* too much work queued: retry later */
	CAREX_EINTERNAL		/* a bug, or a broken installation */
};

struct carex_err {
	enum carex_ecode code;
	long		 line;		/* 1-based; 0 when not about a place */
	long		 col;		/* 1-based characters; 0 if unknown */
	char		 rule[32];	/* rule id, "XSD", "XML", or "" */
	char		 msg[512];
};

/* Fill e (if not NULL); the message is truncated to fit. */
void	err_set(struct carex_err *e, enum carex_ecode,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void	err_setpos(struct carex_err *e, enum carex_ecode, long line, long col,
	    const char *rule, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
void	err_clear(struct carex_err *e);

/* A bounded list of errors, in the order found. Past max entries further
 * errors are counted in dropped but not kept. */
struct errlist {
	struct carex_err	*v;
	size_t			 n;
	size_t			 cap;
	size_t			 max;
	size_t			 dropped;
};

void	errlist_init(struct errlist *, size_t max);
void	errlist_free(struct errlist *);
/* Append a copy of e; returns -1 only when out of memory. */
int	errlist_add(struct errlist *, const struct carex_err *e);
/* Sort by line then column (stable), so reports read top to bottom. */
void	errlist_sort(struct errlist *);

#endif
