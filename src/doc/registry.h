/* SPDX-License-Identifier: MIT */
/* registry.h - the doctype registry (schemas/registry.xsd): for each
 * document type its schema, rules, who may submit and receive it, where
 * its recipients are read from, and the rendition each role gets. All of
 * it is data; adding a doctype adds a registry entry and files. */
#ifndef CAREX_REGISTRY_H
#define CAREX_REGISTRY_H

#include <stddef.h>

#include "doc/xform.h"
#include "doc/xmlsafe.h"
#include "util/err.h"

struct registry;
struct doctype;

struct rendition {
	char		*role;		/* receiving role */
	char		*name;		/* "letter", "dispensing-update" */
	char		*path;		/* the stylesheet's file */
	struct xform	*xf;		/* borrowed from the registry */
};

/* Load the registry files (entries of all of them, names unique), each
 * validated against xsd, and compile every schema, rules file and
 * stylesheet they name (paths relative to the registry file). Caller
 * frees with registry_free(). NULL with err on the first problem. The
 * registry is read-only once loaded and may be shared by threads. */
struct registry	*registry_load(const char **files, size_t nfiles,
		    const char *xsd, struct carex_err *err);
void		 registry_free(struct registry *);

size_t		 registry_count(const struct registry *);
const struct doctype *registry_at(const struct registry *, size_t i);
const struct doctype *registry_byname(const struct registry *,
		    const char *name);
/* The doctype whose root element and namespace x's root has, or NULL. */
const struct doctype *registry_match(const struct registry *,
		    const struct xdoc *x);

const char	*doctype_name(const struct doctype *);
const char	*doctype_title(const struct doctype *);
int		 doctype_may_submit(const struct doctype *, const char *role);
/* The rendition for a receiving role, or NULL if that role may not
 * receive this doctype. */
const struct rendition *doctype_rendition(const struct doctype *,
		    const char *role);
/* The first receiving role's rendition: the default. */
const struct rendition *doctype_default_rendition(const struct doctype *);
size_t		 doctype_nrenditions(const struct doctype *);
const struct rendition *doctype_rendition_at(const struct doctype *, size_t);

/* Schema, then (if the schema is satisfied) the rules, which read the
 * clinical limits lim (NULL: none). Errors go to errs, sorted by
 * position. Returns the number of errors, -1 with err if the checks
 * could not run. */
struct limits;
int		 doctype_check(const struct doctype *, const struct xdoc *x,
		    const struct limits *lim, struct errlist *errs,
		    struct carex_err *err);

/* Values the schema reads as tokens rewritten as such (schema_normalize):
 * done by doctype_check once valid, and for a stored document loaded to
 * be rendered again. */
void		 doctype_normalize(const struct doctype *, const struct xdoc *x);

/* The participant codes x is addressed to, from the registry's recipients
 * expression. *codes is a NULL-terminated array the caller frees with
 * registry_strv_free(). */
int		 doctype_recipients(const struct doctype *,
		    const struct xdoc *x, char ***codes, struct carex_err *err);
void		 registry_strv_free(char **);
/* Append a copy of s to the NULL-terminated *v of *n strings; -1 if out
 * of memory. */
int		 registry_strv_add(char ***v, size_t *n, const char *s);
/* Whom x is about, from the registry's subject expression (the patient's
 * CHI), read as an xs:token: 0 with *value (free with free()) and the
 * line of its element, 1 if the doctype is about no one (or x names no
 * one), -1 with err. A replacement must be about the same subject. */
int		 doctype_subject(const struct doctype *, const struct xdoc *x,
		    char **value, long *line, struct carex_err *err);
/* What the subject is, in words ("the patient with CHI"); NULL if none. */
const char	*doctype_subject_what(const struct doctype *);

/* The named parties a doctype's renditions print (<party>: whoever signs
 * the prescription), at most DOCTYPE_MAX_PARTIES. doctype_party() reads
 * party i's participant code from x: 0 with *code (free with free()), 1
 * if the document names none, -1 with err. */
#define DOCTYPE_MAX_PARTIES	4
size_t		 doctype_nparties(const struct doctype *);
const char	*doctype_party_name(const struct doctype *, size_t i);
int		 doctype_party(const struct doctype *, size_t i,
		    const struct xdoc *x, char **code, struct carex_err *err);

/* Whether a participant of role sends or receives documents about a
 * patient (a doctype with a subject): its renditions are clinical, and
 * must say whom to call out of hours. */
int		 registry_about_patients(const struct registry *,
		    const char *role);

#endif
