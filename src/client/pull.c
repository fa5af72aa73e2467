/* SPDX-License-Identifier: MIT */
/* pull.c - carex pull: the agent a practice or pharmacy runs beside its
 * clinical system. It lists the unacknowledged inbox, writes each
 * document (and with --pdf its rendition) into a folder under a stable
 * name, ID.xml and ID.pdf, and acknowledges it only once both are on
 * disk: written to a temporary file, fsync'ed, renamed, the folder
 * fsync'ed (buf_write_file). Killed at any instant it loses nothing and
 * leaves no half file under a document's name; run again it finds the
 * unacknowledged documents again and writes the same names, so nothing is
 * duplicated. With --interval it polls until SIGTERM, backing off after
 * failures; one log line per event. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/commands.h"
#include "doc/xmlnode.h"
#include "doc/xmlsafe.h"
#include "store/store.h"
#include "util/log.h"

#define MAX_IDS		100000		/* one pass takes at most */
#define MAX_BACKOFF	300		/* seconds between failed passes */
#define ID_LEN		STORE_ID_LEN

static volatile sig_atomic_t	stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

struct ids {
	char	(*v)[ID_LEN + 1];
	size_t	 n;
};

/* The unacknowledged inbox, every page. EXIT_OK or the failure's code. */
static int
list_unacked(struct client *c, struct client_resp *r, struct ids *ids)
{
	struct xdoc	*x;
	xmlNode		*root, *e, *next;
	char		 path[512], *id, *href;
	int		 rc;

	(void)snprintf(path, sizeof(path), "/v1/inbox?unacked=1&limit=500");
	for (;;) {
		if ((rc = client_call(c, "inbox", "GET", path, NULL, 0, NULL,
		    NULL, r)) != EXIT_OK)
			return rc;
		if ((x = cmd_parse_answer("inbox", r)) == NULL)
			return EXIT_RETRY;
		root = xmlDocGetRootElement(x->doc);
		for (e = xmlnode_child(root, "document", NULL); e != NULL &&
		    ids->n < MAX_IDS; e = xmlnode_child(root, "document", e)) {
			if ((id = xmlnode_dup(e, "id")) != NULL &&
			    store_id_valid(id, strlen(id)))
				(void)snprintf(ids->v[ids->n++], ID_LEN + 1,
				    "%s", id);
			free(id);
		}
		next = xmlnode_child(root, "next", NULL);
		href = next != NULL ? xmlnode_dup(next, "href") : NULL;
		xmlsafe_free(x);
		if (href == NULL || ids->n >= MAX_IDS ||
		    strncmp(href, "/v1/inbox?", 10) != 0 ||
		    (size_t)snprintf(path, sizeof(path), "%s", href) >=
		    sizeof(path)) {
			free(href);
			return EXIT_OK;
		}
		free(href);
	}
}

/* Fetch one form of a document into dir/ID.ext. */
static int
take(struct client *c, struct client_resp *r, const char *dir,
    const char *id, const char *ext, const char *accept)
{
	char	path[128], file[4096];
	int	rc;

	(void)snprintf(path, sizeof(path), "/v1/documents/%s", id);
	if ((rc = client_call(c, id, "GET", path, NULL, 0, NULL, accept, r)) !=
	    EXIT_OK)
		return rc;
	if ((size_t)snprintf(file, sizeof(file), "%s/%s.%s", dir, id, ext) >=
	    sizeof(file) || buf_write_file(&r->body, file) == -1) {
		log_warn("event=write-failed id=%s file=%s", log_str(id),
		    log_str(file));
		return EXIT_USAGE;
	}
	log_info("event=written id=%s file=%s bytes=%zu", log_str(id),
	    log_str(file), r->body.len);
	return EXIT_OK;
}

static int
pull_one(struct client *c, struct client_resp *r, const char *dir,
    const char *id, int pdf)
{
	char	path[128];
	int	rc;

	if ((rc = take(c, r, dir, id, "xml", "application/xml")) != EXIT_OK ||
	    (pdf && (rc = take(c, r, dir, id, "pdf", "application/pdf")) !=
	    EXIT_OK))
		return rc;
	(void)snprintf(path, sizeof(path), "/v1/documents/%s/ack", id);
	if ((rc = client_call(c, id, "POST", path, NULL, 0, NULL, NULL, r)) !=
	    EXIT_OK)
		return rc;
	log_info("event=acknowledged id=%s", log_str(id));
	return EXIT_OK;
}

/* One pass over the unacknowledged inbox. */
static int
pass(struct client *c, const char *dir, int pdf, struct ids *ids)
{
	struct client_resp	r;
	size_t			i;
	int			rc, status;

	client_resp_init(&r);
	ids->n = 0;
	status = list_unacked(c, &r, ids);
	for (i = 0; i < ids->n && !stop; i++) {
		rc = pull_one(c, &r, dir, ids->v[i], pdf);
		if (rc != EXIT_OK && status == EXIT_OK)
			status = rc;
		else if (rc == EXIT_RETRY)
			status = rc;
		if (rc == EXIT_OK)
			continue;
		/*
		 * One document that fails (refused, or a 500 for its
		 * rendition) is reported and left unacknowledged for the next
		 * pass; the rest are still pulled. Only the server going away
		 * (no answer) or saying it is busy ends the pass: every
		 * further call would fail the same way.
		 */
		log_warnx("event=failed id=%s status=%ld next=%s", ids->v[i],
		    r.status, r.status == 0 || r.status == 503 ? "stop" :
		    "continue");
		if (r.status == 0 || r.status == 503)
			break;
	}
	client_resp_free(&r);
	return status;
}

/* Temporary files a killed run left behind (ID.xml.tmpXXXXXX). */
static void
sweep(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	char		 file[4096];
	size_t		 len;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len != ID_LEN + 4 + 10 || (strncmp(de->d_name + ID_LEN,
		    ".xml.tmp", 8) != 0 && strncmp(de->d_name + ID_LEN,
		    ".pdf.tmp", 8) != 0))
			continue;
		if (!store_id_valid(de->d_name, ID_LEN) || (size_t)snprintf(file,
		    sizeof(file), "%s/%s", dir, de->d_name) >= sizeof(file))
			continue;
		if (unlink(file) == 0)
			log_info("event=removed-partial file=%s",
			    log_str(file));
	}
	(void)closedir(d);
}

static void
pause_for(long seconds)
{
	long	i;

	for (i = 0; i < seconds && !stop; i++)
		(void)sleep(1);
}

int
cmd_pull(int argc, char **argv)
{
	struct cmdline		 cl;
	struct client		*c;
	struct sigaction	 sa;
	struct ids		 ids;
	long			 wait;
	int			 status;

	if (cmdline_parse(&cl, argc, argv, OPT_TO | OPT_PDF | OPT_INTERVAL,
	    "carex pull --to DIR [--pdf] [--interval SECONDS]") == -1 ||
	    cl.argc != 0 || cl.to == NULL)
		return EXIT_USAGE;
	if (access(cl.to, W_OK) == -1) {
		fprintf(stderr, "carex: %s: %s\n", cl.to, strerror(errno));
		return EXIT_USAGE;
	}
	if ((c = cmd_connect(&cl)) == NULL)
		return EXIT_USAGE;
	if ((ids.v = calloc(MAX_IDS, sizeof(*ids.v))) == NULL) {
		client_free(c);
		return EXIT_USAGE;
	}
	log_init("carex-pull", "stderr", 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	sweep(cl.to);
	wait = cl.interval;
	for (;;) {
		status = pass(c, cl.to, (cl.seen & OPT_PDF) != 0, &ids);
		if (!(cl.seen & OPT_INTERVAL) || stop) {
			log_info("event=pass status=%d documents=%zu", status,
			    ids.n);
			break;
		}
		/* after a failure wait longer each time, up to MAX_BACKOFF */
		if (status == EXIT_OK)
			wait = cl.interval;
		else if ((wait *= 2) > MAX_BACKOFF)
			wait = MAX_BACKOFF > cl.interval ? MAX_BACKOFF :
			    cl.interval;
		log_info("event=pass status=%d documents=%zu next_in=%ld",
		    status, ids.n, wait);
		pause_for(wait);
		if (stop)
			break;
	}
	if (stop) {
		log_info("event=stopped");
		status = EXIT_OK;
	}
	free(ids.v);
	client_free(c);
	return status;
}
