/* SPDX-License-Identifier: MIT */
/* typeset.h - layout XML (urn:carex:layout:1, schemas/layout.xsd) to PDF
 * with libharu. Knows pages, lines and fonts; nothing of prescriptions. */
#ifndef CAREX_TYPESET_H
#define CAREX_TYPESET_H

#include <stdint.h>

#include <libxml/tree.h>

#include "util/buf.h"
#include "util/err.h"

struct typeset;

/* No PDF is longer: past it a render fails (CAREX_ELIMIT). */
#define TYPESET_MAXPAGES	1000

/* Load the font faces once: the four Liberation Sans faces in fontdir
 * (NULL: the configured default), then the fallback faces in fallbacks,
 * colon-separated TrueType files tried in order for what those lack
 * (NULL: the configured default; "": none). A fallback that cannot be
 * loaded is logged and skipped, never fatal. The handle may be shared by threads, each
 * rendering its own documents: the faces are read-only afterwards, and
 * the cache of embedded font subsets it owns has its own lock. Caller
 * frees with typeset_free(), once no render runs. NULL with err filled
 * on failure. */
struct typeset	*typeset_new(const char *fontdir, const char *fallbacks,
		    struct carex_err *err);
void		 typeset_free(struct typeset *);

/* Typeset one layout document and append the PDF to out. The layout is
 * borrowed and not modified. Any input, valid or not, gives either a PDF
 * or -1 with err filled (element and line of what could not be set);
 * never a crash or a loop. The same input gives the same bytes. */
int		 typeset_render(struct typeset *, const xmlDoc *layout,
		    struct buf *out, struct carex_err *err);

/* Lay out as typeset_render() does, with the same errors, but write no
 * PDF: what a submission costs to prove that it can be printed. The
 * page count goes to *npages (if not NULL). */
int		 typeset_check(struct typeset *, const xmlDoc *layout,
		    unsigned int *npages, struct carex_err *err);

/* NULL when the typesetter can show cp in every face (or drops it as an
 * invisible format character), else why it cannot, as a phrase that
 * follows "character U+XXXX". */
const char	*typeset_why(const struct typeset *, uint32_t cp);

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
