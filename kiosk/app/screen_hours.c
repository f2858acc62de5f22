/*
 * screen_hours.c - [kiosk] screen_hours parsed into a week of minutes
 * (see screen_hours.h).
 */
#include "app/screen_hours.h"
#include "timeutil.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define WEEK_MIN	(7 * 1440)

static const char *const day_names[7][2] = {
	{ "lun", "lundi" }, { "mar", "mardi" }, { "mer", "mercredi" },
	{ "jeu", "jeudi" }, { "ven", "vendredi" }, { "sam", "samedi" },
	{ "dim", "dimanche" },
};

/* s[0..n) trimmed, into out (a bounded copy). */
static void
trimmed(const char *s, size_t n, char *out, size_t size)
{
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* Monday = 0 .. Sunday = 6, or -1. */
static int
day_index(const char *s)
{
	for (int i = 0; i < 7; i++)
		if (strcasecmp(s, day_names[i][0]) == 0 ||
		    strcasecmp(s, day_names[i][1]) == 0)
			return i;
	return -1;
}

/* "lun-ven,sam" into days[7].  -1 with why. */
static int
parse_days(const char *s, int days[7], char *why, size_t n)
{
	char item[64], a[32], b[32];
	const char *p = s;

	memset(days, 0, 7 * sizeof *days);
	if (*p == '\0') {
		snprintf(why, n, "no day before the hours: write for example "
		    "lun-ven 08:30-12:00");
		return -1;
	}
	while (*p) {
		size_t len = strcspn(p, ",");
		const char *dash;
		int from, to;

		trimmed(p, len, item, sizeof item);
		dash = strchr(item, '-');
		trimmed(item, dash ? (size_t)(dash - item) : strlen(item), a,
		    sizeof a);
		trimmed(dash ? dash + 1 : item, strlen(dash ? dash + 1 : item),
		    b, sizeof b);
		if ((from = day_index(a)) < 0 || (to = day_index(b)) < 0) {
			snprintf(why, n, "'%s' is not a day: write lun, mar, "
			    "mer, jeu, ven, sam or dim, or a range such as "
			    "lun-ven, before the hours", dash ? (from < 0 ? a :
			    b) : item);
			return -1;
		}
		/* sam-lun goes over the week-end. */
		for (int d = from;; d = (d + 1) % 7) {
			days[d] = 1;
			if (d == to)
				break;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* "08:30", "8h30", "24:00": minutes after midnight, or -1. */
static int
parse_time(const char *s)
{
	int h, m;

	if (strcmp(s, "24:00") == 0 || strcasecmp(s, "24h") == 0 ||
	    strcasecmp(s, "24h00") == 0)
		return 1440;
	return time_parse_hm(s, &h, &m) == 0 ? h * 60 + m : -1;
}

/* "08:30-12:00, 13:30-17:00" set on the minutes of days[].  -1, why. */
static int
parse_ranges(const char *s, const int days[7], struct screen_hours *h,
    char *why, size_t n)
{
	char item[64], a[32], b[32];
	const char *p = s;

	if (*p == '\0') {
		snprintf(why, n, "no hours after the days: write for example "
		    "lun-ven 08:30-12:00,13:30-17:00");
		return -1;
	}
	while (*p) {
		size_t len = strcspn(p, ",");
		const char *dash;
		int from, to;

		trimmed(p, len, item, sizeof item);
		if ((dash = strchr(item, '-')) == NULL) {
			snprintf(why, n, "'%s' is not a range of hours: write "
			    "08:30-12:00", item);
			return -1;
		}
		trimmed(item, (size_t)(dash - item), a, sizeof a);
		trimmed(dash + 1, strlen(dash + 1), b, sizeof b);
		from = parse_time(a);
		to = parse_time(b);
		if (from < 0 || from == 1440 || to < 0) {
			snprintf(why, n, "'%s': not a time (write 08:30 or 8h30)",
			    from < 0 || from == 1440 ? a : b);
			return -1;
		}
		if (to <= from) {
			snprintf(why, n, "'%s': the end is not after the start "
			    "(a range cannot cross midnight: write two, "
			    "20:00-24:00 and 00:00-06:00)", item);
			return -1;
		}
		for (int d = 0; d < 7; d++)
			for (int m = from; days[d] && m < to; m++)
				h->on[d][m / 8] |= (unsigned char)(1u << (m % 8));
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

int
screen_hours_parse(const char *s, struct screen_hours *h, char *why,
    size_t n)
{
	char group[512], days_s[512], hours[512];
	const char *p = s ? s : "";

	memset(h, 0, sizeof *h);
	while (*p) {
		size_t len = strcspn(p, ";");
		size_t sp;
		int days[7];

		trimmed(p, len, group, sizeof group);
		p += len;
		if (*p == ';')
			p++;
		if (group[0] == '\0')
			continue;
		/* The days, then the hours from the first digit ("lun, mer
		 * 8h-12h" as well as "lun,mer 08:00-12:00"). */
		sp = strcspn(group, "0123456789");
		trimmed(group + sp, strlen(group + sp), hours, sizeof hours);
		group[sp] = '\0';
		trimmed(group, sp, days_s, sizeof days_s);
		if (parse_days(days_s, days, why, n) < 0 ||
		    parse_ranges(hours, days, h, why, n) < 0)
			return -1;
		h->set = 1;
	}
	return 0;
}

int
screen_hours_on(const struct screen_hours *h, time_t t)
{
	struct tm tm;
	int d, m;

	if (!h->set)
		return 1;
	localtime_r(&t, &tm);
	d = (tm.tm_wday + 6) % 7;
	m = tm.tm_hour * 60 + tm.tm_min;
	return (h->on[d][m / 8] >> (m % 8)) & 1;
}

time_t
screen_hours_next(const struct screen_hours *h, time_t t)
{
	struct tm tm;
	int now;
	time_t c;

	if (!h->set)
		return 0;
	now = screen_hours_on(h, t);
	localtime_r(&t, &tm);
	/* Real minutes, not wall-clock ones: a DST change moves the wall
	 * clock under them and the bits are read for what it shows. */
	c = t - tm.tm_sec + 60;
	for (int i = 0; i < WEEK_MIN + 120; i++, c += 60)
		if (screen_hours_on(h, c) != now)
			return c;
	return 0;
}
