/* SPDX-License-Identifier: MIT */
/* client.c - settings, the HTTPS connection and problem reports (see
 * client.h). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>

#include "client/client.h"
#include "doc/xmlnode.h"
#include "doc/xmlsafe.h"
#include "util/kv.h"

#define CFG_MAX_BYTES	(64 * 1024)
#define RESP_MAX_BYTES	(64u * 1024 * 1024)	/* the largest PDF taken */

struct client {
	CURL			*curl;
	struct curl_slist	*hdrs;
	struct client_cfg	 cfg;
	char			 errbuf[CURL_ERROR_SIZE];
};

/* ---- settings -------------------------------------------------------- */

struct cfg_file {
	struct client_cfg	*cfg;
	struct client_cfg	 from_file;
};

static int
cfg_set(void *arg, const char *key, const char *value, long line,
    struct errlist *errs)
{
	struct cfg_file		*f = arg;
	struct carex_err	 e;
	char			*dst;
	size_t			 len;

	if (strcmp(key, "url") == 0) {
		dst = f->from_file.url;
		len = sizeof(f->from_file.url);
	} else if (strcmp(key, "cert") == 0) {
		dst = f->from_file.cert;
		len = sizeof(f->from_file.cert);
	} else if (strcmp(key, "key") == 0) {
		dst = f->from_file.key;
		len = sizeof(f->from_file.key);
	} else if (strcmp(key, "ca") == 0) {
		dst = f->from_file.ca;
		len = sizeof(f->from_file.ca);
	} else {
		err_setpos(&e, CAREX_EUSAGE, line, 0, "CONF",
		    "unknown key '%s' (url, cert, key, ca)", key);
		(void)errlist_add(errs, &e);
		return -1;
	}
	if ((size_t)snprintf(dst, len, "%s", value) >= len) {
		err_setpos(&e, CAREX_EUSAGE, line, 0, "CONF", "%s: too long",
		    key);
		(void)errlist_add(errs, &e);
		return -1;
	}
	return 0;
}

/* dst, if still empty, from the environment variable, then from file. */
static void
fill(char *dst, size_t len, const char *env, const char *file)
{
	const char	*v;

	if (dst[0] != '\0')
		return;
	if ((v = getenv(env)) != NULL && v[0] != '\0')
		(void)snprintf(dst, len, "%s", v);
	else
		(void)snprintf(dst, len, "%s", file);
}

/* The configuration file to read, or NULL for none; *must* when it was
 * named, so that its absence is an error. */
static const char *
cfg_path(const char *file, char *buf, size_t len, int *must)
{
	const char	*home;

	*must = 1;
	if (file != NULL)
		return file;
	if ((file = getenv("CAREX_CONFIG")) != NULL && file[0] != '\0')
		return file;
	*must = 0;
	if ((home = getenv("HOME")) != NULL && (size_t)snprintf(buf, len,
	    "%s/.config/carex/client.conf", home) < len &&
	    access(buf, F_OK) == 0)
		return buf;
	if ((size_t)snprintf(buf, len, "%s/carex/client.conf", SYSCONFDIR) <
	    len && access(buf, F_OK) == 0)
		return buf;
	return NULL;
}

int
client_cfg_resolve(struct client_cfg *cfg, const char *file,
    struct carex_err *err)
{
	struct cfg_file	 f;
	struct errlist	 errs;
	const char	*path;
	char		 buf[1024];
	int		 must, n;
	size_t		 len;

	memset(&f, 0, sizeof(f));
	f.cfg = cfg;
	if ((path = cfg_path(file, buf, sizeof(buf), &must)) != NULL &&
	    (must || access(path, R_OK) == 0)) {
		errlist_init(&errs, 20);
		n = kv_load(path, CFG_MAX_BYTES, cfg_set, &f, &errs, err);
		if (n > 0)
			err_set(err, CAREX_EUSAGE, "%s:%ld: %s", path,
			    errs.v[0].line, errs.v[0].msg);
		errlist_free(&errs);
		if (n != 0)
			return -1;
	}
	fill(cfg->url, sizeof(cfg->url), "CAREX_URL", f.from_file.url);
	fill(cfg->cert, sizeof(cfg->cert), "CAREX_CERT", f.from_file.cert);
	fill(cfg->key, sizeof(cfg->key), "CAREX_KEY", f.from_file.key);
	fill(cfg->ca, sizeof(cfg->ca), "CAREX_CA", f.from_file.ca);
	if (cfg->timeout <= 0)
		cfg->timeout = 60;
	if (cfg->url[0] == '\0' || cfg->cert[0] == '\0' ||
	    cfg->key[0] == '\0') {
		err_set(err, CAREX_EUSAGE, "the server's URL, your certificate "
		    "and its key are needed: --url/--cert/--key, CAREX_URL/"
		    "CAREX_CERT/CAREX_KEY, or url/cert/key in a client "
		    "configuration file");
		return -1;
	}
	if (strncasecmp(cfg->url, "https://", 8) != 0) {
		err_set(err, CAREX_EUSAGE, "url %s: only https:// is "
		    "spoken", cfg->url);
		return -1;
	}
	len = strlen(cfg->url);
	while (len > 8 && cfg->url[len - 1] == '/')
		cfg->url[--len] = '\0';
	return 0;
}

/* ---- the connection --------------------------------------------------- */

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct client_resp	*r = arg;

	if (buf_add(&r->body, data, size * n) == -1)
		return 0;	/* too large: libcurl stops with an error */
	return size * n;
}

/* Keep the header value (trimmed) in dst when the line is name: value. */
static void
keep_header(const char *line, size_t n, const char *name, char *dst,
    size_t len)
{
	size_t	nl = strlen(name), v;

	if (n <= nl + 1 || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return;
	for (v = nl + 1; v < n && (line[v] == ' ' || line[v] == '\t'); v++)
		;
	while (n > v && isspace((unsigned char)line[n - 1]))
		n--;
	(void)snprintf(dst, len, "%.*s", (int)(n - v), line + v);
}

static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	struct client_resp	*r = arg;
	char			 v[16] = "";

	keep_header(data, size * n, "Location", r->location,
	    sizeof(r->location));
	keep_header(data, size * n, "Content-Type", r->ctype,
	    sizeof(r->ctype));
	keep_header(data, size * n, "Carex-Stored-Before", v, sizeof(v));
	if (strcmp(v, "true") == 0)
		r->stored_before = 1;
	return size * n;
}

struct client *
client_new(const struct client_cfg *cfg, struct carex_err *err)
{
	struct client	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->curl = curl_easy_init()) == NULL) {
		free(c);
		err_set(err, CAREX_ESYS, "cannot start libcurl");
		return NULL;
	}
	c->cfg = *cfg;
	(void)curl_easy_setopt(c->curl, CURLOPT_SSLCERT, c->cfg.cert);
	(void)curl_easy_setopt(c->curl, CURLOPT_SSLKEY, c->cfg.key);
	if (c->cfg.ca[0] != '\0')
		(void)curl_easy_setopt(c->curl, CURLOPT_CAINFO, c->cfg.ca);
	(void)curl_easy_setopt(c->curl, CURLOPT_SSLVERSION,
	    (long)CURL_SSLVERSION_TLSv1_2);
	(void)curl_easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR, "https");
	(void)curl_easy_setopt(c->curl, CURLOPT_FOLLOWLOCATION, 0L);
	(void)curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	(void)curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT, 15L);
	(void)curl_easy_setopt(c->curl, CURLOPT_TIMEOUT, c->cfg.timeout);
	(void)curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, c->errbuf);
	(void)curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_body);
	(void)curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, on_header);
	(void)curl_easy_setopt(c->curl, CURLOPT_USERAGENT,
	    "carex/" PACKAGE_VERSION);
	return c;
}

void
client_free(struct client *c)
{
	if (c == NULL)
		return;
	curl_slist_free_all(c->hdrs);
	curl_easy_cleanup(c->curl);
	free(c);
}

void
client_resp_init(struct client_resp *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->body, RESP_MAX_BYTES);
}

void
client_resp_free(struct client_resp *r)
{
	buf_free(&r->body);
}

static int
add_header(struct curl_slist **l, const char *name, const char *value)
{
	char			 h[256];
	struct curl_slist	*n;

	(void)snprintf(h, sizeof(h), "%s: %s", name, value);
	if ((n = curl_slist_append(*l, h)) == NULL)
		return -1;
	*l = n;
	return 0;
}

int
client_request(struct client *c, const char *method, const char *path,
    const void *body, size_t len, const char *ctype, const char *accept,
    struct client_resp *r)
{
	char		url[1024];
	CURLcode	rc;

	buf_reset(&r->body);
	r->status = 0;
	r->stored_before = 0;
	r->location[0] = r->ctype[0] = r->error[0] = c->errbuf[0] = '\0';
	if ((size_t)snprintf(url, sizeof(url), "%s%s", c->cfg.url, path) >=
	    sizeof(url)) {
		(void)snprintf(r->error, sizeof(r->error), "URL too long");
		return -1;
	}
	curl_slist_free_all(c->hdrs);
	c->hdrs = NULL;
	if ((ctype != NULL && add_header(&c->hdrs, "Content-Type", ctype)) ||
	    (accept != NULL && add_header(&c->hdrs, "Accept", accept)) ||
	    add_header(&c->hdrs, "Expect", "")) {
		(void)snprintf(r->error, sizeof(r->error), "out of memory");
		return -1;
	}
	(void)curl_easy_setopt(c->curl, CURLOPT_URL, url);
	(void)curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, c->hdrs);
	(void)curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, r);
	(void)curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, r);
	if (strcmp(method, "POST") == 0) {
		(void)curl_easy_setopt(c->curl, CURLOPT_POST, 1L);
		(void)curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS,
		    body != NULL ? body : "");
		(void)curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)(body != NULL ? len : 0));
	} else
		(void)curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
	rc = curl_easy_perform(c->curl);
	if (rc != CURLE_OK) {
		(void)snprintf(r->error, sizeof(r->error), "%s",
		    c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc));
		r->status = 0;
		return -1;
	}
	(void)curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &r->status);
	return 0;
}

int
client_exit_code(const struct client_resp *r)
{
	if (r->status >= 200 && r->status < 300)
		return EXIT_OK;
	if (r->status >= 400 && r->status < 500 && r->status != 429 &&
	    r->status != 408)
		return EXIT_REFUSED;
	return EXIT_RETRY;
}

int
client_call(struct client *c, const char *what, const char *method,
    const char *path, const void *body, size_t len, const char *ctype,
    const char *accept, struct client_resp *r)
{
	int	code;

	(void)client_request(c, method, path, body, len, ctype, accept, r);
	if ((code = client_exit_code(r)) != EXIT_OK)
		client_report(what, r);
	return code;
}

/* ---- problem documents ----------------------------------------------- */

static void
print_text(const char *label, xmlNode *n)
{
	char	*t;

	if (n == NULL || (t = xmlnode_dup(n, NULL)) == NULL)
		return;
	fprintf(stderr, "%s%s\n", label, t);
	free(t);
}

static void
print_errors(const char *what, xmlNode *errors)
{
	xmlNode	*e;
	char	*line, *col, *rule, *msg;

	if (errors == NULL)
		return;
	for (e = xmlnode_child(errors, "error", NULL); e != NULL;
	    e = xmlnode_child(errors, "error", e)) {
		line = xmlnode_dup(e, "line");
		col = xmlnode_dup(e, "column");
		rule = xmlnode_dup(e, "rule");
		msg = xmlnode_dup(e, NULL);
		fprintf(stderr, "%s:%s:%s: %s [%s]\n", what,
		    line ? line : "0", col ? col : "0", msg ? msg : "",
		    rule ? rule : "");
		free(line);
		free(col);
		free(rule);
		free(msg);
	}
}

void
client_report(const char *what, const struct client_resp *r)
{
	struct carex_err	 err;
	struct xdoc		*x = NULL;
	xmlNode			*root;

	if (r->status == 0) {
		fprintf(stderr, "%s: no answer from the server: %s\n", what,
		    r->error);
		return;
	}
	if (strstr(r->ctype, "problem+xml") != NULL && r->body.len > 0)
		x = xmlsafe_parse(r->body.data, r->body.len, NULL, &err);
	if (x == NULL || (root = xmlDocGetRootElement(x->doc)) == NULL) {
		fprintf(stderr, "%s: the server answered %ld\n", what,
		    r->status);
		xmlsafe_free(x);
		return;
	}
	fprintf(stderr, "%s: %s (%ld): ", what, client_exit_code(r) ==
	    EXIT_REFUSED ? "refused" : "failed", r->status);
	print_text("", xmlnode_child(root, "title", NULL));
	print_text("  ", xmlnode_child(root, "detail", NULL));
	print_errors(what, xmlnode_child(root, "errors", NULL));
	xmlsafe_free(x);
}
