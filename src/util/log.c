/* SPDX-License-Identifier: MIT */
/* log.c - logging (see log.h). Safe to call from any thread: each line is
 * formatted whole and written with one write(2). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"
#include "util/utf8.h"

static const char	*prog = "carex";
static int		 to_syslog;
static int		 debug;

void
log_init(const char *progname, const char *dest, int verbose)
{
	prog = progname;
	debug = verbose;
	to_syslog = dest != NULL && strcmp(dest, "syslog") == 0;
	if (to_syslog)
		openlog(progname, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

static void	one_line(char *, size_t);
static void	vlog(int, const char *, const char *, va_list, int)
		    __attribute__((format(printf, 3, 0)));

static void
vlog(int pri, const char *level, const char *fmt, va_list ap, int err)
{
	char		line[2048];
	struct timespec	ts;
	struct tm	tm;
	int		n, m;

	if (to_syslog) {
		n = vsnprintf(line, sizeof(line), fmt, ap);
		if (err && n >= 0 && (size_t)n < sizeof(line))
			(void)snprintf(line + n, sizeof(line) - (size_t)n,
			    " error=\"%s\"", strerror(err));
		one_line(line, strlen(line));
		syslog(pri, "level=%s %s", level, line);
		return;
	}
	(void)clock_gettime(CLOCK_REALTIME, &ts);
	(void)gmtime_r(&ts.tv_sec, &tm);
	n = snprintf(line, sizeof(line), "ts=%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ "
	    "prog=%s level=%s ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, prog,
	    level);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	m = vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if (m < 0)
		return;
	n = (size_t)(n + m) >= sizeof(line) - 1 ? (int)sizeof(line) - 2 :
	    n + m;
	if (err) {
		m = snprintf(line + n, sizeof(line) - (size_t)n,
		    " error=\"%s\"", strerror(err));
		if (m > 0)
			n = (size_t)(n + m) >= sizeof(line) - 1 ?
			    (int)sizeof(line) - 2 : n + m;
	}
	(void)utf8_trim(line);		/* a cut line ends on a character */
	n = (int)strlen(line);
	one_line(line, (size_t)n);
	line[n++] = '\n';
	/* one write per line keeps lines whole between threads */
	(void)!write(STDERR_FILENO, line, (size_t)n);
}

#define LOGFN(name, pri, level, witherr)				\
void									\
name(const char *fmt, ...)						\
{									\
	int	saved = errno;						\
	va_list	ap;							\
									\
	if (pri == LOG_DEBUG && !debug)					\
		return;							\
	va_start(ap, fmt);						\
	vlog(pri, level, fmt, ap, witherr ? saved : 0);			\
	va_end(ap);							\
	errno = saved;							\
}

LOGFN(log_warn, LOG_WARNING, "warn", 1)
LOGFN(log_warnx, LOG_WARNING, "warn", 0)
LOGFN(log_info, LOG_INFO, "info", 0)
LOGFN(log_debug, LOG_DEBUG, "debug", 0)

void
fatal(const char *fmt, ...)
{
	int	saved = errno;
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, "fatal", fmt, ap, saved);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, "fatal", fmt, ap, 0);
	va_end(ap);
	exit(1);
}

const char *
log_value(char *out, size_t len, const char *s)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*p;
	char			 esc[4];
	const char		*from;
	size_t			 o = 0, n, k, reserve;
	int			 quote = *s == '\0';

	if (len < 3) {
		if (len > 0)
			out[0] = '\0';
		return out;
	}
	for (p = (const unsigned char *)s; *p != '\0' && !quote; p += n) {
		n = *p >= 0x80 ? utf8_char((const char *)p) : 1;
		quote = *p <= ' ' || *p == '=' || *p == '"' || *p == '\\' ||
		    *p == 0x7f || n == 0;	/* it will be escaped */
		if (n == 0)
			n = 1;
	}
	if (quote)
		out[o++] = '"';
	reserve = quote ? 2 : 1;	/* the closing quote, the NUL */
	for (p = (const unsigned char *)s; *p != '\0'; p += n) {
		from = (const char *)p;
		n = k = 1;
		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*p;
			from = esc;
			k = 2;
		} else if (*p < 0x20 || *p == 0x7f ||
		    (*p >= 0x80 && utf8_char(from) == 0)) {
			esc[0] = '\\';
			esc[1] = 'x';
			esc[2] = hex[*p >> 4];
			esc[3] = hex[*p & 15];
			from = esc;
			k = 4;
		} else if (*p >= 0x80)
			n = k = utf8_char(from);
		if (o + k + reserve > len)
			break;		/* cut between characters */
		memcpy(out + o, from, k);
		o += k;
	}
	if (quote)
		out[o++] = '"';
	out[o] = '\0';
	return out;
}

#define LOG_STR_SLOTS	8
#define LOG_STR_BYTES	512

const char *
log_str(const char *s)
{
	static _Thread_local char	ring[LOG_STR_SLOTS][LOG_STR_BYTES];
	static _Thread_local unsigned	next;

	return log_value(ring[next++ % LOG_STR_SLOTS], LOG_STR_BYTES,
	    s != NULL ? s : "-");
}

/* Whatever a call site passed, a line stays one line: a control
 * character left in it becomes '_'. */
static void
one_line(char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = '_';
}

long
log_every(struct log_every *e)
{
	struct timespec	ts;
	long long	now;
	long		n;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	e->n++;
	if (e->at_ms != 0 && now - e->at_ms < 1000)
		return 0;
	n = e->n;
	e->at_ms = now;
	e->n = 0;
	return n;
}
