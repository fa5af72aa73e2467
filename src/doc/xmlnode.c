/* SPDX-License-Identifier: MIT */
/* xmlnode.c - tree readers (see xmlnode.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/xmlnode.h"

int
xmlnode_is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    xmlStrEqual(n->name, (const xmlChar *)name);
}

char *
xmlnode_dup(xmlNode *n, const char *attr)
{
	xmlChar	*s;
	char	*r;

	s = attr ? xmlGetProp(n, (const xmlChar *)attr) : xmlNodeGetContent(n);
	if (s == NULL)
		return NULL;
	r = strdup((const char *)s);
	xmlFree(s);
	return r;
}

static int
xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

char *
xmlnode_collapse(char *s)
{
	char	*r = s, *w = s;

	while (xml_space(*r))
		r++;
	while (*r != '\0') {
		if (xml_space(*r)) {
			while (xml_space(*r))
				r++;
			if (*r != '\0')
				*w++ = ' ';
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
	return s;
}

char *
xmlnode_token(xmlNode *n)
{
	char	*s = xmlnode_dup(n, NULL);

	return s != NULL ? xmlnode_collapse(s) : NULL;
}

xmlNode *
xmlnode_child(const xmlNode *parent, const char *name, const xmlNode *after)
{
	xmlNode	*n;

	n = after != NULL ? after->next : parent->children;
	for (; n != NULL; n = n->next)
		if (xmlnode_is(n, name))
			return n;
	return NULL;
}

int
xmlnode_beside(char *out, size_t len, const char *file, const char *rel)
{
	const char	*slash = strrchr(file, '/');
	int		 n;

	if (rel[0] == '/' || slash == NULL)
		n = snprintf(out, len, "%s", rel);
	else
		n = snprintf(out, len, "%.*s/%s", (int)(slash - file), file,
		    rel);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}
