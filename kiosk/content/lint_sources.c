/*
 * lint_sources.c - the content sources read into structs (see
 * lint_sources.h), and the SHA-256 of what was read.
 *
 * The five CSV files are read the same way, from one table each: the
 * columns and where each goes in the row's struct.
 */
#include "content/lint_sources.h"
#include "content/content_limits.h"
#include "csvread.h"
#include "fsutil.h"
#include "strbuf.h"
#include "utf8.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* ================================================================ files */

static char *
path_join(const char *dir, const char *name)
{
	strbuf b = STRBUF_INIT;

	strbuf_puts(&b, dir);
	if (b.len > 0 && b.s[b.len - 1] != '/')
		strbuf_putc(&b, '/');
	strbuf_puts(&b, name);
	return strbuf_take(&b);
}

const char *
lint_default_pictos(const char *dir, char *buf, size_t n)
{
	size_t l = strlen(dir);

	while (l > 1 && dir[l - 1] == '/')
		l--;
	snprintf(buf, n, "%.*s/pictos.csv", (int)l, dir);
	return buf;
}

static void
hash_file(crypto_hash_sha256_state *h, const char *name, const char *data,
    size_t len)
{
	unsigned char n8[8];
	uint64_t l = len;

	/* name, NUL, 8-byte length, bytes: no two file sets hash the same. */
	crypto_hash_sha256_update(h, (const unsigned char *)name,
	    strlen(name) + 1);
	for (int i = 0; i < 8; i++)
		n8[i] = (unsigned char)(l >> (8 * i));
	crypto_hash_sha256_update(h, n8, sizeof n8);
	crypto_hash_sha256_update(h, (const unsigned char *)data, len);
}

/* 1 if path, symbolic links followed, is inside the folder root (or
 * cannot be resolved: reading it will say why). */
static int
inside(const char *root, const char *path)
{
	char *r = realpath(root, NULL), *p = realpath(path, NULL);
	int ok = 1;

	if (r && p) {
		size_t n = strlen(r);

		ok = strcmp(r, "/") == 0 || (strncmp(p, r, n) == 0 &&
		    (p[n] == '/' || p[n] == '\0'));
	}
	free(r);
	free(p);
	return ok;
}

/* Reads a file whole.  Missing: NULL, and E-FILE unless optional.  A
 * file of the source folder (root, NULL for the pictogram list, which
 * may be anywhere) may be a symbolic link only to a file inside it: a
 * link to /etc/passwd made lint echo its lines in the messages.  Only
 * regular files are read (fs_read_file): a FIFO does not hang lint. */
static char *
read_source(lint_ctx *c, const char *root, const char *path,
    const char *hname, int optional, crypto_hash_sha256_state *h,
    size_t *len)
{
	err_t e;
	char *data;

	if (optional && access(path, F_OK) != 0 && errno == ENOENT)
		return NULL;
	if (root && !inside(root, path)) {
		lint_report(c, path, 0, "E-FILE", "leads out of the source "
		    "folder %s (a symbolic link?): put the file itself in the "
		    "folder", root);
		return NULL;
	}
	data = fs_read_file(path, 16 << 20, len, &e);
	if (data == NULL) {
		lint_report(c, path, 0, "E-FILE", "%s", e.msg);
		return NULL;
	}
	c->files++;
	hash_file(h, hname, data, *len);
	return data;
}

/* Loads a CSV source; 0 if it could not be read (reported). */
static int
load_csv(lint_ctx *c, const char *root, const char *path,
    const char *hname, int optional,
    crypto_hash_sha256_state *h, csv_table *t)
{
	size_t len, pl = strlen(path);
	char *data = read_source(c, root, path, hname, optional, h, &len);
	err_t e;

	memset(t, 0, sizeof *t);
	if (data == NULL)
		return 0;
	if (csv_parse_mem(data, len, path, t, &e) < 0) {
		/* csvread says "PATH:LINE: why"; we say it our way. */
		const char *m = e.msg;
		int line = 0;

		if (strncmp(m, path, pl) == 0 && m[pl] == ':') {
			char *rest;

			line = (int)strtol(m + pl + 1, &rest, 10);
			m = *rest == ':' ? rest + 1 : m + pl + 1;
			while (*m == ' ')
				m++;
		}
		lint_report(c, path, line, "E-CSV", "%s", m);
		free(data);
		return 0;
	}
	free(data);
	/* More cells than columns: most often a ';' typed in a cell that
	 * is not quoted, which shifts the rest of the line. */
	for (size_t i = 0; i < t->nrows; i++) {
		const csv_row *r = &t->rows[i];
		size_t last = r->n;

		while (last > t->ncols && r->cell[last - 1][0] == '\0')
			last--;
		if (last > t->ncols)
			lint_report(c, path, r->line, "E-CSV", "this line has %zu "
			    "cells but the first line names %zu columns: a ';' "
			    "inside a cell must be in a quoted cell (save it again "
			    "from the spreadsheet)", last, t->ncols);
	}
	return 1;
}

/* ================================================================ cells */

/* Column index, or -1 with E-COL when required. */
static int
column(lint_ctx *c, const csv_table *t, const char *name, int required,
    int *missing)
{
	int col = csv_col(t, name);

	if (col < 0 && required) {
		lint_report(c, t->path, t->header_line, "E-COL", "missing column "
		    "'%s' (the first line names the columns; accents and "
		    "capitals do not matter)", name);
		*missing = 1;
	}
	return col;
}

/* A cell with the line it starts on: a quoted cell before it may span
 * several lines. */
static src_field
cell(const csv_row *r, int col)
{
	src_field f = { xstrdup(csv_cell(r, col)), r->line };

	for (int i = 0; i < col && (size_t)i < r->n; i++)
		for (const char *p = r->cell[i]; *p; p++)
			f.line += *p == '\n';
	return f;
}

static src_field
nofield(void)
{
	src_field f = { xstrdup(""), 0 };

	return f;
}

static void
field_free(src_field *f)
{
	free(f->v);
}

/* ================================================================ pictograms */

const src_picto *
content_src_picto(const content_src *s, const char *name)
{
	for (size_t i = 0; i < s->npictos; i++)
		if (strcmp(s->pictos[i].name, name) == 0)
			return &s->pictos[i];
	return NULL;
}

static void
load_pictos(lint_ctx *c, content_src *s, crypto_hash_sha256_state *h)
{
	csv_table t;
	int miss = 0, cn, cg, cd;

	if (access(s->f_pictos, R_OK) != 0) {
		lint_report(c, s->f_pictos, 0, "E-FILE", "cannot read the "
		    "pictogram list: %s (give its path with --pictos FILE)",
		    strerror(errno));
		return;
	}
	if (!load_csv(c, NULL, s->f_pictos, "pictos.csv", 0, h, &t))
		return;
	cn = column(c, &t, "nom", 1, &miss);
	cg = column(c, &t, "glyphe", 1, &miss);
	cd = column(c, &t, "description", 0, &miss);
	if (!miss) {
		s->pictos = xcalloc(t.nrows, sizeof *s->pictos);
		for (size_t i = 0; i < t.nrows; i++) {
			const csv_row *r = &t.rows[i];
			const char *g = csv_cell(r, cg);
			char *end;
			unsigned long cp;

			if (strncasecmp(g, "U+", 2) == 0)
				g += 2;
			errno = 0;
			cp = strtoul(g, &end, 16);
			if (*g == '\0' || *end != '\0' || errno || cp == 0 ||
			    cp > 0x10FFFF) {
				lint_report(c, t.path, r->line, "E-PICTO", "glyph "
				    "'%s' is not a hexadecimal code point such as "
				    "f0b1", csv_cell(r, cg));
				continue;
			}
			if (content_src_picto(s, csv_cell(r, cn)) != NULL) {
				lint_report(c, t.path, r->line, "E-DUP", "pictogram "
				    "'%s' is already in the list", csv_cell(r, cn));
				continue;
			}
			s->pictos[s->npictos].name = xstrdup(csv_cell(r, cn));
			s->pictos[s->npictos].label = xstrdup(csv_cell(r, cd));
			s->pictos[s->npictos].codepoint = (uint32_t)cp;
			s->pictos[s->npictos].line = r->line;
			s->npictos++;
		}
	}
	csv_table_free(&t);
}

/* ================================================================ CSV rows */

/* A column of a CSV source, and the src_field it fills in a row. */
struct src_col {
	const char *name;	/* folded */
	int required;		/* E-COL when missing */
	size_t off;		/* of the src_field in the row's struct */
	size_t max;		/* its longest value: content_limits.h */
};

#define COL(type, name, required, member, max) \
	{ name, required, offsetof(type, member), max }

static const struct src_col msd_cols[] = {
	COL(src_msd, "code", 1, code, CONTENT_MAX_ID),
	COL(src_msd, "nom", 1, name, CONTENT_MAX_LINE),
	COL(src_msd, "territoire", 1, territory, CONTENT_MAX_LINE),
	COL(src_msd, "adresse", 1, address, CONTENT_MAX_LINE),
	COL(src_msd, "telephone", 1, phone, CONTENT_MAX_LINE),
	COL(src_msd, "horaires", 1, hours, CONTENT_MAX_LINE),
	COL(src_msd, "source", 1, source, CONTENT_MAX_LINE),
};

static const struct src_col theme_cols[] = {
	COL(src_theme, "id", 1, id, CONTENT_MAX_ID),
	COL(src_theme, "titre", 1, title, CONTENT_MAX_LINE),
	COL(src_theme, "pictogramme", 1, picto, CONTENT_MAX_ID),
	COL(src_theme, "ordre", 1, order, CONTENT_MAX_ID),
	COL(src_theme, "resume", 1, summary, CONTENT_MAX_TEXT),
};

static const struct src_col offer_cols[] = {
	COL(src_offer, "id", 1, id, CONTENT_MAX_ID),
	COL(src_offer, "theme", 1, theme, CONTENT_MAX_ID),
	COL(src_offer, "titre", 1, title, CONTENT_MAX_LINE),
	COL(src_offer, "resume", 1, summary, CONTENT_MAX_TEXT),
	COL(src_offer, "pour_qui", 1, for_whom, CONTENT_MAX_TEXT),
	COL(src_offer, "cout", 1, cost, CONTENT_MAX_TEXT),
	COL(src_offer, "comment", 1, how, CONTENT_MAX_TEXT),
	COL(src_offer, "contact", 0, contact, CONTENT_MAX_TEXT),
	COL(src_offer, "msd", 1, msd, CONTENT_MAX_TEXT),
	COL(src_offer, "qr", 1, qr, CONTENT_MAX_LINE),
	COL(src_offer, "pictogramme", 0, picto, CONTENT_MAX_ID),
	COL(src_offer, "verifie_le", 1, reviewed_on, CONTENT_MAX_ID),
	COL(src_offer, "source", 1, source, CONTENT_MAX_LINE),
	COL(src_offer, "texte", 0, body, CONTENT_MAX_BODY),
};

static const struct src_col gloss_cols[] = {
	COL(src_gloss, "mot", 1, word, CONTENT_MAX_LINE),
	COL(src_gloss, "variantes", 0, variants, CONTENT_MAX_TEXT),
	COL(src_gloss, "explication", 1, explanation, CONTENT_MAX_TEXT),
};

static const struct src_col question_cols[] = {
	COL(src_question, "id", 1, id, CONTENT_MAX_ID),
	COL(src_question, "ordre", 1, order, CONTENT_MAX_ID),
	COL(src_question, "question", 1, text, CONTENT_MAX_TEXT),
	COL(src_question, "reponses", 1, answers, CONTENT_MAX_TEXT),
};

/* One CSV source: its file in the source folder, and its rows. */
struct src_csv {
	const char *name;	/* file name, and its name in the hash */
	int optional;		/* a missing file is no error */
	const struct src_col *cols;
	size_t ncols;
	size_t size;		/* of the row's struct */
};

#define CSV(name, optional, cols, type) \
	{ name, optional, cols, sizeof cols / sizeof *cols, sizeof(type) }

static const struct src_csv msd_csv = CSV("msd.csv", 0, msd_cols, src_msd);
static const struct src_csv theme_csv =
    CSV("themes.csv", 0, theme_cols, src_theme);
static const struct src_csv offer_csv =
    CSV("offers.csv", 0, offer_cols, src_offer);
static const struct src_csv gloss_csv =
    CSV("glossary.csv", 0, gloss_cols, src_gloss);
static const struct src_csv question_csv =
    CSV("questions.csv", 1, question_cols, src_question);

/* Field k of row i of rows. */
static src_field *
row_field(void *rows, const struct src_csv *f, size_t i, size_t k)
{
	return (src_field *)((char *)rows + i * f->size + f->cols[k].off);
}

/* Reads the CSV source f at path into a new array of *n rows (NULL when
 * the file cannot be read or lacks a required column: reported). */
static void *
load_rows(lint_ctx *c, const char *root, const char *path,
    const struct src_csv *f, crypto_hash_sha256_state *h, size_t *n)
{
	csv_table t;
	int *col, missing = 0;
	void *rows = NULL;

	*n = 0;
	if (!load_csv(c, root, path, f->name, f->optional, h, &t))
		return NULL;
	col = xcalloc(f->ncols, sizeof *col);
	for (size_t k = 0; k < f->ncols; k++)
		col[k] = column(c, &t, f->cols[k].name, f->cols[k].required,
		    &missing);
	if (!missing) {
		rows = xcalloc(t.nrows, f->size);
		for (size_t i = 0; i < t.nrows; i++)
			for (size_t k = 0; k < f->ncols; k++)
				*row_field(rows, f, i, k) = cell(&t.rows[i], col[k]);
		*n = t.nrows;
	}
	free(col);
	csv_table_free(&t);
	return rows;
}

static void
rows_free(void *rows, const struct src_csv *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < f->ncols; k++)
			field_free(row_field(rows, f, i, k));
	free(rows);
}

/* "oui:Oui|non:Non" into q's answers; each malformed one is reported. */
static void
parse_answers(lint_ctx *c, const char *file, src_question *q)
{
	const char *p = q->answers.v;

	while (*p) {
		const char *bar = strchr(p, '|'), *colon;
		size_t n;

		if (bar == NULL)
			bar = p + strlen(p);
		n = (size_t)(bar - p);
		colon = memchr(p, ':', n);
		if (colon == NULL || colon == p || colon + 1 == bar) {
			lint_report(c, file, q->answers.line, "E-ANSWER", "answer "
			    "'%.*s' is not pictogramme:texte (for example "
			    "oui:Oui)", (int)n, p);
		} else {
			char *pic = xstrndup(p, (size_t)(colon - p));
			char *lab = xstrndup(colon + 1, (size_t)(bar - colon - 1));
			size_t pl = strlen(pic), ll = strlen(lab);

			while (pl > 0 && pic[pl - 1] == ' ')
				pic[--pl] = '\0';
			while (ll > 0 && lab[ll - 1] == ' ')
				lab[--ll] = '\0';
			q->ans = xrealloc(q->ans, (q->nans + 1) * sizeof *q->ans);
			q->ans[q->nans].picto = xstrdup(pic + strspn(pic, " "));
			q->ans[q->nans].label = xstrdup(lab + strspn(lab, " "));
			q->nans++;
			free(pic);
			free(lab);
		}
		p = *bar ? bar + 1 : bar;
	}
}

/* ================================================================ pages */

/* "02-vos-droits.txt" -> "vos-droits": the number only sorts the files. */
static char *
page_id(const char *name)
{
	const char *p = name, *dot = strrchr(name, '.');

	while (*p >= '0' && *p <= '9')
		p++;
	if (p > name && (*p == '-' || *p == '_') && p + 1 < dot)
		p++;
	else
		p = name;
	return xstrndup(p, (size_t)(dot - p));
}

/* Header "key: value" lines, a blank line, then the text. */
static void
parse_page(lint_ctx *c, src_page *pg, const char *data)
{
	const char *p = data;
	strbuf sources = STRBUF_INIT;
	int line = 0, sources_line = 0, in_header = 0;

	pg->title = nofield();
	pg->picto = nofield();
	pg->reviewed_on = nofield();
	while (*p) {
		const char *nl = strchr(p, '\n'), *e, *colon;
		size_t n;

		line++;
		e = nl ? nl : p + strlen(p);
		n = (size_t)(e - p);
		while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' ' ||
		    p[n - 1] == '\t'))
			n--;
		if (n == 0) {
			if (in_header)
				break;		/* the blank line after the header */
			p = nl ? nl + 1 : e;	/* blank lines before it */
			continue;
		}
		in_header = 1;
		colon = memchr(p, ':', n);
		if (colon != NULL) {
			char *k = xstrndup(p, (size_t)(colon - p));
			char *key = utf8_fold(k);
			const char *v = colon + 1;
			size_t vn = n - (size_t)(v - p);
			src_field *f = NULL;

			while (vn > 0 && (*v == ' ' || *v == '\t')) {
				v++;
				vn--;
			}
			if (strcmp(key, "titre") == 0)
				f = &pg->title;
			else if (strcmp(key, "pictogramme") == 0)
				f = &pg->picto;
			else if (strcmp(key, "verifie_le") == 0)
				f = &pg->reviewed_on;
			if (f) {
				if (f->line)
					lint_report(c, pg->file, line, "E-PAGE", "'%s:' "
					    "given twice (first on line %d)", k,
					    f->line);
				free(f->v);
				f->v = xstrndup(v, vn);
				f->line = line;
			} else if (strcmp(key, "source") == 0 ||
			    strcmp(key, "sources") == 0) {
				if (vn > 0) {
					if (sources.len)
						strbuf_putc(&sources, '\n');
					strbuf_add(&sources, v, vn);
				}
				if (!sources_line)
					sources_line = line;
			} else
				colon = NULL;
			free(key);
			free(k);
		}
		if (colon == NULL)
			lint_report(c, pg->file, line, "E-PAGE", "'%.*s' is not a "
			    "header line: a page starts with titre:, "
			    "pictogramme:, vérifié le: and source: lines, then an "
			    "empty line, then the text", (int)(n > 40 ? 40 : n), p);
		p = nl ? nl + 1 : e;
	}
	pg->sources.v = strbuf_take(&sources);
	pg->sources.line = sources_line;
	/* p is at the blank line (or the end): the text starts after it. */
	if (*p) {
		const char *nl = strchr(p, '\n');

		p = nl ? nl + 1 : p + strlen(p);
		line++;
	}
	pg->body.v = xstrdup(p);
	pg->body.line = line;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
load_pages(lint_ctx *c, content_src *s, crypto_hash_sha256_state *h)
{
	char *dir = path_join(s->dir, "pages");
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;

	if (d == NULL) {
		lint_report(c, dir, 0, "E-FILE", "cannot read the pages folder: "
		    "%s", strerror(errno));
		free(dir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		if (l < 5 || strcmp(de->d_name + l - 4, ".txt") != 0) {
			char *p = path_join(dir, de->d_name);

			lint_report(c, p, 0, "W-FILE", "ignored: pages are .txt "
			    "files");
			free(p);
			continue;
		}
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_str);
	s->pages = xcalloc(n, sizeof *s->pages);
	for (size_t i = 0; i < n; i++) {
		char hname[300];
		char *path = path_join(dir, names[i]);
		size_t len;
		char *data;

		snprintf(hname, sizeof hname, "pages/%s", names[i]);
		data = read_source(c, s->dir, path, hname, 0, h, &len);
		if (data == NULL) {
			free(path);
			continue;
		}
		if (memchr(data, '\0', len) || !utf8_valid(data, len)) {
			lint_report(c, path, 0, "E-UTF8", "not UTF-8 text: save it "
			    "as UTF-8 (Unicode) in your text editor");
			free(data);
			free(path);
			continue;
		}
		{
			src_page *pg = &s->pages[s->npages++];
			const char *text = data;

			if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
				text += 3;
			pg->file = path;
			pg->id = page_id(names[i]);
			parse_page(c, pg, text);
		}
		free(data);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir);
}


content_src *
content_src_load(const char *dir, const char *pictos, lint_ctx *c)
{
	content_src *s = xcalloc(1, sizeof *s);
	crypto_hash_sha256_state h;
	char buf[4096];

	if (sodium_init() < 0)
		abort();		/* cannot happen: no randomness is needed */
	crypto_hash_sha256_init(&h);
	s->dir = xstrdup(dir);
	s->f_msd = path_join(dir, msd_csv.name);
	s->f_themes = path_join(dir, theme_csv.name);
	s->f_offers = path_join(dir, offer_csv.name);
	s->f_gloss = path_join(dir, gloss_csv.name);
	s->f_questions = path_join(dir, question_csv.name);
	s->f_pictos = xstrdup(pictos ? pictos :
	    lint_default_pictos(dir, buf, sizeof buf));
	/* This order is the order of the hash: keep it. */
	s->msds = load_rows(c, s->dir, s->f_msd, &msd_csv, &h, &s->nmsds);
	s->themes = load_rows(c, s->dir, s->f_themes, &theme_csv, &h, &s->nthemes);
	s->offers = load_rows(c, s->dir, s->f_offers, &offer_csv, &h, &s->noffers);
	s->gloss = load_rows(c, s->dir, s->f_gloss, &gloss_csv, &h, &s->ngloss);
	s->questions = load_rows(c, s->dir, s->f_questions, &question_csv, &h,
	    &s->nquestions);
	for (size_t i = 0; i < s->nquestions; i++)
		parse_answers(c, s->f_questions, &s->questions[i]);
	load_pages(c, s, &h);
	load_pictos(c, s, &h);
	crypto_hash_sha256_final(&h, s->sha256);
	return s;
}

void
content_src_free(content_src *s)
{
	if (s == NULL)
		return;
	free(s->portal_url);
	for (size_t i = 0; i < s->npictos; i++) {
		free(s->pictos[i].name);
		free(s->pictos[i].label);
	}
	free(s->pictos);
	for (size_t i = 0; i < s->npages; i++) {
		src_page *p = &s->pages[i];

		free(p->file); free(p->id);
		field_free(&p->title); field_free(&p->picto);
		field_free(&p->reviewed_on); field_free(&p->sources);
		field_free(&p->body);
	}
	free(s->pages);
	for (size_t i = 0; i < s->noffers; i++)
		free(s->offers[i].msds);
	for (size_t i = 0; i < s->nquestions; i++) {
		src_question *q = &s->questions[i];

		for (size_t k = 0; k < q->nans; k++) {
			free(q->ans[k].picto);
			free(q->ans[k].label);
		}
		free(q->ans);
	}
	rows_free(s->msds, &msd_csv, s->nmsds);
	rows_free(s->themes, &theme_csv, s->nthemes);
	rows_free(s->offers, &offer_csv, s->noffers);
	rows_free(s->gloss, &gloss_csv, s->ngloss);
	rows_free(s->questions, &question_csv, s->nquestions);
	free(s->dir); free(s->f_msd); free(s->f_themes); free(s->f_offers);
	free(s->f_gloss); free(s->f_questions); free(s->f_pictos);
	free(s);
}

/* ================================================================ lengths */

/* One value against its limit. */
static size_t
long_value(const char *file, int line, const char *what, const char *v,
    size_t max, content_long_fn fn, void *arg)
{
	size_t len = strlen(v);

	if (len <= max)
		return 0;
	fn(arg, file, line, what, len, max);
	return 1;
}

/* Every field of the rows of one CSV source. */
static size_t
long_rows(const char *file, const struct src_csv *f, const void *rows,
    size_t n, content_long_fn fn, void *arg)
{
	size_t bad = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < f->ncols; k++) {
			const src_field *v = row_field((void *)rows, f, i, k);

			bad += long_value(file, v->line, f->cols[k].name, v->v,
			    f->cols[k].max, fn, arg);
		}
	return bad;
}

size_t
content_src_long_values(const content_src *s, content_long_fn fn, void *arg)
{
	size_t bad = 0;

	for (size_t i = 0; i < s->npictos; i++) {
		const src_picto *p = &s->pictos[i];

		bad += long_value(s->f_pictos, p->line, "nom", p->name,
		    CONTENT_MAX_ID, fn, arg);
		bad += long_value(s->f_pictos, p->line, "description", p->label,
		    CONTENT_MAX_LINE, fn, arg);
	}
	bad += long_rows(s->f_msd, &msd_csv, s->msds, s->nmsds, fn, arg);
	bad += long_rows(s->f_themes, &theme_csv, s->themes, s->nthemes, fn,
	    arg);
	bad += long_rows(s->f_offers, &offer_csv, s->offers, s->noffers, fn,
	    arg);
	bad += long_rows(s->f_gloss, &gloss_csv, s->gloss, s->ngloss, fn, arg);
	bad += long_rows(s->f_questions, &question_csv, s->questions,
	    s->nquestions, fn, arg);
	for (size_t i = 0; i < s->nquestions; i++) {
		const src_question *q = &s->questions[i];

		for (size_t k = 0; k < q->nans; k++) {
			bad += long_value(s->f_questions, q->answers.line,
			    "reponses (a pictogram)", q->ans[k].picto,
			    CONTENT_MAX_ID, fn, arg);
			bad += long_value(s->f_questions, q->answers.line,
			    "reponses (an answer)", q->ans[k].label,
			    CONTENT_MAX_LINE, fn, arg);
		}
	}
	for (size_t i = 0; i < s->npages; i++) {
		const src_page *p = &s->pages[i];

		bad += long_value(p->file, 0, "the file name", p->id,
		    CONTENT_MAX_ID, fn, arg);
		bad += long_value(p->file, p->title.line, "titre", p->title.v,
		    CONTENT_MAX_LINE, fn, arg);
		bad += long_value(p->file, p->picto.line, "pictogramme",
		    p->picto.v, CONTENT_MAX_ID, fn, arg);
		bad += long_value(p->file, p->reviewed_on.line, "vérifié le",
		    p->reviewed_on.v, CONTENT_MAX_ID, fn, arg);
		bad += long_value(p->file, p->sources.line, "the sources",
		    p->sources.v, CONTENT_MAX_TEXT, fn, arg);
		bad += long_value(p->file, p->body.line, "the text", p->body.v,
		    CONTENT_MAX_BODY, fn, arg);
	}
	return bad;
}
