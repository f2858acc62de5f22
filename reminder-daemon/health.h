/*
 * health.h - how the daemon says it is well: to systemd (READY=1, a
 * STATUS= line, the watchdog ping once per loop turn) and to the IT
 * team's monitoring (the Prometheus text file of [health] file, which
 * node_exporter's textfile collector reads; docs/operations.md lists the
 * figures and the alert rules built on them).
 *
 * The figures come from the database (reminders by state, the oldest due
 * one's lateness, the last send, segments sent today) and from what the
 * loop saw (the gateway's latency and last error, which are not stored).
 */
#ifndef MSD_HEALTH_H
#define MSD_HEALTH_H

#include <pthread.h>
#include <sqlite3.h>
#include <time.h>

#include "err.h"
#include "sdnotify.h"
#include "settings.h"
#include "strbuf.h"

struct dhealth {
	sdnotify sd;
	int ready;			/* READY=1 sent */
	char status[256];		/* the last STATUS= sent */
	double last_write;		/* monotonic s of the last file written */
	int write_failed;		/* logged once until it works again */
	/* What the loop saw of the gateway since the start. */
	double gw_last_s, gw_sum_s;	/* latency of the last request, total */
	long gw_requests, gw_errors;
	time_t last_error_at;		/* 0: none since the start */
	char last_error[200];		/* the gateway's reason (no number) */
	pthread_mutex_t mu;		/* guards text */
	char *text;			/* the last figures rendered */
};

/* Reads $NOTIFY_SOCKET and the watchdog variables (and removes them from
 * the environment): call it first, before any thread. */
void health_init(struct dhealth *h);
void health_free(struct dhealth *h);

/* One request to the gateway took secs; ok = 1 if it was sent, else
 * reason says why (already free of secrets and phone numbers). */
void health_gateway(struct dhealth *h, double secs, int ok,
    const char *reason, time_t t);

/* Renders every figure as of now into out (Prometheus text format).
 * Reads the database: call it from the loop's thread.  -1 + message. */
int health_render(struct dhealth *h, sqlite3 *db, time_t now, strbuf *out,
    err_t *e);

/* The text of the last health_turn (at most [health] interval_s old), as
 * a new string the caller frees; NULL before the first turn.  Safe from
 * any thread: an HTTP listener serves it on GET /metrics without
 * touching the database. */
char *health_text(struct dhealth *h);

/* Once per loop turn: the watchdog ping (the loop turned), READY=1 the
 * first time, STATUS= when it changed, and, at most every [health]
 * interval_s, the figures rendered and written to [health] file.
 * Failures are logged, never fatal. */
void health_turn(struct dhealth *h, sqlite3 *db, const struct settings *s,
    time_t now);

/* The figures written now, whatever the interval: when the daemon stops
 * (a run --once leaves what it did for the monitoring). */
void health_flush(struct dhealth *h, sqlite3 *db, const struct settings *s,
    time_t now);

/* Milliseconds the loop may sleep before the next ping is due, -1 when
 * there is no watchdog. */
long health_sleep_ms(const struct dhealth *h);

#endif
