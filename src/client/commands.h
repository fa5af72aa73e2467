/* SPDX-License-Identifier: MIT */
/* commands.h - carex's client commands: send, inbox, fetch, ack, status
 * and pull. Each takes argv from its own name on and returns an exit code
 * of client.h. */
#ifndef CAREX_COMMANDS_H
#define CAREX_COMMANDS_H

#include "client/client.h"

/* The options every client command shares, and those only some take;
 * seen says which were given, so a command can refuse the others. */
enum {
	OPT_XML = 1 << 0, OPT_UNACKED = 1 << 1, OPT_ALL = 1 << 2,
	OPT_PDF = 1 << 3, OPT_OUTPUT = 1 << 4, OPT_TO = 1 << 5,
	OPT_INTERVAL = 1 << 6, OPT_ACCEPT = 1 << 7, OPT_REJECT = 1 << 8,
	OPT_TEXT = 1 << 9, OPT_ONCE = 1 << 10
};

struct cmdline {
	struct client_cfg	 cfg;
	const char		*config;	/* --config FILE */
	unsigned		 seen;
	const char		*output, *to, *reject, *text;
	long			 interval;
	int			 argc;		/* operands left */
	char			**argv;
};

/* Parse argv (argv[0] the command's name) into cl; -1 after printing the
 * problem and the command's usage when an option is not for it. */
int	cmdline_parse(struct cmdline *cl, int argc, char **argv,
	    unsigned allowed, const char *usage);

int	cmd_send(int argc, char **argv);
int	cmd_inbox(int argc, char **argv);
int	cmd_fetch(int argc, char **argv);
int	cmd_ack(int argc, char **argv);
int	cmd_status(int argc, char **argv);
int	cmd_pull(int argc, char **argv);

/* Shared by the commands (commands.c). */
struct client	*cmd_connect(struct cmdline *cl);
struct xdoc;
struct xdoc	*cmd_parse_answer(const char *what,
		    const struct client_resp *r);
int		 cmd_ids_valid(int argc, char **argv);

#endif
