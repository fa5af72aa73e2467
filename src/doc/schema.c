/* SPDX-License-Identifier: MIT */
/* schema.c - XSD validation (see schema.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "doc/schema.h"
#include "doc/xmlnode.h"

#define MAX_SCHEMA_FILES	16	/* the XSD and what it includes */
#define MAX_DECLS		4096

/* A declared element or attribute, or a named type, and what it derives
 * from ("xs:token", "c:MessageId"). */
struct decl {
	char	*name;
	char	*base;
	int	 attr;		/* 1 an attribute, 0 an element, 2 a type */
};

struct schema {
	xmlSchemaPtr	 xsd;
	/* Names of the elements (and attributes) whose every declaration is
	 * of a type that collapses white space (xs:token and every built-in
	 * but xs:string and xs:normalizedString), sorted for bsearch: their
	 * values are rewritten as the schema reads them once valid. */
	char		**collapse;
	size_t		  ncollapse;
	char		**collapse_attr;
	size_t		  ncollapse_attr;
};

struct collect {
	const struct xdoc	*x;
	struct errlist		*errs;
	int			 count;
	int			 oom;
	struct carex_err	*first;		/* schema_load: first error */
};

/* libxml2 writes "Element '{urn:carex:doc:1}amount': ..."; readers want
 * "Element 'amount': ...". Copies src into dst without {namespace}
 * prefixes and trailing newlines. */
static void
strip_ns(char *dst, size_t len, const char *src)
{
	size_t	o = 0;

	for (; *src != '\0' && o + 1 < len; src++) {
		if (*src == '{') {
			const char *e = strchr(src, '}');

			if (e != NULL) {
				src = e;
				continue;
			}
		}
		dst[o++] = *src;
	}
	while (o > 0 && (dst[o - 1] == '\n' || dst[o - 1] == ' '))
		o--;
	dst[o] = '\0';
}

static void
on_valid_error(void *arg, xmlErrorPtr e)
{
	struct collect		*c = arg;
	struct carex_err	 ce;
	char			 msg[sizeof(ce.msg)];
	long			 line, col;

	if (e->level < XML_ERR_ERROR)
		return;
	strip_ns(msg, sizeof(msg), e->message ? e->message : "invalid");
	if (e->node != NULL)
		xmlsafe_where(c->x, e->node, &line, &col);
	else {
		line = e->line;
		col = e->int2;
	}
	err_setpos(&ce, CAREX_EINVALID, line, col, "XSD", "%s", msg);
	c->count++;
	if (errlist_add(c->errs, &ce) == -1)
		c->oom = 1;
}

static void
on_load_error(void *arg, xmlErrorPtr e)
{
	struct collect	*c = arg;
	char		 msg[512];

	if (e->level < XML_ERR_ERROR || c->count++ > 0)
		return;
	strip_ns(msg, sizeof(msg), e->message ? e->message : "error");
	err_setpos(c->first, CAREX_EINTERNAL, e->line, e->int2, "XSD",
	    "%s: %s", e->file ? e->file : "schema", msg);
}

/* ---- which values are xs:token: read from the XSD's own text ------- */

struct decls {
	struct decl	*v;
	size_t		 n;
	char		*files[MAX_SCHEMA_FILES];
	size_t		 nfiles;
	int		 oom;
	int		 over;	/* more than MAX_DECLS: collapse nothing */
};

static void
decl_add(struct decls *d, xmlNode *e, int attr, const char *base)
{
	char	*name;

	if (d->n >= MAX_DECLS) {
		d->over = 1;
		return;
	}
	if ((name = xmlnode_dup(e, "name")) == NULL)
		return;
	if (d->v == NULL && (d->v = calloc(MAX_DECLS, sizeof(*d->v))) ==
	    NULL) {
		free(name);
		d->oom = 1;
		return;
	}
	d->v[d->n].name = name;
	d->v[d->n].attr = attr;
	d->v[d->n].base = base != NULL ? strdup(base) : NULL;
	d->n++;
}

/* The base of an inline or named type definition t: restriction or
 * extension base, or "" for a complex type that has element content. */
static char *
type_base(xmlNode *t)
{
	xmlNode	*c;
	char	*b;

	for (c = t->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xmlnode_is(c, "restriction") || xmlnode_is(c, "extension"))
			return (b = xmlnode_dup(c, "base")) != NULL ? b :
			    strdup("");
		if (xmlnode_is(c, "simpleContent"))
			return type_base(c);
		if (xmlnode_is(c, "list") || xmlnode_is(c, "union") ||
		    xmlnode_is(c, "sequence") || xmlnode_is(c, "choice") ||
		    xmlnode_is(c, "all") || xmlnode_is(c, "complexContent"))
			return strdup("");
	}
	return strdup("");
}

static void	scan_file(struct decls *, const char *path);

static void
scan(struct decls *d, xmlNode *n, const char *file)
{
	xmlNode	*c, *t;
	char	*type, *base, inc[4096];

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((xmlnode_is(n, "include") || xmlnode_is(n, "import")) &&
		    (type = xmlnode_dup(n, "schemaLocation")) != NULL) {
			if (xmlnode_beside(inc, sizeof(inc), file, type) == 0)
				scan_file(d, inc);
			free(type);
		} else if (xmlnode_is(n, "element") ||
		    xmlnode_is(n, "attribute")) {
			int attr = xmlnode_is(n, "attribute");

			if ((type = xmlnode_dup(n, "type")) != NULL) {
				decl_add(d, n, attr, type);
				free(type);
			} else {
				/* An inline type, or none (anyType). */
				base = NULL;
				for (t = n->children; t != NULL; t = t->next)
					if (xmlnode_is(t, "simpleType") ||
					    xmlnode_is(t, "complexType"))
						base = type_base(t);
				decl_add(d, n, attr, base != NULL ? base : "");
				free(base);
			}
		} else if (xmlnode_is(n, "simpleType") ||
		    xmlnode_is(n, "complexType")) {
			if (xmlHasProp(n, (const xmlChar *)"name") != NULL) {
				base = type_base(n);
				decl_add(d, n, 2, base != NULL ? base : "");
				free(base);
			}
		}
		if ((c = n->children) != NULL)
			scan(d, c, file);
	}
}

static void
scan_file(struct decls *d, const char *path)
{
	xmlDocPtr	doc;
	size_t		i;

	for (i = 0; i < d->nfiles; i++)
		if (strcmp(d->files[i], path) == 0)
			return;		/* included twice: once is enough */
	if (d->nfiles >= MAX_SCHEMA_FILES ||
	    (d->files[d->nfiles] = strdup(path)) == NULL)
		return;
	d->nfiles++;
	/* carex's own schema, already compiled by libxml2: trusted. */
	if ((doc = xmlReadFile(path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) == NULL)
		return;
	scan(d, xmlDocGetRootElement(doc), path);
	xmlFreeDoc(doc);
}

static const char *
local(const char *qname)
{
	const char	*c = strchr(qname, ':');

	return c != NULL ? c + 1 : qname;
}

/* 1 if the type named base collapses white space, 0 if it does not, by
 * following named types down to a built-in one (at most a few steps:
 * a loop or an unknown name reads as "does not"). */
static int
collapses(const struct decls *d, const char *base)
{
	size_t	i;
	int	depth;

	for (depth = 0; depth < 32 && base != NULL; depth++) {
		if (*base == '\0')
			return 0;	/* element content, list, union */
		if (strncmp(base, "xs:", 3) == 0)
			return strcmp(base, "xs:string") != 0 &&
			    strcmp(base, "xs:normalizedString") != 0 &&
			    strcmp(base, "xs:anyType") != 0 &&
			    strcmp(base, "xs:anySimpleType") != 0;
		for (i = 0; i < d->n; i++)
			if (d->v[i].attr == 2 &&
			    strcmp(d->v[i].name, local(base)) == 0)
				break;
		if (i == d->n)
			return 0;
		base = d->v[i].base;
	}
	return 0;
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names of kind attr that are declared, every time, with a
 * type that collapses; none if there were more declarations than kept
 * (unsure of some, rewrite none). */
static char **
collapse_set(const struct decls *d, int attr, size_t *n)
{
	char	**v;
	size_t	  i, j;
	int	  all;

	*n = 0;
	if ((v = calloc(d->n + 1, sizeof(*v))) == NULL || d->over)
		return v;
	for (i = 0; i < d->n; i++) {
		if (d->v[i].attr != attr || !collapses(d, d->v[i].base))
			continue;
		for (all = 1, j = 0; j < d->n && all; j++)
			if (d->v[j].attr == attr &&
			    strcmp(d->v[j].name, d->v[i].name) == 0 &&
			    !collapses(d, d->v[j].base))
				all = 0;
		for (j = 0; j < *n && all; j++)
			if (strcmp(v[j], d->v[i].name) == 0)
				all = 0;	/* already in */
		if (all && (v[(*n)++] = strdup(d->v[i].name)) == NULL) {
			--*n;
			break;
		}
	}
	qsort(v, *n, sizeof(*v), cmpstr);
	return v;
}

static int
schema_scan(struct schema *s, const char *path)
{
	struct decls	d;
	size_t		i;
	int		rc;

	memset(&d, 0, sizeof(d));
	scan_file(&d, path);
	s->collapse = collapse_set(&d, 0, &s->ncollapse);
	s->collapse_attr = collapse_set(&d, 1, &s->ncollapse_attr);
	rc = d.oom || s->collapse == NULL || s->collapse_attr == NULL ? -1 : 0;
	for (i = 0; i < d.n; i++) {
		free(d.v[i].name);
		free(d.v[i].base);
	}
	free(d.v);
	for (i = 0; i < d.nfiles; i++)
		free(d.files[i]);
	return rc;
}

static int
in_set(char *const *v, size_t n, const xmlChar *name)
{
	const char	*key = (const char *)name;

	return n > 0 && bsearch(&key, v, n, sizeof(*v), cmpstr) != NULL;
}

static void
collapse_text(xmlNode *e)
{
	xmlNode	*c, *t;
	char	*v;

	for (c = e->children; c != NULL; c = c->next)
		if (c->type != XML_TEXT_NODE &&
		    c->type != XML_CDATA_SECTION_NODE)
			return;		/* mixed or element content */
	if ((v = xmlnode_token(e)) == NULL)
		return;
	/* A new text node, not xmlNodeSetContent: that would read a '&'
	 * in the value as the start of an entity reference. */
	if ((t = xmlNewDocText(e->doc, (const xmlChar *)v)) != NULL) {
		xmlFreeNodeList(e->children);
		e->children = e->last = NULL;
		(void)xmlAddChild(e, t);
	}
	free(v);
}

void
schema_normalize(const struct schema *s, const struct xdoc *x)
{
	xmlNode		*n = xmlDocGetRootElement(x->doc), *next;
	xmlAttr		*a;
	xmlChar		*v;

	/* Depth-first without recursion: the tree's depth is bounded by
	 * xmlsafe, but its breadth is not. */
	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE) {
			for (a = n->properties; a != NULL; a = a->next)
				if (a->ns == NULL && in_set(s->collapse_attr,
				    s->ncollapse_attr, a->name) &&
				    (v = xmlNodeGetContent((xmlNode *)a)) !=
				    NULL) {
					xmlnode_collapse((char *)v);
					/* in place: the attribute stays */
					(void)xmlSetNsProp(n, NULL, a->name, v);
					xmlFree(v);
				}
			if (in_set(s->collapse, s->ncollapse, n->name)) {
				collapse_text(n);
				next = NULL;	/* its children are text */
			} else
				next = n->children;
			if (next != NULL) {
				n = next;
				continue;
			}
		}
		while (n != NULL && n->next == NULL)
			n = n->parent != NULL && n->parent->type ==
			    XML_ELEMENT_NODE ? n->parent : NULL;
		if (n != NULL)
			n = n->next;
	}
}

struct schema *
schema_load(const char *path, struct carex_err *err)
{
	struct collect			 c;
	xmlSchemaParserCtxtPtr		 pctxt;
	struct schema			*s;

	memset(&c, 0, sizeof(c));
	c.first = err;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	if ((pctxt = xmlSchemaNewParserCtxt(path)) == NULL) {
		err_set(err, CAREX_ESYS, "%s: cannot read schema", path);
		free(s);
		return NULL;
	}
	xmlSchemaSetParserStructuredErrors(pctxt, on_load_error, &c);
	s->xsd = xmlSchemaParse(pctxt);
	xmlSchemaFreeParserCtxt(pctxt);
	if (s->xsd == NULL) {
		if (c.count == 0)
			err_set(err, CAREX_EINTERNAL, "%s: cannot compile "
			    "schema", path);
		free(s);
		return NULL;
	}
	if (schema_scan(s, path) == -1) {
		err_set(err, CAREX_ESYS, "out of memory");
		schema_free(s);
		return NULL;
	}
	return s;
}

void
schema_free(struct schema *s)
{
	size_t	i;

	if (s == NULL)
		return;
	xmlSchemaFree(s->xsd);
	for (i = 0; i < s->ncollapse; i++)
		free(s->collapse[i]);
	for (i = 0; i < s->ncollapse_attr; i++)
		free(s->collapse_attr[i]);
	free(s->collapse);
	free(s->collapse_attr);
	free(s);
}

int
schema_check(const struct schema *s, const struct xdoc *x,
    struct errlist *errs, struct carex_err *err)
{
	struct collect		c;
	xmlSchemaValidCtxtPtr	v;
	int			rc;

	memset(&c, 0, sizeof(c));
	c.x = x;
	c.errs = errs;
	if ((v = xmlSchemaNewValidCtxt(s->xsd)) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return -1;
	}
	xmlSchemaSetValidStructuredErrors(v, on_valid_error, &c);
	rc = xmlSchemaValidateDoc(v, x->doc);
	xmlSchemaFreeValidCtxt(v);
	if (c.oom || rc < 0) {
		err_set(err, c.oom ? CAREX_ESYS : CAREX_EINTERNAL,
		    "schema validation could not run");
		return -1;
	}
	if (rc > 0 && c.count == 0) {
		struct carex_err ce;

		err_setpos(&ce, CAREX_EINVALID, 1, 1, "XSD",
		    "the document is not valid against its schema");
		(void)errlist_add(errs, &ce);	/* best effort: count says it */
		c.count = 1;
	}
	return c.count;
}
