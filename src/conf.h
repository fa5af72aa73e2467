/* SPDX-License-Identifier: MIT */
/* conf.h - carexd.conf: "key = value" lines, '#' comments. Parsed once into
 * one struct, checked whole (every problem reported with its line), then
 * used. Command-line flags override by calling conf_set(). */
#ifndef CAREX_CONF_H
#define CAREX_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define CONF_MAX_DEADLINES	16

struct conf_deadline {
	char	doctype[49];
	int64_t	seconds;
};

struct conf {
	char	listen[128];		/* host:port of the TLS listener */
	char	admin_listen[128];	/* loopback host:port, "" to disable */
	char	cert[1024];
	char	key[1024];
	char	ca[1024];
	char	crl[1024];		/* "" for none (not recommended) */
	char	directory[1024];
	char	datadir[1024];
	char	store[1024];
	char	fontdir[1024];		/* "" for the built-in default */
	char	fallback_fonts[2048];	/* "" default, "none", or a:b:c */
	char	clinical_limits[1024];	/* "": datadir's default */
	char	log[16];		/* stderr or syslog */
	char	user[64];		/* run as, when started as root */
	char	audit_key[1024];	/* Ed25519 PEM, "" for unsigned */
	char	audit_checkpoints[1024];	/* "": beside a file store */
	int64_t	audit_checkpoint_interval;	/* seconds */
	char	audit_behind[8];	/* refuse or warn */
	int	workers;
	int	queue;
	size_t	max_body;
	int	max_header_bytes;
	int	timeout;		/* read/write/idle, seconds */
	int	request_timeout;	/* to deliver a whole request */
	int	max_connections;	/* open sockets, TLS or not yet */
	int	listen_backlog;		/* accept queue, capped by somaxconn */
	int	max_per_client;
	int64_t	ack_deadline;		/* default, seconds */
	struct conf_deadline deadlines[CONF_MAX_DEADLINES];
	size_t	ndeadlines;
	int64_t	retention;		/* seconds */
	int64_t	purge_interval;		/* seconds between purges */
	int64_t	crl_warn;		/* warn this long before nextUpdate */
	/* push delivery (src/net/push.c); "" paths: cert, key, ca */
	char	push_cert[1024];
	char	push_key[1024];
	char	push_ca[1024];
	int64_t	push_timeout;		/* seconds, connect and whole POST */
	int	push_concurrency;	/* transfers at once */
	int64_t	push_retry_base;	/* seconds before the first retry */
	int64_t	push_retry_max;		/* seconds, the backoff's cap */
	int	push_max_attempts;	/* then the delivery has failed */
	/* per document, checked before libxml2 parses it (doc/xmlsafe.h) */
	int	max_attributes;		/* per element, not counting xmlns */
	int	max_namespaces;		/* declarations per element */
	int	max_namespaces_total;	/* declarations per document */
	int	max_name_length;	/* element and attribute names */
	int	max_nodes;		/* elements, attributes, comments */
	int	verbose;
};

/* Defaults for every key. */
void	conf_defaults(struct conf *);

/* Read path into c. Every problem is appended to errs with its line (rule
 * "CONF"); returns the number of problems, or -1 with err when the file
 * cannot be read. */
int	conf_load(struct conf *c, const char *path, struct errlist *errs,
	    struct carex_err *err);

/* Set one key (a flag overriding the file); line is for the report. */
int	conf_set(struct conf *c, const char *key, const char *value, long line,
	    struct errlist *errs);

/* Problems a file cannot show on its own line: files that cannot be
 * read, keys that must go together. Appends to errs; returns how many. */
int	conf_check(const struct conf *c, struct errlist *errs);

/* The acknowledgement deadline for a doctype, in seconds. */
int64_t	conf_ack_deadline(const struct conf *, const char *doctype);

#endif
