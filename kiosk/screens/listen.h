/*
 * listen.h - "Écouter": reading the page on screen aloud (audio/), as
 * the top bar and the glossary's popup offer it.
 *
 * The button shows only when the kiosk has a sound device (app.player)
 * and the pack has audio for the page; whether it has is asked once per
 * page.  Any change of page or popup stops the voice: go_quiet() (every
 * navigation, the idle reset) at once, listen_turn() for a popup closed.
 */
#ifndef MSD_LISTEN_H
#define MSD_LISTEN_H

#include "screens/screen.h"

/* 1 when page (a page id, "gloss:WORD" for the popup) can be heard. */
int listen_available(struct app *a, const char *page);
/* 1 while page is being read. */
int listen_playing(struct app *a, const char *page);
/* "Écouter" (counted: STATS_LISTENED) or "Arrêter" for page. */
void listen_toggle(struct app *a, const char *page);
/* Stops the voice (nothing playing: nothing). */
void listen_stop(struct app *a);
/* Between frames: stops a voice whose page or popup is gone, notes the
 * sentence heard.  Returns 1 when the screen must be drawn again (the
 * voice ended, or moved to the next sentence). */
int listen_turn(struct app *a);

#endif
