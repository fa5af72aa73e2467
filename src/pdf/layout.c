/* SPDX-License-Identifier: MIT */
/* layout.c - read a layout document into a block tree (layout.h).
 * Checks the vocabulary and every attribute the typesetter uses, collapses
 * white space, and bounds depth and size so that any tree, however
 * hostile, costs bounded time and memory. Does no geometry. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "font.h"
#include "layout.h"

#define LAYOUT_NS	"urn:carex:layout:1"

static const char *const bnames[] = {
	"body", "letterhead", "address", "heading", "para", "list", "item",
	"table", "row", "cell", "form", "checkbox", "signatures", "signature",
	"box", "group", "spacer", "rule", "page-break"
};

const char *
btype_name(int type)
{
	if (type < 0 || (size_t)type >= sizeof(bnames) / sizeof(bnames[0]))
		return "?";
	return bnames[type];
}

/* The state of white-space collapsing across the runs of one paragraph. */
struct icx {
	int32_t	 parent;	/* block that receives an implicit para */
	int32_t	 para;		/* block the runs belong to, -1: not yet */
	int	 pending;	/* a space is owed before the next text */
	int	 atstart;	/* nothing but breaks so far on this line */
	int	 face;
};

static int	read_blocks(struct ltree *, int32_t, const xmlNode *, int,
		    struct carex_err *);
static int	read_block(struct ltree *, int32_t, const xmlNode *, int,
		    struct carex_err *);

static const char *
ename(const xmlNode *n)
{
	return (const char *)n->name;
}

static long
lineof(const xmlNode *n)
{
	return xmlGetLineNo(n);
}

static int
is_ours(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && (n->ns == NULL ||
	    xmlStrcmp(n->ns->href, (const xmlChar *)LAYOUT_NS) == 0);
}

static int
named(const xmlNode *n, const char *name)
{
	return is_ours(n) && xmlStrcmp(n->name, (const xmlChar *)name) == 0;
}

/* Is this node something a reader would call content? Comments and
 * processing instructions are not. */
static int
is_ignorable(const xmlNode *n)
{
	return n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE ||
	    n->type == XML_XINCLUDE_START || n->type == XML_XINCLUDE_END;
}

static int
is_blank(const xmlNode *n)
{
	const xmlChar	*p;

	if (n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE)
		return 0;
	for (p = n->content; p != NULL && *p != '\0'; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return 0;
	return 1;
}

static int
text_add(struct ltree *t, const void *p, size_t n, long line,
    struct carex_err *err)
{
	if (buf_add(&t->text, p, n) == -1) {
		err_setpos(err, CAREX_ELIMIT, line, 0, "layout",
		    "layout text larger than %u bytes", LT_MAXTEXT);
		return -1;
	}
	return 0;
}

static int
str_set(struct ltree *t, struct str *s, const xmlChar *v, long line,
    struct carex_err *err)
{
	size_t	n = v == NULL ? 0 : strlen((const char *)v);

	s->off = (uint32_t)t->text.len;
	s->len = (uint32_t)n;
	return n == 0 ? 0 : text_add(t, v, n, line, err);
}

static int32_t
block_new(struct ltree *t, int32_t parent, int type, const xmlNode *n,
    struct carex_err *err)
{
	struct block	*b;
	uint32_t	 cap;
	int32_t		 i;

	if (t->nb == t->capb) {
		if (t->nb >= LT_MAXBLOCKS) {
			err_setpos(err, CAREX_ELIMIT, lineof(n), 0, "layout",
			    "more than %u blocks", LT_MAXBLOCKS);
			return -1;
		}
		cap = t->capb ? t->capb * 2 : 64;
		if ((b = reallocarray(t->b, cap, sizeof(*b))) == NULL) {
			err_set(err, CAREX_ESYS, "out of memory");
			return -1;
		}
		t->b = b;
		t->capb = cap;
	}
	i = (int32_t)t->nb++;
	b = &t->b[i];
	memset(b, 0, sizeof(*b));
	b->first = b->last = b->next = -1;
	b->type = (uint8_t)type;
	b->line = n == NULL ? 0 : (uint32_t)lineof(n);
	b->run0 = t->nr;
	b->colspan = 1;
	b->start = 1;
	if (parent >= 0) {
		if (t->b[parent].last >= 0)
			t->b[t->b[parent].last].next = i;
		else
			t->b[parent].first = i;
		t->b[parent].last = i;
	}
	return i;
}

static struct run *
run_new(struct ltree *t, struct carex_err *err)
{
	struct run	*r;
	uint32_t	 cap;

	if (t->nr == t->capr) {
		if (t->nr >= LT_MAXTEXT / 2) {
			err_set(err, CAREX_ELIMIT, "too many text runs");
			return NULL;
		}
		cap = t->capr ? t->capr * 2 : 256;
		if ((r = reallocarray(t->r, cap, sizeof(*r))) == NULL) {
			err_set(err, CAREX_ESYS, "out of memory");
			return NULL;
		}
		t->r = r;
		t->capr = cap;
	}
	r = &t->r[t->nr++];
	memset(r, 0, sizeof(*r));
	return r;
}

/* Make sure the runs about to be added have a block: the paragraph being
 * read, or an implicit one opened in a cell or item. */
static int
icx_para(struct ltree *t, struct icx *c, const xmlNode *n,
    struct carex_err *err)
{
	if (c->para >= 0)
		return 0;
	if ((c->para = block_new(t, c->parent, B_PARA, n, err)) == -1)
		return -1;
	t->b[c->para].implicit = 1;
	return 0;
}

/* Append collapsed text in the current face, extending the last run when
 * it is the same face and ends where the arena ends. */
static int
icx_text(struct ltree *t, struct icx *c, const xmlChar *p, long line,
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
		if (icx_para(t, c, NULL, err) == -1)
			return -1;
		if (t->b[c->para].line == 0)
			t->b[c->para].line = (uint32_t)line;
		r = t->nr > t->b[c->para].run0 ? &t->r[t->nr - 1] : NULL;
		if (r == NULL || r->br || r->face != c->face ||
		    r->off + r->len != t->text.len) {
			if ((r = run_new(t, err)) == NULL)
				return -1;
			r->off = (uint32_t)t->text.len;
			r->face = (uint8_t)c->face;
			r->line = (uint32_t)line;
		}
		if (c->pending) {
			if (text_add(t, " ", 1, line, err) == -1)
				return -1;
			r->len++;
		}
		if (text_add(t, p + i, j - i, line, err) == -1)
			return -1;
		r->len += (uint32_t)(j - i);
		c->pending = 0;
		c->atstart = 0;
	}
	return 0;
}

static int
icx_br(struct ltree *t, struct icx *c, const xmlNode *n,
    struct carex_err *err)
{
	struct run	*r;

	if (icx_para(t, c, n, err) == -1 || (r = run_new(t, err)) == NULL)
		return -1;
	r->br = 1;
	r->off = (uint32_t)t->text.len;
	r->line = (uint32_t)lineof(n);
	c->pending = 0;
	c->atstart = 1;
	return 0;
}

/* One inline node: text, b, i or br. 1 when n is not inline (the caller
 * decides what else it may be), 0 when read, -1 on error. */
static int
read_inline(struct ltree *t, struct icx *c, const xmlNode *n, int depth,
    struct carex_err *err)
{
	const xmlNode	*k;
	int		 face, rc;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		return icx_text(t, c, n->content, lineof(n), err);
	if (is_ignorable(n))
		return 0;
	if (named(n, "br"))
		return icx_br(t, c, n, err);
	if (!named(n, "b") && !named(n, "i"))
		return 1;
	if (depth > LT_MAXDEPTH) {
		err_setpos(err, CAREX_ELIMIT, lineof(n), 0, "layout",
		    "<%s> nested more than %d deep", ename(n), LT_MAXDEPTH);
		return -1;
	}
	face = c->face;
	c->face |= named(n, "b") ? FACE_BOLD : FACE_ITALIC;
	for (k = n->children; k != NULL; k = k->next) {
		if ((rc = read_inline(t, c, k, depth + 1, err)) == -1)
			return -1;
		if (rc == 1) {
			err_setpos(err, CAREX_EINVALID, lineof(k), 0, "layout",
			    "<%s> is not allowed inside <%s>", ename(k),
			    ename(n));
			return -1;
		}
	}
	c->face = face;
	return 0;
}

static void
icx_init(struct icx *c, int32_t parent, int32_t para)
{
	memset(c, 0, sizeof(*c));
	c->parent = parent;
	c->para = para;
	c->atstart = 1;
}

static void
icx_close(struct ltree *t, struct icx *c)
{
	if (c->para >= 0)
		t->b[c->para].nrun = t->nr - t->b[c->para].run0;
}

/* Read the inline children of n into block bi. */
static int
read_inlines(struct ltree *t, int32_t bi, const xmlNode *n, int depth,
    struct carex_err *err)
{
	struct icx	 c;
	const xmlNode	*k;
	int		 rc;

	icx_init(&c, -1, bi);
	t->b[bi].run0 = t->nr;
	for (k = n->children; k != NULL; k = k->next) {
		if ((rc = read_inline(t, &c, k, depth, err)) == -1)
			return -1;
		if (rc == 1) {
			err_setpos(err, CAREX_EINVALID, lineof(k), 0, "layout",
			    "<%s> is not allowed inside <%s>", ename(k),
			    ename(n));
			return -1;
		}
	}
	icx_close(t, &c);
	return 0;
}

/* Attribute helpers: each reads one attribute, checks it and reports the
 * element, attribute and line when the value is unusable. */
static int
attr_num(const xmlNode *n, const char *name, double lo, double hi,
    double *out, struct carex_err *err)
{
	xmlChar	*v;
	char	*end;
	double	 d;
	int	 rc = 0;

	if ((v = xmlGetNoNsProp(n, (const xmlChar *)name)) == NULL)
		return 0;
	errno = 0;
	d = strtod((const char *)v, &end);
	while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
		end++;
	if (errno != 0 || end == (char *)v || *end != '\0' || !isfinite(d) ||
	    d < lo || d > hi) {
		err_setpos(err, CAREX_EINVALID, lineof(n), 0, "layout",
		    "<%s> %s must be a number from %g to %g", ename(n), name,
		    lo, hi);
		rc = -1;
	} else
		*out = d;
	xmlFree(v);
	return rc;
}

/* Match the attribute against a NULL-terminated list of words; *out is
 * the index. Absent leaves *out alone. */
static int
attr_enum(const xmlNode *n, const char *name, const char *const *words,
    int *out, struct carex_err *err)
{
	xmlChar	*v;
	int	 i, rc = -1;

	if ((v = xmlGetNoNsProp(n, (const xmlChar *)name)) == NULL)
		return 0;
	for (i = 0; words[i] != NULL; i++) {
		if (strcmp((const char *)v, words[i]) == 0) {
			*out = i;
			rc = 0;
			break;
		}
	}
	if (rc == -1)
		err_setpos(err, CAREX_EINVALID, lineof(n), 0, "layout",
		    "<%s> %s: unknown value", ename(n), name);
	xmlFree(v);
	return rc;
}

static int
attr_bool(const xmlNode *n, const char *name, uint8_t *out,
    struct carex_err *err)
{
	static const char *const words[] = { "false", "true", "0", "1", NULL };
	int	i = -1;

	if (attr_enum(n, name, words, &i, err) == -1)
		return -1;
	if (i >= 0)
		*out = (uint8_t)(i & 1);
	return 0;
}

static int
attr_str(struct ltree *t, const xmlNode *n, const char *name, struct str *s,
    struct carex_err *err)
{
	xmlChar	*v;
	int	 rc;

	v = xmlGetNoNsProp(n, (const xmlChar *)name);
	rc = str_set(t, s, v, lineof(n), err);
	xmlFree(v);
	return rc;
}

static int
attr_align(const xmlNode *n, struct block *b, struct carex_err *err)
{
	static const char *const words[] = {
		"left", "right", "center", "justify", NULL
	};
	int	v = AL_LEFT;

	if (attr_enum(n, "align", words, &v, err) == -1)
		return -1;
	b->align = (uint8_t)v;
	return 0;
}

static int
attr_size(const xmlNode *n, struct block *b, struct carex_err *err)
{
	double	d = 0;

	if (attr_num(n, "size", 6, 24, &d, err) == -1)
		return -1;
	b->size = (float)d;
	return 0;
}

/* widths="1 3 2": one positive weight per column, at most 12. */
static int
read_widths(struct ltree *t, int32_t bi, const xmlNode *n,
    struct carex_err *err)
{
	xmlChar		*v;
	const char	*p;
	char		*end;
	double		 d;
	float		*w;
	int		 rc = -1;

	if ((v = xmlGetNoNsProp(n, (const xmlChar *)"widths")) == NULL) {
		err_setpos(err, CAREX_EINVALID, lineof(n), 0, "layout",
		    "<table> needs widths");
		return -1;
	}
	t->b[bi].w0 = t->nw;
	for (p = (const char *)v;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		errno = 0;
		d = strtod(p, &end);
		if (end == p || errno != 0 || !isfinite(d) || d <= 0 ||
		    d > 1e6 || t->b[bi].ncol >= 12) {
			err_setpos(err, CAREX_EINVALID, lineof(n), 0, "layout",
			    "<table> widths must be 1 to 12 positive weights");
			goto fail;
		}
		p = end;
		if (t->nw == t->capw) {
			if ((w = reallocarray(t->widths, t->capw + 64,
			    sizeof(*w))) == NULL) {
				err_set(err, CAREX_ESYS, "out of memory");
				goto fail;
			}
			t->widths = w;
			t->capw += 64;
		}
		t->widths[t->nw++] = (float)d;
		t->b[bi].ncol++;
	}
	if (t->b[bi].ncol == 0) {
		err_setpos(err, CAREX_EINVALID, lineof(n), 0, "layout",
		    "<table> has no columns");
		goto fail;
	}
	rc = 0;
fail:
	xmlFree(v);
	return rc;
}

/* Children of an item, cell or field: inline text (gathered into
 * implicit paragraphs) mixed with the blocks the schema allows there. */
static int
read_mixed(struct ltree *t, int32_t bi, const xmlNode *n, int depth,
    int allow_list, int allow_blocks, struct carex_err *err)
{
	struct icx	 c;
	const xmlNode	*k;
	int		 rc;

	icx_init(&c, bi, -1);
	for (k = n->children; k != NULL; k = k->next) {
		if ((rc = read_inline(t, &c, k, depth, err)) == -1)
			return -1;
		if (rc == 0)
			continue;
		if ((named(k, "list") && allow_list) || (allow_blocks &&
		    (named(k, "para") || named(k, "checkbox")))) {
			icx_close(t, &c);
			icx_init(&c, bi, -1);
			if (read_block(t, bi, k, depth + 1, err) == -1)
				return -1;
			continue;
		}
		err_setpos(err, CAREX_EINVALID, lineof(k), 0, "layout",
		    "<%s> is not allowed inside <%s>", ename(k), ename(n));
		return -1;
	}
	icx_close(t, &c);
	return 0;
}

static int
read_list(struct ltree *t, int32_t bi, const xmlNode *n, int depth,
    struct carex_err *err)
{
	static const char *const styles[] = {
		"bullet", "number", "letter", "none", NULL
	};
	const xmlNode	*k;
	int32_t		 it;
	double		 start = 1;
	int		 style = LS_BULLET;

	if (attr_enum(n, "style", styles, &style, err) == -1 ||
	    attr_num(n, "start", 1, 1e6, &start, err) == -1 ||
	    attr_align(n, &t->b[bi], err) == -1)
		return -1;
	t->b[bi].style = (uint8_t)style;
	t->b[bi].start = (uint32_t)start;
	for (k = n->children; k != NULL; k = k->next) {
		if (is_ignorable(k) || is_blank(k))
			continue;
		if (!named(k, "item")) {
			err_setpos(err, CAREX_EINVALID, lineof(k), 0, "layout",
			    "<%s> is not allowed inside <list>", ename(k));
			return -1;
		}
		if ((it = block_new(t, bi, B_ITEM, k, err)) == -1 ||
		    attr_str(t, k, "label", &t->b[it].label, err) == -1 ||
		    read_mixed(t, it, k, depth, 1, 0, err) == -1)
			return -1;
	}
	return 0;
}

/* A cell or a form field's value: shade, align, colspan, content. */
static int
read_cell(struct ltree *t, int32_t ci, const xmlNode *n, int depth,
    struct carex_err *err)
{
	double	span = 1;
	int32_t	k;

	if (attr_bool(n, "shade", &t->b[ci].shade, err) == -1 ||
	    attr_align(n, &t->b[ci], err) == -1 ||
	    attr_num(n, "colspan", 1, 12, &span, err) == -1)
		return -1;
	t->b[ci].colspan = named(n, "field") ? 1 : (uint16_t)span;
	if (read_mixed(t, ci, n, depth, 1, 1, err) == -1)
		return -1;
	/* The cell's alignment is its loose text's alignment. */
	for (k = t->b[ci].first; k >= 0; k = t->b[k].next)
		if (t->b[k].implicit)
			t->b[k].align = t->b[ci].align;
	return 0;
}

static int
read_table(struct ltree *t, int32_t bi, const xmlNode *n, int depth,
    struct carex_err *err)
{
	static const char *const borders[] = {
		"grid", "outer", "rows", "none", NULL
	};
	const xmlNode	*k, *c;
	int32_t		 ri, ci;
	double		 hr = 0;
	int		 border = BD_GRID;

	if (read_widths(t, bi, n, err) == -1 ||
	    attr_enum(n, "border", borders, &border, err) == -1 ||
	    attr_num(n, "header-rows", 0, 1e6, &hr, err) == -1 ||
	    attr_size(n, &t->b[bi], err) == -1)
		return -1;
	t->b[bi].border = (uint8_t)border;
	t->b[bi].header_rows = (uint16_t)(hr > 60000 ? 60000 : hr);
	for (k = n->children; k != NULL; k = k->next) {
		if (is_ignorable(k) || is_blank(k))
			continue;
		if (!named(k, "row")) {
			err_setpos(err, CAREX_EINVALID, lineof(k), 0, "layout",
			    "<%s> is not allowed inside <table>", ename(k));
			return -1;
		}
		if ((ri = block_new(t, bi, B_ROW, k, err)) == -1)
			return -1;
		for (c = k->children; c != NULL; c = c->next) {
			if (is_ignorable(c) || is_blank(c))
				continue;
			if (!named(c, "cell")) {
				err_setpos(err, CAREX_EINVALID, lineof(c), 0,
				    "layout", "<%s> is not allowed inside "
				    "<row>", ename(c));
				return -1;
			}
			if ((ci = block_new(t, ri, B_CELL, c, err)) == -1 ||
			    read_cell(t, ci, c, depth, err) == -1)
				return -1;
		}
	}
	return 0;
}

/* A form becomes rows of three cells: number, label (shaded) and
 * value; the typesetter sets it as a table with a narrow first column. */
static int
read_form(struct ltree *t, int32_t bi, const xmlNode *n, int depth,
    struct carex_err *err)
{
	static const char *const borders[] = { "grid", "none", NULL };
	const xmlNode	*k;
	int32_t		 ri, ci;
	xmlChar		*v;
	struct icx	 c;
	struct str	 s;
	double		 lw = 35;
	int		 border = 0;

	if (attr_num(n, "label-width", 10, 70, &lw, err) == -1 ||
	    attr_enum(n, "border", borders, &border, err) == -1)
		return -1;
	t->b[bi].length = (float)lw;
	t->b[bi].border = border == 0 ? BD_GRID : BD_NONE;
	for (k = n->children; k != NULL; k = k->next) {
		if (is_ignorable(k) || is_blank(k))
			continue;
		if (!named(k, "field")) {
			err_setpos(err, CAREX_EINVALID, lineof(k), 0, "layout",
			    "<%s> is not allowed inside <form>", ename(k));
			return -1;
		}
		if ((ri = block_new(t, bi, B_ROW, k, err)) == -1 ||
		    (ci = block_new(t, ri, B_CELL, k, err)) == -1 ||
		    attr_str(t, k, "number", &s, err) == -1)
			return -1;
		t->b[ri].label = s;
		if (s.len > 0)
			t->b[bi].ncol = 1;	/* the form has numbers */
		/* The number cell holds its text as a plain run. */
		if (s.len > 0) {
			icx_init(&c, ci, -1);
			if (icx_para(t, &c, k, err) == -1 ||
			    run_new(t, err) == NULL)
				return -1;
			t->r[t->nr - 1].off = s.off;
			t->r[t->nr - 1].len = s.len;
			t->r[t->nr - 1].line = (uint32_t)lineof(k);
			icx_close(t, &c);
		}
		if ((ci = block_new(t, ri, B_CELL, k, err)) == -1)
			return -1;
		t->b[ci].shade = 1;
		if ((v = xmlGetNoNsProp(k, (const xmlChar *)"label")) == NULL) {
			err_setpos(err, CAREX_EINVALID, lineof(k), 0, "layout",
			    "<field> needs a label");
			return -1;
		}
		icx_init(&c, ci, -1);
		if (icx_text(t, &c, v, lineof(k), err) == -1) {
			xmlFree(v);
			return -1;
		}
		xmlFree(v);
		icx_close(t, &c);
		if ((ci = block_new(t, ri, B_CELL, k, err)) == -1 ||
		    read_cell(t, ci, k, depth, err) == -1)
			return -1;
	}
	return 0;
}

/* Letterhead and address: one line each, as a paragraph with breaks. */
static int
read_lines(struct ltree *t, int32_t bi, const xmlNode *n,
    struct carex_err *err)
{
	const xmlNode	*k, *x;
	struct icx	 c;
	int		 first = 1;

	icx_init(&c, -1, bi);
	t->b[bi].run0 = t->nr;
	for (k = n->children; k != NULL; k = k->next) {
		if (is_ignorable(k) || is_blank(k))
			continue;
		if (!named(k, "line") && !(named(k, "name") &&
		    t->b[bi].type == B_LETTERHEAD)) {
			err_setpos(err, CAREX_EINVALID, lineof(k), 0, "layout",
			    "<%s> is not allowed inside <%s>", ename(k),
			    ename(n));
			return -1;
		}
		if (!first && icx_br(t, &c, k, err) == -1)
			return -1;
		first = 0;
		c.face = named(k, "name") ? FACE_BOLD : FACE_REGULAR;
		for (x = k->children; x != NULL; x = x->next) {
			if (is_ignorable(x))
				continue;
			if (x->type != XML_TEXT_NODE &&
			    x->type != XML_CDATA_SECTION_NODE) {
				err_setpos(err, CAREX_EINVALID, lineof(x), 0,
				    "layout", "<%s> holds text only",
				    ename(k));
				return -1;
			}
			if (icx_text(t, &c, x->content, lineof(x), err) == -1)
				return -1;
		}
		c.pending = 0;
	}
	icx_close(t, &c);
	return 0;
}

static int
read_signatures(struct ltree *t, int32_t bi, const xmlNode *n,
    struct carex_err *err)
{
	static const char *const keys[4] = { "party", "name", "role", "date" };
	const xmlNode	*k;
	int32_t		 si;
	int		 i, count = 0;

	for (k = n->children; k != NULL; k = k->next) {
		if (is_ignorable(k) || is_blank(k))
			continue;
		if (!named(k, "signature") || ++count > 6) {
			err_setpos(err, CAREX_EINVALID, lineof(k), 0, "layout",
			    count > 6 ? "more than 6 signatures" :
			    "<%s> is not allowed inside <signatures>",
			    ename(k));
			return -1;
		}
		if ((si = block_new(t, bi, B_SIGNATURE, k, err)) == -1)
			return -1;
		for (i = 0; i < 4; i++)
			if (attr_str(t, k, keys[i], &t->b[si].sig[i], err) ==
			    -1)
				return -1;
	}
	return 0;
}

/* One block element n under parent. */
static int
read_block(struct ltree *t, int32_t parent, const xmlNode *n, int depth,
    struct carex_err *err)
{
	static const char *const tones[] = { "note", "alert", NULL };
	int32_t		 bi;
	double		 d;
	int		 type, tone = 0;

	for (type = B_LETTERHEAD; type <= B_PAGEBREAK; type++)
		if (type != B_ITEM && type != B_ROW && type != B_CELL &&
		    type != B_SIGNATURE && named(n, bnames[type]))
			break;
	if (type > B_PAGEBREAK) {
		err_setpos(err, CAREX_EINVALID, lineof(n), 0, "layout",
		    "unknown element <%s>", ename(n));
		return -1;
	}
	if (depth > LT_MAXDEPTH) {
		err_setpos(err, CAREX_ELIMIT, lineof(n), 0, "layout",
		    "<%s> nested more than %d deep", ename(n), LT_MAXDEPTH);
		return -1;
	}
	if ((bi = block_new(t, parent, type, n, err)) == -1)
		return -1;
	switch (type) {
	case B_LETTERHEAD:
	case B_ADDRESS:
		return read_lines(t, bi, n, err);
	case B_HEADING:
		d = 1;
		if (attr_num(n, "level", 1, 3, &d, err) == -1 ||
		    attr_str(t, n, "number", &t->b[bi].label, err) == -1)
			return -1;
		t->b[bi].level = (uint8_t)d;
		return read_inlines(t, bi, n, depth, err);
	case B_PARA:
		if (attr_align(n, &t->b[bi], err) == -1 ||
		    attr_size(n, &t->b[bi], err) == -1 ||
		    attr_bool(n, "keep-with-next", &t->b[bi].keep, err) == -1)
			return -1;
		return read_inlines(t, bi, n, depth, err);
	case B_CHECKBOX:
		if (attr_bool(n, "checked", &t->b[bi].checked, err) == -1)
			return -1;
		return read_inlines(t, bi, n, depth, err);
	case B_LIST:
		return read_list(t, bi, n, depth, err);
	case B_TABLE:
		return read_table(t, bi, n, depth, err);
	case B_FORM:
		return read_form(t, bi, n, depth, err);
	case B_SIGNATURES:
		return read_signatures(t, bi, n, err);
	case B_BOX:
		if (attr_enum(n, "tone", tones, &tone, err) == -1)
			return -1;
		t->b[bi].alert = (uint8_t)tone;
		return read_mixed(t, bi, n, depth, 1, 1, err);
	case B_GROUP:
		return read_blocks(t, bi, n->children, depth + 1, err);
	case B_SPACER:
		d = 12;
		if (attr_num(n, "height", 0, 700, &d, err) == -1)
			return -1;
		t->b[bi].length = (float)d;
		return 0;
	default:	/* rule, page-break: nothing more to read */
		return 0;
	}
}

/* The blocks first and its siblings, under parent. */
static int
read_blocks(struct ltree *t, int32_t parent, const xmlNode *first, int depth,
    struct carex_err *err)
{
	const xmlNode	*k;

	for (k = first; k != NULL; k = k->next) {
		if (is_ignorable(k) || is_blank(k))
			continue;
		if (k->type != XML_ELEMENT_NODE) {
			err_setpos(err, CAREX_EINVALID, lineof(k), 0, "layout",
			    "text outside a paragraph in <%s>",
			    btype_name(t->b[parent].type));
			return -1;
		}
		if (read_block(t, parent, k, depth, err) == -1)
			return -1;
	}
	return 0;
}

static int
read_running(struct ltree *t, const xmlNode *n, struct carex_err *err)
{
	if (attr_str(t, n, "header-left", &t->hleft, err) == -1 ||
	    attr_str(t, n, "header-right", &t->hright, err) == -1 ||
	    attr_str(t, n, "footer", &t->footer, err) == -1)
		return -1;
	return 0;
}

/* The banner's text, collapsed like a paragraph's, kept as one string. */
static int
read_banner(struct ltree *t, const xmlNode *n, struct carex_err *err)
{
	xmlChar		*v;
	const xmlChar	*p;
	int		 rc, ws = 0;

	v = xmlNodeGetContent(n);
	t->banner.off = (uint32_t)t->text.len;
	t->has_banner = 1;
	for (p = v, rc = 0; p != NULL && *p != '\0' && rc == 0; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			ws = t->text.len > t->banner.off;
			continue;
		}
		if (ws)
			rc = text_add(t, " ", 1, lineof(n), err);
		ws = 0;
		if (rc == 0)
			rc = text_add(t, p, 1, lineof(n), err);
	}
	xmlFree(v);
	t->banner.len = (uint32_t)(t->text.len - t->banner.off);
	return rc;
}

int
ltree_read(struct ltree *t, const xmlDoc *doc, struct carex_err *err)
{
	const xmlNode	*root, *k;
	xmlChar		*v;
	int		 seen_body = 0;

	memset(t, 0, sizeof(*t));
	buf_init(&t->text, LT_MAXTEXT);
	root = doc == NULL ? NULL : xmlDocGetRootElement(doc);
	if (root == NULL || !named(root, "document")) {
		err_setpos(err, CAREX_EINVALID, root ? lineof(root) : 0, 0,
		    "layout", "not a layout document (root must be "
		    "<document xmlns=\"%s\">)", LAYOUT_NS);
		return -1;
	}
	/* Offset 0 of the arena is never a real string: keep one byte. */
	if (text_add(t, "", 1, 0, err) == -1 ||
	    attr_str(t, root, "title", &t->title, err) == -1 ||
	    attr_str(t, root, "author", &t->author, err) == -1 ||
	    attr_str(t, root, "subject", &t->subject, err) == -1 ||
	    attr_str(t, root, "keywords", &t->keywords, err) == -1 ||
	    attr_str(t, root, "marking", &t->marking, err) == -1)
		return -1;
	if ((v = xmlGetNoNsProp(root, (const xmlChar *)"created")) != NULL) {
		(void)snprintf(t->created, sizeof(t->created), "%s",
		    (const char *)v);	/* too long is checked as bad later */
		xmlFree(v);
	}
	if (block_new(t, -1, B_BODY, root, err) == -1)
		return -1;
	for (k = root->children; k != NULL; k = k->next) {
		if (is_ignorable(k) || is_blank(k))
			continue;
		if (named(k, "running")) {
			if (read_running(t, k, err) == -1)
				return -1;
		} else if (named(k, "banner")) {
			if (read_banner(t, k, err) == -1)
				return -1;
		} else if (named(k, "body") && !seen_body) {
			seen_body = 1;
			t->b[0].line = (uint32_t)lineof(k);
			if (read_blocks(t, 0, k->children, 1, err) == -1)
				return -1;
		} else {
			err_setpos(err, CAREX_EINVALID, lineof(k), 0, "layout",
			    "<%s> is not allowed inside <document>",
			    k->type == XML_ELEMENT_NODE ? ename(k) : "text");
			return -1;
		}
	}
	if (!seen_body) {
		err_setpos(err, CAREX_EINVALID, lineof(root), 0, "layout",
		    "<document> has no <body>");
		return -1;
	}
	return 0;
}

void
ltree_free(struct ltree *t)
{
	free(t->b);
	free(t->r);
	free(t->widths);
	buf_free(&t->text);
	memset(t, 0, sizeof(*t));
}
