/* SPDX-License-Identifier: MIT */
/* store_common.h - what the store backends share beyond the job queue
 * (jobq.h) and the audit chain (audit.h): ids, the audit record of an
 * actor, and the rules of inbox cursors, acknowledgements and push
 * results, so both backends decide alike. Defined in store.c. Nothing
 * outside src/store includes it. */
#ifndef CAREX_STORE_COMMON_H
#define CAREX_STORE_COMMON_H

#include <stdint.h>

#include "store/audit.h"
#include "store/store.h"

/* A new ULID for a document received at ms. -1 without randomness. */
int	store_new_id(int64_t ms, char out[STORE_ID_LEN + 1]);

/* 1 if path names a PostgreSQL database (a postgresql:// or postgres://
 * URL or a libpq "key=value" string), 0 if a SQLite file. */
int	store_path_is_pg(const char *path);

/* r for an access by a (NULL: nobody) with the strings borrowed; NULL
 * strings become "". */
void	store_audit_rec(struct audit_rec *r, const struct store_actor *a,
	    int64_t seq, int64_t time_ms, const char *action,
	    const char *doc_id, const char *outcome, const char *detail);

/* The inbox cursor is the id of the last document of the page before, a
 * document the recipient already sees: it tells nothing of anyone else's
 * traffic (the exchange-wide sequence it replaces did). Checks q: 0 with
 * *after_id the cursor (NULL for the first page), or -1 with err
 * (CAREX_EUSAGE) when the cursor or limit is not acceptable. */
int	store_inbox_after(const struct store_inbox_query *q,
	    const char **after_id, struct carex_err *err);

/* err for a well-formed cursor that names no document in the recipient's
 * inbox (never one: the same answer as for another's, so it tells
 * nothing; or one purged since). */
void	store_cursor_unknown(struct carex_err *err);

/* An acknowledgement at stage applied to the delivery's stored times
 * (0: not yet) and rejection reason: 0 with them updated, or 1 with err
 * (CAREX_EINVALID) when it would turn an acceptance into a rejection or
 * the reverse. reason and text are kept from an earlier rejection. */
int	store_ack_apply(enum store_stage, int64_t now_ms, const char *reason,
	    const char *text, int64_t *taken, int64_t *accepted,
	    int64_t *rejected, char rreason[32], char rtext[256],
	    struct carex_err *err);

/* The outbox row after an attempt on p with result r, and its audit
 * detail. */
struct store_push_next {
	int	 state;		/* enum store_push_state */
	int	 attempts;
	int64_t	 next_ms;
	int64_t	 pushed_ms;
	char	 detail[1600];
};
void	store_push_next(const struct store_push *p,
	    const struct store_push_result *r, struct store_push_next *n);

/* The audit detail of a served (or unservable) rendition: "pdf
 * sha256=HEX" or "pdf failed: why", cut on a character boundary. */
struct served_arg;
#define STORE_DETAIL_MAX	384
void	store_served_detail(const struct served_arg *a, char *out,
	    size_t len);
/* Whether this serving sets or clears the delivery's problem: a failed
 * rendition sets it, a rendition served clears it; the XML served says
 * nothing about whether the rendition can be made. */
int	store_served_problem(const struct served_arg *a);

/* Deliveries one push claim takes at most (store.c clamps the caller's). */
#define STORE_CLAIM_MAX	64

/* The actor of carexd's own work (purges, push claims and results). */
extern const struct store_actor store_system;

/* A call's arguments as the backends' job functions receive them, the
 * same for SQLite and PostgreSQL: what store.h's function was given. */
struct submit_arg {
	const struct store_submit	*in;
	struct store_submitted		*out;
};

struct fetch_arg {
	const char		*id;
	struct store_doc	*doc;
	struct buf		*body;
};

struct served_arg {
	const char	*id, *what, *sha, *problem;
};

struct inbox_arg {
	const struct store_inbox_query	*q;
	int	(*fn)(void *, const struct store_doc *);
	void	*fnarg;
	char	*next;
};

struct ack_arg {
	const char		*id;
	enum store_stage	 stage;
	const char		*reason, *text;
};

struct status_arg {
	const char		*id;
	struct store_doc	*doc;
	int	(*fn)(void *, const struct store_delivery *);
	void	*fnarg;
};

struct claim_arg {
	int64_t	 lease_ms;
	int	 max;
	int	(*fn)(void *, const struct store_push *);
	void	*fnarg;
};

struct result_arg {
	const struct store_push		*p;
	const struct store_push_result	*r;
};

#endif
