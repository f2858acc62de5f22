#include "planner.h"
#include "sms.h"
#include "db.h"
#include "strbuf.h"
#include "template.h"
#include "timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
plan_is_quiet(const struct settings *s, time_t t)
{
	struct tm tm;
	int min;

	localtime_r(&t, &tm);
	if (!s->sundays && tm.tm_wday == 0)
		return 1;
	min = tm.tm_hour * 60 + tm.tm_min;
	if (s->quiet_start > s->quiet_end)	/* 20:00-08:30, over midnight */
		return min >= s->quiet_start || min < s->quiet_end;
	if (s->quiet_start < s->quiet_end)	/* 12:00-14:00 */
		return min >= s->quiet_start && min < s->quiet_end;
	return 0;				/* start == end: no quiet hours */
}

time_t
plan_next_allowed(const struct settings *s, time_t t)
{
	int qh = s->quiet_end / 60, qm = s->quiet_end % 60;

	/* Each step jumps to the end of one quiet period; a week of steps is
	 * more than any configuration needs (Saturday night, Sunday). */
	for (int i = 0; i < 16 && plan_is_quiet(s, t); i++) {
		struct tm tm;
		int min, next_day;

		localtime_r(&t, &tm);
		min = tm.tm_hour * 60 + tm.tm_min;
		if (!s->sundays && tm.tm_wday == 0)
			next_day = 1;		/* Sunday: Monday at the end of quiet */
		else
			next_day = s->quiet_start > s->quiet_end && min >= s->quiet_start;
		t = time_from_local(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday + next_day, qh, qm);
	}
	return t;
}

enum plan_verdict
plan_one(const struct settings *s, time_t at, int i, time_t now, time_t *due,
    const char **reason)
{
	time_t target = at - s->offsets[i];

	if (at <= now) {
		*reason = "the appointment has already passed";
		return PLAN_EXPIRED;
	}
	if (at - now < s->min_notice) {
		*reason = "too late: less than min_notice before the appointment";
		return PLAN_EXPIRED;
	}
	if (target < now) {
		/* Overdue (imported late).  Offsets are in descending order, so
		 * the next one is the later reminder. */
		if (i + 1 < s->noffsets && at - s->offsets[i + 1] <= now) {
			*reason = "superseded: imported too late, a later reminder is sent instead";
			return PLAN_EXPIRED;
		}
		target = now;
	}
	*due = plan_next_allowed(s, target);
	if (*due > at - s->min_notice) {
		*reason = "no allowed time to send before the appointment (quiet hours or Sunday)";
		return PLAN_EXPIRED;
	}
	*reason = NULL;
	return PLAN_SEND;
}

char *
plan_render(const struct settings *s, const char *msd, time_t at,
    const char *place)
{
	const struct msd_conf *m = settings_msd(s, msd);
	struct template_vars v = {
		.at = at, .lieu = place,
		.msd = m ? m->name : msd, .tel_msd = m ? m->phone : "",
	};

	return template_render(m ? m->template : settings_default_template, &v);
}

/*
 * Planning runs as a few set-wise statements over the plan queue, not a
 * loop of single-row statements: a first import of a large agenda is then
 * one INSERT ... SELECT, SQLite's fast path (measured 4x faster on a
 * million appointments).  The rules stay in C: plan_one() and the template
 * are called from SQL through the functions below.
 */
struct plan_fn {
	const struct settings *s;
	time_t now;
	sqlite3_int64 cached_appt;	/* the message cost of the last appointment */
	struct sms_cost cost;
	/* plan_due and plan_reason ask about the same row one after the
	 * other: decide once. */
	time_t memo_at;
	int memo_i;
	enum plan_verdict verdict;
	time_t due;
	const char *why;
};

static void
decide(struct plan_fn *f, sqlite3_value **v)
{
	time_t at = (time_t)sqlite3_value_int64(v[0]);
	int i = sqlite3_value_int(v[1]);

	if (at == f->memo_at && i == f->memo_i)
		return;
	f->verdict = plan_one(f->s, at, i, f->now, &f->due, &f->why);
	f->memo_at = at;
	f->memo_i = i;
}

/* plan_offset(i): the i-th offset in seconds. */
static void
fn_offset(sqlite3_context *c, int argc, sqlite3_value **v)
{
	struct plan_fn *f = sqlite3_user_data(c);
	int i = sqlite3_value_int(v[0]);

	(void)argc;
	sqlite3_result_int64(c, i >= 0 && i < f->s->noffsets ? f->s->offsets[i] : 0);
}

/* plan_due(at, i): when to send, or NULL when it expires. */
static void
fn_due(sqlite3_context *c, int argc, sqlite3_value **v)
{
	struct plan_fn *f = sqlite3_user_data(c);

	(void)argc;
	decide(f, v);
	if (f->verdict == PLAN_SEND)
		sqlite3_result_int64(c, f->due);
	else
		sqlite3_result_null(c);
}

/* plan_reason(at, i): why it expires, or NULL. */
static void
fn_reason(sqlite3_context *c, int argc, sqlite3_value **v)
{
	struct plan_fn *f = sqlite3_user_data(c);

	(void)argc;
	decide(f, v);
	if (f->verdict == PLAN_EXPIRED)
		sqlite3_result_text(c, f->why, -1, SQLITE_STATIC);
	else
		sqlite3_result_null(c);
}

/* plan_cost(appt_id, msd, at, place, what): segments (what = 0) or UCS-2
 * (what = 1) of the reminder.  The text is rendered again at sending (a
 * reloaded template applies); here only its cost counts, for `status`. */
static void
fn_cost(sqlite3_context *c, int argc, sqlite3_value **v)
{
	struct plan_fn *f = sqlite3_user_data(c);
	sqlite3_int64 id = sqlite3_value_int64(v[0]);

	(void)argc;
	if (id != f->cached_appt) {
		const unsigned char *place = sqlite3_value_text(v[3]);
		char *text = plan_render(f->s, (const char *)sqlite3_value_text(v[1]),
		    (time_t)sqlite3_value_int64(v[2]), place ? (const char *)place : "");

		sms_cost(text, &f->cost);
		free(text);
		f->cached_appt = id;
	}
	sqlite3_result_int(c, sqlite3_value_int(v[4]) ? f->cost.ucs2 : f->cost.segments);
}

/* plan_when(at): "vendredi 4 décembre at 9 h", for the reason of a move. */
static void
fn_when(sqlite3_context *c, int argc, sqlite3_value **v)
{
	time_t at = (time_t)sqlite3_value_int64(v[0]);
	char day[48], hour[16], out[80];

	(void)argc;
	time_fmt_date_fr(at, day, sizeof day);
	time_fmt_hour_fr(at, hour, sizeof hour);
	snprintf(out, sizeof out, "%s at %s", day, hour);
	sqlite3_result_text(c, out, -1, SQLITE_TRANSIENT);
}

static const struct {
	const char *name;
	int nargs;
	void (*fn)(sqlite3_context *, int, sqlite3_value **);
} plan_fns[] = {
	{ "plan_offset", 1, fn_offset }, { "plan_due", 2, fn_due },
	{ "plan_reason", 2, fn_reason }, { "plan_cost", 5, fn_cost },
	{ "plan_when", 1, fn_when },
};
#define NFNS (sizeof plan_fns / sizeof *plan_fns)

/*
 * The pending relances (followup.h) of people with an appointment in
 * plan_queue later than the missed one, cancelled (?1 = now).  Run for
 * what an import added.  It goes through the pending rows (the state
 * list is word for word that of the partial index outbox_due, which
 * SQLite then uses: a handful of rows, not the whole outbox) and looks
 * for a queued appointment of the same number later than the missed one.
 */
static const char cancel_newer[] =
    "UPDATE outbox SET state = 'cancelled', updated_at = ?1, "
    "reason = 'a newer appointment was imported for the same number' "
    "WHERE state IN ('planned', 'retry', 'sending') AND state != 'sending' "
    "AND offset_s = -1 AND EXISTS (SELECT 1 FROM appointment a JOIN "
    "appointment n ON n.phone = a.phone JOIN plan_queue q ON q.appt_id = n.id "
    "WHERE a.id = outbox.appt_id AND n.id != a.id AND n.at > a.at "
    "AND n.status = 'planned')";

/* The statements, in order, each with ?1 = now and ?2 = number of offsets. */
static const char *const plan_sql[] = {
	/* Nothing goes to a cancelled appointment, a landline, a person who
	 * refused SMS, or a number on the STOP list. */
	"UPDATE outbox SET state = 'cancelled', updated_at = ?1, reason = "
	"CASE WHEN a.status = 'cancelled' THEN 'appointment cancelled' "
	"WHEN a.phone_kind != 'mobile' THEN 'no mobile number' "
	"WHEN a.sms_refused THEN 'the person refused SMS' "
	"ELSE 'number on the STOP list' END "
	"FROM plan_queue q JOIN appointment a ON a.id = q.appt_id "
	"WHERE outbox.appt_id = q.appt_id AND outbox.state IN ('planned', 'retry') "
	"AND (a.status = 'cancelled' OR a.phone_kind != 'mobile' OR a.sms_refused "
	"OR EXISTS (SELECT 1 FROM optout o WHERE o.phone = a.phone))",
	/* A new appointment for a person whose relance is pending: they
	 * have one again, the relance would tell them to book one. */
	cancel_newer,
	/* A moved appointment: what was planned for the old time is cancelled
	 * (only a changed one can have such rows). */
	"UPDATE outbox SET state = 'cancelled', updated_at = ?1, "
	"reason = 'appointment moved to ' || plan_when(a.at) "
	"FROM plan_queue q JOIN appointment a ON a.id = q.appt_id "
	"WHERE q.changed AND outbox.appt_id = q.appt_id AND outbox.appt_at != a.at "
	"AND outbox.state IN ('planned', 'retry')",
	/* The offsets were changed (SIGHUP): what was planned for an offset
	 * no longer configured is cancelled. */
	"WITH RECURSIVE off(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM off "
	"WHERE i + 1 < ?2) "
	"UPDATE outbox SET state = 'cancelled', updated_at = ?1, "
	"reason = 'reminder offset no longer configured' "
	"FROM plan_queue q WHERE q.changed AND outbox.appt_id = q.appt_id "
	"AND outbox.state IN ('planned', 'retry') "
	"AND outbox.offset_s > 0 "
	"AND outbox.offset_s NOT IN (SELECT plan_offset(i) FROM off)",
	/* One row per offset.  A row cancelled earlier for the same time
	 * (appointment cancelled, then restored) is planned again; any other
	 * existing row is left as it is.  CROSS JOIN keeps the queue's order,
	 * so that rows go into the outbox in appointment order. */
	"WITH RECURSIVE off(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM off "
	"WHERE i + 1 < ?2) "
	"INSERT INTO outbox (appt_id, offset_s, appt_at, due_at, state, reason, "
	"segments, ucs2, updated_at) "
	"SELECT a.id, plan_offset(off.i), a.at, coalesce(plan_due(a.at, off.i), ?1), "
	"CASE WHEN plan_due(a.at, off.i) IS NULL THEN 'expired' ELSE 'planned' END, "
	"plan_reason(a.at, off.i), plan_cost(a.id, a.msd, a.at, a.place, 0), "
	"plan_cost(a.id, a.msd, a.at, a.place, 1), ?1 "
	"FROM plan_queue q CROSS JOIN appointment a CROSS JOIN off "
	"WHERE a.id = q.appt_id AND a.status = 'planned' AND a.phone_kind = 'mobile' "
	"AND NOT a.sms_refused "
	"AND NOT EXISTS (SELECT 1 FROM optout o WHERE o.phone = a.phone) "
	"ON CONFLICT (appt_id, offset_s, appt_at) DO UPDATE SET "
	"due_at = excluded.due_at, state = excluded.state, "
	"reason = excluded.reason, segments = excluded.segments, "
	"ucs2 = excluded.ucs2, updated_at = excluded.updated_at "
	"WHERE outbox.state = 'cancelled'",
	/* Emptying a whole table is a cheap truncate in SQLite. */
	"DELETE FROM plan_queue",
};
#define NSQL (sizeof plan_sql / sizeof *plan_sql)

static int
register_fns(sqlite3 *db, struct plan_fn *f)
{
	for (size_t i = 0; i < NFNS; i++)
		if (sqlite3_create_function(db, plan_fns[i].name, plan_fns[i].nargs,
		    SQLITE_UTF8, f, f ? plan_fns[i].fn : NULL, NULL, NULL) != SQLITE_OK)
			return -1;
	return 0;
}

long
plan_pending(sqlite3 *db, const struct settings *s, time_t now, err_t *e)
{
	struct plan_fn f = { .s = s, .now = now, .cached_appt = -1, .memo_i = -1 };
	sqlite3_stmt *st = NULL;
	long n = -1;

	/* Called at every turn of the send loop: when the queue is empty
	 * (nearly always), a read says so without taking the write lock,
	 * which the listener's transactions would then wait for.  An import
	 * committed just after is planned at the next turn. */
	if ((st = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM plan_queue)", e)) == NULL)
		return -1;
	n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	st = NULL;
	if (n < 0) {
		err_set(e, "planning reminders in %s: %s",
		    sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
		return -1;
	}
	if (n == 0)
		return 0;
	if (db_exec(db, "BEGIN IMMEDIATE", e) < 0)
		return -1;
	if (register_fns(db, &f) < 0)
		goto sqlfail;
	if ((st = db_prepare(db, "SELECT count(*) FROM plan_queue", e)) == NULL)
		goto fail;
	if (sqlite3_step(st) != SQLITE_ROW)
		goto sqlfail;
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	for (size_t i = 0; n > 0 && i < NSQL; i++) {
		if ((st = db_prepare(db, plan_sql[i], e)) == NULL)
			goto fail;
		/* Statements that do not use ?2 simply ignore the binding. */
		sqlite3_bind_int64(st, 1, now);
		if (sqlite3_bind_parameter_count(st) >= 2)
			sqlite3_bind_int(st, 2, s->noffsets);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto sqlfail;
		sqlite3_finalize(st);
		st = NULL;
	}
	register_fns(db, NULL);
	if (db_exec(db, "COMMIT", e) < 0)
		return -1;
	return n;
sqlfail:
	err_set(e, "planning reminders in %s: %s", sqlite3_db_filename(db, "main"),
	    sqlite3_errmsg(db));
fail:
	sqlite3_finalize(st);
	register_fns(db, NULL);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int
plan_requeue(sqlite3 *db, time_t now, err_t *e)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT OR REPLACE INTO plan_queue "
	    "(appt_id, changed) SELECT id, 1 FROM appointment WHERE "
	    "status = 'planned' AND at > ?1", e);
	int n;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	if (sqlite3_step(st) != SQLITE_DONE) {
		err_set(e, "re-planning in %s: %s", sqlite3_db_filename(db, "main"),
		    sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
	n = sqlite3_changes(db);
	sqlite3_finalize(st);
	return n;
}
