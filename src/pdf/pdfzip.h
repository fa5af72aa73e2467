/* SPDX-License-Identifier: MIT */
/* pdfzip.h - a document's streams compressed before libharu writes
 * them (pdfzip.c): one deflate state per render, reset between streams,
 * instead of libharu's fresh one per stream. */
#ifndef CAREX_PDF_PDFZIP_H
#define CAREX_PDF_PDFZIP_H

#include <stddef.h>

#include <hpdf.h>
#include <zlib.h>

struct pdfzip {
	z_stream	z;
	int		ready;		/* z initialised */
};

/* Start without a deflate state; nothing is allocated until first use. */
void	pdfzip_init(struct pdfzip *);

/* Make the n bytes at p, deflated, the data of stream object d (which
 * must be empty and have no write hook), marked /FlateDecode; libharu
 * then writes them as they are. -1 when zlib or libharu fails. */
int	pdfzip_stream(struct pdfzip *, HPDF_Dict d, const void *p, size_t n);

void	pdfzip_free(struct pdfzip *);

#endif
