/* SPDX-License-Identifier: MIT */
/* utf8.c - cutting text on UTF-8 character boundaries (see utf8.h). */
#include "config.h"

#include <string.h>

#include "util/utf8.h"

/* How many bytes the sequence led by c has: 1 for ASCII and for bytes
 * that cannot lead (continuations and invalid leads count alone). */
static size_t
seq_len(unsigned char c)
{
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	return 1;
}

size_t
utf8_char(const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 n = seq_len(u[0]), i;

	if (n == 1)
		return u[0] < 0x80 && u[0] != '\0' ? 1 : 0;
	for (i = 1; i < n; i++)
		if ((u[i] & 0xC0) != 0x80)
			return 0;
	/* no overlong three- or four-byte forms, no surrogates, nothing
	 * past U+10FFFF */
	if ((u[0] == 0xE0 && u[1] < 0xA0) || (u[0] == 0xED && u[1] > 0x9F) ||
	    (u[0] == 0xF0 && u[1] < 0x90) || (u[0] == 0xF4 && u[1] > 0x8F))
		return 0;
	return n;
}

size_t
utf8_prefix(const char *s, size_t len, size_t max)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 n = len < max ? len : max, start, back;

	if (n == 0)
		return 0;
	/* Find the start of the last sequence: at most three continuation
	 * bytes (10xxxxxx) back from the end. */
	start = n - 1;
	for (back = 0; back < 3 && start > 0 && (u[start] & 0xC0) == 0x80;
	    back++)
		start--;
	if (seq_len(u[start]) > n - start)
		return start;
	return n;
}

char *
utf8_copy(char *out, size_t outlen, const char *s)
{
	size_t	n;

	if (outlen == 0)
		return out;
	n = utf8_prefix(s, strlen(s), outlen - 1);
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

size_t
utf8_trim(char *s)
{
	size_t	n = strlen(s);

	n = utf8_prefix(s, n, n);
	s[n] = '\0';
	return n;
}
