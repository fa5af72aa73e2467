/* SPDX-License-Identifier: MIT */
/* policy.h - who may submit what to whom. Policy is data (the doctype
 * registry and the directory); this applies it to one submission before
 * anything is stored. */
#ifndef CAREX_POLICY_H
#define CAREX_POLICY_H

#include "doc/registry.h"
#include "domain/directory.h"
#include "util/err.h"

/* A submission of doctype dt by caller, whose header says it is from
 * from and addressed to the codes in to (NULL-terminated). Returns 0 when
 * allowed; -1 with err CAREX_EFORBIDDEN (403: the caller may not send
 * this, or claims to be someone else) or CAREX_EINVALID (422: an
 * addressee is unknown or may not receive this doctype), with a detail a
 * person can act on. */
int	policy_submit(const struct directory *, const struct doctype *dt,
	    const struct participant *caller, const char *from,
	    char *const *to, struct carex_err *err);

#endif
