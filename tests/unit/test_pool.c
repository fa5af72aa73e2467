/* SPDX-License-Identifier: MIT */
/* test_pool.c - the worker pool: work runs off the loop thread, every
 * completion runs on it, a full queue refuses instead of growing, and
 * participants take turns: one that fills its share of the queue is
 * refused past it, and another's job runs next, not after all of its. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* the order jobs ran in, on the one worker of the fairness test */
static pthread_mutex_t	 gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 gate_cv = PTHREAD_COND_INITIALIZER;
static int		 gate_open, started;
static char		 order[16][8];
static int		 norder;

static void
gated(void *arg)
{
	pthread_mutex_lock(&gate_mu);
	started = 1;
	pthread_cond_broadcast(&gate_cv);
	while (!gate_open)
		pthread_cond_wait(&gate_cv, &gate_mu);
	pthread_mutex_unlock(&gate_mu);
	(void)snprintf(order[norder++], sizeof(order[0]), "%s",
	    (const char *)arg);
}

static void
ran(void *arg)
{
	(void)snprintf(order[norder++], sizeof(order[0]), "%s",
	    (const char *)arg);
}

static void
test_turns(void)
{
	static char	 names[][8] = { "a0", "a1", "a2", "a3", "a4", "a5", "b1",
	    "b2" };
	struct carex_err err;
	struct pool	*p;
	int		 i, a5;

	/* one worker held by a0; a queue of 16, so a share of 4 */
	p = pool_new(base, 1, 16, &err);
	check(pool_submit(p, "ph-1187", gated, NULL, names[0]) == 0,
	    "a0 runs");
	pthread_mutex_lock(&gate_mu);
	while (!started)
		pthread_cond_wait(&gate_cv, &gate_mu);
	pthread_mutex_unlock(&gate_mu);
	for (i = 1; i <= 4; i++)
		check(pool_submit(p, "ph-1187", ran, NULL, names[i]) == 0,
		    "%s waits: within the participant's share", names[i]);
	a5 = pool_submit(p, "ph-1187", ran, NULL, names[5]);
	check(a5 == -1, "a fifth waiting job of one participant is refused "
	    "(its share of the queue is 4)");
	check(pool_submit(p, "gp-43021", ran, NULL, names[6]) == 0 &&
	    pool_submit(p, "gp-43021", ran, NULL, names[7]) == 0,
	    "another participant's jobs are still queued");
	pthread_mutex_lock(&gate_mu);
	gate_open = 1;
	pthread_cond_broadcast(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
	pool_free(p);	/* runs what is queued */
	check(norder == 7 && strcmp(order[0], "a0") == 0 &&
	    strcmp(order[1], "a1") == 0 && strcmp(order[2], "b1") == 0 &&
	    strcmp(order[3], "a2") == 0 && strcmp(order[4], "b2") == 0 &&
	    strcmp(order[5], "a3") == 0 && strcmp(order[6], "a4") == 0,
	    "participants take turns: a0 a1 b1 a2 b2 a3 a4 (got %d: %s %s %s "
	    "%s %s %s %s)", norder, order[0], order[1], order[2], order[3],
	    order[4], order[5], order[6]);
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
		char	key[8];

		(void)snprintf(key, sizeof(key), "k%d", i % 8);
		if (pool_submit(p, key, work, done, j) == -1)
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
		if (pool_submit(p, NULL, slow, NULL, NULL) == 0)
			queued++;
		else
			refused++;
	}
	check(refused > 0 && queued <= 3, "full queue refuses (%d queued, "
	    "%d refused)", queued, refused);
	check(pool_depth(p) >= 1, "depth counts queued and running");
	pool_free(p);	/* finishes what was queued */
	test_turns();
	event_base_free(base);
	return check_done();
}
