/* SPDX-License-Identifier: MIT */
/* attr.c - the layout's attributes: each read, checked against what the
 * typesetter can use, and reported with element, attribute and line when
 * it is unusable. Part of the layout reader (reader.h). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "reader.h"

int
attr_num(const xmlNode *n, const char *name, double lo, double hi,
    double *out, struct carex_err *err)
{
	xmlChar	*v;
	char	*end;
	double	 d;
	int	 rc = 0;

	if ((v = xmlGetNoNsProp(n, (const xmlChar *)name)) == NULL)
		return 0;
	errno = 0;
	d = strtod((const char *)v, &end);
	while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
		end++;
	if (errno != 0 || end == (char *)v || *end != '\0' || !isfinite(d) ||
	    d < lo || d > hi) {
		err_setpos(err, CAREX_EINVALID, lineof(n), 0, "layout",
		    "<%s> %s must be a number from %g to %g", ename(n), name,
		    lo, hi);
		rc = -1;
	} else
		*out = d;
	xmlFree(v);
	return rc;
}

/* Match the attribute against a NULL-terminated list of words; *out is
 * the index. Absent leaves *out alone. */
int
attr_enum(const xmlNode *n, const char *name, const char *const *words,
    int *out, struct carex_err *err)
{
	xmlChar	*v;
	int	 i, rc = -1;

	if ((v = xmlGetNoNsProp(n, (const xmlChar *)name)) == NULL)
		return 0;
	for (i = 0; words[i] != NULL; i++) {
		if (strcmp((const char *)v, words[i]) == 0) {
			*out = i;
			rc = 0;
			break;
		}
	}
	if (rc == -1)
		err_setpos(err, CAREX_EINVALID, lineof(n), 0, "layout",
		    "<%s> %s: unknown value", ename(n), name);
	xmlFree(v);
	return rc;
}

int
attr_bool(const xmlNode *n, const char *name, uint8_t *out,
    struct carex_err *err)
{
	static const char *const words[] = { "false", "true", "0", "1", NULL };
	int	i = -1;

	if (attr_enum(n, name, words, &i, err) == -1)
		return -1;
	if (i >= 0)
		*out = (uint8_t)(i & 1);
	return 0;
}

int
attr_str(struct ltree *t, const xmlNode *n, const char *name, struct str *s,
    struct carex_err *err)
{
	xmlChar	*v;
	int	 rc;

	v = xmlGetNoNsProp(n, (const xmlChar *)name);
	rc = ltree_str(t, s, v, lineof(n), err);
	xmlFree(v);
	return rc;
}

int
attr_align(const xmlNode *n, struct block *b, struct carex_err *err)
{
	static const char *const words[] = {
		"left", "right", "center", "justify", NULL
	};
	int	v = AL_LEFT;

	if (attr_enum(n, "align", words, &v, err) == -1)
		return -1;
	b->align = (uint8_t)v;
	return 0;
}

int
attr_size(const xmlNode *n, struct block *b, struct carex_err *err)
{
	double	d = 0;

	if (attr_num(n, "size", 6, 24, &d, err) == -1)
		return -1;
	b->size = (float)d;
	return 0;
}

/* widths="1 3 2": one positive weight per column, at most 12. */
int
attr_widths(struct ltree *t, int32_t bi, const xmlNode *n,
    struct carex_err *err)
{
	xmlChar		*v;
	const char	*p;
	char		*end;
	double		 d;
	float		*w;
	int		 rc = -1;

	if ((v = xmlGetNoNsProp(n, (const xmlChar *)"widths")) == NULL) {
		err_setpos(err, CAREX_EINVALID, lineof(n), 0, "layout",
		    "<table> needs widths");
		return -1;
	}
	t->b[bi].w0 = t->nw;
	for (p = (const char *)v;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		errno = 0;
		d = strtod(p, &end);
		if (end == p || errno != 0 || !isfinite(d) || d <= 0 ||
		    d > 1e6 || t->b[bi].ncol >= 12) {
			err_setpos(err, CAREX_EINVALID, lineof(n), 0, "layout",
			    "<table> widths must be 1 to 12 positive weights");
			goto fail;
		}
		p = end;
		if (t->nw == t->capw) {
			if ((w = reallocarray(t->widths, t->capw + 64,
			    sizeof(*w))) == NULL) {
				err_set(err, CAREX_ESYS, "out of memory");
				goto fail;
			}
			t->widths = w;
			t->capw += 64;
		}
		t->widths[t->nw++] = (float)d;
		t->b[bi].ncol++;
	}
	if (t->b[bi].ncol == 0) {
		err_setpos(err, CAREX_EINVALID, lineof(n), 0, "layout",
		    "<table> has no columns");
		goto fail;
	}
	rc = 0;
fail:
	xmlFree(v);
	return rc;
}
