/* SPDX-License-Identifier: MIT */
/* ui.h - the direction-drafting page at /ui/: a fixed list of static
 * files from datadir/ui, served over the API's mutual TLS to the
 * participants whose role may submit an ijb-direction. Not a file server:
 * no other name is ever opened. */
#ifndef CAREX_UI_H
#define CAREX_UI_H

#include <event2/http.h>

#include "domain/directory.h"
#include "pipeline.h"

/* Whether path is the page's (/ui or under /ui/). */
int	ui_path(const char *path);

/* Whether the participant's role may submit an ijb-direction: only then
 * is the page for it. */
int	ui_allowed(const struct pipeline *, const struct participant *);

/* What the caller answers, as a problem document, when ui_serve() does
 * not: static strings. */
struct ui_refusal {
	int		 status;
	const char	*type;
	const char	*title;
	const char	*detail;
};

/* Answer a GET of path (ui_path() true) from datadir/ui. Returns 0 when
 * the answer was sent; -1 with r filled (404, 405, 500) when the caller
 * is to send that problem instead. */
int	ui_serve(struct evhttp_request *req, const char *datadir,
	    const char *path, struct ui_refusal *r);

#endif
