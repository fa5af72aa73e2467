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
#include "util/sctid.h"

#define LIMITS_MAX_BYTES	(256 * 1024)
#define MAX_STRENGTHS		16
#define MAX_FROM		8

/* A way onto a medicine the licence allows (clinical-limits.xsd from;
 * code "" is start, from no MAT). */
struct from {
	char	 code[64];
	double	 max_mg, gap_days;
};

struct med {
	char		 code[64];
	char		 dmd[20];	/* "" when the file gives none */
	double		 precision, daily_hard, daily_soft, step_hard, step_soft;
	double		 week_hard, week_soft;
	double		 missed_stable, missed_titration;
	double		 interval_days, window_days;
	double		 strength[MAX_STRENGTHS];
	int		 nstrength;
	struct from	 from[MAX_FROM + 1];
	int		 nfrom;		/* 0: from anything */
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
from_read(struct from *f, xmlNode *e)
{
	char	*code = xmlnode_dup(e, "medicine");

	(void)snprintf(f->code, sizeof(f->code), "%s", code ? code : "");
	free(code);
	f->max_mg = num(e, "max-mg");
	f->gap_days = num(e, "gap-days");
}

/* Read one medicine. -1 with err when its dm+d code is not a SNOMED CT
 * concept identifier: a code mistyped into the table would map every
 * document's medicine to another product in the receiving system. */
static int
med_read(struct med *m, xmlNode *e, const char *path, struct carex_err *err)
{
	xmlNode		*c;
	char		*code = xmlnode_dup(e, "code"), *phase;
	char		*dmd = xmlnode_dup(e, "dmd");
	const char	*why;

	(void)snprintf(m->code, sizeof(m->code), "%s", code ? code : "");
	(void)snprintf(m->dmd, sizeof(m->dmd), "%s", dmd ? dmd : "");
	free(code);
	free(dmd);
	if (m->dmd[0] != '\0' && sctid_concept(m->dmd, &why) == -1) {
		err_setpos(err, CAREX_EUSAGE, xmlGetLineNo(e), 0, "LIMITS",
		    "%s:%ld: dmd=\"%s\" of %s is not a dm+d code: %s. "
		    "Copy the VMP or VTM code from the deployment's dm+d "
		    "release, or leave dmd out", path, xmlGetLineNo(e),
		    m->dmd, m->code, why);
		return -1;
	}
	m->precision = m->daily_hard = m->daily_soft = NAN;
	m->step_hard = m->step_soft = NAN;
	m->week_hard = m->week_soft = NAN;
	m->missed_stable = m->missed_titration = NAN;
	m->interval_days = m->window_days = NAN;
	for (c = e->children; c != NULL; c = c->next) {
		if (xmlnode_is(c, "precision"))
			m->precision = num(c, "mg");
		else if (xmlnode_is(c, "daily-dose")) {
			m->daily_hard = num(c, "hard-mg");
			m->daily_soft = num(c, "soft-mg");
		} else if (xmlnode_is(c, "step")) {
			m->step_hard = num(c, "hard-mg");
			m->step_soft = num(c, "soft-mg");
			m->week_hard = num(c, "week-hard-mg");
			m->week_soft = num(c, "week-soft-mg");
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
		} else if (xmlnode_is(c, "interval")) {
			m->interval_days = num(c, "days");
			m->window_days = num(c, "window-days");
		} else if ((xmlnode_is(c, "start") || xmlnode_is(c, "from")) &&
		    m->nfrom < MAX_FROM + 1)
			from_read(&m->from[m->nfrom++], c);
	}
	return 0;
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
		if (xmlnode_is(e, "medicine") &&
		    med_read(&l->v[l->n++], e, path, err) == -1) {
			limits_free(l);
			l = NULL;
			goto out;
		}
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

const char *
limits_dmd(const struct limits *l, const char *med)
{
	const struct med	*m = find(l, med);

	return m != NULL && m->dmd[0] != '\0' ? m->dmd : NULL;
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
		F("step-soft", step_soft), F("week-hard", week_hard),
		F("week-soft", week_soft), F("missed-stable", missed_stable),
		F("missed-titration", missed_titration),
		F("interval-days", interval_days),
		F("window-days", window_days),
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

double
limits_transition(const struct limits *l, const char *to, const char *from,
    const char *what)
{
	const struct med	*m = find(l, to);
	int			 i;

	if (m == NULL || m->nfrom == 0)
		return strcmp(what, "allowed") == 0 ? 1 : NAN;
	for (i = 0; i < m->nfrom; i++)
		if (strcmp(m->from[i].code, from) == 0)
			break;
	if (strcmp(what, "allowed") == 0)
		return i < m->nfrom;
	if (i == m->nfrom)
		return NAN;
	if (strcmp(what, "max-mg") == 0)
		return m->from[i].max_mg;
	if (strcmp(what, "gap-days") == 0)
		return m->from[i].gap_days;
	return NAN;
}

const char *
limits_transitions(const struct limits *l, const char *to, char *out,
    size_t len)
{
	const struct med	*m = find(l, to);
	size_t			 n = 0;
	int			 i, w;

	if (len == 0)
		return out;
	out[0] = '\0';
	for (i = 0; m != NULL && i < m->nfrom; i++) {
		w = snprintf(out + n, len - n, "%s%s", i == 0 ? "" :
		    i == m->nfrom - 1 ? " or " : ", ", m->from[i].code[0] ?
		    m->from[i].code : "no treatment (a start)");
		if (w < 0 || (size_t)w >= len - n)
			break;
		n += (size_t)w;
	}
	return out;
}
