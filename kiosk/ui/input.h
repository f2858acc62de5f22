/*
 * input.h - touch, mouse and keyboard into the toolkit's input (ui.h).
 *
 * One finger (or the left mouse button) at a time.  A press that ends
 * within a few millimetres of where it started is a tap; one that moves
 * further is a drag that scrolls the box under it, and keeps gliding
 * (inertia) after release, slowing down.  SDL's mouse events synthesized
 * from touches are ignored: the finger events carry the same gesture.
 *
 * The hidden staff gesture is recognised here too: 5 taps within 3 s in
 * the top-left corner, or a 3 s press there, or Ctrl+Alt+S.
 */
#ifndef MSD_INPUT_H
#define MSD_INPUT_H

#include <SDL.h>

#include "ui/ui.h"

/* What input_event() / input_animate() saw (bit flags). */
enum {
	INPUT_ACTIVITY = 1,	/* a person did something: idle timer restarts */
	INPUT_FRAME = 2,	/* the screen needs a new frame */
	INPUT_STAFF = 4		/* the staff gesture was completed */
};

typedef struct input input;

input *input_new(void);
void input_free(input *in);

/* Window size in pixels and pixels per millimetre (for the tap slop,
 * the staff corner and finger coordinates). */
void input_set_geometry(input *in, int w, int h, double mm);

/* Feeds one SDL event; returns INPUT_* flags. */
int input_event(input *in, ui_ctx *c, const SDL_Event *ev);

/* Moves a gliding scroll on; INPUT_FRAME while it moves. */
int input_animate(input *in, ui_ctx *c, Uint32 now);

/* Milliseconds until input_animate() or the long press needs calling,
 * -1 if nothing is pending. */
int input_timeout(const input *in, Uint32 now);

/* Forgets any gesture in progress (idle reset, page change). */
void input_reset(input *in);

#endif
