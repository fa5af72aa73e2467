/* SPDX-License-Identifier: MIT */
/* store.c - store.h's calls, handed to the backend the path names
 * (store_sqlite.c, the embedded default, or store_pg.c for a PostgreSQL
 * URL), and what the backends share (store_common.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "store/anchor.h"
#include "store/audit.h"
#include "store/store.h"
#include "store/store_common.h"
#include "store/store_pg.h"
#include "store/store_sqlite.h"
#include "util/utf8.h"

const struct store_actor store_system = { "carexd", "", "" };

/* Exactly one backend is set. */
struct store {
	struct sqstore	*sq;
	struct pgstore	*pg;
};

/* ---- what the backends share ---------------------------------------- */

/* A ULID: 48 bits of milliseconds then 80 random bits, Crockford base32. */
static const char	b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int
store_id_valid(const char *s, size_t n)
{
	size_t	i;

	if (n != STORE_ID_LEN)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '\0' || strchr(b32, s[i]) == NULL)
			return 0;
	return 1;
}

int
store_new_id(int64_t ms, char out[STORE_ID_LEN + 1])
{
	unsigned char		v[16];
	int			i, bit;

	for (i = 0; i < 6; i++)
		v[i] = (unsigned char)((uint64_t)ms >> (40 - 8 * i));
	if (getrandom(v + 6, 10, 0) != 10)
		return -1;
	/* 128 bits as 26 characters of 5 bits, the first having 3. */
	for (i = 0; i < STORE_ID_LEN; i++) {
		int	val = 0, k;

		bit = i == 0 ? 0 : 3 + (i - 1) * 5;
		for (k = 0; k < (i == 0 ? 3 : 5); k++) {
			int	b = bit + k;

			val = (val << 1) | ((v[b / 8] >> (7 - b % 8)) & 1);
		}
		out[i] = b32[val];
	}
	out[STORE_ID_LEN] = '\0';
	return 0;
}

int
store_is_file(const char *path)
{
	return !store_path_is_pg(path);
}

const char *
store_redacted(const char *path, char *out, size_t len)
{
	const char	*at, *colon, *pw, *end;
	size_t		 n = 0;

	(void)snprintf(out, len, "%s", path);
	if (!store_path_is_pg(path))
		return out;
	/* postgresql://user:secret@host/db: the part after the user */
	if ((colon = strstr(path, "://")) != NULL &&
	    (at = strchr(colon + 3, '@')) != NULL &&
	    (colon = memchr(colon + 3, ':', (size_t)(at - colon - 3))) != NULL)
		n = (size_t)(colon - path) + 1;
	if (n > 0 && n < len)
		(void)snprintf(out + n, len - n, "***%s", at);
	/* password=secret, in a query string or a keyword string */
	while ((pw = strstr(out, "password=")) != NULL &&
	    strncmp(pw + 9, "***", 3) != 0) {
		pw += 9;
		end = pw + strcspn(pw, " &");
		n = (size_t)(pw - out);
		if (n + 3 < len) {
			memmove(out + n + 3, end, strlen(end) + 1);
			memcpy(out + n, "***", 3);
		} else
			out[n] = '\0';
	}
	return out;
}

int
store_path_is_pg(const char *path)
{
	const char	*p = path;

	if (strncmp(path, "postgresql://", 13) == 0 ||
	    strncmp(path, "postgres://", 11) == 0)
		return 1;
	/* libpq's "host=db1 dbname=carex": a keyword, then '=' */
	while (islower((unsigned char)*p) || *p == '_')
		p++;
	while (*p == ' ')
		p++;
	return p != path && *p == '=';
}

void
store_audit_rec(struct audit_rec *r, const struct store_actor *a,
    int64_t seq, int64_t time_ms, const char *action, const char *doc_id,
    const char *outcome, const char *detail)
{
	r->seq = seq;
	r->time_ms = time_ms;
	r->participant = a && a->participant ? a->participant : "";
	r->cert = a && a->cert_sha256 ? a->cert_sha256 : "";
	r->addr = a && a->addr ? a->addr : "";
	r->action = action;
	r->doc_id = doc_id ? doc_id : "";
	r->outcome = outcome ? outcome : "";
	r->detail = detail ? detail : "";
}

int
store_inbox_after(const struct store_inbox_query *q, const char **after_id,
    struct carex_err *err)
{
	const char	*c = q->after;
	size_t		 n;

	*after_id = NULL;
	if (c != NULL && c[0] != '\0') {
		n = strlen(c);
		if (n == strspn(c, "0123456789")) {
			err_set(err, CAREX_EUSAGE, "the cursor is a number, "
			    "from a carexd before 0.2; start again without "
			    "after=");
			return -1;
		}
		if (!store_id_valid(c, n)) {
			err_set(err, CAREX_EUSAGE, "the cursor is not one "
			    "this exchange gave out (it is the href of the "
			    "inbox's <next>); start again without after=");
			return -1;
		}
		*after_id = c;
	}
	if (q->limit < 1 || q->limit > 500) {
		err_set(err, CAREX_EUSAGE, "limit must be 1 to 500");
		return -1;
	}
	return 0;
}

void
store_cursor_unknown(struct carex_err *err)
{
	err_set(err, CAREX_EUSAGE, "the cursor names no document in your "
	    "inbox (it may have been purged since); start again without "
	    "after=");
}

int
store_ack_apply(enum store_stage stage, int64_t now, const char *reason,
    const char *text, int64_t *taken, int64_t *acc, int64_t *rej,
    char rreason[32], char rtext[256], struct carex_err *err)
{
	if ((stage == STORE_ACCEPTED && *rej != 0) ||
	    (stage == STORE_REJECTED && *acc != 0)) {
		err_set(err, CAREX_EINVALID, "the document was already %s "
		    "here; that cannot be changed", *rej ? "rejected" :
		    "accepted");
		return 1;
	}
	if (*taken == 0)
		*taken = now;
	if (stage == STORE_ACCEPTED && *acc == 0)
		*acc = now;
	if (stage == STORE_REJECTED && *rej == 0) {
		*rej = now;
		(void)snprintf(rreason, 32, "%s", reason ? reason : "");
		(void)snprintf(rtext, 256, "%s", text ? text : "");
	}
	return 0;
}

const char *
store_push_outcome_name(enum store_push_outcome o)
{
	switch (o) {
	case STORE_PUSH_DELIVERED:	return "delivered";
	case STORE_PUSH_RETRY:		return "failed";
	case STORE_PUSH_GIVEN_UP:	return "given-up";
	default:			return "interrupted";
	}
}

int
store_served_problem(const struct served_arg *a)
{
	return a->problem != NULL || strcmp(a->what, "xml") != 0;
}

void
store_served_detail(const struct served_arg *a, char *out, size_t len)
{
	if (a->problem != NULL)
		(void)snprintf(out, len, "%s failed: %s", a->what, a->problem);
	else
		(void)snprintf(out, len, "%s sha256=%s", a->what,
		    a->sha != NULL ? a->sha : "");
	utf8_trim(out);		/* the problem may quote document text */
}

void
store_push_next(const struct store_push *p, const struct store_push_result *r,
    struct store_push_next *n)
{
	n->attempts = p->attempts;
	n->next_ms = r->now_ms;
	n->state = STORE_PUSH_PENDING;
	if (r->outcome == STORE_PUSH_DELIVERED)
		n->state = STORE_PUSH_PUSHED;
	else if (r->outcome == STORE_PUSH_GIVEN_UP)
		n->state = STORE_PUSH_FAILED;
	else if (r->outcome == STORE_PUSH_RETRY)
		n->next_ms = r->next_ms;
	if (r->outcome != STORE_PUSH_INTERRUPTED)
		n->attempts++;
	n->pushed_ms = n->state == STORE_PUSH_PUSHED ? r->now_ms : 0;
	if (r->http_status > 0)
		(void)snprintf(n->detail, sizeof(n->detail), "attempt=%d url=%s "
		    "http=%d", p->attempts + 1, p->url, r->http_status);
	else
		(void)snprintf(n->detail, sizeof(n->detail), "attempt=%d url=%s "
		    "error=\"%s\"", p->attempts + 1, p->url,
		    r->error ? r->error : "");
}

/* ---- dispatch --------------------------------------------------------- */

struct store *
store_open(const char *path, const struct store_opts *o,
    struct carex_err *err)
{
	struct store	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	if (store_path_is_pg(path))
		s->pg = pg_open(path, o, err);
	else
		s->sq = sq_open(path, o, err);
	if (s->pg == NULL && s->sq == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	if (s->pg != NULL)
		pg_close(s->pg);
	else
		sq_close(s->sq);
	free(s);
}

/* Each call below goes to the backend the store was opened with. */

int
store_submit(struct store *s, const struct store_actor *a,
    const struct store_submit *in, struct store_submitted *out,
    struct carex_err *err)
{
	memset(out, 0, sizeof(*out));
	return s->pg ? pg_submit(s->pg, a, in, out, err) :
	    sq_submit(s->sq, a, in, out, err);
}

int
store_inbox(struct store *s, const struct store_actor *a,
    const struct store_inbox_query *q,
    int (*fn)(void *, const struct store_doc *), void *arg, char next[64],
    struct carex_err *err)
{
	return s->pg ? pg_inbox(s->pg, a, q, fn, arg, next, err) :
	    sq_inbox(s->sq, a, q, fn, arg, next, err);
}

int
store_fetch(struct store *s, const struct store_actor *a, const char *id,
    struct store_doc *doc, struct buf *body, struct carex_err *err)
{
	return s->pg ? pg_fetch(s->pg, a, id, doc, body, err) :
	    sq_fetch(s->sq, a, id, doc, body, err);
}

int
store_served(struct store *s, const struct store_actor *a, const char *id,
    const char *what, const char *sha256hex, const char *problem,
    struct carex_err *err)
{
	return s->pg ? pg_served(s->pg, a, id, what, sha256hex, problem, err) :
	    sq_served(s->sq, a, id, what, sha256hex, problem, err);
}

int
store_ack(struct store *s, const struct store_actor *a, const char *id,
    enum store_stage stage, const char *reason, const char *text,
    int64_t now, struct carex_err *err)
{
	return s->pg ? pg_ack(s->pg, a, id, stage, reason, text, now, err) :
	    sq_ack(s->sq, a, id, stage, reason, text, now, err);
}

int
store_status(struct store *s, const struct store_actor *a, const char *id,
    int64_t now, struct store_doc *doc,
    int (*fn)(void *, const struct store_delivery *), void *arg,
    struct carex_err *err)
{
	return s->pg ? pg_status(s->pg, a, id, now, doc, fn, arg, err) :
	    sq_status(s->sq, a, id, now, doc, fn, arg, err);
}

int
store_push_claim(struct store *s, int64_t now, int64_t lease_ms, int max,
    int (*fn)(void *, const struct store_push *), void *arg,
    struct carex_err *err)
{
	if (max < 1)
		return 0;
	if (max > STORE_CLAIM_MAX)
		max = STORE_CLAIM_MAX;
	return s->pg ? pg_push_claim(s->pg, now, lease_ms, max, fn, arg, err) :
	    sq_push_claim(s->sq, now, lease_ms, max, fn, arg, err);
}

int
store_push_result(struct store *s, const struct store_push *p,
    const struct store_push_result *r, struct carex_err *err)
{
	return s->pg ? pg_push_result(s->pg, p, r, err) :
	    sq_push_result(s->sq, p, r, err);
}

int
store_push_pending(struct store *s, long *pending, int64_t *next_ms,
    struct carex_err *err)
{
	return s->pg ? pg_push_pending(s->pg, pending, next_ms, err) :
	    sq_push_pending(s->sq, pending, next_ms, err);
}

int
store_overdue_count(struct store *s, int64_t now, long *count,
    struct carex_err *err)
{
	return s->pg ? pg_overdue_count(s->pg, now, count, err) :
	    sq_overdue_count(s->sq, now, count, err);
}

int
store_audit(struct store *s, const struct store_actor *a, const char *action,
    const char *doc_id, const char *outcome, const char *detail,
    struct carex_err *err)
{
	doc_id = doc_id ? doc_id : "";
	outcome = outcome ? outcome : "";
	detail = detail ? detail : "";
	return s->pg ? pg_audit_record(s->pg, a, action, doc_id, outcome,
	    detail, err) : sq_audit_record(s->sq, a, action, doc_id, outcome,
	    detail, err);
}

int
store_audit_async(struct store *s, const struct store_actor *a,
    const char *action, const char *outcome, const char *detail)
{
	return s->pg ? pg_audit_async(s->pg, a, action, outcome, detail) :
	    sq_audit_async(s->sq, a, action, outcome, detail);
}

void
store_stats(struct store *s, struct store_stats *out)
{
	if (s->pg != NULL)
		pg_stats(s->pg, out);
	else
		sq_stats(s->sq, out);
}

int
store_purge(struct store *s, int64_t now, struct store_purged *out,
    struct carex_err *err)
{
	memset(out, 0, sizeof(*out));
	return s->pg ? pg_purge(s->pg, now, out, err) :
	    sq_purge(s->sq, now, out, err);
}

int
store_audit_verify(const char *path, struct anchor_set *anchors,
    long *records, long *first_bad, struct carex_err *err)
{
	struct audit_walk	w;
	int			rc;

	*records = 0;
	*first_bad = 0;
	audit_walk_init(&w);
	if (anchors != NULL) {
		anchor_sort(anchors);
		w.anchors = anchors->v;
		w.nanchors = anchors->n;
	}
	rc = store_path_is_pg(path) ? pg_audit_verify(path, &w, first_bad,
	    err) : sq_audit_verify(path, &w, first_bad, err);
	*records = w.records;
	if (rc == 0 && (rc = audit_walk_end(&w, err)) == 1)
		*first_bad = (long)w.seq + 1;
	return rc;
}

int
store_audit_at(struct store *s, int64_t seq, int64_t *head_seq,
    char head_hash[65], char at_hash[65], struct carex_err *err)
{
	*head_seq = 0;
	head_hash[0] = at_hash[0] = '\0';
	return s->pg ? pg_audit_at(s->pg, seq, head_seq, head_hash, at_hash,
	    err) : sq_audit_at(s->sq, seq, head_seq, head_hash, at_hash, err);
}
