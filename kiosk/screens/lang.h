/*
 * lang.h - the language and the text size a person chose: the pack in
 * each language, the two buttons of the top bar ("English", "العربية"...
 * and A+), the popup that lists the languages, and the idle reset to
 * French and normal text.
 *
 * Each language is shown by its own name in its own script, never by a
 * flag.  The pack in each language is made once per pack
 * (i18n_localize()), so changing language costs nothing at the touch.
 */
#ifndef MSD_LANG_H
#define MSD_LANG_H

#include "screens/screen.h"

/* Takes p (a pack as pack_open() gave it; NULL: none) as the app's, with
 * a view per language; the language shown stays if p has it, else
 * French.  The old pack and its views are closed. */
void lang_set_pack(struct app *a, pack *p);

/* The code of the pack's i-th language (0: French), i < a->nviews. */
const char *lang_at(const struct app *a, size_t i);
/* Shows the language of that code: 0, or -1 if the pack has none. */
int lang_choose(struct app *a, const char *code);
/* The code of the language shown ("fr"). */
const char *lang_code(const struct app *a);
/* 1 if the language shown is written right to left. */
int lang_rtl(const struct app *a);
/* French and normal text (idle reset, start). */
void lang_reset(struct app *a);

/* Text about 1.5 times larger ("Texte plus grand"), or normal. */
#define LANG_LARGE_PERCENT 150

/* The language and A+ buttons with their right edge at x (the bar's
 * y), not left of left (what the bar holds there): the globe alone and
 * A+ alone when the names do not fit.  Returns the width they take. */
int lang_buttons(struct app *a, ui_ctx *c, int x, int y, int left);
/* The list of languages over the page, while the person chooses. */
void lang_popup(struct app *a, ui_ctx *c, int w, int h);

#endif
