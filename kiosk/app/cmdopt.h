/*
 * cmdopt.h - what the msd-kiosk subcommands (sheet_cmd.c, stats_cmd.c,
 * content_cmd.c, publish.c) share to read their arguments and to say how
 * they are used.
 */
#ifndef MSD_CMDOPT_H
#define MSD_CMDOPT_H

/* What cmdopt_value() does with the argument after "--name". */
enum cmdopt_next {
	CMDOPT_ANY,		/* it is the value, whatever it is */
	CMDOPT_NO_OPTION,	/* unless it looks like an option: in
				 * "--msd -o x.pdf" the value is missing */
};

/* A subcommand, as its messages and its options need it. */
struct cmdopt {
	const char *name;	/* "stats": messages say "msd-kiosk stats: " */
	const char *usage;	/* its usage text, lines ending in '\n' */
	enum cmdopt_next next;	/* how its options take their values */
};

/* "--name VALUE" or "--name=VALUE" at argv[*i]: 0 if argv[*i] is not
 * that option; else 1, *val = the value (NULL when missing) and *i on
 * the last argument read. */
int cmdopt_value(const struct cmdopt *c, int argc, char **argv, int *i,
    const char *name, const char **val);

/* 1 if arg looks like an option: '-' and more ("-" alone is not one). */
int cmdopt_is_option(const char *arg);

/* 1 if arg asks for the usage: "-h" or "--help". */
int cmdopt_is_help(const char *arg);

/* On stderr: "msd-kiosk NAME: " and the message of fmt (printf-style) on
 * a line if fmt is not NULL, then the usage text.  Returns 2, the exit
 * status of bad usage. */
int cmdopt_usage(const struct cmdopt *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
