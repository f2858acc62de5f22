/*
 * input.c - gestures and keys (see input.h).
 */
#include "ui/input.h"
#include "strbuf.h"

#include <math.h>
#include <stdlib.h>

#define TAP_SLOP_MM	4.0	/* a finger wobbles; more is a drag */
#define CORNER_MM	15.0	/* the staff corner, a hidden square */
#define STAFF_TAPS	5
#define STAFF_MS	3000
#define FRAME_MS	16
#define GLIDE_MIN	0.05	/* px/ms under which a glide stops */
#define GLIDE_DECAY	0.995	/* speed kept per ms (about 0.92 a frame) */

struct input {
	int w, h;
	double mm;

	int down;		/* a finger or the button is down */
	SDL_FingerID finger;
	int is_finger;
	int x0, y0, x, y;	/* press point, last point */
	Uint32 t0, tlast;
	int dragging;
	double vel;		/* px/ms, positive = content moves up */
	int staff_fired;	/* long press already reported */

	int gliding;
	int gx, gy;		/* where the glide scrolls */
	Uint32 glide_t;

	Uint32 corner_taps[STAFF_TAPS];
	int ncorner;
};

input *
input_new(void)
{
	input *in = xcalloc(1, sizeof *in);
	in->mm = 96 / 25.4;
	return in;
}

void
input_free(input *in)
{
	free(in);
}

void
input_set_geometry(input *in, int w, int h, double mm)
{
	in->w = w;
	in->h = h;
	in->mm = mm;
}

void
input_reset(input *in)
{
	in->down = 0;
	in->dragging = 0;
	in->gliding = 0;
	in->ncorner = 0;
}

static int
in_corner(const input *in, int x, int y)
{
	int side = (int)(CORNER_MM * in->mm);
	return x < side && y < side;
}

/* Counts a tap in the corner; INPUT_STAFF on the 5th within 3 s. */
static int
corner_tap(input *in, Uint32 now)
{
	if (in->ncorner == STAFF_TAPS) {
		for (int i = 1; i < STAFF_TAPS; i++)
			in->corner_taps[i - 1] = in->corner_taps[i];
		in->ncorner--;
	}
	in->corner_taps[in->ncorner++] = now;
	if (in->ncorner == STAFF_TAPS &&
	    now - in->corner_taps[0] <= STAFF_MS) {
		in->ncorner = 0;
		return INPUT_STAFF;
	}
	return 0;
}

static int
press(input *in, ui_ctx *c, int x, int y, Uint32 now)
{
	in->down = 1;
	in->x0 = in->x = x;
	in->y0 = in->y = y;
	in->t0 = in->tlast = now;
	in->dragging = 0;
	in->vel = 0;
	in->staff_fired = 0;
	in->gliding = 0;	/* a finger stops a glide */
	ui_input_pointer(c, x, y, 1);
	return INPUT_ACTIVITY | INPUT_FRAME;
}

static int
move(input *in, ui_ctx *c, int x, int y, Uint32 now)
{
	int flags = INPUT_ACTIVITY;

	if (!in->down)
		return 0;
	if (!in->dragging && hypot(x - in->x0, y - in->y0) >
	    TAP_SLOP_MM * in->mm) {
		/* Now a drag: no button stays pressed, no tap follows. */
		in->dragging = 1;
		ui_input_pointer(c, in->x0, in->y0, 0);
		flags |= INPUT_FRAME;
	}
	if (in->dragging) {
		int dy = in->y - y;
		Uint32 dt = now - in->tlast;
		if (dy && ui_input_scroll(c, in->x0, in->y0, dy))
			flags |= INPUT_FRAME;
		if (dt > 0) {
			/* Smoothed speed of the last moves, for the glide. */
			double v = (double)dy / dt;
			in->vel = dt > 100 ? v : 0.6 * v + 0.4 * in->vel;
		}
	}
	in->x = x;
	in->y = y;
	in->tlast = now;
	return flags;
}

static int
release(input *in, ui_ctx *c, int x, int y, Uint32 now)
{
	int flags = INPUT_ACTIVITY | INPUT_FRAME;

	if (!in->down)
		return 0;
	flags |= move(in, c, x, y, now);
	in->down = 0;
	ui_input_pointer(c, x, y, 0);
	if (in->staff_fired)
		return flags;
	if (in->dragging) {
		/* A finger that stopped before lifting does not glide. */
		if (now - in->tlast < 100 && fabs(in->vel) > GLIDE_MIN * 4) {
			in->gliding = 1;
			in->gx = in->x0;
			in->gy = in->y0;
			in->glide_t = now;
		}
		return flags;
	}
	ui_input_tap(c, in->x0, in->y0);
	if (in_corner(in, in->x0, in->y0))
		flags |= corner_tap(in, now);
	return flags;
}

static int
key(input *in, ui_ctx *c, const SDL_KeyboardEvent *k)
{
	SDL_Keymod mod = k->keysym.mod;
	SDL_Keycode sym = k->keysym.sym;

	(void)in;
	if ((mod & KMOD_CTRL) && (mod & KMOD_ALT) && sym == SDLK_s)
		return INPUT_ACTIVITY | INPUT_STAFF;
	switch (sym) {
	case SDLK_TAB:
		ui_input_key(c, mod & KMOD_SHIFT ? UI_KEY_BACKTAB : UI_KEY_TAB, 0);
		break;
	case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_SPACE:
		ui_input_key(c, UI_KEY_ENTER, 0);
		break;
	case SDLK_ESCAPE: case SDLK_AC_BACK:
		ui_input_key(c, UI_KEY_ESCAPE, 0);
		break;
	case SDLK_UP:		ui_input_key(c, UI_KEY_UP, 0); break;
	case SDLK_DOWN:		ui_input_key(c, UI_KEY_DOWN, 0); break;
	case SDLK_PAGEUP:	ui_input_key(c, UI_KEY_PAGEUP, 0); break;
	case SDLK_PAGEDOWN:	ui_input_key(c, UI_KEY_PAGEDOWN, 0); break;
	case SDLK_BACKSPACE:	ui_input_key(c, UI_KEY_BACKSPACE, 0); break;
	default:
		if (sym >= SDLK_0 && sym <= SDLK_9)
			ui_input_key(c, UI_KEY_DIGIT, (char)('0' + sym - SDLK_0));
		else if (sym >= SDLK_KP_1 && sym <= SDLK_KP_9)
			ui_input_key(c, UI_KEY_DIGIT,
			    (char)('1' + sym - SDLK_KP_1));
		else if (sym == SDLK_KP_0)
			ui_input_key(c, UI_KEY_DIGIT, '0');
		else
			return INPUT_ACTIVITY;
	}
	return INPUT_ACTIVITY | INPUT_FRAME;
}

int
input_event(input *in, ui_ctx *c, const SDL_Event *ev)
{
	switch (ev->type) {
	case SDL_MOUSEBUTTONDOWN:
		if (ev->button.which == SDL_TOUCH_MOUSEID ||
		    ev->button.button != SDL_BUTTON_LEFT || in->down)
			return 0;
		in->is_finger = 0;
		return press(in, c, ev->button.x, ev->button.y,
		    ev->button.timestamp);
	case SDL_MOUSEMOTION:
		if (ev->motion.which == SDL_TOUCH_MOUSEID || in->is_finger)
			return 0;
		return move(in, c, ev->motion.x, ev->motion.y,
		    ev->motion.timestamp);
	case SDL_MOUSEBUTTONUP:
		if (ev->button.which == SDL_TOUCH_MOUSEID ||
		    ev->button.button != SDL_BUTTON_LEFT || in->is_finger)
			return 0;
		return release(in, c, ev->button.x, ev->button.y,
		    ev->button.timestamp);
	case SDL_MOUSEWHEEL:
		if (ev->wheel.which == SDL_TOUCH_MOUSEID)
			return 0;
		{
			int mx, my;
			SDL_GetMouseState(&mx, &my);
			int dy = -ev->wheel.y * (int)(12 * in->mm);
			return INPUT_ACTIVITY |
			    (ui_input_scroll(c, mx, my, dy) ? INPUT_FRAME : 0);
		}
	case SDL_FINGERDOWN:
		if (in->down)
			return INPUT_ACTIVITY;	/* a second finger: ignored */
		in->is_finger = 1;
		in->finger = ev->tfinger.fingerId;
		return press(in, c, (int)(ev->tfinger.x * in->w),
		    (int)(ev->tfinger.y * in->h), ev->tfinger.timestamp);
	case SDL_FINGERMOTION:
		if (!in->down || !in->is_finger ||
		    ev->tfinger.fingerId != in->finger)
			return 0;
		return move(in, c, (int)(ev->tfinger.x * in->w),
		    (int)(ev->tfinger.y * in->h), ev->tfinger.timestamp);
	case SDL_FINGERUP:
		if (!in->down || !in->is_finger ||
		    ev->tfinger.fingerId != in->finger)
			return 0;
		return release(in, c, (int)(ev->tfinger.x * in->w),
		    (int)(ev->tfinger.y * in->h), ev->tfinger.timestamp);
	case SDL_KEYDOWN:
		return key(in, c, &ev->key);
	default:
		return 0;
	}
}

int
input_animate(input *in, ui_ctx *c, Uint32 now)
{
	int flags = 0;

	if (in->down && !in->dragging && !in->staff_fired &&
	    in_corner(in, in->x0, in->y0) && now - in->t0 >= STAFF_MS) {
		in->staff_fired = 1;	/* long press: not a tap either */
		ui_input_pointer(c, in->x0, in->y0, 0);
		flags |= INPUT_STAFF | INPUT_FRAME;
	}
	if (!in->gliding)
		return flags;
	Uint32 dt = now - in->glide_t;
	if (dt == 0)
		return flags;
	double v1 = in->vel * pow(GLIDE_DECAY, dt);
	/* Distance travelled while slowing from vel to v1. */
	int dy = (int)lround((in->vel - v1) / -log(GLIDE_DECAY));
	in->vel = v1;
	in->glide_t = now;
	if (fabs(in->vel) < GLIDE_MIN ||
	    (dy != 0 && !ui_input_scroll(c, in->gx, in->gy, dy)))
		in->gliding = 0;
	return flags | INPUT_FRAME;
}

int
input_timeout(const input *in, Uint32 now)
{
	if (in->gliding)
		return FRAME_MS;
	if (in->down && !in->dragging && !in->staff_fired &&
	    in_corner(in, in->x0, in->y0)) {
		Uint32 at = in->t0 + STAFF_MS;
		return at > now ? (int)(at - now) : 0;
	}
	return -1;
}
