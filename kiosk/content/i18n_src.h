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

#include "content/lint_sources.h"

/* The folder of translations inside a content folder. */
#define I18N_DIR "traductions"
/* The interface's words, in French. */
#define I18N_UI_FILE "interface.csv"

/* Reads interface.csv and every traductions/LANG/ of s->dir into
 * s->langs and s->trs; problems are reported in c (E-CSV, E-COL, E-DUP,
 * E-PAGE, E-LANG).  h: the sources' hash. */
void i18n_src_load(lint_ctx *c, content_src *s,
    struct crypto_hash_sha256_state *h);
void i18n_src_free(content_src *s);

/* The first 12 hexadecimal digits of the SHA-256 of text, white space
 * around it left out: what `traduit_de` holds. */
void i18n_fingerprint(const char *text, size_t n, char out[13]);

/* Every French text a translator translates, in the sheet's order: key,
 * the French text (a whole page file for "page.ID"), its file and line.
 * The interface's words are "ui.NAME". */
typedef void (*i18n_each_fn)(void *arg, const char *key, const char *text,
    const char *file, int line);
void i18n_french_each(const content_src *s, i18n_each_fn fn, void *arg);

/* The language's row in s, NULL if s has no such language. */
const src_lang *i18n_src_lang(const content_src *s, const char *code);

#endif
