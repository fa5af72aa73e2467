/* SPDX-License-Identifier: MIT */
/* utf8.h - cutting text on UTF-8 character boundaries. Every place that
 * bounds text a person will read (rejection reasons, rule messages that
 * quote a document, log values, error records) cuts it here, so that no
 * document, log line or problem carexd emits ends inside a character. */
#ifndef CAREX_UTF8_H
#define CAREX_UTF8_H

#include <stddef.h>

/* The length of the longest prefix of s[0..len) of at most max bytes that
 * does not end inside a UTF-8 sequence: a lead byte whose continuation
 * bytes were cut off is dropped with them. Bytes that are not UTF-8 at
 * all are left as they are (each counts as one character). */
size_t	utf8_prefix(const char *s, size_t len, size_t max);

/* The length in bytes of the well-formed UTF-8 character s starts with
 * (1 to 4), or 0 if it starts with a NUL or with bytes that are not one. */
size_t	utf8_char(const char *s);

/* Copy s into out (outlen bytes, > 0), cut on a character boundary to fit,
 * NUL-terminated. Returns out. */
char	*utf8_copy(char *out, size_t outlen, const char *s);

/* Trim, in place, an incomplete sequence at the end of the NUL-terminated
 * s (what a byte-bounded snprintf leaves when it truncates). Returns the
 * new length. */
size_t	utf8_trim(char *s);

#endif
