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
 *
 * Each table is read from its description in model.c: the SELECT names
 * the columns copied into the pack's rows, each with its limit.
 */
#include "content/pack.h"
#include "content/content_limits.h"
#include "content/model.h"
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

/* One quick_check statement (sql): it must say "ok". */
static int
quick_check(sqlite3 *db, const char *path, const char *sql, err_t *e)
{
	sqlite3_stmt *st;
	char what[512];
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
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
	return 0;
}

/* quick_check of every table and its indexes but the audio clips'.
 * Those are nine tenths of a pack with audio (7.5 of 8 MB): checking
 * their overflow pages read the whole file, 2,000 reads, a sixth of a
 * cold start to a screenshot.  A clip is read with sqlite3_blob_read,
 * which says SQLITE_CORRUPT for a damaged page: that clip does not
 * play, the pages still show. */
static int
quick_check_but_audio(sqlite3 *db, const char *path, err_t *e)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE "
	    "type = 'table' AND name <> 'audio' ORDER BY name", -1, &st,
	    NULL) != SQLITE_OK)
		return damaged(e, path, db);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* %w: the name comes from the file, quoted as an identifier. */
		char *sql = sqlite3_mprintf("PRAGMA quick_check(\"%w\")",
		    db_text(st, 0));
		int r = sql ? quick_check(db, path, sql, e) :
		    fail(e, path, "cannot be checked: out of memory");

		sqlite3_free(sql);
		if (r < 0) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : damaged(e, path, db);
}

/* PRAGMA quick_check (of the whole file, or of all but the audio clips),
 * then foreign_key_check: both must find nothing. */
static int
check_db(sqlite3 *db, const char *path, int whole, err_t *e)
{
	sqlite3_stmt *st;
	char what[512];
	int rc;

	if ((whole ? quick_check(db, path, "PRAGMA quick_check", e) :
	    quick_check_but_audio(db, path, e)) < 0)
		return -1;
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

/* Where rows are kept in a struct: the array, and its count. */
struct rows_at {
	size_t rows, n;
};

/* Where struct pack keeps the rows of each top-level entity, in the
 * order they are read. */
static const struct {
	const model_entity *m;
	struct rows_at at;
} pack_rows[] = {
#define ROWS(m, arr, n) { &m, { offsetof(pack, arr), offsetof(pack, n) } }
	ROWS(model_picto, pictos, npictos),
	ROWS(model_msd, msds, nmsds),
	ROWS(model_theme, themes, nthemes),
	ROWS(model_page, pages, npages),
	ROWS(model_offer, offers, noffers),
	ROWS(model_glossary, gloss, ngloss),
	ROWS(model_question, questions, nquestions),
	ROWS(model_language, langs, nlangs),
	ROWS(model_translation, trs, ntrs),
#undef ROWS
};

/* Column i longer than max (content_limits.h): the row's first column
 * names it in the message.  0 if it fits. */
static int
too_long(sqlite3_stmt *st, int i, size_t max, const char *path,
    const char *table, err_t *e)
{
	int len = sqlite3_column_bytes(st, i);
	char what[512];

	if (len < 0 || (size_t)len <= max)
		return 0;
	snprintf(what, sizeof what, "%s '%.40s': %s is %d bytes long, at most "
	    "%zu", table, i == 0 ? "(too long)" : db_text(st, 0),
	    sqlite3_column_name(st, i), len, max);
	return fail(e, path, what);
}

/* 1 if the reader copies mc into the pack's row. */
static int
copied(const model_col *mc)
{
	return mc->pack_off != MODEL_NONE;
}

/* Every column of a row of m that fits its limit: 0, else -1. */
static int
row_too_long(sqlite3_stmt *st, const model_entity *m, const char *path,
    err_t *e)
{
	int i = 0;

	for (size_t k = 0; k < m->ncols; k++)
		if (copied(&m->cols[k]) &&
		    too_long(st, i++, m->cols[k].max, path, m->table, e) < 0)
			return -1;
	return 0;
}

/* SELECT the copied columns FROM the table [WHERE parent = ?1] ORDER BY
 * its order: the rows of m, or of the children of one row. */
static char *
select_sql(const model_entity *m, const char *parent)
{
	strbuf b = STRBUF_INIT;
	const char *a = m->alias ? m->alias : "", *dot = m->alias ? "." : "";
	int n = 0;

	strbuf_puts(&b, "SELECT ");
	for (size_t k = 0; k < m->ncols; k++) {
		const model_col *mc = &m->cols[k];

		if (!copied(mc))
			continue;
		if (n++)
			strbuf_puts(&b, ", ");
		if (mc->expr)
			strbuf_puts(&b, mc->expr);
		else
			strbuf_printf(&b, "%s%s%s", a, dot, mc->name);
	}
	strbuf_printf(&b, " FROM %s", m->table);
	if (m->alias)
		strbuf_printf(&b, " %s", m->alias);
	if (m->join)
		strbuf_printf(&b, " %s", m->join);
	if (parent)
		strbuf_printf(&b, " WHERE %s%s%s = ?1", a, dot, parent);
	strbuf_printf(&b, " ORDER BY %s", m->order);
	return strbuf_take(&b);
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

/* The current row of st into row, a zeroed row of m.  Strings are never
 * NULL: "" for NULL. */
static void
copy_row(const model_entity *m, sqlite3_stmt *st, void *row)
{
	int i = 0;

	for (size_t k = 0; k < m->ncols; k++) {
		const model_col *mc = &m->cols[k];
		void *to = model_member(row, mc->pack_off);

		if (!copied(mc))
			continue;
		if (mc->type == MODEL_CODEPOINT)
			*(uint32_t *)to = (uint32_t)sqlite3_column_int64(st, i);
		else if (mc->type == MODEL_FLAG)
			/* 0 or 1, whatever a hostile pack holds. */
			*(int *)to = sqlite3_column_int64(st, i) != 0;
		else if (mc->type == MODEL_LIST)
			*(char ***)to = split(db_text(st, i), mc->sep,
			    model_count(row, mc->pack_n));
		else
			*(char **)to = col(st, i);
		i++;
	}
}

/* The current row of st, copied at the end of the rows of m in base (the
 * pack, or a parent's row); *cap: how many the array has room for. */
static void
append_row(const model_entity *m, sqlite3_stmt *st, void *base,
    struct rows_at at, size_t *cap)
{
	void *rows = model_rows(base, at.rows), *row;
	size_t *n = model_count(base, at.n);

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		rows = xrealloc(rows, *cap * m->pack_size);
		model_set_rows(base, at.rows, rows);
	}
	row = model_at(rows, m->pack_size, *n, 0);
	memset(row, 0, m->pack_size);
	copy_row(m, st, row);
	(*n)++;
}

/* Reads the rows of m into the pack p, at at. */
static int
read_rows(sqlite3 *db, const char *path, const model_entity *m, pack *p,
    struct rows_at at, err_t *e)
{
	char *sql = select_sql(m, NULL);
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		char what[512];

		/* A missing table or column: a pack of another make. */
		snprintf(what, sizeof what, "is not a content pack of schema "
		    "version %d: %s", PACK_SCHEMA_VERSION, sqlite3_errmsg(db));
		return fail(e, path, what);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (row_too_long(st, m, path, e) < 0) {
			sqlite3_finalize(st);
			return -1;
		}
		append_row(m, st, p, at, &cap);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_TOOBIG)
		return fail(e, path, "holds a value longer than "
		    PACK_VALUE_MAX_TEXT " bytes");
	if (rc != SQLITE_DONE)
		return damaged(e, path, db);
	return 0;
}

/* The name of the column of m that holds its parent's key. */
static const char *
parent_col(const model_entity *m)
{
	for (size_t k = 0; k < m->ncols; k++)
		if (m->cols[k].type == MODEL_PARENT)
			return m->cols[k].name;
	return NULL;
}

/* The children of each of the n rows of pm (a question's answers): one
 * query, run for each row's key (its first column). */
static int
read_children(sqlite3 *db, const char *path, const model_entity *pm,
    void *parents, size_t n, err_t *e)
{
	const model_entity *m = pm->child;
	const struct rows_at at = { m->pack_rows, m->pack_n };
	char *sql = select_sql(m, parent_col(m)), what[512];
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		snprintf(what, sizeof what, "has no %s table", m->table);
		return fail(e, path, what);
	}
	for (size_t i = 0; i < n; i++) {
		void *row = model_at(parents, pm->pack_size, i, 0);
		size_t cap = 0;

		sqlite3_bind_text(st, 1, *(char **)model_member(row,
		    pm->cols[0].pack_off), -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (row_too_long(st, m, path, e) < 0) {
				sqlite3_finalize(st);
				return -1;
			}
			append_row(m, st, row, at, &cap);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			/* "cannot read answers" */
			snprintf(what, sizeof what, "is damaged: cannot read %ss",
			    m->table);
			return fail(e, path, what);
		}
	}
	sqlite3_finalize(st);
	return 0;
}

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

		if (too_long(st, 0, CONTENT_MAX_ID, p->path, "meta", e) < 0 ||
		    too_long(st, 1, CONTENT_MAX_LINE, p->path, "meta", e) < 0) {
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

/* Everything after the file check, on the open db. */
static pack *
read_pack(sqlite3 *db, const char *path, int whole, err_t *e)
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
	if (check_schema(db, path, e) < 0 || check_db(db, path, whole, e) < 0)
		return NULL;
	p = xcalloc(1, sizeof *p);
	p->path = xstrdup(path);
	p->lang = "fr";
	if (read_meta(db, p, e) < 0)
		goto fail;
	for (size_t i = 0; i < sizeof pack_rows / sizeof *pack_rows; i++) {
		const model_entity *m = pack_rows[i].m;
		struct rows_at at = pack_rows[i].at;

		if (read_rows(db, path, m, p, at, e) < 0)
			goto fail;
		if (m->child != NULL && m->child->pack_rows != MODEL_NONE &&
		    read_children(db, path, m, model_rows(p, at.rows),
		    *model_count(p, at.n), e) < 0)
			goto fail;
	}
	return p;
fail:
	pack_close(p);
	return NULL;
}

static pack *
open_checked(const char *path, long max_ms, int whole, err_t *e)
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
	p = read_pack(db, path, whole, e);
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
pack_open_within(const char *path, long max_ms, err_t *e)
{
	return open_checked(path, max_ms, 1, e);
}

pack *
pack_open(const char *path, err_t *e)
{
	return open_checked(path, PACK_OPEN_MAX_MS, 1, e);
}

pack *
pack_open_to_show(const char *path, err_t *e)
{
	return open_checked(path, PACK_OPEN_MAX_MS, 0, e);
}

static void
free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The strings of n rows of m and of their children, and the array. */
static void
rows_free(const model_entity *m, void *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		void *row = model_at(rows, m->pack_size, i, 0);

		for (size_t k = 0; k < m->ncols; k++) {
			const model_col *mc = &m->cols[k];

			if (!copied(mc))
				continue;
			if (mc->type == MODEL_LIST)
				free_strv(*(char ***)model_member(row, mc->pack_off),
				    *model_count(row, mc->pack_n));
			else if (mc->type != MODEL_CODEPOINT &&
			    mc->type != MODEL_FLAG)
				free(*(char **)model_member(row, mc->pack_off));
		}
		if (m->child != NULL && m->child->pack_rows != MODEL_NONE)
			rows_free(m->child, model_rows(row, m->child->pack_rows),
			    *model_count(row, m->child->pack_n));
	}
	free(rows);
}

void
pack_close(pack *p)
{
	if (p == NULL)
		return;
	if (p->base != NULL) {		/* a view in one language */
		p->view_free(p);
		return;
	}
	for (size_t i = 0; i < sizeof pack_rows / sizeof *pack_rows; i++)
		rows_free(pack_rows[i].m, model_rows(p, pack_rows[i].at.rows),
		    *model_count(p, pack_rows[i].at.n));
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
