/* SPDX-License-Identifier: MIT */
/* table.c - tables and forms as rows of slices: column widths from
 * weights, cells laid out side by side (compose), shading and borders,
 * header rows marked for repeating; tall body rows are handed to
 * rowsplit.c so pagination can split them between lines. compose() also
 * sets anything else in columns (letterhead and address, signatures). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "flow.h"

#define CELL_PADX	4.5f
#define CELL_PADY	3.0f
#define FORM_NUMW	26.0f
#define MIN_COLW	18.0f
#define SHADE		225	/* header and label cells */

static int
op_copy(struct render *r, struct vlist *out, const struct op *src, float dx,
    float dy)
{
	struct op	*o;

	if ((o = vl_op(r, out, src->kind)) == NULL)
		return -1;
	*o = *src;
	o->x += dx;
	o->y += dy;
	return 0;
}

int
compose(struct render *r, struct vlist *out, struct vlist *cols,
    const float *xs, const float *dys, int ncols, float padt, float padb,
    float maxh, deco_fn fn, void *arg)
{
	uint32_t	 cur[12], i, op0;
	const struct slice *s;
	float		 room, y, g, content, h;
	int		 c, chunk = 0, more, first;

	if (ncols > 12)
		ncols = 12;
	memset(cur, 0, sizeof(cur));
	room = maxh - padt - padb;
	do {
		op0 = out->nops;
		content = 0;
		for (c = 0; c < ncols; c++) {
			y = chunk == 0 ? dys[c] : 0;
			for (first = 1; cur[c] < cols[c].nsl; first = 0) {
				s = &cols[c].sl[cur[c]];
				g = first ? 0 : s->gap;
				/* Each chunk takes at least one slice of a
				 * column: progress is guaranteed. */
				if (!first && y + g + s->h > room)
					break;
				y += g;
				for (i = s->op0; i < s->op0 + s->nop; i++)
					if (op_copy(r, out, &cols[c].ops[i],
					    xs[c], padt + y) == -1)
						return -1;
				y += s->h;
				cur[c]++;
			}
			if (y > content)
				content = y;
		}
		h = padt + content + padb;
		if (fn != NULL && fn(r, out, h, chunk, arg) == -1)
			return -1;
		if (vl_slice(r, out, op0, h) == NULL)
			return -1;
		chunk++;
		for (more = 0, c = 0; c < ncols; c++)
			more |= cur[c] < cols[c].nsl;
	} while (more);
	return 0;
}

static int
rect(struct render *r, struct vlist *vl, int kind, float x, float y, float w,
    float h, int gray, int lw)
{
	struct op	*o;

	if ((o = vl_op(r, vl, kind)) == NULL)
		return -1;
	o->x = x;
	o->y = y;
	o->w = w;
	o->h = h;
	o->gray = (uint8_t)gray;
	o->lw = (uint8_t)lw;
	return 0;
}

/* Shading, frames and rules of a row (or a part of one) h high; every
 * part of a split row is drawn whole, closed at the page foot and opened
 * again at the top of the next. */
int
table_deco(struct render *r, struct vlist *vl, float h, int chunk, void *arg)
{
	struct rowdeco	*d = arg;
	float		 x0, x1;
	int		 i;

	if (d->border == BD_ROWS && (d->top || chunk > 0) && rect(r, vl,
	    OP_LINE, d->left, 0, d->right - d->left, 0, 0, 2) == -1)
		return -1;
	for (i = 0; i < d->ncells; i++) {
		x0 = d->x[d->col[i]];
		x1 = d->x[d->col[i] + d->span[i]];
		if ((d->shade[i] || d->header) && rect(r, vl, OP_FILL, x0, 0,
		    x1 - x0, h, SHADE, 0) == -1)
			return -1;
		if (d->border == BD_GRID && rect(r, vl, OP_STROKE, x0, 0,
		    x1 - x0, h, 0, 2) == -1)
			return -1;
	}
	if (d->border == BD_ROWS && rect(r, vl, OP_LINE, d->left, h,
	    d->right - d->left, 0, 0, 2) == -1)
		return -1;
	return 0;
}

/* Column edges for a table (weights) or a form (number, label, value). */
static int
columns(struct render *r, const struct block *b, float x, float w,
    float *edges, int *ncol)
{
	float		 sum = 0, numw;
	int		 i, n;

	if (b->type == B_FORM) {
		numw = b->ncol ? FORM_NUMW : 0;
		edges[0] = x;
		edges[1] = x + numw;
		edges[2] = edges[1] + (w - numw) * b->length / 100;
		edges[3] = x + w;
		*ncol = 3;
		return 0;
	}
	n = b->ncol;
	for (i = 0; i < n; i++)
		sum += r->lt->widths[b->w0 + i];
	edges[0] = x;
	for (i = 0; i < n; i++) {
		edges[i + 1] = edges[i] + w * r->lt->widths[b->w0 + i] / sum;
		if (edges[i + 1] - edges[i] < MIN_COLW) {
			err_setpos(r->err, CAREX_EINVALID, b->line, 0, "layout",
			    "<table> column %d is too narrow to set (widths "
			    "give it %.1f pt)", i + 1, edges[i + 1] - edges[i]);
			return -1;
		}
	}
	edges[n] = x + w;
	*ncol = n;
	return 0;
}

static int
row_set(struct render *r, struct vlist *vl, const struct block *tb,
    const struct block *row, struct rowdeco *d, const float *edges, int ncol,
    float maxh, int header)
{
	struct vlist		 cols[12];
	float			 xs[12], dys[12];
	const struct block	*c;
	int32_t			 k;
	int			 n = 0, col = 0, span, rc = -1, i, tall;

	memset(cols, 0, sizeof(cols));
	memset(d->shade, 0, sizeof(d->shade));
	k = row->first;
	/* A form without numbers has no number column: skip its cell. */
	if (tb->type == B_FORM && !tb->ncol && k >= 0) {
		k = r->lt->b[k].next;
		col = 1;
	}
	for (; k >= 0; k = r->lt->b[k].next, n++) {
		c = &r->lt->b[k];
		if (col >= ncol || n >= 12) {
			err_setpos(r->err, CAREX_EINVALID, c->line, 0, "layout",
			    "<row> has more cells than its table's %d "
			    "columns", ncol);
			goto fail;
		}
		span = c->colspan < 1 ? 1 : c->colspan;
		if (col + span > ncol)
			span = ncol - col;	/* a span past the row ends it */
		d->col[n] = col;
		d->span[n] = span;
		d->shade[n] = c->shade;
		xs[n] = edges[col] + CELL_PADX;
		dys[n] = 0;
		r->cell_bold = header;
		if (blocks_set(r, &cols[n], c->first, 0,
		    edges[col + span] - edges[col] - 2 * CELL_PADX, 1) == -1)
			goto fail;
		col += span;
	}
	/* Cells missing at the end of a short row still get their frame. */
	if (col < ncol && n < 12) {
		d->col[n] = col;
		d->span[n] = ncol - col;
		d->shade[n] = 0;
		xs[n] = edges[col];
		dys[n] = 0;
		n++;
	}
	d->ncells = n;
	d->header = header;
	/* A body row with a cell of several lines may be split between
	 * lines by pagination; header rows repeat, so they stay whole. */
	for (i = 0, tall = 0; i < n; i++)
		tall |= cols[i].nsl >= ROW_MINLINES;
	if (tall && !header && vl == &r->body)
		rc = rowsplit_row(r, vl, cols, xs, n, CELL_PADY, CELL_PADY + 1,
		    d);
	else
		rc = compose(r, vl, cols, xs, dys, n, CELL_PADY, CELL_PADY + 1,
		    maxh, table_deco, d);
fail:
	r->cell_bold = 0;
	for (i = 0; i < 12; i++)
		vl_free(&cols[i]);
	return rc;
}

int
table_set(struct render *r, struct vlist *vl, int32_t bi, float x, float w)
{
	const struct block	*b = &r->lt->b[bi];
	struct rowdeco		 d;
	struct tbl		*t = NULL;
	float			 edges[13], maxh, hh = 0;
	int32_t			 k, deco = -1, ti = -1;
	uint32_t		 a, i, nrow = 0, first = vl->nsl;
	int			 ncol, header, nh;
	void			*p;

	if (columns(r, b, x, w, edges, &ncol) == -1)
		return -1;
	memset(&d, 0, sizeof(d));
	memcpy(d.x, edges, sizeof(float) * (size_t)(ncol + 1));
	d.border = b->border;
	d.left = x;
	d.right = x + w;
	r->cell_size = b->size > 0 ? b->size : SZ_TABLE;
	nh = b->type == B_TABLE ? b->header_rows : 0;
	if (b->border == BD_OUTER && (deco = deco_add(r, x, w, 255, 3)) == -1)
		return -1;
	if (nh > 0 && vl == &r->body) {
		if (r->ntbls == r->captbls) {
			r->captbls = r->captbls ? r->captbls * 2 : 8;
			if ((p = reallocarray(r->tbls, r->captbls,
			    sizeof(*t))) == NULL) {
				err_set(r->err, CAREX_ESYS, "out of memory");
				return -1;
			}
			r->tbls = p;
		}
		ti = (int32_t)r->ntbls++;
		t = &r->tbls[ti];
		t->h0 = vl->nsl;
		t->nh = 0;
		t->height = 0;
	}
	for (k = b->first; k >= 0; k = r->lt->b[k].next, nrow++) {
		header = nrow < (uint32_t)nh;
		a = vl->nsl;
		/* A header row taller than a page is cut into chunks that
		 * fit (so it can be placed at all); tall body rows are
		 * split later, where a page actually ends (rowsplit.c). */
		d.top = nrow == 0;
		maxh = r->texth - (header ? 0 : hh);
		if (maxh < r->texth / 3)
			maxh = r->texth / 3;
		if (row_set(r, vl, b, &r->lt->b[k], &d, edges, ncol, maxh,
		    header) == -1)
			return -1;
		for (i = a; i < vl->nsl; i++) {
			vl->sl[i].deco = deco;
			vl->sl[i].tbl = ti;
			if (header) {
				vl->sl[i].flags |= SL_HEADER | SL_KEEP;
				hh += vl->sl[i].h;
			}
		}
		if (header && t != NULL) {
			t = &r->tbls[ti];
			t->nh = vl->nsl - t->h0;
			t->height = hh;
		}
	}
	/* Headers that are the whole table repeat nowhere. */
	if (t != NULL && t->h0 + t->nh >= vl->nsl)
		for (i = first; i < vl->nsl; i++)
			vl->sl[i].tbl = -1;
	r->cell_size = SZ_TABLE;
	return 0;
}
