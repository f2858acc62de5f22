/*
 * test_settings.c - the daemon's settings refuse instead of guessing: no
 * [database] or [gateway], a timezone that is not a zone, durations and
 * numbers out of range (without overflow); --now with junk or bad
 * seconds; and a config of 100 MSDs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "settings.h"
#include "strbuf.h"
#include "timeutil.h"
#include "testutil.h"

#define BASE "[database]\npath = r.db\n[gateway]\ntype = file\npath = -\n"

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "%s/msd-test-settings.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

/* settings_load on text; returns its result, e holds the message. */
static int
load(const char *text, struct settings *s, err_t *e)
{
	config *c = config_parse(text, "t.ini", e);
	int rc;

	assert_non_null(c);
	rc = settings_load(c, s, e);
	config_free(c);
	return rc;
}

/* text must be refused with a message holding each of the words. */
#define refused(text, ...) do { \
	struct settings s_; \
	err_t e_ = { "" }; \
	const char *w_[] = { __VA_ARGS__, NULL }; \
	if (load((text), &s_, &e_) == 0) { \
		settings_free(&s_); \
		fail_msg("accepted: %s", (text)); \
	} \
	for (int i_ = 0; w_[i_]; i_++) \
		if (strstr(e_.msg, w_[i_]) == NULL) \
			fail_msg("message \"%s\" lacks \"%s\"", e_.msg, w_[i_]); \
} while (0)

static void
accepted(const char *text, struct settings *s)
{
	err_t e = { "" };

	if (load(text, s, &e) < 0)
		fail_msg("refused: %s (%s)", text, e.msg);
}

static void
test_required(void **state)
{
	struct settings s;

	(void)state;
	refused("", "t.ini", "no [database]");
	refused("[reminders]\noffsets = 2h\n", "no [database]");
	refused("[database]\npath = r.db\n", "t.ini", "no [gateway]", "type");
	refused("[database]\npath =\n[gateway]\ntype = file\n", "[database]",
	    "path");
	refused("[database]\npath = r.db\n[gateway]\nrate = 0\n", "[gateway]",
	    "type");
	/* A bad value is still named with its line before a missing one. */
	refused("[reminders]\nquiet_hours = 8h-20h-\n", "t.ini:2", "quiet_hours");
	accepted(BASE, &s);
	assert_string_equal(s.db_path, "r.db");
	settings_free(&s);
}

static void
test_timezone(void **state)
{
	char p[600], zone[700];
	struct settings s;
	FILE *f;

	(void)state;
	refused(BASE "[reminders]\ntimezone = Europe\n", "timezone", "Europe",
	    "directory", "Europe/Paris");
	refused(BASE "[reminders]\ntimezone = Europe/Nowhere\n", "Europe/Nowhere");
	refused(BASE "[reminders]\ntimezone = ../etc/passwd\n", "not a zone name");
	refused(BASE "[reminders]\ntimezone = Europe/Paris;x\n", "not a zone name");
	accepted(BASE "[reminders]\ntimezone = Europe/Paris\n", &s);
	settings_free(&s);
	accepted(BASE "[reminders]\ntimezone = America/Port-au-Prince\n", &s);
	settings_free(&s);

	/* A regular file that is not tzdata. */
	path(p, sizeof p, "Fake");
	assert_int_equal(mkdir(p, 0700), 0);
	path(p, sizeof p, "Fake/Zone");
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("not a zone\n", f);
	fclose(f);
	setenv("TZDIR", dir, 1);
	refused(BASE "[reminders]\ntimezone = Fake/Zone\n", "not a tzdata file");
	unsetenv("TZDIR");
	snprintf(zone, sizeof zone, BASE "[reminders]\ntimezone = Europe/Paris\n");
	accepted(zone, &s);
	settings_free(&s);
}

static void
test_ranges(void **state)
{
	struct settings s;
	long v;

	(void)state;
	/* The fuzzer's find: 9999999999999999 hours overflowed a long. */
	assert_int_equal(time_parse_duration("9999999999999999h", &v), -1);
	assert_int_equal(time_parse_duration("9223372036854775807s", &v), -1);
	assert_int_equal(time_parse_duration("2562047788015216h", &v), -1);
	assert_int_equal(time_parse_duration("106751991167301d", &v), -1);
	assert_int_equal(time_parse_duration("3650d 1s", &v), -1);
	assert_int_equal(time_parse_duration("3650d", &v), 0);
	assert_int_equal(v, TIME_DURATION_MAX);
	assert_int_equal(time_parse_duration("1h30", &v), 0);
	assert_int_equal(v, 5400);
	assert_int_equal(time_parse_duration("+5h", &v), -1);
	assert_int_equal(time_parse_duration("-5h", &v), -1);
	assert_int_equal(time_parse_duration("5h -1", &v), -1);

	refused(BASE "[reminders]\noffsets = 9999999999999999h\n", "t.ini:7",
	    "offsets", "1min to 30d");
	refused(BASE "[reminders]\noffsets = 48h, 9999999999999999h\n", "offsets");
	refused(BASE "[reminders]\noffsets = 31d\n", "offsets");
	refused(BASE "[reminders]\noffsets = 30s\n", "offsets");
	refused(BASE "[reminders]\noffsets = 1,2,3,4,5,6,7,8,9h\n", "up to 8");
	refused(BASE "[reminders]\nmin_notice = 9999999999999999h\n", "t.ini:7",
	    "min_notice", "0 to 7d");
	refused(BASE "[reminders]\nmin_notice = 8d\n", "min_notice");
	refused(BASE "[reminders]\nmin_notice = -1h\n", "min_notice");
	refused(BASE "[reminders]\nretention_days = 99999999999999999999\n",
	    "retention_days");
	refused(BASE "rate = -1\n", "rate");
	refused(BASE "retry_base_s = 600\nretry_max_s = 60\n", "retry_max_s",
	    "retry_base_s");
	refused(BASE "retry_max_s = 9999999999\n", "retry_max_s");
	refused(BASE "[reminders]\nquiet_hours = 20:00-24:00\n", "quiet_hours");
	refused(BASE "[reminders]\nquiet_hours = 20:00:61-08:00\n", "quiet_hours");

	accepted(BASE "[reminders]\noffsets = 30d, 1min\nmin_notice = 7d\n", &s);
	assert_int_equal(s.noffsets, 2);
	assert_int_equal(s.offsets[0], 30L * 86400);
	assert_int_equal(s.offsets[1], 60);
	assert_int_equal(s.min_notice, 7L * 86400);
	settings_free(&s);
	accepted(BASE "[reminders]\nmin_notice = 0\n", &s);
	assert_int_equal(s.min_notice, 0);
	settings_free(&s);
}

static void
test_now(void **state)
{
	char junk[200];
	time_t t, u;

	(void)state;
	assert_int_equal(tz_setup("Europe/Paris", &(err_t){ "" }), 0);
	assert_int_equal(time_parse_datetime("2026-12-01 10:00", &t), 0);
	assert_int_equal(time_parse_datetime("2026-12-01T10:00:59", &u), 0);
	assert_true(u == t);
	assert_int_equal(time_parse_datetime("2026-12-01 10:00:60", &u), -1);
	assert_int_equal(time_parse_datetime("2026-12-01 10:00:99", &u), -1);
	assert_int_equal(time_parse_datetime("2026-12-01 10:00:5", &u), -1);
	assert_int_equal(time_parse_datetime("2026-12-01 10:00 x", &u), -1);
	/* Junk past the 63rd character was cut off and never seen. */
	snprintf(junk, sizeof junk, "2026-12-01 10:00%60sjunk", "");
	assert_int_equal(time_parse_datetime(junk, &u), -1);
	snprintf(junk, sizeof junk, "2026-12-01 10:00%100s", "");
	assert_int_equal(time_parse_datetime(junk, &u), 0);
	assert_true(u == t);
}

static void
test_many_msds(void **state)
{
	strbuf b = STRBUF_INIT;
	struct settings s;
	char code[32];

	(void)state;
	strbuf_puts(&b, BASE);
	for (int i = 0; i < 100; i++)
		strbuf_printf(&b, "[msd.m%03d]\nname = MSD %d\nphone = 04 79 00 %02d %02d\n",
		    i, i, i / 10, i % 10);
	/* Renames a built-in one, whatever the case of its code. */
	strbuf_puts(&b, "[msd.Chambery]\nname = MSD de Chambéry\n");
	accepted(b.s, &s);
	strbuf_free(&b);
	assert_int_equal(s.nmsds, 107);
	for (int i = 0; i < 100; i++) {
		snprintf(code, sizeof code, "m%03d", i);
		const struct msd_conf *m = settings_msd(&s, code);

		assert_non_null(m);
		assert_string_equal(m->code, code);
	}
	assert_string_equal(settings_msd(&s, "chambery")->name, "MSD de Chambéry");
	settings_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_required),
		cmocka_unit_test_setup_teardown(test_timezone, setup, teardown),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_now),
		cmocka_unit_test(test_many_msds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
