#include "callbacks_store.h"
#include "db.h"

#include <string.h>

static int
fail(sqlite3 *db, sqlite3_stmt *st, err_t *e)
{
	err_set(e, "database %s: %s", sqlite3_db_filename(db, "main"),
	    sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int
cbstore_dlr(sqlite3 *db, sqlite3_int64 ref, const char *pid, enum dlr_kind k,
    const char *status, const char *reason, time_t now, int *known, err_t *e)
{
	/* ?1 row, ?2 status, ?3 reason, ?4 now.  The WHERE says what each
	 * report may overwrite: a duplicate or a weaker one matches no row. */
	static const char *const sql[] = {
		[DLR_INTERMEDIATE] = "UPDATE outbox SET dlr_status = ?2, dlr_at = ?4 "
		    "WHERE id = ?1 AND state IN ('sending', 'sent') "
		    "AND dlr_status IS NOT ?2",
		[DLR_DELIVERED] = "UPDATE outbox SET state = 'delivered', "
		    "dlr_status = ?2, dlr_at = ?4, updated_at = ?4, reason = "
		    "'delivered to the phone' WHERE id = ?1 AND state IN "
		    "('sending', 'sent', 'undelivered', 'retry')",
		[DLR_UNDELIVERED] = "UPDATE outbox SET state = 'undelivered', "
		    "dlr_status = ?2, dlr_at = ?4, updated_at = ?4, reason = ?3 "
		    "WHERE id = ?1 AND state IN ('sending', 'sent')",
	};
	sqlite3_stmt *st = NULL;
	sqlite3_int64 id = 0;
	int n;

	*known = 0;
	if (db_exec(db, "BEGIN IMMEDIATE", e) < 0)
		return -1;
	if (ref > 0)
		st = db_prepare(db, "SELECT id, provider_id FROM outbox WHERE id = ?1", e);
	else
		st = db_prepare(db, "SELECT id, provider_id FROM outbox WHERE "
		    "provider_id = ?1 AND provider_id IS NOT NULL", e);
	if (st == NULL)
		return fail(db, NULL, e);
	if (ref > 0)
		sqlite3_bind_int64(st, 1, ref);
	else
		sqlite3_bind_text(st, 1, pid ? pid : "", -1, SQLITE_STATIC);
	n = sqlite3_step(st);
	if (n == SQLITE_ROW) {
		const char *have = (const char *)sqlite3_column_text(st, 1);

		id = sqlite3_column_int64(st, 0);
		/* A ref with another provider's id is not this message. */
		if (ref > 0 && pid && *pid && have && strcmp(have, pid) != 0)
			id = 0;
	} else if (n != SQLITE_DONE)
		return fail(db, st, e);
	sqlite3_finalize(st);
	if (id == 0) {
		db_exec(db, "COMMIT", e);
		return 0;
	}
	*known = 1;
	if ((st = db_prepare(db, sql[k], e)) == NULL)
		return fail(db, NULL, e);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 3, reason);
	sqlite3_bind_int64(st, 4, now);
	if (sqlite3_step(st) != SQLITE_DONE)
		return fail(db, st, e);
	sqlite3_finalize(st);
	n = sqlite3_changes(db);
	if (db_exec(db, "COMMIT", e) < 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return n > 0;
}

/* Runs sql with ?1 = text a, ?2 = now, ?3 = id; -1 on error. */
static int
step3(sqlite3 *db, const char *sql, const char *a, time_t now,
    sqlite3_int64 id, err_t *e)
{
	sqlite3_stmt *st = db_prepare(db, sql, e);

	if (st == NULL)
		return -1;
	db_bind_text_or_null(st, 1, a);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		err_set(e, "database %s: %s", sqlite3_db_filename(db, "main"),
		    sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return sqlite3_changes(db);
}

static const char optout_sql[] =
    "INSERT INTO optout (phone, at) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
static const char optout_cancel_sql[] =
    "UPDATE outbox SET state = 'cancelled', reason = 'number on the STOP "
    "list' || CASE WHEN ?3 = 1 THEN ' (STOP by SMS)' ELSE ' (the provider "
    "says the person opted out)' END, updated_at = ?2 WHERE state IN "
    "('planned', 'retry') AND appt_id IN (SELECT id FROM appointment WHERE "
    "phone = ?1)";

int
cbstore_reply(sqlite3 *db, const char *e164, const char *text, const char *pid,
    enum reply_cat cat, time_t now, err_t *e)
{
	sqlite3_stmt *st;
	sqlite3_int64 appt = 0;
	int n;

	if (db_exec(db, "BEGIN IMMEDIATE", e) < 0)
		return -1;
	/* The latest appointment: the one whose reminder went last, else
	 * the latest in time (a reply to an SMS sent before this program
	 * recorded it). */
	st = db_prepare(db, "SELECT a.id FROM appointment a WHERE a.phone = ?1 "
	    "ORDER BY (SELECT max(o.sent_at) FROM outbox o WHERE o.appt_id = a.id) "
	    "DESC NULLS LAST, a.at DESC LIMIT 1", e);
	if (st == NULL)
		return fail(db, NULL, e);
	sqlite3_bind_text(st, 1, e164, -1, SQLITE_STATIC);
	n = sqlite3_step(st);
	if (n == SQLITE_ROW)
		appt = sqlite3_column_int64(st, 0);
	else if (n != SQLITE_DONE)
		return fail(db, st, e);
	sqlite3_finalize(st);
	if (appt == 0) {
		db_exec(db, "COMMIT", e);
		return 0;
	}
	st = db_prepare(db, "INSERT INTO reply (appt_id, at, category, text, "
	    "provider_id) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (provider_id) "
	    "DO NOTHING", e);
	if (st == NULL)
		return fail(db, NULL, e);
	sqlite3_bind_int64(st, 1, appt);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, reply_db_name(cat), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 5, pid);
	if (sqlite3_step(st) != SQLITE_DONE)
		return fail(db, st, e);
	sqlite3_finalize(st);
	if (sqlite3_changes(db) == 0) {		/* the same message again */
		db_exec(db, "COMMIT", e);
		return 0;
	}
	/* "merci" after "ANNULER" must not hide the request from staff. */
	if (step3(db, "UPDATE appointment SET reply = CASE WHEN ?1 = 'unclear' "
	    "AND reply IN ('cancel_request', 'stop') THEN reply WHEN ?1 = "
	    "'confirmed' AND reply = 'stop' THEN reply ELSE ?1 END, reply_at = ?2 "
	    "WHERE id = ?3", reply_db_name(cat), now, appt, e) < 0)
		return fail(db, NULL, e);
	if (cat == REPLY_CANCEL && step3(db, "UPDATE outbox SET state = "
	    "'cancelled', reason = 'the person asked by SMS to cancel the "
	    "appointment', updated_at = ?2 WHERE appt_id = ?3 AND state IN "
	    "('planned', 'retry') AND ?1 IS NOT NULL", "x", now, appt, e) < 0)
		return fail(db, NULL, e);
	if (cat == REPLY_STOP && (step3(db, optout_sql, e164, now, 0, e) < 0 ||
	    step3(db, optout_cancel_sql, e164, now, 1, e) < 0))
		return fail(db, NULL, e);
	if (db_exec(db, "COMMIT", e) < 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 1;
}

int
cbstore_optout(sqlite3 *db, const char *e164, const char *why, time_t now,
    err_t *e)
{
	int n;

	(void)why;
	if (db_exec(db, "BEGIN IMMEDIATE", e) < 0)
		return -1;
	if (step3(db, optout_sql, e164, now, 0, e) < 0 ||
	    (n = step3(db, optout_cancel_sql, e164, now, 0, e)) < 0)
		return fail(db, NULL, e);
	if (db_exec(db, "COMMIT", e) < 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return n;
}
