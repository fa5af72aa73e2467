/* SPDX-License-Identifier: MIT */
/* tls.h - the server's TLS context: TLS 1.3, or 1.2 with ECDHE and AEAD
 * only; a client certificate is required, verified against the CA bundle
 * and the CRL, and must name a participant of the directory (and match
 * its pins, if any). A connection failing any of this never reaches a
 * handler; why it failed is kept for the log and the audit. */
#ifndef CAREX_TLS_H
#define CAREX_TLS_H

#include <time.h>

#include <openssl/ssl.h>

#include "domain/directory.h"
#include "util/err.h"

struct tls;

struct tls_files {
	const char	*cert;		/* server chain, PEM */
	const char	*key;		/* its private key */
	const char	*ca;		/* CAs that issue client certificates */
	const char	*crl;		/* their CRLs, PEM; NULL or "" for none */
};

/* Why a client was refused (or TLS_OK). */
enum tls_refusal {
	TLS_OK = 0,
	TLS_NO_CERT,
	TLS_EXPIRED,
	TLS_NOT_YET_VALID,
	TLS_REVOKED,
	TLS_UNKNOWN_ISSUER,
	TLS_NOT_IN_DIRECTORY,
	TLS_PIN_MISMATCH,
	TLS_BAD_CERT,		/* any other verification failure */
	TLS_LIMIT,		/* too many connections */
	TLS_BAD_NAME,		/* subject CN missing, repeated or malformed */
	TLS_CRL_EXPIRED,	/* our CRL's nextUpdate has passed */
	TLS_CRL_UNUSABLE,	/* our CRL is missing, not yet valid, forged */
	TLS_NREFUSALS
};

/* What is known of a client after (or during) its handshake. */
struct tls_peer {
	enum tls_refusal	refusal;
	char			cn[65];
	char			sha256[65];	/* of the certificate, hex */
	char			serial[67];	/* hex */
	char			subject[257];
	long			days_left;	/* until notAfter */
	char			addr[64];	/* peer address */
};

/* Load the files and build a context. The directory is borrowed until
 * on_free(arg) is called, which happens when the context is gone: after
 * tls_free() and the last connection made with it (a reload builds a new
 * context; connections on the old one keep it alive). NULL with err
 * naming the file on failure. */
struct tls	*tls_new(const struct tls_files *, const struct directory *,
		    void (*on_free)(void *), void *arg, struct carex_err *err);
void		 tls_free(struct tls *);

/* A new server-side SSL for one connection, or NULL. */
SSL		*tls_ssl_new(struct tls *);

/* The peer of an established (or refused) connection, as the current
 * context sees it. Returns the refusal reason; TLS_OK means p->cn names a
 * participant of current's directory. A connection made with an older
 * context (before a reload) has its certificate verified again against
 * current's CA, CRL, directory and pins, once per context; a refusal
 * then sticks to the connection. Once current's CRL has expired no
 * connection passes (TLS_CRL_EXPIRED), old or new. */
enum tls_refusal tls_peer(struct tls *current, SSL *, struct tls_peer *p);

/* Whether the refusal is the exchange's fault (its CRL), not the
 * client's. */
int		 tls_refusal_ours(enum tls_refusal);

/* The earliest nextUpdate of the context's CRLs; 0 without a CRL. From
 * then on every handshake, resumed or not, is refused. */
time_t		 tls_crl_next_update(const struct tls *);

/* The CRL file f->crl checked as tls_new checks it, for carexd -n: every
 * CRL in it signed by a CA of f->ca, issued by now, with a nextUpdate
 * still to come. 0, or -1 with err naming the file and the CRL. */
int		 tls_check_crl(const struct tls_files *, time_t now,
		    struct carex_err *err);

/* A stable word for a refusal: "expired", "revoked", ... for logs,
 * audit records and metrics labels. */
const char	*tls_refusal_name(enum tls_refusal);

/* Called for every refused handshake (in the event loop thread), so the
 * daemon can log and audit it. */
void		 tls_set_refusal_cb(struct tls *,
		    void (*cb)(void *arg, const struct tls_peer *), void *arg);

/* Connection admission, asked at each ClientHello with the peer's
 * address: admit returns 0 to refuse the connection (TLS_LIMIT). Every
 * admitted connection is released exactly once, when its SSL is freed,
 * even if the context was replaced by a reload in between. Both run in
 * the event loop thread. */
void		 tls_set_admission(struct tls *,
		    int (*admit)(void *arg, const char *addr),
		    void (*release)(void *arg, const char *addr), void *arg);

/* Client chains verified in full, and found verified already (vcache.h),
 * by this context. */
void		 tls_verify_counts(struct tls *, unsigned long *hits,
		    unsigned long *misses);

#endif
