/*
 * lint_i18n.c - stale, orphan and missing translations, and the FALC
 * rules that hold in every language (see lint_i18n.h).
 */
#include "content/lint_i18n.h"
#include "content/i18n.h"
#include "content/i18n_src.h"
#include "content/lint_text.h"
#include "fsutil.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

/* Every French text a translator translates, in the sheet's order: key,
 * the French text (a whole page file for "page.ID"), its file and line.
 * The interface's words are "ui.NAME". */
typedef void (*i18n_each_fn)(void *arg, const char *key, const char *text,
    const char *file, int line);

static void
each_field(const content_src *s, const model_entity *m, const char *prefix,
    const char *file, i18n_each_fn fn, void *arg)
{
	size_t n;
	const char *rows = content_src_rows(s, m, &n);
	char key[256];

	for (size_t i = 0; i < n; i++) {
		const void *row = rows + i * m->src_size;
		const src_field *id = row;	/* first column: its id */

		for (size_t f = 0; f < i18n_nfields; f++) {
			const i18n_field *fd = &i18n_fields[f];

			if (fd->m != m)
				continue;
			for (size_t k = 0; k < m->ncols; k++) {
				const model_col *mc = &m->cols[k];
				const src_field *v;

				if (mc->name == NULL || strcmp(mc->name, fd->col) != 0 ||
				    mc->type != MODEL_FIELD)
					continue;
				v = model_member(row, mc->src_off);
				if (v->v[0] == '\0')
					continue;
				snprintf(key, sizeof key, "%s.%s.%s", prefix, id->v,
				    fd->field);
				fn(arg, key, v->v, file, v->line);
			}
		}
		if (m == &model_glossary) {
			const src_gloss *g = row;

			if (g->variants.v[0]) {
				snprintf(key, sizeof key, "glossaire.%s.variantes",
				    g->word.v);
				fn(arg, key, g->variants.v, file, g->variants.line);
			}
		}
	}
}

static void
i18n_french_each(const content_src *s, i18n_each_fn fn, void *arg)
{
	char key[256];

	for (size_t i = 0; i < s->npages; i++) {
		const src_page *pg = &s->pages[i];
		size_t len;
		err_t e;
		char *data = fs_read_file(pg->file, 16 << 20, &len, &e);

		snprintf(key, sizeof key, "page.%s", pg->id);
		if (data)
			fn(arg, key, data, pg->file, 1);
		free(data);
	}
	each_field(s, &model_theme, "theme", s->f_themes, fn, arg);
	each_field(s, &model_offer, "offre", s->f_offers, fn, arg);
	each_field(s, &model_glossary, "glossaire", s->f_gloss, fn, arg);
	for (size_t i = 0; i < s->nquestions; i++) {
		const src_question *q = &s->questions[i];

		snprintf(key, sizeof key, "question.%s.question", q->id.v);
		fn(arg, key, q->text.v, s->f_questions, q->text.line);
		for (size_t k = 0; k < q->nans; k++) {
			snprintf(key, sizeof key, "question.%s.reponse.%s", q->id.v,
			    q->ans[k].picto);
			fn(arg, key, q->ans[k].label, s->f_questions,
			    q->answers.line);
		}
	}
	for (size_t i = 0; i < s->i18n.ntrs; i++)
		if (strcmp(s->i18n.trs[i].lang, "fr") == 0)
			fn(arg, s->i18n.trs[i].key, s->i18n.trs[i].text, s->i18n.trs[i].file,
			    s->i18n.trs[i].line);
}

/* A French text as a translation refers to it. */
struct fr {
	char *key;
	char fp[13];
	const char *file;
	int line;
};

struct frs {
	struct fr *v;
	size_t n, cap;
};

static void
add_fr(void *arg, const char *key, const char *text, const char *file,
    int line)
{
	struct frs *f = arg;

	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 512;
		f->v = xrealloc(f->v, f->cap * sizeof *f->v);
	}
	f->v[f->n].key = xstrdup(key);
	i18n_fingerprint(text, strlen(text), f->v[f->n].fp);
	f->v[f->n].file = file;
	f->v[f->n].line = line;
	f->n++;
}

static int
cmp_fr(const void *a, const void *b)
{
	return strcmp(((const struct fr *)a)->key, ((const struct fr *)b)->key);
}

static const struct fr *
find_fr(const struct frs *f, const char *key)
{
	struct fr k = { (char *)key, "", NULL, 0 };

	return bsearch(&k, f->v, f->n, sizeof *f->v, cmp_fr);
}

/* The French key a translation answers: a page's title and text both
 * answer the page file ("page.ID"). */
static void
french_key(const char *key, char *buf, size_t n)
{
	const char *dot;

	if (strncmp(key, "page.", 5) == 0 && (dot = strrchr(key, '.')) > key + 5)
		snprintf(buf, n, "%.*s", (int)(dot - key), key);
	else
		snprintf(buf, n, "%s", key);
}

/* "offre.ID.titre" -> "offre.*.titre", "ui.retour" -> "ui.*", a page
 * "page.*": what the summary of missing texts counts by. */
static void
kind_of(const char *key, char *buf, size_t n)
{
	const char *d1 = strchr(key, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;

	if (d1 == NULL)
		snprintf(buf, n, "%s", key);
	else if (strncmp(key, "ui.", 3) == 0 || strncmp(key, "page.", 5) == 0 ||
	    d2 == NULL)
		snprintf(buf, n, "%.*s.*", (int)(d1 - key), key);
	else if (strncmp(key, "question.", 9) == 0 && strstr(d2, ".reponse"))
		snprintf(buf, n, "question.*.reponse");
	else
		snprintf(buf, n, "%.*s.*%s", (int)(d1 - key), key, d2);
}

struct kind {
	char name[48];
	int n;
};

static void
count_kind(struct kind *k, size_t *nk, size_t max, const char *key)
{
	char name[48];

	kind_of(key, name, sizeof name);
	for (size_t i = 0; i < *nk; i++)
		if (strcmp(k[i].name, name) == 0) {
			k[i].n++;
			return;
		}
	if (*nk < max) {
		snprintf(k[*nk].name, sizeof k[*nk].name, "%s", name);
		k[(*nk)++].n = 1;
	}
}

static int
has_tr(const content_src *s, const char *lang, const char *frkey)
{
	char buf[256];

	for (size_t i = 0; i < s->i18n.ntrs; i++) {
		if (strcmp(s->i18n.trs[i].lang, lang) != 0)
			continue;
		french_key(s->i18n.trs[i].key, buf, sizeof buf);
		if (strcmp(buf, frkey) == 0)
			return 1;
	}
	return 0;
}

/* One language: each translation against its French, then what stays
 * French. */
static void
check_lang(lint_ctx *c, const content_src *s, const src_lang *l,
    const struct frs *f)
{
	struct kind kinds[32];
	size_t nk = 0;
	int missing = 0;
	char buf[256];

	c->lang = l->code;
	for (size_t i = 0; i < s->i18n.ntrs; i++) {
		const src_tr *t = &s->i18n.trs[i];
		const struct fr *fr;

		if (strcmp(t->lang, l->code) != 0)
			continue;
		french_key(t->key, buf, sizeof buf);
		fr = find_fr(f, buf);
		if (fr == NULL) {
			lint_report(c, t->file, t->line, "W-ORPHAN", "'%s': no French "
			    "text has this key any more (renamed or removed): move the "
			    "translation to its new key or remove it", t->key);
			continue;
		}
		/* A page's two rows share one stamp: said once, by its title. */
		if (strncmp(t->key, "page.", 5) == 0 &&
		    strcmp(t->key + strlen(t->key) - 6, ".texte") == 0)
			;
		else if (t->from[0] == '\0')
			lint_report(c, t->file, t->line, "W-STALE", "'%s' has no "
			    "traduit_de: nobody can tell which French it was made "
			    "from (python3 tools/translation_sheet.py %s %s%s stamps "
			    "it with today's French)", t->key, s->dir, l->code,
			    strncmp(t->key, "page.", 5) == 0 ? " --pages" : "");
		else if (strcmp(t->from, fr->fp) != 0)
			lint_report(c, t->file, t->line, "W-STALE", "'%s' was "
			    "translated from another French text (traduit_de %s, "
			    "the French at %s:%d is now %s): check the translation "
			    "against the French, then put %s in traduit_de", t->key,
			    t->from, fr->file, fr->line, fr->fp, fr->fp);
		if (strncmp(t->key, "glossaire.", 10) == 0 &&
		    strcmp(t->key + strlen(t->key) - 10, ".variantes") == 0)
			continue;	/* a list of words, not a sentence */
		if (strncmp(t->key, "ui.", 3) == 0)
			continue;	/* button words, checked by the screens */
		lint_text(c, t->file, t->line, t->text, NULL);
	}
	c->lang = NULL;
	for (size_t i = 0; i < f->n; i++)
		if (!has_tr(s, l->code, f->v[i].key)) {
			missing++;
			count_kind(kinds, &nk, sizeof kinds / sizeof *kinds,
			    f->v[i].key);
		}
	if (missing) {
		strbuf b = STRBUF_INIT;

		for (size_t k = 0; k < nk; k++)
			strbuf_printf(&b, "%s%s %d", k ? ", " : "", kinds[k].name,
			    kinds[k].n);
		lint_report(c, l->dir, 0, "W-UNTRANSLATED", "%d of %zu texts "
		    "have no translation and show in French: %s", missing, f->n,
		    strbuf_str(&b));
		strbuf_free(&b);
	}
}

void
lint_i18n(lint_ctx *c, const content_src *s)
{
	struct frs f = { 0 };

	i18n_french_each(s, add_fr, &f);
	if (f.n > 1)
		qsort(f.v, f.n, sizeof *f.v, cmp_fr);
	for (size_t i = 0; i < s->i18n.nlangs; i++)
		if (strcmp(s->i18n.langs[i].code, "fr") != 0)
			check_lang(c, s, &s->i18n.langs[i], &f);
	for (size_t i = 0; i < f.n; i++)
		free(f.v[i].key);
	free(f.v);
}
