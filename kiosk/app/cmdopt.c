/*
 * cmdopt.c - reading the subcommands' arguments (see cmdopt.h).
 */
#include "app/cmdopt.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int
cmdopt_value(const struct cmdopt *c, int argc, char **argv, int *i,
    const char *name, const char **val)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return 0;
	if (argv[*i][n] == '=') {
		*val = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n] != '\0')
		return 0;
	if (*i + 1 >= argc ||
	    (c->next == CMDOPT_NO_OPTION && cmdopt_is_option(argv[*i + 1]))) {
		*val = NULL;
		return 1;
	}
	*val = argv[++*i];
	return 1;
}

int
cmdopt_is_option(const char *arg)
{
	return arg[0] == '-' && arg[1] != '\0';
}

int
cmdopt_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int
cmdopt_usage(const struct cmdopt *c, const char *fmt, ...)
{
	if (fmt) {
		va_list ap;

		fprintf(stderr, "msd-kiosk %s: ", c->name);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fputs(c->usage, stderr);
	return 2;
}
