/* SPDX-License-Identifier: MIT */
/* log.h - one line per event, key=value, to stderr (journald) or syslog.
 * After OpenBSD's log.c: log_warn adds errno, fatal exits. */
#ifndef CAREX_LOG_H
#define CAREX_LOG_H

#include <stdarg.h>

/* dest: "stderr" (default) or "syslog"; verbose turns on log_debug. */
void	log_init(const char *progname, const char *dest, int verbose);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...) __attribute__((format(printf, 1, 2),
	    noreturn));
void	fatalx(const char *, ...) __attribute__((format(printf, 1, 2),
	    noreturn));

/* Copy s into out for a key=value log field (logfmt): quoted when it
 * is empty or holds spaces, '=', quotes, backslashes or control
 * characters; inside, '"' and '\\' are escaped with a backslash, and
 * control characters and bytes that are not UTF-8 written \xNN. Cut to
 * fit between characters, never inside one or inside an escape. Nothing
 * a client sends can end the line or forge a field. */
const char *log_value(char *out, size_t len, const char *s);

/* log_value into one of eight per-thread buffers of 512 bytes, for use
 * in a log call's arguments (at most eight in one line); NULL is "-". */
const char *log_str(const char *s);

/* An event that may repeat thousands of times a second under attack
 * (connections shed, accept failing) logs one line a second at most:
 * log_every counts it and answers how many happened since the last line
 * when one is due, else 0. Zero-initialise; one thread only. */
struct log_every {
	long long	at_ms;
	long		n;
};
long	log_every(struct log_every *);

#endif
