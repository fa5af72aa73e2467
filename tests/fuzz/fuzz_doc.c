/* SPDX-License-Identifier: MIT */
/* fuzz_doc.c - libFuzzer target: bytes through the hardened parse, the
 * doctype's XSD and business rules, and, when a document passes, the
 * XSLT and the typesetter for each role it can be rendered for: what
 * every submission and every render request reaches. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "pipeline.h"

static struct pipeline	*pl;

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
open_once(void)
{
	struct pipeline_paths	pp = { 0 };
	struct carex_err	err;

	pp.datadir = CAREX_SRCDIR;
	pp.directory = CAREX_SRCDIR "/examples/directory.xml";
	if ((pl = pipeline_open(&pp, &err)) == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct render_opts	ro = { 0 };
	struct checked		c;
	struct errlist		errs;
	struct carex_err	err;
	struct buf		pdf;

	if (pl == NULL)
		open_once();
	errlist_init(&errs, 50);
	if (pipeline_check(pl, data, len, &c, &errs, &err) == 0) {
		buf_init(&pdf, 64u << 20);
		(void)pipeline_render(pl, &c, &ro, &pdf, &err);
		buf_free(&pdf);
		pipeline_checked_free(&c);
	}
	errlist_free(&errs);
	return 0;
}
