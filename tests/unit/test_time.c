/* Dates, times, Europe/Paris with DST, quiet hours and planning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "planner.h"
#include "settings.h"
#include "timeutil.h"

static struct settings S;

static int
setup(void **state)
{
	(void)state;
	if (tz_setup("Europe/Paris", NULL) < 0)
		return -1;
	memset(&S, 0, sizeof S);
	S.offsets[0] = 48 * 3600;
	S.offsets[1] = 2 * 3600;
	S.noffsets = 2;
	S.quiet_start = 20 * 60;
	S.quiet_end = 8 * 60 + 30;
	S.min_notice = 3600;
	return 0;
}

static time_t
at(const char *s)
{
	time_t t;

	assert_int_equal(time_parse_datetime(s, &t), 0);
	return t;
}

static void
test_parse_date(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(time_parse_date("2026-12-03", &y, &m, &d), 0);
	assert_true(y == 2026 && m == 12 && d == 3);
	assert_int_equal(time_parse_date("03/12/2026", &y, &m, &d), 0);
	assert_true(y == 2026 && m == 12 && d == 3);
	assert_int_equal(time_parse_date("3/12/2026", &y, &m, &d), 0);
	assert_true(d == 3);
	assert_int_equal(time_parse_date("03/12/26", &y, &m, &d), 0);
	assert_true(y == 2026);
	assert_int_equal(time_parse_date("29/02/2028", &y, &m, &d), 0);
	assert_int_equal(time_parse_date("29/02/2026", &y, &m, &d), -1);
	assert_int_equal(time_parse_date("31/04/2026", &y, &m, &d), -1);
	assert_int_equal(time_parse_date("2026-13-01", &y, &m, &d), -1);
	assert_int_equal(time_parse_date("2026/12-03", &y, &m, &d), -1);
	assert_int_equal(time_parse_date("demain", &y, &m, &d), -1);
	assert_int_equal(time_parse_date("", &y, &m, &d), -1);
	assert_int_equal(time_parse_date("03/12/2026 14:00", &y, &m, &d), -1);
}

static void
test_parse_hm(void **state)
{
	static const struct { const char *s; int h, m; } ok[] = {
		{ "14:30", 14, 30 }, { "14h30", 14, 30 }, { "14 h 30", 14, 30 },
		{ "14H30", 14, 30 }, { "9h", 9, 0 }, { "9 h", 9, 0 },
		{ "09:05:00", 9, 5 }, { "0h00", 0, 0 }, { "23:59", 23, 59 },
	};
	static const char *const bad[] = { "24:00", "14:60", "14", "14:", "h30",
	    "14h3", "2pm", "", "14:30 demain" };
	int h, m;

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		if (time_parse_hm(ok[i].s, &h, &m) != 0 || h != ok[i].h || m != ok[i].m)
			fail_msg("'%s' misread", ok[i].s);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (time_parse_hm(bad[i], &h, &m) == 0)
			fail_msg("'%s' accepted", bad[i]);
}

static void
test_dst(void **state)
{
	(void)state;
	/* 29 March 2026: 02:00 -> 03:00.  02:30 does not exist: it lands on
	 * 03:30 summer time, never before the gap. */
	assert_int_equal(time_from_local(2026, 3, 29, 2, 30), 1774747800);
	assert_int_equal(time_from_local(2026, 3, 29, 3, 30), 1774747800);
	/* 25 October 2026: 03:00 -> 02:00.  02:30 happens twice. */
	time_t t = time_from_local(2026, 10, 25, 2, 30);
	assert_true(t == 1792888200 || t == 1792888200 - 3600);
	assert_int_equal(time_from_local(2026, 10, 25, 1, 30), 1792884600);
	/* Local midnight arithmetic over the change. */
	assert_int_equal(time_day_start(1774857600, 0), time_from_local(2026, 3, 30, 0, 0));
}

static void
test_format_fr(void **state)
{
	char b[64];

	(void)state;
	time_fmt_date_fr(at("2026-12-03 14:30"), b, sizeof b);
	assert_string_equal(b, "jeudi 3 décembre");
	time_fmt_date_fr(at("2026-12-01 09:00"), b, sizeof b);
	assert_string_equal(b, "mardi 1er décembre");
	time_fmt_hour_fr(at("2026-12-03 14:30"), b, sizeof b);
	assert_string_equal(b, "14 h 30");
	time_fmt_hour_fr(at("2026-12-03 09:00"), b, sizeof b);
	assert_string_equal(b, "9 h");
	time_fmt_hour_fr(at("2026-12-03 09:05"), b, sizeof b);
	assert_string_equal(b, "9 h 05");
	time_fmt_iso_day_fr("2027-03-01", b, sizeof b);
	assert_string_equal(b, "1er mars 2027");
	time_fmt_iso_day_fr("2026-11-28", b, sizeof b);
	assert_string_equal(b, "28 novembre 2026");
	time_fmt_iso_day_fr("bientôt", b, sizeof b);
	assert_string_equal(b, "bientôt");
}

static void
test_durations(void **state)
{
	long s;

	(void)state;
	assert_int_equal(time_parse_duration("48h", &s), 0);
	assert_int_equal(s, 172800);
	assert_int_equal(time_parse_duration("90min", &s), 0);
	assert_int_equal(s, 5400);
	assert_int_equal(time_parse_duration("1h30", &s), 0);
	assert_int_equal(s, 5400);
	assert_int_equal(time_parse_duration("2j", &s), 0);
	assert_int_equal(s, 172800);
	assert_int_equal(time_parse_duration("", &s), -1);
	assert_int_equal(time_parse_duration("soon", &s), -1);
	int a, b;
	assert_int_equal(time_parse_range("20:00-08:30", &a, &b), 0);
	assert_true(a == 1200 && b == 510);
	assert_int_equal(time_parse_range("20:00", &a, &b), -1);
}

static void
test_quiet(void **state)
{
	(void)state;
	assert_false(plan_is_quiet(&S, at("2026-12-02 08:30")));	/* Wednesday */
	assert_true(plan_is_quiet(&S, at("2026-12-02 08:29")));
	assert_false(plan_is_quiet(&S, at("2026-12-02 19:59")));
	assert_true(plan_is_quiet(&S, at("2026-12-02 20:00")));
	assert_true(plan_is_quiet(&S, at("2026-12-06 12:00")));	/* Sunday */
	/* Wednesday night -> Thursday 08:30 */
	assert_int_equal(plan_next_allowed(&S, at("2026-12-02 21:00")), at("2026-12-03 08:30"));
	assert_int_equal(plan_next_allowed(&S, at("2026-12-03 03:00")), at("2026-12-03 08:30"));
	/* Saturday night and Sunday -> Monday 08:30 */
	assert_int_equal(plan_next_allowed(&S, at("2026-12-05 20:30")), at("2026-12-07 08:30"));
	assert_int_equal(plan_next_allowed(&S, at("2026-12-06 15:00")), at("2026-12-07 08:30"));
	/* Over the DST changes: Monday 08:30 in summer / winter time. */
	assert_int_equal(plan_next_allowed(&S, at("2026-03-28 21:00")), 1774852200);
	assert_int_equal(plan_next_allowed(&S, at("2026-10-24 20:30")), 1792999800);
	S.sundays = 1;
	assert_int_equal(plan_next_allowed(&S, at("2026-12-05 20:30")), at("2026-12-06 08:30"));
	S.sundays = 0;
}

static void
test_plan_one(void **state)
{
	time_t due;
	const char *why;

	(void)state;
	/* Thursday 14:30, planned on Monday: 48h -> Tuesday 14:30, 2h -> 12:30. */
	time_t a = at("2026-12-03 14:30"), now = at("2026-11-30 10:00");
	assert_int_equal(plan_one(&S, a, 0, now, &due, &why), PLAN_SEND);
	assert_int_equal(due, at("2026-12-01 14:30"));
	assert_int_equal(plan_one(&S, a, 1, now, &due, &why), PLAN_SEND);
	assert_int_equal(due, at("2026-12-03 12:30"));
	/* Monday 09:00: 2h -> 07:00 quiet -> 08:30, inside min_notice: expired. */
	a = at("2026-12-07 09:00");
	assert_int_equal(plan_one(&S, a, 1, now, &due, &why), PLAN_EXPIRED);
	assert_non_null(strstr(why, "quiet"));
	/* 48h before Monday 09:00 is Saturday 09:00: allowed. */
	assert_int_equal(plan_one(&S, a, 0, now, &due, &why), PLAN_SEND);
	assert_int_equal(due, at("2026-12-05 09:00"));
	/* Tuesday 10:00, 48h before is a Sunday: moved to Monday 08:30. */
	a = at("2026-12-08 10:00");
	assert_int_equal(plan_one(&S, a, 0, now, &due, &why), PLAN_SEND);
	assert_int_equal(due, at("2026-12-07 08:30"));
	/* Imported late: 48h overdue but 2h still ahead -> 48h sent now. */
	now = at("2026-12-02 16:00");
	a = at("2026-12-03 14:30");
	assert_int_equal(plan_one(&S, a, 0, now, &due, &why), PLAN_SEND);
	assert_int_equal(due, now);
	/* Both overdue: only the later one goes, the earlier is superseded. */
	now = at("2026-12-03 13:00");
	assert_int_equal(plan_one(&S, a, 0, now, &due, &why), PLAN_EXPIRED);
	assert_non_null(strstr(why, "superseded"));
	assert_int_equal(plan_one(&S, a, 1, now, &due, &why), PLAN_SEND);
	assert_int_equal(due, now);
	/* Inside min_notice, or past: expired. */
	now = at("2026-12-03 14:00");
	assert_int_equal(plan_one(&S, a, 1, now, &due, &why), PLAN_EXPIRED);
	now = at("2026-12-04 10:00");
	assert_int_equal(plan_one(&S, a, 1, now, &due, &why), PLAN_EXPIRED);
	assert_non_null(strstr(why, "passed"));
	/* Across DST: 48 hours before Monday 30 March 10:00 (summer time) is
	 * Saturday 09:00 winter time: offsets are real durations. */
	now = at("2026-03-20 10:00");
	assert_int_equal(plan_one(&S, 1774857600, 0, now, &due, &why), PLAN_SEND);
	assert_int_equal(due, 1774684800);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_parse_hm),
		cmocka_unit_test(test_dst),
		cmocka_unit_test(test_format_fr),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_quiet),
		cmocka_unit_test(test_plan_one),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
