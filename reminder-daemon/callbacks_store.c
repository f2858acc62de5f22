#include "callbacks_store.h"
#include "db.h"
#include "strbuf.h"

#include <stdlib.h>
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

static const char optout_sql[] =
    "INSERT INTO optout (phone, at) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
/* ?3 = 1: STOP by SMS, else the provider's opt-out. */
static const char optout_cancel_sql[] =
    "UPDATE outbox SET state = 'cancelled', reason = 'number on the STOP "
    "list' || CASE WHEN ?3 = 1 THEN ' (STOP by SMS)' ELSE ' (the provider "
    "says the person opted out)' END, updated_at = ?2 WHERE state IN "
    "('planned', 'retry') AND appt_id IN (SELECT id FROM appointment WHERE "
    "phone = ?1)";

enum {
	S_BEGIN, S_COMMIT, S_ROLLBACK, S_BY_ID, S_BY_PID,
	S_DLR,			/* + enum dlr_kind */
	S_LATEST = S_DLR + 3, S_REPLY, S_APPT_REPLY, S_CANCEL, S_OPTOUT,
	S_OPTOUT_CANCEL, S_N
};
static const char *const store_sql[S_N] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_BY_ID] = "SELECT id, provider_id FROM outbox WHERE id = ?1",
	[S_BY_PID] = "SELECT id, provider_id FROM outbox WHERE provider_id = ?1 "
	    "AND provider_id IS NOT NULL",
	/* ?1 row, ?2 status, ?3 reason, ?4 now.  The WHERE says what each
	 * report may overwrite: a duplicate or a weaker one matches no row. */
	[S_DLR + DLR_INTERMEDIATE] = "UPDATE outbox SET dlr_status = ?2, "
	    "dlr_at = ?4 WHERE id = ?1 AND state IN ('sending', 'sent') "
	    "AND dlr_status IS NOT ?2",
	[S_DLR + DLR_DELIVERED] = "UPDATE outbox SET state = 'delivered', "
	    "dlr_status = ?2, dlr_at = ?4, updated_at = ?4, reason = "
	    "'delivered to the phone' WHERE id = ?1 AND state IN "
	    "('sending', 'sent', 'undelivered', 'retry')",
	[S_DLR + DLR_UNDELIVERED] = "UPDATE outbox SET state = 'undelivered', "
	    "dlr_status = ?2, dlr_at = ?4, updated_at = ?4, reason = ?3 "
	    "WHERE id = ?1 AND state IN ('sending', 'sent')",
	/* The latest appointment: the one whose reminder went last, else
	 * the latest in time (a reply to an SMS sent before this program
	 * recorded it). */
	[S_LATEST] = "SELECT a.id FROM appointment a WHERE a.phone = ?1 "
	    "ORDER BY (SELECT max(o.sent_at) FROM outbox o WHERE o.appt_id = a.id) "
	    "DESC NULLS LAST, a.at DESC LIMIT 1",
	[S_REPLY] = "INSERT INTO reply (appt_id, at, category, text, "
	    "provider_id) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (provider_id) "
	    "DO NOTHING",
	/* "merci" after "ANNULER" must not hide the request from staff. */
	[S_APPT_REPLY] = "UPDATE appointment SET reply = CASE WHEN ?1 = 'unclear' "
	    "AND reply IN ('cancel_request', 'stop') THEN reply WHEN ?1 = "
	    "'confirmed' AND reply = 'stop' THEN reply ELSE ?1 END, reply_at = ?2 "
	    "WHERE id = ?3",
	[S_CANCEL] = "UPDATE outbox SET state = 'cancelled', reason = 'the person "
	    "asked by SMS to cancel the appointment', updated_at = ?2 WHERE "
	    "appt_id = ?3 AND state IN ('planned', 'retry')",
	[S_OPTOUT] = optout_sql,
	[S_OPTOUT_CANCEL] = optout_cancel_sql,
};

struct cbstore {
	sqlite3 *db;
	sqlite3_stmt *q[S_N];
};

struct cbstore *
cbstore_new(sqlite3 *db, err_t *e)
{
	struct cbstore *st = xcalloc(1, sizeof *st);

	st->db = db;
	for (int i = 0; i < S_N; i++)
		if (sqlite3_prepare_v3(db, store_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
		    &st->q[i], NULL) != SQLITE_OK) {
			err_set(e, "database %s: cannot prepare \"%.60s\": %s",
			    sqlite3_db_filename(db, "main"), store_sql[i],
			    sqlite3_errmsg(db));
			cbstore_free(st);
			return NULL;
		}
	return st;
}

void
cbstore_free(struct cbstore *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < S_N; i++)
		sqlite3_finalize(st->q[i]);
	free(st);
}

/* Steps statement i to its end (its bindings given by the caller) and
 * makes it ready for the next time: sqlite3_changes(), or -1. */
static int
run(struct cbstore *st, int i, err_t *e)
{
	int rc = sqlite3_step(st->q[i]);

	sqlite3_reset(st->q[i]);
	sqlite3_clear_bindings(st->q[i]);
	if (rc != SQLITE_DONE)
		return err_set(e, "database %s: %s", sqlite3_db_filename(st->db,
		    "main"), sqlite3_errmsg(st->db));
	return sqlite3_changes(st->db);
}

/* The end of a transaction: COMMIT, or ROLLBACK after a failure; ok or -1. */
static int
finish(struct cbstore *st, int ok, err_t *e)
{
	if (ok >= 0 && run(st, S_COMMIT, e) >= 0)
		return 0;
	sqlite3_step(st->q[S_ROLLBACK]);
	sqlite3_reset(st->q[S_ROLLBACK]);
	return -1;
}

/* The outbox row a report is about: ref when > 0 (and then pid, when
 * given, must be the provider's id of that row), else the one whose
 * provider_id is pid.  0 if none, -1 on error. */
static sqlite3_int64
find_row(struct cbstore *st, sqlite3_int64 ref, const char *pid, err_t *e)
{
	sqlite3_stmt *q = st->q[ref > 0 ? S_BY_ID : S_BY_PID];
	sqlite3_int64 id = 0;
	int rc;

	if (ref > 0)
		sqlite3_bind_int64(q, 1, ref);
	else
		sqlite3_bind_text(q, 1, pid ? pid : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		const char *have = (const char *)sqlite3_column_text(q, 1);

		id = sqlite3_column_int64(q, 0);
		/* A ref with another provider's id is not this message. */
		if (ref > 0 && pid && *pid && have && strcmp(have, pid) != 0)
			id = 0;
	} else if (rc != SQLITE_DONE)
		id = err_set(e, "database %s: %s", sqlite3_db_filename(st->db,
		    "main"), sqlite3_errmsg(st->db));
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return id;
}

int
cbstore_dlr(struct cbstore *st, sqlite3_int64 ref, const char *pid,
    enum dlr_kind k, const char *status, const char *reason, time_t now,
    int *known, err_t *e)
{
	sqlite3_stmt *u = st->q[S_DLR + k];
	sqlite3_int64 id;
	int n;

	*known = 0;
	if (run(st, S_BEGIN, e) < 0)
		return -1;
	if ((id = find_row(st, ref, pid, e)) <= 0)
		return finish(st, (int)id, e) < 0 ? -1 : 0;
	*known = 1;
	sqlite3_bind_int64(u, 1, id);
	sqlite3_bind_text(u, 2, status, -1, SQLITE_STATIC);
	db_bind_text_or_null(u, 3, reason);
	sqlite3_bind_int64(u, 4, now);
	n = run(st, S_DLR + k, e);
	if (finish(st, n, e) < 0)
		return -1;
	return n > 0;
}

/* The appointment a reply from e164 is about: 0 if none, -1 on error. */
static sqlite3_int64
latest_appt(struct cbstore *st, const char *e164, err_t *e)
{
	sqlite3_stmt *q = st->q[S_LATEST];
	sqlite3_int64 appt = 0;
	int rc;

	sqlite3_bind_text(q, 1, e164, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		appt = sqlite3_column_int64(q, 0);
	else if (rc != SQLITE_DONE)
		appt = err_set(e, "database %s: %s", sqlite3_db_filename(st->db,
		    "main"), sqlite3_errmsg(st->db));
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return appt;
}

/* Binds ?1 text a, ?2 now, ?3 id of statement i and runs it. */
static int
run3(struct cbstore *st, int i, const char *a, time_t now, sqlite3_int64 id,
    err_t *e)
{
	sqlite3_stmt *q = st->q[i];

	if (sqlite3_bind_parameter_count(q) >= 1)
		db_bind_text_or_null(q, 1, a);
	sqlite3_bind_int64(q, 2, now);
	if (sqlite3_bind_parameter_count(q) >= 3)
		sqlite3_bind_int64(q, 3, id);
	return run(st, i, e);
}

int
cbstore_reply(struct cbstore *st, const char *e164, const char *text,
    const char *pid, enum reply_cat cat, time_t now, err_t *e)
{
	sqlite3_stmt *ins = st->q[S_REPLY];
	sqlite3_int64 appt;
	int n;

	if (run(st, S_BEGIN, e) < 0)
		return -1;
	if ((appt = latest_appt(st, e164, e)) <= 0)
		return finish(st, (int)appt, e) < 0 ? -1 : 0;
	sqlite3_bind_int64(ins, 1, appt);
	sqlite3_bind_int64(ins, 2, now);
	sqlite3_bind_text(ins, 3, reply_db_name(cat), -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, text, -1, SQLITE_STATIC);
	db_bind_text_or_null(ins, 5, pid);
	if ((n = run(st, S_REPLY, e)) <= 0)	/* 0: the same message again */
		return finish(st, n, e) < 0 ? -1 : 0;
	if (run3(st, S_APPT_REPLY, reply_db_name(cat), now, appt, e) < 0 ||
	    (cat == REPLY_CANCEL && run3(st, S_CANCEL, NULL, now, appt, e) < 0) ||
	    (cat == REPLY_STOP && (run3(st, S_OPTOUT, e164, now, 0, e) < 0 ||
	    run3(st, S_OPTOUT_CANCEL, e164, now, 1, e) < 0)))
		return finish(st, -1, e);
	return finish(st, 1, e) < 0 ? -1 : 1;
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
