/* SPDX-License-Identifier: MIT */
/* pdfstr.h - PDF text strings (document information, bookmarks) from
 * UTF-8, written without libharu's UTF-8 encoder (pdfstr.c). */
#ifndef CAREX_PDF_PDFSTR_H
#define CAREX_PDF_PDFSTR_H

#include <stddef.h>

#include <hpdf.h>

/* Set key of dictionary d to the text string of the n bytes of UTF-8 at
 * s: PDFDocEncoding when every character has a byte there, else UTF-16BE
 * with its byte order mark. Replaces an existing value. -1 when libharu
 * fails or memory runs out. */
int	pdfstr_set(HPDF_Dict d, const char *key, const unsigned char *s,
	    size_t n);

#endif
