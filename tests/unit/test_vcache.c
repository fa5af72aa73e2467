/* SPDX-License-Identifier: MIT */
/* test_vcache.c - the cache of verified client chains: a hit only for
 * the same chain bytes and only inside the window its certificates and
 * the CRL allow; a different chain never hits; slots are bounded. */
#include "config.h"

#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "check.h"
#include "net/vcache.h"

static EVP_PKEY	*key;

/* A self-signed certificate with serial n valid from now+from to now+to
 * seconds: the cache reads only its bytes and its validity. */
static X509 *
cert(long n, long from, long to)
{
	X509		*x = X509_new();
	X509_NAME	*name = X509_NAME_new();

	if (x == NULL || name == NULL ||
	    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)"vcache test", -1, -1, 0) != 1 ||
	    ASN1_INTEGER_set(X509_get_serialNumber(x), n) != 1 ||
	    X509_set_subject_name(x, name) != 1 ||
	    X509_set_issuer_name(x, name) != 1 ||
	    X509_gmtime_adj(X509_getm_notBefore(x), from) == NULL ||
	    X509_gmtime_adj(X509_getm_notAfter(x), to) == NULL ||
	    X509_set_pubkey(x, key) != 1 || X509_sign(x, key, NULL) <= 0) {
		X509_NAME_free(name);
		X509_free(x);
		return NULL;
	}
	X509_NAME_free(name);
	return x;
}

static STACK_OF(X509) *
chain2(X509 *a, X509 *b)
{
	STACK_OF(X509)	*sk = sk_X509_new_null();

	(void)sk_X509_push(sk, a);
	(void)sk_X509_push(sk, b);
	return sk;
}

int
main(void)
{
	struct vcache	*c;
	X509		*leaf, *ca, *other, *soon;
	STACK_OF(X509)	*chain;
	unsigned char	 k1[VCACHE_KEY], k2[VCACHE_KEY], k3[VCACHE_KEY];
	unsigned long	 hits, misses;
	time_t		 now = time(NULL);

	key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	check(key != NULL, "a key");
	leaf = cert(1, -3600, 86400);
	ca = cert(2, -86400, 10 * 86400);
	other = cert(3, -3600, 86400);
	soon = cert(4, -3600, 60);	/* expires in a minute */
	check(leaf && ca && other && soon, "certificates made");

	c = vcache_new(64, now + 3600);	/* the CRL's nextUpdate in an hour */
	check(c != NULL, "cache made");
	check(vcache_key(leaf, NULL, k1) == 0, "key of a chain");
	check(vcache_key(other, NULL, k2) == 0 && memcmp(k1, k2, 32) != 0,
	    "another certificate, another key");
	chain = chain2(leaf, other);
	check(vcache_key(leaf, chain, k3) == 0 && memcmp(k1, k3, 32) != 0,
	    "the certificates sent with the leaf are part of the key");
	sk_X509_free(chain);

	check(!vcache_hit(c, k1, now), "empty: a miss");
	chain = chain2(leaf, ca);
	vcache_add(c, k1, chain);
	sk_X509_free(chain);
	check(vcache_hit(c, k1, now), "verified: a hit");
	check(!vcache_hit(c, k2, now), "another chain: a miss");
	check(!vcache_hit(c, k1, now - 7200), "before the leaf's notBefore: "
	    "a miss");
	check(!vcache_hit(c, k1, now + 3600 + 1), "after the CRL's nextUpdate:"
	    " a miss");
	check(vcache_hit(c, k1, now + 3000), "within the window: a hit");

	chain = chain2(soon, ca);
	vcache_add(c, k2, chain);
	sk_X509_free(chain);
	check(vcache_hit(c, k2, now + 30), "expiring leaf, still valid: hit");
	check(!vcache_hit(c, k2, now + 61), "after the leaf's notAfter: miss");
	vcache_counts(c, &hits, &misses);
	check(hits == 3 && misses == 5, "counted (%lu hits, %lu misses)",
	    hits, misses);
	vcache_free(c);

	c = vcache_new(64, 0);		/* no CRL: the certificates decide */
	chain = chain2(leaf, ca);
	vcache_add(c, k1, chain);
	sk_X509_free(chain);
	check(vcache_hit(c, k1, now + 80000), "no CRL: up to the notAfter");
	check(!vcache_hit(c, k1, now + 90000), "and not after it");
	vcache_free(c);

	X509_free(leaf);
	X509_free(ca);
	X509_free(other);
	X509_free(soon);
	EVP_PKEY_free(key);
	return check_done();
}
