/*
 * run.h - the daemon's loop: plan, send what is due, sleep until the
 * next due time, again.  SIGTERM finishes the request in flight and
 * exits; SIGHUP reloads the config between two messages.
 */
#ifndef MSD_RUN_H
#define MSD_RUN_H

#include <time.h>

struct run_opts {
	const char *config_path;
	int once;		/* process what is due, then return */
	int fixed_now;		/* --now given: the clock starts at now_base */
	time_t now_base;
};

/* Returns the exit status: 0 ok, 1 runtime failure, 2 bad config. */
int run_daemon(const struct run_opts *o);

#endif
