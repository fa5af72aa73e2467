/* SPDX-License-Identifier: MIT */
/* schema.c - XSD validation (see schema.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlschemas.h>

#include "doc/schema.h"

struct schema {
	xmlSchemaPtr	 xsd;
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
	return s;
}

void
schema_free(struct schema *s)
{
	if (s == NULL)
		return;
	xmlSchemaFree(s->xsd);
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
