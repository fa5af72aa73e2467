/* SPDX-License-Identifier: MIT */
/* xmlnode.h - small readers of trusted and checked trees, shared by the
 * modules that load carex's own files (registry, rules, directory). */
#ifndef CAREX_XMLNODE_H
#define CAREX_XMLNODE_H

#include <stddef.h>
#include <libxml/tree.h>

/* Whether n is an element with this local name. */
int	 xmlnode_is(const xmlNode *n, const char *name);
/* The attribute's value, or the element's text (name NULL), as a string
 * the caller frees with free(); NULL if absent or out of memory. */
char	*xmlnode_dup(xmlNode *n, const char *attr);
/* The element's text read as an xs:token, as the schema reads it:
 * leading and trailing white space dropped, each inner run of it made
 * one space. A string the caller frees with free(); NULL if out of
 * memory. */
char	*xmlnode_token(xmlNode *n);
/* Collapse s in place as xs:token does; returns s. */
char	*xmlnode_collapse(char *s);
/* The first element child of parent named name after after (NULL: the
 * first), or NULL. */
xmlNode	*xmlnode_child(const xmlNode *parent, const char *name,
	    const xmlNode *after);
/* The path of rel beside file (in file's directory) unless rel is
 * absolute; -1 if it does not fit in len. */
int	 xmlnode_beside(char *out, size_t len, const char *file,
	    const char *rel);

#endif
