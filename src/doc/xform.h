/* SPDX-License-Identifier: MIT */
/* xform.h - XSLT 1.0 renditions: a care document to layout XML. Every
 * stylesheet is compiled once; transforms run under libxslt security
 * preferences that forbid files and network. */
#ifndef CAREX_XFORM_H
#define CAREX_XFORM_H

#include <libxml/tree.h>

#include "doc/xmlsafe.h"
#include "util/buf.h"
#include "util/err.h"

struct xform;

/* Process-wide set-up (EXSLT registration); call once before threads. */
void		 xform_init(void);
/* Release what xform_init and libxslt hold process-wide; at exit only,
 * after every xform is freed. */
void		 xform_shutdown(void);

/* Compile the stylesheet at path (trusted; xsl:import resolved beside
 * it). Caller frees with xform_free(). Read-only once compiled. */
struct xform	*xform_load(const char *path, struct carex_err *err);
void		 xform_free(struct xform *);

/* Apply to x with string parameters params: name, value, ..., NULL
 * (values are quoted here, so any text is safe). On success *out is the
 * result document, which the caller frees with xmlFreeDoc(). */
int		 xform_apply(const struct xform *, const struct xdoc *x,
		    const char **params, xmlDocPtr *out,
		    struct carex_err *err);

/* Serialise a result of xform as the stylesheet's xsl:output says. */
int		 xform_serialise(const struct xform *, xmlDocPtr res,
		    struct buf *out, struct carex_err *err);

#endif
