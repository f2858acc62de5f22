/*
 * settings.h - the daemon's configuration (reminderd.ini), checked once.
 *
 * Everything the daemon needs from the config is read here into plain
 * values, with defaults and with a message naming FILE:LINE for a bad
 * value, so that the rest of the code never parses a string.
 */
#ifndef MSD_SETTINGS_H
#define MSD_SETTINGS_H

#include "config.h"
#include "err.h"

/* A handful of reminders per appointment is plenty; more is refused
 * with a message, never cut. */
#define MAX_OFFSETS 8
/* Each offset is from 1 minute to 30 days before the appointment. */
#define OFFSET_MIN 60L
#define OFFSET_MAX (30L * 86400)

struct msd_conf {
	char *code, *name, *phone, *template;
	char *relance_template;		/* "" = no relance from this MSD */
	char *reply_answer;		/* the automatic answer to a reply that
					 * staff follow up; "" = none (default) */
};

struct settings {
	char *db_path;
	long offsets[MAX_OFFSETS];	/* seconds before the appointment, descending */
	int noffsets;
	int quiet_start, quiet_end;	/* minutes after midnight */
	int sundays;			/* 1 = may send on Sundays (default 0) */
	long min_notice;		/* seconds, 0 to 7 days */
	long retention_days;
	char *timezone;
	int transliterate;
	double rate;			/* messages per second, 0 = no limit */
	long retry_base, retry_max;	/* seconds */
	long import_max_mb;		/* [import] max_file_mb: larger CSV refused */
	char *health_file;		/* [health] file: figures for monitoring, "" = none */
	long health_interval_s;		/* [health] interval_s: at most this often */
	long relance_within;		/* seconds after a missed appointment
					 * during which its relance may go */
	struct msd_conf *msds;
	int nmsds, capmsds;
};

/* Reads and checks everything; -1 + message on the first bad value.
 * Refuses, rather than guess, a config without [database] path or
 * [gateway] type, a timezone that is not a tzdata zone, and durations
 * or numbers out of their ranges: offsets 1min..30d, min_notice 0..7d,
 * retention_days 1..3650, rate 0..100000, retry_base_s 1..86400,
 * retry_max_s retry_base_s..7 days, relance_within 1h..30d. */
int settings_load(const config *cfg, struct settings *s, err_t *e);
void settings_free(struct settings *s);

/* The MSD with that code, or NULL. */
const struct msd_conf *settings_msd(const struct settings *s, const char *code);

/* The default templates of the reminder and of the relance (see
 * dist/reminderd.ini). */
extern const char settings_default_template[];
extern const char settings_default_relance[];

#endif
