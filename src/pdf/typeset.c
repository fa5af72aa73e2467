/* SPDX-License-Identifier: MIT */
/* typeset.c - the typesetter's public face (typeset.h): load the faces
 * once; per document read the layout, set it into slices, paginate, cut
 * the fonts to what was set, draw with libharu and write the PDF into a
 * buffer. Two passes, so "Page N of M" knows M. Nothing of prescriptions. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_streams.h>

#include "typeset.h"
#include "draw.h"
#include "flow.h"
#include "fontcache.h"
#include "pdfstr.h"
#include "util/log.h"

/* Font subsets kept across documents: at four faces a document, 32 hold
 * the subsets of eight kinds of document. An entry is 10-25 KB (the
 * program, its glyph map, /W and ToUnicode); the byte bound only stops a
 * run of documents with thousands of distinct glyphs from holding
 * megabytes each. */
#define FONTCACHE_ENTRIES	32
#define FONTCACHE_BYTES		(4u << 20)

struct typeset {
	struct face		 faces[FONT_MAXFACES];	/* read-only */
	int			 nfaces;		/* main, then fallbacks */
	uint8_t			*pick;			/* read-only: font.h */
	struct fontcache	*fc;			/* its own lock */
};

static const char *const face_files[FACE_COUNT] = {
	"LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
	"LiberationSans-Italic.ttf", "LiberationSans-BoldItalic.ttf"
};
static const char *const face_names[FACE_COUNT] = {
	"LiberationSans", "LiberationSans-Bold", "LiberationSans-Italic",
	"LiberationSans-BoldItalic"
};

/* The fallback faces named in list (colon-separated TrueType files),
 * after the main ones. A file that is missing or unusable is skipped
 * with a warning, so a server without the optional font packages still
 * starts; what only that face had is then refused at submission. */
static void
fallbacks_load(struct typeset *ts, const char *list)
{
	struct carex_err	 e;
	char			 path[4096], name[64];
	const char		*p, *q, *base;
	size_t			 n;

	for (p = list; *p != '\0'; p = *q ? q + 1 : q) {
		if ((q = strchr(p, ':')) == NULL)
			q = p + strlen(p);
		if ((n = (size_t)(q - p)) == 0)
			continue;
		if (n >= sizeof(path)) {
			log_warnx("event=font-missing msg=\"fallback font "
			    "name too long\"");
			continue;
		}
		memcpy(path, p, n);
		path[n] = '\0';
		if (ts->nfaces == FONT_MAXFACES) {
			log_warnx("event=font-missing font=%s msg=\"more than "
			    "%d fallback fonts: ignored\"", path,
			    FONT_MAXFALLBACK);
			continue;
		}
		base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		(void)snprintf(name, sizeof(name), "%.*s",
		    (int)strcspn(base, "."), base);	/* short names */
		err_clear(&e);
		if (font_load(&ts->faces[ts->nfaces], path, name, 1, &e) ==
		    -1) {
			log_warnx("event=font-missing font=%s msg=\"%s; what "
			    "only it has will be refused\"", path, e.msg);
			continue;
		}
		ts->nfaces++;
	}
}

struct typeset *
typeset_new(const char *fontdir, const char *fallbacks,
    struct carex_err *err)
{
	struct typeset	*ts;
	char		 path[4096];
	int		 i;

	if (fontdir == NULL)
		fontdir = CAREX_FONTDIR;
	if (fallbacks == NULL)
		fallbacks = CAREX_FALLBACK_FONTS;
	if ((ts = calloc(1, sizeof(*ts))) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	for (i = 0; i < FACE_COUNT; i++) {
		if (snprintf(path, sizeof(path), "%s/%s", fontdir,
		    face_files[i]) >= (int)sizeof(path)) {
			err_set(err, CAREX_EUSAGE, "font directory name too "
			    "long");
			goto fail;
		}
		if (font_load(&ts->faces[i], path, face_names[i], 0, err) ==
		    -1)
			goto fail;
		ts->nfaces++;
	}
	fallbacks_load(ts, fallbacks);
	/* 256 KB, built in a few milliseconds: every code point's face is
	 * then one load when measuring and drawing. */
	if ((ts->pick = malloc((size_t)FACE_COUNT * FONT_NCP)) == NULL ||
	    (ts->fc = fontcache_new(FONTCACHE_ENTRIES, FONTCACHE_BYTES)) ==
	    NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		goto fail;
	}
	font_pick_build(ts->pick, ts->faces, ts->nfaces);
	return ts;
fail:
	typeset_free(ts);
	return NULL;
}

void
typeset_free(struct typeset *ts)
{
	int	i;

	if (ts == NULL)
		return;
	fontcache_free(ts->fc);
	for (i = 0; i < ts->nfaces; i++)
		font_unload(&ts->faces[i]);
	free(ts->pick);
	free(ts);
}

void
typeset_stats(struct typeset *ts, struct typeset_stats *st)
{
	fontcache_stats(ts->fc, st);
}

/* libharu reports errors through a callback as well as return codes;
 * keep the first, since later ones are usually its consequences. */
struct hpdf_status {
	HPDF_STATUS	no, detail;
	int		failed;
};

static void
hpdf_error(HPDF_STATUS no, HPDF_STATUS detail, void *arg)
{
	struct hpdf_status	*h = arg;

	if (!h->failed) {
		h->no = no;
		h->detail = detail;
		h->failed = 1;
	}
}

static int
digits(const char *s, int n, int *out)
{
	int	i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* xs:dateTime "2025-01-29T10:30:00", optional fraction, then "Z" or
 * "+01:00"/"-05:00" or nothing. */
static int
parse_created(const char *s, HPDF_Date *d)
{
	int	v[6], oh = 0, om = 0;
	size_t	i = 19;

	memset(d, 0, sizeof(*d));
	if (strlen(s) < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || digits(s, 4, &v[0]) ||
	    digits(s + 5, 2, &v[1]) || digits(s + 8, 2, &v[2]) ||
	    digits(s + 11, 2, &v[3]) || digits(s + 14, 2, &v[4]) ||
	    digits(s + 17, 2, &v[5]))
		return -1;
	if (s[i] == '.')
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			;
	d->ind = ' ';
	if (s[i] == 'Z') {
		d->ind = 'Z';
		i++;
	} else if (s[i] == '+' || s[i] == '-') {
		if (s[i + 3] != ':' || digits(s + i + 1, 2, &oh) ||
		    digits(s + i + 4, 2, &om) || oh > 14 || om > 59)
			return -1;
		d->ind = s[i];
		i += 6;
	}
	if (s[i] != '\0' || v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 59)
		return -1;
	d->year = v[0];
	d->month = v[1];
	d->day = v[2];
	d->hour = v[3];
	d->minutes = v[4];
	d->seconds = v[5];
	d->off_hour = oh;
	d->off_minutes = om;
	return 0;
}

/* The glyphs of a shaped run, each with the first code point of its
 * cluster (what its text extracts to). -1 when out of memory. */
static int
collect_shaped(struct render *r, unsigned int k, const unsigned char *s,
    uint32_t len, int dir)
{
	hb_buffer_t		*b;
	hb_glyph_info_t		*g;
	unsigned int		 n, i;
	uint32_t		 cp;
	int			 rc = 0;

	if ((b = shape_run(&r->faces[k], s, len, dir)) == NULL)
		return -1;
	g = hb_buffer_get_glyph_infos(b, &n);
	for (i = 0; i < n && rc == 0; i++) {
		if (utf8_decode(s + g[i].cluster, len - g[i].cluster, &cp) == 0)
			cp = 0;
		if (g[i].codepoint != 0 && g[i].codepoint < 0xffff)
			rc = fontuse_glyph(&r->use[k], g[i].codepoint,
			    font_shaped(cp) ? cp : 0);
	}
	hb_buffer_destroy(b);
	return rc;
}

static int
collect(struct render *r, const struct vlist *vl)
{
	const struct op		*o;
	const unsigned char	*p;
	uint32_t		 i, j, cp, end;
	unsigned int		 k;
	size_t			 n;
	int			 dir;

	for (i = 0; i < vl->nops; i++) {
		o = &vl->ops[i];
		if (o->kind != OP_TEXT)
			continue;
		p = r->lt->text.data + o->off;
		for (j = 0; j < o->len; j += (uint32_t)n) {
			if ((n = utf8_decode(p + j, o->len - j, &cp)) == 0)
				n = 1;	/* checked when measured */
			if ((k = font_pick(r->pick, o->face, cp)) >=
			    FONT_MAXFACES)
				continue;
			if (cp >= 0x0590 && font_shaped(cp)) {
				end = shape_span(r, o->face, p, j, o->len, &k,
				    &dir);
				if (collect_shaped(r, k, p + j, end - j, dir) ==
				    -1) {
					err_set(r->err, CAREX_ESYS, "out of "
					    "memory");
					return -1;
				}
				n = end - j;
				continue;
			}
			fontuse_add(&r->use[k], cp);
		}
	}
	return 0;
}

/* A metadata entry from an arena string; none when it is empty. */
static int
info(HPDF_Dict d, const char *key, const struct ltree *t,
    const struct str *s)
{
	if (s->len == 0)
		return 0;
	return pdfstr_set(d, key, t->text.data + s->off, s->len);
}

/* Title, author, subject, keywords, creator and the dates from the
 * document. The dates go first: they make libharu create the
 * information dictionary, which the strings are then put into. */
static int
metadata(HPDF_Doc pdf, const struct ltree *t, HPDF_Date *date)
{
	static const unsigned char	creator[] = "carex";

	if (HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, *date) !=
	    HPDF_OK || HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE,
	    *date) != HPDF_OK || pdf->info == NULL)
		return -1;
	return info(pdf->info, "Title", t, &t->title) == -1 ||
	    info(pdf->info, "Author", t, &t->author) == -1 ||
	    info(pdf->info, "Subject", t, &t->subject) == -1 ||
	    info(pdf->info, "Keywords", t, &t->keywords) == -1 ||
	    pdfstr_set(pdf->info, "Creator", creator,
	    sizeof(creator) - 1) == -1 ? -1 : 0;
}

/* Layout: everything up to pages, no libharu. */
static int
lay_out(struct render *r)
{
	if (banner_set(r) == -1)
		return -1;
	if (r->banner.nsl > 0)
		r->top = (float)r->banner.height + 2 * BANNER_PAD + 10;
	r->texth = PG_TEXTH - r->top;
	if (blocks_set(r, &r->body, r->lt->b[0].first, 0, PG_TEXTW, 0) == -1)
		return -1;
	return paginate(r);
}

/* Where libharu writes the finished PDF: straight into the caller's
 * buffer. Its own memory stream (HPDF_SaveToStream's default) gathers
 * 4 KB blocks copied in byte by byte, then read back out byte by byte. */
struct sink {
	struct buf	*out;
	int		 full;		/* out's limit was reached */
};

static HPDF_STATUS
sink_write(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
	struct sink	*k = s->attr;

	if (buf_add(k->out, p, n) == -1) {
		k->full = 1;
		return HPDF_FILE_IO_ERROR;
	}
	return HPDF_OK;
}

static int
write_pdf(struct render *r, struct fontcache *fc, const struct vlist *chrome,
    struct buf *out, struct buf *scratch, HPDF_Date *date)
{
	struct hpdf_status	 hs;
	HPDF_Doc		 pdf;
	struct embed		 fonts[FONT_MAXFACES];
	struct pdfzip		 pz;
	HPDF_Page		*pages = NULL;
	const struct ltree	*t = r->lt;
	struct sink		 sink;
	HPDF_STATUS		 st;
	size_t			 mark = out->len;
	int			 i, rc = -1;

	memset(&hs, 0, sizeof(hs));
	memset(fonts, 0, sizeof(fonts));
	pdfzip_init(&pz);
	if ((pdf = HPDF_New(hpdf_error, &hs)) == NULL) {
		err_set(r->err, CAREX_ESYS, "libharu: out of memory");
		return -1;
	}
	if ((pages = calloc(r->npages, sizeof(*pages))) == NULL) {
		err_set(r->err, CAREX_ESYS, "out of memory");
		goto fail;
	}
	/* No HPDF_SetCompressionMode: every stream is compressed here,
	 * with one deflate state (pdfzip.c); no UTF-8 encoder either: text
	 * strings are made by pdfstr.c. */
	if (metadata(pdf, t, date) == -1) {
		err_set(r->err, CAREX_EINTERNAL, "libharu: cannot set up the "
		    "document (error 0x%04X)", (unsigned)hs.no);
		goto fail;
	}
	for (i = 0; i < r->nfaces; i++)
		if ((r->use[i].n > 0 || r->use[i].nglyphs > 0) &&
		    embed_font(pdf, &pz, fc, &r->faces[i], &r->use[i],
		    &fonts[i], r->err) == -1)
			goto fail;
	if (draw_pages(r, pdf, &pz, fonts, scratch, chrome, pages) == -1 ||
	    draw_outlines(r, pdf, pages) == -1)
		goto fail;
	/* HPDF_SaveToStream writes to pdf->stream when there is one;
	 * HPDF_Free frees it. */
	sink.out = out;
	sink.full = 0;
	if ((pdf->stream = HPDF_CallbackWriter_New(pdf->mmgr, sink_write,
	    &sink)) == NULL) {
		err_set(r->err, CAREX_ESYS, "libharu: out of memory");
		goto fail;
	}
	st = HPDF_SaveToStream(pdf);
	if (sink.full) {
		err_set(r->err, CAREX_ELIMIT, "PDF larger than the output "
		    "buffer allows");
		goto fail;
	}
	if (st != HPDF_OK || hs.failed) {
		err_set(r->err, CAREX_EINTERNAL, "libharu cannot write the PDF"
		    " (error 0x%04X)", (unsigned)(hs.failed ? hs.no : st));
		goto fail;
	}
	rc = 0;
fail:
	if (rc == -1) {
		out->len = mark;	/* leave out as it was */
		if (out->data != NULL)
			out->data[mark] = '\0';
	}
	free(pages);
	HPDF_Free(pdf);		/* before embed_free: its fonts borrow */
	for (i = 0; i < r->nfaces; i++)
		embed_free(fc, &fonts[i]);
	pdfzip_free(&pz);
	return rc;
}

/* Lay out one layout document and, when out is not NULL, write its PDF
 * there; *npages (if not NULL) gets the page count. */
static int
typeset_run(struct typeset *ts, const xmlDoc *layout, struct buf *out,
    unsigned int *npages, struct carex_err *err)
{
	struct render	 r;
	struct ltree	 lt;
	struct vlist	 chrome;
	struct buf	 scratch;
	HPDF_Date	 date;
	int		 i, rc = -1;

	memset(&r, 0, sizeof(r));
	memset(&chrome, 0, sizeof(chrome));
	buf_init(&scratch, LT_MAXTEXT);
	r.faces = ts->faces;
	r.nfaces = ts->nfaces;
	r.pick = ts->pick;
	r.lt = &lt;
	r.err = err;
	r.cell_size = SZ_TABLE;
	if (ltree_read(&lt, layout, err) == -1)
		goto fail;
	if (parse_created(lt.created, &date) == -1) {
		err_set(err, CAREX_EINVALID, "<document> created must be an "
		    "xs:dateTime such as 2025-01-29T10:00:00Z");
		goto fail;
	}
	if ((r.use = calloc((size_t)ts->nfaces, sizeof(*r.use))) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		goto fail;
	}
	if (lay_out(&r) == -1 || chrome_set(&r, &chrome) == -1)
		goto fail;
	if (npages != NULL)
		*npages = r.npages;
	if (out == NULL) {
		rc = 0;
		goto fail;
	}
	if (collect(&r, &r.body) == -1 || collect(&r, &chrome) == -1)
		goto fail;
	rc = write_pdf(&r, ts->fc, &chrome, out, &scratch, &date);
fail:
	buf_free(&scratch);
	vl_free(&chrome);
	vl_free(&r.body);
	vl_free(&r.banner);
	for (i = 0; r.use != NULL && i < ts->nfaces; i++)
		fontuse_free(&r.use[i]);
	free(r.use);
	free(r.rows);
	free(r.rlines);
	free(r.parts);
	free(r.decos);
	free(r.tbls);
	free(r.outlines);
	free(r.places);
	free(r.pages);
	ltree_free(&lt);
	return rc;
}

int
typeset_render(struct typeset *ts, const xmlDoc *layout, struct buf *out,
    struct carex_err *err)
{
	return typeset_run(ts, layout, out, NULL, err);
}

int
typeset_check(struct typeset *ts, const xmlDoc *layout, unsigned int *npages,
    struct carex_err *err)
{
	return typeset_run(ts, layout, NULL, npages, err);
}

const char *
typeset_why(const struct typeset *ts, uint32_t cp)
{
	int	s;

	for (s = 0; s < FACE_COUNT; s++)
		if (font_pick(ts->pick, s, cp) == PICK_NONE)
			return font_why(ts->pick, s, cp);
	return NULL;
}
