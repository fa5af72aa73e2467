/* SPDX-License-Identifier: MIT */
/* fontcache.c - font subsets kept for the process (fontcache.h). Cutting
 * a face with hb-subset and deflating the result was a quarter of a warm
 * render; documents of one kind use the same glyphs (embed.c rounds every
 * subset up to printable ASCII), so the second one takes the bytes from
 * here. A few dozen entries, looked up linearly under one mutex: a hash
 * table would save nothing measurable at this size. Nothing here cuts,
 * compresses or knows PDF. */
#include "config.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fontcache.h"

struct fontcache {
	pthread_mutex_t	  mu;		/* guards everything below, and the
					 * refs and used of every entry */
	struct fontsub	**v;		/* maxentries slots, n used */
	unsigned int	  n, maxentries;
	size_t		  bytes, maxbytes;
	uint64_t	  clock;	/* LRU: ticks on each use */
	unsigned long	  hits, misses, evictions;
};

static void
fontsub_free(struct fontsub *s)
{
	free(s->key);
	free(s->sub);
	free(s->prog);
	free(s->tou);
	free(s->w);
	free(s);
}

uint64_t
fontsub_hash(const struct face *f, const uint32_t *key, uint32_t nkey)
{
	uint64_t	 h = 0xcbf29ce484222325ull;
	const char	*p;
	uint32_t	 i;

	for (p = f->name; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	for (i = 0; i < nkey; i++)
		h = (h ^ key[i]) * 0x100000001b3ull;
	return h;
}

struct fontsub *
fontsub_new(const struct face *f, uint32_t *key, uint32_t nkey,
    uint64_t hash)
{
	struct fontsub	*s;
	char		 tag[7];
	uint64_t	 h = hash;
	int		 i;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		free(key);
		return NULL;
	}
	s->face = f;
	s->key = key;
	s->nkey = nkey;
	s->hash = hash;
	s->refs = 1;
	/* "ABCDEF+Name": a subset's name carries a tag of six capitals
	 * (ISO 32000-1 9.6.4). From the key, never a counter or the clock,
	 * so the same glyphs give the same bytes in any process, and
	 * different subsets of one face get different names. */
	for (i = 0; i < 6; i++) {
		tag[i] = (char)('A' + h % 26);
		h /= 26;
	}
	tag[6] = '\0';
	(void)snprintf(s->name, sizeof(s->name), "%s+%s", tag,
	    f->name);	/* face names < 64 */
	return s;
}

struct fontcache *
fontcache_new(unsigned int maxentries, size_t maxbytes)
{
	struct fontcache	*fc;

	if ((fc = calloc(1, sizeof(*fc))) == NULL)
		return NULL;
	if ((fc->v = calloc(maxentries, sizeof(*fc->v))) == NULL ||
	    pthread_mutex_init(&fc->mu, NULL) != 0) {
		free(fc->v);
		free(fc);
		return NULL;
	}
	fc->maxentries = maxentries;
	fc->maxbytes = maxbytes;
	return fc;
}

void
fontcache_free(struct fontcache *fc)
{
	unsigned int	i;

	if (fc == NULL)
		return;
	for (i = 0; i < fc->n; i++) {
		assert(fc->v[i]->refs == 1);	/* no render is running */
		fontsub_free(fc->v[i]);
	}
	(void)pthread_mutex_destroy(&fc->mu);	/* unlocked, so it cannot fail */
	free(fc->v);
	free(fc);
}

/* The slot holding f's subset with this key, or -1. Under the lock. */
static int
find(const struct fontcache *fc, const struct face *f, const uint32_t *key,
    uint32_t nkey, uint64_t hash)
{
	const struct fontsub	*s;
	unsigned int		 i;

	for (i = 0; i < fc->n; i++) {
		s = fc->v[i];
		if (s->hash == hash && s->face == f && s->nkey == nkey &&
		    memcmp(s->key, key, nkey * sizeof(*key)) == 0)
			return (int)i;
	}
	return -1;
}

/* Drop one reference; the caller frees s when this returns 1. Under the
 * lock. */
static int
unref(struct fontsub *s)
{
	assert(s->refs > 0);
	return --s->refs == 0;
}

/* Take the least recently used entry out of the cache. Under the lock. */
static void
evict(struct fontcache *fc)
{
	struct fontsub	*s;
	unsigned int	 i, lru = 0;

	assert(fc->n > 0);
	for (i = 1; i < fc->n; i++)
		if (fc->v[i]->used < fc->v[lru]->used)
			lru = i;
	s = fc->v[lru];
	fc->v[lru] = fc->v[--fc->n];
	fc->bytes -= s->bytes;
	fc->evictions++;
	if (unref(s))
		fontsub_free(s);	/* else its last user frees it */
}

struct fontsub *
fontcache_get(struct fontcache *fc, const struct face *f,
    const uint32_t *key, uint32_t nkey, uint64_t hash)
{
	struct fontsub	*s = NULL;
	int		 i;

	if (fc == NULL)
		return NULL;
	pthread_mutex_lock(&fc->mu);
	if ((i = find(fc, f, key, nkey, hash)) >= 0) {
		s = fc->v[i];
		s->refs++;
		s->used = ++fc->clock;
		fc->hits++;
	} else
		fc->misses++;
	pthread_mutex_unlock(&fc->mu);
	return s;
}

struct fontsub *
fontcache_put(struct fontcache *fc, struct fontsub *s)
{
	struct fontsub	*have = NULL;
	int		 i;

	assert(s->refs == 1);
	if (fc == NULL || fc->maxentries == 0 || s->bytes > fc->maxbytes)
		return s;
	pthread_mutex_lock(&fc->mu);
	if ((i = find(fc, s->face, s->key, s->nkey, s->hash)) >= 0) {
		/* Another render made it meanwhile: the same bytes. */
		have = fc->v[i];
		have->refs++;
		have->used = ++fc->clock;
	} else {
		while (fc->n > 0 && (fc->n == fc->maxentries ||
		    fc->bytes + s->bytes > fc->maxbytes))
			evict(fc);
		s->refs++;	/* the cache's */
		s->used = ++fc->clock;
		fc->v[fc->n++] = s;
		fc->bytes += s->bytes;
	}
	pthread_mutex_unlock(&fc->mu);
	if (have == NULL)
		return s;
	fontsub_free(s);	/* never shared: only the caller held it */
	return have;
}

void
fontcache_release(struct fontcache *fc, struct fontsub *s)
{
	int	last;

	if (s == NULL)
		return;
	if (fc == NULL) {
		last = unref(s);	/* never in a cache: not shared */
	} else {
		pthread_mutex_lock(&fc->mu);
		last = unref(s);
		pthread_mutex_unlock(&fc->mu);
	}
	if (last)
		fontsub_free(s);
}

void
fontcache_stats(struct fontcache *fc, struct typeset_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (fc == NULL)
		return;
	pthread_mutex_lock(&fc->mu);
	st->font_hits = fc->hits;
	st->font_misses = fc->misses;
	st->font_evictions = fc->evictions;
	st->font_entries = fc->n;
	st->font_bytes = fc->bytes;
	pthread_mutex_unlock(&fc->mu);
}
