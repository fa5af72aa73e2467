/* SPDX-License-Identifier: MIT */
/* xmlsafe.c - hardened XML parsing with element positions (see xmlsafe.h).
 *
 * libxml2 keeps only a 16-bit line number per node and no column, so the
 * start of each element is found here: when the SAX start-element event
 * fires, the parser has just read the start tag, and as '<' cannot appear
 * inside an attribute value the nearest '<' before the parser's offset is
 * the tag's own. Offsets only grow, so one forward cursor counts lines and
 * columns for the whole document in linear time. */
#include "config.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "doc/xmlsafe.h"
#include "doc/xmlscan.h"

struct pos {
	const xmlNode	*node;
	uint32_t	 line;
	uint32_t	 col;
};

/* Open-addressing hash from element pointer to position. */
struct postab {
	struct pos	*v;
	size_t		 n;
	size_t		 cap;		/* power of two */
};

/* Parser state, reached from the libxml2 context's _private. */
struct sax_state {
	const unsigned char		*data;
	size_t				 len;
	const struct xmlsafe_limits	*lim;
	struct postab			*pos;
	struct carex_err		*err;
	int				 failed;
	long				 elements;
	/* forward cursor for line/column counting: the position of byte
	 * cur_off is cur_line:cur_col */
	size_t				 cur_off;
	uint32_t			 cur_line;
	uint32_t			 cur_col;
	startElementNsSAX2Func		 start;	/* libxml2's own handler */
};

static size_t
ptr_hash(const void *p, size_t mask)
{
	uintptr_t	v = (uintptr_t)p;

	v ^= v >> 17;
	v *= (uintptr_t)0x9E3779B97F4A7C15ull;
	return (size_t)(v >> 7) & mask;
}

static int
postab_grow(struct postab *t)
{
	struct pos	*old = t->v, *nv;
	size_t		 oldcap = t->cap, cap, i, h;

	cap = oldcap ? oldcap * 2 : 256;
	if ((nv = calloc(cap, sizeof(*nv))) == NULL)
		return -1;
	for (i = 0; i < oldcap; i++) {
		if (old[i].node == NULL)
			continue;
		h = ptr_hash(old[i].node, cap - 1);
		while (nv[h].node != NULL)
			h = (h + 1) & (cap - 1);
		nv[h] = old[i];
	}
	free(old);
	t->v = nv;
	t->cap = cap;
	return 0;
}

static int
postab_put(struct postab *t, const xmlNode *node, uint32_t line, uint32_t col)
{
	size_t	h;

	if ((t->n + 1) * 2 > t->cap && postab_grow(t) == -1)
		return -1;
	h = ptr_hash(node, t->cap - 1);
	while (t->v[h].node != NULL && t->v[h].node != node)
		h = (h + 1) & (t->cap - 1);
	if (t->v[h].node == NULL)
		t->n++;
	t->v[h].node = node;
	t->v[h].line = line;
	t->v[h].col = col;
	return 0;
}

static const struct pos *
postab_get(const struct postab *t, const xmlNode *node)
{
	size_t	h;

	if (t == NULL || t->cap == 0)
		return NULL;
	h = ptr_hash(node, t->cap - 1);
	while (t->v[h].node != NULL) {
		if (t->v[h].node == node)
			return &t->v[h];
		h = (h + 1) & (t->cap - 1);
	}
	return NULL;
}

/* Advance the cursor to byte offset off (never backwards): each byte is
 * looked at once, so a document of one enormous line costs no more than
 * any other. Columns count characters (UTF-8 lead bytes). */
static void
cursor_advance(struct sax_state *st, size_t off)
{
	size_t	i;

	for (i = st->cur_off; i < off; i++) {
		if (st->data[i] == '\n') {
			st->cur_line++;
			st->cur_col = 1;
		} else if ((st->data[i] & 0xC0) != 0x80)
			st->cur_col++;
	}
	if (off > st->cur_off)
		st->cur_off = off;
}

/* The offset of the '<' that starts the markup the parser has just read:
 * '<' cannot occur inside an attribute value, so the nearest one before
 * the parser's position is it. Returns -1 if there is none past the
 * cursor (the caller then keeps libxml2's own position). */
static long
markup_start(xmlParserCtxtPtr ctxt, const struct sax_state *st)
{
	long	consumed = xmlByteConsumed(ctxt);
	size_t	off;

	if (consumed < 0 || (size_t)consumed > st->len)
		return -1;
	off = (size_t)consumed;
	while (off > st->cur_off && st->data[off - 1] != '<')
		off--;
	if (off == 0 || st->data[off - 1] != '<')
		return -1;
	return (long)(off - 1);
}

static void
sax_fail(xmlParserCtxtPtr ctxt, struct sax_state *st, enum carex_ecode code,
    const char *msg)
{
	long	line = xmlSAX2GetLineNumber(ctxt);
	long	col = xmlSAX2GetColumnNumber(ctxt);
	long	off;

	if (!st->failed) {
		st->failed = 1;
		if ((off = markup_start(ctxt, st)) >= 0) {
			cursor_advance(st, (size_t)off);
			line = st->cur_line;
			col = st->cur_col;
		}
		err_setpos(st->err, code, line, col, "XML", "%s", msg);
	}
	xmlStopParser(ctxt);
}

static void
sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct sax_state	*st = ctxt->_private;
	long			 off;

	if (st->failed)
		return;
	if (++st->elements > st->lim->max_nodes) {
		sax_fail(ctxt, st, CAREX_ELIMIT, "too many elements");
		return;
	}
	if (ctxt->nameNr > st->lim->max_depth) {
		sax_fail(ctxt, st, CAREX_ELIMIT, "elements nested too deeply");
		return;
	}
	st->start(ctx, localname, prefix, uri, nns, ns, nattrs, ndefaulted,
	    attrs);
	if ((off = markup_start(ctxt, st)) < 0)
		return;		/* libxml2's line will do */
	cursor_advance(st, (size_t)off);
	if (ctxt->node != NULL && postab_put(st->pos, ctxt->node,
	    st->cur_line, st->cur_col) == -1)
		sax_fail(ctxt, st, CAREX_ESYS, "out of memory");
}

static void
sax_dtd(void *ctx, const xmlChar *name, const xmlChar *eid,
    const xmlChar *sid)
{
	xmlParserCtxtPtr	ctxt = ctx;

	(void)name;
	(void)eid;
	(void)sid;
	sax_fail(ctxt, ctxt->_private, CAREX_EPARSE,
	    "a DOCTYPE declaration is not accepted: carex documents have no "
	    "DTD and no entities");
}

static void
sax_entity(void *ctx, const xmlChar *name, int type, const xmlChar *pid,
    const xmlChar *sid, xmlChar *content)
{
	xmlParserCtxtPtr	ctxt = ctx;

	(void)name;
	(void)type;
	(void)pid;
	(void)sid;
	(void)content;
	sax_fail(ctxt, ctxt->_private, CAREX_EPARSE,
	    "entity declarations are not accepted");
}

static void
sax_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	xmlParserCtxtPtr	ctxt = ctx;

	(void)target;
	(void)data;
	/* An xml-stylesheet PI could make a viewer fetch a URL; nothing in
	 * carex needs processing instructions. */
	sax_fail(ctxt, ctxt->_private, CAREX_EPARSE,
	    "processing instructions are not accepted");
}

static void
sax_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct sax_state	*st;

	if (ctxt == NULL || (st = ctxt->_private) == NULL || st->failed ||
	    e->level < XML_ERR_ERROR)
		return;
	st->failed = 1;
	err_setpos(st->err, CAREX_EPARSE, e->line, e->int2, "XML", "%s",
	    e->message ? e->message : "XML is not well-formed");
}

static xmlExternalEntityLoader trusted_loader;

/* The entity loader: nothing at all for an untrusted document (a last line
 * of defence, should any libxml2 path ask for an external resource while
 * parsing one); carex's own schemas and stylesheets, which are read at
 * start-up with xsd:include and xsl:import, go to libxml2's loader. */
static xmlParserInputPtr
guarded_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	if (ctxt != NULL && ctxt->sax != NULL &&
	    ctxt->sax->startElementNs == sax_start) {
		sax_fail(ctxt, ctxt->_private, CAREX_EPARSE,
		    "external resources are not loaded");
		return NULL;
	}
	return trusted_loader(url, id, ctxt);
}

void
xmlsafe_init(void)
{
	xmlInitParser();
	if (trusted_loader == NULL) {
		trusted_loader = xmlGetExternalEntityLoader();
		xmlSetExternalEntityLoader(guarded_loader);
	}
}

void
xmlsafe_shutdown(void)
{
	xmlCleanupParser();
}

/* lim with each field left 0 set to its default. */
static void
limits_fill(struct xmlsafe_limits *out, const struct xmlsafe_limits *lim)
{
	static const struct xmlsafe_limits defaults = {
		XMLSAFE_MAX_BYTES, XMLSAFE_MAX_DEPTH, XMLSAFE_MAX_NODES,
		XMLSAFE_MAX_ATTRIBUTES, XMLSAFE_MAX_NAMESPACES,
		XMLSAFE_MAX_NAMESPACES_TOTAL, XMLSAFE_MAX_NAME_LENGTH
	};

	*out = lim != NULL ? *lim : defaults;
#define FILL(f) if (out->f <= 0) out->f = defaults.f
	FILL(max_bytes);
	FILL(max_depth);
	FILL(max_nodes);
	FILL(max_attributes);
	FILL(max_namespaces);
	FILL(max_namespaces_total);
	FILL(max_name_length);
#undef FILL
}

struct xdoc *
xmlsafe_parse(const void *data, size_t len,
    const struct xmlsafe_limits *limits, struct carex_err *err)
{
	struct xmlsafe_limits	 lim;
	struct sax_state	 st;
	xmlParserCtxtPtr	 ctxt = NULL;
	struct xdoc		*x = NULL;
	xmlDocPtr		 doc;

	limits_fill(&lim, limits);
	if (len > lim.max_bytes) {
		err_setpos(err, CAREX_ELIMIT, 0, 0, "XML",
		    "document of %zu bytes is larger than the limit of %zu",
		    len, lim.max_bytes);
		return NULL;
	}
	if (len > INT32_MAX) {
		err_set(err, CAREX_ELIMIT, "document too large");
		return NULL;
	}
	/* Before libxml2 sees a byte: what it would spend worse than linear
	 * time on, and encodings other than UTF-8. */
	if (xmlscan_check(data, len, &lim, err) == -1)
		return NULL;
	if ((x = calloc(1, sizeof(*x))) == NULL ||
	    (x->pos = calloc(1, sizeof(*x->pos))) == NULL ||
	    (ctxt = xmlNewParserCtxt()) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		goto fail;
	}
	memset(&st, 0, sizeof(st));
	st.data = data;
	st.len = len;
	st.lim = &lim;
	st.pos = x->pos;
	st.err = err;
	st.cur_line = 1;
	st.cur_col = 1;
	st.start = ctxt->sax->startElementNs;
	ctxt->sax->startElementNs = sax_start;
	ctxt->sax->internalSubset = sax_dtd;
	ctxt->sax->externalSubset = sax_dtd;
	ctxt->sax->entityDecl = sax_entity;
	ctxt->sax->processingInstruction = sax_pi;
	ctxt->sax->serror = sax_error;
	ctxt->sax->error = NULL;
	ctxt->sax->warning = NULL;
	ctxt->vctxt.error = NULL;
	ctxt->vctxt.warning = NULL;
	ctxt->_private = &st;
	/* No encoding is forced: with one, libxml2 runs its UTF-8 converter
	 * and xmlByteConsumed() drifts from our offsets. UTF-8 is the
	 * default, invalid sequences are errors, and any other encoding,
	 * declared or not, was refused by the scan. No NOENT, DTDLOAD, DTDATTR, XINCLUDE or
	 * HUGE: nothing is substituted, loaded or unbounded. */
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, "document", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_NOCDATA);
	if (st.failed || doc == NULL || !ctxt->wellFormed) {
		if (!st.failed)
			err_setpos(err, CAREX_EPARSE, 0, 0, "XML",
			    "the document is not well-formed XML");
		xmlFreeDoc(doc);
		goto fail;
	}
	if (xmlDocGetRootElement(doc) == NULL) {
		xmlFreeDoc(doc);
		err_setpos(err, CAREX_EPARSE, 1, 1, "XML", "empty document");
		goto fail;
	}
	x->doc = doc;
	xmlFreeParserCtxt(ctxt);
	return x;
fail:
	if (ctxt != NULL)
		xmlFreeParserCtxt(ctxt);
	xmlsafe_free(x);
	return NULL;
}

void
xmlsafe_free(struct xdoc *x)
{
	if (x == NULL)
		return;
	xmlFreeDoc(x->doc);
	if (x->pos != NULL)
		free(x->pos->v);
	free(x->pos);
	free(x);
}

void
xmlsafe_where(const struct xdoc *x, const xmlNode *node, long *line,
    long *col)
{
	const struct pos	*p;
	const xmlNode		*n;

	*line = 0;
	*col = 0;
	for (n = node; n != NULL; n = n->parent) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((p = postab_get(x ? x->pos : NULL, n)) != NULL) {
			*line = p->line;
			*col = p->col;
			return;
		}
	}
	if (node != NULL)
		*line = xmlGetLineNo(node);
}
