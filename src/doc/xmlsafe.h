/* SPDX-License-Identifier: MIT */
/* xmlsafe.h - hardened parsing of untrusted XML, with the line and column
 * of every element kept for error reports. No DTD of any kind is accepted
 * (so no external entity, no entity expansion, no network); size, depth,
 * elements, attributes, namespace declarations and name lengths are
 * bounded, before libxml2 reads the bytes where it must be (xmlscan.h). */
#ifndef CAREX_XMLSAFE_H
#define CAREX_XMLSAFE_H

#include <stddef.h>
#include <libxml/tree.h>

#include "util/err.h"

/* A field left 0 takes its default below, so a limit is never off. */
struct xmlsafe_limits {
	size_t	max_bytes;	/* refuse larger input */
	int	max_depth;	/* element nesting */
	long	max_nodes;	/* elements, attributes, comments */
	int	max_attributes;	/* per start tag, not counting xmlns */
	int	max_namespaces;	/* declarations per start tag */
	int	max_namespaces_total;	/* declarations in the document */
	int	max_name_length;	/* element and attribute, characters */
};

#define XMLSAFE_MAX_BYTES	(4u * 1024 * 1024)
#define XMLSAFE_MAX_DEPTH	48
/* libxml2 spends about a microsecond on each node it builds and frees;
 * the largest carex example has under 700. */
#define XMLSAFE_MAX_NODES	50000L
/* No carex schema uses more than 13 attributes on an element, 1
 * namespace per document (2 with xsi), or names over 38 characters. */
#define XMLSAFE_MAX_ATTRIBUTES	32
#define XMLSAFE_MAX_NAMESPACES	8
#define XMLSAFE_MAX_NAMESPACES_TOTAL	64
#define XMLSAFE_MAX_NAME_LENGTH	128

/* A parsed document and where each of its elements started. */
struct xdoc {
	xmlDocPtr	 doc;
	struct postab	*pos;
};

/* Process-wide libxml2 set-up: call once before threads start. Turns off
 * libxml2's defaults that reach outside (network, entity loader). */
void	 xmlsafe_init(void);
/* Release libxml2's process-wide state; at exit only. */
void	 xmlsafe_shutdown(void);

/* Parse len bytes of UTF-8 XML (name is only used in messages). NULL
 * limits means the defaults above. Returns a document the caller frees
 * with xmlsafe_free(), or NULL with err set to the first problem and its
 * line and column (rule "XML"). */
struct xdoc *xmlsafe_parse(const void *data, size_t len,
	    const struct xmlsafe_limits *limits, struct carex_err *err);
void	 xmlsafe_free(struct xdoc *);

/* Line and column (1-based, characters) of the start tag of an element
 * of x; for other nodes, or nodes added after parsing, the nearest
 * element ancestor's, else libxml2's line and column 0. */
void	 xmlsafe_where(const struct xdoc *x, const xmlNode *node,
	    long *line, long *col);

#endif
