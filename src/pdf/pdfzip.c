/* SPDX-License-Identifier: MIT */
/* pdfzip.c - compress a document's streams ourselves (pdfzip.h).
 * Deflate was most of a render once the fonts were cheap: libharu runs
 * zlib's deflateInit (about 256 KB to allocate and 64 KB to clear) for
 * every stream. Here one libdeflate compressor serves the whole render;
 * libdeflate compresses whole buffers about twice as fast as zlib at a
 * better ratio, and libharu receives the bytes with no filter of its
 * own. */
#include "config.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <libdeflate.h>

#include "pdfzip.h"

/* Level: see docs/internals/typesetter.md for the sizes and times
 * measured at each level on the benchmark documents. */
#ifndef PDFZIP_LEVEL
#define PDFZIP_LEVEL	1
#endif

void
pdfzip_init(struct pdfzip *pz)
{
	memset(pz, 0, sizeof(*pz));
}

void
pdfzip_free(struct pdfzip *pz)
{
	if (pz->c != NULL)
		libdeflate_free_compressor(pz->c);
	free(pz->out);
	pdfzip_init(pz);
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
pdfzip_deflate(struct pdfzip *pz, const void *p, size_t n,
    const unsigned char **out, size_t *outlen)
{
	unsigned char	*b;
	size_t		 bound;

	if (n > 0xffffffffu)
		return -1;
	if (pz->c == NULL &&
	    (pz->c = libdeflate_alloc_compressor(PDFZIP_LEVEL)) == NULL)
		return -1;
	bound = libdeflate_zlib_compress_bound(pz->c, n);
	if (bound > pz->cap) {
		if ((b = realloc(pz->out, bound)) == NULL)
			return -1;
		pz->out = b;
		pz->cap = bound;
	}
	if ((*outlen = libdeflate_zlib_compress(pz->c, p, n, pz->out,
	    pz->cap)) == 0)
		return -1;
	*out = pz->out;
	return 0;
}

int
pdfzip_put(HPDF_Dict d, const void *z, size_t n)
{
	assert(d->stream != NULL && d->stream->size == 0 &&
	    d->write_fn == NULL);
	if (n > 0xffffffffu)
		return -1;
	d->filter = HPDF_STREAM_FILTER_NONE;
	d->write_fn = filter_write;
	return HPDF_Stream_Write(d->stream, z, (HPDF_UINT)n) == HPDF_OK ?
	    0 : -1;
}

int
pdfzip_stream(struct pdfzip *pz, HPDF_Dict d, const void *p, size_t n)
{
	const unsigned char	*z;
	size_t			 m;

	if (pdfzip_deflate(pz, p, n, &z, &m) == -1)
		return -1;
	return pdfzip_put(d, z, m);
}
