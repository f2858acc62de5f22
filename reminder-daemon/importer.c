#include "importer.h"
#include "csvread.h"
#include "db.h"
#include "followup.h"
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
	const char *outcome;	/* "absent", "venu" or NULL */
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
find_col(const csv_head *h, const char *const *names)
{
	for (; *names; names++) {
		int c = csv_head_col(h, *names);

		if (c >= 0)
			return c;
	}
	return -1;
}

/* Two columns for one field ("telephone" and "portable": a landline and a
 * mobile?): which one holds the number cannot be guessed.  (Two columns
 * of the same name the CSV reader refuses.)  1 if so, reported. */
static int
two_cols(const csv_head *h, const char *const *names, int found, FILE *errf)
{
	const char *field = names[0];

	for (; *names; names++) {
		int c = csv_head_col(h, *names);

		if (c >= 0 && c != found) {
			fprintf(errf, "%s:%d: columns %d ('%s') and %d ('%s') both "
			    "name the %s: keep one of them, or rename the other\n",
			    h->path, h->header_line, (c < found ? c : found) + 1,
			    h->header[c < found ? c : found],
			    (c < found ? found : c) + 1,
			    h->header[c < found ? found : c], field);
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
/* What the agenda says happened, on a re-import after the appointment. */
/* utf8_fold() joins words with "_": "non venu" is "non_venu". */
static const char *const st_absent[] = { "absent", "absente", "non_venu", "non_venue", "non_honore", "non_presente", NULL };
static const char *const st_venu[] = { "venu", "venue", "present", "presente", "honore", NULL };
static const char *const sms_no[] = { "non", "no", "n", "0", "refus", "refuse", NULL };
static const char *const sms_yes[] = { "", "oui", "yes", "o", "y", "1", NULL };

/*
 * What a row's checks would do again and again: an agenda repeats its
 * few words ("prévu") and its slots (mktime() alone costs as much as the
 * rest of a row's checks), so the last answers are remembered.
 */
struct word_memo {
	char cell[32];		/* the last cell, as given */
	int answer;		/* one_of()'s answer for it; unset if cell[0] = 1 */
};
enum { AT_SLOTS = 4096 };
struct row_memo {
	struct word_memo statut, sms;
	struct { long long key; time_t at; } at[AT_SLOTS];
};

static void
memo_init(struct row_memo *m)
{
	m->statut.cell[0] = m->sms.cell[0] = 1;
	for (int i = 0; i < AT_SLOTS; i++)
		m->at[i].key = -1;
}

/* 1 if the cell is a word of one, 0 of zero, -1 of neither. */
static int
one_of(struct word_memo *m, const char *cell, const char *const *one,
    const char *const *zero)
{
	size_t n = strlen(cell);

	if (n < sizeof m->cell && memcmp(m->cell, cell, n + 1) == 0)
		return m->answer;
	m->answer = word_in(cell, one) ? 1 : word_in(cell, zero) ? 0 : -1;
	if (n < sizeof m->cell)
		memcpy(m->cell, cell, n + 1);
	return m->answer;
}

/* time_from_local(), remembered. */
static time_t
local_time(struct row_memo *m, int y, int mo, int d, int h, int mi)
{
	long long key = ((((long long)y * 13 + mo) * 32 + d) * 24 + h) * 60 + mi;
	unsigned slot = (unsigned)(key % AT_SLOTS);

	if (m->at[slot].key != key) {
		m->at[slot].key = key;
		m->at[slot].at = time_from_local(y, mo, d, h, mi);
	}
	return m->at[slot].at;
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
check_row(const struct settings *s, const char *path, const csv_row *r,
    const int *col, struct row_memo *memo, struct appt_in *a, FILE *errf)
{
	const char *why;
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
		a->at = local_time(memo, y, m, d, h, mi);
	const struct msd_conf *msd = settings_msd(s, a->msd);

	if (msd == NULL) {
		fprintf(errf, "%s:%d: msd '%s' is not a known MSD code (albertville, "
		    "avant-pays, aix, chambery, combe, maurienne, tarentaise, or a "
		    "[msd.CODE] of the config)\n", path, r->line, q = shown(a->msd));
		free(q);
		bad = 1;
	} else
		a->msd = msd->code;	/* canonical case */
	const char *tel = csv_cell(r, col[4]);
	if (phone_normalize(tel, a->phone, sizeof a->phone, &a->kind, &why) < 0) {
		/* Never echo a full number into logs; the line is enough. */
		fprintf(errf, "%s:%d: telephone: %s\n", path, r->line, why);
		bad = 1;
	}
	const char *stat = csv_cell(r, col[6]), *sms = csv_cell(r, col[7]);
	a->outcome = NULL;
	if ((a->cancelled = one_of(&memo->statut, stat, st_cancel, st_planned)) < 0) {
		a->cancelled = 0;
		if (word_in(stat, st_absent))
			a->outcome = "absent";
		else if (word_in(stat, st_venu))
			a->outcome = "venu";
		else {
			fprintf(errf, "%s:%d: statut '%s' is none of 'prévu', "
			    "'annulé', 'absent', 'venu'\n", path, r->line,
			    q = shown(stat));
			free(q);
			bad = 1;
		}
	}
	if ((a->refused = one_of(&memo->sms, sms, sms_no, sms_yes)) < 0) {
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

/*
 * The file is read once, row by row, and each good row written at once,
 * in one transaction: memory stays that of a row whatever the file's size.
 * A bad row is reported and the reading goes on, so that every bad row
 * is named; one bad row and the transaction is rolled back at the end.
 * A key given twice is found through the database, and the line that
 * gave it first kept there, in SQLite's temporary store (on disk):
 *  - an appointment this import adds has an id from first_new on, given
 *    in order, so its line is its rank plus an offset that changes only
 *    where rows are skipped: temp.import_lines holds those changes, one
 *    row for a file of new appointments, instead of one per row;
 *  - temp.import_seen holds the line of every other appointment the file
 *    names (already there), and temp.import_past that of past rows with
 *    no appointment (nothing is written for them).
 */
enum { U_INSERT, U_FIND, U_UPDATE, U_QUEUE, U_LOG, U_SEEN, U_SEEN_LINE,
	U_PAST, U_PAST_LINE, U_LINES, U_LINES_AT, U_FIRST_NEW, U_OUTCOME, U_N };
static const char *const upsert_sql[U_N] = {
	[U_INSERT] = "INSERT INTO appointment (msd, rdv_id, at, phone, phone_kind, "
	    "place, status, sms_refused, imported_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) "
	    "ON CONFLICT (msd, rdv_id) DO NOTHING",
	[U_FIND] = "SELECT id, at, phone, phone_kind, coalesce(place, ''), status, "
	    "sms_refused FROM appointment WHERE msd = ?1 AND rdv_id = ?2",
	[U_UPDATE] = "UPDATE appointment SET at = ?2, phone = ?3, phone_kind = ?4, "
	    "place = ?5, status = ?6, sms_refused = ?7, updated_at = ?8 "
	    "WHERE id = ?1",
	[U_QUEUE] = "INSERT OR REPLACE INTO plan_queue (appt_id, changed) "
	    "VALUES (?1, ?2)",
	[U_LOG] = "INSERT INTO import_log (file, at, rows, added, changed, cancelled) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[U_SEEN] = "INSERT INTO temp.import_seen (id, line) VALUES (?1, ?2) "
	    "ON CONFLICT (id) DO NOTHING",
	[U_SEEN_LINE] = "SELECT line FROM temp.import_seen WHERE id = ?1",
	[U_PAST] = "INSERT INTO temp.import_past (msd, rdv_id, line) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT (msd, rdv_id) DO NOTHING",
	[U_PAST_LINE] = "SELECT line FROM temp.import_past "
	    "WHERE msd = ?1 AND rdv_id = ?2",
	[U_LINES] = "INSERT INTO temp.import_lines (rank, off) VALUES (?1, ?2)",
	[U_LINES_AT] = "SELECT ?1 + off FROM temp.import_lines WHERE rank <= ?1 "
	    "ORDER BY rank DESC LIMIT 1",
	[U_FIRST_NEW] = "SELECT coalesce(max(id), 0) + 1 FROM appointment",
	/* absent/venu: what happened, recorded on the appointment (it is
	 * usually past, and a past row is otherwise not written). */
	[U_OUTCOME] = "UPDATE appointment SET outcome = ?3, updated_at = ?4 "
	    "WHERE msd = ?1 AND rdv_id = ?2 AND outcome IS NOT ?3",
};
static const char temp_tables[] =
    "CREATE TEMP TABLE import_seen (id INTEGER PRIMARY KEY, "
    "line INTEGER NOT NULL);"
    "CREATE TEMP TABLE import_past (msd TEXT, rdv_id TEXT, "
    "line INTEGER NOT NULL, PRIMARY KEY (msd, rdv_id)) WITHOUT ROWID;"
    "CREATE TEMP TABLE import_lines (rank INTEGER PRIMARY KEY, "
    "off INTEGER NOT NULL)";
static const char drop_temp[] =
    "DROP TABLE IF EXISTS temp.import_seen;"
    "DROP TABLE IF EXISTS temp.import_past;"
    "DROP TABLE IF EXISTS temp.import_lines";

struct import {
	sqlite3 *db;
	const struct settings *s;
	time_t now;
	struct import_stats *st;
	FILE *errf;
	const char *path;	/* as in messages: "stdin" for "-" */
	int col[8];
	int begun;		/* the transaction is open */
	int failed;		/* 1: runtime failure, 2: bad input; reported */
	long bad;		/* bad rows */
	long npast;		/* rows in temp.import_past */
	sqlite3_int64 first_new;	/* id of the first appointment added */
	sqlite3_int64 nranked;	/* added with ids in order from first_new */
	sqlite3_int64 off;	/* line - rank of the last of them */
	int unranked;		/* an id out of order: the rest go to import_seen */
	struct row_memo memo;
	sqlite3_stmt *q[U_N];
};

/* Runs a statement that returns nothing; sqlite3_step's code. */
static int
step_reset(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc;
}

/* The line an earlier row of the file gave for this appointment or key,
 * or 0.  Selected by a statement bound by the caller. */
static int
line_of(sqlite3_stmt *st)
{
	int line = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;

	sqlite3_reset(st);
	return line;
}

static void
duplicate(struct import *im, const struct appt_in *a, int first)
{
	char *q = shown(a->rdv_id);

	fprintf(im->errf, "%s:%d: rdv_id '%s' of MSD %s is already on line %d\n",
	    im->path, a->line, q, a->msd, first);
	free(q);
	im->bad++;
}

/* Records that this import has met appointment id on a's line; 0 if it
 * had not, else the line it had (a duplicate, reported), -1 on error. */
static int
met(struct import *im, sqlite3_int64 id, const struct appt_in *a)
{
	sqlite3_stmt *ins = im->q[U_SEEN], *sel;
	int first;

	if (id >= im->first_new && id < im->first_new + im->nranked) {
		sel = im->q[U_LINES_AT];
		sqlite3_bind_int64(sel, 1, id - im->first_new);
	} else {
		sqlite3_bind_int64(ins, 1, id);
		sqlite3_bind_int(ins, 2, a->line);
		if (step_reset(ins) != SQLITE_DONE)
			return -1;
		if (sqlite3_changes(im->db) > 0)
			return 0;
		sel = im->q[U_SEEN_LINE];
		sqlite3_bind_int64(sel, 1, id);
	}
	if ((first = line_of(sel)) <= 0)
		return -1;
	duplicate(im, a, first);
	return first;
}

/* Remembers the line of an appointment just added. */
static int
added(struct import *im, sqlite3_int64 id, const struct appt_in *a)
{
	sqlite3_stmt *l = im->q[U_LINES];

	if (im->unranked || id != im->first_new + im->nranked) {
		im->unranked = 1;
		return met(im, id, a) == 0 ? 0 : -1;
	}
	if (im->nranked == 0 || a->line - im->nranked != im->off) {
		im->off = a->line - im->nranked;
		sqlite3_bind_int64(l, 1, im->nranked);
		sqlite3_bind_int64(l, 2, im->off);
		if (step_reset(l) != SQLITE_DONE)
			return -1;
	}
	im->nranked++;
	return 0;
}

/* Records absent/venu after the row is stored, and what it changes: a
 * newly absent appointment gets its relance, planned in this transaction
 * (so that the import and its relance are committed together or not at
 * all); a newly venu one loses a relance still to send.  The same
 * outcome again changes nothing.  0 or -1. */
static int
set_outcome(struct import *im, const struct appt_in *a)
{
	sqlite3_stmt *u = im->q[U_OUTCOME];
	err_t e;
	int n;

	sqlite3_bind_text(u, 1, a->msd, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 2, a->rdv_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 3, a->outcome, -1, SQLITE_STATIC);
	sqlite3_bind_int64(u, 4, im->now);
	if (step_reset(u) != SQLITE_DONE)
		return -1;
	if (sqlite3_changes(im->db) == 0)
		return 0;
	if (strcmp(a->outcome, "absent") == 0)
		n = followup_absent(im->db, im->s, a->msd, a->rdv_id, im->now, &e);
	else
		n = followup_came(im->db, a->msd, a->rdv_id, im->now, &e);
	if (n > 0 && strcmp(a->outcome, "absent") == 0)
		im->st->relances++;
	return n < 0 ? -1 : 0;
}

/* A past row: nothing is written, but its key is remembered.  0, 1 if a
 * duplicate (reported), -1 on error. */
static int
store_past(struct import *im, const struct appt_in *a)
{
	sqlite3_stmt *f = im->q[U_FIND], *p = im->q[U_PAST];
	int step, first;

	im->st->past++;
	sqlite3_bind_text(f, 1, a->msd, -1, SQLITE_STATIC);
	sqlite3_bind_text(f, 2, a->rdv_id, -1, SQLITE_STATIC);
	step = sqlite3_step(f);
	if (step == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(f, 0);

		sqlite3_reset(f);
		first = met(im, id, a);
		return first < 0 ? -1 : first > 0;
	}
	sqlite3_reset(f);
	if (step != SQLITE_DONE)
		return -1;
	sqlite3_bind_text(p, 1, a->msd, -1, SQLITE_STATIC);
	sqlite3_bind_text(p, 2, a->rdv_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(p, 3, a->line);
	if (step_reset(p) != SQLITE_DONE)
		return -1;
	if (sqlite3_changes(im->db) > 0) {
		im->npast++;
		return 0;
	}
	p = im->q[U_PAST_LINE];
	sqlite3_bind_text(p, 1, a->msd, -1, SQLITE_STATIC);
	sqlite3_bind_text(p, 2, a->rdv_id, -1, SQLITE_STATIC);
	duplicate(im, a, line_of(p));
	return 1;
}

/* The appointment's fields, in the order U_INSERT and U_UPDATE both list
 * them (at, phone, kind, place, status, refused, this import's time), from
 * parameter `from` on. */
static void
bind_fields(sqlite3_stmt *q, int from, const struct import *im,
    const struct appt_in *a, const char *kind, const char *status)
{
	sqlite3_bind_int64(q, from, a->at);
	sqlite3_bind_text(q, from + 1, a->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, from + 2, kind, -1, SQLITE_STATIC);
	/* Not db_bind_text_or_null(), which copies: the cell outlives the
	 * step, and a copy a row was 1.4% of an import. */
	if (*a->place == '\0')
		sqlite3_bind_null(q, from + 3);
	else
		sqlite3_bind_text(q, from + 3, a->place, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, from + 4, status, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, from + 5, a->refused);
	sqlite3_bind_int64(q, from + 6, im->now);
}
/* An appointment that is already there: changed, or not.  0, 1 if a
 * duplicate (reported), -1 on error. */
static int
store_existing(struct import *im, const struct appt_in *a, const char *kind,
    const char *status)
{
	sqlite3_stmt *f = im->q[U_FIND], *u = im->q[U_UPDATE];
	struct import_stats *st = im->st;
	sqlite3_int64 id;
	int same, was_cancelled, first;

	sqlite3_bind_text(f, 1, a->msd, -1, SQLITE_STATIC);
	sqlite3_bind_text(f, 2, a->rdv_id, -1, SQLITE_STATIC);
	if (sqlite3_step(f) != SQLITE_ROW) {
		sqlite3_reset(f);
		return -1;
	}
	id = sqlite3_column_int64(f, 0);
	same = sqlite3_column_int64(f, 1) == a->at &&
	    strcmp(db_text(f, 2), a->phone) == 0 &&
	    strcmp(db_text(f, 3), kind) == 0 &&
	    strcmp(db_text(f, 4), a->place) == 0 &&
	    strcmp(db_text(f, 5), status) == 0 &&
	    sqlite3_column_int(f, 6) == a->refused;
	was_cancelled = strcmp(db_text(f, 5), "cancelled") == 0;
	sqlite3_reset(f);
	if ((first = met(im, id, a)) != 0)
		return first < 0 ? -1 : 1;
	if (same) {
		st->unchanged++;
		return 0;
	}
	sqlite3_bind_int64(u, 1, id);
	bind_fields(u, 2, im, a, kind, status);
	if (step_reset(u) != SQLITE_DONE)
		return -1;
	sqlite3_bind_int64(im->q[U_QUEUE], 1, id);
	sqlite3_bind_int(im->q[U_QUEUE], 2, 1);
	if (step_reset(im->q[U_QUEUE]) != SQLITE_DONE)
		return -1;
	if (a->cancelled && !was_cancelled)
		st->cancelled++;
	else
		st->changed++;
	return 0;
}

/* Writes one good row.  0, 1 if a duplicate (reported), -1 on error. */
static int
store(struct import *im, const struct appt_in *a)
{
	sqlite3_stmt *u = im->q[U_INSERT];
	struct import_stats *st = im->st;
	const char *kind = a->kind == PHONE_MOBILE ? "mobile" : "landline";
	const char *status = a->cancelled ? "cancelled" : "planned";
	sqlite3_int64 id;
	int first;

	if (a->at < im->now && !a->cancelled)
		return store_past(im, a);	/* it needs no reminder */
	if (im->npast > 0) {
		sqlite3_stmt *p = im->q[U_PAST_LINE];

		sqlite3_bind_text(p, 1, a->msd, -1, SQLITE_STATIC);
		sqlite3_bind_text(p, 2, a->rdv_id, -1, SQLITE_STATIC);
		if ((first = line_of(p)) > 0) {
			duplicate(im, a, first);
			return 1;
		}
	}
	st->no_mobile += a->kind != PHONE_MOBILE;
	st->refused += a->refused;
	/* Inserted first, looked up only if there: in a new agenda most
	 * rows are new, and the lookup would cost as much as the insert. */
	sqlite3_bind_text(u, 1, a->msd, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 2, a->rdv_id, -1, SQLITE_STATIC);
	bind_fields(u, 3, im, a, kind, status);
	if (step_reset(u) != SQLITE_DONE)
		return -1;
	if (sqlite3_changes(im->db) == 0)
		return store_existing(im, a, kind, status);
	id = sqlite3_last_insert_rowid(im->db);
	if (added(im, id, a) < 0)
		return -1;
	sqlite3_bind_int64(im->q[U_QUEUE], 1, id);
	sqlite3_bind_int(im->q[U_QUEUE], 2, 0);
	if (step_reset(im->q[U_QUEUE]) != SQLITE_DONE)
		return -1;
	if (a->cancelled)
		st->cancelled++;
	else
		st->added++;
	return 0;
}

static int
on_header(void *arg, const csv_head *h, err_t *e)
{
	static const char *const *const cols[] = { col_rdv, col_date, col_heure,
	    col_msd, col_tel, col_lieu, col_statut, col_sms };
	static const char *const names[] = { "rdv_id", "date", "heure", "msd",
	    "telephone" };
	struct import *im = arg;
	int bad = 0;

	for (int i = 0; i < 8; i++) {
		im->col[i] = find_col(h, cols[i]);
		if (im->col[i] >= 0 && two_cols(h, cols[i], im->col[i], im->errf))
			bad = 1;
	}
	for (int i = 0; i < 5; i++) {
		if (im->col[i] < 0) {
			fprintf(im->errf, "%s:%d: no '%s' column: the header must "
			    "name rdv_id, date, heure, msd and telephone\n", h->path,
			    h->header_line, names[i]);
			bad = 1;
		}
	}
	if (bad) {
		im->failed = 2;
		return err_set(e, "%s: bad header", h->path);
	}
	if (db_exec(im->db, "BEGIN IMMEDIATE", e) < 0)
		goto fail;
	im->begun = 1;
	if (db_exec(im->db, temp_tables, e) < 0)
		goto fail;
	for (int i = 0; i < U_N; i++)
		if ((im->q[i] = db_prepare(im->db, upsert_sql[i], e)) == NULL)
			goto fail;
	if (sqlite3_step(im->q[U_FIRST_NEW]) != SQLITE_ROW) {
		err_set(e, "%s: cannot read the appointments: %s", h->path,
		    sqlite3_errmsg(im->db));
		goto fail;
	}
	im->first_new = sqlite3_column_int64(im->q[U_FIRST_NEW], 0);
	sqlite3_reset(im->q[U_FIRST_NEW]);
	return 0;
fail:
	fprintf(im->errf, "%s\n", e->msg);
	im->failed = 1;
	return -1;
}

static int
on_row(void *arg, const csv_head *h, const csv_row *r, err_t *e)
{
	struct import *im = arg;
	struct appt_in a;

	im->st->rows++;
	if (r->nhidden > 0) {
		fputs(r->hidden, im->errf);
		im->bad++;
		return 0;
	}
	if (check_row(im->s, h->path, r, im->col, &im->memo, &a, im->errf) < 0) {
		im->bad++;
		return 0;
	}
	if (store(im, &a) >= 0 && (a.outcome == NULL || set_outcome(im, &a) == 0))
		return 0;
	err_set(e, "%s:%d: cannot store the appointment: %s", h->path, a.line,
	    sqlite3_errmsg(im->db));
	fprintf(im->errf, "%s\n", e->msg);
	im->failed = 1;
	return -1;
}

/* The transaction's end: the import logged and committed, or nothing. */
static int
finish(struct import *im, int ok, err_t *e)
{
	struct import_stats *st = im->st;
	sqlite3_stmt *l = im->q[U_LOG];
	int rc = -1;

	if (ok) {
		sqlite3_bind_text(l, 1, im->path, -1, SQLITE_STATIC);
		sqlite3_bind_int64(l, 2, im->now);
		sqlite3_bind_int64(l, 3, st->rows);
		sqlite3_bind_int64(l, 4, st->added);
		sqlite3_bind_int64(l, 5, st->changed);
		sqlite3_bind_int64(l, 6, st->cancelled);
		if (step_reset(l) != SQLITE_DONE)
			err_set(e, "%s: cannot log the import: %s", im->path,
			    sqlite3_errmsg(im->db));
		else
			rc = 0;
	}
	for (int i = 0; i < U_N; i++)
		sqlite3_finalize(im->q[i]);
	if (rc == 0)
		rc = db_exec(im->db, "COMMIT", e);
	if (rc < 0)
		sqlite3_exec(im->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_exec(im->db, drop_temp, NULL, NULL, NULL);
	return rc;
}

int
import_file(sqlite3 *db, const struct settings *s, const char *path,
    time_t now, struct import_stats *st, FILE *errf)
{
	struct import im = { .db = db, .s = s, .now = now, .st = st,
	    .errf = errf, .path = strcmp(path, "-") == 0 ? "stdin" : path };
	csv_sink sink = { on_header, on_row, &im };
	err_t e;
	int read_ok;

	memset(st, 0, sizeof *st);
	memo_init(&im.memo);
	read_ok = csv_stream(path, (size_t)s->import_max_mb << 20, &sink, &e) == 0;
	if (!read_ok && im.failed == 0) {
		fprintf(errf, "%s\n", e.msg);	/* the reader's own message */
		im.failed = 2;
	}
	if (im.failed != 1 && im.bad > 0) {
		fprintf(errf, "%s: %ld bad row%s: nothing imported (fix %s and "
		    "import the whole file again)\n", im.path, im.bad,
		    im.bad > 1 ? "s" : "", im.bad > 1 ? "them" : "it");
		im.failed = 2;
	}
	if (im.begun && finish(&im, im.failed == 0, &e) < 0 && im.failed == 0) {
		fprintf(errf, "%s\n", e.msg);
		im.failed = 1;
	}
	return im.failed;
}
