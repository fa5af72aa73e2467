/* SPDX-License-Identifier: MIT */
/* inline.c - inline content of the layout (text, b, i, br) into runs of
 * one face over the text arena, with white space collapsed as a reader
 * expects: runs of spaces, tabs and newlines become one space, none at
 * the start of a line. Part of the layout reader (reader.h). */
#include "config.h"

#include <string.h>

#include <libxml/tree.h>

#include "font.h"
#include "reader.h"

/* Make sure the runs about to be added have a block: the paragraph being
 * read, or an implicit one opened in a cell or item. */
int
inline_para(struct ltree *t, struct icx *c, const xmlNode *n,
    struct carex_err *err)
{
	if (c->para >= 0)
		return 0;
	if ((c->para = ltree_block(t, c->parent, B_PARA, n, err)) == -1)
		return -1;
	t->b[c->para].implicit = 1;
	return 0;
}

/* Append collapsed text in the current face, extending the last run when
 * it is the same face and ends where the arena ends. */
int
inline_text(struct ltree *t, struct icx *c, const xmlChar *p, long line,
    struct carex_err *err)
{
	struct run		*r = NULL;
	size_t			 i, j;
	int			 ws;

	if (p == NULL)
		return 0;
	for (i = 0; p[i] != '\0'; i = j) {
		ws = p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r';
		for (j = i + 1; p[j] != '\0'; j++)
			if ((p[j] == ' ' || p[j] == '\t' || p[j] == '\n' ||
			    p[j] == '\r') != ws)
				break;
		if (ws) {
			if (!c->atstart)
				c->pending = 1;
			continue;
		}
		if (inline_para(t, c, NULL, err) == -1)
			return -1;
		if (t->b[c->para].line == 0)
			t->b[c->para].line = (uint32_t)line;
		r = t->nr > t->b[c->para].run0 ? &t->r[t->nr - 1] : NULL;
		if (r == NULL || r->br || r->face != c->face ||
		    r->off + r->len != t->text.len) {
			if ((r = ltree_run(t, err)) == NULL)
				return -1;
			r->off = (uint32_t)t->text.len;
			r->face = (uint8_t)c->face;
			r->line = (uint32_t)line;
		}
		if (c->pending) {
			if (ltree_text(t, " ", 1, line, err) == -1)
				return -1;
			r->len++;
		}
		if (ltree_text(t, p + i, j - i, line, err) == -1)
			return -1;
		r->len += (uint32_t)(j - i);
		c->pending = 0;
		c->atstart = 0;
	}
	return 0;
}

int
inline_br(struct ltree *t, struct icx *c, const xmlNode *n,
    struct carex_err *err)
{
	struct run	*r;

	if (inline_para(t, c, n, err) == -1 || (r = ltree_run(t, err)) == NULL)
		return -1;
	r->br = 1;
	r->off = (uint32_t)t->text.len;
	r->line = (uint32_t)lineof(n);
	c->pending = 0;
	c->atstart = 1;
	return 0;
}

/* Each child of n through inline_node; an element not allowed there is
 * an error naming both. */
static int
inline_children(struct ltree *t, struct icx *c, const xmlNode *n, int depth,
    struct carex_err *err)
{
	const xmlNode	*k;
	int		 rc;

	for (k = n->children; k != NULL; k = k->next) {
		if ((rc = inline_node(t, c, k, depth, err)) == -1)
			return -1;
		if (rc == 1) {
			err_setpos(err, CAREX_EINVALID, lineof(k), 0, "layout",
			    "<%s> is not allowed inside <%s>", ename(k),
			    ename(n));
			return -1;
		}
	}
	return 0;
}

/* One inline node: text, b, i or br. 1 when n is not inline (the caller
 * decides what else it may be), 0 when read, -1 on error. */
int
inline_node(struct ltree *t, struct icx *c, const xmlNode *n, int depth,
    struct carex_err *err)
{
	int		 face;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		return inline_text(t, c, n->content, lineof(n), err);
	if (is_ignorable(n))
		return 0;
	if (named(n, "br"))
		return inline_br(t, c, n, err);
	if (!named(n, "b") && !named(n, "i"))
		return 1;
	if (depth > LT_MAXDEPTH) {
		err_setpos(err, CAREX_ELIMIT, lineof(n), 0, "layout",
		    "<%s> nested more than %d deep", ename(n), LT_MAXDEPTH);
		return -1;
	}
	face = c->face;
	c->face |= named(n, "b") ? FACE_BOLD : FACE_ITALIC;
	if (inline_children(t, c, n, depth + 1, err) == -1)
		return -1;
	c->face = face;
	return 0;
}

void
inline_init(struct icx *c, int32_t parent, int32_t para)
{
	memset(c, 0, sizeof(*c));
	c->parent = parent;
	c->para = para;
	c->atstart = 1;
}

void
inline_close(struct ltree *t, struct icx *c)
{
	if (c->para >= 0)
		t->b[c->para].nrun = t->nr - t->b[c->para].run0;
}

/* Read the inline children of n into block bi. */
int
inline_read(struct ltree *t, int32_t bi, const xmlNode *n, int depth,
    struct carex_err *err)
{
	struct icx	 c;

	inline_init(&c, -1, bi);
	t->b[bi].run0 = t->nr;
	if (inline_children(t, &c, n, depth, err) == -1)
		return -1;
	inline_close(t, &c);
	return 0;
}
