/* SPDX-License-Identifier: MIT */
/* test_fontcache.c - the font subset cache, through the typesetter: a
 * document gives the same bytes from a cold cache, a warm one, after
 * other documents, after its subsets were evicted and from threads
 * rendering at once; the second render of a document takes every font
 * from the cache. Then the cache alone: an entry evicted while a render
 * holds it stays valid until released. argv[1] is tests/data/layout. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "check.h"
#include "pdf/fontcache.h"
#include "pdf/typeset.h"

#define NDOCS		4
#define NTHREADS	4
#define NROUNDS		12

static const char *const docs[NDOCS] = {
	"letter", "direction", "unicode", "long-table"
};

struct doc {
	xmlDoc		*x;
	struct buf	 pdf;	/* its bytes from a cold cache */
};

static struct doc	d[NDOCS];

/* Render x with ts into out (reset first); -1 with the message printed. */
static int
render(struct typeset *ts, xmlDoc *x, struct buf *out)
{
	struct carex_err	err;

	buf_reset(out);
	err_clear(&err);
	if (typeset_render(ts, x, out, &err) == -1) {
		fprintf(stderr, "render: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int
same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/* Each document in a typeset of its own: the reference bytes. */
static void
cold(void)
{
	struct typeset		*ts;
	struct typeset_stats	 st;
	int			 i;

	for (i = 0; i < NDOCS; i++) {
		ts = typeset_new(NULL, NULL, NULL);
		buf_init(&d[i].pdf, 64u << 20);
		check(ts != NULL && render(ts, d[i].x, &d[i].pdf) == 0,
		    "%s renders", docs[i]);
		typeset_stats(ts, &st);
		check(st.font_hits == 0 && st.font_misses >= 2 &&
		    st.font_entries == st.font_misses,
		    "%s cold: %lu misses, no hits, all kept", docs[i],
		    st.font_misses);
		typeset_free(ts);
	}
}

/* One typeset for all: a second render hits for every face and misses
 * no more; every render equals the cold one, however many others came
 * between. */
static void
warm(void)
{
	struct typeset		*ts;
	struct typeset_stats	 a, b;
	struct buf		 out;
	int			 i, round;

	ts = typeset_new(NULL, NULL, NULL);
	check(ts != NULL, "typeset_new");
	if (ts == NULL)
		return;
	buf_init(&out, 64u << 20);
	for (round = 0; round < 2; round++) {
		for (i = 0; i < NDOCS; i++) {
			typeset_stats(ts, &a);
			check(render(ts, d[i].x, &out) == 0 &&
			    same(&out, &d[i].pdf),
			    "%s, round %d: the cold bytes", docs[i], round);
			typeset_stats(ts, &b);
			if (round == 0)
				continue;
			check(b.font_misses == a.font_misses &&
			    b.font_hits > a.font_hits,
			    "%s again: %lu hits, %lu misses more", docs[i],
			    b.font_hits - a.font_hits,
			    b.font_misses - a.font_misses);
		}
	}
	typeset_stats(ts, &b);
	check(b.font_entries <= 4 * NDOCS && b.font_bytes > 0 &&
	    b.font_bytes < (4u << 20), "%u entries, %zu bytes",
	    b.font_entries, b.font_bytes);
	buf_free(&out);
	typeset_free(ts);
}

/* Forty documents, each with one letter of Latin-1 beyond ASCII: forty
 * subsets of the regular face, more than the cache holds. The first
 * document's subset is evicted; rendered again, it misses and gives its
 * first bytes. */
static void
eviction(void)
{
	struct typeset		*ts;
	struct typeset_stats	 a, b;
	struct buf		 first, out;
	char			 s[512];
	xmlDoc			*x;
	int			 i, n, ok = 1;

	ts = typeset_new(NULL, NULL, NULL);
	check(ts != NULL, "typeset_new");
	if (ts == NULL)
		return;
	buf_init(&first, 1u << 20);
	buf_init(&out, 1u << 20);
	for (i = 0; i <= 40 && ok; i++) {
		/* U+00C0 + i, UTF-8; the 41st is the first again. */
		n = snprintf(s, sizeof(s), "<document xmlns=\"urn:carex:"
		    "layout:1\" title=\"t\" author=\"a\" created=\"2025-01-29"
		    "T10:00:00Z\" marking=\"OFFICIAL\"><body><para>Letter "
		    "%c%c</para></body></document>", 0xc3, 0x80 + i % 40);
		x = xmlReadMemory(s, n, "mem.xml", NULL, XML_PARSE_NONET);
		typeset_stats(ts, &a);
		ok = x != NULL && render(ts, x, &out) == 0;
		typeset_stats(ts, &b);
		if (i == 0 && ok)
			ok = buf_add(&first, out.data, out.len) == 0;
		xmlFreeDoc(x);
	}
	check(ok, "forty documents render");
	check(b.font_entries <= 32 && b.font_evictions >= 8,
	    "bounded: %u entries, %lu evictions", b.font_entries,
	    b.font_evictions);
	check(b.font_misses == a.font_misses + 1 && same(&out, &first),
	    "an evicted subset is cut again, to the same bytes");
	buf_free(&out);
	buf_free(&first);
	typeset_free(ts);
}

struct worker {
	struct typeset	*ts;
	int		 id;
	int		 bad;
};

static void *
worker_run(void *arg)
{
	struct worker	*w = arg;
	struct buf	 out;
	int		 k, i;

	buf_init(&out, 64u << 20);
	for (k = 0; k < NROUNDS; k++) {
		i = (w->id + k) % NDOCS;
		if (render(w->ts, d[i].x, &out) == -1 || !same(&out, &d[i].pdf))
			w->bad++;
	}
	buf_free(&out);
	return NULL;
}

/* Threads share one typeset (as carexd's workers do) and every render
 * still gives the cold bytes. */
static void
threads(void)
{
	struct worker		 w[NTHREADS];
	pthread_t		 t[NTHREADS];
	struct typeset		*ts;
	struct typeset_stats	 st;
	int			 i, bad = 0;

	ts = typeset_new(NULL, NULL, NULL);
	check(ts != NULL, "typeset_new");
	if (ts == NULL)
		return;
	for (i = 0; i < NTHREADS; i++) {
		w[i].ts = ts;
		w[i].id = i;
		w[i].bad = 0;
		check(pthread_create(&t[i], NULL, worker_run, &w[i]) == 0,
		    "thread %d starts", i);
	}
	for (i = 0; i < NTHREADS; i++) {
		(void)pthread_join(t[i], NULL);	/* started, so joinable */
		bad += w[i].bad;
	}
	typeset_stats(ts, &st);
	check(bad == 0, "%d threads x %d renders: %d not the cold bytes",
	    NTHREADS, NROUNDS, bad);
	check(st.font_hits > st.font_misses, "threads share: %lu hits, %lu "
	    "misses", st.font_hits, st.font_misses);
	typeset_free(ts);
}

/* The cache alone, with two slots: an entry evicted while held stays
 * valid for its holder and is freed on release (ASan would say). */
static void
held_eviction(void)
{
	struct fontcache	*fc;
	struct fontsub		*s[3], *h;
	struct face		 f;
	uint32_t		*key;
	int			 i;

	memset(&f, 0, sizeof(f));
	(void)snprintf(f.name, sizeof(f.name), "Test");
	fc = fontcache_new(2, 1u << 20);
	check(fc != NULL, "fontcache_new");
	if (fc == NULL)
		return;
	for (i = 0; i < 3; i++) {
		key = malloc(sizeof(*key));
		if (key == NULL)
			break;
		key[0] = (uint32_t)i;
		s[i] = fontsub_new(&f, key, 1, fontsub_hash(&f, key, 1));
		if (s[i] == NULL)
			break;
		s[i]->bytes = sizeof(*s[i]);
		s[i] = fontcache_put(fc, s[i]);
		if (i == 0)
			continue;
		fontcache_release(fc, s[i]);
	}
	check(i == 3, "three subsets made");
	if (i == 3) {
		/* s[0], still held, was the least recently used. */
		key = s[0]->key;
		h = fontcache_get(fc, &f, key, 1, s[0]->hash);
		check(h == NULL, "the held entry was evicted from the cache");
		check(s[0]->key[0] == 0 && strchr(s[0]->name, '+') != NULL,
		    "and is still whole for its holder");
		fontcache_release(fc, s[0]);
	}
	fontcache_free(fc);
}

int
main(int argc, char *argv[])
{
	char	path[4096];
	int	i;

	if (argc != 2) {
		fprintf(stderr, "usage: test_fontcache dir\n");
		return 2;
	}
	for (i = 0; i < NDOCS; i++) {
		(void)snprintf(path, sizeof(path), "%s/%s.xml", argv[1],
		    docs[i]);
		d[i].x = xmlReadFile(path, NULL, XML_PARSE_NONET);
		check(d[i].x != NULL, "%s parses", path);
		if (d[i].x == NULL)
			return check_done();
	}
	cold();
	warm();
	eviction();
	threads();
	held_eviction();
	for (i = 0; i < NDOCS; i++) {
		buf_free(&d[i].pdf);
		xmlFreeDoc(d[i].x);
	}
	xmlCleanupParser();
	return check_done();
}
