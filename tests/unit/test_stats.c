/* The kiosk's statistics (stats.c) on real SQLite files: counting, day
 * bucketing across midnight and DST, nothing finer than a day anywhere in
 * the file, answers counted independently, the WAL forgotten after a
 * questionnaire, the per-day row cap, purge and the size bound over
 * three synthetic years, and the CSV export byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "config.h"
#include "fsutil.h"
#include "log.h"
#include "jobs/report_post.h"
#include "jobs/stats.h"
#include "strbuf.h"
#include "timeutil.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static int
setup(void **state)
{
	(void)state;
	log_init("test_stats", LOG_WARN);
	if (tz_setup("Europe/Paris", NULL) < 0)
		return -1;
	snprintf(dir, sizeof dir, "/tmp/msd-stats.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

/* A stats handle on DIR/name.db with extra [stats] lines. */
static struct stats *
open_db(const char *name, const char *extra)
{
	char ini[1024], db[512];
	config *c;
	struct stats *st;
	err_t e;

	path(db, sizeof db, name);
	snprintf(ini, sizeof ini, "[kiosk]\nmsd = chambery\n[stats]\n"
	    "path = %s\n%s", db, extra ? extra : "");
	c = config_parse(ini, "test.ini", &e);
	assert_non_null(c);
	st = stats_open(c, config_get(c, "kiosk", "msd"), &e);
	if (st == NULL)
		fail_msg("stats_open: %s", e.msg);
	config_free(c);
	return st;
}

static time_t
T(const char *s)
{
	time_t t;

	assert_int_equal(time_parse_datetime(s, &t), 0);
	return t;
}

/* A second connection on the file, for looking. */
static sqlite3 *
peek(const struct stats *st)
{
	err_t e;
	sqlite3 *db = stats_db_open_ro(stats_path(st), &e);

	if (db == NULL)
		fail_msg("%s", e.msg);
	return db;
}

/* The count of (day, kind, what), 0 if absent. */
static long
count_of(sqlite3 *db, const char *day, const char *kind, const char *what)
{
	sqlite3_stmt *q;
	long n = 0;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT n FROM counts WHERE "
	    "day = ?1 AND kind = ?2 AND what = ?3", -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_text(q, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, what, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

static long
scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q;
	long n = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

static void
test_kinds(void **state)
{
	(void)state;
	for (int i = 0; i < STATS_NEVENTS; i++) {
		const char *n = stats_kind_name((enum stats_event)i);

		assert_non_null(n);
		assert_int_equal(stats_kind_parse(n), i);
		/* French, no accents, no separator a spreadsheet would split. */
		for (const char *p = n; *p; p++)
			assert_true(islower((unsigned char)*p) || *p == '_');
	}
	assert_int_equal(stats_kind_parse("reponse"), STATS_NEVENTS);
	assert_int_equal(stats_kind_parse("bogus"), -1);
	assert_null(stats_kind_name(STATS_NEVENTS));
}

static void
test_counting(void **state)
{
	struct stats *st = open_db("count.db", NULL);
	time_t t = T("2026-12-03 10:15");
	struct stat sb;
	sqlite3 *db;
	err_t e;

	(void)state;
	assert_int_equal(stat(stats_path(st), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	for (int i = 0; i < 3; i++)
		assert_int_equal(stats_count_at(st, t + i, STATS_PAGE, "home",
		    &e), 0);
	assert_int_equal(stats_count_at(st, t, STATS_OFFER, "garage", &e), 0);
	assert_int_equal(stats_count_at(st, t, STATS_QR, "garage", &e), 0);
	assert_int_equal(stats_count_at(st, t, STATS_SHEET, "chambery/emploi",
	    &e), 0);
	assert_int_equal(stats_count_at(st, t, STATS_IDLE_RESET, NULL, &e), 0);
	assert_int_equal(stats_count_at(st, t, STATS_FEEDBACK_STARTED, NULL,
	    &e), 0);
	assert_int_equal(stats_answer_at(st, t, "satisfaction", "content", &e),
	    0);
	assert_int_equal(stats_answer_at(st, t, "satisfaction", "content", &e),
	    0);
	assert_int_equal(stats_answer_at(st, t, "freins", "mobilite", &e), 0);
	assert_int_equal(stats_count_at(st, t, STATS_FEEDBACK_FINISHED, NULL,
	    &e), 0);
	assert_int_equal(stats_answer_at(st, t, "", "x", &e), -1);
	assert_int_equal(stats_answer_at(st, t, "q", NULL, &e), -1);
	assert_int_equal(stats_count_at(st, t, STATS_NEVENTS, "x", &e), -1);
	/* The handle the UI uses (real clock) and a NULL one (stats off). */
	stats_count(st, STATS_PAGE, "rights");
	stats_answer(st, "participation", "oui");
	stats_count(NULL, STATS_PAGE, "rights");
	stats_answer(NULL, "participation", "oui");

	db = peek(st);
	assert_int_equal(count_of(db, "2026-12-03", "page", "home"), 3);
	assert_int_equal(count_of(db, "2026-12-03", "offre", "garage"), 1);
	assert_int_equal(count_of(db, "2026-12-03", "qr_code", "garage"), 1);
	assert_int_equal(count_of(db, "2026-12-03", "fiche_imprimee",
	    "chambery/emploi"), 1);
	assert_int_equal(count_of(db, "2026-12-03", "retour_accueil_auto", ""),
	    1);
	assert_int_equal(count_of(db, "2026-12-03", "avis_commence", ""), 1);
	assert_int_equal(count_of(db, "2026-12-03", "avis_termine", ""), 1);
	assert_int_equal(count_of(db, "2026-12-03", "reponse",
	    "satisfaction=content"), 2);
	assert_int_equal(count_of(db, "2026-12-03", "reponse",
	    "freins=mobilite"), 1);
	/* One row per (day, kind, what), never one per event. */
	assert_int_equal(scalar(db, "SELECT count(*) FROM counts WHERE day = "
	    "'2026-12-03'"), 9);
	{
		char today[16];

		time_fmt_day(time(NULL), today, sizeof today);
		assert_int_equal(count_of(db, today, "page", "rights"), 1);
		assert_int_equal(count_of(db, today, "reponse",
		    "participation=oui"), 1);
	}
	sqlite3_close(db);
	stats_close(st);
	/* Reopened: the counts go on from where they were. */
	st = open_db("count.db", NULL);
	assert_int_equal(stats_count_at(st, t, STATS_PAGE, "home", &e), 0);
	db = peek(st);
	assert_int_equal(count_of(db, "2026-12-03", "page", "home"), 4);
	sqlite3_close(db);
	stats_close(st);
}

static void
test_day_bucketing(void **state)
{
	struct stats *st = open_db("days.db", NULL);
	sqlite3 *db;
	err_t e;

	(void)state;
	/* Midnight, local time. */
	stats_count_at(st, T("2026-12-03 23:59") + 59, STATS_PAGE, "home", &e);
	stats_count_at(st, T("2026-12-04 00:00"), STATS_PAGE, "home", &e);
	/* The day of the spring DST change has 23 hours, autumn's 25. */
	stats_count_at(st, T("2026-03-29 00:30"), STATS_PAGE, "home", &e);
	stats_count_at(st, T("2026-03-29 23:30"), STATS_PAGE, "home", &e);
	stats_count_at(st, T("2026-10-25 00:30"), STATS_PAGE, "home", &e);
	stats_count_at(st, T("2026-10-25 23:30"), STATS_PAGE, "home", &e);
	/* 23:30 UTC is already tomorrow in Paris (winter, UTC+1). */
	stats_count_at(st, 1796599800 /* 2026-12-06 23:30 UTC */, STATS_PAGE,
	    "home", &e);
	db = peek(st);
	assert_int_equal(count_of(db, "2026-12-03", "page", "home"), 1);
	assert_int_equal(count_of(db, "2026-12-04", "page", "home"), 1);
	assert_int_equal(count_of(db, "2026-03-29", "page", "home"), 2);
	assert_int_equal(count_of(db, "2026-10-25", "page", "home"), 2);
	assert_int_equal(count_of(db, "2026-12-07", "page", "home"), 1);
	assert_int_equal(count_of(db, "2026-12-06", "page", "home"), 0);
	sqlite3_close(db);
	stats_close(st);
}

/* Every table, every column, every row: only days, type names, elements
 * and small counts; nothing that looks like a time of day or an instant. */
static void
check_no_finer_time(const char *dbpath)
{
	sqlite3 *db;
	sqlite3_stmt *tabs;
	err_t e;
	int ntables = 0;

	db = stats_db_open_ro(dbpath, &e);
	assert_non_null(db);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema "
	    "WHERE type = 'table' ORDER BY name", -1, &tabs, NULL), SQLITE_OK);
	while (sqlite3_step(tabs) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(tabs, 0);
		char sql[256];
		sqlite3_stmt *q;
		long rows = 0;

		ntables++;
		/* Only the two tables stats.c made. */
		assert_true(strcmp(t, "counts") == 0 ||
		    strcmp(t, "sent_days") == 0);
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", t);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL),
		    SQLITE_OK);
		while (sqlite3_step(q) == SQLITE_ROW) {
			rows++;
			for (int c = 0; c < sqlite3_column_count(q); c++) {
				const char *col = sqlite3_column_name(q, c);
				int ty = sqlite3_column_type(q, c);

				if (strcmp(col, "day") == 0) {
					const char *d = (const char *)
					    sqlite3_column_text(q, c);
					int y, m, dd;

					assert_int_equal(ty, SQLITE_TEXT);
					assert_int_equal(strlen(d), 10);
					assert_int_equal(time_parse_date(d, &y,
					    &m, &dd), 0);
				} else if (strcmp(col, "n") == 0) {
					assert_int_equal(ty, SQLITE_INTEGER);
					/* A count, not an epoch. */
					assert_true(sqlite3_column_int64(q, c) <
					    1000000);
				} else {
					const char *s = (const char *)
					    sqlite3_column_text(q, c);
					int h, mi;

					assert_true(strcmp(col, "kind") == 0 ||
					    strcmp(col, "what") == 0);
					assert_int_equal(ty, SQLITE_TEXT);
					assert_int_not_equal(time_parse_hm(s,
					    &h, &mi), 0);
					for (const char *p = s; *p; p++)
						assert_false(isdigit(
						    (unsigned char)p[0]) &&
						    isdigit((unsigned char)p[1])
						    && p[2] == ':');
				}
			}
		}
		sqlite3_finalize(q);
		(void)rows;
	}
	sqlite3_finalize(tabs);
	assert_int_equal(ntables, 2);
	/* No rowid: the order rows were first written is not kept. */
	assert_int_not_equal(sqlite3_exec(db, "SELECT rowid FROM counts", NULL,
	    NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "SELECT rowid FROM sent_days",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void
test_no_finer_time(void **state)
{
	struct stats *st = open_db("anon.db", NULL);
	char p[512];
	struct stat sb;
	sqlite3 *db;
	err_t e;

	(void)state;
	stats_count_at(st, T("2026-12-03 09:01"), STATS_FEEDBACK_STARTED, NULL,
	    &e);
	stats_answer_at(st, T("2026-12-03 09:01"), "freins", "sante", &e);
	stats_answer_at(st, T("2026-12-03 09:02"), "satisfaction", "moyen", &e);
	/* The WAL, which keeps the order of writes, holds the answers
	 * while the questionnaire goes on, and nothing once it is over. */
	snprintf(p, sizeof p, "%s-wal", stats_path(st));
	assert_int_equal(stat(p, &sb), 0);
	assert_true(sb.st_size > 0);
	stats_count_at(st, T("2026-12-03 09:02"), STATS_FEEDBACK_FINISHED, NULL,
	    &e);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_size, 0);
	/* The same when it is left for the idle reset. */
	stats_answer_at(st, T("2026-12-03 17:44"), "freins", "aide", &e);
	stats_count_at(st, T("2026-12-03 17:45"), STATS_IDLE_RESET, "feedback",
	    &e);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_size, 0);
	stats_count_at(st, T("2026-12-03 17:45"), STATS_PAGE, "offer:x", &e);
	check_no_finer_time(stats_path(st));

	/* The schema itself refuses anything but a bare date. */
	db = NULL;
	assert_int_equal(sqlite3_open(stats_path(st), &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "INSERT INTO counts VALUES "
	    "('2026-12-03 10:00', 'page', 'home', 1)", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "INSERT INTO counts VALUES "
	    "('1796517000', 'page', 'home', 1)", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "INSERT INTO sent_days VALUES "
	    "('2026-12-03T10:00')", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	stats_close(st);

	/* Answers stay independent: two people answering the same way on
	 * the same day give one row per (question, answer), n = 2, and no
	 * column could tell which answers went together. */
	st = open_db("anon2.db", NULL);
	stats_answer_at(st, T("2026-12-03 10:00"), "freins", "sante", &e);
	stats_answer_at(st, T("2026-12-03 10:00"), "besoins", "formation", &e);
	stats_answer_at(st, T("2026-12-03 11:00"), "freins", "enfants", &e);
	stats_answer_at(st, T("2026-12-03 11:00"), "besoins", "formation", &e);
	stats_count_at(st, T("2026-12-03 11:00"), STATS_FEEDBACK_FINISHED, NULL,
	    &e);
	db = peek(st);
	assert_int_equal(scalar(db, "SELECT count(*) FROM counts"), 4);
	assert_int_equal(count_of(db, "2026-12-03", "reponse",
	    "besoins=formation"), 2);
	sqlite3_close(db);
	check_no_finer_time(stats_path(st));
	stats_close(st);
}

static void
test_what_and_cap(void **state)
{
	struct stats *st = open_db("cap.db", "max_rows_per_day = 10\n");
	time_t t = T("2026-12-03 10:00");
	char w[32], longw[200];
	sqlite3 *db;
	err_t e;

	(void)state;
	for (int i = 0; i < 25; i++) {
		snprintf(w, sizeof w, "page-%02d", i);
		assert_int_equal(stats_count_at(st, t, STATS_PAGE, w, &e), 0);
	}
	/* A row already there still counts. */
	assert_int_equal(stats_count_at(st, t, STATS_PAGE, "page-03", &e), 0);
	db = peek(st);
	assert_int_equal(scalar(db, "SELECT count(*) FROM counts"), 11);
	assert_int_equal(count_of(db, "2026-12-03", "page", "(autre)"), 15);
	assert_int_equal(count_of(db, "2026-12-03", "page", "page-03"), 2);
	assert_int_equal(scalar(db, "SELECT sum(n) FROM counts"), 26);
	sqlite3_close(db);

	/* Long: cut at 80 bytes, not inside the 'é' that straddles it. */
	memset(longw, 'a', 79);
	memcpy(longw + 79, "\xc3\xa9zzz", 6);
	t += 86400;
	stats_count_at(st, t, STATS_GLOSSARY, longw, &e);
	stats_count_at(st, t, STATS_GLOSSARY, "tab\there\nnl", &e);
	stats_count_at(st, t, STATS_GLOSSARY, "bad\xff", &e);
	db = peek(st);
	longw[79] = '\0';
	assert_int_equal(count_of(db, "2026-12-04", "mot_explique", longw), 1);
	assert_int_equal(count_of(db, "2026-12-04", "mot_explique",
	    "tab here nl"), 1);
	assert_int_equal(count_of(db, "2026-12-04", "mot_explique",
	    "(invalide)"), 1);
	sqlite3_close(db);
	stats_close(st);
}

static void
test_purge(void **state)
{
	struct stats *st = open_db("purge.db", "keep_days = 3\n");
	time_t t0 = time_day_start(time(NULL), 1) + 10 * 3600;
	char day[16];
	sqlite3 *db;
	err_t e;

	(void)state;
	/* Five days from tomorrow on: at each change of day the days more
	 * than 3 back go. */
	for (int d = 0; d < 5; d++) {
		time_t t = time_day_start(t0, d) + 10 * 3600;

		assert_int_equal(stats_count_at(st, t, STATS_PAGE, "home", &e),
		    0);
	}
	db = peek(st);
	assert_int_equal(scalar(db, "SELECT count(DISTINCT day) FROM counts"),
	    3);
	time_fmt_day(time_day_start(t0, 2), day, sizeof day);
	assert_int_equal(count_of(db, day, "page", "home"), 1);
	time_fmt_day(time_day_start(t0, 1), day, sizeof day);
	assert_int_equal(count_of(db, day, "page", "home"), 0);
	sqlite3_close(db);
	stats_close(st);

	/* At open, against the real clock: a day far back is gone, and so
	 * is its sent mark. */
	st = open_db("purge2.db", "keep_days = 30\n");
	stats_count_at(st, time(NULL) - 40 * 86400, STATS_PAGE, "old", &e);
	stats_count_at(st, time(NULL) - 10 * 86400, STATS_PAGE, "recent", &e);
	db = NULL;
	assert_int_equal(sqlite3_open(stats_path(st), &db), SQLITE_OK);
	time_fmt_day(time(NULL) - 40 * 86400, day, sizeof day);
	{
		char sql[128];

		snprintf(sql, sizeof sql, "INSERT INTO sent_days VALUES ('%s')",
		    day);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
		    SQLITE_OK);
	}
	sqlite3_close(db);
	stats_close(st);
	st = open_db("purge2.db", "keep_days = 30\n");
	db = peek(st);
	assert_int_equal(scalar(db, "SELECT count(*) FROM counts"), 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM sent_days"), 0);
	sqlite3_close(db);
	stats_close(st);
}

static long
file_size(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 ? (long)sb.st_size : 0;
}

/* The database and its WAL. */
static long
db_size(const struct stats *st)
{
	char p[600];

	snprintf(p, sizeof p, "%s-wal", stats_path(st));
	return file_size(stats_path(st)) + file_size(p);
}

/*
 * Three years, every day every page, offer, QR code, answer and event of
 * a pack the size of the real one (30 pages, 64 offers, 4 questions of 7
 * answers, 58 glossary words, 7 sheets, 3 events): 254 rows a day, the
 * worst case
 * of a kiosk whose every button is touched every day.  Keep 365 days.
 *
 * The bound: a row is a cell of an index b-tree leaf: record header (5
 * bytes) + day (10) + type (<= 19) + element (<= 40 here) + count (<= 2)
 * + the cell's size varint and pointer (4) = 80 bytes at most here.  A
 * leaf is at least half full in the worst case of SQLite's balancing, so
 * 160 bytes a row, plus interior pages (under 2%), plus the 1 MB the WAL
 * may keep (journal_size_limit) and 64 KB of fixed pages.
 */
#define SYN_PAGES	30
#define SYN_OFFERS	64
#define SYN_QUESTIONS	4
#define SYN_ANSWERS	7
#define SYN_GLOSS	58
#define SYN_SHEETS	7
#define SYN_ROWS_DAY	(SYN_PAGES + 2 * SYN_OFFERS + \
	SYN_QUESTIONS * SYN_ANSWERS + SYN_GLOSS + SYN_SHEETS + 3)

static void
one_day(struct stats *st, time_t t)
{
	char w[64];
	err_t e;
	int rc = 0;

	for (int i = 0; i < SYN_PAGES; i++) {
		snprintf(w, sizeof w, "rights:une-page-de-droits-%02d", i);
		rc |= stats_count_at(st, t, STATS_PAGE, w, &e);
	}
	for (int i = 0; i < SYN_OFFERS; i++) {
		snprintf(w, sizeof w, "une-offre-d-insertion-numero-%02d", i);
		rc |= stats_count_at(st, t, STATS_OFFER, w, &e);
		rc |= stats_count_at(st, t, STATS_QR, w, &e);
	}
	rc |= stats_count_at(st, t, STATS_FEEDBACK_STARTED, NULL, &e);
	for (int q = 0; q < SYN_QUESTIONS; q++)
		for (int a = 0; a < SYN_ANSWERS; a++) {
			char qid[32], pic[32];

			snprintf(qid, sizeof qid, "question-%d", q);
			snprintf(pic, sizeof pic, "pictogramme-%d", a);
			rc |= stats_answer_at(st, t, qid, pic, &e);
		}
	rc |= stats_count_at(st, t, STATS_FEEDBACK_FINISHED, NULL, &e);
	for (int i = 0; i < SYN_GLOSS; i++) {
		snprintf(w, sizeof w, "mot-du-glossaire-%02d", i);
		rc |= stats_count_at(st, t, STATS_GLOSSARY, w, &e);
	}
	for (int i = 0; i < SYN_SHEETS; i++) {
		snprintf(w, sizeof w, "chambery/theme-%d", i);
		rc |= stats_count_at(st, t, STATS_SHEET, w, &e);
	}
	rc |= stats_count_at(st, t, STATS_IDLE_RESET, "home", &e);
	if (rc)
		fail_msg("%s", e.msg);
}

static void
test_size_bound(void **state)
{
	struct stats *st = open_db("big.db", "keep_days = 365\n");
	const long keep = 365;
	/* From tomorrow on, so that the open-time purge (real clock) and the
	 * day-change purges (synthetic clock) agree. */
	time_t t0 = time_day_start(time(NULL), 1);
	long size_y2 = 0, size_y3, bound, maxw = 0;
	sqlite3 *db;

	(void)state;
	for (int d = 0; d < 3 * 365; d++) {
		one_day(st, time_day_start(t0, d) + 14 * 3600);
		if (d == 2 * 365 - 1)
			size_y2 = db_size(st);
	}
	size_y3 = db_size(st);
	db = peek(st);
	assert_int_equal(scalar(db, "SELECT count(DISTINCT day) FROM counts"),
	    keep);
	assert_int_equal(scalar(db, "SELECT count(*) FROM counts"),
	    keep * SYN_ROWS_DAY);
	maxw = scalar(db, "SELECT max(length(CAST(what AS BLOB))) FROM counts");
	assert_true(maxw <= 40);
	{
		char first[16], sql[128];

		time_fmt_day(time_day_start(t0, 3 * 365 - keep), first,
		    sizeof first);
		snprintf(sql, sizeof sql, "SELECT min(day) = '%s' FROM counts",
		    first);
		assert_int_equal(scalar(db, sql), 1);
	}
	sqlite3_close(db);
	stats_close(st);

	bound = keep * SYN_ROWS_DAY * 160 * 102 / 100 + (1 << 20) + 65536;
	print_message("stats size: %d rows/day x %ld days: year 2 %ld bytes, "
	    "year 3 %ld bytes, bound %ld bytes (%.0f bytes/row)\n",
	    SYN_ROWS_DAY, keep, size_y2, size_y3, bound,
	    (double)size_y3 / (double)(keep * SYN_ROWS_DAY));
	assert_true(size_y3 <= bound);
	/* Steady: the third year reuses the pages the purge freed. */
	assert_true(size_y3 <= size_y2 + size_y2 / 10);
}

/* ------------------------------------------------------------ export */

static void
test_export(void **state)
{
	struct stats *st = open_db("exp.db", NULL);
	char out[512], bad[512], *csv;
	size_t len;
	long rows;
	err_t e;
	static const char want[] =
	    "\xEF\xBB\xBFjour;type;element;nombre\r\n"
	    "2026-12-03;avis_termine;;1\r\n"
	    "2026-12-03;offre;\"a;b\";1\r\n"
	    "2026-12-03;page;home;2\r\n"
	    "2026-12-03;reponse;satisfaction=content;1\r\n"
	    "2026-12-04;mot_explique;\"dit \"\"RSA\"\"\";1\r\n"
	    "2026-12-04;page;\xc3\xa9t\xc3\xa9;1\r\n";

	(void)state;
	stats_count_at(st, T("2026-12-02 12:00"), STATS_PAGE, "before", &e);
	stats_count_at(st, T("2026-12-03 08:00"), STATS_PAGE, "home", &e);
	stats_count_at(st, T("2026-12-03 18:00"), STATS_PAGE, "home", &e);
	stats_count_at(st, T("2026-12-03 18:00"), STATS_OFFER, "a;b", &e);
	stats_answer_at(st, T("2026-12-03 18:00"), "satisfaction", "content",
	    &e);
	stats_count_at(st, T("2026-12-03 18:01"), STATS_FEEDBACK_FINISHED, NULL,
	    &e);
	stats_count_at(st, T("2026-12-04 09:00"), STATS_GLOSSARY,
	    "dit \"RSA\"", &e);
	stats_count_at(st, T("2026-12-04 09:00"), STATS_PAGE, "\xc3\xa9t\xc3\xa9",
	    &e);
	stats_count_at(st, T("2026-12-05 09:00"), STATS_PAGE, "after", &e);

	path(out, sizeof out, "out.csv");
	rows = stats_export_file(stats_path(st), T("2026-12-03 23:00"),
	    T("2026-12-04 01:00"), out, &e);
	assert_int_equal(rows, 6);
	csv = fs_read_file(out, 0, &len, &e);
	assert_non_null(csv);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(csv, want, len);
	free(csv);
	{
		struct stat sb;

		assert_int_equal(stat(out, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0644);
	}

	/* Open ends: everything, 8 rows. */
	assert_int_equal(stats_export_file(stats_path(st), 0, 0, out, &e), 8);
	assert_int_equal(stats_export_file(stats_path(st),
	    T("2026-12-05 00:00"), 0, out, &e), 1);
	/* Nothing in range: the header alone. */
	assert_int_equal(stats_export_file(stats_path(st),
	    T("2027-01-01 00:00"), 0, out, &e), 0);
	csv = fs_read_file(out, 0, &len, &e);
	assert_string_equal(csv, "\xEF\xBB\xBFjour;type;element;nombre\r\n");
	free(csv);

	/* An output that cannot be written: no file, no temporary. */
	path(bad, sizeof bad, "no-such-dir/out.csv");
	assert_int_equal(stats_export_file(stats_path(st), 0, 0, bad, &e),
	    STATS_ERR_OUT);
	assert_non_null(strstr(e.msg, "no-such-dir"));
	path(bad, sizeof bad, "adir");
	mkdir(bad, 0700);
	assert_int_equal(stats_export_file(stats_path(st), 0, 0, bad, &e),
	    STATS_ERR_OUT);
	{
		DIR *d = opendir(dir);
		struct dirent *de;

		while ((de = readdir(d)) != NULL)
			assert_null(strstr(de->d_name, ".tmp."));
		closedir(d);
	}
	/* A database that is not there, or not ours. */
	path(bad, sizeof bad, "missing.db");
	assert_int_equal(stats_export_file(bad, 0, 0, out, &e), STATS_ERR_DB);
	assert_non_null(strstr(e.msg, "missing.db"));
	assert_int_equal(access(bad, F_OK), -1);	/* not created */
	path(bad, sizeof bad, "out.csv");
	assert_int_equal(stats_export_file(bad, 0, 0, out, &e), STATS_ERR_DB);
	stats_close(st);
}

static void
test_export_staff(void **state)
{
	struct stats *st;
	struct stats_settings s;
	char media[512], key[600], shm[128], got[1024], p[1200];
	struct stats_export_result r;
	config *c;
	err_t e;

	(void)state;
	/* No key under media: the database's directory. */
	path(media, sizeof media, "media");
	mkdir(media, 0755);
	snprintf(p, sizeof p, "%s/user", media);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "[stats]\npath = %s/s/stats.db\n", dir);
	c = config_parse(p, "t.ini", &e);
	assert_int_equal(stats_settings_load(c, config_get(c, "kiosk", "msd"), &s, &e), 0);
	stats_export_dir(&s, media, got, sizeof got);
	snprintf(p, sizeof p, "%s/s", dir);
	assert_string_equal(got, p);
	/* A directory on another filesystem (what a mounted key is): found
	 * one level down, as udisks mounts /media/USER/LABEL. */
	snprintf(shm, sizeof shm, "/dev/shm/msd-stats-key.%ld", (long)getpid());
	if (mkdir(shm, 0700) == 0) {
		struct stat a, b;

		snprintf(key, sizeof key, "%s/user/CLE", media);
		assert_int_equal(symlink(shm, key), 0);
		if (stat(shm, &a) == 0 && stat(media, &b) == 0 &&
		    a.st_dev != b.st_dev) {
			stats_export_dir(&s, media, got, sizeof got);
			assert_string_equal(got, key);
		}
		unlink(key);
		rmdir(shm);
	}
	stats_settings_free(&s);
	config_free(c);

	/* The staff export: export_dir set, a French message saying where. */
	snprintf(p, sizeof p, "[kiosk]\nmsd = chambery\n[stats]\npath = %s/st.db\n"
	    "export_dir = %s\n", dir, media);
	c = config_parse(p, "t.ini", &e);
	st = stats_open(c, config_get(c, "kiosk", "msd"), &e);
	assert_non_null(st);
	config_free(c);
	stats_count_at(st, T("2026-12-03 10:00"), STATS_PAGE, "home", &e);
	stats_answer_at(st, T("2026-12-03 10:00"), "q", "a", &e);
	assert_int_equal(stats_export_staff(st, T("2026-12-05 10:00"), &r), 0);
	snprintf(p, sizeof p, "%s/statistiques-chambery-2026-12-05.csv", media);
	assert_string_equal(r.path, p);
	assert_int_equal(r.rows, 2);
	assert_int_equal(r.how, STATS_EXPORT_OK);
	assert_int_equal(access(p, R_OK), 0);
	stats_close(st);
	assert_int_equal(stats_export_staff(NULL, 0, &r), -1);
	assert_int_equal(r.how, STATS_EXPORT_OFF);

	/* Into a directory that is not there: said, with why. */
	snprintf(p, sizeof p, "[stats]\npath = %s/st.db\nexport_dir = %s/nope\n",
	    dir, dir);
	c = config_parse(p, "t.ini", &e);
	st = stats_open(c, config_get(c, "kiosk", "msd"), &e);
	config_free(c);
	assert_int_equal(stats_export_staff(st, T("2026-12-05 10:00"), &r), -1);
	assert_int_equal(r.how, STATS_EXPORT_DIR_FAILED);
	assert_true(r.why[0] != '\0');
	stats_close(st);
}

static void
test_settings(void **state)
{
	config *c;
	err_t e;
	struct stats_settings s;
	struct report_post *r;
	char ini[512];

	(void)state;
	c = config_parse("[stats]\nkeep_days = 0\n", "t.ini", &e);
	assert_int_equal(stats_settings_load(c, config_get(c, "kiosk", "msd"), &s, &e), -1);
	assert_non_null(strstr(e.msg, "keep_days"));
	assert_null(stats_open(c, config_get(c, "kiosk", "msd"), &e));
	config_free(c);
	c = config_parse("", "t.ini", &e);
	assert_int_equal(stats_settings_load(c, config_get(c, "kiosk", "msd"), &s, &e), 0);
	assert_string_equal(s.path, STATS_DEFAULT_PATH);
	assert_int_equal(s.keep_days, 730);
	assert_int_equal(s.max_rows, 1000);
	stats_settings_free(&s);
	/* No [report] url: no thread, and no message either. */
	snprintf(e.msg, sizeof e.msg, "stale");
	assert_null(report_post_start(c, config_get(c, "kiosk", "msd"), "/nonexistent/stats.db", &e));
	assert_string_equal(e.msg, "");
	config_free(c);
	/* Bad settings are said. */
	c = config_parse("[report]\nurl = ftp://x/\n", "t.ini", &e);
	assert_null(report_post_start(c, config_get(c, "kiosk", "msd"), "/nonexistent/stats.db", &e));
	assert_non_null(strstr(e.msg, "url"));
	config_free(c);
	c = config_parse("[report]\nurl = http://127.0.0.1:9/\n"
	    "kiosk_id = a b\n", "t.ini", &e);
	assert_null(report_post_start(c, config_get(c, "kiosk", "msd"), "/nonexistent/stats.db", &e));
	assert_non_null(strstr(e.msg, "kiosk_id"));
	config_free(c);
	/* A token file others can read is refused. */
	path(ini, sizeof ini, "token");
	{
		FILE *f = fopen(ini, "w");

		fputs("secret\n", f);
		fclose(f);
		chmod(ini, 0644);
	}
	{
		char t[1024];

		snprintf(t, sizeof t, "[report]\nurl = http://127.0.0.1:9/\n"
		    "token_file = %s\n", ini);
		c = config_parse(t, "t.ini", &e);
		assert_null(report_post_start(c, config_get(c, "kiosk", "msd"), "/nonexistent/stats.db", &e));
		assert_non_null(strstr(e.msg, "chmod 600"));
		/* Then accepted: the thread starts, cannot open the
		 * database, and stops cleanly. */
		chmod(ini, 0600);
		r = report_post_start(c, config_get(c, "kiosk", "msd"), "/nonexistent/stats.db", &e);
		assert_non_null(r);
		usleep(200 * 1000);
		{
			struct report_post_status rs;

			report_post_get_status(r, &rs);
			if (rs.passes > 0) {
				assert_false(rs.last_pass_ok);
				assert_non_null(strstr(rs.last_error,
				    "/nonexistent/stats.db"));
			}
		}
		report_post_stop(r);
		config_free(c);
	}
	/* No path given: [stats] path; the config can go at once. */
	c = config_parse("[stats]\npath = /nonexistent/other.db\n[report]\n"
	    "url = http://127.0.0.1:9/\n", "t.ini", &e);
	r = report_post_start(c, config_get(c, "kiosk", "msd"), NULL, &e);
	config_free(c);
	assert_non_null(r);
	for (int i = 0; i < 50; i++) {
		struct report_post_status rs;

		report_post_get_status(r, &rs);
		if (rs.passes > 0) {
			assert_non_null(strstr(rs.last_error,
			    "/nonexistent/other.db"));
			break;
		}
		usleep(20 * 1000);
	}
	report_post_stop(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_counting),
		cmocka_unit_test(test_day_bucketing),
		cmocka_unit_test(test_no_finer_time),
		cmocka_unit_test(test_what_and_cap),
		cmocka_unit_test(test_purge),
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_export_staff),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_size_bound),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
