/* SPDX-License-Identifier: MIT */
/* pool.c - worker threads (see pool.h). */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "net/pool.h"

struct flow;

struct job {
	void		(*work)(void *);
	void		(*done)(void *);
	void		*arg;
	struct job	*next;
};

/* The jobs one participant has waiting, oldest first. A flow with jobs
 * waiting is in the ring; workers take the ring's first flow's first job
 * and put the flow back at the end, so participants take turns however
 * many jobs each has queued (round robin, as a fair queue does). */
struct flow {
	char		 key[64];
	struct job	*head, *tail;
	int		 waiting;
	struct flow	*next;		/* in the ring, or the free list */
};

/* Fields under mu: the ring, free, ntodo, running, finished, stopping. */
struct pool {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct flow	*ring, *ring_tail;
	struct flow	*free;		/* queue flows, preallocated */
	struct flow	*flows;
	int		 ntodo;
	int		 running;
	struct job	*finished;	/* completions for the loop, LIFO */
	int		 stopping;
	int		 queue;
	int		 share;		/* most waiting jobs per flow */
	int		 nthreads;
	pthread_t	*threads;
	struct event	*wake;		/* activated by workers */
};

static void
ring_append(struct pool *p, struct flow *f)
{
	f->next = NULL;
	if (p->ring_tail != NULL)
		p->ring_tail->next = f;
	else
		p->ring = f;
	p->ring_tail = f;
}

/* The next job in turn, its flow moved to the ring's end (or freed once
 * empty). Under mu, with ntodo > 0. */
static struct job *
next_job(struct pool *p)
{
	struct flow	*f = p->ring;
	struct job	*j = f->head;

	if ((f->head = j->next) == NULL)
		f->tail = NULL;
	f->waiting--;
	p->ntodo--;
	if ((p->ring = f->next) == NULL)
		p->ring_tail = NULL;
	if (f->waiting > 0)
		ring_append(p, f);
	else {
		f->next = p->free;
		p->free = f;
	}
	return j;
}

static void *
worker(void *arg)
{
	struct pool	*p = arg;
	struct job	*j;
	int		 first;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->ntodo == 0 && !p->stopping)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->ntodo == 0)
			break;
		j = next_job(p);
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
	/* at most queue flows have jobs waiting */
	if ((p->flows = calloc((size_t)queue, sizeof(*p->flows))) == NULL) {
		event_free(p->wake);
		free(p->threads);
		free(p);
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	for (i = 0; i < queue; i++) {
		p->flows[i].next = p->free;
		p->free = &p->flows[i];
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->queue = queue;
	p->share = (queue + POOL_SHARE - 1) / POOL_SHARE;
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
	free(p->flows);
	free(p);
}

int
pool_submit(struct pool *p, const char *key, void (*work)(void *),
    void (*done)(void *), void *arg)
{
	struct job	*j;
	struct flow	*f;

	if (key == NULL)
		key = "";
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return -1;
	j->work = work;
	j->done = done;
	j->arg = arg;
	pthread_mutex_lock(&p->mu);
	if (p->ntodo >= p->queue || p->stopping)
		goto refused;
	for (f = p->ring; f != NULL; f = f->next)
		if (strcmp(f->key, key) == 0)
			break;
	if (f != NULL && f->waiting >= p->share)
		goto refused;		/* its share: the rest is for others */
	if (f == NULL) {		/* free has one: ntodo < queue */
		f = p->free;
		p->free = f->next;
		(void)snprintf(f->key, sizeof(f->key), "%s", key);
		f->head = f->tail = NULL;
		f->waiting = 0;
		ring_append(p, f);
	}
	if (f->tail != NULL)
		f->tail->next = j;
	else
		f->head = j;
	f->tail = j;
	f->waiting++;
	p->ntodo++;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return 0;
refused:
	pthread_mutex_unlock(&p->mu);
	free(j);
	return -1;
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
