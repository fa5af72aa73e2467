/* SPDX-License-Identifier: MIT */
/* blocks.c - blocks to slices: paragraphs, headings, lists, checkboxes,
 * letterhead and address, signatures, boxes, groups, rules and spacers,
 * with the keeps that pagination honours (widows and orphans, headings
 * with what follows, boxes and groups whole). Tables are in table.c. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "flow.h"

/* Space above each kind of block, in points. */
#define GAP_PARA	6.0f
#define GAP_H1		16.0f
#define GAP_H2		12.0f
#define GAP_H3		9.0f
#define GAP_LIST	4.0f
#define GAP_ITEM	3.0f
#define GAP_TABLE	9.0f
#define GAP_BOX		10.0f
#define GAP_SIG		20.0f
#define GAP_CHECK	3.0f
#define BOX_PAD		7.0f
#define HANG_MIN	30.0f	/* heading number column */
#define WINDOW_TOP	130.0f	/* envelope window, below the page top */

/* A block's runs; none (and no arithmetic on a null array) when it has
 * none. */
static const struct run *
runs_of(const struct render *r, const struct block *b)
{
	return b->nrun > 0 ? r->lt->r + b->run0 : NULL;
}

static float
block_size(const struct block *b, float dflt)
{
	return b->size > 0 ? b->size : dflt;
}

/* Mark slices [a, b) to stay on one page when they fit on one. */
static void
keep_together(struct render *r, struct vlist *vl, uint32_t a, uint32_t b)
{
	double		h = 0;
	uint32_t	i;

	for (i = a; i < b; i++)
		h += vl->sl[i].h + (i > a ? vl->sl[i].gap : 0);
	if (h > r->texth)
		return;
	for (i = a; i + 1 < b; i++)
		vl->sl[i].flags |= SL_KEEP;
	/* What moves whole is not cut either. */
	for (i = a; i < b; i++)
		vl->sl[i].part = -1;
}

/* No widow or orphan: a paragraph of n lines may break only after its
 * second line and before its second-to-last, so 2..3-line paragraphs
 * move whole. */
static void
keep_lines(struct vlist *vl, uint32_t a, uint32_t n)
{
	uint32_t	i;

	if (n <= 3) {
		for (i = a; i + 1 < a + n; i++)
			vl->sl[i].flags |= SL_KEEP;
		return;
	}
	vl->sl[a].flags |= SL_KEEP;
	vl->sl[a + n - 2].flags |= SL_KEEP;
}

static int
para_set(struct render *r, struct vlist *vl, const struct block *b, float x,
    float w, float size)
{
	struct pstyle	st;
	uint32_t	a = vl->nsl;
	int		n;

	memset(&st, 0, sizeof(st));
	st.x = x;
	st.w = w;
	st.size = size;
	st.lead = size * (vl == &r->body ? LEAD : LEAD_TABLE);
	st.align = b->align;
	st.facemask = r->cell_bold ? FACE_BOLD : 0;
	if ((n = lines_set(r, vl, runs_of(r, b), b->nrun, &st, b)) < 0)
		return -1;
	if (n > 0) {
		keep_lines(vl, a, (uint32_t)n);
		if (b->keep)
			vl->sl[vl->nsl - 1].flags |= SL_KEEP;
	}
	return 0;
}

/* The heading's text as one line for its bookmark: number, then runs. */
static int
outline_add(struct render *r, const struct block *b, struct slice *s)
{
	struct outline	*o;
	const struct run *ru;
	uint32_t	 off = (uint32_t)r->lt->text.len, i;
	void		*p;

	if (b->label.len > 0) {
		if (!str_copy(r, b->label.off, b->label.len) ||
		    str_add(r, " ", 1) == 0)
			return -1;
	}
	for (i = 0; i < b->nrun; i++) {
		ru = &r->lt->r[b->run0 + i];
		if (ru->br ? str_add(r, " ", 1) == 0 :
		    !str_copy(r, ru->off, ru->len))
			return -1;
	}
	if (r->noutlines == r->capoutlines) {
		r->capoutlines = r->capoutlines ? r->capoutlines * 2 : 16;
		if ((p = reallocarray(r->outlines, r->capoutlines,
		    sizeof(*o))) == NULL)
			goto full;
		r->outlines = p;
	}
	o = &r->outlines[r->noutlines];
	o->title = off;
	o->tlen = (uint32_t)r->lt->text.len - off;
	o->level = b->level;
	o->page = -1;
	s->outline = (int32_t)r->noutlines++;
	return 0;
full:
	err_set(r->err, CAREX_ELIMIT, "too much heading text");
	return -1;
}

static int
heading_set(struct render *r, struct vlist *vl, const struct block *b,
    float x, float w)
{
	static const float sizes[4] = { 14, 14, 12.5f, 11 };
	struct pstyle	st;
	uint32_t	a = vl->nsl, i;
	float		hang = 0, nw;
	int		n;

	memset(&st, 0, sizeof(st));
	st.size = sizes[b->level > 3 ? 3 : b->level];
	st.lead = st.size * 1.25f;
	st.facemask = FACE_BOLD;
	if (b->label.len > 0) {
		if (text_check(r, FACE_BOLD, b->label.off, b->label.len, b,
		    b->line) == -1)
			return -1;
		nw = text_width(r, FACE_BOLD, st.size, b->label.off,
		    b->label.len);
		hang = nw + 10 > HANG_MIN ? nw + 10 : HANG_MIN;
		if (hang > w / 2)
			hang = w / 2;
		r->mark.kind = MK_TEXT;
		r->mark.off = b->label.off;
		r->mark.len = b->label.len;
		r->mark.face = FACE_BOLD;
		r->mark.x = x;
		r->mark.size = st.size;
	}
	st.x = x + hang;
	st.w = w - hang;
	if ((n = lines_set(r, vl, runs_of(r, b), b->nrun, &st, b)) < 0)
		return -1;
	r->mark.kind = MK_NONE;
	if (n == 0)
		return 0;
	for (i = a; i < vl->nsl; i++)
		vl->sl[i].flags |= SL_KEEP;
	r->keep_pending = 1;
	return outline_add(r, b, &vl->sl[a]);
}

/* "1.", "b)", "•": the marker of item k (0-based) of a list. */
static uint32_t
marker(struct render *r, const struct block *list, const struct block *it,
    uint32_t k)
{
	char		 s[32];
	char		 letters[8];
	uint32_t	 n = list->start + k, i = sizeof(letters) - 1;

	if (it->label.len > 0)
		return it->label.off;
	switch (list->style) {
	case LS_BULLET:
		return str_add(r, "\xe2\x80\xa2", 3);
	case LS_NUMBER:
		(void)snprintf(s, sizeof(s), "%lu.", (unsigned long)n);
		return str_add(r, s, strlen(s));
	case LS_LETTER:
		/* a..z, aa..zz: bijective base 26. */
		letters[i] = '\0';
		while (n > 0 && i > 0) {
			n--;
			letters[--i] = (char)('a' + n % 26);
			n /= 26;
		}
		(void)snprintf(s, sizeof(s), "%s)", letters + i);
		return str_add(r, s, strlen(s));
	default:
		return 0;
	}
}

static int
list_set(struct render *r, struct vlist *vl, int32_t bi, float x, float w,
    float size, int depth)
{
	const struct block	*list = &r->lt->b[bi], *it;
	int32_t			 k;
	uint32_t		 n = 0, a, off, len;
	float			 ind = 0, mw;
	struct pstyle		 st;

	/* The marker column fits the widest marker, so text aligns. */
	for (k = list->first; k >= 0; k = r->lt->b[k].next, n++) {
		it = &r->lt->b[k];
		if ((off = marker(r, list, it, n)) == 0 && list->style !=
		    LS_NONE && it->label.len == 0)
			return -1;
		len = it->label.len > 0 ? it->label.len :
		    (uint32_t)r->lt->text.len - off;
		if (off == 0)
			len = 0;
		if (len > 0 && text_check(r, FACE_REGULAR, off, len, it,
		    it->line) == -1)
			return -1;
		mw = text_width(r, FACE_REGULAR, size, off, len);
		if (mw + 6 > ind)
			ind = mw + 6;
	}
	if (list->style != LS_NONE && ind < 18)
		ind = 18;
	if (ind > w / 3)
		ind = w / 3;
	memset(&st, 0, sizeof(st));
	for (k = list->first, n = 0; k >= 0; k = r->lt->b[k].next, n++) {
		it = &r->lt->b[k];
		a = vl->nsl;
		off = marker(r, list, it, n);
		len = it->label.len > 0 ? it->label.len :
		    (uint32_t)r->lt->text.len - off;
		if (off > 0 && len > 0) {
			r->mark.kind = MK_TEXT;
			r->mark.off = off;
			r->mark.len = len;
			r->mark.face = FACE_REGULAR;
			r->mark.x = x;
			r->mark.size = size;
		}
		/* A marker before a nested list gets a line of its own. */
		if (r->mark.kind != MK_NONE && (it->first < 0 ||
		    r->lt->b[it->first].type != B_PARA)) {
			st.x = x;
			st.w = w;
			st.size = size;
			st.lead = size * LEAD;
			if (lines_set(r, vl, NULL, 0, &st, it) < 0)
				return -1;
		}
		if (blocks_set(r, vl, it->first, x + ind, w - ind,
		    depth + 1) == -1)
			return -1;
		r->mark.kind = MK_NONE;
		if (vl->nsl > a && n > 0)
			vl->sl[a].gap = GAP_ITEM;
	}
	return 0;
}

static int
checkbox_set(struct render *r, struct vlist *vl, const struct block *b,
    float x, float w, float size)
{
	struct pstyle	st;
	int		n;
	uint32_t	a = vl->nsl;

	r->mark.kind = b->checked ? MK_TICKED : MK_BOX;
	r->mark.face = FACE_REGULAR;
	r->mark.x = x;
	r->mark.size = size;
	memset(&st, 0, sizeof(st));
	st.x = x + size * 1.35f;
	st.w = w - size * 1.35f;
	st.size = size;
	st.lead = size * LEAD;
	st.align = AL_LEFT;
	if ((n = lines_set(r, vl, runs_of(r, b), b->nrun, &st, b)) < 0)
		return -1;
	if (n > 0)
		keep_lines(vl, a, (uint32_t)n);
	return 0;
}

/* Lines of a letterhead or address into their own list, for placing
 * side by side or alone. */
static int
lines_block(struct render *r, struct vlist *vl, const struct block *b,
    float x, float w, int align, float size)
{
	struct pstyle	st;

	memset(&st, 0, sizeof(st));
	st.x = x;
	st.w = w;
	st.size = size;
	st.lead = size * LEAD;
	st.align = (uint8_t)align;
	return lines_set(r, vl, runs_of(r, b), b->nrun, &st, b) < 0 ?
	    -1 : 0;
}

/* Letterhead (right) and address (left, dropped to the envelope window
 * when it starts the first page) share one band. Either may be absent. */
static int
header_set(struct render *r, struct vlist *vl, const struct block *lh,
    const struct block *ad)
{
	struct vlist	cols[2];
	float		xs[2] = { 0, 0 }, dys[2] = { 0, 0 };
	int		n = 0, rc = -1;

	memset(cols, 0, sizeof(cols));
	if (lh != NULL) {
		if (lines_block(r, &cols[n], lh, PG_TEXTW * 0.45f,
		    PG_TEXTW * 0.55f, AL_RIGHT, 10) == -1)
			goto fail;
		n++;
	}
	if (ad != NULL) {
		if (lines_block(r, &cols[n], ad, 0, lh ? PG_TEXTW * 0.45f :
		    PG_TEXTW, AL_LEFT, SZ_BODY) == -1)
			goto fail;
		if (vl == &r->body && vl->nsl == 0)
			dys[n] = WINDOW_TOP - PG_TOP - r->top;
		if (dys[n] < 0)
			dys[n] = 0;
		n++;
	}
	rc = compose(r, vl, cols, xs, dys, n, 0, 0, r->texth, NULL, NULL);
fail:
	vl_free(&cols[0]);
	vl_free(&cols[1]);
	return rc;
}

static int
sig_one(struct render *r, struct vlist *vl, const struct block *b, float w)
{
	static const char *const date = "Date:";
	struct run	ru[1];
	struct pstyle	st;
	struct op	*o;
	uint32_t	op0, off;
	int		i;

	memset(&st, 0, sizeof(st));
	st.w = w;
	st.size = SZ_TABLE;
	st.lead = SZ_TABLE * LEAD;
	memset(ru, 0, sizeof(ru));
	ru[0].line = b->line;
	for (i = 0; i < 4; i++) {
		ru[0].off = b->sig[i].off;
		ru[0].len = b->sig[i].len;
		ru[0].face = i == 0 ? FACE_BOLD : FACE_REGULAR;
		if (i == 3) {
			/* "Date: 29 January 2025", or a line to write on. */
			off = (uint32_t)r->lt->text.len;
			if (str_add(r, date, strlen(date)) == 0)
				return -1;
			if (b->sig[3].len > 0 && (str_add(r, " ", 1) == 0 ||
			    !str_copy(r, b->sig[3].off, b->sig[3].len)))
				return -1;
			ru[0].off = off;
			ru[0].len = (uint32_t)r->lt->text.len - off;
		}
		if (ru[0].len == 0)
			continue;
		if (lines_set(r, vl, ru, 1, &st, b) < 0)
			return -1;
		if (i == 3 && b->sig[3].len == 0) {
			o = vl_op(r, vl, OP_LINE);
			if (o == NULL)
				return -1;
			o->x = text_width(r, FACE_REGULAR, st.size, off, 5) + 4;
			o->y = st.lead - 3;
			o->w = w * 0.6f - o->x;
			o->lw = 2;
			vl->sl[vl->nsl - 1].nop++;
		}
		if (i == 0) {
			/* Room to sign, then the line signed on. */
			op0 = vl->nops;
			if ((o = vl_op(r, vl, OP_LINE)) == NULL)
				return -1;
			o->y = 32;
			o->w = w;
			o->lw = 3;
			if (vl_slice(r, vl, op0, 36) == NULL)
				return -1;
		}
	}
	return 0;
}

static int
signatures_set(struct render *r, struct vlist *vl, const struct block *b,
    float x, float w)
{
	struct vlist	 cols[3];
	float		 xs[3], dys[3] = { 0, 0, 0 }, cw;
	int32_t		 k = b->first;
	int		 n, i, per, total = 0, rc = -1;
	uint32_t	 a = vl->nsl;

	for (k = b->first; k >= 0; k = r->lt->b[k].next)
		total++;
	per = total < 3 ? total : 3;
	if (total == 4)
		per = 2;	/* 2 + 2 reads better than 3 + 1 */
	memset(cols, 0, sizeof(cols));
	for (k = b->first; k >= 0; ) {
		for (n = 0; n < per && k >= 0; n++, k = r->lt->b[k].next) {
			cw = (w - (per - 1) * 18) / per;
			xs[n] = x + n * (cw + 18);
			vl_free(&cols[n]);
			if (sig_one(r, &cols[n], &r->lt->b[k], cw) == -1)
				goto fail;
		}
		if (compose(r, vl, cols, xs, dys, n, 0, 0, r->texth, NULL,
		    NULL) == -1)
			goto fail;
		vl->sl[vl->nsl - 1].gap = vl->nsl - 1 > a ? 14 : 0;
	}
	for (i = (int)a; i + 1 < (int)vl->nsl; i++)
		vl->sl[i].flags |= SL_KEEP;
	rc = 0;
fail:
	for (i = 0; i < 3; i++)
		vl_free(&cols[i]);
	return rc;
}

static int
box_set(struct render *r, struct vlist *vl, const struct block *b, float x,
    float w, int depth)
{
	uint32_t	a = vl->nsl, i;
	int32_t		d;

	if ((d = deco_add(r, x, w, 242, b->alert ? 8 : 3)) == -1)
		return -1;
	r->decos[d].pad = BOX_PAD;
	if (vl_slice(r, vl, vl->nops, BOX_PAD - 3) == NULL ||
	    blocks_set(r, vl, b->first, x + BOX_PAD + (b->alert ? 1 : 0),
	    w - 2 * BOX_PAD - (b->alert ? 2 : 0), depth + 1) == -1 ||
	    vl_slice(r, vl, vl->nops, BOX_PAD - 2) == NULL)
		return -1;
	vl->sl[a + 1].gap = 0;
	for (i = a; i < vl->nsl; i++)
		vl->sl[i].deco = d;
	keep_together(r, vl, a, vl->nsl);
	return 0;
}

static int
rule_set(struct render *r, struct vlist *vl, float x, float w)
{
	struct op	*o;
	uint32_t	 op0 = vl->nops;

	if ((o = vl_op(r, vl, OP_LINE)) == NULL)
		return -1;
	o->x = x;
	o->y = 5;
	o->w = w;
	o->gray = 96;
	o->lw = 2;
	return vl_slice(r, vl, op0, 10) == NULL ? -1 : 0;
}

static float
gap_of(const struct block *b)
{
	switch (b->type) {
	case B_HEADING:
		return b->level <= 1 ? GAP_H1 : b->level == 2 ? GAP_H2 :
		    GAP_H3;
	case B_LIST:
		return GAP_LIST;
	case B_TABLE:
	case B_FORM:
		return GAP_TABLE;
	case B_BOX:
		return GAP_BOX;
	case B_SIGNATURES:
		return GAP_SIG;
	case B_CHECKBOX:
		return GAP_CHECK;
	case B_SPACER:
	case B_PAGEBREAK:
		return 0;
	case B_PARA:
		return b->implicit ? GAP_ITEM : GAP_PARA;
	default:
		return GAP_PARA;
	}
}

int
blocks_set(struct render *r, struct vlist *vl, int32_t first, float x,
    float w, int depth)
{
	const struct block	*b, *nb;
	int32_t			 k, g;
	uint32_t		 a, op0;
	float			 size;
	int			 rc = 0;

	if (depth > 2 * LT_MAXDEPTH + 8) {	/* layout.c bounds it first */
		err_set(r->err, CAREX_ELIMIT, "blocks nested too deep");
		return -1;
	}
	for (k = first; k >= 0 && rc == 0; k = r->lt->b[k].next) {
		b = &r->lt->b[k];
		a = vl->nsl;
		size = block_size(b, vl == &r->body ? SZ_BODY : r->cell_size);
		switch (b->type) {
		case B_PARA:
			rc = para_set(r, vl, b, x, w, size);
			break;
		case B_HEADING:
			rc = heading_set(r, vl, b, x, w);
			break;
		case B_LIST:
			rc = list_set(r, vl, k, x, w, size, depth);
			break;
		case B_CHECKBOX:
			rc = checkbox_set(r, vl, b, x, w, size);
			break;
		case B_LETTERHEAD:
			nb = b->next >= 0 && r->lt->b[b->next].type ==
			    B_ADDRESS ? &r->lt->b[b->next] : NULL;
			rc = header_set(r, vl, b, nb);
			if (nb != NULL)
				k = b->next;
			break;
		case B_ADDRESS:
			rc = header_set(r, vl, NULL, b);
			break;
		case B_TABLE:
		case B_FORM:
			rc = table_set(r, vl, k, x, w);
			break;
		case B_SIGNATURES:
			rc = signatures_set(r, vl, b, x, w);
			break;
		case B_BOX:
			rc = box_set(r, vl, b, x, w, depth);
			break;
		case B_GROUP:
			g = (int32_t)vl->nsl;
			rc = blocks_set(r, vl, b->first, x, w, depth + 1);
			if (rc == 0)
				keep_together(r, vl, (uint32_t)g, vl->nsl);
			break;
		case B_SPACER:
			op0 = vl->nops;
			rc = vl_slice(r, vl, op0, b->length) == NULL ? -1 : 0;
			break;
		case B_RULE:
			rc = rule_set(r, vl, x, w);
			break;
		case B_PAGEBREAK:
			r->break_pending = 1;
			break;
		default:
			err_setpos(r->err, CAREX_EINVALID, b->line, 0, "layout",
			    "<%s> is not allowed here", btype_name(b->type));
			rc = -1;
		}
		if (rc == 0 && vl->nsl > a) {
			vl->sl[a].gap = a == 0 || k == first ? 0 : gap_of(b);
			if (b->type == B_LETTERHEAD || b->type == B_ADDRESS)
				vl->sl[a].gap = a == 0 ? 0 : GAP_PARA;
			/* A heading keeps with two lines of what follows:
			 * the first slice and the next. A row that can be
			 * cut holds two lines of each cut cell in its first
			 * part, so the heading's own keep is enough. */
			if (r->keep_pending && b->type != B_HEADING &&
			    vl == &r->body) {
				if (vl->sl[a].part < 0)
					vl->sl[a].flags |= SL_KEEP;
				r->keep_pending = 0;
			}
			if (r->break_pending && vl == &r->body) {
				vl->sl[a].flags |= SL_BREAK;
				r->break_pending = 0;
			}
		}
	}
	return rc;
}

/* The banner: bold, framed, on every page above the content. */
int
banner_set(struct render *r)
{
	struct pstyle	st;
	struct run	ru;
	struct vlist	*vl = &r->banner;
	int		n;

	if (!r->lt->has_banner || r->lt->banner.len == 0)
		return 0;
	memset(&ru, 0, sizeof(ru));
	ru.off = r->lt->banner.off;
	ru.len = r->lt->banner.len;
	ru.face = FACE_BOLD;
	memset(&st, 0, sizeof(st));
	st.x = 8;
	st.w = PG_TEXTW - 16;
	st.size = 12;
	st.lead = 12 * 1.25f;
	st.align = AL_CENTER;
	if ((n = lines_set(r, vl, &ru, 1, &st, NULL)) < 0)
		return -1;
	if (n > 4) {
		err_set(r->err, CAREX_ELIMIT, "banner longer than 4 lines");
		return -1;
	}
	return 0;
}
