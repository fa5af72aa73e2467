/* SPDX-License-Identifier: MIT */
/* vcache.c - verified client chains (see vcache.h). */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "net/vcache.h"

struct entry {
	unsigned char	key[VCACHE_KEY];
	time_t		from, until;	/* the verification stands within */
	int		used;
};

struct vcache {
	pthread_mutex_t	 mu;
	struct entry	*e;
	size_t		 n;
	time_t		 crl_until;
	unsigned long	 hits, misses;
};

struct vcache *
vcache_new(size_t slots, time_t crl_until)
{
	struct vcache	*c;

	if (slots == 0 || (c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if ((c->e = calloc(slots, sizeof(*c->e))) == NULL ||
	    pthread_mutex_init(&c->mu, NULL) != 0) {
		free(c->e);
		free(c);
		return NULL;
	}
	c->n = slots;
	c->crl_until = crl_until;
	return c;
}

void
vcache_free(struct vcache *c)
{
	if (c == NULL)
		return;
	(void)pthread_mutex_destroy(&c->mu);
	free(c->e);
	free(c);
}

static int
hash_cert(EVP_MD_CTX *md, X509 *x)
{
	unsigned char	*der = NULL;
	int		 len, ok;

	if ((len = i2d_X509(x, &der)) <= 0)
		return 0;
	ok = EVP_DigestUpdate(md, der, (size_t)len);
	OPENSSL_free(der);
	return ok;
}

int
vcache_key(X509 *leaf, STACK_OF(X509) *sent, unsigned char key[VCACHE_KEY])
{
	EVP_MD_CTX	*md;
	unsigned int	 len = 0;
	int		 i, ok;

	if (leaf == NULL || (md = EVP_MD_CTX_new()) == NULL)
		return -1;
	ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) &&
	    hash_cert(md, leaf);
	for (i = 0; ok && sent != NULL && i < sk_X509_num(sent); i++)
		if (sk_X509_value(sent, i) != leaf)
			ok = hash_cert(md, sk_X509_value(sent, i));
	ok = ok && EVP_DigestFinal_ex(md, key, &len) && len == VCACHE_KEY;
	EVP_MD_CTX_free(md);
	return ok ? 0 : -1;
}

static struct entry *
slot(struct vcache *c, const unsigned char *key)
{
	size_t	h;

	memcpy(&h, key, sizeof(h));	/* a SHA-256: already uniform */
	return &c->e[h % c->n];
}

int
vcache_hit(struct vcache *c, const unsigned char *key, time_t now)
{
	struct entry	*e;
	int		 hit;

	pthread_mutex_lock(&c->mu);
	e = slot(c, key);
	hit = e->used && memcmp(e->key, key, VCACHE_KEY) == 0 &&
	    now >= e->from && now < e->until;
	if (hit)
		c->hits++;
	else
		c->misses++;
	pthread_mutex_unlock(&c->mu);
	return hit;
}

/* An ASN1_TIME as time_t, by its distance from now. */
static int
to_time(const ASN1_TIME *a, time_t now, time_t *out)
{
	int	days, secs;

	if (a == NULL || ASN1_TIME_diff(&days, &secs, NULL, a) != 1)
		return -1;
	*out = now + (time_t)days * 86400 + secs;
	return 0;
}

void
vcache_add(struct vcache *c, const unsigned char *key, STACK_OF(X509) *chain)
{
	struct entry	 ne, *e;
	time_t		 t, now = time(NULL);
	int		 i;

	if (chain == NULL || sk_X509_num(chain) == 0)
		return;
	memset(&ne, 0, sizeof(ne));
	memcpy(ne.key, key, VCACHE_KEY);
	ne.used = 1;
	ne.until = c->crl_until > 0 ? c->crl_until : (time_t)INT64_MAX;
	for (i = 0; i < sk_X509_num(chain); i++) {
		X509	*x = sk_X509_value(chain, i);

		if (to_time(X509_get0_notBefore(x), now, &t) == -1)
			return;		/* unreadable: never cache */
		if (t > ne.from)
			ne.from = t;
		if (to_time(X509_get0_notAfter(x), now, &t) == -1)
			return;
		if (t < ne.until)
			ne.until = t;
	}
	pthread_mutex_lock(&c->mu);
	e = slot(c, key);
	*e = ne;
	pthread_mutex_unlock(&c->mu);
}

void
vcache_counts(struct vcache *c, unsigned long *hits, unsigned long *misses)
{
	pthread_mutex_lock(&c->mu);
	*hits = c->hits;
	*misses = c->misses;
	pthread_mutex_unlock(&c->mu);
}
