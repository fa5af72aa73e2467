/* SPDX-License-Identifier: MIT */
/* conn.h - per-connection state of the API listener, loop thread only:
 * where each connection is in its request cycle, the deadline to deliver
 * a whole request, and the drain at shutdown. */
#ifndef CAREX_CONN_H
#define CAREX_CONN_H

#include <event2/bufferevent.h>
#include <event2/http.h>

#include "util/err.h"

struct server;

/* Once, before the listener: -1 with err if OpenSSL has no room. */
int	conn_init(struct carex_err *err);

/* evhttp's bufferevent callback (arg is the server): a TLS bufferevent
 * for a new connection, its state attached to its SSL, the request
 * deadline running. */
struct bufferevent *conn_bev_new(struct event_base *, void *arg);

/* The request has been read whole and is being answered: its deadline
 * stops, and runs again for the next request once the answer is sent. */
void	conn_request_read(struct evhttp_request *);

/* At the connection cap, or out of descriptors: shut the n oldest idle
 * connections (never sent a request, or between requests) to make room.
 * Returns how many it shut. */
int	conn_shed(struct server *, int n);

/* Verify every established connection again with the current
 * generation's TLS context (tls_peer) and close those that fail: at
 * once if idle, else once the answer in flight is sent (a request being
 * read is refused when it arrives). why is for the log. Returns how many
 * fail. */
int	conn_recheck(struct server *, const char *why);

/* Shutdown: close every connection that is between requests; the others
 * close once their answer is sent (or their deadline passes). */
void	conn_drain(struct server *);

#endif
