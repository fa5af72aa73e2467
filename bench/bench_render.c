/* SPDX-License-Identifier: MIT */
/* bench_render.c - the in-process carex side of bench/render: opens the
 * pipeline once, then parses, validates, transforms and typesets each
 * document given many times, timing every render (process CPU and wall).
 * A benchmark driver, not a test: nothing here asserts a speed. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "pipeline.h"
#include "util/utf8.h"

#define MAX_DOC_BYTES	XMLSAFE_MAX_BYTES
#define MAX_PDF_BYTES	(64u * 1024 * 1024)
#define MAX_ITER	100000

#ifndef CAREX_SRCDIR
#define CAREX_SRCDIR	"."
#endif

struct opts {
	const char	*datadir;
	const char	*directory;
	const char	*fontdir;
	const char	*outdir;	/* keep the last PDF of each, or NULL */
	long		 iter;
	long		 warm;
	int		 check_only;	/* -c: time the check, refusals too */
	char		 dirbuf[4096];
};

static void
usage(void)
{
	fprintf(stderr,
"usage: bench_render [-c] [-n ITER] [-w WARMUP] [-d DATADIR] [-D DIRECTORY]\n"
"                    [-f FONTDIR] [-o OUTDIR] FILE...\n"
"  Renders each FILE (default role) WARMUP times untimed (default 20),\n"
"  then ITER times timed (default 200), each time pipeline_check then\n"
"  pipeline_render into a fresh buffer. Prints per file the median, min\n"
"  and max milliseconds of process CPU and wall time, the median CPU of\n"
"  pipeline_check alone (parse, XSD, rules), documents per second from\n"
"  the median wall time, and the PDF's size. DATADIR defaults to the\n"
"  source tree (%s); DIRECTORY to DATADIR/examples/directory.xml. With\n"
"  -o, the last PDF of each FILE is written to OUTDIR/NAME.pdf. With -c,\n"
"  only pipeline_check is timed (what a submission costs before it is\n"
"  stored or refused), a refusal counting like an acceptance: the line\n"
"  gives the input's size, CPU per KB and the first error.\n",
	    CAREX_SRCDIR);
}

static double
ms_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/* Sorts v in place. */
static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One whole render of a document held in memory, as carexd does it per
 * request: check, render into a fresh buffer, free everything. The PDF's
 * size goes to *bytes, the CPU time the check took (parse, XSD, rules) to
 * *check_ms; with keep, the buffer is handed to the caller (who frees it
 * with buf_free()) instead of being freed. */
static int
render_once(const struct pipeline *p, const struct buf *doc, size_t *bytes,
    double *check_ms, struct buf *keep, struct carex_err *err)
{
	struct timespec	 t0, t1;
	struct checked	 c;
	struct errlist	 errs;
	struct render_opts o;
	struct buf	 pdf;
	int		 rc;

	buf_init(&pdf, MAX_PDF_BYTES);
	errlist_init(&errs, 20);
	memset(&o, 0, sizeof(o));
	(void)clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	rc = pipeline_check(p, doc->data, doc->len, &c, &errs, err);
	(void)clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	*check_ms = ms_between(&t0, &t1);
	if (rc == 1) {
		if (errs.n > 0)
			*err = errs.v[0];
		else
			err_set(err, CAREX_EINVALID, "refused");
		rc = -1;
	}
	errlist_free(&errs);
	if (rc == 0) {
		rc = pipeline_render(p, &c, &o, &pdf, err);
		pipeline_checked_free(&c);
	}
	*bytes = pdf.len;
	if (rc == 0 && keep != NULL)
		*keep = pdf;
	else
		buf_free(&pdf);
	return rc;
}

static const char *
base_name(const char *path)
{
	const char	*s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* -c: the check alone, refused or not, ITER times: median, min and max
 * CPU milliseconds, the size, microseconds per KB, and what it said. */
static int
check_file(const struct pipeline *p, const struct opts *o, const char *file)
{
	struct buf		 doc;
	struct carex_err	 err;
	struct errlist		 errs;
	struct checked		 c;
	struct timespec		 t0, t1;
	double			*cpu, med;
	char			 said[61];
	long			 i;
	int			 rc = 0;

	buf_init(&doc, 64u * 1024 * 1024);
	if (buf_read_file(&doc, file) == -1 ||
	    (cpu = calloc((size_t)o->iter, sizeof(*cpu))) == NULL) {
		fprintf(stderr, "bench_render: %s: %s\n", file,
		    strerror(errno));
		buf_free(&doc);
		return -1;
	}
	said[0] = '\0';
	for (i = -o->warm; i < o->iter; i++) {
		errlist_init(&errs, 20);
		err_clear(&err);
		(void)clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
		rc = pipeline_check(p, doc.data, doc.len, &c, &errs, &err);
		(void)clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
		if (rc == 0)
			pipeline_checked_free(&c);
		if (i >= 0)
			cpu[i] = ms_between(&t0, &t1);
		(void)utf8_copy(said, sizeof(said), rc == 0 ? "valid" :
		    errs.n > 0 ? errs.v[0].msg : err.msg);
		errlist_free(&errs);
	}
	med = median(cpu, (size_t)o->iter);
	printf("%-24s %8.2f %8.2f %8.2f %9zu %8.2f  %s\n", base_name(file),
	    med, cpu[0], cpu[o->iter - 1], doc.len,
	    doc.len ? med * 1e3 / ((double)doc.len / 1024) : 0.0, said);
	free(cpu);
	buf_free(&doc);
	return 0;
}

/* Time one file; prints its line of results. -1 on any failure. */
static int
bench_file(const struct pipeline *p, const struct opts *o, const char *file)
{
	struct buf		 doc, last;
	struct carex_err	 err;
	struct timespec		 c0, c1, w0, w1;
	double			*cpu = NULL, *wall = NULL, *chk = NULL;
	double			 cmed, wmed, kmed, k;
	size_t			 bytes = 0;
	char			 out[4096];
	const char		*name = base_name(file);
	long			 i;
	int			 n, rc = -1;

	buf_init(&doc, MAX_DOC_BYTES);
	memset(&last, 0, sizeof(last));
	err_clear(&err);
	if (buf_read_file(&doc, file) == -1) {
		fprintf(stderr, "bench_render: %s: %s\n", file,
		    strerror(errno));
		goto done;
	}
	cpu = calloc((size_t)o->iter, sizeof(*cpu));
	wall = calloc((size_t)o->iter, sizeof(*wall));
	chk = calloc((size_t)o->iter, sizeof(*chk));
	if (cpu == NULL || wall == NULL || chk == NULL) {
		fprintf(stderr, "bench_render: out of memory\n");
		goto done;
	}
	for (i = 0; i < o->warm; i++)
		if (render_once(p, &doc, &bytes, &k, NULL, &err) == -1)
			goto refused;
	for (i = 0; i < o->iter; i++) {
		(void)clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
		(void)clock_gettime(CLOCK_MONOTONIC, &w0);
		if (render_once(p, &doc, &bytes, &chk[i], i + 1 == o->iter &&
		    o->outdir ? &last : NULL, &err) == -1)
			goto refused;
		(void)clock_gettime(CLOCK_MONOTONIC, &w1);
		(void)clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
		cpu[i] = ms_between(&c0, &c1);
		wall[i] = ms_between(&w0, &w1);
	}
	cmed = median(cpu, (size_t)o->iter);
	wmed = median(wall, (size_t)o->iter);
	kmed = median(chk, (size_t)o->iter);
	/* median() sorted cpu and wall: [0] is the least, [iter-1] the most. */
	printf("%-30s %7.3f %7.3f %7.3f  %7.3f %7.3f %7.3f  %7.3f %7.1f "
	    "%7zu\n", name, cmed, cpu[0], cpu[o->iter - 1], wmed, wall[0],
	    wall[o->iter - 1], kmed, wmed > 0 ? 1e3 / wmed : 0.0, bytes);
	if (o->outdir != NULL) {
		n = snprintf(out, sizeof(out), "%s/%s.pdf", o->outdir, name);
		if (n < 0 || (size_t)n >= sizeof(out) ||
		    buf_write_file(&last, out) == -1) {
			fprintf(stderr, "bench_render: %s: cannot write\n",
			    out);
			goto done;
		}
	}
	rc = 0;
	goto done;
refused:
	fprintf(stderr, "bench_render: %s:%ld:%ld: %s\n", file, err.line,
	    err.col, err.msg);
done:
	free(cpu);
	free(wall);
	free(chk);
	buf_free(&last);
	buf_free(&doc);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct opts		 o;
	struct pipeline_paths	 pp;
	struct pipeline		*p;
	struct carex_err	 err;
	int			 ch, i, n, status = 0;

	memset(&o, 0, sizeof(o));
	o.datadir = CAREX_SRCDIR;
	o.iter = 200;
	o.warm = 20;
	while ((ch = getopt(argc, argv, "cd:D:f:hn:o:w:")) != -1) {
		switch (ch) {
		case 'c':
			o.check_only = 1;
			break;
		case 'd':
			o.datadir = optarg;
			break;
		case 'D':
			o.directory = optarg;
			break;
		case 'f':
			o.fontdir = optarg;
			break;
		case 'n':
			if (bench_number(optarg, 1, MAX_ITER, &o.iter) == -1) {
				usage();
				return 2;
			}
			break;
		case 'o':
			o.outdir = optarg;
			break;
		case 'w':
			if (bench_number(optarg, 0, MAX_ITER, &o.warm) == -1) {
				usage();
				return 2;
			}
			break;
		default:
			usage();
			return ch == 'h' ? 0 : 2;
		}
	}
	if (optind >= argc) {
		usage();
		return 2;
	}
	if (o.directory == NULL) {
		n = snprintf(o.dirbuf, sizeof(o.dirbuf),
		    "%s/examples/directory.xml", o.datadir);
		if (n < 0 || (size_t)n >= sizeof(o.dirbuf)) {
			fprintf(stderr, "bench_render: path too long\n");
			return 2;
		}
		o.directory = o.dirbuf;
	}
	memset(&pp, 0, sizeof(pp));
	pp.datadir = o.datadir;
	pp.directory = o.directory;
	pp.fontdir = o.fontdir;
	err_clear(&err);
	if ((p = pipeline_open(&pp, &err)) == NULL) {
		fprintf(stderr, "bench_render: %s\n", err.msg);
		return 2;
	}
	if (o.check_only) {
		printf("# carex in-process: %ld checks per document after %ld "
		    "warm-up (parse, XSD, rules; refused or not)\n", o.iter,
		    o.warm);
		printf("%-24s %8s %8s %8s %9s %8s  %s\n", "# document",
		    "cpu_med", "cpu_min", "cpu_max", "bytes", "us/KB",
		    "first error");
		for (i = optind; i < argc; i++)
			if (check_file(p, &o, argv[i]) == -1)
				status = 1;
		pipeline_free(p);
		return status;
	}
	printf("# carex in-process: %ld renders per document after %ld "
	    "warm-up; check + render, fresh buffer each\n", o.iter, o.warm);
	printf("%-30s %7s %7s %7s  %7s %7s %7s  %7s %7s %7s\n", "# document",
	    "cpu_med", "cpu_min", "cpu_max", "wal_med", "wal_min", "wal_max",
	    "chk_cpu", "docs/s", "pdf_B");
	for (i = optind; i < argc; i++)
		if (bench_file(p, &o, argv[i]) == -1)
			status = 1;
	pipeline_free(p);
	return status;
}
