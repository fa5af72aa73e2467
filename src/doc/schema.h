/* SPDX-License-Identifier: MIT */
/* schema.h - XSD 1.0 validation with every error's line and column. */
#ifndef CAREX_SCHEMA_H
#define CAREX_SCHEMA_H

#include "doc/xmlsafe.h"
#include "util/err.h"

struct schema;

/* Compile the XSD at path (a trusted file; includes are resolved beside
 * it). Caller frees with schema_free(). NULL with err on failure. The
 * compiled schema is read-only and may be shared by threads. */
struct schema	*schema_load(const char *path, struct carex_err *err);
void		 schema_free(struct schema *);

/* Validate x; each error is appended to errs with rule "XSD". Returns the
 * number of errors, or -1 with err set if validation could not run. */
int		 schema_check(const struct schema *, const struct xdoc *x,
		    struct errlist *errs, struct carex_err *err);

/* Rewrite, in x's tree, each value the schema reads as a token (xs:token
 * and the built-in types that collapse white space) as that value: " X "
 * becomes "X". After schema_check has passed, so that rules, the store
 * and the stylesheets all see what the schema saw. */
void		 schema_normalize(const struct schema *, const struct xdoc *x);

#endif
