/* SPDX-License-Identifier: MIT */
/* test_limits.c - a deployment's clinical limits as the rules read them:
 * the shipped defaults load and say what their sources say, a medicine or
 * a number the file lacks is NaN (the rule asking then passes), strengths
 * are listed only for injections, and a file that is not a limits file
 * is refused with its place. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "doc/limits.h"

#define XSD	CAREX_SRCDIR "/schemas/clinical-limits.xsd"

int
main(void)
{
	struct limits	*l;
	struct carex_err err;
	char		 path[] = "/tmp/carex-limits.XXXXXX";
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
	(void)unlink(path);
	return check_done();
}
