/* SPDX-License-Identifier: MIT */
/* priv.c - giving up root for good (see priv.h). */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "util/priv.h"

/* Real, effective and saved ids alike, so nothing is left to regain. */
static int
set_gid(gid_t g)
{
#ifdef HAVE_SETRESGID
	return setresgid(g, g, g);
#else
	return setregid(g, g) == 0 && setgid(g) == 0 ? 0 : -1;
#endif
}

static int
set_uid(uid_t u)
{
#ifdef HAVE_SETRESUID
	return setresuid(u, u, u);
#else
	return setreuid(u, u) == 0 && setuid(u) == 0 ? 0 : -1;
#endif
}

/* No way back: a process that can still become root has dropped nothing. */
static int
verify(uid_t u, gid_t g)
{
	gid_t	groups[256];
	int	i, n;

	if (getuid() != u || geteuid() != u || getgid() != g ||
	    getegid() != g)
		return -1;
	if (setuid(0) != -1 || seteuid(0) != -1 || setgid(0) != -1 ||
	    setegid(0) != -1)
		return -1;
	if ((n = getgroups(256, groups)) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (groups[i] == 0)
			return -1;
	return 0;
}

int
priv_drop(const char *user, enum priv_outcome *out, long *uid, long *gid,
    struct carex_err *err)
{
	struct passwd	*pw;

	*uid = (long)geteuid();
	*gid = (long)getegid();
	if (geteuid() != 0) {
		*out = PRIV_NOT_ROOT;
		return 0;
	}
	if (strcmp(user, "root") == 0) {
		*out = PRIV_KEPT_ROOT;
		return 0;
	}
	errno = 0;
	if (user[0] == '\0' || (pw = getpwnam(user)) == NULL) {
		err_set(err, CAREX_EUSAGE, "user %s: no such user (create it "
		    "with adduser --system --group %s, or set user)", user,
		    user[0] ? user : "carex");
		return -1;
	}
	if (pw->pw_uid == 0 || pw->pw_gid == 0) {
		err_set(err, CAREX_EUSAGE, "user %s: has uid or gid 0, which "
		    "gives up nothing", user);
		return -1;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) == -1 ||
	    set_gid(pw->pw_gid) == -1 || set_uid(pw->pw_uid) == -1) {
		err_set(err, CAREX_ESYS, "user %s: cannot become it: %s", user,
		    strerror(errno));
		return -1;
	}
	if (verify(pw->pw_uid, pw->pw_gid) == -1) {
		err_set(err, CAREX_EINTERNAL, "user %s: root could be regained "
		    "after dropping to it", user);
		return -1;
	}
	*out = PRIV_DROPPED;
	*uid = (long)pw->pw_uid;
	*gid = (long)pw->pw_gid;
	return 0;
}
