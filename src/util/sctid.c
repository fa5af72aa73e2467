/* SPDX-License-Identifier: MIT */
/* sctid.c - SNOMED CT concept identifiers (see sctid.h). */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "util/sctid.h"

/* Verhoeff's dihedral group D5: d is its multiplication, p the position
 * permutation (row i for the digit i places from the right). */
static const unsigned char d[10][10] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
	{ 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 }, { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
	{ 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 }, { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
	{ 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 }, { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
	{ 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 }, { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
};
static const unsigned char p[8][10] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
	{ 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 }, { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
	{ 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 }, { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
	{ 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 }, { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
};

int
sctid_concept(const char *s, const char **why)
{
	size_t	n = strlen(s), i;
	int	c = 0;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9') {
			*why = "it is not all digits";
			return -1;
		}
	if (n < 6 || n > 18) {
		*why = "it is not 6 to 18 digits long";
		return -1;
	}
	if (s[0] == '0') {
		*why = "it starts with a zero";
		return -1;
	}
	if (s[n - 2] != '0' || (s[n - 3] != '0' && s[n - 3] != '1')) {
		*why = "its partition digits are not those of a concept "
		    "(00 or 10 before the check digit)";
		return -1;
	}
	for (i = 0; i < n; i++)
		c = d[c][p[i % 8][s[n - 1 - i] - '0']];
	if (c != 0) {
		*why = "its check digit is wrong";
		return -1;
	}
	return 0;
}
