/*
 * lint_sources.h - the content sources of a folder (format:
 * assets/content/README.md) loaded into structs: msd.csv, themes.csv,
 * offers.csv, glossary.csv, questions.csv, pages/NN-name.txt, and the
 * pictogram list.  Loading checks only that they can be read and have
 * their columns; the rest is lint_checks.h.
 */
#ifndef MSD_LINT_SOURCES_H
#define MSD_LINT_SOURCES_H

#include <stddef.h>
#include <stdint.h>

#include "content/lint_report.h"

/* A value read from a source file, and the line it starts on. */
typedef struct src_field {
	char *v;		/* never NULL: "" when absent */
	int line;
} src_field;

typedef struct src_picto {
	char *name, *label;
	uint32_t codepoint;
	int line;
} src_picto;

typedef struct src_msd {
	src_field code, name, territory, address, phone, hours, source;
} src_msd;

typedef struct src_theme {
	src_field id, title, picto, order, summary;
	long ord;
} src_theme;

typedef struct src_page {
	char *file;		/* path, for messages */
	char *id;		/* from the file name */
	src_field title, picto, reviewed_on;
	src_field sources;	/* one per line */
	src_field body;		/* line: where the text starts */
} src_page;

typedef struct src_offer {
	src_field id, theme, title, summary, for_whom, cost, how, contact;
	src_field msd, qr, picto, reviewed_on, source, body;
	/* Resolved by lint_check(): */
	const char *picto_res;	/* the offer's pictogram, or its theme's */
	char **msds;		/* codes of msd.csv ("toutes" = all) */
	size_t nmsds;
} src_offer;

typedef struct src_gloss {
	src_field word, variants, explanation;
} src_gloss;

typedef struct src_answer {
	char *picto, *label;
} src_answer;

typedef struct src_question {
	src_field id, order, text, answers;
	long ord;
	src_answer *ans;
	size_t nans;
} src_question;

typedef struct content_src {
	char *dir;
	char *f_msd, *f_themes, *f_offers, *f_gloss, *f_questions, *f_pictos;
	src_picto *pictos;	size_t npictos;
	src_msd *msds;		size_t nmsds;
	src_theme *themes;	size_t nthemes;
	src_page *pages;	size_t npages;
	src_offer *offers;	size_t noffers;
	src_gloss *gloss;	size_t ngloss;
	src_question *questions; size_t nquestions;
	unsigned char sha256[32];	/* of every file read, in a fixed order */
	char *portal_url;	/* portal.txt (lint_portal.h), "" if none */
} content_src;

/* Where pictos.csv is looked for when no --pictos is given: inside the
 * source folder (SRC/pictos.csv), so that a copied folder stands alone.
 * Writes to buf. */
const char *lint_default_pictos(const char *dir, char *buf, size_t n);

/* Reads dir's sources and the pictogram list; what cannot be read or is
 * malformed is reported in c (so the result may be partial).  Questions
 * are optional (no questions.csv: no feedback screen). */
content_src *content_src_load(const char *dir, const char *pictos,
    lint_ctx *c);
void content_src_free(content_src *s);

/* Each value of s longer than content_limits.h allows, given to fn with
 * its file, line (0: the whole file), column or field name, length and
 * limit.  Returns how many there were.  Lint reports them (E-LONG), the
 * build refuses them; pack_open() has the same limits. */
typedef void (*content_long_fn)(void *arg, const char *file, int line,
    const char *what, size_t len, size_t max);
size_t content_src_long_values(const content_src *s, content_long_fn fn,
    void *arg);

/* The pictogram of that name in the list, or NULL. */
const src_picto *content_src_picto(const content_src *s, const char *name);

#endif
