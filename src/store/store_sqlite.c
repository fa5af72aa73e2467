/* SPDX-License-Identifier: MIT */
/* store_sqlite.c - the embedded store (see store.h): SQLite in WAL mode,
 * leader/follower group commit, and the audit hash chain of audit.c.
 *
 * Every call that must leave an audit record (which is every call but the
 * overdue count) runs as a job in a batch led by one of its callers
 * (docs/internals/store.md), inside the batch's transaction and its own
 * savepoint, and returns once the batch has committed. Reads therefore
 * see a consistent snapshot, and batching shares the fsync.
 *
 * Writes (submit, ack, purge, audit of a denial) return only once durable:
 * their batch commits with synchronous=FULL. Reads (inbox, fetch, status,
 * served) change nothing but the audit trail, and an fsync for each poll
 * of an inbox would cap polling at the disk's fsync rate: a batch of reads
 * only commits (synchronous=NORMAL, WAL: safe against a crash of the
 * process, not yet against one of the machine), and reaches the disk with
 * the next durable batch's fsync or within SYNC_WITHIN_S seconds, when the
 * background leader checkpoints an idle store. Order and the hash chain
 * are the same either way. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>

#include <openssl/evp.h>
#include <sqlite3.h>

#include "store/audit.h"
#include "store/store.h"
#include "store/jobq.h"
#include "store/store_common.h"
#include "store/store_sqlite.h"
#include "util/sha256.h"

#define SCHEMA_VERSION	3
#define MAX_BATCH	64
#define SYNC_WITHIN_S	1	/* reads' audit records on disk within */

static const char *const sql[Q_NSTMT] = {
	[Q_DOC_BY_MSG] = "SELECT id, sha256, received_ms FROM documents "
	    "WHERE sender = ?1 AND message_id = ?2",
	[Q_DOC_LINK] = "SELECT message_id, received_ms FROM documents "
	    "WHERE id = ?1",
	[Q_DOC_BY_ID] = "SELECT seq, id, sender, message_id, doctype, "
	    "marking, received_ms, state, replaced_by, replaces, replace_kind, "
	    "sha256, length(body), body, ack_due_ms FROM documents WHERE id = ?1",
	[Q_INSERT_DOC] = "INSERT INTO documents (id, sender, message_id, "
	    "doctype, marking, body, sha256, received_ms, ack_due_ms, "
	    "expires_ms, replace_kind, replaces) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[Q_INSERT_DELIVERY] = "INSERT INTO deliveries (doc, recipient, "
	    "position) VALUES (?1, ?2, ?3)",
	[Q_REPLACE] = "UPDATE documents SET state = ?2, replaced_by = ?3 "
	    "WHERE id = ?1",
	[Q_DELIVERY] = "SELECT taken_ms, accepted_ms, rejected_ms FROM "
	    "deliveries WHERE doc = ?1 AND recipient = ?2",
	[Q_INBOX] = "SELECT d.id, d.sender, d.message_id, d.doctype, "
	    "d.marking, d.received_ms, d.state, d.replaced_by, d.replaces, "
	    "d.replace_kind, d.sha256, length(d.body), v.taken_ms "
	    "FROM deliveries v JOIN documents d ON d.seq = v.doc "
	    "WHERE v.recipient = ?1 AND v.doc > ?2 AND (?3 = 0 OR "
	    "v.taken_ms = 0) ORDER BY v.doc LIMIT ?4",
	[Q_CURSOR] = "SELECT v.doc FROM documents d JOIN deliveries v ON "
	    "v.doc = d.seq WHERE d.id = ?1 AND v.recipient = ?2",
	[Q_ACK] = "UPDATE deliveries SET taken_ms = ?3, accepted_ms = ?4, "
	    "rejected_ms = ?5, reason = ?6, text = ?7 WHERE doc = ?1 AND "
	    "recipient = ?2",
	[Q_DELIVERIES] = "SELECT v.recipient, v.taken_ms, v.accepted_ms, "
	    "v.rejected_ms, v.reason, v.text, coalesce(o.state, 0), "
	    "coalesce(o.attempts, 0), coalesce(o.pushed_ms, 0), "
	    "coalesce(o.next_ms, 0), coalesce(o.error, ''), v.problem, "
	    "v.problem_ms FROM deliveries v "
	    "LEFT JOIN outbox o ON o.doc = v.doc AND o.recipient = v.recipient "
	    "WHERE v.doc = ?1 ORDER BY v.position",
	/* set a problem, or clear one: no write when there is none */
	[Q_PROBLEM] = "UPDATE deliveries SET problem = ?3, problem_ms = ?4 "
	    "WHERE doc = (SELECT seq FROM documents WHERE id = ?1) AND "
	    "recipient = ?2 AND (?3 != '' OR problem != '')",
	[Q_AUDIT] = "INSERT INTO audit (seq, time_ms, participant, cert, "
	    "addr, action, doc_id, outcome, detail, prev_hash, hash) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[Q_EXPIRED] = "SELECT seq, id FROM documents WHERE expires_ms > 0 "
	    "AND expires_ms < ?1 ORDER BY seq LIMIT 1000",
	[Q_DELETE_DOC] = "DELETE FROM documents WHERE seq = ?1",
	/* a batch's transaction control, prepared once like the rest */
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_SAVEPOINT] = "SAVEPOINT job",
	[Q_RELEASE] = "RELEASE job",
	[Q_ROLLBACK_TO] = "ROLLBACK TO job",
	[Q_COMMIT] = "COMMIT",
	/* the push outbox (store_push.c) */
	[Q_PUSH_QUEUE] = "INSERT INTO outbox (doc, recipient, url, next_ms) "
	    "VALUES (?1, ?2, ?3, ?4)",
	/* the oldest due delivery of each recipient that has none leased */
	[Q_PUSH_DUE] = "SELECT o.id, o.recipient, o.url, o.attempts, d.id, "
	    "d.sender, d.doctype, d.body FROM outbox o JOIN documents d ON "
	    "d.seq = o.doc WHERE o.id IN (SELECT min(id) FROM outbox WHERE "
	    "state = 1 AND next_ms <= ?1 AND lease_ms <= ?1 GROUP BY "
	    "recipient) AND NOT EXISTS (SELECT 1 FROM outbox b WHERE "
	    "b.recipient = o.recipient AND b.state = 1 AND b.lease_ms > ?1) "
	    "ORDER BY o.next_ms, o.id LIMIT ?2",
	[Q_PUSH_LEASE] = "UPDATE outbox SET lease_ms = ?2 WHERE id = ?1",
	[Q_PUSH_RESULT] = "UPDATE outbox SET state = ?2, attempts = ?3, "
	    "next_ms = ?4, lease_ms = 0, pushed_ms = ?5, http_status = ?6, "
	    "error = coalesce(?7, error) WHERE id = ?1 AND state = 1",
	[Q_PUSH_FLUSH] = "UPDATE outbox SET next_ms = ?2 WHERE recipient = ?1 "
	    "AND state = 1 AND next_ms > ?2",
};

static const char *const migrations[] = {
	/* version 1 */
	"CREATE TABLE documents ("
	" seq INTEGER PRIMARY KEY,"
	" id TEXT NOT NULL UNIQUE,"
	" sender TEXT NOT NULL,"
	" message_id TEXT NOT NULL,"
	" doctype TEXT NOT NULL,"
	" marking TEXT NOT NULL,"
	" body BLOB NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" received_ms INTEGER NOT NULL,"
	" ack_due_ms INTEGER NOT NULL,"
	" expires_ms INTEGER NOT NULL,"
	" replace_kind INTEGER NOT NULL,"
	" replaces TEXT NOT NULL,"
	" state INTEGER NOT NULL DEFAULT 0,"
	" replaced_by TEXT NOT NULL DEFAULT '',"
	" UNIQUE (sender, message_id));"
	"CREATE INDEX documents_expiry ON documents (expires_ms) "
	" WHERE expires_ms > 0;"
	"CREATE TABLE deliveries ("
	" doc INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,"
	" recipient TEXT NOT NULL,"
	" position INTEGER NOT NULL,"
	" taken_ms INTEGER NOT NULL DEFAULT 0,"
	" accepted_ms INTEGER NOT NULL DEFAULT 0,"
	" rejected_ms INTEGER NOT NULL DEFAULT 0,"
	" reason TEXT NOT NULL DEFAULT '',"
	" text TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY (doc, recipient));"
	"CREATE INDEX deliveries_inbox ON deliveries (recipient, doc);"
	"CREATE TABLE audit ("
	" seq INTEGER PRIMARY KEY,"
	" time_ms INTEGER NOT NULL,"
	" participant TEXT NOT NULL,"
	" cert TEXT NOT NULL,"
	" addr TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" doc_id TEXT NOT NULL,"
	" outcome TEXT NOT NULL,"
	" detail TEXT NOT NULL,"
	" prev_hash TEXT NOT NULL,"
	" hash TEXT NOT NULL);",
	/* version 2: the push outbox, one row per delivery to a recipient
	 * with a push endpoint. state: 1 pending, 2 pushed, 3 failed (enum
	 * store_push_state); a pending row is leased (claimed for an
	 * attempt) while lease_ms is in the future. */
	"CREATE TABLE outbox ("
	" id INTEGER PRIMARY KEY,"
	" doc INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,"
	" recipient TEXT NOT NULL,"
	" url TEXT NOT NULL,"
	" state INTEGER NOT NULL DEFAULT 1,"
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" next_ms INTEGER NOT NULL,"
	" lease_ms INTEGER NOT NULL DEFAULT 0,"
	" pushed_ms INTEGER NOT NULL DEFAULT 0,"
	" http_status INTEGER NOT NULL DEFAULT 0,"
	" error TEXT NOT NULL DEFAULT '',"
	" UNIQUE (doc, recipient));"
	"CREATE INDEX outbox_pending ON outbox (recipient, id) WHERE state = 1;",
	/* version 3: why a recipient's rendition could not be served */
	"ALTER TABLE deliveries ADD COLUMN problem TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE deliveries ADD COLUMN problem_ms INTEGER NOT NULL "
	" DEFAULT 0;",
};
_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == SCHEMA_VERSION,
    "one migration per schema version");

struct sqstore {
	sqlite3		*db;		/* the leader's only, after open */
	sqlite3_stmt	*st[Q_NSTMT];
	char		*path;
	/* the chain's head: the leader's only */
	int64_t		 audit_seq;
	char		 audit_hash[AUDIT_HASH_HEX + 1];
	int		 sync_full;	/* synchronous is FULL now: leader's */
	struct jobq	 q;		/* one batch at a time */
	/* the overdue count's reader, under rmu */
	pthread_mutex_t	 rmu;
	sqlite3		*reader;
};

void
sq_err(struct carex_err *err, sqlite3 *db, const char *what)
{
	int	code = sqlite3_errcode(db);

	err_set(err, CAREX_ESYS, "store: %s: %s%s", what, sqlite3_errmsg(db),
	    code == SQLITE_FULL ? " (the disk is full)" : "");
}

sqlite3_stmt *
sq_stmt(struct sqstore *s, enum stmt q)
{
	if (s->st[q] == NULL && sqlite3_prepare_v3(s->db, sql[q], -1,
	    SQLITE_PREPARE_PERSISTENT, &s->st[q], NULL) != SQLITE_OK)
		return NULL;
	(void)sqlite3_reset(s->st[q]);		/* the last step's result */
	(void)sqlite3_clear_bindings(s->st[q]);	/* always SQLITE_OK */
	return s->st[q];
}

sqlite3 *
sq_db(struct sqstore *s)
{
	return s->db;
}

sqlite3 *
sq_reader_lock(struct sqstore *s)
{
	pthread_mutex_lock(&s->rmu);
	return s->reader;
}

void
sq_reader_unlock(struct sqstore *s)
{
	pthread_mutex_unlock(&s->rmu);
}

static int
exec(sqlite3 *db, const char *q, struct carex_err *err)
{
	if (sqlite3_exec(db, q, NULL, NULL, NULL) != SQLITE_OK) {
		sq_err(err, db, q);
		return -1;
	}
	return 0;
}

void
sq_text(sqlite3_stmt *st, int col, char *out, size_t len)
{
	const unsigned char	*t = sqlite3_column_text(st, col);

	(void)snprintf(out, len, "%s", t ? (const char *)t : "");
}

/* Append an audit record in the current transaction. */
int
sq_audit(struct sqstore *s, struct job *j, const char *action,
    const char *doc_id, const char *outcome, const char *detail)
{
	struct audit_rec	 r;
	char			 hash[AUDIT_HASH_HEX + 1];
	sqlite3_stmt		*st;

	store_audit_rec(&r, j->actor, s->audit_seq + 1, j->now_ms, action,
	    doc_id, outcome, detail);
	if (audit_check(&r, &j->err) == -1 ||
	    audit_hash(s->audit_hash, &r, hash, &j->err) == -1)
		return -1;
	if ((st = sq_stmt(s, Q_AUDIT)) == NULL ||
	    sqlite3_bind_int64(st, 1, r.seq) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, r.time_ms) != SQLITE_OK ||
	    sqlite3_bind_text(st, 3, r.participant, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 4, r.cert, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 5, r.addr, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 6, r.action, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 7, r.doc_id, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 8, r.outcome, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 9, r.detail, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 10, s->audit_hash, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 11, hash, -1, SQLITE_STATIC) ||
	    sqlite3_step(st) != SQLITE_DONE) {
		sq_err(&j->err, s->db, "audit");
		return -1;
	}
	s->audit_seq = r.seq;
	memcpy(s->audit_hash, hash, sizeof(hash));
	return 0;
}

static int
load_audit_head(struct sqstore *s, struct carex_err *err)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "SELECT seq, hash FROM audit ORDER BY "
	    "seq DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
		sq_err(err, s->db, "audit head");
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s->audit_seq = sqlite3_column_int64(st, 0);
		sq_text(st, 1, s->audit_hash, sizeof(s->audit_hash));
	} else {
		s->audit_seq = 0;
		memcpy(s->audit_hash, audit_genesis, sizeof(s->audit_hash));
	}
	(void)sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sq_err(err, s->db, "audit head");
		return -1;
	}
	return 0;
}

/* ---- the writer ----------------------------------------------------- */

/* Run a prepared statement that returns no rows (transaction control). */
static int
tx(struct sqstore *s, enum stmt q, struct carex_err *err)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = sq_stmt(s, q)) == NULL) {
		sq_err(err, s->db, sql[q]);
		return -1;
	}
	rc = sqlite3_step(st);
	(void)sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		sq_err(err, s->db, sql[q]);
		return -1;
	}
	return 0;
}

/* synchronous = FULL for durable batches, NORMAL for reads only. */
static void
set_sync(struct sqstore *s, int full)
{
	if (s->sync_full == full)
		return;
	if (exec(s->db, full ? "PRAGMA synchronous = FULL" :
	    "PRAGMA synchronous = NORMAL", NULL) == 0)
		s->sync_full = full;
}

/* One transaction for the batch, a savepoint per job when there are
 * several, so a job that fails is rolled back alone. */
static void
run_batch(void *backend, struct job *batch, int lazy)
{
	struct sqstore	*s = backend;
	struct job	*j;
	int64_t		 seq;
	char		 hash[AUDIT_HASH_HEX + 1];
	int		 ok = 1, several = batch->next != NULL;

	set_sync(s, !lazy);
	if (tx(s, Q_BEGIN, &batch->err) == -1)
		ok = 0;
	for (j = batch; ok && j != NULL; j = j->next) {
		seq = s->audit_seq;
		memcpy(hash, s->audit_hash, sizeof(hash));
		if (several && tx(s, Q_SAVEPOINT, &j->err) == -1) {
			ok = 0;
			break;
		}
		j->rc = j->fn(s, j);
		if (j->rc == -1) {
			/* this job only: the others in the batch go on */
			s->audit_seq = seq;
			memcpy(s->audit_hash, hash, sizeof(hash));
			if (!several) {
				(void)exec(s->db, "ROLLBACK", NULL);
				return;
			}
			(void)tx(s, Q_ROLLBACK_TO, NULL);
		}
		if (several && tx(s, Q_RELEASE, &j->err) == -1)
			ok = 0;
	}
	if (ok && tx(s, Q_COMMIT, &batch->err) == -1)
		ok = 0;
	if (!ok) {
		struct carex_err e = batch->err;

		(void)exec(s->db, "ROLLBACK", NULL);
		for (j = batch; j != NULL; j = j->next) {
			j->rc = -1;
			j->err = e;
			if (j->err.code == CAREX_OK)
				err_set(&j->err, CAREX_ESYS, "store: the commit "
				    "failed");
		}
		(void)load_audit_head(s, NULL);
	}
}

/* Lazy commits to disk: a checkpoint syncs the WAL first. */
static void
sync_lazy(void *backend)
{
	struct sqstore	*s = backend;

	(void)sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    NULL, NULL);
}

static const struct jobq_ops sq_jobq_ops = {
	run_batch, sync_lazy, SYNC_WITHIN_S
};

int
sq_job(struct sqstore *s, const struct store_actor *a, job_fn fn,
    void *arg, int64_t now_ms, int lazy, struct carex_err *err)
{
	return jobq_run(&s->q, a, fn, arg, now_ms, lazy, NULL, err);
}

/* ---- open and close ------------------------------------------------- */

static int
migrate(struct sqstore *s, struct carex_err *err)
{
	sqlite3_stmt	*st;
	int		 v = 0, i;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		sq_err(err, s->db, "schema version");
		(void)sqlite3_finalize(st);
		return -1;
	}
	v = sqlite3_column_int(st, 0);
	(void)sqlite3_finalize(st);
	if (v > SCHEMA_VERSION) {
		err_set(err, CAREX_EUSAGE, "store %s has schema version %d, "
		    "newer than this carexd (%d)", s->path, v, SCHEMA_VERSION);
		return -1;
	}
	for (i = v; i < SCHEMA_VERSION; i++) {
		char	q[64];

		(void)snprintf(q, sizeof(q), "PRAGMA user_version = %d", i + 1);
		if (exec(s->db, "BEGIN IMMEDIATE", err) == -1)
			return -1;
		if (exec(s->db, migrations[i], err) == -1 ||
		    exec(s->db, q, err) == -1 || exec(s->db, "COMMIT", err) == -1) {
			(void)exec(s->db, "ROLLBACK", NULL);
			return -1;
		}
	}
	return 0;
}

struct sqstore *
sq_open(const char *path, const struct store_opts *o,
    struct carex_err *err)
{
	struct sqstore	*s;
	int		 busy = o && o->busy_ms > 0 ? o->busy_ms : 5000;

	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->path = strdup(path)) == NULL) {
		free(s);
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&s->rmu, NULL);
	if (sq_create_private(path, err) == -1)
		goto fail;
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		sq_err(err, s->db, path);
		goto fail;
	}
	(void)sqlite3_busy_timeout(s->db, busy);
	if (exec(s->db, "PRAGMA journal_mode = WAL", err) == -1 ||
	    exec(s->db, "PRAGMA synchronous = FULL", err) == -1 ||
	    exec(s->db, "PRAGMA foreign_keys = ON", err) == -1 ||
	    migrate(s, err) == -1 || load_audit_head(s, err) == -1)
		goto fail;
	s->sync_full = 1;
	if (sqlite3_open_v2(path, &s->reader, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		sq_err(err, s->reader, path);
		goto fail;
	}
	(void)sqlite3_busy_timeout(s->reader, busy);
	if (jobq_start(&s->q, &sq_jobq_ops, s, o && o->max_batch > 0 ?
	    o->max_batch : MAX_BATCH, 1, err) == -1)
		goto fail;
	return s;
fail:
	sq_close(s);
	return NULL;
}

/*
 * Make the store file 0600 before SQLite opens it, whatever the umask:
 * SQLite gives its -wal and -shm the mode of the database file, so the
 * three are never readable by other local users. An existing file is
 * left as it is (an operator may have chosen its mode).
 */
int
sq_create_private(const char *path, struct carex_err *err)
{
	int	fd;

	if (strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0)
		return 0;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		if (errno == EEXIST)
			return 0;
		err_set(err, CAREX_ESYS, "%s: %s", path, strerror(errno));
		return -1;
	}
	(void)close(fd);	/* nothing written: nothing to lose */
	return 0;
}

void
sq_close(struct sqstore *s)
{
	int	i;

	if (s == NULL)
		return;
	jobq_stop(&s->q);	/* drains the queue first */
	for (i = 0; i < Q_NSTMT; i++)
		(void)sqlite3_finalize(s->st[i]);	/* NULL is a no-op */
	(void)sqlite3_close(s->reader);
	(void)sqlite3_close(s->db);
	pthread_mutex_destroy(&s->rmu);
	free(s->path);
	free(s);
}

/* ---- submit --------------------------------------------------------- */

static int
do_submit(void *conn, struct job *j)
{
	struct sqstore	*s = conn;
	struct submit_arg		*a = j->arg;
	const struct store_submit	*in = a->in;
	struct store_submitted		*out = a->out;
	const char			*me = j->actor->participant;
	sqlite3_stmt			*st;
	char				 sha[65], state_by[STORE_ID_LEN + 1];
	int64_t				 seq;
	size_t				 i;
	int				 rc;

	sha256_hex(in->body, in->len, sha);
	memcpy(out->sha256, sha, sizeof(out->sha256));
	if ((st = sq_stmt(s, Q_DOC_BY_MSG)) == NULL ||
	    sqlite3_bind_text(st, 1, me, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 2, in->message_id, -1, SQLITE_STATIC))
		goto dberr;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char	old[65];

		sq_text(st, 0, out->id, sizeof(out->id));
		sq_text(st, 1, old, sizeof(old));
		out->received_ms = sqlite3_column_int64(st, 2);
		out->outcome = strcmp(old, sha) == 0 ? STORE_SAME :
		    STORE_CONFLICT;
		if (out->outcome == STORE_CONFLICT)
			memcpy(out->sha256, old, sizeof(out->sha256));
		return sq_audit(s, j, "submit", out->id,
		    out->outcome == STORE_SAME ? "same" : "conflict",
		    in->message_id);
	}
	if (rc != SQLITE_DONE)
		goto dberr;
	if (in->replace != STORE_REPLACE_NONE) {
		if ((st = sq_stmt(s, Q_DOC_BY_ID)) == NULL ||
		    sqlite3_bind_text(st, 1, in->replaces ? in->replaces : "",
		    -1, SQLITE_STATIC))
			goto dberr;
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			goto dberr;
		if (rc == SQLITE_DONE || strcmp((const char *)
		    sqlite3_column_text(st, 2), me) != 0 ||
		    sqlite3_column_int(st, 7) != STORE_CURRENT) {
			out->outcome = STORE_BAD_REPLACE;
			out->id[0] = '\0';
			return sq_audit(s, j, "submit", in->replaces,
			    "bad-replace", in->message_id);
		}
	}
	if (store_new_id(in->now_ms, out->id) == -1) {
		err_set(&j->err, CAREX_ESYS, "store: no randomness for an id");
		return -1;
	}
	out->received_ms = in->now_ms;
	if ((st = sq_stmt(s, Q_INSERT_DOC)) == NULL ||
	    sqlite3_bind_text(st, 1, out->id, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 2, me, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 3, in->message_id, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 4, in->doctype, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 5, in->marking, -1, SQLITE_STATIC) ||
	    sqlite3_bind_blob64(st, 6, in->body, in->len, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 7, sha, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(st, 8, in->now_ms) ||
	    sqlite3_bind_int64(st, 9, in->ack_due_ms) ||
	    sqlite3_bind_int64(st, 10, in->expires_ms) ||
	    sqlite3_bind_int(st, 11, (int)in->replace) ||
	    sqlite3_bind_text(st, 12, in->replace != STORE_REPLACE_NONE &&
	    in->replaces ? in->replaces : "", -1, SQLITE_STATIC) ||
	    sqlite3_step(st) != SQLITE_DONE)
		goto dberr;
	seq = sqlite3_last_insert_rowid(s->db);
	for (i = 0; i < in->nto; i++)
		if ((st = sq_stmt(s, Q_INSERT_DELIVERY)) == NULL ||
		    sqlite3_bind_int64(st, 1, seq) ||
		    sqlite3_bind_text(st, 2, in->to[i], -1, SQLITE_STATIC) ||
		    sqlite3_bind_int64(st, 3, (int64_t)i) ||
		    sqlite3_step(st) != SQLITE_DONE)
			goto dberr;
	if ((out->pushes = sq_push_queue(s, j, seq, in)) == -1)
		return -1;
	if (in->replace != STORE_REPLACE_NONE) {
		(void)snprintf(state_by, sizeof(state_by), "%s", out->id);
		if ((st = sq_stmt(s, Q_REPLACE)) == NULL ||
		    sqlite3_bind_text(st, 1, in->replaces, -1, SQLITE_STATIC) ||
		    sqlite3_bind_int(st, 2, in->replace == STORE_SUPERSEDES ?
		    STORE_SUPERSEDED : STORE_CANCELLED) ||
		    sqlite3_bind_text(st, 3, state_by, -1, SQLITE_STATIC) ||
		    sqlite3_step(st) != SQLITE_DONE)
			goto dberr;
	}
	out->outcome = STORE_CREATED;
	return sq_audit(s, j, "submit", out->id, "created",
	    in->message_id);
dberr:
	sq_err(&j->err, s->db, "submit");
	return -1;
}

int
sq_submit(struct sqstore *s, const struct store_actor *a,
    const struct store_submit *in, struct store_submitted *out,
    struct carex_err *err)
{
	struct submit_arg	arg = { in, out };

	memset(out, 0, sizeof(*out));
	return sq_job(s, a, do_submit, &arg, in->now_ms, DURABLE, err);
}

/* ---- reading a document --------------------------------------------- */

/* Fill d from a Q_DOC_BY_ID row. */
static void
doc_row(sqlite3_stmt *st, struct store_doc *d)
{
	memset(d, 0, sizeof(*d));
	sq_text(st, 1, d->id, sizeof(d->id));
	sq_text(st, 2, d->sender, sizeof(d->sender));
	sq_text(st, 3, d->message_id, sizeof(d->message_id));
	sq_text(st, 4, d->doctype, sizeof(d->doctype));
	sq_text(st, 5, d->marking, sizeof(d->marking));
	d->received_ms = sqlite3_column_int64(st, 6);
	d->state = (enum store_state)sqlite3_column_int(st, 7);
	sq_text(st, 8, d->replaced_by, sizeof(d->replaced_by));
	sq_text(st, 9, d->replaces, sizeof(d->replaces));
	d->replace = (enum store_replace)sqlite3_column_int(st, 10);
	sq_text(st, 11, d->sha256, sizeof(d->sha256));
	d->len = (size_t)sqlite3_column_int64(st, 12);
}

/* The visibility rule, once for every call: the sender, or an addressee
 * (whose delivery row is then left stepped in *dl). Returns 1 visible, 0
 * not (or no such id), -1 on a store failure. */
static int
visible(struct sqstore *s, struct job *j, const char *id, struct store_doc *d,
    int64_t *seq, int *as_sender, int64_t *taken, sqlite3_stmt **row)
{
	sqlite3_stmt	*st, *dl;
	int		 rc;

	if ((st = sq_stmt(s, Q_DOC_BY_ID)) == NULL ||
	    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC))
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -1;
	doc_row(st, d);
	*seq = sqlite3_column_int64(st, 0);
	if (row != NULL)
		*row = st;
	*as_sender = strcmp(d->sender, j->actor->participant) == 0;
	*taken = 0;
	if ((dl = sq_stmt(s, Q_DELIVERY)) == NULL ||
	    sqlite3_bind_int64(dl, 1, *seq) ||
	    sqlite3_bind_text(dl, 2, j->actor->participant, -1, SQLITE_STATIC))
		return -1;
	rc = sqlite3_step(dl);
	if (rc == SQLITE_ROW) {
		*taken = sqlite3_column_int64(dl, 0);
		d->taken_ms = *taken;
		return 1;
	}
	if (rc != SQLITE_DONE)
		return -1;
	return *as_sender;
}

static void
not_found(struct job *j)
{
	err_set(&j->err, CAREX_ENOTFOUND, "no such document");
}

/* The sender's reference and time received of the document id (one a
 * fetched document replaces or is replaced by) into msgid and *ms; none
 * when id is "". Read as part of the fetch it names, not audited apart. */
static int
link_meta(struct sqstore *s, const char *id, char msgid[65], int64_t *ms)
{
	sqlite3_stmt	*st;
	int		 rc;

	msgid[0] = '\0';
	*ms = 0;
	if (id[0] == '\0')
		return 0;
	if ((st = sq_stmt(s, Q_DOC_LINK)) == NULL ||
	    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC))
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sq_text(st, 0, msgid, 65);
		*ms = sqlite3_column_int64(st, 1);
	}
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int
do_fetch(void *conn, struct job *j)
{
	struct sqstore	*s = conn;
	struct fetch_arg	*a = j->arg;
	sqlite3_stmt		*row = NULL;
	int64_t			 seq, taken;
	int			 sender, v;

	if ((v = visible(s, j, a->id, a->doc, &seq, &sender, &taken, &row)) ==
	    -1) {
		sq_err(&j->err, s->db, "fetch");
		return -1;
	}
	if (v == 0) {
		if (sq_audit(s, j, "fetch", a->id, "denied", "") == -1)
			return -1;
		not_found(j);
		return 0;
	}
	if (a->body != NULL && buf_add(a->body, sqlite3_column_blob(row, 13),
	    (size_t)sqlite3_column_bytes(row, 13)) == -1) {
		err_set(&j->err, CAREX_ESYS, "store: document too large");
		return -1;
	}
	if (link_meta(s, a->doc->replaces, a->doc->replaces_msgid,
	    &a->doc->replaces_ms) == -1 || link_meta(s, a->doc->replaced_by,
	    a->doc->replaced_by_msgid, &a->doc->replaced_by_ms) == -1) {
		sq_err(&j->err, s->db, "fetch");
		return -1;
	}
	return sq_audit(s, j, "fetch", a->id, "ok", "");
}

int
sq_fetch(struct sqstore *s, const struct store_actor *a, const char *id,
    struct store_doc *doc, struct buf *body, struct carex_err *err)
{
	struct fetch_arg	arg = { id, doc, body };

	return sq_job(s, a, do_fetch, &arg, jobq_now_ms(), LAZY, err);
}

static int
do_served(void *conn, struct job *j)
{
	struct sqstore	*s = conn;
	struct served_arg	*a = j->arg;
	sqlite3_stmt		*st;
	char			 detail[STORE_DETAIL_MAX];

	store_served_detail(a, detail, sizeof(detail));
	if (store_served_problem(a) && ((st = sq_stmt(s, Q_PROBLEM)) == NULL ||
	    sqlite3_bind_text(st, 1, a->id, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 2, j->actor->participant, -1,
	    SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 3, a->problem ? a->problem : "", -1,
	    SQLITE_STATIC) ||
	    sqlite3_bind_int64(st, 4, a->problem ? j->now_ms : 0) ||
	    sqlite3_step(st) != SQLITE_DONE)) {
		sq_err(&j->err, s->db, "served");
		return -1;
	}
	return sq_audit(s, j, "served", a->id, a->problem ? "failed" : "ok",
	    detail);
}

int
sq_served(struct sqstore *s, const struct store_actor *a, const char *id,
    const char *what, const char *sha256hex, const char *problem,
    struct carex_err *err)
{
	struct served_arg	arg = { id, what, sha256hex, problem };

	return sq_job(s, a, do_served, &arg, jobq_now_ms(), LAZY, err);
}

/* ---- inbox ---------------------------------------------------------- */

static int
do_inbox(void *conn, struct job *j)
{
	struct sqstore	*s = conn;
	struct inbox_arg	*a = j->arg;
	struct store_doc	 d;
	sqlite3_stmt		*st;
	const char		*cursor;
	int64_t			 after = 0;
	int			 n = 0, rc;

	a->next[0] = '\0';
	if (store_inbox_after(a->q, &cursor, &j->err) == -1)
		return 0;
	if (cursor != NULL) {
		if ((st = sq_stmt(s, Q_CURSOR)) == NULL ||
		    sqlite3_bind_text(st, 1, cursor, -1, SQLITE_STATIC) ||
		    sqlite3_bind_text(st, 2, a->q->recipient, -1,
		    SQLITE_STATIC))
			goto dberr;
		if ((rc = sqlite3_step(st)) == SQLITE_DONE) {
			store_cursor_unknown(&j->err);
			return 0;
		}
		if (rc != SQLITE_ROW)
			goto dberr;
		after = sqlite3_column_int64(st, 0);
		(void)sqlite3_reset(st);
	}
	if ((st = sq_stmt(s, Q_INBOX)) == NULL ||
	    sqlite3_bind_text(st, 1, a->q->recipient, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(st, 2, after) ||
	    sqlite3_bind_int(st, 3, a->q->unacked_only) ||
	    sqlite3_bind_int(st, 4, a->q->limit + 1))
		goto dberr;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == a->q->limit)
			break;
		memset(&d, 0, sizeof(d));
		sq_text(st, 0, d.id, sizeof(d.id));
		sq_text(st, 1, d.sender, sizeof(d.sender));
		sq_text(st, 2, d.message_id, sizeof(d.message_id));
		sq_text(st, 3, d.doctype, sizeof(d.doctype));
		sq_text(st, 4, d.marking, sizeof(d.marking));
		d.received_ms = sqlite3_column_int64(st, 5);
		d.state = (enum store_state)sqlite3_column_int(st, 6);
		sq_text(st, 7, d.replaced_by, sizeof(d.replaced_by));
		sq_text(st, 8, d.replaces, sizeof(d.replaces));
		d.replace = (enum store_replace)sqlite3_column_int(st, 9);
		sq_text(st, 10, d.sha256, sizeof(d.sha256));
		d.len = (size_t)sqlite3_column_int64(st, 11);
		d.taken_ms = sqlite3_column_int64(st, 12);
		if (a->fn(a->fnarg, &d) != 0)
			break;
		(void)snprintf(a->next, 64, "%s", d.id);
		n++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto dberr;
	if (rc != SQLITE_ROW || n < a->q->limit)
		a->next[0] = '\0';	/* no page after this one */
	return sq_audit(s, j, "inbox", "", "ok", "");
dberr:
	sq_err(&j->err, s->db, "inbox");
	return -1;
}

int
sq_inbox(struct sqstore *s, const struct store_actor *a,
    const struct store_inbox_query *q,
    int (*fn)(void *, const struct store_doc *), void *arg, char next[64],
    struct carex_err *err)
{
	struct inbox_arg	ia = { q, fn, arg, next };

	return sq_job(s, a, do_inbox, &ia, jobq_now_ms(), LAZY, err);
}

/* ---- ack ------------------------------------------------------------ */

static int
do_ack(void *conn, struct job *j)
{
	struct sqstore	*s = conn;
	struct ack_arg		*a = j->arg;
	struct store_doc	 d;
	sqlite3_stmt		*dl, *st;
	int64_t			 seq, taken, acc, rej;
	int			 sender, v;
	char			 reason[32] = "", txt[256] = "";

	if ((v = visible(s, j, a->id, &d, &seq, &sender, &taken, NULL)) == -1)
		goto dberr;
	dl = s->st[Q_DELIVERY];
	if (v == 0 || sqlite3_stmt_busy(dl) == 0 ||
	    sqlite3_data_count(dl) == 0) {
		/* not an addressee (the sender cannot acknowledge) */
		if (sq_audit(s, j, "ack", a->id, "denied", "") == -1)
			return -1;
		not_found(j);
		return 0;
	}
	acc = sqlite3_column_int64(dl, 1);
	rej = sqlite3_column_int64(dl, 2);
	if (store_ack_apply(a->stage, j->now_ms, a->reason, a->text, &taken,
	    &acc, &rej, reason, txt, &j->err) == 1)
		return sq_audit(s, j, "ack", a->id, "refused",
		    "stage change");
	if ((st = sq_stmt(s, Q_ACK)) == NULL || sqlite3_bind_int64(st, 1, seq) ||
	    sqlite3_bind_text(st, 2, j->actor->participant, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(st, 3, taken) || sqlite3_bind_int64(st, 4, acc) ||
	    sqlite3_bind_int64(st, 5, rej))
		goto dberr;
	/* Keep an earlier rejection's reason when it is repeated. */
	if (rej != 0 && reason[0] == '\0') {
		sqlite3_stmt *q;

		if (sqlite3_prepare_v2(s->db, "SELECT reason, text FROM "
		    "deliveries WHERE doc = ?1 AND recipient = ?2", -1, &q,
		    NULL) != SQLITE_OK)
			goto dberr;
		(void)sqlite3_bind_int64(q, 1, seq);
		(void)sqlite3_bind_text(q, 2, j->actor->participant, -1,
		    SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW) {
			sq_text(q, 0, reason, sizeof(reason));
			sq_text(q, 1, txt, sizeof(txt));
		}
		(void)sqlite3_finalize(q);
	}
	if (sqlite3_bind_text(st, 6, reason, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(st, 7, txt, -1, SQLITE_STATIC) ||
	    sqlite3_step(st) != SQLITE_DONE)
		goto dberr;
	return sq_audit(s, j, "ack", a->id, a->stage == STORE_TAKEN ?
	    "taken" : a->stage == STORE_ACCEPTED ? "accepted" : "rejected",
	    reason);
dberr:
	sq_err(&j->err, s->db, "ack");
	return -1;
}

int
sq_ack(struct sqstore *s, const struct store_actor *a, const char *id,
    enum store_stage stage, const char *reason, const char *text_,
    int64_t now, struct carex_err *err)
{
	struct ack_arg	arg = { id, stage, reason ? reason : "",
	    text_ ? text_ : "" };

	return sq_job(s, a, do_ack, &arg, now, DURABLE, err);
}

/* ---- status --------------------------------------------------------- */

static int
do_status(void *conn, struct job *j)
{
	struct sqstore	*s = conn;
	struct status_arg	*a = j->arg;
	struct store_delivery	 dv;
	sqlite3_stmt		*row = NULL, *st;
	int64_t			 seq, taken, due;
	int			 sender, v, rc;

	if ((v = visible(s, j, a->id, a->doc, &seq, &sender, &taken, &row)) ==
	    -1)
		goto dberr;
	if (v == 0 || !sender) {
		if (sq_audit(s, j, "status", a->id, "denied", "") == -1)
			return -1;
		not_found(j);
		return 0;
	}
	due = sqlite3_column_int64(row, 14);
	a->doc->taken_ms = 0;
	if ((st = sq_stmt(s, Q_DELIVERIES)) == NULL ||
	    sqlite3_bind_int64(st, 1, seq))
		goto dberr;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&dv, 0, sizeof(dv));
		sq_text(st, 0, dv.recipient, sizeof(dv.recipient));
		dv.taken_ms = sqlite3_column_int64(st, 1);
		dv.accepted_ms = sqlite3_column_int64(st, 2);
		dv.rejected_ms = sqlite3_column_int64(st, 3);
		sq_text(st, 4, dv.reason, sizeof(dv.reason));
		sq_text(st, 5, dv.text, sizeof(dv.text));
		dv.push_state = (enum store_push_state)sqlite3_column_int(st, 6);
		dv.push_attempts = sqlite3_column_int(st, 7);
		dv.pushed_ms = sqlite3_column_int64(st, 8);
		if (dv.push_state == STORE_PUSH_PENDING)
			dv.push_next_ms = sqlite3_column_int64(st, 9);
		sq_text(st, 10, dv.push_error, sizeof(dv.push_error));
		sq_text(st, 11, dv.problem, sizeof(dv.problem));
		dv.problem_ms = sqlite3_column_int64(st, 12);
		dv.ack_due_ms = due;
		dv.overdue = dv.taken_ms == 0 && due > 0 && j->now_ms > due;
		if (a->fn(a->fnarg, &dv) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto dberr;
	return sq_audit(s, j, "status", a->id, "ok", "");
dberr:
	sq_err(&j->err, s->db, "status");
	return -1;
}

int
sq_status(struct sqstore *s, const struct store_actor *a, const char *id,
    int64_t now, struct store_doc *doc,
    int (*fn)(void *, const struct store_delivery *), void *arg,
    struct carex_err *err)
{
	struct status_arg	sa = { id, doc, fn, arg };

	return sq_job(s, a, do_status, &sa, now, LAZY, err);
}

int
sq_overdue_count(struct sqstore *s, int64_t now, long *count,
    struct carex_err *err)
{
	sqlite3_stmt	*st;
	int		 rc = -1;

	pthread_mutex_lock(&s->rmu);
	if (sqlite3_prepare_v2(s->reader, "SELECT count(*) FROM deliveries v "
	    "JOIN documents d ON d.seq = v.doc WHERE v.taken_ms = 0 AND "
	    "d.ack_due_ms > 0 AND d.ack_due_ms < ?1", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_bind_int64(st, 1, now) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		*count = (long)sqlite3_column_int64(st, 0);
		rc = 0;
	} else
		sq_err(err, s->reader, "overdue");
	(void)sqlite3_finalize(st);
	pthread_mutex_unlock(&s->rmu);
	return rc;
}

int
sq_audit_at(struct sqstore *s, int64_t seq, int64_t *head_seq,
    char head_hash[65], char at_hash[65], struct carex_err *err)
{
	sqlite3_stmt	*st;
	int		 rc = -1;

	pthread_mutex_lock(&s->rmu);
	if (sqlite3_prepare_v2(s->reader, "SELECT coalesce(max(seq), 0), "
	    "(SELECT hash FROM audit ORDER BY seq DESC LIMIT 1), "
	    "(SELECT hash FROM audit WHERE seq = ?1) FROM audit", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_bind_int64(st, 1, seq) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		*head_seq = sqlite3_column_int64(st, 0);
		sq_text(st, 1, head_hash, 65);
		sq_text(st, 2, at_hash, 65);
		rc = 0;
	} else
		sq_err(err, s->reader, "audit head");
	(void)sqlite3_finalize(st);
	pthread_mutex_unlock(&s->rmu);
	return rc;
}

/* ---- audit and purge ------------------------------------------------ */

struct audit_arg {
	const char	*action, *doc_id, *outcome, *detail;
};

static int
do_audit(void *conn, struct job *j)
{
	struct sqstore	*s = conn;
	struct audit_arg	*a = j->arg;

	return sq_audit(s, j, a->action, a->doc_id, a->outcome, a->detail);
}

int
sq_audit_record(struct sqstore *s, const struct store_actor *a,
    const char *action,
    const char *doc_id, const char *outcome, const char *detail,
    struct carex_err *err)
{
	struct audit_arg	arg = { action, doc_id ? doc_id : "",
	    outcome ? outcome : "", detail ? detail : "" };

	return sq_job(s, a, do_audit, &arg, jobq_now_ms(), DURABLE, err);
}

static int
do_audit_detached(void *conn, struct job *j)
{
	struct sqstore	*s = conn;
	const char	**v = j->arg;

	return sq_audit(s, j, v[0], v[1], v[2], v[3]);
}

int
sq_audit_async(struct sqstore *s, const struct store_actor *a,
    const char *action, const char *outcome, const char *detail)
{
	return jobq_audit_async(&s->q, do_audit_detached, a, action, outcome,
	    detail);
}

void
sq_stats(struct sqstore *s, struct store_stats *out)
{
	jobq_stats(&s->q, out);
}

static int
do_purge(void *conn, struct job *j)
{
	struct sqstore	*s = conn;
	struct store_purged *out = j->arg;
	sqlite3_stmt	*st, *del;
	int64_t		 seqs[1000];
	char		 ids[1000][STORE_ID_LEN + 1];
	int		 n = 0, i, rc;

	out->documents = 0;
	if ((st = sq_stmt(s, Q_EXPIRED)) == NULL ||
	    sqlite3_bind_int64(st, 1, j->now_ms))
		goto dberr;
	rc = SQLITE_ROW;
	while (n < 1000 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		seqs[n] = sqlite3_column_int64(st, 0);
		sq_text(st, 1, ids[n], sizeof(ids[n]));
		n++;
	}
	/* a step that fails is a failed purge, not the end of the list */
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto dberr;
	for (i = 0; i < n; i++) {
		if ((del = sq_stmt(s, Q_DELETE_DOC)) == NULL ||
		    sqlite3_bind_int64(del, 1, seqs[i]) ||
		    sqlite3_step(del) != SQLITE_DONE)
			goto dberr;
		if (sq_audit(s, j, "purge", ids[i], "purged",
		    "retention passed") == -1)
			return -1;
		out->documents++;
	}
	out->audit_seq = s->audit_seq;
	(void)snprintf(out->audit_hash, sizeof(out->audit_hash), "%s",
	    s->audit_hash);
	return 0;
dberr:
	sq_err(&j->err, s->db, "purge");
	return -1;
}

int
sq_purge(struct sqstore *s, int64_t now, struct store_purged *out,
    struct carex_err *err)
{
	return sq_job(s, &store_system, do_purge, out, now, DURABLE, err);
}

/* ---- offline verification ------------------------------------------- */

int
sq_audit_verify(const char *path, struct audit_walk *w, long *first_bad,
    struct carex_err *err)
{
	struct audit_rec	 r;
	sqlite3			*db = NULL;
	sqlite3_stmt		*st = NULL;
	char			 uri[4200];
	int			 rc, result = -1;

	*first_bad = 0;
	if (snprintf(uri, sizeof(uri), "file:%s?mode=ro", path) >=
	    (int)sizeof(uri)) {
		err_set(err, CAREX_EUSAGE, "path too long");
		return -1;
	}
	if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
	    NULL) != SQLITE_OK || sqlite3_prepare_v2(db, "SELECT seq, time_ms, "
	    "participant, cert, addr, action, doc_id, outcome, detail, "
	    "prev_hash, hash FROM audit ORDER BY seq", -1, &st, NULL) !=
	    SQLITE_OK) {
		sq_err(err, db, path);
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
#define T(i) (sqlite3_column_text(st, i) ? \
    (const char *)sqlite3_column_text(st, i) : "")
		r.seq = sqlite3_column_int64(st, 0);
		r.time_ms = sqlite3_column_int64(st, 1);
		r.participant = T(2);
		r.cert = T(3);
		r.addr = T(4);
		r.action = T(5);
		r.doc_id = T(6);
		r.outcome = T(7);
		r.detail = T(8);
		rc = audit_walk_next(w, &r, T(9), T(10), err);
#undef T
		if (rc != 0) {
			*first_bad = (long)r.seq;
			result = rc == 1 ? 1 : -1;
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		sq_err(err, db, path);
		goto out;
	}
	result = 0;
out:
	(void)sqlite3_finalize(st);
	(void)sqlite3_close(db);
	return result;
}
