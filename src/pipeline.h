/* SPDX-License-Identifier: MIT */
/* pipeline.h - the whole document pipeline, as both mains use it:
 * bytes -> hardened parse -> XSD -> rules -> XSLT rendition -> layout XML
 * -> typeset -> PDF. It wires the doc/, domain/ and pdf/ modules
 * together and adds nothing of its own but the directory lookups that
 * fill a rendition's letterhead, address block and contacts (the sender's
 * issuing team, the doctype's named parties). */
#ifndef CAREX_PIPELINE_H
#define CAREX_PIPELINE_H

#include <stddef.h>

#include "doc/registry.h"
#include "doc/xmlsafe.h"
#include "domain/directory.h"
#include "util/buf.h"
#include "util/err.h"

struct pipeline;

struct pipeline_paths {
	const char	 *datadir;	/* holds schemas/ and xsl/ */
	const char	**registries;	/* NULL: datadir/schemas/registry.xml */
	size_t		  nregistries;
	const char	 *directory;	/* participant directory file */
	const char	 *fontdir;	/* NULL: the configured default */
	/* for documents (not the directory); NULL: xmlsafe's defaults */
	const struct xmlsafe_limits *limits;
	const char	 *fallback_fonts;	/* typeset_new(); NULL: default */
	/* NULL or "": datadir/schemas/clinical-limits.xml */
	const char	 *clinical_limits;
};

/* Load and compile everything once. Caller frees with pipeline_free().
 * NULL with err on the first problem (file, line and why). */
struct pipeline	*pipeline_open(const struct pipeline_paths *,
		    struct carex_err *err);
void		 pipeline_free(struct pipeline *);
/* Release the XML libraries' process-wide state: at exit, after the last
 * pipeline_free(), so leak checkers see a clean process. */
void		 pipeline_shutdown(void);
const struct registry *pipeline_registry(const struct pipeline *);
const struct directory *pipeline_directory(const struct pipeline *);
/* Calls fn(participant, teams, arg) once for each participant that sends
 * or receives documents about a patient (the registry says which roles)
 * but has no out-of-hours route in the directory, itself or for some of
 * its teams; teams names those teams ("north-east and south"; "" when it
 * has none). Their renditions print the fallback, NHS 24 on 111. Returns
 * how many. For a warning at start: it is the directory's to fix. */
size_t		 pipeline_unrouted(const struct pipeline *,
		    void (*fn)(const struct participant *, const char *,
		    void *), void *arg);

/* A checked document: the parsed tree and its doctype. */
struct checked {
	struct xdoc		*x;
	const struct doctype	*dt;
};

/* Parse and validate len bytes, and prove the document printable: every
 * character of its text is one the typesetter's fonts can show, and the
 * rendition for each recipient (and the sender's copy) lays out within
 * the page limit, so nothing is accepted that a fetch would fail to
 * render (a stylesheet that fails is not the document's fault and is left
 * to the render to report). Returns 0 when valid (c filled; free with
 * pipeline_checked_free()), 1 when refused (every problem in errs, with
 * line, column and rule id: "XML" for parsing, "XSD" for the schema,
 * "DOCTYPE" for an unknown document type, "PRINT" for what cannot be
 * typeset, with the element path and U+XXXX, or the rule's id), -1 with
 * err when the check could not run. */
int		 pipeline_check(const struct pipeline *, const void *data,
		    size_t len, struct checked *c, struct errlist *errs,
		    struct carex_err *err);
/* A stored document, accepted once, for rendering: parsed (hardened) but
 * not validated again, so that a rule or schema added since cannot make a
 * delivered document unprintable, and a fetch costs no validation. The
 * doctype is the one the store recorded. 0 with c filled (free with
 * pipeline_checked_free()), -1 with err. */
int		 pipeline_load(const struct pipeline *, const void *data,
		    size_t len, const char *doctype, struct checked *c,
		    struct carex_err *err);
void		 pipeline_checked_free(struct checked *);

/* The text of a common header field ("from", "message-id", "marking",
 * "supersedes", "cancels", "issued") of a checked document, copied into
 * out; -1 if the header has no such field or it does not fit. */
int		 pipeline_header(const struct checked *, const char *field,
		    char *out, size_t len);

/* Whether nw (addressed to nw_to) may replace old, the stored document
 * it supersedes or cancels (addressed to old_to): the same doctype, about
 * the same patient, to every original recipient. Each difference goes to
 * errs (rule "REPLACE", the line of the field); returns their number, -1
 * with err if out of memory. */
int		 pipeline_replacement(const struct checked *nw,
		    char *const *nw_to, const struct checked *old,
		    char *const *old_to, struct errlist *errs,
		    struct carex_err *err);

struct render_opts {
	const char	*role;		/* NULL: the doctype's default */
	const char	*recipient;	/* NULL: first addressee of role */
	const char	*status;	/* NULL, "superseded", "cancelled" */
	/* From the store, for the page: the sender's reference and the time
	 * (ISO 8601, UTC) of the document this one replaces, and of the one
	 * that replaced it; NULL when none or not known (offline). */
	const char	*replaces_ref, *replaces_time;
	const char	*replaced_by_ref, *replaced_by_time;
	struct buf	*layout;	/* if not NULL, gets the layout XML */
};

/* Render a checked document as the rendition for o->role and append the
 * PDF to pdf. -1 with err (CAREX_ENOTFOUND for a role that may not
 * receive the doctype). */
int		 pipeline_render(const struct pipeline *,
		    const struct checked *, const struct render_opts *o,
		    struct buf *pdf, struct carex_err *err);

#endif
