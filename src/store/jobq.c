/* SPDX-License-Identifier: MIT */
/* jobq.c - leader/follower group commit, shared by the store backends
 * (see jobq.h and docs/internals/store.md). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/jobq.h"

#define ASYNC_MAX	10000	/* queued at most, beyond which they are lost */

/* Detached audit record: owns its strings. */
struct async_audit {
	struct job		 job;	/* first: freed as a job */
	struct store_actor	 actor;
	char			 participant[AUDIT_PARTICIPANT_MAX + 1];
	char			 cert[AUDIT_CERT_MAX + 1];
	char			 addr[AUDIT_ADDR_MAX + 1];
	char			 action[AUDIT_ACTION_MAX + 1];
	char			 outcome[AUDIT_OUTCOME_MAX + 1];
	char			 detail[1024];
	const char		*argv[4];	/* action, doc, outcome, detail */
};

int64_t
jobq_now_ms(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run the jobs at the head of the queue as one batch on the calling
 * thread, a leader: whoever finds a batch slot free leads, so a lone
 * call commits on its own thread with no hand-off, and calls arriving
 * while batches commit are taken together by the next leader. Called
 * and returns with q->mu held. */
static void
lead(struct jobq *q)
{
	struct job	*batch, *last, *j, *next;
	int		 n, lazy;

	q->leading++;
	batch = last = q->head;
	lazy = batch->lazy;
	for (n = 1; n < q->max_batch && last->next != NULL; n++) {
		last = last->next;
		lazy = lazy && last->lazy;
	}
	q->head = last->next;
	if (q->head == NULL)
		q->tail = NULL;
	last->next = NULL;
	pthread_mutex_unlock(&q->mu);
	q->ops->run_batch(q->backend, batch, lazy);
	pthread_mutex_lock(&q->mu);
	/* a durable commit syncs all before it */
	if (q->ops->sync_lazy != NULL)
		q->unsynced = lazy;
	q->stats.commits++;
	for (j = batch; j != NULL; j = next) {
		next = j->next;
		q->stats.writes++;
		if (!j->detached) {
			j->done = 1;
			continue;
		}
		if (j->rc == -1 || j->err.code != CAREX_OK)
			q->async_failed++;
		q->nasync--;
		free(j);
	}
	q->leading--;
	pthread_cond_broadcast(&q->done);
	if (q->head != NULL || (q->unsynced && !q->bg_sync) || q->stopping)
		pthread_cond_signal(&q->work);	/* the background leader */
}

/* The background leader: commits detached jobs nobody waits for, takes
 * over queued jobs no caller is leading, syncs lazy commits once idle for
 * sync_within_s, and drains everything at close. */
static void *
background(void *arg)
{
	struct jobq	*q = arg;
	struct timespec	 until;

	pthread_mutex_lock(&q->mu);
	for (;;) {
		if (q->head != NULL && q->leading < q->max_leaders) {
			lead(q);
			continue;
		}
		if (q->unsynced && !q->leading) {
			(void)clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += q->ops->sync_within_s;
			q->bg_sync = 1;
			while (q->head == NULL && !q->stopping &&
			    pthread_cond_timedwait(&q->work, &q->mu, &until) == 0)
				;
			q->bg_sync = 0;
			if (q->head != NULL || q->leading || !q->unsynced)
				continue;
			q->leading = q->max_leaders;	/* no batch meanwhile */
			pthread_mutex_unlock(&q->mu);
			q->ops->sync_lazy(q->backend);
			pthread_mutex_lock(&q->mu);
			q->unsynced = 0;
			q->leading = 0;
			pthread_cond_broadcast(&q->done);
			continue;
		}
		if (q->stopping && q->head == NULL && !q->leading)
			break;
		pthread_cond_wait(&q->work, &q->mu);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

int
jobq_start(struct jobq *q, const struct jobq_ops *ops, void *backend,
    int max_batch, int max_leaders, struct carex_err *err)
{
	memset(q, 0, sizeof(*q));
	q->ops = ops;
	q->backend = backend;
	q->max_batch = max_batch;
	q->max_leaders = max_leaders;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->work, NULL);
	pthread_cond_init(&q->done, NULL);
	if (pthread_create(&q->thread, NULL, background, q) != 0) {
		err_set(err, CAREX_ESYS, "store: cannot start the writer");
		jobq_stop(q);
		return -1;
	}
	q->started = 1;
	return 0;
}

void
jobq_stop(struct jobq *q)
{
	if (q->ops == NULL)
		return;		/* never started */
	if (q->started) {
		pthread_mutex_lock(&q->mu);
		q->stopping = 1;	/* the background leader drains first */
		pthread_cond_broadcast(&q->work);
		pthread_mutex_unlock(&q->mu);
		(void)pthread_join(q->thread, NULL);
	}
	pthread_cond_destroy(&q->work);
	pthread_cond_destroy(&q->done);
	pthread_mutex_destroy(&q->mu);
	q->ops = NULL;
}

int
jobq_run(struct jobq *q, const struct store_actor *a, job_fn fn, void *arg,
    int64_t now_ms, int lazy, struct job *done, struct carex_err *err)
{
	struct job	j;

	memset(&j, 0, sizeof(j));
	j.lazy = lazy;
	j.fn = fn;
	j.arg = arg;
	j.actor = a;
	j.now_ms = now_ms;
	pthread_mutex_lock(&q->mu);
	if (q->stopping) {
		pthread_mutex_unlock(&q->mu);
		err_set(err, CAREX_ESYS, "store: closing");
		return -1;
	}
	if (q->tail != NULL)
		q->tail->next = &j;
	else
		q->head = &j;
	q->tail = &j;
	while (!j.done) {
		if (q->leading < q->max_leaders && q->head != NULL)
			lead(q);
		else
			pthread_cond_wait(&q->done, &q->mu);
	}
	pthread_mutex_unlock(&q->mu);
	if (done != NULL)
		*done = j;
	if (j.rc == -1 || j.err.code != CAREX_OK) {
		if (err != NULL)
			*err = j.err;
		return -1;
	}
	return 0;
}

int
jobq_audit_async(struct jobq *q, job_fn audit_fn, const struct store_actor *a,
    const char *action, const char *outcome, const char *detail)
{
	struct async_audit	*r;

#define COPY(f, v)	(void)snprintf(r->f, sizeof(r->f), "%s", (v) ? (v) : "")
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return -1;
	COPY(participant, a->participant);
	COPY(cert, a->cert_sha256);
	COPY(addr, a->addr);
	COPY(action, action);
	COPY(outcome, outcome);
	COPY(detail, detail);
#undef COPY
	r->actor.participant = r->participant;
	r->actor.cert_sha256 = r->cert;
	r->actor.addr = r->addr;
	r->argv[0] = r->action;
	r->argv[1] = "";
	r->argv[2] = r->outcome;
	r->argv[3] = r->detail;
	r->job.fn = audit_fn;
	r->job.arg = r->argv;
	r->job.actor = &r->actor;
	r->job.now_ms = jobq_now_ms();
	r->job.detached = 1;
	r->job.lazy = 1;	/* nobody waits for it either */
	pthread_mutex_lock(&q->mu);
	if (q->stopping || q->nasync >= ASYNC_MAX) {
		pthread_mutex_unlock(&q->mu);
		free(r);
		return -1;
	}
	q->nasync++;
	if (q->tail != NULL)
		q->tail->next = &r->job;
	else
		q->head = &r->job;
	q->tail = &r->job;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
	return 0;
}

void
jobq_stats(struct jobq *q, struct store_stats *out)
{
	pthread_mutex_lock(&q->mu);
	*out = q->stats;
	out->audit_failed = q->async_failed;
	pthread_mutex_unlock(&q->mu);
}
