/* SPDX-License-Identifier: MIT */
/* rules.h - business rules that XSD cannot express, loaded from a
 * doctype's rules file (schemas/rules.xsd): XPath assertions with carex's
 * extension functions, each with an id and a message, and the named
 * values (<let>) they share. */
#ifndef CAREX_RULES_H
#define CAREX_RULES_H

#include "doc/xmlsafe.h"
#include "util/err.h"

struct rules;

/* The namespace of carex's XPath extension functions (prefix carex). */
#define RULES_FN_NS	"urn:carex:xpath:1"

/* Load and compile the rules file at path (trusted; <include> files are
 * resolved beside it). Caller frees with rules_free(). NULL with err,
 * naming the file and line, on failure. Read-only once loaded. */
struct rules	*rules_load(const char *path, struct carex_err *err);
void		 rules_free(struct rules *);
size_t		 rules_count(const struct rules *);

/* Check x, binding prefix c to docns; carex:limit() and carex:strength()
 * read lim (NULL: no limits, every such number NaN). Each failure is
 * appended to errs with the line and column of the element the rule's
 * context selected. Returns the number of failures, -1 with err if the
 * check could not run. */
struct limits;
int		 rules_check(const struct rules *, const struct xdoc *x,
		    const char *docns, const struct limits *lim,
		    struct errlist *errs, struct carex_err *err);

#endif
