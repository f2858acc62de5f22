/*
 * kiosk.c - msd-kiosk itself (see kiosk.h): the settings, the pack and
 * its reloads, building frames, start and stop.
 */
#include "app/commands.h"
#include "app/kiosk.h"
#include "audio/player.h"
#include "screens/listen.h"
#include "screens/lang.h"
#include "app/shot.h"
#include "config.h"
#include "fsutil.h"
#include "log.h"
#include "content/pack.h"
#include "jobs/report_post.h"
#include "jobs/stats.h"
#include "jobs/sync.h"
#include "strbuf.h"

#include <SDL_ttf.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
int
kiosk_reload_pack(struct kiosk *k, err_t *e)
{
	pack *p = open_pack(k, e);

	if (p == NULL)
		return -1;
	lang_set_pack(&k->app, p);
	return 0;
}

void
kiosk_check_sync(struct kiosk *k)
{
	err_t e;

	if (k->app.sync == NULL || !sync_new_pack_ready(k->app.sync))
		return;
	if (kiosk_reload_pack(k, &e) == 0) {
		log_info("new content pack: version %ld, built %s",
		    k->app.pack->version, k->app.pack->built_at);
		sync_opened(k->app.sync, 1, k->app.pack->version,
		    k->app.pack->built_at, NULL);
	} else {
		log_error("new content pack refused: %s", e.msg);
		sync_opened(k->app.sync, 0, 0, "", e.msg);
	}
}

void
kiosk_state_write(struct kiosk *k)
{
	char buf[512], tmp[PATH_MAX];
	FILE *f;
	err_t e;

	screens_page_id(&k->app, buf, sizeof buf);
	size_t n = strlen(buf);
	char picked[256];
	screens_picked(&k->app, picked, sizeof picked);
	snprintf(buf + n, sizeof buf - n, "\nscroll=%d\nfocus=%s\nscreen=%s\n"
	    "picked=%s\nlang=%s\nlarge=%d\n", ui_scroll_offset(k->ui, "page"),
	    ui_focus_id(k->ui), blank_how(&k->blank), picked,
	    lang_code(&k->app), k->app.large);
	/* What is heard, for the tests: "audio=PAGE SENTENCE". */
	if (k->app.heard_page[0]) {
		n = strlen(buf);
		snprintf(buf + n, sizeof buf - n, "audio=%s %ld\n",
		    k->app.heard_page, k->app.heard + 1);
	}
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
void
kiosk_frames(struct kiosk *k)
{
	char before[512], after[512];

	for (int i = 0; i < 6; i++) {
		screens_page_id(&k->app, before, sizeof before);
		/* A language or text size chosen in the frame before. */
		if (k->style_large != k->app.large)
			kiosk_style(k);
		render_set_rtl(k->rd, lang_rtl(&k->app));
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
				kiosk_check_sync(k);
		}
		if (strcmp(before, after) != 0 && k->last_was_key)
			ui_focus_first(k->ui, 1);
		if (k->app.reload) {
			err_t e;
			k->app.reload = 0;
			if (kiosk_reload_pack(k, &e) == 0) {
				log_info("content pack reloaded from the staff "
				    "menu: version %ld, built %s",
				    k->app.pack->version, k->app.pack->built_at);
				char v[24];
				snprintf(v, sizeof v, "%ld",
				    k->app.pack->version);
				trf(&k->app, "personnel.recharge",
				    k->app.staff_msg, sizeof k->app.staff_msg,
				    "version", v, "date",
				    k->app.pack->built_at, NULL);
			} else {
				log_error("reload from the staff menu: %s",
				    e.msg);
				trf(&k->app, "personnel.recharge-erreur",
				    k->app.staff_msg, sizeof k->app.staff_msg,
				    "erreur", e.msg, NULL);
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

void
kiosk_style(struct kiosk *k)
{
	ui_measure m = render_measure(k->rd);
	render_set_rtl(k->rd, lang_rtl(&k->app));
	k->style_large = k->app.large;
	screens_style(ui_get_style(k->ui), k->w, k->h, k->dpi,
	    k->app.large ? LANG_LARGE_PERCENT : 100, &m);
	input_set_geometry(k->in, k->w, k->h, k->dpi / 25.4);
}

int
kiosk_setup_ui(struct kiosk *k, err_t *e)
{
	k->rd = render_new(k->ren, &k->fonts, e);
	if (k->rd == NULL)
		return -1;
	ui_measure m = render_measure(k->rd);
	k->ui = ui_new(&m);
	k->in = input_new();
	ui_set_links(k->ui, screens_link, &k->app);
	kiosk_style(k);
	return 0;
}

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

int
kiosk_listen_timeout(struct kiosk *k, int t)
{
	/* The sentence read moves on, the voice ends: 50 ms is a few
	 * frames behind at worst, and costs nothing when it is silent. */
	if (k->app.heard_page[0] == '\0')
		return t;
	return t < 0 || t > 50 ? 50 : t;
}

static void
cleanup(struct kiosk *k)
{
	if (k->app.sync)
		sync_stop(k->app.sync);
	report_post_stop(k->app.report);	/* NULL is fine; interrupts a POST */
	khealth_free(&k->health);		/* never started is fine */
	stats_close(k->app.stats);		/* NULL is fine */
	listen_stop(&k->app);
	player_close(k->app.player);
	k->app.player = NULL;
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
	lang_set_pack(&k->app, NULL);
	kiosk_settings_free(&k->s);
}

/* The pack, the MSD in it, and the page to start on.  0, or the exit
 * status after saying why. */
static int
first_page(struct kiosk *k)
{
	err_t e;

	k->app.pack_path = k->s.content;
	pack *p = pack_open_to_show(k->s.content, &e);
	if (p == NULL) {
		fprintf(stderr, "msd-kiosk: %s\n", e.msg);
		return 1;
	}
	lang_set_pack(&k->app, p);
	if (k->app.msd && pack_msd_find(k->app.pack, k->app.msd) == NULL) {
		strbuf b = STRBUF_INIT;
		for (size_t i = 0; i < k->app.pack->nmsds; i++)
			strbuf_printf(&b, " %s", k->app.pack->msds[i].code);
		fprintf(stderr, "msd-kiosk: MSD '%s' is not in %s; it has:%s\n",
		    k->app.msd, k->s.content, strbuf_str(&b));
		strbuf_free(&b);
		return 2;
	}
	screens_home(&k->app);
	lang_reset(&k->app);
	if (k->o.lang && lang_choose(&k->app, k->o.lang) != 0) {
		strbuf b = STRBUF_INIT;
		for (size_t i = 0; i < k->app.nviews; i++)
			strbuf_printf(&b, " %s", lang_at(&k->app, i));
		fprintf(stderr, "msd-kiosk: --lang %s: the pack %s has no such "
		    "language; it has:%s (translations go in "
		    "traductions/LANG/ of the content folder)\n", k->o.lang,
		    k->s.content, strbuf_str(&b));
		strbuf_free(&b);
		return 2;
	}
	k->app.large = k->o.large_text;
	if (k->o.page && screens_goto(&k->app, k->o.page, &e) != 0) {
		fprintf(stderr, "msd-kiosk: %s\n", e.msg);
		return 2;
	}
	if (!k->o.screenshot && screens_behind_pin(&k->app)) {
		fprintf(stderr, "msd-kiosk: --page %s only goes with "
		    "--screenshot: on screen, the staff menu needs the PIN\n",
		    k->o.page);
		return 2;
	}
	return 0;
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
	if (kiosk_parse_opts(argc, argv, &k.o, &hash_pin) != 0)
		return kiosk_usage();
	if (hash_pin)
		return pin_hash_cmd(stdin, stdout);
	if ((rc = load_settings(&k, config_path)) != 0)
		goto out;
	if ((rc = first_page(&k)) != 0)
		goto out;
	if (k.o.read_aloud) {
		rc = kiosk_read_aloud(&k);
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
		rc = kiosk_screenshot(&k);
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
	k.app.sync = sync_start(k.s.cfg, k.s.msd, k.s.content,
	    k.app.pack->version, k.app.pack->built_at, &e);
	if (k.app.sync == NULL && e.msg[0])
		log_error("content sync off: %s", e.msg);
	/* Without a sound device, no "Écouter": nothing else changes. */
	k.app.player = player_open();
	player_volume(k.app.player, k.s.volume);
	rc = kiosk_window(&k);
out:
	cleanup(&k);
	return rc;
}
