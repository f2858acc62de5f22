/*
 * worker.h - a background thread that does one round of work now and
 * then again every interval, sooner after a failure, and stops at once
 * when asked; and how such a thread talks HTTP with libcurl.  The content
 * sync (sync.c) and the statistics upload (report_post.c) are two.
 *
 * Timing: the first round comes at once; after a round that succeeded,
 * the next comes after interval_s; after a failure, after a backoff of
 * 1 min (or interval_s if shorter), doubled at each failure in a row, at
 * most interval_s.  worker_stop() ends a wait at once, and a transfer at
 * libcurl's next progress call (worker_curl_setup).
 *
 * The owner embeds a struct worker in its own struct and may guard its
 * state shared with other threads by the worker's mutex (worker_lock).
 */
#ifndef MSD_WORKER_H
#define MSD_WORKER_H

#include <curl/curl.h>
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
	atomic_int stop;		/* read by libcurl's progress call */
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

/* ------------------------------------------------------------ libcurl */

/* curl_global_init, once per process (it is not thread-safe): call it
 * before a thread uses libcurl.  -1 + message if libcurl cannot start. */
int worker_curl_init(err_t *e);

/* Resets h to our policy for url: http and https only, no signals (not
 * the main thread), the whole request within timeout_s and the connection
 * within 30 s of it, TLS always verified (ca_file: a CA bundle, NULL = the
 * system's; no setting turns verification off), redirects not followed,
 * User-Agent agent, libcurl's message into errbuf (CURL_ERROR_SIZE), and
 * the transfer abandoned when w is stopping (w NULL: never).  The caller
 * adds what its request needs. */
void worker_curl_setup(CURL *h, const char *url, char *errbuf,
    struct worker *w, long timeout_s, const char *ca_file,
    const char *agent);

#endif
