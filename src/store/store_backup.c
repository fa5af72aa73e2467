/* SPDX-License-Identifier: MIT */
/* store_backup.c - carex backup: SQLite's online backup API (see
 * store_backup.h). Restoring is copying the file back while carexd is
 * stopped (carex(1), README "Backup and restore"). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/store.h"
#include "store/store_backup.h"
#include "store/store_sqlite.h"

#define BACKUP_BUSY_MS	10000	/* a writer's lock at the start */

/* The copy's bytes on disk before its name is. */
static int
sync_path(const char *path, int flags)
{
	int	fd, rc;

	if ((fd = open(path, flags | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	(void)close(fd);	/* nothing written through this descriptor */
	return rc;
}

/* The copy made: in one step, so its read transaction spans it all (a
 * backup in several steps restarts whenever another connection writes,
 * and under steady load might never finish). */
static int
copy(sqlite3 *src, sqlite3 *dst, long *pages, struct carex_err *err)
{
	sqlite3_backup	*b;
	int		 rc, tries = 0;

	if ((b = sqlite3_backup_init(dst, "main", src, "main")) == NULL) {
		sq_err(err, dst, "backup");
		return -1;
	}
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED)
		if (++tries > BACKUP_BUSY_MS / 50)
			break;
		else
			(void)sqlite3_sleep(50);
	*pages = sqlite3_backup_pagecount(b);
	if (sqlite3_backup_finish(b) != SQLITE_OK || rc != SQLITE_DONE) {
		sq_err(err, dst, "backup");
		return -1;
	}
	return 0;
}

/* The copy stands alone (no -wal beside it) and reads back whole. */
static int
settle(sqlite3 *dst, struct carex_err *err)
{
	sqlite3_stmt	*st = NULL;
	int		 ok;

	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL,
	    NULL) != SQLITE_OK || sqlite3_prepare_v2(dst, "PRAGMA quick_check",
	    -1, &st, NULL) != SQLITE_OK) {
		sq_err(err, dst, "backup");
		return -1;
	}
	ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) !=
	    NULL && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	(void)sqlite3_finalize(st);	/* its result is read */
	if (!ok)
		err_set(err, CAREX_EINTERNAL, "backup: the copy fails "
		    "quick_check");
	return ok ? 0 : -1;
}

int
store_backup(const char *path, const char *out, long *pages,
    struct carex_err *err)
{
	sqlite3		*src = NULL, *dst = NULL;
	char		 uri[4200], tmp[4200], dir[4200], *slash;
	int		 result = -1, made = 0, fd;

	*pages = 0;
	if (!store_is_file(path)) {
		err_set(err, CAREX_EUSAGE, "%s is a PostgreSQL store: back it "
		    "up with pg_dump (carex(1), BACKUP)", path);
		return -1;
	}
	if (access(out, F_OK) == 0) {
		err_set(err, CAREX_EUSAGE, "%s exists: a backup never "
		    "overwrites", out);
		return -1;
	}
	if (snprintf(uri, sizeof(uri), "file:%s?mode=rw", path) >=
	    (int)sizeof(uri) || snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", out,
	    (long)getpid()) >= (int)sizeof(tmp) || snprintf(dir, sizeof(dir),
	    "%s", out) >= (int)sizeof(dir)) {
		err_set(err, CAREX_EUSAGE, "path too long");
		return -1;
	}
	/* mode=rw: a store that is not there is an error, not a new one. */
	if (sqlite3_open_v2(uri, &src, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI,
	    NULL) != SQLITE_OK) {
		sq_err(err, src, path);
		goto done;
	}
	(void)sqlite3_busy_timeout(src, BACKUP_BUSY_MS);	/* always OK */
	made = 1;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		err_set(err, CAREX_ESYS, "%s: %s", tmp, strerror(errno));
		made = 0;	/* someone else's file: not ours to unlink */
		goto done;
	}
	(void)close(fd);	/* empty: SQLite writes it, 0600 already */
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		sq_err(err, dst, tmp);
		goto done;
	}
	if (copy(src, dst, pages, err) == -1 || settle(dst, err) == -1)
		goto done;
	if (sqlite3_close(dst) != SQLITE_OK) {
		sq_err(err, dst, tmp);
		goto done;
	}
	dst = NULL;
	if ((slash = strrchr(dir, '/')) == NULL)
		(void)snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	/* link, not rename: an out made meanwhile is not replaced. */
	if (sync_path(tmp, O_RDONLY) == -1 || link(tmp, out) == -1 ||
	    sync_path(dir, O_RDONLY | O_DIRECTORY) == -1) {
		err_set(err, CAREX_ESYS, "%s: %s", out, strerror(errno));
		goto done;
	}
	result = 0;
done:
	(void)sqlite3_close(dst);	/* NULL is a no-op; errors reported */
	(void)sqlite3_close(src);	/* read only: nothing to lose */
	if (made)
		(void)unlink(tmp);	/* out, if made, is its own link */
	return result;
}
