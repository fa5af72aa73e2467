/* SPDX-License-Identifier: MIT */
/* hostport.c - listening addresses (see hostport.h). */
#include "config.h"

#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hostport.h"

int
hostport_split(const char *hp, char *host, size_t hlen, unsigned short *port)
{
	const char	*colon = strrchr(hp, ':');
	char		*end;
	long		 p;

	if (colon == NULL || (size_t)(colon - hp) >= hlen)
		return -1;
	memcpy(host, hp, (size_t)(colon - hp));
	host[colon - hp] = '\0';
	if (host[0] == '[') {		/* [::1] */
		memmove(host, host + 1, strlen(host));
		host[strcspn(host, "]")] = '\0';
	}
	p = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || p < 1 || p > 65535)
		return -1;
	*port = (unsigned short)p;
	return 0;
}

int
hostport_is_loopback(const struct sockaddr *sa)
{
	const struct sockaddr_in	*in4 = (const void *)sa;
	const struct sockaddr_in6	*in6 = (const void *)sa;
	const unsigned char		*b;

	if (sa->sa_family == AF_INET)
		return (ntohl(in4->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family != AF_INET6)
		return 0;
	if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
		return 1;
	b = in6->sin6_addr.s6_addr;
	return IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && b[12] == 127;
}

int
hostport_loopback(const char *hp, char *why, size_t len)
{
	struct addrinfo	 hints, *ai = NULL, *a;
	char		 host[256], addr[INET6_ADDRSTRLEN];
	unsigned short	 port;
	int		 rc;

	if (hostport_split(hp, host, sizeof(host), &port) == -1) {
		(void)snprintf(why, len, "not host:port");
		return -1;
	}
	if (host[0] == '\0') {
		(void)snprintf(why, len, "no host: it would listen on every "
		    "address");
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, NULL, &hints, &ai)) != 0) {
		(void)snprintf(why, len, "%s does not resolve (%s)", host,
		    gai_strerror(rc));
		return -1;
	}
	for (a = ai; a != NULL; a = a->ai_next)
		if (!hostport_is_loopback(a->ai_addr))
			break;
	if (a != NULL) {
		if (getnameinfo(a->ai_addr, a->ai_addrlen, addr, sizeof(addr),
		    NULL, 0, NI_NUMERICHOST) != 0)
			(void)snprintf(addr, sizeof(addr), "?");
		(void)snprintf(why, len, "%s resolves to %s, which is not a "
		    "loopback address", host, addr);
	}
	freeaddrinfo(ai);
	return a != NULL ? -1 : 0;
}
