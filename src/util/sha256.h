/* SPDX-License-Identifier: MIT */
/* sha256.h - SHA-256 of a buffer as lowercase hex (OpenSSL EVP). */
#ifndef CAREX_SHA256_H
#define CAREX_SHA256_H

#include <stddef.h>

/* out gets 64 hex characters and a NUL; "" if OpenSSL fails. */
void	sha256_hex(const void *p, size_t n, char out[65]);

#endif
