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

/* A participant may have at most 1/POOL_SHARE of the queue waiting. */
#define POOL_SHARE	4

/* Run work(arg) on a worker, then done(arg) on the loop thread, in turn
 * with the jobs of other keys (a participant's code; NULL for carexd's
 * own): each key's jobs run in order, and keys take turns, so one that
 * keeps the queue full does not hold back another's. Returns -1 without
 * queueing when the queue is full or key already has its share of it
 * waiting: answer 503 with Retry-After. Call from the loop thread only. */
int		 pool_submit(struct pool *, const char *key,
		    void (*work)(void *), void (*done)(void *), void *arg);

/* Jobs waiting or running, for metrics. */
int		 pool_depth(struct pool *);

#endif
