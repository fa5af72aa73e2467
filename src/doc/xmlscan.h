/* SPDX-License-Identifier: MIT */
/* xmlscan.h - a linear pre-scan of untrusted XML bytes, run before libxml2
 * sees them, for what libxml2 2.9 does in worse than linear time or should
 * never be asked to do: attributes and namespace declarations per start
 * tag (each is checked against every earlier one), namespace declarations
 * in the whole document, name lengths, elements and comments, and the
 * encoding and version (only UTF-8 XML 1.0). It is not a parser: what it
 * cannot read is left for libxml2 to report. Used by xmlsafe.c only. */
#ifndef CAREX_XMLSCAN_H
#define CAREX_XMLSCAN_H

#include <stddef.h>

#include "doc/xmlsafe.h"
#include "util/err.h"

/* Scan len bytes against lim (every field set). 0 when nothing is over a
 * limit (the document may still be malformed); -1 with err (rule "XML",
 * CAREX_ELIMIT for a limit, CAREX_EPARSE for an encoding, a version or a
 * DOCTYPE) at the line and column of the offending markup. */
int	xmlscan_check(const unsigned char *data, size_t len,
	    const struct xmlsafe_limits *lim, struct carex_err *err);

#endif
