/*
 * bare_insert.c - the reference bench/reminders compares against: rows
 * inserted into SQLite as plainly as SQLite allows, nothing checked.
 *
 *   bare_insert DB [-s SCHEMA.sql]... TABLE=ROWS.tsv|TABLE=@SRC.db...
 *
 * Opens DB with the settings msd-reminderd uses (lib/db.c: SQLite's
 * memory statistics off, WAL, synchronous = NORMAL, 16 MB cache, foreign
 * keys), runs each SCHEMA file,
 * then in one transaction inserts every row of each ROWS.tsv into its
 * TABLE with one prepared statement per table.  A TSV is what
 * `sqlite3 -header -tabs -nullvalue '\N'` prints: a header naming the
 * columns, then one row per line.  Values that are integers are bound as
 * integers, \N as NULL, the rest as text.  TABLE=@SRC.db copies the
 * table of another database instead, with one INSERT ... SELECT: SQLite's
 * fastest way in, the reference for what is itself set-wise (planning).
 *
 * The files are read into memory before the clock starts, so the time
 * printed is SQLite's alone: open, schema, inserts, commit, close.  On
 * stdout: wall-clock seconds, CPU seconds, rows inserted.  Built by
 * bench/reminders with cc -O2.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct load {
	const char *table;
	char *data;		/* a TSV, or NULL: copied from src */
	size_t len;
	const char *src;
};

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			if ((buf = realloc(buf, cap + 1)) == NULL) {
				fprintf(stderr, "%s: out of memory\n", path);
				exit(1);
			}
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void
die(sqlite3 *db, const char *what)
{
	fprintf(stderr, "bare_insert: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

static void
exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(db, sql);
}

static int
is_int(const char *s, size_t n)
{
	size_t i = s[0] == '-';

	if (n == i || n - i > 18 || (s[i] == '0' && n - i > 1))
		return 0;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Inserts the rows of one TSV (its header names the columns). */
static long
insert(sqlite3 *db, const struct load *l)
{
	char *p = l->data, *end = l->data + l->len, *nl;
	char sql[4096];
	size_t o;
	int ncols = 1;
	long rows = 0;
	sqlite3_stmt *st;

	nl = memchr(p, '\n', (size_t)(end - p));
	if (nl == NULL)
		return 0;
	*nl = '\0';
	for (char *c = p; *c; c++)
		if (*c == '\t') {
			*c = ',';
			ncols++;
		}
	o = (size_t)snprintf(sql, sizeof sql, "INSERT INTO %s (%s) VALUES (",
	    l->table, p);
	for (int i = 0; i < ncols && o < sizeof sql - 4; i++)
		o += (size_t)snprintf(sql + o, sizeof sql - o, i ? ",?" : "?");
	snprintf(sql + o, sizeof sql - o, ")");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(db, sql);
	for (p = nl + 1; p < end; p = nl + 1) {
		int col = 1;

		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		while (p <= nl && col <= ncols) {
			char *t = memchr(p, '\t', (size_t)(nl - p));
			size_t n;

			if (t == NULL)
				t = nl;
			n = (size_t)(t - p);
			if (n == 2 && p[0] == '\\' && p[1] == 'N')
				sqlite3_bind_null(st, col);
			else if (is_int(p, n))
				sqlite3_bind_int64(st, col, strtoll(p, NULL, 10));
			else
				sqlite3_bind_text(st, col, p, (int)n, SQLITE_STATIC);
			col++;
			p = t + 1;
		}
		if (sqlite3_step(st) != SQLITE_DONE)
			die(db, l->table);
		sqlite3_reset(st);
		rows++;
	}
	sqlite3_finalize(st);
	return rows;
}

static void
attach(sqlite3 *db, const char *path, int i)
{
	char sql[64];
	sqlite3_stmt *st;

	snprintf(sql, sizeof sql, "ATTACH ?1 AS src%d", i);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(db, sql);
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		die(db, path);
	sqlite3_finalize(st);
}

static long
copy(sqlite3 *db, const char *table, int i)
{
	char sql[512];

	snprintf(sql, sizeof sql, "INSERT INTO main.%s SELECT * FROM src%d.%s",
	    table, i, table);
	exec(db, sql);
	return (long)sqlite3_changes(db);
}

int
main(int argc, char **argv)
{
	struct load *loads = calloc((size_t)argc, sizeof *loads);
	char **schema = calloc((size_t)argc, sizeof *schema);
	int nloads = 0, nschema = 0;
	struct timespec t0, t1, c0, c1;
	sqlite3 *db;
	long rows = 0;

	if (argc < 3 || loads == NULL || schema == NULL) {
		fprintf(stderr, "usage: bare_insert DB [-s SCHEMA.sql]... "
		    "TABLE=ROWS.tsv...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		char *eq;
		size_t len;

		if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
			schema[nschema++] = slurp(argv[++i], &len);
		else if ((eq = strchr(argv[i], '=')) != NULL) {
			*eq = '\0';
			loads[nloads].table = argv[i];
			if (eq[1] == '@')
				loads[nloads].src = eq + 2;
			else
				loads[nloads].data = slurp(eq + 1, &loads[nloads].len);
			nloads++;
		} else {
			fprintf(stderr, "bare_insert: %s is neither -s FILE nor "
			    "TABLE=FILE\n", argv[i]);
			return 2;
		}
	}
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);	/* db_init_process() */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		die(db, argv[1]);
	exec(db, "PRAGMA journal_mode = WAL");
	exec(db, "PRAGMA synchronous = NORMAL");
	exec(db, "PRAGMA cache_size = -16384");
	exec(db, "PRAGMA foreign_keys = ON");
	for (int i = 0; i < nschema; i++)
		exec(db, schema[i]);
	for (int i = 0; i < nloads; i++)
		if (loads[i].src != NULL)
			attach(db, loads[i].src, i);
	exec(db, "BEGIN IMMEDIATE");
	for (int i = 0; i < nloads; i++)
		rows += loads[i].src ? copy(db, loads[i].table, i) :
		    insert(db, &loads[i]);
	exec(db, "COMMIT");
	if (sqlite3_close(db) != SQLITE_OK)
		die(db, "close");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	printf("%.3f %.3f %ld\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	    (double)(c1.tv_sec - c0.tv_sec) +
	    (double)(c1.tv_nsec - c0.tv_nsec) / 1e9, rows);
	for (int i = 0; i < nloads; i++)
		free(loads[i].data);
	for (int i = 0; i < nschema; i++)
		free(schema[i]);
	free(loads);
	free(schema);
	return 0;
}
