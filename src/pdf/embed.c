/* SPDX-License-Identifier: MIT */
/* embed.c - a face as a font of one PDF document (embed.h). hb-subset
 * cuts the face to the code points used, rounded up to printable ASCII so
 * that documents share cuts through the cache (fontcache.c), which keeps
 * each compressed, with its /W and ToUnicode. The PDF objects are built
 * per document with libharu's object API (its installed internal
 * headers): a Type0 font with Identity-H codes, its CIDFontType2 with /W
 * for the subset's glyphs only and an Identity CIDToGIDMap, the font
 * descriptor, the subset as FontFile2, and a ToUnicode CMap. Codes are
 * the subset's glyph ids, so nothing walks the 65,536 code points per
 * face the way HPDF_GetFont does for a UTF-8 font (most of a render's
 * time before).
 * Nothing here knows about lines or pages. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hb.h>
#include <hb-subset.h>

#include "util/buf.h"
#include "embed.h"
#include "fontcache.h"
#include "pdfzip.h"

/* Printable ASCII: in every subset of a face, used or not. */
#define ASCII_FIRST	0x20
#define ASCII_LAST	0x7e

/* Tables a PDF viewer does not read from an embedded CIDFontType2
 * (layout, colour, variations, bitmaps, hinting helpers): dropping them
 * makes the cut faster and the file smaller. */
static const char *const drop_tags[] = {
	"GSUB", "GPOS", "GDEF", "kern", "DSIG", "gasp", "hdmx", "VDMX",
	"LTSH", "PCLT", "meta", "JSTF", "BASE", "vhea", "vmtx", "MATH",
	"morx", "feat", "prop", "trak", "fvar", "gvar", "avar", "STAT",
	"HVAR", "MVAR", "cvar", "COLR", "CPAL", "SVG ", "sbix", "CBDT",
	"CBLC", "EBDT", "EBLC", "EBSC"
};

/* The plan that cuts f to the code points of key, or NULL. The caller
 * destroys it. */
static hb_subset_plan_t *
plan_make(const struct face *f, const uint32_t *key, uint32_t nkey)
{
	hb_subset_input_t	*in;
	hb_subset_plan_t	*plan;
	hb_set_t		*s, *g;
	size_t			 i;
	uint32_t		 k;

	if ((in = hb_subset_input_create_or_fail()) == NULL)
		return NULL;
	/* By glyph as well as by code point: a shaped glyph (an initial
	 * form, a conjunct) has no code point that maps to it, and GSUB,
	 * which would lead to it, is dropped. */
	s = hb_subset_input_unicode_set(in);
	g = hb_subset_input_glyph_set(in);
	for (k = 0; k < nkey; k++) {
		if ((key[k] & 0xffff) != 0)
			hb_set_add(s, key[k] & 0xffff);
		hb_set_add(g, key[k] >> 16);
	}
	/* Hints are not needed in print and at screen sizes poppler and
	 * pdf.js render unhinted anyway; they are a third of the glyf bytes. */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	s = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (i = 0; i < sizeof(drop_tags) / sizeof(drop_tags[0]); i++)
		hb_set_add(s, HB_TAG(drop_tags[i][0], drop_tags[i][1],
		    drop_tags[i][2], drop_tags[i][3]));
	/* Names: family, style and PostScript name identify the font to a
	 * reader's font tools; copyright and version strings cost half a
	 * kilobyte a face. */
	s = hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID);
	hb_set_clear(s);
	hb_set_add(s, 1);
	hb_set_add(s, 2);
	hb_set_add(s, 6);
	plan = hb_subset_plan_create_or_fail(f->hb, in);
	hb_subset_input_destroy(in);	/* the plan keeps what it needs */
	return plan;
}

static void
font_attr_free(HPDF_Dict font)
{
	HPDF_FreeMem(font->mmgr, font->attr);
	font->attr = NULL;
}

/* The Type0 font dictionary, registered with the document. libharu's
 * page functions accept it as a font (HPDF_Font_Validate: the font
 * subclass and an attribute record); only the writing mode of the record
 * is ever read, since text is written by draw.c, not HPDF_Page_ShowText. */
static HPDF_Dict
type0_new(HPDF_Doc pdf)
{
	HPDF_Dict	font;
	HPDF_FontAttr	attr;

	if ((font = HPDF_Dict_New(pdf->mmgr)) == NULL)
		return NULL;
	if ((attr = HPDF_GetMem(pdf->mmgr, sizeof(*attr))) == NULL) {
		HPDF_Dict_Free(font);
		return NULL;
	}
	memset(attr, 0, sizeof(*attr));
	attr->type = HPDF_FONT_TYPE0_TT;
	attr->writing_mode = HPDF_WMODE_HORIZONTAL;
	attr->xref = pdf->xref;
	font->header.obj_class |= HPDF_OSUBCLASS_FONT;
	font->attr = attr;
	font->free_fn = font_attr_free;
	/* From here the document owns it: HPDF_Xref_Add frees it on
	 * failure, HPDF_Free otherwise, through font_attr_free. */
	return HPDF_Xref_Add(pdf->xref, font) == HPDF_OK ? font : NULL;
}

/* An indirect dictionary owned by the document, or NULL. */
static HPDF_Dict
dict_new(HPDF_Doc pdf)
{
	HPDF_Dict	d;

	if ((d = HPDF_Dict_New(pdf->mmgr)) == NULL)
		return NULL;
	return HPDF_Xref_Add(pdf->xref, d) == HPDF_OK ? d : NULL;
}

/* A stream object holding the n bytes at z, deflated by pdfzip. Owned
 * by the document; NULL on failure. */
static HPDF_Dict
stream_new(HPDF_Doc pdf, const void *z, size_t n)
{
	HPDF_Dict	d;

	if ((d = HPDF_DictStream_New(pdf->mmgr, pdf->xref)) == NULL)
		return NULL;
	return pdfzip_put(d, z, n) == 0 ? d : NULL;
}

static char *
hex4(char *p, unsigned int v)
{
	static const char	digits[] = "0123456789ABCDEF";

	p[0] = digits[(v >> 12) & 15];
	p[1] = digits[(v >> 8) & 15];
	p[2] = digits[(v >> 4) & 15];
	p[3] = digits[v & 15];
	return p + 4;
}

/* One bfchar or bfrange section of at most 100 entries (the CMap
 * specification's limit per section). kind is "bfchar" or "bfrange". */
static int
cmap_section(struct buf *b, const char *kind, const char *lines, size_t len,
    unsigned int n)
{
	if (n == 0)
		return 0;
	return buf_printf(b, "%u begin%s\n", n, kind) == -1 ||
	    buf_add(b, lines, len) == -1 ||
	    buf_printf(b, "end%s\n", kind) == -1 ? -1 : 0;
}

/* The ToUnicode CMap: subset glyph id -> code point, for the n glyphs
 * whose code points uni[] holds (0: a glyph only other glyphs use).
 * Consecutive glyphs with consecutive code points below U+0100 are one
 * bfrange, as long as only the last byte of both varies (a bfrange may
 * vary no other); the rest are bfchar. Ghostscript (10.0) reads a
 * bfrange to U+0100 or above as its low byte alone ("Łódź" comes out as
 * "Aódz"), so those are bfchar. */
static int
tounicode_build(struct buf *b, const uint16_t *uni, uint32_t n)
{
	char		 chars[100 * 14], ranges[100 * 21], *pc, *pr;
	unsigned int	 nc = 0, nr = 0;
	uint32_t	 g, e;

	if (buf_adds(b, "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n") ==
	    -1)
		return -1;
	pc = chars;
	pr = ranges;
	for (g = 1; g < n; g = e + 1) {
		e = g;
		if (uni[g] == 0)
			continue;
		while (e + 1 < n && ((e + 1) & 0xff) != 0 && uni[e + 1] ==
		    uni[e] + 1 && uni[e + 1] < 0x100)
			e++;
		if (e > g) {
			*pr++ = '<';
			pr = hex4(pr, g);
			memcpy(pr, "> <", 3);
			pr = hex4(pr + 3, e);
			memcpy(pr, "> <", 3);
			pr = hex4(pr + 3, uni[g]);
			memcpy(pr, ">\n", 2);
			pr += 2;
			nr++;
		} else {
			*pc++ = '<';
			pc = hex4(pc, g);
			memcpy(pc, "> <", 3);
			pc = hex4(pc + 3, uni[g]);
			memcpy(pc, ">\n", 2);
			pc += 2;
			nc++;
		}
		if (nr == 100 || nc == 100) {
			if (cmap_section(b, "bfrange", ranges,
			    (size_t)(pr - ranges), nr) == -1 ||
			    cmap_section(b, "bfchar", chars,
			    (size_t)(pc - chars), nc) == -1)
				return -1;
			pc = chars;
			pr = ranges;
			nc = nr = 0;
		}
	}
	if (cmap_section(b, "bfrange", ranges, (size_t)(pr - ranges), nr) ==
	    -1 || cmap_section(b, "bfchar", chars, (size_t)(pc - chars), nc) ==
	    -1)
		return -1;
	return buf_adds(b, "endcmap\nCMapName currentdict /CMap "
	    "defineresource pop\nend\nend\n");
}

/* The descendant's /W, as the text of a dictionary entry: one run from
 * glyph 1 to the last, each glyph's advance as font_load() measured it,
 * so what lines.c measured is what a viewer places. Text rather than
 * libharu numbers, so that a document taking the subset from the cache
 * makes no object per glyph. (Runs of equal widths as "first last w"
 * saved 30 bytes on the letter: not worth the code.) */
static int
widths_text(struct buf *b, const struct face *f, const hb_map_t *n2o,
    uint32_t n)
{
	hb_codepoint_t	old;
	uint32_t	g;

	if (n < 2)
		return 0;
	if (buf_adds(b, "/W [1 [") == -1)
		return -1;
	for (g = 1; g < n; g++) {
		old = hb_map_get(n2o, g);
		if (buf_printf(b, g > 1 ? " %u" : "%u", old < f->nglyphs ?
		    (unsigned int)f->gw1000[old] : 0) == -1)
			return -1;
	}
	return buf_adds(b, "]]\n");
}

/* The CIDFont dictionary's write hook (libharu calls it after the
 * dictionary's own entries): its /W, from the subset in attr. */
static HPDF_STATUS
widths_write(HPDF_Dict cid, HPDF_Stream out)
{
	const struct fontsub	*s = cid->attr;

	return HPDF_Stream_Write(out, (const HPDF_BYTE *)s->w,
	    (HPDF_UINT)s->nw);
}

static HPDF_Dict
descriptor_new(HPDF_Doc pdf, const struct face *f, const char *name,
    HPDF_Dict file)
{
	HPDF_Dict	d;
	HPDF_Array	box;
	int		i, bad = 0;

	if ((d = dict_new(pdf)) == NULL || (box = HPDF_Array_New(pdf->mmgr))
	    == NULL || HPDF_Dict_Add(d, "FontBBox", box) != HPDF_OK)
		return NULL;
	for (i = 0; i < 4; i++)
		bad |= HPDF_Array_AddNumber(box, f->bbox[i]) != HPDF_OK;
	/* Flags: nonsymbolic (a Latin text face), italic, fixed pitch.
	 * StemV is not in a TrueType font; viewers use it only to pick a
	 * stand-in for a font they cannot load, so a weight guess does. */
	bad |= HPDF_Dict_AddName(d, "Type", "FontDescriptor") != HPDF_OK;
	bad |= HPDF_Dict_AddName(d, "FontName", name) != HPDF_OK;
	bad |= HPDF_Dict_AddNumber(d, "Flags", 32 | (f->italic != 0 ? 64 : 0) |
	    (f->fixed ? 1 : 0)) != HPDF_OK;
	bad |= HPDF_Dict_AddNumber(d, "ItalicAngle", f->italic) != HPDF_OK;
	bad |= HPDF_Dict_AddNumber(d, "Ascent", f->asc1000) != HPDF_OK;
	bad |= HPDF_Dict_AddNumber(d, "Descent", f->desc1000) != HPDF_OK;
	bad |= HPDF_Dict_AddNumber(d, "CapHeight", f->cap1000) != HPDF_OK;
	bad |= HPDF_Dict_AddNumber(d, "StemV", f->weight >= 600 ? 120 : 80) !=
	    HPDF_OK;
	bad |= HPDF_Dict_Add(d, "FontFile2", file) != HPDF_OK;
	return bad ? NULL : d;
}

/* The CIDFontType2 of subset s: glyph ids are CIDs (Identity
 * CIDToGIDMap). The dictionary borrows s (its /W) until it is written. */
static HPDF_Dict
cidfont_new(HPDF_Doc pdf, struct fontsub *s, HPDF_Dict desc)
{
	HPDF_Dict	cid, info;
	int		bad = 0;

	if ((cid = dict_new(pdf)) == NULL ||
	    (info = HPDF_Dict_New(pdf->mmgr)) == NULL ||
	    HPDF_Dict_Add(cid, "CIDSystemInfo", info) != HPDF_OK)
		return NULL;
	bad |= HPDF_Dict_Add(info, "Registry", HPDF_String_New(pdf->mmgr,
	    "Adobe", NULL)) != HPDF_OK;
	bad |= HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pdf->mmgr,
	    "Identity", NULL)) != HPDF_OK;
	bad |= HPDF_Dict_AddNumber(info, "Supplement", 0) != HPDF_OK;
	bad |= HPDF_Dict_AddName(cid, "Type", "Font") != HPDF_OK;
	bad |= HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2") != HPDF_OK;
	bad |= HPDF_Dict_AddName(cid, "BaseFont", s->name) != HPDF_OK;
	bad |= HPDF_Dict_Add(cid, "FontDescriptor", desc) != HPDF_OK;
	bad |= HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity") != HPDF_OK;
	if (s->w != NULL) {
		/* A plain dictionary: libharu neither reads nor frees attr. */
		cid->attr = s;
		cid->write_fn = widths_write;
	}
	return bad ? NULL : cid;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The key of f's subset for the code points in u (fontcache.h): every
 * glyph those and printable ASCII reach, each with the lowest of those
 * code points that shows it (text extraction gives a space for a
 * no-break space), sorted. The subset, its widths and its ToUnicode are
 * functions of the key alone; rounding up to ASCII makes most documents
 * in one language share a key per face, at some 60 glyphs a face more
 * in a typical document. malloc'd into *keyp, *nkey long; -1. */
static int
key_make(const struct face *f, const struct fontuse *u, uint32_t **keyp,
    uint32_t *nkey)
{
	uint32_t	*key, n = 0, i, k, w, cp;
	uint64_t	 bits;

	key = malloc((u->n + u->nglyphs + ASCII_LAST - ASCII_FIRST + 1) *
	    sizeof(*key));
	if (key == NULL)
		return -1;
	/* A fallback face never shows ASCII (every main face has it): its
	 * cut is only what the document uses. */
	for (cp = ASCII_FIRST; cp <= ASCII_LAST && !f->fallback; cp++)
		if (f->gid[cp] != 0)
			key[n++] = (uint32_t)f->gid[cp] << 16 | cp;
	for (w = 0; w <= u->maxcp / 64; w++) {
		for (bits = u->bits[w]; bits != 0; bits &= bits - 1) {
			cp = w * 64 + (uint32_t)__builtin_ctzll(bits);
			if ((cp < ASCII_FIRST || cp > ASCII_LAST) &&
			    f->gid[cp] != 0)	/* else lines.c refused it */
				key[n++] = (uint32_t)f->gid[cp] << 16 | cp;
		}
	}
	/* Shaped glyphs (shape.c), with their cluster's code point or 0. */
	for (i = 0; i < u->nglyphs; i++)
		key[n++] = u->glyphs[i];
	qsort(key, n, sizeof(*key), cmp_u32);
	/* One entry per glyph, the first: its lowest code point, 0 (none)
	 * only when it has none. */
	for (i = k = 0; i < n; i++)
		if (k == 0 || key[i] >> 16 != key[k - 1] >> 16)
			key[k++] = key[i];
		else if ((key[k - 1] & 0xffff) == 0)
			key[k - 1] = key[i];
	*keyp = key;
	*nkey = k;
	return 0;
}

/* Fill s->sub (by the face's glyph) and uni (by subset glyph, n long)
 * from the key; -1 when a glyph is missing from the plan. */
static int
maps_fill(struct fontsub *s, const hb_map_t *o2n, uint16_t *uni, uint32_t n)
{
	hb_codepoint_t	new;
	uint32_t	k, old;

	for (k = 0; k < s->nkey; k++) {
		old = s->key[k] >> 16;
		new = hb_map_get(o2n, old);
		if (new == HB_MAP_VALUE_INVALID || new >= n)
			return -1;
		s->sub[old] = (uint16_t)new;
		uni[new] = (uint16_t)(s->key[k] & 0xffff);
	}
	return 0;
}

/* A malloc'd copy of the n bytes at p, deflated, into *out, *outlen
 * long; -1. */
static int
deflate_copy(struct pdfzip *pz, const void *p, size_t n,
    unsigned char **out, size_t *outlen)
{
	const unsigned char	*z;

	if (pdfzip_deflate(pz, p, n, &z, outlen) == -1 ||
	    (*out = malloc(*outlen)) == NULL)
		return -1;
	memcpy(*out, z, *outlen);
	return 0;
}

/* Cut s->face to the code points of s's key and fill in the rest of s:
 * the deflated program, the glyph map, /W, the deflated ToUnicode. The
 * cache miss: everything here costs, nothing depends on the document.
 * -1 on failure (s then holds what was made, for fontcache_release). */
static int
subset_cut(struct fontsub *s, struct pdfzip *pz)
{
	const struct face	*f = s->face;
	hb_subset_plan_t	*plan = NULL;
	hb_face_t		*sub = NULL;
	hb_blob_t		*blob = NULL;
	const hb_map_t		*o2n, *n2o;
	struct buf		 tou, w;
	uint16_t		*uni = NULL;
	const char		*data;
	unsigned int		 len;
	uint32_t		 n;
	int			 rc = -1;

	buf_init(&tou, 1u << 20);
	buf_init(&w, 1u << 20);
	if ((plan = plan_make(f, s->key, s->nkey)) == NULL ||
	    (sub = hb_subset_plan_execute_or_fail(plan)) == NULL)
		goto fail;
	blob = hb_face_reference_blob(sub);
	data = hb_blob_get_data(blob, &len);
	o2n = hb_subset_plan_old_to_new_glyph_mapping(plan);
	n2o = hb_subset_plan_new_to_old_glyph_mapping(plan);
	n = hb_face_get_glyph_count(sub);
	if (len == 0 || n == 0 || n > 0xffff ||
	    (s->sub = calloc(f->nglyphs, sizeof(*s->sub))) == NULL ||
	    (uni = calloc(n, sizeof(*uni))) == NULL ||
	    maps_fill(s, o2n, uni, n) == -1 ||
	    tounicode_build(&tou, uni, n) == -1 ||
	    widths_text(&w, f, n2o, n) == -1 ||
	    deflate_copy(pz, data, len, &s->prog, &s->nprog) == -1 ||
	    deflate_copy(pz, tou.data, tou.len, &s->tou, &s->ntou) == -1 ||
	    (w.len > 0 && (s->w = malloc(w.len)) == NULL))
		goto fail;
	if (w.len > 0)
		memcpy(s->w, w.data, w.len);
	s->nw = w.len;
	s->rawlen = len;
	s->bytes = sizeof(*s) + s->nkey * sizeof(*s->key) +
	    f->nglyphs * sizeof(*s->sub) + s->nprog + s->ntou + s->nw;
	rc = 0;
fail:
	free(uni);
	buf_free(&w);
	buf_free(&tou);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	hb_subset_plan_destroy(plan);
	return rc;
}

/* The objects of e's subset of f in pdf: the Type0 font (e->font), its
 * CIDFont, descriptor, program and ToUnicode. Every object goes to the
 * document as soon as it is made, so HPDF_Free releases whatever was
 * built if a later step fails. -1 on failure. */
static int
font_objects(HPDF_Doc pdf, const struct face *f, struct embed *e)
{
	struct fontsub	*s = e->fs;
	HPDF_Dict	 font, file, desc, cid, tou;
	HPDF_Array	 desc_fonts;

	if ((font = type0_new(pdf)) == NULL ||
	    (file = stream_new(pdf, s->prog, s->nprog)) == NULL ||
	    HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)s->rawlen) !=
	    HPDF_OK ||
	    (desc = descriptor_new(pdf, f, s->name, file)) == NULL ||
	    (cid = cidfont_new(pdf, s, desc)) == NULL ||
	    (tou = stream_new(pdf, s->tou, s->ntou)) == NULL ||
	    HPDF_Dict_AddName(font, "Type", "Font") != HPDF_OK ||
	    HPDF_Dict_AddName(font, "Subtype", "Type0") != HPDF_OK ||
	    HPDF_Dict_AddName(font, "BaseFont", s->name) != HPDF_OK ||
	    HPDF_Dict_AddName(font, "Encoding", "Identity-H") != HPDF_OK ||
	    (desc_fonts = HPDF_Array_New(pdf->mmgr)) == NULL ||
	    HPDF_Dict_Add(font, "DescendantFonts", desc_fonts) != HPDF_OK ||
	    HPDF_Array_Add(desc_fonts, cid) != HPDF_OK ||
	    HPDF_Dict_Add(font, "ToUnicode", tou) != HPDF_OK)
		return -1;
	e->font = font;
	return 0;
}

int
embed_font(HPDF_Doc pdf, struct pdfzip *pz, struct fontcache *fc,
    const struct face *f, const struct fontuse *u, struct embed *e,
    struct carex_err *err)
{
	struct fontsub	*s;
	uint32_t	*key, nkey;
	uint64_t	 hash;

	memset(e, 0, sizeof(*e));
	if (key_make(f, u, &key, &nkey) == -1) {
		err_set(err, CAREX_ESYS, "out of memory");
		return -1;
	}
	hash = fontsub_hash(f, key, nkey);
	if ((e->fs = fontcache_get(fc, f, key, nkey, hash)) != NULL) {
		free(key);
	} else {
		/* Cut outside the cache's lock: other renders go on. */
		if ((s = fontsub_new(f, key, nkey, hash)) == NULL) {
			err_set(err, CAREX_ESYS, "out of memory");
			return -1;
		}
		if (subset_cut(s, pz) == -1) {
			fontcache_release(NULL, s);	/* never shared */
			err_set(err, CAREX_EINTERNAL, "cannot subset font %s",
			    f->name);
			return -1;
		}
		e->fs = fontcache_put(fc, s);
	}
	if (font_objects(pdf, f, e) == -1) {
		err_set(err, CAREX_EINTERNAL, "libharu cannot build the font "
		    "objects of %s", f->name);
		return -1;
	}
	return 0;
}

void
embed_free(struct fontcache *fc, struct embed *e)
{
	if (e == NULL)
		return;
	fontcache_release(fc, e->fs);
	e->fs = NULL;
	e->font = NULL;
}
