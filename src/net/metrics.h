/* SPDX-License-Identifier: MIT */
/* metrics.h - counters for Prometheus /metrics, updated with atomics from
 * any thread. */
#ifndef CAREX_METRICS_H
#define CAREX_METRICS_H

#include <stdint.h>

#include "net/tls.h"
#include "store/store.h"

enum metrics_endpoint {
	M_SUBMIT, M_INBOX, M_FETCH, M_FETCH_PDF, M_ACK, M_STATUS, M_RENDER,
	M_OTHER, M_NENDPOINTS
};

#define M_NSTATUS	11	/* by exact code (metrics.c), else by class */
#define M_NBUCKETS	12

struct metrics {
	/* requests[endpoint][status index] */
	uint64_t	requests[M_NENDPOINTS][M_NSTATUS];
	/* latency histogram, all endpoints, seconds */
	uint64_t	latency[M_NBUCKETS + 1];
	uint64_t	latency_sum_us;
	uint64_t	latency_count;
	uint64_t	refusals[TLS_NREFUSALS];	/* by enum tls_refusal */
	uint64_t	store_errors;
	uint64_t	busy;			/* 503 for a full pool */
	uint64_t	request_timeouts;	/* cut off by request_timeout */
	uint64_t	evictions;		/* idle, closed to admit another */
	uint64_t	conn_refusals;		/* closed at once: all were busy */
	uint64_t	accept_pauses;		/* accept failed: paused */
	uint64_t	pushes[STORE_PUSH_NOUTCOMES];	/* by outcome */
};

void	metrics_request(struct metrics *, enum metrics_endpoint, int status,
	    uint64_t micros);
void	metrics_refusal(struct metrics *, int reason);
void	metrics_store_error(struct metrics *);
void	metrics_request_timeout(struct metrics *);
/* Add one to a plain counter of struct metrics. */
void	metrics_count(uint64_t *counter);
void	metrics_push(struct metrics *, int outcome);

/* carex_requests_total and the latency histogram as Prometheus text. */
struct buf;
void	metrics_render_requests(const struct metrics *, struct buf *);

/* The store probe: a thread of its own that asks the store, every
 * PROBE_SECONDS, what /metrics reports of it (pending pushes, overdue
 * deliveries) and whether it answers, so that neither admin endpoint
 * runs a store query on the event loop. */
#define PROBE_SECONDS	2
struct probe;
struct checkpoint;
/* ck (or NULL) gets a checkpoint_tick every interval seconds. */
struct probe	*probe_start(struct store *, struct metrics *,
		    struct checkpoint *ck, int64_t interval,
		    struct carex_err *err);
void		 probe_stop(struct probe *);

/* What /healthz says of the store: 0, or -1 with why (the last probe
 * failed, the probe has not finished one for a while, or store
 * operations failed since the one before last). */
int		 probe_health(struct probe *, int64_t now_ms, char *why,
		    size_t len);

#endif
