/* SPDX-License-Identifier: MIT */
/* embed.c - a face as a font of one PDF document (embed.h). hb-subset
 * cuts the face to the code points used; the PDF objects are built here
 * with libharu's object API (its installed internal headers): a Type0
 * font with Identity-H codes, its CIDFontType2 with /W for the subset's
 * glyphs only and an Identity CIDToGIDMap, the font descriptor, the
 * subset as FontFile2, and a ToUnicode CMap. Codes are the subset's
 * glyph ids, so nothing walks the 65,536 code points per face the way
 * HPDF_GetFont does for a UTF-8 font (most of a render's time before).
 * Nothing here knows about lines or pages. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hb.h>
#include <hb-subset.h>

#include "util/buf.h"
#include "embed.h"
#include "pdfzip.h"

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

static int
used(const struct fontuse *u, uint32_t cp)
{
	return cp <= u->maxcp &&
	    (u->bits[cp >> 6] & ((uint64_t)1 << (cp & 63))) != 0;
}

/* The plan that cuts f to the code points in u, or NULL. The caller
 * destroys it. */
static hb_subset_plan_t *
plan_make(const struct face *f, const struct fontuse *u)
{
	hb_subset_input_t	*in;
	hb_subset_plan_t	*plan;
	hb_set_t		*s;
	size_t			 i;
	uint32_t		 w, cp;
	uint64_t		 bits;

	if ((in = hb_subset_input_create_or_fail()) == NULL)
		return NULL;
	s = hb_subset_input_unicode_set(in);
	for (w = 0; w <= u->maxcp / 64; w++) {
		for (bits = u->bits[w]; bits != 0; bits &= bits - 1) {
			cp = w * 64 + (uint32_t)__builtin_ctzll(bits);
			hb_set_add(s, cp);
		}
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

/* "ABCDEF+Name": a subset's name carries a tag of six capitals (ISO
 * 32000-1 9.6.4). Derived from the face and its code points, never from
 * a counter or the clock, so the same document gives the same bytes and
 * different subsets of one face get different names. */
static void
subset_name(char *out, size_t outlen, const struct face *f,
    const struct fontuse *u)
{
	uint64_t	h = 0xcbf29ce484222325ull;	/* FNV-1a */
	char		tag[7];
	const char	*p;
	uint32_t	w;
	int		i;

	for (p = f->name; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	for (w = 0; w <= u->maxcp / 64; w++)
		h = (h ^ u->bits[w]) * 0x100000001b3ull;
	for (i = 0; i < 6; i++) {
		tag[i] = (char)('A' + h % 26);
		h /= 26;
	}
	tag[6] = '\0';
	(void)snprintf(out, outlen, "%s+%s", tag, f->name); /* names < 64 */
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

/* A stream object holding the n bytes at p, compressed. Owned by the
 * document; NULL on failure. */
static HPDF_Dict
stream_new(HPDF_Doc pdf, struct pdfzip *pz, const void *p, size_t n)
{
	HPDF_Dict	d;

	if ((d = HPDF_DictStream_New(pdf->mmgr, pdf->xref)) == NULL)
		return NULL;
	return pdfzip_stream(pz, d, p, n) == 0 ? d : NULL;
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

/* The descendant's /W: one run from glyph 1 to the last, each glyph's
 * advance as font_load() measured it, so what lines.c measured is what
 * a viewer places. (Runs of equal widths as "first last w" saved 30
 * bytes on the letter: not worth the code.) */
static int
widths_add(HPDF_Dict cid, const struct face *f, const hb_map_t *n2o,
    uint32_t n)
{
	HPDF_Array	w, run;
	hb_codepoint_t	old;
	uint32_t	g;

	if (n < 2)
		return 0;
	if ((w = HPDF_Array_New(cid->mmgr)) == NULL ||
	    HPDF_Dict_Add(cid, "W", w) != HPDF_OK ||
	    HPDF_Array_AddNumber(w, 1) != HPDF_OK ||
	    (run = HPDF_Array_New(cid->mmgr)) == NULL ||
	    HPDF_Array_Add(w, run) != HPDF_OK)
		return -1;
	for (g = 1; g < n; g++) {
		old = hb_map_get(n2o, g);
		if (HPDF_Array_AddNumber(run, old < f->nglyphs ?
		    f->gw1000[old] : 0) != HPDF_OK)
			return -1;
	}
	return 0;
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

/* The CIDFontType2: glyph ids are CIDs (Identity CIDToGIDMap). */
static HPDF_Dict
cidfont_new(HPDF_Doc pdf, const struct face *f, const char *name,
    HPDF_Dict desc, const hb_map_t *n2o, uint32_t n)
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
	bad |= HPDF_Dict_AddName(cid, "BaseFont", name) != HPDF_OK;
	bad |= HPDF_Dict_Add(cid, "FontDescriptor", desc) != HPDF_OK;
	bad |= HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity") != HPDF_OK;
	bad |= widths_add(cid, f, n2o, n) == -1;
	return bad ? NULL : cid;
}

/* Fill e->sub (by original glyph) and uni (by subset glyph, n long)
 * from the code points used; -1 when a glyph is missing from the plan. */
static int
maps_fill(const struct face *f, const struct fontuse *u, const hb_map_t *o2n,
    struct embed *e, uint16_t *uni, uint32_t n)
{
	hb_codepoint_t	new;
	uint32_t	cp;
	uint16_t	old;

	for (cp = 0; cp <= u->maxcp; cp++) {
		if (!used(u, cp) || (old = f->gid[cp]) == 0)
			continue;	/* no glyph: lines.c refused it */
		new = hb_map_get(o2n, old);
		if (new == HB_MAP_VALUE_INVALID || new >= n)
			return -1;
		e->sub[old] = (uint16_t)new;
		/* Two code points on one glyph (space and no-break space):
		 * text extraction gives the first, the plainer one. */
		if (uni[new] == 0)
			uni[new] = (uint16_t)cp;
	}
	return 0;
}

int
embed_font(HPDF_Doc pdf, struct pdfzip *pz, const struct face *f,
    const struct fontuse *u, struct embed *e, struct carex_err *err)
{
	hb_subset_plan_t	*plan = NULL;
	hb_face_t		*sub = NULL;
	hb_blob_t		*blob = NULL;
	const hb_map_t		*o2n, *n2o;
	HPDF_Dict		 font, file, desc, cid, tou;
	HPDF_Array		 desc_fonts;
	struct buf		 b;
	uint16_t		*uni = NULL;
	const char		*data;
	char			 name[96];
	unsigned int		 len;
	uint32_t		 n;
	int			 bad, rc = -1;

	memset(e, 0, sizeof(*e));
	buf_init(&b, 1u << 20);
	if ((plan = plan_make(f, u)) == NULL ||
	    (sub = hb_subset_plan_execute_or_fail(plan)) == NULL) {
		err_set(err, CAREX_EINTERNAL, "cannot subset font %s", f->name);
		goto fail;
	}
	blob = hb_face_reference_blob(sub);
	data = hb_blob_get_data(blob, &len);
	o2n = hb_subset_plan_old_to_new_glyph_mapping(plan);
	n2o = hb_subset_plan_new_to_old_glyph_mapping(plan);
	n = hb_face_get_glyph_count(sub);
	if (len == 0 || n == 0 || n > 0xffff ||
	    (e->sub = calloc(f->nglyphs, sizeof(*e->sub))) == NULL ||
	    (uni = calloc(n, sizeof(*uni))) == NULL ||
	    maps_fill(f, u, o2n, e, uni, n) == -1 ||
	    tounicode_build(&b, uni, n) == -1) {
		err_set(err, CAREX_EINTERNAL, "cannot subset font %s", f->name);
		goto fail;
	}
	subset_name(name, sizeof(name), f, u);
	/* Every object goes to the document as soon as it is made, so
	 * HPDF_Free releases whatever was built if a later step fails. */
	bad = (font = type0_new(pdf)) == NULL ||
	    (file = stream_new(pdf, pz, data, len)) == NULL ||
	    HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)len) != HPDF_OK ||
	    (desc = descriptor_new(pdf, f, name, file)) == NULL ||
	    (cid = cidfont_new(pdf, f, name, desc, n2o, n)) == NULL ||
	    (tou = stream_new(pdf, pz, b.data, b.len)) == NULL;
	if (!bad)
		bad = HPDF_Dict_AddName(font, "Type", "Font") != HPDF_OK ||
		    HPDF_Dict_AddName(font, "Subtype", "Type0") != HPDF_OK ||
		    HPDF_Dict_AddName(font, "BaseFont", name) != HPDF_OK ||
		    HPDF_Dict_AddName(font, "Encoding", "Identity-H") !=
		    HPDF_OK ||
		    (desc_fonts = HPDF_Array_New(pdf->mmgr)) == NULL ||
		    HPDF_Dict_Add(font, "DescendantFonts", desc_fonts) !=
		    HPDF_OK || HPDF_Array_Add(desc_fonts, cid) != HPDF_OK ||
		    HPDF_Dict_Add(font, "ToUnicode", tou) != HPDF_OK;
	if (bad) {
		err_set(err, CAREX_EINTERNAL, "libharu cannot build the font "
		    "objects of %s", f->name);
		goto fail;
	}
	e->font = font;
	rc = 0;
fail:
	if (rc == -1)
		embed_free(e);
	free(uni);
	buf_free(&b);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	hb_subset_plan_destroy(plan);
	return rc;
}

void
embed_free(struct embed *e)
{
	if (e == NULL)
		return;
	free(e->sub);
	e->sub = NULL;
	e->font = NULL;
}
