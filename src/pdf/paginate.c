/* SPDX-License-Identifier: MIT */
/* paginate.c - slices to pages. Fills each page first-fit, cuts a tall
 * table row where the page ends (rowsplit.c), else steps back to the
 * last place a break is allowed (keeps: widows and orphans, headings
 * with what follows, boxes, groups, signatures, table rows with their
 * headers), repeats a table's header rows at the top of a page it
 * continues on, and honours page-break. Knows nothing of drawing. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "flow.h"

static int
place(struct render *r, uint32_t slice, float y)
{
	struct place	*p;
	uint32_t	 cap;

	if (r->nplaces == r->capplaces) {
		cap = r->capplaces ? r->capplaces * 2 : 256;
		if ((p = reallocarray(r->places, cap, sizeof(*p))) == NULL) {
			err_set(r->err, CAREX_ESYS, "out of memory paginating");
			return -1;
		}
		r->places = p;
		r->capplaces = cap;
	}
	r->places[r->nplaces].slice = slice;
	r->places[r->nplaces].y = y;
	r->nplaces++;
	return 0;
}

static struct page *
page_new(struct render *r)
{
	struct page	*p;
	uint32_t	 cap;

	if (r->npages >= PG_MAXPAGES) {
		err_set(r->err, CAREX_ELIMIT, "document longer than %d pages",
		    PG_MAXPAGES);
		return NULL;
	}
	if (r->npages == r->cappages) {
		cap = r->cappages ? r->cappages * 2 : 16;
		if ((p = reallocarray(r->pages, cap, sizeof(*p))) == NULL) {
			err_set(r->err, CAREX_ESYS, "out of memory paginating");
			return NULL;
		}
		r->pages = p;
		r->cappages = cap;
	}
	p = &r->pages[r->npages++];
	p->p0 = r->nplaces;
	p->np = 0;
	return p;
}

/* Does a page that starts with slice cur, after slice prev ended the
 * page before, continue a table whose headers should be repeated? */
static const struct tbl *
continued(const struct render *r, uint32_t prev, uint32_t cur)
{
	const struct slice	*c = &r->body.sl[cur], *p = &r->body.sl[prev];

	if (c->tbl < 0 || (c->flags & SL_HEADER) || p->tbl != c->tbl)
		return NULL;
	return &r->tbls[c->tbl];
}

/* Cut row slice si to fit in room, where it does not fit whole: 1 with
 * its parts *a and *b, 0 when it cannot be cut, -1 with err. A row alone
 * on its page (first) is cut even against its widow and orphan rules
 * rather than overflow the page. */
static int
try_split(struct render *r, uint32_t si, float room, int first, uint32_t *a,
    uint32_t *b)
{
	int	rc;

	if (r->body.sl[si].part < 0)
		return 0;
	rc = rowsplit_split(r, si, room, 0, a, b);
	if (rc == 0 && first)
		rc = rowsplit_split(r, si, room, 1, a, b);
	return rc;
}

/* Fill each page first-fit, then step back to the last allowed break.
 * Pagination works on seq, the order of the slices, because a row cut at
 * a page's end leaves its rest in its place (the parts' slices are new,
 * at the end of the body). */
int
paginate(struct render *r)
{
	const struct slice	*s;
	const struct tbl	*t;
	struct page		*pg;
	uint32_t		*seq, n = r->body.nsl, prev = 0;
	uint32_t		 i = 0, j, k, brk, ok, nh, a, b;
	float			 y, g, h = r->texth;
	int			 rc = -1, cut;

	if ((seq = reallocarray(NULL, n + 1, sizeof(*seq))) == NULL) {
		err_set(r->err, CAREX_ESYS, "out of memory paginating");
		return -1;
	}
	for (k = 0; k < n; k++)
		seq[k] = k;
	do {
		if ((pg = page_new(r)) == NULL)
			goto fail;
		y = 0;
		nh = 0;
		if (i > 0 && i < n && (t = continued(r, prev, seq[i])) !=
		    NULL) {
			for (k = t->h0; k < t->h0 + t->nh; k++) {
				if (place(r, k, y) == -1)
					goto fail;
				y += r->body.sl[k].h;
			}
			nh = t->nh;
		}
		ok = i;		/* a break before position ok is allowed */
		cut = 0;
		for (j = i; j < n; j++) {
			s = &r->body.sl[seq[j]];
			if (j > i && (s->flags & SL_BREAK))
				break;
			g = j == i ? 0 : s->gap;
			if (y + g + s->h > h + 0.01f) {
				/* A tall row is cut where the page ends, when
				 * enough of it fits, rather than moved: its
				 * first part ends this page, the rest takes
				 * its place in seq and starts the next. */
				if ((cut = try_split(r, seq[j], h - y - g,
				    j == i, &a, &b)) == -1)
					goto fail;
				if (cut) {
					if (place(r, a, y + g) == -1)
						goto fail;
					seq[j] = b;
					break;
				}
				/* The first slice always goes: it may be
				 * taller than a page only when nothing could
				 * split it. */
				if (j > i)
					break;
			}
			if (place(r, seq[j], y + g) == -1)
				goto fail;
			y += g + s->h;
			if (!(s->flags & SL_KEEP))
				ok = j + 1;
		}
		if (cut || j == n || (r->body.sl[seq[j]].flags & SL_BREAK))
			brk = j;
		else if (ok > i)
			brk = ok;	/* back to the last allowed break */
		else
			brk = j;	/* a keep longer than a page */
		/* One place per position from i, after the headers, and the
		 * first part of a cut row. */
		r->nplaces = pg->p0 + nh + (brk - i) + (cut ? 1 : 0);
		pg->np = r->nplaces - pg->p0;
		if (pg->np > 0)
			prev = r->places[r->nplaces - 1].slice;
		i = brk;
	} while (i < n);
	/* Bookmarks point at where their heading landed. */
	s = r->body.sl;
	for (k = 0; k < r->npages; k++) {
		pg = &r->pages[k];
		for (j = pg->p0; j < pg->p0 + pg->np; j++) {
			if (s[r->places[j].slice].outline < 0)
				continue;
			r->outlines[s[r->places[j].slice].outline].page =
			    (int32_t)k;
			r->outlines[s[r->places[j].slice].outline].y =
			    r->places[j].y;
		}
	}
	rc = rowsplit_materialize(r);
fail:
	free(seq);
	return rc;
}
