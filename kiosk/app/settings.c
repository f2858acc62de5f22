/*
 * settings.c - the kiosk's settings, read once (see settings.h).
 */
#include "app/settings.h"
#include "content/pack.h"
#include "jobs/kiosk_url_policy.h"
#include "jobs/stats.h"
#include "log.h"
#include "screens/pin.h"
#include "strbuf.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A hash others can read can be attacked offline, at any speed. */
static void
warn_readable(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) == 0 && (sb.st_mode & S_IROTH))
		log_warn("%s holds the staff PIN's hash and every user can "
		    "read it (mode %03o): chmod 0640 it, owned by root and "
		    "the kiosk's group (dist/msd-kiosk.service)", path,
		    (unsigned)(sb.st_mode & 0777));
}

/* The PIN failure count lives beside the statistics ([stats] path): the
 * kiosk's own data directory, which it can write. */
static void
pin_lock_path(struct kiosk_settings *s)
{
	char *copy = xstrdup(config_str(s->cfg, "stats", "path",
	    STATS_DEFAULT_PATH));

	if ((size_t)snprintf(s->pin_lock, sizeof s->pin_lock, "%s/"
	    PINLOCK_FILE, dirname(copy)) >= sizeof s->pin_lock)
		s->pin_lock[0] = '\0';
	free(copy);
}

int
kiosk_settings_load(struct kiosk_settings *s, const char *config_path,
    const struct kiosk_overrides *o, err_t *e)
{
	long dpi;
	const config *c;

	memset(s, 0, sizeof *s);
	s->config_path = config_path ? config_path : "(defaults)";
	s->cfg = config_path ? config_load(config_path, e) :
	    config_parse("", "(defaults)", e);
	if (s->cfg == NULL)
		return 2;
	c = s->cfg;
	if (config_int(c, "kiosk", "idle_s", 90, 1, 86400, &s->idle_ms, e) !=
	    0 || config_int(c, "kiosk", "countdown_s", 10, 0, 600,
	    &s->countdown_s, e) != 0 ||
	    config_int(c, "kiosk", "dpi", 0, 0, 1000, &dpi, e) != 0 ||
	    config_int(c, "kiosk", "volume", 80, 0, 100, &s->volume, e) != 0)
		return 2;
	s->idle_ms *= 1000;
	const char *r = config_str(c, "kiosk", "renderer", "software");
	if (strcmp(r, "gpu") != 0 && strcmp(r, "software") != 0) {
		err_set(e, "%s:%d: [kiosk] renderer = %s: expected software "
		    "(the default) or gpu", s->config_path,
		    config_line(c, "kiosk", "renderer"), r);
		return 2;
	}
	s->gpu = strcmp(r, "gpu") == 0;
	const char *sh = config_get(c, "kiosk", "screen_hours");
	char why[256];
	if (screen_hours_parse(sh, &s->hours, why, sizeof why) < 0) {
		err_set(e, "%s:%d: [kiosk] screen_hours = %s: %s",
		    s->config_path, config_line(c, "kiosk", "screen_hours"), sh,
		    why);
		return 2;
	}
	s->dpi = o->dpi ? o->dpi : (double)dpi;
	s->content = xstrdup(kiosk_settings_content(c, o->content));
	s->msd = kiosk_settings_msd(c, o->msd);
	s->pin_hash = config_get(c, "kiosk", "pin_hash");
	if (s->pin_hash && *s->pin_hash && !pin_hash_valid(s->pin_hash)) {
		/* Started anyway, staff could never open their menu. */
		err_set(e, "%s: [kiosk] pin_hash is not a hash made by "
		    "`msd-kiosk --hash-pin` (cut, edited or from another "
		    "program): make a new one with msd-kiosk --hash-pin, or "
		    "leave pin_hash empty for no staff menu", s->config_path);
		return 1;
	}
	pin_lock_path(s);
	if (s->pin_hash && *s->pin_hash && config_path)
		warn_readable(config_path);
	if (url_policy_kiosk(c, e) < 0)
		return 2;
	s->font = config_get(c, "kiosk", "font");
	s->picto_font = config_get(c, "kiosk", "picto_font");
	return 0;
}

const char *
kiosk_settings_msd(const config *c, const char *override)
{
	const char *msd = override ? override : config_get(c, "kiosk", "msd");

	return msd && *msd ? msd : NULL;
}

const char *
kiosk_settings_content(const config *c, const char *override)
{
	return override ? override : config_str(c, "kiosk", "content",
	    PACK_DEFAULT_PATH);
}

void
kiosk_settings_free(struct kiosk_settings *s)
{
	free(s->content);
	config_free(s->cfg);
	memset(s, 0, sizeof *s);
}
