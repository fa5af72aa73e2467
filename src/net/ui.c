/* SPDX-License-Identifier: MIT */
/* ui.c - the drafting page's static files (see ui.h). Names come from a
 * fixed table, never from the request, so no path can leave datadir/ui. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>

#include "net/ui.h"
#include "util/log.h"

#define UI_FILE_MAX	(1024 * 1024)

static const struct {
	const char	*url;		/* after /ui/ */
	const char	*file;		/* in datadir/ui */
	const char	*ctype;
} files[] = {
	{ "", "index.html", "text/html; charset=utf-8" },
	{ "index.html", "index.html", "text/html; charset=utf-8" },
	{ "ui.css", "ui.css", "text/css; charset=utf-8" },
	{ "ui.js", "ui.js", "text/javascript; charset=utf-8" },
};

/* Scripts and styles only from these files, requests only to this
 * server, frames only for the preview's blob: PDF; nothing inline,
 * nothing third-party, and the page never framed by another. */
#define UI_CSP	"default-src 'none'; script-src 'self'; style-src 'self'; " \
	"img-src 'self'; connect-src 'self'; frame-src blob:; " \
	"object-src 'none'; base-uri 'none'; form-action 'none'; " \
	"frame-ancestors 'none'"

int
ui_path(const char *path)
{
	return strcmp(path, "/ui") == 0 || strncmp(path, "/ui/", 4) == 0;
}

int
ui_allowed(const struct pipeline *pl, const struct participant *pt)
{
	const struct doctype	*dt;

	dt = registry_byname(pipeline_registry(pl), "ijb-direction");
	return dt != NULL && pt != NULL && doctype_may_submit(dt, pt->role);
}

static void
headers(struct evkeyvalq *h)
{
	(void)evhttp_add_header(h, "Content-Security-Policy", UI_CSP);
	(void)evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	(void)evhttp_add_header(h, "X-Frame-Options", "DENY");
	(void)evhttp_add_header(h, "Referrer-Policy", "no-referrer");
	(void)evhttp_add_header(h, "Cross-Origin-Opener-Policy",
	    "same-origin");
	(void)evhttp_add_header(h, "Cross-Origin-Resource-Policy",
	    "same-origin");
}

static int
refuse(struct ui_refusal *r, int status)
{
	r->status = status;
	switch (status) {
	case 404:
		r->type = "not-found";
		r->title = "Not found";
		r->detail = "No such page. The drafting page is /ui/.";
		break;
	case 405:
		r->type = "method-not-allowed";
		r->title = "Method not allowed";
		r->detail = "The page is read with GET.";
		break;
	default:
		r->status = 500;
		r->type = "internal";
		r->title = "Internal error";
		r->detail = "The page could not be read.";
	}
	return -1;
}

int
ui_serve(struct evhttp_request *req, const char *datadir, const char *path,
    struct ui_refusal *r)
{
	struct evkeyvalq	*h = evhttp_request_get_output_headers(req);
	struct evbuffer		*b = NULL;
	struct stat		 st;
	const char		*inm;
	char			 fn[1200], etag[64];
	size_t			 i;
	int			 fd = -1;

	if (evhttp_request_get_command(req) != EVHTTP_REQ_GET)
		return refuse(r, 405);
	if (strcmp(path, "/ui") == 0) {
		headers(h);
		(void)evhttp_add_header(h, "Location", "/ui/");
		evhttp_send_reply(req, 301, NULL, NULL);
		return 0;
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (strcmp(path + 4, files[i].url) == 0)
			break;
	if (i == sizeof(files) / sizeof(files[0]))
		return refuse(r, 404);
	if (snprintf(fn, sizeof(fn), "%s/ui/%s", datadir, files[i].file) >=
	    (int)sizeof(fn))
		return refuse(r, 500);
	if ((fd = open(fn, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > UI_FILE_MAX) {
		log_warn("event=ui-error file=%s", files[i].file);
		goto fail;
	}
	/* Revalidated on every load (no-cache), answered 304 while the file
	 * is unchanged: an upgraded page is never stale, an unchanged one is
	 * not sent again. */
	(void)snprintf(etag, sizeof(etag), "\"%llx-%llx\"",
	    (unsigned long long)st.st_mtim.tv_sec * 1000000000ull +
	    (unsigned long long)st.st_mtim.tv_nsec,
	    (unsigned long long)st.st_size);
	headers(h);
	(void)evhttp_add_header(h, "Cache-Control", "private, no-cache");
	(void)evhttp_add_header(h, "ETag", etag);
	inm = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "If-None-Match");
	if (inm != NULL && strcmp(inm, etag) == 0) {
		(void)close(fd);
		evhttp_send_reply(req, 304, NULL, NULL);
		return 0;
	}
	(void)evhttp_add_header(h, "Content-Type", files[i].ctype);
	if ((b = evbuffer_new()) == NULL)
		goto fail;
	/* A small local file, read whole on the loop: a few hundred
	 * microseconds, and no descriptor outlives the request. */
	while (evbuffer_get_length(b) < (size_t)st.st_size) {
		int n = evbuffer_read(b, fd, (int)st.st_size -
		    (int)evbuffer_get_length(b));

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_warn("event=ui-error file=%s", files[i].file);
			goto fail;
		}
	}
	(void)close(fd);
	fd = -1;
	evhttp_send_reply(req, 200, NULL, b);
	evbuffer_free(b);
	return 0;
fail:
	if (fd != -1)
		(void)close(fd);
	if (b != NULL)
		evbuffer_free(b);
	evhttp_clear_headers(h);	/* the problem document has its own */
	return refuse(r, 500);
}
