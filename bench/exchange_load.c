/* SPDX-License-Identifier: MIT */
/* exchange_load.c - the load generator of bench/exchange: runs one phase
 * of requests against an HTTPS server with libcurl's multi interface (a
 * fixed number of requests or a duration, then it stops by itself),
 * checks every status, and prints one key=value summary line: throughput,
 * per-request latency percentiles, errors, handshakes seen, and the
 * server's CPU time per completed request from /proc/PID/stat. With -F it
 * measures the disk's fsync rate instead. A benchmark driver, not a test:
 * nothing here asserts a speed; the exit status says only whether every
 * request was answered with the expected status. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/ssl.h>

#include "bench_util.h"

#define MAX_CONC	256
#define MAX_PIDS	8
#define MAX_BODY	(16u * 1024 * 1024)	/* -P template */
#define MAX_CAPTURE	(4u * 1024 * 1024)	/* -o */
#define ERR_CAPTURE	512			/* shown with a bad status */
#define MAX_SHOWN_ERRORS 5
#define REQUEST_TIMEOUT	30L			/* seconds, per request */
#define FSYNC_BLOCK	4096

enum mode {
	MODE_KEEPALIVE,	/* connections reused (libcurl's pool) */
	MODE_NEW,	/* a new TCP connection and full handshake each time */
	MODE_RESUME	/* a new TCP connection, the TLS session resumed */
};

struct opts {
	const char	*url;
	const char	*cert, *key, *cacert;
	const char	*label;
	const char	*post;		/* body template file, or NULL: GET */
	const char	*idprefix;	/* -M: unique <message-id> per request */
	const char	*capture;	/* -o: first counted 2xx body */
	const char	*fsync_dir;	/* -F */
	struct curl_slist *headers;
	long		 n, warm, conc, expect;
	double		 rate, secs;
	enum mode	 mode;
	int		 verbose;	/* -v: libcurl's trace to stderr */
	pid_t		 pids[MAX_PIDS];
	int		 npids;
};

/* The POST body template, cut around the text of <message-id>. */
struct tmpl {
	char		*data;
	size_t		 len;
	size_t		 id_at, id_end;	/* the old id is data[id_at..id_end) */
};

/* One transfer slot: an easy handle used for one request after another.
 * body and cap belong to the slot and live until its transfer is done,
 * as CURLOPT_POSTFIELDS requires. */
struct slot {
	CURL		*h;
	int		 busy;
	double		 t0;		/* start, or scheduled start with -r */
	char		*body;
	size_t		 bodylen;
	size_t		 rx;		/* response bytes */
	char		*cap;		/* the start of the response body */
	size_t		 caplen, capmax;
};

/* Handshakes the client completed (its SSL info callback): all of them,
 * and those that resumed a session. Counted once per SSL object, since
 * OpenSSL also signals "handshake done" after post-handshake messages
 * such as TLS 1.3 session tickets. */
static long	hs_done, hs_resumed, hs_tls13;
static int	ex_seen = -1;

static void
usage(void)
{
	fprintf(stderr,
"usage: exchange_load [-n N | -t SECS] [-w WARM] [-c CONC] [-r RATE]\n"
"           [-m keepalive|new|resume] [-E CERT -K KEY -C CAFILE]\n"
"           [-H HEADER]... [-P BODY [-M IDPREFIX]] [-s STATUS]\n"
"           [-p PID[,PID...]] [-l LABEL] [-o FILE] [-v] URL\n"
"       exchange_load -F DIR [-t SECS] [-l LABEL]\n"
"  Sends WARM uncounted requests, then N counted ones (or as many as\n"
"  start within SECS), CONC at a time (at most RATE per second with -r;\n"
"  latency then counts from each request's scheduled start), over TLS\n"
"  1.3 and HTTP/1.1. -m new: a fresh connection and full handshake per\n"
"  request, no session cache; -m resume: a fresh connection per request\n"
"  resuming the TLS session. -P posts BODY (a file); with -M the text of\n"
"  its <message-id> becomes IDPREFIX-SEQ, unique per request. Every\n"
"  answer must have STATUS (default 200). -p: server processes whose CPU\n"
"  time (utime+stime of all threads, /proc/PID/stat) is taken over the\n"
"  counted requests. -o: write the first counted answer's body to FILE.\n"
"  -v: libcurl's trace on stderr.\n"
"  Prints one line of key=value. -F: a %d-byte write + fsync loop in DIR\n"
"  for SECS (default 2), printing fsyncs per second.\n", FSYNC_BLOCK);
}

static int
real(const char *s, double lo, double hi, double *out)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

static double
now_s(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
self_cpu_s(void)
{
	struct rusage	ru;

	if (getrusage(RUSAGE_SELF, &ru) == -1)
		return 0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* utime + stime of process pid, all its threads, in seconds; -1 if it
 * cannot be read. The command name (field 2) may hold spaces and
 * parentheses, so fields are counted from the last ')'. */
static double
proc_cpu_s(pid_t pid)
{
	char		 path[64], line[1024], *p, *end;
	FILE		*f;
	long long	 v[2];
	int		 field, i;

	(void)snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	p = fgets(line, sizeof(line), f);
	(void)fclose(f);
	if (p == NULL || (p = strrchr(line, ')')) == NULL)
		return -1;
	/* after ')': field 3 (state) onwards; utime is 14, stime 15 */
	for (field = 2, i = 0; i < 2 && *p != '\0';) {
		while (*p == ' ' || *p == ')')
			p++;
		field++;
		if (field == 14 || field == 15) {
			errno = 0;
			v[i] = strtoll(p, &end, 10);
			if (errno != 0 || end == p)
				return -1;
			i++;
			p = end;
		} else
			p += strcspn(p, " ");
	}
	if (i != 2)
		return -1;
	return (double)(v[0] + v[1]) / (double)sysconf(_SC_CLK_TCK);
}

static double
servers_cpu_s(const struct opts *o)
{
	double	sum = 0, c;
	int	i;

	for (i = 0; i < o->npids; i++) {
		if ((c = proc_cpu_s(o->pids[i])) < 0)
			return -1;
		sum += c;
	}
	return sum;
}

static int
parse_pids(const char *s, struct opts *o)
{
	char	buf[256], *p, *comma;
	long	v;

	if (snprintf(buf, sizeof(buf), "%s", s) >= (int)sizeof(buf))
		return -1;
	for (p = buf; p != NULL; p = comma) {
		if ((comma = strchr(p, ',')) != NULL)
			*comma++ = '\0';
		if (o->npids == MAX_PIDS || bench_number(p, 1, INT32_MAX, &v) == -1)
			return -1;
		o->pids[o->npids++] = (pid_t)v;
	}
	return 0;
}

static void
info_cb(const SSL *cssl, int where, int ret)
{
	SSL	*ssl = (SSL *)(uintptr_t)cssl;	/* for its ex_data only */

	(void)ret;
	if (!(where & SSL_CB_HANDSHAKE_DONE) ||
	    SSL_get_ex_data(ssl, ex_seen) != NULL)
		return;
	(void)SSL_set_ex_data(ssl, ex_seen, &hs_done);	/* any non-NULL */
	hs_done++;
	if (SSL_session_reused(ssl))
		hs_resumed++;
	if (SSL_version(ssl) == TLS1_3_VERSION)
		hs_tls13++;
}

/* libcurl (7.88, OpenSSL) makes a new SSL_CTX for every connection. */
static CURLcode
ctx_cb(CURL *h, void *sslctx, void *arg)
{
	(void)h;
	(void)arg;
	SSL_CTX_set_info_callback(sslctx, info_cb);
	return CURLE_OK;
}

static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	struct slot	*s = arg;
	size_t		 len = size * n, room;

	s->rx += len;
	if (s->cap != NULL) {
		room = s->capmax - s->caplen;
		if (len < room)
			room = len;
		memcpy(s->cap + s->caplen, p, room);
		s->caplen += room;
	}
	return len;
}

static int
read_file(const char *path, char **out, size_t *len)
{
	FILE	*f;
	char	*b;
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	if ((b = malloc(MAX_BODY + 1)) == NULL) {
		(void)fclose(f);
		return -1;
	}
	n = fread(b, 1, MAX_BODY + 1, f);
	(void)fclose(f);
	if (n > MAX_BODY) {
		free(b);
		return -1;
	}
	*out = b;
	*len = n;
	return 0;
}

/* The template's message id: the text between <message-id> and
 * </message-id> (the common header of every carex document). */
static int
tmpl_load(const char *path, int with_id, struct tmpl *t)
{
	char		*a, *b;
	static const char open[] = "<message-id>", close_[] = "</message-id>";

	if (read_file(path, &t->data, &t->len) == -1)
		return -1;
	t->data[t->len] = '\0';
	t->id_at = t->id_end = t->len;
	if (!with_id)
		return 0;
	if (strlen(t->data) != t->len ||
	    (a = strstr(t->data, open)) == NULL ||
	    (b = strstr(a, close_)) == NULL)
		return -1;
	t->id_at = (size_t)(a - t->data) + sizeof(open) - 1;
	t->id_end = (size_t)(b - t->data);
	return 0;
}

/* The body of request number seq into s->body. */
static int
tmpl_fill(const struct tmpl *t, const char *idprefix, long seq,
    struct slot *s)
{
	char	id[80];
	int	n = 0;

	if (idprefix != NULL) {
		n = snprintf(id, sizeof(id), "%s-%ld", idprefix, seq);
		if (n < 0 || (size_t)n >= sizeof(id))
			return -1;
	}
	memcpy(s->body, t->data, t->id_at);
	memcpy(s->body + t->id_at, id, (size_t)n);
	memcpy(s->body + t->id_at + n, t->data + t->id_end,
	    t->len - t->id_end);
	s->bodylen = t->id_at + (size_t)n + (t->len - t->id_end);
	return 0;
}

/* The q-quantile of sorted v[0..n) by nearest rank. */
static double
quantile(const double *v, size_t n, double q)
{
	size_t	k;

	if (n == 0)
		return 0;
	k = (size_t)(q * (double)n + 0.999999);
	if (k < 1)
		k = 1;
	return v[k > n ? n - 1 : k - 1];
}

/* Whether another request may start (the rate aside): with -n until
 * WARM + N have started; with -t the warm-up ones, then, once counting
 * began, until the duration is over. */
static int
more(const struct opts *o, long started, int window, double now,
    double stop_at)
{
	if (o->n > 0)
		return started < o->warm + o->n;
	if (!window)
		return started < o->warm;
	return now < stop_at;
}

static int
slot_setup(struct slot *s, const struct opts *o, CURLSH *share,
    size_t bodymax)
{
	CURL	*h;

	if ((h = s->h = curl_easy_init()) == NULL)
		return -1;
	if (bodymax > 0 && (s->body = malloc(bodymax)) == NULL)
		return -1;
	s->capmax = o->capture != NULL ? MAX_CAPTURE : ERR_CAPTURE;
	if ((s->cap = malloc(s->capmax)) == NULL)
		return -1;
	(void)curl_easy_setopt(h, CURLOPT_URL, o->url);
	(void)curl_easy_setopt(h, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
	(void)curl_easy_setopt(h, CURLOPT_SSLVERSION,
	    (long)(CURL_SSLVERSION_TLSv1_3 | CURL_SSLVERSION_MAX_TLSv1_3));
	(void)curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	(void)curl_easy_setopt(h, CURLOPT_VERBOSE, (long)o->verbose);
	(void)curl_easy_setopt(h, CURLOPT_TIMEOUT, REQUEST_TIMEOUT);
	if (o->cert != NULL)
		(void)curl_easy_setopt(h, CURLOPT_SSLCERT, o->cert);
	if (o->key != NULL)
		(void)curl_easy_setopt(h, CURLOPT_SSLKEY, o->key);
	if (o->cacert != NULL)
		(void)curl_easy_setopt(h, CURLOPT_CAINFO, o->cacert);
	/* The CA store is parsed once, not per connection: the client core
	 * has enough to do making a new SSL_CTX per connection. */
	(void)curl_easy_setopt(h, CURLOPT_CA_CACHE_TIMEOUT, 86400L);
	(void)curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, ctx_cb);
	(void)curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	(void)curl_easy_setopt(h, CURLOPT_WRITEDATA, s);
	(void)curl_easy_setopt(h, CURLOPT_PRIVATE, s);
	if (o->headers != NULL)
		(void)curl_easy_setopt(h, CURLOPT_HTTPHEADER, o->headers);
	switch (o->mode) {
	case MODE_NEW:
		(void)curl_easy_setopt(h, CURLOPT_SSL_SESSIONID_CACHE, 0L);
		(void)curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
		(void)curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
		break;
	case MODE_RESUME:
		(void)curl_easy_setopt(h, CURLOPT_SSL_SESSIONID_CACHE, 1L);
		(void)curl_easy_setopt(h, CURLOPT_SHARE, share);
		(void)curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
		(void)curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
		break;
	case MODE_KEEPALIVE:
		break;
	}
	return 0;
}

/* Run the phase; print its summary line. Returns 0 when every counted
 * request got the expected status, 1 otherwise, 2 when it could not run. */
static int
run(const struct opts *o)
{
	struct slot	*slots = NULL, *s;
	struct tmpl	 t;
	CURLM		*m = NULL;
	CURLSH		*share = NULL;
	CURLMsg		*msg;
	double		*lat = NULL, *grown;
	size_t		 nlat = 0, latcap = 0;
	long		 started = 0, completed = 0, ok = 0, errs = 0, bad = 0;
	long		 busy = 0, i, code, shown = 0;
	long		 hs0 = 0, res0 = 0, tls0 = 0;
	size_t		 rxsum = 0;
	double		 tstart, tw0 = 0, tw1, cpu0 = 0, cpu1, self0 = 0;
	double		 next_due, now, stop_at = 0, srv_cpu, wall;
	int		 running, queued, rc = 2, window = 0, captured = 0;
	int		 limit, freed = 0;
	FILE		*f;

	memset(&t, 0, sizeof(t));
	if (o->post != NULL &&
	    tmpl_load(o->post, o->idprefix != NULL, &t) == -1) {
		fprintf(stderr, "exchange_load: %s: cannot read it, or it has "
		    "no <message-id>\n", o->post);
		return 2;
	}
	if ((slots = calloc((size_t)o->conc, sizeof(*slots))) == NULL ||
	    (m = curl_multi_init()) == NULL ||
	    (share = curl_share_init()) == NULL)
		goto out;
	(void)curl_share_setopt(share, CURLSHOPT_SHARE,
	    CURL_LOCK_DATA_SSL_SESSION);
	(void)curl_multi_setopt(m, CURLMOPT_PIPELINING, (long)CURLPIPE_NOTHING);
	(void)curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, o->conc);
	(void)curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, o->conc);
	for (i = 0; i < o->conc; i++)
		if (slot_setup(&slots[i], o, share, o->post ? t.len + 80 : 0)
		    == -1)
			goto out;

	tstart = now_s();
	next_due = tstart;
	if (o->warm == 0) {
		window = 1;
		tw0 = tstart;
		cpu0 = servers_cpu_s(o);
		self0 = self_cpu_s();
		stop_at = tstart + o->secs;
	}
	for (;;) {
		/* start what may start */
		now = now_s();
		for (i = 0; i < o->conc && busy < o->conc; i++) {
			if (!more(o, started, window, now, stop_at))
				break;
			if (o->rate > 0 && now < next_due)
				break;
			s = &slots[i];
			if (s->busy)
				continue;
			if (o->post != NULL) {
				if (tmpl_fill(&t, o->idprefix, started, s)
				    == -1)
					goto out;
				(void)curl_easy_setopt(s->h,
				    CURLOPT_POSTFIELDSIZE, (long)s->bodylen);
				(void)curl_easy_setopt(s->h,
				    CURLOPT_POSTFIELDS, s->body);
			}
			s->rx = 0;
			s->caplen = 0;
			s->t0 = o->rate > 0 ? next_due : now;
			if (curl_multi_add_handle(m, s->h) != CURLM_OK)
				goto out;
			s->busy = 1;
			busy++;
			started++;
			if (o->rate > 0)
				next_due += 1.0 / o->rate;
		}
		if (busy == 0 && !more(o, started, window, now_s(), stop_at))
			break;
		if (curl_multi_perform(m, &running) != CURLM_OK)
			goto out;
		while ((msg = curl_multi_info_read(m, &queued)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			(void)curl_easy_getinfo(msg->easy_handle,
			    CURLINFO_PRIVATE, (char **)&s);
			now = now_s();
			code = 0;
			(void)curl_easy_getinfo(s->h, CURLINFO_RESPONSE_CODE,
			    &code);
			if (window) {
				if (msg->data.result != CURLE_OK) {
					errs++;
					if (shown++ < MAX_SHOWN_ERRORS)
						fprintf(stderr, "exchange_load:"
						    " %s: %s\n", o->label,
						    curl_easy_strerror(
						    msg->data.result));
				} else if (code != o->expect) {
					bad++;
					if (shown++ < MAX_SHOWN_ERRORS)
						fprintf(stderr, "exchange_load:"
						    " %s: status %ld: %.*s\n",
						    o->label, code,
						    (int)s->caplen, s->cap);
				} else
					ok++;
				if (nlat == latcap) {
					latcap = latcap ? latcap * 2 : 4096;
					if ((grown = realloc(lat, latcap *
					    sizeof(*lat))) == NULL)
						goto out;
					lat = grown;
				}
				lat[nlat++] = now - s->t0;
				rxsum += s->rx;
				if (o->capture != NULL && !captured &&
				    code == o->expect) {
					if ((f = fopen(o->capture, "wb")) ==
					    NULL || fwrite(s->cap, 1,
					    s->caplen, f) != s->caplen ||
					    fclose(f) != 0) {
						fprintf(stderr, "exchange_load:"
						    " %s: cannot write\n",
						    o->capture);
						goto out;
					}
					captured = 1;
				}
			} else if (msg->data.result != CURLE_OK ||
			    code != o->expect) {
				fprintf(stderr, "exchange_load: %s: warm-up "
				    "request failed (%s, status %ld)\n",
				    o->label, curl_easy_strerror(
				    msg->data.result), code);
				rc = 1;
				goto out;
			}
			(void)curl_multi_remove_handle(m, s->h);
			s->busy = 0;
			busy--;
			completed++;
			freed = 1;
			if (!window && completed == o->warm) {
				window = 1;
				tw0 = now;
				cpu0 = servers_cpu_s(o);
				self0 = self_cpu_s();
				hs0 = hs_done;
				res0 = hs_resumed;
				tls0 = hs_tls13;
				stop_at = now + o->secs;
				if (o->rate > 0)
					next_due = now;
			}
		}
		/* A slot just freed starts its next request at once: polling
		 * first would wait for socket activity that may never come. */
		if (freed) {
			freed = 0;
			continue;
		}
		limit = 100;
		if (o->rate > 0 && busy < o->conc) {
			double	wait_ms = (next_due - now_s()) * 1e3;

			limit = wait_ms < 0 ? 0 : wait_ms < 100 ? (int)wait_ms
			    : 100;
		}
		if (curl_multi_poll(m, NULL, 0, limit, NULL) != CURLM_OK)
			goto out;
	}
	tw1 = now_s();
	cpu1 = servers_cpu_s(o);
	wall = tw1 - tw0;
	srv_cpu = o->npids > 0 && cpu0 >= 0 && cpu1 >= 0 ? cpu1 - cpu0 : -1;
	qsort(lat, nlat, sizeof(*lat), bench_cmp_double);
	printf("phase=%s mode=%s conc=%ld rate=%g n=%zu ok=%ld err=%ld "
	    "bad_status=%ld wall_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f "
	    "p99_ms=%.3f max_ms=%.3f bytes_per_req=%.0f srv_cpu_s=%.3f "
	    "srv_us_per_op=%.1f cli_us_per_op=%.1f handshakes=%ld "
	    "resumed=%ld tls13=%ld\n",
	    o->label, o->mode == MODE_NEW ? "new" : o->mode == MODE_RESUME ?
	    "resume" : "keepalive", o->conc, o->rate, nlat, ok, errs, bad,
	    wall, wall > 0 ? (double)nlat / wall : 0, quantile(lat, nlat, 0.5)
	    * 1e3, quantile(lat, nlat, 0.9) * 1e3, quantile(lat, nlat, 0.99) *
	    1e3, nlat ? lat[nlat - 1] * 1e3 : 0, nlat ? (double)rxsum /
	    (double)nlat : 0, srv_cpu, srv_cpu >= 0 && nlat ? srv_cpu * 1e6 /
	    (double)nlat : -1, nlat ? (self_cpu_s() - self0) * 1e6 /
	    (double)nlat : 0, hs_done - hs0, hs_resumed - res0,
	    hs_tls13 - tls0);
	(void)fflush(stdout);
	rc = errs == 0 && bad == 0 && nlat > 0 ? 0 : 1;
out:
	if (rc == 2)
		fprintf(stderr, "exchange_load: %s: could not run the phase\n",
		    o->label);
	for (i = 0; slots != NULL && i < o->conc; i++) {
		if (slots[i].busy)
			(void)curl_multi_remove_handle(m, slots[i].h);
		curl_easy_cleanup(slots[i].h);
		free(slots[i].body);
		free(slots[i].cap);
	}
	free(slots);
	free(lat);
	free(t.data);
	if (m != NULL)
		(void)curl_multi_cleanup(m);
	if (share != NULL)
		(void)curl_share_cleanup(share);
	return rc;
}

/* The disk's synchronous write rate where the store lives: FSYNC_BLOCK
 * bytes appended and fsync()ed, again and again, for secs seconds. This
 * is what a commit costs SQLite in WAL mode with synchronous=FULL at
 * least once, so one commit per request caps the request rate here. */
static int
fsync_rate(const struct opts *o)
{
	char	 path[4096], block[FSYNC_BLOCK];
	int	 fd, n;
	long	 count = 0;
	double	 t0, t1;

	n = snprintf(path, sizeof(path), "%s/fsync-test.XXXXXX", o->fsync_dir);
	if (n < 0 || (size_t)n >= sizeof(path) || (fd = mkstemp(path)) == -1) {
		fprintf(stderr, "exchange_load: cannot make a file in %s\n",
		    o->fsync_dir);
		return 2;
	}
	memset(block, 'x', sizeof(block));
	t0 = t1 = now_s();
	while (t1 - t0 < o->secs) {
		if (write(fd, block, sizeof(block)) != (ssize_t)sizeof(block) ||
		    fsync(fd) == -1) {
			fprintf(stderr, "exchange_load: %s: %s\n", path,
			    strerror(errno));
			(void)close(fd);
			(void)unlink(path);
			return 2;
		}
		count++;
		t1 = now_s();
	}
	(void)close(fd);
	(void)unlink(path);
	printf("phase=%s fsyncs=%ld wall_s=%.3f fsyncs_per_s=%.0f "
	    "ms_per_fsync=%.3f block=%d\n", o->label, count, t1 - t0,
	    (double)count / (t1 - t0), (t1 - t0) * 1e3 / (double)count,
	    FSYNC_BLOCK);
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts		 o;
	struct curl_slist	*h;
	int			 ch, rc;

	memset(&o, 0, sizeof(o));
	o.n = 1000;
	o.conc = 1;
	o.expect = 200;
	o.label = "phase";
	o.mode = MODE_KEEPALIVE;
	while ((ch = getopt(argc, argv, "n:t:w:c:r:m:E:K:C:H:P:M:s:p:l:o:F:v"))
	    != -1) {
		switch (ch) {
		case 'n':
			if (bench_number(optarg, 1, 100000000, &o.n) == -1)
				goto bad;
			break;
		case 't':
			if (real(optarg, 0.01, 86400, &o.secs) == -1)
				goto bad;
			o.n = 0;
			break;
		case 'w':
			if (bench_number(optarg, 0, 100000000, &o.warm) == -1)
				goto bad;
			break;
		case 'c':
			if (bench_number(optarg, 1, MAX_CONC, &o.conc) == -1)
				goto bad;
			break;
		case 'r':
			if (real(optarg, 0.1, 1e6, &o.rate) == -1)
				goto bad;
			break;
		case 'm':
			if (strcmp(optarg, "keepalive") == 0)
				o.mode = MODE_KEEPALIVE;
			else if (strcmp(optarg, "new") == 0)
				o.mode = MODE_NEW;
			else if (strcmp(optarg, "resume") == 0)
				o.mode = MODE_RESUME;
			else
				goto bad;
			break;
		case 'E': o.cert = optarg; break;
		case 'K': o.key = optarg; break;
		case 'C': o.cacert = optarg; break;
		case 'H':
			if ((h = curl_slist_append(o.headers, optarg)) == NULL)
				goto bad;
			o.headers = h;
			break;
		case 'P': o.post = optarg; break;
		case 'M': o.idprefix = optarg; break;
		case 's':
			if (bench_number(optarg, 100, 599, &o.expect) == -1)
				goto bad;
			break;
		case 'p':
			if (parse_pids(optarg, &o) == -1)
				goto bad;
			break;
		case 'l': o.label = optarg; break;
		case 'o': o.capture = optarg; break;
		case 'F': o.fsync_dir = optarg; break;
		case 'v': o.verbose = 1; break;
		default:
			goto bad;
		}
	}
	if (o.fsync_dir != NULL) {
		if (o.secs == 0)
			o.secs = 2;
		return fsync_rate(&o);
	}
	if (optind != argc - 1 || (o.n == 0 && o.secs == 0))
		goto bad;
	o.url = argv[optind];
	if (o.post != NULL) {
		/* libcurl would otherwise ask "Expect: 100-continue" first
		 * for larger bodies: a round trip no real client waits for */
		if ((h = curl_slist_append(o.headers, "Expect:")) == NULL)
			goto bad;
		o.headers = h;
	}
	(void)signal(SIGPIPE, SIG_IGN);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 2;
	ex_seen = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
	rc = run(&o);
	curl_slist_free_all(o.headers);
	curl_global_cleanup();
	return rc;
bad:
	usage();
	return 2;
}
