/* SPDX-License-Identifier: MIT */
/* sdnotify.c - the sd_notify(3) datagram, by hand (see sdnotify.h). */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "util/sdnotify.h"

int
sdnotify(const char *state)
{
	struct sockaddr_un	 sun;
	struct timespec		 ts;
	const char		*path = getenv("NOTIFY_SOCKET");
	char			 msg[256];
	size_t			 plen;
	socklen_t		 slen;
	ssize_t			 n;
	int			 fd, len;

	if (path == NULL || path[0] == '\0')
		return 0;
	/* "/path" or "@abstract" (a leading NUL byte); nothing else. */
	plen = strlen(path);
	if ((path[0] != '/' && path[0] != '@') || plen >= sizeof(sun.sun_path)) {
		errno = EINVAL;
		return -1;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, plen);
	if (path[0] == '@')
		sun.sun_path[0] = '\0';
	slen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen);
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	if (strcmp(state, "RELOADING=1") == 0)
		len = snprintf(msg, sizeof(msg), "%s\nMONOTONIC_USEC=%llu",
		    state, (unsigned long long)ts.tv_sec * 1000000ULL +
		    (unsigned long long)ts.tv_nsec / 1000);
	else
		len = snprintf(msg, sizeof(msg), "%s", state);
	if (len < 0 || (size_t)len >= sizeof(msg)) {
		errno = EMSGSIZE;
		return -1;
	}
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	n = sendto(fd, msg, (size_t)len, MSG_NOSIGNAL,
	    (struct sockaddr *)&sun, slen);
	(void)close(fd);	/* a datagram socket: nothing to flush */
	return n == (ssize_t)len ? 0 : -1;
}
