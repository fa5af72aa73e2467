/* SPDX-License-Identifier: MIT */
/* pool.c - worker threads (see pool.h). */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "net/pool.h"

struct job {
	void		(*work)(void *);
	void		(*done)(void *);
	void		*arg;
	struct job	*next;
};

/* Fields under mu: todo, todo_tail, ntodo, running, finished, stopping. */
struct pool {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct job	*todo, *todo_tail;
	int		 ntodo;
	int		 running;
	struct job	*finished;	/* completions for the loop, LIFO */
	int		 stopping;
	int		 queue;
	int		 nthreads;
	pthread_t	*threads;
	struct event	*wake;		/* activated by workers */
};

static void *
worker(void *arg)
{
	struct pool	*p = arg;
	struct job	*j;
	int		 first;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->todo == NULL && !p->stopping)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->todo == NULL)
			break;
		j = p->todo;
		if ((p->todo = j->next) == NULL)
			p->todo_tail = NULL;
		p->ntodo--;
		p->running++;
		pthread_mutex_unlock(&p->mu);
		j->work(j->arg);
		pthread_mutex_lock(&p->mu);
		p->running--;
		first = p->finished == NULL;
		j->next = p->finished;
		p->finished = j;
		if (!first)
			continue;	/* the loop is woken already */
		/* Wake the loop once per batch of completions, without our
		 * mutex: event_active takes the loop's own lock. A drain that
		 * runs before it finds the list empty, which is harmless. */
		pthread_mutex_unlock(&p->mu);
		event_active(p->wake, EV_READ, 0);
		pthread_mutex_lock(&p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* On the loop: run the completions of finished jobs, in finishing order. */
static void
drain(evutil_socket_t fd, short what, void *arg)
{
	struct pool	*p = arg;
	struct job	*list, *rev = NULL, *j;

	(void)fd;
	(void)what;
	pthread_mutex_lock(&p->mu);
	list = p->finished;
	p->finished = NULL;
	pthread_mutex_unlock(&p->mu);
	while (list != NULL) {
		j = list;
		list = j->next;
		j->next = rev;
		rev = j;
	}
	while (rev != NULL) {
		j = rev;
		rev = j->next;
		if (j->done != NULL)
			j->done(j->arg);
		free(j);
	}
}

struct pool *
pool_new(struct event_base *base, int threads, int queue,
    struct carex_err *err)
{
	struct pool	*p;
	int		 i;

	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->threads = calloc((size_t)threads, sizeof(*p->threads))) ==
	    NULL || (p->wake = event_new(base, -1, EV_PERSIST, drain, p)) ==
	    NULL) {
		if (p != NULL)
			free(p->threads);
		free(p);
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->queue = queue;
	for (i = 0; i < threads; i++) {
		if (pthread_create(&p->threads[i], NULL, worker, p) != 0) {
			err_set(err, CAREX_ESYS, "cannot start worker threads");
			p->nthreads = i;
			pool_free(p);
			return NULL;
		}
		p->nthreads = i + 1;
	}
	return p;
}

void
pool_free(struct pool *p)
{
	int	i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->stopping = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nthreads; i++)
		(void)pthread_join(p->threads[i], NULL);	/* never fails here */
	drain(-1, 0, p);
	event_free(p->wake);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p->threads);
	free(p);
}

int
pool_submit(struct pool *p, void (*work)(void *), void (*done)(void *),
    void *arg)
{
	struct job	*j;

	pthread_mutex_lock(&p->mu);
	if (p->ntodo >= p->queue || p->stopping) {
		pthread_mutex_unlock(&p->mu);
		return -1;
	}
	pthread_mutex_unlock(&p->mu);
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return -1;
	j->work = work;
	j->done = done;
	j->arg = arg;
	pthread_mutex_lock(&p->mu);
	if (p->todo_tail != NULL)
		p->todo_tail->next = j;
	else
		p->todo = j;
	p->todo_tail = j;
	p->ntodo++;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

int
pool_depth(struct pool *p)
{
	int	n;

	pthread_mutex_lock(&p->mu);
	n = p->ntodo + p->running;
	pthread_mutex_unlock(&p->mu);
	return n;
}
