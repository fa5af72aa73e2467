/* SPDX-License-Identifier: MIT */
/* layout2pdf.c - typeset one layout document: the pipeline tests' driver
 * and the benchmark. Usage: layout2pdf [-n COUNT] [-f FONTDIR] IN.xml
 * OUT.pdf. With -n it renders COUNT times and prints the CPU time per
 * render (fonts are loaded once, before the clock starts). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "pdf/typeset.h"

static double
cpu_ms(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
usage(void)
{
	fprintf(stderr, "usage: layout2pdf [-n count] [-f fontdir] in.xml "
	    "out.pdf\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct carex_err	 err;
	struct typeset		*ts = NULL;
	struct buf		 out;
	xmlDoc			*doc = NULL;
	const char		*fontdir = NULL;
	char			*end;
	double			 t0;
	long			 count = 0, i;
	int			 ch, rc = 1;

	while ((ch = getopt(argc, argv, "n:f:")) != -1) {
		switch (ch) {
		case 'n':
			errno = 0;
			count = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || count < 1 ||
			    count > 1000000)
				usage();
			break;
		case 'f':
			fontdir = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 2)
		usage();
	err_clear(&err);
	buf_init(&out, 256u << 20);
	/* Test input: no network, no entities; XML_PARSE_HUGE lets hostile
	 * test documents reach the typesetter's own depth limits. */
	doc = xmlReadFile(argv[0], NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
	if (doc == NULL) {
		fprintf(stderr, "layout2pdf: %s: not well-formed XML\n",
		    argv[0]);
		goto done;
	}
	if ((ts = typeset_new(fontdir, NULL, &err)) == NULL) {
		fprintf(stderr, "layout2pdf: %s\n", err.msg);
		goto done;
	}
	if (count > 0) {
		t0 = cpu_ms();
		for (i = 0; i < count; i++) {
			buf_reset(&out);
			if (typeset_render(ts, doc, &out, &err) == -1)
				break;
		}
		if (i == count)
			printf("%.3f ms CPU per render (%ld renders, %zu "
			    "bytes)\n", (cpu_ms() - t0) / (double)count, count,
			    out.len);
	} else
		(void)typeset_render(ts, doc, &out, &err); /* checked below */
	if (err.code != CAREX_OK) {
		fprintf(stderr, "layout2pdf: %s:%ld: %s\n", argv[0], err.line,
		    err.msg);
		goto done;
	}
	if (buf_write_file(&out, argv[1]) == -1) {
		fprintf(stderr, "layout2pdf: %s: %s\n", argv[1],
		    strerror(errno));
		goto done;
	}
	rc = 0;
done:
	typeset_free(ts);
	buf_free(&out);
	xmlFreeDoc(doc);
	xmlCleanupParser();
	return rc;
}
