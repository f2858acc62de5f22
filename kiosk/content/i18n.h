/*
 * i18n.h - a content pack in one language, and the interface's words.
 *
 * French is the reference: every text exists in French.  A translation
 * is a row of the pack's `translation` table, found by the language and
 * a key that names the text (the same keys in the translator's sheet,
 * traductions/LANG/textes.csv):
 *
 *   theme.ID.titre  theme.ID.resume
 *   offre.ID.titre  .resume .pour_qui .cout .comment .contact .texte
 *   glossaire.MOT.mot  .variantes  .explication
 *   question.ID.question  question.ID.reponse.ANSWER (its pictogram name)
 *   page.ID.titre  page.ID.texte      (from traductions/LANG/pages/)
 *   ui.NAME                           (interface.csv: buttons, captions)
 *
 * i18n_localize() makes a pack whose rows are those of the French pack
 * with each translated text in place of the French one, so that the
 * screens and the sheet read one pack whatever the language; a text with
 * no translation stays French.  i18n_ui() gives an interface word.
 */
#ifndef MSD_I18N_H
#define MSD_I18N_H

#include <stdarg.h>
#include <stddef.h>

#include "content/model.h"
#include "content/pack.h"

/* One translatable text field of an entity: its key is
 * PREFIX.ID.FIELD, FIELD being the source column's name. */
typedef struct i18n_field {
	const model_entity *m;
	const char *prefix;	/* "offre" */
	const char *field;	/* "titre": its column in the sources */
	const char *col;	/* "title": its column in the pack */
} i18n_field;

extern const i18n_field i18n_fields[];
extern const size_t i18n_nfields;

/* The pack's language of that code, or NULL. */
const pack_lang *i18n_lang(const pack *p, const char *code);

/* A pack that reads base (a pack as pack_open() gave it) in lang, French
 * where lang has no text; NULL if base has no such language.  It points
 * into base: close it (pack_close) before base. */
pack *i18n_localize(const pack *base, const char *lang);
/* Frees a pack made by i18n_localize() (pack_close() calls it). */
void i18n_view_free(pack *view);

/* The interface's word for NAME (the key without "ui.") in p's language,
 * else in French, else NAME itself (a pack older than the program: the
 * missing key shows, it does not crash; lint and test_i18n keep the
 * program's names and interface.csv together). */
const char *i18n_ui(const pack *p, const char *name);

/* The word NAME (i18n_ui()) with each {KEY} in it replaced by the value
 * given after KEY: pairs of strings ended by NULL.  A number is the value
 * of "n", and the word NAME.<n>, when the pack has it, is the form for
 * that number.  A {KEY} given no value stays as it is.  Into buf (size
 * n), cut between two characters when longer; returns buf.  The words are
 * the translators': they are never a printf format. */
const char *i18n_uif(const pack *p, const char *name, char *buf, size_t n,
    ...) __attribute__((sentinel));
/* The same with the arguments in ap; fallback is the text when the pack
 * has no word NAME (NULL: NAME itself, as i18n_ui()). */
const char *i18n_uifv(const pack *p, const char *name, const char *fallback,
    char *buf, size_t n, va_list ap);

/* A day (year, month 1-12, day) in words of p's language: the word
 * "date" ("{n} {mois} {an}"; its form "date.1": "1er {mois} {an}") with
 * the month's word mois.1 to mois.12. */
void i18n_day(const pack *p, int y, int m, int d, char *out, size_t n);
/* The same for a day of the sources (YYYY-MM-DD); anything else is given
 * as it is. */
void i18n_day_iso(const pack *p, const char *iso, char *out, size_t n);

/* The text of key in lang, NULL if none (bsearch in the sorted rows). */
const char *i18n_text(const pack *p, const char *lang, const char *key);

/* 1 if lang is written right to left (ar, fa, he, ur...). */
int i18n_rtl_code(const char *lang);

#endif
