/* SPDX-License-Identifier: MIT */
/* test_limits.c - a deployment's clinical limits as the rules read them:
 * the shipped defaults load and say what their sources say, a medicine or
 * a number the file lacks is NaN (the rule asking then passes), strengths
 * are listed only for injections, a dm+d code is a SNOMED CT concept
 * identifier (Verhoeff check digit), and a file that is not a limits file
 * is refused with its place. */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "doc/limits.h"
#include "util/sctid.h"

#define XSD	CAREX_SRCDIR "/schemas/clinical-limits.xsd"

/* A limits file with one medicine whose dmd attribute is dmd, at path. */
static int
write_dmd(const char *path, const char *dmd)
{
	FILE	*f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fprintf(f, "<clinical-limits xmlns=\"urn:carex:limits:1\" "
	    "deployment=\"x\">\n  <medicine code=\"m\"\n    dmd=\"%s\">\n"
	    "    <precision mg=\"1\" source=\"s\"/>\n  </medicine>\n"
	    "</clinical-limits>\n", dmd);
	return fclose(f);
}

int
main(void)
{
	struct limits	*l;
	struct carex_err err;
	char		 path[] = "/tmp/carex-limits.XXXXXX", buf[600];
	FILE		*f;
	int		 fd;

	err_clear(&err);
	l = limits_load(CAREX_SRCDIR "/schemas/clinical-limits.xml", XSD, &err);
	check(l != NULL, "the defaults load: %s", err.msg);
	check(limits_get(l, "methadone-oral-solution-1mg-ml", "precision") ==
	    0.5 && limits_get(l, "methadone-oral-solution-1mg-ml",
	    "daily-hard") == 200 && limits_get(l,
	    "methadone-oral-solution-1mg-ml", "daily-soft") == 120 &&
	    limits_get(l, "methadone-oral-solution-1mg-ml", "step-hard") == 30 &&
	    limits_get(l, "methadone-oral-solution-1mg-ml", "step-soft") == 10,
	    "methadone: precision, daily and step limits");
	check(limits_get(l, "methadone-oral-solution-1mg-ml",
	    "missed-stable") == 3 && limits_get(l,
	    "methadone-oral-solution-1mg-ml", "missed-titration") == 1,
	    "missed-dose thresholds per phase");
	check(isnan(limits_get(l, "buprenorphine-sublingual", "step-hard")),
	    "a number the file does not give is NaN");
	check(isnan(limits_get(l, "diamorphine", "daily-hard")),
	    "a medicine the file does not know is NaN");
	check(isnan(limits_get(l, "methadone-oral-solution-1mg-ml", "colour")),
	    "a number no one defined is NaN");
	check(limits_strength(l, "buprenorphine-lai-monthly", 96) == 1 &&
	    limits_strength(l, "buprenorphine-lai-monthly", 100) == 0 &&
	    limits_strength(l, "buprenorphine-lai-weekly", 64) == 0,
	    "injection strengths are the licensed ones");
	check(limits_strength(l, "methadone-oral-solution-1mg-ml", 60) == -1,
	    "an oral medicine lists none");

	check(limits_get(l, "methadone-oral-solution-1mg-ml", "week-hard") ==
	    30 && limits_get(l, "methadone-oral-solution-1mg-ml",
	    "week-soft") == 20 && isnan(limits_get(l,
	    "buprenorphine-sublingual", "week-hard")), "weekly rises");

	/* the licence's ways onto an injection */
	check(limits_get(l, "buprenorphine-lai-weekly", "interval-days") == 7 &&
	    limits_get(l, "buprenorphine-lai-weekly", "window-days") == 2 &&
	    limits_get(l, "buprenorphine-lai-monthly", "interval-days") == 28,
	    "injection intervals and windows");
	check(limits_transition(l, "buprenorphine-lai-weekly",
	    "methadone-oral-solution-1mg-ml", "allowed") == 1 &&
	    limits_transition(l, "buprenorphine-lai-weekly",
	    "methadone-oral-solution-1mg-ml", "max-mg") == 30 &&
	    limits_transition(l, "buprenorphine-lai-weekly",
	    "methadone-oral-solution-1mg-ml", "gap-days") == 1,
	    "methadone to weekly: at most 30 mg, a day apart");
	check(limits_transition(l, "buprenorphine-lai-monthly",
	    "methadone-oral-solution-1mg-ml", "allowed") == 0 &&
	    limits_transition(l, "buprenorphine-lai-monthly", "",
	    "allowed") == 0 && limits_transition(l,
	    "buprenorphine-lai-weekly", "", "allowed") == 1,
	    "monthly not from methadone nor as a start; weekly as a start");
	check(isnan(limits_transition(l, "buprenorphine-lai-monthly",
	    "methadone-oral-solution-1mg-ml", "gap-days")) &&
	    isnan(limits_transition(l, "buprenorphine-lai-weekly",
	    "buprenorphine-sublingual", "max-mg")),
	    "no number for a way not allowed, or not limited");
	check(limits_transition(l, "methadone-oral-solution-1mg-ml",
	    "buprenorphine-sublingual", "allowed") == 1,
	    "a medicine that restricts nothing is open from anything");
	check(strcmp(limits_transitions(l, "buprenorphine-lai-monthly", buf,
	    sizeof(buf)), "buprenorphine-lai-weekly, buprenorphine-sublingual "
	    "or buprenorphine-naloxone-sublingual") == 0, "the ways in "
	    "words: %s", buf);
	check(strcmp(limits_transitions(l, "buprenorphine-lai-weekly", buf,
	    sizeof(buf)), "no treatment (a start), buprenorphine-sublingual, "
	    "buprenorphine-naloxone-sublingual or "
	    "methadone-oral-solution-1mg-ml") == 0, "a start in words: %s",
	    buf);
	limits_free(l);

	/* not a limits file: refused, with where */
	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		perror("mkstemp");
		return 1;
	}
	fprintf(f, "<clinical-limits xmlns=\"urn:carex:limits:1\" "
	    "deployment=\"x\">\n  <medicine code=\"m\">\n    <precision "
	    "mg=\"-1\" source=\"s\"/>\n  </medicine>\n</clinical-limits>\n");
	(void)fclose(f);
	err_clear(&err);
	check(limits_load(path, XSD, &err) == NULL && err.line == 3 &&
	    strstr(err.msg, "precision") != NULL, "a negative precision is "
	    "refused at line 3: %s", err.msg);
	err_clear(&err);
	check(limits_load("/nonexistent/limits.xml", XSD, &err) == NULL &&
	    strstr(err.msg, "cannot read") != NULL, "a missing file: %s",
	    err.msg);

	/* SNOMED CT concept identifiers: real ones pass; every one-digit
	 * error and every swap of two neighbouring digits is caught (what
	 * Verhoeff's check guarantees); other partitions, lengths, a
	 * leading zero and non-digits are not concepts. */
	{
		static const char *good[] = { "138875005", "22298006",
		    "73211009", "404684003", "386661006" };
		const char	*why = NULL;
		char		 t[24];
		size_t		 i, j, bad = 0, tried = 0;

		for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
			check(sctid_concept(good[i], &why) == 0, "%s is a "
			    "concept", good[i]);
		for (i = 0; i < 8; i++)
			for (j = 0; j < 10; j++) {
				(void)snprintf(t, sizeof(t), "%s", "22298006");
				if (t[i] == '0' + (int)j)
					continue;
				t[i] = (char)('0' + j);
				tried++;
				bad += sctid_concept(t, &why) == -1;
			}
		check(bad == tried, "every one-digit error of 22298006 "
		    "refused (%zu of %zu)", bad, tried);
		for (i = 0, bad = tried = 0; i + 1 < 9; i++) {
			(void)snprintf(t, sizeof(t), "%s", "404684003");
			if (t[i] == t[i + 1])
				continue;
			j = (size_t)t[i];
			t[i] = t[i + 1];
			t[i + 1] = (char)j;
			tried++;
			bad += sctid_concept(t, &why) == -1;
		}
		check(bad == tried, "every swap of neighbours in 404684003 "
		    "refused (%zu of %zu)", bad, tried);
		check(sctid_concept("22298016", &why) == -1 &&
		    strstr(why, "partition") != NULL, "partition 01 is a "
		    "description, not a concept: %s", why);
		check(sctid_concept("12345", &why) == -1 &&
		    sctid_concept("0123456789", &why) == -1 &&
		    sctid_concept("2229800a", &why) == -1 &&
		    sctid_concept("1234567890123456789", &why) == -1,
		    "too short, a leading zero, a letter, too long");
	}

	/* the table: a good code is handed on, a mistyped one refused at
	 * load with its line (libxml2's line of an element is where its
	 * start tag ends: here the dmd attribute's) */
	check(write_dmd(path, "22298006") == 0, "write %s", path);
	err_clear(&err);
	l = limits_load(path, XSD, &err);
	check(l != NULL && limits_dmd(l, "m") != NULL &&
	    strcmp(limits_dmd(l, "m"), "22298006") == 0 &&
	    limits_dmd(l, "other") == NULL, "a dm+d code loads: %s", err.msg);
	limits_free(l);
	check(write_dmd(path, "22298007") == 0, "write %s", path);
	err_clear(&err);
	check(limits_load(path, XSD, &err) == NULL && err.line == 3 &&
	    strstr(err.msg, "22298007") != NULL &&
	    strstr(err.msg, "check digit") != NULL, "a mistyped dm+d code "
	    "refused at line 3: %s", err.msg);
	l = limits_load(CAREX_SRCDIR "/schemas/clinical-limits.xml", XSD, &err);
	check(l != NULL && limits_dmd(l, "methadone-oral-solution-1mg-ml") ==
	    NULL, "the shipped defaults carry no dm+d code");
	limits_free(l);
	(void)unlink(path);
	return check_done();
}
