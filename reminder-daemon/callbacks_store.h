/*
 * callbacks_store.h - what a delivery report or a reply changes in the
 * reminders database.  Each call is one committed transaction, so the
 * listener acknowledges a provider only once its change is on disk.
 *
 * Delivery reports, in order of strength: `delivered` beats everything
 * (a phone that got it got it), `undelivered` beats `sent` (a later
 * `delivered` still wins: a soft failure retried by the SMSC is not
 * final), an intermediate report ("buffered", "sent") only notes its
 * status on a row still `sending`/`sent`.  Duplicates and reports for an
 * unknown message change nothing.
 *
 * The listener's statements are prepared once (cbstore_new), not inside
 * each transaction: the write lock, which the send loop waits for, is
 * held only while they run.
 */
#ifndef MSD_CALLBACKS_STORE_H
#define MSD_CALLBACKS_STORE_H

#include <sqlite3.h>
#include <time.h>

#include "err.h"
#include "reply.h"

enum dlr_kind { DLR_INTERMEDIATE, DLR_DELIVERED, DLR_UNDELIVERED };

/* A connection with the listener's statements prepared. */
struct cbstore;
struct cbstore *cbstore_new(sqlite3 *db, err_t *e);
void cbstore_free(struct cbstore *st);

/* The row is ref (the outbox id the daemon put in the callback URL) when
 * > 0, else the one whose provider_id is pid.  status is the provider's
 * word ("1", "delivered"), reason why it was not delivered (or NULL).
 * 1 changed, 0 nothing to change (duplicate, weaker, unknown: *known
 * says which), -1 error (nothing changed). */
int cbstore_dlr(struct cbstore *st, sqlite3_int64 ref, const char *pid,
    enum dlr_kind k, const char *status, const char *reason, time_t now,
    int *known, err_t *e);

/* A reply from e164: kept on the person's latest appointment (the one
 * last reminded, else the latest), with its effects (STOP list and
 * pending reminders cancelled; cancellation: that appointment's
 * reminders cancelled).  pid (Twilio's MessageSid) makes a retried
 * webhook count once.  1 stored, 0 unknown number or duplicate, -1. */
int cbstore_reply(struct cbstore *st, const char *e164, const char *text,
    const char *pid, enum reply_cat cat, time_t now, err_t *e);

/* The provider says the number opted out (Twilio 21610): on the STOP
 * list, its pending reminders cancelled.  Returns how many, or -1. */
int cbstore_optout(sqlite3 *db, const char *e164, const char *why, time_t now,
    err_t *e);

#endif
