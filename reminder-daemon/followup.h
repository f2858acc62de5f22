/*
 * followup.h - the SMS that follow an appointment rather than announce
 * it: the relance after a missed appointment.
 *
 * The relance.  When the agenda's re-import says `absent` (a no-show),
 * the import plans one SMS from the MSD's relance_template, in its own
 * transaction: an outbox row with offset_s = OUTBOX_RELANCE, due at the
 * next allowed time (quiet hours, Sundays).  The outbox's key (appointment,
 * offset, appointment time) makes it one at most, whatever the number of
 * re-imports.  It goes to no landline, nobody who refused SMS or is on
 * the STOP list, and never when the person has a newer appointment: one
 * booked later in time than the missed one is there (it is not planned),
 * or comes with a later import (the planner cancels it), or is found at
 * send time (cancelled then).  It is sent within relance_within after the
 * missed appointment, or expires with that reason.  `venu` on a later
 * import cancels it.
 */
#ifndef MSD_FOLLOWUP_H
#define MSD_FOLLOWUP_H

#include <sqlite3.h>
#include <time.h>

#include "err.h"
#include "outbox.h"
#include "settings.h"

/* The import said absent for (msd, rdv_id): plans its relance.  Returns
 * 1 planned (or planned already), 0 none is due (see above), -1 error. */
int followup_absent(sqlite3 *db, const struct settings *s, const char *msd,
    const char *rdv_id, time_t now, err_t *e);

/* The import said venu: a relance still to send is cancelled.  Returns
 * how many, or -1. */
int followup_came(sqlite3 *db, const char *msd, const char *rdv_id,
    time_t now, err_t *e);

/* What the send loop does with a relance that is due: 0 send it, before
 * *deadline (after which it is useless; *late says why, for the
 * reason), or 1 it ends now in *state ("expired", "cancelled") with
 * *why.  -1 on error. */
int followup_check(sqlite3 *db, const struct settings *s,
    const struct outbox_item *it, time_t now, time_t *deadline,
    const char **late, const char **state, const char **why, err_t *e);

/* Its text (a new string): the MSD's relance_template rendered for the
 * missed appointment. */
char *followup_render(const struct settings *s, const struct outbox_item *it);

/* The planner's statement (?1 = now) that cancels the pending relances
 * of people who have an appointment in plan_queue later than the missed
 * one. */
extern const char followup_newer_sql[];

#endif
