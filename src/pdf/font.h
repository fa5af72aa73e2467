/* SPDX-License-Identifier: MIT */
/* font.h - the four Liberation Sans faces and the fallback faces behind
 * them: loaded once, measured from read-only width tables, each code
 * point shown by the first face that has it; embed.h makes them PDF
 * fonts per document. Knows glyphs and widths; nothing of lines or pages. */
#ifndef CAREX_PDF_FONT_H
#define CAREX_PDF_FONT_H

#include <stdint.h>

#include <hb.h>

#include "util/err.h"

/* Faces are bit sets so that "make it bold" is face | FACE_BOLD. */
enum face_id {
	FACE_REGULAR = 0,
	FACE_BOLD = 1,
	FACE_ITALIC = 2,
	FACE_BOLDITALIC = 3,
	FACE_COUNT = 4
};

#define FONT_NOGLYPH	0xffffu	/* width table entry: no glyph */
#define FONT_NCP	0x10000u	/* the BMP: what the tables cover */

/* Fallback faces come after the four main ones in one array; a face
 * index fits the uint8_t of a pick table and of a drawing operation. */
#define FONT_MAXFALLBACK	8
#define FONT_MAXFACES		(FACE_COUNT + FONT_MAXFALLBACK)

/* Pick table entries that are not a face index. */
#define PICK_SKIP	0xfeu	/* an invisible format character: not drawn */
#define PICK_NONE	0xffu	/* no face can show it: refused */

/* One loaded face. Read-only after font_load(), so threads may share it. */
struct face {
	hb_blob_t	*blob;
	hb_face_t	*hb;
	hb_font_t	*font;		/* immutable: shaping (shape.c) */
	unsigned int	 upem;
	char		 name[64];	/* PostScript-ish name for messages */
	/* Advance of each BMP code point in 1/1000 em, truncated exactly as
	 * a PDF /W entry holds it (advance * 1000 / unitsPerEm), so what we
	 * measure is what a viewer places; FONT_NOGLYPH when absent. */
	uint16_t	*w1000;
	uint16_t	*gid;		/* glyph of each BMP code point, or 0 */
	uint16_t	*gw1000;	/* advance of each glyph, as w1000 */
	uint32_t	 nglyphs;
	float		 ascent;	/* fractions of the em, positive */
	float		 descent;
	/* For the PDF font descriptor, in 1/1000 em. */
	int		 bbox[4];	/* xMin yMin xMax yMax */
	int		 asc1000, desc1000, cap1000;
	int		 italic;	/* italic angle, degrees */
	int		 weight;	/* OS/2 usWeightClass, 400 regular */
	int		 fixed;		/* monospaced */
	int		 fallback;	/* only for what the main faces lack */
};

/* The code points one document uses in one face. Lives on the heap in
 * the render context (8 KB per face). Shaped text (shape.c) shows glyphs
 * no code point maps to (an Arabic letter's initial form, a Gurmukhi
 * conjunct): those are listed as (glyph << 16 | the code point it
 * extracts to), malloc'd, freed with fontuse_free(). */
struct fontuse {
	uint64_t	 bits[FONT_NCP / 64];
	uint32_t	 n;		/* distinct code points */
	uint32_t	 maxcp;
	uint32_t	*glyphs;
	uint32_t	 nglyphs, capglyphs;
};

/* Add a shaped glyph; -1 when out of memory. */
int		 fontuse_glyph(struct fontuse *u, uint32_t gid, uint32_t cp);
void		 fontuse_free(struct fontuse *u);

/* 0 for a code point shown by its nominal glyph; SHAPE_LTR or SHAPE_RTL
 * for the scripts HarfBuzz must shape (shape.c): Indic (Devanagari,
 * Gurmukhi, Bengali and the rest), and Arabic-script and Hebrew, which
 * also run right to left. */
#define SHAPE_LTR	1
#define SHAPE_RTL	2
int		 font_shaped(uint32_t cp);

/* Load path into f; a main face must have basic Latin, a fallback face
 * (fallback set) need not. Takes nothing; font_unload() frees. -1 with
 * err. */
int		 font_load(struct face *f, const char *path, const char *name,
		    int fallback, struct carex_err *err);
void		 font_unload(struct face *f);

/* Width of cp in 1/1000 em, or -1 when the face has no glyph for it. */
static inline int
font_w1000(const struct face *f, uint32_t cp)
{
	uint16_t	w;

	if (cp >= FONT_NCP)
		return -1;
	w = f->w1000[cp];
	return w == FONT_NOGLYPH ? -1 : (int)w;
}

/* The face that shows cp where the text asks for face (FACE_*): an index
 * into the faces the pick table was built over (font_pick_build()), or
 * PICK_SKIP or PICK_NONE. Past the BMP nothing is shown. */
static inline unsigned int
font_pick(const uint8_t *pick, int face, uint32_t cp)
{
	return cp < FONT_NCP ? pick[(size_t)face * FONT_NCP + cp] : PICK_NONE;
}

/* Fill pick (FACE_COUNT * FONT_NCP entries) for faces[0..nfaces): the
 * main face of each style when it has the glyph, else the first fallback
 * that has it; invisible format characters skip, and private use,
 * controls, bidi overrides and scripts shape.c has not been set up for
 * are refused whatever the fonts hold. */
void		 font_pick_build(uint8_t *pick, const struct face *faces,
		    int nfaces);

/* Why font_pick() refuses cp, as a phrase to follow "U+XXXX ...":
 * "has no glyph in any configured font" and the like. */
const char	*font_why(const uint8_t *pick, int face, uint32_t cp);

static inline void
fontuse_add(struct fontuse *u, uint32_t cp)
{
	uint64_t	m;

	if (cp >= FONT_NCP)
		return;
	m = (uint64_t)1 << (cp & 63);
	if ((u->bits[cp >> 6] & m) == 0) {
		u->bits[cp >> 6] |= m;
		u->n++;
		if (cp > u->maxcp)
			u->maxcp = cp;
	}
}

/* utf8_decode() past ASCII. */
size_t		 utf8_decode_seq(const unsigned char *s, size_t n,
		    uint32_t *cp);

/* Decode one UTF-8 sequence at s (n bytes available) into *cp; returns
 * its length, or 0 when the bytes are not valid UTF-8. Inline for ASCII:
 * every character of a document goes through here three times or more
 * (measure, collect, show). */
static inline size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (n > 0 && s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	return utf8_decode_seq(s, n, cp);
}

#endif
