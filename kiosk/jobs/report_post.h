/*
 * report_post.h - sends each complete day's figures to the Département,
 * in a background thread, when the network is there.
 *
 * With [report] url set, a thread PUTs every complete day (a day before
 * today, 5 minutes after midnight) that the statistics database holds
 * and has not yet delivered: one PUT per day, oldest first, to
 * URL/KIOSK_ID/YYYY-MM-DD.csv, the body being exactly `msd-kiosk stats
 * export --from DAY --to DAY` (CSV, UTF-8 with BOM, `;`, CRLF;
 * Content-Type: text/csv; charset=utf-8), with the headers X-MSD-Day:
 * YYYY-MM-DD and X-MSD-Kiosk: ID.  A PUT of a day replaces the file of
 * that day, so any WebDAV server (nginx's dav_methods PUT, Apache's
 * mod_dav: docs/statistics-server.md) is a receiver, and stats_merge.h
 * reads what it collected.  A day is marked sent (table sent_days) only after a
 * 2xx answer; any other answer or no answer stops the pass, and the next
 * one comes after a backoff (1 min, or the interval if shorter, doubled
 * each time, at most the interval); after a pass that delivered
 * everything, the next comes after the interval.  A day is delivered at
 * least once, and more than once only if the kiosk stops between the
 * server's 2xx and the mark (the second PUT replaces the first).  Days
 * wait as long as they are kept: an unsent day is purged only when it is
 * older than [stats] keep_days.
 *
 * The thread has its own SQLite connection (the UI thread's is never
 * shared) and holds no transaction while it talks to the network.
 *
 * Settings, [report] in the kiosk's config:
 *   url           the folder to PUT into (http or https, no '?'); unset
 *                 = no upload
 *   ca_file       CA bundle for a private CA; TLS is always verified
 *   interval_min  minutes between two passes (default 60); interval_s, in
 *                 seconds, overrides it (tests)
 *   timeout_s     the longest one PUT may take (default 30)
 *   kiosk_id      the kiosk's folder and X-MSD-Kiosk value (default
 *                 [kiosk] msd, else the host name); letters, digits, '.',
 *                 '_', '-'
 *   token_file    optional: a file (mode 0600/0400) holding a token sent
 *                 as "Authorization: Bearer TOKEN"
 */
#ifndef MSD_REPORT_POST_H
#define MSD_REPORT_POST_H

#include <time.h>

#include "config.h"
#include "err.h"

struct report_post;

struct report_post_status {
	int passes;			/* passes done since the start */
	int last_pass_ok;		/* the last pass delivered everything */
	int pending;			/* complete days left after it */
	char last_day_sent[16];		/* "" = none since the start */
	time_t last_ok;			/* end of the last good pass, 0 = never */
	char last_error[256];		/* "" = none */
};

/* Starts the thread on the statistics database stats_path (NULL: the
 * [stats] path of cfg), for the kiosk of MSD msd (app/settings.h: it names
 * the kiosk when [report] kiosk_id does not).  cfg may be freed
 * afterwards.  NULL with e->msg[0] == '\0' when [report] url is not set
 * (no upload wanted); NULL with a message on bad settings. */
struct report_post *report_post_start(const config *cfg, const char *msd,
    const char *stats_path, err_t *e);

/* A copy of the thread's status (for the staff menu, `stats send`). */
void report_post_get_status(struct report_post *r,
    struct report_post_status *out);

/* Stops the thread: a PUT in flight is abandoned (its day stays unsent
 * and goes again next time). */
void report_post_stop(struct report_post *r);

/* One pass, synchronously, in the calling thread (`stats send`): now is
 * the clock (0 = time(NULL)).  *sent and *left get the days delivered
 * and the complete days still to deliver.  Returns 0 (nothing left), 1
 * (a PUT or the database failed: message in e) or 2 (bad or missing
 * [report] settings: message in e). */
int report_post_once(const config *cfg, const char *msd,
    const char *stats_path, time_t now, int *sent, int *left, err_t *e);

/* 1 if s can name a kiosk in the upload's path ({url}/{kiosk_id}/...):
 * 1 to 64 letters, digits, '.', '_' or '-'.  stats merge reads the
 * folders by the same rule. */
int report_kiosk_id_valid(const char *s);

#endif
