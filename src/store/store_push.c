/* SPDX-License-Identifier: MIT */
/* store_push.c - the SQLite store's push outbox (see store.h): rows
 * queued with a submission, claimed under a lease for one attempt, and
 * the result of each attempt recorded and audited. The retry policy
 * (when, how often) is the caller's (src/net/push.c); this file only
 * keeps the state. docs/internals/store.md describes the table. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "store/store_common.h"
#include "store/store_sqlite.h"


int
sq_push_queue(struct sqstore *s, struct job *j, int64_t seq,
    const struct store_submit *in)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 n = 0;

	if (in->push_urls == NULL)
		return 0;
	for (i = 0; i < in->nto; i++) {
		if (in->push_urls[i] == NULL || in->push_urls[i][0] == '\0')
			continue;
		if ((st = sq_stmt(s, Q_PUSH_QUEUE)) == NULL ||
		    sqlite3_bind_int64(st, 1, seq) ||
		    sqlite3_bind_text(st, 2, in->to[i], -1, SQLITE_STATIC) ||
		    sqlite3_bind_text(st, 3, in->push_urls[i], -1,
		    SQLITE_STATIC) ||
		    sqlite3_bind_int64(st, 4, in->now_ms) ||
		    sqlite3_step(st) != SQLITE_DONE) {
			sq_err(&j->err, sq_db(s), "push queue");
			return -1;
		}
		n++;
	}
	return n;
}

/* ---- claim ---------------------------------------------------------- */

static int
do_claim(void *conn, struct job *j)
{
	struct sqstore	*s = conn;
	struct claim_arg	*a = j->arg;
	struct store_push	 p;
	sqlite3_stmt		*st;
	int64_t			 keys[STORE_CLAIM_MAX];	/* store.c clamps max */
	int			 n = 0, i, rc = SQLITE_DONE;

	if ((st = sq_stmt(s, Q_PUSH_DUE)) == NULL ||
	    sqlite3_bind_int64(st, 1, j->now_ms) ||
	    sqlite3_bind_int(st, 2, a->max))
		goto dberr;
	while (n < a->max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&p, 0, sizeof(p));
		p.key = sqlite3_column_int64(st, 0);
		sq_text(st, 1, p.recipient, sizeof(p.recipient));
		sq_text(st, 2, p.url, sizeof(p.url));
		p.attempts = sqlite3_column_int(st, 3);
		sq_text(st, 4, p.doc_id, sizeof(p.doc_id));
		sq_text(st, 5, p.sender, sizeof(p.sender));
		sq_text(st, 6, p.doctype, sizeof(p.doctype));
		p.body = sqlite3_column_blob(st, 7);
		p.len = (size_t)sqlite3_column_bytes(st, 7);
		if (a->fn(a->fnarg, &p) != 0)
			break;		/* not taken: stays unleased */
		keys[n++] = p.key;
	}
	if (n < a->max && rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto dberr;
	/* Leased after the walk: the rows are not changed under it. */
	for (i = 0; i < n; i++)
		if ((st = sq_stmt(s, Q_PUSH_LEASE)) == NULL ||
		    sqlite3_bind_int64(st, 1, keys[i]) ||
		    sqlite3_bind_int64(st, 2, a->lease_ms) ||
		    sqlite3_step(st) != SQLITE_DONE)
			goto dberr;
	return 0;
dberr:
	sq_err(&j->err, sq_db(s), "push claim");
	return -1;
}

int
sq_push_claim(struct sqstore *s, int64_t now, int64_t lease_ms, int max,
    int (*fn)(void *, const struct store_push *), void *arg,
    struct carex_err *err)
{
	struct claim_arg	a = { lease_ms, max, fn, arg };

	/* A lease lost in a crash only delays the next attempt: lazy. */
	return sq_job(s, &store_system, do_claim, &a, now, LAZY, err);
}

/* ---- result --------------------------------------------------------- */

static int
do_result(void *conn, struct job *j)
{
	struct sqstore	*s = conn;
	struct result_arg		*a = j->arg;
	const struct store_push		*p = a->p;
	const struct store_push_result	*r = a->r;
	struct store_push_next		 n;
	sqlite3_stmt			*st;

	store_push_next(p, r, &n);
	if ((st = sq_stmt(s, Q_PUSH_RESULT)) == NULL ||
	    sqlite3_bind_int64(st, 1, p->key) ||
	    sqlite3_bind_int(st, 2, n.state) ||
	    sqlite3_bind_int(st, 3, n.attempts) ||
	    sqlite3_bind_int64(st, 4, n.next_ms) ||
	    sqlite3_bind_int64(st, 5, n.pushed_ms) ||
	    sqlite3_bind_int(st, 6, r->http_status) ||
	    (r->outcome == STORE_PUSH_DELIVERED ? sqlite3_bind_null(st, 7) :
	    sqlite3_bind_text(st, 7, r->error ? r->error : "", -1,
	    SQLITE_STATIC)) || sqlite3_step(st) != SQLITE_DONE)
		goto dberr;
	/* The endpoint answers again: the recipient's backlog need not
	 * wait out each row's own backoff. */
	if (r->outcome == STORE_PUSH_DELIVERED &&
	    ((st = sq_stmt(s, Q_PUSH_FLUSH)) == NULL ||
	    sqlite3_bind_text(st, 1, p->recipient, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(st, 2, r->now_ms) ||
	    sqlite3_step(st) != SQLITE_DONE))
		goto dberr;
	return sq_audit(s, j, "push", p->doc_id,
	    store_push_outcome_name(r->outcome), n.detail);
dberr:
	sq_err(&j->err, sq_db(s), "push result");
	return -1;
}

int
sq_push_result(struct sqstore *s, const struct store_push *p,
    const struct store_push_result *r, struct carex_err *err)
{
	struct store_actor	a = { p->recipient, "", r->addr ? r->addr : "" };
	struct result_arg	arg = { p, r };

	return sq_job(s, &a, do_result, &arg, r->now_ms, DURABLE, err);
}

/* ---- pending -------------------------------------------------------- */

int
sq_push_pending(struct sqstore *s, long *pending, int64_t *next_ms,
    struct carex_err *err)
{
	sqlite3		*db = sq_reader_lock(s);
	sqlite3_stmt	*st = NULL;
	int		 rc = -1;

	if (sqlite3_prepare_v2(db, "SELECT count(*), min(max(next_ms, "
	    "lease_ms)) FROM outbox WHERE state = 1", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		*pending = (long)sqlite3_column_int64(st, 0);
		*next_ms = sqlite3_column_type(st, 1) == SQLITE_NULL ?
		    INT64_MAX : sqlite3_column_int64(st, 1);
		rc = 0;
	} else
		sq_err(err, db, "push pending");
	(void)sqlite3_finalize(st);
	sq_reader_unlock(s);
	return rc;
}
