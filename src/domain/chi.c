/* SPDX-License-Identifier: MIT */
/* chi.c - CHI number validation (see chi.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "domain/chi.h"

static int
is_leap_either_century(int yy)
{
	/* The century is not in the number: accept 29 February when the
	 * year is a leap year in either 19YY or 20YY. */
	int	a = 1900 + yy, b = 2000 + yy;

	return (a % 4 == 0 && (a % 100 != 0 || a % 400 == 0)) ||
	    (b % 4 == 0 && (b % 100 != 0 || b % 400 == 0));
}

int
chi_check(const char *s, char *why, size_t whylen)
{
	static const int	 mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int			 d[10], i, sum, check, dd, mm, yy;

	if (why != NULL && whylen > 0)
		why[0] = '\0';
	for (i = 0; i < 10; i++) {
		if (s[i] < '0' || s[i] > '9') {
			if (why != NULL)
				(void)snprintf(why, whylen,
				    "a CHI number is exactly ten digits");
			return -1;
		}
		d[i] = s[i] - '0';
	}
	if (s[10] != '\0') {
		if (why != NULL)
			(void)snprintf(why, whylen,
			    "a CHI number is exactly ten digits");
		return -1;
	}
	dd = d[0] * 10 + d[1];
	mm = d[2] * 10 + d[3];
	yy = d[4] * 10 + d[5];
	if (mm < 1 || mm > 12 || dd < 1 || dd > mdays[mm - 1] ||
	    (mm == 2 && dd == 29 && !is_leap_either_century(yy))) {
		if (why != NULL)
			(void)snprintf(why, whylen, "its first six digits "
			    "%.6s are not a date of birth (DDMMYY)", s);
		return -1;
	}
	for (sum = 0, i = 0; i < 9; i++)
		sum += d[i] * (10 - i);
	check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	if (check == 10) {
		if (why != NULL)
			(void)snprintf(why, whylen, "no check digit fits its "
			    "first nine digits, so it was never issued");
		return -1;
	}
	if (d[9] != check) {
		if (why != NULL)
			(void)snprintf(why, whylen, "the check digit should "
			    "be %d, not %d", check, d[9]);
		return -1;
	}
	return 0;
}
