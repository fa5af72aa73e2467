/* SPDX-License-Identifier: MIT */
/* audit.c - the audit hash chain (see audit.h and docs/internals/store.md
 * for the exact format). Storage is the backends' business. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "audit.h"
#include "store/anchor.h"

const char audit_genesis[AUDIT_HASH_HEX + 1] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static int
audit_field_ok(const char *name, const char *v, size_t max,
    struct carex_err *err)
{
	if (v == NULL) {
		err_set(err, CAREX_EUSAGE, "audit %s is missing", name);
		return -1;
	}
	if (strlen(v) > max) {
		err_set(err, CAREX_EUSAGE, "audit %s is longer than %zu bytes",
		    name, max);
		return -1;
	}
	return 0;
}

int
audit_check(const struct audit_rec *r, struct carex_err *err)
{
	if (audit_field_ok("participant", r->participant,
	    AUDIT_PARTICIPANT_MAX, err) == -1 ||
	    audit_field_ok("certificate", r->cert, AUDIT_CERT_MAX, err) == -1 ||
	    audit_field_ok("address", r->addr, AUDIT_ADDR_MAX, err) == -1 ||
	    audit_field_ok("action", r->action, AUDIT_ACTION_MAX, err) == -1 ||
	    audit_field_ok("document id", r->doc_id, AUDIT_DOC_ID_MAX,
	    err) == -1 ||
	    audit_field_ok("outcome", r->outcome, AUDIT_OUTCOME_MAX,
	    err) == -1 ||
	    audit_field_ok("detail", r->detail, AUDIT_DETAIL_MAX, err) == -1)
		return -1;
	if (r->action[0] == '\0') {
		err_set(err, CAREX_EUSAGE, "audit action is empty");
		return -1;
	}
	return 0;
}

/* One field: its length as 4 bytes, most significant first, then its
 * bytes. The length prefix keeps field boundaries in the hash, so moving
 * bytes from one field to the next changes it. */
static int
audit_put(EVP_MD_CTX *ctx, const char *v, size_t len)
{
	unsigned char	n[4];

	n[0] = (unsigned char)(len >> 24);
	n[1] = (unsigned char)(len >> 16);
	n[2] = (unsigned char)(len >> 8);
	n[3] = (unsigned char)len;
	if (EVP_DigestUpdate(ctx, n, sizeof(n)) != 1)
		return -1;
	if (len > 0 && EVP_DigestUpdate(ctx, v, len) != 1)
		return -1;
	return 0;
}

static int
audit_put_int(EVP_MD_CTX *ctx, int64_t v)
{
	char	s[24];
	int	n;

	n = snprintf(s, sizeof(s), "%" PRId64, v);
	if (n < 0 || (size_t)n >= sizeof(s))
		return -1;
	return audit_put(ctx, s, (size_t)n);
}

static int
audit_put_str(EVP_MD_CTX *ctx, const char *v)
{
	return audit_put(ctx, v, strlen(v));
}

int
audit_hash(const char *prev, const struct audit_rec *r,
    char out[AUDIT_HASH_HEX + 1], struct carex_err *err)
{
	static const char	 hex[] = "0123456789abcdef";
	EVP_MD_CTX		*ctx;
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 mdlen, i;
	int			 rc = -1;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		goto fail;
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(ctx, prev, strlen(prev)) != 1 ||
	    audit_put_int(ctx, r->seq) == -1 ||
	    audit_put_int(ctx, r->time_ms) == -1 ||
	    audit_put_str(ctx, r->participant) == -1 ||
	    audit_put_str(ctx, r->cert) == -1 ||
	    audit_put_str(ctx, r->addr) == -1 ||
	    audit_put_str(ctx, r->action) == -1 ||
	    audit_put_str(ctx, r->doc_id) == -1 ||
	    audit_put_str(ctx, r->outcome) == -1 ||
	    audit_put_str(ctx, r->detail) == -1 ||
	    EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != 32)
		goto fail;
	for (i = 0; i < mdlen; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 0xf];
	}
	out[AUDIT_HASH_HEX] = '\0';
	rc = 0;
fail:
	if (rc == -1)
		err_set(err, CAREX_EINTERNAL, "SHA-256 failed in OpenSSL");
	EVP_MD_CTX_free(ctx);
	return rc;
}

void
audit_walk_init(struct audit_walk *w)
{
	w->records = 0;
	w->seq = 0;
	memcpy(w->hash, audit_genesis, sizeof(w->hash));
	w->anchors = NULL;
	w->nanchors = w->next = 0;
}

/* "of 2026-12-03 10:41:07 UTC" (line N of the file), or "given". */
static void
anchor_when(const struct audit_anchor *a, char *out, size_t len)
{
	time_t		t = (time_t)(a->time_ms / 1000);
	struct tm	tm;

	if (a->line == 0) {
		(void)snprintf(out, len, "given with --head");
		return;
	}
	(void)gmtime_r(&t, &tm);
	(void)snprintf(out, len, "of %04d-%02d-%02d %02d:%02d:%02d UTC (line "
	    "%ld)", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, a->line);
}

int
audit_walk_end(struct audit_walk *w, struct carex_err *err)
{
	const struct audit_anchor *a;
	char			 when[80];

	/* anchors at seq 0 saw an empty chain: nothing to hold it to */
	while (w->next < w->nanchors && w->anchors[w->next].seq <= w->seq)
		w->next++;
	if (w->next == w->nanchors)
		return 0;
	a = &w->anchors[w->nanchors - 1];	/* the furthest */
	anchor_when(a, when, sizeof(when));
	if (w->seq == 0)
		err_set(err, CAREX_EINVALID, "the audit table is empty, but "
		    "the checkpoint %s saw %" PRId64 " records: it was emptied",
		    when, a->seq);
	else
		err_set(err, CAREX_EINVALID, "the chain ends at record %" PRId64
		    ", but the checkpoint %s saw record %" PRId64 ": its last "
		    "%" PRId64 " records were removed", w->seq, when, a->seq,
		    a->seq - w->seq);
	return 1;
}

int
audit_walk_next(struct audit_walk *w, const struct audit_rec *r,
    const char *prev_hash, const char *hash, struct carex_err *err)
{
	char	want[AUDIT_HASH_HEX + 1];
	int64_t	gap;

	if (r->seq != w->seq + 1) {
		if (r->seq <= w->seq) {
			err_set(err, CAREX_EINVALID, "record %" PRId64
			    " follows record %" PRId64 ": out of order",
			    r->seq, w->seq);
			return 1;
		}
		gap = r->seq - w->seq - 1;
		if (w->seq == 0)
			err_set(err, CAREX_EINVALID, "record %" PRId64
			    " is the first: %s missing", r->seq, gap == 1 ?
			    "record 1 is" : "the records before it are");
		else if (gap == 1)
			err_set(err, CAREX_EINVALID, "record %" PRId64
			    " follows record %" PRId64 ": a record is missing",
			    r->seq, w->seq);
		else
			err_set(err, CAREX_EINVALID, "record %" PRId64
			    " follows record %" PRId64 ": %" PRId64
			    " records are missing", r->seq, w->seq, gap);
		return 1;
	}
	if (strcmp(prev_hash, w->hash) != 0) {
		if (w->seq == 0)
			err_set(err, CAREX_EINVALID, "record %" PRId64
			    ": prev_hash is not the genesis hash", r->seq);
		else
			err_set(err, CAREX_EINVALID, "record %" PRId64
			    ": prev_hash does not match record %" PRId64
			    "'s hash (record %" PRId64 " rewritten?)", r->seq,
			    w->seq, w->seq);
		return 1;
	}
	if (audit_hash(prev_hash, r, want, err) == -1)
		return -1;
	if (strcmp(hash, want) != 0) {
		err_set(err, CAREX_EINVALID, "record %" PRId64
		    ": hash does not match its contents (edited?)", r->seq);
		return 1;
	}
	while (w->next < w->nanchors && w->anchors[w->next].seq < r->seq)
		w->next++;	/* seq 0: an empty chain */
	for (; w->next < w->nanchors && w->anchors[w->next].seq == r->seq;
	    w->next++) {
		char	when[80];

		if (strcmp(w->anchors[w->next].hash, want) == 0)
			continue;
		anchor_when(&w->anchors[w->next], when, sizeof(when));
		err_set(err, CAREX_EINVALID, "record %" PRId64 ": its hash is "
		    "not the one the checkpoint %s recorded: the chain was "
		    "rewritten (a record at or before it edited, the hashes "
		    "after it recomputed)", r->seq, when);
		return 1;
	}
	w->records++;
	w->seq = r->seq;
	memcpy(w->hash, want, sizeof(w->hash));
	return 0;
}
