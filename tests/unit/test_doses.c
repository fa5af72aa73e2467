/* SPDX-License-Identifier: MIT */
/* test_doses.c - consecutive scheduled doses not taken, counted from the
 * instalment pattern: each pick-up counts its own day and the take-home
 * days up to the next pick-up, across the end of a week, a month and a
 * year, and a pick-up that was supplied breaks the run. Also the day
 * numbers they are counted in (util/date.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "domain/doses.h"
#include "util/date.h"

#define MON	DOSES_DAY(0)
#define TUE	DOSES_DAY(1)
#define WED	DOSES_DAY(2)
#define THU	DOSES_DAY(3)
#define FRI	DOSES_DAY(4)
#define SAT	DOSES_DAY(5)
#define SUN	DOSES_DAY(6)

static long
day(const char *s)
{
	long	d;

	if (date_parse(s, &d) == -1) {
		fprintf(stderr, "test_doses: bad date %s\n", s);
		exit(2);
	}
	return d;
}

/* The run at day at with the NULL-terminated not-taken days; its first
 * day as YYYY-MM-DD in first; the count, or -1 on failure. */
static long
run(const char *at, unsigned pickups, char *first, const char *const *nt)
{
	struct doses_run	r;
	long			v[16];
	size_t			n;

	for (n = 0; nt[n] != NULL && n < 16; n++)
		v[n] = day(nt[n]);
	if (doses_run(day(at), v, n, pickups, &r) == -1)
		return -1;
	if (date_format(r.first, first, 11) == -1)
		return -1;
	return r.count;
}

#define RUN(at, mask, ...)	run(at, mask, first, \
	(const char *const []){ __VA_ARGS__, NULL })

static void
test_dates(void)
{
	char	s[11];
	long	d;

	check(date_parse("1970-01-01", &d) == 0 && d == 0, "the epoch is 0");
	check(date_parse("2025-03-10T09:00:00Z", &d) == 0 &&
	    date_weekday(d) == 0, "10 March 2025 (a dateTime) is a Monday");
	check(date_weekday(day("2025-03-16")) == 6,
	    "16 March 2025 is a Sunday");
	check(date_weekday(-1) == 2, "31 December 1969 was a Wednesday");
	check(date_parse("2024-02-29", &d) == 0 &&
	    date_parse("2025-02-29", &d) == -1 &&
	    date_parse("2025-04-31", &d) == -1 &&
	    date_parse("2025-3-10", &d) == -1, "only real dates");
	check(date_format(day("2024-02-29") + 1, s, sizeof(s)) == 0 &&
	    strcmp(s, "2024-03-01") == 0, "the day after 29 February 2024");
	check(date_format(day("2024-12-31") + 1, s, sizeof(s)) == 0 &&
	    strcmp(s, "2025-01-01") == 0, "the day after New Year's Eve");
	check(date_format(0, s, 10) == -1 && s[0] == '\0',
	    "a buffer too short is refused, empty");
	check(date_weekday_of("wednesday") == 2 &&
	    date_weekday_of("Wednesday") == -1 &&
	    strcmp(date_weekday_name(6), "sunday") == 0 &&
	    date_weekday_name(7) == NULL, "weekday names");
}

int
main(void)
{
	const unsigned	mwf = MON | WED | FRI;
	const unsigned	six = MON | TUE | WED | THU | FRI | SAT;
	char		first[11];

	test_dates();

	/* Daily: one dose a pick-up. */
	check(RUN("2025-03-13", DOSES_DAILY, "2025-03-11", "2025-03-12",
	    "2025-03-13") == 3 && strcmp(first, "2025-03-11") == 0,
	    "daily: three days missed are three doses from 11 March");
	check(RUN("2025-03-12", DOSES_DAILY, "2025-03-11", "2025-03-12",
	    "2025-03-13") == 2, "daily: counted at an event, not after it");
	check(RUN("2025-03-13", DOSES_DAILY, "2025-03-10", "2025-03-12",
	    "2025-03-13") == 2 && strcmp(first, "2025-03-12") == 0,
	    "daily: the dose supplied on 11 March breaks the run");

	/* Monday, Wednesday and Friday: Wednesday covers Thursday, Friday
	 * covers the weekend. */
	check(RUN("2025-03-12", mwf, "2025-03-12") == 2 &&
	    strcmp(first, "2025-03-12") == 0,
	    "Mon/Wed/Fri: a missed Wednesday is two doses");
	check(RUN("2025-03-14", mwf, "2025-03-14") == 3,
	    "Mon/Wed/Fri: a missed Friday is three doses (to Sunday)");
	check(RUN("2025-03-14", mwf, "2025-03-12", "2025-03-14") == 5 &&
	    strcmp(first, "2025-03-12") == 0,
	    "Mon/Wed/Fri: Wednesday and Friday missed, five doses");
	check(RUN("2025-03-14", mwf, "2025-03-10", "2025-03-14") == 3 &&
	    strcmp(first, "2025-03-14") == 0,
	    "Mon/Wed/Fri: the Wednesday collected breaks the run");
	check(RUN("2025-03-17", mwf, "2025-03-14", "2025-03-17") == 5 &&
	    strcmp(first, "2025-03-14") == 0,
	    "Mon/Wed/Fri: the run goes on over the weekend into Monday");

	/* Monday to Saturday, Sunday a take-home dose. */
	check(RUN("2025-03-15", six, "2025-03-15") == 2,
	    "six days: a missed Saturday is Saturday and Sunday");
	check(RUN("2025-03-14", six, "2025-03-14") == 1,
	    "six days: a missed Friday is one dose");
	check(RUN("2025-03-15", six, "2025-03-14", "2025-03-15") == 3,
	    "six days: Friday and Saturday missed, three doses");
	check(RUN("2025-03-17", six, "2025-03-15", "2025-03-17") == 3 &&
	    strcmp(first, "2025-03-15") == 0,
	    "six days: Saturday and Monday missed are consecutive (a week "
	    "boundary), three doses");

	/* Weekly, on Friday. */
	check(RUN("2025-03-14", FRI, "2025-03-14") == 7,
	    "weekly: a missed pick-up is seven doses");

	/* Month and year boundaries. */
	check(RUN("2025-03-01", DOSES_DAILY, "2025-02-27", "2025-02-28",
	    "2025-03-01") == 3 && strcmp(first, "2025-02-27") == 0,
	    "daily: February into March");
	check(RUN("2024-03-01", DOSES_DAILY, "2024-02-28", "2024-02-29",
	    "2024-03-01") == 3, "daily: across 29 February 2024");
	check(RUN("2025-03-03", mwf, "2025-02-28", "2025-03-03") == 5 &&
	    strcmp(first, "2025-02-28") == 0,
	    "Mon/Wed/Fri: Friday 28 February into Monday 3 March");
	check(RUN("2025-01-01", DOSES_DAILY, "2024-12-31", "2025-01-01") == 2,
	    "daily: across the new year");

	/* A day that is not a dose not taken. */
	check(RUN("2025-03-10", mwf, "2025-03-12") == 0 &&
	    strcmp(first, "2025-03-12") == 0,
	    "a pick-up supplied: no run, the last dose supplied is Tuesday's");
	check(RUN("2025-03-13", DOSES_DAILY, "2025-03-12") == 0 &&
	    strcmp(first, "2025-03-14") == 0, "daily: supplied, none");

	/* Order and repeats do not matter; other days join no run. */
	check(RUN("2025-03-14", mwf, "2025-03-14", "2025-03-12", "2025-03-12")
	    == 5, "unordered and repeated days");
	check(RUN("2025-03-14", mwf, "2025-03-13", "2025-03-14") == 3,
	    "Mon/Wed/Fri: a Thursday (no pick-up) joins no run");
	check(RUN("2025-03-11", mwf, "2025-03-11") == 1,
	    "at a day with no pick-up: from it to the next pick-up");

	/* Titration on three pick-ups a week: one missed pick-up is past a
	 * threshold of one dose. */
	check(RUN("2025-03-19", mwf, "2025-03-19") >= 1,
	    "titration: a missed Wednesday reaches one dose");

	check(RUN("2025-03-14", 0, "2025-03-14") == -1,
	    "no pick-up days at all is refused");
	check(RUN("2025-03-14", 0x80, "2025-03-14") == -1,
	    "bits beyond Sunday are not days");
	return check_done();
}
