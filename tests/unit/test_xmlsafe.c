/* SPDX-License-Identifier: MIT */
/* test_xmlsafe.c - hardened parsing: element positions, and every kind of
 * hostile input refused with a clear error. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "check.h"
#include "doc/xmlsafe.h"

static struct xdoc *
parse(const char *s, struct carex_err *e)
{
	err_clear(e);
	return xmlsafe_parse(s, strlen(s), NULL, e);
}

static xmlNodePtr
find(xmlNodePtr n, const char *name)
{
	xmlNodePtr	c, r;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			return n;
		if ((c = n->children) != NULL && (r = find(c, name)) != NULL)
			return r;
	}
	return NULL;
}

static void
expect_at(struct xdoc *x, const char *name, long line, long col)
{
	xmlNodePtr	n = find(xmlDocGetRootElement(x->doc), name);
	long		l, c;

	check(n != NULL, "element %s found", name);
	if (n == NULL)
		return;
	xmlsafe_where(x, n, &l, &c);
	check(l == line && c == col, "%s at %ld:%ld, expected %ld:%ld", name,
	    l, c, line, col);
}

static void
test_positions(void)
{
	static const char	doc[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<a xmlns=\"urn:x\">\n"
	    "  <b/>\n"
	    "\t<\xc3\xa9-c\n"
	    "     x=\"1>2\"\n"
	    "  >text</\xc3\xa9-c>  <d>\xc3\xbc</d><e/></a>\n";
	struct carex_err	e;
	struct xdoc		*x;
	xmlNodePtr		 text;
	long			 l, c;

	x = parse(doc, &e);
	check(x != NULL, "well-formed document parses: %s", e.msg);
	if (x == NULL)
		return;
	expect_at(x, "a", 2, 1);
	expect_at(x, "b", 3, 3);
	expect_at(x, "\xc3\xa9-c", 4, 2);	/* a tab is one column */
	expect_at(x, "d", 6, 16);		/* é counts as one */
	expect_at(x, "e", 6, 24);
	text = find(xmlDocGetRootElement(x->doc), "d")->children;
	xmlsafe_where(x, text, &l, &c);
	check(l == 6 && c == 16, "a text node reports its element");
	xmlsafe_free(x);
}

/* Positions stay exact deep into a large document (libxml2 reads it in
 * chunks), and a single enormous line costs linear time. */
static void
test_positions_large(void)
{
	struct carex_err	 e;
	struct xdoc		*x;
	char			*doc, *p;
	size_t			 i, n = 60000, cap = n * 24 + 128;
	xmlNodePtr		 c;
	long			 l, col, k = 0;

	p = doc = malloc(cap);
	p += snprintf(p, cap, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<a>\n");
	for (i = 0; i < n; i++)
		p += snprintf(p, cap - (size_t)(p - doc),
		    "  <b n=\"%zu\">\xc3\xa9</b>\n", i);
	p += snprintf(p, cap - (size_t)(p - doc), "</a>\n");
	x = xmlsafe_parse(doc, (size_t)(p - doc), NULL, &e);
	check(x != NULL, "large document parses: %s", e.msg);
	for (c = x ? xmlDocGetRootElement(x->doc)->children : NULL; c != NULL;
	    c = c->next) {
		if (c->type != XML_ELEMENT_NODE || ++k % 10000 != 0)
			continue;
		xmlsafe_where(x, c, &l, &col);
		check(l == k + 2 && col == 3, "element %ld at %ld:%ld, "
		    "expected %ld:3", k, l, col, k + 2);
	}
	xmlsafe_free(x);
	/* one line: the element after the limit is reported where it is */
	p = doc;
	p += snprintf(p, cap, "<a>");
	for (i = 0; i < 250000 / 4; i++)
		p += snprintf(p, cap - (size_t)(p - doc), "<b/>");
	p += snprintf(p, cap - (size_t)(p - doc), "</a>");
	{
		struct xmlsafe_limits lim = { XMLSAFE_MAX_BYTES, 8, 50000 };

		x = xmlsafe_parse(doc, (size_t)(p - doc), &lim, &e);
		check(x == NULL && e.line == 1 && e.col == 4 + 49999 * 4,
		    "element limit (<a> is the first) at 1:%d, got %ld:%ld",
		    4 + 49999 * 4, e.line, e.col);
	}
	free(doc);
}

static void
refused(const char *what, const char *doc, enum carex_ecode code,
    const char *fragment)
{
	struct carex_err	 e;
	struct xdoc		*x;

	x = parse(doc, &e);
	check(x == NULL, "%s is refused", what);
	check(e.code == code, "%s: code %d, expected %d (%s)", what,
	    (int)e.code, (int)code, e.msg);
	check(strcmp(e.rule, "XML") == 0, "%s: reported as XML", what);
	check(strstr(e.msg, fragment) != NULL, "%s: message '%s' has '%s'",
	    what, e.msg, fragment);
	check(e.line >= 1, "%s: has a line (%ld)", what, e.line);
	xmlsafe_free(x);
}

static void
test_hostile(void)
{
	struct xmlsafe_limits	 lim = { 1000, 8, 10 };
	struct carex_err	 e;
	struct xdoc		*x;
	char			*deep;
	size_t			 i, n = 5000;

	refused("external entity (XXE)",
	    "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
	    "<a>&x;</a>", CAREX_EPARSE, "DOCTYPE");
	refused("external DTD",
	    "<!DOCTYPE a SYSTEM \"http://127.0.0.1:9/x.dtd\"><a/>",
	    CAREX_EPARSE, "DOCTYPE");
	refused("billion laughs",
	    "<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
	    "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
	    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
	    "]><lolz>&lol3;</lolz>", CAREX_EPARSE, "DOCTYPE");
	refused("undeclared entity", "<a>&passwd;</a>", CAREX_EPARSE,
	    "passwd");
	refused("processing instruction",
	    "<?xml-stylesheet href=\"http://127.0.0.1:9/s.xsl\"?><a/>",
	    CAREX_EPARSE, "processing instruction");
	refused("invalid UTF-8", "<a>caf\xe9</a>", CAREX_EPARSE, "UTF-8");
	refused("Latin-1 declared, not UTF-8",
	    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xe9</a>",
	    CAREX_EPARSE, "declares encoding ISO-8859-1");
	refused("UTF-16 byte-order mark", "\xff\xfe<\0a\0/\0>\0",
	    CAREX_EPARSE, "not UTF-8");
	refused("not well-formed", "<a>\n <b></a>", CAREX_EPARSE, "mismatch");
	refused("empty input", "", CAREX_EPARSE, "");

	deep = malloc(n * 3 + 1);
	for (i = 0; i < n; i++)
		memcpy(deep + i * 3, "<a>", 3);
	deep[n * 3] = '\0';
	refused("deep nesting", deep, CAREX_ELIMIT, "nested too deeply");
	free(deep);

	err_clear(&e);
	x = xmlsafe_parse("<a>0123456789</a>", 17, &lim, &e);
	check(x != NULL, "within custom limits");
	xmlsafe_free(x);
	x = xmlsafe_parse("<a><b/><b/><b/><b/><b/><b/><b/><b/><b/><b/></a>",
	    47, &lim, &e);
	check(x == NULL && e.code == CAREX_ELIMIT &&
	    strstr(e.msg, "too many elements"), "element count limit");
	deep = calloc(1, 2000);
	memset(deep, ' ', 1999);
	memcpy(deep, "<a>", 3);
	memcpy(deep + 1995, "</a>", 4);
	x = xmlsafe_parse(deep, 1999, &lim, &e);
	check(x == NULL && e.code == CAREX_ELIMIT &&
	    strstr(e.msg, "larger than the limit"), "size limit: %s", e.msg);
	free(deep);

	/* XInclude is never processed: the include stays an element. */
	x = parse("<a xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
	    "<xi:include href=\"/etc/passwd\" parse=\"text\"/></a>", &e);
	check(x != NULL, "xinclude element parses as data");
	if (x != NULL) {
		xmlChar *s = xmlNodeGetContent(xmlDocGetRootElement(x->doc));

		check(s != NULL && strstr((char *)s, "root:") == NULL,
		    "no file content was included");
		xmlFree(s);
		xmlsafe_free(x);
	}
}

int
main(void)
{
	xmlsafe_init();
	test_positions();
	test_positions_large();
	test_hostile();
	xmlCleanupParser();
	return check_done();
}
