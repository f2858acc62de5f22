#include "settings.h"
#include "strbuf.h"
#include "template.h"
#include "timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The seven MSDs of Savoie: the codes the agenda exports use.  A config
 * may rename them or give their phone number in [msd.CODE]. */
static const struct { const char *code, *name; } seven[] = {
	{ "albertville", "Maison sociale Albertville-Ugine" },
	{ "avant-pays", "Maison sociale de l'Avant-pays savoyard" },
	{ "aix", "Maison sociale du bassin aixois" },
	{ "chambery", "Maison sociale du bassin chambérien" },
	{ "combe", "Maison sociale de la Combe de Savoie" },
	{ "maurienne", "Maison sociale de Maurienne" },
	{ "tarentaise", "Maison sociale de Tarentaise" },
};

/* Says only the place and time: a phone screen can be seen by others.
 * A part in [brackets] is left out when a {field} inside it is empty.
 * Every character is GSM-7 (é and à are, ê is not), so it costs one
 * 160-character segment, not two 70-character ones. */
const char settings_default_template[] =
    "Rappel : rendez-vous le {date} à {heure}[, {lieu}]. "
    "[Si vous ne pouvez pas venir, appelez le {tel_msd}.]";

/* After a missed appointment (statut = absent): as discreet as the
 * reminder, one GSM-7 segment with the MSD's number.  Without a number
 * the sentence that asks to call is left out. */
const char settings_default_relance[] =
    "Vous n'avez pas pu venir au rendez-vous du {date} à {heure}. "
    "[Appelez le {tel_msd} pour en prendre un autre.]";

static int
cmp_desc(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x < y) - (x > y);
}

static int
parse_offsets(const config *cfg, struct settings *s, err_t *e)
{
	const char *v = config_str(cfg, "reminders", "offsets", "48h, 2h");
	char *copy = xstrdup(v), *save = NULL;

	s->noffsets = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok;
	    tok = strtok_r(NULL, ",", &save)) {
		long secs;

		while (*tok == ' ')
			tok++;
		if (s->noffsets == MAX_OFFSETS || time_parse_duration(tok, &secs) < 0 ||
		    secs < OFFSET_MIN || secs > OFFSET_MAX) {
			free(copy);
			return err_set(e, "%s:%d: [reminders] offsets = '%s': expected "
			    "up to %d durations from 1min to 30d like '48h, 2h'",
			    config_path(cfg), config_line(cfg, "reminders", "offsets"),
			    v, MAX_OFFSETS);
		}
		s->offsets[s->noffsets++] = secs;
	}
	free(copy);
	if (s->noffsets == 0)
		return err_set(e, "%s: [reminders] offsets is empty: give at least "
		    "one, like '48h, 2h'", config_path(cfg));
	qsort(s->offsets, (size_t)s->noffsets, sizeof *s->offsets, cmp_desc);
	return 0;
}

/* A duration from min to max seconds; max_text says max for people. */
static int
parse_duration_key(const config *cfg, const char *sec, const char *key,
    const char *def, long min, long max, const char *range, long *out,
    err_t *e)
{
	const char *v = config_str(cfg, sec, key, def);

	if (time_parse_duration(v, out) < 0 || *out < min || *out > max)
		return err_set(e, "%s:%d: [%s] %s = '%s': expected a duration "
		    "%s, like 1h, 30min or 2d", config_path(cfg),
		    config_line(cfg, sec, key), sec, key, v, range);
	return 0;
}

/* What the daemon cannot run without: refused rather than guessed (an
 * empty config once meant the file gateway on standard output, with
 * reminders.db in the current directory, every reminder marked sent). */
static int
check_required(const config *cfg, err_t *e)
{
	const char *path = config_get(cfg, "database", "path");
	const char *type = config_get(cfg, "gateway", "type");

	if (!config_has_section(cfg, "database"))
		return err_set(e, "%s: no [database] section: give the database "
		    "file with [database] path = /var/lib/msd-reminderd/"
		    "reminders.db (see dist/reminderd.ini)", config_path(cfg));
	if (path == NULL || *path == '\0')
		return err_set(e, "%s: [database] has no path = ...: give the "
		    "database file, e.g. /var/lib/msd-reminderd/reminders.db",
		    config_path(cfg));
	if (!config_has_section(cfg, "gateway"))
		return err_set(e, "%s: no [gateway] section: say how SMS are sent "
		    "with [gateway] type = kannel, twilio, http or file (see "
		    "dist/reminderd.ini)", config_path(cfg));
	if (type == NULL || *type == '\0')
		return err_set(e, "%s: [gateway] has no type = ...: use kannel, "
		    "twilio, http or file", config_path(cfg));
	return 0;
}

struct msd_collect {
	const config *cfg;
	struct settings *s;
};

/* The slot of an MSD code.  Only the seven built-in ones can be met
 * again ([msd.Chambery] renames "chambery"): config_each_section gives
 * each section once, so a config of thousands of MSDs stays linear. */
static struct msd_conf *
msd_slot(struct settings *s, const char *code)
{
	int nseven = (int)(sizeof seven / sizeof *seven);

	for (int i = 0; i < s->nmsds && i < nseven; i++)
		if (strcasecmp(s->msds[i].code, code) == 0)
			return &s->msds[i];
	if (s->nmsds == s->capmsds) {
		s->capmsds = s->capmsds ? s->capmsds * 2 : 16;
		s->msds = xrealloc(s->msds, (size_t)s->capmsds * sizeof *s->msds);
	}
	memset(&s->msds[s->nmsds], 0, sizeof *s->msds);
	s->msds[s->nmsds].code = xstrdup(code);
	return &s->msds[s->nmsds++];
}

static void
collect_msd(const char *code, void *arg)
{
	struct msd_collect *mc = arg;
	char sec[160];

	snprintf(sec, sizeof sec, "msd.%s", code);
	struct msd_conf *m = msd_slot(mc->s, code);
	const char *name = config_get(mc->cfg, sec, "name");
	const char *phone = config_get(mc->cfg, sec, "phone");
	const char *tpl = config_get(mc->cfg, sec, "template");
	/* Given empty, it turns the relance off for this MSD. */
	const char *rel = config_get(mc->cfg, sec, "relance_template");
	const char *ans = config_get(mc->cfg, sec, "reply_answer");

	if (name && *name) {
		free(m->name);
		m->name = xstrdup(name);
	}
	if (phone) {
		free(m->phone);
		m->phone = xstrdup(phone);
	}
	if (tpl && *tpl) {
		free(m->template);
		m->template = xstrdup(tpl);
	}
	if (rel) {
		free(m->relance_template);
		m->relance_template = xstrdup(rel);
	}
	if (ans) {
		free(m->reply_answer);
		m->reply_answer = xstrdup(ans);
	}
}

/* A template of [msd.CODE] as template_check() wants it; the message
 * names the line when the config gave it. */
static int
check_msd_template(const config *cfg, const struct msd_conf *m,
    const char *key, const char *tpl, err_t *e)
{
	char sec[160];
	int line;

	if (template_check(tpl, e) == 0)
		return 0;
	snprintf(sec, sizeof sec, "msd.%s", m->code);
	line = config_line(cfg, sec, key);
	if (line > 0)
		return err_prefix(e, "%s:%d: [msd.%s] %s: ", config_path(cfg),
		    line, m->code, key);
	return err_prefix(e, "%s: [msd.%s] %s: ", config_path(cfg), m->code, key);
}

int
settings_load(const config *cfg, struct settings *s, err_t *e)
{
	long l;

	memset(s, 0, sizeof *s);
	s->db_path = xstrdup(config_str(cfg, "database", "path", ""));
	s->timezone = xstrdup(config_str(cfg, "reminders", "timezone", "Europe/Paris"));
	if (parse_offsets(cfg, s, e) < 0)
		goto fail;
	const char *qh = config_str(cfg, "reminders", "quiet_hours", "20:00-08:30");
	if (time_parse_range(qh, &s->quiet_start, &s->quiet_end) < 0) {
		err_set(e, "%s:%d: [reminders] quiet_hours = '%s': expected "
		    "HH:MM-HH:MM like 20:00-08:30", config_path(cfg),
		    config_line(cfg, "reminders", "quiet_hours"), qh);
		goto fail;
	}
	if (parse_duration_key(cfg, "reminders", "min_notice", "1h", 0, 7 * 86400,
		"from 0 to 7d", &s->min_notice, e) < 0 ||
	    config_bool(cfg, "reminders", "sundays", 0, &s->sundays, e) < 0 ||
	    config_int(cfg, "reminders", "retention_days", 30, 1, 3650,
		&s->retention_days, e) < 0 ||
	    config_bool(cfg, "reminders", "transliterate", 0, &s->transliterate, e) < 0 ||
	    config_int(cfg, "gateway", "rate", 10, 0, 100000, &l, e) < 0 ||
	    config_int(cfg, "gateway", "retry_base_s", 60, 1, 86400, &s->retry_base, e) < 0 ||
	    config_int(cfg, "gateway", "retry_max_s", 3600, 1, 7 * 86400, &s->retry_max, e) < 0 ||
	    config_int(cfg, "import", "max_file_mb", 100, 1, 4096, &s->import_max_mb, e) < 0 ||
	    config_int(cfg, "health", "interval_s", 30, 1, 3600, &s->health_interval_s, e) < 0 ||
	    parse_duration_key(cfg, "reminders", "relance_within", "3d", 3600,
		30 * 86400, "from 1h to 30d", &s->relance_within, e) < 0)
		goto fail;
	s->health_file = xstrdup(config_str(cfg, "health", "file", ""));
	s->rate = (double)l;
	if (s->retry_max < s->retry_base) {
		err_set(e, "%s:%d: [gateway] retry_max_s = %ld is less than "
		    "retry_base_s = %ld: the longest wait between retries cannot "
		    "be shorter than the first", config_path(cfg),
		    config_line(cfg, "gateway", "retry_max_s"), s->retry_max,
		    s->retry_base);
		goto fail;
	}
	if (tz_setup(s->timezone, e) < 0) {
		err_prefix(e, "%s: [reminders] ", config_path(cfg));
		goto fail;
	}
	/* The seven MSDs first, then whatever the config adds or renames. */
	for (size_t i = 0; i < sizeof seven / sizeof *seven; i++)
		msd_slot(s, seven[i].code)->name = xstrdup(seven[i].name);
	struct msd_collect mc = { cfg, s };
	config_each_section(cfg, "msd.", collect_msd, &mc);
	for (int i = 0; i < s->nmsds; i++) {
		struct msd_conf *m = &s->msds[i];

		if (m->name == NULL) {
			err_set(e, "%s: [msd.%s] has no name = ...: give the MSD's "
			    "name as people know it", config_path(cfg), m->code);
			goto fail;
		}
		if (m->phone == NULL)
			m->phone = xstrdup("");
		if (m->template == NULL)
			m->template = xstrdup(settings_default_template);
		if (m->relance_template == NULL)
			m->relance_template = xstrdup(settings_default_relance);
		if (m->reply_answer == NULL)
			m->reply_answer = xstrdup("");
		if (check_msd_template(cfg, m, "template", m->template, e) < 0 ||
		    (*m->relance_template && check_msd_template(cfg, m,
		    "relance_template", m->relance_template, e) < 0) ||
		    (*m->reply_answer && check_msd_template(cfg, m,
		    "reply_answer", m->reply_answer, e) < 0))
			goto fail;
	}
	/* Last, so that a bad value is named with its line first. */
	if (check_required(cfg, e) < 0)
		goto fail;
	return 0;
fail:
	settings_free(s);
	return -1;
}

void
settings_free(struct settings *s)
{
	for (int i = 0; i < s->nmsds; i++) {
		free(s->msds[i].code);
		free(s->msds[i].name);
		free(s->msds[i].phone);
		free(s->msds[i].template);
		free(s->msds[i].relance_template);
		free(s->msds[i].reply_answer);
	}
	free(s->msds);
	free(s->db_path);
	free(s->timezone);
	free(s->health_file);
	memset(s, 0, sizeof *s);
}

const struct msd_conf *
settings_msd(const struct settings *s, const char *code)
{
	for (int i = 0; i < s->nmsds; i++)
		if (strcasecmp(s->msds[i].code, code) == 0)
			return &s->msds[i];
	return NULL;
}
