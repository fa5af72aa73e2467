/* SPDX-License-Identifier: MIT */
/* shape.c - runs of Arabic-script, Hebrew and Indic text through HarfBuzz:
 * where such a run starts and ends, its width, and its glyphs in visual
 * order with their positions. Everything else is set code point by code
 * point (lines.c measures, draw.c shows); a run is always measured and
 * shown through here, so both agree. No paragraph bidi: a run of
 * right-to-left words (with the spaces between them) is reversed as a
 * whole inside a left-to-right line, which is how a name or an address
 * line in Arabic or Urdu reads in an English letter. */
#include "config.h"

#include <hb.h>

#include "flow.h"

static int
joiner(uint32_t cp)
{
	return cp == 0x200c || cp == 0x200d;	/* ZWNJ, ZWJ: shaping input */
}

uint32_t
shape_span(const struct render *r, int face, const unsigned char *p,
    uint32_t i, uint32_t len, unsigned int *kp, int *dirp)
{
	uint32_t	cp, j, q;
	size_t		n;
	unsigned int	k;
	int		d;

	if ((n = utf8_decode(p + i, len - i, &cp)) == 0)
		return i;
	*kp = k = font_pick(r->pick, face, cp);
	*dirp = d = font_shaped(cp);
	for (j = i + (uint32_t)n; j < len; j += (uint32_t)n) {
		if ((n = utf8_decode(p + j, len - j, &cp)) == 0)
			break;
		if ((font_shaped(cp) == d && font_pick(r->pick, face, cp) == k) ||
		    joiner(cp))
			continue;
		if (d != SHAPE_RTL || cp != ' ')
			break;
		/* Spaces between right-to-left words belong to the run. */
		for (q = j; q < len && p[q] == ' '; q++)
			;
		if (q == len || utf8_decode(p + q, len - q, &cp) == 0 ||
		    font_shaped(cp) != d || font_pick(r->pick, face, cp) != k)
			break;
		n = q - j;
	}
	return j;
}

hb_buffer_t *
shape_run(const struct face *f, const unsigned char *s, uint32_t len, int dir)
{
	hb_buffer_t	*b = hb_buffer_create();

	hb_buffer_add_utf8(b, (const char *)s, (int)len, 0, (int)len);
	hb_buffer_set_direction(b, dir == SHAPE_RTL ? HB_DIRECTION_RTL :
	    HB_DIRECTION_LTR);
	hb_buffer_guess_segment_properties(b);
	hb_shape(f->font, b, NULL, 0);
	if (!hb_buffer_allocation_successful(b)) {
		hb_buffer_destroy(b);
		return NULL;
	}
	return b;
}

long
shape_advance(const struct face *f, const hb_glyph_info_t *g,
    const hb_glyph_position_t *pos, const unsigned char *s, int spacew)
{
	/* A space keeps the main face's width, the one line breaking and
	 * justification counted. */
	if (s[g->cluster] == ' ')
		return spacew;
	return (long)pos->x_advance * 1000 / (long)f->upem;
}

long
shape_width(const struct face *f, const unsigned char *s, uint32_t len,
    int dir, int spacew)
{
	hb_buffer_t		*b;
	hb_glyph_info_t		*g;
	hb_glyph_position_t	*pos;
	unsigned int		 n, i;
	long			 w = 0;

	if ((b = shape_run(f, s, len, dir)) == NULL)
		return -1;
	g = hb_buffer_get_glyph_infos(b, &n);
	pos = hb_buffer_get_glyph_positions(b, NULL);
	for (i = 0; i < n; i++)
		w += shape_advance(f, &g[i], &pos[i], s, spacew);
	hb_buffer_destroy(b);
	return w;
}
