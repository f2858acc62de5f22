/*
 * test_screen_hours.c - [kiosk] screen_hours (app/screen_hours.c): the
 * forms accepted, the minutes they cover (ends excluded), the next
 * change across a week-end and across the DST changes (Europe/Paris),
 * and every refusal with what to write.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "app/screen_hours.h"
#include "timeutil.h"

static int
setup(void **state)
{
	(void)state;
	return tz_setup("Europe/Paris", NULL);
}

static time_t
at(const char *s)
{
	time_t t;

	if (time_parse_datetime(s, &t) != 0)
		fail_msg("bad time %s", s);
	return t;
}

static struct screen_hours
parse(const char *s)
{
	struct screen_hours h;
	char why[256];

	if (screen_hours_parse(s, &h, why, sizeof why) != 0)
		fail_msg("%s: %s", s, why);
	return h;
}

/* 2026-12-01 is a Tuesday. */
static void
test_week(void **state)
{
	struct screen_hours h = parse("lun-ven 08:30-12:00,13:30-17:00; "
	    "sam 9h-12h");

	(void)state;
	assert_true(h.set);
	assert_false(screen_hours_on(&h, at("2026-12-01 08:29")));
	assert_true(screen_hours_on(&h, at("2026-12-01 08:30")));
	assert_true(screen_hours_on(&h, at("2026-12-01 11:59")));
	assert_false(screen_hours_on(&h, at("2026-12-01 12:00")));
	assert_true(screen_hours_on(&h, at("2026-12-01 16:59")));
	assert_false(screen_hours_on(&h, at("2026-12-01 17:00")));
	assert_true(screen_hours_on(&h, at("2026-12-05 09:00")));	/* sam */
	assert_false(screen_hours_on(&h, at("2026-12-05 13:30")));
	assert_false(screen_hours_on(&h, at("2026-12-06 10:00")));	/* dim */
	assert_true(screen_hours_on(&h, at("2026-12-07 10:00")));	/* lun */

	/* The next change: the next whole minute it happens. */
	assert_int_equal(screen_hours_next(&h, at("2026-12-01 16:00") + 17),
	    at("2026-12-01 17:00"));
	assert_int_equal(screen_hours_next(&h, at("2026-12-01 17:00")),
	    at("2026-12-02 08:30"));
	/* Saturday noon to Monday 08:30. */
	assert_int_equal(screen_hours_next(&h, at("2026-12-05 12:00")),
	    at("2026-12-07 08:30"));
}

/* Full names, lists, ranges over the week-end, case, blanks, 24:00. */
static void
test_forms(void **state)
{
	struct screen_hours h;

	(void)state;
	h = parse("Lundi,MER , vendredi 14:00 - 24:00");
	assert_true(screen_hours_on(&h, at("2026-11-30 23:59")));	/* lun */
	assert_false(screen_hours_on(&h, at("2026-12-01 15:00")));	/* mar */
	assert_true(screen_hours_on(&h, at("2026-12-02 15:00")));	/* mer */
	assert_true(screen_hours_on(&h, at("2026-12-04 14:00")));	/* ven */
	h = parse("sam-lun 10:00-11:00");
	assert_true(screen_hours_on(&h, at("2026-12-05 10:30")));
	assert_true(screen_hours_on(&h, at("2026-12-06 10:30")));
	assert_true(screen_hours_on(&h, at("2026-12-07 10:30")));
	assert_false(screen_hours_on(&h, at("2026-12-08 10:30")));
	/* Not set: always on, never a change. */
	h = parse("");
	assert_false(h.set);
	assert_true(screen_hours_on(&h, at("2026-12-06 03:00")));
	assert_int_equal(screen_hours_next(&h, at("2026-12-06 03:00")), 0);
	h = parse("  ;  ");
	assert_false(h.set);
	/* The same all week: set, on, no change. */
	h = parse("lun-dim 00:00-24:00");
	assert_true(screen_hours_on(&h, at("2026-12-06 03:00")));
	assert_int_equal(screen_hours_next(&h, at("2026-12-06 03:00")), 0);
}

/* The wall clock moves under real minutes: 08:30 is still 08:30. */
static void
test_dst(void **state)
{
	struct screen_hours h = parse("lun-dim 08:30-17:00");

	(void)state;
	/* 2027-03-28: 02:00 -> 03:00.  From Saturday 17:00, the next
	 * opening is Sunday 08:30 summer time (15 h 30 of wall clock, 14 h
	 * 30 of real time). */
	assert_int_equal(screen_hours_next(&h, at("2027-03-27 17:00")),
	    at("2027-03-28 08:30"));
	assert_int_equal(at("2027-03-28 08:30") - at("2027-03-27 17:00"),
	    14 * 3600 + 30 * 60);
	/* 2026-10-25: 03:00 -> 02:00. */
	assert_int_equal(screen_hours_next(&h, at("2026-10-24 17:00")),
	    at("2026-10-25 08:30"));
}

static void
refused(const char *s, const char *want)
{
	struct screen_hours h;
	char why[256] = "";

	if (screen_hours_parse(s, &h, why, sizeof why) != -1)
		fail_msg("'%s' accepted", s);
	if (strstr(why, want) == NULL)
		fail_msg("'%s': '%s', expected '%s'", s, why, want);
}

static void
test_refused(void **state)
{
	(void)state;
	refused("lux 08:30-12:00", "'lux' is not a day");
	refused("lun-vend 08:30-12:00", "'vend' is not a day");
	refused("lun-ven", "no hours after the days");
	refused("08:30-12:00", "no day before the hours");
	refused("lun 08:30", "'08:30' is not a range of hours");
	refused("lun 08:30-", "'': not a time");
	refused("lun 25:00-26:00", "'25:00': not a time");
	refused("lun 24:00-24:00", "'24:00': not a time");
	refused("lun 12:00-08:30", "the end is not after the start");
	refused("lun 12:00-12:00", "the end is not after the start");
	refused("lun 08:00-12:00; mar", "no hours after the days");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_week),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_dst),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
