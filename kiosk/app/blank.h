/*
 * blank.h - the display off outside the screen hours (screen_hours.h).
 *
 * Under X11 the monitor is put to sleep with DPMS (libXext's
 * DPMSForceLevel, loaded at the first blank: a kiosk that never blanks
 * never loads it), when the X server has the extension.  Everywhere else
 * (Wayland under cage, KMS, an X server without DPMS) the window shows
 * one black frame and no other until it wakes.  In both cases the
 * screen saver is allowed while blanked, so that a display server with
 * its own idle policy may power the screen down too, and disabled again
 * on waking.
 */
#ifndef MSD_BLANK_H
#define MSD_BLANK_H

#include <SDL.h>

struct blank {
	int on;			/* blanked now */
	int dpms;		/* the monitor was put to sleep by DPMS */
	int dpms_was_off;	/* DPMS was disabled in the server: restore */
};

/* Blanks: DPMS off if it can, else a black frame. */
void blank_enter(struct blank *b, SDL_Window *w, SDL_Renderer *r);
/* Wakes the monitor; the caller draws the next frame. */
void blank_leave(struct blank *b, SDL_Window *w);

/* At start, with screen hours: a monitor that a kiosk killed while
 * blanked (SIGKILL, a crash) left asleep is woken by DPMS; nothing else
 * would wake it before the first touch.  Does nothing elsewhere. */
void blank_start(struct blank *b, SDL_Window *w);

/* "on" (not blanked), "dpms" or "black": for the state file. */
const char *blank_how(const struct blank *b);

#endif
