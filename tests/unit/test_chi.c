/* SPDX-License-Identifier: MIT */
/* test_chi.c - a patient's identity as documents carry it: CHI numbers
 * (date of birth and modulus-11 check digit) and person names that print
 * as what they are. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "check.h"
#include "domain/chi.h"
#include "domain/pname.h"

/* A check of chi.h's or pname.h's shape: 0 with why untouched, or -1. */
typedef int (*checker)(const char *, char *, size_t);

static int
passes(checker f, const char *s)
{
	char	why[600];

	return f(s, why, sizeof(why)) == 0;
}

/* f refuses s, and why has fragment (printed when it does not). */
static int
refuses(checker f, const char *s, const char *fragment)
{
	char	why[600];

	if (f(s, why, sizeof(why)) == 0)
		return 0;
	if (strstr(why, fragment) == NULL)
		fprintf(stderr, "why: %s\n", why);
	return strstr(why, fragment) != NULL;
}

#define valid(s)		passes(chi_check, s)
#define says(s, f)		refuses(chi_check, s, f)
#define name_ok(s)		passes(pname_check, s)
#define name_says(s, f)		refuses(pname_check, s, f)

static void
test_names(void)
{
	/* names patients have */
	static const char *const good[] = { "Quinn", "R\xc3\xb3is\xc3\xadn",
	    "O'Brien-Smith", "Mary Ann", "Zo\xc3\xab", "St. John",
	    "Nguye\xcc\x82\xcc\x83n",		/* NFD: two marks */
	    "\xce\x91\xce\xbb\xce\xad\xce\xbe\xce\xb1\xce\xbd\xce\xb4\xcf\x81\xce\xbf\xcf\x82",
	    "\xd0\x9c\xd0\xb0\xd1\x80\xd0\xb8\xd1\x8f",	/* Мария */
	    "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf",		/* محمد */
	    "\xd7\xa9\xd6\xb8\xd7\x81\xd7\x9c\xd7\x95\xd6\xb9\xd7\x9d", /* pointed */
	    "\xe0\xa4\xaa\xe0\xa5\x8d\xe0\xa4\xb0\xe0\xa4\xbf\xe0\xa4\xaf\xe0\xa4\xbe",
	    "\xe5\xb1\xb1\xe7\x94\xb0\xe3\x81\x9f\xe3\x82\x8d\xe3\x81\x86", /* kanji+kana */
	    "\xea\xb9\x80\xeb\xaf\xbc\xec\xa4\x80",	/* hangul */
	    "Dr", "\xef\xbc\xa1\xef\xbd\x8e\xef\xbd\x8e" };
	size_t	i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		check(name_ok(good[i]), "a real name accepted: %s", good[i]);
	/* what does not print as itself */
	check(name_says("Qu\xe2\x80\xaeninn", "character 3 is U+202E, a "
	    "bidirectional control"), "right-to-left override");
	check(name_says("Qu\xe2\x81\xa6inn", "U+2066, a bidirectional"),
	    "left-to-right isolate");
	check(name_says("Qu\xe2\x80\x8finn", "U+200F, a bidirectional"),
	    "right-to-left mark");
	check(name_says("Qu\xe2\x80\x8binn", "U+200B, an invisible"),
	    "zero-width space");
	check(name_says("Qu\xe2\x80\x8dinn", "U+200D, an invisible"),
	    "zero-width joiner");
	check(name_says("\xef\xbb\xbfQuinn", "character 1 is U+FEFF, a byte "
	    "order mark"), "BOM");
	check(name_says("Qu\xc2\xadinn", "U+00AD, an invisible"),
	    "soft hyphen");
	check(name_says("Qu\xc2\x85inn", "U+0085, a control"), "C1 NEL");
	check(name_says("Qu\x09inn", "U+0009, a control"), "tab");
	check(name_says("Qu\xe2\x80\xa8inn", "U+2028, a line or paragraph"),
	    "line separator");
	check(name_says("Qu\xee\x80\x80inn", "U+E000, a private-use"),
	    "private use");
	check(name_says("Quinn\xef\xb8\x8f", "U+FE0F, an invisible modifier"),
	    "variation selector");
	check(name_says("Quinn\xf3\xa0\x81\x81", "U+E0041, an invisible "
	    "modifier"), "tag character");
	check(name_says("\xe3\x85\xa4", "U+3164, an invisible filler"),
	    "hangul filler");
	check(name_says("Qu\xe2\x80\xaeninn", "in 'Qu<U+202E>ninn'"),
	    "the refusal quotes the name with the character shown as a code");
	/* marks: a few on a letter, not a stack, and not on nothing */
	check(name_ok("Qu\xcc\x81\xcc\x82\xcc\x83inn"), "three marks on "
	    "one letter (as pointed Hebrew has)");
	check(name_says("Qu\xcc\x81\xcc\x82\xcc\x83\xcc\x84inn",
	    "the letter at character 2 carries more than 3"), "four marks");
	check(name_says("\xcc\x81Quinn", "character 1 is U+0301, a combining "
	    "mark with no letter"), "a mark first");
	check(name_says("Quinn \xcc\x81", "a combining mark with no letter"),
	    "a mark after a space");
	/* look-alikes from another alphabet */
	check(name_says("\xd0\x90nna", "mixes Cyrillic letters (the first "
	    "U+0410) with a Latin one (character 2"), "Cyrillic A in Anna");
	check(name_says("Quinn\xce\xbf", "mixes Latin letters (the first "
	    "U+0051) with a Greek one (character 6, U+03BF)"), "Greek o");
	check(name_says("Anna\xe5\xb1\xb1", "with a Han one"),
	    "Latin with Han");
	check(name_says("\xe0\xa4\xaa\xe0\xa6\xaa", "other Indic"),
	    "Devanagari with Bengali");
	check(name_ok("Anna 2"), "digits go with any alphabet");
}

int
main(void)
{
	test_names();
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
