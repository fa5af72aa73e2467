/* SPDX-License-Identifier: MIT */
/* store.h - the durable store behind carexd: documents, their recipients
 * and delivery states, and the hash-chained audit trail. One interface;
 * SQLite (store_sqlite.c) is the embedded backend, PostgreSQL
 * (store_pg.c) the shared one; store.c picks by the path's form. Nothing
 * here names SQL.
 *
 * Threads: one struct store is shared by all threads. Concurrent calls
 * are committed together (group commit). Writes (submit, ack, audit,
 * purge, push results) return only once durable; reads (inbox, fetch,
 * status, served, push claims) once their audit record or lease is
 * committed, on disk within a second. All calls block: call them from
 * worker threads (or the push worker), never the event loop. */
#ifndef CAREX_STORE_H
#define CAREX_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

struct store;

#define STORE_ID_LEN	26	/* ULID: 48-bit ms time + 80 random bits */
#define STORE_CODE_MAX	32	/* participant code, as in directory.xsd */

/* 1 if the n bytes at s could be a document id the store made (26
 * characters of Crockford's base 32), else 0: checked before an id from
 * outside goes into a query or a URL. */
int	store_id_valid(const char *s, size_t n);

/* 1 if path names a file (the SQLite backend), 0 if a PostgreSQL server
 * (a postgresql:// or postgres:// URL, or a libpq "host=... dbname=..."
 * string), which several carexd nodes can share. */
int	store_is_file(const char *path);

/* path for a log line: a PostgreSQL password (user:secret@ in a URL,
 * password=secret in a query or a keyword string) shown as ***. */
const char *store_redacted(const char *path, char *out, size_t len);

struct store_opts {
	int	max_batch;	/* most writes committed together; 0: 64 */
	int	busy_ms;	/* how long a read waits for a lock; 0: 5000 */
};

/* Open (creating or migrating the schema) the store at path. Caller
 * closes with store_close(), which finishes queued writes first. On
 * PostgreSQL, when the server is unreachable later, calls fail with
 * CAREX_ESYS within seconds and the store reconnects by itself. */
struct store	*store_open(const char *path, const struct store_opts *,
		    struct carex_err *err);
void		 store_close(struct store *);

/* Who is asking, for the audit record every call writes. */
struct store_actor {
	const char	*participant;	/* code, or "" if none was accepted */
	const char	*cert_sha256;	/* hex fingerprint, or "" */
	const char	*addr;		/* peer address, for the audit */
};

enum store_replace { STORE_REPLACE_NONE, STORE_SUPERSEDES, STORE_CANCELS };

struct store_submit {
	const char	 *message_id;	/* sender's id: the idempotency key */
	const char	 *doctype;
	const char	 *marking;
	const char	**to;		/* recipient codes */
	size_t		  nto;
	enum store_replace replace;
	const char	 *replaces;	/* earlier document's id, or NULL */
	const void	 *body;
	size_t		  len;
	int64_t		  now_ms;	/* receipt time, Unix milliseconds */
	int64_t		  ack_due_ms;	/* unacked after this: overdue; 0 none */
	int64_t		  expires_ms;	/* purged after this; 0 never */
	const char	**push_urls;	/* parallel to to: the recipient's push
					   endpoint (https://) or NULL; the
					   array NULL when none has one */
};

enum store_outcome {
	STORE_CREATED,		/* stored now */
	STORE_SAME,		/* same sender, message id and bytes: the
				   original result, nothing stored */
	STORE_CONFLICT,		/* same sender and message id, other bytes */
	STORE_BAD_REPLACE	/* replaces names no document of this sender,
				   or one already superseded or cancelled */
};

struct store_submitted {
	enum store_outcome	outcome;
	char			id[STORE_ID_LEN + 1];	/* created or original */
	int64_t			received_ms;
	char			sha256[65];		/* hex of the body */
	int			pushes;		/* deliveries queued for push */
};

/* Store a document from actor->participant, its recipients, the
 * supersede/cancel link and the outbox rows of its push deliveries (one
 * per recipient with a push URL), and audit it, in one transaction: a
 * crash after the commit loses no push. Returns 0 with *out filled once
 * durable (for every outcome), -1 with err when the store failed
 * (nothing stored). */
int	store_submit(struct store *, const struct store_actor *,
	    const struct store_submit *, struct store_submitted *out,
	    struct carex_err *err);

enum store_state {
	STORE_CURRENT, STORE_SUPERSEDED, STORE_CANCELLED
};

/* One document as a reader sees it. Strings are the caller's copies. */
struct store_doc {
	char		 id[STORE_ID_LEN + 1];
	char		 sender[STORE_CODE_MAX + 1];
	char		 message_id[65];
	char		 doctype[49];
	char		 marking[32];
	int64_t		 received_ms;
	enum store_state state;
	char		 replaced_by[STORE_ID_LEN + 1];	/* "" if current */
	char		 replaces[STORE_ID_LEN + 1];	/* "" if none */
	enum store_replace replace;
	char		 sha256[65];
	size_t		 len;
	/* for a recipient's view: its own delivery stage */
	int64_t		 taken_ms;	/* 0 until acknowledged */
	/* store_fetch only, for the page: the sender's reference and the
	 * time received of the document this one replaces and of the one
	 * that replaced it ("" and 0 when none) */
	char		 replaces_msgid[65];
	int64_t		 replaces_ms;
	char		 replaced_by_msgid[65];
	int64_t		 replaced_by_ms;
};

struct store_inbox_query {
	const char	*recipient;
	const char	*after;		/* cursor from a previous page or NULL */
	int		 unacked_only;
	int		 limit;		/* 1..500 */
};

/* Documents addressed to q->recipient, oldest first. Calls fn for each;
 * *next is filled with the cursor of the next page ("" when none). */
int	store_inbox(struct store *, const struct store_actor *,
	    const struct store_inbox_query *q,
	    int (*fn)(void *arg, const struct store_doc *), void *arg,
	    char next[64], struct carex_err *err);

/* The document with id if actor->participant is its sender or one of its
 * recipients: 0 with *doc filled (with the references of the documents it
 * replaces and is replaced by: the same sender's, named on its page) and,
 * if body is not NULL, the bytes appended to it. Otherwise -1 with err CAREX_ENOTFOUND, exactly as for an
 * id that does not exist (and the denial audited). */
int	store_fetch(struct store *, const struct store_actor *, const char *id,
	    struct store_doc *doc, struct buf *body, struct carex_err *err);

/* Record that a rendition (or the XML) was served: its SHA-256 goes into
 * the audit record, so it can be proven which letter a practice saw. Or,
 * with problem not NULL (and sha256hex NULL), that it could not be: the
 * audit says why, and so does the recipient's delivery in the sender's
 * status view until it is served. */
int	store_served(struct store *, const struct store_actor *,
	    const char *id, const char *what, const char *sha256hex,
	    const char *problem, struct carex_err *err);

enum store_stage {
	STORE_TAKEN,		/* the recipient's system has the document */
	STORE_ACCEPTED,		/* a person there accepted it */
	STORE_REJECTED		/* a person there rejected it, with a reason */
};

/* Acknowledge for actor->participant, which must be a recipient (else
 * CAREX_ENOTFOUND). Accepting or rejecting implies taken. Repeating a
 * stage already recorded is success and changes nothing; accepting after
 * rejecting (or the reverse) is CAREX_EINVALID. reason is a code such as
 * "not-registered", "wrong-recipient", "clinical-query"; text is free. */
int	store_ack(struct store *, const struct store_actor *, const char *id,
	    enum store_stage, const char *reason, const char *text,
	    int64_t now_ms, struct carex_err *err);

enum store_push_state {
	STORE_PUSH_NONE,	/* the recipient has no push endpoint */
	STORE_PUSH_PENDING,	/* not yet answered 2xx; retried */
	STORE_PUSH_PUSHED,	/* the endpoint answered 2xx */
	STORE_PUSH_FAILED	/* given up after the last attempt */
};

/* One recipient's delivery as the sender sees it. */
struct store_delivery {
	char	 recipient[STORE_CODE_MAX + 1];
	int64_t	 taken_ms;		/* 0: not yet */
	int64_t	 accepted_ms;
	int64_t	 rejected_ms;
	char	 reason[32];
	char	 text[256];
	int	 overdue;		/* not taken and past ack_due */
	int64_t	 ack_due_ms;
	enum store_push_state push_state;
	int	 push_attempts;		/* made so far */
	int64_t	 pushed_ms;		/* 2xx received; 0 not yet */
	int64_t	 push_next_ms;		/* pending: next attempt due */
	char	 push_error[256];	/* the last failed attempt's, or "" */
	char	 problem[256];		/* why it could not be served, or "" */
	int64_t	 problem_ms;
};

/* Per-recipient status for the sender only (anyone else: ENOTFOUND).
 * Calls fn for each recipient in the order they were addressed. */
int	store_status(struct store *, const struct store_actor *,
	    const char *id, int64_t now_ms, struct store_doc *doc,
	    int (*fn)(void *arg, const struct store_delivery *), void *arg,
	    struct carex_err *err);

/* ---- push delivery: the outbox -------------------------------------- */

#define STORE_URL_MAX	1024

/* A delivery claimed for one attempt. The body is borrowed for the
 * callback only; the rest is the callback's copy. */
struct store_push {
	int64_t		 key;		/* the delivery, for store_push_result */
	char		 doc_id[STORE_ID_LEN + 1];
	char		 sender[STORE_CODE_MAX + 1];
	char		 doctype[49];
	char		 recipient[STORE_CODE_MAX + 1];
	char		 url[STORE_URL_MAX + 1];
	int		 attempts;	/* made before this one */
	const void	*body;
	size_t		 len;
};

/* Claim at most max pending deliveries due at now_ms, calling fn for each
 * (oldest first). Each is leased until lease_ms: until then nobody (this
 * process, a restarted one, another node on the same database) is
 * offered it again; one whose result is never recorded (a crash) is
 * offered again once its lease has passed. At most one delivery per
 * recipient is leased at a time, so an endpoint that hangs holds one
 * transfer, not all of them. A pushed or failed one is never offered.
 * fn returns 0 to take the delivery, non-zero to leave it (and stop). */
int	store_push_claim(struct store *, int64_t now_ms, int64_t lease_ms,
	    int max, int (*fn)(void *arg, const struct store_push *),
	    void *arg, struct carex_err *err);

enum store_push_outcome {
	STORE_PUSH_DELIVERED,	/* 2xx: pushed, never offered again */
	STORE_PUSH_RETRY,	/* failed; offered again from next_ms */
	STORE_PUSH_GIVEN_UP,	/* failed the last allowed time: failed */
	STORE_PUSH_INTERRUPTED	/* abandoned unanswered (carexd stopping):
				   not counted, offered again at once */
};

#define STORE_PUSH_NOUTCOMES	4

/* The outcome as the audit trail names it: delivered, failed, given-up,
 * interrupted. */
const char	*store_push_outcome_name(enum store_push_outcome);

struct store_push_result {
	enum store_push_outcome	 outcome;
	int64_t			 now_ms;
	int64_t			 next_ms;	/* for RETRY */
	int			 http_status;	/* 0: no HTTP answer */
	const char		*error;		/* why it failed, or "" */
	const char		*addr;		/* the endpoint's address */
};

/* Record the result of the attempt on p (as claimed) and audit it
 * (action "push", participant the recipient, outcome delivered, failed,
 * given-up or interrupted, the attempt, endpoint and HTTP status or error
 * in the detail), durably, in one transaction. Delivered also makes the
 * recipient's other pending deliveries due at once: its endpoint is
 * answering again. */
int	store_push_result(struct store *, const struct store_push *p,
	    const struct store_push_result *r, struct carex_err *err);

/* Deliveries pending (for metrics) and the earliest time one may be
 * claimed (INT64_MAX when none), from the read-only connection. */
int	store_push_pending(struct store *, long *pending, int64_t *next_ms,
	    struct carex_err *err);

/* How many deliveries are overdue now (for metrics). */
int	store_overdue_count(struct store *, int64_t now_ms, long *count,
	    struct carex_err *err);

/* An audit record for an access that touched no document or was denied
 * before reaching the store (a refused certificate, a 403). */
int	store_audit(struct store *, const struct store_actor *,
	    const char *action, const char *doc_id, const char *outcome,
	    const char *detail, struct carex_err *err);

/* The same without waiting for the commit, for callers that must not
 * block (the event loop): the strings are copied and the record joins
 * the writer's next batch. -1 when it cannot be queued (out of memory,
 * closing, or 10,000 already waiting): the caller's log line is then the
 * only trace. */
int	store_audit_async(struct store *, const struct store_actor *,
	    const char *action, const char *outcome, const char *detail);

/* Counters since open: writes (every submit, ack, audit, purge), the
 * transactions they ran in (fewer when writes are grouped), and detached
 * audit records that failed to commit. */
struct store_stats {
	long	writes;
	long	commits;
	long	audit_failed;
};
void	store_stats(struct store *, struct store_stats *);

/* What a purge did, and the audit chain's head after it (logged, so a
 * rewrite of the chain's tail can be told from the logs). */
struct store_purged {
	long	 documents;
	int64_t	 audit_seq;
	char	 audit_hash[64 + 1];
};

/* Delete documents whose retention has passed, each with an audit
 * record. */
int	store_purge(struct store *, int64_t now_ms, struct store_purged *,
	    struct carex_err *err);

/* Verify the audit chain of the store at path, read-only and offline,
 * and against the checkpoints of its head in anchors (anchor.h; NULL for
 * none): 0 when intact (with *records counted), 1 when broken with
 * *first_bad the sequence number of the first record that does not
 * chain (an edited record, one after a deletion, one whose hash is not
 * the checkpoint's, or the first a checkpoint saw that is gone) and err
 * saying what, -1 when the store cannot be read. */
struct anchor_set;
int	store_audit_verify(const char *path, struct anchor_set *anchors,
	    long *records, long *first_bad, struct carex_err *err);

/* The chain's head (its last record's seq, 0 when empty, and hash) and
 * the hash of record seq ("" when there is none), committed records
 * only, for carexd's check of the store against its last checkpoint. */
int	store_audit_at(struct store *, int64_t seq, int64_t *head_seq,
	    char head_hash[65], char at_hash[65], struct carex_err *err);

#endif
