/* SPDX-License-Identifier: MIT */
/* fuzz_files.c - libFuzzer target: the files an operator writes, read
 * as carexd reads them. The first byte picks the reader: even, the
 * configuration (carexd.conf and the client's, one key = value reader);
 * odd, the participant directory (hardened parse and directory.xsd). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "conf.h"
#include "domain/directory.h"
#include "doc/xmlsafe.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static char		 path[64];
	struct directory	*d;
	struct conf		 c;
	struct errlist		 errs;
	struct carex_err	 err;
	FILE			*f;

	if (len < 1)
		return 0;
	if (path[0] == '\0') {
		xmlsafe_init();
		(void)snprintf(path, sizeof(path), "/tmp/carex-fuzz.%ld",
		    (long)getpid());
	}
	if ((f = fopen(path, "w")) == NULL)
		abort();
	(void)fwrite(data + 1, 1, len - 1, f);
	(void)fclose(f);
	if (data[0] % 2 == 0) {
		conf_defaults(&c);
		errlist_init(&errs, 100);
		(void)conf_load(&c, path, &errs, &err);
		(void)conf_check(&c, &errs);
		errlist_free(&errs);
	} else if ((d = directory_load(path, CAREX_SRCDIR
	    "/schemas/directory.xsd", &err)) != NULL)
		directory_free(d);
	(void)unlink(path);
	return 0;
}
