#include "timeutil.h"
#include "strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Zone names are paths under the tzdata directory: letters, digits and
 * "/_+-" only ("Europe/Paris", "Etc/GMT-1", "America/Port-au-Prince"). */
static int
zone_name_ok(const char *zone)
{
	if (zone == NULL || *zone == '\0' || zone[0] == '/' || strstr(zone, "..") ||
	    strlen(zone) > 200)
		return 0;
	for (const char *p = zone; *p; p++)
		if (!isalnum((unsigned char)*p) && strchr("/_+-", *p) == NULL)
			return 0;
	return 1;
}

int
tz_setup(const char *zone, err_t *e)
{
	char path[512], magic[4];
	const char *dir = getenv("TZDIR");
	struct stat st;
	ssize_t n;
	int fd;

	if (!zone_name_ok(zone))
		return err_set(e, "timezone '%s' is not a zone name like "
		    "Europe/Paris", zone ? zone : "");
	snprintf(path, sizeof path, "%s/%s", dir ? dir : "/usr/share/zoneinfo", zone);
	/* glibc reads a name it cannot load (a directory such as "Europe",
	 * a typo) as UTC without a word: open the file ourselves and check
	 * that it is tzdata (TZif). */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, "timezone %s: no tzdata at %s: %s (give a zone "
		    "like Europe/Paris; install the tzdata package)", zone, path,
		    strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int isdir = S_ISDIR(st.st_mode);

		close(fd);
		return err_set(e, "timezone %s: %s is %s, not a zone: give a zone "
		    "like Europe/Paris", zone, path, isdir ? "a directory of zones"
		    : "not a regular file");
	}
	n = read(fd, magic, sizeof magic);
	close(fd);
	if (n != (ssize_t)sizeof magic || memcmp(magic, "TZif", 4) != 0)
		return err_set(e, "timezone %s: %s is not a tzdata file (TZif): "
		    "give a zone like Europe/Paris", zone, path);
	setenv("TZ", zone, 1);
	tzset();
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dm[m - 1];
}

/* Reads 1..maxd digits. */
static int
num(const char **p, int maxd, int *out)
{
	int v = 0, n = 0;

	while (n < maxd && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n == 0)
		return -1;
	*out = v;
	return n;
}

int
time_parse_date(const char *s, int *y, int *m, int *d)
{
	const char *p = s;
	int a, b, c, na, nc;

	while (*p == ' ')
		p++;
	if ((na = num(&p, 4, &a)) < 0 || (*p != '-' && *p != '/' && *p != '.'))
		return -1;
	char sep = *p++;
	if (num(&p, 2, &b) < 0 || *p++ != sep || (nc = num(&p, 4, &c)) < 0)
		return -1;
	while (*p == ' ')
		p++;
	if (*p != '\0')
		return -1;
	if (na == 4) {			/* 2026-12-03 */
		*y = a; *m = b; *d = c;
		if (nc > 2)
			return -1;
	} else {			/* 03/12/2026 or 03/12/26 */
		if (nc == 2)
			c += 2000;
		else if (nc != 4)
			return -1;
		*y = c; *m = b; *d = a;
	}
	if (*y < 1970 || *y > 2200 || *m < 1 || *m > 12 || *d < 1 ||
	    *d > days_in_month(*y, *m))
		return -1;
	return 0;
}

int
time_parse_hm(const char *s, int *h, int *mi)
{
	const char *p = s;
	int sec;

	while (*p == ' ')
		p++;
	if (num(&p, 2, h) < 0)
		return -1;
	while (*p == ' ')
		p++;
	*mi = 0;
	if (*p == ':' || *p == 'h' || *p == 'H' || *p == '.') {
		p++;
		while (*p == ' ')
			p++;
		if (isdigit((unsigned char)*p)) {
			if (num(&p, 2, mi) != 2)
				return -1;
			if (*p == ':' && (p++, num(&p, 2, &sec) != 2 || sec > 59))
				return -1;
		} else if (p[-1] == ':' || p[-1] == '.')
			return -1;	/* "14:" is not a time, "14h" is */
	} else
		return -1;		/* "14" alone: hour or minutes? refuse */
	while (*p == ' ')
		p++;
	if (*p != '\0' || *h > 23 || *mi > 59)
		return -1;
	return 0;
}

time_t
time_from_local(int y, int m, int d, int h, int mi)
{
	struct tm tm = { 0 };
	time_t t;

	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	/* glibc reads a skipped time (02:30 on the last Sunday of March) as
	 * standard time, which lands after the gap: 03:30 summer time. */
	t = mktime(&tm);
	return t;
}

int
time_parse_datetime(const char *s, time_t *out)
{
	/* The whole text, however long: junk after the time is refused,
	 * not cut off by a fixed buffer. */
	char *buf = xstrdup(s), *sp;
	int y, m, d, h, mi, rc = -1;

	sp = strpbrk(buf, " T");
	if (sp != NULL) {
		*sp = '\0';
		if (time_parse_date(buf, &y, &m, &d) == 0 &&
		    time_parse_hm(sp + 1, &h, &mi) == 0) {
			*out = time_from_local(y, m, d, h, mi);
			rc = 0;
		}
	}
	free(buf);
	return rc;
}

void
time_fmt_iso(time_t t, char *out, size_t n)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%d %H:%M", &tm);
}

void
time_fmt_day(time_t t, char *out, size_t n)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%d", &tm);
}

static const char *const months_fr[] = { "janvier", "février", "mars",
    "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre" };

void
time_fmt_day_fr(int y, int m, int d, char *out, size_t n)
{
	snprintf(out, n, "%d%s %s %d", d, d == 1 ? "er" : "",
	    months_fr[(m - 1) % 12], y);
}

void
time_fmt_iso_day_fr(const char *iso, char *out, size_t n)
{
	int y, m, d;

	if (time_parse_date(iso, &y, &m, &d) == 0)
		time_fmt_day_fr(y, m, d, out, n);
	else
		snprintf(out, n, "%s", iso);
}

void
time_fmt_date_fr(time_t t, char *out, size_t n)
{
	static const char *const days[] = { "dimanche", "lundi", "mardi",
	    "mercredi", "jeudi", "vendredi", "samedi" };
	struct tm tm;

	localtime_r(&t, &tm);
	snprintf(out, n, "%s %d%s %s", days[tm.tm_wday], tm.tm_mday,
	    tm.tm_mday == 1 ? "er" : "", months_fr[tm.tm_mon]);
}

void
time_fmt_hour_fr(time_t t, char *out, size_t n)
{
	struct tm tm;

	localtime_r(&t, &tm);
	if (tm.tm_min == 0)
		snprintf(out, n, "%d h", tm.tm_hour);
	else
		snprintf(out, n, "%d h %02d", tm.tm_hour, tm.tm_min);
}

/* Adds v units of unit seconds to *total; -1 past TIME_DURATION_MAX
 * (checked before multiplying: "9999999999999999h" must not wrap). */
static int
add_units(long *total, long v, long unit)
{
	if (v > TIME_DURATION_MAX / unit || *total > TIME_DURATION_MAX - v * unit)
		return -1;
	*total += v * unit;
	return 0;
}

int
time_parse_duration(const char *s, long *secs)
{
	const char *p = s;
	long total = 0;
	int any = 0;

	while (*p) {
		char *end;
		long v, unit;

		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		/* Digits only: strtol would take a sign or spaces. */
		if (!isdigit((unsigned char)*p))
			return -1;
		errno = 0;
		v = strtol(p, &end, 10);
		if (end == p || errno || v < 0)
			return -1;
		p = end;
		while (*p == ' ')
			p++;
		if (*p == '\0') {
			/* "1h30": a bare number after hours is minutes. */
			if (add_units(&total, v, (any && p[-1] != ' ') ? 60 : 1) < 0)
				return -1;
			any = 1;
			break;
		}
		if (strncmp(p, "min", 3) == 0) {
			unit = 60; p += 3;
		} else if (*p == 'm') {
			unit = 60; p++;
		} else if (*p == 'h' || *p == 'H') {
			unit = 3600; p++;
		} else if (*p == 'd' || *p == 'j') {
			unit = 86400; p++;
		} else if (*p == 's') {
			unit = 1; p++;
		} else
			return -1;
		if (add_units(&total, v, unit) < 0)
			return -1;
		any = 1;
	}
	if (!any)
		return -1;
	*secs = total;
	return 0;
}

int
time_parse_range(const char *s, int *start_min, int *end_min)
{
	char a[32], b[32];
	const char *dash = strchr(s, '-');
	int h, m;

	if (dash == NULL || (size_t)(dash - s) >= sizeof a)
		return -1;
	snprintf(a, sizeof a, "%.*s", (int)(dash - s), s);
	snprintf(b, sizeof b, "%s", dash + 1);
	if (time_parse_hm(a, &h, &m) < 0)
		return -1;
	*start_min = h * 60 + m;
	if (time_parse_hm(b, &h, &m) < 0)
		return -1;
	*end_min = h * 60 + m;
	return 0;
}

time_t
time_day_start(time_t t, int days)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return time_from_local(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday + days, 0, 0);
}

double
time_mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
