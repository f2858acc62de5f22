/* The outbox state machine on a real SQLite file: import, plan, send,
 * crash recovery, reschedule, cancel, STOP, retention. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "followup.h"
#include "importer.h"
#include "outbox.h"
#include "planner.h"
#include "report.h"
#include "schema.h"
#include "settings.h"
#include "timeutil.h"

struct fx {
	char dir[64], db_path[96], csv[96];
	config *cfg;
	struct settings s;
	sqlite3 *db;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	err_t e;

	snprintf(f->dir, sizeof f->dir, "/tmp/msd-outbox.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->db_path, sizeof f->db_path, "%s/r.db", f->dir);
	snprintf(f->csv, sizeof f->csv, "%s/a.csv", f->dir);
	char ini[512];
	snprintf(ini, sizeof ini, "[database]\npath = %s\n[gateway]\n"
	    "type = file\npath = -\n[reminders]\n"
	    "offsets = 48h, 2h\n[msd.chambery]\nname = MSD Chambéry\nphone = 04 79 00 00 00\n",
	    f->db_path);
	f->cfg = config_parse(ini, "test.ini", &e);
	if (f->cfg == NULL || settings_load(f->cfg, &f->s, &e) < 0)
		return -1;
	f->db = db_open_rw(f->db_path, reminders_migrations,
	    reminders_migrations_count, &e);
	if (f->db == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char p[128];

	sqlite3_close(f->db);
	settings_free(&f->s);
	config_free(f->cfg);
	const char *sfx[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", f->db_path, sfx[i]);
		unlink(p);
	}
	unlink(f->csv);
	rmdir(f->dir);
	free(f);
	return 0;
}

static time_t
T(const char *s)
{
	time_t t;

	assert_int_equal(time_parse_datetime(s, &t), 0);
	return t;
}

static int
import(struct fx *f, const char *csv, const char *now)
{
	FILE *o = fopen(f->csv, "w");
	struct import_stats st;
	FILE *err = fopen("/dev/null", "w");
	int rc;

	fputs(csv, o);
	fclose(o);
	rc = import_file(f->db, &f->s, f->csv, T(now), &st, err);
	fclose(err);
	return rc;
}

static long
count(struct fx *f, const char *where)
{
	char sql[512];
	sqlite3_stmt *st;
	long n = -1;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE %s", where);
	assert_int_equal(sqlite3_prepare_v2(f->db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static const char csv1[] =
    "rdv_id;date;heure;msd;telephone;lieu\n"
    "A1;03/12/2026;14h30;chambery;06 12 34 56 78;Bureau 3\n"
    "A2;03/12/2026;15h30;chambery;04 79 00 00 01;Accueil\n";

static void
test_lifecycle(void **state)
{
	struct fx *f = *state;
	struct outbox_item it;
	err_t e;

	assert_int_equal(import(f, csv1, "2026-11-30 10:00"), 0);
	assert_int_equal(plan_pending(f->db, &f->s, T("2026-11-30 10:00"), &e), 2);
	/* A1: two reminders; A2 is a landline: none. */
	assert_int_equal(count(f, "state = 'planned'"), 2);
	assert_int_equal(count(f, "1"), 2);
	/* Nothing due on Monday; the 48h one on Tuesday 14:30. */
	assert_int_equal(outbox_next_due(f->db, T("2026-11-30 10:00"), &it, &e), 0);
	assert_int_equal(outbox_next_wakeup(f->db), T("2026-12-01 14:30"));
	assert_int_equal(outbox_next_due(f->db, T("2026-12-01 14:30"), &it, &e), 1);
	assert_string_equal(it.phone, "+33612345678");
	assert_string_equal(it.place, "Bureau 3");
	/* Crash while sending: recovery makes it retry, due at once. */
	assert_int_equal(outbox_sending(f->db, it.id, "txt", 1, 0, T("2026-12-01 14:30"), &e), 0);
	assert_int_equal(count(f, "state = 'sending'"), 1);
	assert_int_equal(outbox_recover(f->db, T("2026-12-01 14:31"), &e), 1);
	assert_int_equal(count(f, "state = 'retry' AND attempts = 1"), 1);
	assert_int_equal(outbox_next_due(f->db, T("2026-12-01 14:31"), &it, &e), 1);
	assert_int_equal(it.attempts, 1);
	/* Transient failure, then sent. */
	assert_int_equal(outbox_sending(f->db, it.id, "txt", 1, 0, T("2026-12-01 14:31"), &e), 0);
	assert_int_equal(outbox_retry(f->db, it.id, T("2026-12-01 14:40"), "HTTP 500",
	    T("2026-12-01 14:31"), &e), 0);
	assert_int_equal(outbox_next_due(f->db, T("2026-12-01 14:35"), &it, &e), 0);
	assert_int_equal(outbox_next_due(f->db, T("2026-12-01 14:40"), &it, &e), 1);
	assert_int_equal(outbox_sending(f->db, it.id, "txt", 1, 0, T("2026-12-01 14:40"), &e), 0);
	assert_int_equal(outbox_sent(f->db, it.id, "msg-1", T("2026-12-01 14:40"), &e), 0);
	assert_int_equal(count(f, "state = 'sent' AND attempts = 3 AND provider_id = 'msg-1'"), 1);
	/* The second (2h) fails permanently. */
	assert_int_equal(outbox_next_due(f->db, T("2026-12-03 12:30"), &it, &e), 1);
	assert_int_equal(outbox_final(f->db, it.id, "failed", "HTTP 400: invalid number",
	    T("2026-12-03 12:30"), &e), 0);
	assert_int_equal(count(f, "state = 'failed' AND reason LIKE '%invalid number%'"), 1);
	assert_int_equal(outbox_next_wakeup(f->db), 0);
}

static void
test_reimport_reschedule_cancel(void **state)
{
	struct fx *f = *state;
	err_t e;

	assert_int_equal(import(f, csv1, "2026-11-30 10:00"), 0);
	assert_int_equal(plan_pending(f->db, &f->s, T("2026-11-30 10:00"), &e), 2);
	/* Same file again: nothing to plan. */
	assert_int_equal(import(f, csv1, "2026-11-30 11:00"), 0);
	assert_int_equal(plan_pending(f->db, &f->s, T("2026-11-30 11:00"), &e), 0);
	/* A1 moves to Friday: old rows cancelled, new ones planned. */
	assert_int_equal(import(f, "rdv_id;date;heure;msd;telephone\n"
	    "A1;04/12/2026;9h;chambery;0612345678\n", "2026-11-30 12:00"), 0);
	assert_int_equal(plan_pending(f->db, &f->s, T("2026-11-30 12:00"), &e), 1);
	assert_int_equal(count(f, "state = 'cancelled' AND reason LIKE 'appointment moved to vendredi 4 décembre%'"), 2);
	assert_int_equal(count(f, "state = 'planned'"), 1);	/* 2h: 07:00 -> expired */
	assert_int_equal(count(f, "state = 'expired'"), 1);
	/* Then cancelled: everything pending is cancelled. */
	assert_int_equal(import(f, "rdv_id;date;heure;msd;telephone;statut\n"
	    "A1;04/12/2026;9h;chambery;0612345678;Annulé\n", "2026-11-30 13:00"), 0);
	assert_int_equal(plan_pending(f->db, &f->s, T("2026-11-30 13:00"), &e), 1);
	assert_int_equal(count(f, "state = 'cancelled' AND reason = 'appointment cancelled'"), 1);
	assert_int_equal(count(f, "state IN ('planned', 'retry')"), 0);
	/* And restored: the cancelled row for that time is planned again. */
	assert_int_equal(import(f, "rdv_id;date;heure;msd;telephone;statut\n"
	    "A1;04/12/2026;9h;chambery;0612345678;prévu\n", "2026-11-30 14:00"), 0);
	assert_int_equal(plan_pending(f->db, &f->s, T("2026-11-30 14:00"), &e), 1);
	assert_int_equal(count(f, "state = 'planned'"), 1);
}

static void
test_optout_and_purge(void **state)
{
	struct fx *f = *state;
	err_t e;
	FILE *null = fopen("/dev/null", "w");

	assert_int_equal(import(f, csv1, "2026-11-30 10:00"), 0);
	assert_int_equal(plan_pending(f->db, &f->s, T("2026-11-30 10:00"), &e), 2);
	assert_int_equal(report_optout(f->db, "+33612345678", T("2026-11-30 11:00"), null), 2);
	assert_int_equal(count(f, "state = 'cancelled' AND reason = 'number on the STOP list'"), 2);
	/* A later import of the same person plans nothing for them. */
	assert_int_equal(import(f, "rdv_id;date;heure;msd;telephone\n"
	    "A9;10/12/2026;10h;chambery;06 12 34 56 78\n", "2026-11-30 12:00"), 0);
	assert_int_equal(plan_pending(f->db, &f->s, T("2026-11-30 12:00"), &e), 1);
	assert_int_equal(count(f, "state = 'planned'"), 0);
	/* Retention: 30 days after the appointments, numbers are gone. */
	assert_int_equal(outbox_purge(f->db, T("2026-12-20 10:00"), 30, &e), 0);
	assert_int_equal(outbox_purge(f->db, T("2027-01-05 10:00"), 30, &e), 2);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(f->db, "SELECT count(*) FROM appointment "
	    "WHERE phone IS NOT NULL OR place IS NOT NULL OR rdv_id IS NOT NULL",
	    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);	/* A9, 10 December */
	sqlite3_finalize(st);
	assert_int_equal(count(f, "text IS NOT NULL AND appt_at < 1796000000"), 0);
	fclose(null);
}

static void
test_offsets_changed(void **state)
{
	struct fx *f = *state;
	err_t e;

	assert_int_equal(import(f, csv1, "2026-11-30 10:00"), 0);
	assert_int_equal(plan_pending(f->db, &f->s, T("2026-11-30 10:00"), &e), 2);
	assert_int_equal(count(f, "state = 'planned'"), 2);
	/* SIGHUP with offsets = 24h: the 48h and 2h rows are cancelled, a
	 * 24h row is planned; the landline appointment still gets none. */
	f->s.offsets[0] = 24 * 3600;
	f->s.offsets[1] = 0;
	f->s.noffsets = 1;
	assert_int_equal(plan_requeue(f->db, T("2026-11-30 11:00"), &e), 2);
	assert_int_equal(plan_pending(f->db, &f->s, T("2026-11-30 11:00"), &e), 2);
	assert_int_equal(count(f, "state = 'cancelled' AND reason = "
	    "'reminder offset no longer configured'"), 2);
	assert_int_equal(count(f, "state = 'planned' AND offset_s = 86400"), 1);
	assert_int_equal(count(f, "1"), 3);
	/* Nothing is queued twice: planning again changes nothing. */
	assert_int_equal(plan_pending(f->db, &f->s, T("2026-11-30 12:00"), &e), 0);
}

/* The relance: planned once by the import that says absent, in the
 * outbox like a reminder (offset -1), and at sending checked again: a
 * newer appointment that came in without the planner running cancels it,
 * as does the end of relance_within. */
static void
test_relance(void **state)
{
	struct fx *f = *state;
	struct outbox_item it;
	time_t deadline;
	const char *late, *st, *why;
	char *text;
	err_t e;
	static const char absent[] = "rdv_id;date;heure;msd;telephone;statut\n"
	    "A1;03/12/2026;14h30;chambery;06 12 34 56 78;absent\n";

	assert_int_equal(import(f, csv1, "2026-11-30 10:00"), 0);
	assert_int_equal(plan_pending(f->db, &f->s, T("2026-11-30 10:00"), &e), 2);
	assert_int_equal(import(f, absent, "2026-12-03 16:00"), 0);
	assert_int_equal(import(f, absent, "2026-12-03 16:05"), 0);
	assert_int_equal(count(f, "offset_s = -1"), 1);
	assert_int_equal(count(f, "offset_s = -1 AND state = 'planned' AND due_at = "
	    "strftime('%s', '2026-12-03 15:00')"), 1);	/* 16:00 Paris = 15:00 UTC */
	/* The reminders of the passed appointment expire first (due
	 * earlier); then the relance. */
	while (outbox_next_due(f->db, T("2026-12-03 16:10"), &it, &e) == 1 &&
	    it.offset_s > 0)
		assert_int_equal(outbox_final(f->db, it.id, "expired", "test",
		    T("2026-12-03 16:10"), &e), 0);
	assert_int_equal(it.offset_s, OUTBOX_RELANCE);
	assert_int_equal(followup_check(f->db, &f->s, &it, T("2026-12-03 16:10"),
	    &deadline, &late, &st, &why, &e), 0);
	assert_int_equal(deadline, T("2026-12-06 14:30"));
	text = followup_render(&f->s, &it);
	assert_string_equal(text, "Vous n'avez pas pu venir au rendez-vous du "
	    "jeudi 3 décembre à 14 h 30. Appelez le 04 79 00 00 00 pour en "
	    "prendre un autre.");
	free(text);
	assert_int_equal(followup_check(f->db, &f->s, &it, T("2026-12-06 14:31"),
	    &deadline, &late, &st, &why, &e), 1);
	assert_string_equal(st, "expired");
	/* A newer appointment written without the planner. */
	assert_int_equal(sqlite3_exec(f->db, "INSERT INTO appointment (msd, rdv_id, "
	    "at, phone, phone_kind, status, imported_at, updated_at) VALUES "
	    "('chambery', 'A9', 1860000000, '+33612345678', 'mobile', 'planned', "
	    "0, 0)", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(followup_check(f->db, &f->s, &it, T("2026-12-03 16:10"),
	    &deadline, &late, &st, &why, &e), 1);
	assert_string_equal(st, "cancelled");
	assert_non_null(strstr(why, "newer appointment"));
}

static void
test_db_mode(void **state)
{
	struct fx *f = *state;
	struct stat sb;

	assert_int_equal(stat(f->db_path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(db_user_version(f->db), reminders_migrations_count);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport_reschedule_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_optout_and_purge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_offsets_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_db_mode, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
