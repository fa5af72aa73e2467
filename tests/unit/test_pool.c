/* SPDX-License-Identifier: MIT */
/* test_pool.c - the worker pool: work runs off the loop thread, every
 * completion runs on it, a full queue refuses instead of growing. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/thread.h>

#include "check.h"
#include "net/pool.h"

#define JOBS	2000

static pthread_t	 loop_thread;
static int		 completed, wrong_thread_done, work_on_loop;
static int		 done_order_ok = 1;
static struct event_base *base;

struct job {
	int	n;
	int	result;
};

static void
work(void *arg)
{
	struct job	*j = arg;

	if (pthread_equal(pthread_self(), loop_thread))
		work_on_loop++;
	j->result = j->n * 2;
}

static void
done(void *arg)
{
	struct job	*j = arg;

	if (!pthread_equal(pthread_self(), loop_thread))
		wrong_thread_done++;
	if (j->result != j->n * 2)
		done_order_ok = 0;
	free(j);
	if (++completed == JOBS)
		(void)event_base_loopbreak(base);
}

static void
slow(void *arg)
{
	(void)arg;
	usleep(200000);
}

int
main(void)
{
	struct carex_err	 err;
	struct pool		*p;
	struct timeval		 limit = { 20, 0 };
	int			 i, refused = 0, queued = 0;

	check(evthread_use_pthreads() == 0, "libevent threads");
	base = event_base_new();
	loop_thread = pthread_self();
	p = pool_new(base, 3, JOBS, &err);
	check(p != NULL, "pool made");
	for (i = 0; i < JOBS; i++) {
		struct job *j = calloc(1, sizeof(*j));

		j->n = i;
		if (pool_submit(p, work, done, j) == -1)
			free(j);
	}
	(void)event_base_loopexit(base, &limit);
	(void)event_base_dispatch(base);
	check(completed == JOBS, "every completion ran (%d)", completed);
	check(wrong_thread_done == 0, "completions run on the loop thread");
	check(work_on_loop == 0, "work never runs on the loop thread");
	check(done_order_ok, "results reach their completions");
	pool_free(p);

	/* A small queue behind one busy worker refuses the overflow. */
	p = pool_new(base, 1, 2, &err);
	for (i = 0; i < 10; i++) {
		if (pool_submit(p, slow, NULL, NULL) == 0)
			queued++;
		else
			refused++;
	}
	check(refused > 0 && queued <= 3, "full queue refuses (%d queued, "
	    "%d refused)", queued, refused);
	check(pool_depth(p) >= 1, "depth counts queued and running");
	pool_free(p);	/* finishes what was queued */
	event_base_free(base);
	return check_done();
}
