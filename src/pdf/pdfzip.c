/* SPDX-License-Identifier: MIT */
/* pdfzip.c - compress a document's streams ourselves (pdfzip.h).
 * Deflate was most of a render once the fonts were cheap: libharu runs
 * deflateInit (about 256 KB to allocate and 64 KB to clear) for every
 * stream, at the default level. Here one state serves the whole render,
 * and libharu receives the compressed bytes with no filter of its own. */
#include "config.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <zlib.h>

#include "pdfzip.h"

/* Level and memory: see docs/internals/typesetter.md for the sizes and
 * times measured at each level on the benchmark documents. */
#ifndef PDFZIP_LEVEL
#define PDFZIP_LEVEL	3
#endif
#ifndef PDFZIP_WBITS
#define PDFZIP_WBITS	15
#endif
#ifndef PDFZIP_MEMLEVEL
#define PDFZIP_MEMLEVEL	8
#endif

void
pdfzip_init(struct pdfzip *pz)
{
	memset(pz, 0, sizeof(*pz));
}

void
pdfzip_free(struct pdfzip *pz)
{
	if (pz->ready)
		(void)deflateEnd(&pz->z);	/* only frees */
	pz->ready = 0;
}

/* libharu writes /Filter only for the filters it applies itself, and
 * removes the key from a stream it does not filter: add it here, as the
 * last entry of the stream's dictionary. */
static HPDF_STATUS
filter_write(HPDF_Dict d, HPDF_Stream out)
{
	(void)d;	/* the same for every stream */
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

int
pdfzip_stream(struct pdfzip *pz, HPDF_Dict d, const void *p, size_t n)
{
	unsigned char	chunk[16384];
	int		rc;

	assert(d->stream != NULL && d->stream->size == 0 &&
	    d->write_fn == NULL);
	if (n > 0xffffffffu)
		return -1;
	if (!pz->ready) {
		if (deflateInit2(&pz->z, PDFZIP_LEVEL, Z_DEFLATED, PDFZIP_WBITS,
		    PDFZIP_MEMLEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
			return -1;
		pz->ready = 1;
	} else if (deflateReset(&pz->z) != Z_OK)
		return -1;
	d->filter = HPDF_STREAM_FILTER_NONE;
	d->write_fn = filter_write;
	/* zlib reads through a non-const pointer but does not write. */
	pz->z.next_in = (Bytef *)(uintptr_t)p;
	pz->z.avail_in = (uInt)n;
	do {
		pz->z.next_out = chunk;
		pz->z.avail_out = sizeof(chunk);
		rc = deflate(&pz->z, Z_FINISH);
		if (rc != Z_OK && rc != Z_STREAM_END)
			return -1;
		if (HPDF_Stream_Write(d->stream, chunk,
		    (HPDF_UINT)(sizeof(chunk) - pz->z.avail_out)) != HPDF_OK)
			return -1;
	} while (rc != Z_STREAM_END);
	return 0;
}
