/* SPDX-License-Identifier: MIT */
/* server.c - listeners, TLS connections, admission limits, generations
 * and reload (see server.h). Everything here runs on the event loop. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/http.h>

#include "net/conn.h"
#include "net/server.h"
#include "util/log.h"

int64_t
server_now_ms(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct gen *
gen_ref(struct gen *g)
{
	__atomic_add_fetch(&g->refs, 1, __ATOMIC_ACQ_REL);
	return g;
}

void
gen_unref(struct gen *g)
{
	if (g == NULL || __atomic_sub_fetch(&g->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	pipeline_free(g->pl);
	free(g);
}

/* The TLS context holds its generation (for the directory it borrows)
 * until its last connection is gone. */
static void
tls_gone(void *arg)
{
	gen_unref(arg);
}

/* Per-address connection counts: a small open hash, loop thread only. */
struct addrcount {
	char	addr[64];
	int	n;
};
#define ADDR_SLOTS	4096

static struct addrcount *
addr_slot(struct server *s, const char *addr, int create)
{
	size_t	h = 5381, i, k;

	for (i = 0; addr[i] != '\0'; i++)
		h = h * 33 + (unsigned char)addr[i];
	for (k = 0; k < ADDR_SLOTS; k++) {
		struct addrcount *a = &s->conns[(h + k) % ADDR_SLOTS];

		if (strcmp(a->addr, addr) == 0)
			return a;
		if (a->addr[0] == '\0' && a->n == 0) {
			if (!create)
				return NULL;
			(void)snprintf(a->addr, sizeof(a->addr), "%s", addr);
			return a;
		}
	}
	return NULL;
}

int
server_init(struct server *s, struct carex_err *err)
{
	if ((s->conns = calloc(ADDR_SLOTS, sizeof(*s->conns))) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return -1;
	}
	return 0;
}

static int
admit(void *arg, const char *addr)
{
	struct server		*s = arg;
	struct addrcount	*a;

	if (s->stopping || s->nconns >= s->conf.max_connections)
		return 0;
	if ((a = addr_slot(s, addr, 1)) == NULL ||
	    a->n >= s->conf.max_per_client)
		return 0;
	a->n++;
	s->nconns++;
	return 1;
}

static void
release(void *arg, const char *addr)
{
	struct server		*s = arg;
	struct addrcount	*a;

	s->nconns--;
	if ((a = addr_slot(s, addr, 0)) != NULL && a->n > 0)
		a->n--;
	/* Slots keep their address once used: a tombstone, so probing
	 * chains stay intact. 4,096 distinct client addresses at once is
	 * far beyond an exchange's participants. */
}

static void
refused(void *arg, const struct tls_peer *p)
{
	struct server		*s = arg;
	char			 subj[300], detail[400];

	metrics_refusal(&s->metrics, (int)p->refusal);
	log_warnx("event=tls-refused reason=%s cn=%s serial=%s subject=%s "
	    "addr=%s", tls_refusal_name(p->refusal), p->cn[0] ? p->cn : "-",
	    p->serial[0] ? p->serial : "-",
	    log_value(subj, sizeof(subj), p->subject[0] ? p->subject : "-"),
	    p->addr);
	/* The loop must not wait for the store's commit. */
	(void)snprintf(detail, sizeof(detail), "reason=%s serial=%s subject=%s",
	    tls_refusal_name(p->refusal), p->serial, p->subject);
	server_audit_async(s, p->cn, p->sha256, p->addr, "connect", "denied",
	    detail);
}

void
server_audit_async(struct server *s, const char *participant,
    const char *cert, const char *addr, const char *action,
    const char *outcome, const char *detail)
{
	struct store_actor	a = { participant, cert, addr };

	if (store_audit_async(s->store, &a, action, outcome, detail) == 0)
		return;
	/* The log line the caller wrote is then the only record. */
	metrics_store_error(&s->metrics);
	log_warnx("event=audit-dropped action=%s reason=store-queue-full",
	    action);
}

struct gen *
server_load_gen(struct server *s, struct carex_err *err)
{
	struct pipeline_paths	 pp;
	struct tls_files	 tf;
	struct gen		*g;
	static long		 number;

	if ((g = calloc(1, sizeof(*g))) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	g->refs = 1;
	g->number = ++number;
	memset(&pp, 0, sizeof(pp));
	pp.datadir = s->conf.datadir;
	pp.directory = s->conf.directory;
	pp.fontdir = s->conf.fontdir[0] ? s->conf.fontdir : NULL;
	if ((g->pl = pipeline_open(&pp, err)) == NULL) {
		free(g);
		return NULL;
	}
	tf.cert = s->conf.cert;
	tf.key = s->conf.key;
	tf.ca = s->conf.ca;
	tf.crl = s->conf.crl;
	if ((g->tls = tls_new(&tf, pipeline_directory(g->pl), tls_gone,
	    gen_ref(g), err)) == NULL) {
		gen_unref(g);	/* the reference the context would have held */
		gen_unref(g);
		return NULL;
	}
	tls_set_refusal_cb(g->tls, refused, s);
	tls_set_admission(g->tls, admit, release, s);
	return g;
}

/* Replace the current generation: new connections get the new TLS
 * context (certificates, CRLs, directory); requests in flight finish with
 * the one they started with. */
void
server_reload(struct server *s)
{
	struct carex_err	 err;
	struct gen		*g, *old;

	err_clear(&err);
	if ((g = server_load_gen(s, &err)) == NULL) {
		log_warnx("event=reload status=failed msg=\"%s\" "
		    "keeping=generation-%ld", err.msg, s->gen->number);
		return;
	}
	old = s->gen;
	s->gen = g;
	tls_free(old->tls);	/* its context lives on with its connections */
	gen_unref(old);
	log_info("event=reload status=ok generation=%ld", g->number);
}

static int
split_hostport(const char *hp, char *host, size_t hlen, unsigned short *port)
{
	const char	*colon = strrchr(hp, ':');
	char		*end;
	long		 p;

	if (colon == NULL || (size_t)(colon - hp) >= hlen)
		return -1;
	memcpy(host, hp, (size_t)(colon - hp));
	host[colon - hp] = '\0';
	if (host[0] == '[') {		/* [::1] */
		memmove(host, host + 1, strlen(host));
		host[strcspn(host, "]")] = '\0';
	}
	p = strtol(colon + 1, &end, 10);
	if (*end != '\0' || p < 1 || p > 65535)
		return -1;
	*port = (unsigned short)p;
	return 0;
}

int
server_listen(struct server *s, struct carex_err *err)
{
	char		host[128];
	unsigned short	port;

	if ((s->http = evhttp_new(s->base)) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return -1;
	}
	if (conn_init(err) == -1)
		return -1;
	evhttp_set_bevcb(s->http, conn_bev_new, s);
	/* A body a little over max_body still reaches dispatch, which answers
	 * 413 with a problem document; past the slack libevent stops reading
	 * and answers 413 itself (without one), so memory stays bounded. */
	evhttp_set_max_body_size(s->http,
	    (ev_ssize_t)(s->conf.max_body + 65536));
	evhttp_set_max_headers_size(s->http,
	    (ev_ssize_t)s->conf.max_header_bytes);
	evhttp_set_timeout(s->http, s->conf.timeout);
	evhttp_set_allowed_methods(s->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST);
	api_register(s);
	if (split_hostport(s->conf.listen, host, sizeof(host), &port) == -1 ||
	    (s->bound = evhttp_bind_socket_with_handle(s->http, host, port)) ==
	    NULL) {
		err_set(err, CAREX_EUSAGE, "listen %s: cannot listen there",
		    s->conf.listen);
		return -1;
	}
	if (s->conf.admin_listen[0] != '\0') {
		if ((s->admin = evhttp_new(s->base)) == NULL) {
			err_set(err, CAREX_ESYS, "out of memory");
			return -1;
		}
		evhttp_set_timeout(s->admin, 10);
		evhttp_set_allowed_methods(s->admin, EVHTTP_REQ_GET);
		metrics_register(s);
		if (split_hostport(s->conf.admin_listen, host, sizeof(host),
		    &port) == -1 || evhttp_bind_socket(s->admin, host, port)
		    != 0) {
			err_set(err, CAREX_EUSAGE, "admin_listen %s: cannot "
			    "listen there", s->conf.admin_listen);
			return -1;
		}
	}
	log_info("event=listening listen=%s admin=%s", s->conf.listen,
	    s->conf.admin_listen[0] ? s->conf.admin_listen : "-");
	return 0;
}

static void
stop_check(evutil_socket_t fd, short what, void *arg)
{
	struct server	*s = arg;
	struct timeval	 grace = { 0, 300000 };

	(void)fd;
	(void)what;
	/* Requests being read may finish within their deadline; past it
	 * (and a little more for their answers) carexd goes anyway. */
	if ((pool_depth(s->pool) > 0 || s->nbusy > 0) &&
	    ++s->stop_ticks < (s->conf.request_timeout + 5) * 20)
		return;		/* the persistent timer fires again */
	/* Answers are written; give them a moment to leave the buffers. */
	log_info("event=stopped unfinished=%d", s->nbusy);
	(void)event_del(s->stop_timer);	/* once is enough */
	(void)event_base_loopexit(s->base, &grace);
}

void
server_stop(struct server *s)
{
	struct timeval	 tick = { 0, 50000 };
	struct event	*ev;

	if (s->stopping)
		return;
	s->stopping = 1;
	log_info("event=stopping inflight=%d connections=%d busy=%d",
	    pool_depth(s->pool), s->nconns, s->nbusy);
	if (s->bound != NULL) {
		evhttp_del_accept_socket(s->http, s->bound);
		s->bound = NULL;
	}
	conn_drain(s);
	if ((ev = event_new(s->base, -1, EV_PERSIST, stop_check, s)) == NULL ||
	    event_add(ev, &tick) != 0)
		(void)event_base_loopexit(s->base, NULL);
	s->stop_timer = ev;
}
