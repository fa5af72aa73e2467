/* SPDX-License-Identifier: MIT */
/* buf.h - one bounded byte buffer for all bytes (bodies, XML, PDFs).
 * Growth past the limit set at init is an error, never a crash. */
#ifndef CAREX_BUF_H
#define CAREX_BUF_H

#include <stddef.h>

struct buf {
	unsigned char	*data;	/* NUL-terminated when len > 0 */
	size_t		 len;
	size_t		 cap;
	size_t		 max;	/* hard limit on len */
};

/* Start empty with a limit of max bytes; allocates nothing. */
void	buf_init(struct buf *, size_t max);
/* Free the storage; the buffer is empty and reusable afterwards. */
void	buf_free(struct buf *);
/* Empty without freeing. */
void	buf_reset(struct buf *);
/* Append; -1 if that would pass the limit or memory runs out (errno
 * EMSGSIZE or ENOMEM), the buffer then unchanged. */
int	buf_add(struct buf *, const void *, size_t);
int	buf_adds(struct buf *, const char *);
int	buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Read a whole file (or stdin for "-") into b; -1 with errno set, EMSGSIZE
 * when it is larger than the buffer's limit. */
int	buf_read_file(struct buf *, const char *path);
/* Write all of b to path through a temporary file and rename; -1 with
 * errno. "-" writes to stdout. */
int	buf_write_file(const struct buf *, const char *path);

#endif
