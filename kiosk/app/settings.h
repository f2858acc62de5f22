/*
 * settings.h - the kiosk's settings, read once: the [kiosk] section of
 * the config with the command line over it (--content, --msd, --dpi).
 * The window, the screens and every job (sync, statistics, upload) take
 * them from here, so that --msd and every option mean the same thing
 * everywhere.  The jobs read their own sections ([sync], [stats],
 * [report], [health]) from the same config, and take the MSD from here.
 */
#ifndef MSD_KIOSK_SETTINGS_H
#define MSD_KIOSK_SETTINGS_H

#include <limits.h>

#include "app/screen_hours.h"
#include "config.h"
#include "err.h"

struct kiosk_settings {
	config *cfg;			/* the file, or the defaults */
	const char *config_path;	/* "(defaults)" without -c */
	char *content;			/* --content, [kiosk] content, or
					 * PACK_DEFAULT_PATH */
	const char *msd;		/* --msd, else [kiosk] msd; NULL:
					 * every MSD */
	const char *pin_hash;		/* NULL or "": no staff menu */
	char pin_lock[PATH_MAX];	/* the PIN failure count's file, "" */
	long idle_ms, countdown_s;
	long volume;			/* [kiosk] volume, 0-100: Écouter */
	double dpi;			/* --dpi, [kiosk] dpi; 0: ask the
					 * display */
	int gpu;			/* [kiosk] renderer = gpu */
	const char *font, *picto_font;	/* NULL: the packaged ones */
	struct screen_hours hours;	/* [kiosk] screen_hours */
};

/* What the command line says over the config (NULL, 0: nothing). */
struct kiosk_overrides {
	const char *content, *msd;
	double dpi;
};

/* Reads config_path (NULL: the defaults) into s, the overrides on top,
 * and checks it all (a malformed PIN hash, an address refused by
 * url_policy.h).  0, or the exit status (2: bad config, 1: a PIN hash
 * that would lock staff out) with the message in e. */
int kiosk_settings_load(struct kiosk_settings *s, const char *config_path,
    const struct kiosk_overrides *o, err_t *e);

void kiosk_settings_free(struct kiosk_settings *s);

/* The two settings the subcommands (sheet, stats) share with the kiosk,
 * read the same way: the MSD (override, else [kiosk] msd; NULL: every
 * MSD) and the pack (override, else [kiosk] content, else
 * PACK_DEFAULT_PATH). */
const char *kiosk_settings_msd(const config *c, const char *override);
const char *kiosk_settings_content(const config *c, const char *override);

#endif
