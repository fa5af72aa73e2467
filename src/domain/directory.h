/* SPDX-License-Identifier: MIT */
/* directory.h - the participant directory: who may connect, their role,
 * the name and address printed on letterheads, and whom to call in and
 * out of hours, per participant and per team (schemas/directory.xsd). */
#ifndef CAREX_DIRECTORY_H
#define CAREX_DIRECTORY_H

#include <stddef.h>

#include "util/err.h"

struct directory;

/* A team within a participant (North East ADRS within Glasgow ADRS).
 * What the team does not give itself is the participant's, copied at
 * load, so a reader never has to look further. */
struct team {
	char	*code;		/* unique within its participant */
	char	*name;
	char	*address;	/* lines and postcode, '|'-separated */
	char	*contact;	/* person, phone, email, '|'-separated */
	char	*phone;		/* the contact's phone; "" if none */
	char	*ooh;		/* out-of-hours route; NULL if none */
};

struct participant {
	char	*code;
	char	*role;
	char	*contractor;	/* NHS practice or contractor code; NULL */
	char	*name;
	char	*address;	/* lines and postcode, '|'-separated */
	char	*contact;	/* person, phone, email, '|'-separated */
	char	*phone;		/* the contact's phone; "" if none */
	char	*ooh;		/* out-of-hours route; NULL if none */
	struct team *teams;	/* in directory order */
	size_t	 nteams;
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
/* The i-th participant in code order, or NULL past the end. */
const struct participant *directory_at(const struct directory *, size_t i);
/* The participant's team with this code, or NULL (no such team, or
 * code NULL). Borrowed from the directory. */
const struct team	*directory_team(const struct participant *,
			    const char *code);

#endif
