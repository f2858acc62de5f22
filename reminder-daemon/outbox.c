#include "outbox.h"
#include "db.h"

#include <stdio.h>
#include <string.h>

/* Runs one UPDATE with integer/text parameters given as a format:
 * 'i' = sqlite3_int64, 't' = text (NULL allowed). */
static int
run(sqlite3 *db, const char *sql, const char *fmt, const void *const *args,
    err_t *e)
{
	sqlite3_stmt *st = db_prepare(db, sql, e);
	int rc;

	if (st == NULL)
		return -1;
	for (int i = 0; fmt[i]; i++) {
		if (fmt[i] == 'i')
			sqlite3_bind_int64(st, i + 1, *(const sqlite3_int64 *)args[i]);
		else if (args[i] == NULL)
			sqlite3_bind_null(st, i + 1);
		else
			sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return err_set(e, "outbox in %s: %s", sqlite3_db_filename(db, "main"),
		    sqlite3_errmsg(db));
	return sqlite3_changes(db);
}

int
outbox_recover(sqlite3 *db, time_t now, err_t *e)
{
	sqlite3_int64 t = now;
	const void *a[] = { &t };

	return run(db, "UPDATE outbox SET state = 'retry', due_at = ?1, "
	    "updated_at = ?1, reason = 'interrupted while sending (daemon "
	    "stopped): sent again' WHERE state = 'sending'", "i", a, e);
}

int
outbox_next_due(sqlite3 *db, time_t now, struct outbox_item *it, err_t *e)
{
	static const char sql[] =
	    "SELECT o.id, a.msd, a.at, a.phone, coalesce(a.place, ''), o.attempts, "
	    "o.offset_s "
	    "FROM outbox o JOIN appointment a ON a.id = o.appt_id "
	    /* The state list repeats the one of the partial index outbox_due
	     * word for word: SQLite uses a partial index only then.  Without
	     * it each message scanned the whole outbox. */
	    "WHERE o.state IN ('planned', 'retry', 'sending') AND o.state != 'sending' "
	    "AND o.due_at <= ?1 ORDER BY o.due_at LIMIT 1";
	sqlite3_stmt *st = db_prepare(db, sql, e);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(it, 0, sizeof *it);
		it->id = sqlite3_column_int64(st, 0);
		snprintf(it->msd, sizeof it->msd, "%s", db_text(st, 1));
		it->appt_at = (time_t)sqlite3_column_int64(st, 2);
		snprintf(it->phone, sizeof it->phone, "%s", db_text(st, 3));
		snprintf(it->place, sizeof it->place, "%s", db_text(st, 4));
		it->attempts = sqlite3_column_int(st, 5);
		it->offset_s = (long)sqlite3_column_int64(st, 6);
		sqlite3_finalize(st);
		return 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return err_set(e, "outbox in %s: %s", sqlite3_db_filename(db, "main"),
		    sqlite3_errmsg(db));
	return 0;
}

int
outbox_superseded(sqlite3 *db, sqlite3_int64 id, time_t now)
{
	sqlite3_stmt *st;
	int found = 0;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM outbox o, outbox me WHERE "
	    "me.id = ?1 AND o.appt_id = me.appt_id AND o.appt_at = me.appt_at "
	    "AND o.offset_s < me.offset_s AND o.offset_s > 0 "
	    "AND o.state IN ('planned', 'retry') "
	    "AND o.due_at <= ?2", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

time_t
outbox_next_wakeup(sqlite3 *db)
{
	sqlite3_stmt *st;
	time_t t = 0;

	if (sqlite3_prepare_v2(db, "SELECT min(due_at) FROM outbox WHERE state "
	    "IN ('planned', 'retry', 'sending') AND state != 'sending'", -1, &st,
	    NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		t = (time_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return t;
}

int
outbox_sending(sqlite3 *db, sqlite3_int64 id, const char *text, int segments,
    int ucs2, time_t now, err_t *e)
{
	sqlite3_int64 t = now, seg = segments, u = ucs2;
	const void *a[] = { &id, text, &seg, &u, &t };

	return run(db, "UPDATE outbox SET state = 'sending', attempts = attempts + 1, "
	    "text = ?2, segments = ?3, ucs2 = ?4, updated_at = ?5, reason = NULL "
	    "WHERE id = ?1", "itiii", a, e) < 0 ? -1 : 0;
}

int
outbox_sent(sqlite3 *db, sqlite3_int64 id, const char *provider_id, time_t now,
    err_t *e)
{
	sqlite3_int64 t = now;
	const void *a[] = { &id, provider_id && *provider_id ? provider_id : NULL, &t };

	/* A delivery report can come back (to the listener's thread) before
	 * the send loop records the gateway's answer: it is not undone. */
	return run(db, "UPDATE outbox SET provider_id = ?2, sent_at = ?3, "
	    "updated_at = ?3, reason = CASE WHEN state IN ('delivered', "
	    "'undelivered') THEN reason ELSE 'accepted by the gateway' END, "
	    "state = CASE WHEN state IN ('delivered', 'undelivered') THEN state "
	    "ELSE 'sent' END WHERE id = ?1", "iti", a, e) < 0 ? -1 : 0;
}

int
outbox_retry(sqlite3 *db, sqlite3_int64 id, time_t due, const char *reason,
    time_t now, err_t *e)
{
	sqlite3_int64 d = due, t = now;
	const void *a[] = { &id, &d, reason, &t };

	return run(db, "UPDATE outbox SET state = 'retry', due_at = ?2, reason = ?3, "
	    "updated_at = ?4 WHERE id = ?1", "iiti", a, e) < 0 ? -1 : 0;
}

int
outbox_final(sqlite3 *db, sqlite3_int64 id, const char *state,
    const char *reason, time_t now, err_t *e)
{
	sqlite3_int64 t = now;
	const void *a[] = { &id, state, reason, &t };

	return run(db, "UPDATE outbox SET state = ?2, reason = ?3, updated_at = ?4 "
	    "WHERE id = ?1", "itti", a, e) < 0 ? -1 : 0;
}

int
outbox_postpone(sqlite3 *db, sqlite3_int64 id, time_t due, time_t now, err_t *e)
{
	sqlite3_int64 d = due, t = now;
	const void *a[] = { &id, &d, &t };

	return run(db, "UPDATE outbox SET due_at = ?2, updated_at = ?3 WHERE id = ?1",
	    "iii", a, e) < 0 ? -1 : 0;
}

int
outbox_purge(sqlite3 *db, time_t now, long days, err_t *e)
{
	sqlite3_int64 t = now, limit = now - (sqlite3_int64)days * 86400;
	const void *a[] = { &limit, &t };
	int n;

	if (db_exec(db, "BEGIN IMMEDIATE", e) < 0)
		return -1;
	/* Anything still pending for such an old appointment is past use. */
	if (run(db, "UPDATE outbox SET state = 'expired', reason = 'the appointment "
	    "has already passed', updated_at = ?2 WHERE state IN ('planned', "
	    "'retry', 'sending') AND appt_at < ?1", "ii", a, e) < 0 ||
	    run(db, "UPDATE outbox SET text = NULL WHERE text IS NOT NULL AND "
	    "appt_at < ?1", "i", a, e) < 0 ||
	    /* Replies are personal data too: only their category stays. */
	    run(db, "UPDATE reply SET text = NULL WHERE text IS NOT NULL AND "
	    "appt_id IN (SELECT id FROM appointment WHERE purged_at IS NULL "
	    "AND at < ?1)", "i", a, e) < 0 ||
	    (n = run(db, "UPDATE appointment SET phone = NULL, place = NULL, "
	    "rdv_id = NULL, purged_at = ?2 WHERE purged_at IS NULL AND at < ?1",
	    "ii", a, e)) < 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (db_exec(db, "COMMIT", e) < 0)
		return -1;
	return n;
}
