/*
 * blank.c - the display off outside the screen hours: DPMS under X11,
 * else one black frame (see blank.h).
 */
#include "app/blank.h"
#include "log.h"

#include <SDL_syswm.h>
#include <X11/Xlib.h>
#include <X11/extensions/dpms.h>
#include <dlfcn.h>

/* libXext's DPMS calls and libX11's XFlush, found at the first blank.
 * Not linked: SDL itself loads the X libraries only when it runs on X,
 * and a kiosk under cage has no X server to talk to. */
static struct {
	int tried, ok;
	Bool (*query)(Display *, int *, int *);
	Bool (*capable)(Display *);
	Status (*info)(Display *, CARD16 *, BOOL *);
	Status (*enable)(Display *);
	Status (*disable)(Display *);
	Status (*force)(Display *, CARD16);
	int (*flush)(Display *);
} x;

static int
load_dpms(void)
{
	void *ext, *x11;

	if (x.tried)
		return x.ok;
	x.tried = 1;
	if ((ext = dlopen("libXext.so.6", RTLD_NOW | RTLD_LOCAL)) == NULL ||
	    (x11 = dlopen("libX11.so.6", RTLD_NOW | RTLD_LOCAL)) == NULL) {
		log_info("screen hours: no libXext (%s): the screen is "
		    "blanked with a black frame", dlerror());
		return 0;
	}
	*(void **)&x.query = dlsym(ext, "DPMSQueryExtension");
	*(void **)&x.capable = dlsym(ext, "DPMSCapable");
	*(void **)&x.info = dlsym(ext, "DPMSInfo");
	*(void **)&x.enable = dlsym(ext, "DPMSEnable");
	*(void **)&x.disable = dlsym(ext, "DPMSDisable");
	*(void **)&x.force = dlsym(ext, "DPMSForceLevel");
	*(void **)&x.flush = dlsym(x11, "XFlush");
	x.ok = x.query && x.capable && x.info && x.enable && x.disable &&
	    x.force && x.flush;
	return x.ok;
}

/* The window's X display, or NULL (Wayland, KMS, offscreen). */
static Display *
x_display(SDL_Window *w)
{
	SDL_SysWMinfo wm;

	SDL_VERSION(&wm.version);
	if (SDL_GetWindowWMInfo(w, &wm) != SDL_TRUE ||
	    wm.subsystem != SDL_SYSWM_X11)
		return NULL;
	return wm.info.x11.display;
}

/* The monitor to sleep through DPMS: 1 if done. */
static int
dpms_off(struct blank *b, Display *d)
{
	int ev, er;
	CARD16 level;
	BOOL enabled;

	if (d == NULL || !load_dpms() || !x.query(d, &ev, &er) ||
	    !x.capable(d) || !x.info(d, &level, &enabled))
		return 0;
	/* ForceLevel needs DPMS enabled; a server started with -dpms (or
	 * `xset -dpms`) gets it back as it was on waking. */
	b->dpms_was_off = !enabled;
	if (!enabled)
		x.enable(d);
	x.force(d, DPMSModeOff);
	x.flush(d);
	return 1;
}

void
blank_enter(struct blank *b, SDL_Window *w, SDL_Renderer *r)
{
	if (b->on)
		return;
	b->on = 1;
	/* Black first: what shows if DPMS is refused, or until the
	 * monitor goes dark. */
	SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
	SDL_RenderClear(r);
	SDL_RenderPresent(r);
	SDL_EnableScreenSaver();
	b->dpms = dpms_off(b, x_display(w));
	log_info("screen hours: the screen is off (%s) until a touch or the "
	    "next opening hour", b->dpms ? "DPMS" : "black frame");
}

void
blank_start(struct blank *b, SDL_Window *w)
{
	Display *d = x_display(w);
	int ev, er;
	CARD16 level;
	BOOL enabled;

	(void)b;
	if (d == NULL || !load_dpms() || !x.query(d, &ev, &er) ||
	    !x.capable(d) || !x.info(d, &level, &enabled) ||
	    level == DPMSModeOn)
		return;
	x.force(d, DPMSModeOn);
	x.flush(d);
	log_info("screen hours: the monitor was asleep at start (a kiosk "
	    "stopped while blanked?): woken");
}

void
blank_leave(struct blank *b, SDL_Window *w)
{
	Display *d;

	if (!b->on)
		return;
	if (b->dpms && (d = x_display(w)) != NULL) {
		x.force(d, DPMSModeOn);
		if (b->dpms_was_off)
			x.disable(d);
		x.flush(d);
	}
	SDL_DisableScreenSaver();
	b->on = b->dpms = b->dpms_was_off = 0;
	log_info("screen hours: the screen is on");
}

const char *
blank_how(const struct blank *b)
{
	return !b->on ? "on" : b->dpms ? "dpms" : "black";
}
