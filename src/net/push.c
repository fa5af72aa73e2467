/* SPDX-License-Identifier: MIT */
/* push.c - the push delivery worker (see push.h, docs/internals/push.md):
 * one thread, one libcurl multi handle, at most push_concurrency
 * transfers. The outbox's state is the store's; this file decides when
 * to try again and how to talk to an endpoint. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <curl/curl.h>

#include "net/push.h"
#include "net/server.h"
#include "util/buf.h"
#include "util/log.h"

#define TICK_MS		1000	/* the periodic look for due deliveries */
#define LEASE_SLACK_MS	5000	/* to record a result after the timeout */

/* One POST in flight. The worker thread's only. */
struct transfer {
	struct push		*p;
	CURL			*easy;
	struct curl_slist	*headers;
	struct store_push	 item;		/* as claimed; body below */
	struct buf		 body;
	char			 errbuf[CURL_ERROR_SIZE];
	struct transfer		*next;
};

/* Set once by push_start, then read by the worker thread, except: stop
 * and kick (atomics, any thread) and multi (curl_multi_wakeup is
 * thread-safe). */
struct push {
	struct store	*store;
	struct metrics	*metrics;
	char		 cert[1024], key[1024], ca[1024];
	long		 timeout_ms;
	int		 concurrency;
	int64_t		 retry_base_ms, retry_max_ms;
	int		 max_attempts;
	CURLM		*multi;
	pthread_t	 thread;
	int		 started;
	int		 stop;
	int		 kick;
	/* the worker thread's */
	struct transfer	*live;
	int		 nlive;
	struct transfer	*claimed;	/* filled by the claim's callback */
	uint64_t	 rng;
};

int64_t
push_backoff(int attempts, int64_t base_ms, int64_t max_ms, double u)
{
	int64_t	d = base_ms;
	int	i;

	for (i = 1; i < attempts && d < max_ms; i++)
		d *= 2;
	if (d > max_ms)
		d = max_ms;
	return (int64_t)((double)d * (0.8 + 0.4 * u));
}

/* A uniform double in [0, 1): xorshift64*, seeded from getrandom(). Jitter
 * needs spread, not secrecy. */
static double
uniform(struct push *p)
{
	p->rng ^= p->rng >> 12;
	p->rng ^= p->rng << 25;
	p->rng ^= p->rng >> 27;
	return (double)((p->rng * 2685821657736338717ULL) >> 11) /
	    (double)(1ULL << 53);
}

static size_t
discard(char *data, size_t size, size_t n, void *arg)
{
	(void)data;
	(void)arg;
	return size * n;	/* the endpoint's answer body is not kept */
}

static void
transfer_free(struct transfer *t)
{
	if (t == NULL)
		return;
	if (t->easy != NULL)
		curl_easy_cleanup(t->easy);
	curl_slist_free_all(t->headers);
	buf_free(&t->body);
	free(t);
}

/* The claim's callback (on whichever thread leads the store's batch, while
 * the worker waits for it): copy the delivery, nothing more. */
static int
claimed(void *arg, const struct store_push *item)
{
	struct push	*p = arg;
	struct transfer	*t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return -1;
	t->p = p;
	t->item = *item;
	t->item.body = NULL;
	buf_init(&t->body, item->len + 1);
	if (buf_add(&t->body, item->body, item->len) == -1) {
		transfer_free(t);
		return -1;
	}
	t->next = p->claimed;
	p->claimed = t;
	return 0;
}

static int
add_header(struct transfer *t, const char *name, const char *value)
{
	struct curl_slist	*l;
	char			 h[256];

	if (snprintf(h, sizeof(h), "%s: %s", name, value) >= (int)sizeof(h) ||
	    (l = curl_slist_append(t->headers, h)) == NULL)
		return -1;
	t->headers = l;
	return 0;
}

/* The POST: mutual TLS (TLS 1.2 or later, https only, the endpoint
 * verified against push_ca alone, no proxy from the environment), the
 * stored bytes, and headers that let the endpoint deduplicate. */
static int
transfer_setup(struct push *p, struct transfer *t)
{
	char	n[16];
	CURL	*e;

	(void)snprintf(n, sizeof(n), "%d", t->item.attempts + 1);
	if ((e = t->easy = curl_easy_init()) == NULL ||
	    add_header(t, "Content-Type", "application/xml") == -1 ||
	    add_header(t, "Carex-Document-Id", t->item.doc_id) == -1 ||
	    add_header(t, "Carex-Sender", t->item.sender) == -1 ||
	    add_header(t, "Carex-Doctype", t->item.doctype) == -1 ||
	    add_header(t, "Carex-Recipient", t->item.recipient) == -1 ||
	    add_header(t, "Carex-Attempt", n) == -1 ||
	    (t->headers = curl_slist_append(t->headers, "Expect:")) == NULL)
		return -1;
	if (curl_easy_setopt(e, CURLOPT_URL, t->item.url) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https") != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_SSLVERSION,
	    (long)CURL_SSLVERSION_TLSv1_2) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_SSLCERT, p->cert) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_SSLKEY, p->key) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_CAINFO, p->ca) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_CAPATH, NULL) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_PROXY, "") != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_POST, 1L) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->body.data) !=
	    CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)t->body.len) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_USERAGENT, "carexd/" PACKAGE_VERSION) !=
	    CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, p->timeout_ms) !=
	    CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, p->timeout_ms) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_PRIVATE, t) != CURLE_OK ||
	    curl_multi_add_handle(p->multi, e) != CURLM_OK)
		return -1;
	return 0;
}

/* Record how t ended (its result durable and audited before the next
 * claim can offer it again), count and log it, free it. */
static void
finish(struct push *p, struct transfer *t, struct store_push_result *r)
{
	struct carex_err	 err;
	char			 logerr[300];

	if (store_push_result(p->store, &t->item, r, &err) == -1) {
		/* Its lease runs out and it is offered again: a delivery
		 * may then be repeated, never lost. */
		metrics_store_error(p->metrics);
		log_warnx("event=store-error op=push-result doc=%s to=%s "
		    "msg=%s", t->item.doc_id, t->item.recipient,
		    log_str(err.msg));
	}
	metrics_push(p->metrics, (int)r->outcome);
	log_info("event=push doc=%s to=%s outcome=%s attempt=%d http=%d "
	    "error=%s", t->item.doc_id, t->item.recipient,
	    store_push_outcome_name(r->outcome), t->item.attempts + 1,
	    r->http_status, r->error[0] ? log_value(logerr, sizeof(logerr),
	    r->error) : "-");
	(void)curl_multi_remove_handle(p->multi, t->easy);
	transfer_free(t);
}

/* A transfer curl has finished: 2xx is delivered; anything else is
 * retried after a backoff, or given up after push_max_attempts. */
static void
completed(struct push *p, struct transfer *t, CURLcode rc)
{
	struct store_push_result	 r;
	char				 error[CURL_ERROR_SIZE + 32];
	char				*ip = NULL;
	long				 http = 0;
	int				 attempts = t->item.attempts + 1;

	(void)curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &http);
	(void)curl_easy_getinfo(t->easy, CURLINFO_PRIMARY_IP, &ip);
	memset(&r, 0, sizeof(r));
	r.now_ms = server_now_ms();
	r.http_status = (int)http;
	r.addr = ip != NULL ? ip : "";
	error[0] = '\0';
	if (rc == CURLE_OK && http >= 200 && http <= 299)
		r.outcome = STORE_PUSH_DELIVERED;
	else {
		if (rc != CURLE_OK)
			(void)snprintf(error, sizeof(error), "%s", t->errbuf[0] ?
			    t->errbuf : curl_easy_strerror(rc));
		else
			(void)snprintf(error, sizeof(error), "HTTP %ld", http);
		r.outcome = attempts >= p->max_attempts ? STORE_PUSH_GIVEN_UP :
		    STORE_PUSH_RETRY;
		r.next_ms = r.now_ms + push_backoff(attempts, p->retry_base_ms,
		    p->retry_max_ms, uniform(p));
	}
	r.error = error;
	finish(p, t, &r);
}

/* Claim what is due, up to the free slots, and start it. */
static void
claim(struct push *p, int64_t now)
{
	struct carex_err	 err;
	struct transfer		*t;
	int64_t			 lease = now + 2 * p->timeout_ms + LEASE_SLACK_MS;

	if (store_push_claim(p->store, now, lease, p->concurrency - p->nlive,
	    claimed, p, &err) == -1)
		log_warnx("event=store-error op=push-claim msg=%s",
		    log_str(err.msg));
	while ((t = p->claimed) != NULL) {
		p->claimed = t->next;
		if (transfer_setup(p, t) == -1) {
			/* Leased but not tried: offered again after it. */
			log_warnx("event=push doc=%s to=%s msg=\"cannot set up "
			    "the transfer\"", t->item.doc_id, t->item.recipient);
			transfer_free(t);
			continue;
		}
		t->next = p->live;
		p->live = t;
		p->nlive++;
	}
}

/* Collect finished transfers; returns how many. */
static int
collect(struct push *p)
{
	struct transfer	**tp, *t;
	CURLMsg		 *m;
	int		  left, n = 0;

	while ((m = curl_multi_info_read(p->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		for (tp = &p->live; (t = *tp) != NULL; tp = &t->next)
			if (t->easy == m->easy_handle)
				break;
		if (t == NULL)
			continue;
		*tp = t->next;
		p->nlive--;
		completed(p, t, m->data.result);	/* m is invalid after */
		n++;
	}
	return n;
}

/* Stopping: every transfer still in flight is abandoned unanswered. */
static void
interrupt_all(struct push *p)
{
	struct store_push_result	 r;
	struct transfer			*t;

	while ((t = p->live) != NULL) {
		p->live = t->next;
		p->nlive--;
		memset(&r, 0, sizeof(r));
		r.outcome = STORE_PUSH_INTERRUPTED;
		r.now_ms = server_now_ms();
		r.error = "carexd stopping";
		r.addr = "";
		finish(p, t, &r);
	}
}

static void *
run(void *arg)
{
	struct push	*p = arg;
	struct carex_err err;
	int64_t		 now, next = 0, due;
	long		 pending;
	int		 running, wait;

	while (!__atomic_load_n(&p->stop, __ATOMIC_ACQUIRE)) {
		now = server_now_ms();
		if (__atomic_exchange_n(&p->kick, 0, __ATOMIC_ACQ_REL))
			next = now;
		if (now >= next && p->nlive < p->concurrency) {
			next = now + TICK_MS;
			/* A cheap read first: claiming takes the writer. */
			if (store_push_pending(p->store, &pending, &due,
			    &err) == -1)
				log_warnx("event=store-error op=push-pending "
				    "msg=%s", log_str(err.msg));
			else if (due <= now)
				claim(p, now);
			else if (due < next)
				next = due;
		}
		(void)curl_multi_perform(p->multi, &running);
		if (collect(p) > 0)
			next = now;	/* a slot and a recipient are free */
		/* With every slot busy only curl's own events matter. */
		wait = next > now ? (int)(next - now) : 0;
		if (wait > TICK_MS || p->nlive >= p->concurrency)
			wait = TICK_MS;
		(void)curl_multi_poll(p->multi, NULL, 0, wait, NULL);
	}
	interrupt_all(p);
	return NULL;
}

struct push *
push_start(struct store *store, const struct conf *c, struct metrics *m,
    struct carex_err *err)
{
	struct push	*p;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		err_set(err, CAREX_ESYS, "push: libcurl does not start");
		return NULL;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		curl_global_cleanup();
		return NULL;
	}
	p->store = store;
	p->metrics = m;
	(void)snprintf(p->cert, sizeof(p->cert), "%s", c->push_cert[0] ?
	    c->push_cert : c->cert);
	(void)snprintf(p->key, sizeof(p->key), "%s", c->push_key[0] ?
	    c->push_key : c->key);
	(void)snprintf(p->ca, sizeof(p->ca), "%s", c->push_ca[0] ?
	    c->push_ca : c->ca);
	p->timeout_ms = (long)c->push_timeout * 1000;
	p->concurrency = c->push_concurrency;
	p->retry_base_ms = c->push_retry_base * 1000;
	p->retry_max_ms = c->push_retry_max * 1000;
	p->max_attempts = c->push_max_attempts;
	if (getrandom(&p->rng, sizeof(p->rng), 0) != sizeof(p->rng) ||
	    p->rng == 0)
		p->rng = (uint64_t)server_now_ms() | 1;
	if ((p->multi = curl_multi_init()) == NULL) {
		err_set(err, CAREX_ESYS, "push: no libcurl multi handle");
		goto fail;
	}
	if (pthread_create(&p->thread, NULL, run, p) != 0) {
		err_set(err, CAREX_ESYS, "push: cannot start the thread");
		goto fail;
	}
	p->started = 1;
	return p;
fail:
	push_stop(p);
	return NULL;
}

void
push_wake(struct push *p)
{
	if (p == NULL)
		return;
	__atomic_store_n(&p->kick, 1, __ATOMIC_RELEASE);
	(void)curl_multi_wakeup(p->multi);
}

void
push_stop(struct push *p)
{
	if (p == NULL)
		return;
	if (p->started) {
		__atomic_store_n(&p->stop, 1, __ATOMIC_RELEASE);
		(void)curl_multi_wakeup(p->multi);
		(void)pthread_join(p->thread, NULL);
	}
	if (p->multi != NULL)
		(void)curl_multi_cleanup(p->multi);
	free(p);
	curl_global_cleanup();
}
