/* SPDX-License-Identifier: MIT */
/* fontcache.h - font subsets kept for the process (fontcache.c): what
 * cutting a face to a set of glyphs produced, ready for any document that
 * uses that face with those glyphs. Knows keys, references and a lock;
 * how a subset is made is embed.c's. */
#ifndef CAREX_PDF_FONTCACHE_H
#define CAREX_PDF_FONTCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "font.h"
#include "typeset.h"

/* A face cut to one set of glyphs. The key is the glyphs, each with the
 * code point its text extracts to, as (glyph id << 16 | code point),
 * sorted. Everything else is a function of face and key, so an entry
 * made by one document serves another byte for byte. Read-only once
 * made (fontsub_new() to fontcache_put()); refs and used belong to the
 * cache's lock. */
struct fontsub {
	const struct face	*face;
	uint32_t		*key;
	uint32_t		 nkey;
	uint64_t		 hash;		/* of face name and key */
	char			 name[96];	/* "ABCDEF+LiberationSans" */
	uint16_t		*sub;		/* by the face's glyph id: the
						 * subset's, 0 when not in it */
	unsigned char		*prog;		/* the subset, deflated */
	size_t			 nprog;
	size_t			 rawlen;	/* its size before: /Length1 */
	unsigned char		*tou;		/* ToUnicode CMap, deflated */
	size_t			 ntou;
	char			*w;		/* "/W [1 [...]]\n", or NULL */
	size_t			 nw;
	size_t			 bytes;		/* all of the above, for the bound */
	unsigned int		 refs;
	uint64_t		 used;		/* LRU clock at last use */
};

struct fontcache;

/* An empty cache of at most maxentries subsets and maxbytes bytes.
 * Caller frees with fontcache_free(), after every reference is
 * released. NULL when out of memory. */
struct fontcache *fontcache_new(unsigned int maxentries, size_t maxbytes);
void		 fontcache_free(struct fontcache *);

/* The subset of face f with key[0..nkey) (hash from fontsub_hash()),
 * with a reference the caller releases with fontcache_release(); NULL
 * when the cache does not hold it, or fc is NULL. */
struct fontsub	*fontcache_get(struct fontcache *fc, const struct face *f,
		    const uint32_t *key, uint32_t nkey, uint64_t hash);

/* Offer s, made by the caller and holding the caller's one reference.
 * Returns the subset to use, with the caller's reference: s, now also
 * held by the cache (unless it alone passes the byte bound), or an equal
 * one another thread put first, s then freed. Least recently used
 * subsets make room. Never fails. */
struct fontsub	*fontcache_put(struct fontcache *fc, struct fontsub *s);

/* Drop a reference from fontcache_get() or fontcache_put(); frees s when
 * it was the last. NULL does nothing. */
void		 fontcache_release(struct fontcache *fc, struct fontsub *s);

/* Counters since fontcache_new(); zeros for NULL. */
void		 fontcache_stats(struct fontcache *fc,
		    struct typeset_stats *st);

/* A new subset taking ownership of key (malloc'd, nkey long), with one
 * reference and the face, key, hash and name set; the caller fills the
 * rest. NULL when out of memory (key then freed). */
struct fontsub	*fontsub_new(const struct face *f, uint32_t *key,
		    uint32_t nkey, uint64_t hash);

/* FNV-1a of the face's name and the key: the cache's hash and the
 * subset tag's source, the same in every process. */
uint64_t	 fontsub_hash(const struct face *f, const uint32_t *key,
		    uint32_t nkey);

#endif
