/* SPDX-License-Identifier: MIT */
/* test_typeset.c - the typesetter on every layout document in the
 * directory argv[1]: valid ones give a PDF, byte-identical when rendered
 * again; hostile-*.xml give -1 or a PDF and never crash; documents built
 * here push the limits (deep nesting, huge paragraphs and words, missing
 * glyphs) and must fail cleanly and quickly. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>

#include "pdf/typeset.h"
#include "check.h"

#define HEAD	"<document xmlns=\"urn:carex:layout:1\" title=\"t\" " \
		"author=\"a\" created=\"2025-01-29T10:00:00Z\" " \
		"marking=\"OFFICIAL\">"

static double
cpu_s(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
is_pdf(const struct buf *b)
{
	return b->len > 64 && memcmp(b->data, "%PDF-", 5) == 0 &&
	    memmem(b->data + b->len - 16, 16, "%%EOF", 5) != NULL;
}

static void
one_file(struct typeset *ts, const char *dir, const char *name)
{
	struct carex_err	 err;
	struct buf		 a, b;
	char			 path[4096];
	xmlDoc			*doc;
	int			 rc, hostile;

	hostile = strncmp(name, "hostile-", 8) == 0;
	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
	check(doc != NULL, "%s parses", name);
	if (doc == NULL)
		return;
	buf_init(&a, 64u << 20);
	buf_init(&b, 64u << 20);
	err_clear(&err);
	rc = typeset_render(ts, doc, &a, &err);
	if (hostile) {
		check(rc == 0 ? is_pdf(&a) : (err.code != CAREX_OK &&
		    err.msg[0] != '\0' && a.len == 0),
		    "%s: -1 with a message, or a PDF", name);
	} else {
		check(rc == 0, "%s renders: %s (line %ld)", name, err.msg,
		    err.line);
		check(is_pdf(&a), "%s: %%PDF- header and %%%%EOF", name);
		rc = typeset_render(ts, doc, &b, &err);
		check(rc == 0 && a.len == b.len &&
		    memcmp(a.data, b.data, a.len) == 0,
		    "%s: a second render gives the same bytes", name);
	}
	buf_free(&a);
	buf_free(&b);
	xmlFreeDoc(doc);
}

/* Render a document held in s; returns rc, fills err; the time taken
 * in *secs. */
static int
render_mem(struct typeset *ts, const char *s, size_t n,
    struct carex_err *err, double *secs)
{
	struct buf	 out;
	xmlDoc		*doc;
	double		 t0;
	int		 rc;

	err_clear(err);
	doc = xmlReadMemory(s, (int)n, "mem.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_HUGE);
	if (doc == NULL)
		return -2;
	buf_init(&out, 64u << 20);
	t0 = cpu_s();
	rc = typeset_render(ts, doc, &out, err);
	*secs = cpu_s() - t0;
	if (rc == 0 && !is_pdf(&out))
		rc = -3;
	buf_free(&out);
	xmlFreeDoc(doc);
	return rc;
}

static void
build(struct buf *b, const char *pre, const char *rep, long count,
    const char *mid, const char *rep2, const char *post)
{
	long	i;

	buf_reset(b);
	(void)buf_adds(b, HEAD);
	(void)buf_adds(b, pre);
	for (i = 0; i < count; i++)
		(void)buf_adds(b, rep);
	(void)buf_adds(b, mid);
	for (i = 0; i < count && rep2 != NULL; i++)
		(void)buf_adds(b, rep2);
	(void)buf_adds(b, post);
	(void)buf_adds(b, "</document>");
}

static void
limits(struct typeset *ts)
{
	struct carex_err	err;
	struct buf		b;
	double			secs;
	int			rc;

	buf_init(&b, 64u << 20);

	/* 10,000 nested lists: refused by depth, not by the stack. */
	build(&b, "<body><list>", "<item>x<list>", 10000, "<item>y</item>",
	    "</list></item>", "</list></body>");
	rc = render_mem(ts, (const char *)b.data, b.len, &err, &secs);
	check(rc == -1 && strstr(err.msg, "nested") != NULL,
	    "10,000 nested lists: -1 naming the nesting (rc %d, %s)", rc,
	    err.msg);

	/* A 5 MB paragraph: past the page limit, refused early. */
	build(&b, "<body><para>", "carex typesets ", 350000, "", NULL,
	    "</para></body>");
	rc = render_mem(ts, (const char *)b.data, b.len, &err, &secs);
	check(rc == -1 && strstr(err.msg, "pages") != NULL,
	    "5 MB paragraph: -1 over the page limit (rc %d, %s)", rc,
	    err.msg);
	check(secs < 5, "5 MB paragraph refused in %.2f s", secs);

	/* A word of 100,000 characters: broken across lines, ~30 pages. */
	build(&b, "<body><para>", "abcdefghij", 10000, "", NULL,
	    "</para></body>");
	rc = render_mem(ts, (const char *)b.data, b.len, &err, &secs);
	check(rc == 0, "100k-character word sets (rc %d, %s)", rc, err.msg);
	check(secs < 5, "100k-character word set in %.2f s", secs);

	/* The same word in a narrow table cell: rows split over pages. */
	build(&b, "<body><table widths=\"1 9\" header-rows=\"1\"><row><cell>"
	    "h</cell><cell>h</cell></row><row><cell>", "abcdefghij", 3000,
	    "</cell><cell>x</cell></row></table></body>", NULL, "");
	rc = render_mem(ts, (const char *)b.data, b.len, &err, &secs);
	check(rc == 0, "a row taller than a page is split (rc %d, %s)", rc,
	    err.msg);

	/* One row of 20,000 lines (about 540 pages): cut page by page
	 * without copying what remains each time, so in linear time. */
	build(&b, "<body><table widths=\"1 9\" header-rows=\"1\"><row><cell>"
	    "h</cell><cell>h</cell></row><row><cell>x</cell><cell>",
	    "<para>line of a very long row</para>", 20000,
	    "</cell></row></table></body>", NULL, "");
	rc = render_mem(ts, (const char *)b.data, b.len, &err, &secs);
	check(rc == 0, "a row of 20,000 lines is cut over pages (rc %d, %s)",
	    rc, err.msg);
	check(secs < 2, "a row of 20,000 lines set in %.2f s", secs);

	/* A character no font has names its code point and line. */
	build(&b, "<body>\n<para>ok</para>\n<para>\xee\x80\x80</para></body>",
	    "", 0, "", NULL, "");
	rc = render_mem(ts, (const char *)b.data, b.len, &err, &secs);
	check(rc == -1 && strstr(err.msg, "U+E000") != NULL && err.line == 3,
	    "missing glyph: -1 with U+E000 at line 3 (rc %d, line %ld, %s)",
	    rc, err.line, err.msg);
	build(&b, "<running header-left=\"\xee\x80\x80\"/><body/>", "", 0, "",
	    NULL, "");
	rc = render_mem(ts, (const char *)b.data, b.len, &err, &secs);
	check(rc == -1 && strstr(err.msg, "U+E000") != NULL,
	    "missing glyph in running text: -1 (rc %d, %s)", rc, err.msg);

	/* What Liberation Sans lacks comes from the fallbacks: a tick, a
	 * warning sign, Chinese; a word joiner is dropped, not refused. */
	build(&b, "<body><para>\xe2\x9c\x93 \xe2\x9a\xa0 \xe7\x8e\x8b "
	    "W\xc3\xb3\xe2\x81\xa0jcik</para></body>", "", 0, "", NULL, "");
	rc = render_mem(ts, (const char *)b.data, b.len, &err, &secs);
	check(rc == 0, "tick, warning sign, CJK, word joiner render (%s)",
	    err.msg);
	check(typeset_why(ts, 0x2713) == NULL && typeset_why(ts, 0x2060) ==
	    NULL && typeset_why(ts, 0xe000) != NULL &&
	    typeset_why(ts, 0x1f600) != NULL, "typeset_why: tick and word "
	    "joiner printable, private use and emoji not");

	/* Thousands of page breaks: capped at the page limit. */
	build(&b, "<body>", "<para>p</para><page-break/>", 1500, "", NULL,
	    "</body>");
	rc = render_mem(ts, (const char *)b.data, b.len, &err, &secs);
	check(rc == -1 && strstr(err.msg, "1000 pages") != NULL,
	    "1,500 pages: -1 at the page limit (rc %d, %s)", rc, err.msg);

	/* Many cells with a checkbox each, and deep inline nesting. */
	build(&b, "<body><para>", "<b><i>", 40, "x", "</i></b>",
	    "</para></body>");
	rc = render_mem(ts, (const char *)b.data, b.len, &err, &secs);
	check(rc == -1 && strstr(err.msg, "nested") != NULL,
	    "40 nested b/i: -1 (rc %d, %s)", rc, err.msg);
	buf_free(&b);
}

int
main(int argc, char *argv[])
{
	struct carex_err	 err;
	struct typeset		*ts, *nofb;
	struct dirent		**names;
	int			 i, n, files = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: test_typeset dir\n");
		return 2;
	}
	ts = typeset_new(NULL, NULL, &err);
	check(ts != NULL, "typeset_new: %s", ts ? "" : err.msg);
	if (ts == NULL)
		return check_done();
	check(typeset_new("/nonexistent", NULL, &err) == NULL &&
	    strstr(err.msg, "font") != NULL, "a missing font directory fails");
	/* A missing fallback is a warning: the typesetter starts, and
	 * refuses what only that fallback had. */
	if ((nofb = typeset_new(NULL, "/nonexistent/DejaVuSans.ttf", &err)) ==
	    NULL)
		check(0, "a missing fallback font must not fail: %s", err.msg);
	else {
		check(typeset_why(nofb, 0x2713) != NULL &&
		    strstr(typeset_why(nofb, 0x2713), "no glyph") != NULL &&
		    typeset_why(nofb, 'a') == NULL,
		    "without fallbacks a tick is refused, 'a' is not");
		typeset_free(nofb);
	}
	/* scandir sorts, so failures come out in a stable order. */
	if ((n = scandir(argv[1], &names, NULL, alphasort)) < 0) {
		check(0, "cannot read %s", argv[1]);
		n = 0;
	}
	for (i = 0; i < n; i++) {
		if (strlen(names[i]->d_name) > 4 && strcmp(names[i]->d_name +
		    strlen(names[i]->d_name) - 4, ".xml") == 0) {
			one_file(ts, argv[1], names[i]->d_name);
			files++;
		}
		free(names[i]);
	}
	if (n > 0)
		free(names);
	check(files >= 10, "found %d layout documents in %s", files,
	    argv[1]);
	limits(ts);
	typeset_free(ts);
	xmlCleanupParser();
	return check_done();
}
