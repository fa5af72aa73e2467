/* SPDX-License-Identifier: MIT */
/* store_backup.h - a consistent copy of the SQLite store while carexd
 * writes to it (carex backup), with SQLite's online backup API. */
#ifndef CAREX_STORE_BACKUP_H
#define CAREX_STORE_BACKUP_H

#include "util/err.h"

/* Copy the store at path to the new file out: one read transaction over
 * the whole database (WAL lets carexd go on committing meanwhile), so the
 * copy is the store as of one instant, every commit before it and none
 * after. The copy is a single file (journal_mode DELETE), checked with
 * quick_check, written beside out, fsynced and linked into place: out is
 * never overwritten and never half written. *pages gets its page count.
 * 0, or -1 with err (nothing left behind). */
int	store_backup(const char *path, const char *out, long *pages,
	    struct carex_err *err);

#endif
