/* SPDX-License-Identifier: MIT */
/* carexd.c - the exchange server's main: configuration, wiring and
 * signals. The work is in src/net (listeners, API), src/store and the
 * document pipeline. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/http.h>
#include <event2/thread.h>
#include <openssl/ssl.h>

#include "conf.h"
#include "net/checkpoint.h"
#include "net/server.h"
#include "util/log.h"
#include "util/utf8.h"
#include "util/priv.h"
#include "util/sdnotify.h"

static void
usage(void)
{
	fprintf(stderr, "usage: carexd [-nv] [-f carexd.conf] "
	    "[-o key=value]...\n"
	    "  -f, --config FILE   configuration file (default "
	    "%s/carex/carexd.conf)\n"
	    "  -n, --check-config  check the configuration, report every "
	    "problem\n"
	    "                      with its line, exit 0 if there is none\n"
	    "  -o, --set K=V       set a configuration key, overriding the "
	    "file\n"
	    "  -v, --verbose       log debug lines\n", SYSCONFDIR);
	exit(2);
}

static void
notify(const char *state)
{
	if (sdnotify(state) == -1)
		log_warn("event=notify state=%s", state);
}

/* Started as root, become conf.user before any thread starts and before
 * the store is opened, so its files belong to that user. */
static void
drop_privileges(struct server *s)
{
	struct carex_err	err;
	enum priv_outcome	out;
	long			uid, gid;

	err_clear(&err);
	if (priv_drop(s->conf.user, &out, &uid, &gid, &err) == -1)
		fatalx("event=start msg=%s", log_str(err.msg));
	if (out == PRIV_KEPT_ROOT)
		log_warnx("event=privileges user=root msg=\"running as root, "
		    "as user = root asks\"");
	else
		log_info("event=privileges user=%s uid=%ld gid=%ld",
		    out == PRIV_DROPPED ? s->conf.user : "-", uid, gid);
}

/* The bound on a stop: requests being received get request_timeout,
 * answers and the teardown STOP_SLACK more. Past it a worker, the store
 * or a push is stuck (a database that stopped answering mid-query never
 * times out on the client side), and carexd exits 1 rather than hang:
 * what it answered is durable, and what it had not answered was either
 * not stored or is answered again, unchanged, when its client retries
 * (the message id is the idempotency key). */
#define STOP_SLACK	10
static char	 abandon_line[200];
static size_t	 abandon_len;

static void
abandon(int sig)
{
	(void)sig;
	(void)!write(STDERR_FILENO, abandon_line, abandon_len);
	_exit(1);
}

static void
stop_watchdog(const struct server *s)
{
	struct sigaction	sa;
	int			bound = s->conf.request_timeout + STOP_SLACK;
	int			n;
	time_t			when;
	struct tm		tm;

	/* made now, written from the handler: its time is the deadline's */
	when = time(NULL) + bound;
	(void)gmtime_r(&when, &tm);
	n = snprintf(abandon_line, sizeof(abandon_line), "ts=%04d-%02d-%02dT"
	    "%02d:%02d:%02d.000Z prog=carexd level=warn event=stop-abandoned "
	    "bound_s=%d msg=\"still busy %d s after the signal (a worker or "
	    "the store is stuck): exiting without it\"\n", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    bound, bound);
	abandon_len = n > 0 && (size_t)n < sizeof(abandon_line) ? (size_t)n :
	    0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = abandon;
	(void)sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGALRM, &sa, NULL);
	(void)alarm((unsigned)bound);
}

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct server	*s = arg;

	(void)what;
	/* systemd (Type=notify) waits for READY=1 after RELOADING=1; a
	 * failed reload keeps the generation that serves, so ready again. */
	if (sig == SIGHUP) {
		notify("RELOADING=1");
		server_reload(s);
		notify("READY=1");
	} else {
		notify("STOPPING=1");
		if (!s->stopping)
			stop_watchdog(s);
		server_stop(s);
	}
}

static void
on_purge(evutil_socket_t fd, short what, void *arg);

struct purge_job {
	struct server		*s;
	struct store_purged	 out;
	int			 failed;
	char			 why[256];
};

static void
purge_work(void *arg)
{
	struct purge_job	*j = arg;
	struct carex_err	 err;

	err_clear(&err);
	j->failed = store_purge(j->s->store, server_now_ms(), &j->out,
	    &err) == -1;
	if (j->failed)
		(void)utf8_copy(j->why, sizeof(j->why), err.msg);
}

static void
purge_done(void *arg)
{
	struct purge_job	*j = arg;

	if (j->failed)
		log_warnx("event=purge status=failed msg=%s", log_str(j->why));
	else {
		if (j->out.documents > 0)
			log_info("event=purge documents=%ld", j->out.documents);
		log_info("event=audit-head seq=%lld hash=%s",
		    (long long)j->out.audit_seq, j->out.audit_hash);
	}
	free(j);
}

static void
on_purge(evutil_socket_t fd, short what, void *arg)
{
	struct server		*s = arg;
	struct purge_job	*j;

	(void)fd;
	(void)what;
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return;
	j->s = s;
	if (pool_submit(s->pool, NULL, purge_work, purge_done, j) == -1)
		free(j);	/* busy: the next tick tries again */
}

/* The store's directory is created if missing (var/ in a fresh tree). */
static void
make_parent(const char *path)
{
	char	dir[1024];
	char	*slash;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir) ||
	    (slash = strrchr(dir, '/')) == NULL || slash == dir)
		return;
	*slash = '\0';
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		log_warn("event=mkdir path=%s", dir);
}

static const struct option longopts[] = {
	{ "config",		required_argument,	NULL,	'f' },
	{ "check-config",	no_argument,		NULL,	'n' },
	{ "set",		required_argument,	NULL,	'o' },
	{ "verbose",		no_argument,		NULL,	'v' },
	{ NULL,			0,			NULL,	0 }
};

/* carexd -n: the CRL as a start would load it (signed by a CA of the ca
 * file, issued by now, not expired). */
static int
check_crl(const struct conf *c, struct errlist *errs)
{
	struct tls_files	tf = { c->cert, c->key, c->ca, c->crl };
	struct carex_err	err;

	err_clear(&err);
	if (tls_check_crl(&tf, time(NULL), &err) == 0)
		return 0;
	(void)errlist_add(errs, &err);
	return -1;
}

int
main(int argc, char **argv)
{
	struct server		 s;
	struct errlist		 errs;
	struct carex_err	 err;
	struct timeval		 every;
	struct checkpoint	*ck;
	const char		*file = NULL;
	char			*eq, kv[1200], dflt[1024], shown[1100];
	int			 ch, check_only = 0, n = 0, verbose = 0;
	size_t			 i;
	char			*overrides[64];
	int			 noverrides = 0;

	/* Everything carexd creates (store, WAL, SHM, logs it opens) holds
	 * or names patient data: never readable by other local users. */
	(void)umask(077);
	memset(&s, 0, sizeof(s));
	conf_defaults(&s.conf);
	errlist_init(&errs, 200);
	while ((ch = getopt_long(argc, argv, "f:no:v", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'f': file = optarg; break;
		case 'n': check_only = 1; break;
		case 'o':
			if (noverrides == 64)
				usage();
			overrides[noverrides++] = optarg;
			break;
		case 'v': verbose = 1; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (file == NULL) {
		(void)snprintf(dflt, sizeof(dflt), "%s/carex/carexd.conf",
		    SYSCONFDIR);
		file = dflt;
	}
	err_clear(&err);
	if (conf_load(&s.conf, file, &errs, &err) == -1) {
		fprintf(stderr, "carexd: %s\n", err.msg);
		return 1;
	}
	for (i = 0; i < (size_t)noverrides; i++) {
		(void)snprintf(kv, sizeof(kv), "%s", overrides[i]);
		if ((eq = strchr(kv, '=')) == NULL) {
			fprintf(stderr, "carexd: -o %s: not key=value\n", kv);
			return 1;
		}
		*eq = '\0';
		(void)conf_set(&s.conf, kv, eq + 1, 0, &errs);
	}
	if (verbose)
		s.conf.verbose = 1;
	n = (int)errs.n + conf_check(&s.conf, &errs);
	if (n == 0 && check_only && check_crl(&s.conf, &errs) == -1)
		n++;
	if (n == 0 && check_only) {	/* audit_key loads */
		err_clear(&err);
		if ((ck = checkpoint_new(&s.conf, &err)) == NULL) {
			(void)errlist_add(&errs, &err);
			n++;
		}
		checkpoint_stop(ck, NULL);
	}
	if (n > 0 || check_only) {
		for (i = 0; i < errs.n; i++)
			if (errs.v[i].line > 0)
				fprintf(stderr, "%s:%ld: %s\n", file,
				    errs.v[i].line, errs.v[i].msg);
			else
				fprintf(stderr, "%s: %s\n", file, errs.v[i].msg);
		if (n == 0)
			printf("configuration OK\n");
		errlist_free(&errs);
		return n > 0 ? 1 : 0;
	}
	errlist_free(&errs);

	log_init("carexd", s.conf.log, s.conf.verbose);
	(void)signal(SIGPIPE, SIG_IGN);
	if (evthread_use_pthreads() != 0)
		fatalx("event=start msg=\"libevent without thread support\"");
	if ((s.base = event_base_new()) == NULL)
		fatalx("event=start msg=\"no event base\"");
	/* As root (if started so): the key and the listening sockets. No
	 * connection is accepted before the loop runs, by then the rest is
	 * in place. */
	if (server_init(&s, &err) == -1)
		fatalx("event=start msg=%s", log_str(err.msg));
	if ((s.gen = server_load_gen(&s, &err)) == NULL)
		fatalx("event=start msg=%s", log_str(err.msg));
	if (server_listen(&s, &err) == -1 || server_crl_watch(&s, &err) == -1)
		fatalx("event=start msg=%s", log_str(err.msg));
	if ((ck = checkpoint_new(&s.conf, &err)) == NULL)	/* the key */
		fatalx("event=start msg=%s", log_str(err.msg));
	drop_privileges(&s);
	if (store_is_file(s.conf.store))
		make_parent(s.conf.store);
	if ((s.store = store_open(s.conf.store, NULL, &err)) == NULL)
		fatalx("event=start store=%s msg=%s", log_str(store_redacted(
		    s.conf.store, shown, sizeof(shown))), log_str(err.msg));
	if ((s.pool = pool_new(s.base, s.conf.workers, s.conf.queue, &err)) ==
	    NULL)
		fatalx("event=start msg=%s", log_str(err.msg));
	if ((s.push = push_start(s.store, &s.conf, &s.metrics, &err)) == NULL)
		fatalx("event=start msg=%s", log_str(err.msg));
	if (checkpoint_start(ck, s.store, &err) == -1)
		fatalx("event=start msg=%s", log_str(err.msg));
	if ((s.probe = probe_start(s.store, &s.metrics, ck,
	    s.conf.audit_checkpoint_interval, &err)) == NULL)
		fatalx("event=start msg=%s", log_str(err.msg));
	s.sighup = evsignal_new(s.base, SIGHUP, on_signal, &s);
	s.sigterm = evsignal_new(s.base, SIGTERM, on_signal, &s);
	s.sigint = evsignal_new(s.base, SIGINT, on_signal, &s);
	s.purge = event_new(s.base, -1, EV_PERSIST, on_purge, &s);
	every.tv_sec = (time_t)s.conf.purge_interval;
	every.tv_usec = 0;
	if (s.sighup == NULL || s.sigterm == NULL || s.sigint == NULL ||
	    s.purge == NULL || event_add(s.sighup, NULL) != 0 ||
	    event_add(s.sigterm, NULL) != 0 || event_add(s.sigint, NULL) != 0 ||
	    event_add(s.purge, &every) != 0)
		fatalx("event=start msg=\"cannot set up signals\"");
	log_info("event=started generation=%ld workers=%d store=%s",
	    s.gen->number, s.conf.workers,
	    store_redacted(s.conf.store, shown, sizeof(shown)));
	on_purge(-1, 0, &s);
	notify("READY=1");	/* listening, and everything behind it up */
	(void)event_base_dispatch(s.base);

	/* Orderly teardown, so leak checkers see nothing held. */
	evhttp_free(s.http);	/* closes connections, frees their SSLs */
	if (s.admin != NULL)
		evhttp_free(s.admin);
	pool_free(s.pool);
	push_stop(s.push);	/* in-flight pushes stay pending for next time */
	probe_stop(s.probe);
	checkpoint_stop(ck, s.store);
	tls_free(s.gen->tls);
	gen_unref(s.gen);
	event_free(s.sighup);
	event_free(s.sigterm);
	event_free(s.sigint);
	event_free(s.purge);
	if (s.stop_timer != NULL)
		event_free(s.stop_timer);
	if (s.accept_resume != NULL)
		event_free(s.accept_resume);
	if (s.crl_timer != NULL)
		event_free(s.crl_timer);
	store_close(s.store);
	free(s.conns);
	event_base_free(s.base);
	pipeline_shutdown();
	log_info("event=exit status=0");
	return 0;
}
