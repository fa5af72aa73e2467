/* SPDX-License-Identifier: MIT */
/* limits.h - a deployment's clinical limits (schemas/clinical-limits.xsd),
 * read once, for the rules' carex:limit() and carex:strength(). Data, not
 * code: the numbers and their sources are the deployment's file. */
#ifndef CAREX_LIMITS_H
#define CAREX_LIMITS_H

#include "util/err.h"

struct limits;

/* Load and validate the limits file at path against xsd. NULL with err
 * naming the file, line and column on failure. Read-only once loaded. */
struct limits	*limits_load(const char *path, const char *xsd,
		    struct carex_err *err);
void		 limits_free(struct limits *);

/* A number of medicine med's entry: what is precision, daily-hard,
 * daily-soft, step-hard, step-soft, week-hard, week-soft, missed-stable,
 * missed-titration,
 * interval-days or window-days.
 * NaN when the file has none (the rule that asks then passes). */
double		 limits_get(const struct limits *, const char *med,
		    const char *what);

/* The dm+d code (a SNOMED CT concept identifier, checked when loaded)
 * the deployment maps medicine med to; NULL when it gives none. Borrowed
 * until limits_free(). */
const char	*limits_dmd(const struct limits *, const char *med);

/* Whether mg is one of med's licensed strengths: 1 yes, 0 no, -1 when
 * the file lists none for it. */
int		 limits_strength(const struct limits *, const char *med,
		    double mg);

/* Moving to medicine to from medicine from ("" for a start, from no
 * MAT): what is allowed (1 or 0; 1 when the file restricts nothing for
 * to), max-mg (the most a day of from) or gap-days (days from its last
 * dose to to's first); NaN when the file has none. */
double		 limits_transition(const struct limits *, const char *to,
		    const char *from, const char *what);

/* The medicines to may follow, in words ("a, b or c"), into out; "" when
 * the file restricts nothing. Returns out. */
const char	*limits_transitions(const struct limits *, const char *to,
		    char *out, size_t len);

#endif
