/* SPDX-License-Identifier: MIT */
/* test_conf.c - carexd.conf parsing: values, durations, every problem
 * with its line, and the shipped example file checks clean of syntax. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "conf.h"

static const char *
write_tmp(const char *text)
{
	static char	path[64];
	FILE		*f;

	(void)snprintf(path, sizeof(path), "/tmp/carex-conf-XXXXXX");
	int fd = mkstemp(path);
	if (fd == -1 || (f = fdopen(fd, "w")) == NULL)
		return NULL;
	fputs(text, f);
	fclose(f);
	return path;
}

/* Defaults, then text as a file: the number of problems (in errs,
 * which the caller frees). */
static int
load_text(struct conf *c, struct errlist *errs, const char *text)
{
	struct carex_err	 err;
	const char		*p;
	int			 n;

	conf_defaults(c);
	errlist_init(errs, 50);
	if ((p = write_tmp(text)) == NULL)
		return -1;
	n = conf_load(c, p, errs, &err);
	(void)unlink(p);
	return n;
}

static int
has(const struct errlist *l, long line, const char *frag)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].line == line && strstr(l->v[i].msg, frag) != NULL)
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	struct conf		c;
	struct errlist		errs;
	struct carex_err	err;
	char			example[1024];
	int			n;

	n = load_text(&c, &errs, "# comment\n\nlisten = 127.0.0.1:9443  "
	    "# trailing\nworkers = 4\nack_deadline = 2h\n"
	    "ack_deadline.care-summary = 7d\nretention = 30d\nmax_body=1048576\nrequest_timeout = 45\n"
	    "purge_interval = 10m\nack_deadline.dispensing-notification = 0\n");
	check(n == 0, "a good file has no problems (%d)", n);
	check(strcmp(c.listen, "127.0.0.1:9443") == 0, "listen: %s", c.listen);
	check(c.workers == 4, "workers");
	check(c.max_body == 1048576, "max_body without spaces around =");
	check(conf_ack_deadline(&c, "prescription-change") == 7200,
	    "default ack deadline in hours");
	check(conf_ack_deadline(&c, "care-summary") == 7 * 86400,
	    "per-doctype ack deadline in days");
	check(c.retention == 30 * 86400, "retention");
	check(c.request_timeout == 45, "request_timeout");
	check(c.purge_interval == 600, "purge_interval in minutes");
	check(conf_ack_deadline(&c, "dispensing-notification") == 0,
	    "a zero ack deadline (none)");
	errlist_free(&errs);

	n = load_text(&c, &errs, "listen = 127.0.0.1:1\nbogus = 1\nworkers = lots\n"
	    "workers = 0\nretention = 3 weeks\nno equals sign\nlog = file\n"
	    "max_body = 99999999999999999999\npurge_interval = 0\n");
	check(n == 8, "every problem counted (%d)", n);
	check(has(&errs, 2, "unknown key 'bogus'"), "unknown key at line 2");
	check(has(&errs, 3, "'lots' is not a whole number"), "line 3");
	check(has(&errs, 4, "'0' is not a whole number in range"), "line 4");
	check(has(&errs, 5, "not a duration"), "line 5");
	check(has(&errs, 6, "is not 'key = value'"), "line 6");
	check(has(&errs, 7, "neither stderr nor syslog"), "line 7");
	check(has(&errs, 8, "not a whole number"), "overflow at line 8");
	check(has(&errs, 9, "purge_interval: at least 1s"), "line 9");
	errlist_free(&errs);

	conf_defaults(&c);
	errlist_init(&errs, 50);
	(void)snprintf(c.admin_listen, sizeof(c.admin_listen), "0.0.0.0:9090");
	(void)snprintf(c.cert, sizeof(c.cert), "/nonexistent/cert.pem");
	n = conf_check(&c, &errs);
	check(has(&errs, 0, "not a loopback address"), "admin must be loopback");
	check(has(&errs, 0, "cert: cannot read /nonexistent/cert.pem"),
	    "unreadable cert reported");
	check(n >= 2, "conf_check counts problems");
	errlist_free(&errs);

	/* the accept queue: 4096 unless set, within 1..65535 */
	conf_defaults(&c);
	check(c.listen_backlog == 4096, "listen_backlog default");
	n = load_text(&c, &errs, "listen_backlog = 511\n"
	    "listen_backlog = 70000\n");
	check(n == 1 && c.listen_backlog == 511 &&
	    has(&errs, 2, "listen_backlog: '70000' is not a whole number"),
	    "listen_backlog parsed, out of range refused (%d)", n);
	errlist_free(&errs);

	/* push delivery: defaults, values, and what only conf_check sees */
	conf_defaults(&c);
	check(c.push_timeout == 10 && c.push_concurrency == 8 &&
	    c.push_retry_base == 2 && c.push_retry_max == 3600 &&
	    c.push_max_attempts == 10 && c.push_cert[0] == '\0',
	    "push defaults");
	n = load_text(&c, &errs, "push_timeout = 3s\npush_concurrency = 2\n"
	    "push_retry_base = 1s\npush_retry_max = 5m\n"
	    "push_max_attempts = 4\npush_cert = /nonexistent/push.pem\n"
	    "push_timeout = 0\npush_concurrency = 0\n");
	check(n == 2 && has(&errs, 7, "push_timeout: at least 1s") &&
	    has(&errs, 8, "push_concurrency: '0' is not a whole number"),
	    "push keys parsed, bad ones by line (%d)", n);
	check(c.push_timeout == 3 && c.push_concurrency == 2 &&
	    c.push_retry_base == 1 && c.push_retry_max == 300 &&
	    c.push_max_attempts == 4, "push values");
	errlist_free(&errs);
	errlist_init(&errs, 50);
	c.push_retry_base = 600;
	n = conf_check(&c, &errs);
	check(has(&errs, 0, "push_cert: cannot read /nonexistent/push.pem") &&
	    has(&errs, 0, "push_cert and push_key go together") &&
	    has(&errs, 0, "push_retry_base (600s) is longer than "
	    "push_retry_max (300s)"), "push problems conf_check reports");
	errlist_free(&errs);

	/* the XML limits: defaults, values, ranges, and the pair only
	 * conf_check sees */
	conf_defaults(&c);
	check(c.max_attributes == 32 && c.max_namespaces == 8 &&
	    c.max_namespaces_total == 64 && c.max_name_length == 128 &&
	    c.max_nodes == 50000, "XML limit defaults");
	n = load_text(&c, &errs, "max_attributes = 20\nmax_namespaces = 4\n"
	    "max_namespaces_total = 16\nmax_name_length = 64\n"
	    "max_attributes = 100000\nmax_name_length = 2\n"
	    "max_nodes = 2000\nmax_nodes = 99\n");
	check(n == 3 && has(&errs, 5, "max_attributes: '100000' is not a "
	    "whole number in range") && has(&errs, 6, "max_name_length: '2'") &&
	    has(&errs, 8, "max_nodes: '99'"),
	    "XML limits parsed, out of range refused by line (%d)", n);
	check(c.max_attributes == 20 && c.max_namespaces == 4 &&
	    c.max_namespaces_total == 16 && c.max_name_length == 64 &&
	    c.max_nodes == 2000, "XML limit values");
	errlist_free(&errs);
	errlist_init(&errs, 50);
	c.max_namespaces = 32;
	(void)conf_check(&c, &errs);
	check(has(&errs, 0, "max_namespaces (32) is more than "
	    "max_namespaces_total (16)"), "namespace limits that cannot hold");
	errlist_free(&errs);

	err_clear(&err);
	check(conf_load(&c, "/nonexistent/carexd.conf", &errs, &err) == -1 &&
	    err.code == CAREX_ESYS, "a missing file is an error");

	/* The shipped example parses without a single problem. */
	if (argc > 1) {
		conf_defaults(&c);
		errlist_init(&errs, 50);
		(void)snprintf(example, sizeof(example), "%s/examples/carexd.conf",
		    argv[1]);
		n = conf_load(&c, example, &errs, &err);
		check(n == 0, "examples/carexd.conf parses (%d problems: %s)", n,
		    errs.n ? errs.v[0].msg : "");
		check(strcmp(c.listen, "127.0.0.1:8443") == 0 &&
		    strcmp(c.store, "var/carex.db") == 0, "example keys");
		errlist_free(&errs);
	}
	return check_done();
}
