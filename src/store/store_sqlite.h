/* SPDX-License-Identifier: MIT */
/* store_sqlite.h - what the SQLite backend's files share: store_sqlite.c
 * (open, migrations, group commit, documents, audit) and store_push.c
 * (the push outbox). Nothing outside src/store includes it; every other
 * module sees only store.h. */
#ifndef CAREX_STORE_SQLITE_H
#define CAREX_STORE_SQLITE_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "store/store.h"

/* Every statement, prepared once on the writer's connection (the SQL is
 * in store_sqlite.c, beside the schema it runs on). */
enum stmt {
	Q_DOC_BY_MSG, Q_DOC_BY_ID, Q_INSERT_DOC, Q_INSERT_DELIVERY,
	Q_REPLACE, Q_DELIVERY, Q_INBOX, Q_ACK, Q_DELIVERIES, Q_AUDIT,
	Q_EXPIRED, Q_DELETE_DOC, Q_BEGIN, Q_SAVEPOINT, Q_RELEASE, Q_ROLLBACK_TO,
	Q_COMMIT, Q_PUSH_QUEUE, Q_PUSH_DUE, Q_PUSH_LEASE, Q_PUSH_RESULT,
	Q_PUSH_FLUSH, Q_NSTMT
};

struct job;
typedef int (*job_fn)(struct store *, struct job *);

/* A call waiting for the writer. Written by the caller before queueing
 * and by the writer until done is set (under the store's mutex). */
struct job {
	job_fn			 fn;
	void			*arg;
	const struct store_actor *actor;
	int64_t			 now_ms;
	int			 rc;		/* -1: the store failed */
	struct carex_err	 err;		/* a refusal (rc 0) or failure */
	int			 done;
	int			 detached;	/* nobody waits: the writer frees */
	int			 lazy;		/* a read: no fsync of its own */
	struct job		*next;
};

enum { DURABLE = 0, LAZY = 1 };

/* Run fn as a job in the next batch and wait for its commit (durable
 * unless lazy). Returns the job's rc; a refusal (rc 0 with err set) is
 * -1 here. */
int		 sq_job(struct store *, const struct store_actor *, job_fn fn,
		    void *arg, int64_t now_ms, int lazy, struct carex_err *err);

/* Within a job (the leader's thread): statement q, reset and unbound;
 * NULL if it cannot be prepared. */
sqlite3_stmt	*sq_stmt(struct store *, enum stmt q);

/* Within a job: the writer's connection (for changes()). */
sqlite3		*sq_db(struct store *);

/* Within a job: append an audit record for j->actor in its transaction. */
int		 sq_audit(struct store *, struct job *j, const char *action,
		    const char *doc_id, const char *outcome, const char *detail);

/* The read-only connection for counts outside any job (metrics): held
 * until sq_reader_unlock(). */
sqlite3		*sq_reader_lock(struct store *);
void		 sq_reader_unlock(struct store *);

void		 sq_err(struct carex_err *err, sqlite3 *db, const char *what);
void		 sq_text(sqlite3_stmt *st, int col, char *out, size_t len);
int64_t		 sq_now_ms(void);

/* store_push.c: queue in->push_urls' deliveries of the document stored
 * as seq, inside do_submit's transaction; returns how many, -1 on a
 * store failure (j->err set). */
int		 store_push_queue(struct store *, struct job *j, int64_t seq,
		    const struct store_submit *in);

#endif
