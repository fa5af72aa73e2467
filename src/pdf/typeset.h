/* SPDX-License-Identifier: MIT */
/* typeset.h - layout XML (urn:carex:layout:1, schemas/layout.xsd) to PDF
 * with libharu. Knows pages, lines and fonts; nothing of prescriptions. */
#ifndef CAREX_TYPESET_H
#define CAREX_TYPESET_H

#include <libxml/tree.h>

#include "util/buf.h"
#include "util/err.h"

struct typeset;

/* Load the font faces once (TrueType files in fontdir; NULL means the
 * configured default). The handle is read-only afterwards and may be
 * shared by threads, each rendering its own documents. Caller frees with
 * typeset_free(). NULL with err filled on failure. */
struct typeset	*typeset_new(const char *fontdir, struct carex_err *err);
void		 typeset_free(struct typeset *);

/* Typeset one layout document and append the PDF to out. The layout is
 * borrowed and not modified. Any input, valid or not, gives either a PDF
 * or -1 with err filled (element and line of what could not be set);
 * never a crash or a loop. The same input gives the same bytes. */
int		 typeset_render(struct typeset *, const xmlDoc *layout,
		    struct buf *out, struct carex_err *err);

#endif
