/*
 * pack.c - reads a content pack whole into memory (see pack.h).
 *
 * The pack may come from a download or a USB stick, so it is distrusted
 * before anything is read: the file must start like a SQLite database,
 * carry our schema version, pass quick_check (a truncated or damaged
 * file fails there instead of half-loading) and foreign_key_check.  Every
 * failure says "content pack PATH: what (rebuild it with ...)".
 *
 * A pack is data, never code: a view, a trigger or a virtual table is
 * refused before any row is read (a recursive view hung pack_open, the
 * sync's check and `sheet`), SQLite runs in its defensive mode with an
 * untrusted schema (db_open_ro), every statement runs under a time bound
 * (a progress handler), and no value may be longer than
 * content_limits.h says.
 */
#include "content/pack.h"
#include "content/content_limits.h"
#include "db.h"
#include "strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define REBUILD "(rebuild it with `msd-kiosk content build`)"

/* The longest value SQLite hands over (16 MB), far above
 * CONTENT_MAX_BODY: a hostile pack cannot make pack_open hold a 1 GB
 * string. */
#define PACK_VALUE_MAX		(16 << 20)
#define PACK_VALUE_MAX_TEXT	"16777216"

static int
fail(err_t *e, const char *path, const char *what)
{
	return err_set(e, "content pack %s: %s " REBUILD, path, what);
}

/* SQLite's last error on db, as a failure of the pack. */
static int
damaged(err_t *e, const char *path, sqlite3 *db)
{
	char what[512];

	snprintf(what, sizeof what, "is damaged: %s", sqlite3_errmsg(db));
	return fail(e, path, what);
}

/* The file exists, is a regular non-empty file and starts like SQLite:
 * said before SQLite says "file is not a database". */
static int
check_file(const char *path, err_t *e)
{
	static const char magic[16] = "SQLite format 3";
	unsigned char head[100];
	unsigned long psize, npages;
	struct stat sb;
	FILE *f;
	size_t n;

	if (stat(path, &sb) < 0) {
		err_set(e, "content pack %s: cannot open it: %s " REBUILD, path,
		    strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode))
		return fail(e, path, "is not a regular file");
	if (sb.st_size == 0)
		return fail(e, path, "is empty");
	f = fopen(path, "rb");
	if (f == NULL) {
		err_set(e, "content pack %s: cannot read it: %s", path,
		    strerror(errno));
		return -1;
	}
	n = fread(head, 1, sizeof head, f);
	fclose(f);
	if (n < sizeof head || memcmp(head, magic, sizeof magic) != 0)
		return fail(e, path, "is not a content pack (not a SQLite file)");
	/* The header says how big the file is (when its "valid-for" counter
	 * matches the change counter): a copy cut short is caught here. */
	psize = (unsigned long)head[16] << 8 | head[17];
	if (psize == 1)
		psize = 65536;
	npages = (unsigned long)head[28] << 24 | (unsigned long)head[29] << 16 |
	    (unsigned long)head[30] << 8 | head[31];
	if (psize < 512 || (psize & (psize - 1)) != 0 ||
	    (unsigned long long)sb.st_size % psize != 0)
		return fail(e, path, "is truncated or damaged (its size is not "
		    "a whole number of database pages)");
	if (memcmp(head + 24, head + 92, 4) == 0 && npages > 0 &&
	    (unsigned long long)npages * psize != (unsigned long long)sb.st_size)
		return fail(e, path, "is truncated or damaged (shorter or longer "
		    "than its header says)");
	return 0;
}

/* Views, triggers and virtual tables (a "table" with no page of its own)
 * run code when read or written: refused by name. */
static int
check_schema(sqlite3 *db, const char *path, err_t *e)
{
	sqlite3_stmt *st;
	char what[512];
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT type, name FROM sqlite_master "
	    "WHERE type NOT IN ('table', 'index') OR rootpage = 0 "
	    "OR rootpage IS NULL ORDER BY type, name", -1, &st, NULL) !=
	    SQLITE_OK)
		return damaged(e, path, db);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *type = db_text(st, 0);

		snprintf(what, sizeof what, "holds %s %s '%.100s': a pack holds "
		    "data, never code", strcmp(type, "table") == 0 ?
		    "a virtual" : "a", type, db_text(st, 1));
		sqlite3_finalize(st);
		return fail(e, path, what);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return damaged(e, path, db);
	return 0;
}

/* The time bound: pack_open_within() gives up when it passes.  A pack of
 * a few hundred rows reads in milliseconds; a pack near the sync's 64 MB
 * bound passes quick_check in a few seconds on a small kiosk. */
struct deadline {
	struct timespec end;
	int expired;
};

static int
on_progress(void *arg)
{
	struct deadline *d = arg;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > d->end.tv_sec || (now.tv_sec == d->end.tv_sec &&
	    now.tv_nsec >= d->end.tv_nsec))
		d->expired = 1;
	return d->expired;
}

/* PRAGMA quick_check, then foreign_key_check: both must find nothing. */
static int
check_db(sqlite3 *db, const char *path, err_t *e)
{
	sqlite3_stmt *st;
	char what[512];
	int rc;

	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) !=
	    SQLITE_OK)
		return damaged(e, path, db);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW || strcmp(db_text(st, 0), "ok") != 0) {
		const char *m = rc == SQLITE_ROW ? db_text(st, 0) :
		    sqlite3_errmsg(db);

		/* quick_check lists every bad cell: the first says enough. */
		if (strncmp(m, "*** in database main ***\n", 25) == 0)
			m += 25;
		snprintf(what, sizeof what, "is truncated or damaged: %.*s",
		    (int)strcspn(m, "\n"), m);
		sqlite3_finalize(st);
		return fail(e, path, what);
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL) !=
	    SQLITE_OK)
		return damaged(e, path, db);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(what, sizeof what, "is inconsistent: table %s refers to "
		    "a missing %s", db_text(st, 0), db_text(st, 2));
		sqlite3_finalize(st);
		return fail(e, path, what);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return damaged(e, path, db);
	return 0;
}

/* Rows of one query, each handed to a reader that copies its columns. */
typedef void (*row_fn)(pack *p, sqlite3_stmt *st, size_t i);

/* A column longer than its limit (content_limits.h): the row's first
 * column names it in the message.  0 if every column fits. */
static int
too_long(sqlite3_stmt *st, const char *path, const char *table,
    const int *limit, err_t *e)
{
	for (int i = 0; limit[i] > 0; i++) {
		int len = sqlite3_column_bytes(st, i);
		char what[512];

		if (len <= limit[i])
			continue;
		snprintf(what, sizeof what, "%s '%.40s': %s is %d bytes long, "
		    "at most %d", table, i == 0 ? "(too long)" : db_text(st, 0),
		    sqlite3_column_name(st, i), len, limit[i]);
		return fail(e, path, what);
	}
	return 0;
}

/* limit: the longest value of each column of sql, in order, then 0. */
static int
read_rows(sqlite3 *db, pack *p, const char *path, const char *sql,
    const char *table, const int *limit, void **arr, size_t *n, size_t size, row_fn fn,
    err_t *e)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		char what[512];

		/* A missing table or column: a pack of another make. */
		snprintf(what, sizeof what, "is not a content pack of schema "
		    "version %d: %s", PACK_SCHEMA_VERSION, sqlite3_errmsg(db));
		return fail(e, path, what);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (too_long(st, path, table, limit, e) < 0) {
			sqlite3_finalize(st);
			return -1;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*arr = xrealloc(*arr, cap * size);
		}
		memset((char *)*arr + *n * size, 0, size);
		fn(p, st, *n);
		(*n)++;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_TOOBIG)
		return fail(e, path, "holds a value longer than "
		    PACK_VALUE_MAX_TEXT " bytes");
	if (rc != SQLITE_DONE)
		return damaged(e, path, db);
	return 0;
}

static char *
col(sqlite3_stmt *st, int i)
{
	return xstrdup(db_text(st, i));
}

/* "a|b|c" (or "a\nb") into a new array. */
static char **
split(const char *s, char sep, size_t *n)
{
	char **v = NULL;

	*n = 0;
	while (*s) {
		const char *e = strchr(s, sep);
		size_t l = e ? (size_t)(e - s) : strlen(s);

		if (l > 0) {
			v = xrealloc(v, (*n + 1) * sizeof *v);
			v[(*n)++] = xstrndup(s, l);
		}
		s += l + (e != NULL);
	}
	return v;
}

static void
row_picto(pack *p, sqlite3_stmt *st, size_t i)
{
	pack_picto *x = &p->pictos[i];

	x->name = col(st, 0);
	x->codepoint = (uint32_t)sqlite3_column_int64(st, 1);
	x->label = col(st, 2);
}

static void
row_msd(pack *p, sqlite3_stmt *st, size_t i)
{
	pack_msd *x = &p->msds[i];

	x->code = col(st, 0);
	x->name = col(st, 1);
	x->territory = col(st, 2);
	x->address = col(st, 3);
	x->phone = col(st, 4);
	x->hours = col(st, 5);
	x->source = col(st, 6);
}

static void
row_theme(pack *p, sqlite3_stmt *st, size_t i)
{
	pack_theme *x = &p->themes[i];

	x->id = col(st, 0);
	x->title = col(st, 1);
	x->picto = col(st, 2);
	x->summary = col(st, 3);
}

static void
row_page(pack *p, sqlite3_stmt *st, size_t i)
{
	pack_page *x = &p->pages[i];

	x->id = col(st, 0);
	x->title = col(st, 1);
	x->picto = col(st, 2);
	x->reviewed_on = col(st, 3);
	x->sources = col(st, 4);
	x->body = col(st, 5);
}

static void
row_offer(pack *p, sqlite3_stmt *st, size_t i)
{
	pack_offer *x = &p->offers[i];

	x->id = col(st, 0);
	x->theme = col(st, 1);
	x->title = col(st, 2);
	x->summary = col(st, 3);
	x->for_whom = col(st, 4);
	x->cost = col(st, 5);
	x->how = col(st, 6);
	x->contact = col(st, 7);
	x->qr = col(st, 8);
	x->picto = col(st, 9);
	x->reviewed_on = col(st, 10);
	x->source = col(st, 11);
	x->body = col(st, 12);
	/* The MSD codes, ' '-joined by the query. */
	x->msds = split(db_text(st, 13), ' ', &x->nmsds);
}

static void
row_gloss(pack *p, sqlite3_stmt *st, size_t i)
{
	pack_gloss *x = &p->gloss[i];

	x->word = col(st, 0);
	x->variants = split(db_text(st, 1), '|', &x->nvariants);
	x->explanation = col(st, 2);
}

static void
row_question(pack *p, sqlite3_stmt *st, size_t i)
{
	pack_question *x = &p->questions[i];

	x->id = col(st, 0);
	x->text = col(st, 1);
}

static const int lim_answer[] = { CONTENT_MAX_ID, CONTENT_MAX_LINE, 0 };

static int
read_answers(sqlite3 *db, pack *p, err_t *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT picto, label FROM answer "
	    "WHERE question_id = ?1 ORDER BY position", e);

	if (st == NULL)
		return fail(e, p->path, "has no answer table");
	for (size_t i = 0; i < p->nquestions; i++) {
		pack_question *q = &p->questions[i];
		int rc;

		sqlite3_bind_text(st, 1, q->id, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (too_long(st, p->path, "answer", lim_answer, e) < 0) {
				sqlite3_finalize(st);
				return -1;
			}
			q->answers = xrealloc(q->answers,
			    (q->nanswers + 1) * sizeof *q->answers);
			q->answers[q->nanswers].picto = col(st, 0);
			q->answers[q->nanswers].label = col(st, 1);
			q->nanswers++;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return fail(e, p->path, "is damaged: cannot read answers");
		}
	}
	sqlite3_finalize(st);
	return 0;
}

static const int lim_meta[] = { CONTENT_MAX_ID, CONTENT_MAX_LINE, 0 };

static int
read_meta(sqlite3 *db, pack *p, err_t *e)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT key, value FROM meta", -1, &st,
	    NULL) != SQLITE_OK)
		return fail(e, p->path, "is not a content pack: no meta table");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = db_text(st, 0), *v = db_text(st, 1);

		if (too_long(st, p->path, "meta", lim_meta, e) < 0) {
			sqlite3_finalize(st);
			return -1;
		}

		if (strcmp(k, "version") == 0)
			p->version = strtol(v, NULL, 10);
		else if (strcmp(k, "built_at") == 0) {
			free(p->built_at);
			p->built_at = xstrdup(v);
		} else if (strcmp(k, "portal_url") == 0) {
			free(p->portal_url);
			p->portal_url = xstrdup(v);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(e, p->path, "is damaged: cannot read its meta table");
	if (p->version <= 0)
		return fail(e, p->path, "has no version in its meta table");
	if (p->built_at == NULL)
		p->built_at = xstrdup("");
	if (p->portal_url == NULL)
		p->portal_url = xstrdup("");
	return 0;
}

#define ID	CONTENT_MAX_ID
#define LINE	CONTENT_MAX_LINE
#define TEXT	CONTENT_MAX_TEXT
#define BODY	CONTENT_MAX_BODY
static const int lim_picto[] = { ID, ID, LINE, 0 };
static const int lim_msd[] = { ID, LINE, LINE, LINE, LINE, LINE, LINE, 0 };
static const int lim_theme[] = { ID, LINE, ID, TEXT, 0 };
static const int lim_page[] = { ID, LINE, ID, ID, TEXT, BODY, 0 };
/* The last column: the offer's MSD codes, each one an MSD's. */
static const int lim_offer[] = { ID, ID, LINE, TEXT, TEXT, TEXT, TEXT, TEXT,
	LINE, ID, ID, LINE, BODY, BODY, 0 };
static const int lim_glossary[] = { LINE, TEXT, TEXT, 0 };
static const int lim_question[] = { ID, TEXT, 0 };
#undef ID
#undef LINE
#undef TEXT
#undef BODY

/* Everything after the file check, on the open db. */
static pack *
read_pack(sqlite3 *db, const char *path, err_t *e)
{
	pack *p;
	int v = db_user_version(db);

	if (v != PACK_SCHEMA_VERSION) {
		char what[256];

		if (v < 0)
			snprintf(what, sizeof what, "is not a content pack: %s",
			    sqlite3_errmsg(db));
		else
			snprintf(what, sizeof what, "has schema version %d, this "
			    "program reads version %d", v, PACK_SCHEMA_VERSION);
		fail(e, path, what);
		return NULL;
	}
	if (check_schema(db, path, e) < 0 || check_db(db, path, e) < 0)
		return NULL;
	p = xcalloc(1, sizeof *p);
	p->path = xstrdup(path);
#define ROWS(sql, lim, arr, n, fn) \
	read_rows(db, p, path, sql, #lim + 4, lim, (void **)&p->arr, &p->n, \
	    sizeof *p->arr, fn, e)
	if (read_meta(db, p, e) < 0 ||
	    ROWS("SELECT name, codepoint, label FROM picto ORDER BY name",
	    lim_picto, pictos, npictos, row_picto) < 0 ||
	    ROWS("SELECT code, name, territory, address, phone, hours, source "
	    "FROM msd ORDER BY position", lim_msd, msds, nmsds, row_msd) < 0 ||
	    ROWS("SELECT id, title, picto, summary FROM theme ORDER BY position",
	    lim_theme, themes, nthemes, row_theme) < 0 ||
	    ROWS("SELECT id, title, picto, reviewed_on, sources, body FROM page "
	    "ORDER BY position", lim_page, pages, npages, row_page) < 0 ||
	    ROWS("SELECT o.id, o.theme, o.title, o.summary, o.for_whom, o.cost, "
	    "o.how, o.contact, o.qr, o.picto, o.reviewed_on, o.source, o.body, "
	    "(SELECT group_concat(code, ' ') FROM (SELECT m.code AS code FROM "
	    "offer_msd om JOIN msd m ON m.code = om.msd_code "
	    "WHERE om.offer_id = o.id ORDER BY m.position)) AS msds "
	    "FROM offer o JOIN theme t ON t.id = o.theme "
	    "ORDER BY t.position, o.position", lim_offer, offers, noffers,
	    row_offer) < 0 ||
	    ROWS("SELECT word, variants, explanation FROM glossary "
	    "ORDER BY word COLLATE NOCASE", lim_glossary, gloss, ngloss,
	    row_gloss) < 0 ||
	    ROWS("SELECT id, text FROM question ORDER BY position",
	    lim_question, questions, nquestions, row_question) < 0 ||
	    read_answers(db, p, e) < 0) {
		pack_close(p);
		return NULL;
	}
#undef ROWS
	return p;
}

pack *
pack_open_within(const char *path, long max_ms, err_t *e)
{
	struct deadline d = { { 0, 0 }, 0 };
	pack *p;
	sqlite3 *db;
	err_t oe;

	if (check_file(path, e) < 0)
		return NULL;
	db = db_open_ro(path, &oe);
	if (db == NULL) {
		fail(e, path, oe.msg);
		return NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &d.end);
	d.end.tv_sec += max_ms / 1000;
	d.end.tv_nsec += (max_ms % 1000) * 1000000L;
	if (d.end.tv_nsec >= 1000000000L) {
		d.end.tv_sec++;
		d.end.tv_nsec -= 1000000000L;
	}
	/* Every 1000 virtual machine steps: a few microseconds. */
	sqlite3_progress_handler(db, 1000, on_progress, &d);
	/* No value is read into memory whole past this: too_long() then
	 * names the field of anything longer than content_limits.h. */
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, PACK_VALUE_MAX);
	p = read_pack(db, path, e);
	sqlite3_close(db);
	if (p == NULL && d.expired) {
		char what[256];

		snprintf(what, sizeof what, "takes more than %ld ms to read: "
		    "a pack is a few hundred rows of data", max_ms);
		fail(e, path, what);
	}
	return p;
}

pack *
pack_open(const char *path, err_t *e)
{
	return pack_open_within(path, PACK_OPEN_MAX_MS, e);
}

static void
free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
pack_close(pack *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->npictos; i++) {
		free(p->pictos[i].name);
		free(p->pictos[i].label);
	}
	for (size_t i = 0; i < p->nmsds; i++) {
		pack_msd *m = &p->msds[i];

		free(m->code); free(m->name); free(m->territory);
		free(m->address); free(m->phone); free(m->hours); free(m->source);
	}
	for (size_t i = 0; i < p->nthemes; i++) {
		pack_theme *t = &p->themes[i];

		free(t->id); free(t->title); free(t->picto); free(t->summary);
	}
	for (size_t i = 0; i < p->npages; i++) {
		pack_page *g = &p->pages[i];

		free(g->id); free(g->title); free(g->picto);
		free(g->reviewed_on); free(g->body); free(g->sources);
	}
	for (size_t i = 0; i < p->noffers; i++) {
		pack_offer *o = &p->offers[i];

		free(o->id); free(o->theme); free(o->title); free(o->summary);
		free(o->for_whom); free(o->cost); free(o->how); free(o->contact);
		free(o->qr); free(o->picto); free(o->reviewed_on);
		free(o->source); free(o->body);
		free_strv(o->msds, o->nmsds);
	}
	for (size_t i = 0; i < p->ngloss; i++) {
		free(p->gloss[i].word);
		free(p->gloss[i].explanation);
		free_strv(p->gloss[i].variants, p->gloss[i].nvariants);
	}
	for (size_t i = 0; i < p->nquestions; i++) {
		pack_question *q = &p->questions[i];

		free(q->id); free(q->text);
		for (size_t k = 0; k < q->nanswers; k++) {
			free(q->answers[k].picto);
			free(q->answers[k].label);
		}
		free(q->answers);
	}
	free(p->pictos); free(p->msds); free(p->themes); free(p->pages);
	free(p->offers); free(p->gloss); free(p->questions);
	free(p->path); free(p->built_at); free(p->portal_url);
	free(p);
}

const pack_msd *
pack_msd_find(const pack *p, const char *code)
{
	for (size_t i = 0; code && i < p->nmsds; i++)
		if (strcmp(p->msds[i].code, code) == 0)
			return &p->msds[i];
	return NULL;
}

const pack_theme *
pack_theme_find(const pack *p, const char *id)
{
	for (size_t i = 0; id && i < p->nthemes; i++)
		if (strcmp(p->themes[i].id, id) == 0)
			return &p->themes[i];
	return NULL;
}

const pack_page *
pack_page_find(const pack *p, const char *id)
{
	for (size_t i = 0; id && i < p->npages; i++)
		if (strcmp(p->pages[i].id, id) == 0)
			return &p->pages[i];
	return NULL;
}

const pack_offer *
pack_offer_find(const pack *p, const char *id)
{
	for (size_t i = 0; id && i < p->noffers; i++)
		if (strcmp(p->offers[i].id, id) == 0)
			return &p->offers[i];
	return NULL;
}

uint32_t
pack_picto_cp(const pack *p, const char *name)
{
	for (size_t i = 0; name && i < p->npictos; i++)
		if (strcmp(p->pictos[i].name, name) == 0)
			return p->pictos[i].codepoint;
	return 0xF059;
}

int
pack_offer_at(const pack_offer *o, const char *msd)
{
	if (msd == NULL)
		return 1;
	for (size_t i = 0; i < o->nmsds; i++)
		if (strcmp(o->msds[i], msd) == 0)
			return 1;
	return 0;
}
