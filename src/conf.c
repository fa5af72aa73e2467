/* SPDX-License-Identifier: MIT */
/* conf.c - carexd.conf (see conf.h and examples/carexd.conf, where every
 * key is documented). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "util/hostport.h"
#include "util/kv.h"
#include "util/buf.h"
#include "doc/xmlsafe.h"

#define CONF_MAX_BYTES	(256 * 1024)

void
conf_defaults(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	(void)snprintf(c->listen, sizeof(c->listen), "127.0.0.1:8443");
	(void)snprintf(c->admin_listen, sizeof(c->admin_listen),
	    "127.0.0.1:9090");
	(void)snprintf(c->datadir, sizeof(c->datadir), "%s", CAREX_DATADIR);
	(void)snprintf(c->store, sizeof(c->store), "%s/carex.db",
	    CAREX_STATEDIR);
	(void)snprintf(c->user, sizeof(c->user), "carex");
	(void)snprintf(c->log, sizeof(c->log), "stderr");
	c->workers = 2;
	c->queue = 64;
	c->max_body = 4u * 1024 * 1024;
	c->max_header_bytes = 16 * 1024;
	c->timeout = 30;
	c->request_timeout = 60;
	c->max_connections = 1024;
	c->listen_backlog = 4096;
	c->max_per_client = 64;
	c->ack_deadline = 3 * 24 * 3600;
	c->retention = (int64_t)8 * 366 * 24 * 3600;
	c->purge_interval = 3600;
	c->audit_checkpoint_interval = 60;
	(void)snprintf(c->audit_behind, sizeof(c->audit_behind), "refuse");
	c->crl_warn = 3 * 24 * 3600;
	c->push_timeout = 10;
	c->push_concurrency = 8;
	c->push_retry_base = 2;
	c->push_retry_max = 3600;
	c->push_max_attempts = 10;
	c->max_attributes = XMLSAFE_MAX_ATTRIBUTES;
	c->max_namespaces = XMLSAFE_MAX_NAMESPACES;
	c->max_namespaces_total = XMLSAFE_MAX_NAMESPACES_TOTAL;
	c->max_name_length = XMLSAFE_MAX_NAME_LENGTH;
	c->max_nodes = XMLSAFE_MAX_NODES;
}

static void problem(struct errlist *, long, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
problem(struct errlist *errs, long line, const char *fmt, ...)
{
	struct carex_err	e;
	char			msg[400];
	va_list			ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_setpos(&e, CAREX_EUSAGE, line, 0, "CONF", "%s", msg);
	(void)errlist_add(errs, &e);	/* a full list still counts */
}

/* A whole number in [lo, hi]. */
static int
parse_int(const char *v, long long lo, long long hi, long long *out)
{
	char		*end;
	long long	 n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < lo || n > hi)
		return -1;
	*out = n;
	return 0;
}

/* A duration: a number with s, m, h or d (seconds if none). */
static int
parse_duration(const char *v, int64_t *out)
{
	char		*end;
	long long	 n, mul = 1;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno != 0 || end == v || n < 0)
		return -1;
	switch (*end) {
	case '\0': case 's': mul = 1; break;
	case 'm': mul = 60; break;
	case 'h': mul = 3600; break;
	case 'd': mul = 86400; break;
	default: return -1;
	}
	if (*end != '\0' && end[1] != '\0')
		return -1;
	if (n > INT64_MAX / mul)
		return -1;
	*out = n * mul;
	return 0;
}

static int
set_str(char *dst, size_t len, const char *v)
{
	int	n = snprintf(dst, len, "%s", v);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int
conf_set(struct conf *c, const char *key, const char *v, long line,
    struct errlist *errs)
{
	static const struct {
		const char	*key;
		size_t		 off;
		size_t		 len;
	} strs[] = {
#define S(k, f) { k, offsetof(struct conf, f), sizeof(((struct conf *)0)->f) }
		S("listen", listen), S("admin_listen", admin_listen),
		S("cert", cert), S("key", key), S("ca", ca), S("crl", crl),
		S("directory", directory), S("datadir", datadir),
		S("store", store), S("fontdir", fontdir), S("log", log),
		S("fallback_fonts", fallback_fonts),
		S("clinical_limits", clinical_limits),
		S("audit_key", audit_key),
		S("audit_checkpoints", audit_checkpoints),
		S("audit_behind", audit_behind),
		S("push_cert", push_cert), S("push_key", push_key),
		S("push_ca", push_ca), S("user", user),
#undef S
	};
	static const struct {
		const char	*key;
		long long	 lo, hi;
		size_t		 off;	/* of an int; max_body's is a size_t */
	} ints[] = {
#define I(k, f, lo, hi) { k, lo, hi, offsetof(struct conf, f) }
		I("workers", workers, 1, 64), I("queue", queue, 1, 100000),
		I("max_body", max_body, 1024, 64LL * 1024 * 1024),
		I("max_header_bytes", max_header_bytes, 1024, 1024 * 1024),
		I("timeout", timeout, 1, 3600),
		I("request_timeout", request_timeout, 1, 3600),
		I("max_connections", max_connections, 1, 1000000),
		I("listen_backlog", listen_backlog, 1, 65535),
		I("max_per_client", max_per_client, 1, 1000000),
		I("verbose", verbose, 0, 1),
		I("push_concurrency", push_concurrency, 1, 256),
		I("push_max_attempts", push_max_attempts, 1, 1000),
		/* libxml2 2.9's cost per start tag grows with the square of
		 * its attributes and namespaces: the bounds keep a document
		 * under max_body at a small multiple of an ordinary one. */
		I("max_attributes", max_attributes, 1, 256),
		I("max_namespaces", max_namespaces, 1, 64),
		I("max_namespaces_total", max_namespaces_total, 1, 1024),
		I("max_name_length", max_name_length, 8, 1000),
		I("max_nodes", max_nodes, 100, 10000000),
#undef I
	};
	static const struct {
		const char	*key;
		size_t		 off;
		int64_t		 min;
	} durations[] = {
#define D(k, f, m) { k, offsetof(struct conf, f), m }
		D("retention", retention, 0), D("ack_deadline", ack_deadline, 0),
		D("purge_interval", purge_interval, 1),
		D("crl_warn", crl_warn, 0),
		D("audit_checkpoint_interval", audit_checkpoint_interval, 1),
		D("push_timeout", push_timeout, 1),
		D("push_retry_base", push_retry_base, 1),
		D("push_retry_max", push_retry_max, 1),
#undef D
	};
	long long	n;
	int64_t		d;
	size_t		i;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if (strcmp(key, strs[i].key) == 0) {
			if (set_str((char *)c + strs[i].off, strs[i].len, v)
			    == -1) {
				problem(errs, line, "%s: value too long", key);
				return -1;
			}
			if (strcmp(key, "audit_behind") == 0 &&
			    strcmp(v, "refuse") != 0 && strcmp(v, "warn") != 0) {
				problem(errs, line, "audit_behind: '%s' is "
				    "neither refuse nor warn", v);
				return -1;
			}
			if (strcmp(key, "log") == 0 && strcmp(v, "stderr") != 0 &&
			    strcmp(v, "syslog") != 0) {
				problem(errs, line, "log: '%s' is neither "
				    "stderr nor syslog", v);
				return -1;
			}
			return 0;
		}
	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		if (strcmp(key, ints[i].key) == 0) {
			if (parse_int(v, ints[i].lo, ints[i].hi, &n) == -1) {
				problem(errs, line, "%s: '%s' is not a whole "
				    "number in range", key, v);
				return -1;
			}
			if (strcmp(key, "max_body") == 0)
				c->max_body = (size_t)n;
			else
				*(int *)(void *)((char *)c + ints[i].off) =
				    (int)n;
			return 0;
		}
	for (i = 0; i < sizeof(durations) / sizeof(durations[0]); i++)
		if (strcmp(key, durations[i].key) == 0)
			break;
	if (i == sizeof(durations) / sizeof(durations[0]) &&
	    strncmp(key, "ack_deadline.", 13) != 0) {
		problem(errs, line, "unknown key '%s'", key);
		return -1;
	}
	if (parse_duration(v, &d) == -1) {
		problem(errs, line, "%s: '%s' is not a duration (a number with "
		    "s, m, h or d)", key, v);
		return -1;
	}
	if (i < sizeof(durations) / sizeof(durations[0])) {
		if (d < durations[i].min) {
			problem(errs, line, "%s: at least %llds", key,
			    (long long)durations[i].min);
			return -1;
		}
		*(int64_t *)(void *)((char *)c + durations[i].off) = d;
		return 0;
	}
	if (c->ndeadlines == CONF_MAX_DEADLINES ||
	    set_str(c->deadlines[c->ndeadlines].doctype,
	    sizeof(c->deadlines[0].doctype), key + 13) == -1) {
		problem(errs, line, "%s: too many or too long", key);
		return -1;
	}
	c->deadlines[c->ndeadlines++].seconds = d;
	return 0;
}

static int
set_one(void *arg, const char *key, const char *value, long line,
    struct errlist *errs)
{
	return conf_set(arg, key, value, line, errs);
}

int
conf_load(struct conf *c, const char *path, struct errlist *errs,
    struct carex_err *err)
{
	return kv_load(path, CONF_MAX_BYTES, set_one, c, errs, err);
}

static int
readable(const struct conf *c, const char *key, const char *path,
    struct errlist *errs)
{
	if (path[0] == '\0') {
		problem(errs, 0, "%s: not set", key);
		return 1;
	}
	if (access(path, R_OK) == -1) {
		problem(errs, 0, "%s: cannot read %s", key, path);
		return 1;
	}
	(void)c;
	return 0;
}

int
conf_check(const struct conf *c, struct errlist *errs)
{
	char	why[300];
	int	n = 0;

	n += readable(c, "cert", c->cert, errs);
	n += readable(c, "key", c->key, errs);
	n += readable(c, "ca", c->ca, errs);
	if (c->crl[0] != '\0')
		n += readable(c, "crl", c->crl, errs);
	if (c->clinical_limits[0] != '\0')
		n += readable(c, "clinical_limits", c->clinical_limits, errs);
	n += readable(c, "directory", c->directory, errs);
	if (c->push_cert[0] != '\0')
		n += readable(c, "push_cert", c->push_cert, errs);
	if (c->push_key[0] != '\0')
		n += readable(c, "push_key", c->push_key, errs);
	if (c->push_ca[0] != '\0')
		n += readable(c, "push_ca", c->push_ca, errs);
	if ((c->push_cert[0] == '\0') != (c->push_key[0] == '\0')) {
		problem(errs, 0, "push_cert and push_key go together: set both "
		    "or neither (then cert and key are used)");
		n++;
	}
	if (c->push_retry_base > c->push_retry_max) {
		problem(errs, 0, "push_retry_base (%llds) is longer than "
		    "push_retry_max (%llds)", (long long)c->push_retry_base,
		    (long long)c->push_retry_max);
		n++;
	}
	if (c->max_namespaces > c->max_namespaces_total) {
		problem(errs, 0, "max_namespaces (%d) is more than "
		    "max_namespaces_total (%d): a start tag could never use "
		    "them", c->max_namespaces, c->max_namespaces_total);
		n++;
	}
	/* Started as root, carexd becomes user (util/priv.h). */
	if (geteuid() == 0 && strcmp(c->user, "root") != 0 &&
	    getpwnam(c->user) == NULL) {
		problem(errs, 0, "user: no such user '%s' (adduser --system "
		    "--group %s, or another user)", c->user, c->user);
		n++;
	}
	if (strchr(c->listen, ':') == NULL) {
		problem(errs, 0, "listen: '%s' is not host:port", c->listen);
		n++;
	}
	if (c->admin_listen[0] != '\0' &&
	    hostport_loopback(c->admin_listen, why, sizeof(why)) == -1) {
		problem(errs, 0, "admin_listen: '%s': %s; health and metrics "
		    "stay on this machine (write 127.0.0.1:PORT)",
		    c->admin_listen, why);
		n++;
	}
	return n;
}

int64_t
conf_ack_deadline(const struct conf *c, const char *doctype)
{
	size_t	i;

	for (i = 0; i < c->ndeadlines; i++)
		if (strcmp(c->deadlines[i].doctype, doctype) == 0)
			return c->deadlines[i].seconds;
	return c->ack_deadline;
}
