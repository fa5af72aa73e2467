/* SPDX-License-Identifier: MIT */
/* draw.c - pages to libharu. Builds each page's running matter (marking
 * at head and foot, running header, footer, "Page N of M", banner) as
 * ops, then draws every page in three passes (fills, rules, text) so
 * backgrounds never cover text, and adds the bookmarks. Decides nothing
 * about where things go: that was settled by blocks, table, paginate. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <hpdf.h>

#include "draw.h"

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
	ew = (float)font_w1000(&r->faces[face], 0x2026) * size / 1000;
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

/* Drawing state for one page. */
struct pen {
	HPDF_Page	 page;
	HPDF_Font	*fonts;
	struct buf	*scratch;
	int		 face;
	float		 size;
	int		 fill, stroke;	/* current grays, -1 unknown */
	float		 lw;
	HPDF_STATUS	 st;
};

static void
pen_fill(struct pen *p, int gray)
{
	if (p->fill != gray) {
		p->st |= HPDF_Page_SetGrayFill(p->page, (float)gray / 255);
		p->fill = gray;
	}
}

static void
pen_line(struct pen *p, int gray, int lw)
{
	if (p->stroke != gray) {
		p->st |= HPDF_Page_SetGrayStroke(p->page, (float)gray / 255);
		p->stroke = gray;
	}
	if (p->lw != (float)lw / 4) {
		p->lw = (float)lw / 4;
		p->st |= HPDF_Page_SetLineWidth(p->page, p->lw);
	}
}

/* Draw o with its slice's top-left at (ox, oy) below the page's top-left,
 * if o belongs to this pass (0 fills, 1 rules, 2 text). */
static void
draw_op(struct pen *p, struct render *r, const struct op *o, float ox,
    float oy, int pass)
{
	float	x = ox + o->x, y = PG_H - (oy + o->y), s;

	switch (o->kind) {
	case OP_FILL:
		if (pass != 0)
			return;
		pen_fill(p, o->gray);
		p->st |= HPDF_Page_Rectangle(p->page, x, y - o->h, o->w, o->h);
		p->st |= HPDF_Page_Fill(p->page);
		return;
	case OP_STROKE:
		if (pass != 1)
			return;
		pen_line(p, o->gray, o->lw);
		p->st |= HPDF_Page_Rectangle(p->page, x, y - o->h, o->w, o->h);
		p->st |= HPDF_Page_Stroke(p->page);
		return;
	case OP_LINE:
		if (pass != 1)
			return;
		pen_line(p, o->gray, o->lw);
		p->st |= HPDF_Page_MoveTo(p->page, x, y);
		p->st |= HPDF_Page_LineTo(p->page, x + o->w, y - o->h);
		p->st |= HPDF_Page_Stroke(p->page);
		return;
	case OP_TICK:
		if (pass != 1)
			return;
		s = o->w;
		pen_line(p, o->gray, o->lw);
		p->st |= HPDF_Page_SetLineJoin(p->page, HPDF_ROUND_JOIN);
		p->st |= HPDF_Page_MoveTo(p->page, x + s * 0.2f, y - s * 0.52f);
		p->st |= HPDF_Page_LineTo(p->page, x + s * 0.42f, y - s * 0.78f);
		p->st |= HPDF_Page_LineTo(p->page, x + s * 0.82f, y - s * 0.2f);
		p->st |= HPDF_Page_Stroke(p->page);
		p->st |= HPDF_Page_SetLineJoin(p->page, HPDF_MITER_JOIN);
		return;
	case OP_TEXT:
		if (pass != 2 || o->len == 0)
			return;
		if (p->face != o->face || p->size != o->w) {
			p->st |= HPDF_Page_SetFontAndSize(p->page,
			    p->fonts[o->face], o->w);
			p->face = o->face;
			p->size = o->w;
		}
		pen_fill(p, o->gray);
		/* libharu wants NUL-terminated text; the arena is not. */
		buf_reset(p->scratch);
		if (buf_add(p->scratch, r->lt->text.data + o->off, o->len) ==
		    -1) {
			p->st |= HPDF_FAILD_TO_ALLOC_MEM;
			return;
		}
		p->st |= HPDF_Page_TextOut(p->page, x, y,
		    (const char *)p->scratch->data);
		return;
	}
}

/* The frames behind runs of consecutive slices sharing a box. */
static void
draw_decos(struct pen *p, struct render *r, const struct page *pg, float oy,
    int pass)
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
			p->st |= HPDF_Page_Rectangle(p->page, PG_MARGIN + d->x,
			    PG_H - bot, d->w, bot - top);
			p->st |= HPDF_Page_Fill(p->page);
		} else if (pass == 1 && d->lw > 0) {
			pen_line(p, 0, d->lw);
			p->st |= HPDF_Page_Rectangle(p->page, PG_MARGIN + d->x,
			    PG_H - bot, d->w, bot - top);
			p->st |= HPDF_Page_Stroke(p->page);
		}
	}
}

int
draw_pages(struct render *r, HPDF_Doc pdf, HPDF_Font *fonts,
    const struct vlist *chrome, struct buf *scratch, HPDF_Page *pages)
{
	const struct page	*pg;
	const struct slice	*s, *cs;
	struct pen		 p;
	uint32_t		 k, i, o;
	float			 oy = PG_TOP + r->top;
	int			 pass;

	for (k = 0; k < r->npages; k++) {
		pg = &r->pages[k];
		memset(&p, 0, sizeof(p));
		p.fonts = fonts;
		p.scratch = scratch;
		p.face = -1;
		p.fill = p.stroke = 0;	/* the PDF default is black */
		p.lw = 1;
		if ((p.page = HPDF_AddPage(pdf)) == NULL) {
			err_set(r->err, CAREX_EINTERNAL, "libharu: cannot add "
			    "page %u", k + 1);
			return -1;
		}
		pages[k] = p.page;
		p.st |= HPDF_Page_SetSize(p.page, HPDF_PAGE_SIZE_A4,
		    HPDF_PAGE_PORTRAIT);
		cs = &chrome->sl[k];
		for (pass = 0; pass < 3; pass++) {
			if (pass == 2)
				p.st |= HPDF_Page_BeginText(p.page);
			if (pass < 2)
				draw_decos(&p, r, pg, oy, pass);
			for (o = cs->op0; o < cs->op0 + cs->nop; o++)
				draw_op(&p, r, &chrome->ops[o], 0, 0, pass);
			for (i = pg->p0; i < pg->p0 + pg->np; i++) {
				s = &r->body.sl[r->places[i].slice];
				for (o = s->op0; o < s->op0 + s->nop; o++)
					draw_op(&p, r, &r->body.ops[o],
					    PG_MARGIN, oy + r->places[i].y,
					    pass);
			}
			if (pass == 2)
				p.st |= HPDF_Page_EndText(p.page);
		}
		if (p.st != HPDF_OK) {
			err_set(r->err, CAREX_EINTERNAL, "libharu failed "
			    "drawing page %u (status 0x%04X)", k + 1,
			    (unsigned)p.st);
			return -1;
		}
	}
	return 0;
}

int
draw_outlines(struct render *r, HPDF_Doc pdf, HPDF_Page *pages,
    struct buf *scratch)
{
	HPDF_Outline		 parent[4] = { NULL, NULL, NULL, NULL }, o, up;
	HPDF_Destination	 dst;
	HPDF_Encoder		 enc;
	const struct outline	*ol;
	uint32_t		 i;
	int			 lv, l;

	if (r->noutlines == 0)
		return 0;
	if ((enc = HPDF_GetEncoder(pdf, "UTF-8")) == NULL)
		goto fail;
	for (i = 0; i < r->noutlines; i++) {
		ol = &r->outlines[i];
		if (ol->page < 0)
			continue;
		lv = ol->level < 1 ? 1 : ol->level > 3 ? 3 : ol->level;
		for (up = NULL, l = lv - 1; l >= 1 && up == NULL; l--)
			up = parent[l];
		buf_reset(scratch);
		if (buf_add(scratch, r->lt->text.data + ol->title, ol->tlen) ==
		    -1 || buf_add(scratch, "", 1) == -1)
			goto fail;
		if ((o = HPDF_CreateOutline(pdf, up, (const char *)
		    scratch->data, enc)) == NULL ||
		    (dst = HPDF_Page_CreateDestination(pages[ol->page])) ==
		    NULL || HPDF_Destination_SetXYZ(dst, 0, PG_H - PG_TOP -
		    r->top - ol->y + 4, 1) != HPDF_OK ||
		    HPDF_Outline_SetDestination(o, dst) != HPDF_OK ||
		    HPDF_Outline_SetOpened(o, HPDF_TRUE) != HPDF_OK)
			goto fail;
		parent[lv] = o;
		for (l = lv + 1; l < 4; l++)
			parent[l] = NULL;
	}
	return 0;
fail:
	err_set(r->err, CAREX_EINTERNAL, "libharu cannot add bookmarks");
	return -1;
}
