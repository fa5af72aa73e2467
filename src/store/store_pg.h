/* SPDX-License-Identifier: MIT */
/* store_pg.h - the PostgreSQL backend (store_pg.c) as store.c calls it.
 * Nothing outside src/store includes it. */
#ifndef CAREX_STORE_PG_H
#define CAREX_STORE_PG_H

#include <stdint.h>

#include "store/store.h"

struct pgstore;

/* The backend's side of store.h, called by store.c only: each does what
 * the store_* call of the same name describes. */
struct pgstore	*pg_open(const char *path, const struct store_opts *,
		    struct carex_err *err);
void		 pg_close(struct pgstore *);
int		 pg_submit(struct pgstore *, const struct store_actor *,
		    const struct store_submit *, struct store_submitted *,
		    struct carex_err *);
int		 pg_inbox(struct pgstore *, const struct store_actor *,
		    const struct store_inbox_query *,
		    int (*)(void *, const struct store_doc *), void *,
		    char next[64], struct carex_err *);
int		 pg_fetch(struct pgstore *, const struct store_actor *,
		    const char *id, struct store_doc *, struct buf *,
		    struct carex_err *);
int		 pg_served(struct pgstore *, const struct store_actor *,
		    const char *id, const char *what, const char *sha256hex,
		    const char *problem, struct carex_err *);
int		 pg_ack(struct pgstore *, const struct store_actor *,
		    const char *id, enum store_stage, const char *reason,
		    const char *text, int64_t now_ms, struct carex_err *);
int		 pg_status(struct pgstore *, const struct store_actor *,
		    const char *id, int64_t now_ms, struct store_doc *,
		    int (*)(void *, const struct store_delivery *), void *,
		    struct carex_err *);
int		 pg_push_claim(struct pgstore *, int64_t now_ms,
		    int64_t lease_ms, int max,
		    int (*)(void *, const struct store_push *), void *,
		    struct carex_err *);
int		 pg_push_result(struct pgstore *, const struct store_push *,
		    const struct store_push_result *, struct carex_err *);
int		 pg_push_pending(struct pgstore *, long *, int64_t *,
		    struct carex_err *);
int		 pg_overdue_count(struct pgstore *, int64_t now_ms, long *,
		    struct carex_err *);
int		 pg_audit_record(struct pgstore *, const struct store_actor *,
		    const char *action, const char *doc_id,
		    const char *outcome, const char *detail,
		    struct carex_err *);
int		 pg_audit_async(struct pgstore *, const struct store_actor *,
		    const char *action, const char *outcome,
		    const char *detail);
void		 pg_stats(struct pgstore *, struct store_stats *);
int		 pg_purge(struct pgstore *, int64_t now_ms,
		    struct store_purged *, struct carex_err *);
int		 pg_audit_at(struct pgstore *, int64_t seq, int64_t *head_seq,
		    char head_hash[65], char at_hash[65], struct carex_err *);
struct audit_walk;
int		 pg_audit_verify(const char *path,
		    struct audit_walk *, long *first_bad, struct carex_err *);

#endif
