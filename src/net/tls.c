/* SPDX-License-Identifier: MIT */
/* tls.c - server TLS context (see tls.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "net/tls.h"
#include "net/vcache.h"

/* Mozilla "intermediate" TLS 1.2 suites, ECDHE and AEAD only; TLS 1.3's
 * own suites are all AEAD. */
#define TLS12_CIPHERS	"ECDHE-ECDSA-AES128-GCM-SHA256:" \
			"ECDHE-RSA-AES128-GCM-SHA256:" \
			"ECDHE-ECDSA-AES256-GCM-SHA384:" \
			"ECDHE-RSA-AES256-GCM-SHA384:" \
			"ECDHE-ECDSA-CHACHA20-POLY1305:" \
			"ECDHE-RSA-CHACHA20-POLY1305"
#define TLS_GROUPS	"X25519:P-256:P-384"
#define SESSION_CTX	"carexd"
#define VCACHE_SLOTS	4096	/* distinct client chains remembered */
#define SESSIONS	8192	/* resumable sessions kept, per context */
#define SESSION_SECS	3600

struct tls {
	SSL_CTX			*ctx;
	const struct directory	*dir;
	void			(*refused)(void *, const struct tls_peer *);
	void			*refused_arg;
	int			(*admit)(void *, const char *);
	void			(*release)(void *, const char *);
	void			*admit_arg;
	void			(*on_free)(void *);
	void			*on_free_arg;
	struct vcache		*vc;	/* chains verified by this context */
	time_t			 crl_until;	/* earliest nextUpdate, or 0 */
	unsigned long		 serial;	/* which context, in order */
};

/* Per connection: why it was refused, and its admission to release. */
struct conn {
	enum tls_refusal	 refusal;
	int			 hello;		/* a ClientHello arrived */
	int			 admitted;
	void			(*release)(void *, const char *);
	void			*arg;
	char			 addr[64];
	struct tls_peer		*peer;	/* once the handshake is done */
	unsigned long		 checked;	/* serial of the newest context
						   the peer has passed */
};

static int	ex_tls = -1;	/* SSL_CTX -> struct tls, freed with it */
static int	ex_conn = -1;	/* SSL -> struct conn */
static unsigned long serials;	/* contexts made (loop thread only) */

static void
conn_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl,
    void *argp)
{
	struct conn	*c = ptr;
	SSL		*ssl = parent;

	(void)ad;
	(void)idx;
	(void)argl;
	(void)argp;
	if (c == NULL)
		return;
	/* libevent frees the SSL without SSL_shutdown, and OpenSSL then
	 * drops the session from the cache as if the connection had failed
	 * (this runs before that check in SSL_free). A client that was
	 * verified and completed its handshake may resume. */
	if (ssl != NULL && c->refusal == TLS_OK && SSL_is_init_finished(ssl))
		SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
	if (c->admitted && c->release != NULL)
		c->release(c->arg, c->addr);
	free(c->peer);
	free(c);
}

/* The context is reference-counted by OpenSSL: every live connection
 * holds it. struct tls goes with the last of them, so a handshake still in
 * progress after a reload never sees freed callbacks or a freed
 * directory. */
static void
tls_ctx_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx,
    long argl, void *argp)
{
	struct tls	*t = ptr;

	(void)parent;
	(void)ad;
	(void)idx;
	(void)argl;
	(void)argp;
	if (t == NULL)
		return;
	if (t->on_free != NULL)
		t->on_free(t->on_free_arg);
	vcache_free(t->vc);
	free(t);
}

const char *
tls_refusal_name(enum tls_refusal r)
{
	switch (r) {
	case TLS_OK:			return "ok";
	case TLS_NO_CERT:		return "no-certificate";
	case TLS_EXPIRED:		return "expired";
	case TLS_NOT_YET_VALID:		return "not-yet-valid";
	case TLS_REVOKED:		return "revoked";
	case TLS_UNKNOWN_ISSUER:	return "unknown-issuer";
	case TLS_NOT_IN_DIRECTORY:	return "not-in-directory";
	case TLS_PIN_MISMATCH:		return "pin-mismatch";
	case TLS_LIMIT:			return "connection-limit";
	case TLS_BAD_NAME:		return "bad-name";
	case TLS_CRL_EXPIRED:		return "crl-expired";
	case TLS_CRL_UNUSABLE:		return "crl-unusable";
	case TLS_BAD_CERT:
	case TLS_NREFUSALS:		break;
	}
	return "bad-certificate";
}

static enum tls_refusal
refusal_of(int verr)
{
	switch (verr) {
	case X509_V_OK:
		return TLS_OK;
	case X509_V_ERR_CERT_HAS_EXPIRED:
		return TLS_EXPIRED;
	case X509_V_ERR_CERT_NOT_YET_VALID:
		return TLS_NOT_YET_VALID;
	case X509_V_ERR_CERT_REVOKED:
		return TLS_REVOKED;
	case X509_V_ERR_CRL_HAS_EXPIRED:
		return TLS_CRL_EXPIRED;
	case X509_V_ERR_CRL_NOT_YET_VALID:
	case X509_V_ERR_UNABLE_TO_GET_CRL:
	case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
	case X509_V_ERR_CRL_SIGNATURE_FAILURE:
	case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
	case X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD:
	case X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD:
		return TLS_CRL_UNUSABLE;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
		return TLS_UNKNOWN_ISSUER;
	default:
		return TLS_BAD_CERT;
	}
}

int
tls_refusal_ours(enum tls_refusal r)
{
	return r == TLS_CRL_EXPIRED || r == TLS_CRL_UNUSABLE;
}

static int
crl_expired(const struct tls *t, time_t now)
{
	return t->crl_until != 0 && now >= t->crl_until;
}

time_t
tls_crl_next_update(const struct tls *t)
{
	return t->crl_until;
}

static struct conn *
conn_of(SSL *ssl)
{
	struct conn	*c = SSL_get_ex_data(ssl, ex_conn);

	if (c == NULL && (c = calloc(1, sizeof(*c))) != NULL &&
	    SSL_set_ex_data(ssl, ex_conn, c) != 1) {
		free(c);
		c = NULL;
	}
	return c;
}

static void
peer_addr(SSL *ssl, char *out, size_t len)
{
	struct sockaddr_storage	ss;
	socklen_t		sl = sizeof(ss);
	int			fd = SSL_get_fd(ssl);

	(void)snprintf(out, len, "-");
	if (fd < 0 || getpeername(fd, (struct sockaddr *)&ss, &sl) == -1)
		return;
	if (ss.ss_family == AF_INET)
		(void)inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr,
		    out, (socklen_t)len);
	else if (ss.ss_family == AF_INET6)
		(void)inet_ntop(AF_INET6,
		    &((struct sockaddr_in6 *)&ss)->sin6_addr, out,
		    (socklen_t)len);
}

/* The subject's common name, read as the ASN.1 string it is: exactly
 * one CN, a UTF8String or PrintableString, of printable ASCII (every
 * participant code is) with no NUL and no more than fits out. Reading it
 * as C text would stop at a NUL ("adrs-glasgow\0.evil" would be
 * adrs-glasgow), and X509_NAME_get_text_by_NID takes the first CN of
 * several. 0, or -1 with out empty. */
static int
read_cn(X509_NAME *name, char *out, size_t len)
{
	const ASN1_STRING	*v;
	const unsigned char	*d;
	int			 i, at = -1, n = 0, k, type;

	out[0] = '\0';
	while ((i = X509_NAME_get_index_by_NID(name, NID_commonName, at)) >=
	    0) {
		at = i;
		n++;
	}
	if (n != 1)
		return -1;
	v = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at));
	type = ASN1_STRING_type(v);
	if (type != V_ASN1_UTF8STRING && type != V_ASN1_PRINTABLESTRING)
		return -1;
	d = ASN1_STRING_get0_data(v);
	n = ASN1_STRING_length(v);
	if (d == NULL || n < 1 || (size_t)n >= len)
		return -1;
	for (k = 0; k < n; k++)
		if (d[k] < 0x21 || d[k] > 0x7e)
			return -1;
	memcpy(out, d, (size_t)n);
	out[n] = '\0';
	return 0;
}

/* Certificate facts for logs and the audit. */
static void
describe(X509 *x, struct tls_peer *p)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen = 0, i;
	X509_NAME	*name;
	ASN1_INTEGER	*serial;
	BIGNUM		*bn;
	char		*hex;
	int		 days = 0, secs = 0;

	if (x == NULL)
		return;
	if ((name = X509_get_subject_name(x)) != NULL) {
		(void)read_cn(name, p->cn, sizeof(p->cn));
		(void)X509_NAME_oneline(name, p->subject, sizeof(p->subject));
	}
	if (X509_digest(x, EVP_sha256(), md, &mdlen) == 1)
		for (i = 0; i < mdlen && i * 2 + 2 < sizeof(p->sha256); i++)
			(void)snprintf(p->sha256 + i * 2, 3, "%02x", md[i]);
	serial = X509_get_serialNumber(x);
	if ((bn = ASN1_INTEGER_to_BN(serial, NULL)) != NULL) {
		if ((hex = BN_bn2hex(bn)) != NULL) {
			(void)snprintf(p->serial, sizeof(p->serial), "%s", hex);
			OPENSSL_free(hex);
		}
		BN_free(bn);
	}
	if (ASN1_TIME_diff(&days, &secs, NULL, X509_get0_notAfter(x)) == 1)
		p->days_left = days;
}

/* The leaf names a participant, and matches its pins if it has any. */
static enum tls_refusal
check_participant(const struct tls *t, X509 *x)
{
	const struct participant	*pt;
	struct tls_peer			 p;
	size_t				 i;

	memset(&p, 0, sizeof(p));
	describe(x, &p);
	if (p.cn[0] == '\0')
		return TLS_BAD_NAME;
	if ((pt = directory_find(t->dir, p.cn)) == NULL)
		return TLS_NOT_IN_DIRECTORY;
	if (pt->pins == NULL || pt->pins[0] == NULL)
		return TLS_OK;
	for (i = 0; pt->pins[i] != NULL; i++)
		if (strcmp(pt->pins[i], p.sha256) == 0)
			return TLS_OK;
	return TLS_PIN_MISMATCH;
}

static void
report(const struct tls *t, SSL *ssl, X509 *x, enum tls_refusal r)
{
	struct tls_peer	p;

	if (t->refused == NULL)
		return;
	memset(&p, 0, sizeof(p));
	p.refusal = r;
	describe(x, &p);
	peer_addr(ssl, p.addr, sizeof(p.addr));
	t->refused(t->refused_arg, &p);
}

static int
verify_cb(int ok, X509_STORE_CTX *xs)
{
	SSL		*ssl;
	struct tls	*t;
	struct conn	*c;
	X509		*x = X509_STORE_CTX_get_current_cert(xs);
	enum tls_refusal r;

	ssl = X509_STORE_CTX_get_ex_data(xs,
	    SSL_get_ex_data_X509_STORE_CTX_idx());
	if (ssl == NULL || (t = SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl),
	    ex_tls)) == NULL || (c = conn_of(ssl)) == NULL)
		return 0;
	if (c->refusal != TLS_OK)
		return 0;	/* already refused and reported */
	if (!ok)
		r = refusal_of(X509_STORE_CTX_get_error(xs));
	else if (X509_STORE_CTX_get_error_depth(xs) == 0)
		r = check_participant(t, x);
	else
		return 1;
	if (r == TLS_OK)
		return 1;
	c->refusal = r;
	/* Report the leaf, whatever level failed: it names the client. */
	report(t, ssl, X509_STORE_CTX_get0_cert(xs), r);
	return 0;
}

/* Verify the client's chain, or find it verified by this context already
 * and still within its window (vcache.h). A hit is then checked against
 * the directory and pins exactly as the verify callback checks a leaf. */
static int
cert_verify(X509_STORE_CTX *xs, void *arg)
{
	struct tls	*t = arg;
	X509		*leaf = X509_STORE_CTX_get0_cert(xs);
	unsigned char	 key[VCACHE_KEY];
	int		 keyed, ok;

	keyed = t->vc != NULL && vcache_key(leaf,
	    X509_STORE_CTX_get0_untrusted(xs), key) == 0;
	if (keyed && vcache_hit(t->vc, key, time(NULL))) {
		X509_STORE_CTX_set_current_cert(xs, leaf);
		X509_STORE_CTX_set_error_depth(xs, 0);
		X509_STORE_CTX_set_error(xs, X509_V_OK);
		if ((ok = verify_cb(1, xs)) != 1)
			X509_STORE_CTX_set_error(xs,
			    X509_V_ERR_APPLICATION_VERIFICATION);
		return ok;
	}
	ok = X509_verify_cert(xs);
	if (ok == 1 && keyed)
		vcache_add(t->vc, key, X509_STORE_CTX_get0_chain(xs));
	return ok;
}

void
tls_verify_counts(struct tls *t, unsigned long *hits, unsigned long *misses)
{
	*hits = *misses = 0;
	if (t->vc != NULL)
		vcache_counts(t->vc, hits, misses);
}

/* Past the CRL's nextUpdate nothing is known of revocations: every
 * ClientHello is refused, resumed handshakes (which verify nothing)
 * included. */
static int
crl_gate(struct tls *t, SSL *ssl, struct conn *c, int *alert)
{
	if (!crl_expired(t, time(NULL)))
		return SSL_CLIENT_HELLO_SUCCESS;
	if (c->refusal == TLS_OK) {
		c->refusal = TLS_CRL_EXPIRED;
		report(t, ssl, NULL, TLS_CRL_EXPIRED);
	}
	*alert = SSL_AD_INTERNAL_ERROR;
	return SSL_CLIENT_HELLO_ERROR;
}

/* ClientHello: admission control before any expensive work. */
static int
hello_cb(SSL *ssl, int *alert, void *arg)
{
	struct tls	*t = arg;
	struct conn	*c;
	int		 one = 1;

	if ((c = conn_of(ssl)) == NULL) {
		*alert = SSL_AD_INTERNAL_ERROR;
		return SSL_CLIENT_HELLO_ERROR;
	}
	c->hello = 1;
	if (c->admitted || t->admit == NULL)
		return crl_gate(t, ssl, c, alert);
	/* libevent writes an answer's headers and body separately: with
	 * Nagle the body waits for the client's delayed ACK, 40 ms. */
	(void)setsockopt(SSL_get_fd(ssl), IPPROTO_TCP, TCP_NODELAY, &one,
	    sizeof(one));
	peer_addr(ssl, c->addr, sizeof(c->addr));
	if (!t->admit(t->admit_arg, c->addr)) {
		c->refusal = TLS_LIMIT;
		report(t, ssl, NULL, TLS_LIMIT);
		*alert = SSL_AD_INTERNAL_ERROR;
		return SSL_CLIENT_HELLO_ERROR;
	}
	c->admitted = 1;
	c->release = t->release;
	c->arg = t->admit_arg;
	return crl_gate(t, ssl, c, alert);
}

/* A handshake that ended without a client certificate never reaches the
 * verify callback with a certificate: report it here. */
static void
info_cb(const SSL *cssl, int where, int ret)
{
	SSL		*ssl = (SSL *)(uintptr_t)cssl;
	struct tls	*t;
	struct conn	*c;

	(void)ret;
	if (!(where & SSL_CB_ALERT) || !(where & SSL_CB_WRITE))
		return;
	if ((t = SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ex_tls)) == NULL ||
	    (c = conn_of(ssl)) == NULL || !c->hello || c->refusal != TLS_OK ||
	    SSL_is_init_finished(ssl) || SSL_get0_peer_certificate(ssl) != NULL)
		return;
	/* We are sending an alert during the handshake and saw no
	 * certificate: the client offered none. */
	c->refusal = TLS_NO_CERT;
	report(t, ssl, NULL, TLS_NO_CERT);
}

/* A certificate time as text, for messages. */
static const char *
asn1_time_text(const ASN1_TIME *at, char *out, size_t len)
{
	BIO	*b;
	int	 n = 0;

	out[0] = '\0';
	if (at != NULL && (b = BIO_new(BIO_s_mem())) != NULL) {
		if (ASN1_TIME_print(b, at) == 1)
			n = BIO_read(b, out, (int)len - 1);
		out[n > 0 ? n : 0] = '\0';
		BIO_free(b);
	}
	return out;
}

static STACK_OF(X509_INFO) *
read_pem(const char *path)
{
	STACK_OF(X509_INFO)	*infos;
	BIO			*bio;

	if ((bio = BIO_new_file(path, "r")) == NULL)
		return NULL;
	infos = PEM_X509_INFO_read_bio(bio, NULL, NULL, NULL);
	BIO_free(bio);
	return infos;
}

/* One CRL is usable: issued and signed by a CA of the bundle, issued by
 * now, with a nextUpdate still to come (RFC 5280 makes it mandatory, and
 * without it carexd could never tell that the list had gone stale). Its
 * nextUpdate in *next. 0, or -1 with err saying what to do. */
static int
crl_usable(X509_CRL *crl, STACK_OF(X509_INFO) *cas, const char *path,
    int nth, time_t now, time_t *next, struct carex_err *err)
{
	const ASN1_TIME	*last = X509_CRL_get0_lastUpdate(crl);
	const ASN1_TIME	*nu = X509_CRL_get0_nextUpdate(crl);
	X509_INFO	*xi;
	struct tm	 tm;
	char		 issuer[256], when[64];
	int		 i, named = 0, signed_ok = 0;

	(void)X509_NAME_oneline(X509_CRL_get_issuer(crl), issuer,
	    sizeof(issuer));
	for (i = 0; i < sk_X509_INFO_num(cas) && !signed_ok; i++) {
		xi = sk_X509_INFO_value(cas, i);
		if (xi->x509 == NULL || X509_NAME_cmp(X509_CRL_get_issuer(crl),
		    X509_get_subject_name(xi->x509)) != 0)
			continue;
		named = 1;
		signed_ok = X509_CRL_verify(crl, X509_get0_pubkey(xi->x509)) ==
		    1;
	}
	ERR_clear_error();
	if (!signed_ok) {
		err_set(err, CAREX_EUSAGE, "crl %s: CRL %d (issuer %s) %s: use "
		    "the CRL the client CA issues (openssl ca -gencrl with "
		    "its key)", path, nth, issuer, named ? "has a signature "
		    "the CA's key does not verify" : "is not from a CA of the "
		    "ca file");
		return -1;
	}
	if (last == NULL || X509_cmp_time(last, &now) > 0) {
		err_set(err, CAREX_EUSAGE, "crl %s: CRL %d (issuer %s) is "
		    "issued in the future (lastUpdate %s): check this "
		    "machine's clock and the CA's", path, nth, issuer,
		    asn1_time_text(last, when, sizeof(when)));
		return -1;
	}
	if (nu == NULL || ASN1_TIME_to_tm(nu, &tm) != 1) {
		err_set(err, CAREX_EUSAGE, "crl %s: CRL %d (issuer %s) has no "
		    "nextUpdate, so carexd cannot tell when it is stale: "
		    "issue it with one (openssl ca -gencrl -crldays N)", path,
		    nth, issuer);
		return -1;
	}
	*next = timegm(&tm);
	if (*next <= now) {
		err_set(err, CAREX_EUSAGE, "crl %s: CRL %d (issuer %s) expired "
		    "at %s (its nextUpdate): issue a fresh one and reload",
		    path, nth, issuer, asn1_time_text(nu, when, sizeof(when)));
		return -1;
	}
	return 0;
}

/* Check every CRL of f->crl and, with store, load it; *until is the
 * earliest nextUpdate (after which carexd refuses every connection). */
static int
load_crls(X509_STORE *store, const struct tls_files *f, time_t now,
    time_t *until, struct carex_err *err)
{
	STACK_OF(X509_INFO)	*infos, *cas;
	X509_INFO		*xi;
	time_t			 next;
	int			 i, n = 0, rc = -1;

	if ((cas = read_pem(f->ca)) == NULL) {
		err_set(err, CAREX_EUSAGE, "ca %s: cannot read it as PEM",
		    f->ca);
		ERR_clear_error();
		return -1;
	}
	if ((infos = read_pem(f->crl)) == NULL) {
		err_set(err, CAREX_EUSAGE, "crl %s: cannot read it as PEM",
		    f->crl);
		ERR_clear_error();
		sk_X509_INFO_pop_free(cas, X509_INFO_free);
		return -1;
	}
	*until = 0;
	for (i = 0; i < sk_X509_INFO_num(infos); i++) {
		xi = sk_X509_INFO_value(infos, i);
		if (xi->crl == NULL)
			continue;
		n++;
		if (crl_usable(xi->crl, cas, f->crl, n, now, &next, err) == -1)
			goto out;
		if (store != NULL && X509_STORE_add_crl(store, xi->crl) != 1) {
			err_set(err, CAREX_EUSAGE, "crl %s: CRL %d cannot be "
			    "added (listed twice?)", f->crl, n);
			goto out;
		}
		if (*until == 0 || next < *until)
			*until = next;
	}
	if (n == 0) {
		err_set(err, CAREX_EUSAGE, "crl %s: holds no CRL", f->crl);
		goto out;
	}
	rc = 0;
out:
	ERR_clear_error();
	sk_X509_INFO_pop_free(infos, X509_INFO_free);
	sk_X509_INFO_pop_free(cas, X509_INFO_free);
	return rc;
}

int
tls_check_crl(const struct tls_files *f, time_t now, struct carex_err *err)
{
	time_t	until;

	if (f->crl == NULL || f->crl[0] == '\0')
		return 0;
	return load_crls(NULL, f, now, &until, err);
}

/* An encrypted key is refused rather than prompted for on a terminal. */
static int
no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

/* The private key at path into ctx, read into one buffer of the file's
 * size that is wiped before it is freed: OpenSSL's file loader would
 * leave the PEM in buffers no one clears. (The decoder itself wipes what
 * it decodes; the key then lives only in ctx.) 1 on success. */
#define KEY_MAX_BYTES	(64 * 1024)
static int
use_key(SSL_CTX *ctx, const char *path)
{
	struct stat	 st;
	unsigned char	*pem = NULL;
	size_t		 len = 0, size = 0;
	ssize_t		 n;
	BIO		*bio = NULL;
	EVP_PKEY	*pk = NULL;
	int		 fd, ok = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    st.st_size > KEY_MAX_BYTES)
		goto done;
	size = (size_t)st.st_size;
	if ((pem = malloc(size)) == NULL)
		goto done;
	while (len < size && ((n = read(fd, pem + len, size - len)) > 0 ||
	    (n == -1 && errno == EINTR)))
		if (n > 0)
			len += (size_t)n;
	if (len != size || (bio = BIO_new_mem_buf(pem, (int)len)) == NULL)
		goto done;
	if ((pk = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL)) !=
	    NULL)
		ok = SSL_CTX_use_PrivateKey(ctx, pk) == 1;
done:
	EVP_PKEY_free(pk);	/* ctx holds its own reference */
	BIO_free(bio);
	if (pem != NULL) {
		OPENSSL_cleanse(pem, size);
		free(pem);
	}
	(void)close(fd);	/* read only */
	return ok;
}

struct tls *
tls_new(const struct tls_files *f, const struct directory *dir,
    void (*on_free)(void *), void *arg, struct carex_err *err)
{
	struct tls	*t;
	X509_STORE	*store;
	STACK_OF(X509_NAME) *cas;
	time_t		 crl_until = 0;

	if (ex_tls == -1)
		ex_tls = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL,
		    tls_ctx_free);
	if (ex_conn == -1)
		ex_conn = SSL_get_ex_new_index(0, NULL, NULL, NULL, conn_free);
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	t->dir = dir;
	t->serial = ++serials;
	if ((t->ctx = SSL_CTX_new(TLS_server_method())) == NULL) {
		free(t);
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	if (SSL_CTX_set_ex_data(t->ctx, ex_tls, t) != 1) {
		SSL_CTX_free(t->ctx);
		free(t);
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	/* from here on t is freed with the context */
	if (SSL_CTX_set_min_proto_version(t->ctx, TLS1_2_VERSION) != 1 ||
	    SSL_CTX_set_cipher_list(t->ctx, TLS12_CIPHERS) != 1 ||
	    SSL_CTX_set1_groups_list(t->ctx, TLS_GROUPS) != 1 ||
	    SSL_CTX_set_session_id_context(t->ctx,
	    (const unsigned char *)SESSION_CTX, sizeof(SESSION_CTX) - 1) != 1)
		goto ssl;
	/* Sessions are resumed from a cache in memory, not from tickets the
	 * client carries: OpenSSL 3.0 builds each stateless ticket by
	 * encoding the session, decoding it again (the client's certificate
	 * with it, through its slow decoders) and encoding it once more,
	 * twice per handshake. A reload starts a new context, so a session
	 * never outlives the CRL it was verified against. */
	SSL_CTX_set_options(t->ctx, SSL_OP_NO_RENEGOTIATION |
	    SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION |
	    SSL_OP_NO_TICKET);
	(void)SSL_CTX_set_session_cache_mode(t->ctx, SSL_SESS_CACHE_SERVER);
	(void)SSL_CTX_sess_set_cache_size(t->ctx, SESSIONS);
	(void)SSL_CTX_set_timeout(t->ctx, SESSION_SECS);
	(void)SSL_CTX_set_num_tickets(t->ctx, 1);	/* one is enough */
	/* The chain file holds the whole chain: do not build it again with
	 * X509_verify_cert on every handshake. */
	(void)SSL_CTX_set_mode(t->ctx, SSL_MODE_NO_AUTO_CHAIN);
	if (SSL_CTX_use_certificate_chain_file(t->ctx, f->cert) != 1) {
		err_set(err, CAREX_EUSAGE, "cert %s: cannot load", f->cert);
		goto fail;
	}
	if (use_key(t->ctx, f->key) != 1 ||
	    SSL_CTX_check_private_key(t->ctx) != 1) {
		err_set(err, CAREX_EUSAGE, "key %s: cannot load it or it does "
		    "not match the certificate", f->key);
		goto fail;
	}
	if (SSL_CTX_load_verify_locations(t->ctx, f->ca, NULL) != 1 ||
	    (cas = SSL_load_client_CA_file(f->ca)) == NULL) {
		err_set(err, CAREX_EUSAGE, "ca %s: cannot load", f->ca);
		goto fail;
	}
	SSL_CTX_set_client_CA_list(t->ctx, cas);	/* takes ownership */
	store = SSL_CTX_get_cert_store(t->ctx);
	if (f->crl != NULL && f->crl[0] != '\0') {
		if (load_crls(store, f, time(NULL), &crl_until, err) == -1)
			goto fail;
		t->crl_until = crl_until;
		(void)X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK);
	}
	SSL_CTX_set_verify(t->ctx, SSL_VERIFY_PEER |
	    SSL_VERIFY_FAIL_IF_NO_PEER_CERT, verify_cb);
	SSL_CTX_set_verify_depth(t->ctx, 4);
	if ((t->vc = vcache_new(VCACHE_SLOTS, crl_until)) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		goto fail;
	}
	SSL_CTX_set_cert_verify_callback(t->ctx, cert_verify, t);
	SSL_CTX_set_client_hello_cb(t->ctx, hello_cb, t);
	SSL_CTX_set_info_callback(t->ctx, info_cb);
	t->on_free = on_free;	/* only a context that was made calls it */
	t->on_free_arg = arg;
	return t;
ssl:
	err_set(err, CAREX_EINTERNAL, "TLS set-up failed: %s",
	    ERR_reason_error_string(ERR_peek_last_error()));
fail:
	ERR_clear_error();
	tls_free(t);
	return NULL;
}

void
tls_free(struct tls *t)
{
	if (t != NULL)
		SSL_CTX_free(t->ctx);	/* t goes with the last reference */
}

SSL *
tls_ssl_new(struct tls *t)
{
	return SSL_new(t->ctx);
}

void
tls_set_refusal_cb(struct tls *t, void (*cb)(void *, const struct tls_peer *),
    void *arg)
{
	t->refused = cb;
	t->refused_arg = arg;
}

void
tls_set_admission(struct tls *t, int (*admit)(void *, const char *),
    void (*release)(void *, const char *), void *arg)
{
	t->admit = admit;
	t->release = release;
	t->admit_arg = arg;
}

/* Verify an open connection's certificate again, against t: the chain
 * the client sent at its handshake, with t's CA and CRL, then t's
 * directory and pins. */
static enum tls_refusal
recheck(struct tls *t, SSL *ssl)
{
	X509			*x = SSL_get0_peer_certificate(ssl);
	X509_STORE_CTX		*xs;
	enum tls_refusal	 r = TLS_BAD_CERT;

	if (x == NULL)
		return TLS_NO_CERT;
	if ((xs = X509_STORE_CTX_new()) == NULL)
		return TLS_BAD_CERT;
	if (X509_STORE_CTX_init(xs, SSL_CTX_get_cert_store(t->ctx), x,
	    SSL_get_peer_cert_chain(ssl)) == 1 &&
	    X509_STORE_CTX_set_default(xs, "ssl_client") == 1) {
		X509_VERIFY_PARAM_set_depth(X509_STORE_CTX_get0_param(xs), 4);
		r = X509_verify_cert(xs) == 1 ? TLS_OK :
		    refusal_of(X509_STORE_CTX_get_error(xs));
	}
	X509_STORE_CTX_free(xs);
	ERR_clear_error();
	return r == TLS_OK ? check_participant(t, x) : r;
}

enum tls_refusal
tls_peer(struct tls *cur, SSL *ssl, struct tls_peer *p)
{
	struct conn	*c = SSL_get_ex_data(ssl, ex_conn);
	struct tls	*made = SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl),
			    ex_tls);
	X509		*x;
	enum tls_refusal r;

	/* Every request asks; the handshake's answer is kept. */
	if (c != NULL && c->peer != NULL)
		*p = *c->peer;
	else {
		x = SSL_get0_peer_certificate(ssl);
		memset(p, 0, sizeof(*p));
		describe(x, p);
		peer_addr(ssl, p->addr, sizeof(p->addr));
		if (c != NULL && c->refusal != TLS_OK)
			p->refusal = c->refusal;
		else if (x == NULL)
			p->refusal = TLS_NO_CERT;
		else if (SSL_get_verify_result(ssl) != X509_V_OK)
			p->refusal = refusal_of(
			    (int)SSL_get_verify_result(ssl));
		if (c != NULL && SSL_is_init_finished(ssl) &&
		    (c->peer = malloc(sizeof(*c->peer))) != NULL) {
			*c->peer = *p;
			if (made != NULL)
				c->checked = made->serial;
		}
	}
	if (p->refusal != TLS_OK || cur == NULL)
		return p->refusal;
	if (crl_expired(cur, time(NULL)))	/* until a reload brings a
						   fresh one: not kept */
		return p->refusal = TLS_CRL_EXPIRED;
	if (cur == made || (c != NULL && c->checked == cur->serial))
		return TLS_OK;
	/* Made before the reload that brought cur. */
	if ((r = recheck(cur, ssl)) == TLS_OK) {
		if (c != NULL)
			c->checked = cur->serial;
	} else if (c != NULL && c->peer != NULL)
		c->peer->refusal = r;	/* for good, on this connection */
	return p->refusal = r;
}
