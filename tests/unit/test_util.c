/* SPDX-License-Identifier: MIT */
/* test_util.c - the bounded buffer, error lists, UTF-8 cuts, log
 * escaping, listening addresses and the request counters' labels. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "check.h"
#include "net/metrics.h"
#include "util/hostport.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/log.h"
#include "util/utf8.h"

static void
test_buf(void)
{
	struct buf	b;
	char		path[] = "/tmp/carex-test-XXXXXX";
	int		fd, i, rc;

	buf_init(&b, 10);
	check(buf_adds(&b, "hello") == 0 && b.len == 5, "add within limit");
	check(strcmp((char *)b.data, "hello") == 0, "NUL-terminated");
	check(buf_adds(&b, "world") == 0 && b.len == 10, "add up to limit");
	errno = 0;
	check(buf_adds(&b, "!") == -1 && errno == EMSGSIZE,
	    "growth past the limit is an error");
	check(b.len == 10 && memcmp(b.data, "helloworld", 10) == 0,
	    "a refused add leaves the buffer unchanged");
	buf_reset(&b);
	check(b.len == 0, "reset empties");
	check(buf_printf(&b, "%d-%s", 42, "x") == 0 &&
	    strcmp((char *)b.data, "42-x") == 0, "printf");
	check(buf_printf(&b, "%s", "0123456789") == -1 && b.len == 4,
	    "printf past the limit refused whole");
	buf_free(&b);

	buf_init(&b, 1 << 20);
	for (i = 0, rc = 0; i < 10000 && rc == 0; i++)
		rc = buf_add(&b, "abcdefghij", 10);
	check(rc == 0 && b.len == 100000, "many appends grow");
	fd = mkstemp(path);
	check(fd != -1, "temp file");
	if (fd != -1)
		(void)close(fd);	/* only the name is needed */
	check(buf_write_file(&b, path) == 0, "write file");
	buf_free(&b);
	buf_init(&b, 1 << 20);
	check(buf_read_file(&b, path) == 0 && b.len == 100000 &&
	    memcmp(b.data + 99990, "abcdefghij", 10) == 0, "read it back");
	buf_free(&b);
	buf_init(&b, 1000);
	errno = 0;
	check(buf_read_file(&b, path) == -1 && errno == EMSGSIZE,
	    "reading a file past the limit fails cleanly");
	buf_free(&b);
	(void)unlink(path);
	buf_init(&b, 100);
	check(buf_read_file(&b, "/nonexistent/x") == -1 && errno == ENOENT,
	    "missing file");
	buf_free(&b);
}

static void
test_err(void)
{
	struct carex_err	e;
	struct errlist		l;
	int			i;

	err_set(NULL, CAREX_ESYS, "tolerates NULL %d", 1);
	err_setpos(&e, CAREX_EINVALID, 3, 4, "PC-1", "bad\x01value\n");
	check(e.line == 3 && e.col == 4 && strcmp(e.rule, "PC-1") == 0,
	    "position and rule kept");
	check(strcmp(e.msg, "bad value") == 0,
	    "control characters and trailing newline removed: '%s'", e.msg);
	errlist_init(&l, 3);
	err_setpos(&e, CAREX_EINVALID, 9, 1, "A-1", "a");
	(void)errlist_add(&l, &e);
	err_setpos(&e, CAREX_EINVALID, 2, 7, "B-1", "b");
	(void)errlist_add(&l, &e);
	err_setpos(&e, CAREX_EINVALID, 2, 3, "C-1", "c");
	(void)errlist_add(&l, &e);
	for (i = 0; i < 5; i++)
		(void)errlist_add(&l, &e);
	check(l.n == 3 && l.dropped == 5, "bounded list counts the dropped");
	errlist_sort(&l);
	check(l.v[0].line == 2 && l.v[0].col == 3 && l.v[1].col == 7 &&
	    l.v[2].line == 9, "sorted by line then column");
	errlist_free(&l);
}

/* Cutting on character boundaries: never inside a sequence, whatever
 * the limit, and an error record cut by its buffer ends on a whole
 * character. */
static void
test_utf8(void)
{
	/* "aé€😀": 1, 2, 3 and 4 bytes */
	const char	*s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
	static const size_t want[] = { 0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10, 10 };
	struct carex_err e;
	char		 out[8], big[600];
	size_t		 max, n;

	for (max = 0; max < sizeof(want) / sizeof(want[0]); max++)
		check(utf8_prefix(s, strlen(s), max) == want[max],
		    "prefix of at most %zu bytes is %zu, got %zu", max,
		    want[max], utf8_prefix(s, strlen(s), max));
	check(strcmp(utf8_copy(out, sizeof(out), s), "a\xc3\xa9\xe2\x82\xac")
	    == 0, "copy into 8 bytes keeps a, e-acute and the euro sign");
	check(strcmp(utf8_copy(out, 3, s), "a") == 0,
	    "copy into 3 bytes drops the half e-acute");
	(void)snprintf(big, sizeof(big), "%s", "ab\xe2\x82");
	check(utf8_trim(big) == 2 && strcmp(big, "ab") == 0,
	    "trim drops a sequence cut at the end");
	check(utf8_prefix("\xff\xfe", 2, 2) == 2,
	    "bytes that are not UTF-8 count alone");
	/* An error message one byte longer than the record, ending in
	 * multibyte characters, at every alignment. */
	for (n = 0; n < 4; n++) {
		memset(big, 'x', sizeof(big));
		for (max = n; max + 3 < sizeof(big) - 1; max += 3)
			memcpy(big + max, "\xe2\x82\xac", 3);
		big[sizeof(big) - 1] = '\0';
		err_set(&e, CAREX_EINVALID, "%s", big);
		check(utf8_prefix(e.msg, strlen(e.msg), strlen(e.msg)) ==
		    strlen(e.msg), "error record cut on a boundary (shift %zu)",
		    n);
	}
}

/* A value a client controls cannot end a log line or forge a field. */
static void
test_log_value(void)
{
	static const struct {
		const char	*in, *want;
	} cases[] = {
		{ "gp-43187", "gp-43187" },
		{ "", "\"\"" },
		{ "two words", "\"two words\"" },
		{ "a=b", "\"a=b\"" },
		{ "x\nevent=forged participant=adrs-glasgow",
		    "\"x\\x0aevent=forged participant=adrs-glasgow\"" },
		{ "cr\r", "\"cr\\x0d\"" },
		{ "say \"hi\" \\o/", "\"say \\\"hi\\\" \\\\o/\"" },
		{ "del\x7f", "\"del\\x7f\"" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },
		{ "bad\xff\xc3", "\"bad\\xff\\xc3\"" },
		{ "\xed\xa0\x80", "\"\\xed\\xa0\\x80\"" },	/* a surrogate */
	};
	char		 out[64], small[12], line[4096];
	const char	*v[9];
	size_t		 i;
	int		 fd[2], saved, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check(strcmp(log_value(out, sizeof(out), cases[i].in),
		    cases[i].want) == 0, "log_value case %zu: got [%s] want "
		    "[%s]", i, out, cases[i].want);
	/* Cut to fit: never inside an escape or a character, and quoted
	 * to the end. */
	check(strcmp(log_value(small, sizeof(small), "a\nb\nc\n"),
	    "\"a\\x0ab\"") == 0, "cut between escapes: [%s]", small);
	check(strcmp(log_value(small, sizeof(small), "\xe2\x82\xac\xe2\x82"
	    "\xac\xe2\x82\xac\xe2\x82\xac"), "\xe2\x82\xac\xe2\x82\xac"
	    "\xe2\x82\xac") == 0, "cut between characters: [%s]", small);
	/* log_str: eight live at once */
	for (i = 0; i < 8; i++)
		v[i] = log_str(i % 2 ? "a b" : "c");
	for (i = 0; i < 8; i++)
		check(strcmp(v[i], i % 2 ? "\"a b\"" : "c") == 0,
		    "log_str slot %zu intact", i);
	check(strcmp(log_str(NULL), "-") == 0, "log_str(NULL) is -");
	/* Whatever a call site passes, one line: a raw newline in a
	 * format argument does not start another. */
	if (pipe(fd) == -1)
		return;
	saved = dup(STDERR_FILENO);
	(void)dup2(fd[1], STDERR_FILENO);
	log_init("test", "stderr", 0);
	log_warnx("event=test msg=%s", "one\nevent=forged");
	(void)dup2(saved, STDERR_FILENO);
	(void)close(saved);
	(void)close(fd[1]);
	n = (int)read(fd[0], line, sizeof(line) - 1);
	(void)close(fd[0]);
	line[n > 0 ? n : 0] = '\0';
	check(n > 0 && strchr(line, '\n') == line + n - 1, "one line: [%s]",
	    line);
	check(strstr(line, "msg=one_event=forged") != NULL,
	    "the newline became _: [%s]", line);
}

static void
test_hostport(void)
{
	struct sockaddr_in	 a4;
	struct sockaddr_in6	 a6;
	char			 host[64], why[300];
	unsigned short		 port;
	static const char *const lo[] = { "127.0.0.1", "127.9.8.7" };
	static const char *const not4[] = { "0.0.0.0", "128.0.0.1",
	    "10.127.0.1" };
	static const char *const lo6[] = { "::1", "::ffff:127.0.0.2" };
	static const char *const not6[] = { "::", "::ffff:10.0.0.1", "fe80::1",
	    "::127.0.0.1" };
	size_t			 i;

	check(hostport_split("[::1]:9090", host, sizeof(host), &port) == 0 &&
	    strcmp(host, "::1") == 0 && port == 9090, "[v6]:port");
	check(hostport_split("localhost:1", host, sizeof(host), &port) == 0 &&
	    strcmp(host, "localhost") == 0 && port == 1, "name:port");
	check(hostport_split("localhost:", host, sizeof(host), &port) == -1 &&
	    hostport_split("h:0", host, sizeof(host), &port) == -1 &&
	    hostport_split("h:65536", host, sizeof(host), &port) == -1 &&
	    hostport_split("h:80x", host, sizeof(host), &port) == -1 &&
	    hostport_split("h", host, sizeof(host), &port) == -1,
	    "no port, 0, too large, not a number, no colon: refused");
	memset(&a4, 0, sizeof(a4));
	a4.sin_family = AF_INET;
	for (i = 0; i < sizeof(lo) / sizeof(lo[0]); i++) {
		(void)inet_pton(AF_INET, lo[i], &a4.sin_addr);
		check(hostport_is_loopback((void *)&a4), "%s loopback", lo[i]);
	}
	for (i = 0; i < sizeof(not4) / sizeof(not4[0]); i++) {
		(void)inet_pton(AF_INET, not4[i], &a4.sin_addr);
		check(!hostport_is_loopback((void *)&a4), "%s not", not4[i]);
	}
	memset(&a6, 0, sizeof(a6));
	a6.sin6_family = AF_INET6;
	for (i = 0; i < sizeof(lo6) / sizeof(lo6[0]); i++) {
		(void)inet_pton(AF_INET6, lo6[i], &a6.sin6_addr);
		check(hostport_is_loopback((void *)&a6), "%s loopback",
		    lo6[i]);
	}
	for (i = 0; i < sizeof(not6) / sizeof(not6[0]); i++) {
		(void)inet_pton(AF_INET6, not6[i], &a6.sin6_addr);
		check(!hostport_is_loopback((void *)&a6), "%s not", not6[i]);
	}
	check(hostport_loopback("127.0.0.1:9", why, sizeof(why)) == 0,
	    "127.0.0.1:9 is loopback");
	check(hostport_loopback("0.0.0.0:9", why, sizeof(why)) == -1 &&
	    strstr(why, "0.0.0.0 resolves to 0.0.0.0, which is not a "
	    "loopback address") != NULL, "0.0.0.0 is not: %s", why);
	check(hostport_loopback(":9", why, sizeof(why)) == -1 &&
	    strstr(why, "every address") != NULL, "no host: %s", why);
}

/* Each status carexd answers with is its own label: 500 (a defect) is
 * never counted as 503 (try again later), nor 409 or 413 as 400. */
static void
test_metrics_labels(void)
{
	static const int codes[] = { 200, 409, 413, 500, 503, 502, 418 };
	static const char *const want[] = { "status=\"200\"} 1",
	    "status=\"409\"} 1", "status=\"413\"} 1", "status=\"500\"} 2",
	    "status=\"503\"} 1", "status=\"400\"} 1" };
	struct metrics	 m;
	struct buf	 b;
	size_t		 i;

	memset(&m, 0, sizeof(m));
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		metrics_request(&m, M_FETCH, codes[i], 100);
	buf_init(&b, 1 << 16);
	metrics_render_requests(&m, &b);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		check(strstr((char *)b.data, want[i]) != NULL, "%s in %s", want[i],
		    b.data);
	check(strstr((char *)b.data,
	    "carex_request_seconds_count 7") != NULL,
	    "every request in the histogram");
	buf_free(&b);
}

int
main(void)
{
	test_buf();
	test_err();
	test_utf8();
	test_log_value();
	test_hostport();
	test_metrics_labels();
	return check_done();
}
