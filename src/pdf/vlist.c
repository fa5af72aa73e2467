/* SPDX-License-Identifier: MIT */
/* vlist.c - growing the typesetter's vertical lists (flow.h): ops,
 * slices, frames and strings, each bounded so that hostile input runs out
 * of budget with an error instead of memory. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "flow.h"

void
vl_free(struct vlist *vl)
{
	free(vl->ops);
	free(vl->sl);
	memset(vl, 0, sizeof(*vl));
}

/* Grow the array at *vp (of *cap elements of size sz) to hold n+1; -1
 * past max elements or out of memory, the array then unchanged. */
int
vl_grow(void *vp, uint32_t *cap, uint32_t n, size_t sz, uint32_t max)
{
	void	**v = vp;
	void	 *p;
	uint32_t  c;

	if (n < *cap)
		return 0;
	if (n >= max)
		return -1;
	c = *cap ? *cap * 2 : 64;
	if (c > max)
		c = max;
	if ((p = reallocarray(*v, c, sz)) == NULL)
		return -1;
	*v = p;
	*cap = c;
	return 0;
}

struct op *
vl_op(struct render *r, struct vlist *vl, int kind)
{
	struct op	*o;

	if (vl_grow(&vl->ops, &vl->capops, vl->nops, sizeof(*o), FL_MAXOPS)) {
		err_set(r->err, CAREX_ELIMIT, "document too large to set "
		    "(more than %u drawing operations)", FL_MAXOPS);
		return NULL;
	}
	o = &vl->ops[vl->nops++];
	memset(o, 0, sizeof(*o));
	o->kind = (uint8_t)kind;
	o->lw = 2;
	return o;
}

struct slice *
vl_slice(struct render *r, struct vlist *vl, uint32_t op0, float h)
{
	struct slice	*s;

	if (vl_grow(&vl->sl, &vl->capsl, vl->nsl, sizeof(*s), FL_MAXSLICES)) {
		err_set(r->err, CAREX_ELIMIT, "document too large to set "
		    "(more than %u lines)", FL_MAXSLICES);
		return NULL;
	}
	vl->height += h;
	/* Anything taller than the page limit can never be output: stop
	 * now rather than lay out a 5 MB paragraph to the end. */
	if (vl->height > (double)PG_MAXPAGES * PG_TEXTH) {
		err_set(r->err, CAREX_ELIMIT, "document longer than %d pages",
		    PG_MAXPAGES);
		return NULL;
	}
	s = &vl->sl[vl->nsl++];
	memset(s, 0, sizeof(*s));
	s->h = h;
	s->op0 = op0;
	s->nop = vl->nops - op0;
	s->deco = -1;
	s->tbl = -1;
	s->outline = -1;
	s->part = -1;
	return s;
}

int
vl_text(struct render *r, struct vlist *vl, int face, float size, float x,
    float y, uint32_t off, uint32_t len)
{
	struct op	*o;

	if ((o = vl_op(r, vl, OP_TEXT)) == NULL)
		return -1;
	o->face = (uint8_t)face;
	o->w = size;
	o->x = x;
	o->y = y;
	o->off = off;
	o->len = len;
	return 0;
}

/* Copy a string the typesetter made into the arena; its offset, or 0
 * (never a real string) when the arena is full, with err set. */
uint32_t
str_add(struct render *r, const char *s, size_t n)
{
	uint32_t	off = (uint32_t)r->lt->text.len;

	if (buf_add(&r->lt->text, s, n) == -1) {
		err_set(r->err, CAREX_ELIMIT, "layout text too large");
		return 0;
	}
	return off;
}

/* Append a copy of arena bytes [off, off+len) to the arena. buf_add may
 * move the arena, so the bytes go through a small bounce buffer; 0 (with
 * err) when the arena is full, else nonzero. */
int
str_copy(struct render *r, uint32_t off, uint32_t len)
{
	char		tmp[512];
	uint32_t	i, n;

	for (i = 0; i < len; i += n) {
		n = len - i < sizeof(tmp) ? len - i : (uint32_t)sizeof(tmp);
		memcpy(tmp, r->lt->text.data + off + i, n);
		if (buf_add(&r->lt->text, tmp, n) == -1) {
			err_set(r->err, CAREX_ELIMIT, "layout text too large");
			return 0;
		}
	}
	return 1;
}

int32_t
deco_add(struct render *r, float x, float w, int fill, int lw)
{
	struct deco	*d;

	if (vl_grow(&r->decos, &r->capdecos, r->ndecos, sizeof(*d),
	    LT_MAXBLOCKS)) {
		err_set(r->err, CAREX_ELIMIT, "too many boxes");
		return -1;
	}
	d = &r->decos[r->ndecos];
	d->x = x;
	d->w = w;
	d->fill = (uint8_t)fill;
	d->lw = (uint8_t)lw;
	d->pad = 0;
	return (int32_t)r->ndecos++;
}
