/* SPDX-License-Identifier: MIT */
/* jobq.h - the group commit every store backend shares: callers queue
 * jobs, one of them leads a batch of up to max_batch jobs in one
 * transaction, and a background thread leads what nobody waits for.
 * Knows nothing of SQL: the backend runs the batch. Nothing outside
 * src/store includes it. */
#ifndef CAREX_JOBQ_H
#define CAREX_JOBQ_H

#include <pthread.h>
#include <stdint.h>

#include "store/audit.h"
#include "store/store.h"

struct job;

/* A job's work, inside its batch's transaction: conn is the backend's
 * connection for this batch. Returns 0 (a refusal: 0 with err set) or -1
 * when the store failed (the job's work is rolled back). */
typedef int (*job_fn)(void *conn, struct job *);

/* A call waiting for a leader. Written by the caller before queueing
 * and by the leader until done is set (under the queue's mutex). */
struct job {
	job_fn			 fn;
	void			*arg;
	const struct store_actor *actor;
	int64_t			 now_ms;
	int			 rc;		/* -1: the store failed */
	struct carex_err	 err;		/* a refusal (rc 0) or failure */
	int			 done;
	int			 detached;	/* nobody waits: the leader frees */
	int			 lazy;		/* a read: no fsync of its own */
	/* the chain's head after this job's records, once committed */
	int64_t			 audit_seq;
	char			 audit_hash[AUDIT_HASH_HEX + 1];
	struct job		*next;
};

enum { DURABLE = 0, LAZY = 1 };

/* What a backend supplies. run_batch runs the jobs (a list through
 * ->next) in one transaction and sets each one's rc and err; lazy is 1
 * when every job in it is. sync_lazy (NULL if the backend syncs lazy
 * commits itself) puts lazy commits on disk, with no batch running. */
struct jobq_ops {
	void	(*run_batch)(void *backend, struct job *batch, int lazy);
	void	(*sync_lazy)(void *backend);
	int	  sync_within_s;	/* lazy commits on disk within */
};

struct jobq {
	const struct jobq_ops	*ops;
	void			*backend;
	int			 max_batch;
	int			 max_leaders;	/* batches run at once */
	/* under mu */
	pthread_mutex_t		 mu;
	pthread_cond_t		 work;		/* background waits for jobs */
	pthread_cond_t		 done;		/* callers wait for their job */
	struct job		*head, *tail;
	int			 nasync;	/* detached jobs queued */
	int			 leading;	/* batches running */
	int			 unsynced;	/* lazy commits not yet synced */
	int			 bg_sync;	/* background will sync them */
	long			 async_failed;
	struct store_stats	 stats;
	int			 stopping;
	pthread_t		 thread;
	int			 started;
};

/* Initialise q and start its background thread. -1 with err if the
 * thread cannot start (q is then finished already). */
int	jobq_start(struct jobq *q, const struct jobq_ops *, void *backend,
	    int max_batch, int max_leaders, struct carex_err *err);

/* Drain every queued job, stop the thread, free q's resources. Safe on a
 * q that jobq_start never started (zeroed). */
void	jobq_stop(struct jobq *q);

/* Run fn as a job in the next batch and wait for its commit (durable
 * unless lazy). Returns the job's rc; a refusal (rc 0 with err set) is
 * -1 here. If done is not NULL it gets a copy of the finished job (its
 * audit_seq and audit_hash: the chain's head after it). */
int	jobq_run(struct jobq *q, const struct store_actor *, job_fn fn,
	    void *arg, int64_t now_ms, int lazy, struct job *done,
	    struct carex_err *err);

/* Queue an audit record nobody waits for (store_audit_async): audit_fn
 * receives the job with arg pointing to { action, doc, outcome, detail }. */
int	jobq_audit_async(struct jobq *q, job_fn audit_fn,
	    const struct store_actor *, const char *action,
	    const char *outcome, const char *detail);

void	jobq_stats(struct jobq *q, struct store_stats *out);

int64_t	jobq_now_ms(void);

#endif
