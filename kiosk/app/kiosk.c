/*
 * kiosk.c - msd-kiosk itself: options, the window, the event loop, idle
 * reset, staff requests, content reload, and --screenshot.
 *
 * The loop sleeps in SDL_WaitEventTimeout until an event or the next
 * deadline (idle countdown, a gliding scroll, a long press): an idle
 * kiosk on its home page has no deadline at all and uses no CPU.  A frame
 * is built only after input or a timer, and rebuilt while it changes
 * something (a tap that opens a page needs the new page drawn).
 *
 * A real window counts what the public does (stats.h) and sends the
 * daily figures in the background (report_post.h); a screenshot counts
 * nothing.
 */
#include "app/commands.h"
#include "config.h"
#include "fsutil.h"
#include "ui/input.h"
#include "log.h"
#include "content/pack.h"
#include "ui/render.h"
#include "jobs/report_post.h"
#include "screens/screens.h"
#include "app/shot.h"
#include "jobs/stats.h"
#include "strbuf.h"
#include "jobs/sync.h"
#include "ui/ui.h"
#include "jobs/kiosk_url_policy.h"
#include "app/kiosk_health.h"
#include "app/settings.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SYNC_POLL_MS	60000	/* a kiosk left on home asks this often */
#define MAX_TAPS	16

struct opts {
	const char *content, *msd, *page, *screenshot, *report, *state_file;
	int win_w, win_h;	/* 0: fullscreen */
	double dpi;		/* 0: ask the display */
	int bench_changes;
	int countdown;		/* screenshot of the idle popup */
	int ntaps, taps[MAX_TAPS][2];
	const char *keys[MAX_TAPS];
	int nkeys;
};

struct kiosk {
	struct opts o;
	struct kiosk_settings s;	/* read once: settings.h */
	struct app app;
	struct render_fonts fonts;

	SDL_Window *win;
	SDL_Renderer *ren;
	SDL_Surface *shot;
	render *rd;
	ui_ctx *ui;
	input *in;
	int w, h;
	double dpi;

	int last_was_key;
	Uint32 last_activity, countdown_next, sync_next;
	Uint32 home_at;			/* a screen with a timeout goes home then; 0 */
	char state[512];		/* what the state file says */
	struct khealth health;		/* watchdog, STATUS=, [health] file */
};

static int
usage(void)
{
	fputs("usage: msd-kiosk [-c FILE] [--content PACK] [--msd CODE] "
	    "[--windowed WxH]\n"
	    "         [--page PAGE] [--screenshot FILE.png] "
	    "[--layout-report FILE]\n"
	    "         [--dpi N] [--state-file FILE] [--bench-page-changes N]\n"
	    "       msd-kiosk --hash-pin < PIN\n"
	    "PAGE: home, rights, rights:PAGE, offers, offers:THEME, offer:ID,\n"
	    "      feedback, feedback:N, feedback:merci\n"
	    "PACK defaults to [kiosk] content, else " PACK_DEFAULT_PATH "\n",
	    stderr);
	return 2;
}

static int
parse_size(const char *s, int *w, int *h)
{
	char x;
	return sscanf(s, "%d%c%d", w, &x, h) == 3 && (x == 'x' || x == 'X') &&
	    *w >= 320 && *h >= 320 && *w <= 16384 && *h <= 16384 ? 0 : -1;
}

static int
parse_opts(int argc, char **argv, struct opts *o, int *hash_pin)
{
	memset(o, 0, sizeof *o);
	*hash_pin = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		int takes = 1;
		static const char *const valued[] = { "--content", "--msd",
		    "--page", "--screenshot", "--layout-report", "--state-file",
		    "--windowed", "--dpi", "--bench-page-changes", "--countdown",
		    "--tap", "--key", NULL };
		int known = 0;
		for (int k = 0; valued[k]; k++)
			known |= strcmp(a, valued[k]) == 0;
		if (strcmp(a, "--hash-pin") == 0) {
			*hash_pin = 1;
			takes = 0;
		} else if (!known) {
			fprintf(stderr, "msd-kiosk: unknown option %s\n", a);
			return -1;
		} else if (v == NULL) {
			fprintf(stderr, "msd-kiosk: %s needs a value\n", a);
			return -1;
		} else if (strcmp(a, "--content") == 0) {
			o->content = v;
		} else if (strcmp(a, "--msd") == 0) {
			o->msd = v;
		} else if (strcmp(a, "--page") == 0) {
			o->page = v;
		} else if (strcmp(a, "--screenshot") == 0) {
			o->screenshot = v;
		} else if (strcmp(a, "--layout-report") == 0) {
			o->report = v;
		} else if (strcmp(a, "--state-file") == 0) {
			o->state_file = v;
		} else if (strcmp(a, "--windowed") == 0) {
			if (parse_size(v, &o->win_w, &o->win_h) != 0) {
				fprintf(stderr, "msd-kiosk: --windowed %s: "
				    "expected WxH, e.g. 1280x800\n", v);
				return -1;
			}
		} else if (strcmp(a, "--dpi") == 0) {
			char *end;

			o->dpi = strtod(v, &end);
			/* Written so that NaN fails too (every comparison with
			 * it is false): it once reached the layout as a
			 * blank screenshot. */
			if (end == v || *end != '\0' ||
			    !(o->dpi >= 30 && o->dpi <= 1000)) {
				fprintf(stderr, "msd-kiosk: --dpi %s: expected "
				    "a number of dots per inch, 30 to 1000\n", v);
				return -1;
			}
		} else if (strcmp(a, "--bench-page-changes") == 0) {
			o->bench_changes = atoi(v);
			if (o->bench_changes < 1) {
				fprintf(stderr, "msd-kiosk: "
				    "--bench-page-changes %s: expected N >= 1\n",
				    v);
				return -1;
			}
		} else if (strcmp(a, "--countdown") == 0) {
			o->countdown = atoi(v);
		} else if (strcmp(a, "--tap") == 0 && o->nkeys < MAX_TAPS) {
			if (sscanf(v, "%d,%d", &o->taps[o->ntaps][0],
			    &o->taps[o->ntaps][1]) != 2) {
				fprintf(stderr, "msd-kiosk: --tap %s: expected "
				    "X,Y\n", v);
				return -1;
			}
			o->keys[o->nkeys++] = NULL;	/* keeps the order */
			o->ntaps++;
		} else if (strcmp(a, "--key") == 0 && o->nkeys < MAX_TAPS) {
			o->keys[o->nkeys++] = v;
		} else {
			fprintf(stderr, "msd-kiosk: unknown option %s\n", a);
			return -1;
		}
		i += takes;
	}
	if ((o->ntaps || o->nkeys || o->countdown || o->report) &&
	    !o->screenshot) {
		fputs("msd-kiosk: --tap, --key, --countdown and --layout-report "
		    "go with --screenshot\n", stderr);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ pack */

/* Opens the pack at the kiosk's path, checks the MSD is in it. */
static pack *
open_pack(struct kiosk *k, err_t *e)
{
	pack *p = pack_open(k->s.content, e);

	if (p && k->app.msd && pack_msd_find(p, k->app.msd) == NULL) {
		err_set(e, "%s: this pack has no MSD '%s'", k->s.content,
		    k->app.msd);
		pack_close(p);
		return NULL;
	}
	return p;
}

/* Replaces the pack in memory by the file's (staff reload, new pack from
 * the sync).  Only called on home or the staff menu, where no screen
 * holds pointers into the old pack. */
static int
reload_pack(struct kiosk *k, err_t *e)
{
	pack *p = open_pack(k, e);

	if (p == NULL)
		return -1;
	pack_close(k->app.pack);
	k->app.pack = p;
	return 0;
}

static void
check_sync(struct kiosk *k)
{
	err_t e;

	if (k->app.sync == NULL || !sync_new_pack_ready(k->app.sync))
		return;
	if (reload_pack(k, &e) == 0) {
		log_info("new content pack: version %ld, built %s",
		    k->app.pack->version, k->app.pack->built_at);
		sync_opened(k->app.sync, 1, k->app.pack->version,
		    k->app.pack->built_at, NULL);
	} else {
		log_error("new content pack refused: %s", e.msg);
		sync_opened(k->app.sync, 0, 0, "", e.msg);
	}
}

/* ------------------------------------------------------------ frames */

static void
state_write(struct kiosk *k)
{
	char buf[512], tmp[PATH_MAX];
	FILE *f;
	err_t e;

	screens_page_id(&k->app, buf, sizeof buf);
	size_t n = strlen(buf);
	snprintf(buf + n, sizeof buf - n, "\nscroll=%d\nfocus=%s\n",
	    ui_scroll_offset(k->ui, "page"), ui_focus_id(k->ui));
	if (strcmp(buf, k->state) == 0)
		return;
	snprintf(k->state, sizeof k->state, "%s", buf);
	if (k->o.state_file == NULL)
		return;
	/* Written beside and renamed: a reader never sees half a file.  The
	 * temporary name is made by mkstemp: a fixed PATH.tmp was opened
	 * with fopen, which follows a symlink planted there. */
	f = fs_atomic_open(k->o.state_file, tmp, sizeof tmp, 0644, &e);
	if (f == NULL) {
		log_warn("%s", e.msg);
		return;
	}
	fputs(buf, f);
	if (fs_atomic_commit(f, tmp, k->o.state_file, &e) != 0)
		log_warn("%s", e.msg);
}

/* Builds frames until one changes nothing (at most a few). */
static void
frames(struct kiosk *k)
{
	char before[512], after[512];

	for (int i = 0; i < 6; i++) {
		screens_page_id(&k->app, before, sizeof before);
		ui_begin(k->ui, k->w, k->h);
		screens_frame(&k->app, k->ui, k->w, k->h);
		int again = ui_end(k->ui);
		screens_page_id(&k->app, after, sizeof after);
		if (k->app.changed) {
			/* A new page starts at its top, and keyboard users
			 * find the focus on its first button. */
			ui_reset_state(k->ui);
			input_reset(k->in);
			if (screens_at(&k->app, "home"))
				check_sync(k);
		}
		if (strcmp(before, after) != 0 && k->last_was_key)
			ui_focus_first(k->ui, 1);
		if (k->app.reload) {
			err_t e;
			k->app.reload = 0;
			if (reload_pack(k, &e) == 0) {
				log_info("content pack reloaded from the staff "
				    "menu: version %ld, built %s",
				    k->app.pack->version, k->app.pack->built_at);
				snprintf(k->app.staff_msg,
				    sizeof k->app.staff_msg, "Contenu rechargé "
				    ": version %ld, construit le %s.",
				    k->app.pack->version, k->app.pack->built_at);
			} else {
				log_error("reload from the staff menu: %s",
				    e.msg);
				snprintf(k->app.staff_msg,
				    sizeof k->app.staff_msg, "Le contenu n'a pas "
				    "pu être rechargé : %.400s", e.msg);
			}
			again = 1;
		}
		if (!again && !k->app.changed && strcmp(before, after) == 0)
			break;
	}
	/* The thank-you goes home by itself a few seconds after it came. */
	if (screens_timeout_ms(&k->app) == 0)
		k->home_at = 0;
	else if (k->home_at == 0)
		k->home_at = (SDL_GetTicks() +
		    (Uint32)screens_timeout_ms(&k->app)) | 1;
}

static void
style(struct kiosk *k)
{
	ui_measure m = render_measure(k->rd);
	screens_style(ui_get_style(k->ui), k->w, k->h, k->dpi, &m);
	input_set_geometry(k->in, k->w, k->h, k->dpi / 25.4);
}

static int
setup_ui(struct kiosk *k, err_t *e)
{
	k->rd = render_new(k->ren, &k->fonts, e);
	if (k->rd == NULL)
		return -1;
	ui_measure m = render_measure(k->rd);
	k->ui = ui_new(&m);
	k->in = input_new();
	ui_set_links(k->ui, screens_link, &k->app);
	style(k);
	return 0;
}

static int bench_page_changes(struct kiosk *k);

/* ------------------------------------------------------------ screenshot */

static enum ui_key
key_named(const char *s, char *digit)
{
	*digit = 0;
	if (strcmp(s, "tab") == 0) return UI_KEY_TAB;
	if (strcmp(s, "backtab") == 0) return UI_KEY_BACKTAB;
	if (strcmp(s, "enter") == 0) return UI_KEY_ENTER;
	if (strcmp(s, "escape") == 0) return UI_KEY_ESCAPE;
	if (strcmp(s, "down") == 0) return UI_KEY_DOWN;
	if (strcmp(s, "pagedown") == 0) return UI_KEY_PAGEDOWN;
	if (s[0] >= '0' && s[0] <= '9' && s[1] == '\0') {
		*digit = s[0];
		return UI_KEY_DIGIT;
	}
	return UI_KEY_NONE;
}

static int
screenshot(struct kiosk *k)
{
	err_t e;
	FILE *rf = NULL;
	char rtmp[PATH_MAX];
	int tap = 0;

	k->w = k->o.win_w ? k->o.win_w : 1920;
	k->h = k->o.win_h ? k->o.win_h : 1080;
	/* Drawn band by band (shot.h), or whole for the bench, which times
	 * the drawing of whole frames. */
	int band = k->o.bench_changes ? k->h : shot_band_rows(k->w, k->h);
	k->shot = shot_surface(k->w, band, &e);
	if (k->shot == NULL)
		goto fail;
	k->ren = SDL_CreateSoftwareRenderer(k->shot);
	if (k->ren == NULL) {
		err_set(&e, "software renderer: %s", SDL_GetError());
		goto fail;
	}
	if (setup_ui(k, &e) != 0)
		goto fail;
	frames(k);
	if (k->o.bench_changes) {
		/* Rendering alone, into the surface (bench/kiosk). */
		char page[256];
		screens_page_id(&k->app, page, sizeof page);
		bench_page_changes(k);
		screens_goto(&k->app, page, &e);
		ui_reset_state(k->ui);
		frames(k);
	}
	/* Scripted input, in order: what a test or a reviewer wants to see
	 * (a glossary popup, the PIN pad with digits...). */
	for (int i = 0; i < k->o.nkeys; i++) {
		if (k->o.keys[i] == NULL) {
			ui_input_tap(k->ui, k->o.taps[tap][0], k->o.taps[tap][1]);
			tap++;
			k->last_was_key = 0;
		} else {
			char d;
			enum ui_key key = key_named(k->o.keys[i], &d);
			if (key == UI_KEY_NONE) {
				err_set(&e, "--key %s: use tab, backtab, enter, "
				    "escape, down, pagedown or a digit",
				    k->o.keys[i]);
				goto fail;
			}
			ui_input_key(k->ui, key, d);
			k->last_was_key = 1;
		}
		frames(k);
	}
	if (k->o.countdown > 0) {
		k->app.countdown = k->o.countdown;
		frames(k);
	}
	if (k->o.report) {
		rf = fs_atomic_open(k->o.report, rtmp, sizeof rtmp, 0644, &e);
		if (rf == NULL)
			goto fail;
		char id[256];
		screens_page_id(&k->app, id, sizeof id);
		fprintf(rf, "screen %dx%d dpi=%g page=%s\n", k->w, k->h, k->dpi,
		    id);
		ui_report_to(k->ui, rf);
	}
	ui_begin(k->ui, k->w, k->h);
	screens_frame(&k->app, k->ui, k->w, k->h);
	ui_end(k->ui);
	ui_report_to(k->ui, NULL);
	if (rf && fs_atomic_commit(rf, rtmp, k->o.report, &e) != 0) {
		rf = NULL;
		goto fail;
	}
	rf = NULL;
	shot_png *png = shot_png_begin(k->o.screenshot, k->w, k->h, &e);
	if (png == NULL)
		goto fail;
	Uint64 t0 = 0;
	for (int y = 0; y < k->h; y += band) {
		/* Black, as a new surface: nothing left of the band above. */
		SDL_SetRenderDrawColor(k->ren, 0, 0, 0, 255);
		SDL_RenderClear(k->ren);
		render_draw_at(k->rd, k->ui, y);
		SDL_RenderPresent(k->ren);
		t0 = SDL_GetPerformanceCounter();
		shot_png_rows(png, k->shot, band);
	}
	if (shot_png_end(png, &e) != 0)
		goto fail;
	if (k->o.bench_changes)
		printf("png: %.2f ms to encode and write %dx%d\n",
		    (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 /
		    (double)SDL_GetPerformanceFrequency(), k->w, k->h);
	state_write(k);
	return 0;
fail:
	if (rf)
		fs_atomic_abort(rf, rtmp);
	fprintf(stderr, "msd-kiosk: %s\n", e.msg);
	return 1;
}

/* ------------------------------------------------------------ window */

static void
render_now(struct kiosk *k)
{
	render_draw(k->rd, k->ui);
	SDL_RenderPresent(k->ren);
	khealth_frame(&k->health);
	state_write(k);
}

/* Nothing to forget: home, at the top, no popup, no focus. */
static int
fresh(const struct kiosk *k)
{
	return screens_at(&k->app, "home") && k->app.gloss < 0 &&
	    k->app.countdown == 0 && ui_scroll_offset(k->ui, "page") == 0 &&
	    ui_focus_id(k->ui)[0] == '\0';
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
	ui_reset_state(k->ui);
	input_reset(k->in);
	k->last_was_key = 0;
	check_sync(k);
}

/* Milliseconds until the next timer, -1 for none. */
static int
next_timeout(struct kiosk *k, Uint32 now)
{
	long t = input_timeout(k->in, now);
	long d = -1;

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
			check_sync(k);
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
		check_sync(k);
		need = k->app.screen != before || need;
	}
	return need;
}

/* One SDL event; returns 1 if a frame is needed, -1 to quit. */
static int
event(struct kiosk *k, const SDL_Event *ev)
{
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
			style(k);
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
			style(k);
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
		frames(k);
		return 1;
	}
	return 0;
}

static int
bench_page_changes(struct kiosk *k)
{
	const char *pages[8];
	char ids[4][200];
	int np = 0, n = k->o.bench_changes;
	double *ms = xcalloc((size_t)n, sizeof *ms), first = 0;
	err_t e;
	pack *p = k->app.pack;

	pages[np++] = "home";
	pages[np++] = "rights";
	if (p->npages) {
		snprintf(ids[0], sizeof ids[0], "rights:%s", p->pages[0].id);
		pages[np++] = ids[0];
	}
	pages[np++] = "offers";
	if (p->nthemes) {
		snprintf(ids[1], sizeof ids[1], "offers:%s", p->themes[0].id);
		pages[np++] = ids[1];
	}
	if (p->noffers) {
		snprintf(ids[2], sizeof ids[2], "offer:%s", p->offers[0].id);
		pages[np++] = ids[2];
	}
	for (int i = 0; i < n; i++) {
		Uint64 t0 = SDL_GetPerformanceCounter();
		screens_goto(&k->app, pages[(i + 1) % np], &e);
		ui_reset_state(k->ui);
		frames(k);
		render_draw(k->rd, k->ui);
		SDL_RenderPresent(k->ren);
		ms[i] = (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 /
		    (double)SDL_GetPerformanceFrequency();
		if (i == 0)
			first = ms[0];
	}
	/* Median by insertion sort: n is small. */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && ms[j - 1] > ms[j]; j--) {
			double t = ms[j];
			ms[j] = ms[j - 1];
			ms[j - 1] = t;
		}
	printf("page changes: %d, first %.2f ms, median %.2f ms, max %.2f ms\n",
	    n, first, ms[n / 2], ms[n - 1]);
	free(ms);
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
	k->app.report = report_post_start(k->s.cfg, stats_path(k->app.stats),
	    &e);
	if (k->app.report == NULL && e.msg[0])
		log_error("statistics upload off: %s", e.msg);
}

static int
run_window(struct kiosk *k)
{
	err_t e;
	int fullscreen = k->o.win_w == 0;
	SDL_Event ev;

	/* The window manager's close (Alt+F4) is not a way out in
	 * fullscreen; SDL must not turn it into a quit by itself. */
	SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
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
	if (setup_ui(k, &e) != 0) {
		fprintf(stderr, "msd-kiosk: %s\n", e.msg);
		return 1;
	}
	if (k->o.bench_changes)
		return bench_page_changes(k);
	start_stats(k);
	k->last_activity = SDL_GetTicks();
	k->sync_next = k->last_activity + SYNC_POLL_MS;
	int need = 1;
	for (;;) {
		/* The watchdog's ping says a frame was drawn: present one
		 * if none was since the last ping. */
		if (khealth_wants_frame(&k->health))
			need = 1;
		if (need) {
			frames(k);
			render_now(k);
			need = 0;
		}
		khealth_turn(&k->health, k->app.pack->version,
		    k->app.pack->built_at, k->app.msd, k->app.sync);
		if (k->app.quit)
			break;
		int t = next_timeout(k, SDL_GetTicks());
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
	}
	log_info("kiosk stopped%s", k->app.quit ? " from the staff menu" : "");
	return 0;
}

/* ------------------------------------------------------------ main */

/* The settings, once (settings.h), and what the app takes from them. */
static int
load_settings(struct kiosk *k, const char *config_path)
{
	struct kiosk_overrides o = { k->o.content, k->o.msd, k->o.dpi };
	err_t e;
	int rc = kiosk_settings_load(&k->s, config_path, &o, &e);

	if (rc != 0) {
		fprintf(stderr, "msd-kiosk: %s\n", e.msg);
		return rc;
	}
	k->dpi = k->s.dpi;
	k->app.msd = k->s.msd;
	k->app.pin_hash = k->s.pin_hash;
	pinlock_load(&k->app.pinlock, k->s.pin_lock);
	if (render_find_fonts(k->s.font, k->s.picto_font, &k->fonts,
	    &e) != 0) {
		fprintf(stderr, "msd-kiosk: %s\n", e.msg);
		return 1;
	}
	return 0;
}

static void
cleanup(struct kiosk *k)
{
	if (k->app.sync)
		sync_stop(k->app.sync);
	report_post_stop(k->app.report);	/* NULL is fine; interrupts a POST */
	khealth_free(&k->health);		/* never started is fine */
	stats_close(k->app.stats);		/* NULL is fine */
	screens_free(&k->app);
	input_free(k->in);
	ui_free(k->ui);
	render_free(k->rd);
	if (k->ren)
		SDL_DestroyRenderer(k->ren);
	if (k->win)
		SDL_DestroyWindow(k->win);
	if (k->shot)
		shot_free(k->shot);
	if (TTF_WasInit())
		TTF_Quit();
	SDL_Quit();
	pack_close(k->app.pack);
	kiosk_settings_free(&k->s);
}

int
cmd_kiosk(const char *config_path, int argc, char **argv)
{
	struct kiosk k;
	int hash_pin, rc;
	err_t e;

	memset(&k, 0, sizeof k);
	k.app.gloss = -1;
	log_init("msd-kiosk", LOG_INFO);
	if (parse_opts(argc, argv, &k.o, &hash_pin) != 0)
		return usage();
	if (hash_pin)
		return pin_hash_cmd(stdin, stdout);
	if ((rc = load_settings(&k, config_path)) != 0)
		goto out;
	k.app.pack_path = k.s.content;
	k.app.pack = pack_open(k.s.content, &e);
	if (k.app.pack == NULL) {
		fprintf(stderr, "msd-kiosk: %s\n", e.msg);
		rc = 1;
		goto out;
	}
	if (k.app.msd && pack_msd_find(k.app.pack, k.app.msd) == NULL) {
		strbuf b = STRBUF_INIT;
		for (size_t i = 0; i < k.app.pack->nmsds; i++)
			strbuf_printf(&b, " %s", k.app.pack->msds[i].code);
		fprintf(stderr, "msd-kiosk: MSD '%s' is not in %s; it has:%s\n",
		    k.app.msd, k.s.content, strbuf_str(&b));
		strbuf_free(&b);
		rc = 2;
		goto out;
	}
	screens_home(&k.app);
	if (k.o.page && screens_goto(&k.app, k.o.page, &e) != 0) {
		fprintf(stderr, "msd-kiosk: %s\n", e.msg);
		rc = 2;
		goto out;
	}
	if (!k.o.screenshot && screens_behind_pin(&k.app)) {
		fprintf(stderr, "msd-kiosk: --page %s only goes with "
		    "--screenshot: on screen, the staff menu needs the PIN\n",
		    k.o.page);
		rc = 2;
		goto out;
	}
	if (TTF_Init() != 0) {
		fprintf(stderr, "msd-kiosk: SDL_ttf: %s\n", TTF_GetError());
		rc = 1;
		goto out;
	}
	if (k.o.screenshot) {
		if (k.dpi == 0)
			k.dpi = 96;
		rc = screenshot(&k);
		goto out;
	}
	if (k.app.pin_hash == NULL && !k.o.win_w)
		log_warn("no [kiosk] pin_hash: staff cannot open the staff menu "
		    "(set one with msd-kiosk --hash-pin)");
	/* Before the first thread (the sync's): it edits the environment. */
	if (khealth_init(&k.health, k.s.cfg, &e) != 0) {
		fprintf(stderr, "msd-kiosk: %s\n", e.msg);
		rc = 2;
		goto out;
	}
	e.msg[0] = '\0';
	k.app.sync = sync_start(k.s.cfg, k.s.content, k.app.pack->version,
	    k.app.pack->built_at, &e);
	if (k.app.sync == NULL && e.msg[0])
		log_error("content sync off: %s", e.msg);
	rc = run_window(&k);
out:
	cleanup(&k);
	return rc;
}
