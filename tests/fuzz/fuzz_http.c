/* SPDX-License-Identifier: MIT */
/* fuzz_http.c - libFuzzer target: bytes as an HTTP/1.1 connection to
 * carexd's API, through evhttp's own parsing into dispatch, the routes,
 * the worker pool, the pipeline and the store. TLS is not fuzzed here:
 * the fuzz build (FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION) lets a
 * connection without TLS speak as adrs-glasgow. Each input is one
 * loopback TCP connection: written, half-closed, and the event loop run
 * until carexd closes it or 2 s pass (a request that hangs is a
 * failure of libFuzzer's -timeout). */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/http.h>
#include <event2/thread.h>

#include "net/server.h"
#include "util/log.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct server	 s;
static unsigned short	 port;

static void
set(char *dst, size_t len, const char *dir, const char *name)
{
	(void)snprintf(dst, len, "%s/%s", dir, name);
}

/* In memory where there is /dev/shm: a submission's fsync there is free,
 * and the fuzzer is after the code's answers, not the disk's. */
static char	dir[64];

static void
cleanup(void)
{
	char	cmd[128];

	(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	(void)system(cmd);
}

static void
setup(void)
{
	struct evhttp_bound_socket *b;
	struct sockaddr_in	 sin;
	struct carex_err	 err;
	socklen_t		 sl = sizeof(sin);
	char			 cmd[512], pki[256];

	(void)snprintf(dir, sizeof(dir), "/dev/shm/carex-fuzz-http.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		(void)snprintf(dir, sizeof(dir), "/tmp/carex-fuzz-http.XXXXXX");
		if (mkdtemp(dir) == NULL)
			abort();
	}
	(void)atexit(cleanup);
	(void)snprintf(pki, sizeof(pki), "%s/pki", dir);
	(void)snprintf(cmd, sizeof(cmd), "sh %s/certs/mkpki %s > /dev/null "
	    "2>&1", CAREX_SRCDIR, pki);
	if (system(cmd) != 0)
		abort();
	conf_defaults(&s.conf);
	set(s.conf.cert, sizeof(s.conf.cert), pki, "server.pem");
	set(s.conf.key, sizeof(s.conf.key), pki, "server.key");
	set(s.conf.ca, sizeof(s.conf.ca), pki, "ca.pem");
	set(s.conf.crl, sizeof(s.conf.crl), pki, "crl.pem");
	set(s.conf.store, sizeof(s.conf.store), dir, "carex.db");
	(void)snprintf(s.conf.directory, sizeof(s.conf.directory),
	    "%s/examples/directory.xml", CAREX_SRCDIR);
	(void)snprintf(s.conf.datadir, sizeof(s.conf.datadir), "%s",
	    CAREX_SRCDIR);
	s.conf.workers = 1;
	s.conf.max_body = 256 * 1024;
	log_init("carexd", "syslog", 0);	/* quiet: not the fuzzer's stderr */
	if (evthread_use_pthreads() != 0 ||
	    (s.base = event_base_new()) == NULL ||
	    (s.store = store_open(s.conf.store, NULL, &err)) == NULL ||
	    server_init(&s, &err) == -1 ||
	    (s.gen = server_load_gen(&s, &err)) == NULL ||
	    (s.pool = pool_new(s.base, 1, 16, &err)) == NULL ||
	    (s.http = evhttp_new(s.base)) == NULL)
		abort();
	evhttp_set_max_body_size(s.http, (ev_ssize_t)(s.conf.max_body + 65536));
	evhttp_set_max_headers_size(s.http, 16384);
	evhttp_set_timeout(s.http, 2);
	evhttp_set_allowed_methods(s.http, EVHTTP_REQ_GET | EVHTTP_REQ_POST);
	api_register(&s);
	if ((b = evhttp_bind_socket_with_handle(s.http, "127.0.0.1", 0)) ==
	    NULL || getsockname(evhttp_bound_socket_get_fd(b),
	    (struct sockaddr *)&sin, &sl) == -1)
		abort();
	port = ntohs(sin.sin_port);
}

static double
now(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct sockaddr_in	sin;
	struct timeval		tick = { 0, 2000 };
	char			sink[65536];
	size_t			off = 0;
	ssize_t			n;
	double			t0;
	int			fd, shut = 0;

	if (port == 0)
		setup();
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    fcntl(fd, F_SETFL, O_NONBLOCK) == -1)
		abort();
	for (t0 = now(); now() - t0 < 2.0;) {
		if (off < len) {
			n = write(fd, data + off, len - off);
			if (n > 0)
				off += (size_t)n;
		} else if (!shut) {
			(void)shutdown(fd, SHUT_WR);
			shut = 1;
		}
		/* One pass of whatever is ready (at most a tick's wait) */
		(void)event_base_loopexit(s.base, &tick);
		(void)event_base_loop(s.base, EVLOOP_ONCE);
		n = read(fd, sink, sizeof(sink));
		if (n == 0 || (n == -1 && errno != EAGAIN))
			break;		/* carexd closed the connection */
	}
	(void)close(fd);
	/* let evhttp see the close and free the connection */
	(void)event_base_loopexit(s.base, &tick);
	(void)event_base_dispatch(s.base);
	return 0;
}
