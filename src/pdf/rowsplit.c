/* SPDX-License-Identifier: MIT */
/* rowsplit.c - table and form rows that pagination may split between
 * the lines of their cells, as FOP and Word do, instead of moving a tall
 * row (and, through keeps, the heading before it) to the next page.
 * Records where each cell line of such a row sits; cuts a row part where
 * a page ends; makes the ops of the parts that were placed. Decides
 * nothing about where pages end: that is paginate.c. */
#include "config.h"

#include <string.h>

#include "flow.h"

/* Where a cut leaves at least this many lines of a cell on each side;
 * cells shorter than ROW_MINLINES are never cut. */
#define ROW_SIDELINES	2

static int
part_new(struct render *r, uint32_t *idx)
{
	if (vl_grow(&r->parts, &r->capparts, r->nparts, sizeof(*r->parts),
	    FL_MAXSLICES) == -1) {
		err_set(r->err, CAREX_ELIMIT, "too many table rows to split");
		return -1;
	}
	*idx = r->nparts++;
	memset(&r->parts[*idx], 0, sizeof(r->parts[*idx]));
	return 0;
}

/* Compose the cells in cols side by side as one slice of vl, as compose()
 * does for a row that fits, and keep where each cell line went so that
 * rowsplit_split() can cut the row later. The cells' first lines have no
 * gap (blocks_set gives the first block none). */
int
rowsplit_row(struct render *r, struct vlist *vl, struct vlist *cols,
    const float *xs, int ncols, float padt, float padb,
    const struct rowdeco *d)
{
	const struct slice	*s;
	struct rline		*l;
	struct op		*o;
	struct row		*rw;
	struct rowpart		*p;
	struct slice		*out;
	uint32_t		 op0 = vl->nops, k, i, pi, ri;
	float			 y, content = 0;
	int			 c;

	if (ncols > 12)
		ncols = 12;
	if (vl_grow(&r->rows, &r->caprows, r->nrows, sizeof(*r->rows),
	    FL_MAXSLICES) == -1) {
		err_set(r->err, CAREX_ELIMIT, "too many table rows");
		return -1;
	}
	ri = r->nrows++;
	rw = &r->rows[ri];
	memset(rw, 0, sizeof(*rw));
	rw->d = *d;
	rw->padt = padt;
	rw->padb = padb;
	rw->l0 = r->nrlines;
	rw->ncells = ncols;
	for (c = 0; c < ncols; c++) {
		y = 0;
		for (k = 0; k < cols[c].nsl; k++) {
			s = &cols[c].sl[k];
			if (vl_grow(&r->rlines, &r->caprlines, r->nrlines,
			    sizeof(*r->rlines), FL_MAXOPS) == -1) {
				err_set(r->err, CAREX_ELIMIT, "table rows too "
				    "long");
				return -1;
			}
			if (k > 0)
				y += s->gap;
			l = &r->rlines[r->nrlines++];
			l->y = y;
			l->h = s->h;
			l->op0 = vl->nops;
			l->keep = (s->flags & SL_KEEP) != 0;
			for (i = s->op0; i < s->op0 + s->nop; i++) {
				if ((o = vl_op(r, vl, OP_TEXT)) == NULL)
					return -1;
				*o = cols[c].ops[i];
				o->x += xs[c];
				o->y += padt + y;
			}
			l->nop = vl->nops - l->op0;
			y += s->h;
		}
		r->rows[ri].nl[c] = k;
		if (y > content)
			content = y;
	}
	if (table_deco(r, vl, padt + content + padb, 0,
	    &r->rows[ri].d) == -1 ||
	    (out = vl_slice(r, vl, op0, padt + content + padb)) == NULL ||
	    part_new(r, &pi) == -1)
		return -1;
	p = &r->parts[pi];
	p->row = ri;
	for (c = 0; c < ncols; c++)
		p->k1[c] = r->rows[ri].nl[c];
	vl->sl[vl->nsl - 1].part = (int32_t)pi;
	return 0;
}

/* Where to cut one cell whose lines [k0, k1) start the part: the end of
 * the lines that go on this page. avail is the content height left. 1
 * with *cut, or 0 when the cell cannot be cut to fit. Not forced: the
 * whole cell when it fits; else at least ROW_SIDELINES lines each side,
 * never after a line that keeps with the next (a paragraph's widow and
 * orphan lines), and never a cell shorter than ROW_MINLINES. Forced (the
 * part is alone on its page and still too tall): as many lines as fit,
 * perhaps none. */
static int
cell_cut(const struct rline *l, uint32_t k0, uint32_t k1, float avail,
    int force, uint32_t *cut)
{
	float		top;
	uint32_t	k, best = k0;

	/* A cell with no lines left has none to read, l[k0] included. */
	if (k1 == k0 || l[k1 - 1].y + l[k1 - 1].h - l[k0].y <=
	    avail + 0.01f) {
		*cut = k1;
		return 1;
	}
	top = l[k0].y;
	if (!force && k1 - k0 < ROW_MINLINES)
		return 0;
	for (k = k0 + 1; k < k1; k++) {
		if (l[k - 1].y + l[k - 1].h - top > avail + 0.01f)
			break;
		if (force || (k - k0 >= ROW_SIDELINES &&
		    k1 - k >= ROW_SIDELINES && !l[k - 1].keep))
			best = k;
	}
	if (best == k0 && !force)
		return 0;
	*cut = best;
	return 1;
}

/* Height of lines [k0, k1) of each cell, padding included. */
static float
part_height(const struct render *r, const struct row *rw,
    const uint32_t *k0, const uint32_t *k1)
{
	const struct rline	*l = r->rlines + rw->l0;
	float			 content = 0, h;
	int			 c;

	for (c = 0; c < rw->ncells; l += rw->nl[c], c++) {
		if (k1[c] == k0[c])
			continue;
		h = l[k1[c] - 1].y + l[k1[c] - 1].h - l[k0[c]].y;
		if (h > content)
			content = h;
	}
	return rw->padt + content + rw->padb;
}

/* A new lazy slice for a part of row slice `from`. */
static int
part_slice(struct render *r, uint32_t from, uint32_t pi, float h,
    uint32_t *out)
{
	struct slice	*s;

	if ((s = vl_slice(r, &r->body, r->body.nops, h)) == NULL)
		return -1;
	s->deco = r->body.sl[from].deco;
	s->tbl = r->body.sl[from].tbl;
	s->part = (int32_t)pi;
	*out = r->body.nsl - 1;
	return 0;
}

/* Cut the row part in body slice si so that its first part fits in room
 * (points from its top to the page's foot). On success returns 1 with
 * the two new slices *a (this page) and *b (the rest): a takes the
 * row's gap, page-break and bookmark, b its keep. 0 when no allowed cut
 * fits (see cell_cut; force relaxes the rules and always cuts when the
 * part has more than one line), -1 with err. */
int
rowsplit_split(struct render *r, uint32_t si, float room, int force,
    uint32_t *a, uint32_t *b)
{
	const struct rline	*l;
	const struct row	*rw;
	struct rowpart		 p, pa, pb;
	uint32_t		 cut, ia, ib;
	float			 avail;
	int			 c, more = 0, some = 0;

	if (r->body.sl[si].part < 0)
		return 0;
	p = r->parts[r->body.sl[si].part];
	rw = &r->rows[p.row];
	pa = p;
	pb = p;
	avail = room - rw->padt - rw->padb;
	l = r->rlines + rw->l0;
	for (c = 0; c < rw->ncells; l += rw->nl[c], c++) {
		if (!cell_cut(l, p.k0[c], p.k1[c], avail, force, &cut))
			return 0;
		pa.k1[c] = cut;
		pb.k0[c] = cut;
		more |= cut < p.k1[c];
		some |= cut > p.k0[c];
	}
	if (!more)
		return 0;	/* it fits after all */
	if (!some) {
		/* Forced and not even one line fits: take one line of the
		 * first cell that has any, so every page makes progress. */
		for (c = 0; c < rw->ncells && p.k1[c] == p.k0[c]; c++)
			;
		if (c == rw->ncells)
			return 0;
		pa.k1[c] = pb.k0[c] = p.k0[c] + 1;
		for (more = 0, c = 0; c < rw->ncells; c++)
			more |= pb.k0[c] < pb.k1[c];
		if (!more)
			return 0;
	}
	pa.lazy = pb.lazy = 1;
	pb.cont = 1;
	if (part_new(r, &ia) == -1 || part_new(r, &ib) == -1)
		return -1;
	r->parts[ia] = pa;
	r->parts[ib] = pb;
	/* vl_slice counts every slice towards the page limit; the parts
	 * replace their row, so only what they add may count. */
	r->body.height -= r->body.sl[si].h;
	if (part_slice(r, si, ia, part_height(r, rw, pa.k0, pa.k1), a) == -1 ||
	    part_slice(r, si, ib, part_height(r, rw, pb.k0, pb.k1), b) == -1)
		return -1;
	r->body.sl[*a].gap = r->body.sl[si].gap;
	r->body.sl[*a].outline = r->body.sl[si].outline;
	r->body.sl[*a].flags = r->body.sl[si].flags & SL_BREAK;
	r->body.sl[*b].flags = r->body.sl[si].flags & ~SL_BREAK;
	return 1;
}

/* The ops of one lazy part: its lines moved up to the part's top, then
 * the row's decoration at the part's height. */
static int
part_ops(struct render *r, uint32_t si)
{
	struct slice		*s = &r->body.sl[si];
	const struct rowpart	*p = &r->parts[s->part];
	const struct row	*rw = &r->rows[p->row];
	const struct rline	*l = r->rlines + rw->l0;
	struct op		*o;
	uint32_t		 op0 = r->body.nops, k, i;
	float			 h = s->h, dy;
	int			 c, cont = p->cont;

	for (c = 0; c < rw->ncells; l += rw->nl[c], c++) {
		if (p->k0[c] == p->k1[c])
			continue;	/* a finished cell is left blank */
		dy = l[p->k0[c]].y;
		for (k = p->k0[c]; k < p->k1[c]; k++) {
			for (i = l[k].op0; i < l[k].op0 + l[k].nop; i++) {
				if ((o = vl_op(r, &r->body, OP_TEXT)) == NULL)
					return -1;
				*o = r->body.ops[i];
				o->y -= dy;
			}
		}
	}
	if (table_deco(r, &r->body, h, cont, &r->rows[p->row].d) == -1)
		return -1;
	s = &r->body.sl[si];
	s->op0 = op0;
	s->nop = r->body.nops - op0;
	r->parts[s->part].lazy = 0;
	return 0;
}

/* Make the ops of every row part pagination placed. After paginate. */
int
rowsplit_materialize(struct render *r)
{
	uint32_t	i, si;

	for (i = 0; i < r->nplaces; i++) {
		si = r->places[i].slice;
		if (r->body.sl[si].part >= 0 &&
		    r->parts[r->body.sl[si].part].lazy &&
		    part_ops(r, si) == -1)
			return -1;
	}
	return 0;
}
