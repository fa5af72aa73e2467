/* SPDX-License-Identifier: MIT */
/* xmlscan.c - the linear pre-scan of untrusted XML (see xmlscan.h).
 *
 * Why: libxml2 2.9 compares each attribute of a start tag with every
 * earlier one, and each namespace declaration with every earlier one, in
 * xmlParseStartTag2(), before any SAX callback can stop it: one start tag
 * of 300,000 attributes (3.8 MB) kept a worker busy for over 25 minutes.
 * So the counting happens here, on the raw bytes, each byte looked at a
 * bounded number of times.
 *
 * The scan follows the XML 1.0 grammar only as far as it must to know
 * where markup is: comments, CDATA sections and processing instructions
 * run to their first terminator, a quoted attribute value to its closing
 * quote, text to the next '<'. Wherever the bytes break that grammar the
 * scan stops and says nothing: libxml2 then stops at the same place with
 * a precise message, having read no more than the scan has counted. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "doc/xmlscan.h"
#include "util/utf8.h"

/* The most attributes any carex schema puts on one element (api.xsd's
 * responses; the document types use at most 4): said in refusals. */
#define SCHEMA_MAX_ATTRIBUTES	13
/* The longest name a carex schema defines is 38 characters. */
#define SCHEMA_MAX_NAME		38

#define SHOWN_NAME		48	/* bytes of a name quoted in a message */

#define TO_UTF8	"encode the document as UTF-8 with version 1.0 " \
		"(<?xml version=\"1.0\" encoding=\"UTF-8\"?>)"

struct scan {
	const unsigned char		*d;
	size_t				 len;
	size_t				 off;
	const struct xmlsafe_limits	*lim;
	struct carex_err		*err;
	long				 nodes;		/* elements, comments */
	long				 ns_total;
};

enum { SCAN_ON, SCAN_STOP, SCAN_REFUSED };

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A byte that ends a name: nothing a Name may contain. */
static int
ends_name(unsigned char c)
{
	return is_space(c) || c == '=' || c == '>' || c == '/' || c == '<' ||
	    c == '"' || c == '\'';
}

static int
at(const struct scan *s, const char *lit)
{
	size_t	n = strlen(lit);

	return s->len - s->off >= n && memcmp(s->d + s->off, lit, n) == 0;
}

static void
skip_space(struct scan *s)
{
	while (s->off < s->len && is_space(s->d[s->off]))
		s->off++;
}

/* Past the first lit at or after off; SCAN_STOP when there is none (the
 * construct is unterminated, which libxml2 reports). */
static int
skip_past(struct scan *s, const char *lit)
{
	const unsigned char	*p;
	size_t			 n = strlen(lit);

	p = memmem(s->d + s->off, s->len - s->off, lit, n);
	if (p == NULL)
		return SCAN_STOP;
	s->off = (size_t)(p - s->d) + n;
	return SCAN_ON;
}

/* Line and column (characters, as xmlsafe counts them) of offset off;
 * only on a refusal, so once per document. */
static void
position(const struct scan *s, size_t off, long *line, long *col)
{
	const unsigned char	*p = s->d, *nl;
	size_t			 i, start = 0;

	*line = 1;
	while ((nl = memchr(p + start, '\n', off - start)) != NULL) {
		(*line)++;
		start = (size_t)(nl - p) + 1;
	}
	*col = 1;
	for (i = start; i < off; i++)
		if ((p[i] & 0xC0) != 0x80)
			(*col)++;
}

static int refuse(struct scan *, size_t, enum carex_ecode, const char *, ...)
    __attribute__((format(printf, 4, 5)));

/* Refuse at offset off: the message begins with its line and column, as
 * the error record's own position is not shown everywhere it goes. */
static int
refuse(struct scan *s, size_t off, enum carex_ecode code, const char *fmt,
    ...)
{
	char	msg[sizeof(s->err->msg)];
	long	line, col;
	va_list	ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);	/* cut below */
	va_end(ap);
	position(s, off, &line, &col);
	err_setpos(s->err, code, line, col, "XML", "line %ld, column %ld: %s",
	    line, col, msg);
	if (s->err != NULL)
		(void)utf8_trim(s->err->msg);	/* the length is not needed */
	return SCAN_REFUSED;
}

/* A name from the document, fit to quote in a message: cut on a
 * character boundary, control bytes shown as '?'. */
static void
shown(char *out, size_t outlen, const unsigned char *name, size_t n)
{
	size_t	i, k;

	k = utf8_prefix((const char *)name, n, outlen - 4);
	for (i = 0; i < k; i++)
		out[i] = name[i] < 0x20 || name[i] == 0x7F ? '?' :
		    (char)name[i];
	if (k < n) {
		memcpy(out + k, "...", 3);
		k += 3;
	}
	out[k] = '\0';
}

static size_t
chars(const unsigned char *p, size_t n)
{
	size_t	i, c = 0;

	for (i = 0; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* A name at off: its length in bytes (0 if there is none) and refused if
 * longer than max_name_length. what is "element" or "attribute". */
static int
scan_name(struct scan *s, size_t tag, const char *what, size_t *n)
{
	size_t	start = s->off;
	char	name[SHOWN_NAME];

	while (s->off < s->len && !ends_name(s->d[s->off]))
		s->off++;
	*n = s->off - start;
	if (*n == 0)
		return SCAN_STOP;
	if (chars(s->d + start, *n) > (size_t)s->lim->max_name_length) {
		shown(name, sizeof(name), s->d + start, *n);
		return refuse(s, tag, CAREX_ELIMIT, "%s name '%s' is longer "
		    "than %d characters (max_name_length); no name in carex's "
		    "schemas is longer than %d", what, name,
		    s->lim->max_name_length, SCHEMA_MAX_NAME);
	}
	return SCAN_ON;
}

/* After an attribute's name: S? '=' S? and the quoted value, whose
 * offset and length are returned. A value holds no markup: '>' and '='
 * may be in it, '<' may not (libxml2 refuses it), so the closing quote is
 * the first one. */
static int
scan_value(struct scan *s, size_t *val, size_t *vlen)
{
	const unsigned char	*q;
	unsigned char		 quote;

	skip_space(s);
	if (!at(s, "="))
		return SCAN_STOP;
	s->off++;
	skip_space(s);
	if (s->off == s->len || (s->d[s->off] != '"' && s->d[s->off] != '\''))
		return SCAN_STOP;
	quote = s->d[s->off++];
	*val = s->off;
	if ((q = memchr(s->d + s->off, quote, s->len - s->off)) == NULL)
		return SCAN_STOP;
	*vlen = (size_t)(q - s->d) - *val;
	s->off = (size_t)(q - s->d) + 1;
	return SCAN_ON;
}

static int
is_nsdecl(const unsigned char *p, size_t n)
{
	return (n == 5 && memcmp(p, "xmlns", 5) == 0) ||
	    (n > 6 && memcmp(p, "xmlns:", 6) == 0);
}

/* One attribute, or a namespace declaration, of the start tag at tag. */
static int	too_many_nodes(struct scan *, size_t);

static int
scan_attribute(struct scan *s, size_t tag, const char *elem, int *attrs,
    int *ns)
{
	const struct xmlsafe_limits	*lim = s->lim;
	size_t				 start = s->off, n, val;
	int				 rc;

	if ((rc = scan_name(s, tag, "attribute", &n)) != SCAN_ON)
		return rc;
	if (is_nsdecl(s->d + start, n)) {
		if (++*ns > lim->max_namespaces)
			return refuse(s, tag, CAREX_ELIMIT, "element <%s> "
			    "declares more than %d namespaces "
			    "(max_namespaces); a carex document needs its "
			    "own namespace, declared once on the root element",
			    elem, lim->max_namespaces);
		if (++s->ns_total > lim->max_namespaces_total)
			return refuse(s, tag, CAREX_ELIMIT, "element <%s> "
			    "declares a namespace past the %d the document "
			    "may declare in all (max_namespaces_total); "
			    "declare each namespace once, on the root element",
			    elem, lim->max_namespaces_total);
	} else if (too_many_nodes(s, start))
		return SCAN_REFUSED;
	else if (++*attrs > lim->max_attributes)
		return refuse(s, tag, CAREX_ELIMIT, "element <%s> has more "
		    "than %d attributes (max_attributes); no carex schema "
		    "allows more than %d on an element", elem,
		    lim->max_attributes, SCHEMA_MAX_ATTRIBUTES);
	return scan_value(s, &val, &n);
}

static int
too_many_nodes(struct scan *s, size_t tag)
{
	if (++s->nodes <= s->lim->max_nodes)
		return 0;
	refuse(s, tag, CAREX_ELIMIT, "too many elements, attributes and "
	    "comments: more than %ld (max_nodes); the largest carex example "
	    "has under 700", s->lim->max_nodes);
	return 1;
}

/* The start tag whose '<' is at off. */
static int
scan_start_tag(struct scan *s)
{
	size_t	tag = s->off, n;
	char	elem[SHOWN_NAME];
	int	attrs = 0, ns = 0, rc;

	if (too_many_nodes(s, tag))
		return SCAN_REFUSED;
	s->off++;
	if ((rc = scan_name(s, tag, "element", &n)) != SCAN_ON)
		return rc;
	shown(elem, sizeof(elem), s->d + tag + 1, n);
	for (;;) {
		skip_space(s);
		if (s->off == s->len)
			return SCAN_STOP;
		if (at(s, ">") || at(s, "/>")) {
			s->off += s->d[s->off] == '>' ? 1 : 2;
			return SCAN_ON;
		}
		if ((rc = scan_attribute(s, tag, elem, &attrs, &ns)) !=
		    SCAN_ON)
			return rc;
	}
}

/* The first bytes: a byte-order mark or a pattern of NULs gives away a
 * UTF-16 or UTF-32 document, 4C 6F A7 94 an EBCDIC "<?xm". libxml2
 * would convert any of them; carex documents are UTF-8. */
static int
scan_encoding_bytes(struct scan *s)
{
	static const struct {
		const char	*bytes;
		size_t		 n;
		const char	*what;
	} marks[] = {
		{ "\x00\x00\xFE\xFF", 4, "UTF-32 (it starts with a UTF-32 "
		    "byte-order mark)" },
		{ "\xFF\xFE\x00\x00", 4, "UTF-32 (it starts with a UTF-32 "
		    "byte-order mark)" },
		{ "\xFE\xFF", 2, "UTF-16 (it starts with a UTF-16 byte-order "
		    "mark)" },
		{ "\xFF\xFE", 2, "UTF-16 (it starts with a UTF-16 byte-order "
		    "mark)" },
		{ "\x4C\x6F\xA7\x94", 4, "EBCDIC (it starts with <?xm in "
		    "EBCDIC)" },
	};
	size_t	i;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (s->len >= marks[i].n &&
		    memcmp(s->d, marks[i].bytes, marks[i].n) == 0)
			return refuse(s, 0, CAREX_EPARSE, "the document is "
			    "not UTF-8 but %s: " TO_UTF8, marks[i].what);
	for (i = 0; i < s->len && i < 4; i++)
		if (s->d[i] == 0)
			return refuse(s, 0, CAREX_EPARSE, "the document is "
			    "not UTF-8 but UTF-16 or UTF-32 (it has NUL bytes "
			    "among its first four): " TO_UTF8);
	if (at(s, "\xEF\xBB\xBF"))
		s->off = 3;
	return SCAN_ON;
}

/* One pseudo-attribute of the XML declaration: its name and value as
 * offsets, or SCAN_STOP at "?>" or anything else. */
static int
decl_pair(struct scan *s, size_t *name, size_t *nlen, size_t *val,
    size_t *vlen)
{
	skip_space(s);
	*name = s->off;
	while (s->off < s->len && s->d[s->off] >= 'a' && s->d[s->off] <= 'z')
		s->off++;
	if ((*nlen = s->off - *name) == 0)
		return SCAN_STOP;
	return scan_value(s, val, vlen);
}

/* The XML declaration, if there is one: version 1.0 only, encoding
 * UTF-8 only. The scan goes on from its start either way (it is then
 * skipped as any processing instruction is). */
static int
scan_declaration(struct scan *s)
{
	size_t	start = s->off, name, nlen, val, vlen;
	char	v[SHOWN_NAME];

	if (!at(s, "<?xml") || s->len - s->off < 6 ||
	    !is_space(s->d[s->off + 5]))
		return SCAN_ON;
	s->off += 5;
	while (decl_pair(s, &name, &nlen, &val, &vlen) == SCAN_ON) {
		shown(v, sizeof(v), s->d + val, vlen);
		if (nlen == 7 && memcmp(s->d + name, "version", 7) == 0 &&
		    (vlen != 3 || memcmp(s->d + val, "1.0", 3) != 0))
			return refuse(s, start, CAREX_EPARSE, "the document "
			    "declares XML version %s: carex documents are XML "
			    "1.0; " TO_UTF8, v);
		if (nlen == 8 && memcmp(s->d + name, "encoding", 8) == 0 &&
		    (vlen != 5 || strncasecmp((const char *)s->d + val,
		    "UTF-8", 5) != 0))
			return refuse(s, start, CAREX_EPARSE, "the document "
			    "declares encoding %s: carex documents are UTF-8; "
			    TO_UTF8, v);
	}
	s->off = start;
	return SCAN_ON;
}

/* The markup whose '<' is at off. */
static int
scan_markup(struct scan *s)
{
	if (at(s, "<!--")) {
		if (too_many_nodes(s, s->off))
			return SCAN_REFUSED;
		s->off += 4;
		return skip_past(s, "-->");
	}
	if (at(s, "<![CDATA[")) {
		s->off += 9;
		return skip_past(s, "]]>");
	}
	if (at(s, "<!DOCTYPE"))
		return refuse(s, s->off, CAREX_EPARSE, "a DOCTYPE declaration "
		    "is not accepted: carex documents have no DTD and no "
		    "entities");
	if (at(s, "<!"))
		return SCAN_STOP;	/* not well-formed outside a DTD */
	if (at(s, "<?")) {
		s->off += 2;
		return skip_past(s, "?>");
	}
	if (at(s, "</")) {
		s->off += 2;	/* a name, spaces and '>': nothing to count */
		return SCAN_ON;
	}
	return scan_start_tag(s);
}

int
xmlscan_check(const unsigned char *data, size_t len,
    const struct xmlsafe_limits *lim, struct carex_err *err)
{
	struct scan		 s;
	const unsigned char	*p;
	int			 rc;

	memset(&s, 0, sizeof(s));
	s.d = data;
	s.len = len;
	s.lim = lim;
	s.err = err;
	if ((rc = scan_encoding_bytes(&s)) != SCAN_ON ||
	    (rc = scan_declaration(&s)) != SCAN_ON)
		return -1;
	while (s.off < s.len) {
		if ((p = memchr(s.d + s.off, '<', s.len - s.off)) == NULL)
			break;
		s.off = (size_t)(p - s.d);
		if ((rc = scan_markup(&s)) == SCAN_REFUSED)
			return -1;
		if (rc == SCAN_STOP)
			break;
	}
	return 0;
}
