#include "report.h"
#include "csvread.h"
#include "db.h"
#include "phone.h"
#include "strbuf.h"
#include "timeutil.h"

#include <stdlib.h>
#include <string.h>

static const char *const states[] = { "planned", "retry", "sending", "sent",
    "failed", "expired", "cancelled" };
#define NSTATES 7

static int
state_index(const char *s)
{
	for (int i = 0; i < NSTATES; i++)
		if (strcmp(states[i], s) == 0)
			return i;
	return -1;
}

static int
sqlerr(sqlite3 *db, sqlite3_stmt *st, FILE *out)
{
	fprintf(stderr, "msd-reminderd: database %s: %s\n",
	    sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
	sqlite3_finalize(st);
	(void)out;
	return 1;
}

int
report_status(sqlite3 *db, const struct settings *s, time_t now, FILE *out)
{
	sqlite3_stmt *st;
	long tot[NSTATES] = { 0 };
	long seg_pending = 0, nomobile = 0, stop = 0;
	char when[32];
	int n = s->nmsds;
	/* One row per configured MSD, however many the config has. */
	long (*counts)[NSTATES] = xcalloc((size_t)n + 1, sizeof *counts);

	st = db_prepare(db, "SELECT a.msd, o.state, count(*), "
	    "sum(CASE WHEN o.state IN ('planned','retry','sending') THEN "
	    "max(o.segments, 1) ELSE 0 END) FROM outbox o JOIN appointment a "
	    "ON a.id = o.appt_id GROUP BY a.msd, o.state", NULL);
	if (st == NULL) {
		free(counts);
		return sqlerr(db, NULL, out);
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const struct msd_conf *m = settings_msd(s, db_text(st, 0));
		int si = state_index(db_text(st, 1));
		long c = sqlite3_column_int64(st, 2);

		if (si < 0)
			continue;
		tot[si] += c;
		seg_pending += sqlite3_column_int64(st, 3);
		if (m)
			counts[m - s->msds][si] += c;
	}
	sqlite3_finalize(st);
	st = db_prepare(db, "SELECT (SELECT count(*) FROM appointment WHERE "
	    "phone_kind != 'mobile' AND status = 'planned' AND at > ?1), "
	    "(SELECT count(*) FROM optout)", NULL);
	if (st == NULL) {
		free(counts);
		return sqlerr(db, NULL, out);
	}
	sqlite3_bind_int64(st, 1, now);
	if (sqlite3_step(st) == SQLITE_ROW) {
		nomobile = sqlite3_column_int64(st, 0);
		stop = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);

	time_fmt_iso(now, when, sizeof when);
	fprintf(out, "Reminders in %s at %s\n\n", s->db_path, when);
	fprintf(out, "%-12s", "MSD");
	for (int i = 0; i < NSTATES; i++)
		fprintf(out, " %9s", states[i]);
	fputc('\n', out);
	for (int m = 0; m < n; m++) {
		fprintf(out, "%-12s", s->msds[m].code);
		for (int i = 0; i < NSTATES; i++)
			fprintf(out, " %9ld", counts[m][i]);
		fputc('\n', out);
	}
	fprintf(out, "%-12s", "total");
	for (int i = 0; i < NSTATES; i++)
		fprintf(out, " %9ld", tot[i]);
	fprintf(out, "\n\nTo send: %ld reminder%s, about %ld SMS segment%s "
	    "(the provider bills per segment).\n", tot[0] + tot[1] + tot[2],
	    tot[0] + tot[1] + tot[2] == 1 ? "" : "s", seg_pending,
	    seg_pending == 1 ? "" : "s");
	fprintf(out, "Upcoming appointments with no mobile number: %ld "
	    "(see `report --csv`).\n", nomobile);
	fprintf(out, "Numbers on the STOP list: %ld.\n", stop);
	free(counts);
	return 0;
}

static int
report_csv(sqlite3 *db, time_t from, time_t to, FILE *out)
{
	static const char sql[] =
	    /* First the cancellation requests (a slot to give to someone
	     * else), then the reminders that did not reach the phone, then
	     * those never sent. */
	    "WITH r AS (SELECT a.*, CASE WHEN a.reply = 'cancel_request' THEN 0 "
	    "WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.appt_id = a.id AND "
	    "o.state = 'undelivered') AND NOT EXISTS (SELECT 1 FROM outbox o WHERE "
	    "o.appt_id = a.id AND o.state = 'delivered') THEN 1 ELSE 2 END AS prio "
	    "FROM appointment a) "
	    "SELECT a.msd, coalesce(a.rdv_id, ''), a.at, coalesce(a.phone, ''), "
	    "CASE WHEN a.prio = 0 THEN 'demande d''annulation par SMS' "
	    "WHEN a.prio = 1 THEN (SELECT reason FROM outbox o WHERE o.appt_id = "
	    "a.id AND o.state = 'undelivered' ORDER BY o.id DESC LIMIT 1) "
	    "WHEN a.phone_kind != 'mobile' THEN 'pas de numéro de portable' "
	    "ELSE 'rappel non envoyé : ' || (SELECT reason FROM outbox o WHERE "
	    "o.appt_id = a.id AND o.state = 'failed' ORDER BY o.id DESC LIMIT 1) END "
	    "FROM r a WHERE a.status = 'planned' AND a.at >= ?1 AND a.at <= ?2 "
	    "AND (a.prio < 2 OR a.phone_kind != 'mobile' OR EXISTS (SELECT 1 FROM "
	    "outbox o WHERE o.appt_id = a.id AND o.state = 'failed') AND NOT EXISTS "
	    "(SELECT 1 FROM outbox o WHERE o.appt_id = a.id AND o.state IN ('sent', "
	    "'delivered'))) "
	    "ORDER BY a.prio, a.msd, a.at";
	static const char *const head[] = { "msd", "rdv_id", "date", "heure",
	    "telephone", "motif" };
	sqlite3_stmt *st = db_prepare(db, sql, NULL);

	if (st == NULL)
		return sqlerr(db, NULL, out);
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	csv_write_bom(out);
	csv_write_row(out, head, 6);
	while (sqlite3_step(st) == SQLITE_ROW) {
		time_t at = (time_t)sqlite3_column_int64(st, 2);
		char day[16], hour[16], tel[24];
		struct tm tm;
		const char *row[6];

		localtime_r(&at, &tm);
		strftime(day, sizeof day, "%d/%m/%Y", &tm);
		strftime(hour, sizeof hour, "%H:%M", &tm);
		/* National format: staff dial it as they read it. */
		const char *p = db_text(st, 3);
		if (strncmp(p, "+33", 3) == 0 && strlen(p) == 12)
			snprintf(tel, sizeof tel, "0%c %.2s %.2s %.2s %.2s", p[3],
			    p + 4, p + 6, p + 8, p + 10);
		else
			snprintf(tel, sizeof tel, "%s", p);
		row[0] = db_text(st, 0);
		row[1] = db_text(st, 1);
		row[2] = day;
		row[3] = hour;
		row[4] = tel;
		row[5] = db_text(st, 4);
		csv_write_row(out, row, 6);
	}
	sqlite3_finalize(st);
	return 0;
}

int
report_period(sqlite3 *db, const struct settings *s, time_t from, time_t to,
    enum report_form form, FILE *out)
{
	/* Per MSD and month of appointment.  Appointment-level figures come
	 * from appointment; reminder-level ones from outbox. */
	static const char sql[] =
	    "WITH a AS (SELECT * FROM appointment WHERE at >= ?1 AND at <= ?2), "
	    "o AS (SELECT o.appt_id, o.state, o.reason, o.segments FROM outbox o "
	    "JOIN a ON a.id = o.appt_id) "
	    "SELECT a.msd, strftime('%Y-%m', a.at, 'unixepoch', 'localtime') AS month, "
	    "count(*), sum(a.phone_kind != 'mobile'), sum(a.sms_refused), "
	    "sum(a.status = 'cancelled'), avg((a.at - a.imported_at) / 86400.0), "
	    "sum((SELECT count(*) FROM o WHERE o.appt_id = a.id)), "
	    "sum((SELECT count(*) FROM o WHERE o.appt_id = a.id AND o.state = 'sent')), "
	    "sum((SELECT count(*) FROM o WHERE o.appt_id = a.id AND o.state = 'failed')), "
	    "sum((SELECT count(*) FROM o WHERE o.appt_id = a.id AND o.state = 'expired')), "
	    "sum((SELECT count(*) FROM o WHERE o.appt_id = a.id AND o.state = 'cancelled')), "
	    "sum((SELECT count(*) FROM o WHERE o.appt_id = a.id AND o.state IN ('planned','retry','sending'))), "
	    "sum((SELECT count(*) FROM o WHERE o.appt_id = a.id AND o.reason = 'number on the STOP list')), "
	    "sum((SELECT coalesce(sum(o.segments), 0) FROM o WHERE o.appt_id = a.id AND o.state = 'sent')) "
	    "FROM a GROUP BY a.msd, month ORDER BY a.msd, month";
	static const char *const head[] = { "msd", "mois", "rendez_vous",
	    "part_sans_portable_pct", "part_refus_sms_pct", "annules",
	    "delai_import_rdv_jours", "rappels", "envoyes", "echoues", "expires",
	    "annules_rappels", "en_attente", "stop", "segments" };
	sqlite3_stmt *st;

	if (to == 0)
		to = (time_t)1 << 40;
	if (form == REPORT_CALL_CSV)
		return report_csv(db, from, to, out);
	if ((st = db_prepare(db, sql, NULL)) == NULL)
		return sqlerr(db, NULL, out);
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	if (form == REPORT_STATS_CSV) {
		csv_write_bom(out);
		csv_write_row(out, head, 15);
	} else
		fprintf(out, "%-12s %-7s %6s %8s %8s %6s %8s %6s %6s %6s %7s %6s %5s %5s %8s\n",
		    "MSD", "month", "appts", "no-mob", "refused", "cancel", "delay(d)",
		    "remind", "sent", "failed", "expired", "cancel", "pend", "stop",
		    "segments");
	while (sqlite3_step(st) == SQLITE_ROW) {
		double appts = (double)sqlite3_column_int64(st, 2);
		double nomob = appts ? 100.0 * (double)sqlite3_column_int64(st, 3) / appts : 0;
		double refused = appts ? 100.0 * (double)sqlite3_column_int64(st, 4) / appts : 0;
		char cell[15][32];
		const char *row[15];

		snprintf(cell[0], 32, "%s", db_text(st, 0));
		snprintf(cell[1], 32, "%s", db_text(st, 1));
		snprintf(cell[2], 32, "%.0f", appts);
		snprintf(cell[3], 32, "%.1f", nomob);
		snprintf(cell[4], 32, "%.1f", refused);
		snprintf(cell[5], 32, "%lld", sqlite3_column_int64(st, 5));
		snprintf(cell[6], 32, "%.1f", sqlite3_column_double(st, 6));
		for (int i = 7; i < 15; i++)
			snprintf(cell[i], 32, "%lld", sqlite3_column_int64(st, i));
		for (int i = 0; i < 15; i++)
			row[i] = cell[i];
		/* The MSD code as it is, however long: not cut to a cell. */
		row[0] = db_text(st, 0);
		if (form == REPORT_STATS_CSV) {
			/* French spreadsheets read 3,5 as a number, not 3.5. */
			for (int i = 3; i <= 6; i++)
				for (char *p = cell[i]; *p; p++)
					if (*p == '.')
						*p = ',';
			csv_write_row(out, row, 15);
		} else
			fprintf(out, "%-12s %-7s %6s %7s%% %7s%% %6s %8s %6s %6s %6s %7s "
			    "%6s %5s %5s %8s\n", row[0], row[1], row[2], row[3], row[4],
			    row[5], row[6], row[7], row[8], row[9], row[10], row[11],
			    row[12], row[13], row[14]);
	}
	sqlite3_finalize(st);
	(void)s;
	return 0;
}

int
report_optout(sqlite3 *db, const char *e164, time_t now, FILE *errf)
{
	/* Both with ?1 = the number and ?2 = now, in one transaction; the
	 * second one's changes are the reminders cancelled. */
	static const char *const sql[] = {
		"INSERT OR IGNORE INTO optout (phone, at) VALUES (?1, ?2)",
		"UPDATE outbox SET state = 'cancelled', reason = "
		"'number on the STOP list', updated_at = ?2 WHERE state IN "
		"('planned', 'retry') AND appt_id IN (SELECT id FROM appointment "
		"WHERE phone = ?1)",
	};
	sqlite3_stmt *st = NULL;
	int n = 0;

	if (db_exec(db, "BEGIN IMMEDIATE", NULL) < 0)
		return sqlerr(db, NULL, errf), -1;
	for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
		if ((st = db_prepare(db, sql[i], NULL)) == NULL)
			goto fail;
		sqlite3_bind_text(st, 1, e164, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, now);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		n = sqlite3_changes(db);
		sqlite3_finalize(st);
		st = NULL;
	}
	if (db_exec(db, "COMMIT", NULL) < 0)
		goto fail;
	return n;
fail:
	sqlerr(db, st, errf);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}
