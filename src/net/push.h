/* SPDX-License-Identifier: MIT */
/* push.h - push delivery: a thread of its own that POSTs each document in
 * the store's outbox to its recipient's endpoint over mutual TLS
 * (libcurl multi, a bounded number of transfers at once), retrying with
 * exponential backoff and jitter. Off the event loop and the worker pool:
 * a hung or dead endpoint costs one transfer slot until push_timeout. */
#ifndef CAREX_PUSH_H
#define CAREX_PUSH_H

#include <stdint.h>

#include "conf.h"
#include "net/metrics.h"
#include "store/store.h"
#include "util/err.h"

struct push;

/* Start the delivery thread on store with c's push_* keys (cert, key and
 * ca when those are empty). store and m are borrowed until push_stop().
 * NULL with err if libcurl or the thread cannot start. */
struct push	*push_start(struct store *, const struct conf *c,
		    struct metrics *m, struct carex_err *err);

/* Deliveries were queued: look now rather than at the next tick. Any
 * thread; never blocks. */
void		 push_wake(struct push *);

/* Abort transfers in flight (their deliveries stay pending, due at
 * once, for the next start), stop the thread, free. NULL does nothing. */
void		 push_stop(struct push *);

/* The delay before the next attempt after attempts failed ones:
 * base_ms doubled per failure after the first, at most max_ms, then
 * scaled by 0.8 + 0.4 * u (u in [0, 1): jitter of +-20%). */
int64_t		 push_backoff(int attempts, int64_t base_ms, int64_t max_ms,
		    double u);

#endif
