/*
 * i18n.c - a pack in one language (see i18n.h).
 *
 * A view copies the arrays of rows (a few hundred small structs) and
 * points each text at the translation or at the French; it copies no
 * text except what the rows hold as lists (a glossary word's variants,
 * split at '|').  Building one takes a few hundred bsearch calls: the
 * kiosk makes each language's view once per pack.
 */
#include "content/i18n.h"
#include "timeutil.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const i18n_field i18n_fields[] = {
	{ &model_theme, "theme", "titre", "title" },
	{ &model_theme, "theme", "resume", "summary" },
	{ &model_offer, "offre", "titre", "title" },
	{ &model_offer, "offre", "resume", "summary" },
	{ &model_offer, "offre", "pour_qui", "for_whom" },
	{ &model_offer, "offre", "cout", "cost" },
	{ &model_offer, "offre", "comment", "how" },
	{ &model_offer, "offre", "contact", "contact" },
	{ &model_offer, "offre", "texte", "body" },
	{ &model_glossary, "glossaire", "mot", "word" },
	{ &model_glossary, "glossaire", "explication", "explanation" },
	{ &model_question, "question", "question", "text" },
	{ &model_page, "page", "titre", "title" },
	{ &model_page, "page", "texte", "body" },
};
const size_t i18n_nfields = sizeof i18n_fields / sizeof *i18n_fields;

/* What a view owns besides its arrays of rows. */
struct pack_view {
	char **strs;		/* split variants arrays and their items */
	size_t nstrs;
	void **blocks;		/* arrays to free */
	size_t nblocks;
};

static void
own(struct pack_view *v, void *p)
{
	v->blocks = xrealloc(v->blocks, (v->nblocks + 1) * sizeof *v->blocks);
	v->blocks[v->nblocks++] = p;
}

int
i18n_rtl_code(const char *lang)
{
	static const char *const rtl[] = { "ar", "fa", "he", "ur", "ps",
	    "ku", "yi", NULL };

	for (size_t i = 0; lang && rtl[i]; i++)
		if (strcmp(lang, rtl[i]) == 0)
			return 1;
	return 0;
}

const pack_lang *
i18n_lang(const pack *p, const char *code)
{
	const pack *b = p->base ? p->base : p;

	for (size_t i = 0; code && i < b->nlangs; i++)
		if (strcmp(b->langs[i].code, code) == 0)
			return &b->langs[i];
	return NULL;
}

static int
cmp_tr(const void *k, const void *row)
{
	const pack_tr *a = k, *b = row;
	int c = strcmp(a->lang, b->lang);

	return c ? c : strcmp(a->key, b->key);
}

const char *
i18n_text(const pack *p, const char *lang, const char *key)
{
	const pack *b = p->base ? p->base : p;
	pack_tr k = { (char *)lang, (char *)key, NULL };
	const pack_tr *t;

	if (b->ntrs == 0)
		return NULL;
	t = bsearch(&k, b->trs, b->ntrs, sizeof *b->trs, cmp_tr);
	return t ? t->text : NULL;
}

const char *
i18n_ui(const pack *p, const char *name)
{
	char key[128];
	const char *s;

	snprintf(key, sizeof key, "ui.%s", name);
	if (p->lang && (s = i18n_text(p, p->lang, key)) != NULL)
		return s;
	if ((s = i18n_text(p, "fr", key)) != NULL)
		return s;
	return name;
}

/* Up to this many {KEY}s in a word: the longest has four. */
#define TRF_MAX	8

const char *
i18n_uifv(const pack *p, const char *name, const char *fallback, char *buf,
    size_t n, va_list ap)
{
	const char *keys[TRF_MAX], *vals[TRF_MAX], *k;
	const char *text;
	char form[160];
	int nk = 0;
	strbuf b = STRBUF_INIT;

	while (nk < TRF_MAX && (k = va_arg(ap, const char *)) != NULL) {
		keys[nk] = k;
		vals[nk++] = va_arg(ap, const char *);
	}
	text = i18n_ui(p, name);
	if (text == name && fallback)
		text = fallback;
	for (int i = 0; i < nk; i++) {
		const char *s;
		if (strcmp(keys[i], "n") != 0)
			continue;
		snprintf(form, sizeof form, "%s.%s", name, vals[i]);
		/* i18n_ui() gives its argument back when the pack lacks it. */
		if ((s = i18n_ui(p, form)) != form)
			text = s;
	}
	for (const char *q = text; *q; ) {
		const char *end = *q == '{' ? strchr(q, '}') : NULL;
		int hit = -1;
		for (int i = 0; end && hit < 0 && i < nk; i++)
			if (strlen(keys[i]) == (size_t)(end - q - 1) &&
			    strncmp(q + 1, keys[i], (size_t)(end - q - 1)) == 0)
				hit = i;
		if (hit >= 0) {
			strbuf_puts(&b, vals[hit] ? vals[hit] : "");
			q = end + 1;
		} else
			strbuf_putc(&b, *q++);
	}
	if (n > 0) {
		size_t len = b.len;
		/* Never half a UTF-8 character at the cut. */
		if (len >= n) {
			len = n - 1;
			while (len > 0 && ((unsigned char)b.s[len] & 0xC0) == 0x80)
				len--;
		}
		if (len > 0)
			memcpy(buf, b.s, len);
		buf[len] = '\0';
	}
	strbuf_free(&b);
	return buf;
}

const char *
i18n_uif(const pack *p, const char *name, char *buf, size_t n, ...)
{
	va_list ap;

	va_start(ap, n);
	i18n_uifv(p, name, NULL, buf, n, ap);
	va_end(ap);
	return buf;
}

void
i18n_day(const pack *p, int y, int m, int d, char *out, size_t n)
{
	char dd[16], yy[16], mm[16];

	snprintf(dd, sizeof dd, "%d", d);
	snprintf(yy, sizeof yy, "%d", y);
	snprintf(mm, sizeof mm, "mois.%d", m);
	i18n_uif(p, "date", out, n, "n", dd, "mois", i18n_ui(p, mm), "an", yy,
	    NULL);
}

/* The pack column named col of m. */
static const model_col *
pack_col(const model_entity *m, const char *col)
{
	for (size_t k = 0; k < m->ncols; k++)
		if (m->cols[k].name && strcmp(m->cols[k].name, col) == 0)
			return &m->cols[k];
	return NULL;
}

/* Where the view keeps the rows of an entity, and how many. */
static void *
rows_of(pack *v, const model_entity *m, size_t *n)
{
	if (m == &model_theme)
		return *n = v->nthemes, v->themes;
	if (m == &model_offer)
		return *n = v->noffers, v->offers;
	if (m == &model_glossary)
		return *n = v->ngloss, v->gloss;
	if (m == &model_question)
		return *n = v->nquestions, v->questions;
	if (m == &model_page)
		return *n = v->npages, v->pages;
	return *n = 0, NULL;
}

static void *
copy_rows(struct pack_view *pv, const void *rows, size_t n, size_t size)
{
	void *c = xmalloc(n ? n * size : 1);

	if (n)
		memcpy(c, rows, n * size);
	own(pv, c);
	return c;
}

/* A glossary word's translated variants "a|b" as the array of its row. */
static void
set_variants(struct pack_view *pv, pack_gloss *g, const char *s)
{
	size_t n = 0;
	char **v;
	const char *p = s;

	while (*p) {
		const char *e = strchr(p, '|');
		n++;
		p = e ? e + 1 : p + strlen(p);
	}
	v = xcalloc(n ? n : 1, sizeof *v);
	own(pv, v);
	n = 0;
	for (p = s; *p;) {
		const char *e = strchr(p, '|');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		while (len && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len) {
			v[n] = xstrndup(p, len);
			own(pv, v[n]);
			n++;
		}
		p = e ? e + 1 : p + strlen(p);
	}
	g->variants = v;
	g->nvariants = n;
}

static void
localize_answers(struct pack_view *pv, const pack *base, pack *v)
{
	char key[256];

	for (size_t i = 0; i < v->nquestions; i++) {
		pack_question *q = &v->questions[i];

		q->answers = copy_rows(pv, q->answers, q->nanswers,
		    sizeof *q->answers);
		for (size_t k = 0; k < q->nanswers; k++) {
			const char *t;

			snprintf(key, sizeof key, "question.%s.reponse.%s", q->id,
			    q->answers[k].picto);
			if ((t = i18n_text(base, v->lang, key)) != NULL)
				q->answers[k].label = (char *)t;
		}
	}
}

pack *
i18n_localize(const pack *base, const char *lang)
{
	const pack_lang *l = i18n_lang(base, lang);
	struct pack_view *pv;
	pack *v;
	char key[256];

	if (l == NULL)
		return NULL;
	v = xmalloc(sizeof *v);
	*v = *base;
	pv = xcalloc(1, sizeof *pv);
	v->base = base;
	v->lang = l->code;
	v->view = pv;
	v->view_free = i18n_view_free;
	v->themes = copy_rows(pv, base->themes, base->nthemes,
	    sizeof *base->themes);
	v->offers = copy_rows(pv, base->offers, base->noffers,
	    sizeof *base->offers);
	v->gloss = copy_rows(pv, base->gloss, base->ngloss, sizeof *base->gloss);
	v->questions = copy_rows(pv, base->questions, base->nquestions,
	    sizeof *base->questions);
	v->pages = copy_rows(pv, base->pages, base->npages, sizeof *base->pages);
	if (strcmp(lang, "fr") == 0)
		return v;
	for (size_t f = 0; f < i18n_nfields; f++) {
		const i18n_field *fd = &i18n_fields[f];
		const model_col *mc = pack_col(fd->m, fd->col);
		size_t n;
		char *rows = rows_of(v, fd->m, &n);

		for (size_t i = 0; mc && i < n; i++) {
			void *row = rows + i * fd->m->pack_size;
			const char *id = *(char **)row;	/* first column */
			const char *t;

			snprintf(key, sizeof key, "%s.%s.%s", fd->prefix, id,
			    fd->field);
			if ((t = i18n_text(base, lang, key)) != NULL)
				*(const char **)model_member(row, mc->pack_off) = t;
		}
	}
	for (size_t i = 0; i < v->ngloss; i++) {
		const char *t;

		snprintf(key, sizeof key, "glossaire.%s.variantes",
		    base->gloss[i].word);
		if ((t = i18n_text(base, lang, key)) != NULL)
			set_variants(pv, &v->gloss[i], t);
	}
	localize_answers(pv, base, v);
	return v;
}

void
i18n_view_free(pack *v)
{
	struct pack_view *pv;

	if (v == NULL || v->view == NULL)
		return;
	pv = v->view;
	for (size_t i = 0; i < pv->nblocks; i++)
		free(pv->blocks[i]);
	free(pv->blocks);
	free(pv);
	free(v);
}

void
i18n_day_iso(const pack *p, const char *iso, char *out, size_t n)
{
	int y, m, d;

	if (time_parse_date(iso, &y, &m, &d) != 0) {
		snprintf(out, n, "%s", iso);
		return;
	}
	i18n_day(p, y, m, d, out, n);
}
