/* SPDX-License-Identifier: MIT */
/* anchor.h - checkpoints of the audit chain kept outside the database.
 *
 * A hash chain shows an edited or a deleted record, but not a chain cut
 * short at its end, an emptied table, or one recomputed from an edit on:
 * each of those is a consistent chain. carexd therefore writes, at start,
 * every audit_checkpoint_interval while the chain grows, and at stop, the
 * chain's head (its last record's seq and hash) signed with an Ed25519
 * key the database does not hold, as one line appended to a file and to
 * the log:
 *
 *   carex-audit-checkpoint 1 time=MS seq=N hash=HEX kind=K key=B64 sig=B64
 *
 * kind is start, run, stop or restore (the chain was found behind the
 * last checkpoint, and carexd was told to go on: audit_behind = warn);
 * key is the raw public key, sig the signature of the line up to " sig="
 * (both "-" when no audit_key is set). carex audit verify checks the
 * chain against every checkpoint. Threat model: docs/internals/store.md.
 */
#ifndef CAREX_ANCHOR_H
#define CAREX_ANCHOR_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "store/audit.h"
#include "util/err.h"

struct audit_anchor {
	int64_t	 time_ms;	/* 0: given on the command line */
	int64_t	 seq;
	char	 hash[AUDIT_HASH_HEX + 1];
	long	 line;		/* in the file; 0 for --head */
};

/* The checkpoints a chain must agree with, in file order. */
struct anchor_set {
	struct audit_anchor *v;
	size_t		 n, cap;
	long		 lines;		/* checkpoint lines read */
	long		 unsigned_lines;
	long		 restores;	/* restore lines: earlier ones void */
	int64_t		 lost_from, lost_to;	/* the last restore lost these */
	char		 key[72];	/* the first line's key ("-": none) */
};

/* The Ed25519 private key at path (PEM). NULL with err if it is not one. */
EVP_PKEY	*anchor_key_load(const char *path, struct carex_err *err);

/* Format a checkpoint (signed when key is not NULL) into line (no
 * newline), append it to path (created 0600; one write, then fsync) when
 * path is not NULL or empty. -1 with err. */
int	anchor_write(const char *path, EVP_PKEY *key, int64_t time_ms,
	    int64_t seq, const char *hash, const char *kind, char *line,
	    size_t len, struct carex_err *err);

/* Read the checkpoints of path into set (zeroed by the caller). Every
 * signed line's signature is checked with its key, and every line must
 * have the first line's key (and, if want_key is not NULL, that one: the
 * base64 raw public key); a restore line voids the checkpoints before it
 * past its seq. 0; 1 with err naming the line when a line is forged,
 * malformed or signed by another key; -1 with err when path cannot be
 * read (CAREX_ENOTFOUND if it does not exist). */
int	anchor_load(const char *path, const char *want_key,
	    struct anchor_set *set, struct carex_err *err);

/* Add a checkpoint given as "SEQ:HASH" (from a log line). -1 with err. */
int	anchor_add_head(struct anchor_set *set, const char *seq_hash,
	    struct carex_err *err);

/* The base64 raw public key of key, for want_key and the logs. */
int	anchor_pubkey(EVP_PKEY *key, char out[72]);

/* The anchors in seq order (stable), ready for the walk. */
void	anchor_sort(struct anchor_set *set);

void	anchor_set_free(struct anchor_set *set);

#endif
