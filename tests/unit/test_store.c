/* SPDX-License-Identifier: MIT */
/* test_store.c - the store through its interface only, on SQLite or, when
 * CAREX_TEST_PG names a PostgreSQL server (tests/unit/store_pg.test sets
 * it), on PostgreSQL, with the same checks: idempotent submit and conflicts,
 * inbox paging, visibility, ack stages, status and overdue, supersede and
 * cancel, purge, group commit under concurrent writers, detached audit
 * records, and that everything survives a close and reopen with the
 * audit chain intact; the push outbox (claims, leases, retries, results,
 * status); and the migration of a version 1 store. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "check.h"
#include "store/store.h"

#define THREADS		8
#define PER_THREAD	40

static const struct store_actor adrs = { "adrs-glasgow", "aa", "127.0.0.1" };
static const struct store_actor gp = { "gp-43021", "bb", "127.0.0.1" };
static const struct store_actor ph = { "ph-1187", "cc", "127.0.0.1" };
static const struct store_actor other = { "gp-43302", "dd", "127.0.0.1" };
static const char *to_both[] = { "gp-43021", "ph-1187" };
static const char *to_gp[] = { "gp-43021" };

static int64_t	 now = 1760000000000LL;	/* fixed: tests do not read clocks */

static int	 test_push(const char *dir);
static int	 test_migrate(const char *dir);

/* The store called name: dir/name.db, or with CAREX_TEST_PG set (a URL
 * ending in '/', the server's databases name and name_push made empty by
 * the caller) that database. */
static void
store_path(char *out, size_t len, const char *dir, const char *name)
{
	const char	*pg = getenv("CAREX_TEST_PG");

	if (pg != NULL && pg[0] != '\0')
		(void)snprintf(out, len, "%s%s", pg, name);
	else
		(void)snprintf(out, len, "%s/%s.db", dir, name);
}

/* Fault injection without a seam in the store: SQLite runs every
 * registered auto-extension on each connection the process opens, the
 * store's included, so a trace callback sees each statement start and,
 * while fail_expired is set, arms a progress handler that interrupts the
 * purge's SELECT of expired documents on its first step. */
static int	 fail_expired, interrupting;

static int
interrupt_armed(void *arg)
{
	(void)arg;
	return interrupting;
}

static int
watch_stmt(unsigned type, void *ctx, void *p, void *x)
{
	(void)type; (void)ctx; (void)x;
	interrupting = fail_expired && strstr(sqlite3_sql(p),
	    "FROM documents WHERE expires_ms") != NULL;
	return 0;
}

static int
fault_hooks(sqlite3 *db, char **msg, const void *api)
{
	(void)msg; (void)api;
	sqlite3_progress_handler(db, 1, interrupt_armed, NULL);
	return sqlite3_trace_v2(db, SQLITE_TRACE_STMT, watch_stmt, NULL);
}

/* A submission received now (the clock advanced by 1 ms). */
static void
fill(struct store_submit *in, const char *msgid, const char *body,
    const char **to, size_t nto)
{
	memset(in, 0, sizeof(*in));
	in->message_id = msgid;
	in->doctype = "prescription-change";
	in->marking = "OFFICIAL-SENSITIVE";
	in->to = to;
	in->nto = nto;
	in->body = body;
	in->len = strlen(body);
	in->now_ms = ++now;
	in->ack_due_ms = now + 1000;
}

static int
submit(struct store *s, const struct store_actor *a, const char *msgid,
    const char *body, const char **to, size_t nto, enum store_replace rep,
    const char *replaces, int64_t expires, struct store_submitted *out)
{
	struct store_submit	in;
	struct carex_err	err;

	fill(&in, msgid, body, to, nto);
	in.replace = rep;
	in.replaces = replaces;
	in.expires_ms = expires;
	return store_submit(s, a, &in, out, &err);
}

struct list {
	int	n;
	char	ids[64][STORE_ID_LEN + 1];
	int	state[64];
	char	replaced_by[64][STORE_ID_LEN + 1];
};

static int
collect(void *arg, const struct store_doc *d)
{
	struct list	*l = arg;

	if (l->n < 64) {
		memcpy(l->ids[l->n], d->id, sizeof(l->ids[0]));
		l->state[l->n] = (int)d->state;
		memcpy(l->replaced_by[l->n], d->replaced_by,
		    sizeof(l->replaced_by[0]));
	}
	l->n++;
	return 0;
}

static int
inbox(struct store *s, const struct store_actor *a, const char *after,
    int unacked, int limit, struct list *l, char next[64])
{
	struct store_inbox_query	q = { a->participant, after, unacked,
	    limit };
	struct carex_err		err;

	memset(l, 0, sizeof(*l));
	return store_inbox(s, a, &q, collect, l, next, &err);
}

struct dlist {
	int	n;
	struct store_delivery d[8];
};

static int
collect_delivery(void *arg, const struct store_delivery *d)
{
	struct dlist	*l = arg;

	if (l->n < 8)
		l->d[l->n] = *d;
	l->n++;
	return 0;
}

struct writer_arg {
	struct store	*s;
	int		 t;
	int		 created;
	char		 ids[PER_THREAD][STORE_ID_LEN + 1];
};

/* Which backend a store setting names, and how it is logged. */
static void
test_paths(void)
{
	static const struct {
		const char	*path, *shown;
	} cases[] = {
		{ "/var/lib/carex/carex.db", "/var/lib/carex/carex.db" },
		{ "postgresql://carex:s3cret@db1:5432/carex",
		    "postgresql://carex:***@db1:5432/carex" },
		{ "postgres://carex@db1/carex", "postgres://carex@db1/carex" },
		{ "postgresql://db1/carex?user=carex&password=s3cret&x=1",
		    "postgresql://db1/carex?user=carex&password=***&x=1" },
		{ "host=db1 password=s3cret dbname=carex",
		    "host=db1 password=*** dbname=carex" },
	};
	char	out[256];
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		check(strcmp(store_redacted(cases[i].path, out, sizeof(out)),
		    cases[i].shown) == 0, "logged as %s: %s", cases[i].shown,
		    out);
		check(store_is_file(cases[i].path) == (i == 0),
		    "%s is %s", cases[i].path, i == 0 ? "a file" : "PostgreSQL");
	}
}

static void *
writer(void *p)
{
	struct writer_arg	*w = p;
	struct store_submitted	 out;
	char			 msgid[64], body[128];
	int			 i;

	for (i = 0; i < PER_THREAD; i++) {
		(void)snprintf(msgid, sizeof(msgid), "load-%d-%d", w->t, i);
		(void)snprintf(body, sizeof(body), "<doc n=\"%d-%d\"/>", w->t,
		    i);
		if (submit(w->s, &adrs, msgid, body, to_gp, 1,
		    STORE_REPLACE_NONE, NULL, 0, &out) == 0 &&
		    out.outcome == STORE_CREATED) {
			memcpy(w->ids[w->created], out.id, sizeof(out.id));
			w->created++;
		}
	}
	return NULL;
}

int
main(void)
{
	struct store		*s;
	struct store_submitted	 a, a2, b, c, x;
	struct store_doc	 doc;
	struct store_stats	 st0, st1;
	struct store_purged	 pg;
	struct carex_err	 err;
	struct list		 l;
	struct dlist		 dl;
	struct writer_arg	 w[THREADS];
	pthread_t		 th[THREADS];
	struct buf		 body;
	char			 dir[] = "/tmp/carex-store.XXXXXX", path[256];
	char			 next[64], after[64];
	long			 records, bad, overdue;
	int			 i, k, pages, total, distinct;

	test_paths();
	(void)sqlite3_auto_extension((void (*)(void))fault_hooks);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	store_path(path, sizeof(path), dir, "carex");
	s = store_open(path, NULL, &err);
	check(s != NULL, "open a new store: %s", err.msg);
	if (s == NULL)
		return check_done();

	/* idempotent submit, conflicts */
	check(submit(s, &adrs, "m-1", "<a/>", to_both, 2, STORE_REPLACE_NONE,
	    NULL, 0, &a) == 0 && a.outcome == STORE_CREATED, "submit");
	check(strlen(a.id) == STORE_ID_LEN, "a ULID id: %s", a.id);
	check(store_id_valid(a.id, strlen(a.id)), "the store's ids are valid");
	check(!store_id_valid("01ARZ3NDEKTSV4RRFFQ69G5FAI", 26) &&
	    !store_id_valid("01arz3ndektsv4rrffq69g5fav", 26) &&
	    !store_id_valid("01ARZ3NDEKTSV4RRFFQ69G5FA", 25) &&
	    !store_id_valid("..%2F..%2Fetc%2Fpasswd0000", 26),
	    "anything else is not an id");
	check(submit(s, &adrs, "m-1", "<a/>", to_both, 2, STORE_REPLACE_NONE,
	    NULL, 0, &a2) == 0 && a2.outcome == STORE_SAME &&
	    strcmp(a2.id, a.id) == 0 && a2.received_ms == a.received_ms,
	    "same message id and bytes: the original answer");
	check(submit(s, &adrs, "m-1", "<b/>", to_both, 2, STORE_REPLACE_NONE,
	    NULL, 0, &x) == 0 && x.outcome == STORE_CONFLICT,
	    "same message id, other bytes: conflict");
	check(submit(s, &other, "m-1", "<b/>", to_gp, 1, STORE_REPLACE_NONE,
	    NULL, 0, &x) == 0 && x.outcome == STORE_CREATED,
	    "message ids are per sender");

	/* visibility */
	buf_init(&body, 1 << 20);
	check(store_fetch(s, &gp, a.id, &doc, &body, &err) == 0 &&
	    body.len == 4 && memcmp(body.data, "<a/>", 4) == 0 &&
	    strcmp(doc.sender, "adrs-glasgow") == 0, "a recipient fetches");
	check(store_fetch(s, &adrs, a.id, &doc, NULL, &err) == 0,
	    "the sender fetches");
	err.code = CAREX_OK;
	check(store_fetch(s, &other, a.id, &doc, NULL, &err) == -1 &&
	    err.code == CAREX_ENOTFOUND, "anyone else: not found");
	err.code = CAREX_OK;
	check(store_fetch(s, &gp, "01ARZ3NDEKTSV4RRFFQ69G5FAV", &doc, NULL,
	    &err) == -1 && err.code == CAREX_ENOTFOUND, "unknown id");
	buf_free(&body);

	/* inbox: oldest first, cursor paging */
	for (i = 0; i < 5; i++) {
		char	m[16];

		(void)snprintf(m, sizeof(m), "p-%d", i);
		check(submit(s, &adrs, m, "<p/>", to_gp, 1, STORE_REPLACE_NONE,
		    NULL, 0, &x) == 0, "page filler %d", i);
	}
	check(inbox(s, &gp, NULL, 0, 500, &l, next) == 0 && l.n == 7 &&
	    strcmp(l.ids[0], a.id) == 0 && next[0] == '\0',
	    "GP inbox: 7 (one from another sender), oldest first (%d)", l.n);
	check(inbox(s, &ph, NULL, 0, 500, &l, next) == 0 && l.n == 1,
	    "pharmacy inbox: 1 (%d)", l.n);
	check(inbox(s, &other, NULL, 0, 500, &l, next) == 0 && l.n == 0,
	    "the other GP's inbox is empty (%d)", l.n);
	after[0] = '\0';
	pages = total = 0;
	do {
		check(inbox(s, &gp, after[0] ? after : NULL, 0, 4, &l, next) ==
		    0 && l.n <= 4, "a page of at most 4");
		total += l.n;
		pages++;
		memcpy(after, next, sizeof(after));
	} while (next[0] != '\0' && pages < 10);
	check(pages == 2 && total == 7, "two pages, seven documents (%d, %d)",
	    pages, total);
	/* the cursor is the id of the page's last document, which the
	 * recipient sees anyway; nothing exchange-wide (a sequence number
	 * would count everyone else's documents in between) */
	check(inbox(s, &gp, NULL, 0, 4, &l, next) == 0 && l.n == 4 &&
	    strcmp(next, l.ids[3]) == 0, "the cursor is the last id of the "
	    "page (%s)", next);
	{
		struct store_inbox_query q = { "gp-43302", next, 0, 4 };
		struct carex_err e1, e2;
		char		 n2[64];

		err_clear(&e1);
		err_clear(&e2);
		check(store_inbox(s, &other, &q, collect, &l, n2, &e1) == -1 &&
		    e1.code == CAREX_EUSAGE, "another's cursor is refused: %s",
		    e1.msg);
		q.after = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
		check(store_inbox(s, &other, &q, collect, &l, n2, &e2) == -1 &&
		    strcmp(e1.msg, e2.msg) == 0, "as one naming no document: "
		    "it tells nothing (%s)", e2.msg);
		q.after = "12";
		q.recipient = "gp-43021";
		check(store_inbox(s, &gp, &q, collect, &l, n2, &e2) == -1 &&
		    strstr(e2.msg, "number") != NULL, "a numeric cursor from "
		    "an older carexd: refused, saying so (%s)", e2.msg);
	}

	/* acks and status */
	err.code = CAREX_OK;
	check(store_ack(s, &other, a.id, STORE_TAKEN, NULL, NULL, ++now,
	    &err) == -1 && err.code == CAREX_ENOTFOUND, "outsider cannot ack");
	check(store_ack(s, &gp, a.id, STORE_TAKEN, NULL, NULL, ++now, &err) ==
	    0, "GP takes");
	check(store_ack(s, &gp, a.id, STORE_ACCEPTED, NULL, NULL, ++now,
	    &err) == 0, "GP accepts");
	check(store_ack(s, &gp, a.id, STORE_ACCEPTED, NULL, NULL, ++now,
	    &err) == 0, "accepting again changes nothing");
	err.code = CAREX_OK;
	check(store_ack(s, &gp, a.id, STORE_REJECTED, "clinical-query", NULL,
	    ++now, &err) == -1 && err.code == CAREX_EINVALID,
	    "rejecting after accepting: refused");
	check(inbox(s, &gp, NULL, 1, 500, &l, next) == 0 && l.n == 6,
	    "unacked inbox leaves out the taken one (%d)", l.n);
	now += 5000;		/* past the 1 s ack deadline */
	memset(&dl, 0, sizeof(dl));
	check(store_status(s, &adrs, a.id, now, &doc, collect_delivery, &dl,
	    &err) == 0 && dl.n == 2, "sender's status: two recipients");
	check(strcmp(dl.d[0].recipient, "gp-43021") == 0 &&
	    dl.d[0].taken_ms > 0 && dl.d[0].accepted_ms > 0 &&
	    !dl.d[0].overdue, "GP: taken, accepted, not overdue");
	check(strcmp(dl.d[1].recipient, "ph-1187") == 0 &&
	    dl.d[1].taken_ms == 0 && dl.d[1].overdue,
	    "pharmacy: not taken and overdue");
	err.code = CAREX_OK;
	check(store_status(s, &gp, a.id, now, &doc, collect_delivery, &dl,
	    &err) == -1 && err.code == CAREX_ENOTFOUND,
	    "a recipient cannot see the sender's status");
	check(store_overdue_count(s, now, &overdue, &err) == 0 && overdue >= 6,
	    "overdue count (%ld)", overdue);

	/* supersede and cancel */
	check(submit(s, &adrs, "m-2", "<a2/>", to_both, 2, STORE_SUPERSEDES,
	    a.id, 0, &b) == 0 && b.outcome == STORE_CREATED, "supersede");
	check(inbox(s, &ph, NULL, 0, 500, &l, next) == 0 && l.n == 2 &&
	    l.state[0] == STORE_SUPERSEDED &&
	    strcmp(l.replaced_by[0], b.id) == 0 && l.state[1] == STORE_CURRENT,
	    "the first shows superseded by the second");
	check(submit(s, &adrs, "m-3", "<a3/>", to_both, 2, STORE_SUPERSEDES,
	    a.id, 0, &x) == 0 && x.outcome == STORE_BAD_REPLACE,
	    "superseding a superseded document: refused");
	check(submit(s, &other, "m-4", "<a4/>", to_gp, 1, STORE_CANCELS, b.id,
	    0, &x) == 0 && x.outcome == STORE_BAD_REPLACE,
	    "cancelling someone else's document: refused");
	check(submit(s, &adrs, "m-5", "<a5/>", to_both, 2, STORE_CANCELS,
	    b.id, 0, &c) == 0 && c.outcome == STORE_CREATED, "cancel");
	check(store_fetch(s, &ph, b.id, &doc, NULL, &err) == 0 &&
	    doc.state == STORE_CANCELLED, "the second shows cancelled");
	check(strcmp(doc.replaces_msgid, "m-1") == 0 && doc.replaces_ms > 0 &&
	    strcmp(doc.replaced_by_msgid, "m-5") == 0 &&
	    doc.replaced_by_ms > 0, "a fetch names, for the page, what it "
	    "replaced (%s) and what cancelled it (%s)", doc.replaces_msgid,
	    doc.replaced_by_msgid);
	check(store_fetch(s, &gp, c.id, &doc, NULL, &err) == 0 &&
	    strcmp(doc.replaces_msgid, "m-2") == 0 &&
	    doc.replaced_by_msgid[0] == '\0' && doc.replaced_by_ms == 0,
	    "a current cancellation names what it cancels, nothing after");

	/* purge */
	check(submit(s, &adrs, "m-6", "<gone/>", to_gp, 1, STORE_REPLACE_NONE,
	    NULL, now + 10, &x) == 0, "a document kept briefly");
	if (getenv("CAREX_TEST_PG") == NULL) {
		fail_expired = 1;
		err.code = CAREX_OK;
		check(store_purge(s, now + 20, &pg, &err) == -1 &&
		    err.code != CAREX_OK && pg.documents == 0,
		    "a purge whose query fails reports the failure: %s",
		    err.msg);
		fail_expired = interrupting = 0;
		check(store_fetch(s, &gp, x.id, &doc, NULL, &err) == 0,
		    "and removed nothing");
	}
	check(store_purge(s, now + 20, &pg, &err) == 0 && pg.documents == 1 &&
	    pg.audit_seq > 0 && strlen(pg.audit_hash) == 64,
	    "purge removes it and reports the chain's head (%ld)",
	    pg.documents);
	err.code = CAREX_OK;
	check(store_fetch(s, &gp, x.id, &doc, NULL, &err) == -1 &&
	    err.code == CAREX_ENOTFOUND, "purged: not found");
	check(store_fetch(s, &gp, c.id, &doc, NULL, &err) == 0,
	    "others kept");

	/* group commit: concurrent writers share transactions */
	store_stats(s, &st0);
	for (i = 0; i < THREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].s = s;
		w[i].t = i;
		check(pthread_create(&th[i], NULL, writer, &w[i]) == 0,
		    "start writer %d", i);
	}
	for (i = 0; i < THREADS; i++)
		(void)pthread_join(th[i], NULL);
	store_stats(s, &st1);
	for (i = 0, total = 0; i < THREADS; i++)
		total += w[i].created;
	check(total == THREADS * PER_THREAD, "every concurrent submit stored "
	    "(%d)", total);
	check(st1.writes - st0.writes == THREADS * PER_THREAD,
	    "writes counted (%ld)", st1.writes - st0.writes);
	check(st1.commits - st0.commits < st1.writes - st0.writes,
	    "concurrent writes grouped: %ld transactions for %ld writes",
	    st1.commits - st0.commits, st1.writes - st0.writes);
	distinct = 1;
	for (i = 0; i < THREADS && distinct; i++)
		for (k = 1; k < w[i].created; k++)
			if (strcmp(w[i].ids[k], w[i].ids[k - 1]) <= 0)
				distinct = 0;	/* ULIDs grow within a thread */
	check(distinct, "ids distinct and increasing");

	/* close, reopen: everything is still there, the chain intact */
	store_close(s);
	check(store_audit_verify(path, NULL, &records, &bad, &err) == 0 &&
	    records > THREADS * PER_THREAD, "audit chain intact after close "
	    "(%ld records): %s", records, err.msg);
	s = store_open(path, NULL, &err);
	check(s != NULL, "reopen: %s", err.msg);
	if (s == NULL)
		return check_done();
	check(inbox(s, &gp, NULL, 0, 500, &l, next) == 0 &&
	    l.n == 2 + 5 + 2 + THREADS * PER_THREAD,
	    "GP inbox complete after reopen (%d)", l.n);
	check(store_fetch(s, &gp, c.id, &doc, NULL, &err) == 0 &&
	    doc.state == STORE_CURRENT, "states survive a reopen");

	/* detached audit records: all committed by close, chained */
	for (i = 0; i < 100; i++)
		check(store_audit_async(s, &other, "connect", "denied",
		    "reason=revoked") == 0, "queue audit %d", i);
	total = (int)records;
	store_close(s);
	check(store_audit_verify(path, NULL, &records, &bad, &err) == 0 &&
	    records == total + 100 + 2, "100 detached records (and the "
	    "inbox's and fetch's) committed and chained: %ld records after "
	    "%d", records, total);
	test_push(dir);
	test_migrate(dir);
	(void)snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	(void)system(path);
	return check_done();
}

/* A count from the database itself, for what the interface does not
 * show (the audit records' fields, the schema version). -1 on error. */
static long
count(const char *path, const char *q)
{
	sqlite3		*db;
	sqlite3_stmt	*st = NULL;
	long		 n = -1;

	if (strstr(path, "://") != NULL) {
		PGconn		*c = PQconnectdb(path);
		PGresult	*r = PQexec(c, q);

		if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
			n = strtol(PQgetvalue(r, 0, 0), NULL, 10);
		PQclear(r);
		PQfinish(c);
		return n;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK && sqlite3_prepare_v2(db, q, -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	(void)sqlite3_finalize(st);
	(void)sqlite3_close(db);
	return n;
}

/* ---- the push outbox ------------------------------------------------ */

struct claimed {
	int			 n;
	struct store_push	 p[8];
	char			 body[8][64];
};

static int
collect_push(void *arg, const struct store_push *p)
{
	struct claimed	*c = arg;

	if (c->n < 8) {
		c->p[c->n] = *p;
		(void)snprintf(c->body[c->n], sizeof(c->body[0]), "%.*s",
		    (int)p->len, (const char *)p->body);
		c->p[c->n].body = NULL;		/* borrowed: gone after */
	}
	c->n++;
	return 0;
}

static int
claim(struct store *s, int64_t at, int64_t lease, struct claimed *c)
{
	struct carex_err	err;

	memset(c, 0, sizeof(*c));
	return store_push_claim(s, at, lease, 8, collect_push, c, &err);
}

static int
result(struct store *s, const struct store_push *p,
    enum store_push_outcome o, int64_t at, int64_t next, int http,
    const char *error)
{
	struct store_push_result	r = { o, at, next, http, error,
	    "127.0.0.1" };
	struct carex_err		err;

	return store_push_result(s, p, &r, &err);
}

/* The sender's view of one recipient of id. */
static int
delivery(struct store *s, const char *id, int i, struct store_delivery *d)
{
	struct store_doc	doc;
	struct dlist		dl;
	struct carex_err	err;

	memset(&dl, 0, sizeof(dl));
	if (store_status(s, &adrs, id, now, &doc, collect_delivery, &dl,
	    &err) == -1 || i >= dl.n)
		return -1;
	*d = dl.d[i];
	return 0;
}

static int
test_push(const char *dir)
{
	static const char	*urls_gp[] = { "https://gp.example/push", NULL };
	static const char	*urls_ph[] = { NULL, "https://ph.example/in" };
	struct store		*s;
	struct store_submit	 in;
	struct store_submitted	 a, b, c;
	struct store_delivery	 d;
	struct carex_err	 err;
	struct claimed		 cl;
	struct store_push	 first;
	char			 path[256];
	long			 pending, records, bad;
	int64_t			 next, t0;

	store_path(path, sizeof(path), dir, "push");
	if ((s = store_open(path, NULL, &err)) == NULL) {
		check(0, "open the push store: %s", err.msg);
		return -1;
	}
	check(store_push_pending(s, &pending, &next, &err) == 0 &&
	    pending == 0 && next == INT64_MAX, "an empty outbox");

	/* queued with the submission, for the recipient with a URL only */
	fill(&in, "push-1", "<push-1/>", to_both, 2);
	in.push_urls = urls_gp;
	t0 = now;
	check(store_submit(s, &adrs, &in, &a, &err) == 0 &&
	    a.outcome == STORE_CREATED && a.pushes == 1,
	    "one push queued (%d)", a.pushes);
	check(store_submit(s, &adrs, &in, &c, &err) == 0 &&
	    c.outcome == STORE_SAME && c.pushes == 0,
	    "a resubmission queues nothing again");
	check(store_push_pending(s, &pending, &next, &err) == 0 &&
	    pending == 1 && next == t0, "pending 1, due at once");
	check(delivery(s, a.id, 0, &d) == 0 &&
	    d.push_state == STORE_PUSH_PENDING && d.push_attempts == 0 &&
	    d.push_next_ms == t0, "status: GP push pending");
	check(delivery(s, a.id, 1, &d) == 0 && d.push_state == STORE_PUSH_NONE,
	    "status: no push to the pharmacy");

	/* asking for none claims none (the delivery stays due) */
	memset(&cl, 0, sizeof(cl));
	check(store_push_claim(s, t0, t0 + 10000, 0, collect_push, &cl,
	    &err) == 0 && cl.n == 0, "a claim of at most 0 takes nothing");

	/* claimed under a lease; offered again only once it has passed */
	check(claim(s, t0, t0 + 10000, &cl) == 0 && cl.n == 1 &&
	    strcmp(cl.p[0].doc_id, a.id) == 0 &&
	    strcmp(cl.p[0].recipient, "gp-43021") == 0 &&
	    strcmp(cl.p[0].url, urls_gp[0]) == 0 &&
	    strcmp(cl.p[0].sender, "adrs-glasgow") == 0 &&
	    strcmp(cl.p[0].doctype, "prescription-change") == 0 &&
	    strcmp(cl.body[0], "<push-1/>") == 0 && cl.p[0].attempts == 0,
	    "claimed with its bytes (%d)", cl.n);
	check(claim(s, t0 + 1, t0 + 10001, &cl) == 0 && cl.n == 0,
	    "leased: not offered twice");
	check(claim(s, t0 + 10000, t0 + 20000, &cl) == 0 && cl.n == 1,
	    "a lease never resolved (a crash) passes: offered again");

	/* a failure, retried when due */
	check(result(s, &cl.p[0], STORE_PUSH_RETRY, t0 + 10100, t0 + 30000,
	    500, "HTTP 500") == 0, "record a failed attempt");
	check(delivery(s, a.id, 0, &d) == 0 &&
	    d.push_state == STORE_PUSH_PENDING && d.push_attempts == 1 &&
	    d.push_next_ms == t0 + 30000 &&
	    strcmp(d.push_error, "HTTP 500") == 0,
	    "status: one failed attempt, next retry, error (%d, %s)",
	    d.push_attempts, d.push_error);
	check(store_push_pending(s, &pending, &next, &err) == 0 &&
	    pending == 1 && next == t0 + 30000, "next due at the retry");
	check(claim(s, t0 + 29999, t0 + 40000, &cl) == 0 && cl.n == 0,
	    "not offered before its retry");
	check(claim(s, t0 + 30000, t0 + 40000, &cl) == 0 && cl.n == 1 &&
	    cl.p[0].attempts == 1, "offered at its retry, attempt 2");
	first = cl.p[0];
	check(result(s, &first, STORE_PUSH_DELIVERED, t0 + 30050, 0, 200,
	    "") == 0, "record the delivery");
	check(delivery(s, a.id, 0, &d) == 0 &&
	    d.push_state == STORE_PUSH_PUSHED && d.pushed_ms == t0 + 30050 &&
	    d.push_attempts == 2 && d.push_next_ms == 0 &&
	    strcmp(d.push_error, "HTTP 500") == 0,
	    "status: pushed, after two attempts, the failure kept");
	check(claim(s, t0 + 90000, t0 + 99000, &cl) == 0 && cl.n == 0 &&
	    store_push_pending(s, &pending, &next, &err) == 0 && pending == 0,
	    "pushed: never offered again");
	check(result(s, &first, STORE_PUSH_RETRY, t0 + 30060, t0 + 31000,
	    0, "late") == 0 && delivery(s, a.id, 0, &d) == 0 &&
	    d.push_state == STORE_PUSH_PUSHED,
	    "a late result cannot undo a delivery");

	/* one delivery per recipient at a time; delivery flushes the rest */
	now = t0 + 100000;
	fill(&in, "push-2", "<push-2/>", to_both, 2);
	in.push_urls = urls_ph;
	check(store_submit(s, &adrs, &in, &b, &err) == 0 && b.pushes == 1,
	    "a second to the pharmacy");
	fill(&in, "push-3", "<push-3/>", to_both, 2);
	in.push_urls = urls_ph;
	check(store_submit(s, &adrs, &in, &c, &err) == 0 && c.pushes == 1,
	    "a third to the pharmacy");
	check(claim(s, now, now + 5000, &cl) == 0 && cl.n == 1 &&
	    strcmp(cl.p[0].doc_id, b.id) == 0,
	    "one per recipient, oldest first (%d)", cl.n);
	check(claim(s, now, now + 5000, &cl) == 0 && cl.n == 0,
	    "none while the recipient has one in flight");
	store_close(s);
	s = store_open(path, NULL, &err);
	check(s != NULL, "reopen with a delivery leased: %s", err.msg);
	if (s == NULL)
		return -1;
	check(claim(s, now + 4999, now + 9000, &cl) == 0 && cl.n == 0,
	    "the lease survives a restart");
	check(claim(s, now + 5000, now + 9000, &cl) == 0 && cl.n == 1 &&
	    strcmp(cl.p[0].doc_id, b.id) == 0, "and passes after it");
	check(result(s, &cl.p[0], STORE_PUSH_RETRY, now + 5001, now + 900000,
	    0, "Connection refused") == 0, "b fails, retry much later");
	check(claim(s, now + 5002, now + 9000, &cl) == 0 && cl.n == 1 &&
	    strcmp(cl.p[0].doc_id, c.id) == 0, "then the next one is offered");
	check(result(s, &cl.p[0], STORE_PUSH_DELIVERED, now + 5003, 0, 204,
	    "") == 0, "c delivered");
	check(claim(s, now + 5004, now + 9000, &cl) == 0 && cl.n == 1 &&
	    strcmp(cl.p[0].doc_id, b.id) == 0 && cl.p[0].attempts == 1,
	    "a delivery makes the recipient's backlog due at once");

	/* interrupted (carexd stopping): not an attempt; given up: failed */
	check(result(s, &cl.p[0], STORE_PUSH_INTERRUPTED, now + 5005, 0, 0,
	    "carexd stopping") == 0 && delivery(s, b.id, 1, &d) == 0 &&
	    d.push_state == STORE_PUSH_PENDING && d.push_attempts == 1,
	    "interrupted: still pending, not counted (%d)", d.push_attempts);
	check(claim(s, now + 5006, now + 9000, &cl) == 0 && cl.n == 1,
	    "interrupted: offered again at once");
	check(result(s, &cl.p[0], STORE_PUSH_GIVEN_UP, now + 5007, 0, 503,
	    "HTTP 503") == 0 && delivery(s, b.id, 1, &d) == 0 &&
	    d.push_state == STORE_PUSH_FAILED && d.push_attempts == 2 &&
	    strcmp(d.push_error, "HTTP 503") == 0 && d.push_next_ms == 0,
	    "given up: failed, with its attempts and last error");
	check(claim(s, now + 999999, now + 9999999, &cl) == 0 && cl.n == 0 &&
	    store_push_pending(s, &pending, &next, &err) == 0 && pending == 0,
	    "failed: never offered again");

	/* every result audited, the chain intact */
	store_close(s);
	check(store_audit_verify(path, NULL, &records, &bad, &err) == 0,
	    "push audit chain intact: %s", err.msg);
	check(count(path, "SELECT count(*) FROM audit WHERE action = 'push' "
	    "AND participant = 'gp-43021'") == 3 && count(path, "SELECT "
	    "count(*) FROM audit WHERE action = 'push'") == 7 &&
	    count(path, "SELECT count(*) FROM audit WHERE action = 'push' AND "
	    "outcome = 'given-up' AND detail LIKE 'attempt=2 url=https://"
	    "ph.example/in http=503'") == 1 && count(path, "SELECT count(*) "
	    "FROM audit WHERE action = 'push' AND outcome = 'failed' AND "
	    "detail LIKE '%error=\"Connection refused\"'") == 1,
	    "every result audited, with the attempt, endpoint and status");
	return 0;
}

/* ---- migration ------------------------------------------------------ */

static int
test_migrate(const char *dir)
{
	static const char	*urls[] = { "https://gp.example/push" };
	struct store		*s;
	struct store_doc	 doc;
	struct store_submitted	 out;
	struct store_submit	 in;
	struct carex_err	 err;
	struct buf		 sql, body;
	sqlite3			*db;
	char			 path[256];
	long			 records, bad, version;

	(void)snprintf(path, sizeof(path), "%s/v1.db", dir);
	buf_init(&sql, 1 << 20);
	if (buf_read_file(&sql, CAREX_SRCDIR "/tests/data/store-v1.sql") ==
	    -1 || buf_add(&sql, "", 1) == -1 || sqlite3_open(path, &db) !=
	    SQLITE_OK || sqlite3_exec(db, (const char *)sql.data, NULL, NULL,
	    NULL) != SQLITE_OK) {
		check(0, "make a version 1 store from tests/data/store-v1.sql");
		buf_free(&sql);
		return -1;
	}
	(void)sqlite3_close(db);
	buf_free(&sql);

	s = store_open(path, NULL, &err);
	check(s != NULL, "open a version 1 store: %s", err.msg);
	if (s == NULL)
		return -1;
	buf_init(&body, 1024);
	check(store_fetch(s, &gp, "01K7000000V1STORE000000000", &doc, &body,
	    &err) == 0 && body.len == 5 && memcmp(body.data, "<v1/>", 5) == 0,
	    "its document is still there");
	buf_free(&body);
	fill(&in, "after-migration", "<v2/>", to_gp, 1);
	in.push_urls = urls;
	check(store_submit(s, &adrs, &in, &out, &err) == 0 && out.pushes == 1,
	    "the migrated store queues pushes");
	store_close(s);
	version = count(path, "PRAGMA user_version");
	check(version == 3, "migrated to version 3 (%ld)", version);
	check(store_audit_verify(path, NULL, &records, &bad, &err) == 0 &&
	    records == 2 + 2, "the version 1 chain goes on intact (%ld)",
	    records);
	return 0;
}
