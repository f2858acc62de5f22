/*
 * i18n_src.h - the languages of a content folder: the interface's words
 * (interface.csv, French) and each translation (traductions/LANG/), into
 * the langs and trs rows of content_src (model.h), French first.
 *
 *   interface.csv               clé;texte: the kiosk's buttons, captions,
 *                               countdown... ("retour;Retour")
 *   traductions/LANG/textes.csv clé;français;texte;traduit_de;état: one
 *                               row per French text (keys: i18n.h)
 *   traductions/LANG/pages/NAME.txt   a page of pages/, translated:
 *                               titre:, traduit de:, état:, a blank line,
 *                               the text
 *
 * `traduit_de` is the fingerprint of the French text the translation was
 * made from (i18n_fingerprint()); tools/translation_sheet.py writes the
 * sheet and stamps it.  Lint compares it with the French of today
 * (lint_i18n.h).
 */
#ifndef MSD_I18N_SRC_H
#define MSD_I18N_SRC_H

#include <stddef.h>

#include "content/lint_report.h"
#include "content/model.h"

struct crypto_hash_sha256_state;

/* What the languages of a folder hold (content_src's i18n). */
typedef struct content_i18n {
	const char *dir;	/* the content folder */
	src_lang *langs;	size_t nlangs;	/* French first */
	src_tr *trs;		size_t ntrs;	/* sorted by lang, key */
	char *f_ui;		/* interface.csv */
	int has_ui;		/* ...was read */
	char **files;		/* the translations' files read: the rows */
	size_t nfiles;		/* point at these names */
} content_i18n;

/* The folder of translations inside a content folder. */
#define I18N_DIR "traductions"
/* The interface's words, in French. */
#define I18N_UI_FILE "interface.csv"

/* Reads interface.csv and every traductions/LANG/ of the folder dir
 * into out; problems are reported in c (E-CSV, E-COL, E-DUP, E-PAGE,
 * E-LANG).  h: the sources' hash. */
void i18n_src_load(lint_ctx *c, const char *dir, content_i18n *out,
    struct crypto_hash_sha256_state *h);
void i18n_src_free(content_i18n *s);

/* The first 12 hexadecimal digits of the SHA-256 of text, white space
 * around it left out: what `traduit_de` holds. */
void i18n_fingerprint(const char *text, size_t n, char out[13]);

/* The language's row in s, NULL if s has no such language. */
const src_lang *i18n_src_lang(const content_i18n *s, const char *code);

#endif
