/*
 * stats_merge.h - every kiosk's days, as the web server collected them,
 * in one CSV for the Département's spreadsheet.
 *
 * The daily upload (report_post.h) PUTs each day to URL/KIOSK/DAY.csv,
 * so the server's folder holds DIR/KIOSK/YYYY-MM-DD.csv, one file a
 * kiosk and a day, each a `stats export` of that day.  The merge reads
 * them all (kiosks and days in name order, each file's rows as written)
 * and writes, atomically, the rows of all of them with the kiosk first:
 *
 *   borne;jour;type;element;nombre
 *
 * as every CSV of the project is written (csvwrite.h: UTF-8 with BOM,
 * `;`, CRLF, a formula never).  A file must be what a kiosk sent: the
 * header jour;type;element;nombre, every row of the file's own day, a
 * count that is a positive whole number; anything else stops the merge
 * with FILE:LINE and no output is written.  Entries that are not
 * KIOSK/YYYY-MM-DD.csv (a server's temporary file, a README, a link)
 * are left out and named in the notes.
 */
#ifndef MSD_STATS_MERGE_H
#define MSD_STATS_MERGE_H

#include "err.h"
#include "strbuf.h"

struct stats_merge_result {
	long rows;		/* data rows written */
	int kiosks;		/* kiosks with at least one day written */
	int days;		/* day files written */
	int found;		/* day files found, before from..to */
	int ignored;		/* entries left out */
	strbuf notes;		/* one line per entry left out */
};

/* Merges DIR into out; from and to (YYYY-MM-DD, inclusive; NULL: open)
 * keep the days between them.  0, or -1 + message (a folder or a file
 * that cannot be read or is not a kiosk's day, DIR holding no day at
 * all, out that cannot be written).  Free res with
 * stats_merge_result_free() in both cases. */
int stats_merge(const char *dir, const char *from, const char *to,
    const char *out, struct stats_merge_result *res, err_t *e);
void stats_merge_result_free(struct stats_merge_result *res);

#endif
