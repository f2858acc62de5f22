/*
 * worker.c - a background thread doing rounds of work, with backoff (see
 * worker.h).
 */
#include "jobs/worker.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#define RETRY_FIRST_S	60

/* ------------------------------------------------------------ thread */

/* A CLOCK_MONOTONIC time secs from now (the wall clock may jump). */
static struct timespec
deadline(long secs)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += secs;
	return t;
}

/* Waits until the deadline or until stop: -1 if stopping, 1 if it is
 * time, 0 if woken early because wakeable and a worker_wake() came. */
static int
wait_until(struct worker *w, const struct timespec *until, int wakeable)
{
	int rc = 0;

	pthread_mutex_lock(&w->mu);
	while (!atomic_load(&w->stop) && !(wakeable && w->woken))
		if (pthread_cond_timedwait(&w->cv, &w->mu, until) ==
		    ETIMEDOUT) {
			rc = 1;
			break;
		}
	if (atomic_load(&w->stop))
		rc = -1;
	else if (rc == 0)
		w->woken = 0;
	pthread_mutex_unlock(&w->mu);
	return rc;
}

static void *
run(void *arg)
{
	struct worker *w = arg;
	long next = 0, backoff = 0;
	int chores = w->ops.chores != NULL;

	if (chores)
		w->ops.chores(w->arg);
	for (;;) {
		/* Sleep till the next round, doing what the owner asks. */
		struct timespec until = deadline(next);
		int r;

		while ((r = wait_until(w, &until, chores)) == 0)
			w->ops.chores(w->arg);
		if (r < 0)
			break;
		if (w->ops.round(w->arg) == 0) {
			backoff = 0;
			next = w->interval_s;
		} else {
			if (atomic_load(&w->stop))
				break;
			backoff = backoff == 0 ?
			    (w->interval_s < RETRY_FIRST_S ? w->interval_s :
			    RETRY_FIRST_S) : backoff * 2;
			if (backoff > w->interval_s)
				backoff = w->interval_s;
			next = backoff;
		}
	}
	if (w->ops.done)
		w->ops.done(w->arg);
	return NULL;
}

int
worker_start(struct worker *w, const struct worker_ops *ops, void *arg,
    long interval_s, const char *what, err_t *e)
{
	pthread_condattr_t ca;

	w->ops = *ops;
	w->arg = arg;
	w->interval_s = interval_s;
	w->woken = 0;
	atomic_init(&w->stop, 0);
	pthread_mutex_init(&w->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cv, &ca);
	pthread_condattr_destroy(&ca);
	if ((errno = pthread_create(&w->thread, NULL, run, w)) != 0) {
		err_set(e, "cannot start the %s thread: %s", what,
		    strerror(errno));
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		return -1;
	}
	return 0;
}

void
worker_lock(struct worker *w)
{
	pthread_mutex_lock(&w->mu);
}

void
worker_unlock(struct worker *w)
{
	pthread_mutex_unlock(&w->mu);
}

void
worker_wake(struct worker *w)
{
	pthread_mutex_lock(&w->mu);
	w->woken = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

int
worker_sleep(struct worker *w, long secs)
{
	struct timespec until = deadline(secs);

	return wait_until(w, &until, 0) < 0 ? -1 : 0;
}

int
worker_stopping(const struct worker *w)
{
	return w != NULL && atomic_load(&w->stop);
}

void
worker_stop(struct worker *w)
{
	pthread_mutex_lock(&w->mu);
	atomic_store(&w->stop, 1);
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
}

int
worker_cancel(void *w)
{
	return worker_stopping(w);
}
