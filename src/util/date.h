/* SPDX-License-Identifier: MIT */
/* date.h - calendar dates as day numbers: days since 1970-01-01 in the
 * proleptic Gregorian calendar, so that "the day after" and "how many days
 * apart" are integer arithmetic. No times, no zones: the documents' dates
 * are plain calendar dates. */
#ifndef CAREX_DATE_H
#define CAREX_DATE_H

#include <stddef.h>

/* The real date "YYYY-MM-DD" at the start of s (a date or a dateTime,
 * after leading blanks) as a day number in *days. -1 when s does not
 * start with one (31 April, 29 February of a common year). */
int	date_parse(const char *s, long *days);

/* The day number days as "YYYY-MM-DD" in out (len at least 11). -1,
 * out empty, for a year outside 0000..9999 or too short a buffer. */
int	date_format(long days, char *out, size_t len);

/* The weekday of a day number: 0 Monday .. 6 Sunday. */
int	date_weekday(long days);

/* "monday".."sunday" and back; -1 (NULL) for anything else. */
int		 date_weekday_of(const char *name);
const char	*date_weekday_name(int wd);

#endif
