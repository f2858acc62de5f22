#include "importer.h"
#include "csvread.h"
#include "db.h"
#include "phone.h"
#include "strbuf.h"
#include "timeutil.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct appt_in {
	int line;
	const char *rdv_id, *msd, *place;
	time_t at;
	char phone[24];
	enum phone_kind kind;
	int cancelled, refused;
};

/* Column names as agendas and people write them, folded (utf8_fold). */
static const char *const col_rdv[] = { "rdv_id", "id_rdv", "rdv", "id", "identifiant", NULL };
static const char *const col_date[] = { "date", "date_rdv", "jour", NULL };
static const char *const col_heure[] = { "heure", "horaire", "heure_rdv", NULL };
static const char *const col_msd[] = { "msd", "code_msd", "maison_sociale", NULL };
static const char *const col_tel[] = { "telephone", "tel", "portable", "mobile", "numero", NULL };
static const char *const col_lieu[] = { "lieu", "adresse", NULL };
static const char *const col_statut[] = { "statut", "etat", NULL };
static const char *const col_sms[] = { "sms", "accord_sms", NULL };

static int
find_col(const csv_table *t, const char *const *names)
{
	for (; *names; names++) {
		int c = csv_col(t, *names);

		if (c >= 0)
			return c;
	}
	return -1;
}

/* Two columns for one field ("telephone" and "portable": a landline and a
 * mobile?): which one holds the number cannot be guessed.  (Two columns
 * of the same name the CSV reader refuses.)  1 if so, reported. */
static int
two_cols(const csv_table *t, const char *const *names, int found, FILE *errf)
{
	const char *field = names[0];

	for (; *names; names++) {
		int c = csv_col(t, *names);

		if (c >= 0 && c != found) {
			fprintf(errf, "%s:%d: columns %d ('%s') and %d ('%s') both "
			    "name the %s: keep one of them, or rename the other\n",
			    t->path, t->header_line, (c < found ? c : found) + 1,
			    t->header[c < found ? c : found],
			    (c < found ? found : c) + 1,
			    t->header[c < found ? found : c], field);
			return 1;
		}
	}
	return 0;
}

/* "prévu", "annulé", "oui", "non": folded then compared. */
static int
word_in(const char *cell, const char *const *words)
{
	char *f = utf8_fold(cell);
	int found = 0;

	for (; *words && !found; words++)
		found = strcmp(f, *words) == 0;
	free(f);
	return found;
}

static const char *const st_planned[] = { "", "prevu", "prevue", "confirme", "confirmee", "planifie", NULL };
static const char *const st_cancel[] = { "annule", "annulee", "annulation", NULL };
static const char *const sms_no[] = { "non", "no", "n", "0", "refus", "refuse", NULL };
static const char *const sms_yes[] = { "", "oui", "yes", "o", "y", "1", NULL };

/* 1 if the cell is a word of one, 0 of zero, -1 of neither. */
static int
one_of(const char *cell, const char *const *one, const char *const *zero)
{
	return word_in(cell, one) ? 1 : word_in(cell, zero) ? 0 : -1;
}

/* A cell as it may appear in a message: escaped and cut (utf8_escape). */
static char *
shown(const char *cell)
{
	return utf8_escape(cell, 40);
}

static int
valid_id(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20)
			return 0;
	return 1;
}

/* Checks one row; reports its problems on errf; 0 if good. */
static int
check_row(const struct settings *s, const csv_table *t, const csv_row *r,
    const int *col, struct appt_in *a, FILE *errf)
{
	const char *path = t->path, *why;
	int bad = 0, y, m, d, h, mi;

	a->line = r->line;
	a->rdv_id = csv_cell(r, col[0]);
	a->msd = csv_cell(r, col[3]);
	a->place = csv_cell(r, col[5]);
	if (!valid_id(a->rdv_id)) {
		fprintf(errf, "%s:%d: rdv_id is empty or not a short identifier\n", path, r->line);
		bad = 1;
	}
	const char *ds = csv_cell(r, col[1]), *hs = csv_cell(r, col[2]);
	char *q;

	if (time_parse_date(ds, &y, &m, &d) < 0) {
		fprintf(errf, "%s:%d: date '%s' is not a date like 2026-12-03 or 03/12/2026\n",
		    path, r->line, q = shown(ds));
		free(q);
		bad = 1;
	}
	if (time_parse_hm(hs, &h, &mi) < 0) {
		fprintf(errf, "%s:%d: heure '%s' is not a time like 14:30, 14h30 or 9h\n",
		    path, r->line, q = shown(hs));
		free(q);
		bad = 1;
	}
	if (!bad)
		a->at = time_from_local(y, m, d, h, mi);
	if (settings_msd(s, a->msd) == NULL) {
		fprintf(errf, "%s:%d: msd '%s' is not a known MSD code (albertville, "
		    "avant-pays, aix, chambery, combe, maurienne, tarentaise, or a "
		    "[msd.CODE] of the config)\n", path, r->line, q = shown(a->msd));
		free(q);
		bad = 1;
	} else
		a->msd = settings_msd(s, a->msd)->code;	/* canonical case */
	const char *tel = csv_cell(r, col[4]);
	if (phone_normalize(tel, a->phone, sizeof a->phone, &a->kind, &why) < 0) {
		/* Never echo a full number into logs; the line is enough. */
		fprintf(errf, "%s:%d: telephone: %s\n", path, r->line, why);
		bad = 1;
	}
	const char *stat = csv_cell(r, col[6]), *sms = csv_cell(r, col[7]);
	if ((a->cancelled = one_of(stat, st_cancel, st_planned)) < 0) {
		fprintf(errf, "%s:%d: statut '%s' is neither 'prévu' nor 'annulé'\n",
		    path, r->line, q = shown(stat));
		free(q);
		bad = 1;
	}
	if ((a->refused = one_of(sms, sms_no, sms_yes)) < 0) {
		fprintf(errf, "%s:%d: sms '%s' is neither 'oui' nor 'non'\n",
		    path, r->line, q = shown(sms));
		free(q);
		bad = 1;
	}
	if (strlen(a->place) > 200) {
		fprintf(errf, "%s:%d: lieu is longer than 200 characters: an SMS "
		    "cannot carry it\n", path, r->line);
		bad = 1;
	}
	return bad ? -1 : 0;
}

enum { U_FIND, U_INSERT, U_UPDATE, U_QUEUE, U_LOG, U_N };
static const char *const upsert_sql[U_N] = {
	[U_FIND] = "SELECT id, at, phone, phone_kind, coalesce(place, ''), status, "
	    "sms_refused FROM appointment WHERE msd = ?1 AND rdv_id = ?2",
	[U_INSERT] = "INSERT INTO appointment (msd, rdv_id, at, phone, phone_kind, "
	    "place, status, sms_refused, imported_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
	[U_UPDATE] = "UPDATE appointment SET at = ?2, phone = ?3, phone_kind = ?4, "
	    "place = ?5, status = ?6, sms_refused = ?7, updated_at = ?8 "
	    "WHERE id = ?1",
	[U_QUEUE] = "INSERT OR REPLACE INTO plan_queue (appt_id, changed) "
	    "VALUES (?1, ?2)",
	[U_LOG] = "INSERT INTO import_log (file, at, rows, added, changed, cancelled) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};

/* Puts an appointment in the planner's queue. */
static int
queue(sqlite3_stmt *st, sqlite3_int64 id, int changed)
{
	int rc;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, changed);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc;
}

static int
write_rows(sqlite3 *db, const char *path, struct appt_in *v, size_t n,
    time_t now, struct import_stats *st, err_t *e)
{
	sqlite3_stmt *q[U_N] = { 0 };
	int rc = -1;

	if (db_exec(db, "BEGIN IMMEDIATE", e) < 0)
		return -1;
	for (int i = 0; i < U_N; i++)
		if ((q[i] = db_prepare(db, upsert_sql[i], e)) == NULL)
			goto out;
	for (size_t i = 0; i < n; i++) {
		struct appt_in *a = &v[i];
		const char *kind = a->kind == PHONE_MOBILE ? "mobile" : "landline";
		const char *status = a->cancelled ? "cancelled" : "planned";
		int step;

		if (a->at < now && !a->cancelled) {
			st->past++;	/* a past appointment needs no reminder */
			continue;
		}
		st->no_mobile += a->kind != PHONE_MOBILE;
		st->refused += a->refused;
		sqlite3_bind_text(q[U_FIND], 1, a->msd, -1, SQLITE_STATIC);
		sqlite3_bind_text(q[U_FIND], 2, a->rdv_id, -1, SQLITE_STATIC);
		step = sqlite3_step(q[U_FIND]);
		if (step == SQLITE_ROW) {
			sqlite3_int64 id = sqlite3_column_int64(q[U_FIND], 0);
			int same = sqlite3_column_int64(q[U_FIND], 1) == a->at &&
			    strcmp(db_text(q[U_FIND], 2), a->phone) == 0 &&
			    strcmp(db_text(q[U_FIND], 3), kind) == 0 &&
			    strcmp(db_text(q[U_FIND], 4), a->place) == 0 &&
			    strcmp(db_text(q[U_FIND], 5), status) == 0 &&
			    sqlite3_column_int(q[U_FIND], 6) == a->refused;
			int was_cancelled = strcmp(db_text(q[U_FIND], 5), "cancelled") == 0;

			sqlite3_reset(q[U_FIND]);
			if (same) {
				st->unchanged++;
				continue;
			}
			sqlite3_stmt *u = q[U_UPDATE];
			sqlite3_bind_int64(u, 1, id);
			sqlite3_bind_int64(u, 2, a->at);
			sqlite3_bind_text(u, 3, a->phone, -1, SQLITE_STATIC);
			sqlite3_bind_text(u, 4, kind, -1, SQLITE_STATIC);
			db_bind_text_or_null(u, 5, a->place);
			sqlite3_bind_text(u, 6, status, -1, SQLITE_STATIC);
			sqlite3_bind_int(u, 7, a->refused);
			sqlite3_bind_int64(u, 8, now);
			step = sqlite3_step(u);
			sqlite3_reset(u);
			if (step == SQLITE_DONE)
				step = queue(q[U_QUEUE], id, 1);
			if (a->cancelled && !was_cancelled)
				st->cancelled++;
			else
				st->changed++;
		} else if (step == SQLITE_DONE) {
			sqlite3_reset(q[U_FIND]);
			sqlite3_stmt *u = q[U_INSERT];
			sqlite3_bind_text(u, 1, a->msd, -1, SQLITE_STATIC);
			sqlite3_bind_text(u, 2, a->rdv_id, -1, SQLITE_STATIC);
			sqlite3_bind_int64(u, 3, a->at);
			sqlite3_bind_text(u, 4, a->phone, -1, SQLITE_STATIC);
			sqlite3_bind_text(u, 5, kind, -1, SQLITE_STATIC);
			db_bind_text_or_null(u, 6, a->place);
			sqlite3_bind_text(u, 7, status, -1, SQLITE_STATIC);
			sqlite3_bind_int(u, 8, a->refused);
			sqlite3_bind_int64(u, 9, now);
			step = sqlite3_step(u);
			sqlite3_reset(u);
			if (step == SQLITE_DONE)
				step = queue(q[U_QUEUE], sqlite3_last_insert_rowid(db), 0);
			if (a->cancelled)
				st->cancelled++;
			else
				st->added++;
		}
		if (step != SQLITE_DONE) {
			err_set(e, "%s:%d: cannot store the appointment: %s", path,
			    a->line, sqlite3_errmsg(db));
			goto out;
		}
	}
	sqlite3_bind_text(q[U_LOG], 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q[U_LOG], 2, now);
	sqlite3_bind_int64(q[U_LOG], 3, st->rows);
	sqlite3_bind_int64(q[U_LOG], 4, st->added);
	sqlite3_bind_int64(q[U_LOG], 5, st->changed);
	sqlite3_bind_int64(q[U_LOG], 6, st->cancelled);
	if (sqlite3_step(q[U_LOG]) != SQLITE_DONE) {
		err_set(e, "%s: cannot log the import: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	rc = 0;
out:
	for (int i = 0; i < U_N; i++)
		sqlite3_finalize(q[i]);
	if (rc == 0)
		rc = db_exec(db, "COMMIT", e);
	if (rc < 0)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Orders rows by (msd, rdv_id) to find duplicates in one pass. */
static int
cmp_key(const void *x, const void *y)
{
	const struct appt_in *a = *(struct appt_in *const *)x;
	const struct appt_in *b = *(struct appt_in *const *)y;
	int c = strcmp(a->msd, b->msd);

	return c ? c : strcmp(a->rdv_id, b->rdv_id);
}

int
import_file(sqlite3 *db, const struct settings *s, const char *path,
    time_t now, struct import_stats *st, FILE *errf)
{
	const char *const *cols[] = { col_rdv, col_date, col_heure, col_msd,
	    col_tel, col_lieu, col_statut, col_sms };
	static const char *const names[] = { "rdv_id", "date", "heure", "msd",
	    "telephone" };
	csv_table t;
	err_t e;
	int col[8], bad = 0, rc;
	struct appt_in *v;

	memset(st, 0, sizeof *st);
	if (csv_load(path, (size_t)s->import_max_mb << 20, &t, &e) < 0) {
		fprintf(errf, "%s\n", e.msg);
		return 2;
	}
	path = t.path;		/* "stdin" for "-" */
	for (int i = 0; i < 8; i++) {
		col[i] = find_col(&t, cols[i]);
		if (col[i] >= 0 && two_cols(&t, cols[i], col[i], errf))
			bad = 1;
	}
	for (int i = 0; i < 5; i++) {
		if (col[i] < 0) {
			fprintf(errf, "%s:%d: no '%s' column: the header must name "
			    "rdv_id, date, heure, msd and telephone\n", path,
			    t.header_line, names[i]);
			bad = 1;
		}
	}
	if (bad) {
		csv_table_free(&t);
		return 2;
	}
	v = xcalloc(t.nrows, sizeof *v);
	for (size_t i = 0; i < t.nrows; i++)
		if (check_row(s, &t, &t.rows[i], col, &v[i], errf) < 0)
			bad++;
	if (!bad && t.nrows > 1) {
		struct appt_in **sorted = xcalloc(t.nrows, sizeof *sorted);

		for (size_t i = 0; i < t.nrows; i++)
			sorted[i] = &v[i];
		qsort(sorted, t.nrows, sizeof *sorted, cmp_key);
		for (size_t i = 1; i < t.nrows; i++) {
			if (cmp_key(&sorted[i - 1], &sorted[i]) == 0) {
				const struct appt_in *a = sorted[i - 1], *b = sorted[i];
				const struct appt_in *later = a->line > b->line ? a : b;
				const struct appt_in *first = a->line > b->line ? b : a;

				char *q = shown(later->rdv_id);

				fprintf(errf, "%s:%d: rdv_id '%s' of MSD %s is already on line %d\n",
				    path, later->line, q, later->msd, first->line);
				free(q);
				bad++;
			}
		}
		free(sorted);
	}
	if (bad) {
		fprintf(errf, "%s: %d bad row%s: nothing imported (fix %s and import "
		    "the whole file again)\n", path, bad, bad > 1 ? "s" : "",
		    bad > 1 ? "them" : "it");
		rc = 2;
	} else {
		st->rows = (long)t.nrows;
		rc = write_rows(db, path, v, t.nrows, now, st, &e) < 0 ? 1 : 0;
		if (rc)
			fprintf(errf, "%s\n", e.msg);
	}
	free(v);
	csv_table_free(&t);
	return rc;
}
