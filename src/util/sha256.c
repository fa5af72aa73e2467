/* SPDX-License-Identifier: MIT */
/* sha256.c - see sha256.h. */
#include "config.h"

#include <openssl/evp.h>

#include "util/sha256.h"

void
sha256_hex(const void *p, size_t n, char out[65])
{
	static const char	hex[] = "0123456789abcdef";
	unsigned char		md[EVP_MAX_MD_SIZE];
	unsigned int		len = 0, i;

	out[0] = '\0';
	if (EVP_Digest(p, n, md, &len, EVP_sha256(), NULL) != 1 || len != 32)
		return;
	for (i = 0; i < len; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 0xf];
	}
	out[64] = '\0';
}
