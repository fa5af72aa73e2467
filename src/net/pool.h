/* SPDX-License-Identifier: MIT */
/* pool.h - a bounded pool of worker threads for CPU work (validation,
 * rendering, the store's blocking calls), so the event loop never stalls:
 * work runs on a worker, then its completion runs back on the loop. */
#ifndef CAREX_POOL_H
#define CAREX_POOL_H

#include <event2/event.h>

#include "util/err.h"

struct pool;

/* threads workers and at most queue jobs waiting. base must have been
 * created after evthread_use_pthreads(). Caller frees with pool_free(). */
struct pool	*pool_new(struct event_base *base, int threads, int queue,
		    struct carex_err *err);
/* Finish every queued job (running their completions), stop the workers. */
void		 pool_free(struct pool *);

/* Run work(arg) on a worker, then done(arg) on the loop thread. Returns
 * -1 without queueing when the queue is full: answer 503 with
 * Retry-After. Call from the loop thread only. */
int		 pool_submit(struct pool *, void (*work)(void *),
		    void (*done)(void *), void *arg);

/* Jobs waiting or running, for metrics. */
int		 pool_depth(struct pool *);

#endif
