/* SPDX-License-Identifier: MIT */
/* client.h - the exchange's client side, for carex's send, inbox, fetch,
 * ack, status and pull: where the server is and who we are (flags, then
 * the environment, then a client configuration file), one kept-alive
 * HTTPS connection through libcurl with the participant's certificate,
 * and the server's problem documents turned into messages a person can
 * act on. */
#ifndef CAREX_CLIENT_H
#define CAREX_CLIENT_H

#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* Exit codes of the client commands, distinct and documented in
 * carex --help. */
#define EXIT_OK		0
#define EXIT_REFUSED	1	/* the server refused (4xx), or invalid */
#define EXIT_USAGE	2	/* usage or local error */
#define EXIT_RETRY	3	/* server (5xx) or network failure: retry */

struct client_cfg {
	char	url[512];	/* https://host:port, no trailing slash */
	char	cert[1024];
	char	key[1024];
	char	ca[1024];
	long	timeout;	/* seconds for a whole request */
};

/* Settings from, in this order of precedence: what the caller already
 * put in cfg (flags), CAREX_URL, CAREX_CERT, CAREX_KEY, CAREX_CA, then
 * the file (file, else $CAREX_CONFIG, else ~/.config/carex/client.conf,
 * else SYSCONFDIR/carex/client.conf; a file named explicitly must exist).
 * -1 with err naming the file and line, or what is missing. */
int	client_cfg_resolve(struct client_cfg *cfg, const char *file,
	    struct carex_err *err);

struct client;

struct client_resp {
	long		 status;	/* HTTP status; 0: no answer */
	struct buf	 body;
	char		 location[256];
	char		 ctype[128];
	int		 stored_before;	/* Carex-Stored-Before: true */
	char		 error[256];	/* libcurl's, when status is 0 */
};

struct client	*client_new(const struct client_cfg *, struct carex_err *);
void		 client_free(struct client *);

/* One request on the kept-alive connection. body may be NULL (GET, or a
 * POST without one); accept may be NULL. r is reset first. 0 when an
 * HTTP answer came (any status), -1 when none did (r->error says why). */
int	client_request(struct client *, const char *method, const char *path,
	    const void *body, size_t len, const char *ctype,
	    const char *accept, struct client_resp *r);

void	client_resp_init(struct client_resp *);
void	client_resp_free(struct client_resp *);

/* The exit code an answer means: 2xx EXIT_OK, 4xx EXIT_REFUSED, else
 * (5xx, no answer) EXIT_RETRY. */
int	client_exit_code(const struct client_resp *);

/* client_request, then client_report for anything but a 2xx: the exit
 * code the answer means. */
int	client_call(struct client *, const char *what, const char *method,
	    const char *path, const void *body, size_t len, const char *ctype,
	    const char *accept, struct client_resp *r);

/* Print what went wrong with a request for what (a file name or an id)
 * to stderr: the problem document's title and detail, each validation
 * error as what:LINE:COL: message [rule], or the network error. */
void	client_report(const char *what, const struct client_resp *);

#endif
