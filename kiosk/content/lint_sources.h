/*
 * lint_sources.h - the content sources of a folder (format:
 * assets/content/README.md) loaded into the src_* rows of model.h:
 * msd.csv, themes.csv,
 * offers.csv, glossary.csv, questions.csv, pages/NN-name.txt, and the
 * pictogram list.  Loading checks only that they can be read and have
 * their columns; the rest is lint_checks.h.
 */
#ifndef MSD_LINT_SOURCES_H
#define MSD_LINT_SOURCES_H

#include <stddef.h>
#include <stdint.h>

#include "content/lint_report.h"
#include "content/model.h"
#include "content/i18n_src.h"

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
	content_i18n i18n;	/* interface.csv, traductions/ (i18n_src.h) */
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

/* The rows of s of a top-level entity of model.h (model_entities), and
 * their count. */
const void *content_src_rows(const content_src *s, const model_entity *m,
    size_t *n);

#endif
