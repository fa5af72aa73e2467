/* SPDX-License-Identifier: MIT */
/* directory.h - the participant directory: who may connect, their role,
 * and the name and address printed on letterheads (schemas/directory.xsd). */
#ifndef CAREX_DIRECTORY_H
#define CAREX_DIRECTORY_H

#include <stddef.h>

#include "util/err.h"

struct directory;

struct participant {
	char	*code;
	char	*role;
	char	*name;
	char	*address;	/* lines and postcode, '|'-separated */
	char	*contact;	/* person, phone, email, '|'-separated */
	char	*push_url;	/* NULL if none */
	char	**pins;		/* SHA-256 hex fingerprints, NULL-terminated */
};

/* Load and validate the directory at path against xsd (the path of
 * schemas/directory.xsd). Caller frees with directory_free(). NULL with
 * err (file, line and why) on failure. Read-only once loaded. */
struct directory	*directory_load(const char *path, const char *xsd,
			    struct carex_err *err);
void			 directory_free(struct directory *);

/* The participant with this code, or NULL. Borrowed from the directory. */
const struct participant *directory_find(const struct directory *,
			    const char *code);
size_t			 directory_count(const struct directory *);

#endif
