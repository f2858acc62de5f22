/*
 * followup.h - the SMS that follow an appointment rather than announce
 * it: the relance after a missed appointment, and the automatic answer
 * to a reply.
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
 *
 * The automatic answer.  An MSD may set reply_answer ("Merci, la maison
 * sociale va vous appeler."); it is off by default.  A reply that staff
 * follow up by calling (a cancellation request, a reply not understood)
 * then gets that SMS back: never after STOP, none for OUI (nothing to
 * do).  The send loop plans it from the replies the listener committed
 * (so a crash between the two loses nothing: the next start looks again
 * at the replies of the last FOLLOWUP_ANSWER_WITHIN), as an outbox row
 * with offset_s = OUTBOX_ANSWER: one per appointment, so never more than
 * one per reply, and a phone that answers automatically cannot start an
 * exchange.  It waits for the end of quiet hours and expires
 * FOLLOWUP_ANSWER_WITHIN after the reply.
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

#define FOLLOWUP_ANSWER_WITHIN	(2 * 86400L)

/* Plans the automatic answers of the replies recorded since *last_reply
 * (a reply id; 0 at start) and moves it on.  Returns how many, or -1. */
int followup_answers(sqlite3 *db, const struct settings *s,
    sqlite3_int64 *last_reply, time_t now, err_t *e);

/* What the send loop does with a relance or an answer that is due: 0 send it, before
 * *deadline (after which it is useless; *late says why, for the
 * reason), or 1 it ends now in *state ("expired", "cancelled") with
 * *why.  -1 on error. */
int followup_check(sqlite3 *db, const struct settings *s,
    const struct outbox_item *it, time_t now, time_t *deadline,
    const char **late, const char **state, const char **why, err_t *e);

/* Its text (a new string): the MSD's relance_template or reply_answer,
 * rendered for the appointment. */
char *followup_render(const struct settings *s, const struct outbox_item *it);


#endif
