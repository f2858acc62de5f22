/*
 * screen_hours.h - [kiosk] screen_hours: when the screen is on.
 *
 *   screen_hours = lun-ven 08:30-12:00,13:30-17:00; sam 09:00-12:00
 *
 * Groups separated by ';', each a list of days (lun mar mer jeu ven sam
 * dim, or the full French names; a range "lun-ven" or a list
 * "lun,mer,ven") then a list of ranges HH:MM-HH:MM (or 8h30-12h; 24:00
 * ends the day).  A day named in no group has the screen off all day.
 * Empty or absent: always on.  Local time (the kiosk's TZ, Europe/Paris),
 * to the minute; a range cannot cross midnight (write two).  Outside the
 * hours the kiosk blanks its display (app/blank.h) once it is back on
 * home with nothing to forget, and a touch wakes it until the next idle
 * reset.
 */
#ifndef MSD_SCREEN_HOURS_H
#define MSD_SCREEN_HOURS_H

#include <stddef.h>
#include <time.h>

struct screen_hours {
	int set;			/* 0: always on */
	unsigned char on[7][1440 / 8];	/* [Monday..Sunday][minute] bits */
};

/* Parses s into h (NULL or blank: not set).  0, or -1 with why the text
 * is refused in why (the caller adds the file, line and key). */
int screen_hours_parse(const char *s, struct screen_hours *h, char *why,
    size_t n);

/* 1 when the screen should be on at t. */
int screen_hours_on(const struct screen_hours *h, time_t t);

/* The first whole minute after t when screen_hours_on() changes, or 0
 * when it never does (not set, or the same all week). */
time_t screen_hours_next(const struct screen_hours *h, time_t t);

#endif
