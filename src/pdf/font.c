/* SPDX-License-Identifier: MIT */
/* font.c - faces and their tables (font.h): widths for measuring, the
 * glyph of each code point and the metrics a PDF font descriptor needs,
 * built once per process. Embedding per document is embed.c; nothing
 * here knows about lines, pages or PDF. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb.h>
#include <hb-ot.h>

#include "font.h"

size_t
utf8_decode_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t	c;
	size_t		len, i;

	if (n == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		len = 2;
		c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3;
		c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4;
		c &= 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are not text. */
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
	    (len == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Big-endian fields of a font table; 0 past its end. */
static int
be16(const char *p, unsigned int len, unsigned int off)
{
	if (off + 2 > len)
		return 0;
	return (int16_t)(((unsigned)(unsigned char)p[off] << 8) |
	    (unsigned char)p[off + 1]);
}

static uint32_t
be32(const char *p, unsigned int len, unsigned int off)
{
	if (off + 4 > len)
		return 0;
	return ((uint32_t)(unsigned char)p[off] << 24) |
	    ((uint32_t)(unsigned char)p[off + 1] << 16) |
	    ((uint32_t)(unsigned char)p[off + 2] << 8) |
	    (unsigned char)p[off + 3];
}

static int
em1000(int v, unsigned int upem)
{
	return (int)((long)v * 1000 / (long)upem);
}

/* What a PDF font descriptor says of the face: bounding box ('head'),
 * italic angle and fixed pitch ('post'), cap height and weight ('OS/2').
 * Missing tables leave plausible defaults: the descriptor only guides a
 * viewer that cannot use the embedded font. */
static void
descriptor_metrics(struct face *f, hb_font_t *font, unsigned int upem)
{
	hb_blob_t		*t;
	hb_position_t		 cap;
	const char		*p;
	unsigned int		 len;
	int			 i;

	t = hb_face_reference_table(f->hb, HB_TAG('h', 'e', 'a', 'd'));
	p = hb_blob_get_data(t, &len);
	for (i = 0; i < 4; i++)
		f->bbox[i] = em1000(be16(p, len, 36 + 2 * (unsigned)i), upem);
	hb_blob_destroy(t);
	t = hb_face_reference_table(f->hb, HB_TAG('p', 'o', 's', 't'));
	p = hb_blob_get_data(t, &len);
	/* italicAngle is a 16.16 fixed-point number. */
	f->italic = (int)((int32_t)be32(p, len, 4) / 65536);
	f->fixed = be32(p, len, 12) != 0;
	hb_blob_destroy(t);
	t = hb_face_reference_table(f->hb, HB_TAG('O', 'S', '/', '2'));
	p = hb_blob_get_data(t, &len);
	f->weight = len >= 6 ? (uint16_t)be16(p, len, 4) : 400;
	hb_blob_destroy(t);
	f->asc1000 = (int)(f->ascent * 1000);
	f->desc1000 = -(int)(f->descent * 1000);
	f->cap1000 = hb_ot_metrics_get_position(font,
	    HB_OT_METRICS_TAG_CAP_HEIGHT, &cap) && cap > 0 ?
	    em1000(cap, upem) : f->asc1000 * 7 / 10;
}

int
font_load(struct face *f, const char *path, const char *name, int fallback,
    struct carex_err *err)
{
	hb_font_t		*font = NULL;
	hb_set_t		*set = NULL;
	hb_font_extents_t	 ext;
	hb_codepoint_t		 cp = HB_SET_VALUE_INVALID, gid;
	unsigned int		 upem;
	unsigned long		 w;

	memset(f, 0, sizeof(*f));
	(void)snprintf(f->name, sizeof(f->name), "%s", name); /* short names */
	/* hb_blob_create_from_file_or_fail maps the file: nothing copied. */
	if ((f->blob = hb_blob_create_from_file_or_fail(path)) == NULL) {
		err_set(err, CAREX_EUSAGE, "cannot read font %s", path);
		goto fail;
	}
	f->hb = hb_face_create(f->blob, 0);
	upem = hb_face_get_upem(f->hb);
	f->nglyphs = hb_face_get_glyph_count(f->hb);
	/* Glyph ids are 16 bits in a PDF's Identity-H codes. */
	if (f->nglyphs == 0 || f->nglyphs > 0xffff || upem < 16 ||
	    upem > 16384) {
		err_set(err, CAREX_EUSAGE, "%s is not a usable TrueType font",
		    path);
		goto fail;
	}
	f->w1000 = malloc(FONT_NCP * sizeof(*f->w1000));
	f->gid = calloc(FONT_NCP, sizeof(*f->gid));
	f->gw1000 = calloc(f->nglyphs, sizeof(*f->gw1000));
	if (f->w1000 == NULL || f->gid == NULL || f->gw1000 == NULL) {
		err_set(err, CAREX_ESYS, "out of memory loading %s", path);
		goto fail;
	}
	memset(f->w1000, 0xff, FONT_NCP * sizeof(*f->w1000));
	font = hb_font_create(f->hb);
	/* hb_font_create scales to upem: advances are font units. */
	for (gid = 0; gid < f->nglyphs; gid++) {
		w = (unsigned long)hb_font_get_glyph_h_advance(font, gid);
		w = w * 1000 / upem;
		f->gw1000[gid] = w >= FONT_NOGLYPH ? FONT_NOGLYPH - 1 :
		    (uint16_t)w;
	}
	set = hb_set_create();
	hb_face_collect_unicodes(f->hb, set);
	while (hb_set_next(set, &cp) && cp < FONT_NCP) {
		if (!hb_font_get_nominal_glyph(font, cp, &gid) || gid == 0 ||
		    gid >= f->nglyphs)
			continue;
		f->gid[cp] = (uint16_t)gid;
		f->w1000[cp] = f->gw1000[gid];
	}
	f->fallback = fallback;
	if (!fallback && (font_w1000(f, ' ') < 0 || font_w1000(f, '0') < 0)) {
		err_set(err, CAREX_EUSAGE, "%s lacks basic Latin", path);
		goto fail;
	}
	f->upem = upem;
	if (hb_font_get_h_extents(font, &ext) && ext.ascender > 0) {
		f->ascent = (float)ext.ascender / (float)upem;
		f->descent = (float)-ext.descender / (float)upem;
	} else {
		f->ascent = 0.9f;
		f->descent = 0.21f;
	}
	descriptor_metrics(f, font, upem);
	hb_set_destroy(set);
	/* Kept for shaping; immutable, so threads may shape with it. */
	hb_font_make_immutable(font);
	f->font = font;
	return 0;
fail:
	hb_set_destroy(set);
	hb_font_destroy(font);
	font_unload(f);
	return -1;
}

void
font_unload(struct face *f)
{
	if (f == NULL)
		return;
	free(f->w1000);
	free(f->gid);
	free(f->gw1000);
	hb_font_destroy(f->font);
	hb_face_destroy(f->hb);
	hb_blob_destroy(f->blob);
	memset(f, 0, sizeof(*f));
}

int
font_shaped(uint32_t cp)
{
	if ((cp >= 0x0590 && cp <= 0x08ff) || (cp >= 0xfb1d && cp <= 0xfdff) ||
	    (cp >= 0xfe70 && cp <= 0xfefe))
		return SHAPE_RTL;	/* Hebrew, Arabic, Syriac, Thaana */
	if ((cp >= 0x0900 && cp <= 0x0dff) || (cp >= 0xa8e0 && cp <= 0xa8ff) ||
	    (cp >= 0x1cd0 && cp <= 0x1cff))
		return SHAPE_LTR;	/* Indic */
	return 0;
}

/* Scripts whose shaping carex has not been tried with (and has no fonts
 * for): refused rather than printed as letters nobody could read. */
static const char *
unshaped(uint32_t cp)
{
	if ((cp >= 0x0f00 && cp <= 0x109f) || (cp >= 0x1780 && cp <= 0x18af))
		return "is Tibetan, Myanmar, Khmer or Mongolian, which the "
		    "typesetter has not been set up to shape";
	return NULL;
}

/* Format characters that only guide line breaking or joining: a word
 * joiner, zero-width space and joiners, a soft hyphen (we never break
 * there), direction marks, a byte order mark. Dropped from the page
 * rather than refused: the text reads the same without them. */
static int
invisible(uint32_t cp)
{
	return cp == 0x00ad || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2060 && cp <= 0x2064) || cp == 0xfeff;
}

static int
bidi_control(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

static int
private_use(uint32_t cp)
{
	return (cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000;
}

void
font_pick_build(uint8_t *pick, const struct face *faces, int nfaces)
{
	uint8_t		*row;
	uint32_t	 cp;
	int		 s, k;

	for (s = 0; s < FACE_COUNT; s++) {
		row = pick + (size_t)s * FONT_NCP;
		for (cp = 0; cp < FONT_NCP; cp++) {
			row[cp] = PICK_NONE;
			if (invisible(cp)) {
				row[cp] = PICK_SKIP;
				continue;
			}
			if (unshaped(cp) || bidi_control(cp) ||
			    private_use(cp) || cp < 0x20 ||
			    (cp >= 0x7f && cp < 0xa0))
				continue;
			if (faces[s].w1000[cp] != FONT_NOGLYPH) {
				row[cp] = (uint8_t)s;
				continue;
			}
			for (k = FACE_COUNT; k < nfaces; k++)
				if (faces[k].w1000[cp] != FONT_NOGLYPH) {
					row[cp] = (uint8_t)k;
					break;
				}
		}
	}
}

const char *
font_why(const uint8_t *pick, int face, uint32_t cp)
{
	const char	*why;

	if (font_pick(pick, face, cp) < PICK_SKIP)
		return "can be printed";
	if (private_use(cp))
		return "is a private-use character: what it shows depends on "
		    "the font, so it cannot be printed reliably";
	if (cp >= FONT_NCP)
		return "is outside the Basic Multilingual Plane (emoji, "
		    "historic scripts, rare ideographs), which the "
		    "typesetter's fonts do not cover";
	if ((why = unshaped(cp)) != NULL)
		return why;
	if (bidi_control(cp))
		return "is a bidirectional control, which the typesetter "
		    "does not apply";
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return "is a control character";
	return "has no glyph in any configured font";
}

int
fontuse_glyph(struct fontuse *u, uint32_t gid, uint32_t cp)
{
	uint32_t	*v, c;

	if (u->nglyphs == u->capglyphs) {
		c = u->capglyphs ? u->capglyphs * 2 : 64;
		if (c > (1u << 20) || (v = reallocarray(u->glyphs, c,
		    sizeof(*v))) == NULL)
			return -1;
		u->glyphs = v;
		u->capglyphs = c;
	}
	u->glyphs[u->nglyphs++] = gid << 16 | (cp & 0xffff);
	return 0;
}

void
fontuse_free(struct fontuse *u)
{
	if (u == NULL)
		return;
	free(u->glyphs);
	u->glyphs = NULL;
	u->nglyphs = u->capglyphs = 0;
}
