/* SPDX-License-Identifier: MIT */
/* buf.c - bounded byte buffer (see buf.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Make room for n more bytes plus the terminating NUL. */
static int
buf_reserve(struct buf *b, size_t n)
{
	size_t		 need, cap;
	unsigned char	*p;

	if (n > b->max || b->len > b->max - n) {
		errno = EMSGSIZE;
		return -1;
	}
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	if ((p = realloc(b->data, cap)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int
buf_add(struct buf *b, const void *p, size_t n)
{
	if (buf_reserve(b, n) == -1)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_reserve(b, (size_t)n) == -1)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_read_file(struct buf *b, const char *path)
{
	unsigned char	 chunk[16384];
	ssize_t		 n;
	int		 fd, serrno;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (buf_add(b, chunk, (size_t)n) == -1) {
			n = -1;
			break;
		}
	}
	serrno = errno;
	if (fd != STDIN_FILENO)
		(void)close(fd);	/* read-only: nothing to lose */
	errno = serrno;
	return n == 0 ? 0 : -1;
}

static int
write_all(int fd, const unsigned char *p, size_t n)
{
	ssize_t	w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The rename is durable only once the directory holding it is. */
static int
sync_dir(const char *path)
{
	char	 dir[4096];
	char	*slash;
	int	 fd, rc;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return 0;	/* cannot happen: path was used above */
	if ((slash = strrchr(dir, '/')) == NULL)
		(void)snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) == -1)
		return -1;
	rc = fsync(fd);
	(void)close(fd);
	return rc;
}

int
buf_write_file(const struct buf *b, const char *path)
{
	char	tmp[4096];
	int	fd, serrno;

	if (strcmp(path, "-") == 0)
		return write_all(STDOUT_FILENO, b->data, b->len);
	if (snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path) >=
	    (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* mkstemp makes the file 0600 whatever the umask: what is written
	 * here is patient data, never readable by other local users. */
	if ((fd = mkstemp(tmp)) == -1)
		return -1;
	if (write_all(fd, b->data, b->len) == -1 ||
	    fsync(fd) == -1) {
		serrno = errno;
		(void)close(fd);	/* already failing */
		(void)unlink(tmp);
		errno = serrno;
		return -1;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		serrno = errno;
		(void)unlink(tmp);	/* best effort: the error is what matters */
		errno = serrno;
		return -1;
	}
	return sync_dir(path);
}
