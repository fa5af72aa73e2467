/* SPDX-License-Identifier: MIT */
/* policy.c - submission policy (see policy.h). */
#include "config.h"

#include <string.h>

#include "domain/policy.h"

int
policy_submit(const struct directory *dir, const struct doctype *dt,
    const struct participant *caller, const char *from, char *const *to,
    struct carex_err *err)
{
	const struct participant	*r;
	size_t				 i;

	if (strcmp(from, caller->code) != 0) {
		err_set(err, CAREX_EFORBIDDEN, "the document says it is from "
		    "%.32s, but the certificate that sent it is %.32s's",
		    from, caller->code);
		return -1;
	}
	if (!doctype_may_submit(dt, caller->role)) {
		err_set(err, CAREX_EFORBIDDEN, "a participant with the role "
		    "%.32s may not send a %s", caller->role,
		    doctype_title(dt));
		return -1;
	}
	if (to == NULL || to[0] == NULL) {
		err_set(err, CAREX_EINVALID, "the document is addressed to "
		    "nobody");
		return -1;
	}
	for (i = 0; to[i] != NULL; i++) {
		if ((r = directory_find(dir, to[i])) == NULL) {
			err_set(err, CAREX_EINVALID, "addressee %.32s is not a "
			    "participant of this exchange", to[i]);
			return -1;
		}
		if (doctype_rendition(dt, r->role) == NULL) {
			err_set(err, CAREX_EINVALID, "addressee %.32s (%.64s) "
			    "has the role %.32s, which does not receive a %s",
			    r->code, r->name, r->role, doctype_title(dt));
			return -1;
		}
	}
	return 0;
}
