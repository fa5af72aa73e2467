/* SPDX-License-Identifier: MIT */
/* metrics.c - counters and the loopback admin listener: /healthz and
 * Prometheus /metrics. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/http.h>

#include "net/server.h"
#include "util/buf.h"

static const int	 status_codes[M_NSTATUS] = { 200, 201, 204, 400, 403,
    404, 422, 503 };
static const char *const endpoint_names[M_NENDPOINTS] = { "submit", "inbox",
    "fetch", "fetch_pdf", "ack", "status", "render", "other" };
/* latency bucket upper bounds, seconds */
static const double	 bounds[M_NBUCKETS] = { 0.0005, 0.001, 0.0025, 0.005,
    0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5 };

static int
status_index(int status)
{
	int	i;

	for (i = 0; i < M_NSTATUS; i++)
		if (status_codes[i] == status)
			return i;
	/* Other codes count with the nearest class: 4xx as 400, 5xx as 503. */
	return status >= 500 ? M_NSTATUS - 1 : status >= 400 ? 3 : 0;
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

static void
render_metrics(struct server *s, struct buf *b)
{
	struct metrics	*m = &s->metrics;
	uint64_t	 cum = 0;
	struct store_stats st;
	unsigned long	 hits, misses;
	long		 overdue = -1, pending;
	int64_t		 due;
	time_t		 next, now;
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
	/* Quick reads (index scans) on the loop: acceptable for a scrape
	 * every few seconds. */
	if (store_push_pending(s->store, &pending, &due, NULL) == 0)
		(void)buf_printf(b, "# HELP carex_outbox_pending Push deliveries "
		    "not yet delivered or given up.\n# TYPE carex_outbox_pending "
		    "gauge\ncarex_outbox_pending %ld\n", pending);
	if (store_overdue_count(s->store, server_now_ms(), &overdue, NULL) == 0)
		(void)buf_printf(b, "# HELP carex_overdue_deliveries Deliveries "
		    "past their acknowledgement deadline.\n# TYPE "
		    "carex_overdue_deliveries gauge\ncarex_overdue_deliveries "
		    "%ld\n", overdue);
}

static void
admin(struct evhttp_request *req, void *arg)
{
	struct server	*s = arg;
	const char	*path = evhttp_uri_get_path(
	    evhttp_request_get_evhttp_uri(req));
	struct evbuffer	*out;
	struct buf	 b;

	buf_init(&b, 1024 * 1024);
	if (path != NULL && strcmp(path, "/healthz") == 0)
		(void)buf_adds(&b, s->stopping ? "stopping\n" : "ok\n");
	else if (path != NULL && strcmp(path, "/metrics") == 0)
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
	evhttp_send_reply(req, s->stopping && b.len < 16 ? 503 : 200, NULL,
	    out);
	if (out != NULL)
		evbuffer_free(out);
	buf_free(&b);
}

void
metrics_register(struct server *s)
{
	evhttp_set_gencb(s->admin, admin, s);
}
