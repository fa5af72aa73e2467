/* SPDX-License-Identifier: MIT */
/* draw.h - running matter and drawing pages with libharu (draw.c). */
#ifndef CAREX_PDF_DRAW_H
#define CAREX_PDF_DRAW_H

#include <hpdf.h>

#include "embed.h"
#include "pdfzip.h"
#include "flow.h"

#define BANNER_PAD	6.0f

/* One slice per page in vl holding the page's running matter, in page
 * coordinates (x from the left edge, y down from the top). After
 * paginate(): needs the page count. -1 with err (a character of the
 * marking or running text the font lacks). */
int	chrome_set(struct render *, struct vlist *vl);

/* Add and draw every page, its content compressed with pz; pages[]
 * (npages long, caller's) receives them for bookmarks. fonts are
 * FACE_COUNT fonts from embed_font(), with no font for faces the
 * document does not use; scratch holds a page's content at a time.
 * -1 with err. */
int	draw_pages(struct render *, HPDF_Doc, struct pdfzip *pz,
	    const struct embed *fonts, struct buf *scratch,
	    const struct vlist *chrome, HPDF_Page *pages);

/* Bookmarks for the headings, nested by level. -1 with err. */
int	draw_outlines(struct render *, HPDF_Doc, HPDF_Page *pages);

#endif
