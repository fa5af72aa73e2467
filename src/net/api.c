/* SPDX-License-Identifier: MIT */
/* api.c - the /v1 HTTP API. The event loop only routes and identifies the
 * caller; every handler's work (parsing, validation, rendering, the
 * store's durable commits) runs on the worker pool, and the reply is sent
 * back on the loop. Handlers know nothing of SQL or PDF internals. */
#include "config.h"

#include <sys/queue.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/http.h>
#include <event2/http_struct.h>
#include <event2/keyvalq_struct.h>
#include <openssl/evp.h>

#include "domain/policy.h"
#include "net/conn.h"
#include "net/problem.h"
#include "net/server.h"
#include "net/ui.h"
#include "util/log.h"
#include "util/sha256.h"

#define API_ID_LEN	STORE_ID_LEN
#define RESP_MAX	(64u * 1024 * 1024)
#define INBOX_DEFAULT	100

enum route {
	R_SUBMIT, R_INBOX, R_FETCH, R_ACK, R_STATUS, R_RENDER
};

/* One request in flight. Loop thread: req (NULL once the client has
 * gone). Worker thread: everything else until done() runs. */
struct call {
	struct server		*s;
	struct gen		*gen;
	struct evhttp_request	*req;
	struct evhttp_connection *conn;
	enum route		 route;
	enum metrics_endpoint	 endpoint;
	uint64_t		 start_us;
	char			 id[API_ID_LEN + 1];
	struct participant	 caller;	/* strings borrowed from gen */
	struct store_actor	 actor;
	struct tls_peer		 peer;
	int			 want_pdf;
	char			 role[33];	/* render: ?role= */
	char			 after[64];	/* inbox: ?after= */
	int			 unacked;
	int			 limit;
	struct buf		 body;
	/* the answer */
	int			 status;
	const char		*ctype;
	struct buf		 out;
	char			 location[96];
	int			 retry_after;
	int			 stored_before;	/* a resubmission: same bytes */
	int			 close;		/* answer, then close */
};

uint64_t	api_now_us(void);

uint64_t
api_now_us(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000;
}

/* The answer is a problem document; detail must never echo raw input or a
 * local path: callers pass their own sentences. */
static void
answer_problem(struct call *c, int status, const char *type,
    const char *title, const char *detail, const struct errlist *errs)
{
	buf_reset(&c->out);
	c->status = status;
	c->ctype = "application/problem+xml";
	if (problem_build(&c->out, status, type, title, detail, errs) == -1) {
		buf_reset(&c->out);
		c->status = 500;
	}
}

/* Map an error record to its HTTP answer. */
static void
answer_err(struct call *c, const struct carex_err *e)
{
	switch (e->code) {
	case CAREX_ENOTFOUND:
		answer_problem(c, 404, "not-found", "Not found",
		    "There is no such document for you.", NULL);
		break;
	case CAREX_EFORBIDDEN:
		answer_problem(c, 403, "forbidden", "Not allowed", e->msg,
		    NULL);
		break;
	case CAREX_EINVALID:
	case CAREX_EPARSE:
		answer_problem(c, 422, "invalid-document",
		    "The document was refused", e->msg, NULL);
		break;
	case CAREX_ECONFLICT:
		answer_problem(c, 409, "conflict", "Conflict", e->msg, NULL);
		break;
	case CAREX_EUSAGE:
		answer_problem(c, 400, "bad-request", "Bad request", e->msg,
		    NULL);
		break;
	case CAREX_ELIMIT:
		answer_problem(c, 413, "too-large", "Too large", e->msg, NULL);
		break;
	case CAREX_EBUSY:
	case CAREX_ESYS:
		c->retry_after = 5;
		answer_problem(c, 503, "unavailable", "Try again later",
		    "The exchange could not complete this now; nothing was "
		    "lost. Try again shortly.", NULL);
		break;
	default:
		answer_problem(c, 500, "internal", "Internal error",
		    "The exchange failed to handle this request.", NULL);
	}
}

static void
iso_time(int64_t ms, char *out, size_t len)
{
	time_t		t = (time_t)(ms / 1000);
	struct tm	tm;

	if (ms <= 0 || gmtime_r(&t, &tm) == NULL) {
		(void)snprintf(out, len, "%s", "");
		return;
	}
	if (strftime(out, len, "%Y-%m-%dT%H:%M:%S", &tm) == 0 ||
	    len - strlen(out) < 6) {
		out[0] = '\0';
		return;
	}
	(void)snprintf(out + strlen(out), len - strlen(out), ".%03dZ",
	    (int)(ms % 1000) % 1000);
}

static const char *
state_name(enum store_state st)
{
	return st == STORE_SUPERSEDED ? "superseded" :
	    st == STORE_CANCELLED ? "cancelled" : "current";
}

/* Attribute name="value", escaped; skipped when value is empty. */
static void
attr(struct buf *b, const char *name, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	(void)buf_printf(b, " %s=\"", name);	/* bounded by RESP_MAX */
	(void)problem_escape(b, value);
	(void)buf_adds(b, "\"");
}

static void
doc_attrs(struct buf *b, const struct store_doc *d)
{
	char	t[40];

	attr(b, "id", d->id);
	attr(b, "doctype", d->doctype);
	attr(b, "from", d->sender);
	attr(b, "message-id", d->message_id);
	iso_time(d->received_ms, t, sizeof(t));
	attr(b, "received", t);
	attr(b, "state", state_name(d->state));
	attr(b, "replaced-by", d->replaced_by);
	if (d->replaces[0] != '\0')
		attr(b, d->replace == STORE_CANCELS ? "cancels" : "supersedes",
		    d->replaces);
	attr(b, "marking", d->marking);
	attr(b, "sha256", d->sha256);
}

/* ---- submit ---------------------------------------------------------- */

struct recipients {
	char	**v;
	size_t	  n;
	int	  oom;	/* the list is short: not to be compared */
};

static int
add_recipient(void *arg, const struct store_delivery *d)
{
	struct recipients	*r = arg;

	if (registry_strv_add(&r->v, &r->n, d->recipient) == -1)
		r->oom = 1;
	return r->oom;
}

/*
 * A replacement is about the same patient, of the same doctype and to
 * every original recipient as the document it replaces (which, once
 * stored, never changes: only its state does, and the store checks that
 * in the submit's own transaction). 0 to go on to the store, 1 when
 * answered. A replaced document the caller cannot see is left to the
 * store, which answers it as any unknown one.
 */
static int
check_replacement(struct call *c, const struct checked *chk, char **to,
    const char *rep, struct errlist *errs)
{
	struct store_doc	 d;
	struct checked		 old;
	struct buf		 body;
	struct carex_err	 err;
	struct recipients	 old_to = { NULL, 0, 0 };
	int			 n = -1;

	memset(&old, 0, sizeof(old));
	buf_init(&body, XMLSAFE_MAX_BYTES);	/* as a fetch: what was stored */
	err_clear(&err);
	if (store_fetch(c->s->store, &c->actor, rep, &d, &body, &err) == -1) {
		if (err.code == CAREX_ENOTFOUND)
			n = 0;
		goto out;
	}
	if (store_status(c->s->store, &c->actor, rep, server_now_ms(), &d,
	    add_recipient, &old_to, &err) == -1) {
		if (err.code == CAREX_ENOTFOUND)
			n = 0;	/* not the caller's own: the store says so */
		goto out;
	}
	if (old_to.oom) {
		err_set(&err, CAREX_ESYS, "out of memory");
		goto out;
	}
	if (pipeline_load(c->gen->pl, body.data, body.len, d.doctype, &old,
	    &err) == -1 || (n = pipeline_replacement(chk, to, &old, old_to.v,
	    errs, &err)) == -1)
		goto out;
	if (n > 0) {
		answer_problem(c, 422, "bad-replace", "Cannot replace",
		    "The document does not match the one named in "
		    "<supersedes> or <cancels>: each difference is below.",
		    errs);
		(void)store_audit(c->s->store, &c->actor, "submit", rep,
		    "bad-replace", errs->v[0].msg, NULL);
	}
out:
	if (n == -1)
		answer_err(c, &err);
	registry_strv_free(old_to.v);
	pipeline_checked_free(&old);
	buf_free(&body);
	return n != 0;
}

static void
work_submit(struct call *c)
{
	struct checked		 chk;
	struct errlist		 errs;
	struct carex_err	 err;
	struct store_submit	 in;
	struct store_submitted	 out;
	char			 from[64], msgid[80], marking[32], rep[64];
	char			 **to = NULL;
	const char		*tov[64], *urls[64];
	const struct participant *pt;
	char			 t[40];
	int64_t			 deadline;
	size_t			 n;
	int			 rc;

	memset(&chk, 0, sizeof(chk));
	memset(&in, 0, sizeof(in));
	errlist_init(&errs, 100);
	err_clear(&err);
	rc = pipeline_check(c->gen->pl, c->body.data, c->body.len, &chk, &errs,
	    &err);
	if (rc == 1) {
		answer_problem(c, 422, "invalid-document",
		    "The document is not valid", "The document was not "
		    "stored: each error below gives its line, column and "
		    "rule.", &errs);
		(void)store_audit(c->s->store, &c->actor, "submit", NULL,
		    "invalid", errs.n ? errs.v[0].rule : "", NULL);
		goto out;
	}
	if (rc == -1) {
		answer_err(c, &err);
		goto out;
	}
	if (pipeline_header(&chk, "from", from, sizeof(from)) == -1 ||
	    pipeline_header(&chk, "message-id", msgid, sizeof(msgid)) == -1 ||
	    pipeline_header(&chk, "marking", marking, sizeof(marking)) == -1 ||
	    doctype_recipients(chk.dt, chk.x, &to, &err) == -1) {
		if (err.code == CAREX_OK)
			err_set(&err, CAREX_EINVALID, "the common header is "
			    "incomplete");
		answer_err(c, &err);
		goto out;
	}
	if (policy_submit(pipeline_directory(c->gen->pl), chk.dt, &c->caller,
	    from, to, &err) == -1) {
		answer_err(c, &err);
		(void)store_audit(c->s->store, &c->actor, "submit", NULL,
		    "denied", err.msg, NULL);
		goto out;
	}
	/* Each recipient's push endpoint as the directory has it now: the
	 * outbox keeps it, so a later reload does not redirect a delivery. */
	for (n = 0; to[n] != NULL && n < 64; n++) {
		tov[n] = to[n];
		pt = directory_find(pipeline_directory(c->gen->pl), to[n]);
		urls[n] = pt != NULL ? pt->push_url : NULL;
	}
	in.push_urls = urls;
	in.message_id = msgid;
	in.doctype = doctype_name(chk.dt);
	in.marking = marking;
	in.to = tov;
	in.nto = n;
	if (pipeline_header(&chk, "supersedes", rep, sizeof(rep)) == 0) {
		in.replace = STORE_SUPERSEDES;
		in.replaces = rep;
	} else if (pipeline_header(&chk, "cancels", rep, sizeof(rep)) == 0) {
		in.replace = STORE_CANCELS;
		in.replaces = rep;
	}
	if (in.replace != STORE_REPLACE_NONE &&
	    check_replacement(c, &chk, to, rep, &errs))
		goto out;
	in.body = c->body.data;
	in.len = c->body.len;
	in.now_ms = server_now_ms();
	deadline = conf_ack_deadline(&c->s->conf, in.doctype);
	in.ack_due_ms = deadline > 0 ? in.now_ms + 1000 * deadline : 0;
	in.expires_ms = c->s->conf.retention > 0 ? in.now_ms +
	    1000 * c->s->conf.retention : 0;
	if (store_submit(c->s->store, &c->actor, &in, &out, &err) == -1) {
		metrics_store_error(&c->s->metrics);
		log_warnx("event=store-error op=submit from=%s msg=%s",
		    c->caller.code, log_str(err.msg));
		err.code = CAREX_ESYS;
		answer_err(c, &err);
		goto out;
	}
	if (out.pushes > 0)
		push_wake(c->s->push);
	switch (out.outcome) {
	case STORE_CREATED:
	case STORE_SAME:
		c->stored_before = out.outcome == STORE_SAME;
		c->status = 201;
		c->ctype = "application/xml";
		(void)snprintf(c->location, sizeof(c->location),
		    "/v1/documents/%s", out.id);
		iso_time(out.received_ms, t, sizeof(t));
		(void)buf_printf(&c->out, "<?xml version=\"1.0\" encoding="
		    "\"UTF-8\"?>\n<receipt xmlns=\"urn:carex:api:1\"");
		attr(&c->out, "id", out.id);
		attr(&c->out, "message-id", msgid);
		attr(&c->out, "doctype", in.doctype);
		attr(&c->out, "received", t);
		attr(&c->out, "sha256", out.sha256);
		(void)buf_adds(&c->out, "/>\n");
		break;
	case STORE_CONFLICT:
		answer_problem(c, 409, "message-id-reused", "Message id "
		    "already used", "A different document with this message "
		    "id was already stored from you. Give a corrected document "
		    "a new message id, and name the earlier one in "
		    "<supersedes>.", NULL);
		break;
	case STORE_BAD_REPLACE:
		answer_problem(c, 422, "bad-replace", "Cannot replace",
		    "The document named in <supersedes> or <cancels> is not "
		    "a current document you sent.", NULL);
		break;
	}
out:
	registry_strv_free(to);
	pipeline_checked_free(&chk);
	errlist_free(&errs);
}

/* ---- inbox ----------------------------------------------------------- */

static int
inbox_entry(void *arg, const struct store_doc *d)
{
	struct call	*c = arg;
	char		 t[40];

	(void)buf_adds(&c->out, "  <document");
	doc_attrs(&c->out, d);
	iso_time(d->taken_ms, t, sizeof(t));
	attr(&c->out, "taken", t);
	(void)buf_adds(&c->out, "/>\n");
	return 0;
}

static void
work_inbox(struct call *c)
{
	struct store_inbox_query	q;
	struct carex_err		err;
	char				next[64];
	size_t				mark;

	memset(&q, 0, sizeof(q));
	q.recipient = c->caller.code;
	q.after = c->after[0] ? c->after : NULL;
	q.unacked_only = c->unacked;
	q.limit = c->limit;
	(void)buf_adds(&c->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<inbox xmlns=\"urn:carex:api:1\"");
	attr(&c->out, "participant", c->caller.code);
	mark = c->out.len;
	(void)buf_adds(&c->out, ">\n");
	err_clear(&err);
	if (store_inbox(c->s->store, &c->actor, &q, inbox_entry, c, next,
	    &err) == -1) {
		answer_err(c, &err);
		return;
	}
	(void)mark;
	if (next[0] != '\0')
		(void)buf_printf(&c->out, "  <next href=\"/v1/inbox?after=%s%s"
		    "\"/>\n", next, c->unacked ? "&amp;unacked=1" : "");
	(void)buf_adds(&c->out, "</inbox>\n");
	c->status = 200;
	c->ctype = "application/xml";
}

/* ---- fetch ----------------------------------------------------------- */

/*
 * A stored document whose rendition cannot be made: a 500 for the caller,
 * a log line, and the reason recorded where the sender sees it (the
 * recipient's delivery in the status view) and in the audit.
 */
static void
unservable(struct call *c, const struct carex_err *err)
{
	log_warnx("event=render-error id=%s msg=%s", c->id, log_str(err->msg));
	buf_reset(&c->out);
	answer_problem(c, 500, "render-failed", "Cannot render",
	    "The stored document could not be rendered. The sender has been "
	    "told, in its status view; try again later.", NULL);
	(void)store_served(c->s->store, &c->actor, c->id, "pdf", NULL,
	    err->msg[0] != '\0' ? err->msg : "the rendition failed", NULL);
}

static void
work_fetch(struct call *c)
{
	struct store_doc	 d;
	struct checked		 chk;
	struct carex_err	 err;
	struct render_opts	 ro;
	struct buf		 xml;
	char			 sha[65], rtime[32], btime[32];
	const char		*role = NULL;

	memset(&chk, 0, sizeof(chk));
	buf_init(&xml, XMLSAFE_MAX_BYTES);
	err_clear(&err);
	if (store_fetch(c->s->store, &c->actor, c->id, &d, &xml, &err) == -1) {
		answer_err(c, &err);
		goto out;
	}
	if (!c->want_pdf) {
		c->status = 200;
		c->ctype = "application/xml";
		(void)buf_add(&c->out, xml.data, xml.len);
		(void)store_served(c->s->store, &c->actor, c->id, "xml",
		    d.sha256, NULL, NULL);
		goto out;
	}
	/* The rendition of the caller's role; the sender, who may not be a
	 * receiving role, gets the doctype's first rendition. */
	if (pipeline_load(c->gen->pl, xml.data, xml.len, d.doctype, &chk,
	    &err) == -1) {
		unservable(c, &err);
		goto out;
	}
	if (doctype_rendition(chk.dt, c->caller.role) != NULL)
		role = c->caller.role;
	memset(&ro, 0, sizeof(ro));
	ro.role = role;
	ro.recipient = role != NULL && strcmp(d.sender, c->caller.code) != 0 ?
	    c->caller.code : NULL;
	ro.status = d.state == STORE_SUPERSEDED ? "superseded" :
	    d.state == STORE_CANCELLED ? "cancelled" : NULL;
	if (d.replaces_msgid[0] != '\0') {
		iso_time(d.replaces_ms, rtime, sizeof(rtime));
		ro.replaces_ref = d.replaces_msgid;
		ro.replaces_time = rtime;
	}
	if (d.replaced_by_msgid[0] != '\0') {
		iso_time(d.replaced_by_ms, btime, sizeof(btime));
		ro.replaced_by_ref = d.replaced_by_msgid;
		ro.replaced_by_time = btime;
	}
	if (pipeline_render(c->gen->pl, &chk, &ro, &c->out, &err) == -1) {
		unservable(c, &err);
		goto out;
	}
	c->status = 200;
	c->ctype = "application/pdf";
	sha256_hex(c->out.data, c->out.len, sha);
	(void)store_served(c->s->store, &c->actor, c->id, "pdf", sha, NULL,
	    NULL);
out:
	pipeline_checked_free(&chk);
	buf_free(&xml);
}

/* ---- ack ------------------------------------------------------------- */

/* The ack body is optional: empty means "taken"; otherwise
 * <ack xmlns="urn:carex:api:1" stage="accepted|rejected|taken"
 *      reason="code">free text</ack>. */
static void
work_ack(struct call *c)
{
	struct carex_err	 err;
	struct xdoc		*x = NULL;
	xmlNodePtr		 root;
	xmlChar			*stage = NULL, *reason = NULL, *text = NULL;
	enum store_stage	 st = STORE_TAKEN;

	err_clear(&err);
	if (c->body.len > 0) {
		struct xmlsafe_limits lim = { .max_bytes = 16384,
		    .max_depth = 4, .max_nodes = 16 };

		if ((x = xmlsafe_parse(c->body.data, c->body.len, &lim,
		    &err)) == NULL) {
			answer_problem(c, 400, "bad-ack", "Bad acknowledgement",
			    err.msg, NULL);
			goto out;
		}
		root = xmlDocGetRootElement(x->doc);
		if (!xmlStrEqual(root->name, (const xmlChar *)"ack") ||
		    root->ns == NULL || !xmlStrEqual(root->ns->href,
		    (const xmlChar *)"urn:carex:api:1")) {
			answer_problem(c, 400, "bad-ack", "Bad acknowledgement",
			    "The body must be an <ack> element in namespace "
			    "urn:carex:api:1.", NULL);
			goto out;
		}
		stage = xmlGetProp(root, (const xmlChar *)"stage");
		reason = xmlGetProp(root, (const xmlChar *)"reason");
		text = xmlNodeGetContent(root);
		if (stage == NULL || xmlStrEqual(stage, (const xmlChar *)"taken"))
			st = STORE_TAKEN;
		else if (xmlStrEqual(stage, (const xmlChar *)"accepted"))
			st = STORE_ACCEPTED;
		else if (xmlStrEqual(stage, (const xmlChar *)"rejected"))
			st = STORE_REJECTED;
		else {
			answer_problem(c, 400, "bad-ack", "Bad acknowledgement",
			    "stage must be taken, accepted or rejected.", NULL);
			goto out;
		}
		if (st == STORE_REJECTED && (reason == NULL ||
		    xmlStrlen(reason) == 0 || xmlStrlen(reason) > 31)) {
			answer_problem(c, 400, "bad-ack", "Bad acknowledgement",
			    "A rejection needs a reason code (for example "
			    "not-registered, wrong-recipient, clinical-query).",
			    NULL);
			goto out;
		}
	}
	if (store_ack(c->s->store, &c->actor, c->id, st,
	    reason ? (const char *)reason : "", text ? (const char *)text : "",
	    server_now_ms(), &err) == -1) {
		answer_err(c, &err);
		goto out;
	}
	c->status = 204;
out:
	xmlFree(stage);
	xmlFree(reason);
	xmlFree(text);
	xmlsafe_free(x);
}

/* ---- status ---------------------------------------------------------- */

/* A recipient with a push endpoint: the state of its delivery there. */
static void
push_attrs(struct buf *b, const struct store_delivery *d)
{
	static const char *const states[] = { "", "pending", "pushed",
	    "failed" };
	char	t[40];

	if (d->push_state == STORE_PUSH_NONE)
		return;
	attr(b, "push", states[d->push_state]);
	(void)buf_printf(b, " push-attempts=\"%d\"", d->push_attempts);
	iso_time(d->pushed_ms, t, sizeof(t));
	attr(b, "pushed", t);
	iso_time(d->push_next_ms, t, sizeof(t));
	attr(b, "push-next", t);
	attr(b, "push-error", d->push_error);
}

static int
status_entry(void *arg, const struct store_delivery *d)
{
	struct call	*c = arg;
	char		 t[40];

	(void)buf_adds(&c->out, "  <recipient");
	attr(&c->out, "code", d->recipient);
	iso_time(d->taken_ms, t, sizeof(t));
	attr(&c->out, "taken", t);
	iso_time(d->accepted_ms, t, sizeof(t));
	attr(&c->out, "accepted", t);
	iso_time(d->rejected_ms, t, sizeof(t));
	attr(&c->out, "rejected", t);
	attr(&c->out, "reason", d->reason);
	iso_time(d->ack_due_ms, t, sizeof(t));
	attr(&c->out, "due", t);
	if (d->overdue)
		attr(&c->out, "overdue", "true");
	push_attrs(&c->out, d);
	attr(&c->out, "problem", d->problem);
	iso_time(d->problem_ms, t, sizeof(t));
	attr(&c->out, "problem-at", t);
	if (d->text[0] != '\0') {
		(void)buf_adds(&c->out, ">");
		(void)problem_escape(&c->out, d->text);
		(void)buf_adds(&c->out, "</recipient>\n");
	} else
		(void)buf_adds(&c->out, "/>\n");
	return 0;
}

static void
work_status(struct call *c)
{
	struct store_doc	d;
	struct carex_err	err;
	struct buf		rows;
	struct buf		keep;

	err_clear(&err);
	buf_init(&rows, RESP_MAX);
	keep = c->out;
	c->out = rows;
	if (store_status(c->s->store, &c->actor, c->id, server_now_ms(), &d,
	    status_entry, c, &err) == -1) {
		rows = c->out;
		c->out = keep;
		buf_free(&rows);
		answer_err(c, &err);
		return;
	}
	rows = c->out;
	c->out = keep;
	(void)buf_adds(&c->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<status xmlns=\"urn:carex:api:1\"");
	doc_attrs(&c->out, &d);
	(void)buf_adds(&c->out, ">\n");
	(void)buf_add(&c->out, rows.data, rows.len);
	(void)buf_adds(&c->out, "</status>\n");
	buf_free(&rows);
	c->status = 200;
	c->ctype = "application/xml";
}

/* ---- render without storing ------------------------------------------ */

static void
work_render(struct call *c)
{
	struct checked		chk;
	struct errlist		errs;
	struct carex_err	err;
	struct render_opts	ro;
	char			from[64], **to = NULL;
	int			rc;

	memset(&chk, 0, sizeof(chk));
	errlist_init(&errs, 100);
	err_clear(&err);
	rc = pipeline_check(c->gen->pl, c->body.data, c->body.len, &chk, &errs,
	    &err);
	if (rc == 1) {
		answer_problem(c, 422, "invalid-document", "The document is "
		    "not valid", "Each error below gives its line, column "
		    "and rule.", &errs);
		goto out;
	}
	if (rc == -1) {
		answer_err(c, &err);
		goto out;
	}
	/* A draft is rendered on its sender's letterhead: only the sender may
	 * do that. */
	if (pipeline_header(&chk, "from", from, sizeof(from)) == -1 ||
	    strcmp(from, c->caller.code) != 0) {
		answer_problem(c, 403, "forbidden", "Not allowed", "You can "
		    "render only documents that are from you.", NULL);
		goto out;
	}
	/* And only what the caller could send: the submit policy, so a
	 * pharmacy cannot typeset an IJB direction on its own letterhead. */
	if (doctype_recipients(chk.dt, chk.x, &to, &err) == -1 ||
	    policy_submit(pipeline_directory(c->gen->pl), chk.dt, &c->caller,
	    from, to, &err) == -1) {
		answer_err(c, &err);
		(void)store_audit(c->s->store, &c->actor, "render", NULL,
		    "denied", err.msg, NULL);
		goto out;
	}
	memset(&ro, 0, sizeof(ro));
	ro.role = c->role[0] ? c->role : NULL;
	if (pipeline_render(c->gen->pl, &chk, &ro, &c->out, &err) == -1) {
		buf_reset(&c->out);
		if (err.code == CAREX_ENOTFOUND)
			answer_problem(c, 422, "no-rendition", "No such "
			    "rendition", err.msg, NULL);
		else if (err.code == CAREX_EINVALID ||
		    err.code == CAREX_ELIMIT)
			/* The typesetter's own words: which character or
			 * how many pages, never a bare 500. */
			answer_problem(c, 422, "cannot-print", "The document "
			    "cannot be printed", err.msg, NULL);
		else {
			log_warnx("event=render-error msg=%s", log_str(err.msg));
			answer_problem(c, 500, "render-failed", "Cannot "
			    "render", "The document could not be rendered.",
			    NULL);
		}
		goto out;
	}
	c->status = 200;
	c->ctype = "application/pdf";
	(void)store_audit(c->s->store, &c->actor, "render", NULL, "ok",
	    doctype_name(chk.dt), NULL);
out:
	registry_strv_free(to);
	pipeline_checked_free(&chk);
	errlist_free(&errs);
}

static void
work(void *arg)
{
	struct call	*c = arg;

	switch (c->route) {
	case R_SUBMIT:	work_submit(c); break;
	case R_INBOX:	work_inbox(c); break;
	case R_FETCH:	work_fetch(c); break;
	case R_ACK:	work_ack(c); break;
	case R_STATUS:	work_status(c); break;
	case R_RENDER:	work_render(c); break;
	}
}

/* ---- the loop side ----------------------------------------------------- */

static void
call_free(struct call *c)
{
	if (c->gen != NULL)
		gen_unref(c->gen);
	buf_free(&c->body);
	buf_free(&c->out);
	free(c);
}

static void
on_close(struct evhttp_connection *conn, void *arg)
{
	struct call	*c = arg;

	(void)conn;
	c->req = NULL;		/* the client went away: drop the answer */
	c->conn = NULL;
}

static void
send_answer(struct server *s, struct evhttp_request *req, struct call *c)
{
	struct evkeyvalq	*h = evhttp_request_get_output_headers(req);
	struct evbuffer		*b;
	char			 v[128];

	if (c->ctype != NULL)
		(void)evhttp_add_header(h, "Content-Type", c->ctype);
	if (c->location[0] != '\0')
		(void)evhttp_add_header(h, "Location", c->location);
	/* The original answer, and a word that it is one, so a client
	 * resuming a batch can say what was already there. */
	if (c->stored_before)
		(void)evhttp_add_header(h, "Carex-Stored-Before", "true");
	if (c->retry_after > 0) {
		(void)snprintf(v, sizeof(v), "%d", c->retry_after);
		(void)evhttp_add_header(h, "Retry-After", v);
	}
	if (c->peer.days_left <= 30) {
		(void)snprintf(v, sizeof(v), "299 carexd \"client certificate "
		    "expires in %ld days\"", c->peer.days_left);
		(void)evhttp_add_header(h, "Warning", v);
	}
	if (s->stopping || c->close)
		(void)evhttp_add_header(h, "Connection", "close");
	(void)evhttp_add_header(h, "Cache-Control", "no-store");
	(void)evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	b = evbuffer_new();
	if (b != NULL && c->out.len > 0)
		(void)evbuffer_add(b, c->out.data, c->out.len);
	evhttp_send_reply(req, c->status, NULL, b);
	if (b != NULL)
		evbuffer_free(b);
	metrics_request(&s->metrics, c->endpoint, c->status,
	    api_now_us() - c->start_us);
	log_info("event=request route=%d participant=%s status=%d bytes=%zu "
	    "us=%llu", (int)c->route, c->caller.code, c->status, c->out.len,
	    (unsigned long long)(api_now_us() - c->start_us));
}

static void
done(void *arg)
{
	struct call	*c = arg;

	if (c->req != NULL) {
		evhttp_connection_set_closecb(c->conn, NULL, NULL);
		send_answer(c->s, c->req, c);
	}
	call_free(c);
}

/* Answer straight from the loop (routing errors, busy). */
static void
answer_now(struct call *c, int status, const char *type, const char *title,
    const char *detail)
{
	answer_problem(c, status, type, title, detail, NULL);
	send_answer(c->s, c->req, c);
	call_free(c);
}

/* A token character of RFC 9110 5.6.2: what a header name is made of. */
static int
tchar(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || (ch != '\0' &&
	    strchr("!#$%&'*+-.^_`|~", ch) != NULL);
}

/*
 * The request's framing, checked strictly before anything acts on it:
 * libevent 2.1 reads "Content-Length: +3" as 3, keeps "Host : x" as a
 * header named "Host ", frames "Transfer-Encoding: gzip, chunked" by
 * Content-Length, and serves HTTP/1.1 without a Host. A proxy in front
 * may read each of these another way, which is how a second request is
 * smuggled past it. NULL, or what is wrong and what to send instead; the
 * caller answers 400 and closes the connection, so nothing left in it is
 * ever read as a request.
 */
static const char *
framing_error(struct evhttp_request *req)
{
	struct evkeyvalq	*h = evhttp_request_get_input_headers(req);
	struct evkeyval		*kv;
	const char		*p;
	int			 cl = 0, te = 0, host = 0;

	TAILQ_FOREACH(kv, h, next) {
		for (p = kv->key; *p != '\0' && tchar((unsigned char)*p); p++)
			;
		if (*p != '\0' || p == kv->key)
			return "A header name holds a character that is not "
			    "allowed (a space before the colon?). Write "
			    "\"Name: value\" with nothing between the name "
			    "and the colon.";
		if (strcasecmp(kv->key, "Host") == 0)
			host++;
		else if (strcasecmp(kv->key, "Content-Length") == 0) {
			cl++;
			for (p = kv->value; *p >= '0' && *p <= '9'; p++)
				;
			if (*p != '\0' || p == kv->value || p - kv->value > 18)
				return "Content-Length must be digits only "
				    "(no sign, no spaces, no list).";
		} else if (strcasecmp(kv->key, "Transfer-Encoding") == 0) {
			te++;
			if (strcasecmp(kv->value, "chunked") != 0)
				return "Transfer-Encoding must be exactly "
				    "\"chunked\", or absent with a "
				    "Content-Length.";
		}
	}
	if (cl > 1 || te > 1 || (cl > 0 && te > 0))
		return "The request gives its length more than once "
		    "(Content-Length twice, Transfer-Encoding twice, or both). "
		    "Send one.";
	if (req->major == 1 && req->minor >= 1 && host != 1)
		return host == 0 ? "An HTTP/1.1 request must have a Host "
		    "header." : "The request has more than one Host header. "
		    "Send one.";
	return NULL;
}

/* The participant behind the connection's certificate, or NULL. */
static const struct participant *
identify(struct call *c, SSL *ssl)
{
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	/* tests/fuzz/fuzz_http.c speaks plain HTTP, as one participant. */
	if (ssl == NULL) {
		memset(&c->peer, 0, sizeof(c->peer));
		(void)snprintf(c->peer.cn, sizeof(c->peer.cn), "adrs-glasgow");
		c->peer.days_left = 365;
		return directory_find(pipeline_directory(c->gen->pl),
		    c->peer.cn);
	}
#endif
	if (ssl == NULL)
		return NULL;
	if (tls_peer(c->gen->tls, ssl, &c->peer) != TLS_OK) {
		/* Passed its handshake, but no longer: a reload revoked or
		 * removed it, or our CRL has expired since. */
		server_tls_refused(c->s, &c->peer, "open");
		return NULL;
	}
	return directory_find(pipeline_directory(c->gen->pl), c->peer.cn);
}

static const char *
query_value(struct evkeyvalq *q, const char *key)
{
	return evhttp_find_header(q, key);
}

static void
dispatch(struct evhttp_request *req, void *arg)
{
	struct server			*s = arg;
	struct call			*c;
	const struct evhttp_uri		*uri = evhttp_request_get_evhttp_uri(req);
	const char			*path, *accept, *v, *qs, *ctype, *why;
	const struct participant	*pt;
	enum evhttp_cmd_type		 m = evhttp_request_get_command(req);
	struct bufferevent		*bev;
	struct evkeyvalq		 q;
	struct evbuffer			*in;
	SSL				*ssl;
	struct ui_refusal		 refusal;
	size_t				 n;

	conn_request_read(req);
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		evhttp_send_error(req, 503, NULL);
		return;
	}
	c->s = s;
	c->req = req;
	c->conn = evhttp_request_get_connection(req);
	c->start_us = api_now_us();
	c->endpoint = M_OTHER;
	buf_init(&c->body, s->conf.max_body);
	buf_init(&c->out, RESP_MAX);
	c->gen = gen_ref(s->gen);
	bev = evhttp_connection_get_bufferevent(c->conn);
	ssl = bev ? bufferevent_openssl_get_ssl(bev) : NULL;
	if ((pt = identify(c, ssl)) == NULL) {
		/* The handshake passed, so a reload or the CRL's expiry
		 * changed the answer since: this connection is done. */
		c->close = 1;
		if (tls_refusal_ours(c->peer.refusal)) {
			c->retry_after = 60;
			answer_now(c, 503, "unavailable", "Cannot check "
			    "certificates", "The exchange's certificate "
			    "revocation list is out of date, so it accepts no "
			    "connection until its operator installs a fresh "
			    "one. Nothing was done; try again later.");
		} else
			answer_now(c, 403, "forbidden", "Certificate no longer "
			    "accepted", "Since this connection was opened "
			    "the exchange stopped accepting your certificate "
			    "(revoked, or no longer a participant). Nothing was "
			    "done; ask your administrator for a new "
			    "certificate.");
		return;
	}
	if ((why = framing_error(req)) != NULL) {
		c->close = 1;
		answer_now(c, 400, "bad-request", "Malformed request", why);
		return;
	}
	c->caller = *pt;
	c->actor.participant = pt->code;
	c->actor.cert_sha256 = c->peer.sha256;
	c->actor.addr = c->peer.addr;
	path = uri ? evhttp_uri_get_path(uri) : NULL;
	if (path == NULL)
		path = "";
	if (ui_path(path)) {
		if (!ui_allowed(c->gen->pl, pt))
			answer_now(c, 403, "forbidden", "Not allowed", "The "
			    "drafting page is for participants who issue "
			    "directions.");
		else if (ui_serve(req, s->conf.datadir, path, &refusal) == -1)
			answer_now(c, refusal.status, refusal.type,
			    refusal.title, refusal.detail);
		else
			call_free(c);
		return;
	}
	if (strcmp(path, "/v1/documents") == 0 && m == EVHTTP_REQ_POST) {
		c->route = R_SUBMIT;
		c->endpoint = M_SUBMIT;
	} else if (strcmp(path, "/v1/render") == 0 && m == EVHTTP_REQ_POST) {
		c->route = R_RENDER;
		c->endpoint = M_RENDER;
	} else if (strcmp(path, "/v1/inbox") == 0 && m == EVHTTP_REQ_GET) {
		c->route = R_INBOX;
		c->endpoint = M_INBOX;
	} else if (strncmp(path, "/v1/documents/", 14) == 0) {
		const char *id = path + 14, *slash = strchr(id, '/');

		n = slash ? (size_t)(slash - id) : strlen(id);
		if (!store_id_valid(id, n)) {
			answer_now(c, 404, "not-found", "Not found", "There "
			    "is no such document for you.");
			return;
		}
		memcpy(c->id, id, n);
		c->id[n] = '\0';
		if (slash == NULL && m == EVHTTP_REQ_GET) {
			c->route = R_FETCH;
			accept = evhttp_find_header(
			    evhttp_request_get_input_headers(req), "Accept");
			c->want_pdf = accept != NULL &&
			    strstr(accept, "application/pdf") != NULL;
			c->endpoint = c->want_pdf ? M_FETCH_PDF : M_FETCH;
		} else if (slash != NULL && strcmp(slash, "/ack") == 0 &&
		    m == EVHTTP_REQ_POST) {
			c->route = R_ACK;
			c->endpoint = M_ACK;
		} else if (slash != NULL && strcmp(slash, "/status") == 0 &&
		    m == EVHTTP_REQ_GET) {
			c->route = R_STATUS;
			c->endpoint = M_STATUS;
		} else {
			answer_now(c, 404, "not-found", "Not found", "No such "
			    "resource.");
			return;
		}
	} else {
		answer_now(c, 404, "not-found", "Not found", "No such "
		    "resource. The API is under /v1.");
		return;
	}
	/* query parameters */
	qs = uri ? evhttp_uri_get_query(uri) : NULL;
	c->limit = INBOX_DEFAULT;
	if (qs != NULL) {
		memset(&q, 0, sizeof(q));
		if (evhttp_parse_query_str(qs, &q) != 0) {
			answer_now(c, 400, "bad-request", "Bad request",
			    "The query string is malformed.");
			return;
		}
		if ((v = query_value(&q, "after")) != NULL)
			(void)snprintf(c->after, sizeof(c->after), "%s", v);
		if ((v = query_value(&q, "unacked")) != NULL)
			c->unacked = strcmp(v, "0") != 0;
		if ((v = query_value(&q, "limit")) != NULL) {
			char *end;
			long l = strtol(v, &end, 10);

			c->limit = *end == '\0' && l >= 1 && l <= 500 ?
			    (int)l : -1;
		}
		if ((v = query_value(&q, "role")) != NULL)
			(void)snprintf(c->role, sizeof(c->role), "%s", v);
		evhttp_clear_headers(&q);
		if (c->limit == -1) {
			answer_now(c, 400, "bad-request", "Bad request",
			    "limit must be a whole number from 1 to 500.");
			return;
		}
	}
	if (c->route == R_SUBMIT || c->route == R_RENDER) {
		ctype = evhttp_find_header(evhttp_request_get_input_headers(req),
		    "Content-Type");
		if (ctype == NULL || (strncmp(ctype, "application/xml", 15) != 0 &&
		    strncmp(ctype, "text/xml", 8) != 0)) {
			answer_now(c, 415, "unsupported-media-type",
			    "Unsupported media type", "Send the document as "
			    "Content-Type: application/xml.");
			return;
		}
	}
	in = evhttp_request_get_input_buffer(req);
	n = evbuffer_get_length(in);
	if (n > 0 && (buf_add(&c->body, evbuffer_pullup(in, -1), n) == -1)) {
		answer_now(c, 413, "too-large", "Too large", "The body is "
		    "larger than this exchange accepts.");
		return;
	}
	if (pool_submit(s->pool, c->caller.code, work, done, c) == -1) {
		__atomic_add_fetch(&s->metrics.busy, 1, __ATOMIC_RELAXED);
		c->retry_after = 2;
		answer_now(c, 503, "busy", "Busy", "The exchange is busy. "
		    "Nothing was stored; try again shortly.");
		return;
	}
	evhttp_connection_set_closecb(c->conn, on_close, c);
}

void
api_register(struct server *s)
{
	evhttp_set_gencb(s->http, dispatch, s);
}
