/*
 * i18n_src.c - interface.csv and traductions/LANG/ into the sources (see
 * i18n_src.h).
 */
#include "content/i18n_src.h"
#include "content/i18n.h"
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
#include <sys/stat.h>

void
i18n_fingerprint(const char *text, size_t n, char out[13])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	static const char hex[] = "0123456789abcdef";

	while (n > 0 && strchr(" \t\r\n", *text)) {
		text++;
		n--;
	}
	while (n > 0 && strchr(" \t\r\n", text[n - 1]))
		n--;
	crypto_hash_sha256(d, (const unsigned char *)text, n);
	for (int i = 0; i < 6; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[12] = '\0';
}

static char *
join(const char *a, const char *b)
{
	strbuf s = STRBUF_INIT;

	strbuf_printf(&s, "%s/%s", a, b);
	return strbuf_take(&s);
}

static void
add_tr(content_i18n *s, size_t *cap, const char *lang, const char *key,
    const char *text, const char *from, const char *file, int line)
{
	src_tr *t;

	if (s->ntrs == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		s->trs = xrealloc(s->trs, *cap * sizeof *s->trs);
	}
	t = &s->trs[s->ntrs++];
	t->lang = xstrdup(lang);
	t->key = xstrdup(key);
	t->text = xstrdup(text);
	t->from = xstrdup(from ? from : "");
	t->file = file;
	t->line = line;
}

/* A cell of r, "" past its end. */
static const char *
cell(const csv_row *r, int col)
{
	return col >= 0 && (size_t)col < r->n ? r->cell[col] : "";
}

/* interface.csv: the French words of the kiosk. */
static void
load_ui(lint_ctx *c, content_i18n *s, crypto_hash_sha256_state *h,
    size_t *cap)
{
	csv_table t;
	int ck, ct;

	s->f_ui = join(s->dir, I18N_UI_FILE);
	if (!content_load_csv(c, s->dir, s->f_ui, I18N_UI_FILE, 1, h, &t))
		return;
	s->has_ui = 1;
	ck = csv_col(&t, "cle");
	ct = csv_col(&t, "texte");
	if (ck < 0 || ct < 0)
		lint_report(c, s->f_ui, t.header_line, "E-COL", "needs the "
		    "columns clé and texte (the name the program asks for, and "
		    "the words shown)");
	for (size_t i = 0; ck >= 0 && ct >= 0 && i < t.nrows; i++) {
		const csv_row *r = &t.rows[i];
		char key[160];

		if (*cell(r, ck) == '\0')
			continue;
		snprintf(key, sizeof key, "ui.%s", cell(r, ck));
		add_tr(s, cap, "fr", key, cell(r, ct), "", s->f_ui, r->line);
	}
	csv_table_free(&t);
}

/* traductions/LANG/textes.csv: the rows with a text. */
static void
load_sheet(lint_ctx *c, content_i18n *s, const char *lang, const char *dir,
    crypto_hash_sha256_state *h, size_t *cap)
{
	char *path = join(dir, "textes.csv");
	char hname[64];
	const char *file;
	csv_table t;
	int ck, ct, cf;

	snprintf(hname, sizeof hname, I18N_DIR "/%s/textes.csv", lang);
	if (!content_load_csv(c, s->dir, path, hname, 1, h, &t)) {
		free(path);
		return;
	}
	/* Kept until the sources are freed: the rows point at it. */
	file = path;
	s->files = xrealloc(s->files, (s->nfiles + 1) *
	    sizeof *s->files);
	s->files[s->nfiles++] = path;
	ck = csv_col(&t, "cle");
	ct = csv_col(&t, "texte");
	cf = csv_col(&t, "traduit_de");
	if (ck < 0 || ct < 0 || cf < 0)
		lint_report(c, file, t.header_line, "E-COL", "needs the columns "
		    "clé, texte and traduit_de (write the sheet again with "
		    "python3 tools/translation_sheet.py %s %s)", s->dir, lang);
	for (size_t i = 0; ck >= 0 && ct >= 0 && cf >= 0 && i < t.nrows; i++) {
		const csv_row *r = &t.rows[i];

		if (*cell(r, ck) == '\0' || *cell(r, ct) == '\0')
			continue;
		add_tr(s, cap, lang, cell(r, ck), cell(r, ct), cell(r, cf), file,
		    r->line);
	}
	csv_table_free(&t);
}

/* A translated page: header lines, a blank line, the text. */
static void
parse_page(lint_ctx *c, content_i18n *s, const char *lang, const char *id,
    const char *file, const char *data, size_t *cap)
{
	const char *p = data;
	char *title = NULL, *from = NULL, key[160];
	int line = 0;

	while (*p) {
		const char *nl = strchr(p, '\n'), *e = nl ? nl : p + strlen(p);
		const char *colon;
		size_t n = (size_t)(e - p);

		line++;
		while (n > 0 && strchr(" \t\r", p[n - 1]))
			n--;
		if (n == 0) {
			p = nl ? nl + 1 : e;
			if (title || from)
				break;
			continue;
		}
		colon = memchr(p, ':', n);
		if (colon) {
			char *k = xstrndup(p, (size_t)(colon - p)), *fk = utf8_fold(k);
			const char *v = colon + 1;

			while (*v == ' ' || *v == '\t')
				v++;
			if (strcmp(fk, "titre") == 0) {
				free(title);
				title = xstrndup(v, (size_t)(p + n - v));
			} else if (strcmp(fk, "traduit_de") == 0) {
				free(from);
				from = xstrndup(v, (size_t)(p + n - v));
			} else if (strcmp(fk, "etat") != 0)
				colon = NULL;
			free(fk);
			free(k);
		}
		if (colon == NULL)
			lint_report(c, file, line, "E-PAGE", "'%.*s' is not a header "
			    "line: a translated page starts with titre:, traduit de: "
			    "and état: lines, then an empty line, then the text",
			    (int)(n > 40 ? 40 : n), p);
		p = nl ? nl + 1 : e;
	}
	if (title == NULL || *title == '\0')
		lint_report(c, file, 1, "E-PAGE", "has no 'titre:' line: give the "
		    "page's title in its language");
	else {
		snprintf(key, sizeof key, "page.%s.titre", id);
		add_tr(s, cap, lang, key, title, from, file, 1);
	}
	snprintf(key, sizeof key, "page.%s.texte", id);
	if (*p)
		add_tr(s, cap, lang, key, p, from, file, line + 1);
	free(title);
	free(from);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the entries of dir that pass ok, sorted; NULL if dir
 * cannot be read. */
static char **
list_dir(const char *dir, int (*ok)(const char *dir, const char *name),
    size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;

	*n = 0;
	if (d == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !ok(dir, de->d_name))
			continue;
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof *v, cmp_name);
	return v;
}

static void
free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
is_txt(const char *dir, const char *name)
{
	size_t l = strlen(name);

	(void)dir;
	return l > 4 && strcmp(name + l - 4, ".txt") == 0;
}

/* A language folder: 2 or 3 lowercase letters (ISO 639-1 or -3). */
static int
is_lang(const char *dir, const char *name)
{
	size_t l = strlen(name);
	char *p;
	struct stat sb;
	int ok;

	if (l < 2 || l > 3 || strspn(name, "abcdefghijklmnopqrstuvwxyz") != l)
		return 0;
	p = join(dir, name);
	ok = stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
	free(p);
	return ok;
}

static void
load_pages(lint_ctx *c, content_i18n *s, const char *lang, const char *dir,
    crypto_hash_sha256_state *h, size_t *cap)
{
	char *pdir = join(dir, "pages"), hname[160];
	size_t n;
	char **names = list_dir(pdir, is_txt, &n);

	for (size_t i = 0; i < n; i++) {
		char *path = join(pdir, names[i]), *id, *data;
		size_t len;

		snprintf(hname, sizeof hname, I18N_DIR "/%s/pages/%s", lang,
		    names[i]);
		data = content_read_source(c, s->dir, path, hname, 0, h, &len);
		id = content_page_id(names[i]);
		if (data && !utf8_valid(data, len))
			lint_report(c, path, 0, "E-UTF8", "is not UTF-8: save it as "
			    "UTF-8 (Unicode) in your text editor");
		else if (data)
			parse_page(c, s, lang, id, path, data, cap);
		free(data);
		free(id);
		s->files = xrealloc(s->files, (s->nfiles + 1) *
		    sizeof *s->files);
		s->files[s->nfiles++] = path;
	}
	free_list(names, n);
	free(pdir);
}

static void
add_lang(content_i18n *s, const char *code, const char *dir)
{
	src_lang *l;

	s->langs = xrealloc(s->langs, (s->nlangs + 1) * sizeof *s->langs);
	l = &s->langs[s->nlangs++];
	l->code = xstrdup(code);
	l->name = NULL;
	l->dir = xstrdup(dir);
	l->rtl = i18n_rtl_code(code);
}

static int
cmp_tr(const void *a, const void *b)
{
	const src_tr *x = a, *y = b;
	int c = strcmp(x->lang, y->lang);

	return c ? c : strcmp(x->key, y->key);
}

void
i18n_src_load(lint_ctx *c, const char *folder, content_i18n *s,
    crypto_hash_sha256_state *h)
{
	char *root;

	s->dir = folder;
	root = join(s->dir, I18N_DIR);
	size_t cap = 0, n;
	char **langs;

	load_ui(c, s, h, &cap);
	add_lang(s, "fr", "");
	langs = list_dir(root, is_lang, &n);
	for (size_t i = 0; i < n; i++) {
		char *dir = join(root, langs[i]);

		if (strcmp(langs[i], "fr") == 0) {
			lint_report(c, dir, 0, "E-LANG", "French is the reference: "
			    "its texts are the sources themselves, not a "
			    "translation (remove this folder)");
			free(dir);
			continue;
		}
		add_lang(s, langs[i], dir);
		load_sheet(c, s, langs[i], dir, h, &cap);
		load_pages(c, s, langs[i], dir, h, &cap);
		free(dir);
	}
	free_list(langs, n);
	free(root);
	if (s->ntrs > 1)
		qsort(s->trs, s->ntrs, sizeof *s->trs, cmp_tr);
	for (size_t i = 1; i < s->ntrs; i++)
		if (cmp_tr(&s->trs[i - 1], &s->trs[i]) == 0)
			lint_report(c, s->trs[i].file, s->trs[i].line, "E-DUP",
			    "'%s' is given twice (also line %d of %s): keep one",
			    s->trs[i].key, s->trs[i - 1].line, s->trs[i - 1].file);
	/* Each language by its own name: its ui.langue. */
	for (size_t i = 0; i < s->nlangs; i++) {
		src_lang *l = &s->langs[i];

		for (size_t k = 0; k < s->ntrs && l->name == NULL; k++)
			if (strcmp(s->trs[k].lang, l->code) == 0 &&
			    strcmp(s->trs[k].key, "ui.langue") == 0)
				l->name = xstrdup(s->trs[k].text);
		if (l->name == NULL) {
			/* A folder without interface.csv (an old one, a
			 * test's) is French only: its name is its code. */
			if (i > 0 || s->has_ui)
				lint_report(c, i ? l->dir : s->f_ui, 0, "E-LANG",
				    "no text for ui.langue: the language's own name "
				    "in its own script (\"English\", \"العربية\"), "
				    "shown on the language button");
			l->name = xstrdup(l->code);
		}
	}
}

void
i18n_src_free(content_i18n *s)
{
	for (size_t i = 0; i < s->ntrs; i++) {
		free(s->trs[i].lang);
		free(s->trs[i].key);
		free(s->trs[i].text);
		free(s->trs[i].from);
	}
	free(s->trs);
	for (size_t i = 0; i < s->nlangs; i++) {
		free(s->langs[i].code);
		free(s->langs[i].name);
		free(s->langs[i].dir);
	}
	free(s->langs);
	free_list(s->files, s->nfiles);
	free(s->f_ui);
}

const src_lang *
i18n_src_lang(const content_i18n *s, const char *code)
{
	for (size_t i = 0; i < s->nlangs; i++)
		if (strcmp(s->langs[i].code, code) == 0)
			return &s->langs[i];
	return NULL;
}

