/*
 * stats.c - the kiosk's usage figures and feedback answers, counted per
 * day in its own SQLite file (see stats.h).
 *
 * Why the design is so plain: the Département wants figures, and the
 * people who touch the kiosk must stay unknown even to someone holding
 * the kiosk's disk and logs.  So the only things stored are counters
 * keyed by a bare date; the schema's CHECK refuses anything else in the
 * day column; the tables are WITHOUT ROWID (a rowid would give away the
 * order in which rows were first written); and the WAL, which between
 * two checkpoints keeps the sequence of page writes (and so could tie
 * the answers of one person together), is checkpointed and truncated as
 * soon as a questionnaire is over (the next non-answer event).  Nothing
 * here logs an answer.
 */
#include "jobs/stats.h"
#include "csvread.h"
#include "db.h"
#include "fsutil.h"
#include "log.h"
#include "strbuf.h"
#include "timeutil.h"
#include "utf8.h"

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Migrations: stats_migrations[i] takes user_version i to i+1.  Kept here
 * rather than in schema/ because only this file reads or writes it. */
static const char *const stats_migrations[] = {
	/* 1: counters per day, and the days the upload has delivered. */
	"CREATE TABLE counts (\n"
	"    day  TEXT NOT NULL CHECK (length(day) = 10 AND day GLOB\n"
	"         '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),\n"
	"    kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 32),\n"
	"    what TEXT NOT NULL CHECK (length(CAST(what AS BLOB)) <= 80),\n"
	"    n    INTEGER NOT NULL CHECK (n > 0),\n"
	"    PRIMARY KEY (day, kind, what)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE sent_days (\n"
	"    day TEXT PRIMARY KEY CHECK (length(day) = 10 AND day GLOB\n"
	"        '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')\n"
	") WITHOUT ROWID;\n",
};
#define STATS_NMIGRATIONS \
	((int)(sizeof stats_migrations / sizeof stats_migrations[0]))

static const char *const kind_names[STATS_NEVENTS] = {
	[STATS_PAGE] = "page",
	[STATS_OFFER] = "offre",
	[STATS_QR] = "qr_code",
	[STATS_SHEET] = "fiche_imprimee",
	[STATS_IDLE_RESET] = "retour_accueil_auto",
	[STATS_FEEDBACK_STARTED] = "avis_commence",
	[STATS_FEEDBACK_FINISHED] = "avis_termine",
	[STATS_GLOSSARY] = "mot_explique",
	[STATS_LISTENED] = "page_ecoutee",
	[STATS_LANGUAGE] = "langue",
};

/* One more on (day, kind, what); a new (kind, what) on a day that has
 * max_rows rows already goes to (kind, "(autre)"), which bounds the
 * file whatever the caller passes. */
static const char count_sql[] =
    "INSERT INTO counts (day, kind, what, n) "
    "SELECT ?1, ?2, CASE WHEN EXISTS (SELECT 1 FROM counts WHERE day = ?1 "
    "AND kind = ?2 AND what = ?3) OR (SELECT count(*) FROM counts WHERE "
    "day = ?1) < ?4 THEN ?3 ELSE '(autre)' END, 1 WHERE 1 "
    "ON CONFLICT (day, kind, what) DO UPDATE SET n = n + 1";

struct stats {
	struct stats_settings s;
	sqlite3 *db;
	sqlite3_stmt *count;
	char day[16];			/* day of the last count: purge on change */
	int answers_pending;		/* answers in the WAL, not checkpointed */
	char logged[sizeof(err_t)];	/* last error logged (said once) */
};

const char *
stats_kind_name(enum stats_event ev)
{
	if ((int)ev < 0 || ev >= STATS_NEVENTS)
		return NULL;
	return kind_names[ev];
}

int
stats_kind_parse(const char *name)
{
	for (int i = 0; i < STATS_NEVENTS; i++)
		if (strcmp(kind_names[i], name) == 0)
			return i;
	if (strcmp(name, STATS_KIND_ANSWER) == 0)
		return STATS_NEVENTS;
	return -1;
}

/* ------------------------------------------------------------ settings */

int
stats_settings_load(const config *cfg, const char *msd,
    struct stats_settings *s, err_t *e)
{
	const char *dir = config_get(cfg, "stats", "export_dir");

	memset(s, 0, sizeof *s);
	if (config_int(cfg, "stats", "keep_days", 730, 1, 3660, &s->keep_days,
	    e) < 0 ||
	    config_int(cfg, "stats", "max_rows_per_day", 1000, 10, 100000,
	    &s->max_rows, e) < 0)
		return -1;
	s->path = xstrdup(config_str(cfg, "stats", "path", STATS_DEFAULT_PATH));
	if (dir && *dir)
		s->export_dir = xstrdup(dir);
	if (msd && *msd)
		s->kiosk_id = xstrdup(msd);
	return 0;
}

void
stats_settings_free(struct stats_settings *s)
{
	free(s->path);
	free(s->export_dir);
	free(s->kiosk_id);
	memset(s, 0, sizeof *s);
}

/* ------------------------------------------------------------ opening */

/* The directory holding path into out. */
static void
dir_of(const char *path, char *out, size_t n)
{
	char *copy = xstrdup(path);

	snprintf(out, n, "%s", dirname(copy));
	free(copy);
}

sqlite3 *
stats_db_open_rw(const char *path, err_t *e)
{
	struct stat sb;
	sqlite3 *db;

	if (stat(path, &sb) != 0) {
		err_set(e, "cannot open the statistics database %s: %s (the "
		    "kiosk creates it when it starts; check [stats] path)",
		    path, strerror(errno));
		return NULL;
	}
	db = db_open_rw(path, stats_migrations, STATS_NMIGRATIONS, e);
	if (db == NULL)
		return NULL;
	/* Freed pages are zeroed: a purged day leaves nothing behind. */
	sqlite3_exec(db, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
	return db;
}

sqlite3 *
stats_db_open_ro(const char *path, err_t *e)
{
	sqlite3 *db = NULL;
	struct stat sb;
	int v;

	if (stat(path, &sb) != 0) {
		err_set(e, "cannot read the statistics database %s: %s (the "
		    "kiosk creates it when it first counts; check [stats] path "
		    "or -c)", path, strerror(errno));
		return NULL;
	}
	/* Not immutable like a pack: the kiosk may be writing it now, and
	 * a plain read-only connection sees its last commit. */
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		err_set(e, "cannot read the statistics database %s: %s", path,
		    db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	v = db_user_version(db);
	if (v < 1 || v > STATS_NMIGRATIONS) {
		if (v < 0)
			err_set(e, "cannot read the statistics database %s: %s "
			    "(check its permissions: the kiosk's user owns it)",
			    path, sqlite3_errmsg(db));
		else if (v == 0)
			err_set(e, "%s is not a kiosk statistics database "
			    "(empty or another file): check [stats] path", path);
		else
			err_set(e, "the statistics database %s has schema "
			    "version %d, newer than this program (%d): use the "
			    "kiosk's own msd-kiosk", path, v, STATS_NMIGRATIONS);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

struct stats *
stats_open(const config *cfg, const char *msd, err_t *e)
{
	struct stats *st = xcalloc(1, sizeof *st);
	char dir[PATH_MAX];

	if (stats_settings_load(cfg, msd, &st->s, e) < 0)
		goto fail;
	dir_of(st->s.path, dir, sizeof dir);
	if (fs_mkdirs(dir, 0700, e) < 0) {
		err_prefix(e, "statistics ([stats] path = %s): ", st->s.path);
		goto fail;
	}
	st->db = db_open_rw(st->s.path, stats_migrations, STATS_NMIGRATIONS,
	    e);
	if (st->db == NULL)
		goto fail;
	/* The UI thread writes here: better lose one count than freeze
	 * the screen behind the upload thread's short transaction. */
	sqlite3_busy_timeout(st->db, 250);
	if (db_exec(st->db, "PRAGMA secure_delete = ON", e) < 0 ||
	    /* A WAL file is truncated back to 1 MB after a checkpoint. */
	    db_exec(st->db, "PRAGMA journal_size_limit = 1048576", e) < 0)
		goto fail;
	st->count = db_prepare(st->db, count_sql, e);
	if (st->count == NULL)
		goto fail;
	if (stats_purge(st, time(NULL), e) < 0)
		goto fail;
	time_fmt_day(time(NULL), st->day, sizeof st->day);
	return st;
fail:
	stats_close(st);
	return NULL;
}

const char *
stats_path(const struct stats *st)
{
	return st ? st->s.path : NULL;
}

const struct stats_settings *
stats_get_settings(const struct stats *st)
{
	return st ? &st->s : NULL;
}

/* Pushes the WAL into the database and truncates it, so that the order
 * in which answers were written is not kept on disk.  Busy (a reader in
 * the upload thread): tried again at the next event. */
static void
forget_order(struct stats *st)
{
	if (sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
	    NULL, NULL) == SQLITE_OK)
		st->answers_pending = 0;
}

void
stats_close(struct stats *st)
{
	if (st == NULL)
		return;
	sqlite3_finalize(st->count);
	if (st->db) {
		if (st->answers_pending)
			forget_order(st);
		sqlite3_close(st->db);
	}
	stats_settings_free(&st->s);
	free(st);
}

/* ------------------------------------------------------------ counting */

int
stats_purge(struct stats *st, time_t now, err_t *e)
{
	static const char *const sql[] = {
		"DELETE FROM counts WHERE day < ?1",
		"DELETE FROM sent_days WHERE day < ?1",
	};
	char cutoff[16];
	int n = 0;

	/* Today and the keep_days - 1 days before it are kept. */
	time_fmt_day(time_day_start(now, 1 - (int)st->s.keep_days), cutoff,
	    sizeof cutoff);
	if (db_exec(st->db, "BEGIN IMMEDIATE", e) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *q = db_prepare(st->db, sql[i], e);

		if (q == NULL)
			goto fail;
		sqlite3_bind_text(q, 1, cutoff, -1, SQLITE_STATIC);
		if (sqlite3_step(q) != SQLITE_DONE) {
			err_set(e, "statistics %s: cannot purge the days before "
			    "%s: %s", st->s.path, cutoff, sqlite3_errmsg(st->db));
			sqlite3_finalize(q);
			goto fail;
		}
		if (i == 0)
			n = sqlite3_changes(st->db);
		sqlite3_finalize(q);
	}
	if (db_exec(st->db, "COMMIT", e) < 0)
		goto fail;
	if (n > 0)
		log_info("statistics: %d row%s older than %ld days purged", n,
		    n > 1 ? "s" : "", st->s.keep_days);
	return n;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* Copies s into out (STATS_WHAT_MAX bytes at most, cut at a character
 * boundary), with control characters turned into spaces; malformed UTF-8
 * becomes "(invalide)": it would not open in a spreadsheet. */
static void
clean_what(const char *s, char *out, size_t n)
{
	size_t len = 0;

	if (s == NULL)
		s = "";
	if (!utf8_valid(s, strlen(s)))
		s = "(invalide)";
	while (*s) {
		const char *start = s;
		uint32_t cp = utf8_next(&s);
		size_t k = (size_t)(s - start);

		if (len + k > STATS_WHAT_MAX || len + k >= n)
			break;
		if (cp < 0x20 || cp == 0x7f)
			out[len++] = ' ';
		else {
			memcpy(out + len, start, k);
			len += k;
		}
	}
	out[len] = '\0';
}

static int
add(struct stats *st, time_t when, const char *kind, const char *what,
    err_t *e)
{
	char day[16], w[STATS_WHAT_MAX + 1];
	int rc;

	if (st == NULL || st->db == NULL)
		return 0;
	time_fmt_day(when, day, sizeof day);
	/* A new day (the kiosk runs for weeks): drop the oldest.  Only
	 * forward, so that a clock set back does not purge twice. */
	if (strcmp(day, st->day) > 0) {
		if (stats_purge(st, when, e) < 0)
			return -1;
		snprintf(st->day, sizeof st->day, "%s", day);
	}
	clean_what(what, w, sizeof w);
	sqlite3_reset(st->count);
	sqlite3_bind_text(st->count, 1, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st->count, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st->count, 3, w, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st->count, 4, st->s.max_rows);
	rc = sqlite3_step(st->count);
	sqlite3_reset(st->count);
	sqlite3_clear_bindings(st->count);
	if (rc != SQLITE_DONE)
		return err_set(e, "statistics %s: cannot count a '%s': %s "
		    "(disk full or file locked?)", st->s.path, kind,
		    sqlite3_errmsg(st->db));
	return 0;
}

int
stats_count_at(struct stats *st, time_t when, enum stats_event ev,
    const char *what, err_t *e)
{
	const char *kind = stats_kind_name(ev);

	if (kind == NULL)
		return err_set(e, "statistics: unknown event %d", (int)ev);
	if (add(st, when, kind, what, e) < 0)
		return -1;
	/* Any other event comes after the questionnaire is over (or left):
	 * now the order of its answers can be forgotten. */
	if (st && st->answers_pending)
		forget_order(st);
	return 0;
}

int
stats_answer_at(struct stats *st, time_t when, const char *question_id,
    const char *answer_picto, err_t *e)
{
	char w[2 * STATS_WHAT_MAX + 2];

	if (question_id == NULL || *question_id == '\0' ||
	    answer_picto == NULL || *answer_picto == '\0')
		return err_set(e, "statistics: an answer needs a question id "
		    "and an answer pictogram");
	snprintf(w, sizeof w, "%s=%s", question_id, answer_picto);
	if (add(st, when, STATS_KIND_ANSWER, w, e) < 0)
		return -1;
	if (st)
		st->answers_pending = 1;
	return 0;
}

/* Logs an error once while it lasts (a full disk would otherwise log at
 * every touch). */
static void
log_once(struct stats *st, const err_t *e)
{
	if (strcmp(st->logged, e->msg) == 0)
		return;
	snprintf(st->logged, sizeof st->logged, "%s", e->msg);
	log_warn("%s", e->msg);
}

void
stats_count(struct stats *st, enum stats_event ev, const char *what)
{
	err_t e;

	if (st == NULL)
		return;
	if (stats_count_at(st, time(NULL), ev, what, &e) < 0)
		log_once(st, &e);
	else
		st->logged[0] = '\0';
}

void
stats_answer(struct stats *st, const char *question_id,
    const char *answer_picto)
{
	err_t e;

	if (st == NULL)
		return;
	if (stats_answer_at(st, time(NULL), question_id, answer_picto,
	    &e) < 0)
		log_once(st, &e);
	else
		st->logged[0] = '\0';
}

/* ------------------------------------------------------------ export */

int
stats_write_csv(sqlite3 *db, const char *from, const char *to, FILE *out,
    long *rows, err_t *e)
{
	static const char *const head[] = { "jour", "type", "element",
	    "nombre" };
	sqlite3_stmt *q;
	int rc;

	*rows = 0;
	q = db_prepare(db, "SELECT day, kind, what, n FROM counts WHERE "
	    "day >= ?1 AND day <= ?2 ORDER BY day, kind, what", e);
	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, from ? from : "0000-00-00", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, to ? to : "9999-99-99", -1, SQLITE_STATIC);
	csv_write_bom(out);
	csv_write_row(out, head, 4);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		char n[32];
		const char *row[4];

		snprintf(n, sizeof n, "%lld", sqlite3_column_int64(q, 3));
		row[0] = db_text(q, 0);
		row[1] = db_text(q, 1);
		row[2] = db_text(q, 2);
		row[3] = n;
		csv_write_row(out, row, 4);
		(*rows)++;
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "cannot read the statistics database %s: %s",
		    sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
		sqlite3_finalize(q);
		return -1;
	}
	sqlite3_finalize(q);
	return 0;
}

long
stats_export_file(const char *dbpath, time_t from, time_t to,
    const char *out, err_t *e)
{
	char dfrom[16], dto[16], tmp[PATH_MAX];
	sqlite3 *db;
	FILE *f;
	long rows;

	if (from)
		time_fmt_day(from, dfrom, sizeof dfrom);
	if (to)
		time_fmt_day(to, dto, sizeof dto);
	if ((db = stats_db_open_ro(dbpath, e)) == NULL)
		return STATS_ERR_DB;
	if ((f = fs_atomic_open(out, tmp, sizeof tmp, 0644, e)) == NULL) {
		sqlite3_close(db);
		return STATS_ERR_OUT;
	}
	if (stats_write_csv(db, from ? dfrom : NULL, to ? dto : NULL, f, &rows,
	    e) < 0) {
		fs_atomic_abort(f, tmp);
		sqlite3_close(db);
		return STATS_ERR_DB;
	}
	sqlite3_close(db);
	if (fs_atomic_commit(f, tmp, out, e) < 0)
		return STATS_ERR_OUT;
	return rows;
}

/* 1 if path is a directory we can write into that sits on another
 * filesystem than parent_dev (a mounted key). */
static int
mounted_writable(const char *path, dev_t parent_dev)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode) &&
	    sb.st_dev != parent_dev && access(path, W_OK | X_OK) == 0;
}

/* The first mounted writable directory at depth 1 or 2 under root
 * (/media/LABEL, /media/USER/LABEL), in name order.  0 if found. */
static int
find_key(const char *root, char *out, size_t n)
{
	struct dirent **ents = NULL;
	struct stat rsb;
	int m, found = -1;

	if (stat(root, &rsb) != 0 ||
	    (m = scandir(root, &ents, NULL, alphasort)) < 0)
		return -1;
	for (int i = 0; i < m; i++) {
		char p[PATH_MAX];
		struct stat sb;

		if (found == 0 || ents[i]->d_name[0] == '.' ||
		    (size_t)snprintf(p, sizeof p, "%s/%s", root,
		    ents[i]->d_name) >= sizeof p)
			continue;
		if (mounted_writable(p, rsb.st_dev)) {
			snprintf(out, n, "%s", p);
			found = 0;
		} else if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode) &&
		    sb.st_dev == rsb.st_dev) {
			/* /media/USER: one level further. */
			struct dirent **sub = NULL;
			int k = scandir(p, &sub, NULL, alphasort);

			for (int j = 0; j < k; j++) {
				char q[PATH_MAX];

				if (found != 0 && sub[j]->d_name[0] != '.' &&
				    (size_t)snprintf(q, sizeof q, "%s/%s", p,
				    sub[j]->d_name) < sizeof q &&
				    mounted_writable(q, sb.st_dev)) {
					snprintf(out, n, "%s", q);
					found = 0;
				}
				free(sub[j]);
			}
			free(sub);
		}
	}
	for (int i = 0; i < m; i++)
		free(ents[i]);
	free(ents);
	return found;
}

void
stats_export_dir(const struct stats_settings *s, const char *media_root,
    char *out, size_t n)
{
	if (s->export_dir) {
		snprintf(out, n, "%s", s->export_dir);
		return;
	}
	if (media_root && find_key(media_root, out, n) == 0)
		return;
	dir_of(s->path, out, n);
}

int
stats_export_staff(struct stats *st, time_t now,
    struct stats_export_result *r)
{
	char dir[PATH_MAX], day[16], path[PATH_MAX + 128];
	long rows;
	err_t e;

	memset(r, 0, sizeof *r);
	if (st == NULL) {
		r->how = STATS_EXPORT_OFF;
		return -1;
	}
	/* What was counted so far is in the file the export reads. */
	if (st->answers_pending)
		forget_order(st);
	stats_export_dir(&st->s, "/media", dir, sizeof dir);
	time_fmt_day(now, day, sizeof day);
	snprintf(path, sizeof path, "%s/statistiques-%s-%s.csv", dir,
	    st->s.kiosk_id ? st->s.kiosk_id : "borne", day);
	rows = stats_export_file(st->s.path, 0, 0, path, &e);
	if (rows < 0) {
		log_error("statistics export: %s", e.msg);
		r->how = rows == STATS_ERR_OUT ? STATS_EXPORT_DIR_FAILED :
		    STATS_EXPORT_FAILED;
		snprintf(r->why, sizeof r->why, "%s", e.msg);
		return -1;
	}
	log_info("statistics exported to %s (%ld rows)", path, rows);
	r->how = STATS_EXPORT_OK;
	r->rows = rows;
	snprintf(r->path, sizeof r->path, "%s", path);
	return 0;
}
