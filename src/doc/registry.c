/* SPDX-License-Identifier: MIT */
/* registry.c - doctype registry (see registry.h). */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "doc/registry.h"
#include "doc/rules.h"
#include "doc/schema.h"
#include "doc/xmlnode.h"

#define REGISTRY_MAX_DOCTYPES	64
#define REGISTRY_MAX_RECIPIENTS	64

struct party {
	char			*name;		/* "issuer" */
	xmlXPathCompExprPtr	 select;	/* the participant code */
};

struct doctype {
	char			*name;
	char			*title;
	char			*root;
	char			*ns;
	char			**submit;	/* NULL-terminated roles */
	xmlXPathCompExprPtr	 recipients;
	xmlXPathCompExprPtr	 subject;	/* NULL: about no one */
	char			*subject_what;	/* "the patient with CHI" */
	struct party		 party[DOCTYPE_MAX_PARTIES];
	size_t			 nparty;
	struct rendition	*rend;
	size_t			 nrend;
	struct schema		*schema;
	struct rules		*rules;		/* NULL if none */
};

struct registry {
	struct doctype	*v;
	size_t		 n;
	struct xform	**xf;		/* every stylesheet, once */
	char		**xfpath;
	size_t		 nxf;
};

void
registry_strv_free(char **v)
{
	size_t	i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

int
registry_strv_add(char ***v, size_t *n, const char *s)
{
	char	**nv;

	if ((nv = reallocarray(*v, *n + 2, sizeof(*nv))) == NULL)
		return -1;
	*v = nv;
	if ((nv[*n] = strdup(s)) == NULL)
		return -1;
	nv[++*n] = NULL;
	return 0;
}

static void
doctype_clear(struct doctype *d)
{
	size_t	i;

	free(d->name);
	free(d->title);
	free(d->root);
	free(d->ns);
	registry_strv_free(d->submit);
	xmlXPathFreeCompExpr(d->recipients);
	xmlXPathFreeCompExpr(d->subject);
	free(d->subject_what);
	for (i = 0; i < d->nparty; i++) {
		free(d->party[i].name);
		xmlXPathFreeCompExpr(d->party[i].select);
	}
	for (i = 0; i < d->nrend; i++) {
		free(d->rend[i].role);
		free(d->rend[i].name);
		free(d->rend[i].path);
	}
	free(d->rend);
	schema_free(d->schema);
	rules_free(d->rules);
}

void
registry_free(struct registry *r)
{
	size_t	i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		doctype_clear(&r->v[i]);
	free(r->v);
	for (i = 0; i < r->nxf; i++) {
		xform_free(r->xf[i]);
		free(r->xfpath[i]);
	}
	free(r->xf);
	free(r->xfpath);
	free(r);
}

/* The compiled stylesheet at path, compiling it on first use. */
static struct xform *
stylesheet(struct registry *r, const char *path, struct carex_err *err)
{
	struct xform	**xf, *x;
	char		**xp;
	size_t		  i;

	for (i = 0; i < r->nxf; i++)
		if (strcmp(r->xfpath[i], path) == 0)
			return r->xf[i];
	if ((x = xform_load(path, err)) == NULL)
		return NULL;
	xf = reallocarray(r->xf, r->nxf + 1, sizeof(*xf));
	if (xf != NULL)
		r->xf = xf;
	xp = reallocarray(r->xfpath, r->nxf + 1, sizeof(*xp));
	if (xp != NULL)
		r->xfpath = xp;
	if (xf == NULL || xp == NULL ||
	    (r->xfpath[r->nxf] = strdup(path)) == NULL) {
		xform_free(x);
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	r->xf[r->nxf++] = x;
	return x;
}

/* Compile e's select attribute (an XPath) into *out. */
static int
select_read(xmlNodePtr e, const char *file, xmlXPathCompExprPtr *out,
    struct carex_err *err)
{
	char	*sel;

	if ((sel = xmlnode_dup(e, "select")) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return -1;
	}
	*out = xmlXPathCompile((const xmlChar *)sel);
	free(sel);
	if (*out == NULL) {
		err_set(err, CAREX_EINTERNAL, "%s:%ld: %s: bad XPath", file,
		    xmlGetLineNo(e), (const char *)e->name);
		return -1;
	}
	return 0;
}

static int
doctype_read(struct registry *r, struct doctype *d, xmlNodePtr e,
    const char *file, struct carex_err *err)
{
	struct rendition	*rv;
	xmlNodePtr		 c;
	char			 path[PATH_MAX], *schema = NULL, *rules = NULL;
	size_t			 nsubmit = 0;
	int			 rc = -1;

	memset(d, 0, sizeof(*d));
	if ((d->name = xmlnode_dup(e, "name")) == NULL ||
	    (d->title = xmlnode_dup(e, "title")) == NULL ||
	    (d->root = xmlnode_dup(e, "root")) == NULL ||
	    (d->ns = xmlnode_dup(e, "namespace")) == NULL ||
	    (schema = xmlnode_dup(e, "schema")) == NULL)
		goto nomem;
	rules = xmlnode_dup(e, "rules");
	if (xmlnode_beside(path, sizeof(path), file, schema) == -1 ||
	    (d->schema = schema_load(path, err)) == NULL)
		goto fail;
	if (rules != NULL && (xmlnode_beside(path, sizeof(path), file, rules) == -1 ||
	    (d->rules = rules_load(path, err)) == NULL))
		goto fail;
	for (c = e->children; c != NULL; c = c->next) {
		if (xmlnode_is(c, "submit")) {
			xmlChar *role = xmlGetProp(c, (const xmlChar *)"role");
			int bad = role == NULL || registry_strv_add(&d->submit,
			    &nsubmit, (const char *)role) == -1;

			xmlFree(role);
			if (bad)
				goto nomem;
		} else if (xmlnode_is(c, "recipients")) {
			if (select_read(c, file, &d->recipients, err) == -1)
				goto fail;
		} else if (xmlnode_is(c, "subject")) {
			if ((d->subject_what = xmlnode_dup(c, "what")) ==
			    NULL)
				goto nomem;
			if (select_read(c, file, &d->subject, err) == -1)
				goto fail;
		} else if (xmlnode_is(c, "party")) {
			/* The schema bounds their number and keeps names unique. */
			if (d->nparty == DOCTYPE_MAX_PARTIES)
				continue;
			if ((d->party[d->nparty].name = xmlnode_dup(c,
			    "name")) == NULL)
				goto nomem;
			if (select_read(c, file, &d->party[d->nparty++].select,
			    err) == -1)
				goto fail;
		} else if (xmlnode_is(c, "receive")) {
			rv = reallocarray(d->rend, d->nrend + 1, sizeof(*rv));
			if (rv == NULL)
				goto nomem;
			d->rend = rv;
			rv = &d->rend[d->nrend];
			memset(rv, 0, sizeof(*rv));
			d->nrend++;
			if ((rv->role = xmlnode_dup(c, "role")) == NULL ||
			    (rv->name = xmlnode_dup(c, "rendition")) == NULL ||
			    (rv->path = xmlnode_dup(c, "stylesheet")) == NULL)
				goto nomem;
			if (xmlnode_beside(path, sizeof(path), file, rv->path) == -1 ||
			    (rv->xf = stylesheet(r, path, err)) == NULL)
				goto fail;
		}
	}
	if (d->recipients == NULL || d->nrend == 0 || d->submit == NULL) {
		err_set(err, CAREX_EINTERNAL, "%s:%ld: doctype %s needs "
		    "submit, recipients and receive", file, xmlGetLineNo(e),
		    d->name);
		goto fail;
	}
	rc = 0;
	goto out;
nomem:
	err_set(err, CAREX_ESYS, "%s:%ld: out of memory or a missing "
	    "attribute", file, xmlGetLineNo(e));
fail:
	doctype_clear(d);
	memset(d, 0, sizeof(*d));
out:
	free(schema);
	free(rules);
	return rc;
}

static int
registry_read(struct registry *r, const char *file, struct schema *xsd,
    struct carex_err *err)
{
	struct xdoc	*x = NULL;
	struct errlist	 errs;
	struct buf	 b;
	struct doctype	*v;
	xmlNodePtr	 e;
	size_t		 i;
	int		 rc = -1;

	buf_init(&b, 1024 * 1024);
	errlist_init(&errs, 1);
	if (buf_read_file(&b, file) == -1) {
		err_set(err, CAREX_ESYS, "%s: cannot read the registry", file);
		goto out;
	}
	if ((x = xmlsafe_parse(b.data, b.len, NULL, err)) == NULL)
		goto out;
	if (schema_check(xsd, x, &errs, err) != 0) {
		if (errs.n > 0)
			err_set(err, CAREX_EINTERNAL, "%s:%ld:%ld: %s", file,
			    errs.v[0].line, errs.v[0].col, errs.v[0].msg);
		goto out;
	}
	for (e = xmlDocGetRootElement(x->doc)->children; e; e = e->next) {
		if (!xmlnode_is(e, "doctype"))
			continue;
		if (r->n >= REGISTRY_MAX_DOCTYPES) {
			err_set(err, CAREX_EINTERNAL, "%s: too many doctypes",
			    file);
			goto out;
		}
		if ((v = reallocarray(r->v, r->n + 1, sizeof(*v))) == NULL) {
			err_set(err, CAREX_ESYS, "out of memory");
			goto out;
		}
		r->v = v;
		if (doctype_read(r, &r->v[r->n], e, file, err) == -1)
			goto out;
		for (i = 0; i < r->n; i++)
			if (strcmp(r->v[i].name, r->v[r->n].name) == 0 ||
			    (strcmp(r->v[i].root, r->v[r->n].root) == 0 &&
			    strcmp(r->v[i].ns, r->v[r->n].ns) == 0)) {
				err_set(err, CAREX_EINTERNAL, "%s: doctype %s "
				    "is registered twice", file,
				    r->v[r->n].name);
				doctype_clear(&r->v[r->n]);
				goto out;
			}
		r->n++;
	}
	rc = 0;
out:
	xmlsafe_free(x);
	errlist_free(&errs);
	buf_free(&b);
	return rc;
}

struct registry *
registry_load(const char **files, size_t nfiles, const char *xsd,
    struct carex_err *err)
{
	struct registry	*r;
	struct schema	*s;
	size_t		 i;

	if ((s = schema_load(xsd, err)) == NULL)
		return NULL;
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		schema_free(s);
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	for (i = 0; i < nfiles; i++)
		if (registry_read(r, files[i], s, err) == -1) {
			registry_free(r);
			schema_free(s);
			return NULL;
		}
	schema_free(s);
	return r;
}

size_t
registry_count(const struct registry *r)
{
	return r->n;
}

const struct doctype *
registry_at(const struct registry *r, size_t i)
{
	return i < r->n ? &r->v[i] : NULL;
}

const struct doctype *
registry_byname(const struct registry *r, const char *name)
{
	size_t	i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i].name, name) == 0)
			return &r->v[i];
	return NULL;
}

const struct doctype *
registry_match(const struct registry *r, const struct xdoc *x)
{
	xmlNodePtr	root = xmlDocGetRootElement(x->doc);
	size_t		i;

	if (root == NULL || root->ns == NULL || root->ns->href == NULL)
		return NULL;
	for (i = 0; i < r->n; i++)
		if (xmlStrEqual(root->name, (const xmlChar *)r->v[i].root) &&
		    xmlStrEqual(root->ns->href, (const xmlChar *)r->v[i].ns))
			return &r->v[i];
	return NULL;
}

const char *
doctype_name(const struct doctype *d)
{
	return d->name;
}

const char *
doctype_title(const struct doctype *d)
{
	return d->title;
}

int
doctype_may_submit(const struct doctype *d, const char *role)
{
	size_t	i;

	for (i = 0; d->submit[i] != NULL; i++)
		if (strcmp(d->submit[i], role) == 0)
			return 1;
	return 0;
}

const struct rendition *
doctype_rendition(const struct doctype *d, const char *role)
{
	size_t	i;

	for (i = 0; i < d->nrend; i++)
		if (strcmp(d->rend[i].role, role) == 0)
			return &d->rend[i];
	return NULL;
}

const struct rendition *
doctype_default_rendition(const struct doctype *d)
{
	return &d->rend[0];
}

size_t
doctype_nrenditions(const struct doctype *d)
{
	return d->nrend;
}

const struct rendition *
doctype_rendition_at(const struct doctype *d, size_t i)
{
	return i < d->nrend ? &d->rend[i] : NULL;
}

int
doctype_check(const struct doctype *d, const struct xdoc *x,
    const struct limits *lim, struct errlist *errs, struct carex_err *err)
{
	int	n;

	if ((n = schema_check(d->schema, x, errs, err)) != 0)
		goto out;
	schema_normalize(d->schema, x);
	if (d->rules != NULL)
		n = rules_check(d->rules, x, d->ns, lim, errs, err);
out:
	if (n > 0)
		errlist_sort(errs);
	return n;
}

/* Evaluate one of the doctype's expressions over x: a node set (free
 * with xmlXPathFreeObject), or NULL with err. */
static xmlXPathObjectPtr
doctype_select(const struct doctype *d, xmlXPathCompExprPtr e,
    const char *what, const struct xdoc *x, struct carex_err *err)
{
	xmlXPathContextPtr	 xp;
	xmlXPathObjectPtr	 set = NULL;

	if ((xp = xmlXPathNewContext(x->doc)) == NULL ||
	    xmlXPathRegisterNs(xp, (const xmlChar *)"c",
	    (const xmlChar *)d->ns) != 0) {
		xmlXPathFreeContext(xp);
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	xp->node = xmlDocGetRootElement(x->doc);
	set = xmlXPathCompiledEval(e, xp);
	xmlXPathFreeContext(xp);
	if (set == NULL || set->type != XPATH_NODESET) {
		xmlXPathFreeObject(set);
		err_set(err, CAREX_EINTERNAL, "doctype %s: the %s "
		    "expression does not select nodes", d->name, what);
		return NULL;
	}
	return set;
}

int
doctype_recipients(const struct doctype *d, const struct xdoc *x,
    char ***codes, struct carex_err *err)
{
	xmlXPathObjectPtr	 set;
	char			*s;
	size_t			 n = 0;
	int			 i, rc = -1;

	*codes = NULL;
	if ((set = doctype_select(d, d->recipients, "recipients", x,
	    err)) == NULL)
		return -1;
	if ((*codes = calloc(1, sizeof(**codes))) == NULL)
		goto nomem;
	for (i = 0; set->nodesetval != NULL && i < set->nodesetval->nodeNr;
	    i++) {
		if (n >= REGISTRY_MAX_RECIPIENTS) {
			err_set(err, CAREX_EINVALID, "too many recipients");
			goto out;
		}
		/* xs:token: " gp-43021 " is the participant gp-43021. */
		s = xmlnode_token(set->nodesetval->nodeTab[i]);
		if (s == NULL || registry_strv_add(codes, &n, s) == -1) {
			free(s);
			goto nomem;
		}
		free(s);
	}
	rc = 0;
	goto out;
nomem:
	err_set(err, CAREX_ESYS, "out of memory");
out:
	if (rc == -1) {
		registry_strv_free(*codes);
		*codes = NULL;
	}
	xmlXPathFreeObject(set);
	return rc;
}

void
doctype_normalize(const struct doctype *d, const struct xdoc *x)
{
	schema_normalize(d->schema, x);
}

/* The first node expression e selects in x, read as an xs:token: 0 with
 * *value (free with free()) and the line of its node, 1 if it selects
 * nothing, -1 with err. */
static int
doctype_first(const struct doctype *d, xmlXPathCompExprPtr e,
    const char *what, const struct xdoc *x, char **value, long *line,
    struct carex_err *err)
{
	xmlXPathObjectPtr	 set;
	xmlNodePtr		 n;

	if ((set = doctype_select(d, e, what, x, err)) == NULL)
		return -1;
	if (set->nodesetval == NULL || set->nodesetval->nodeNr == 0) {
		xmlXPathFreeObject(set);
		return 1;
	}
	n = set->nodesetval->nodeTab[0];
	if (line != NULL)
		*line = xmlGetLineNo(n);
	*value = xmlnode_token(n);
	xmlXPathFreeObject(set);
	if (*value == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return -1;
	}
	return 0;
}

int
doctype_subject(const struct doctype *d, const struct xdoc *x, char **value,
    long *line, struct carex_err *err)
{
	*value = NULL;
	*line = 0;
	if (d->subject == NULL)
		return 1;
	return doctype_first(d, d->subject, "subject", x, value, line, err);
}

size_t
doctype_nparties(const struct doctype *d)
{
	return d->nparty;
}

const char *
doctype_party_name(const struct doctype *d, size_t i)
{
	return i < d->nparty ? d->party[i].name : NULL;
}

int
doctype_party(const struct doctype *d, size_t i, const struct xdoc *x,
    char **code, struct carex_err *err)
{
	*code = NULL;
	if (i >= d->nparty)
		return 1;
	return doctype_first(d, d->party[i].select, d->party[i].name, x, code,
	    NULL, err);
}

int
registry_about_patients(const struct registry *r, const char *role)
{
	const struct doctype	*d;
	size_t			 i;

	for (i = 0; i < r->n; i++) {
		d = &r->v[i];
		if (d->subject != NULL && (doctype_may_submit(d, role) ||
		    doctype_rendition(d, role) != NULL))
			return 1;
	}
	return 0;
}

const char *
doctype_subject_what(const struct doctype *d)
{
	return d->subject_what;
}
