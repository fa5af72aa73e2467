/* SPDX-License-Identifier: MIT */
/* lines.c - inline runs to lines: measuring from the faces' width tables
 * (and shape.c for Arabic, Hebrew and Indic runs),
 * first-fit word wrap, words longer than the measure broken between code
 * points, alignment, and justification by placing each word (PDF word
 * spacing does not apply to two-byte fonts). One slice per line. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"

/* A piece of a line: one face, one stretch of arena text. */
struct piece {
	uint32_t	off, len;
	float		x, w;
	uint16_t	spaces;		/* spaces before it on its line */
	uint8_t		face;
};

struct lb {
	struct render		*r;
	struct vlist		*vl;
	const struct pstyle	*st;
	const struct block	*blk;
	struct piece		*line;	/* the line being filled */
	uint32_t		 nline, capline;
	struct piece		*word;	/* the word being read */
	uint32_t		 nword, capword;
	float			 width;	/* natural width of the line */
	uint16_t		 spaces;
	float			 space;	/* width of the space owed, or 0 */
	int			 owed;	/* a space precedes the next word */
	float			 base;	/* baseline below the line top */
	uint32_t		 nlines;
};

static const unsigned char *
arena(const struct render *r, uint32_t off)
{
	return r->lt->text.data + off;
}

float
baseline(const struct render *r, int face, float size, float lead)
{
	const struct face	*f = &r->faces[face];

	return (lead - (f->ascent + f->descent) * size) / 2 + f->ascent * size;
}

static int
missing(struct render *r, int face, uint32_t cp, const struct block *b,
    uint32_t line)
{
	err_setpos(r->err, CAREX_EINVALID, line ? line : (b ? b->line : 0), 0,
	    "layout", "character U+%04X %s (in <%s> at line %lu)", cp,
	    font_why(r->pick, face, cp), b ? btype_name(b->type) : "text",
	    (unsigned long)(line ? line : (b ? b->line : 0)));
	return -1;
}

/* Width of a stretch in 1/1000 em; -1 with err on a missing glyph or
 * bad UTF-8. */
static long
measure(struct render *r, int face, uint32_t off, uint32_t len,
    const struct block *b, uint32_t line)
{
	const unsigned char	*p = arena(r, off);
	uint32_t		 i, cp, end;
	unsigned int		 k;
	size_t			 n;
	long			 sum = 0, sw;
	int			 w, dir;

	for (i = 0; i < len; i += (uint32_t)n) {
		if ((n = utf8_decode(p + i, len - i, &cp)) == 0) {
			err_setpos(r->err, CAREX_EINVALID, line, 0, "layout",
			    "invalid UTF-8 in <%s>",
			    b ? btype_name(b->type) : "text");
			return -1;
		}
		if ((w = glyph_w1000(r, face, cp)) < 0)
			return missing(r, face, cp, b, line);
		/* Arabic, Hebrew, Indic: the run, shaped, as draw.c shows it. */
		if (cp >= 0x0590 && font_shaped(cp) &&
		    font_pick(r->pick, face, cp) < FONT_MAXFACES) {
			end = shape_span(r, face, p, i, len, &k, &dir);
			if ((sw = shape_width(&r->faces[k], p + i, end - i, dir,
			    font_w1000(&r->faces[face], ' '))) < 0) {
				err_set(r->err, CAREX_ESYS, "out of memory "
				    "shaping text");
				return -1;
			}
			sum += sw;
			n = end - i;
			continue;
		}
		sum += w;
	}
	return sum;
}

int
text_check(struct render *r, int face, uint32_t off, uint32_t len,
    const struct block *b, uint32_t line)
{
	return measure(r, face, off, len, b, line) < 0 ? -1 : 0;
}

float
text_width(struct render *r, int face, float size, uint32_t off,
    uint32_t len)
{
	long	w = measure(r, face, off, len, NULL, 0);

	return w < 0 ? 0 : (float)w * size / 1000;
}

/* Combining marks stay with the letter before them. */
static int
is_mark(uint32_t cp)
{
	return (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x1ab0 && cp <= 0x1aff) ||
	    (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x20d0 && cp <= 0x20ff) ||
	    (cp >= 0xfe20 && cp <= 0xfe2f);
}

uint32_t
text_fit(struct render *r, int face, float size, uint32_t off, uint32_t len,
    float w, float *used)
{
	const unsigned char	*p = arena(r, off);
	uint32_t		 i = 0, cp;
	size_t			 n;
	float			 sum = 0, cw;
	int			 g;

	while (i < len) {
		if ((n = utf8_decode(p + i, len - i, &cp)) == 0)
			break;
		g = glyph_w1000(r, face, cp);
		cw = (float)(g < 0 ? 0 : g) * size / 1000;
		if (sum + cw > w && !is_mark(cp))
			break;
		sum += cw;
		i += (uint32_t)n;
	}
	if (used != NULL)
		*used = sum;
	return i;
}

/* A box's state as text over the drawing: U+2612 (ticked) or U+2610,
 * invisible, so text extraction, search and a screen reader read which
 * box is ticked where the eye sees it. */
static int
box_state(struct render *r, struct vlist *vl, const struct mark *m,
    float base)
{
	static const char	ticked[] = "\xe2\x98\x92 ", empty[] =
				    "\xe2\x98\x90 ";
	const char		*t = m->kind == MK_TICKED ? ticked : empty;
	uint32_t		 off;

	if ((off = str_add(r, t, sizeof(ticked) - 1)) == 0 ||
	    vl_text(r, vl, m->face, m->size, m->x, base, off,
	    sizeof(ticked) - 1) == -1)
		return -1;
	vl->ops[vl->nops - 1].hidden = 1;
	return 0;
}

int
mark_emit(struct render *r, struct vlist *vl, float base)
{
	struct mark	*m = &r->mark;
	struct op	*o;
	float		 s;

	if (m->kind == MK_TEXT) {
		if (vl_text(r, vl, m->face, m->size, m->x, base, m->off,
		    m->len) == -1)
			return -1;
	} else if (m->kind == MK_BOX || m->kind == MK_TICKED) {
		/* The square sits on the baseline like a capital letter,
		 * dipping a little below it, so it lines up with its label. */
		s = m->size * 0.78f;
		if ((o = vl_op(r, vl, OP_STROKE)) == NULL)
			return -1;
		o->x = m->x;
		o->y = base + m->size * 0.08f - s;
		o->w = s;
		o->h = s;
		o->lw = 3;
		if (m->kind == MK_TICKED) {
			if ((o = vl_op(r, vl, OP_TICK)) == NULL)
				return -1;
			o->x = m->x;
			o->y = base + m->size * 0.08f - s;
			o->w = s;
			o->lw = 6;
		}
		if (box_state(r, vl, m, base) == -1)
			return -1;
	}
	m->kind = MK_NONE;
	return 0;
}

static int
pieces_grow(struct lb *lb, struct piece **v, uint32_t *cap, uint32_t n)
{
	struct piece	*p;
	uint32_t	 c;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 32;
	if (c > FL_MAXOPS || (p = reallocarray(*v, c, sizeof(*p))) == NULL) {
		err_set(lb->r->err, CAREX_ESYS, "out of memory setting lines");
		return -1;
	}
	*v = p;
	*cap = c;
	return 0;
}

/* Emit the line as one slice. last: the end of a paragraph or a forced
 * break, which justified text leaves ragged. */
static int
line_emit(struct lb *lb, int last)
{
	const struct pstyle	*st = lb->st;
	struct piece		*p, *q;
	uint32_t		 i, op0 = lb->vl->nops;
	float			 dx = 0, extra = 0, x;
	struct op		*o;

	switch (st->align) {
	case AL_RIGHT:
		dx = st->w - lb->width;
		break;
	case AL_CENTER:
		dx = (st->w - lb->width) / 2;
		break;
	case AL_JUSTIFY:
		if (!last && lb->spaces > 0)
			extra = (st->w - lb->width) / lb->spaces;
		break;
	}
	if (dx < 0)
		dx = 0;
	/* Neighbouring pieces of one face that sit next to each other in
	 * the arena (with at most the one space between) are one text
	 * operation: fewer, shorter content streams. A justified line's
	 * operations carry the extra width of each space (in h), which
	 * draw.c adds after every space glyph (a TJ adjustment), so they
	 * merge too. */
	for (i = 0; i < lb->nline; i++) {
		p = &lb->line[i];
		x = st->x + dx + p->x + extra * p->spaces;
		if (i > 0 && lb->vl->nops > op0) {
			q = &lb->line[i - 1];
			o = &lb->vl->ops[lb->vl->nops - 1];
			if (q->face == p->face && (q->off + q->len == p->off ||
			    (q->off + q->len + 1 == p->off &&
			    *arena(lb->r, q->off + q->len) == ' '))) {
				o->len = p->off + p->len - o->off;
				continue;
			}
		}
		if (vl_text(lb->r, lb->vl, p->face, st->size, x, lb->base,
		    p->off, p->len) == -1)
			return -1;
		lb->vl->ops[lb->vl->nops - 1].h = extra;
		if (st->gray != 0)
			lb->vl->ops[lb->vl->nops - 1].gray = st->gray;
	}
	if (lb->nlines == 0 && lb->r->mark.kind != MK_NONE &&
	    mark_emit(lb->r, lb->vl, lb->base) == -1)
		return -1;
	if (vl_slice(lb->r, lb->vl, op0, st->lead) == NULL)
		return -1;
	lb->nline = 0;
	lb->width = 0;
	lb->spaces = 0;
	lb->nlines++;
	return 0;
}

static int
line_add(struct lb *lb, uint32_t off, uint32_t len, int face, float x,
    float w)
{
	struct piece	*p;

	if (pieces_grow(lb, &lb->line, &lb->capline, lb->nline) == -1)
		return -1;
	p = &lb->line[lb->nline++];
	p->off = off;
	p->len = len;
	p->face = (uint8_t)face;
	p->x = x;
	p->w = w;
	p->spaces = lb->spaces;
	return 0;
}

/* Set a word wider than the measure, breaking it between code points
 * (never before a combining mark) and filling each line. */
static int
word_break(struct lb *lb)
{
	struct render	*r = lb->r;
	struct piece	*f;
	uint32_t	 k, i, start, cp;
	size_t		 n;
	float		 cw, segw;
	const unsigned char *p;

	for (k = 0; k < lb->nword; k++) {
		f = &lb->word[k];
		p = arena(r, f->off);
		start = 0;
		segw = 0;
		for (i = 0; i < f->len; i += (uint32_t)n) {
			if ((n = utf8_decode(p + i, f->len - i, &cp)) == 0)
				n = 1;	/* measured before: cannot happen */
			cw = (float)glyph_w1000(r, f->face, cp) *
			    lb->st->size / 1000;
			if (lb->width + segw + cw > lb->st->w && !is_mark(cp) &&
			    (i > start || lb->nline > 0)) {
				if (i > start && line_add(lb, f->off + start,
				    i - start, f->face, lb->width, segw) == -1)
					return -1;
				lb->width += segw;
				if (line_emit(lb, 0) == -1)
					return -1;
				start = i;
				segw = 0;
			}
			segw += cw;
		}
		if (i > start && line_add(lb, f->off + start, i - start,
		    f->face, lb->width, segw) == -1)
			return -1;
		lb->width += segw;
	}
	return 0;
}

/* The word read so far is complete: put it on this line or the next. */
static int
word_flush(struct lb *lb)
{
	float		w = 0, x;
	uint32_t	k;

	if (lb->nword == 0)
		return 0;
	for (k = 0; k < lb->nword; k++)
		w += lb->word[k].w;
	if (lb->nline > 0 && lb->owed) {
		if (lb->width + lb->space + w > lb->st->w) {
			if (line_emit(lb, 0) == -1)
				return -1;
		} else {
			lb->width += lb->space;
			lb->spaces++;
		}
	}
	if (lb->nline == 0 && w > lb->st->w) {
		if (word_break(lb) == -1)
			return -1;
	} else {
		x = lb->width;
		for (k = 0; k < lb->nword; k++) {
			if (line_add(lb, lb->word[k].off, lb->word[k].len,
			    lb->word[k].face, x, lb->word[k].w) == -1)
				return -1;
			x += lb->word[k].w;
		}
		lb->width = x;
	}
	lb->nword = 0;
	lb->owed = 0;
	return 0;
}

int
lines_set(struct render *r, struct vlist *vl, const struct run *runs,
    uint32_t nrun, const struct pstyle *st, const struct block *blk)
{
	struct lb		 lb;
	const struct run	*ru;
	const unsigned char	*p;
	struct piece		*f;
	uint32_t		 i, pos, end, q;
	long			 w;
	int			 face, rc = -1;

	memset(&lb, 0, sizeof(lb));
	lb.r = r;
	lb.vl = vl;
	lb.st = st;
	lb.blk = blk;
	lb.base = baseline(r, st->facemask, st->size, st->lead);
	for (i = 0; i < nrun; i++) {
		ru = &runs[i];
		if (ru->br) {
			if (word_flush(&lb) == -1 || line_emit(&lb, 1) == -1)
				goto fail;
			continue;
		}
		face = (ru->face | st->facemask) & 3;
		p = arena(r, 0);
		for (pos = ru->off, end = ru->off + ru->len; pos < end; pos = q) {
			if (p[pos] == ' ') {
				if (word_flush(&lb) == -1)
					goto fail;
				lb.owed = 1;
				lb.space = (float)font_w1000(&r->faces[face],
				    ' ') * st->size / 1000;
				q = pos + 1;
				continue;
			}
			for (q = pos; q < end && p[q] != ' '; q++)
				;
			if ((w = measure(r, face, pos, q - pos, blk,
			    ru->line)) < 0)
				goto fail;
			if (pieces_grow(&lb, &lb.word, &lb.capword,
			    lb.nword) == -1)
				goto fail;
			f = &lb.word[lb.nword++];
			f->off = pos;
			f->len = q - pos;
			f->face = (uint8_t)face;
			f->w = (float)w * st->size / 1000;
		}
	}
	if (word_flush(&lb) == -1)
		goto fail;
	/* A checkbox or an item with no text still shows its marker. */
	if ((lb.nline > 0 || (lb.nlines == 0 && r->mark.kind != MK_NONE)) &&
	    line_emit(&lb, 1) == -1)
		goto fail;
	rc = (int)(lb.nlines > 0x7fffffff ? 0x7fffffff : lb.nlines);
fail:
	free(lb.line);
	free(lb.word);
	return rc;
}
