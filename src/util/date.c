/* SPDX-License-Identifier: MIT */
/* date.c - calendar dates as day numbers (see date.h). The conversions
 * are Howard Hinnant's days_from_civil and civil_from_days, exact over
 * the whole range of years a document can write. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "util/date.h"

static const char *const weekdays[] = { "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday" };

static long
days_from_civil(long y, long m, long d)
{
	long	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, long *y, long *m, long *d)
{
	long	era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
date_parse(const char *s, long *days)
{
	static const int	mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	long			y, m, d;
	int			i, leap;

	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
		} else if (s[i] < '0' || s[i] > '9')
			return -1;
	}
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && leap))
		return -1;
	*days = days_from_civil(y, m, d);
	return 0;
}

int
date_format(long days, char *out, size_t len)
{
	long	y, m, d;
	int	n;

	if (len > 0)
		out[0] = '\0';
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return -1;
	n = snprintf(out, len, "%04ld-%02ld-%02ld", y, m, d);
	if (n < 0 || (size_t)n >= len) {
		if (len > 0)
			out[0] = '\0';
		return -1;
	}
	return 0;
}

int
date_weekday(long days)
{
	/* 1970-01-01 was a Thursday, weekday 3. */
	return (int)(((days % 7) + 7 + 3) % 7);
}

int
date_weekday_of(const char *name)
{
	int	i;

	for (i = 0; i < 7; i++)
		if (strcmp(name, weekdays[i]) == 0)
			return i;
	return -1;
}

const char *
date_weekday_name(int wd)
{
	return wd >= 0 && wd < 7 ? weekdays[wd] : NULL;
}
