/* SPDX-License-Identifier: MIT */
/* layout.c - read a layout document into a block tree (layout.h): the
 * tree and its limits, and the block elements. Checks the vocabulary,
 * and bounds depth and size so that any tree, however hostile, costs
 * bounded time and memory; attributes are attr.c, inline text inline.c.
 * Does no geometry. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "font.h"
#include "reader.h"

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

static int	read_blocks(struct ltree *, int32_t, const xmlNode *, int,
		    struct carex_err *);
static int	read_block(struct ltree *, int32_t, const xmlNode *, int,
		    struct carex_err *);

int
ltree_text(struct ltree *t, const void *p, size_t n, long line,
    struct carex_err *err)
{
	if (buf_add(&t->text, p, n) == -1) {
		err_setpos(err, CAREX_ELIMIT, line, 0, "layout",
		    "layout text larger than %u bytes", LT_MAXTEXT);
		return -1;
	}
	return 0;
}

int
ltree_str(struct ltree *t, struct str *s, const xmlChar *v, long line,
    struct carex_err *err)
{
	size_t	n = v == NULL ? 0 : strlen((const char *)v);

	s->off = (uint32_t)t->text.len;
	s->len = (uint32_t)n;
	return n == 0 ? 0 : ltree_text(t, v, n, line, err);
}

int32_t
ltree_block(struct ltree *t, int32_t parent, int type, const xmlNode *n,
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

struct run *
ltree_run(struct ltree *t, struct carex_err *err)
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

/* Children of an item, cell or field: inline text (gathered into
 * implicit paragraphs) mixed with the blocks the schema allows there. */
static int
read_mixed(struct ltree *t, int32_t bi, const xmlNode *n, int depth,
    int allow_list, int allow_blocks, struct carex_err *err)
{
	struct icx	 c;
	const xmlNode	*k;
	int		 rc;

	inline_init(&c, bi, -1);
	for (k = n->children; k != NULL; k = k->next) {
		if ((rc = inline_node(t, &c, k, depth, err)) == -1)
			return -1;
		if (rc == 0)
			continue;
		if ((named(k, "list") && allow_list) || (allow_blocks &&
		    (named(k, "para") || named(k, "checkbox")))) {
			inline_close(t, &c);
			inline_init(&c, bi, -1);
			if (read_block(t, bi, k, depth + 1, err) == -1)
				return -1;
			continue;
		}
		err_setpos(err, CAREX_EINVALID, lineof(k), 0, "layout",
		    "<%s> is not allowed inside <%s>", ename(k), ename(n));
		return -1;
	}
	inline_close(t, &c);
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
		if ((it = ltree_block(t, bi, B_ITEM, k, err)) == -1 ||
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

	if (attr_widths(t, bi, n, err) == -1 ||
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
		if ((ri = ltree_block(t, bi, B_ROW, k, err)) == -1)
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
			if ((ci = ltree_block(t, ri, B_CELL, c, err)) == -1 ||
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
		if ((ri = ltree_block(t, bi, B_ROW, k, err)) == -1 ||
		    (ci = ltree_block(t, ri, B_CELL, k, err)) == -1 ||
		    attr_str(t, k, "number", &s, err) == -1)
			return -1;
		t->b[ri].label = s;
		if (s.len > 0)
			t->b[bi].ncol = 1;	/* the form has numbers */
		/* The number cell holds its text as a plain run. */
		if (s.len > 0) {
			inline_init(&c, ci, -1);
			if (inline_para(t, &c, k, err) == -1 ||
			    ltree_run(t, err) == NULL)
				return -1;
			t->r[t->nr - 1].off = s.off;
			t->r[t->nr - 1].len = s.len;
			t->r[t->nr - 1].line = (uint32_t)lineof(k);
			inline_close(t, &c);
		}
		if ((ci = ltree_block(t, ri, B_CELL, k, err)) == -1)
			return -1;
		t->b[ci].shade = 1;
		if ((v = xmlGetNoNsProp(k, (const xmlChar *)"label")) == NULL) {
			err_setpos(err, CAREX_EINVALID, lineof(k), 0, "layout",
			    "<field> needs a label");
			return -1;
		}
		inline_init(&c, ci, -1);
		if (inline_text(t, &c, v, lineof(k), err) == -1) {
			xmlFree(v);
			return -1;
		}
		xmlFree(v);
		inline_close(t, &c);
		if ((ci = ltree_block(t, ri, B_CELL, k, err)) == -1 ||
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

	inline_init(&c, -1, bi);
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
		if (!first && inline_br(t, &c, k, err) == -1)
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
			if (inline_text(t, &c, x->content, lineof(x),
			    err) == -1)
				return -1;
		}
		c.pending = 0;
	}
	inline_close(t, &c);
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
		if ((si = ltree_block(t, bi, B_SIGNATURE, k, err)) == -1)
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
	if ((bi = ltree_block(t, parent, type, n, err)) == -1)
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
		return inline_read(t, bi, n, depth, err);
	case B_PARA:
		if (attr_align(n, &t->b[bi], err) == -1 ||
		    attr_size(n, &t->b[bi], err) == -1 ||
		    attr_bool(n, "keep-with-next", &t->b[bi].keep, err) == -1)
			return -1;
		return inline_read(t, bi, n, depth, err);
	case B_CHECKBOX:
		if (attr_bool(n, "checked", &t->b[bi].checked, err) == -1)
			return -1;
		return inline_read(t, bi, n, depth, err);
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
			rc = ltree_text(t, " ", 1, lineof(n), err);
		ws = 0;
		if (rc == 0)
			rc = ltree_text(t, p, 1, lineof(n), err);
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
	if (ltree_text(t, "", 1, 0, err) == -1 ||
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
	if (ltree_block(t, -1, B_BODY, root, err) == -1)
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
