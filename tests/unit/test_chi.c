/* SPDX-License-Identifier: MIT */
/* test_chi.c - CHI numbers: date of birth and modulus-11 check digit. */
#include "config.h"

#include <string.h>

#include "check.h"
#include "domain/chi.h"

static int
valid(const char *s)
{
	char	why[128];

	return chi_check(s, why, sizeof(why)) == 0;
}

static int
says(const char *s, const char *fragment)
{
	char	why[128];

	return chi_check(s, why, sizeof(why)) == -1 &&
	    strstr(why, fragment) != NULL;
}

int
main(void)
{
	check(valid("1403852340"), "14 Mar 1985, check digit 0");
	check(valid("0101701233"), "1 Jan 1970, check digit 3");
	check(valid("2902960018"), "29 Feb 1996 (leap year)");
	check(valid("1507784120"), "check digit from 11 is 0");
	check(says("1403852341", "should be 0, not 1"), "wrong check digit");
	check(says("0101701234", "should be 3, not 4"), "wrong check digit 2");
	check(says("3102851234", "not a date of birth"), "31 February");
	check(says("0013851234", "not a date of birth"), "month 13");
	check(says("0001851234", "not a date of birth"), "day 0");
	check(says("2902970000", "not a date of birth"), "29 Feb 1997/2097");
	check(says("311299999x", "ten digits"), "letter");
	check(says("140385234", "ten digits"), "nine digits");
	check(says("14038523400", "ten digits"), "eleven digits");
	check(says("", "ten digits"), "empty");
	check(valid("3112999991"), "31 Dec 99, check digit 1");
	check(says("3112999992", "should be 1, not 2"), "31 Dec 99 wrong");
	/* A number whose check digit would be 10 was never issued. */
	check(says("0101700130", "never issued"), "check digit would be 10");
	return check_done();
}
