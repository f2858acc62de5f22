/*
 * fuzz_config.c - INI files (lib/config.c), the daemon's settings
 * (reminder-daemon/settings.c), its SMS templates (template.c) and the
 * status report that sizes its tables by the configured MSDs (report.c).
 *
 * Properties:
 *   - round trip: sections, keys and values taken from the input,
 *     written as an INI file and parsed, are found again (the last of a
 *     key given twice wins, names match case-insensitively);
 *   - settings read without error are in range: offsets positive and
 *     descending, quiet hours within the day, durations never negative,
 *     a timezone that is a tzdata file, at least the seven MSDs, each
 *     with a name and a template that passes template_check(), and a
 *     relance_template and a reply_answer that are empty (off) or
 *     pass it too;
 *     relance_within from 1 h to 30 days;
 *   - a checked template renders without brackets or fields left, and
 *     without any word it would refuse;
 *   - report_status() copes with however many MSDs there are.
 */
#include "fuzz.h"
#include "config.h"
#include "report.h"
#include "schema.h"
#include "settings.h"
#include "strbuf.h"
#include "template.h"
#include "utf8.h"

#include <ctype.h>
#include <strings.h>
#include <sys/stat.h>

static sqlite3 *db;
static FILE *devnull;

/* The harness's own database failed: not a finding, a broken harness. */
static void
db_fail(const char *what)
{
	fprintf(stderr, "fuzz_config: %s: %s\n", what, sqlite3_errmsg(db));
	abort();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	if (devnull == NULL || sqlite3_open(":memory:", &db) != SQLITE_OK)
		abort();
	for (int i = 0; i < reminders_migrations_count; i++)
		if (sqlite3_exec(db, reminders_migrations[i], NULL, NULL,
		    NULL) != SQLITE_OK)
			db_fail("migration");
	return 0;
}

/* ------------------------------------------------------ round trip */

struct kv {
	char *sec, *key, *val;
};

static int
trimmed(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && !isspace((unsigned char)s[0]) &&
	    !isspace((unsigned char)s[n - 1]);
}

/* Names the format can carry: a section without ']', a key without
 * '=' that cannot be taken for a comment or a section. */
static int
section_ok(const char *s)
{
	return trimmed(s) && strlen(s) < 100 && strpbrk(s, "]\n") == NULL;
}

static int
key_ok(const char *k)
{
	return trimmed(k) && strpbrk(k, "=\n") == NULL &&
	    strchr("#;[", k[0]) == NULL;
}

/* Lines of the input: "[name" sets the section, "key=value" adds. */
static size_t
entries_from(char *text, struct kv *v, size_t max)
{
	char *sec = NULL, *save = NULL;
	size_t n = 0;

	for (char *l = strtok_r(text, "\n", &save); l && n < max;
	    l = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(l, '=');

		if (l[0] == '[') {
			sec = section_ok(l + 1) ? l + 1 : NULL;
		} else if (sec && eq) {
			*eq = '\0';
			if (key_ok(l))
				v[n++] = (struct kv){ sec, l, eq + 1 };
		}
	}
	return n;
}

static void
round_trip(const uint8_t *data, size_t size)
{
	struct kv v[64];
	char *text = fuzz_cstr(data, size);
	size_t n = entries_from(text, v, 64);
	strbuf ini = STRBUF_INIT;
	config *c;
	err_t e;

	if (n == 0) {
		free(text);
		return;
	}
	for (size_t i = 0; i < n; i++)
		/* Quoted, so that blanks at the ends are kept. */
		strbuf_printf(&ini, "[%s]\n%s = \"%s\"\n", v[i].sec, v[i].key,
		    v[i].val);
	c = config_parse(ini.s, "rt.ini", &e);
	PROP(c != NULL, "written config refused: %s\n%s", e.msg, ini.s);
	for (size_t i = 0; i < n; i++) {
		const char *want = v[i].val, *got;

		for (size_t j = i + 1; j < n; j++)	/* the last one wins */
			if (strcasecmp(v[j].sec, v[i].sec) == 0 &&
			    strcasecmp(v[j].key, v[i].key) == 0)
				want = v[j].val;
		got = config_get(c, v[i].sec, v[i].key);
		PROP(got != NULL && strcmp(got, want) == 0, "[%s] %s = '%s' reads "
		    "back as '%s'\n%s", v[i].sec, v[i].key, want,
		    got ? got : "(none)", ini.s);
		PROP(config_line(c, v[i].sec, v[i].key) > 0, "[%s] %s: no line",
		    v[i].sec, v[i].key);
	}
	config_free(c);
	strbuf_free(&ini);
	free(text);
}

/* ------------------------------------------------------ settings */

static const char *const revealing[] = {
	"rsa", "r_s_a", "revenu_de_solidarite", "insertion", "allocation",
	"minima", "precarite", "handicap", "dette", "surendettement",
	"contrat_d_engagement", "sanction", "suspension", "chomage",
};

static void
check_render(const char *tpl, const struct template_vars *v)
{
	char *out = template_render(tpl, v), *folded;
	strbuf b = STRBUF_INIT;

	PROP(strpbrk(out, "[]") == NULL, "template '%s' rendered '%s'", tpl, out);
	for (const char *f = strchr(out, '{'); f; f = strchr(f + 1, '{'))
		PROP(strncmp(f, "{date}", 6) && strncmp(f, "{heure}", 7) &&
		    strncmp(f, "{lieu}", 6) && strncmp(f, "{msd}", 5) &&
		    strncmp(f, "{tel_msd}", 9), "template '%s' rendered '%s'",
		    tpl, out);
	PROP(strstr(out, "  ") == NULL, "template '%s' rendered '%s' (double "
	    "space)", tpl, out);
	folded = utf8_fold(out);
	strbuf_printf(&b, "_%s_", folded);
	for (size_t i = 0; i < sizeof revealing / sizeof *revealing; i++) {
		char pat[64];

		snprintf(pat, sizeof pat, "_%s_", revealing[i]);
		PROP(strstr(b.s, pat) == NULL, "template '%s' passed the check "
		    "but says '%s': '%s'", tpl, revealing[i], out);
	}
	strbuf_free(&b);
	free(folded);
	free(out);
}

/* One appointment with one reminder per MSD, so that report_status()
 * has a row for each; rolled back after. */
static void
check_report(const struct settings *s)
{
	sqlite3_stmt *a, *o;

	if (sqlite3_exec(db, "SAVEPOINT fuzz", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO appointment (msd, rdv_id, at, "
	    "phone, phone_kind, place, status, imported_at, updated_at) VALUES "
	    "(?1, 'r', 2000000000, '+33612345678', 'mobile', '', 'planned', 0, "
	    "0)", -1, &a, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO outbox (appt_id, offset_s, updated_at, "
	    "appt_at, due_at, state) VALUES (?1, 7200, 0, 2000000000, 1999992800, "
	    "'planned')", -1, &o, NULL) != SQLITE_OK)
		db_fail("prepare");
	for (int i = 0; i < s->nmsds; i++) {
		sqlite3_bind_text(a, 1, s->msds[i].code, -1, SQLITE_STATIC);
		if (sqlite3_step(a) != SQLITE_DONE)
			db_fail("insert appointment");
		sqlite3_reset(a);
		sqlite3_bind_int64(o, 1, sqlite3_last_insert_rowid(db));
		if (sqlite3_step(o) != SQLITE_DONE)
			db_fail("insert outbox");
		sqlite3_reset(o);
	}
	sqlite3_finalize(a);
	sqlite3_finalize(o);
	PROP(report_status(db, s, 1999990000, devnull) == 0, "report_status "
	    "failed with %d MSDs", s->nmsds);
	if (sqlite3_exec(db, "ROLLBACK TO fuzz; RELEASE fuzz", NULL, NULL,
	    NULL) != SQLITE_OK)
		db_fail("rollback");
}

static void
check_settings(const config *c)
{
	struct settings s;
	char path[600];
	struct stat sb;
	const char *tzdir = getenv("TZDIR");
	err_t e;

	if (settings_load(c, &s, &e) < 0) {
		PROP(e.msg[0] != '\0', "settings refused without a message");
		return;
	}
	PROP(s.noffsets >= 1 && s.noffsets <= MAX_OFFSETS, "%d offsets",
	    s.noffsets);
	for (int i = 0; i < s.noffsets; i++)
		PROP(s.offsets[i] > 0 && (i == 0 || s.offsets[i] <= s.offsets[i - 1]),
		    "offset %d is %ld", i, s.offsets[i]);
	PROP(s.quiet_start >= 0 && s.quiet_start < 1440 && s.quiet_end >= 0 &&
	    s.quiet_end < 1440, "quiet hours %d-%d", s.quiet_start, s.quiet_end);
	PROP(s.min_notice >= 0, "min_notice %ld", s.min_notice);
	PROP(s.retention_days >= 1 && s.retention_days <= 3650, "retention %ld",
	    s.retention_days);
	PROP(s.rate >= 0 && s.rate <= 100000, "rate %g", s.rate);
	PROP(s.retry_base >= 1 && s.retry_max >= 1, "retry %ld %ld",
	    s.retry_base, s.retry_max);
	PROP(s.db_path != NULL && s.db_path[0] != '\0', "no database path");
	snprintf(path, sizeof path, "%s/%s", tzdir ? tzdir : "/usr/share/zoneinfo",
	    s.timezone);
	PROP(stat(path, &sb) == 0 && S_ISREG(sb.st_mode), "timezone '%s' is "
	    "not a tzdata file", s.timezone);
	PROP(s.nmsds >= 7, "%d MSDs", s.nmsds);
	for (int i = 0; i < s.nmsds; i++) {
		struct msd_conf *m = &s.msds[i];
		/* Values of our own: the check is about the template's words. */
		struct template_vars full = { 1999990000, "Salle 2",
		    "Maison sociale", "04 79 00 00 00" },
		    bare = { 1999990000, "", "Maison sociale", "" };
		err_t te;

		PROP(m->code && m->name && m->name[0] && m->phone && m->template,
		    "MSD %d incomplete", i);
		PROP(settings_msd(&s, m->code) != NULL, "MSD %s not found",
		    m->code);
		PROP(template_check(m->template, &te) == 0, "MSD %s: template "
		    "'%s' refused after loading: %s", m->code, m->template, te.msg);
		check_render(m->template, &full);
		check_render(m->template, &bare);
		/* Empty turns the relance off; any other is checked. */
		PROP(m->relance_template != NULL, "MSD %s: no relance_template",
		    m->code);
		if (m->relance_template[0]) {
			PROP(template_check(m->relance_template, &te) == 0, "MSD %s: "
			    "relance_template '%s' refused after loading: %s",
			    m->code, m->relance_template, te.msg);
			check_render(m->relance_template, &full);
			check_render(m->relance_template, &bare);
		}
		PROP(m->reply_answer != NULL, "MSD %s: no reply_answer", m->code);
		if (m->reply_answer[0]) {
			PROP(template_check(m->reply_answer, &te) == 0, "MSD %s: "
			    "reply_answer '%s' refused after loading: %s", m->code,
			    m->reply_answer, te.msg);
			check_render(m->reply_answer, &full);
			check_render(m->reply_answer, &bare);
		}
	}
	PROP(s.relance_within >= 3600 && s.relance_within <= 30 * 86400,
	    "relance_within %ld", s.relance_within);
	check_report(&s);
	settings_free(&s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	config *c;
	err_t e;

	c = config_parse(text, "fuzz.ini", &e);
	if (c == NULL) {
		PROP(strncmp(e.msg, "fuzz.ini:", 9) == 0, "message without "
		    "FILE:LINE: %s", e.msg);
	} else {
		check_settings(c);
		config_free(c);
	}
	free(text);
	round_trip(data, size);
	return 0;
}
