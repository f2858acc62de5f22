/*
 * stats.h - the kiosk's usage figures and anonymous feedback answers.
 *
 * A small SQLite file of the kiosk's own ([stats] path, default
 * /var/lib/msd-kiosk/stats.db, mode 0600), never the content pack.  It
 * holds counters per DAY only: rows (day, kind, what, n) where day is the
 * local date YYYY-MM-DD, kind one of the types below and n the number of
 * times it happened that day.  Nothing finer than the day, no row per
 * event, no session id: a feedback answer is one more on the counter of
 * (day, question, answer), independent of the other answers of the same
 * person.  The schema itself refuses a day that is not a bare date.
 *
 * Size is bounded: only the last [stats] keep_days days are kept (730),
 * purged at open and at each change of day, and a day holds at most
 * [stats] max_rows_per_day distinct (kind, what) rows (1000); beyond, the
 * count goes to (kind, "(autre)").  docs/evaluation.md gives the figures.
 *
 * The UI thread owns a struct stats; the upload thread (report_post.h)
 * and the commands open their own connections.  A count is one prepared
 * UPSERT in WAL mode (synchronous=NORMAL, no fsync): well under a
 * millisecond.  A failed count is logged, never shown and never fatal.
 *
 * Settings, [stats] in the kiosk's config:
 *   path              the database (default /var/lib/msd-kiosk/stats.db)
 *   keep_days         days kept (default 730, 1 to 3660)
 *   max_rows_per_day  distinct rows a day may hold (default 1000)
 *   export_dir        where the staff menu writes its export (default: a
 *                     USB key mounted under /media if there is one, else
 *                     the directory of the database)
 */
#ifndef MSD_STATS_H
#define MSD_STATS_H

#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <time.h>

#include "config.h"
#include "err.h"

#define STATS_DEFAULT_PATH "/var/lib/msd-kiosk/stats.db"
/* A "what" longer than this is cut (at a character boundary). */
#define STATS_WHAT_MAX 80

/* What is counted.  The kiosk passes `what` as said on each line. */
enum stats_event {
	STATS_PAGE,		/* a page opened; what = its screens_goto() id:
				 * home, rights, rights:ID, offers, offers:THEME
				 * (not offer:ID: STATS_OFFER; not the feedback
				 * screen: STATS_FEEDBACK_STARTED) */
	STATS_OFFER,		/* an offer's page opened; what = offer id */
	STATS_QR,		/* a QR code shown; what = offer id */
	STATS_SHEET,		/* a sheet printed; what = "MSD" (every
				 * theme), "MSD/THEME" or "MSD/offer:ID" */
	STATS_IDLE_RESET,	/* back to home after idle_s; what = the page
				 * id it left (or NULL) */
	STATS_FEEDBACK_STARTED,	/* the questionnaire opened; what = NULL */
	STATS_FEEDBACK_FINISHED,/* the thank-you screen reached; what = NULL */
	STATS_GLOSSARY,		/* a glossary word explained; what = the word */
	STATS_LISTENED,		/* "Écouter" touched; what = the page id (as
				 * STATS_PAGE, offer:ID too, gloss:WORD) */
	STATS_LANGUAGE,		/* a page (STATS_PAGE) or an offer opened, in
				 * the language shown; what = its code (fr,
				 * en, ar, uk): pages per language */
	STATS_NEVENTS
};

/* The type written in the CSV's `type` column (French, no accents):
 * page, offre, qr_code, fiche_imprimee, retour_accueil_auto,
 * avis_commence, avis_termine, mot_explique, page_ecoutee, langue.  Answers are "reponse".
 * NULL for an out-of-range value. */
const char *stats_kind_name(enum stats_event ev);
#define STATS_KIND_ANSWER "reponse"

/* Event for a CSV type name (including "reponse" → STATS_NEVENTS), -1 if
 * unknown. */
int stats_kind_parse(const char *name);

/* The [stats] settings (see above), read and checked. */
struct stats_settings {
	char *path;
	long keep_days;
	long max_rows;
	char *export_dir;		/* NULL = automatic */
	char *kiosk_id;			/* the MSD (app/settings.h), or NULL */
};
/* msd names the kiosk in exported files (NULL: none). */
int stats_settings_load(const config *cfg, const char *msd,
    struct stats_settings *s, err_t *e);
void stats_settings_free(struct stats_settings *s);

struct stats;

/* Opens (creating and migrating) the database of cfg ([stats], see
 * above; cfg NULL = defaults) for the kiosk of MSD msd (app/settings.h;
 * NULL: every MSD), purges days older than keep_days.  Creates
 * the directory if missing.  NULL + message on failure: the kiosk then
 * runs without counting (and says so in its log). */
struct stats *stats_open(const config *cfg, const char *msd, err_t *e);

/* Counts one event now.  st NULL does nothing (stats off).  what NULL =
 * "".  Never blocks more than a fraction of a second (busy timeout);
 * errors are logged. */
void stats_count(struct stats *st, enum stats_event ev, const char *what);

/* Counts one feedback answer now: one more for (today, question, answer),
 * with nothing that ties it to the other answers. */
void stats_answer(struct stats *st, const char *question_id,
    const char *answer_picto);

/* The same at a given time (tests, `stats record`).  0, or -1 + message. */
int stats_count_at(struct stats *st, time_t when, enum stats_event ev,
    const char *what, err_t *e);
int stats_answer_at(struct stats *st, time_t when, const char *question_id,
    const char *answer_picto, err_t *e);

/* Deletes the days older than keep_days before `now` (done by
 * stats_open and at each change of day).  Returns the rows deleted, -1. */
int stats_purge(struct stats *st, time_t now, err_t *e);

/* The database file; the settings in use. */
const char *stats_path(const struct stats *st);
const struct stats_settings *stats_get_settings(const struct stats *st);

void stats_close(struct stats *st);

/* ------------------------------------------------------------ reading */

/* Opens an existing statistics database for reading (export): never
 * creates it.  NULL + a message saying what to check. */
sqlite3 *stats_db_open_ro(const char *path, err_t *e);

/* Opens it read-write with the migrations (the upload thread, which marks
 * days sent).  Refuses a file that does not exist yet. */
sqlite3 *stats_db_open_rw(const char *path, err_t *e);

/* Writes the CSV of days from..to (YYYY-MM-DD, inclusive; NULL = open)
 * to out: UTF-8 BOM, `;`, CRLF, header jour;type;element;nombre, one row
 * per (day, type, element) ordered by day, type, element; answers as type
 * "reponse", element "question=answer".  *rows gets the data rows.
 * 0, or -1 + message. */
int stats_write_csv(sqlite3 *db, const char *from, const char *to,
    FILE *out, long *rows, err_t *e);

/* The whole export as `stats export` does it: days from..to (0 = open;
 * the local day of each instant), written atomically to out.  Returns the
 * number of data rows, STATS_ERR_DB (-1: the database cannot be read) or
 * STATS_ERR_OUT (-2: out cannot be written; no file is left). */
#define STATS_ERR_DB	(-1)
#define STATS_ERR_OUT	(-2)
long stats_export_file(const char *db, time_t from, time_t to,
    const char *out, err_t *e);

/* What the staff menu's export did, for the screen to say in its
 * language (the words are the pack's: screens/staff.c). */
struct stats_export_result {
	enum { STATS_EXPORT_OK, STATS_EXPORT_OFF, STATS_EXPORT_FAILED,
	    STATS_EXPORT_DIR_FAILED } how;
	long rows;			/* OK: rows written */
	char path[PATH_MAX + 128];	/* OK: the file written */
	char why[sizeof(((err_t *)0)->msg)];	/* FAILED: what went wrong */
};

/* For the staff menu "Exporter les statistiques": exports every day kept
 * to DIR/statistiques-KIOSK-YYYY-MM-DD.csv where DIR is [stats]
 * export_dir, else the first writable USB key mounted under /media
 * (/media/LABEL or /media/USER/LABEL), else the database's directory.
 * Fills r: where the file is, or what went wrong.  0 or -1. */
int stats_export_staff(struct stats *st, time_t now,
    struct stats_export_result *r);

/* The directory stats_export_staff() would use (for tests and the menu's
 * label).  media_root: "/media" (tests pass another). */
void stats_export_dir(const struct stats_settings *s, const char *media_root,
    char *out, size_t n);

#endif
