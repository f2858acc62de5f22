/*
 * importer.h - appointments in, from the MSD agenda's CSV export.
 *
 * All or nothing: every bad row is reported as FILE:LINE: reason, and
 * only a file with no bad row is kept.  The file is streamed (csvread.h):
 * each good row is written as it is read, in one transaction that a bad
 * row rolls back at the end, so that memory does not grow with the file;
 * what finds a key given twice lives in SQLite's temporary store, on
 * disk (the database's write lock is held for the whole reading).
 * Re-importing the same file changes nothing; a changed date or time
 * reschedules; statut = annulé cancels; statut = absent on a past
 * appointment plans its relance (followup.h), venu records that the
 * person came.
 *
 * path is a regular file, or "-" for standard input, of at most
 * [import] max_file_mb; what else the file must be (one encoding, text
 * only, each column once) is csvread.h's.  Two columns for one field
 * ("telephone" and "portable") are refused too: which to use is a guess.
 */
#ifndef MSD_IMPORTER_H
#define MSD_IMPORTER_H

#include <sqlite3.h>
#include <stdio.h>
#include <time.h>

#include "settings.h"

struct import_stats {
	long rows, added, changed, cancelled, unchanged, past;
	long no_mobile, refused;
	long relances;		/* planned after a newly absent appointment */
};

/* Returns 0 on success, 2 on bad input (rows reported on errf), 1 on a
 * runtime failure (message on errf). */
int import_file(sqlite3 *db, const struct settings *s, const char *path,
    time_t now, struct import_stats *st, FILE *errf);

#endif
