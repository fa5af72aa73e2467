/* SPDX-License-Identifier: MIT */
/* fuzz_layout.c - libFuzzer target: any layout document into the
 * typesetter, which must give a PDF or an error, never a crash or a loop
 * (libFuzzer's -timeout catches a loop). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include <libxml/parser.h>

#include "pdf/typeset.h"

static struct typeset	*ts;

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct carex_err	 err;
	struct buf		 out;
	xmlDoc			*doc;

	if (ts == NULL && (ts = typeset_new(NULL, NULL, &err)) == NULL)
		abort();
	if (len > (1u << 20) || (doc = xmlReadMemory((const char *)data,
	    (int)len, "layout.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING)) == NULL)
		return 0;
	buf_init(&out, 64u << 20);
	(void)typeset_render(ts, doc, &out, &err);
	buf_free(&out);
	xmlFreeDoc(doc);
	return 0;
}
