/* SPDX-License-Identifier: MIT */
/* commands.c - carex send, inbox, fetch, ack and status (see
 * commands.h); pull is in pull.c. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/commands.h"
#include "doc/xmlnode.h"
#include "doc/xmlsafe.h"
#include "store/store.h"

#define MAX_DOC_BYTES	XMLSAFE_MAX_BYTES
#define MAX_PAGES	100000		/* --all: a bound, not a limit met */

int
cmdline_parse(struct cmdline *cl, int argc, char **argv, unsigned allowed,
    const char *usage)
{
	static const struct option longopts[] = {
		{ "url",	required_argument, NULL, 'u' },
		{ "cert",	required_argument, NULL, 'c' },
		{ "key",	required_argument, NULL, 'k' },
		{ "ca",		required_argument, NULL, 'a' },
		{ "config",	required_argument, NULL, 'C' },
		{ "timeout",	required_argument, NULL, 'T' },
		{ "xml",	no_argument,	   NULL, 'x' },
		{ "unacked",	no_argument,	   NULL, 'U' },
		{ "all",	no_argument,	   NULL, 'A' },
		{ "pdf",	no_argument,	   NULL, 'p' },
		{ "output",	required_argument, NULL, 'o' },
		{ "to",		required_argument, NULL, 't' },
		{ "interval",	required_argument, NULL, 'i' },
		{ "accept",	no_argument,	   NULL, 'Y' },
		{ "reject",	required_argument, NULL, 'N' },
		{ "text",	required_argument, NULL, 'm' },
		{ "once",	no_argument,	   NULL, '1' },
		{ NULL,		0,		   NULL, 0 }
	};
	char	*end;
	int	 ch;
	size_t	 n;

	memset(cl, 0, sizeof(*cl));
	optind = 0;
	while ((ch = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		n = 0;
		switch (ch) {
		case 'u': n = (size_t)snprintf(cl->cfg.url, sizeof(cl->cfg.url),
		    "%s", optarg) >= sizeof(cl->cfg.url); break;
		case 'c': n = (size_t)snprintf(cl->cfg.cert,
		    sizeof(cl->cfg.cert), "%s", optarg) >= sizeof(cl->cfg.cert);
		    break;
		case 'k': n = (size_t)snprintf(cl->cfg.key, sizeof(cl->cfg.key),
		    "%s", optarg) >= sizeof(cl->cfg.key); break;
		case 'a': n = (size_t)snprintf(cl->cfg.ca, sizeof(cl->cfg.ca),
		    "%s", optarg) >= sizeof(cl->cfg.ca); break;
		case 'C': cl->config = optarg; break;
		case 'T':
			cl->cfg.timeout = strtol(optarg, &end, 10);
			n = *end != '\0' || cl->cfg.timeout < 1 ||
			    cl->cfg.timeout > 86400;
			break;
		case 'x': cl->seen |= OPT_XML; break;
		case 'U': cl->seen |= OPT_UNACKED; break;
		case 'A': cl->seen |= OPT_ALL; break;
		case 'p': cl->seen |= OPT_PDF; break;
		case 'o': cl->seen |= OPT_OUTPUT; cl->output = optarg; break;
		case 't': cl->seen |= OPT_TO; cl->to = optarg; break;
		case 'i':
			cl->seen |= OPT_INTERVAL;
			cl->interval = strtol(optarg, &end, 10);
			n = *end != '\0' || cl->interval < 1 ||
			    cl->interval > 86400;
			break;
		case 'Y': cl->seen |= OPT_ACCEPT; break;
		case 'N': cl->seen |= OPT_REJECT; cl->reject = optarg; break;
		case 'm': cl->seen |= OPT_TEXT; cl->text = optarg; break;
		case '1': cl->seen |= OPT_ONCE; break;
		default: n = 1;
		}
		if (n)
			goto bad;
	}
	if (cl->seen & ~allowed)
		goto bad;
	cl->argc = argc - optind;
	cl->argv = argv + optind;
	return 0;
bad:
	fprintf(stderr, "usage: %s\n", usage);
	return -1;
}

struct client *
cmd_connect(struct cmdline *cl)
{
	struct carex_err	 err;
	struct client		*c;

	xmlsafe_init();		/* answers are parsed like any input */
	err_clear(&err);
	if (client_cfg_resolve(&cl->cfg, cl->config, &err) == -1 ||
	    (c = client_new(&cl->cfg, &err)) == NULL) {
		fprintf(stderr, "carex: %s\n", err.msg);
		return NULL;
	}
	return c;
}

/* The server's XML answer, parsed with the same care as any input. */
struct xdoc *
cmd_parse_answer(const char *what, const struct client_resp *r)
{
	struct carex_err	 err;
	struct xdoc		*x;

	if ((x = xmlsafe_parse(r->body.data, r->body.len, NULL, &err)) ==
	    NULL)
		fprintf(stderr, "%s: the server's answer is not readable: "
		    "%s\n", what, err.msg);
	return x;
}

/* Every operand a document id (store_id_valid), or a usage error: an
 * id goes into a URL only once it is known to be one. */
int
cmd_ids_valid(int argc, char **argv)
{
	int	i;

	for (i = 0; i < argc; i++)
		if (!store_id_valid(argv[i], strlen(argv[i]))) {
			fprintf(stderr, "carex: %s is not a document id\n",
			    argv[i]);
			return 0;
		}
	return 1;
}

/* Print the attributes of e given in names, tab-separated, "-" if none. */
static void
print_row(xmlNode *e, const char *const *names)
{
	char	*v;
	size_t	 i;

	for (i = 0; names[i] != NULL; i++) {
		v = xmlnode_dup(e, names[i]);
		printf("%s%s", i ? "\t" : "", v != NULL ? v : "-");
		free(v);
	}
	putchar('\n');
}

/* Keep the worse of two exit codes: retry over refused over ok. */
static int
worse(int a, int b)
{
	if (a == EXIT_RETRY || b == EXIT_RETRY)
		return EXIT_RETRY;
	return a > b ? a : b;
}

/* ---- send ------------------------------------------------------------ */

struct tally {
	int	sent, present, refused, failed;
};

static void
progress(const struct tally *t, int done, int total)
{
	fprintf(stderr, "\r[%d/%d] sent %d, already present %d, refused %d, "
	    "failed %d", done, total, t->sent, t->present, t->refused,
	    t->failed);
}

static int
send_one(struct client *c, const char *file, int xml, struct tally *t,
    struct client_resp *r)
{
	struct buf	 b;
	struct xdoc	*x;
	char		*id;
	int		 code;

	buf_init(&b, MAX_DOC_BYTES);
	if (buf_read_file(&b, file) == -1) {
		fprintf(stderr, "%s: %s\n", file, errno == EMSGSIZE ?
		    "larger than the exchange takes" : strerror(errno));
		buf_free(&b);
		t->refused++;
		return EXIT_REFUSED;
	}
	code = client_call(c, file, "POST", "/v1/documents", b.data, b.len,
	    "application/xml", NULL, r);
	buf_free(&b);
	if (code != EXIT_OK) {
		if (code == EXIT_REFUSED)
			t->refused++;
		else
			t->failed++;
		return code;
	}
	if (r->stored_before)
		t->present++;
	else
		t->sent++;
	if (xml) {
		fwrite(r->body.data, 1, r->body.len, stdout);
		return EXIT_OK;
	}
	if ((x = cmd_parse_answer(file, r)) == NULL)
		return EXIT_RETRY;
	id = xmlnode_dup(xmlDocGetRootElement(x->doc), "id");
	printf("%s: %s %s\n", file, r->stored_before ? "already present" :
	    "stored", id ? id : "?");
	free(id);
	xmlsafe_free(x);
	return EXIT_OK;
}

int
cmd_send(int argc, char **argv)
{
	struct cmdline		 cl;
	struct client		*c;
	struct client_resp	 r;
	struct tally		 t;
	int			 i, status = EXIT_OK, tty;

	if (cmdline_parse(&cl, argc, argv, OPT_XML, "carex send [--xml] "
	    "FILE...") == -1)
		return EXIT_USAGE;
	if (cl.argc < 1) {
		fprintf(stderr, "usage: carex send [--xml] FILE...\n");
		return EXIT_USAGE;
	}
	if ((c = cmd_connect(&cl)) == NULL)
		return EXIT_USAGE;
	memset(&t, 0, sizeof(t));
	client_resp_init(&r);
	tty = cl.argc > 1 && isatty(STDERR_FILENO);
	for (i = 0; i < cl.argc; i++) {
		status = worse(status, send_one(c, cl.argv[i],
		    (cl.seen & OPT_XML) != 0, &t, &r));
		if (tty)
			progress(&t, i + 1, cl.argc);
	}
	if (tty)
		fputc('\n', stderr);
	if (cl.argc > 1)
		fprintf(stderr, "sent %d, already present %d, refused %d, "
		    "failed %d\n", t.sent, t.present, t.refused, t.failed);
	client_resp_free(&r);
	client_free(c);
	return status;
}

/* ---- inbox ----------------------------------------------------------- */

int
cmd_inbox(int argc, char **argv)
{
	static const char *const cols[] = { "id", "doctype", "from",
	    "received", "state", "taken", NULL };
	struct cmdline		 cl;
	struct client		*c;
	struct client_resp	 r;
	struct xdoc		*x;
	xmlNode			*root, *e, *next;
	char			 path[512], *href;
	int			 pages = 0, status = EXIT_OK;

	if (cmdline_parse(&cl, argc, argv, OPT_XML | OPT_UNACKED | OPT_ALL,
	    "carex inbox [--unacked] [--all] [--xml]") == -1 || cl.argc != 0)
		return EXIT_USAGE;
	if ((c = cmd_connect(&cl)) == NULL)
		return EXIT_USAGE;
	client_resp_init(&r);
	(void)snprintf(path, sizeof(path), "/v1/inbox%s",
	    cl.seen & OPT_UNACKED ? "?unacked=1" : "");
	for (;;) {
		if ((status = client_call(c, "inbox", "GET", path, NULL, 0,
		    NULL, NULL, &r)) != EXIT_OK)
			break;
		if (cl.seen & OPT_XML)
			fwrite(r.body.data, 1, r.body.len, stdout);
		if ((x = cmd_parse_answer("inbox", &r)) == NULL) {
			status = EXIT_RETRY;
			break;
		}
		root = xmlDocGetRootElement(x->doc);
		for (e = xmlnode_child(root, "document", NULL);
		    !(cl.seen & OPT_XML) && e != NULL;
		    e = xmlnode_child(root, "document", e))
			print_row(e, cols);
		next = xmlnode_child(root, "next", NULL);
		href = next != NULL ? xmlnode_dup(next, "href") : NULL;
		xmlsafe_free(x);
		if (href == NULL || !(cl.seen & OPT_ALL) ||
		    ++pages >= MAX_PAGES || strncmp(href, "/v1/inbox?", 10) ||
		    (size_t)snprintf(path, sizeof(path), "%s", href) >=
		    sizeof(path)) {
			free(href);
			break;
		}
		free(href);
	}
	client_resp_free(&r);
	client_free(c);
	return status;
}

/* ---- fetch ----------------------------------------------------------- */

int
cmd_fetch(int argc, char **argv)
{
	struct cmdline		 cl;
	struct client		*c;
	struct client_resp	 r;
	char			 path[128];
	const char		*out;
	int			 pdf, status;

	if (cmdline_parse(&cl, argc, argv, OPT_PDF | OPT_OUTPUT,
	    "carex fetch ID [--pdf] [-o FILE]") == -1 || cl.argc != 1)
		return EXIT_USAGE;
	if (!cmd_ids_valid(1, cl.argv))
		return EXIT_USAGE;
	pdf = (cl.seen & OPT_PDF) != 0;
	out = cl.output != NULL ? cl.output : "-";
	if (pdf && strcmp(out, "-") == 0 && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "carex: a PDF is not for the terminal: "
		    "-o FILE\n");
		return EXIT_USAGE;
	}
	if ((c = cmd_connect(&cl)) == NULL)
		return EXIT_USAGE;
	client_resp_init(&r);
	(void)snprintf(path, sizeof(path), "/v1/documents/%s", cl.argv[0]);
	if ((status = client_call(c, cl.argv[0], "GET", path, NULL, 0, NULL,
	    pdf ? "application/pdf" : "application/xml", &r)) == EXIT_OK &&
	    buf_write_file(&r.body, out) == -1) {
		fprintf(stderr, "carex: %s: %s\n", out, strerror(errno));
		status = EXIT_USAGE;
	}
	client_resp_free(&r);
	client_free(c);
	return status;
}

/* ---- ack ------------------------------------------------------------- */

static int
ack_body(const struct cmdline *cl, struct buf *b)
{
	const char	*p;

	if (!(cl->seen & (OPT_ACCEPT | OPT_REJECT)))
		return 0;	/* empty: taken */
	(void)buf_printf(b, "<ack xmlns=\"urn:carex:api:1\" stage=\"%s\"",
	    cl->seen & OPT_ACCEPT ? "accepted" : "rejected");
	if (cl->reject != NULL) {
		for (p = cl->reject; *p != '\0'; p++)
			if (!strchr("abcdefghijklmnopqrstuvwxyz-", *p))
				return -1;
		(void)buf_printf(b, " reason=\"%s\"", cl->reject);
	}
	(void)buf_adds(b, ">");
	for (p = cl->text != NULL ? cl->text : ""; *p != '\0'; p++)
		if (*p == '<')
			(void)buf_adds(b, "&lt;");
		else if (*p == '&')
			(void)buf_adds(b, "&amp;");
		else
			(void)buf_add(b, p, 1);
	return buf_adds(b, "</ack>");
}

int
cmd_ack(int argc, char **argv)
{
	struct cmdline		 cl;
	struct client		*c;
	struct client_resp	 r;
	struct buf		 body;
	char			 path[128];
	int			 i, rc, status = EXIT_OK;

	if (cmdline_parse(&cl, argc, argv, OPT_ACCEPT | OPT_REJECT | OPT_TEXT,
	    "carex ack [--accept | --reject REASON [--text TEXT]] ID...") ==
	    -1 || cl.argc < 1 || ((cl.seen & OPT_ACCEPT) &&
	    (cl.seen & OPT_REJECT)))
		return EXIT_USAGE;
	buf_init(&body, 64 * 1024);
	if (ack_body(&cl, &body) == -1) {
		fprintf(stderr, "carex: a reason is a code such as "
		    "not-registered, wrong-recipient, clinical-query\n");
		buf_free(&body);
		return EXIT_USAGE;
	}
	if (!cmd_ids_valid(cl.argc, cl.argv)) {
		buf_free(&body);
		return EXIT_USAGE;
	}
	if ((c = cmd_connect(&cl)) == NULL) {
		buf_free(&body);
		return EXIT_USAGE;
	}
	client_resp_init(&r);
	for (i = 0; i < cl.argc; i++) {
		(void)snprintf(path, sizeof(path), "/v1/documents/%s/ack",
		    cl.argv[i]);
		rc = client_call(c, cl.argv[i], "POST", path, body.data,
		    body.len, body.len ? "application/xml" : NULL, NULL, &r);
		if (rc == EXIT_OK)
			printf("%s: acknowledged\n", cl.argv[i]);
		status = worse(status, rc);
	}
	client_resp_free(&r);
	client_free(c);
	buf_free(&body);
	return status;
}

/* ---- status ---------------------------------------------------------- */

int
cmd_status(int argc, char **argv)
{
	static const char *const doc_cols[] = { "id", "doctype", "state",
	    "received", NULL };
	static const char *const cols[] = { "code", "taken", "accepted",
	    "rejected", "reason", "due", "overdue", "problem", NULL };
	struct cmdline		 cl;
	struct client		*c;
	struct client_resp	 r;
	struct xdoc		*x;
	xmlNode			*root, *e;
	char			 path[128];
	int			 status = EXIT_OK;

	if (cmdline_parse(&cl, argc, argv, OPT_XML, "carex status [--xml] ID")
	    == -1 || cl.argc != 1)
		return EXIT_USAGE;
	if (!cmd_ids_valid(1, cl.argv))
		return EXIT_USAGE;
	if ((c = cmd_connect(&cl)) == NULL)
		return EXIT_USAGE;
	client_resp_init(&r);
	(void)snprintf(path, sizeof(path), "/v1/documents/%s/status",
	    cl.argv[0]);
	if ((status = client_call(c, cl.argv[0], "GET", path, NULL, 0, NULL,
	    NULL, &r)) != EXIT_OK)
		;	/* reported */
	else if (cl.seen & OPT_XML)
		fwrite(r.body.data, 1, r.body.len, stdout);
	else if ((x = cmd_parse_answer(cl.argv[0], &r)) == NULL)
		status = EXIT_RETRY;
	else {
		root = xmlDocGetRootElement(x->doc);
		print_row(root, doc_cols);
		for (e = xmlnode_child(root, "recipient", NULL); e != NULL;
		    e = xmlnode_child(root, "recipient", e)) {
			printf("  ");
			print_row(e, cols);
		}
		xmlsafe_free(x);
	}
	client_resp_free(&r);
	client_free(c);
	return status;
}
