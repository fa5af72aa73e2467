/* SPDX-License-Identifier: MIT */
/* anchor.c - audit checkpoints outside the database (see anchor.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "store/anchor.h"

#define MAGIC		"carex-audit-checkpoint 1 "
#define LINE_MAX_LEN	512

EVP_PKEY *
anchor_key_load(const char *path, struct carex_err *err)
{
	EVP_PKEY	*k = NULL;
	FILE		*f;

	if ((f = fopen(path, "r")) == NULL) {
		err_set(err, CAREX_EUSAGE, "audit_key %s: %s", path,
		    strerror(errno));
		return NULL;
	}
	k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	(void)fclose(f);
	if (k == NULL || EVP_PKEY_id(k) != EVP_PKEY_ED25519) {
		EVP_PKEY_free(k);
		err_set(err, CAREX_EUSAGE, "audit_key %s: not an Ed25519 "
		    "private key in PEM (make one with: openssl genpkey "
		    "-algorithm ed25519 -out %s)", path, path);
		return NULL;
	}
	return k;
}

int
anchor_pubkey(EVP_PKEY *key, char out[72])
{
	unsigned char	raw[32];
	size_t		n = sizeof(raw);

	if (EVP_PKEY_get_raw_public_key(key, raw, &n) != 1 || n != 32)
		return -1;
	(void)EVP_EncodeBlock((unsigned char *)out, raw, 32);
	return 0;
}

/* Base64 s into out (at most max bytes): the length, or -1. */
static int
unbase64(const char *s, unsigned char *out, size_t max)
{
	size_t	len = strlen(s), pad = 0;
	int	n;

	if (len == 0 || len % 4 != 0 || len / 4 * 3 > max)
		return -1;
	while (pad < 2 && s[len - 1 - pad] == '=')
		pad++;
	if ((n = EVP_DecodeBlock(out, (const unsigned char *)s, (int)len)) < 0)
		return -1;
	return n - (int)pad;
}

static int
sign(EVP_PKEY *key, const char *msg, char *out, size_t outlen)
{
	EVP_MD_CTX	*ctx;
	unsigned char	 sig[64];
	size_t		 n = sizeof(sig);
	int		 ok;

	if (outlen < 89 || (ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	ok = EVP_DigestSignInit(ctx, NULL, NULL, NULL, key) == 1 &&
	    EVP_DigestSign(ctx, sig, &n, (const unsigned char *)msg,
	    strlen(msg)) == 1 && n == 64;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return -1;
	(void)EVP_EncodeBlock((unsigned char *)out, sig, 64);
	return 0;
}

static int
verify(const char *pub64, const char *msg, size_t msglen, const char *sig64)
{
	unsigned char	 pub[48], sig[72];
	EVP_PKEY	*k;
	EVP_MD_CTX	*ctx;
	int		 ok = 0;

	if (unbase64(pub64, pub, sizeof(pub)) != 32 ||
	    unbase64(sig64, sig, sizeof(sig)) != 64 ||
	    (k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub,
	    32)) == NULL)
		return 0;
	if ((ctx = EVP_MD_CTX_new()) != NULL) {
		ok = EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k) == 1 &&
		    EVP_DigestVerify(ctx, sig, 64, (const unsigned char *)msg,
		    msglen) == 1;
		EVP_MD_CTX_free(ctx);
	}
	EVP_PKEY_free(k);
	return ok;
}

int
anchor_write(const char *path, EVP_PKEY *key, int64_t time_ms, int64_t seq,
    const char *hash, const char *kind, char *line, size_t len,
    struct carex_err *err)
{
	char	 pub[72] = "-", sig[96] = "-";
	size_t	 n;
	ssize_t	 w;
	int	 fd, m;

	if (key != NULL && anchor_pubkey(key, pub) == -1) {
		err_set(err, CAREX_EINTERNAL, "audit_key: no public key");
		return -1;
	}
	m = snprintf(line, len, MAGIC "time=%" PRId64 " seq=%" PRId64
	    " hash=%s kind=%s key=%s", time_ms, seq, hash, kind, pub);
	if (m < 0 || (size_t)m >= len) {
		err_set(err, CAREX_EINTERNAL, "checkpoint line too long");
		return -1;
	}
	if (key != NULL && sign(key, line, sig, sizeof(sig)) == -1) {
		err_set(err, CAREX_EINTERNAL, "cannot sign the checkpoint");
		return -1;
	}
	n = (size_t)m;
	m = snprintf(line + n, len - n, " sig=%s", sig);
	if (m < 0 || (size_t)m + n + 1 >= len) {
		err_set(err, CAREX_EINTERNAL, "checkpoint line too long");
		return -1;
	}
	n += (size_t)m;
	if (path == NULL || path[0] == '\0')
		return 0;
	line[n] = '\n';
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600)) == -1) {
		line[n] = '\0';
		err_set(err, CAREX_ESYS, "audit_checkpoints %s: %s", path,
		    strerror(errno));
		return -1;
	}
	w = write(fd, line, n + 1);	/* one write: lines stay whole */
	line[n] = '\0';
	if (w != (ssize_t)(n + 1) || fsync(fd) == -1) {
		err_set(err, CAREX_ESYS, "audit_checkpoints %s: %s", path,
		    w == -1 || w == (ssize_t)(n + 1) ? strerror(errno) :
		    "short write");
		(void)close(fd);
		return -1;
	}
	return close(fd) == 0 ? 0 : -1;
}

static int
add(struct anchor_set *set, int64_t time_ms, int64_t seq, const char *hash,
    long line)
{
	struct audit_anchor	*v;

	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 64;
		if ((v = realloc(set->v, set->cap * sizeof(*v))) == NULL)
			return -1;
		set->v = v;
	}
	v = &set->v[set->n++];
	v->time_ms = time_ms;
	v->seq = seq;
	(void)snprintf(v->hash, sizeof(v->hash), "%s", hash);
	v->line = line;
	return 0;
}

/* A restore at seq: the checkpoints before it past seq are void. */
static void
restore(struct anchor_set *set, int64_t seq)
{
	size_t	i, k = 0;

	set->restores++;
	set->lost_from = set->lost_to = 0;
	for (i = 0; i < set->n; i++) {
		if (set->v[i].seq <= seq) {
			set->v[k++] = set->v[i];
			continue;
		}
		set->lost_from = seq + 1;
		if (set->v[i].seq > set->lost_to)
			set->lost_to = set->v[i].seq;
	}
	set->n = k;
}

/* Past "name=" at *p: the value up to the next space or the end, which
 * must be 1 to max characters of accept (*p advanced past it and one
 * space). NULL if the field is not there or not so. */
static const char *
field(char **p, const char *name, const char *accept, size_t max)
{
	size_t	n = strlen(name), len;
	char	*v;

	if (strncmp(*p, name, n) != 0 || (*p)[n] != '=')
		return NULL;
	v = *p + n + 1;
	len = strspn(v, accept);
	if (len == 0 || len > max || (v[len] != ' ' && v[len] != '\0'))
		return NULL;
	*p = v + len + (v[len] == ' ');
	if (v[len] == ' ')
		v[len] = '\0';
	return v;
}

static int
number(const char *s, int64_t *out)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0)
		return -1;
	*out = v;
	return 0;
}

#define DIGITS	"0123456789"
#define HEX	"0123456789abcdef"
#define B64	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-"

/* One line: 0, or 1 with err (malformed, forged, another key). */
static int
parse_line(struct anchor_set *set, char *s, long lineno, const char *want,
    struct carex_err *err)
{
	char		 copy[LINE_MAX_LEN + 2], *p = copy;
	const char	*t, *q, *h, *kind, *key, *sig, *sigp;
	int64_t		 time_ms = 0, seq = 0;

	(void)snprintf(copy, sizeof(copy), "%s", s);
	sigp = strstr(s, " sig=");
	if (strncmp(p, MAGIC, strlen(MAGIC)) != 0 || sigp == NULL ||
	    (p += strlen(MAGIC), (t = field(&p, "time", DIGITS, 19)) == NULL) ||
	    (q = field(&p, "seq", DIGITS, 19)) == NULL ||
	    (h = field(&p, "hash", HEX, AUDIT_HASH_HEX)) == NULL ||
	    strlen(h) != AUDIT_HASH_HEX ||
	    (kind = field(&p, "kind", "abcdefghijklmnopqrstuvwxyz", 15)) ==
	    NULL || (key = field(&p, "key", B64, 71)) == NULL ||
	    (sig = field(&p, "sig", B64, 95)) == NULL || *p != '\0' ||
	    number(t, &time_ms) == -1 || number(q, &seq) == -1) {
		err_setpos(err, CAREX_EINVALID, lineno, 1, "CHECKPOINT", "line "
		    "%ld is not a checkpoint line", lineno);
		return 1;
	}
	if (set->lines == 0)
		(void)snprintf(set->key, sizeof(set->key), "%s", key);
	set->lines++;
	if (want != NULL && strcmp(key, want) != 0) {
		err_setpos(err, CAREX_EINVALID, lineno, 1, "CHECKPOINT", "line "
		    "%ld is signed by another key than the one given (%.12s...)",
		    lineno, key);
		return 1;
	}
	if (strcmp(key, set->key) != 0) {
		err_setpos(err, CAREX_EINVALID, lineno, 1, "CHECKPOINT", "line "
		    "%ld is signed by another key than line 1: checkpoints were "
		    "added by someone else", lineno);
		return 1;
	}
	if (strcmp(key, "-") == 0)
		set->unsigned_lines++;
	else if (!verify(key, s, (size_t)(sigp - s), sig)) {
		err_setpos(err, CAREX_EINVALID, lineno, 1, "CHECKPOINT", "line "
		    "%ld: the signature does not match the line (altered or "
		    "forged)", lineno);
		return 1;
	}
	if (strcmp(kind, "restore") == 0)
		restore(set, seq);
	if (add(set, time_ms, seq, h, lineno) == -1) {
		err_set(err, CAREX_ESYS, "out of memory");
		return -1;
	}
	return 0;
}

int
anchor_load(const char *path, const char *want_key, struct anchor_set *set,
    struct carex_err *err)
{
	FILE	*f;
	char	 s[LINE_MAX_LEN + 2];
	long	 lineno = 0;
	size_t	 n;
	int	 rc = 0;

	if ((f = fopen(path, "r")) == NULL) {
		err_set(err, errno == ENOENT ? CAREX_ENOTFOUND : CAREX_ESYS,
		    "%s: %s", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(s, sizeof(s), f) != NULL) {
		lineno++;
		n = strlen(s);
		if (n > 0 && s[n - 1] == '\n')
			s[--n] = '\0';
		else if (!feof(f)) {
			err_setpos(err, CAREX_EINVALID, lineno, 1, "CHECKPOINT", "line %ld "
			    "is too long for a checkpoint line", lineno);
			rc = 1;
			break;
		}
		rc = parse_line(set, s, lineno, want_key, err);
	}
	if (rc == 0 && ferror(f)) {
		err_set(err, CAREX_ESYS, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	(void)fclose(f);
	return rc;
}

int
anchor_add_head(struct anchor_set *set, const char *seq_hash,
    struct carex_err *err)
{
	const char	*colon = strchr(seq_hash, ':');
	size_t		 len = colon ? (size_t)(colon - seq_hash) : 0;
	char		 n[24];
	int64_t		 seq;

	if (len == 0 || len >= sizeof(n) || strspn(seq_hash, DIGITS) != len ||
	    strlen(colon + 1) != AUDIT_HASH_HEX ||
	    strspn(colon + 1, HEX) != AUDIT_HASH_HEX)
		goto bad;
	memcpy(n, seq_hash, len);
	n[len] = '\0';
	if (number(n, &seq) == -1)
		goto bad;
	if (add(set, 0, seq, colon + 1, 0) == -1) {
		err_set(err, CAREX_ESYS, "out of memory");
		return -1;
	}
	return 0;
bad:
	err_set(err, CAREX_EUSAGE, "--head %s: write SEQ:HASH, the seq= and "
	    "hash= of an event=audit-checkpoint (or audit-head) log line",
	    seq_hash);
	return -1;
}

static int
by_seq(const void *a, const void *b)
{
	const struct audit_anchor *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

void
anchor_sort(struct anchor_set *set)
{
	if (set->n > 1)
		qsort(set->v, set->n, sizeof(set->v[0]), by_seq);
}

void
anchor_set_free(struct anchor_set *set)
{
	free(set->v);
	memset(set, 0, sizeof(*set));
}
