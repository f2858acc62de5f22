/*
 * worker.h - a background thread that does one round of work now and
 * then again every interval, sooner after a failure, and stops at once
 * when asked.  The content sync (sync.c) and the statistics upload
 * (report_post.c) are two.
 *
 * Timing: the first round comes at once; after a round that succeeded,
 * the next comes after interval_s; after a failure, after a backoff of
 * 1 min (or interval_s if shorter), doubled at each failure in a row, at
 * most interval_s.  worker_stop() ends a wait at once, and a transfer
 * within a second (worker_cancel).
 *
 * The owner embeds a struct worker in its own struct and may guard its
 * state shared with other threads by the worker's mutex (worker_lock).
 */
#ifndef MSD_WORKER_H
#define MSD_WORKER_H

#include <pthread.h>
#include <stdatomic.h>

#include "err.h"

/* What the thread does: the owner's functions, each given arg. */
struct worker_ops {
	/* One round: 0 if it succeeded, -1 if it failed (backoff). */
	int (*round)(void *arg);
	/* Optional: what the owner asks for between rounds, run at the
	 * thread's start and after each worker_wake(), even in a wait. */
	void (*chores)(void *arg);
	/* Optional: run by the thread as it ends. */
	void (*done)(void *arg);
};

/* Private to worker.c: its fields are set by worker_start(). */
struct worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;		/* CLOCK_MONOTONIC */
	atomic_int stop;		/* read by the HTTP client (worker_cancel) */
	int woken;			/* a worker_wake() to do; under mu */
	long interval_s;
	struct worker_ops ops;
	void *arg;
};

/* ------------------------------------------------------------ thread */

/* Starts the thread on w (w is ready before the first round runs).
 * what names it in the message: -1 + "cannot start the WHAT thread". */
int worker_start(struct worker *w, const struct worker_ops *ops, void *arg,
    long interval_s, const char *what, err_t *e);

/* The mutex, for the owner's state shared with the thread. */
void worker_lock(struct worker *w);
void worker_unlock(struct worker *w);

/* Has ops->chores run soon (at once if the thread is waiting).  Called
 * without the mutex held. */
void worker_wake(struct worker *w);

/* Waits secs inside a round (a worker_wake() does not end it): 0, or
 * -1 if the thread is asked to stop. */
int worker_sleep(struct worker *w, long secs);

/* 1 once worker_stop() has been called.  w NULL (work done without a
 * thread): 0. */
int worker_stopping(const struct worker *w);

/* Asks the thread to stop, waits for it to end (ops->done has run) and
 * frees what worker_start() made: the mutex is gone too. */
void worker_stop(struct worker *w);

/* worker_stopping(w) as a cancel callback (lib/http.h): a transfer of
 * the thread is abandoned when it is asked to stop. */
int worker_cancel(void *w);

#endif
