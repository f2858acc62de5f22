#include "report.h"
#include "csvread.h"
#include "db.h"
#include "phone.h"
#include "strbuf.h"
#include "timeutil.h"

#include <stdlib.h>
#include <string.h>

/* The first seven in the order status always printed them, then what
 * delivery reports add: scripts read the columns by position. */
static const char *const states[] = { "planned", "retry", "sending", "sent",
    "failed", "expired", "cancelled", "delivered", "undelivered" };
#define NSTATES 9

static int
state_index(const char *s)
{
	for (int i = 0; i < NSTATES; i++)
		if (strcmp(states[i], s) == 0)
			return i;
	return -1;
}

/* A column as wide as its name, at least 9. */
static int
state_width(int i)
{
	int n = (int)strlen(states[i]);

	return n > 9 ? n : 9;
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

/* What came back and what follows: replies about appointments still to
 * come (staff act on them), relances after a missed appointment. */
static int
status_followups(sqlite3 *db, time_t now, FILE *out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT "
	    "total(reply = 'confirmed'), total(reply = 'cancel_request'), "
	    "total(reply = 'stop'), total(reply = 'unclear'), "
	    "(SELECT count(*) FROM outbox WHERE offset_s = -1 AND state IN "
	    "('planned', 'retry', 'sending')), "
	    "(SELECT count(*) FROM outbox WHERE offset_s = -1 AND state IN "
	    "('sent', 'delivered', 'undelivered')) "
	    "FROM appointment WHERE at >= ?1 AND reply IS NOT NULL", NULL);
	double v[6] = { 0 };

	if (st == NULL)
		return sqlerr(db, NULL, out);
	sqlite3_bind_int64(st, 1, now);
	if (sqlite3_step(st) != SQLITE_ROW)
		return sqlerr(db, st, out);
	for (int i = 0; i < 6; i++)
		v[i] = sqlite3_column_double(st, i);
	sqlite3_finalize(st);
	fprintf(out, "Replies about upcoming appointments: %.0f confirmed, "
	    "%.0f cancellation requests (listed first by `report --csv`), "
	    "%.0f STOP, %.0f not understood.\n", v[0], v[1], v[2], v[3]);
	fprintf(out, "Relances after a missed appointment: %.0f to send, %.0f "
	    "sent.\n", v[4], v[5]);
	return 0;
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
			fprintf(out, " %*ld", state_width(i), counts[m][i]);
		fputc('\n', out);
	}
	fprintf(out, "%-12s", "total");
	for (int i = 0; i < NSTATES; i++)
		fprintf(out, " %*ld", state_width(i), tot[i]);
	fprintf(out, "\n\nTo send: %ld reminder%s, about %ld SMS segment%s "
	    "(the provider bills per segment).\n", tot[0] + tot[1] + tot[2],
	    tot[0] + tot[1] + tot[2] == 1 ? "" : "s", seg_pending,
	    seg_pending == 1 ? "" : "s");
	fprintf(out, "Upcoming appointments with no mobile number: %ld "
	    "(see `report --csv`).\n", nomobile);
	fprintf(out, "Numbers on the STOP list: %ld.\n", stop);
	fprintf(out, "Delivery reports: %ld delivered to the phone, %ld not "
	    "delivered (listed by `report --csv`, SMS non reçu).\n", tot[7], tot[8]);
	free(counts);
	return status_followups(db, now, out);
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

/*
 * The figures per MSD and month of appointment.  Appointment-level
 * figures come from appointment, the others from one row per appointment
 * summing its outbox rows (o) and its replies (r).  The reminder columns
 * count reminders only (offset_s > 0): the relance and the automatic
 * answer have their own.  A reminder handed to the operator is sent
 * whether or not a delivery report came back since (sent, delivered,
 * undelivered).
 */
static const char period_sql[] =
    "WITH a AS (SELECT * FROM appointment WHERE at >= ?1 AND at <= ?2), "
    "o AS (SELECT appt_id, sum(offset_s > 0) AS n, "
    "sum(offset_s > 0 AND state IN ('sent', 'delivered', 'undelivered')) AS sent, "
    "sum(offset_s > 0 AND state = 'failed') AS failed, "
    "sum(offset_s > 0 AND state = 'expired') AS expired, "
    "sum(offset_s > 0 AND state = 'cancelled') AS cancelled, "
    "sum(offset_s > 0 AND state IN ('planned', 'retry', 'sending')) AS pending, "
    "sum(offset_s > 0 AND reason LIKE 'number on the STOP list%') AS stop, "
    "sum(CASE WHEN state IN ('sent', 'delivered', 'undelivered') "
    "THEN segments ELSE 0 END) AS segments, "
    "sum(offset_s > 0 AND state = 'delivered') AS delivered, "
    "sum(offset_s > 0 AND state = 'undelivered') AS undelivered, "
    "sum(offset_s = -1 AND state IN ('sent', 'delivered', 'undelivered')) AS relances "
    "FROM outbox WHERE appt_id IN (SELECT id FROM a) GROUP BY appt_id), "
    "r AS (SELECT appt_id, max(category = 'stop') AS stop FROM reply "
    "WHERE appt_id IN (SELECT id FROM a) GROUP BY appt_id), "
    /* reached: a reminder went to the operator and was not reported
     * undelivered; known: the agenda said whether the person came. */
    "x AS (SELECT a.*, coalesce(o.sent, 0) - coalesce(o.undelivered, 0) > 0 "
    "AS reached, a.status = 'planned' AND a.outcome IS NOT NULL AS known "
    "FROM a LEFT JOIN o ON o.appt_id = a.id) "
    "SELECT x.msd, strftime('%Y-%m', x.at, 'unixepoch', 'localtime') AS month, "
    "count(*), sum(x.phone_kind != 'mobile'), sum(x.sms_refused), "
    "sum(x.status = 'cancelled'), avg((x.at - x.imported_at) / 86400.0), "
    "total(o.n), total(o.sent), total(o.failed), total(o.expired), "
    "total(o.cancelled), total(o.pending), total(o.stop), total(o.segments), "
    "total(o.delivered), total(o.undelivered), "
    "total(x.reply = 'confirmed'), total(x.reply = 'cancel_request'), "
    "total(r.stop), total(x.reply = 'unclear'), total(o.relances), "
    "total(x.outcome = 'venu'), total(x.outcome = 'absent'), "
    "total(x.known AND x.reached), total(x.known AND x.reached AND x.outcome = 'venu'), "
    "total(x.known AND NOT x.reached), "
    "total(x.known AND NOT x.reached AND x.outcome = 'venu') "
    "FROM x LEFT JOIN o ON o.appt_id = x.id LEFT JOIN r ON r.appt_id = x.id "
    "GROUP BY x.msd, month ORDER BY x.msd, month";

/* The columns: CSV name, text header, text width.  Counts follow the
 * SQL's columns one for one; the shares are computed here. */
enum { NCOLS = 26, COL_COUNTS = 24 };
static const struct { const char *csv, *text; int w; } cols[NCOLS] = {
	{ "msd", "MSD", -12 }, { "mois", "month", -7 },
	{ "rendez_vous", "appts", 6 }, { "part_sans_portable_pct", "no-mob", 8 },
	{ "part_refus_sms_pct", "refused", 8 }, { "annules", "cancel", 6 },
	{ "delai_import_rdv_jours", "delay(d)", 8 }, { "rappels", "remind", 6 },
	{ "envoyes", "sent", 6 }, { "echoues", "failed", 6 },
	{ "expires", "expired", 7 }, { "annules_rappels", "cancel", 6 },
	{ "en_attente", "pend", 5 }, { "stop", "stop", 5 },
	{ "segments", "segments", 8 },
	/* Added by the callbacks (issue 17), after the first fifteen so
	 * that a spreadsheet reading columns by position still works. */
	{ "livres", "deliv", 6 }, { "non_recus", "undeliv", 7 },
	{ "confirmes", "conf", 5 }, { "demandes_annulation", "cancel?", 7 },
	{ "stop_sms", "stop-sms", 8 }, { "non_compris", "unclear", 7 },
	{ "relances", "relance", 7 }, { "venus", "came", 5 },
	{ "absents", "absent", 6 },
	{ "part_venus_apres_rappel_pct", "came%rem", 8 },
	{ "part_venus_sans_rappel_pct", "came%none", 9 },
};

/* num / den as a percentage with one decimal, or "" when den is 0
 * (no known outcome: a share of nothing is not 0 %). */
static void
share(char *cell, size_t n, double num, double den)
{
	if (den > 0)
		snprintf(cell, n, "%.1f", 100.0 * num / den);
	else
		snprintf(cell, n, "%s", "");
}

/* One line of the text table; header: no '%' after the shares' names. */
static void
print_text_row(FILE *out, const char *const *row, int header)
{
	for (int i = 0; i < NCOLS; i++) {
		int pct = !header && (i == 3 || i == 4 || i >= COL_COUNTS) &&
		    row[i][0];

		fprintf(out, "%s%*s%s", i ? " " : "", cols[i].w - pct, row[i],
		    pct ? "%" : "");
	}
	fputc('\n', out);
}

int
report_period(sqlite3 *db, const struct settings *s, time_t from, time_t to,
    enum report_form form, FILE *out)
{
	sqlite3_stmt *st;
	const char *head[NCOLS];

	if (to == 0)
		to = (time_t)1 << 40;
	if (form == REPORT_CALL_CSV)
		return report_csv(db, from, to, out);
	if ((st = db_prepare(db, period_sql, NULL)) == NULL)
		return sqlerr(db, NULL, out);
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	for (int i = 0; i < NCOLS; i++)
		head[i] = form == REPORT_STATS_CSV ? cols[i].csv : cols[i].text;
	if (form == REPORT_STATS_CSV) {
		csv_write_bom(out);
		csv_write_row(out, head, NCOLS);
	} else
		print_text_row(out, head, 1);
	while (sqlite3_step(st) == SQLITE_ROW) {
		double appts = (double)sqlite3_column_int64(st, 2);
		char cell[NCOLS][32];
		const char *row[NCOLS];

		snprintf(cell[0], 32, "%s", db_text(st, 0));
		snprintf(cell[1], 32, "%s", db_text(st, 1));
		snprintf(cell[2], 32, "%.0f", appts);
		share(cell[3], 32, sqlite3_column_double(st, 3), appts);
		share(cell[4], 32, sqlite3_column_double(st, 4), appts);
		snprintf(cell[5], 32, "%lld", sqlite3_column_int64(st, 5));
		snprintf(cell[6], 32, "%.1f", sqlite3_column_double(st, 6));
		for (int i = 7; i < COL_COUNTS; i++)
			snprintf(cell[i], 32, "%.0f", sqlite3_column_double(st, i));
		share(cell[24], 32, sqlite3_column_double(st, 25),
		    sqlite3_column_double(st, 24));
		share(cell[25], 32, sqlite3_column_double(st, 27),
		    sqlite3_column_double(st, 26));
		for (int i = 0; i < NCOLS; i++)
			row[i] = cell[i];
		/* The MSD code as it is, however long: not cut to a cell. */
		row[0] = db_text(st, 0);
		if (form == REPORT_STATS_CSV) {
			/* French spreadsheets read 3,5 as a number, not 3.5. */
			for (int i = 3; i < NCOLS; i++)
				for (char *p = cell[i]; *p; p++)
					if (*p == '.')
						*p = ',';
			csv_write_row(out, row, NCOLS);
		} else
			print_text_row(out, row, 0);
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
