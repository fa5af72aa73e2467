/* SPDX-License-Identifier: MIT */
/* carex.c - the command-line tool: offline validate and render, and the
 * exchange's client (send, inbox, fetch, ack, status, pull). Wiring only;
 * the work is in pipeline.c and src/client/. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/pem.h>

#include "client/commands.h"
#include "pipeline.h"
#include "store/anchor.h"
#include "store/store.h"
#include "store/store_backup.h"

#define EXIT_INVALID	EXIT_REFUSED	/* a document was refused */

#define MAX_DOC_BYTES	XMLSAFE_MAX_BYTES
#define MAX_PDF_BYTES	(64u * 1024 * 1024)
#define MAX_REGISTRIES	8

struct opts {
	const char	*datadir;
	const char	*registries[MAX_REGISTRIES];
	size_t		 nregistries;
	const char	*directory;
	const char	*fontdir;
	const char	*fallback_fonts;
	const char	*clinical_limits;
	char		 dirbuf[4096];
};

static void
usage(FILE *f)
{
	fprintf(f,
"usage: carex [global options] command [arguments]\n"
"\n"
"commands:\n"
"  validate FILE...           check documents against their schema and\n"
"                             rules; each error as FILE:LINE:COL: message\n"
"                             [rule-id]. Exit 0 all valid, 1 any invalid,\n"
"                             2 usage or system error.\n"
"  render FILE -o OUT.pdf [--role ROLE] [--to CODE] [--layout OUT.xml]\n"
"                             [--status superseded|cancelled]\n"
"                             render the PDF a recipient of ROLE gets\n"
"                             (default: the doctype's first receiving\n"
"                             role); --layout keeps the layout XML.\n"
"  audit verify [--checkpoints FILE] [--key PUBKEY] [--head SEQ:HASH] DB\n"
"                             check the audit hash chain of a store offline,\n"
"                             and against carexd's signed checkpoints of its\n"
"                             head (FILE, by default DB.checkpoints; --head\n"
"                             from a log line): names the first broken or\n"
"                             missing record. Exit 0 intact, 1 broken, 2\n"
"                             unreadable.\n"
"  backup DB OUT              copy a store to the new file OUT, consistent\n"
"                             while carexd writes to it (SQLite online\n"
"                             backup), then verify the copy's audit chain.\n"
"                             Restore: carex(1).\n"
"\n"
"exchange client commands (talk to carexd as your participant):\n"
"  send [--xml] FILE...       submit documents; prints each one's id. Safe\n"
"                             to run again after an interruption: a\n"
"                             document already stored (same message id,\n"
"                             same bytes) counts as already present.\n"
"  inbox [--unacked] [--all] [--xml]\n"
"                             documents addressed to you, oldest first: id,\n"
"                             doctype, from, received, state, taken.\n"
"                             --all follows every page.\n"
"  fetch ID [--pdf] [-o FILE] the XML, or your role's PDF, to FILE or stdout\n"
"  ack [--accept | --reject REASON [--text TEXT]] ID...\n"
"                             taken (no option), accepted, or rejected with\n"
"                             a reason code (not-registered, wrong-recipient,\n"
"                             clinical-query, ...)\n"
"  status [--xml] ID          for the sender: each recipient's stages\n"
"  pull --to DIR [--pdf] [--interval SECONDS]\n"
"                             write each unacknowledged document to\n"
"                             DIR/ID.xml (and DIR/ID.pdf), durably, then\n"
"                             acknowledge it; with --interval keep polling\n"
"                             (backing off after failures) until SIGTERM.\n"
"  Every client command takes --url URL, --cert FILE, --key FILE, --ca FILE\n"
"  (the CA that issued the server's certificate), --config FILE and\n"
"  --timeout SECONDS. Settings come from these flags, then CAREX_URL,\n"
"  CAREX_CERT, CAREX_KEY, CAREX_CA, then the client configuration file\n"
"  (--config, $CAREX_CONFIG, ~/.config/carex/client.conf, else\n"
"  %s/carex/client.conf): key = value lines url, cert, key, ca.\n"
"  Problems from the server are shown as their detail, with line and\n"
"  column for each validation error.\n"
"\n"
"exit status: 0 success; 1 refused by the server (4xx) or invalid;\n"
"  2 usage or local error; 3 server or network failure: try again.\n"
"\n"
"global options (environment variable, then default):\n"
"  --datadir DIR      schemas/ and xsl/ (CAREX_DATADIR; %s)\n"
"  --registry FILE    doctype registry, repeatable (DIR/schemas/registry.xml)\n"
"  --directory FILE   participant directory (CAREX_DIRECTORY;\n"
"                     %s/carex/directory.xml, else DIR/examples/directory.xml)\n"
"  --fontdir DIR      Liberation Sans faces (%s)\n"
"  --fallback-fonts LIST  colon-separated TrueType files for what those\n"
"                     lack, \"\" for none (%s)\n"
"  --limits FILE      the deployment's clinical limits (carexd.conf\n"
"                     clinical_limits; DIR/schemas/clinical-limits.xml)\n"
"  -h, --help         this text\n", SYSCONFDIR, CAREX_DATADIR, SYSCONFDIR,
	    CAREX_FONTDIR, CAREX_FALLBACK_FONTS);
}

static int
exists(const char *path)
{
	return access(path, R_OK) == 0;
}

/* Fill in the defaults the help text promises. */
static int
resolve_paths(struct opts *o)
{
	int	n;

	if (o->datadir == NULL)
		o->datadir = getenv("CAREX_DATADIR");
	if (o->datadir == NULL)
		o->datadir = CAREX_DATADIR;	/* installed; never the sources */
	if (o->directory == NULL)
		o->directory = getenv("CAREX_DIRECTORY");
	if (o->directory == NULL) {
		n = snprintf(o->dirbuf, sizeof(o->dirbuf),
		    "%s/carex/directory.xml", SYSCONFDIR);
		if (n < 0 || (size_t)n >= sizeof(o->dirbuf) ||
		    !exists(o->dirbuf))
			n = snprintf(o->dirbuf, sizeof(o->dirbuf),
			    "%s/examples/directory.xml", o->datadir);
		if (n < 0 || (size_t)n >= sizeof(o->dirbuf))
			return -1;
		o->directory = o->dirbuf;
	}
	return 0;
}

static struct pipeline *
open_pipeline(struct opts *o)
{
	struct pipeline_paths	pp;
	struct carex_err	err;
	struct pipeline		*p;

	if (resolve_paths(o) == -1) {
		fprintf(stderr, "carex: path too long\n");
		return NULL;
	}
	memset(&pp, 0, sizeof(pp));
	pp.datadir = o->datadir;
	pp.registries = o->nregistries ? o->registries : NULL;
	pp.nregistries = o->nregistries;
	pp.directory = o->directory;
	pp.fontdir = o->fontdir;
	pp.fallback_fonts = o->fallback_fonts;
	pp.clinical_limits = o->clinical_limits;
	err_clear(&err);
	if ((p = pipeline_open(&pp, &err)) == NULL)
		fprintf(stderr, "carex: %s\n", err.msg);
	return p;
}

static void
print_errors(const char *file, const struct errlist *errs)
{
	size_t	i;

	for (i = 0; i < errs->n; i++)
		printf("%s:%ld:%ld: %s [%s]\n", file, errs->v[i].line,
		    errs->v[i].col, errs->v[i].msg, errs->v[i].rule);
	if (errs->dropped > 0)
		printf("%s: %zu more errors not shown\n", file, errs->dropped);
}

/* Read and check one file. 0 valid, 1 invalid (errors printed), -1
 * system error (printed). */
static int
check_file(const struct pipeline *p, const char *file, struct checked *c)
{
	struct buf		b;
	struct errlist		errs;
	struct carex_err	err;
	int			rc;

	buf_init(&b, MAX_DOC_BYTES);
	errlist_init(&errs, 100);
	err_clear(&err);
	if (buf_read_file(&b, file) == -1) {
		if (errno == EMSGSIZE)
			printf("%s:0:0: larger than the limit of %u bytes "
			    "[XML]\n", file, MAX_DOC_BYTES);
		else
			fprintf(stderr, "carex: %s: %s\n", file,
			    strerror(errno));
		buf_free(&b);
		return errno == EMSGSIZE ? 1 : -1;
	}
	rc = pipeline_check(p, b.data, b.len, c, &errs, &err);
	if (rc == 1)
		print_errors(file, &errs);
	else if (rc == -1)
		fprintf(stderr, "carex: %s: %s\n", file, err.msg);
	errlist_free(&errs);
	buf_free(&b);
	return rc;
}

static int
cmd_validate(struct opts *o, int argc, char **argv)
{
	struct pipeline	*p;
	struct checked	 c;
	int		 i, rc, status = 0;

	if (argc < 1) {
		fprintf(stderr, "usage: carex validate FILE...\n");
		return EXIT_USAGE;
	}
	if ((p = open_pipeline(o)) == NULL)
		return EXIT_USAGE;
	for (i = 0; i < argc; i++) {
		rc = check_file(p, argv[i], &c);
		if (rc == 0) {
			printf("%s: valid %s\n", argv[i],
			    doctype_name(c.dt));
			pipeline_checked_free(&c);
		} else if (rc == 1 && status == 0)
			status = EXIT_INVALID;
		else if (rc == -1)
			status = EXIT_USAGE;
	}
	pipeline_free(p);
	return status;
}

static int
cmd_render(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output",	required_argument, NULL, 'o' },
		{ "role",	required_argument, NULL, 'r' },
		{ "to",		required_argument, NULL, 't' },
		{ "layout",	required_argument, NULL, 'l' },
		{ "status",	required_argument, NULL, 's' },
		{ NULL,		0,		   NULL, 0 }
	};
	struct render_opts	 ro;
	struct pipeline		*p = NULL;
	struct checked		 c;
	struct carex_err	 err;
	struct buf		 pdf, layout;
	const char		*out = NULL, *layout_out = NULL;
	int			 ch, rc, status = EXIT_USAGE;

	memset(&ro, 0, sizeof(ro));
	memset(&c, 0, sizeof(c));
	buf_init(&pdf, MAX_PDF_BYTES);
	buf_init(&layout, MAX_PDF_BYTES);
	optind = 0;
	while ((ch = getopt_long(argc, argv, "o:r:t:l:s:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'o': out = optarg; break;
		case 'r': ro.role = optarg; break;
		case 't': ro.recipient = optarg; break;
		case 'l': layout_out = optarg; break;
		case 's': ro.status = optarg; break;
		default: goto usage;
		}
	}
	if (argc - optind != 1 || out == NULL)
		goto usage;
	if (ro.status != NULL && strcmp(ro.status, "superseded") != 0 &&
	    strcmp(ro.status, "cancelled") != 0)
		goto usage;
	if ((p = open_pipeline(o)) == NULL)
		goto done;
	rc = check_file(p, argv[optind], &c);
	if (rc != 0) {
		status = rc == 1 ? EXIT_INVALID : EXIT_USAGE;
		goto done;
	}
	if (layout_out != NULL)
		ro.layout = &layout;
	err_clear(&err);
	if (pipeline_render(p, &c, &ro, &pdf, &err) == -1) {
		fprintf(stderr, "carex: %s: %s\n", argv[optind], err.msg);
		goto done;
	}
	if (layout_out != NULL && buf_write_file(&layout, layout_out) == -1) {
		fprintf(stderr, "carex: %s: %s\n", layout_out,
		    strerror(errno));
		goto done;
	}
	if (buf_write_file(&pdf, out) == -1) {
		fprintf(stderr, "carex: %s: %s\n", out, strerror(errno));
		goto done;
	}
	status = 0;
	goto done;
usage:
	fprintf(stderr, "usage: carex render FILE -o OUT.pdf [--role ROLE] "
	    "[--to CODE] [--layout OUT.xml] [--status superseded|cancelled]\n");
done:
	pipeline_checked_free(&c);
	pipeline_free(p);
	buf_free(&pdf);
	buf_free(&layout);
	return status;
}

/* --key: a PEM public key file, or the base64 raw key a log line names */
static int
want_key(const char *arg, char out[72], struct carex_err *err)
{
	EVP_PKEY	*k;
	FILE		*f;

	if ((f = fopen(arg, "r")) == NULL) {
		if (strlen(arg) != 44) {
			err_set(err, CAREX_EUSAGE, "--key %s: neither a PEM "
			    "public key file nor a base64 Ed25519 key", arg);
			return -1;
		}
		(void)snprintf(out, 72, "%s", arg);
		return 0;
	}
	k = PEM_read_PUBKEY(f, NULL, NULL, NULL);
	(void)fclose(f);
	if (k == NULL || anchor_pubkey(k, out) == -1) {
		EVP_PKEY_free(k);
		err_set(err, CAREX_EUSAGE, "--key %s: not an Ed25519 public "
		    "key (openssl pkey -in audit.key -pubout)", arg);
		return -1;
	}
	EVP_PKEY_free(k);
	return 0;
}

static void
say_anchors(const struct anchor_set *set, const char *file)
{
	const struct audit_anchor *last = NULL;
	char		 when[40] = "";
	time_t		 t;
	struct tm	 tm;
	size_t		 i;

	for (i = 0; i < set->n; i++)
		if (last == NULL || set->v[i].seq >= last->seq)
			last = &set->v[i];
	if (last == NULL) {
		printf("; no checkpoints in %s yet\n", file);
		return;
	}
	if (last->time_ms > 0) {
		t = (time_t)(last->time_ms / 1000);
		(void)gmtime_r(&t, &tm);
		(void)strftime(when, sizeof(when), ", %Y-%m-%d %H:%M:%S UTC",
		    &tm);
	}
	printf("; it agrees with %zu checkpoints (the furthest: record %lld%s)",
	    set->n, (long long)last->seq, when);
	if (set->lines == 0)
		printf(" given with --head");
	else if (set->unsigned_lines == set->lines)
		printf(", unsigned (set audit_key, or they can be forged)");
	else
		printf(", signed by key %s", set->key);
	if (set->restores > 0 && set->lost_to > 0)
		printf("; restored from a backup: records %lld to %lld, seen "
		    "before the restore, are gone", (long long)set->lost_from,
		    (long long)set->lost_to);
	printf("\n");
}

static int
cmd_audit(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "checkpoints",	required_argument, NULL, 'c' },
		{ "key",		required_argument, NULL, 'k' },
		{ "head",		required_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 }
	};
	struct anchor_set	 set;
	struct carex_err	 err;
	char			 def[4200], key[72];
	const char		*file = NULL, *db, *keyp = NULL;
	long			 records = 0, bad = 0;
	int			 ch, rc, nheads = 0;

	memset(&set, 0, sizeof(set));
	err_clear(&err);
	if (argc < 1 || strcmp(argv[0], "verify") != 0)
		goto usage;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:k:H:", longopts, NULL)) != -1)
		switch (ch) {
		case 'c': file = optarg; break;
		case 'k':
			if (want_key(optarg, key, &err) == -1)
				goto fail;
			keyp = key;
			break;
		case 'H':
			if (anchor_add_head(&set, optarg, &err) == -1)
				goto fail;
			nheads++;
			break;
		default: goto usage;
		}
	if (optind + 1 != argc)
		goto usage;
	db = argv[optind];
	if (file == NULL && store_is_file(db)) {
		(void)snprintf(def, sizeof(def), "%s.checkpoints", db);
		if (access(def, F_OK) == 0)
			file = def;
	}
	if (file != NULL && (rc = anchor_load(file, keyp, &set, &err)) != 0) {
		if (rc == 1) {
			printf("%s: checkpoints %s:%ld: %s\n", db, file,
			    err.line, err.msg);
			anchor_set_free(&set);
			return EXIT_INVALID;
		}
		goto fail;
	}
	rc = store_audit_verify(db, &set, &records, &bad, &err);
	if (rc == 0) {
		printf("%s: audit chain intact, %ld records", db, records);
		if (file != NULL || nheads > 0)
			say_anchors(&set, file);
		else
			printf(" (no checkpoints: a cut-off end, an emptied "
			    "table or a recomputed chain would not show; "
			    "carexd writes them to audit_checkpoints)\n");
	} else if (rc == 1)
		printf("%s: audit chain broken at record %ld: %s\n", db, bad,
		    err.msg);
	anchor_set_free(&set);
	if (rc >= 0)
		return rc == 0 ? 0 : EXIT_INVALID;
	fprintf(stderr, "carex: %s: %s\n", db, err.msg);
	return EXIT_USAGE;
fail:
	anchor_set_free(&set);
	fprintf(stderr, "carex: %s\n", err.msg);
	return EXIT_USAGE;
usage:
	fprintf(stderr, "usage: carex audit verify [--checkpoints FILE] "
	    "[--key PUBKEY] [--head SEQ:HASH]... DB\n");
	return EXIT_USAGE;
}

static int
cmd_backup(int argc, char **argv)
{
	struct carex_err	err;
	long			pages = 0, records = 0, bad = 0;
	int			rc;

	if (argc != 2) {
		fprintf(stderr, "usage: carex backup DB OUT\n");
		return EXIT_USAGE;
	}
	err_clear(&err);
	if (store_backup(argv[0], argv[1], &pages, &err) == -1) {
		fprintf(stderr, "carex: %s\n", err.msg);
		return EXIT_USAGE;
	}
	/* A copy is only as good as its chain: say so now, not at restore. */
	rc = store_audit_verify(argv[1], NULL, &records, &bad, &err);
	if (rc == 0) {
		printf("%s: backup of %s, %ld pages, audit chain intact, %ld "
		    "records\n", argv[1], argv[0], pages, records);
		return 0;
	}
	if (rc == 1)
		printf("%s: backup of %s, audit chain broken at record %ld: "
		    "%s\n", argv[1], argv[0], bad, err.msg);
	else
		fprintf(stderr, "carex: %s: %s\n", argv[1], err.msg);
	return rc == 1 ? EXIT_INVALID : EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "datadir",	required_argument, NULL, 'D' },
		{ "registry",	required_argument, NULL, 'R' },
		{ "directory",	required_argument, NULL, 'd' },
		{ "fontdir",	required_argument, NULL, 'F' },
		{ "fallback-fonts", required_argument, NULL, 'B' },
		{ "limits",	required_argument, NULL, 'L' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	struct opts	o;
	int		ch, status;

	/* fetch -o, pull and backup write patient data: 0600 and 0700
	 * whatever the umask the user runs with. */
	(void)umask(077);
	memset(&o, 0, sizeof(o));
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "carex: cannot start libcurl\n");
		return EXIT_USAGE;
	}
	while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'D': o.datadir = optarg; break;
		case 'R':
			if (o.nregistries == MAX_REGISTRIES) {
				fprintf(stderr, "carex: at most %d "
				    "registries\n", MAX_REGISTRIES);
				return EXIT_USAGE;
			}
			o.registries[o.nregistries++] = optarg;
			break;
		case 'd': o.directory = optarg; break;
		case 'F': o.fontdir = optarg; break;
		case 'B': o.fallback_fonts = optarg; break;
		case 'L': o.clinical_limits = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[0], "validate") == 0)
		status = cmd_validate(&o, argc - 1, argv + 1);
	else if (strcmp(argv[0], "render") == 0)
		status = cmd_render(&o, argc, argv);
	else if (strcmp(argv[0], "audit") == 0)
		status = cmd_audit(argc - 1, argv + 1);
	else if (strcmp(argv[0], "backup") == 0)
		status = cmd_backup(argc - 1, argv + 1);
	else if (strcmp(argv[0], "send") == 0)
		status = cmd_send(argc, argv);
	else if (strcmp(argv[0], "inbox") == 0)
		status = cmd_inbox(argc, argv);
	else if (strcmp(argv[0], "fetch") == 0)
		status = cmd_fetch(argc, argv);
	else if (strcmp(argv[0], "ack") == 0)
		status = cmd_ack(argc, argv);
	else if (strcmp(argv[0], "status") == 0)
		status = cmd_status(argc, argv);
	else if (strcmp(argv[0], "pull") == 0)
		status = cmd_pull(argc, argv);
	else {
		fprintf(stderr, "carex: unknown command %s\n", argv[0]);
		usage(stderr);
		status = EXIT_USAGE;
	}
	pipeline_shutdown();
	curl_global_cleanup();
	return status;
}
