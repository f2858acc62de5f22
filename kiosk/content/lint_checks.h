/*
 * lint_checks.h - what holds the loaded sources together (ids,
 * references, pictograms, web addresses, MSDs, questions), F7 (every
 * fact has a title, a pictogram, a source and a date) and F8 (the
 * glossary), file by file; each text field goes through lint_text().
 * lint_check() (lint.c) calls them in this order, which is the order of
 * the messages.
 */
#ifndef MSD_LINT_CHECKS_H
#define MSD_LINT_CHECKS_H

#include "content/lint_report.h"
#include "content/lint_sources.h"

/* msd.csv: codes, required cells, the seven MSDs of the Département. */
void lint_check_msds(lint_ctx *c, content_src *s);
/* themes.csv; then sorts the themes by `ordre`. */
void lint_check_themes(lint_ctx *c, content_src *s);
/* offers.csv: theme, pictogram, date, source, QR; resolves each offer's
 * pictogram and MSDs; then the themes with no offer. */
void lint_check_offers(lint_ctx *c, content_src *s);
/* pages/NN-name.txt: id from the file name, header fields, text. */
void lint_check_pages(lint_ctx *c, content_src *s);
/* glossary.csv: explanations, and each word used somewhere (F8). */
void lint_check_glossary(lint_ctx *c, content_src *s);
/* questions.csv: ids, answers; then sorts the questions by `ordre`. */
void lint_check_questions(lint_ctx *c, content_src *s);

#endif
