/* SPDX-License-Identifier: MIT */
/* problem.h - RFC 9457 problem details as application/problem+xml: the
 * one way every error reaches a client. Text is escaped and stripped of
 * control characters here; callers never pass raw input or local paths. */
#ifndef CAREX_PROBLEM_H
#define CAREX_PROBLEM_H

#include "util/buf.h"
#include "util/err.h"

#define PROBLEM_NS	"urn:ietf:rfc:7807"
#define PROBLEM_TYPE	"urn:carex:problem:"

/* Append a problem document: type is a short name ("invalid-document")
 * made into urn:carex:problem:NAME; errs (may be NULL) become <error
 * line= column= rule=> elements. */
int	problem_build(struct buf *out, int status, const char *type,
	    const char *title, const char *detail, const struct errlist *errs);

/* XML-escape s into out (text or attribute value), dropping control
 * characters other than tab and newline. */
int	problem_escape(struct buf *out, const char *s);

#endif
