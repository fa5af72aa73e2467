/* SPDX-License-Identifier: MIT */
/* checkpoint.h - carexd's checkpoints of the audit chain (the format is
 * store/anchor.h): the key read as root, the store checked against the
 * last checkpoint at start, one written at start, every
 * audit_checkpoint_interval while the chain grows (the store probe's
 * thread), and at stop. Each goes to audit_checkpoints and the log. */
#ifndef CAREX_CHECKPOINT_H
#define CAREX_CHECKPOINT_H

#include <stdint.h>

#include "conf.h"
#include "store/store.h"
#include "util/err.h"

struct checkpoint;

/* Read audit_key (before privileges are dropped) and settle the file:
 * audit_checkpoints, or beside a file store, or none for a database
 * store without one. NULL with err. */
struct checkpoint	*checkpoint_new(const struct conf *, struct carex_err *);

/* The store against the last checkpoint in the file: -1 with err when
 * the file is forged or its last checkpoint is ahead of the store (a
 * chain cut short, emptied or rewritten) and audit_behind is refuse;
 * with warn, logged loudly and a restore checkpoint written instead.
 * Then a start checkpoint. */
int	checkpoint_start(struct checkpoint *, struct store *,
	    struct carex_err *);

/* A run checkpoint if the chain grew since the last one; any thread but
 * one at a time. */
void	checkpoint_tick(struct checkpoint *, struct store *);

/* A stop checkpoint; frees the key. NULL is a no-op. */
void	checkpoint_stop(struct checkpoint *, struct store *);

#endif
