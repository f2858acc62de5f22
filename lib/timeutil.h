/*
 * timeutil.h - local time for people in Savoie.
 *
 * All civil times are in one zone (Europe/Paris by default) set with
 * tz_setup(): mktime/localtime then do the DST arithmetic with the
 * system's tzdata, which knows 29 March and 25 October 2026.
 */
#ifndef MSD_TIMEUTIL_H
#define MSD_TIMEUTIL_H

#include <stddef.h>
#include <time.h>

#include "err.h"

/* Sets the process's zone.  Refuses a name that is not a tzdata file
 * (TZif) under $TZDIR or /usr/share/zoneinfo, such as "Europe" (a
 * directory) or a typo, since glibc would silently fall back to UTC and
 * send SMS an hour off. */
int tz_setup(const char *zone, err_t *e);

/* "2026-12-03", "03/12/2026", "3/12/2026", "03-12-2026", "03.12.2026".
 * 0 on success; -1 if not a real calendar day. */
int time_parse_date(const char *s, int *y, int *m, int *d);

/* "14:30", "14h30", "14 h 30", "14H30", "9h", "9 h", "09:05:00" (the
 * seconds, 00 to 59, are checked and dropped).  0 on success; -1
 * otherwise. */
int time_parse_hm(const char *s, int *h, int *mi);

/* "YYYY-MM-DD HH:MM" (any forms above, separated by space or 'T');
 * nothing may follow. */
int time_parse_datetime(const char *s, time_t *out);

/* The instant of a local civil time.  A time that does not exist (the
 * hour skipped in March) moves forward by the gap; an ambiguous one (the
 * hour repeated in October) takes the first. */
time_t time_from_local(int y, int m, int d, int h, int mi);

/* "2026-12-03 14:30" into out (at least 17 bytes). */
void time_fmt_iso(time_t t, char *out, size_t n);
/* "2026-12-03" into out. */
void time_fmt_day(time_t t, char *out, size_t n);

/* For people, FALC rule F5: "jeudi 3 décembre" and "14 h 30" / "9 h". */
void time_fmt_date_fr(time_t t, char *out, size_t n);
void time_fmt_hour_fr(time_t t, char *out, size_t n);
/* With the year, for what lasts (a page's reviewed-on date, paper):
 * "1er mars 2027".  The _iso form reads "2027-03-01" and copies any text
 * that is not such a date as it is. */
void time_fmt_day_fr(int y, int m, int d, char *out, size_t n);
void time_fmt_iso_day_fr(const char *iso, char *out, size_t n);

/* The longest duration time_parse_duration accepts: 10 years, far
 * beyond any setting, and far from overflowing a long. */
#define TIME_DURATION_MAX (3650L * 86400)

/* "48h", "2h", "90min", "1h30", "2j", "2d", "45s", "3600": seconds.
 * -1 for anything else, or more than TIME_DURATION_MAX. */
int time_parse_duration(const char *s, long *secs);

/* "20:00-08:30" -> minutes after midnight; start may exceed end (over
 * midnight). */
int time_parse_range(const char *s, int *start_min, int *end_min);

/* Local midnight of the day containing t, plus days. */
time_t time_day_start(time_t t, int days);

/* Seconds on the monotonic clock (never steps with the wall clock), for
 * intervals: rate limits, watchdog pings, how long since a file was
 * written. */
double time_mono_s(void);

#endif
