/*
 * kiosk.h - the kiosk program's own parts, shared by the files of app/:
 * kiosk.c (start, the pack, frames, stop), options.c (the command line),
 * window.c (the window and its event loop) and screenshot.c
 * (--screenshot and the page-change bench).  Not for the rest of the
 * tree: the kiosk's entry point is cmd_kiosk() in commands.h.
 *
 * The loop sleeps in SDL_WaitEventTimeout until an event or the next
 * deadline (idle countdown, a gliding scroll, a long press): an idle
 * kiosk on its home page has no deadline at all and uses no CPU.  A frame
 * is built only after input or a timer, and rebuilt while it changes
 * something (a tap that opens a page needs the new page drawn).
 *
 * Outside [kiosk] screen_hours (screen_hours.h), once the kiosk is back
 * on home with nothing to forget and idle_s has passed since the last
 * touch, the display is blanked (blank.h) and nothing is drawn; the
 * loop then wakes only for its timers (the hours' next change, the
 * watchdog, the [health] file).  A touch or a key wakes the screen and
 * does nothing else.
 *
 * A real window counts what the public does (stats.h) and sends the
 * daily figures in the background (report_post.h); a screenshot counts
 * nothing.
 */
#ifndef MSD_KIOSK_H
#define MSD_KIOSK_H

#include <SDL.h>

#include "app/blank.h"
#include "app/kiosk_health.h"
#include "app/settings.h"
#include "screens/screens.h"
#include "ui/input.h"
#include "ui/render.h"
#include "ui/ui.h"

#define SYNC_POLL_MS	60000	/* a kiosk left on home asks this often */
#define MAX_TAPS	16

struct opts {
	const char *content, *msd, *page, *screenshot, *report, *state_file;
	const char *read_aloud;	/* --read-aloud FILE.wav */
	const char *lang;	/* --lang LANG: the language at start */
	int large_text;		/* --large-text */
	int win_w, win_h;	/* 0: fullscreen */
	double dpi;		/* 0: ask the display */
	int bench_changes;
	int countdown;		/* screenshot of the idle popup */
	int ntaps, taps[MAX_TAPS][2];
	const char *keys[MAX_TAPS];
	int nkeys;
	/* --clock-start: seconds added to the wall clock of the screen
	 * hours (tests; the statistics keep the real day). */
	long clock_offset;
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
	int style_large;		/* the text size the style was made for */
	Uint32 last_activity, countdown_next, sync_next;
	Uint32 home_at;			/* a screen with a timeout goes home then; 0 */
	char state[512];		/* what the state file says */
	struct khealth health;		/* watchdog, STATUS=, [health] file */
	/* Screen hours: the display off, the next change of the hours
	 * (0: not computed, -1: never), and the input of a waking touch being
	 * swallowed (1: until its release, 2: stray releases after it). */
	struct blank blank;
	time_t hours_next;
	int waking;
};

/* options.c: the command line into o (*hash_pin: --hash-pin); -1 for a
 * usage error, which kiosk_usage() explains (exit status 2). */
int kiosk_parse_opts(int argc, char **argv, struct opts *o, int *hash_pin);
int kiosk_usage(void);

/* kiosk.c: builds frames until one changes nothing (at most a few), and
 * acts on what the screens asked (reload, sync). */
void kiosk_frames(struct kiosk *k);
/* Sizes for the screen's size and DPI (after a resize too). */
void kiosk_style(struct kiosk *k);
/* The toolkit, renderer and input for the screen in k->ren. */
int kiosk_setup_ui(struct kiosk *k, err_t *e);
/* The page shown, into --state-file (for tests). */
void kiosk_state_write(struct kiosk *k);
/* Opens a new pack that the sync has put in place, if any. */
void kiosk_check_sync(struct kiosk *k);
/* Replaces the pack in memory by the file's. */
int kiosk_reload_pack(struct kiosk *k, err_t *e);

/* screenshot.c: --screenshot (exit status), and --bench-page-changes
 * (on the surface of a screenshot or in a window). */
int kiosk_screenshot(struct kiosk *k);

/* kiosk.c: the loop's timeout t (ms, -1: none) shortened while the
 * page is read aloud, so that listen_turn() follows the voice. */
int kiosk_listen_timeout(struct kiosk *k, int t);

/* read_aloud.c: --read-aloud FILE.wav (and --layout-report): what
 * "Écouter" plays for the page, as a WAV; exit status. */
int kiosk_read_aloud(struct kiosk *k);
int kiosk_bench_page_changes(struct kiosk *k);

/* window.c: the window and its loop until staff quit (exit status). */
int kiosk_window(struct kiosk *k);

#endif
