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
	const struct xmlsafe_limits big = { .max_nodes = 2 * 60000 + 1 };
	xmlNodePtr		 c;
	long			 l, col, k = 0;

	p = doc = malloc(cap);
	p += snprintf(p, cap, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<a>\n");
	for (i = 0; i < n; i++)
		p += snprintf(p, cap - (size_t)(p - doc),
		    "  <b n=\"%zu\">\xc3\xa9</b>\n", i);
	p += snprintf(p, cap - (size_t)(p - doc), "</a>\n");
	x = xmlsafe_parse(doc, (size_t)(p - doc), &big, &e);
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
		struct xmlsafe_limits lim = { .max_bytes = XMLSAFE_MAX_BYTES,
		    .max_depth = 8, .max_nodes = 50000 };

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
	struct xmlsafe_limits	 lim = { .max_bytes = 1000, .max_depth = 8,
	    .max_nodes = 10 };
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

/* A start tag <e> (on line 2, column 3) with n attributes named a0..,
 * then k namespace declarations; caller frees. */
static char *
wide_tag(int n, int k)
{
	size_t	 cap = (size_t)(n + k) * 24 + 64, len;
	char	*d = malloc(cap);
	int	 i;

	len = (size_t)snprintf(d, cap, "<r>\n  <e");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(d + len, cap - len, " a%d=\"v\"", i);
	for (i = 0; i < k; i++)
		len += (size_t)snprintf(d + len, cap - len,
		    " xmlns:p%d=\"urn:%d\"", i, i);
	(void)snprintf(d + len, cap - len, "/>\n</r>");
	return d;
}

/* Parsed under lim (NULL: defaults): NULL with e set, or the document. */
static int
accepted(const char *doc, const struct xmlsafe_limits *lim,
    struct carex_err *e)
{
	struct xdoc	*x;

	err_clear(e);
	x = xmlsafe_parse(doc, strlen(doc), lim, e);
	xmlsafe_free(x);
	return x != NULL;
}

/* Refused as over a limit at line:col, the message naming it there. */
static void
over(const char *what, const char *doc, const struct xmlsafe_limits *lim,
    long line, long col, const char *fragment)
{
	struct carex_err	e;
	char			where[64];

	check(!accepted(doc, lim, &e), "%s: refused", what);
	check(e.code == CAREX_ELIMIT && strcmp(e.rule, "XML") == 0,
	    "%s: a limit, reported as XML (%d %s)", what, (int)e.code, e.rule);
	check(e.line == line && e.col == col, "%s: at %ld:%ld, expected "
	    "%ld:%ld", what, e.line, e.col, line, col);
	(void)snprintf(where, sizeof(where), "line %ld, column %ld: ", line,
	    col);
	check(strncmp(e.msg, where, strlen(where)) == 0, "%s: message '%s' "
	    "starts with '%s'", what, e.msg, where);
	check(strstr(e.msg, fragment) != NULL, "%s: message '%s' has '%s'",
	    what, e.msg, fragment);
}

static void
test_attribute_limits(void)
{
	struct carex_err	 e;
	char			*d;

	d = wide_tag(XMLSAFE_MAX_ATTRIBUTES, 0);
	check(accepted(d, NULL, &e), "%d attributes pass: %s",
	    XMLSAFE_MAX_ATTRIBUTES, e.msg);
	free(d);
	d = wide_tag(XMLSAFE_MAX_ATTRIBUTES + 1, 0);
	over("one attribute too many", d, NULL, 2, 3, "element <e> has more "
	    "than 32 attributes (max_attributes)");
	free(d);
	/* namespace declarations are counted apart from attributes */
	d = wide_tag(XMLSAFE_MAX_ATTRIBUTES, XMLSAFE_MAX_NAMESPACES);
	check(accepted(d, NULL, &e), "32 attributes and 8 namespaces pass: "
	    "%s", e.msg);
	free(d);
	d = wide_tag(0, XMLSAFE_MAX_NAMESPACES + 1);
	over("one namespace too many", d, NULL, 2, 3, "element <e> declares "
	    "more than 8 namespaces (max_namespaces)");
	free(d);
	over("a default namespace counts", "<r xmlns=\"urn:a\" xmlns:b=\"urn:b\""
	    "/>", &(struct xmlsafe_limits){ .max_namespaces = 1 }, 1, 1,
	    "more than 1 namespaces");
	/* 300,000 attributes: refused at the 33rd, without libxml2 */
	d = wide_tag(300000, 0);
	over("300,000 attributes", d, NULL, 2, 3, "more than 32 attributes");
	free(d);
}

static void
test_namespace_total(void)
{
	struct carex_err	 e;
	char			 doc[8192];
	size_t			 len = 0;
	int			 i, j;

	/* 8 elements of 8 declarations: 64, the default total */
	len += (size_t)snprintf(doc + len, sizeof(doc) - len, "<r>");
	for (i = 0; i < 8; i++) {
		len += (size_t)snprintf(doc + len, sizeof(doc) - len, "\n<e");
		for (j = 0; j < 8; j++)
			len += (size_t)snprintf(doc + len, sizeof(doc) - len,
			    " xmlns:p%d=\"urn:%d\"", j, i * 8 + j);
		len += (size_t)snprintf(doc + len, sizeof(doc) - len, "/>");
	}
	(void)snprintf(doc + len, sizeof(doc) - len, "</r>");
	check(accepted(doc, NULL, &e), "64 namespaces in all pass: %s",
	    e.msg);
	(void)snprintf(doc + len, sizeof(doc) - len,
	    "\n <f xmlns:q=\"urn:q\"/></r>");
	over("the 65th namespace", doc, NULL, 10, 2, "element <f> declares a "
	    "namespace past the 64 the document may declare in all "
	    "(max_namespaces_total)");
}

static void
test_name_length(void)
{
	struct carex_err	e;
	char			doc[1024], name[200];

	memset(name, 'n', sizeof(name));
	(void)snprintf(doc, sizeof(doc), "<%.*s/>", XMLSAFE_MAX_NAME_LENGTH,
	    name);
	check(accepted(doc, NULL, &e), "a 128-character name passes: %s",
	    e.msg);
	(void)snprintf(doc, sizeof(doc), "<r>\n<%.*s/></r>",
	    XMLSAFE_MAX_NAME_LENGTH + 1, name);
	over("a 129-character element name", doc, NULL, 2, 1, "element name "
	    "'nnnn");
	(void)snprintf(doc, sizeof(doc), "<r>\n <e %.*s=\"1\"/></r>",
	    XMLSAFE_MAX_NAME_LENGTH + 1, name);
	over("a 129-character attribute name", doc, NULL, 2, 2,
	    "longer than 128 characters (max_name_length)");
	/* characters, not bytes: 128 two-byte letters pass */
	doc[0] = '<';
	for (int i = 0; i < XMLSAFE_MAX_NAME_LENGTH; i++)
		memcpy(doc + 1 + 2 * i, "\xc3\xa9", 2);
	memcpy(doc + 1 + 2 * XMLSAFE_MAX_NAME_LENGTH, "/>", 3);
	check(accepted(doc, NULL, &e), "128 two-byte characters pass: %s",
	    e.msg);
}

/* What is not a start tag is not counted; a quoted value may hold '>',
 * '=', spaces and the other quote. */
static void
test_scanning(void)
{
	const struct xmlsafe_limits two = { .max_attributes = 2,
	    .max_nodes = 4 };
	struct carex_err	e;

	check(accepted("<a x=\"1\" y=\"2\"><!-- <b c=\"1\" d=\"2\" e=\"3\"/> "
	    "--><![CDATA[<b c=\"1\" d=\"2\" e=\"3\"/>]]></a>", &two, &e),
	    "tags in comments and CDATA are not counted: %s", e.msg);
	check(!accepted("<a><?p c=\"1\" d=\"2\" e=\"3\"?></a>", &two, &e) &&
	    strstr(e.msg, "processing instructions") != NULL,
	    "a PI's pseudo-attributes are not counted: %s", e.msg);
	check(accepted("<a t=\"x > y\" u='p=\"q\" r=\"s\" /> z t=\"1\"'/>",
	    &two, &e), "'>', '=' and quotes inside values: %s", e.msg);
	over("a third attribute after tricky values",
	    "<a t=\"x > y\" u='p=\"q\" r=\"s\"' v=\"\"/>", &two, 1, 1,
	    "more than 2 attributes");
	check(accepted("<a>&amp; x=\"1\" y=\"2\" z=\"3\" &gt;</a>", &two, &e),
	    "attribute-like text is not counted: %s", e.msg);
	check(accepted("<a><!----><!----><!----></a>", &two, &e),
	    "elements and comments at the limit: %s", e.msg);
	over("one comment too many", "<a><!----><!----><!---->\n<!----></a>",
	    &two, 2, 1, "too many elements, attributes and comments: more than 4");
	/* attributes are nodes libxml2 builds: they count with elements,
	 * so 4 MB of attributes spread 31 to an element are refused too */
	{
		const struct xmlsafe_limits three = { .max_nodes = 3 };

		check(accepted("<a x=\"1\" y=\"2\"/>", &three, &e),
		    "an element and two attributes: 3 nodes: %s", e.msg);
		over("a third attribute is a fourth node",
		    "<a x=\"1\" y=\"2\" z=\"3\"/>", &three, 1, 16,
		    "too many elements, attributes and comments: more than 3 "
		    "(max_nodes)");
		check(accepted("<a xmlns=\"urn:x\" xmlns:p=\"urn:y\" y=\"2\"/>",
		    &three, &e), "namespace declarations have limits of "
		    "their own: %s", e.msg);
	}
	check(accepted("\xef\xbb\xbf<a/>", NULL, &e), "a UTF-8 byte-order "
	    "mark is fine: %s", e.msg);
	check(accepted("<?xml version='1.0' encoding='utf-8' standalone='yes'"
	    "?>\n<a/>", NULL, &e), "XML 1.0, utf-8 in lower case: %s", e.msg);
	/* unterminated or malformed: libxml2 says where */
	check(!accepted("<a x=\"1/>", NULL, &e) && e.code == CAREX_EPARSE,
	    "an unterminated value is libxml2's to report: %s", e.msg);
	check(!accepted("<a><!-- </a>", NULL, &e) && e.code == CAREX_EPARSE,
	    "an unterminated comment is libxml2's to report: %s", e.msg);
}

static void
test_encodings(void)
{
	static const char	ebcdic[] = "\x4c\x6f\xa7\x94\x93\x40\xa5\x85"
	    "\x99\xa2\x89\x96\x95\x7e\x7f\xf1\x4b\xf0\x7f\x6f\x6e\x4c\x81\x61"
	    "\x6e";
	static const char	utf32[] = "\0\0\xfe\xff\0\0\0<\0\0\0a\0\0\0/"
	    "\0\0\0>";
	const char		*to = "encode the document as UTF-8 with version "
	    "1.0";
	struct carex_err	 e;
	struct xdoc		*x;

	x = xmlsafe_parse(ebcdic, sizeof(ebcdic) - 1, NULL, &e);
	check(x == NULL && e.code == CAREX_EPARSE && e.line == 1 &&
	    e.col == 1 && strstr(e.msg, "EBCDIC") && strstr(e.msg, to),
	    "EBCDIC refused: %s", e.msg);
	x = xmlsafe_parse(utf32, sizeof(utf32) - 1, NULL, &e);
	check(x == NULL && strstr(e.msg, "UTF-32") && strstr(e.msg, to),
	    "UTF-32 with its mark refused: %s", e.msg);
	x = xmlsafe_parse("<\0a\0/\0>\0", 8, NULL, &e);
	check(x == NULL && strstr(e.msg, "UTF-16 or UTF-32") &&
	    strstr(e.msg, to), "UTF-16 without a mark refused: %s", e.msg);
	x = xmlsafe_parse("\0<\0a\0/\0>", 8, NULL, &e);
	check(x == NULL && strstr(e.msg, "not UTF-8"),
	    "big-endian UTF-16 without a mark refused: %s", e.msg);
	refused("XML 1.1", "<?xml version=\"1.1\" encoding=\"UTF-8\"?>\n<a/>",
	    CAREX_EPARSE, "declares XML version 1.1: carex documents are XML "
	    "1.0; encode the document as UTF-8 with version 1.0");
	refused("UTF-16 declared", "<?xml version=\"1.0\" encoding='UTF-16'?>"
	    "<a/>", CAREX_EPARSE, "declares encoding UTF-16");
	refused("EBCDIC declared", "<?xml version=\"1.0\" encoding=\"IBM037\""
	    "?><a/>", CAREX_EPARSE, "declares encoding IBM037: carex "
	    "documents are UTF-8; encode the document as UTF-8");
}

int
main(void)
{
	xmlsafe_init();
	test_positions();
	test_positions_large();
	test_hostile();
	test_attribute_limits();
	test_namespace_total();
	test_name_length();
	test_scanning();
	test_encodings();
	xmlCleanupParser();
	return check_done();
}
