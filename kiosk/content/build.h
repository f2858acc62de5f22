/*
 * build.h - `msd-kiosk content build`: sources that pass lint become a
 * content pack (schema/content.sql), written atomically.
 */
#ifndef MSD_BUILD_H
#define MSD_BUILD_H

#include "err.h"
#include "content/lint.h"

struct audio_opts;
struct audio_stats;

/* The default pack version: the local time as YYYYMMDDHHMM, so that a
 * later build is always newer (the sync only installs newer packs). */
long build_default_version(void);

/* Writes s, which lint_check() passed without error, as a pack at out:
 * a new SQLite file out.tmp.XXXXXX filled in one transaction, vacuumed,
 * read back with pack_open(), fsynced, then renamed onto out.  Nothing
 * is left behind on failure (out keeps its old content).  -1 + message. */
int build_pack(const content_src *s, const char *out, long version,
    err_t *e);

/* The same with the read-aloud audio (audio_build.h) when ao is not
 * NULL; ast then says what was made.  build_pack() writes none. */
int build_pack_audio(const content_src *s, const char *out, long version,
    const struct audio_opts *ao, struct audio_stats *ast, err_t *e);

#endif
