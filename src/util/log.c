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
	size_t	o = 0;
	int	quote = 0;
	const char *p;

	if (len < 3) {
		if (len > 0)
			out[0] = '\0';
		return out;
	}
	for (p = s; *p != '\0'; p++)
		if (*p == ' ' || *p == '=' || *p == '"')
			quote = 1;
	if (quote || *s == '\0')
		out[o++] = '"';
	for (p = s; *p != '\0' && o + 2 < len; p++)
		out[o++] = (unsigned char)*p < 0x20 || *p == '"' || *p == 0x7f ?
		    '_' : *p;
	if (quote || *s == '\0')
		out[o++] = '"';
	out[o] = '\0';
	return out;
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
