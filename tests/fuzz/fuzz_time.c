/*
 * fuzz_time.c - dates, hours, date-times, durations and ranges
 * (lib/timeutil.c), on the same input.
 *
 * Properties: a parsed value is in its range (a real calendar day, an
 * hour of the day, a duration never negative and no larger than its
 * numbers allow), and formatting it then parsing the text gives it back.
 */
#include "fuzz.h"
#include "timeutil.h"

#include <ctype.h>

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* The zone the daemon runs in: DST gaps and repeats are the traps. */
	if (tz_setup("Europe/Paris", NULL) < 0)
		abort();
	return 0;
}

/* The sum of every run of digits, times the largest unit (a day): what
 * no duration written with those numbers can exceed.  Saturates. */
static __int128
duration_bound(const char *s)
{
	const __int128 cap = (__int128)1 << 100;
	__int128 sum = 0, v = 0;

	for (const char *p = s;; p++) {
		if (isdigit((unsigned char)*p)) {
			if (v < cap)
				v = v * 10 + (*p - '0');
			continue;
		}
		sum += v;
		if (sum > cap)
			sum = cap;
		v = 0;
		if (*p == '\0')
			break;
	}
	return sum * 86400;
}

static void
check_duration(const char *s)
{
	long secs = -1, back = -1;
	char buf[96];

	if (time_parse_duration(s, &secs) < 0)
		return;
	PROP(secs >= 0, "duration '%s' parsed as %ld", s, secs);
	PROP((__int128)secs <= duration_bound(s), "duration '%s' parsed as "
	    "%ld, more than its numbers can mean (overflow?)", s, secs);
	snprintf(buf, sizeof buf, "%lds", secs);
	PROP(time_parse_duration(buf, &back) == 0 && back == secs,
	    "duration '%s' = %ld s, but '%s' reads back as %ld", s, secs, buf,
	    back);
	/* The way people write it: days, hours, minutes, seconds. */
	snprintf(buf, sizeof buf, "%ldd %ldh %ldmin %lds", secs / 86400,
	    secs % 86400 / 3600, secs % 3600 / 60, secs % 60);
	PROP(time_parse_duration(buf, &back) == 0 && back == secs,
	    "duration '%s' = %ld s, but '%s' reads back as %ld", s, secs, buf,
	    back);
}

static int
days_in(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dm[m - 1];
}

static void
check_date(const char *s)
{
	int y, m, d, y2, m2, d2;
	char buf[64];

	if (time_parse_date(s, &y, &m, &d) < 0)
		return;
	PROP(y >= 1970 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= days_in(y, m), "date '%s' gave %d-%d-%d", s, y, m, d);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	PROP(time_parse_date(buf, &y2, &m2, &d2) == 0 && y2 == y && m2 == m &&
	    d2 == d, "date '%s': '%s' does not read back", s, buf);
	snprintf(buf, sizeof buf, "%02d/%02d/%04d", d, m, y);
	PROP(time_parse_date(buf, &y2, &m2, &d2) == 0 && y2 == y && m2 == m &&
	    d2 == d, "date '%s': '%s' does not read back", s, buf);
	time_fmt_day_fr(y, m, d, buf, sizeof buf);
	PROP(buf[0] >= '1' && buf[0] <= '9', "date '%s' written '%s'", s, buf);
}

/* "HH:MM:SS" at the end of s: the seconds, or -1. */
static int
trailing_seconds(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n >= 8 && isdigit((unsigned char)s[n - 1]) &&
	    isdigit((unsigned char)s[n - 2]) && s[n - 3] == ':' &&
	    isdigit((unsigned char)s[n - 4]) && isdigit((unsigned char)s[n - 5]) &&
	    s[n - 6] == ':')
		return (s[n - 2] - '0') * 10 + (s[n - 1] - '0');
	return -1;
}

static void
check_hm(const char *s)
{
	int h, mi, h2, mi2;
	char buf[32];

	if (time_parse_hm(s, &h, &mi) < 0)
		return;
	PROP(h >= 0 && h <= 23 && mi >= 0 && mi <= 59, "time '%s' gave %d:%d",
	    s, h, mi);
	PROP(trailing_seconds(s) <= 59, "time '%s' has %d seconds", s,
	    trailing_seconds(s));
	snprintf(buf, sizeof buf, "%02d:%02d", h, mi);
	PROP(time_parse_hm(buf, &h2, &mi2) == 0 && h2 == h && mi2 == mi,
	    "time '%s': '%s' does not read back", s, buf);
	snprintf(buf, sizeof buf, "%dh%02d", h, mi);
	PROP(time_parse_hm(buf, &h2, &mi2) == 0 && h2 == h && mi2 == mi,
	    "time '%s': '%s' does not read back", s, buf);
}

static void
check_datetime(const char *s)
{
	time_t t, back;
	char iso[64], fr[96];

	if (time_parse_datetime(s, &t) < 0)
		return;
	PROP(t != (time_t)-1, "date-time '%s' gave no instant", s);
	/* Whatever the DST gap or repeat did, the instant written out reads
	 * back as itself. */
	time_fmt_iso(t, iso, sizeof iso);
	PROP(time_parse_datetime(iso, &back) == 0 && back == t,
	    "date-time '%s' = %lld, written '%s', reads back as %lld", s,
	    (long long)t, iso, (long long)back);
	time_fmt_date_fr(t, fr, sizeof fr);
	time_fmt_hour_fr(t, fr, sizeof fr);
	PROP(time_day_start(t, 0) <= t, "date-time '%s': day starts after it", s);
}

static void
check_range(const char *s)
{
	int a, b;

	if (time_parse_range(s, &a, &b) < 0)
		return;
	PROP(a >= 0 && a < 1440 && b >= 0 && b < 1440, "range '%s' gave %d-%d",
	    s, a, b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	char out[96];

	check_duration(s);
	check_date(s);
	check_hm(s);
	check_datetime(s);
	check_range(s);
	time_fmt_iso_day_fr(s, out, sizeof out);
	free(s);
	return 0;
}
