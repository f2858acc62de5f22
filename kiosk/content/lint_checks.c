/*
 * lint_checks.c - integrity, F7 and F8 on the loaded sources (see
 * lint_checks.h).  A row's problems come in the order of its cells, and
 * its text fields last.
 */
#include "content/lint_checks.h"
#include "content/lint_text.h"
#include "content/lint_verified.h"
#include "content/markup.h"
#include "strbuf.h"
#include "text.h"
#include "timeutil.h"
#include "utf8.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ================================================================ rows */

/* A row of a CSV source, as messages name it: "offer 'plie' ...". */
struct row {
	lint_ctx *c;
	const char *file;
	const char *what;	/* "MSD", "theme", "offer", "question" */
	const src_field *id;	/* its line is the row's */
};

static int
valid_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return 1;
}

/* The id of row i: E-EMPTY, E-ID, and E-DUP when one of the rows
 * before it has it too (rows: each size bytes, its id at off). */
static void
check_key(const struct row *r, const char *a_what, const void *rows,
    size_t size, size_t off, size_t i)
{
	const src_field *f = r->id;

	if (f->v[0] == '\0')
		lint_report(r->c, r->file, f->line, "E-EMPTY", "%s has no id",
		    a_what);
	else if (!valid_id(f->v))
		lint_report(r->c, r->file, f->line, "E-ID", "id '%s': use "
		    "lowercase letters without accents, digits and '-'", f->v);
	for (size_t j = 0; j < i; j++) {
		const src_field *prev =
		    (const src_field *)((const char *)rows + j * size + off);

		if (strcmp(prev->v, f->v) == 0)
			lint_report(r->c, r->file, f->line, "E-DUP", "%s '%s' is "
			    "already on line %d", r->what, f->v, prev->line);
	}
}

/* Reports "<what> '<id>' has no <col><why>" when f is empty; 1 if so. */
static int
need(const struct row *r, const char *code, const src_field *f,
    const char *col, const char *why)
{
	if (f->v[0] != '\0')
		return 0;
	lint_report(r->c, r->file, r->id->line, code, "%s '%s' has no %s%s",
	    r->what, r->id->v, col, why);
	return 1;
}

#define SAY_WHERE	": say where its facts come from"

static void
check_picto(lint_ctx *c, const content_src *s, const char *file, int line,
    const char *name)
{
	if (s->npictos > 0 && content_src_picto(s, name) == NULL)
		lint_report(c, file, line, "E-PICTO", "pictogram '%s' is not in "
		    "%s", name, s->f_pictos);
}

/* Web addresses in a source must be https. */
static void
check_source_urls(lint_ctx *c, const char *file, const src_field *f)
{
	const char *p = f->v;
	int line = f->line;

	for (; *p; p++) {
		if (*p == '\n')
			line++;
		if (strncasecmp(p, "http://", 7) == 0) {
			size_t n = strcspn(p, " \t\n");

			lint_report(c, file, line, "E-URL", "web address '%.*s' is "
			    "not https: use https://", (int)n, p);
		}
	}
}

/* A source: its web addresses are https, and it claims no check
 * without saying who made it. */
static void
check_source(lint_ctx *c, const char *file, const src_field *f)
{
	check_source_urls(c, file, f);
	lint_verified_source(c, file, f);
}

/* The date of a page or an offer (verifie_le, vérifié le): YYYY-MM-DD,
 * a real day, not after today.  It is the day the text was written, which
 * the kiosk shows as "Écrit le ...": no one has to have checked anything
 * that day (a check names who made it: lint_verified.h). */
static void
check_date(lint_ctx *c, const char *file, int line, const src_field *f,
    const char *what)
{
	int y, m, d;

	if (f->v[0] == '\0') {
		lint_report(c, file, f->line ? f->line : line, "F7", "%s has no "
		    "date (the day its text was written, YYYY-MM-DD)", what);
		return;
	}
	if (strlen(f->v) != 10 || f->v[4] != '-' ||
	    (time_parse_date(f->v, &y, &m, &d) < 0 &&
	    strcmp(f->v, "2200-12-31") <= 0))
		lint_report(c, file, f->line, "E-DATE", "date '%s' is not a real "
		    "day written YYYY-MM-DD", f->v);
	else if (strcmp(f->v, c->today) > 0)
		lint_report(c, file, f->line, "E-DATE", "date '%s' is in the "
		    "future: give the day the text was written", f->v);
}

/* `ordre` into *out (0 and E-ORDER when it is not a number). */
static void
parse_order(lint_ctx *c, const char *file, const src_field *f, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(f->v, &end, 10);
	if (f->v[0] == '\0' || *end != '\0' || errno) {
		lint_report(c, file, f->line, "E-ORDER", "ordre '%s' is not a "
		    "whole number (1, 2, 3...)", f->v);
		*out = 0;
	}
}

/* A yes-or-no cell into *out: oui 1, non or empty 0 (capitals and
 * accents do not matter); anything else is E-YESNO and 0. */
static void
parse_yes_no(lint_ctx *c, const char *file, const src_field *f,
    const char *col, int *out)
{
	char *v = utf8_fold(f->v);

	*out = strcmp(v, "oui") == 0;
	if (!*out && v[0] != '\0' && strcmp(v, "non") != 0)
		lint_report(c, file, f->line, "E-YESNO", "%s '%s' is neither oui "
		    "nor non (empty means non)", col, f->v);
	free(v);
}

/* By `ordre`, then in the order of the file. */
static int
cmp_order(long xo, int xline, long yo, int yline)
{
	if (xo != yo)
		return xo < yo ? -1 : 1;
	return xline - yline;
}

/* ================================================================ MSDs */

/* The seven MSDs of the Département. */
static const char *const msd_codes[] = { "albertville", "avant-pays", "aix",
	"chambery", "combe", "maurienne", "tarentaise", NULL };

/* Index of the MSD with that code, or s->nmsds. */
static size_t
msd_index(const content_src *s, const char *code)
{
	size_t i;

	for (i = 0; i < s->nmsds; i++)
		if (strcmp(s->msds[i].code.v, code) == 0)
			break;
	return i;
}

static int
known_msd(const char *code)
{
	for (size_t k = 0; msd_codes[k]; k++)
		if (strcmp(code, msd_codes[k]) == 0)
			return 1;
	return 0;
}

void
lint_check_msds(lint_ctx *c, content_src *s)
{
	const char *file = s->f_msd;
	const char *shown = ": the kiosk and the sheets show none";

	for (size_t i = 0; i < s->nmsds; i++) {
		src_msd *d = &s->msds[i];
		const struct row r = { c, file, "MSD", &d->code };

		check_key(&r, "an MSD", s->msds, sizeof *d,
		    offsetof(src_msd, code), i);
		if (d->code.v[0] && !known_msd(d->code.v))
			lint_report(c, file, d->code.line, "W-MSD", "'%s' is not "
			    "one of the seven MSD codes (albertville avant-pays "
			    "aix chambery combe maurienne tarentaise)", d->code.v);
		need(&r, "E-EMPTY", &d->name, "nom", "");
		need(&r, "E-EMPTY", &d->territory, "territoire", "");
		need(&r, "E-EMPTY", &d->source, "source", SAY_WHERE);
		need(&r, "W-EMPTY", &d->address, "adresse", shown);
		need(&r, "W-EMPTY", &d->phone, "telephone", shown);
		need(&r, "W-EMPTY", &d->hours, "horaires", shown);
		lint_text(c, file, d->territory.line, d->territory.v, NULL);
		lint_text(c, file, d->hours.line, d->hours.v, NULL);
		check_source(c, file, &d->source);
	}
	if (s->nmsds > 0)
		for (size_t k = 0; msd_codes[k]; k++)
			if (msd_index(s, msd_codes[k]) == s->nmsds)
				lint_report(c, file, 0, "W-MSD", "MSD '%s' is missing: "
				    "the kiosk cannot be set up there",
				    msd_codes[k]);
}

/* ================================================================ themes */

static int
cmp_theme(const void *a, const void *b)
{
	const src_theme *x = a, *y = b;

	return cmp_order(x->ord, x->id.line, y->ord, y->id.line);
}

void
lint_check_themes(lint_ctx *c, content_src *s)
{
	const char *file = s->f_themes;

	for (size_t i = 0; i < s->nthemes; i++) {
		src_theme *t = &s->themes[i];
		const struct row r = { c, file, "theme", &t->id };

		check_key(&r, "a theme", s->themes, sizeof *t,
		    offsetof(src_theme, id), i);
		need(&r, "E-EMPTY", &t->title, "titre", "");
		need(&r, "E-EMPTY", &t->summary, "resume", "");
		if (!need(&r, "E-PICTO", &t->picto, "pictogramme", ""))
			check_picto(c, s, file, t->id.line, t->picto.v);
		parse_order(c, file, &t->order, &t->ord);
		lint_text(c, file, t->title.line, t->title.v, NULL);
		lint_text(c, file, t->summary.line, t->summary.v, NULL);
	}
	if (s->nthemes > 1)
		qsort(s->themes, s->nthemes, sizeof *s->themes, cmp_theme);
}

/* ================================================================ offers */

/* The text fields of an offer: F1-F6 check them, F8 searches them. */
static const size_t offer_texts[] = { offsetof(src_offer, title),
	offsetof(src_offer, summary), offsetof(src_offer, for_whom),
	offsetof(src_offer, cost), offsetof(src_offer, how),
	offsetof(src_offer, body) };

static const src_field *
offer_text(const src_offer *o, size_t k)
{
	return (const src_field *)((const char *)o + offer_texts[k]);
}

static const src_theme *
find_theme(const content_src *s, const char *id)
{
	for (size_t i = 0; i < s->nthemes; i++)
		if (strcmp(s->themes[i].id.v, id) == 0)
			return &s->themes[i];
	return NULL;
}

/* 1 if the web address u (after "https://") is a site's front page: a
 * host alone, or with "/", "/index.html" or "/accueil" and nothing after
 * (no query, no fragment). */
static int
front_page(const char *u)
{
	static const char *const home[] = { "", "/", "/index.html",
	    "/index.htm", "/index.php", "/accueil", "/accueil/", NULL };
	const char *path = u + strcspn(u, "/?#");

	for (size_t i = 0; home[i]; i++)
		if (strcasecmp(path, home[i]) == 0)
			return 1;
	return 0;
}

/* https://... with no space, or tel: and digits; a warning for a front
 * page, where the person who scanned it has to search again. */
static void
check_qr(lint_ctx *c, const char *file, const src_offer *o)
{
	const char *q = o->qr.v;

	if (strncmp(q, "https://", 8) == 0) {
		if (q[8] == '\0' || strpbrk(q, " \t\n") != NULL)
			lint_report(c, file, o->qr.line, "E-QR", "QR address '%s' "
			    "is not a valid web address (no spaces)", q);
		else if (front_page(q + 8))
			lint_report(c, file, o->qr.line, "W-QR", "offer '%s': QR "
			    "address '%s' is the front page of the site: give the "
			    "address of the page about this offer, or tel: and its "
			    "phone number", o->id.v, q);
	} else if (strncmp(q, "tel:", 4) == 0) {
		const char *p = q + 4 + (q[4] == '+');
		size_t digits = strspn(p, "0123456789");

		if (p[digits] != '\0' || digits < 3 || digits > 15)
			lint_report(c, file, o->qr.line, "E-QR", "QR phone '%s': "
			    "write tel: then the number without spaces, for "
			    "example tel:+33479000000", q);
	} else if (strncasecmp(q, "http://", 7) == 0)
		lint_report(c, file, o->qr.line, "E-URL", "QR address '%s' is not "
		    "https: use https://, or tel: and a phone number", q);
	else
		lint_report(c, file, o->qr.line, "E-QR", "QR payload '%s' is "
		    "neither an https:// address nor a tel: number", q);
}

/* The offer's MSDs: codes separated by spaces (or commas), or "toutes". */
static void
resolve_msds(lint_ctx *c, content_src *s, const char *file, src_offer *o)
{
	char *copy = xstrdup(o->msd.v), *save = NULL;
	int *use = xcalloc(s->nmsds + 1, sizeof *use), any = 0;

	for (char *w = strtok_r(copy, " ,\t\n", &save); w;
	    w = strtok_r(NULL, " ,\t\n", &save)) {
		size_t i;

		if (strcasecmp(w, "toutes") == 0 || strcasecmp(w, "tous") == 0) {
			for (i = 0; i < s->nmsds; i++)
				use[i] = 1;
			any = 1;
			continue;
		}
		i = msd_index(s, w);
		if (i == s->nmsds)
			lint_report(c, file, o->msd.line, "E-MSD", "offer '%s': "
			    "unknown MSD '%s' (codes of msd.csv, or toutes)",
			    o->id.v, w);
		else {
			use[i] = 1;
			any = 1;
		}
	}
	free(o->msds);
	o->msds = NULL;
	o->nmsds = 0;
	for (size_t i = 0; i < s->nmsds; i++)
		if (use[i]) {
			o->msds = xrealloc(o->msds, (o->nmsds + 1) * sizeof *o->msds);
			o->msds[o->nmsds++] = s->msds[i].code.v;
		}
	if (!any && o->msd.v[0] == '\0')
		lint_report(c, file, o->msd.line, "E-MSD", "offer '%s' is in no "
		    "MSD: give MSD codes separated by spaces, or toutes",
		    o->id.v);
	free(use);
	free(copy);
}

/* The offer's own pictogram, or its theme's (F7 when neither). */
static void
resolve_picto(lint_ctx *c, const content_src *s, const char *file,
    src_offer *o, const src_theme *t)
{
	o->picto_res = o->picto.v[0] ? o->picto.v : t ? t->picto.v : "";
	if (o->picto.v[0])
		check_picto(c, s, file, o->picto.line, o->picto.v);
	else if (o->picto_res[0] == '\0' && t)
		lint_report(c, file, o->id.line, "F7", "offer '%s' has no "
		    "pictogramme (and its theme has none)", o->id.v);
}

/* W-THEME: a theme no offer is in. */
static void
check_themes_used(lint_ctx *c, const content_src *s)
{
	for (size_t i = 0; i < s->nthemes; i++) {
		size_t k;

		for (k = 0; k < s->noffers; k++)
			if (strcmp(s->offers[k].theme.v, s->themes[i].id.v) == 0)
				break;
		if (k == s->noffers && s->noffers > 0)
			lint_report(c, s->f_themes, s->themes[i].id.line, "W-THEME",
			    "theme '%s' has no offer: its button leads nowhere",
			    s->themes[i].id.v);
	}
}

void
lint_check_offers(lint_ctx *c, content_src *s)
{
	const char *file = s->f_offers;

	for (size_t i = 0; i < s->noffers; i++) {
		src_offer *o = &s->offers[i];
		const struct row r = { c, file, "offer", &o->id };
		const src_theme *t;
		lint_stats st = { 0, 0 };
		char what[200];

		check_key(&r, "an offer", s->offers, sizeof *o,
		    offsetof(src_offer, id), i);
		t = find_theme(s, o->theme.v);
		if (t == NULL)
			lint_report(c, file, o->theme.line, "E-THEME", "offer '%s': "
			    "theme '%s' is not in themes.csv", o->id.v,
			    o->theme.v);
		need(&r, "F7", &o->title, "titre", "");
		resolve_picto(c, s, file, o, t);
		check_date(c, file, o->id.line, &o->reviewed_on, "the offer");
		need(&r, "F7", &o->source, "source", SAY_WHERE);
		check_source(c, file, &o->source);
		need(&r, "E-EMPTY", &o->summary, "resume", "");
		need(&r, "E-EMPTY", &o->for_whom, "pour_qui", "");
		need(&r, "E-EMPTY", &o->cost, "cout", "");
		need(&r, "E-EMPTY", &o->how, "comment", "");
		check_qr(c, file, o);
		resolve_msds(c, s, file, o);
		for (size_t k = 0; k < sizeof offer_texts / sizeof *offer_texts;
		    k++)
			lint_text(c, file, offer_text(o, k)->line,
			    offer_text(o, k)->v, &st);
		snprintf(what, sizeof what, "offer '%s'", o->id.v);
		lint_average(c, file, o->id.line, what, &st);
	}
	check_themes_used(c, s);
}

/* ================================================================ pages */

/* Where to point at a header field: its line, or the first line when
 * the page lacks it. */
static int
header_line(const src_field *f)
{
	return f->line ? f->line : 1;
}

void
lint_check_pages(lint_ctx *c, content_src *s)
{
	for (size_t i = 0; i < s->npages; i++) {
		src_page *pg = &s->pages[i];
		lint_stats st = { 0, 0 };
		block *b;
		size_t nb;

		if (!valid_id(pg->id))
			lint_report(c, pg->file, 0, "E-ID", "page id '%s' (from the "
			    "file name): use lowercase letters without accents, "
			    "digits and '-'", pg->id);
		for (size_t j = 0; j < i; j++)
			if (strcmp(s->pages[j].id, pg->id) == 0)
				lint_report(c, pg->file, 0, "E-DUP", "page id '%s' is "
				    "also the id of %s", pg->id, s->pages[j].file);
		if (pg->title.v[0] == '\0')
			lint_report(c, pg->file, header_line(&pg->title), "F7",
			    "page has no title: add a line 'titre: ...'");
		if (pg->picto.v[0] == '\0')
			lint_report(c, pg->file, header_line(&pg->picto), "F7",
			    "page has no pictogram: add a line 'pictogramme: ...'");
		else
			check_picto(c, s, pg->file, pg->picto.line, pg->picto.v);
		if (pg->reviewed_on.v[0] == '\0')
			lint_report(c, pg->file, header_line(&pg->reviewed_on), "F7",
			    "page has no date: add a line 'vérifié le: YYYY-MM-DD', "
			    "the day its text was written");
		else
			check_date(c, pg->file, 1, &pg->reviewed_on, "the page");
		if (pg->sources.v[0] == '\0')
			lint_report(c, pg->file, header_line(&pg->sources), "F7",
			    "page has no source: add a line 'source: ...' saying "
			    "where its facts come from");
		check_source(c, pg->file, &pg->sources);
		nb = markup_parse(pg->body.v, &b);
		if (nb == 0)
			lint_report(c, pg->file, pg->body.line, "E-PAGE", "page has "
			    "no text after its header");
		markup_free(b, nb);
		lint_text(c, pg->file, pg->title.line, pg->title.v, &st);
		lint_text(c, pg->file, pg->body.line, pg->body.v, &st);
		lint_average(c, pg->file, 1, "page", &st);
	}
}

/* ================================================================ F8 */

/* Is the glossary entry g (its word or a variant) in the texts?  As
 * the kiosk highlights it: text.h. */
static int
gloss_used(const text_index *ix, const src_gloss *g)
{
	int used = text_index_has(ix, g->word.v);

	for (const char *p = g->variants.v; !used && *p; ) {
		const char *bar = strchr(p, '|');
		char *v = xstrndup(p, bar ? (size_t)(bar - p) : strlen(p));

		used = v[0] && text_index_has(ix, v);
		free(v);
		p = bar ? bar + 1 : p + strlen(p);
	}
	return used;
}

/* E-DUP: entry i's word, folded, is on an earlier line. */
static void
check_gloss_dup(lint_ctx *c, const content_src *s, size_t i)
{
	const src_gloss *g = &s->gloss[i];
	char *fw = utf8_fold(g->word.v);

	for (size_t j = 0; j < i; j++) {
		char *fj = utf8_fold(s->gloss[j].word.v);

		if (strcmp(fj, fw) == 0)
			lint_report(c, s->f_gloss, g->word.line, "E-DUP", "'%s' is "
			    "already in the glossary on line %d", g->word.v,
			    s->gloss[j].word.line);
		free(fj);
	}
	free(fw);
}

void
lint_check_glossary(lint_ctx *c, content_src *s)
{
	const char *file = s->f_gloss;
	text_index ix = TEXT_INDEX_INIT;

	for (size_t i = 0; i < s->npages; i++) {
		text_index_add(&ix, s->pages[i].title.v);
		text_index_add(&ix, s->pages[i].body.v);
	}
	for (size_t i = 0; i < s->noffers; i++)
		for (size_t k = 0; k < sizeof offer_texts / sizeof *offer_texts;
		    k++)
			text_index_add(&ix, offer_text(&s->offers[i], k)->v);
	for (size_t i = 0; i < s->ngloss; i++) {
		src_gloss *g = &s->gloss[i];
		int line = g->word.line;

		if (g->word.v[0] == '\0') {
			lint_report(c, file, line, "E-EMPTY", "glossary entry with no "
			    "mot");
			continue;
		}
		check_gloss_dup(c, s, i);
		if (g->explanation.v[0] == '\0')
			lint_report(c, file, line, "F8", "'%s' has no explication: "
			    "explain it in 1 or 2 short sentences", g->word.v);
		lint_text(c, file, g->explanation.line, g->explanation.v, NULL);
		if (!gloss_used(&ix, g))
			lint_report(c, file, line, "W-F8", "'%s' is used in no page "
			    "and no offer", g->word.v);
	}
	text_index_free(&ix);
}

/* ================================================================ questions */

static int
cmp_question(const void *a, const void *b)
{
	const src_question *x = a, *y = b;

	return cmp_order(x->ord, x->id.line, y->ord, y->id.line);
}

void
lint_check_questions(lint_ctx *c, content_src *s)
{
	const char *file = s->f_questions;

	for (size_t i = 0; i < s->nquestions; i++) {
		src_question *q = &s->questions[i];
		const struct row r = { c, file, "question", &q->id };

		check_key(&r, "a question", s->questions, sizeof *q,
		    offsetof(src_question, id), i);
		parse_order(c, file, &q->order, &q->ord);
		need(&r, "E-EMPTY", &q->text, "text", "");
		if (q->nans == 0)
			lint_report(c, file, q->answers.line, "E-ANSWER", "question "
			    "'%s' has no answers: write them as "
			    "pictogramme:texte separated by |", q->id.v);
		parse_yes_no(c, file, &q->several, "plusieurs", &q->multiple);
		lint_text(c, file, q->text.line, q->text.v, NULL);
		for (size_t k = 0; k < q->nans; k++) {
			check_picto(c, s, file, q->answers.line, q->ans[k].picto);
			lint_text(c, file, q->answers.line, q->ans[k].label, NULL);
			/* The kiosk and its statistics tell answers apart by
			 * their pictogram. */
			for (size_t j = 0; j < k; j++)
				if (strcmp(q->ans[j].picto, q->ans[k].picto) == 0)
					lint_report(c, file, q->answers.line, "E-ANSWER",
					    "question '%s' has two answers with the "
					    "pictogram '%s': give each answer its own",
					    q->id.v, q->ans[k].picto);
		}
	}
	if (s->nquestions > 1)
		qsort(s->questions, s->nquestions, sizeof *s->questions,
		    cmp_question);
}
