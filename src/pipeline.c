/* SPDX-License-Identifier: MIT */
/* pipeline.c - parse, validate, transform, typeset (see pipeline.h). */
#include "config.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc/registry.h"
#include "doc/xform.h"
#include "doc/xmlnode.h"
#include "pdf/font.h"
#include "pdf/typeset.h"
#include "pipeline.h"
#include "doc/limits.h"

struct pipeline {
	struct registry		*reg;
	struct directory	*dir;
	struct typeset		*ts;
	struct limits		*clinical;
	struct xmlsafe_limits	 lim;	/* 0 fields: the defaults */
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
	if (pp->limits != NULL)
		p->lim = *pp->limits;
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
	if (datapath(xsd, sizeof(xsd), pp->datadir,
	    "schemas/clinical-limits.xsd") == -1 || datapath(reg, sizeof(reg),
	    pp->datadir, "schemas/clinical-limits.xml") == -1)
		goto toolong;
	if ((p->clinical = limits_load(pp->clinical_limits != NULL &&
	    pp->clinical_limits[0] != '\0' ? pp->clinical_limits : reg, xsd,
	    err)) == NULL)
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
	limits_free(p->clinical);
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

static int	printable(const struct pipeline *, const struct checked *,
		    const void *, size_t, struct errlist *, struct carex_err *);
static int	team_check(const struct pipeline *, const struct checked *,
		    struct errlist *, struct carex_err *);

int
pipeline_load(const struct pipeline *p, const void *data, size_t len,
    const char *doctype, struct checked *c, struct carex_err *err)
{
	struct xmlsafe_limits	stored;

	memset(c, 0, sizeof(*c));
	if ((c->dt = registry_byname(p->reg, doctype)) == NULL) {
		err_set(err, CAREX_ENOTFOUND, "doctype %s is no longer in the "
		    "registry", doctype);
		return -1;
	}
	/* Accepted once, perhaps by a carexd before the per-element limits:
	 * what it was accepted under bounds its cost, and it must render. */
	stored = p->lim;
	stored.max_attributes = stored.max_namespaces = INT_MAX;
	stored.max_namespaces_total = stored.max_name_length = INT_MAX;
	stored.max_nodes = LONG_MAX;
	if ((c->x = xmlsafe_parse(data, len, &stored, err)) == NULL)
		return -1;
	doctype_normalize(c->dt, c->x);	/* as it read when accepted */
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
	if ((c->x = xmlsafe_parse(data, len, &p->lim, &e)) == NULL) {
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
	if ((n = doctype_check(c->dt, c->x, p->clinical, errs, err)) != 0 ||
	    (n = team_check(p, c, errs, err)) != 0 ||
	    (n = printable(p, c, data, len, errs, err)) != 0) {
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
	char		*s;
	int		 w;

	/* xs:token, as the schema read it: " X " is the message id X. */
	if (n == NULL || (s = xmlnode_token(n)) == NULL)
		return -1;
	w = snprintf(out, len, "%s", s);
	free(s);
	return w < 0 || (size_t)w >= len ? -1 : 0;
}

/* The line of the header field naming the replaced document. */
static long
replace_line(const struct checked *c)
{
	xmlNodePtr	n = header_field(c->x, "supersedes", NULL);

	if (n == NULL)
		n = header_field(c->x, "cancels", NULL);
	return n != NULL ? xmlGetLineNo(n) : 0;
}

static int
strv_has(char *const *v, const char *s)
{
	for (; v != NULL && *v != NULL; v++)
		if (strcmp(*v, s) == 0)
			return 1;
	return 0;
}

int
pipeline_replacement(const struct checked *nw, char *const *nw_to,
    const struct checked *old, char *const *old_to, struct errlist *errs,
    struct carex_err *err)
{
	struct carex_err	 e;
	const char		*what;
	char			*a = NULL, *b = NULL;
	long			 la, lb, line = replace_line(nw);
	int			 n = 0, ra, rb;

	err_clear(&e);
	if (nw->dt != old->dt) {
		err_setpos(&e, CAREX_EINVALID, line, 0, "REPLACE", "the "
		    "document it replaces is a %s, this one a %s: a "
		    "replacement must be of the same doctype (send a %s, or "
		    "send this one without <supersedes>/<cancels>)",
		    doctype_name(old->dt), doctype_name(nw->dt),
		    doctype_name(old->dt));
		return errlist_add(errs, &e) == -1 ? -1 : 1;
	}
	if ((ra = doctype_subject(nw->dt, nw->x, &a, &la, err)) == -1 ||
	    (rb = doctype_subject(old->dt, old->x, &b, &lb, err)) == -1) {
		free(a);
		return -1;
	}
	what = doctype_subject_what(nw->dt);
	if (ra != rb || (ra == 0 && strcmp(a, b) != 0)) {
		err_setpos(&e, CAREX_EINVALID, ra == 0 ? la : line, 0,
		    "REPLACE", "this document is about %s %s, the one it "
		    "replaces about %s %s: a document about another patient "
		    "cannot replace it (send it as a new document, and cancel "
		    "the wrong one)", what, ra == 0 ? a : "(none)", what,
		    rb == 0 ? b : "(none)");
		if (errlist_add(errs, &e) == -1)
			n = -1;
		else
			n++;
	}
	free(a);
	free(b);
	for (; n >= 0 && old_to != NULL && *old_to != NULL; old_to++) {
		if (strv_has(nw_to, *old_to))
			continue;
		err_setpos(&e, CAREX_EINVALID, line, 0, "REPLACE", "the "
		    "document it replaces went to %s, this one does not: a "
		    "replacement goes to every original recipient (add "
		    "<to>%s</to>)", *old_to, *old_to);
		if (errlist_add(errs, &e) == -1)
			n = -1;
		else
			n++;
	}
	if (n == -1)
		err_set(err, CAREX_ESYS, "out of memory");
	return n;
}

static const struct participant *
participant_of(const struct pipeline *p, xmlNodePtr n)
{
	const struct participant	*pt;
	char				*code;

	if (n == NULL || (code = xmlnode_token(n)) == NULL)
		return NULL;
	pt = directory_find(p->dir, code);
	free(code);
	return pt;
}

/* pt's team codes into b, "north-east, south and east" (only those with
 * no out-of-hours route when unrouted); -1 if b is full. */
static int
team_list(struct buf *b, const struct participant *pt, int unrouted)
{
	size_t	i, n = 0, k = 0;

	for (i = 0; i < pt->nteams; i++)
		n += !unrouted || pt->teams[i].ooh == NULL;
	for (i = 0; i < pt->nteams; i++) {
		if (unrouted && pt->teams[i].ooh != NULL)
			continue;
		k++;
		if (buf_printf(b, "%s%s", k == 1 ? "" : k == n ? " and " : ", ",
		    pt->teams[i].code) == -1)
			return -1;
	}
	return 0;
}

/* The sender's team the header names (<from-team>), or NULL: none named,
 * or one the directory no longer has (a stored document renders as the
 * participant as a whole). */
static const struct team *
sender_team(const struct checked *c, const struct participant *from)
{
	const struct team	*t;
	xmlNodePtr		 n = header_field(c->x, "from-team", NULL);
	char			*code;

	if (from == NULL || n == NULL || (code = xmlnode_token(n)) == NULL)
		return NULL;
	t = directory_team(from, code);
	free(code);
	return t;
}

/* A document may name as its issuing team only a team the sender has in
 * the directory: another would print no letterhead of its own and send
 * the call back to nobody. 0 when it does (or names none), 1 with the
 * error in errs, -1 with err. A sender the directory does not have is
 * policy's to refuse, and leaves nothing to check against. */
static int
team_check(const struct pipeline *p, const struct checked *c,
    struct errlist *errs, struct carex_err *err)
{
	const struct participant	*from;
	struct carex_err		 e;
	struct buf			 teams;
	xmlNodePtr			 n = header_field(c->x, "from-team", NULL);
	char				*code;
	long				 line, col;
	int				 rc = -1;

	from = participant_of(p, header_field(c->x, "from", NULL));
	if (n == NULL || from == NULL || sender_team(c, from) != NULL)
		return 0;
	buf_init(&teams, 4096);
	if ((code = xmlnode_token(n)) == NULL ||
	    team_list(&teams, from, 0) == -1)
		goto nomem;
	xmlsafe_where(c->x, n, &line, &col);
	if (from->nteams == 0)
		err_setpos(&e, CAREX_EINVALID, line, col, "TEAM", "issuing "
		    "team %.32s: %.32s (%.64s) has no teams in the directory. "
		    "Leave <from-team> out to send as %.64s, or have the team "
		    "added to the directory first", code, from->code,
		    from->name, from->name);
	else
		err_setpos(&e, CAREX_EINVALID, line, col, "TEAM", "issuing "
		    "team %.32s is not one of %.32s's teams in the directory, "
		    "which are %s: write one of them in <from-team>, or leave "
		    "<from-team> out to send as %.64s as a whole", code,
		    from->code, (const char *)teams.data, from->name);
	rc = errlist_add(errs, &e) == -1 ? -1 : 1;
	if (rc == 1)
		goto out;
nomem:
	err_set(err, CAREX_ESYS, "out of memory");
out:
	free(code);
	buf_free(&teams);
	return rc;
}

size_t
pipeline_unrouted(const struct pipeline *p,
    void (*fn)(const struct participant *, const char *, void *), void *arg)
{
	const struct participant	*pt;
	struct buf			 teams;
	size_t				 i, j, n = 0, lack;

	buf_init(&teams, 4096);
	for (i = 0; (pt = directory_at(p->dir, i)) != NULL; i++) {
		if (pt->ooh != NULL ||
		    !registry_about_patients(p->reg, pt->role))
			continue;
		for (j = lack = 0; j < pt->nteams; j++)
			lack += pt->teams[j].ooh == NULL;
		if (pt->nteams > 0 && lack == 0)
			continue;	/* only a teamless document lacks one */
		buf_reset(&teams);
		(void)team_list(&teams, pt, 1);	/* cut short when full */
		fn(pt, teams.len > 0 ? (const char *)teams.data : "", arg);
		n++;
	}
	buf_free(&teams);
	return n;
}

#define WHO_FIELDS	7
#define WHO_NAME	80	/* "party-" + a registry name + "-address" */

static const char *const who_field[WHO_FIELDS] = {
	"code", "name", "team", "address", "contact", "phone", "ooh"
};

/* Parameter names prefix-code ... prefix-ooh, and the room for them. */
struct who {
	char	name[WHO_FIELDS][WHO_NAME];
};

/* Append to params at *k the parameters saying who pt is, as its team t
 * (NULL: the participant as a whole), named prefix-FIELD in w. The
 * values are borrowed from the directory; an absent route is "", which
 * the stylesheets print as the fallback. */
static void
who_params(const char **params, size_t *k, struct who *w,
    const char *prefix, const struct participant *pt, const struct team *t)
{
	const char	*v[WHO_FIELDS];
	size_t		 i;
	int		 n;

	v[0] = pt->code;
	v[1] = pt->name;
	v[2] = t != NULL ? t->name : "";
	v[3] = t != NULL ? t->address : pt->address;
	v[4] = t != NULL ? t->contact : pt->contact;
	v[5] = t != NULL ? t->phone : pt->phone;
	v[6] = t != NULL ? t->ooh : pt->ooh;
	for (i = 0; i < WHO_FIELDS; i++) {
		n = snprintf(w->name[i], sizeof(w->name[i]), "%s-%s", prefix,
		    who_field[i]);
		/* The registry's schema bounds a party's name. */
		assert(n > 0 && (size_t)n < sizeof(w->name[i]));
		params[(*k)++] = w->name[i];
		params[(*k)++] = v[i] != NULL ? v[i] : "";
	}
}

/* The doctype's named parties (whoever signs the prescription), each
 * looked up in the directory, as party-NAME-* parameters; a party that
 * is the sender speaks as the sender's issuing team. One the document or
 * the directory does not have is left out (the stylesheet falls back to
 * the document). -1 with err. */
static int
party_params(const struct pipeline *p, const struct checked *c,
    const struct participant *from, const char **params, size_t *k,
    struct who *w, struct carex_err *err)
{
	const struct participant	*pt;
	char				 prefix[WHO_NAME];
	char				*code;
	size_t				 i;
	int				 rc;

	for (i = 0; i < doctype_nparties(c->dt); i++) {
		if ((rc = doctype_party(c->dt, i, c->x, &code, err)) == -1)
			return -1;
		if (rc == 1)
			continue;
		pt = directory_find(p->dir, code);
		free(code);
		if (pt == NULL)
			continue;
		(void)snprintf(prefix, sizeof(prefix), "party-%s",
		    doctype_party_name(c->dt, i));	/* bounded by schema */
		who_params(params, k, &w[i], prefix, pt,
		    pt == from ? sender_team(c, from) : NULL);
	}
	return 0;
}

/* The layout XML of c's rendition for o (the caller frees *layout with
 * xmlFreeDoc()); -1 with err. */
static int
rendition_layout(const struct pipeline *p, const struct checked *c,
    const struct render_opts *o, xmlDocPtr *layout, struct carex_err *err)
{
	const struct rendition		*rd;
	const struct participant	*from, *to = NULL;
	/* role and status, 4; recipient, 8; sender and each party, a who
	 * each; replaces and replaced-by, 8; the NULL that ends them */
	const char			*params[4 + 8 + 2 * WHO_FIELDS *
					    (1 + DOCTYPE_MAX_PARTIES) + 8 + 1];
	struct who			 sender, parties[DOCTYPE_MAX_PARTIES];
	xmlNodePtr			 n;
	size_t				 k = 0;

	*layout = NULL;
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
	if (o->replaces_ref != NULL) {
		PARAM("replaces-ref", o->replaces_ref);
		PARAM("replaces-time", o->replaces_time ? o->replaces_time : "");
	}
	if (o->replaced_by_ref != NULL) {
		PARAM("replaced-by-ref", o->replaced_by_ref);
		PARAM("replaced-by-time", o->replaced_by_time ?
		    o->replaced_by_time : "");
	}
	/* sender-name is the participant; -team, -address, -contact,
	 * -phone and -ooh are its issuing team's when the header names
	 * one. */
	if (from != NULL)
		who_params(params, &k, &sender, "sender", from,
		    sender_team(c, from));
	if (to != NULL) {
		PARAM("recipient", to->code);
		PARAM("recipient-name", to->name);
		PARAM("recipient-address", to->address);
		if (to->contractor != NULL)
			PARAM("recipient-contractor", to->contractor);
	}
#undef PARAM
	if (party_params(p, c, from, params, &k, parties, err) == -1)
		return -1;
	assert(k < sizeof(params) / sizeof(params[0]));
	params[k] = NULL;
	return xform_apply(rd->xf, c->x, params, layout, err);
}

int
pipeline_render(const struct pipeline *p, const struct checked *c,
    const struct render_opts *o, struct buf *pdf, struct carex_err *err)
{
	const struct rendition	*rd;
	xmlDocPtr		 layout = NULL;
	int			 rc = -1;

	if (rendition_layout(p, c, o, &layout, err) == -1)
		goto out;
	rd = o->role ? doctype_rendition(c->dt, o->role) :
	    doctype_default_rendition(c->dt);
	if (o->layout != NULL &&
	    xform_serialise(rd->xf, layout, o->layout, err) == -1)
		goto out;
	rc = typeset_render(p->ts, layout, pdf, err);
out:
	xmlFreeDoc(layout);
	return rc;
}

/* ---- printability: nothing accepted that no recipient can print ----- */

#define PRINT_MAXERRS	20	/* per document: the first are enough to fix */

/* The element path of n ("/care-summary/patient/name/given", "[2]" on a
 * repeated name, "/@name" for an attribute) into out, cut to fit. */
static void
node_path(const xmlNode *n, char *out, size_t len)
{
	const xmlNode	*up[64], *s;
	char		 step[96];
	size_t		 k = 0, used = 0;
	int		 i, w, pos, many;

	out[0] = '\0';
	for (; n != NULL && k < 64; n = n->parent)
		if (n->type == XML_ELEMENT_NODE ||
		    n->type == XML_ATTRIBUTE_NODE)
			up[k++] = n;
	for (i = (int)k - 1; i >= 0; i--) {
		n = up[i];
		pos = many = 0;
		if (n->type == XML_ELEMENT_NODE && n->parent != NULL &&
		    n->parent->type == XML_ELEMENT_NODE)
			for (s = n->parent->children; s != NULL; s = s->next) {
				if (s->type != XML_ELEMENT_NODE ||
				    !xmlStrEqual(s->name, n->name))
					continue;
				if (s == n)
					pos = many + 1;
				many++;
			}
		if (many > 1)
			w = snprintf(step, sizeof(step), "/%s[%d]",
			    (const char *)n->name, pos);
		else
			w = snprintf(step, sizeof(step), "/%s%s",
			    n->type == XML_ATTRIBUTE_NODE ? "@" : "",
			    (const char *)n->name);
		if (w < 0 || (size_t)w >= sizeof(step) ||
		    used + (size_t)w >= len)
			return;
		memcpy(out + used, step, (size_t)w + 1);
		used += (size_t)w;
	}
}

/* The byte offset in data of line, col (1-based, col in characters). */
static size_t
offset_of(const unsigned char *data, size_t len, long line, long col)
{
	size_t	i = 0;
	long	l = 1, c = 1;

	for (; i < len && (l < line || (l == line && c < col)); i++) {
		if (data[i] == '\n') {
			l++;
			c = 1;
		} else if ((data[i] & 0xc0) != 0x80)
			c++;
	}
	return i;
}

static void
position_of(const unsigned char *data, size_t off, long *line, long *col)
{
	size_t	i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if ((data[i] & 0xc0) != 0x80)
			(*col)++;
	}
}

/* Where cp is written in data at or after *from: literally, or as a
 * character reference. Moves *from past it and returns 1, or 0 when it
 * is not found there. */
static int
find_char(const unsigned char *data, size_t len, size_t *from, uint32_t cp)
{
	unsigned char	 u[4];
	char		 ref[2][16];
	size_t		 n, i, r, rl;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xf0 | cp >> 18);
		u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	(void)snprintf(ref[0], sizeof(ref[0]), "&#x%X;", (unsigned)cp);
	(void)snprintf(ref[1], sizeof(ref[1]), "&#%u;", (unsigned)cp);
	for (i = *from; i < len; i++) {
		if (i + n <= len && memcmp(data + i, u, n) == 0)
			goto found;
		if (data[i] != '&')
			continue;
		for (r = 0; r < 2; r++) {
			rl = strlen(ref[r]);
			if (i + rl <= len &&
			    strncasecmp((const char *)data + i, ref[r], rl) == 0)
				goto found;
		}
	}
	return 0;
found:
	*from = i;
	return 1;
}

struct pscan {
	const struct pipeline	*p;
	const struct xdoc	*x;
	const unsigned char	*data;
	size_t			 len;
	struct errlist		*errs;
	int			 found;
};

/* Each character of text s (belonging to node n) the typesetter cannot
 * show becomes an error naming the field, the line and column where the
 * document has it, and the character. -1 when out of memory. */
static int
scan_text(struct pscan *ps, const xmlNode *n, const xmlChar *s)
{
	struct carex_err	 e;
	const char		*why;
	char			 path[256];
	size_t			 i, k, len = strlen((const char *)s), from = 0;
	long			 line = 0, col = 0;
	uint32_t		 cp, seen[8];
	int			 located = 0, nseen = 0, j;

	for (i = 0; i < len; i += k) {
		if ((k = utf8_decode_seq(s + i, len - i, &cp)) == 0)
			return 0;	/* libxml2 gives UTF-8: cannot happen */
		/* XML's own white space: the layout makes it spaces. */
		if (cp == '\t' || cp == '\n' || cp == '\r' ||
		    (why = typeset_why(ps->p->ts, cp)) == NULL)
			continue;
		/* Each character once per field: "محمد" is one error. */
		for (j = 0; j < nseen && seen[j] != cp; j++)
			;
		if (j < nseen)
			continue;
		if (nseen < 8)
			seen[nseen++] = cp;
		if (ps->found++ >= PRINT_MAXERRS)
			return 0;
		/* The element's start tag, then the character after it. */
		if (!located) {
			xmlsafe_where(ps->x, n, &line, &col);
			from = offset_of(ps->data, ps->len, line, col);
			located = 1;
		}
		if (find_char(ps->data, ps->len, &from, cp)) {
			position_of(ps->data, from, &line, &col);
			from++;
		}
		node_path(n, path, sizeof(path));
		err_setpos(&e, CAREX_EINVALID, line, col, "PRINT", "%s: "
		    "character U+%04X %s; no recipient could print this "
		    "document. Write it another way (in words, or in Latin "
		    "letters) or leave it out", path, (unsigned)cp, why);
		if (errlist_add(ps->errs, &e) == -1)
			return -1;
	}
	return 0;
}

/* Every text node and attribute value under n, in document order. */
static int
scan_tree(struct pscan *ps, const xmlNode *n)
{
	const xmlAttr	*a;
	const xmlNode	*k;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			for (a = n->properties; a != NULL; a = a->next)
				if (a->children != NULL &&
				    a->children->content != NULL &&
				    scan_text(ps, (const xmlNode *)a,
				    a->children->content) == -1)
					return -1;
			if (scan_tree(ps, n->children) == -1)
				return -1;
		} else if ((n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) && n->content != NULL) {
			for (k = n->parent; k != NULL &&
			    k->type != XML_ELEMENT_NODE; k = k->parent)
				;
			if (scan_text(ps, k != NULL ? k : n, n->content) == -1)
				return -1;
		}
	}
	return 0;
}

/* Lay out the rendition one role receives (for one recipient, or none for
 * the sender's copy); an error in errs when it cannot be typeset. */
static int
layout_check(const struct pipeline *p, const struct checked *c,
    const char *role, const char *recipient, struct errlist *errs,
    struct carex_err *err)
{
	struct render_opts	 o;
	struct carex_err	 e;
	xmlDocPtr		 layout = NULL;
	unsigned int		 pages = 0;
	int			 rc = 0;

	memset(&o, 0, sizeof(o));
	o.role = role;
	o.recipient = recipient;
	err_clear(&e);
	/* A role with no rendition is policy's to refuse; a stylesheet that
	 * fails is the installation's fault, not the document's, and the
	 * fetch reports it as such. Only what the typesetter refuses in
	 * this document's layout is the sender's to fix. */
	if (rendition_layout(p, c, &o, &layout, &e) == -1) {
		xmlFreeDoc(layout);
		if (e.code != CAREX_ESYS)
			return 0;
		if (err != NULL)
			*err = e;
		return -1;
	}
	if (typeset_check(p->ts, layout, &pages, &e) == -1)
		rc = -1;
	xmlFreeDoc(layout);
	if (rc == 0)
		return 0;
	if (e.code == CAREX_ESYS) {
		if (err != NULL)
			*err = e;
		return -1;
	}
	if (e.code == CAREX_ELIMIT)
		err_setpos(&e, CAREX_EINVALID, 1, 1, "PRINT", "the %s%s%s "
		    "would be longer than the typesetter's limit of %d pages, "
		    "so it could never be printed: split it into several "
		    "documents", recipient ? role : "sender's copy",
		    recipient ? " rendition for " : "",
		    recipient ? recipient : "", TYPESET_MAXPAGES);
	else {
		e.code = CAREX_EINVALID;
		(void)snprintf(e.rule, sizeof(e.rule), "PRINT");
		if (e.line == 0)
			e.line = 1;
	}
	return errlist_add(errs, &e) == -1 ? -1 : 1;
}

/* 0 when every rendition c's recipients get (and the sender's copy) can
 * be typeset; 1 with errors in errs when one cannot; -1 with err. The
 * text is checked against the fonts first, so that each character is
 * reported where the document has it; then each rendition is laid out
 * (no PDF is written) for its page count and whatever the stylesheet
 * and the directory add. */
static int
printable(const struct pipeline *p, const struct checked *c,
    const void *data, size_t len, struct errlist *errs,
    struct carex_err *err)
{
	const struct participant	*pt;
	struct pscan			 ps;
	const struct rendition		*dflt;
	char				**to = NULL;
	size_t				 i;
	int				 rc, sender = 0;

	memset(&ps, 0, sizeof(ps));
	ps.p = p;
	ps.x = c->x;
	ps.data = data;
	ps.len = len;
	ps.errs = errs;
	if (scan_tree(&ps, xmlDocGetRootElement(c->x->doc)) == -1) {
		err_set(err, CAREX_ESYS, "out of memory");
		return -1;
	}
	if (ps.found > 0)
		return 1;
	if (doctype_recipients(c->dt, c->x, &to, err) == -1)
		return -1;
	rc = 0;
	dflt = doctype_default_rendition(c->dt);
	for (i = 0; to[i] != NULL && rc == 0; i++) {
		if ((pt = directory_find(p->dir, to[i])) == NULL)
			continue;
		rc = layout_check(p, c, pt->role, pt->code, errs, err);
		/* The sender's copy is the first such recipient's. */
		if (dflt != NULL && strcmp(pt->role, dflt->role) == 0)
			sender = 1;
	}
	registry_strv_free(to);
	if (rc == 0 && !sender)
		rc = layout_check(p, c, NULL, NULL, errs, err);
	return rc;
}
