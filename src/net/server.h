/* SPDX-License-Identifier: MIT */
/* server.h - carexd's root context: the listeners, the current generation
 * of configuration (pipeline, directory, TLS context, swapped whole on
 * SIGHUP), the worker pool, the store and the push delivery worker. Created by carexd.c, used by
 * the API handlers (api.c) and the metrics (metrics.c). */
#ifndef CAREX_SERVER_H
#define CAREX_SERVER_H

#include <stdint.h>

#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>

#include "conf.h"
#include "net/metrics.h"
#include "net/pool.h"
#include "net/push.h"
#include "net/tls.h"
#include "pipeline.h"
#include "store/store.h"
#include "util/log.h"

/* Everything a reload replaces, reference-counted: a request holds the
 * generation it started with until it is answered, a TLS context until
 * its last connection is gone. Loop thread: refs changes atomically. */
struct gen {
	int		 refs;
	struct pipeline	*pl;
	struct tls	*tls;
	long		 number;
};

struct addrcount;
struct conn_state;

/* Owned by the loop thread unless a field says otherwise. */
struct server {
	struct conf		 conf;
	struct event_base	*base;
	struct evhttp		*http;
	struct evhttp		*admin;
	struct evhttp_bound_socket *bound;	/* the API listener */
	struct evconnlistener	*listener;	/* its socket, for pauses */
	struct evconnlistener	*admin_listener;
	struct event		*accept_resume;	/* after accept failed */
	struct gen		*gen;		/* current */
	struct pool		*pool;
	struct store		*store;		/* thread-safe */
	struct push		*push;		/* push_wake: any thread */
	struct metrics		 metrics;	/* atomics: any thread */
	struct probe		*probe;		/* asks the store for them */
	struct addrcount	*conns;		/* per-address counts, */
	size_t			 nslots;	/* a power of two of them */
	int			 nconns;
	struct conn_state	*live;		/* API connections (conn.c), */
	struct conn_state	*live_tail;	/* oldest first */
	int			 nsockets;	/* of them not being closed */
	int			 nbusy;		/* of them reading or answering */
	struct log_every	 capped, paused;	/* their log lines */
	struct log_every	 crl_refused;
	struct event		*crl_timer;	/* warns, then closes */
	int			 stopping;
	int			 stop_ticks;	/* 50 ms each, while draining */
	struct event		*sighup, *sigterm, *sigint, *purge;
	struct event		*stop_timer;
};

/* Allocate what the loop thread owns (connection counts). */
int		 server_init(struct server *, struct carex_err *err);

struct gen	*gen_ref(struct gen *);
void		 gen_unref(struct gen *);

/* Build a generation from s->conf; NULL with err. */
struct gen	*server_load_gen(struct server *, struct carex_err *err);

/* Start listening (TLS API and loopback admin). -1 with err. */
int		 server_listen(struct server *, struct carex_err *err);

/* Swap in a new generation built from s->conf (SIGHUP). On failure the
 * current one stays and the reason is logged. */
void		 server_reload(struct server *);

/* Append an audit record from the loop without waiting for its commit
 * (it joins the store writer's next batch; the worker pool being full
 * does not lose it). Strings are copied. */
void		 server_audit_async(struct server *, const char *participant,
		    const char *cert, const char *addr, const char *action,
		    const char *outcome, const char *detail);

/* Log, count and audit a client refused at its handshake or, when = "open",
 * on a connection that passed it (after a reload, or the CRL's expiry). */
void		 server_tls_refused(struct server *, const struct tls_peer *,
		    const char *when);

/* Arm the CRL's clock for the current generation: warnings from
 * crl_warn before its nextUpdate, every connection closed when it
 * passes. Called at start and by each reload. -1 with err. */
int		 server_crl_watch(struct server *, struct carex_err *err);

/* Stop accepting, let requests in flight finish, then leave the loop. */
void		 server_stop(struct server *);

/* Register the API routes on s->http (api.c). */
void		 api_register(struct server *);

/* The admin listener's /healthz and /metrics (metrics.c). */
void		 metrics_register(struct server *);

int64_t		 server_now_ms(void);

#endif
