/* SPDX-License-Identifier: MIT */
/* directory.c - participant directory (see directory.h). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "doc/schema.h"
#include "doc/xmlnode.h"
#include "doc/xmlsafe.h"
#include "domain/directory.h"
#include "util/buf.h"

#define DIRECTORY_MAX_BYTES	(64u * 1024 * 1024)

struct directory {
	struct participant	*v;	/* sorted by code */
	size_t			 n;
};

static int
by_code(const void *a, const void *b)
{
	const struct participant	*pa = a, *pb = b;

	return strcmp(pa->code, pb->code);
}

static void
team_clear(struct team *t)
{
	free(t->code);
	free(t->name);
	free(t->address);
	free(t->contact);
	free(t->phone);
	free(t->ooh);
}

static void
participant_clear(struct participant *p)
{
	size_t	i;

	free(p->code);
	free(p->role);
	free(p->name);
	free(p->address);
	free(p->contact);
	free(p->phone);
	free(p->ooh);
	for (i = 0; i < p->nteams; i++)
		team_clear(&p->teams[i]);
	free(p->teams);
	free(p->push_url);
	free(p->contractor);
	for (i = 0; p->pins != NULL && p->pins[i] != NULL; i++)
		free(p->pins[i]);
	free(p->pins);
}

void
directory_free(struct directory *d)
{
	size_t	i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++)
		participant_clear(&d->v[i]);
	free(d->v);
	free(d);
}

/* Children's text joined with '|'; NULL on no memory. */
static char *
join_children(xmlNodePtr parent)
{
	struct buf	 b;
	xmlNodePtr	 c;
	xmlChar		*s;
	char		*r;

	buf_init(&b, 4096);
	for (c = parent->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		s = xmlNodeGetContent(c);
		if (b.len > 0)
			(void)buf_adds(&b, "|");	/* bounded by schema */
		if (s != NULL)
			(void)buf_adds(&b, (const char *)s);
		xmlFree(s);
	}
	r = strdup(b.data ? (const char *)b.data : "");
	buf_free(&b);
	return r;
}

/* The phone of a <contact>, as a string the caller frees; "" if it has
 * none, NULL on no memory. */
static char *
contact_phone(xmlNodePtr contact)
{
	xmlNodePtr	ph;

	ph = contact != NULL ? xmlnode_child(contact, "phone", NULL) : NULL;
	return ph != NULL ? xmlnode_token(ph) : strdup("");
}

/* The contact lines and phone of a <contact> (NULL: none, so those of
 * inherit, or empty) into *contact and *phone. -1 on no memory. */
static int
contact_read(xmlNodePtr c, const char *inherit_contact,
    const char *inherit_phone, char **contact, char **phone)
{
	if (c != NULL) {
		*contact = join_children(c);
		*phone = contact_phone(c);
	} else {
		*contact = strdup(inherit_contact ? inherit_contact : "");
		*phone = strdup(inherit_phone ? inherit_phone : "");
	}
	return *contact == NULL || *phone == NULL ? -1 : 0;
}

/* A route as one line: the schema lets it run over several lines of the
 * file, and a rendition prints it as a sentence. */
static char *
route_read(xmlNodePtr e, const char *inherit)
{
	if (e != NULL)
		return xmlnode_token(e);
	return inherit != NULL ? strdup(inherit) : NULL;
}

/* Team e of participant p, whose own fields are read: what the team does
 * not give is p's. -1 on no memory. */
static int
team_read(struct team *t, xmlNodePtr e, const struct participant *p)
{
	xmlNodePtr	a, o;

	memset(t, 0, sizeof(*t));
	a = xmlnode_child(e, "address", NULL);
	o = xmlnode_child(e, "out-of-hours", NULL);
	if ((t->code = xmlnode_dup(e, "code")) == NULL ||
	    (t->name = xmlnode_token(xmlnode_child(e, "name", NULL))) ==
	    NULL ||
	    (t->address = a != NULL ? join_children(a) :
	    strdup(p->address)) == NULL ||
	    contact_read(xmlnode_child(e, "contact", NULL), p->contact,
	    p->phone, &t->contact, &t->phone) == -1)
		return -1;
	t->ooh = route_read(o, p->ooh);
	return (o != NULL || p->ooh != NULL) && t->ooh == NULL ? -1 : 0;
}

static int
participant_read(struct participant *p, xmlNodePtr e)
{
	struct team	*teams;
	xmlNodePtr	 c;
	size_t		 npins = 0;
	char		**pins;

	memset(p, 0, sizeof(*p));
	if ((p->code = xmlnode_dup(e, "code")) == NULL ||
	    (p->role = xmlnode_dup(e, "role")) == NULL)
		return -1;
	p->contractor = xmlnode_dup(e, "contractor");
	for (c = e->children; c != NULL; c = c->next) {
		if (xmlnode_is(c, "name"))
			p->name = xmlnode_dup(c, NULL);
		else if (xmlnode_is(c, "address"))
			p->address = join_children(c);
		else if (xmlnode_is(c, "out-of-hours")) {
			if ((p->ooh = route_read(c, NULL)) == NULL)
				return -1;
		} else if (xmlnode_is(c, "push"))
			p->push_url = xmlnode_dup(c, "url");
		else if (xmlnode_is(c, "pin")) {
			pins = reallocarray(p->pins, npins + 2, sizeof(*pins));
			if (pins == NULL)
				return -1;
			p->pins = pins;
			if ((pins[npins] = xmlnode_dup(c, "sha256")) == NULL)
				return -1;
			pins[++npins] = NULL;
		}
	}
	if (p->name == NULL || p->address == NULL ||
	    contact_read(xmlnode_child(e, "contact", NULL), NULL, NULL,
	    &p->contact, &p->phone) == -1)
		return -1;
	/* Teams last: each inherits what the participant gives. */
	for (c = xmlnode_child(e, "team", NULL); c != NULL;
	    c = xmlnode_child(e, "team", c)) {
		teams = reallocarray(p->teams, p->nteams + 1, sizeof(*teams));
		if (teams == NULL)
			return -1;
		p->teams = teams;
		if (team_read(&teams[p->nteams], c, p) == -1) {
			team_clear(&teams[p->nteams]);
			return -1;
		}
		p->nteams++;
	}
	return 0;
}

struct directory *
directory_load(const char *path, const char *xsd, struct carex_err *err)
{
	struct directory	*d = NULL;
	struct schema		*s = NULL;
	struct xdoc		*x = NULL;
	struct errlist		 errs;
	struct buf		 b;
	xmlNodePtr		 e;
	size_t			 n = 0, i;
	/* The directory is configuration, but it is parsed as carefully as
	 * any document: it may come from a shared drive. */
	const struct xmlsafe_limits lim = { .max_bytes = DIRECTORY_MAX_BYTES,
	    .max_depth = 16, .max_nodes = 2000000L };

	buf_init(&b, DIRECTORY_MAX_BYTES);
	errlist_init(&errs, 1);
	if (buf_read_file(&b, path) == -1) {
		err_set(err, CAREX_ESYS, "%s: cannot read the directory", path);
		goto fail;
	}
	if ((x = xmlsafe_parse(b.data, b.len, &lim, err)) == NULL) {
		if (err != NULL) {
			char m[sizeof(err->msg)];

			(void)snprintf(m, sizeof(m), "%s", err->msg);
			err_setpos(err, err->code, err->line, err->col,
			    err->rule, "%s: %s", path, m);
		}
		goto fail;
	}
	if ((s = schema_load(xsd, err)) == NULL)
		goto fail;
	if (schema_check(s, x, &errs, err) != 0) {
		if (errs.n > 0)
			err_setpos(err, CAREX_EUSAGE, errs.v[0].line,
			    errs.v[0].col, "XSD", "%s:%ld:%ld: %s", path,
			    errs.v[0].line, errs.v[0].col, errs.v[0].msg);
		goto fail;
	}
	if ((d = calloc(1, sizeof(*d))) == NULL)
		goto nomem;
	for (e = xmlDocGetRootElement(x->doc)->children; e; e = e->next)
		n += xmlnode_is(e, "participant");
	if ((d->v = calloc(n ? n : 1, sizeof(*d->v))) == NULL)
		goto nomem;
	for (e = xmlDocGetRootElement(x->doc)->children; e; e = e->next) {
		if (!xmlnode_is(e, "participant"))
			continue;
		if (participant_read(&d->v[d->n], e) == -1) {
			participant_clear(&d->v[d->n]);
			goto nomem;
		}
		d->n++;
	}
	qsort(d->v, d->n, sizeof(*d->v), by_code);
	for (i = 1; i < d->n; i++)
		if (strcmp(d->v[i - 1].code, d->v[i].code) == 0) {
			err_set(err, CAREX_EUSAGE, "%s: participant %s is "
			    "listed twice", path, d->v[i].code);
			goto fail;
		}
	schema_free(s);
	xmlsafe_free(x);
	errlist_free(&errs);
	buf_free(&b);
	return d;
nomem:
	err_set(err, CAREX_ESYS, "out of memory");
fail:
	directory_free(d);
	schema_free(s);
	xmlsafe_free(x);
	errlist_free(&errs);
	buf_free(&b);
	return NULL;
}

const struct participant *
directory_find(const struct directory *d, const char *code)
{
	struct participant	key;

	memset(&key, 0, sizeof(key));
	key.code = (char *)(uintptr_t)code;
	return bsearch(&key, d->v, d->n, sizeof(*d->v), by_code);
}

size_t
directory_count(const struct directory *d)
{
	return d->n;
}

const struct participant *
directory_at(const struct directory *d, size_t i)
{
	return i < d->n ? &d->v[i] : NULL;
}

const struct team *
directory_team(const struct participant *p, const char *code)
{
	size_t	i;

	for (i = 0; code != NULL && i < p->nteams; i++)
		if (strcmp(p->teams[i].code, code) == 0)
			return &p->teams[i];
	return NULL;
}
