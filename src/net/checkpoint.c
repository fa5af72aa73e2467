/* SPDX-License-Identifier: MIT */
/* checkpoint.c - carexd's audit checkpoints (see checkpoint.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/checkpoint.h"
#include "net/server.h"
#include "store/anchor.h"
#include "util/log.h"

struct checkpoint {
	EVP_PKEY	*key;		/* NULL: unsigned */
	char		 pub[72];
	char		 path[1100];	/* "" for none */
	int		 behind_warn;
	int64_t		 seq;		/* of the last one written */
	char		 hash[AUDIT_HASH_HEX + 1];
};

struct checkpoint *
checkpoint_new(const struct conf *c, struct carex_err *err)
{
	struct checkpoint	*ck;

	if ((ck = calloc(1, sizeof(*ck))) == NULL) {
		err_set(err, CAREX_ESYS, "out of memory");
		return NULL;
	}
	(void)snprintf(ck->pub, sizeof(ck->pub), "-");
	if (c->audit_key[0] != '\0' &&
	    ((ck->key = anchor_key_load(c->audit_key, err)) == NULL ||
	    anchor_pubkey(ck->key, ck->pub) == -1)) {
		EVP_PKEY_free(ck->key);
		free(ck);
		return NULL;
	}
	if (strcmp(c->audit_checkpoints, "none") == 0)
		ck->path[0] = '\0';
	else if (c->audit_checkpoints[0] != '\0')
		(void)snprintf(ck->path, sizeof(ck->path), "%s",
		    c->audit_checkpoints);
	else if (store_is_file(c->store))
		(void)snprintf(ck->path, sizeof(ck->path), "%s.checkpoints",
		    c->store);
	ck->behind_warn = strcmp(c->audit_behind, "warn") == 0;
	return ck;
}

/* Write one; logged whether or not the file takes it. */
static int
put(struct checkpoint *ck, int64_t seq, const char *hash, const char *kind,
    struct carex_err *err)
{
	char	line[512];
	int	rc;

	rc = anchor_write(ck->path, ck->key, server_now_ms(), seq, hash[0] ? hash :
	    audit_genesis, kind, line, sizeof(line), err);
	log_info("event=audit-checkpoint kind=%s seq=%lld hash=%s file=%s "
	    "line=%s", kind, (long long)seq, hash[0] ? hash : audit_genesis,
	    ck->path[0] ? log_str(ck->path) : "-", log_str(line));
	if (rc == 0) {
		ck->seq = seq;
		(void)snprintf(ck->hash, sizeof(ck->hash), "%s", hash);
	}
	return rc;
}

int
checkpoint_start(struct checkpoint *ck, struct store *s,
    struct carex_err *err)
{
	struct anchor_set	 set;
	struct audit_anchor	*a = NULL;
	char			 head_hash[AUDIT_HASH_HEX + 1];
	char			 at[AUDIT_HASH_HEX + 1], why[400];
	int64_t			 head;
	size_t			 i;
	int			 rc;

	if (ck->key == NULL)
		log_warnx("event=audit-checkpoints-unsigned msg=\"no audit_key: "
		    "checkpoints can be forged by whoever can write the file; "
		    "set audit_key\"");
	else
		log_info("event=audit-key key=%s", ck->pub);
	memset(&set, 0, sizeof(set));
	rc = ck->path[0] ? anchor_load(ck->path, ck->key ? ck->pub : NULL,
	    &set, err) : -1;
	if (rc == 1 || (rc == -1 && ck->path[0] && err->code !=
	    CAREX_ENOTFOUND)) {
		err_set(err, CAREX_EUSAGE, "audit_checkpoints %s: %s; carexd "
		    "will not add to checkpoints it cannot trust (keep the "
		    "file for the investigation, start with a new one)",
		    ck->path, err->msg);
		anchor_set_free(&set);
		return -1;
	}
	for (i = 0; i < set.n; i++)
		if (a == NULL || set.v[i].seq >= a->seq)
			a = &set.v[i];
	if (store_audit_at(s, a ? a->seq : 0, &head, head_hash, at, err) ==
	    -1) {
		anchor_set_free(&set);
		return -1;
	}
	why[0] = '\0';
	if (a != NULL && head < a->seq)
		(void)snprintf(why, sizeof(why), "the audit chain ends at "
		    "record %lld, but the checkpoint on line %ld saw record "
		    "%lld: records %lld to %lld are gone (removed, or the store "
		    "restored from an older backup)", (long long)head, a->line,
		    (long long)a->seq, (long long)head + 1, (long long)a->seq);
	else if (a != NULL && a->seq > 0 && strcmp(at, a->hash) != 0)
		(void)snprintf(why, sizeof(why), "record %lld's hash is not "
		    "the one the checkpoint on line %ld recorded: the chain "
		    "was rewritten", (long long)a->seq, a->line);
	anchor_set_free(&set);
	if (why[0] != '\0' && !ck->behind_warn) {
		err_set(err, CAREX_EINVALID, "%s; carexd will not add to it. "
		    "Run carex audit verify; to go on regardless (after a "
		    "restore), start once with -o audit_behind=warn", why);
		return -1;
	}
	if (why[0] != '\0') {
		log_warnx("event=audit-behind msg=%s", log_str(why));
		if (put(ck, head, head_hash, "restore", err) == -1)
			return -1;
	}
	return put(ck, head, head_hash, "start", err);
}

/* A checkpoint of kind at the chain's head, if it moved (or always). */
static void
at_head(struct checkpoint *ck, struct store *s, const char *kind,
    int always)
{
	struct carex_err	err;
	char			head_hash[AUDIT_HASH_HEX + 1];
	char			at[AUDIT_HASH_HEX + 1];
	int64_t			head;

	err_clear(&err);
	if (store_audit_at(s, 0, &head, head_hash, at, &err) == -1 ||
	    ((always || head != ck->seq || strcmp(head_hash, ck->hash) != 0) &&
	    put(ck, head, head_hash, kind, &err) == -1))
		log_warnx("event=audit-checkpoint kind=%s status=failed msg=%s",
		    kind, log_str(err.msg));
}

void
checkpoint_tick(struct checkpoint *ck, struct store *s)
{
	if (ck != NULL)
		at_head(ck, s, "run", 0);
}

void
checkpoint_stop(struct checkpoint *ck, struct store *s)
{
	if (ck == NULL)
		return;
	if (s != NULL)
		at_head(ck, s, "stop", 1);
	EVP_PKEY_free(ck->key);
	free(ck);
}
