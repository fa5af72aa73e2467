/* SPDX-License-Identifier: MIT */
/* limits.c - clinical limits (see limits.h). */
#include "config.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/limits.h"
#include "doc/schema.h"
#include "doc/xmlnode.h"
#include "doc/xmlsafe.h"
#include "util/buf.h"

#define LIMITS_MAX_BYTES	(256 * 1024)
#define MAX_STRENGTHS		16

struct med {
	char	 code[64];
	double	 precision, daily_hard, daily_soft, step_hard, step_soft;
	double	 missed_stable, missed_titration;
	double	 strength[MAX_STRENGTHS];
	int	 nstrength;
};

struct limits {
	struct med	*v;
	size_t		 n;
};

static double
num(xmlNode *e, const char *attr)
{
	char	*s = xmlnode_dup(e, attr);
	double	 v = s != NULL ? strtod(s, NULL) : NAN;

	free(s);
	return v;
}

static void
med_read(struct med *m, xmlNode *e)
{
	xmlNode	*c;
	char	*code = xmlnode_dup(e, "code"), *phase;

	(void)snprintf(m->code, sizeof(m->code), "%s", code ? code : "");
	free(code);
	m->precision = m->daily_hard = m->daily_soft = NAN;
	m->step_hard = m->step_soft = NAN;
	m->missed_stable = m->missed_titration = NAN;
	for (c = e->children; c != NULL; c = c->next) {
		if (xmlnode_is(c, "precision"))
			m->precision = num(c, "mg");
		else if (xmlnode_is(c, "daily-dose")) {
			m->daily_hard = num(c, "hard-mg");
			m->daily_soft = num(c, "soft-mg");
		} else if (xmlnode_is(c, "step")) {
			m->step_hard = num(c, "hard-mg");
			m->step_soft = num(c, "soft-mg");
		} else if (xmlnode_is(c, "strength") &&
		    m->nstrength < MAX_STRENGTHS)
			m->strength[m->nstrength++] = num(c, "mg");
		else if (xmlnode_is(c, "missed-doses")) {
			phase = xmlnode_dup(c, "phase");
			if (phase != NULL && strcmp(phase, "stable") == 0)
				m->missed_stable = num(c, "doses");
			else if (phase != NULL)
				m->missed_titration = num(c, "doses");
			free(phase);
		}
	}
}

struct limits *
limits_load(const char *path, const char *xsd, struct carex_err *err)
{
	const struct xmlsafe_limits lim = { .max_bytes = LIMITS_MAX_BYTES };
	struct limits	*l = NULL;
	struct schema	*s = NULL;
	struct xdoc	*x = NULL;
	struct errlist	 errs;
	struct buf	 b;
	xmlNode		*e;
	size_t		 n = 0;

	buf_init(&b, LIMITS_MAX_BYTES);
	errlist_init(&errs, 1);
	if (buf_read_file(&b, path) == -1) {
		err_set(err, CAREX_EUSAGE, "clinical_limits %s: cannot read "
		    "it", path);
		goto out;
	}
	if ((x = xmlsafe_parse(b.data, b.len, &lim, err)) == NULL ||
	    (s = schema_load(xsd, err)) == NULL)
		goto out;
	if (schema_check(s, x, &errs, err) != 0) {
		if (errs.n > 0)
			err_setpos(err, CAREX_EUSAGE, errs.v[0].line,
			    errs.v[0].col, "XSD", "%s:%ld:%ld: %s", path,
			    errs.v[0].line, errs.v[0].col, errs.v[0].msg);
		goto out;
	}
	for (e = xmlDocGetRootElement(x->doc)->children; e; e = e->next)
		n += xmlnode_is(e, "medicine");
	if ((l = calloc(1, sizeof(*l))) == NULL ||
	    (l->v = calloc(n ? n : 1, sizeof(*l->v))) == NULL) {
		free(l);
		l = NULL;
		err_set(err, CAREX_ESYS, "out of memory");
		goto out;
	}
	for (e = xmlDocGetRootElement(x->doc)->children; e; e = e->next)
		if (xmlnode_is(e, "medicine"))
			med_read(&l->v[l->n++], e);
out:
	errlist_free(&errs);
	schema_free(s);
	xmlsafe_free(x);
	buf_free(&b);
	return l;
}

void
limits_free(struct limits *l)
{
	if (l == NULL)
		return;
	free(l->v);
	free(l);
}

static const struct med *
find(const struct limits *l, const char *med)
{
	size_t	i;

	for (i = 0; l != NULL && i < l->n; i++)
		if (strcmp(l->v[i].code, med) == 0)
			return &l->v[i];
	return NULL;
}

double
limits_get(const struct limits *l, const char *med, const char *what)
{
	const struct med	*m = find(l, med);
	static const struct {
		const char	*name;
		size_t		 off;
	} f[] = {
#define F(n, m) { n, offsetof(struct med, m) }
		F("precision", precision), F("daily-hard", daily_hard),
		F("daily-soft", daily_soft), F("step-hard", step_hard),
		F("step-soft", step_soft), F("missed-stable", missed_stable),
		F("missed-titration", missed_titration),
#undef F
	};
	size_t	i;

	if (m == NULL)
		return NAN;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (strcmp(what, f[i].name) == 0)
			return *(const double *)(const void *)
			    ((const char *)m + f[i].off);
	return NAN;
}

int
limits_strength(const struct limits *l, const char *med, double mg)
{
	const struct med	*m = find(l, med);
	int			 i;

	if (m == NULL || m->nstrength == 0)
		return -1;
	for (i = 0; i < m->nstrength; i++)
		if (fabs(m->strength[i] - mg) < 1e-9)
			return 1;
	return 0;
}
