#include "followup.h"
#include "db.h"
#include "planner.h"
#include "sms.h"
#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
sqlfail(sqlite3 *db, sqlite3_stmt *st, const char *what, err_t *e)
{
	err_set(e, "%s in %s: %s", what, sqlite3_db_filename(db, "main"),
	    sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return -1;
}

/* Why an appointment gets no relance, NULL when it gets one. */
static const char absent_sql[] =
    "SELECT a.id, a.at, coalesce(a.place, ''), "
    "a.status != 'planned' OR a.phone_kind != 'mobile' OR a.sms_refused "
    "OR EXISTS (SELECT 1 FROM optout o WHERE o.phone = a.phone) "
    "OR EXISTS (SELECT 1 FROM appointment n WHERE n.phone = a.phone "
    "AND n.id != a.id AND n.at > a.at AND n.status = 'planned') "
    "FROM appointment a WHERE a.msd = ?1 AND a.rdv_id = ?2";
/* A relance cancelled before (by `venu`, by a newer appointment since
 * cancelled) was never sent: it may be planned again.  Any other row is
 * left as it is, so that it is never sent twice. */
static const char plan_sql[] =
    "INSERT INTO outbox (appt_id, offset_s, appt_at, due_at, state, reason, "
    "segments, ucs2, updated_at) VALUES (?1, -1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (appt_id, offset_s, appt_at) DO UPDATE SET "
    "due_at = excluded.due_at, state = excluded.state, reason = excluded.reason, "
    "segments = excluded.segments, ucs2 = excluded.ucs2, "
    "updated_at = excluded.updated_at WHERE outbox.state = 'cancelled'";

static const char too_late[] = "too late: more than relance_within after the "
    "missed appointment";

int
followup_absent(sqlite3 *db, const struct settings *s, const char *msd,
    const char *rdv_id, time_t now, err_t *e)
{
	const struct msd_conf *m = settings_msd(s, msd);
	struct outbox_item it = { .offset_s = OUTBOX_RELANCE };
	sqlite3_stmt *st;
	sqlite3_int64 id;
	struct sms_cost cost;
	time_t due;
	char *text;
	int rc, expired;

	if (m == NULL || m->relance_template[0] == '\0')
		return 0;		/* relances turned off for this MSD */
	if ((st = db_prepare(db, absent_sql, e)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, msd, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rdv_id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			return sqlfail(db, st, "planning a relance", e);
		sqlite3_finalize(st);
		return 0;		/* a past appointment never imported */
	}
	if (sqlite3_column_int(st, 3)) {
		sqlite3_finalize(st);
		return 0;
	}
	id = sqlite3_column_int64(st, 0);
	it.appt_at = (time_t)sqlite3_column_int64(st, 1);
	snprintf(it.msd, sizeof it.msd, "%s", msd);
	snprintf(it.place, sizeof it.place, "%s", db_text(st, 2));
	sqlite3_finalize(st);

	due = plan_next_allowed(s, now > it.appt_at ? now : it.appt_at);
	expired = due > it.appt_at + s->relance_within;
	text = followup_render(s, &it);
	sms_cost(text, &cost);
	free(text);
	if ((st = db_prepare(db, plan_sql, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, it.appt_at);
	sqlite3_bind_int64(st, 3, expired ? now : due);
	sqlite3_bind_text(st, 4, expired ? "expired" : "planned", -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 5, expired ? too_late : NULL);
	sqlite3_bind_int(st, 6, cost.segments);
	sqlite3_bind_int(st, 7, cost.ucs2);
	sqlite3_bind_int64(st, 8, now);
	if (sqlite3_step(st) != SQLITE_DONE)
		return sqlfail(db, st, "planning a relance", e);
	sqlite3_finalize(st);
	return !expired;
}

int
followup_came(sqlite3 *db, const char *msd, const char *rdv_id, time_t now,
    err_t *e)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE outbox SET state = 'cancelled', "
	    "reason = 'the agenda now says the person came', updated_at = ?3 "
	    "WHERE offset_s = -1 AND state IN ('planned', 'retry') AND appt_id = "
	    "(SELECT id FROM appointment WHERE msd = ?1 AND rdv_id = ?2)", e);

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, msd, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rdv_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	if (sqlite3_step(st) != SQLITE_DONE)
		return sqlfail(db, st, "cancelling a relance", e);
	sqlite3_finalize(st);
	return sqlite3_changes(db);
}

/* 1 if the person of outbox row id has an appointment after this one. */
static int
has_newer(sqlite3 *db, sqlite3_int64 id, err_t *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM outbox o JOIN "
	    "appointment a ON a.id = o.appt_id JOIN appointment n ON "
	    "n.phone = a.phone WHERE o.id = ?1 AND n.id != a.id AND n.at > a.at "
	    "AND n.status = 'planned' LIMIT 1", e);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sqlfail(db, NULL, "checking a relance", e);
	return rc == SQLITE_ROW;
}

/* The automatic answers of replies id > ?1 and <= ?2 received since ?3. */
static const char answers_sql[] =
    "SELECT r.appt_id, a.msd, a.at, coalesce(a.place, '') FROM reply r "
    "JOIN appointment a ON a.id = r.appt_id WHERE r.id > ?1 AND r.id <= ?2 "
    "AND r.at >= ?3 AND r.category IN ('cancel_request', 'unclear') "
    "AND a.phone IS NOT NULL AND a.phone_kind = 'mobile' AND NOT a.sms_refused "
    "AND NOT EXISTS (SELECT 1 FROM optout o WHERE o.phone = a.phone) "
    "ORDER BY r.id";
static const char answer_sql[] =
    "INSERT INTO outbox (appt_id, offset_s, appt_at, due_at, state, "
    "segments, ucs2, updated_at) VALUES (?1, -2, ?2, ?3, 'planned', ?4, ?5, "
    "?6) ON CONFLICT (appt_id, offset_s, appt_at) DO NOTHING";

/* Plans one answer per row of sel; the number planned, or -1. */
static int
plan_answers(sqlite3 *db, const struct settings *s, sqlite3_stmt *sel,
    time_t now, err_t *e)
{
	sqlite3_stmt *ins = db_prepare(db, answer_sql, e);
	int n = 0, rc;

	if (ins == NULL)
		return -1;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		struct outbox_item it = { .offset_s = OUTBOX_ANSWER };
		const struct msd_conf *m = settings_msd(s, db_text(sel, 1));
		struct sms_cost cost;
		char *text;

		if (m == NULL || m->reply_answer[0] == '\0')
			continue;
		snprintf(it.msd, sizeof it.msd, "%s", m->code);
		it.appt_at = (time_t)sqlite3_column_int64(sel, 2);
		snprintf(it.place, sizeof it.place, "%s", db_text(sel, 3));
		text = followup_render(s, &it);
		sms_cost(text, &cost);
		free(text);
		sqlite3_bind_int64(ins, 1, sqlite3_column_int64(sel, 0));
		sqlite3_bind_int64(ins, 2, it.appt_at);
		sqlite3_bind_int64(ins, 3, plan_next_allowed(s, now));
		sqlite3_bind_int(ins, 4, cost.segments);
		sqlite3_bind_int(ins, 5, cost.ucs2);
		sqlite3_bind_int64(ins, 6, now);
		if (sqlite3_step(ins) != SQLITE_DONE)
			return sqlfail(db, ins, "planning an answer", e);
		n += sqlite3_changes(db);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	if (rc != SQLITE_DONE)
		return sqlfail(db, NULL, "reading the replies", e);
	return n;
}

int
followup_answers(sqlite3 *db, const struct settings *s,
    sqlite3_int64 *last_reply, time_t now, err_t *e)
{
	sqlite3_stmt *st;
	sqlite3_int64 top = 0;
	int n;

	/* Each turn of the send loop: one look at the table's last rowid
	 * while nothing new came. */
	if ((st = db_prepare(db, "SELECT max(id) FROM reply", e)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		top = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (top <= *last_reply)
		return 0;
	if (db_exec(db, "BEGIN IMMEDIATE", e) < 0)
		return -1;
	if ((st = db_prepare(db, answers_sql, e)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, *last_reply);
	sqlite3_bind_int64(st, 2, top);
	sqlite3_bind_int64(st, 3, now - FOLLOWUP_ANSWER_WITHIN);
	n = plan_answers(db, s, st, now, e);
	sqlite3_finalize(st);
	if (n < 0 || db_exec(db, "COMMIT", e) < 0)
		goto fail;
	*last_reply = top;
	return n;
fail:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* The latest reply about the appointment of outbox row id, or 0. */
static time_t
last_reply_at(sqlite3 *db, sqlite3_int64 id, err_t *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT max(r.at) FROM reply r JOIN "
	    "outbox o ON o.appt_id = r.appt_id WHERE o.id = ?1", e);
	time_t t = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		t = (time_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return t;
}

static int
check_answer(sqlite3 *db, const struct msd_conf *m,
    const struct outbox_item *it, time_t now, time_t *deadline,
    const char **late, const char **state, const char **why, err_t *e)
{
	time_t at = last_reply_at(db, it->id, e);

	if (at < 0)
		return -1;
	*deadline = at + FOLLOWUP_ANSWER_WITHIN;
	*late = "too late: more than 2 days after the reply";
	if (now > *deadline) {
		*state = "expired";
		*why = *late;
		return 1;
	}
	if (m == NULL || m->reply_answer[0] == '\0') {
		*state = "cancelled";
		*why = "automatic answers turned off: the MSD's reply_answer is empty";
		return 1;
	}
	return 0;
}

int
followup_check(sqlite3 *db, const struct settings *s,
    const struct outbox_item *it, time_t now, time_t *deadline,
    const char **late, const char **state, const char **why, err_t *e)
{
	const struct msd_conf *m = settings_msd(s, it->msd);
	int newer;

	if (it->offset_s == OUTBOX_ANSWER)
		return check_answer(db, m, it, now, deadline, late, state, why, e);
	*deadline = it->appt_at + s->relance_within;
	*late = too_late;
	*state = "cancelled";
	if (now > *deadline) {
		*state = "expired";
		*why = too_late;
		return 1;
	}
	/* A reload emptied the template: the MSD no longer wants them. */
	if (m == NULL || m->relance_template[0] == '\0') {
		*why = "relances turned off: the MSD's relance_template is empty";
		return 1;
	}
	if ((newer = has_newer(db, it->id, e)) < 0)
		return -1;
	if (newer) {
		/* Imported between the planning and now; the planner
		 * cancels all others (the planner's cancel_newer). */
		*why = "a newer appointment for the same number, found when "
		    "sending";
		return 1;
	}
	return 0;
}

char *
followup_render(const struct settings *s, const struct outbox_item *it)
{
	const struct msd_conf *m = settings_msd(s, it->msd);
	struct template_vars v = {
		.at = it->appt_at, .lieu = it->place,
		.msd = m ? m->name : it->msd, .tel_msd = m ? m->phone : "",
	};
	const char *tpl = settings_default_relance;

	if (it->offset_s == OUTBOX_ANSWER)
		tpl = m ? m->reply_answer : "";
	else if (m && m->relance_template[0])
		tpl = m->relance_template;
	return template_render(tpl, &v);
}
