/* SPDX-License-Identifier: MIT */
/* pdfstr.c - PDF text strings from UTF-8 (pdfstr.h). libharu writes a
 * UTF-8 string correctly only through its UTF-8 encoder, whose set-up
 * clears and fills two 128 KB tables per document (a tenth of a render
 * once fonts and deflate were fast). The rule (ISO 32000-1 7.9.2.2) is
 * small enough to apply here: PDFDocEncoding, or UTF-16BE with a BOM. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include <hpdf.h>
#include <hpdf_objects.h>

#include "font.h"	/* utf8_decode */
#include "pdfstr.h"

/* PDFDocEncoding bytes 0x80..0xA0 (ISO 32000-1 D.2), by code point; 0x9F
 * is undefined. 0x20..0x7E and 0xA1..0xFF (but 0xAD) are Latin-1. */
static const uint16_t doc_hi[33] = {
	0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
	0x2039, 0x203a, 0x2212, 0x2030, 0x201e, 0x201c, 0x201d, 0x2018,
	0x2019, 0x201a, 0x2122, 0xfb01, 0xfb02, 0x0141, 0x0152, 0x0160,
	0x0178, 0x017d, 0x0131, 0x0142, 0x0153, 0x0161, 0x017e, 0x0000,
	0x20ac
};

/* The PDFDocEncoding byte of cp, or 0 when it has none. */
static unsigned int
doc_byte(uint32_t cp)
{
	unsigned int	i;

	if ((cp >= 0x20 && cp < 0x7f) || (cp >= 0xa1 && cp <= 0xff &&
	    cp != 0xad))
		return cp;
	for (i = 0; i < sizeof(doc_hi) / sizeof(doc_hi[0]); i++)
		if (cp != 0 && doc_hi[i] == cp)
			return 0x80 + i;
	return 0;
}

/* The next code point of s; bytes that are not UTF-8 (the XML parser
 * never passes any) read as U+FFFD. */
static uint32_t
next_cp(const unsigned char *s, size_t n, size_t *i)
{
	uint32_t	cp;
	size_t		len;

	if ((len = utf8_decode(s + *i, n - *i, &cp)) == 0) {
		len = 1;
		cp = 0xfffd;
	}
	*i += len;
	return cp;
}

int
pdfstr_set(HPDF_Dict d, const char *key, const unsigned char *s, size_t n)
{
	unsigned char	*b;
	uint32_t	 cp;
	size_t		 i, k = 0;
	unsigned int	 c;
	void		*obj;
	int		 doc = 1;

	/* UTF-16 takes at most two bytes per UTF-8 byte, plus the BOM. */
	if (n > 0x7ffffff || (b = malloc(2 * n + 2)) == NULL)
		return -1;
	for (i = 0; i < n && doc; )
		doc = doc_byte(next_cp(s, n, &i)) != 0;
	if (doc) {
		for (i = 0; i < n; )
			b[k++] = (unsigned char)doc_byte(next_cp(s, n, &i));
		b[k] = '\0';
		/* No encoder: libharu writes the bytes as a literal string,
		 * escaping what needs it. */
		obj = HPDF_String_New(d->mmgr, (const char *)b, NULL);
	} else {
		b[k++] = 0xfe;
		b[k++] = 0xff;
		for (i = 0; i < n; ) {
			cp = next_cp(s, n, &i);
			if (cp > 0xffff) {
				cp -= 0x10000;
				c = 0xd800 + (cp >> 10);
				b[k++] = (unsigned char)(c >> 8);
				b[k++] = (unsigned char)c;
				cp = 0xdc00 + (cp & 0x3ff);
			}
			b[k++] = (unsigned char)(cp >> 8);
			b[k++] = (unsigned char)cp;
		}
		/* A hex string: the same string object, any bytes. */
		obj = HPDF_Binary_New(d->mmgr, b, (HPDF_UINT)k);
	}
	free(b);
	return HPDF_Dict_Add(d, key, obj) == HPDF_OK ? 0 : -1;
}
