/* SPDX-License-Identifier: MIT */
/* xform.c - compiled stylesheets under security preferences (see
 * xform.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>
#include <libxslt/security.h>
#include <libxslt/variables.h>
#include <libxslt/xsltutils.h>
#include <libexslt/exslt.h>

#include "doc/xform.h"

struct xform {
	xsltStylesheetPtr	 style;
};

/* Forbid everything that reaches outside the process: document(),
 * xsl:document and friends fail, and the transform with them. */
static xsltSecurityPrefsPtr	prefs;

struct xerr {
	char	msg[512];
	size_t	len;
};

static void	on_xslt_error(void *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static void
on_xslt_error(void *arg, const char *fmt, ...)
{
	struct xerr	*e = arg;
	va_list		 ap;
	int		 n;

	if (e == NULL || e->len + 1 >= sizeof(e->msg))
		return;
	va_start(ap, fmt);
	n = vsnprintf(e->msg + e->len, sizeof(e->msg) - e->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		e->len = strnlen(e->msg, sizeof(e->msg));
}

void
xform_init(void)
{
	if (prefs != NULL)
		return;
	exsltRegisterAll();
	prefs = xsltNewSecurityPrefs();
	if (prefs == NULL)
		return;		/* xform_apply refuses to run without */
	(void)xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_FILE,
	    xsltSecurityForbid);	/* returns -1 only for a NULL prefs */
	(void)xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_FILE,
	    xsltSecurityForbid);
	(void)xsltSetSecurityPrefs(prefs, XSLT_SECPREF_CREATE_DIRECTORY,
	    xsltSecurityForbid);
	(void)xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_NETWORK,
	    xsltSecurityForbid);
	(void)xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_NETWORK,
	    xsltSecurityForbid);
}

void
xform_shutdown(void)
{
	xsltFreeSecurityPrefs(prefs);
	prefs = NULL;
	xsltCleanupGlobals();
}

struct xform *
xform_load(const char *path, struct carex_err *err)
{
	struct xform	*xf;
	struct xerr	 e;

	memset(&e, 0, sizeof(e));
	if ((xf = calloc(1, sizeof(*xf))) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	xsltSetGenericErrorFunc(&e, on_xslt_error);
	xf->style = xsltParseStylesheetFile((const xmlChar *)path);
	xsltSetGenericErrorFunc(NULL, NULL);
	if (xf->style == NULL || xf->style->errors > 0) {
		err_set(err, CAREX_EINTERNAL, "%s: stylesheet does not "
		    "compile: %s", path, e.len ? e.msg : "unreadable");
		xform_free(xf);
		return NULL;
	}
	return xf;
}

void
xform_free(struct xform *xf)
{
	if (xf == NULL)
		return;
	if (xf->style != NULL)
		xsltFreeStylesheet(xf->style);
	free(xf);
}

int
xform_apply(const struct xform *xf, const struct xdoc *x,
    const char **params, xmlDocPtr *out, struct carex_err *err)
{
	xsltTransformContextPtr	 t = NULL;
	xmlDocPtr		 res = NULL;
	struct xerr		 e;

	*out = NULL;
	memset(&e, 0, sizeof(e));
	if (prefs == NULL) {
		err_set(err, CAREX_EINTERNAL, "xform_init was not called");
		return -1;
	}
	if ((t = xsltNewTransformContext(xf->style, x->doc)) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return -1;
	}
	xsltSetTransformErrorFunc(t, &e, on_xslt_error);
	if (xsltSetCtxtSecurityPrefs(prefs, t) != 0 ||
	    (params != NULL && xsltQuoteUserParams(t, params)
	    != 0)) {
		err_set(err, CAREX_EINTERNAL, "cannot set up the transform");
		goto fail;
	}
	res = xsltApplyStylesheetUser(xf->style, x->doc, NULL, NULL, NULL, t);
	if (res == NULL || t->state != XSLT_STATE_OK) {
		err_set(err, CAREX_EINTERNAL, "the stylesheet failed: %s",
		    e.len ? e.msg : "no result");
		goto fail;
	}
	xsltFreeTransformContext(t);
	*out = res;
	return 0;
fail:
	xmlFreeDoc(res);
	xsltFreeTransformContext(t);
	return -1;
}

int
xform_serialise(const struct xform *xf, xmlDocPtr res, struct buf *out,
    struct carex_err *err)
{
	xmlChar	*s = NULL;
	int	 len = 0;

	if (xsltSaveResultToString(&s, &len, res, xf->style) != 0 ||
	    buf_add(out, s, (size_t)(len > 0 ? len : 0)) == -1) {
		xmlFree(s);
		err_set(err, CAREX_ESYS, "cannot serialise the result");
		return -1;
	}
	xmlFree(s);
	return 0;
}
