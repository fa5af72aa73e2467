/* SPDX-License-Identifier: MIT */
/* doses.h - the scheduled doses of an instalment prescription, and how
 * many of them in a row were not taken. A pick-up day's instalment is
 * that day's dose and the take-home doses of the days after it up to the
 * next pick-up day, so every day has one scheduled dose and one pick-up
 * that hands it over. Days are day numbers (util/date.h); this knows
 * nothing of documents: the rules (src/doc/rules.c) read the dates out
 * of them. */
#ifndef CAREX_DOSES_H
#define CAREX_DOSES_H

#include <stddef.h>

/* Pick-up days as a mask: bit wd set (0 Monday .. 6 Sunday) for a
 * pick-up on that weekday. Daily instalments: every bit. */
#define DOSES_DAY(wd)	(1U << (wd))
#define DOSES_DAILY	0x7fU

/* A run of scheduled doses, one a day: the days first .. first + count
 * - 1. first - 1 is the day of the last dose supplied before it. */
struct doses_run {
	long	first;
	long	count;
};

/* The run of consecutive scheduled doses not taken that ends with the
 * instalment of day at. When at is one of the n days of not_taken (the
 * pick-ups missed or withheld), the run is at's instalment (at and the
 * take-home days after it, up to the next pick-up), joined back through
 * each earlier pick-up day that is in not_taken too, as far as the first
 * that is not (a dose supplied, or a reduced one). When at is not in
 * not_taken the run is empty: count 0, first the day after at's
 * instalment. The order of not_taken and repeats in it do not matter;
 * its days that are not pick-up days join no run (only at itself counts
 * from at to the next pick-up). 0 with *run filled; -1 when pickups
 * names no day. Reads not_taken; keeps nothing. */
int	doses_run(long at, const long *not_taken, size_t n, unsigned pickups,
	    struct doses_run *run);

#endif
