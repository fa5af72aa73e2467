/* SPDX-License-Identifier: MIT */
/* draw.c - pages to libharu. Builds each page's running matter (marking
 * at head and foot, running header, footer, "Page N of M", banner) as
 * ops, then writes every page's content stream in three passes (fills,
 * rules, text) so backgrounds never cover text, and adds the bookmarks.
 * Decides nothing about where things go: that was settled by blocks,
 * table, paginate. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_pages.h>

#include "draw.h"
#include "pdfstr.h"

#define MARK_SIZE	10.0f
#define MARK_TOP	30.0f	/* baselines, below the page top */
#define RUN_TOP		45.0f
#define FOOT_Y		(PG_H - 40.0f)
#define MARK_FOOT	(PG_H - 24.0f)
#define GRAY_RUN	90	/* running text */

/* Fit a string into w, cutting it with an ellipsis when it is longer.
 * off and len are updated to the string to draw. */
static int
fit(struct render *r, int face, float size, uint32_t *off, uint32_t *len,
    float w)
{
	static const char	ell[] = "\xe2\x80\xa6";
	uint32_t		n, o;
	float			ew;

	if (text_width(r, face, size, *off, *len) <= w)
		return 0;
	ew = (float)glyph_w1000(r, face, 0x2026) * size / 1000;
	n = text_fit(r, face, size, *off, *len, w - ew, NULL);
	o = (uint32_t)r->lt->text.len;
	if (!str_copy(r, *off, n) || str_add(r, ell, sizeof(ell) - 1) == 0)
		return -1;
	*off = o;
	*len = n + (uint32_t)sizeof(ell) - 1;
	return 0;
}

/* One line of running text at x (align: left edge, centre or right
 * edge), cut to w. */
static int
run_text(struct render *r, struct vlist *vl, int face, float size, int gray,
    int align, float x, float y, uint32_t off, uint32_t len, float w)
{
	float	tw;

	if (len == 0)
		return 0;
	if (text_check(r, face, off, len, NULL, 0) == -1 ||
	    fit(r, face, size, &off, &len, w) == -1)
		return -1;
	tw = text_width(r, face, size, off, len);
	if (align == AL_CENTER)
		x -= tw / 2;
	else if (align == AL_RIGHT)
		x -= tw;
	if (vl_text(r, vl, face, size, x, y, off, len) == -1)
		return -1;
	vl->ops[vl->nops - 1].gray = (uint8_t)gray;
	return 0;
}

int
chrome_set(struct render *r, struct vlist *vl)
{
	const struct ltree	*t = r->lt;
	const struct slice	*bs;
	struct op		*o;
	char			 s[64];
	uint32_t		 p, op0, i, k, off, len;
	float			 lw, rw, pw, y;
	int			 n;

	if (t->marking.len == 0) {
		err_set(r->err, CAREX_EINVALID, "<document> needs a marking");
		return -1;
	}
	for (p = 0; p < r->npages; p++) {
		op0 = vl->nops;
		if (run_text(r, vl, FACE_BOLD, MARK_SIZE, 0, AL_CENTER, PG_W / 2,
		    MARK_TOP, t->marking.off, t->marking.len, PG_TEXTW) == -1 ||
		    run_text(r, vl, FACE_BOLD, MARK_SIZE, 0, AL_CENTER, PG_W / 2,
		    MARK_FOOT, t->marking.off, t->marking.len, PG_TEXTW) == -1)
			return -1;
		/* Running header: each side gets what the other leaves. */
		lw = text_width(r, FACE_REGULAR, SZ_SMALL, t->hleft.off,
		    t->hleft.len);
		rw = text_width(r, FACE_REGULAR, SZ_SMALL, t->hright.off,
		    t->hright.len);
		if (lw + rw + 18 > PG_TEXTW) {
			if (rw > PG_TEXTW * 0.4f && lw > PG_TEXTW * 0.4f)
				lw = rw = PG_TEXTW * 0.5f - 9;
			else if (rw > lw)
				rw = PG_TEXTW - lw - 18;
			else
				lw = PG_TEXTW - rw - 18;
		}
		if (run_text(r, vl, FACE_REGULAR, SZ_SMALL, GRAY_RUN, AL_LEFT,
		    PG_MARGIN, RUN_TOP, t->hleft.off, t->hleft.len, lw) == -1 ||
		    run_text(r, vl, FACE_REGULAR, SZ_SMALL, GRAY_RUN, AL_RIGHT,
		    PG_W - PG_MARGIN, RUN_TOP, t->hright.off, t->hright.len,
		    rw) == -1)
			return -1;
		n = snprintf(s, sizeof(s), "Page %u of %u", p + 1, r->npages);
		if ((off = str_add(r, s, (size_t)n)) == 0)
			return -1;
		len = (uint32_t)n;
		pw = text_width(r, FACE_REGULAR, SZ_SMALL, off, len);
		if (run_text(r, vl, FACE_REGULAR, SZ_SMALL, GRAY_RUN, AL_RIGHT,
		    PG_W - PG_MARGIN, FOOT_Y, off, len, pw + 1) == -1 ||
		    run_text(r, vl, FACE_REGULAR, SZ_SMALL, GRAY_RUN, AL_LEFT,
		    PG_MARGIN, FOOT_Y, t->footer.off, t->footer.len,
		    PG_TEXTW - pw - 18) == -1)
			return -1;
		if (r->banner.nsl > 0) {
			if ((o = vl_op(r, vl, OP_FILL)) == NULL)
				return -1;
			o->x = PG_MARGIN;
			o->y = PG_TOP;
			o->w = PG_TEXTW;
			o->h = (float)r->banner.height + 2 * BANNER_PAD;
			o->gray = 235;
			if ((o = vl_op(r, vl, OP_STROKE)) == NULL)
				return -1;
			o->x = PG_MARGIN;
			o->y = PG_TOP;
			o->w = PG_TEXTW;
			o->h = (float)r->banner.height + 2 * BANNER_PAD;
			o->lw = 8;
			/* Banner ops are relative to their own line. */
			for (i = 0, y = PG_TOP + BANNER_PAD; i < r->banner.nsl;
			    y += r->banner.sl[i].h, i++) {
				bs = &r->banner.sl[i];
				for (k = bs->op0; k < bs->op0 + bs->nop; k++) {
					if ((o = vl_op(r, vl, OP_TEXT)) == NULL)
						return -1;
					*o = r->banner.ops[k];
					o->x += PG_MARGIN;
					o->y += y;
				}
			}
		}
		if (vl_slice(r, vl, op0, 0) == NULL)
			return -1;
		vl->height = 0;	/* pages, not a column: no height limit */
	}
	return 0;
}

/* Drawing state for one page. The page's content stream is written
 * here as PDF operators into a buffer, then compressed into libharu's
 * stream once (pdfzip.c): libharu's operator functions would print every
 * number with five decimals of float noise ("538.48999"), check the
 * graphics state on each call, and could not show glyph ids at all
 * (HPDF_Page_ShowText takes a C string, and a glyph id may hold a zero
 * byte). Numbers are 1/100 pt (grays 1/1000), exact in decimal. */
struct pen {
	HPDF_Page		 page;
	const struct embed	*fonts;
	struct buf		*b;		/* the page's content */
	int			 face;
	float			 size;
	int			 fill, stroke;	/* current grays */
	int			 lw;		/* line width, 1/4 pt */
	long			 tx, ty;	/* text origin, 1/100 pt */
	int			 failed;
};

/* Append v, in 1/scale units (scale 10, 100 or 1000), as a PDF number:
 * "12.5", "-3", "0.949". */
static char *
num(char *p, long v, int scale)
{
	char	 d[24];
	int	 n = 0, frac;

	if (v < 0) {
		*p++ = '-';
		v = -v;
	}
	frac = (int)(v % scale);
	v /= scale;
	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (n > 0)
		*p++ = d[--n];
	if (frac != 0) {
		*p++ = '.';
		for (scale /= 10; frac != 0; scale /= 10) {
			*p++ = (char)('0' + frac / scale);
			frac %= scale;
		}
	}
	return p;
}

static long
pt100(float v)
{
	return lroundf(v * 100);
}

static void
put(struct pen *p, const char *s, size_t n)
{
	if (buf_add(p->b, s, n) == -1)
		p->failed = 1;
}

/* "v0 v1 ... op\n" with n numbers in 1/100 pt. */
static void
put_op(struct pen *p, const long *v, int n, const char *op)
{
	char	 s[128], *q = s;
	size_t	 len = strlen(op);
	int	 i;

	for (i = 0; i < n; i++) {
		q = num(q, v[i], 100);
		*q++ = ' ';
	}
	memcpy(q, op, len);
	q += len;
	*q++ = '\n';
	put(p, s, (size_t)(q - s));
}

static void
put_gray(struct pen *p, int gray, const char *op)
{
	char	s[32], *q;

	q = num(s, (gray * 1000 + 127) / 255, 1000);
	*q++ = ' ';
	*q++ = op[0];
	*q++ = '\n';
	put(p, s, (size_t)(q - s));
}

static void
pen_fill(struct pen *p, int gray)
{
	if (p->fill != gray) {
		put_gray(p, gray, "g");
		p->fill = gray;
	}
}

static void
pen_line(struct pen *p, int gray, int lw)
{
	long	v;

	if (p->stroke != gray) {
		put_gray(p, gray, "G");
		p->stroke = gray;
	}
	if (p->lw != lw) {
		v = lw * 25;
		put_op(p, &v, 1, "w");
		p->lw = lw;
	}
}

static void
rect(struct pen *p, float x, float y, float w, float h, const char *paint)
{
	long	v[4];

	v[0] = pt100(x);
	v[1] = pt100(y);
	v[2] = pt100(w);
	v[3] = pt100(h);
	put_op(p, v, 4, "re");
	put(p, paint, strlen(paint));
}

static void
path(struct pen *p, float x, float y, const char *op)
{
	long	v[2];

	v[0] = pt100(x);
	v[1] = pt100(y);
	put_op(p, v, 2, op);
}

/* Select face (an index into the render's faces) at size: "/F1 10 Tf".
 * The name is the one libharu gives the font in the page's resources. */
static void
pen_font(struct pen *p, int face, float size)
{
	const char	*name;
	char		 s[96], *q = s;
	size_t		 len;

	if (p->face == face && p->size == size)
		return;
	name = HPDF_Page_GetLocalFontName(p->page, p->fonts[face].font);
	if (name == NULL || (len = strlen(name)) > 64) {
		p->failed = 1;
		return;
	}
	*q++ = '/';
	memcpy(q, name, len);
	q += len;
	*q++ = ' ';
	q = num(q, pt100(size), 100);
	memcpy(q, " Tf\n", 4);
	q += 4;
	put(p, s, (size_t)(q - s));
	p->face = face;
	p->size = size;
}

/* Append the two bytes of glyph code g to a literal string, escaping
 * what a string may not hold bare (a bare CR or LF reads as LF). */
static char *
code(char *q, unsigned int g)
{
	unsigned int	k, c;

	for (k = 0; k < 2; k++) {
		c = k == 0 ? g >> 8 : g & 0xff;
		if (c == '(' || c == ')' || c == '\\') {
			*q++ = '\\';
			*q++ = (char)c;
		} else if (c == '\r' || c == '\n') {
			*q++ = '\\';
			*q++ = c == '\r' ? 'r' : 'n';
		} else
			*q++ = (char)c;
	}
	return q;
}

/* A text-showing string being written: "(...)" for Tj, "[(...) n (...)]"
 * for TJ, into b, flushed to the page when nearly full. */
struct tstr {
	char		 b[1024], *q;
	const char	*open, *close;
};

static void
ts_put(struct tstr *t, const char *s)
{
	size_t	n = strlen(s);

	memcpy(t->q, s, n);
	t->q += n;
}

static void
ts_flush(struct pen *p, struct tstr *t)
{
	if (t->q - t->b > (long)sizeof(t->b) - 128) {
		put(p, t->b, (size_t)(t->q - t->b));
		t->q = t->b;
	}
}

/* Close the string, select face k, open a new one. */
static void
ts_font(struct pen *p, struct tstr *t, int k, float size)
{
	if (k == p->face)
		return;
	ts_put(t, t->close);
	put(p, t->b, (size_t)(t->q - t->b));
	t->q = t->b;
	pen_font(p, k, size);
	ts_put(t, t->open);
}

/* A TJ adjustment of v tenths of 1/1000 em (positive moves left). */
static void
ts_adj(struct tstr *t, long v)
{
	if (v == 0)
		return;
	*t->q++ = ')';
	t->q = num(t->q, v, 10);
	*t->q++ = '(';
}

/* Whether s holds a code point that must be shaped: only a lead byte
 * from 0xd6 (U+0590) can start one, so Latin text is one pass over its
 * bytes with no decoding. */
static int
has_shaped(const unsigned char *s, uint32_t len)
{
	uint32_t	i, cp;

	for (i = 0; i < len; i++)
		if (s[i] >= 0xd6 && utf8_decode(s + i, len - i, &cp) != 0 &&
		    font_shaped(cp))
			return 1;
	return 0;
}

/* Show a shaped run (shape.c) in face k, inside a TJ array: each glyph
 * by its subset code, then an adjustment that turns the glyph's /W
 * advance into HarfBuzz's (marks have none, kerning and GPOS moves), x
 * offsets around the glyph, y offsets as text rise. A space keeps the
 * main face's width and its share of justification (per, as show()). */
static void
show_shaped(struct pen *p, struct tstr *t, const struct render *r,
    const struct op *o, unsigned int k, const unsigned char *s, uint32_t len,
    int dir, double per, int *spaces, long *done)
{
	const struct face	*f = &r->faces[k];
	hb_buffer_t		*b;
	hb_glyph_info_t		*g;
	hb_glyph_position_t	*pos;
	unsigned int		 n, i;
	long			 pend = 0, xo, adv, j;
	int			 spacew = font_w1000(&r->faces[o->face], ' ');
	char			 rise[48], *e;

	if ((b = shape_run(f, s, len, dir)) == NULL) {
		p->failed = 1;
		return;
	}
	g = hb_buffer_get_glyph_infos(b, &n);
	pos = hb_buffer_get_glyph_positions(b, NULL);
	ts_font(p, t, (int)k, o->w);
	for (i = 0; i < n; i++) {
		adv = shape_advance(f, &g[i], &pos[i], s, spacew);
		xo = (long)pos[i].x_offset * 1000 / (long)f->upem;
		ts_adj(t, pend - xo * 10);
		if (pos[i].y_offset != 0) {
			ts_put(t, t->close);
			e = num(rise, pt100((float)pos[i].y_offset * o->w /
			    (float)f->upem), 100);
			memcpy(e, " Ts\n", 5);
			ts_put(t, rise);
			ts_put(t, t->open);
		}
		t->q = code(t->q, g[i].codepoint < f->nglyphs ?
		    p->fonts[k].fs->sub[g[i].codepoint] : 0);
		if (pos[i].y_offset != 0) {
			ts_put(t, t->close);
			ts_put(t, "0 Ts\n");
			ts_put(t, t->open);
		}
		pend = ((long)f->gw1000[g[i].codepoint < f->nglyphs ?
		    g[i].codepoint : 0] - adv + xo) * 10;
		if (s[g[i].cluster] == ' ' && per != 0) {
			j = lround(per * ++*spaces) - *done;
			*done += j;
			pend += j;
		}
		ts_flush(p, t);
	}
	ts_adj(t, pend);
	hb_buffer_destroy(b);
}

/* Show o's text at (x, y): "dx dy Td (codes) Tj", the codes two bytes
 * each, the subset's glyph ids (embed.c). A justified line (o->h, the
 * width added to each space) is one "[(...) -n (...)] TJ" instead, the
 * adjustments in 1/10 of 1/1000 em, cumulated before rounding so the
 * line ends where lines.c measured it; PDF word spacing (Tw) does not
 * apply to two-byte codes. Td is relative, so each origin is taken from
 * the rounded previous one: no drift along a page. A code point its face
 * lacks is shown by the fallback face the pick table names: the string
 * is closed, the font switched and a new string opened, and the text
 * position carries on from the glyphs shown, by the same widths lines.c
 * measured. Invisible format characters are not shown; Arabic, Hebrew
 * and Indic runs are shaped (show_shaped), always in a TJ array. */
static void
show(struct pen *p, const struct render *r, const struct op *o, float x,
    float y)
{
	const unsigned char	*s = r->lt->text.data + o->off;
	struct tstr		 t;
	uint32_t		 i, cp, end;
	unsigned int		 k;
	size_t			 n;
	long			 tx = pt100(x), ty = pt100(y), adj, done = 0;
	double			 per = 0;
	int			 tj, spaces = 0, dir;

	tj = (o->h > 0 && memchr(s, ' ', o->len) != NULL) ||
	    has_shaped(s, o->len);
	t.open = tj ? "[(" : "(";
	t.close = tj ? ")] TJ\n" : ") Tj\n";
	t.q = t.b;
	if (o->h > 0)
		per = -(double)o->h * 10000 / o->w;
	/* The face of the first character shown: a run of fallback
	 * characters may be all the op has, and its main face then is not
	 * in the document at all. */
	for (i = 0, k = PICK_SKIP; i < o->len && k >= FONT_MAXFACES;
	    i += (uint32_t)n) {
		if ((n = utf8_decode(s + i, o->len - i, &cp)) == 0)
			n = 1;
		k = font_pick(r->pick, o->face, cp);
	}
	if (k >= FONT_MAXFACES)
		return;		/* nothing visible */
	pen_font(p, (int)k, o->w);
	t.q = num(t.q, tx - p->tx, 100);
	*t.q++ = ' ';
	t.q = num(t.q, ty - p->ty, 100);
	ts_put(&t, " Td\n");
	ts_put(&t, t.open);
	p->tx = tx;
	p->ty = ty;
	for (i = 0; i < o->len; i += (uint32_t)n) {
		if ((n = utf8_decode(s + i, o->len - i, &cp)) == 0)
			n = 1;	/* checked when measured */
		if ((k = font_pick(r->pick, o->face, cp)) >= FONT_MAXFACES)
			continue;	/* PICK_SKIP: refused ones never get here */
		if (cp >= 0x0590 && font_shaped(cp)) {
			end = shape_span(r, o->face, s, i, o->len, &k, &dir);
			show_shaped(p, &t, r, o, k, s + i, end - i, dir, per,
			    &spaces, &done);
			n = end - i;
			continue;
		}
		ts_font(p, &t, (int)k, o->w);
		t.q = code(t.q, embed_code(&r->faces[k], &p->fonts[k], cp));
		if (o->h > 0 && cp == ' ') {
			adj = lround(per * ++spaces) - done;
			done += adj;
			ts_adj(&t, adj);
		}
		ts_flush(p, &t);
	}
	ts_put(&t, t.close);
	put(p, t.b, (size_t)(t.q - t.b));
}

/* Draw o with its slice's top-left at (ox, oy) below the page's top-left,
 * if o belongs to this pass (0 fills, 1 rules, 2 text). */
static void
draw_op(struct pen *p, const struct render *r, const struct op *o, float ox,
    float oy, int pass)
{
	float	x = ox + o->x, y = PG_H - (oy + o->y), s;

	switch (o->kind) {
	case OP_FILL:
		if (pass != 0)
			return;
		pen_fill(p, o->gray);
		rect(p, x, y - o->h, o->w, o->h, "f\n");
		return;
	case OP_STROKE:
		if (pass != 1)
			return;
		pen_line(p, o->gray, o->lw);
		rect(p, x, y - o->h, o->w, o->h, "S\n");
		return;
	case OP_LINE:
		if (pass != 1)
			return;
		pen_line(p, o->gray, o->lw);
		path(p, x, y, "m");
		path(p, x + o->w, y - o->h, "l");
		put(p, "S\n", 2);
		return;
	case OP_TICK:
		if (pass != 1)
			return;
		s = o->w;
		pen_line(p, o->gray, o->lw);
		put(p, "1 j\n", 4);	/* round joins for the tick */
		path(p, x + s * 0.2f, y - s * 0.52f, "m");
		path(p, x + s * 0.42f, y - s * 0.78f, "l");
		path(p, x + s * 0.82f, y - s * 0.2f, "l");
		put(p, "S\n0 j\n", 6);
		return;
	case OP_TEXT:
		if (pass != 2 || o->len == 0)
			return;
		pen_fill(p, o->gray);
		if (o->hidden)
			put(p, "3 Tr\n", 5);
		show(p, r, o, x, y);
		if (o->hidden)
			put(p, "0 Tr\n", 5);
		return;
	}
}

/* The frames behind runs of consecutive slices sharing a box. */
static void
draw_decos(struct pen *p, const struct render *r, const struct page *pg,
    float oy, int pass)
{
	const struct slice	*s;
	const struct deco	*d;
	uint32_t		 i, j;
	float			 top, bot;

	for (i = pg->p0; i < pg->p0 + pg->np; i = j) {
		s = &r->body.sl[r->places[i].slice];
		for (j = i + 1; j < pg->p0 + pg->np && s->deco >= 0 &&
		    r->body.sl[r->places[j].slice].deco == s->deco; j++)
			;
		if (s->deco < 0)
			continue;
		d = &r->decos[s->deco];
		top = oy + r->places[i].y;
		bot = oy + r->places[j - 1].y +
		    r->body.sl[r->places[j - 1].slice].h;
		if (pass == 0 && d->fill != 255) {
			pen_fill(p, d->fill);
			rect(p, PG_MARGIN + d->x, PG_H - bot, d->w, bot - top,
			    "f\n");
		} else if (pass == 1 && d->lw > 0) {
			pen_line(p, 0, d->lw);
			rect(p, PG_MARGIN + d->x, PG_H - bot, d->w, bot - top,
			    "S\n");
		}
	}
}

/* Page k's content into p->b: fills, then rules, then all text in one
 * BT ... ET, so backgrounds never cover text. */
static void
draw_page(struct pen *p, const struct render *r, const struct page *pg,
    const struct slice *cs, const struct vlist *chrome)
{
	const struct slice	*s;
	uint32_t		 i, o;
	float			 oy = PG_TOP + r->top;
	int			 pass;

	for (pass = 0; pass < 3; pass++) {
		if (pass == 2) {
			put(p, "BT\n", 3);
			p->tx = p->ty = 0;	/* BT: identity */
		}
		if (pass < 2)
			draw_decos(p, r, pg, oy, pass);
		for (o = cs->op0; o < cs->op0 + cs->nop; o++)
			draw_op(p, r, &chrome->ops[o], 0, 0, pass);
		for (i = pg->p0; i < pg->p0 + pg->np; i++) {
			s = &r->body.sl[r->places[i].slice];
			for (o = s->op0; o < s->op0 + s->nop; o++)
				draw_op(p, r, &r->body.ops[o], PG_MARGIN,
				    oy + r->places[i].y, pass);
		}
		if (pass == 2)
			put(p, "ET\n", 3);
	}
}

int
draw_pages(struct render *r, HPDF_Doc pdf, struct pdfzip *pz,
    const struct embed *fonts, struct buf *scratch, const struct vlist *chrome,
    HPDF_Page *pages)
{
	struct pen	 p;
	uint32_t	 k;

	for (k = 0; k < r->npages; k++) {
		memset(&p, 0, sizeof(p));
		p.fonts = fonts;
		p.b = scratch;
		p.face = -1;
		p.fill = p.stroke = 0;	/* the PDF defaults: black, 1 pt */
		p.lw = 4;
		buf_reset(scratch);
		if ((p.page = HPDF_AddPage(pdf)) == NULL ||
		    HPDF_Page_SetSize(p.page, HPDF_PAGE_SIZE_A4,
		    HPDF_PAGE_PORTRAIT) != HPDF_OK) {
			err_set(r->err, CAREX_EINTERNAL, "libharu: cannot add "
			    "page %u", k + 1);
			return -1;
		}
		pages[k] = p.page;
		draw_page(&p, r, &r->pages[k], &chrome->sl[k], chrome);
		if (p.failed || pdfzip_stream(pz, ((HPDF_PageAttr)
		    p.page->attr)->contents, scratch->data, scratch->len) ==
		    -1) {
			err_set(r->err, CAREX_EINTERNAL, "cannot write page %u",
			    k + 1);
			return -1;
		}
	}
	return 0;
}

int
draw_outlines(struct render *r, HPDF_Doc pdf, HPDF_Page *pages)
{
	HPDF_Outline		 parent[4] = { NULL, NULL, NULL, NULL }, o, up;
	HPDF_Destination	 dst;
	const struct outline	*ol;
	uint32_t		 i;
	int			 lv, l;

	for (i = 0; i < r->noutlines; i++) {
		ol = &r->outlines[i];
		if (ol->page < 0)
			continue;
		lv = ol->level < 1 ? 1 : ol->level > 3 ? 3 : ol->level;
		for (up = NULL, l = lv - 1; l >= 1 && up == NULL; l--)
			up = parent[l];
		/* The title is set after: libharu would write it through
		 * its UTF-8 encoder, which pdfstr.c replaces. */
		if ((o = HPDF_CreateOutline(pdf, up, "", NULL)) == NULL ||
		    pdfstr_set(o, "Title", r->lt->text.data + ol->title,
		    ol->tlen) == -1 ||
		    (dst = HPDF_Page_CreateDestination(pages[ol->page])) ==
		    NULL || HPDF_Destination_SetXYZ(dst, 0, PG_H - PG_TOP -
		    r->top - ol->y + 4, 1) != HPDF_OK ||
		    HPDF_Outline_SetDestination(o, dst) != HPDF_OK ||
		    HPDF_Outline_SetOpened(o, HPDF_TRUE) != HPDF_OK) {
			err_set(r->err, CAREX_EINTERNAL, "libharu cannot add "
			    "bookmarks");
			return -1;
		}
		parent[lv] = o;
		for (l = lv + 1; l < 4; l++)
			parent[l] = NULL;
	}
	return 0;
}
