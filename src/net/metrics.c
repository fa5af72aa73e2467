/* SPDX-License-Identifier: MIT */
/* metrics.c - counters and the loopback admin listener: /healthz and
 * Prometheus /metrics. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/http.h>

#include "net/checkpoint.h"
#include "net/server.h"
#include "util/buf.h"
#include "util/utf8.h"

/* each code an answer of carexd's; any other counts with its class */
static const int	 status_codes[M_NSTATUS] = { 200, 201, 204, 400, 403,
    404, 409, 413, 422, 500, 503 };
static const char *const endpoint_names[M_NENDPOINTS] = { "submit", "inbox",
    "fetch", "fetch_pdf", "ack", "status", "render", "other" };
/* latency bucket upper bounds, seconds */
static const double	 bounds[M_NBUCKETS] = { 0.0005, 0.001, 0.0025, 0.005,
    0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5 };

static int
status_index(int status)
{
	int	i, class = status >= 500 ? 500 : status >= 400 ? 400 : 200;

	for (i = 0; i < M_NSTATUS; i++)
		if (status_codes[i] == status)
			return i;
	for (i = 0; i < M_NSTATUS; i++)
		if (status_codes[i] == class)
			break;
	return i;
}

void
metrics_request(struct metrics *m, enum metrics_endpoint e, int status,
    uint64_t micros)
{
	int	i;

	__atomic_add_fetch(&m->requests[e][status_index(status)], 1,
	    __ATOMIC_RELAXED);
	for (i = 0; i < M_NBUCKETS; i++)
		if ((double)micros / 1e6 <= bounds[i])
			break;
	__atomic_add_fetch(&m->latency[i], 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&m->latency_sum_us, micros, __ATOMIC_RELAXED);
	__atomic_add_fetch(&m->latency_count, 1, __ATOMIC_RELAXED);
}

void
metrics_refusal(struct metrics *m, int reason)
{
	if (reason >= 0 && reason < TLS_NREFUSALS)
		__atomic_add_fetch(&m->refusals[reason], 1, __ATOMIC_RELAXED);
}

void
metrics_store_error(struct metrics *m)
{
	__atomic_add_fetch(&m->store_errors, 1, __ATOMIC_RELAXED);
}

void
metrics_count(uint64_t *counter)
{
	__atomic_add_fetch(counter, 1, __ATOMIC_RELAXED);
}

void
metrics_request_timeout(struct metrics *m)
{
	metrics_count(&m->request_timeouts);
}

void
metrics_push(struct metrics *m, int outcome)
{
	if (outcome >= 0 && outcome < STORE_PUSH_NOUTCOMES)
		__atomic_add_fetch(&m->pushes[outcome], 1, __ATOMIC_RELAXED);
}

static uint64_t
get(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

void
metrics_render_requests(const struct metrics *m, struct buf *b)
{
	uint64_t	 cum = 0;
	int		 e, i;

	(void)buf_adds(b, "# HELP carex_requests_total API requests by "
	    "endpoint and status.\n# TYPE carex_requests_total counter\n");
	for (e = 0; e < M_NENDPOINTS; e++)
		for (i = 0; i < M_NSTATUS; i++)
			if (get(&m->requests[e][i]) > 0)
				(void)buf_printf(b, "carex_requests_total{"
				    "endpoint=\"%s\",status=\"%d\"} %llu\n",
				    endpoint_names[e], status_codes[i],
				    (unsigned long long)get(&m->requests[e][i]));
	(void)buf_adds(b, "# HELP carex_request_seconds Request latency.\n"
	    "# TYPE carex_request_seconds histogram\n");
	for (i = 0; i < M_NBUCKETS; i++) {
		cum += get(&m->latency[i]);
		(void)buf_printf(b, "carex_request_seconds_bucket{le=\"%g\"} "
		    "%llu\n", bounds[i], (unsigned long long)cum);
	}
	cum += get(&m->latency[M_NBUCKETS]);
	(void)buf_printf(b, "carex_request_seconds_bucket{le=\"+Inf\"} %llu\n"
	    "carex_request_seconds_sum %.6f\ncarex_request_seconds_count "
	    "%llu\n", (unsigned long long)cum,
	    (double)get(&m->latency_sum_us) / 1e6,
	    (unsigned long long)get(&m->latency_count));
}

/* ---- the store probe ------------------------------------------------- */

struct probe {
	struct store	*store;
	struct metrics	*m;
	struct checkpoint *ck;
	int64_t		 ck_every_ms, ck_last_ms;
	pthread_t	 th;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	int		 stop;
	/* the last probe's answers, under mu */
	int64_t		 done_ms;	/* when it finished */
	int		 ok;
	char		 why[200];
	long		 pending, overdue;
	uint64_t	 errors_then, errors_now;	/* store_errors then */
};

static void
probe_once(struct probe *p)
{
	struct carex_err err;
	long		 pending = 0, overdue = 0;
	int64_t		 due;
	int		 ok;

	err_clear(&err);
	ok = store_push_pending(p->store, &pending, &due, &err) == 0 &&
	    store_overdue_count(p->store, server_now_ms(), &overdue, &err) == 0;
	(void)pthread_mutex_lock(&p->mu);
	p->done_ms = server_now_ms();
	p->ok = ok;
	(void)utf8_copy(p->why, sizeof(p->why), ok ? "" : err.msg);
	if (ok) {
		p->pending = pending;
		p->overdue = overdue;
	}
	p->errors_then = p->errors_now;
	p->errors_now = get(&p->m->store_errors);
	(void)pthread_mutex_unlock(&p->mu);
}

static void *
probe_main(void *arg)
{
	struct probe	*p = arg;
	struct timespec	 until;

	(void)pthread_mutex_lock(&p->mu);
	while (!p->stop) {
		(void)pthread_mutex_unlock(&p->mu);
		probe_once(p);
		if (p->ck != NULL &&
		    server_now_ms() - p->ck_last_ms >= p->ck_every_ms) {
			checkpoint_tick(p->ck, p->store);
			p->ck_last_ms = server_now_ms();
		}
		(void)pthread_mutex_lock(&p->mu);
		(void)clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += PROBE_SECONDS;
		while (!p->stop && pthread_cond_timedwait(&p->cv, &p->mu,
		    &until) == 0)
			;
	}
	(void)pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct probe *
probe_start(struct store *store, struct metrics *m, struct checkpoint *ck,
    int64_t interval, struct carex_err *err)
{
	struct probe	*p;

	if ((p = calloc(1, sizeof(*p))) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	p->store = store;
	p->m = m;
	p->ck = ck;
	p->ck_every_ms = 1000 * interval;
	p->ck_last_ms = server_now_ms();	/* start wrote one */
	(void)pthread_mutex_init(&p->mu, NULL);
	(void)pthread_cond_init(&p->cv, NULL);
	p->errors_now = get(&m->store_errors);
	probe_once(p);		/* so that the first /healthz has an answer */
	if (pthread_create(&p->th, NULL, probe_main, p) != 0) {
		err_set(err, CAREX_ESYS, "cannot start the store probe");
		free(p);
		return NULL;
	}
	return p;
}

void
probe_stop(struct probe *p)
{
	if (p == NULL)
		return;
	(void)pthread_mutex_lock(&p->mu);
	p->stop = 1;
	(void)pthread_cond_signal(&p->cv);
	(void)pthread_mutex_unlock(&p->mu);
	(void)pthread_join(p->th, NULL);
	(void)pthread_mutex_destroy(&p->mu);
	(void)pthread_cond_destroy(&p->cv);
	free(p);
}

int
probe_health(struct probe *p, int64_t now_ms, char *why, size_t len)
{
	uint64_t	errs = get(&p->m->store_errors);
	int64_t		age;
	int		rc = -1;

	(void)pthread_mutex_lock(&p->mu);
	age = now_ms - p->done_ms;
	if (!p->ok)
		(void)snprintf(why, len, "the store does not answer: %s",
		    p->why);
	else if (age > 1000 * (3 * PROBE_SECONDS + 5))
		(void)snprintf(why, len, "the store has not answered for "
		    "%lld s", (long long)(age / 1000));
	else if (errs > p->errors_then)
		(void)snprintf(why, len, "%llu store operations failed in the "
		    "last %d s", (unsigned long long)(errs - p->errors_then),
		    2 * PROBE_SECONDS);
	else
		rc = 0;
	(void)pthread_mutex_unlock(&p->mu);
	return rc;
}

static void
render_metrics(struct server *s, struct buf *b)
{
	struct metrics	*m = &s->metrics;
	struct store_stats st;
	unsigned long	 hits, misses;
	char		 why[256];
	time_t		 next, now;
	int		 i, up;

	metrics_render_requests(m, b);
	(void)buf_adds(b, "# HELP carex_tls_refusals_total Handshakes refused, "
	    "by reason.\n# TYPE carex_tls_refusals_total counter\n");
	for (i = 1; i < TLS_NREFUSALS; i++)
		(void)buf_printf(b, "carex_tls_refusals_total{reason=\"%s\"} "
		    "%llu\n", tls_refusal_name((enum tls_refusal)i),
		    (unsigned long long)get(&m->refusals[i]));
	if ((next = tls_crl_next_update(s->gen->tls)) != 0) {
		now = time(NULL);
		(void)buf_printf(b, "# HELP carex_crl_next_update_timestamp_"
		    "seconds When the CRL goes stale (its nextUpdate).\n"
		    "# TYPE carex_crl_next_update_timestamp_seconds gauge\n"
		    "carex_crl_next_update_timestamp_seconds %lld\n"
		    "# HELP carex_crl_expiring 1 from crl_warn before the CRL's "
		    "nextUpdate: install a fresh one.\n# TYPE "
		    "carex_crl_expiring gauge\ncarex_crl_expiring %d\n"
		    "# HELP carex_crl_expired 1 once the CRL's nextUpdate has "
		    "passed: every connection is refused.\n# TYPE "
		    "carex_crl_expired gauge\ncarex_crl_expired %d\n",
		    (long long)next, (int64_t)(next - now) <= s->conf.crl_warn,
		    now >= next);
	}
	tls_verify_counts(s->gen->tls, &hits, &misses);
	(void)buf_printf(b, "# HELP carex_tls_verify_total Client chains "
	    "verified in full (miss) or found verified (hit) since the last "
	    "reload.\n# TYPE carex_tls_verify_total counter\n"
	    "carex_tls_verify_total{cache=\"hit\"} %lu\n"
	    "carex_tls_verify_total{cache=\"miss\"} %lu\n", hits, misses);
	(void)buf_printf(b, "# HELP carex_pool_depth Jobs queued or running on "
	    "the worker pool.\n# TYPE carex_pool_depth gauge\n"
	    "carex_pool_depth %d\n", pool_depth(s->pool));
	(void)buf_printf(b, "# HELP carex_busy_total Requests refused with 503 "
	    "because the pool was full.\n# TYPE carex_busy_total counter\n"
	    "carex_busy_total %llu\n", (unsigned long long)get(&m->busy));
	(void)buf_printf(b, "# HELP carex_request_timeouts_total Connections "
	    "cut off for not delivering a request within request_timeout.\n"
	    "# TYPE carex_request_timeouts_total counter\n"
	    "carex_request_timeouts_total %llu\n",
	    (unsigned long long)get(&m->request_timeouts));
	(void)buf_printf(b, "# HELP carex_sockets Open API sockets, TLS or "
	    "not yet (capped by max_connections).\n"
	    "# TYPE carex_sockets gauge\ncarex_sockets %d\n"
	    "# HELP carex_connections_closed_total Connections closed by the "
	    "connection cap: the oldest idle one evicted for a newcomer, or "
	    "the newcomer refused when none was idle.\n"
	    "# TYPE carex_connections_closed_total counter\n"
	    "carex_connections_closed_total{why=\"evicted\"} %llu\n"
	    "carex_connections_closed_total{why=\"refused\"} %llu\n"
	    "# HELP carex_accept_pauses_total Times accepting paused for "
	    "100 ms because accept() failed (out of descriptors).\n"
	    "# TYPE carex_accept_pauses_total counter\n"
	    "carex_accept_pauses_total %llu\n", s->nsockets,
	    (unsigned long long)get(&m->evictions),
	    (unsigned long long)get(&m->conn_refusals),
	    (unsigned long long)get(&m->accept_pauses));
	store_stats(s->store, &st);
	(void)buf_printf(b, "# HELP carex_store_errors_total Store failures "
	    "(including audit records that could not be committed).\n"
	    "# TYPE carex_store_errors_total counter\n"
	    "carex_store_errors_total %llu\n"
	    "# HELP carex_store_writes_total Writes to the store.\n"
	    "# TYPE carex_store_writes_total counter\n"
	    "carex_store_writes_total %ld\n"
	    "# HELP carex_store_commits_total Transactions that committed "
	    "them (group commit: fewer than writes under load).\n"
	    "# TYPE carex_store_commits_total counter\n"
	    "carex_store_commits_total %ld\n",
	    (unsigned long long)get(&m->store_errors) +
	    (unsigned long long)st.audit_failed, st.writes, st.commits);
	(void)buf_printf(b, "# HELP carex_connections Open TLS connections.\n"
	    "# TYPE carex_connections gauge\ncarex_connections %d\n",
	    s->nconns);
	(void)buf_adds(b, "# HELP carex_pushes_total Push delivery attempts "
	    "by outcome.\n# TYPE carex_pushes_total counter\n");
	for (i = 0; i < STORE_PUSH_NOUTCOMES; i++)
		(void)buf_printf(b, "carex_pushes_total{outcome=\"%s\"} %llu\n",
		    store_push_outcome_name((enum store_push_outcome)i),
		    (unsigned long long)get(&m->pushes[i]));
	/* the probe's answers: nothing here asks the store */
	up = probe_health(s->probe, server_now_ms(), why, sizeof(why)) == 0;
	(void)pthread_mutex_lock(&s->probe->mu);
	(void)buf_printf(b, "# HELP carex_store_up 1 while the store answers "
	    "and its operations succeed (as /healthz).\n# TYPE carex_store_up "
	    "gauge\ncarex_store_up %d\n# HELP carex_store_probe_age_seconds "
	    "Since the store last answered the probe.\n# TYPE "
	    "carex_store_probe_age_seconds gauge\n"
	    "carex_store_probe_age_seconds %.3f\n", up,
	    (double)(server_now_ms() - s->probe->done_ms) / 1e3);
	(void)buf_printf(b, "# HELP carex_outbox_pending Push deliveries "
	    "not yet delivered or given up.\n# TYPE carex_outbox_pending "
	    "gauge\ncarex_outbox_pending %ld\n", s->probe->pending);
	(void)buf_printf(b, "# HELP carex_overdue_deliveries Deliveries "
	    "past their acknowledgement deadline.\n# TYPE "
	    "carex_overdue_deliveries gauge\ncarex_overdue_deliveries "
	    "%ld\n", s->probe->overdue);
	(void)pthread_mutex_unlock(&s->probe->mu);
}

static void
admin(struct evhttp_request *req, void *arg)
{
	struct server	*s = arg;
	const char	*path = evhttp_uri_get_path(
	    evhttp_request_get_evhttp_uri(req));
	struct evbuffer	*out;
	struct buf	 b;
	char		 why[256];
	int		 status = 200;

	buf_init(&b, 1024 * 1024);
	if (path != NULL && strcmp(path, "/healthz") == 0) {
		if (s->stopping)
			status = 503, (void)buf_adds(&b, "stopping\n");
		else if (probe_health(s->probe, server_now_ms(), why,
		    sizeof(why)) == -1)
			status = 503, (void)buf_printf(&b, "store failing: "
			    "%s\n", why);
		else
			(void)buf_adds(&b, "ok\n");
	} else if (path != NULL && strcmp(path, "/metrics") == 0)
		render_metrics(s, &b);
	else {
		evhttp_send_error(req, 404, NULL);
		buf_free(&b);
		return;
	}
	(void)evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", "text/plain; version=0.0.4");
	if ((out = evbuffer_new()) != NULL)
		(void)evbuffer_add(out, b.data, b.len);
	evhttp_send_reply(req, status, NULL, out);
	if (out != NULL)
		evbuffer_free(out);
	buf_free(&b);
}

void
metrics_register(struct server *s)
{
	evhttp_set_gencb(s->admin, admin, s);
}
