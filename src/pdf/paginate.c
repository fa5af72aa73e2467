/* SPDX-License-Identifier: MIT */
/* paginate.c - slices to pages. Fills each page first-fit, then steps
 * back to the last place a break is allowed (keeps: widows and orphans,
 * headings with what follows, boxes, groups, signatures, table rows with
 * their headers), repeats a table's header rows at the top of a page it
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

/* Does the page starting at slice i continue a table whose headers
 * should be repeated? */
static const struct tbl *
continued(const struct render *r, uint32_t i)
{
	const struct slice	*s = r->body.sl;

	if (i == 0 || s[i].tbl < 0 || (s[i].flags & SL_HEADER) ||
	    s[i - 1].tbl != s[i].tbl)
		return NULL;
	return &r->tbls[s[i].tbl];
}

int
paginate(struct render *r)
{
	const struct slice	*s = r->body.sl;
	const struct tbl	*t;
	struct page		*pg;
	uint32_t		 n = r->body.nsl, i = 0, j, k, brk, ok;
	float			 y, g, h = r->texth;

	do {
		if ((pg = page_new(r)) == NULL)
			return -1;
		y = 0;
		if (i < n && (t = continued(r, i)) != NULL) {
			for (k = t->h0; k < t->h0 + t->nh; k++) {
				if (place(r, k, y) == -1)
					return -1;
				y += s[k].h;
			}
		}
		ok = i;		/* a break before slice ok is allowed */
		for (j = i; j < n; j++) {
			if (j > i && (s[j].flags & SL_BREAK))
				break;
			g = j == i ? 0 : s[j].gap;
			/* The first slice always goes: it may be taller
			 * than a page only when nothing could split it. */
			if (j > i && y + g + s[j].h > h + 0.01f)
				break;
			if (place(r, j, y + g) == -1)
				return -1;
			y += g + s[j].h;
			if (!(s[j].flags & SL_KEEP))
				ok = j + 1;
		}
		if (j == n || (s[j].flags & SL_BREAK))
			brk = j;
		else if (ok > i)
			brk = ok;	/* step back to the last allowed break */
		else
			brk = j;	/* a keep longer than a page: give way */
		while (r->nplaces > pg->p0 &&
		    r->places[r->nplaces - 1].slice >= brk)
			r->nplaces--;
		pg->np = r->nplaces - pg->p0;
		i = brk;
	} while (i < n);
	/* Bookmarks point at where their heading landed. */
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
	return 0;
}
