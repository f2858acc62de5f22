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

#define MAX_OFFSETS 8

struct msd_conf {
	char *code, *name, *phone, *template;
};

struct settings {
	char *db_path;
	long offsets[MAX_OFFSETS];	/* seconds before the appointment, descending */
	int noffsets;
	int quiet_start, quiet_end;	/* minutes after midnight */
	int sundays;			/* 1 = may send on Sundays (default 0) */
	long min_notice;		/* seconds */
	long retention_days;
	char *timezone;
	int transliterate;
	double rate;			/* messages per second, 0 = no limit */
	long retry_base, retry_max;	/* seconds */
	long import_max_mb;		/* [import] max_file_mb: larger CSV refused */
	struct msd_conf *msds;
	int nmsds;
};

/* Reads and checks everything; -1 + message on the first bad value. */
int settings_load(const config *cfg, struct settings *s, err_t *e);
void settings_free(struct settings *s);

/* The MSD with that code, or NULL. */
const struct msd_conf *settings_msd(const struct settings *s, const char *code);

/* The default template (see dist/reminderd.ini). */
extern const char settings_default_template[];

#endif
