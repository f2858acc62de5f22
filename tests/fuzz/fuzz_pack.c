/*
 * fuzz_pack.c - the content pack reader (kiosk/content/pack.c) on SQLite files
 * made from the input.
 *
 * The input is either a database image (it starts with "SQLite format
 * 3"), written to a file as it is, or SQL statements run on a pack that
 * already has the real schema (schema/content.sql) and a version, so
 * that the fuzzer works on the rows and on what a hostile pack could
 * add: views, triggers, virtual tables, odd schema entries.  An input
 * starting with "--bare" runs on an empty database instead.  The SQL is
 * run under an authorizer that lets it shape a database and nothing
 * else (no ATTACH, no VACUUM INTO, few pragmas), and within time and
 * size bounds.  The file is then opened with the real pack_open().
 *
 * Properties: pack_open() returns (a hang is a failure: libFuzzer's
 * -timeout, and the replay's alarm); it never changes the file; a pack
 * it accepts has no view, trigger or virtual table (packs are data,
 * never code), a positive version, no NULL string, a question's
 * multiple 0 or 1, and offers only at MSDs of the pack.
 */
#include "fuzz.h"
#include "content/pack.h"
#include "schema.h"

#include <sqlite3.h>
#include <strings.h>
#include <unistd.h>

static char dir[512], path[600];
static unsigned char *tmpl;	/* the schema'd pack, as an image */
static sqlite3_int64 tmpl_len;

static void
cleanup(void)
{
	char p[640];

	unlink(path);
	snprintf(p, sizeof p, "%s-journal", path);
	unlink(p);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	sqlite3 *db;
	char meta[160];

	(void)argc;
	(void)argv;
	fuzz_tmpdir(dir, sizeof dir, "pack");
	snprintf(path, sizeof path, "%s/pack.db", dir);
	atexit(cleanup);
	/* The version the reader reads: the seeds work on the rows. */
	snprintf(meta, sizeof meta, "INSERT INTO meta VALUES ('version', '1'), "
	    "('built_at', '2026-12-01 10:30'); PRAGMA user_version = %d",
	    PACK_SCHEMA_VERSION);
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, content_schema[0], NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, meta, NULL, NULL, NULL) != SQLITE_OK)
		abort();
	tmpl = sqlite3_serialize(db, "main", &tmpl_len, 0);
	if (tmpl == NULL)
		abort();
	sqlite3_close(db);
	return 0;
}

static int
authorize(void *arg, int action, const char *a, const char *b,
    const char *dbname, const char *trigger)
{
	(void)arg; (void)b; (void)dbname; (void)trigger;
	switch (action) {
	case SQLITE_ATTACH:
	case SQLITE_DETACH:
		return SQLITE_DENY;
	case SQLITE_PRAGMA:
		/* The pragmas that shape the file; none that reach outside. */
		return (strcasecmp(a, "user_version") == 0 ||
		    strcasecmp(a, "writable_schema") == 0 ||
		    strcasecmp(a, "foreign_keys") == 0 ||
		    strcasecmp(a, "application_id") == 0 ||
		    strcasecmp(a, "schema_version") == 0) ? SQLITE_OK : SQLITE_DENY;
	case SQLITE_FUNCTION:
		return strcasecmp(b, "load_extension") == 0 ||
		    strcasecmp(b, "fts3_tokenizer") == 0 ? SQLITE_DENY : SQLITE_OK;
	default:
		return SQLITE_OK;
	}
}

/* Bounds the SQL of one input: a recursive CTE must not run forever. */
static int
progress(void *arg)
{
	return ++*(long *)arg > 2000;	/* x 1000 opcodes */
}

/* Runs each statement of sql on db; a statement that fails is skipped. */
static void
run_sql(sqlite3 *db, const char *sql)
{
	const char *tail = sql;
	long ticks = 0;

	/* 128 KB: twice the longest field a pack may hold
	 * (CONTENT_MAX_BODY), enough to test the reader's limits.  With 1 MB,
	 * printf('...%.*c', 1000000, 'x') spent over 10 s in reallocations
	 * under ASan, inside one opcode the progress handler cannot stop. */
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1 << 17);
	sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1 << 17);
	sqlite3_exec(db, "PRAGMA max_page_count = 1024", NULL, NULL, NULL);
	sqlite3_set_authorizer(db, authorize, NULL);
	sqlite3_progress_handler(db, 1000, progress, &ticks);
	while (tail && *tail) {
		sqlite3_stmt *st = NULL;
		const char *start = tail;

		if (sqlite3_prepare_v2(db, tail, -1, &st, &tail) != SQLITE_OK) {
			/* Skip to the next statement. */
			const char *semi = strchr(start, ';');

			tail = semi ? semi + 1 : NULL;
			continue;
		}
		if (tail == start)
			break;
		if (st == NULL)
			continue;
		if (strcasestr(sqlite3_sql(st), "vacuum") == NULL)
			while (sqlite3_step(st) == SQLITE_ROW)
				;
		sqlite3_finalize(st);
	}
	sqlite3_set_authorizer(db, NULL, NULL);
	sqlite3_progress_handler(db, 0, NULL, NULL);
}

/* The pack file from the input; its bytes in *img (caller frees). */
static unsigned char *
make_pack(const uint8_t *data, size_t size, size_t *len)
{
	unsigned char *img;
	sqlite3_int64 n;
	sqlite3 *db;
	FILE *f;

	if (size >= 16 && memcmp(data, "SQLite format 3", 16) == 0) {
		img = malloc(size ? size : 1);
		if (img == NULL)
			abort();
		memcpy(img, data, size);
		*len = size;
	} else {
		char *sql = fuzz_cstr(data, size);
		int bare = strncmp(sql, "--bare", 6) == 0;

		if (sqlite3_open(":memory:", &db) != SQLITE_OK)
			abort();
		if (!bare) {
			unsigned char *copy = sqlite3_malloc64((sqlite3_uint64)tmpl_len);

			if (copy == NULL)
				abort();
			memcpy(copy, tmpl, (size_t)tmpl_len);
			if (sqlite3_deserialize(db, "main", copy, tmpl_len,
			    tmpl_len, SQLITE_DESERIALIZE_FREEONCLOSE |
			    SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
				abort();
		}
		run_sql(db, sql);
		free(sql);
		img = sqlite3_serialize(db, "main", &n, 0);
		sqlite3_close(db);
		if (img == NULL || n == 0) {
			sqlite3_free(img);
			return NULL;
		}
		unsigned char *copy = malloc((size_t)n);
		if (copy == NULL)
			abort();
		memcpy(copy, img, (size_t)n);
		sqlite3_free(img);
		img = copy;
		*len = (size_t)n;
	}
	f = fopen(path, "wb");
	if (f == NULL || fwrite(img, 1, *len, f) != *len || fclose(f) != 0)
		abort();
	return img;
}

/* Views, triggers and virtual tables in the file, read from its schema
 * table only (nothing of theirs is run). */
static int
code_in(void)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return 0;
	}
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE "
	    "type IN ('view', 'trigger') OR sql LIKE 'create virtual%'", -1,
	    &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void
check_pack(const pack *p)
{
	PROP(p->version > 0 && p->built_at && p->path, "version %ld", p->version);
	for (size_t i = 0; i < p->npictos; i++)
		PROP(p->pictos[i].name && p->pictos[i].label, "picto %zu", i);
	for (size_t i = 0; i < p->nmsds; i++) {
		const pack_msd *m = &p->msds[i];

		PROP(m->code && m->name && m->territory && m->address && m->phone &&
		    m->hours && m->source, "MSD %zu has a NULL string", i);
	}
	for (size_t i = 0; i < p->nthemes; i++)
		PROP(p->themes[i].id && p->themes[i].title && p->themes[i].picto &&
		    p->themes[i].summary, "theme %zu has a NULL string", i);
	for (size_t i = 0; i < p->npages; i++) {
		const pack_page *g = &p->pages[i];

		PROP(g->id && g->title && g->picto && g->reviewed_on && g->body &&
		    g->sources, "page %zu has a NULL string", i);
		PROP(pack_page_find(p, g->id) != NULL, "page %s not found", g->id);
		(void)pack_picto_cp(p, g->picto);
	}
	for (size_t i = 0; i < p->noffers; i++) {
		const pack_offer *o = &p->offers[i];

		PROP(o->id && o->theme && o->title && o->summary && o->for_whom &&
		    o->cost && o->how && o->contact && o->qr && o->picto &&
		    o->reviewed_on && o->source && o->body, "offer %zu has a NULL "
		    "string", i);
		PROP(pack_theme_find(p, o->theme) != NULL, "offer %s: theme %s "
		    "not in the pack", o->id, o->theme);
		for (size_t k = 0; k < o->nmsds; k++)
			PROP(o->msds[k][0] && pack_msd_find(p, o->msds[k]) != NULL &&
			    pack_offer_at(o, o->msds[k]), "offer %s at MSD '%s', "
			    "not in the pack", o->id, o->msds[k]);
	}
	for (size_t i = 0; i < p->ngloss; i++) {
		PROP(p->gloss[i].word && p->gloss[i].explanation, "gloss %zu", i);
		for (size_t k = 0; k < p->gloss[i].nvariants; k++)
			PROP(p->gloss[i].variants[k][0], "gloss %zu: empty variant", i);
	}
	for (size_t i = 0; i < p->nquestions; i++) {
		const pack_question *q = &p->questions[i];

		PROP(q->id && q->text, "question %zu", i);
		PROP(q->multiple == 0 || q->multiple == 1, "question %s: "
		    "multiple is %d", q->id, q->multiple);
		for (size_t k = 0; k < q->nanswers; k++)
			PROP(q->answers[k].picto && q->answers[k].label,
			    "question %s answer %zu", q->id, k);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *img, *after;
	size_t len, alen;
	pack *p;
	err_t e;
	FILE *f;

	img = make_pack(data, size, &len);
	if (img == NULL)
		return 0;
	p = pack_open(path, &e);
	if (p == NULL)
		PROP(strstr(e.msg, path) != NULL, "refusal without the path: %s",
		    e.msg);
	/* Read-only: not a byte changed. */
	after = malloc(len + 1);
	f = fopen(path, "rb");
	if (after == NULL || f == NULL)
		abort();
	alen = fread(after, 1, len + 1, f);
	fclose(f);
	PROP(alen == len && memcmp(img, after, len) == 0, "pack_open changed "
	    "the file");
	free(after);
	if (p != NULL) {
		int code = code_in();

		PROP(code == 0, "a pack with %d views, triggers or virtual "
		    "tables was accepted", code);
		check_pack(p);
		pack_close(p);
	}
	free(img);
	unlink(path);
	return 0;
}
