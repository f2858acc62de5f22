/*
 * screens.h - what the kiosk shows, as app/kiosk.c sees it: the style for
 * a screen size, one frame of the screen shown with its top bar and
 * popups, and the glossary's links.  The screens themselves, the state
 * they share and the navigation are in screen.h; each screen is a file
 * of this folder.
 */
#ifndef MSD_SCREENS_H
#define MSD_SCREENS_H

#include "screens/screen.h"

/* Sizes and colours for a w x h screen at dpi (CONTENT.md: body text
 * >= 24 px at 96 dpi, scaled by dpi; buttons >= 15 mm; contrast >= 7:1).
 * m measures the body font for the ~60 characters line. */
void screens_style(ui_style *st, int w, int h, double dpi,
    int text_percent, const ui_measure *m);

/* Builds one frame of the screen shown on a w x h screen (the PIN
 * lock-out reads the wall clock: it outlives the process). */
void screens_frame(struct app *a, ui_ctx *c, int w, int h);

/* Glossary matcher for ui_set_links(); arg is the struct app. */
int screens_link(void *arg, const char *s, size_t *len);

#endif
