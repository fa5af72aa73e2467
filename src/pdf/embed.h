/* SPDX-License-Identifier: MIT */
/* embed.h - a face as a font of one PDF document (embed.c): cut to the
 * glyphs the document uses, written as libharu objects, shown by glyph
 * id. Knows glyphs and PDF font objects; nothing of lines or pages. */
#ifndef CAREX_PDF_EMBED_H
#define CAREX_PDF_EMBED_H

#include <stdint.h>

#include <hpdf.h>

#include "font.h"
#include "fontcache.h"
#include "pdfzip.h"
#include "util/err.h"

/* One face in one document. */
struct embed {
	HPDF_Font	 font;	/* belongs to the document */
	struct fontsub	*fs;	/* the subset, referenced until embed_free() */
};

/* Make f, cut to the code points in u (which must use some) and every
 * printable ASCII character f has, a font of pdf: a Type0 font with
 * Identity-H codes that are the subset's glyph ids. The subset comes
 * from fc when an earlier document used the same glyphs, else it is cut
 * and compressed with pz and offered to fc (NULL: no cache). e->font
 * belongs to pdf; the caller releases e with embed_free() (also after a
 * failure), after pdf is written: its objects borrow from e->fs. -1
 * with err. */
int	embed_font(HPDF_Doc pdf, struct pdfzip *pz, struct fontcache *fc,
	    const struct face *f, const struct fontuse *u, struct embed *e,
	    struct carex_err *err);
void	embed_free(struct fontcache *fc, struct embed *e);

/* The two-byte code that shows cp in e: its glyph id in the subset. */
static inline unsigned int
embed_code(const struct face *f, const struct embed *e, uint32_t cp)
{
	return cp < FONT_NCP ? e->fs->sub[f->gid[cp]] : 0;
}

#endif
