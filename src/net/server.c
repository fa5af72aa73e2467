/* SPDX-License-Identifier: MIT */
/* server.c - listeners, TLS connections, admission limits, generations
 * and reload (see server.h). Everything here runs on the event loop. */
#include "config.h"

#include <sys/resource.h>
#include <sys/socket.h>

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/http.h>

#include "net/conn.h"
#include "net/server.h"
#include "util/hostport.h"
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

/* Per-address connection counts: an open hash with linear probing, loop
 * thread only. A slot is freed (backward-shift deletion, so no tombstones
 * and no probe chain broken) when its address's last connection closes:
 * the table holds only addresses with a connection open, at most
 * max_connections of them, and is sized at twice that when carexd starts.
 * (It once kept every address it had ever seen, and after 4,096 distinct
 * addresses refused every new one.) */
struct addrcount {
	char	addr[64];
	int	n;
};

static size_t
addr_home(const struct server *s, const char *addr)
{
	size_t	h = 5381, i;

	for (i = 0; addr[i] != '\0'; i++)
		h = h * 33 + (unsigned char)addr[i];
	return h & (s->nslots - 1);
}

/* The slot of addr, or with create the empty slot it gets; NULL when
 * absent (or the table is full). */
static struct addrcount *
addr_slot(struct server *s, const char *addr, int create)
{
	size_t	i, k;

	i = addr_home(s, addr);
	for (k = 0; k < s->nslots; k++, i = (i + 1) & (s->nslots - 1)) {
		struct addrcount *a = &s->conns[i];

		if (a->addr[0] == '\0') {
			if (!create)
				return NULL;
			(void)snprintf(a->addr, sizeof(a->addr), "%s", addr);
			return a;
		}
		if (strcmp(a->addr, addr) == 0)
			return a;
	}
	return NULL;
}

/* Empty slot a, moving later entries of its probe run back into the gap
 * so that every entry stays reachable from its home slot. */
static void
addr_free(struct server *s, struct addrcount *a)
{
	size_t	mask = s->nslots - 1, hole, j, home;

	hole = (size_t)(a - s->conns);
	for (j = (hole + 1) & mask; s->conns[j].addr[0] != '\0';
	    j = (j + 1) & mask) {
		home = addr_home(s, s->conns[j].addr);
		/* Movable unless its home lies cyclically in (hole, j]. */
		if (((j - home) & mask) >= ((j - hole) & mask)) {
			s->conns[hole] = s->conns[j];
			hole = j;
		}
	}
	memset(&s->conns[hole], 0, sizeof(s->conns[hole]));
}

int
server_init(struct server *s, struct carex_err *err)
{
	size_t	want = 2 * (size_t)(s->conf.max_connections > 1024 ?
		    s->conf.max_connections : 1024);

	for (s->nslots = 1; s->nslots < want; s->nslots <<= 1)
		;
	if ((s->conns = calloc(s->nslots, sizeof(*s->conns))) == NULL) {
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
	if ((a = addr_slot(s, addr, 0)) != NULL && a->n > 0 && --a->n == 0)
		addr_free(s, a);
}

static const char *
utc_text(time_t t, char *out, size_t len)
{
	struct tm	tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		(void)snprintf(out, len, "%lld", (long long)t);
	return out;
}

/* Both places that say the CRL expired say it in the same words. */
#define CRL_EXPIRED_MSG	"\"the CRL is out of date: every connection is " \
			"refused until a fresh one is installed and carexd " \
			"reloaded (SIGHUP)\""

void
server_tls_refused(struct server *s, const struct tls_peer *p,
    const char *when)
{
	char	cn[140], subj[300], detail[400], next[32];
	long	n;

	metrics_refusal(&s->metrics, (int)p->refusal);
	if (tls_refusal_ours(p->refusal)) {
		/* Not the client's fault: say so, once a second at most. */
		if ((n = log_every(&s->crl_refused)) > 0)
			log_warnx("event=crl-expired reason=%s next_update=%s "
			    "refused=%ld crl=%s msg=" CRL_EXPIRED_MSG,
			    tls_refusal_name(p->refusal), utc_text(
			    tls_crl_next_update(s->gen->tls), next,
			    sizeof(next)), n, log_str(s->conf.crl));
	} else
		log_warnx("event=tls-refused reason=%s cn=%s serial=%s "
		    "subject=%s addr=%s when=%s", tls_refusal_name(p->refusal),
		    log_value(cn, sizeof(cn), p->cn[0] ? p->cn : "-"),
		    p->serial[0] ? p->serial : "-",
		    log_value(subj, sizeof(subj), p->subject[0] ? p->subject :
		    "-"), p->addr, when);
	/* The loop must not wait for the store's commit. */
	(void)snprintf(detail, sizeof(detail), "reason=%s when=%s serial=%s "
	    "subject=%s", tls_refusal_name(p->refusal), when, p->serial,
	    p->subject);
	server_audit_async(s, p->cn, p->sha256, p->addr, "connect", "denied",
	    detail);
}

static void
refused(void *arg, const struct tls_peer *p)
{
	server_tls_refused(arg, p, "handshake");
}

/* The CRL's clock. From crl_warn before its nextUpdate: a warning, then
 * every hour; at nextUpdate: every open connection closed (tls_peer and
 * the ClientHello refuse them all from then on) and the reason logged. A
 * reload re-arms it with the new CRL. */
static void
crl_tick(evutil_socket_t fd, short what, void *arg)
{
	struct server	*s = arg;
	struct timeval	 tv = { 0, 0 };
	time_t		 next = tls_crl_next_update(s->gen->tls), now;
	int64_t		 left;
	char		 when[32];

	(void)fd;
	(void)what;
	if (next == 0)
		return;
	now = time(NULL);
	left = (int64_t)(next - now);
	if (left <= 0) {
		log_warnx("event=crl-expired next_update=%s crl=%s closed=%d "
		    "msg=" CRL_EXPIRED_MSG, utc_text(next, when, sizeof(when)),
		    log_str(s->conf.crl), conn_recheck(s, "crl-expired"));
		return;
	}
	if (left <= s->conf.crl_warn) {
		log_warnx("event=crl-expiring next_update=%s seconds_left=%lld "
		    "crl=%s msg=\"install a fresh CRL and reload (SIGHUP) "
		    "before then, or every connection will be refused\"",
		    utc_text(next, when, sizeof(when)), (long long)left,
		    log_str(s->conf.crl));
		tv.tv_sec = left < 3600 ? (time_t)left : 3600;
	} else
		tv.tv_sec = (time_t)(left - s->conf.crl_warn);
	(void)evtimer_add(s->crl_timer, &tv);
}

int
server_crl_watch(struct server *s, struct carex_err *err)
{
	if (s->crl_timer == NULL &&
	    (s->crl_timer = evtimer_new(s->base, crl_tick, s)) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return -1;
	}
	(void)evtimer_del(s->crl_timer);
	crl_tick(-1, 0, s);
	return 0;
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

/* Said once per directory loaded (at start and on each reload): a
 * clinical participant with no out-of-hours route leaves its readers only
 * the national fallback, which is the directory's to fix. */
static void
warn_unrouted(const struct participant *pt, const char *teams, void *arg)
{
	(void)arg;
	log_warnx("event=directory-warning participant=%s teams=%s "
	    "msg=\"no out-of-hours route in the directory: its renditions "
	    "print the fallback, NHS 24 on 111\"", pt->code,
	    log_str(teams[0] != '\0' ? teams : "-"));
}

struct gen *
server_load_gen(struct server *s, struct carex_err *err)
{
	struct pipeline_paths	 pp;
	struct xmlsafe_limits	 lim;
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
	memset(&lim, 0, sizeof(lim));
	lim.max_attributes = s->conf.max_attributes;
	lim.max_namespaces = s->conf.max_namespaces;
	lim.max_namespaces_total = s->conf.max_namespaces_total;
	lim.max_name_length = s->conf.max_name_length;
	lim.max_nodes = s->conf.max_nodes;
	pp.limits = &lim;
	pp.clinical_limits = s->conf.clinical_limits;
	pp.fallback_fonts = s->conf.fallback_fonts[0] == '\0' ? NULL :
	    strcmp(s->conf.fallback_fonts, "none") == 0 ? "" :
	    s->conf.fallback_fonts;
	if ((g->pl = pipeline_open(&pp, err)) == NULL) {
		free(g);
		return NULL;
	}
	(void)pipeline_unrouted(g->pl, warn_unrouted, NULL);	/* logged */
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
		log_warnx("event=reload status=failed msg=%s "
		    "keeping=generation-%ld", log_str(err.msg), s->gen->number);
		return;
	}
	old = s->gen;
	s->gen = g;
	tls_free(old->tls);	/* its context lives on with its connections */
	gen_unref(old);
	log_info("event=reload status=ok generation=%ld", g->number);
	/* What is open was verified against the old CA, CRL and directory:
	 * verify it again, and close what no longer passes. */
	(void)conn_recheck(s, "reload");
	(void)server_crl_watch(s, &err);
}

/* accept() failed: out of descriptors (EMFILE, ENFILE) or memory. The
 * connection stays queued, so the listener would fire again at once and
 * spin; pause accepting for 100 ms instead, as nginx does, and free some
 * descriptors meanwhile by shedding the oldest idle connections. */
static struct server	*accepting;	/* the listener's own argument is
					   evhttp's, so the server is here */

static void
accept_failed(struct evconnlistener *lev, void *arg)
{
	struct server	*s = accepting;
	struct timeval	 pause = { 0, 100000 };
	int		 e = EVUTIL_SOCKET_ERROR();
	long		 n;

	(void)arg;
	metrics_count(&s->metrics.accept_pauses);
	evconnlistener_disable(lev);
	(void)conn_shed(s, 16);
	if ((n = log_every(&s->paused)) > 0)
		log_warnx("event=accept-paused ms=100 times=%ld connections=%d "
		    "error=\"%s\"", n, s->nsockets,
		    evutil_socket_error_to_string(e));
	(void)evtimer_add(s->accept_resume, &pause);
}

static void
accept_resume(evutil_socket_t fd, short what, void *arg)
{
	struct server	*s = arg;

	(void)fd;
	(void)what;
	if (s->listener != NULL)
		(void)evconnlistener_enable(s->listener);
	if (s->admin_listener != NULL)
		(void)evconnlistener_enable(s->admin_listener);
}

/* Every connection needs a descriptor, the store and the pool a few more:
 * raise the soft limit to the hard one and say if it is still short. */
static void
fd_limit(const struct server *s)
{
	struct rlimit	rl;
	rlim_t		want = (rlim_t)s->conf.max_connections + 256;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want)
		log_warnx("event=fd-limit limit=%llu max_connections=%d "
		    "msg=\"raise the descriptor limit (LimitNOFILE=) or lower "
		    "max_connections; accepting pauses when it runs out\"",
		    (unsigned long long)rl.rlim_cur, s->conf.max_connections);
}

/* Listen on hostport for http, with our backlog (evhttp's own is 128: a
 * burst of connections overflows it and each dropped SYN costs its client
 * a second) and a pause when accept fails. NULL if it cannot. */
static struct evhttp_bound_socket *
bind_http(struct server *s, struct evhttp *http, const char *hostport,
    struct evconnlistener **levp)
{
	struct evutil_addrinfo	 hints, *ai = NULL;
	struct evhttp_bound_socket *bound;
	struct evconnlistener	*lev;
	char			 host[128], portstr[8];
	unsigned short		 port;

	if (hostport_split(hostport, host, sizeof(host), &port) == -1)
		return NULL;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = EVUTIL_AI_PASSIVE;
	(void)snprintf(portstr, sizeof(portstr), "%u", port);
	if (evutil_getaddrinfo(host[0] ? host : NULL, portstr, &hints, &ai) !=
	    0 || ai == NULL)
		return NULL;
	/* the admin address was checked when the configuration was read;
	 * check what it resolves to now, the address bound */
	if (http == s->admin && !hostport_is_loopback(ai->ai_addr)) {
		evutil_freeaddrinfo(ai);
		return NULL;
	}
	lev = evconnlistener_new_bind(s->base, NULL, NULL,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC | LEV_OPT_REUSEABLE,
	    s->conf.listen_backlog, ai->ai_addr, (int)ai->ai_addrlen);
	evutil_freeaddrinfo(ai);
	if (lev == NULL)
		return NULL;
	if ((bound = evhttp_bind_listener(http, lev)) == NULL) {
		evconnlistener_free(lev);
		return NULL;
	}
	/* After evhttp's bind, which sets only the accept callback. */
	evconnlistener_set_error_cb(lev, accept_failed);
	accepting = s;
	*levp = lev;
	return bound;
}

int
server_listen(struct server *s, struct carex_err *err)
{
	if ((s->accept_resume = evtimer_new(s->base, accept_resume, s)) ==
	    NULL || (s->http = evhttp_new(s->base)) == NULL) {
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
	fd_limit(s);
	if ((s->bound = bind_http(s, s->http, s->conf.listen, &s->listener)) ==
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
		if (bind_http(s, s->admin, s->conf.admin_listen,
		    &s->admin_listener) == NULL) {
			char	why[300];

			if (hostport_loopback(s->conf.admin_listen, why,
			    sizeof(why)) == -1)
				err_set(err, CAREX_EUSAGE, "admin_listen %s: "
				    "%s; health and metrics stay on this "
				    "machine", s->conf.admin_listen, why);
			else
				err_set(err, CAREX_EUSAGE, "admin_listen %s: "
				    "cannot listen there",
				    s->conf.admin_listen);
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
		evhttp_del_accept_socket(s->http, s->bound);	/* frees it */
		s->bound = NULL;
		s->listener = NULL;
	}
	conn_drain(s);
	if ((ev = event_new(s->base, -1, EV_PERSIST, stop_check, s)) == NULL ||
	    event_add(ev, &tick) != 0)
		(void)event_base_loopexit(s->base, NULL);
	s->stop_timer = ev;
}
