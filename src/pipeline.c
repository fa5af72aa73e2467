/* SPDX-License-Identifier: MIT */
/* pipeline.c - parse, validate, transform, typeset (see pipeline.h). */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/registry.h"
#include "doc/xform.h"
#include "doc/xmlnode.h"
#include "pdf/typeset.h"
#include "pipeline.h"

struct pipeline {
	struct registry		*reg;
	struct directory	*dir;
	struct typeset		*ts;
};

static int
datapath(char *out, size_t len, const char *datadir, const char *rel)
{
	int	n = snprintf(out, len, "%s/%s", datadir, rel);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

struct pipeline *
pipeline_open(const struct pipeline_paths *pp, struct carex_err *err)
{
	struct pipeline	*p;
	char		 xsd[PATH_MAX], reg[PATH_MAX];
	const char	*deflt[1];
	const char	**files = pp->registries;
	size_t		 nfiles = pp->nregistries;

	xmlsafe_init();
	xform_init();
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	if (files == NULL || nfiles == 0) {
		if (datapath(reg, sizeof(reg), pp->datadir,
		    "schemas/registry.xml") == -1)
			goto toolong;
		deflt[0] = reg;
		files = deflt;
		nfiles = 1;
	}
	if (datapath(xsd, sizeof(xsd), pp->datadir,
	    "schemas/registry.xsd") == -1)
		goto toolong;
	if ((p->reg = registry_load(files, nfiles, xsd, err)) == NULL)
		goto fail;
	if (datapath(xsd, sizeof(xsd), pp->datadir,
	    "schemas/directory.xsd") == -1)
		goto toolong;
	if ((p->dir = directory_load(pp->directory, xsd, err)) == NULL)
		goto fail;
	if ((p->ts = typeset_new(pp->fontdir, pp->fallback_fonts, err)) == NULL)
		goto fail;
	return p;
toolong:
	err_set(err, CAREX_EUSAGE, "%s: path too long", pp->datadir);
fail:
	pipeline_free(p);
	return NULL;
}

void
pipeline_free(struct pipeline *p)
{
	if (p == NULL)
		return;
	registry_free(p->reg);
	directory_free(p->dir);
	typeset_free(p->ts);
	free(p);
}

void
pipeline_shutdown(void)
{
	xform_shutdown();
	xmlsafe_shutdown();
}

const struct registry *
pipeline_registry(const struct pipeline *p)
{
	return p->reg;
}

const struct directory *
pipeline_directory(const struct pipeline *p)
{
	return p->dir;
}

int
pipeline_load(const struct pipeline *p, const void *data, size_t len,
    const char *doctype, struct checked *c, struct carex_err *err)
{
	memset(c, 0, sizeof(*c));
	if ((c->dt = registry_byname(p->reg, doctype)) == NULL) {
		err_set(err, CAREX_ENOTFOUND, "doctype %s is no longer in the "
		    "registry", doctype);
		return -1;
	}
	if ((c->x = xmlsafe_parse(data, len, NULL, err)) == NULL)
		return -1;
	return 0;
}

int
pipeline_check(const struct pipeline *p, const void *data, size_t len,
    struct checked *c, struct errlist *errs, struct carex_err *err)
{
	struct carex_err	 e;
	xmlNodePtr		 root;
	int			 n;

	memset(c, 0, sizeof(*c));
	err_clear(&e);
	if ((c->x = xmlsafe_parse(data, len, NULL, &e)) == NULL) {
		if (e.code == CAREX_ESYS) {
			if (err != NULL)
				*err = e;
			return -1;
		}
		if (errlist_add(errs, &e) == -1)
			goto nomem;
		return 1;
	}
	if ((c->dt = registry_match(p->reg, c->x)) == NULL) {
		root = xmlDocGetRootElement(c->x->doc);
		err_setpos(&e, CAREX_ENOTFOUND, 1, 1, "DOCTYPE",
		    "<%s> in namespace %s is not a document type carex knows",
		    (const char *)root->name, root->ns && root->ns->href ?
		    (const char *)root->ns->href : "(none)");
		xmlsafe_where(c->x, root, &e.line, &e.col);
		pipeline_checked_free(c);
		if (errlist_add(errs, &e) == -1)
			goto nomem;
		return 1;
	}
	if ((n = doctype_check(c->dt, c->x, errs, err)) != 0) {
		pipeline_checked_free(c);
		return n > 0 ? 1 : -1;
	}
	return 0;
nomem:
	err_set(err, CAREX_ESYS, "out of memory");
	return -1;
}

void
pipeline_checked_free(struct checked *c)
{
	xmlsafe_free(c->x);
	c->x = NULL;
	c->dt = NULL;
}

/* The next root/header/<name> element after after (NULL: the first): the
 * common header every carex document has. Borrowed from the tree. */
static xmlNodePtr
header_field(const struct xdoc *x, const char *name, xmlNodePtr after)
{
	xmlNodePtr	h;

	if (after != NULL)
		return xmlnode_child(after->parent, name, after);
	h = xmlnode_child(xmlDocGetRootElement(x->doc), "header", NULL);
	return h != NULL ? xmlnode_child(h, name, NULL) : NULL;
}

int
pipeline_header(const struct checked *c, const char *field, char *out,
    size_t len)
{
	xmlNodePtr	 n = header_field(c->x, field, NULL);
	xmlChar		*s;
	int		 w;

	if (n == NULL || (s = xmlNodeGetContent(n)) == NULL)
		return -1;
	w = snprintf(out, len, "%s", (const char *)s);
	xmlFree(s);
	return w < 0 || (size_t)w >= len ? -1 : 0;
}

static const struct participant *
participant_of(const struct pipeline *p, xmlNodePtr n)
{
	const struct participant	*pt;
	xmlChar				*code;

	if (n == NULL || (code = xmlNodeGetContent(n)) == NULL)
		return NULL;
	pt = directory_find(p->dir, (const char *)code);
	xmlFree(code);
	return pt;
}

int
pipeline_render(const struct pipeline *p, const struct checked *c,
    const struct render_opts *o, struct buf *pdf, struct carex_err *err)
{
	const struct rendition		*rd;
	const struct participant	*from, *to = NULL;
	const char			*params[32];
	xmlDocPtr			 layout = NULL;
	xmlNodePtr			 n;
	size_t				 k = 0;
	int				 rc = -1;

	rd = o->role ? doctype_rendition(c->dt, o->role) :
	    doctype_default_rendition(c->dt);
	if (rd == NULL) {
		err_set(err, CAREX_ENOTFOUND, "a %s is not sent to the role "
		    "%s, so it has no rendition for it", doctype_title(c->dt),
		    o->role);
		return -1;
	}
	from = participant_of(p, header_field(c->x, "from", NULL));
	if (o->recipient != NULL) {
		if ((to = directory_find(p->dir, o->recipient)) == NULL) {
			err_set(err, CAREX_ENOTFOUND, "participant %s is not "
			    "in the directory", o->recipient);
			return -1;
		}
	} else {
		for (n = header_field(c->x, "to", NULL); n != NULL;
		    n = header_field(c->x, "to", n))
			if ((to = participant_of(p, n)) != NULL &&
			    strcmp(to->role, rd->role) == 0)
				break;
		if (n == NULL)
			to = NULL;
	}
#define PARAM(k_, v_) do { params[k++] = (k_); params[k++] = (v_); } while (0)
	PARAM("role", rd->role);
	PARAM("status", o->status ? o->status : "");
	if (from != NULL) {
		PARAM("sender-name", from->name);
		PARAM("sender-address", from->address);
		PARAM("sender-contact", from->contact);
	}
	if (to != NULL) {
		PARAM("recipient", to->code);
		PARAM("recipient-name", to->name);
		PARAM("recipient-address", to->address);
	}
#undef PARAM
	params[k] = NULL;
	if (xform_apply(rd->xf, c->x, params, &layout, err) == -1)
		goto out;
	if (o->layout != NULL &&
	    xform_serialise(rd->xf, layout, o->layout, err) == -1)
		goto out;
	rc = typeset_render(p->ts, layout, pdf, err);
out:
	xmlFreeDoc(layout);
	return rc;
}
