/*
 * lint_screens.c - one meaning per pictogram on a screen (see
 * lint_screens.h).
 *
 * Each list is checked in the order the screen shows it, and a choice is
 * reported once, against the first one before it that looks the same:
 * three offers with one pictogram make two messages, not three.
 */
#include "content/lint_screens.h"

#include <stdio.h>
#include <string.h>

/* 1 if the pictograms named a and b look the same: one name, or two
 * names of one glyph.  A name missing from the list (E-PICTO) is only
 * itself; no name (F7, E-PICTO) is no pictogram. */
static int
same_picto(const content_src *s, const char *a, const char *b)
{
	const src_picto *pa, *pb;

	if (a[0] == '\0' || b[0] == '\0')
		return 0;
	if (strcmp(a, b) == 0)
		return 1;
	pa = content_src_picto(s, a);
	pb = content_src_picto(s, b);
	return pa && pb && pa->codepoint == pb->codepoint;
}

/* How messages name the pictogram of a and b: "'emploi'", or
 * "'ecole' and 'msd', both glyph f19c". */
static const char *
picto_words(const content_src *s, const char *a, const char *b, char *buf,
    size_t n)
{
	const src_picto *p = content_src_picto(s, a);

	if (strcmp(a, b) == 0 || p == NULL)
		snprintf(buf, n, "'%s'", b);
	else
		snprintf(buf, n, "'%s' and '%s', both glyph %04x", a, b,
		    (unsigned)p->codepoint);
	return buf;
}

static void
check_themes(lint_ctx *c, const content_src *s)
{
	char pw[160];

	for (size_t j = 1; j < s->nthemes; j++) {
		const src_theme *t = &s->themes[j];

		for (size_t i = 0; i < j; i++) {
			const src_theme *u = &s->themes[i];

			if (!same_picto(s, u->picto.v, t->picto.v))
				continue;
			lint_report(c, s->f_themes, t->picto.line, "E-PICTODUP",
			    "themes '%s' and '%s' show the same pictogram (%s) "
			    "on the list of themes: give each theme its own",
			    u->id.v, t->id.v, picto_words(s, u->picto.v,
			    t->picto.v, pw, sizeof pw));
			break;
		}
	}
}

static void
check_pages(lint_ctx *c, const content_src *s)
{
	char pw[160];

	for (size_t j = 1; j < s->npages; j++) {
		const src_page *g = &s->pages[j];

		for (size_t i = 0; i < j; i++) {
			const src_page *h = &s->pages[i];

			if (!same_picto(s, h->picto.v, g->picto.v))
				continue;
			lint_report(c, g->file, g->picto.line ? g->picto.line : 1,
			    "E-PICTODUP", "pages '%s' and '%s' show the same "
			    "pictogram (%s) on the list of pages: give each page "
			    "its own", h->id, g->id, picto_words(s, h->picto.v,
			    g->picto.v, pw, sizeof pw));
			break;
		}
	}
}

/* Two answers of one name are E-ANSWER (lint_checks.c); here, two names
 * of one glyph. */
static void
check_answers(lint_ctx *c, const content_src *s)
{
	char pw[160];

	for (size_t q = 0; q < s->nquestions; q++) {
		const src_question *qu = &s->questions[q];

		for (size_t j = 1; j < qu->nans; j++) {
			const src_answer *a = &qu->ans[j];

			for (size_t i = 0; i < j; i++) {
				const src_answer *b = &qu->ans[i];

				if (strcmp(a->picto, b->picto) == 0 ||
				    !same_picto(s, b->picto, a->picto))
					continue;
				lint_report(c, s->f_questions, qu->answers.line,
				    "E-PICTODUP", "question '%s': answers '%s' and "
				    "'%s' show the same pictogram (%s): give each "
				    "answer its own", qu->id.v, b->label, a->label,
				    picto_words(s, b->picto, a->picto, pw,
				    sizeof pw));
				break;
			}
		}
	}
}

/* An MSD where both offers are, or NULL.  Their codes are those of
 * s->msds (lint_checks.c resolved them). */
static const char *
shared_msd(const src_offer *a, const src_offer *b)
{
	for (size_t i = 0; i < a->nmsds; i++)
		for (size_t k = 0; k < b->nmsds; k++)
			if (strcmp(a->msds[i], b->msds[k]) == 0)
				return a->msds[i];
	return NULL;
}

static void
check_offers(lint_ctx *c, const content_src *s)
{
	char pw[160];

	for (size_t j = 1; j < s->noffers; j++) {
		const src_offer *o = &s->offers[j];

		for (size_t i = 0; i < j; i++) {
			const src_offer *p = &s->offers[i];
			const char *msd;

			if (strcmp(p->theme.v, o->theme.v) != 0 ||
			    p->picto_res == NULL || o->picto_res == NULL ||
			    !same_picto(s, p->picto_res, o->picto_res) ||
			    (msd = shared_msd(p, o)) == NULL)
				continue;
			lint_report(c, s->f_offers, o->picto.line ? o->picto.line :
			    o->id.line, "W-PICTODUP", "offers '%s' and '%s' of "
			    "theme '%s' show the same pictogram (%s) at MSD '%s': "
			    "offers within a theme get their own pictogram where "
			    "one fits", p->id.v, o->id.v, o->theme.v,
			    picto_words(s, p->picto_res, o->picto_res, pw,
			    sizeof pw), msd);
			break;
		}
	}
}

void
lint_check_screens(lint_ctx *c, const content_src *s)
{
	check_themes(c, s);
	check_pages(c, s);
	check_answers(c, s);
	check_offers(c, s);
}
