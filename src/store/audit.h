/* SPDX-License-Identifier: MIT */
/* audit.h - the audit trail's hash chain: how one record is serialised
 * and hashed, and how a walk in sequence order checks a chain. Shared by
 * every store backend; knows nothing of SQL or of where records live. */
#ifndef CAREX_AUDIT_H
#define CAREX_AUDIT_H

#include <stdint.h>

#include "util/err.h"

#define AUDIT_HASH_HEX	64	/* SHA-256 as lowercase hex */

/* Most bytes each text field may hold (store_audit() refuses more). */
#define AUDIT_PARTICIPANT_MAX	64
#define AUDIT_CERT_MAX		64
#define AUDIT_ADDR_MAX		64
#define AUDIT_ACTION_MAX	32
#define AUDIT_DOC_ID_MAX	64
#define AUDIT_OUTCOME_MAX	32
#define AUDIT_DETAIL_MAX	4096

/* One record. The strings are borrowed; none may be NULL ("" instead). */
struct audit_rec {
	int64_t		 seq;		/* 1, 2, 3, ... with no gaps */
	int64_t		 time_ms;	/* Unix milliseconds */
	const char	*participant;
	const char	*cert;
	const char	*addr;
	const char	*action;
	const char	*doc_id;
	const char	*outcome;
	const char	*detail;
};

/* The prev_hash of record 1: 64 zeros. */
extern const char audit_genesis[AUDIT_HASH_HEX + 1];

/* 0 if every field of r is within its bound, else -1 with err
 * (CAREX_EUSAGE) naming the field. */
int	audit_check(const struct audit_rec *r, struct carex_err *err);

/* out = hex SHA-256 of prev (the previous record's hash, 64 hex
 * characters) followed by each field of r in declaration order, each as a
 * 4-byte big-endian length and its bytes, seq and time_ms as decimal.
 * -1 with err (CAREX_EINTERNAL) only if OpenSSL fails. */
int	audit_hash(const char *prev, const struct audit_rec *r,
	    char out[AUDIT_HASH_HEX + 1], struct carex_err *err);

struct audit_anchor;

/* A check of a chain read in sequence order, one record at a time, and
 * against checkpoints of its head taken outside the database (anchor.h):
 * anchors, sorted by seq, or NULL. */
struct audit_walk {
	long	 records;			/* checked so far */
	int64_t	 seq;				/* last record's seq, 0 */
	char	 hash[AUDIT_HASH_HEX + 1];	/* its hash, or genesis */
	const struct audit_anchor *anchors;
	size_t	 nanchors, next;		/* the next one to meet */
};

void	audit_walk_init(struct audit_walk *);

/* Check the next record r with its stored prev_hash and hash. Returns 0
 * when it chains on (the walk advances), 1 when it does not, with err
 * (CAREX_EINVALID) naming the record and why ("record 17: hash does not
 * match its contents (edited?)", "record 18 follows record 16: a record
 * is missing"), -1 with err if hashing failed. */
int	audit_walk_next(struct audit_walk *, const struct audit_rec *r,
	    const char *prev_hash, const char *hash, struct carex_err *err);

/* After the last record: 0, or 1 with err when a checkpoint saw records
 * past the chain's end (its tail removed, or the table emptied). */
int	audit_walk_end(struct audit_walk *, struct carex_err *err);

#endif
