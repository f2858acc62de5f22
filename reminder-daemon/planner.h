/*
 * planner.h - when each reminder goes out.
 *
 * For an appointment at time A and each offset o, the reminder is due at
 * A - o, moved forward out of quiet hours and Sundays.  It expires when
 * that lands inside min_notice before A (a reminder is useless then).  A
 * reminder already overdue when planned (an appointment imported late) is
 * sent now if it is the latest overdue one; earlier overdue ones expire as
 * superseded, so that a late import never sends two SMS at once.
 */
#ifndef MSD_PLANNER_H
#define MSD_PLANNER_H

#include <sqlite3.h>
#include <time.h>

#include "err.h"
#include "settings.h"

/* The first instant at or after t when sending is allowed. */
time_t plan_next_allowed(const struct settings *s, time_t t);

/* 1 if t is inside quiet hours or on a Sunday (when Sundays are off). */
int plan_is_quiet(const struct settings *s, time_t t);

enum plan_verdict { PLAN_SEND, PLAN_EXPIRED };

/* Decides one reminder: due time, or expired with a reason.  offset_idx
 * indexes s->offsets (descending). */
enum plan_verdict plan_one(const struct settings *s, time_t appt_at,
    int offset_idx, time_t now, time_t *due, const char **reason);

/* (Re)plans every appointment marked needs_plan, in one transaction:
 * cancels what must not be sent (cancelled appointment, no mobile, SMS
 * refused, STOP list) and creates the outbox rows for the rest.
 * Returns the number of appointments planned, or -1. */
long plan_pending(sqlite3 *db, const struct settings *s, time_t now, err_t *e);

/* Puts every planned appointment still to come back in the plan queue,
 * after the offsets changed; returns how many, or -1. */
int plan_requeue(sqlite3 *db, time_t now, err_t *e);

/* The reminder text for an appointment (template of its MSD). */
char *plan_render(const struct settings *s, const char *msd, time_t at,
    const char *place);

#endif
