/* SPDX-License-Identifier: MIT */
/* vcache.h - client certificate chains already verified, so a client that
 * reconnects is not verified again from scratch.
 *
 * OpenSSL 3.0 spends about 1.3 ms of a full mTLS handshake building and
 * checking the client's chain (decoders, store lookups, the CRL), of which
 * the signature maths is 0.18 ms. The result depends only on the bytes of
 * the chain the client sent, the trust store and CRLs, and the time. One
 * cache belongs to one TLS context, and a reload (new CA bundle, new CRL)
 * makes a new context with an empty cache, so only the time remains: an
 * entry holds the window in which its verification stands (the latest
 * notBefore and earliest notAfter of the verified chain, and the CRL's
 * nextUpdate), and outside it is not used. Only successful verifications
 * are kept, so a client cannot fill the cache with failures. */
#ifndef CAREX_VCACHE_H
#define CAREX_VCACHE_H

#include <time.h>

#include <openssl/x509.h>

#define VCACHE_KEY	32	/* SHA-256 */

struct vcache;

/* slots entries at most (direct-mapped); crl_until is the earliest
 * nextUpdate of the context's CRLs, or 0 for none. NULL if out of memory. */
struct vcache	*vcache_new(size_t slots, time_t crl_until);
void		 vcache_free(struct vcache *);

/* The key of a chain as the client sent it: SHA-256 over the DER of the
 * leaf and of every other certificate it sent. -1 if OpenSSL fails. */
int		 vcache_key(X509 *leaf, STACK_OF(X509) *sent,
		    unsigned char key[VCACHE_KEY]);

/* 1 if key was verified and now is within its window, else 0. */
int		 vcache_hit(struct vcache *, const unsigned char *key,
		    time_t now);

/* Remember a successful verification of key whose verified chain (leaf
 * to trust anchor) is chain. */
void		 vcache_add(struct vcache *, const unsigned char *key,
		    STACK_OF(X509) *chain);

/* Lookups answered from the cache, and not. */
void		 vcache_counts(struct vcache *, unsigned long *hits,
		    unsigned long *misses);

#endif
