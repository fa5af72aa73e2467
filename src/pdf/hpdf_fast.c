/* SPDX-License-Identifier: MIT */
/* hpdf_fast.c - faster, behaviour-identical replacements for three
 * libharu 2.3.0 internals that dominate the cost of a document.
 *
 * libharu calls these through its PLT, so definitions here take their
 * place (ELF symbol interposition). Each does exactly what the original
 * does, only faster; if a libharu build binds them internally the
 * originals run and nothing but speed changes. Why they matter: for
 * every UTF-8 font, HPDF_GetFont walks all 65,536 BMP code points,
 * looking each up in the cmap by linear search and copying the result
 * two bytes at a time (CIDFontType2_New). With three faces that was about
 * half of a letter's 5.7 ms. Measured numbers: docs/internals/typesetter.md. */
#include "config.h"

#include <string.h>

#include <hpdf.h>
#include <hpdf_fontdef.h>
#include <hpdf_utils.h>

#include "font.h"

/* Called from typeset_new() for one reason: to make a static link pull
 * this object in, since nothing else refers to it by name. */
int
hpdf_fast_linked(void)
{
	return 1;
}

/* As libharu: copy n bytes, return the end of the copy. */
HPDF_BYTE *
HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
	if (n > 0)
		memcpy(out, in, n);
	return out + n;
}

/* As libharu: fill n bytes, return the end of the filled area. */
void *
HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
	if (n > 0)
		memset(s, c, n);
	return (HPDF_BYTE *)s + n;
}

/* As libharu: the glyph of a BMP code point through the font's format 0
 * or format 4 cmap. The original scans segments from the first for the
 * first whose endCount is at least the code point; endCounts are sorted
 * (the OpenType specification requires it and hb-subset, which made
 * every font this process loads, writes them so), so a binary search
 * finds the same segment. The rest is the original's arithmetic. */
HPDF_UINT16
HPDF_TTFontDef_GetGlyphid(HPDF_FontDef fontdef, HPDF_UINT16 unicode)
{
	HPDF_TTFontDefAttr	 attr = (HPDF_TTFontDefAttr)fontdef->attr;
	const HPDF_UINT16	*end = attr->cmap.end_count;
	HPDF_UINT		 seg_count = attr->cmap.seg_count_x2 / 2;
	HPDF_UINT		 lo, hi, mid, i, idx;

	if (attr->cmap.format == 0)
		return attr->cmap.glyph_id_array[unicode & 0xff];
	if (attr->cmap.seg_count_x2 == 0) {
		HPDF_SetError(fontdef->error, HPDF_TTF_INVALID_CMAP, 0);
		return 0;
	}
	/* libharu asks for every code point in order, and most lie past
	 * the last segment before the closing 0xFFFF one: answer those
	 * with one comparison. */
	lo = 0;
	hi = seg_count;
	if (seg_count >= 2 && unicode > end[seg_count - 2])
		lo = hi = seg_count - 1;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (end[mid] < unicode)
			lo = mid + 1;
		else
			hi = mid;
	}
	i = lo;
	/* Past the last segment the original reads one element beyond the
	 * arrays; a well-formed cmap ends with 0xFFFF, so that never
	 * happens. Answer "no glyph" rather than read out of bounds. */
	if (i >= seg_count)
		return 0;
	if (attr->cmap.start_count[i] > unicode)
		return 0;
	if (attr->cmap.id_range_offset[i] == 0)
		return (HPDF_UINT16)(unicode + attr->cmap.id_delta[i]);
	idx = attr->cmap.id_range_offset[i] / 2 +
	    (unicode - attr->cmap.start_count[i]) - (seg_count - i);
	if (idx > attr->cmap.glyph_id_array_count)
		return 0;
	return (HPDF_UINT16)(attr->cmap.glyph_id_array[idx] +
	    attr->cmap.id_delta[i]);
}
