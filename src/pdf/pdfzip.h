/* SPDX-License-Identifier: MIT */
/* pdfzip.h - a document's streams compressed before libharu writes
 * them (pdfzip.c), with libdeflate: one compressor per render. */
#ifndef CAREX_PDF_PDFZIP_H
#define CAREX_PDF_PDFZIP_H

#include <stddef.h>

#include <hpdf.h>

struct libdeflate_compressor;

struct pdfzip {
	struct libdeflate_compressor	*c;	/* made on first use */
	unsigned char			*out;	/* compressed bytes */
	size_t				 cap;
};

/* Start without a compressor; nothing is allocated until first use. */
void	pdfzip_init(struct pdfzip *);

/* Make the n bytes at p, deflated (zlib format), the data of stream
 * object d (which must be empty and have no write hook), marked
 * /FlateDecode; libharu then writes them as they are. -1 when
 * compression or libharu fails. */
int	pdfzip_stream(struct pdfzip *, HPDF_Dict d, const void *p, size_t n);

/* Deflate (zlib format) the n bytes at p into pz's buffer: *out, *outlen
 * long, borrowed until the next call on pz. -1 on failure. */
int	pdfzip_deflate(struct pdfzip *, const void *p, size_t n,
	    const unsigned char **out, size_t *outlen);

/* Make the n bytes at z, already deflated by pdfzip_deflate(), the data
 * of stream object d, as pdfzip_stream() does; z is copied. */
int	pdfzip_put(HPDF_Dict d, const void *z, size_t n);

void	pdfzip_free(struct pdfzip *);

#endif
