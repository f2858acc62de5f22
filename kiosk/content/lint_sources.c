/*
 * lint_sources.c - the content sources read into structs (see
 * lint_sources.h), and the SHA-256 of what was read.
 *
 * The five CSV files are read the same way, from their tables in
 * model.c: the columns and where each goes in the row's struct.  The
 * pictogram list, the pages and the answers are read by hand, with the
 * names and the limits of their tables.
 */
#include "content/lint_sources.h"
#include "content/model.h"
#include "content/i18n_src.h"
#include "content/src_read.h"
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
	snprintf(buf, n, "%.*s/%s", (int)l, dir, model_picto.file);
	return buf;
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

/* The column in t of each source column of m (-1: none); 0 when a
 * required one is missing (E-COL). */
static int
columns(lint_ctx *c, const csv_table *t, const model_entity *m, int *col)
{
	int missing = 0;

	for (size_t k = 0; k < m->ncols; k++)
		col[k] = m->cols[k].src == NULL ? -1 : column(c, t,
		    m->cols[k].src, m->cols[k].flags & MODEL_REQUIRED, &missing);
	return !missing;
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

/* 1 if the source value of the column is a src_field. */
static int
is_field(const model_col *mc)
{
	return (mc->type == MODEL_FIELD || mc->type == MODEL_LIST) &&
	    mc->src_off != MODEL_NONE;
}

/* The strings a hand-reader made for row (a pictogram's, an answer's, a
 * page's id); not an offer's resolved pictogram, which lint points at
 * another field. */
static void
strings_free(const model_entity *m, void *row)
{
	for (size_t k = 0; k < m->ncols; k++)
		if (m->cols[k].type == MODEL_STRING)
			free(*(char **)model_member(row, m->cols[k].src_off));
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

/* A glyph as pictos.csv writes it (f0b1, U+F0B1) into *cp; 0 if it is no
 * code point (reported). */
static int
glyph(lint_ctx *c, const csv_table *t, const csv_row *r, const char *cell,
    uint32_t *cp)
{
	const char *g = cell;
	char *end;
	unsigned long v;

	if (strncasecmp(g, "U+", 2) == 0)
		g += 2;
	errno = 0;
	v = strtoul(g, &end, 16);
	if (*g == '\0' || *end != '\0' || errno || v == 0 || v > 0x10FFFF) {
		lint_report(c, t->path, r->line, "E-PICTO", "glyph '%s' is not a "
		    "hexadecimal code point such as f0b1", cell);
		return 0;
	}
	*cp = (uint32_t)v;
	return 1;
}

/* Row r of the pictogram list into p, its cells in the columns col of
 * model_picto; 0 if it is left out (reported): a bad glyph, a name
 * already in the list. */
static int
picto_row(lint_ctx *c, const content_src *s, const csv_table *t,
    const csv_row *r, const int *col, src_picto *p)
{
	const model_entity *m = &model_picto;

	memset(p, 0, sizeof *p);
	for (size_t k = 0; k < m->ncols; k++)
		if (m->cols[k].type == MODEL_CODEPOINT && !glyph(c, t, r,
		    csv_cell(r, col[k]), model_member(p, m->cols[k].src_off)))
			return 0;
	for (size_t k = 0; k < m->ncols; k++)
		if (m->cols[k].type == MODEL_STRING)
			*(char **)model_member(p, m->cols[k].src_off) =
			    xstrdup(csv_cell(r, col[k]));
	p->line = r->line;
	if (content_src_picto(s, p->name) != NULL) {
		lint_report(c, t->path, r->line, "E-DUP", "pictogram '%s' is "
		    "already in the list", p->name);
		strings_free(m, p);
		return 0;
	}
	return 1;
}

static void
load_pictos(lint_ctx *c, content_src *s, crypto_hash_sha256_state *h)
{
	csv_table t;
	int *col;

	if (access(s->f_pictos, R_OK) != 0) {
		lint_report(c, s->f_pictos, 0, "E-FILE", "cannot read the "
		    "pictogram list: %s (give its path with --pictos FILE)",
		    strerror(errno));
		return;
	}
	if (!content_load_csv(c, NULL, s->f_pictos, model_picto.file, 0, h, &t))
		return;
	col = xcalloc(model_picto.ncols, sizeof *col);
	if (columns(c, &t, &model_picto, col)) {
		s->pictos = xcalloc(t.nrows, sizeof *s->pictos);
		for (size_t i = 0; i < t.nrows; i++)
			s->npictos += picto_row(c, s, &t, &t.rows[i], col,
			    &s->pictos[s->npictos]);
	}
	free(col);
	csv_table_free(&t);
}

/* ================================================================ CSV rows */

/* Reads the CSV source of m at path into a new array of *n rows (NULL
 * when the file cannot be read or lacks a required column: reported). */
static void *
load_rows(lint_ctx *c, const char *root, const char *path,
    const model_entity *m, crypto_hash_sha256_state *h, size_t *n)
{
	csv_table t;
	void *rows = NULL;
	int *col;

	*n = 0;
	if (!content_load_csv(c, root, path, m->file, m->optional, h, &t))
		return NULL;
	col = xcalloc(m->ncols, sizeof *col);
	if (columns(c, &t, m, col)) {
		rows = xcalloc(t.nrows, m->src_size);
		for (size_t i = 0; i < t.nrows; i++)
			for (size_t k = 0; k < m->ncols; k++)
				if (is_field(&m->cols[k]))
					*(src_field *)model_at(rows, m->src_size, i,
					    m->cols[k].src_off) = cell(&t.rows[i],
					    col[k]);
		*n = t.nrows;
	}
	free(col);
	csv_table_free(&t);
	return rows;
}

/* The src_fields of n rows of m, and the array. */
static void
rows_free(const model_entity *m, void *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < m->ncols; k++)
			if (is_field(&m->cols[k]))
				field_free(model_at(rows, m->src_size, i,
				    m->cols[k].src_off));
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


/* The field of pg that the header key (folded) fills, or NULL. */
static src_field *
page_key(src_page *pg, const char *key)
{
	for (size_t k = 0; k < model_page.ncols; k++) {
		const model_col *mc = &model_page.cols[k];

		if (mc->type == MODEL_FIELD && mc->src != NULL &&
		    strcmp(mc->src, key) == 0)
			return model_member(pg, mc->src_off);
	}
	return NULL;
}

/* The header line "key: value" of n bytes at p into pg; every source
 * line goes to sources.  0 if it is no header line. */
static int
page_header(lint_ctx *c, src_page *pg, int line, const char *p, size_t n,
    strbuf *sources, int *sources_line)
{
	const char *colon = memchr(p, ':', n), *v;
	char *k, *key;
	src_field *f;
	size_t vn;
	int ok = 1;

	if (colon == NULL)
		return 0;
	k = xstrndup(p, (size_t)(colon - p));
	key = utf8_fold(k);
	v = colon + 1;
	vn = n - (size_t)(v - p);
	while (vn > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		vn--;
	}
	if ((f = page_key(pg, key)) != NULL) {
		if (f->line)
			lint_report(c, pg->file, line, "E-PAGE", "'%s:' given "
			    "twice (first on line %d)", k, f->line);
		free(f->v);
		f->v = xstrndup(v, vn);
		f->line = line;
	} else if (strcmp(key, "source") == 0 || strcmp(key, "sources") == 0) {
		if (vn > 0) {
			if (sources->len)
				strbuf_putc(sources, '\n');
			strbuf_add(sources, v, vn);
		}
		if (!*sources_line)
			*sources_line = line;
	} else
		ok = 0;
	free(key);
	free(k);
	return ok;
}

/* Header "key: value" lines, a blank line, then the text. */
static void
parse_page(lint_ctx *c, src_page *pg, const char *data)
{
	const char *p = data;
	strbuf sources = STRBUF_INIT;
	int line = 0, sources_line = 0, in_header = 0;

	for (size_t k = 0; k < model_page.ncols; k++)
		if (model_page.cols[k].type == MODEL_FIELD &&
		    model_page.cols[k].src != NULL)
			*(src_field *)model_member(pg,
			    model_page.cols[k].src_off) = nofield();
	while (*p) {
		const char *nl = strchr(p, '\n'), *e;
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
		if (!page_header(c, pg, line, p, n, &sources, &sources_line))
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

/* The page name in the folder dir into the next row of s->pages; 0 if
 * it cannot be read or is not UTF-8 (reported). */
static int
load_page(lint_ctx *c, content_src *s, const char *dir, const char *name,
    crypto_hash_sha256_state *h)
{
	char hname[300];
	char *path = path_join(dir, name), *data;
	const char *text;
	src_page *pg;
	size_t len;

	snprintf(hname, sizeof hname, "%s/%s", model_page.file, name);
	data = content_read_source(c, s->dir, path, hname, 0, h, &len);
	if (data == NULL) {
		free(path);
		return 0;
	}
	if (memchr(data, '\0', len) || !utf8_valid(data, len)) {
		lint_report(c, path, 0, "E-UTF8", "not UTF-8 text: save it as "
		    "UTF-8 (Unicode) in your text editor");
		free(data);
		free(path);
		return 0;
	}
	text = data;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		text += 3;
	pg = &s->pages[s->npages];
	pg->file = path;
	pg->id = content_page_id(name);
	parse_page(c, pg, text);
	free(data);
	return 1;
}

static void
load_pages(lint_ctx *c, content_src *s, crypto_hash_sha256_state *h)
{
	char *dir = path_join(s->dir, model_page.file);
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
	for (size_t i = 0; i < n; i++)
		s->npages += load_page(c, s, dir, names[i], h);
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
	s->f_msd = path_join(dir, model_msd.file);
	s->f_themes = path_join(dir, model_theme.file);
	s->f_offers = path_join(dir, model_offer.file);
	s->f_gloss = path_join(dir, model_glossary.file);
	s->f_questions = path_join(dir, model_question.file);
	s->f_pictos = xstrdup(pictos ? pictos :
	    lint_default_pictos(dir, buf, sizeof buf));
	/* This order is the order of the hash: keep it. */
	s->msds = load_rows(c, s->dir, s->f_msd, &model_msd, &h, &s->nmsds);
	s->themes = load_rows(c, s->dir, s->f_themes, &model_theme, &h,
	    &s->nthemes);
	s->offers = load_rows(c, s->dir, s->f_offers, &model_offer, &h,
	    &s->noffers);
	s->gloss = load_rows(c, s->dir, s->f_gloss, &model_glossary, &h,
	    &s->ngloss);
	s->questions = load_rows(c, s->dir, s->f_questions, &model_question,
	    &h, &s->nquestions);
	for (size_t i = 0; i < s->nquestions; i++)
		parse_answers(c, s->f_questions, &s->questions[i]);
	load_pages(c, s, &h);
	load_pictos(c, s, &h);
	i18n_src_load(c, s->dir, &s->i18n, &h);
	crypto_hash_sha256_final(&h, s->sha256);
	return s;
}

void
content_src_free(content_src *s)
{
	if (s == NULL)
		return;
	free(s->portal_url);
	i18n_src_free(&s->i18n);
	for (size_t i = 0; i < s->npictos; i++)
		strings_free(&model_picto, &s->pictos[i]);
	free(s->pictos);
	for (size_t i = 0; i < s->npages; i++) {
		free(s->pages[i].file);
		strings_free(&model_page, &s->pages[i]);
	}
	for (size_t i = 0; i < s->noffers; i++)
		free(s->offers[i].msds);	/* codes of s->msds */
	for (size_t i = 0; i < s->nquestions; i++) {
		src_question *q = &s->questions[i];

		for (size_t k = 0; k < q->nans; k++)
			strings_free(&model_answer, &q->ans[k]);
		free(q->ans);
	}
	rows_free(&model_page, s->pages, s->npages);
	rows_free(&model_msd, s->msds, s->nmsds);
	rows_free(&model_theme, s->themes, s->nthemes);
	rows_free(&model_offer, s->offers, s->noffers);
	rows_free(&model_glossary, s->gloss, s->ngloss);
	rows_free(&model_question, s->questions, s->nquestions);
	free(s->dir); free(s->f_msd); free(s->f_themes); free(s->f_offers);
	free(s->f_gloss); free(s->f_questions); free(s->f_pictos);
	free(s);
}

/* Where s keeps the rows of each top-level entity. */
static const struct {
	const model_entity *m;
	size_t rows, n;
} src_rows[] = {
#define ROWS(m, arr, n) { &m, offsetof(content_src, arr), \
	offsetof(content_src, n) }
	ROWS(model_picto, pictos, npictos),
	ROWS(model_msd, msds, nmsds),
	ROWS(model_theme, themes, nthemes),
	ROWS(model_page, pages, npages),
	ROWS(model_offer, offers, noffers),
	ROWS(model_glossary, gloss, ngloss),
	ROWS(model_question, questions, nquestions),
	ROWS(model_language, i18n.langs, i18n.nlangs),
	ROWS(model_translation, i18n.trs, i18n.ntrs),
#undef ROWS
};

const void *
content_src_rows(const content_src *s, const model_entity *m, size_t *n)
{
	for (size_t i = 0; i < sizeof src_rows / sizeof *src_rows; i++)
		if (src_rows[i].m == m) {
			*n = *model_count(s, src_rows[i].n);
			return model_rows(s, src_rows[i].rows);
		}
	*n = 0;
	return NULL;
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

/* Every value of row that the sources name (a column, a header key, a
 * label) against its limit: a src_field at its line, a string at line. */
static size_t
long_row(const char *file, int line, const model_entity *m, const void *row,
    content_long_fn fn, void *arg)
{
	size_t bad = 0;

	for (size_t k = 0; k < m->ncols; k++) {
		const model_col *mc = &m->cols[k];
		const char *what = mc->label ? mc->label : mc->src;

		if (what == NULL || mc->src_off == MODEL_NONE)
			continue;
		if (is_field(mc)) {
			const src_field *f = model_member(row, mc->src_off);

			bad += long_value(file, f->line, what, f->v, mc->max, fn,
			    arg);
		} else if (mc->type == MODEL_STRING)
			bad += long_value(file, line, what,
			    model_string(row, mc->src_off), mc->max, fn, arg);
	}
	return bad;
}

/* Every row of one CSV source. */
static size_t
long_rows(const char *file, const model_entity *m, const void *rows,
    size_t n, content_long_fn fn, void *arg)
{
	size_t bad = 0;

	for (size_t i = 0; i < n; i++)
		bad += long_row(file, 0, m, model_at(rows, m->src_size, i, 0),
		    fn, arg);
	return bad;
}

size_t
content_src_long_values(const content_src *s, content_long_fn fn, void *arg)
{
	size_t bad = 0;

	for (size_t i = 0; i < s->npictos; i++)
		bad += long_row(s->f_pictos, s->pictos[i].line, &model_picto,
		    &s->pictos[i], fn, arg);
	bad += long_rows(s->f_msd, &model_msd, s->msds, s->nmsds, fn, arg);
	bad += long_rows(s->f_themes, &model_theme, s->themes, s->nthemes, fn,
	    arg);
	bad += long_rows(s->f_offers, &model_offer, s->offers, s->noffers, fn,
	    arg);
	bad += long_rows(s->f_gloss, &model_glossary, s->gloss, s->ngloss, fn,
	    arg);
	bad += long_rows(s->f_questions, &model_question, s->questions,
	    s->nquestions, fn, arg);
	for (size_t i = 0; i < s->nquestions; i++) {
		const src_question *q = &s->questions[i];

		for (size_t k = 0; k < q->nans; k++)
			bad += long_row(s->f_questions, q->answers.line,
			    &model_answer, &q->ans[k], fn, arg);
	}
	for (size_t i = 0; i < s->i18n.ntrs; i++)
		bad += long_row(s->i18n.trs[i].file, s->i18n.trs[i].line,
		    &model_translation, &s->i18n.trs[i], fn, arg);
	/* A page's id comes from its file name: no line. */
	for (size_t i = 0; i < s->npages; i++)
		bad += long_row(s->pages[i].file, 0, &model_page, &s->pages[i],
		    fn, arg);
	return bad;
}
