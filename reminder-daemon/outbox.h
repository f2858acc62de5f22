/*
 * outbox.h - the outbox state machine, one row per (appointment, offset):
 *
 *   planned -> sending -> sent
 *                      -> retry -> sending ...     (transient failure)
 *                      -> failed                   (permanent, with reason)
 *   planned/retry -> expired                       (too late to be useful)
 *   planned/retry -> cancelled                     (by the planner)
 *
 * A row is marked `sending` and committed before the request leaves, so a
 * crash mid-send leaves it there; outbox_recover() moves such rows back to
 * retry at start-up (at-least-once: only a request in flight at the crash
 * can be sent twice).  Nothing is ever deleted.
 *
 * Besides the reminders (offset_s > 0, seconds before the appointment),
 * two other kinds of SMS follow the same states (followup.h): the relance
 * after a missed appointment (offset_s = OUTBOX_RELANCE) and the
 * automatic answer to a reply (OUTBOX_ANSWER).  The row's key (appointment,
 * offset_s, appointment time) is unique, so each exists once at most.
 */
#ifndef MSD_OUTBOX_H
#define MSD_OUTBOX_H

#include <sqlite3.h>
#include <time.h>

#include "err.h"

#define OUTBOX_RELANCE	(-1)
#define OUTBOX_ANSWER	(-2)

struct outbox_item {
	sqlite3_int64 id;
	long offset_s;		/* > 0 a reminder, else OUTBOX_RELANCE or _ANSWER */
	char msd[64];
	time_t appt_at;
	char phone[24];
	char place[256];
	int attempts;
};

/* sending -> retry (due now) for rows left by a crash; returns how many. */
int outbox_recover(sqlite3 *db, time_t now, err_t *e);

/* The first row due at now (planned or retry), oldest first.
 * 1 found, 0 none, -1 error. */
int outbox_next_due(sqlite3 *db, time_t now, struct outbox_item *it, err_t *e);

/* 1 if a later reminder of the same appointment (smaller offset) is due
 * too: after a long stop, only the latest one is worth sending.  Only
 * reminders supersede reminders. */
int outbox_superseded(sqlite3 *db, sqlite3_int64 id, time_t now);

/* The earliest due time of a pending row, or 0 when there is none. */
time_t outbox_next_wakeup(sqlite3 *db);

/* Transitions; each is its own committed transaction. */
int outbox_sending(sqlite3 *db, sqlite3_int64 id, const char *text,
    int segments, int ucs2, time_t now, err_t *e);
int outbox_sent(sqlite3 *db, sqlite3_int64 id, const char *provider_id,
    time_t now, err_t *e);
int outbox_retry(sqlite3 *db, sqlite3_int64 id, time_t due, const char *reason,
    time_t now, err_t *e);
/* state is "failed", "expired" or "cancelled". */
int outbox_final(sqlite3 *db, sqlite3_int64 id, const char *state,
    const char *reason, time_t now, err_t *e);
/* Moves a pending row's due time (quiet hours) without an attempt. */
int outbox_postpone(sqlite3 *db, sqlite3_int64 id, time_t due, time_t now,
    err_t *e);

/* Retention: removes numbers, places, agenda ids and texts of
 * appointments older than days; returns how many were purged. */
int outbox_purge(sqlite3 *db, time_t now, long days, err_t *e);

#endif
