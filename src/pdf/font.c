/* SPDX-License-Identifier: MIT */
/* font.c - faces, widths, per-document subsets and their CMaps (font.h).
 * Measuring reads a width table built once; embedding cuts the face with
 * hb-subset and repairs what libharu 2.3.0 writes wrongly for UTF-8
 * fonts. Nothing here knows about lines, pages or layout. */
#include "config.h"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memfd_create */
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <hb.h>
#include <hb-subset.h>

#include "util/buf.h"
#include "font.h"

size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
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

int
font_load(struct face *f, const char *path, const char *name,
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
	if (hb_face_get_glyph_count(f->hb) == 0 || upem < 16 || upem > 16384) {
		err_set(err, CAREX_EUSAGE, "%s is not a usable TrueType font",
		    path);
		goto fail;
	}
	if ((f->w1000 = malloc(FONT_NCP * sizeof(*f->w1000))) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory loading %s", path);
		goto fail;
	}
	memset(f->w1000, 0xff, FONT_NCP * sizeof(*f->w1000));
	font = hb_font_create(f->hb);
	set = hb_set_create();
	hb_face_collect_unicodes(f->hb, set);
	while (hb_set_next(set, &cp) && cp < FONT_NCP) {
		if (!hb_font_get_nominal_glyph(font, cp, &gid))
			continue;
		/* hb_font_create scales to upem: advances are font units. */
		w = (unsigned long)hb_font_get_glyph_h_advance(font, gid);
		w = w * 1000 / upem;
		f->w1000[cp] = w >= FONT_NOGLYPH ? FONT_NOGLYPH - 1 :
		    (uint16_t)w;
	}
	if (font_w1000(f, ' ') < 0 || font_w1000(f, '0') < 0) {
		err_set(err, CAREX_EUSAGE, "%s lacks basic Latin", path);
		goto fail;
	}
	if (hb_font_get_h_extents(font, &ext) && ext.ascender > 0) {
		f->ascent = (float)ext.ascender / (float)upem;
		f->descent = (float)-ext.descender / (float)upem;
	} else {
		f->ascent = 0.9f;
		f->descent = 0.21f;
	}
	hb_set_destroy(set);
	hb_font_destroy(font);
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
	hb_face_destroy(f->hb);
	hb_blob_destroy(f->blob);
	memset(f, 0, sizeof(*f));
}

/* Tables libharu neither reads nor embeds: dropping them makes the cut
 * faster and the font libharu has to parse smaller. */
static const char *const drop_tags[] = {
	"GSUB", "GPOS", "GDEF", "kern", "DSIG", "gasp", "hdmx", "VDMX",
	"LTSH", "PCLT", "meta", "JSTF", "BASE", "vhea", "vmtx", "MATH",
	"morx", "feat", "prop", "trak", "fvar", "gvar", "avar", "STAT",
	"HVAR", "MVAR", "cvar", "COLR", "CPAL", "SVG ", "sbix", "CBDT",
	"CBLC", "EBDT", "EBLC", "EBSC"
};

/* Cut f to the code points in u. Returns a blob the caller destroys, or
 * NULL. */
static hb_blob_t *
font_cut(const struct face *f, const struct fontuse *u)
{
	hb_subset_input_t	*in;
	hb_face_t		*sub;
	hb_set_t		*s;
	hb_blob_t		*blob;
	size_t			 i;
	uint32_t		 w, cp;
	uint64_t		 bits;

	if ((in = hb_subset_input_create_or_fail()) == NULL)
		return NULL;
	s = hb_subset_input_unicode_set(in);
	for (w = 0; w < FONT_NCP / 64; w++) {
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
	/* Names: family, style and PostScript name are all libharu reads;
	 * the copyright and version strings cost half a kilobyte a face. */
	s = hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID);
	hb_set_clear(s);
	hb_set_add(s, 1);
	hb_set_add(s, 2);
	hb_set_add(s, 6);
	sub = hb_subset_or_fail(f->hb, in);
	hb_subset_input_destroy(in);
	if (sub == NULL)
		return NULL;
	blob = hb_face_reference_blob(sub);
	hb_face_destroy(sub);
	if (hb_blob_get_length(blob) == 0) {
		hb_blob_destroy(blob);
		return NULL;
	}
	return blob;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t	w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Replace the contents of a libharu stream object. */
static int
stream_replace(HPDF_Dict d, const struct buf *b)
{
	HPDF_MemStream_FreeData(d->stream);
	if (b->len == 0)
		return 0;
	return HPDF_Stream_Write(d->stream, b->data, (HPDF_UINT)b->len) ==
	    HPDF_OK ? 0 : -1;
}

static int
used(const struct fontuse *u, uint32_t cp)
{
	return cp <= u->maxcp &&
	    (u->bits[cp >> 6] & ((uint64_t)1 << (cp & 63))) != 0;
}

/* The next run [*lo, *hi] of consecutive used code points at or after
 * *cp, not crossing a high byte; 0 when there is none. */
static int
next_run(const struct fontuse *u, uint32_t *cp, uint32_t *lo, uint32_t *hi)
{
	while (*cp <= u->maxcp && !used(u, *cp))
		(*cp)++;
	if (*cp > u->maxcp)
		return 0;
	*lo = *cp;
	while (((*cp + 1) & 0xff) != 0 && used(u, *cp + 1))
		(*cp)++;
	*hi = *cp;
	(*cp)++;
	return 1;
}

/* libharu's ToUnicode for UTF-8 fonts holds a begincidrange, which a
 * ToUnicode CMap may not; readers then guess. Under the UTF-8 encoder the
 * codes in the content stream are the BMP code points themselves, so the
 * correct map is the identity over the code points used: bfrange runs
 * within one high byte (a bfrange may only vary the last byte), at most
 * 100 entries per section as the CMap specification asks. */
static int
tounicode_build(struct buf *b, const struct fontuse *u)
{
	uint32_t	cp, lo, hi, nr = 0, i = 0;
	int		rc = 0;

	for (cp = 0; next_run(u, &cp, &lo, &hi); )
		nr++;
	rc |= buf_adds(b, "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (cp = 0; next_run(u, &cp, &lo, &hi); i++) {
		if (i % 100 == 0)
			rc |= buf_printf(b, "%u beginbfrange\n",
			    nr - i < 100 ? nr - i : 100);
		rc |= buf_printf(b, "<%04X> <%04X> <%04X>\n", lo, hi, lo);
		if (i % 100 == 99 || i + 1 == nr)
			rc |= buf_adds(b, "endbfrange\n");
	}
	rc |= buf_adds(b, "endcmap\nCMapName currentdict /CMap "
	    "defineresource pop\nend\nend\n");
	return rc == 0 ? 0 : -1;
}

/* libharu writes a CIDToGIDMap over the whole BMP (128 KB to deflate per
 * face); the same map cut at the highest code point used is equivalent,
 * since codes past its end are never shown. */
static int
cidmap_build(struct buf *b, HPDF_Font font, const struct fontuse *u)
{
	HPDF_FontAttr	 attr = (HPDF_FontAttr)font->attr;
	unsigned char	 gb[2];
	uint32_t	 cp;
	HPDF_UINT16	 gid;

	for (cp = 0; cp <= u->maxcp; cp++) {
		gid = 0;
		if (used(u, cp))
			gid = HPDF_TTFontDef_GetGlyphid(attr->fontdef,
			    (HPDF_UINT16)cp);
		gb[0] = (unsigned char)(gid >> 8);
		gb[1] = (unsigned char)gid;
		if (buf_add(b, gb, 2) == -1)
			return -1;
	}
	return 0;
}

/* Drop the CMap-resource keys libharu put on what is now a plain
 * ToUnicode stream. */
static void
tounicode_clean(HPDF_Dict d)
{
	static const char *const keys[] = {
		"Type", "CMapName", "CIDSystemInfo", "WMode"
	};
	size_t	i;

	/* RemoveElement answers NOT_FOUND without raising an error;
	 * HPDF_Dict_GetItem would set the document's error state. */
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		(void)HPDF_Dict_RemoveElement(d, keys[i]);
}

HPDF_Font
font_embed(HPDF_Doc pdf, const struct face *f, const struct fontuse *u,
    struct carex_err *err)
{
	hb_blob_t	*blob = NULL;
	HPDF_Font	 font = NULL;
	HPDF_FontAttr	 attr;
	struct buf	 b;
	const char	*data, *name;
	char		 path[64];
	unsigned int	 len;
	int		 fd = -1;

	buf_init(&b, 1u << 20);
	if ((blob = font_cut(f, u)) == NULL) {
		err_set(err, CAREX_EINTERNAL, "cannot subset font %s", f->name);
		goto fail;
	}
	data = hb_blob_get_data(blob, &len);
	/* libharu loads TrueType only from a path; an anonymous in-memory
	 * file gives it one without touching a disk or a temp directory. */
	if ((fd = memfd_create("carex-font", MFD_CLOEXEC)) == -1 ||
	    write_all(fd, data, len) == -1) {
		err_set(err, CAREX_ESYS, "in-memory font file: %s",
		    strerror(errno));
		goto fail;
	}
	(void)snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	/* libharu opens its own descriptor and keeps it until HPDF_Free, so
	 * ours can go as soon as the font is parsed. */
	name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
	if (name == NULL || (font = HPDF_GetFont(pdf, name, "UTF-8")) == NULL) {
		err_set(err, CAREX_EINTERNAL, "libharu cannot load subset of %s"
		    " (is /proc mounted?)", f->name);
		goto fail;
	}
	attr = (HPDF_FontAttr)font->attr;
	if (attr == NULL || attr->cmap_stream == NULL ||
	    attr->map_stream == NULL) {
		err_set(err, CAREX_EINTERNAL, "unexpected libharu font layout");
		font = NULL;
		goto fail;
	}
	if (tounicode_build(&b, u) == -1 ||
	    stream_replace(attr->cmap_stream, &b) == -1) {
		err_set(err, CAREX_EINTERNAL, "cannot write ToUnicode for %s",
		    f->name);
		font = NULL;
		goto fail;
	}
	tounicode_clean(attr->cmap_stream);
	buf_reset(&b);
	if (cidmap_build(&b, font, u) == -1 ||
	    stream_replace(attr->map_stream, &b) == -1) {
		err_set(err, CAREX_EINTERNAL, "cannot write CIDToGIDMap for %s",
		    f->name);
		font = NULL;
		goto fail;
	}
fail:
	if (fd != -1)
		(void)close(fd);	/* libharu holds its own descriptor */
	hb_blob_destroy(blob);
	buf_free(&b);
	return font;
}
