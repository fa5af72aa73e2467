/* SPDX-License-Identifier: MIT */
/* priv.h - giving up root for good: carexd reads its key and binds as
 * root, then becomes an unprivileged user it can never leave. */
#ifndef CAREX_PRIV_H
#define CAREX_PRIV_H

#include "util/err.h"

/* What priv_drop did. */
enum priv_outcome {
	PRIV_DROPPED,		/* was root, now user (uid, gid, groups) */
	PRIV_NOT_ROOT,		/* started unprivileged: nothing to give up */
	PRIV_KEPT_ROOT		/* user is "root": asked to stay (tests) */
};

/* If the process runs as root, become user: its supplementary groups
 * (initgroups), then real, effective and saved gid, then uid; then prove
 * it: setuid(0) and setgid(0) must fail and no id may be 0. Call before
 * any thread starts (setuid is per thread in the kernel). -1 with err when
 * the user is unknown or any step fails: the caller must exit, never run
 * on as root. *uid and *gid get the ids now in force. */
int	priv_drop(const char *user, enum priv_outcome *out, long *uid,
	    long *gid, struct carex_err *err);

#endif
