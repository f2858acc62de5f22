/*
 * stats_merge.c - `stats merge`: DIR/KIOSK/YYYY-MM-DD.csv into one CSV
 * (see stats_merge.h).
 */
#include "jobs/stats_merge.h"
#include "jobs/report_post.h"
#include "csvread.h"
#include "fsutil.h"
#include "timeutil.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A day's file is a few hundred rows (docs/evaluation.md: 254 if every
 * button were touched); far more is not a kiosk's. */
#define DAY_FILE_MAX	(16u << 20)

struct merge {
	const char *dir, *from, *to;
	FILE *out;
	struct stats_merge_result *res;
};

/* "YYYY-MM-DD.csv" of a real day: the day into day[11]. */
static int
day_name(const char *s, char day[11])
{
	int y, m, d;

	if (strlen(s) != 14 || strcmp(s + 10, ".csv") != 0)
		return 0;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return 0;
	memcpy(day, s, 10);
	day[10] = '\0';
	return time_parse_date(day, &y, &m, &d) == 0;
}

static void
note(struct merge *m, const char *path, const char *why)
{
	m->res->ignored++;
	strbuf_printf(&m->res->notes, "%s: %s, left out\n", path, why);
}

/* The entries of path in name order.  -1 + message.  The callers pass
 * over hidden ones without a word: they are the server's (Apache's
 * ".DAV" folders, its ".davfs.tmp" files while a PUT arrives). */
static int
list(const char *path, struct dirent ***ents, err_t *e)
{
	int n = scandir(path, ents, NULL, alphasort);

	if (n < 0)
		return err_set(e, "cannot read the folder %s: %s", path,
		    strerror(errno));
	return n;
}

/* p = dir/name; 0, or -1 if it does not fit (noted, left out). */
static int
join(struct merge *m, char p[PATH_MAX], const char *dir, const char *name)
{
	if ((size_t)snprintf(p, PATH_MAX, "%s/%s", dir, name) < PATH_MAX)
		return 0;
	m->res->ignored++;
	strbuf_printf(&m->res->notes, "%s/%s: path too long, left out\n", dir,
	    name);
	return -1;
}

static void
list_free(struct dirent **ents, int n)
{
	for (int i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
}

/* A positive whole number of at most 12 digits. */
static int
count_ok(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return n > 0 && n <= 12 && s[n] == '\0' && strspn(s, "0") < n;
}

/* One row of a day's file, checked, to out with the kiosk in front. */
static int
merge_row(struct merge *m, const csv_table *t, const csv_row *r,
    const char *kiosk, const char *day, const int col[4], err_t *e)
{
	const char *cell[5] = { kiosk };

	for (int i = 0; i < 4; i++)
		cell[i + 1] = csv_cell(r, col[i]);
	if (strcmp(cell[1], day) != 0)
		return err_set(e, "%s:%d: jour '%s' in the file of %s: not a "
		    "kiosk's upload (each file holds its own day only)", t->path,
		    r->line, cell[1], day);
	if (cell[2][0] == '\0' || cell[3][0] == '\0')
		return err_set(e, "%s:%d: empty type or element", t->path,
		    r->line);
	if (!count_ok(cell[4]))
		return err_set(e, "%s:%d: nombre '%s': expected a whole number "
		    "above 0", t->path, r->line, cell[4]);
	/* The export wrote ' before a cell a spreadsheet would run; it is
	 * written again below, not twice. */
	if (cell[3][0] == '\'' && csv_cell_is_formula(cell[3] + 1))
		cell[3]++;
	csv_write_row(m->out, cell, 5);
	m->res->rows++;
	return 0;
}

/* One DIR/KIOSK/DAY.csv. */
static int
merge_file(struct merge *m, const char *path, const char *kiosk,
    const char *day, err_t *e)
{
	static const char *const name[4] = { "jour", "type", "element",
	    "nombre" };
	csv_table t;
	int col[4], rc = 0;

	if (csv_load(path, DAY_FILE_MAX, &t, e) < 0)
		return -1;
	for (int i = 0; i < 4 && rc == 0; i++)
		if ((col[i] = csv_col(&t, name[i])) < 0)
			rc = err_set(e, "%s:%d: no column '%s' (a kiosk's day "
			    "has jour;type;element;nombre)", path, t.header_line,
			    name[i]);
	for (size_t i = 0; i < t.nrows && rc == 0; i++)
		rc = merge_row(m, &t, &t.rows[i], kiosk, day, col, e);
	csv_table_free(&t);
	return rc;
}

/* The days of one kiosk's folder. */
static int
merge_kiosk(struct merge *m, const char *kdir, const char *kiosk, err_t *e)
{
	struct dirent **ents;
	int n = list(kdir, &ents, e), rc = 0, days = 0;

	for (int i = 0; i < n && rc == 0; i++) {
		char p[PATH_MAX], day[11];
		struct stat sb;

		if (ents[i]->d_name[0] == '.' ||
		    join(m, p, kdir, ents[i]->d_name) < 0)
			continue;
		if (lstat(p, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			note(m, p, "not a regular file");
			continue;
		}
		if (!day_name(ents[i]->d_name, day)) {
			note(m, p, "not named YYYY-MM-DD.csv");
			continue;
		}
		m->res->found++;
		if ((m->from && strcmp(day, m->from) < 0) ||
		    (m->to && strcmp(day, m->to) > 0))
			continue;
		if ((rc = merge_file(m, p, kiosk, day, e)) == 0) {
			m->res->days++;
			days++;
		}
	}
	if (n >= 0)
		list_free(ents, n);
	if (days > 0)
		m->res->kiosks++;
	return n < 0 ? -1 : rc;
}

/* Every kiosk's folder of DIR. */
static int
merge_dir(struct merge *m, err_t *e)
{
	struct dirent **ents;
	int n = list(m->dir, &ents, e), rc = 0;

	for (int i = 0; i < n && rc == 0; i++) {
		char p[PATH_MAX];
		struct stat sb;

		if (ents[i]->d_name[0] == '.' ||
		    join(m, p, m->dir, ents[i]->d_name) < 0)
			continue;
		if (lstat(p, &sb) != 0 || !S_ISDIR(sb.st_mode))
			note(m, p, "not a kiosk's folder");
		else if (!report_kiosk_id_valid(ents[i]->d_name))
			note(m, p, "not a kiosk's name (letters, digits, '.', "
			    "'_', '-')");
		else
			rc = merge_kiosk(m, p, ents[i]->d_name, e);
	}
	if (n >= 0)
		list_free(ents, n);
	return n < 0 ? -1 : rc;
}

int
stats_merge(const char *dir, const char *from, const char *to,
    const char *out, struct stats_merge_result *res, err_t *e)
{
	static const char *const head[] = { "borne", "jour", "type", "element",
	    "nombre" };
	struct merge m = { dir, from, to, NULL, res };
	char tmp[PATH_MAX];

	memset(res, 0, sizeof *res);
	if ((m.out = fs_atomic_open(out, tmp, sizeof tmp, 0644, e)) == NULL)
		return -1;
	csv_write_bom(m.out);
	csv_write_row(m.out, head, 5);
	if (merge_dir(&m, e) < 0) {
		fs_atomic_abort(m.out, tmp);
		return -1;
	}
	if (res->found == 0) {
		fs_atomic_abort(m.out, tmp);
		return err_set(e, "%s holds no KIOSK/YYYY-MM-DD.csv: give the "
		    "folder where the web server stores the kiosks' uploads "
		    "(one folder per kiosk)", dir);
	}
	return fs_atomic_commit(m.out, tmp, out, e);
}

void
stats_merge_result_free(struct stats_merge_result *res)
{
	strbuf_free(&res->notes);
}
