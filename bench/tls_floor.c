/* SPDX-License-Identifier: MIT */
/* tls_floor.c - the server-side CPU OpenSSL itself needs for one mTLS
 * handshake, with no sockets, no event loop and no server around it: a
 * client and a server SSL in one process joined by a memory BIO pair,
 * the server's SSL calls timed with the thread's CPU clock. It is the
 * floor under any server built on this OpenSSL, carexd and nginx alike,
 * and what bench/exchange's handshake figures are to be read against.
 *
 * Server set up as carexd's (src/net/tls.c): TLS 1.3, client certificate
 * required and verified against the CA, one ticket naming a session in
 * the server's cache, no chain building. Three cases: a full handshake
 * verifying the client chain, a full handshake whose chain verification
 * is skipped (what carexd's cache of verified chains saves at best), and
 * a resumption.
 *
 * usage: tls_floor PKI-DIR [N]    (PKI-DIR from certs/mkpki) */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "bench_util.h"

static double	server_us;

static double
cpu_us(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Trust the chain without verifying it: the best a cache can do. */
static int
trust_all(X509_STORE_CTX *xs, void *arg)
{
	(void)arg;
	X509_STORE_CTX_set_error(xs, X509_V_OK);
	return 1;
}

static int
step(SSL *ssl, int timed, int *done)
{
	double	t0 = cpu_us();
	int	r = SSL_do_handshake(ssl);

	if (timed)
		server_us += cpu_us() - t0;
	if (r == 1)
		*done = 1;
	else if (SSL_get_error(ssl, r) != SSL_ERROR_WANT_READ)
		return -1;
	return 0;
}

/* One handshake; the client keeps the session it is given. */
static int
handshake(SSL_CTX *sc, SSL_CTX *cc, SSL_SESSION **sess, int *reused)
{
	SSL	*c = SSL_new(cc), *s = SSL_new(sc);
	BIO	*cb, *sb;
	char	 byte;
	double	 t0;
	int	 cdone = 0, sdone = 0, i, rc = 0;

	if (c == NULL || s == NULL || BIO_new_bio_pair(&cb, 0, &sb, 0) != 1)
		return -1;
	SSL_set_bio(c, cb, cb);
	SSL_set_bio(s, sb, sb);
	SSL_set_connect_state(c);
	SSL_set_accept_state(s);
	if (*sess != NULL)
		(void)SSL_set_session(c, *sess);
	for (i = 0; i < 50 && !(cdone && sdone) && rc == 0; i++) {
		if (!cdone)
			rc = step(c, 0, &cdone);
		if (!sdone && rc == 0)
			rc = step(s, 1, &sdone);
	}
	if (rc == 0 && cdone && sdone) {
		/* the server's ticket follows its first write */
		t0 = cpu_us();
		(void)SSL_write(s, "x", 1);
		server_us += cpu_us() - t0;
		(void)SSL_read(c, &byte, 1);
		*reused += SSL_session_reused(s);
		SSL_SESSION_free(*sess);
		*sess = SSL_get1_session(c);
	} else
		rc = -1;
	SSL_set_shutdown(s, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
	SSL_set_shutdown(c, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
	t0 = cpu_us();
	SSL_free(s);
	server_us += cpu_us() - t0;
	SSL_free(c);
	return rc;
}

static int
load(SSL_CTX *ctx, const char *dir, const char *name, int ca)
{
	char	pem[1024], key[1024];

	(void)snprintf(pem, sizeof(pem), "%s/%s.pem", dir, name);
	(void)snprintf(key, sizeof(key), "%s/%s.key", dir, name);
	if (ca)
		return SSL_CTX_load_verify_locations(ctx, pem, NULL) == 1;
	return SSL_CTX_use_certificate_chain_file(ctx, pem) == 1 &&
	    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) == 1;
}

int
main(int argc, char **argv)
{
	static const char *const names[] = {
		"full, chain verified", "full, chain not verified (cached)",
		"resumed"
	};
	SSL_CTX		*sc, *cc;
	SSL_SESSION	*sess = NULL;
	long		 n = 1000;
	int		 k, i, reused;

	if (argc < 2 || (argc > 2 && bench_number(argv[2], 1, 1000000, &n)
	    == -1)) {
		fprintf(stderr, "usage: tls_floor PKI-DIR [N]\n");
		return 2;
	}
	sc = SSL_CTX_new(TLS_server_method());
	cc = SSL_CTX_new(TLS_client_method());
	if (sc == NULL || cc == NULL || !load(sc, argv[1], "server", 0) ||
	    !load(sc, argv[1], "ca", 1) || !load(cc, argv[1], "ca", 1) ||
	    !load(cc, argv[1], "gp-43021", 0)) {
		ERR_print_errors_fp(stderr);
		return 1;
	}
	SSL_CTX_set_verify(sc, SSL_VERIFY_PEER |
	    SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	(void)SSL_CTX_set_session_id_context(sc, (const unsigned char *)"b", 1);
	SSL_CTX_set_options(sc, SSL_OP_NO_TICKET);
	(void)SSL_CTX_set_num_tickets(sc, 1);
	(void)SSL_CTX_set_mode(sc, SSL_MODE_NO_AUTO_CHAIN);
	(void)SSL_CTX_set_min_proto_version(cc, TLS1_3_VERSION);
	printf("# OpenSSL %s: server CPU per mTLS handshake, in memory, "
	    "%ld each\n", OpenSSL_version(OPENSSL_VERSION_STRING), n);
	for (k = 0; k < 3; k++) {
		if (k == 1)
			SSL_CTX_set_cert_verify_callback(sc, trust_all, NULL);
		server_us = 0;
		reused = 0;
		for (i = 0; i < n; i++) {
			if (k < 2) {
				SSL_SESSION_free(sess);
				sess = NULL;
			}
			if (handshake(sc, cc, &sess, &reused) == -1) {
				ERR_print_errors_fp(stderr);
				return 1;
			}
		}
		printf("%-36s %7.0f us  (resumed %d of %ld)\n", names[k],
		    server_us / (double)n, reused, n);
	}
	SSL_SESSION_free(sess);
	SSL_CTX_free(sc);
	SSL_CTX_free(cc);
	return 0;
}
