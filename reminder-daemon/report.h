/*
 * report.h - what staff and the Département read: status (the queue
 * now), report (per MSD and month, and the people to call), optout.
 */
#ifndef MSD_REPORT_H
#define MSD_REPORT_H

#include <sqlite3.h>
#include <stdio.h>
#include <time.h>

#include "settings.h"

/* Counts per state and per MSD, segments still to send.  Returns 0/1. */
int report_status(sqlite3 *db, const struct settings *s, time_t now, FILE *out);

enum report_form { REPORT_TEXT, REPORT_CALL_CSV, REPORT_STATS_CSV };

/* Per MSD and month of appointment, from..to (inclusive; 0 = open), as a
 * text table or as CSV (REPORT_STATS_CSV); or (REPORT_CALL_CSV) the
 * appointments whose reminder failed or that have no mobile number, for
 * staff to call.  CSV opens in a French spreadsheet: UTF-8 BOM, `;`. */
int report_period(sqlite3 *db, const struct settings *s, time_t from,
    time_t to, enum report_form form, FILE *out);

/* Adds e164 to the STOP list and cancels its pending reminders.
 * Returns the number cancelled, or -1. */
int report_optout(sqlite3 *db, const char *e164, time_t now, FILE *errf);

#endif
