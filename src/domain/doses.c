/* SPDX-License-Identifier: MIT */
/* doses.c - consecutive scheduled doses not taken (see doses.h). The
 * count is what the missed-dose thresholds are about: days without the
 * medicine, whether the day's dose was to be taken at the pharmacy or at
 * home, so a missed Friday pick-up of a Monday, Wednesday and Friday
 * pattern is three doses (Friday to Sunday), not one event. */
#include "config.h"

#include <stddef.h>

#include "domain/doses.h"
#include "util/date.h"

static int
is_pickup(long day, unsigned pickups)
{
	return (pickups >> date_weekday(day)) & 1U;
}

/* The nearest pick-up day after (dir 1) or before (dir -1) day; found
 * within a week because pickups names a day. */
static long
pickup_beside(long day, unsigned pickups, int dir)
{
	long	d = day + dir;

	while (!is_pickup(d, pickups))
		d += dir;
	return d;
}

static int
member(long day, const long *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (v[i] == day)
			return 1;
	return 0;
}

int
doses_run(long at, const long *not_taken, size_t n, unsigned pickups,
    struct doses_run *run)
{
	long	end, cur, p;
	size_t	steps;

	pickups &= DOSES_DAILY;
	if (pickups == 0)
		return -1;
	end = pickup_beside(at, pickups, 1);
	if (!member(at, not_taken, n)) {
		run->first = end;
		run->count = 0;
		return 0;
	}
	/* Each step goes back to an earlier day of not_taken, so there are
	 * at most n of them. */
	cur = at;
	for (steps = 0; steps < n; steps++) {
		p = pickup_beside(cur, pickups, -1);
		if (!member(p, not_taken, n))
			break;
		cur = p;
	}
	run->first = cur;
	run->count = end - cur;
	return 0;
}
