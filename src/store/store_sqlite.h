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

#include "store/jobq.h"
#include "store/store.h"

struct sqstore;

/* Every statement, prepared once on the writer's connection (the SQL is
 * in store_sqlite.c, beside the schema it runs on). */
enum stmt {
	Q_DOC_BY_MSG, Q_DOC_BY_ID, Q_INSERT_DOC, Q_INSERT_DELIVERY,
	Q_REPLACE, Q_DELIVERY, Q_INBOX, Q_CURSOR, Q_ACK, Q_DELIVERIES, Q_AUDIT,
	Q_EXPIRED, Q_DELETE_DOC, Q_BEGIN, Q_SAVEPOINT, Q_RELEASE, Q_ROLLBACK_TO,
	Q_COMMIT, Q_PUSH_QUEUE, Q_PUSH_DUE, Q_PUSH_LEASE, Q_PUSH_RESULT,
	Q_PUSH_FLUSH, Q_PROBLEM, Q_DOC_LINK, Q_NSTMT
};

/* Run fn as a job in the next batch and wait for its commit (jobq_run). */
int		 sq_job(struct sqstore *, const struct store_actor *, job_fn fn,
		    void *arg, int64_t now_ms, int lazy, struct carex_err *err);

/* Within a job (the leader's thread): statement q, reset and unbound;
 * NULL if it cannot be prepared. */
sqlite3_stmt	*sq_stmt(struct sqstore *, enum stmt q);

/* Within a job: the writer's connection (for changes()). */
sqlite3		*sq_db(struct sqstore *);

/* Within a job: append an audit record for j->actor in its transaction. */
int		 sq_audit(struct sqstore *, struct job *j, const char *action,
		    const char *doc_id, const char *outcome, const char *detail);

/* The read-only connection for counts outside any job (metrics): held
 * until sq_reader_unlock(). */
sqlite3		*sq_reader_lock(struct sqstore *);
void		 sq_reader_unlock(struct sqstore *);

void		 sq_err(struct carex_err *err, sqlite3 *db, const char *what);
void		 sq_text(sqlite3_stmt *st, int col, char *out, size_t len);

/* store_push.c: queue in->push_urls' deliveries of the document stored
 * as seq, inside do_submit's transaction; returns how many, -1 on a
 * store failure (j->err set). */
int		 sq_push_queue(struct sqstore *, struct job *j, int64_t seq,
		    const struct store_submit *in);

/* The backend's side of store.h, called by store.c only: each does what
 * the store_* call of the same name describes. */
struct sqstore	*sq_open(const char *path, const struct store_opts *,
		    struct carex_err *err);
void		 sq_close(struct sqstore *);
/* Create path 0600 if it is not there (for the store and its backups). */
int		 sq_create_private(const char *path, struct carex_err *err);
int		 sq_submit(struct sqstore *, const struct store_actor *,
		    const struct store_submit *, struct store_submitted *,
		    struct carex_err *);
int		 sq_inbox(struct sqstore *, const struct store_actor *,
		    const struct store_inbox_query *,
		    int (*)(void *, const struct store_doc *), void *,
		    char next[64], struct carex_err *);
int		 sq_fetch(struct sqstore *, const struct store_actor *,
		    const char *id, struct store_doc *, struct buf *,
		    struct carex_err *);
int		 sq_served(struct sqstore *, const struct store_actor *,
		    const char *id, const char *what, const char *sha256hex,
		    const char *problem, struct carex_err *);
int		 sq_ack(struct sqstore *, const struct store_actor *,
		    const char *id, enum store_stage, const char *reason,
		    const char *text, int64_t now_ms, struct carex_err *);
int		 sq_status(struct sqstore *, const struct store_actor *,
		    const char *id, int64_t now_ms, struct store_doc *,
		    int (*)(void *, const struct store_delivery *), void *,
		    struct carex_err *);
int		 sq_push_claim(struct sqstore *, int64_t now_ms,
		    int64_t lease_ms, int max,
		    int (*)(void *, const struct store_push *), void *,
		    struct carex_err *);
int		 sq_push_result(struct sqstore *, const struct store_push *,
		    const struct store_push_result *, struct carex_err *);
int		 sq_push_pending(struct sqstore *, long *, int64_t *,
		    struct carex_err *);
int		 sq_overdue_count(struct sqstore *, int64_t now_ms, long *,
		    struct carex_err *);
int		 sq_audit_record(struct sqstore *, const struct store_actor *,
		    const char *action, const char *doc_id,
		    const char *outcome, const char *detail,
		    struct carex_err *);
int		 sq_audit_async(struct sqstore *, const struct store_actor *,
		    const char *action, const char *outcome,
		    const char *detail);
void		 sq_stats(struct sqstore *, struct store_stats *);
int		 sq_purge(struct sqstore *, int64_t now_ms,
		    struct store_purged *, struct carex_err *);
int		 sq_audit_at(struct sqstore *, int64_t seq, int64_t *head_seq,
		    char head_hash[65], char at_hash[65], struct carex_err *);
struct audit_walk;
int		 sq_audit_verify(const char *path,
		    struct audit_walk *, long *first_bad, struct carex_err *);

#endif
