/*
 * window.c - the kiosk in a window: the event loop, the idle countdown and
 * reset, the staff gesture, the screen hours, the watchdog's turns.
 */
#include "app/kiosk.h"
#include "log.h"
#include "jobs/report_post.h"
#include "jobs/stats.h"
#include "jobs/sync.h"
#include "screens/lang.h"
#include "screens/listen.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void
render_now(struct kiosk *k)
{
	render_draw(k->rd, k->ui);
	SDL_RenderPresent(k->ren);
	khealth_frame(&k->health);
	kiosk_state_write(k);
}

/* Nothing to forget: home, at the top, no popup, no focus, in French
 * and normal text (a visitor who chose Arabic on home and left gets the
 * countdown too). */
static int
fresh(const struct kiosk *k)
{
	return screens_at(&k->app, "home") && k->app.gloss < 0 &&
	    k->app.countdown == 0 && ui_scroll_offset(k->ui, "page") == 0 &&
	    ui_focus_id(k->ui)[0] == '\0' && !k->app.lang_menu &&
	    !k->app.large && strcmp(lang_code(&k->app), "fr") == 0;
}

static void
idle_reset(struct kiosk *k)
{
	if (!screens_staff(&k->app)) {
		char left[160];

		/* Which page was left, without its popup. */
		screens_page_id(&k->app, left, sizeof left);
		left[strcspn(left, " ")] = '\0';
		stats_count(k->app.stats, STATS_IDLE_RESET, left);
	}
	screens_home(&k->app);
	lang_reset(&k->app);	/* back to French and normal text */
	ui_reset_state(k->ui);
	input_reset(k->in);
	k->last_was_key = 0;
	kiosk_check_sync(k);
}

/* ------------------------------------------------------------ hours */

/* The wall clock of the screen hours (--clock-start moves it). */
static time_t
hours_now(const struct kiosk *k)
{
	return time(NULL) + k->o.clock_offset;
}

/* Closed, on home with nothing to forget, and nobody for idle_s: the
 * same wait as before an idle reset, so that a screen woken by a touch
 * outside the hours stays on while it is used. */
static int
may_blank(const struct kiosk *k, time_t t, Uint32 now)
{
	return !screen_hours_on(&k->s.hours, t) && fresh(k) &&
	    (Sint32)(now - k->last_activity) >= (Sint32)k->s.idle_ms;
}

/* Milliseconds until the screen hours need the loop, -1 for never. */
static long
hours_timeout(struct kiosk *k, Uint32 now)
{
	time_t t = hours_now(k);
	long d = -1;

	if (!k->s.hours.set)
		return -1;
	/* Computed once per change (a scan of the week): -1 for never. */
	if (k->hours_next == 0 || (k->hours_next > 0 && t >= k->hours_next)) {
		k->hours_next = screen_hours_next(&k->s.hours, t);
		if (k->hours_next == 0)
			k->hours_next = -1;
	}
	if (k->hours_next > 0)
		d = (long)(k->hours_next - t) * 1000;
	if (!k->blank.on && !screen_hours_on(&k->s.hours, t) && fresh(k)) {
		long idle = (Sint32)(k->last_activity + k->s.idle_ms - now);

		idle = idle < 0 ? 0 : idle;
		if (d < 0 || idle < d)
			d = idle;
	}
	return d;
}

/* Blanks or wakes the display as the hours say.  1 if a frame is
 * needed (the hours opened). */
static int
hours_tick(struct kiosk *k)
{
	time_t t = hours_now(k);
	Uint32 now = SDL_GetTicks();

	if (!k->s.hours.set)
		return 0;
	if (k->blank.on) {
		if (!screen_hours_on(&k->s.hours, t))
			return 0;
		blank_leave(&k->blank, k->win);
		k->last_activity = now;
		return 1;
	}
	if (!may_blank(k, t, now))
		return 0;
	blank_enter(&k->blank, k->win, k->ren);
	kiosk_state_write(k);
	return 0;
}

/* The input of a blanked kiosk: the first press (a touch, a click, a
 * key) wakes the screen and is swallowed with its release, so that it
 * never presses what lies under it.  1 if a frame is needed, 0 if the
 * event is swallowed, 2 if it goes on to event(). */
static int
asleep(struct kiosk *k, const SDL_Event *ev)
{
	int down = ev->type == SDL_MOUSEBUTTONDOWN ||
	    ev->type == SDL_FINGERDOWN || ev->type == SDL_KEYDOWN;
	int up = ev->type == SDL_MOUSEBUTTONUP || ev->type == SDL_FINGERUP ||
	    ev->type == SDL_KEYUP;
	int in = down || up || ev->type == SDL_MOUSEMOTION ||
	    ev->type == SDL_FINGERMOTION || ev->type == SDL_MOUSEWHEEL ||
	    ev->type == SDL_TEXTINPUT || ev->type == SDL_MULTIGESTURE;

	if (k->waking == 1)		/* until the waking press ends */
		k->waking = up ? 2 : 1;
	else if (k->waking == 2 && up)	/* a touch's mouse twin */
		;
	else if (k->waking == 2 && in)
		k->waking = 0;
	if (k->waking && in)
		return 0;
	if (!k->blank.on)
		return 2;
	if (!in)
		return 2;
	if (!down)
		return 0;
	blank_leave(&k->blank, k->win);
	k->waking = 1;
	k->last_activity = SDL_GetTicks();
	khealth_touch(&k->health);
	return 1;
}

/* ------------------------------------------------------------ timers */

/* Milliseconds until the next timer, -1 for none. */
static int
next_timeout(struct kiosk *k, Uint32 now)
{
	long t = input_timeout(k->in, now);
	long d = -1;
	long h = hours_timeout(k, now);

	if (h >= 0 && (t < 0 || h < t))
		t = h;

	if (k->app.countdown > 0)
		d = (Sint32)(k->countdown_next - now);
	else if (k->home_at)
		d = (Sint32)(k->home_at - now);
	else if (!fresh(k))
		d = (Sint32)(k->last_activity + k->s.idle_ms - now);
	else if (k->app.sync)
		d = (Sint32)(k->sync_next - now);
	if (d >= 0 && (t < 0 || d < t))
		t = d;
	if (d < 0 && (k->app.countdown > 0 || k->home_at || !fresh(k) ||
	    k->app.sync))
		t = 0;
	return (int)(t > INT_MAX ? INT_MAX : t);
}

/* Time passes: glide, long press, idle countdown, sync poll.  Returns 1
 * if a frame is needed. */
static int
timers(struct kiosk *k)
{
	Uint32 now = SDL_GetTicks();
	int f = input_animate(k->in, k->ui, now);
	int need = (f & INPUT_FRAME) != 0;

	if ((f & INPUT_STAFF) && !screens_staff(&k->app)) {
		err_t e;
		screens_goto(&k->app, "staff-pin", &e);
		ui_reset_state(k->ui);
		need = 1;
	}
	if (k->home_at && k->app.countdown == 0) {
		/* The thank-you has no idle countdown: it goes home itself
		 * (as its button does: a page view, not an idle reset). */
		if ((Sint32)(now - k->home_at) >= 0) {
			err_t e;
			screens_goto(&k->app, "home", &e);
			ui_reset_state(k->ui);
			input_reset(k->in);
			k->home_at = 0;
			kiosk_check_sync(k);
			need = 1;
		}
	} else if (k->app.countdown > 0) {
		if ((Sint32)(now - k->countdown_next) >= 0) {
			if (--k->app.countdown == 0)
				idle_reset(k);
			k->countdown_next += 1000;
			need = 1;
		}
	} else if (!fresh(k) && (Sint32)(now - k->last_activity) >=
	    (Sint32)k->s.idle_ms) {
		k->app.countdown = (int)k->s.countdown_s;
		k->countdown_next = now + 1000;
		if (k->s.countdown_s == 0)
			idle_reset(k);
		need = 1;
	} else if (fresh(k) && k->app.sync &&
	    (Sint32)(now - k->sync_next) >= 0) {
		k->sync_next = now + SYNC_POLL_MS;
		const struct screen *before = k->app.screen;
		kiosk_check_sync(k);
		need = k->app.screen != before || need;
	}
	return need;
}

/* One SDL event; returns 1 if a frame is needed, -1 to quit. */
static int
event(struct kiosk *k, const SDL_Event *ev)
{
	int a = asleep(k, ev);

	if (a != 2)
		return a;
	if (ev->type == SDL_QUIT) {
		/* Only SIGINT/SIGTERM get here (the window's close button
		 * is SDL_WINDOWEVENT_CLOSE): systemd stopping the kiosk. */
		return -1;
	}
	if (ev->type == SDL_WINDOWEVENT) {
		switch (ev->window.event) {
		case SDL_WINDOWEVENT_CLOSE:
			/* In fullscreen only the staff menu leaves. */
			return k->o.win_w ? -1 : 0;
		case SDL_WINDOWEVENT_SIZE_CHANGED:
			SDL_GetRendererOutputSize(k->ren, &k->w, &k->h);
			kiosk_style(k);
			return 1;
		case SDL_WINDOWEVENT_EXPOSED:
			return 1;
		default:
			return 0;
		}
	}
	if (ev->type == SDL_RENDER_TARGETS_RESET ||
	    ev->type == SDL_RENDER_DEVICE_RESET) {
		/* Textures are gone: start a fresh cache. */
		err_t e;
		render *rd = render_new(k->ren, &k->fonts, &e);
		if (rd) {
			render_free(k->rd);
			k->rd = rd;
			ui_free(k->ui);
			ui_measure m = render_measure(k->rd);
			k->ui = ui_new(&m);
			ui_set_links(k->ui, screens_link, &k->app);
			kiosk_style(k);
		}
		return 1;
	}
	if (!k->o.win_w && (ev->type == SDL_MOUSEMOTION &&
	    ev->motion.which != SDL_TOUCH_MOUSEID))
		SDL_ShowCursor(SDL_ENABLE);	/* someone has a mouse */
	else if (!k->o.win_w && ev->type == SDL_FINGERDOWN)
		SDL_ShowCursor(SDL_DISABLE);
	int f = input_event(k->in, k->ui, ev);
	if (f & INPUT_ACTIVITY) {
		khealth_touch(&k->health);
		k->last_activity = SDL_GetTicks();
		k->last_was_key = ev->type == SDL_KEYDOWN;
		if (k->app.countdown > 0) {
			/* "Je continue": this touch or key only says so; it
			 * does not also press what is under it. */
			k->app.countdown = 0;
			input_reset(k->in);
			ui_input_drop(k->ui);
			f = (f & ~INPUT_STAFF) | INPUT_FRAME;
		}
	}
	if ((f & INPUT_STAFF) && !screens_staff(&k->app)) {
		err_t e;
		screens_goto(&k->app, "staff-pin", &e);
		ui_reset_state(k->ui);
		f |= INPUT_FRAME;
	}
	if (f & INPUT_FRAME) {
		/* Taps and keys are consumed by the next frame: build it
		 * now, before the next event brings another. */
		kiosk_frames(k);
		return 1;
	}
	return 0;
}

/* Counting starts once the window is up (a kiosk with no screen
 * writes nothing), after the start page (not a view); without its
 * database the kiosk still runs. */
static void
start_stats(struct kiosk *k)
{
	err_t e;

	e.msg[0] = '\0';
	k->app.stats = stats_open(k->s.cfg, k->s.msd, &e);
	if (k->app.stats == NULL)
		log_error("statistics off: %s", e.msg);
	else if (screens_at(&k->app, "feedback:"))
		stats_count(k->app.stats, STATS_FEEDBACK_STARTED, NULL);
	e.msg[0] = '\0';
	/* NULL path = the [stats] path of the config (when stats_open
	 * failed, the thread keeps trying to open it). */
	k->app.report = report_post_start(k->s.cfg, k->s.msd,
	    stats_path(k->app.stats), &e);
	if (k->app.report == NULL && e.msg[0])
		log_error("statistics upload off: %s", e.msg);
}

/* SDL's video, with the drivers a kiosk wants: 0, or the exit status
 * said on stderr. */
static int
start_video(const struct kiosk *k)
{
	/* The window manager's close (Alt+F4) is not a way out in
	 * fullscreen; SDL must not turn it into a quit by itself. */
	SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	/* No libdecor on Wayland: a fullscreen kiosk has no title bar to
	 * draw.  cage answers SDL's request for server-side decorations
	 * with "client side"; SDL 2.26 then unmaps the window to hand it
	 * to libdecor, which without its plugin (a Recommends, not a
	 * Depends, of Debian's libdecor) never maps it again, and nothing
	 * the kiosk draws is ever seen (tests/integration/kiosk_cage.sh). */
	SDL_SetHint(SDL_HINT_VIDEO_WAYLAND_ALLOW_LIBDECOR, "0");
	/* Software rendering unless [kiosk] renderer = gpu: left to itself
	 * SDL picks OpenGL, which under X loads Mesa and LLVM (120 MB RSS,
	 * not 27) for pages redrawn only on change.  Both hints are needed:
	 * a software renderer still presents through a GL texture unless
	 * the window framebuffer's acceleration is off too.  SDL_SetHint
	 * does not override the SDL_RENDER_DRIVER environment variable. */
	if (!k->s.gpu) {
		SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	}
	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		fprintf(stderr, "msd-kiosk: no display: %s (run it in a "
		    "graphical session, or use --screenshot FILE.png)\n",
		    SDL_GetError());
		return 1;
	}
	/* With no display SDL falls back to its invisible drivers: a kiosk
	 * nobody can see (and Mesa loaded for it).  Only on request. */
	const char *drv = SDL_GetCurrentVideoDriver();
	const char *asked = SDL_getenv("SDL_VIDEODRIVER");
	if (drv && (strcmp(drv, "offscreen") == 0 || strcmp(drv, "dummy") == 0)
	    && (asked == NULL || strcmp(asked, drv) != 0)) {
		fprintf(stderr, "msd-kiosk: no display (no X11, Wayland or KMS "
		    "screen found; SDL could only offer '%s'): run it in a "
		    "graphical session, or use --screenshot FILE.png\n", drv);
		return 1;
	}
	return 0;
}

/* The window, fullscreen unless --windowed, its renderer and DPI.  The
 * exit status on failure, said on stderr. */
static int
open_window(struct kiosk *k)
{
	int fullscreen = k->o.win_w == 0;

	if (start_video(k) != 0)
		return 1;
	k->win = SDL_CreateWindow("msd-kiosk", SDL_WINDOWPOS_CENTERED,
	    SDL_WINDOWPOS_CENTERED, fullscreen ? 1280 : k->o.win_w,
	    fullscreen ? 800 : k->o.win_h,
	    fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
	if (k->win == NULL) {
		fprintf(stderr, "msd-kiosk: cannot open a window: %s\n",
		    SDL_GetError());
		return 1;
	}
	k->ren = SDL_CreateRenderer(k->win, -1, 0);
	if (k->ren == NULL)
		k->ren = SDL_CreateRenderer(k->win, -1, SDL_RENDERER_SOFTWARE);
	if (k->ren == NULL) {
		fprintf(stderr, "msd-kiosk: no renderer for the window: %s\n",
		    SDL_GetError());
		return 1;
	}
	SDL_GetRendererOutputSize(k->ren, &k->w, &k->h);
	if (k->dpi == 0) {
		float ddpi = 0;
		if (SDL_GetDisplayDPI(SDL_GetWindowDisplayIndex(k->win), &ddpi,
		    NULL, NULL) == 0 && ddpi >= 50 && ddpi <= 600)
			k->dpi = ddpi;
		else
			k->dpi = 96;
	}
	SDL_RendererInfo ri;
	if (SDL_GetRendererInfo(k->ren, &ri) != 0)
		ri.name = "?";
	log_info("window %dx%d at %.0f dpi, %s renderer, content version %ld "
	    "(%s)", k->w, k->h, k->dpi, ri.name, k->app.pack->version,
	    k->s.content);
	if (fullscreen)
		SDL_ShowCursor(SDL_DISABLE);
	SDL_StopTextInput();
	return 0;
}

int
kiosk_window(struct kiosk *k)
{
	err_t e;
	SDL_Event ev;
	int rc;

	if ((rc = open_window(k)) != 0)
		return rc;
	if (kiosk_setup_ui(k, &e) != 0) {
		fprintf(stderr, "msd-kiosk: %s\n", e.msg);
		return 1;
	}
	if (k->o.bench_changes)
		return kiosk_bench_page_changes(k);
	if (k->s.hours.set)
		blank_start(&k->blank, k->win);
	start_stats(k);
	k->last_activity = SDL_GetTicks();
	k->sync_next = k->last_activity + SYNC_POLL_MS;
	int need = 1, warm = 0;
	for (;;) {
		/* The watchdog's ping says a frame was drawn: present one
		 * if none was since the last ping.  Not while blanked: the
		 * loop's turn is the sign of life then. */
		if (khealth_wants_frame(&k->health) && !k->blank.on)
			need = 1;
		if (need && !k->blank.on) {
			kiosk_frames(k);
			render_now(k);
			need = 0;
			/* Home is on the glass: the fonts the next pages use
			 * are opened now, not under the first touch. */
			if (!warm) {
				render_prewarm(k->rd, ui_get_style(k->ui));
				warm = 1;
			}
		}
		khealth_turn(&k->health, k->app.pack->version,
		    k->app.pack->built_at, k->app.msd, k->app.sync);
		if (k->app.quit)
			break;
		int t = kiosk_listen_timeout(k, next_timeout(k, SDL_GetTicks()));
		long ht = khealth_timeout_ms(&k->health);
		if (ht >= 0 && (t < 0 || ht < t))
			t = (int)(ht > INT_MAX ? INT_MAX : ht);
		int got = t < 0 ? SDL_WaitEvent(&ev) :
		    SDL_WaitEventTimeout(&ev, t);
		int quit = 0;
		while (got) {
			int r = event(k, &ev);
			if (r < 0)
				quit = 1;
			else if (r > 0)
				need = 1;
			got = SDL_PollEvent(&ev);
		}
		if (quit)
			break;
		if (timers(k))
			need = 1;
		if (hours_tick(k))
			need = 1;
		if (listen_turn(&k->app))
			need = 1;
	}
	/* Stopped while blanked (systemctl stop, an update): the monitor
	 * back on and DPMS as it was, else it stays dark under whatever
	 * the display shows next until someone touches it. */
	blank_leave(&k->blank, k->win);
	log_info("kiosk stopped%s", k->app.quit ? " from the staff menu" : "");
	return 0;
}
