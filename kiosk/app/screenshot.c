/*
 * screenshot.c - --screenshot: one page drawn by SDL's software renderer
 * into a surface (shot.h), after scripted taps and keys; and the bench
 * of page changes.
 */
#include "app/kiosk.h"
#include "log.h"
#include "app/shot.h"
#include "fsutil.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The scripted input, in order, each followed by its frames: what a
 * test or a reviewer wants to see (a glossary popup, the PIN pad with
 * digits...).  -1 + message for a key that has no name. */
static int
play_script(struct kiosk *k, err_t *e)
{
	int tap = 0;

	for (int i = 0; i < k->o.nkeys; i++) {
		if (k->o.keys[i] == NULL) {
			ui_input_tap(k->ui, k->o.taps[tap][0], k->o.taps[tap][1]);
			tap++;
			k->last_was_key = 0;
		} else {
			char d;
			enum ui_key key = key_named(k->o.keys[i], &d);
			if (key == UI_KEY_NONE)
				return err_set(e, "--key %s: use tab, backtab, "
				    "enter, escape, down, pagedown or a digit",
				    k->o.keys[i]);
			ui_input_key(k->ui, key, d);
			k->last_was_key = 1;
		}
		kiosk_frames(k);
	}
	return 0;
}

/* The last frame into --screenshot, band rows at a time.  -1 + message. */
static int
write_png(struct kiosk *k, int band, err_t *e)
{
	shot_png *png = shot_png_begin(k->o.screenshot, k->w, k->h, e);
	Uint64 t0 = 0;

	if (png == NULL)
		return -1;
	for (int y = 0; y < k->h; y += band) {
		/* Each band is drawn over the one above, not cleared: the
		 * frame paints all of itself, as in the window (render.h). */
		render_draw_at(k->rd, k->ui, y);
		SDL_RenderPresent(k->ren);
		t0 = SDL_GetPerformanceCounter();
		shot_png_rows(png, k->shot, band);
	}
	if (shot_png_end(png, e) != 0)
		return -1;
	if (k->o.bench_changes)
		printf("png: %.2f ms to encode and write %dx%d\n",
		    (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 /
		    (double)SDL_GetPerformanceFrequency(), k->w, k->h);
	return 0;
}

int
kiosk_screenshot(struct kiosk *k)
{
	err_t e;
	FILE *rf = NULL;
	char rtmp[PATH_MAX];

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
	if (kiosk_setup_ui(k, &e) != 0)
		goto fail;
	render_fill_into(k->rd, k->shot);
	kiosk_frames(k);
	if (k->o.bench_changes) {
		/* Rendering alone, into the surface (bench/kiosk). */
		char page[256];
		screens_page_id(&k->app, page, sizeof page);
		kiosk_bench_page_changes(k);
		screens_goto(&k->app, page, &e);
		ui_reset_state(k->ui);
		kiosk_frames(k);
	}
	if (play_script(k, &e) != 0)
		goto fail;
	if (k->o.countdown > 0) {
		k->app.countdown = k->o.countdown;
		kiosk_frames(k);
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
	if (write_png(k, band, &e) != 0)
		goto fail;
	kiosk_state_write(k);
	return 0;
fail:
	if (rf)
		fs_atomic_abort(rf, rtmp);
	fprintf(stderr, "msd-kiosk: %s\n", e.msg);
	return 1;
}

int
kiosk_bench_page_changes(struct kiosk *k)
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
	/* As the kiosk starts: home on the screen, its fonts open (a
	 * window opens the others after its first frame), then the
	 * changes a person makes. */
	kiosk_frames(k);
	render_draw(k->rd, k->ui);
	SDL_RenderPresent(k->ren);
	if (k->win)
		render_prewarm(k->rd, ui_get_style(k->ui));
	for (int i = 0; i < n; i++) {
		Uint64 t0 = SDL_GetPerformanceCounter();
		screens_goto(&k->app, pages[(i + 1) % np], &e);
		ui_reset_state(k->ui);
		kiosk_frames(k);
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
