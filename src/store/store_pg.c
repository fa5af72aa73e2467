/* SPDX-License-Identifier: MIT */
/* store_pg.c - the shared store (see store.h): PostgreSQL through libpq,
 * so several carexd nodes serve one exchange. Not the default: SQLite is.
 *
 * Each node groups its calls into batches with the job queue every
 * backend shares (jobq.c), run on a small pool of connections, one batch
 * per connection at a time. Across nodes the database decides: a unique
 * constraint makes submission idempotent, row locks taken with SKIP
 * LOCKED give each push delivery to one node, a try-lock lets one node
 * purge, and an advisory lock taken at the end of each batch serialises
 * the audit chain (docs/internals/store.md). Every wait is bounded
 * (connect_timeout, statement_timeout, lock_timeout): when the database
 * is away, calls fail (carexd answers 503) and the next batch reconnects. */
#include "config.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "store/audit.h"
#include "store/jobq.h"
#include "store/store_common.h"
#include "store/store_pg.h"
#include "util/sha256.h"

#define SCHEMA_VERSION	2
#define MAX_BATCH	64
#define NCONN		4	/* batches at once per node */

/* Advisory lock keys ("carex" and a number), the same on every node. */
#define LOCK_MIGRATE	INT64_C(0x636172657801)
#define LOCK_CHAIN	INT64_C(0x636172657802)
#define LOCK_PURGE	INT64_C(0x636172657803)

enum pq {
	P_DOC_BY_MSG, P_DOC_BY_ID, P_DOC_LOCK, P_BODY, P_INSERT_DOC,
	P_INSERT_DELIVERY, P_REPLACE, P_DELIVERY, P_DELIVERY_LOCK, P_INBOX, P_CURSOR,
	P_ACK, P_DELIVERIES, P_AUDIT, P_AUDIT_HEAD, P_CHAIN_LOCK, P_ORDER,
	P_PURGE_LOCK, P_EXPIRED, P_DELETE_DOC, P_PUSH_QUEUE, P_PUSH_DUE,
	P_PUSH_LEASE, P_PUSH_RESULT, P_PUSH_FLUSH, P_PUSH_PENDING, P_OVERDUE,
	P_AUDIT_AT, P_PROBLEM, P_DOC_LINK, P_NSTMT
};

static const char *const sql[P_NSTMT] = {
	[P_DOC_BY_MSG] = "SELECT id, sha256, received_ms FROM documents "
	    "WHERE sender = $1 AND message_id = $2",
#define DOC_COLS "seq, id, sender, message_id, doctype, marking, " \
	    "received_ms, state, replaced_by, replaces, replace_kind, sha256, " \
	    "octet_length(body)::bigint, ack_due_ms FROM documents WHERE id = $1"
	[P_DOC_BY_ID] = "SELECT " DOC_COLS,
	/* a supersede or cancel: no other node replaces it meanwhile */
	[P_DOC_LOCK] = "SELECT " DOC_COLS " FOR UPDATE",
	[P_BODY] = "SELECT body FROM documents WHERE seq = $1",
	[P_DOC_LINK] = "SELECT message_id, received_ms FROM documents "
	    "WHERE id = $1",
	/* The constraint decides, across nodes: a concurrent insert of the
	 * same key waits for the other to commit, then returns no row. */
	[P_INSERT_DOC] = "INSERT INTO documents (id, sender, message_id, "
	    "doctype, marking, body, sha256, received_ms, ack_due_ms, "
	    "expires_ms, replace_kind, replaces) VALUES ($1, $2, $3, $4, $5, "
	    "$6, $7, $8, $9, $10, $11, $12) ON CONFLICT (sender, message_id) "
	    "DO NOTHING RETURNING seq",
	[P_INSERT_DELIVERY] = "INSERT INTO deliveries (doc, recipient, "
	    "position) VALUES ($1, $2, $3)",
	[P_REPLACE] = "UPDATE documents SET state = $2, replaced_by = $3 "
	    "WHERE id = $1",
	[P_DELIVERY] = "SELECT taken_ms, accepted_ms, rejected_ms, reason, "
	    "text FROM deliveries WHERE doc = $1 AND recipient = $2",
	[P_DELIVERY_LOCK] = "SELECT taken_ms, accepted_ms, rejected_ms, "
	    "reason, text FROM deliveries WHERE doc = $1 AND recipient = $2 "
	    "FOR UPDATE",
	[P_INBOX] = "SELECT d.id, d.sender, d.message_id, d.doctype, "
	    "d.marking, d.received_ms, d.state, d.replaced_by, d.replaces, "
	    "d.replace_kind, d.sha256, octet_length(d.body)::bigint, "
	    "v.taken_ms FROM deliveries v JOIN documents d ON "
	    "d.seq = v.doc WHERE v.recipient = $1 AND v.ord > $2 AND "
	    "($3 = 0 OR v.taken_ms = 0) ORDER BY v.ord LIMIT $4",
	[P_CURSOR] = "SELECT v.ord FROM documents d JOIN deliveries v ON "
	    "v.doc = d.seq WHERE d.id = $1 AND v.recipient = $2",
	[P_ACK] = "UPDATE deliveries SET taken_ms = $3, accepted_ms = $4, "
	    "rejected_ms = $5, reason = $6, text = $7 WHERE doc = $1 AND "
	    "recipient = $2",
	[P_DELIVERIES] = "SELECT v.recipient, v.taken_ms, v.accepted_ms, "
	    "v.rejected_ms, v.reason, v.text, coalesce(o.state, 0), "
	    "coalesce(o.attempts, 0), coalesce(o.pushed_ms, 0), "
	    "coalesce(o.next_ms, 0), coalesce(o.error, ''), v.problem, "
	    "v.problem_ms FROM deliveries v "
	    "LEFT JOIN outbox o ON o.doc = v.doc AND o.recipient = v.recipient "
	    "WHERE v.doc = $1 ORDER BY v.position",
	/* set a problem, or clear one: no write when there is none */
	[P_PROBLEM] = "UPDATE deliveries SET problem = $3, problem_ms = $4 "
	    "WHERE doc = (SELECT seq FROM documents WHERE id = $1) AND "
	    "recipient = $2 AND ($3 <> '' OR problem <> '')",
	[P_AUDIT] = "INSERT INTO audit (seq, time_ms, participant, cert, "
	    "addr, action, doc_id, outcome, detail, prev_hash, hash) VALUES "
	    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
	[P_AUDIT_HEAD] = "SELECT seq, hash FROM audit ORDER BY seq DESC "
	    "LIMIT 1",
	[P_CHAIN_LOCK] = "SELECT pg_advisory_xact_lock($1)",
	/* a document's place in inboxes: its creation record's seq, given
	 * under the chain lock, so in commit order (a cursor never skips a
	 * document another node commits later with an earlier number) */
	[P_ORDER] = "UPDATE deliveries SET ord = $2 WHERE doc = $1",
	[P_PURGE_LOCK] = "SELECT pg_try_advisory_xact_lock($1)",
	[P_EXPIRED] = "SELECT seq, id FROM documents WHERE expires_ms > 0 "
	    "AND expires_ms < $1 ORDER BY seq LIMIT 1000 FOR UPDATE SKIP LOCKED",
	[P_DELETE_DOC] = "DELETE FROM documents WHERE seq = $1",
	[P_PUSH_QUEUE] = "INSERT INTO outbox (doc, recipient, url, next_ms) "
	    "VALUES ($1, $2, $3, $4)",
	/* the oldest due delivery of each recipient that has none leased;
	 * a row another node is claiming is skipped, and so is the rest of
	 * its recipient's backlog (not the oldest) */
	[P_PUSH_DUE] = "SELECT o.id, o.recipient, o.url, o.attempts, d.id, "
	    "d.sender, d.doctype, d.body FROM outbox o JOIN documents d ON "
	    "d.seq = o.doc WHERE o.id IN (SELECT min(id) FROM outbox WHERE "
	    "state = 1 AND next_ms <= $1 AND lease_ms <= $1 GROUP BY "
	    "recipient) AND NOT EXISTS (SELECT 1 FROM outbox b WHERE "
	    "b.recipient = o.recipient AND b.state = 1 AND b.lease_ms > $1) "
	    "ORDER BY o.next_ms, o.id LIMIT $2 FOR UPDATE OF o SKIP LOCKED",
	[P_PUSH_LEASE] = "UPDATE outbox SET lease_ms = $2 WHERE id = $1",
	[P_PUSH_RESULT] = "UPDATE outbox SET state = $2, attempts = $3, "
	    "next_ms = $4, lease_ms = 0, pushed_ms = $5, http_status = $6, "
	    "error = coalesce($7, error) WHERE id = $1 AND state = 1",
	[P_PUSH_FLUSH] = "UPDATE outbox SET next_ms = $2 WHERE recipient = $1 "
	    "AND state = 1 AND next_ms > $2",
	[P_PUSH_PENDING] = "SELECT count(*), min(greatest(next_ms, lease_ms)) "
	    "FROM outbox WHERE state = 1",
	[P_OVERDUE] = "SELECT count(*) FROM deliveries v JOIN documents d ON "
	    "d.seq = v.doc WHERE v.taken_ms = 0 AND d.ack_due_ms > 0 AND "
	    "d.ack_due_ms < $1",
	[P_AUDIT_AT] = "SELECT coalesce(max(seq), 0), (SELECT hash FROM audit "
	    "ORDER BY seq DESC LIMIT 1), coalesce((SELECT hash FROM audit "
	    "WHERE seq = $1), '') FROM audit",
};

static const char *const migrations[SCHEMA_VERSION] = {
	/* version 1: SQLite's version 2, plus deliveries.ord */
	"CREATE TABLE documents ("
	" seq BIGSERIAL PRIMARY KEY,"
	" id TEXT NOT NULL UNIQUE,"
	" sender TEXT NOT NULL,"
	" message_id TEXT NOT NULL,"
	" doctype TEXT NOT NULL,"
	" marking TEXT NOT NULL,"
	" body BYTEA NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" received_ms BIGINT NOT NULL,"
	" ack_due_ms BIGINT NOT NULL,"
	" expires_ms BIGINT NOT NULL,"
	" replace_kind BIGINT NOT NULL,"
	" replaces TEXT NOT NULL,"
	" state BIGINT NOT NULL DEFAULT 0,"
	" replaced_by TEXT NOT NULL DEFAULT '',"
	" UNIQUE (sender, message_id));"
	"CREATE INDEX documents_expiry ON documents (expires_ms) "
	" WHERE expires_ms > 0;"
	"CREATE TABLE deliveries ("
	" doc BIGINT NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,"
	" recipient TEXT NOT NULL,"
	" position BIGINT NOT NULL,"
	" ord BIGINT NOT NULL DEFAULT 0,"
	" taken_ms BIGINT NOT NULL DEFAULT 0,"
	" accepted_ms BIGINT NOT NULL DEFAULT 0,"
	" rejected_ms BIGINT NOT NULL DEFAULT 0,"
	" reason TEXT NOT NULL DEFAULT '',"
	" text TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY (doc, recipient));"
	"CREATE INDEX deliveries_inbox ON deliveries (recipient, ord);"
	"CREATE TABLE audit ("
	" seq BIGINT PRIMARY KEY,"
	" time_ms BIGINT NOT NULL,"
	" participant TEXT NOT NULL,"
	" cert TEXT NOT NULL,"
	" addr TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" doc_id TEXT NOT NULL,"
	" outcome TEXT NOT NULL,"
	" detail TEXT NOT NULL,"
	" prev_hash TEXT NOT NULL,"
	" hash TEXT NOT NULL);"
	"CREATE TABLE outbox ("
	" id BIGSERIAL PRIMARY KEY,"
	" doc BIGINT NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,"
	" recipient TEXT NOT NULL,"
	" url TEXT NOT NULL,"
	" state BIGINT NOT NULL DEFAULT 1,"
	" attempts BIGINT NOT NULL DEFAULT 0,"
	" next_ms BIGINT NOT NULL,"
	" lease_ms BIGINT NOT NULL DEFAULT 0,"
	" pushed_ms BIGINT NOT NULL DEFAULT 0,"
	" http_status BIGINT NOT NULL DEFAULT 0,"
	" error TEXT NOT NULL DEFAULT '',"
	" UNIQUE (doc, recipient));"
	"CREATE INDEX outbox_pending ON outbox (recipient, id) WHERE state = 1;"
	"CREATE INDEX outbox_doc ON outbox (doc);",
	/* version 2 (SQLite's 3): why a rendition could not be served */
	"ALTER TABLE deliveries ADD COLUMN problem TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE deliveries ADD COLUMN problem_ms BIGINT NOT NULL "
	" DEFAULT 0;",
};

/* An audit record waiting for the end of its batch: chained and inserted
 * then, under the chain lock, so the lock is held only from there to
 * the commit. Owns its strings. */
struct pgrec {
	struct job	*job;
	int64_t		 time_ms;
	int64_t		 doc_seq;	/* a created document: its inbox place */
	char		*f[7];		/* participant ... detail */
};

/* One connection: used by one batch at a time (busy, under s->cmu), or
 * the reader (under s->rmu). */
struct pgconn {
	PGconn		*c;
	struct pgstore	*s;
	int		 busy;
	int		 prepared[P_NSTMT];	/* on this session */
	struct pgrec	*recs;			/* this batch's audit */
	size_t		 nrecs, caprecs;
};

struct pgstore {
	char		*conninfo;
	pthread_mutex_t	 cmu;
	struct pgconn	 conns[NCONN];
	pthread_mutex_t	 rmu;
	struct pgconn	 reader;
	struct jobq	 q;
};

/* ---- connections and statements ------------------------------------- */

/* err from res (or the connection) for what; always CAREX_ESYS, which
 * carexd answers with 503: the database, not the request, failed. */
static void
pg_err(struct carex_err *err, PGconn *c, const PGresult *res,
    const char *what)
{
	const char	*m = res ? PQresultErrorMessage(res) : "";
	const char	*state = res ? PQresultErrorField(res,
	    PG_DIAG_SQLSTATE) : NULL;
	size_t		 n;

	if (m == NULL || m[0] == '\0')
		m = c ? PQerrorMessage(c) : "no connection";
	n = strcspn(m, "\n");
	err_set(err, CAREX_ESYS, "store: %s: %.*s%s%s%s", what, (int)n, m,
	    state ? " (SQLSTATE " : "", state ? state : "", state ? ")" : "");
}

/* A session with bounded waits. The caller's conninfo comes last, so
 * anything it sets wins. NULL with err when the database is away. */
static PGconn *
connect_db(const char *conninfo, struct carex_err *err)
{
	static const char *const keys[] = { "connect_timeout",
	    "tcp_user_timeout", "options", "application_name", "dbname",
	    NULL };
	const char	*vals[] = { "5", "10000", "-c statement_timeout=10000 "
	    "-c lock_timeout=5000 -c idle_in_transaction_session_timeout=60000 "
	    "-c client_min_messages=warning",
	    "carexd", conninfo, NULL };
	PGconn		*c;

	c = PQconnectdbParams(keys, vals, 1);
	if (c == NULL || PQstatus(c) != CONNECTION_OK) {
		pg_err(err, c, NULL, "cannot reach the database");
		PQfinish(c);
		return NULL;
	}
	return c;
}

/* The session, reconnected if it broke (the database restarted); its
 * prepared statements then go with it. -1 with err if still away. */
static int
ensure(struct pgconn *pc, struct carex_err *err)
{
	if (pc->c != NULL && PQstatus(pc->c) == CONNECTION_OK)
		return 0;
	PQfinish(pc->c);
	memset(pc->prepared, 0, sizeof(pc->prepared));
	pc->c = connect_db(pc->s->conninfo, err);
	return pc->c == NULL ? -1 : 0;
}

/* Up to 14 parameters of one statement, as text except for bytea. */
struct params {
	int		 n;
	const char	*v[14];
	int		 len[14];
	int		 fmt[14];
	char		 num[14][24];
};

static void
p_text(struct params *p, const char *s)
{
	p->v[p->n] = s;
	p->len[p->n] = 0;
	p->fmt[p->n++] = 0;
}

static void
p_i64(struct params *p, int64_t v)
{
	(void)snprintf(p->num[p->n], sizeof(p->num[0]), "%" PRId64, v);
	p_text(p, p->num[p->n]);
}

static void
p_bin(struct params *p, const void *b, size_t len)
{
	p->v[p->n] = b;
	p->len[p->n] = (int)len;
	p->fmt[p->n++] = 1;
}

/* Run statement q (prepared once per session) with p; results in binary.
 * The result (caller PQclears) or NULL with err. */
static PGresult *
run(struct pgconn *pc, enum pq q, const struct params *p,
    struct carex_err *err)
{
	static const struct params none;
	char		 name[8];
	PGresult	*r;
	ExecStatusType	 st;

	if (p == NULL)
		p = &none;
	(void)snprintf(name, sizeof(name), "q%d", (int)q);
	if (!pc->prepared[q]) {
		r = PQprepare(pc->c, name, sql[q], 0, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			pg_err(err, pc->c, r, "prepare");
			PQclear(r);
			return NULL;
		}
		PQclear(r);
		pc->prepared[q] = 1;
	}
	r = PQexecPrepared(pc->c, name, p->n, p->v, p->len, p->fmt, 1);
	st = PQresultStatus(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return r;
	pg_err(err, pc->c, r, sql[q]);
	PQclear(r);
	return NULL;
}

/* Run q for its effect only. */
static int
run0(struct pgconn *pc, enum pq q, const struct params *p,
    struct carex_err *err)
{
	PGresult	*r;

	if ((r = run(pc, q, p, err)) == NULL)
		return -1;
	PQclear(r);
	return 0;
}

/* Plain SQL with no parameters (transaction control, the schema). */
static int
exec_sql(PGconn *c, const char *q, struct carex_err *err)
{
	PGresult	*r = PQexec(c, q);
	ExecStatusType	 st = PQresultStatus(r);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		pg_err(err, c, r, q);
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

/* A binary integer column (int8, int4 or int2); NULL is 0. */
static int64_t
col_i64(const PGresult *r, int row, int col)
{
	const unsigned char	*v;
	uint64_t		 x = 0;
	int			 n, i;

	if (PQgetisnull(r, row, col))
		return 0;
	v = (const unsigned char *)PQgetvalue(r, row, col);
	n = PQgetlength(r, row, col);
	for (i = 0; i < n && i < 8; i++)
		x = x << 8 | v[i];
	if (n == 4)
		return (int32_t)(uint32_t)x;
	if (n == 2)
		return (int16_t)(uint16_t)x;
	return (int64_t)x;
}

static void
col_text(const PGresult *r, int row, int col, char *out, size_t len)
{
	(void)snprintf(out, len, "%.*s", PQgetlength(r, row, col),
	    PQgetvalue(r, row, col));
}

/* ---- the audit chain ------------------------------------------------ */

static void
recs_clear(struct pgconn *pc, size_t from)
{
	size_t	i, k;

	for (i = from; i < pc->nrecs; i++)
		for (k = 0; k < 7; k++)
			free(pc->recs[i].f[k]);
	pc->nrecs = from;
}

/* Within a job: an audit record for j->actor, chained at the end of the
 * batch. doc_seq: the document this record creates (its inbox place is
 * the record's seq), or 0. */
static int
pg_audit_doc(struct pgconn *pc, struct job *j, const char *action,
    const char *doc_id, const char *outcome, const char *detail,
    int64_t doc_seq)
{
	struct audit_rec	 r;
	struct pgrec		*n;
	const char		*v[7];
	int			 k;

	store_audit_rec(&r, j->actor, 0, j->now_ms, action, doc_id, outcome,
	    detail);
	if (audit_check(&r, &j->err) == -1)
		return -1;
	if (pc->nrecs == pc->caprecs) {
		size_t	cap = pc->caprecs ? 2 * pc->caprecs : 64;

		if ((n = reallocarray(pc->recs, cap, sizeof(*n))) == NULL)
			goto nomem;
		pc->recs = n;
		pc->caprecs = cap;
	}
	n = &pc->recs[pc->nrecs];
	memset(n, 0, sizeof(*n));
	n->job = j;
	n->time_ms = r.time_ms;
	n->doc_seq = doc_seq;
	v[0] = r.participant; v[1] = r.cert; v[2] = r.addr; v[3] = r.action;
	v[4] = r.doc_id; v[5] = r.outcome; v[6] = r.detail;
	pc->nrecs++;	/* freed with the rest if a copy fails */
	for (k = 0; k < 7; k++)
		if ((n->f[k] = strdup(v[k])) == NULL)
			goto nomem;
	return 0;
nomem:
	err_set(&j->err, CAREX_ESYS, "store: out of memory");
	return -1;
}

static int
pg_audit(struct pgconn *pc, struct job *j, const char *action,
    const char *doc_id, const char *outcome, const char *detail)
{
	return pg_audit_doc(pc, j, action, doc_id, outcome, detail, 0);
}

/* Chain and insert the batch's records: under an advisory lock held to
 * the commit, so one node at a time extends the chain, from the head it
 * reads after taking the lock. */
static int
append_chain(struct pgconn *pc, struct carex_err *err)
{
	struct params	 p;
	struct audit_rec r;
	struct pgrec	*n;
	PGresult	*res;
	int64_t		 seq = 0;
	char		 prev[AUDIT_HASH_HEX + 1], hash[AUDIT_HASH_HEX + 1];
	size_t		 i;

	if (pc->nrecs == 0)
		return 0;
	memset(&p, 0, sizeof(p));
	p_i64(&p, LOCK_CHAIN);
	if (run0(pc, P_CHAIN_LOCK, &p, err) == -1 ||
	    (res = run(pc, P_AUDIT_HEAD, NULL, err)) == NULL)
		return -1;
	memcpy(prev, audit_genesis, sizeof(prev));
	if (PQntuples(res) == 1) {
		seq = col_i64(res, 0, 0);
		col_text(res, 0, 1, prev, sizeof(prev));
	}
	PQclear(res);
	for (i = 0; i < pc->nrecs; i++) {
		n = &pc->recs[i];
		r.seq = ++seq;
		r.time_ms = n->time_ms;
		r.participant = n->f[0]; r.cert = n->f[1]; r.addr = n->f[2];
		r.action = n->f[3]; r.doc_id = n->f[4]; r.outcome = n->f[5];
		r.detail = n->f[6];
		if (audit_hash(prev, &r, hash, err) == -1)
			return -1;
		memset(&p, 0, sizeof(p));
		p_i64(&p, r.seq);
		p_i64(&p, r.time_ms);
		p_text(&p, r.participant); p_text(&p, r.cert);
		p_text(&p, r.addr); p_text(&p, r.action);
		p_text(&p, r.doc_id); p_text(&p, r.outcome);
		p_text(&p, r.detail); p_text(&p, prev); p_text(&p, hash);
		if (run0(pc, P_AUDIT, &p, err) == -1)
			return -1;
		if (n->doc_seq != 0) {
			memset(&p, 0, sizeof(p));
			p_i64(&p, n->doc_seq);
			p_i64(&p, r.seq);
			if (run0(pc, P_ORDER, &p, err) == -1)
				return -1;
		}
		n->job->audit_seq = r.seq;
		memcpy(n->job->audit_hash, hash, sizeof(hash));
		memcpy(prev, hash, sizeof(prev));
	}
	return 0;
}

/* ---- batches -------------------------------------------------------- */

static struct pgconn *
take_conn(struct pgstore *s)
{
	int	i;

	pthread_mutex_lock(&s->cmu);
	for (i = 0; i < NCONN && s->conns[i].busy; i++)
		;
	/* the queue runs at most NCONN batches: one is always free */
	if (i == NCONN)
		abort();
	s->conns[i].busy = 1;
	pthread_mutex_unlock(&s->cmu);
	return &s->conns[i];
}

static void
give_conn(struct pgstore *s, struct pgconn *pc)
{
	recs_clear(pc, 0);
	pthread_mutex_lock(&s->cmu);
	pc->busy = 0;
	pthread_mutex_unlock(&s->cmu);
}

/* BEGIN on a live session. A session the database dropped (a restart)
 * fails here, with nothing done yet: reconnect and try once more. */
static int
begin(struct pgconn *pc, int lazy, struct carex_err *err)
{
	int	tries;

	for (tries = 0; tries < 2; tries++) {
		if (ensure(pc, err) == -1)
			return -1;
		if (exec_sql(pc->c, lazy ? "BEGIN; SET LOCAL synchronous_commit "
		    "= off" : "BEGIN", err) == 0)
			return 0;
		if (PQstatus(pc->c) == CONNECTION_OK)
			return -1;
	}
	return -1;
}

/* One transaction for the batch, a savepoint per job when there are
 * several, so a job that fails is rolled back alone (with its audit
 * records). Lazy batches (reads: only their audit records change) commit
 * without waiting for the WAL flush, which PostgreSQL does within
 * wal_writer_delay; durable ones wait for it. */
static void
run_batch(void *backend, struct job *batch, int lazy)
{
	struct pgstore	*s = backend;
	struct pgconn	*pc = take_conn(s);
	struct carex_err e;
	struct job	*j;
	size_t		 mark;
	int		 ok = 1, several = batch->next != NULL;

	err_clear(&e);
	if (begin(pc, lazy, &e) == -1)
		ok = 0;
	for (j = batch; ok && j != NULL; j = j->next) {
		mark = pc->nrecs;
		if (several && exec_sql(pc->c, "SAVEPOINT job", &e) == -1) {
			ok = 0;
			break;
		}
		j->rc = j->fn(pc, j);
		if (j->rc == -1) {
			/* this job only: the others in the batch go on */
			recs_clear(pc, mark);
			if (!several) {
				(void)exec_sql(pc->c, "ROLLBACK", NULL);
				give_conn(s, pc);
				return;
			}
			if (exec_sql(pc->c, "ROLLBACK TO job", &e) == -1)
				ok = 0;
		}
		if (ok && several && exec_sql(pc->c, "RELEASE job", &e) == -1)
			ok = 0;
	}
	if (ok && (append_chain(pc, &e) == -1 ||
	    exec_sql(pc->c, "COMMIT", &e) == -1))
		ok = 0;
	if (!ok) {
		if (pc->c != NULL)
			(void)exec_sql(pc->c, "ROLLBACK", NULL);
		for (j = batch; j != NULL; j = j->next) {
			j->rc = -1;
			j->err = e;
			if (j->err.code == CAREX_OK)
				err_set(&j->err, CAREX_ESYS, "store: the commit "
				    "failed");
		}
	}
	give_conn(s, pc);
}

static const struct jobq_ops pg_jobq_ops = { run_batch, NULL, 0 };

/* ---- open and close ------------------------------------------------- */

/* Create or migrate the schema. Nodes starting together take turns on a
 * session advisory lock: the second finds the work done. */
static int
migrate(PGconn *c, struct carex_err *err)
{
	PGresult	*r;
	char		 q[96], unlock[64];
	int		 v = 0, i, rc = -1;

	(void)snprintf(q, sizeof(q), "SELECT pg_advisory_lock(%" PRId64 ")",
	    LOCK_MIGRATE);
	(void)snprintf(unlock, sizeof(unlock), "SELECT pg_advisory_unlock(%"
	    PRId64 ")", LOCK_MIGRATE);
	if (exec_sql(c, q, err) == -1)
		return -1;
	if (exec_sql(c, "CREATE TABLE IF NOT EXISTS carex_schema (version "
	    "INTEGER NOT NULL)", err) == -1)
		goto out;
	r = PQexec(c, "SELECT max(version) FROM carex_schema");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		pg_err(err, c, r, "schema version");
		PQclear(r);
		goto out;
	}
	if (!PQgetisnull(r, 0, 0))
		v = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	if (v > SCHEMA_VERSION) {
		err_set(err, CAREX_EUSAGE, "the database has carex schema "
		    "version %d, newer than this carexd (%d)", v,
		    SCHEMA_VERSION);
		goto out;
	}
	for (i = v; i < SCHEMA_VERSION; i++) {
		(void)snprintf(q, sizeof(q), "INSERT INTO carex_schema "
		    "VALUES (%d)", i + 1);
		if (exec_sql(c, "BEGIN", err) == -1)
			goto out;
		if (exec_sql(c, migrations[i], err) == -1 ||
		    exec_sql(c, q, err) == -1 || exec_sql(c, "COMMIT", err) ==
		    -1) {
			(void)exec_sql(c, "ROLLBACK", NULL);
			goto out;
		}
	}
	rc = 0;
out:
	(void)exec_sql(c, unlock, NULL);
	return rc;
}

struct pgstore *
pg_open(const char *conninfo, const struct store_opts *o,
    struct carex_err *err)
{
	struct pgstore	*s;
	int		 i;

	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->conninfo = strdup(conninfo)) == NULL) {
		free(s);
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&s->cmu, NULL);
	pthread_mutex_init(&s->rmu, NULL);
	s->reader.s = s;
	for (i = 0; i < NCONN; i++)
		s->conns[i].s = s;
	if (ensure(&s->reader, err) == -1 || migrate(s->reader.c, err) == -1)
		goto fail;
	if (jobq_start(&s->q, &pg_jobq_ops, s, o && o->max_batch > 0 ?
	    o->max_batch : MAX_BATCH, NCONN, err) == -1)
		goto fail;
	return s;
fail:
	pg_close(s);
	return NULL;
}

void
pg_close(struct pgstore *s)
{
	int	i;

	if (s == NULL)
		return;
	jobq_stop(&s->q);	/* drains the queue first */
	for (i = 0; i < NCONN; i++) {
		PQfinish(s->conns[i].c);
		free(s->conns[i].recs);
	}
	PQfinish(s->reader.c);
	pthread_mutex_destroy(&s->cmu);
	pthread_mutex_destroy(&s->rmu);
	free(s->conninfo);
	free(s);
}

/* ---- submit --------------------------------------------------------- */

/* The stored document with j's sender and message id: 1 with out filled
 * as STORE_SAME or STORE_CONFLICT, 0 if none, -1 on failure. */
static int
existing(struct pgconn *pc, struct job *j, const char *sha,
    struct store_submitted *out)
{
	struct params	 p;
	PGresult	*r;
	char		 old[65];
	int		 found;

	memset(&p, 0, sizeof(p));
	p_text(&p, j->actor->participant);
	p_text(&p, ((struct submit_arg *)j->arg)->in->message_id);
	if ((r = run(pc, P_DOC_BY_MSG, &p, &j->err)) == NULL)
		return -1;
	if ((found = PQntuples(r) == 1)) {
		col_text(r, 0, 0, out->id, sizeof(out->id));
		col_text(r, 0, 1, old, sizeof(old));
		out->received_ms = col_i64(r, 0, 2);
		out->outcome = strcmp(old, sha) == 0 ? STORE_SAME :
		    STORE_CONFLICT;
		if (out->outcome == STORE_CONFLICT)
			memcpy(out->sha256, old, sizeof(out->sha256));
	}
	PQclear(r);
	return found;
}

static int
audit_existing(struct pgconn *pc, struct job *j,
    const struct store_submit *in, struct store_submitted *out)
{
	return pg_audit(pc, j, "submit", out->id, out->outcome == STORE_SAME ?
	    "same" : "conflict", in->message_id);
}

/* A supersede or cancel names a current document of the same sender:
 * locked until the commit, so no other node replaces it meanwhile. 1 if
 * it may be replaced, 0 not, -1 on failure. */
static int
replaceable(struct pgconn *pc, struct job *j, const char *id)
{
	struct params	 p;
	PGresult	*r;
	char		 sender[STORE_CODE_MAX + 1];
	int		 ok;

	memset(&p, 0, sizeof(p));
	p_text(&p, id ? id : "");
	if ((r = run(pc, P_DOC_LOCK, &p, &j->err)) == NULL)
		return -1;
	ok = PQntuples(r) == 1;
	if (ok) {
		col_text(r, 0, 2, sender, sizeof(sender));
		ok = strcmp(sender, j->actor->participant) == 0 &&
		    col_i64(r, 0, 7) == STORE_CURRENT;
	}
	PQclear(r);
	return ok;
}

static int
queue_pushes(struct pgconn *pc, struct job *j, int64_t seq,
    const struct store_submit *in)
{
	struct params	p;
	size_t		i;
	int		n = 0;

	if (in->push_urls == NULL)
		return 0;
	for (i = 0; i < in->nto; i++) {
		if (in->push_urls[i] == NULL || in->push_urls[i][0] == '\0')
			continue;
		memset(&p, 0, sizeof(p));
		p_i64(&p, seq);
		p_text(&p, in->to[i]);
		p_text(&p, in->push_urls[i]);
		p_i64(&p, in->now_ms);
		if (run0(pc, P_PUSH_QUEUE, &p, &j->err) == -1)
			return -1;
		n++;
	}
	return n;
}

/* Insert the document; 1 with *seq, or 0 when the same sender and
 * message id was committed first (by this batch or another node). */
static int
insert_doc(struct pgconn *pc, struct job *j, const struct store_submit *in,
    const char *id, const char *sha, int64_t *seq)
{
	struct params	 p;
	PGresult	*r;
	int		 n;

	memset(&p, 0, sizeof(p));
	p_text(&p, id);
	p_text(&p, j->actor->participant);
	p_text(&p, in->message_id);
	p_text(&p, in->doctype);
	p_text(&p, in->marking);
	p_bin(&p, in->body, in->len);
	p_text(&p, sha);
	p_i64(&p, in->now_ms);
	p_i64(&p, in->ack_due_ms);
	p_i64(&p, in->expires_ms);
	p_i64(&p, (int64_t)in->replace);
	p_text(&p, in->replace != STORE_REPLACE_NONE && in->replaces ?
	    in->replaces : "");
	if ((r = run(pc, P_INSERT_DOC, &p, &j->err)) == NULL)
		return -1;
	if ((n = PQntuples(r)) == 1)
		*seq = col_i64(r, 0, 0);
	PQclear(r);
	return n;
}

static int
do_submit(void *conn, struct job *j)
{
	struct pgconn			*pc = conn;
	struct submit_arg		*a = j->arg;
	const struct store_submit	*in = a->in;
	struct store_submitted		*out = a->out;
	struct params			 p;
	char				 sha[65];
	int64_t				 seq = 0;
	size_t				 i;
	int				 rc;

	sha256_hex(in->body, in->len, sha);
	memcpy(out->sha256, sha, sizeof(out->sha256));
	if ((rc = existing(pc, j, sha, out)) != 0)
		return rc == -1 ? -1 : audit_existing(pc, j, in, out);
	if (in->replace != STORE_REPLACE_NONE) {
		if ((rc = replaceable(pc, j, in->replaces)) == -1)
			return -1;
		if (rc == 0) {
			out->outcome = STORE_BAD_REPLACE;
			out->id[0] = '\0';
			return pg_audit(pc, j, "submit", in->replaces,
			    "bad-replace", in->message_id);
		}
	}
	if (store_new_id(in->now_ms, out->id) == -1) {
		err_set(&j->err, CAREX_ESYS, "store: no randomness for an id");
		return -1;
	}
	out->received_ms = in->now_ms;
	if ((rc = insert_doc(pc, j, in, out->id, sha, &seq)) == -1)
		return -1;
	if (rc == 0) {
		/* another node stored it first: its answer, read now */
		if (existing(pc, j, sha, out) != 1) {
			err_set(&j->err, CAREX_ESYS, "store: the document "
			    "stored meanwhile cannot be read");
			return -1;
		}
		return audit_existing(pc, j, in, out);
	}
	for (i = 0; i < in->nto; i++) {
		memset(&p, 0, sizeof(p));
		p_i64(&p, seq);
		p_text(&p, in->to[i]);
		p_i64(&p, (int64_t)i);
		if (run0(pc, P_INSERT_DELIVERY, &p, &j->err) == -1)
			return -1;
	}
	if ((out->pushes = queue_pushes(pc, j, seq, in)) == -1)
		return -1;
	if (in->replace != STORE_REPLACE_NONE) {
		memset(&p, 0, sizeof(p));
		p_text(&p, in->replaces);
		p_i64(&p, in->replace == STORE_SUPERSEDES ? STORE_SUPERSEDED :
		    STORE_CANCELLED);
		p_text(&p, out->id);
		if (run0(pc, P_REPLACE, &p, &j->err) == -1)
			return -1;
	}
	out->outcome = STORE_CREATED;
	return pg_audit_doc(pc, j, "submit", out->id, "created",
	    in->message_id, seq);
}

int
pg_submit(struct pgstore *s, const struct store_actor *a,
    const struct store_submit *in, struct store_submitted *out,
    struct carex_err *err)
{
	struct submit_arg	arg = { in, out };

	return jobq_run(&s->q, a, do_submit, &arg, in->now_ms, DURABLE, NULL,
	    err);
}

/* ---- reading a document --------------------------------------------- */

/* What visible() found. */
struct seen {
	int64_t	 seq;
	int64_t	 ack_due_ms;
	int	 sender;	/* the actor sent it */
	int	 recipient;	/* the actor is addressed */
	int64_t	 taken, accepted, rejected;
	char	 reason[32], text[256];
};

/* The visibility rule, once for every call: the sender, or an addressee.
 * lock: the delivery row is locked until the commit (an ack). Returns 1
 * visible, 0 not (or no such id), -1 on a store failure. */
static int
visible(struct pgconn *pc, struct job *j, const char *id, int lock,
    struct store_doc *d, struct seen *w)
{
	struct params	 p;
	PGresult	*r;

	memset(w, 0, sizeof(*w));
	memset(&p, 0, sizeof(p));
	p_text(&p, id);
	if ((r = run(pc, P_DOC_BY_ID, &p, &j->err)) == NULL)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return 0;
	}
	memset(d, 0, sizeof(*d));
	w->seq = col_i64(r, 0, 0);
	col_text(r, 0, 1, d->id, sizeof(d->id));
	col_text(r, 0, 2, d->sender, sizeof(d->sender));
	col_text(r, 0, 3, d->message_id, sizeof(d->message_id));
	col_text(r, 0, 4, d->doctype, sizeof(d->doctype));
	col_text(r, 0, 5, d->marking, sizeof(d->marking));
	d->received_ms = col_i64(r, 0, 6);
	d->state = (enum store_state)col_i64(r, 0, 7);
	col_text(r, 0, 8, d->replaced_by, sizeof(d->replaced_by));
	col_text(r, 0, 9, d->replaces, sizeof(d->replaces));
	d->replace = (enum store_replace)col_i64(r, 0, 10);
	col_text(r, 0, 11, d->sha256, sizeof(d->sha256));
	d->len = (size_t)col_i64(r, 0, 12);
	w->ack_due_ms = col_i64(r, 0, 13);
	PQclear(r);
	w->sender = strcmp(d->sender, j->actor->participant) == 0;
	memset(&p, 0, sizeof(p));
	p_i64(&p, w->seq);
	p_text(&p, j->actor->participant);
	if ((r = run(pc, lock ? P_DELIVERY_LOCK : P_DELIVERY, &p,
	    &j->err)) == NULL)
		return -1;
	if (PQntuples(r) == 1) {
		w->recipient = 1;
		w->taken = d->taken_ms = col_i64(r, 0, 0);
		w->accepted = col_i64(r, 0, 1);
		w->rejected = col_i64(r, 0, 2);
		col_text(r, 0, 3, w->reason, sizeof(w->reason));
		col_text(r, 0, 4, w->text, sizeof(w->text));
	}
	PQclear(r);
	return w->sender || w->recipient;
}

static int
denied(struct pgconn *pc, struct job *j, const char *action, const char *id)
{
	if (pg_audit(pc, j, action, id, "denied", "") == -1)
		return -1;
	err_set(&j->err, CAREX_ENOTFOUND, "no such document");
	return 0;
}

/* The sender's reference and time received of the document id (one a
 * fetched document replaces or is replaced by); none when id is "". Read
 * as part of the fetch it names, not audited apart. */
static int
link_meta(struct pgconn *pc, struct job *j, const char *id, char msgid[65],
    int64_t *ms)
{
	struct params	 p;
	PGresult	*r;

	msgid[0] = '\0';
	*ms = 0;
	if (id[0] == '\0')
		return 0;
	memset(&p, 0, sizeof(p));
	p_text(&p, id);
	if ((r = run(pc, P_DOC_LINK, &p, &j->err)) == NULL)
		return -1;
	if (PQntuples(r) == 1) {
		col_text(r, 0, 0, msgid, 65);
		*ms = col_i64(r, 0, 1);
	}
	PQclear(r);
	return 0;
}

static int
do_fetch(void *conn, struct job *j)
{
	struct pgconn		*pc = conn;
	struct fetch_arg	*a = j->arg;
	struct seen		 w;
	struct params		 p;
	PGresult		*r;
	int			 v, rc;

	if ((v = visible(pc, j, a->id, 0, a->doc, &w)) == -1)
		return -1;
	if (v == 0)
		return denied(pc, j, "fetch", a->id);
	if (a->body != NULL) {
		memset(&p, 0, sizeof(p));
		p_i64(&p, w.seq);
		if ((r = run(pc, P_BODY, &p, &j->err)) == NULL)
			return -1;
		rc = PQntuples(r) == 1 ? buf_add(a->body, PQgetvalue(r, 0, 0),
		    (size_t)PQgetlength(r, 0, 0)) : -1;
		PQclear(r);
		if (rc == -1) {
			err_set(&j->err, CAREX_ESYS, "store: document too "
			    "large");
			return -1;
		}
	}
	if (link_meta(pc, j, a->doc->replaces, a->doc->replaces_msgid,
	    &a->doc->replaces_ms) == -1 || link_meta(pc, j,
	    a->doc->replaced_by, a->doc->replaced_by_msgid,
	    &a->doc->replaced_by_ms) == -1)
		return -1;
	return pg_audit(pc, j, "fetch", a->id, "ok", "");
}

int
pg_fetch(struct pgstore *s, const struct store_actor *a, const char *id,
    struct store_doc *doc, struct buf *body, struct carex_err *err)
{
	struct fetch_arg	arg = { id, doc, body };

	return jobq_run(&s->q, a, do_fetch, &arg, jobq_now_ms(), LAZY, NULL,
	    err);
}

static int
do_served(void *conn, struct job *j)
{
	struct served_arg	*a = j->arg;
	struct params		 p;
	PGresult		*r;
	char			 detail[STORE_DETAIL_MAX];

	store_served_detail(a, detail, sizeof(detail));
	if (store_served_problem(a)) {
		memset(&p, 0, sizeof(p));
		p_text(&p, a->id);
		p_text(&p, j->actor->participant);
		p_text(&p, a->problem ? a->problem : "");
		p_i64(&p, a->problem ? j->now_ms : 0);
		if ((r = run(conn, P_PROBLEM, &p, &j->err)) == NULL)
			return -1;
		PQclear(r);
	}
	return pg_audit(conn, j, "served", a->id, a->problem ? "failed" : "ok",
	    detail);
}

int
pg_served(struct pgstore *s, const struct store_actor *a, const char *id,
    const char *what, const char *sha256hex, const char *problem,
    struct carex_err *err)
{
	struct served_arg	arg = { id, what, sha256hex, problem };

	return jobq_run(&s->q, a, do_served, &arg, jobq_now_ms(), LAZY, NULL,
	    err);
}

/* ---- inbox ---------------------------------------------------------- */

static int
do_inbox(void *conn, struct job *j)
{
	struct pgconn		*pc = conn;
	struct inbox_arg	*a = j->arg;
	struct store_doc	 d;
	struct params		 p;
	PGresult		*r;
	const char		*cursor;
	int64_t			 after = 0;
	int			 n, i;

	a->next[0] = '\0';
	if (store_inbox_after(a->q, &cursor, &j->err) == -1)
		return 0;
	if (cursor != NULL) {
		memset(&p, 0, sizeof(p));
		p_text(&p, cursor);
		p_text(&p, a->q->recipient);
		if ((r = run(pc, P_CURSOR, &p, &j->err)) == NULL)
			return -1;
		if (PQntuples(r) != 1) {
			PQclear(r);
			store_cursor_unknown(&j->err);
			return 0;
		}
		after = col_i64(r, 0, 0);
		PQclear(r);
	}
	memset(&p, 0, sizeof(p));
	p_text(&p, a->q->recipient);
	p_i64(&p, after);
	p_i64(&p, a->q->unacked_only);
	p_i64(&p, a->q->limit + 1);
	if ((r = run(pc, P_INBOX, &p, &j->err)) == NULL)
		return -1;
	n = PQntuples(r);
	for (i = 0; i < n; i++) {
		if (i == a->q->limit) {	/* a page after this one */
			col_text(r, i - 1, 0, a->next, 64);
			break;
		}
		memset(&d, 0, sizeof(d));
		col_text(r, i, 0, d.id, sizeof(d.id));
		col_text(r, i, 1, d.sender, sizeof(d.sender));
		col_text(r, i, 2, d.message_id, sizeof(d.message_id));
		col_text(r, i, 3, d.doctype, sizeof(d.doctype));
		col_text(r, i, 4, d.marking, sizeof(d.marking));
		d.received_ms = col_i64(r, i, 5);
		d.state = (enum store_state)col_i64(r, i, 6);
		col_text(r, i, 7, d.replaced_by, sizeof(d.replaced_by));
		col_text(r, i, 8, d.replaces, sizeof(d.replaces));
		d.replace = (enum store_replace)col_i64(r, i, 9);
		col_text(r, i, 10, d.sha256, sizeof(d.sha256));
		d.len = (size_t)col_i64(r, i, 11);
		d.taken_ms = col_i64(r, i, 12);
		if (a->fn(a->fnarg, &d) != 0)
			break;
	}
	PQclear(r);
	return pg_audit(pc, j, "inbox", "", "ok", "");
}

int
pg_inbox(struct pgstore *s, const struct store_actor *a,
    const struct store_inbox_query *q,
    int (*fn)(void *, const struct store_doc *), void *arg, char next[64],
    struct carex_err *err)
{
	struct inbox_arg	ia = { q, fn, arg, next };

	return jobq_run(&s->q, a, do_inbox, &ia, jobq_now_ms(), LAZY, NULL,
	    err);
}

/* ---- ack ------------------------------------------------------------ */

static int
do_ack(void *conn, struct job *j)
{
	struct pgconn		*pc = conn;
	struct ack_arg		*a = j->arg;
	struct store_doc	 d;
	struct seen		 w;
	struct params		 p;
	int			 v;

	if ((v = visible(pc, j, a->id, 1, &d, &w)) == -1)
		return -1;
	if (v == 0 || !w.recipient)	/* the sender cannot acknowledge */
		return denied(pc, j, "ack", a->id);
	if (store_ack_apply(a->stage, j->now_ms, a->reason, a->text, &w.taken,
	    &w.accepted, &w.rejected, w.reason, w.text, &j->err) == 1)
		return pg_audit(pc, j, "ack", a->id, "refused",
		    "stage change");
	memset(&p, 0, sizeof(p));
	p_i64(&p, w.seq);
	p_text(&p, j->actor->participant);
	p_i64(&p, w.taken);
	p_i64(&p, w.accepted);
	p_i64(&p, w.rejected);
	p_text(&p, w.reason);
	p_text(&p, w.text);
	if (run0(pc, P_ACK, &p, &j->err) == -1)
		return -1;
	return pg_audit(pc, j, "ack", a->id, a->stage == STORE_TAKEN ?
	    "taken" : a->stage == STORE_ACCEPTED ? "accepted" : "rejected",
	    w.rejected ? w.reason : "");
}

int
pg_ack(struct pgstore *s, const struct store_actor *a, const char *id,
    enum store_stage stage, const char *reason, const char *text,
    int64_t now, struct carex_err *err)
{
	struct ack_arg	arg = { id, stage, reason ? reason : "",
	    text ? text : "" };

	return jobq_run(&s->q, a, do_ack, &arg, now, DURABLE, NULL, err);
}

/* ---- status --------------------------------------------------------- */

static int
do_status(void *conn, struct job *j)
{
	struct pgconn		*pc = conn;
	struct status_arg	*a = j->arg;
	struct store_delivery	 dv;
	struct seen		 w;
	struct params		 p;
	PGresult		*r;
	int			 v, i, n;

	if ((v = visible(pc, j, a->id, 0, a->doc, &w)) == -1)
		return -1;
	if (v == 0 || !w.sender)
		return denied(pc, j, "status", a->id);
	a->doc->taken_ms = 0;
	memset(&p, 0, sizeof(p));
	p_i64(&p, w.seq);
	if ((r = run(pc, P_DELIVERIES, &p, &j->err)) == NULL)
		return -1;
	n = PQntuples(r);
	for (i = 0; i < n; i++) {
		memset(&dv, 0, sizeof(dv));
		col_text(r, i, 0, dv.recipient, sizeof(dv.recipient));
		dv.taken_ms = col_i64(r, i, 1);
		dv.accepted_ms = col_i64(r, i, 2);
		dv.rejected_ms = col_i64(r, i, 3);
		col_text(r, i, 4, dv.reason, sizeof(dv.reason));
		col_text(r, i, 5, dv.text, sizeof(dv.text));
		dv.push_state = (enum store_push_state)col_i64(r, i, 6);
		dv.push_attempts = (int)col_i64(r, i, 7);
		dv.pushed_ms = col_i64(r, i, 8);
		if (dv.push_state == STORE_PUSH_PENDING)
			dv.push_next_ms = col_i64(r, i, 9);
		col_text(r, i, 10, dv.push_error, sizeof(dv.push_error));
		col_text(r, i, 11, dv.problem, sizeof(dv.problem));
		dv.problem_ms = col_i64(r, i, 12);
		dv.ack_due_ms = w.ack_due_ms;
		dv.overdue = dv.taken_ms == 0 && w.ack_due_ms > 0 &&
		    j->now_ms > w.ack_due_ms;
		if (a->fn(a->fnarg, &dv) != 0)
			break;
	}
	PQclear(r);
	return pg_audit(pc, j, "status", a->id, "ok", "");
}

int
pg_status(struct pgstore *s, const struct store_actor *a, const char *id,
    int64_t now, struct store_doc *doc,
    int (*fn)(void *, const struct store_delivery *), void *arg,
    struct carex_err *err)
{
	struct status_arg	sa = { id, doc, fn, arg };

	return jobq_run(&s->q, a, do_status, &sa, now, LAZY, NULL, err);
}

/* ---- counts outside any job (metrics) -------------------------------- */

/* One row of q on the reader connection, reconnecting if needed. */
static PGresult *
read_row(struct pgstore *s, enum pq q, const struct params *p,
    struct carex_err *err)
{
	PGresult	*r = NULL;

	pthread_mutex_lock(&s->rmu);
	if (ensure(&s->reader, err) == 0 &&
	    (r = run(&s->reader, q, p, err)) != NULL && PQntuples(r) != 1) {
		err_set(err, CAREX_ESYS, "store: no row");
		PQclear(r);
		r = NULL;
	}
	pthread_mutex_unlock(&s->rmu);
	return r;
}

int
pg_push_pending(struct pgstore *s, long *pending, int64_t *next_ms,
    struct carex_err *err)
{
	PGresult	*r;

	if ((r = read_row(s, P_PUSH_PENDING, NULL, err)) == NULL)
		return -1;
	*pending = (long)col_i64(r, 0, 0);
	*next_ms = PQgetisnull(r, 0, 1) ? INT64_MAX : col_i64(r, 0, 1);
	PQclear(r);
	return 0;
}

int
pg_overdue_count(struct pgstore *s, int64_t now, long *count,
    struct carex_err *err)
{
	struct params	 p;
	PGresult	*r;

	memset(&p, 0, sizeof(p));
	p_i64(&p, now);
	if ((r = read_row(s, P_OVERDUE, &p, err)) == NULL)
		return -1;
	*count = (long)col_i64(r, 0, 0);
	PQclear(r);
	return 0;
}

int
pg_audit_at(struct pgstore *s, int64_t seq, int64_t *head_seq,
    char head_hash[65], char at_hash[65], struct carex_err *err)
{
	struct params	 p;
	PGresult	*r;

	memset(&p, 0, sizeof(p));
	p_i64(&p, seq);
	if ((r = read_row(s, P_AUDIT_AT, &p, err)) == NULL)
		return -1;
	*head_seq = col_i64(r, 0, 0);
	col_text(r, 0, 1, head_hash, 65);
	col_text(r, 0, 2, at_hash, 65);
	PQclear(r);
	return 0;
}

/* ---- the push outbox ------------------------------------------------ */

/* Rows another node is claiming are skipped (SKIP LOCKED); the ones
 * taken here stay locked until the lease commits. */
static int
do_claim(void *conn, struct job *j)
{
	struct pgconn		*pc = conn;
	struct claim_arg	*a = j->arg;
	struct store_push	 ps;
	struct params		 p;
	PGresult		*r;
	int			 n, i;

	memset(&p, 0, sizeof(p));
	p_i64(&p, j->now_ms);
	p_i64(&p, a->max);
	if ((r = run(pc, P_PUSH_DUE, &p, &j->err)) == NULL)
		return -1;
	n = PQntuples(r);
	for (i = 0; i < n; i++) {
		memset(&ps, 0, sizeof(ps));
		ps.key = col_i64(r, i, 0);
		col_text(r, i, 1, ps.recipient, sizeof(ps.recipient));
		col_text(r, i, 2, ps.url, sizeof(ps.url));
		ps.attempts = (int)col_i64(r, i, 3);
		col_text(r, i, 4, ps.doc_id, sizeof(ps.doc_id));
		col_text(r, i, 5, ps.sender, sizeof(ps.sender));
		col_text(r, i, 6, ps.doctype, sizeof(ps.doctype));
		ps.body = PQgetvalue(r, i, 7);
		ps.len = (size_t)PQgetlength(r, i, 7);
		if (a->fn(a->fnarg, &ps) != 0)
			break;		/* not taken: stays unleased */
		memset(&p, 0, sizeof(p));
		p_i64(&p, ps.key);
		p_i64(&p, a->lease_ms);
		if (run0(pc, P_PUSH_LEASE, &p, &j->err) == -1) {
			PQclear(r);
			return -1;
		}
	}
	PQclear(r);
	return 0;
}

int
pg_push_claim(struct pgstore *s, int64_t now, int64_t lease_ms, int max,
    int (*fn)(void *, const struct store_push *), void *arg,
    struct carex_err *err)
{
	struct claim_arg	a = { lease_ms, max, fn, arg };

	return jobq_run(&s->q, &store_system, do_claim, &a, now, LAZY, NULL, err);
}

static int
do_result(void *conn, struct job *j)
{
	struct pgconn			*pc = conn;
	struct result_arg		*a = j->arg;
	const struct store_push		*ps = a->p;
	const struct store_push_result	*r = a->r;
	struct store_push_next		 n;
	struct params			 p;

	store_push_next(ps, r, &n);
	memset(&p, 0, sizeof(p));
	p_i64(&p, ps->key);
	p_i64(&p, n.state);
	p_i64(&p, n.attempts);
	p_i64(&p, n.next_ms);
	p_i64(&p, n.pushed_ms);
	p_i64(&p, r->http_status);
	p_text(&p, r->outcome == STORE_PUSH_DELIVERED ? NULL :
	    r->error ? r->error : "");
	if (run0(pc, P_PUSH_RESULT, &p, &j->err) == -1)
		return -1;
	/* The endpoint answers again: the recipient's backlog need not
	 * wait out each row's own backoff. */
	if (r->outcome == STORE_PUSH_DELIVERED) {
		memset(&p, 0, sizeof(p));
		p_text(&p, ps->recipient);
		p_i64(&p, r->now_ms);
		if (run0(pc, P_PUSH_FLUSH, &p, &j->err) == -1)
			return -1;
	}
	return pg_audit(pc, j, "push", ps->doc_id,
	    store_push_outcome_name(r->outcome), n.detail);
}

int
pg_push_result(struct pgstore *s, const struct store_push *p,
    const struct store_push_result *r, struct carex_err *err)
{
	struct store_actor	a = { p->recipient, "", r->addr ? r->addr : "" };
	struct result_arg	arg = { p, r };

	return jobq_run(&s->q, &a, do_result, &arg, r->now_ms, DURABLE, NULL,
	    err);
}

/* ---- audit and purge ------------------------------------------------ */

static int
do_audit(void *conn, struct job *j)
{
	const char	**v = j->arg;

	return pg_audit(conn, j, v[0], v[1], v[2], v[3]);
}

int
pg_audit_record(struct pgstore *s, const struct store_actor *a,
    const char *action, const char *doc_id, const char *outcome,
    const char *detail, struct carex_err *err)
{
	const char	*v[4] = { action, doc_id, outcome, detail };

	return jobq_run(&s->q, a, do_audit, v, jobq_now_ms(), DURABLE, NULL,
	    err);
}

int
pg_audit_async(struct pgstore *s, const struct store_actor *a,
    const char *action, const char *outcome, const char *detail)
{
	return jobq_audit_async(&s->q, do_audit, a, action, outcome, detail);
}

void
pg_stats(struct pgstore *s, struct store_stats *out)
{
	jobq_stats(&s->q, out);
}

/* One node purges at a time (a try-lock: the others find it taken and
 * leave it to the next tick); rows are locked as they are chosen. */
static int
do_purge(void *conn, struct job *j)
{
	struct pgconn		*pc = conn;
	struct store_purged	*out = j->arg;
	struct params		 p;
	PGresult		*r, *del;
	char			 id[STORE_ID_LEN + 1];
	int			 n, i, mine;

	out->documents = 0;
	memset(&p, 0, sizeof(p));
	p_i64(&p, LOCK_PURGE);
	if ((r = run(pc, P_PURGE_LOCK, &p, &j->err)) == NULL)
		return -1;
	mine = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 1;
	PQclear(r);
	if (!mine)
		return 0;
	memset(&p, 0, sizeof(p));
	p_i64(&p, j->now_ms);
	if ((r = run(pc, P_EXPIRED, &p, &j->err)) == NULL)
		return -1;
	n = PQntuples(r);
	for (i = 0; i < n; i++) {
		memset(&p, 0, sizeof(p));
		p_i64(&p, col_i64(r, i, 0));
		col_text(r, i, 1, id, sizeof(id));
		if ((del = run(pc, P_DELETE_DOC, &p, &j->err)) == NULL ||
		    pg_audit(pc, j, "purge", id, "purged",
		    "retention passed") == -1) {
			PQclear(del);
			PQclear(r);
			return -1;
		}
		PQclear(del);
		out->documents++;
	}
	PQclear(r);
	return 0;
}

int
pg_purge(struct pgstore *s, int64_t now, struct store_purged *out,
    struct carex_err *err)
{
	struct job	done;

	if (jobq_run(&s->q, &store_system, do_purge, out, now, DURABLE, &done,
	    err) == -1)
		return -1;
	/* the chain's head after the purge's records (0 when it made none) */
	out->audit_seq = done.audit_seq;
	memcpy(out->audit_hash, done.audit_hash, sizeof(out->audit_hash));
	return 0;
}

/* ---- offline verification ------------------------------------------- */

/* Walk the chain in seq order, a row at a time (single-row mode: the
 * trail may be larger than memory). */
int
pg_audit_verify(const char *conninfo, struct audit_walk *w, long *first_bad,
    struct carex_err *err)
{
	struct audit_rec	 r;
	PGconn			*c;
	PGresult		*res;
	int			 rc = 0, result = -1;

	if ((c = connect_db(conninfo, err)) == NULL)
		return -1;
	if (!PQsendQueryParams(c, "SELECT seq, time_ms, participant, cert, "
	    "addr, action, doc_id, outcome, detail, prev_hash, hash FROM audit "
	    "ORDER BY seq", 0, NULL, NULL, NULL, NULL, 1) ||
	    !PQsetSingleRowMode(c)) {
		pg_err(err, c, NULL, "audit");
		PQfinish(c);
		return -1;
	}
	while ((res = PQgetResult(c)) != NULL) {
		if (PQresultStatus(res) == PGRES_SINGLE_TUPLE && rc == 0) {
#define T(i)	PQgetvalue(res, 0, i)
			r.seq = col_i64(res, 0, 0);
			r.time_ms = col_i64(res, 0, 1);
			r.participant = T(2); r.cert = T(3); r.addr = T(4);
			r.action = T(5); r.doc_id = T(6); r.outcome = T(7);
			r.detail = T(8);
			if ((rc = audit_walk_next(w, &r, T(9), T(10), err)) !=
			    0) {
				*first_bad = (long)r.seq;
				result = rc == 1 ? 1 : -1;
			}
#undef T
		} else if (PQresultStatus(res) != PGRES_TUPLES_OK &&
		    PQresultStatus(res) != PGRES_SINGLE_TUPLE && rc == 0) {
			pg_err(err, c, res, "audit");
			rc = -1;
		}
		PQclear(res);	/* read to the end: the connection is reused */
	}
	if (rc == 0)
		result = 0;
	PQfinish(c);
	return result;
}
