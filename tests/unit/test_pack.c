/* build_pack + pack_open: a pack built from the content-ok fixture reads
 * back in display order; bad files (missing, empty, random bytes,
 * truncated, damaged, wrong schema version, not a pack, code in the
 * schema, values over content_limits.h, too slow to read) are refused
 * with a message, never a crash; a failed build (a value too long, too)
 * leaves no file behind; model.c describes the tables of the schema. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "content/build.h"
#include "content/lint.h"
#include "content/model.h"
#include "content/pack.h"
#include "schema.h"
#include "strbuf.h"

#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];		/* a fresh temporary directory */
static char good[300];		/* a good pack in it */

static int
setup(void **state)
{
	lint_ctx c;
	content_src *s;
	err_t e;

	(void)state;
	if (access("tests/fixtures/content-ok/offers.csv", R_OK) != 0) {
		fprintf(stderr, "run from the top of the source tree\n");
		return -1;
	}
	snprintf(dir, sizeof dir, "%s/test_pack.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(good, sizeof good, "%s/good.db", dir);
	lint_init(&c, stderr);
	s = lint_run("tests/fixtures/content-ok", "assets/content/pictos.csv", &c);
	if (c.errors || build_pack(s, good, 42, &e) < 0) {
		fprintf(stderr, "cannot build the fixture pack: %s\n", e.msg);
		return -1;
	}
	content_src_free(s);
	lint_free(&c);
	return 0;
}

static int
teardown(void **state)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	(void)state;
	while (d && (de = readdir(d)) != NULL) {
		char p[600];

		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
	return 0;
}

static void
test_good_pack(void **state)
{
	err_t e;
	pack *p = pack_open(good, &e);
	const pack_offer *o;

	(void)state;
	assert_non_null(p);
	assert_int_equal(p->version, 42);
	assert_int_equal(strlen(p->built_at), 16);
	assert_int_equal(p->nmsds, 7);
	assert_string_equal(p->msds[0].code, "albertville");	/* file order */
	assert_int_equal(p->nthemes, 2);
	assert_string_equal(p->themes[0].id, "emploi");		/* by ordre */
	assert_int_equal(p->npages, 2);
	assert_string_equal(p->pages[0].id, "le-rsa");
	assert_string_equal(p->pages[0].sources,
	    "https://www.service-public.fr/particuliers/vosdroits/N19775\n"
	    "PDIE 2022-2024, préambule");
	assert_int_equal(p->noffers, 4);
	/* Theme order, then file order within the theme. */
	assert_string_equal(p->offers[0].id, "plie");
	assert_string_equal(p->offers[1].id, "immersion");
	assert_string_equal(p->offers[2].id, "pret-voiture");
	assert_string_equal(p->offers[3].id, "aide-permis");
	o = pack_offer_find(p, "plie");
	assert_non_null(o);
	assert_string_equal(o->picto, "emploi");	/* the theme's */
	assert_string_equal(o->contact, "");		/* NULL becomes "" */
	assert_true(pack_offer_at(o, "chambery"));
	assert_false(pack_offer_at(o, "aix"));
	assert_true(pack_offer_at(o, NULL));
	o = pack_offer_find(p, "immersion");
	assert_int_equal(o->nmsds, 7);
	o = pack_offer_find(p, "pret-voiture");
	assert_string_equal(o->qr, "tel:+33479000010");
	assert_int_equal(o->nmsds, 2);
	assert_string_equal(o->msds[0], "maurienne");
	assert_non_null(strstr(o->body, "\n\nUn conseiller"));
	assert_null(pack_offer_find(p, "nope"));
	assert_non_null(pack_theme_find(p, "mobilite"));
	assert_non_null(pack_page_find(p, "vos-devoirs"));
	assert_non_null(pack_msd_find(p, "tarentaise"));
	assert_null(pack_msd_find(p, "lyon"));
	assert_int_equal(pack_picto_cp(p, "emploi"), 0xF0B1);
	assert_int_equal(pack_picto_cp(p, "nope"), 0xF059);
	assert_int_equal(p->ngloss, 6);
	for (size_t i = 0; i < p->ngloss; i++)
		if (strcmp(p->gloss[i].word, "MSD") == 0) {
			assert_int_equal(p->gloss[i].nvariants, 2);
			assert_string_equal(p->gloss[i].variants[1],
			    "maisons sociales");
		}
	assert_int_equal(p->nquestions, 1);
	assert_int_equal(p->questions[0].nanswers, 3);
	assert_string_equal(p->questions[0].answers[2].picto, "pas-content");
	assert_string_equal(p->questions[0].answers[2].label, "Non");
	pack_close(p);
}

/* Writes a file from bytes. */
static void
put(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

static char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc((size_t)len);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return buf;
}

/* pack_open and pack_open_to_show must refuse path with a message
 * containing want. */
static void
refused(const char *path, const char *want)
{
	pack *(*const open[])(const char *, err_t *) = { pack_open,
	    pack_open_to_show };

	for (int i = 0; i < 2; i++) {
		err_t e;
		pack *p;

		e.msg[0] = '\0';
		p = open[i](path, &e);
		if (p != NULL) {
			pack_close(p);
			fail_msg("%s was accepted (%s)", path, i ?
			    "pack_open_to_show" : "pack_open");
		}
		if (i == 0)
			print_message("%s\n", e.msg);
		if (strstr(e.msg, "content pack ") != e.msg ||
		    !strstr(e.msg, want) ||
		    !strstr(e.msg, "msd-kiosk content build"))
			fail_msg("message for %s: '%s' (want '%s')", path,
			    e.msg, want);
	}
}

static void
test_missing_empty_random(void **state)
{
	char p[400], junk[8192];

	(void)state;
	snprintf(p, sizeof p, "%s/none.db", dir);
	refused(p, "No such file");
	snprintf(p, sizeof p, "%s/empty.db", dir);
	put(p, "", 0);
	refused(p, "is empty");
	snprintf(p, sizeof p, "%s/random.db", dir);
	srand(7);
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)(rand() & 0xFF);
	put(p, junk, sizeof junk);
	refused(p, "not a SQLite file");
	refused(dir, "not a regular file");
}

static void
test_truncated(void **state)
{
	size_t n;
	char *data = slurp(good, &n);
	char p[400];

	(void)state;
	snprintf(p, sizeof p, "%s/trunc.db", dir);
	/* Cut in the middle of a page, then at a page boundary. */
	put(p, data, n / 2 + 100);
	refused(p, "truncated");
	put(p, data, 4096 * 2);
	refused(p, "truncated");
	/* Only the header. */
	put(p, data, 100);
	refused(p, "truncated");
	free(data);
}

static void
test_damaged(void **state)
{
	size_t n;
	char *data = slurp(good, &n);
	char p[400];

	(void)state;
	snprintf(p, sizeof p, "%s/damaged.db", dir);
	/* Scribble over every page after the first, keeping the size. */
	for (size_t i = 4096 + 8; i < n; i += 4096)
		memset(data + i, 0x5A, 64);
	put(p, data, n);
	refused(p, "damaged");
	free(data);
}

/* A damaged page in an audio clip: pack_open refuses the pack, the
 * kiosk's pack_open_to_show shows it (the clip would fail when read). */
static void
test_damaged_clip(void **state)
{
	char p[400];
	size_t n0, n;
	char *data = slurp(good, &n0);
	sqlite3 *db;
	err_t e;

	(void)state;
	free(data);
	snprintf(p, sizeof p, "%s/clip.db", dir);
	data = slurp(good, &n);
	put(p, data, n);
	free(data);
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	/* The fixture is built without audio: the table as a build adds it. */
	assert_int_equal(sqlite3_exec(db, content_audio_schema[0], NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO audio VALUES ('fr', "
	    "'page', 'x', '', '', '0', 1, 0, zeroblob(200000))", NULL, NULL,
	    NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	pack *pk = pack_open(p, &e);
	assert_non_null(pk);
	pack_close(pk);
	/* The clip's overflow pages were appended: break the chain in the
	 * middle of them (each starts with the next one's number). */
	data = slurp(p, &n);
	assert_true(n > n0 + 20 * 4096);
	memset(data + (n0 + n) / 2 / 4096 * 4096, 0x5A, 4);
	put(p, data, n);
	free(data);
	e.msg[0] = '\0';
	pk = pack_open(p, &e);
	assert_null(pk);
	assert_non_null(strstr(e.msg, "damaged"));
	pk = pack_open_to_show(p, &e);
	if (pk == NULL)
		fail_msg("pack_open_to_show: %s", e.msg);
	pack_close(pk);
}

/* A copy of the good pack changed with SQL. */
static void
altered(const char *name, const char *sql, char *out, size_t outn)
{
	size_t n;
	char *data = slurp(good, &n);
	sqlite3 *db;

	snprintf(out, outn, "%s/%s", dir, name);
	put(out, data, n);
	free(data);
	assert_int_equal(sqlite3_open(out, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* Sets user_version of a copy of the good pack to v; its path in p. */
static void
versioned(int v, char *p, size_t pn)
{
	char name[32], sql[64];

	snprintf(name, sizeof name, "v%d.db", v);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
	altered(name, sql, p, pn);
}

static void
test_wrong_version(void **state)
{
	char p[400], want[64];

	(void)state;
	/* The next version, a pack from before the last change, none. */
	for (int v = PACK_SCHEMA_VERSION + 1; v >= 0; v--) {
		if (v == PACK_SCHEMA_VERSION)
			continue;
		versioned(v, p, sizeof p);
		snprintf(want, sizeof want, "schema version %d", v);
		refused(p, want);
	}
}

static void
test_not_a_pack(void **state)
{
	char p[400], sql[128];
	sqlite3 *db;

	(void)state;
	/* A SQLite file with our version number but other tables. */
	snprintf(p, sizeof p, "%s/other.db", dir);
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	snprintf(sql, sizeof sql, "CREATE TABLE t(x); INSERT INTO t VALUES (1); "
	    "PRAGMA user_version = %d", PACK_SCHEMA_VERSION);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	refused(p, "not a content pack");
	/* A pack whose offer names a theme that is not there. */
	altered("fk.db", "DELETE FROM theme WHERE id = 'mobilite'", p, sizeof p);
	refused(p, "inconsistent");
	/* No version in meta. */
	altered("meta.db", "DELETE FROM meta WHERE key = 'version'", p, sizeof p);
	refused(p, "no version");
}

/* A pack is data: code in its schema is refused before anything runs,
 * and no value may be longer than content_limits.h allows. */
static void
test_code_and_long_values(void **state)
{
	char p[400];

	(void)state;
	altered("trig.db", "CREATE TRIGGER t AFTER UPDATE ON msd BEGIN "
	    "DELETE FROM offer; END", p, sizeof p);
	refused(p, "holds a trigger 't': a pack holds data, never code");
	altered("view.db", "CREATE VIEW v AS WITH RECURSIVE r(x) AS (SELECT 1 "
	    "UNION ALL SELECT x + 1 FROM r) SELECT x FROM r", p, sizeof p);
	refused(p, "holds a view 'v'");
	altered("answer.db", "UPDATE answer SET label = printf('%.*c', 401, "
	    "'x')", p, sizeof p);
	refused(p, "label is 401 bytes long, at most 400");
	altered("body.db", "UPDATE page SET body = printf('%.*c', 65537, 'x')",
	    p, sizeof p);
	refused(p, "body is 65537 bytes long, at most 65536");
	altered("meta.db", "UPDATE meta SET value = printf('%.*c', 1000, '7') "
	    "WHERE key = 'built_at'", p, sizeof p);
	refused(p, "meta 'built_at': value is 1000 bytes long");
	/* Past 16 MB, SQLite does not even hand the value over. */
	altered("huge.db", "UPDATE page SET body = printf('%.*c', 20000000, "
	    "'x')", p, sizeof p);
	refused(p, "holds a value longer than 16777216 bytes");
	unlink(p);
}

/* The time bound: a pack that takes longer than it to read is given up,
 * with a message.  A big table that quick_check reads page by page takes
 * far more than 1 ms; the default bound reads it. */
static void
test_time_bound(void **state)
{
	char p[400];
	err_t e;
	pack *pk;

	(void)state;
	altered("big.db", "CREATE TABLE junk(x); WITH RECURSIVE r(i) AS "
	    "(SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100000) "
	    "INSERT INTO junk SELECT randomblob(100) FROM r", p, sizeof p);
	e.msg[0] = '\0';
	pk = pack_open_within(p, 1, &e);
	assert_null(pk);
	if (strstr(e.msg, "takes more than 1 ms to read") == NULL)
		fail_msg("message: %s", e.msg);
	pk = pack_open(p, &e);
	if (pk == NULL)
		fail_msg("the default bound: %s", e.msg);
	pack_close(pk);
	unlink(p);
}

static size_t
count_files(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static void
test_build_failure_leaves_nothing(void **state)
{
	lint_ctx c;
	content_src *s;
	err_t e;
	char p[400];
	size_t before;

	(void)state;
	lint_init(&c, NULL);
	s = lint_run("tests/fixtures/content-ok", "assets/content/pictos.csv", &c);
	/* No such directory. */
	snprintf(p, sizeof p, "%s/no/such/dir/pack.db", dir);
	assert_int_equal(build_pack(s, p, 1, &e), -1);
	assert_non_null(strstr(e.msg, "cannot write"));
	/* The target is a directory: the rename fails, the temp goes. */
	snprintf(p, sizeof p, "%s/adir", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	before = count_files();
	assert_int_equal(build_pack(s, p, 1, &e), -1);
	assert_int_equal(count_files(), before);
	rmdir(p);
	/* A rebuild replaces a pack in place. */
	snprintf(p, sizeof p, "%s/re.db", dir);
	assert_int_equal(build_pack(s, p, 5, &e), 0);
	assert_int_equal(build_pack(s, p, 6, &e), 0);
	{
		pack *pk = pack_open(p, &e);

		assert_non_null(pk);
		assert_int_equal(pk->version, 6);
		pack_close(pk);
	}
	content_src_free(s);
	lint_free(&c);
}

/* The build refuses a value too long for a pack even when no lint ran
 * before it, and leaves nothing behind. */
static void
test_build_refuses_long(void **state)
{
	lint_ctx c;
	content_src *s;
	err_t e;
	char p[400];
	size_t before;

	(void)state;
	lint_init(&c, NULL);
	s = lint_run("tests/fixtures/content-ok", "assets/content/pictos.csv",
	    &c);
	assert_int_equal(c.errors, 0);
	free(s->msds[0].name.v);
	s->msds[0].name.v = xmalloc(402);
	memset(s->msds[0].name.v, 'x', 401);
	s->msds[0].name.v[401] = '\0';
	snprintf(p, sizeof p, "%s/long.db", dir);
	before = count_files();
	assert_int_equal(build_pack(s, p, 1, &e), -1);
	if (strstr(e.msg, "msd.csv:2: nom is 401 bytes long, at most 400") ==
	    NULL)
		fail_msg("message: %s", e.msg);
	assert_int_equal(count_files(), before);
	content_src_free(s);
	lint_free(&c);
}

/* A question's `plusieurs` (lint's q->multiple) is written to the pack
 * and read back as 0 or 1, whatever a pack holds. */
static void
test_question_multiple(void **state)
{
	lint_ctx c;
	content_src *s;
	char path[400];
	pack *p;
	err_t e;

	(void)state;
	lint_init(&c, NULL);
	s = lint_run("tests/fixtures/content-ok", "assets/content/pictos.csv", &c);
	assert_int_equal(c.errors, 0);
	assert_int_equal(s->nquestions, 1);
	assert_int_equal(s->questions[0].multiple, 0);	/* no column */
	s->questions[0].multiple = 1;
	snprintf(path, sizeof path, "%s/multiple.db", dir);
	assert_int_equal(build_pack(s, path, 1, &e), 0);
	content_src_free(s);
	lint_free(&c);
	p = pack_open(path, &e);
	assert_non_null(p);
	assert_int_equal(p->questions[0].multiple, 1);
	pack_close(p);
	p = pack_open(good, &e);
	assert_non_null(p);
	assert_int_equal(p->questions[0].multiple, 0);
	pack_close(p);
	altered("multiple7.db", "UPDATE question SET multiple = 7", path,
	    sizeof path);
	p = pack_open(path, &e);
	assert_non_null(p);
	assert_int_equal(p->questions[0].multiple, 1);
	pack_close(p);
}

/* One table of schema/content.sql against its description in model.c:
 * the same columns, each INTEGER or TEXT as its type says, NULL allowed
 * where the model writes NULL for empty.  Returns the table's name. */
static const char *
check_table(sqlite3 *db, const model_entity *m)
{
	sqlite3_stmt *st;
	size_t in_schema = 0, written = 0;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name, type, \"notnull\", "
	    "pk FROM pragma_table_info(?1)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, m->table, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *type = (const char *)sqlite3_column_text(st, 1);
		int notnull = sqlite3_column_int(st, 2) || sqlite3_column_int(st, 3);
		const model_col *mc = NULL;

		in_schema++;
		for (size_t k = 0; k < m->ncols; k++)
			if (m->cols[k].name && !m->cols[k].expr &&
			    strcmp(m->cols[k].name, name) == 0)
				mc = &m->cols[k];
		if (mc == NULL)
			fail_msg("%s.%s is in schema/content.sql, not in model.c",
			    m->table, name);
		if (strcmp(type, mc->type == MODEL_POSITION ||
		    mc->type == MODEL_CODEPOINT || mc->type == MODEL_FLAG ?
		    "INTEGER" : "TEXT") != 0)
			fail_msg("%s.%s is %s in the schema", m->table, name, type);
		if (notnull == !!(mc->flags & MODEL_NULL))
			fail_msg("%s.%s: NOT NULL in the schema and MODEL_NULL in "
			    "model.c disagree", m->table, name);
	}
	sqlite3_finalize(st);
	for (size_t k = 0; k < m->ncols; k++)
		written += m->cols[k].name && !m->cols[k].expr;
	if (written != in_schema)
		fail_msg("model.c names %zu columns of %s, the schema %zu",
		    written, m->table, in_schema);
	return m->table;
}

static void
test_model_matches_schema(void **state)
{
	const char *tables[32];
	size_t n = 0;
	sqlite3_stmt *st;
	sqlite3 *db;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, content_schema[0], NULL, NULL, NULL),
	    SQLITE_OK);
	for (size_t i = 0; i < model_nentities; i++) {
		tables[n++] = check_table(db, model_entities[i]);
		if (model_entities[i]->child)
			tables[n++] = check_table(db, model_entities[i]->child);
	}
	/* Every table but meta (written by hand) is described. */
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema "
	    "WHERE type = 'table' AND name <> 'meta'", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		size_t i;

		for (i = 0; i < n && strcmp(tables[i], name) != 0; i++)
			;
		if (i == n)
			fail_msg("table %s of the schema is not in model.c", name);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_pack),
		cmocka_unit_test(test_missing_empty_random),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_damaged_clip),
		cmocka_unit_test(test_wrong_version),
		cmocka_unit_test(test_not_a_pack),
		cmocka_unit_test(test_build_failure_leaves_nothing),
		cmocka_unit_test(test_code_and_long_values),
		cmocka_unit_test(test_time_bound),
		cmocka_unit_test(test_build_refuses_long),
		cmocka_unit_test(test_question_multiple),
		cmocka_unit_test(test_model_matches_schema),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
