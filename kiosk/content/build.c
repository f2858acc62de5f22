/*
 * build.c - writes a content pack from checked sources (see build.h).
 *
 * The pack is written beside its final name and renamed into place only
 * once it is complete, synced and readable by pack_open(): a kiosk (or
 * the publish step) that opens PACK sees the old pack or the new one,
 * never half of one.
 *
 * Each table is written from its description in model.c: the INSERT
 * names the columns the pack holds, and each value is bound from the
 * source row as its type says.
 */
#include "content/build.h"
#include "content/audio_build.h"
#include "db.h"
#include "fsutil.h"
#include "content/model.h"
#include "content/pack.h"
#include "schema.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

long
build_default_version(void)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	return (((((long)tm.tm_year + 1900) * 100 + tm.tm_mon + 1) * 100 +
	    tm.tm_mday) * 100 + tm.tm_hour) * 100 + tm.tm_min;
}

/* Text as stored: no CR (files from Windows), no blank lines or spaces
 * around it. */
static char *
clean(const char *s)
{
	strbuf b = STRBUF_INIT;
	size_t n;

	for (; *s; s++)
		if (*s != '\r')
			strbuf_putc(&b, *s);
	n = b.len;
	while (n > 0 && (b.s[n - 1] == '\n' || b.s[n - 1] == ' ' ||
	    b.s[n - 1] == '\t'))
		n--;
	if (b.s)
		b.s[n] = '\0';
	b.len = n;
	{
		const char *t = strbuf_str(&b);
		char *r;

		while (*t == '\n' || *t == ' ' || *t == '\t')
			t++;
		r = xstrdup(t);
		strbuf_free(&b);
		return r;
	}
}

/* Binds cleaned text (NULL when null_if_empty and it is empty). */
static void
bind_text(sqlite3_stmt *st, int i, const char *s, int null_if_empty)
{
	char *c = clean(s ? s : "");

	if (null_if_empty && c[0] == '\0')
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, c, -1, SQLITE_TRANSIENT);
	free(c);
}

/* Steps a bound INSERT once and resets it. */
static int
step(sqlite3 *db, sqlite3_stmt *st, const char *what, const char *id,
    err_t *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return err_set(e, "cannot write %s '%s' into the pack: %s", what,
		    id, sqlite3_errmsg(db));
	return 0;
}

/* The sep-separated items of s with the spaces around each trimmed, and
 * no empty one. */
static char *
items(const char *s, char sep)
{
	strbuf b = STRBUF_INIT;

	while (*s) {
		const char *bar = strchr(s, sep);
		size_t n = bar ? (size_t)(bar - s) : strlen(s);
		const char *v = s;

		while (n > 0 && (*v == ' ' || *v == '\t')) {
			v++;
			n--;
		}
		while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
			n--;
		if (n > 0) {
			if (b.len)
				strbuf_putc(&b, sep);
			strbuf_add(&b, v, n);
		}
		s = bar ? bar + 1 : s + strlen(s);
	}
	return strbuf_take(&b);
}

static int
insert_meta(sqlite3 *db, const content_src *s, long version, err_t *e)
{
	sqlite3_stmt *st;
	char buf[128], hex[65];
	time_t now = time(NULL);
	struct tm tm;
	int rc = 0;

	if ((st = db_prepare(db, "INSERT INTO meta(key, value) VALUES (?1, ?2)",
	    e)) == NULL)
		return -1;
	snprintf(buf, sizeof buf, "%ld", version);
	sqlite3_bind_text(st, 1, "version", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, buf, -1, SQLITE_TRANSIENT);
	rc |= step(db, st, "meta", "version", e);
	localtime_r(&now, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
	sqlite3_bind_text(st, 1, "built_at", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, buf, -1, SQLITE_TRANSIENT);
	rc |= step(db, st, "meta", "built_at", e);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", s->sha256[i]);
	sqlite3_bind_text(st, 1, "source_sha256", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hex, -1, SQLITE_TRANSIENT);
	rc |= step(db, st, "meta", "source_sha256", e);
	if (s->portal_url && *s->portal_url) {
		sqlite3_bind_text(st, 1, "portal_url", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, s->portal_url, -1, SQLITE_TRANSIENT);
		rc |= step(db, st, "meta", "portal_url", e);
	}
	sqlite3_finalize(st);
	return rc ? -1 : 0;
}

/* 1 if the INSERT of mc's table names it: a column of the table. */
static int
written(const model_col *mc)
{
	return mc->name != NULL && mc->expr == NULL;
}

/* INSERT INTO table(a, b, ...) VALUES (?1, ?2, ...), for m. */
static sqlite3_stmt *
prepare_insert(sqlite3 *db, const model_entity *m, err_t *e)
{
	strbuf cols = STRBUF_INIT, vals = STRBUF_INIT, sql = STRBUF_INIT;
	sqlite3_stmt *st;
	int n = 0;

	for (size_t k = 0; k < m->ncols; k++) {
		if (!written(&m->cols[k]))
			continue;
		n++;
		strbuf_printf(&cols, "%s%s", n > 1 ? ", " : "", m->cols[k].name);
		strbuf_printf(&vals, "%s?%d", n > 1 ? ", " : "", n);
	}
	strbuf_printf(&sql, "INSERT INTO %s(%s) VALUES (%s)", m->table,
	    strbuf_str(&cols), strbuf_str(&vals));
	st = db_prepare(db, strbuf_str(&sql), e);
	strbuf_free(&cols);
	strbuf_free(&vals);
	strbuf_free(&sql);
	return st;
}

/* The text of mc in row; parent: the key of the parent row. */
static const char *
src_text(const model_col *mc, const void *row, const char *parent)
{
	switch (mc->type) {
	case MODEL_FIELD:
	case MODEL_LIST:
		return ((const src_field *)model_member(row, mc->src_off))->v;
	case MODEL_STRING:
		return model_string(row, mc->src_off);
	case MODEL_PARENT:
		return parent;
	default:
		return "";
	}
}

/* The place of row i among the rows of m, from 1: among those with the
 * same value of the field at mc's src_off when it has one (an offer in
 * its theme). */
static size_t
position(const model_entity *m, const model_col *mc, const void *rows,
    size_t i)
{
	const src_field *f;
	size_t n = 0;

	if (mc->src_off == MODEL_NONE)
		return i + 1;
	f = model_at(rows, m->src_size, i, mc->src_off);
	for (size_t j = 0; j <= i; j++) {
		const src_field *g = model_at(rows, m->src_size, j, mc->src_off);

		n += strcmp(g->v, f->v) == 0;
	}
	return n;
}

/* Binds column mc of row i of rows as parameter at. */
static void
bind_col(sqlite3_stmt *st, int at, const model_entity *m,
    const model_col *mc, const void *rows, size_t i, const char *parent)
{
	const void *row = model_at(rows, m->src_size, i, 0);
	char *v;

	switch (mc->type) {
	case MODEL_CODEPOINT:
		sqlite3_bind_int64(st, at,
		    *(const uint32_t *)model_member(row, mc->src_off));
		break;
	case MODEL_POSITION:
		sqlite3_bind_int64(st, at,
		    (sqlite3_int64)position(m, mc, rows, i));
		break;
	case MODEL_FLAG:
		sqlite3_bind_int(st, at,
		    *(const int *)model_member(row, mc->src_off) != 0);
		break;
	case MODEL_LIST:
		v = items(src_text(mc, row, parent), mc->sep);
		bind_text(st, at, v, mc->flags & MODEL_NULL);
		free(v);
		break;
	default:
		bind_text(st, at, src_text(mc, row, parent),
		    mc->flags & MODEL_NULL);
	}
}

/* Writes the n rows of m (the children of the row whose key is parent,
 * or NULL), each followed by its children.  A row is named in messages
 * by its first column: its key, or its parent's. */
static int
insert_rows(sqlite3 *db, const model_entity *m, const void *rows, size_t n,
    const char *parent, err_t *e)
{
	sqlite3_stmt *st = prepare_insert(db, m, e);
	int rc = 0;

	if (st == NULL)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const void *row = model_at(rows, m->src_size, i, 0);
		const char *key = src_text(&m->cols[0], row, parent);
		int at = 0;

		for (size_t k = 0; k < m->ncols; k++)
			if (written(&m->cols[k]))
				bind_col(st, ++at, m, &m->cols[k], rows, i, parent);
		rc = step(db, st, m->what, key, e);
		if (rc == 0 && m->child != NULL)
			rc = insert_rows(db, m->child,
			    model_rows(row, m->child->src_rows),
			    *model_count(row, m->child->src_n), key, e);
	}
	sqlite3_finalize(st);
	return rc ? -1 : 0;
}

/* Every table, the ones a row refers to first. */
static int
insert_all(sqlite3 *db, const content_src *s, long version, err_t *e)
{
	if (insert_meta(db, s, version, e) < 0)
		return -1;
	for (size_t i = 0; i < model_nentities; i++) {
		size_t n;
		const void *rows = content_src_rows(s, model_entities[i], &n);

		if (insert_rows(db, model_entities[i], rows, n, NULL, e) < 0)
			return -1;
	}
	return 0;
}

/* Fills the new file at tmp.  The connection is closed on return. */
static int
write_db(const char *tmp, const content_src *s, long version,
    const struct audio_opts *ao, struct audio_stats *ast, err_t *e)
{
	sqlite3 *db = NULL;
	char uv[64];

	if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		err_set(e, "cannot create %s: %s", tmp,
		    db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -1;
	}
	snprintf(uv, sizeof uv, "PRAGMA user_version = %d", PACK_SCHEMA_VERSION);
	/* The journal stays in memory: on failure the whole file goes.
	 * Temporary tables too (VACUUM of a pack with its audio): nothing
	 * is written beside the pack, not even SQLite's /var/tmp files. */
	if (db_exec(db, "PRAGMA journal_mode = MEMORY", e) < 0 ||
	    db_exec(db, "PRAGMA temp_store = MEMORY", e) < 0 ||
	    db_exec(db, "PRAGMA foreign_keys = ON", e) < 0 ||
	    db_exec(db, "BEGIN", e) < 0 ||
	    db_exec(db, content_schema[0], e) < 0 ||
	    db_exec(db, uv, e) < 0 ||
	    insert_all(db, s, version, e) < 0 ||
	    (ao != NULL && audio_build(db, s, ao, ast, e) < 0) ||
	    db_exec(db, "COMMIT", e) < 0 ||
	    db_exec(db, "VACUUM", e) < 0) {
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_close(db) != SQLITE_OK)
		return err_set(e, "cannot finish %s: %s", tmp, sqlite3_errmsg(db));
	return 0;
}

/* The first value too long for a pack, as the error. */
static void
first_long(void *arg, const char *file, int line, const char *what,
    size_t len, size_t max)
{
	err_t *e = arg;

	if (e->msg[0] == '\0')
		err_set(e, "%s:%d: %s is %zu bytes long, at most %zu (run "
		    "`msd-kiosk content lint`)", file, line, what, len, max);
}

int
build_pack(const content_src *s, const char *out, long version, err_t *e)
{
	return build_pack_audio(s, out, version, NULL, NULL, e);
}

int
build_pack_audio(const content_src *s, const char *out, long version,
    const struct audio_opts *ao, struct audio_stats *ast, err_t *e)
{
	char tmp[PATH_MAX];
	err_t le = { "" };
	pack *check;
	int fd;

	/* Lint has said so already; the build holds the line on its own. */
	if (content_src_long_values(s, first_long, &le) > 0)
		return err_set(e, "%s", le.msg);

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", out) >= sizeof tmp)
		return err_set(e, "pack path too long: %s", out);
	fd = mkstemp(tmp);
	if (fd < 0)
		return err_set(e, "cannot write %s: %s (check the directory exists "
		    "and is writable)", out, strerror(errno));
	/* Content is public: kiosks running as another user read it. */
	fchmod(fd, 0644);
	close(fd);
	if (write_db(tmp, s, version, ao, ast, e) < 0)
		goto fail;
	/* Read it back as a kiosk would: the builder and the reader agree. */
	check = pack_open(tmp, e);
	if (check == NULL) {
		err_prefix(e, "the new pack does not read back: ");
		goto fail;
	}
	pack_close(check);
	fd = open(tmp, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		err_set(e, "cannot write %s: %s (disk full?)", out, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto fail;
	}
	close(fd);
	if (rename(tmp, out) != 0) {
		err_set(e, "cannot put %s in place: %s", out, strerror(errno));
		goto fail;
	}
	fs_sync_dir(out);
	return 0;
fail:
	unlink(tmp);
	return -1;
}
