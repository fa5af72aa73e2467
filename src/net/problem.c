/* SPDX-License-Identifier: MIT */
/* problem.c - problem+xml documents (see problem.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "net/problem.h"

int
problem_escape(struct buf *out, const char *s)
{
	const unsigned char	*p;
	int			 rc = 0;

	for (p = (const unsigned char *)s; *p != '\0' && rc == 0; p++) {
		switch (*p) {
		case '<': rc = buf_adds(out, "&lt;"); break;
		case '>': rc = buf_adds(out, "&gt;"); break;
		case '&': rc = buf_adds(out, "&amp;"); break;
		case '"': rc = buf_adds(out, "&quot;"); break;
		case '\t': case '\n': rc = buf_add(out, p, 1); break;
		default:
			if (*p >= 0x20 && *p != 0x7f)
				rc = buf_add(out, p, 1);
		}
	}
	return rc;
}

int
problem_build(struct buf *out, int status, const char *type,
    const char *title, const char *detail, const struct errlist *errs)
{
	size_t	i;
	int	rc;

	rc = buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<problem xmlns=\"%s\">\n  <type>%s%s</type>\n  <title>",
	    PROBLEM_NS, PROBLEM_TYPE, type);
	rc |= problem_escape(out, title);
	rc |= buf_printf(out, "</title>\n  <status>%d</status>\n", status);
	if (detail != NULL && detail[0] != '\0') {
		rc |= buf_adds(out, "  <detail>");
		rc |= problem_escape(out, detail);
		rc |= buf_adds(out, "</detail>\n");
	}
	if (errs != NULL && errs->n > 0) {
		rc |= buf_adds(out, "  <errors xmlns=\"urn:carex:problem:1\">\n");
		for (i = 0; i < errs->n; i++) {
			rc |= buf_printf(out, "    <error line=\"%ld\" "
			    "column=\"%ld\" rule=\"", errs->v[i].line,
			    errs->v[i].col);
			rc |= problem_escape(out, errs->v[i].rule);
			rc |= buf_adds(out, "\">");
			rc |= problem_escape(out, errs->v[i].msg);
			rc |= buf_adds(out, "</error>\n");
		}
		if (errs->dropped > 0)
			rc |= buf_printf(out, "    <more count=\"%zu\"/>\n",
			    errs->dropped);
		rc |= buf_adds(out, "  </errors>\n");
	}
	rc |= buf_adds(out, "</problem>\n");
	return rc == 0 ? 0 : -1;
}
