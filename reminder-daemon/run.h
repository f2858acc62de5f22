/*
 * run.h - the daemon's loop: plan, send what is due, sleep until the
 * next due time, again.  SIGTERM finishes the request in flight and
 * exits; SIGHUP reloads the config between two messages.
 *
 * One daemon per database: it holds the owner lock of DB.lock (see
 * lockfile.h) for its whole life, and a second one exits 1.  Each loop
 * turn checks that the path still names the file it has open; a database
 * deleted or replaced under it ends it with exit 1.  A dry run works on a
 * copy in memory with a gateway that prints: it takes no lock and changes
 * nothing.
 */
#ifndef MSD_RUN_H
#define MSD_RUN_H

#include <time.h>

struct run_opts {
	const char *config_path;
	int once;		/* process what is due, then return */
	int fixed_now;		/* --now given: the clock starts at now_base */
	time_t now_base;
	int dry_run;		/* print what would be sent, change nothing */
};

/* Returns the exit status: 0 ok, 1 runtime failure, 2 bad config. */
int run_daemon(const struct run_opts *o);

#endif
