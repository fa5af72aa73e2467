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
 * configured default). The handle may be shared by threads, each
 * rendering its own documents: the faces are read-only afterwards, and
 * the cache of embedded font subsets it owns has its own lock. Caller
 * frees with typeset_free(), once no render runs. NULL with err filled
 * on failure. */
struct typeset	*typeset_new(const char *fontdir, struct carex_err *err);
void		 typeset_free(struct typeset *);

/* Typeset one layout document and append the PDF to out. The layout is
 * borrowed and not modified. Any input, valid or not, gives either a PDF
 * or -1 with err filled (element and line of what could not be set);
 * never a crash or a loop. The same input gives the same bytes. */
int		 typeset_render(struct typeset *, const xmlDoc *layout,
		    struct buf *out, struct carex_err *err);

/* The font subset cache's counters, since typeset_new(): a hit is a face
 * embedded with the bytes of an earlier document, a miss one cut and
 * compressed. */
struct typeset_stats {
	unsigned long	font_hits;
	unsigned long	font_misses;
	unsigned long	font_evictions;
	unsigned int	font_entries;	/* held now */
	size_t		font_bytes;	/* held now */
};

void		 typeset_stats(struct typeset *, struct typeset_stats *);

#endif
