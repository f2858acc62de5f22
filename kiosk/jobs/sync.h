/*
 * sync.h - offline-first content updates, in a background thread.
 *
 * With [sync] url set, a thread polls the manifest (conditional GET),
 * verifies its ed25519 signature with [sync] public_key, downloads a newer
 * pack, checks its SHA-256, size, SQLite integrity and schema version, and
 * only then renames it over the kiosk's pack file (the previous one is
 * kept as PACK.prev).  The kiosk never waits for the network: it asks at
 * each return to home whether a new pack is in place, and reopens it then.
 * Status (pack version and date, last successful check, last error) is
 * also written to [sync] status_file for the IT team.
 */
#ifndef MSD_SYNC_H
#define MSD_SYNC_H

#include <time.h>

#include "config.h"
#include "err.h"

struct sync;

struct sync_status {
	long pack_version;
	char pack_built_at[32];
	time_t last_check_ok;		/* 0 = never */
	char last_error[256];		/* "" = none */
};

/* Starts the thread for the kiosk of MSD msd (app/settings.h; NULL: every
 * MSD).  Returns NULL with e->msg[0] == '\0' when [sync] url is not set
 * (no sync wanted), NULL with a message on bad settings. */
struct sync *sync_start(const config *cfg, const char *msd,
    const char *pack_path, long pack_version, const char *pack_built_at,
    err_t *e);

/* 1 once if a new verified pack has been renamed onto pack_path since the
 * last call.  The kiosk then reopens pack_path and calls sync_opened(). */
int sync_new_pack_ready(struct sync *s);

/* The kiosk's verdict on the new pack.  ok == 0: the previous pack is put
 * back onto pack_path and the error recorded (rollback). */
void sync_opened(struct sync *s, int ok, long version, const char *built_at,
    const char *error);

void sync_get_status(struct sync *s, struct sync_status *out);

/* Stops the thread (an interrupted download leaves only a temp file). */
void sync_stop(struct sync *s);

#endif
