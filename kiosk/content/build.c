/*
 * build.c - writes a content pack from checked sources (see build.h).
 *
 * The pack is written beside its final name and renamed into place only
 * once it is complete, synced and readable by pack_open(): a kiosk (or
 * the publish step) that opens PACK sees the old pack or the new one,
 * never half of one.
 */
#include "content/build.h"
#include "db.h"
#include "fsutil.h"
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

/* The '|'-separated variants with the spaces around each trimmed. */
static char *
variants(const char *s)
{
	strbuf b = STRBUF_INIT;

	while (*s) {
		const char *bar = strchr(s, '|');
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
				strbuf_putc(&b, '|');
			strbuf_add(&b, v, n);
		}
		s = bar ? bar + 1 : s + strlen(s);
	}
	return strbuf_take(&b);
}

static int
insert_all(sqlite3 *db, const content_src *s, long version, err_t *e)
{
	sqlite3_stmt *st;
	char buf[128], hex[65];
	time_t now = time(NULL);
	struct tm tm;
	int rc = 0;

	/* meta */
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
	if (rc)
		return -1;

	/* pictograms */
	if ((st = db_prepare(db, "INSERT INTO picto(name, codepoint, label) "
	    "VALUES (?1, ?2, ?3)", e)) == NULL)
		return -1;
	for (size_t i = 0; i < s->npictos && rc == 0; i++) {
		bind_text(st, 1, s->pictos[i].name, 0);
		sqlite3_bind_int64(st, 2, s->pictos[i].codepoint);
		bind_text(st, 3, s->pictos[i].label, 0);
		rc = step(db, st, "pictogram", s->pictos[i].name, e);
	}
	sqlite3_finalize(st);
	if (rc)
		return -1;

	/* MSDs, in file order */
	if ((st = db_prepare(db, "INSERT INTO msd(code, position, name, "
	    "territory, address, phone, hours, source) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", e)) == NULL)
		return -1;
	for (size_t i = 0; i < s->nmsds && rc == 0; i++) {
		const src_msd *m = &s->msds[i];

		bind_text(st, 1, m->code.v, 0);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		bind_text(st, 3, m->name.v, 0);
		bind_text(st, 4, m->territory.v, 0);
		bind_text(st, 5, m->address.v, 1);
		bind_text(st, 6, m->phone.v, 1);
		bind_text(st, 7, m->hours.v, 1);
		bind_text(st, 8, m->source.v, 0);
		rc = step(db, st, "MSD", m->code.v, e);
	}
	sqlite3_finalize(st);
	if (rc)
		return -1;

	/* themes, sorted by lint_check() */
	if ((st = db_prepare(db, "INSERT INTO theme(id, position, title, picto, "
	    "summary) VALUES (?1, ?2, ?3, ?4, ?5)", e)) == NULL)
		return -1;
	for (size_t i = 0; i < s->nthemes && rc == 0; i++) {
		const src_theme *t = &s->themes[i];

		bind_text(st, 1, t->id.v, 0);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		bind_text(st, 3, t->title.v, 0);
		bind_text(st, 4, t->picto.v, 0);
		bind_text(st, 5, t->summary.v, 0);
		rc = step(db, st, "theme", t->id.v, e);
	}
	sqlite3_finalize(st);
	if (rc)
		return -1;

	/* pages, in file name order */
	if ((st = db_prepare(db, "INSERT INTO page(id, position, title, picto, "
	    "reviewed_on, sources, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	    e)) == NULL)
		return -1;
	for (size_t i = 0; i < s->npages && rc == 0; i++) {
		const src_page *p = &s->pages[i];

		bind_text(st, 1, p->id, 0);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		bind_text(st, 3, p->title.v, 0);
		bind_text(st, 4, p->picto.v, 0);
		bind_text(st, 5, p->reviewed_on.v, 0);
		bind_text(st, 6, p->sources.v, 0);
		bind_text(st, 7, p->body.v, 0);
		rc = step(db, st, "page", p->id, e);
	}
	sqlite3_finalize(st);
	if (rc)
		return -1;

	/* offers, in file order within their theme, and their MSDs */
	{
		sqlite3_stmt *om;
		size_t *pos = xcalloc(s->nthemes + 1, sizeof *pos);

		st = db_prepare(db, "INSERT INTO offer(id, theme, position, title, "
		    "summary, for_whom, cost, how, contact, qr, picto, "
		    "reviewed_on, source, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
		    "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", e);
		om = st ? db_prepare(db, "INSERT INTO offer_msd(offer_id, "
		    "msd_code) VALUES (?1, ?2)", e) : NULL;
		if (om == NULL) {
			sqlite3_finalize(st);
			free(pos);
			return -1;
		}
		for (size_t i = 0; i < s->noffers && rc == 0; i++) {
			const src_offer *o = &s->offers[i];
			size_t t;

			for (t = 0; t < s->nthemes; t++)
				if (strcmp(s->themes[t].id.v, o->theme.v) == 0)
					break;
			bind_text(st, 1, o->id.v, 0);
			bind_text(st, 2, o->theme.v, 0);
			sqlite3_bind_int64(st, 3, (sqlite3_int64)++pos[t]);
			bind_text(st, 4, o->title.v, 0);
			bind_text(st, 5, o->summary.v, 0);
			bind_text(st, 6, o->for_whom.v, 0);
			bind_text(st, 7, o->cost.v, 0);
			bind_text(st, 8, o->how.v, 0);
			bind_text(st, 9, o->contact.v, 1);
			bind_text(st, 10, o->qr.v, 0);
			bind_text(st, 11, o->picto_res ? o->picto_res : "", 0);
			bind_text(st, 12, o->reviewed_on.v, 0);
			bind_text(st, 13, o->source.v, 0);
			bind_text(st, 14, o->body.v, 1);
			rc = step(db, st, "offer", o->id.v, e);
			for (size_t k = 0; k < o->nmsds && rc == 0; k++) {
				bind_text(om, 1, o->id.v, 0);
				bind_text(om, 2, o->msds[k], 0);
				rc = step(db, om, "offer MSD", o->id.v, e);
			}
		}
		sqlite3_finalize(st);
		sqlite3_finalize(om);
		free(pos);
		if (rc)
			return -1;
	}

	/* glossary */
	if ((st = db_prepare(db, "INSERT INTO glossary(word, variants, "
	    "explanation) VALUES (?1, ?2, ?3)", e)) == NULL)
		return -1;
	for (size_t i = 0; i < s->ngloss && rc == 0; i++) {
		const src_gloss *g = &s->gloss[i];
		char *v = variants(g->variants.v);

		bind_text(st, 1, g->word.v, 0);
		bind_text(st, 2, v, 0);
		bind_text(st, 3, g->explanation.v, 0);
		free(v);
		rc = step(db, st, "glossary word", g->word.v, e);
	}
	sqlite3_finalize(st);
	if (rc)
		return -1;

	/* feedback questions and their answers */
	{
		sqlite3_stmt *an;

		st = db_prepare(db, "INSERT INTO question(id, position, text) "
		    "VALUES (?1, ?2, ?3)", e);
		an = st ? db_prepare(db, "INSERT INTO answer(question_id, "
		    "position, picto, label) VALUES (?1, ?2, ?3, ?4)", e) : NULL;
		if (an == NULL) {
			sqlite3_finalize(st);
			return -1;
		}
		for (size_t i = 0; i < s->nquestions && rc == 0; i++) {
			const src_question *q = &s->questions[i];

			bind_text(st, 1, q->id.v, 0);
			sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
			bind_text(st, 3, q->text.v, 0);
			rc = step(db, st, "question", q->id.v, e);
			for (size_t k = 0; k < q->nans && rc == 0; k++) {
				bind_text(an, 1, q->id.v, 0);
				sqlite3_bind_int64(an, 2, (sqlite3_int64)k + 1);
				bind_text(an, 3, q->ans[k].picto, 0);
				bind_text(an, 4, q->ans[k].label, 0);
				rc = step(db, an, "answer of question", q->id.v, e);
			}
		}
		sqlite3_finalize(st);
		sqlite3_finalize(an);
	}
	return rc ? -1 : 0;
}

/* Fills the new file at tmp.  The connection is closed on return. */
static int
write_db(const char *tmp, const content_src *s, long version, err_t *e)
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
	/* The journal stays in memory: on failure the whole file goes. */
	if (db_exec(db, "PRAGMA journal_mode = MEMORY", e) < 0 ||
	    db_exec(db, "PRAGMA foreign_keys = ON", e) < 0 ||
	    db_exec(db, "BEGIN", e) < 0 ||
	    db_exec(db, content_schema[0], e) < 0 ||
	    db_exec(db, uv, e) < 0 ||
	    insert_all(db, s, version, e) < 0 ||
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
	if (write_db(tmp, s, version, e) < 0)
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
