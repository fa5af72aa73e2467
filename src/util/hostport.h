/* SPDX-License-Identifier: MIT */
/* hostport.h - "host:port" as carexd.conf writes a listening address, and
 * whether an address is this machine's loopback. */
#ifndef CAREX_HOSTPORT_H
#define CAREX_HOSTPORT_H

#include <stddef.h>
#include <sys/socket.h>

/* Split "host:port" or "[v6]:port" into host (brackets removed, empty for
 * ":port") and a port of 1-65535. -1 if it is neither. */
int	hostport_split(const char *hp, char *host, size_t hlen,
	    unsigned short *port);

/* 1 if sa is 127.0.0.0/8, ::1 or ::ffff:127.0.0.0/104. */
int	hostport_is_loopback(const struct sockaddr *sa);

/* 0 if hp resolves, and every address it resolves to is loopback; -1
 * otherwise with why (what it resolved to, or why it did not) filled in.
 * The answer is about names as they resolve now: a listener checks the
 * address it binds as well. */
int	hostport_loopback(const char *hp, char *why, size_t len);

#endif
