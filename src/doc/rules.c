/* SPDX-License-Identifier: MIT */
/* rules.c - rule files: load, compile, check (see rules.h).
 *
 * A rule is three XPath expressions compiled once: context (selects the
 * elements to check), assert (must be true at each) and the {…} parts of
 * the message. Rules are data beside the doctype's schema; this file knows
 * no doctype. The extension functions are the few checks XPath 1.0 cannot
 * do: CHI numbers, calendar arithmetic, the clinical limits and the
 * counting of scheduled doses not taken (domain/doses.h). */
#include "config.h"

#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "doc/rules.h"
#include "doc/xmlnode.h"
#include "domain/chi.h"
#include "domain/doses.h"
#include "doc/limits.h"
#include "domain/pname.h"
#include "util/date.h"
#include "util/utf8.h"
#include "util/buf.h"

#define RULES_MAX_INCLUDE_DEPTH	4

struct msgpart {
	char			*text;	/* literal, or NULL */
	xmlXPathCompExprPtr	 expr;	/* when text is NULL */
};

struct rule {
	char			 id[32];
	xmlXPathCompExprPtr	 context;
	xmlXPathCompExprPtr	 assertion;
	struct msgpart		*parts;
	size_t			 nparts;
};

/* A named value of the document, evaluated once at its root before any
 * rule and bound as the XPath variable $name for every rule after it. */
struct let {
	char			 name[32];
	xmlXPathCompExprPtr	 select;
};

struct rules {
	struct rule	*v;
	size_t		 n;
	size_t		 cap;
	struct let	*lets;
	size_t		 nlets;
	size_t		 letcap;
};

static void
rule_clear(struct rule *r)
{
	size_t	i;

	xmlXPathFreeCompExpr(r->context);
	xmlXPathFreeCompExpr(r->assertion);
	for (i = 0; i < r->nparts; i++) {
		free(r->parts[i].text);
		xmlXPathFreeCompExpr(r->parts[i].expr);
	}
	free(r->parts);
}

void
rules_free(struct rules *rs)
{
	size_t	i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++)
		rule_clear(&rs->v[i]);
	for (i = 0; i < rs->nlets; i++)
		xmlXPathFreeCompExpr(rs->lets[i].select);
	free(rs->v);
	free(rs->lets);
	free(rs);
}

size_t
rules_count(const struct rules *rs)
{
	return rs->n;
}

/* Split "text {xpath} text" into parts; -1 on a bad expression or an
 * unbalanced brace. */
static int
msg_compile(struct rule *r, const char *msg)
{
	const char	*p = msg, *open, *close;
	struct msgpart	*part;
	char		*s;
	size_t		 cap = 0;

	while (*p != '\0') {
		if (r->nparts == cap) {
			cap = cap ? cap * 2 : 4;
			part = reallocarray(r->parts, cap, sizeof(*part));
			if (part == NULL)
				return -1;
			r->parts = part;
		}
		part = &r->parts[r->nparts];
		memset(part, 0, sizeof(*part));
		open = strchr(p, '{');
		if (open == p) {
			if ((close = strchr(p, '}')) == NULL)
				return -1;
			if ((s = strndup(p + 1, (size_t)(close - p - 1))) == NULL)
				return -1;
			part->expr = xmlXPathCompile((const xmlChar *)s);
			free(s);
			if (part->expr == NULL)
				return -1;
			r->nparts++;
			p = close + 1;
			continue;
		}
		s = open ? strndup(p, (size_t)(open - p)) : strdup(p);
		if (s == NULL)
			return -1;
		part->text = s;
		r->nparts++;
		p = open ? open : p + strlen(p);
	}
	return 0;
}

/* Collapse runs of white space (rule files wrap long messages). */
static char *
squeeze(const xmlChar *in)
{
	char		*out, *o;
	const char	*s = (const char *)in;
	int		 space = 0;

	if ((out = malloc(strlen(s) + 1)) == NULL)
		return NULL;
	for (o = out; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = o != out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

static int rules_load_into(struct rules *, const char *, int,
    struct carex_err *);

/* v (n of *cap elements of size used) with room for one more: v itself,
 * or v moved and *cap doubled; NULL with err, v untouched, when out of
 * memory. */
static void *
grow(void *v, size_t n, size_t *cap, size_t size, struct carex_err *err)
{
	void	*nv;
	size_t	 c;

	if (n < *cap)
		return v;
	c = *cap ? *cap * 2 : 8;
	if ((nv = reallocarray(v, c, size)) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	*cap = c;
	return nv;
}

static int
rule_add(struct rules *rs, xmlNodePtr n, const char *path,
    struct carex_err *err)
{
	struct rule	*r, *v;
	xmlChar		*id, *ctx, *as, *text;
	char		*msg = NULL;
	int		 rc = -1;

	id = xmlGetProp(n, (const xmlChar *)"id");
	ctx = xmlGetProp(n, (const xmlChar *)"context");
	as = xmlGetProp(n, (const xmlChar *)"assert");
	text = xmlNodeGetContent(n);
	if (id == NULL || ctx == NULL || as == NULL || text == NULL ||
	    xmlStrlen(id) >= (int)sizeof(r->id)) {
		err_set(err, CAREX_EINTERNAL, "%s:%ld: a rule needs id, "
		    "context, assert and a message", path, xmlGetLineNo(n));
		goto out;
	}
	if ((v = grow(rs->v, rs->n, &rs->cap, sizeof(*v), err)) == NULL)
		goto out;
	rs->v = v;
	r = &rs->v[rs->n];
	memset(r, 0, sizeof(*r));
	(void)snprintf(r->id, sizeof(r->id), "%s", (const char *)id);
	r->context = xmlXPathCompile(ctx);
	r->assertion = xmlXPathCompile(as);
	if ((msg = squeeze(text)) == NULL || r->context == NULL ||
	    r->assertion == NULL || msg_compile(r, msg) == -1) {
		err_set(err, CAREX_EINTERNAL, "%s:%ld: rule %s: an XPath "
		    "expression does not compile", path, xmlGetLineNo(n),
		    r->id);
		rule_clear(r);
		goto out;
	}
	rs->n++;
	rc = 0;
out:
	free(msg);
	xmlFree(id);
	xmlFree(ctx);
	xmlFree(as);
	xmlFree(text);
	return rc;
}

/* A let's name: a lower-case NCName, not taken by an earlier let. */
static int
let_name_ok(const struct rules *rs, const char *name)
{
	const char	*p;
	size_t		 i;

	if (*name < 'a' || *name > 'z' ||
	    strlen(name) >= sizeof(rs->lets->name))
		return 0;
	for (p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-'))
			return 0;
	for (i = 0; i < rs->nlets; i++)
		if (strcmp(rs->lets[i].name, name) == 0)
			return 0;
	return 1;
}

static int
let_add(struct rules *rs, xmlNodePtr n, const char *path,
    struct carex_err *err)
{
	struct let	*l, *v;
	xmlChar		*name, *sel;
	int		 rc = -1;

	name = xmlGetProp(n, (const xmlChar *)"name");
	sel = xmlGetProp(n, (const xmlChar *)"select");
	if (name == NULL || sel == NULL ||
	    !let_name_ok(rs, (const char *)name)) {
		err_set(err, CAREX_EINTERNAL, "%s:%ld: a let needs a new "
		    "lower-case name and a select", path, xmlGetLineNo(n));
		goto out;
	}
	if ((v = grow(rs->lets, rs->nlets, &rs->letcap, sizeof(*v),
	    err)) == NULL)
		goto out;
	rs->lets = v;
	l = &rs->lets[rs->nlets];
	(void)snprintf(l->name, sizeof(l->name), "%s", (const char *)name);
	if ((l->select = xmlXPathCompile(sel)) == NULL) {
		err_set(err, CAREX_EINTERNAL, "%s:%ld: let %s: the XPath "
		    "expression does not compile", path, xmlGetLineNo(n),
		    l->name);
		goto out;
	}
	rs->nlets++;
	rc = 0;
out:
	xmlFree(name);
	xmlFree(sel);
	return rc;
}

static int
rules_load_into(struct rules *rs, const char *path, int depth,
    struct carex_err *err)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n;
	xmlChar		*href;
	char		 sub[PATH_MAX];
	int		 rc = -1;

	if (depth > RULES_MAX_INCLUDE_DEPTH) {
		err_set(err, CAREX_EINTERNAL, "%s: includes nested too deeply",
		    path);
		return -1;
	}
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL ||
	    !xmlStrEqual(root->name, (const xmlChar *)"rules")) {
		err_set(err, CAREX_EINTERNAL, "%s: not a rules file", path);
		goto out;
	}
	for (n = root->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(n->name, (const xmlChar *)"include")) {
			href = xmlGetProp(n, (const xmlChar *)"href");
			if (href == NULL || xmlnode_beside(sub, sizeof(sub), path,
			    (const char *)href) == -1) {
				xmlFree(href);
				err_set(err, CAREX_EINTERNAL, "%s:%ld: bad "
				    "include", path, xmlGetLineNo(n));
				goto out;
			}
			xmlFree(href);
			if (rules_load_into(rs, sub, depth + 1, err) == -1)
				goto out;
		} else if (xmlStrEqual(n->name, (const xmlChar *)"let")) {
			if (let_add(rs, n, path, err) == -1)
				goto out;
		} else if (xmlStrEqual(n->name, (const xmlChar *)"rule")) {
			if (rule_add(rs, n, path, err) == -1)
				goto out;
		} else {
			err_set(err, CAREX_EINTERNAL, "%s:%ld: unknown element "
			    "<%s>", path, xmlGetLineNo(n), (const char *)n->name);
			goto out;
		}
	}
	rc = 0;
out:
	xmlFreeDoc(doc);
	return rc;
}

struct rules *
rules_load(const char *path, struct carex_err *err)
{
	struct rules	*rs;

	if ((rs = calloc(1, sizeof(*rs))) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	if (rules_load_into(rs, path, 0, err) == -1) {
		rules_free(rs);
		return NULL;
	}
	return rs;
}

static void
fn_days(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar	*s;
	long	 days;

	CHECK_ARITY(1);
	s = xmlXPathPopString(ctxt);
	if (s != NULL && date_parse((const char *)s, &days) == 0)
		valuePush(ctxt, xmlXPathNewFloat((double)days));
	else
		valuePush(ctxt, xmlXPathNewFloat(NAN));
	xmlFree(s);
}

static void
fn_weekday(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar	*s;
	long	 days;

	CHECK_ARITY(1);
	s = xmlXPathPopString(ctxt);
	if (s != NULL && date_parse((const char *)s, &days) == 0)
		valuePush(ctxt, xmlXPathNewCString(
		    date_weekday_name(date_weekday(days))));
	else
		valuePush(ctxt, xmlXPathNewCString(""));
	xmlFree(s);
}

/* carex:X-problem(s): '' when check passes s, else its why. */
static void
problem_of(xmlXPathParserContextPtr ctxt, int nargs,
    int (*check)(const char *, char *, size_t))
{
	xmlChar	*s;
	char	 why[600];

	CHECK_ARITY(1);
	s = xmlXPathPopString(ctxt);
	if (s == NULL || check((const char *)s, why, sizeof(why)) == 0)
		why[0] = '\0';
	valuePush(ctxt, xmlXPathNewCString(why));
	xmlFree(s);
}

static void
fn_chi_problem(xmlXPathParserContextPtr ctxt, int nargs)
{
	problem_of(ctxt, nargs, chi_check);
}

static void
fn_name_problem(xmlXPathParserContextPtr ctxt, int nargs)
{
	problem_of(ctxt, nargs, pname_check);
}

/* carex:limit(medicine, what): a number of the deployment's clinical
 * limits (limits.h), NaN when it has none. */
static void
fn_limit(xmlXPathParserContextPtr ctxt, int nargs)
{
	const struct limits	*lim = ctxt->context->userData;
	xmlChar			*med, *what;

	CHECK_ARITY(2);
	what = xmlXPathPopString(ctxt);
	med = xmlXPathPopString(ctxt);
	valuePush(ctxt, xmlXPathNewFloat(med && what ? limits_get(lim,
	    (const char *)med, (const char *)what) : NAN));
	xmlFree(med);
	xmlFree(what);
}

/* carex:strength(medicine, mg): true unless the limits list the
 * medicine's strengths and mg is not one. */
static void
fn_strength(xmlXPathParserContextPtr ctxt, int nargs)
{
	const struct limits	*lim = ctxt->context->userData;
	xmlChar			*med;
	double			 mg;

	CHECK_ARITY(2);
	mg = xmlXPathPopNumber(ctxt);
	med = xmlXPathPopString(ctxt);
	valuePush(ctxt, xmlXPathNewBoolean(med == NULL ||
	    limits_strength(lim, (const char *)med, mg) != 0));
	xmlFree(med);
}

/* carex:dose-on(day, before, dates, amounts): the amount in effect on
 * day (a carex:days number) of a dose that is before until the first of
 * dates, then amounts' matching one from each date on (two node sets, in
 * document order, pair by pair). NaN when day is. What a weekly limit
 * compares; it names no element of any doctype. */
static void
fn_dose_on(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlNodeSetPtr	 dates = NULL, amounts = NULL;
	xmlChar		*s;
	double		 day, v;
	long		 d;
	int		 i;

	CHECK_ARITY(4);
	amounts = xmlXPathPopNodeSet(ctxt);
	if (!ctxt->error)
		dates = xmlXPathPopNodeSet(ctxt);
	if (ctxt->error) {
		xmlXPathFreeNodeSet(amounts);
		return;
	}
	v = xmlXPathPopNumber(ctxt);
	day = xmlXPathPopNumber(ctxt);
	for (i = 0; !isnan(day) && dates != NULL && amounts != NULL &&
	    i < dates->nodeNr && i < amounts->nodeNr; i++) {
		s = xmlXPathCastNodeToString(dates->nodeTab[i]);
		if (s != NULL && date_parse((const char *)s, &d) == 0 &&
		    (double)d <= day)
			v = xmlXPathCastNodeToNumber(amounts->nodeTab[i]);
		xmlFree(s);
	}
	xmlXPathFreeNodeSet(dates);
	xmlXPathFreeNodeSet(amounts);
	valuePush(ctxt, xmlXPathNewFloat(isnan(day) ? NAN : v));
}

/* carex:transition(to, from, what): limits_transition(), from '' for a
 * start. */
static void
fn_transition(xmlXPathParserContextPtr ctxt, int nargs)
{
	const struct limits	*lim = ctxt->context->userData;
	xmlChar			*to, *from, *what;

	CHECK_ARITY(3);
	what = xmlXPathPopString(ctxt);
	from = xmlXPathPopString(ctxt);
	to = xmlXPathPopString(ctxt);
	valuePush(ctxt, xmlXPathNewFloat(to && from && what ?
	    limits_transition(lim, (const char *)to, (const char *)from,
	    (const char *)what) : NAN));
	xmlFree(to);
	xmlFree(from);
	xmlFree(what);
}

/* carex:transitions(to): what to may follow, in words, for messages. */
static void
fn_transitions(xmlXPathParserContextPtr ctxt, int nargs)
{
	const struct limits	*lim = ctxt->context->userData;
	xmlChar			*to;
	char			 out[600];

	CHECK_ARITY(1);
	to = xmlXPathPopString(ctxt);
	valuePush(ctxt, xmlXPathNewCString(to ? limits_transitions(lim,
	    (const char *)to, out, sizeof(out)) : ""));
	xmlFree(to);
}

/* The string value of node n without the blanks around it, in out
 * (empty when it does not fit). */
static void
node_word(xmlNodePtr n, char *out, size_t len)
{
	xmlChar		*s;
	const char	*p, *e;

	out[0] = '\0';
	if ((s = xmlXPathCastNodeToString(n)) == NULL)
		return;
	for (p = (const char *)s; *p == ' ' || *p == '\t' || *p == '\n' ||
	    *p == '\r'; p++)
		;
	for (e = p + strlen(p); e > p && (e[-1] == ' ' || e[-1] == '\t' ||
	    e[-1] == '\n' || e[-1] == '\r'); e--)
		;
	if ((size_t)(e - p) < len) {
		memcpy(out, p, (size_t)(e - p));
		out[e - p] = '\0';
	}
	xmlFree(s);
}

/* The arguments (at, dates, days) of carex:doses-not-taken() and
 * carex:not-taken-from(): the date of the instalment to count at, the
 * dates of the pick-ups not taken (a node set; what is not a date is
 * passed over) and the pick-up days as weekday names (a node set; empty
 * means daily). 0 with run filled; -1 (the function's value is then NaN)
 * when at is not a date or days names no weekday. */
static int
run_of(xmlXPathParserContextPtr ctxt, int nargs, struct doses_run *run)
{
	xmlNodeSetPtr	 days = NULL, dates = NULL;
	xmlChar		*at = NULL;
	char		 w[16];
	long		*v = NULL, atday;
	unsigned	 mask = 0;
	size_t		 n = 0;
	int		 i, wd, rc = -1;

	if (nargs != 3) {
		xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
		return -1;
	}
	/* A wrong type stops the evaluation (an error, not NaN): only a
	 * rules file can pass one. */
	days = xmlXPathPopNodeSet(ctxt);
	if (!xmlXPathCheckError(ctxt))
		dates = xmlXPathPopNodeSet(ctxt);
	if (!xmlXPathCheckError(ctxt))
		at = xmlXPathPopString(ctxt);
	if (xmlXPathCheckError(ctxt) || at == NULL ||
	    date_parse((const char *)at, &atday) == -1)
		goto out;
	if (days == NULL || days->nodeNr == 0)
		mask = DOSES_DAILY;
	for (i = 0; days != NULL && i < days->nodeNr; i++) {
		node_word(days->nodeTab[i], w, sizeof(w));
		if ((wd = date_weekday_of(w)) != -1)
			mask |= DOSES_DAY(wd);
	}
	if (dates != NULL && dates->nodeNr > 0) {
		v = reallocarray(NULL, (size_t)dates->nodeNr, sizeof(*v));
		if (v == NULL) {
			xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
			goto out;
		}
		for (i = 0; i < dates->nodeNr; i++) {
			node_word(dates->nodeTab[i], w, sizeof(w));
			if (date_parse(w, &v[n]) == 0)
				n++;
		}
	}
	rc = doses_run(atday, v, n, mask, run);
out:
	free(v);
	xmlFree(at);
	xmlXPathFreeNodeSet(dates);
	xmlXPathFreeNodeSet(days);
	return rc;
}

/* Push the run's count, or with first its first day; NaN when it has
 * none. */
static void
run_push(xmlXPathParserContextPtr ctxt, int nargs, int first)
{
	struct doses_run	run;

	if (run_of(ctxt, nargs, &run) == -1) {
		if (!xmlXPathCheckError(ctxt))
			valuePush(ctxt, xmlXPathNewFloat(NAN));
		return;
	}
	valuePush(ctxt, xmlXPathNewFloat((double)(first ? run.first :
	    run.count)));
}

/* carex:doses-not-taken(at, dates, days): how many scheduled doses in a
 * row were not taken up to the end of at's instalment (doses.h). */
static void
fn_doses_not_taken(xmlXPathParserContextPtr ctxt, int nargs)
{
	run_push(ctxt, nargs, 0);
}

/* carex:not-taken-from(at, dates, days): the first day of that run as a
 * day number (as carex:days() gives), the day after the last dose
 * supplied. */
static void
fn_not_taken_from(xmlXPathParserContextPtr ctxt, int nargs)
{
	run_push(ctxt, nargs, 1);
}

/* carex:date(n): day number n as YYYY-MM-DD, '' when n is not one. */
static void
fn_date(xmlXPathParserContextPtr ctxt, int nargs)
{
	double	n;
	char	s[16];

	CHECK_ARITY(1);
	n = xmlXPathPopNumber(ctxt);
	if (isnan(n) || n < -1e7 || n > 1e7 || n != floor(n) ||
	    date_format((long)n, s, sizeof(s)) == -1)
		s[0] = '\0';
	valuePush(ctxt, xmlXPathNewCString(s));
}

static const struct {
	const char		*name;
	xmlXPathFunction	 fn;
} xpath_fns[] = {
	{ "days", fn_days },
	{ "weekday", fn_weekday },
	{ "chi-problem", fn_chi_problem },
	{ "name-problem", fn_name_problem },
	{ "limit", fn_limit },
	{ "strength", fn_strength },
	{ "doses-not-taken", fn_doses_not_taken },
	{ "not-taken-from", fn_not_taken_from },
	{ "date", fn_date },
	{ "transition", fn_transition },
	{ "transitions", fn_transitions },
	{ "dose-on", fn_dose_on },
};

static int
xpath_setup(xmlXPathContextPtr xp, const char *docns)
{
	size_t	i;

	if (xmlXPathRegisterNs(xp, (const xmlChar *)"c",
	    (const xmlChar *)docns) != 0 ||
	    xmlXPathRegisterNs(xp, (const xmlChar *)"carex",
	    (const xmlChar *)RULES_FN_NS) != 0)
		return -1;
	for (i = 0; i < sizeof(xpath_fns) / sizeof(xpath_fns[0]); i++)
		if (xmlXPathRegisterFuncNS(xp,
		    (const xmlChar *)xpath_fns[i].name,
		    (const xmlChar *)RULES_FN_NS, xpath_fns[i].fn) != 0)
			return -1;
	return 0;
}

#define MSG_QUOTE_MAX	300	/* bytes of one {…} value in a message */

/* Append s, at most max bytes of it and what still fits in b, cut on a
 * character boundary. */
static void
add_cut(struct buf *b, const char *s, size_t max)
{
	size_t	n = strlen(s), room = b->max - b->len;

	if (max > room)
		max = room;
	(void)buf_add(b, s, utf8_prefix(s, n, max));
}

/* The message of r at node, {…} parts evaluated there. */
static void
msg_render(const struct rule *r, xmlXPathContextPtr xp, xmlNodePtr node,
    char *out, size_t len)
{
	struct buf		 b;
	xmlXPathObjectPtr	 v;
	xmlChar			*s;
	size_t			 i;

	buf_init(&b, len - 1);
	for (i = 0; i < r->nparts; i++) {
		if (r->parts[i].text != NULL) {
			add_cut(&b, r->parts[i].text, len - 1);
			continue;
		}
		xp->node = node;
		v = xmlXPathCompiledEval(r->parts[i].expr, xp);
		s = v ? xmlXPathCastToString(v) : NULL;
		if (s != NULL)	/* a document's text: a line of it at most */
			add_cut(&b, (const char *)s, MSG_QUOTE_MAX);
		xmlFree(s);
		xmlXPathFreeObject(v);
	}
	(void)snprintf(out, len, "%s", b.data ? (const char *)b.data : "");
	buf_free(&b);
}

/* Evaluate each let at the root of x, in file order (a let may use the
 * ones before it), and bind it in xp, which frees the values. -1 with
 * err when one cannot be evaluated: the rules would then check the
 * document against an empty value. */
static int
lets_bind(const struct rules *rs, xmlXPathContextPtr xp,
    const struct xdoc *x, struct carex_err *err)
{
	xmlXPathObjectPtr	v;
	size_t			i;

	for (i = 0; i < rs->nlets; i++) {
		xp->node = xmlDocGetRootElement(x->doc);
		v = xmlXPathCompiledEval(rs->lets[i].select, xp);
		if (v == NULL || xmlXPathRegisterVariable(xp,
		    (const xmlChar *)rs->lets[i].name, v) != 0) {
			xmlXPathFreeObject(v);
			err_set(err, CAREX_EINTERNAL, "rules: let %s cannot be "
			    "evaluated", rs->lets[i].name);
			return -1;
		}
	}
	return 0;
}

int
rules_check(const struct rules *rs, const struct xdoc *x, const char *docns,
    const struct limits *lim, struct errlist *errs, struct carex_err *err)
{
	xmlXPathContextPtr	 xp;
	xmlXPathObjectPtr	 set, ok;
	struct carex_err	 ce;
	xmlNodePtr		 node;
	size_t			 i;
	int			 j, failures = 0, pass;
	long			 line, col;

	if ((xp = xmlXPathNewContext(x->doc)) == NULL ||
	    xpath_setup(xp, docns) == -1) {
		xmlXPathFreeContext(xp);
		err_set(err, CAREX_ESYS, "out of memory");
		return -1;
	}
	xp->userData = (void *)(uintptr_t)lim;	/* read-only */
	if (lets_bind(rs, xp, x, err) == -1) {
		xmlXPathFreeContext(xp);
		return -1;
	}
	for (i = 0; i < rs->n; i++) {
		xp->node = xmlDocGetRootElement(x->doc);
		set = xmlXPathCompiledEval(rs->v[i].context, xp);
		if (set == NULL || set->type != XPATH_NODESET) {
			xmlXPathFreeObject(set);
			continue;
		}
		for (j = 0; set->nodesetval != NULL &&
		    j < set->nodesetval->nodeNr; j++) {
			node = set->nodesetval->nodeTab[j];
			xp->node = node;
			ok = xmlXPathCompiledEval(rs->v[i].assertion, xp);
			pass = ok != NULL && xmlXPathCastToBoolean(ok);
			xmlXPathFreeObject(ok);
			if (pass)
				continue;
			xmlsafe_where(x, node, &line, &col);
			err_setpos(&ce, CAREX_EINVALID, line, col,
			    rs->v[i].id, "%s", "");
			msg_render(&rs->v[i], xp, node, ce.msg,
			    sizeof(ce.msg));
			failures++;
			if (errlist_add(errs, &ce) == -1) {
				xmlXPathFreeObject(set);
				xmlXPathFreeContext(xp);
				err_set(err, CAREX_ESYS, "out of memory");
				return -1;
			}
		}
		xmlXPathFreeObject(set);
	}
	xmlXPathFreeContext(xp);
	return failures;
}
