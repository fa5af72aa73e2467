/* SPDX-License-Identifier: MIT */
/* reader.h - what the files of the layout reader share (layout.c: the
 * tree and the block elements; inline.c: text and white space; attr.c:
 * attributes), and nothing else includes. */
#ifndef CAREX_PDF_READER_H
#define CAREX_PDF_READER_H

#include <stdint.h>

#include <libxml/tree.h>

#include "layout.h"

#define LAYOUT_NS	"urn:carex:layout:1"

static inline const char *
ename(const xmlNode *n)
{
	return (const char *)n->name;
}

static inline long
lineof(const xmlNode *n)
{
	return xmlGetLineNo(n);
}

static inline int
is_ours(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && (n->ns == NULL ||
	    xmlStrcmp(n->ns->href, (const xmlChar *)LAYOUT_NS) == 0);
}

static inline int
named(const xmlNode *n, const char *name)
{
	return is_ours(n) && xmlStrcmp(n->name, (const xmlChar *)name) == 0;
}

/* Is this node something a reader would call content? Comments and
 * processing instructions are not. */
static inline int
is_ignorable(const xmlNode *n)
{
	return n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE ||
	    n->type == XML_XINCLUDE_START || n->type == XML_XINCLUDE_END;
}

static inline int
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

/* The state of white-space collapsing across the runs of one paragraph. */
struct icx {
	int32_t	 parent;	/* block that receives an implicit para */
	int32_t	 para;		/* block the runs belong to, -1: not yet */
	int	 pending;	/* a space is owed before the next text */
	int	 atstart;	/* nothing but breaks so far on this line */
	int	 face;
};

/* layout.c: growing the tree. Each fails with err (and the element's
 * line) past the limits in layout.h or when memory runs out. */
int		 ltree_text(struct ltree *, const void *, size_t, long line,
		    struct carex_err *);
int		 ltree_str(struct ltree *, struct str *, const xmlChar *,
		    long line, struct carex_err *);
int32_t		 ltree_block(struct ltree *, int32_t parent, int type,
		    const xmlNode *, struct carex_err *);
struct run	*ltree_run(struct ltree *, struct carex_err *);

/* inline.c: text, b, i and br into runs of collapsed text. */
void		 inline_init(struct icx *, int32_t parent, int32_t para);
void		 inline_close(struct ltree *, struct icx *);
int		 inline_para(struct ltree *, struct icx *, const xmlNode *,
		    struct carex_err *);
int		 inline_text(struct ltree *, struct icx *, const xmlChar *,
		    long line, struct carex_err *);
int		 inline_br(struct ltree *, struct icx *, const xmlNode *,
		    struct carex_err *);
int		 inline_node(struct ltree *, struct icx *, const xmlNode *,
		    int depth, struct carex_err *);
int		 inline_read(struct ltree *, int32_t bi, const xmlNode *,
		    int depth, struct carex_err *);

/* attr.c: one attribute each, checked; an absent attribute leaves the
 * output alone (attr_str: empty), a bad one is an error naming element,
 * attribute and line. */
int		 attr_num(const xmlNode *, const char *name, double lo,
		    double hi, double *out, struct carex_err *);
int		 attr_enum(const xmlNode *, const char *name,
		    const char *const *words, int *out, struct carex_err *);
int		 attr_bool(const xmlNode *, const char *name, uint8_t *out,
		    struct carex_err *);
int		 attr_str(struct ltree *, const xmlNode *, const char *name,
		    struct str *, struct carex_err *);
int		 attr_align(const xmlNode *, struct block *,
		    struct carex_err *);
int		 attr_size(const xmlNode *, struct block *, struct carex_err *);
int		 attr_widths(struct ltree *, int32_t bi, const xmlNode *,
		    struct carex_err *);

#endif
