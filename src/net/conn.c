/* SPDX-License-Identifier: MIT */
/* conn.c - per-connection state of the API listener (see conn.h).
 *
 * A connection is idle (between requests), reading one (bytes of it have
 * arrived) or answering it (read whole, on the pool or being written).
 * From accept, and again from each answer sent, it has request_timeout
 * seconds to deliver its next request whole. The read timeout alone does
 * not stop a client that drips a byte at a time, since every byte resets
 * it; the deadline does. The state lives with the connection's SSL, so it
 * is freed when the connection is, whoever closes it.
 *
 * Open sockets, TLS or not yet, are capped at max_connections. A newcomer
 * at the cap evicts the oldest idle connection (one that never sent a
 * request, or a keep-alive between requests), as nginx reuses its idle
 * keep-alives: a flood of sockets that never speak cannot lock out the
 * participants. When every connection is busy the newcomer is closed. */
#include "config.h"

#include <sys/socket.h>

#include <stdlib.h>

#include <event2/buffer.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/ssl.h>

#include "net/conn.h"
#include "net/server.h"
#include "util/log.h"

enum phase { IDLE, READING, ANSWERING };

struct conn_state {
	struct conn_state	*prev, *next;	/* s->live, oldest first */
	struct server		*s;
	struct bufferevent	*bev;
	struct event		*deadline;
	enum phase		 phase;
	int			 closing;	/* shut by the cap: uncounted */
	int			 refused;	/* failed a re-check: shut when
						   its answer is sent */
};

static int	ex_state = -1;		/* SSL -> struct conn_state */

static void
set_phase(struct conn_state *c, enum phase p)
{
	if (c->phase == IDLE && p != IDLE)
		c->s->nbusy++;
	else if (c->phase != IDLE && p == IDLE)
		c->s->nbusy--;
	c->phase = p;
}

static void
state_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl,
    void *argp)
{
	struct conn_state	*c = ptr;

	(void)parent; (void)ad; (void)idx; (void)argl; (void)argp;
	if (c == NULL)
		return;
	set_phase(c, IDLE);
	if (!c->closing)
		c->s->nsockets--;
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		c->s->live = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	else
		c->s->live_tail = c->prev;
	event_free(c->deadline);
	free(c);
}

int
conn_init(struct carex_err *err)
{
	if (ex_state == -1 && (ex_state = SSL_get_ex_new_index(0, NULL, NULL,
	    NULL, state_free)) == -1) {
		err_set(err, CAREX_EINTERNAL, "no SSL ex_data index");
		return -1;
	}
	return 0;
}

/* Shut the socket: evhttp sees the stream end and frees the connection
 * its own way. Anything already written is still delivered. */
static void
shut(struct conn_state *c)
{
	evutil_socket_t	fd;

	if (c->bev != NULL && (fd = bufferevent_getfd(c->bev)) != -1)
		(void)shutdown(fd, SHUT_RDWR);
}

static void
capped(struct server *s, uint64_t *counter)
{
	long	n;

	metrics_count(counter);
	if ((n = log_every(&s->capped)) > 0)
		log_warnx("event=connection-cap max_connections=%d shed=%ld",
		    s->conf.max_connections, n);
}

/* Shut the n oldest idle connections; the number shut. */
int
conn_shed(struct server *s, int n)
{
	static const struct timeval	 now = { 0, 0 };
	struct conn_state		*c;
	int				 shed = 0;

	for (c = s->live; c != NULL && shed < n; c = c->next) {
		if (c->phase != IDLE || c->closing)
			continue;
		c->closing = 1;
		s->nsockets--;
		shed++;
		capped(s, c->next == NULL ? &s->metrics.conn_refusals :
		    &s->metrics.evictions);
		if (c->bev != NULL && bufferevent_getfd(c->bev) != -1)
			shut(c);
		else		/* the newcomer: no socket until evhttp's setfd */
			(void)evtimer_add(c->deadline, &now);
	}
	return shed;
}

static void
on_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct conn_state	*c = arg;

	(void)fd; (void)what;
	if (c->closing) {		/* evicted before it had a socket */
		shut(c);
		return;
	}
	metrics_request_timeout(&c->s->metrics);
	log_warnx("event=request-timeout seconds=%d phase=%s",
	    c->s->conf.request_timeout, c->phase == IDLE ? "idle" : "reading");
	shut(c);
}

static void
arm(struct conn_state *c)
{
	struct timeval	tv = { c->s->conf.request_timeout, 0 };

	(void)evtimer_add(c->deadline, &tv);
}

/* Bytes of a request arrived (decrypted application data only). */
static void
on_input(struct evbuffer *b, const struct evbuffer_cb_info *info, void *arg)
{
	struct conn_state	*c = arg;

	(void)b;
	if (info->n_added > 0 && c->phase == IDLE)
		set_phase(c, READING);
}

struct bufferevent *
conn_bev_new(struct event_base *base, void *arg)
{
	struct server		*s = arg;
	struct conn_state	*c;
	SSL			*ssl;

	if ((ssl = tls_ssl_new(s->gen->tls)) == NULL)
		return NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->deadline = evtimer_new(base, on_deadline, c)) == NULL) {
		free(c);
		SSL_free(ssl);
		return NULL;
	}
	c->s = s;
	if ((c->prev = s->live_tail) != NULL)
		c->prev->next = c;
	else
		s->live = c;
	s->live_tail = c;
	s->nsockets++;
	if (SSL_set_ex_data(ssl, ex_state, c) != 1) {
		state_free(NULL, c, NULL, 0, 0, NULL);
		SSL_free(ssl);
		return NULL;
	}
	/* From here SSL_free frees c too. */
	if ((c->bev = bufferevent_openssl_socket_new(base, -1, ssl,
	    BUFFEREVENT_SSL_ACCEPTING,
	    BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS)) == NULL ||
	    evbuffer_add_cb(bufferevent_get_input(c->bev), on_input, c) ==
	    NULL) {
		if (c->bev != NULL)
			bufferevent_free(c->bev);
		else
			SSL_free(ssl);
		return NULL;
	}
	/* The newcomer is idle and last: at worst it is the one shut. */
	if (s->nsockets > s->conf.max_connections)
		(void)conn_shed(s, 1);
	if (!c->closing)
		arm(c);
	return c->bev;
}

static struct conn_state *
state_of(struct evhttp_request *req)
{
	struct evhttp_connection	*evcon;
	struct bufferevent		*bev;
	SSL				*ssl;

	if ((evcon = evhttp_request_get_connection(req)) == NULL ||
	    (bev = evhttp_connection_get_bufferevent(evcon)) == NULL ||
	    (ssl = bufferevent_openssl_get_ssl(bev)) == NULL)
		return NULL;
	return SSL_get_ex_data(ssl, ex_state);
}

static void
on_answer_sent(struct evhttp_request *req, void *arg)
{
	struct conn_state	*c;

	(void)arg;
	if ((c = state_of(req)) == NULL)
		return;
	/* A pipelined request may have arrived meanwhile. */
	set_phase(c, evbuffer_get_length(bufferevent_get_input(c->bev)) > 0 ?
	    READING : IDLE);
	if (c->refused || (c->s->stopping && c->phase == IDLE))
		shut(c);
	else
		arm(c);
}

void
conn_request_read(struct evhttp_request *req)
{
	struct conn_state	*c;

	if ((c = state_of(req)) == NULL)
		return;
	(void)evtimer_del(c->deadline);
	set_phase(c, ANSWERING);
	evhttp_request_set_on_complete_cb(req, on_answer_sent, NULL);
}

int
conn_recheck(struct server *s, const char *why)
{
	struct conn_state	*c;
	struct tls_peer		 p;
	char			 cn[140];
	SSL			*ssl;
	int			 n = 0;

	for (c = s->live; c != NULL; c = c->next) {
		if (c->closing || c->refused || c->bev == NULL ||
		    (ssl = bufferevent_openssl_get_ssl(c->bev)) == NULL ||
		    !SSL_is_init_finished(ssl) ||
		    tls_peer(s->gen->tls, ssl, &p) == TLS_OK)
			continue;
		n++;
		c->refused = 1;
		log_warnx("event=connection-closed reason=%s cn=%s addr=%s "
		    "why=%s phase=%s", tls_refusal_name(p.refusal),
		    log_value(cn, sizeof(cn), p.cn[0] ? p.cn : "-"), p.addr,
		    why, c->phase == IDLE ? "idle" : "busy");
		if (c->phase == IDLE)
			shut(c);
	}
	return n;
}

void
conn_drain(struct server *s)
{
	struct conn_state	*c;

	for (c = s->live; c != NULL; c = c->next)
		if (c->phase == IDLE)
			shut(c);
}
