/* SPDX-License-Identifier: MIT */
/* sdnotify.h - telling systemd (Type=notify) how carexd is: the datagram
 * protocol of sd_notify(3), without libsystemd. */
#ifndef CAREX_SDNOTIFY_H
#define CAREX_SDNOTIFY_H

/* Send state ("READY=1", "RELOADING=1", "STOPPING=1", ...) to the socket
 * named by $NOTIFY_SOCKET. RELOADING=1 gets the MONOTONIC_USEC= systemd
 * 253 asks for. 0 when sent or when there is no service manager to tell;
 * -1 when it could not be sent (errno). */
int	sdnotify(const char *state);

#endif
