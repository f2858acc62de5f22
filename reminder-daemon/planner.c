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

enum {
	Q_SELECT, Q_CANCEL_ALL, Q_CANCEL_MOVED, Q_UPSERT, Q_DONE, Q_N
};

static const char *const plan_sql[Q_N] = {
	[Q_SELECT] =
	    "SELECT a.id, a.msd, a.at, a.phone_kind, a.place, a.status, "
	    "a.sms_refused, EXISTS (SELECT 1 FROM optout o WHERE o.phone = a.phone), "
	    "q.changed FROM plan_queue q JOIN appointment a ON a.id = q.appt_id",
	[Q_CANCEL_ALL] =
	    "UPDATE outbox SET state = 'cancelled', reason = ?2, updated_at = ?3 "
	    "WHERE appt_id = ?1 AND state IN ('planned', 'retry')",
	[Q_CANCEL_MOVED] =
	    "UPDATE outbox SET state = 'cancelled', reason = ?3, updated_at = ?4 "
	    "WHERE appt_id = ?1 AND appt_at != ?2 AND state IN ('planned', 'retry')",
	/* A row cancelled earlier (appointment cancelled, then restored) is
	 * planned again; any other existing row is left as it is. */
	[Q_UPSERT] =
	    "INSERT INTO outbox (appt_id, offset_s, appt_at, due_at, state, reason, "
	    "segments, ucs2, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?9, ?8) ON CONFLICT (appt_id, offset_s, appt_at) DO UPDATE SET "
	    "due_at = excluded.due_at, state = excluded.state, "
	    "reason = excluded.reason, segments = excluded.segments, "
	    "ucs2 = excluded.ucs2, "
	    "updated_at = excluded.updated_at WHERE outbox.state = 'cancelled'",
	/* Emptying a whole table is a cheap truncate in SQLite. */
	[Q_DONE] = "DELETE FROM plan_queue",
};

static const char *
why_not_send(const char *kind, const char *status, int refused, int optout)
{
	if (strcmp(status, "cancelled") == 0)
		return "appointment cancelled";
	if (strcmp(kind, "mobile") != 0)
		return "no mobile number";
	if (refused)
		return "the person refused SMS";
	if (optout)
		return "number on the STOP list";
	return NULL;
}

long
plan_pending(sqlite3 *db, const struct settings *s, time_t now, err_t *e)
{
	sqlite3_stmt *st[Q_N] = { 0 };
	long n = 0;
	int rc;

	if (db_exec(db, "BEGIN IMMEDIATE", e) < 0)
		return -1;
	for (int i = 0; i < Q_N; i++)
		if ((st[i] = db_prepare(db, plan_sql[i], e)) == NULL)
			goto fail;
	while ((rc = sqlite3_step(st[Q_SELECT])) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st[Q_SELECT], 0);
		const char *msd = db_text(st[Q_SELECT], 1);
		time_t at = (time_t)sqlite3_column_int64(st[Q_SELECT], 2);
		const char *place = db_text(st[Q_SELECT], 4);
		const char *why = why_not_send(db_text(st[Q_SELECT], 3),
		    db_text(st[Q_SELECT], 5), sqlite3_column_int(st[Q_SELECT], 6),
		    sqlite3_column_int(st[Q_SELECT], 7));
		char moved[128], day[48], hour[16];

		if (why) {
			sqlite3_bind_int64(st[Q_CANCEL_ALL], 1, id);
			sqlite3_bind_text(st[Q_CANCEL_ALL], 2, why, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st[Q_CANCEL_ALL], 3, now);
			rc = sqlite3_step(st[Q_CANCEL_ALL]);
			sqlite3_reset(st[Q_CANCEL_ALL]);
			if (rc != SQLITE_DONE)
				goto sqlfail;
			n++;
			continue;
		}
		/* Only a changed appointment can have rows planned for another
		 * time; skipping the lookup for new ones halves the work of a
		 * first import. */
		if (sqlite3_column_int(st[Q_SELECT], 8)) {
			time_fmt_date_fr(at, day, sizeof day);
			time_fmt_hour_fr(at, hour, sizeof hour);
			snprintf(moved, sizeof moved, "appointment moved to %s at %s",
			    day, hour);
			sqlite3_bind_int64(st[Q_CANCEL_MOVED], 1, id);
			sqlite3_bind_int64(st[Q_CANCEL_MOVED], 2, at);
			sqlite3_bind_text(st[Q_CANCEL_MOVED], 3, moved, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st[Q_CANCEL_MOVED], 4, now);
			rc = sqlite3_step(st[Q_CANCEL_MOVED]);
			sqlite3_reset(st[Q_CANCEL_MOVED]);
			if (rc != SQLITE_DONE)
				goto sqlfail;
		}

		/* The text itself is rendered again at sending (a reloaded
		 * template applies); here only its cost, for `status`. */
		char *text = plan_render(s, msd, at, place);
		struct sms_cost cost;
		sms_cost(text, &cost);
		free(text);
		for (int i = 0; i < s->noffsets; i++) {
			time_t due = 0;
			const char *reason;
			enum plan_verdict v = plan_one(s, at, i, now, &due, &reason);
			sqlite3_stmt *u = st[Q_UPSERT];

			sqlite3_bind_int64(u, 1, id);
			sqlite3_bind_int64(u, 2, s->offsets[i]);
			sqlite3_bind_int64(u, 3, at);
			sqlite3_bind_int64(u, 4, v == PLAN_SEND ? due : now);
			sqlite3_bind_text(u, 5, v == PLAN_SEND ? "planned" : "expired",
			    -1, SQLITE_STATIC);
			if (reason)
				sqlite3_bind_text(u, 6, reason, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(u, 6);
			sqlite3_bind_int(u, 7, cost.segments);
			sqlite3_bind_int64(u, 8, now);
			sqlite3_bind_int(u, 9, cost.ucs2);
			rc = sqlite3_step(u);
			sqlite3_reset(u);
			if (rc != SQLITE_DONE)
				goto sqlfail;
		}
		n++;
	}
	if (rc != SQLITE_DONE)
		goto sqlfail;
	if (sqlite3_step(st[Q_DONE]) != SQLITE_DONE)
		goto sqlfail;
	for (int i = 0; i < Q_N; i++)
		sqlite3_finalize(st[i]);
	if (db_exec(db, "COMMIT", e) < 0)
		return -1;
	return n;
sqlfail:
	err_set(e, "planning reminders in %s: %s", sqlite3_db_filename(db, "main"),
	    sqlite3_errmsg(db));
fail:
	for (int i = 0; i < Q_N; i++)
		sqlite3_finalize(st[i]);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}
